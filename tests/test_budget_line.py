"""budget-line (shapes/structure.ttl): a cell holds each of its seven properties exactly once."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from budgetkg.ingest import validate
from budgetkg.ingest.mapping import document_triples
from budgetkg.ingest.triple_index import TripleIndex
from budgetkg.ingest.validation_copy import CopyLoader, for_validation

CNB = "https://w3id.org/cn-budget/ontology#"
DATASET = ox.NamedNode("http://purl.org/linked-data/cube#dataSet")
UNIT_MULT = ox.NamedNode("http://purl.org/linked-data/sdmx/2009/attribute#unitMult")


def _copy(doc) -> ox.Store:
    index = TripleIndex(for_validation(document_triples(doc, validate.DEFAULT_BASE)))
    with CopyLoader(lenient=True) as loader:
        loader.add(index.listed())
        loader.add(validate._claim_links(Graph(store=index)))
        return loader.store()


def _found(store: ox.Store) -> set[tuple[str, str]]:
    report = validate._validate_copy(store, lang="zh", severity="Info", source="")
    return {(f.sides[0].node, f.message_en) for f in report.findings if f.rule == "budget-line"}


def test_a_cell_missing_or_doubling_a_property_is_found(sample_doc):
    store = _copy(sample_doc)
    assert _found(store) == set()  # the sample's cells are whole
    cells = sorted(q.subject.value for q in store.quads_for_pattern(None, DATASET, None))
    assert len(cells) > 40
    missing, doubled, other = (ox.NamedNode(c) for c in (cells[3], cells[20], cells[40]))
    for q in list(store.quads_for_pattern(missing, UNIT_MULT, None)):
        store.remove(q)
    store.add(ox.Quad(doubled, ox.NamedNode(CNB + "row"), ox.NamedNode("https://example.org/another-row")))
    for q in list(store.quads_for_pattern(other, ox.NamedNode(CNB + "source"), None)):
        store.remove(q)
    found = _found(store)
    assert {(f, m.split("values of '")[1].split("'")[0], m.split(" has ")[1].split(" ")[0]) for f, m in found} == {
        (missing.value, "unitMult", "0"), (doubled.value, "row", "2"), (other.value, "source", "0")}
