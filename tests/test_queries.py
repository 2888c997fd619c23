"""The documented example queries of ``ontology/queries/*.rq``, checked on the sample disclosure.

Every expected value below was read off ``ingest/data/sample.txt`` (the line numbers are given), not taken
from a query's own output: amounts are printed in 万元 there, so 21,749.66 万元 is 217496600 元.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import SKOS

from budgetkg.ingest.query import add_graph

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "ontology" / "queries"
SAMPLE = ROOT / "ingest" / "data" / "sample.txt"
QUERY_FILES = sorted(QUERIES.glob("*.rq"))
DOC = "http://localhost:8000/id/doc/51-301603/2025/budget"
UNIT_NAME = "四川省人民政府办公厅信息技术服务中心"


def yuan(wan: str) -> Decimal:
    """An amount printed in 万元 (e.g. ``"21,749.66"``) in 元."""
    return Decimal(wan.replace(",", "")) * 10000


def as_dataset(*graphs: tuple[str, Graph]) -> Dataset:
    """Graphs laid out as in the server's store: named graphs, the default graph their union."""
    ds = Dataset(default_union=True)
    for name, g in graphs:
        add_graph(ds, name, g)
    return ds


@pytest.fixture(scope="module")
def document_graph() -> Graph:
    from budgetkg.ingest import parse_document, to_graph

    return to_graph(parse_document(SAMPLE))


@pytest.fixture(scope="module")
def graph(document_graph: Graph) -> Dataset:
    """The sample as the store holds it: in the named graph of its document IRI."""
    return as_dataset((DOC, document_graph))


def _py(term):
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if not isinstance(value, Literal) else str(value)
    return str(term)


def run(graph: Graph, name_or_text: str, replace: tuple[str, str] | None = None) -> list[dict]:
    """Run a query file (by name prefix, e.g. ``"01"``) on ``graph``; rows as dicts of Python values."""
    if name_or_text.lstrip().upper().startswith(("PREFIX", "SELECT", "#")):
        text = name_or_text
    else:
        text = query_file(name_or_text).read_text(encoding="utf-8")
    if replace:
        assert replace[0] in text
        text = text.replace(*replace)
    # initNs={} so that the file's own PREFIX lines are what resolves its names
    result = graph.query(text, initNs={})
    names = [str(v) for v in result.vars]
    return [{n: _py(row[n]) for n in names} for row in result]


def query_file(prefix: str) -> Path:
    matches = [p for p in QUERY_FILES if p.name.startswith(prefix + "-")]
    assert len(matches) == 1, f"one query file starting with {prefix}-, found {matches}"
    return matches[0]


def header(path: Path) -> dict[str, str]:
    """The ``# key: value`` comment lines at the top of a query file; repeated keys are joined."""
    fields: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        m = re.match(r"#\s*([\w-]+):\s*(.*)$", line)
        if m:
            fields.setdefault(m.group(1), []).append(m.group(2).strip())
    return {k: " ".join(v) for k, v in fields.items()}


# -- every file -------------------------------------------------------------------------------


def test_at_least_ten_numbered_queries():
    assert len(QUERY_FILES) >= 10
    for path in QUERY_FILES:
        assert re.fullmatch(r"\d\d-[a-z0-9]+(-[a-z0-9]+)*\.rq", path.name), path.name
    numbers = [p.name[:2] for p in QUERY_FILES]
    assert len(set(numbers)) == len(numbers), "query numbers must be unique"


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_is_documented_and_parses(path: Path):
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# title: "), "the first line is the English title"
    fields = header(path)
    for key in ("title", "title-zh", "description"):
        assert fields.get(key), f"{path.name}: missing # {key}:"
    assert re.search(r"[\u4e00-\u9fff]", fields["title-zh"]), "title-zh is Chinese"
    assert len(re.findall(r"[A-Za-z]{2,}", fields["title"])) >= 3, "title is English"
    # Oxigraph knows no prefix by itself: parsing there proves the file declares every prefix it uses.
    ox.Store().query(text)
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(text, initNs={})


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_answers_on_sample(graph: Graph, path: Path):
    assert run(graph, path.read_text(encoding="utf-8")), f"{path.name} gives no rows on the sample"


