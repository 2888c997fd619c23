"""A unit's series over its documents (issue 17, item 3: server/series.py, queries 24 and 25, the unit page's
series block and its CSV), over three generated years of one unit (bench/generate_corpus.py, seed 3: 四川省人民政府
办公厅服务中心 2021–2023) whose figures the generator's records give.

Planted: a true narrative change in 2022 (基本支出 311.67 万元, 比上年预算减少 8.22 万元: 2021 printed 319.89), a false
one in 2023 (“三公” 0.90 万元, 比上年预算增加 1.00 万元: it fell by 2.36) and a table 增减 cell in 2023 on the “三公”
table's 合计 row (−2.36 万元, true).
"""

from __future__ import annotations

import csv
import importlib.util
import io
import re
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import XSD

from bench.generate_corpus import generate, record, unit_years
from budgetkg.ingest import parse_document, to_graph
from budgetkg.ingest.iri import DEFAULT_BASE
from budgetkg.ontology.namespaces import CNB
from budgetkg.server.series import CLASS_QUERY, NATURE_QUERY, unit_query, unit_series
from budgetkg.server.store import OxigraphStore
from budgetkg.server.views import documents_of

ROOT = Path(__file__).resolve().parents[1]
SEED = 3
TRUE_2022 = "四、一般公共预算基本支出情况说明\n一般公共预算基本支出311.67万元，比上年预算减少8.22万元。\n"
FALSE_2023 = "四、一般公共预算基本支出情况说明\n“三公”经费0.90万元，比上年预算增加1.00万元。\n"
THREE_PUBLIC_ROLE = URIRef("https://w3id.org/cn-budget/code/table-role/three-public")
TOTAL_KIND = URIRef("https://w3id.org/cn-budget/code/row-kind/total")


def _planted(tmp: Path) -> tuple[list[dict], dict[str, Graph]]:
    records, graphs = [], {}
    for unit, year in unit_years(SEED, 3):
        plan, doc, text = generate(SEED, unit, year, 0.0)
        records.append(record(plan, doc, DEFAULT_BASE, 0))
        body = text.decode("utf-8")
        if year in (2022, 2023):
            head = "四、一般公共预算基本支出情况说明\n"
            assert head in body
            body = body.replace(head, TRUE_2022 if year == 2022 else FALSE_2023, 1)
        path = tmp / f"{unit.region}-{unit.code}-{year}.txt"
        path.write_text(body, encoding="utf-8")
        g = to_graph(parse_document(path))
        if year == 2023:  # a printed 增减 cell on the 三公 table's 合计 row: 0.90 − 3.26 = −2.36 万元
            table = next(t for t in g.subjects(CNB.tableRole, THREE_PUBLIC_ROLE))
            row = next(r for r in g.objects(table, CNB.hasRow) if (r, CNB.rowKind, TOTAL_KIND) in g)
            col = URIRef(str(table) + "/planted-change-column")  # "比上年增减": a change from the year before
            g.add((col, CNB.columnLabel, Literal("比上年增减")))
            not_yoy = URIRef(str(table) + "/planted-other-column")  # a change of another kind: not read as one
            g.add((not_yoy, CNB.columnLabel, Literal("执行数比预算数增减")))
            other = URIRef(str(row) + "/planted-other")
            g.add((other, RDF.type, CNB.TableFigure))
            g.add((other, CNB.row, row))
            g.add((other, CNB.column, not_yoy))
            g.add((other, CNB.changeAmount, Literal("99900", datatype=XSD.decimal)))
            fig = URIRef(str(row) + "/planted-change")
            g.add((fig, RDF.type, CNB.TableFigure))
            g.add((fig, CNB.row, row))
            g.add((fig, CNB.column, col))
            g.add((fig, CNB.publishedValue, Literal("-2.36", datatype=XSD.decimal)))
            g.add((fig, CNB.changeAmount, Literal("-23600", datatype=XSD.decimal)))
        graphs[records[-1]["document"]] = g
    return records, graphs


@pytest.fixture(scope="module")
def family(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict], dict[str, Graph], Path]:
    tmp = tmp_path_factory.mktemp("series")
    records, graphs = _planted(tmp)
    nt = []
    for name, g in graphs.items():
        path = tmp / (name.rsplit("/doc/", 1)[1].replace("/", "-") + ".nt")
        g.serialize(path, format="nt", encoding="utf-8")
        nt.append((name, path))
    return records, graphs, tmp


