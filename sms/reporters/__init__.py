"""Reporters turn a Result into text for a reader: each is a pure function (Result, options) -> str.

Reporters never look at records or the environment: whatever they need besides the findings (where the SMS
sits inside the git repository, the published site, links to the source) arrives in ReportOptions, which
the command line fills in (sms/ci.py).
"""

from __future__ import annotations

from collections.abc import Callable

from sms.core.findings import Result
from sms.reporters.github import render as render_github
from sms.reporters.json_report import render as render_json
from sms.reporters.options import ReportOptions
from sms.reporters.sarif import render as render_sarif
from sms.reporters.text import render as render_text

Reporter = Callable[[Result, ReportOptions], str]

REPORTERS: dict[str, Reporter] = {
    "text": lambda result, options: render_text(result, options.quiet),
    "json": lambda result, options: render_json(result, options.quiet),
    "github": render_github,
    "sarif": render_sarif,
}
FORMATS = tuple(REPORTERS)
