"""What every page builder needs: the records that get a page, a few readings of an entry, and `Site`, the
lookups computed once per build (links between pages, Markdown rendering, the reference graph, clause
coverage, findings per record)."""

from __future__ import annotations

import posixpath
import zoneinfo
from collections import defaultdict
from datetime import datetime
from typing import Any

from sms.analysis.coverage import compute, value_at
from sms.analysis.standing import publishable, review_overdue
from sms.analysis.trace import build_graph
from sms.core.findings import Finding
from sms.metrics.events import EventClocks
from sms.models import CONTROLLED, KINDS, LIFECYCLE, SLUG_KINDS
from sms.models.common import DocumentControl
from sms.rules.catalogue import all_rules
from sms.site import fields
from sms.site.data import SiteData
from sms.site.pages.html import Cell, badge, day, moment, yes_no
from sms.site.pages.kinds import Column
from sms.site.pages.nav import record_path
from sms.site.pages.paging import place
from sms.site.safe_html import MarkdownRenderer, Resolver, text
from sms.store.repository import Entry, Repository


def status_of(entry: Entry) -> str:
    data = entry.data if isinstance(entry.data, dict) else {}
    document = data.get("document")
    if isinstance(document, dict) and isinstance(document.get("status"), str):
        return str(document["status"])
    status = data.get("status") or data.get("lifecycle")
    return status if isinstance(status, str) else ""


def title_of(entry: Entry) -> str:
    title = entry.data.get("title") if isinstance(entry.data, dict) else None
    return str(title) if title is not None else ""


def document_of(entry: Entry) -> DocumentControl | None:
    document = getattr(entry.record, "document", None)
    return document if isinstance(document, DocumentControl) else None



