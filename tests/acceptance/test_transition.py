"""`sms transition` and `sms lifecycle`: a record moved along its lifecycle as a person would edit it, each step
one `sms check` accepts; illegal steps refused with the legal ones named."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SmsRunner, commit_all, git_init, write_tree

CHANGE_MANAGER = """\
    # yaml-language-server: $schema=../../schemas/role.schema.json
    apiVersion: sms/v1
    kind: role
    id: change-manager
    title: Change manager
    owner: sms-manager
    document:
      version: '1.0'
      status: approved
      author: a-author
      approver: sms-manager
      approved_by: b-approver
      approved_on: 2026-01-15
      next_review: 2027-01-15
    responsibilities:
      - Approves normal changes.
    """
# What a person writes into the change before each step (appended to the file, as an edit would).
EVIDENCE = {
    "submitted": "",
    "assessed": ("risk:\n  likelihood: 2\n  impact: 3\n  notes: One node at a time.\n"
                 "test_plan: Synthetic checks stay green after each node.\n"
                 "backout_plan: Boot the previous image.\n"),
    "approved": "",  # sms transition --by records the approval
    "scheduled": "schedule:\n  start: 2026-03-05T21:00:00+01:00\n  end: 2026-03-05T23:00:00+01:00\n",
    "implemented": "implementer: a-author\n",
    "reviewed": "review:\n  outcome: successful\n  reviewed_on: 2026-03-06\n  notes: No alerts.\n",
    "closed": "",
}
AT = {"submitted": "2026-03-02T14:00:00+01:00", "assessed": "2026-03-03T10:00:00+01:00",
      "approved": "2026-03-03T15:00:00+01:00", "scheduled": "2026-03-03T15:30:00+01:00",
      "implemented": "2026-03-05T22:40:00+01:00", "reviewed": "2026-03-06T10:00:00+01:00",
      "closed": "2026-03-06T10:05:00+01:00"}


@pytest.fixture
def team(base_sms: Path) -> Path:
    """The base SMS with a change manager (b-approver) in a git repository."""
    write_tree(base_sms, {"policies/roles/change-manager.yaml": CHANGE_MANAGER})
    approver = base_sms / "records/people/b-approver.yaml"
    approver.write_text(approver.read_text() + "  - role: change-manager\n    since: 2025-01-01\n")
    commit_all(git_init(base_sms), "base")
    return base_sms


def test_a_normal_change_through_every_status(team: Path, sms: SmsRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMS_TODAY", "2026-03-02")
    created = sms("new", "change", "-t", "Patch the worker nodes", "--by", "a-author", "--root", str(team))
    assert created.code == 0, created.err
    path = team / "records/changes/CHG-0001.yaml"
    path.write_text(path.read_text().replace("'TODO: why the change is needed'", "Security updates.")
                    .replace("'TODO: what will be changed'", "Patch and reboot the nodes."))
    repo = git_init(team)
    commit_all(repo, "raise CHG-0001")
    monkeypatch.setenv("SMS_TODAY", "2026-03-20")
    for status, evidence in EVIDENCE.items():
        path.write_text(path.read_text() + evidence)
        who = "b-approver" if status in ("approved", "reviewed", "closed") else "a-author"
        moved = sms("transition", "CHG-0001", status, "--by", who, "--at", AT[status], "--root", str(team))
        assert moved.code == 0, moved.err
        assert moved.out.startswith(f"CHG-0001: {status_before(status)} → {status} at {AT[status]} by {who} ")
        checked = sms("check", "--strict", "--base", "HEAD", str(team))
        assert checked.code == 0, f"after {status}:\n{checked.out}"
        commit_all(repo, f"CHG-0001 {status}")
    text = path.read_text()
    assert text.count("  - status: ") == 8 and "status: closed\nhistory:" in text
    assert "approved_by: b-approver\napproved_at: 2026-03-03T15:00:00+01:00\n" in text


def status_before(status: str) -> str:
    order = ["draft", *EVIDENCE]
    return order[order.index(status) - 1]


def test_an_illegal_step_names_the_legal_ones(team: Path, sms: SmsRunner) -> None:
    sms("new", "change", "-t", "Patch", "--by", "a-author", "--root", str(team))
    before = (team / "records/changes/CHG-0001.yaml").read_text()
    run = sms("transition", "CHG-0001", "approved", "--by", "b-approver", "--root", str(team))
    assert (run.code, run.out) == (2, "")
    assert run.err == "sms: error: CHG-0001 is draft: it may move to submitted or cancelled, not 'approved'\n"
    assert (team / "records/changes/CHG-0001.yaml").read_text() == before
    assert sms("transition", "CHG-0009", "submitted", "--by", "a-author", "--root", str(team)).err.endswith(
        "hint: did you mean 'CHG-0001'?\n")
    bad_time = sms("transition", "CHG-0001", "submitted", "--by", "a-author", "--at", "2026-03-02T09:00",
                   "--root", str(team))
    assert (bad_time.code, bad_time.err) == (2, "sms: error: --at: '2026-03-02T09:00' has no time zone; add one, "
                                                "e.g. 2026-03-02T09:00+01:00 or 2026-03-02T09:00Z\n")


def test_a_final_status_cannot_move(team: Path, sms: SmsRunner) -> None:
    sms("new", "change", "-t", "Patch", "--by", "a-author", "--root", str(team))
    assert sms("transition", "CHG-0001", "cancelled", "--by", "a-author", "--root", str(team)).code == 0
    run = sms("transition", "CHG-0001", "draft", "--by", "a-author", "--root", str(team))
    assert (run.code, run.err) == (2, "sms: error: CHG-0001 is cancelled, a final status: it cannot move to "
                                      "'draft'\n")


def test_an_incident_resolved_records_when_in_the_organisations_time_zone(
        team: Path, sms: SmsRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    config = team / "sms.yaml"
    config.write_text(config.read_text() + "calendars:\n  default:\n    timezone: Europe/Berlin\n")
    monkeypatch.setenv("SMS_TODAY", "2026-12-01")
    assert sms("new", "incident", "-t", "Checkout slow", "--by", "a-author", "--root", str(team)).code == 0
    path = team / "records/incidents/INC-0001.yaml"
    path.write_text("# Raised from the on-call phone; see the postmortem doc.\n" + path.read_text().replace(
        "priority: P3", "priority: P3  # agreed with the service owner"))
    for status in ("assigned", "in_progress", "resolved"):
        assert sms("transition", "INC-0001", status, "--by", "a-author", "--note", "Cache flushed: fixed.",
                   "--root", str(team)).code == 0
    text = path.read_text()
    # Written in the canonical layout (`sms fmt`): the schema comment first, resolved_at where the model has it.
    assert text.startswith("# yaml-language-server: $schema=../../schemas/incident.schema.json\n"
                           "# Raised from the on-call phone; see the postmortem doc.\n")
    assert "priority: P3  # agreed with the service owner\n" in text
    assert ("  - status: resolved\n    at: 2026-12-01T12:00:00+01:00\n    by: a-author\n"
            "    note: 'Cache flushed: fixed.'\n") in text
    lines = text.splitlines()
    stamped = lines.index("resolved_at: 2026-12-01T12:00:00+01:00")
    assert lines[stamped - 1].startswith("reported_at: ") and lines[stamped + 1].startswith("description: ")
    assert "status: resolved\nhistory:" in text
    assert sms("fmt", "--check", str(path), "--root", str(team)).code == 0


def test_lifecycle_prints_statuses_transitions_and_final_ones(sms: SmsRunner, tmp_path: Path) -> None:
    run = sms("lifecycle", "problem", "--root", str(tmp_path))
    assert (run.code, run.out) == (0, "problem: starts new; final: closed\n"
                                      "  new            → investigating\n"
                                      "  investigating  → known_error, resolved\n"
                                      "  known_error    → resolved\n"
                                      "  resolved       → closed\n"
                                      "  closed         (final)\n"
                                      "from each status on, the record carries (SMS115):\n"
                                      "  known_error    links.known_errors — the known error record\n"
                                      "  resolved       root_cause or links.known_errors — the root cause or a "
                                      "known error\n")
    standard = sms("lifecycle", "change", "--type", "standard", "--root", str(tmp_path)).out
    assert "  submitted    → assessed, rejected, cancelled, approved\n" in standard
    assert "approved_by" not in standard  # a standard change is pre-approved
    normal = sms("lifecycle", "change", "--root", str(tmp_path)).out
    assert ("  approved     approved_by, approved_at — who approved it and when "
            "(only type: normal, emergency)\n") in normal
    assert sms("lifecycle", "service", "--root", str(tmp_path)).code == 2


def test_lifecycle_accepts_every_type_of_the_kind(sms: SmsRunner, tmp_path: Path) -> None:
    # the README's own example, `sms lifecycle change --type normal`, was refused
    normal = sms("lifecycle", "change", "--type", "normal", "--root", str(tmp_path))
    assert normal.code == 0 and normal.out.startswith("change (normal): starts draft;")
    wrong = sms("lifecycle", "change", "--type", "bogus", "--root", str(tmp_path))
    assert wrong.code == 2 and "change has types emergency, normal, standard" in wrong.err
