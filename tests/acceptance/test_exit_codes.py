"""Exit codes a CI job can rely on: 0 clean, 1 findings, 2 bad input or usage, 3 a bug in sms."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sms.check import engine
from tests.conftest import SmsRunner


def _crash(*_args: object, **_kwargs: object) -> Iterator[None]:
    raise ZeroDivisionError("boom")


def test_a_bug_exits_three_with_one_line(base_sms: Path, sms: SmsRunner,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SMS_DEBUG", raising=False)
    monkeypatch.setattr(engine, "check_root", _crash)
    run = sms("check", "--base", "none", str(base_sms))
    assert run.code == 3
    assert run.out == ""
    assert run.err.count("\n") == 1 and "Traceback" not in run.err
    assert run.err.startswith("sms: internal error: ZeroDivisionError: boom")
    assert "please report it" in run.err and "SMS_DEBUG=1" in run.err


def test_a_bug_shows_its_traceback_with_sms_debug(base_sms: Path, sms: SmsRunner,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMS_DEBUG", "1")
    monkeypatch.setattr(engine, "check_root", _crash)
    with pytest.raises(ZeroDivisionError):
        sms("check", "--base", "none", str(base_sms))


def test_clean_findings_and_bad_input_exit_zero_one_two(base_sms: Path, sms: SmsRunner) -> None:
    assert sms("check", "--base", "none", str(base_sms)).code == 0
    assert sms("check", "--format", "xml", str(base_sms)).code == 2
    (base_sms / "records/changes").mkdir(parents=True, exist_ok=True)
    (base_sms / "records/changes/CHG-0099.yaml").write_text("apiVersion: sms/v1\nkind: change\nid: CHG-0099\n")
    assert sms("check", "--base", "none", str(base_sms)).code == 1
    (base_sms / "records/changes/CHG-0099.yaml").unlink()
    (base_sms / "sms.yaml").write_text((base_sms / "sms.yaml").read_text() + "bogus: [\n")
    broken = sms("check", "--base", "none", str(base_sms))
    assert broken.code == 2 and broken.err.startswith("sms: error: sms.yaml:")
    assert "--help" not in broken.err


def test_help_states_the_exit_codes(sms: SmsRunner) -> None:
    run = sms("--help")
    assert run.code == 0
    assert "3 internal error" in " ".join(run.out.split())

