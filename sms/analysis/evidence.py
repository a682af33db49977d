"""Evidence by status: which of a record's fields must be filled in, given the statuses it has reached.

The requirements are data in the kinds table (`Kind.evidence`); this module decides which apply to a record
and which are missing. SMS115 reports them, and the exported JSON Schemas carry the same requirements as
`if`/`then` clauses, so an editor and `sms check` agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sms.analysis.coverage import value_at
from sms.analysis.lifecycles import Lifecycle, lifecycle
from sms.models import KINDS
from sms.models.kinds import Evidence
from sms.store.config import Config, default_config


@dataclass(frozen=True)
class Missing:
    """A requirement a record does not meet: the status that requires it and the fields it lacks."""

    evidence: Evidence
    fields: tuple[str, ...]


def present(value: Any) -> bool:
    """Filled in: not absent, not null, not an empty string or list."""
    return value is not None and value != "" and value != [] and value != {}


def applies(evidence: Evidence, data: dict[str, Any]) -> bool:
    """Whether the requirement is meant for this record at all (`when`: e.g. only major incidents)."""
    return all(data.get(name) in values for name, values in evidence.when.items())


def reached(cycle: Lifecycle, data: dict[str, Any], status: str) -> bool:
    """Whether the record has reached `status`: its history entered it, or its current status lies beyond it."""
    history = data.get("history")
    entered = isinstance(history, list) and any(isinstance(step, dict) and step.get("status") == status
                                                for step in history)
    return entered or data.get("status") in cycle.through(status)


def missing_evidence(config: Config, kind: str, data: dict[str, Any]) -> Iterator[Missing]:
    """The requirements of the kind's table entry that the record has reached and does not meet."""
    spec = KINDS.spec(kind)
    if not spec.evidence:
        return
    record_type = data.get("type")
    cycle = lifecycle(config, kind, record_type if isinstance(record_type, str) else None)
    # What `reached` asks, with the history read once per record rather than once per requirement.
    history = data.get("history")
    entered = {step["status"] for step in history if isinstance(step, dict) and isinstance(step.get("status"), str)
               } if isinstance(history, list) else set()
    status = data.get("status")
    for evidence in spec.evidence:
        if not applies(evidence, data):
            continue
        if evidence.status not in entered and status not in cycle.through(evidence.status):
            continue  # not reached yet
        absent = tuple(name for name in evidence.fields if not present(value_at(data, name)))
        if absent and (len(absent) == len(evidence.fields) or not evidence.any_of):
            yield Missing(evidence, absent)


# --- the same requirements as JSON Schema, for editors ------------------------------------------------------

NOT_EMPTY: dict[str, Any] = {"not": {"type": "null"}, "minLength": 1, "minItems": 1}


def _filled(dotted: str) -> dict[str, Any]:
    """A schema that holds when the value at `dotted` is present and not empty."""
    head, _, rest = dotted.partition(".")
    inner = _filled(rest) if rest else NOT_EMPTY
    return {"required": [head], "properties": {head: inner}}


def _condition(evidence: Evidence, statuses: frozenset[str], types: dict[str, Any] | None) -> dict[str, Any]:
    entered = {"required": ["history"], "properties": {"history": {
        "contains": {"required": ["status"], "properties": {"status": {"const": evidence.status}}}}}}
    beyond = {"required": ["status"], "properties": {"status": {"enum": sorted(statuses)}}}
    condition: dict[str, Any] = {"anyOf": [entered, beyond]}
    properties = {name: {"enum": list(values)} for name, values in evidence.when.items()}
    if types is not None:
        properties["type"] = types
    if properties:
        condition |= {"required": sorted(properties), "properties": properties}
    return condition


def schema_conditions(kind: str) -> list[dict[str, Any]]:
    """`if`/`then` clauses that give a kind's exported schema the evidence its statuses require, with the
    kind's default lifecycle (an sms.yaml that replaces a lifecycle is judged by `sms check` alone)."""
    spec = KINDS.spec(kind)
    variants: list[tuple[dict[str, Any] | None, str | None]] = [(None, None)]
    if spec.lifecycle_extras:  # a type with extra transitions may reach a status by other paths
        variants = [({"const": name}, name) for name in spec.lifecycle_extras]
        variants.append(({"not": {"enum": list(spec.lifecycle_extras)}}, None))
    default = default_config()
    clauses = []
    for evidence in spec.evidence:
        for types, record_type in variants:
            then = ({"anyOf": [_filled(name) for name in evidence.fields]} if evidence.any_of
                    else {"allOf": [_filled(name) for name in evidence.fields]})
            statuses = lifecycle(default, kind, record_type).through(evidence.status)
            clauses.append({"$comment": f"from status '{evidence.status}' on: {evidence.what} (SMS115)",
                            "if": _condition(evidence, statuses, types), "then": then})
    return clauses
