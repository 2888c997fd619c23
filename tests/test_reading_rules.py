"""The reading rules added for documents of the wide corpus, each on the page it came from and on a small table
built to break it: rows placed by their sums, project lists, explained empty tables, codes printed without their
leading zero, pages that draw more than they show.

Expected values were read off the page (``pdftotext -layout -f N -l N``), not from the reader.
"""

from __future__ import annotations

from decimal import Decimal as D
from functools import cache
from pathlib import Path

from budgetkg.ingest import parse_document
from budgetkg.ingest.extract.empty_tables import _names_number, _number, _reason
from budgetkg.ingest.extract.row_nesting import adopt_orphans, adopt_section_rows, flatten_unit_lists, nest
from budgetkg.ingest.model import Cell, Document, Provenance, Row, Table, TableRole

WIDE = Path(__file__).parent / "fixtures" / "pdf" / "wide"


@cache
def doc(prefix: str) -> Document:
    return parse_document(next(WIDE.glob(f"{prefix}_*.pdf")))


def row(index: int, label: str, value: str | None, kind: str = "item", unit: str | None = None,
        code: str | None = None) -> Row:
    cells = [Cell(0, D(value), Provenance(text=value))] if value is not None else []
    return Row(index, label, kind=kind, unit_code=unit, code=code, cells=cells)


# --- sums ---------------------------------------------------------------------------------------------------------

def test_blank_rows_after_the_last_part_close_the_list():
    z = (D(0),)
    assert nest([(D("1154.62"),), (D("1154.62"),), z, z], (D("1154.62"),)) == [None, 0, 0, 0]
    assert nest([(D("33172.15"),), (D("33172.15"),), *[z] * 7], (D("33172.15"),)) is not None
    assert nest([(D("5"),), (D("4"),)], (D("5"),)) is None  # 5 + 4 is no 5, whatever the nesting


def test_rows_that_add_up_to_the_row_above_are_its_parts():
    # Huzhou 表04 (67 p33): 一、财政拨款 38191.21 → 一般公共预算 25591.21 | 政府性基金预算 12600.00 | 国有资本经营预算
    rows = [row(0, "一、财政拨款", "38191.21", kind="class"), row(1, "一般公共预算", "25591.21"),
            row(2, "政府性基金预算", "12600.00"), row(3, "国有资本经营预算", None)]
    adopt_orphans(rows, [0])
    assert [r.parent for r in rows] == [None, 0, 0, 0]
    wrong = [row(0, "一、财政拨款", "38191.21", kind="class"), row(1, "一般公共预算", "25591.21"),
             row(2, "政府性基金预算", "12000.00")]
    adopt_orphans(wrong, [0])
    assert [r.parent for r in wrong] == [None, None, None]


def test_the_fiscal_summary_income_side_reads_its_funds_under_their_head():
    t = next(t for t in doc("67").tables if t.label == "表04")
    by_label = [(r.label, r.parent) for r in t.rows if r.side == "income"][:4]
    assert by_label == [("一、财政拨款", 4), ("一般公共预算", 0), ("政府性基金预算", 0), ("国有资本经营预算", 0)]


def test_a_project_list_with_the_unit_code_on_every_line_lists_lines():
    rows = [row(0, "合计", "30", kind="total"), row(1, "全额", "30", kind="section", unit="1"),
            row(2, "公安其他业务经费", "10", kind="section", unit="153001"),
            row(3, "警航基地建设项目", "5", unit="153001", code="2040299"),
            row(4, "强制戒毒所", "5", unit="153001", code="2040299"),
            row(5, "车管所", "10", kind="section", unit="153002")]
    rows[1].parent = 0
    flatten_unit_lists(rows)
    assert [(r.kind, r.parent) for r in rows[2:]] == [("item", 1)] * 4
    units = [row(0, "合计", "30", kind="total"), row(1, "西安市公安局", "30", kind="section", unit="153"),
             row(2, "西安市公安局本级", "20", kind="section", unit="153001"),
             row(3, "交通警察支队", "10", kind="section", unit="153002")]
    flatten_unit_lists(units)  # each unit on a line of its own: units stay units
    assert [r.kind for r in units] == ["total", "section", "section", "section"]


