"""cnbsh:indicator-weight-range, one SPARQL query per document: the rules of the Core property shapes it replaced."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from budgetkg.ingest.validate import validate_document
from budgetkg.ingest.vocab import CNB

CMP = "https://w3id.org/cn-budget/code/comparator/"


def _rule(report) -> list:
    return [f for f in report.findings if f.rule == "indicator-weight-range"]


@pytest.fixture(scope="module")
def indicator(sample_graph) -> tuple[Graph, URIRef]:
    node = next(i for i in sample_graph.subjects(CNB.weight, None) if (None, CNB.hasIndicator, i) in sample_graph)
    return sample_graph, node


def _changed(graph: Graph, node: URIRef, p: URIRef, *values) -> Graph:
    g = Graph()
    g += graph
    g.remove((node, p, None))
    for v in values:
        g.add((node, p, v))
    return g


def test_silent_on_the_sample(indicator):
    graph, _ = indicator
    assert not _rule(validate_document(graph))


@pytest.mark.parametrize("weights", [
    (Literal(Decimal("0"), datatype=XSD.decimal),),
    (Literal(Decimal("120"), datatype=XSD.decimal),),
    (Literal("ten"),),
    (Literal(Decimal("10"), datatype=XSD.decimal), Literal(Decimal("20"), datatype=XSD.decimal)),
])
def test_fires_on_a_weight_out_of_range_untyped_or_repeated(indicator, weights):
    graph, node = indicator
    found = _rule(validate_document(_changed(graph, node, CNB.weight, *weights)))
    assert found and all(f.severity == "Violation" and f.sides[0].node == str(node) for f in found)
    assert "100" in found[0].message_zh and "100" in found[0].message_en


def test_fires_on_a_comparator_outside_its_list(indicator):
    graph, node = indicator
    found = _rule(validate_document(_changed(graph, node, CNB.comparator, URIRef(CMP + "about"))))
    assert len(found) == 1 and "≥" in found[0].message_zh
    assert not _rule(validate_document(_changed(graph, node, CNB.comparator, URIRef(CMP + "ge"))))
