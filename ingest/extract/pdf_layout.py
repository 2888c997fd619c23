"""One pass over a PDF page: ruled tables as cell grids, and the text lines outside them.

pdfplumber interprets each page once (``page.chars`` and ``page.find_tables()`` share the cached
layout objects); everything else — cell text, merged-cell spans, frame cells, loose lines — is
derived here from those two results, without another text extraction.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from . import pdf_stacked as stacked

SNAP = 2.0  # points: ruling coordinates closer than this are the same grid line


@dataclass(slots=True)
class Line:
    """A printed line of text outside any table cell."""

    text: str
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    words: tuple[tuple[str, float, float], ...] = ()  # (text, x0, x1) of the runs the printed gaps separate

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2))


@dataclass(slots=True)
class GridCell:
    """A (possibly merged) table cell: grid span, text and box."""

    r0: int
    r1: int  # exclusive
    c0: int
    c1: int  # exclusive
    bbox: tuple[float, float, float, float]
    text: str = ""
    indent: float | None = None  # how far the first line of text starts right of the cell's left edge
    right: float | None = None  # how far the first line of text ends left of the cell's right edge

    @property
    def flat(self) -> str:
        """Text with wrapped lines joined back (Chinese needs no space; ASCII words get one)."""
        parts = [p.strip() for p in self.text.split("\n") if p.strip()]
        out = ""
        for p in parts:
            if out and out[-1].isascii() and out[-1].isalnum() and p[0].isascii() and p[0].isalnum():
                out += " "
            out += p
        return out


@dataclass(slots=True)
class Grid:
    """A ruled table found on one page, as a grid of slots pointing at cells."""

    page: int
    bbox: tuple[float, float, float, float]
    xs: list[float]  # column boundaries (ncols + 1)
    ys: list[float]  # row boundaries (nrows + 1)
    cells: list[GridCell] = field(default_factory=list)
    slots: list[list[int | None]] = field(default_factory=list)  # [row][col] → index into cells

    @property
    def nrows(self) -> int:
        return len(self.ys) - 1

    @property
    def ncols(self) -> int:
        return len(self.xs) - 1

    def at(self, r: int, c: int) -> GridCell | None:
        i = self.slots[r][c]
        return None if i is None else self.cells[i]

    def is_empty(self) -> bool:
        return not any(c.text.strip() for c in self.cells)


@dataclass(slots=True)
class PageData:
    number: int
    width: float
    height: float
    lines: list[Line]
    grids: list[Grid]
    n_chars: int
    n_images: int


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > SNAP:
            out.append(v)
    return out


def _drop_slivers(bounds: list[float], edges: list[float], gap: float) -> list[float]:
    """Boundaries without the slivers that double rulings and uneven cell edges make: of two boundaries
    closer than ``gap`` (narrower than a printed character), the one fewer cells use goes; its cells fall to
    the nearest boundary left (a 5-point column between 417 and 422 cannot hold a number of its own)."""
    if len(bounds) < 3:
        return bounds
    use = [sum(1 for e in edges if abs(e - b) <= SNAP) for b in bounds]
    out = [0]
    for k in range(1, len(bounds)):
        last = out[-1]
        if bounds[k] - bounds[last] >= gap:
            out.append(k)
            continue
        if last == 0:  # keep the table's outer edges
            continue
        if k == len(bounds) - 1 or use[k] > use[last]:
            out[-1] = k
    return [bounds[k] for k in out]


def _index(bounds: list[float], v: float) -> int:
    """Index of the snapped boundary nearest to v."""
    i = bisect_right(bounds, v)
    if i > 0 and (i == len(bounds) or v - bounds[i - 1] <= bounds[i] - v):
        return i - 1
    return i


def _group_lines(chars: list[dict]) -> list[list[dict]]:
    """Chars grouped into printed lines (by vertical mid-point), each sorted left to right."""
    items = sorted(chars, key=lambda ch: (ch["top"] + ch["bottom"]) / 2)
    lines: list[list[dict]] = []
    mid_of_line = height_of_line = 0.0
    for ch in items:
        mid = (ch["top"] + ch["bottom"]) / 2
        height = ch["bottom"] - ch["top"]
        tol = max(1.5, min(height, height_of_line) * 0.45)
        if lines and abs(mid - mid_of_line) <= tol:
            lines[-1].append(ch)
        else:
            lines.append([ch])
            mid_of_line, height_of_line = mid, height
    for line in lines:
        line.sort(key=lambda ch: ch["x0"])
    return lines


def _line_text(chars: list[dict]) -> str:
    out: list[str] = []
    prev = None
    for ch in chars:
        if prev is not None:
            gap = ch["x0"] - prev["x1"]
            if gap > max(1.5, 0.3 * (ch.get("size") or 10)):
                out.append(" ")
        out.append(ch["text"])
        prev = ch
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _words(chars: list[dict]) -> tuple[tuple[str, float, float], ...]:
    """The runs of a line's chars between the gaps _line_text prints as spaces, with their x-extent."""
    runs: list[list[dict]] = []
    for ch in chars:
        if runs and ch["x0"] - runs[-1][-1]["x1"] <= max(1.5, 0.3 * (ch.get("size") or 10)):
            runs[-1].append(ch)
        else:
            runs.append([ch])
    return tuple(("".join(c["text"] for c in run).strip(), run[0]["x0"], run[-1]["x1"]) for run in runs
                 if "".join(c["text"] for c in run).strip())


