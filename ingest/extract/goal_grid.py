"""Grid geometry of goal sheets: cells seen from a row, columns placed by x-extent, the indicator header,
and the merged cells whose text pdfplumber leaves outside the grid (recovered from the page's loose lines)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .goal_text import (
    COMBINED_NAME,
    GOAL_HEAD,
    INDICATOR_HEADS,
    MONEY_HEAD,
    PROJECT_HEAD,
    SCORE_HEAD,
    UNIT_HEAD,
    points,
)
from .pdf_layout import Grid, GridCell, Line
from .tables import compact, parse_amount

Span = tuple[float, float]


@dataclass(slots=True)
class Slot:
    """A cell as seen from one grid row: ``own`` when the cell starts in that row."""

    cell: GridCell
    own: bool

    @property
    def text(self) -> str:
        return self.cell.flat.strip()

    @property
    def key(self) -> str:
        return compact(self.text).rstrip("：:")

    @property
    def span(self) -> Span:
        return self.cell.bbox[0], self.cell.bbox[2]


def row_slots(grid: Grid, r: int) -> list[Slot]:
    """The distinct cells covering grid row r, left to right."""
    out: list[Slot] = []
    seen: set[int] = set()
    for c in range(grid.ncols):
        cell = grid.at(r, c)
        if cell is not None and id(cell) not in seen:
            seen.add(id(cell))
            out.append(Slot(cell, cell.r0 == r))
    return out


def overlap(a: Span, b: Span) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def pick(slots: list[Slot], span: Span) -> Slot | None:
    """The slot standing under a column (most overlap, at least half of the narrower of the two)."""
    best = max(slots, key=lambda s: overlap(s.span, span), default=None)
    if best is None:
        return None
    need = 0.5 * min(best.span[1] - best.span[0], span[1] - span[0])
    return best if overlap(best.span, span) >= need > 0 else None


def number_text(text: str) -> str:
    """A cell's number without the money unit some sheets print after it ("2,080.76万元" → "2,080.76")."""
    t = compact(text)
    return re.sub(r"(?<=\d)(?:万元|元)$", "", t)


def is_value(text: str) -> bool:
    """One printed number, a percentage included (执行率 97.74%), or an amount with its unit (2,080.76万元)."""
    t = number_text(text)
    return is_number(t) or re.fullmatch(r"-?\d+(?:\.\d+)?[%％]", t) is not None


def is_number(text: str) -> bool:
    """One printed number (two numbers run together in one cell, "50 50", are not one)."""
    if re.search(r"\d\s+\d", text.strip()):
        return False
    return parse_amount(compact(text).replace("，", ",")) is not None


@dataclass
class Header:
    """The columns of an indicator header (and, in a list sheet, of its project and money columns)."""

    roles: dict[str, Span]
    combined: bool = False
    points: Decimal | None = None  # the points the weight header states for the indicators (分值权重（90分）)
    project: Span | None = None
    unit: Span | None = None
    goal: Span | None = None
    money: list[tuple[Span, str]] = field(default_factory=list)
    top: int = 0  # the first grid row of the header band (project columns printed over two rows)
    end: int = 0  # the first grid row after the header band

    @property
    def is_list(self) -> bool:
        return self.project is not None or (self.unit is not None and bool(self.money))


def _role(text: str) -> str | None:
    t = compact(text)
    return next((role for role, rx in INDICATOR_HEADS if rx.search(t)), None)


def find_header(grid: Grid, r: int, slots: list[Slot]) -> Header | None:
    """The indicator header printed in row r: a name column (三级指标, 指标名称, 指标内容 or a combined 绩效指标)
    and a target column (指标值, 目标值 …) in the same header band."""
    roles: dict[str, Span] = {}
    combined = None
    weight_points = None
    for s in slots:
        role = _role(s.text)
        if role and role not in roles:
            roles[role] = s.span
            if role == "weight":
                weight_points = points(s.text)
        elif role is None and COMBINED_NAME.match(compact(s.text)) and s.own:
            combined = s.span
    if "name" not in roles and combined is not None:
        roles["name"] = combined
    if "name" not in roles or "target" not in roles or not any(s.own and _role(s.text) for s in slots):
        return None
    end = max(s.cell.r1 for s in slots if s.own and _role(s.text))
    top = min(s.cell.r0 for s in slots if not (s.text and _role(s.text) is None and s.cell.r1 > end))
    head = Header(roles, combined=roles["name"] == combined, points=weight_points, top=top, end=end)
    for s in _leaves(grid, r, end):
        leaf = compact(s.text)
        if not leaf or _role(s.text) or s.span == combined:
            continue
        if PROJECT_HEAD.match(leaf):
            head.project = s.span
        elif UNIT_HEAD.match(leaf):
            head.unit = s.span
        elif GOAL_HEAD.match(leaf):
            head.goal = s.span
        elif MONEY_HEAD.search(leaf) and not SCORE_HEAD.match(leaf):
            head.money.append((s.span, _path(grid, top, s)))
    return head


