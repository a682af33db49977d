"""A CSV file beside each register (`registers/<kind>.csv`), for an auditor who samples in a spreadsheet: one row
per record with the register's columns as plain values, generated at build time."""

from __future__ import annotations

import csv
import io
from typing import Any

from sms.analysis.coverage import value_at
from sms.core.text import spreadsheet_cell
from sms.site.pages.kinds import COLUMNS, KIND_NAMES
from sms.site.pages.site import Site, title_of


def register_csv_path(kind: str) -> str:
    return f"registers/{KIND_NAMES[kind][2]}.csv"


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_plain(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def register_csv(site: Site, kind: str) -> str:
    """The register of `kind` as CSV text: id, title, owner, then the register's columns with a path (computed
    columns are the site's, not data, and are left out)."""
    columns = [column for column in COLUMNS[kind] if column.path is not None]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Id", "Title", "Owner", *(column.label for column in columns)])
    for entry in sorted(site.by_kind.get(kind, []), key=lambda e: e.id or ""):
        data = entry.data if isinstance(entry.data, dict) else {}
        row = [entry.id or "", title_of(entry), _plain(data.get("owner")),
               *(_plain(value_at(data, column.path or "")) for column in columns)]
        writer.writerow([spreadsheet_cell(value) for value in row])
    return out.getvalue()


def register_csvs(site: Site) -> dict[str, str]:
    return {register_csv_path(kind): register_csv(site, kind) for kind in KIND_NAMES}
