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


def rule_path(rule_id: str) -> str:
    return f"rules/{rule_id}.md"


def clause_anchor(number: str) -> str:
    return "clause-" + number.replace(".", "-")


def in_nav(path: str) -> bool:
    """Whether a generated page belongs in the navigation (records, a register's month pages, single rules and
    references do not)."""
    if path.startswith("registers/") and path.count("/") > 1:
        return False
    return not path.startswith(("records/", "rules/", "reference/")) or path in (RULES, REFERENCE)
