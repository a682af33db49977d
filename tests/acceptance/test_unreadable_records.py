"""A record that does not parse is still known by its file name: its own error is the one finding, not every
reference to it as well ("no service 'SVC-0001' exists — did you mean 'SVC-0003'?")."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from sms.store.config import default_config
from sms.store.repository import kind_of_path
from tests.conftest import REPO_ROOT, SmsRunner

TODAY = "2026-11-25"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "sms"
    for folder in ("policies", "records", ".github"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    shutil.copy(REPO_ROOT / "sms.yaml", root / "sms.yaml")
    return root


def edit(root: Path, relpath: str, old: str, new: str) -> None:
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{relpath} has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def findings(sms: SmsRunner, root: Path) -> list[dict[str, Any]]:
    run = sms("check", "--format", "json", "--today", TODAY, "--base", "none", str(root))
    assert run.code == 1
    return list(run.json()["findings"])


def about_it(found: list[dict[str, Any]], record_id: str) -> list[tuple[str, str, int, str | None]]:
    """Every finding that names the record, in its message, its path or as its record."""
    return [(f["rule"], f["path"], f["line"], f["record"]) for f in found
            if record_id in f["message"] or record_id in f["path"] or f["record"] == record_id]


def test_a_yaml_error_is_one_finding_not_one_per_reference(example: Path, sms: SmsRunner) -> None:
    edit(example, "records/services/SVC-0001.yaml", "title: Payment Gateway (PayGate)\n",
         "title: Payment Gateway: (PayGate)\n")
    found = findings(sms, example)
    assert about_it(found, "SVC-0001") == [("SMS001", "records/services/SVC-0001.yaml", 5, "SVC-0001")]
    assert [f for f in found if f["rule"] == "SMS101"] == []


def test_an_envelope_error_is_one_finding_not_one_per_reference(example: Path, sms: SmsRunner) -> None:
    edit(example, "records/services/SVC-0001.yaml", "kind: service\n", "kind: servce\n")
    found = findings(sms, example)
    assert about_it(found, "SVC-0001") == [("SMS011", "records/services/SVC-0001.yaml", 3, "SVC-0001")]
    assert [f for f in found if f["rule"] == "SMS101"] == []


def test_a_broken_policy_and_role_are_known_by_their_names(example: Path, sms: SmsRunner) -> None:
    edit(example, "policies/governance/POL-0001.yaml", "apiVersion: sms/v1\n", "apiVersion: sms/v1\n\t")
    role = example / "policies/roles/change-manager.yaml"
    role.write_text("# yaml-language-server: $schema=../../schemas/role.schema.json\n- kind: role\n"
                    "- id: change-manager\n", encoding="utf-8")
    found = findings(sms, example)
    assert about_it(found, "POL-0001") == [("SMS001", "policies/governance/POL-0001.yaml", 4, "POL-0001")]
    assert [f for f in found if f["rule"] in ("SMS101", "SMS102")] == []
    assert [f for f in found if f["path"] == "policies/roles/change-manager.yaml"] == [
        {"rule": "SMS011", "severity": "error", "message": "a record must be a YAML mapping (key: value lines)",
         "path": "policies/roles/change-manager.yaml", "line": 2, "column": 1, "record": "change-manager",
         "clauses": ["7.5.2", "7.5.3"], "hint": None}]


def test_a_reference_to_an_id_no_file_holds_is_still_reported(example: Path, sms: SmsRunner) -> None:
    edit(example, "records/services/SVC-0001.yaml", "title: Payment Gateway (PayGate)\n",
         "title: Payment Gateway: (PayGate)\n")
    edit(example, "records/slas/SLA-0001.yaml", "SVC-0001", "SVC-0010")
    dangling = [f for f in findings(sms, example) if f["rule"] == "SMS101"]
    assert [(f["path"], f["message"]) for f in dangling] == [
        ("records/slas/SLA-0001.yaml", "links.services[0]: no service 'SVC-0010' exists")]


@pytest.mark.parametrize(("path", "kind"), [
    ("records/services/SVC-0001.yaml", "service"), ("records/people/j-doe.yaml", "person"),
    ("policies/governance/POL-0001.yaml", "policy"), ("policies/x/SCP-0002.yaml", "scope"),
    ("policies/roles/change-manager.yaml", "role"), ("records/nowhere/X-1.yaml", None),
    ("policies/NOPE-0001.yaml", None)])
def test_kind_of_path(path: str, kind: str | None) -> None:
    assert kind_of_path(path, default_config()) == kind


def test_a_broken_record_keeps_its_codeowners_line(example: Path, sms: SmsRunner) -> None:
    # CI-0001 is owned by service-owner, not by platform-engineer who owns records/cis/: it has a line of its
    # own, which must not turn into CODEOWNERS drift (SMS904) or vanish while its file does not parse.
    codeowners = (example / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "\n/records/cis/CI-0001.yaml @" in codeowners
    edit(example, "records/cis/CI-0001.yaml", "\nowner: service-owner\n", "\nowner: service-owner: x\n")
    found = findings(sms, example)
    notes = {"SMS505"}  # the example's two clauses documented, not evidenced (8.4.1, 8.4.2)
    assert [(f["rule"], f["path"]) for f in found if f["rule"] not in notes] == [("SMS001", "records/cis/CI-0001.yaml")]
    assert sms("codeowners", str(example)).out.endswith("up to date\n")
    assert (example / ".github/CODEOWNERS").read_text(encoding="utf-8") == codeowners
