"""The `sms` command line. Each command returns an exit code; `main` turns expected failures into one line.

Exit codes: 0 clean (warnings allowed unless --strict), 1 findings at error level, 2 usage, input,
configuration or internal error.
"""

from __future__ import annotations

import difflib
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sms import __version__
from sms.core.errors import SmsError, UsageError
from sms.store.atomic import write_text

if TYPE_CHECKING:
    from sms.store.repository import Entry, Repository

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"--today: '{value}' is not a date; use YYYY-MM-DD") from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="sms")
def cli() -> None:
    """Run an ISO/IEC 20000-1 service management system as code.

    Records live as YAML files under policies/ and records/ of a git repository; sms.yaml at the root
    holds the organisation's settings. Start with `sms check` in that repository.
    """


@cli.command()
@click.argument("root", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "sarif"]), default="text",
              show_default=True,
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
def check(root: Path, fmt: str, strict: bool, quiet: bool, output: Path | None, today: str | None,
          base: str | None) -> int:
    """Check the SMS at ROOT (default: the current folder).

    Validates every record against its schema, resolves references, and reports each finding as
    `path:line:col: severity RULE message [clauses]`. Exit 0 when there are no errors, 1 when there are
    (or warnings with --strict), 2 when the input or configuration cannot be read.
    """
    from sms.check.context import run_check
    from sms.reporters import REPORTERS
    from sms.reporters.ci import append_step_summary, report_options

    result = run_check(root, today=_parse_date(today), base=base)
    options = report_options(root, fmt, quiet=quiet)
    report = REPORTERS[fmt](result, options)
    if output is not None:
        write_text(output, report)
    else:
        click.echo(report, nl=False)
    if fmt == "github":
        append_step_summary(result, options)
    failed = result.errors > 0 or (strict and result.warnings > 0)
    return EXIT_FINDINGS if failed else EXIT_OK


@cli.command("rules")
@click.argument("rule_id", required=False)
def rules_command(rule_id: str | None) -> int:
    """List every rule, or show one rule's full documentation (e.g. `sms rules SMS101`)."""
    from sms.rules.catalogue import all_rules

    rules = all_rules()
    if rule_id is None:
        for rule in rules:
            clauses = ", ".join(rule.clauses)
            click.echo(f"{rule.id}  {rule.severity.value:<7}  [{clauses}]  {rule.summary}")
        return EXIT_OK
    found = next((rule for rule in rules if rule.id == rule_id.upper()), None)
    if found is None:
        raise UsageError(f"unknown rule '{rule_id}'; `sms rules` lists them")
    click.echo(f"{found.id} ({found.severity.value}; ISO/IEC 20000-1 {', '.join(found.clauses)})\n")
    click.echo(found.doc)
    return EXIT_OK


root_option = click.option("--root", default=".", type=click.Path(file_okay=False, path_type=Path),
                           show_default=True, help="The SMS repository.")


def _record(repo: Repository, record_id: str) -> Entry:
    """The record with this id, or a usage error suggesting the closest id."""
    entry = repo.get(record_id)
    if entry is None:
        close = difflib.get_close_matches(record_id, list(repo.by_id), n=1)
        raise UsageError(f"no record '{record_id}' in {repo.root}",
                         hint=f"did you mean '{close[0]}'?" if close else None)
    return entry


def _load(root: Path) -> Repository:
    from sms.check.context import require_sms_root
    from sms.store.config import load_config
    from sms.store.repository import load_repository

    require_sms_root(root)
    return load_repository(root, load_config(root))


@cli.command()
@click.argument("root", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="text for a terminal, json for tools, markdown for a page.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")
def coverage(root: Path, fmt: str, output: Path | None) -> int:
    """Print the ISO/IEC 20000-1 clause matrix for the SMS at ROOT.

    Each clause is covered (all its evidence present), partial, a gap, or excluded (by the scope document,
    with its justification), followed by the ids of the records that evidence it. `sms check` reports gaps
    as SMS501 and partial clauses as SMS502.
    """
    from sms.analysis.coverage import compute
    from sms.reporters.coverage import RENDERERS

    text = RENDERERS[fmt](compute(_load(root)))
    if output is not None:
        write_text(output, text)
    else:
        click.echo(text, nl=False)
    return EXIT_OK


@cli.command()
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

    repo = _load(root)
    _record(repo, record_id)
    click.echo("\n".join(render_tree(repo, build_graph(repo), record_id, depth)))
    return EXIT_OK


@cli.command("new")
@click.argument("kind", type=click.Choice(["change", "incident", "request", "problem", "risk", "improvement"]))
@click.option("--title", "-t", required=True, help="A short title, one line.")
@click.option("--by", "by", metavar="PERSON", help="Who raises it (a person id). Default: the person whose "
              "email matches `git config user.email`.")
