"""SLA attainment for a period: each target of each SLA measured from the records.

- Per-event targets (response_time, resolution_time, fulfilment_time) count the incidents (for
  response_time also the requests, when the target names no priority; for fulfilment_time the requests)
  on a service the SLA covers, of the target's priority if it names one, reported within the period. A
  record still open counts once its running clock has passed the target (a certain breach); until then it
  is listed as open. `actual` is the share of events within the target; with an `attainment` threshold
  the target is met when that share reaches it, without one any breach misses it (no events: met).
- availability: 100 × (1 − downtime ÷ the period's time) within the target's calendar, where downtime is
  the time any covered service was fully down (outages clipped to the period, overlaps counted once).
  `measurements` are each service's outage minutes; `breaches` the incidents whose outages count, when
  the target is missed.
- The period is cut to the SLA's validity (valid_from .. valid_until) and to the end of `today`; a period
  that has not begun yet measures nothing (`met` and `actual` null).
- Other metrics (error rate, latency, satisfaction, RTO, RPO, ...) come from monitoring, surveys or tests,
  not from the records: they are listed with `measured` false.
Periods longer than a target's own (`period:` monthly, quarterly or yearly; per-event targets are judged per
month, as the service reports are): a quarter or a year is measured as a whole *and* in each of the target's
periods within it that has begun as at today (`parts`, e.g. the quarter's three months). The longer period is
met only if every one of those parts is met: 99.96 % over a quarter does not hide a September at 99.88 %
against 99.95 %. `actual` stays the whole period's figure and `whole_met` says whether that figure alone
reaches the target; `breaches` then also names the breaches of the missed parts.
`met` is decided on the exact value. Percentages are shown rounded to two decimals (half up), except that a
missed target is never shown at or past its goal: 99.949 % against "at least 99.95" shows 99.94, not 99.95.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from fractions import Fraction
from math import floor

from sms.core.errors import InputError, UsageError
from sms.metrics.availability import down_seconds, downtimes
from sms.metrics.calendars import WorkCalendar, calendars
from sms.metrics.clocks import Ticket, resolution, response
from sms.metrics.clocks import tickets as repo_tickets
from sms.metrics.periods import Period, containing
from sms.models.operations import Incident
from sms.models.service import Sla, Target
from sms.store.repository import Entry, Repository

PER_EVENT = ("response_time", "resolution_time", "fulfilment_time")
MEASURED = (*PER_EVENT, "availability")
UNIT_SECONDS = {"milliseconds": Fraction(1, 1000), "seconds": Fraction(1), "minutes": Fraction(60),
                "hours": Fraction(3600), "business_hours": Fraction(3600)}


@dataclass(frozen=True)
class TargetResult:
    """One target measured over one period."""

    metric: str
    priority: str | None
    target: float
    unit: str
    comparison: str
    calendar: str
    attainment: float | None  # the threshold the SLA states, in percent; None: any breach misses
    measured: bool  # False: the metric is not computed from records
    events: int = 0
    breaches: tuple[str, ...] = ()
    met: bool | None = None
    actual: float | None = None  # percent, to two decimals (see percent())
    measurements: dict[str, float] = field(default_factory=dict)  # record id (or service id): minutes
    open: tuple[str, ...] = ()  # records whose clock still runs within the target
    parts: tuple[Part, ...] = ()  # the target's own periods within a longer one (see the module docstring)
    whole_met: bool | None = None  # the whole period's figure alone against the target (= met without parts)


@dataclass(frozen=True)
class Part:
    """A target measured over one of its own periods (a month of a quarter, say)."""

    label: str
    first: date
    last: date
    events: int
    breaches: tuple[str, ...]
    met: bool | None
    actual: float | None


@dataclass(frozen=True)
class SlaResult:
    """An SLA's targets measured over the days `first`..`last` (the period cut to the SLA's validity)."""

    id: str
    title: str
    services: tuple[str, ...]
    calendar: str
    first: date
    last: date
    targets: tuple[TargetResult, ...]


@dataclass(frozen=True)
class _Scope:
    """What every target of one SLA is measured against."""

    entry: Entry
    sla: Sla
    period: Period
    today: date
    tickets: tuple[Ticket, ...]  # in order of (reported, id)
    reported: tuple[datetime, ...]  # each ticket's `reported`, in the same order: a window is two bisections
    incidents: tuple[Incident, ...]
    response_statuses: frozenset[str]
    stop_statuses: frozenset[str]


def attainment(repo: Repository, period: Period, today: date, sla_id: str | None = None) -> list[SlaResult]:
    """Every SLA in force during `period` (or only `sla_id`), its targets measured as at `today`, each with its
    parts when the period is longer than the target's own."""
    operations = _operations(repo)  # once for the whole period and all its parts
    results = _measure(repo, operations, period, today, sla_id, strict=True)
    subs: dict[str, list[tuple[Period, dict[str, SlaResult]]]] = {}
    for frequency in {_frequency(t.period) for result in results for t in _targets(repo, result.id)}:
        units = _units(frequency, period, today)
        subs[frequency] = [(unit, {r.id: r for r in _measure(repo, operations, unit, today, sla_id,
                                                                  strict=False)})
                           for unit in units] if len(units) > 1 else []
    return [_with_parts(repo, result, subs) for result in results]


