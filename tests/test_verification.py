"""Abstain rather than accuse: a table's reading is verified by its own sums (ingest.verification), rows
that print no structure nest by their sums (ingest.extract.row_nesting), and findings on an unverified
table are withheld with one Warning (ingest.validate)."""

from __future__ import annotations

import copy
import dataclasses
import functools
from decimal import Decimal
from pathlib import Path

from budgetkg.ingest import parse_document, to_graph
from budgetkg.ingest.extract.row_nesting import nest
from budgetkg.ingest.identities import balance_identities, table_identities
from budgetkg.ingest.model import Cell, Document, Table
from budgetkg.ingest.validate import validate_document
from budgetkg.ingest.verification import explain, verify, verify_table

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


@functools.cache
def _wide(name: str) -> Document:
    return parse_document(FIXTURES / "wide" / name)


def _table(name: str, label: str) -> Table:
    return copy.deepcopy(next(t for t in _wide(name).tables if t.label == label))


def _cell(table: Table, label: str, column: int) -> Cell:
    row = next(r for r in table.rows if r.label == label)
    return next(c for c in row.cells if c.column == column)


def _misprint(table: Table, label: str, column: int, by: str) -> tuple[int, int]:
    """Change one printed amount of a table (as a misprint would) and give its (row, column)."""
    row = next(r for r in table.rows if r.label == label)
    _cell(table, label, column).value += Decimal(by)
    return row.index, column


def _row_sum_violations(name: str, table: Table) -> list:
    """The row-sum Violations validation reports on one table of a document (the table replaced by ``table``)."""
    d = copy.deepcopy(_wide(name))
    d.tables = [table if t.label == table.label else t for t in d.tables]
    report = validate_document(to_graph(d))
    return [f for f in report.violations if f.rule == "row-sum" and any(s.table == table.label for s in f.sides)]


FUZHOU = "48_fujian-fuzhou_wenzhi-zhongxin_2026_unit-budget.pdf"
FUZHOU_FUNCTION = "2026年度一般公共预算拨款支出预算表"


def test_a_misprinted_whole_is_traced_through_its_subset_column():
    """福州 p11 '住房保障支出 | 小计 1059.28 | 其中：基本支出 1059.28': printed 1058.28, the 小计 breaks 合计 and its
    own 款 (both mended by +1) and falls below its 其中 — the same +1 mends that too: one misprint, verified,
    and validation says the rows do not add up; the table as printed raises nothing."""
    t = _table(FUZHOU, FUZHOU_FUNCTION)
    assert verify_table("x", t) is None and not _row_sum_violations(FUZHOU, t)
    cell = _misprint(t, "住房保障支出", 0, "-1")
    assert explain(table_identities("x", t)) == ([cell], [])
    assert verify_table("x", t) is None
    assert _row_sum_violations(FUZHOU, t)


def test_a_subset_column_the_correction_does_not_mend_stays_unexplained():
    """The same 小计 one short, and its 其中 基本支出 5 over (a column read into its neighbour looks so): the +1
    that mends the sums leaves 1059.28 ⊆ 1064.28 broken — not one misprint."""
    t = _table(FUZHOU, FUZHOU_FUNCTION)
    cell = _misprint(t, "住房保障支出", 0, "-1")
    ids = table_identities("x", t)
    subset = next(i for i in ids if i.at_most and i.cells == (cell, (cell[0], 1)))
    subset.actual += Decimal(5)  # only the 其中 comparison sees it
    chosen, left = explain(ids)
    assert chosen == [cell] and left == [subset]


ZHUHAI = "66_guangdong-zhuhai_gongwu-zhongxin_2026_dept-budget.pdf"


