"""Where a record stands today: in force or history, approved, due for review, published.

Rules and pages ask the same questions; they are answered here once, from the kinds table.
"""

from __future__ import annotations

import re
from datetime import date

from sms.models import KINDS
from sms.models.common import ANY_ID_PATTERN, DocumentControl
from sms.store.repository import Entry, Repository

#: Document statuses that are no longer in force.
INACTIVE_DOCUMENT = ("superseded", "retired")

#: For a record of no known kind: every status after which some kind is finished.
_ANY_FINISHED = frozenset().union(*(kind.finished for kind in KINDS.specs()))


def is_current(entry: Entry) -> bool:
    """Whether a record is still in force: not a superseded/retired document, not a finished record, not a
    record of a past event (a continuity test, a management review)."""
    data = entry.data if isinstance(entry.data, dict) else {}
    document = data.get("document")
    if isinstance(document, dict):
        return document.get("status") not in INACTIVE_DOCUMENT and data.get("lifecycle") != "retired"
    spec = KINDS.spec(entry.kind) if entry.kind is not None and entry.kind in KINDS else None
    if spec is not None and spec.event:
        return False
    return data.get("status") not in (spec.finished if spec is not None else _ANY_FINISHED)


def is_approved(entry: Entry) -> bool:
    """An approved controlled document: what an organisation actually works to (drafts do not count)."""
    document = entry.data.get("document") if isinstance(entry.data, dict) else None
    return isinstance(document, dict) and document.get("status") == "approved"


def review_overdue(document: DocumentControl, today: date) -> bool:
    """An approved document whose next review date has passed (SMS202; the site's "Overdue" column)."""
    return document.status == "approved" and document.next_review is not None and document.next_review < today


def publishable(repo: Repository) -> list[Entry]:
    """Records that get a page: a known kind, a well-formed id, and the first file to claim that id."""
    return [entry for entry in repo.entries
            if entry.kind is not None and entry.id is not None and re.fullmatch(ANY_ID_PATTERN, entry.id)
            and repo.by_id.get(entry.id) is entry]
