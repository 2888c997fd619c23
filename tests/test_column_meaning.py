"""Header → meaning (ingest/extract/column_meaning.py) on header texts printed in the corpus documents.

Each case is a column's header path as the document prints it (outermost group first), the document's year and
phase, and what the column states: its year and phase (None = the document's own), its measure and whether it is
additive. The source of each header is noted (document number, table, page).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.ingest.extract.column_meaning import is_subset, meaning, parse_value, row_meaning
from budgetkg.ingest.extract.pdf_grid import is_numbering_row
from budgetkg.ingest.model import Measure

A, CH, CP, SP, LN, CT = (Measure.AMOUNT, Measure.CHANGE, Measure.CHANGE_PERCENT, Measure.SHARE_PERCENT,
                         Measure.LINE_NUMBER, Measure.COUNT)

CASES = [
    # (header path, doc year, doc phase) → (year, phase, measure)
    # prior-year budget columns beside this year's (三公 tables of Shandong 18/62/63/64 公开表7, Chongqing 27 表五/表八)
    (("2025年预算数", "合计"), 2026, "预算", (2025, "预算", A)),
    (("2025年预算数", "公务用车购置及运行维护费", "公务用车购置经费"), 2026, "预算", (2025, "预算", A)),
    (("2026年预算数", "合计"), 2026, "预算", (None, None, A)),
    (("2025年预算数",), 2026, "预算", (2025, "预算", A)),
    # Xi'an 三公 table (49/50/58 表13): 上年 | 当年 | 增减变化情况
    (("上年", "一般公共预算拨款安排的“三公”经费预算", "小计"), 2026, "预算", (2025, "预算", A)),
    (("当年", "会议费"), 2026, "预算", (None, None, A)),
    (("增减变化情况", "一般公共预算拨款安排的“三公”经费预算", "因公出国（境）费用"), 2026, "预算", (None, None, CH)),
    (("增减变化情况", "培训费"), 2026, "预算", (None, None, CH)),
    # Xi'an 2019/2021 (52 表13: 2018年 | 2019年 | 增减变化情况)
    (("2018年", "合计"), 2019, "预算", (2018, "预算", A)),
    (("2019年", "合计"), 2019, "预算", (None, None, A)),
    # central 决算 (41 公开09表): 预算数 | 决算数; 公开01表 行次
    (("预算数", "合计"), 2024, "决算", (None, "预算", A)),
    (("决算数", "公务用车购置及运行维护费", "小计"), 2024, "决算", (None, None, A)),
    (("收入", "行次"), 2024, "决算", (None, None, LN)),
    (("项目", "科目名称", "栏次"), 2026, "预算", (None, None, LN)),
    # Putuo 决算 (05 p18 三公): 财政拨款“三公”经费 / 合计 / 预算数 | 决算数
    (("财政拨款“三公”经费", "合计", "预算数"), 2024, "决算", (None, "预算", A)),
    (("财政拨款“三公”经费", "公务接待费", "决算数"), 2024, "决算", (None, None, A)),
    # Xi'an 决算 (57 p30 部门整体支出绩效自评表): 全年预算数 | 全年执行数 | 执行率
    (("西安市卫生健康委员会", "全年预算数（万元）", "总额"), 2022, "决算", (None, "全年预算", A)),
    (("西安市卫生健康委员会", "全年执行数（万元）", "财政拨款"), 2022, "决算", (None, None, A)),
    (("执行率",), 2022, "决算", (None, None, SP)),
    # fund sources and carry-over of the current year, never a prior-year figure (Xi'an 表2, Zhejiang 表2)
    (("部门预算", "上年实户资金余额"), 2026, "预算", (None, None, A)),
    (("上年结转结余", "一般公共预算"), 2026, "预算", (None, None, A)),
    (("上年结转",), 2026, "预算", (None, None, A)),
    (("本年收入", "小计"), 2026, "预算", (None, None, A)),
    (("收入", "本年预算"), 2025, "预算", (None, None, A)),
    (("2026年预算", "财政拨款", "一般公共预算拨款"), 2026, "预算", (None, None, A)),
    # a 2024 budget's own 三公 columns (Putuo 80)
    (("2024年“三公”经费预算数", "合计"), 2024, "预算", (None, None, A)),
    (("2024年机关运行经费预算数",), 2024, "预算", (None, None, A)),
    # counts, scores and text are never money
    (("在职人数",), 2026, "预算", (None, None, CT)),  # 45 p5
    (("数量",), 2026, "预算", (None, None, CT)),  # Xi'an 49 表12 (政府采购预算表): items bought
    (("西安市卫生健康委员会", "分值"), 2022, "决算", (None, None, Measure.SCORE)),  # 57 p30
    (("西安市卫生健康委员会", "得分"), 2022, "决算", (None, None, Measure.SCORE)),
    (("指标值",), 2026, "预算", (None, None, Measure.TEXT)),  # Chongqing 27 表十二
    # Shenzhen 三公 rows (19/21/23 表9) print the change as a row; as a header it is a change
    (("增减变化金额",), 2026, "预算", (None, None, CH)),
]


@pytest.mark.parametrize(("path", "year", "phase", "expected"), CASES, ids=["/".join(c[0]) for c in CASES])
def test_header_meaning(path, year, phase, expected) -> None:
    m = meaning(path, year, phase)
    assert (m.year, m.phase, m.measure) == expected


@pytest.mark.parametrize(("path", "subset"), [
    (("一般公共预算支出", "其中：基本支出"), True),  # 11 表5
    (("2026年政府采购项目", "其中：2026年政府采购项目中预留给中小企业的项目资金规模"), True),  # Shenzhen 表3
    (("其中：", "项目支出"), True),
    (("本年支出", "项目支出", "其中：基本建设资金支出"), True),
    (("2026年政府采购项目", "小计"), False),
    (("基本支出", "人员经费"), False),
])
def test_subset_columns(path, subset) -> None:
    assert is_subset(path) is subset
    assert meaning(path, 2026, "预算").additive is not subset


def test_percent_and_change_values() -> None:
    assert parse_value("-60.86%", Measure.CHANGE_PERCENT) == Decimal("-60.86")
    assert parse_value("100.00%", Measure.SHARE_PERCENT) == Decimal("100.00")
    assert parse_value("-27.07", Measure.CHANGE) == Decimal("-27.07")
    assert parse_value("1,097.02", Measure.AMOUNT) == Decimal("1097.02")
    assert parse_value("4.88%", Measure.AMOUNT) is None  # a percentage is never read as money


@pytest.mark.parametrize(("texts", "numbering"), [
    (["栏次", "", "1", "栏次", "", "2"], True),  # 41 公开01表: 项目 | 行次 | 金额 on both sides
    (["栏次", "1", "2", "3"], True),  # Jiangsu 公开11表
    (["**", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17"], True),  # 40 表2
    (["**", "**", "1", "2", "3", "4", "5", "6"], True),  # 40 表10
    ([str(k) for k in range(1, 13)], True),  # 41 公开09表
    (["合计", "5,876.67", "5,876.67"], False),
    (["201", "一般公共服务支出", "12", "13"], False),
    (["2", "3"], False),  # two amounts of a row, not a numbering from 1
])
def test_numbering_rows(texts, numbering) -> None:
    assert is_numbering_row(texts) is numbering


@pytest.mark.parametrize(("label", "expected"), [
    ("2025 年", (2025, "预算", A)),  # Shenzhen 19/21/23 表9: a unit's 2025 row
    ("2026 年", (None, None, A)),
    ("增减变化金额", (None, None, CH)),
])
def test_rows_that_are_periods(label, expected) -> None:
    m = row_meaning(label, 2026, "预算")
    assert m is not None and (m.year, m.phase, m.measure) == expected


@pytest.mark.parametrize("label", ["上年结转", "年初结转和结余", "合计", "深圳市交通运输局（本级）", "本年收入合计",
                                   "一般公共服务支出", "2025年第二季度投资促进激励"])
def test_rows_that_are_subjects(label) -> None:
    assert row_meaning(label, 2026, "预算") is None
