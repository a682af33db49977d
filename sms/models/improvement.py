"""Performance evaluation and improvement: audits (9.2), management reviews (9.3), nonconformities (10.1),
improvements (10.2)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from sms.models.common import (
    AuditLinks,
    AuditProgrammeRef,
    AuditRef,
    ChangeLinks,
    ClauseLinks,
    ClauseNumber,
    ComplaintLinks,
    ContinuityTestLinks,
    Hint,
    HistoryEntry,
    ImprovementLinks,
    IncidentLinks,
    KpiLinks,
    Markdown,
    NonconformityLinks,
    ObjectiveLinks,
    PersonRef,
    ProcessLinks,
    ProcessRef,
    Record,
    ReviewLinks,
    RoleRef,
    ServiceLinks,
    SlaLinks,
    SmsModel,
    Text,
    kind_field,
)


class AuditFinding(SmsModel):
    """One finding of an audit."""

    type: Literal["nonconformity", "observation", "opportunity"]
    """Nonconformity (recorded as an NC), observation, or opportunity for improvement."""
    clause: ClauseNumber
    """The clause the finding is against."""
    text: Text
    """The finding, with its evidence."""


class AuditDocLinks(NonconformityLinks, ImprovementLinks, ProcessLinks, ServiceLinks, ClauseLinks):
    """Links from an audit: the nonconformities and improvements it raised."""


# The lead auditor was once free text ("a name for external ones"); it names a person record now, so
# that SMS209 can check the auditor's roles. An old file's name is refused with this hint.
LeadAuditor = Annotated[PersonRef, Hint(
    "lead_auditor now names a person record: add the auditor under records/people/ (an external auditor "
    "too, with no roles) and write that id here")]


class Audit(Record):
    """An internal or external audit of the SMS (9.2)."""

    KIND: ClassVar[str] = "audit"
    PREFIX: ClassVar[str] = "AUD"
    FOLDER: ClassVar[str] = "audits"
    kind: Literal["audit"] = kind_field()
    type: Literal["internal", "certification", "surveillance", "supplier"]
    """Who audits whom."""
    status: Literal["planned", "in_progress", "completed", "cancelled"]
    """Where the audit is."""
    planned_on: date
    """The planned date."""
    performed_on: date | None = None
    """When the audit took place."""
    lead_auditor: LeadAuditor
    """The lead auditor (a person id; an external auditor has a person record too)."""
    auditors: list[PersonRef] = Field(default_factory=list)
    """The other auditors of the team (person ids)."""
    independent: bool
    """True if the auditors do not audit their own work (SMS209 checks it against the processes audited)."""
    programme: AuditProgrammeRef | None = None
    """The audit programme that planned this audit (an AP id), for internal audits."""
    scope: Markdown
    """What was audited."""
    criteria: list[Text] = Field(min_length=1)
    """What it was audited against."""
    clauses: list[ClauseNumber] = Field(default_factory=list)
    """Clauses covered by the audit."""
    findings: list[AuditFinding] = Field(default_factory=list)
    """The findings."""
    links: AuditDocLinks = Field(default_factory=AuditDocLinks)
    """Typed links to other records."""


class PlannedAudit(SmsModel):
    """One audit the programme plans: when, which processes, by whom."""

    starts_on: date
    """The first day of the period the audit is planned in."""
    ends_on: date
    """The last day of that period."""
    processes: list[ProcessRef] = Field(min_length=1)
    """The processes to audit (PRC ids)."""
    clauses: list[ClauseNumber] = Field(default_factory=list)
    """Clauses the audit covers besides the processes' own."""
    auditors: list[PersonRef] = Field(min_length=1)
    """The auditors assigned (person ids); none may audit a process they own (SMS209)."""
    audit: AuditRef | None = None
    """The audit that carried it out (an AUD id), once it is planned in detail or done."""


class AuditProgrammeLinks(ProcessLinks, ReviewLinks, ClauseLinks):
    """Links from an audit programme."""


class AuditProgramme(Record):
    """The internal audit programme (9.2): the audits planned over its years, periods × processes, with the
    auditors assigned to each."""

    KIND: ClassVar[str] = "audit_programme"
    PREFIX: ClassVar[str] = "AP"
    FOLDER: ClassVar[str] = "audit_programmes"
    kind: Literal["audit_programme"] = kind_field()
    starts_on: date
    """The first day of the programme."""
    ends_on: date
    """The last day of the programme."""
    approved_by: PersonRef
    """Who approved the programme (a person id)."""
    approved_on: date
    """When it was approved."""
    criteria: list[Text] = Field(min_length=1)
    """What the audits audit against, e.g. the standard and the SMS's own policies."""
    method: Text | None = None
    """How audits are done: sampling, interviews, remote or on site."""
    audits: list[PlannedAudit] = Field(min_length=1)
    """The audits planned, period by period."""
    links: AuditProgrammeLinks = Field(default_factory=AuditProgrammeLinks)
    """Typed links to other records."""


class ReviewInput(SmsModel):
    """One input considered by a management review."""

    topic: Text
    """The topic, e.g. 'audit results' or 'customer satisfaction'."""
    summary: Text
    """What was reported."""


class Action(SmsModel):
    """An action with an owner and a due date."""

    text: Text
    """What must be done."""
    owner: RoleRef
    """The role that must do it (a role id)."""
    due: date
    """When it is due."""
    done_on: date | None = None
    """When the action was completed; empty while it is open (the action tracker and SMS116/SMS117 read it)."""


