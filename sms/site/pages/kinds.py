"""What the site knows per kind, read from the kinds table (sms.models.table): names and path slugs, the
navigation areas, register columns; plus the site's own per-kind choices: how computed columns are computed,
the kinds on the traceability page, and the pages a register points to. Other modules take per-kind
knowledge from here."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from sms.models import KINDS
from sms.models.risk import Risk
from sms.models.service import Kpi
from sms.site.pages.html import Cell, badge
from sms.site.pages.paths import (
    ACTIONS,
    ATTAINMENT,
    COVERAGE,
    DOCUMENTS,
    FINDINGS,
    HEAT_MAP,
    KPIS,
    REFERENCE,
    REGISTERS,
    REPORTS,
    RULES,
    SLA_TARGETS,
    TRACEABILITY,
)
from sms.site.safe_html import text
from sms.store.repository import Entry, Repository


class _KindNames(Mapping[str, tuple[str, str, str]]):
    """kind → (singular, plural, slug used in the site's paths), read from the kinds table when asked."""

    def __getitem__(self, kind: str) -> tuple[str, str, str]:
        spec = KINDS.spec(kind)
        return (spec.singular, spec.plural, spec.slug)

    def __iter__(self) -> Iterator[str]:
        return iter(KINDS)

    def __len__(self) -> int:
        return len(KINDS)


KIND_NAMES = _KindNames()

#: Pages of the site's own placed among an area's registers: (area, the kind they follow or None for the area's
#: top, title, page path).
AREA_PAGES: tuple[tuple[str, str | None, str, str], ...] = (
    ("Governance", None, "Document register", DOCUMENTS),
    ("Services", "sla", "SLA targets by service", SLA_TARGETS),
    ("Services", "sla", "SLA attainment", ATTAINMENT),
    ("Services", "kpi", "KPI measurements", KPIS),
    ("Services", "kpi", "Service reports and review input", REPORTS),
    ("Risk", "risk", "Risk heat map", HEAT_MAP),
    ("Evaluation and improvement", None, "Action tracker", ACTIONS),
)
CONFORMANCE: tuple[str, tuple[str | tuple[str, str], ...]] = (
    "Conformance", (("Findings", FINDINGS), ("Clause coverage", COVERAGE), ("Traceability", TRACEABILITY),
                    ("Rule reference", RULES), ("Record and sms.yaml reference", REFERENCE),
                    ("All registers", REGISTERS)))

Area = tuple[str, tuple[str | tuple[str, str], ...]]


def areas() -> tuple[Area, ...]:
    """The site's navigation areas, in order: the kinds table's areas (each kind is its register, with the
    site's own pages placed among them), then Conformance."""
    entries: dict[str, list[str | tuple[str, str]]] = {}
    for spec in KINDS.specs():
        section = entries.setdefault(spec.area, [(title, path) for area, after, title, path in AREA_PAGES
                                                  if area == spec.area and after is None])
        section.append(spec.name)
        section.extend((title, path) for area, after, title, path in AREA_PAGES if after == spec.name)
    return (*((area, tuple(section)) for area, section in entries.items()), CONFORMANCE)


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


#: Register columns whose value the site computes, by the name the kinds table gives them.
COMPUTED: dict[str, Callable[[Lookups, str, Entry], Cell]] = {
    "kpi_latest": latest_kpi,
    "risk_inherent": _risk_score(False),
    "risk_residual": _risk_score(True),
}


class _Columns(Mapping[str, tuple[Column, ...]]):
    """kind → its register columns, from the kinds table."""

    def __getitem__(self, kind: str) -> tuple[Column, ...]:
        return tuple(Column(column.header, column.path, COMPUTED[column.computed] if column.computed else None)
                     for column in KINDS.spec(kind).columns)

    def __iter__(self) -> Iterator[str]:
        return iter(KINDS)

    def __len__(self) -> int:
        return len(KINDS)


COLUMNS = _Columns()


# --- the other pages -------------------------------------------------------------------------------------

#: The kinds in the columns of the traceability page, in order.
TRACE_COLUMNS = ("sla", "agreement", "ci", "risk", "change", "incident", "problem", "kpi")

#: kind → (page, link text): a page its register points to ("See also the …").
SEE_ALSO: dict[str, tuple[str, str]] = {
    "risk": (HEAT_MAP, "risk heat map"),
    "sla": (SLA_TARGETS, "SLA targets by service"),
    "kpi": (KPIS, "KPI measurements"),
}
