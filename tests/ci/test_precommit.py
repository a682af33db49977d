"""pre-commit installs this repository's hooks (.pre-commit-hooks.yaml) into an SMS repository and runs them.

The hooks come from a snapshot of this work tree (tracked and untracked files, as git would commit them)
committed to a local repository, which the SMS repository's .pre-commit-config.yaml points at by commit:
exactly what a user's config does with a URL and a tag. pre-commit builds its own environment for the hook
(`pip install` of that snapshot, which needs the package index), so this test is slow.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BASE, REPO_ROOT

pytestmark = pytest.mark.slow

GIT_ENV = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV}, capture_output=True, text=True,
                          check=True)
    return done.stdout.strip()


def snapshot_of_this_work_tree(target: Path) -> str:
    """Commit the work tree as it stands (minus ignored files) to a new repository; return the commit."""
    files = git(REPO_ROOT, "ls-files", "--cached", "--others", "--exclude-standard", "-z").split("\0")
    for name in filter(None, files):
        source = REPO_ROOT / name
        if source.is_file() and not source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "snapshot")
    return git(target, "rev-parse", "HEAD")


def pre_commit(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("GITHUB_STEP_SUMMARY", None)
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=900)


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    """(the hooks' repository, its commit, PRE_COMMIT_HOME): one snapshot and one hook environment for all."""
    top = tmp_path_factory.mktemp("hooks")
    hooks_repo = top / "sms-tool"
    return hooks_repo, snapshot_of_this_work_tree(hooks_repo), top / "pre-commit-home"


def test_hooks_pass_a_clean_sms_and_fail_a_broken_record(hooks: tuple[Path, str, Path], tmp_path: Path) -> None:
    hooks_repo, rev, home = hooks
    org = tmp_path / "org-sms"
    shutil.copytree(BASE, org)
    (org / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks_repo}\n    rev: {rev}\n    hooks:\n      - id: sms-check\n", encoding="utf-8")
    git(org, "init", "-q", "-b", "main")
    git(org, "add", "-A")
    git(org, "commit", "-q", "-m", "a clean SMS")

    clean = pre_commit(org, home, "run", "sms-check", "--all-files")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "sms check" in clean.stdout and "Passed" in clean.stdout

    broken = org / "records" / "people" / "b-approver.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("roles:\n", "roles: [\n"), encoding="utf-8")
    git(org, "add", "-A")
    failed = pre_commit(org, home, "run", "sms-check", "--all-files")
    assert failed.returncode == 1
    assert "Failed" in failed.stdout
    assert "records/people/b-approver.yaml:" in failed.stdout and " error SMS001 " in failed.stdout

    # a commit touching nothing the hook watches does not run it
    git(org, "checkout", "--", ".")
    git(org, "reset", "-q", "--hard")
    (org / "README.md").write_text("# our SMS\n", encoding="utf-8")
    git(org, "add", "README.md")
    skipped = pre_commit(org, home, "run", "sms-check")
    assert skipped.returncode == 0 and "(no files to check)Skipped" in skipped.stdout


def test_codeowners_hook_regenerates_the_file(hooks: tuple[Path, str, Path], tmp_path: Path) -> None:
    hooks_repo, rev, home = hooks
    org = tmp_path / "org-sms"
    shutil.copytree(BASE, org)
    config = (org / "sms.yaml").read_text(encoding="utf-8") + "codeowners:\n  default: sms-manager\n"
    (org / "sms.yaml").write_text(config, encoding="utf-8")
    (org / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks_repo}\n    rev: {rev}\n    hooks:\n      - id: sms-codeowners\n", encoding="utf-8")
    git(org, "init", "-q", "-b", "main")
    git(org, "add", "-A")
    first = pre_commit(org, home, "run", "--all-files")
    assert first.returncode == 1, first.stdout + first.stderr  # the hook wrote the file: add it and commit again
    assert (org / ".github" / "CODEOWNERS").is_file()
    git(org, "add", "-A")
    second = pre_commit(org, home, "run", "--all-files")
    assert second.returncode == 0, second.stdout + second.stderr
