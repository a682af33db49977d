"""The risk heat map page: threats by likelihood and impact, before and after treatment, and opportunities on a
map of their own (an opportunity's "impact" is a benefit: plotted on the threat bands it would read as
danger), with the risks of each cell listed under each map."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sms.models.risk import Risk
from sms.site.heatmap import HeatCell, heat_map
from sms.site.pages.chrome import front
from sms.site.pages.html import badge, html_block
from sms.site.pages.paths import HEAT_MAP
from sms.site.pages.site import Site
from sms.site.safe_html import text
from sms.store.config import RiskMatrix
from sms.store.repository import Entry

OPPORTUNITY = "opportunity"  # the Risk category that marks an opportunity (treated with option "exploit")
#: Opportunity cells: one blue per band of the matrix (by position), light to dark as the score grows.
OPPORTUNITY_BLUES = ("#e3f2fd", "#90caf9", "#1e88e5", "#0d47a1", "#082f6b")
Scores = dict[tuple[int, int], list[str]]


def _scores(entries: Sequence[Entry], residual: bool) -> tuple[Scores, list[str]]:
    """Record ids by (likelihood, impact), and the ids without residual scores (when `residual`)."""
    cells: Scores = defaultdict(list)
    unscored = []
    for entry in entries:
        record = entry.record
        assert isinstance(record, Risk) and entry.id is not None
        likelihood, impact = ((record.residual_likelihood, record.residual_impact) if residual
                              else (record.likelihood, record.impact))
        if likelihood is not None and impact is not None:
            cells[(likelihood, impact)].append(entry.id)
        else:
            unscored.append(entry.id)
    return cells, unscored


def _opportunity_band(matrix: RiskMatrix, likelihood: int, impact: int) -> tuple[str, str]:
    """(colour, name) of an opportunity cell: the matrix's score thresholds, in blues and benefit words."""
    band = matrix.band(likelihood, impact)
    position = matrix.bands.index(band)
    return OPPORTUNITY_BLUES[min(position, len(OPPORTUNITY_BLUES) - 1)], f"{band.name} benefit"


def _section(site: Site, key: str, title: str, cells: Scores, opportunity: bool) -> str:
    here, matrix = HEAT_MAP, site.repo.config.risk_matrix
    grid = {}
    for likelihood in range(1, len(matrix.likelihood) + 1):
        for impact in range(1, len(matrix.impact) + 1):
            colour, band = (_opportunity_band(matrix, likelihood, impact) if opportunity else
                            (matrix.band(likelihood, impact).colour, matrix.band(likelihood, impact).name))
            grid[(likelihood, impact)] = HeatCell(colour, band, tuple(cells.get((likelihood, impact), ())),
                                                  f"#{key}-l{likelihood}-i{impact}")
    impacts = ([f"benefit {number}" for number in range(1, len(matrix.impact) + 1)] if opportunity
               else matrix.impact)
    chart = heat_map(title, matrix.likelihood, impacts, grid, impact_word="benefit" if opportunity else "impact",
                     noun=OPPORTUNITY if opportunity else "risk")
    listing = []
    for (likelihood, impact), ids in sorted(cells.items(), key=lambda item: (-item[0][0] * item[0][1], item[0])):
        shown = (text(grid[(likelihood, impact)].band) if opportunity
                 else badge(matrix.band(likelihood, impact).name))
        listing.append(f'<tr id="{key}-l{likelihood}-i{impact}"><td>{likelihood} × {impact} = '
                       f"{likelihood * impact}</td><td>{shown}</td><td>"
                       + ", ".join(site.record(here, record_id, titled=True) for record_id in ids) + "</td></tr>")
    heading = "Opportunities" if opportunity else "Risks"
    table_html = (f"<table><thead><tr><th>Score</th><th>Band</th><th>{heading}</th></tr></thead>"
                  "<tbody>" + "".join(listing) + "</tbody></table>") if listing else \
        f'<p class="sms-empty">No {heading.lower()}.</p>'
    return f'<figure class="sms-figure sms-heatmap-figure">{chart}</figure>\n{table_html}'


def heat_map_page(site: Site) -> str:
    here = HEAT_MAP
    matrix: RiskMatrix = site.repo.config.risk_matrix
    scored = sorted((e for e in site.by_kind.get("risk", []) if isinstance(e.record, Risk)),
                    key=lambda e: e.id or "")
    threats = [e for e in scored if isinstance(e.record, Risk) and e.record.category != OPPORTUNITY]
    opportunities = [e for e in scored if isinstance(e.record, Risk) and e.record.category == OPPORTUNITY]
    body = ["<h1>Risk heat map</h1>", html_block(
        "<p>Risks by likelihood (rows) and impact (columns), before treatment (inherent) and after it "
        "(residual), coloured by the bands of sms.yaml; opportunities on a map of their own, where a higher "
        "score is a greater benefit. Select a cell to see its risks.</p>" + _bands(matrix))]
    for name, residual in (("Inherent", False), ("Residual", True)):
        cells, unscored = _scores(threats, residual)
        note = (f"<p>Not assessed after treatment: {', '.join(site.record(here, i) for i in unscored)}.</p>"
                if residual and unscored else "")
        body += [f"## {name}", "", html_block(_section(site, name.lower(), f"{name} risk: likelihood × impact",
                                                       cells, opportunity=False) + f"\n{note}")]
    if opportunities:
        cells, _ = _scores(opportunities, residual=False)
        body += ["## Opportunities", "", html_block(
            "<p>Opportunities (risks of the category <em>opportunity</em>) by likelihood and benefit, as "
            "assessed; darker blue is a greater opportunity.</p>\n"
            + _section(site, "opportunity", "Opportunities: likelihood × benefit", cells, opportunity=True))]
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
