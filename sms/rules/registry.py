"""The rule registry: every rule has a stable id, a severity, the ISO 20000-1 clauses it evidences, and a
docstring whose first line is its summary.

Two kinds of rule share the registry: *checks* are generators over a CheckContext (most rules), and
*loading rules* are raised while files are read (SMS0xx); those are declared here with their docs so
that `sms rules`, the site and SARIF describe them like any other.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sms.core.findings import Finding, Location, Severity

if TYPE_CHECKING:
    from sms.check.context import CheckContext

CheckFunction = Callable[["CheckContext"], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    """A documented rule."""

    id: str
    severity: Severity
    clauses: tuple[str, ...]
    doc: str
    check: CheckFunction | None = None

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else ""


RULES: dict[str, Rule] = {}


def _register(rule: Rule) -> None:
    if rule.id in RULES:
        raise RuntimeError(f"rule {rule.id} registered twice")  # a programming error, caught by tests
    if not rule.doc.strip():
        raise RuntimeError(f"rule {rule.id} has no docstring")
    RULES[rule.id] = rule


def rule(rule_id: str, severity: Severity, clauses: tuple[str, ...]) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check: a generator of findings over the CheckContext."""

    def register(function: CheckFunction) -> CheckFunction:
        _register(Rule(rule_id, severity, clauses, inspect.getdoc(function) or "", function))
        return function

    return register


def declare(rule_id: str, severity: Severity, clauses: tuple[str, ...], doc: str) -> Rule:
    """Register a rule raised while loading, not by a check function."""
    declared = Rule(rule_id, severity, clauses, inspect.cleandoc(doc))
    _register(declared)
    return declared


def make_finding(rule_id: str, message: str, location: Location, *, record_id: str | None = None,
                 hint: str | None = None) -> Finding:
    """A finding of a registered rule, carrying the rule's severity and clauses."""
    registered = RULES[rule_id]
    return Finding(rule_id, registered.severity, message, location, record_id, registered.clauses, hint)