def _grid_of(table, page_no: int) -> Grid | None:
    """A grid for a pdfplumber table: snapped boundaries, spans, frame cells removed."""
    boxes = [tuple(b) for b in table.cells]
    if not boxes:
        return None
    for _ in range(2):  # second round after dropping frame cells
        xs = _drop_slivers(_snap([b[0] for b in boxes] + [b[2] for b in boxes]), [b[0] for b in boxes] + [b[2] for b in boxes], 6.5)
        ys = _drop_slivers(_snap([b[1] for b in boxes] + [b[3] for b in boxes]), [b[1] for b in boxes] + [b[3] for b in boxes], 4.0)
        spans = [(_index(ys, b[1]), _index(ys, b[3]), _index(xs, b[0]), _index(xs, b[2])) for b in boxes]
        big = [i for i, (r0, r1, c0, c1) in enumerate(spans) if r1 - r0 >= 2 and c1 - c0 >= 2]
        frames = set()
        for i in big:
            r0, r1, c0, c1 = spans[i]
            for j, (s0, s1, d0, d1) in enumerate(spans):  # a sliver snapped to nothing (s1 == s0) frames nothing
                if (j != i and s0 < s1 and d0 < d1 and r0 <= s0 and s1 <= r1 and c0 <= d0 and d1 <= c1
                        and (s0, s1, d0, d1) != spans[i]):
                    frames.add(i)
                    break
        if not frames:
            break
        boxes = [b for i, b in enumerate(boxes) if i not in frames]
        if not boxes:
            return None
    if len(xs) < 2 or len(ys) < 2:
        return None
    grid = Grid(page_no, (xs[0], ys[0], xs[-1], ys[-1]), xs, ys)
    grid.slots = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    order = sorted(range(len(boxes)), key=lambda i: -(spans[i][1] - spans[i][0]) * (spans[i][3] - spans[i][2]))
    for i in order:
        r0, r1, c0, c1 = spans[i]
        if r1 <= r0 or c1 <= c0:
            continue
        cell = GridCell(r0, r1, c0, c1, tuple(round(v, 2) for v in boxes[i]))
        grid.cells.append(cell)
        k = len(grid.cells) - 1
        for r in range(r0, r1):
            row = grid.slots[r]
            for c in range(c0, c1):
                row[c] = k
    return grid


