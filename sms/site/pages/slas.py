"""SLA attainment on the site: a page per SLA with each measured target month by month (chart and table, the
breaches linked to their records), an index of them, and the service level times of one incident or request
for its record page. The figures are sms.metrics' — the same `sms sla` prints — as at the site's day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from sms.metrics.events import EventTime
from sms.metrics.periods import Period, containing, quarter
from sms.metrics.sla import SlaResult, TargetResult, measurable
from sms.models.operations import Incident, Request
from sms.models.service import Sla
from sms.site.charts import Point, Scale, common_scale, line_chart
from sms.site.fields import label_value
from sms.site.pages.chrome import front
from sms.site.pages.html import Cell, badge, html_block, table
from sms.site.pages.measures import SIGNS
from sms.site.pages.paths import ATTAINMENT, attainment_path
from sms.site.pages.site import Site
from sms.site.safe_html import text
from sms.store.repository import Entry

HISTORY_MONTHS = 12  # at most this many months back from the site's day
SHARE = common_scale([0, 100], ceiling=100)  # per-event targets: the share of events within target


@dataclass(frozen=True)
class History:
    """Every SLA measured over each month (oldest first) and each quarter of the site's history."""

    months: tuple[tuple[Period, dict[str, SlaResult]], ...]
    quarters: tuple[tuple[Period, dict[str, SlaResult]], ...]
    availability: Scale  # one scale for every availability chart


def _periods(site: Site) -> list[Period]:
    slas = [e.record for e in site.entries if isinstance(e.record, Sla)]
    today = site.data.as_of
    first = containing("monthly", min((s.valid_from for s in slas), default=today))
    found = [containing("monthly", today)]
    while len(found) < HISTORY_MONTHS and found[0].first > first.first:
        found.insert(0, containing("monthly", found[0].first - timedelta(days=1)))
    return found


