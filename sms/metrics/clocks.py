"""The SLA clocks of one incident or service request: response time and resolution (fulfilment) time.

- Response: from `reported_at` (`requested_at`) to the first history entry whose status is a response
  status (sms.yaml `response_statuses`, default assigned and in_progress); a record that reached its
  resolution without one was answered then.
- Resolution: from `reported_at` to the last resolution (the later of `resolved_at` and the last history
  entry entering `resolved`; for requests `fulfilled_at` / `fulfilled`), minus every interval spent in a
  clock-stop status (sms.yaml `clock_stop_statuses`): from the entry entering it to the next entry. A
  record reopened and not resolved again is still running.
Both count working time of a calendar. A clock that is still running is measured up to `now`.
"""

from __future__ import annotations

import weakref
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sms.metrics.calendars import WorkCalendar
from sms.models.operations import Incident, Request

if TYPE_CHECKING:
    from sms.store.repository import Entry, Repository

RESOLVED = {"incident": "resolved", "request": "fulfilled"}
TERMINAL = {"incident": frozenset({"resolved", "closed"}), "request": frozenset({"fulfilled", "closed"})}


@dataclass(frozen=True)
class Ticket:
    """An incident or request as the clocks see it: when it was raised, and its status history."""

    id: str
    kind: str
    priority: str | None
    services: tuple[str, ...]
    reported: datetime
    steps: tuple[tuple[str, datetime], ...]  # (status entered, when), oldest first
    resolved: datetime | None  # the last resolution, while the record stays resolved

    @property
    def cancelled(self) -> bool:
        return bool(self.steps) and self.steps[-1][0] == "cancelled"


@dataclass(frozen=True)
class Clock:
    """A measured duration in working seconds; `running` while the clock has not stopped yet."""

    seconds: int
    running: bool


def ticket(record: Incident | Request) -> Ticket:
    """The clocks' view of an incident or a request."""
    steps = tuple((event.status, event.at) for event in record.history)
    if isinstance(record, Incident):
        kind, priority, reported, stated = "incident", record.priority, record.reported_at, record.resolved_at
    else:
        kind, priority, reported, stated = "request", None, record.requested_at, record.fulfilled_at
    return Ticket(record.id, kind, priority, tuple(record.links.services), reported, steps,
                  _last_resolution(kind, steps, stated))


_HELD: list[tuple[weakref.ref[Repository], list[Entry], int, tuple[Ticket, ...]]] = []


def tickets(repo: Repository) -> tuple[Ticket, ...]:
    """Every valid incident and request of `repo` as the clocks see it, in entry order. Made once per repository
    and kept while it lives (the site measures SLAs and KPIs over several periods, and each made all of them
    again: 40,000 at 10,000 records), and made again when `entries` is replaced or grows, as Repository.of_kind
    groups again."""
    if _HELD:
        held, entries, count, found = _HELD[0]
        if held() is repo and entries is repo.entries and count == len(entries):
            return found
    found = tuple(ticket(entry.record) for entry in repo.of_kinds((Incident.KIND, Request.KIND))
                  if isinstance(entry.record, Incident | Request))  # of these kinds only: others stay packed
    _HELD[:] = [(weakref.ref(repo, lambda _: _HELD.clear()), repo.entries, len(repo.entries), found)]
    return found


def _last_resolution(kind: str, steps: tuple[tuple[str, datetime], ...], stated: datetime | None) -> datetime | None:
    if not steps or steps[-1][0] not in TERMINAL[kind]:
        return None  # never resolved, reopened, or cancelled
    entered = [at for status, at in steps if status == RESOLVED[kind]]
    candidates = [moment for moment in (stated, entered[-1] if entered else None) if moment is not None]
    if not candidates:  # closed without a resolution step or time: resolved when it closed
        candidates = [steps[-1][1]]
    return max(candidates)


def response(record: Ticket, calendar: WorkCalendar, statuses: Collection[str], now: datetime) -> Clock:
    """Working time from report to the first response (or to the resolution, reached without one)."""
    for status, at in record.steps:
        if status in statuses or status in TERMINAL[record.kind]:
            return Clock(calendar.working_seconds(record.reported, at), running=False)
    return Clock(calendar.working_seconds(record.reported, now), running=True)


def resolution(record: Ticket, calendar: WorkCalendar, stops: Collection[str], now: datetime) -> Clock:
    """Working time from report to the last resolution, less the time in clock-stop statuses."""
    end = record.resolved if record.resolved is not None else now
    total = calendar.working_seconds(record.reported, end)
    for index, (status, entered) in enumerate(record.steps):
        if status not in stops:
            continue
        left = record.steps[index + 1][1] if index + 1 < len(record.steps) else end
        total -= calendar.working_seconds(max(entered, record.reported), min(left, end))
    return Clock(max(total, 0), running=record.resolved is None)
