"""The cross-document queries (ontology/queries/2x-*.rq) on a small generated corpus (20 unit-years, seeded):
columns, ordering and counts against the generator's own records (bench/generate_corpus.py manifest.jsonl).

The store is queried as the server does (Oxigraph, one named graph per document, default graph = union of all
graphs). A unit's label and codes are repeated in each of its yearly graphs, which Oxigraph's union does not
de-duplicate: every count below would be a multiple if a query joined through them carelessly.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from bench.generate_corpus import main as generate_corpus
from budgetkg.ingest.vocab import INDICATOR_LEVEL1, INDICATOR_LEVEL2

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "ontology" / "queries"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[ox.Store, list[dict]]:
    out = tmp_path_factory.mktemp("corpus")
    assert generate_corpus(["--count", "20", "--seed", "7", "--error-rate", "0", "--out", str(out), "--jobs", "2"]) == 0
    records = [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    store = ox.Store()
    for rec in records:
        store.load(path=str(out / "rdf" / rec["file"].replace(".txt", ".nt")), format=ox.RdfFormat.N_TRIPLES,
                   to_graph=ox.NamedNode(rec["document"]))
    return store, records


def run(store: ox.Store, name: str, replace: tuple[str, str] | None = None) -> tuple[list[str], list[dict]]:
    text = next(QUERIES.glob(f"{name}-*.rq")).read_text(encoding="utf-8")
    if replace:
        assert replace[0] in text
        text = text.replace(*replace)
    result = store.query(text, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    rows = [{n: (None if t is None else t.value) for n, t in zip(names, row, strict=True)} for row in result]
    return names, rows


def dec(value: str | None) -> Decimal:
    return Decimal(value or 0)


def test_corpus_spans_units_years_and_regions(corpus):
    _, records = corpus
    assert len(records) == 20
    assert len({r["unit"] for r in records}) == 4 and len({r["year"] for r in records}) == 5
    assert len({r["region"] for r in records}) >= 2


def test_20_unit_across_years(corpus):
    store, records = corpus
    unit = records[0]
    mine = sorted((r for r in records if r["unit"] == unit["unit"]), key=lambda r: r["year"])
    names, rows = run(store, "20", ('("51" "301603")', f'("{unit["region"]}" "{unit["unitCode"]}")'))
    assert names == ["regionCode", "unitCode", "unitName", "year", "phase", "document", "total", "basic", "project",
                     "carryOver", "projects", "goals", "changePercent"]
    assert len(rows) == len(mine) == 5, "one row per year, not one per graph repeating the unit"
    assert [r["year"] for r in rows] == [str(r["year"]) for r in mine]
    previous = None
    for row, rec in zip(rows, mine, strict=True):
        assert row["document"] == rec["document"] and row["unitName"] == rec["unitName"]
        assert (dec(row["total"]), dec(row["basic"]), dec(row["project"])) == (rec["total"], rec["basic"], rec["project"])
        assert dec(row["carryOver"]) == rec["carryOver"]
        assert int(row["projects"]) == len(rec["projects"])
        assert int(row["goals"] or 0) == sum(p["goal"] for p in rec["projects"])
        if previous is None:
            assert row["changePercent"] is None
        else:
            change = (Decimal(rec["total"]) - previous) / previous * 100
            assert abs(dec(row["changePercent"]) - change) < Decimal("0.01")
        previous = Decimal(rec["total"])


@pytest.mark.parametrize("regions", [("51",), ("51", "50")])
def test_21_region_by_function_class(corpus, regions):
    store, records = corpus
    values = " ".join(f'"{r}"' for r in regions)
    names, rows = run(store, "21", ('VALUES ?regionCode { "51" }', f"VALUES ?regionCode {{ {values} }}"))
    assert names == ["regionCode", "year", "classCode", "className", "units", "documents", "classTotal", "basicTotal",
                     "projectTotal"]
    expected: dict[tuple, Decimal] = defaultdict(Decimal)
    units: dict[tuple, set] = defaultdict(set)
    for rec in records:
        if rec["region"] in regions:
            for code, amount in rec["classes"].items():
                key = (rec["region"], str(rec["year"]), code)
                expected[key] += amount
                units[key].add(rec["unit"])
    assert {(r["regionCode"], r["year"], r["classCode"]): dec(r["classTotal"]) for r in rows} == expected
    for r in rows:
        key = (r["regionCode"], r["year"], r["classCode"])
        assert int(r["units"]) == int(r["documents"]) == len(units[key])
        assert dec(r["basicTotal"]) + dec(r["projectTotal"]) == dec(r["classTotal"])
        assert r["className"] and r["className"].endswith("支出")
    order = [(r["regionCode"], r["year"], -dec(r["classTotal"])) for r in rows]
    assert order == sorted(order), "by region, year, largest class first"


def test_22_largest_projects(corpus):
    store, records = corpus
    names, rows = run(store, "22")
    assert names == ["amount", "publishedValue", "projectName", "unitName", "regionCode", "year", "functionCode",
                     "hasGoal", "document", "project"]
    everything = {(rec["document"], p["name"]): (p, rec) for rec in records for p in rec["projects"]}
    top = sorted((p["amount"] for p, _ in everything.values()), reverse=True)[:20]
    assert len(rows) == 20 and [dec(r["amount"]) for r in rows] == top
    assert len({r["project"] for r in rows}) == 20, "no project repeated"
    for r in rows:
        p, rec = everything[(r["document"], r["projectName"])]
        assert (r["functionCode"], r["unitName"], r["regionCode"], r["year"]) == (
            p["function"], rec["unitName"], rec["region"], str(rec["year"]))
        assert (r["hasGoal"] == "true") == p["goal"]
        assert dec(r["publishedValue"]) * 10000 == dec(r["amount"])


def test_23_indicators_by_category(corpus):
    store, records = corpus
    names, rows = run(store, "23")
    assert names == ["level1", "level2", "indicators", "goals", "documents", "qualitative", "negative", "weightTotal",
                     "weightAverage"]
    expected: Counter = Counter()
    documents: dict[tuple, set] = defaultdict(set)
    for rec in records:
        for category, n in rec["indicators"].items():
            level1, level2 = category.split("/")
            key = (INDICATOR_LEVEL1[level1], INDICATOR_LEVEL2[level2])
            expected[key] += n
            documents[key].add(rec["document"])
    assert {(r["level1"], r["level2"]): int(r["indicators"]) for r in rows} == dict(expected)
    for r in rows:
        key = (r["level1"], r["level2"])
        assert int(r["documents"]) == len(documents[key])
        assert int(r["goals"]) <= int(r["indicators"]) and int(r["qualitative"]) <= int(r["indicators"])
    order = [(r["level1"], -int(r["indicators"])) for r in rows]
    assert order == sorted(order), "by level 1, most used category first"


def test_11_rolls_up_each_document_to_its_printed_class_totals(corpus):
    """Query 11 (项 → 类 through skos:broader) on many documents gives, for every document and class, the 类 total
    printed in that document's 一般公共预算支出表 (query 02). Each document graph carries the broader chain of its own
    codes; read through the union graph, every document's copy of a chain multiplied the items and the sums (one
    document's 208 came out as 952 items and 277,060,800 instead of 5 and 10,348,600 on 21 documents)."""
    store, records = corpus
    _, printed = run(store, "02")
    _, rolled = run(store, "11")
    by_class = {(r["document"], r["classCode"]): dec(r["total"]) for r in printed}
    assert {r["document"] for r in rolled} == {rec["document"] for rec in records}
    checked = 0
    for r in rolled:
        key = (r["document"], r["class"].rsplit("/", 1)[-1])
        if key in by_class:  # 02 reads the fiscal table, 11 the expenditure table: compare where both have the class
            assert dec(r["classTotal"]) == by_class[key], key
            checked += 1
    assert checked >= len(records)