@lru_cache(maxsize=2)
def history(site: Site) -> History:
    """The SLA history a build shows, measured once for all its pages."""
    today = site.data.as_of
    months = tuple((period, measurable(site.repo, period, today)) for period in _periods(site))
    seen: list[Period] = []
    for period, _ in months:
        found = quarter(period.first.year, (period.first.month - 1) // 3 + 1)
        if found not in seen:
            seen.append(found)
    quarters = tuple((period, measurable(site.repo, period, today)) for period in seen)
    values = [t.actual for _, results in months for r in results.values() for t in r.targets
              if t.metric == "availability" and t.actual is not None]
    targets = [t.target for _, results in months for r in results.values() for t in r.targets
               if t.metric == "availability"]
    return History(months, quarters, common_scale([*values, *targets], ceiling=100))


def goal(t: TargetResult) -> str:
    unit = "%" if t.unit == "percent" else label_value(t.unit)
    found = f"{SIGNS[t.comparison]} {t.target:g} {unit}"
    return found + (f" for {t.attainment:g} % of events" if t.attainment is not None else "")


def target_name(t: TargetResult | EventTime) -> str:
    name = label_value(t.metric)
    return name[:1].upper() + name[1:] + (f" {t.priority}" if t.priority else "")


def verdict(met: bool | None, running: bool = False) -> str:
    """Met or missed in words (the badge's colour only repeats them)."""
    if met is None:
        return '<span class="sms-empty">not measured</span>'
    return badge("met" if met else "missed") + (" <small>(so far)</small>" if running and met else "")


def _shown(t: TargetResult) -> str:
    return "—" if t.actual is None else f"{t.actual:.2f} %"


def attainment_index(site: Site) -> str:
    here = ATTAINMENT
    found = history(site)
    closed = [(p, r) for p, r in found.months if p.end <= site.data.as_of] or list(found.months)
    rows: list[list[Cell]] = []
    misses: list[list[Cell]] = []
    for entry in _slas(site):
        sla = entry.record
        assert isinstance(sla, Sla)
        last = next(((p, r[sla.id]) for p, r in reversed(closed) if sla.id in r), None)
        summary = "—"
        if last is not None:
            measured = [t for t in last[1].targets if t.met is not None]
            missed = [t for t in measured if t.met is False]
            summary = (f"{text(last[0].label)}: {len(measured)} measured, " + (
                f"{badge('missed')} {len(missed)}" if missed else f"{badge('met')} all"))
        rows.append([site.link(here, attainment_path(sla.id), text(sla.id)), text(sla.title),
                     ", ".join(site.record(here, s) for s in sla.links.services), summary])
        for period, results in found.months:
            result = results.get(sla.id)
            for index, t in enumerate(result.targets if result else ()):
                if t.met is False:
                    misses.append([text(period.label), site.link(here, attainment_path(sla.id), text(sla.id),
                                                                   f"target-{index}"),
                                   text(target_name(t)), text(goal(t)), text(_shown(t)),
                                   ", ".join(site.record(here, b) for b in t.breaches) or "—"])
    body = ["<h1>SLA attainment</h1>", html_block(
        f"<p>Each SLA's measured targets month by month, as at {text(site.data.as_of.isoformat())}, computed from "
        "the incidents, requests and outages in the records (ISO/IEC 20000-1 8.3.3, 9.1). Open an SLA for its "
        "charts, its months and its breaches.</p>\n"
        + table(["SLA", "Title", "Services", "Last whole month"], rows, empty="No SLAs."))]
    body += ["## Missed targets", "", html_block(table(["Month", "SLA", "Target", "Goal", "Actual", "Breaches"], misses,
                                                       empty="No target was missed in these months."))]
    return front("SLA attainment", "\n".join(body), wide=True)


def _slas(site: Site) -> list[Entry]:
    return sorted((e for e in site.entries if isinstance(e.record, Sla)), key=lambda e: e.id or "")


def attainment_pages(site: Site) -> dict[str, str]:
    """The index and a page per SLA."""
    pages = {ATTAINMENT: attainment_index(site)}
    for entry in _slas(site):
        assert isinstance(entry.record, Sla)
        pages[attainment_path(entry.record.id)] = sla_page(site, entry.record)
    return pages


def sla_page(site: Site, sla: Sla) -> str:
    here = attainment_path(sla.id)
    found = history(site)
    months = [(p, r[sla.id]) for p, r in found.months if sla.id in r]
    quarters = [(p, r[sla.id]) for p, r in found.quarters if sla.id in r]
    body = [f"<h1>SLA attainment: {text(sla.id)} {text(sla.title)}</h1>", html_block(
        f"<p>{site.record(here, sla.id)} for {text(sla.customer)}; services "
        + ", ".join(site.record(here, s) for s in sla.links.services)
        + f"; calendar <code>{text(sla.calendar)}</code>. Each target measured from the records month by month"
        f", as at {text(site.data.as_of.isoformat())} (the current month so far). Breaches link to their records. "
        "A quarter is met only if each of its months is.</p>")]
    if not months:
        body.append(html_block('<p class="sms-empty">Not in force in any month shown.</p>'))
    unmeasured = []
    for index, target in enumerate(sla.targets):
        series = [(p, r.targets[index]) for p, r in months]
        if not series or not series[0][1].measured:
            unmeasured.append(f"<li>{text(label_value(target.metric))}: {text(target.description)}</li>")
            continue
        first = series[0][1]
        body += [f"## {text(target_name(first))} {text(goal(first))}", "",
                 html_block(f'<div id="target-{index}"></div>'
                            + _target_block(site, here, sla.id, index, series, found.availability))]
        by_quarter = [(p, r.targets[index]) for p, r in quarters]
        body.append(html_block("<h3>By quarter</h3>" + _quarter_table(site, here, by_quarter)))
    if unmeasured:
        body += ["## Not measured from the records", "", html_block(
            "<p>These targets come from monitoring, surveys or tests, not from the records:</p><ul>"
            + "".join(unmeasured) + "</ul>")]
    return front(f"SLA attainment: {sla.id}", "\n".join(body), wide=True)


def _running(site: Site, period: Period) -> bool:
    return period.end > site.data.as_of


def _target_block(site: Site, here: str, sla_id: str, index: int, series: list[tuple[Period, TargetResult]],
                  availability: Scale) -> str:
    first = series[0][1]
    is_availability = first.metric == "availability"
    points = [Point(p.label, t.actual, t.met, "" if t.actual is None else f"{t.actual:.2f}", _shown(t))
              for p, t in series]
    if is_availability:
        scale, line, y_title = availability, first.target, "% of the month available"
        label = f"target {goal(first)}"
    else:
        scale, y_title = SHARE, "% of events within target"
        line = first.attainment if first.attainment is not None else 100.0
        label = (f"{line:g} % of events must be within {first.target:g} {label_value(first.unit)}"
                 if first.attainment is not None else "every event within target")
    title = f"{sla_id} {target_name(first)} {goal(first)}, by month"
    description = "; ".join(f"{p.label}: {_shown(t)}, " + ("met" if t.met else "missed" if t.met is False else
                                                          "not measured") for p, t in series)
    chart = line_chart(f"{sla_id}-target-{index}", title, description, points, scale, target=line,
                       target_label=label, y_title=y_title, x_title="month")
    rows: list[list[Cell]] = []
    for period, t in series:
        extra: list[Cell] = ([text(", ".join(f"{s} {m:g} min" for s, m in t.measurements.items()) or "—")]
                             if is_availability else [(text(str(t.events)), str(t.events))])
        label_html = text(period.label) + (f" <small>(to {text(site.data.as_of.isoformat())})</small>"
                                           if _running(site, period) else "")
        none = "" if is_availability or t.events or t.met is None else " <small>(no events)</small>"
        rows.append([label_html, (text(_shown(t)), "" if t.actual is None else f"{t.actual:09.2f}"),
                     verdict(t.met, _running(site, period)) + none, *extra,
                     ", ".join(site.record(here, b) for b in t.breaches) or "—",
                     ", ".join(site.record(here, o) for o in t.open) or "—"])
    headers = ["Month", "Actual", "Result", "Downtime" if is_availability else "Events", "Breaches", "Still open"]
    caption = ("Share of the month's time the services were up, in the target's calendar."
               if is_availability else "Share of the month's events (reported in it) within the target.")
    return (f'<figure class="sms-figure">{chart}<figcaption>{text(caption)} Dashed line: {text(label)}. '
            "Hollow red rings: months that missed.</figcaption></figure>\n" + table(headers, rows, sortable=False))


def _quarter_table(site: Site, here: str, series: list[tuple[Period, TargetResult]]) -> str:
    rows: list[list[Cell]] = []
    for period, t in series:
        months = ", ".join(f"{text(p.label)} {'met' if p.met else 'missed' if p.met is False else '—'}"
                           for p in t.parts) or "—"
        whole = "" if t.whole_met is None or t.whole_met == t.met else (
            " <small>(the quarter's figure alone would meet it)</small>")
        rows.append([text(period.label), text(_shown(t)), verdict(t.met, _running(site, period)) + whole, months,
                     ", ".join(site.record(here, b) for b in t.breaches) or "—"])
    return table(["Quarter", "Actual", "Result", "Months", "Breaches"], rows, sortable=False)


# --- one incident's or request's times, for its record page --------------------------------------------------

def duration(minutes: float) -> str:
    """52 min, 3 h 05 min, 2 d 1 h 30 min (working time, so a day is 24 working hours here)."""
    whole = round(minutes)
    days, rest = divmod(whole, 1440)
    hours, mins = divmod(rest, 60)
    if not days and not hours:
        return f"{minutes:g} min"
    return (f"{days} d " if days else "") + f"{hours} h {mins:02d} min"


def event_section(site: Site, here: str, entry: Entry) -> tuple[str, str] | None:
    """The record page's "Service level times": each per-event SLA target that counts this incident or
    request, its clock and the verdict in words. Empty for other kinds or when no target counts it."""
    record = entry.record
    if not isinstance(record, Incident | Request):
        return None
    times = site.event_clocks(record)
    if not times:
        return None
    rows: list[list[Cell]] = []
    for found in times:
        unit = "%" if found.unit == "percent" else label_value(found.unit)
        result = ("within the target" if found.within else "over the target") + (
            ", still running" if found.running else "")
        rows.append([site.link(here, attainment_path(found.sla), text(found.sla)),
                     text(target_name(found)),
                     text(f"{SIGNS[found.comparison]} {found.target:g} {unit}"),
                     (text(duration(found.minutes)), f"{found.minutes}"),
                     (text(duration(found.allowed)), f"{found.allowed}"),
                     badge("met" if found.within else "missed") + f" <small>({text(result)})</small>",
                     f"<code>{text(found.calendar)}</code>"])
    note = ("<p>Measured as the SLA measures it: working time of the target's calendar from the report, to the "
            "first response or to the last resolution less time in clock-stop statuses.</p>")
    return "Service level times", note + table(
        ["SLA", "Target", "Goal", "Time taken", "Allowed", "Result", "Calendar"], rows, sortable=False)
