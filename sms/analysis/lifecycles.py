"""Lifecycles of records with a status history: which status may follow which.

Defaults follow DESIGN §3; `lifecycles` in sms.yaml replaces a kind's map. Standard changes may skip
assessment; emergency changes may be implemented first and approved after the fact (SMS306 bounds how
long after).
"""

from __future__ import annotations

from dataclasses import dataclass

from sms.store.config import Config

Transitions = dict[str, tuple[str, ...]]

DEFAULTS: dict[str, Transitions] = {
    "change": {
        "draft": ("submitted", "cancelled"),
        "submitted": ("assessed", "rejected", "cancelled"),
        "assessed": ("approved", "rejected", "cancelled"),
        "approved": ("scheduled", "cancelled"),
        "scheduled": ("implemented", "cancelled"),
        "implemented": ("reviewed", "failed", "backed_out"),
        "failed": ("reviewed",),
        "backed_out": ("reviewed",),
        "reviewed": ("closed",),
    },
    "incident": {
        "new": ("assigned",),
        "assigned": ("in_progress",),
        "in_progress": ("on_hold", "resolved"),
        "on_hold": ("in_progress",),
        "resolved": ("closed", "in_progress"),  # reopened when the fix did not hold
    },
    "request": {
        "new": ("assigned", "cancelled"),
        "assigned": ("in_progress", "cancelled"),
        "in_progress": ("on_hold", "fulfilled", "cancelled"),
        "on_hold": ("in_progress", "cancelled"),
        "fulfilled": ("closed",),
    },
    "problem": {
        "new": ("investigating",),
        "investigating": ("known_error", "resolved"),
        "known_error": ("resolved",),
        "resolved": ("closed",),
    },
    "risk": {
        "identified": ("assessed",),
        "assessed": ("treated", "accepted", "closed"),
        "treated": ("assessed", "accepted", "closed"),  # re-assessment after treatment
        "accepted": ("assessed", "closed"),
    },
    "nonconformity": {
        "open": ("root_cause",),
        "root_cause": ("action_planned",),
        "action_planned": ("verified",),
        "verified": ("closed", "action_planned"),  # verification found the action ineffective
    },
    "improvement": {
        "proposed": ("approved", "rejected"),
        "approved": ("in_progress",),
        "in_progress": ("implemented",),
        "implemented": ("evaluated",),
        "evaluated": ("closed",),
    },
}

# Extra transitions allowed for some change types.
CHANGE_TYPE_EXTRAS: dict[str, Transitions] = {
    "standard": {"submitted": ("approved",)},  # pre-approved: no assessment
    "emergency": {
        "submitted": ("implemented",),  # act first ...
        "assessed": ("implemented",),
        "implemented": ("approved",),  # ... approve after the fact (SMS306)
        "approved": ("implemented", "reviewed"),
    },
}

# Statuses after which a record may no longer change (SMS305).
FINAL: dict[str, frozenset[str]] = {
    "change": frozenset({"closed", "rejected", "cancelled"}),
    "incident": frozenset({"closed"}),
    "request": frozenset({"closed", "cancelled"}),
    "problem": frozenset({"closed"}),
    "risk": frozenset({"closed"}),
    "nonconformity": frozenset({"closed"}),
    "improvement": frozenset({"closed", "rejected"}),
}


@dataclass(frozen=True)
class Lifecycle:
    """The allowed transitions of one kind (and change type)."""

    initial: str
    transitions: Transitions

    def allows(self, before: str, after: str) -> bool:
        return after in self.transitions.get(before, ())

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


def lifecycle(config: Config, kind: str, change_type: str | None = None) -> Lifecycle:
    """The lifecycle for a kind, with sms.yaml's override and the change type's extra transitions."""
    override = config.lifecycles.get(kind)
    base: Transitions = ({state: tuple(nexts) for state, nexts in override.items()} if override
                         else dict(DEFAULTS[kind]))
    initial = next(iter(base))
    if kind == "change" and change_type in CHANGE_TYPE_EXTRAS:
        for state, extra in CHANGE_TYPE_EXTRAS[change_type].items():
            base[state] = tuple(dict.fromkeys((*base.get(state, ()), *extra)))
    return Lifecycle(initial, base)
