"""Apply sms.yaml's rule settings to a check's findings: severity overrides, then waivers.

Overrides and waivers come only from sms.yaml and are reported as such: a waived finding leaves the
findings list for the `waived` list (with the waiver's reason and approver: listed in the JSON report, a
suppression in SARIF), and every waiver that matches nothing,
has expired, or lacks an approver with a role is itself a finding.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from datetime import date
from fnmatch import fnmatchcase

from sms.analysis.roles import holds_role
from sms.core.errors import InputError
from sms.core.findings import Finding, Location, Severity, Waived
from sms.rules.coverage import CLAUSE_RULES
from sms.rules.registry import declare
from sms.store.config import Config, Waiver
from sms.store.loader import Document
from sms.store.repository import Repository

CONFIG_PATH = "sms.yaml"

UNUSED_WAIVER = declare("SMS901", Severity.WARNING, ("7.5.3",), """
    A waiver in sms.yaml matches no finding.

    A waiver that no longer waives anything hides nothing today but would silently hide a future finding;
    remove it once the underlying finding is fixed.

    Passing example: a waiver for SMS202 on POL-0003, whose review is overdue.
    Failing example: a waiver for SMS202 on POL-0003 after the review was done.
""", per_file=True)  # about sms.yaml alone: with --changed-since, only when sms.yaml changed
EXPIRED_WAIVER = declare("SMS902", Severity.ERROR, ("7.5.3",), """
    A waiver in sms.yaml has expired.

    Waivers are temporary by design. After its `expires` date a waiver no longer applies: the findings it
    covered are reported again, and the waiver itself is an error until it is renewed (with a new
    approval) or removed.

    Passing example: expires: 2099-12-31.
    Failing example: expires: 2020-01-31.
""")
WAIVER_WITHOUT_AUTHORITY = declare("SMS903", Severity.ERROR, ("5.3", "7.5.3"), """
    A waiver is approved by someone who holds no role in the SMS.

    `approved_by` must name a person record with at least one role assignment current today; anyone else
    has no authority to accept a nonconformity.

    Passing example: approved_by: b-approver, who holds sms-manager.
    Failing example: approved_by: x-unknown.
""")


#: Rules that were folded into another; sms.yaml naming one is told where its checks went.
RETIRED = {"SMS109": "SMS115", "SMS112": "SMS115"}


def _unknown_hint(rule_id: str) -> str:
    if rule_id in RETIRED:
        return f"{rule_id} is now part of {RETIRED[rule_id]} (evidence by status): name {RETIRED[rule_id]} instead"
    return "`sms rules` lists every rule"


def validate_rule_ids(config: Config, source: Document | None, known: Collection[str]) -> None:
    """Unknown rule ids in sms.yaml (not in `known`) are configuration errors (exit 2), not findings."""
    settings = config.rules
    for rule_id in settings.severity:
        if rule_id not in known:
            line, column = source.position(("rules", "severity", rule_id)) if source else (1, 1)
            raise InputError(CONFIG_PATH, line, f"unknown rule '{rule_id}' in severity overrides", column=column,
                             hint=_unknown_hint(rule_id))
    for index, waiver in enumerate(settings.waivers):
        if waiver.rule not in known:
            line, column = source.position(("rules", "waivers", index, "rule")) if source else (1, 1)
            raise InputError(CONFIG_PATH, line, f"unknown rule '{waiver.rule}' in waivers[{index}]", column=column,
                             hint=_unknown_hint(waiver.rule))
        if waiver.clause is not None and waiver.rule not in CLAUSE_RULES:
            line, column = source.position(("rules", "waivers", index, "clause")) if source else (1, 1)
            *first, last = sorted(CLAUSE_RULES)
            raise InputError(CONFIG_PATH, line, f"waivers[{index}]: {waiver.rule} findings are not about one clause; "
                             f"only {', '.join(first)} and {last} can be waived per clause", column=column,
                             hint="name a record or a path glob instead")


def disabled_rules(config: Config) -> frozenset[str]:
    return frozenset(rule for rule, level in config.rules.severity.items() if level == "off")


def override(findings: list[Finding], config: Config) -> list[Finding]:
    levels = config.rules.severity
    kept = []
    for finding in findings:
        level = levels.get(finding.rule)
        if level == "off":
            continue
        kept.append(dataclasses.replace(finding, severity=Severity(level)) if level else finding)
    return kept


def _matches(waiver: Waiver, finding: Finding) -> bool:
    """Every criterion the waiver names must hold: its rule, and its record, path glob and clause if given."""
    return (waiver.rule == finding.rule
            and (waiver.record is None or finding.record_id == waiver.record)
            and (waiver.path is None or fnmatchcase(finding.location.path, waiver.path))
            and (waiver.clause is None or waiver.clause in finding.clauses))


def apply_waivers(findings: list[Finding], config: Config, source: Document | None, repo: Repository,
                  today: date) -> tuple[list[Finding], list[Waived]]:
    """Split findings into (reported, waived) and add the findings about the waivers themselves."""
    def where(index: int, key: str) -> Location:
        line, column = source.position(("rules", "waivers", index, key)) if source else (1, 1)
        return Location(CONFIG_PATH, line, column)

    # An expired waiver, or one approved by someone without a role, waives nothing (and is itself a finding).
    active = [(index, waiver) for index, waiver in enumerate(config.rules.waivers)
              if waiver.expires >= today and holds_role(repo, waiver.approved_by, None, today)]
    used: set[int] = set()
    reported: list[Finding] = []
    waived: list[Waived] = []
    for finding in findings:
        match = next(((index, waiver) for index, waiver in active if _matches(waiver, finding)), None)
        if match is None:
            reported.append(finding)
        else:
            index, waiver = match
            used.add(index)
            waived.append(Waived(finding, waiver.reason, waiver.approved_by, waiver.expires, where(index, "rule")))
    for index, waiver in enumerate(config.rules.waivers):
        target = waiver.target
        if waiver.expires < today:
            reported.append(EXPIRED_WAIVER.finding(f"waiver of {waiver.rule} for {target} expired on "
                                                   f"{waiver.expires.isoformat()}", where(index, "expires"),
                                                   hint="fix the finding and remove the waiver, or renew it"))
        elif index not in used and holds_role(repo, waiver.approved_by, None, today):
            reported.append(UNUSED_WAIVER.finding(f"waiver of {waiver.rule} for {target} matches no finding",
                                                  where(index, "rule"), hint="remove the waiver"))
        if not holds_role(repo, waiver.approved_by, None, today):
            reported.append(WAIVER_WITHOUT_AUTHORITY.finding(f"waiver approver '{waiver.approved_by}' is not a person "
                                                             "holding a role today", where(index, "approved_by")))
    return reported, waived
