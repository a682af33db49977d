"""Commands that move records along their lifecycles: transition, lifecycle."""

from __future__ import annotations

from pathlib import Path

import click

from sms.cli.app import EXIT_OK, load, record, root_option
from sms.core.errors import UsageError


@click.command()
@click.argument("record_id")
@click.argument("status")
@click.option("--by", "by", metavar="PERSON", help="Who makes the step (a person id); for a change reaching "
              "approved, also its approver. Default: the person whose email matches `git config user.email`.")
@click.option("--note", metavar="TEXT", help="Why, in a sentence, for the history entry.")
@click.option("--at", "at", metavar="TIMESTAMP", help="When, with a time zone (2026-03-02T09:30:00+01:00). "
              "Default: now, in the time zone of sms.yaml's default calendar (else UTC).")
@root_option
def transition(record_id: str, status: str, by: str | None, note: str | None, at: str | None, root: Path) -> int:
    """Move RECORD_ID to STATUS: one legal step of its lifecycle (`sms lifecycle KIND` lists them).

    Appends the history entry, sets `status`, and records what the step means: `resolved_at` for an incident
    reaching resolved, `fulfilled_at` for a request reaching fulfilled, `approved_by`/`approved_at` for a change
    reaching approved with --by. Comments and layout in the file are kept; the file is replaced whole or not
    at all. An illegal step is refused, naming the statuses the record may move to.
    """
    from sms.commands.new import author_from_git
    from sms.commands.transition import parse_at
    from sms.commands.transition import transition as move

    repo = load(root)
    record(repo, record_id)
    person = by or author_from_git(repo)
    if person is None:
        raise UsageError("who makes this step? pass --by PERSON",
                         hint="or set git config user.email to the email of your person record")
    moved = move(repo, record_id, status, by=person, note=note, at=parse_at(at) if at else None,
                 approver=by is not None)
    click.echo(f"{moved.record_id}: {moved.before} → {moved.after} at {moved.at.isoformat()} by {person} "
               f"({moved.path})")
    return EXIT_OK


@click.command()
@click.argument("kind")
@click.option("--type", "record_type", metavar="TYPE", help="The record's type, where types add steps "
              "(changes: standard, normal, emergency).")
@root_option
def lifecycle(kind: str, record_type: str | None, root: Path) -> int:
    """Print KIND's statuses, its legal transitions and which statuses are final.

    Read from sms.yaml's `lifecycles` where it overrides the defaults (--root), so it shows what
    `sms transition` and `sms check` (SMS301) allow here.
    """
    from sms.commands.transition import describe
    from sms.store.config import load_config

    for line in describe(load_config(root), kind, record_type):
        click.echo(line)
    return EXIT_OK
