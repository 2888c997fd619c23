"""A horizontal bar chart as inline SVG, drawn on the server (no JavaScript, no external library)."""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape

PALETTE = ["#7a1f1f", "#b5523b", "#d98c5f", "#3b6e8f", "#5f9ea0", "#8e8e5a", "#6b5b95", "#999999"]


def money(value: Decimal | float) -> str:
    """元 amount as 万元 with two decimals, e.g. ``1234500 → "123.45 万元"``."""
    return f"{Decimal(value) / Decimal(10000):,.2f} 万元"


def bar_chart(title: str, bars: list[tuple[str, Decimal]], *, width: int = 640, chart_id: str = "") -> str:
    """SVG bars (label, 元 amount), largest first, each with its amount in 万元 and its share."""
    bars = sorted(((label, Decimal(v)) for label, v in bars if v and Decimal(v) > 0), key=lambda b: -b[1])
    if not bars:
        return ""
    total = sum(v for _, v in bars)
    top = max(v for _, v in bars)
    row_h, label_w, pad = 26, 210, 8
    bar_w = width - label_w - 170
    height = 30 + row_h * len(bars) + pad
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f'<title>{escape(title)}</title>',
        f'<text x="0" y="18" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    for n, (label, value) in enumerate(bars):
        y = 30 + n * row_h
        w = max(1, int(bar_w * float(value / top)))
        share = float(value / total * 100)
        short = label if len(label) <= 14 else label[:13] + "…"
        parts += [
            f'<g class="bar"><title>{escape(label)}: {money(value)} ({share:.1f}%)</title>',
            f'<text x="{label_w - 6}" y="{y + 16}" font-size="12" text-anchor="end">{escape(short)}</text>',
            f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row_h - 8}" fill="{PALETTE[n % len(PALETTE)]}"/>',
            f'<text x="{label_w + w + 6}" y="{y + 16}" font-size="12">{money(value)} · {share:.1f}%</text></g>',
        ]
    parts.append("</svg>")
    return "".join(parts)
