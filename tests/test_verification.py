"""Abstain rather than accuse: a table's reading is verified by its own sums (ingest.verification), rows
that print no structure nest by their sums (ingest.extract.row_nesting), and findings on an unverified
table are withheld with one Warning (ingest.validate)."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

from budgetkg.ingest import parse_document, to_graph
from budgetkg.ingest.extract.row_nesting import nest
from budgetkg.ingest.identities import table_identities
from budgetkg.ingest.model import Table
from budgetkg.ingest.validate import validate_document
from budgetkg.ingest.verification import explain, verify_table

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"


def v(*xs: str) -> tuple[Decimal, ...]:
    return tuple(Decimal(x) for x in xs)


def test_rows_nest_by_their_sums():
    """合计 → 货物 874.10 → 培训中心 38.06 → (11.90, 26.16); 836.04 → 836.04; 服务 10 → (5, 5)."""
    rows = [v("874.10"), v("38.06"), v("11.90"), v("26.16"), v("836.04"), v("836.04"), v("10"), v("5"), v("5")]
    assert nest(rows, v("884.10")) == [None, 0, 1, 1, 0, 4, None, 6, 6]


def test_a_flat_list_stays_flat_and_a_list_that_adds_up_to_nothing_is_left_alone():
    assert nest([v("1"), v("2"), v("3")], v("6")) == [None, None, None]
    assert nest([v("1"), v("2"), v("3")], v("7")) is None
    assert nest([v("1"), v("-2")], v("-1")) is None  # negative amounts are not nested this way


def test_the_search_is_bounded():
    assert nest([v("1")] * 400, v("400")) in (None, [None] * 400)


def _function_table() -> Table:
    d = parse_document(FIXTURES / "wide" / "37_jiangsu-wuxi_jiaoyuju-benji_2026_unit-budget.pdf")
    return next(t for t in d.tables if t.role.value == "general-function" and t.unverified is None and len(t.rows) > 8)


def test_one_misprinted_number_keeps_the_table_verified():
    """Change one printed item: its 款 and its row's columns fail by the same amount; one cell explains all."""
    t = copy.deepcopy(_function_table())
    assert verify_table("x", t) is None
    item = next(r for r in t.rows if r.code and len(r.code) == 7 and r.cells and r.cells[0].value > 1)
    item.cells[0].value += Decimal("1.00")
    cells, left = explain(table_identities("x", t))
    assert cells == [(item.index, item.cells[0].column)] and not left
    assert verify_table("x", t) is None


def test_a_misread_row_makes_the_table_unverified():
    """Move a whole row's amounts into the wrong column (what a misread column does): no single number
    explains the failures, so the table is unverified and says why."""
    t = copy.deepcopy(_function_table())
    items = [r for r in t.rows if r.code and len(r.code) == 7 and len(r.cells) >= 2]
    for r in items[:3]:
        for c in r.cells:
            c.column = (c.column + 1) % len(t.columns)
    reason = verify_table("x", t)
    assert reason and "sums do not hold" in reason


def test_findings_on_an_unverified_table_are_withheld_with_one_warning():
    """A real document whose 收支总表 is read right: mark it unverified by hand and its sides-balance and
    cross-table findings disappear, replaced by one table-unverified Warning naming it."""
    d = parse_document(FIXTURES / "02_shanghai-putuo_sifaju_2026_unit-budget.pdf")
    before = validate_document(to_graph(d))
    target = next(t for t in d.tables if t.role.value == "expenditure")
    assert any(target.label in " ".join(s.table or "" for s in f.sides) for f in before.violations)
    target.unverified = "test: marked by hand"
    after = validate_document(to_graph(d))
    assert not any(target.label == s.table for f in after.violations for s in f.sides)
    warn = [f for f in after.findings if f.rule == "table-unverified"]
    assert len(warn) == 1 and target.label in warn[0].message_en and "marked by hand" in warn[0].message_en
    assert after.withheld > 0
