"""The service report (9.4) of each service and the management review input pack (9.3) for each quarter of the
site's history, as pages: the figures of `sms report service` and `sms report review` (sms.metrics.reports),
every record linked to its page and every verdict in words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta

from sms.metrics.kpis import KpiResult, quantity
from sms.metrics.periods import Period, containing
from sms.metrics.reports import ReviewPack, Row, ServiceReport, measure, review_pack, service_report
from sms.metrics.sla import SlaResult
from sms.models.service import Service, Sla
from sms.site.fields import label_value
from sms.site.pages.chrome import front
from sms.site.pages.html import Cell, badge, html_block, table
from sms.site.pages.measures import SIGNS
from sms.site.pages.paths import REPORTS, attainment_path, review_path, service_report_path
from sms.site.pages.site import Site
from sms.site.pages.slas import goal, target_name, verdict
from sms.site.safe_html import text

ENUM_WORD = re.compile(r"^[a-z]+(?:_[a-z]+)+$")  # only words with an underscore need a label
QUARTERS = 4  # at most this many quarters back from the site's day


def quarters(site: Site) -> list[Period]:
    """The quarters the site reports on, oldest first: back from the one holding the site's day to the first
    an SLA was in force in, at most QUARTERS."""
    today = site.data.as_of
    starts = [e.record.valid_from for e in site.entries if isinstance(e.record, Sla)]
    first = min(starts, default=today)
    found = [containing("quarterly", today)]
    while len(found) < QUARTERS and found[0].first > first:
        found.insert(0, containing("quarterly", found[0].first - timedelta(days=1)))
    return found


def report_pages(site: Site) -> dict[str, str]:
    """The index, a service report per service and quarter, and a review input pack per quarter."""
    periods = quarters(site)
    services = sorted((e.record for e in site.entries if isinstance(e.record, Service)), key=lambda s: s.id)
    found: dict[str, str] = {}
    for period in periods:
        measured = measure(site.repo, period, site.data.as_of)  # once for every report of the period
        for service in services:
            found[service_report_path(service.id, period.label)] = service_page(
                site, service_report(site.repo, service.id, period, site.data.as_of, measured))
        found[review_path(period.label)] = review_page(site, review_pack(site.repo, period, site.data.as_of,
                                                                         measured))
    here = REPORTS
    rows: list[list[Cell]] = [[site.record(here, s.id, titled=True), *(
        site.link(here, service_report_path(s.id, p.label), text(p.label)) for p in periods)] for s in services]
    reviews = ", ".join(site.link(here, review_path(p.label), text(p.label)) for p in periods)
    found[REPORTS] = front("Service reports and review input", "\n".join([
        "<h1>Service reports and review input</h1>", html_block(
            "<p>The service report of each service for each quarter (ISO/IEC 20000-1 9.4) and the management "
            f"review input pack (9.3), as at {text(site.data.as_of.isoformat())}: the figures "
            "<code>sms report</code> prints. The current quarter runs to that day.</p>"),
        "## Service reports", "", html_block(table(["Service", *(p.label for p in periods)], rows, sortable=False,
                                                   empty="No services.")),
        "## Management review input", "", html_block(f"<p>{reviews or 'None.'}</p>")]))
    return found


def _heading(title: str, period: Period, site: Site) -> str:
    running = " (so far)" if period.end > site.data.as_of else ""
    span = f"{text(period.first.isoformat())} to {text(period.last.isoformat())}"
    return html_block(f"<h1>{text(title)}</h1><p>Period {text(period.label)}{running}: {span}, as at "
                      f"{text(site.data.as_of.isoformat())}.</p>")


def _records(site: Site, here: str, found: Sequence[Row], empty: str) -> str:
    labels = [label for label, _ in found[0].facts] if found else []
    rows: list[list[Cell]] = [[site.record(here, r.id), text(r.title), badge(r.status or ""),
                               *(text(_word(value)) for _, value in r.facts)] for r in found]
    return table(["Record", "Title", "Status", *(label.capitalize() for label in labels)], rows, empty=empty)


def _word(value: str) -> str:
    """A fixed word of a record ('internal_audit') as people read it; dates, ids and numbers as they are."""
    return label_value(value) if ENUM_WORD.match(value) else value


def _slas(site: Site, here: str, found: Sequence[SlaResult]) -> str:
    rows: list[list[Cell]] = []
    for sla in found:
        for index, t in enumerate(sla.targets):
            if not t.measured:
                continue
            months = ", ".join(f"{text(p.label)} {'met' if p.met else 'missed' if p.met is False else '—'}"
                               for p in t.parts) or "—"
            rows.append([site.link(here, attainment_path(sla.id), text(sla.id), f"target-{index}"),
                         text(target_name(t)), text(goal(t)), text("—" if t.actual is None else f"{t.actual:.2f} %"),
                         verdict(t.met), months, ", ".join(site.record(here, b) for b in t.breaches) or "—"])
    return table(["SLA", "Target", "Goal", "Actual", "Result", "By month", "Breaches"], rows, sortable=False,
                 empty="No SLA target measured from the records in this period.")


def _kpis(site: Site, here: str, found: Sequence[KpiResult]) -> str:
    rows: list[list[Cell]] = [[
        site.record(here, k.id, titled=True), text(k.current.period),
        text("—" if k.current.value is None else quantity(k.current.value, k.unit)),
        text(f"{SIGNS[k.direction]} {quantity(k.target, k.unit)}"), verdict(k.current.met),
        text(", ".join(f"{p.period} {'—' if p.value is None else f'{p.value:g}'}" for p in k.trend)),
        ", ".join(site.record(here, a) for a in k.actions) or "—"] for k in found]
    return table(["KPI", "Period", "Value", "Target", "Result", "Trend", "Actions"], rows, sortable=False,
                 empty="No KPI.")


def _complaints(site: Site, here: str, found: Sequence[Row]) -> str:
    return _records(site, here, found, "No complaints in this period.")


def service_page(site: Site, r: ServiceReport) -> str:
    here = service_report_path(r.service, r.period.label)
    body = [_heading(f"Service report: {r.service} {r.title}, {r.period.label}", r.period, site),
            html_block(f"<p>Service {site.record(here, r.service)}.</p>")]
    sections = [("Service levels", _slas(site, here, r.slas)),
                ("Incidents", _records(site, here, r.incidents, "No incidents reported in this period.")),
                ("Problems", _records(site, here, r.problems, "No problems open in this period.")),
                ("Changes", _records(site, here, r.changes, "No change activity in this period.")),
                ("Service requests", _records(site, here, r.requests, "No requests in this period.")),
                ("Complaints", _complaints(site, here, r.complaints)),
                ("Trends", _kpis(site, here, r.kpis)),
                ("Improvements", _records(site, here, r.improvements, "No improvements open in this period."))]
    for title, html in sections:
        body += [f"## {title}", "", html_block(html)]
    return front(f"Service report {r.service} {r.period.label}", "\n".join(body), wide=True)


def review_page(site: Site, p: ReviewPack) -> str:
    here = review_path(p.period.label)
    actions: list[list[Cell]] = [[site.record(here, a.review), text(a.held_on.isoformat()), text(a.text),
                                  site.record(here, a.owner), text(a.due.isoformat()),
                                  text(a.done_on.isoformat() if a.done_on else "—"), badge(a.state)]
                                 for a in p.actions]
    body = [_heading(f"Management review input, {p.period.label}", p.period, site)]
    sections = [("Actions from previous reviews", table(["Review", "Held", "Action", "Owner", "Due", "Done", "State"],
                                                         actions, sortable=False, empty="No earlier review actions.")),
                ("KPI trends", _kpis(site, here, p.kpis)),
                ("Service performance", _slas(site, here, p.slas)),
                ("Audit results", _records(site, here, p.audits, "No audits in this period.")),
                ("Nonconformities", _records(site, here, p.nonconformities, "No nonconformities open in this period.")),
                ("Risks", _records(site, here, p.risks, "No open risks.")),
                ("Opportunities for improvement", _records(site, here, p.improvements, "No improvements open.")),
                ("Customer feedback", _records(site, here, p.feedback, "No feedback recorded as improvements or "
                                                                     "nonconformities in this period.")
                 + _complaints(site, here, p.complaints))]
    for title, html in sections:
        body += [f"## {title}", "", html_block(html)]
    return front(f"Management review input {p.period.label}", "\n".join(body), wide=True)
