"""The service report (9.4) and the management review input pack (9.3) as plain data: pure functions of the
repository, a period and today, so `sms report` and (later) a site page render the same figures.

Rows are `Row`s (a record's id, title, status and a few named facts), so a renderer needs no model knowledge.
What counts, for a period P (instants as the 24x7 calendar sets them, dates by the day):
- incidents and requests: reported (requested) in P; changes: any history entry in P; problems, nonconformities,
  improvements and risks: raised by the end of P and not finished (closed, rejected, ...) before P began.
- SLA attainment: sms.metrics.sla for every SLA covering the service; KPI trends: sms.metrics.kpis.
- complaints: received in P (for a service report, those about the service).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sms.core.errors import UsageError
from sms.metrics.kpis import KpiResult, kpis
from sms.metrics.periods import Period
from sms.metrics.sla import SlaResult, measurable
from sms.models.change import Change
from sms.models.feedback import Complaint
from sms.models.improvement import Audit, Improvement, ManagementReview, Nonconformity
from sms.models.operations import Incident, Problem, Request
from sms.models.risk import Risk
from sms.models.service import Service, Sla
from sms.store.repository import Repository

FINISHED = frozenset({"closed", "rejected", "cancelled", "resolved", "verified", "evaluated", "implemented",
                      "fulfilled", "accepted", "failed", "backed_out"})


@dataclass(frozen=True)
class Row:
    """One record in a report section."""

    id: str
    title: str
    status: str | None
    facts: tuple[tuple[str, str], ...] = ()  # (label, value) pairs in display order


@dataclass(frozen=True)
class ServiceReport:
    service: str
    title: str
    period: Period
    today: date
    slas: tuple[SlaResult, ...]
    incidents: tuple[Row, ...]
    problems: tuple[Row, ...]
    changes: tuple[Row, ...]
    requests: tuple[Row, ...]
    complaints: tuple[Row, ...]
    kpis: tuple[KpiResult, ...]
    improvements: tuple[Row, ...]


@dataclass(frozen=True)
class ReviewAction:
    review: str
    held_on: date
    text: str
    owner: str
    due: date
    done_on: date | None
    state: str  # done, open, overdue (as at today)


@dataclass(frozen=True)
class ReviewPack:
    period: Period
    today: date
    actions: tuple[ReviewAction, ...]
    kpis: tuple[KpiResult, ...]
    slas: tuple[SlaResult, ...]
    audits: tuple[Row, ...]
    nonconformities: tuple[Row, ...]
    risks: tuple[Row, ...]
    improvements: tuple[Row, ...]
    feedback: tuple[Row, ...]  # improvements from customers, nonconformities from complaints
    complaints: tuple[Row, ...]


def _day(moment: datetime) -> date:
    return moment.date()


def _in(period: Period, day: date | None) -> bool:
    return day is not None and period.first <= day < period.end


def _live(period: Period, history: list[tuple[str, date]]) -> bool:
    """Raised by the end of the period and not finished before it began."""
    if not history or history[0][1] >= period.end:
        return False
    before = [status for status, day in history if day < period.first]
    return not before or before[-1] not in FINISHED


Tracked = Change | Incident | Request | Problem | Nonconformity | Improvement | Risk


def _steps(record: Tracked) -> list[tuple[str, date]]:
    return [(event.status, _day(event.at)) for event in record.history]


@dataclass(frozen=True)
class Measured:
    """What every report of one period reads of the whole repository: its valid records in id order, each SLA in
    force that can be measured (by id) and every KPI. Several reports of one period (the site makes one per
    service) measure once."""

    records: tuple[object, ...]
    slas: dict[str, SlaResult]
    kpis: tuple[KpiResult, ...]
    on_service: dict[str, tuple[object, ...]]  # the records naming each service in links.services, in id order
    improvements: tuple[Improvement, ...]  # in id order: a service report asks each whether it concerns it

    def linked(self, service_id: str) -> tuple[object, ...]:
        return self.on_service.get(service_id, ())


def measure(repo: Repository, period: Period, today: date) -> Measured:
    records = tuple(e.record for e in sorted(repo.entries, key=lambda e: e.id or "") if e.record is not None)
    on_service: dict[str, list[object]] = {}
    for record in records:
        for service in dict.fromkeys(getattr(getattr(record, "links", None), "services", ())):
            on_service.setdefault(service, []).append(record)
    return Measured(records, measurable(repo, period, today), tuple(kpis(repo, period, today)),
                    {service: tuple(found) for service, found in on_service.items()},
                    tuple(r for r in records if isinstance(r, Improvement)))


def _slas(measured: Measured, service: str | None) -> tuple[SlaResult, ...]:
    return tuple(r for r in measured.slas.values() if service is None or service in r.services)


def complaints_register(measured: Measured, period: Period, service: str | None = None) -> tuple[Row, ...]:
    """The complaints received in the period (about `service`, when given)."""
    found = measured.linked(service) if service is not None else measured.records
    return tuple(_complaint(r) for r in found if isinstance(r, Complaint) and _in(period, _day(r.received_at)))


def service_report(repo: Repository, service_id: str, period: Period, today: date,
                   measured: Measured | None = None) -> ServiceReport:
    """`measured`: the period's measures when the caller has them already (measure)."""
    entry = repo.get(service_id)
    if entry is None or not isinstance(entry.record, Service):
        known = ", ".join(sorted(str(e.id) for e in repo.of_kind("service") if isinstance(e.record, Service)))
        raise UsageError(f"no valid service '{service_id}' in {repo.root}", hint=f"known services: {known or 'none'}")
    service = entry.record
    measured = measured or measure(repo, period, today)
    on = measured.linked(service_id)  # the records about the service, in id order

    incidents = [r for r in on if isinstance(r, Incident) and _in(period, _day(r.reported_at))]
    incident_ids = {r.id for r in incidents}
    sla_ids = {r.id for r in on if isinstance(r, Sla)}
    improvements = [r for r in measured.improvements if _live(period, _steps(r))
                    and (service_id in r.links.services or sla_ids & set(r.links.slas)
                         or incident_ids & set(r.links.incidents))]
    return ServiceReport(
        service_id, service.title, period, today, _slas(measured, service_id),
        tuple(_incident(r) for r in incidents),
        tuple(_problem(r) for r in on if isinstance(r, Problem) and _live(period, _steps(r))),
        tuple(_change(r) for r in on if isinstance(r, Change) and any(_in(period, day) for _, day in _steps(r))),
        tuple(_request(r) for r in on if isinstance(r, Request) and _in(period, _day(r.requested_at))),
        complaints_register(measured, period, service_id),
        tuple(k for k in measured.kpis if service_id in k.services),
        tuple(_improvement(r) for r in improvements))


