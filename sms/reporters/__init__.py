"""Reporters turn a Result into text for a reader: each is a pure function (Result, options) -> str.

Reporters never look at records or the environment: whatever they need besides the findings (where the SMS
sits inside the git repository, the published site, links to the source) arrives in ReportOptions, which
the command line fills in (sms/reporters/ci.py).

The vocabularies (FORMATS, COVERAGE_FORMATS, SLA_FORMATS, KPI_FORMATS, REPORT_FORMATS) are defined here once and
kept cheap to import, so the command line can offer them without loading every reporter.
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
KPI_FORMATS = ("text", "json", "csv")
REPORT_FORMATS = ("markdown", "json")


def _reporter(fmt: str) -> Callable[[Result, ReportOptions], str]:
    """The reporter of one format, importing only its module: a warm check printing text should not load the
    SARIF writer and what it needs (sockets, URLs)."""
    if fmt == "text":
        from sms.reporters.text import render as render_text

        return lambda result, options: render_text(result, options.quiet)
    if fmt == "json":
        from sms.reporters.json_report import render as render_json

        return lambda result, options: render_json(result, options.quiet)
    if fmt == "github":
        from sms.reporters.github import render as render_github

        return render_github
    if fmt == "sarif":
        from sms.reporters.sarif import render as render_sarif

        return render_sarif
    raise KeyError(fmt)


def report(fmt: str, result: Result, options: ReportOptions) -> str:
    return _reporter(fmt)(result, options)


def coverage_report(fmt: str, statuses: list[ClauseStatus]) -> str:
    from sms.reporters.coverage import RENDERERS

    return RENDERERS[fmt](statuses)
