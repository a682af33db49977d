"""Where the site's own pages are (each kind's register and record pages are in `nav`), and anchors in them."""

from __future__ import annotations

HOME = "index.md"
DOCUMENTS = "documents.md"
REGISTERS = "registers/index.md"
COVERAGE = "coverage.md"
TRACEABILITY = "traceability.md"
HEAT_MAP = "risk-heat-map.md"
SLA_TARGETS = "sla-targets.md"
KPIS = "kpis.md"
FINDINGS = "findings.md"
RULES = "rules/index.md"
REFERENCE = "reference/index.md"
CONFIG_REFERENCE = "reference/sms-yaml.md"
ACTIONS = "actions.md"
ATTAINMENT = "attainment/index.md"  # SLA attainment; a page per SLA beside it (attainment_path)
REPORTS = "reports/index.md"  # service reports and review input packs, a page per period beside it


def rule_path(rule_id: str) -> str:
    return f"rules/{rule_id}.md"


def attainment_path(sla_id: str) -> str:
    return f"attainment/{sla_id}.md"


def service_report_path(service_id: str, period: str) -> str:
    return f"reports/{service_id}-{period}.md"


def review_path(period: str) -> str:
    return f"reports/review-{period}.md"


def clause_anchor(number: str) -> str:
    return "clause-" + number.replace(".", "-")


def in_nav(path: str) -> bool:
    """Whether a generated page belongs in the navigation (records, a register's month pages, single rules,
    references, the attainment page of one SLA and the report of one period do not)."""
    if path.startswith("registers/") and path.count("/") > 1:
        return False
    return not path.startswith(("records/", "rules/", "reference/", "attainment/", "reports/")) or path in (
        RULES, REFERENCE, ATTAINMENT, REPORTS)
