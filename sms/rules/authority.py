"""SMS208: the documents that direct the SMS are approved by top management (5.1, 5.2, 6.2, 4.3)."""

from __future__ import annotations

from collections.abc import Iterator

from sms.analysis.roles import holds_top_management, top_management_roles
from sms.analysis.standing import INACTIVE_DOCUMENT
from sms.core.findings import Finding, Severity
from sms.models import KINDS
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
