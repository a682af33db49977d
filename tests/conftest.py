"""Shared test helpers: run the real CLI, build SMS repositories in tmp dirs."""

from __future__ import annotations

import json
import shutil
import textwrap
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import git
import pytest

from sms.cli import main

REPO_ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
BASE = CASES / "_base"


@dataclass
class Run:
    """What a user sees from one `sms` invocation."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


class SmsRunner:
    """The real `sms` entry point called in-process: sms("check", str(root)) -> Run."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self._capsys = capsys

    def __call__(self, *args: str) -> Run:
        self._capsys.readouterr()
        code = main(list(args))
        captured = self._capsys.readouterr()
        return Run(code, captured.out, captured.err)


@pytest.fixture
def sms(capsys: pytest.CaptureFixture[str]) -> SmsRunner:
    """Call the real `sms` entry point in-process: sms("check", str(root)) -> Run."""
    return SmsRunner(capsys)


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write {relative path: text} under root; text is dedented."""
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def git_init(path: Path, name: str = "Ada Author", email: str = "ada@example.org") -> git.Repo:
    """A new git repository on branch main with a committer identity of its own (CI machines have none)."""
    repo = git.Repo.init(path, initial_branch="main")
    with repo.config_writer() as writer:
        writer.set_value("user", "name", name)
        writer.set_value("user", "email", email)
    return repo


def git_date(when: str) -> str:
    """An ISO 8601 time as git's raw 'seconds +hhmm' (gitpython misreads ISO offsets such as +0100)."""
    moment = datetime.fromisoformat(when)
    return f"{int(moment.timestamp())} {moment.strftime('%z')}"


def commit_all(repo: git.Repo, message: str, when: str | None = None) -> str:
    """Stage everything and commit as the repository's identity; returns the new commit's sha.

    `when` (ISO 8601 with an offset) fixes the author and committer date, so that what is built from the
    commit (the site) is reproducible; without it the commit is dated now.
    """
    repo.git.add("-A")
    dates = {} if when is None else {"GIT_AUTHOR_DATE": git_date(when), "GIT_COMMITTER_DATE": git_date(when)}
    repo.git.commit("-q", "--allow-empty", "-m", message, env=dates)
    return repo.head.commit.hexsha


@pytest.fixture
def base_sms(tmp_path: Path) -> Path:
    """A copy of the smallest valid SMS (tests/cases/_base) in a tmp dir."""
    root = tmp_path / "sms"
    shutil.copytree(BASE, root)
    return root
