"""The action tracker page: every open action with owner, due date and status as at the site's day, from the
same list SMS116/SMS117 judge; read from the generated page as a reader sees it (its table rows' text)."""

from __future__ import annotations

import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sms.site import pages
from sms.site.data import SiteData
from sms.store.config import load_config
from sms.store.repository import Repository, load_repository
from tests.unit.test_site_pages import FIXTURE, parsed


class _Rows(HTMLParser):
    """The header texts, the text of each body row's cells, and the attributes of table and headers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headers: list[str] = []
        self.filters: list[str] = []
        self.table: dict[str, str | None] = {}
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.table = dict(attrs)
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and not self._in_head:
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
            if tag == "th" and "data-filter" in dict(attrs):
                self.filters.append("")
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None:
            value = " ".join("".join(self._cell).split())
            if tag == "th":
                self.headers.append(value)
                if self.filters and self.filters[-1] == "":
                    self.filters[-1] = value
            else:
                self.rows[-1].append(value)
            self._cell = None


def tracker(repo: Repository, as_of: date) -> _Rows:
    page = pages.build_pages(repo, SiteData(as_of=as_of))[pages.ACTIONS]
    assert parsed(page)[3] == [], "no event handlers"
    found = _Rows()
    found.feed(page)
    return found


@pytest.fixture(scope="module")
def kinds_repo() -> Repository:
    return load_repository(FIXTURE, load_config(FIXTURE))


def test_the_tracker_lists_every_open_action_with_owner_due_date_and_record(kinds_repo: Repository) -> None:
    found = tracker(kinds_repo, date(2027, 2, 10))
    assert found.headers == ["Status", "Due", "Owner", "What", "Action", "Record"]
    by_what = {row[3]: row for row in found.rows}
    assert set(by_what) == {"management review action", "risk review", "objective"}, "done actions are not listed"
    review = by_what["management review action"]
    assert review[0] == "overdue" and review[1] == "2027-01-31 10 days overdue"
    assert review[2] == "SMS manager", "the role, by its name"
    assert review[4] == "Budget a second data centre for 2027."
    assert review[5].startswith("MR-0001 ")
    assert by_what["risk review"][0] == "open" and by_what["risk review"][1] == "2027-07-01 in 141 days"
    assert found.rows[0] is review, "the most urgent first"


def test_due_soon_is_the_window_sms116_warns_in(kinds_repo: Repository) -> None:
    soon = kinds_repo.config.review_periods.due_soon_days
    due = date(2027, 1, 31)
    inside = tracker(kinds_repo, date.fromordinal(due.toordinal() - soon))
    outside = tracker(kinds_repo, date.fromordinal(due.toordinal() - soon - 1))
    on_day = tracker(kinds_repo, due)

    def status(found: _Rows) -> str:
        return next(row[0] for row in found.rows if row[3] == "management review action")

    assert (status(inside), status(outside), status(on_day)) == ("due soon", "open", "due soon")
    assert next(row[1] for row in on_day.rows if row[3] == "management review action").endswith("due today")


def test_the_tracker_is_sortable_and_filterable_by_status_and_owner(kinds_repo: Repository) -> None:
    found = tracker(kinds_repo, date(2027, 2, 10))
    assert "data-sortable" in found.table and "data-filterable" in found.table
    assert found.filters == ["Status", "Owner"]
    assert "Action tracker" in str(pages.nav())


def copy_fixture(tmp_path: Path) -> Path:
    root = tmp_path / "sms"
    shutil.copytree(FIXTURE, root)
    return root


def test_an_audit_nonconformity_without_a_nonconformity_record_has_no_action_recorded(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    audit = root / "records/audits/AUD-0001.yaml"
    source = audit.read_text(encoding="utf-8")
    audit.write_text(source.replace("findings:\n", "findings:\n  - type: nonconformity\n    clause: '7.2'\n"
                                    "    text: No competence records for the on-call engineers.\n"), encoding="utf-8")
    repo = load_repository(root, load_config(root))
    assert repo.problems == []
    rows = [row for row in tracker(repo, date(2026, 11, 1)).rows if row[0] == "no action recorded"]
    assert len(rows) == 2, "two nonconformity findings, one nonconformity record: neither names it"
    assert {row[4] for row in rows} == {"No competence records for the on-call engineers.",
                                        "Two normal changes were implemented without a recorded risk assessment."}
    assert all(row[5].startswith("AUD-0001") and row[2] == "no owner" for row in rows)
    audit.write_text(source.replace("findings:\n", "findings:\n  - type: nonconformity\n    clause: '7.2'\n"
                                    "    text: No competence records. Raised as NC-0001.\n"), encoding="utf-8")
    repo = load_repository(root, load_config(root))
    rows = [row for row in tracker(repo, date(2026, 11, 1)).rows if row[0] == "no action recorded"]
    assert [row[4] for row in rows] == [
        "Two normal changes were implemented without a recorded risk assessment."], "the one naming its NC is actioned"


def test_an_audit_with_a_record_for_each_nonconformity_lists_none(kinds_repo: Repository) -> None:
    assert [row for row in tracker(kinds_repo, date(2026, 11, 1)).rows if row[0] == "no action recorded"] == []


def test_action_text_is_escaped(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    review = root / "records/management_reviews/MR-0001.yaml"
    review.write_text(review.read_text(encoding="utf-8").replace(
        "Budget a second data centre for 2027.", "'<script>alert(1)</script> <b onclick=x>go</b>'"), encoding="utf-8")
    repo = load_repository(root, load_config(root))
    page = pages.build_pages(repo, SiteData(as_of=date(2027, 2, 10)))[pages.ACTIONS]
    assert "<script" not in page and "<b " not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b onclick=x&gt;go&lt;/b&gt;" in page
