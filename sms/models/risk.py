"""The risk register (6.1, 8.7.3.2)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from pydantic import Field

from sms.models.common import (
    ChangeLinks,
    CiLinks,
    ClauseLinks,
    HistoryEntry,
    Markdown,
    PolicyLinks,
    Record,
    RoleRef,
    Score,
    ServiceLinks,
    SmsModel,
    Text,
    kind_field,
)

RiskStatus = Literal["identified", "assessed", "treated", "accepted", "closed"]


class RiskEvent(HistoryEntry):
    """A step in a risk's lifecycle."""

    status: RiskStatus
    """The status the risk entered."""


class Treatment(SmsModel):
    """How the risk is treated."""

    option: Literal["mitigate", "transfer", "avoid", "accept", "exploit"]
    """The treatment option chosen; 'exploit' for opportunities."""
    plan: Text
    """The actions that carry out the treatment."""
    owner: RoleRef
    """The role that owns the treatment (a role id)."""
    due: date
    """When the treatment must be in place."""


class RiskDocLinks(ServiceLinks, CiLinks, ChangeLinks, PolicyLinks, ClauseLinks):
    """Links from a risk."""


class Risk(Record):
    """A risk or opportunity to the SMS or the services, assessed and treated (6.1)."""

    KIND: ClassVar[str] = "risk"
    PREFIX: ClassVar[str] = "RSK"
    FOLDER: ClassVar[str] = "risks"
    kind: Literal["risk"] = kind_field()
    status: RiskStatus
    """Current status; equals the last history entry."""
    history: list[RiskEvent] = Field(min_length=1)
    """Every status transition, oldest first; append only."""
    category: Literal["service", "information_security", "supplier", "continuity", "capacity", "compliance",
                      "people", "opportunity"]
    """What area the risk belongs to."""
    description: Markdown
    """The risk: cause, event, consequence."""
    likelihood: Score
    """Inherent likelihood, 1 (rare) to 5 (almost certain)."""
    impact: Score
    """Inherent impact, 1 (negligible) to 5 (severe)."""
    residual_likelihood: Score | None = None
    """Likelihood once the treatment is in place."""
    residual_impact: Score | None = None
    """Impact once the treatment is in place."""
    controls: list[Text] = Field(default_factory=list)
    """Controls already in place."""
    treatment: Treatment | None = None
    """How the risk is treated; required for risks in the bands that sms.yaml says need treatment."""
    review_on: date
    """When the risk is next reviewed."""
    links: RiskDocLinks = Field(default_factory=RiskDocLinks)
    """Typed links to other records."""
