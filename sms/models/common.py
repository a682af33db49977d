"""The envelope every record shares, the document-control block, lifecycle history, and typed references.

Models are strict and forbid unknown keys. They are validated in pydantic's JSON mode (see
`sms.store.validation`): the YAML 1.2 loader leaves dates as ISO strings, which strict JSON mode parses into
real `date`/`datetime` values while still refusing `"no"` for a bool. Every field has a description
(from its docstring, attached by `sms.models.docstrings.documented()` when first read); they become the JSON
Schemas' descriptions and editors' hover text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from sms.models.docstrings import register

API_VERSION = "sms/v1"

SLUG_PATTERN = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"
RECORD_ID_PATTERN = r"^[A-Z][A-Z0-9]{0,9}-[0-9]{1,9}$"
ANY_ID_PATTERN = r"^(?:[A-Z][A-Z0-9]{0,9}-[0-9]{1,9}|[a-z][a-z0-9]*(?:-[a-z0-9]+)*)$"
CLAUSE_PATTERN = r"^(?:4|5|6|7|8|9|10)(?:\.[0-9]{1,2}){0,3}$"


@dataclass(frozen=True)
class Ref:
    """Marks a string field as a reference to a record of one of `kinds`; the repository resolves it."""

    kinds: tuple[str, ...]


@dataclass(frozen=True)
class Shape:
    """Says in people's words what a constrained value looks like, for schema messages (`sms.store.wording`):
    "owner must be a role id such as change-manager (lowercase letters, digits, hyphens)". On a reference the
    noun and example come from the referenced kind; the rule stays the id's."""

    noun: str
    example: str = ""
    rule: str = ""


@dataclass(frozen=True)
class Hint:
    """What to do when a value of this field is refused, for a field whose meaning changed: a schema message
    about it ends with this hint (e.g. a free-text name that must now be a person id)."""

    text: str


@dataclass(frozen=True)
class MarkdownText:
    """Marks a string field as Markdown: the site renders it (sanitised) instead of printing it verbatim."""


SLUG_RULE = "lowercase letters, digits, hyphens"
ID_RULE = "a capital-letter prefix, a hyphen, digits"
Text = Annotated[str, StringConstraints(min_length=1)]
Markdown = Annotated[str, StringConstraints(min_length=1), MarkdownText()]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN), Shape("a lowercase id", "change-manager", SLUG_RULE)]
RecordId = Annotated[str, StringConstraints(pattern=RECORD_ID_PATTERN), Shape("a record id", "CHG-0042", ID_RULE)]
AnyId = Annotated[str, StringConstraints(pattern=ANY_ID_PATTERN),
                  Shape("a record id", "CHG-0042 or change-manager", f"{ID_RULE}; or {SLUG_RULE}")]
ClauseNumber = Annotated[str, StringConstraints(pattern=CLAUSE_PATTERN),
                         Shape("an ISO/IEC 20000-1 clause number", "'8.5.1'",
                               "4 to 10, then up to three numbers after dots, in quotes")]
Percent = Annotated[float, Field(ge=0, le=100), Shape("a percentage from 0 to 100")]
LinkStamp = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12}$"),
                      Shape("a link stamp", "3f9a0c12b7de", "12 hexadecimal digits, written by `sms review`")]
Score = Annotated[int, Field(ge=1, le=5), Shape("a score from 1 to 5")]