class ReviewDocLinks(AuditLinks, NonconformityLinks, ImprovementLinks, ObjectiveLinks, KpiLinks,
                     ContinuityTestLinks, ComplaintLinks, ClauseLinks):
    """Links from a management review to what it considered and decided."""


class ManagementReview(Record):
    """A management review of the SMS by top management (9.3)."""

    KIND: ClassVar[str] = "management_review"
    PREFIX: ClassVar[str] = "MR"
    FOLDER: ClassVar[str] = "management_reviews"
    kind: Literal["management_review"] = kind_field()
    held_on: date
    """When the review was held."""
    chair: PersonRef
    """Who chaired it (a person id)."""
    attendees: list[PersonRef] = Field(min_length=1)
    """Who attended (person ids)."""
    inputs: list[ReviewInput] = Field(min_length=1)
    """What was considered."""
    decisions: list[Text] = Field(min_length=1)
    """What was decided."""
    actions: list[Action] = Field(default_factory=list)
    """Actions agreed."""
    links: ReviewDocLinks = Field(default_factory=ReviewDocLinks)
    """Typed links to other records."""


NonconformityStatus = Literal["open", "root_cause", "action_planned", "verified", "closed"]


class NonconformityEvent(HistoryEntry):
    """A step in a nonconformity's lifecycle."""

    status: NonconformityStatus
    """The status the nonconformity entered."""


class CorrectiveAction(SmsModel):
    """The action that removes the cause of a nonconformity."""

    text: Text
    """What will be done."""
    owner: RoleRef
    """The role responsible (a role id)."""
    due: date
    """When it is due."""


class Verification(SmsModel):
    """Evidence that the corrective action worked."""

    by: PersonRef
    """Who verified it (a person id)."""
    on: date
    """When."""
    effective: bool
    """Whether the action was effective."""
    notes: Text
    """What was checked."""


class NonconformityDocLinks(AuditLinks, IncidentLinks, ImprovementLinks, ProcessLinks, ServiceLinks, SlaLinks, KpiLinks,
                            ClauseLinks):
    """Links from a nonconformity; an SLA target missed or a KPI below target counts as acted on once an
    improvement or nonconformity links it (SMS118, SMS120)."""


class Nonconformity(Record):
    """A nonconformity and its correction and corrective action (10.1)."""

    KIND: ClassVar[str] = "nonconformity"
    PREFIX: ClassVar[str] = "NC"
    FOLDER: ClassVar[str] = "nonconformities"
    kind: Literal["nonconformity"] = kind_field()
    status: NonconformityStatus
    """Current status; equals the last history entry."""
    history: list[NonconformityEvent] = Field(min_length=1)
    """Every status transition, oldest first; append only."""
    source: Literal["internal_audit", "external_audit", "incident", "management_review", "complaint",
                    "continuity_test", "monitoring", "other"]
    """Where the nonconformity was found."""
    clause: ClauseNumber
    """The clause not met."""
    raised_on: date
    """When it was raised."""
    description: Markdown
    """What was found, with evidence."""
    correction: Text | None = None
    """What was done at once to contain it."""
    root_cause: Text | None = None
    """Why it happened."""
    corrective_action: CorrectiveAction | None = None
    """The action that removes the cause."""
    verification: Verification | None = None
    """Evidence the action worked."""
    links: NonconformityDocLinks = Field(default_factory=NonconformityDocLinks)
    """Typed links to other records."""


ImprovementStatus = Literal["proposed", "approved", "in_progress", "implemented", "evaluated", "closed",
                            "rejected"]


class ImprovementEvent(HistoryEntry):
    """A step in an improvement's lifecycle."""

    status: ImprovementStatus
    """The status the improvement entered."""


class ImprovementDocLinks(NonconformityLinks, AuditLinks, ReviewLinks, ServiceLinks, ProcessLinks, ObjectiveLinks,
                          ChangeLinks, IncidentLinks, ContinuityTestLinks, SlaLinks, KpiLinks, ComplaintLinks,
                          ClauseLinks):
    """Links from an improvement; linking an SLA, a breach's incident or a KPI records it as the action on a
    missed target (SMS118, SMS120)."""


class Improvement(Record):
    """An opportunity for improvement and its evaluation (10.2)."""

    KIND: ClassVar[str] = "improvement"
    PREFIX: ClassVar[str] = "IMP"
    FOLDER: ClassVar[str] = "improvements"
    kind: Literal["improvement"] = kind_field()
    status: ImprovementStatus
    """Current status; equals the last history entry."""
    history: list[ImprovementEvent] = Field(min_length=1)
    """Every status transition, oldest first; append only."""
    source: Literal["internal_audit", "management_review", "incident", "problem", "customer", "staff",
                    "monitoring", "continuity_test", "other"]
    """Where the opportunity came from."""
    opportunity: Markdown
    """The opportunity."""
    benefit: Text
    """The expected benefit."""
    target: Text
    """What success looks like, measurably."""
    due: date
    """When it should be implemented."""
    evaluation: Text | None = None
    """How the result was evaluated against the target."""
    links: ImprovementDocLinks = Field(default_factory=ImprovementDocLinks)
    """Typed links to other records."""
