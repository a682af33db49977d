"""SMS1xx: references between records resolve, ids are unique, document bodies exist."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from sms.core.findings import Finding, Severity
from sms.core.text import a, dotted
from sms.rules.context import CheckContext
from sms.rules.registry import rule
from sms.store.repository import Entry


def _expected(kinds: tuple[str, ...]) -> str:
    return kinds[0].replace("_", " ") if len(kinds) == 1 else "controlled document"


@rule("SMS101", Severity.ERROR, ("7.5.1", "4.4"))
def reference_resolves(ctx: CheckContext) -> Iterator[Finding]:
    """Every reference names a record that exists.

    Owners and approvers name roles; authors, approvers-by-name and history entries name people; `links`
    name records of the listed kind. A reference to an id that no file holds is an error at the line of
    the reference, with the closest existing id as a hint. A file that does not parse still holds the id
    of its file name: its own error is the finding, not every reference to it.

    Passing example: `owner: change-manager` where policies/roles/change-manager.yaml exists.
    Failing example: `links: {services: [SVC-0099]}` where no SVC-0099 exists.
    """
    repo = ctx.repo
    ids_by_kind: dict[str, list[str]] = defaultdict(list)
    for entry in repo.entries:
        if entry.kind and entry.id:
            ids_by_kind[entry.kind].append(entry.id)
    for record_id, kind in repo.unreadable.items():
        if kind is not None:
            ids_by_kind[kind].append(record_id)
    for ref in ctx.references():
        if repo.known(ref.target):
            continue
        candidates = [i for kind in ref.kinds for i in ids_by_kind[kind]]
        close = difflib.get_close_matches(ref.target, candidates, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"create the {_expected(ref.kinds)} or fix the id"
        yield reference_resolves.finding(f"{dotted(ref.path)}: no {_expected(ref.kinds)} '{ref.target}' exists",
                                         ref.source.location(ref.path), record_id=ref.source.id, hint=hint)


@rule("SMS102", Severity.ERROR, ("7.5.1",))
def reference_kind_matches(ctx: CheckContext) -> Iterator[Finding]:
    """A reference names a record of the kind the field expects.

    `owner` must name a role, `links.services` services, `document.author` a person, and so on: a
    reference to an existing record of another kind is an error.

    Passing example: `links: {cis: [CI-0003]}` where CI-0003 is a ci.
    Failing example: `owner: a-novak` where a-novak is a person, not a role.
    """
    for ref in ctx.references():
        target = ctx.repo.get(ref.target)
        if target is not None and target.kind is not None and target.kind not in ref.kinds:
            yield reference_kind_matches.finding(f"{dotted(ref.path)}: '{ref.target}' is {a(target.kind)}, not "
                                                 f"{a(_expected(ref.kinds))}", ref.source.location(ref.path),
                                                 record_id=ref.source.id)


SHOWN_OTHERS = 3  # files a duplicate-id finding names besides its own


@rule("SMS103", Severity.ERROR, ("7.5.2",))
def ids_unique(ctx: CheckContext) -> Iterator[Finding]:
    """Every id is used by one file only.

    Two files with the same id make every reference to it ambiguous. Every file holding the id is
    reported, naming up to three of the others and how many more there are.

    Passing example: one file records/changes/CHG-0042.yaml with id CHG-0042.
    Failing example: policies/a/POL-0001.yaml and policies/b/POL-0001.yaml both holding id POL-0001.
    """
    holders: dict[str, list[Entry]] = defaultdict(list)
    for entry in ctx.repo.entries:
        if entry.id is not None:
            holders[entry.id].append(entry)
    for record_id, entries in holders.items():
        if len(entries) < 2:
            continue
        locations = [entry.location(("id",)) for entry in entries]  # only here: a position costs a parse
        for location in locations:
            # Name a few of the other files, not all: 2,000 copies of one id must not write 2,000² names.
            others = [str(other) for other in locations[:SHOWN_OTHERS + 1] if other is not location][:SHOWN_OTHERS]
            more = len(locations) - 1 - len(others)
            also = ", ".join(others) + (f" and {more} more" if more else "")
            yield ids_unique.finding(f"duplicate id '{record_id}' (also in {also})", location,
                                     record_id=record_id, hint="give one of the records a new id")


@rule("SMS104", Severity.ERROR, ("7.5.1", "7.5.3"))
def document_body_exists(ctx: CheckContext) -> Iterator[Finding]:
    """A document's Markdown body file exists beside it, inside the repository.

    `document.body: POL-0001.md` points at a Markdown file relative to the YAML file's folder; the site
    renders it and document control treats it as part of the document, so it must exist.

    Passing example: policies/POL-0001.yaml with body POL-0001.md and policies/POL-0001.md present.
    Failing example: body: POL-0001.md with no such file.
    """
    root = ctx.repo.root.resolve()
    for entry in ctx.repo.entries:
        if entry.record is None or not hasattr(entry.record, "document") or entry.record.document.body is None:
            continue
        body = entry.record.document.body
        target = (root / Path(entry.path).parent / body)
        resolved = target.resolve()
        path = ("document", "body")
        if not resolved.is_relative_to(root):
            yield document_body_exists.finding(f"document.body '{body}' leaves the repository", entry.location(path),
                                               record_id=entry.id)
        elif not target.is_file():
            yield document_body_exists.finding(f"document.body: '{body}' does not exist next to {entry.path}",
                                               entry.location(path), record_id=entry.id,
                                               hint=f"create {Path(entry.path).parent / body} or fix the name")