def _norm(value) -> str:
    """A value as text, numbers normalised (rdflib prints 21749.66 as 21749.66, Oxigraph 217496600 as is)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    try:
        return format(Decimal(text).normalize(), "f") if re.fullmatch(r"-?\d+(\.\d+)?(E-?\d+)?", text) else text
    except ArithmeticError:
        return text


@pytest.fixture(scope="module")
def oxigraph_store(document_graph: Graph) -> ox.Store:
    store = ox.Store()
    store.load(document_graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
               to_graph=ox.NamedNode(DOC))
    return store


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_same_answer_in_oxigraph(graph: Graph, oxigraph_store: ox.Store, path: Path):
    """The server runs the queries in Oxigraph over the union of the document graphs: same rows as rdflib."""
    text = path.read_text(encoding="utf-8")
    rdflib_rows = sorted(tuple(_norm(v) for v in row.values()) for row in run(graph, text))
    result = oxigraph_store.query(text, use_default_graph_as_union=True)
    ox_rows = sorted(tuple(_norm(None if t is None else t.value) for t in row) for row in result)
    assert ox_rows == rdflib_rows


def test_readme_lists_every_query():
    readme = (QUERIES / "README.md").read_text(encoding="utf-8")
    for path in QUERY_FILES:
        assert path.name in readme, f"README.md does not mention {path.name}"


# -- 01 totals ---------------------------------------------------------------------------------


def test_01_document_totals(graph: Graph):
    rows = run(graph, "01")
    assert len(rows) == 1
    row = rows[0]
    assert row["document"] == DOC
    assert row["unitName"] == UNIT_NAME
    assert str(row["year"]).startswith("2025")
    assert row["incomeTotal"] == yuan("21,749.66")  # line 152 收入总计
    assert row["expenditureTotal"] == yuan("21,749.66")  # line 152 支出总计
    assert row["incomeThisYear"] == yuan("20,047.51")  # line 149 本年收入合计
    assert row["expenditureThisYear"] == yuan("21,749.66")  # line 149 本年支出合计
    assert row["carryOver"] == yuan("1,702.15") == Decimal(17021500)  # lines 151, 177
    assert row["incomeThisYear"] + row["carryOver"] == row["incomeTotal"]


# -- 02 function classes -----------------------------------------------------------------------


def test_02_function_class_totals(graph: Graph):
    rows = {r["classCode"]: r for r in run(graph, "02")}
    # 公开表3, lines 367-393: 类 rows with 合计 / 当年财政拨款安排 / 上年结转安排
    assert set(rows) == {"201", "208", "210", "221"}
    assert rows["201"]["className"] == "一般公共服务支出"
    assert (rows["201"]["total"], rows["201"]["currentYear"], rows["201"]["carryOver"]) == (
        yuan("21,597.59"), yuan("19,895.44"), yuan("1,702.15"))
    assert rows["208"]["total"] == rows["208"]["currentYear"] == yuan("70.72")
    assert rows["210"]["total"] == yuan("26.80")
    assert rows["221"]["total"] == yuan("54.55")
    for code in ("208", "210", "221"):
        assert rows[code]["carryOver"] is None
    assert sum(r["total"] for r in rows.values()) == yuan("21,749.66")  # line 365 合计
    assert rows["201"]["sharePercent"] == Decimal("99.3")


# -- 03 basic / project ------------------------------------------------------------------------


def test_03_basic_vs_project(graph: Graph):
    rows = {r["nature"].rsplit("/", 1)[1]: r for r in run(graph, "03")}
    # 公开表1-2 line 191: 合计 21,749.66  基本支出 537.38  项目支出 21,212.28
    assert rows["basic"]["amount"] == yuan("537.38") == Decimal(5373800)
    assert rows["project"]["amount"] == yuan("21,212.28") == Decimal(212122800)
    assert rows["basic"]["publishedValue"] == Decimal("537.38")
    assert rows["basic"]["columnLabel"] == "基本支出"
    assert rows["project"]["columnLabel"] == "项目支出"
    assert rows["basic"]["scaleLabel"] == "万元"
    assert rows["basic"]["total"] == rows["project"]["total"] == yuan("21,749.66")
    # the narrative (lines 1129-1131) gives 2.47% and 97.53%
    assert (rows["basic"]["sharePercent"], rows["project"]["sharePercent"]) == (Decimal("2.47"), Decimal("97.53"))


# -- 04 projects -------------------------------------------------------------------------------

# 公开表3-2, lines 477-504, in printed order
PROJECTS = [
    ("省人民政府网站运行维护服务", "718.60"),
    ("省政府政务微信、微博运营", "73.70"),
    ("省级政务云灾备平台项目", "120.75"),
    ("四川省电子政务外网线路租用及日常运维项目", "789.10"),
    ("四川省电子政务外网线路租用及日常运维项目", "1,496.68"),
    ("四川省人民政府网站运行维护服务", "885.00"),
    ("四川省级政务云互联网出口线路项目", "640.00"),
    ("四川省级政务云统一安全运维项目", "458.00"),
    ("四川省级政务云灾备平台项目", "402.50"),
    ("四川省级政务云监管平台项目", "189.30"),
    ("四川省级政务云平台服务扩容项目", "14,829.85"),
    ("四川省电子政务内网政府管理区线路租用及运维支撑项目", "269.80"),  # name wrapped over lines 499-501
    ("四川省政府政务微信、微博运营", "339.00"),
]


def test_04_project_list(graph: Graph):
    rows = run(graph, "04")
    assert [(r["projectName"], r["amount"]) for r in rows] == [(n, yuan(a)) for n, a in PROJECTS]
    assert [r["publishedValue"] for r in rows] == [Decimal(a.replace(",", "")) for _, a in PROJECTS]
    assert sum(r["publishedValue"] for r in rows) == Decimal("21212.28")  # line 473 合计
    assert len({r["project"] for r in rows}) == 13, "every printed line is its own project"
    twins = [r for r in rows if r["projectName"] == "四川省电子政务外网线路租用及日常运维项目"]
    assert sorted(r["publishedValue"] for r in twins) == [Decimal("789.10"), Decimal("1496.68")]
    assert twins[0]["project"] != twins[1]["project"]
    assert {r["functionCode"] for r in rows} == {"2010399"}
    assert [r["sourceLine"] for r in rows][:5] == [477, 479, 481, 483, 485]
    # 公开表6 has goals for 8 of them: the 1,496.68 line of the twins, not the 789.10 one
    assert sum(bool(r["hasGoal"]) for r in rows) == 8
    assert [bool(r["hasGoal"]) for r in twins] == [False, True]


# -- 05 indicators -----------------------------------------------------------------------------

# 公开表6: project, amount and number of indicator rows of each goal block
GOALS = [
    ("四川省电子政务外网线路租用及日常运维项目", "1,496.68", 11),  # lines 625-662
    ("四川省人民政府网站运行维护服务", "885.00", 10),  # lines 711-742
    ("四川省级政务云互联网出口线路项目", "640.00", 7),  # lines 773-789
    ("四川省级政务云统一安全运维项目", "458.00", 11),  # lines 817-838
    ("四川省级政务云灾备平台项目", "402.50", 8),  # lines 871-888
    ("四川省级政务云监管平台项目", "189.30", 14),  # lines 921-957 (序号 6 is not printed)
    ("四川省级政务云平台服务扩容项目", "14,829.85", 11),  # lines 1005-1033
    ("四川省政府政务微信、微博运营", "339.00", 8),  # lines 1073-1091
]


def test_05_project_indicators(graph: Graph):
    rows = run(graph, "05")
    assert len(rows) == 80
    per_goal: dict[int, list[dict]] = {}
    for r in rows:
        per_goal.setdefault(r["goalIndex"], []).append(r)
    assert [(g[0]["projectName"], g[0]["goalAmount"], len(g)) for g in per_goal.values()] == [
        (n, yuan(a), k) for n, a, k in GOALS]
    assert all(r["project"] for r in rows), "every goal is linked to its 公开表3-2 line"
    projects = {r["projectName"]: r for r in run(graph, "04") if r["hasGoal"]}
    for r in rows:
        assert projects[r["projectName"]]["project"] == r["project"]
    # 一级指标 counts: 产出 7+7+3+7+5+9+7+5, 效益 2+1+2+2+1+3+2+1, one 满意度 and one 成本 per goal
    level1 = [r["level1"] for r in rows]
    assert {k: level1.count(k) for k in set(level1)} == {"output": 50, "effect": 14, "satisfaction": 8, "cost": 8}
    level2 = [r["level2"] for r in rows if r["level1"] == "satisfaction"]
    assert level2.count("satisfaction-general") == 1 and level2.count("beneficiary-satisfaction") == 7
    first = per_goal[0]
    # line 631: 产出指标 数量指标 省到市州骨干网链路总数 ＝ 63 条 5 正向指标
    r = first[3]
    assert (r["level1"], r["level2"], r["indicatorName"], r["comparator"], r["targetValue"], r["unit"],
            r["weight"], r["direction"]) == (
        "output", "quantity", "省到市州骨干网链路总数", "eq", Decimal(63), "条", Decimal(5), "positive")
    # line 662: 成本指标 经济成本指标 政务外网单条链路综合成本 ≤ 3.92 万元 20 反向指标
    r = first[10]
    assert (r["level1"], r["level2"], r["indicatorName"], r["comparator"], r["targetValue"], r["unit"],
            r["weight"], r["direction"]) == (
        "cost", "economic-cost", "政务外网单条链路综合成本", "le", Decimal("3.92"), "万元", Decimal(20), "negative")
    # lines 717-718, a name wrapped over two lines: … ≥ 30 % 10 正向指标
    r = per_goal[1][3]
    assert r["indicatorName"] == "省政府网站图标图解、音视频、动漫形式政策解读占总解读的比例"
    assert (r["level2"], r["comparator"], r["targetValue"], r["unit"], r["weight"]) == (
        "quality", "ge", Decimal(30), "%", Decimal(10))
    # line 720: ＝ 24 小时/天
    assert (per_goal[1][4]["targetValue"], per_goal[1][4]["unit"]) == (Decimal(24), "小时/天")
    # line 938: 服务失效时间 ≤ 262.8 分钟 5 反向指标
    r = per_goal[5][8]
    assert (r["indicatorName"], r["comparator"], r["targetValue"], r["unit"], r["direction"]) == (
        "服务失效时间", "le", Decimal("262.8"), "分钟", "negative")
    # line 1033: a cost indicator that is 正向 (a decrease rate)
    r = per_goal[6][10]
    assert (r["indicatorName"], r["comparator"], r["targetValue"], r["unit"], r["direction"]) == (
        "服务单价整体下降比例", "ge", Decimal(5), "%", "positive")


def test_05_labels_with_code_lists(document_graph: Graph):
    from budgetkg.ontology.load import ontology_graph

    g = as_dataset((DOC, document_graph), ("https://w3id.org/cn-budget/ontology", ontology_graph()))
    rows = run(g, "05")
    assert len(rows) == 80
    assert rows[0]["level1Label"] == "产出指标" and rows[0]["level2Label"] == "数量指标"
    assert all(r["level1Label"] and r["level2Label"] for r in rows)


# -- 06 qualitative ----------------------------------------------------------------------------


def test_06_qualitative_indicators(graph: Graph):
    rows = run(graph, "06")
    # lines 650, 658, 737, 946, 949, 952, 1025, 1028: 定性 高 with weights 10 10 20 7 7 6 10 10
    assert len(rows) == 8
    assert {r["grade"] for r in rows} == {"高"}
    assert {r["direction"] for r in rows} == {"positive"}
    assert [r["weight"] for r in rows] == [Decimal(w) for w in (10, 10, 20, 7, 7, 6, 10, 10)]
    assert [r["goalIndex"] for r in rows] == [0, 0, 1, 5, 5, 5, 6, 6]
    starts = ["支撑网上政务服务需求", "保障省级单位网络接入需求", "省政府网站政策服务能力",
              "提升部门云资源费用资金测算精准率", "提升云资源费用资金使用效率", "提升省级政务云的监管水平和效率",
              "支撑政务系统稳定高效提供政务服务", "集约建设，提升财政资金使用效率"]
    for r, start in zip(rows, starts, strict=True):
        assert r["indicatorName"].startswith(start), r["indicatorName"]
    assert [r["level2"] for r in rows].count("economic-benefit") == 3  # lines 940, 948, 1027


# -- 07 basic by economic class ----------------------------------------------------------------


def test_07_basic_by_economic_class(graph: Graph):
    rows = run(graph, "07")
    total = rows[0]
    # 公开表3-1 line 411: 合计 537.38  人员经费 437.12  公用经费 100.26
    assert (total["level"], total["label"]) == (0, "合计")
    assert (total["total"], total["personnel"], total["publicUse"]) == (yuan("537.38"), yuan("437.12"), yuan("100.26"))
    classes = {r["code"]: r for r in rows if r["level"] == 1}
    assert (classes["301"]["label"], classes["301"]["total"], classes["301"]["personnel"]) == (
        "工资福利支出", yuan("437.10"), yuan("437.10"))  # line 413
    assert (classes["302"]["label"], classes["302"]["total"], classes["302"]["publicUse"]) == (
        "商品和服务支出", yuan("100.26"), yuan("100.26"))  # line 439
    assert classes["302"]["personnel"] is None
    assert (classes["303"]["total"], classes["303"]["personnel"]) == (yuan("0.02"), yuan("0.02"))  # line 459
    items = [r for r in rows if r["level"] == 2]
    assert len(items) == 17  # 8 款 of 301, 8 of 302, 1 of 303
    for code, cls in classes.items():
        assert sum(r["total"] for r in items if r["classCode"] == code) == cls["total"]
    by_code = {r["code"]: r for r in items}
    assert by_code["30107"]["label"] == "绩效工资" and by_code["30107"]["total"] == yuan("180.44")  # line 423
    assert by_code["30211"]["label"] == "差旅费" and by_code["30211"]["publicUse"] == yuan("39.66")  # line 443
    assert classes["301"]["personnel"] + classes["303"]["personnel"] == total["personnel"]


# -- 08 三公 ------------------------------------------------------------------------------------


def test_08_three_public(graph: Graph):
    rows = run(graph, "08")
    general = {r["columnLabel"]: r for r in rows if r["tableLabel"] == "公开表3-3"}
    # line 522: 合计 1.35 … 公务接待费 1.35; the other columns are blank
    assert general["合计"]["amount"] == yuan("1.35") == Decimal(13500)
    assert general["公务接待费"]["amount"] == yuan("1.35")
    assert general["因公出国（境）费用"]["amount"] == 0 and general["因公出国（境）费用"]["printed"] is False
    assert general["公务用车购置及运行费/小计"]["amount"] == 0
    assert {r["budgetType"] for r in general.values()} == {"general-public"}
    fund = [r for r in rows if r["tableLabel"] == "公开表4-1"]  # line 558: 本表无数据
    assert len(fund) == 6 and all(r["amount"] == 0 and r["printed"] is False for r in fund)
    assert len(rows) == 12


# -- 09 provenance -----------------------------------------------------------------------------


def test_09_amount_provenance(graph: Graph):
    rows = run(graph, "09")
    cells = [r for r in rows if r["kind"] == "table cell"]
    # 537.38 is printed on line 191 (公开表1-2), 293 (公开表2-1) and 411 (公开表3-1), and in the text on line 1205
    assert [(r["tableLabel"], r["sourceLine"]) for r in cells] == [
        ("公开表1-2", 191), ("公开表2-1", 293), ("公开表3-1", 411)]
    assert all(r["verbatimText"] == "537.38" and r["amount"] == Decimal(5373800) for r in cells)
    assert all(r["rowLabel"] == "合计" for r in cells)
    assert cells[0]["columnLabel"] == "基本支出" and cells[0]["tableTitle"] == "单位支出总表"
    assert cells[2]["tableTitle"] == "一般公共预算基本支出预算表"
    text = [r for r in rows if r["kind"] == "narrative"]
    assert [r["sourceLine"] for r in text] == [1205]
    assert "537.38" in text[0]["verbatimText"] and text[0]["columnLabel"] == "万元"


def test_09_another_amount(graph: Graph):
    rows = run(graph, "09", replace=("{ 537.38 }", "{ 1702.15 }"))
    cells = [r for r in rows if r["kind"] == "table cell"]
    # 1,702.15: 公开表1 line 151; 1-1 lines 177, 179; 2 lines 224, 226; 2-1 lines 293, 301, 321 (three columns
    # each: 上年结转 合计, 一般公共预算拨款小计, 项目支出); 3 lines 365, 367, 369, 373
    assert len(cells) == 1 + 2 + 2 + 9 + 4
    assert sorted({r["sourceLine"] for r in cells}) == [151, 177, 179, 224, 226, 293, 301, 321, 365, 367, 369, 373]
    assert all(r["verbatimText"] == "1,702.15" for r in cells)
    assert [r["sourceLine"] for r in rows if r["kind"] == "narrative"] == [1121]


# -- 10 weights --------------------------------------------------------------------------------


def test_10_indicator_weights(graph: Graph):
    rows = run(graph, "10")
    assert [(r["projectName"], r["goalAmount"], r["indicators"]) for r in rows] == [
        (n, yuan(a), k) for n, a, k in GOALS]
    assert [r["indicators"] for r in rows] == [11, 10, 7, 11, 8, 14, 11, 8]
    assert [r["qualitative"] for r in rows] == [2, 1, 0, 0, 0, 3, 2, 0]
    assert [r["quantitative"] for r in rows] == [9, 9, 7, 11, 8, 11, 9, 8]
    assert [r["negative"] for r in rows] == [2, 2, 2, 3, 2, 2, 1, 3]
    # the printed weights of every goal add up to 90 (e.g. lines 625-662: 5+5+10+5+5+5+5+10+10+10+20)
    assert [r["weightTotal"] for r in rows] == [Decimal(90)] * 8


# -- 11 roll-up --------------------------------------------------------------------------------

ROLLUP = {  # 公开表1-2 lines 193-207, summed by 类
    "201": ("一般公共服务支出", 2, "21,597.59", "385.31", "21,212.28"),
    "208": ("社会保障和就业支出", 3, "70.72", "70.72", "0"),
    "210": ("卫生健康支出", 1, "26.80", "26.80", "0"),
    "221": ("住房保障支出", 2, "54.55", "54.55", "0"),
}


def _rollup(rows: list[dict]) -> dict:
    return {r["class"].rsplit("/", 1)[1]: (r["className"], r["items"], r["classTotal"], r["basicTotal"],
                                           r["projectTotal"]) for r in rows}


def test_11_function_rollup(graph: Graph):
    expected = {k: (n, i, yuan(t), yuan(b), yuan(p)) for k, (n, i, t, b, p) in ROLLUP.items()}
    assert _rollup(run(graph, "11")) == expected
    # the roll-up agrees with the 类 rows printed in 公开表3 (query 02)
    classes = {r["classCode"]: r["total"] for r in run(graph, "02")}
    assert {k: v[2] for k, v in expected.items()} == classes


def test_11_rollup_without_broader_chain(document_graph: Graph):
    """A document without 款 rows has no 款 → 类 skos:broader; the code prefix stands in."""
    g = Graph()
    g += document_graph
    g.remove((None, SKOS.broader, None))
    rows = _rollup(run(as_dataset((DOC, g)), "11"))
    assert {k: v[2] for k, v in rows.items()} == {k: yuan(v[2]) for k, v in ROLLUP.items()}


def test_11_with_code_lists(graph: Graph, document_graph: Graph):
    from budgetkg.ontology.load import ontology_graph

    g = as_dataset((DOC, document_graph), ("https://w3id.org/cn-budget/ontology", ontology_graph()))
    assert _rollup(run(g, "11")) == _rollup(run(graph, "11"))


# -- 12 narrative check ------------------------------------------------------------------------


def test_12_narrative_amounts_not_in_tables(graph: Graph):
    rows = run(graph, "12")
    got = [(r["sourceLine"], r["statedText"], r["statedUnit"]) for r in rows]
    assert got == [
        (1129, "537.88", "万元"),  # 基本支出 537.88 — the tables say 537.38
        (1207, "437.12", "元"),  # 人员经费 437.12元 — 万元 in the tables
        (1256, "20,904.9", "万元"),  # 政府采购预算, not a table figure
        (1258, "20,904.9", "万元"),
        (1264, "200", "万元"),  # 单位价值 200万元以上大型设备
        (1266, "200", "万元"),
    ]
    assert rows[0]["subject"] == "基本支出" and rows[0]["valueInYuan"] == Decimal(5378800)


# -- 13 comparators ----------------------------------------------------------------------------


def test_13_comparators(graph: Graph):
    rows = {(r["comparator"], r["direction"]): r for r in run(graph, "13")}
    # counted in 公开表6: ≥ 6+5+3+8+4+2+7+4, ≤ 2+2+2+3+2+2+1+3 (all 反向), ＝ 1+2+2+0+2+7+1+1, 定性 2+1+3+2
    assert {k: r["indicators"] for k, r in rows.items()} == {
        ("ge", "positive"): 39, ("le", "negative"): 17, ("eq", "positive"): 16, ("qualitative", "positive"): 8}
    assert rows[("le", "negative")]["weightTotal"] == Decimal(206)  # 25+15+35+32+28+25+6+40
    assert rows[("eq", "positive")]["weightTotal"] == Decimal(93)  # 5+10+20+16+30+6+6
    assert rows[("qualitative", "positive")]["weightTotal"] == Decimal(80)
    assert sum(r["weightTotal"] for r in rows.values()) == Decimal(720)  # 8 goals × 90


# -- 14 across years ---------------------------------------------------------------------------


def test_14_unit_across_years(graph: Graph):
    rows = run(graph, "14")
    assert len(rows) == 1
    r = rows[0]
    assert (r["unitName"], r["unitCode"], r["phase"]) == (UNIT_NAME, "301603", "approved")
    assert (r["total"], r["basic"], r["project"]) == (yuan("21,749.66"), yuan("537.38"), yuan("21,212.28"))
    assert (r["projects"], r["goals"]) == (13, 8)
    assert run(graph, "14", replace=("UNDEF", '"000000"')) == []
    assert len(run(graph, "14", replace=("UNDEF", '"301603"'))) == 1


def test_14_two_years_of_one_unit(document_graph: Graph):
    from budgetkg.ingest import parse_document, to_graph
    from budgetkg.ingest.iri import IRIs

    earlier = parse_document(SAMPLE)
    earlier.year = 2024
    g = as_dataset((DOC, document_graph), (str(IRIs(earlier, "http://localhost:8000/").document), to_graph(earlier)))
    rows = run(g, "14")
    assert [str(r["year"])[:4] for r in rows] == ["2024", "2025"]
    assert len({r["unit"] for r in rows}) == 1 and len({r["document"] for r in rows}) == 2
    assert len(run(g, "01")) == 2



def test_24_unit_class_series(graph: Graph):
    rows = run(graph, "24")
    fn = {r["classCode"]: r["amount"] for r in rows if r["kind"] == "function"}
    # lines 97, 110, 113, 132: the 收支总表's function classes
    assert fn == {"201": yuan("21,597.59"), "208": yuan("70.72"), "210": yuan("26.80"), "221": yuan("54.55")}
    assert {r["year"][:4] for r in rows} == {"2025"} and {r["phase"] for r in rows} == {"approved"}
    assert {r["kind"] for r in rows} == {"function", "economic"}
    assert run(graph, "24", replace=('("51" "301603")', '("51" "000000")')) == []


def test_25_unit_nature_three_public_series(graph: Graph):
    rows = run(graph, "25")
    assert len(rows) == 1
    r = rows[0]
    # line 149 合计 21,749.66; 基本 537.38, 项目 21,212.28 (公开表2-1); line 303: 三公 (公务接待费) 1.35
    assert (r["total"], r["basic"], r["project"], r["threePublic"]) == (
        yuan("21,749.66"), yuan("537.38"), yuan("21,212.28"), yuan("1.35"))


def test_24_25_two_years_of_one_unit(document_graph: Graph):
    """Two years of one unit (the sample and the same document as 2024): one series point per year, each the
    document's own figures."""
    from budgetkg.ingest import parse_document, to_graph
    from budgetkg.ingest.iri import IRIs

    earlier = parse_document(SAMPLE)
    earlier.year = 2024
    g = as_dataset((DOC, document_graph), (str(IRIs(earlier, "http://localhost:8000/").document), to_graph(earlier)))
    rows = run(g, "25")
    assert [(r["year"][:4], r["total"], r["threePublic"]) for r in rows] == [
        ("2024", yuan("21,749.66"), yuan("1.35")), ("2025", yuan("21,749.66"), yuan("1.35"))]
    series = [(r["year"][:4], r["amount"]) for r in run(g, "24") if r["classCode"] == "201"]
    assert series == [("2024", yuan("21,597.59")), ("2025", yuan("21,597.59"))]

