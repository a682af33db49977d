"""Change control: changes (8.5.1) and releases (8.5.3)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from pydantic import AwareDatetime, Field

from sms.models.common import (
    ChangeLinks,
    CiLinks,
    ClauseLinks,
    HistoryEntry,
    IncidentLinks,
    KnownErrorLinks,
    Markdown,
    PersonRef,
    ProblemLinks,
    Record,
    ReleaseLinks,
    RequestLinks,
    RiskLinks,
    Score,
    ServiceLinks,
    SmsModel,
    Text,
    kind_field,
)

ChangeStatus = Literal["draft", "submitted", "assessed", "approved", "scheduled", "implemented", "reviewed",
                       "closed", "rejected", "cancelled", "failed", "backed_out"]


class ChangeEvent(HistoryEntry):
    """A step in a change's lifecycle."""

    status: ChangeStatus
    """The status the change entered."""


class RiskAssessment(SmsModel):
    """The change's risk, assessed before approval."""

    likelihood: Score
    """How likely the change is to cause disruption, 1 (rare) to 5 (almost certain)."""
    impact: Score
    """How bad that disruption would be, 1 (negligible) to 5 (severe)."""
    notes: Text
    """What drives the assessment."""


class Schedule(SmsModel):
    """When the change is implemented."""

    start: AwareDatetime
    """Start of the implementation window."""
    end: AwareDatetime
    """End of the implementation window."""


class PostImplementationReview(SmsModel):
    """The review after implementation: did the change achieve what it was for?"""

    outcome: Literal["successful", "partially_successful", "unsuccessful"]
    """Whether the change met its objectives."""
    reviewed_on: date
    """When the review took place."""
    notes: Text
    """What was learned."""


class ChangeDocLinks(ServiceLinks, CiLinks, IncidentLinks, ProblemLinks, KnownErrorLinks, RiskLinks, ReleaseLinks,
                     RequestLinks, ClauseLinks):
    """Links from a change."""


class Change(Record):
    """A request for change and its progress through assessment, approval, implementation and review."""

    KIND: ClassVar[str] = "change"
    PREFIX: ClassVar[str] = "CHG"
    FOLDER: ClassVar[str] = "changes"
    kind: Literal["change"] = kind_field()
    type: Literal["standard", "normal", "emergency"]
    """Standard (pre-approved), normal, or emergency."""
    status: ChangeStatus
    """Current status; equals the last history entry."""
    history: list[ChangeEvent] = Field(min_length=1)
    """Every status transition, oldest first; append only."""
    requested_by: PersonRef
    """Who raised the change (a person id)."""
    reason: Markdown
    """Why the change is needed."""
    description: Markdown
    """What will be changed."""
    risk: RiskAssessment | None = None
    """The risk assessment; required before approval of normal changes."""
    approved_by: PersonRef | None = None
    """Who approved the change; must not be the requester or the implementer."""
    approved_at: AwareDatetime | None = None
    """When the change was approved."""
    implementer: PersonRef | None = None
    """Who implements the change."""
    schedule: Schedule | None = None
    """The implementation window."""
    test_plan: Text | None = None
    """How the change is tested before and after implementation."""
    backout_plan: Text | None = None
    """How the change is reversed if it fails."""
    review: PostImplementationReview | None = None
    """The post-implementation review."""
    config_paths: list[Text] = Field(default_factory=list)
    """Files of the SMS repository's own gate the change alters: sms.yaml, schemas/, .github/workflows/,
    .github/CODEOWNERS, action.yml (a folder ends with '/'). A pull request that changes them needs an approved
    change naming them (SMS905)."""
    links: ChangeDocLinks = Field(default_factory=ChangeDocLinks)
    """Typed links to other records."""


class ReleaseDocLinks(ChangeLinks, ServiceLinks, CiLinks, ClauseLinks):
    """Links from a release: the changes it deploys, the services and CIs it touches."""


class Release(Record):
    """A release: a set of changes built, tested and deployed together (8.5.3)."""

    KIND: ClassVar[str] = "release"
    PREFIX: ClassVar[str] = "REL"
    FOLDER: ClassVar[str] = "releases"
    kind: Literal["release"] = kind_field()
    type: Literal["major", "minor", "patch", "emergency"]
    """The release type, as defined by the release policy."""
    status: Literal["planned", "built", "tested", "deployed", "verified", "cancelled"]
    """Where the release is."""
    planned_for: AwareDatetime
    """The planned deployment time."""
    deployed_at: AwareDatetime | None = None
    """When the release was deployed."""
    acceptance: Text | None = None
    """The acceptance criteria and how they were met."""
    links: ReleaseDocLinks = Field(default_factory=ReleaseDocLinks)
    """Typed links to other records."""
