"""Findings and results: the one vocabulary every stage speaks."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

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
    """The findings of one rule left out of a report past the per-rule limit: counted, never listed.
    `waived`: they are waived findings (a waiver for a whole path can cover thousands)."""

    rule: str
    severity: Severity  # the most severe of those left out
    count: int
    limit: int
    waived: bool = False

    def line(self) -> str:
        kind = "waived finding" if self.waived else "finding"
        more = f"more {kind}" if self.count == 1 else f"more {kind}s"
        return f"{self.rule}: {self.count:,} {more} not shown ({LIMIT_SETTING} = {self.limit})"


@dataclass(frozen=True)
class Shown:
    """What a report lists: the first findings of each rule in sorted order, and a count of the rest."""

    findings: list[Finding]
    omitted: list[Omitted]


@dataclass(frozen=True)
class ShownWaived:
    """The waived findings a report lists, capped per rule like the open ones, and a count of the rest."""

    waived: list[Waived]
    omitted: list[Omitted]


_Item = TypeVar("_Item", Finding, Waived)


def _first_of_each_rule(items: Iterable[_Item], finding: Callable[[_Item], Finding], limit: int | None,
                        waived: bool) -> tuple[list[_Item], list[Omitted]]:
    """The items in the order given, at most `limit` of each rule, and one Omitted per rule with more."""
    listed: list[_Item] = []
    per_rule: dict[str, int] = {}
    left: dict[str, tuple[int, Severity]] = {}  # by rule: how many past the limit, the most severe of them
    for item in items:
        found = finding(item)
        per_rule[found.rule] = per_rule.get(found.rule, 0) + 1
        if limit is None or per_rule[found.rule] <= limit:
            listed.append(item)
        else:
            count, worst = left.get(found.rule, (0, found.severity))
            left[found.rule] = (count + 1, min(worst, found.severity, key=lambda s: s.rank))
    return listed, [Omitted(rule, worst, count, limit or 0, waived) for rule, (count, worst) in sorted(left.items())]


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
        findings = (f for f in self.sorted() if not quiet or f.severity is Severity.ERROR)
        return Shown(*_first_of_each_rule(findings, lambda finding: finding, self.limit, waived=False))

    def sorted_waived(self) -> list[Waived]:
        return sorted(self.waived, key=lambda waived: waived.finding.sort_key())

    def shown_waived(self, quiet: bool = False) -> ShownWaived:
        """The waived findings a report lists (errors only when quiet), capped per rule as `shown` caps the open
        ones; the counts still come from every waived finding."""
        waived = (w for w in self.sorted_waived() if not quiet or w.finding.severity is Severity.ERROR)
        return ShownWaived(*_first_of_each_rule(waived, lambda item: item.finding, self.limit, waived=True))
