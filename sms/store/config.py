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
from sms.models.common import AnyId, ClauseNumber, PersonRef, RoleRef, Shape, SmsModel, Text
from sms.store.clauses import catalogue as clause_catalogue
from sms.store.loader import DEFAULT_MAX_BYTES, Document, load_file
from sms.store.phasing import Coverage
from sms.store.wording import field_type, phrase

CONFIG_FILE = "sms.yaml"
Prefix = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]{0,9}$"),
                   Shape("an id prefix", "RFC", "a capital letter, then up to 9 capitals or digits")]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WORKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")
ALL_WEEK: tuple[Weekday, ...] = (*WORKDAYS, "sat", "sun")
HoursRange = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9]$"),
                       Shape("working hours", "09:00-17:00", "HH:MM-HH:MM, 24-hour clock")]


class Organisation(SmsModel):
    """Who runs this SMS."""

    name: Text
    """The organisation's legal or trading name."""
    short_name: Text | None = None
    """A short name for page titles."""


class Band(SmsModel):
    """A risk band: scores up to `max_score` (likelihood x impact) fall in it."""

    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]*$"),
                    Shape("a band name", "high", "lowercase letters and underscores")]
    """The band's name, e.g. low, medium, high, extreme."""
    max_score: int = Field(ge=1, le=25)
    """The highest likelihood x impact score in the band."""
    requires_treatment: bool = False
    """Whether risks in this band must have a treatment and an owner."""
    colour: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$"),
                      Shape("a colour", "'#ff7043'", "# and six hexadecimal digits, in quotes")] = "#cccccc"
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


EVERY_MINUTE = "24x7"  # the calendar name that always counts every minute
ALL_DAY = "00:00-24:00"


class Calendar(SmsModel):
    """A business calendar: when the clock runs for time-based SLA targets, and the time zone whose
    midnights bound reporting periods. The calendar named `24x7` counts every minute."""

    timezone: Text = "UTC"
    """IANA time zone, e.g. Europe/Berlin."""
    working_hours: dict[Weekday, HoursRange] = Field(default_factory=lambda: dict.fromkeys(WORKDAYS, "09:00-17:00"))
    """Working hours per weekday as HH:MM-HH:MM; days left out are not working days."""
    holidays: list[date] = Field(default_factory=list)
    """Dates that are not working days."""
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,3}$")] | None = None
    """ISO 3166 country code whose public holidays are not working days either (from the `holidays`
    package), e.g. DE."""
    subdivision: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{1,5}$")] | None = None
    """The state or region within `country` whose public holidays apply too, e.g. SN for Saxony."""

    @model_validator(mode="after")
    def known_country(self) -> Calendar:
        if self.subdivision is not None and self.country is None:
            raise ValueError("a subdivision needs its country")
        if self.country is not None:
            import holidays  # imported when used: a large package most commands never need

            try:
                holidays.country_holidays(self.country, subdiv=self.subdivision)
            except NotImplementedError as exc:
                raise ValueError(f"no public holidays known for {self.country}"
                                 f"{'-' + self.subdivision if self.subdivision else ''}: {exc}") from exc
        return self

    def every_minute(self) -> bool:
        """True when the clock never stops: all seven days all day, and no holidays."""
        return (not self.holidays and self.country is None and len(self.working_hours) == 7
                and all(hours == ALL_DAY for hours in self.working_hours.values()))

    @field_validator("working_hours")
    @classmethod
    def hours_in_order(cls, value: dict[str, str]) -> dict[str, str]:
        for day, hours in value.items():
            start, end = hours.split("-")
            if start >= end:
                raise ValueError(f"{day}: working hours {hours} end before they start")
        return value

    @field_validator("timezone")
    @classmethod
    def known_timezone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError) as exc:  # OSError: 'America' is a folder
            raise ValueError(f"unknown time zone '{value}'") from exc
        return value


class Limits(SmsModel):
    """Safety limits for reading files and for the size of reports. A pull request may lower them, never raise
    them: the base's value governs until the raise is merged."""

    max_file_bytes: int = Field(default=DEFAULT_MAX_BYTES, ge=1024, le=64 * 1024 * 1024)
    """Largest record file read, in bytes; larger files are refused (SMS008)."""
    max_findings_per_rule: int = Field(default=200, ge=1, le=100_000)
    """Most findings of one rule a report lists; the rest are counted in one line (exit code and counts keep
    them all). GitHub annotates only 10 per severity and step anyway."""


RuleId = Annotated[str, StringConstraints(pattern=r"^SMS[0-9]{3}$"), Shape("a rule id", "SMS204", "SMS and 3 digits")]


class Waiver(SmsModel):
    """Accepts the findings of one rule on some records (or about one clause), for a reason, until a date."""

    rule: RuleId
    """The rule waived, e.g. SMS204."""
    record: AnyId | None = None
    """The record whose findings are waived (its id)."""
    path: Text | None = None
    """Or a glob of paths whose findings are waived, e.g. 'records/changes/CHG-00*.yaml'."""
    clause: ClauseNumber | None = None
    """Or the ISO/IEC 20000-1 clause whose coverage finding (SMS501, SMS502) is waived, e.g. '8.2.6'."""
    reason: Text
    """Why the finding is accepted."""
    approved_by: PersonRef
    """The person who accepted it (a person id); they must hold a role."""
    expires: date
    """The last day the waiver applies; after it the findings come back and the waiver is itself an error."""

    @field_validator("clause")
    @classmethod
    def known_clause(cls, value: str | None) -> str | None:
        if value is not None and clause_catalogue().get(value) is None:
            raise ValueError(f"clause '{value}' is not in ISO/IEC 20000-1:2018 (`sms coverage` lists every clause)")
        return value

    @model_validator(mode="after")
    def names_what_it_waives(self) -> Waiver:
        if self.record is not None and self.path is not None:
            raise ValueError("a waiver names a record or a path glob, not both")
        if self.record is None and self.path is None and self.clause is None:
            raise ValueError("a waiver names a record, a path glob or a clause")
        return self

    @property
    def target(self) -> str:
        """What the waiver covers, in words: 'POL-0003', 'records/x/*.yaml', 'clause 8.2.6'."""
        return " of ".join(part for part in (f"clause {self.clause}" if self.clause else None,
                                             self.record or self.path) if part)


