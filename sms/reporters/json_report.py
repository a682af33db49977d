"""JSON for machines: {"findings": [...], "waived": [...], "summary": {...}}; stable key order, sorted findings.
A waived finding carries its waiver: reason, approver, expiry and where it is written in sms.yaml. The text is
safe to print in a GitHub Actions log: no record text in it can read as a workflow command."""

from __future__ import annotations

import json
from typing import Any

from sms.core.findings import Finding, Result, Severity
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


def settings_dict(result: Result) -> dict[str, Any]:
    """The rule settings the check ran with (also SARIF's run properties)."""
    settings = result.settings
    return {"disabled_rules": list(settings.disabled),
            "severity_overrides": dict(settings.severities),
            "waivers": [{"rule": w.rule, "for": w.target, "reason": w.reason, "approved_by": w.approved_by,
                         "expires": w.expires.isoformat()} for w in settings.waivers],
            "governed_by": settings.governed_by}


def render(result: Result, quiet: bool = False) -> str:
    findings = [f for f in result.sorted() if not quiet or f.severity is Severity.ERROR]
    document = {
        "findings": [as_dict(f) for f in findings],
        "waived": [{**as_dict(w.finding), "waiver": {"reason": w.reason, "approved_by": w.approved_by,
                                                       "expires": w.expires.isoformat(), "path": w.location.path,
                                                       "line": w.location.line}}
                   for w in result.sorted_waived()],
        "settings": settings_dict(result),
        "summary": {"records": result.records, "errors": result.errors, "warnings": result.warnings,
                    "waived": len(result.waived)},
    }
    return log_safe_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"  # may be printed in a CI log
