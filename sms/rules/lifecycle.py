"""SMS301-303, SMS306-308: a record's status history follows its lifecycle, and changes are approved by
someone with the authority who is neither the requester nor the implementer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from sms.analysis.lifecycles import lifecycle
from sms.analysis.roles import holders, holds_role
from sms.core.findings import Finding, Severity
from sms.models.change import Change
from sms.rules.context import CheckContext
from sms.rules.registry import rule
from sms.store.repository import Entry

LIFECYCLE_CLAUSES = ("8.5.1.3", "8.6.1", "8.6.3", "10.1")


def lifecycle_records(ctx: CheckContext) -> Iterator[tuple[Entry, Any]]:
    """Valid records that carry a status history (found once per context)."""
    return iter(ctx.lifecycle_records)


def _cycle(ctx: CheckContext, entry: Entry, record: Any, known: dict[tuple[str, Any], Any]) -> Any:
    """The record's lifecycle, built once per kind and type (`known`) rather than once per record."""
    key = (str(entry.kind), getattr(record, "type", None))
    if key not in known:
        known[key] = lifecycle(ctx.config, *key)
    return known[key]


@rule("SMS301", Severity.ERROR, LIFECYCLE_CLAUSES, per_file=True)
def transitions_follow_lifecycle(ctx: CheckContext) -> Iterator[Finding]:
    """Each history entry moves the record one allowed step along its lifecycle.

    The first entry is the lifecycle's initial status (draft for changes, new for incidents...); each
    next entry must be a status the previous one may move to. Each kind has a default lifecycle, which
    `lifecycles` in sms.yaml can replace. Standard changes may skip assessment; emergency
    changes may be implemented before approval (see SMS306).

    Passing example: draft → submitted → assessed → approved.
    Failing example: submitted → implemented on a normal change (skips assessed, approved, scheduled).
    """
    known: dict[tuple[str, Any], Any] = {}
    for entry, record in lifecycle_records(ctx):
        cycle = _cycle(ctx, entry, record, known)
        statuses = [step.status for step in record.history]
        if statuses[0] != cycle.initial:
            yield transitions_follow_lifecycle.finding(f"history starts at '{statuses[0]}', not '{cycle.initial}'",
                                                       entry.location(("history", 0, "status")), record_id=entry.id)
        for index in range(1, len(statuses)):
            before, after = statuses[index - 1], statuses[index]
            if cycle.allows(before, after):
                continue
            route = cycle.path(before, after)
            detail = f" (skips {', '.join(route[:-1])})" if route and len(route) > 1 else ""
            allowed = ", ".join(cycle.transitions.get(before, ())) or "nothing (it is final)"
            yield transitions_follow_lifecycle.finding(f"status jumps from '{before}' to '{after}'{detail}",
                                                       entry.location(("history", index, "status")), record_id=entry.id,
                                                       hint="add a history entry for each step" if detail
                                                       else f"from '{before}' it may go to: {allowed}")


@rule("SMS302", Severity.ERROR, LIFECYCLE_CLAUSES, per_file=True)
def status_matches_history(ctx: CheckContext) -> Iterator[Finding]:
    """The record's `status` equals the status of its last history entry.

    Passing example: status: approved with the last history entry `status: approved`.
    Failing example: status: closed while the last history entry says resolved.
    """
    for entry, record in lifecycle_records(ctx):
        last = record.history[-1].status
        if record.status != last:
            yield status_matches_history.finding(f"status is '{record.status}' but the last history entry is '{last}'",
                                                 entry.location(("status",)), record_id=entry.id,
                                                 hint="append a history entry for the new status")


@rule("SMS303", Severity.ERROR, LIFECYCLE_CLAUSES, per_file=True)
def history_in_time_order(ctx: CheckContext) -> Iterator[Finding]:
    """History timestamps increase: each entry is later than the one before it.

    Passing example: submitted at 09:00, assessed at 11:30 the same day.
    Failing example: an entry dated before the previous one.
    """
    for entry, record in lifecycle_records(ctx):
        for index in range(1, len(record.history)):
            if record.history[index].at < record.history[index - 1].at:
                yield history_in_time_order.finding(
                    f"history[{index}] ({record.history[index].at.isoformat()}) is earlier "
                    f"than the entry before it", entry.location(("history", index, "at")),
                    record_id=entry.id)