def _frequency(target_period: str) -> str:
    """The period a target is judged over: its own, or a month for per-event targets."""
    return "monthly" if target_period == "per_event" else target_period


def _units(frequency: str, period: Period, today: date) -> list[Period]:
    """The periods of `frequency` that lie within `period` and have begun as at `today`."""
    found = []
    unit = containing(frequency, period.first)
    while unit.first < period.end and unit.first <= today:
        if unit.first >= period.first and unit.end <= period.end:
            found.append(unit)
        unit = containing(frequency, unit.end)
    return found


def _targets(repo: Repository, sla_id: str) -> list[Target]:
    record = repo.by_id[sla_id].record
    return list(record.targets) if isinstance(record, Sla) else []


def _with_parts(repo: Repository, result: SlaResult,
                subs: dict[str, list[tuple[Period, dict[str, SlaResult]]]]) -> SlaResult:
    targets = []
    for index, (target, found) in enumerate(zip(_targets(repo, result.id), result.targets, strict=True)):
        parts = []
        for unit, measured in subs.get(_frequency(target.period), []):
            sla = measured.get(result.id)
            if sla is None:  # not in force in that part
                continue
            one = sla.targets[index]
            parts.append(Part(unit.label, sla.first, sla.last, one.events, one.breaches, one.met, one.actual))
        if not parts or found.met is None:
            targets.append(replace(found, whole_met=found.met))
            continue
        met = found.met and all(part.met is not False for part in parts)
        breaches = dict.fromkeys(found.breaches)
        for part in parts:
            if part.met is False:
                breaches.update(dict.fromkeys(part.breaches))
        targets.append(replace(found, parts=tuple(parts), met=met, whole_met=found.met, breaches=tuple(breaches)))
    return replace(result, targets=tuple(targets))


@dataclass(frozen=True)
class _Operations:
    """The incidents, and every incident and request as the clocks see it in order of (reported, id), with when
    each was reported: made once per measurement, not once per month of it."""

    incidents: tuple[Incident, ...]
    tickets: tuple[Ticket, ...]
    reported: tuple[datetime, ...]


def _operations(repo: Repository) -> _Operations:
    records = [entry.record for entry in repo.of_kind(Incident.KIND)]
    tickets = tuple(sorted(repo_tickets(repo), key=lambda t: (t.reported, t.id)))
    return _Operations(tuple(record for record in records if isinstance(record, Incident)), tickets,
                       tuple(t.reported for t in tickets))


