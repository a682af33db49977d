"""Repository + site data → {path: markdown}. Pure: no mkdocs, no git, no file reads or writes; unit-testable
on small repositories with hand-made SiteData.

Record text is untrusted (DESIGN §7). Every value is HTML-escaped (`safe_html.text`) or, for Markdown
fields and body files, rendered and sanitised by `safe_html.MarkdownRenderer`, and placed in raw HTML
blocks, which Python-Markdown passes through without interpreting Markdown, attribute lists or snippets
inside them. The only Markdown these pages contain is our own section headings (for the table of
contents) and the front matter title, which is escaped text in a JSON string.

Links are computed here, relative to each page, for both settings of mkdocs' use_directory_urls; every
link points at a page this module generates (the site tests check them all).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from sms.analysis.trace import Edge
from sms.models import CONTROLLED, KINDS, LIFECYCLE
from sms.models.refs import references
from sms.models.service import Kpi
from sms.site import fields
from sms.site.charts import sparkline
from sms.site.data import DocumentHistory, SiteData
from sms.site.pages.chrome import banner_html, footer_html, front
from sms.site.pages.conformance import (
    SEVERITIES,
    SEVERITY_HEADINGS,
    coverage_page,
    findings_page,
    findings_table,
    rule_page,
    rules_index,
    traceability_page,
)
from sms.site.pages.html import Cell, badge, html_block, table
from sms.site.pages.kinds import AREAS, KIND_NAMES, area_kinds
from sms.site.pages.measures import heat_map_page, kpis_page, sla_targets_page
from sms.site.pages.nav import NavItem, nav, record_path, register_path
from sms.site.pages.paths import (
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
    clause_anchor,
    in_nav,
    rule_path,
)
from sms.site.pages.registers import document_register, register_page, register_rows, registers_index
from sms.site.pages.site import Site, publishable, status_of, title_of
from sms.site.safe_html import text
from sms.store.repository import Entry, Repository

__all__ = [
    "AREAS", "COVERAGE", "DOCUMENTS", "FINDINGS", "HEAT_MAP", "HOME", "KIND_NAMES", "KPIS", "REGISTERS", "RULES",
    "SLA_TARGETS", "TRACEABILITY", "NavItem", "area_kinds", "banner_html", "build_pages", "footer_html", "in_nav",
    "nav", "publishable", "record_path", "register_path",
]


ENVELOPE = frozenset({"apiVersion", "kind", "id", "title", "owner", "document", "history", "links"})


# --- pages -------------------------------------------------------------------------------------------------

def home_page(site: Site) -> str:
    here, repo, data = HOME, site.repo, site.data
    organisation = repo.config.organisation
    parts = [f'<h1>{text(organisation.name)}</h1>\n<p class="sms-lead">The service management system of '
             f"{text(organisation.name)}, published from its git repository: every policy, plan, process and "
             "record, as it stood at the commit named in the banner above and in the footer.</p>"]
    body = [html_block("\n".join(parts))]
    if data.home_intro:  # docs/index.md: trusted Markdown, kept as Markdown; its own h1 gives way to ours
        lines = data.home_intro.strip().splitlines()
        body += ["", "\n".join(lines[1:] if lines and lines[0].startswith("# ") else lines).strip(), ""]
    body += ["## Scope", ""]
    scopes = [entry for entry in site.entries if entry.kind == "scope"]
    if not scopes:
        body.append(html_block('<p class="sms-empty">No scope document.</p>'))
    for entry in scopes:
        lines = [site.record(here, entry.id, titled=True)]
        statement = entry.data.get("statement")
        services = entry.data.get("services") or []
        locations = entry.data.get("locations") or []
        lines.append(site.markdown(here, statement) if statement else "")
        lines.append("<p><strong>Services in scope:</strong> "
                    + (", ".join(site.record(here, s, titled=True) for s in services) or "none") + "</p>")
        lines.append("<p><strong>Locations:</strong> " + text(", ".join(str(x) for x in locations)) + "</p>")
        exclusions = entry.data.get("exclusions") or []
        if exclusions:
            lines.append("<p><strong>Excluded clauses:</strong> " + ", ".join(
                site.link(here, COVERAGE, text(x.get("clause")), clause_anchor(str(x.get("clause"))))
                for x in exclusions if isinstance(x, dict)) + "</p>")
        body.append(html_block("\n".join(f"<p>{row}</p>" if i == 0 else row for i, row in enumerate(lines))))
    result = data.result
    counts = [(SEVERITY_HEADINGS[severity], result.count(severity)) for severity in SEVERITIES]
    coverage = Counter(status.status for status in site.coverage)
    documents = [entry for entry in site.entries if entry.kind in CONTROLLED]
    overdue = sum(site.overdue(entry) for entry in documents)
    summary = table(["Measure", "Count"], [
        *[(site.link(here, FINDINGS, text(name), name.lower()), (str(count), str(count)))
          for name, count in counts],
        (site.link(here, FINDINGS, "Waived findings", "waived"), (str(len(result.waived)), str(len(result.waived)))),
        *[(site.link(here, COVERAGE, text(f"Clauses {name}")), (str(coverage[name]), str(coverage[name])))
          for name in ("covered", "partial", "gap", "excluded")],
        (site.link(here, DOCUMENTS, "Controlled documents"), (str(len(documents)), str(len(documents)))),
        (site.link(here, DOCUMENTS, "Documents overdue for review"), (str(overdue), str(overdue))),
    ], sortable=False)
    verdict = ("no errors" if result.errors == 0 else f"{result.errors} error{'s' if result.errors != 1 else ''}")
    body += ["## Conformance summary", "", html_block(
        f"<p>Checked as at {text(data.as_of.isoformat())} with <code>sms check</code>: {text(verdict)}, "
        f"{result.warnings} warning{'s' if result.warnings != 1 else ''} over {len(repo.entries)} records.</p>\n"
        + summary)]
    rows = register_rows(site, here)
    body += ["## Registers", "", html_block(table(["Area", "Register", "Records"], rows))]
    return front(organisation.short_name or organisation.name, "\n".join(body))


def record_page(site: Site, entry: Entry) -> str:
    assert entry.kind is not None and entry.id is not None
    here = record_path(entry.kind, entry.id)
    data: dict[str, Any] = entry.data if isinstance(entry.data, dict) else {}
    singular = KIND_NAMES[entry.kind][0]
    model = KINDS[entry.kind]
    refs = {path: target for path, target, _ in references(model, data)}
    md = fields.markdown_patterns(model)
    title = title_of(entry)
    status = status_of(entry)
    head = [f"<h1>{text(entry.id)} {text(title)}</h1>",
            '<table>'
            f"<tr><th>Kind</th><td>{site.link(here, register_path(entry.kind), text(singular))}</td></tr>"
            f"<tr><th>Owner</th><td>{site.record(here, data.get('owner'))}</td></tr>"
            + (f"<tr><th>Status</th><td>{badge(status)}</td></tr>" if status else "")
            + f"<tr><th>File</th><td><code>{text(entry.path)}</code></td></tr></table>"]
    if entry.record is None:
        head.append('<p class="sms-warning">This record does not pass its schema; it is shown as written. See the '
                    "findings below.</p>")
    body = [html_block("\n".join(head))]
    document = data.get("document")
    if entry.kind in CONTROLLED and isinstance(document, dict):
        body += ["## Document control", "", html_block(_document_control(site, here, entry, document, refs, md))]
    details = [(key, value) for key, value in data.items() if key not in ENVELOPE]
    if details:
        rows = "".join(f"<tr><th>{text(fields.label(str(key)))}</th>"
                       f"<td>{site.value(here, entry, (key,), value, refs, md)}</td></tr>" for key, value in details)
        body += ["## Content" if entry.kind in CONTROLLED else "## Details", "",
                 html_block(f"<table>{rows}</table>")]
    if entry.kind == "kpi" and isinstance(entry.record, Kpi) and entry.record.measurements:
        body += ["## Measurements", "", html_block(_kpi_chart(entry.record))]
    if entry.id in site.data.bodies or entry.id in site.data.body_problems:
        body += ["## Document text", ""]
        if entry.id in site.data.bodies:
            body.append(html_block(site.markdown(here, site.data.bodies[entry.id], heading_offset=2)))
        else:
            body.append(html_block(f'<p class="sms-warning">{text(site.data.body_problems[entry.id])}</p>'))
    history = data.get("history")
    if entry.kind in LIFECYCLE and isinstance(history, list):
        rows_h = [[badge(item.get("status")), text(item.get("at")), site.record(here, item.get("by")),
                   text(item.get("note"))] for item in history if isinstance(item, dict)]
        body += ["## Lifecycle history", "", html_block(table(["Status", "At", "By", "Note"], rows_h, sortable=False))]
    body += ["## Traceability", "", html_block(_traceability(site, here, entry))]
    findings = site.findings_of.get(entry.id, [])
    body += ["## Findings", "", html_block(findings_table(site, here, findings, record_column=False)
                                           if findings else '<p class="sms-empty">No findings.</p>')]
    if entry.kind in CONTROLLED:
        body += ["## Revision history", "", html_block(_revisions(site, entry))]
    return front(f"{entry.id} {title}", "\n".join(body))


def _document_control(site: Site, here: str, entry: Entry, document: dict[str, Any],
                      refs: dict[tuple[str | int, ...], str], md: frozenset[fields.Pattern]) -> str:
    cells = []
    for key, value in document.items():
        shown = badge(value) if key == "status" else site.value(here, entry, ("document", key), value, refs, md)
        if key == "next_review" and site.overdue(entry):
            shown += " " + badge("overdue")
        cells.append(f"<tr><th>{text(fields.label(str(key)))}</th><td>{shown}</td></tr>")
    rows = "".join(cells)
    history = site.data.histories.get(entry.id or "", DocumentHistory())
    if document.get("status") == "approved":
        approval = (f'<p class="sms-approval"><strong>Approved</strong> by '
                    f'{site.record(here, document.get("approved_by"))} for the role '
                    f'{site.record(here, document.get("approver"))} on {text(document.get("approved_on"))}, '
                    f'version {text(document.get("version"))}.')
        revision = history.approval
        if revision is not None:
            approval += (f" The approval was recorded in commit "
                         f'{site.link(here, here, f"<code>{text(revision.short)}</code>", f"rev-{revision.short}")} '
                         f"of {text(revision.date.date().isoformat())} by {text(revision.author)}")
            url = site.data.link_commit(revision.sha)
            approval += f' (<a href="{text(url)}">view the commit</a>).' if url else "."
        elif site.data.commit is None:
            approval += " No git history is available to show the commit that recorded it."
        else:
            approval += " The approval is not in a commit yet (the work tree differs from the last commit)."
        approval += "</p>"
    else:
        approval = (f'<p class="sms-approval"><strong>Not approved</strong>: status {badge(document.get("status"))}; '
                    f'approver role {site.record(here, document.get("approver"))}.</p>')
    return f"{approval}\n<table>{rows}</table>"


def _kpi_chart(kpi: Kpi) -> str:
    points = [(m.period.isoformat(), m.value) for m in kpi.measurements]
    chart = sparkline(f"{kpi.id}: {kpi.title}", points, kpi.target, width=480, height=120)
    return f'<figure class="sms-figure">{chart}<figcaption>{text(kpi.unit)}; target {text(f"{kpi.target:g}")} ' \
           f'({text(kpi.direction.replace("_", " "))}); dashed line: target.</figcaption></figure>'


def _edge_rows(site: Site, here: str, edges: Iterable[Edge], other: str) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for edge in sorted(edges, key=lambda e: (getattr(e, other), e.via)):
        neighbour = getattr(edge, other)
        target = site.repo.get(neighbour)
        kind = KIND_NAMES[target.kind][0] if target is not None and target.kind in KIND_NAMES else ""
        rows.append([site.record(here, neighbour), text(kind), text(title_of(target) if target else ""),
                     f"<code>{text(edge.via)}</code>"])
    return rows


def _traceability(site: Site, here: str, entry: Entry) -> str:
    assert entry.id is not None
    out_rows = _edge_rows(site, here, site.graph.outgoing.get(entry.id, []), "target")
    in_rows = _edge_rows(site, here, site.graph.incoming.get(entry.id, []), "source")
    clauses = site.clauses_of.get(entry.id, [])
    evidenced = ('<p class="sms-empty">This record is not counted as evidence for any clause.</p>' if not clauses
                 else "<p>" + ", ".join(site.link(here, COVERAGE, text(number), clause_anchor(number))
                                        for number in clauses) + "</p>")
    parts = ["<h3>Links out</h3>", table(["Record", "Kind", "Title", "Field"], out_rows,
                                         empty="This record refers to no other record."),
             "<h3>Links in</h3>", table(["Record", "Kind", "Title", "Field"], in_rows,
                                        empty="No record refers to this one."),
             "<h3>Clauses evidenced</h3>", evidenced]
    return "\n".join(parts)


def _revisions(site: Site, entry: Entry) -> str:
    history = site.data.histories.get(entry.id or "")
    if site.data.commit is None or history is None:
        return '<p class="sms-empty">No git history: the site was not built from a git repository.</p>'
    if not history.revisions:
        return '<p class="sms-empty">Not committed yet.</p>'
    rows = []
    for revision in history.revisions:
        url = site.data.link_commit(revision.sha)
        sha = f"<code>{text(revision.short)}</code>"
        if url:
            sha = f'<a href="{text(url)}">{sha}</a>'
        approval = " " + badge("approval") if history.approval is not None and revision.sha == history.approval.sha \
            else ""
        rows.append(f'<tr id="rev-{text(revision.short)}"><td>{sha}{approval}</td>'
                    f"<td>{text(revision.date.isoformat())}</td><td>{text(revision.author)}</td>"
                    f"<td>{text(revision.message)}</td><td>{text(revision.version or '')}</td>"
                    f"<td>{text(', '.join(revision.files))}</td></tr>")
    return ("<table><thead><tr><th>Commit</th><th>Date</th><th>Author</th><th>Message</th>"
            "<th>Version</th><th>Files</th></tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>")


def build_pages(repo: Repository, data: SiteData) -> dict[str, str]:
    """Every generated page, by its path inside the site's docs."""
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
    }
    for kind in KIND_NAMES:
        pages[register_path(kind)] = register_page(site, kind)
    for rule in site.rules.values():
        pages[rule_path(rule.id)] = rule_page(site, rule)
    for entry in site.entries:
        assert entry.kind is not None and entry.id is not None
        pages[record_path(entry.kind, entry.id)] = record_page(site, entry)
    return pages


