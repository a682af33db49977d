"""Service and risk measures: the risk heat map and SLA targets by service (the KPI page is kpicharts')."""

from __future__ import annotations

from collections import defaultdict

from sms.models.risk import Risk
from sms.models.service import Sla
from sms.site.charts import HeatCell, heat_map
from sms.site.fields import label_value
from sms.site.pages.chrome import front
from sms.site.pages.html import Cell, badge, html_block, table
from sms.site.pages.paths import HEAT_MAP, SLA_TARGETS
from sms.site.pages.site import Site
from sms.site.safe_html import text
from sms.store.config import RiskMatrix
from sms.store.repository import Entry


def heat_map_page(site: Site) -> str:
    here = HEAT_MAP
    matrix: RiskMatrix = site.repo.config.risk_matrix
    risks = sorted((e for e in site.entries if e.kind == "risk" and isinstance(e.record, Risk)),
                   key=lambda e: e.id or "")
    body = ["<h1>Risk heat map</h1>", html_block(
        "<p>Risks by likelihood (rows) and impact (columns), before treatment (inherent) and after it "
        "(residual), coloured by the bands of sms.yaml. Select a cell to see its risks.</p>" + _bands(matrix))]
    for name, residual in (("Inherent", False), ("Residual", True)):
        cells: dict[tuple[int, int], list[str]] = defaultdict(list)
        for entry in risks:
            record = entry.record
            assert isinstance(record, Risk) and entry.id is not None
            likelihood, impact = ((record.residual_likelihood, record.residual_impact) if residual
                                  else (record.likelihood, record.impact))
            if likelihood is not None and impact is not None:
                cells[(likelihood, impact)].append(entry.id)
        key = name.lower()
        grid = {}
        for likelihood in range(1, 6):
            for impact in range(1, 6):
                band = matrix.band(likelihood, impact)
                grid[(likelihood, impact)] = HeatCell(band.colour, band.name,
                                                      tuple(cells.get((likelihood, impact), ())),
                                                      f"#{key}-l{likelihood}-i{impact}")
        svg = heat_map(f"{name} risk: likelihood × impact", matrix.likelihood, matrix.impact, grid)
        listing = []
        for (likelihood, impact), ids in sorted(cells.items(), key=lambda item: (-item[0][0] * item[0][1], item[0])):
            band = matrix.band(likelihood, impact)
            listing.append(f'<tr id="{key}-l{likelihood}-i{impact}"><td>{likelihood} × {impact} = '
                           f"{likelihood * impact}</td><td>{badge(band.name)}</td><td>"
                           + ", ".join(site.record(here, record_id, titled=True) for record_id in ids) + "</td></tr>")
        unscored = [entry.id for entry in risks if residual and isinstance(entry.record, Risk)
                    and (entry.record.residual_likelihood is None or entry.record.residual_impact is None)]
        note = (f"<p>Not assessed after treatment: {', '.join(site.record(here, i) for i in unscored if i)}.</p>"
                if unscored else "")
        table_html = ("<table><thead><tr><th>Score</th><th>Band</th><th>Risks</th></tr></thead>"
                      "<tbody>" + "".join(listing) + "</tbody></table>") if listing else \
            '<p class="sms-empty">No risks.</p>'
        body += [f"## {name}", "", html_block(f'<figure class="sms-figure sms-heatmap">{svg}</figure>\n{table_html}'
                                              f"\n{note}")]
    return front("Risk heat map", "\n".join(body))


def _bands(matrix: RiskMatrix) -> str:
    low = 1
    items = []
    for band in matrix.bands:
        items.append(f'<li><span class="sms-swatch" style="background:{text(band.colour)}"></span> '
                     f"{text(band.name)}: scores {low}–{band.max_score}"
                     + (", treatment required" if band.requires_treatment else "") + "</li>")
        low = band.max_score + 1
    return '<ul class="sms-bands">' + "".join(items) + "</ul>"


COMPARISON = {"at_least": "≥", "at_most": "≤"}


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
    services = sorted((e for e in site.entries if e.kind == "service"), key=lambda e: e.id or "")
    for service in services:
        assert service.id is not None
        rows: list[list[Cell]] = []
        for entry in by_service.get(service.id, []):
            record = entry.record
            assert isinstance(record, Sla)
            for target in record.targets:
                value = f"{COMPARISON[target.comparison]} {target.target:g} {label_value(target.unit)}"
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
