"""SMS116-SMS117: actions are done by their due date — corrective actions, improvements, management review
actions, planned audits, risk reviews and treatments, from the one action tracker in sms/analysis/obligations.py.
(Document reviews, continuity tests and objectives have their own rules: SMS202, SMS113, SMS107.)"""

from __future__ import annotations

from collections.abc import Iterator

from sms.analysis.obligations import Obligation, open_obligations
from sms.core.findings import Finding, Severity
from sms.rules.context import CheckContext
from sms.rules.registry import rule

OBLIGATION_CLAUSES = ("6.1", "9.2", "9.3", "10.1", "10.2")
CLAUSE_OF = {"corrective action": ("10.1",), "improvement": ("10.2",), "management review action": ("9.3",),
             "planned audit": ("9.2",), "risk review": ("6.1",), "risk treatment": ("6.1",)}


def _judged(ctx: CheckContext) -> Iterator[tuple[Obligation, int]]:
    """Open obligations no other rule judges, with the days left until they are due (negative: overdue)."""
    for item in open_obligations(ctx.repo):
        if item.judged_by is None:
            yield item, item.days_left(ctx.today)


def _owner(item: Obligation) -> str:
    return f"owner: {item.owner}" if item.owner else "no owner"


@rule("SMS116", Severity.WARNING, OBLIGATION_CLAUSES)
def action_due_soon(ctx: CheckContext) -> Iterator[Finding]:
    """An open action is due soon, or overdue within the grace period.

    Every dated obligation the records hold (a nonconformity's corrective action, an improvement, a management
    review action, a planned audit, a risk's review date and its treatment) is reported from
    `review_periods.due_soon_days` (sms.yaml, default 14) before its date until `overdue_grace_days` (default 30)
    after it; then SMS117 takes over. An action is done when its record says so: the nonconformity is verified,
    the improvement implemented, the review action has `done_on`, the audit has started, the risk is treated.

    Passing example: a corrective action due in 40 days.
    Failing example: a management review action due in 5 days with no `done_on`.
    """
    soon, grace = ctx.config.review_periods.due_soon_days, ctx.config.review_periods.overdue_grace_days
    for item, days in _judged(ctx):
        if 0 <= days <= soon:
            when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
            message = f"{item.what} due {when} ({item.due.isoformat()}, {_owner(item)})"
        elif -grace <= days < 0:
            message = f"{item.what} overdue since {item.due.isoformat()} ({_owner(item)}), within the {grace}-day grace"
        else:
            continue
        yield action_due_soon.finding(message, item.entry.location(item.where), record_id=item.entry.id,
                                      clauses=CLAUSE_OF.get(item.what), hint="do it, or record why it moves")


@rule("SMS117", Severity.ERROR, OBLIGATION_CLAUSES)
def action_overdue(ctx: CheckContext) -> Iterator[Finding]:
    """An open action is overdue beyond the grace period.

    The same obligations as SMS116, once more than `review_periods.overdue_grace_days` (sms.yaml, default 30)
    have passed since the due date without the record showing it done. Move the date only with a reason the
    record keeps (a history note, a management review decision).

    Passing example: a nonconformity verified before its corrective action's due date.
    Failing example: a corrective action due 2026-09-30, nonconformity still at action_planned on 2027-05-01.
    """
    grace = ctx.config.review_periods.overdue_grace_days
    for item, days in _judged(ctx):
        if days < -grace:
            yield action_overdue.finding(
                f"{item.what} overdue since {item.due.isoformat()} ({_owner(item)}), beyond the {grace}-day grace",
                item.entry.location(item.where), record_id=item.entry.id, clauses=CLAUSE_OF.get(item.what),
                hint="do it and record it done, or move the date with a reason")