PER_DOCUMENT = sorted(p.stem[:2] for p in QUERIES.glob("*.rq") if p.stem[:2] < "20")


@pytest.fixture(scope="module")
def alone_and_together(corpus) -> tuple[ox.Store, dict[str, ox.Store]]:
    """Four documents of the corpus (two years of two units) in one store, and each of them alone in a store of
    its own; every store also holds the vocabulary graph, as the server's does."""
    from budgetkg.server.vocabulary import ontology_graph
    from budgetkg.server.vocabulary_graph import VOCABULARY_GRAPH

    store, records = corpus
    vocabulary = ontology_graph().serialize(format="nt", encoding="utf-8")
    units = sorted({r["unit"] for r in records})[:2]
    chosen = [r["document"] for r in records if r["unit"] in units][:2] + \
        [r["document"] for r in records if r["unit"] == units[1]][:2]

    def store_of(documents: list[str]) -> ox.Store:
        out = ox.Store()
        out.load(vocabulary, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(VOCABULARY_GRAPH))
        for doc in documents:
            out.extend(ox.Quad(q.subject, q.predicate, q.object, q.graph_name)
                       for q in store.quads_for_pattern(None, None, None, ox.NamedNode(doc)))
        return out

    return store_of(chosen), {doc: store_of([doc]) for doc in chosen}


@pytest.mark.parametrize("name", PER_DOCUMENT)
def test_per_document_queries_answer_the_same_beside_other_documents(alone_and_together, name):
    """Each per-document example query gives a document the same rows whether it is alone in the store or beside
    other documents (other years of its unit, another unit): nothing joins across document graphs, and no triple
    repeated in several graphs (a unit's name, a code's broader chain) multiplies a row or a sum."""
    together, alone = alone_and_together
    _, rows = run(together, name)
    for document, single in alone.items():
        _, own = run(single, name)
        beside = [r for r in rows if r["document"] == document]
        assert sorted(map(repr, beside)) == sorted(map(repr, own)), document
