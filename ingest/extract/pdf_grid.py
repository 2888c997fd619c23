"""A page grid read as a table piece: title rows, header rows, column kinds, blocks and header tree.

Columns are recognised by header semantics and cell content, never by position: a code column
says 编码/代码 or 类/款/项, a label column says 名称/项目/科目…, an amount column holds amounts.
A table may print several blocks side by side (收入 | 支出, or 人员经费 | 公用经费): a new block
starts where a label or code column follows an amount column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Measure
from .column_meaning import measure_of, parse_value
from .pdf_layout import Grid, GridCell
from .tables import compact, parse_amount

CODE_HEADER = re.compile(r"编码|代码")
CODE_LEAF = {"类", "款", "项"}
LABEL_LEAF = re.compile(
    r"名称|^项目$|^科目$|类别|单位$|^年度$|经济科目$|功能科目$|分类科目$|^序号$|^备注$|绩效目标|组织形式|品目|^说明$|^项目编号$|^指标"
)
ATTRIBUTE_LEAF = re.compile(r"^(?:会议|培训|举办|开展|实施)?(?:时间|日期|地点|期限|起止时间|周期)$")  # text beside a name
UNIT_LEAF = re.compile(r"单位名称$|^预算单位$|^单位$|^部门名称$|^部门$")
TOTAL_TEXT = re.compile(r"^(合计|总计|小计|[^其]{0,12}(合计|总计))$")
CODE_TEXT = re.compile(r"^(\d{2}|\d{3}|\d{5}|\d{7})$")
TITLE_TEXT = re.compile(r"^(?!注).{2,60}表(（[^）]*）|\([^)]*\))?$")
LABEL = re.compile(  # a table's printed number: 公开表3, 表1-2, 公开表九, 公开06表
    r"^(?:(?:部门|单位)?公开表\s*(?:[0-9]+(?:\s*-\s*[0-9]+)?|[一二三四五六七八九十]+)|附?表\s*[0-9]+(?:\s*-\s*[0-9]+)?"
    r"|表[一二三四五六七八九十]+|(?:部门|单位)?公开\s*[0-9]+(?:\s*-\s*[0-9]+)?\s*表)"
)
META_KEY = re.compile(r"(编制单位|部门|单位名称|部门名称|部门（单位）|预算单位)[:：]")
META_TEXT = re.compile(r"单位\s*[:：]|^(编制单位|部门|单位名称|部门名称|部门（单位）|预算单位)\s*[:：]")
HEADER_RESIDUE = {"类", "款", "项"}
NUMBERING_MARK = re.compile(r"栏次|行次|栏号|行号|\*{1,2}|[甲乙丙丁]|[A-Z]|—|-")


@dataclass(slots=True)
class ColSpec:
    """One grid column of a piece: what it holds and its header path."""

    grid_col: int
    kind: str  # amount | code | label | unit | unitcode | line (行次) | text (时间, 地点 …) | none
    path: tuple[str, ...]
    x0: float
    x1: float
    block: int = 0
    ref: int | None = None  # first piece's grid column this continuation column continues
    head: int | None = None  # index (in grid.cells) of the innermost header cell above the column
    percent: bool = False  # its values are printed as percentages


@dataclass(slots=True)
class Piece:
    """A table as printed on one page."""

    grid: Grid
    meta_text: list[str]  # title / unit lines printed inside the grid
    data_start: int  # first data row
    cols: list[ColSpec] = field(default_factory=list)
    header: list[GridCell] = field(default_factory=list)  # header cells (for the column tree)
    colmap: dict[int, int] | None = None  # grid column → table column (continuation pieces)
    beside: bool = False  # the table's further columns, printed on the next page beside the same rows

    @property
    def has_header(self) -> bool:
        return bool(self.header)

    def data_rows(self) -> range:
        return range(self.data_start, self.grid.nrows)


def _row_cells(grid: Grid, r: int) -> list[GridCell]:
    """Distinct cells that start in row r, left to right."""
    seen: list[GridCell] = []
    ids = set()
    for c in range(grid.ncols):
        cell = grid.at(r, c)
        if cell is not None and cell.r0 == r and id(cell) not in ids:
            ids.add(id(cell))
            seen.append(cell)
    return seen


def _is_amount(text: str) -> bool:
    return parse_amount(text) is not None


def _has_data(cells: list[GridCell]) -> bool:
    """A row with an amount (decimal or grouped digits) or a budget code is a data row."""
    for c in cells:
        t = compact(c.flat)
        if not t:
            continue
        if _is_amount(t) and ("." in t or "," in t):
            return True
        if CODE_TEXT.match(t) or re.match(r"^[\[【]\d{3,7}[\]】]", t):
            return True
    return False


def _starts_empty_body(cells: list[GridCell]) -> bool:
    """Without any amount in the table: an empty row, or a row led by 合计/总计/无."""
    texts = [compact(c.flat) for c in sorted(cells, key=lambda c: c.c0) if c.flat.strip()]
    return not texts or texts[0] in ("合计", "总计", "无") and len(texts) <= 2


def is_numbering_row(texts: list[str]) -> bool:
    """A column-number row under a header: ``栏次 1 2 3 …``, ``** 1 2 …`` or ``1 2 3 …`` — never data.

    Its numbers run 1, 2, 3 … from left to right (a side-by-side block may restart or continue them), with at
    most a few markers (栏次, 行次, **, 甲/乙) in the label columns.
    """
    numbers: list[int] = []
    markers = 0
    for t in (compact(x) for x in texts):
        if not t:
            continue
        if re.fullmatch(r"\d{1,2}", t):
            numbers.append(int(t))
        elif NUMBERING_MARK.fullmatch(t):
            markers += 1
        else:
            return False
    if not numbers and markers >= 2 and all(compact(x) in ("", "**", "*") for x in texts):
        return True  # "** | ** | ** | **" under 单位名称 | 项目名称 | 金额 | 绩效目标 (Huzhou)
    if len(numbers) < 2 and not (numbers and markers):
        return False
    steps = all(b == a + 1 or b == 1 for a, b in zip(numbers, numbers[1:], strict=False))
    return steps and (numbers[0] == 1 or markers > 0)


def _numbering_rows(rows: list[list[GridCell]], first: int) -> set[int]:
    """Column-number rows between the header and the first data row."""
    out: set[int] = set()
    for k in range(first, len(rows)):
        if is_numbering_row([c.flat for c in rows[k]]):
            out.add(k)
        elif _has_data(rows[k]):
            break
    return out


def _meta_row(grid: Grid, cells: list[GridCell]) -> bool:
    """A title or meta row (部门：… 单位：万元); the value of a key printed in a cell of its own (部门： | 某单位)
    is meta too."""
    texts = sorted((c for c in cells if c.flat.strip()), key=lambda c: c.c0)
    if not texts:
        return True
    key = False
    for c in texts:
        t = compact(c.flat)
        wide = (c.c1 - c.c0) * 2 >= grid.ncols
        value = key and not _is_amount(t) and not META_KEY.fullmatch(t)
        titled = wide and all(TITLE_TEXT.match(x) or LABEL.fullmatch(x)
                              for x in (compact(ln) for ln in c.text.split("\n")) if x)  # title | 公开表九
        if not (META_TEXT.search(t) or value or (wide and TITLE_TEXT.match(t) and not _is_amount(t)) or titled
                or LABEL.fullmatch(t)):  # the table's number in a cell of its own (表11 | … )
            return False
        key = bool(META_KEY.fullmatch(t))
    return True


def _title_row(grid: Grid, cells: list[GridCell]) -> bool:
    """A row that prints a table's title across the grid (and nothing else but meta text)."""
    return _meta_row(grid, cells) and any(
        (c.c1 - c.c0) * 2 >= grid.ncols and TITLE_TEXT.match(compact(c.flat)) for c in cells if c.flat.strip())