def _split_stacked_rows(grid: Grid, assigned: dict[int, list[dict]]) -> tuple[Grid, dict[int, list[dict]]]:
    """The grid with every row that stacks several printed rows split into them (:mod:`pdf_stacked`)."""
    splits: dict[int, list[stacked.Band]] = {}
    lines_of: dict[int, list[list[dict]]] = {}
    for r in range(grid.nrows):
        own = [k for k, c in enumerate(grid.cells) if c.r0 == r and c.r1 == r + 1 and k in assigned]
        if len(own) < 2:
            continue
        for k in own:
            lines_of[k] = _group_lines(assigned[k])
        found = stacked.bands([[(_line_text(ln), min(ch["top"] for ch in ln), max(ch["bottom"] for ch in ln))
                                for ln in lines_of[k]] for k in own])
        if found:
            splits[r] = found
    if not splits:
        return grid, assigned
    ys: list[float] = []
    start: list[int] = []
    for r in range(grid.nrows):
        start.append(len(ys))
        ys.extend(stacked.boundaries(grid.ys[r], grid.ys[r + 1], splits[r])[:-1] if r in splits else [grid.ys[r]])
    ys.append(grid.ys[-1])
    start.append(len(ys) - 1)
    out = Grid(grid.page, grid.bbox, grid.xs, ys)
    chars_out: dict[int, list[dict]] = {}
    for k, cell in enumerate(grid.cells):
        r = cell.r0
        if r in splits and cell.r1 == r + 1:
            bounds = stacked.boundaries(grid.ys[r], grid.ys[r + 1], splits[r])
            parts: dict[int, list[dict]] = {}
            for ln in lines_of.get(k) or _group_lines(assigned.get(k, [])):
                top, bottom = min(ch["top"] for ch in ln), max(ch["bottom"] for ch in ln)
                parts.setdefault(stacked.band_of(top, bottom, splits[r]), []).extend(ln)
            for b in range(len(splits[r])):
                x0, _, x1, _ = cell.bbox
                out.cells.append(GridCell(start[r] + b, start[r] + b + 1, cell.c0, cell.c1,
                                          (x0, round(bounds[b], 2), x1, round(bounds[b + 1], 2))))
                if parts.get(b):
                    chars_out[len(out.cells) - 1] = parts[b]
            continue
        out.cells.append(GridCell(start[cell.r0], start[cell.r1], cell.c0, cell.c1, cell.bbox))
        if k in assigned:
            chars_out[len(out.cells) - 1] = assigned[k]
    out.slots = [[None] * out.ncols for _ in range(out.nrows)]
    for k in sorted(range(len(out.cells)), key=lambda i: -(out.cells[i].r1 - out.cells[i].r0)
                    * (out.cells[i].c1 - out.cells[i].c0)):
        c = out.cells[k]
        for rr in range(c.r0, c.r1):
            for cc in range(c.c0, c.c1):
                out.slots[rr][cc] = k
    return out, chars_out


AMOUNT_TEXT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d{5,})(?:\.\d+)?$|^-?\d+\.\d{2}$")  # not a year such as 2026


def _boxed_words(grid: Grid, assigned: dict[int, list[dict]], loose: list[dict], char_height: float) -> bool:
    """A one-row 'grid' one text line high around pieces of a sentence (Changsha draws a box around words:
    "656.|73|万元|，|其中"): it sits on a line of loose text, or holds sentence punctuation, and no cell is an amount."""
    if grid.nrows != 1 or not assigned or char_height <= 0 or grid.bbox[3] - grid.bbox[1] > 2.2 * char_height:
        return False
    texts = ["".join(ch["text"] for ch in sorted(cs, key=lambda ch: ch["x0"])) for cs in assigned.values()]
    if len(texts) > 12:
        return False
    x0, y0, x1, y1 = grid.bbox
    beside = "".join(ch["text"] for ch in sorted(loose, key=lambda ch: ch["x0"])
                     if y0 <= (ch["top"] + ch["bottom"]) / 2 <= y1 and not x0 <= ch["x0"] <= x1)
    if any(AMOUNT_TEXT.match(t) for t in texts):  # an amount boxed inside a sentence: "培训费预算 |163.46| 万元，"
        return bool(re.search(r"[，。；：]|万元|元", beside))
    # 、 alone does not make prose ("一、事业收入" is a table row), a long run of text cut mid-phrase does
    joined = "".join(texts)
    numbered = len(texts) >= 2 and re.fullmatch(r"\d{1,2}", texts[0]) is not None and texts[1].startswith("、")
    return bool(beside) or numbered or bool(re.search(r"[，。；：]", joined)) or any(
        len(t) >= 20 or (len(t) >= 12 and "、" in joined) for t in texts)


