"""JSON for machines: {"findings": [...], "waived": [...], "summary": {...}}; stable key order, sorted findings.
A waived finding carries its waiver: reason, approver, expiry and where it is written in sms.yaml."""

from __future__ import annotations

import json
from typing import Any

from sms.core.findings import Finding, Result, Severity


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


def render(result: Result, quiet: bool = False) -> str:
    findings = [f for f in result.sorted() if not quiet or f.severity is Severity.ERROR]
    document = {
        "findings": [as_dict(f) for f in findings],
        "waived": [{**as_dict(w.finding), "waiver": {"reason": w.reason, "approved_by": w.approved_by,
                                                       "expires": w.expires.isoformat(), "path": w.location.path,
                                                       "line": w.location.line}}
                   for w in result.sorted_waived()],
        "summary": {"records": result.records, "errors": result.errors, "warnings": result.warnings,
                    "waived": len(result.waived)},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
