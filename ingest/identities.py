"""Arithmetic identities a correct extraction of a budget disclosure must satisfy.

For every document: row totals = Σ of the columns the header says they are made of (Column.parent),
a parent row = Σ of its child rows (类 = Σ 款 = Σ 项, 合计 = Σ 类, outline numbering) in every amount
column, and a few identities across tables (收入总计 = 支出总计, 收支总表 本年支出合计 = 支出总表 合计,
收入总表 合计 = 收支总表 本年收入合计, 功能分类表 基本支出 = 基本支出表 合计).

Rounding tolerance (stated): a sum of n published amounts may differ from the printed total by up to
n × 0.005 in the table's published unit (each term is rounded to 0.01). Differences beyond that are
failures: either a real error printed in the document (truth.json lists them) or an extraction gap.

Used by ``budgetkg inspect`` and by ``bench/identities.py`` (which prints the figure over the corpus).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .model import Document, Row, Table, TableRole

STEP = Decimal("0.005")


@dataclass
class Identity:
    doc: str
    where: str
    expected: Decimal
    actual: Decimal
    terms: int

    @property
    def holds(self) -> bool:
        return abs(self.expected - self.actual) <= STEP * max(self.terms, 2)

    def __str__(self) -> str:
        return f"{self.where}: printed {self.expected} vs sum {self.actual} ({self.terms} terms)"


def _col_label(table: Table, col: int) -> str:
    return table.columns[col].label if col < len(table.columns) else str(col)


def table_identities(doc: str, table: Table) -> list[Identity]:
    out: list[Identity] = []
    children: dict[int, list[int]] = {}
    for c in table.columns:
        if c.parent is not None:
            children.setdefault(c.parent, []).append(c.index)
    for row in table.rows:
        for parent, kids in children.items():
            values = [row.value(k) for k in kids]
            total = row.value(parent)
            if total is None and all(v is None for v in values):
                continue
            out.append(Identity(doc, f"{table.label} row {row.index} '{row.label}' col '{_col_label(table, parent)}'",
                                total or Decimal(0), sum((v or Decimal(0) for v in values), Decimal(0)), len(kids)))
    kids_of: dict[int, list[Row]] = {}
    for row in table.rows:
        if row.parent is not None:
            kids_of.setdefault(row.parent, []).append(row)
    by_index = {r.index: r for r in table.rows}
    for parent_index, kids in kids_of.items():
        parent = by_index[parent_index]
        for col in range(len(table.columns)):
            values = [k.value(col) for k in kids]
            total = parent.value(col)
            if total is None and all(v is None for v in values):
                continue
            out.append(Identity(doc, f"{table.label} row {parent.index} '{parent.label}' = Σ {len(kids)} rows, "
                                     f"col '{_col_label(table, col)}'",
                                total or Decimal(0), sum((v or Decimal(0) for v in values), Decimal(0)), len(kids)))
    return out


def _total(table: Table | None, side: str | None = None, last: bool = False) -> Row | None:
    if table is None:
        return None
    totals = [r for r in table.rows if r.kind == "total" and (side is None or r.side == side)]
    if not totals:
        return None
    return totals[-1] if last else totals[0]


def _first_value(row: Row | None) -> Decimal | None:
    return row.cells[0].value if row is not None and row.cells else None


def _column_value(table: Table | None, row: Row | None, leaf: str) -> Decimal | None:
    if table is None or row is None:
        return None
    for c in table.columns:
        if c.leaf.endswith(leaf) or (c.leaf in ("小计",) and any(leaf in p for p in c.path)):
            return row.value(c.index)
    return None


def cross_identities(doc: Document) -> list[Identity]:
    out: list[Identity] = []
    name = doc.source_name

    def add(where: str, a: Decimal | None, b: Decimal | None) -> None:
        if a is not None and b is not None:
            out.append(Identity(name, where, a, b, 1))

    summary, fiscal = doc.table(TableRole.SUMMARY), doc.table(TableRole.FISCAL_SUMMARY)
    for t in (summary, fiscal):
        add(f"{t.label if t else ''} 收入总计 = 支出总计", _first_value(_total(t, "income", last=True)),
            _first_value(_total(t, "expenditure", last=True)))
    add("收支总表 本年支出合计 = 支出总表 合计", _first_value(_total(summary, "expenditure")),
        _first_value(_total(doc.table(TableRole.EXPENDITURE))))
    add("收支总表 本年收入合计 = 收入总表 合计", _first_value(_total(summary, "income")),
        _first_value(_total(doc.table(TableRole.INCOME))))
    function, basic = doc.table(TableRole.GENERAL_FUNCTION), doc.table(TableRole.GENERAL_BASIC)
    tops = [r for r in basic.rows if r.kind == "total" and r.parent is None] if basic else []
    basic_total = sum((_first_value(r) or Decimal(0) for r in tops), Decimal(0)) if tops else None
    add("一般公共预算支出表 基本支出 = 基本支出表 合计", _column_value(function, _total(function), "基本支出"),
        basic_total)
    return out


def identities(doc: Document) -> list[Identity]:
    out: list[Identity] = []
    for table in doc.tables:
        out.extend(table_identities(doc.source_name, table))
    out.extend(cross_identities(doc))
    return out
