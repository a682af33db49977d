"""What every rule may look at: the loaded repository, the configuration, today, the git base, and the
approval history of the controlled documents.

Rules never read files themselves; what several rules need (coverage, references, the committed CODEOWNERS)
is computed here once.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, NamedTuple

from sms.analysis.approvals import ApprovalHistory, approval_history
from sms.analysis.codeowners import CommittedFile, read_committed
from sms.analysis.coverage import ClauseStatus, compute
from sms.git.base import Base
from sms.models import CONTROLLED, LIFECYCLE
from sms.models.common import DocumentControl
from sms.store.config import Config
from sms.store.loader import Document
from sms.store.phasing import Coverage
from sms.store.repository import Entry, Repository


class UndatedRead(RuntimeError):
    """A rule run without a day read it: a bug in the rule's declaration (Rule.dated), never the user's."""


@dataclass(frozen=True)
class CheckContext:
    """What every rule may look at. Rules never read files themselves."""

    repo: Repository
    config: Config
    day: date | None
    """The day the check judges as at (`today`); None for the per-file rules that are not dated (Rule.dated)."""
    base: Base | None = None  # set when git-aware rules can compare with a base (--base)
    config_source: Document | None = None  # sms.yaml as parsed, for the positions of its settings
    history: ApprovalHistory | Callable[[], ApprovalHistory] | None = None
    """Given by a caller that also shows it (the site) or keeps it between runs (asked when a rule needs it);
    else read from git on demand."""
    phasing: Coverage | None = None  # the coverage phase that governs (the base's until a change to it is approved)

    @property
    def today(self) -> date:
        """The day the check judges as at (`--today`, else the clock's)."""
        if self.day is None:
            raise UndatedRead("a per-file rule that is not dated (Rule.dated) read the day")
        return self.day

    @cached_property
    def approvals(self) -> ApprovalHistory:
        """The approval history of every approved document, from git whatever --base says (SMS313)."""
        history = self.history
        if callable(history):
            return history()
        return history if history is not None else approval_history(self.repo)

    @cached_property
    def coverage(self) -> list[ClauseStatus]:
        """Clause coverage, computed once for every rule that needs it."""
        return compute(self.repo, phasing=self.phasing, today=self.today)

    @cached_property
    def codeowners_file(self) -> CommittedFile:
        """The committed .github/CODEOWNERS (SMS904), read once with the loader's safety checks."""
        return read_committed(self.repo.root)

    @cached_property
    def documents(self) -> list[tuple[Entry, DocumentControl]]:
        """Every valid controlled document with its document block, found once: a dozen rules walk them, and
        asking each of 10,000 records for a field most of them lack goes through pydantic's slow fallback."""
        found: list[tuple[Entry, DocumentControl]] = []
        for entry in self.repo.of_kinds(CONTROLLED):
            document = getattr(entry.record, "document", None)
            if isinstance(document, DocumentControl):
                found.append((entry, document))
        return found

    @cached_property
    def lifecycle_records(self) -> list[tuple[Entry, Any]]:
        """Valid records that carry a status history, found once for the five rules that walk them."""
        return [(entry, entry.record) for entry in self.repo.entries
                if entry.kind in LIFECYCLE and entry.record is not None]

    def references(self, to: Container[str] | None = None) -> Iterator[Reference]:
        """Every reference of every record whose kind is known, or only those naming an id of `to` (found when
        each record was read; made here as asked, not kept: a list of them would hold 100 MB at 100,000
        records). A rule asks for what it judges: 800,000 references made into tuples cost a second."""
        if to is None:
            return (Reference(entry, path, target, kinds) for entry in self.repo.entries
                    for path, target, kinds in entry.refs)
        return (Reference(entry, path, target, kinds) for entry in self.repo.entries
                for path, target, kinds in entry.refs if target in to)


class Reference(NamedTuple):
    """One reference from a record field to another record's id (a named tuple: 85,000 of them are made for
    10,000 records, and a frozen dataclass costs three times as much to make)."""

    source: Entry
    path: tuple[str | int, ...]
    target: str
    kinds: tuple[str, ...]
