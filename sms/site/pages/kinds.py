"""Everything the site knows per kind, in one place: names and path slugs, the navigation areas, register
columns, the kinds on the traceability page and the pages a register points to. Other modules take per-kind
knowledge from here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sms.models.risk import Risk
from sms.models.service import Kpi
from sms.site.pages.html import Cell, badge
from sms.site.pages.paths import (
    COVERAGE,
    DOCUMENTS,
    FINDINGS,
    HEAT_MAP,
    KPIS,
    REGISTERS,
    RULES,
    SLA_TARGETS,
    TRACEABILITY,
)
from sms.site.safe_html import text
from sms.store.repository import Entry, Repository

#: kind → (singular, plural, slug used in the site's paths)
KIND_NAMES: dict[str, tuple[str, str, str]] = {
    "context": ("Context", "Context", "context"),
    "scope": ("Scope", "Scope", "scope"),
    "policy": ("Policy", "Policies", "policies"),
    "objective": ("Objective", "Objectives", "objectives"),
    "role": ("Role", "Roles", "roles"),
    "person": ("Person", "People", "people"),
    "process": ("Process", "Processes", "processes"),
    "plan": ("Plan", "Plans", "plans"),
    "service": ("Service", "Services", "services"),
    "sla": ("SLA", "SLAs", "slas"),
    "agreement": ("Agreement", "Agreements", "agreements"),
    "ci": ("Configuration item", "Configuration items", "cis"),
    "kpi": ("KPI", "KPIs", "kpis"),
    "risk": ("Risk", "Risks", "risks"),
    "change": ("Change", "Changes", "changes"),
    "release": ("Release", "Releases", "releases"),
    "incident": ("Incident", "Incidents", "incidents"),
    "request": ("Service request", "Service requests", "requests"),
    "problem": ("Problem", "Problems", "problems"),
    "known_error": ("Known error", "Known errors", "known_errors"),
    "continuity_test": ("Continuity test", "Continuity tests", "continuity_tests"),
    "audit": ("Audit", "Audits", "audits"),
    "management_review": ("Management review", "Management reviews", "management_reviews"),
    "nonconformity": ("Nonconformity", "Nonconformities", "nonconformities"),
    "improvement": ("Improvement", "Improvements", "improvements"),
}

#: The site's navigation areas, in order: each entry is a kind (its register) or a (title, page path).
AREAS: tuple[tuple[str, tuple[str | tuple[str, str], ...]], ...] = (
    ("Governance", (("Document register", DOCUMENTS), "context", "scope", "policy", "objective", "role", "person",
                    "process", "plan")),
    ("Services", ("service", "sla", ("SLA targets by service", SLA_TARGETS), "agreement", "ci", "kpi",
                  ("KPI measurements", KPIS))),
    ("Risk", ("risk", ("Risk heat map", HEAT_MAP))),
    ("Operations", ("change", "release", "incident", "request", "problem", "known_error", "continuity_test")),
    ("Evaluation and improvement", ("audit", "management_review", "nonconformity", "improvement")),
    ("Conformance", (("Findings", FINDINGS), ("Clause coverage", COVERAGE), ("Traceability", TRACEABILITY),
                     ("Rule reference", RULES), ("All registers", REGISTERS))),
)


def area_kinds(entries: tuple[str | tuple[str, str], ...]) -> list[str]:
    return [entry for entry in entries if isinstance(entry, str)]


# --- register columns ------------------------------------------------------------------------------------

class Lookups(Protocol):
    """What a computed column may use of the site (`sms.site.pages.site.Site` is one)."""

    @property
    def repo(self) -> Repository: ...


@dataclass(frozen=True)
class Column:
    """A register column: a dotted path into the record's data, or a function of the entry."""

    label: str
    path: str | None = None
    compute: Callable[[Lookups, str, Entry], Cell] | None = None


def latest_kpi(site: Lookups, from_src: str, entry: Entry) -> Cell:
    record = entry.record
    if not isinstance(record, Kpi) or not record.measurements:
        return ""
    latest = record.measurements[-1]
    met = latest.value >= record.target if record.direction == "higher_is_better" else latest.value <= record.target
    return (f'{text(f"{latest.value:g}")} {badge("met" if met else "missed")}', f"{latest.value}")


