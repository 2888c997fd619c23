"""The fast validation path (a parsed document straight to the Oxigraph copy) finds what the graph path finds."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from budgetkg.ingest.ntriples import store_of
from budgetkg.ingest.triple_index import Overlay, TripleIndex
from budgetkg.ingest.validate import validate_document, validate_parsed

EX = "http://example.org/"


def _seen(report) -> list[tuple]:
    # the sides after the first come from GROUP_CONCAT, whose order is the engine's: compared as a set
    return sorted((f.rule, f.severity, f.message_en, f.message_zh, f.focus,
                   f.sides[0].node if f.sides else None, tuple(sorted(s.node for s in f.sides[1:])))
                  for f in report.findings)


def test_parsed_path_finds_what_the_graph_path_finds(sample_doc, sample_graph):
    fast, slow = validate_parsed(sample_doc), validate_document(sample_graph)
    assert fast.findings, "the sample's narrative has errors"
    assert _seen(fast) == _seen(slow)
    assert fast.conforms == slow.conforms and len(fast.results_graph) == len(slow.results_graph)


def test_graph_path_leaves_the_graph_alone(sample_graph):
    before = len(sample_graph)
    validate_document(sample_graph)
    assert len(sample_graph) == before  # claims are linked on the validation copy only


def test_ntriples_escapes_literals():
    tricky = 'a "quoted" back\\slash\nnew line\r\t tab 中文'
    triples = [(URIRef(EX + "s"), URIRef(EX + "p"), Literal(tricky, lang="zh")),
               (URIRef(EX + "s"), URIRef(EX + "q"), Literal("26.8", datatype=XSD.decimal)),
               (URIRef(EX + "s"), URIRef(EX + "r"), Literal(tricky))]
    store = store_of(triples)
    values = {q.predicate.value: q.object for q in store}
    assert values[EX + "p"] == ox.Literal(tricky, language="zh")
    assert values[EX + "q"] == ox.Literal("26.8", datatype=ox.NamedNode(str(XSD.decimal)))
    assert values[EX + "r"] == ox.Literal(tricky)


def test_triple_index_answers_patterns_in_insertion_order():
    s, p, q = URIRef(EX + "s"), URIRef(EX + "p"), URIRef(EX + "q")
    objects = [URIRef(EX + f"o{i}") for i in (3, 1, 2)]
    graph = Graph(store=TripleIndex([(s, p, o) for o in objects] + [(o, q, s) for o in objects]))
    assert list(graph.objects(s, p)) == objects
    assert list(graph.subjects(q, s)) == objects
    assert graph.value(objects[1], q) == s and (s, p, objects[2]) in graph and (s, q, s) not in graph
    graph.add((s, p, URIRef(EX + "o9")))
    graph.add((s, p, objects[0]))  # already there: not added twice
    assert list(graph.objects(s, p))[-1] == URIRef(EX + "o9") and graph.store.added == [(s, p, URIRef(EX + "o9"))]


def test_overlay_keeps_additions_apart():
    base = Graph()
    base.add((URIRef(EX + "s"), URIRef(EX + "p"), Literal(1)))
    over = Graph(store=Overlay(base))
    over.add((URIRef(EX + "s"), URIRef(EX + "p"), Literal(2)))
    over.add((URIRef(EX + "s"), URIRef(EX + "p"), Literal(1)))  # in the base already
    assert sorted(int(o) for o in over.objects(URIRef(EX + "s"), URIRef(EX + "p"))) == [1, 2]
    assert len(base) == 1 and over.store.added == [(URIRef(EX + "s"), URIRef(EX + "p"), Literal(2))]