@pytest.fixture(scope="module")
def store(family, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphStore]:
    _, graphs, _ = family
    s = OxigraphStore()
    for name, g in graphs.items():
        s.replace_graph(name, g)
    yield s


@pytest.fixture(scope="module")
def series(family, store) -> dict:
    records, _, _ = family
    unit = records[0]["unit"]
    data = unit_series(store, unit, documents_of(store, unit), "zh")
    assert data is not None
    return data


def _group(data: dict, name: str) -> dict:
    return {s.key: s for g in data["groups"] if g["group"] == name for s in g["series"]}


def test_documents_in_year_order(family, series):
    records, _, _ = family
    assert [d["iri"] for d in series["documents"]] == [r["document"] for r in records]
    assert series["columns"] == ["2021年预算", "2022年预算", "2023年预算"]


def test_function_class_series_are_the_generators(family, series):
    records, _, _ = family
    fn = _group(series, "function")
    assert set(fn) == set(records[0]["classes"])
    for code, s in fn.items():
        assert [p.value for p in s.points] == [Decimal(r["classes"][code]) for r in records]
        # 201: 3,393,700 → 28,520,100 → 2,638,600 元
        assert [p.change for p in s.points] == [None] + [Decimal(records[i]["classes"][code] -
                                                                 records[i - 1]["classes"][code]) for i in (1, 2)]


def test_nature_series_and_changes(family, series):
    records, _, _ = family
    nature = _group(series, "nature")
    for key in ("total", "basic", "project"):
        assert [p.value for p in nature[key].points] == [Decimal(r[key]) for r in records]
    assert [p.change for p in nature["basic"].points] == [None, Decimal(-82200), Decimal(692600)]
    assert [p.change for p in nature["total"].points] == [None, Decimal(25210800), Decimal(-25582700)]


def test_economic_class_series(family, store, series):
    """The same totals as the page's history rule (views.class_totals: the largest own-period amount of a class)."""
    from budgetkg.server.views import class_totals

    records, _, _ = family
    econ = _group(series, "economic")
    assert econ, "economic classes"
    index = {r["document"]: i for i, r in enumerate(records)}
    expected = {(str(r["code"]).rsplit("/", 1)[1], index[str(r["g"])]): r["total"].toPython()
                for r in class_totals(store, unit=records[0]["unit"]) if str(r["kind"]) == "economic"}
    assert {(k, i): p.value for k, s in econ.items() for i, p in enumerate(s.points) if p.value is not None} == expected
    # 基本支出 = 工资福利支出 (301) + 商品和服务支出 (302) + 对个人和家庭的补助 (303) in each year (2021: 277.10 + 42.21
    # + 0.58 = 319.89 万元; 2022 prints no 303)
    assert [sum((s.points[i].value or Decimal(0) for s in econ.values()), Decimal(0)) for i in range(3)] == [
        Decimal(r["basic"]) for r in records]
    assert all(re.fullmatch(r"\d{3}", k) for k in econ)
    for s in econ.values():
        for p in s.points:
            assert p.value is None or p.value >= 0


def test_three_public_series(series):
    tp = _group(series, "three-public")["three-public"]
    assert [p.value for p in tp.points] == [Decimal(265000), Decimal(32600), Decimal(9000)]  # 26.50, 3.26, 0.90 万元
    assert [p.change for p in tp.points] == [None, Decimal(-232400), Decimal(-23600)]


def test_printed_changes_checked(series):
    basic = _group(series, "nature")["basic"].points
    assert [p.check for p in basic] == [None, "agrees", None]  # the true sentence of 2022
    assert basic[1].printed[0].amount == Decimal(-82200) and basic[1].printed[0].source == "narrative"
    tp = _group(series, "three-public")["three-public"].points[2]
    assert sorted((x.source, x.amount) for x in tp.printed) == [("narrative", Decimal(10000)),
                                                                 ("table", Decimal(-23600))]
    assert tp.check == "differs"  # the false sentence; the table's cell alone agrees
    assert [x.amount - tp.change for x in tp.printed if x.source == "table"] == [0]


