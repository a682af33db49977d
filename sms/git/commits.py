"""What sms knows of commits, as plain data: no gitpython object leaves sms.git.history, which makes these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Commit:
    """One commit, as shown in revision histories."""

    sha: str
    date: datetime
    author: str
    email: str
    message: str

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True)
class Change:
    """One file touched by the commits between a base and the work tree."""

    status: str  # A added, M modified, D deleted, R renamed
    path: str  # the path now (for D: the path at base)
    old_path: str | None = None  # for R: the path at base


@dataclass(frozen=True)
class Touch:
    """One commit's change to one file, as `git log --raw` reports it."""

    order: int  # position in the log: 0 is the newest commit; a larger number is older
    commit: Commit
    status: str  # A added, M modified, D deleted, R renamed (T, a type change, counts as M)
    path: str  # the file's path after the commit, relative to the SMS root
    blob: str | None  # the file's blob after the commit; None when the commit deleted it
    old_path: str | None = None  # for R: the path before the commit
    merge: bool = False  # the commit is a merge (its change is the one on its first parent)


@dataclass(frozen=True)
class PathLog:
    """Every commit on HEAD's history that touched files under some folders, read with one `git log`."""

    touches: dict[str, list[Touch]]  # by the path after the commit, newest first
    shallow: bool  # the clone is shallow: history before its cut-off is missing

    def lineage(self, path: str) -> list[Touch]:
        """The touches of one file, newest first, following renames back to where it was added."""
        found: list[Touch] = []
        newer_than = -1
        while True:
            older = [touch for touch in self.touches.get(path, []) if touch.order > newer_than]
            for touch in older:
                found.append(touch)
                if touch.status == "A" or (touch.status == "R" and touch.old_path is None):
                    return found
                if touch.status == "R" and touch.old_path is not None:
                    path, newer_than = touch.old_path, touch.order
                    break
            else:
                return found
