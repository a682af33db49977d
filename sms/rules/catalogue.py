"""The catalogue: every rule of the modules named here, collected explicitly (nothing registers itself)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from sms.core.findings import Finding, Problem
from sms.rules import (
    approvals,
    authority,
    configuration,
    consistency,
    coverage,
    documents,
    evidence,
    gitaware,
    lifecycle,
    loading,
    obligations,
    phasing,
    references,
    suspect,
    traceability,
    waivers,
)
from sms.rules.registry import Rule

MODULES: tuple[ModuleType, ...] = (loading, references, traceability, evidence, obligations, documents, authority,
                                   lifecycle, consistency, gitaware, approvals, suspect, coverage, phasing,
                                   configuration, waivers)


@dataclass(frozen=True)
class Catalogue:
    """Rules by id."""

    rules: dict[str, Rule]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules[rule_id] for rule_id in sorted(self.rules))

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self.rules

    def get(self, rule_id: str) -> Rule | None:
        return self.rules.get(rule_id)

    def finding(self, problem: Problem) -> Finding:
        """The finding for a problem the store (or git layer) reported under a loading rule's id."""
        return self.rules[problem.rule].finding(problem.message, problem.location, record_id=problem.record_id,
                                                hint=problem.hint)


def collect(modules: tuple[ModuleType, ...]) -> Catalogue:
    """The rules defined in `modules`; an id defined twice is a programming error."""
    rules: dict[str, Rule] = {}
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, Rule) and rules.setdefault(value.id, value) is not value:
                raise RuntimeError(f"rule {value.id} defined twice")
    return Catalogue(rules)


@cache
def catalogue() -> Catalogue:
    """Every rule sms has."""
    return collect(MODULES)


def all_rules() -> list[Rule]:
    """Every rule, by id."""
    return list(catalogue())
