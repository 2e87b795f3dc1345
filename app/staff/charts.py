"""Small bar charts as inline SVG, drawn on the server: no script, no chart library.

Pure (no I/O). The markup is CSP-clean: no `style` attribute, only presentation attributes and
classes of static/css/app.css. A chart is an image with an accessible name (role="img",
aria-labelledby its <title> and <desc>); the page puts the same figures in a table after it.
Coordinates are floats; the values themselves (counts, Decimal amounts) are only read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

WIDTH = 320
HEIGHT = 150
TOP = 14  # room for the value above the tallest bar
BOTTOM = 22  # room for the labels under the bars
SIDE = 4


@dataclass(frozen=True, slots=True)
class Bar:
    label: str  # under the bar (short: "W48", "Q3 26")
    value: int | Decimal
    shown: str = ""  # the value as written above the bar ("" = the number itself)


def _number(value: int | Decimal) -> float:
    return float(value)


def _fmt(x: float) -> str:
    """A coordinate with at most one decimal, without a trailing ".0"."""
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def bar_chart(bars: Sequence[Bar], *, chart_id: str, title: str, description: str = "") -> Markup:
    """A vertical bar chart of `bars` (left to right), scaled to the largest value; negative
    values are drawn as zero. Every text is escaped."""
    peak = max((_number(b.value) for b in bars), default=0.0)
    inner_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - 2 * SIDE) / max(len(bars), 1)
    bar_w = slot * 0.7
    baseline = HEIGHT - BOTTOM
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    labelled = title_id + (f" {desc_id}" if description else "")
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" role="img" '
        f'aria-labelledby="{escape(labelled)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'xmlns="http://www.w3.org/2000/svg" focusable="false">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
    ]
    if description:
        parts.append(f'<desc id="{escape(desc_id)}">{escape(description)}</desc>')
    parts.append(
        f'<line class="chart-axis" x1="{SIDE}" y1="{baseline}" x2="{WIDTH - SIDE}" '
        f'y2="{baseline}" stroke="currentColor" stroke-width="1"/>'
    )
    for index, bar in enumerate(bars):
        value = max(_number(bar.value), 0.0)
        height = inner_h * value / peak if peak > 0 else 0.0
        x = SIDE + index * slot + (slot - bar_w) / 2
        centre = SIDE + index * slot + slot / 2
        y = baseline - height
        parts.append(
            f'<rect class="chart-bar" x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(bar_w)}" '
            f'height="{_fmt(height)}" fill="currentColor"/>'
        )
        shown = bar.shown or str(bar.value)
        parts.append(
            f'<text class="chart-value" x="{_fmt(centre)}" y="{_fmt(y - 3)}" '
            f'text-anchor="middle" font-size="9" fill="currentColor">{escape(shown)}</text>'
        )
        parts.append(
            f'<text class="chart-label" x="{_fmt(centre)}" y="{HEIGHT - 8}" '
            f'text-anchor="middle" font-size="9" fill="currentColor">{escape(bar.label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
