"""Options every reporter may take besides the Result. Imports nothing of ours but findings and the registry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sms.rules.registry import Rule

RULE_PAGE = "rules/{rule}.html"
"""A rule's page on the published site, relative to its root (the site's rule reference)."""
CLAUSE_PAGE = "coverage.html#clause-{anchor}"
"""A clause's row in the site's clause-coverage matrix, relative to the site's root."""

SUMMARY_LIMIT = 1024 * 1024
"""GitHub drops a step summary whole (not just its tail) once the step's file passes 1 MiB."""
SUMMARY_BUDGET = 1000 * 1000
"""What our own summary may take: below the limit, with room for anything else the step writes."""


@dataclass(frozen=True)
class ReportOptions:
    """What a reporter may know besides the Result."""

    quiet: bool = False
    """Errors only; no hints, warnings or summary line."""
    path_prefix: str = ""
    """The SMS root's folder inside the git repository ('' at the top), POSIX, no trailing slash. Findings'
    paths are relative to the SMS root; GitHub and SARIF want paths relative to the repository."""
    site_url: str | None = None
    """The published site (sms.yaml `site_url`), without a trailing slash: rule and clause links point there."""
    source_url: str | None = None
    """Where a file of this commit can be browsed, ending in '/', e.g. https://github.com/o/r/blob/SHA/."""
    tool_uri: str | None = None
    """Where to read about sms itself (SARIF tool.driver.informationUri)."""
    rules: Sequence[Rule] | None = None
    """The rules to describe (SARIF tool.driver.rules); None for every registered rule."""
    summary_budget: int = SUMMARY_BUDGET
    """Bytes the Markdown job summary may take."""

    def repo_path(self, path: str) -> str:
        """A finding's path (relative to the SMS root) as a path relative to the repository."""
        return f"{self.path_prefix}/{path}" if self.path_prefix else path

    def rule_url(self, rule_id: str) -> str | None:
        """The rule's page on the published site, when there is one."""
        return f"{self.site_url}/{RULE_PAGE.format(rule=rule_id)}" if self.site_url else None

    def clause_url(self, clause: str) -> str | None:
        """The clause's row in the site's coverage matrix, when there is a site."""
        anchor = clause.replace(".", "-")
        return f"{self.site_url}/{CLAUSE_PAGE.format(anchor=anchor)}" if self.site_url else None
