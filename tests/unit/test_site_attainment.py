"""The site's SLA attainment pages, the service level times on incident and request pages, and the line charts,
built from the hand-worked SMS of tests/metrics_sms.py (its figures are worked out in that module's docstring)
as at 2026-11-30: what a reader sees in the generated HTML."""

from __future__ import annotations

import posixpath
import re
from datetime import date

import pytest

from sms.site import pages
from sms.site.charts import Point, Scale, common_scale, line_chart
from sms.site.data import SiteData
from sms.site.pages.slas import duration
from sms.store.config import load_config
from sms.store.repository import load_repository
from tests.metrics_sms import sla_sms
from tests.site.htmlcheck import PageParser


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = sla_sms(tmp_path_factory.mktemp("attainment") / "sms")
    repo = load_repository(root, load_config(root))
    return pages.build_pages(repo, SiteData(as_of=date(2026, 11, 30)))


def rows(html: str, heading: str) -> list[list[str]]:
    """The text of each body row of the first table after `heading`."""
    section = html[html.index(heading):]
    body = section[section.index("<tbody>"):section.index("</tbody>")]
    return [[re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def resolve(page: str, href: str) -> str:
    """The page path a relative link of `page` points to (use_directory_urls off: .html for .md)."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#")[0]))
    return target.removesuffix(".html") + ".md"


def test_the_sla_page_shows_each_month_with_its_breaches_linked(built: dict[str, str]) -> None:
    page = built["attainment/SLA-0001.md"]
    months = rows(page, "Availability ≥ 99.9 %")
    # The SLA is in force from January; twelve months back from November reach December 2025, before it.
    assert [row[0] for row in months][:2] == ["2026-01", "2026-02"]
    # August: INC-0001's 140 minutes of 44,640 (99.69); September 60 of 43,200 (99.86); October 225 of 44,700.
    assert months[7:] == [
        ["2026-08", "99.69 %", "missed", "SVC-0001 140 min", "INC-0001", "—"],
        ["2026-09", "99.86 %", "missed", "SVC-0001 60 min", "INC-0105", "—"],
        ["2026-10", "99.50 %", "missed", "SVC-0001 225 min", "INC-0105, INC-0106", "—"],
        ["2026-11 (to 2026-11-30)", "100.00 %", "met (so far)", "SVC-0001 0 min", "—", "—"]]
    parser = PageParser()
    parser.feed(page)
    breach = next(link for link in parser.page.links if link.endswith("INC-0105.html"))
    assert resolve("attainment/SLA-0001.md", breach) == "records/incidents/INC-0105.md"
    assert resolve("attainment/SLA-0001.md", breach) in built
    # The quarter is judged month by month: Q3 missed, and Q4 so far too.
    quarters = rows(page, "By quarter")
    assert quarters[2] == ["2026-Q3", "99.85 %", "missed", "2026-07 met, 2026-08 missed, 2026-09 missed",
                           "INC-0001, INC-0105"]
    # Targets the records cannot measure are named, not charted.
    assert "Not measured from the records" in page and "Authorisations answer within 300 milliseconds" in page


def test_the_index_lists_every_missed_target_with_its_month(built: dict[str, str]) -> None:
    index = built["attainment/index.md"]
    assert rows(index, "<h1>SLA attainment</h1>")[0][:3] == ["SLA-0001", "Gateway SLA for online merchants",
                                                               "SVC-0001"]
    missed = rows(index, "Missed targets")
    assert ["2026-09", "SLA-0001", "Availability", "≥ 99.9 %", "99.86 %", "INC-0105"] in missed
    assert ["2026-10", "SLA-0001", "Response time P2", "≤ 30 minutes", "66.67 %", "INC-0103"] in missed


def test_an_incident_page_shows_its_times_against_each_target(built: dict[str, str]) -> None:
    times = rows(built["records/incidents/INC-0103.md"], "Service level times")
    # Reported 09:00, assigned 09:40: 40 office minutes against 30; resolved twice: 720 against 8 h (480).
    assert times == [
        ["SLA-0001", "Response time P2", "≤ 30 minutes", "40 min", "30 min", "missed (over the target)", "office"],
        ["SLA-0001", "Resolution time P2", "≤ 8 hours", "12 h 00 min", "8 h 00 min", "missed (over the target)",
         "office"],
        ["SLA-0001", "Response time", "≤ 1 business hours", "40 min", "1 h 00 min", "met (within the target)",
         "office"]]
    still_open = rows(built["records/incidents/INC-0104.md"], "Service level times")
    assert still_open[1][3:6] == ["6 d 8 h 30 min", "8 h 00 min", "missed (over the target, still running)"]
    request = rows(built["records/requests/REQ-0103.md"], "Service level times")
    assert request[1][1:6] == ["Fulfilment time", "≤ 1 business days", "19 h 00 min", "8 h 00 min",
                               "missed (over the target)"]
    assert "Service level times" not in built["records/incidents/INC-0107.md"]  # on no service an SLA covers


def test_durations_read_as_people_say_them() -> None:
    assert [duration(m) for m in (0, 52, 60, 725, 9150, 12.5)] == [
        "0 min", "52 min", "1 h 00 min", "12 h 05 min", "6 d 8 h 30 min", "12.5 min"]


def test_a_chart_has_axes_a_title_and_the_target_line_where_the_value_is() -> None:
    scale = Scale(99.5, 100.0, 0.1)
    svg = line_chart("SLA-1 target 0", "Availability by month", "2026-08: 99.69 %, missed", [
        Point("2026-08", 99.69, False, "99.69"), Point("2026-09", None), Point("2026-10", 100.0, True, "100.00")],
        scale, target=99.95, target_label="target ≥ 99.95 %", y_title="% available", x_title="month")
    # The plot runs from y=18 (100.0) to y=190 (99.5): 99.95 is a tenth of the way down, at 18 + 17.2.
    assert re.search(r'<line class="sms-target" x1="64" y1="35.2" x2="584" y2="35.2"', svg)
    assert '<title id="sla-1-target-0-title">Availability by month</title>' in svg
    assert 'aria-labelledby="sla-1-target-0-title sla-1-target-0-desc"' in svg
    ticks = re.findall(r'class="sms-axis sms-tick"[^>]*>([^<]+)<', svg)
    assert ticks == ["99.5", "99.6", "99.7", "99.8", "99.9", "100.0"]
    assert re.findall(r'class="sms-axis sms-period"[^>]*>([^<]+)<', svg) == ["Aug", "Sep", "Oct"]
    assert ">2026<" in svg and ">% available<" in svg and ">month<" in svg and ">target ≥ 99.95 %<" in svg
    # A missed month is a hollow ring and says so in words; the month without a value has no point.
    assert "<title>2026-08: 99.69 (missed)</title>" in svg and 'class="sms-point sms-missed"' in svg
    assert svg.count("<circle") == 2


def test_one_scale_holds_a_family_of_values_in_round_steps() -> None:
    assert common_scale([99.88, 100, 99.95, 99.5], ceiling=100) == Scale(99.5, 100.0, 0.1)
    assert common_scale([41, 100, 52, 60], ceiling=100) == Scale(40.0, 100.0, 20.0)
    assert common_scale([4.0, 4.3, 4.2]).ticks == [4.0, 4.1, 4.2, 4.3]
    assert common_scale([5, 5]) == Scale(5.0, 5.01, 0.01)  # one value still gets an axis around it


def test_chart_text_from_records_is_escaped() -> None:
    svg = line_chart("x", "<script>", "a & b", [Point("<b>", 1.0)], Scale(0, 2, 1), target=1, target_label="<i>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&lt;i&gt;" in svg and "a &amp; b" in svg


def test_kpi_charts_share_one_scale_per_unit_and_list_their_values(built: dict[str, str]) -> None:
    page = built["kpis.md"]
    summary = rows(page, "<h1>KPI measurements</h1>")
    # October's figures of the hand-worked SMS (tests/metrics_sms.py): change success 1 of 3, MTTR 1721.25 min.
    assert ["KPI-0101 Gateway KPI 101", "≥ 90 %", "2026-10: 33.33 % missed", "formula change_success_rate",
            "IMP-0101"] in summary
    assert ["KPI-0103 Gateway KPI 103", "≤ 240 minutes", "2026-10: 1721.25 minutes missed",
            "formula mean_time_to_restore", "IMP-0101"] in summary

    def ticks(kpi: str) -> list[str]:
        svg = page[page.index(f'aria-labelledby="{kpi.lower()}-chart-title'):]
        return re.findall(r'class="sms-axis sms-tick"[^>]*>([^<]+)<', svg[:svg.index("</svg>")])

    assert ticks("KPI-0101") == ticks("KPI-0108") == ticks("KPI-0105")  # every percentage on one scale
    assert ticks("KPI-0103") != ticks("KPI-0101")  # minutes have their own
    assert ["2026-10", "1721.25 minutes", "missed", "formula mean_time_to_restore"] in rows(
        page, 'KPI-0103 Gateway KPI 103</a></h3>')
    # A KPI's record page shows the same chart and values.
    record = built["records/kpis/KPI-0103.md"]
    assert "## Values" in record and ["2026-10", "1721.25 minutes", "missed", "formula mean_time_to_restore"] in rows(
        record, "## Values")


def test_service_reports_and_review_packs_are_pages_per_quarter(built: dict[str, str]) -> None:
    # The SLA is in force from January: the four quarters of 2026, the fourth so far.
    assert {path for path in built if path.startswith("reports/")} == {
        "reports/index.md", *(f"reports/SVC-0001-2026-Q{n}.md" for n in range(1, 5)),
        *(f"reports/review-2026-Q{n}.md" for n in range(1, 5))}
    report = built["reports/SVC-0001-2026-Q3.md"]
    levels = rows(report, "## Service levels")
    assert levels[0] == ["SLA-0001", "Availability", "≥ 99.9 %", "99.85 %", "missed",
                         "2026-07 met, 2026-08 missed, 2026-09 missed", "INC-0001, INC-0105"]
    assert '<a href="../records/incidents/INC-0105.html">INC-0105</a>' in report
    assert [row[0] for row in rows(report, "## Incidents")] == ["INC-0001", "INC-0105"]
    assert "(so far)" in built["reports/review-2026-Q4.md"] and "(so far)" not in report
    assert 'href="../reports/SVC-0001-2026-Q3.html"' in built["reports/index.md"]
