"""The risk heat map, drawn at build time: a likelihood × impact grid whose cells count the risks in them.

Pure and deterministic, and escapes every piece of text it is given (like sms.site.charts, which draws the
measurement charts).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

CELL = 56
MARGIN_LEFT = 44
MARGIN_TOP = 8
AXIS = 40


def _num(value: float) -> str:
    """Coordinates with at most one decimal, so output does not depend on float noise."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _ink(colour: str) -> str:
    """Black or white text, whichever reads better on `colour` (#rrggbb)."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else "#ffffff"


@dataclass(frozen=True)
class HeatCell:
    """One cell of a risk heat map: its band colour, and the risks that fall in it."""

    colour: str
    band: str
    risks: tuple[str, ...] = ()
    href: str | None = None  # where a click on the cell leads (an anchor listing the risks)


def heat_map(title: str, likelihood_labels: Sequence[str], impact_labels: Sequence[str],
             cells: Mapping[tuple[int, int], HeatCell]) -> str:
    """A 5×5 likelihood (rows, 5 at the top) × impact (columns) grid; each cell shows how many risks fall
    in it, is coloured by its band, and names its risks in a tooltip."""
    size = len(likelihood_labels)
    width = MARGIN_LEFT + CELL * len(impact_labels) + 8
    height = MARGIN_TOP + CELL * size + AXIS
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="sms-chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" aria-label="{escape(title)}">', f"<title>{escape(title)}</title>"]
    for likelihood in range(size, 0, -1):
        y = MARGIN_TOP + CELL * (size - likelihood)
        parts.append(f'<text x="{MARGIN_LEFT - 8}" y="{_num(y + CELL / 2 + 5)}" text-anchor="end" font-size="13" '
                     f'class="sms-axis"><title>{escape(likelihood_labels[likelihood - 1])}</title>{likelihood}</text>')
        for impact in range(1, len(impact_labels) + 1):
            x = MARGIN_LEFT + CELL * (impact - 1)
            cell = cells[(likelihood, impact)]
            count = len(cell.risks)
            tip = (f"likelihood {likelihood} × impact {impact} = {likelihood * impact} ({cell.band}): "
                   + (", ".join(cell.risks) if cell.risks else "no risks"))
            rect = (f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{escape(cell.colour)}" '
                    f'stroke="#ffffff" stroke-width="2"/>')
            label = (f'<text x="{_num(x + CELL / 2)}" y="{_num(y + CELL / 2 + 6)}" text-anchor="middle" '
                     f'font-size="{18 if count else 12}" fill="{_ink(cell.colour)}">{count if count else "·"}</text>')
            body = f"<title>{escape(tip)}</title>{rect}{label}"
            if cell.href and count:
                parts.append(f'<a href="{escape(cell.href)}">{body}</a>')
            else:
                parts.append(f"<g>{body}</g>")
    axis_y = MARGIN_TOP + CELL * size
    for impact in range(1, len(impact_labels) + 1):
        centre = MARGIN_LEFT + CELL * (impact - 1) + CELL / 2
        parts.append(f'<text x="{_num(centre)}" y="{axis_y + 18}" text-anchor="middle" font-size="13" class="sms-axis">'
                     f"<title>{escape(impact_labels[impact - 1])}</title>{impact}</text>")
    parts.append(f'<text x="{_num(MARGIN_LEFT + CELL * len(impact_labels) / 2)}" y="{axis_y + 34}" '
                 'text-anchor="middle" font-size="12" class="sms-axis">impact →</text>')
    middle = _num(MARGIN_TOP + CELL * size / 2)
    parts.append(f'<text x="12" y="{middle}" text-anchor="middle" font-size="12" class="sms-axis" '
                 f'transform="rotate(-90 12 {middle})">likelihood →</text>')
    parts.append("</svg>")
    return "".join(parts)