@click.option("--owner", metavar="ROLE", help="The accountable role. Default: change-manager for changes, "
              "else sms-manager.")
@click.option("--type", "change_type", type=click.Choice(["standard", "normal", "emergency"]), default="normal",
              show_default=True, help="For changes: the change type.")
@root_option
def new_record(kind: str, title: str, by: str | None, owner: str | None, change_type: str, root: Path) -> int:
    """Create a new KIND record with the next free id, ready to edit and propose in a pull request.

    The id is free here and on the branch you will merge into, so two teams raising changes at once do
    not collide. Fields you must write are marked TODO.
    """
    from datetime import UTC, datetime

    from sms.commands.new import scaffold, write_new
    from sms.commands.renumber import ids_on
    from sms.git.base import default_ref
    from sms.git.history import in_git, user_email
    from sms.store.config import load_config

    repo = _load(root)
    if by is None:
        email = user_email(root) if in_git(root) else None
        by = next((e.id for e in repo.of_kind("person") if email and e.id and e.data.get("email") == email), None)
        if by is None:
            raise UsageError("who raises it? pass --by PERSON", hint="or set git config user.email to the email "
                             "of your person record")
    owner = owner or ("change-manager" if kind == "change" else "sms-manager")
    ref = default_ref(root) if in_git(root) else None
    path, text = scaffold(repo, load_config(root), kind, title=title, owner=owner, by=by,
                          now=datetime.now(UTC).replace(microsecond=0), change_type=change_type,
                          taken_elsewhere=ids_on(root, ref))
    write_new(root, path, text)
    click.echo(f"created {path}; edit the TODO fields, then `sms check` and open a pull request")
    return EXIT_OK


