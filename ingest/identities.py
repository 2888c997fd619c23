"""Arithmetic identities a correct extraction of a budget disclosure must satisfy.

Only amount columns are summed (a change, percentage or line-number column never is), and a column is a
part of its parent only when both state the same year and phase (:mod:`ingest.extract.column_meaning`); a
其中 column (``Column.additive`` False) is checked as ≤ its parent, not as one of its parts.

For every document: row totals = Σ of the columns the header says they are made of (Column.parent),
a parent row = Σ of its child rows (类 = Σ 款 = Σ 项, 合计 = Σ 类, outline numbering) in every amount
column, and a few identities across tables (收入总计 = 支出总计, 收支总表 本年支出合计 = 支出总表 合计,
收入总表 合计 = 收支总表 本年收入合计, 功能分类表 基本支出 = 基本支出表 合计).

Rounding tolerance (:func:`ingest.tolerance.sum_tolerance`): n printed amounts, the total and its parts
counted together, may be 0.005 × max(n, 2) in the table's published unit from adding up (each is rounded to
0.01; two amounts that should be equal may differ by 0.01). Differences beyond that are failures: either a real error printed in the document (truth.json lists them) or an extraction gap.

Used by ``budgetkg inspect`` and by ``bench/identities.py`` (which prints the figure over the corpus).
:func:`balance_identities` (收入总计 = 支出总计 inside one table, with its cells) serves the verification
of a table's reading only (:mod:`ingest.verification`); the sides-balance shape reports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .extract.column_meaning import is_own
from .model import Column, Document, Measure, Row, Table, TableRole
from .tolerance import sum_tolerance


@dataclass
class Identity:
    doc: str
    where: str
    expected: Decimal
    actual: Decimal
    terms: int
    at_most: bool = False  # a 其中 column: actual ≤ expected, not equal
    cells: tuple[tuple[int, int], ...] = ()  # (row, column) of the printed total, then of each term
    table: str | None = None  # the table's label (None for an identity across tables)

    @property
    def holds(self) -> bool:
        if self.at_most:
            return self.actual - self.expected <= sum_tolerance(self.terms)
        return abs(self.expected - self.actual) <= sum_tolerance(self.terms)

    def __str__(self) -> str:
        if self.at_most:
            return f"{self.where}: 其中 {self.actual} exceeds its column {self.expected}"
        return f"{self.where}: printed {self.expected} vs sum {self.actual} ({self.terms} terms)"


def _col_label(table: Table, col: int) -> str:
    return table.columns[col].label if col < len(table.columns) else str(col)


def _amount(c: Column) -> bool:
    return c.measure is Measure.AMOUNT


def table_identities(doc: str, table: Table) -> list[Identity]:
    out: list[Identity] = []
    children: dict[int, list[int]] = {}
    subsets: list[tuple[Column, int]] = []  # a 其中 column and the column it is part of
    by_index = {c.index: c for c in table.columns}
    for c in table.columns:
        if c.parent is None:
            continue
        up = by_index.get(c.parent)
        if up is None or not (_amount(c) and _amount(up)):
            continue
        if c.additive:
            children.setdefault(c.parent, []).append(c.index)
        else:
            subsets.append((c, c.parent))
    for row in table.rows:
        for parent, kids in children.items():
            values = [row.value(k) for k in kids]
            total = row.value(parent)
            if total is None and all(v is None for v in values):
                continue
            out.append(Identity(doc, f"{table.label} row {row.index} '{row.label}' col '{_col_label(table, parent)}'",
                                total or Decimal(0), sum((v or Decimal(0) for v in values), Decimal(0)), len(kids),
                                table=table.label, cells=((row.index, parent), *((row.index, k) for k in kids))))
        for c, of in subsets:
            part, whole = row.value(c.index), row.value(of)
            if part is not None:
                out.append(Identity(doc, f"{table.label} row {row.index} '{row.label}' col '{c.label}' ⊆ "
                                         f"'{_col_label(table, of)}'", whole or Decimal(0), part, 1, at_most=True,
                                    table=table.label, cells=((row.index, of), (row.index, c.index))))
    kids_of: dict[int, list[Row]] = {}
    for row in table.rows:
        if row.parent is not None:
            kids_of.setdefault(row.parent, []).append(row)
    rows_by_index = {r.index: r for r in table.rows}
    for row in table.rows:  # a 其中 row is at most the row it is part of
        whole_row = rows_by_index.get(row.subset_of) if row.subset_of is not None else None
        if whole_row is None:
            continue
        for col in (c.index for c in table.columns if _amount(c)):
            part = row.value(col)
            if part is not None:
                out.append(Identity(doc, f"{table.label} row {row.index} '{row.label}' ⊆ row {whole_row.index} "
                                         f"'{whole_row.label}', col '{_col_label(table, col)}'",
                                    whole_row.value(col) or Decimal(0), part, 1, at_most=True,
                                    table=table.label, cells=((whole_row.index, col), (row.index, col))))
    for parent_index, kid_rows in kids_of.items():
        parent_row = rows_by_index[parent_index]
        for col in (c.index for c in table.columns if _amount(c)):
            values = [k.value(col) for k in kid_rows]
            total = parent_row.value(col)
            if total is None and all(v is None for v in values):
                continue
            out.append(Identity(doc, f"{table.label} row {parent_row.index} '{parent_row.label}' = Σ {len(kid_rows)} rows, "
                                     f"col '{_col_label(table, col)}'",
                                total or Decimal(0), sum((v or Decimal(0) for v in values), Decimal(0)), len(kid_rows),
                                table=table.label, cells=((parent_row.index, col), *((k.index, col) for k in kid_rows))))
    return out


def _side_total(table: Table, side: str) -> Row | None:
    """The one top-level total of a side of a two-sided table (its subtotal where it prints no total), as the
    sides-balance shape reads it; None when the side prints several."""
    top = [r for r in table.rows if r.side == side and r.parent is None]
    rows = [r for r in top if r.kind == "total"] or [r for r in top if r.kind == "subtotal"]
    return rows[0] if len(rows) == 1 else None


def balance_identities(doc: str, table: Table) -> list[Identity]:
    """收入总计 = 支出总计 inside a two-sided table (收支总表, 财政拨款收支总表), with its cells: the income
    total against the expenditure total of each top-level column block that prints one."""
    income, spending = _side_total(table, "income"), _side_total(table, "expenditure")
    if income is None or spending is None:
        return []
    top = {c.index for c in table.columns if c.parent is None and _amount(c)}
    left = [c for c in income.cells if c.column in top]
    if len(left) != 1:
        return []
    out = []
    for cell in (c for c in spending.cells if c.column in top):
        out.append(Identity(doc, f"{table.label} '{income.label}' = '{spending.label}', col "
                                 f"'{_col_label(table, cell.column)}'", left[0].value, cell.value, 2,
                            table=table.label, cells=((income.index, left[0].column), (spending.index, cell.column))))
    return out


def _total(table: Table | None, side: str | None = None, last: bool = False) -> Row | None:
    if table is None:
        return None
    totals = [r for r in table.rows if r.kind == "total" and (side is None or r.side == side)]
    if not totals:
        return None
    return totals[-1] if last else totals[0]


def _totals(table: Table | None, side: str) -> list[Row]:
    return [r for r in table.rows if r.kind == "total" and r.side == side] if table is not None else []


def _first_value(row: Row | None, table: Table | None = None) -> Decimal | None:
    """The row's first amount of the document's own year and phase."""
    if row is None:
        return None
    own = {c.index for c in table.columns if is_own(c)} if table is not None else None
    return next((c.value for c in row.cells if own is None or c.column in own), None)


def _column_value(table: Table | None, row: Row | None, leaf: str) -> Decimal | None:
    if table is None or row is None:
        return None
    for c in table.columns:
        if is_own(c) and (c.leaf.endswith(leaf) or (c.leaf in ("小计",) and any(leaf in p for p in c.path))):
            return row.value(c.index)
    return None


def cross_identities(doc: Document) -> list[Identity]:
    out: list[Identity] = []
    name = doc.source_name

    def add(where: str, a: Decimal | None, b: Decimal | None) -> None:
        if a is not None and b is not None:
            out.append(Identity(name, where, a, b, 1))

    summary, fiscal = doc.table(TableRole.SUMMARY), doc.table(TableRole.FISCAL_SUMMARY)
    expenditure, income = doc.table(TableRole.EXPENDITURE), doc.table(TableRole.INCOME)
    for t in (summary, fiscal):
        add(f"{t.label if t else ''} 收入总计 = 支出总计", _first_value(_total(t, "income", last=True), t),
            _first_value(_total(t, "expenditure", last=True), t))
    for side, table, words in (("expenditure", expenditure, "支出"), ("income", income, "收入")):
        # the table's total is the year's (本年…合计) or, where it prints carry-over columns too, the grand
        # total (…总计): it must agree with one of the summary's totals of that side
        b = _first_value(_total(table), table)
        sums = [v for v in (_first_value(r, summary) for r in _totals(summary, side)) if v is not None]
        a = next((v for v in sums if b is not None and abs(v - b) <= sum_tolerance(2)), sums[0] if sums else None)
        add(f"收支总表 本年{words}合计或{words}总计 = {words}总表 合计", a, b)
    function, basic = doc.table(TableRole.GENERAL_FUNCTION), doc.table(TableRole.GENERAL_BASIC)
    tops = [r for r in basic.rows if r.kind == "total" and r.parent is None] if basic else []
    basic_total = sum((_first_value(r, basic) or Decimal(0) for r in tops), Decimal(0)) if tops else None
    add("一般公共预算支出表 基本支出 = 基本支出表 合计", _column_value(function, _total(function), "基本支出"),
        basic_total)
    return out


def identities(doc: Document) -> list[Identity]:
    out: list[Identity] = []
    for table in doc.tables:
        out.extend(table_identities(doc.source_name, table))
    out.extend(cross_identities(doc))
    return out
