"""Coverage findings (SMS501/SMS502) belong to the scope document and can be waived one clause at a time."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import BASE, CASES, SmsRunner

TODAY = "2026-11-25"
WAIVER = """rules:
  waivers:
    - rule: {rule}
      clause: '{clause}'
      reason: The communication plan is in review with the board.
      approved_by: b-approver
      expires: 2027-02-28
"""


def complete_sms(tmp_path: Path, *, without_plan: bool) -> Path:
    """The case tree that evidences every clause, optionally without its communication plan (a 7.4 gap)."""
    root = tmp_path / "sms"
    shutil.copytree(BASE, root)
    shutil.copytree(CASES / "_complete", root, dirs_exist_ok=True)
    if without_plan:
        (root / "policies/plans/PLN-0004.yaml").unlink()
    return root


def with_waiver(root: Path, rule: str, clause: str) -> None:
    config = root / "sms.yaml"
    config.write_text(config.read_text(encoding="utf-8") + WAIVER.format(rule=rule, clause=clause), encoding="utf-8")


def test_a_gap_names_the_scope_record_and_its_file(tmp_path: Path, sms: SmsRunner) -> None:
    root = complete_sms(tmp_path, without_plan=True)
    run = sms("check", "--format", "json", "--today", TODAY, "--base", "none", str(root))
    gaps = [f for f in run.json()["findings"] if f["rule"] == "SMS501"]
    assert [(f["path"], f["line"], f["record"], f["clauses"]) for f in gaps] == [
        ("policies/governance/SCP-0001.yaml", 4, "SCP-0001", ["7.4"])]


def test_a_clause_waiver_moves_the_gap_to_waived(tmp_path: Path, sms: SmsRunner) -> None:
    root = complete_sms(tmp_path, without_plan=True)
    with_waiver(root, "SMS501", "7.4")
    run = sms("check", "--format", "json", "--today", TODAY, "--base", "none", str(root))
    report = run.json()
    assert run.code == 0, report["findings"]
    assert [f["rule"] for f in report["findings"]] == []
    assert [(f["rule"], f["clauses"], f["record"]) for f in report["waived"]] == [("SMS501", ["7.4"], "SCP-0001")]
    text = sms("check", "--today", TODAY, "--base", "none", str(root))
    assert text.out.rstrip().endswith("0 errors, 0 warnings (1 waived in sms.yaml)")


def test_an_unused_clause_waiver_names_the_clause(tmp_path: Path, sms: SmsRunner) -> None:
    root = complete_sms(tmp_path, without_plan=False)
    with_waiver(root, "SMS501", "7.4")
    run = sms("check", "--today", TODAY, "--base", "none", str(root))
    assert "sms.yaml:9:7: warning SMS901 waiver of SMS501 for clause 7.4 matches no finding" in run.out


def test_a_waiver_for_a_clause_that_does_not_exist_is_a_config_error(tmp_path: Path, sms: SmsRunner) -> None:
    root = complete_sms(tmp_path, without_plan=True)
    with_waiver(root, "SMS501", "8.2.9")
    run = sms("check", "--today", TODAY, "--base", "none", str(root))
    assert run.code == 2
    assert run.err == ("sms: error: sms.yaml:10:7: rules.waivers.0.clause: clause '8.2.9' is not in "
                       "ISO/IEC 20000-1:2018 (`sms coverage` lists every clause)\n")


def test_a_clause_waiver_for_a_rule_not_about_clauses_is_a_config_error(tmp_path: Path, sms: SmsRunner) -> None:
    root = complete_sms(tmp_path, without_plan=True)
    with_waiver(root, "SMS101", "7.5.1")
    run = sms("check", "--today", TODAY, "--base", "none", str(root))
    assert run.code == 2
    assert run.err.startswith("sms: error: sms.yaml:10:7: waivers[0]: SMS101 findings are not about one clause; "
                              "only SMS501, SMS502 and SMS505 can be waived per clause")
    assert run.err.count("\n") <= 2
