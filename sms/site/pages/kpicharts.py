"""KPIs on the site: the KPI page (a summary table, then a chart and a table of values per KPI, grouped by unit)
and the chart on a KPI's record page. Values are sms.metrics.kpis' — computed by a formula or typed in — for
the periods of each KPI's frequency up to the last whole month before the site's day; the KPIs of one unit
share one scale, so two percentages compare at a glance."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from sms.analysis.actions import actions
from sms.metrics.formulas import prepare
from sms.metrics.kpis import KpiPoint, KpiResult, quantity, result
from sms.metrics.periods import last_closed_month
from sms.models.service import Kpi
from sms.site.charts import Point, Scale, common_scale, line_chart
from sms.site.fields import label_value
from sms.site.pages.chrome import front
from sms.site.pages.html import Cell, badge, html_block, table
from sms.site.pages.measures import SIGNS
from sms.site.pages.paths import KPIS
from sms.site.pages.site import Site
from sms.site.safe_html import text

TREND = {"weekly": 12, "monthly": 12, "quarterly": 6, "yearly": 4}  # periods shown, by a KPI's frequency
FREQUENCY_WORD = {"weekly": "week", "monthly": "month", "quarterly": "quarter", "yearly": "year"}


@dataclass(frozen=True)
class KpiHistory:
    results: dict[str, KpiResult]  # by KPI id, each trend trimmed of the periods before its first value
    scales: dict[str, Scale]  # by unit: one scale for every chart of that unit


@lru_cache(maxsize=2)
def kpi_history(site: Site) -> KpiHistory:
    """Every valid KPI's values over its recent periods, computed once per build."""
    records = prepare(site.repo, site.data.as_of)
    acting = actions(site.repo)
    period = last_closed_month(site.data.as_of)
    found: dict[str, KpiResult] = {}
    for entry in sorted(site.entries, key=lambda e: e.id or ""):
        kpi = entry.record
        if isinstance(kpi, Kpi):
            computed = result(records, kpi, period, TREND.get(kpi.frequency, 6), acting)
            first = next((i for i, p in enumerate(computed.trend) if p.value is not None), len(computed.trend) - 1)
            found[kpi.id] = replace(computed, trend=computed.trend[first:])
    values: dict[str, list[float]] = {}
    for kpi_result in found.values():
        values.setdefault(kpi_result.unit, []).extend(
            [kpi_result.target, *(p.value for p in kpi_result.trend if p.value is not None)])
    scales = {unit: common_scale(numbers, ceiling=100 if unit == "percent" else None)
              for unit, numbers in values.items()}
    return KpiHistory(found, scales)


def _goal(k: KpiResult) -> str:
    return f"{SIGNS[k.direction]} {quantity(k.target, k.unit)}"


def _verdict(point: KpiPoint) -> str:
    return "—" if point.met is None else badge("met" if point.met else "missed")


def _source(point: KpiPoint, k: KpiResult) -> str:
    return {"formula": f"formula {k.formula}", "measurement": "typed in"}.get(point.source or "", "no value")


def kpi_figure(k: KpiResult, scale: Scale) -> str:
    """A KPI's chart over its periods (its unit's scale, the target dashed) and the same values as a table."""
    unit = "%" if k.unit == "percent" else label_value(k.unit)
    points = [Point(p.period, p.value, p.met, "" if p.value is None else f"{p.value:g}",
                    "" if p.value is None else quantity(p.value, k.unit)) for p in k.trend]
    description = "; ".join(f"{p.period}: " + ("no value" if p.value is None else quantity(p.value, k.unit))
                            + ("" if p.met is None else ", met" if p.met else ", missed") for p in k.trend)
    chart = line_chart(f"{k.id}-chart", f"{k.id} {k.title}, by {FREQUENCY_WORD.get(k.frequency, 'period')}",
                       description, points, scale, target=k.target, target_label=f"target {_goal(k)}",
                       y_title=unit, x_title=FREQUENCY_WORD.get(k.frequency, "period"))
    rows: list[list[Cell]] = [[text(p.period), "—" if p.value is None else text(quantity(p.value, k.unit)),
                               _verdict(p), text(_source(p, k))] for p in k.trend]
    return (f'<figure class="sms-figure">{chart}<figcaption>{text(k.title)}: {text(unit)} per '
            f"{text(FREQUENCY_WORD.get(k.frequency, 'period'))}; dashed line: target {text(_goal(k))}; hollow red "
            "rings: periods that missed it.</figcaption></figure>\n"
            + table(["Period", "Value", "Result", "Source"], rows, sortable=False))


def kpi_section(site: Site, here: str, kpi: Kpi) -> tuple[str, str] | None:
    """The KPI record page's "Values" section."""
    found = kpi_history(site)
    k = found.results.get(kpi.id)
    if k is None:
        return None
    return "Values", kpi_figure(k, found.scales[k.unit])


def kpis_page(site: Site) -> str:
    here = KPIS
    found = kpi_history(site)
    rows: list[list[Cell]] = []
    for k in found.results.values():
        latest = k.current
        value = "—" if latest.value is None else text(quantity(latest.value, k.unit))
        rows.append([site.record(here, k.id, titled=True), text(_goal(k)),
                     f"{text(latest.period)}: {value} {_verdict(latest)}", text(_source(latest, k)),
                     ", ".join(site.record(here, a) for a in k.actions) or "—"])
    body = ["<h1>KPI measurements</h1>", html_block(
        "<p>Every key performance indicator with its target, its latest value and its values over time (ISO/IEC "
        "20000-1 9.1), up to the last whole month before " + text(site.data.as_of.isoformat()) + ". A KPI with a "
        "formula is computed from the records; the others are typed in. Charts of one unit share one scale.</p>\n"
        + table(["KPI", "Target", "Latest", "Source", "Actions"], rows, empty="No KPIs."))]
    for unit in sorted(found.scales):
        name = "Percentages" if unit == "percent" else label_value(unit).capitalize()
        body += [f"## {text(name)}", ""]
        for k in (k for k in found.results.values() if k.unit == unit):
            body.append(html_block(f"<h3>{site.record(here, k.id, titled=True)}</h3>\n"
                                   + kpi_figure(k, found.scales[unit])))
    return front("KPI measurements", "\n".join(body), wide=True)