def test_no_earlier_document_is_undetermined(family, store):
    records, _, _ = family
    unit = records[0]["unit"]
    docs = [d for d in documents_of(store, unit) if not d["year"].startswith("2022")]  # 2021 and 2023 only
    data = unit_series(store, unit, docs, "zh")
    assert data is not None
    tp = _group(data, "three-public")["three-public"].points
    assert [p.change for p in tp] == [None, None]
    assert tp[1].check == "undetermined"


def test_queries_give_the_same_figures(family, store, series):
    records, _, _ = family
    unit = records[0]["unit"]
    rows = store.select(unit_query(NATURE_QUERY, unit))
    got = {str(r["document"]): (r["total"].toPython(), r["basic"].toPython(), r["project"].toPython(),
                                r["threePublic"].toPython()) for r in rows}
    assert got == {r["document"]: (Decimal(r["total"]), Decimal(r["basic"]), Decimal(r["project"]), tp)
                   for r, tp in zip(records, (Decimal(265000), Decimal(32600), Decimal(9000)), strict=True)}
    classes = store.select(unit_query(CLASS_QUERY, unit))
    fn = {(str(r["document"]), str(r["classCode"])): r["amount"].toPython() for r in classes
          if str(r["kind"]) == "function"}
    assert fn == {(r["document"], c): Decimal(v) for r in records for c, v in r["classes"].items()}


def test_example_queries_with_the_unit_code(family):
    """The example files as an analyst runs them (their VALUES line set to the unit's codes), in rdflib."""
    records, graphs, _ = family
    sys.path.insert(0, str(ROOT / "tests"))
    from test_queries import as_dataset, run

    ds = as_dataset(*graphs.items())
    code = ('("51" "301603")', f'("{records[0]["region"]}" "{records[0]["unitCode"]}")')
    rows = run(ds, "25", replace=code)
    assert [(r["year"][:4], r["total"], r["threePublic"]) for r in rows] == [
        ("2021", Decimal(4216400), Decimal(265000)), ("2022", Decimal(29427200), Decimal(32600)),
        ("2023", Decimal(3844500), Decimal(9000))]
    rows = run(ds, "24", replace=code)
    assert {(r["year"][:4], r["classCode"]): r["amount"] for r in rows if r["kind"] == "function"} == {
        (str(rec["year"]), c): Decimal(v) for rec in records for c, v in rec["classes"].items()}


