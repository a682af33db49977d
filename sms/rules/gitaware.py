"""SMS304, SMS305, SMS309-SMS311, SMS316: rules that judge the change itself, against the base of the pull request
(`sms check --base REF`). They do nothing when no base is available."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sms.analysis.approvals import without_stamps
from sms.analysis.lifecycles import is_final, lifecycle
from sms.core.findings import Finding, Location, Severity
from sms.git.base import Base
from sms.models import KINDS, LIFECYCLE
from sms.rules.context import CheckContext
from sms.rules.registry import rule
from sms.store.repository import Entry


def changed_pairs(ctx: CheckContext) -> Iterator[tuple[Entry, Entry]]:
    """(record at base, record now) for every record whose file the PR changed, matched by id: a record moved
    to another folder and rewritten is still compared with what it was."""
    base = ctx.base
    if base is None:
        return
    for now in ctx.repo.entries:
        old = base.previous(now)
        if old is not None:
            yield old, now


@rule("SMS304", Severity.ERROR, ("7.5.3", "8.5.1.3"))
def history_append_only(ctx: CheckContext) -> Iterator[Finding]:
    """A record's history is append-only: no entry that exists at the base is edited or removed.

    The history is the audit trail of a record; a pull request may add entries at the end, never rewrite
    the past.

    Passing example: a PR appends `{status: implemented, ...}` to a change's history.
    Failing example: a PR changes the date of an existing history entry.
    """
    for old, now in changed_pairs(ctx):
        if now.record is None or old.record is None:
            continue
        before = old.data.get("history")
        after = now.data.get("history")
        if not isinstance(before, list) or not isinstance(after, list):
            continue
        for index, entry in enumerate(before):
            if index >= len(after):
                yield history_append_only.finding(f"history entries from history[{index}] on were removed "
                                                  f"(base has {len(before)}, now {len(after)})",
                                                  now.location(("history",)), record_id=now.id,
                                                  hint="restore them; add a new entry to record a correction")
                break
            if after[index] != entry:
                yield history_append_only.finding(
                    f"history[{index}] was edited; the history is append-only",
                    now.location(("history", index)), record_id=now.id,
                    hint="restore the entry; add a new entry with a note to record a correction")
                break


@rule("SMS305", Severity.ERROR, ("7.5.3",))
def final_records_immutable(ctx: CheckContext) -> Iterator[Finding]:
    """A record that was closed (or otherwise final) at the base is not changed.

    Closed changes, incidents, problems, nonconformities..., rejected or cancelled ones too, are evidence.
    A correction needs a waiver in sms.yaml (rule SMS305, the record, a reason, an approver, an expiry).

    Passing example: a PR edits an open incident.
    Failing example: a PR edits the resolution of a closed incident.
    """
    for old, now in changed_pairs(ctx):
        if not isinstance(old.data, dict):
            continue
        status = old.data.get("status")
        if is_final(old.kind, status) and old.data != now.data:
            yield final_records_immutable.finding(
                f"{old.kind} {old.id} was {status} at the base and must not change",
                now.location(("status",)), record_id=now.id,
                hint="revert the edit, or waive SMS305 for this record in sms.yaml with a reason")


def _version(text: Any) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in str(text).split("."))
    except ValueError:
        return ()


def _body(entry: Entry) -> str | None:
    """The path of a document's Markdown body file, if it names one."""
    document = entry.data.get("document") if isinstance(entry.data, dict) else None
    body = document.get("body") if isinstance(document, dict) else None
    return f"{entry.path.rsplit('/', 1)[0]}/{body}" if isinstance(body, str) else None


def _body_changed(base: Base, old: Entry, now: Entry) -> bool:
    body, old_body = _body(now), _body(old)
    if body is None:
        return old_body is not None
    if old_body is not None and old_body != body:  # moved with its document: compare what the files hold
        return not base.same_file(old_body, body)
    return any(change.path == body for change in base.changes)


@rule("SMS309", Severity.ERROR, ("7.5.2", "7.5.3"))
def approved_document_change_controlled(ctx: CheckContext) -> Iterator[Finding]:
    """An approved document whose content changes gets a higher version and goes through approval again.

    When an approved document (or its Markdown body) differs from the base, the pull request must raise
    `document.version` and either move the document to in_review/draft, or record the new approval in the
    same PR: a later `approved_on` and an `approved_by` other than the author. Reviewing the document's
    links (`sms review`, which only rewrites `reviewed_links`) is not a change of content.

    Passing example: version '1.2' → '1.3', status in_review.
    Failing example: a policy statement edited, version still '1.2'.
    """
    base = ctx.base
    if base is None:
        return
    for entry in ctx.repo.entries:
        document = entry.data.get("document") if isinstance(entry.data, dict) else None
        if not isinstance(document, dict) or entry.record is None:
            continue
        old = base.previous(entry)
        if old is None and _body_changed(base, entry, entry):
            old = entry  # only the body file changed: the YAML at base is the YAML now
        if old is None or not isinstance(old.data, dict) or old.data.get("document", {}).get("status") != "approved":
            continue
        if without_stamps(old.data) == without_stamps(entry.data) and not _body_changed(base, old, entry):
            continue  # unchanged, or only its links reviewed (`sms review`): metadata, not content
        old_document = old.data["document"]
        if _version(document.get("version")) <= _version(old_document.get("version")):
            yield approved_document_change_controlled.finding(
                f"approved document changed but its version is still "
                f"{document.get('version')}", entry.location(("document", "version")),
                record_id=entry.id, hint="raise document.version and set status: in_review")
            continue
        if document.get("status") in ("draft", "in_review"):
            continue
        approved_on, old_approved = document.get("approved_on"), old_document.get("approved_on")
        if document.get("status") == "approved" and not (
                isinstance(approved_on, str) and (not isinstance(old_approved, str) or approved_on > old_approved)
                and document.get("approved_by") not in (None, document.get("author"))):
            yield approved_document_change_controlled.finding(
                f"version {document.get('version')} is marked approved without a new "
                "approval", entry.location(("document", "status")), record_id=entry.id,
                hint="set status: in_review, or record approved_on (later than before) and "
                "approved_by (not the author)")


