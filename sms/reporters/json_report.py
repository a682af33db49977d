"""JSON for machines: {"findings": [...], "summary": {...}}; stable key order, sorted findings."""

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
        "waived": [as_dict(f) for f in sorted(result.waived, key=Finding.sort_key)],
        "summary": {"records": result.records, "errors": result.errors, "warnings": result.warnings,
                    "waived": len(result.waived)},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
