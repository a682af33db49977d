"""sms.site.pages: repository + site data → {path: markdown}, pure, tested without mkdocs or git.

The repositories are small: tests/fixtures/kinds (one record of every kind) and hand-written hostile ones.
Pages are checked as the text mkdocs will receive: the raw HTML inside them is parsed with html.parser, so
the tests see exactly the tags, attributes and links a browser would.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from sms.core.findings import Finding, Location, Result, Severity, Waived
from sms.models import CONTROLLED, KINDS
from sms.rules.catalogue import all_rules
from sms.site import pages
from sms.site.data import BuildCommit, DocumentHistory, Revision, SiteData, approval_revision
from sms.store.config import load_config
from sms.store.repository import Repository, load_repository
from tests.conftest import BASE, write_tree
from tests.site.htmlcheck import PageParser, broken_links, external_resources

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "kinds"
AS_OF = date(2026, 11, 25)
COMMIT = BuildCommit("0123456789abcdef0123456789abcdef01234567", datetime(2026, 11, 20, 9, 30, tzinfo=UTC))


site_data = functools.partial(SiteData, as_of=AS_OF, commit=COMMIT)  # any field may be given again


@pytest.fixture(scope="module")
def kinds_repo() -> Repository:
    return load_repository(FIXTURE, load_config(FIXTURE))


@pytest.fixture(scope="module")
def kinds_pages(kinds_repo: Repository) -> dict[str, str]:
    return pages.build_pages(kinds_repo, site_data())


def parsed(markdown: str) -> tuple[dict[str, str], list[str], set[str], list[str]]:
    """(front matter, hrefs, ids, on* handlers) of one generated page."""
    match = re.match(r"---\n(.*?)\n---\n", markdown, re.S)
    assert match, "every page starts with front matter"
    meta = {}
    for line in match.group(1).splitlines():
        if line.startswith("title: "):
            meta["title"] = json.loads(line[len("title: "):])
    parser = PageParser()
    parser.feed(markdown[match.end():])
    ids = set(parser.page.ids) | {heading_slug(h) for h in re.findall(r"^#{2,6} (.+)$", markdown, re.M)}
    return meta, parser.page.links, ids, parser.page.inline_handlers


def heading_slug(heading: str) -> str:
    """mkdocs' toc slug for our own (plain ASCII) Markdown headings."""
    return re.sub(r"[\s]+", "-", re.sub(r"[^\w\s-]", "", heading).strip().lower())


def url_of(path: str, directory_urls: bool) -> str:
    if not directory_urls:
        return path[:-3] + ".html"
    stem = path[:-3]
    return "" if stem == "index" else stem[:-5] if stem.endswith("/index") else stem + "/"


def check_links(generated: dict[str, str], directory_urls: bool, downloads: frozenset[str] = frozenset()) -> list[str]:
    """Every relative href of every page, resolved as a browser would, must name a generated page (and an id
    in it, for #anchors) or a generated download (a register's CSV)."""
    by_url = {url_of(path, directory_urls): path for path in generated}
    info = {path: parsed(text) for path, text in generated.items()}
    broken = []
    for path, (_, links, _, _) in info.items():
        here = url_of(path, directory_urls)
        base = here.rstrip("/") if directory_urls else posixpath.dirname(here)
        for href in links:
            if re.match(r"^[a-z]+:", href):
                continue
            target, _, anchor = href.partition("#")
            if target:
                resolved = posixpath.normpath(posixpath.join(base, target))
                resolved = "" if resolved == "." else resolved + ("/" if target.endswith("/") else "")
            else:
                resolved = here
            page = by_url.get(resolved)
            if page is None and resolved in downloads:
                continue
            if page is None:
                broken.append(f"{path}: {href} → {resolved!r} is no page")
            elif anchor and anchor not in info[page][2]:
                broken.append(f"{path}: {href} → no id {anchor!r} in {page}")
    return broken


# --- what pages there are --------------------------------------------------------------------------------

