"""The click group every command hangs off, and what several commands share: the --root option, dates, loading
the SMS at a root, looking a record up by id."""

from __future__ import annotations

import difflib
import inspect
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sms.core.errors import UsageError

if TYPE_CHECKING:  # the store pulls in pydantic; `sms --help` should not wait for it
    from sms.store.repository import Entry, Repository

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

EXIT_CODES_HELP = ("Exit codes: 0 clean (warnings allowed unless --strict), 1 findings, 2 bad input or usage, "
                   "3 internal error (a bug: please report it; SMS_DEBUG=1 shows the traceback).")


def summary(command: click.Command) -> str:
    """A command's first paragraph, whole: click's own summary stops at about 45 characters or at the first
    ". " ("Put record files in the one canonical layout, keeping every...", "... the rule RULE_ID (e.g.")."""
    if command.short_help:
        return command.short_help
    return " ".join(inspect.cleandoc(command.help or "").split("\n\n", 1)[0].split())


class WholeSentenceGroup(click.Group):
    """Lists each command with its whole summary, wrapped to the terminal."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, summary(command)) for name in self.list_commands(ctx)
                if (command := self.get_command(ctx, name)) is not None and not command.hidden]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """`sms --version`, as click's own option prints it; the version is looked up only when asked for
    (importlib.metadata would cost every other command its import)."""
    if not value or ctx.resilient_parsing:
        return
    import sms

    click.echo(f"sms, version {sms.__version__}")
    ctx.exit()


@click.group(cls=WholeSentenceGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             epilog=EXIT_CODES_HELP)
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
              help="Show the version and exit.")
def cli() -> None:
    """Run an ISO/IEC 20000-1 service management system as code.

    Records live as YAML files under policies/ and records/ of a git repository; sms.yaml at the root
    holds the organisation's settings. Start with `sms check` in that repository.
    """


root_argument = click.argument("root", default=".", type=click.Path(file_okay=False, path_type=Path))
root_option = click.option("--root", default=".", type=click.Path(file_okay=False, path_type=Path),
                           show_default=True, help="The SMS repository.")


def parse_date(value: str | None, option: str = "--today") -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"{option}: '{value}' is not a date; use YYYY-MM-DD") from exc


def require_sms_root(root: Path) -> None:
    """Refuse a folder that is not an SMS at all, rather than report every clause as a gap."""
    if not root.is_dir():
        raise UsageError(f"{root}: no such directory", hint="pass the root of an SMS repository")
    if not any((root / name).exists() for name in ("sms.yaml", "policies", "records")):
        raise UsageError(f"{root}: no sms.yaml, policies/ or records/ here; this is not an SMS repository",
                         hint="run sms in the repository's root folder, or pass it: sms check PATH")


def load(root: Path, *, for_people: bool = True) -> Repository:
    """The SMS at `root`, loaded with the record cache (loading problems are left for `sms check` to report).
    A person at a terminal sees the reading move unless the output is `for_people=False` (a machine format)."""
    from sms.check.loading import load_sms
    from sms.core.progress import SILENT, Bar, watched
    from sms.store.config import load_config

    require_sms_root(root)
    finish_interrupted_writes(root)
    progress = Bar(transient=True) if for_people and watched() else SILENT
    try:
        return load_sms(root, load_config(root), progress=progress)
    finally:
        progress.close()


def finish_interrupted_writes(root: Path) -> None:
    """Finish (or discard) a multi-file write a crash interrupted, and say so on stderr."""
    from sms.store.journal import recover

    done = recover(root)
    if done is not None:
        click.echo(f"sms: {done}", err=True)


def record(repo: Repository, record_id: str) -> Entry:
    """The record with this id, or a usage error suggesting the closest id."""
    entry = repo.get(record_id)
    if entry is None:
        close = difflib.get_close_matches(record_id, list(repo.by_id), n=1)
        raise UsageError(f"no record '{record_id}' in {repo.root}",
                         hint=f"did you mean '{close[0]}'?" if close else None)
    return entry


def emit(text: str, output: Path | None) -> None:
    """Write a report to --output, or print it."""
    from sms.store.atomic import write_text

    if output is not None:
        write_text(output, text)
    else:
        click.echo(text, nl=False)
