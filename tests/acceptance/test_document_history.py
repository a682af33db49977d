"""Document control over the whole history (SMS313), end to end: an approved document changed on main after
its approval is found with any --base, `--base none` included; reviewing links is not a change; a new version
with a new approval clears it; no git, no finding."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import git
import pytest

from tests.conftest import BASE, CASES, SmsRunner, commit_all, git_date, git_init

SLA = "records/slas/SLA-0001.yaml"
TODAY = "2026-11-25"
P1_TARGET = """\
  - metric: resolution_time
    description: Payroll restored after a P1 incident.
    target: 4
    unit: hours
    comparison: at_most
    period: per_event
    priority: P1
reporting:"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """An SMS that evidences every clause (tests/cases/_complete over _base), not yet in git."""
    path = tmp_path / "sms"
    shutil.copytree(BASE, path)
    shutil.copytree(CASES / "_complete", path, dirs_exist_ok=True)
    return path


def sms313(sms: SmsRunner, root: Path, *options: str) -> tuple[int, list[dict[str, Any]]]:
    run = sms("check", "--format", "json", "--today", TODAY, *options, str(root))
    assert "Traceback" not in run.err
    return run.code, [finding for finding in run.json()["findings"] if finding["rule"] == "SMS313"]


def edit(root: Path, relpath: str, old: str, new: str) -> None:
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_change_after_approval_is_found_with_base_none_naming_both_commits(root: Path, sms: SmsRunner) -> None:
    repo = git_init(root)
    approval = commit_all(repo, "Approve the payroll SLA at 1.0", when="2026-11-02T09:00:00+00:00")
    assert sms313(sms, root, "--base", "none") == (0, [])

    edit(root, SLA, "reporting:", P1_TARGET)
    change = commit_all(repo, "Add a P1 resolution target", when="2026-11-10T09:00:00+00:00")
    for base in (["--base", "none"], ["--base", "main"], []):
        code, fired = sms313(sms, root, *base)
        assert code == 1
        assert [(f["path"], f["line"]) for f in fired] == [(SLA, 8)]  # the document's version line
        assert fired[0]["message"] == (f"content changed in {change[:7]} (2026-11-10, 'Add a P1 resolution target') "
                                       f"after the approval recorded in {approval[:7]} at version 1.0")

    # The fix: a new version, approved again by a holder of the approver role, on a later day.
    edit(root, SLA, "version: '1.0'", "version: '1.1'")
    edit(root, SLA, "approved_on: 2026-11-02", "approved_on: 2026-11-20")
    commit_all(repo, "SLA-0001 1.1: approve the P1 resolution target", when="2026-11-20T09:00:00+00:00")
    run = sms("check", "--today", TODAY, "--base", "none", str(root))
    assert run.code == 0, run.out


def test_reviewing_links_and_reformatting_are_not_content_changes(root: Path, sms: SmsRunner) -> None:
    repo = git_init(root)
    commit_all(repo, "Approve the payroll SLA")
    review = sms("review", "--root", str(root), "SLA-0001")
    assert review.code == 0, review.err
    assert "reviewed_links:" in (root / SLA).read_text(encoding="utf-8")
    commit_all(repo, "Review the SLA's links")
    edit(root, SLA, "customer: Group HR", "customer: Group HR  # the HR shared-service centre")
    commit_all(repo, "A comment")
    assert sms313(sms, root, "--base", "none") == (0, [])


def test_a_change_reverted_later_is_no_finding(root: Path, sms: SmsRunner) -> None:
    repo = git_init(root)
    commit_all(repo, "Approve")
    original = (root / SLA).read_text(encoding="utf-8")
    edit(root, SLA, "reporting:", P1_TARGET)
    commit_all(repo, "Add a target without approval")
    assert len(sms313(sms, root, "--base", "none")[1]) == 1
    (root / SLA).write_text(original, encoding="utf-8")
    commit_all(repo, "Revert: the target needs approval first")
    assert sms313(sms, root, "--base", "none") == (0, [])


def test_a_renamed_document_keeps_its_approval_commit(root: Path, sms: SmsRunner) -> None:
    repo = git_init(root)
    approval = commit_all(repo, "Approve")
    (root / "records/slas/payroll").mkdir()
    repo.git.mv(SLA, "records/slas/payroll/SLA-0001.yaml")
    commit_all(repo, "Group the payroll SLAs")
    edit(root, "records/slas/payroll/SLA-0001.yaml", "reporting:", P1_TARGET)
    commit_all(repo, "Add a target")
    _code, fired = sms313(sms, root, "--base", "none")
    assert [(f["path"], f["line"]) for f in fired] == [("records/slas/payroll/SLA-0001.yaml", 8)]
    assert f"approval recorded in {approval[:7]}" in fired[0]["message"]


def test_no_git_means_no_finding_and_no_error(root: Path, sms: SmsRunner) -> None:
    edit(root, SLA, "reporting:", P1_TARGET)
    run = sms("check", "--today", TODAY, "--base", "none", str(root))
    assert run.code == 0, run.out + run.err
    assert "SMS313" not in run.out and run.err == ""


def test_a_shallow_clone_says_once_that_history_is_incomplete(root: Path, tmp_path: Path, sms: SmsRunner) -> None:
    repo: git.Repo = git_init(root)
    commit_all(repo, "Approve")
    edit(root, SLA, "reporting:", P1_TARGET)
    commit_all(repo, "Add a target without approval")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{root}", str(clone)], check=True)
    code, fired = sms313(sms, clone, "--base", "none")
    assert code == 0  # a note, not a pass nor a failure: the history needed to judge is not there
    assert [(f["severity"], f["path"]) for f in fired] == [("info", "sms.yaml")]
    assert "shallow" in fired[0]["message"] and "git fetch --unshallow" in fired[0]["hint"]


def test_content_merged_in_from_a_branch_older_than_the_approval_is_found(root: Path, sms: SmsRunner) -> None:
    merged = git_date("2026-11-06T09:00:00+00:00")
    repo = git_init(root)
    commit_all(repo, "SLA-0001 drafted", when="2026-11-01T09:00:00+00:00")
    repo.git.checkout("-q", "-b", "feature")
    edit(root, SLA, "reporting:", P1_TARGET)
    commit_all(repo, "Add a target on a branch", when="2026-11-02T08:00:00+00:00")
    repo.git.checkout("-q", "main")
    edit(root, SLA, "approved_on: 2026-11-02", "approved_on: 2026-11-03")
    approval = commit_all(repo, "Approve SLA-0001 as it stands on main", when="2026-11-03T09:00:00+00:00")
    repo.git.merge("--no-ff", "-q", "-m", "Merge the feature branch", "feature",
                   env={"GIT_AUTHOR_DATE": merged, "GIT_COMMITTER_DATE": merged})
    merge = repo.head.commit.hexsha
    _code, fired = sms313(sms, root, "--base", "none")
    assert [f["message"] for f in fired] == [
        f"content changed in {merge[:7]} (2026-11-06, 'Merge the feature branch') after the approval recorded in "
        f"{approval[:7]} at version 1.0"]