@rule("SMS310", Severity.ERROR, ("7.5.3",))
def retired_stays_retired(ctx: CheckContext) -> Iterator[Finding]:
    """A document retired at the base stays retired.

    Bringing a retired document back would revive an obsolete text under an old id; write a new document
    (it may say which one it replaces).

    Passing example: a new POL-0009 based on the retired POL-0004.
    Failing example: POL-0004 moved from retired back to approved.
    """
    for old, now in changed_pairs(ctx):
        if not isinstance(old.data, dict) or not isinstance(now.data, dict):
            continue
        before = old.data.get("document", {}).get("status") if isinstance(old.data.get("document"), dict) else None
        after = now.data.get("document", {}).get("status") if isinstance(now.data.get("document"), dict) else None
        if before == "retired" and after != "retired":
            yield retired_stays_retired.finding(f"{now.id} was retired at the base; it cannot become {after} again",
                                                now.location(("document", "status")), record_id=now.id,
                                                hint="create a new document instead")


@rule("SMS311", Severity.ERROR, ("7.5.2",))
def no_id_collision_with_target(ctx: CheckContext) -> Iterator[Finding]:
    """A record added by the pull request does not reuse an id the target branch already holds.

    Two branches that both add CHG-0043 would silently merge into one file (or a conflict). The rule
    compares records added since the merge base with the tip of the target branch. `sms renumber
    CHG-0043` moves this branch's record to the next free id on both branches and rewrites every
    reference to it.

    Passing example: this branch adds CHG-0044 while main has CHG-0043.
    Failing example: both this branch and main added CHG-0043 with different content.
    """
    base = ctx.base
    if base is None or base.tip == base.merge_base:
        return
    for change in base.changes:
        if change.status != "A" or not change.path.endswith(".yaml"):
            continue
        entry = next((e for e in ctx.repo.entries if e.path == change.path), None)
        if entry is None or entry.id is None:
            continue
        theirs = base.tip_paths.get(entry.id)
        if theirs is None:
            continue
        if theirs == entry.path and base.tip_data(theirs) == entry.data:
            continue  # the same record arrived on both sides (e.g. a cherry-pick)
        yield no_id_collision_with_target.finding(
            f"{entry.id} was also added on {base.ref} ({theirs}) with other content",
            entry.location(("id",)), record_id=entry.id,
            hint=f"run `sms renumber {entry.id}` to move this branch's record to a free id")


def _evidence_status(ctx: CheckContext, entry: Entry) -> str | None:
    """Why a record at the base is evidence that may not be deleted (its status, in words); None if it may go."""
    data, kind = entry.data, entry.kind
    if not isinstance(data, dict) or kind is None or kind not in KINDS:
        return None
    document = data.get("document")
    if isinstance(document, dict):
        return None if document.get("status") == "draft" else str(document.get("status"))
    if KINDS.spec(kind).event:
        return "an event record"
    status = data.get("status")
    if kind in LIFECYCLE and isinstance(status, str):
        record_type = data.get("type")
        initial = lifecycle(ctx.config, kind, record_type if isinstance(record_type, str) else None).initial
        return None if status == initial else status
    return None


@rule("SMS316", Severity.ERROR, ("7.5.3",))
def evidence_not_deleted(ctx: CheckContext) -> Iterator[Finding]:
    """A record that is evidence is not deleted: it is retired, cancelled or closed through its lifecycle.

    Records are identified by id across the pull request: a record whose id no longer exists anywhere was
    deleted, whatever happened to its file. A record past its first status, a controlled document past
    draft and a record of an event (a continuity test, a management review) are the audit trail; take them
    out of force through their lifecycle (retire a document, cancel or close a record) instead. A deletion
    that is right (a duplicate, a record filed by mistake) needs a waiver naming the record.

    Passing example: a PR deletes a change still at draft.
    Failing example: a PR deletes a closed incident.
    """
    base = ctx.base
    if base is None:
        return
    for old in base.removed(ctx.repo):
        why = _evidence_status(ctx, old)
        if why is not None:
            yield evidence_not_deleted.finding(
                f"{old.id} ({why} at the base) was deleted", Location(old.path, 1), record_id=old.id,
                hint="restore the file and retire, cancel or close the record through its lifecycle")
