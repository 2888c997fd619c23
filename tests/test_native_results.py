"""The endpoint's result path for the embedded store: pyoxigraph writes results of at most ``row_cap`` rows
itself (server.store.QueryResult.serialize_bindings); bigger results go through the Python serializers
(server.results), which cut and mark them. Both paths must give the same answers."""

from __future__ import annotations

import csv
import io
import json
import time

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import XSD

from budgetkg.server.executor import QueryJob, execute
from budgetkg.server.results import BINDING_WRITERS
from budgetkg.server.store import OxigraphStore

EX = Namespace("http://example.org/")
JSON, XML, CSV, TSV = BINDING_WRITERS
ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
ROWS = 40


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    g = Graph()
    odd = [Literal("行\n\t\"引号\" \\ end", lang="zh"), Literal("14966800", datatype=XSD.decimal),
           Literal("1.5", datatype=XSD.double), Literal("2025", datatype=XSD.gYear), Literal("-7", datatype=XSD.integer),
           Literal("true", datatype=XSD.boolean), Literal("a,b"), BNode("b1"), URIRef("http://example.org/o?x=1&y")]
    for i in range(ROWS):
        g.add((EX[f"s{i:02d}"], EX.p, odd[i % len(odd)]))
    s = OxigraphStore()
    s.replace_graph("http://example.org/g", g)
    return s


def python_body(store: OxigraphStore, media: str, cap: int) -> tuple[bytes, bool]:
    result = store.query(ALL)
    rows = list(result.rows)
    return BINDING_WRITERS[media](result.variables, rows[:cap], len(rows) > cap), len(rows) > cap


@pytest.mark.parametrize("media", [JSON, CSV, TSV])
def test_native_output_is_what_the_python_serializers_write(store, media):
    assert store.query(ALL).serialize_bindings(media, ROWS) is not None  # the native path is taken …
    assert store.query(ALL).serialize_bindings(media, ROWS - 1) is None  # … unless the cap cuts the result
    outcome = execute(store, QueryJob(ALL, accept=media, row_cap=ROWS))
    assert outcome.status == 200 and not outcome.truncated
    assert outcome.body == python_body(store, media, ROWS)[0]


def test_native_xml_parses_to_the_same_bindings(store):
    from rdflib.query import Result

    native = Result.parse(io.BytesIO(execute(store, QueryJob(ALL, accept=XML, row_cap=ROWS)).body), format="xml")
    python = Result.parse(io.BytesIO(python_body(store, XML, ROWS)[0]), format="xml")
    assert list(native) == list(python)


@pytest.mark.parametrize("cap", [1, ROWS - 1, ROWS, ROWS + 1])
@pytest.mark.parametrize("media", [JSON, XML, CSV, TSV])
def test_row_cap_is_exact_and_marked(store, media, cap):
    outcome = execute(store, QueryJob(ALL, accept=media, row_cap=cap))
    body, truncated = python_body(store, media, cap)
    assert outcome.truncated is truncated is (cap < ROWS)
    if truncated or media != XML:  # pyoxigraph's XML differs from ours in whitespace only
        assert outcome.body == body
    if media == JSON:
        doc = json.loads(outcome.body)
        assert len(doc["results"]["bindings"]) == min(cap, ROWS) and doc.get("truncated", False) is truncated
    if media == CSV:
        assert len(list(csv.reader(io.StringIO(outcome.body.decode())))) == min(cap, ROWS) + 1


def test_empty_and_variable_free_results(store):
    assert json.loads(execute(store, QueryJob("SELECT ?x WHERE { FILTER(false) }", accept=JSON)).body) == {
        "head": {"vars": ["x"]}, "results": {"bindings": []}}
    assert json.loads(execute(store, QueryJob("SELECT * WHERE {}", accept=JSON)).body)["results"]["bindings"] == [{}]
    capped = execute(store, QueryJob("SELECT ?x WHERE { VALUES ?x { UNDEF UNDEF } }", accept=JSON, row_cap=1))
    assert capped.truncated and json.loads(capped.body)["results"]["bindings"] == [{}]


def test_deadline_stops_a_long_result(store):
    slow = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # 40⁴ rows
    start = time.monotonic()
    outcome = execute(store, QueryJob(slow, accept=JSON, row_cap=10**9), deadline=time.monotonic() + 0.2)
    assert outcome.status == 503 and outcome.kind == "timeout"
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("media", [JSON, CSV])
def test_an_overestimated_row_count_is_settled_exactly(media):
    """JSON rows are counted by the ``},{`` between them and CSV rows by lines, upper bounds that a literal can
    inflate: a result of ``cap`` rows whose values hold those marks is still written natively, whole, unmarked."""
    g = Graph()
    for i in range(5):
        g.add((EX[f"s{i}"], EX.p, Literal("},{" * 4 + "\n" * 4)))
    s = OxigraphStore()
    s.replace_graph("http://example.org/g", g)
    query = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    assert s.query(query).serialize_bindings(media, 5) is not None  # within the cap: native, after a re-count
    assert s.query(query).serialize_bindings(media, 4) is None  # over it: the Python writers cut the result
    outcome = execute(s, QueryJob(query, accept=media, row_cap=5))
    assert not outcome.truncated
    result = s.query(query)
    assert outcome.body == BINDING_WRITERS[media](result.variables, list(result.rows), False)
