"""Codeless nesting broken by one misprinted number (ingest.extract.row_nesting.nest_mended): the rows take the
one nesting a single one-digit correction makes add up, so the sums trace the misprint instead of the table
going unverified."""

from __future__ import annotations

from decimal import Decimal

from budgetkg.ingest.extract.row_nesting import nest, nest_mended

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
