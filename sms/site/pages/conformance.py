"""How the SMS conforms: the findings of `sms check`, clause coverage, traceability per service and the
rule reference."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from sms.analysis.coverage import STATUS_LABELS, STATUSES
from sms.core.findings import Finding, Omitted, Result, Severity, Waived
from sms.rules.registry import Rule
from sms.site.pages.chrome import front
from sms.site.pages.html import Cell, badge, html_block, table
from sms.site.pages.kinds import KIND_NAMES, TRACE_COLUMNS
from sms.site.pages.paths import COVERAGE, FINDINGS, RULES, TRACEABILITY, clause_anchor, rule_path
from sms.site.pages.site import Site
from sms.site.safe_html import text
from sms.store.clauses import catalogue

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
SEVERITY_HEADINGS = {Severity.ERROR: "Errors", Severity.WARNING: "Warnings", Severity.INFO: "Notes"}


def findings_table(site: Site, here: str, findings: Sequence[Finding], *, record_column: bool = True) -> str:
    rows: list[list[Cell]] = []
    for finding in findings:
        rule = (site.link(here, rule_path(finding.rule), text(finding.rule)) if finding.rule in site.rules
                else text(finding.rule))
        row: list[Cell] = [(badge(finding.severity.value), str(finding.severity.rank)), rule, text(finding.message),
                           f"<code>{text(finding.location)}</code>"]
        if record_column:
            row.insert(3, site.record(here, finding.record_id) if finding.record_id else "")
        rows.append(row)
    headers = ["Severity", "Rule", "Message", *(["Record"] if record_column else []), "Location"]
    return table(headers, rows, empty="No findings.")


def waived_table(site: Site, here: str, waived: Sequence[Waived]) -> str:
    """The waived findings with what accepted each: the waiver's reason, who approved it, and until when."""
    rows: list[list[Cell]] = []
    for item in waived:
        finding = item.finding
        rule = (site.link(here, rule_path(finding.rule), text(finding.rule)) if finding.rule in site.rules
                else text(finding.rule))
        rows.append([rule, text(finding.message), site.record(here, finding.record_id) if finding.record_id else "",
                     text(item.reason), site.record(here, item.approved_by),
                     (text(item.expires.isoformat()), item.expires.isoformat())])
    return table(["Rule", "Message", "Record", "Accepted because", "Approved by", "Until"], rows,
                 empty="No findings are waived.")


def omitted_lines(omitted: Iterable[Omitted]) -> str:
    """One line per rule whose findings pass limits.max_findings_per_rule, worded as every CLI report words it:
    a site page is capped like a report, so a waiver for a whole path cannot make it thousands of rows long."""
    return "".join(f'\n<p class="sms-omitted">{text(item.line())}</p>' for item in omitted)


def findings_page(site: Site) -> str:
    here, result = FINDINGS, site.data.result
    shown, waived = result.shown(), result.shown_waived()
    body = ["<h1>Findings</h1>", html_block(
        f"<p>The result of <code>sms check</code> as at {text(site.data.as_of.isoformat())}: {result.errors} "
        f"errors, {result.warnings} warnings, {result.count(Severity.INFO)} notes; {len(result.waived)} findings "
        f"are waived in sms.yaml. Every rule is explained in the {site.link(here, RULES, 'rule reference')}.</p>")]
    for severity in SEVERITIES:
        chosen = [f for f in shown.findings if f.severity is severity]
        # a capped rule's line goes under the most severe of the findings it leaves out
        left_out = [item for item in shown.omitted if item.severity is severity]
        body += [f"## {SEVERITY_HEADINGS[severity]}", "",
                 html_block(findings_table(site, here, chosen) + omitted_lines(left_out))]
    body += ["## Waived", "", html_block(waived_table(site, here, waived.waived) + omitted_lines(waived.omitted))]
    return front("Findings", "\n".join(body), wide=True)


#: What the evidence of a clause is, in the matrix's words.
EVIDENCE_KINDS = {"records": "records of it being done", "documents": "documents only", "none": "none"}


def _status_badge(status: str) -> str:
    label = STATUS_LABELS.get(status)
    return f'<span class="sms-badge sms-badge--{status}">{text(label)}</span>' if label else badge(status)