def _text_box(grid: Grid, assigned: dict[int, list[dict]]) -> bool:
    """A frame of one column around lines of text and no amount (a boxed table of contents, a boxed paragraph):
    text, not a table."""
    if grid.ncols != 1 or not assigned:
        return False
    texts = ["".join(ch["text"] for ch in cs) for cs in assigned.values()]
    return not any(AMOUNT_TEXT.match(t.strip()) for t in texts)


def _runs(line: list[dict], width: float) -> list[list[dict]]:
    """A printed line cut where its characters stand apart (more than 1.5 character widths)."""
    runs: list[list[dict]] = []
    for ch in line:
        if runs and ch["x0"] - runs[-1][-1]["x1"] <= 1.5 * width:
            runs[-1].append(ch)
        else:
            runs.append([ch])
    return runs


def _adopt_stray_rows(grid: Grid, assigned: dict[int, list[dict]], loose: list[dict],
                      char_height: float) -> tuple[Grid, dict[int, list[dict]]]:
    """A table row printed just outside the grid's top or bottom rule (a continuation page whose first row
    lost its ruling): a line right above or below the grid whose separate runs each fall in one column,
    one of them an amount, becomes the grid's first or last row. ``loose`` loses its characters."""
    if char_height <= 0 or not loose or (grid.nrows < 2 and grid.ncols < 3):  # one ruled row of a table: code | name | amount
        return grid, assigned
    x0, y0, x1, y1 = grid.bbox
    reach = 1.8 * char_height
    for above in (True, False):
        band = [ch for ch in loose if x0 <= (ch["x0"] + ch["x1"]) / 2 <= x1 and
                (y0 - reach <= (ch["top"] + ch["bottom"]) / 2 < y0 if above else y1 < (ch["top"] + ch["bottom"]) / 2 <= y1 + reach)]
        lines = _group_lines(band)
        if len(lines) != 1:
            continue
        runs = _runs(lines[0], char_height * 0.55)
        cols = [bisect_right(grid.xs, (run[0]["x0"] + run[-1]["x1"]) / 2) - 1 for run in runs]
        fits = all(grid.xs[c] - 1 <= run[0]["x0"] and run[-1]["x1"] <= grid.xs[c + 1] + 1
                   for c, run in zip(cols, runs, strict=True) if 0 <= c < grid.ncols)
        amounts = [run for run in runs if re.fullmatch(r"-?[\d,]+\.\d{1,2}", "".join(ch["text"] for ch in run))]
        if len(runs) < 2 or len(set(cols)) != len(cols) or not fits or not amounts or min(cols) < 0:
            continue
        top = min(ch["top"] for ch in lines[0]) - 1
        bottom = max(ch["bottom"] for ch in lines[0]) + 1
        ys = [top, *grid.ys] if above else [*grid.ys, bottom]
        out = Grid(grid.page, (x0, min(top, y0), x1, max(bottom, y1)), grid.xs, ys)
        shift = 1 if above else 0
        out.cells = [GridCell(c.r0 + shift, c.r1 + shift, c.c0, c.c1, c.bbox, c.text) for c in grid.cells]
        moved = {k: v for k, v in assigned.items()}
        new_row = 0 if above else grid.nrows
        for c in range(grid.ncols):
            out.cells.append(GridCell(new_row, new_row + 1, c, c + 1,
                                      (grid.xs[c], ys[new_row], grid.xs[c + 1], ys[new_row + 1])))
            run = next((r for cc, r in zip(cols, runs, strict=True) if cc == c), None)
            if run:
                moved[len(out.cells) - 1] = list(run)
        out.slots = [[None] * out.ncols for _ in range(out.nrows)]
        for k, cell in enumerate(out.cells):
            for rr in range(cell.r0, cell.r1):
                for cc in range(cell.c0, cell.c1):
                    if out.slots[rr][cc] is None or (cell.r1 - cell.r0) * (cell.c1 - cell.c0) == 1:
                        out.slots[rr][cc] = k
        taken = {id(ch) for ln in lines for ch in ln}
        loose[:] = [ch for ch in loose if id(ch) not in taken]
        grid, assigned = out, moved
        x0, y0, x1, y1 = grid.bbox
    return grid, assigned


