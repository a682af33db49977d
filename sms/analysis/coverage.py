"""Clause coverage: for every clause of the catalogue, which records evidence it and whether that is enough.

A leaf clause is *covered* when every evidence item is satisfied, *partial* when some are, a *gap* when none
are, and *excluded* when the scope document excludes it (or an ancestor) with a justification. A clause that
asks for something to be done (the catalogue's `done` items, or `operational`) whose documents are all there
but which has no record of it being done is *documented* — "documented, not evidenced": a process says how,
nothing shows that it happens. A heading takes its status from its sub-clauses. A leaf clause that sms.yaml's
`coverage` leaves for a later phase is *planned* instead of documented, partial or a gap (covered stays covered).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from sms.core.clock import today as clock_today
from sms.store.clauses import Catalogue, Clause, Evidence, catalogue, is_within
from sms.store.entry import declared_clauses
from sms.store.phasing import Coverage
from sms.store.repository import Entry, Repository

Status = Literal["covered", "documented", "partial", "gap", "excluded", "planned"]
STATUSES: tuple[Status, ...] = ("covered", "documented", "partial", "gap", "planned", "excluded")
#: How a status reads where a word is not enough (the site, `sms coverage`'s totals).
STATUS_LABELS: dict[str, str] = {"documented": "documented, not evidenced"}
EvidenceKind = Literal["records", "documents", "none"]


@dataclass(frozen=True)
class EvidenceResult:
    """One evidence item of a clause and the records that satisfy it."""

    evidence: Evidence
    matches: tuple[str, ...]

    @property
    def satisfied(self) -> bool:
        return len(self.matches) >= self.evidence.min


@dataclass
class ClauseStatus:
    """The coverage of one clause."""

    clause: Clause
    status: Status
    evidence: list[EvidenceResult] = field(default_factory=list)
    justification: str | None = None
    excluded_by: Entry | None = None

    @property
    def evidence_ids(self) -> list[str]:
        return sorted({match for result in self.evidence for match in result.matches})

    @property
    def missing(self) -> list[EvidenceResult]:
        return [result for result in self.evidence if not result.satisfied]

    @property
    def documents(self) -> list[str]:
        """The documents (processes, policies, plans, ...) that evidence the clause."""
        return sorted({match for result in self.evidence if not result.evidence.done for match in result.matches})

    @property
    def records(self) -> list[str]:
        """The records that show the clause's activity being done."""
        return sorted({match for result in self.evidence if result.evidence.done for match in result.matches})

    @property
    def evidence_kind(self) -> EvidenceKind:
        """What the evidence present is: records of the activity being done, documents only, or nothing."""
        return "records" if self.records else "documents" if self.documents else "none"

    @property
    def wanted_records(self) -> list[EvidenceResult]:
        """The record items that would evidence the clause's activity (none satisfied when documented)."""
        return [result for result in self.evidence if result.evidence.done]


def value_at(data: Any, dotted: str) -> Any:
    """The value at a dotted path of parsed record data; None where any step is missing."""
    for part in dotted.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def dated_within(data: dict[str, Any], evidence: Evidence, today: date) -> bool:
    """Whether the record's date (`dated`, a date or a timestamp) lies within `within_days` up to today."""
    if evidence.dated is None:
        return True
    value = value_at(data, evidence.dated)
    try:
        day = date.fromisoformat(str(value)[:10]) if isinstance(value, str) else None
    except ValueError:
        return False
    if day is None:
        return False
    return evidence.within_days is None or today - timedelta(days=evidence.within_days) <= day <= today