def coverage_page(site: Site) -> str:
    here = COVERAGE
    counts = Counter(status.status for status in site.coverage)
    rows = []
    for status in site.coverage:
        number = status.clause.clause
        documents = ", ".join(site.record(here, record_id) for record_id in status.documents)
        records = ", ".join(site.record(here, record_id) for record_id in status.records)
        kind = text(EVIDENCE_KINDS[status.evidence_kind]) if status.clause.evidence and not status.justification else ""
        notes = ""
        if status.justification:
            notes = "Excluded: " + text(status.justification)
            if status.excluded_by is not None and status.excluded_by.id:
                notes += " (" + site.record(here, status.excluded_by.id) + ")"
        elif status.status == "planned":
            notes = "Planned for a later phase (sms.yaml <code>coverage</code>)"
        elif status.status == "documented":
            wanted = "; ".join(text(result.evidence.label) for result in status.wanted_records)
            notes = ("No record shows it being done" + (f"; wanted: {wanted}" if wanted else
                                                         "; sms keeps no record of this activity"))
        missing = "; ".join(text(result.evidence.label) for result in status.missing) if status.clause.evidence else ""
        depth = number.count(".")
        rows.append(f'<tr id="{clause_anchor(number)}" class="sms-depth-{depth} sms-coverage--{status.status}">'
                    f'<td data-sort="{text(number)}">{text(number)}</td><td>{text(status.clause.title)}</td>'
                    f"<td>{_status_badge(status.status)}</td><td>{kind}</td><td>{documents}</td><td>{records}</td>"
                    f"<td>{missing}</td><td>{notes}</td></tr>")
    summary = ", ".join(f"{counts[name]} {STATUS_LABELS.get(name, name)}" for name in STATUSES)
    intro = (f"<p>Each clause of ISO/IEC 20000-1:2018 (by number and our own short title), the documents and the "
             f"records that evidence it, and what is missing. {text(summary)}. Documents say how an activity is "
             "done; records show it being done. A clause that asks for an activity, whose documents are all there "
             "but which has no record of it being done (recent enough, where the catalogue says so), is "
             "<em>documented, not evidenced</em>. A heading takes its status from its sub-clauses; a planned clause "
             "waits for a later phase of the SMS (sms.yaml <code>coverage</code>).</p>")
    matrix = ('<div class="sms-coverage"><table data-sortable><thead><tr><th>Clause</th><th>Title</th>'
              "<th>Status</th><th>Evidence</th><th>Documents</th><th>Records</th><th>Missing</th><th>Notes</th>"
              "</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table></div>")
    return front("Clause coverage", "<h1>Clause coverage</h1>\n" + html_block(intro + "\n" + matrix), wide=True)


def traceability_page(site: Site) -> str:
    here = TRACEABILITY
    rows = []
    for service in sorted(site.by_kind.get("service", []), key=lambda e: e.id or ""):
        assert service.id is not None
        related: dict[str, set[str]] = defaultdict(set)
        for edge in site.graph.incoming.get(service.id, []):
            other = site.repo.get(edge.source)
            if other is not None and other.kind:
                related[other.kind].add(edge.source)
        for edge in site.graph.outgoing.get(service.id, []):
            other = site.repo.get(edge.target)
            if other is not None and other.kind:
                related[other.kind].add(edge.target)
        row: list[Cell] = [site.record(here, service.id, titled=True)]
        for kind in TRACE_COLUMNS:
            row.append(", ".join(site.record(here, record_id) for record_id in sorted(related.get(kind, ()))))
        rows.append(row)
    intro = ("<p>What relates to each service, in either direction. Every record's page lists its links in and "
             "out, with the field that makes each link, and the clauses it evidences.</p>")
    headers = ["Service", *(KIND_NAMES[kind][1] for kind in TRACE_COLUMNS)]
    return front("Traceability", "<h1>Traceability</h1>\n" + html_block(intro + "\n" + table(
        headers, rows, empty="No services.")), wide=True)


def _clause_links(site: Site, here: str, clauses: Iterable[str]) -> str:
    return ", ".join(site.link(here, COVERAGE, text(number), clause_anchor(number)) if catalogue().get(number)
                     else text(number) for number in clauses)


def rules_index(site: Site) -> str:
    here = RULES
    counts = Counter(finding.rule for finding in site.data.result.findings)
    rows: list[Sequence[Cell]] = [[site.link(here, rule_path(rule.id), text(rule.id)), badge(rule.severity.value),
                                   _clause_links(site, here, rule.clauses), text(rule.summary),
                                   (str(counts[rule.id]), str(counts[rule.id]))] for rule in site.rules.values()]
    return front("Rule reference", "<h1>Rule reference</h1>\n" + html_block(
        "<p>Every rule <code>sms check</code> applies, with its default severity and the clauses it concerns; "
        "sms.yaml may change a severity or waive findings. The last column counts this SMS's findings.</p>\n"
        + table(["Rule", "Severity", "Clauses", "Summary", "Findings"], rows)), wide=True)


def rule_page(site: Site, rule: Rule) -> str:
    here = rule_path(rule.id)
    clauses = _clause_links(site, here, rule.clauses)
    # capped like the findings page; only this rule's findings are sorted, not every finding once per rule
    shown = Result([f for f in site.data.result.findings if f.rule == rule.id], limit=site.data.result.limit).shown()
    findings, left_out = shown.findings, omitted_lines(shown.omitted)
    doc = site.renderer.render(rule.doc, None, heading_offset=2)
    body = [f"<h1>{text(rule.id)} {text(rule.summary)}</h1>", html_block(
        f"<table><tr><th>Default severity</th><td>{badge(rule.severity.value)}</td></tr>"
        f"<tr><th>Clauses</th><td>{clauses}</td></tr></table>\n<div class=\"sms-md\">{doc}</div>"),
        "## In this SMS", "", html_block(findings_table(site, here, findings) + left_out)]
    return front(f"{rule.id} {rule.summary}", "\n".join(body))