def test_a_units_projects_printed_after_its_line_are_the_units():
    # Xi'an 安监局 2019 表10 (52 p25): 125 → 125001 1,008.45 → its six projects, then 125002 185.20 → two …
    t = next(t for t in doc("52").tables if t.label == "表10")
    unit = next(r for r in t.rows if r.unit_code == "125001")
    projects = [r for r in t.rows if r.parent == unit.index]
    assert unit.value(0) == D("1008.45") and len(projects) == 6
    assert sum((r.value(0) for r in projects), D(0)) == D("1008.45")
    rows = [row(0, "部门", "10", kind="section", unit="125"), row(1, "单位", "6", kind="section", unit="125001"),
            row(2, "项目甲", "4"), row(3, "项目乙", "3")]
    rows[1].parent = rows[2].parent = rows[3].parent = 0
    adopt_section_rows(rows, [0])  # 4 + 3 is no 6: the rows stay where they were
    assert [r.parent for r in rows] == [None, 0, 0, 0]


def test_xian_carry_over_projects_add_up_to_their_group():
    t = next(t for t in doc("50").tables if t.label == "表11")
    full = next(r for r in t.rows if r.label == "全额")
    kids = [r for r in t.rows if r.parent == full.index]
    assert full.value(0) == D("131027041.73")
    assert sum((r.value(0) or D(0) for r in kids), D(0)) == full.value(0)


# --- codes, pages -------------------------------------------------------------------------------------------------

def test_a_kuan_printed_without_its_leading_zero():
    # Putuo 万里街道 2024 p29: '301 | 2 | 津贴补贴', '301 | 7 | 绩效工资'
    t = next(t for t in doc("80").tables if "基本支出部门预算经济分类" in t.title)
    codes = {r.label: r.code for r in t.rows}
    assert codes["津贴补贴"] == "30102" and codes["绩效工资"] == "30107" and codes["基本工资"] == "30101"


def test_what_lies_below_the_page_is_not_printed():
    # Jiangsu 人大 2017 draws pages 11–15 on page 11; the 基本支出 table is the one printed from p12 on
    d = doc("69")
    basic = [t for t in d.tables if t.title == "财政拨款基本支出预算表"]
    assert len(basic) == 1 and basic[0].pages[0] == 12
    assert basic[0].rows[0].label == "合计" and basic[0].rows[0].value(0) == D("7666.68")


# --- empty tables ----------------------------------------------------------------------------------------------

def _empty(label: str, title: str) -> Table:
    return Table(label=label, title=title, role=TableRole.FUND, scale=D(10000), scale_label="万元")


def test_table_numbers_are_read_as_printed():
    assert [_number(x) for x in ("表9", "表09", "公开表十", "公开 07 表", "表3-1", "预算表")] == ["9", "9", "10", "7",
                                                                                                "3-1", None]
    assert _names_number("表9部门综合预算政府性基金收支表|是|不涉及", "9")
    assert not _names_number("表19", "9") and not _names_number("表9-1", "9")


def test_an_empty_table_is_explained_by_what_the_document_says():
    fund = _empty("表9", "部门综合预算政府性基金收支表")
    listed = [("表9 | 部门综合预算政府性基金收支表 | 是 | 不涉及", 40)]
    assert _reason(fund, listed, []).startswith("表9")
    said = [("本部门无当年政府性基金预算收支，并已公开空表", 12)]
    assert "p. 12" in _reason(fund, [], said)
    # an amount of 0 is a figure, not a word on the empty table
    assert _reason(fund, [], [("政府性基金拨款支出预算为0", 6)]) is None
    # a list row that answers 否 explains nothing
    assert _reason(fund, [("表9 | 部门综合预算政府性基金收支表 | 否 |", 40)], []) is None
    # another fund's absence explains nothing
    assert _reason(fund, [], [("本部门无国有资本经营预算支出", 6)]) is None


def test_empty_tables_explained_in_the_document_or_its_companion():
    xian = {t.label: t.empty_reason for t in doc("49").tables if t.is_empty}
    assert xian["表9"] and "不涉及" in xian["表9"]
    # Jiangsu 省委 2017: the tables-only file's companion narrative says 本部门无政府性基金预算
    from budgetkg.ingest.identity import Given

    path = next(WIDE.glob("75_*.pdf"))
    d = parse_document(path, given=Given(batch=tuple(str(p) for p in sorted(WIDE.glob("*.pdf")))))
    fund = next(t for t in d.tables if "政府性基金" in t.title)
    assert fund.is_empty and "本部门无政府性基金预算" in fund.empty_reason and "74_jiangsu" in fund.empty_reason
    alone = next(t for t in doc("75").tables if "政府性基金" in t.title)  # no batch: nothing explains it
    assert alone.empty_reason is None
