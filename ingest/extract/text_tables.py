"""Tables of the plain-text extraction: rows, codes, hierarchy and column placement."""

from __future__ import annotations

import re
from decimal import Decimal

from ..model import Cell, Column, Provenance, Row, Table, TableRole
from .columns import ColumnSpec, Node, row_placements, solve_table, to_columns
from .layouts import LAYOUTS, flat_layout, layout_fits
from .lines import PAGE_MARK, LineTokens, tokenize
from .tables import compact

Line = tuple[int, str]  # (1-based line number, text)

ALTERNATIVES: dict[int, list[dict]] = {}  # table id → placements that all fit
TWO_SIDED = {TableRole.SUMMARY, TableRole.FISCAL_SUMMARY}
FISCAL_EXPENDITURE = [
    ColumnSpec(("支出", "合计"), None),
    ColumnSpec(("支出", "一般公共预算"), 0),
    ColumnSpec(("支出", "政府性基金预算"), 0),
    ColumnSpec(("支出", "国有资本经营预算"), 0),
]


def _is_total(label: str) -> bool:
    return compact(label) in ("合计", "总计", "收入总计", "支出总计")


def _is_subtotal(label: str) -> bool:
    c = compact(label)
    return c.endswith("合计") or c in ("一、本年收入", "一、本年支出", "本年收入", "本年支出")


def _data_start(body: list[Line]) -> int:
    """Index of the first data line: the 合计/总计 row (with amounts, or the last such line of an
    empty table), else the first line that carries codes and amounts."""
    totals = []
    for i, (_, text) in enumerate(body):
        toks = tokenize(text)
        label = compact("".join(s.label for s in toks.segments))
        if label in ("合计", "总计") and not toks.codes:
            if any(s.amounts for s in toks.segments):
                return i
            totals.append(i)
    has_amounts = any(any(s.amounts for s in tokenize(t).segments) for _, t in body)
    if totals and not has_amounts:
        return totals[-1]
    for i, (_, text) in enumerate(body):
        toks = tokenize(text)
        if any(s.amounts for s in toks.segments) and (toks.codes or len(toks.segments[0].label) > 0):
            return i
    return len(body)


