"""JSON for machines: {"findings": [...], "omitted": [...], "waived": [...], "waived_omitted": [...], "settings": {...},
"summary": {...}}; stable key order, sorted findings, at most limits.max_findings_per_rule of each rule; "omitted"
counts the rest of each such rule. A waived finding carries its waiver: reason, approver, expiry and where it is
written in sms.yaml; waived findings are capped per rule the same way, "waived_omitted" counting the rest, and the
summary counts them all. The text is safe to print in a GitHub Actions log: no record text in it can read as a
workflow command."""

from __future__ import annotations

import json
from typing import Any

from sms.core.findings import Finding, Omitted, Result, Waived
from sms.core.text import log_safe_json


def as_dict(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
        "path": finding.location.path,
        "line": finding.location.line,
        "column": finding.location.column,
        "record": finding.record_id,
        "clauses": list(finding.clauses),
        "hint": finding.hint,
    }


def omitted_dict(omitted: Omitted) -> dict[str, Any]:
    """A rule's findings past the per-rule limit, counted (also in SARIF's run properties)."""
    return {"rule": omitted.rule, "severity": omitted.severity.value, "count": omitted.count,
            "limit": omitted.limit, "message": omitted.line()}


def waived_dict(waived: Waived) -> dict[str, Any]:
    """A waived finding with the waiver that accepted it."""
    return {**as_dict(waived.finding), "waiver": {"reason": waived.reason, "approved_by": waived.approved_by,
                                                  "expires": waived.expires.isoformat(),
                                                  "path": waived.location.path, "line": waived.location.line}}


def settings_dict(result: Result) -> dict[str, Any]:
    """The rule settings the check ran with (also SARIF's run properties)."""
    settings = result.settings
    return {"disabled_rules": list(settings.disabled),
            "severity_overrides": dict(settings.severities),
            "waivers": [{"rule": w.rule, "for": w.target, "reason": w.reason, "approved_by": w.approved_by,
                         "expires": w.expires.isoformat()} for w in settings.waivers],
            "governed_by": settings.governed_by}


def render(result: Result, quiet: bool = False) -> str:
    listed = result.shown(quiet)
    waived = result.shown_waived()  # every severity even when quiet: what was accepted is never hidden
    document = {
        "findings": [as_dict(f) for f in listed.findings],
        "omitted": [omitted_dict(o) for o in listed.omitted],
        "waived": [waived_dict(w) for w in waived.waived],
        "waived_omitted": [omitted_dict(o) for o in waived.omitted],
        "settings": settings_dict(result),
        "summary": {"records": result.records, "errors": result.errors, "warnings": result.warnings,
                    "waived": len(result.waived)},
    }
    return log_safe_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"  # may be printed in a CI log
