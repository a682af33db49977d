"""The fixed set of KPI formulas: each computes one value for one period from the records, exactly.

Every formula works on the 24x7 calendar (elapsed time; period boundaries at midnight in its time zone), counts
only the records on a service the KPI links (none linked: every record), and stops at the end of `today` (a
period not begun yet has no value). "In the period" means at or after its first midnight and before the next
period's.

- change_success_rate (percent): changes whose history first enters `implemented` in the period. Failed: the
  change went to `failed` or `backed_out`, or its post-implementation review says `unsuccessful` or
  `partially_successful`. Succeeded: reviewed `successful`. A change implemented but not yet reviewed is not
  counted yet. Value: 100 × succeeded ÷ (succeeded + failed).
- emergency_change_ratio (percent): of the changes first implemented in the period, the share of type
  `emergency`.
- mean_time_to_restore (minutes, hours or days): incidents whose last resolution falls in the period (as
  sms.metrics.clocks defines it: a reopened incident counts when it is resolved again); the mean elapsed time
  from `reported_at` to that resolution, clock-stop statuses included (the customer waited through them).
- mean_time_to_acknowledge (minutes, hours or days): incidents reported in the period; the mean elapsed time
  to the first response status (sms.yaml `response_statuses`). Incidents not yet answered are left out.
- sla_attainment (percent): the per-event targets (response, resolution, fulfilment; only `metric` if the
  formula names one) of every SLA covering a linked service, as sms.metrics.sla measures them: 100 × events
  within target ÷ events. An SLA that cannot be measured (an undefined calendar, SMS119) is left out.
- reopen_rate (percent): incidents first resolved in the period; the share that left `resolved`/`closed` for
  an open status afterwards (as at today).
- backlog_age (minutes, hours or days): incidents and requests open at the end of the period (or at the end
  of today, if earlier) — reported before it and, by their history at that instant, neither resolved,
  fulfilled, closed nor cancelled; the mean of their ages then. An empty backlog is 0.
- availability (percent): 100 × (1 − the time any linked service (none linked: every service) was fully down
  ÷ the period's time), from the incidents' outages as sms.metrics.availability measures them.
The incident formulas (restore, acknowledge, reopen) take only incidents of `priority` when the formula names one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction

from sms.metrics.availability import down_seconds, downtimes
from sms.metrics.calendars import WorkCalendar, calendars
from sms.metrics.clocks import TERMINAL, Ticket, resolution, response, tickets
from sms.metrics.periods import Period
from sms.metrics.sla import PER_EVENT, measurable
from sms.models.change import Change
from sms.models.operations import Incident
from sms.models.service import Formula, Kpi, Service
from sms.store.config import EVERY_MINUTE
from sms.store.repository import Repository

UNIT_SECONDS = {"minutes": 60, "hours": 3600, "days": 86400}
FAILED_CHANGE = frozenset({"failed", "backed_out"})


@dataclass(frozen=True)
class Computed:
    """A formula's value for one period, exact and in the KPI's unit (None: nothing to count), and the records
    it counted."""

    value: Fraction | None
    counted: tuple[str, ...]


@dataclass(frozen=True)
class Records:
    """What the formulas read, prepared once per repository."""

    repo: Repository
    today: date
    calendar: WorkCalendar
    changes: tuple[Change, ...]
    incidents: tuple[Incident, ...]
    tickets: tuple[Ticket, ...]
    services: tuple[str, ...]
    response_statuses: frozenset[str]

    @property
    def now(self) -> datetime:
        return self.calendar.midnight(self.today + timedelta(days=1))


def prepare(repo: Repository, today: date) -> Records:
    # Only the kinds formulas count: the others stay in the record cache unread.
    valid = [entry.record for entry in repo.of_kinds((Change.KIND, Incident.KIND, Service.KIND))
             if entry.record is not None]
    incidents = tuple(r for r in valid if isinstance(r, Incident))
    return Records(repo, today, calendars(repo.config)[EVERY_MINUTE], tuple(r for r in valid if isinstance(r, Change)),
                   incidents, tickets(repo),
                   tuple(r.id for r in valid if isinstance(r, Service)), frozenset(repo.config.response_statuses))


@dataclass(frozen=True)
class Window:
    """One period as instants, cut to the end of today, with the KPI's filters."""

    start: datetime
    end: datetime
    services: frozenset[str]
    formula: Formula
    kpi: Kpi
    period: Period

    def has(self, moment: datetime | None) -> bool:
        return moment is not None and self.start <= moment < self.end

    def covers(self, services: Iterable[str]) -> bool:
        return not self.services or bool(self.services.intersection(services))

    def wants(self, record: Ticket) -> bool:
        priority = self.formula.priority
        return self.covers(record.services) and (priority is None or record.priority == priority)


