"""A release of sms built as an adopter gets it: the wheel of a tagged snapshot of this working tree."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, commit_all, git_init

RELEASE = "9.8.7"  # the tag the snapshot gets; setuptools-scm must turn it into the wheel's version


@dataclass(frozen=True)
class Release:
    source: Path  # the tagged git repository the wheel was built from
    wheels: Path  # holds the one built wheel (pip's --find-links)
    version: str


def snapshot(destination: Path) -> Path:
    """The working tree's files as git sees them (tracked and new, ignored ones left out), without .git."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO_ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = REPO_ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    return destination


def build_wheel(source: str | Path, wheels: Path) -> Path:
    """`pip wheel --no-deps`: the build backend comes from the package index (or pip's cache) as for anyone."""
    before = set(wheels.glob("*.whl")) if wheels.exists() else set()
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels),
                    str(source)], check=True, capture_output=True, timeout=300)
    (built,) = set(wheels.glob("*.whl")) - before
    return built


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    source = snapshot(tmp_path_factory.mktemp("release") / "sms")
    repo = git_init(source)
    commit_all(repo, "release")
    repo.create_tag(f"v{RELEASE}")
    wheels = source.parent / "wheels"
    build_wheel(source, wheels)
    return Release(source, wheels, RELEASE)


def example_as_at() -> str:
    """The day `make run` judges the example SMS as at: EXAMPLE_AS_AT in the Makefile, its one source."""
    found = re.search(r"^EXAMPLE_AS_AT := (\d{4}-\d{2}-\d{2})$", (REPO_ROOT / "Makefile").read_text(encoding="utf-8"),
                      re.MULTILINE)
    assert found, "the Makefile sets EXAMPLE_AS_AT := YYYY-MM-DD"
    return found.group(1)
