"""SMS1xx: references between records resolve, ids are unique, document bodies exist."""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from sms.core.findings import Finding, Severity
from sms.core.text import a, dotted
from sms.rules.context import CheckContext, Reference
from sms.rules.registry import IDS, rule
from sms.store.repository import Entry


def _expected(kinds: tuple[str, ...]) -> str:
    return kinds[0].replace("_", " ") if len(kinds) == 1 else "controlled document"


@rule("SMS101", Severity.ERROR, ("7.5.1", "4.4"), per_file=True, given=(IDS,))
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
    by_id, unreadable = repo.by_id, repo.unreadable
    dangling = [Reference(entry, path, target, kinds) for entry in repo.entries for path, target, kinds in entry.refs
                if target not in by_id and target not in unreadable]  # asked of every reference: kept quick
    if not dangling:
        return
    ids_by_kind: dict[str, list[str]] = defaultdict(list)  # from every id (the rule may run on a few records)
    for record_id, entry in by_id.items():
        if entry.kind:
            ids_by_kind[entry.kind].append(record_id)
    for record_id, kind in unreadable.items():
        if kind is not None:
            ids_by_kind[kind].append(record_id)
    hints: dict[tuple[str, tuple[str, ...]], str] = {}
    ordered: dict[tuple[str, ...], list[str]] = {}  # the ids a reference may name, sorted, per set of kinds
    for ref in dangling:
        hint = hints.get((ref.target, ref.kinds))
        if hint is None:
            if ref.kinds not in ordered:
                ordered[ref.kinds] = sorted(i for kind in ref.kinds for i in ids_by_kind[kind])
            close = _closest(ref.target, ordered[ref.kinds])
            hint = hints[ref.target, ref.kinds] = (f"did you mean '{close}'?" if close else
                                                   f"create the {_expected(ref.kinds)} or fix the id")
        yield reference_resolves.finding(f"{dotted(ref.path)}: no {_expected(ref.kinds)} '{ref.target}' exists",
                                         ref.source.location(ref.path), record_id=ref.source.id, hint=hint)


NEAREST = 200  # ids compared for a "did you mean" hint when a kind has more


def _closest(target: str, ordered: list[str]) -> str | None:
    """The existing id (of `ordered`, sorted) most like `target`. Among thousands (incidents), only the ids next
    to it in sorted order are compared: difflib over 50,000 ids for each dangling reference made a deleted record
    with many referrers cost minutes."""
    candidates = ordered
    if len(ordered) > NEAREST:
        candidates = []
        for spot in _spots(target, ordered[-1]):
            at = bisect.bisect_left(ordered, spot)
            candidates.extend(ordered[max(0, at - NEAREST // 2):at + NEAREST // 2])
    close = difflib.get_close_matches(target, candidates, n=1)
    return close[0] if close else None


_NUMBERED = re.compile(r"(\D*?)(\d+)")


def _spots(target: str, sample: str) -> list[str]:
    """Where to look in the sorted ids: at the target, and at its number written as wide as the ids' numbers
    (INC-4321 sorts far from INC-04321)."""
    spots = [target]
    typed, usual = _NUMBERED.fullmatch(target), _NUMBERED.fullmatch(sample)
    if typed and usual and typed.group(1) == usual.group(1):
        spots.append(usual.group(1) + str(int(typed.group(2))).zfill(len(usual.group(2))))
    return spots


@rule("SMS102", Severity.ERROR, ("7.5.1",), per_file=True, given=(IDS,))
def reference_kind_matches(ctx: CheckContext) -> Iterator[Finding]:
    """A reference names a record of the kind the field expects.

    `owner` must name a role, `links.services` services, `document.author` a person, and so on: a
    reference to an existing record of another kind is an error.

    Passing example: `links: {cis: [CI-0003]}` where CI-0003 is a ci.
    Failing example: `owner: a-novak` where a-novak is a person, not a role.
    """
    kind_of = {record_id: entry.kind for record_id, entry in ctx.repo.by_id.items() if entry.kind is not None}
    for entry in ctx.repo.entries:
        for path, target, kinds in entry.refs:  # asked of every reference: kept quick
            kind = kind_of.get(target)
            if kind is not None and kind not in kinds:
                yield reference_kind_matches.finding(f"{dotted(path)}: '{target}' is {a(kind)}, not "
                                                     f"{a(_expected(kinds))}", entry.location(path),
                                                     record_id=entry.id)


SHOWN_OTHERS = 3  # files a duplicate-id finding names besides its own


@rule("SMS103", Severity.ERROR, ("7.5.2",))
def ids_unique(ctx: CheckContext) -> Iterator[Finding]:
    """Every id is used by one file only.

    Two files with the same id make every reference to it ambiguous. Every file holding the id is
    reported, naming up to three of the others and how many more there are.

    Passing example: one file records/changes/CHG-0042.yaml with id CHG-0042.
    Failing example: policies/a/POL-0001.yaml and policies/b/POL-0001.yaml both holding id POL-0001.
    """
    entries = ctx.repo.entries
    twice = {record_id for record_id, count in Counter(entry.id for entry in entries).items()
             if count > 1 and record_id is not None}  # counted in C: a list per id of 100,000 was not
    holders: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.id in twice:
            holders[entry.id].append(entry)
    for record_id, holding in holders.items():
        locations = [entry.location(("id",)) for entry in holding]  # only here: a position costs a parse
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
    for entry, document in ctx.documents:
        if document.body is None:
            continue
        body = document.body
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