class RuleSettings(SmsModel):
    """Per-rule severity overrides and waivers."""

    severity: dict[RuleId, Literal["error", "warning", "info", "off"]] = Field(default_factory=dict)
    """Severity per rule id where it differs from the default; 'off' disables the rule."""
    waivers: list[Waiver] = Field(default_factory=list)
    """Findings accepted for a reason, until a date."""
    approver_role: RoleId | None = "sms-manager"
    """The role whose holder approves a change to the gate itself — these rule settings and waivers, limits,
    lifecycles, schemas/ and workflows — through a change record naming the files (SMS905). The setting at
    the pull request's base applies, never the one the pull request writes."""


RoleId = RoleRef
OwnersPattern = Annotated[str, StringConstraints(pattern=r"^[^\s#!\[\]\\][^\s\[\]\\]*$"),
                          Shape("a CODEOWNERS pattern", "/.github/", "no spaces or brackets, not starting with # or !")]


class CodeOwners(SmsModel):
    """How `sms codeowners` writes .github/CODEOWNERS. Every record file is owned by the people holding its
    `owner` role (their `github` handles). In CODEOWNERS the last matching line wins, so lines go from general
    to specific: the default, then `paths`, then one line per area (policies/ and each kind's folder under
    records/, owned by the kind's role), then a line for each record whose owner differs from its area's."""

    default: RoleId | None = None
    """The role owning every file no later line matches (the `*` line) and the policies/ area, e.g.
    sms-manager (sms-manager when not given)."""
    paths: dict[OwnersPattern, RoleId] = Field(default_factory=dict)
    """Further CODEOWNERS patterns and the role owning each, in order, e.g. {/sms.yaml: sms-manager,
    /.github/: sms-manager}."""
    kinds: dict[str, RoleId] = Field(default_factory=dict)
    """The role owning each kind's folder under records/, e.g. {change: change-manager} owns
    /records/changes/; `sms new` makes it the new record's owner. Kinds not named here: their default owner
    (sms-manager; change-manager for changes). Kinds kept under policies/ have no folder of their own."""

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
    """Incident and request statuses during which the resolution (fulfilment) clock stops."""
    response_statuses: list[Text] = Field(default_factory=lambda: ["assigned", "in_progress"], min_length=1)
    """Statuses whose first history entry counts as the response to an incident or request."""
    lifecycles: dict[str, dict[str, list[Text]]] = Field(default_factory=dict)
    """Lifecycle overrides per kind: {kind: {from_status: [allowed next statuses]}}; the first key is the
    initial status."""
    change_approver_role: RoleId | None = "change-manager"
    """The role whose holders approve normal and emergency changes (SMS308); null turns the check off."""
    limits: Limits = Field(default_factory=Limits)
    """File safety limits."""
    rules: RuleSettings = Field(default_factory=RuleSettings)
    """Severity overrides and waivers."""
    site_url: Annotated[str, StringConstraints(pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$"),
                        Shape("a web address", "https://sms.example.org", "http(s)://, no query or fragment")
                        ] | None = None
    """Where the SMS's site is published, e.g. https://halden.github.io/sms; SARIF reports and job summaries
    link each rule and clause to its page there."""
    coverage: Coverage = Field(default_factory=Coverage)
    """Which clauses are judged now and which are planned for later (phasing the SMS in)."""
    codeowners: CodeOwners | None = None
    """How `sms codeowners` generates .github/CODEOWNERS from roles; with it set, `sms check` reports a
    missing or outdated CODEOWNERS file (SMS904)."""

    @field_validator("calendars")
    @classmethod
    def every_minute_calendar(cls, value: dict[str, Calendar]) -> dict[str, Calendar]:
        calendar = value.get(EVERY_MINUTE)
        if calendar is None:
            return value
        if "working_hours" not in calendar.model_fields_set:
            calendar = calendar.model_copy(update={"working_hours": dict.fromkeys(ALL_WEEK, ALL_DAY)})
            value = {**value, EVERY_MINUTE: calendar}
        if not calendar.every_minute():
            raise ValueError(f"the calendar named {EVERY_MINUTE} counts every minute: give it only a timezone "
                             f"(or all seven days {ALL_DAY} and no holidays)")
        return value

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
        message = f"{where}: {error['msg'].removeprefix('Value error, ')}"
        hint = None
        if error["type"] == "missing":
            message = f"{'.'.join(str(part) for part in loc[:-1]) or '(top level)'}: missing required key '{loc[-1]}'"
        elif (worded := phrase(error, loc, field_type(Config, loc))) is not None:
            message, hint = worded  # in people's words, as for records (sms.store.wording)
        raise InputError(doc.path, line, message, column=column, hint=hint) from exc
