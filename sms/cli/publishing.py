"""Commands that write files derived from the SMS: codeowners, site, schema export."""

from __future__ import annotations

from pathlib import Path

import click

from sms.cli.app import EXIT_FINDINGS, EXIT_OK, WholeSentenceGroup, load, parse_date, root_argument
from sms.core import clock
from sms.core.errors import UsageError
from sms.core.text import shown


@click.command()
@root_argument
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 if .github/CODEOWNERS is missing or differs from what would be written.")
@click.option("--exit-code", "exit_code", is_flag=True,
              help="Exit 1 when the file was written (changed), as a pre-commit hook should.")
@click.option("--today", metavar="YYYY-MM-DD", help="Take the roles people hold on this day (default: today).")
def codeowners(root: Path, check_only: bool, exit_code: bool, today: str | None) -> int:
    """Write ROOT/.github/CODEOWNERS from the roles people hold.

    policies/ and each kind's folder are owned by the GitHub handles (person records' `github`) of the people
    currently holding the kind's role (sms.yaml `codeowners.kinds`, else the kind's default); a record whose
    `owner` role differs gets its own line. sms.yaml `codeowners` also sets a default owner (`*`) and patterns.
    `sms check` reports a committed file that has drifted (SMS904).
    """
    from sms.analysis.codeowners import CODEOWNERS_PATH, first_difference, generate, read_committed
    from sms.store.atomic import write_text

    repo = load(root)
    committed = read_committed(root)
    if committed.problem is not None:
        raise UsageError(f"{root / CODEOWNERS_PATH}: {committed.problem}")
    text = generate(repo, parse_date(today) or clock.today(), committed.text)
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
            click.echo(shown(f"{target}:{line}: out of date (expected {expected}); run `sms codeowners`"))
        return EXIT_FINDINGS
    write_text(target, text)
    click.echo(f"{target}: written ({text.count(chr(10))} lines)")
    return EXIT_FINDINGS if exit_code else EXIT_OK


@click.command()
@root_argument
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


@click.group(cls=WholeSentenceGroup)
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
    from sms.store.atomic import write_text

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
