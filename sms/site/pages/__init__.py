"""Repository + site data → {path: markdown}. Pure: no mkdocs, no git, no file reads or writes; unit-testable
on small repositories with hand-made SiteData.

Record text is untrusted. Every value is HTML-escaped (`safe_html.text`) or, for Markdown
fields and body files, rendered and sanitised by `safe_html.MarkdownRenderer`, and placed in raw HTML
blocks, which Python-Markdown passes through without interpreting Markdown, attribute lists or snippets
inside them. The only Markdown these pages contain is our own section headings (for the table of
contents) and the front matter title, which is escaped text in a JSON string.

Links are computed here (`Site.href`), relative to each page, for both settings of mkdocs'
use_directory_urls; every link points at a page this package generates (the site tests check them all).

The modules import one way, each from those above it:
  paths, html, chrome   page paths and anchors; HTML helpers; front matter, banner and footer
  kinds                 everything known per kind: names, navigation areas, register columns
  nav                   register and record page paths, and the navigation
  paging                which records are published on register pages per month instead of a page each
  site                  `Site`: what every page builder needs, and `Site.record_href`, every link to a record
  printing              the line a controlled document prints at the foot of every page
  conformance, measures, heatmap, registers, records, reference, actions, home, slas, reports   the pages
  periods               a paged kind's month pages (register table, then each record's detail at its anchor)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sms.analysis.standing import publishable
from sms.site.data import SiteData
from sms.site.pages.actions import actions_page
from sms.site.pages.chrome import banner_html, footer_html
from sms.site.pages.conformance import coverage_page, findings_page, rule_page, rules_index, traceability_page
from sms.site.pages.exports import register_csvs
from sms.site.pages.heatmap import heat_map_page
from sms.site.pages.home import home_page
from sms.site.pages.html import scrollable, spaced
from sms.site.pages.kinds import KIND_NAMES, area_kinds, areas
from sms.site.pages.kpicharts import kpis_page
from sms.site.pages.measures import sla_targets_page
from sms.site.pages.nav import NavItem, nav, record_path, register_path
from sms.site.pages.paths import (
    ACTIONS,
    COVERAGE,
    DOCUMENTS,
    FINDINGS,
    HEAT_MAP,
    HOME,
    KPIS,
    REGISTERS,
    RULES,
    SLA_TARGETS,
    TRACEABILITY,
    in_nav,
    rule_path,
)
from sms.site.pages.periods import Late, fill, period_pages
from sms.site.pages.records import record_page, unsearched_sections
from sms.site.pages.reference import reference_pages
from sms.site.pages.registers import document_register, register_page, registers_index
from sms.site.pages.reports import report_pages
from sms.site.pages.site import Site
from sms.site.pages.slas import attainment_pages
from sms.store.repository import Repository

__all__ = [
    "ACTIONS", "COVERAGE", "DOCUMENTS", "FINDINGS", "HEAT_MAP", "HOME", "KIND_NAMES", "KPIS", "REGISTERS", "RULES",
    "SLA_TARGETS", "TRACEABILITY", "Generated", "NavItem", "area_kinds", "areas", "banner_html", "build_pages",
    "build_site", "fill", "footer_html", "generate", "in_nav", "nav", "publishable", "record_path", "register_path",
    "scrollable", "unsearched",
]


def build_pages(repo: Repository, data: SiteData) -> dict[str, str]:
    """Every generated page, by its path inside the site's docs."""
    return build_site(repo, data)[0]


def build_site(repo: Repository, data: SiteData) -> tuple[dict[str, str], dict[str, str]]:
    """(every generated page, every generated download such as a register's CSV), by path inside the docs;
    pages complete (`generate` leaves parts of month pages to be made when each is written)."""
    generated = generate(repo, data)
    return ({path: fill(page, generated.late[path]()) if path in generated.late else page
             for path, page in generated.pages.items()}, generated.downloads)


@dataclass(frozen=True)
class Generated:
    """What the site's generator makes: pages (Markdown), downloads (CSV), and for month pages what their
    placeholders stand for, made when asked (`fill(page_html, late[path]())`, in the plugin's on_post_page)."""

    pages: dict[str, str]
    downloads: dict[str, str]
    late: dict[str, Late]
    unsearched: dict[str, tuple[str, ...]] = field(default_factory=dict)  # page → headings search skips (unsearched)


def unsearched(html: str, headings: tuple[str, ...]) -> str:
    """A rendered page with the sections under these h2 headings marked for Material's search to skip."""
    for heading in headings:
        html = re.sub(rf'<h2 (id="[^"<>]*")>(?={re.escape(heading)}<)', r'<h2 \1 data-search-exclude>', html, count=1)
    return html


def generate(repo: Repository, data: SiteData) -> Generated:
    site = Site(repo, data)
    pages = {
        HOME: home_page(site),
        DOCUMENTS: document_register(site),
        REGISTERS: registers_index(site),
        COVERAGE: coverage_page(site),
        TRACEABILITY: traceability_page(site),
        HEAT_MAP: heat_map_page(site),
        SLA_TARGETS: sla_targets_page(site),
        KPIS: kpis_page(site),
        FINDINGS: findings_page(site),
        RULES: rules_index(site),
        ACTIONS: actions_page(site),
    }
    pages.update(reference_pages(site))
    pages.update(attainment_pages(site))
    pages.update(report_pages(site))
    for kind in KIND_NAMES:
        pages[register_path(kind)] = register_page(site, kind)
    for rule in site.rules.values():
        pages[rule_path(rule.id)] = rule_page(site, rule)
    hidden: dict[str, tuple[str, ...]] = {}
    for entry in site.entries:
        assert entry.kind is not None and entry.id is not None
        if not site.paging.paged(entry.kind):
            pages[record_path(entry.kind, entry.id)] = record_page(site, entry)
            if sections := unsearched_sections(site, entry):
                hidden[record_path(entry.kind, entry.id)] = sections
    late: dict[str, Late] = {}
    for path, (page, parts) in period_pages(site).items():
        pages[path], late[path] = page, parts
    return Generated({path: spaced(page) for path, page in pages.items()}, register_csvs(site), late, hidden)
