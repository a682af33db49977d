"""Document control over the whole history: for each approved controlled document, the commit that recorded
its current approval, the commits since, and whether its content changed after that approval without a new
version and approval (rule SMS313; the site's "changed after approval").

The content of a document is its record as sms reads it, less the document block (version, approval,
review dates: the control metadata) and the link-review stamps `sms review` writes, plus the text of its
Markdown body. Parsed data is compared, not bytes, so reformatting and comments are not changes.

One `git log` over the folders that hold the documents answers every document (sms.git.history.path_log,
document_log: the site reads its revision tables from the same walk); each blob is parsed at most once.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sms.analysis.standing import is_approved
from sms.analysis.suspect import STAMP_FIELD
from sms.core.errors import InputError
from sms.git import history
from sms.git.commits import Commit, PathLog, Touch
from sms.models import CONTROLLED, KINDS
from sms.store.loader import decode_utf8, parse, read_text
from sms.store.repository import Entry, Repository

#: What identifies an approval: a new version approved anew changes at least one of these.
APPROVAL = ("status", "version", "approved_on", "approved_by")
#: Not content: the document-control block and the stamps of reviewed links.
METADATA = ("document", STAMP_FIELD)


def content(data: Any) -> Any:
    """A record's content for document control: its data without the control metadata and link stamps."""
    return {key: value for key, value in data.items() if key not in METADATA} if isinstance(data, dict) else data


def without_stamps(data: Any) -> Any:
    """A record's data without the link-review stamps (reviewing links changes no content)."""
    return {key: value for key, value in data.items() if key != STAMP_FIELD} if isinstance(data, dict) else data


def prose(text: str) -> str:
    """A Markdown body as compared: line endings and trailing spaces are layout, not content."""
    return "\n".join(line.rstrip() for line in text.splitlines()).strip()


def _approval(data: Any) -> tuple[Any, ...] | None:
    document = data.get("document") if isinstance(data, dict) else None
    if not isinstance(document, dict) or document.get("status") != "approved":
        return None
    return tuple(document.get(name) for name in APPROVAL)


def body_path(entry: Entry) -> str | None:
    """The Markdown body file of a controlled document, relative to the SMS root."""
    if "document" not in entry.keys:  # known without the record; and a pydantic model's failed getattr is slow
        return None
    document = getattr(entry.record, "document", None)
    body = getattr(document, "body", None)
    return posixpath.join(posixpath.dirname(entry.path), body) if isinstance(body, str) else None


@dataclass(frozen=True)
class SinceApproval:
    """A commit after the approval that touched the document's record file or its body."""

    commit: Commit
    changed: bool  # it changed the content (not only the control metadata or link stamps)


@dataclass(frozen=True)
class Approved:
    """Where a document's files were, and their blobs, in the commit that recorded its current approval."""

    record_path: str
    record_blob: str | None
    body_path: str | None = None  # None: the document had no body file then
    body_blob: str | None = None


@dataclass(frozen=True)
class Trail:
    """An approved document's history since its current approval."""

    approval: Commit  # the commit that recorded the current approval
    version: str
    since: tuple[SinceApproval, ...] = ()  # oldest first
    changed_in: tuple[Commit, ...] = ()  # commits after the approval that left the content differing from what
    # was approved, oldest first; empty unless the content now still differs
    approved: Approved | None = None  # the files as approved, for the site's "changes since approval"

    @property
    def changed_after_approval(self) -> bool:
        return bool(self.changed_in)


@dataclass(frozen=True)
class ApprovalHistory:
    """The answer for every approved document: trails by record id."""

    trails: dict[str, Trail] = field(default_factory=dict)
    available: bool = False  # git history was read (the SMS is committed in a git repository)
    shallow: bool = False  # a shallow clone: the history is cut off, so no judgement is made


class _Reader:
    """Blob contents by sha, each read and parsed once."""

    def __init__(self, repo: Repository) -> None:
        self.root = repo.root
        self.limit = repo.config.bytes_limit()
        self.data: dict[str, Any] = {}
        self.texts: dict[str, str | None] = {}

    def text(self, blob: str | None) -> str | None:
        if blob is None:
            return None
        if blob not in self.texts:
            raw = history.read_blob(self.root, blob)
            try:
                self.texts[blob] = prose(decode_utf8("", raw)) if len(raw) <= self.limit else None
            except InputError:
                self.texts[blob] = None
        return self.texts[blob]

    def record(self, blob: str | None, path: str) -> Any:
        if blob is None:
            return None
        if blob not in self.data:
            text = self.text(blob)
            try:
                self.data[blob] = parse(path, text).data if text is not None else None
            except InputError:
                self.data[blob] = None
        return self.data[blob]


