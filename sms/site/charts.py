"""Charts drawn as inline SVG at build time: the site needs no chart library and no CDN.

Every function is pure and deterministic (fixed number formatting, no ids from counters or randomness),
and escapes every piece of text it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape


def _num(value: float) -> str:
    """Coordinates with at most one decimal, so output does not depend on float noise."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def sparkline(title: str, points: Sequence[tuple[str, float]], target: float | None, *, width: int = 240,
              height: int = 64) -> str:
    """A small line chart of (label, value) points, oldest first, with the target as a dashed line."""
    if not points:
        return ""
    values = [value for _, value in points] + ([target] if target is not None else [])
    low, high = float(min(values)), float(max(values))
    if high == low:
        low, high = low - 1, high + 1
    pad = 6

    def x_of(index: int) -> float:
        return pad + (width - 2 * pad) * (index / (len(points) - 1) if len(points) > 1 else 0.5)

    def y_of(value: float) -> float:
        return pad + (height - 2 * pad) * (1 - (value - low) / (high - low))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="sms-chart sms-sparkline" role="img" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    if target is not None:
        y = _num(y_of(target))
        parts.append(f'<line x1="{pad}" y1="{y}" x2="{width - pad}" y2="{y}" stroke="#9e9e9e" '
                     'stroke-dasharray="4 3" stroke-width="1"><title>target</title></line>')
    line = " ".join(f"{_num(x_of(i))},{_num(y_of(value))}" for i, (_, value) in enumerate(points))
    parts.append(f'<polyline points="{line}" fill="none" stroke="#3f51b5" stroke-width="2"/>')
    for index, (label, value) in enumerate(points):
        parts.append(f'<circle cx="{_num(x_of(index))}" cy="{_num(y_of(value))}" r="3" fill="#3f51b5">'
                     f"<title>{escape(label)}: {escape(_value(value))}</title></circle>")
    parts.append("</svg>")
    return "".join(parts)


def _value(value: float) -> str:
    return f"{value:g}"
