"""Charts drawn as inline SVG at build time: the site needs no chart library and no CDN.

Every function is pure and deterministic (fixed number formatting, no ids from counters or randomness),
and escapes every piece of text it is given.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape


def _num(value: float) -> str:
    """Coordinates with at most one decimal, so output does not depend on float noise."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _value(value: float) -> str:
    return f"{value:g}"


# --- line charts with axes: SLA attainment and KPIs over time ---------------------------------------------------

_STEPS = (1.0, 2.0, 2.5, 5.0)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Scale:
    """A value axis: from `low` to `high` in ticks of `step`. Charts of one family share one, so their lines
    compare at a glance instead of each chart zooming into its own noise."""

    low: float
    high: float
    step: float

    @property
    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [round(self.low + i * self.step, 10) for i in range(count + 1)]

    def label(self, value: float) -> str:
        """A tick's value, with as many decimals as the step needs."""
        decimals = 0
        while decimals < 6 and abs(round(self.step, decimals) - self.step) > 1e-9:
            decimals += 1
        return f"{value:.{decimals}f}"


def common_scale(values: Iterable[float], *, ceiling: float | None = None, ticks: int = 5) -> Scale:
    """The scale of a chart family: every value (and target) in range, about `ticks` round steps, never above
    `ceiling` (100 for percentages)."""
    found = [float(value) for value in values]
    if not found:
        return Scale(0.0, 1.0, 0.25)
    low, high = min(found), max(found)
    span = high - low or max(abs(high) * 0.01, 0.01)
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next((s * power for s in _STEPS if s * power >= raw), 10 * power)
    bottom = math.floor(low / step + 1e-9) * step
    top = math.ceil(high / step - 1e-9) * step
    if top == bottom:
        top += step
    if ceiling is not None and top > ceiling:
        top = max(ceiling, bottom + step)
    return Scale(round(bottom, 10), round(top, 10), step)


@dataclass(frozen=True)
class Point:
    """One period of a line chart: its label (2026-09, 2026-Q3, 2026), its value (None: no value), whether it
    met the target, and the value as written over the point (the axis names the unit) and in its tooltip."""

    label: str
    value: float | None
    met: bool | None = None
    shown: str = ""
    tip: str = ""


def _period_label(label: str, first: bool) -> tuple[str, str]:
    """'2026-09' as ('Sep', '2026') — the year under the first point and each January (or Q1) only."""
    year, _, rest = label.partition("-")
    if rest.isdigit() and 1 <= int(rest) <= 12:
        return _MONTHS[int(rest) - 1], year if first or rest == "01" else ""
    if rest.startswith("Q"):
        return rest, year if first or rest == "Q1" else ""
    return label, ""


def _anchor(key: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in key.lower())


def line_chart(key: str, title: str, description: str, points: Sequence[Point], scale: Scale, *,
               target: float | None = None, target_label: str = "", y_title: str = "", x_title: str = "",
               width: int = 600, height: int = 240) -> str:
    """A line chart of periods (oldest first) on `scale`: a value axis with ticks and a title, the periods
    along the bottom, each value written over its point, a dashed target line, and missed periods drawn as
    hollow red rings (their tooltips say "missed" in words). `key` makes the title and description ids unique
    on the page, for aria-labelledby."""
    ident = _anchor(key)
    left, right, top, bottom = 64, 16, 18, 50
    plot_w, plot_h = width - left - right, height - top - bottom
    span = (scale.high - scale.low) or 1.0

    def x_of(index: int) -> float:
        return left + plot_w * ((index + 0.5) / len(points) if points else 0.5)

    def y_of(value: float) -> float:
        return top + plot_h * (1 - (min(max(value, scale.low), scale.high) - scale.low) / span)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="sms-chart sms-line-chart" role="img" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'aria-labelledby="{ident}-title {ident}-desc">',
             f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(description)}</desc>']
    for tick in scale.ticks:
        y = _num(y_of(tick))
        parts.append(f'<line class="sms-grid" x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="#e0e0e0" '
                     'stroke-width="1"/>')
        parts.append(f'<text class="sms-axis sms-tick" x="{left - 6}" y="{_num(y_of(tick) + 4)}" text-anchor="end" '
                     f'font-size="11">{escape(scale.label(tick))}</text>')
    axis_y = top + plot_h
    parts.append(f'<line class="sms-axis-line" x1="{left}" y1="{top}" x2="{left}" y2="{axis_y}" stroke="#757575"/>')
    parts.append(f'<line class="sms-axis-line" x1="{left}" y1="{axis_y}" x2="{width - right}" y2="{axis_y}" '
                 'stroke="#757575"/>')
    for index, point in enumerate(points):
        upper, lower = _period_label(point.label, index == 0)
        x = _num(x_of(index))
        parts.append(f'<text class="sms-axis sms-period" x="{x}" y="{axis_y + 15}" text-anchor="middle" '
                     f'font-size="11">{escape(upper)}</text>')
        if lower:
            parts.append(f'<text class="sms-axis" x="{x}" y="{axis_y + 28}" text-anchor="middle" '
                         f'font-size="10">{escape(lower)}</text>')
    if x_title:
        parts.append(f'<text class="sms-axis sms-axis-title" x="{left}" y="{height - 4}" font-size="11">'
                     f"{escape(x_title)}</text>")
    if y_title:
        middle = _num(top + plot_h / 2)
        parts.append(f'<text class="sms-axis sms-axis-title" x="12" y="{middle}" text-anchor="middle" font-size="11" '
                     f'transform="rotate(-90 12 {middle})">{escape(y_title)}</text>')
    if target is not None:
        y = _num(y_of(target))
        name = escape(target_label or "target")
        parts.append(f'<line class="sms-target" x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" '
                     f'stroke="#616161" stroke-dasharray="6 4" stroke-width="1.5" '
                     f'data-value="{escape(_value(target))}"><title>{name}</title></line>')
        # the legend sits under the axis, right-aligned, where no point can cover it
        parts.append(f'<line x1="{width - right - 200}" y1="{height - 8}" x2="{width - right - 176}" '
                     f'y2="{height - 8}" stroke="#616161" stroke-dasharray="6 4" stroke-width="1.5"/>'
                     f'<text class="sms-target-label" x="{width - right - 170}" y="{height - 4}" font-size="10">'
                     f"{name}</text>")
    runs: list[list[str]] = [[]]
    for index, point in enumerate(points):
        if point.value is None:
            runs.append([])
        else:
            runs[-1].append(f"{_num(x_of(index))},{_num(y_of(point.value))}")
    parts += [f'<polyline points="{" ".join(run)}" fill="none" stroke="#3f51b5" stroke-width="2"/>'
              for run in runs if len(run) > 1]
    for index, point in enumerate(points):
        if point.value is None:
            continue
        x, y = _num(x_of(index)), _num(y_of(point.value))
        shown = point.shown or _value(point.value)
        verdict = "" if point.met is None else " (met)" if point.met else " (missed)"
        missed = point.met is False
        ring = ('fill="#ffffff" stroke="#c62828" stroke-width="2.5" r="5"' if missed
                else 'fill="#3f51b5" stroke="#3f51b5" stroke-width="1" r="3.5"')
        parts.append(f'<g class="sms-point{" sms-missed" if missed else ""}"><title>{escape(point.label)}: '
                     f'{escape(point.tip or shown)}{verdict}</title><circle cx="{x}" cy="{y}" {ring}/>'
                     f'<text x="{x}" y="{_num(y_of(point.value) - 8)}" text-anchor="middle" font-size="10">'
                     f"{escape(shown)}</text></g>")
    parts.append("</svg>")
    return "".join(parts)
