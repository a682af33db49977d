'''Schema errors (SMS012, and sms.yaml errors) read as people write: what the field must be, an example, and
what was found; never pydantic's "String should match pattern '^[a-z]…'". Judged on real files, line by line.'''

from __future__ import annotations

from pathlib import Path

from tests.conftest import SmsRunner, write_tree

CHANGE = """\
# yaml-language-server: $schema=../../schemas/change.schema.json
apiVersion: sms/v1
kind: change
id: CHG-0001
title: ''
owner: Change_Manager
type: normall
status: aproved
aproved_by: a-author
reason: The certificates expire on 2026-04-01.
description: Replace the certificates on both load balancers.
history:
  - status: draft
    at: 2026-01-01T10:00:00
    by: a-author
  - status: submitted
    at: 2026-02-30T10:00:00Z
    by: a-author
risk:
  likelihood: 7
  impact: "3"
links:
  services: [svc-1]
  clauses: ['11.2']
"""

# The exact report, line by line (long lines: kept in a file).
EXPECTED = (Path(__file__).parent.parent / "golden" / "schema-messages.txt").read_text(encoding="utf-8")


def test_schema_errors_in_peoples_words(base_sms: Path, sms: SmsRunner) -> None:
    write_tree(base_sms, {"records/changes/CHG-0001.yaml": CHANGE})
    role = base_sms / "policies/roles/sms-manager.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("version: '1.0'", "version: 1.0")
                    .replace("approved_on: 2026-01-15", "approved_on: 15.01.2026"), encoding="utf-8")
    person = base_sms / "records/people/b-approver.yaml"
    person.write_text(person.read_text(encoding="utf-8") + "github: '@b-approver'\n", encoding="utf-8")
    run = sms("check", "--base", "none", "--today", "2026-11-25", str(base_sms))
    assert run.code == 1
    assert run.out == EXPECTED
    assert "should" not in run.out and "pattern" not in run.out


def test_sms_yaml_errors_in_the_same_words(base_sms: Path, sms: SmsRunner) -> None:
    write_tree(base_sms, {"sms.yaml": """\
        apiVersion: sms/v1
        kind: config
        organisation: {name: Case Study Ltd}
        change_approver_role: Change_Manager
        """})
    run = sms("check", "--base", "none", str(base_sms))
    assert run.code == 2
    assert run.err == ("sms: error: sms.yaml:4:1: change_approver_role must be a role id such as change-manager "
                       "(lowercase letters, digits, hyphens)\n")
    write_tree(base_sms, {"sms.yaml": """\
        apiVersion: sms/v1
        kind: config
        organisation: {name: Case Study Ltd}
        review_periods: {document_months: 100}
        """})
    run = sms("check", "--base", "none", str(base_sms))
    assert run.code == 2
    assert run.err == "sms: error: sms.yaml:4:18: review_periods.document_months must be at most 60 (got 100)\n"
    write_tree(base_sms, {"sms.yaml": """\
        apiVersion: sms/v1
        kind: config
        organisation: {name: Case Study Ltd}
        rules:
          severity: {SMS202: warn}
        """})
    run = sms("check", "--base", "none", str(base_sms))
    assert run.code == 2
    assert run.err == ("sms: error: sms.yaml:5:14: rules.severity.SMS202 must be one of: error, warning, info, off "
                       "(got 'warn')\n    hint: did you mean 'warning'?\n")
