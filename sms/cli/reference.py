"""The command reference page (docs/reference/cli.md) generated from the click command tree, so it is never
written twice: `sms docs cli` prints it, a test regenerates it and compares with the committed file.

It lives in the cli layer because it reads the command tree (the site layer may not import the cli); the
site publishes the committed Markdown like any hand-written page of docs/.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Iterator
from pathlib import Path

import click

from sms.cli.app import EXIT_FINDINGS, EXIT_OK, WholeSentenceGroup

PAGE = Path("docs/reference/cli.md")
INTRO = """\
# Command reference

Every `sms` command and option, as `sms COMMAND --help` prints them. This page is generated from the
commands themselves (`sms docs cli --output docs/reference/cli.md`); a test fails when it is out of date.
"""


def walk(command: click.Command, ctx: click.Context) -> Iterator[tuple[click.Command, click.Context]]:
    """`command` and every visible command under it, depth first in name order, each with its context."""
    yield command, ctx
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            sub = command.commands[name]
            if not sub.hidden:
                yield from walk(sub, click.Context(sub, info_name=name, parent=ctx))


def cell(text: str) -> str:
    """Text for one table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def option_row(option: click.Option, ctx: click.Context) -> str:
    names = ", ".join(f"`{name}`" for name in (*option.opts, *option.secondary_opts))
    if not option.is_flag:
        if isinstance(option.type, click.Choice):
            names += " " + "\\|".join(f"`{choice}`" for choice in option.type.choices)
        else:
            names += f" `{option.make_metavar(ctx)}`" if _takes_metavar(option) else ""
    described = option.help or ""
    if option.show_default and option.default is not None and not option.is_flag:
        described += f" (default: `{option.default}`)"
    return f"| {names} | {cell(described)} |"


def _takes_metavar(option: click.Option) -> bool:
    return option.metavar is not None or not option.is_flag


def section(command: click.Command, ctx: click.Context) -> str:
    """One command: its heading, usage line, help text and options."""
    usage = " ".join([ctx.command_path, *command.collect_usage_pieces(ctx)])
    lines = [f"## {ctx.command_path}", "", "```text", usage, "```", ""]
    for text in inspect.cleandoc(command.help or "").split("\n\n"):
        lines.extend([paragraph(text), ""])
    if command.epilog:
        lines.extend([command.epilog.strip(), ""])
    options = [param for param in command.params if isinstance(param, click.Option) and not param.hidden]
    if options:
        lines.extend(["| Option | What it does |", "|---|---|"])
        lines.extend(option_row(option, ctx) for option in options)
        lines.append(f"| `{'`, `'.join(ctx.help_option_names)}` | Show the help and exit. |")
        lines.append("")
    if isinstance(command, click.Group):
        subs = [name for name in sorted(command.commands) if not command.commands[name].hidden]
        lines.extend(["Commands: " + ", ".join(f"[{ctx.command_path} {name}](#{_anchor(ctx.command_path, name)})"
                                               for name in subs), ""])
    return "\n".join(lines)


def paragraph(text: str) -> str:
    """A paragraph of help as Markdown; one click keeps as typed (marked with \\b) as a block of text."""
    if not text.startswith("\b\n"):
        return text.strip()
    return "```text\n" + textwrap.dedent(text.removeprefix("\b\n")).strip("\n") + "\n```"


def _anchor(path: str, name: str) -> str:
    return f"{path} {name}".replace(" ", "-")


def render(root: click.Command) -> str:
    """The whole page."""
    ctx = click.Context(root, info_name="sms", max_content_width=100, terminal_width=100)
    ctx.help_option_names = ["-h", "--help"]
    parts = [INTRO]
    for command, sub_ctx in walk(root, ctx):
        sub_ctx.help_option_names = ctx.help_option_names
        parts.append(section(command, sub_ctx))
    return "\n".join(parts).rstrip("\n") + "\n"


@click.group("docs", hidden=True, cls=WholeSentenceGroup)
def docs_group() -> None:
    """Generate the reference pages of this repository's docs/ from sms itself (for sms's maintainers)."""


@docs_group.command("cli")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the page to this file instead of printing it (e.g. docs/reference/cli.md).")
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 if --output differs from what would be written.")
def docs_cli(output: Path | None, check_only: bool) -> int:
    """Print the command reference (every command and option, from their --help) as Markdown."""
    from sms.cli.app import cli
    from sms.store.atomic import write_text

    text = render(cli)
    if output is None:
        click.echo(text, nl=False)
        return EXIT_OK
    current = output.read_text(encoding="utf-8") if output.is_file() else None
    if check_only:
        if current != text:
            click.echo(f"{output}: out of date; run `sms docs cli --output {output}`")
            return EXIT_FINDINGS
        click.echo(f"{output}: up to date")
        return EXIT_OK
    write_text(output, text)
    click.echo(f"{output}: written")
    return EXIT_OK
