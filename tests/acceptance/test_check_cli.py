"""`sms check` as a user runs it: output lines, summary, JSON shape, exit codes, options, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import SmsRunner, write_tree

CHANGE = """\
# yaml-language-server: $schema=../../schemas/change.schema.json
apiVersion: sms/v1
kind: change
id: CHG-0001
title: Rotate the TLS certificates of the public API
owner: sms-manager
type: normall
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


def test_text_lines_are_path_line_col_severity_rule_message_clauses(base_sms: Path, sms: SmsRunner) -> None:
    write_tree(base_sms, {"records/changes/CHG-0001.yaml": CHANGE})
    run = sms("check", str(base_sms))
    lines = run.out.splitlines()
    assert run.code == 1
    assert ("records/changes/CHG-0001.yaml:7:1: error SMS012 type must be one of: standard, normal, emergency "
            "(got 'normall') [7.5.2, 7.5.3]") in lines
    assert "records/changes/CHG-0001.yaml:17:14: error SMS101 links.services[0]: no service 'SVC-0404' exists " \
           "[7.5.1, 4.4]" in lines
    assert lines[-1] == "4 records checked: 2 errors, 0 warnings"
    assert run.err == ""


def test_json_report_shape(base_sms: Path, sms: SmsRunner) -> None:
    write_tree(base_sms, {"records/changes/CHG-0001.yaml": CHANGE})
    run = sms("check", "--format", "json", str(base_sms))
    report = run.json()
    assert run.code == 1
    assert report["summary"] == {"records": 4, "errors": 2, "warnings": 0, "waived": 0}
    first = report["findings"][0]
    assert set(first) == {"rule", "severity", "message", "path", "line", "column", "record", "clauses", "hint"}
    assert first["rule"] == "SMS012" and first["line"] == 7 and first["record"] == "CHG-0001"


def test_clean_sms_exits_zero_and_quiet_prints_nothing(base_sms: Path, sms: SmsRunner) -> None:
    assert sms("check", str(base_sms)).code == 0
    run = sms("check", "--quiet", str(base_sms))
    assert (run.code, run.out) == (0, "")


def test_warnings_fail_only_with_strict(base_sms: Path, sms: SmsRunner) -> None:
    person = base_sms / "records/people/a-author.yaml"
    person.write_text(person.read_text().split("\n", 1)[1])  # drop the schema comment: SMS016 warning
    run = sms("check", str(base_sms))
    assert run.code == 0
    assert "records/people/a-author.yaml:1:1: warning SMS016" in run.out
    assert "hint: make the first line: # yaml-language-server: $schema=../../schemas/person.schema.json" in run.out
    assert sms("check", "--strict", str(base_sms)).code == 1
    assert sms("check", "--quiet", str(base_sms)).out == ""


def test_output_file_is_written_and_stdout_is_empty(base_sms: Path, tmp_path: Path, sms: SmsRunner) -> None:
    write_tree(base_sms, {"records/changes/CHG-0001.yaml": CHANGE})
    report = tmp_path / "out" / "report.json"
    run = sms("check", "--format", "json", "--output", str(report), str(base_sms))
    assert run.code == 1 and run.out == ""
    assert json.loads(report.read_text())["summary"]["errors"] == 2


def test_all_findings_are_collected_across_files(base_sms: Path, sms: SmsRunner) -> None:
    write_tree(base_sms, {
        "records/changes/CHG-0001.yaml": CHANGE,
        "records/changes/CHG-0002.yaml": "a: [1\n",
        "records/changes/CHG-0003.yaml": "a: 1\na: 2\n",
    })
    rules = {(f["path"], f["rule"]) for f in sms("check", "--format", "json", str(base_sms)).json()["findings"]}
    assert ("records/changes/CHG-0002.yaml", "SMS001") in rules
    assert ("records/changes/CHG-0003.yaml", "SMS002") in rules
    assert ("records/changes/CHG-0001.yaml", "SMS101") in rules


def test_bad_config_is_a_usage_error_with_file_and_line(base_sms: Path, sms: SmsRunner) -> None:
    write_tree(base_sms, {"sms.yaml": """\
        apiVersion: sms/v1
        kind: config
        organisation:
          name: Case Study Ltd
        review_periods:
          document_months: twelve
        """})
    run = sms("check", str(base_sms))
    assert run.code == 2
    assert run.out == ""
    assert run.err.splitlines()[0] == "sms: error: sms.yaml:6:3: review_periods.document_months must be a whole " \
                                      "number (got 'twelve')"


def test_config_with_unknown_kind_prefix(base_sms: Path, sms: SmsRunner) -> None:
    write_tree(base_sms, {"sms.yaml": """\
        apiVersion: sms/v1
        kind: config
        organisation: {name: X}
        id_prefixes: {chnage: RFC}
        """})
    run = sms("check", str(base_sms))
    assert run.code == 2
    assert run.err.startswith("sms: error: sms.yaml:4:1: id_prefixes: unknown kind(s) chnage")


def test_config_that_is_not_yaml(base_sms: Path, sms: SmsRunner) -> None:
    (base_sms / "sms.yaml").write_text("organisation: {name: [\n")
    run = sms("check", str(base_sms))
    assert run.code == 2
    assert run.err.startswith("sms: error: sms.yaml:2:1: YAML syntax error")


