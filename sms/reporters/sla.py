"""`sms sla` output: SLA attainment as text for people, JSON for tools, CSV for spreadsheets.

JSON, per SLA and target: metric, priority (or null), target, unit, comparison, events, breaches (record
ids), met, actual (percent: availability, or the share of events within the target) and measurements
({record id: minutes} per event; {service id: outage minutes} for availability), plus the calendar, the
attainment threshold, whether the metric is measured from records at all, and the records still open. Over a
quarter or a year, `parts` lists each of the target's own periods within it (months, for monthly and per-event
targets) with its events, breaches, met and actual; `met` is then true only if every part is met, and
`whole_met` says whether the whole period's `actual` alone would meet the target.
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
from sms.metrics.sla import Part, SlaResult, TargetResult
from sms.models.service import SIGNS

CSV_COLUMNS = ("sla", "metric", "priority", "target", "unit", "comparison", "calendar", "attainment", "measured",
               "events", "breaches", "met", "actual", "open", "measurements", "whole_met", "parts")


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
            "open": list(target.open), "whole_met": target.whole_met,
            "parts": [part_dict(part) for part in target.parts]}


def part_dict(part: Part) -> dict[str, Any]:
    return {"period": part.label, "first": part.first.isoformat(), "last": part.last.isoformat(),
            "events": part.events, "breaches": list(part.breaches), "met": part.met, "actual": part.actual}


def verdict(met: bool | None) -> str:
    return "-" if met is None else "met" if met else "missed"


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
                             " ".join(f"{key}={number(value)}" for key, value in t.measurements.items()),
                             "" if t.whole_met is None else yes(t.whole_met),
                             " ".join(f"{p.label}={verdict(p.met)}" for p in t.parts)])
    return out.getvalue()


def as_text(results: Sequence[SlaResult], period: Period, today: date) -> str:
    lines = [f"SLA attainment {period.label} ({period.first} to {period.last}), as at {today}"]
    measured = missed = 0
    split = False
    for sla in results:
        lines += ["", f"{shown(sla.id)}  {shown(sla.title)}",
                  f"  services {', '.join(shown(s) for s in sla.services)}; calendar {shown(sla.calendar)}"
                  + ("" if (sla.first, sla.last) == (period.first, period.last) else
                     f"; in force {sla.first} to {sla.last}")]
        for target in sla.targets:
            lines.append("  " + target_line(target))
            lines += [" " * 22 + part_line(target, part) for part in target.parts]
            measured += target.met is not None
            missed += target.met is False
            split |= bool(target.parts)
    lines += ["", f"{measured} target(s) measured, {missed} missed" if results else "no SLA in force in this period"]
    if split:
        lines.append(PARTS_NOTE)
    return "\n".join(lines) + "\n"


PARTS_NOTE = ("a target is met over a quarter or a year only if it is met in each of its own periods within it "
              "(months, for monthly and per-event targets), listed under it; the first figure is the whole period's")


def part_line(t: TargetResult, part: Part) -> str:
    """One month (or quarter) of a longer period, under its target."""
    share = "-" if part.actual is None else f"{part.actual:.2f} %"
    notes = [] if t.metric == "availability" else [f"{part.events} event(s)" if part.events else "no events"]
    if part.breaches and (part.met is False or t.metric != "availability"):
        notes.append("breaches: " + ", ".join(shown(record) for record in part.breaches))
    result = "MISSED" if part.met is False else verdict(part.met)
    return f"{part.label:<8} {share:<9} {result:<6}  {'; '.join(notes)}".rstrip()


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
    result = "met" if t.met else "MISSED"
    if t.metric == "availability":
        down = ", ".join(f"{shown(svc)} {number(minutes)} min" for svc, minutes in t.measurements.items())
        text = f"{head} {f'{t.actual:.2f} %':<9} {result:<6}  down: {down}"
    else:
        share = "-" if t.actual is None else f"{t.actual:.2f} %"
        text = f"{head} {share:<9} {result:<6}  " + (f"{t.events} event(s)" if t.events else "no events")
    if t.whole_met and not t.met:
        missed = ", ".join(part.label for part in t.parts if part.met is False)
        text += f" (the whole period's figure meets the target; missed in {missed})"
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
