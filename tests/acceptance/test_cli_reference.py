"""The command reference page (docs/reference/cli.md) is generated from the command tree and committed; it
must be what `sms docs cli` prints now, so a changed option or help text cannot leave the page behind."""

from __future__ import annotations

from pathlib import Path

import click

from sms.cli import cli
from sms.cli.reference import PAGE, render, walk
from tests.conftest import REPO_ROOT, SmsRunner


def test_the_committed_page_is_what_the_commands_say_now() -> None:
    committed = (REPO_ROOT / PAGE).read_text(encoding="utf-8")
    assert committed == render(cli), "docs/reference/cli.md is out of date: run `sms docs cli -o docs/reference/cli.md`"


def test_every_visible_command_and_option_is_on_the_page() -> None:
    page = render(cli)
    ctx = click.Context(cli, info_name="sms")
    visited = list(walk(cli, ctx))
    assert {sub.command_path for _, sub in visited} >= {"sms", "sms new", "sms import csv", "sms report service"}
    for command, sub in visited:
        assert f"\n## {sub.command_path}\n" in page
        for option in command.params:
            if isinstance(option, click.Option):
                assert f"`{option.opts[0]}`" in page.split(f"\n## {sub.command_path}\n", 1)[1].split("\n## ")[0]
    assert "## sms docs" not in page  # the maintainers' own command stays out of the adopters' reference


def test_sms_docs_cli_writes_and_checks_the_page(tmp_path: Path, sms: SmsRunner) -> None:
    target = tmp_path / "cli.md"
    assert sms("docs", "cli", "--output", str(target), "--check").code == 1  # missing
    run = sms("docs", "cli", "--output", str(target))
    assert (run.code, run.out) == (0, f"{target}: written\n")
    assert sms("docs", "cli", "--output", str(target), "--check").out == f"{target}: up to date\n"
    target.write_text(target.read_text(encoding="utf-8").replace("sms new", "sms old", 1), encoding="utf-8")
    stale = sms("docs", "cli", "--output", str(target), "--check")
    assert (stale.code, stale.out) == (1, f"{target}: out of date; run `sms docs cli --output {target}`\n")
    assert sms("docs", "cli").out == target.read_text(encoding="utf-8").replace("sms old", "sms new", 1)
