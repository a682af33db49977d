"""SMS5xx: clause coverage — every clause of ISO/IEC 20000-1 in scope has the evidence the catalogue asks for."""

from __future__ import annotations

from collections.abc import Iterator

from sms.core.findings import Finding, Location, Severity
from sms.rules.context import CheckContext
from sms.rules.registry import rule
from sms.store.clauses import catalogue

# Only operational requirements may be declared out of scope; the management system clauses always apply.
EXCLUDABLE_PREFIX = "8."


# The rules whose findings are about one clause each (finding.clauses names it): waivable per clause.
CLAUSE_RULES = frozenset({"SMS501", "SMS502", "SMS505"})


def _anchor(ctx: CheckContext) -> tuple[Location, str | None]:
    """Where coverage findings are shown, and the record they belong to: the scope document, which decides
    what the SMS covers (and where a clause is excluded), so `record:` waivers and the site can name it."""
    scope = next((entry for entry in ctx.repo.of_kind("scope")), None)
    if scope is not None:
        return scope.location(("id",)), scope.id
    return Location("sms.yaml" if (ctx.repo.root / "sms.yaml").exists() else "policies", 1, 1), None


@rule("SMS501", Severity.ERROR, ("4.4",))
def clause_gap(ctx: CheckContext) -> Iterator[Finding]:
    """A clause in scope has no evidence at all.

    Each clause of the catalogue (`sms coverage` lists them) names the documents and records that evidence
    it, e.g. an approved policy of type information_security for 8.7.3.1. When none of them exists the
    clause is a gap. The finding carries the clause itself and belongs to the scope document; add the
    evidence, or, for clause 8 only, exclude the clause in the scope document with a justification, or
    accept the gap for a while with a waiver in sms.yaml naming the clause (`rule: SMS501, clause: '8.2.6'`).

    Passing example: an approved scope document exists (4.3 covered).
    Failing example: no scope document at all (4.3 is a gap).
    """
    where, scope = _anchor(ctx)
    for status in ctx.coverage:
        if status.status == "gap" and status.clause.evidence:
            wanted = "; ".join(result.evidence.label for result in status.missing)
            yield Finding("SMS501", Severity.ERROR, f"clause {status.clause.clause} ({status.clause.title}) has "
                          f"no evidence: needs {wanted}", where, scope, (status.clause.clause,),
                          "add the records, or exclude the clause in the scope document with a justification")


@rule("SMS502", Severity.WARNING, ("4.4",))
def clause_partial(ctx: CheckContext) -> Iterator[Finding]:
    """A clause in scope has only part of its evidence.

    The clause's catalogue entry lists several kinds of evidence and at least one is missing (or has
    fewer records than required). The message names what is missing; a waiver in sms.yaml may accept it
    for one clause (`rule: SMS502, clause: '8.6.3'`).

    Passing example: 8.6.3 with a process declaring it, problem records and known errors.
    Failing example: 8.6.3 with problem records but no known error.
    """
    where, scope = _anchor(ctx)
    for status in ctx.coverage:
        if status.status == "partial" and status.clause.evidence:
            wanted = "; ".join(f"{r.evidence.label} ({len(r.matches)} of {r.evidence.min})" for r in status.missing)
            yield Finding("SMS502", Severity.WARNING, f"clause {status.clause.clause} ({status.clause.title}) is "
                          f"partly evidenced: missing {wanted}", where, scope, (status.clause.clause,))


@rule("SMS505", Severity.INFO, ("4.4", "9.1"))
def clause_documented_only(ctx: CheckContext) -> Iterator[Finding]:
    """A clause that asks for something to be done is documented, but nothing shows it being done.

    The clause's documents are all there (say the approved process declaring it), yet none of the records
    the catalogue counts as doing it exists — or none recent enough: complaints received in the last 365
    days for 8.3.2, service reports produced in the last 365 days for 9.4. An auditor asks for those
    records. The note names what would evidence the clause; sms.yaml may raise its severity
    (`severity: {SMS505: warning}`) or waive it for one clause (`rule: SMS505, clause: '8.4.1'`).

    Passing example: 8.3.2 with the relationship process and a complaint received last month.
    Failing example: 8.3.2 with the relationship process and no complaint record at all.
    """
    where, scope = _anchor(ctx)
    for status in ctx.coverage:
        if status.status != "documented" or not status.clause.evidence:
            continue
        wanted = [result.evidence.label for result in status.wanted_records]
        needs = ("add records: " + "; ".join(wanted)) if wanted else (
            "sms keeps no record of this activity yet: keep the evidence elsewhere and waive the note for the clause")
        yield clause_documented_only.finding(
            f"clause {status.clause.clause} ({status.clause.title}) is documented ({', '.join(status.documents)}), "
            "not evidenced: no record shows it being done", where, record_id=scope,
            clauses=(status.clause.clause,), hint=needs)


@rule("SMS503", Severity.ERROR, ("4.3",))
def exclusion_valid(ctx: CheckContext) -> Iterator[Finding]:
    """A scope exclusion names a clause that exists and may be excluded.

    Only operational requirements under clause 8 may be declared not applicable, each with a
    justification; the management-system clauses 4-7, 9 and 10 always apply, and a clause number that
    is not in the catalogue is a typo.

    Passing example: exclusions: [{clause: '8.4.1', justification: 'Services are free of charge ...'}].
    Failing example: exclusions: [{clause: '9.2', justification: 'We do not audit.'}].
    """
    cat = catalogue()
    for entry in ctx.repo.of_kind("scope"):
        if entry.record is None:
            continue
        for index, item in enumerate(entry.data.get("exclusions", [])):
            number = item["clause"]
            where = entry.location(("exclusions", index, "clause"))
            if cat.get(number) is None:
                yield exclusion_valid.finding(f"exclusions[{index}]: clause '{number}' is not in ISO/IEC 20000-1:2018",
                                              where, record_id=entry.id, hint="`sms coverage` lists every clause")
            elif not number.startswith(EXCLUDABLE_PREFIX):
                yield exclusion_valid.finding(f"exclusions[{index}]: clause {number} cannot be excluded; only "
                                              "operational clauses under 8 may be", where, record_id=entry.id)
