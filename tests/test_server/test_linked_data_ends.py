"""Issue 15, item 5: the linked-data loose ends, each checked on the real server.

* ``id/publisher`` (the catalogue's dct:publisher) dereferences, HTML and RDF;
* the catalogue's ``{doc}#dataset`` and ``{doc}#sparql`` are described by dereferencing ``{doc}``;
* the vocabulary graph carries no file checksum on the ontology (no ``cnb:sha256``, so no ``cnb:SourceFile``);
* VoID's whole dataset counts distinct triples; each graph's subset counts its own;
* every writer keeps an ``xsd:decimal`` in its published lexical form (XSD 1.1 canonical: ``3853100``).
"""

from __future__ import annotations

import gzip

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, FOAF, RDF, XSD

from budgetkg.ontology.namespaces import CNB, ONTOLOGY, VOID

AMOUNT = Literal("3853100", datatype=XSD.decimal)  # 385.31 万元 of 事业运行 in the sample's 公开表1-2


@pytest.mark.parametrize("media", ["text/turtle", "application/ld+json", "application/rdf+xml"])
def test_publisher_dereferences_as_rdf(http, server, media):
    r = http.get("/id/publisher", headers={"accept": media})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    g = Graph().parse(data=r.content, format={"text/turtle": "turtle", "application/ld+json": "json-ld",
                                              "application/rdf+xml": "xml"}[media])
    publisher = URIRef(f"{server.base}id/publisher")
    assert (publisher, RDF.type, FOAF.Agent) in g and g.value(publisher, FOAF.name) is not None
    catalog = Graph().parse(data=http.get("/catalog", headers={"accept": "text/turtle"}).text, format="turtle")
    assert publisher in set(catalog.objects(None, URIRef("http://purl.org/dc/terms/publisher")))


def test_publisher_dereferences_as_html(http):
    r = http.get("/id/publisher", headers={"accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html") and "Agent" in r.text


def test_dataset_and_sparql_distribution_are_described(http, doc_iri):
    g = Graph().parse(data=http.get(doc_iri.split("8000", 1)[1], headers={"accept": "text/turtle"}).text,
                      format="turtle")
    dataset, sparql = URIRef(doc_iri + "#dataset"), URIRef(doc_iri + "#sparql")
    assert (dataset, RDF.type, DCAT.Dataset) in g and (dataset, DCAT.distribution, sparql) in g
    assert (sparql, RDF.type, DCAT.Distribution) in g and g.value(sparql, DCAT.accessService) is not None
    assert (URIRef(doc_iri), RDF.type, CNB.BudgetDocument) in g  # the document's own statements stay
    catalog = Graph().parse(data=http.get("/catalog", headers={"accept": "text/turtle"}).text, format="turtle")
    assert set(catalog.predicate_objects(sparql)) <= set(g.predicate_objects(sparql))


def test_ontology_graph_has_no_file_checksum(http):
    q = f"ASK {{ GRAPH <{ONTOLOGY}> {{ <{ONTOLOGY}> ?p ?o FILTER(?p = <{CNB.sha256}> || ?o = <{CNB.SourceFile}>) }} }}"
    assert http.get("/sparql", params={"query": q}).json()["boolean"] is False
    q = f"ASK {{ GRAPH <{ONTOLOGY}> {{ ?s <{CNB.sha256}> ?o }} }}"
    assert http.get("/sparql", params={"query": q}).json()["boolean"] is False


def test_void_counts_distinct_triples(http):
    void = Graph().parse(data=http.get("/.well-known/void", headers={"accept": "text/turtle"}).text, format="turtle")
    whole = next(s for s in void.subjects(VOID.subset, None))
    q = "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } }"
    distinct = int(http.get("/sparql", params={"query": q}).json()["results"]["bindings"][0]["n"]["value"])
    assert int(void.value(whole, VOID.triples)) == distinct
    per_graph = sum(int(void.value(s, VOID.triples)) for s in void.objects(whole, VOID.subset))
    assert per_graph >= distinct  # a triple repeated in two graphs counts in both subsets, once in the whole


def _amounts(g: Graph) -> set[str]:
    return {str(o) for o in g.objects(None, URIRef("http://data.openbudgets.eu/ontology/dsd/measure/amount"))
            if str(o).startswith("3853100")}


def test_decimals_keep_their_published_form(http, doc_iri):
    """3853100 stays "3853100"^^xsd:decimal in every Turtle (and the other formats) the server writes."""
    path = doc_iri.split("/id/", 1)[1]
    cell = f"/id/{path}/table/1-2/row/1/col/0"
    q = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{doc_iri}> {{ ?s ?p ?o FILTER(?s = <{doc_iri}/table/1-2/row/1/col/0>) }} }}"
    turtles = {
        "page": http.get(cell, headers={"accept": "text/turtle"}).text,
        "download": http.get(f"/graphs/{path}.ttl").text,
        "construct": http.get("/sparql", params={"query": q}, headers={"accept": "text/turtle"}).text,
        "dump": gzip.decompress(http.get("/dumps/budgetkg.ttl.gz").content).decode("utf-8"),
    }
    for name, text in turtles.items():
        assert "3853100.0" not in text, name
        assert _amounts(Graph().parse(data=text, format="turtle")) == {"3853100"}, name
    for media, fmt in (("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
                       ("application/n-triples", "nt")):
        g = Graph().parse(data=http.get(cell, headers={"accept": media}).content, format=fmt)
        assert _amounts(g) == {"3853100"}, media
    nq = Dataset().parse(data=gzip.decompress(http.get("/dumps/budgetkg.nq.gz").content), format="nquads")
    assert (URIRef(f"{doc_iri}/table/1-2/row/1/col/0"), None, AMOUNT) in nq.graph(URIRef(doc_iri))


def test_ingest_turtle_keeps_the_published_form():
    from budgetkg.ingest.serialize import serialize_triples

    s, p = URIRef("http://example.org/s"), URIRef("http://example.org/p")
    text = serialize_triples([(s, p, AMOUNT), (s, p, Literal("26.8", datatype=XSD.decimal))], "ttl")
    assert "3853100.0" not in text
    assert {str(o) for o in Graph().parse(data=text, format="turtle").objects(s, p)} == {"3853100", "26.8"}
