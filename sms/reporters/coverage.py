"""The clause-coverage matrix as text, JSON or Markdown: each clause's status, what kind of evidence it has
(records of the activity being done, or documents only), and the records themselves."""

from __future__ import annotations

import json
from typing import Any

from sms.analysis.coverage import STATUS_LABELS, STATUSES, ClauseStatus

KIND_WORDS = {"records": "records of it being done", "documents": "documents only", "none": "none"}


def as_dict(status: ClauseStatus) -> dict[str, Any]:
    return {
        "clause": status.clause.clause,
        "title": status.clause.title,
        "status": status.status,
        "evidence_kind": status.evidence_kind if status.clause.evidence else None,
        "documents": status.documents,
        "records": status.records,
        "evidence": status.evidence_ids,
        "missing": [result.evidence.label for result in status.missing] if status.clause.evidence else [],
        "justification": status.justification,
    }


def _ids(ids: list[str], shown: int = 6) -> str:
    return ", ".join(ids[:shown]) + (f" (+{len(ids) - shown})" if len(ids) > shown else "")


def _detail(row: dict[str, Any]) -> str:
    if row["justification"]:
        return f"excluded: {row['justification']}"
    parts = []
    if row["documents"]:
        parts.append("documents: " + _ids(row["documents"]))
    if row["records"]:
        parts.append("records: " + _ids(row["records"]))
    if row["status"] == "documented":
        parts.append("not evidenced: no record shows it being done")
    if row["missing"]:
        parts.append("missing: " + "; ".join(row["missing"]))
    return "; ".join(parts)


def _totals(statuses: list[ClauseStatus]) -> str:
    counts = {name: sum(1 for s in statuses if s.status == name) for name in STATUSES}
    return ", ".join(f"{count} {STATUS_LABELS.get(name, name)}" for name, count in counts.items())


def render_text(statuses: list[ClauseStatus]) -> str:
    width = max(len(status.clause.clause) for status in statuses)
    state = max(len(name) for name in STATUSES)
    lines = []
    for status in statuses:
        row = as_dict(status)
        detail = _detail(row)
        lines.append(f"{row['clause']:<{width}}  {row['status']:<{state}}  {row['title']}"
                     + (f"  — {detail}" if detail else ""))
    lines.append(_totals(statuses))
    return "\n".join(lines) + "\n"


def render_json(statuses: list[ClauseStatus]) -> str:
    return json.dumps({"clauses": [as_dict(s) for s in statuses]}, indent=2, ensure_ascii=False) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def render_markdown(statuses: list[ClauseStatus]) -> str:
    lines = ["| Clause | Title | Status | Evidence kind | Documents | Records | Missing |",
             "|---|---|---|---|---|---|---|"]
    for status in statuses:
        row = as_dict(status)
        kind = KIND_WORDS[row["evidence_kind"]] if row["evidence_kind"] else ""
        missing = _md("; ".join(row["missing"]))
        if row["justification"]:
            missing = "excluded: " + _md(row["justification"])
        lines.append(f"| {row['clause']} | {_md(row['title'])} | {STATUS_LABELS.get(row['status'], row['status'])} "
                     f"| {kind} | {', '.join(row['documents'])} | {', '.join(row['records'])} | {missing} |")
    return "\n".join(lines) + "\n"


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}
