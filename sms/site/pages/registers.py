"""The registers: one page per kind listing its records, the document register and the index of all registers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sms.models import CONTROLLED, KINDS, SLUG_KINDS
from sms.site.pages.chrome import front
from sms.site.pages.html import REGISTER_FILTERS, REGISTER_PERIODS, Cell, badge, html_block, table
from sms.site.pages.kinds import COLUMNS, KIND_NAMES, SEE_ALSO, area_kinds, areas
from sms.site.pages.nav import record_path, register_path
from sms.site.pages.paging import Part
from sms.site.pages.paths import DOCUMENTS, FINDINGS, REGISTERS
from sms.site.pages.site import Site, title_of
from sms.site.safe_html import text
from sms.store.repository import Entry


def register_rows(site: Site, here: str) -> list[Sequence[Cell]]:
    """One row per register (area, link, record count), for the home page and the registers index."""
    counts = Counter(entry.kind for entry in site.entries)
    return [(text(area), site.link(here, register_path(kind), text(KIND_NAMES[kind][1])),
             (str(counts[kind]), str(counts[kind])))
            for area, entries in areas() for kind in area_kinds(entries)]


def document_register(site: Site) -> str:
    here = DOCUMENTS
    rows: list[Sequence[Cell]] = []
    for entry in sorted((e for e in site.entries if e.kind in CONTROLLED), key=lambda e: (e.kind or "", e.id or "")):
        data = entry.data
        document = data.get("document") if isinstance(data.get("document"), dict) else {}
        assert isinstance(document, dict)
        overdue = site.overdue(entry)
        trail = site.data.trail(entry.id)
        changed = trail is not None and trail.changed_after_approval
        history = site.data.histories.get(entry.id or "")
        approved_on = text(document.get("approved_on"))
        if history is not None and history.approval is not None:
            short = history.approval.short
            approved_on += " " + site.link(here, record_path(entry.kind or "", entry.id or ""),
                                           f"<code>{text(short)}</code>", f"rev-{short}")
        rows.append([
            site.record(here, entry.id), text(title_of(entry)), text(KIND_NAMES[entry.kind or ""][0]),
            text(document.get("version")), (badge(document.get("status")), str(document.get("status") or "")),
            site.record(here, data.get("owner")), site.record(here, document.get("approver")),
            (approved_on, str(document.get("approved_on") or "")), text(document.get("next_review")),
            (badge("overdue") if overdue else "", "1" if overdue else "0"),
            (site.link(here, record_path(entry.kind or "", entry.id or ""), badge("changed_after_approval"),
                       "since-approval") if changed else "", "1" if changed else "0"),
        ])
    overdue_count = sum(site.overdue(e) for e in site.entries if e.kind in CONTROLLED)
    changed_count = sum(trail.changed_after_approval for trail in site.data.approvals.trails.values())
    intro = (f"<p>Every controlled document of the SMS (ISO/IEC 20000-1 7.5): {len(rows)} documents, "
             f"{overdue_count} overdue for review as at {text(site.data.as_of.isoformat())}, {changed_count} "
             "changed after approval. The commit next to an approval date is the commit that recorded the "
             "approval; a document changed after approval has content no approval covers (SMS313).</p>")
    return front("Document register", "<h1>Document register</h1>\n" + html_block(intro + "\n" + table(
        ["Id", "Title", "Kind", "Version", "Status", "Owner", "Approver", "Approved on", "Next review", "Overdue",
         "Changed after approval"],
        rows, empty="No controlled documents.", filters=REGISTER_FILTERS, periods=REGISTER_PERIODS)), wide=True)


def registers_index(site: Site) -> str:
    here = REGISTERS
    rows = register_rows(site, here)
    shown = {id(entry) for entry in site.entries}  # by identity: comparing entries field by field is quadratic
    invalid = [entry for entry in site.repo.entries if id(entry) not in shown]
    extra = ""
    if invalid:
        extra = (f'<p class="sms-warning">{len(invalid)} file(s) could not be read as records and have no page; '
                 f"see {site.link(here, FINDINGS, 'the findings')}.</p>")
    return front("All registers", "<h1>All registers</h1>\n" + html_block(
        f"<p>{len(site.entries)} records in this SMS, by kind.</p>\n{extra}" + table(["Area", "Register", "Records"],
                                                                                    rows)), wide=True)


def register_page(site: Site, kind: str) -> str:
    """A kind's register: every record in one table, or for a paged kind (sms.site.pages.paging) its months,
    each a page of its own holding the records' table and detail."""
    here = register_path(kind)
    singular, plural, _ = KIND_NAMES[kind]
    count = len(site.by_kind.get(kind, []))
    slug = KIND_NAMES[kind][2]
    csv_href = f"../{slug}.csv" if site.data.directory_urls else f"{slug}.csv"
    intro = (f"<p>{count} {text(plural.lower() if count != 1 else singular.lower())}. "
             f'<a href="{text(csv_href)}" download>Download as CSV</a> (one row per record, for sampling in a '
             "spreadsheet).</p>")
    if kind in SEE_ALSO:
        page, label = SEE_ALSO[kind]
        intro += f"<p>See also the {site.link(here, page, text(label))}.</p>"
    if site.paging.paged(kind):
        listing = period_listing(site, here, kind)
    else:
        listing = register_table(site, here, kind, site.by_kind.get(kind, []))
        if kind in site.bulk:  # each record is found by its own page; thousands of rows would be one huge entry
            listing = f'<section data-search-exclude="register">\n{listing}\n</section>'

    return front(plural, f"<h1>{text(plural)}</h1>\n" + html_block(intro + "\n" + listing), wide=True)