def test_every_kind_has_a_register_and_every_record_a_page(kinds_repo: Repository,
                                                            kinds_pages: dict[str, str]) -> None:
    assert set(pages.KIND_NAMES) == set(KINDS), "every kind needs a name and a folder in the site"
    for kind in KINDS:
        assert pages.register_path(kind) in kinds_pages
    for entry in kinds_repo.entries:
        assert entry.kind is not None and entry.id is not None
        assert pages.record_path(entry.kind, entry.id) in kinds_pages
    for rule in all_rules():
        assert f"rules/{rule.id}.md" in kinds_pages, "SARIF helpUri points at rules/<ID>.html"
    for path in (pages.HOME, pages.DOCUMENTS, pages.REGISTERS, pages.COVERAGE, pages.TRACEABILITY, pages.HEAT_MAP,
                 pages.SLA_TARGETS, pages.KPIS, pages.FINDINGS, pages.RULES):
        assert path in kinds_pages


def test_the_navigation_holds_every_register_and_overview_once() -> None:
    def paths(items: list[pages.NavItem]) -> list[str]:
        found: list[str] = []
        for item in items:
            if isinstance(item, str):
                found.append(item)
            else:
                for value in item.values():
                    found += paths(value) if isinstance(value, list) else [value]
        return found

    listed = paths(pages.nav(["how-it-works.md"]))
    assert len(listed) == len(set(listed))
    assert listed[0] == pages.HOME and listed[-1] == "how-it-works.md"
    assert {pages.register_path(kind) for kind in KINDS} <= set(listed)
    assert {pages.DOCUMENTS, pages.COVERAGE, pages.TRACEABILITY, pages.HEAT_MAP, pages.SLA_TARGETS, pages.KPIS,
            pages.FINDINGS, pages.RULES, pages.REGISTERS} <= set(listed)
    assert [kind for _, entries in pages.areas() for kind in pages.area_kinds(entries)].count("risk") == 1
    assert sorted(kind for _, entries in pages.areas() for kind in pages.area_kinds(entries)) == sorted(KINDS)
    assert not any(pages.in_nav(path) for path in ("records/changes/CHG-0001.md", "rules/SMS101.md"))


@pytest.mark.parametrize("directory_urls", [False, True], ids=["html-urls", "directory-urls"])
def test_every_link_between_pages_resolves(kinds_repo: Repository, directory_urls: bool) -> None:
    histories = {"POL-0001": DocumentHistory((_revision("c" * 40, "1.0", "2026-01-15"),),
                                             _revision("c" * 40, "1.0", "2026-01-15"))}
    generated, downloads = pages.build_site(kinds_repo, site_data(directory_urls=directory_urls,
                                                                  histories=histories))
    assert downloads and all(path.endswith(".csv") for path in downloads)
    assert check_links(generated, directory_urls, frozenset(downloads)) == []


def test_pages_are_the_same_every_time(kinds_repo: Repository, kinds_pages: dict[str, str]) -> None:
    assert pages.build_pages(kinds_repo, site_data()) == kinds_pages


# --- what the pages say ----------------------------------------------------------------------------------

def test_home_names_the_organisation_scope_commit_and_conformance(kinds_repo: Repository) -> None:
    result = Result(findings=[
        Finding("SMS202", Severity.WARNING, "review overdue", Location("policies/governance/POL-0001.yaml", 9),
                "POL-0001", ("7.5.3",)),
        Finding("SMS101", Severity.ERROR, "no service 'SVC-0099' exists", Location("records/cis/CI-0001.yaml", 3),
                "CI-0001", ("7.5.1",))], records=30)
    home = pages.build_pages(kinds_repo, site_data(result=result))[pages.HOME]
    organisation = kinds_repo.config.organisation.name
    assert f"<h1>{organisation}</h1>" in home
    assert "SCP-0001" in home and "Services in scope" in home
    assert f"1 error, 1 warning over {len(kinds_repo.entries)} records" in home
    errors_row = re.search(r'href="findings.html#errors">Errors</a></td> <td data-sort="1">1</td>', home)
    assert errors_row, home


def test_document_register_lists_every_controlled_document_and_flags_overdue_reviews(
        kinds_repo: Repository) -> None:
    register = pages.build_pages(kinds_repo, site_data(as_of=date(2030, 1, 1)))[pages.DOCUMENTS]
    controlled = [entry for entry in kinds_repo.entries if entry.kind in CONTROLLED]
    assert controlled
    for entry in controlled:
        assert f">{entry.id}</a>" in register or f'title="{entry.id}"' in register
    assert "sms-badge--overdue" in register, "every approved document is overdue in 2030"
    on_time = pages.build_pages(kinds_repo, site_data(as_of=date(2026, 1, 20)))[pages.DOCUMENTS]
    assert "sms-badge--overdue" not in on_time
    for header in ("Id", "Title", "Version", "Status", "Owner", "Approver", "Approved on", "Next review", "Overdue"):
        assert re.search(rf"<th( data-filter| data-filter-period)?>{header}</th>", register), header
    assert '<th data-filter>Status</th>' in register and '<th data-filter-period>Approved on</th>' in register


