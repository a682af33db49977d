"""Lifecycles of records with a status history: which status may follow which.

Each kind's default comes from the kinds table (sms.models.table); `lifecycles` in sms.yaml replaces a kind's
map. A kind may add transitions by the record's `type`: standard changes may skip assessment; emergency
changes may be implemented first and approved after the fact (SMS306 bounds how long after).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sms.models import KINDS
from sms.models.kinds import Transitions
from sms.store.config import Config


@dataclass(frozen=True)
class Lifecycle:
    """The allowed transitions of one kind (and type)."""

    initial: str
    transitions: Transitions

    def allows(self, before: str, after: str) -> bool:
        return after in self.transitions.get(before, ())

    def statuses(self) -> list[str]:
        """Every status of the lifecycle, the initial one first."""
        seen = dict.fromkeys([self.initial, *self.transitions])
        for nexts in self.transitions.values():
            seen.update(dict.fromkeys(nexts))
        return list(seen)

    def through(self, status: str) -> frozenset[str]:
        """The statuses a record can only reach by passing `status` (with `status` itself): every path from the
        initial status to them enters `status` first. A status unreachable without it (a dead end) counts too."""
        # Asked for every record that has evidence to show (SMS115): answered once per lifecycle and status.
        return _through(self.initial, tuple(self.transitions.items()), status)

    def path(self, before: str, after: str) -> list[str] | None:
        """The shortest allowed path from `before` to `after`, exclusive of `before`; None if there is none."""
        frontier: list[list[str]] = [[before]]
        seen = {before}
        while frontier:
            route = frontier.pop(0)
            for step in self.transitions.get(route[-1], ()):
                if step == after:
                    return [*route[1:], step]
                if step not in seen:
                    seen.add(step)
                    frontier.append([*route, step])
        return None


@functools.lru_cache(maxsize=1024)
def _through(initial: str, transitions: tuple[tuple[str, tuple[str, ...]], ...], status: str) -> frozenset[str]:
    cycle = Lifecycle(initial, dict(transitions))
    reachable = _reachable_avoiding(cycle, status)
    return frozenset(state for state in cycle.statuses() if state == status or state not in reachable)


def _reachable_avoiding(cycle: Lifecycle, status: str) -> set[str]:
    if status == cycle.initial:
        return set()
    seen, todo = {cycle.initial}, [cycle.initial]
    while todo:
        for step in cycle.transitions.get(todo.pop(), ()):
            if step != status and step not in seen:
                seen.add(step)
                todo.append(step)
    return seen


def lifecycle(config: Config, kind: str, record_type: str | None = None) -> Lifecycle:
    """The lifecycle for a kind, with sms.yaml's override and the record type's extra transitions."""
    spec = KINDS.spec(kind)
    override = config.lifecycles.get(kind)
    base: Transitions = ({state: tuple(nexts) for state, nexts in override.items()} if override
                         else dict(spec.lifecycle or {}))
    initial = next(iter(base))
    for state, extra in spec.lifecycle_extras.get(record_type or "", {}).items():
        base[state] = tuple(dict.fromkeys((*base.get(state, ()), *extra)))
    return Lifecycle(initial, base)


def is_final(kind: str | None, status: object) -> bool:
    """Whether a record of `kind` in `status` may no longer change (SMS305)."""
    return kind is not None and kind in KINDS and status in KINDS.spec(kind).final