def _at(touches: list[Touch], order: int) -> Touch | None:
    """The file as of the commit at `order`: its newest touch at or before it (touches are newest first)."""
    return next((touch for touch in touches if touch.order >= order), None)


def _trail(log: PathLog, reader: _Reader, entry: Entry) -> Trail | None:
    key = _approval(entry.data)
    record = log.lineage(entry.path)
    start: Touch | None = None
    for touch in record:  # newest first: the oldest commit of the newest run that carries the approval
        if _approval(reader.record(touch.blob, touch.path)) != key:
            break
        start = touch
    if key is None or start is None:
        return None  # not approved, or the approval is not committed yet
    body = body_path(entry)
    body_touches = log.lineage(body) if body is not None else []

    def state(order: int) -> tuple[Any, str | None]:
        touch = _at(record, order)
        text = _at(body_touches, order)
        return (content(reader.record(touch.blob, touch.path)) if touch is not None else None,
                reader.text(text.blob) if text is not None else None)

    approved = state(start.order)
    later = sorted({touch.order: touch.commit for touch in [*record, *body_touches] if touch.order < start.order}
                   .items(), reverse=True)  # oldest first
    since: list[SinceApproval] = []
    changed_in: list[Commit] = []
    previous = approved
    for order, commit in later:
        now = state(order)
        since.append(SinceApproval(commit, now != previous))
        if now != previous and now != approved:
            changed_in.append(commit)
        previous = now
    try:
        body_now = prose(read_text(reader.root, body, max_bytes=reader.limit)) if body is not None else None
    except InputError:
        body_now = None
    if (content(entry.data), body_now) == approved:
        changed_in = []  # changed and changed back: the content is what was approved
    body_then = _at(body_touches, start.order)
    approved_files = Approved(start.path, start.blob, body_then.path if body_then is not None else None,
                              body_then.blob if body_then is not None else None)
    return Trail(start.commit, str(key[1]), tuple(since), tuple(changed_in), approved_files)


def _home(entry: Entry) -> str:
    """The folder a document's kind lives in (records/slas, or policies): renames inside it are followed."""
    spec = KINDS.spec(entry.kind) if entry.kind is not None and entry.kind in KINDS else None
    if spec is not None and spec.folder and entry.path.startswith(f"records/{spec.folder}/"):
        return f"records/{spec.folder}"
    return entry.path.split("/", 1)[0] if "/" in entry.path else "."


def _folder(path: str) -> str:
    """A file's folder as _home names folders: records/<kind folder>, or the top folder."""
    parts = path.split("/")
    if len(parts) > 2 and parts[0] == "records":
        return f"records/{parts[1]}"
    return parts[0] if len(parts) > 1 else "."


def history_folders(documents: Iterable[Entry]) -> tuple[str, ...]:
    """The folders one `git log` walks for these documents: each record's kind folder and each body file's
    (renames inside them are followed)."""
    found: set[str] = set()
    for entry in documents:
        found.add(_home(entry))
        body = body_path(entry)
        if body is not None:
            found.add(_folder(posixpath.normpath(body)))
    return tuple(sorted(found - {"..", "."}))


def document_log(repo: Repository) -> PathLog:
    """One walk of git's history over every controlled document's files: what SMS313 judges (approval_history)
    and the site's revision tables read, so the two agree and git is walked once."""
    return history.path_log(repo.root, history_folders(repo.of_kinds(CONTROLLED)))


def approval_history(repo: Repository, log: PathLog | None = None) -> ApprovalHistory:
    """Trails for every approved, valid controlled document of a repository; nothing without git history.
    `log`: document_log(repo), when the caller has walked it already (the site)."""
    root = repo.root
    if not history.in_git(root) or history.head_commit(root) is None:
        return ApprovalHistory()
    documents = [entry for entry in repo.of_kinds(CONTROLLED)
                 if entry.id is not None and entry.record is not None and is_approved(entry)]
    if history.is_shallow(root):
        return ApprovalHistory(available=True, shallow=True)
    log = log if log is not None else document_log(repo)
    reader = _Reader(repo)
    trails = {}
    for entry in documents:
        assert entry.id is not None
        trail = _trail(log, reader, entry)
        if trail is not None:
            trails[entry.id] = trail
    return ApprovalHistory(trails, available=True)
