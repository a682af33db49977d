"""Repository → {path: markdown}. Pure: no mkdocs, no file writes; unit-testable on small repositories.

Record text is untrusted (DESIGN §7): every value is HTML-escaped and placed in raw HTML blocks, which
Python-Markdown passes through without interpreting Markdown, attribute lists or snippets inside them.
"""

from __future__ import annotations

from html import escape

from sms.models import KINDS
from sms.repository import Entry, Repository

REGISTER_PAGE = "registers/index.md"


def _status(entry: Entry) -> str:
    data = entry.data if isinstance(entry.data, dict) else {}
    document = data.get("document")
    if isinstance(document, dict) and isinstance(document.get("status"), str):
        return str(document["status"])
    status = data.get("status") or data.get("lifecycle")
    return status if isinstance(status, str) else ""


def _cell(value: object) -> str:
    return f"<td>{escape(str(value)) if value is not None else ''}</td>"


def register_page(repo: Repository) -> str:
    """One table per kind: id, title, owner, status, file."""
    lines = ["# Records", "", f"{len(repo.entries)} records in this SMS, by kind.", ""]
    for kind in sorted(KINDS):
        entries = sorted((e for e in repo.of_kind(kind)), key=lambda e: e.id or "")
        if not entries:
            continue
        lines += [f"## {kind.replace('_', ' ').capitalize()} ({len(entries)})", "",
                  "<table>", "<thead><tr><th>Id</th><th>Title</th><th>Owner</th><th>Status</th><th>File</th></tr>"
                  "</thead>", "<tbody>"]
        for entry in entries:
            data = entry.data
            lines.append("<tr>" + _cell(entry.id) + _cell(data.get("title")) + _cell(data.get("owner"))
                         + _cell(_status(entry)) + f"<td><code>{escape(entry.path)}</code></td></tr>")
        lines += ["</tbody>", "</table>", ""]
    return "\n".join(lines)


def build_pages(repo: Repository) -> dict[str, str]:
    """Every generated page, by its path inside the site's docs."""
    return {REGISTER_PAGE: register_page(repo)}
