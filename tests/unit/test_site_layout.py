"""Layout and print of the site's pages, and the risk heat map (issue 16 parts 2 and 6): every table in a box
of its own that scrolls, a controlled document's printed-page footer, heat map counts that meet WCAG AA on
every band colour, and opportunities on a map of their own. Pure: no mkdocs, no browser
(tests/site/test_layout_browser.py looks at the same things in Chromium)."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, date, datetime

import pytest

from sms.site import pages
from sms.site.data import BuildCommit, DocumentHistory, Revision, SiteData
from sms.site.heatmap import AA_NORMAL_TEXT, BLACK, WHITE, contrast, ink
from sms.site.pages.heatmap import OPPORTUNITY_BLUES, heat_map_page
from sms.site.pages.site import Site
from sms.store.config import default_bands, load_config
from sms.store.repository import Repository, load_repository
from tests.conftest import REPO_ROOT

COMMIT = BuildCommit("0123456789abcdef0123456789abcdef01234567", datetime(2026, 11, 20, 9, 30, tzinfo=UTC))


@pytest.fixture(scope="module")
def example() -> Repository:
    return load_repository(REPO_ROOT, load_config(REPO_ROOT))


# --- every table scrolls in its own box --------------------------------------------------------------------

def test_every_outermost_table_gets_its_own_scrolling_box() -> None:
    page = "<p>a</p><table><tr><td>1</td></tr></table><p>b</p><TABLE data-sortable><tr><td>2</td></tr></TABLE>"
    assert pages.scrollable(page) == (
        '<p>a</p><div class="sms-scroll"><table><tr><td>1</td></tr></table></div><p>b</p>'
        '<div class="sms-scroll"><TABLE data-sortable><tr><td>2</td></tr></TABLE></div>')


def test_a_table_nested_in_a_cell_scrolls_with_its_outer_table() -> None:
    page = "<table><tr><td><table><tr><td>in</td></tr></table></td></tr></table><table></table>"
    wrapped = pages.scrollable(page)
    assert wrapped.count('<div class="sms-scroll">') == 2
    assert wrapped.startswith('<div class="sms-scroll"><table><tr><td><table>')
    assert "</table></td></tr></table></div>" in wrapped


def test_text_that_only_looks_like_a_table_is_left_alone() -> None:
    page = "<p>&lt;table&gt; and <tablet> and </tables></p>"
    assert pages.scrollable(page) == page
    assert pages.scrollable("<table><tr><td>open") == '<div class="sms-scroll"><table><tr><td>open</div>'


# --- a controlled document on paper ------------------------------------------------------------------------

def _footer(page: str) -> str:
    found = re.search(r'<div class="sms-print-footer"[^>]*>(.*?)</div>', page, re.S)
    assert found is not None, "a controlled document carries its printed-page footer"
    return re.sub(r"<[^>]+>", "", found.group(1))


def test_a_controlled_document_prints_its_id_version_status_approval_and_commit(example: Repository) -> None:
    approval = Revision("a" * 40, datetime(2026, 3, 4, 12, 0, tzinfo=UTC), "Ada", "Approve", ("record",), "3.0",
                        "2026-03-04", "approved")
    data = SiteData(as_of=date(2026, 11, 25), commit=COMMIT,
                    histories={"POL-0001": DocumentHistory((approval,), approval)})
    generated = pages.build_pages(example, data)
    footer = _footer(generated["records/policies/POL-0001.md"])
    assert footer.startswith("POL-0001 Service management policy · version 3.0 · approved · ")
    assert "approved by Dr. Martina Hartmann on 2026-03-04 (commit aaaaaaa)" in footer
    assert "printed from commit 0123456 · as at 2026-11-25 · Uncontrolled when printed" in footer
    assert 'data-search-exclude="banner"' in generated["records/policies/POL-0001.md"]
    draft = [entry for entry in example.entries if entry.kind == "policy"
             and entry.data["document"]["status"] != "approved"]
    for entry in draft:
        assert "approved by" not in _footer(generated[f"records/policies/{entry.id}.md"])
    assert "sms-print-footer" not in generated["records/changes/CHG-0008.md"], "records are not documents"


def test_without_git_the_footer_says_so(example: Repository) -> None:
    footer = _footer(pages.build_pages(example, SiteData(as_of=date(2026, 11, 25)))["records/slas/SLA-0001.md"])
    assert "not built from a git commit" in footer and footer.endswith("Uncontrolled when printed")


# --- heat map: contrast and opportunities ------------------------------------------------------------------

def test_wcag_contrast_of_known_pairs() -> None:
    assert contrast(BLACK, WHITE) == pytest.approx(21.0)
    assert contrast("#777777", "#777777") == pytest.approx(1.0)
    assert contrast(WHITE, "#ff7043") < AA_NORMAL_TEXT, "the issue's failing case: white on orange"
    assert contrast(WHITE, "#767676") == pytest.approx(4.54, abs=0.01)  # the lightest grey AA allows on white


def test_every_band_colour_gets_a_count_colour_meeting_aa(example: Repository) -> None:
    colours = {band.colour for band in example.config.risk_matrix.bands}
    colours |= {band.colour for band in default_bands()} | set(OPPORTUNITY_BLUES)
    assert {"#4caf50", "#ffc107", "#ff7043", "#b71c1c"} <= colours
    for colour in colours:
        assert contrast(ink(colour), colour) >= AA_NORMAL_TEXT, colour
    assert ink("#ff7043") == BLACK and ink("#4caf50") == BLACK and ink("#b71c1c") == WHITE


def test_any_colour_an_organisation_may_configure_gets_a_readable_count() -> None:
    steps = range(0, 256, 15)
    for red, green, blue in itertools.product(steps, steps, steps):
        colour = f"#{red:02x}{green:02x}{blue:02x}"
        assert contrast(ink(colour), colour) >= AA_NORMAL_TEXT, colour


def test_the_page_colours_every_count_by_its_band_and_keeps_opportunities_apart(example: Repository) -> None:
    page = heat_map_page(Site(example, SiteData(as_of=date(2026, 11, 25), commit=COMMIT)))
    for background, colour in re.findall(r'<td style="background-color:(#[0-9a-f]{6});color:(#[0-9a-f]{6})"', page):
        assert contrast(background, colour) >= AA_NORMAL_TEXT, (background, colour)
    threats, opportunities = page.split("## Opportunities", 1)
    assert "RSK-0010" not in threats, "an opportunity is not plotted on the threat scale"
    assert 'aria-label="likelihood 3, benefit 3: 1 opportunity"' in opportunities
    assert 'href="#opportunity-l3-i3"' in opportunities and 'id="opportunity-l3-i3"' in opportunities
    assert all(colour in OPPORTUNITY_BLUES for colour in re.findall(r"background-color:(#[0-9a-f]{6})", opportunities))
    assert 'aria-label="likelihood 3, impact 4: 2 risks"' in threats
