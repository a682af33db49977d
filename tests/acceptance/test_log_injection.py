"""Nothing sms prints can forge a GitHub workflow command or drive a terminal: values from files (sms.yaml,
record text, file names) are shown with their control characters escaped, on stdout and stderr alike."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import SmsRunner, write_tree

FORGED = "::error file=records/x.yaml::Forged finding"
COMMAND_LINE = re.compile(r"^\s*::", re.M)


def _lines_are_safe(text: str) -> None:
    assert not COMMAND_LINE.search(text), text
    assert "##[" not in text, text  # the runner's older syntax, acted on anywhere in a line
    assert "\x1b" not in text and "\r" not in text


def test_a_fatal_sms_yaml_error_does_not_echo_a_command(base_sms: Path, sms: SmsRunner) -> None:
    config = (base_sms / "sms.yaml").read_text()
    hostile = f'"Europe/Berlin\\n{FORGED}\\n::stop-commands::x\\u001b[31m"'
    (base_sms / "sms.yaml").write_text(config + f"calendars:\n  default:\n    timezone: {hostile}\n")
    run = sms("check", "--base", "none", str(base_sms))
    assert run.code == 2
    assert run.err.startswith("sms: error: sms.yaml:")
    assert "Europe/Berlin\\n::error file=records/x.yaml::Forged finding\\n::stop-commands::x\\x1b[31m" in run.err
    _lines_are_safe(run.err)


def test_a_hostile_file_name_stays_on_its_line_in_text_format(base_sms: Path, sms: SmsRunner) -> None:
    name = f"CHG-0017\n{FORGED}\n.yaml"
    write_tree(base_sms, {f"records/changes/{name}": "apiVersion: sms/v1\nkind: change\nid: CHG-0017\n"})
    run = sms("check", "--format", "text", "--base", "none", str(base_sms))
    assert run.code == 1
    assert "records/changes/CHG-0017\\n::error file=records/x.yaml::Forged finding\\n.yaml:" in run.out
    _lines_are_safe(run.out)
    _lines_are_safe(run.err)


def test_record_text_in_messages_and_hints_is_escaped(base_sms: Path, sms: SmsRunner) -> None:
    write_tree(base_sms, {"records/changes/CHG-0018.yaml": "apiVersion: sms/v1\nkind: change\n"
                                                            'id: "CHG-0018\\r\\n::warning::x\\u202e"\n'})
    run = sms("check", "--format", "text", "--base", "none", str(base_sms))
    assert run.code == 1
    assert "CHG-0018\\r\\n::warning::x\\u202e" in run.out
    assert "\u202e" not in run.out
    _lines_are_safe(run.out)


def test_the_older_command_syntax_is_shown_not_obeyed_on_either_stream(base_sms: Path, sms: SmsRunner) -> None:
    """`##[error]text` is a workflow command wherever it stands in a line (found by tests/fuzz)."""
    config = (base_sms / "sms.yaml").read_text()
    (base_sms / "sms.yaml").write_text(config + 'calendars:\n  default:\n    timezone: "Europe/Berlin ##[error]F"\n')
    run = sms("check", "--base", "none", str(base_sms))
    assert run.code == 2
    assert "Europe/Berlin #\\x23[error]F" in run.err
    _lines_are_safe(run.err)


def test_invisible_characters_and_a_leading_command_are_shown(base_sms: Path, sms: SmsRunner) -> None:
    write_tree(base_sms, {"records/changes/CHG-0019.yaml": "apiVersion: sms/v1\nkind: change\n"
                                                            'id: "CHG-0019 #\\u200b#[error]x ##[warning]y"\n'})
    for fmt in ("text", "json", "sarif"):
        run = sms("check", "--format", fmt, "--base", "none", str(base_sms))
        assert run.code == 1
        _lines_are_safe(run.out)
    run = sms("check", "--format", "text", "--base", "none", str(base_sms))
    assert "CHG-0019 #\\u200b#[error]x #\\x23[warning]y" in run.out
    assert sms("check", "--format", "json", "--base", "none", str(base_sms)).json()["findings"]


def test_sms_trace_shows_escape_sequences_and_bidi_overrides_in_titles(base_sms: Path, sms: SmsRunner) -> None:
    """Issue 15 §10: `sms trace` printed a title's terminal escapes and bidi overrides raw."""
    person = base_sms / "records/people/a-author.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace(
        "title: Ada Author", 'title: "Ada \\e]0;owned\\a\\e[31mAuthor\\u202e\\n::error::x"'), encoding="utf-8")
    run = sms("trace", "--root", str(base_sms), "sms-manager")
    assert run.code == 0, run.err
    assert "    owner: a-author (person) Ada \\x1b]0;owned\\x07\\x1b[31mAuthor\\u202e\\n::error::x\n" in run.out
    assert "\u202e" not in run.out and "\x07" not in run.out
    _lines_are_safe(run.out)
