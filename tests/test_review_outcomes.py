"""Issue 14, families 4–6, on real sentences and figures of the corpus:

- family 4 (shapes/textquality.ttl): template leftovers (增加（减少）), malformed money units (57.00万，), a rate without
  its % sign, doubled punctuation made by the document and not by the reader's line joins;
- family 5 (shapes/arithmetic.ttl cnbsh:rounding-difference): a gap within the rounding tolerance between a printed
  total and its parts is an Info naming table, row, column, page and both figures, never a Violation, never dropped;
- family 6 (ingest/validate.py ``_outcomes``, shapes/outcomes/scopes.ttl, ingest/report.py): every check ends as holds,
  fails or cannot be determined (with its reason), counted per check in the report, its text and its JSON.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from budgetkg.ingest import parse_document, to_graph
from budgetkg.ingest.claims import link_claims
from budgetkg.ingest.extract.narrative import _joined
from budgetkg.ingest.model import Provenance
from budgetkg.ingest.report import REASONS, envelope
from budgetkg.ingest.validate import finding_types, validate_document, validate_path
from budgetkg.ingest.vocab import CNB
from budgetkg_testing import CORPUS, SAMPLE

AMOUNT = URIRef("http://data.openbudgets.eu/ontology/dsd/measure/amount")
ROLE = "https://w3id.org/cn-budget/code/table-role/"
DOC = URIRef("https://example.org/id/doc/test/2026/budget")
CORPUS_PRESENT = (CORPUS / "truth.json").is_file()


# -- family 4: template leftovers and malformed units ----------------------------------------------------------

def _text_findings(text: str, rule: str) -> list:
    """The findings of ``rule`` on a document whose only section is ``text`` (a sentence quoted from the corpus)."""
    g = Graph()
    section = URIRef(str(DOC) + "/section/1")
    g.add((DOC, RDF.type, CNB.BudgetDocument))
    g.add((DOC, CNB.hasSection, section))
    g.add((section, RDF.type, CNB.NarrativeSection))
    g.add((section, CNB.sectionText, Literal(text, lang="zh")))
    g.add((section, DCTERMS.title, Literal("二、收支预算情况说明")))
    g.add((section, CNB.page, Literal(6, datatype=XSD.integer)))
    return [f for f in validate_document(g).findings if f.rule == rule]


# 02_shanghai-putuo_sifaju_2026_unit-budget.pdf, page 6
SIFAJU_P6 = "财政拨款收入支出增加（减少）的主要原因是业务量增加。"
SIFAJU_P6_RATE = "2025年当年预算执行数为1690.69万元，2026年预算安排1434.89万元，比2025年预算执行数减少1.10%。主要原因是：支出减少。"
# wide/71_jiangsu_renda-bgt_2019_dept-budget.pdf, page 9
RENDA_P9 = "（2）政府性基金收入预算0万元，与上年相比增加（减少）0万元，增长（减少）0%。主要原因是本部门无此项收入。"
# wide/23_guangdong-shenzhen_baoan-guanliju_2026_dept-budget.pdf, page 8
BAOAN_P8 = ("7.不动产管理 57.00 万元，主要包括：新建项目宝安区2026 年度建筑工程建设项目测绘成果审核 57.00 万，"
            "用于房产测绘成果审核与不动产权籍调查方面的支出。")
# wide/19_guangdong-shenzhen_jiaotongju_2026_dept-budget.pdf, page 6 (counts, not money)
JIAOTONG_P6 = ("低空航线新增30条，无人机物流运输飞行规模突破110万架次。力争港口集装箱吞吐量达3500万标箱以上。"
               "力争港口LNG加注量超60万立方米。")
# wide/57_shaanxi-xian_weijianwei_2022_dept-final.pdf, page 165 (people, printed to two decimals)
WEIJIANWEI_P165 = "及时、足额向全市77.07万年满70周岁及以上老年人发放高龄补贴。"
# wide/79_jiangsu_gaoyuan_2018_dept-budget.pdf, page 20
GAOYUAN_P20 = "5．法院（款）案件执行（项）支出 950 万元，与上年相比减少 100 万元，减少 9.52，主要原因是压减了案件执行经费的支出预算安排。"
# wide/43_hunan-changsha_gonganju_2025_dept-budget.pdf, page 10
CHANGSHA_P10 = "拟召开年度公安工作及业务线工作部署和总结会议，人数 800 人，；培训费预算 163.46 万元"


def test_template_leftover_fires_on_unresolved_alternatives():
    found = _text_findings(SIFAJU_P6, "template-leftover")
    assert len(found) == 1 and found[0].severity == "Violation"
    assert "增加（减少）" in found[0].message_zh and "增加（减少）" in found[0].message_en
    assert found[0].sides[0].kind == "section" and found[0].sides[0].page == 6
    assert _text_findings(RENDA_P9, "template-leftover")


def test_template_leftover_is_silent_on_resolved_sentences():
    assert not _text_findings(SIFAJU_P6.replace("增加（减少）", "增加"), "template-leftover")
    assert not _text_findings(SIFAJU_P6_RATE, "template-leftover")
    assert not _text_findings(RENDA_P9.replace("增加（减少）", "持平").replace("增长（减少）", "增长"), "template-leftover")


def test_money_unit_malformed_fires_on_wan_without_yuan():
    found = _text_findings(BAOAN_P8, "money-unit-malformed")
    assert len(found) == 1 and found[0].severity == "Warning"
    assert "57.00 万'" in found[0].message_en
    assert _text_findings("2025年度项目总预算2921.00万，其中支持外贸发展370.00万元。", "money-unit-malformed")  # 84, p26


def test_money_unit_malformed_is_silent_on_amounts_and_counts():
    assert not _text_findings(BAOAN_P8.replace("57.00 万，", "57.00 万元，"), "money-unit-malformed")
    assert not _text_findings(JIAOTONG_P6, "money-unit-malformed")
    assert not _text_findings(WEIJIANWEI_P165, "money-unit-malformed")


def test_percent_sign_fires_on_a_bare_rate():
    found = _text_findings(GAOYUAN_P20, "percent-sign")
    assert len(found) == 1 and "9.52" in found[0].message_en
    # the sifaju sentence with its % dropped
    assert _text_findings(SIFAJU_P6_RATE.replace("1.10%", "1.10"), "percent-sign")


def test_percent_sign_is_silent_when_the_sign_is_there():
    assert not _text_findings(GAOYUAN_P20.replace("9.52，", "9.52%，"), "percent-sign")
    assert not _text_findings(SIFAJU_P6_RATE, "percent-sign")
    assert not _text_findings("省政府办公厅信息技术服务中心 2025 年支出预算21,749.66万元，其中：基本支出 537.88万元，占 2.47%；",
                              "percent-sign")  # the sample, line 1129


def test_doubled_punctuation_of_the_document():
    found = _text_findings(CHANGSHA_P10, "doubled-punctuation")
    assert len(found) == 1 and "，；" in found[0].message_zh
    assert not _text_findings(CHANGSHA_P10.replace("，；", "；"), "doubled-punctuation")


def test_the_reader_makes_no_doubled_punctuation_at_line_joins():
    """19_guangdong-shenzhen_jiaotongju p4 prints a list whose first line ends with 、 (it looks like a sub-heading):
    the reader used to end it with 。, and 、。 is a doubled mark the document never printed."""
    p = Provenance("", page=4)
    text, _ = _joined([("（一）负责交通运输（道路、枢纽、场站、港口、航道、", p), ("空港、道路交通、道路运输、水路运输）", p)])
    assert "、。" not in text and "航道、空港" in text
    assert not _text_findings(text, "doubled-punctuation")
    # a sub-heading is still ended, unless the next line starts with a mark
    assert _joined([("（一）收入预算", p), ("收入预算总计 10 万元。", p)])[0] == "（一）收入预算。收入预算总计 10 万元。"
    assert "。，" not in _joined([("（一）收入预算", p), ("，总计 10 万元。", p)])[0]


# -- the sample, once --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def graph() -> Graph:
    return to_graph(parse_document(SAMPLE))


@pytest.fixture(scope="module")
def report(graph):
    return validate_document(graph, source="sample.txt")


def _copy(graph: Graph) -> Graph:
    g = Graph()
    for t in graph:
        g.add(t)
    return g


def _table(graph: Graph, role: str) -> URIRef:
    return next(t for t in graph.subjects(CNB.tableRole, URIRef(ROLE + role)) if isinstance(t, URIRef))


# -- family 5: rounding is said, not hidden ----------------------------------------------------------------------

def test_the_sample_has_no_rounding_difference(report):
    assert not [f for f in report.findings if f.rule == "rounding-difference"]


def _child_cell(graph: Graph) -> tuple[URIRef, Decimal]:
    """A printed cell of a leaf row (no child rows of its own) whose parent row prints the same column, in 万元."""
    for cell, row in graph.subject_objects(CNB.row):
        amount = graph.value(cell, AMOUNT)
        parent = graph.value(row, CNB.parentRow)
        if amount is None or parent is None or (None, CNB.parentRow, row) in graph:
            continue
        column = graph.value(cell, CNB.column)
        if (None, CNB.parentColumn, column) in graph or graph.value(column, CNB.parentColumn) is not None:
            continue  # a column of a column sum would add a second difference
        if any(graph.value(p, CNB.column) == column for p in graph.subjects(CNB.row, parent)):
            table = graph.value(cell, URIRef("http://purl.org/linked-data/cube#dataSet"))
            if graph.value(table, CNB.moneyScale).toPython() == 10000 and isinstance(cell, URIRef):
                return cell, Decimal(str(amount))
    raise AssertionError("no child cell in the sample")


def test_a_cent_of_rounding_is_an_info_naming_both_figures(graph):
    g = _copy(graph)
    cell, amount = _child_cell(g)
    g.set((cell, AMOUNT, Literal(amount + 100, datatype=XSD.decimal)))  # 0.01 万元 more
    r = validate_document(g)
    rounding = [f for f in r.findings if f.rule == "rounding-difference"]
    assert len(rounding) == 1, [f.message_en for f in rounding]
    f = rounding[0]
    assert f.severity == "Info" and "0.01" in f.message_en and "0.01" in f.message_zh
    total = f.sides[0]
    assert total.kind == "cell" and total.table and total.row and total.column and total.line
    assert any(s.node == str(cell) for s in f.sides)
    assert not [x for x in r.violations if x.rule in {"row-sum", "column-sum", "rounding-difference"}]


def test_beyond_the_tolerance_it_is_a_violation_not_rounding(graph):
    g = _copy(graph)
    cell, amount = _child_cell(g)
    g.set((cell, AMOUNT, Literal(amount + 10000, datatype=XSD.decimal)))  # 1 万元 more
    r = validate_document(g)
    assert [f for f in r.violations if f.rule == "row-sum"]
    assert not [f for f in r.findings if f.rule == "rounding-difference"]


@pytest.mark.skipif(not CORPUS_PRESENT, reason="the corpus folder is absent")
def test_rounding_of_a_published_final_account():
    """05_shanghai-putuo_caizhengju_2024_dept-final.pdf p16, 一般公共预算财政拨款基本支出决算表: 工资福利支出 prints
    2082.85 万元, its items add up to 2082.86 — rounding, said as an Info."""
    r = validate_path(CORPUS / "05_shanghai-putuo_caizhengju_2024_dept-final.pdf", lang="en")
    rounding = [f for f in r.findings if f.rule == "rounding-difference" and f.sides[0].row == "工资福利支出"]
    assert rounding and rounding[0].severity == "Info"
    assert "2082.85" in rounding[0].message_en and "2082.86" in rounding[0].message_en
    assert rounding[0].sides[0].page == 16
    assert r.outcomes["rounding-difference"].fails == len([f for f in r.findings if f.rule == "rounding-difference"])


# -- family 6: three outcomes ------------------------------------------------------------------------------------

def test_every_check_has_an_outcome(report):
    codes = {t.code for t in finding_types()}
    assert set(report.outcomes) == codes
    for code, o in report.outcomes.items():
        assert o.fails == sum(f.rule == code for f in report.findings), code
        assert o.holds >= 0 and o.undetermined == sum(o.reasons.values())
    # the sample's known errors fail, its arithmetic holds, nothing is undetermined
    assert report.outcomes["claim-amount"].fails == 5 and report.outcomes["claim-amount"].holds > 0
    assert report.outcomes["row-sum"].holds > 50 and report.outcomes["row-sum"].fails == 0
    assert report.outcomes["column-sum"].holds > 50
    assert report.outcomes["summary-totals"].holds == 2
    assert report.outcome_totals()["undetermined"] == 0


def test_an_unverified_table_is_undetermined_not_held(graph):
    g = _copy(graph)
    t3 = _table(g, "general-function")
    g.add((t3, CNB.unverifiedReason, Literal("planted for the test")))
    r = validate_document(g)
    rows = r.outcomes["row-sum"]
    assert rows.reasons.get("unverified-reading", 0) > 0
    claims = r.outcomes["claim-amount"]
    assert claims.reasons.get("unverified-reading", 0) >= 2  # the two 项 amounts that disagree with 公开表3
    assert claims.fails == 3 and r.withheld >= 2


def test_a_missing_table_is_undetermined(graph):
    g = _copy(graph)
    income = _table(g, "income")
    g.remove((income, CNB.tableRole, None))
    o = validate_document(g).outcomes["summary-totals"]
    assert o.reasons == {"missing-table": 1} and o.holds == 1


def test_a_share_of_a_zero_base_is_undetermined(graph):
    g = _copy(graph)
    link_claims(g)  # the links the validation copy would get
    claim, base = next((c, b) for c, b in g.subject_objects(CNB.shareBase))
    g.set((base, AMOUNT, Literal(Decimal(0), datatype=XSD.decimal)))
    o = validate_document(g).outcomes["claim-share"]
    assert o.reasons.get("zero-base", 0) >= 1


def test_outcomes_in_text_and_json(report):
    text_en, text_zh = report.text("en"), report.text("zh")
    t = report.outcome_totals()
    assert f"Checks: {t['holds']} hold, {t['fails']} fail, 0 cannot be determined" in text_en
    assert f"检查：成立 {t['holds']}，不成立 {t['fails']}，无法判定 0" in text_zh
    one = envelope([report])
    assert {k: one["stats"][k] for k in ("holds", "fails", "undetermined")} == t
    assert one["reports"][0]["outcomes"]["claim-amount"] == {"holds": report.outcomes["claim-amount"].holds,
                                                            "fails": 5, "undetermined": 0, "reasons": {}}
    json.dumps(one)  # plain JSON
    assert set(REASONS) >= {"unverified-reading", "missing-table", "zero-base"}


def test_undetermined_reasons_are_named_in_the_text(graph):
    g = _copy(graph)
    g.add((_table(g, "general-function"), CNB.unverifiedReason, Literal("planted for the test")))
    r = validate_document(g)
    assert "row-sum: " in r.text("en") and "table reading unverified" in r.text("en")
    assert "表格读取未核实" in r.text("zh")


def test_envelope_of_many_files_sums_the_outcomes(report):
    many = envelope([report, report])
    assert many["stats"]["holds"] == 2 * report.outcome_totals()["holds"]
    assert set(many["reports"][0]) == set(envelope([report])["reports"][0])


def test_scopes_name_checks_that_exist():
    from budgetkg.ingest.validate import _scopes
    assert set(_scopes()) <= {t.code for t in finding_types()}
    assert Path(__file__).resolve().parents[1].joinpath("shapes", "outcomes", "scopes.ttl").is_file()


# wide/67_zhejiang-huzhou_weijianwei_2026_dept-budget.pdf, page 15: a rate with neither its change nor the year before
HUZHOU_P15 = "2026 年安排公务接待费预算 14.60 万元，比上年预算数下降 19.3%。主要用于接待上级部门及兄弟地市来人等支出。"
# wide/40_zhejiang-hangzhou_qixiangju_2026_dept-budget.pdf, page 6: the change is in the sentence after the amount
QIXIANG_P6 = ("行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）135.62万元，主要用于机关事业单位基本养老保险缴费"
              "方面的支出。比上年执行数增加3.06万元，增长2.3%，主要原因是养老保险缴费基数调整。")


def _text_outcome(text: str, rule: str):
    g = Graph()
    section = URIRef(str(DOC) + "/section/1")
    g.add((DOC, RDF.type, CNB.BudgetDocument))
    g.add((DOC, CNB.hasSection, section))
    g.add((section, CNB.sectionText, Literal(text, lang="zh")))
    return validate_document(g).outcomes[rule]


def test_a_rate_stated_without_its_change_is_undetermined():
    o = _text_outcome(HUZHOU_P15, "growth-rate")
    assert (o.holds, o.fails, o.reasons) == (0, 0, {"no-change-stated": 1})
    assert "no-change-stated" in REASONS


def test_a_rate_with_its_change_holds_or_fails():
    assert _text_outcome(QIXIANG_P6, "growth-rate").holds == 1
    wrong = _text_outcome(QIXIANG_P6.replace("增长2.3%", "增长3.3%"), "growth-rate")
    assert (wrong.holds, wrong.fails, wrong.reasons) == (0, 1, {})
    both = _text_outcome(HUZHOU_P15 + QIXIANG_P6, "growth-rate")
    assert (both.holds, both.undetermined) == (1, 1)
