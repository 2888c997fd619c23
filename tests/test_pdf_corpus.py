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

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"
TRUTH = json.loads((FIXTURES / "truth.json").read_text(encoding="utf-8"))
FILES = sorted(TRUTH)
R = TableRole

TABLES = {
    "02": [(R.SUMMARY, (8,)), (R.INCOME, (9, 10)), (R.EXPENDITURE, (11, 12)), (R.FISCAL_SUMMARY, (13,)),
           (R.GENERAL_FUNCTION, (14, 15)), (R.FUND, (16,)), (R.STATE_CAPITAL, (17,)), (R.GENERAL_BASIC, (18, 19)),
           (R.THREE_PUBLIC, (20,))],
    "05": [(R.OTHER, (5,)), (R.SUMMARY, (6, 7)), (R.INCOME, (8, 9)), (R.EXPENDITURE, (10, 11)),
           (R.FISCAL_SUMMARY, (12, 13)), (R.GENERAL_FUNCTION, (15,)), (R.GENERAL_BASIC, (16, 17)),
           (R.THREE_PUBLIC, (18,)), (R.FUND, (19,)), (R.STATE_CAPITAL, (20,))],
    "06": [(R.SUMMARY, (1,)), (R.INCOME, (2,)), (R.EXPENDITURE, (3,)), (R.FISCAL_SUMMARY, (4,)),
           (R.GENERAL_FUNCTION, (5,)), (R.GENERAL_BASIC, (6,)), (R.GENERAL_FUNCTION, (7,)), (R.GENERAL_BASIC, (8,)),
           (R.THREE_PUBLIC, (9,)), (R.FUND, (10,)), (R.OTHER, (11,)), (R.OTHER, (12,))],
    "09": [],
    "10": [(R.OTHER, (11, 12)), (R.SUMMARY, (16, 17)), (R.INCOME, (18,)), (R.EXPENDITURE, (19, 20, 21)),
           (R.GENERAL_BASIC, (22, 23)), (R.PROJECT, (24,)), (R.FISCAL_SUMMARY, (25, 26)),
           (R.GENERAL_FUNCTION, (27, 28)), (R.FISCAL_ECONOMIC, (29, 30, 31)), (R.THREE_PUBLIC, (32,)),
           (R.FUND, (33,)), (R.STATE_CAPITAL, (34,))],
    "11": [(R.SUMMARY, (6, 7)), (R.INCOME, (8,)), (R.EXPENDITURE, (9, 10)), (R.FISCAL_SUMMARY, (11, 12)),
           (R.GENERAL_FUNCTION, (13,)), (R.GENERAL_BASIC, (14, 15)), (R.GENERAL_PROJECT, (16,)),
           (R.THREE_PUBLIC, (17,)), (R.FUND, (18,)), (R.STATE_CAPITAL, (19,)), (R.GENERAL_BASIC, (20,)),
           (R.PROJECT, (21, 22)), (R.OTHER, (25,))],
    "13": [(R.SUMMARY, (8,)), (R.INCOME, (9, 10, 11)), (R.EXPENDITURE, (12, 13, 14)), (R.FISCAL_SUMMARY, (15,)),
           (R.GENERAL_FUNCTION, (16, 17, 18)), (R.GENERAL_BASIC, (19, 20, 21)), (R.FUND, (22,)),
           (R.THREE_PUBLIC, (23,)), (R.OTHER, (24,))],
    "18": [(R.SUMMARY, (7,)), (R.INCOME, (8, 9)), (R.EXPENDITURE, (10, 11)), (R.FISCAL_SUMMARY, (12, 13)),
           (R.GENERAL_FUNCTION, (14, 15)), (R.GENERAL_BASIC, (16, 17)), (R.THREE_PUBLIC, (18,)), (R.FUND, (19,)),
           (R.STATE_CAPITAL, (20,)), (R.GENERAL_BASIC, (21, 22, 23)), (R.PROJECT, (24,)), (R.OTHER, (25,)),
           (R.PERFORMANCE, (30,)), (R.PERFORMANCE, (31,)), (R.PERFORMANCE, (32,)), (R.PERFORMANCE, (33,))],
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


def test_tables_found(case):
    doc, truth = case
    key = doc.source_name[:2]
    assert [(t.role, t.pages) for t in doc.tables] == TABLES[key]
    assert len({t.label for t in doc.tables}) == len(doc.tables), "labels must be unique (IRIs are minted from them)"
    titled = [t for t in truth["tables"] if t["title"]]
    for t in titled:
        assert any(compact(t["title"]) == compact(x.title) and x.pages[0] == t["pages"][0] for x in doc.tables), t


def test_scale(case):
    doc, truth = case
    summary = doc.table(R.SUMMARY)
    if summary is None:
        return
    assert summary.scale_label == truth["money_scale"]
    assert summary.scale == (Decimal(1) if truth["money_scale"] == "元" else Decimal(10000))
    if truth["sangong"] and truth["sangong"].get("unit"):
        assert doc.table(R.THREE_PUBLIC).scale_label == truth["sangong"]["unit"]


def test_summary_totals(case):
    doc, truth = case
    st = truth["summary_table"]
    if st is None:
        return
    table = doc.table(R.SUMMARY)
    for side in ("income", "expenditure"):
        totals = _totals(table, side)
        assert totals, f"no {side} total"
        assert totals[-1].cells[0].value == Decimal(st[f"{side}_grand_total"])
        if st.get(f"{side}_total_this_year"):
            assert totals[0].cells[0].value == Decimal(st[f"{side}_total_this_year"])


def test_expenditure_basic_project(case):
    doc, truth = case
    et = truth["expenditure_table"]
    if et is None:
        return
    table = doc.table(R.EXPENDITURE)
    total = _totals(table, None)[0]
    assert total.cells[0].value == Decimal(et["total"])
    assert total.value(_column(table, "基本支出")) == Decimal(et["basic_expenditure"])
    assert total.value(_column(table, "项目支出")) == Decimal(et["project_expenditure"])


def test_three_public_total(case):
    doc, truth = case
    key = doc.source_name[:2]
    if key not in SANGONG:
        return
    row_part, col_parts = SANGONG[key]
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
    assert any("no tables found" in n for n in doc.notices)
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
