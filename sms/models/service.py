"""The service portfolio: services (catalogue), SLAs, agreements, configuration items and KPIs."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import Field, StringConstraints, ValidationInfo, field_validator

from sms.models.common import (
    AgreementLinks,
    CiLinks,
    ClauseLinks,
    Controlled,
    Markdown,
    ObjectiveLinks,
    PlanLinks,
    ProcessLinks,
    Record,
    ServiceLinks,
    ServiceRef,
    Shape,
    SlaLinks,
    SmsModel,
    Text,
    kind_field,
)

Priority = Literal["P1", "P2", "P3", "P4"]
SIGNS = {"at_least": ">=", "at_most": "<=", "higher_is_better": ">=", "lower_is_better": "<="}
"""How plain-text output (sms sla, sms kpi, sms report, findings) writes an SLA target's `comparison` or a KPI's
`direction` before the target value (the site's sms.site.pages.measures.SIGNS is this table with ≥ and ≤)."""


class Requirement(SmsModel):
    """A requirement the service must meet (8.2.2)."""

    id: Annotated[str, StringConstraints(pattern=r"^R[0-9]{1,3}$"),
                  Shape("a requirement number", "R1", "R and 1 to 3 digits")]
    """Requirement number within the service, e.g. R1."""
    text: Text
    """The requirement."""
    source: Text
    """Where it comes from: a customer, a regulation, a contract."""


class ServiceDocLinks(CiLinks, ServiceLinks, AgreementLinks, PlanLinks, ProcessLinks, ClauseLinks):
    """Links from a service: the CIs and services it depends on, agreements that support it, its plans."""


class Service(Record, Controlled):
    """A service in the catalogue (8.2.4)."""

    KIND: ClassVar[str] = "service"
    PREFIX: ClassVar[str] = "SVC"
    FOLDER: ClassVar[str] = "services"
    kind: Literal["service"] = kind_field()
    description: Markdown
    """What the service does for its customers."""
    lifecycle: Literal["pipeline", "live", "retiring", "retired"]
    """Where the service is in its lifecycle."""
    customers: list[Text] = Field(min_length=1)
    """Who uses the service."""
    criticality: Literal["low", "medium", "high", "critical"]
    """How critical the service is to its customers."""
    requirements: list[Requirement] = Field(default_factory=list)
    """Service requirements (8.2.2)."""
    service_hours: Text
    """When the service is supported, e.g. '24x7' or 'business hours (Mon-Fri 08:00-18:00 CET)'."""
    links: ServiceDocLinks = Field(default_factory=ServiceDocLinks)
    """Typed links to other records."""


class Target(SmsModel):
    """One measurable service level target (8.3.3)."""

    metric: Literal["availability", "response_time", "resolution_time", "fulfilment_time", "latency",
                    "satisfaction", "throughput", "error_rate", "rpo", "rto"]
    """What is measured."""
    description: Text
    """What exactly the target promises, in a sentence."""
    target: float
    """The target value."""
    unit: Literal["percent", "milliseconds", "seconds", "minutes", "hours", "business_hours", "business_days",
                  "score", "count"]
    """The unit of the target value."""
    percentile: float | None = Field(default=None, gt=0, le=100)
    """For latency targets: the percentile the target applies to, e.g. 95."""
    comparison: Literal["at_least", "at_most"]
    """Whether measured values must be at least or at most the target."""
    period: Literal["monthly", "quarterly", "yearly", "per_event"]
    """The period over which the target is measured."""
    priority: Priority | None = None
    """For incident targets: the priority the target applies to."""
    calendar: Text | None = None
    """The business calendar (from sms.yaml) for this target when it differs from the SLA's, e.g. 24x7 for
    availability while response times run in office hours."""
    attainment: float | None = Field(default=None, gt=0, le=100)
    """For per-event targets: the share of events, in percent, that must meet the target (e.g. 95); without
    it any breach misses the target."""


class SlaDocLinks(ServiceLinks, AgreementLinks, ClauseLinks):
    """Links from an SLA: the services it covers, and the agreements beneath it."""

    services: list[ServiceRef] = Field(
        min_length=1, description="Services this SLA covers (SVC ids); at least one."
    )


class Sla(Record, Controlled):
    """A service level agreement with a customer (8.3.3)."""

    KIND: ClassVar[str] = "sla"
    PREFIX: ClassVar[str] = "SLA"
    FOLDER: ClassVar[str] = "slas"
    kind: Literal["sla"] = kind_field()
    customer: Text
    """The customer party to the agreement."""
    targets: list[Target] = Field(min_length=1)
    """Service level targets."""
    calendar: Text = "default"
    """The business calendar from sms.yaml used to measure time-based targets and periods; `24x7` counts
    every minute."""
    reporting: Text
    """How and how often performance against the targets is reported."""
    valid_from: date
    """First day the agreement applies."""
    valid_until: date | None = None
    """Last day the agreement applies; empty while open-ended."""
    links: SlaDocLinks
    """Typed links to other records; must name the services covered."""


class AgreementDocLinks(ServiceLinks, SlaLinks, ProcessLinks, ClauseLinks):
    """Links from an agreement."""


class Agreement(Record, Controlled):
    """A contract with an external supplier, or an agreement with an internal supplier or customer (8.3.4)."""

    KIND: ClassVar[str] = "agreement"
    PREFIX: ClassVar[str] = "AGR"
    FOLDER: ClassVar[str] = "agreements"
    kind: Literal["agreement"] = kind_field()
    type: Literal["external_supplier", "internal_supplier", "customer"]
    """Who the other party is."""
    party: Text
    """The other party's name."""
    scope: Markdown
    """What the agreement covers."""
    obligations: list[Text] = Field(min_length=1)
    """What the other party must do or deliver."""
    starts_on: date
    """Start of the agreement."""
    ends_on: date | None = None
    """End of the agreement; empty while open-ended."""
    review_on: date
    """When the agreement and the party's performance are next reviewed."""
    links: AgreementDocLinks = Field(default_factory=AgreementDocLinks)
    """Typed links to other records."""


class CiDocLinks(CiLinks, ServiceLinks, AgreementLinks):
    """Links from a CI: the CIs it depends on, the services it supports, the supplier agreement."""


class Ci(Record):
    """A configuration item (8.2.6) or asset (8.2.5)."""

    KIND: ClassVar[str] = "ci"
    PREFIX: ClassVar[str] = "CI"
    FOLDER: ClassVar[str] = "cis"
    kind: Literal["ci"] = kind_field()
    type: Literal["application", "database", "server", "network", "cloud_service", "saas", "storage",
                  "endpoint", "document", "other"]
    """What sort of item it is."""
    status: Literal["planned", "active", "retired"]
    """Whether the item is planned, in use, or retired."""
    environment: Literal["production", "staging", "test", "development", "shared"]
    """Which environment it belongs to."""
    description: Text
    """What the item is."""
    location: Text | None = None
    """Where it runs: data centre, cloud region, office."""
    version: Text | None = None
    """Current version or model."""
    links: CiDocLinks = Field(default_factory=CiDocLinks)
    """Typed links to other records."""


class Measurement(SmsModel):
    """A KPI value measured for one period."""

    period: date
    """The first day of the period measured."""
    value: float
    """The measured value."""
    note: Text | None = None
    """What explains the value, where it needs explaining."""


FormulaName = Literal["change_success_rate", "emergency_change_ratio", "mean_time_to_restore",
                      "mean_time_to_acknowledge", "sla_attainment", "reopen_rate", "backlog_age", "availability"]
RATES = frozenset({"change_success_rate", "emergency_change_ratio", "sla_attainment", "reopen_rate", "availability"})
"""Formulas whose value is a percentage; the others are durations (in the KPI's unit: minutes, hours or days)."""
DURATION_UNITS = ("minutes", "hours", "days")


class Formula(SmsModel):
    """How sms computes a KPI from the records, instead of values typed in (sms/metrics/kpis.py defines each)."""

    name: FormulaName
    """Which formula: change_success_rate, emergency_change_ratio, mean_time_to_restore, mean_time_to_acknowledge,
    sla_attainment, reopen_rate, backlog_age or availability. The KPI's linked services narrow the records
    counted (none linked: every service)."""
    since: date | None = None
    """The first day the formula computes; measurements typed in for earlier periods are kept as history. Empty:
    every period is computed and the KPI carries no measurements."""
    priority: Priority | None = None
    """For the incident formulas (mean_time_to_restore, mean_time_to_acknowledge, reopen_rate): only
    incidents of this priority."""
    metric: Literal["response_time", "resolution_time", "fulfilment_time"] | None = None
    """For sla_attainment: only SLA targets of this metric (empty: every per-event target)."""


class KpiDocLinks(ProcessLinks, ServiceLinks, ObjectiveLinks, ClauseLinks):
    """Links from a KPI."""


class Kpi(Record):
    """A key performance indicator with its target and measurements (9.1)."""

    KIND: ClassVar[str] = "kpi"
    PREFIX: ClassVar[str] = "KPI"
    FOLDER: ClassVar[str] = "kpis"
    kind: Literal["kpi"] = kind_field()
    description: Text
    """What the KPI measures and how it is computed."""
    unit: Literal["percent", "minutes", "hours", "days", "count", "score", "ratio"]
    """The unit of the values."""
    target: float
    """The target value."""
    direction: Literal["higher_is_better", "lower_is_better"]
    """Which way is good."""
    frequency: Literal["weekly", "monthly", "quarterly", "yearly"]
    """How often the KPI is measured."""
    measurements: list[Measurement] = Field(default_factory=list)
    """Measured values, oldest first."""
    formula: Formula | None = None
    """Compute the values from the records instead (from `formula.since`, or always)."""
    links: KpiDocLinks = Field(default_factory=KpiDocLinks)
    """Typed links to other records."""

    @field_validator("formula")
    @classmethod
    def one_source_per_period(cls, formula: Formula | None, info: ValidationInfo) -> Formula | None:
        """A period's value comes from the formula or from a hand measurement, never both; the formula's unit
        is the KPI's. (`measurements` and `unit` come before `formula`, so they are validated already.)"""
        if formula is None:
            return formula
        since = formula.since
        measured: list[Measurement] = info.data.get("measurements", [])
        clashes = [m.period.isoformat() for m in measured if since is None or m.period >= since]
        if clashes:
            raise ValueError(f"a KPI with a formula keeps measurements only for periods before formula.since "
                             f"({since or 'not set: every period is computed'}); the formula computes "
                             + ", ".join(clashes))
        rate = formula.name in RATES
        unit = info.data.get("unit")
        if unit is not None and unit not in (("percent",) if rate else DURATION_UNITS):
            wanted = "percent" if rate else "minutes, hours or days"
            raise ValueError(f"formula {formula.name} gives {wanted}, not {unit}")
        return formula
