"""The entry of every kind sms knows, in the order registers and navigation show them."""

from __future__ import annotations

from sms.models.change import Change, Release
from sms.models.feedback import Complaint, ServiceReport
from sms.models.governance import Context, Objective, Person, Plan, Policy, Process, Role, Scope
from sms.models.improvement import Audit, AuditProgramme, Improvement, ManagementReview, Nonconformity
from sms.models.kinds import Column, Evidence, Kind
from sms.models.operations import ContinuityTest, Incident, KnownError, Problem, Request
from sms.models.risk import Risk
from sms.models.service import Agreement, Ci, Kpi, Service, Sla

GOVERNANCE, SERVICES, RISK, OPERATIONS, EVALUATION = (
    "Governance", "Services", "Risk", "Operations", "Evaluation and improvement")

DOCUMENT_COLUMNS = (Column("Version", "document.version"), Column("Status", "document.status"),
                    Column("Approved on", "document.approved_on"), Column("Next review", "document.next_review"))
STATUS = Column("Status", "status")

CHANGE_TEMPLATE = """type: {change_type}
requested_by: {by}
reason: "TODO: why the change is needed"
description: "TODO: what will be changed"
links:
  services: {services}
  cis: []
"""
INCIDENT_TEMPLATE = """priority: {priority}
major: {major}
reported_at: {now}
description: "TODO: what the users experienced"
links:
  services: {services}
"""
REQUEST_TEMPLATE = """requester: "TODO: who asked"
requested_at: {now}
description: "TODO: what was asked for"
links:
  services: {services}
"""
PROBLEM_TEMPLATE = """priority: {priority}
description: "TODO: the problem as observed"
links:
  incidents: {incidents}
"""
RISK_TEMPLATE = """category: service
description: "TODO: cause, event, consequence"
likelihood: 3
impact: 3
review_on: {review_on}
"""
IMPROVEMENT_TEMPLATE = """source: staff
opportunity: "TODO: the opportunity"
benefit: "TODO: the expected benefit"
target: "TODO: what success looks like, measurably"
due: {review_on}
"""
COMPLAINT_TEMPLATE = """received_at: {now}
customer: "TODO: who complained"
description: "TODO: what the customer complained about"
links:
  services: {services}
"""

# What each status requires (SMS115). A requirement holds from the status on: a closed change needs everything
# its assessment, approval, schedule, implementation and review needed.
CHANGE_EVIDENCE = (
    Evidence("assessed", ("risk",), "the risk assessment"),
    Evidence("assessed", ("backout_plan",), "the backout plan"),
    Evidence("assessed", ("test_plan",), "the test plan"),
    # Standard changes are pre-approved: their approval is the standard change model, not a person.
    Evidence("approved", ("approved_by", "approved_at"), "who approved it and when",
             when={"type": ("normal", "emergency")}),
    Evidence("scheduled", ("schedule",), "the implementation window"),
    Evidence("implemented", ("implementer",), "who implemented it"),
    Evidence("reviewed", ("review",), "the post-implementation review"),
)
INCIDENT_EVIDENCE = (
    Evidence("assigned", ("assignee",), "who it is assigned to"),
    Evidence("resolved", ("resolution", "resolved_at"), "the resolution and when it was resolved"),
    Evidence("closed", ("review",), "the major incident review", when={"major": (True,)}),
)
REQUEST_EVIDENCE = (
    Evidence("assigned", ("assignee",), "who it is assigned to"),
    Evidence("fulfilled", ("fulfilment", "fulfilled_at"), "how it was fulfilled and when"),
)
PROBLEM_EVIDENCE = (
    Evidence("known_error", ("links.known_errors",), "the known error record"),
    Evidence("resolved", ("root_cause", "links.known_errors"), "the root cause or a known error", any_of=True),
)
RISK_EVIDENCE = (
    Evidence("treated", ("treatment",), "the treatment decision"),
    Evidence("treated", ("residual_likelihood", "residual_impact"), "the residual score"),
)
NONCONFORMITY_EVIDENCE = (
    Evidence("root_cause", ("root_cause",), "the root cause"),
    Evidence("action_planned", ("corrective_action",), "the corrective action with its owner and due date"),
    Evidence("verified", ("verification",), "the verification of the action's effect"),
)
COMPLAINT_EVIDENCE = (
    Evidence("responded", ("response", "responded_at"), "the response and when it was sent"),
)
IMPROVEMENT_EVIDENCE = (
    Evidence("evaluated", ("evaluation",), "the evaluation of the outcome"),
)

