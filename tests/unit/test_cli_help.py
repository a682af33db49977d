"""Every command and every option of `sms` says what it is for in `--help`, and every argument is named in
its command's help: a test walks the click command tree, so a new command or option without help fails here,
naming it."""

from __future__ import annotations

from collections.abc import Iterator

import click

from sms.cli import cli
from tests.conftest import SmsRunner


def commands(command: click.Command, path: str = "sms") -> Iterator[tuple[str, click.Command]]:
    """Every command under `command` (itself first), with its full name as typed."""
    yield path, command
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from commands(command.commands[name], f"{path} {name}")


def undocumented(root: click.Command) -> list[str]:
    """Commands without help, options without help, and arguments their command's help does not name (click
    arguments carry no help of their own: the command's text says what each one is)."""
    missing: list[str] = []
    for path, command in commands(root):
        text = command.help or ""
        if not text.strip():
            missing.append(f"command '{path}'")
        for param in command.params:
            if isinstance(param, click.Option) and not (param.help or "").strip():
                missing.append(f"option '{path} {param.opts[0]}'")
            if isinstance(param, click.Argument) and param.human_readable_name.upper() not in text:
                missing.append(f"argument '{path} {param.human_readable_name}'")
    return missing


def test_the_walk_reaches_the_commands_and_their_subcommands() -> None:
    names = [path for path, _ in commands(cli)]
    assert {"sms", "sms check", "sms new", "sms import csv", "sms report service"} <= set(names)
    assert len(names) == len(set(names)) > 20


def test_every_command_option_and_argument_of_sms_is_documented() -> None:
    assert undocumented(cli) == []


def test_the_walk_names_what_has_no_help() -> None:
    @click.group(help="A group.")
    def group() -> None: ...

    @group.command("bare")
    @click.argument("thing")
    @click.option("--quiet", is_flag=True)
    @click.option("--loud", is_flag=True, help="Shout.")
    def bare(thing: str, quiet: bool, loud: bool) -> None: ...

    assert undocumented(group) == ["command 'sms bare'", "argument 'sms bare THING'", "option 'sms bare --quiet'"]


def test_every_group_lists_its_commands_with_their_whole_first_paragraph(sms: SmsRunner) -> None:
    """click cut the list at ~45 characters ("keeping every...") or at "e.g."; a reader choosing a command
    needs the whole sentence."""
    for path, command in commands(cli):
        if not isinstance(command, click.Group):
            continue
        run = sms(*path.split()[1:], "--help")
        assert run.code == 0
        listing = " ".join(run.out.split("Commands:", 1)[1].split())
        for name, sub in command.commands.items():
            if sub.hidden:
                continue
            first = " ".join((sub.help or "").split("\n\n", 1)[0].split())
            assert f"{name} {first}" in listing, (path, name)
