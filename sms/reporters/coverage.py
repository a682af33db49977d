"""The clause-coverage matrix as text, JSON or Markdown."""

from __future__ import annotations

import json
from typing import Any

from sms.analysis.coverage import STATUSES, ClauseStatus


def as_dict(status: ClauseStatus) -> dict[str, Any]:
    return {
        "clause": status.clause.clause,
        "title": status.clause.title,
        "status": status.status,
        "evidence": status.evidence_ids,
        "missing": [result.evidence.label for result in status.missing] if status.clause.evidence else [],
        "justification": status.justification,
    }


def render_text(statuses: list[ClauseStatus]) -> str:
    width = max(len(status.clause.clause) for status in statuses)
    lines = []
    for status in statuses:
        row = as_dict(status)
        detail = ", ".join(row["evidence"][:6]) + (f" (+{len(row['evidence']) - 6})" if len(row["evidence"]) > 6
                                                   else "")
        if row["missing"]:
            detail += ("; " if detail else "") + "missing: " + "; ".join(row["missing"])
        if row["justification"]:
            detail = "excluded: " + row["justification"]
        lines.append(f"{row['clause']:<{width}}  {row['status']:<8}  {row['title']}" + (f"  — {detail}" if detail
                                                                                          else ""))
    counts = {name: sum(1 for s in statuses if s.status == name) for name in STATUSES}
    lines.append(", ".join(f"{count} {name}" for name, count in counts.items()))
    return "\n".join(lines) + "\n"


def render_json(statuses: list[ClauseStatus]) -> str:
    return json.dumps({"clauses": [as_dict(s) for s in statuses]}, indent=2, ensure_ascii=False) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def render_markdown(statuses: list[ClauseStatus]) -> str:
    lines = ["| Clause | Title | Status | Evidence |", "|---|---|---|---|"]
    for status in statuses:
        row = as_dict(status)
        evidence = ", ".join(row["evidence"]) or (_md(row["justification"] or "") if row["justification"] else "")
        if row["missing"]:
            evidence += (" — " if evidence else "") + "missing: " + _md("; ".join(row["missing"]))
        lines.append(f"| {row['clause']} | {_md(row['title'])} | {row['status']} | {evidence} |")
    return "\n".join(lines) + "\n"


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}