RoleRef = Annotated[Slug, Ref(("role",))]
PersonRef = Annotated[Slug, Ref(("person",))]
ServiceRef = Annotated[RecordId, Ref(("service",))]
SlaRef = Annotated[RecordId, Ref(("sla",))]
AgreementRef = Annotated[RecordId, Ref(("agreement",))]
CiRef = Annotated[RecordId, Ref(("ci",))]
IncidentRef = Annotated[RecordId, Ref(("incident",))]
ProblemRef = Annotated[RecordId, Ref(("problem",))]
KnownErrorRef = Annotated[RecordId, Ref(("known_error",))]
ChangeRef = Annotated[RecordId, Ref(("change",))]
ReleaseRef = Annotated[RecordId, Ref(("release",))]
RiskRef = Annotated[RecordId, Ref(("risk",))]
RequestRef = Annotated[RecordId, Ref(("request",))]
PolicyRef = Annotated[RecordId, Ref(("policy",))]
ProcessRef = Annotated[RecordId, Ref(("process",))]
PlanRef = Annotated[RecordId, Ref(("plan",))]
ObjectiveRef = Annotated[RecordId, Ref(("objective",))]
KpiRef = Annotated[RecordId, Ref(("kpi",))]
AuditRef = Annotated[RecordId, Ref(("audit",))]
NonconformityRef = Annotated[RecordId, Ref(("nonconformity",))]
ImprovementRef = Annotated[RecordId, Ref(("improvement",))]
ContinuityTestRef = Annotated[RecordId, Ref(("continuity_test",))]
ReviewRef = Annotated[RecordId, Ref(("management_review",))]
ComplaintRef = Annotated[RecordId, Ref(("complaint",))]
AuditProgrammeRef = Annotated[RecordId, Ref(("audit_programme",))]

CONTROLLED_KINDS = ("context", "scope", "policy", "objective", "role", "process", "plan", "service", "sla",
                    "agreement")
DocumentRef = Annotated[AnyId, Ref(CONTROLLED_KINDS)]

MODEL_CONFIG = ConfigDict(
    strict=True,
    extra="forbid",
    frozen=True,
    populate_by_name=False,
    defer_build=True,
)


class SmsModel(BaseModel):
    """Base of every model: strict, closed, immutable."""

    model_config = MODEL_CONFIG

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        register(cls)


def _ids(description: str) -> Any:
    return Field(default_factory=list, description=description)


# --- links: one small model per link type, combined per kind ------------------------------------------

class ServiceLinks(SmsModel):
    services: list[ServiceRef] = _ids("Services this record concerns (SVC ids).")


class SlaLinks(SmsModel):
    slas: list[SlaRef] = _ids("Service level agreements this record concerns (SLA ids).")


class AgreementLinks(SmsModel):
    agreements: list[AgreementRef] = _ids("Supplier or internal agreements this record relies on (AGR ids).")


class CiLinks(SmsModel):
    cis: list[CiRef] = _ids("Configuration items involved (CI ids).")


class IncidentLinks(SmsModel):
    incidents: list[IncidentRef] = _ids("Related incidents (INC ids).")


class ProblemLinks(SmsModel):
    problems: list[ProblemRef] = _ids("Related problems (PRB ids).")


class KnownErrorLinks(SmsModel):
    known_errors: list[KnownErrorRef] = _ids("Related known errors (KE ids).")


class ChangeLinks(SmsModel):
    changes: list[ChangeRef] = _ids("Related changes (CHG ids).")


class ReleaseLinks(SmsModel):
    releases: list[ReleaseRef] = _ids("Related releases (REL ids).")


class RiskLinks(SmsModel):
    risks: list[RiskRef] = _ids("Related risks (RSK ids).")


class RequestLinks(SmsModel):
    requests: list[RequestRef] = _ids("Related service requests (REQ ids).")


class PolicyLinks(SmsModel):
    policies: list[PolicyRef] = _ids("Policies this record implements or follows (POL ids).")


class ProcessLinks(SmsModel):
    processes: list[ProcessRef] = _ids("Processes involved (PRC ids).")


class PlanLinks(SmsModel):
    plans: list[PlanRef] = _ids("Plans involved, e.g. the continuity plan tested (PLN ids).")


class ObjectiveLinks(SmsModel):
    objectives: list[ObjectiveRef] = _ids("Service management objectives served (OBJ ids).")


class KpiLinks(SmsModel):
    kpis: list[KpiRef] = _ids("Key performance indicators that measure this (KPI ids).")


class AuditLinks(SmsModel):
    audits: list[AuditRef] = _ids("Related audits (AUD ids).")


class NonconformityLinks(SmsModel):
    nonconformities: list[NonconformityRef] = _ids("Related nonconformities (NC ids).")


class ImprovementLinks(SmsModel):
    improvements: list[ImprovementRef] = _ids("Related improvements (IMP ids).")


class ContinuityTestLinks(SmsModel):
    continuity_tests: list[ContinuityTestRef] = _ids("Related continuity tests (CT ids).")


