"""What git already knows about the work tree, asked with a plain `git` subprocess (no gitpython: this runs
before every warm check, and one process is cheaper than a repository object).

`clean_blobs` gives the blob id of every record file whose work-tree copy equals the index (the record cache
keys on it, so a clean file is never read to be recognised); `changed_since` lists the files that differ
from a ref's merge base with HEAD, untracked ones included (`sms check --changed-since`).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sms.core.errors import UsageError

AREAS = ("policies", "records")
CONFIG = "sms.yaml"


@dataclass(frozen=True)
class CleanBlobs:
    """Blob ids of the clean tracked record files (path relative to the SMS root → sha), and git's own
    folder (where a secret that must never be committed can live)."""

    shas: dict[str, str]
    git_dir: Path
    head: str | None = None  # the commit HEAD names (None before the first commit)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False,
                          stdin=subprocess.DEVNULL)


def clean_blobs(root: Path, meanwhile: Callable[[], object] = lambda: None) -> CleanBlobs | None:
    """The blob id of each tracked regular file under policies/ and records/ whose work-tree copy git sees as
    unchanged; None when `root` is not in a git work tree or git is missing (the cache is then not used).
    `meanwhile` is called while git works (git stats every file: 0.2 s at 100,000)."""
    try:
        # Three questions to git at once (each its own process, so they overlap). HEAD comes with the folder: before
        # the first commit git prints the two answers and fails on HEAD alone. The index is not refreshed first: a
        # file whose timestamps changed is listed as dirty although its content may not have, and is then hashed,
        # which costs a read and never a wrong answer.
        where, staged, dirty = _git_all(root, ("rev-parse", "--is-inside-work-tree", "--absolute-git-dir", "--verify",
                                               "--quiet", "HEAD^{commit}"),
                                        ("ls-files", "-s", "-z", "--", *AREAS),
                                        ("diff-files", "--name-only", "-z", "--relative", "--", *AREAS),
                                        meanwhile=meanwhile)
    except OSError:  # no git on PATH
        return None
    lines = where.stdout.decode("utf-8", "surrogateescape").splitlines()
    if len(lines) < 2 or lines[0] != "true" or staged.returncode != 0 or dirty.returncode != 0:
        return None
    git_dir = lines[1]
    commit = lines[2] if where.returncode == 0 and len(lines) > 2 else None
    unclean = set(_names(dirty.stdout))
    # Only plain files at stage 0: a link (120000), a submodule or an unmerged file is left to the loader.
    shas = {path: sha for sha, path in _STAGED.findall(staged.stdout.decode("utf-8", "surrogateescape"))
            if path not in unclean}
    return CleanBlobs(shas, Path(git_dir), commit)


def changed_since(root: Path, ref: str) -> frozenset[str]:
    """Paths (relative to `root`) of the files under policies/ and records/, and sms.yaml, that differ between
    the merge base of `ref` and HEAD and the work tree, plus the untracked ones. UsageError for a ref git
    cannot resolve or that shares no history with HEAD."""
    option = "--changed-since"
    try:
        resolved = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    except OSError as exc:
        raise UsageError(f"{option}: git is not available ({exc.strerror})") from exc
    if resolved.returncode != 0:
        raise UsageError(f"{option}: '{ref}' is not a commit in this git repository",
                         hint="name a branch, tag or commit; in a shallow clone fetch it first")
    commit = resolved.stdout.decode().strip()
    base = _git(root, "merge-base", commit, "HEAD")
    if base.returncode != 0:
        raise UsageError(f"{option}: '{ref}' shares no history with HEAD", hint="name a commit HEAD descends from")
    paths = (*AREAS, CONFIG)
    diff = _git(root, "diff", "--name-only", "-z", "--no-renames", "--relative", base.stdout.decode().strip(),
                "--", *paths)
    untracked = _git(root, "ls-files", "--others", "-z", "--", *paths)  # ignored files too: git knows them not
    for done in (diff, untracked):
        if done.returncode != 0:
            raise UsageError(f"{option}: git failed: {done.stderr.decode(errors='replace').strip()}")
    return frozenset([*_names(diff.stdout), *_names(untracked.stdout)])


_STAGED = re.compile(r"(?:^|\0)(?:100644|100755) ([0-9a-f]{40,64}) 0\t([^\0]*)")  # ls-files -s -z: mode sha stage\tpath


def _git_all(root: Path, *questions: tuple[str, ...], meanwhile: Callable[[], object] = lambda: None
             ) -> list[subprocess.CompletedProcess[bytes]]:
    """Several git commands run side by side, each answer as `_git` gives it; `meanwhile` called while they run."""
    started = [(args, subprocess.Popen(["git", "-C", str(root), *args], stdout=subprocess.PIPE,
                                       stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)) for args in questions]
    try:
        meanwhile()
    except BaseException:
        for _, process in started:
            process.kill()
            process.wait()
        raise
    answers = []
    for args, process in started:
        out, _ = process.communicate()
        answers.append(subprocess.CompletedProcess(list(args), process.returncode, out, b""))
    return answers


def _names(output: bytes) -> list[str]:
    return [name for name in output.decode("utf-8", "surrogateescape").split("\0") if name]