def test_configured_prefix_is_enforced(base_sms: Path, sms: SmsRunner) -> None:
    config = base_sms / "sms.yaml"
    config.write_text(config.read_text() + "id_prefixes:\n  change: RFC\n")
    write_tree(base_sms, {"records/changes/CHG-0001.yaml": CHANGE.replace("normall", "normal")
               .replace("links:\n  services: [SVC-0404]\n", "")})
    findings = sms("check", "--format", "json", str(base_sms)).json()["findings"]
    assert [(f["rule"], f["line"], f["message"]) for f in findings] == [
        ("SMS015", 4, "a change id has the form RFC-NNNN, not 'CHG-0001'")]


def test_usage_errors_exit_two(tmp_path: Path, sms: SmsRunner) -> None:
    run = sms("check", str(tmp_path / "missing"))
    assert run.code == 2 and "no such directory" in run.err
    run = sms("check", "--format", "xml", str(tmp_path))
    assert run.code == 2 and "'xml' is not one of" in run.err
    run = sms("check", "--today", "yesterday", str(tmp_path))
    assert run.code == 2 and run.err.startswith("sms: error: --today: 'yesterday' is not a date")


def test_help_and_version(sms: SmsRunner) -> None:
    run = sms("check", "--help")
    assert run.code == 0 and "--strict" in run.out and "Exit 0" in run.out
    assert sms("--version").out.startswith("sms, version ")


def test_python_dash_m_runs_without_traceback(base_sms: Path) -> None:
    (base_sms / "records/changes").mkdir(parents=True)
    (base_sms / "records/changes/CHG-0001.yaml").write_text("a: &x 1\nb: *x\n")
    proc = subprocess.run([sys.executable, "-m", "sms", "check", str(base_sms)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 1
    assert "records/changes/CHG-0001.yaml:1:4: error SMS003 anchors and aliases" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_rules_lists_every_rule_and_explains_one(sms: SmsRunner) -> None:
    listing = sms("rules").out
    assert "SMS002  error    [7.5.2, 7.5.3]  A mapping has the same key twice." in listing
    detail = sms("rules", "sms101")
    assert detail.code == 0 and detail.out.startswith("SMS101 (error; ISO/IEC 20000-1 7.5.1, 4.4)")
    unknown = sms("rules", "SMS999")
    assert unknown.code == 2 and "unknown rule 'SMS999'" in unknown.err


BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8))


def test_hostile_files_are_refused_fast_without_traceback(base_sms: Path) -> None:
    write_tree(base_sms, {
        "records/changes/CHG-0001.yaml": BILLION_LAUGHS,
        "records/changes/CHG-0002.yaml": "[" * 10_000 + "]" * 10_000 + "\n",
        "records/changes/CHG-0003.yaml": "a:\n" + "".join("  " * i + "b:\n" for i in range(1, 200)),
    })
    proc = subprocess.run([sys.executable, "-m", "sms", "check", str(base_sms)], capture_output=True, text=True,
                          timeout=20)
    assert proc.returncode == 1
    assert "records/changes/CHG-0001.yaml:1:4: error SMS003 anchors and aliases" in proc.stdout
    assert "records/changes/CHG-0002.yaml:1:1001: error SMS007 nesting deeper than 64 levels" in proc.stdout
    assert "records/changes/CHG-0003.yaml:65:129: error SMS007 nesting deeper than 64 levels" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_every_rule_documents_a_passing_and_a_failing_example(sms: SmsRunner) -> None:
    from sms.rules.catalogue import all_rules

    for rule in all_rules():
        shown = sms("rules", rule.id).out
        assert "Passing example:" in shown and "Failing example:" in shown, rule.id
        assert rule.clauses, f"{rule.id} names no clause"


def test_a_folder_that_is_not_an_sms_is_a_usage_error(tmp_path: Path, sms: SmsRunner) -> None:
    for command in (("check",), ("coverage",)):
        run = sms(*command, str(tmp_path))
        assert run.code == 2
        assert run.err.splitlines()[0] == f"sms: error: {tmp_path}: no sms.yaml, policies/ or records/ here; " \
                                          "this is not an SMS repository"


def test_coverage_findings_are_in_clause_order(base_sms: Path, sms: SmsRunner) -> None:
    config = base_sms / "sms.yaml"
    config.write_text(config.read_text().replace('    SMS501: "off"\n', ""))
    clauses = [f["clauses"][0] for f in sms("check", "--format", "json", str(base_sms)).json()["findings"]
               if f["rule"] == "SMS501"]
    assert clauses.index("4.1") < clauses.index("9.1") < clauses.index("10.1")


def test_many_copies_of_one_id_give_bounded_messages(sms: SmsRunner, base_sms: Path) -> None:
    # issue 15 §7: each SMS103 message named every other copy, so n copies wrote n² names
    folder = base_sms / "records/changes"
    folder.mkdir(parents=True)
    for number in range(300):
        (folder / f"copy-{number:03d}").mkdir()
        (folder / f"copy-{number:03d}/CHG-0001.yaml").write_text("apiVersion: sms/v1\nkind: change\nid: CHG-0001\n")
    run = sms("check", "--format", "json", "--base", "none", str(base_sms))
    report = run.json()
    duplicates = [f for f in report["findings"] if f["rule"] == "SMS103"]
    # and a report lists 200 of them (limits.max_findings_per_rule), counting the rest in one entry
    assert len(duplicates) == 200
    assert [o["count"] for o in report["omitted"] if o["rule"] == "SMS103"] == [100]
    assert all(f["message"].endswith(" and 296 more)") and len(f["message"]) < 300 for f in duplicates)
