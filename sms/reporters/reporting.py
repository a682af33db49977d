"""`sms report` output: the service report (9.4) and the management review input pack (9.3) as Markdown for
people (every value from a record escaped, so a title cannot inject HTML, links or formatting) and as JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

from sms.metrics.kpis import KpiResult, quantity
from sms.metrics.reports import ReviewAction, ReviewPack, Row, ServiceReport
from sms.metrics.sla import SlaResult
from sms.models.service import SIGNS
from sms.reporters.github import markdown_text as md
from sms.reporters.kpi import kpi_dict
from sms.reporters.sla import PARTS_NOTE, number, target_dict


def render_service(report: ServiceReport, fmt: str) -> str:
    return service_json(report) if fmt == "json" else service_markdown(report)


def render_review(pack: ReviewPack, fmt: str) -> str:
    return review_json(pack) if fmt == "json" else review_markdown(pack)


# --- JSON -------------------------------------------------------------------------------------------------------

def _rows(rows: Iterable[Row]) -> list[dict[str, Any]]:
    return [{"id": r.id, "title": r.title, "status": r.status, **dict(r.facts)} for r in rows]


def _slas_json(slas: Sequence[SlaResult]) -> list[dict[str, Any]]:
    return [{"id": s.id, "title": s.title, "services": list(s.services), "first": s.first.isoformat(),
             "last": s.last.isoformat(), "targets": [target_dict(t) for t in s.targets]} for s in slas]


def _period(report: ServiceReport | ReviewPack) -> dict[str, str]:
    return {"period": report.period.label, "first": report.period.first.isoformat(),
            "last": report.period.last.isoformat(), "today": report.today.isoformat()}


def _dump(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def service_json(r: ServiceReport) -> str:
    return _dump({**_period(r), "service": r.service, "title": r.title, "slas": _slas_json(r.slas),
                  "incidents": _rows(r.incidents), "problems": _rows(r.problems), "changes": _rows(r.changes),
                  "requests": _rows(r.requests), "complaints": _rows(r.complaints),
                  "kpis": [kpi_dict(k) for k in r.kpis], "improvements": _rows(r.improvements)})


def _action(a: ReviewAction) -> dict[str, Any]:
    found = asdict(a)
    found.update(held_on=a.held_on.isoformat(), due=a.due.isoformat(),
                 done_on=a.done_on.isoformat() if a.done_on else None)
    return found


def review_json(p: ReviewPack) -> str:
    return _dump({**_period(p), "actions": [_action(a) for a in p.actions], "kpis": [kpi_dict(k) for k in p.kpis],
                  "slas": _slas_json(p.slas), "audits": _rows(p.audits), "nonconformities": _rows(p.nonconformities),
                  "risks": _rows(p.risks), "improvements": _rows(p.improvements), "feedback": _rows(p.feedback),
                  "complaints": _rows(p.complaints)})


# --- Markdown ---------------------------------------------------------------------------------------------------

def _table(header: Sequence[str], rows: Iterable[Sequence[str]], empty: str) -> list[str]:
    body = [f"| {' | '.join(cells)} |" for cells in rows]
    if not body:
        return [f"_{empty}_", ""]
    return [f"| {' | '.join(header)} |", "|" + "---|" * len(header), *body, ""]


def _record_table(rows: Sequence[Row], empty: str) -> list[str]:
    labels = [label for label, _ in rows[0].facts] if rows else []
    return _table(["Record", "Title", "Status", *(md(label.capitalize()) for label in labels)],
                  ([md(r.id), md(r.title), md(r.status or "-"), *(md(value) for _, value in r.facts)] for r in rows),
                  empty)


def _sla_section(slas: Sequence[SlaResult]) -> list[str]:
    rows = []
    split = any(t.parts for sla in slas for t in sla.targets)
    for sla in slas:
        for t in sla.targets:
            unit = "%" if t.unit == "percent" else t.unit.replace("_", " ")
            verdict = "not measured" if not t.measured else "-" if t.met is None else "met" if t.met else "**missed**"
            months = ", ".join(f"{p.label} " + ("-" if p.met is None else "met" if p.met else "**missed**")
                               + ("" if p.actual is None else f" ({p.actual:.2f} %)") for p in t.parts)
            rows.append([md(sla.id), md(t.metric), md(t.priority or "-"),
                         md(f"{SIGNS[t.comparison]} {number(t.target)} {unit}"),
                         "-" if t.actual is None else f"{t.actual:.2f} %", verdict, str(t.events),
                         md(", ".join(t.breaches) or "-")] + ([months or "-"] if split else []))
    header = ["SLA", "Metric", "Priority", "Target", "Actual", "Result", "Events", "Breaches"]
    lines = _table(header + (["By month"] if split else []), rows, "No SLA in force in this period.")
    if split:
        lines += [f"_{PARTS_NOTE[0].upper()}{PARTS_NOTE[1:]}._", ""]
    return lines


def _kpi_section(found: Sequence[KpiResult]) -> list[str]:
    def value(v: float | None, unit: str) -> str:
        return "-" if v is None else md(quantity(v, unit))

    rows = [[md(k.id), md(k.title), md(k.current.period), value(k.current.value, k.unit),
             md(f"{SIGNS[k.direction]} {quantity(k.target, k.unit)}"),
             "-" if k.current.met is None else "met" if k.current.met else "**missed**",
             md(", ".join(f"{p.period} {'-' if p.value is None else number(p.value)}" for p in k.trend)),
             md(", ".join(k.actions) or "-")] for k in found]
    return _table(["KPI", "Title", "Period", "Value", "Target", "Result", "Trend", "Actions"], rows, "No KPI.")


def _complaints(rows: Sequence[Row]) -> list[str]:
    return _record_table(rows, "No complaints in this period.")


def _heading(title: str, r: ServiceReport | ReviewPack) -> list[str]:
    return [f"# {title}", "", f"Period {r.period.label} ({r.period.first} to {r.period.last}), as at {r.today}.", ""]


def service_markdown(r: ServiceReport) -> str:
    lines = _heading(f"Service report: {md(r.service)} {md(r.title)}", r)
    lines += ["## Service levels", "", *_sla_section(r.slas)]
    lines += ["## Incidents", "", *_record_table(r.incidents, "No incidents reported in this period.")]
    lines += ["## Problems", "", *_record_table(r.problems, "No problems open in this period.")]
    lines += ["## Changes", "", *_record_table(r.changes, "No change activity in this period.")]
    lines += ["## Service requests", "", *_record_table(r.requests, "No requests in this period.")]
    lines += ["## Complaints", "", *_complaints(r.complaints)]
    lines += ["## Trends", "", *_kpi_section(r.kpis)]
    lines += ["## Improvements", "", *_record_table(r.improvements, "No improvements open in this period.")]
    return "\n".join(lines).rstrip("\n") + "\n"


def review_markdown(p: ReviewPack) -> str:
    lines = _heading("Management review input", p)
    lines += ["## Actions from previous reviews", "", *_table(
        ["Review", "Held", "Action", "Owner", "Due", "Done", "State"],
        ([md(a.review), str(a.held_on), md(a.text), md(a.owner), str(a.due), str(a.done_on or "-"),
          "**overdue**" if a.state == "overdue" else a.state] for a in p.actions), "No earlier review actions.")]
    lines += ["## KPI trends", "", *_kpi_section(p.kpis)]
    lines += ["## Service performance", "", *_sla_section(p.slas)]
    lines += ["## Audit results", "", *_record_table(p.audits, "No audits in this period.")]
    lines += ["## Nonconformities", "", *_record_table(p.nonconformities, "No nonconformities open in this period.")]
    lines += ["## Risks", "", *_record_table(p.risks, "No open risks.")]
    lines += ["## Opportunities for improvement", "", *_record_table(p.improvements, "No improvements open.")]
    lines += ["## Customer feedback", "", *_record_table(p.feedback, "No feedback recorded as improvements or "
                                                                   "nonconformities in this period."),
              *_complaints(p.complaints)]
    return "\n".join(lines).rstrip("\n") + "\n"
