"""A page per record: its fields, document control, text, lifecycle history, links in and out, findings and
revision history."""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from sms.analysis.trace import Edge
from sms.git.commits import Commit
from sms.models import KINDS
from sms.models.service import Kpi
from sms.site import fields
from sms.site.data import DocumentHistory
from sms.site.pages.chrome import front
from sms.site.pages.conformance import findings_table
from sms.site.pages.diffs import changes_since_approval
from sms.site.pages.html import Cell, badge, html_block, table
from sms.site.pages.kinds import KIND_NAMES
from sms.site.pages.kpicharts import kpi_section
from sms.site.pages.nav import record_path, register_path
from sms.site.pages.paths import COVERAGE, clause_anchor, rule_path
from sms.site.pages.printing import print_footer
from sms.site.pages.site import Site, status_of, title_of
from sms.site.pages.slas import event_section
from sms.site.pages.status import change_facts, evidence_table
from sms.site.safe_html import text
from sms.store.repository import Entry

ENVELOPE = frozenset({"apiVersion", "kind", "id", "title", "owner", "document", "history", "links"})


#: A part of a record's detail: (heading, HTML); the first, with no heading, is the record's facts.
Section = tuple[str, str]


def record_page(site: Site, entry: Entry) -> str:
    """A record's own page: its detail under Markdown headings, so each section is in the table of contents."""
    assert entry.kind is not None and entry.id is not None
    here = record_path(entry.kind, entry.id)
    title = title_of(entry)
    facts, *sections = record_detail(site, here, entry)
    shown = facts[1] if entry.kind not in site.bulk else f'<div data-search-exclude="facts">{facts[1]}</div>'
    body = [html_block(f"<h1>{text(entry.id)} {text(title)}</h1>\n{shown}")]
    for heading, html in sections:
        body += [f"## {heading}", "", html_block(html)]
    return front(f"{entry.id} {title}", "\n".join(body))


def unsearched_sections(site: Site, entry: Entry) -> tuple[str, ...]:
    """The headings of a record page's sections that stay out of the search index: for a bulk kind (Site.bulk),
    its links (each linked record is found by its own entry) and a findings section that says there are none."""
    if entry.kind not in site.bulk:
        return ()
    return ("Traceability",) if site.findings_of.get(entry.id or "") else ("Traceability", "Findings")


def record_detail(site: Site, here: str, entry: Entry) -> list[Section]:
    """Everything the site shows of one record, as it appears on the page `here`: the record's own page
    (record_page) or its month's register page (a paged kind, sms.site.pages.periods). Headings are plain text."""
    assert entry.kind is not None and entry.id is not None
    data: dict[str, Any] = entry.data if isinstance(entry.data, dict) else {}
    singular = KIND_NAMES[entry.kind][0]
    model = KINDS[entry.kind]
    refs = {path: target for path, target, _ in entry.refs}  # found when the record was read (references)
    md = fields.markdown_patterns(model)
    status = status_of(entry)
    # Table cells and rows come with the space between them that pages get anyway (html.spaced): made so here,
    # spaced has nothing left to do in the megabytes of a month page's records.
    facts = ('<table>'
             f"<tr><th>Kind</th> <td>{site.link(here, register_path(entry.kind), text(singular))}</td></tr> "
             f"<tr><th>Owner</th> <td>{site.record(here, data.get('owner'))}</td></tr>"
             + (f" <tr><th>Status</th> <td>{badge(status)}</td></tr>" if status else "")
             + (change_facts(site, here, entry) if entry.kind == "change" else "")
             + f" <tr><th>File</th> <td><code>{text(entry.path)}</code></td></tr></table>")
    if entry.record is None:
        facts += ('\n<p class="sms-warning">This record does not pass its schema; it is shown as written. See the '
                  "findings below.</p>")
    sections: list[Section] = [("", facts)]
    document = data.get("document")
    controlled = entry.kind in site.controlled
    if controlled and isinstance(document, dict):
        sections.append(("Document control", _document_control(site, here, entry, document, refs, md)
                          + print_footer(site, entry, document)))
    details = [(key, value) for key, value in data.items() if key not in ENVELOPE]
    if details:
        rows = " ".join(f"<tr><th>{text(fields.label(str(key)))}</th> "
                        f"<td>{site.value(here, entry, (key,), value, refs, md)}</td></tr>" for key, value in details)
        sections.append(("Content" if controlled else "Details", f"<table>{rows}</table>"))
    times = event_section(site, here, entry)  # an incident's or request's SLA times (sms.site.pages.slas)
    if times is not None:
        sections.append(times)
    if isinstance(entry.record, Kpi) and (values := kpi_section(site, here, entry.record)) is not None:
        sections.append(values)  # its values and chart (sms.site.pages.kpicharts)
    if entry.id in site.data.bodies:
        sections.append(("Document text", site.markdown(here, site.data.bodies[entry.id], heading_offset=2)))
    elif entry.id in site.data.body_problems:
        sections.append(("Document text", f'<p class="sms-warning">{text(site.data.body_problems[entry.id])}</p>'))
    changes = changes_since_approval(site, entry)
    if changes is not None:
        sections.append(("Changes since approval", changes))
    evidence = evidence_table(site, entry)
    if evidence is not None:
        sections.append(("Status evidence", evidence))
    history = data.get("history")
    if entry.kind in site.lifecycle_kinds and isinstance(history, list):
        rows_h = [[badge(item.get("status")), site.moment(item.get("at")), site.record(here, item.get("by")),
                   text(item.get("note"))] for item in history if isinstance(item, dict)]
        sections.append(("Lifecycle history", table(["Status", "At", "By", "Note"], rows_h, sortable=False)))
    sections.append(("Traceability", _traceability(site, here, entry)))
    findings = site.findings_of.get(entry.id, [])
    sections.append(("Findings", findings_table(site, here, findings, record_column=False)
                     if findings else '<p class="sms-empty">No findings.</p>'))
    if controlled:
        sections.append(("Revision history", _revisions(site, entry)))
    return sections


