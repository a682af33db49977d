"""Governance documents kept under policies/: context, scope, policies, objectives, roles, processes, plans;
and the people who hold roles (records/people/)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import Field, StringConstraints

from sms.models.common import (
    AgreementLinks,
    AgreementRef,
    ClauseLinks,
    ClauseNumber,
    Controlled,
    KpiLinks,
    KpiRef,
    Markdown,
    ObjectiveLinks,
    PlanLinks,
    PolicyLinks,
    ProcessLinks,
    Record,
    RoleRef,
    ServiceLinks,
    ServiceRef,
    Shape,
    SlaLinks,
    SmsModel,
    Text,
    kind_field,
)


class Section(SmsModel):
    """A titled section of prose inside a document."""

    heading: Text
    """The section heading."""
    text: Markdown
    """The section's content, in Markdown."""


# --- context (4.1, 4.2) --------------------------------------------------------------------------------

class Issue(SmsModel):
    """An internal or external issue that affects the SMS."""

    type: Literal["internal", "external"]
    """Whether the issue arises inside or outside the organisation."""
    category: Literal["strategic", "technical", "regulatory", "market", "people", "supplier", "climate", "other"]
    """What area the issue belongs to; use 'climate' for climate-change considerations."""
    description: Text
    """The issue and how it affects the intended outcomes of the SMS."""


class ClimateStatement(SmsModel):
    """Whether climate change is a relevant issue for the SMS, and why."""

    relevant: bool
    """True if climate change is relevant to the SMS's intended outcomes."""
    statement: Text
    """The reasoning, and where relevant how it is addressed."""


class InterestedParty(SmsModel):
    """A party with an interest in the services, and what it requires."""

    name: Text
    """Who the party is (customer group, regulator, supplier, staff...)."""
    requirements: list[Text] = Field(min_length=1)
    """What the party requires of the services or the SMS."""
    climate_requirements: list[Text] = Field(default_factory=list)
    """Climate-related requirements of this party, if any."""
    services: list[ServiceRef] = Field(default_factory=list)
    """Services that meet these requirements (SVC ids)."""


class ContextLinks(ServiceLinks, ClauseLinks):
    """Links from the context document."""


class Context(Record, Controlled):
    """The organisation's context: issues, climate, interested parties (4.1, 4.2)."""

    KIND: ClassVar[str] = "context"
    PREFIX: ClassVar[str] = "CTX"
    kind: Literal["context"] = kind_field()
    issues: list[Issue] = Field(min_length=1)
    """Internal and external issues that affect the SMS."""
    climate_change: ClimateStatement
    """Whether climate change is relevant (ISO 20000-1 Amendment 1:2024)."""
    interested_parties: list[InterestedParty] = Field(min_length=1)
    """Interested parties and their requirements."""
    links: ContextLinks = Field(default_factory=ContextLinks)
    """Typed links to other records."""


# --- scope (4.3) ------------------------------------------------------------------------------------------

class Exclusion(SmsModel):
    """A clause of the standard the SMS does not apply, with the reason."""

    clause: ClauseNumber
    """The excluded clause, e.g. '8.4.1'."""
    justification: Text
    """Why the clause does not apply and why that does not affect conformity."""


class ScopeLinks(ClauseLinks):
    """Links from the scope document."""


class Scope(Record, Controlled):
    """The scope of the SMS: which services, from where, for whom (4.3)."""

    KIND: ClassVar[str] = "scope"
    PREFIX: ClassVar[str] = "SCP"
    kind: Literal["scope"] = kind_field()
    statement: Markdown
    """The scope statement: the services, the organisation and the locations covered."""
    services: list[ServiceRef] = Field(min_length=1)
    """Services in scope (SVC ids); each must be in the catalogue."""
    locations: list[Text] = Field(min_length=1)
    """Sites and locations from which the services are delivered."""
    customers: list[Text] = Field(default_factory=list)
    """Customers or customer groups served."""
    exclusions: list[Exclusion] = Field(default_factory=list)
    """Clauses not applied, each with a justification."""
    links: ScopeLinks = Field(default_factory=ScopeLinks)
    """Typed links to other records."""


