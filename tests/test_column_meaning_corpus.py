"""What each column of a table states, on real disclosures of eleven provinces and the central level (issue 11).

For tables that print a prior year, another phase, a change, a percentage, line numbers or 其中 columns, every
column is pinned — the words of its header, its year and phase (None = the document's own), its measure and whether
it adds up into its parent — together with a few cells, all read from the page (``pdftotext -layout -f N -l N`` and
the page image; the page number is given with each table). The graph of each document must then state no
observation of the document's own year and phase from any column that is not the document's own, and give the
change and percentage columns no amount at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import RDF

from budgetkg.ingest.api import parse_document, to_graph
from budgetkg.ingest.iri import IRIs
from budgetkg.ingest.model import Document, Measure, Table
from budgetkg.ingest.vocab import CNB, OBEU_DIM, OBEU_MEASURE, PHASES
from budgetkg.ontology.namespaces import YEAR

PDF = Path(__file__).parent / "fixtures" / "pdf"
AM, CH, SP, SC = Measure.AMOUNT, Measure.CHANGE, Measure.SHARE_PERCENT, Measure.SCORE
OWN = (None, None)
BASE = "http://localhost:8000/"

# A column: (words its header path holds, (year, phase), measure, additive)
Col = tuple[tuple[str, ...], tuple[int | None, str | None], Measure, bool]


def group(head: str, leaves: list[str], period: tuple, measure: Measure = AM, additive: bool = True) -> list[Col]:
    """The columns printed under one group header (2025年预算数 / 上年 / 增减变化情况 …), leaf by leaf."""
    return [((head, leaf), period, measure, additive) for leaf in leaves]


@dataclass
class Pin:
    file: str
    page: int
    columns: list[Col]
    cells: list[tuple[str, int, str]] = field(default_factory=list)  # (row label starts with, column, as printed)
    lines: list[tuple[str, str | None, str]] = field(default_factory=list)  # (row label, side, 行次 as printed)
    rows: list[tuple[str, tuple, Measure]] = field(default_factory=list)  # rows that are periods or changes


SANGONG_XIAN = ["合计", "小计", "因公出国", "接待费", "小计", "购置", "运行", "会议费", "培训费"]
SANGONG_6 = ["合计", "因公出国", "小计", "购置", "运行", "接待费"]

PINS = [
    # central 决算 (国家信访局 2024): 收入支出决算总表 p7 — 项目 | 行次 | 金额 on both sides, 栏次 1 | 2 under the header
    Pin("wide/41_central_guojia-xinfangju_2024_dept-final.pdf", 7,
        [(("收入", "金额"), OWN, AM, True), (("支出", "金额"), OWN, AM, True)],
        cells=[("一、一般公共预算财政拨款收入", 0, "19,572.91"), ("本年收入合计", 0, "20,451.35"),
               ("一、一般公共服务支出", 1, "10,685.56")],
        lines=[("一、一般公共预算财政拨款收入", "income", "1"), ("八、其他收入", "income", "8"),
               ("本年收入合计", "income", "27"), ("年初结转和结余", "income", "29"),
               ("一、一般公共服务支出", "expenditure", "32"), ("本年支出合计", "expenditure", "58")]),
    # p15 三公 决算表: 预算数 (the note: 预算数为“三公”经费全年预算数) | 决算数, numbers 1…12 printed under the header
    Pin("wide/41_central_guojia-xinfangju_2024_dept-final.pdf", 15,
        group("预算数", SANGONG_6, (None, "全年预算")) + group("决算数", SANGONG_6, OWN),
        cells=[("", 0, "76.43"), ("", 1, "30.00"), ("", 5, "5.80"), ("", 6, "46.21"), ("", 11, "0.90")]),
    # Xi'an 2022 决算 (卫健委): 收入支出决算总表 p146 with 行次; 部门整体支出绩效自评表 p30
    Pin("wide/57_shaanxi-xian_weijianwei_2022_dept-final.pdf", 146,
        [(("收入", "决算数"), OWN, AM, True), (("支出", "决算数"), OWN, AM, True)],
        cells=[("一、一般公共预算财政拨款收入", 0, "296,030.91"), ("五、事业收入", 0, "1,110,972.11")],
        lines=[("一、一般公共预算财政拨款收入", "income", "1"), ("五、事业收入", "income", "5"),
               ("一、一般公共服务支出", "expenditure", "31"), ("九、卫生健康支出", "expenditure", "39")]),
    # (a goal sheet: its money columns only — 任务名称 / 主要内容 / 完成情况 are the task's text, not columns)
    Pin("wide/57_shaanxi-xian_weijianwei_2022_dept-final.pdf", 30,
        group("全年预算数", ["总额", "财政拨款", "其他资金"], (None, "全年预算"))
        + group("全年执行数", ["总额", "财政拨款", "其他资金"], OWN)
        + [(("分值",), OWN, SC, True), (("执行率",), OWN, SP, True), (("得分",), OWN, SC, True)],
        cells=[("学前教育", 0, "1292.55"), ("学前教育", 3, "1263.33"), ("学前教育", 6, "0.58"),
               ("学前教育", 7, "97.74%")]),
    # Xi'an 2026 (财政局) 表13 p43: 上年 | 当年 | 增减变化情况, nine columns each (元)
    Pin("wide/49_shaanxi-xian_caizhengju_2026_dept-budget.pdf", 43,
        group("上年", SANGONG_XIAN, (2025, "预算")) + group("当年", SANGONG_XIAN, OWN)
        + group("增减变化情况", SANGONG_XIAN, OWN, CH),
        cells=[("西安市财政投资评审中心", 0, "20,000.00"), ("西安市财政投资评审中心", 18, "-20,000.00"),
               ("西安市财政国库支付中心", 9, "254,900.00"), ("西安市财政国库支付中心", 26, "-11,100.00")]),
    # Xi'an 2019 (安监局) 表13 p32: 2018年 | 2019年 | 增减变化情况
    Pin("wide/52_shaanxi-xian_anjianju_2019_dept-budget.pdf", 32,
        group("2018年", ["合计"] + [""] * 8, (2018, "预算")) + group("2019年", ["合计"] + [""] * 8, OWN)
        + group("增减变化情况", ["合计"] + [""] * 8, OWN, CH),
        cells=[("合计", 0, "24.08"), ("合计", 9, "83.74"), ("合计", 18, "59.66"), ("合计", 26, "6.51")]),
    # Chongqing 2026 (市政府办公厅) 表五 p15: 2025年预算数 | 2026年预算数 (总计, 基本支出 小计/人员/公用, 项目支出)
    Pin("wide/27_chongqing_zhengfu-bangongting_2026_dept-budget.pdf", 15,
        [(("2025年预算数",), (2025, "预算"), AM, True)]
        + group("2026年预算数", ["总计", "小计", "人员经费", "公用经费", "项目支出"], OWN),
        cells=[("合计", 0, "15,635.80"), ("合计", 1, "18,417.70"), ("行政运行", 0, "6,077.49"),
               ("行政运行", 1, "6,342.71")]),
    # 表八 p20: 三公 2025年预算数 | 2026年预算数
    Pin("wide/27_chongqing_zhengfu-bangongting_2026_dept-budget.pdf", 20,
        group("2025年预算数", SANGONG_6, (2025, "预算")) + group("2026年预算数", SANGONG_6, OWN),
        cells=[("", 0, "396.97"), ("", 4, "202.48"), ("", 6, "394.49"), ("", 10, "200.00")]),
    # Shandong 2026 (烟台市财政局) 公开表7 p21
    Pin("wide/63_shandong-yantai_caizhengju_2026_dept-budget.pdf", 21,
        group("2025年预算数", SANGONG_6, (2025, "预算")) + group("2026年预算数", SANGONG_6, OWN),
        cells=[("", 0, "10.40"), ("", 6, "23.40"), ("", 7, "13.00")]),
    # Shanghai 2024 决算 (普陀区财政局) p18: each 三公 item as 预算数 | 决算数
    Pin("05_shanghai-putuo_caizhengju_2024_dept-final.pdf", 18,
        [((leaf, ph), period, AM, True) for leaf in ["合计", "因公出国", "小计", "购置", "运行", "接待"]
         for ph, period in (("预算数", (None, "预算")), ("决算数", OWN))],
        cells=[("", 0, "0.95"), ("", 10, "0.95")]),
    # Guangdong 2026 (深圳市交通运输局) 表9 p46: the years are rows — 2025 年 | 2026 年 | 增减变化金额
    Pin("wide/19_guangdong-shenzhen_jiaotongju_2026_dept-budget.pdf", 46,
        [((head, fund), OWN, AM, True) for head in ["总计", "因公出国", "公务接待费", "小计", "购置", "运行"]
         for fund in ["一般公共预算", "政府性基金", "国有资本"]],
        cells=[("2025", 0, "176.01"), ("2026", 0, "147.90"), ("增减变化金额", 0, "-28.11"),
               ("增减变化金额", 6, "-10.01")],
        rows=[("2025", (2025, "预算"), AM), ("2026", OWN, AM), ("增减变化金额", OWN, CH)]),
    # Guangzhou 2026 (统计局) 表5 p13: 小计 | 其中：基本支出 | 项目支出 — the 其中 list is the breakdown
    Pin("11_guangdong-guangzhou_tongjiju_2026_dept-budget.pdf", 13,
        [(("小计",), OWN, AM, True), (("其中：基本支出",), OWN, AM, True), (("项目支出",), OWN, AM, True)],
        cells=[("合计", 0, "9,433.72"), ("合计", 1, "8,401.67"), ("合计", 2, "1,032.05")]),
    # Zhejiang 2026 (杭州市气象局) 表2 p16: ** 1 … 17 under the header; 上年结转结余 is this year's money
    Pin("wide/40_zhejiang-hangzhou_qixiangju_2026_dept-budget.pdf", 16,
        [(("总计",), OWN, AM, True)]
        + group("本年收入", ["小计", "一般公共预算", "政府性基金", "国有资本", "财政专户", "事业收入", "事业单位经营",
                             "上级补助", "附属单位", "其他收入"], OWN)
        + group("上年结转结余", ["小计", "一般公共预算", "政府性基金", "国有资本", "财政专户", "单位资金"], OWN),
        cells=[("合计", 0, "5,876.67"), ("合计", 2, "5,753.07"), ("合计", 10, "123.61")]),
    # Hunan 2025 (长沙市公安局) p14: ** ** ** ** 1 … 9 under the header; 本级财政拨款 金额 | 其中:经费拨款
    Pin("wide/43_hunan-changsha_gonganju_2025_dept-budget.pdf", 14,
        [(("合计",), OWN, AM, True), (("本级财政拨款", "金额"), OWN, AM, True),
         (("本级财政拨款", "其中:经费拨款"), OWN, AM, False)]
        + [((w,), OWN, AM, True) for w in ["财政专户管理", "事业单位经营", "上级补助", "其它收入", "事业收入", "上年结转"]],
        cells=[("合计", 0, "68,632.12"), ("合计", 2, "50,370.61"), ("行政运行", 2, "28,398.17")]),
    # p21 三公: 公务用车购置及运行费 400.00 | 其中：公务用车购置 150.00 | 其中：公务用车运行费 250.00
    Pin("wide/43_hunan-changsha_gonganju_2025_dept-budget.pdf", 21,
        [(("小计",), OWN, AM, True), (("公务接待费",), OWN, AM, True), (("因公出国",), OWN, AM, True),
         (("公务用车购置及运行费",), OWN, AM, True), (("其中：公务用车购置",), OWN, AM, True),
         (("其中：公务用车运行费",), OWN, AM, True)],
        cells=[("合计", 0, "458.50"), ("合计", 3, "400.00"), ("合计", 4, "150.00"), ("合计", 5, "250.00")]),
    # Fujian 2026 (福州市公安局文职人员管理中心) p11: 小计 | 其中：基本支出 | 项目支出 (0.00): only subsets
    Pin("wide/48_fujian-fuzhou_wenzhi-zhongxin_2026_unit-budget.pdf", 11,
        [(("小计",), OWN, AM, True), (("其中：", "基本支出"), OWN, AM, False), (("其中：", "项目支出"), OWN, AM, False)],
        cells=[("合计", 0, "6053.42"), ("公共安全支出", 1, "4481.91")]),
    # central university 决算 (西南大学 2024) 表4 p14: 项目支出 小计 | 其中：基本建设资金支出
    Pin("wide/93_central-chongqing_xinan-daxue_2024_dept-final.pdf", 14,
        [(("合计",), OWN, AM, True), (("基本支出",), OWN, AM, True), (("项目支出", "小计"), OWN, AM, True),
         (("项目支出", "其中：基本建设资金支出"), OWN, AM, False)],
        cells=[("合计", 0, "266,783.56"), ("合计", 3, "20,466.13"), ("高等教育", 3, "13,896.38")]),
    # Jiangsu 2026 (苏州市交通运输局) 公开11表 p24: 栏次 1 2 3 under the header of an empty table
    Pin("wide/31_jiangsu-suzhou_jiaotongju_2026_dept-budget.pdf", 24,
        [(("本年支出合计",), OWN, AM, True), (("基本支出",), OWN, AM, True), (("项目支出",), OWN, AM, True)]),
]
IDS = [f"{p.file.split('/')[-1][:2]}-p{p.page}" for p in PINS]


@cache
def parsed(name: str) -> Document:
    return parse_document(PDF / name)


@cache
def graph(name: str):
    return to_graph(parsed(name), base=BASE)


def table_on(doc: Document, page: int) -> Table:
    found = [t for t in doc.tables if t.pages and t.pages[0] == page and t.columns]
    assert len(found) == 1, f"{doc.source_name}: tables starting on p{page}: {[t.label for t in found]}"
    return found[0]


def _row(table: Table, start: str, column: int):
    return next(r for r in table.rows if r.label.startswith(start) and r.value(column) is not None)


@pytest.mark.parametrize("pin", PINS, ids=IDS)
def test_columns_are_typed_as_printed(pin: Pin) -> None:
    table = table_on(parsed(pin.file), pin.page)
    got = [(c.label, (c.year, c.phase), c.measure, c.additive) for c in table.columns]
    assert len(got) == len(pin.columns), [g[0] for g in got]
    for (label, period, measure, additive), (words, want_period, want_measure, want_additive) in zip(
            got, pin.columns, strict=True):
        assert all(w in label for w in words), (label, words)
        assert (period, measure, additive) == (want_period, want_measure, want_additive), label
    assert not any(c.leaf in ("行次", "栏次") or c.leaf.isdigit() for c in table.columns)


@pytest.mark.parametrize("pin", [p for p in PINS if p.cells or p.lines], ids=[i for p, i in zip(PINS, IDS, strict=True)
                                                                              if p.cells or p.lines])
def test_cells_and_line_numbers_as_printed(pin: Pin) -> None:
    table = table_on(parsed(pin.file), pin.page)
    for start, column, printed in pin.cells:
        row = _row(table, start, column)
        cell = next(c for c in row.cells if c.column == column)
        assert cell.value == Decimal(printed.replace(",", "").removesuffix("%")), (row.label, column)
        assert cell.source.text.replace(" ", "") == printed
    for label, side, number in pin.lines:
        row = next(r for r in table.rows if r.label == label and r.side == side)
        assert row.line_number == number
    numbering = [r for r in table.rows if [c.value for c in r.cells] == [Decimal(k) for k in range(1, len(r.cells) + 1)]
                 and len(r.cells) >= 2]
    assert not numbering, "a column-number row was read as data"


@pytest.mark.parametrize("pin", PINS, ids=IDS)
def test_no_own_observation_from_other_columns(pin: Pin) -> None:
    """The graph states the document's own year and phase only from the document's own columns and rows."""
    doc = parsed(pin.file)
    table = table_on(doc, pin.page)
    g, iri = graph(pin.file), IRIs(doc, BASE)
    own_year, own_phase = YEAR[str(doc.year)], PHASES[doc.phase.value]
    periods = {r: (period, measure) for r, period, measure in [(row.index, p, m) for row in table.rows
               for start, p, m in pin.rows if row.label.startswith(start)]}
    for (words, period, measure, _), column in zip(pin.columns, table.columns, strict=True):
        col = iri.column(table.label, column.index)
        assert (col, CNB.ownPeriod, Literal(period == OWN)) in g or measure is not AM, words
        for row in table.rows:
            if row.value(column.index) is None:
                continue
            node = iri.cell(table.label, row.index, column.index)
            row_period, row_measure = periods.get(row.index, (OWN, AM))
            if measure is not AM or row_measure is not AM:
                assert (node, OBEU_MEASURE.amount, None) not in g, (words, row.label)
                assert (node, RDF.type, CNB.BudgetLine) not in g
                figure = measure is not Measure.TEXT  # a change, percent or score is kept as a typed figure
                assert ((node, RDF.type, CNB.TableFigure) in g) is figure, (words, row.label)
                continue
            year = period[0] or row_period[0] or doc.year
            stated = (g.value(node, OBEU_DIM.fiscalYear), g.value(node, OBEU_DIM.budgetPhase))
            is_own = period == OWN and row_period == OWN
            assert (stated == (own_year, own_phase)) is is_own, (words, row.label, stated)
            assert stated[0] == YEAR[str(year)], (words, row.label)


def test_change_and_percent_cells_are_typed_figures() -> None:
    """A change amount keeps its sign and scale, a percentage its printed number; neither is an amount."""
    pin = next(p for p in PINS if p.file.startswith("wide/49_"))
    doc = parsed(pin.file)
    table = table_on(doc, pin.page)
    g, iri = graph(pin.file), IRIs(doc, BASE)
    row = _row(table, "西安市财政投资评审中心", 18)
    node = iri.cell(table.label, row.index, 18)
    assert g.value(node, CNB.changeAmount) == Literal("-20000", datatype=g.value(node, CNB.changeAmount).datatype)
    assert (node, OBEU_MEASURE.amount, None) not in g
    pin = next(p for p in PINS if p.file.startswith("wide/57_") and p.page == 30)
    doc = parsed(pin.file)
    table = table_on(doc, pin.page)
    g, iri = graph(pin.file), IRIs(doc, BASE)
    row = _row(table, "学前教育", 7)
    assert str(g.value(iri.cell(table.label, row.index, 7), CNB.sharePercent)) == "97.74"
    assert str(g.value(iri.cell(table.label, row.index, 6), CNB.scoreValue)) == "0.58"


def test_line_numbers_are_provenance() -> None:
    pin = PINS[0]
    doc = parsed(pin.file)
    table = table_on(doc, pin.page)
    g, iri = graph(pin.file), IRIs(doc, BASE)
    row = next(r for r in table.rows if r.label == "本年收入合计")
    assert g.value(iri.row(table.label, row.index), CNB.lineNumber) == Literal("27")
    assert not [v for _, _, v in g.triples((None, OBEU_MEASURE.amount, None)) if v == Literal("27", datatype=v.datatype)]