# -- over HTTP, on the real server ------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(family, tmp_path_factory: pytest.TempPathFactory):
    spec = importlib.util.spec_from_file_location("series_server_conftest", ROOT / "tests" / "test_server" / "conftest.py")
    assert spec and spec.loader
    conftest = sys.modules.setdefault(spec.name, importlib.util.module_from_spec(spec))
    spec.loader.exec_module(conftest)
    BASE, start_server, stop_server = conftest.BASE, conftest.start_server, conftest.stop_server

    _, graphs, tmp = family
    store_dir = tmp_path_factory.mktemp("series-server")
    files = []
    for name, g in graphs.items():
        path = store_dir / (name.rsplit("/doc/", 1)[1].replace("/", "-") + ".nt")
        g.serialize(path, format="nt", encoding="utf-8")
        files.append(f"{name}={path}")
    load = ("import sys\nfrom rdflib import Graph\nfrom budgetkg.server.store import OxigraphStore\n"
            "s = OxigraphStore(sys.argv[1])\nfor pair in sys.argv[2:]:\n    n, p = pair.split('=', 1)\n"
            "    s.replace_graph(n, Graph().parse(p, format='nt'))\ns.close()\n")
    subprocess.run([sys.executable, "-c", load, str(store_dir / "store"), *files], cwd=ROOT, check=True, timeout=300,
                   env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert BASE == DEFAULT_BASE
    srv = start_server(store_dir, populate=False)
    yield srv
    stop_server(srv)


def test_unit_page_shows_the_series(family, server):
    records, _, _ = family
    path = "/" + records[0]["unit"].removeprefix(DEFAULT_BASE)
    with server.client(headers={"accept": "text/html"}) as client:
        r = client.get(path)
    assert r.status_code == 200
    page = r.text.split('id="series"', 1)[1]
    for group in ("function", "economic", "nature", "three-public"):
        assert f'id="series-table-{group}"' in page
        assert f'id="series-chart-{group}"' in page  # the server-drawn SVG
    tp = page.split('id="series-table-three-public"', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r'<td class="num">(.*?)</td>', tp, re.S)
    assert [re.sub(r"<[^>]+>", " ", c).split()[0] for c in cells] == ["26.50", "3.26", "0.90"]
    assert "check-differs" in cells[2] and "-2.36" in cells[2]
    basic = page.split('id="series-table-nature"', 1)[1].split('data-key="basic"', 1)[1].split("</tr>", 1)[0]
    assert "check-agrees" in basic and "-8.22" in basic
    assert f'href="{path}/series.csv?series=three-public"' in page
    with server.client(headers={"accept": "text/html"}) as client:
        en = client.get(path, params={"lang": "en"}).text.split('id="series"', 1)[1]
    assert "2023 budget" in en and "agrees with printed" in en and "printed differs" in en
    assert "by economic class" in en


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_series_csv(family, server):
    records, _, _ = family
    path = "/" + records[0]["unit"].removeprefix(DEFAULT_BASE)
    with server.client() as client:
        r = client.get(path + "/series.csv", params={"series": "three-public"})
        everything = client.get(path + "/series.csv")
        negotiated = client.get(path, params={"series": "nature"}, headers={"accept": "text/csv"})
        by_format = client.get(path, params={"format": "csv", "series": "nature"})
        bad = client.get(path + "/series.csv", params={"series": "nonsense"})
        unknown = client.get("/id/unit/no-such-unit/series.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = _csv(r.text)
    assert [(x["year"], x["amount"], x["change"], x["printed_change"], x["check"]) for x in rows] == [
        ("2021", "265000", "", "", ""), ("2022", "32600", "-232400", "", ""),
        ("2023", "9000", "-23600", "10000;-23600", "differs")]
    groups = {x["group"] for x in _csv(everything.text)}
    assert groups == {"function", "economic", "nature", "three-public"}
    fn201 = [x["amount"] for x in _csv(everything.text) if x["group"] == "function" and x["key"] == "201"]
    assert fn201 == [str(rec["classes"]["201"]) for rec in records]
    for resp in (negotiated, by_format):
        assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/csv")
        basic = [x for x in _csv(resp.text) if x["key"] == "basic"]
        assert [(x["amount"], x["check"]) for x in basic] == [("3198900", ""), ("3116700", "agrees"),
                                                              ("3809300", "")]
    assert bad.status_code == 400
    assert unknown.status_code == 404


def test_crossdoc_family_printed_changes_agree():
    """The cross-document checks' generated families (bench/crossdoc_family.py): each next year's budget says, for
    each function class, "…比2024年预算增加 x 万元" — the sentences ``crossdoc-prior-year-text`` checks. Here every one
    agrees with the difference of the two budgets' class totals, and the 部门 budget (the unit's 本级 and a
    sub-unit) is compared with 部门 budgets only, not with the unit's own."""
    from bench import crossdoc_family as cf
    from budgetkg.ingest import crossdoc

    s = OxigraphStore()
    quads = list(cf.quads(3, 4))
    ox_store = ox.Store()
    ox_store.bulk_extend(quads)
    for name in sorted({q.graph_name.value for q in quads}):
        nt = ox_store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
        assert nt
        s.replace_ntriples(name, nt)
    report = crossdoc.check_store(ox_store)
    assert report.outcomes["crossdoc-prior-year-text"].fails == 0
    checks: dict[str | None, int] = {}
    columns = set()
    for r in s.select("PREFIX cnb: <https://w3id.org/cn-budget/ontology#> SELECT DISTINCT ?u WHERE { ?d cnb:unit ?u }"):
        unit = str(r["u"])
        data = unit_series(s, unit, documents_of(s, unit), "zh")
        if data is None:
            continue
        columns |= set(data["columns"])
        for g in data["groups"]:
            for series in g["series"]:
                for p in series.points:
                    if p.printed:
                        checks[p.check] = checks.get(p.check, 0) + 1
    assert checks == {"agrees": 15}
    assert {"2024年预算", "2024年部门预算", "2024年决算", "2025年预算"} <= columns
