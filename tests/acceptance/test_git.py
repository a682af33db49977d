"""Pull requests as change control, end to end on real git repositories built in tmp dirs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import git
import pytest

from tests.conftest import BASE, Run, SmsRunner, commit_all, git_init, write_tree

CHANGE = """\
# yaml-language-server: $schema=../../schemas/change.schema.json
apiVersion: sms/v1
kind: change
id: {id}
title: {title}
owner: sms-manager
type: normal
status: draft
history:
  - status: draft
    at: 2026-03-02T10:00:00Z
    by: a-author
requested_by: a-author
reason: Needed before the peak season.
description: See the title.
"""

INCIDENT_LINKING = """\
# yaml-language-server: $schema=../../schemas/incident.schema.json
apiVersion: sms/v1
kind: incident
id: INC-0001
title: Checkout slow after the deploy
owner: sms-manager
status: new
history:
  - status: new
    at: 2026-03-03T10:00:00Z
    by: a-author
priority: P3
reported_at: 2026-03-03T09:58:00Z
description: Checkout takes ten seconds.
links:
  changes: [CHG-0043]  # the deploy that preceded it
"""


@pytest.fixture
def repo(tmp_path: Path) -> git.Repo:
    """The smallest valid SMS committed on main."""
    root = tmp_path / "sms"
    shutil.copytree(BASE, root)
    repo = git_init(root)
    commit_all(repo, "Initial SMS")
    return repo


def root_of(repo: git.Repo) -> Path:
    return Path(str(repo.working_tree_dir))


def rules_fired(run: Run) -> list[tuple[str, str, int]]:
    return sorted((f["rule"], f["path"], f["line"]) for f in run.json()["findings"])


def test_both_branches_add_chg_0043_then_renumber_fixes_it(repo: git.Repo, sms: SmsRunner) -> None:
    root = root_of(repo)
    repo.git.checkout("-q", "-b", "feature")
    write_tree(root, {"records/changes/CHG-0043.yaml": CHANGE.format(id="CHG-0043", title="Upgrade the database"),
                      "records/incidents/INC-0001.yaml": INCIDENT_LINKING})
    commit_all(repo, "Feature: database upgrade")
    repo.git.checkout("-q", "main")
    write_tree(root, {"records/changes/CHG-0043.yaml": CHANGE.format(id="CHG-0043", title="Rotate certificates")})
    commit_all(repo, "Main: certificate rotation")
    repo.git.checkout("-q", "feature")

    run = sms("check", "--format", "json", "--base", "main", str(root))
    assert run.code == 1
    assert rules_fired(run) == [("SMS311", "records/changes/CHG-0043.yaml", 4)]
    text = sms("check", "--base", "main", str(root)).out
    assert "CHG-0043 was also added on main (records/changes/CHG-0043.yaml) with other content" in text
    assert "hint: run `sms renumber CHG-0043`" in text

    fixed = sms("renumber", "--root", str(root), "--base", "main", "CHG-0043")
    assert fixed.code == 0, fixed.err
    assert "renumbered CHG-0043 → CHG-0044" in fixed.out
    assert not (root / "records/changes/CHG-0043.yaml").exists()
    moved = (root / "records/changes/CHG-0044.yaml").read_text()
    assert "id: CHG-0044" in moved and "title: Upgrade the database" in moved
    incident = (root / "records/incidents/INC-0001.yaml").read_text()
    assert "  changes: [CHG-0044]  # the deploy that preceded it\n" in incident  # comment and flow style kept
    assert sms("check", "--format", "json", "--base", "main", str(root)).json()["findings"] == []


def test_renumber_refuses_a_taken_id_and_changes_nothing(repo: git.Repo, sms: SmsRunner) -> None:
    root = root_of(repo)
    write_tree(root, {"records/changes/CHG-0001.yaml": CHANGE.format(id="CHG-0001", title="A"),
                      "records/changes/CHG-0002.yaml": CHANGE.format(id="CHG-0002", title="B")})
    before = {p: p.read_bytes() for p in (root / "records").rglob("*.yaml")}
    run = sms("renumber", "--root", str(root), "--to", "CHG-0002", "CHG-0001")
    assert run.code == 2 and "CHG-0002 is already taken" in run.err
    assert {p: p.read_bytes() for p in (root / "records").rglob("*.yaml")} == before


def test_status_jump_and_edited_history_against_the_base(repo: git.Repo, sms: SmsRunner) -> None:
    root = root_of(repo)
    write_tree(root, {"records/changes/CHG-0042.yaml": CHANGE.format(id="CHG-0042", title="Upgrade")})
    commit_all(repo, "Add CHG-0042")
    repo.git.checkout("-q", "-b", "pr")
    path = root / "records/changes/CHG-0042.yaml"
    text = path.read_text().replace("status: draft\nhistory:", "status: implemented\nhistory:")
    text = text.replace("at: 2026-03-02T10:00:00Z", "at: 2026-03-01T10:00:00Z")
    text = text.replace("    by: a-author\nrequested_by", "    by: a-author\n  - status: implemented\n"
                        "    at: 2026-03-05T10:00:00Z\n    by: b-approver\nrequested_by")
    path.write_text(text)
    run = sms("check", "--base", "main", str(root))
    assert run.code == 1
    assert ("records/changes/CHG-0042.yaml:13:5: error SMS301 status jumps from 'draft' to 'implemented' "
            "(skips submitted, assessed, approved, scheduled)") in run.out
    assert "records/changes/CHG-0042.yaml:10:5: error SMS304 history[0] was edited; the history is append-only" \
        in run.out


def test_approved_policy_edited_without_version_bump(repo: git.Repo, sms: SmsRunner) -> None:
    root = root_of(repo)
    role = root / "policies/roles/sms-manager.yaml"
    repo.git.checkout("-q", "-b", "pr")
    role.write_text(role.read_text().replace("Keeps the SMS running.", "Keeps the SMS running and audited."))
    run = sms("check", "--format", "json", "--base", "main", str(root))
    assert rules_fired(run) == [("SMS309", "policies/roles/sms-manager.yaml", 8)]


def test_unknown_base_and_shallow_clone_give_one_clear_line(repo: git.Repo, tmp_path: Path, sms: SmsRunner) -> None:
    root = root_of(repo)
    run = sms("check", "--base", "origin/nope", str(root))
    assert run.code == 2
    assert run.err.splitlines()[0] == "sms: error: unknown git ref 'origin/nope'"

    for number in range(3):
        write_tree(root, {f"records/changes/CHG-000{number + 1}.yaml": CHANGE.format(id=f"CHG-000{number + 1}",
                                                                                      title="x")})
        commit_all(repo, f"change {number}")
    repo.git.branch("feature")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", "feature", f"file://{root}", str(clone)],
                   check=True)
    run = sms("check", "--base", "origin/main", str(clone))
    assert run.code == 2
    assert "unknown git ref 'origin/main'" in run.err
    assert "git fetch --unshallow" in run.err and "fetch-depth: 0" in run.err
    assert "Traceback" not in run.err


def test_base_outside_git_is_a_usage_error(tmp_path: Path, sms: SmsRunner) -> None:
    root = tmp_path / "plain"
    shutil.copytree(BASE, root)
    run = sms("check", "--base", "main", str(root))
    assert run.code == 2 and "is not inside a git repository" in run.err
    assert sms("check", str(root)).code == 0  # without --base, git-aware rules simply do not apply


def test_default_base_in_github_actions_is_the_pr_target(repo: git.Repo, tmp_path: Path, sms: SmsRunner,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = root_of(repo)
    write_tree(root, {"records/changes/CHG-0042.yaml": CHANGE.format(id="CHG-0042", title="Upgrade")})
    commit_all(repo, "Add CHG-0042")
    clone = tmp_path / "ci"
    git.Repo.clone_from(str(root), clone).git.checkout("-q", "-b", "pr")
    path = clone / "records/changes/CHG-0042.yaml"
    path.write_text(path.read_text().replace("reason: Needed", "reason: Urgently needed"))
    monkeypatch.setenv("GITHUB_BASE_REF", "main")
    assert sms("check", "--format", "json", str(clone)).json()["findings"] == []
    path.write_text(path.read_text().replace("at: 2026-03-02T10:00:00Z", "at: 2026-03-02T11:00:00Z"))
    assert [f["rule"] for f in sms("check", "--format", "json", str(clone)).json()["findings"]] == ["SMS304"]
    assert sms("check", "--format", "json", "--base", "none", str(clone)).json()["findings"] == []


def test_history_follows_a_rename_and_shows_transitions(repo: git.Repo, sms: SmsRunner) -> None:
    root = root_of(repo)
    write_tree(root, {"policies/POL-0001.yaml": """\
        # yaml-language-server: $schema=../schemas/policy.schema.json
        apiVersion: sms/v1
        kind: policy
        id: POL-0001
        title: Service management policy
        owner: sms-manager
        document:
          version: '0.1'
          status: draft
          author: a-author
          approver: sms-manager
        type: service_management
        purpose: Why we run an SMS.
        statements:
          - We meet our customers' service requirements.
        """})
    commit_all(repo, "Draft the SM policy")
    (root / "policies/governance").mkdir()
    repo.git.mv("policies/POL-0001.yaml", "policies/governance/POL-0001.yaml")
    moved = root / "policies/governance/POL-0001.yaml"
    text = moved.read_text().replace("../schemas", "../../schemas").replace("version: '0.1'", "version: '1.0'")
    moved.write_text(text.replace("status: draft", "status: in_review"))
    commit_all(repo, "Move the SM policy to governance/ and send it for review")
    run = sms("history", "--root", str(root), "POL-0001")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert len(lines) == 2
    assert "Ada Author <ada@example.org>  Draft the SM policy  [created]" in lines[0]
    assert lines[1].endswith("[renamed from policies/POL-0001.yaml; status draft → in_review; version 0.1 → 1.0]")


def test_review_stamps_links_and_a_changed_target_makes_them_suspect(repo: git.Repo, sms: SmsRunner) -> None:
    root = root_of(repo)
    write_tree(root, {"records/changes/CHG-0043.yaml": CHANGE.format(id="CHG-0043", title="Upgrade"),
                      "records/incidents/INC-0001.yaml": INCIDENT_LINKING})
    assert sms("check", "--format", "json", str(root)).json()["findings"] == []
    stamped = sms("review", "--root", str(root), "INC-0001")
    assert stamped.code == 0 and stamped.out == "INC-0001: reviewed 1 link(s): CHG-0043\n"
    text = (root / "records/incidents/INC-0001.yaml").read_text()
    assert "  changes: [CHG-0043]  # the deploy that preceded it\nreviewed_links:\n  CHG-0043: " in text
    assert sms("check", "--format", "json", str(root)).json()["findings"] == []

    change = root / "records/changes/CHG-0043.yaml"
    change.write_text(change.read_text().replace("See the title.", "Upgrade PostgreSQL 16 to 17."))
    findings = sms("check", "--format", "json", str(root)).json()["findings"]
    assert [(f["rule"], f["severity"], f["line"], f["message"]) for f in findings] == [
        ("SMS312", "warning", 18, "CHG-0043 changed since this link was reviewed")]
    sms("review", "--root", str(root), "INC-0001")
    assert sms("check", "--format", "json", str(root)).json()["findings"] == []