def split_at_titles(grid: Grid) -> list[Grid]:
    """One ruled grid that holds two tables — the next table's title printed inside it, below data rows of the
    first (pdfplumber joins two tables whose rulings touch) — as one grid per table, cut above that title."""
    cuts = [r for r in range(1, grid.nrows) if _title_row(grid, _row_cells(grid, r))
            and any(not _meta_row(grid, _row_cells(grid, k)) for k in range(r))]
    cuts = [r for k, r in enumerate(cuts) if k == 0 or r > cuts[k - 1] + 1]
    if not cuts:
        return [grid]
    out: list[Grid] = []
    for lo, hi in zip([0, *cuts], [*cuts, grid.nrows], strict=True):
        ys = grid.ys[lo:hi + 1]
        part = Grid(grid.page, (grid.xs[0], ys[0], grid.xs[-1], ys[-1]), grid.xs, ys)
        part.slots = [[None] * grid.ncols for _ in range(hi - lo)]
        for cell in grid.cells:
            r0, r1 = max(cell.r0, lo), min(cell.r1, hi)
            if r0 >= r1:
                continue
            part.cells.append(GridCell(r0 - lo, r1 - lo, cell.c0, cell.c1, cell.bbox, cell.text, cell.indent))
            for r in range(r0 - lo, r1 - lo):
                for c in range(cell.c0, cell.c1):
                    part.slots[r][c] = len(part.cells) - 1
        if not part.is_empty():
            out.append(part)
    return out


