"""The risk heat map page: risks by likelihood and impact, before and after treatment, with the risks of each
cell listed under the map."""

from __future__ import annotations

from collections import defaultdict

from sms.models.risk import Risk
from sms.site.heatmap import HeatCell, heat_map
from sms.site.pages.chrome import front
from sms.site.pages.html import badge, html_block
from sms.site.pages.paths import HEAT_MAP
from sms.site.pages.site import Site
from sms.site.safe_html import text
from sms.store.config import RiskMatrix


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
