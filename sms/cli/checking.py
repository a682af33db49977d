"""Commands that read the SMS and report on it: check, rules, coverage, trace."""

from __future__ import annotations

from pathlib import Path

import click

from sms.cli.app import (
    EXIT_FINDINGS,
    EXIT_OK,
    emit,
    finish_interrupted_writes,
    load,
    parse_date,
    record,
    require_sms_root,
    root_argument,
    root_option,
)
from sms.core.errors import UsageError
from sms.core.progress import SILENT, Bar, watched
from sms.core.text import shown
from sms.reporters import COVERAGE_FORMATS, FORMATS


@click.command()
@root_argument
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format: text lines for people, json for tools, github for workflow annotations (plus "
                   "the job summary in $GITHUB_STEP_SUMMARY), sarif for code scanning.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too, not only on errors.")
@click.option("--quiet", "-q", is_flag=True, help="Report errors only; no hints, warnings or summary.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE instead of standard output.")
@click.option("--today", metavar="YYYY-MM-DD", help="Judge dates as if today were this day (default: today).")
@click.option("--base", metavar="REF",
              help="Git ref the change is judged against (lifecycle, history, versions, id collisions). Default: "
                   "origin/$GITHUB_BASE_REF in GitHub Actions, else the default branch; 'none' turns these "
                   "rules off.")
@click.option("--changed-since", "changed_since", metavar="REF",
              help="Report findings of per-file rules only for files changed since REF's merge base with HEAD "
                   "(uncommitted and untracked files included; every file when sms.yaml changed). Cross-record "
                   "rules still judge the whole SMS.")
@click.option("--no-cache", "no_cache", is_flag=True,
              help="Read every file afresh; neither use nor update the record cache in .sms-cache/.")
def check(root: Path, fmt: str, strict: bool, quiet: bool, output: Path | None, today: str | None,
          base: str | None, changed_since: str | None, no_cache: bool) -> int:
    """Check the SMS at ROOT (default: the current folder).

    Validates every record against its schema, resolves references, and reports each finding as
    `path:line:col: severity RULE message [clauses]`. Exit 0 when there are no errors, 1 when there are
    (or warnings with --strict), 2 when the input or configuration cannot be read, 3 on an internal error.
    """
    from sms.check.engine import check_root
    from sms.reporters import report
    from sms.reporters.ci import append_step_summary, report_options

    day = parse_date(today)
    require_sms_root(root)
    finish_interrupted_writes(root)
    # A person watching a terminal sees the reading and the rules move (a cold check of 100,000 records takes a
    # minute); machine-readable formats, --quiet, pipes and CI get nothing on stderr.
    progress = Bar(transient=True) if fmt == "text" and not quiet and watched() else SILENT
    try:
        result = check_root(root, today=day, base=base, cache=not no_cache, changed_since=changed_since,
                            progress=progress)
    finally:
        progress.close()
    options = report_options(root, fmt, quiet=quiet)
    emit(report(fmt, result, options), output)
    if fmt == "github":
        append_step_summary(result, options)
    failed = result.errors > 0 or (strict and result.warnings > 0)
    return EXIT_FINDINGS if failed else EXIT_OK


@click.command("rules")
@click.argument("rule_id", required=False)
def rules_command(rule_id: str | None) -> int:
    """List every rule, or show the full documentation of the rule RULE_ID (e.g. `sms rules SMS101`)."""
    from sms.rules.catalogue import catalogue

    rules = catalogue()
    if rule_id is None:
        for rule in rules:
            clauses = ", ".join(rule.clauses)
            click.echo(f"{rule.id}  {rule.severity.value:<7}  [{clauses}]  {rule.summary}")
        return EXIT_OK
    found = rules.get(rule_id.upper())
    if found is None:
        raise UsageError(f"unknown rule '{rule_id}'; `sms rules` lists them")
    click.echo(f"{found.id} ({found.severity.value}; ISO/IEC 20000-1 {', '.join(found.clauses)})\n")
    click.echo(found.doc)
    return EXIT_OK


@click.command()
@root_argument
@click.option("--format", "fmt", type=click.Choice(COVERAGE_FORMATS), default="text", show_default=True,
              help="text for a terminal, json for tools, markdown for a page.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")
@click.option("--today", metavar="YYYY-MM-DD", help="Judge recent records as if today were this day.")
def coverage(root: Path, fmt: str, output: Path | None, today: str | None) -> int:
    """Print the ISO/IEC 20000-1 clause matrix for the SMS at ROOT.

    Each clause is covered (all its evidence present), documented (its documents are there but no record
    shows the activity being done), partial, a gap, or excluded (by the scope document, with its
    justification), followed by the documents and the records that evidence it. `sms check` reports gaps as
    SMS501, partial clauses as SMS502 and documented ones as SMS505.
    """
    from sms.analysis.coverage import compute
    from sms.reporters import coverage_report

    emit(coverage_report(fmt, compute(load(root, for_people=fmt == "text"), today=parse_date(today))), output)
    return EXIT_OK


@click.command()
@click.argument("record_id")
@root_option
@click.option("--depth", default=2, show_default=True, type=click.IntRange(1, 10),
              help="How many links to follow in each direction.")
def trace(record_id: str, root: Path, depth: int) -> int:
    """Show what RECORD_ID depends on and what depends on it.

    For a service, for example: its owner role, CIs and agreements; and the SLAs, incidents, changes and
    problems that refer to it, and what refers to those in turn (--depth).
    """
    from sms.analysis.trace import build_graph, render_tree

    repo = load(root)
    record(repo, record_id)
    click.echo("\n".join(shown(line) for line in render_tree(repo, build_graph(repo), record_id, depth)))
    return EXIT_OK
