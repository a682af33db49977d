"""The action tracker of the example in Chromium, judged as at a day when some of its actions are overdue and
some due soon (`sms site --at 2027-01-20`: the example's commit, judged as at that day): the filters by status
and owner hide the rows that do not match, and the table sorts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sms.site.build import build_site
from tests.site.conftest import serve

pytestmark = pytest.mark.slow
AS_AT = "2027-01-20"


@pytest.fixture(scope="module")
def late_site(example_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("late-site") / "site"
    built = build_site(example_repo, out=out, at=AS_AT, quiet=True)
    assert built.as_of.isoformat() == AS_AT
    return out


@pytest.fixture
def tracker(chromium: Any, late_site: Path) -> Iterator[Any]:
    with serve(late_site) as url:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15000)
        tab = context.new_page()
        problems: list[str] = []
        tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        tab.on("request", lambda request: None if request.url.startswith(url)
               else problems.append(f"request off the site: {request.url}"))
        tab.goto(url + "actions.html")
        yield tab
        context.close()
        assert problems == []


def visible_rows(tab: Any) -> list[list[str]]:
    rows = tab.locator("article table[data-filterable] tbody tr:visible")
    return [[" ".join(cell.split()) for cell in rows.nth(i).locator("td").all_inner_texts()]
            for i in range(rows.count())]


def test_the_tracker_lists_an_overdue_action_of_the_example(tracker: Any) -> None:
    rows = visible_rows(tracker)
    overdue = [row for row in rows if row[0] == "overdue"]
    assert any(row[4].startswith("Deploy PayGate 7.5.0") and row[5].startswith("MR-0001") for row in overdue), rows
    assert rows[0][0] == "overdue", "the most urgent first"
    assert tracker.locator(".sms-filter-count").inner_text() == f"All {len(rows)} rows shown."


def test_filters_by_status_and_owner_hide_the_other_rows(tracker: Any, tmp_path: Path) -> None:
    everything = visible_rows(tracker)
    status = tracker.locator('select[data-filter-column="Status"]')
    owner = tracker.locator('select[data-filter-column="Owner"]')
    assert status.locator("option").all_inner_texts() == ["all", "due soon", "open", "overdue"]
    status.select_option("overdue")
    overdue = visible_rows(tracker)
    assert overdue and len(overdue) < len(everything) and {row[0] for row in overdue} == {"overdue"}
    assert tracker.locator(".sms-filter-count").inner_text() == f"{len(overdue)} of {len(everything)} rows shown."
    owner.select_option("SMS Manager")
    both = visible_rows(tracker)
    assert both and all(row[0] == "overdue" and row[2] == "SMS Manager" for row in both)
    assert len(both) < len(overdue)
    tracker.screenshot(path=str(tmp_path / "actions-filtered.png"), full_page=True)
    status.select_option("")
    assert {row[2] for row in visible_rows(tracker)} == {"SMS Manager"}
    owner.select_option("")
    assert visible_rows(tracker) == everything


def test_the_tracker_sorts_by_due_date(tracker: Any) -> None:
    header = tracker.locator("article table thead th", has_text="Due")
    header.locator("button").click()
    dues = [row[1][:10] for row in visible_rows(tracker)]
    assert dues == sorted(dues) and header.get_attribute("aria-sort") == "ascending"
