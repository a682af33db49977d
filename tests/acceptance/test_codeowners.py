"""`sms codeowners` and SMS904: CODEOWNERS generated from the roles people hold, general lines first."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sms.analysis.codeowners import escape, first_difference
from tests.conftest import SmsRunner, write_tree

TODAY = "2026-06-01"

PEOPLE = {
    "records/people/a-author.yaml": """\
        # yaml-language-server: $schema=../../schemas/person.schema.json
        apiVersion: sms/v1
        kind: person
        id: a-author
        title: Ada Author
        owner: sms-manager
        github: ada-author
        roles:
          - role: sms-manager
            since: 2025-01-01
        """,
    "records/people/c-changer.yaml": """\
        # yaml-language-server: $schema=../../schemas/person.schema.json
        apiVersion: sms/v1
        kind: person
        id: c-changer
        title: Cleo Changer
        owner: sms-manager
        github: Cleo-Changer
        roles:
          - role: change-manager
            since: 2026-04-01
          - role: sms-manager
            since: 2024-01-01
            until: 2026-03-31
        """,
    "policies/roles/change-manager.yaml": """\
        # yaml-language-server: $schema=../../schemas/role.schema.json
        apiVersion: sms/v1
        kind: role
        id: change-manager
        title: Change manager
        owner: change-manager
        document:
          version: '1.0'
          status: approved
          author: a-author
          approver: sms-manager
          approved_by: b-approver
          approved_on: 2026-01-15
          next_review: 2027-01-15
          body: change-manager.md
        responsibilities:
          - Approves normal changes.
        """,
    "policies/roles/change-manager.md": "The change manager's charter.\n",
}

CONFIG = """\
    # yaml-language-server: $schema=schemas/config.schema.json
    apiVersion: sms/v1
    kind: config
    organisation:
      name: Case Study Ltd
    rules:
      severity:
        SMS501: "off"
        SMS502: "off"
    codeowners:
      default: sms-manager
      paths:
        /sms.yaml: sms-manager
        /.github/: change-manager
        /docs/: internal-auditor
      kinds:
        request: sms-manager
        change: change-manager
    """


@pytest.fixture
def owned_sms(base_sms: Path) -> Path:
    return write_tree(base_sms, {**PEOPLE, "sms.yaml": CONFIG})


def codeowners_lines(root: Path) -> list[str]:
    text = (root / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def test_lines_go_from_general_to_specific(owned_sms: Path, sms: SmsRunner) -> None:
    run = sms("codeowners", "--today", TODAY, str(owned_sms))
    assert run.code == 0 and "written" in run.out
    assert codeowners_lines(owned_sms) == [
        "* @ada-author",
        "/sms.yaml @ada-author",
        "/.github/ @Cleo-Changer",
        # /docs/: internal-auditor has no holder: no line (the `*` line owns docs/), a comment says why
        # one line per area: policies/ (the default role) and every kind's folder (its `kinds` role, else the
        # kind's default owner: sms-manager, held by ada-author alone since c-changer left it on 2026-03-31)
        "/policies/ @ada-author",
        "/records/agreements/ @ada-author",
        "/records/audit_programmes/ @ada-author",
        "/records/audits/ @ada-author",
        "/records/changes/ @Cleo-Changer",
        *(f"/records/{folder}/ @ada-author" for folder in (
            "cis", "complaints", "continuity_tests", "improvements", "incidents", "known_errors", "kpis",
            "management_reviews", "nonconformities", "people", "problems", "releases", "requests", "risks",
            "service_reports", "services", "slas")),
        # records owned by their area's role (every sms-manager record here) need no line of their own
        "/policies/roles/change-manager.yaml @Cleo-Changer",
        "/policies/roles/change-manager.md @Cleo-Changer",  # a document's Markdown body goes with it
    ]
    text = (owned_sms / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "# - role 'internal-auditor' (1 line)" in text


def test_roles_held_on_another_day(owned_sms: Path, sms: SmsRunner) -> None:
    sms("codeowners", "--today", "2026-03-01", str(owned_sms))
    lines = codeowners_lines(owned_sms)
    assert lines[0] == "* @ada-author @Cleo-Changer"
    assert "/records/changes/ @Cleo-Changer" not in lines  # nobody held change-manager yet


def test_check_reports_drift_until_regenerated(owned_sms: Path, sms: SmsRunner) -> None:
    target = owned_sms / ".github" / "CODEOWNERS"
    run = sms("codeowners", "--check", "--today", TODAY, str(owned_sms))
    assert (run.code, run.out) == (1, f"{target}: missing; run `sms codeowners`\n")
    run = sms("check", "--today", TODAY, "--format", "json", str(owned_sms))
    assert [(f["rule"], f["path"], f["line"], f["severity"]) for f in run.json()["findings"]] == [
        ("SMS904", ".github/CODEOWNERS", 1, "warning")]
    assert run.code == 0  # a warning: it fails only with --strict

    assert sms("codeowners", "--today", TODAY, str(owned_sms)).code == 0
    assert sms("codeowners", "--check", "--today", TODAY, str(owned_sms)).out == f"{target}: up to date\n"
    assert sms("check", "--strict", "--today", TODAY, str(owned_sms)).code == 0
    assert sms("codeowners", "--today", TODAY, str(owned_sms)).out == f"{target}: up to date\n"

    # a role changes hands: the file drifts, and the message names the line to fix
    run = sms("check", "--today", "2026-03-01", "--format", "json", str(owned_sms))
    (drift,) = run.json()["findings"]
    assert drift["rule"] == "SMS904" and drift["line"] == 6
    assert drift["message"].endswith("line 6 should read '* @ada-author @Cleo-Changer'")
    run = sms("codeowners", "--check", "--today", "2026-03-01", str(owned_sms))
    assert run.code == 1 and ":6: out of date (expected '* @ada-author @Cleo-Changer')" in run.out


def test_no_configuration_and_no_file_means_no_finding(base_sms: Path, sms: SmsRunner) -> None:
    write_tree(base_sms, PEOPLE)
    run = sms("check", "--today", TODAY, "--format", "json", str(base_sms))
    assert [f for f in run.json()["findings"] if f["rule"] == "SMS904"] == []


def test_a_committed_file_is_checked_even_without_configuration(base_sms: Path, sms: SmsRunner) -> None:
    write_tree(base_sms, {**PEOPLE, ".github/CODEOWNERS": "* @someone\n"})
    run = sms("check", "--today", TODAY, "--format", "json", str(base_sms))
    assert [f["line"] for f in run.json()["findings"] if f["rule"] == "SMS904"] == [1]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_unsafe_codeowners_is_a_finding_not_a_hang(base_sms: Path, sms: SmsRunner, tmp_path: Path) -> None:
    (base_sms / ".github").mkdir()
    os.mkfifo(base_sms / ".github" / "CODEOWNERS")
    run = sms("check", "--today", TODAY, "--format", "json", str(base_sms))
    (finding,) = [f for f in run.json()["findings"] if f["rule"] == "SMS904"]
    assert "not a regular file" in finding["message"]
    (base_sms / ".github" / "CODEOWNERS").unlink()
    secret = tmp_path / "secret"
    secret.write_text("* @attacker\n", encoding="utf-8")
    (base_sms / ".github" / "CODEOWNERS").symlink_to(secret)
    run = sms("check", "--today", TODAY, "--format", "json", str(base_sms))
    (finding,) = [f for f in run.json()["findings"] if f["rule"] == "SMS904"]
    assert "leaves the SMS root" in finding["message"]
    assert sms("codeowners", str(base_sms)).code == 2


def test_kinds_kept_under_policies_have_no_folder(base_sms: Path, sms: SmsRunner) -> None:
    write_tree(base_sms, {"sms.yaml": CONFIG.replace("change: change-manager", "policy: change-manager")})
    run = sms("codeowners", str(base_sms))
    assert run.code == 2
    assert "policy: kept under policies/, with no folder of their own" in run.err


def test_github_handle_must_be_a_github_username(base_sms: Path, sms: SmsRunner) -> None:
    write_tree(base_sms, {"records/people/a-author.yaml": PEOPLE["records/people/a-author.yaml"].replace(
        "github: ada-author", "github: '@ada--author'")})
    run = sms("check", "--format", "json", str(base_sms))
    assert [(f["rule"], f["line"]) for f in run.json()["findings"]] == [("SMS012", 7)]


def test_escape_and_first_difference() -> None:
    assert escape("policies/Qualität 2026/#1 [a]*.yaml") == "/policies/Qualität\\ 2026/\\#1\\ \\[a\\]\\*.yaml"
    assert first_difference("a\nb\n", "a\nc\n") == (2, "b")
    assert first_difference("a\n", "a\nextra\n") == (2, None)
    assert first_difference("a\nb\n", "a\n") == (2, "b")
    assert first_difference("a\n", "a") == (1, "a")


def test_exit_code_tells_a_hook_that_the_file_changed(owned_sms: Path, sms: SmsRunner) -> None:
    assert sms("codeowners", "--exit-code", "--today", TODAY, str(owned_sms)).code == 1
    assert sms("codeowners", "--exit-code", "--today", TODAY, str(owned_sms)).code == 0


def test_a_handle_from_a_record_that_fails_its_schema_never_reaches_the_file(owned_sms: Path,
                                                                              sms: SmsRunner) -> None:
    # issue 15 §5: a `github` value with a newline added `/sms.yaml @evil-attacker` to the generated file
    write_tree(owned_sms, {"records/people/a-author.yaml": PEOPLE["records/people/a-author.yaml"].replace(
        "github: ada-author", 'github: "ada-author\\n/sms.yaml @evil-attacker"')})
    sms("codeowners", str(owned_sms))
    text = (owned_sms / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "evil-attacker" not in text and "@ada-author" not in text
    assert all(not line.startswith("/sms.yaml ") or line.endswith("@ben-approver") for line in text.splitlines())