TABLE: tuple[Kind, ...] = (
    Kind(Context, "Context", "Context", "context", GOVERNANCE, DOCUMENT_COLUMNS),
    Kind(Scope, "Scope", "Scope", "scope", GOVERNANCE, DOCUMENT_COLUMNS),
    Kind(Policy, "Policy", "Policies", "policies", GOVERNANCE, (Column("Type", "type"), *DOCUMENT_COLUMNS)),
    Kind(Objective, "Objective", "Objectives", "objectives", GOVERNANCE,
         (Column("KPI", "kpi"), Column("Target", "target"), Column("Due", "due"), *DOCUMENT_COLUMNS)),
    Kind(Role, "Role", "Roles", "roles", GOVERNANCE, (Column("Top management", "top_management"), *DOCUMENT_COLUMNS)),
    Kind(Person, "Person", "People", "people", GOVERNANCE, (Column("Team", "team"), Column("E-mail", "email"))),
    Kind(Process, "Process", "Processes", "processes", GOVERNANCE,
         (Column("Operated by", "operated_by"), *DOCUMENT_COLUMNS)),
    Kind(Plan, "Plan", "Plans", "plans", GOVERNANCE, (Column("Type", "type"), *DOCUMENT_COLUMNS)),
    Kind(Service, "Service", "Services", "services", SERVICES,
         (Column("Lifecycle", "lifecycle"), Column("Criticality", "criticality"), *DOCUMENT_COLUMNS)),
    Kind(Sla, "SLA", "SLAs", "slas", SERVICES,
         (Column("Customer", "customer"), Column("Services", "links.services"), Column("Valid from", "valid_from"),
          Column("Valid until", "valid_until"), *DOCUMENT_COLUMNS)),
    Kind(Agreement, "Agreement", "Agreements", "agreements", SERVICES,
         (Column("Type", "type"), Column("Party", "party"), Column("Ends on", "ends_on"),
          Column("Review on", "review_on"), *DOCUMENT_COLUMNS)),
    Kind(Ci, "Configuration item", "Configuration items", "cis", SERVICES,
         (Column("Type", "type"), STATUS, Column("Environment", "environment"), Column("Location", "location")),
         finished=frozenset({"retired"})),
    Kind(Kpi, "KPI", "KPIs", "kpis", SERVICES,
         (Column("Unit", "unit"), Column("Target", "target"), Column("Direction", "direction"),
          Column("Frequency", "frequency"), Column("Latest", computed="kpi_latest"))),
    Kind(Risk, "Risk", "Risks", "risks", RISK,
         (Column("Category", "category"), STATUS, Column("Inherent", computed="risk_inherent"),
          Column("Residual", computed="risk_residual"), Column("Review on", "review_on")),
         lifecycle={
             "identified": ("assessed",),
             "assessed": ("treated", "accepted", "closed"),
             "treated": ("assessed", "accepted", "closed"),  # re-assessment after treatment
             "accepted": ("assessed", "closed"),
         },
         final=frozenset({"closed"}), finished=frozenset({"closed"}), template=RISK_TEMPLATE,
         evidence=RISK_EVIDENCE),
    Kind(Change, "Change", "Changes", "changes", OPERATIONS,
         (Column("Type", "type"), STATUS, Column("Requested by", "requested_by"),
          Column("Approved by", "approved_by"), Column("Scheduled", "schedule.start")),
         lifecycle={
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
         lifecycle_extras={
             "standard": {"submitted": ("approved",)},  # pre-approved: no assessment
             "emergency": {
                 "submitted": ("implemented",),  # act first ...
                 "assessed": ("implemented",),
                 "implemented": ("approved",),  # ... approve after the fact (SMS306)
                 "approved": ("implemented", "reviewed"),
             },
         },
         final=frozenset({"closed", "rejected", "cancelled"}), finished=frozenset({"closed", "rejected", "cancelled"}),
         template=CHANGE_TEMPLATE, default_owner="change-manager", evidence=CHANGE_EVIDENCE,
         stamps={"approved_at": "approved"}, dated_by="history.0.at"),
    Kind(Release, "Release", "Releases", "releases", OPERATIONS,
         (Column("Type", "type"), STATUS, Column("Planned for", "planned_for"), Column("Deployed at", "deployed_at")),
         finished=frozenset({"verified", "cancelled"}), dated_by="planned_for"),
    Kind(Incident, "Incident", "Incidents", "incidents", OPERATIONS,
         (Column("Priority", "priority"), Column("Major", "major"), Column("Security", "security"), STATUS,
          Column("Reported at", "reported_at"), Column("Resolved at", "resolved_at")),
         lifecycle={
             "new": ("assigned",),
             "assigned": ("in_progress",),
             "in_progress": ("on_hold", "resolved"),
             "on_hold": ("in_progress",),
             "resolved": ("closed", "in_progress"),  # reopened when the fix did not hold
         },
         final=frozenset({"closed"}), finished=frozenset({"closed"}), template=INCIDENT_TEMPLATE,
         evidence=INCIDENT_EVIDENCE, stamps={"resolved_at": "resolved"}, default_owner="incident-manager",
         dated_by="reported_at"),
    Kind(Request, "Service request", "Service requests", "requests", OPERATIONS,
         (STATUS, Column("Requester", "requester"), Column("Requested at", "requested_at"),
          Column("Fulfilled at", "fulfilled_at")),
         lifecycle={
             "new": ("assigned", "cancelled"),
             "assigned": ("in_progress", "cancelled"),
             "in_progress": ("on_hold", "fulfilled", "cancelled"),
             "on_hold": ("in_progress", "cancelled"),
             "fulfilled": ("closed",),
         },
         final=frozenset({"closed", "cancelled"}), finished=frozenset({"fulfilled", "closed", "cancelled"}),
         template=REQUEST_TEMPLATE, evidence=REQUEST_EVIDENCE, stamps={"fulfilled_at": "fulfilled"},
         default_owner="service-desk-lead", dated_by="requested_at"),
    Kind(Problem, "Problem", "Problems", "problems", OPERATIONS, (Column("Priority", "priority"), STATUS),
         lifecycle={
             "new": ("investigating",),
             "investigating": ("known_error", "resolved"),
             "known_error": ("resolved",),
             "resolved": ("closed",),
         },
         final=frozenset({"closed"}), finished=frozenset({"closed"}), template=PROBLEM_TEMPLATE,
         evidence=PROBLEM_EVIDENCE, default_owner="problem-manager"),
    Kind(KnownError, "Known error", "Known errors", "known_errors", OPERATIONS, (STATUS,),
         finished=frozenset({"fixed", "retired"})),
    Kind(ContinuityTest, "Continuity test", "Continuity tests", "continuity_tests", OPERATIONS,
         (Column("Plan", "plan"), Column("Performed on", "performed_on"), Column("Type", "type"),
          Column("Result", "result")), event=True),
    Kind(Complaint, "Complaint", "Complaints", "complaints", EVALUATION,
         (Column("Customer", "customer"), Column("Services", "links.services"), STATUS,
          Column("Received at", "received_at"), Column("Responded at", "responded_at"),
          Column("Satisfied", "satisfied")),
         lifecycle={
             "received": ("investigating", "responded"),
             "investigating": ("responded",),
             "responded": ("closed", "investigating"),  # the customer did not accept the response
         },
         final=frozenset({"closed"}), finished=frozenset({"closed"}), template=COMPLAINT_TEMPLATE,
         evidence=COMPLAINT_EVIDENCE, stamps={"responded_at": "responded"}, default_owner="relationship-manager"),
    Kind(ServiceReport, "Service report", "Service reports", "service_reports", EVALUATION,
         (Column("Service", "service"), Column("Period", "period"), Column("Produced at", "produced_at"),
          Column("Source", "source")), event=True, default_owner="service-owner"),
    Kind(AuditProgramme, "Audit programme", "Audit programmes", "audit_programmes", EVALUATION,
         (Column("Starts on", "starts_on"), Column("Ends on", "ends_on"), Column("Approved on", "approved_on")),
         default_owner="internal-auditor"),
    Kind(Audit, "Audit", "Audits", "audits", EVALUATION,
         (Column("Type", "type"), STATUS, Column("Planned on", "planned_on"), Column("Performed on", "performed_on"),
          Column("Lead auditor", "lead_auditor"), Column("Programme", "programme")),
         finished=frozenset({"completed", "cancelled"})),
    Kind(ManagementReview, "Management review", "Management reviews", "management_reviews", EVALUATION,
         (Column("Held on", "held_on"), Column("Chair", "chair")), event=True),
    Kind(Nonconformity, "Nonconformity", "Nonconformities", "nonconformities", EVALUATION,
         (Column("Source", "source"), Column("Clause", "clause"), STATUS, Column("Raised on", "raised_on")),
         lifecycle={
             "open": ("root_cause",),
             "root_cause": ("action_planned",),
             "action_planned": ("verified",),
             "verified": ("closed", "action_planned"),  # verification found the action ineffective
         },
         # Verified is finished (the action worked, nothing is left to do) but not final: a later check may
         # find the action ineffective and reopen it, so only a closed nonconformity is frozen.
         final=frozenset({"closed"}), finished=frozenset({"verified", "closed"}), evidence=NONCONFORMITY_EVIDENCE),
    Kind(Improvement, "Improvement", "Improvements", "improvements", EVALUATION,
         (Column("Source", "source"), STATUS, Column("Due", "due")),
         lifecycle={
             "proposed": ("approved", "rejected"),
             "approved": ("in_progress",),
             "in_progress": ("implemented",),
             "implemented": ("evaluated",),
             "evaluated": ("closed",),
         },
         final=frozenset({"closed", "rejected"}), finished=frozenset({"closed", "rejected"}),
         template=IMPROVEMENT_TEMPLATE, evidence=IMPROVEMENT_EVIDENCE),
)
