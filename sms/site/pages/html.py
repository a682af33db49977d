"""Small HTML helpers: raw HTML blocks, tables of cells, status badges. Values are escaped by the caller or
here with `safe_html.text`."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, tzinfo

from sms.site.fields import label_value
from sms.site.safe_html import text

STATUS_WORD = re.compile(r"^[a-z][a-z_]*$")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

Cell = str | tuple[str, str]  # HTML, or (HTML, sort key)


CELL_BOUNDARY = re.compile(r"</(td|th|tr)>(?=<(?:td|th|tr)\b)")


def spaced(page: str) -> str:
    """A space between adjacent table cells and rows, and before a line break: invisible in a browser, but the
    search index reads text without layout, and would run "rates." "Backout plan" "Argo CD" into one word.
    Record text is escaped, so the only tags here are ours (or the sanitiser's)."""
    return CELL_BOUNDARY.sub(lambda match: match.group(0) + " ", page).replace("<br>", " <br>")


#: Register columns a reader filters by (issue 16 part 7): by value, and by the period of a date.
REGISTER_FILTERS = ("Owner", "Kind", "Type", "Category", "Status", "Priority", "Source", "Approver")
REGISTER_PERIODS = ("Approved on", "Valid from", "Scheduled", "Planned for", "Reported at", "Requested at",
                    "Performed on", "Planned on", "Held on", "Raised on", "Due", "Review on")

TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.I)
SCROLL_OPEN, SCROLL_CLOSE = '<div class="sms-scroll">', "</div>"


def scrollable(page: str) -> str:
    """Every outermost table of a rendered page inside its own horizontally scrolling box, so a wide table
    scrolls where it stands instead of widening the page, with or without the theme's script (which wraps
    tables only once it runs). Tables nested in a cell scroll with the table around them."""
    parts: list[str] = []
    depth, last = 0, 0
    for match in TABLE_TAG.finditer(page):
        if not match.group(1):
            if depth == 0:
                parts += [page[last:match.start()], SCROLL_OPEN]
                last = match.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                parts += [page[last:match.end()], SCROLL_CLOSE]
                last = match.end()
    parts.append(page[last:])
    if depth:  # a table left open: close the box at the end, as a browser would close the table
        parts.append(SCROLL_CLOSE)
    return "".join(parts)


def html_block(content: str) -> str:
    """A raw HTML block: on lines of its own, with blank lines around it."""
    return f"\n<div class=\"sms-block\">\n{content}\n</div>\n"


def table(headers: Sequence[str], rows: Iterable[Sequence[Cell]], *, sortable: bool = True,
          empty: str = "None.", filters: Sequence[str] = (), periods: Sequence[str] = ()) -> str:
    """A table of HTML cells (headers are plain text). Sortable tables carry data-sortable for sms-sort.js;
    the headers named in `filters` carry data-filter, and sms-filter.js gives each a drop-down of the column's
    values (the cells' text); those named in `periods` carry data-filter-period, a drop-down of the years,
    quarters and months of the column's dates. Tables have no class, so the theme styles them like any
    Markdown table."""
    # Cells are joined with the space `spaced` would put between them, so it finds nothing left to do here.
    body = ["<tr>" + " ".join([f'<td data-sort="{text(cell[1])}">{cell[0]}</td>' if isinstance(cell, tuple)
                               else f"<td>{cell}</td>" for cell in row]) + "</tr>" for row in rows]
    if not body:
        return f'<p class="sms-empty">{text(empty)}</p>'
    return _head(tuple(headers), sortable, tuple(filters), tuple(periods)) + "\n".join(body) + "\n</tbody>\n</table>"


@functools.lru_cache(maxsize=512)
def _head(headers: tuple[str, ...], sortable: bool, filters: tuple[str, ...], periods: tuple[str, ...]) -> str:
    """A table's opening tag and header row, up to its body: the same few for every record of a kind."""
    marks = {**{header: " data-filter" for header in filters}, **{header: " data-filter-period" for header in periods}}
    head = " ".join(f"<th{marks.get(header, '')}>{text(header)}</th>" for header in headers)
    filterable = any(header in marks for header in headers)
    opening = "<table" + (" data-sortable" if sortable else "") + (" data-filterable" if filterable else "") + ">"
    return f"{opening}\n<thead><tr>{head}</tr></thead>\n<tbody>\n"


def badge(value: object) -> str:
    if isinstance(value, str) and STATUS_WORD.match(value):
        return _badge(value)
    return text(value)


@functools.lru_cache(maxsize=1024)
def _badge(word: str) -> str:
    """A status word's badge: a few dozen words, on every record several times."""
    return f'<span class="sms-badge sms-badge--{word}">{text(label_value(word))}</span>'


def yes_no(value: object) -> str:
    return "yes" if value is True else "no" if value is False else text(value)


def moment(value: object, zone: tzinfo) -> str:
    """A timestamp in the organisation's time zone as people read it ('10 Nov 2026, 10:35 CET'), the value as
    written in a tooltip; anything that is not a timestamp with a zone is shown as it is."""
    raw = value.isoformat() if isinstance(value, datetime) else str(value)
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        return text(value)
    if parsed.tzinfo is None:
        return text(value)
    local = parsed.astimezone(zone)
    # What %b %Y, %H:%M writes (as nothing sets a locale: in English), without strftime's cost on 30,000 stamps;
    # a year before 1000 is left to strftime, which writes it as the platform does.
    when = (f"{local.day} {MONTHS[local.month - 1]} {local.year}, {local.hour:02d}:{local.minute:02d}"
            if local.year >= 1000 else f"{local.day} {local:%b %Y, %H:%M}")
    shown = f"{when} {local.tzname() or ''}".rstrip()
    return f'<time datetime="{text(parsed.isoformat())}" title="{text(raw)}">{text(shown)}</time>'


def day(value: object) -> str:
    """A calendar day as people read it ('15 Dec 2026'), the ISO value in a tooltip; anything else as it is."""
    try:
        parsed = date.fromisoformat(str(value))
    except ValueError:
        return text(value)
    iso = parsed.isoformat()
    return f'<time datetime="{iso}" title="{iso}">{parsed.day} {parsed:%b %Y}</time>'