class TableReader:
    """Reads the body lines of one table into a :class:`Table` (rows, columns, cells)."""

    def __init__(self, table: Table, body: list[Line], notices: list[str]):
        self.table = table
        self.body = body
        self.notices = notices
        self.amounts: dict[int, list] = {}

    def read(self) -> Table:
        start = _data_start(self.body)
        header = "\n".join(t for _, t in self.body[:start])
        data = [(n, t) for n, t in self.body[start:] if t.strip() and not PAGE_MARK.match(t)]
        data = self._take_note(data)
        if self.table.role in TWO_SIDED:
            self._read_two_sided(data)
        else:
            specs = LAYOUTS[self.table.role] if layout_fits(self.table.role, header) else flat_layout(header)
            self.table.columns = to_columns(specs)
            self._read_rows(data, specs)
        return self.table

    def _take_note(self, data: list[Line]) -> list[Line]:
        for i, (_, text) in enumerate(data):
            if compact(text).startswith(("注：", "注:")):
                self.table.note = compact("".join(t for _, t in data[i:]))
                return data[:i]
        return data

    # -- ordinary tables ------------------------------------------------------------
    def _read_rows(self, data: list[Line], specs: list[ColumnSpec]) -> None:
        pending: tuple[int, LineTokens, str] | None = None
        rows: list[tuple[int, LineTokens, str, list]] = []  # (line, tokens, label, amounts)
        for n, text in data:
            toks = tokenize(text)
            if pending is not None:
                pn, ptoks, plabel = pending
                if toks.text_only and not toks.codes:
                    pending = (pn, ptoks, plabel + "".join(s.label for s in toks.segments))
                    continue
                if toks.amounts_only:
                    rows.append((pn, ptoks, plabel, [(v, t, n) for v, t in toks.segments[0].amounts]))
                    pending = None
                    continue
                rows.append((pn, ptoks, plabel, []))
                pending = None
            label = "".join(s.label for s in toks.segments)
            amounts = [(v, t, n) for s in toks.segments for v, t in s.amounts]
            if not amounts and not _is_total(label) and self._expects_amounts():
                pending = (n, toks, label)
                continue
            rows.append((n, toks, label, amounts))
        if pending is not None:
            rows.append((pending[0], pending[1], pending[2], []))
        for n, toks, label, amounts in rows:
            self._add_row(n, toks, label, amounts)
        self._link_hierarchy()
        self._place(specs)

    def _expects_amounts(self) -> bool:
        return self.table.note is None

    def _add_row(self, n: int, toks: LineTokens, label: str, amounts: list) -> None:
        row = Row(index=len(self.table.rows), label=compact(label))
        row.source = Provenance(text=label, line=n, table=self.table.label, row=row.index)
        _classify_codes(row, toks, self.table.role)
        self.amounts[row.index] = amounts
        self.table.rows.append(row)

    def _link_hierarchy(self) -> None:
        stack: list[Row] = []
        project_table = self.table.role in (TableRole.GENERAL_PROJECT, TableRole.PROJECT)
        for row in self.table.rows:
            if row.kind == "total":
                stack = [row]
                continue
            level = row.level or 1
            if project_table:
                level = 2 if row.code else 1
            while stack and stack[-1].kind != "total" and (stack[-1].level or 1) >= level:
                stack.pop()
            row.parent = stack[-1].index if stack else None
            if project_table and not row.code:
                row.kind = "section"
            if project_table:
                row.level = row.level if row.code else None
            stack.append(row)
        _infer_group_codes(self.table.rows)

    def _place(self, specs: list[ColumnSpec]) -> None:
        n = len(specs)
        nodes = {
            r.index: Node(r.index, vals, row_placements(vals, specs), [])
            for r in self.table.rows
            for vals in [[a for a, _, _ in self.amounts[r.index]]]
        }
        roots: list[Node] = []
        for r in self.table.rows:
            if r.parent is None:
                roots.append(nodes[r.index])
            else:
                nodes[r.parent].children.append(nodes[r.index])
        solutions = solve_table(roots, n)
        if not solutions:
            self.notices.append(
                f"{self.table.label}: amounts could not be placed consistently; left-aligned placement used"
            )
            chosen = {i: (nd.candidates[0] if nd.candidates else tuple(range(len(nd.values)))) for i, nd in nodes.items()}
        else:
            chosen = choose_solution(self.table, solutions)
        for r in self.table.rows:
            placement = chosen.get(r.index, ())
            for (value, text, line), col in zip(self.amounts[r.index], placement, strict=False):
                src = Provenance(text=text, line=line, table=self.table.label, row=r.index, column=col)
                r.cells.append(Cell(col, value, src))

    # -- two-sided summary tables ----------------------------------------------------
    def _read_two_sided(self, data: list[Line]) -> None:
        income = Column(0, ("收入", "预算数"), side="income")
        if self.table.role == TableRole.FISCAL_SUMMARY:
            exp_specs = FISCAL_EXPENDITURE
        else:
            exp_specs = [ColumnSpec(("支出", "预算数"), None)]
        self.table.columns = [income, *to_columns(exp_specs, side="expenditure", offset=1)]
        last_parent: dict[str, Row] = {}
        for n, text in data:
            toks = tokenize(text, split_sides=True)
            for seg in toks.segments:
                if not seg.label:
                    continue
                side = _side_of(seg.label)
                row = Row(index=len(self.table.rows), label=compact(seg.label), side=side)
                row.source = Provenance(text=seg.label.strip(), line=n, table=self.table.label, row=row.index)
                c = row.label
                numbered = bool(re.match(r"^[一二三四五六七八九十]+、", c))
                if c.endswith("总计"):
                    row.kind = "total"
                elif _is_subtotal(c):
                    row.kind = "subtotal"
                elif self.table.role == TableRole.FISCAL_SUMMARY and numbered:
                    row.kind = "subtotal"
                if self.table.role == TableRole.FISCAL_SUMMARY:
                    if row.kind == "subtotal":
                        last_parent[side] = row
                    elif row.kind == "item" and side in last_parent:
                        row.parent = last_parent[side].index
                values = [a for a, _ in seg.amounts]
                if side == "income":
                    placement = tuple(range(len(values)))[:1]
                else:
                    cands = row_placements(values, exp_specs)
                    placement = tuple(c + 1 for c in cands[0]) if cands else tuple(range(1, 1 + len(values)))
                for (value, txt), col in zip(seg.amounts, placement, strict=False):
                    row.cells.append(Cell(col, value, Provenance(text=txt, line=n, table=self.table.label,
                                                                 row=row.index, column=col)))
                self.table.rows.append(row)