def analyse(grid: Grid) -> Piece:
    """Split a grid into title rows, header rows and data rows; classify its columns."""
    meta: list[str] = []
    r = 0
    while r < grid.nrows:
        cells = _row_cells(grid, r)
        if not _meta_row(grid, cells):
            break
        for mc in cells:  # a title wrapped inside its cell is one line
            meta.extend([mc.flat] if TITLE_TEXT.match(compact(mc.flat)) else
                        [ln.strip() for ln in mc.text.split("\n") if ln.strip()])
        r += 1
    first_header = r
    rows = [_row_cells(grid, k) for k in range(grid.nrows)]
    numbering = _numbering_rows(rows, first_header)
    start = next((k for k in range(first_header, grid.nrows) if k not in numbering and _has_data(rows[k])), None)
    if start is None:
        start = next((k for k in range(first_header + 1, grid.nrows)
                      if k not in numbering and _starts_empty_body(rows[k])), min(first_header + 1, grid.nrows))
    while start in numbering:
        start += 1
    r = start
    piece = Piece(grid, meta, r)
    header_ids: list[GridCell] = []
    seen = set()
    for hr in range(first_header, r):
        if hr in numbering:
            continue
        for cell in _row_cells(grid, hr):
            if id(cell) not in seen and cell.flat.strip():
                seen.add(id(cell))
                header_ids.append(cell)
    piece.header = header_ids
    paths: list[list[str]] = [[] for _ in range(grid.ncols)]
    heads: list[int | None] = [None] * grid.ncols
    for c in range(grid.ncols):
        last = None
        for hr in range(first_header, r):
            head = grid.at(hr, c)
            if head is None or head is last or hr in numbering:
                continue
            last = head
            t = compact(head.flat)
            if t and (not paths[c] or paths[c][-1] != t):
                paths[c].append(t)
                heads[c] = grid.slots[hr][c]
    # header residue printed in the first data row (类 款 项 next to 合计) — at least two of them: a lone 项 is
    # a unit of measure (a goal sheet's 37 | 项)
    for dr in range(r, min(r + 1, grid.nrows)):
        residue = [cell for cell in _row_cells(grid, dr) if compact(cell.flat) in HEADER_RESIDUE]
        for cell in residue if len(residue) >= 2 else []:
            if compact(cell.flat) in HEADER_RESIDUE:
                for c in range(cell.c0, cell.c1):
                    paths[c].append(compact(cell.flat))
                cell.text = ""
    texts: list[list[str]] = [[] for _ in range(grid.ncols)]
    for dr in range(r, grid.nrows):
        for cell in _row_cells(grid, dr):
            t = compact(cell.flat)
            if t:
                texts[cell.c0].append(t)
    for c in range(grid.ncols):
        piece.cols.append(ColSpec(c, _kind(tuple(paths[c]), texts[c]), tuple(paths[c]),
                                  grid.xs[c], grid.xs[c + 1], head=heads[c], percent=_percent_values(texts[c])))
    _blocks(piece.cols)
    return piece


def _kind(path: tuple[str, ...], texts: list[str]) -> str:
    leaf = path[-1] if path else ""
    joined = "".join(path)
    if leaf in CODE_LEAF or (CODE_HEADER.search(joined) and "名称" not in leaf):
        if re.search(r"单位|部门", joined) and not re.search(r"科目|分类", joined):
            return "unitcode"
        return "code"
    measure = measure_of(path)
    if measure is Measure.LINE_NUMBER:
        return "line"
    if leaf == "序号" and texts and all(re.fullmatch(r"\d{1,4}", t) for t in texts):
        return "line"  # a row's sequence number: provenance, neither its name nor an amount
    amounts = sum(1 for t in texts if _is_amount(t))
    if ATTRIBUTE_LEAF.match(leaf) and amounts * 2 <= len(texts):
        return "text"  # a meeting's 时间 or 地点: said of the row, neither its name nor an amount
    if texts:
        numbers = sum(1 for t in texts if parse_value(t, Measure.CHANGE_PERCENT) is not None)
        if LABEL_LEAF.search(leaf) and not (amounts == len(texts) and any("." in t for t in texts)):
            return "unit" if UNIT_LEAF.search(leaf) else "label"
        if all(CODE_TEXT.match(t) for t in texts) and any(len(t) >= 3 for t in texts) and not path:
            return "code"
        if amounts * 2 > len(texts) or numbers * 2 > len(texts) and (measure is not Measure.AMOUNT or
                                                                     _percent_values(texts)):
            return "amount"
        return "unit" if UNIT_LEAF.search(leaf) else "label"
    if not path:
        return "none"
    if LABEL_LEAF.search(leaf):
        return "unit" if UNIT_LEAF.search(leaf) else "label"
    return "amount"


