"""Findings and results: the one vocabulary every stage speaks."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from sms.core.text import natural


class Severity(enum.Enum):
    """How bad a finding is. Errors fail `sms check`; warnings fail it only with `--strict`."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file, relative to the SMS root; line and column are 1-based."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """Something wrong that the store (reading files) found, tagged with the id of the loading rule it
    belongs to; the check engine turns it into a Finding with that rule's severity and clauses."""

    rule: str
    message: str
    location: Location
    record_id: str | None = None
    hint: str | None = None


@dataclass(frozen=True)
class Finding:
    """One thing a rule found wrong, at one place."""

    rule: str
    severity: Severity
    message: str
    location: Location
    record_id: str | None = None
    clauses: tuple[str, ...] = ()
    hint: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, tuple[tuple[int, str], ...]]:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.rule, natural(self.message))


@dataclass(frozen=True)
class Waived:
    """A finding accepted by a waiver in sms.yaml, with what the waiver says: why, who approved it, until when,
    and where the waiver is written. Reporters show it as accepted (SARIF: a suppression), never as open."""

    finding: Finding
    reason: str
    approved_by: str
    expires: date
    location: Location


@dataclass(frozen=True)
class ActiveWaiver:
    """A waiver in force on the day of the check, as every report lists it."""

    rule: str
    target: str  # the record, path glob or clause it covers
    reason: str
    approved_by: str
    expires: date


@dataclass(frozen=True)
class GateSettings:
    """What the check ran with besides the rules' defaults, so no report hides a switched-off rule: rules turned
    off, severities changed, waivers in force, and whose sms.yaml decided them (the base's while a pull request
    changes them without approval, SMS905)."""

    disabled: tuple[str, ...] = ()
    severities: tuple[tuple[str, str], ...] = ()  # (rule, level) for every override other than off
    waivers: tuple[ActiveWaiver, ...] = ()
    governed_by: str | None = None  # e.g. "the base's sms.yaml (origin/main)"; None: this sms.yaml

    def lines(self) -> list[str]:
        """The settings in words, one line each; none when the check ran on the defaults."""
        out = []
        if self.governed_by:
            out.append(f"rule settings and waivers from {self.governed_by}: this change alters them without an "
                       "approved change (SMS905)")
        if self.disabled:
            out.append(f"rules switched off: {', '.join(self.disabled)}")
        if self.severities:
            out.append("severity changed: " + ", ".join(f"{rule} → {level}" for rule, level in self.severities))
        out += [f"waiver: {w.rule} for {w.target} until {w.expires.isoformat()} (approved by {w.approved_by}: "
                f"{w.reason})" for w in self.waivers]
        return out


LIMIT_SETTING = "limits.max_findings_per_rule"


@dataclass(frozen=True)
class Omitted:
    """The findings of one rule left out of a report past the per-rule limit: counted, never listed."""

    rule: str
    severity: Severity  # the most severe of those left out
    count: int
    limit: int

    def line(self) -> str:
        more = "more finding" if self.count == 1 else "more findings"
        return f"{self.rule}: {self.count:,} {more} not shown ({LIMIT_SETTING} = {self.limit})"


@dataclass(frozen=True)
class Shown:
    """What a report lists: the first findings of each rule in sorted order, and a count of the rest."""

    findings: list[Finding]
    omitted: list[Omitted]


@dataclass
class Result:
    """Everything one check found, plus how many records it looked at and the settings it ran with.
    `limit`: how many findings of one rule a report lists (sms.yaml's limits.max_findings_per_rule)."""

    findings: list[Finding] = field(default_factory=list)
    records: int = 0
    waived: list[Waived] = field(default_factory=list)
    settings: GateSettings = field(default_factory=GateSettings)
    limit: int | None = None

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    def sorted(self) -> list[Finding]:
        return sorted(self.findings, key=Finding.sort_key)

    def shown(self, quiet: bool = False) -> Shown:
        """The findings every report lists (errors only when quiet), sorted, at most `limit` of each rule, and
        one Omitted per rule that has more. Counts and the exit code still come from every finding."""
        listed: list[Finding] = []
        per_rule: dict[str, int] = {}
        left: dict[str, tuple[int, Severity]] = {}  # by rule: how many past the limit, the most severe of them
        for finding in self.sorted():
            if quiet and finding.severity is not Severity.ERROR:
                continue
            per_rule[finding.rule] = per_rule.get(finding.rule, 0) + 1
            if self.limit is None or per_rule[finding.rule] <= self.limit:
                listed.append(finding)
            else:
                count, worst = left.get(finding.rule, (0, finding.severity))
                left[finding.rule] = (count + 1, min(worst, finding.severity, key=lambda s: s.rank))
        omitted = [Omitted(rule, worst, count, self.limit or 0) for rule, (count, worst) in sorted(left.items())]
        return Shown(listed, omitted)

    def sorted_waived(self) -> list[Waived]:
        return sorted(self.waived, key=lambda waived: waived.finding.sort_key())