class Site:
    """Lookups every page needs, computed once: which records have pages, the reference graph, clause
    coverage, findings per record."""

    def __init__(self, repo: Repository, data: SiteData) -> None:
        self.repo = repo
        self.data = data
        self.graph = build_graph(repo)
        self.coverage = compute(repo, today=data.as_of)
        self.renderer = MarkdownRenderer()
        self.entries = publishable(repo)
        self.by_kind: dict[str, list[Entry]] = defaultdict(list)  # the entries of each kind, in entries' order
        for entry in self.entries:
            self.by_kind[entry.kind or ""].append(entry)
        calendar = repo.config.calendars.get("default")
        self.zone = zoneinfo.ZoneInfo(calendar.timezone if calendar is not None else "UTC")  # timestamps shown in it
        self.paging = place(self.entries, self.zone, paged_after=data.paged_after, page_size=data.page_size)
        self.bulk = frozenset(kind for kind, found in self.by_kind.items() if len(found) > data.bulk_after)
        # Where each record is: its own page, or (a paged kind) its month's register page at the anchor of its id.
        self.record_pages = {entry.id: self.paging.page_of.get(entry.id) or record_path(entry.kind, entry.id)
                             for entry in self.entries if entry.id is not None and entry.kind is not None}
        self.clauses_of: dict[str, list[str]] = defaultdict(list)
        for status in self.coverage:
            for record_id in status.evidence_ids:
                self.clauses_of[record_id].append(status.clause.clause)
        self.findings_of: dict[str, list[Finding]] = defaultdict(list)
        by_path = {entry.path: entry.id for entry in repo.entries if entry.id is not None}
        for finding in data.result.sorted():
            owner = finding.record_id or by_path.get(finding.location.path)
            if owner is not None:
                self.findings_of[owner].append(finding)
        self.rules = {rule.id: rule for rule in all_rules()}
        self.event_clocks = EventClocks(repo, data.as_of)  # each incident's and request's SLA times
        self.slug_kinds = frozenset(SLUG_KINDS)  # asked for every link: a set, not the kinds table each time
        self.controlled = frozenset(CONTROLLED)  # and these for every record's detail
        self.lifecycle_kinds = frozenset(LIFECYCLE)
        self._urls: dict[str, str] = {}
        self._labels: dict[tuple[str, bool], tuple[str, str]] = {}  # (record id, titled) → (label, attributes)
        self.neighbours: dict[str, tuple[str, str]] = {}  # record id → its kind and title in link tables (records)
        self._moments: dict[str, str] = {}  # a timestamp as written → as shown (moment)
        self._depths: dict[str, int] = {}  # page → its depth (depth)
        self._links: dict[tuple[int, str, bool], str] = {}  # (depth of the page, record id, titled) → the link

    # links ----------------------------------------------------------------------------------------------
    def url(self, src: str) -> str:
        found = self._urls.get(src)
        if found is None:
            found = self._urls[src] = self._url(src)
        return found

    def _url(self, src: str) -> str:
        stem = src[: -len(".md")]
        if not self.data.directory_urls:
            return stem + ".html"
        if stem == "index":
            return ""
        return stem[: -len("index")] if stem.endswith("/index") else stem + "/"

    def href(self, from_src: str, to_src: str, anchor: str | None = None) -> str:
        """A relative link: up to the site's root, then down to the target (cheap, and right for any page).
        A link to the page itself is just its anchor."""
        fragment = f"#{anchor}" if anchor else ""
        if to_src == from_src and fragment:
            return fragment
        return ("../" * self.depth(from_src) + self.url(to_src) or "./") + fragment

    def depth(self, src: str) -> int:
        """How many folders below the site's root the page is: a link from it goes up that many first."""
        found = self._depths.get(src)
        if found is None:
            here = self.url(src)
            found = self._depths[src] = (here.rstrip("/").count("/") + 1 if self.data.directory_urls and here
                                         else here.count("/"))
        return found

    def link(self, from_src: str, to_src: str, label_html: str, anchor: str | None = None, *,
             title: str | None = None) -> str:
        tip = f' title="{text(title)}"' if title else ""
        return f'<a href="{text(self.href(from_src, to_src, anchor))}"{tip}>{label_html}</a>'

    def record_href(self, from_src: str, record_id: str) -> str | None:
        """The one place a link to a record is made: its own page, or its anchor on its month's register page
        (a paged kind); None when the record has no place on the site."""
        page = self.record_pages.get(record_id)
        if page is None:
            return None
        return self.href(from_src, page, record_id if record_id in self.paging.page_of else None)

    def record(self, from_src: str, record_id: object, *, titled: bool = False) -> str:
        """A link to a record, or the id marked missing. Kept by the depth of the page it is on (the same link
        from every page as deep, but from the record's own page): a month page names the same people, services
        and CIs in hundreds of records' detail, and the pages of a person, a role, a service and a CI name many
        of the same records."""
        if not isinstance(record_id, str):
            return text(record_id)
        if self.record_pages.get(record_id) == from_src:  # on its own page: its anchor, or a link to the page
            return self._record(from_src, record_id, titled)
        key = (self.depth(from_src), record_id, titled)
        found = self._links.get(key)
        if found is None:
            found = self._links[key] = self._record(from_src, record_id, titled)
        return found

    def _record(self, from_src: str, record_id: str, titled: bool) -> str:
        href = self.record_href(from_src, record_id)
        if href is None:
            return f'{text(record_id)} <span class="sms-missing">(missing)</span>'
        label, tip = self._labels.get((record_id, titled)) or self._label(record_id, titled)
        return f'<a href="{text(href)}"{tip}>{label}</a>'

    def _label(self, record_id: str, titled: bool) -> tuple[str, str]:
        """A link's text and attributes for a record, the same on every page (kept: a person is named thousands
        of times)."""
        entry = self.repo.by_id[record_id]
        # A record on a month page is found in search by its own entry; pages that name it (coverage, a CI's
        # links, a person's history) leave it out of theirs, or the index grows with every record again.
        tip = (' data-search-exclude="paged"' if record_id in self.paging.page_of
               else ' data-search-exclude="bulk"' if entry.kind in self.bulk else "")
        if entry.kind in self.slug_kinds and title_of(entry):  # people and roles read better by name
            label, tip = text(title_of(entry)), f' title="{text(record_id)}"'  # (never paged)
        else:
            label = text(record_id) + (f" {text(title_of(entry))}" if titled else "")
        self._labels[record_id, titled] = label, tip
        return label, tip

    def unsearched(self, record_id: str) -> bool:
        """Whether search finds the record by its own entry only: one on a month page, or of a bulk kind."""
        if record_id in self.paging.page_of:
            return True
        entry = self.repo.by_id.get(record_id)
        return entry is not None and entry.kind in self.bulk

    def resolver(self, from_src: str) -> Resolver:
        """For links in Markdown text: a record id, or a path whose file name is a record id
        ('POL-0002.md', '../processes/PRC-0001.yaml'), becomes a link to that record's page."""

        def resolve(href: str) -> str | None:
            target = href.split("#", 1)[0].split("?", 1)[0]
            stem = posixpath.basename(target)
            for suffix in (".md", ".yaml", ".html"):
                stem = stem.removesuffix(suffix)
            return self.record_href(from_src, stem)

        return resolve

    def markdown(self, from_src: str, source: object, *, heading_offset: int = 2) -> str:
        if not isinstance(source, str):
            return text(source)
        rendered = self.renderer.render(source, self.resolver(from_src), heading_offset=heading_offset)
        return f'<div class="sms-md">{rendered}</div>'

    # values ---------------------------------------------------------------------------------------------
    def value(self, from_src: str, entry: Entry, path: tuple[str | int, ...], value: Any,
              refs: dict[tuple[str | int, ...], str], md: frozenset[fields.Pattern]) -> str:
        """One field of a record as HTML: Markdown rendered, references linked, lists and mappings as
        nested tables (their cells spaced as pages are: html.spaced), everything else escaped."""
        if path in refs:
            return self.record(from_src, value)
        shape = fields.shape(path)
        if isinstance(value, str) and shape in md:
            return self.markdown(from_src, value)
        model = KINDS.get(entry.kind or "")
        if model is not None and isinstance(value, str):
            form = fields.text_forms(model).get(shape)
            if form == fields.TIMESTAMP:
                return self.moment(value)
            if form == fields.DATE:
                return day(value)
            if form == fields.ENUM:
                return badge(value) if path[-1] == "status" else text(fields.label_value(value))
        if isinstance(value, dict):
            rows = [f"<tr><th>{text(fields.label(str(key)))}</th> "
                    f"<td>{self.value(from_src, entry, (*path, key), item, refs, md)}</td></tr>"
                    for key, item in value.items()]
            return "<table>" + " ".join(rows) + "</table>" if rows else "—"
        if isinstance(value, list):
            if not value:
                return "—"
            if all(isinstance(item, dict) for item in value):
                keys = list(dict.fromkeys(key for item in value for key in item))
                head = " ".join(f"<th>{text(fields.label(str(key)))}</th>" for key in keys)
                rows = ["<tr>" + " ".join(
                    f"<td>{self.value(from_src, entry, (*path, index, key), item[key], refs, md)}</td>"
                    if key in item else "<td></td>" for key in keys) + "</tr>" for index, item in enumerate(value)]
                return f'<table><thead><tr>{head}</tr></thead><tbody>{" ".join(rows)}</tbody></table>'
            items = "".join(f"<li>{self.value(from_src, entry, (*path, index), item, refs, md)}</li>"
                            for index, item in enumerate(value))
            return f"<ul>{items}</ul>"
        if isinstance(value, bool):
            return yes_no(value)
        if value is None:
            return "—"
        return f'<span class="sms-value">{text(value)}</span>'

    def cell(self, from_src: str, entry: Entry, column: Column) -> Cell:
        if column.compute is not None:
            return column.compute(self, from_src, entry)
        assert column.path is not None
        value = value_at(entry.data, column.path)
        parts = tuple(column.path.split("."))
        patterns = fields.reference_patterns(KINDS[entry.kind]) if entry.kind else frozenset()
        if isinstance(value, list):
            if (*parts, None) in patterns:
                return ", ".join(self.record(from_src, item) for item in value)
            return text(", ".join(str(item) for item in value))
        if parts in patterns:
            return self.record(from_src, value)
        if column.label == "Status" or column.path.endswith("status"):
            return (badge(value), str(value or ""))
        model = KINDS.get(entry.kind or "")
        if isinstance(value, str) and model is not None and parts in fields.enum_patterns(model):
            return (text(fields.label_value(value)), value)
        if isinstance(value, bool):
            return yes_no(value)
        return text(value) if value is not None else ""

    def moment(self, value: object) -> str:
        """A timestamp in the organisation's time zone (sms.yaml calendars.default), the ISO value in a tooltip.
        Kept by the text it is read from (what html.moment's result depends on): a record's report and resolution
        are also steps of its history."""
        raw = value.isoformat() if isinstance(value, datetime) else str(value)
        found = self._moments.get(raw)
        if found is None:
            found = self._moments[raw] = moment(value, self.zone)
        return found

    def overdue(self, entry: Entry) -> bool:
        document = document_of(entry)
        return document is not None and review_overdue(document, self.data.as_of)