def _changes(ctx: CheckContext, needing: str | None = None, of_type: str | None = None
             ) -> Iterator[tuple[Entry, Change]]:
    """The valid changes, or only those with the field `needing` in their data and of the type `of_type` when given:
    the facts say which, and no other change is read back."""
    for entry in ctx.repo.of_kind("change"):
        if ((needing is None or needing in entry.keys) and (of_type is None or entry.type == of_type)
                and isinstance(entry.record, Change)):
            yield entry, entry.record


@rule("SMS306", Severity.ERROR, ("8.5.1.3",), per_file=True, dated=True)
def emergency_change_approved_in_time(ctx: CheckContext) -> Iterator[Finding]:
    """An emergency change implemented before approval is approved within the configured days.

    Emergency changes may be implemented first, but must be approved after the fact within
    `review_periods.emergency_change_approval_days` (sms.yaml, default 2) of implementation, and before
    they are reviewed or closed.

    Passing example: implemented Monday 22:00, approved Tuesday 10:00.
    Failing example: implemented and closed with no approval at all.
    """
    days = timedelta(days=ctx.config.review_periods.emergency_change_approval_days)
    for entry, record in _changes(ctx, of_type="emergency"):
        statuses = [step.status for step in record.history]
        if "implemented" not in statuses:
            continue
        implemented = statuses.index("implemented")
        approved = statuses.index("approved") if "approved" in statuses else None
        if approved is not None and approved < implemented:
            continue
        if approved is None:
            if any(status in ("reviewed", "closed") for status in statuses[implemented:]):
                yield emergency_change_approved_in_time.finding(
                    "emergency change was implemented and reviewed without approval",
                    entry.location(("history", implemented, "status")), record_id=entry.id)
            elif ctx.today - record.history[implemented].at.date() > days:
                yield emergency_change_approved_in_time.finding(
                    f"emergency change implemented on "
                    f"{record.history[implemented].at.date().isoformat()} is still not "
                    f"approved after {days.days} days",
                    entry.location(("history", implemented, "status")), record_id=entry.id)
        elif record.history[approved].at - record.history[implemented].at > days:
            yield emergency_change_approved_in_time.finding(
                f"emergency change approved more than {days.days} days after implementation",
                entry.location(("history", approved, "at")), record_id=entry.id)


@rule("SMS307", Severity.ERROR, ("8.5.1.3", "5.3"), per_file=True)
def change_approver_independent(ctx: CheckContext) -> Iterator[Finding]:
    """Nobody approves a change they requested or implement.

    Separation of duties: `approved_by` differs from `requested_by` and from `implementer`.

    Passing example: requested by d-richter, approved by p-schubert, implemented by o-berg.
    Failing example: requested and approved by the same person.
    """
    for entry, record in _changes(ctx):
        if record.approved_by is None:
            continue
        for field, person in (("requested_by", record.requested_by), ("implementer", record.implementer)):
            if person == record.approved_by:
                role = "requested" if field == "requested_by" else "implements"
                yield change_approver_independent.finding(f"'{person}' approved a change they {role}",
                                                          entry.location(("approved_by",)), record_id=entry.id,
                                                          hint="another holder of the approving role must approve it")


@rule("SMS308", Severity.ERROR, ("8.5.1.3", "5.3"), per_file=True, given=("person", "role"))
def change_approver_has_authority(ctx: CheckContext) -> Iterator[Finding]:
    """A change is approved by a holder of the change approval role at the time of approval.

    The role is `change_approver_role` in sms.yaml (default change-manager). The approval time is
    `approved_at`, else the history entry that moved the change to approved. Standard changes are
    pre-approved and exempt. When the role does not exist in the SMS, the rule does not apply.

    Passing example: approved_by p-schubert, who holds change-manager since 2025-09-01.
    Failing example: approved_by o-berg, a platform engineer.
    """
    role = ctx.config.change_approver_role
    if role is None or ctx.repo.get(role) is None:
        return
    for entry, record in _changes(ctx, needing="approved_by"):
        if record.approved_by is None or record.type == "standard":
            continue
        when = record.approved_at or next((step.at for step in reversed(record.history) if step.status == "approved"),
                                          None)
        if when is None:
            continue
        if not holds_role(ctx.repo, record.approved_by, role, when.date()):
            able = holders(ctx.repo, role, when.date())
            yield change_approver_has_authority.finding(
                f"'{record.approved_by}' did not hold the role '{role}' on "
                f"{when.date().isoformat()}", entry.location(("approved_by",)),
                record_id=entry.id, hint=f"holders then: {', '.join(able)}" if able else None)
