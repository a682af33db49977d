"""Errors that stop a command: bad input, bad configuration, bad usage. Exit code 2.

Findings (things wrong in the SMS itself) are not exceptions; see findings.py.
"""

from __future__ import annotations


class SmsError(Exception):
    """An expected failure, shown to the user as one line: `sms: error: <message>`."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class InputError(SmsError):
    """A file that cannot be read safely; carries the position where the problem is.

    `rule` names the SMS0xx rule the problem belongs to, so that record files can report it as a finding
    while sms.yaml reports it as a fatal error.
    """

    def __init__(
        self,
        path: str,
        line: int,
        message: str,
        *,
        column: int = 1,
        rule: str = "SMS001",
        hint: str | None = None,
    ) -> None:
        super().__init__(f"{path}:{line}:{column}: {message}", hint)
        self.path = path
        self.line = line
        self.column = column
        self.detail = message
        self.rule = rule


class ConfigError(SmsError):
    """sms.yaml is missing a required value, names an unknown rule, or does not validate."""


class UsageError(SmsError):
    """The command line asks for something that cannot be done (unknown format, missing root)."""