# --- policy (5.2, 8.5.1.1, 8.7.3.1) ------------------------------------------------------------------------

class PolicyDocLinks(ServiceLinks, ProcessLinks, ObjectiveLinks, ClauseLinks):
    """Links from a policy."""


class Policy(Record, Controlled):
    """A policy: service management, change management, information security and others."""

    KIND: ClassVar[str] = "policy"
    PREFIX: ClassVar[str] = "POL"
    kind: Literal["policy"] = kind_field()
    type: Literal["service_management", "change_management", "information_security", "continuity", "release",
                  "supplier", "other"]
    """Which policy this is; the SMS needs at least service_management, change_management and
    information_security."""
    purpose: Markdown
    """Why the policy exists, in a paragraph."""
    statements: list[Text] = Field(min_length=1)
    """The policy's commitments and rules, one per item."""
    sections: list[Section] = Field(default_factory=list)
    """Further prose, by section."""
    links: PolicyDocLinks = Field(default_factory=PolicyDocLinks)
    """Typed links to other records."""


# --- objective (6.2) ----------------------------------------------------------------------------------------

class ObjectiveDocLinks(PolicyLinks, ServiceLinks, KpiLinks, ClauseLinks):
    """Links from an objective."""


class Objective(Record, Controlled):
    """A measurable service management objective and the plan to achieve it (6.2)."""

    KIND: ClassVar[str] = "objective"
    PREFIX: ClassVar[str] = "OBJ"
    kind: Literal["objective"] = kind_field()
    statement: Text
    """The objective, in one sentence."""
    kpi: KpiRef
    """The KPI that measures progress (KPI id)."""
    target: float
    """The KPI value that means the objective is met."""
    due: date
    """When the objective must be met."""
    actions: list[Text] = Field(min_length=1)
    """What will be done to achieve it."""
    resources: Text
    """What resources are needed."""
    evaluation: Text
    """How and how often results are evaluated."""
    links: ObjectiveDocLinks = Field(default_factory=ObjectiveDocLinks)
    """Typed links to other records."""


# --- role (5.3) and person (7.2) -----------------------------------------------------------------------------

GITHUB_HANDLE_PATTERN = r"^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$"
"""A GitHub username: letters, digits and single hyphens between them, at most 39 characters."""
GitHubHandle = Annotated[str, StringConstraints(pattern=GITHUB_HANDLE_PATTERN, max_length=39),
                         Shape("a GitHub username", "j-doe", "letters, digits and single hyphens, without the @")]


class RoleLinks(ProcessLinks, ClauseLinks):
    """Links from a role."""


class Role(Record, Controlled):
    """A role with its responsibilities and authorities (5.3). Holders are named on person records."""

    KIND: ClassVar[str] = "role"
    kind: Literal["role"] = kind_field()
    responsibilities: list[Text] = Field(min_length=1)
    """What the role is responsible for."""
    authorities: list[Text] = Field(default_factory=list)
    """What the role may decide or approve."""
    top_management: bool = False
    """True for roles that belong to top management (they can approve the SM policy)."""
    competences: list[Text] = Field(default_factory=list)
    """Competences a holder must have."""
    links: RoleLinks = Field(default_factory=RoleLinks)
    """Typed links to other records."""


class Assignment(SmsModel):
    """A person holding a role over a period."""

    role: RoleRef
    """The role held (a role id)."""
    since: date
    """First day the person held the role."""
    until: date | None = None
    """Last day the person held the role; empty while they still hold it."""


class Competence(SmsModel):
    """Evidence of a competence: training, certification or experience (7.2)."""

    name: Text
    """The competence, e.g. 'ITIL 4 Foundation' or 'PostgreSQL administration'."""
    evidence: Text
    """What shows it: a certificate number, course, or assessed experience."""
    on: date
    """When it was obtained or last assessed."""


class PersonLinks(SmsModel):
    """People carry no links."""


