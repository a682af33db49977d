"""SMS504: phasing the SMS in — the clauses sms.yaml's `coverage` leaves for later, reported as notes.

Kept apart from the coverage rules (SMS501-SMS503): those judge the clauses in the phase, this one only says
which clauses wait for a later phase, so that a planned clause is visible in every report without failing one.
"""

from __future__ import annotations

from collections.abc import Iterator

from sms.core.findings import Finding, Location, Severity
from sms.rules.context import CheckContext
from sms.rules.registry import rule
from sms.store.clauses import is_within
from sms.store.config import CONFIG_FILE


def _where(ctx: CheckContext, clause: str) -> Location:
    """The `planned` entry naming the clause, else the phase that leaves it out: the line that decides it."""
    source = ctx.config_source
    if source is None:
        return Location(CONFIG_FILE, 1, 1)
    planned = ctx.config.coverage.planned
    index = next((i for i, number in enumerate(planned) if is_within(clause, number)), None)
    path: tuple[str | int, ...] = ("coverage", "planned", index) if index is not None else ("coverage", "phase")
    line, column = source.position(path)
    return Location(CONFIG_FILE, line, column)


@rule("SMS504", Severity.INFO, ("4.4",))
def clause_planned(ctx: CheckContext) -> Iterator[Finding]:
    """A clause is planned for a later phase and not yet evidenced.

    sms.yaml's `coverage` phases the SMS in: `phase: minimal` judges clauses 4, 5 and 7.5, `operations` adds
    clause 8, `full` (the default) judges every clause, and `planned: [...]` leaves further clauses for later.
    A planned clause without its evidence is this note instead of a gap (SMS501) or partial evidence (SMS502),
    and the coverage matrix shows it as planned. Bring it into the phase when its evidence exists.

    Passing example: coverage: {phase: full}, every clause evidenced.
    Failing example: coverage: {phase: operations} with no internal audit yet (9.2 is planned).
    """
    for status in ctx.coverage:
        if status.status == "planned" and status.clause.evidence:
            wanted = "; ".join(result.evidence.label for result in status.missing)
            yield clause_planned.finding(f"clause {status.clause.clause} ({status.clause.title}) is planned for a "
                                         f"later phase: needs {wanted}", _where(ctx, status.clause.clause),
                                         clauses=(status.clause.clause,),
                                         hint="widen coverage.phase or shorten coverage.planned once it is evidenced")