def _document_control(site: Site, here: str, entry: Entry, document: dict[str, Any],
                      refs: dict[tuple[str | int, ...], str], md: frozenset[fields.Pattern]) -> str:
    cells = []
    for key, value in document.items():
        shown = badge(value) if key == "status" else site.value(here, entry, ("document", key), value, refs, md)
        if key == "next_review" and site.overdue(entry):
            shown += " " + badge("overdue")
        cells.append(f"<tr><th>{text(fields.label(str(key)))}</th><td>{shown}</td></tr>")
    rows = "".join(cells)
    history = site.data.histories.get(entry.id or "", DocumentHistory())
    if document.get("status") == "approved":
        approval = (f'<p class="sms-approval"><strong>Approved</strong> by '
                    f'{site.record(here, document.get("approved_by"))} for the role '
                    f'{site.record(here, document.get("approver"))} on {text(document.get("approved_on"))}, '
                    f'version {text(document.get("version"))}.')
        revision = history.approval
        if revision is not None:
            approval += (f" The approval was recorded in commit "
                         f'{site.link(here, here, f"<code>{text(revision.short)}</code>", f"rev-{revision.short}")} '
                         f"of {text(revision.date.date().isoformat())} by {text(revision.author)}")
            url = site.data.link_commit(revision.sha)
            approval += f' (<a href="{text(url)}">view the commit</a>).' if url else "."
        elif site.data.commit is None:
            approval += " No git history is available to show the commit that recorded it."
        else:
            approval += " The approval is not in a commit yet (the work tree differs from the last commit)."
        approval += "</p>"
    else:
        approval = (f'<p class="sms-approval"><strong>Not approved</strong>: status {badge(document.get("status"))}; '
                    f'approver role {site.record(here, document.get("approver"))}.</p>')
    notice, since = _since_approval(site, here, entry)
    return f"{approval}{notice}\n<table>{rows}</table>{since}"


def _commit(site: Site, commit: Commit) -> str:
    """A commit's short sha, linked to the forge when the site knows how."""
    url = site.data.link_commit(commit.sha)
    sha = f"<code>{text(commit.short)}</code>"
    return f'<a href="{text(url)}">{sha}</a>' if url else sha


def _since_approval(site: Site, here: str, entry: Entry) -> tuple[str, str]:
    """The "Changed after approval" notice (SMS313), and the commits since the approval."""
    trail = site.data.trail(entry.id)  # only approved documents have one
    if trail is None:
        return "", ""
    notice = ""
    if trail.changed_after_approval:
        named = ", ".join(f"{_commit(site, c)} ({text(c.date.date().isoformat())}, &lsquo;{text(c.message)}&rsquo;)"
                          for c in trail.changed_in)
        notice = (f'<p class="sms-warning sms-changed-after-approval"><strong>Changed after approval</strong>: the '
                  f"content changed in {named} after the approval recorded in {_commit(site, trail.approval)} at "
                  f"version {text(trail.version)}, without a new version and approval (rule "
                  f"{site.link(here, rule_path('SMS313'), 'SMS313')}).</p>")
    rows = [[_commit(site, item.commit), site.moment(item.commit.date), text(item.commit.author),
             text(item.commit.message), "yes" if item.changed else "no"] for item in trail.since]
    listing = table(["Commit", "Date", "Author", "Message", "Content changed"], rows, sortable=False,
                    empty="No commit has changed this document since its approval.")
    return notice, f'\n<h3 id="since-approval">Commits since approval</h3>\n{listing}'