def _side_of(label: str) -> str:
    c = compact(label)
    return "expenditure" if ("支出" in c or "结转下年" in c or "年末结转" in c) else "income"


def _classify_codes(row: Row, toks: LineTokens, role: TableRole) -> None:
    codes = list(toks.codes)
    indent = toks.segments[0].indent if toks.segments else 0
    if _is_total(row.label):
        row.kind = "total"
        return
    unit_code = next((c for c in codes if len(c) == 6), None)
    if unit_code:
        row.unit_code = unit_code
        codes = [c for c in codes if c != unit_code]
    if not codes and unit_code:
        return  # a unit's own row (单位代码 + 单位名称): an item with no subject code
    if not codes:
        row.level = 1 + min(indent, 2) if role not in (TableRole.THREE_PUBLIC, TableRole.FUND_THREE_PUBLIC) else None
        row.kind = "class" if row.level == 1 else "item"
        return
    row.code_text = " ".join(codes)
    system = "function" if codes[0].startswith("2") else "economic"
    row.code_system = system
    full = max(codes, key=len)
    if len(full) >= 5:  # a printed 5- or 7-digit code
        code = full
    else:
        code = "".join(codes)
    row.code = code
    by_code = {3: 1, 5: 2, 7: 3}.get(len(code), 1)
    row.level = max(by_code, min(1 + indent, 3) if system == "economic" and len(codes) <= 2 else by_code)
    if row.level > by_code:
        row.code = None  # a sub-item printed under its parent's code: its own code is not printed
    row.kind = "class" if row.level == 1 else "item"


def _infer_group_codes(rows: list[Row]) -> None:
    """Give uncoded 类/款 rows of a function table the code prefix of their first coded child."""
    for row in rows:
        if row.code or row.kind in ("total", "section") or row.level is None:
            continue
        child = _first_coded_descendant(rows, row.index)
        if child and child.code and child.code_system == "function":
            width = {1: 3, 2: 5}.get(row.level)
            if width and len(child.code) > width:
                row.code = child.code[:width]
                row.code_system = "function"


def _first_coded_descendant(rows: list[Row], index: int) -> Row | None:
    frontier = {index}
    for row in rows[index + 1:]:
        if row.parent in frontier:
            if row.code:
                return row
            frontier.add(row.index)
    return None


def choose_solution(table: Table, solutions: list[dict]) -> dict:
    """The first solution, unless a hint prefers another (see :func:`prefer`)."""
    if len(solutions) > 1:
        ALTERNATIVES[id(table)] = solutions
    return solutions[0]


