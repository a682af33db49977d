"""The example site in a real browser: Debian's chromium driven by playwright, the site served over
http://127.0.0.1 (Material's search runs in a web worker, which browsers refuse on file://).

Screenshots go to each test's tmp dir, for a person to look at when a test fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.site.conftest import browser_tab

pytestmark = pytest.mark.slow


@pytest.fixture
def page(chromium: Any, site_url: str) -> Iterator[Any]:
    """A fresh page that fails the test on any script error and refuses any request off this machine."""
    with browser_tab(chromium) as tab:
        tab.on("console", lambda message: tab.problems.append(f"console {message.type}: {message.text}")
               if message.type == "error" else None)
        tab.on("request", lambda request: None if request.url.startswith(site_url)
               else tab.problems.append(f"request off the site: {request.url}"))
        yield tab
    assert tab.problems == []


def test_home_shows_the_organisation_banner_and_navigation(page: Any, site_url: str, tmp_path: Path) -> None:
    page.goto(site_url + "index.html")
    assert "Halden" in page.title()
    assert page.locator("article h1").first.inner_text() == "Halden Payments GmbH"
    banner = page.locator(".sms-banner")
    assert banner.is_visible() and banner.inner_text().startswith("As at 2026-03-02")
    assert "SMS as at commit" in page.locator(".md-copyright").inner_text()
    for section in ("Governance", "Services", "Risk", "Operations", "Evaluation and improvement", "Conformance"):
        assert page.locator(".md-nav__item--section > label, .md-nav__item--section > a", has_text=section).count()
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)


def test_navigation_leads_from_a_register_to_a_record_and_back(page: Any, site_url: str, tmp_path: Path) -> None:
    page.goto(site_url + "index.html")
    page.locator("nav.md-nav--primary a.md-nav__link", has_text="Changes").first.click()
    page.wait_for_url("**/registers/changes.html")
    assert page.locator("article h1").inner_text() == "Changes"
    page.screenshot(path=str(tmp_path / "register.png"), full_page=True)
    page.locator("article table a", has_text="CHG-0002").first.click()
    page.wait_for_url("**/records/changes/CHG-0002.html")
    assert page.locator("article h1").inner_text().startswith("CHG-0002")
    page.locator("article a", has_text="Change").first.click()  # the kind links back to its register
    page.wait_for_url("**/registers/changes.html")


def test_register_tables_sort_by_any_column(page: Any, site_url: str) -> None:
    page.goto(site_url + "registers/changes.html")
    ids = page.locator("article table tbody tr td:first-child")
    first = ids.first.inner_text()
    header = page.locator("article table thead th", has_text="Id")
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert ids.first.inner_text() == first
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    texts = ids.all_inner_texts()
    assert texts == sorted(texts, reverse=True) and texts[0] != first


def test_a_document_page_shows_its_approval_and_revision_history(page: Any, site_url: str, tmp_path: Path) -> None:
    page.goto(site_url + "records/policies/POL-0001.html")
    assert page.locator("article h1").inner_text() == "POL-0001 Service management policy"
    assert page.locator(".sms-approval").inner_text().startswith("Approved by")
    page.locator(".sms-approval a code").first.click()
    assert "#rev-" in page.url
    assert page.locator("h2", has_text="Revision history").is_visible()
    assert page.locator("h3", has_text="Service management policy").count() == 1, "the body is rendered"
    page.screenshot(path=str(tmp_path / "document.png"), full_page=True)


def test_the_coverage_matrix_links_clauses_to_evidence(page: Any, site_url: str, tmp_path: Path) -> None:
    page.goto(site_url + "coverage.html")
    rows = page.locator("article table tbody tr")
    assert rows.count() > 50
    heading = page.locator("tr#clause-8-5-1")
    assert heading.locator(".sms-badge").inner_text() in ("covered", "partial", "gap", "excluded")
    page.screenshot(path=str(tmp_path / "coverage.png"), full_page=True)
    leaf = page.locator("tr#clause-8-5-1-3")
    assert leaf.locator("a").count() >= 1, "a leaf clause names the records that evidence it"
    leaf.locator("a").first.click()
    page.wait_for_url("**/records/**")
    assert page.locator("h2", has_text="Traceability").is_visible()


def test_the_risk_heat_map_cells_are_links_named_for_what_they_hold(page: Any, site_url: str,
                                                                     tmp_path: Path) -> None:
    page.goto(site_url + "risk-heat-map.html")
    assert page.locator("article table.sms-heatmap").count() == 3, "inherent, residual, opportunities"
    assert page.locator("article table.sms-heatmap td").count() == 75
    assert page.locator("article svg").count() == 0, "no picture hides the cells from a screen reader"
    cell = page.get_by_role("link", name="likelihood 3, impact 4: 2 risks")
    assert cell.count() == 1 and cell.inner_text() == "2"
    cell.click()
    page.wait_for_url("**#inherent-l3-i4")
    assert "RSK-0006" in page.locator("tr#inherent-l3-i4").inner_text()
    page.screenshot(path=str(tmp_path / "heat-map.png"), full_page=True)


def test_search_finds_records(page: Any, site_url: str, tmp_path: Path) -> None:
    page.goto(site_url + "index.html")
    field = page.locator("input.md-search__input")
    field.click()
    field.press_sequentially("PostgreSQL", delay=20)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15000)
    page.screenshot(path=str(tmp_path / "search.png"))
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert any("records/changes/CHG-0002.html" in href for href in hrefs), hrefs
    results.first.click()
    page.wait_for_url("**/records/**")


def test_only_the_themes_own_inline_scripts_may_run(page: Any, site_url: str, example_site: Path) -> None:
    # issue 15: a Content-Security-Policy <meta> on every page; Material's inline scripts are allowed by hash,
    # a script inside the article (where record text goes) is not
    built = (example_site / "records/changes/CHG-0001.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="Content-Security-Policy"' in built
    injected = built.replace("</article>", "<script>window.__sms_injected = true</script></article>", 1)
    probe = example_site / "records/changes/csp-probe.html"  # beside the original: its relative links work
    probe.write_text(injected, encoding="utf-8")
    try:
        page.goto(site_url + "records/changes/csp-probe.html")
        assert page.evaluate("typeof window.__md_get") == "function"  # the theme's inline script ran
        assert page.evaluate("window.__sms_injected === undefined")
    finally:
        probe.unlink()  # the built site is shared with other tests
    refused = [problem for problem in page.problems if "Content Security Policy" in problem]
    assert len(refused) == 1 and "inline script" in refused[0]
    page.problems.clear()


SCREENSHOT = "docs/images/site.png"  # the README's picture of the site


def test_the_readme_shows_a_screenshot_the_browser_took(page: Any, site_url: str) -> None:
    """SMS_UPDATE_SCREENSHOT=1 retakes it (after a deliberate change to the site's look); otherwise the committed
    picture must exist, be the browser's PNG at the size taken here, and be the one the README shows."""
    from tests.conftest import REPO_ROOT

    target = REPO_ROOT / SCREENSHOT
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + "records/changes/CHG-0001.html")
    if os.environ.get("SMS_UPDATE_SCREENSHOT"):
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target))
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == 1280 and int.from_bytes(data[20:24], "big") == 800
    assert f"]({SCREENSHOT})" in (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def test_the_palette_toggle_switches_between_light_and_dark(page: Any, site_url: str, tmp_path: Path) -> None:
    page.goto(site_url + "actions.html")
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    page.locator('label[for="__palette_1"]').click()
    assert body.get_attribute("data-md-color-scheme") == "slate"
    page.screenshot(path=str(tmp_path / "dark.png"), full_page=True)
    page.goto(site_url + "index.html")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate", "the choice is kept"
    page.locator('label[for="__palette_0"]').click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"
