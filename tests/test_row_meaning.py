"""Row meaning on real disclosures of the wide corpus: hierarchy from codes, unit codes, indentation and
sums; continuation pages under running heads; stacked rows; wrapped titles; 其中 rows; same-labelled sheets.

Every expected value was read off the page (``pdftotext -layout -f N -l N``), not from the reader.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from budgetkg.ingest import parse_document
from budgetkg.ingest.iri import table_key
from budgetkg.ingest.model import Document, Row, Table

WIDE = Path(__file__).parent / "fixtures" / "pdf" / "wide"


@cache
def doc(prefix: str) -> Document:
    return parse_document(next(WIDE.glob(f"{prefix}_*.pdf")))


def table(d: Document, words: str) -> Table:
    return next(t for t in d.tables if words in t.title or t.label == words)


def row(t: Table, label: str | None = None, code: str | None = None) -> Row:
    return next(r for r in t.rows if (label is None or r.label == label) and (code is None or r.code == code))


def children(t: Table, r: Row) -> list[Row]:
    return [k for k in t.rows if k.parent == r.index]


def test_a_department_nests_its_units_by_their_codes():
    """Wuxi education bureau, 公开02表 收入总表 p16: 合计 512,434.34 → 305 无锡市教育局 512,434.34 →
    305001 无锡市教育局（本级） 131,349.60, 305002 中国企业管理无锡培训中心 3,339.39 …"""
    t = table(doc("35"), "收入总表")
    total, dept = row(t, "合计"), row(t, "无锡市教育局")
    assert total.kind == "total" and dept.parent == total.index and dept.unit_code == "305"
    own = row(t, "无锡市教育局（本级）")
    assert own.parent == dept.index and own.unit_code == "305001" and own.value(0) == Decimal("131349.60")
    units = children(t, dept)
    assert len(units) >= 20 and sum(u.value(0) or 0 for u in units) == Decimal("512434.34")


def test_a_table_continues_under_a_running_head():
    """Wuxi 公开03表 支出总表 runs over pp. 18–19 under the running head '无锡市教育局 2026 年度部门预算公开':
    20507 特殊教育 6,314.33 (p18) has its item 2050702 专门学校教育 1,201.10 on p19."""
    t = table(doc("35"), "支出总表")
    assert t.pages == (18, 19)
    parent, item = row(t, code="20507"), row(t, code="2050702")
    assert item.parent == parent.index and item.source.page == 19 and item.value(0) == Decimal("1201.10")


def test_rows_nest_by_indentation():
    """Zhuhai commerce bureau 表11 部门预算基本支出预算表 p21: units at the left edge, their economic classes
    indented: 珠海市商务局 6,258.73 = 4,250.28 + 445.41 + 1,507.04 + 56.00."""
    t = table(doc("65"), "表11")
    unit = row(t, "珠海市商务局")
    kids = children(t, unit)
    assert [k.label for k in kids] == ["工资和福利支出", "商品和服务支出", "对个人和家庭的补助", "其他资本性等支出"]
    assert sum(k.value(0) for k in kids) == unit.value(0) == Decimal("6258.73")


def test_a_project_named_like_a_unit_is_a_project():
    """Zhuhai 表12 p22–: '辅助人员补助经费-珠海边检总站' 5,411.25 ends like a unit's name (…站) but is a project
    of 珠海市商务局 (58,446.21), whose projects add up to it."""
    t = table(doc("65"), "表12")
    project, unit = row(t, "辅助人员补助经费-珠海边检总站"), row(t, "珠海市商务局")
    assert project.kind == "item" and project.parent == unit.index
    assert unit.value(0) == Decimal("58446.21")  # its projects add up to 58,446.22: a rounding difference
    assert abs(sum(k.value(0) or 0 for k in children(t, unit)) - unit.value(0)) <= Decimal("0.01")


def test_stacked_rows_in_one_ruled_row_are_split():
    """Jiangsu high court 2018, 五、财政拨款支出预算表 p11: columns are ruled, rows are not; 17 coded rows."""
    t = table(doc("79"), "财政拨款支出预算表")
    assert [r.code for r in t.rows if r.code][:4] == ["204", "20405", "2040501", "2040502"]
    assert row(t, code="2040501").label == "行政运行" and row(t, code="2040501").value(0) == Decimal("14857.61")
    assert row(t, code="2210202").value(0) == Decimal("3318.25")
    assert len([r for r in t.rows if r.code]) == 17


def test_one_code_column_with_two_digit_kuan_and_unit_codes():
    """Xi'an work-safety bureau 2019 表5 p7: '125001 西安市安全生产监督管理局', '208', '05 行政事业单位离退休',
    '2080505 …' in one code column: 05 is 款 20805 of 类 208, 125001 a unit."""
    t = table(doc("52"), "表5")
    unit = row(t, "西安市安全生产监督管理局")
    assert unit.unit_code == "125001" and unit.kind == "section" and unit.code is None
    kuan = next(r for r in t.rows if r.code == "20805")
    assert kuan.label == "行政事业单位离退休" and kuan.value(0) == Decimal("113.28")
    assert row(t, code="2080505").parent == kuan.index


def test_a_wrapped_title_is_one_title_and_the_table_continues():
    """Xi'an propaganda dept 2021 表5 pp. 24–25: the title wraps ('…（按支出功能分类科' / '目-不含上年结转）') and
    '表5' is printed again on p25 above the rest of the table."""
    t = table(doc("54"), "表5")
    assert t.title == "2021年部门综合预算一般公共预算支出明细表（按支出功能分类科目-不含上年结转）"
    assert t.pages == (24, 25) and not any(x.label == "表5（2）" for x in doc("54").tables)


def test_a_qizhong_row_is_a_subset_not_a_part():
    """Xi'an 2021 表1 p16: '(1)一般公共预算拨款 258,596,001.79' then '其中：专项资金列入部门预算的项目
    200,000,000.00' — part of the line above, not one of its parts."""
    t = table(doc("54"), "表1")
    line, part = row(t, "(1)一般公共预算拨款"), row(t, "其中：专项资金列入部门预算的项目")
    assert part.subset_of == line.index and part.parent is None
    assert part.value(0) == Decimal("200000000.00") <= line.value(0)