def compute(records: Records, kpi: Kpi, period: Period) -> Computed:
    """The KPI's formula over `period` (the KPI must have one)."""
    assert kpi.formula is not None
    start, end = period.bounds(records.calendar)
    end = min(end, records.now)
    if end <= start:
        return Computed(None, ())
    window = Window(start, end, frozenset(kpi.links.services), kpi.formula, kpi, period)
    return FORMULAS[kpi.formula.name](records, window)


def _share(part: Iterable[str], whole: Iterable[str]) -> Computed:
    counted = tuple(sorted(set(whole)))
    value = Fraction(100 * len(set(part)), len(counted)) if counted else None
    return Computed(value, counted)


def _mean(seconds: dict[str, int], unit: str) -> Computed:
    counted = tuple(sorted(seconds))
    if not counted:
        return Computed(None, ())
    return Computed(Fraction(sum(seconds.values()), len(counted) * UNIT_SECONDS[unit]), counted)


def _implemented(records: Records, window: Window) -> list[Change]:
    def first(change: Change) -> datetime | None:
        return next((event.at for event in change.history if event.status == "implemented"), None)

    return [c for c in records.changes if window.has(first(c)) and window.covers(c.links.services)]


def change_success_rate(records: Records, window: Window) -> Computed:
    failed, succeeded = [], []
    for change in _implemented(records, window):
        outcome = change.review.outcome if change.review is not None else None
        if FAILED_CHANGE.intersection(e.status for e in change.history) or outcome in ("unsuccessful",
                                                                                     "partially_successful"):
            failed.append(change.id)
        elif outcome == "successful":
            succeeded.append(change.id)
    return _share(succeeded, succeeded + failed)


def emergency_change_ratio(records: Records, window: Window) -> Computed:
    changes = _implemented(records, window)
    return _share([c.id for c in changes if c.type == "emergency"], [c.id for c in changes])


def _incidents(records: Records, window: Window) -> list[Ticket]:
    return [t for t in records.tickets if t.kind == "incident" and window.wants(t)]


def mean_time_to_restore(records: Records, window: Window) -> Computed:
    seconds = {t.id: resolution(t, records.calendar, (), records.now).seconds
               for t in _incidents(records, window) if window.has(t.resolved)}
    return _mean(seconds, window.kpi.unit)


def mean_time_to_acknowledge(records: Records, window: Window) -> Computed:
    seconds = {}
    for record in _incidents(records, window):
        if window.has(record.reported):
            clock = response(record, records.calendar, records.response_statuses, records.now)
            if not clock.running:
                seconds[record.id] = clock.seconds
    return _mean(seconds, window.kpi.unit)


def reopen_rate(records: Records, window: Window) -> Computed:
    counted, reopened = [], []
    for record in _incidents(records, window):
        steps = [status for status, _ in record.steps]
        first = next((i for i, status in enumerate(steps) if status == "resolved"), None)
        if first is None or not window.has(record.steps[first][1]):
            continue
        counted.append(record.id)
        if any(status not in TERMINAL["incident"] for status in steps[first + 1:]):
            reopened.append(record.id)
    return _share(reopened, counted)


def backlog_age(records: Records, window: Window) -> Computed:
    at = window.end
    seconds = {}
    for record in records.tickets:
        if record.reported >= at or not window.covers(record.services):
            continue
        status = next((s for s, moment in reversed(record.steps) if moment <= at), "new")
        if status not in TERMINAL[record.kind] and status != "cancelled":
            seconds[record.id] = int((at - record.reported).total_seconds())
    found = _mean(seconds, window.kpi.unit)
    return found if found.value is not None else Computed(Fraction(0), ())


def sla_attainment(records: Records, window: Window) -> Computed:
    metrics = (window.formula.metric,) if window.formula.metric else PER_EVENT
    events = within = 0
    counted: set[str] = set()
    for result in measurable(records.repo, window.period, records.today).values():
        if not window.covers(result.services):
            continue
        for target in result.targets:
            if target.metric in metrics and target.measured:
                events += target.events
                within += target.events - len(target.breaches)
                counted.update(target.measurements)
    return Computed(Fraction(100 * within, events) if events else None, tuple(sorted(counted)))


def availability(records: Records, window: Window) -> Computed:
    services = sorted(window.services) or list(records.services)
    downs = downtimes(records.incidents, services, (window.start, window.end), records.now)
    elapsed = records.calendar.working_seconds(window.start, window.end)
    share = 100 * (1 - Fraction(down_seconds(records.calendar, downs), elapsed))
    return Computed(share, tuple(sorted({d.incident for d in downs})))


FORMULAS: dict[str, Callable[[Records, Window], Computed]] = {
    "change_success_rate": change_success_rate, "emergency_change_ratio": emergency_change_ratio,
    "mean_time_to_restore": mean_time_to_restore, "mean_time_to_acknowledge": mean_time_to_acknowledge,
    "sla_attainment": sla_attainment, "reopen_rate": reopen_rate, "backlog_age": backlog_age,
    "availability": availability,
}
