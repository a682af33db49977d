"""sms.yaml `coverage`: phasing an SMS in, so that a new one is judged on the clauses it has reached."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from sms.models.common import ClauseNumber, SmsModel
from sms.store.clauses import is_within, known_clause

Phase = Literal["minimal", "operations", "full"]
PHASES: dict[str, tuple[str, ...]] = {
    # The foundations: context and scope, leadership, policy and roles, and control of documents and records.
    "minimal": ("4", "5", "7.5"),
    # ... and the operation of the services (clause 8): portfolio, relationships, change, incidents, continuity.
    "operations": ("4", "5", "7.5", "8"),
    # Every clause: planning, support, performance evaluation and improvement too.
    "full": ("4", "5", "6", "7", "8", "9", "10"),
}
"""The clauses each phase brings in: a clause is in the phase when it is one of these or under one."""


class Coverage(SmsModel):
    """Phasing the SMS in: which clauses are judged now. A clause outside the phase, or listed in `planned`, is
    *planned*: while its evidence is missing it is a note (SMS504) and shows as planned on the coverage matrix,
    instead of a gap (SMS501) or partial evidence (SMS502). Once evidenced it counts as covered like any other."""

    phase: Phase = "full"
    """minimal: clauses 4, 5 and 7.5 (context, scope, leadership, policy, roles, documented information);
    operations: those and clause 8 (operation of the services); full: every clause."""
    planned: list[ClauseNumber] = Field(default_factory=list)
    """Further clauses (and their sub-clauses) planned for later although the phase includes them, e.g. ['9.2']."""

    @field_validator("planned")
    @classmethod
    def known_clauses(cls, value: list[str]) -> list[str]:
        unknown = [number for number in value if not known_clause(number)]
        if unknown:
            raise ValueError(f"clause(s) {', '.join(unknown)} not in ISO/IEC 20000-1:2018; `sms coverage` lists them")
        return value

    def is_planned(self, clause: str) -> bool:
        in_phase = any(is_within(clause, prefix) for prefix in PHASES[self.phase])
        return not in_phase or any(is_within(clause, number) for number in self.planned)
