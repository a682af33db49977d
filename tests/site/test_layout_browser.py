"""The example site's layout, print and heat map in Chromium (issue 16 parts 2, 6 and 7): no table is wider than
the page at 1280 and 390 px (each scrolls in its own box, and at 1280 every register fits without scrolling);
a controlled document printed carries its id, version, status, approval and commit and "Uncontrolled when
printed" on every page; registers print every column, landscape; heat map counts meet WCAG AA as the browser
draws them; register filters hide and show rows, and without JavaScript the whole register shows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sms.site.heatmap import AA_NORMAL_TEXT, contrast
from tests.site.conftest import browser_tab

pytestmark = pytest.mark.slow

#: Every register, the overviews with the widest tables, and record pages of kinds with nested tables.
PAGES = ("documents.html", "registers/index.html", "sla-targets.html", "kpis.html", "actions.html", "coverage.html",
         "traceability.html", "risk-heat-map.html", "findings.html", "records/policies/POL-0001.html",
         "records/changes/CHG-0008.html", "records/slas/SLA-0001.html", "records/services/SVC-0001.html",
         "records/audits/AUD-0001.html", "records/management_reviews/MR-0001.html", "records/risks/RSK-0010.html")

MEASURE = """() => {
  const article = document.querySelector("article");
  const right = article.getBoundingClientRect().right;
  const tables = [...article.querySelectorAll("table")].filter(t => !t.parentElement.closest("table"));
  return {
    page: document.documentElement.scrollWidth - window.innerWidth,
    article: article.scrollWidth - article.clientWidth,
    tables: tables.map(t => {
      const box = t.closest(".sms-scroll");
      return box === null ? {unboxed: t.outerHTML.slice(0, 80)} : {
        excess: box.scrollWidth - box.clientWidth, scrolls: getComputedStyle(box).overflowX === "auto",
        beyond: Math.round(box.getBoundingClientRect().right - right), head: t.rows[0].innerText.slice(0, 40)};
    }),
  };
}"""


@pytest.fixture
def tab(chromium: Any, site_url: str) -> Iterator[Any]:
    with browser_tab(chromium) as page:
        page.on("request", lambda request: None if request.url.startswith(site_url)
                else page.problems.append(f"request off the site: {request.url}"))
        yield page
    assert page.problems == []


def registers(site: Path) -> list[str]:
    return sorted(f"registers/{path.name}" for path in (site / "registers").glob("*.html"))


def test_no_table_is_wider_than_the_page_at_1280_or_390_px(tab: Any, site_url: str, example_site: Path,
                                                           tmp_path: Path) -> None:
    problems = []
    for path in [*registers(example_site), *PAGES]:
        tab.set_viewport_size({"width": 1280, "height": 900})
        tab.goto(site_url + path)
        for width in (1280, 390):
            tab.set_viewport_size({"width": width, "height": 900})
            measured = tab.evaluate(MEASURE)
            if measured["page"] > 0 or measured["article"] > 0:
                problems.append(f"{path} at {width}px: the page scrolls sideways by {measured['page']}px")
            for table in measured["tables"]:
                if "unboxed" in table:
                    problems.append(f"{path}: a table outside a scrolling box: {table['unboxed']}")
                elif table["beyond"] > 0 or not table["scrolls"]:
                    problems.append(f"{path} at {width}px: the box of {table['head']!r} sticks out or cannot scroll")
                elif width == 1280 and table["excess"] > 0:
                    problems.append(f"{path} at 1280px: {table['head']!r} is {table['excess']}px too wide to fit")
    tab.screenshot(path=str(tmp_path / "last-page-390.png"), full_page=True)
    assert problems == []
    assert tab.locator("article .sms-scroll").count() > 0


def test_without_javascript_a_register_shows_every_row_in_its_scrolling_box(chromium: Any, site_url: str) -> None:
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 390, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_url + "registers/changes.html")
        rows = page.locator("article .sms-scroll > table > tbody > tr")
        assert rows.count() == 25 and all(rows.nth(i).is_visible() for i in range(rows.count()))
        assert page.locator("select").count() == 0
        box = page.locator("article .sms-scroll").first
        assert box.evaluate("b => b.scrollWidth > b.clientWidth"), "at 390px the register scrolls in its box"
    finally:
        context.close()


# --- print ---------------------------------------------------------------------------------------------------

def footer_links_per_page(pdf: bytes, target: str) -> list[int]:
    """For each page of a Chromium PDF, how many link annotations in its bottom inch point at `target`."""
    objects = {int(number): body for number, body in re.findall(rb"(\d+) 0 obj\s*(.*?)endobj", pdf, re.S)}
    counts = []
    for body in objects.values():
        if not re.search(rb"/Type\s*/Page\b(?!s)", body):
            continue
        annots = re.search(rb"/Annots\s*\[(.*?)\]", body, re.S)
        found = 0
        for ref in re.findall(rb"(\d+) 0 R", annots.group(1)) if annots else []:
            annot = objects[int(ref)]
            action = re.search(rb"/A\s+(\d+) 0 R", annot)
            uri = re.search(rb"/URI\s*\((.*?)\)", objects[int(action.group(1))] if action else annot)
            rect = re.search(rb"/Rect\s*\[\s*[\d.]+\s+([\d.]+)", annot)
            if uri and uri.group(1).decode().endswith(target) and rect and float(rect.group(1)) < 72:
                found += 1
        counts.append(found)
    return counts


def test_a_controlled_document_prints_its_control_line_on_every_page(tab: Any, site_url: str,
                                                                     tmp_path: Path) -> None:
    tab.goto(site_url + "records/policies/POL-0001.html")
    footer = tab.locator(".sms-print-footer")
    assert not footer.is_visible(), "on screen the control line is hidden"
    tab.emulate_media(media="print")
    assert footer.is_visible()
    line = " ".join(footer.inner_text().split())
    commit = tab.locator(".sms-banner code").inner_text()
    assert line.startswith("POL-0001 Service management policy · version 3.0 · approved · approved by ")
    assert f"printed from commit {commit}" in line and line.endswith("UNCONTROLLED WHEN PRINTED"), line
    assert footer.evaluate("f => getComputedStyle(f).position") == "fixed"
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search", ".md-footer__inner"):
        assert all(not element.is_visible() for element in tab.locator(chrome).all()), chrome
    pdf = tab.pdf(prefer_css_page_size=True, print_background=True)
    (tmp_path / "POL-0001.pdf").write_bytes(pdf)
    per_page = footer_links_per_page(pdf, "/records/policies/POL-0001.html")
    assert 1 <= len(per_page) <= 5, f"POL-0001 printed on {len(per_page)} pages (9 before the print stylesheet)"
    assert all(per_page), f"the control line (its id links to the document) is at the foot of every page: {per_page}"
    assert re.search(rb"/MediaBox \[0 0 59[45][.\d]* 84[12]", pdf), "A4 portrait"


def test_a_register_prints_every_column_landscape(tab: Any, site_url: str, tmp_path: Path) -> None:
    tab.set_viewport_size({"width": 1047, "height": 740})  # A4 landscape inside 10 mm margins, at 96 dpi
    tab.goto(site_url + "documents.html")
    tab.emulate_media(media="print")
    assert tab.locator(".sms-filters").count() == 1 and not tab.locator(".sms-filters").is_visible()
    edge = tab.evaluate("() => document.querySelector('article').getBoundingClientRect().right")
    headers = tab.locator("article table thead th")
    assert headers.count() == 11
    for i in range(headers.count()):
        box = headers.nth(i).bounding_box()
        assert box is not None and box["x"] + box["width"] <= edge + 1, headers.nth(i).inner_text()
    pdf = tab.pdf(prefer_css_page_size=True)
    (tmp_path / "documents.pdf").write_bytes(pdf)
    assert re.search(rb"/MediaBox \[0 0 84[12][.\d]* 59[45]", pdf), "A4 landscape"
    assert b"sms-print-footer" not in tab.content().encode(), "a register is not a controlled document"


# --- heat map --------------------------------------------------------------------------------------------------

def rgb(css: str) -> str:
    red, green, blue = (int(value) for value in re.findall(r"\d+", css)[:3])
    return f"#{red:02x}{green:02x}{blue:02x}"


def test_heat_map_counts_meet_aa_contrast_as_drawn(tab: Any, site_url: str) -> None:
    tab.goto(site_url + "risk-heat-map.html")
    cells = tab.locator("article table.sms-heatmap td")
    assert cells.count() == 75
    drawn = cells.evaluate_all("""cells => cells.map(cell => {
        const ink = cell.querySelector("a") || cell.querySelector("[aria-hidden]");
        return [getComputedStyle(cell).backgroundColor, getComputedStyle(ink).color, cell.dataset.band];
    })""")
    bands = {band for _, _, band in drawn}
    assert {"low", "medium", "high", "critical"} <= bands
    for background, colour, band in drawn:
        assert contrast(rgb(background), rgb(colour)) >= AA_NORMAL_TEXT, (band, background, colour)
    opportunity = tab.get_by_role("link", name="likelihood 3, benefit 3: 1 opportunity")
    assert opportunity.count() == 1 and "RSK-0010" in (opportunity.get_attribute("title") or "")
    maps = tab.locator("article table.sms-heatmap")
    assert [maps.nth(i).locator("a[title*='RSK-0010']").count() for i in range(3)] == [0, 0, 1], \
        "the opportunity is on its own map, not on the threat maps"


# --- register filters ------------------------------------------------------------------------------------------

def shown(tab: Any) -> list[str]:
    texts: list[str] = tab.locator("article table[data-filterable] tbody tr:visible td:first-child").all_inner_texts()
    return texts


def test_register_filters_by_type_status_and_period_and_show_everything_again(tab: Any, site_url: str,
                                                                              tmp_path: Path) -> None:
    tab.set_viewport_size({"width": 1280, "height": 900})
    tab.goto(site_url + "registers/changes.html")
    everything = shown(tab)
    assert len(everything) == 25
    kind = tab.locator('select[data-filter-column="Type"]')
    status = tab.locator('select[data-filter-column="Status"]')
    period = tab.locator('select[data-filter-column="Scheduled"]')
    assert kind.locator("option").all_inner_texts() == ["all", "emergency", "normal", "standard"]
    kind.select_option("standard")
    standard = shown(tab)
    assert standard and len(standard) < 25
    assert all(row.startswith("CHG-") for row in standard)
    types = tab.locator("article table tbody tr:visible td:nth-child(4)").all_inner_texts()
    assert set(types) == {"standard"}
    status.select_option("closed")
    closed = tab.locator("article table tbody tr:visible td:nth-child(5)").all_inner_texts()
    assert set(closed) == {"closed"} and len(closed) < len(standard)
    assert tab.locator(".sms-filter-count").inner_text() == f"{len(closed)} of 25 rows shown."
    kind.select_option("")
    status.select_option("")
    assert "2026 Q3" in period.locator("option").all_inner_texts()
    period.select_option(label="2026 Q3")
    q3 = tab.locator("article table tbody tr:visible td:nth-child(8)").evaluate_all(
        "cells => cells.map(c => (c.querySelector('time') || {}).dateTime || c.textContent.trim())")
    assert q3 and all(re.match(r"2026-0[789]-", day) for day in q3), q3
    tab.screenshot(path=str(tmp_path / "changes-filtered.png"), full_page=True)
    period.select_option("")
    assert shown(tab) == everything
    assert tab.locator(".sms-filter-count").inner_text() == "All 25 rows shown."


def test_the_document_register_filters_by_owner_and_kind(tab: Any, site_url: str) -> None:
    tab.goto(site_url + "documents.html")
    total = len(shown(tab))
    tab.locator('select[data-filter-column="Kind"]').select_option("Policy")
    policies = shown(tab)
    assert policies and all(row.startswith("POL-") for row in policies) and len(policies) < total
    tab.locator('select[data-filter-column="Kind"]').select_option("")
    tab.locator('select[data-filter-column="Owner"]').select_option("Change Manager")
    owned = tab.locator("article table tbody tr:visible td:nth-child(6)").all_inner_texts()
    assert owned and set(owned) == {"Change Manager"}