@cli.command()
@click.argument("record_id")
@root_option
@click.option("--base", metavar="REF", help="Also keep clear of the ids on this branch (default: as `sms check`).")
@click.option("--to", "new_id", metavar="ID", help="Use this id instead of the next free one.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
def renumber(record_id: str, root: Path, base: str | None, new_id: str | None, dry_run: bool) -> int:
    """Move RECORD_ID to the next free id of its kind and rewrite every reference to it.

    The fix for SMS311, when your branch and the target branch both added the same id: the new id is free
    in the work tree and on the target branch (--base). The file is renamed (and its Markdown body, if
    named after the id); references in every record are rewritten keeping comments and formatting. All
    files change together or none does.
    """
    from sms.commands.renumber import apply, ids_on, plan
    from sms.git.base import default_ref
    from sms.git.history import in_git

    repo = _load(root)
    ref = base if base is not None else (default_ref(root) if in_git(root) else None)
    chosen = plan(repo, record_id, new_id, ids_on(root, ref))
    verb = "would renumber" if dry_run else "renumbered"
    if not dry_run:
        apply(repo, chosen)
    click.echo(f"{verb} {chosen.old} → {chosen.new}: {len(chosen.writes)} file(s) rewritten, "
               f"{chosen.references} reference(s) updated")
    for old, new in chosen.renames.items():
        click.echo(f"  {old} → {new}")
    for path in sorted(set(chosen.writes) - set(chosen.renames)):
        click.echo(f"  {path}")
    return EXIT_OK


@cli.command()
@click.argument("record_id")
@root_option
@click.option("--link", "only", metavar="ID", help="Re-stamp only the link to this record.")
def review(record_id: str, root: Path, only: str | None) -> int:
    """Record that RECORD_ID's links were reviewed against their targets as they are now.

    Writes the content hash of each linked record under `reviewed_links`. When a linked record changes
    later, `sms check` reports the link as suspect (SMS312) until it is reviewed again.
    """
    from sms.analysis.suspect import restamp
    from sms.store.writer import replace_all

    repo = _load(root)
    text, stamps = restamp(repo, record_id, only)
    entry = repo.get(record_id)
    assert entry is not None  # restamp raised otherwise
    replace_all(repo.root, {entry.path: text})
    click.echo(f"{record_id}: reviewed {len(stamps)} link(s): {', '.join(sorted(stamps))}")
    return EXIT_OK


@cli.command("history")
@click.argument("record_id")
@root_option
def history_command(record_id: str, root: Path) -> int:
    """Show who changed RECORD_ID, when and in which commit, with each status and version change.

    Read from git log, following renames.
    """
    from sms.commands.history import trail

    entry = _record(_load(root), record_id)
    for line in trail(root, entry.path):
        click.echo(line)
    return EXIT_OK


@cli.command()
@click.argument("root", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 if .github/CODEOWNERS is missing or differs from what would be written.")
@click.option("--exit-code", "exit_code", is_flag=True,
              help="Exit 1 when the file was written (changed), as a pre-commit hook should.")
@click.option("--today", metavar="YYYY-MM-DD", help="Take the roles people hold on this day (default: today).")
def codeowners(root: Path, check_only: bool, exit_code: bool, today: str | None) -> int:
    """Write ROOT/.github/CODEOWNERS from the roles people hold.

    Each record file is owned by the GitHub handles (person records' `github`) of the people currently
    holding its `owner` role; sms.yaml `codeowners` adds a default owner (`*`), patterns and folders per
    kind above them. `sms check` reports a committed file that has drifted (SMS904).
    """
    from sms.analysis.codeowners import CODEOWNERS_PATH, first_difference, generate, read_committed

    repo = _load(root)
    text = generate(repo, _parse_date(today) or date.today())
    committed = read_committed(root)
    if committed.problem is not None:
        raise UsageError(f"{root / CODEOWNERS_PATH}: {committed.problem}")
    target = root / CODEOWNERS_PATH
    if committed.text == text:
        click.echo(f"{target}: up to date")
        return EXIT_OK
    if check_only:
        if committed.text is None:
            click.echo(f"{target}: missing; run `sms codeowners`")
        else:
            line, wanted = first_difference(text, committed.text)
            expected = f"'{wanted}'" if wanted is not None else "the end of the file"
            click.echo(f"{target}:{line}: out of date (expected {expected}); run `sms codeowners`")
        return EXIT_FINDINGS
    write_text(target, text)
    click.echo(f"{target}: written ({text.count(chr(10))} lines)")
    return EXIT_FINDINGS if exit_code else EXIT_OK


@cli.command()
@click.argument("root", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--at", "at", metavar="REF|DATE",
              help="Build the site as the repository stood at this tag, commit or date (YYYY-MM-DD: the last "
                   "commit of that day), in a temporary git worktree.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the site to (default: site_dir of mkdocs.yml, usually ROOT/site).")
@click.option("--quiet", "-q", is_flag=True, help="Print only warnings and errors.")
def site(root: Path, at: str | None, out: Path | None, quiet: bool) -> int:
    """Build the published site of the SMS at ROOT with mkdocs (strict, offline).

    Every page carries an "As at …" banner and names its commit in the footer; with --at the site shows
    the SMS as it stood then, for an auditor looking at a past date.
    """
    from sms.site.build import build_site

    built = build_site(root, out=out, at=at, quiet=quiet)
    commit = f"commit {built.sha[:7]}" if built.sha else "a folder outside git"
    click.echo(f"Site as at {built.as_of.isoformat()} ({commit}) written to {built.out}")
    return EXIT_OK


@cli.group()
def schema() -> None:
    """JSON Schemas for editors and other tools, exported from sms's models."""


@schema.command("export")
@click.option("--out", "out_dir", default="schemas", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder to write KIND.schema.json files to.")
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 if any file is missing or differs from the models.")
def schema_export(out_dir: Path, check_only: bool) -> int:
    """Write one KIND.schema.json per kind (and config.schema.json) into --out."""
    from sms.commands.schema_export import all_schemas, drift, render

    stale = drift(out_dir)
    if check_only:
        for name in stale:
            click.echo(f"{out_dir / name}: out of date; run `sms schema export`")
        return EXIT_FINDINGS if stale else EXIT_OK
    schemas = all_schemas()
    for name in stale:
        write_text(out_dir / name, render(schemas[name]))
    click.echo(f"{len(schemas)} schemas in {out_dir}/ ({len(stale)} written)")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the command, turn every expected failure into one line on stderr and exit 2."""
    try:
        code = cli.main(args=argv, prog_name="sms", standalone_mode=False)
    except click.exceptions.Exit as exc:  # --help, --version
        return int(exc.exit_code)
    except click.Abort:
        click.echo("sms: aborted", err=True)
        return EXIT_ERROR
    except click.ClickException as exc:
        exc.show()
        return EXIT_ERROR
    except SmsError as exc:
        click.echo(f"sms: error: {exc}", err=True)
        if exc.hint:
            click.echo(f"    hint: {exc.hint}", err=True)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as exc:  # a bug: one line for the user, the traceback only on request
        if os.environ.get("SMS_DEBUG"):
            raise
        click.echo(f"sms: internal error: {type(exc).__name__}: {exc} (set SMS_DEBUG=1 for the traceback)",
                   err=True)
        return EXIT_ERROR
    return code if isinstance(code, int) else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
