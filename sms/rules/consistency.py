"""SMS119, SMS121, SMS314, SMS315: records agree with sms.yaml, with the calendar and with themselves — an SLA
names a calendar that exists, an incident's outages are of the services it is about, no history entry lies in
the future, and a timestamp field that records when a status was entered (`resolved_at`, `fulfilled_at`,
`approved_at`) says the same as the history."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sms.core.findings import Finding, Severity
from sms.models import KINDS
from sms.models.operations import Incident
from sms.models.service import Sla
from sms.rules.context import CheckContext
from sms.rules.lifecycle import LIFECYCLE_CLAUSES, lifecycle_records
from sms.rules.registry import rule

ALWAYS_CALENDAR = "24x7"  # every minute counts: needs no definition in sms.yaml


@rule("SMS119", Severity.ERROR, ("8.3.3",), per_file=True)
def sla_calendar_defined(ctx: CheckContext) -> Iterator[Finding]:
    """An SLA (and each of its targets) names a business calendar that sms.yaml defines.

    Time-based targets are measured in the calendar's working time; a name with no calendar behind it
    leaves them unmeasurable. `24x7` needs no definition: every minute counts.

    Passing example: calendar: default, with `calendars: {default: ...}` in sms.yaml.
    Failing example: calendar: office-hours, which sms.yaml does not define.
    """
    known = set(ctx.config.calendars) | {ALWAYS_CALENDAR}
    for entry in ctx.repo.of_kind("sla"):
        record = entry.record
        if not isinstance(record, Sla):
            continue
        named: list[tuple[tuple[str | int, ...], Any]] = [(("calendar",), record.calendar)]
        named += [(("targets", index, "calendar"), getattr(target, "calendar", None))
                  for index, target in enumerate(record.targets)]
        for where, name in named:
            if isinstance(name, str) and name not in known:
                yield sla_calendar_defined.finding(
                    f"calendar '{name}' is not defined in sms.yaml", entry.location(where), record_id=entry.id,
                    hint=f"defined: {', '.join(sorted(known))}; or add it under `calendars:`")


@rule("SMS121", Severity.ERROR, ("8.6.1", "8.3.3"), per_file=True)
def outage_of_linked_service(ctx: CheckContext) -> Iterator[Finding]:
    """An incident's outages are of services the incident is about (its `links.services`).

    Availability counts every outage against the SLAs of the service it names, and the service report lists
    the incidents of its service; an outage of a service the incident does not link would lower that service's
    availability with an incident its own report never shows (or name the wrong service by a typo).

    Passing example: links: {services: [SVC-0001]} and an outage of SVC-0001.
    Failing example: links: {services: [SVC-0001]} and an outage of SVC-0002.
    """
    for entry in ctx.repo.of_kind("incident"):
        record = entry.record
        if not isinstance(record, Incident):
            continue
        linked = record.links.services
        for index, outage in enumerate(record.outages):
            if outage.service not in linked:
                yield outage_of_linked_service.finding(
                    f"outages[{index}] is of {outage.service}, a service this incident is not about (links.services: "
                    f"{', '.join(linked) or 'none'})", entry.location(("outages", index, "service")),
                    record_id=entry.id,
                    hint=f"add {outage.service} to links.services if the incident affected it, or correct the service")


@rule("SMS314", Severity.ERROR, LIFECYCLE_CLAUSES, per_file=True, dated=True)
def history_not_in_future(ctx: CheckContext) -> Iterator[Finding]:
    """No history entry is dated after today.

    A history records what happened; an entry dated tomorrow records a plan or a typo. The date is judged
    in the entry's own time zone against `--today`.

    Passing example: the last entry at 2026-11-24T16:00:00+01:00, checked on 2026-11-25.
    Failing example: an entry at 2027-11-24T16:00:00+01:00 (a year typed wrong), checked on 2026-11-25.
    """
    for entry in ctx.repo.entries:  # what the facts say first: on a new day, few records are read back
        if entry.latest is None or entry.latest <= ctx.today:  # None: no valid record with a history
            continue
        record: Any = entry.record  # a lifecycle record: it has a history
        for index, step in enumerate(record.history if record is not None else ()):
            if step.at.date() > ctx.today:
                yield history_not_in_future.finding(
                    f"history[{index}] is dated {step.at.isoformat()}, after today ({ctx.today.isoformat()})",
                    entry.location(("history", index, "at")), record_id=entry.id,
                    hint="record a step when it happens; fix the date if it was mistyped")


def _entered(history: list[Any], status: str) -> datetime | None:
    """When the record last entered `status`; None if it never did."""
    return next((step.at for step in reversed(history) if step.status == status), None)


@rule("SMS315", Severity.ERROR, LIFECYCLE_CLAUSES, per_file=True)
def stamp_matches_history(ctx: CheckContext) -> Iterator[Finding]:
    """A timestamp field that records a status equals the time the history last entered that status.

    `resolved_at` of an incident is when it was (last) resolved, `fulfilled_at` of a request when it was
    fulfilled, `approved_at` of a change when it was approved; a record that never entered the status has no
    such timestamp. Reports and SLA measurements read these fields, so they must not drift from the history.

    Passing example: resolved_at 2026-09-25T10:41:00+01:00 and the resolved entry at the same instant.
    Failing example: resolved_at a day later than the history's resolved entry.
    """
    for entry, record in lifecycle_records(ctx):
        for field, status in KINDS.spec(str(entry.kind)).stamps.items():
            stamp, entered = getattr(record, field, None), _entered(record.history, status)
            if stamp is None or stamp == entered:
                continue
            where = entry.location((field,))
            if entered is None:
                message, hint = f"{field} is set but the history never entered '{status}'", f"remove {field}"
            else:
                message = f"{field} is {stamp.isoformat()} but the history entered '{status}' at {entered.isoformat()}"
                hint = f"set {field} to {entered.isoformat()}"
            yield stamp_matches_history.finding(message, where, record_id=entry.id, hint=hint)