def review_pack(repo: Repository, period: Period, today: date, measured: Measured | None = None) -> ReviewPack:
    """`measured`: the period's measures when the caller has them already (measure)."""
    measured = measured or measure(repo, period, today)
    records = measured.records
    actions = []
    for review in sorted((r for r in records if isinstance(r, ManagementReview)), key=lambda r: r.held_on):
        if review.held_on >= period.end:
            continue
        for action in review.actions:
            state = "done" if action.done_on else "overdue" if action.due < today else "open"
            actions.append(ReviewAction(review.id, review.held_on, action.text, action.owner, action.due,
                                        action.done_on, state))
    audits = [r for r in records if isinstance(r, Audit) and (_in(period, r.performed_on) or _in(period, r.planned_on))]
    ncs = [r for r in records if isinstance(r, Nonconformity) and _live(period, _steps(r))]
    improvements = [r for r in records if isinstance(r, Improvement) and _live(period, _steps(r))]
    feedback = ([_improvement(r) for r in improvements if r.source == "customer"]
                + [_nonconformity(r) for r in ncs if r.source == "complaint"])
    return ReviewPack(
        period, today, tuple(actions), measured.kpis, _slas(measured, None),
        tuple(_audit(r) for r in audits), tuple(_nonconformity(r) for r in ncs),
        tuple(_risk(repo, r) for r in records if isinstance(r, Risk) and _live(period, _steps(r))),
        tuple(_improvement(r) for r in improvements), tuple(feedback), complaints_register(measured, period))


def _incident(r: Incident) -> Row:
    resolved = r.resolved_at.isoformat(timespec="minutes") if r.resolved_at else "open"
    return Row(r.id, r.title, r.status, (("priority", r.priority), ("major", "yes" if r.major else "no"),
                                          ("reported", r.reported_at.isoformat(timespec="minutes")),
                                          ("resolved", resolved)))


def _request(r: Request) -> Row:
    done = r.fulfilled_at.isoformat(timespec="minutes") if r.fulfilled_at else "open"
    return Row(r.id, r.title, r.status, (("requested", r.requested_at.isoformat(timespec="minutes")),
                                          ("fulfilled", done)))


def _problem(r: Problem) -> Row:
    return Row(r.id, r.title, r.status, (("priority", r.priority), ("incidents", ", ".join(r.links.incidents))))


def _change(r: Change) -> Row:
    implemented = next((day.isoformat() for status, day in _steps(r) if status == "implemented"), "-")
    outcome = r.review.outcome if r.review else "-"
    return Row(r.id, r.title, r.status, (("type", r.type), ("implemented", implemented), ("review", outcome)))


def _improvement(r: Improvement) -> Row:
    return Row(r.id, r.title, r.status, (("source", r.source), ("raised", _steps(r)[0][1].isoformat()),
                                          ("due", r.due.isoformat())))


def _complaint(r: Complaint) -> Row:
    responded = r.responded_at.isoformat(timespec="minutes") if r.responded_at else "-"
    satisfied = "-" if r.satisfied is None else "yes" if r.satisfied else "no"
    return Row(r.id, r.title, r.status, (("customer", r.customer), ("received", r.received_at.isoformat(
        timespec="minutes")), ("responded", responded), ("satisfied", satisfied)))


def _nonconformity(r: Nonconformity) -> Row:
    return Row(r.id, r.title, r.status, (("source", r.source), ("clause", r.clause),
                                          ("raised", r.raised_on.isoformat())))


def _audit(r: Audit) -> Row:
    kinds = {"nonconformity": "nonconformities", "observation": "observations", "opportunity": "opportunities"}
    performed = r.performed_on.isoformat() if r.performed_on else "-"
    return Row(r.id, r.title, r.status, (("type", r.type), ("performed", performed),
                                          *((label, str(sum(f.type == kind for f in r.findings)))
                                            for kind, label in kinds.items())))


def _risk(repo: Repository, r: Risk) -> Row:
    score = r.likelihood * r.impact
    band = repo.config.risk_matrix.band(r.likelihood, r.impact).name
    return Row(r.id, r.title, r.status, (("score", str(score)), ("band", band),
                                          ("review on", r.review_on.isoformat())))

