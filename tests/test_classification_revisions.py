"""Classification revisions (issue 17, item 4): the 科目 that an edition of 《政府收支分类科目》 renamed, moved, merged
or split (ontology/codelists/source/revisions.csv, from the 新旧科目对照表 of the 2018, 2019 and 2021 editions), as
SKOS/XKOS in ontology/codelists/revisions.ttl, checked against the codes real disclosures print
(ontology/reference/observed-codes.csv), and followed by a unit's series (server/series.py) so that a class printed
under its old code continues the series of its new code.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph, Literal
from rdflib.namespace import SKOS, Namespace

from bench.generate_corpus import generate, record, unit_years
from budgetkg.ingest import parse_document, to_graph
from budgetkg.ingest.iri import DEFAULT_BASE
from budgetkg.ontology import build_codelists as b
from budgetkg.ontology.build_codelists import Revision, read_revisions
from budgetkg.ontology.load import CODELIST_DIR, ontology_graph
from budgetkg.ontology.namespaces import CODE
from budgetkg.server.series import revised_class, series_csv, unit_series
from budgetkg.server.store import OxigraphStore
from budgetkg.server.views import documents_of

XKOS = Namespace("http://rdf-vocabulary.ddialliance.org/xkos#")
DCT = Namespace("http://purl.org/dc/terms/")
ROWS = read_revisions()
SEED = 3


def _norm(text: str) -> str:
    return text.replace("(", "（").replace(")", "）").replace(" ", "")


@pytest.fixture(scope="module")
def graph() -> Graph:
    return ontology_graph()


@pytest.fixture(scope="module")
def observed() -> dict[tuple[str, str], dict]:
    """(scheme, code) → {names, years} of the codes real disclosures print."""
    systems = {"function": "func", "dept_economic": "econ"}
    out = {}
    with b.CSV_PATH.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["system"] in systems:
                names = {_norm(r["name"])} | {_norm(x) for x in r["other_spellings"].split("|") if x.strip()}
                out[systems[r["system"]], r["code"]] = {"names": names,
                                                        "years": {int(y) for y in r["years_seen"].split()}}
    return out


def test_the_table_counts_and_kinds() -> None:
    kinds = {(r.edition, r.kind) for r in ROWS}
    assert len(ROWS) >= 15
    assert {"renamed", "moved", "merged", "split"} == {r.kind for r in ROWS}
    assert {2018, 2019, 2021} == {r.edition for r in ROWS}
    assert (2019, "moved") in kinds and (2018, "moved") in kinds
    by_old = {(r.scheme, r.old_code): r for r in ROWS}
    assert by_old["func", "207"].old_name == "文化体育与传媒支出" and by_old["func", "207"].edition == 2019
    assert by_old["func", "22004"].new_code == "22405"
    assert by_old["econ", "30311"].new_code == "30113"


def test_revisions_ttl_is_generated_and_parses() -> None:
    text = (CODELIST_DIR / "revisions.ttl").read_text(encoding="utf-8")
    assert text == b.render_revisions()
    g = Graph().parse(data=text, format="turtle")
    assert len(list(g.subjects(RDF.type, XKOS.ConceptAssociation))) == len(ROWS)


def test_one_correspondence_per_scheme_and_edition(graph: Graph) -> None:
    editions = {(r.scheme, r.edition) for r in ROWS}
    corrs = set(graph.subjects(RDF.type, XKOS.Correspondence)) - {CODE["econ-gov-econ"]}
    assert len(corrs) == len(editions)
    for scheme, edition in editions:
        corr = CODE[f"revisions/{scheme}-{edition}"]
        assert corr in corrs
        assert set(graph.objects(corr, XKOS.compares)) == {CODE[scheme]}
        assert str(graph.value(corr, OWL.versionInfo)) == str(edition)
        sources = {str(s) for s in graph.objects(corr, DCT.source)}
        assert any(f"《{edition}年政府收支分类科目》" in s for s in sources), sources
        members = set(graph.objects(corr, XKOS.madeOf))
        assert len(members) == sum(1 for r in ROWS if (r.scheme, r.edition) == (scheme, edition))
        for a in members:
            assert str(graph.value(a, OWL.versionInfo)) == str(edition)


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.edition}-{r.scheme}-{r.old_code}-{r.new_code}")
def test_each_revision_in_skos(graph: Graph, row: Revision) -> None:
    old, new = CODE[f"{row.scheme}/{row.old_code}"], CODE[f"{row.scheme}/{row.new_code}"]
    for c in (old, new):  # both codes are concepts of the function / economic scheme
        assert (c, SKOS.inScheme, CODE[row.scheme]) in graph and (c, RDF.type, SKOS.Concept) in graph, c
    a = CODE[f"revisions/{row.scheme}-{row.edition}-{row.old_code}-{row.new_code}"]
    assert graph.value(a, XKOS.sourceConcept) == old and graph.value(a, XKOS.targetConcept) == new
    assert (a, RDF.type, RDF.Statement) in graph
    assert (graph.value(a, RDF.subject), graph.value(a, RDF.object)) == (old, new)
    assert graph.value(a, RDF.predicate) == {"renamed": SKOS.exactMatch, "moved": SKOS.closeMatch,
                                             "merged": SKOS.broadMatch, "split": SKOS.narrowMatch}[row.kind]
    official = b.read_source(row.scheme)
    assert row.new_code in official and _norm(official[row.new_code][0]) == _norm(row.new_name)
    assert (new, OWL.deprecated, Literal(True)) not in graph
    if row.old_code not in official:  # a former code: deprecated, with the years it was used in its note
        assert (old, OWL.deprecated, Literal(True)) in graph
        assert any(f"{row.edition}" in str(n) for n in graph.objects(old, SKOS.editorialNote))
        if row.scheme == "func":  # the mapping itself is stated where the old code is no longer in use
            assert (old, graph.value(a, RDF.predicate), new) in graph
    if row.kind == "renamed":  # the former name is an altLabel, with a note on the years
        assert Literal(row.old_name, lang="zh") in set(graph.objects(old, SKOS.altLabel))
        assert any(f"until the {row.edition - 1} edition" in str(n) for n in graph.objects(old, SKOS.editorialNote))


def test_revisions_agree_with_the_disclosures(observed: dict) -> None:
    """A renamed 科目 shows as one code printed under the old name before the edition and the new one from it; a
    moved one as a code used only before the edition and another code (same name) only from it."""
    problems, checked = [], 0
    renamed_targets = {(r.scheme, r.new_code) for r in ROWS if r.kind == "renamed"}
    for r in ROWS:
        old, new = observed.get((r.scheme, r.old_code)), observed.get((r.scheme, r.new_code))
        official = b.read_source(r.scheme)
        if new and _norm(r.new_name) in new["names"]:
            checked += 1
            if max(new["years"]) < r.edition:
                problems.append(f"{r}: the new name printed only before the edition")
        if old and _norm(r.old_name) in old["names"] and (r.old_name != r.new_name or r.old_code != r.new_code):
            checked += 1
            if min(old["years"]) >= r.edition:
                problems.append(f"{r}: the old name printed only from the edition")
        if old and r.kind != "renamed" and r.old_code not in official:
            checked += 1
            if max(old["years"]) >= r.edition:
                problems.append(f"{r}: the former code printed from the edition on")
        if new and r.new_code != r.old_code and (r.scheme, r.new_code) not in renamed_targets:
            checked += 1
            if min(new["years"]) < r.edition:
                problems.append(f"{r}: the new code printed before the edition")
        if r.kind == "moved" and old and new and r.old_code not in official:
            if _norm(r.old_name) in old["names"] and _norm(r.old_name) in new["names"]:
                checked += 1
                if max(old["years"]) >= min(new["years"]):
                    problems.append(f"{r}: the two codes' years overlap")
    assert not problems, "\n".join(problems)
    assert checked >= 15


def test_a_bad_row_fails_the_build(tmp_path: Path) -> None:
    src = tmp_path / "source"
    shutil.copytree(b.SOURCE_DIR, src)
    path = src / "revisions.csv"
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "2019,func,moved,22004,地震事务,22004,地震事务,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="rename keeps the code"):
        read_revisions(src)
    path.write_text(good + "2019,func,moved,22006,某事务,22498,不存在,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not in the lists"):
        b.render_revisions(source_dir=src)


def test_revised_class_follows_moves_and_stops_at_splits() -> None:
    revs = [Revision(2019, "func", "moved", "220", "甲", "221", "乙", ""),
            Revision(2021, "func", "moved", "221", "乙", "222", "丙", ""),
            Revision(2020, "econ", "split", "301", "丁", "301", "戊", ""),
            Revision(2020, "econ", "split", "301", "丁", "302", "己", ""),
            Revision(2020, "econ", "renamed", "303", "庚", "303", "辛", "")]
    assert revised_class("function", "220", 2018, revs) == ("222", revs[:2])
    assert revised_class("function", "220", 2020, revs)[0] == "220"  # its own edition's code
    assert revised_class("function", "221", 2020, revs) == ("222", revs[1:2])
    assert revised_class("economic", "301", 2019, revs) == ("301", revs[2:4])
    assert revised_class("economic", "303", 2019, revs) == ("303", [])
    assert revised_class("economic", "301", 2020, revs) == ("301", [])
    # the published table, at the 类 level of query 24: renames only, nothing moves
    assert all(revised_class("function", c, 2017, read_revisions())[0] == c for c in ("207", "210", "220"))


# --- a generated unit whose earlier document prints an old code -------------------------------------------------


@pytest.fixture(scope="module")
def family(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict], dict[str, Graph]]:
    """Two generated documents of one unit (2021, 2022); the 2021 one's function 类 201 and 208 are rewritten to
    codes 297 and 298, as if an edition of 2022 had renumbered them (the published revisions move no 类)."""
    tmp = tmp_path_factory.mktemp("revisions")
    records, graphs = [], {}
    for unit, year in unit_years(SEED, 2):
        plan, doc, text = generate(SEED, unit, year, 0.0)
        records.append(record(plan, doc, DEFAULT_BASE, 0))
        path = tmp / f"{unit.region}-{unit.code}-{year}.txt"
        path.write_bytes(text)
        g = to_graph(parse_document(path))
        if len(records) == 1:  # the earlier year
            renamed = {CODE["func/201"]: CODE["func/297"], CODE["func/208"]: CODE["func/298"]}
            for s, p, o in list(g):
                if o in renamed:
                    g.remove((s, p, o))
                    g.add((s, p, renamed[o]))  # type: ignore[index]
        graphs[records[-1]["document"]] = g
    return records, graphs


@pytest.fixture(scope="module")
def store(family) -> Iterator[OxigraphStore]:
    s = OxigraphStore()
    for name, g in family[1].items():
        s.replace_graph(name, g)
    yield s


def _function(data: dict) -> dict:
    return {s.key: s for g in data["groups"] if g["group"] == "function" for s in g["series"]}


def _unit(family) -> str:
    return family[0][0]["unit"]


def test_generated_family(family) -> None:
    records, _ = family
    assert len(records) == 2 and records[0]["unit"] == records[1]["unit"]
    assert {"201", "208"} <= set(records[0]["classes"]) and {"201", "208"} <= set(records[1]["classes"])


def test_without_the_revision_the_series_breaks(family, store) -> None:
    unit = _unit(family)
    data = unit_series(store, unit, documents_of(store, unit), revisions=[])
    assert data is not None
    fn = _function(data)
    assert fn["201"].points[0].value is None and fn["297"].points[1].value is None
    assert fn["201"].points[1].change is None


def test_a_moved_code_continues_the_series(family, store) -> None:
    records, _ = family
    unit = _unit(family)
    moved = [Revision(2022, "func", "moved", "297", "旧一般公共服务支出", "201", "一般公共服务支出", ""),
             Revision(2022, "func", "moved", "298", "旧社会保障和就业支出", "208", "社会保障和就业支出", "")]
    data = unit_series(store, unit, documents_of(store, unit), revisions=moved)
    assert data is not None
    fn = _function(data)
    assert "297" not in fn and "298" not in fn
    for key in ("201", "208"):
        values = [p.value for p in fn[key].points]
        assert values == [Decimal(rec["classes"][key]) for rec in records], key
        assert fn[key].points[1].change == values[1] - values[0]  # type: ignore[operator]
        assert fn[key].points[0].revision.startswith(("297 → 201", "298 → 208"))
        assert fn[key].label.startswith(key) and "一般公共服务" in fn["201"].label
    rows = list(csv.DictReader(io.StringIO(series_csv(data, "function"))))
    assert [x["revision"] for x in rows if x["key"] == "201"] == ["297 → 201 (2022, moved)", ""]


def test_merged_codes_add_up(family, store) -> None:
    records, _ = family
    unit = _unit(family)
    merged = [Revision(2022, "func", "merged", "297", "甲", "201", "一般公共服务支出", ""),
              Revision(2022, "func", "merged", "298", "乙", "201", "一般公共服务支出", "")]
    data = unit_series(store, unit, documents_of(store, unit), revisions=merged)
    assert data is not None
    fn = _function(data)
    first = records[0]["classes"]
    assert fn["201"].points[0].value == Decimal(first["201"]) + Decimal(first["208"])


def test_a_split_code_is_not_compared(family, store) -> None:
    unit = _unit(family)
    split = [Revision(2022, "func", "split", "297", "甲", "201", "一般公共服务支出", ""),
             Revision(2022, "func", "split", "297", "甲", "208", "社会保障和就业支出", "")]
    data = unit_series(store, unit, documents_of(store, unit), revisions=split)
    assert data is not None
    fn = _function(data)
    assert fn["297"].points[0].value is not None and not fn["297"].points[0].comparable
    for key in ("201", "208"):  # no guess: the 2021 share is unknown, so no 2022 change
        assert not fn[key].points[0].comparable and fn[key].points[1].change is None
    rows = list(csv.DictReader(io.StringIO(series_csv(data, "function"))))
    assert {x["revision"] for x in rows if x["key"] in ("201", "208") and x["year"].startswith("2021")} == \
        {"not comparable"}


def test_published_revisions_leave_the_series_unchanged(family, store) -> None:
    unit = _unit(family)
    docs = documents_of(store, unit)
    a, c = unit_series(store, unit, docs), unit_series(store, unit, docs, revisions=[])
    assert a is not None and c is not None
    assert [(s.key, [p.value for p in s.points], [p.change for p in s.points]) for g in a["groups"] for s in g["series"]] \
        == [(s.key, [p.value for p in s.points], [p.change for p in s.points]) for g in c["groups"] for s in g["series"]]

