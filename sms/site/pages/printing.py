"""What a controlled document carries on paper: a line naming the document, its version, status and approval
and the commit the site was built from, with "Uncontrolled when printed", repeated at the foot of every
printed page.

The line is hidden on screen; sms.css shows it in print as a `position: fixed` box, which Chromium repeats on
every printed page (CSS running elements, the standard way, are not implemented there). The id links to the
page itself: on paper, where the controlled copy lives; in a PDF, a link on every page. Search skips the line,
so a record's page is not found twice for its own id."""

from __future__ import annotations

from typing import Any

from sms.site.fields import label_value
from sms.site.pages.chrome import NOT_SEARCHED
from sms.site.pages.nav import record_path
from sms.site.pages.site import Site, title_of
from sms.site.safe_html import text
from sms.store.repository import Entry

UNCONTROLLED = "Uncontrolled when printed"


def print_footer(site: Site, entry: Entry, document: dict[str, Any]) -> str:
    """The printed-page footer of a controlled document (escaped HTML, hidden on screen)."""
    status = str(document.get("status") or "no status")
    here = record_path(entry.kind or "", entry.id or "")
    parts = [site.link(here, here, f"<strong>{text(entry.id)}</strong>") + f" {text(title_of(entry))}",
             f"version {text(document.get('version') or '?')}", text(label_value(status))]
    if status == "approved":
        approver = site.repo.get(str(document.get("approved_by") or ""))
        name = title_of(approver) if approver is not None and title_of(approver) else document.get("approved_by")
        approval = f"approved by {text(name)} on {text(document.get('approved_on'))}"
        history = site.data.histories.get(entry.id or "")
        if history is not None and history.approval is not None:
            approval += f" (commit {text(history.approval.short)})"
        parts.append(approval)
    commit = site.data.commit
    built = (f"printed from commit {text(commit.short)}" + (" with uncommitted changes" if site.data.dirty else "")
             if commit is not None else "not built from a git commit")
    parts += [built, f"as at {text(site.data.as_of.isoformat())}"]
    return (f'<div class="sms-print-footer" aria-hidden="true" {NOT_SEARCHED}>{" · ".join(parts)}'
            f' · <strong class="sms-uncontrolled">{UNCONTROLLED}</strong></div>')