def _revision(sha: str, version: str | None, approved_on: str | None, *, files: tuple[str, ...] = ("record",),
              status: str | None = "approved", day: int = 15) -> Revision:
    return Revision(sha, datetime(2026, 1, day, 12, 0, tzinfo=UTC), "Ada Author", f"commit {sha[:4]}", files,
                    version, approved_on, status)


def test_a_document_page_shows_metadata_body_approval_and_revision_history(kinds_repo: Repository) -> None:
    approval = _revision("a" * 40, "1.0", "2026-01-15")
    histories = {"POL-0001": DocumentHistory((_revision("b" * 40, "1.0", "2026-01-15", files=("body",), day=20),
                                              approval), approval)}
    data = site_data(histories=histories, bodies={"POL-0001": "# Policy text\n\nSee [the SMS](SCP-0001.md)."},
                     commit_url="https://git.example.org/sms/commit/{sha}")
    page = pages.build_pages(kinds_repo, data)["records/policies/POL-0001.md"]
    for heading in ("## Document control", "## Content", "## Document text", "## Traceability",
                    "## Revision history"):
        assert heading in page
    assert '<tr id="rev-aaaaaaa">' in page and '<tr id="rev-bbbbbbb">' in page
    assert 'href="#rev-aaaaaaa"' in page, "the approval links to the commit that recorded it"
    assert f'href="https://git.example.org/sms/commit/{"a" * 40}"' in page
    assert "<h3>Policy text</h3>" in page, "a body's h1 sits below the page's own headings"
    assert 'href="../../records/scope/SCP-0001.html"' in page, "a link to a record's file becomes a link to its page"
    assert "<td>1.0</td>" in page and "<td>body</td>" in page


def test_approval_not_committed_yet_is_said_so(kinds_repo: Repository) -> None:
    histories = {"POL-0001": DocumentHistory((_revision("a" * 40, "0.9", None, status="draft"),), None)}
    page = pages.build_pages(kinds_repo, site_data(histories=histories))["records/policies/POL-0001.md"]
    assert "not in a commit yet" in page
    page = pages.build_pages(kinds_repo, site_data(commit=None))["records/policies/POL-0001.md"]
    assert "No git history" in page


def test_record_pages_list_links_out_and_in_with_the_field_that_makes_them(kinds_pages: dict[str, str]) -> None:
    service = kinds_pages["records/services/SVC-0001.md"]
    links_in = service.split("<h3>Links in</h3>", 1)[1].split("<h3>", 1)[0]
    assert 'href="../../records/slas/SLA-0001.html"' in links_in and "<code>links.services</code>" in links_in
    sla = kinds_pages["records/slas/SLA-0001.md"]
    links_out = sla.split("<h3>Links out</h3>", 1)[1].split("<h3>", 1)[0]
    assert 'href="../../records/services/SVC-0001.html"' in links_out


def test_lifecycle_history_kpi_chart_and_heat_map(kinds_repo: Repository, kinds_pages: dict[str, str]) -> None:
    assert "## Lifecycle history" in kinds_pages["records/changes/CHG-0001.md"]
    assert "<svg" in kinds_pages["records/kpis/KPI-0001.md"] and "<polyline" in kinds_pages[pages.KPIS]
    risk = kinds_repo.get("RSK-0001")
    assert risk is not None
    heat = kinds_pages[pages.HEAT_MAP]
    likelihood, impact = risk.data["likelihood"], risk.data["impact"]
    assert f'aria-label="likelihood {likelihood}, impact {impact}: 1 risk"' in heat
    assert f"{likelihood} × {impact} = {likelihood * impact}" in heat
    assert f'id="inherent-l{likelihood}-i{impact}"' in heat and f'href="#inherent-l{likelihood}-i{impact}"' in heat


