"""Commands that lay out or bring in record files: fmt, import csv."""

from __future__ import annotations

from pathlib import Path

import click

from sms.cli.app import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, WholeSentenceGroup, require_sms_root, root_option
from sms.core.errors import UsageError
from sms.core.text import shown


@click.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True, help="Write nothing; list the files that are not in the canonical layout "
              "(one per line, relative to --root) and exit 1 if there are any.")
@root_option
def fmt(paths: tuple[Path, ...], check: bool, root: Path) -> int:
    """Put record files in the one canonical layout, keeping every comment.

    Keys in the order of the kind's model (apiVersion, kind, id, title, owner first, then the fields as the
    schema lists them, nested blocks likewise; keys the model does not know keep their order at the end),
    two-space indentation with list items indented under their key, and quotes only where YAML needs them or
    where a value would otherwise read as another type ('1.0', 'on', '8.1', a date kept as text). Flow lists
    ([a, b]) and block scalars (>-, |) stay as written. Formatting twice changes nothing, and never what a
    file says: the result is read back and compared.

    PATHS are files or folders (default: policies/, records/ and sms.yaml under --root). A file that does
    not parse is reported and left alone (exit 2 at the end); the others are still formatted. Changed files
    are replaced whole, together, or not at all.

    \b
    Example:
      sms fmt --check          # in CI: exit 1 and the list of files to format
      sms fmt records/risks    # format the risk register in place
    """
    from sms.commands.fmt import format_files

    require_sms_root(root)
    result = format_files(root, paths, check=check)
    for relpath in sorted(result.changed):
        click.echo(shown(relpath) if check else f"formatted {shown(relpath)}")
    for error in result.broken:
        click.echo(f"sms: error: {shown(str(error))} (not formatted)", err=True)
    verb = "would be reformatted" if check else "reformatted"
    click.echo(f"{len(result.changed)} of {result.checked} file(s) {verb}"
               f"{f', {len(result.broken)} not readable' if result.broken else ''}", err=True)
    if result.broken:
        return EXIT_USAGE
    return EXIT_FINDINGS if check and result.changed else EXIT_OK


@click.group("import", cls=WholeSentenceGroup)
def import_group() -> None:
    """Bring records in from other tools.

    \b
    Example:
      sms import csv risk risk-register.csv --map "Risk=title"            # check every row
      sms import csv risk risk-register.csv --map "Risk=title" --write    # then create the records
    """


@import_group.command("csv")
@click.argument("kind")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--map", "maps", metavar="COLUMN=FIELD", multiple=True,
              help="Fill FIELD from COLUMN (dotted for nested fields, e.g. 'Treatment owner=treatment.owner'); "
              "'COLUMN=' skips the column. Repeat for more. Unmapped columns fill the field of their name in "
              "snake_case ('Review on' → review_on).")
@click.option("--write", is_flag=True, help="Create the records (only when every row is valid; all or none).")
@click.option("--by", "by", metavar="PERSON", help="Who imports them, for history entries and document authors "
              "(a person id). Default: the person whose email matches `git config user.email`.")
@root_option
def import_csv(kind: str, file: Path, maps: tuple[str, ...], write: bool, by: str | None, root: Path) -> int:
    """Bring a spreadsheet register (risks, configuration items, services, people, ...) into KIND records.

    FILE is CSV in UTF-8 (with or without a BOM), comma-separated, with a header row. List fields take
    several values separated by ';'. A dry run by default: every row is validated through the kind's model
    and its references are looked up, and each bad cell is printed as FILE:line:column: message (the
    line in the CSV, the column's header); exit 1 if any row is bad. With --write, and only when every row
    is good, each row becomes a record with a fresh id (as `sms new` allocates them), in the layout `sms
    fmt` keeps. A lifecycle record's history runs from the initial status to the row's status, stamped now;
    a controlled document starts as a draft, version 0.1.

    \b
    Example:
      sms import csv risk register.csv --map "Risk=title" --map "Treatment owner=treatment.owner"
      sms import csv risk register.csv --map "Risk=title" --map "Treatment owner=treatment.owner" --write
    """
    from sms.cli.app import load
    from sms.commands.csv_import import plan_import, write_import

    mapping: dict[str, str] = {}
    for item in maps:
        column, sep, target = item.rpartition("=")
        if not sep or not column:
            raise UsageError(f"--map {item}: expected COLUMN=FIELD, e.g. 'Review date=review_on'")
        mapping[column.strip()] = target.strip()
    repo = load(root)
    name = str(file)
    result = plan_import(repo, kind, file, name, mapping, by=by)
    for bad in result.bad:
        click.echo(f"{shown(name)}:{bad.line}:{shown(bad.column)}: {shown(bad.message)}")
    if any(bad.line == 1 for bad in result.bad):
        click.echo("the header needs fixing first (line 1); no row was checked and nothing written", err=True)
        return EXIT_FINDINGS
    if result.bad:
        click.echo(f"{result.rows} row(s) read: {result.bad_rows} with errors; nothing written", err=True)
        return EXIT_FINDINGS
    if not write:
        click.echo(f"{result.rows} row(s) read, all valid; pass --write to create {len(result.records)} "
                   f"{kind} record(s)", err=True)
        return EXIT_OK
    write_import(repo, result)
    for relpath in result.records:
        click.echo(f"created {relpath}")
    click.echo(f"{len(result.records)} {kind} record(s) created from {shown(name)}; run `sms check`", err=True)
    return EXIT_OK