def _facts(tables: list[Table]) -> dict[str, Decimal]:
    """Figures other tables state unambiguously, keyed by column leaf label."""
    facts: dict[str, Decimal] = {}
    econ: dict[str, Decimal] = {}
    for t in tables:
        if t.role == TableRole.SUMMARY:
            for r in t.rows:
                if r.side == "income" and r.kind == "item":
                    label = re.sub(r"^[一二三四五六七八九十]+、", "", r.label)
                    value = r.cells[0].value if r.cells else Decimal(0)
                    facts.setdefault(label, value)
                    facts.setdefault("group:" + _group_key(label), value)
        if t.role in (TableRole.EXPENDITURE, TableRole.GENERAL_BASIC):
            total = t.total_row()
            if total and _total_settled(t, total):
                for cell in total.cells:
                    facts.setdefault(t.columns[cell.column].leaf, cell.value)
        if t.role in (TableRole.GENERAL_BASIC, TableRole.FISCAL_ECONOMIC):
            for r in t.rows:
                if r.code and r.cells and r.code not in econ:
                    econ[r.code] = r.cells[0].value
    for leaf, code in {"因公出国（境）费用": "30212", "公务接待费": "30217", "公务用车运行费": "30231",
                       "公务用车购置费": "31013"}.items():
        facts.setdefault(leaf, econ.get(code, Decimal(0)))
    return facts


def _total_settled(table: Table, total: Row) -> bool:
    """Whether the total row's placement is certain: the table is unambiguous, or every alternative
    places the total row alike (only the item rows are in doubt)."""
    alts = ALTERNATIVES.get(id(table))
    return not alts or len({sol.get(total.index) for sol in alts}) == 1


def _group_key(label: str) -> str:
    for suffix in ("收入", "安排", "拨款", "预算"):
        if label.endswith(suffix):
            label = label[: -len(suffix)]
    return label


def _column_keys(col: Column) -> list[str]:
    keys = [col.leaf]
    if len(col.path) >= 2 and col.leaf in ("小计", "合计") and not any("上年结转" in p for p in col.path):
        keys.append("group:" + _group_key(col.path[-2]))
    return keys


def _score(table: Table, solution: dict, facts: dict[str, Decimal]) -> int:
    total = table.total_row()
    if total is None:
        return 0
    placement = solution.get(total.index, ())
    by_key: dict[str, Decimal] = {}
    for cell, col in zip(total.cells, placement, strict=False):
        for key in _column_keys(table.columns[col]):
            by_key[key] = by_key.get(key, Decimal(0)) + cell.value
    score = 0
    for key in {k for c in table.columns for k in _column_keys(c)}:
        if key in facts and key not in ("合计", "小计", "总计"):
            score += 1 if by_key.get(key, Decimal(0)) == facts[key] else -1
    return score


def resolve_ambiguous(tables: list[Table], notices: list[str]) -> None:
    """Settle tables whose amounts fit several placements, using figures other tables state.

    The 收支总表 names each income source; the 支出总表 and 基本支出表 state 基本/项目 and
    人员/公用 totals; 三公 items must agree with their economic lines (因公出国(境)费用 30212,
    公务接待费 30217, 公务用车运行维护费 30231, 公务用车购置 31013). The alternative that agrees
    with most of these wins; a tie keeps the leftmost placement and says so.
    """
    facts = _facts(tables)
    for t in tables:
        alts = ALTERNATIVES.pop(id(t), None)
        if not alts:
            continue
        scores = [_score(t, sol, facts) for sol in alts]
        best_score = max(scores)
        best = alts[scores.index(best_score)]
        if scores.count(best_score) > 1:
            notices.append(f"{t.label}: {scores.count(best_score)} placements fit the arithmetic equally; "
                           "the leftmost was kept")
        current = {r.index: tuple(c.column for c in r.cells) for r in t.rows}
        if all(best.get(i, ()) == p for i, p in current.items()):
            continue
        for r in t.rows:
            placement = best.get(r.index, ())
            for cell, col in zip(r.cells, placement, strict=False):
                cell.column = col
                cell.source = Provenance(text=cell.source.text, line=cell.source.line, table=t.label,
                                         row=r.index, column=col)
