"""Operations: incidents, service requests, problems, known errors (8.6) and continuity tests (8.7.2)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from pydantic import AwareDatetime, Field, model_validator

from sms.models.common import (
    ChangeLinks,
    CiLinks,
    ClauseLinks,
    HistoryEntry,
    ImprovementLinks,
    IncidentLinks,
    KnownErrorLinks,
    Markdown,
    NonconformityLinks,
    PersonRef,
    PlanLinks,
    PlanRef,
    ProblemLinks,
    Record,
    ServiceLinks,
    ServiceRef,
    SmsModel,
    Text,
    kind_field,
)
from sms.models.service import Priority

IncidentStatus = Literal["new", "assigned", "in_progress", "on_hold", "resolved", "closed"]


class IncidentEvent(HistoryEntry):
    """A step in an incident's lifecycle."""

    status: IncidentStatus
    """The status the incident entered."""


class MajorIncidentReview(SmsModel):
    """The review held after a major incident (8.6.1)."""

    held_on: date
    """When the review took place."""
    summary: Markdown
    """What happened, why, and how it was handled."""
    actions: list[Text] = Field(min_length=1)
    """Actions agreed to prevent recurrence or improve the response."""


class Outage(SmsModel):
    """A time a service was down (or, with `partial`, degraded) because of the incident; availability is
    computed from these."""

    service: ServiceRef
    """The service that was unavailable (an SVC id)."""
    start: AwareDatetime
    """When the outage began."""
    end: AwareDatetime | None = None
    """When the service was back; empty while the outage lasts."""
    partial: bool = False
    """True when the service was degraded but usable: recorded and reported, not counted against availability."""

    @model_validator(mode="after")
    def ends_after_start(self) -> Outage:
        if self.end is not None and self.end <= self.start:
            raise ValueError("an outage must end after it starts")
        return self


class IncidentDocLinks(ServiceLinks, CiLinks, ProblemLinks, KnownErrorLinks, ChangeLinks, ClauseLinks):
    """Links from an incident."""


class Incident(Record):
    """An unplanned interruption or reduction in quality of a service (8.6.1)."""

    KIND: ClassVar[str] = "incident"
    PREFIX: ClassVar[str] = "INC"
    FOLDER: ClassVar[str] = "incidents"
    kind: Literal["incident"] = kind_field()
    status: IncidentStatus
    """Current status; equals the last history entry."""
    history: list[IncidentEvent] = Field(min_length=1)
    """Every status transition, oldest first; append only."""
    priority: Priority
    """P1 (highest) to P4, from impact and urgency."""
    major: bool = False
    """True for a major incident, handled by the major-incident procedure and reviewed afterwards."""
    security: bool = False
    """True for an information security incident (8.7.3.3)."""
    reported_at: AwareDatetime
    """When the incident was reported or detected."""
    resolved_at: AwareDatetime | None = None
    """When service was restored."""
    description: Markdown
    """What the users experienced."""
    assignee: PersonRef | None = None
    """Who is working on it."""
    resolution: Text | None = None
    """How service was restored."""
    outages: list[Outage] = Field(default_factory=list)
    """The service outages the incident caused, one entry per service and interval; availability targets
    are measured from them."""
    review: MajorIncidentReview | None = None
    """For major incidents: the review held afterwards."""
    links: IncidentDocLinks = Field(default_factory=IncidentDocLinks)
    """Typed links to other records."""


RequestStatus = Literal["new", "assigned", "in_progress", "on_hold", "fulfilled", "closed", "cancelled"]


class RequestEvent(HistoryEntry):
    """A step in a service request's lifecycle."""

    status: RequestStatus
    """The status the request entered."""


class RequestDocLinks(ServiceLinks, CiLinks, ChangeLinks):
    """Links from a service request."""


