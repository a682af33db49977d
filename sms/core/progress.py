"""Progress of long work (reading 100,000 records, running the rules, building a site): what the layers that do
the work report to, and rich's bar that shows it on a terminal.

The work calls `stage(name, total)` then `advance()`; it never asks where that goes. The command decides: a bar
on stderr when a person is watching a terminal, nothing in CI, in pipes or for machine-readable output.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID


class Progress(Protocol):
    def stage(self, name: str, total: int) -> None: ...

    def advance(self, steps: int = 1) -> None: ...

    def close(self) -> None: ...


class Silent:
    """Reports nothing (tests, CI, pipes, `--quiet`, machine-readable formats)."""

    def stage(self, name: str, total: int) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


SILENT = Silent()


class Bar:
    """rich's progress bar on stderr, one line per stage. `transient`: the bars are wiped when the work ends, so
    what the command prints afterwards stands alone (a check's findings)."""

    def __init__(self, console: Console | None = None, *, transient: bool = False) -> None:
        # rich is imported here: it costs a command its import only where a bar is shown
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichProgress

        self.progress: RichProgress = RichProgress(
            TextColumn("[bold]sms[/] {task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console or Console(stderr=True), transient=transient)
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


def watched() -> bool:
    """Whether a person is watching stderr: a terminal that is not dumb, outside CI."""
    return sys.stderr.isatty() and not in_ci() and os.environ.get("TERM", "") != "dumb"