def matching(entries: Iterable[Entry], evidence: Evidence, clause: str, today: date) -> list[Entry]:
    """The entries (of the evidence's kind) that are the evidence for `clause`. What most evidence asks (any valid
    record of a kind, one with a status, one declaring the clause, one with a field) is answered from the entries'
    facts, without reading 20,000 changes back from the record cache."""
    where = evidence.where
    if evidence.dated is None and not evidence.approved and not evidence.declares and not where:
        return [entry for entry in entries if entry.valid]  # the commonest by far: a list, not a generator
    fields = {path.split(".", 1)[0] for path, expected in where.items() if expected is not None}
    candidates = [entry for entry in entries if entry.valid and fields <= entry.keys]
    if evidence.dated is not None or evidence.approved or not all(
            path == "status" and isinstance(expected, str) for path, expected in where.items()):
        return [entry for entry in candidates if matches(entry, evidence, clause, today)]
    return [entry for entry in candidates if all(entry.status == expected for expected in where.values())
            and (not evidence.declares or _declares(entry.clauses, clause))]


def _declares(declared: Iterable[str], clause: str) -> bool:
    return any(is_within(clause, number) or is_within(number, clause) for number in declared)


def matches(entry: Entry, evidence: Evidence, clause: str, today: date | None = None) -> bool:
    data = entry.data
    if not isinstance(data, dict) or entry.record is None:
        return False  # an invalid record is no evidence
    if not dated_within(data, evidence, today or clock_today()):
        return False
    if evidence.approved and value_at(data, "document.status") != "approved":
        return False
    if evidence.declares and not _declares(declared_clauses(data), clause):
        return False
    return all(value_at(data, path) == expected for path, expected in evidence.where.items())


def exclusions(repo: Repository) -> dict[str, tuple[str, Entry]]:
    """Excluded clause → (justification, scope entry), from every valid scope document."""
    found: dict[str, tuple[str, Entry]] = {}
    for entry in repo.of_kind("scope"):
        if entry.record is None:
            continue
        for item in entry.data.get("exclusions", []):
            found.setdefault(item["clause"], (item["justification"], entry))
    return found


def compute(repo: Repository, cat: Catalogue | None = None, *, phasing: Coverage | None = None,
            today: date | None = None) -> list[ClauseStatus]:
    """The status of every clause, in catalogue order; `phasing` (default: sms.yaml's) says which are planned,
    `today` (default: the clock's) where the recent-records window of an evidence item ends."""
    cat = cat or catalogue()
    day = today or clock_today()
    phasing = phasing or repo.config.coverage
    excluded = exclusions(repo)
    statuses: dict[str, ClauseStatus] = {}
    for clause in reversed(cat.clauses):  # children before parents
        exclusion = next(((number, value) for number, value in excluded.items()
                          if is_within(clause.clause, number)), None)
        if exclusion is not None:
            statuses[clause.clause] = ClauseStatus(clause, "excluded", justification=exclusion[1][0],
                                                   excluded_by=exclusion[1][1])
            continue
        if clause.evidence:
            results = [EvidenceResult(evidence, tuple(sorted(
                entry.id or entry.path
                for entry in matching(repo.of_kind(evidence.kind), evidence, clause.clause, day))))
                for evidence in clause.evidence]
            planned = phasing.is_planned(clause.clause)
            status = _leaf_status(clause, results)
            statuses[clause.clause] = ClauseStatus(clause, "planned" if planned and status != "covered" else status,
                                                   results)
        else:
            children = [statuses[child.clause] for child in cat.children(clause.clause)]
            statuses[clause.clause] = ClauseStatus(clause, _heading_status(children))
    return [statuses[clause.clause] for clause in cat.clauses]


def _leaf_status(clause: Clause, results: list[EvidenceResult]) -> Status:
    satisfied = sum(result.satisfied for result in results)
    if not satisfied:
        return "gap"
    documents = [result for result in results if not result.evidence.done]
    done = [result for result in results if result.evidence.done]
    if (clause.expects_records and all(result.satisfied for result in documents)
            and not any(result.satisfied for result in done)):
        return "documented"  # the documents are all there, nothing shows the activity happening
    return "covered" if satisfied == len(results) else "partial"


def _heading_status(children: Iterable[ClauseStatus]) -> Status:
    states = {child.status for child in children} - {"excluded"}
    if not states:
        return "excluded"
    if len(states) == 1:  # all covered, all documented, all gaps or all planned
        return states.pop()
    if states == {"covered", "documented"}:
        return "documented"
    return "partial"
