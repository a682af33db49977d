"""The example's SLA attainment pages, built with the real site builder as at 2026-11-30 (the day its records were
last brought up to date, EXAMPLE_AS_AT in the Makefile): September's availability breach of SLA-0001 is shown
missed and linked to INC-0005, the link resolves, and in Chromium a reader follows it to the incident."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sms.site.build import build_site
from tests.site.conftest import browser_tab, serve
from tests.site.htmlcheck import broken_links, parse

pytestmark = pytest.mark.slow
AS_AT = "2026-11-30"


@pytest.fixture(scope="module")
def site(example_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("attainment-site") / "site"
    built = build_site(example_repo, out=out, at=AS_AT, quiet=True)
    assert built.as_of.isoformat() == AS_AT
    return out


def test_the_sla_page_shows_septembers_breach_linked_to_its_incident(site: Path) -> None:
    page = site / "attainment" / "SLA-0001.html"
    html = page.read_text(encoding="utf-8")
    september = re.search(r"<tr><td>2026-09</td>.*?</tr>", html, re.S)
    assert september is not None
    row = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", september.group(0))).split()
    assert row[:4] == ["2026-09", "99.88", "%", "missed"]  # 52 minutes of September's 43,200
    assert 'href="../records/incidents/INC-0005.html"' in september.group(0)
    assert (site / "records" / "incidents" / "INC-0005.html").is_file()
    assert "../records/incidents/INC-0005.html" in parse(page).links
    assert [link for link in broken_links(site) if link.startswith("attainment/")] == []
    # The chart: its title and description for screen readers, a dashed target line, September a missed ring.
    assert '<title id="sla-0001-target-0-title">SLA-0001 Availability ≥ 99.95 %, by month</title>' in html
    assert 'class="sms-target"' in html and "<title>2026-09: 99.88 % (missed)</title>" in html
    # The navigation leads to the index, which lists the miss.
    index = (site / "attainment" / "index.html").read_text(encoding="utf-8")
    assert 'href="../attainment/SLA-0001.html#target-0"' in index
    assert "SLA attainment" in (site / "index.html").read_text(encoding="utf-8")


def test_the_incident_page_shows_its_times_against_the_targets(site: Path) -> None:
    html = (site / "records" / "incidents" / "INC-0005.html").read_text(encoding="utf-8")
    section = html[html.index('id="service-level-times"'):]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section[:section.index("</table>")]))
    # Reported 11:18, assigned 11:21 (3 minutes of 15); resolved 12:10 (52 minutes of 4 hours).
    assert "Response time P1 ≤ 15 minutes 3 min 15 min met (within the target)" in text
    assert "Resolution time P1 ≤ 4 hours 52 min 4 h 00 min met (within the target)" in text


@pytest.fixture
def tab(chromium: Any, site: Path) -> Iterator[tuple[Any, str]]:
    with serve(site) as url, browser_tab(chromium) as opened:
        opened.on("request", lambda request: None if request.url.startswith(url)
                  else opened.problems.append(f"request off the site: {request.url}"))
        yield opened, url
    assert opened.problems == []


def test_a_reader_follows_the_breach_from_the_sla_page_to_the_incident(tab: tuple[Any, str]) -> None:
    page, url = tab
    page.goto(url + "attainment/SLA-0001.html")
    row = page.locator("article tr", has=page.locator("td", has_text="2026-09")).first
    assert "missed" in row.inner_text()
    row.locator("a", has_text="INC-0005").click()
    page.wait_for_url("**/records/incidents/INC-0005.html")
    assert page.locator("article h1").first.inner_text().startswith("INC-0005")
    assert page.locator("#service-level-times").count() == 1
