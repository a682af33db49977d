"""`sms new` options for the fields people always set, owners that fit the kind, and referenced ids that must
exist — on a copy of the example SMS, whose roles are named as sms's defaults expect."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, SmsRunner

EXAMPLE = ("sms.yaml", "policies", "records")


TODAY = "2026-11-30"  # the day the checks below judge, and (SMS_TODAY) the day `sms new` stamps


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SMS_TODAY", TODAY)  # else a record made after TODAY is dated in the future (SMS314)
    root = tmp_path / "sms"
    root.mkdir()
    for name in EXAMPLE:
        copy = shutil.copytree if (REPO_ROOT / name).is_dir() else shutil.copy2
        copy(REPO_ROOT / name, root / name)
    return root


def created(run_out: str, root: Path) -> str:
    return (root / run_out.split()[1].rstrip(";")).read_text()


def rules_at(sms: SmsRunner, root: Path, path: str) -> set[str]:
    findings = sms("check", "--format", "json", "--base", "none", "--today", TODAY, str(root)).json()
    return {f["rule"] for f in findings["findings"] if f["path"] == path}


def test_an_incident_with_service_priority_and_major(example: Path, sms: SmsRunner) -> None:
    run = sms("new", "incident", "-t", "Card payments fail", "--by", "o-berg", "--service", "SVC-0001",
              "--priority", "P1", "--major", "--root", str(example))
    assert run.code == 0, run.err
    text = created(run.out, example)
    assert "\nowner: incident-manager\n" in text  # not sms-manager
    assert "\npriority: P1\nmajor: true\n" in text and "\n  services: [SVC-0001]\n" in text
    path = run.out.split()[1].rstrip(";")
    assert rules_at(sms, example, path) == {"SMS114"}  # only the TODO description is left to write


def test_a_problem_linked_to_its_incidents_passes_sms110_at_once(example: Path, sms: SmsRunner) -> None:
    run = sms("new", "problem", "-t", "Pool exhaustion", "--by", "o-berg", "--incident", "INC-0001",
              "--incident", "INC-0002", "--root", str(example))
    assert run.code == 0, run.err
    text = created(run.out, example)
    assert "\nowner: problem-manager\n" in text and "\n  incidents: [INC-0001, INC-0002]\n" in text
    assert rules_at(sms, example, run.out.split()[1].rstrip(";")) == {"SMS114"}


def test_requests_and_changes_take_services_and_their_own_owners(example: Path, sms: SmsRunner) -> None:
    request = sms("new", "request", "-t", "VPN access", "--by", "o-berg", "--service", "SVC-0001",
                  "--root", str(example))
    assert "\nowner: service-desk-lead\n" in created(request.out, example)
    change = sms("new", "change", "-t", "Patch", "--by", "o-berg", "--type", "standard", "--service", "SVC-0001",
                 "--service", "SVC-0002", "--root", str(example))
    text = created(change.out, example)
    assert "\nowner: change-manager\n" in text and "\ntype: standard\n" in text
    assert "\n  services: [SVC-0001, SVC-0002]\n" in text


def test_owner_defaults_follow_the_roles_this_sms_has(example: Path, sms: SmsRunner) -> None:
    (example / "policies/roles/problem-manager.yaml").unlink()  # no such role here: fall back to sms-manager
    run = sms("new", "problem", "-t", "x", "--by", "o-berg", "--incident", "INC-0001", "--root", str(example))
    assert "\nowner: sms-manager\n" in created(run.out, example)
    config = example / "sms.yaml"
    text = config.read_text()
    assert "\n    incident: incident-manager\n" in text  # codeowners.kinds: the role owning records/incidents/
    config.write_text(text.replace("\n    incident: incident-manager\n", "\n    incident: service-desk-lead\n", 1))
    run = sms("new", "incident", "-t", "x", "--by", "o-berg", "--root", str(example))
    assert "\nowner: service-desk-lead\n" in created(run.out, example)


def test_unknown_ids_and_options_for_another_kind_are_refused(example: Path, sms: SmsRunner) -> None:
    before = sorted(p.name for p in (example / "records").rglob("*.yaml"))
    run = sms("new", "incident", "-t", "x", "--by", "o-berg", "--service", "SVC-0091", "--root", str(example))
    assert (run.code, run.out) == (2, "")
    assert run.err == ("sms: error: --service SVC-0091: no service 'SVC-0091' in this SMS\n"
                       "    hint: did you mean 'SVC-0001'?\n")
    run = sms("new", "problem", "-t", "x", "--by", "o-berg", "--incident", "SVC-0001", "--root", str(example))
    assert run.code == 2 and run.err.startswith("sms: error: --incident SVC-0001: no incident 'SVC-0001'")
    run = sms("new", "change", "-t", "x", "--by", "o-berg", "--major", "--root", str(example))
    assert (run.code, run.err) == (2, "sms: error: --major is for incidents, not for a change\n")
    assert sorted(p.name for p in (example / "records").rglob("*.yaml")) == before  # nothing was written