def _measure(repo: Repository, operations: _Operations, period: Period, today: date, sla_id: str | None, *,
             strict: bool) -> list[SlaResult]:
    """The SLAs measured over `period` as a whole; `strict`: an `sla_id` not in force then is a usage error."""
    known = calendars(repo.config)
    tickets, reported, incidents = operations.tickets, operations.reported, operations.incidents
    results = []
    for entry in _slas(repo, sla_id):
        assert isinstance(entry.record, Sla)
        first, last = _in_force(entry.record, period)
        if first > last:
            if sla_id is not None and strict:
                until = entry.record.valid_until
                raise UsageError(f"{sla_id} is not in force in {period.label}",
                                 hint=f"it applies from {entry.record.valid_from}" + (f" to {until}" if until else ""))
            continue
        scope = _Scope(entry, entry.record, Period(period.label, first, last + timedelta(days=1)), today,
                       tickets, reported, incidents, frozenset(repo.config.response_statuses),
                       frozenset(repo.config.clock_stop_statuses))
        targets = tuple(_target(scope, index, target, known) for index, target in enumerate(entry.record.targets))
        results.append(SlaResult(entry.record.id, entry.record.title, tuple(entry.record.links.services),
                                 entry.record.calendar, first, last, targets))
    return results


def measurable(repo: Repository, period: Period, today: date) -> dict[str, SlaResult]:
    """Every SLA in force in `period` that can be measured, by id: one naming an undefined calendar (SMS119
    reports it) is left out instead of stopping the others."""
    try:
        return {result.id: result for result in attainment(repo, period, today)}
    except InputError:
        found: dict[str, SlaResult] = {}
        for entry in _slas(repo, None):
            try:
                found.update((result.id, result) for result in attainment(repo, period, today, entry.id))
            except (InputError, UsageError):
                continue
        return found


def _slas(repo: Repository, sla_id: str | None) -> Iterator[Entry]:
    entries = sorted((e for e in repo.of_kind("sla") if isinstance(e.record, Sla)), key=lambda e: e.path)
    if sla_id is None:
        yield from entries
        return
    chosen = [e for e in entries if e.id == sla_id]
    if not chosen:
        raise UsageError(f"--sla: no valid SLA '{sla_id}' in {repo.root}",
                         hint="known SLAs: " + (", ".join(str(e.id) for e in entries) or "none"))
    yield from chosen


def _in_force(sla: Sla, period: Period) -> tuple[date, date]:
    first = max(period.first, sla.valid_from)
    last = period.last if sla.valid_until is None else min(period.last, sla.valid_until)
    return first, last


def _calendar(scope: _Scope, index: int, target: Target, known: dict[str, WorkCalendar]) -> WorkCalendar:
    name = target.calendar or scope.sla.calendar
    if name in known:
        return known[name]
    where = ("targets", index, "calendar") if target.calendar else ("calendar",)
    location = scope.entry.location(where)
    raise InputError(location.path, location.line, f"calendar '{name}' is not defined in sms.yaml",
                     column=location.column, hint="known calendars: " + ", ".join(sorted(known)))


def _target(scope: _Scope, index: int, target: Target, known: dict[str, WorkCalendar]) -> TargetResult:
    name = target.calendar or scope.sla.calendar
    base = TargetResult(target.metric, target.priority, target.target, target.unit, target.comparison, name,
                        target.attainment, measured=False)
    if target.metric not in MEASURED:
        return base
    calendar = _calendar(scope, index, target, known)
    start, end = scope.period.bounds(calendar)
    now = calendar.midnight(scope.today + timedelta(days=1))
    end = min(end, now)
    if end <= start:  # the period has not begun as at today: nothing measured, nothing met or missed
        return replace(base, measured=True)
    if target.metric == "availability":
        return _availability(scope, target, base, calendar, (start, end), now)
    limit = limit_seconds(target, calendar)
    if limit is None:  # a time metric with a unit that is not a time: nothing to compare
        return base
    return _per_event(scope, target, base, calendar, (start, end), now, limit)


def limit_seconds(target: Target, calendar: WorkCalendar) -> Fraction | None:
    factor = Fraction(calendar.day_seconds()) if target.unit == "business_days" else UNIT_SECONDS.get(target.unit)
    return None if factor is None else exact(target.target) * factor


def within(value: Fraction, target: Fraction, comparison: str) -> bool:
    return value <= target if comparison == "at_most" else value >= target


