"""Where a record of a high-volume kind is published: in its kind's register pages per month, with an anchor.

A kind whose entry in the kinds table names `dated_by` (incidents, requests, changes, releases: thousands a year
in a mature SMS) is published this way once it has more than `paged_after` records: a page per month of that
timestamp, in the organisation's time zone, split into parts of at most `page_size` records when a month is
busy. Every other kind, and a dated kind below the threshold, keeps a page per record. So the page count grows
with months, not records: mkdocs spends about as much on a page as on its content, and one page per incident
is hours of build at 100,000 records.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from sms.models import KINDS
from sms.site.pages.kinds import KIND_NAMES
from sms.store.repository import Entry

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # English whatever the build machine's locale, like the rest of the site
UNDATED = "undated"  # the period of a record whose timestamp is missing or not a timestamp (an invalid record)


@dataclass(frozen=True)
class Part:
    """One page of a kind's paged register: the records of one month (or one part of a busy month)."""

    kind: str
    period: str  # "2026-10", or UNDATED
    number: int  # 1-based, within the period
    parts: int  # how many parts the period has
    entries: tuple[Entry, ...]

    @property
    def path(self) -> str:
        suffix = "" if self.number == 1 else f"-{self.number}"
        return f"registers/{KIND_NAMES[self.kind][2]}/{self.period}{suffix}.md"

    @property
    def label(self) -> str:
        """'October 2026', 'October 2026, part 2 of 3', 'Undated'."""
        year, _, month = self.period.partition("-")
        name = "Undated" if self.period == UNDATED else f"{MONTHS[int(month) - 1]} {year}"
        return name if self.parts == 1 else f"{name}, part {self.number} of {self.parts}"


@dataclass(frozen=True)
class Paging:
    """The paged kinds' pages (newest month first), and the page of each paged record."""

    parts: dict[str, list[Part]] = field(default_factory=dict)  # kind → its pages
    page_of: dict[str, str] = field(default_factory=dict)  # record id → the page holding it

    def paged(self, kind: str | None) -> bool:
        return kind in self.parts


def dated(entry: Entry, path: str, zone: tzinfo) -> datetime | None:
    """The record's timestamp at a dotted path ('history.0.at'), in `zone`: from the typed record, or from the
    data as written when the record does not pass its schema; None when there is none."""
    value: object = entry.record if entry.record is not None else entry.data
    for step in path.split("."):
        if isinstance(value, list):
            index = int(step) if step.isdigit() else len(value)
            value = value[index] if index < len(value) else None
        elif isinstance(value, dict):
            value = value.get(step)
        else:
            value = getattr(value, step, None)
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return (value if value.tzinfo is not None else value.replace(tzinfo=zone)).astimezone(zone)


def place(entries: Iterable[Entry], zone: tzinfo, *, paged_after: int, page_size: int) -> Paging:
    """Which kinds are paged, and each paged record's page."""
    by_kind: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.kind is not None and entry.id is not None and KINDS.spec(entry.kind).dated_by is not None:
            by_kind[entry.kind].append(entry)
    paging = Paging()
    for kind, members in by_kind.items():
        if len(members) <= paged_after:
            continue
        path = KINDS.spec(kind).dated_by
        assert path is not None
        months: dict[str, list[tuple[datetime | None, str, Entry]]] = defaultdict(list)
        for entry in members:
            when = dated(entry, path, zone)
            months[f"{when:%Y-%m}" if when is not None else UNDATED].append((when, entry.id or "", entry))
        parts = paging.parts[kind] = []
        for period in sorted(months, key=lambda p: (p != UNDATED, p), reverse=True):  # newest first, undated last
            ordered = [entry for _, _, entry in sorted(months[period], key=_order)]
            parts.extend(_split(kind, period, ordered, page_size))
        for part in parts:
            for entry in part.entries:
                paging.page_of[entry.id or ""] = part.path
    return paging


def _order(item: tuple[datetime | None, str, Entry]) -> tuple[float, str]:
    when, record_id, _ = item
    return (when.timestamp() if when is not None else 0.0, record_id)


def _split(kind: str, period: str, entries: Sequence[Entry], page_size: int) -> list[Part]:
    """A month's records, oldest first, in parts of page_size; the last part takes the rest. Fixed-size parts
    keep a record on its page when later records join the month, so a link an auditor wrote down still works."""
    count = max(1, math.ceil(len(entries) / page_size))
    return [Part(kind, period, number + 1, count, tuple(entries[number * page_size:(number + 1) * page_size]))
            for number in range(count)]
