"""Commands that lay out or bring in record files: fmt, import csv."""

from __future__ import annotations

from pathlib import Path

import click

from sms.cli.app import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, require_sms_root, root_option
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
