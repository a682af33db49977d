"""Fuzzing the reporters: findings with arbitrary text in messages, hints, paths, record ids and clauses give
valid JSON that holds that text unchanged, SARIF valid against the official schema, and GitHub and text output
in which the Actions runner acts on no command but the ones sms means (actions_log models the runner). Then
the whole CLI, on both streams, with arbitrary text in a file name, a record and sms.yaml."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sms.cli import main
from sms.core.findings import ActiveWaiver, Finding, GateSettings, Location, Result, Severity, Waived
from sms.reporters.github import ANNOTATIONS_PER_LEVEL, COMMANDS, annotation_message
from sms.reporters.github import render as render_github
from sms.reporters.json_report import render as render_json
from sms.reporters.options import ReportOptions
from sms.reporters.sarif import render as render_sarif
from sms.reporters.text import render as render_text
from sms.rules.catalogue import all_rules
from tests.conftest import BASE, REPO_ROOT
from tests.fuzz.actions_log import acted_on
from tests.fuzz.conftest import FUZZ

RULES = all_rules()[:4]
SCHEMA = json.loads((REPO_ROOT / "tests" / "vendor" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
SARIF = jsonschema.Draft4Validator(SCHEMA)
HOSTILE = st.sampled_from(["::error file=a.yaml::Forged", "\n::warning::x", "##[error]Forged", " ::notice::x",
                           "\u3000::error::x", "#\u200b#[error]x", "::stop-commands::t", "\r::error::x", "%0A::x",
                           "\u202e", "\x1b[31m", "::endgroup::", "|", "<script>", "\\", "\u2028"])
text = st.lists(st.text() | HOSTILE, max_size=3).map("".join)
findings = st.builds(
    Finding,
    rule=st.sampled_from([rule.id for rule in all_rules()]),
    severity=st.sampled_from(list(Severity)),
    message=text,
    location=st.builds(Location, path=text, line=st.integers(1, 10**6), column=st.integers(1, 10**4)),
    record_id=st.none() | text,
    clauses=st.lists(st.text(max_size=8), max_size=3).map(tuple),
    hint=st.none() | text,
)
locations = st.builds(Location, path=text, line=st.integers(1, 10**6), column=st.integers(1, 10**4))
waived = st.builds(Waived, finding=findings, reason=text, approved_by=text, expires=st.dates(), location=locations)
RULE_IDS = [rule.id for rule in all_rules()]
settings_ = st.builds(  # rule ids are keys of sms.yaml's rules.severity: each once, either off or a level
    GateSettings, disabled=st.lists(st.sampled_from(RULE_IDS[::2]), max_size=3, unique=True).map(tuple),
    severities=st.lists(st.tuples(st.sampled_from(RULE_IDS[1::2]), st.sampled_from(["error", "warning", "info"])),
                        max_size=2, unique_by=lambda pair: pair[0]).map(tuple),
    waivers=st.lists(st.builds(ActiveWaiver, rule=st.sampled_from(RULE_IDS), target=text,
                               reason=text, approved_by=text, expires=st.dates()), max_size=2).map(tuple),
    governed_by=st.none() | text)
results = st.builds(Result, findings=st.lists(findings, max_size=25), records=st.integers(0, 10**6),
                    waived=st.lists(waived, max_size=3), settings=settings_)
options = st.builds(ReportOptions, quiet=st.booleans(), path_prefix=st.sampled_from(["", "sms", "a b/ü"]),
                    site_url=st.none() | st.just("https://sms.example.org"), rules=st.just(RULES))


@FUZZ
@given(result=results, quiet=st.booleans())
def test_json_holds_every_text_unchanged_and_commands_none(result: Result, quiet: bool) -> None:
    out = render_json(result, quiet)
    document = json.loads(out)
    shown = [f for f in result.sorted() if not quiet or f.severity is Severity.ERROR]
    assert [(f["message"], f["path"], f["hint"], f["record"]) for f in document["findings"]] == [
        (f.message, f.location.path, f.hint, f.record_id) for f in shown]
    assert acted_on(out) == []


@FUZZ
@given(result=results, report_options=options)
@example(result=Result([Finding("SMS001", Severity.ERROR, "m", Location("a.yaml"), clauses=("8.1", "8.1"))]),
         report_options=ReportOptions(rules=RULES))  # found by fuzzing: SARIF wants unique tags
def test_sarif_is_valid_and_commands_none(result: Result, report_options: ReportOptions) -> None:
    out = render_sarif(result, report_options)
    log = json.loads(out)
    assert [error.message for error in SARIF.iter_errors(log)] == []
    shown = [f for f in result.sorted() if not report_options.quiet or f.severity is Severity.ERROR]
    open_results = log["runs"][0]["results"][: len(shown)]  # waived findings follow, with their suppression
    assert [r["message"]["text"].split("\nhint: ")[0] for r in open_results] == [
        f.message.split("\nhint: ")[0] for f in shown]
    assert acted_on(out) == []


@FUZZ
@given(result=results, quiet=st.booleans())
@example(result=Result([Finding("SMS001", Severity.ERROR, "x ##[error]Forged", Location("::error::x.yaml"))]),
         quiet=False)  # found by fuzzing: the older `##[` syntax and a path at the start of a line
@example(result=Result([Finding("SMS001", Severity.ERROR, "m", Location("a.yaml"), clauses=("##[error",))]),
         quiet=False)  # found by fuzzing: clauses were printed unescaped
def test_text_output_holds_no_command(result: Result, quiet: bool) -> None:
    assert acted_on(render_text(result, quiet)) == []


@FUZZ
@given(result=results, report_options=options)
def test_github_output_acts_only_on_the_annotations_sms_means(result: Result, report_options: ReportOptions) -> None:
    commands = acted_on(render_github(result, report_options))
    shown = sorted((f for f in result.sorted() if not report_options.quiet or f.severity is Severity.ERROR),
                   key=lambda f: f.severity.rank)
    by_level = {severity: [f for f in shown if f.severity is severity] for severity in COMMANDS}
    overflow = any(len(items) > ANNOTATIONS_PER_LEVEL for items in by_level.values())
    expected: list[tuple[str, str, dict[str, str]]] = []
    for severity, items in by_level.items():
        cap = ANNOTATIONS_PER_LEVEL - (severity is Severity.INFO and overflow)
        expected += [(COMMANDS[severity], annotation_message(f, hint=not report_options.quiet), {
            key: value for key, value in (("file", report_options.repo_path(f.location.path)),
                                          ("line", str(f.location.line)), ("col", str(f.location.column)),
                                          ("title", f.rule)) if value}) for f in items[:cap]]  # 'file=' is dropped
    annotations = [(c.name, c.data, c.properties) for c in commands if c.name in ("error", "warning", "notice")]
    assert annotations[: len(expected)] == expected
    rest = [c.name for c in commands[len(expected):]]
    group = ["group", "stop-commands", commands[-2].name if len(commands) > 1 else "", "endgroup"] if shown else []
    assert rest == (["notice"] if overflow else []) + group
    if shown:
        assert commands[-2].name.startswith("sms-")  # the resume token, and nothing in between


# --- the whole CLI: both streams --------------------------------------------------------------------------

def _record(record_id: str) -> str:
    return ("apiVersion: sms/v1\nkind: change\nid: " + json.dumps(record_id, ensure_ascii=False) + "\n"
            "title: " + json.dumps(record_id, ensure_ascii=False) + "\n")


@pytest.fixture(scope="module")
def base_copy() -> Any:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


@settings(FUZZ, suppress_health_check=[*FUZZ.suppress_health_check, HealthCheck.function_scoped_fixture])
@given(value=text, where=st.sampled_from(["timezone", "file name", "record"]),
       fmt=st.sampled_from(["text", "github"]))
@example(value="Europe/Berlin ##[error]Forged", where="timezone", fmt="text")
@example(value="America", where="timezone", fmt="github")  # found by fuzzing: an OSError, exit 3
def test_the_cli_prints_no_command_on_either_stream(value: str, where: str, fmt: str, base_copy: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    root = base_copy / "sms"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(BASE, root)
    if where == "timezone":
        config = (root / "sms.yaml").read_text(encoding="utf-8")
        timezone = json.dumps(value, ensure_ascii=False)
        (root / "sms.yaml").write_text(f"{config}calendars:\n  default:\n    timezone: {timezone}\n", encoding="utf-8")
    elif where == "file name":
        name = value.replace("/", "_").replace("\x00", "_")[:200] or "_"
        try:
            (root / "records" / "changes").mkdir(parents=True, exist_ok=True)
            (root / "records" / "changes" / f"{name}.yaml").write_text(_record("CHG-0001"), encoding="utf-8")
        except (OSError, UnicodeEncodeError):  # not a name this file system takes
            return
    else:
        (root / "records" / "changes").mkdir(parents=True, exist_ok=True)
        (root / "records" / "changes" / "CHG-0001.yaml").write_text(_record(value), encoding="utf-8")
    capsys.readouterr()
    code = main(["check", "--base", "none", "--format", fmt, str(root)])
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), err
    assert acted_on(err) == []
    names = {command.name for command in acted_on(out)}
    assert names <= ({"error", "warning", "notice", "group", "stop-commands", "endgroup"} |
                     {name for name in names if name.startswith("sms-")} if fmt == "github" else set())
