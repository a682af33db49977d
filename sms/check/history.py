"""The approval history of the controlled documents (SMS313) kept between runs (`.sms-cache/approvals.bin`): a
check after an edit that touches no document, at the same commit, walks no git history.

It is kept, signed like the other caches, under a digest of everything it is worked out from: the code of sms,
HEAD (the history: commits never change), the shallow marker, the size limit, and each controlled document's path
and content with its Markdown body as read now. Anything unknown (no commit yet, a document whose content git
does not know) and it is worked out afresh, as without a cache.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sms.analysis.approvals import ApprovalHistory, approval_history, body_path
from sms.check.reuse import code_parts, content_id
from sms.core.errors import InputError
from sms.models import CONTROLLED
from sms.store.cache import FOLDER, input_digest, read_signed, write_signed
from sms.store.loader import read_text
from sms.store.repository import Repository

FILE = "approvals.bin"


def kept_history(repo: Repository, key: bytes, head: str | None, git_dir: Path) -> ApprovalHistory:
    """The approval history of `repo`'s documents: the one kept when all it depends on is as it was."""
    inputs = _inputs(repo, head, git_dir)
    if inputs is None:
        return approval_history(repo)
    digest = input_digest(inputs)
    path = repo.root / FOLDER / FILE
    held = read_signed(path, key, digest)
    if isinstance(held, ApprovalHistory):
        return held
    history = approval_history(repo)
    write_signed(path, key, digest, history)
    return history


def _inputs(repo: Repository, head: str | None, git_dir: Path) -> tuple[object, ...] | None:
    if head is None:
        return None
    limit = repo.config.bytes_limit()
    documents: list[tuple[str, str, str | None, str | None]] = []
    for entry in repo.of_kinds(CONTROLLED):
        blob = repo.blobs.get(entry.path)
        if blob is None:
            return None
        body = body_path(entry)
        documents.append((entry.path, blob, body, None if body is None else _body(repo.root, body, limit)))
    return (*code_parts(), head, content_id(git_dir / "shallow"), limit, documents)


def _body(root: Path, body: str, limit: int) -> str:
    """The body as SMS313 reads it (refused where it is unsafe or too big), by digest or by the refusal."""
    try:
        return hashlib.sha256(read_text(root, body, max_bytes=limit).encode("utf-8", "surrogateescape")).hexdigest()
    except InputError as exc:
        return f"unreadable: {exc}"
