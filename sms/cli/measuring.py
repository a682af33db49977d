"""Commands that measure the service from the records: sla, kpi, report service, report review."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sms.cli.app import EXIT_OK, WholeSentenceGroup, emit, load, parse_date, root_argument
from sms.reporters import KPI_FORMATS, REPORT_FORMATS, SLA_FORMATS

if TYPE_CHECKING:
    from sms.store.repository import Repository


PEOPLE_FORMATS = ("text", "markdown")  # the others are read by tools: no progress on stderr for them


@click.command("sla")
@root_argument
@click.option("--period", metavar="PERIOD", help="YYYY-MM, YYYY-Qn or YYYY (default: the last whole month "
              "before today).")
@click.option("--sla", "sla_id", metavar="ID", help="Only this SLA.")
@click.option("--format", "fmt", type=click.Choice(SLA_FORMATS), default="text", show_default=True,
              help="text for a terminal, json for tools, csv for a spreadsheet.")
@click.option("--today", metavar="YYYY-MM-DD", help="Measure as if today were this day (default: today); "
              "clocks still running run to its end.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")
def sla_command(root: Path, period: str | None, sla_id: str | None, fmt: str, today: str | None,
                output: Path | None) -> int:
    """Print the attainment of every SLA target over a period, from the records at ROOT.

    Response and resolution times come from incidents' and requests' history in the SLA's business
    calendar (sms.yaml `calendars:`), less the time in clock-stop statuses; availability from the outages
    incidents record. Targets the records cannot measure (error rate, latency, surveys) are listed as such.

    Over a quarter or a year each target is also measured in each of its own periods within it (months, for
    monthly and per-event targets), listed under it; the target is met only if every one of them is met, so
    a good quarter cannot hide a missed month. The first figure is the whole period's.
    """
    from sms.metrics.periods import last_closed_month, parse_period
    from sms.metrics.sla import attainment
    from sms.reporters.sla import render

    day = parse_date(today) or date.today()
    chosen = parse_period(period) if period is not None else last_closed_month(day)
    repo = load(root, for_people=fmt in PEOPLE_FORMATS)
    results = attainment(repo, chosen, day, sla_id)
    _warn_unloaded(repo)
    emit(render(results, chosen, day, fmt), output)
    return EXIT_OK


def _warn_unloaded(repo: Repository) -> None:
    unloaded = [entry.path for entry in repo.entries if entry.record is None]
    if unloaded:  # an invalid incident is silently missing from the figures otherwise
        click.echo(f"sms: warning: {len(unloaded)} record file(s) did not load and are not measured; "
                   "`sms check` shows why", err=True)


@click.command("kpi")
@root_argument
@click.option("--period", metavar="PERIOD", help="YYYY-MM, YYYY-Qn or YYYY (default: the last whole month "
              "before today). Each KPI reports its own latest period over by the end of it.")
@click.option("--kpi", "kpi_id", metavar="ID", help="Only this KPI.")
@click.option("--trend", "count", type=int, default=6, show_default=True, metavar="N",
              help="How many periods of each KPI's frequency the trend shows.")
@click.option("--format", "fmt", type=click.Choice(KPI_FORMATS), default="text", show_default=True,
              help="text for a terminal, json for tools, csv for a spreadsheet (a row per KPI and period).")
@click.option("--today", metavar="YYYY-MM-DD", help="Measure as if today were this day (default: today).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")
def kpi_command(root: Path, period: str | None, kpi_id: str | None, count: int, fmt: str, today: str | None,
                output: Path | None) -> int:
    """Print every KPI's value, target and trend, and the objectives it measures, from the records at ROOT.

    A KPI with a `formula` is computed from the records (change success rate, emergency-change ratio, mean
    time to restore and to acknowledge, SLA attainment, reopen rate, backlog age, availability: the README
    defines each); otherwise its hand-entered measurements are shown.
    """
    from sms.metrics.kpis import kpis
    from sms.metrics.periods import last_closed_month, parse_period
    from sms.reporters.kpi import render

    day = parse_date(today) or date.today()
    chosen = parse_period(period) if period is not None else last_closed_month(day)
    repo = load(root, for_people=fmt in PEOPLE_FORMATS)
    results = kpis(repo, chosen, day, count, kpi_id)
    _warn_unloaded(repo)
    emit(render(results, chosen, day, fmt), output)
    return EXIT_OK


@click.group("report", cls=WholeSentenceGroup)
def report_group() -> None:
    """Reports for people: the service report (9.4) and the management review input pack (9.3)."""


_period_option = click.option("--period", metavar="PERIOD", help="YYYY-MM, YYYY-Qn or YYYY (default: the last "
                              "whole month before today).")
_format_option = click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="markdown",
                              show_default=True, help="markdown for people, json for tools.")
_today_option = click.option("--today", metavar="YYYY-MM-DD", help="Report as if today were this day.")
_output_option = click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")


@report_group.command("service")
@click.argument("service_id", metavar="SVC-ID")
@click.option("--root", default=".", type=click.Path(file_okay=False, path_type=Path), show_default=True,
              help="The SMS repository.")
@_period_option
@_format_option
@_today_option
@_output_option
def report_service(service_id: str, root: Path, period: str | None, fmt: str, today: str | None,
                   output: Path | None) -> int:
    """The service report for the service SVC-ID over a period: attainment of each SLA target with its breaches,
    incidents, problems, changes, requests, complaints, KPI trends and the improvements raised."""
    from sms.metrics.periods import last_closed_month, parse_period
    from sms.metrics.reports import service_report
    from sms.reporters.reporting import render_service

    day = parse_date(today) or date.today()
    chosen = parse_period(period) if period is not None else last_closed_month(day)
    repo = load(root, for_people=fmt in PEOPLE_FORMATS)
    found = service_report(repo, service_id, chosen, day)
    _warn_unloaded(repo)
    emit(render_service(found, fmt), output)
    return EXIT_OK


@report_group.command("review")
@click.option("--root", default=".", type=click.Path(file_okay=False, path_type=Path), show_default=True,
              help="The SMS repository.")
@_period_option
@_format_option
@_today_option
@_output_option
def report_review(root: Path, period: str | None, fmt: str, today: str | None, output: Path | None) -> int:
    """The management review input pack over a period: actions from previous reviews, KPI trends, service
    performance, audit results, nonconformities, risks, improvement opportunities and customer feedback."""
    from sms.metrics.periods import last_closed_month, parse_period
    from sms.metrics.reports import review_pack
    from sms.reporters.reporting import render_review

    day = parse_date(today) or date.today()
    chosen = parse_period(period) if period is not None else last_closed_month(day)
    repo = load(root, for_people=fmt in PEOPLE_FORMATS)
    found = review_pack(repo, chosen, day)
    _warn_unloaded(repo)
    emit(render_review(found, fmt), output)
    return EXIT_OK
