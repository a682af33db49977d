"""SMS2xx: document control (7.5) on the documents as they stand — approval, review, succession."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from sms.analysis.roles import holders, holds_role
from sms.analysis.standing import INACTIVE_DOCUMENT, is_current, review_overdue
from sms.core.dates import add_months
from sms.core.findings import Finding, Severity
from sms.models import CONTROLLED
from sms.models.common import DocumentControl
from sms.rules.context import CheckContext
from sms.rules.registry import rule
from sms.store.repository import Entry


def documents(ctx: CheckContext) -> Iterator[tuple[Entry, DocumentControl]]:
    """Every valid controlled document with its document block (found once per context)."""
    return iter(ctx.documents)


@rule("SMS201", Severity.ERROR, ("7.5.2",), per_file=True)
def approval_recorded(ctx: CheckContext) -> Iterator[Finding]:
    """An approved document records who approved it, when, and when it is next reviewed.

    A document with `status: approved` must carry `approved_by`, `approved_on` and `next_review` in its
    document block; without them nobody can tell whether the approval is real or current.

    Passing example: status approved with approved_by, approved_on and next_review set.
    Failing example: status approved with no approved_on.
    """
    for entry, document in documents(ctx):
        if document.status != "approved":
            continue
        missing = [name for name in ("approved_by", "approved_on", "next_review") if getattr(document, name) is None]
        if missing:
            yield approval_recorded.finding(f"approved document lacks {', '.join(missing)}",
                                            entry.location(("document", "status")), record_id=entry.id,
                                            hint="record the approval in the document block, or set status: in_review")


@rule("SMS202", Severity.WARNING, ("7.5.3",), per_file=True, dated=True)
def review_not_overdue(ctx: CheckContext) -> Iterator[Finding]:
    """An approved document is reviewed by its `next_review` date.

    Past the date the finding is a warning; once `review_periods.overdue_grace_days` (sms.yaml, default 30)
    have also passed it becomes an error. Review the document, then record the new approval and the next
    review date.

    Passing example: next_review: 2027-03-31 checked on 2026-11-25.
    Failing example: next_review: 2026-09-30 checked on 2026-11-25 (error: over 30 days overdue).
    """
    grace = timedelta(days=ctx.config.review_periods.overdue_grace_days)
    for entry, document in documents(ctx):
        due = document.next_review
        if due is None or not review_overdue(document, ctx.today):
            continue
        finding = review_not_overdue.finding(f"review overdue since {due.isoformat()} (owner: {entry.data['owner']})",
                                             entry.location(("document", "next_review")), record_id=entry.id,
                                             hint="review the document and record a new approval and next_review")
        if ctx.today > due + grace:
            finding = Finding(finding.rule, Severity.ERROR, finding.message + f", beyond the {grace.days}-day grace",
                              finding.location, finding.record_id, finding.clauses, finding.hint)
        yield finding


@rule("SMS203", Severity.ERROR, ("7.5.2", "5.3"))
def approver_has_authority(ctx: CheckContext) -> Iterator[Finding]:
    """A document is approved by a holder of its approver role, who is not its author.

    `approved_by` must hold the role named in `approver` on the `approved_on` date (person records carry
    dated role assignments), and must be someone other than `author`: nobody approves their own work.

    Passing example: author a-author, approver sms-manager, approved_by b-approver who holds sms-manager.
    Failing example: approved_by a-author, the document's own author.
    """
    for entry, document in documents(ctx):
        if document.approved_by is None or document.approved_on is None:
            continue
        approver, person = ctx.repo.get(document.approver), ctx.repo.get(document.approved_by)
        if approver is None or approver.kind != "role" or person is None or person.kind != "person":
            continue  # a dangling or wrong-kind reference is SMS101/SMS102's finding, not a second one here
        where = entry.location(("document", "approved_by"))
        if document.approved_by == document.author:
            yield approver_has_authority.finding(
                f"'{document.approved_by}' approved a document they wrote", where,
                record_id=entry.id, hint="another holder of the approver role must approve it")
        elif not holds_role(ctx.repo, document.approved_by, document.approver, document.approved_on):
            able = holders(ctx.repo, document.approver, document.approved_on)
            yield approver_has_authority.finding(
                f"'{document.approved_by}' did not hold the role '{document.approver}' on "
                f"{document.approved_on.isoformat()}", where, record_id=entry.id,
                hint=f"holders then: {', '.join(able)}" if able else "nobody held the role then")


@rule("SMS204", Severity.ERROR, ("7.5.3",))
def superseded_names_successor(ctx: CheckContext) -> Iterator[Finding]:
    """A superseded document names the document that replaces it.

    Readers of an old version must be able to find the current one: `status: superseded` requires
    `superseded_by`, and the successor must itself be in force (not superseded or retired).

    Passing example: POL-0002 superseded_by POL-0007, which is approved.
    Failing example: POL-0002 superseded with no superseded_by.
    """
    for entry, document in documents(ctx):
        if document.status != "superseded":
            continue
        where = entry.location(("document", "status"))
        if document.superseded_by is None:
            yield superseded_names_successor.finding(
                "superseded document does not name its successor (superseded_by)", where,
                record_id=entry.id)
            continue
        successor = ctx.repo.get(document.superseded_by)
        if successor is not None and not is_current(successor):
            yield superseded_names_successor.finding(
                f"successor '{document.superseded_by}' is itself no longer in force",
                entry.location(("document", "superseded_by")), record_id=entry.id)


@rule("SMS205", Severity.ERROR, ("7.5.3",))
def no_current_reference_to_withdrawn(ctx: CheckContext) -> Iterator[Finding]:
    """Nothing in force refers to a superseded or retired document.

    Once a document is withdrawn, current records (approved documents, open changes, live services...)
    must point at its successor instead, so nobody follows an obsolete procedure.

    Passing example: a process linking POL-0007 (approved).
    Failing example: a process linking POL-0002, which is retired.
    """
    # The withdrawn documents first: few records are, so most of a big SMS's 800,000 references are passed over
    # with one look-up each.
    withdrawn = {entry.id: entry for entry in ctx.repo.of_kinds(CONTROLLED)
                 if entry.id is not None and ctx.repo.get(entry.id) is entry
                 and isinstance(entry.data.get("document"), dict) and not is_current(entry)}
    for ref in ctx.references(to=withdrawn) if withdrawn else ():
        target = withdrawn[ref.target]
        if ref.path == ("document", "superseded_by") or not is_current(ref.source):
            continue
        status = target.data["document"]["status"]
        successor = target.data["document"].get("superseded_by")
        yield no_current_reference_to_withdrawn.finding(
            f"refers to {ref.target}, which is {status}",
            ref.source.location(ref.path), record_id=ref.source.id,
            hint=f"refer to {successor} instead" if successor else "remove the reference")


@rule("SMS206", Severity.ERROR, ("7.5.2",), per_file=True, dated=True)
def approval_dates_consistent(ctx: CheckContext) -> Iterator[Finding]:
    """Approval dates make sense: approved_on is not in the future and next_review comes after it.

    Passing example: approved_on 2026-03-01, next_review 2027-03-01.
    Failing example: approved_on 2027-01-01 when checked on 2026-11-25.
    """
    for entry, document in documents(ctx):
        if document.approved_on is None or document.status in INACTIVE_DOCUMENT:
            continue
        if document.approved_on > ctx.today:
            yield approval_dates_consistent.finding(f"approved_on {document.approved_on.isoformat()} is in the future",
                                                    entry.location(("document", "approved_on")), record_id=entry.id)
        if document.next_review is not None and document.next_review <= document.approved_on:
            yield approval_dates_consistent.finding("next_review is not after approved_on",
                                                    entry.location(("document", "next_review")), record_id=entry.id)


@rule("SMS207", Severity.WARNING, ("7.5.3",), per_file=True)
def review_interval_within_policy(ctx: CheckContext) -> Iterator[Finding]:
    """A document's next review is no further from its approval than the configured review period.

    `review_periods.document_months` in sms.yaml (default 12) is the longest interval allowed between
    approval and the next review.

    Passing example: approved_on 2026-03-01, next_review 2027-03-01 with a 12-month period.
    Failing example: approved_on 2026-03-01, next_review 2028-03-01.
    """
    months = ctx.config.review_periods.document_months
    for entry, document in documents(ctx):
        if document.status != "approved" or document.approved_on is None or document.next_review is None:
            continue
        limit = add_months(document.approved_on, months)
        if document.next_review > limit + timedelta(days=3):  # a few days of slack for month ends
            yield review_interval_within_policy.finding(
                f"next_review {document.next_review.isoformat()} is more than {months} "
                f"months after approval", entry.location(("document", "next_review")),
                record_id=entry.id, hint=f"review by {limit.isoformat()}")
