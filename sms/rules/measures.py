"""SMS118, SMS120: a measured shortfall is acted on — an SLA target missed, or a KPI below its target, in the
last closed period is linked from an improvement or a nonconformity (sms/analysis/actions.py says what links
count). The figures come from sms.metrics, the same ones `sms sla` and `sms kpi` print."""

from __future__ import annotations

from collections.abc import Iterator

from sms.analysis.actions import actions
from sms.core.findings import Finding, Severity
from sms.metrics.formulas import prepare
from sms.metrics.kpis import point, quantity
from sms.metrics.periods import latest_by
from sms.metrics.sla import SlaResult
from sms.metrics.sla import measurable as sla_measurable
from sms.models.service import SIGNS, Kpi, Sla
from sms.rules.context import CheckContext
from sms.rules.registry import rule


def _frequency(target_period: str) -> str:
    """The period a target is judged over: its own, or a month for per-event targets."""
    return "monthly" if target_period == "per_event" else target_period


@rule("SMS118", Severity.ERROR, ("8.3.3", "9.1", "10.2"))
def sla_miss_without_action(ctx: CheckContext) -> Iterator[Finding]:
    """An SLA target missed in the last closed period is linked from an improvement or a nonconformity.

    Each measured target (availability, response, resolution and fulfilment times, as `sms sla` measures them)
    is judged over the last period of its own `period` that is over as at today (per-event targets: the last
    whole month). A missed target needs an action: an improvement (not rejected) or a nonconformity whose
    links name the SLA (`slas:`) or one of the breach's incidents (`incidents:`).

    Passing example: SLA-0001's availability missed in September through INC-0005, and IMP-0005 links INC-0005.
    Failing example: the same miss with no improvement or nonconformity linking SLA-0001 or INC-0005.
    """
    linked = actions(ctx.repo)
    measured: dict[str, dict[str, SlaResult]] = {}  # by period: every measurable SLA in force
    for entry in ctx.repo.of_kind("sla"):
        sla = entry.record
        if not isinstance(sla, Sla):
            continue
        for index, target in enumerate(sla.targets):
            period = latest_by(_frequency(target.period), ctx.today)
            if period.label not in measured:
                measured[period.label] = sla_measurable(ctx.repo, period, ctx.today)
            result = measured[period.label].get(sla.id)
            if result is None or result.targets[index].met is not False:
                continue
            found = result.targets[index]
            if linked.on((sla.id, *found.breaches)):
                continue
            unit = target.unit.replace("_", " ")
            goal = f"{SIGNS[target.comparison]} {quantity(target.target, unit)}"
            actual = "" if found.actual is None else f": {found.actual:.2f} %"
            breaches = f", breaches {', '.join(found.breaches)}" if found.breaches else ""
            yield sla_miss_without_action.finding(
                f"{found.metric}{' ' + found.priority if found.priority else ''} target {goal} missed in "
                f"{period.label}{actual}{breaches}; no improvement or nonconformity links {sla.id} or a breach",
                entry.location(("targets", index)), record_id=sla.id,
                hint=f"raise an improvement or nonconformity with links: slas: [{sla.id}] (or the breach's incident)")


@rule("SMS120", Severity.WARNING, ("9.1", "10.2"))
def kpi_shortfall_without_action(ctx: CheckContext) -> Iterator[Finding]:
    """A KPI below its target in its last closed period is linked from an improvement or a nonconformity.

    The KPI's value for the last period of its frequency that is over as at today (computed by its formula or
    typed in, as `sms kpi` shows it) is compared with its target in its direction. Below target, an
    improvement (not rejected) or a nonconformity must link the KPI (`kpis:`) or an objective the KPI
    measures (`objectives:`).

    Passing example: KPI-0005 at 4.2 against 4.3 in 2026-Q3, and IMP-0004 links OBJ-0003, which KPI-0005 measures.
    Failing example: KPI-0007 at 98.9 % against 99.5 % in 2026-10, and nothing links it.
    """
    linked = actions(ctx.repo)
    records = None
    for entry in ctx.repo.of_kind("kpi"):
        kpi = entry.record
        if not isinstance(kpi, Kpi):
            continue
        if records is None:
            records = prepare(ctx.repo, ctx.today)
        period = latest_by(kpi.frequency, ctx.today)
        found = point(records, kpi, period)
        if found.met is not False or linked.on_kpi(kpi.id):
            continue
        assert found.value is not None
        yield kpi_shortfall_without_action.finding(
            f"{kpi.id} was {quantity(found.value, kpi.unit)} in {period.label}, missing its target "
            f"{SIGNS[kpi.direction]} {quantity(kpi.target, kpi.unit)}; no improvement or nonconformity links it",
            entry.location(found.where or ("target",)), record_id=kpi.id,
            hint=f"raise an improvement or nonconformity with links: kpis: [{kpi.id}]")