def test_coverage_matrix_has_an_anchor_per_clause_and_links_evidence(kinds_pages: dict[str, str]) -> None:
    coverage = kinds_pages[pages.COVERAGE]
    assert 'id="clause-8-5-1"' in coverage and 'id="clause-4-3"' in coverage
    row = re.search(r'<tr id="clause-4-3".*?</tr>', coverage)
    assert row and 'href="records/scope/SCP-0001.html"' in row.group(0)


def test_sla_targets_by_service(kinds_pages: dict[str, str]) -> None:
    targets = kinds_pages[pages.SLA_TARGETS]
    assert "SVC-0001" in targets and 'href="records/slas/SLA-0001.html"' in targets
    assert "≥" in targets or "≤" in targets


def test_rule_pages_explain_each_rule_and_list_its_findings(kinds_repo: Repository) -> None:
    finding = Finding("SMS101", Severity.ERROR, "no service 'SVC-0099' exists", Location("records/cis/CI-0001.yaml"),
                      "CI-0001", ("7.5.1",))
    generated = pages.build_pages(kinds_repo, site_data(result=Result(findings=[finding])))
    rule = generated["rules/SMS101.md"]
    assert "SMS101" in rule and "../records/cis/CI-0001.html" in rule
    assert "no service &#x27;SVC-0099&#x27; exists" in rule
    assert 'href="../coverage.html#clause-7-5-1"' in rule


def test_waived_findings_say_why_by_whom_and_until_when(kinds_repo: Repository) -> None:
    finding = Finding("SMS101", Severity.ERROR, "no service 'SVC-0099' exists", Location("records/cis/CI-0001.yaml"),
                      "CI-0001", ("7.5.1",))
    waived = Waived(finding, "The <b>service</b> joins the catalogue in Q1.", "b-approver", date(2027, 1, 31),
                    Location("sms.yaml", 12, 7))
    page = pages.build_pages(kinds_repo, site_data(result=Result(waived=[waived])))[pages.FINDINGS]
    section = page.split("## Waived", 1)[1]
    assert "<th>Accepted because</th> <th>Approved by</th> <th>Until</th>" in section
    assert "The &lt;b&gt;service&lt;/b&gt; joins the catalogue in Q1." in section  # sms.yaml text is escaped
    assert 'href="records/people/b-approver.html"' in section and 'href="records/cis/CI-0001.html"' in section
    assert '<td data-sort="2027-01-31">2027-01-31</td>' in section


# --- banner and footer ------------------------------------------------------------------------------------

def test_banner_and_footer_name_the_commit() -> None:
    data = site_data(commit_url="https://git.example.org/c/{sha}")
    assert "As at 2026-11-25" in pages.banner_html(data) and "0123456" in pages.banner_html(data)
    assert "past state" not in pages.banner_html(data)
    past = pages.banner_html(site_data(requested="v1.0 <b>", dirty=True))
    assert "sms-banner--past" in past and "v1.0 &lt;b&gt;" in past and "uncommitted" in past
    footer = pages.footer_html(data)
    assert "0123456" in footer and "2026-11-20" in footer and "https://git.example.org/c/0123456789" in footer
    assert "not built from a git commit" in pages.footer_html(site_data(commit=None))


# --- untrusted text ------------------------------------------------------------------------------------------

HOSTILE_TITLE = 'Evil "<script>alert(1)</script>" <img src=x onerror=alert(2)> {: onclick=alert(3) }'
HOSTILE_TEXT = """Intro <script>alert(4)</script> and <img src=x onerror=alert(5)>.

[click me](javascript:alert(6)) [data](data:text/html,x) <javascript:alert(7)>

Paragraph with an attribute list
{: onclick="alert(8)" }

--8<-- "/etc/passwd"
"""


def hostile_policy() -> str:
    purpose = "".join(f"  {line}\n" if line else "\n" for line in HOSTILE_TEXT.splitlines())
    return f"""# yaml-language-server: $schema=../schemas/policy.schema.json
apiVersion: sms/v1
kind: policy
id: POL-0001
title: '{HOSTILE_TITLE}'
owner: sms-manager
document:
  version: '1.0'
  status: approved
  author: a-author
  approver: sms-manager
  approved_by: b-approver
  approved_on: 2026-01-15
  next_review: 2027-01-15
type: service_management
purpose: |
{purpose}statements:
  - '<b onmouseover=alert(9)>bold</b>'
"""


@pytest.fixture
def hostile_repo(tmp_path: Path) -> Repository:
    root = tmp_path / "sms"
    shutil.copytree(BASE, root)
    (root / "policies" / "POL-0001.yaml").write_text(hostile_policy(), encoding="utf-8")
    return load_repository(root, load_config(root))