def test_a_subset_that_still_holds_does_not_bar_the_misprinted_whole():
    """珠海 表9 '超长期特别国债安排的支出 | 小计 6,816.00 | 其中：基本支出 0.00 | 项目支出 6,816.00': printed 6,817.00,
    its 款 and 项 sums fail by 1 while 6,816.00 ⊆ 6,817.00 still holds — and holds after the correction too, so
    it does not clear the cell; a correction that would break a 其中 still bars it (项目支出 one over)."""
    t = _table(ZHUHAI, "表9")
    cell = _misprint(t, "超长期特别国债安排的支出", 0, "1")
    assert explain(table_identities("x", t)) == ([cell], [])
    assert verify_table("x", t) is None and _row_sum_violations(ZHUHAI, t)
    _cell(t, "超长期特别国债安排的支出", 2).value += Decimal(1)  # 项目支出 6,817.00 too: -1 would break it
    assert cell not in explain(table_identities("x", t))[0]


JIANGSU = "75_jiangsu_shengwei-biao_2017_dept-budget.pdf"


def test_income_and_spending_totals_that_agree_corroborate_their_columns():
    """江苏 财政拨款收支预算总表: the income column prints one sum (收入合计 = 一般公共预算 + 政府性基金); a misprinted
    一般公共预算 20,703.25 breaks it and nothing else. 收入合计 20,702.25 = 支出合计 20,702.25 says the column was read
    in place, so the one misprint is traced (verified) and reported."""
    t = _table(JIANGSU, "财政拨款收支预算总表")
    assert verify_table("x", t) is None and not _row_sum_violations(JIANGSU, t)
    _misprint(t, "一、一般公共预算", 0, "1")
    assert balance_identities("x", t) and all(i.holds for i in balance_identities("x", t))
    assert verify_table("x", t) is None
    assert _row_sum_violations(JIANGSU, t)
    _misprint(t, "支出合计", 1, "1")  # the totals disagree: they corroborate nothing
    assert verify_table("x", t) is not None


def test_totals_that_agree_do_not_clear_themselves():
    """湖州 表04 (ledger): 收入总计 38191.21 = 支出总计 38191.21, but the spending classes add up to 64,618.76 — the
    document copied one total from the other. The agreement corroborates the column, not the cell: the table
    stays verified and its row-sum Violation stands."""
    name = "67_zhejiang-huzhou_weijianwei_2026_dept-budget.pdf"
    t = _table(name, "表04")
    total = next(r.index for r in t.rows if r.label == "支出总计")
    assert all(i.holds for i in balance_identities("x", t))
    assert verify_table("x", t) is None
    assert (total, 1) in explain(table_identities("x", t), agreements=balance_identities("x", t))[0]


SHENZHEN = "23_guangdong-shenzhen_baoan-guanliju_2026_dept-budget.pdf"


def _function_lines(d: Document) -> list:
    return [f for f in validate_document(to_graph(d)).violations if f.rule == "function-lines"]


def test_a_line_under_the_summary_classes_is_compared_with_its_line_in_the_expenditure_table():
    """深圳 表1 p15 prints 款 and 项 under its classes ('五、自然资源海洋气象等支出 4,983.00 / 自然资源事务 / …
    海洋战略规划与预警监测 50.00'), which its own sums cannot check (they are not nested); 表3 prints the same 项
    (2200128) once. Printed 51.00 in 表1, the two tables disagree; as published they agree. A name 表3 printed
    on two rows (each unit's lines of a department) would name no one line: not compared."""
    d = copy.deepcopy(_wide(SHENZHEN))
    assert not _function_lines(d)
    summary = next(t for t in d.tables if t.label == "表1")
    _cell(summary, "海洋战略规划与预警监测", 1).value = Decimal("51.00")
    found = _function_lines(d)
    assert [{s.table for s in f.sides} for f in found] == [{"表1", "表3"}]
    assert "海洋战略规划与预警监测" in found[0].message_zh
    spending = next(t for t in d.tables if t.label == "表3")
    line = next(r for r in spending.rows if r.label == "海洋战略规划与预警监测")
    spending.rows.append(dataclasses.replace(line, index=len(spending.rows), cells=copy.deepcopy(line.cells)))
    assert not _function_lines(d)