class ComplaintLinks(SmsModel):
    complaints: list[ComplaintRef] = _ids("Related complaints (CMP ids).")


class ReviewLinks(SmsModel):
    management_reviews: list[ReviewRef] = _ids("Management reviews that decided or reviewed this (MR ids).")


class ClauseLinks(SmsModel):
    clauses: list[ClauseNumber] = _ids("ISO/IEC 20000-1:2018 clauses this record evidences, e.g. '8.5.1.3'.")


# --- document control (7.5) ---------------------------------------------------------------------------

DocumentStatus = Literal["draft", "in_review", "approved", "superseded", "retired"]
Version = Annotated[str, StringConstraints(pattern=r"^[0-9]+\.[0-9]+$"),
                    Shape("a version", "'1.3'", "MAJOR.MINOR, in quotes")]
# Relative, and no segment starts with a dot: so neither '/x.md' nor '../x.md' can match.
BODY_PATTERN = r"^(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*\.md$"
BodyPath = Annotated[str, StringConstraints(pattern=BODY_PATTERN),
                     Shape("a Markdown file beside this one", "POL-0001.md",
                           "a relative path ending in .md, with no part starting with a dot")]


class DocumentControl(SmsModel):
    """Identification, versioning and approval of a controlled document (ISO 20000-1 7.5.2, 7.5.3)."""

    version: Version
    """Document version as MAJOR.MINOR in quotes, e.g. '1.3'. Raise it whenever approved content changes."""
    status: DocumentStatus
    """Where the document is in its life: draft, in_review, approved, superseded or retired."""
    author: PersonRef
    """The person who wrote this version (a person id)."""
    approver: RoleRef
    """The role whose holder must approve this document (a role id)."""
    approved_by: PersonRef | None = None
    """The person who approved this version; required once the status is approved."""
    approved_on: date | None = None
    """The date this version was approved (YYYY-MM-DD)."""
    next_review: date | None = None
    """The date by which the document must be reviewed again (YYYY-MM-DD)."""
    superseded_by: DocumentRef | None = None
    """The document that replaces this one; required when the status is superseded."""
    body: BodyPath | None = None
    """A Markdown file beside this one holding the document's prose, e.g. 'POL-0001.md'."""
    change_summary: Text | None = None
    """What changed in this version, in a sentence."""


class Controlled(SmsModel):
    """Mixin for controlled documents."""

    document: DocumentControl
    """Document control: version, status, author, approval and review dates."""


# --- lifecycle history ----------------------------------------------------------------------------------

class HistoryEntry(SmsModel):
    """One step in a record's lifecycle: the status it entered, when, and who moved it."""

    status: str
    """The status the record entered at this step."""
    at: AwareDatetime
    """When, as an ISO 8601 timestamp with a time zone, e.g. 2026-03-02T09:30:00Z."""
    by: PersonRef
    """Who made the transition (a person id)."""
    note: Text | None = None
    """Why, in a sentence, where it helps the next reader."""


# --- the envelope -----------------------------------------------------------------------------------------

def kind_field() -> Any:
    return Field(description="The kind of record; decides which schema applies.")


class Record(SmsModel):
    """The envelope every record shares: apiVersion, kind, id, title, owner, links."""

    KIND: ClassVar[str] = ""
    PREFIX: ClassVar[str] = ""
    FOLDER: ClassVar[str] = ""  # "" for documents under policies/

    api_version: Literal["sms/v1"] = Field(alias="apiVersion", description="Format version; always 'sms/v1'.")
    kind: str = kind_field()
    id: AnyId = Field(description="Unique id, equal to the file name without '.yaml' (e.g. CHG-0042, or a slug).")
    title: Annotated[str, StringConstraints(min_length=1, max_length=200)] = Field(
        description="A short human title, one line."
    )
    owner: RoleRef = Field(description="The role accountable for this record (a role id).")
    reviewed_links: dict[AnyId, LinkStamp] = Field(
        default_factory=dict,
        description="For links whose target was reviewed: the target's content hash at that review, written by "
                    "`sms review ID`. When the target changes, the link becomes suspect (SMS312).",
    )