def _unruled_cells(grid: Grid, assigned: dict[int, list[dict]], chars: list[dict]) -> list[dict]:
    """Text printed inside a grid's frame where no cell was found (a group header whose rulings pdfplumber
    missed: 公务用车购置及运行维护费 over its 小计 | 购置费 | 运行维护费) becomes a cell spanning the empty area
    around it — the columns and rows next to it that no other cell covers. Returns the chars left over."""
    left: list[dict] = []
    made: set[int] = set()
    for line in (run for whole in _group_lines(chars) for run in _runs(whole, (whole[0].get("size") or 10) * 0.7)):
        cy = sum((ch["top"] + ch["bottom"]) / 2 for ch in line) / len(line)
        r = bisect_right(grid.ys, cy) - 1
        cols = [c for c in range(grid.ncols) if grid.xs[c] < line[-1]["x1"] and line[0]["x0"] < grid.xs[c + 1]]
        if not 0 <= r < grid.nrows or not cols:
            left.extend(line)
            continue
        slots = {grid.slots[r][c] for c in cols}
        if slots == {None} and len(cols) >= 2:  # a group header over several columns (one column's text stays loose)
            c0, c1 = cols[0], cols[-1] + 1
            while c0 > 0 and grid.slots[r][c0 - 1] is None:
                c0 -= 1
            while c1 < grid.ncols and grid.slots[r][c1] is None:
                c1 += 1
            r0, r1 = r, r + 1
            while r0 > 0 and all(grid.slots[r0 - 1][c] is None for c in range(c0, c1)):
                r0 -= 1
            while r1 < grid.nrows and all(grid.slots[r1][c] is None for c in range(c0, c1)):
                r1 += 1
            grid.cells.append(GridCell(r0, r1, c0, c1, (grid.xs[c0], grid.ys[r0], grid.xs[c1], grid.ys[r1])))
            k = len(grid.cells) - 1
            made.add(k)
            for rr in range(r0, r1):
                for cc in range(c0, c1):
                    grid.slots[rr][cc] = k
            assigned[k] = list(line)
        elif len(slots) == 1 and (only := next(iter(slots))) is not None and only in made:
            assigned[only].extend(line)  # the next line of a cell made here
        else:
            left.extend(line)
    return left


def _place(grids: list[Grid], ch: dict) -> tuple[int | None, int | None]:
    """(grid, cell) a char is printed in: (grid, None) inside a grid's frame but in no cell, (None, None) outside."""
    cx = (ch["x0"] + ch["x1"]) / 2
    cy = (ch["top"] + ch["bottom"]) / 2
    for gi, g in enumerate(grids):
        x0, y0, x1, y1 = g.bbox
        if x0 <= cx <= x1 and y0 <= cy <= y1:
            c = bisect_right(g.xs, cx) - 1
            r = bisect_right(g.ys, cy) - 1
            return gi, (g.slots[r][c] if 0 <= r < g.nrows and 0 <= c < g.ncols else None)
    return None, None


def _strings(chars: list[dict]) -> list[list[int]]:
    """The chars printed as one string: consecutive in the content stream, on one baseline, each starting where the
    one before ended (a label that runs past its cell's edge is still one string; a space ends it)."""
    out: list[list[int]] = []
    for i, ch in enumerate(chars):
        if out:
            prev = chars[out[-1][-1]]
            size = ch.get("size") or 10
            if (abs(ch["top"] - prev["top"]) < 0.5 and -0.5 <= ch["x0"] - prev["x1"] <= 0.25 * size
                    and ch.get("fontname") == prev.get("fontname")):
                out[-1].append(i)
                continue
        out.append([i])
    return out


def _clip_below(grid: Grid, bottom: float) -> Grid:
    """The rows of a grid that start above the page's bottom edge (the rest is not printed on this page)."""
    keep = sum(1 for y in grid.ys[:-1] if y < bottom - 1)
    if keep >= grid.nrows or keep == 0:
        return grid
    ys = grid.ys[:keep + 1]
    part = Grid(grid.page, (grid.xs[0], ys[0], grid.xs[-1], ys[-1]), grid.xs, ys)
    part.slots = [[None] * grid.ncols for _ in range(keep)]
    for cell in grid.cells:
        if cell.r0 >= keep:
            continue
        part.cells.append(GridCell(cell.r0, min(cell.r1, keep), cell.c0, cell.c1, cell.bbox, cell.text, cell.indent))
        for r in range(cell.r0, min(cell.r1, keep)):
            for c in range(cell.c0, cell.c1):
                part.slots[r][c] = len(part.cells) - 1
    return part


