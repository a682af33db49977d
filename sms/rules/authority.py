"""Who may do what: SMS208, the documents that direct the SMS are approved by top management (5.1, 5.2, 6.2,
4.3); SMS209, auditors do not audit a process they own (9.2)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sms.analysis.roles import holds_role_during, holds_top_management, top_management_roles
from sms.analysis.standing import INACTIVE_DOCUMENT
from sms.core.findings import Finding, Location, Severity
from sms.models import KINDS
from sms.models.improvement import Audit, AuditProgramme
from sms.rules.context import CheckContext
from sms.rules.documents import documents
from sms.rules.registry import rule

#: Kind → the `type` values that make a document of that kind a governing one (None: every document of it).
GOVERNING: dict[str, tuple[str, ...] | None] = {
    "policy": ("service_management",), "scope": None, "objective": None, "plan": ("service_management",)}


@rule("SMS208", Severity.ERROR, ("5.1", "5.2", "6.2.1", "6.3", "4.3"))
def governing_documents_approved_by_top_management(ctx: CheckContext) -> Iterator[Finding]:
    """The service management policy, the scope, the objectives and the SMS plan are approved by top management.

    Their `approver` is a role marked `top_management: true`, and whoever approved them held such a role on
    the approval date. (SMS203 checks that the approver held the named role; this rule checks that the role
    has the authority these documents need.)

    Passing example: POL-0001 (service_management) with approver ceo, a top-management role, approved by its holder.
    Failing example: the service management policy with approver change-manager.
    """
    top = top_management_roles(ctx.repo)
    for entry, document in documents(ctx):
        types = GOVERNING.get(str(entry.kind), ())
        if types == () or (types is not None and getattr(entry.record, "type", None) not in types):
            continue
        if document.status in INACTIVE_DOCUMENT:
            continue
        label = f"the {'service management ' if types else ''}{KINDS.spec(str(entry.kind)).singular.lower()}"
        if document.approver not in top:
            yield governing_documents_approved_by_top_management.finding(
                f"{label} names approver '{document.approver}', which is not a top-management role",
                entry.location(("document", "approver")), record_id=entry.id,
                hint=(f"top-management roles: {', '.join(sorted(top))}" if top
                      else "mark the roles of top management with `top_management: true`"))
        elif (document.approved_by is not None and document.approved_on is not None
              and not holds_top_management(ctx.repo, document.approved_by, document.approved_on)):
            yield governing_documents_approved_by_top_management.finding(
                f"'{document.approved_by}' held no top-management role on {document.approved_on.isoformat()}",
                entry.location(("document", "approved_by")), record_id=entry.id)


def _owned(ctx: CheckContext, auditor: str, processes: list[str], first: date, last: date) -> Iterator[str]:
    """'PRC-0004 (owner role supplier-manager)' for each process whose owner role the auditor held in the period."""
    for process_id in processes:
        process = ctx.repo.get(process_id)
        owner = process.data.get("owner") if process is not None and isinstance(process.data, dict) else None
        if process is not None and process.kind == "process" and isinstance(owner, str) and holds_role_during(
                ctx.repo, auditor, owner, first, last):
            yield f"{process_id} (owner role {owner})"


def _dependence(auditor: str, owned: list[str], where: Location, record_id: str | None) -> Finding:
    return auditor_independent.finding(
        f"auditor '{auditor}' audits a process they own: {', '.join(owned)}", where, record_id=record_id,
        hint="assign an auditor who holds none of the audited processes' owner roles, or audit those processes "
             "in another audit")


@rule("SMS209", Severity.ERROR, ("9.2", "5.3"))
def auditor_independent(ctx: CheckContext) -> Iterator[Finding]:
    """An auditor does not audit a process they own.

    Independence (9.2): nobody audits their own work. For every audit of the audit programme, each auditor
    assigned must hold none of the audited processes' owner roles at any time in the audit's period; for
    every audit record, the lead auditor and the other auditors must hold none of the owner roles of the
    processes it links (`links.processes`) on the day it was performed (or planned for). Roles held come from
    the people's dated role assignments.

    Passing example: h-yilmaz (internal-auditor) audits PRC-0004, owned by supplier-manager.
    Failing example: f-winter, the supplier manager, is assigned to audit PRC-0004 (supplier management).
    """
    for entry in ctx.repo.of_kind("audit_programme"):
        programme = entry.record
        if not isinstance(programme, AuditProgramme):
            continue
        for index, planned in enumerate(programme.audits):
            for number, auditor in enumerate(planned.auditors):
                owned = list(_owned(ctx, auditor, planned.processes, planned.starts_on, planned.ends_on))
                if owned:
                    yield _dependence(auditor, owned, entry.location(("audits", index, "auditors", number)), entry.id)
    for entry in ctx.repo.of_kind("audit"):
        audit = entry.record
        if not isinstance(audit, Audit):
            continue
        day = audit.performed_on or audit.planned_on
        team = [(("lead_auditor",), audit.lead_auditor),
                *((("auditors", number), person) for number, person in enumerate(audit.auditors))]
        for path, auditor in team:
            owned = list(_owned(ctx, auditor, audit.links.processes, day, day))
            if owned:
                yield _dependence(auditor, owned, entry.location(path), entry.id)
