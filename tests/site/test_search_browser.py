"""Search that finds (issue 16 part 1), in Chromium over http (Material's search runs in a web worker): a record
id finds the pages naming that id, the record's own page first; a word of a field finds every page showing it,
table cells included."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.site.conftest import browser_tab

pytestmark = pytest.mark.slow


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    with browser_tab(chromium) as tab:
        yield tab
    assert tab.problems == []


def search(page: Any, site_url: str, query: str) -> list[str]:
    """Every result page (path within the site) for `query`, in the order shown; scrolls until all are shown."""
    page.goto(site_url + "index.html")
    field = page.locator("input.md-search__input")
    field.click()
    field.press_sequentially(query, delay=20)
    meta = page.locator(".md-search-result__meta")
    shown, previous = "", None
    for _ in range(60):  # results follow each keystroke: wait until they settle
        page.wait_for_timeout(250)
        shown = meta.inner_text()
        if shown == previous and re.search(r"matching", shown):
            break
        previous = shown
    found = re.search(r"(\d+) matching", shown)
    total = int(found.group(1)) if found else 0
    groups = page.locator(".md-search-result__list > .md-search-result__item")
    scroller = page.locator(".md-search__scrollwrap")
    items = ".md-search-result__list > .md-search-result__item"
    while groups.count() < total:  # Material shows a few more each time the list reaches its end
        before = groups.count()
        scroller.evaluate("el => { el.scrollTop = 0 }")
        page.wait_for_timeout(100)
        scroller.evaluate("el => { el.scrollTop = el.scrollHeight }")
        # On a busy machine the next batch can take seconds: wait for it rather than counting attempts.
        page.wait_for_function("([selector, count]) => document.querySelectorAll(selector).length > count",
                               arg=[items, before], timeout=30_000)
    hrefs = [groups.nth(i).locator("a").first.get_attribute("href") or "" for i in range(groups.count())]
    assert len(hrefs) == total, (len(hrefs), total)
    return [href.replace(site_url, "").split("#")[0].split("?")[0] for href in hrefs]


def article_text(path: Path) -> str:
    """The text of a page's article, without the banner (which search skips)."""
    source = path.read_text(encoding="utf-8")
    article = source.split("<article", 1)[1].split("</article>", 1)[0]
    article = re.sub(r'<div class="sms-banner.*?</div>', " ", article, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", article))


def test_a_record_id_finds_its_record_first_and_only_pages_naming_it(page: Any, site_url: str,
                                                                     example_site: Path) -> None:
    found = search(page, site_url, "CHG-0008")
    assert found[0] == "records/changes/CHG-0008.html", found[:5]
    texts = {path.relative_to(example_site).as_posix(): article_text(path) for path in example_site.rglob("*.html")}
    naming = {path for path, text in texts.items() if re.search(r"\bCHG-0008\b", text)}
    assert naming <= set(found), naming - set(found)
    both = {path for path, text in texts.items() if re.search(r"\bCHG\b", text) and re.search(r"\b0008", text)}
    assert set(found) <= both, "every result names CHG and 0008: the parts are required, not alternatives"
    assert len(found) < len({path for path, text in texts.items() if re.search(r"\bCHG-", text)})
    assert page.locator("input.md-search__input").input_value() == "CHG-0008", "the box shows what was typed"


def test_a_lower_case_id_finds_it_too(page: Any, site_url: str) -> None:
    assert search(page, site_url, "inc-0005")[0] == "records/incidents/INC-0005.html"


def test_a_field_word_finds_every_page_that_shows_it(page: Any, site_url: str, example_site: Path) -> None:
    expected = {path.relative_to(example_site).as_posix() for path in example_site.rglob("*.html")
                if path.name != "404.html" and re.search(r"\bbackout", article_text(path), re.I)}
    assert len(expected) > 10
    found = search(page, site_url, "backout")
    assert set(found) == expected
