"""Progress of a site build: a rich progress bar on a terminal, plain log lines elsewhere (CI, pipes).

A build has stages (reading git history, rendering pages, writing pages); each has a known total. On a
terminal, rich redraws one bar per stage on stderr; in CI (CI=true) or when stderr is not a terminal, the
plugin's logger prints a line about every tenth of a stage, so a log shows the build moving without
flooding it.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Protocol

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

log = logging.getLogger("mkdocs.plugins.sms")


class Reporter(Protocol):
    def stage(self, name: str, total: int) -> None: ...

    def advance(self, steps: int = 1) -> None: ...

    def close(self) -> None: ...


class Silent:
    """Reports nothing (tests, `--quiet`)."""

    def stage(self, name: str, total: int) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


class Plain:
    """A log line at the start of each stage and about every tenth of the way through it."""

    def __init__(self, logger: logging.Logger = log) -> None:
        self.logger = logger
        self.name = ""
        self.total = 0
        self.done = 0
        self.next_report = 0

    def stage(self, name: str, total: int) -> None:
        self.name, self.total, self.done = name, total, 0
        self.next_report = max(1, total // 10)
        self.logger.info("sms: %s (%d)", name, total)

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        if self.total and (self.done >= self.next_report or self.done == self.total):
            self.logger.info("sms: %s %d/%d", self.name, min(self.done, self.total), self.total)
            while self.next_report <= self.done:
                self.next_report += max(1, self.total // 10)

    def close(self) -> None:
        pass


class Bar:
    """rich's progress bar on stderr, one task per stage."""

    def __init__(self, console: Console | None = None) -> None:
        self.progress = Progress(TextColumn("[bold]sms[/] {task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=console or Console(stderr=True), transient=False)
        self.task: TaskID | None = None
        self.started = False

    def stage(self, name: str, total: int) -> None:
        if not self.started:
            self.progress.start()
            self.started = True
        if self.task is not None:
            self.progress.update(self.task, completed=self.progress.tasks[-1].total)
        self.task = self.progress.add_task(name, total=total)

    def advance(self, steps: int = 1) -> None:
        if self.task is not None:
            self.progress.advance(self.task, steps)

    def close(self) -> None:
        if self.started:
            self.progress.stop()
            self.started = False


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def reporter(mode: str = "auto") -> Reporter:
    """'auto': a bar on a terminal outside CI, plain lines otherwise; 'rich', 'plain', 'off' force one.
    Nothing at all when the plugin's logger would not print INFO (mkdocs build --quiet)."""
    if mode == "off" or not log.isEnabledFor(logging.INFO):
        return Silent()
    if mode == "rich" or (mode == "auto" and sys.stderr.isatty() and not in_ci()
                          and os.environ.get("TERM", "") != "dumb"):
        return Bar()
    return Plain()
