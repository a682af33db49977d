"""SMS105-SMS114: traceability — what an auditor follows from a service to its SLA, from a process to its KPIs,
from a risk to its treatment. (SMS109 and SMS112, a major incident's review and a nonconformity's action and
verification, became rows of the evidence-by-status table: SMS115.)"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from sms.analysis.standing import is_approved, is_current
from sms.core.dates import add_months
from sms.core.findings import Finding, Severity
from sms.core.text import a, dotted
from sms.models.governance import Plan, Process, Scope
from sms.models.operations import ContinuityTest, Problem
from sms.models.risk import Risk
from sms.models.service import Sla
from sms.rules.context import CheckContext
from sms.rules.registry import rule

UNITS_FOR_METRIC = {
    "availability": {"percent"},
    "response_time": {"minutes", "hours", "business_hours", "business_days"},
    "resolution_time": {"minutes", "hours", "business_hours", "business_days"},
    "fulfilment_time": {"minutes", "hours", "business_hours", "business_days"},
    "latency": {"milliseconds", "seconds"},
    "rpo": {"minutes", "hours"},
    "rto": {"minutes", "hours"},
    "satisfaction": {"score", "percent"},
    "throughput": {"count"},
    "error_rate": {"percent", "count"},
}


def raw_list(data: Any, *path: str) -> list[str]:
    """Strings at `path` in raw (possibly invalid) record data, or nothing."""
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return [item for item in data if isinstance(item, str)] if isinstance(data, list) else []


@rule("SMS105", Severity.ERROR, ("8.3.3", "4.3"))
def service_in_scope_has_sla(ctx: CheckContext) -> Iterator[Finding]:
    """Every service in scope is covered by an SLA in force.

    The scope document lists the services the SMS covers; each needs an approved SLA whose
    `links.services` names it (a draft SLA does not bind anyone yet).

    Passing example: scope lists SVC-0001 and SLA-0001 links services [SVC-0001].
    Failing example: scope lists SVC-0002 and no SLA names it.
    """
    covered = {service for entry in ctx.repo.of_kind("sla") if isinstance(entry.record, Sla) and is_approved(entry)
               for service in entry.record.links.services}
    # An SLA that fails its schema is already an SMS012 finding; count what it names rather than report twice.
    covered |= {service for entry in ctx.repo.of_kind("sla") if entry.record is None
                for service in raw_list(entry.data, "links", "services")}
    for entry in ctx.repo.of_kind("scope"):
        if not isinstance(entry.record, Scope) or not is_current(entry):
            continue
        for index, service in enumerate(entry.record.services):
            if service not in covered:
                yield service_in_scope_has_sla.finding(f"service {service} is in scope but no SLA in force covers it",
                                                       entry.location(("services", index)), record_id=entry.id,
                                                       hint=f"add an SLA whose links.services names {service}")


@rule("SMS106", Severity.ERROR, ("8.3.3",), per_file=True)
def sla_target_measurable(ctx: CheckContext) -> Iterator[Finding]:
    """Every SLA target is measurable: its unit fits its metric and percentages stay within 0-100.

    An availability target is a percentage; a response or resolution time is a duration; a satisfaction
    target is a score or percentage. A target of '99.9 hours availability' cannot be measured.

    Passing example: {metric: availability, target: 99.9, unit: percent}.
    Failing example: {metric: resolution_time, target: 4, unit: percent}.
    """
    for entry in ctx.repo.of_kind("sla"):
        if not isinstance(entry.record, Sla):
            continue
        for index, target in enumerate(entry.record.targets):
            if target.unit not in UNITS_FOR_METRIC[target.metric]:
                allowed = ", ".join(sorted(UNITS_FOR_METRIC[target.metric]))
                yield sla_target_measurable.finding(
                    f"targets[{index}]: {a(target.metric)} target cannot be measured in "
                    f"{target.unit}", entry.location(("targets", index, "unit")),
                    record_id=entry.id, hint=f"use one of: {allowed}")
            elif target.unit == "percent" and not 0 <= target.target <= 100:
                yield sla_target_measurable.finding(f"targets[{index}]: {target.target:g} is not a percentage",
                                                    entry.location(("targets", index, "target")), record_id=entry.id)


@rule("SMS107", Severity.WARNING, ("6.2.1", "6.2.2"), per_file=True, dated=True)
def objective_not_past_due(ctx: CheckContext) -> Iterator[Finding]:
    """An approved objective whose due date has passed is evaluated and renewed or withdrawn.

    Objectives are measurable and dated (6.2); once the date passes, record the outcome, then set a new
    target and date or retire the objective.

    Passing example: due: 2027-06-30 checked on 2026-11-25.
    Failing example: due: 2026-06-30 checked on 2026-11-25.
    """
    for entry in ctx.repo.of_kind("objective"):
        data = entry.data
        if entry.record is None or data["document"]["status"] != "approved":
            continue
        if date.fromisoformat(data["due"]) < ctx.today:
            yield objective_not_past_due.finding(
                f"objective was due on {data['due']}", entry.location(("due",)),
                record_id=entry.id, hint="evaluate it; set a new target and due date, or retire it")


@rule("SMS108", Severity.ERROR, ("4.4", "9.1"), per_file=True)
def process_is_measured(ctx: CheckContext) -> Iterator[Finding]:
    """Every approved process names at least one KPI that measures it.

    A process declares its owner role and the clauses it implements (both required by its schema) and the
    KPIs by which its performance is evaluated.

    Passing example: kpis: [KPI-0003].
    Failing example: a process without kpis.
    """
    for entry in ctx.repo.of_kind("process"):
        if isinstance(entry.record, Process) and is_approved(entry) and not entry.record.kpis:
            where = ("kpis",) if "kpis" in entry.data else ("id",)
            yield process_is_measured.finding("process names no KPI", entry.location(where), record_id=entry.id,
                                              hint="add kpis: [KPI-....] naming the indicators that measure it")


@rule("SMS110", Severity.ERROR, ("8.6.3",), per_file=True)
def problem_links_incidents(ctx: CheckContext) -> Iterator[Finding]:
    """Every problem names the incidents it explains.

    Passing example: links: {incidents: [INC-0004, INC-0007]}.
    Failing example: a problem with no links.incidents.
    """
    for entry in ctx.repo.of_kind("problem"):
        if isinstance(entry.record, Problem) and not entry.record.links.incidents:
            yield problem_links_incidents.finding("problem links no incident", entry.location(("description",)),
                                                  record_id=entry.id, hint="add links: {incidents: [INC-....]}")


@rule("SMS111", Severity.ERROR, ("6.1",), per_file=True, dated=True)
def high_risk_treated(ctx: CheckContext) -> Iterator[Finding]:
    """A risk in a band that requires treatment has a treatment with an owner and a due date.

    Bands come from `risk_matrix.bands` in sms.yaml (defaults: high and extreme require treatment); the
    score is likelihood x impact. Closed and accepted risks are exempt.

    Passing example: likelihood 4, impact 4 (high) with a treatment.
    Failing example: likelihood 4, impact 5 (extreme) with no treatment.
    """
    matrix = ctx.config.risk_matrix
    for entry in ctx.repo.of_kind("risk"):
        record = entry.record
        if not isinstance(record, Risk) or record.status in ("closed", "accepted") or record.treatment is not None:
            continue
        band = matrix.band(record.likelihood, record.impact)
        if band.requires_treatment:
            yield high_risk_treated.finding(f"{band.name} risk (score {record.likelihood * record.impact}) has no "
                                            "treatment", entry.location(("likelihood",)), record_id=entry.id,
                                            hint="add treatment: {option, plan, owner, due}")


@rule("SMS113", Severity.ERROR, ("8.7.2",))
def continuity_plan_tested(ctx: CheckContext) -> Iterator[Finding]:
    """Every approved continuity plan was tested within its test interval.

    The interval is the plan's `test_interval_months`, else `review_periods.continuity_test_months` in
    sms.yaml (default 12). A continuity test record names the plan in `plan`.

    Passing example: PLN-0002 tested by CT-0001 performed 4 months ago.
    Failing example: PLN-0002 whose last test was 14 months ago.
    """
    last: dict[str, date] = {}
    unreadable = {entry.data.get("plan") for entry in ctx.repo.of_kind("continuity_test") if entry.record is None}
    for entry in ctx.repo.of_kind("continuity_test"):
        if isinstance(entry.record, ContinuityTest):
            plan, performed = entry.record.plan, entry.record.performed_on
            if performed <= ctx.today and performed > last.get(plan, date.min):
                last[plan] = performed
    for entry in ctx.repo.of_kind("plan"):
        record = entry.record
        if not isinstance(record, Plan) or record.type != "continuity" or not is_approved(entry):
            continue
        months = record.test_interval_months or ctx.config.review_periods.continuity_test_months
        tested = last.get(record.id)
        if record.id in unreadable:
            continue  # a test of this plan fails its schema (SMS012); judge the plan once that is fixed
        if tested is None:
            yield continuity_plan_tested.finding(
                "continuity plan has never been tested", entry.location(("type",)),
                record_id=entry.id, hint="record a continuity test whose plan is " + record.id)
        elif add_months(tested, months) + timedelta(days=1) <= ctx.today:
            yield continuity_plan_tested.finding(
                f"continuity plan last tested on {tested.isoformat()}, more than {months} "
                "months ago", entry.location(("type",)), record_id=entry.id)


def _placeholders(data: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Paths of the strings that start with the placeholder, in the record's order. Run over every field of
    every record: a path is built only for a collection or a hit, and `in` rules most strings out at C speed."""
    found: list[tuple[str | int, ...]] = []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else None
    if items is None:
        return [path] if isinstance(data, str) and PLACEHOLDER in data and data.lstrip().startswith(PLACEHOLDER) else []
    for key, value in items:
        if isinstance(value, str):
            if PLACEHOLDER in value and value.lstrip().startswith(PLACEHOLDER):
                found.append((*path, key))
        elif isinstance(value, dict | list):
            found.extend(_placeholders(value, (*path, key)))
    return found


PLACEHOLDER = "TODO:"


@rule("SMS114", Severity.WARNING, ("7.5.2",), per_file=True)
def no_placeholder_text(ctx: CheckContext) -> Iterator[Finding]:
    """A record has no field still holding a `TODO:` placeholder.

    `sms new` leaves the text a person must write as `TODO: …`; a record proposed with one left in is not
    finished. The finding points at each such field.

    Passing example: reason: The certificate expires on 2026-12-15.
    Failing example: reason: "TODO: why the change is needed".
    """
    for entry in ctx.repo.entries:
        if entry.record is None:
            continue
        for path in _placeholders(entry.data):
            yield no_placeholder_text.finding(f"{dotted(path)} still holds a TODO placeholder", entry.location(path),
                                              record_id=entry.id, hint="write the real text")
