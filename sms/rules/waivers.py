"""Apply sms.yaml's rule settings to a check's findings: severity overrides, then waivers.

Overrides and waivers come only from sms.yaml and are reported as such: a waived finding leaves the
findings list for the `waived` list (still in the JSON report), and every waiver that matches nothing,
has expired, or lacks an approver with a role is itself a finding.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from fnmatch import fnmatchcase

from sms.analysis.roles import holds_role
from sms.core.errors import InputError
from sms.core.findings import Finding, Location, Severity
from sms.rules.registry import RULES, make_finding
from sms.store.config import Config, Waiver
from sms.store.loader import Document
from sms.store.repository import Repository

CONFIG_PATH = "sms.yaml"


def validate_rule_ids(config: Config, source: Document | None) -> None:
    """Unknown rule ids in sms.yaml are configuration errors (exit 2), not findings."""
    settings = config.rules
    for rule_id in settings.severity:
        if rule_id not in RULES:
            line, column = source.position(("rules", "severity", rule_id)) if source else (1, 1)
            raise InputError(CONFIG_PATH, line, f"unknown rule '{rule_id}' in severity overrides", column=column,
                             hint="`sms rules` lists every rule")
    for index, waiver in enumerate(settings.waivers):
        if waiver.rule not in RULES:
            line, column = source.position(("rules", "waivers", index, "rule")) if source else (1, 1)
            raise InputError(CONFIG_PATH, line, f"unknown rule '{waiver.rule}' in waivers[{index}]", column=column,
                             hint="`sms rules` lists every rule")


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
    if waiver.rule != finding.rule:
        return False
    if waiver.record is not None:
        return finding.record_id == waiver.record
    return waiver.path is not None and fnmatchcase(finding.location.path, waiver.path)


def apply_waivers(findings: list[Finding], config: Config, source: Document | None, repo: Repository,
                  today: date) -> tuple[list[Finding], list[tuple[Finding, Waiver]]]:
    """Split findings into (reported, waived) and add the findings about the waivers themselves."""
    def where(index: int, key: str) -> Location:
        line, column = source.position(("rules", "waivers", index, key)) if source else (1, 1)
        return Location(CONFIG_PATH, line, column)

    # An expired waiver, or one approved by someone without a role, waives nothing (and is itself a finding).
    active = [(index, waiver) for index, waiver in enumerate(config.rules.waivers)
              if waiver.expires >= today and holds_role(repo, waiver.approved_by, None, today)]
    used: set[int] = set()
    reported: list[Finding] = []
    waived: list[tuple[Finding, Waiver]] = []
    for finding in findings:
        match = next(((index, waiver) for index, waiver in active if _matches(waiver, finding)), None)
        if match is None:
            reported.append(finding)
        else:
            used.add(match[0])
            waived.append((finding, match[1]))
    for index, waiver in enumerate(config.rules.waivers):
        target = waiver.record or waiver.path
        if waiver.expires < today:
            reported.append(make_finding("SMS902", f"waiver of {waiver.rule} for {target} expired on "
                                                   f"{waiver.expires.isoformat()}", where(index, "expires"),
                                         hint="fix the finding and remove the waiver, or renew it"))
        elif index not in used and holds_role(repo, waiver.approved_by, None, today):
            reported.append(make_finding("SMS901", f"waiver of {waiver.rule} for {target} matches no finding",
                                         where(index, "rule"), hint="remove the waiver"))
        if not holds_role(repo, waiver.approved_by, None, today):
            reported.append(make_finding("SMS903", f"waiver approver '{waiver.approved_by}' is not a person "
                                                   "holding a role today", where(index, "approved_by")))
    return reported, waived
