"""SMS313: document control over the whole git history, not only a pull request's diff (SMS309).

Whatever `--base` says (`--base none` included), an approved document whose content changed in a commit after
the commit that recorded its approval, with no new version and approval, is reported. Content that reached
main by a direct push or a merge checked without a base is caught here. No git, an SMS that is not committed,
or a shallow clone (history cut off: said once, as a note) give no findings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from sms.analysis.approvals import Trail
from sms.core.findings import Finding, Location, Severity
from sms.git.commits import Commit
from sms.rules.context import CheckContext
from sms.rules.registry import rule
from sms.rules.waivers import CONFIG_PATH

SUBJECT = 60  # characters of a commit subject quoted in a finding


def describe(commit: Commit) -> str:
    """'1a2b3c4 (2026-10-02, 'Add latency target')': a commit as findings and pages name it."""
    subject = commit.message if len(commit.message) <= SUBJECT else commit.message[: SUBJECT - 1] + "…"
    return f"{commit.short} ({commit.date.date().isoformat()}, '{subject}')"


def message(trail: Trail) -> str:
    first, *rest = trail.changed_in
    more = f" and {len(rest)} later commit{'s' if len(rest) > 1 else ''}" if rest else ""
    return (f"content changed in {describe(first)}{more} after the approval recorded in {trail.approval.short} "
            f"at version {trail.version}")


@rule("SMS313", Severity.ERROR, ("7.5.2", "7.5.3"))
def no_change_after_approval(ctx: CheckContext) -> Iterator[Finding]:
    """An approved document's content is not changed in a later commit without a new version and approval.

    The commit that recorded the current approval (the `version`, `approved_on` and `approved_by` the document
    carries now) is found in git history; every later commit that changed the document's content (the record
    without its document block and link-review stamps, plus its Markdown body) is a change nobody approved.
    Unlike SMS309 this does not need `--base`: it reads the whole history of the branch.

    Passing example: SLA-0002 approved at 1.2, later raised to 1.3 with a latency target, approved_on and
    approved_by of the new approval, in one commit.
    Failing example: SLA-0002 approved at 1.2, then a later commit adds a latency target at version 1.2.
    """
    answer = ctx.approvals
    if answer.shallow:
        yield dataclasses.replace(no_change_after_approval.finding(
            "the git history is shallow, so approved documents were not checked for changes after approval",
            Location(CONFIG_PATH, 1), hint="fetch the whole history: `git fetch --unshallow` (in GitHub Actions: "
            "actions/checkout with fetch-depth: 0)"), severity=Severity.INFO)
        return
    for entry in ctx.repo.entries:
        trail = answer.trails.get(entry.id or "")
        if trail is None or not trail.changed_after_approval or ctx.repo.by_id.get(entry.id or "") is not entry:
            continue
        yield no_change_after_approval.finding(
            message(trail), entry.location(("document", "version")), record_id=entry.id,
            hint="raise document.version and approve it again (approved_by, a later approved_on), or revert the "
                 "change")