def _leaves(grid: Grid, r: int, end: int) -> list[Slot]:
    """The innermost header cells of the band of rows r … end-1 (no header cell printed under them)."""
    cells: list[Slot] = []
    for k in range(r, end):
        for s in row_slots(grid, k):
            if all(c.cell is not s.cell for c in cells):
                cells.append(s)
    return [s for s in cells if not any(d.cell.r0 >= s.cell.r1 and overlap(d.span, s.span) > 1 for d in cells)]


def _path(grid: Grid, top: int, slot: Slot) -> str:
    """A header cell's text under the group cells printed above it (年度预算申请/按收入性质分/一般公共预算)."""
    mid = (slot.span[0] + slot.span[1]) / 2
    parts: list[str] = []
    for r in range(top, slot.cell.r0):
        for s in row_slots(grid, r):
            if s.own and s.span[0] <= mid <= s.span[1] and s.text and s.cell is not slot.cell:
                parts.append(compact(s.text))
    return "/".join([*parts, compact(slot.text)])


def fill_orphans(grid: Grid, lines: list[Line]) -> None:
    """Give the grid a cell for each run of slots without a cell that holds printed text.

    A cell merged over many rows (a 一级指标 over its indicators, a project's name over its list rows) is often
    not found as a cell: its text is then a loose line inside the grid. Each such line goes to the grid column
    under its centre; the run of empty slots there that holds it becomes one cell with its text.
    """
    inside = [part for ln in lines if grid.bbox[0] <= (ln.x0 + ln.x1) / 2 <= grid.bbox[2]
              and grid.bbox[1] <= (ln.top + ln.bottom) / 2 <= grid.bbox[3] for part in _split(grid, ln)]
    if not inside:
        return
    for c in range(grid.ncols):
        r = 0
        while r < grid.nrows:
            if grid.slots[r][c] is not None:
                r += 1
                continue
            end = r
            while end < grid.nrows and grid.slots[end][c] is None:
                end += 1
            box = (grid.xs[c], grid.ys[r], grid.xs[c + 1], grid.ys[end])
            mine = [ln for ln in inside if box[0] <= (ln.x0 + ln.x1) / 2 <= box[2]
                    and box[1] <= (ln.top + ln.bottom) / 2 <= box[3]]
            if mine:
                mine.sort(key=lambda ln: (ln.top, ln.x0))
                cell = GridCell(r, end, c, c + 1, box, "\n".join(ln.text for ln in mine))
                grid.cells.append(cell)
                for k in range(r, end):
                    grid.slots[k][c] = len(grid.cells) - 1
            r = end


def _split(grid: Grid, line: Line) -> list[Line]:
    """A loose line over several empty columns ("效益指 社会效益指": merged cells side by side, or a project's
    name, amounts and goal text) is one line per column, each printed run of it where its centre stands."""
    y = (line.top + line.bottom) / 2
    r = next((k for k in range(grid.nrows) if grid.ys[k] <= y <= grid.ys[k + 1]), None)
    if len(line.words) < 2 or r is None:
        return [line]
    out: list[Line] = []
    for text, x0, x1 in line.words:
        mid = (x0 + x1) / 2
        c = next((k for k in range(grid.ncols) if grid.xs[k] <= mid <= grid.xs[k + 1]), None)
        if c is None:
            continue
        if out and out[-1].x0 == grid.xs[c]:
            out[-1] = Line(out[-1].text + " " + text, line.page, grid.xs[c], line.top, grid.xs[c + 1], line.bottom)
        else:
            out.append(Line(text, line.page, grid.xs[c], line.top, grid.xs[c + 1], line.bottom))
    return out
