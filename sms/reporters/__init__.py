"""Reporters turn a Result into text for a reader: each is a pure function (Result, options) -> str."""

from __future__ import annotations

from collections.abc import Callable

from sms.findings import Result
from sms.reporters import json_report, text

Reporter = Callable[[Result, bool], str]

REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json_report.render,
}
