"""`sms sla` output: SLA attainment as text for people, JSON for tools, CSV for spreadsheets.

JSON, per SLA and target: metric, priority (or null), target, unit, comparison, events, breaches (record
ids), met, actual (percent: availability, or the share of events within the target) and measurements
({record id: minutes} per event; {service id: outage minutes} for availability), plus the calendar, the
attainment threshold, whether the metric is measured from records at all, and the records still open.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sms.core.text import shown, spreadsheet_cell
from sms.metrics.periods import Period
from sms.metrics.sla import SlaResult, TargetResult

SIGNS = {"at_most": "<=", "at_least": ">="}
CSV_COLUMNS = ("sla", "metric", "priority", "target", "unit", "comparison", "calendar", "attainment", "measured",
               "events", "breaches", "met", "actual", "open", "measurements")


def render(results: Sequence[SlaResult], period: Period, today: date, fmt: str) -> str:
    if fmt == "json":
        return as_json(results, period, today)
    if fmt == "csv":
        return as_csv(results)
    return as_text(results, period, today)


def target_dict(target: TargetResult) -> dict[str, Any]:
    return {"metric": target.metric, "priority": target.priority, "target": target.target, "unit": target.unit,
            "comparison": target.comparison, "calendar": target.calendar, "attainment": target.attainment,
            "measured": target.measured, "events": target.events, "breaches": list(target.breaches),
            "met": target.met, "actual": target.actual, "measurements": target.measurements,
            "open": list(target.open)}


def as_json(results: Sequence[SlaResult], period: Period, today: date) -> str:
    document = {"period": period.label, "first": period.first.isoformat(), "last": period.last.isoformat(),
                "today": today.isoformat(),
                "slas": [{"id": sla.id, "title": sla.title, "services": list(sla.services), "calendar": sla.calendar,
                          "first": sla.first.isoformat(), "last": sla.last.isoformat(),
                          "targets": [target_dict(target) for target in sla.targets]} for sla in results]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def as_csv(results: Sequence[SlaResult]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for sla in results:
        for t in sla.targets:
            writer.writerow([cell(sla.id), t.metric, t.priority or "", number(t.target), t.unit, t.comparison,
                             cell(t.calendar),
                             "" if t.attainment is None else number(t.attainment), yes(t.measured), t.events,
                             " ".join(t.breaches), "" if t.met is None else yes(t.met),
                             "" if t.actual is None else f"{t.actual:.2f}", " ".join(t.open),
                             " ".join(f"{key}={number(value)}" for key, value in t.measurements.items())])
    return out.getvalue()


def as_text(results: Sequence[SlaResult], period: Period, today: date) -> str:
    lines = [f"SLA attainment {period.label} ({period.first} to {period.last}), as at {today}"]
    measured = missed = 0
    for sla in results:
        lines += ["", f"{shown(sla.id)}  {shown(sla.title)}",
                  f"  services {', '.join(shown(s) for s in sla.services)}; calendar {shown(sla.calendar)}"
                  + ("" if (sla.first, sla.last) == (period.first, period.last) else
                     f"; in force {sla.first} to {sla.last}")]
        for target in sla.targets:
            lines.append("  " + target_line(target))
            measured += target.met is not None
            missed += target.met is False
    lines += ["", f"{measured} target(s) measured, {missed} missed" if results else "no SLA in force in this period"]
    return "\n".join(lines) + "\n"


def target_line(t: TargetResult) -> str:
    unit = "%" if t.unit == "percent" else t.unit.replace("_", " ")
    goal = f"{SIGNS[t.comparison]} {number(t.target)} {unit}"
    if t.attainment is not None:
        goal += f" ({number(t.attainment)} % of events)"
    head = f"{t.metric:<16} {t.priority or '-':<3} {goal:<30}"
    if not t.measured:
        return f"{head} not measured from records"
    if t.met is None:
        return f"{head} no working time in the period (yet)"
    verdict = "met" if t.met else "MISSED"
    if t.metric == "availability":
        down = ", ".join(f"{shown(svc)} {number(minutes)} min" for svc, minutes in t.measurements.items())
        text = f"{head} {f'{t.actual:.2f} %':<9} {verdict:<6}  down: {down}"
    else:
        share = "-" if t.actual is None else f"{t.actual:.2f} %"
        text = f"{head} {share:<9} {verdict:<6}  " + (f"{t.events} event(s)" if t.events else "no events")
    if t.breaches:
        text += "; breaches: " + ", ".join(breach(t, record) for record in t.breaches)
    if t.open:
        text += "; open: " + ", ".join(shown(record) for record in t.open)
    return text


def breach(t: TargetResult, record: str) -> str:
    minutes = t.measurements.get(record)
    return shown(record) if minutes is None else f"{shown(record)} ({number(minutes)} min)"


def number(value: float) -> str:
    """12.0 as 12, 99.95 as 99.95, 1234567.0 as 1234567."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


cell = spreadsheet_cell  # a text cell a spreadsheet will not run as a formula


def yes(flag: bool) -> str:
    return "true" if flag else "false"
