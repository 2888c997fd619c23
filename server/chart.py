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


def stacked_columns(title: str, columns: list[str], series: list[tuple[str, list[Decimal]]], *, width: int = 640,
                    chart_id: str = "") -> str:
    """SVG columns (one per document, e.g. a year and phase), each stacked by series (e.g. function classes, 元),
    with each column's total above it and a legend; every segment has its amount and share as a tooltip."""
    totals = [sum((s[1][i] for s in series if s[1][i] and s[1][i] > 0), Decimal(0)) for i in range(len(columns))]
    top = max(totals, default=Decimal(0))
    if not columns or top <= 0:
        return ""
    plot_h, pad_top, label_h = 220, 40, 24
    legend_rows = -(-len(series) // 3)
    height = pad_top + plot_h + label_h + 18 * legend_rows + 12
    col_w = min(90, (width - 40) // max(1, len(columns)))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart history" id="{escape(chart_id)}" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f'<title>{escape(title)}</title>',
        f'<text x="0" y="18" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    for i, (column, total) in enumerate(zip(columns, totals, strict=True)):
        x = 20 + i * col_w + 8
        y = pad_top + plot_h
        for n, (label, values) in enumerate(series):
            value = values[i]
            if not value or value <= 0:
                continue
            h = max(1, int(plot_h * float(value / top)))
            y -= h
            share = float(value / total * 100)
            parts.append(f'<rect x="{x}" y="{y}" width="{col_w - 16}" height="{h}" fill="{PALETTE[n % len(PALETTE)]}">'
                         f'<title>{escape(column)} · {escape(label)}: {money(value)} ({share:.1f}%)</title></rect>')
        parts.append(f'<text x="{x + (col_w - 16) / 2}" y="{y - 4}" font-size="11" text-anchor="middle">'
                     f'{escape(money(total).removesuffix(" 万元"))}</text>')
        parts.append(f'<text x="{x + (col_w - 16) / 2}" y="{pad_top + plot_h + 16}" font-size="12" '
                     f'text-anchor="middle">{escape(column)}</text>')
    legend_y = pad_top + plot_h + label_h + 6
    for n, (label, _) in enumerate(series):
        lx, ly = 20 + (n % 3) * ((width - 20) // 3), legend_y + (n // 3) * 18
        short = label if len(label) <= 16 else label[:15] + "…"
        parts.append(f'<rect x="{lx}" y="{ly}" width="10" height="10" fill="{PALETTE[n % len(PALETTE)]}"/>'
                     f'<text x="{lx + 14}" y="{ly + 9}" font-size="11">{escape(short)}</text>')
    parts.append("</svg>")
    return "".join(parts)
