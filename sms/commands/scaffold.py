"""The records `sms init` writes for a new organisation, as data: one function per file, a profile picking them.

Everything here is plain data that the writer dumps (so the organisation's name is quoted by the YAML emitter,
never pasted into YAML text). Text a person must write is `TODO: …`, which `sms check` reports (SMS114).
Controlled documents start approved by the placeholder person, so that the clauses of the chosen phase are
evidenced from the first commit; replacing the placeholder and the TODOs is the adopter's first change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sms.core.dates import add_months

PROFILES = ("minimal", "operations", "full")
AUTHOR = "todo-sms-manager"
APPROVER = "todo-top-manager"
TOP = "top-management"
# Two placeholder people, because nobody approves what they wrote (SMS203) or the changes they raised (SMS308).
HOLDERS = {AUTHOR: ("sms-manager", "incident-manager", "problem-manager", "service-desk-lead"),
           APPROVER: (TOP, "change-manager")}
ROLES: dict[str, tuple[str, str, bool]] = {  # id -> (title, responsibility, top management)
    TOP: ("Top management", "Sets the service management policy, approves the SMS's top documents, chairs "
                            "management reviews.", True),
    "sms-manager": ("SMS manager", "Runs the SMS day to day: documents, records, this repository.", False),
    "change-manager": ("Change manager", "Assesses and approves changes; chairs the change advisory board.", False),
    "incident-manager": ("Incident manager", "Owns incidents from logging to closure; leads major incidents.", False),
    "problem-manager": ("Problem manager", "Finds the root causes of incidents and keeps the known errors.", False),
    "service-desk-lead": ("Service desk lead", "Runs the service desk: requests, first-line incident handling.",
                          False),
}


@dataclass(frozen=True)
class Scaffold:
    """What the records depend on: the organisation and the day of `sms init`."""

    org: str
    today: date

    def document(self) -> dict[str, Any]:
        # Approved by the placeholder, so the phase's clauses count as evidenced; SMS114 flags the TODOs in them.
        return {"version": "0.1", "status": "approved", "author": AUTHOR, "approver": TOP,
                "approved_by": APPROVER, "approved_on": self.today, "next_review": add_months(self.today, 12)}

    def record(self, kind: str, record_id: str, title: str, *, controlled: bool = True,
               owner: str = "sms-manager", **fields: Any) -> dict[str, Any]:
        head: dict[str, Any] = {"apiVersion": "sms/v1", "kind": kind, "id": record_id, "title": title, "owner": owner}
        if controlled:
            head["document"] = self.document()
        return {**head, **fields}


def _role(s: Scaffold, role_id: str) -> dict[str, Any]:
    title, duty, top = ROLES[role_id]
    fields: dict[str, Any] = {"responsibilities": [duty, "TODO: further responsibilities and authorities"]}
    if top:
        fields["top_management"] = True
    return s.record("role", role_id, title, owner="sms-manager", **fields)


def _person(s: Scaffold, person: str) -> dict[str, Any]:
    who = "the SMS manager" if person == AUTHOR else "top management's member approving the SMS's documents"
    return s.record("person", person, f"TODO: the name of {who}", controlled=False,
                    roles=[{"role": role, "since": s.today} for role in HOLDERS[person]])


def _process(s: Scaffold, number: int, title: str, clauses: list[str], owner: str = "sms-manager") -> dict[str, Any]:
    return s.record("process", f"PRC-{number:04d}", title, owner=owner, purpose=f"TODO: why {title.lower()} exists "
                    "and what it achieves", clauses=clauses, kpis=["KPI-0001"],
                    activities=["TODO: the activities, in order"])


def foundations(s: Scaffold) -> dict[str, dict[str, Any]]:
    """Clauses 4, 5 and 7.5: context, scope, policy, the SM plan, roles, the person, document control."""
    files = {
        "policies/governance/CTX-0001.yaml": s.record(
            "context", "CTX-0001", f"Context of the {s.org} SMS",
            issues=[{"type": "external", "category": "other", "description": "TODO: an issue outside the "
                     "organisation that affects what the SMS achieves"},
                    {"type": "internal", "category": "other", "description": "TODO: an issue inside it"}],
            climate_change={"relevant": False, "statement": "TODO: whether climate change affects the services, "
                                                            "and why"},
            interested_parties=[{"name": "TODO: customers", "requirements": ["TODO: what they require"],
                                 "services": ["SVC-0001"]}]),
        "policies/governance/SCP-0001.yaml": s.record(
            "scope", "SCP-0001", f"Scope of the {s.org} service management system",
            statement="TODO: which services the SMS covers, for whom, delivered from where",
            services=["SVC-0001"], locations=["TODO: where the services are delivered from"]),
        "policies/governance/POL-0001.yaml": s.record(
            "policy", "POL-0001", "Service management policy", type="service_management",
            purpose=f"TODO: what service management means at {s.org}",
            statements=["TODO: the commitments of top management"]),
        "policies/plans/PLN-0001.yaml": s.record(
            "plan", "PLN-0001", "Service management plan", type="service_management",
            summary="TODO: the objectives, resources, roles and timetable of the SMS"),
        "policies/processes/PRC-0001.yaml": _process(s, 1, "Document and record control", ["7.5"]),
        "records/services/SVC-0001.yaml": s.record(
            "service", "SVC-0001", "TODO: the name of a service", description="TODO: what the service does",
            lifecycle="live", customers=["TODO: who uses it"], criticality="medium",
            service_hours="TODO: when it is available"),
        "records/slas/SLA-0001.yaml": s.record(
            "sla", "SLA-0001", "TODO: service levels of the service", customer="TODO: the customer",
            targets=[{"metric": "availability", "description": "TODO: what is measured and how", "target": 99.5,
                      "unit": "percent", "comparison": "at_least", "period": "monthly"}],
            reporting="TODO: how and when performance is reported", valid_from=s.today,
            links={"services": ["SVC-0001"]}),
        "records/kpis/KPI-0001.yaml": s.record(
            "kpi", "KPI-0001", "TODO: an indicator the processes are measured by", controlled=False,
            description="TODO: what is measured, how", unit="percent", target=95, direction="higher_is_better",
            frequency="monthly"),
    }
    files.update({f"records/people/{person}.yaml": _person(s, person) for person in HOLDERS})
    files.update({f"policies/roles/{role}.yaml": _role(s, role) for role in ROLES})
    return files


def operations(s: Scaffold) -> dict[str, dict[str, Any]]:
    """Clause 8: the operational processes and the policies clause 8 asks for."""
    return {
        "policies/governance/POL-0002.yaml": s.record(
            "policy", "POL-0002", "Change management policy", owner="change-manager", type="change_management",
            purpose="TODO: which changes are controlled and how", statements=["TODO: the rules every change follows"]),
        "policies/governance/POL-0003.yaml": s.record(
            "policy", "POL-0003", "Information security policy", type="information_security",
            purpose="TODO: how information is protected", statements=["TODO: the security commitments"]),
        "policies/processes/PRC-0002.yaml": _process(s, 2, "Service portfolio and relationship management",
                                                     ["8.1", "8.2", "8.3", "8.4"]),
        "policies/processes/PRC-0003.yaml": _process(s, 3, "Change, release and deployment management", ["8.5"],
                                                     "change-manager"),
        "policies/processes/PRC-0004.yaml": _process(s, 4, "Incident, request and problem management",
                                                     ["7.6", "8.6"], "incident-manager"),
        "policies/processes/PRC-0005.yaml": _process(s, 5, "Availability, continuity and security management",
                                                     ["8.7"]),
    }


def governance(s: Scaffold) -> dict[str, dict[str, Any]]:
    """Clauses 6, 7, 9 and 10: risk, objectives, communication, performance evaluation, improvement."""
    return {
        "policies/governance/OBJ-0001.yaml": s.record(
            "objective", "OBJ-0001", "TODO: a measurable service management objective",
            statement="TODO: what will be achieved", kpi="KPI-0001", target=95, due=add_months(s.today, 12),
            actions=["TODO: what will be done"], resources="TODO: what it needs", evaluation="TODO: how and when "
            "the result is evaluated"),
        "policies/plans/PLN-0002.yaml": s.record(
            "plan", "PLN-0002", "Communication plan", type="communication",
            summary="TODO: what is communicated, when, with whom and by whom"),
        "policies/processes/PRC-0006.yaml": _process(s, 6, "Risk management", ["6.1"]),
        "policies/processes/PRC-0007.yaml": _process(s, 7, "Performance evaluation", ["9"]),
        "policies/processes/PRC-0008.yaml": _process(s, 8, "Improvement", ["10"]),
    }


def records(profile: str, org: str, today: date) -> dict[str, dict[str, Any]]:
    """Path -> record data for a profile (each profile adds to the one before it)."""
    s = Scaffold(org, today)
    files = foundations(s)
    if profile in ("operations", "full"):
        files.update(operations(s))
    if profile == "full":
        files.update(governance(s))
    return files


def config(profile: str, org: str) -> dict[str, Any]:
    """sms.yaml: the organisation, the coverage phase matching the profile, CODEOWNERS from roles."""
    return {
        "apiVersion": "sms/v1", "kind": "config",
        "organisation": {"name": org},
        "coverage": {"phase": profile, "planned": []},
        "codeowners": {"default": "sms-manager", "paths": {"/.github/": TOP, "/sms.yaml": "sms-manager"},
                       "kinds": {"change": "change-manager", "incident": "incident-manager",
                                 "problem": "problem-manager", "known_error": "problem-manager",
                                 "request": "service-desk-lead"}},
    }
