"""Findings per rule are bounded (issue 15 §7): 300 records with a dangling reference give 300 SMS101 errors;
every format lists the first 200 (limits.max_findings_per_rule) in sorted order and one line counting the rest,
while the exit code and the counts keep all 300. A pull request may lower the limit, never raise it. The same 300
waived by one path waiver: JSON and SARIF list 200 waived findings and one line counting the rest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import BASE, REPO_ROOT, SmsRunner, commit_all, git_init

TODAY = "2026-06-01"
FLOOD = 300
LINE_200 = "SMS101: 100 more findings not shown (limits.max_findings_per_rule = 200)"
SARIF_SCHEMA = REPO_ROOT / "tests" / "vendor" / "sarif-schema-2.1.0.json"


def person(number: int) -> str:
    return (f"# yaml-language-server: $schema=../../schemas/person.schema.json\napiVersion: sms/v1\nkind: person\n"
            f"id: p-{number:03d}\ntitle: Person {number}\nowner: sms-manager\n"
            "roles:\n  - role: no-such-role\n    since: 2025-01-01\n")


@pytest.fixture
def flooded(tmp_path: Path) -> Path:
    root = tmp_path / "sms"
    shutil.copytree(BASE, root)
    for number in range(1, FLOOD + 1):
        (root / f"records/people/p-{number:03d}.yaml").write_text(person(number), encoding="utf-8")
    return root


SHOWN = [f"records/people/p-{number:03d}.yaml" for number in range(1, 201)]
"""The first 200 in sorted order."""


def sarif_run(sms: SmsRunner, root: Path, tmp_path: Path, code: int) -> dict[str, Any]:
    """`sms check --format sarif` on root: the exit code, the log valid against the SARIF 2.1.0 schema; its run."""
    out = tmp_path / "sms.sarif"
    assert sms("check", "--today", TODAY, "--format", "sarif", "--output", str(out), str(root)).code == code
    log = json.loads(out.read_text(encoding="utf-8"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [error.message for error in validator.iter_errors(log)] == []
    run: dict[str, Any] = log["runs"][0]
    return run


def test_text_lists_200_of_a_rule_then_one_line(flooded: Path, sms: SmsRunner) -> None:
    run = sms("check", "--today", TODAY, str(flooded))
    assert run.code == 1
    lines = run.out.splitlines()
    listed = [line.split(":")[0] for line in lines if " SMS101 " in line]
    assert listed == SHOWN
    assert lines.count(LINE_200) == 1
    assert lines[-1] == f"{FLOOD + 3} records checked: {FLOOD} errors, 0 warnings"


def test_json_lists_200_and_counts_all(flooded: Path, sms: SmsRunner) -> None:
    run = sms("check", "--today", TODAY, "--format", "json", str(flooded))
    assert run.code == 1
    report = run.json()
    listed = [f["path"] for f in report["findings"] if f["rule"] == "SMS101"]
    assert listed == SHOWN
    assert report["omitted"] == [{"rule": "SMS101", "severity": "error", "count": 100, "limit": 200,
                                  "message": LINE_200}]
    assert report["summary"]["errors"] == FLOOD


def test_sarif_lists_200_and_one_notification_and_stays_valid(flooded: Path, sms: SmsRunner,
                                                              tmp_path: Path) -> None:
    run_ = sarif_run(sms, flooded, tmp_path, code=1)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run_["results"]
            if r["ruleId"] == "SMS101"]
    assert uris == SHOWN
    notifications = run_["invocations"][0]["toolExecutionNotifications"]
    assert [(n["associatedRule"]["id"], n["message"]["text"]) for n in notifications] == [("SMS101", LINE_200)]
    assert run_["properties"]["omitted"][0]["count"] == 100


def test_github_lists_200_in_the_log_and_the_summary(flooded: Path, sms: SmsRunner, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run = sms("check", "--today", TODAY, "--format", "github", str(flooded))
    assert run.code == 1
    lines = run.out.splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert sum(" SMS101 " in line and not line.startswith("::") for line in lines) == 200
    assert lines.count(LINE_200) == 1
    text = summary.read_text(encoding="utf-8")
    assert text.count("| SMS101 |") == 200
    assert text.count("SMS101\\: 100 more findings not shown") == 1
    assert f"{FLOOD} errors" in text


def test_a_pr_raising_the_limit_is_judged_with_the_base_value(flooded: Path, sms: SmsRunner) -> None:
    repo = git_init(flooded)
    commit_all(repo, "base")
    repo.git.checkout("-q", "-b", "pr")
    config = flooded / "sms.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "limits:\n  max_findings_per_rule: 100000\n",
                      encoding="utf-8")
    run = sms("check", "--today", TODAY, "--format", "json", "--base", "main", str(flooded))
    assert run.code == 1
    report = run.json()
    assert len([f for f in report["findings"] if f["rule"] == "SMS101"]) == 200
    assert report["omitted"][0]["message"] == LINE_200
    assert [f["path"] for f in report["findings"] if f["rule"] == "SMS905"] == ["sms.yaml"]


# --- waived findings: capped the same way ----------------------------------------------------------------------

WAIVED_200 = "SMS101: 100 more waived findings not shown (limits.max_findings_per_rule = 200)"
PATH_WAIVER = """\
  waivers:  # under the base's `rules:`
    - rule: SMS101
      path: records/people/p-*.yaml
      reason: The people register is being moved into the HR system this quarter.
      approved_by: b-approver
      expires: 2027-01-31
