"""`sms review ID`: record that a record's links were reviewed against their targets as they are now."""

from __future__ import annotations

from sms.analysis.suspect import STAMP_FIELD, fingerprint, linked_ids
from sms.core.errors import UsageError
from sms.store.repository import Repository
from sms.store.writer import dump, load_roundtrip, replace_all


def restamp(repo: Repository, record_id: str, only: str | None = None) -> tuple[str, dict[str, str]]:
    """New text for the record with its links' stamps renewed (all links, or just `only`)."""
    entry = repo.get(record_id)
    if entry is None or entry.record is None:
        raise UsageError(f"no valid record '{record_id}'", hint="`sms check` shows why it does not validate")
    targets = linked_ids(entry)
    if only is not None:
        if only not in targets:
            raise UsageError(f"{record_id} does not link to {only}")
        targets = [only]
    if not targets:
        raise UsageError(f"{record_id} has no links to review")
    stamps = {}
    for target in targets:
        linked = repo.get(target)
        if linked is None:
            raise UsageError(f"{record_id} links to {target}, which does not exist; fix that first")
        stamps[target] = fingerprint(linked.data)
    tree = load_roundtrip(repo.root, entry.path)
    existing = tree.get(STAMP_FIELD)
    if existing is None:
        tree[STAMP_FIELD] = dict(sorted(stamps.items()))
    else:
        for target, stamp in stamps.items():
            existing[target] = stamp
    return dump(tree), stamps


def review(repo: Repository, record_id: str, only: str | None = None) -> dict[str, str]:
    """Stamp the links and write the record; the stamps written, by linked id."""
    text, stamps = restamp(repo, record_id, only)
    entry = repo.get(record_id)
    assert entry is not None  # restamp raised otherwise
    replace_all(repo.root, {entry.path: text})
    return stamps
