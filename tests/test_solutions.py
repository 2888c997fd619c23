"""A SELECT read through Oxigraph's TSV gives what iterating its solutions gives."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from budgetkg.ingest.solutions import select

EX = "https://example.org/"


def _iterated(store: ox.Store, query: str) -> list[dict[str, str]]:
    solutions = store.query(query)
    names = [v.value for v in solutions.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in solutions]


@pytest.fixture
def store() -> ox.Store:
    s = ox.Store()
    decimal = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    values = [
        ox.Literal("12.50", datatype=decimal),  # Oxigraph writes 12.5, as term.value gives it
        ox.Literal("一般公共预算\t支出 \"合计\"\\ 行\n二", language="zh"),
        ox.Literal("plain"),
        ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
        ox.Literal("2026", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")),
        ox.Literal("-3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ox.Literal("\u00e9\U0001F600 {?x} <a>"),
        ox.NamedNode(EX + "o?q=1&r=%20#frag"),
        ox.BlankNode("b1"),
    ]
    for i, value in enumerate(values):
        s.add(ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), value))
    s.add(ox.Quad(ox.NamedNode(EX + "s0"), ox.NamedNode(EX + "q"), ox.Literal("x")))
    return s


@pytest.mark.parametrize("query", [
    f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }}",
    f"SELECT ?s ?o ?x WHERE {{ ?s <{EX}p> ?o OPTIONAL {{ ?s <{EX}q> ?x }} }}",  # unbound values
    f"SELECT ?x WHERE {{ ?s <{EX}p> ?o OPTIONAL {{ ?s <{EX}q> ?x }} }}",  # rows that bind nothing
    f"SELECT ?s WHERE {{ ?s <{EX}none> ?o }}",  # no solution
    "SELECT (SUM(?n) AS ?total) WHERE { VALUES ?n { 1.25 2 } }",
])
def test_select_reads_what_iterating_reads(store, query):
    assert select(store, query) == _iterated(store, query)


def test_select_refuses_what_is_not_a_select(store):
    with pytest.raises(TypeError):
        select(store, "ASK { ?s ?p ?o }")
