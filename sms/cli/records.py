"""Commands that create or change records: new, renumber, review, history."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from sms.cli.app import EXIT_OK, load, record, root_option
from sms.core.text import first_unsafe, shown


class KindChoice(click.Choice):  # type: ignore[type-arg]
    """The kinds `sms new` can make, read from the kinds table when first needed (not at import)."""

    def __init__(self) -> None:
        super().__init__(())

    @property  # type: ignore[override]
    def choices(self) -> Sequence[str]:
        from sms.commands.new import scaffoldable_kinds

        return scaffoldable_kinds()

    @choices.setter
    def choices(self, value: Sequence[str]) -> None:
        pass


def one_line(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """A title is one line of plain text: a control or invisible character would hide part of it."""
    if (char := first_unsafe(value)) is not None:
        raise click.BadParameter(f"contains the control or invisible character {char}; write plain text")
    return value


@click.command("new")
@click.argument("kind", type=KindChoice(), metavar="KIND")
@click.option("--title", "-t", required=True, callback=one_line,
              help="A short title, one line. For roles and people it also gives the id (\"Jane Doe\" → jane-doe) "
              "unless --id says otherwise.")
@click.option("--by", "by", metavar="PERSON", help="Who raises it (a person id); a document's author. Default: the "
              "person whose email matches `git config user.email`.")
@click.option("--owner", metavar="ROLE", help="The accountable role. Default: the role owning the kind's folder "
              "(sms.yaml `codeowners.kinds`; `codeowners.default` for documents under policies/), else the kinds "
              "table's role (change-manager for changes, incident-manager for incidents, problem-manager for "
              "problems, service-desk-lead for requests); sms-manager when this SMS has no such role.")
@click.option("--type", "record_type", metavar="TYPE", help="The record's type, for kinds that have one: a change's "
              "standard, normal or emergency (default normal), a policy's or plan's type, … A value the kind does "
              "not allow is refused with the allowed ones.")
@click.option("--service", "services", metavar="SVC-ID", multiple=True,
              help="A service it concerns (repeat for more); for kinds that link services.")
@click.option("--priority", metavar="P1-P4", help="Incidents, problems: the priority.  [default: P3]")
@click.option("--major", is_flag=True, help="Incidents: a major incident.")
@click.option("--incident", "incidents", metavar="INC-ID", multiple=True,
              help="Problems: an incident it explains (repeat for more); a problem needs at least one (SMS110).")
@click.option("--approver", metavar="ROLE", help="Controlled documents: the role that must approve it. Default: "
              "the top-management role most documents of the kind name, else the first one (SMS208), else the "
              "owner.")
@click.option("--id", "record_id", metavar="SLUG", help="Roles and people: the id. Default: the title as a slug.")
@click.option("--body/--no-body", default=None, help="Controlled documents: also create a Markdown body ID.md "
              "beside the record (document.body). Default: yes for documents kept under policies/.")
@click.option("--set", "settings", metavar="FIELD=VALUE", multiple=True,
              help="Any other field, by its dotted name (a number steps into a list: audits.0.auditors); lists "
              "take values separated by ';'. Repeat for more. The record must still match its schema.")
@root_option
def new_record(kind: str, title: str, by: str | None, owner: str | None, record_type: str | None,
               services: tuple[str, ...], priority: str | None, major: bool, incidents: tuple[str, ...],
               approver: str | None, record_id: str | None, body: bool | None, settings: tuple[str, ...],
               root: Path) -> int:
    """Create a new KIND record with the next free id, ready to edit and propose in a pull request.

    KIND is any kind of record: change, incident, problem, risk, policy, process, person … (a wrong one
    lists them all). The id is free here and on the branch you will merge into, so two teams raising
    records at once do not collide. A lifecycle record starts in its first status; a controlled document
    starts as a draft, version 0.1. Fields you must write are marked TODO (SMS114 lists them); ids given to
    --service and --incident must exist.
    """
    from sms.commands.new import Fields, create

    fields = Fields(record_type=record_type, services=services, priority=priority, major=major,
                    incidents=incidents, approver=approver, record_id=record_id, body=body, settings=settings)
    paths = create(load(root), kind, title=title, by=by, owner=owner, fields=fields)
    also = f" (and {', '.join(paths[1:])})" if paths[1:] else ""
    click.echo(f"created {paths[0]}{also}; edit the TODO fields, then `sms check` and open a pull request")
    return EXIT_OK


@click.command()
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
    from sms.commands.renumber import apply, plan, taken_on_target

    repo = load(root)
    chosen = plan(repo, record_id, new_id, taken_on_target(root, base))
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


@click.command()
@click.argument("record_id")
@root_option
@click.option("--link", "only", metavar="ID", help="Re-stamp only the link to this record.")
def review(record_id: str, root: Path, only: str | None) -> int:
    """Record that RECORD_ID's links were reviewed against their targets as they are now.

    Writes the content hash of each linked record under `reviewed_links`. When a linked record changes
    later, `sms check` reports the link as suspect (SMS312) until it is reviewed again.
    """
    from sms.commands.review import review as stamp_links

    stamps = stamp_links(load(root), record_id, only)
    click.echo(f"{record_id}: reviewed {len(stamps)} link(s): {', '.join(sorted(stamps))}")
    return EXIT_OK


@click.command("history")
@click.argument("record_id")
@root_option
def history_command(record_id: str, root: Path) -> int:
    """Show who changed RECORD_ID, when and in which commit, with each status and version change.

    Read from git log, following renames.
    """
    from sms.commands.history import trail

    entry = record(load(root), record_id)
    for line in trail(root, entry.path):
        click.echo(shown(line))  # commit messages and authors are anyone's text
    return EXIT_OK
