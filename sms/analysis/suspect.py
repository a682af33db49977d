"""Suspect links: a link remembers the content hash of its target as it was reviewed; when the target
changes, the link is suspect until someone checks it still holds and re-stamps it with `sms review ID`.

Like Doorstop's fingerprints, but over the record's data as sms reads it, so reformatting or comments do
not make links suspect; only content does.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sms.store.repository import Entry

STAMP_FIELD = "reviewed_links"


def fingerprint(data: Any) -> str:
    """12 hex digits of SHA-256 over the record's data without its own stamps."""
    content = {key: value for key, value in data.items() if key != STAMP_FIELD} if isinstance(data, dict) else data
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def linked_ids(entry: Entry) -> list[str]:
    """The ids a record links to under `links:` (not owners, authors or people)."""
    if entry.kind is None:
        return []
    found = [target for path, target, _kinds in entry.refs if path[:1] == ("links",)]
    return list(dict.fromkeys(found))
