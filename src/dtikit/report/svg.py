"""Small SVG charts drawn in Python: no JavaScript, no library, no network.

Every text that comes from data is escaped; numbers are shown with a decimal
comma. Charts are inline ``<svg>`` elements meant to sit in an HTML page (no
XML namespace declaration is needed there).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from html import escape

import attrs

from ..numbers import ZERO, format_vi

NO_CLASS_COLOUR = "#8c959f"
# best class first: green, blue, amber, red, then more if a rubric has more bands
PALETTE = ("#1a7f37", "#0969da", "#bf8700", "#cf222e", "#8250df", "#57606a")


def _e(text: str) -> str:
    return escape(text, quote=True)


def _num(value: Decimal) -> str:
    """A coordinate: plain decimal point, two places (SVG wants a point, not a comma)."""
    return f"{value.quantize(Decimal('0.01')):f}"


@attrs.frozen
class Bar:
    label: str
    value: Decimal
    colour: str
    title: str  # tooltip text
    note: str = ""  # shown after the value (e.g. the class)


@attrs.frozen
class Marker:
    at: Decimal  # on the value axis
    label: str


def bar_chart(
    bars: Sequence[Bar],
    maximum: Decimal,
    *,
    title: str,
    markers: Sequence[Marker] = (),
    width: int = 860,
    label_width: int = 250,
    row_height: int = 26,
    places: int = 2,
) -> str:
    """A horizontal bar chart of totals; one row per bar, axis from 0 to ``maximum``.
    Totals are written at ``places`` fixed decimals (the rubric's), as every output."""
    top, bottom = 34, 34
    value_space = 130
    plot = Decimal(width - label_width - value_space)
    height = top + row_height * len(bars) + bottom
    scale = plot / maximum if maximum > 0 else ZERO
    out = [
        f'<svg class="chart bar-chart" role="img" aria-label="{_e(title)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{_e(title)}</title>",
    ]
    # grid and ticks: 0, 20 %, … 100 % of the maximum
    for i in range(6):
        v = maximum * i / 5
        x = label_width + v * scale
        out.append(f'<line class="grid" x1="{_num(x)}" y1="{top - 6}" x2="{_num(x)}" '
                   f'y2="{height - bottom + 4}" stroke="#d0d7de" stroke-width="1"/>')
        out.append(f'<text class="tick" x="{_num(x)}" y="{height - bottom + 20}" '
                   f'text-anchor="middle" font-size="11" fill="#57606a">{_e(format_vi(v, places, trim=False, whole=True))}</text>')
    for m in markers:
        x = label_width + m.at * scale
        out.append(f'<line class="marker" x1="{_num(x)}" y1="{top - 14}" x2="{_num(x)}" '
                   f'y2="{height - bottom}" stroke="#6e7781" stroke-width="1" '
                   f'stroke-dasharray="4 3"/>')
        out.append(f'<text class="marker-label" x="{_num(x + 3)}" y="{top - 16}" font-size="10" '
                   f'fill="#57606a">{_e(m.label)}</text>')
    for i, b in enumerate(bars):
        y = top + i * row_height
        w = max(b.value, ZERO) * scale
        mid = y + row_height // 2 + 4
        out.append(f'<text class="label" x="{label_width - 8}" y="{mid}" text-anchor="end" '
                   f'font-size="12" fill="#24292f">{_e(b.label)}</text>')
        out.append(f'<rect class="bar" x="{label_width}" y="{y + 4}" width="{_num(w)}" '
                   f'height="{row_height - 8}" fill="{_e(b.colour)}" rx="2">'
                   f"<title>{_e(b.title)}</title></rect>")
        text = format_vi(b.value, places, trim=False) + (f" · {b.note}" if b.note else "")
        out.append(f'<text class="value" x="{_num(label_width + w + 6)}" y="{mid}" '
                   f'font-size="12" fill="#24292f">{_e(text)}</text>')
    out.append("</svg>")
    return "".join(out)


@attrs.frozen
class IndexBar:
    """One bar of a unit's chart: a main index, its points and its maximum."""

    code: str
    name: str
    points: Decimal | None
    max: Decimal


def parts_chart(parts: Sequence[IndexBar], *, title: str, colour: str, width: int = 380,
                row_height: int = 20, places: int = 2) -> str:
    """One unit's main indices against their maxima: one bar per index, filled to its
    share of the maximum, with ``points/max`` written beside it."""
    label_w, value_w = 34, 92
    plot = Decimal(width - label_w - value_w)
    height = row_height * len(parts) + 8
    out = [
        f'<svg class="chart parts-chart" role="img" aria-label="{_e(title)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{_e(title)}</title>",
    ]
    for i, p in enumerate(parts):
        y = 4 + i * row_height
        mid = y + row_height // 2 + 4
        share = ZERO if p.points is None or p.max == 0 else min(p.points / p.max, Decimal(1))
        shown = (format_vi(p.points, places, trim=False),
                 format_vi(p.max, places, trim=False, whole=True))
        tip = f"{p.code}. {p.name}: {shown[0]} / {shown[1]}"
        out.append(f'<text class="code" x="{label_w - 6}" y="{mid}" text-anchor="end" '
                   f'font-size="11" fill="#24292f">{_e(p.code)}</text>')
        out.append(f'<rect class="track" x="{label_w}" y="{y + 3}" width="{_num(plot)}" '
                   f'height="{row_height - 6}" fill="#eaeef2" rx="2"><title>{_e(tip)}</title></rect>')
        out.append(f'<rect class="fill" x="{label_w}" y="{y + 3}" width="{_num(plot * share)}" '
                   f'height="{row_height - 6}" fill="{_e(colour)}" rx="2"><title>{_e(tip)}</title>'
                   "</rect>")
        out.append(f'<text class="value" x="{_num(label_w + plot + 6)}" y="{mid}" font-size="11" '
                   f'fill="#24292f">{_e(shown[0])}/{_e(shown[1])}</text>')
    out.append("</svg>")
    return "".join(out)


def colours_for(labels_best_first: Sequence[str]) -> Mapping[str, str]:
    """A colour per class label, best class first."""
    return {label: PALETTE[min(i, len(PALETTE) - 1)] for i, label in enumerate(labels_best_first)}
