"""Performance targets (绩效目标表, 绩效自评表, 部门整体支出绩效目标表) from PDF tables.

A goal sheet is read as one stream of grid rows over all its pages, cells placed by their x-extent (a
continuation page repeats the columns of the first, not their grid indices):

- **key-value sheets** (one project per sheet or several one after another): 项目名称 / 主管部门 / 实施单位 keys,
  money lines (年度资金总额, 其中：财政拨款, 上年结转, 其他资金 — under 年初预算数 | 全年预算数 | 全年执行数 | 分值 |
  执行率 | 得分 in a self-evaluation), the goal text, then the indicator header (一级/二级/三级指标, 指标值 …) and
  one row per indicator; a new 项目名称 starts the next goal;
- **list sheets** (Beijing 预算11表, Hunan, Chongqing 表十二): the header names a project (or unit) column next to the
  indicator columns and each project spans its indicator rows;
- **department sheets** (部门整体支出绩效目标表): the department's funds (a task list with 金额合计, or 预算支出总额 |
  财政拨款 | 其他资金 columns) and its indicators.

Money lines become the sheet's table. A total printed *before* its lines (资金总额 then 其中：财政拨款 / 其他资金) is
their superset — each line is ``subset_of`` it (checked as ≤, never summed); a total printed *after* its lines
(a task list closed by 金额合计) is their sum.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Cell, Column, Indicator, PerformanceGoal, Provenance, Row, Table, TableRole
from . import column_meaning
from .column_meaning import parse_value
from .goal_grid import (
    Header,
    Slot,
    Span,
    fill_orphans,
    find_header,
    is_number,
    is_value,
    number_text,
    overlap,
    pick,
    row_slots,
)
from .goal_text import (
    DEPT_KEY,
    EXEC_POINTS,
    GOAL_KEY,
    GOAL_SUBHEAD,
    MONEY_HEAD,
    MONEY_KEY,
    NOTE_KEY,
    OWNER_KEY,
    POINTS_ROW,
    PROJECT_HEAD,
    PROJECT_KEY,
    SCORE_HEAD,
    TOTAL_KEY,
    UNIT_KEY,
    indicator,
    split_combined,
)
from .pdf_grid import Piece
from .pdf_layout import Grid, GridCell, Line
from .tables import compact, parse_amount


def is_sheet(piece: Piece) -> bool:
    """Whether a table piece prints an indicator header (a goal sheet)."""
    g = piece.grid
    return any(find_header(g, r, row_slots(g, r)) for r in range(g.nrows))


def starts_goal(piece: Piece) -> bool:
    """Whether a piece opens a goal of its own (a 项目名称 / 部门名称 key), rather than continuing one."""
    g = piece.grid
    for r in range(g.nrows):
        slots = row_slots(g, r)
        if find_header(g, r, slots):
            return False
        if any(s.own and (PROJECT_KEY.match(s.key) or DEPT_KEY.match(s.key)) for s in slots):
            return True
    return False


def is_key_value(piece: Piece) -> bool:
    """A sheet of keys and values (项目名称 | X, 部门（单位）名称 | X) without an indicator header — not a list
    whose header row starts with 单位名称 | 项目名称 | 金额."""
    g = piece.grid
    for r in range(min(g.nrows, 3)):
        own = [s for s in row_slots(g, r) if s.own and s.text]
        if own and own[0].cell.c0 == 0 and (PROJECT_KEY.match(own[0].key) or DEPT_KEY.match(own[0].key)):
            value = own[1].key if len(own) > 1 else ""
            if value and not (_is_key(value) or MONEY_HEAD.search(value) or PROJECT_HEAD.match(value)):
                return True
    return False


@dataclass
class _Line:
    """A money line of a goal: its printed label and its amounts by column path."""

    label: str
    key_span: Span | None
    cells: list[tuple[str, str, GridCell]]  # (column path, printed text, cell)
    page: int
    label_cell: GridCell | None
    total: bool
    subset_of: int | None = None  # index among the goal's lines
    parent: int | None = None


@dataclass
class _Goal:
    """A goal being read."""

    page: int
    bbox: tuple[float, float, float, float]
    project: str = ""
    dept: str = ""
    unit: str = ""
    goal_text: list[str] = field(default_factory=list)
    lines: list[_Line] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    levels: dict[str, str] = field(default_factory=dict)
    cell: GridCell | None = None  # a list sheet's project cell
    grid: Grid | None = None  # the grid that cell is in
    pending: bool = False  # rows read before the project cell that names them (on the next page)
    indicator_points: Decimal | None = None
    execution_points: Decimal | None = None
    total_points: Decimal | None = None

    @property
    def empty(self) -> bool:
        return not (self.project or self.dept or self.lines or self.indicators or self.goal_text)


class _Reader:
    """Reads the rows of one goal table into goals and money lines."""

    def __init__(self, label: str, evaluation: bool) -> None:
        self.label = label
        self.evaluation = evaluation
        self.goals: list[_Goal] = []
        self.header: Header | None = None
        self.money_cols: list[tuple[Span, str]] = []
        self.money_header_row: int | None = None
        self.goal_open: GridCell | None = None  # a goal key whose text continues in the rows it spans
        self.goal_next = False  # a goal key printed alone on its row: the text is the next row

    @property
    def cur(self) -> _Goal | None:
        return self.goals[-1] if self.goals else None

    def _new(self, grid: Grid) -> _Goal:
        goal = _Goal(grid.page, grid.bbox)
        self.goals.append(goal)
        self.money_cols = []
        return goal

    def _goal(self, grid: Grid) -> _Goal:
        return self.cur if self.cur is not None else self._new(grid)

    def feed(self, grid: Grid) -> None:
        self.money_header_row = None
        heads = {r: h for r in range(grid.nrows) if (h := find_header(grid, r, row_slots(grid, r))) is not None}
        band = {k for h in heads.values() for k in range(h.top, h.end)}
        for r in range(grid.nrows):
            slots = row_slots(grid, r)
            own = [s for s in slots if s.own and s.text]
            if r in heads:
                self._on_header(heads[r], grid)
                continue
            if not own or r in band:
                continue  # the other rows of a header band (单位编码 | 项目名称 above, 其中： | 财政资金 below)
            first = own[0].key
            if self.header is not None and (PROJECT_KEY.match(first) or DEPT_KEY.match(first)) and \
                    not self.header.is_list:
                self.header = None  # the next project of a key-value sheet
            if self.header is not None:
                if NOTE_KEY.match(first):
                    continue
                self._on_indicator_row(slots, own, grid, r)
            else:
                self._on_fact_row(slots, own, grid, r)

    # -- headers ------------------------------------------------------------------------------
    def _on_header(self, head: Header, grid: Grid) -> None:
        self.goal_open, self.goal_next = None, False
        self.evaluation = self.evaluation or "score" in head.roles or "actual" in head.roles
        if not head.is_list:
            goal = self._goal(grid)
            if head.points is not None and goal.indicator_points is None:
                goal.indicator_points = head.points
        self.header = head

    # -- indicator rows -----------------------------------------------------------------------
    def _on_indicator_row(self, slots: list[Slot], own: list[Slot], grid: Grid, r: int) -> None:
        head = self.header
        assert head is not None
        values = {}
        cells: dict[str, Slot] = {}
        for role, span in head.roles.items():
            s = pick(slots, span)
            if s is not None:
                values[role], cells[role] = s.text, s
        if POINTS_ROW.match(own[0].key):
            w = parse_amount(compact(values.get("weight", "")))
            if self.cur is not None and w is not None:
                self.cur.total_points = w
            return
        if head.is_list:
            self._list_goal(slots, grid, r, bool(values.get("name") or values.get("target")))
        goal = self._goal(grid)
        if head.combined and "level1" not in head.roles:
            values["level1"], values["level2"], values["name"] = split_combined(values.get("name", ""))
        if not compact(values.get("name", "")) and not compact(values.get("target", "")):
            return
        for level in ("level1", "level2"):
            s = cells.get(level)
            if compact(values.get(level, "")):
                goal.levels[level] = values[level]
            elif s is None or s.own:  # a merged category cell split by the page break: carried on
                values[level] = goal.levels.get(level, "")
        where = cells.get("name") or cells.get("target")
        assert where is not None
        prov = Provenance(text=where.text, page=grid.page, table=self.label, bbox=where.cell.bbox)
        goal.indicators.append(indicator(len(goal.indicators), values, prov))

    def _list_goal(self, slots: list[Slot], grid: Grid, r: int, has_indicator: bool) -> None:
        """In a list sheet, a project cell that was not seen before opens the next goal.

        A project's merged cell broken by a page break prints its name on one page only: rows under no project
        cell continue the project whose cell reached the foot of the previous page, and otherwise belong to the
        project whose cell opens the next page (a goal pending its name).
        """
        head = self.header
        assert head is not None
        span = head.project or head.unit
        s = pick(slots, span) if span else None
        cur = self.cur
        if s is None or not s.text:
            if has_indicator and cur is not None and cur.cell is not None and not cur.pending:
                ended = r >= cur.cell.r1 if cur.grid is grid else cur.cell.r1 < (cur.grid.nrows if cur.grid else 0)
                if ended:
                    pending = self._new(grid)
                    pending.pending, pending.grid = True, grid
            return
        if cur is not None and cur.cell is s.cell:
            return
        if not has_indicator and s.cell.r1 - s.cell.r0 <= 1:
            return  # a 合计 or unit line of the list, not a project
        if cur is not None and cur.cell is not None and cur.grid is not grid and compact(s.text) == compact(
                cur.project or cur.dept) and cur.grid is not None and cur.cell.r1 == cur.grid.nrows:
            cur.cell, cur.grid = s.cell, grid  # the name printed again under the page break
            return
        if cur is not None and cur.pending and cur.grid is not grid:
            goal = cur
            goal.pending = False
        else:
            goal = self._new(grid)
        goal.cell, goal.grid = s.cell, grid
        goal.page, goal.bbox = grid.page, s.cell.bbox
        if head.project is not None:
            goal.project = s.text
            u = pick(slots, head.unit) if head.unit else None
            goal.unit = u.text if u else ""
        else:
            goal.dept = s.text
        g = pick(slots, head.goal) if head.goal else None
        if g is not None and g.text:
            goal.goal_text.append(g.text)
        cells = []
        for col_span, path in head.money:
            m = pick(slots, col_span)
            if m is not None and is_number(m.text):
                cells.append((path, m.text, m.cell))
        if cells:
            goal.lines.append(_Line(s.text, None, cells, grid.page, s.cell, False))

    # -- fact rows ----------------------------------------------------------------------------
    def _on_fact_row(self, slots: list[Slot], own: list[Slot], grid: Grid, r: int) -> None:
        for s in own:
            m = EXEC_POINTS.search(compact(s.text))
            if m:
                self._goal(grid).execution_points = Decimal(m.group(1))
        if self.goal_next:
            self.goal_next = False
            if len(own) == 1 and not (PROJECT_KEY.match(own[0].key) or MONEY_KEY.match(own[0].key)):
                self._goal(grid).goal_text.append(own[0].text)
                return
        if self.goal_open is not None and r < self.goal_open.r1 and not any(GOAL_KEY.match(s.key) for s in own) \
                and not NOTE_KEY.match(own[0].key):
            text = next((s.text for s in own if not GOAL_SUBHEAD.match(s.key)), "")
            if text:
                self._goal(grid).goal_text.append(text)
            return
        self.goal_open = None
        if self._money_header(own, grid, r):
            return
        i = 0
        while i < len(own):
            s = own[i]
            key = s.key
            nxt = own[i + 1] if i + 1 < len(own) else None
            value = nxt.text if nxt is not None and not _is_key(nxt.key) else ""
            if PROJECT_KEY.match(key) or DEPT_KEY.match(key):
                goal = self.cur
                if goal is None or goal.project or goal.dept or goal.indicators:
                    goal = self._new(grid)
                goal.page, goal.bbox = grid.page, grid.bbox
                if PROJECT_KEY.match(key):
                    goal.project = value
                else:
                    goal.dept = value
                i += 2 if value else 1
            elif UNIT_KEY.match(key) or OWNER_KEY.match(key):
                if UNIT_KEY.match(key) and value:
                    self._goal(grid).unit = value
                i += 2 if value else 1
            elif GOAL_KEY.match(key):
                texts = [o.text for o in own[i + 1:] if not GOAL_SUBHEAD.match(o.key) and not _is_key(o.key)
                         and not NOTE_KEY.match(o.key)]
                if texts:
                    self._goal(grid).goal_text.append(texts[0])
                if s.cell.r1 - s.cell.r0 > 1:
                    self.goal_open = s.cell
                elif not texts:
                    self.goal_next = True
                return
            elif self._money_line(own, i, slots, grid):
                i = self._after_money(own, i)
            else:
                i += 1

    def _money_header(self, own: list[Slot], grid: Grid, r: int) -> bool:
        """A row of money column names (年初预算数 | 全年预算数 | … | 得分, or 总额 | 财政拨款 | 其他资金)."""
        if any(is_value(s.text) or compact(s.text).endswith(("：", ":")) for s in own):
            return False
        heads = [s for s in own if (MONEY_HEAD.search(s.key) or SCORE_HEAD.match(s.key))
                 and not EXEC_POINTS.search(s.key) and s.cell.r1 - s.cell.r0 < 3]  # not a group label on the left
        if len(heads) < 2 or any(_is_key(s.key) and not MONEY_HEAD.search(s.key) for s in own):
            return False
        upper = self.money_cols if self.money_header_row == r - 1 else []
        cols: list[tuple[Span, str]] = []
        for s in heads:
            mid = (s.span[0] + s.span[1]) / 2
            above = next((p for sp, p in upper if sp[0] <= mid <= sp[1] and overlap(sp, s.span) < sp[1] - sp[0] - 1),
                         None)
            cols.append((s.span, f"{above}/{s.key}" if above else s.key))
        if upper:  # group cells above that no cell of this row splits keep their own column (预算支出总额)
            for sp, p in upper:
                if not any(overlap(sp, c[0]) > 1 for c in cols):
                    cols.append((sp, p))
            cols.sort(key=lambda c: c[0][0])
        self.money_cols = cols
        self.money_header_row = r
        return True

    def _money_line(self, own: list[Slot], i: int, slots: list[Slot], grid: Grid) -> bool:
        """A money line starting at own[i] (its label), or a row of amounts under the money columns."""
        s = own[i]
        nums = []
        for o in own[i + 1:]:
            if _is_key(o.key) and not is_value(o.text):
                break
            if is_value(o.text):
                nums.append(o)
            elif o.text and not self.money_cols:
                break
        label_slot: Slot | None = s
        if is_value(s.text):
            if not self.money_cols:
                return False
            nums = [o for o in own[i:] if is_value(o.text)]
            label_slot = next((x for x in slots if not x.own and x.text and not is_value(x.text)), None)
        elif not MONEY_KEY.match(s.key) and not (self.money_cols and nums):
            return False
        goal = self._goal(grid)
        cells = []
        for o in nums:
            col = self._column(o.span)
            if col is None:
                continue
            leaf = col.rsplit("/", 1)[-1]
            if leaf.startswith("分值") and TOTAL_KEY.search(s.key):
                goal.execution_points = parse_amount(compact(o.text))  # the points of 预算执行率
            cells.append((col, o.text, o.cell))
            if not self.money_cols:
                break
        label = compact(label_slot.text).rstrip("：:") if label_slot is not None else ""
        total = bool(TOTAL_KEY.search(label))
        goal.lines.append(_Line(label, s.span if label_slot is s else None, cells, grid.page,
                                label_slot.cell if label_slot is not None else None, total))
        return True

    def _after_money(self, own: list[Slot], i: int) -> int:
        j = i + 1
        while j < len(own) and not (_is_key(own[j].key) and not is_value(own[j].text)):
            j += 1
        return j

    def _column(self, span: Span) -> str | None:
        if not self.money_cols:
            return "金额"
        best = max(self.money_cols, key=lambda c: overlap(c[0], span))
        return best[1] if overlap(best[0], span) > 0 else None


def _is_key(key: str) -> bool:
    return bool(PROJECT_KEY.match(key) or DEPT_KEY.match(key) or UNIT_KEY.match(key) or OWNER_KEY.match(key)
                or GOAL_KEY.match(key) or MONEY_KEY.match(key))


def _nest(lines: list[_Line]) -> None:
    """A total before its lines is their superset (subset_of); a total after its lines is their sum (parent).

    Two blocks printed side by side (项目资金总额 | 年度资金申请总额, each with its 其中 lines) keep their own totals:
    a line belongs to the open total whose key stands in the same column.
    """
    open_totals: list[int] = []
    pending: list[int] = []
    for k, line in enumerate(lines):
        if line.total:
            if pending and not open_totals:
                for p in pending:
                    lines[p].parent = k
                pending = []
            open_totals = [t for t in open_totals if not _same_column(lines[t], line)] + [k]
            continue
        mine = [t for t in open_totals if _same_column(lines[t], line)]
        if mine and not re.match(r"\d", line.label):
            line.subset_of = mine[-1]
            continue
        open_totals = []
        pending.append(k)


def _same_column(a: _Line, b: _Line) -> bool:
    return a.key_span is None or b.key_span is None or overlap(a.key_span, b.key_span) > 0


TITLE_TAIL = re.compile(r"(?:项目)?(?:支出)?(?:预算)?绩效(?:目标|自评)(?:申报)?表?(?:[（(].*[)）])?$")


def _title_project(title: str) -> str:
    """"办公设备购置及公安服务器升级改造项目绩效目标表" → "办公设备购置及公安服务器升级改造"."""
    t = re.sub(r"^\d{4}年度?", "", compact(title))
    return TITLE_TAIL.sub("", t) if TITLE_TAIL.search(t) else ""


def read_goal_table(pieces: list[Piece], label: str, title: str, first_index: int, unit_name: str,
                    lines: dict[int, list[Line]]) -> tuple[Table, list[PerformanceGoal]]:
    """The money lines (as a table) and the goals of one goal table over its pages (``lines``: each page's
    loose lines, where the text of merged cells missing from the grid is found)."""
    t = compact(title)
    evaluation = "自评" in t
    reader = _Reader(label, evaluation)
    for piece in pieces:
        fill_orphans(piece.grid, lines.get(piece.grid.page, []))
        reader.feed(piece.grid)
    goals = [g for g in reader.goals if not g.empty]
    department = bool(re.search(r"(?:部门|单位)整体|^(?:\d{4}年度?)?整体", t)) or ("整体" in t and "专项" not in t)
    table = Table(label=label, title=title, role=TableRole.PERFORMANCE, scale=Decimal(10000), scale_label="万元")
    paths: list[str] = []
    for g in goals:
        for line in g.lines:
            for path, _, _ in line.cells:
                if path not in paths:
                    paths.append(path)
    table.columns = [Column(k, tuple(p.split("/"))) for k, p in enumerate(paths)]
    for c in table.columns:
        column_meaning.apply(c, None, None)  # 分值, 执行率, 得分 are points and percentages, not money
    whole = next((c.index for c in table.columns if re.search(r"总额|合计|总计", c.leaf)), None)
    for c in table.columns:  # 项目总额 | 其中：财政资金 | 其他资金: subsets of the total (checked as ≤)
        if whole is not None and c.index != whole and any(compact(p).startswith("其中") for p in c.path):
            c.parent, c.additive = whole, False
    out: list[PerformanceGoal] = []
    for g in goals:
        _nest(g.lines)
        amount = _rows(table, g, paths)
        kind = "department" if department or (g.dept and not g.project) else "project"
        name = g.project or (g.dept if kind == "department" else "")
        if not name:
            name = unit_name if kind == "department" else (_title_project(title) if len(goals) == 1 else "")
        out.append(PerformanceGoal(
            index=first_index + len(out), sequence=None, unit_name=g.unit or g.dept or unit_name,
            project_name=compact(name), amount=amount, goal_text="".join(g.goal_text).replace("\n", ""),
            indicators=g.indicators,
            source=Provenance(text=name or title, page=g.page, table=label, bbox=g.bbox),
            kind=kind, evaluation=reader.evaluation,
            indicator_points=g.indicator_points, execution_points=g.execution_points, total_points=g.total_points,
        ))
    return table, out


def _rows(table: Table, goal: _Goal, paths: list[str]) -> Cell | None:
    """Append the goal's money lines as rows; the goal's amount is its first total's first amount."""
    base = len(table.rows)
    amount: Cell | None = None
    for k, line in enumerate(goal.lines):
        if not line.cells:
            continue
        row = Row(base + k, line.label, kind="total" if line.total else "item")
        row.source = Provenance(text=line.label, page=line.page, table=table.label, row=row.index,
                                bbox=line.label_cell.bbox if line.label_cell else None)
        for path, text, cell in line.cells:
            col = paths.index(path)
            value = parse_value(number_text(text), table.columns[col].measure)
            if value is None:
                continue
            row.cells.append(Cell(col, value, Provenance(text=text, page=line.page, table=table.label,
                                                         row=row.index, column=col, bbox=cell.bbox)))
        row.cells.sort(key=lambda c: c.column)
        table.rows.append(row)
    index = {k: base + k for k in range(len(goal.lines))}
    present = {r.index for r in table.rows}
    for k, line in enumerate(goal.lines):
        row_index = index[k]
        if row_index not in present:
            continue
        row = next(r for r in table.rows if r.index == row_index)
        if line.subset_of is not None and index[line.subset_of] in present:
            row.subset_of = index[line.subset_of]
        if line.parent is not None and index[line.parent] in present:
            row.parent = index[line.parent]
    _renumber(table, base)
    totals = [r for r in table.rows[base:] if r.kind == "total" and r.cells]
    yearly = ([r for r in totals if "年度" in r.label] or [r for r in totals if not re.search(r"实施期|项目资金", r.label)]
              or totals)
    first = yearly[0] if yearly else next((r for r in table.rows[base:] if r.cells), None)
    if first is not None:
        amount = first.cells[0]
    return amount


