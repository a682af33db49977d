"""The SARIF reporter: rule descriptors from the registry, result locations, fingerprints that survive
unrelated edits, and validity against the official SARIF 2.1.0 schema."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from sms.core.findings import Finding, Location, Result, Severity
from sms.reporters.options import ReportOptions
from sms.reporters.sarif import FINGERPRINT, render, unwrap
from sms.rules.catalogue import all_rules
from sms.rules.registry import Rule
from tests.conftest import REPO_ROOT

SCHEMA = json.loads((REPO_ROOT / "tests" / "vendor" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def sarif(findings: list[Finding], options: ReportOptions | None = None) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(render(Result(findings=findings, records=3), options or ReportOptions()))
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    assert [error.message for error in validator.iter_errors(log)] == []
    return log


def finding(message: str = "status jumps", line: int = 7, path: str = "records/changes/CHG-0001.yaml",
            record: str | None = "CHG-0001", severity: Severity = Severity.ERROR, rule: str = "SMS101") -> Finding:
    return Finding(rule, severity, message, Location(path, line, 3), record, ("8.5.1.3",), "a hint")


def fingerprint(log: dict[str, Any], index: int = 0) -> str:
    return str(log["runs"][0]["results"][index]["partialFingerprints"][FINGERPRINT])


def test_every_registered_rule_is_described() -> None:
    driver = sarif([])["runs"][0]["tool"]["driver"]
    rules = all_rules()
    assert [descriptor["id"] for descriptor in driver["rules"]] == [rule.id for rule in rules]
    for descriptor, rule in zip(driver["rules"], rules, strict=True):
        first, _, rest = rule.doc.strip().partition("\n")
        assert descriptor["shortDescription"]["text"] == first.strip()
        assert descriptor["fullDescription"]["text"] == (unwrap(rest) or first.strip())
        assert descriptor["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning",
                                                               "info": "note"}[rule.severity.value]
        assert descriptor["properties"]["tags"] == [f"iso20000:{clause}" for clause in rule.clauses]
        assert "helpUri" not in descriptor  # no site configured
    assert (driver["name"], driver["version"]) == ("sms", __import__("sms").__version__)


def test_help_uri_points_at_the_rule_page_on_the_site() -> None:
    options = ReportOptions(site_url="https://sms.example.org/halden", tool_uri="https://sms.example.org/halden/")
    driver = sarif([], options)["runs"][0]["tool"]["driver"]
    assert driver["rules"][0]["helpUri"] == f"https://sms.example.org/halden/rules/{driver['rules'][0]['id']}.html"
    assert driver["informationUri"] == "https://sms.example.org/halden/"


def test_descriptions_unwrap_docstring_paragraphs() -> None:
    rule = Rule("SMS999", Severity.WARNING, ("5.3",), "Summary line.\n\nFirst paragraph\nwraps here.\n\n"
                "Passing example: a.\nFailing example: b.")
    descriptor = sarif([], ReportOptions(rules=[rule]))["runs"][0]["tool"]["driver"]["rules"][0]
    assert descriptor["fullDescription"]["text"] == ("First paragraph wraps here.\n\n"
                                                     "Passing example: a.\nFailing example: b.")
    assert descriptor["help"]["markdown"].endswith("- Passing example: a.\n- Failing example: b.")


def test_result_location_level_and_rule_index() -> None:
    findings = [finding(), finding(severity=Severity.WARNING, rule="SMS202", line=9),
                finding(severity=Severity.INFO, rule="SMS202", line=10)]
    run = sarif(findings, ReportOptions(path_prefix="org sms"))["runs"][0]
    first = run["results"][0]
    assert first["ruleId"] == "SMS101"
    assert run["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == "SMS101"
    assert first["message"]["text"] == "status jumps\nhint: a hint"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "org%20sms/records/changes/CHG-0001.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 7, "startColumn": 3}}
    assert [result["level"] for result in run["results"]] == ["error", "warning", "note"]
    assert first["properties"] == {"recordId": "CHG-0001", "tags": ["iso20000:8.5.1.3"]}


def test_fingerprint_ignores_the_line_and_line_numbers_in_the_message() -> None:
    before = sarif([finding("duplicate key 'a' (first defined on line 7)", line=8)])
    after = sarif([finding("duplicate key 'a' (first defined on line 12)", line=13)])
    assert fingerprint(before) == fingerprint(after)


@pytest.mark.parametrize("change", [
    {"message": "status jumps twice"},
    {"path": "records/changes/CHG-0002.yaml"},
    {"record": "CHG-0002"},
    {"rule": "SMS102"},
])
def test_fingerprint_follows_rule_path_record_and_message(change: dict[str, Any]) -> None:
    assert fingerprint(sarif([finding()])) != fingerprint(sarif([finding(**change)]))


def test_identical_findings_in_one_file_get_distinct_fingerprints() -> None:
    log = sarif([finding(line=3), finding(line=30)])
    assert fingerprint(log, 0).endswith(":1") and fingerprint(log, 1).endswith(":2")
    assert fingerprint(log, 0).split(":")[0] == fingerprint(log, 1).split(":")[0]


def test_quiet_keeps_errors_only_and_drops_hints() -> None:
    run = sarif([finding(), finding(severity=Severity.WARNING)], ReportOptions(quiet=True))["runs"][0]
    assert [(r["level"], r["message"]["text"]) for r in run["results"]] == [("error", "status jumps")]
