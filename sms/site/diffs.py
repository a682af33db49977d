"""What changed in each approved document since the commit that recorded its current approval: the line diff of
its YAML record and of its Markdown body, and the pull request that brought the approval to the main line.

The approval commits and the blobs as approved come from the analysis SMS313 judges (`approval_history`, one
`git log` for every document); which merge brought each approval in comes from one more walk of the history
(`history.merged_by`). Each document then costs two blob reads and two file reads, no git command.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from sms.analysis.approvals import ApprovalHistory, Approved, body_path
from sms.core.errors import InputError
from sms.git import history
from sms.git.commits import Commit
from sms.store.loader import decode_utf8, read_text
from sms.store.repository import Repository

CONTEXT = 3  # unchanged lines shown around each change
MAX_LINES = 400  # diff lines shown per file; the rest is counted, so a huge rewrite cannot swamp the page
#: GitHub's merge commit ("Merge pull request #123 from owner/branch") and squash merge ("Title (#123)").
PULL_MERGE = re.compile(r"^Merge pull request #(\d+) from \S")
PULL_SQUASH = re.compile(r"\(#(\d+)\)$")


@dataclass(frozen=True)
class FileDiff:
    """One file's unified diff, approved → now. Lines keep their '+', '-', ' ' or '@@' prefix."""

    label: str  # 'record' or 'body'
    old_path: str | None  # None: the file did not exist at the approval
    new_path: str | None  # None: the file does not exist now
    lines: tuple[str, ...] = ()
    omitted: int = 0  # diff lines beyond MAX_LINES, not kept
    problem: str | None = None  # why a side could not be read (then no lines)

    @property
    def changed(self) -> bool:
        return bool(self.lines) or self.omitted > 0 or self.problem is not None


@dataclass(frozen=True)
class ApprovalDiff:
    """An approved document against its approval: the approval commit, what brought it in, the file diffs."""

    approval: Commit
    merged_by: Commit | None  # the first-parent commit that brought the approval to HEAD's line
    pull: int | None  # the pull request that commit names, if any
    files: tuple[FileDiff, ...]

    @property
    def changed(self) -> bool:
        return any(item.changed for item in self.files)


def pull_request(subject: str) -> int | None:
    """The pull request number a merge or squash-merge commit subject names, as GitHub writes them."""
    found = PULL_MERGE.match(subject) or PULL_SQUASH.search(subject.rstrip())
    return int(found.group(1)) if found else None


def line_diff(old: str | None, new: str | None) -> tuple[tuple[str, ...], int]:
    """Unified diff lines without the file header, at most MAX_LINES, and how many more there were."""
    before = old.splitlines() if old is not None else []
    after = new.splitlines() if new is not None else []
    if before == after:
        return (), 0
    lines = [line for line in difflib.unified_diff(before, after, n=CONTEXT, lineterm="")][2:]  # no ---/+++
    return tuple(lines[:MAX_LINES]), max(0, len(lines) - MAX_LINES)


def _blob_text(root: Path, blob: str | None, path: str, limit: int) -> str | None:
    if blob is None:
        return None
    raw = history.read_blob(root, blob)
    if len(raw) > limit:
        raise InputError(path, 1, f"over the {limit}-byte limit at the approval")
    return decode_utf8(path, raw)


def _file(root: Path, label: str, limit: int, then: tuple[str | None, str | None], now: str | None) -> FileDiff:
    old_path, blob = then
    try:
        old = _blob_text(root, blob, old_path or "", limit) if old_path is not None else None
        new = read_text(root, now, max_bytes=limit) if now is not None and os.path.lexists(root / now) else None
    except InputError as exc:
        return FileDiff(label, old_path, now, problem=f"{exc.path}: {exc.detail}")
    lines, omitted = line_diff(old, new)
    return FileDiff(label, old_path, now if new is not None else None, lines, omitted)


def _files(root: Path, limit: int, approved: Approved, record_now: str, body_now: str | None) -> tuple[FileDiff, ...]:
    found = [_file(root, "record", limit, (approved.record_path, approved.record_blob), record_now)]
    if approved.body_path is not None or body_now is not None:
        found.append(_file(root, "body", limit, (approved.body_path, approved.body_blob), body_now))
    return tuple(found)


def approval_diffs(repo: Repository, approvals: ApprovalHistory) -> dict[str, ApprovalDiff]:
    """For every approved document with a committed approval: its files now against the approval, by id."""
    if not approvals.trails:
        return {}
    root, limit = repo.root, repo.config.bytes_limit()
    merges = history.merged_by(root, frozenset(trail.approval.sha for trail in approvals.trails.values()))
    found: dict[str, ApprovalDiff] = {}
    for entry in repo.entries:
        trail = approvals.trails.get(entry.id or "")
        if trail is None or trail.approved is None or repo.by_id.get(entry.id or "") is not entry:
            continue
        merge = merges.get(trail.approval.sha)
        pull = pull_request(merge.message) if merge is not None else None
        if pull is None:
            pull = pull_request(trail.approval.message)
        assert entry.id is not None
        found[entry.id] = ApprovalDiff(trail.approval, merge, pull,
                                       _files(root, limit, trail.approved, entry.path, body_path(entry)))
    return found
