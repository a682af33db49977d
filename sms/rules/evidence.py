"""SMS115: a record carries the evidence its status requires. The requirements are data in the kinds table
(`Kind.evidence` in sms/models/table.py), not code per kind; sms/analysis/evidence.py decides which apply."""

from __future__ import annotations

from collections.abc import Iterator

from sms.analysis.evidence import missing_evidence
from sms.core.findings import Finding, Severity
from sms.models import KINDS
from sms.rules.context import CheckContext
from sms.rules.registry import rule

#: The clause each kind's evidence serves; a kind not named here reports all of the rule's clauses.
CLAUSE_OF_KIND = {"risk": ("6.1",), "change": ("8.5.1.3",), "incident": ("8.6.1",), "request": ("8.6.2",),
                  "problem": ("8.6.3",), "nonconformity": ("10.1",), "improvement": ("10.2",)}


@rule("SMS115", Severity.ERROR, ("6.1", "8.5.1.3", "8.6.1", "8.6.2", "8.6.3", "10.1", "10.2"), per_file=True)
def status_has_evidence(ctx: CheckContext) -> Iterator[Finding]:
    """A record carries the evidence its status requires.

    Each status of a lifecycle asks for proof that its step was done, from that status on: a normal change
    needs its risk assessment, backout and test plans from `assessed`, who approved it and when from
    `approved`, its window from `scheduled`, its implementer from `implemented` and its post-implementation
    review from `reviewed`; an incident its assignee from `assigned`, resolution and `resolved_at` from
    `resolved`, and a major incident its review once `closed`; a request its assignee and fulfilment; a
    problem its known error from `known_error` and a root cause (or known error) from `resolved`; a treated
    risk its treatment and residual score; a nonconformity its root cause, corrective action (owner, due
    date) and verification; an improvement the evaluation of its outcome. A record has reached a status
    when its history entered it or when its current status lies beyond it on every path of its lifecycle.
    `sms lifecycle KIND` and the kind's reference page list the requirements.

    Passing example: a closed normal change with risk, backout_plan, test_plan, approved_by, approved_at,
    schedule, implementer and review.
    Failing example: a change at `approved` with no approved_by — one finding at its `status:` line.
    """
    for entry in ctx.repo.entries:
        if entry.record is None or entry.kind is None or not KINDS.spec(entry.kind).evidence:
            continue
        label = KINDS.spec(entry.kind).singular.lower()
        for missing in missing_evidence(ctx.config, entry.kind, entry.data):
            evidence = missing.evidence
            fields = " or ".join(evidence.fields) if evidence.any_of else ", ".join(missing.fields)
            yield status_has_evidence.finding(
                f"{label} has reached '{evidence.status}' without {evidence.what} ({fields})",
                entry.location(("status",)), record_id=entry.id, clauses=CLAUSE_OF_KIND.get(entry.kind),
                hint=f"fill in {fields}: required from status '{evidence.status}' on")