def test_plain_rows_under_a_numbered_total_are_its_parts():
    """Hangzhou meteorological bureau 表4 p18: '一、本年支出合计 5,753.07' then 科学技术支出 28.00 …
    自然资源海洋气象等支出 5,247.87 (indented), '二、年终结转结余', '支出总计 5,753.07'."""
    t = table(doc("40"), "表4")
    total = row(t, "一、本年支出合计")
    classes = [r for r in children(t, total)]
    assert [r.label for r in classes] == ["科学技术支出", "社会保障和就业支出", "卫生健康支出", "自然资源海洋气象等支出"]
    assert total.value(1) == Decimal("5753.07")  # the classes add up to 5,753.06: a rounding difference
    assert abs(sum(r.value(1) for r in classes) - total.value(1)) <= Decimal("0.01")
    assert t.unverified is None


def test_units_nest_by_indentation():
    """Hangzhou 表2 p16: 合计 → 杭州市气象局 5,876.67 → (indented) 杭州市气象局 5,011.05, 杭州市气象服务中心… 865.62."""
    t = table(doc("40"), "表2")
    dept = next(r for r in t.rows if r.label == "杭州市气象局" and r.value(0) == Decimal("5876.67"))
    assert [k.value(0) for k in children(t, dept)] == [Decimal("5011.05"), Decimal("865.62")]


@pytest.mark.parametrize(("label", "key"), [("表14", "14"), ("表14（2）", "14_2"), ("公开表1-2", "1-2")])
def test_sheets_with_the_same_label_get_their_own_iri(label, key):
    assert table_key(label) == key
