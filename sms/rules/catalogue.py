"""Every rule module, imported for its registrations."""

from __future__ import annotations

from sms.rules import (
    configuration,
    coverage,
    documents,
    gitaware,
    lifecycle,
    loading,
    references,
    suspect,
    traceability,
)
from sms.rules.registry import RULES, Rule

_MODULES = (loading, references, traceability, documents, lifecycle, gitaware, suspect, coverage, configuration)


def all_rules() -> list[Rule]:
    """Every registered rule, by id."""
    return [RULES[rule_id] for rule_id in sorted(RULES)]
