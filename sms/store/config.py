"""sms.yaml: the organisation's conformance policy as data, validated by its own model.

A missing sms.yaml means "all defaults"; a malformed one is a ConfigError (exit 2), never a finding,
because every other result depends on it.
"""

from __future__ import annotations

import json
import zoneinfo
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, ValidationError, field_validator, model_validator

from sms.core.errors import InputError
from sms.models import KINDS, POLICY_KINDS, SLUG_KINDS
from sms.models.common import ANY_ID_PATTERN, SLUG_PATTERN, SmsModel, Text
from sms.store.loader import DEFAULT_MAX_BYTES, Document, load_file

CONFIG_FILE = "sms.yaml"
Prefix = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]{0,9}$")]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WORKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")
HoursRange = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9]$")]


class Organisation(SmsModel):
    """Who runs this SMS."""

    name: Text
    """The organisation's legal or trading name."""
    short_name: Text | None = None
    """A short name for page titles."""


class Band(SmsModel):
    """A risk band: scores up to `max_score` (likelihood x impact) fall in it."""

    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]*$")]
    """The band's name, e.g. low, medium, high, extreme."""
    max_score: int = Field(ge=1, le=25)
    """The highest likelihood x impact score in the band."""
    requires_treatment: bool = False
    """Whether risks in this band must have a treatment and an owner."""
    colour: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] = "#cccccc"
    """Colour of the band in the heat map."""


def default_bands() -> list[Band]:
    return [
        Band(name="low", max_score=4, colour="#4caf50"),
        Band(name="medium", max_score=9, colour="#ffc107"),
        Band(name="high", max_score=16, requires_treatment=True, colour="#ff7043"),
        Band(name="extreme", max_score=25, requires_treatment=True, colour="#d32f2f"),
    ]


class RiskMatrix(SmsModel):
    """The 5x5 risk matrix: labels for each likelihood and impact score, and the bands."""

    likelihood: list[Text] = Field(
        default_factory=lambda: ["rare", "unlikely", "possible", "likely", "almost certain"], min_length=5,
        max_length=5)
    """Labels for likelihood scores 1 to 5."""
    impact: list[Text] = Field(
        default_factory=lambda: ["negligible", "minor", "moderate", "major", "severe"], min_length=5, max_length=5)
    """Labels for impact scores 1 to 5."""
    bands: list[Band] = Field(default_factory=default_bands, min_length=1)
    """Bands in ascending order of max_score; the last must reach 25."""

    @model_validator(mode="after")
    def bands_cover_all_scores(self) -> RiskMatrix:
        ceilings = [band.max_score for band in self.bands]
        if ceilings != sorted(set(ceilings)):
            raise ValueError("bands must be in strictly ascending order of max_score")
        if ceilings[-1] != 25:
            raise ValueError("the last band must have max_score 25 so every score falls in a band")
        return self

    def band(self, likelihood: int, impact: int) -> Band:
        score = likelihood * impact
        return next(band for band in self.bands if score <= band.max_score)


class ReviewPeriods(SmsModel):
    """How often things must be reviewed or tested."""

    document_months: int = Field(default=12, ge=1, le=60)
    """Default interval between reviews of a controlled document."""
    overdue_grace_days: int = Field(default=30, ge=0, le=365)
    """Days a review or an action (SMS116/SMS117) may be overdue before the warning becomes an error."""
    due_soon_days: int = Field(default=14, ge=0, le=365)
    """Days before an action's due date from which it is reported as due soon (SMS116); 0 turns that off."""
    continuity_test_months: int = Field(default=12, ge=1, le=60)
    """Longest time allowed between tests of a continuity plan."""
    emergency_change_approval_days: int = Field(default=2, ge=0, le=30)
    """Days within which an emergency change must be approved after the fact."""
    risk_review_months: int = Field(default=12, ge=1, le=60)
    """Longest time allowed between reviews of a risk."""