def test_a_gap_equal_to_a_coded_part_is_a_misprint():
    """珠海 表7 p13 '303 对个人和家庭的补助 123.65 = 30302 退休费 122.47 + 30309 奖励金 0.18 + 30399 其他 1.00':
    奖励金 printed 1.18 makes the sum 1.00 over — exactly the 30399 line, which would read as a row that is no
    part. Its code, printed once under 303, says it is one: the misprint is traced and reported. Without
    codes the same gap stays the signature of a misreading."""
    t = _table(ZHUHAI, "表7")
    assert verify_table("x", t) is None and not _row_sum_violations(ZHUHAI, t)
    _misprint(t, "奖励金", 0, "1")
    assert verify_table("x", t) is None and _row_sum_violations(ZHUHAI, t)
    ids, values = table_identities("x", t), {(r.index, c.column): c.value for r in t.rows for c in r.cells}
    chosen, left = explain(ids, values=values, codes={r.index: r.code for r in t.rows if r.code})
    assert len(chosen) == 1 and not left  # one of the three parts (which one, the sum cannot say)
    assert explain(ids, values=values)[1]
    next(r for r in t.rows if r.label == "其他对个人和家庭的补助").code = None
    assert verify_table("x", t) is not None


FUZHOU_ECONOMIC = "2026年度一般公共预算支出经济分类情况表"


def _sum_violations(d: Document, label: str) -> list:
    return [f for f in validate_document(to_graph(d)).violations
            if f.rule in ("row-sum", "column-sum") and any(s.table == label for s in f.sides)]


def _reprint(table: Table, label: str, text: str) -> None:
    """Print another number in the row's first cell (value and printed text, as a misprint reads)."""
    cell = _cell(table, label, 0)
    cell.value = Decimal(text)
    cell.source = dataclasses.replace(cell.source, text=text)


def test_a_one_sum_table_whose_figures_another_table_prints_is_vouched_for():
    """福州 p14 经济分类情况表 prints one sum: 合计 6053.42 = 工资福利支出 5643.29 + 商品和服务支出 410.13; the
    基本支出经济分类情况表 p15 prints 6053.42 and 5643.29 too, so the column was read in place. 商品和服务支出 printed
    411.13 (one digit) is a misprint: verified, and the sum is reported; as published, nothing."""
    d = copy.deepcopy(_wide(FUZHOU))
    t = next(t for t in d.tables if t.label == FUZHOU_ECONOMIC)
    assert t.unverified is None and not _sum_violations(d, FUZHOU_ECONOMIC)
    _reprint(t, "商品和服务支出", "411.13")
    verify(d)
    assert t.unverified is None and _sum_violations(d, FUZHOU_ECONOMIC)


def test_an_echoed_column_clears_a_one_digit_correction_only():
    """The same column 1,000.00 off in 410.13 (1410.13: one digit) is a misprint; 123.45 off (533.58: a row the
    reading lost looks so) is not; and with no other table to echo its figures neither is."""
    d = copy.deepcopy(_wide(FUZHOU))
    t = next(t for t in d.tables if t.label == FUZHOU_ECONOMIC)
    _reprint(t, "商品和服务支出", "1410.13")
    verify(d)
    assert t.unverified is None
    _reprint(t, "商品和服务支出", "533.58")
    verify(d)
    assert t.unverified is not None
    d = copy.deepcopy(_wide(FUZHOU))
    t = next(t for t in d.tables if t.label == FUZHOU_ECONOMIC)
    _reprint(t, "商品和服务支出", "411.13")
    d.tables = [t]
    verify(d)
    assert t.unverified is not None


def test_one_long_figure_another_table_prints_vouches_for_its_column():
    """江苏人大 2017 收支预算总表 p7: 一、财政拨款 13,649.07 = 一般公共预算 13,649.07 and 收入合计 13,649.07 — every
    figure of the column is the one 13,649.07, which four other tables print too (seven significant digits: no
    chance agreement). 一、财政拨款 printed 13,648.07 breaks both sums by one digit: traced and reported."""
    name = "69_jiangsu_renda-bgt_2017_dept-budget.pdf"
    d = copy.deepcopy(_wide(name))
    t = next(t for t in d.tables if t.label == "收支预算总表")
    assert t.unverified is None and not _sum_violations(d, t.label)
    _reprint(t, "一、财政拨款", "13648.07")
    verify(d)
    assert t.unverified is None and _sum_violations(d, t.label)