def _risk_score(residual: bool) -> Callable[[Lookups, str, Entry], Cell]:
    def compute_score(site: Lookups, from_src: str, entry: Entry) -> Cell:
        record = entry.record
        if not isinstance(record, Risk):
            return ""
        likelihood, impact = ((record.residual_likelihood, record.residual_impact) if residual
                              else (record.likelihood, record.impact))
        if likelihood is None or impact is None:
            return ("—", "0")
        band = site.repo.config.risk_matrix.band(likelihood, impact)
        return (f"{likelihood} × {impact} = {likelihood * impact} {badge(band.name)}", str(likelihood * impact))

    return compute_score


DOC_COLUMNS = (Column("Version", "document.version"), Column("Status", "document.status"),
               Column("Approved on", "document.approved_on"), Column("Next review", "document.next_review"))
COLUMNS: dict[str, tuple[Column, ...]] = {
    "context": DOC_COLUMNS,
    "scope": DOC_COLUMNS,
    "policy": (Column("Type", "type"), *DOC_COLUMNS),
    "objective": (Column("KPI", "kpi"), Column("Target", "target"), Column("Due", "due"), *DOC_COLUMNS),
    "role": (Column("Top management", "top_management"), *DOC_COLUMNS),
    "person": (Column("Team", "team"), Column("E-mail", "email")),
    "process": (Column("Operated by", "operated_by"), *DOC_COLUMNS),
    "plan": (Column("Type", "type"), *DOC_COLUMNS),
    "service": (Column("Lifecycle", "lifecycle"), Column("Criticality", "criticality"), *DOC_COLUMNS),
    "sla": (Column("Customer", "customer"), Column("Services", "links.services"), Column("Valid from", "valid_from"),
            Column("Valid until", "valid_until"), *DOC_COLUMNS),
    "agreement": (Column("Type", "type"), Column("Party", "party"), Column("Ends on", "ends_on"),
                  Column("Review on", "review_on"), *DOC_COLUMNS),
    "ci": (Column("Type", "type"), Column("Status", "status"), Column("Environment", "environment"),
           Column("Location", "location")),
    "kpi": (Column("Unit", "unit"), Column("Target", "target"), Column("Direction", "direction"),
            Column("Frequency", "frequency"), Column("Latest", compute=latest_kpi)),
    "risk": (Column("Category", "category"), Column("Status", "status"),
             Column("Inherent", compute=_risk_score(False)), Column("Residual", compute=_risk_score(True)),
             Column("Review on", "review_on")),
    "change": (Column("Type", "type"), Column("Status", "status"), Column("Requested by", "requested_by"),
               Column("Approved by", "approved_by"), Column("Scheduled", "schedule.start")),
    "release": (Column("Type", "type"), Column("Status", "status"), Column("Planned for", "planned_for"),
                Column("Deployed at", "deployed_at")),
    "incident": (Column("Priority", "priority"), Column("Major", "major"), Column("Security", "security"),
                 Column("Status", "status"), Column("Reported at", "reported_at"),
                 Column("Resolved at", "resolved_at")),
    "request": (Column("Status", "status"), Column("Requester", "requester"), Column("Requested at", "requested_at"),
                Column("Fulfilled at", "fulfilled_at")),
    "problem": (Column("Priority", "priority"), Column("Status", "status")),
    "known_error": (Column("Status", "status"),),
    "continuity_test": (Column("Plan", "plan"), Column("Performed on", "performed_on"), Column("Type", "type"),
                        Column("Result", "result")),
    "audit": (Column("Type", "type"), Column("Status", "status"), Column("Planned on", "planned_on"),
              Column("Performed on", "performed_on"), Column("Lead auditor", "lead_auditor")),
    "management_review": (Column("Held on", "held_on"), Column("Chair", "chair")),
    "nonconformity": (Column("Source", "source"), Column("Clause", "clause"), Column("Status", "status"),
                      Column("Raised on", "raised_on")),
    "improvement": (Column("Source", "source"), Column("Status", "status"), Column("Due", "due")),
}


# --- the other pages -------------------------------------------------------------------------------------

#: The kinds in the columns of the traceability page, in order.
TRACE_COLUMNS = ("sla", "agreement", "ci", "risk", "change", "incident", "problem", "kpi")

#: kind → (page, link text): a page its register points to ("See also the …").
SEE_ALSO: dict[str, tuple[str, str]] = {
    "risk": (HEAT_MAP, "risk heat map"),
    "sla": (SLA_TARGETS, "SLA targets by service"),
    "kpi": (KPIS, "KPI measurements"),
}
