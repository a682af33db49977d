"""`sms renumber OLD`: move a record to the next free id of its kind and rewrite every reference to it.

Used to resolve SMS311 (two branches added the same id). The new id is free both in the work tree and on
the target branch; the file is renamed, its Markdown body too when it is named after the id, and every
reference is rewritten through the round-trip writer, so comments and formatting survive. All files are
written together or not at all.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sms.core.errors import SmsError, UsageError
from sms.core.text import shown
from sms.git import history
from sms.models import SLUG_KINDS
from sms.store.repository import Repository
from sms.store.writer import dump, load_roundtrip, replace_all


@dataclass(frozen=True)
class Plan:
    """What a renumbering will do."""

    old: str
    new: str
    writes: dict[str, str]
    renames: dict[str, str]
    references: int


MAX_NUMBER = 10**9 - 1  # ids carry at most nine digits (RECORD_ID_PATTERN)


def next_free_id(repo: Repository, kind: str, taken_elsewhere: set[str]) -> str:
    """The next id of the kind after the highest in use; if one record holds a number so high that nothing
    follows it (CHG-999999999), the lowest free number instead, so one odd id cannot stop `sms new`. Padded
    to the width most ids of the kind have (at least four digits)."""
    prefix = repo.config.prefix(kind)
    pattern = re.compile(rf"^{re.escape(prefix)}-([0-9]+)$")
    numbers = {int(match.group(1)) for record_id in (*repo.by_id, *taken_elsewhere)
               if (match := pattern.match(record_id))}
    number = max(numbers, default=0) + 1
    if number > MAX_NUMBER:
        number = next(candidate for candidate in range(1, MAX_NUMBER + 1) if candidate not in numbers)
    widths = Counter(len(match.group(1)) for record_id in repo.by_id if (match := pattern.match(record_id)))
    width = max(4, widths.most_common(1)[0][0] if widths else 4)
    return f"{prefix}-{number:0{width}d}"


def valid_new_id(repo: Repository, kind: str, new: str) -> str:
    """`--to ID` must be an id of the record's kind: it becomes a file name, so nothing else may pass."""
    prefix = repo.config.prefix(kind)
    if not re.fullmatch(rf"{re.escape(prefix)}-[0-9]{{1,9}}", new):
        raise UsageError(f"--to {shown(new)}: not an id of a {kind}", hint=f"use the form {prefix}-0042")
    return new


def taken_on_target(root: Path, base: str | None) -> set[str]:
    """Ids on the branch a new record will merge into: `base`, else the default branch (none outside git)."""
    ref = base if base is not None else (history.default_branch(root) if history.in_git(root) else None)
    return ids_on(root, ref)


def ids_on(root: Path, ref: str | None) -> set[str]:
    """Record ids (file stems) on another branch, so the new id is free there too."""
    if ref is None or ref.lower() == "none" or not history.in_git(root):
        return set()
    sha = history.resolve_ref(root, ref)
    return {path.rsplit("/", 1)[-1][: -len(".yaml")] for path in history.record_paths_at(root, sha)}


def _set(tree: Any, path: tuple[str | int, ...], value: str) -> None:
    for part in path[:-1]:
        tree = tree[part]
    tree[path[-1]] = value


def plan(repo: Repository, old: str, new: str | None, taken_elsewhere: set[str]) -> Plan:
    entry = repo.get(old)
    if entry is None or entry.kind is None:
        raise UsageError(f"no record '{old}' in {repo.root}")
    if entry.kind in SLUG_KINDS:
        raise UsageError(f"{old} is {entry.kind} with a slug id; rename it by hand")
    new = valid_new_id(repo, entry.kind, new) if new else next_free_id(repo, entry.kind, taken_elsewhere)
    if repo.get(new) is not None or new in taken_elsewhere:
        raise UsageError(f"{new} is already taken")
    folder = entry.path.rsplit("/", 1)[0]
    renames = {entry.path: f"{folder}/{new}.yaml"}
    writes: dict[str, str] = {}
    count = 0
    for other in repo.entries:
        if other.kind is None:
            continue
        paths = [path for path, target, _kinds in other.refs if target == old]
        if other is not entry and not paths:
            continue
        tree = load_roundtrip(repo.root, other.path)
        for path in paths:
            _set(tree, path, new)
        count += len(paths)
        if other is entry:
            tree["id"] = new
            document = tree.get("document")
            if isinstance(document, dict) and document.get("body") == f"{old}.md":
                document["body"] = f"{new}.md"
                renames[f"{folder}/{old}.md"] = f"{folder}/{new}.md"
        writes[other.path] = dump(tree)
    return Plan(old, new, writes, renames, count)


def apply(repo: Repository, chosen: Plan) -> None:
    if any(not (repo.root / path).exists() for path in chosen.renames):
        raise SmsError("a file to rename has disappeared; nothing was changed")
    replace_all(repo.root, chosen.writes, chosen.renames)