def test_hostile_record_text_is_escaped_or_sanitised_on_every_page(hostile_repo: Repository) -> None:
    entry = hostile_repo.get("POL-0001")
    assert entry is not None and entry.record is not None, hostile_repo.problems
    generated = pages.build_pages(hostile_repo, site_data(bodies={"POL-0001": HOSTILE_TEXT}))
    for path, text in generated.items():
        meta, links, _, handlers = parsed(text)
        assert handlers == [], f"{path}: {handlers}"
        assert not [href for href in links if not re.match(r"^(https?:|mailto:|[#.A-Za-z0-9_])", href)], path
        assert not [href for href in links if href.lower().startswith(("javascript:", "data:"))], path
        assert "<script" not in text and "<img" not in text, path
        assert "--8<--" not in text, f"{path}: a snippet line survived unescaped"
        assert "<" not in meta.get("title", ""), f"{path}: the page title is not escaped"
    page = generated["records/policies/POL-0001.md"]
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in page
    assert "<p>click me data " in page and "href=\"javascript" not in page, "links gone, their text stays"
    assert "&lt;b onmouseover=alert(9)&gt;bold&lt;/b&gt;" in page
    title = parsed(page)[0]["title"]
    assert title.startswith("POL-0001 Evil &quot;&lt;script&gt;")


def test_a_body_that_cannot_be_read_is_reported_on_its_page(kinds_repo: Repository) -> None:
    data = site_data(body_problems={"POL-0001": "The document text policies/x.md cannot be shown: <missing>"})
    page = pages.build_pages(kinds_repo, data)["records/policies/POL-0001.md"]
    assert "cannot be shown: &lt;missing&gt;" in page


def test_an_invalid_record_still_gets_a_page_marked_invalid(tmp_path: Path) -> None:
    root = tmp_path / "sms"
    shutil.copytree(BASE, root)
    write_tree(root, {"records/cis/CI-0001.yaml": """\
        # yaml-language-server: $schema=../../schemas/ci.schema.json
        apiVersion: sms/v1
        kind: ci
        id: CI-0001
        title: A CI with a typo
        owner: sms-manager
        typo: true
        """})
    repo = load_repository(root, load_config(root))
    generated = pages.build_pages(repo, site_data())
    assert "does not pass its schema" in generated["records/cis/CI-0001.md"]
    assert "sms-badge--invalid" in generated["registers/cis.md"]


# --- the approval commit ----------------------------------------------------------------------------------------

def test_approval_is_the_commit_that_set_the_current_version_and_date() -> None:
    newest = [
        _revision("4" * 40, "2.0", "2026-03-01", day=24),  # typo fix after approval: does not move it
        _revision("5" * 40, "2.0", "2026-03-01", files=("body",), day=23),  # body-only: neither sets nor breaks
        _revision("3" * 40, "2.0", "2026-03-01", day=22),  # the approval of 2.0
        _revision("2" * 40, "2.0", None, status="in_review", day=21),
        _revision("1" * 40, "1.0", "2026-01-15", day=20),  # the old approval
    ]
    found = approval_revision(newest, "2.0", "2026-03-01")
    assert found is not None and found.sha == "3" * 40
    assert approval_revision(newest, "2.0", None) is None, "not approved: no approval commit"
    assert approval_revision(newest[1:], "3.0", "2026-04-01") is None, "the approval is not committed yet"
    assert approval_revision([], "1.0", "2026-01-15") is None


def test_the_site_tests_link_checker_finds_broken_links_and_anchors(tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    (tmp_path / "index.html").write_text('<a href="records/a.html#here">a</a> <a href="records/b.html">b</a> '
                                         '<a href="records/a.html#gone">c</a> <a href="https://x.example/">x</a>'
                                         '<script src="https://cdn.example/x.js"></script>', encoding="utf-8")
    (tmp_path / "records" / "a.html").write_text('<p id="here"><a href="../index.html">up</a></p>',
                                                 encoding="utf-8")
    assert broken_links(tmp_path) == ["index.html: records/b.html (no file records/b.html)",
                                      "index.html: records/a.html#gone (no id 'gone' in records/a.html)"]
    assert external_resources(tmp_path) == ["index.html: script https://cdn.example/x.js"]
