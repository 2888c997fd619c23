"""Grid rows that hold several printed rows: ruled columns whose rows are not ruled.

Many disclosures rule a table's columns but not every row: pdfplumber then finds one tall grid row whose
cells hold a stack of lines — 17 codes, 17 names and 17 amounts, one above the other. Each stack of amounts
(or of budget codes) marks the printed rows: a grid row is split into one row per *band* of vertically
overlapping amount lines, and every line of its cells goes to the band it overlaps (a line between bands,
the wrapped tail of a long name, belongs to the band above it, where its row began).
"""

from __future__ import annotations

import re

from .tables import parse_amount

CODE = re.compile(r"^(\d{3}|\d{5}|\d{7})$")
Band = tuple[float, float]  # (top, bottom)


def _is_marker(text: str) -> bool:
    t = re.sub(r"\s+", "", text)
    return bool(t) and (parse_amount(t) is not None and ("." in t or "," in t) or bool(CODE.match(t)))


def bands(lines_by_cell: list[list[tuple[str, float, float]]]) -> list[Band]:
    """Bands of one grid row from its cells' lines (text, top, bottom); fewer than two means no split.

    Only a cell that stacks two or more amounts (or codes) marks rows, so a single amount beside a wrapped
    name never splits its row.
    """
    marks: list[Band] = []
    for lines in lines_by_cell:
        stacked = [(top, bottom) for text, top, bottom in lines if _is_marker(text)]
        if len(stacked) >= 2 and len(stacked) == len(lines):
            marks.extend(stacked)
    if not marks:
        return []
    marks.sort()
    out: list[list[float]] = []
    for top, bottom in marks:
        if out and top < out[-1][1] - 0.25 * (bottom - top):
            out[-1][1] = max(out[-1][1], bottom)
        else:
            out.append([top, bottom])
    return [(a, b) for a, b in out] if len(out) >= 2 else []


def band_of(top: float, bottom: float, row_bands: list[Band]) -> int:
    """The band a line belongs to: the one it overlaps most, else the nearest band above it."""
    best, overlap = -1, 0.0
    for k, (a, b) in enumerate(row_bands):
        o = min(b, bottom) - max(a, top)
        if o > overlap:
            best, overlap = k, o
    if best >= 0:
        return best
    above = [k for k, (a, _) in enumerate(row_bands) if a <= top]
    return above[-1] if above else 0


def boundaries(row_top: float, row_bottom: float, row_bands: list[Band]) -> list[float]:
    """Row boundaries for the split: the grid row's own top and bottom, and a cut between each two bands."""
    cuts = [(row_bands[k][1] + row_bands[k + 1][0]) / 2 for k in range(len(row_bands) - 1)]
    return [row_top, *cuts, row_bottom]
