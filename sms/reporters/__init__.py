"""Reporters turn a Result into text for a reader: each is a pure function (Result, options) -> str.

Reporters never look at records or the environment: whatever they need besides the findings (where the SMS
sits inside the git repository, the published site, links to the source) arrives in ReportOptions, which
the command line fills in (sms/reporters/ci.py).

The vocabularies (FORMATS, COVERAGE_FORMATS, SLA_FORMATS) are defined here once and kept cheap to import, so the command
line can offer them without loading every reporter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sms.analysis.coverage import ClauseStatus
    from sms.core.findings import Result
    from sms.reporters.options import ReportOptions

FORMATS = ("text", "json", "github", "sarif")
COVERAGE_FORMATS = ("text", "json", "markdown")
SLA_FORMATS = ("text", "json", "csv")


def reporters() -> dict[str, Callable[[Result, ReportOptions], str]]:
    """Reporter by format (one per entry of FORMATS)."""
    from sms.reporters.github import render as render_github
    from sms.reporters.json_report import render as render_json
    from sms.reporters.sarif import render as render_sarif
    from sms.reporters.text import render as render_text

    return {
        "text": lambda result, options: render_text(result, options.quiet),
        "json": lambda result, options: render_json(result, options.quiet),
        "github": render_github,
        "sarif": render_sarif,
    }


def report(fmt: str, result: Result, options: ReportOptions) -> str:
    return reporters()[fmt](result, options)


def coverage_report(fmt: str, statuses: list[ClauseStatus]) -> str:
    from sms.reporters.coverage import RENDERERS

    return RENDERERS[fmt](statuses)
