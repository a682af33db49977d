"""`sms history ID`: a record's audit trail from git — each commit that changed it, by whom and when, with
the status and version it moved to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sms.core.errors import InputError
from sms.git import history
from sms.store.loader import decode_utf8, parse


def _state(data: Any) -> tuple[str | None, str | None]:
    """(status, version) of a record's data, whichever it has."""
    if not isinstance(data, dict):
        return None, None
    document = data.get("document")
    if isinstance(document, dict):
        return _text(document.get("status")), _text(document.get("version"))
    return _text(data.get("status")), None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def trail(root: Path, relpath: str) -> list[str]:
    """One line per commit, oldest first; uncommitted changes last."""
    lines: list[str] = []
    previous: tuple[str | None, str | None] = (None, None)
    previous_path: str | None = None
    for commit, path in history.file_revisions(root, relpath):
        raw = history.read_at(root, commit.sha, path)
        try:
            state = _state(parse(path, decode_utf8(path, raw)).data) if raw is not None else (None, None)
        except InputError:
            state = (None, None)
        events = []
        if previous_path is None:
            events.append("created")
        elif raw is None:
            events.append("deleted")
        if previous_path is not None and path != previous_path:
            events.append(f"renamed from {previous_path}")
        if state[0] != previous[0] and state[0] is not None and previous_path is not None:
            events.append(f"status {previous[0]} → {state[0]}")
        if state[1] != previous[1] and state[1] is not None and previous_path is not None:
            events.append(f"version {previous[1]} → {state[1]}")
        when = commit.date.strftime("%Y-%m-%d %H:%M %z")
        lines.append(f"{commit.short}  {when}  {commit.author} <{commit.email}>  {commit.message}"
                     + (f"  [{'; '.join(events)}]" if events else ""))
        previous, previous_path = state, path
    if not lines:
        lines.append(f"{relpath}: not committed yet")
    elif history.is_dirty(root) and relpath in {c.path for c in history.changes_since(root, "HEAD")}:
        lines.append("(uncommitted changes in the work tree)")
    return lines