"""


@pytest.fixture
def waived(flooded: Path) -> Path:
    """The 300 SMS101 findings, all waived by one waiver for a whole path."""
    config = flooded / "sms.yaml"
    config.write_text(config.read_text(encoding="utf-8") + PATH_WAIVER, encoding="utf-8")
    return flooded


def test_json_lists_200_waived_and_counts_all(waived: Path, sms: SmsRunner) -> None:
    run = sms("check", "--today", TODAY, "--format", "json", str(waived))
    assert run.code == 0
    report = run.json()
    assert [w["path"] for w in report["waived"]] == SHOWN
    assert report["waived_omitted"] == [{"rule": "SMS101", "severity": "error", "count": 100, "limit": 200,
                                         "message": WAIVED_200}]
    assert report["findings"] == [] and report["omitted"] == []
    assert report["summary"]["waived"] == FLOOD


def test_sarif_lists_200_suppressed_and_one_note_and_stays_valid(waived: Path, sms: SmsRunner,
                                                                 tmp_path: Path) -> None:
    run_ = sarif_run(sms, waived, tmp_path, code=0)
    suppressed = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run_["results"]
                  if r.get("suppressions")]
    assert suppressed == SHOWN and len(run_["results"]) == 200
    notifications = run_["invocations"][0]["toolExecutionNotifications"]
    assert [(n["level"], n["associatedRule"]["id"], n["message"]["text"]) for n in notifications] == [
        ("note", "SMS101", WAIVED_200)]
    assert run_["properties"]["waived"] == FLOOD and run_["properties"]["waived_omitted"][0]["count"] == 100


def test_text_and_github_count_waived_findings_without_listing_them(waived: Path, sms: SmsRunner, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Text and GitHub never listed waived findings one by one (only the count and the waiver itself), so a
    waiver covering a whole path cannot flood them either."""
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    text = sms("check", "--today", TODAY, str(waived))
    github = sms("check", "--today", TODAY, "--format", "github", str(waived))
    for run in (text, github):
        assert run.code == 0
        assert "SMS101" not in run.out.replace("waiver: SMS101 for records/people/p-*.yaml", "")
        assert run.out.splitlines()[-1] == f"{FLOOD + 3} records checked: 0 errors, 0 warnings (300 waived in sms.yaml)"
    assert f"{FLOOD} findings waived in sms.yaml." in summary.read_text(encoding="utf-8")
    assert "| SMS101 |" not in summary.read_text(encoding="utf-8")


@pytest.mark.parametrize(("waivers", "listed", "omitted", "counted"),
                         [("", "findings", "omitted", "errors"), (PATH_WAIVER, "waived", "waived_omitted", "waived")])
def test_a_lower_limit_lists_fewer(flooded: Path, sms: SmsRunner, waivers: str, listed: str, omitted: str,
                                   counted: str) -> None:
    config = flooded / "sms.yaml"
    config.write_text(config.read_text(encoding="utf-8") + waivers + "limits:\n  max_findings_per_rule: 20\n",
                      encoding="utf-8")
    report = sms("check", "--today", TODAY, "--format", "json", str(flooded)).json()
    assert len(report[listed]) == 20
    assert report[omitted][0]["count"] == 280 and report["summary"][counted] == FLOOD
