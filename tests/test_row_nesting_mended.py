"""Codeless nesting broken by one misprinted number (ingest.extract.row_nesting.nest_mended): the rows take the
one nesting a single one-digit correction makes add up, so the sums trace the misprint instead of the table
going unverified."""

from __future__ import annotations

from decimal import Decimal

from budgetkg.ingest.extract.row_nesting import adopt_orphans, nest, nest_mended
from budgetkg.ingest.model import Cell, Provenance, Row

# 西安市自然资源和规划局 2022 表10 p68: 西安市野生动植物保护管理站 2689800.00 → 专用项目 2689800.00 → 其他履职尽责
# 专项业务费 2689800.00 → its six projects (2032000.00 + 83800.00 + 64000.00 + 220000.00 + 200000.00 + 90000.00)
UNIT = "2689800.00"
ROWS = ["2689800.00", "2689800.00", "2032000.00", "83800.00", "64000.00", "220000.00", "200000.00", "90000.00"]
NESTED = [None, 0, 1, 1, 1, 1, 1, 1]


def _v(xs: list[str]) -> list[tuple[Decimal, ...]]:
    return [(Decimal(x),) for x in xs]


def test_the_printed_group_nests_by_its_own_sums():
    assert nest(_v(ROWS), (Decimal(UNIT),)) == NESTED
    assert nest_mended(_v(ROWS), (Decimal(UNIT),)) == NESTED  # (an intact group needs no mending either)


def test_a_misprinted_head_leaves_one_nesting():
    """The unit's line printed 2689801.00, or 专用项目 printed 2689801.00, or a project 90001.00: no nesting adds up
    as printed; one digit changed back, exactly one does — the rows take it."""
    assert nest(_v(ROWS), (Decimal("2689801.00"),)) is None
    assert nest_mended(_v(ROWS), (Decimal("2689801.00"),)) == NESTED
    for i, wrong in ((1, "2689801.00"), (7, "90001.00")):
        rows = ROWS.copy()
        rows[i] = wrong
        assert nest(_v(rows), (Decimal(UNIT),)) is None
        assert nest_mended(_v(rows), (Decimal(UNIT),)) == NESTED


def test_a_gap_no_one_digit_explains_stays_unnested():
    """专用项目 printed 2,700,000.00 (two digits off) or two numbers misprinted: the reading is left as it is."""
    rows = ROWS.copy()
    rows[1] = "2700000.00"
    assert nest_mended(_v(rows), (Decimal(UNIT),)) is None
    rows = ROWS.copy()
    rows[3], rows[4] = "83801.00", "64001.00"
    assert nest_mended(_v(rows), (Decimal(UNIT),)) is None


def test_two_corrections_that_nest_differently_are_no_reading():
    """3, 1, 2, 4 under 6: the total as 7 nests 3 over 1 + 2, the 4 as 0 leaves a flat list — none is taken."""
    assert nest_mended(_v(["3", "1", "2", "4"]), (Decimal("6"),)) is None


# 江苏省委办公厅 2017 政府采购预算表 p12: 一、货物A 496.20, then its lines with no code, numbering or indentation
# the reading keeps: 办公设备购置费 60.00 (12.00 …), 机要及电子政务业务费 30.00 (4.00 …), 印刷费 60.00 (20.00, 40.00),
# 公务用车运行维护费 346.20 (346.20)
GOODS = ["60.00", "12.00", "6.00", "2.10", "0.66", "6.00", "0.80", "0.90", "1.50", "4.00", "0.64", "25.40",
         "30.00", "4.00", "3.50", "3.00", "2.00", "3.00", "9.00", "1.00", "4.50",
         "60.00", "20.00", "40.00", "346.20", "346.20"]


def _rows(head: str, lines: list[str]) -> list[Row]:
    def cell(x: str) -> list[Cell]:
        return [Cell(0, Decimal(x), Provenance(text=x))]
    return [Row(0, "一、货物A", kind="class", cells=cell(head)),
            *(Row(i + 1, f"line {i + 1}", cells=cell(x)) for i, x in enumerate(lines))]


def test_orphan_lines_that_add_up_only_nested_are_adopted_nested():
    """No run of the 26 lines adds up flat to 496.20; nested by their sums they do: the four group heads are the
    class's parts, their lines the heads' — and a group head misprinted (印刷费 61.00) is still nested (one digit)."""
    rows = _rows("496.20", GOODS)
    adopt_orphans(rows, [0])
    heads = [r.index for r in rows if r.parent == 0]
    assert [rows[i].cells[0].value for i in heads] == [Decimal(x) for x in ("60.00", "30.00", "60.00", "346.20")]
    assert all(r.parent in heads for r in rows[1:] if r.index not in heads)
    wrong = GOODS.copy()
    wrong[21] = "61.00"
    rows = _rows("496.20", wrong)
    adopt_orphans(rows, [0])
    assert [r.index for r in rows if r.parent == 0] == heads


def test_orphan_lines_that_nest_in_no_way_stay_orphans():
    rows = _rows("500.00", GOODS)  # 3.80 over: no one digit explains it
    adopt_orphans(rows, [0])
    assert all(r.parent is None for r in rows[1:])
