"""`sms kpi` output: each KPI's value for the period, its target, whether it is met, the trend over the last
periods, and the objectives it measures — text for people, JSON for tools, CSV (one row per KPI and period)
for spreadsheets."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from typing import Any

from sms.core.text import shown
from sms.metrics.kpis import KpiPoint, KpiResult, quantity
from sms.metrics.periods import Period
from sms.models.service import SIGNS
from sms.reporters.sla import cell, number, yes

CSV_COLUMNS = ("kpi", "title", "period", "first", "last", "value", "unit", "target", "direction", "met", "source",
               "formula", "current", "counted")


def render(results: Sequence[KpiResult], period: Period, today: date, fmt: str) -> str:
    if fmt == "json":
        return as_json(results, period, today)
    if fmt == "csv":
        return as_csv(results)
    return as_text(results, period, today)


def point_dict(point: KpiPoint) -> dict[str, Any]:
    found = asdict(point)
    found.update(first=point.first.isoformat(), last=point.last.isoformat(), counted=list(point.counted))
    del found["where"]
    return found


def kpi_dict(kpi: KpiResult) -> dict[str, Any]:
    return {"id": kpi.id, "title": kpi.title, "unit": kpi.unit, "target": kpi.target, "direction": kpi.direction,
            "frequency": kpi.frequency, "formula": kpi.formula, "services": list(kpi.services),
            "current": point_dict(kpi.current), "trend": [point_dict(p) for p in kpi.trend],
            "objectives": [{**asdict(o), "due": o.due.isoformat()} for o in kpi.objectives],
            "actions": list(kpi.actions)}


def as_json(results: Sequence[KpiResult], period: Period, today: date) -> str:
    document = {"period": period.label, "first": period.first.isoformat(), "last": period.last.isoformat(),
                "today": today.isoformat(), "kpis": [kpi_dict(kpi) for kpi in results]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def as_csv(results: Sequence[KpiResult]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for kpi in results:
        for p in kpi.trend:
            writer.writerow([cell(kpi.id), cell(kpi.title), p.period, p.first, p.last,
                             "" if p.value is None else number(p.value), kpi.unit, number(kpi.target),
                             kpi.direction, "" if p.met is None else yes(p.met), p.source or "", kpi.formula or "",
                             yes(p is kpi.current), " ".join(cell(r) for r in p.counted)])
    return out.getvalue()


def value_text(value: float | None, unit: str) -> str:
    return "-" if value is None else quantity(value, unit)


def verdict(point: KpiPoint) -> str:
    return "no value" if point.met is None else "met" if point.met else "MISSED"


def as_text(results: Sequence[KpiResult], period: Period, today: date) -> str:
    lines = [f"KPIs for {period.label} ({period.first} to {period.last}), as at {today}"]
    missed = 0
    for kpi in results:
        now = kpi.current
        source = f"formula {kpi.formula}" if now.source == "formula" else "typed in" if now.source else "no value"
        goal = f"{SIGNS[kpi.direction]} {value_text(kpi.target, kpi.unit)}"
        lines += ["", f"{shown(kpi.id)}  {shown(kpi.title)}",
                  f"  {now.period}: {value_text(now.value, kpi.unit)}, target {goal}: {verdict(now)} ({source}"
                  + (f", {len(now.counted)} record(s)" if now.source == "formula" else "") + ")",
                  "  trend: " + ", ".join(f"{p.period} {value_text(p.value, kpi.unit)}" for p in kpi.trend)]
        missed += now.met is False
        if kpi.actions:
            lines.append("  actions: " + ", ".join(shown(action) for action in kpi.actions))
        for objective in kpi.objectives:
            state = "no value yet" if objective.met is None else "met" if objective.met else "not yet met"
            lines.append(f"  objective {shown(objective.id)} {shown(objective.title)}: "
                         f"{SIGNS[kpi.direction]} {value_text(objective.target, kpi.unit)} by {objective.due}, "
                         f"now {value_text(objective.value, kpi.unit)}: {state}")
    lines += ["", f"{len(results)} KPI(s), {missed} below target" if results else "no valid KPI"]
    return "\n".join(lines) + "\n"