def register_table(site: Site, here: str, kind: str, entries: Sequence[Entry]) -> str:
    """The register's table of records (a kind's register page, or one month's page of a paged kind)."""
    plural = KIND_NAMES[kind][1]
    columns = COLUMNS[kind]
    named = kind in SLUG_KINDS  # people and roles: known by name, the slug beside it
    ordered = sorted(entries, key=lambda e: (title_of(e).casefold(), e.id or "") if named else (e.id or "", ""))
    rows: list[Sequence[Cell]] = []
    for entry in ordered:
        owner = entry.data.get("owner") if isinstance(entry.data, dict) else None
        first: list[Cell] = ([(site.record(here, entry.id), title_of(entry)), f"<code>{text(entry.id)}</code>"]
                             if named else [site.record(here, entry.id), text(title_of(entry))])
        row: list[Cell] = [*first, site.record(here, owner)]
        row += [site.cell(here, entry, column) for column in columns]
        if entry.record is None:
            shown = f"<code>{text(entry.id)}</code>" if named else text(title_of(entry))
            row[1] = shown + ' <span class="sms-badge sms-badge--invalid">invalid</span>'
        rows.append(row)
    headers = [*(("Name", "Id") if named else ("Id", "Title")), "Owner", *(column.label for column in columns)]
    return table(headers, rows, empty=f"No {plural.lower()}.", filters=REGISTER_FILTERS, periods=REGISTER_PERIODS)


def period_listing(site: Site, here: str, kind: str) -> str:
    """A paged kind's months, newest first: how many records each holds, and its page (or pages)."""
    spec = KINDS.spec(kind)
    by_period: dict[str, list[Part]] = {}
    for part in site.paging.parts[kind]:
        by_period.setdefault(part.period, []).append(part)
    rows: list[Sequence[Cell]] = []
    for period, parts in by_period.items():
        name = parts[0].label.split(",", 1)[0]
        total = sum(len(part.entries) for part in parts)
        pages = ", ".join(site.link(here, part.path, f"part {part.number}") for part in parts) if len(parts) > 1 \
            else ""
        rows.append([(site.link(here, parts[0].path, text(name)), period), (str(total), str(total)), pages])
    note = (f"<p>Published by month of <code>{text(spec.dated_by)}</code>, in the organisation's time zone: more than "
            f"{site.data.paged_after} records make a page per record slow to build and to browse. Each month's page "
            f"lists its records and then shows each in full, at an anchor named by its id; a month of more than "
            f"{site.data.page_size} records is split into parts.</p>")
    return note + "\n" + table(["Month", "Records", "Parts"], rows, empty="No records.")
