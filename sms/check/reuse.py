"""The findings cache (`.sms-cache/findings.bin`): when nothing a check reads has changed since the last run, its
result is reused and no record is loaded at all.

"Nothing changed" is decided from a digest of every input: the code of sms and what it runs on; the options that
change findings (the day, --base and the commits it resolved to, --changed-since and the files it named); HEAD and
whether the clone is shallow (approval history); sms.yaml and .github/CODEOWNERS; and every file, link and folder
under policies/ and records/ (a clean tracked file by its git blob id, any other file hashed), document bodies
included (the model keeps them beside their YAML file). The file is signed like the record cache's shards (same
key, in git's folder): damaged, stale or planted, it is ignored and rewritten.
"""

from __future__ import annotations

import functools
import os
import stat
import sys
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sms.core.findings import Result
from sms.git.worktree import AREAS, CleanBlobs, clean_blobs
from sms.store.cache import FOLDER, blob_sha, cache_key, code_fingerprint, input_digest, read_signed, write_signed

if TYPE_CHECKING:
    from sms.git.base import Base

FILE = "findings.bin"
CHANGED_SINCE_FILE = "findings-changed-since.bin"
"""Where a `--changed-since` run keeps its findings: apart, so that a pre-commit hook's `--changed-since` and a
whole check (or the site's) each find their own last result, rather than each overwriting the other's."""
_PACKAGE = Path(__file__).resolve().parent.parent
_OTHER_INPUTS = ("sms.yaml", ".github/CODEOWNERS")


@dataclass(frozen=True)
class CacheState:
    """What the caches of one root go by: git's blob ids of its clean files, and the key that signs them."""

    blobs: CleanBlobs
    key: bytes
    tree: list[tuple[str, str]]  # what is under policies/ and records/ (_tree), walked while git was asked


def cache_state(root: Path) -> CacheState | None:
    """None where there is no cache to have (not a git work tree, git's folder not writable the first time and
    so no key)."""
    walked: list[list[tuple[str, str]]] = []
    blobs = clean_blobs(root, meanwhile=lambda: walked.append(_tree(root)))
    key = cache_key(blobs.git_dir) if blobs is not None else None
    return CacheState(blobs, key, walked[0]) if blobs is not None and key is not None else None


@dataclass(frozen=True)
class Reuse:
    """Where the findings of one run are kept, and under which digest of its inputs."""

    path: Path
    key: bytes
    digest: bytes

    def get(self) -> Result | None:
        """The previous run's result when its inputs were these, else None."""
        held = read_signed(self.path, self.key, self.digest)
        return held if isinstance(held, Result) else None

    def put(self, result: Result) -> None:
        write_signed(self.path, self.key, self.digest, result)


def run_options(day: date, base: str | None, resolved: Base | None, changed: Collection[str] | None
                ) -> tuple[object, ...]:
    """What a check's findings depend on besides the files: the day, --base and the commits it resolved to, and
    --changed-since's files. `sms check` and the site (as `--base none`) key the findings cache by it."""
    return ("today", day, "base", base,
            None if resolved is None else (resolved.ref, resolved.merge_base, resolved.tip, resolved.touched),
            "changed", None if changed is None else sorted(changed))


def reuse(root: Path, state: CacheState, options: Iterable[object], *, changed_since: bool = False) -> Reuse:
    """The findings cache of `root` for a run with these options (each given by its repr); `changed_since`: of
    a `--changed-since` run (kept apart)."""
    blobs, key = state.blobs, state.key
    shas = blobs.shas

    def parts() -> Iterator[object]:
        yield from (*code_parts(), *options, blobs.head, content_id(blobs.git_dir / "shallow"))
        for name in _OTHER_INPUTS:
            yield from (name, content_id(root / name))
        for path, kind in state.tree:
            yield from (path, kind, shas.get(path) or content_id(root / path) if kind == "file" else None)

    return Reuse(root / FOLDER / (CHANGED_SINCE_FILE if changed_since else FILE), key, input_digest(parts()))


def file_inputs(root: Path) -> tuple[object, ...]:
    """What per-file findings depend on besides the day and the rule settings of the run (sms.check.perfile):
    the code of sms and what it runs on, and sms.yaml as written."""
    return (*code_parts(), code_fingerprint(), content_id(root / "sms.yaml"))


@functools.cache
def code_parts() -> list[str]:
    """The version of Python and every source file of sms by size and time (any edit makes a new key)."""
    parts = [sys.version]
    for folder, dirnames, filenames in os.walk(_PACKAGE):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(".py"):
                info = os.stat(os.path.join(folder, name))
                parts.append(f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns}")
    return parts


def _tree(root: Path) -> list[tuple[str, str]]:
    """Every entry under policies/ and records/ by relative path and kind (file, link with its target, folder,
    other): more than the loader reads, so that nothing it reads escapes. Walked with os.scandir, whose entries
    know their type from the directory listing: a warm check stats no file (pathlib cost 0.3 s at 10k)."""
    found: list[tuple[str, str]] = []
    for area in AREAS:
        found.append((area, _kind(root / area)))
        if (root / area).is_dir() and not (root / area).is_symlink():
            _walk(os.path.join(root, area), area, found)
    return found


def _walk(folder: str, relative: str, found: list[tuple[str, str]]) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        found.append((relative, "unreadable"))
        return
    for entry in entries:
        name = f"{relative}/{entry.name}"
        try:
            if entry.is_symlink():
                found.append((name, _kind(Path(entry.path))))
            elif entry.is_dir(follow_symlinks=False):
                found.append((name, "folder"))
                _walk(entry.path, name, found)
            else:
                found.append((name, "file" if entry.is_file(follow_symlinks=False) else "other"))
        except OSError:
            found.append((name, "missing"))


def _kind(path: Path) -> str:
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return "missing"
    if stat.S_ISLNK(mode):
        try:
            return f"link {os.readlink(path)!r} {content_id(path)}"  # the target's content, if it is a file
        except OSError:
            return "link"
    return "file" if stat.S_ISREG(mode) else "folder" if stat.S_ISDIR(mode) else "other"


def content_id(path: Path) -> str | None:
    """The blob id of a regular file's content (following a link), or None."""
    try:
        if not path.is_file():
            return None
        return blob_sha(path.read_bytes())
    except OSError:
        return None
