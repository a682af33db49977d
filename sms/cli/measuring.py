"""Commands that measure the service from the records: sla."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from sms.cli.app import EXIT_OK, emit, load, parse_date, root_argument
from sms.reporters import SLA_FORMATS


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
    """
    from sms.metrics.periods import last_closed_month, parse_period
    from sms.metrics.sla import attainment
    from sms.reporters.sla import render

    day = parse_date(today) or date.today()
    chosen = parse_period(period) if period is not None else last_closed_month(day)
    repo = load(root)
    results = attainment(repo, chosen, day, sla_id)
    unloaded = [entry.path for entry in repo.entries if entry.record is None]
    if unloaded:  # an invalid incident is silently missing from the figures otherwise
        click.echo(f"sms: warning: {len(unloaded)} record file(s) did not load and are not measured; "
                   "`sms check` shows why", err=True)
    emit(render(results, chosen, day, fmt), output)
    return EXIT_OK