def read_page(page, number: int) -> PageData:
    """Tables and loose lines of one page, from one layout pass."""
    # what lies wholly outside the page's visible box is not printed (a page that carries the whole sheet and
    # shows a part of it: Jiangsu 2017 draws pages 11–15 on page 11, 2,700 points tall)
    pbottom = page.bbox[3]
    chars = [ch for ch in page.chars if ch.get("upright", True) and ch["text"].strip()
             and ch["top"] < pbottom]  # (a row cut by the top edge stays, and so does a wide row's overflow)
    tables = page.find_tables()
    grids = [_clip_below(g, pbottom) for g in (_grid_of(t, number) for t in tables) if g is not None
             and g.bbox[1] < pbottom]
    grids.sort(key=lambda g: g.bbox[1])
    per_cell: list[dict[int, list[dict]]] = [{} for _ in grids]
    framed: list[list[dict]] = [[] for _ in grids]
    loose: list[dict] = []
    where = [_place(grids, ch) for ch in chars]
    for run in _strings(chars):  # text that overflows its cell goes back to the cell it is printed for
        cells = [where[i] for i in run if where[i][1] is not None]
        if len({w for w in cells}) > 1 and len({w[0] for w in cells}) == 1:
            own = max(dict.fromkeys(cells), key=cells.count)
            for i in run:
                if where[i][0] == own[0]:
                    where[i] = own
    for ch, (gi, k) in zip(chars, where, strict=True):
        if gi is None:
            loose.append(ch)
        elif k is None:
            framed[gi].append(ch)
        else:
            per_cell[gi].setdefault(k, []).append(ch)
    for gi, g in enumerate(grids):
        loose.extend(_unruled_cells(g, per_cell[gi], framed[gi]))
    heights = sorted(ch["bottom"] - ch["top"] for ch in chars)
    char_height = heights[len(heights) // 2] if heights else 0.0
    boxed: set[int] = set()
    for _ in range(2):  # twice: an amount boxed between boxed words sits on their line once they are text
        found = [gi for gi, g in enumerate(grids) if gi not in boxed and (
            _boxed_words(g, per_cell[gi], loose, char_height) or _text_box(g, per_cell[gi]))]
        for gi in found:  # words boxed one by one inside a sentence are text, not a table
            loose.extend(ch for cell_chars in per_cell[gi].values() for ch in cell_chars)
        boxed.update(found)
    grids = [g for gi, g in enumerate(grids) if gi not in boxed]
    per_cell = [a for gi, a in enumerate(per_cell) if gi not in boxed]
    for gi, g in enumerate(grids):
        grids[gi], per_cell[gi] = _adopt_stray_rows(g, per_cell[gi], loose, char_height)
        grids[gi], per_cell[gi] = _split_stacked_rows(grids[gi], per_cell[gi])
    for g, assigned in zip(grids, per_cell, strict=True):
        for k, cell_chars in assigned.items():
            cell_lines = _group_lines(cell_chars)
            g.cells[k].text = "\n".join(_line_text(line) for line in cell_lines)
            g.cells[k].indent = round(cell_lines[0][0]["x0"] - g.cells[k].bbox[0], 1) if cell_lines else None
            g.cells[k].right = (round(g.cells[k].bbox[2] - max(ch["x1"] for ch in cell_lines[0]), 1)
                                if cell_lines else None)
    lines: list[Line] = []
    for group in _group_lines(loose):
        text = _line_text(group)
        if text:
            lines.append(Line(text, number, min(c["x0"] for c in group), min(c["top"] for c in group),
                              max(c["x1"] for c in group), max(c["bottom"] for c in group), _words(group)))
    lines.sort(key=lambda ln: (round(ln.top), ln.x0))
    grids = [g for g in grids if not g.is_empty()]
    return PageData(number, float(page.width), float(page.height), lines, grids, len(chars), len(page.images))