class Request(Record):
    """A service request from a user: access, information, a standard change (8.6.2)."""

    KIND: ClassVar[str] = "request"
    PREFIX: ClassVar[str] = "REQ"
    FOLDER: ClassVar[str] = "requests"
    kind: Literal["request"] = kind_field()
    status: RequestStatus
    """Current status; equals the last history entry."""
    history: list[RequestEvent] = Field(min_length=1)
    """Every status transition, oldest first; append only."""
    requester: Text
    """Who asked (name or customer team)."""
    assignee: PersonRef | None = None
    """Who fulfils the request."""
    requested_at: AwareDatetime
    """When the request was raised."""
    fulfilled_at: AwareDatetime | None = None
    """When it was fulfilled."""
    description: Text
    """What was asked for."""
    fulfilment: Text | None = None
    """What was done."""
    links: RequestDocLinks = Field(default_factory=RequestDocLinks)
    """Typed links to other records."""


ProblemStatus = Literal["new", "investigating", "known_error", "resolved", "closed"]


class ProblemEvent(HistoryEntry):
    """A step in a problem's lifecycle."""

    status: ProblemStatus
    """The status the problem entered."""


class ProblemDocLinks(IncidentLinks, KnownErrorLinks, ChangeLinks, ServiceLinks, CiLinks, ClauseLinks):
    """Links from a problem: the incidents it explains, its known errors and the changes that fix it."""


class Problem(Record):
    """The cause of one or more incidents, investigated (8.6.3)."""

    KIND: ClassVar[str] = "problem"
    PREFIX: ClassVar[str] = "PRB"
    FOLDER: ClassVar[str] = "problems"
    kind: Literal["problem"] = kind_field()
    status: ProblemStatus
    """Current status; equals the last history entry."""
    history: list[ProblemEvent] = Field(min_length=1)
    """Every status transition, oldest first; append only."""
    priority: Priority
    """How urgent the investigation is."""
    description: Markdown
    """The problem as observed."""
    root_cause: Text | None = None
    """The cause, once known."""
    resolution: Text | None = None
    """How the cause was removed."""
    links: ProblemDocLinks = Field(default_factory=ProblemDocLinks)
    """Typed links to other records."""


class KnownErrorDocLinks(ProblemLinks, IncidentLinks, ServiceLinks, CiLinks, ChangeLinks):
    """Links from a known error."""


class KnownError(Record):
    """A problem whose cause is known, with a workaround until it is fixed (8.6.3)."""

    KIND: ClassVar[str] = "known_error"
    PREFIX: ClassVar[str] = "KE"
    FOLDER: ClassVar[str] = "known_errors"
    kind: Literal["known_error"] = kind_field()
    status: Literal["active", "fixed", "retired"]
    """Active while the workaround is needed."""
    symptoms: Text
    """How the error shows itself to users and support staff."""
    root_cause: Text
    """The known cause."""
    workaround: Markdown
    """What to do until the fix is in place."""
    links: KnownErrorDocLinks = Field(default_factory=KnownErrorDocLinks)
    """Typed links to other records."""


class ContinuityTestDocLinks(PlanLinks, ServiceLinks, ImprovementLinks, NonconformityLinks, ClauseLinks):
    """Links from a continuity test."""


class ContinuityTest(Record):
    """A test of a service continuity plan, and what it showed (8.7.2)."""

    KIND: ClassVar[str] = "continuity_test"
    PREFIX: ClassVar[str] = "CT"
    FOLDER: ClassVar[str] = "continuity_tests"
    kind: Literal["continuity_test"] = kind_field()
    plan: PlanRef
    """The continuity plan tested (PLN id)."""
    performed_on: date
    """When the test was performed."""
    type: Literal["walkthrough", "tabletop", "simulation", "failover", "full_interruption"]
    """How the plan was exercised."""
    scenario: Markdown
    """The disruption simulated."""
    result: Literal["passed", "passed_with_actions", "failed"]
    """The outcome."""
    findings: list[Text] = Field(default_factory=list)
    """What the test revealed."""
    participants: list[PersonRef] = Field(min_length=1)
    """Who took part (person ids)."""
    links: ContinuityTestDocLinks = Field(default_factory=ContinuityTestDocLinks)
    """Typed links to other records."""