class Calendar(SmsModel):
    """A business calendar: when the clock runs for time-based SLA targets."""

    timezone: Text = "UTC"
    """IANA time zone, e.g. Europe/Berlin."""
    working_hours: dict[Weekday, HoursRange] = Field(default_factory=lambda: dict.fromkeys(WORKDAYS, "09:00-17:00"))
    """Working hours per weekday as HH:MM-HH:MM; days left out are not working days."""
    holidays: list[date] = Field(default_factory=list)
    """Dates that are not working days."""

    @field_validator("timezone")
    @classmethod
    def known_timezone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError) as exc:  # OSError: 'America' is a folder
            raise ValueError(f"unknown time zone '{value}'") from exc
        return value


class Limits(SmsModel):
    """Safety limits for reading files."""

    max_file_bytes: int = Field(default=DEFAULT_MAX_BYTES, ge=1024, le=64 * 1024 * 1024)
    """Largest record file read, in bytes; larger files are refused (SMS008)."""


RuleId = Annotated[str, StringConstraints(pattern=r"^SMS[0-9]{3}$")]


class Waiver(SmsModel):
    """Accepts the findings of one rule on some records, for a reason, until a date."""

    rule: RuleId
    """The rule waived, e.g. SMS204."""
    record: Annotated[str, StringConstraints(pattern=ANY_ID_PATTERN)] | None = None
    """The record whose findings are waived (its id)."""
    path: Text | None = None
    """Or a glob of paths whose findings are waived, e.g. 'records/changes/CHG-00*.yaml'."""
    reason: Text
    """Why the finding is accepted."""
    approved_by: Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
    """The person who accepted it (a person id); they must hold a role."""
    expires: date
    """The last day the waiver applies; after it the findings come back and the waiver is itself an error."""

    @model_validator(mode="after")
    def names_what_it_waives(self) -> Waiver:
        if (self.record is None) == (self.path is None):
            raise ValueError("a waiver names either a record or a path glob")
        return self


class RuleSettings(SmsModel):
    """Per-rule severity overrides and waivers."""

    severity: dict[RuleId, Literal["error", "warning", "info", "off"]] = Field(default_factory=dict)
    """Severity per rule id where it differs from the default; 'off' disables the rule."""
    waivers: list[Waiver] = Field(default_factory=list)
    """Findings accepted for a reason, until a date."""


RoleId = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
OwnersPattern = Annotated[str, StringConstraints(pattern=r"^[^\s#!\[\]\\][^\s\[\]\\]*$")]


class CodeOwners(SmsModel):
    """How `sms codeowners` writes .github/CODEOWNERS. Every record file is owned by the people holding its
    `owner` role (their `github` handles); these settings add the broader lines written above the records'.
    In CODEOWNERS the last matching line wins, so lines go from general to specific: the default, then
    `paths`, then the folders of `kinds`, then one line per record."""

    default: RoleId | None = None
    """The role owning every file no later line matches (the `*` line), e.g. sms-manager."""
    paths: dict[OwnersPattern, RoleId] = Field(default_factory=dict)
    """Further CODEOWNERS patterns and the role owning each, in order, e.g. {/sms.yaml: sms-manager,
    /.github/: sms-manager}."""
    kinds: dict[str, RoleId] = Field(default_factory=dict)
    """The role owning each kind's folder under records/, e.g. {change: change-manager} owns
    /records/changes/. Kinds kept under policies/ have no folder of their own."""

    @field_validator("kinds")
    @classmethod
    def kinds_with_folders(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(KINDS))
        if unknown:
            raise ValueError(f"unknown kind(s) {', '.join(unknown)}; known kinds: {', '.join(sorted(KINDS))}")
        in_policies = sorted(set(value) & POLICY_KINDS)
        if in_policies:
            raise ValueError(f"{', '.join(in_policies)}: kept under policies/, with no folder of their own; "
                             "their records are owned by their owner roles, or give a pattern under `paths`")
        return value


