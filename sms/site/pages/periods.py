"""A paged kind's register pages, one per month (or part of a busy month; sms.site.pages.paging decides which):
the month's register table, then each record in full under a heading whose id is the record's id, the anchor
every link to the record points at (Site.record_href).

The search index gets each record's heading (id and title) and one line of key fields, not its full detail:
the detail is marked data-search-exclude, which Material's search skips. At 100,000 records the full text of
every record would make an index no browser loads; an id or a title still finds its record.
"""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel

from sms.analysis.coverage import value_at
from sms.models import KINDS
from sms.site import fields
from sms.site.pages.chrome import front
from sms.site.pages.html import html_block, spaced
from sms.site.pages.kinds import COLUMNS, KIND_NAMES
from sms.site.pages.nav import register_path
from sms.site.pages.paging import UNDATED, Part
from sms.site.pages.records import record_detail
from sms.site.pages.registers import register_table
from sms.site.pages.site import Site, status_of, title_of
from sms.site.safe_html import text
from sms.store.repository import Entry

# Material's search skips an element with this attribute, but tracks it by tag name: the first nested element
# of the same tag that closes ends the skipping. Record detail holds <div>s (rendered Markdown), never <section>.
NOT_SEARCHED = '<section data-search-exclude="{}">'
LATE = re.compile(r"<!--sms-late-(\d+)-->")


def period_pages(site: Site) -> dict[str, tuple[str, Late]]:
    """Every page of every paged kind, by path: its Markdown, with placeholders for what `Late` makes."""
    pages: dict[str, tuple[str, Late]] = {}
    for parts in site.paging.parts.values():
        for index, part in enumerate(parts):
            newer = parts[index - 1] if index > 0 else None
            older = parts[index + 1] if index + 1 < len(parts) else None
            pages[part.path] = (period_page(site, part, newer, older), Late(site, part))
    return pages


class Late:
    """A month page's register table and records' detail, made when the page is written (the plugin's
    on_post_page), after Markdown and the search index have read the page: they would only parse it, at about
    as much cost per tag as making it, and the search index must not hold it. Made when asked, so a build holds
    one page's detail at a time, not every record's."""

    def __init__(self, site: Site, part: Part) -> None:
        self.site = site
        self.part = part

    def __call__(self) -> list[str]:
        """The HTML of placeholder 0 (the register table), then of each record's placeholder, in order."""
        site, part, here = self.site, self.part, self.part.path
        table = register_table(site, here, part.kind, part.entries)
        listing = f"{NOT_SEARCHED.format('register')}\n{table}\n</section>"
        return [spaced(listing), *(spaced(record_part(site, here, entry)) for entry in part.entries)]


def placeholder(number: int) -> str:
    return f"<!--sms-late-{number}-->"


def fill(content: str, parts: list[str]) -> str:
    """Content with each placeholder replaced by its part."""
    return LATE.sub(lambda match: parts[int(match.group(1))], content)


def period_page(site: Site, part: Part, newer: Part | None, older: Part | None) -> str:
    here = part.path
    singular, plural, _ = KIND_NAMES[part.kind]
    count = len(part.entries)
    steps = [site.link(here, register_path(part.kind), f"All {text(plural.lower())}")]
    if newer is not None:
        steps.append("Newer: " + site.link(here, newer.path, text(newer.label)))
    if older is not None:
        steps.append("Older: " + site.link(here, older.path, text(older.label)))
    heading = f"{plural}: {part.label}"
    when = part.label if part.period != UNDATED else "without a readable timestamp"
    intro = (f"<p>{count} {text(plural.lower() if count != 1 else singular.lower())} dated "
             f"{text(when)} (by <code>{text(KINDS.spec(part.kind).dated_by)}</code>). Each is shown in full below "
             "the table, at an anchor named by its id.</p>\n"
             f'<p class="sms-pager">{" · ".join(steps)}</p>')
    body = [html_block(f"<h1>{text(heading)}</h1>\n{intro}\n{placeholder(0)}")]
    body += [html_block(paged_record(entry, placeholder(number)))
             for number, entry in enumerate(part.entries, start=1)]
    return front(heading, "\n".join(body), wide=True)


def paged_record(entry: Entry, detail: str) -> str:
    """One record on its month's page: a heading with its id as anchor and its key fields (what search
    indexes), then (`detail`) the rest."""
    assert entry.id is not None
    return (f'<h2 id="{text(entry.id)}" class="sms-paged">{text(entry.id)} {text(title_of(entry))}</h2>\n'
            f'<div class="sms-keys">{key_fields(entry)}</div>\n{detail}')  # a <p> would be in the index text


def record_part(site: Site, here: str, entry: Entry) -> str:
    """A record's detail on its month's page, the same as on a record's own page (records.record_detail)."""
    facts, *sections = record_detail(site, here, entry)
    detail = "\n".join(f"<h3>{text(heading)}</h3>\n{html}" for heading, html in sections)
    return f"{NOT_SEARCHED.format('detail')}\n{facts[1]}\n{detail}\n</section>"


def key_fields(entry: Entry) -> str:
    """The record's status and its register columns that are neither timestamps (the page names the month) nor
    references (people, services: their pages list the record), as short text: 'closed, normal'. Escaped. It is
    all the search index holds of the record besides its id and title: about 130 bytes a record."""
    assert entry.kind is not None
    data = entry.data if isinstance(entry.data, dict) else {}
    values = [fields.label_value(status_of(entry))]
    for path, label in _key_columns(entry.kind, KINDS[entry.kind]):
        value = value_at(data, path)
        if isinstance(value, bool):
            values.append(f"{label}: {'yes' if value else 'no'}")
        elif isinstance(value, str | int | float):
            values.append(str(value))
    return ", ".join(text(value) for value in values if value)


@functools.cache
def _key_columns(kind: str, model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(dotted path, label in lower case) of the register columns `key_fields` shows for a kind (and its model:
    a kind the tests add and take away again is not taken for another)."""
    skip = fields.timestamp_patterns(model) | fields.date_patterns(model)
    refs = fields.reference_patterns(model)
    found = []
    for column in COLUMNS[kind]:
        parts = tuple(column.path.split(".")) if column.path is not None else ()
        if not parts or parts in skip or parts in refs or (*parts, None) in refs or parts[-1] == "status":
            continue
        found.append((".".join(parts), column.label.lower()))
    return tuple(found)