class Person(Record):
    """A person who holds roles in the SMS."""

    KIND: ClassVar[str] = "person"
    FOLDER: ClassVar[str] = "people"
    kind: Literal["person"] = kind_field()
    email: Text | None = None
    """Work e-mail address."""
    github: GitHubHandle | None = None
    """GitHub username, without the '@' (e.g. a-novak); `sms codeowners` makes the holders of a role the
    code owners of the records that role owns."""
    team: Text | None = None
    """Team or department."""
    roles: list[Assignment] = Field(default_factory=list)
    """Roles held, with dates."""
    competences: list[Competence] = Field(default_factory=list)
    """Competence evidence."""
    links: PersonLinks = Field(default_factory=PersonLinks)
    """Typed links to other records."""


# --- process (4.4, 8.x) ---------------------------------------------------------------------------------------

class ProcessDocLinks(PolicyLinks, ServiceLinks, PlanLinks, AgreementLinks, ClauseLinks):
    """Links from a process."""


class Process(Record, Controlled):
    """A service management process: what it is for, how it runs, who owns it, how it is measured."""

    KIND: ClassVar[str] = "process"
    PREFIX: ClassVar[str] = "PRC"
    kind: Literal["process"] = kind_field()
    purpose: Markdown
    """What the process achieves."""
    clauses: list[ClauseNumber] = Field(min_length=1)
    """ISO 20000-1 clauses the process implements, e.g. ['8.5.1.1', '8.5.1.2', '8.5.1.3']."""
    kpis: list[KpiRef] = Field(default_factory=list)
    """KPIs that measure the process (KPI ids)."""
    inputs: list[Text] = Field(default_factory=list)
    """What the process takes in."""
    outputs: list[Text] = Field(default_factory=list)
    """What the process produces."""
    activities: list[Text] = Field(min_length=1)
    """The main activities, in order."""
    operated_by: Literal["internal", "supplier"] = "internal"
    """Whether the organisation runs the process itself or another party runs it (8.1)."""
    supplier_agreement: AgreementRef | None = None
    """Where a supplier runs the process: the agreement that controls it (AGR id)."""
    interfaces: list[Text] = Field(default_factory=list)
    """How the process interacts with other processes."""
    resources: list[Text] = Field(default_factory=list)
    """People, tools and budget the process needs (7.1)."""
    links: ProcessDocLinks = Field(default_factory=ProcessDocLinks)
    """Typed links to other records."""


# --- plan (6.3, 8.4.3, 8.7.2) ----------------------------------------------------------------------------------

class RecoveryObjective(SmsModel):
    """How fast and to which point a service must be recovered after a disruption."""

    service: ServiceRef
    """The service (SVC id)."""
    rto_minutes: int = Field(ge=0)
    """Recovery time objective, in minutes."""
    rpo_minutes: int = Field(ge=0)
    """Recovery point objective: the most data loss tolerated, in minutes."""


class PlanDocLinks(ServiceLinks, SlaLinks, ProcessLinks, ObjectiveLinks, PolicyLinks, ClauseLinks):
    """Links from a plan."""


class Plan(Record, Controlled):
    """A plan: the SM plan, a continuity plan, a capacity or availability plan, a communication plan."""

    KIND: ClassVar[str] = "plan"
    PREFIX: ClassVar[str] = "PLN"
    kind: Literal["plan"] = kind_field()
    type: Literal["service_management", "continuity", "capacity", "availability", "communication", "other"]
    """Which kind of plan this is."""
    summary: Markdown
    """What the plan covers, in a paragraph."""
    sections: list[Section] = Field(default_factory=list)
    """The plan's content, by section."""
    recovery_objectives: list[RecoveryObjective] = Field(default_factory=list)
    """For continuity plans: recovery objectives per service."""
    test_interval_months: int | None = Field(default=None, ge=1, le=60)
    """For continuity plans: how often the plan must be tested, in months."""
    links: PlanDocLinks = Field(default_factory=PlanDocLinks)
    """Typed links to other records."""
