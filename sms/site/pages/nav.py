"""Where each kind's register and record pages are, and the navigation mkdocs shows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sms.site.pages.kinds import KIND_NAMES, areas
from sms.site.pages.paths import HOME

NavItem = str | dict[str, Any]


def register_path(kind: str) -> str:
    return f"registers/{KIND_NAMES[kind][2]}.md"


def record_path(kind: str, record_id: str) -> str:
    return f"records/{KIND_NAMES[kind][2]}/{record_id}.md"


def nav(extra_pages: Sequence[str] = ()) -> list[NavItem]:
    """The navigation for mkdocs' `nav` (used when mkdocs.yml has none): home, a section per area, then the
    hand-written pages of docs/ under 'About'."""
    items: list[NavItem] = [{"Home": HOME}]
    for title, entries in areas():
        section: list[NavItem] = [{KIND_NAMES[entry][1]: register_path(entry)} if isinstance(entry, str)
                                  else {entry[0]: entry[1]} for entry in entries]
        items.append({title: section})
    if extra_pages:
        items.append({"About": list(extra_pages)})
    return items
