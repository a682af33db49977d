"""`sms init`: start an SMS repository for another organisation."""

from __future__ import annotations

from pathlib import Path

import click

import sms
from sms.cli.app import EXIT_OK, parse_date
from sms.core import clock
from sms.core.text import shown

PROFILES = ("minimal", "operations", "full")  # sms.commands.scaffold.PROFILES; here so --help loads no models


@click.command("init")
@click.argument("directory", default=".", type=click.Path(path_type=Path))
@click.option("--org", "org", required=True, metavar="NAME",
              help="The organisation's name, e.g. \"Nordwind Logistics\".")
@click.option("--profile", type=click.Choice(PROFILES), default="operations", show_default=True,
              help="How much to start with; it sets coverage.phase in sms.yaml. minimal: context, scope, leadership, "
                   "roles and document control (clauses 4, 5, 7.5); operations: and the operational processes "
                   "(clause 8); full: every clause.")
@click.option("--force", is_flag=True, help="Add the missing files to a directory that is not empty. Existing files "
                                            "are never overwritten: they are listed as skipped.")
@click.option("--today", metavar="YYYY-MM-DD", help="The day of the approvals and roles written (default: today).")
def init(directory: Path, org: str, profile: str, force: bool, today: str | None) -> int:
    """Write a new SMS repository for ORG into DIRECTORY (default: here), ready to check and publish.

    It writes sms.yaml, schemas/, a minimal set of policies, roles and records with TODO markers (`sms check`
    reports each as a warning, SMS114), mkdocs.yml and docs/ for `sms site`, .github/ (workflows installing
    this release of sms, CODEOWNERS, a pull request template), .pre-commit-config.yaml, .gitignore and a README
    for the organisation's staff. Clauses outside the profile's phase are planned (notes, not errors).
    """
    from sms.commands.init import organisation_name, plan, write

    version = sms.__version__

    files = plan(organisation_name(org), profile, parse_date(today) or clock.today(), version)
    outcome = write(directory, files, force=force)
    click.echo(f"{directory}: wrote {len(outcome.written)} files for {shown(org.strip())} (profile {profile})")
    if outcome.skipped:
        click.echo(f"skipped {len(outcome.skipped)} existing files (never overwritten):")
        for relpath in outcome.skipped:
            click.echo(f"  {relpath}")
    if not _is_release(version):
        click.echo(f"note: sms {version} is not a release; the workflows and pre-commit hooks pin it as "
                   f"{sms.DISTRIBUTION}=={version}: change that to a release before pushing")
    click.echo(f"next: cd {shown(str(directory))} && sms check && sms site; then replace the TODOs (see README.md)")
    return EXIT_OK


def _is_release(version: str) -> bool:
    return version.replace(".", "").isdigit()
