"""The risk heat map, drawn at build time: a likelihood × impact grid whose cells count the risks in them.

The grid is an HTML table, not a picture: each cell with risks is a real link whose accessible name says
what it holds ("likelihood 3, impact 4: 2 risks"), so a screen reader and a keyboard reach it (an SVG with
role="img" hid its links from both). The count's colour is chosen from the cell's background by WCAG
contrast, so it reads on any band colour an organisation configures.

Pure and deterministic, and escapes every piece of text it is given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

BLACK, WHITE = "#000000", "#ffffff"
AA_NORMAL_TEXT = 4.5  # WCAG 2 AA, text under 18 pt


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.04045 else ((srgb + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    red, green, blue = (_channel(int(colour[i:i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours, 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ink(background: str) -> str:
    """Black or white, whichever contrasts more with `background`. One of the two always reaches 4.58:1,
    so counts meet AA on every colour (the worst background, luminance 0.179, gives both about 4.58)."""
    return BLACK if contrast(BLACK, background) >= contrast(WHITE, background) else WHITE


@dataclass(frozen=True)
class HeatCell:
    """One cell of a heat map: its band colour, and the risks that fall in it."""

    colour: str  # #rrggbb (sms.yaml's band colours are validated as such)
    band: str
    risks: tuple[str, ...] = ()
    href: str | None = None  # where the cell's link leads (an anchor listing the risks)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def heat_map(title: str, likelihood_labels: Sequence[str], impact_labels: Sequence[str],
             cells: Mapping[tuple[int, int], HeatCell], *, impact_word: str = "impact", noun: str = "risk") -> str:
    """A likelihood (rows, highest at the top) × impact (columns) grid as a table; each cell shows how many
    risks fall in it on its band colour and, when it has any, links to them."""
    rows = []
    for likelihood in range(len(likelihood_labels), 0, -1):
        row = [f'<th scope="row" title="{escape(likelihood_labels[likelihood - 1])}">{likelihood}</th>']
        for impact in range(1, len(impact_labels) + 1):
            cell = cells[(likelihood, impact)]
            count = len(cell.risks)
            name = f"likelihood {likelihood}, {impact_word} {impact}: " + (_count(count, noun) if count
                                                                           else f"no {noun}s")
            tip = f"score {likelihood * impact}, {cell.band}" + (": " + ", ".join(cell.risks) if count else "")
            colour = ink(cell.colour)
            style = f"background-color:{escape(cell.colour)};color:{colour}"
            if cell.href and count:
                content = (f'<a href="{escape(cell.href)}" aria-label="{escape(name)}" title="{escape(tip)}" '
                           f'style="color:{colour}">{count}</a>')
            else:
                content = f'<span class="sms-sr">{escape(name)}</span><span aria-hidden="true">·</span>'
            row.append(f'<td style="{style}" data-band="{escape(cell.band)}">{content}</td>')
        rows.append("<tr>" + "".join(row) + "</tr>")
    axis = "".join(f'<th scope="col" title="{escape(label)}">{number}</th>'
                   for number, label in enumerate(impact_labels, start=1))
    rows.append(f'<tr><th scope="col" class="sms-heatmap__corner"><span aria-hidden="true">likelihood ↑<br>'
                f"{escape(impact_word)} →</span></th>{axis}</tr>")
    return (f'<table class="sms-heatmap"><caption>{escape(title)}</caption><tbody>' + "".join(rows)
            + "</tbody></table>")