class Config(SmsModel):
    """The whole of sms.yaml."""

    api_version: Literal["sms/v1"] = Field(alias="apiVersion", description="Format version; always 'sms/v1'.")
    kind: Literal["config"] = Field(description="Always 'config'.")
    organisation: Organisation
    """The organisation that runs this SMS; its name heads the published site."""
    id_prefixes: dict[str, Prefix] = Field(default_factory=dict)
    """Id prefix per kind where it differs from the default, e.g. {change: RFC}."""
    risk_matrix: RiskMatrix = Field(default_factory=RiskMatrix)
    """The risk matrix and its bands."""
    review_periods: ReviewPeriods = Field(default_factory=ReviewPeriods)
    """Review and test intervals."""
    calendars: dict[str, Calendar] = Field(default_factory=lambda: {"default": Calendar()})
    """Business calendars by name; SLAs name the one they use."""
    clock_stop_statuses: list[Text] = Field(default_factory=lambda: ["on_hold"])
    """Incident statuses during which SLA clocks stop."""
    lifecycles: dict[str, dict[str, list[Text]]] = Field(default_factory=dict)
    """Lifecycle overrides per kind: {kind: {from_status: [allowed next statuses]}}; the first key is the
    initial status."""
    change_approver_role: Annotated[str, StringConstraints(pattern=SLUG_PATTERN)] | None = "change-manager"
    """The role whose holders approve normal and emergency changes (SMS308); null turns the check off."""
    limits: Limits = Field(default_factory=Limits)
    """File safety limits."""
    rules: RuleSettings = Field(default_factory=RuleSettings)
    """Severity overrides and waivers."""
    site_url: Annotated[str, StringConstraints(pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$")] | None = None
    """Where the SMS's site is published, e.g. https://halden.github.io/sms; SARIF reports and job summaries
    link each rule and clause to its page there."""
    codeowners: CodeOwners | None = None
    """How `sms codeowners` generates .github/CODEOWNERS from roles; with it set, `sms check` reports a
    missing or outdated CODEOWNERS file (SMS904)."""

    @field_validator("id_prefixes", "lifecycles")
    @classmethod
    def known_kinds(cls, value: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(value) - set(KINDS))
        if unknown:
            raise ValueError(f"unknown kind(s) {', '.join(unknown)}; known kinds: {', '.join(sorted(KINDS))}")
        return value

    @field_validator("id_prefixes")
    @classmethod
    def prefixed_kinds_only(cls, value: dict[str, str]) -> dict[str, str]:
        slugged = sorted(set(value) & SLUG_KINDS)
        if slugged:
            raise ValueError(f"{', '.join(slugged)} use slugs, not prefixed ids")
        if len(set(value.values())) != len(value):
            raise ValueError("two kinds share a prefix")
        return value

    def prefix(self, kind: str) -> str:
        return self.id_prefixes.get(kind) or KINDS[kind].PREFIX

    def bytes_limit(self) -> int:
        return self.limits.max_file_bytes


def default_config() -> Config:
    return Config.model_validate({"apiVersion": "sms/v1", "kind": "config", "organisation": {"name": "Unnamed"}})


def load_config(root: Path) -> Config:
    """Read ROOT/sms.yaml; defaults when it is absent. Raises InputError (exit 2)."""
    return load_config_source(root)[0]


def load_config_source(root: Path) -> tuple[Config, Document | None]:
    """The configuration and the parsed sms.yaml it came from (for positions), or defaults and None."""
    if not (root / CONFIG_FILE).exists():
        return default_config(), None
    doc = load_file(root, CONFIG_FILE)
    return parse_config(doc), doc


def parse_config(doc: Document) -> Config:
    try:
        return Config.model_validate_json(json.dumps(doc.data))
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        line, column = doc.position(loc)
        where = ".".join(str(part) for part in loc) or "(top level)"
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "missing":
            message = f"missing required key '{loc[-1]}'"
            where = ".".join(str(part) for part in loc[:-1]) or "(top level)"
        raise InputError(doc.path, line, f"{where}: {message}", column=column) from exc