# -- the command line --------------------------------------------------------------------------


def _budgetkg() -> list[str]:
    exe = Path(sys.executable).with_name("budgetkg")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("budgetkg")
    return [found] if found else [sys.executable, "-m", "budgetkg.cli"]


@pytest.fixture(scope="module")
def sample_ttl(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("queries") / "sample.ttl"
    proc = subprocess.run([*_budgetkg(), "ingest", str(SAMPLE), "-o", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return out


def _cli_csv(query: Path, *data: Path) -> list[dict[str, str]]:
    proc = subprocess.run([*_budgetkg(), "query", str(query.relative_to(ROOT)), "--data", *map(str, data), "--format", "csv"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return list(csv.DictReader(io.StringIO(proc.stdout)))


def test_cli_query_01(sample_ttl: Path):
    rows = _cli_csv(query_file("01"), sample_ttl)
    assert len(rows) == 1
    row = rows[0]
    assert Decimal(row["incomeTotal"]) == Decimal(217496600)
    assert Decimal(row["expenditureTotal"]) == Decimal(217496600)
    assert Decimal(row["incomeThisYear"]) == Decimal(200475100)
    assert Decimal(row["carryOver"]) == Decimal(17021500)
    assert row["unitName"] == UNIT_NAME


def test_cli_query_04(sample_ttl: Path):
    rows = _cli_csv(query_file("04"), sample_ttl)
    assert [r["projectName"] for r in rows] == [n for n, _ in PROJECTS]
    assert sum(Decimal(r["amount"]) for r in rows) == Decimal(212122800)


def test_cli_query_two_years_one_row_each(sample_ttl: Path, tmp_path: Path):
    """Two files of one unit (its name printed differently each year): one graph per document file, so 01 gives
    one row per document, each with the name that document prints."""
    text = SAMPLE.read_text(encoding="utf-8").replace("2025", "2024").replace(UNIT_NAME, UNIT_NAME + "（旧称）")
    earlier = tmp_path / "earlier.txt"
    earlier.write_text(text, encoding="utf-8")
    earlier_ttl = tmp_path / "earlier.ttl"
    proc = subprocess.run([*_budgetkg(), "ingest", str(earlier), "-o", str(earlier_ttl)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    rows = _cli_csv(query_file("01"), sample_ttl, earlier_ttl)
    assert sorted((r["year"], r["unitName"]) for r in rows) == [("2024", UNIT_NAME + "（旧称）"), ("2025", UNIT_NAME)]
