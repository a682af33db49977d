"""Waived findings in each report: SARIF keeps them as results with an external, accepted suppression (the
waiver's reason, approver and line in sms.yaml), JSON lists them with their waiver, and the text and GitHub
formats show only the count."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import REPO_ROOT, SmsRunner, write_tree

SARIF_SCHEMA = REPO_ROOT / "tests" / "vendor" / "sarif-schema-2.1.0.json"
TODAY = "2026-06-01"
CHANGE = """\
    # yaml-language-server: $schema=../../schemas/change.schema.json
    apiVersion: sms/v1
    kind: change
    id: CHG-0001
    title: Rotate the TLS certificates
    owner: sms-manager
    type: normal
    status: draft
    history:
      - status: draft
        at: 2026-03-02T09:30:00Z
        by: a-author
    requested_by: a-author
    reason: The certificates expire on 2026-04-01.
    description: Replace the certificates on both load balancers.
    links:
      services: [SVC-0404]
    """
OPEN = """\
    # yaml-language-server: $schema=../../schemas/change.schema.json
    apiVersion: sms/v1
    kind: change
    id: CHG-0002
    title: Add a replica
    owner: sms-manager
    type: normal
    status: draft
    history:
      - status: draft
        at: 2026-03-02T09:30:00Z
        by: a-author
    requested_by: a-author
    reason: Reads outgrow the primary.
    description: Add a read replica.
    links:
      services: [SVC-0405]
    """
WAIVER = """\
  waivers:  # under the base's `rules:`
    - rule: SMS101
      record: CHG-0001
      reason: SVC-0404 is being migrated into the catalogue this quarter.
      approved_by: b-approver
      expires: 2027-01-31
"""


@pytest.fixture(autouse=True)
def no_github_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("GITHUB_"):
            monkeypatch.delenv(name)


@pytest.fixture
def waived_sms(base_sms: Path) -> Path:
    write_tree(base_sms, {"records/changes/CHG-0001.yaml": CHANGE, "records/changes/CHG-0002.yaml": OPEN})
    config = base_sms / "sms.yaml"
    config.write_text(config.read_text(encoding="utf-8") + WAIVER, encoding="utf-8")
    return base_sms


def sarif_results(sms: SmsRunner, root: Path) -> list[dict[str, Any]]:
    run = sms("check", "--today", TODAY, "--format", "sarif", str(root))
    assert run.code == 1
    log = json.loads(run.out)
    validator = jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")),
                                           format_checker=jsonschema.FormatChecker())
    assert [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)] == []
    return list(log["runs"][0]["results"])


def waiver_line(root: Path) -> int:
    lines = (root / "sms.yaml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.strip() == "- rule: SMS101")


def test_sarif_keeps_a_waived_finding_with_its_suppression(waived_sms: Path, sms: SmsRunner) -> None:
    results = sarif_results(sms, waived_sms)
    by_record = {r["properties"]["recordId"]: r for r in results}
    assert set(by_record) == {"CHG-0001", "CHG-0002"}
    assert "suppressions" not in by_record["CHG-0002"]
    waived = by_record["CHG-0001"]
    assert waived["ruleId"] == "SMS101" and waived["level"] == "error"
    assert waived["suppressions"] == [{
        "kind": "external",
        "status": "accepted",
        "justification": "SVC-0404 is being migrated into the catalogue this quarter. (approved by b-approver, "
                         "until 2027-01-31)",
        "location": {"physicalLocation": {"artifactLocation": {"uri": "sms.yaml", "uriBaseId": "%SRCROOT%"},
                                          "region": {"startLine": waiver_line(waived_sms), "startColumn": 7}}},
        "properties": {"approvedBy": "b-approver", "expires": "2027-01-31"},
    }]


def test_a_finding_keeps_its_fingerprint_when_it_is_waived(waived_sms: Path, sms: SmsRunner) -> None:
    def fingerprint(results: list[dict[str, Any]]) -> str:
        (found,) = [r for r in results if r["properties"]["recordId"] == "CHG-0001"]
        return str(found["partialFingerprints"]["smsFindingHash/v1"])

    waived = fingerprint(sarif_results(sms, waived_sms))
    config = waived_sms / "sms.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(WAIVER, ""), encoding="utf-8")
    assert fingerprint(sarif_results(sms, waived_sms)) == waived  # code scanning closes the alert it knew


def test_json_lists_the_waived_finding_with_its_waiver(waived_sms: Path, sms: SmsRunner) -> None:
    report = sms("check", "--today", TODAY, "--format", "json", str(waived_sms)).json()
    assert [f["record"] for f in report["findings"]] == ["CHG-0002"]
    (waived,) = report["waived"]
    assert (waived["rule"], waived["record"], waived["line"]) == ("SMS101", "CHG-0001", 17)
    assert waived["waiver"] == {"reason": "SVC-0404 is being migrated into the catalogue this quarter.",
                                "approved_by": "b-approver", "expires": "2027-01-31", "path": "sms.yaml",
                                "line": waiver_line(waived_sms)}
    assert report["summary"]["waived"] == 1


def test_text_and_github_show_the_count_and_the_waiver_not_the_finding(waived_sms: Path, sms: SmsRunner) -> None:
    text = sms("check", "--today", TODAY, str(waived_sms)).out
    assert not [line for line in text.splitlines() if line.startswith("records/changes/CHG-0001.yaml")]
    assert text.splitlines()[-2].startswith("settings: waiver: SMS101 for CHG-0001 until 2027-01-31 (approved by ")
    assert text.splitlines()[-1] == "5 records checked: 1 error, 0 warnings (1 waived in sms.yaml)"
    github = sms("check", "--today", TODAY, "--format", "github", str(waived_sms)).out
    assert "file=records/changes/CHG-0001.yaml" not in github and "CHG-0002" in github


def test_quiet_sarif_keeps_only_errors_waived_or_not(waived_sms: Path, sms: SmsRunner) -> None:
    run = sms("check", "--today", TODAY, "--format", "sarif", "--quiet", str(waived_sms))
    results = json.loads(run.out)["runs"][0]["results"]
    assert sorted(r["properties"]["recordId"] for r in results) == ["CHG-0001", "CHG-0002"]
