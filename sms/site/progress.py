"""Progress of a site build: a rich progress bar on a terminal, plain log lines elsewhere (CI, pipes).

A build has stages (reading git history, rendering pages, writing pages); each has a known total. On a
terminal, rich redraws one bar per stage on stderr; in CI (CI=true) or when stderr is not a terminal, the
plugin's logger prints a line about every tenth of a stage, so a log shows the build moving without
flooding it. The bar and the silent reporter are sms.core.progress's, which `sms check` shows too.
"""

from __future__ import annotations

import logging

from sms.core.progress import Bar, Progress, Silent, in_ci, watched

__all__ = ["Bar", "Plain", "Reporter", "Silent", "in_ci", "log", "reporter"]

log = logging.getLogger("mkdocs.plugins.sms")


Reporter = Progress


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


def reporter(mode: str = "auto") -> Reporter:
    """'auto': a bar on a terminal outside CI, plain lines otherwise; 'rich', 'plain', 'off' force one.
    Nothing at all when the plugin's logger would not print INFO (mkdocs build --quiet)."""
    if mode == "off" or not log.isEnabledFor(logging.INFO):
        return Silent()
    if mode == "rich" or (mode == "auto" and watched()):
        return Bar()
    return Plain()
