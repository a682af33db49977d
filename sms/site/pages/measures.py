"""Service measures: SLA targets by service (the KPI page is kpicharts', the heat map heatmap's)."""

from __future__ import annotations

from collections import defaultdict

from sms.models.service import SIGNS as TEXT_SIGNS
from sms.models.service import Sla
from sms.site.fields import label_value
from sms.site.pages.chrome import front
from sms.site.pages.html import Cell, html_block, table
from sms.site.pages.paths import SLA_TARGETS
from sms.site.pages.site import Site
from sms.site.safe_html import text
from sms.store.repository import Entry

#: How the site writes an SLA target's `comparison` or a KPI's `direction`: the CLI's table
#: (sms.models.service.SIGNS), keyed the same, with ≥ and ≤ for >= and <=. The one table of signs on the site.
SIGNS = {key: {">=": "≥", "<=": "≤"}[sign] for key, sign in TEXT_SIGNS.items()}


def sla_targets_page(site: Site) -> str:
    here = SLA_TARGETS
    slas = [entry for entry in site.entries if entry.kind == "sla" and isinstance(entry.record, Sla)]
    by_service: dict[str, list[Entry]] = defaultdict(list)
    for entry in slas:
        assert isinstance(entry.record, Sla)
        for service_id in entry.record.links.services:
            by_service[service_id].append(entry)
    body = ["<h1>SLA targets by service</h1>", html_block(
        "<p>The service level targets agreed for each service in the catalogue (ISO/IEC 20000-1 8.3.3).</p>")]
    services = sorted(site.by_kind.get("service", []), key=lambda e: e.id or "")
    for service in services:
        assert service.id is not None
        rows: list[list[Cell]] = []
        for entry in by_service.get(service.id, []):
            record = entry.record
            assert isinstance(record, Sla)
            for target in record.targets:
                value = f"{SIGNS[target.comparison]} {target.target:g} {label_value(target.unit)}"
                if target.percentile is not None:
                    value += f" (p{target.percentile:g})"
                rows.append([site.record(here, entry.id), text(record.customer), text(label_value(target.metric)),
                             text(target.description), (text(value), f"{target.target}"), text(target.priority or ""),
                             text(label_value(target.period))])
        body.append(html_block(f"<h2>{site.record(here, service.id, titled=True)}</h2>\n" + table(
            ["SLA", "Customer", "Metric", "Target description", "Target", "Priority", "Period"], rows,
            empty="No SLA covers this service.")))
    orphans = [entry for entry in slas if not any(s in site.record_pages for s in entry.data["links"]["services"])]
    if orphans:
        body.append(html_block("<p>SLAs naming no known service: "
                               + ", ".join(site.record(here, e.id) for e in orphans) + "</p>"))
    return front("SLA targets by service", "\n".join(body), wide=True)
