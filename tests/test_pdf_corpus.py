"""The PDF reader against eight real disclosures (tests/fixtures/pdf, hand-checked truth.json)."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from budgetkg.ingest.extract.pdf import read_pdf
from budgetkg.ingest.extract.tables import compact
from budgetkg.ingest.model import Document, Phase, Row, Scope, Table, TableRole
from budgetkg_testing import require_corpus

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"
require_corpus()
TRUTH = json.loads((FIXTURES / "truth.json").read_text(encoding="utf-8"))
FILES = sorted(TRUTH)
R = TableRole

# The role each printed title names, by the first page of the table in truth.json (whose titles and pages were
# read by hand; each title below was re-checked with `pdftotext -layout -f N -l N`). The roles are TableRole's
# vocabulary (ingest/model.py): a 财政拨款 function/basic table has no role of its own and counts as the
# 一般公共预算 one (GENERAL_FUNCTION / GENERAL_BASIC), a 基本支出 table of all funds is GENERAL_BASIC, and what the
# enum does not name (机关运行经费, 政府采购, untitled grids in the narrative) is OTHER.
ROLES: dict[str, dict[int, TableRole]] = {
    "02": {8: R.SUMMARY,  # 2026年预算单位财务收支预算总表
           9: R.INCOME,  # 2026年预算单位收入预算总表
           11: R.EXPENDITURE,  # 2026年预算单位支出预算总表
           13: R.FISCAL_SUMMARY,  # 2026年预算单位财政拨款收支预算总表
           14: R.GENERAL_FUNCTION,  # 2026年预算单位一般公共预算支出功能分类预算表
           16: R.FUND,  # 2026年预算单位政府性基金预算支出功能分类预算表
           17: R.STATE_CAPITAL,  # 2026年预算单位国有资本经营预算支出功能分类预算表
           18: R.GENERAL_BASIC,  # 2026年预算单位一般公共预算基本支出部门预算经济分类预算表
           20: R.THREE_PUBLIC},  # 2026年单位“三公”经费和机关运行经费预算表
    "05": {5: R.OTHER,  # untitled list of member units (序号 | 单位名称 | 备注) in 第一部分
           6: R.SUMMARY,  # 收入支出决算总表
           8: R.INCOME,  # 收入决算表
           10: R.EXPENDITURE,  # 支出决算表
           12: R.FISCAL_SUMMARY,  # 财政拨款收入支出决算总表
           15: R.GENERAL_FUNCTION,  # 一般公共预算财政拨款支出决算表
           16: R.GENERAL_BASIC,  # 一般公共预算财政拨款基本支出决算表
           18: R.THREE_PUBLIC,  # 财政拨款“三公”经费支出决算表
           19: R.FUND,  # 政府性基金预算财政拨款收入支出决算表
           20: R.STATE_CAPITAL},  # 国有资本经营预算财政拨款收入支出决算表
    "06": {1: R.SUMMARY,  # 收支预算总表
           2: R.INCOME,  # 收入预算总表
           3: R.EXPENDITURE,  # 支出预算总表
           4: R.FISCAL_SUMMARY,  # 财政拨款收支预算总表
           5: R.GENERAL_FUNCTION,  # 财政拨款支出预算表（功能科目）
           6: R.GENERAL_BASIC,  # 财政拨款基本支出预算表（经济科目）
           7: R.GENERAL_FUNCTION,  # 一般公共预算支出预算表（功能科目）
           8: R.GENERAL_BASIC,  # 一般公共预算基本支出预算表（经济科目）
           9: R.THREE_PUBLIC,  # “三公”经费、会议费、培训费支出预算表
           10: R.FUND,  # 财政拨款政府性基金支出预算表
           11: R.OTHER,  # 一般公共预算机关运行经费支出预算表
           12: R.OTHER},  # 2019年政府采购预算表
    "09": {},  # narrative only: no tables
    "10": {11: R.OTHER,  # untitled grid under 第七部分 重点项目预算绩效情况说明, p11-12
           16: R.SUMMARY,  # 表1 收支总表
           18: R.INCOME,  # 表2 收入总表
           19: R.EXPENDITURE,  # 表3 支出总表
           22: R.GENERAL_BASIC,  # 表4 基本支出总表
           24: R.PROJECT,  # 表5 项目支出总表
           25: R.FISCAL_SUMMARY,  # 表6 财政拨款收支总表
           27: R.GENERAL_FUNCTION,  # 表7 一般公共预算支出表（按功能分类）
           29: R.FISCAL_ECONOMIC,  # 表8 一般公共预算支出表（按经济分类）: basic and project together
           32: R.THREE_PUBLIC,  # 表9 财政拨款“三公”经费支出表
           33: R.FUND,  # 表10 政府性基金预算支出表
           34: R.STATE_CAPITAL},  # 表11 国有资本经营预算支出表
    "11": {6: R.SUMMARY,  # 表1 收支总体情况表
           8: R.INCOME,  # 表2 收入总体情况表
           9: R.EXPENDITURE,  # 表3 本年支出总体情况表
           11: R.FISCAL_SUMMARY,  # 表4 财政拨款收支总体情况表
           13: R.GENERAL_FUNCTION,  # 表5 一般公共预算支出情况表（按功能分类科目）
           14: R.GENERAL_BASIC,  # 表6 一般公共预算基本支出情况表（按经济分类科目）
           16: R.GENERAL_PROJECT,  # 表7 一般公共预算项目支出情况表（按经济分类科目）
           17: R.THREE_PUBLIC,  # 表8 财政拨款安排的行政经费及“三公”经费预算表
           18: R.FUND,  # 表9 政府性基金预算支出情况表
           19: R.STATE_CAPITAL,  # 表10 国有资本经营预算支出情况表
           20: R.GENERAL_BASIC,  # 表11 部门预算基本支出预算表
           21: R.PROJECT,  # 表12 部门预算项目支出及其他支出预算表
           25: R.OTHER},  # untitled grid under 七、重点项目预算绩效目标情况 (项目 | 预算数 | 绩效目标)
    "13": {8: R.SUMMARY,  # 表一 2026 年单位收支总体情况表
           9: R.INCOME,  # 表二 2026 年单位收入总体情况表
           12: R.EXPENDITURE,  # 表三 2026 年单位支出总体情况表
           15: R.FISCAL_SUMMARY,  # 表四 2026 年财政拨款收支总体情况表
           16: R.GENERAL_FUNCTION,  # 表五 2026 年一般公共预算支出情况表
           19: R.GENERAL_BASIC,  # 表六 2026 年一般公共预算基本支出情况表
           22: R.FUND,  # 表七 2026 年政府性基金预算支出情况表
           23: R.THREE_PUBLIC,  # 表八 2026 年财政拨款“三公”经费支出情况表
           24: R.OTHER},  # 表九 2026 年政府采购预算明细表
    "18": {7: R.SUMMARY,  # 公开表1 收支总体情况表
           8: R.INCOME,  # 公开表2 收入总体情况表
           10: R.EXPENDITURE,  # 公开表3 支出总体情况表
           12: R.FISCAL_SUMMARY,  # 公开表4 财政拨款收支总体情况表
           14: R.GENERAL_FUNCTION,  # 公开表5 一般公共预算支出情况表
           16: R.GENERAL_BASIC,  # 公开表6 一般公共预算基本支出情况表
           18: R.THREE_PUBLIC,  # 公开表7 一般公共预算“三公”经费支出情况表
           19: R.FUND,  # 公开表8 政府性基金预算支出情况表
           20: R.STATE_CAPITAL,  # 公开表9 国有资本经营预算支出情况表
           21: R.GENERAL_BASIC,  # 公开表10 基本支出预算情况表
           24: R.PROJECT,  # 公开表11 项目支出预算情况表
           25: R.OTHER,  # 公开表12 政府采购预算表
           30: R.PERFORMANCE, 31: R.PERFORMANCE,  # 政策和项目预算绩效目标表 (公车统管, 设备购置更新)
           32: R.PERFORMANCE, 33: R.PERFORMANCE},  # 政策和项目预算绩效目标表 (周期性调查, 1%人口抽样调查)
}

# Where each document prints its 三公 total: (row label part or None, column path parts)
SANGONG = {
    "02": (None, ("“三公”经费预算数", "合计")),
    "06": (None, ("“三公”经费", "小计")),
    "10": ("2026年", ("总计", "一般公共预算")),
    "11": ("“三公”经费", ("合计",)),
    "13": (None, ("合计",)),
    "18": (None, ("2026年预算数", "合计")),
}


@cache
def parsed(name: str) -> Document:
    return read_pdf((FIXTURES / name).read_bytes(), name)


@pytest.fixture(scope="module", params=FILES, ids=[f[:2] for f in FILES])
def case(request) -> tuple[Document, dict]:
    return parsed(request.param), TRUTH[request.param]


def where(states: str) -> list:
    """The documents whose truth.json states ``states`` (09, narrative only, states no tables at all)."""
    return [pytest.param(f, id=f[:2]) for f in FILES if TRUTH[f][states]]


def _totals(table: Table, side: str | None) -> list[Row]:
    return [r for r in table.rows if r.kind == "total" and (side is None or r.side == side)]


def _column(table: Table, *parts: str) -> int:
    for c in table.columns:
        if all(any(p in seg for seg in c.path) for p in parts):
            return c.index
    raise AssertionError(f"{table.label}: no column {parts} in {[c.label for c in table.columns]}")


def test_identity(case):
    doc, truth = case
    assert doc.unit_name == truth["unit_name"]
    assert doc.year == truth["fiscal_year"]
    assert doc.phase == Phase(truth["phase"])
    assert doc.scope == Scope(truth["scope"])
    assert doc.pages == truth["pages"]
    assert doc.media_type == "application/pdf"


def _expected_tables(key: str, truth: dict) -> list[tuple[tuple[int, ...], str | None, TableRole]]:
    """(pages, printed title, role) of every table truth.json lists, the role from ROLES."""
    firsts = [t["pages"][0] for t in truth["tables"]]
    assert sorted(ROLES[key]) == sorted(firsts), "ROLES must name exactly the tables of truth.json"
    return sorted((tuple(range(t["pages"][0], t["pages"][1] + 1)), t["title"], ROLES[key][t["pages"][0]])
                  for t in truth["tables"])


def test_tables_found(case):
    doc, truth = case
    want = _expected_tables(doc.source_name[:2], truth)
    assert sorted((t.pages, t.role) for t in doc.tables) == [(pages, role) for pages, _, role in want]
    assert len({t.label for t in doc.tables}) == len(doc.tables), "labels must be unique (IRIs are minted from them)"
    for pages, title, _ in want:
        if title:
            assert any(compact(title) == compact(x.title) and x.pages == pages for x in doc.tables), (title, pages)


@pytest.mark.parametrize("name", where("summary_table"))
def test_scale(name):
    doc, truth = parsed(name), TRUTH[name]
    summary = doc.table(R.SUMMARY)
    assert summary is not None, "truth.json lists a 收支总表"
    assert summary.scale_label == truth["money_scale"]
    assert summary.scale == (Decimal(1) if truth["money_scale"] == "元" else Decimal(10000))
    if truth["sangong"] and truth["sangong"].get("unit"):
        assert doc.table(R.THREE_PUBLIC).scale_label == truth["sangong"]["unit"]


@pytest.mark.parametrize("name", where("summary_table"))
def test_summary_totals(name):
    doc, st = parsed(name), TRUTH[name]["summary_table"]
    table = doc.table(R.SUMMARY)
    for side in ("income", "expenditure"):
        totals = _totals(table, side)
        assert totals, f"no {side} total"
        assert totals[-1].cells[0].value == Decimal(st[f"{side}_grand_total"])
        if st.get(f"{side}_total_this_year"):
            assert totals[0].cells[0].value == Decimal(st[f"{side}_total_this_year"])


@pytest.mark.parametrize("name", where("expenditure_table"))
def test_expenditure_basic_project(name):
    doc, et = parsed(name), TRUTH[name]["expenditure_table"]
    table = doc.table(R.EXPENDITURE)
    total = _totals(table, None)[0]
    assert total.cells[0].value == Decimal(et["total"])
    assert total.value(_column(table, "基本支出")) == Decimal(et["basic_expenditure"])
    assert total.value(_column(table, "项目支出")) == Decimal(et["project_expenditure"])


def test_every_printed_three_public_total_is_located():
    """SANGONG locates the total of every document whose truth.json states one (05 leaves its 决算数 blank:
    test_three_public_budget_columns_of_final_accounts)."""
    assert set(SANGONG) == {f[:2] for f in FILES if TRUTH[f]["sangong"] and TRUTH[f]["sangong"]["total"]}


@pytest.mark.parametrize("name", [pytest.param(f, id=f[:2]) for f in FILES if f[:2] in SANGONG])
def test_three_public_total(name):
    doc, truth = parsed(name), TRUTH[name]
    row_part, col_parts = SANGONG[name[:2]]
    table = doc.table(R.THREE_PUBLIC)
    rows = [r for r in table.rows if row_part is None or row_part in r.label]
    assert rows[0].value(_column(table, *col_parts)) == Decimal(truth["sangong"]["total"])


def test_three_public_budget_columns_of_final_accounts():
    doc = parsed("05_shanghai-putuo_caizhengju_2024_dept-final.pdf")
    table = doc.table(R.THREE_PUBLIC)
    row = table.rows[0]
    assert row.value(_column(table, "合计", "预算数")) == Decimal("0.95")
    assert row.value(_column(table, "合计", "决算数")) is None  # blank cell stays null
    assert any("决算数" in c.path for c in table.columns)


def test_spot_rows(case):
    doc, truth = case
    for spot in truth["spot_values"]:
        named = [t for t in doc.tables if compact(spot["table"]).endswith(compact(t.title))]
        best = max(named, key=lambda t: len(t.title))  # '支出决算表' is also the end of '…财政拨款支出决算表'
        matches = [(best, r) for r in best.rows if r.code == spot["code"]]
        assert matches, spot
        hits = [(t, r) for t, r in matches if r.cells and r.cells[0].value == Decimal(spot["amount"])]
        assert hits, (spot, [(r.label, r.cells[:1]) for _, r in matches])
        table, row = hits[0]
        cell = row.cells[0]
        assert cell.source.page == spot["page"]
        assert cell.source.table == table.label and cell.source.row == row.index and cell.source.column == 0
        assert cell.source.bbox is not None and compact(cell.source.text).replace(",", "") == spot["amount"]
        system = "function" if spot["code"].startswith("2") else "economic"
        assert row.code_system == system
        assert row.level == {3: 1, 5: 2, 7: 3}[len(spot["code"])]


def test_goals(case):
    doc, truth = case
    perf = truth["performance"]
    assert len(doc.goals) == perf["projects_with_targets"]
    first = perf["first_project"]
    if first:
        goal = doc.goals[0]
        assert goal.project_name == first["name"]
        assert goal.amount is not None and goal.amount.value == Decimal(first["budget"])
        assert len(goal.indicators) == first["indicator_rows"]


def test_performance_sheet_indicators():
    doc = parsed("18_shandong-yantai_tongjiju_2026_dept-budget.pdf")
    goal = doc.goals[0]
    first = goal.indicators[0]
    assert (first.level1, first.level2, first.name) == ("成本指标", "经济成本", "公车统管费用总量控制")
    assert (first.comparator, first.target, first.unit) == ("≤", Decimal("25"), "万元")
    assert goal.indicators[-1].level2 == "社会效益指标"  # merged cell carried down
    assert goal.indicators[-1].comparator == "定性"
    perf = [t for t in doc.tables if t.role == R.PERFORMANCE]
    assert len(perf) == 4 and all(t.rows for t in perf)


def test_codes_and_hierarchy():
    doc = parsed("18_shandong-yantai_tongjiju_2026_dept-budget.pdf")
    table = doc.table(R.GENERAL_FUNCTION)
    by_code = {r.code: r for r in table.rows if r.code}
    item = by_code["2010507"]  # printed as '07' under 款 '05' under 类 '201'
    assert item.code_text == "07"
    assert table.rows[item.parent].code == "20105"
    assert table.rows[table.rows[item.parent].parent].code == "201"
    gz = parsed("11_guangdong-guangzhou_tongjiju_2026_dept-budget.pdf")
    econ = gz.table(R.GENERAL_BASIC)
    row = next(r for r in econ.rows if r.code == "30239")
    assert row.label == "其他交通费用" and row.code_text == "[30239]"
    cq = parsed("13_chongqing_shiwei-xuanchuanbu_2026_dept-budget.pdf").table(R.GENERAL_BASIC)
    sub = next(r for r in cq.rows if r.code == "3010201")
    assert sub.level == 3 and cq.rows[sub.parent].code == "30102"


def test_two_sided_summary_sides():
    doc = parsed("11_guangdong-guangzhou_tongjiju_2026_dept-budget.pdf")
    table = doc.table(R.SUMMARY)
    assert {c.side for c in table.columns} == {"income", "expenditure"}
    assert {r.side for r in table.rows} == {"income", "expenditure"}
    assert table.pages == (6, 7)  # continued on p7 without a title, with a repeated header


def test_column_tree():
    doc = parsed("13_chongqing_shiwei-xuanchuanbu_2026_dept-budget.pdf")
    table = doc.table(R.GENERAL_FUNCTION)
    labels = {c.label: c for c in table.columns}
    small = labels["基本支出/小计"]
    assert labels["基本支出/人员经费"].parent == small.index
    assert small.parent == labels["总计"].index
    assert labels["项目支出"].parent == labels["总计"].index


def test_empty_tables_keep_their_note(case):
    doc, truth = case
    for t in truth["tables"]:
        if t.get("empty") and t["title"]:
            table = next(x for x in doc.tables if compact(x.title) == compact(t["title"]))
            assert table.note, table.label
            assert all(c.value == 0 for r in table.rows for c in r.cells)


def test_narrative_only_file():
    doc = parsed("09_beijing_tongjiju_2026_dept-budget-narrative.pdf")
    assert doc.tables == []
    assert any("no budget tables found" in n for n in doc.notices)
    assert doc.sections and any(s.kind == "explanation" or s.kind == "overview" for s in doc.sections)


def test_values_are_decimal_with_provenance(case):
    doc, _ = case
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                assert isinstance(cell.value, Decimal)
                assert cell.source.page in table.pages


def test_identities_hold():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from bench.identities import identities

    held = total = 0
    for name in FILES:
        ids = identities(parsed(name))
        held += sum(i.holds for i in ids)
        total += len(ids)
    assert total > 1500
    assert held / total >= 0.99, f"{held}/{total}"