@functools.lru_cache(maxsize=4096)
def _fields(vias: tuple[str, ...]) -> str:
    """The fields that make a set of links, list positions dropped and repeats counted: 'history ×3, implementer'
    (a person who moved a change three times is one neighbour, not three rows). Kept: most links are made by
    the same few fields."""
    counts = Counter(re.sub(r"\[\d+\].*$", "", via) if via.startswith("history[") else re.sub(r"\[\d+\]", "", via)
                     for via in vias)
    return ", ".join(f"<code>{text(name)}</code>" + (f" ×{count}" if count > 1 else "")
                     for name, count in sorted(counts.items()))


def _edge_rows(site: Site, here: str, edges: Iterable[Edge], other: str) -> list[list[Cell]]:
    """One row per neighbour, with every field that links the two."""
    by_neighbour: dict[str, list[str]] = defaultdict(list)
    for edge in edges:
        by_neighbour[getattr(edge, other)].append(edge.via)
    rows: list[list[Cell]] = []
    for neighbour, vias in sorted(by_neighbour.items()):
        kind, title = site.neighbours.get(neighbour) or _neighbour(site, neighbour)
        rows.append([site.record(here, neighbour), kind, title, _fields(tuple(vias))])
    return rows


def _neighbour(site: Site, record_id: str) -> tuple[str, str]:
    """A linked record's kind and title as HTML, kept on the site: a service is linked from thousands."""
    target = site.repo.get(record_id)
    name = target.kind if target is not None else None
    kind = KIND_NAMES[name][0] if name is not None and name in KIND_NAMES else ""
    title = title_of(target) if target is not None and name not in site.slug_kinds else ""
    site.neighbours[record_id] = text(kind), text(title)
    return site.neighbours[record_id]


def _traceability(site: Site, here: str, entry: Entry) -> str:
    assert entry.id is not None
    outgoing, incoming = site.graph.outgoing.get(entry.id, []), site.graph.incoming.get(entry.id, [])
    links_out = _links(_edge_rows(site, here, outgoing, "target"), NO_LINKS_OUT,
                       any(site.unsearched(edge.target) for edge in outgoing)) if outgoing else EMPTY_OUT
    links_in = _links(_edge_rows(site, here, incoming, "source"), NO_LINKS_IN,
                      any(site.unsearched(edge.source) for edge in incoming)) if incoming else EMPTY_IN
    clauses = site.clauses_of.get(entry.id, [])
    evidenced = ('<p class="sms-empty">This record is not counted as evidence for any clause.</p>' if not clauses
                 else "<p>" + ", ".join(site.link(here, COVERAGE, text(number), clause_anchor(number))
                                        for number in clauses) + "</p>")
    parts = ["<h3>Links out</h3>", links_out, "<h3>Links in</h3>", links_in, "<h3>Clauses evidenced</h3>", evidenced]
    return "\n".join(parts)


NO_LINKS_OUT, NO_LINKS_IN = "This record refers to no other record.", "No record refers to this one."


def _links(rows: list[list[Cell]], empty: str, paged: bool) -> str:
    """A table of linked records. One naming records on month pages (a person or a CI named by 10,000 changes)
    stays on the page but out of the search index, which would otherwise grow with every record again: those
    records are found by their own entries (sms.site.pages.periods). Without month pages nothing is left out."""
    listing = table(["Record", "Kind", "Title", "Fields"], rows, empty=empty)
    return f'<div data-search-exclude="links">{listing}</div>' if paged else listing


EMPTY_OUT, EMPTY_IN = _links([], NO_LINKS_OUT, False), _links([], NO_LINKS_IN, False)  # most records' links in


def _revisions(site: Site, entry: Entry) -> str:
    history = site.data.histories.get(entry.id or "")
    if site.data.commit is None or history is None:
        return '<p class="sms-empty">No git history: the site was not built from a git repository.</p>'
    if not history.revisions:
        return '<p class="sms-empty">Not committed yet.</p>'
    rows = []
    for revision in history.revisions:
        url = site.data.link_commit(revision.sha)
        sha = f"<code>{text(revision.short)}</code>"
        if url:
            sha = f'<a href="{text(url)}">{sha}</a>'
        approval = " " + badge("approval") if history.approval is not None and revision.sha == history.approval.sha \
            else ""
        rows.append(f'<tr id="rev-{text(revision.short)}"><td>{sha}{approval}</td>'
                    f"<td>{site.moment(revision.date)}</td><td>{text(revision.author)}</td>"
                    f"<td>{text(revision.message)}</td><td>{text(revision.version or '')}</td>"
                    f"<td>{text(', '.join(revision.files))}</td></tr>")
    return ("<table><thead><tr><th>Commit</th><th>Date</th><th>Author</th><th>Message</th>"
            "<th>Version</th><th>Files</th></tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>")

