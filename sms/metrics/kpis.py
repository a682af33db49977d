"""KPI values per period, from the KPI's formula (sms.metrics.formulas) or its hand-entered measurements.

A KPI is reported for the periods of its own frequency: asked about a period P (a month, quarter or year), its
*current* period is the latest one of its frequency that is over by the end of P (for 2026-10: monthly
2026-10, quarterly 2026-Q3, yearly 2025), or P's own when that has not ended yet as at today. Its trend is the
`count` periods of its frequency ending with the current one.

A period's value comes from the formula when the KPI has one and the period starts on or after
`formula.since` (or there is no `since`); otherwise from the last measurement dated within the period (its
`period` date is normally the period's first day). `met` compares the exact value with the target in the
KPI's direction (higher_is_better: at least the target; lower_is_better: at most). Values are shown to two
decimals, never rounded across the target (sms.metrics.sla.percent). Objectives whose `kpi` (or `links.kpis`)
is the KPI show their progress: the current value against the objective's own target.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from sms.analysis.actions import Actions, actions
from sms.core.errors import UsageError
from sms.metrics.formulas import Records, compute, prepare
from sms.metrics.periods import Period, containing, latest_by, series
from sms.metrics.sla import exact, percent
from sms.models.governance import Objective
from sms.models.service import Kpi
from sms.store.repository import Entry, Repository

COMPARISON = {"higher_is_better": "at_least", "lower_is_better": "at_most"}


@dataclass(frozen=True)
class KpiPoint:
    """A KPI's value for one period; `source` says where it came from ("formula", "measurement", or None when
    there is no value)."""

    period: str
    first: date
    last: date
    value: float | None
    source: str | None
    met: bool | None
    counted: tuple[str, ...] = ()  # the records a formula counted
    note: str | None = None
    where: tuple[str | int, ...] = ()  # the field that holds a measurement, for findings


@dataclass(frozen=True)
class ObjectiveProgress:
    """An objective measured by the KPI: its target against the KPI's current value."""

    id: str
    title: str
    target: float
    due: date
    value: float | None
    met: bool | None


@dataclass(frozen=True)
class KpiResult:
    id: str
    title: str
    unit: str
    target: float
    direction: str
    frequency: str
    formula: str | None
    services: tuple[str, ...]
    current: KpiPoint
    trend: tuple[KpiPoint, ...]  # oldest first, ending with `current`
    objectives: tuple[ObjectiveProgress, ...]
    actions: tuple[str, ...] = ()  # improvements and nonconformities linking the KPI or its objectives


def quantity(value: float, unit: str) -> str:
    """99.5 %, 4.2 score, 30 minutes: a value with its unit, whole numbers without a decimal point."""
    shown = str(int(value)) if float(value).is_integer() else repr(float(value))
    return f"{shown} %" if unit == "percent" else f"{shown} {unit}"


def meets(value: Fraction, target: float, direction: str) -> bool:
    goal = exact(target)
    return value >= goal if direction == "higher_is_better" else value <= goal


def current_period(frequency: str, period: Period, today: date) -> Period:
    """The KPI's period to report for `period` (see the module docstring)."""
    found = latest_by(frequency, period.end)
    if period.end > today:  # P is still running: report the KPI's period running now, so far
        found = containing(frequency, min(period.last, today))
    return found


def point(records: Records, kpi: Kpi, period: Period) -> KpiPoint:
    """The KPI's value for one period of its frequency."""
    base = KpiPoint(period.label, period.first, period.last, None, None, None)
    formula = kpi.formula
    if formula is not None and (formula.since is None or period.first >= formula.since):
        computed = compute(records, kpi, period)
        if computed.value is None:
            return KpiPoint(period.label, period.first, period.last, None, "formula", None, computed.counted)
        met = meets(computed.value, kpi.target, kpi.direction)
        shown = percent(computed.value, exact(kpi.target), COMPARISON[kpi.direction])
        return KpiPoint(period.label, period.first, period.last, shown, "formula", met, computed.counted,
                        where=("formula",))
    found = [(i, m) for i, m in enumerate(kpi.measurements) if period.first <= m.period < period.end]
    if not found:
        return base
    index, measurement = found[-1]
    return KpiPoint(period.label, period.first, period.last, measurement.value, "measurement",
                    meets(exact(measurement.value), kpi.target, kpi.direction), note=measurement.note,
                    where=("measurements", index, "value"))


def _objectives(repo: Repository, kpi: Kpi, current: KpiPoint) -> tuple[ObjectiveProgress, ...]:
    found = []
    for entry in repo.of_kind("objective"):
        record = entry.record
        if isinstance(record, Objective) and kpi.id in (record.kpi, *record.links.kpis):
            met = None if current.value is None else meets(exact(current.value), record.target, kpi.direction)
            found.append(ObjectiveProgress(record.id, record.title, record.target, record.due, current.value, met))
    return tuple(sorted(found, key=lambda o: o.id))


def result(records: Records, kpi: Kpi, period: Period, count: int, acting: Actions | None = None) -> KpiResult:
    """One KPI reported for `period` with `count` periods of trend."""
    last = current_period(kpi.frequency, period, records.today)
    trend = tuple(point(records, kpi, p) for p in series(kpi.frequency, last, count))
    return KpiResult(kpi.id, kpi.title, kpi.unit, kpi.target, kpi.direction, kpi.frequency,
                     kpi.formula.name if kpi.formula else None, tuple(kpi.links.services), trend[-1], trend,
                     _objectives(records.repo, kpi, trend[-1]), acting.on_kpi(kpi.id) if acting else ())


def valid_kpis(repo: Repository, kpi_id: str | None = None) -> list[Entry]:
    entries = sorted((e for e in repo.of_kind("kpi") if isinstance(e.record, Kpi)), key=lambda e: e.id or "")
    if kpi_id is None:
        return entries
    chosen = [e for e in entries if e.id == kpi_id]
    if not chosen:
        raise UsageError(f"--kpi: no valid KPI '{kpi_id}' in {repo.root}",
                         hint="known KPIs: " + (", ".join(str(e.id) for e in entries) or "none"))
    return chosen


def kpis(repo: Repository, period: Period, today: date, count: int = 6, kpi_id: str | None = None) -> list[KpiResult]:
    """Every valid KPI (or only `kpi_id`), reported for `period` as at `today`."""
    if count < 1:
        raise UsageError(f"--trend: {count} is not a number of periods; use 1 or more")
    records = prepare(repo, today)
    acting = actions(repo)
    found = []
    for entry in valid_kpis(repo, kpi_id):
        assert isinstance(entry.record, Kpi)
        found.append(result(records, entry.record, period, count, acting))
    return found