def _renumber(table: Table, base: int) -> None:
    """Rows skipped for having no amounts leave gaps: make row indices dense again (links follow)."""
    new = {r.index: base + k for k, r in enumerate(table.rows[base:])}
    for r in table.rows[base:]:
        r.index = new[r.index]
        r.parent = new.get(r.parent) if r.parent is not None else None
        r.subset_of = new.get(r.subset_of) if r.subset_of is not None else None
        if r.source is not None:
            r.source = Provenance(r.source.text, r.source.line, r.source.page, r.source.table, r.index, None,
                                  r.source.bbox)
        r.cells = [Cell(c.column, c.value, Provenance(c.source.text, c.source.line, c.source.page, c.source.table,
                                                      r.index, c.column, c.source.bbox)) for c in r.cells]


def join_continued(done: list[PerformanceGoal], last_pages: tuple[int, ...], goals: list[PerformanceGoal]) -> None:
    """A sheet that prints the same project (name and amount) again at the top of the next page, under its
    title, continues that project's goal: its indicators join the goal read before (in place)."""
    if not done or not goals or not last_pages:
        return
    prev, first = done[-1], goals[0]
    same_amount = (prev.amount is None) == (first.amount is None) and (
        prev.amount is None or first.amount is None or prev.amount.value == first.amount.value)
    page = first.source.page if first.source else None
    if (prev.project_name and prev.project_name == first.project_name and prev.kind == first.kind and same_amount
            and page == max(last_pages) + 1):
        for ind in first.indicators:
            ind.index = len(prev.indicators)
            prev.indicators.append(ind)
        goals.pop(0)
        for k, g in enumerate(goals):
            g.index = prev.index + 1 + k


def prose_goal(index: int, row: Row, text: str, unit: str | None) -> PerformanceGoal:
    """A goal printed as prose next to a project row (no indicator rows)."""
    amount = row.cells[0] if row.cells else None
    return PerformanceGoal(index=index, sequence=None, unit_name=unit, project_name=row.label,
                           amount=amount, goal_text=text.replace("\n", ""), indicators=[], source=row.source)
