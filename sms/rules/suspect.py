"""SMS312: links whose target changed since the link was reviewed."""

from __future__ import annotations

from collections.abc import Iterator

from sms.analysis.suspect import STAMP_FIELD, fingerprint, linked_ids
from sms.core.findings import Finding, Severity
from sms.rules.context import CheckContext
from sms.rules.registry import rule


@rule("SMS312", Severity.WARNING, ("7.5.3", "8.5.1.3"))
def link_not_suspect(ctx: CheckContext) -> Iterator[Finding]:
    """A reviewed link is suspect when its target has changed since the review.

    A record may keep, under `reviewed_links`, the content hash of each linked record as it was when the
    link was last reviewed (written by `sms review ID`): an SLA reviewed against its service, a process
    against its policy, a continuity test against its plan. When the target's content changes, the link
    is reported until someone checks it still holds and runs `sms review ID` again. A stamp for a record
    that is no longer linked is reported too.

    Passing example: reviewed_links: {SVC-0001: <hash of SVC-0001 as it is now>}.
    Failing example: SVC-0001's description was edited after the SLA's link to it was reviewed.
    """
    for entry in ctx.repo.entries:
        if STAMP_FIELD not in entry.keys or entry.record is None or not entry.record.reviewed_links:
            continue  # most records keep no stamps: their links need not be listed
        stamps = entry.record.reviewed_links
        linked = set(linked_ids(entry))
        for target_id, stamp in stamps.items():
            where = entry.location((STAMP_FIELD, target_id))
            target = ctx.repo.get(target_id)
            if target_id not in linked:
                yield link_not_suspect.finding(f"reviewed_links names {target_id}, which is not linked",
                                               where, record_id=entry.id, hint="remove the stamp")
            elif target is not None and fingerprint(target.data) != stamp:
                yield link_not_suspect.finding(f"{target_id} changed since this link was reviewed", where,
                                               record_id=entry.id,
                                               hint=f"check the link still holds, then run `sms review {entry.id}`")