def _availability(scope: _Scope, target: Target, base: TargetResult, calendar: WorkCalendar,
                  window: tuple[datetime, datetime], now: datetime) -> TargetResult:
    services = scope.sla.links.services
    downs = downtimes(scope.incidents, services, window, now)
    elapsed = calendar.working_seconds(*window)
    per_service = {svc: minutes(down_seconds(calendar, [d for d in downs if d.service == svc])) for svc in services}
    counted = [d for d in downs if calendar.working_seconds(d.start, d.end) > 0]
    if elapsed == 0:
        return replace(base, measured=True, measurements=per_service)
    share = 100 * (1 - Fraction(down_seconds(calendar, counted), elapsed))
    met = within(share, exact(target.target), target.comparison)
    breaches = () if met else tuple(sorted({d.incident for d in counted}))
    return replace(base, measured=True, events=len({d.incident for d in counted}), breaches=breaches, met=met,
                    actual=percent(share, exact(target.target), target.comparison), measurements=per_service)


def _per_event(scope: _Scope, target: Target, base: TargetResult, calendar: WorkCalendar,
               window: tuple[datetime, datetime], now: datetime, limit: Fraction) -> TargetResult:
    measured: dict[str, float] = {}
    breaches, still_open = [], []
    for record in _counted(scope, target, window):
        if target.metric == "response_time":
            clock = response(record, calendar, scope.response_statuses, now)
        else:
            clock = resolution(record, calendar, scope.stop_statuses, now)
        inside = within(Fraction(clock.seconds), limit, target.comparison)
        if clock.running and inside:
            still_open.append(record.id)
            continue
        measured[record.id] = minutes(clock.seconds)
        if not inside:
            breaches.append(record.id)
    events = len(measured)
    share = 100 * Fraction(events - len(breaches), events) if events else None
    threshold = None if target.attainment is None or share is None else exact(target.attainment)
    met = not breaches if threshold is None or share is None else share >= threshold
    return replace(base, measured=True, events=events, breaches=tuple(breaches), met=met,
                    actual=None if share is None else percent(share, threshold or Fraction(100), "at_least"),
                    measurements=measured,
                    open=tuple(still_open))


def applies(target: Target, record: Ticket, services: Collection[str]) -> bool:
    """Whether a per-event target counts this incident or request (its kind, priority and services), wherever
    it was reported; cancelled records never count."""
    kinds = {"response_time": {"incident"} if target.priority else {"incident", "request"},
             "resolution_time": {"incident"}, "fulfilment_time": {"request"}}.get(target.metric, set())
    return (record.kind in kinds and not record.cancelled and bool(set(services).intersection(record.services))
            and (target.priority is None or record.priority == target.priority))


def _counted(scope: _Scope, target: Target, window: tuple[datetime, datetime]) -> list[Ticket]:
    # Only the tickets reported in the window are looked at (they are sorted by when): every target of every SLA
    # in every month scanned all incidents and requests, SLAs x targets x months x tickets.
    start, end = window
    within = scope.tickets[bisect_left(scope.reported, start):bisect_left(scope.reported, end)]
    return [t for t in within if applies(target, t, scope.sla.links.services)]


def minutes(seconds: int) -> float:
    """Seconds as minutes: whole when whole, else to two decimals."""
    return seconds // 60 if seconds % 60 == 0 else round(seconds / 60, 2)


def percent(value: Fraction, goal: Fraction | None, comparison: str) -> float:
    """A percentage to two decimals, rounded half up, unless that would show a missed goal as reached: then
    cut towards the miss."""
    hundredths = value * 100
    shown = Fraction(floor(hundredths + Fraction(1, 2)), 100)
    if goal is not None and not within(value, goal, comparison) and within(shown, goal, comparison):
        shown = Fraction(floor(hundredths) if comparison == "at_least" else -floor(-hundredths), 100)
    return float(shown)


def exact(number: float) -> Fraction:
    """The decimal a record states (99.9), not its binary float (99.900000000000005684...)."""
    return Fraction(repr(float(number)))