def _percent_values(texts: list[str]) -> bool:
    """Whether most of a column's printed values are percentages (12.5%)."""
    return sum(1 for t in texts if re.fullmatch(r"[-−+]?\d+(?:\.\d+)?[%％]", t)) * 2 > len(texts)


def _blocks(cols: list[ColSpec]) -> None:
    """A new block starts where label/code columns that lead to more amounts follow an amount."""
    block = 0
    seen_amount = False
    for i, col in enumerate(cols):
        if col.kind not in ("amount", "none", "line", "text") and seen_amount and any(c.kind == "amount" for c in cols[i + 1:]):
            block += 1
            seen_amount = False
        if col.kind == "amount":
            seen_amount = True
        col.block = block


def is_total_text(text: str) -> bool:
    return bool(TOTAL_TEXT.match(compact(text)))


# ----------------------------------------------------------------------------------------------
# Header tree → Column.parent


@dataclass
class _Node:
    cell: GridCell
    text: str
    cols: list[int]  # amount columns under this node (grid columns)
    children: list[_Node] = field(default_factory=list)


def header_tree(piece: Piece, amount_cols: list[int]) -> list[_Node]:
    """The header cells above the given amount columns as a tree (outer groups → leaves)."""
    amount = set(amount_cols)
    cells = [c for c in piece.header if any(c.c0 <= k < c.c1 for k in amount)]
    cells.sort(key=lambda c: (c.r0, c.c0))
    roots: list[_Node] = []
    nodes: list[_Node] = []
    for cell in cells:
        node = _Node(cell, compact(cell.flat), [k for k in amount_cols if cell.c0 <= k < cell.c1])
        parent = None
        for other in nodes:  # innermost earlier node whose span covers this one
            oc = other.cell
            if oc.r1 <= cell.r0 and oc.c0 <= cell.c0 and cell.c1 <= oc.c1:
                if parent is None or (oc.c1 - oc.c0) <= (parent.cell.c1 - parent.cell.c0):
                    parent = other
        (parent.children if parent else roots).append(node)
        nodes.append(node)
    return roots


def _leaf_name(node: _Node) -> str:
    while node.children:
        node = node.children[-1]
    return node.text


def _targets(node: _Node) -> dict[str | None, int]:
    """Columns that a node stands for: one column, or its leaves by name."""
    if len(node.cols) == 1:
        return {None: node.cols[0]}
    out: dict[str | None, int] = {}
    for leaf in _leaves(node):
        if leaf.cols:
            out.setdefault(leaf.text, leaf.cols[0])
    return out


def _leaves(node: _Node) -> list[_Node]:
    if not node.children:
        return [node]
    return [leaf for ch in node.children for leaf in _leaves(ch)]


THREE_PUBLIC_ITEM = re.compile(r"出国|出境|公务用车|公务接待|三公")


def column_parents(roots: list[_Node]) -> dict[int, int]:
    """Grid column → grid column it is a part of, read from the header tree."""
    parents: dict[int, int] = {}

    def link_col(col: int, name: str, target: dict[str | None, int] | None) -> None:
        if not target:
            return
        dest = target.get(None, target.get(name))
        if dest is not None and dest != col:
            parents[col] = dest

    def walk(children: list[_Node], target: dict[str | None, int] | None) -> None:
        total = next((ch for ch in children if TOTAL_TEXT.match(ch.text) and ch.cols), None)
        inner = _targets(total) if total else target
        for ch in children:
            if total is not None and "三公" in total.text and not THREE_PUBLIC_ITEM.search(ch.text + _leaf_name(ch)):
                continue  # 会议费, 培训费 printed beside the 三公 items are not parts of the “三公”经费合计
            if ch is total:
                if target:
                    for leaf in _leaves(ch):
                        for col in leaf.cols:
                            link_col(col, leaf.text, target)
                continue
            if "政府采购" in ch.text:
                walk(ch.children, None)
                continue
            if not ch.children:
                for col in ch.cols:
                    link_col(col, ch.text, inner)
            elif len(ch.cols) == 1 and not any(len(g.cols) > 1 for g in ch.children):
                # a single column under stacked header cells
                link_col(ch.cols[0], _leaf_name(ch), inner)
            else:
                walk(ch.children, inner)

    walk(roots, None)
    return parents
