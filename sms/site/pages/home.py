"""The home page: the organisation, its scope, a conformance summary and the registers."""

from __future__ import annotations

from collections import Counter

from sms.analysis.coverage import STATUSES
from sms.models import CONTROLLED
from sms.site.pages.chrome import front
from sms.site.pages.conformance import SEVERITIES, SEVERITY_HEADINGS
from sms.site.pages.html import html_block, table
from sms.site.pages.paths import COVERAGE, DOCUMENTS, FINDINGS, HOME, clause_anchor
from sms.site.pages.registers import register_rows
from sms.site.pages.site import Site
from sms.site.safe_html import text


def home_page(site: Site) -> str:
    here, repo, data = HOME, site.repo, site.data
    organisation = repo.config.organisation
    parts = [f"<h1>{text(organisation.name)}</h1>"]
    if not data.home_intro:  # one introduction: docs/index.md's when there is one, else ours
        parts.append(f'<p class="sms-lead">The service management system of {text(organisation.name)}, published '
                     "from its git repository: every policy, plan, process and record, as it stood at the commit "
                     "named in the banner above and in the footer.</p>")
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
          for name in STATUSES],
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
