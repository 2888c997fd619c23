"""Catalogue (DCAT-AP 3 shapes), VoID counts, dumps and per-document graphs."""

from __future__ import annotations

import gzip
from pathlib import Path

from pyshacl import validate
from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DCAT_AP = Path(__file__).parent / "dcat-ap"


def test_catalog_conforms_to_dcat_ap(http, doc_iri):
    r = http.get("/catalog", headers={"accept": "text/turtle"})
    assert r.status_code == 200
    cat = Graph().parse(data=r.text, format="turtle")
    shapes = Graph().parse(DCAT_AP / "shapes.ttl").parse(DCAT_AP / "range.ttl")
    conforms, _, text = validate(cat, shacl_graph=shapes, inference="none", allow_warnings=True)
    assert conforms, text
    datasets = set(cat.subjects(RDF.type, DCAT.Dataset))
    assert URIRef(doc_iri + "#dataset") in datasets
    assert (None, RDF.type, DCAT.DataService) in cat


def test_catalog_html_lists_documents(http, doc_iri):
    r = http.get("/catalog", headers={"accept": "text/html"})
    assert r.status_code == 200 and "/id/doc/51-301603/2025/budget" in r.text


def test_void_counts_equal_the_store(http):
    void = Graph().parse(data=http.get("/.well-known/void", headers={"accept": "text/turtle"}).text, format="turtle")
    per_graph = {str(void.value(s, SD.name)): int(void.value(s, VOID.triples)) for s in void.subjects(RDF.type, VOID.Dataset)
                 if void.value(s, SD.name) is not None}
    q = "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    rows = http.get("/sparql", params={"query": q}).json()["results"]["bindings"]
    assert per_graph == {b["g"]["value"]: int(b["n"]["value"]) for b in rows}
    total = next(int(o) for s, o in void.subject_objects(VOID.triples) if void.value(s, VOID.subset) is not None)
    assert 0 < total <= sum(per_graph.values())  # distinct triples of the union (test_linked_data_ends.py)


def test_dumps_round_trip(http, doc_iri):
    r = http.get("/dumps/budgetkg.nq.gz")
    assert r.status_code == 200
    ds = Dataset()
    ds.parse(data=gzip.decompress(r.content), format="nquads")
    assert len(ds.graph(URIRef(doc_iri))) > 1000
    ttl = http.get("/dumps/budgetkg.ttl.gz")
    assert len(Graph().parse(data=gzip.decompress(ttl.content), format="turtle")) > 1000
    assert http.get("/dumps/nothing.zip").status_code == 404


def test_document_graph_download(http, doc_iri):
    path = doc_iri.split("/id/", 1)[1]
    g = Graph().parse(data=http.get(f"/graphs/{path}.ttl").text, format="turtle")
    n = http.get("/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{doc_iri}> {{ ?s ?p ?o }} }}"})
    assert len(g) == int(n.json()["results"]["bindings"][0]["n"]["value"])


def test_head_answers_like_get_without_a_body(http, server):
    """Link checkers and harvesters use HEAD: every GET resource answers it with the same status and headers."""
    unit = "/id/unit/51-b1ea29b8b9"
    cases = [(unit, {"accept": "text/turtle"}), (unit, {"accept": "text/html"}), ("/catalog", {}),
             ("/.well-known/void", {}), ("/dumps/budgetkg.nq.gz", {}), ("/sparql?query=ASK%7B%7D", {}),
             ("/ontology", {"accept": "text/turtle"})]
    for path, headers in cases:
        get, head = http.get(path, headers=headers), http.head(path, headers=headers)
        assert head.status_code == get.status_code == 200, path
        assert head.content == b"", path
        assert head.headers["content-type"] == get.headers["content-type"], path
        if "content-length" in get.headers:
            assert head.headers["content-length"] == get.headers["content-length"], path
    assert http.head("/id/unit/no-such-unit").status_code == 404
    assert http.head("/documents/x").status_code == 405  # PUT only: HEAD is no more allowed than GET


def test_catalog_meets_the_recommended_dcat_ap_properties(http, doc_iri):
    """DCAT-AP 3's recommended shapes (Warnings) hold for the catalogue, its services and every budget document's
    dataset and distributions; graphs other tests uploaded that are not budget documents may lack place and period."""
    r = http.get("/catalog", headers={"accept": "text/turtle"})
    cat = Graph().parse(data=r.text, format="turtle")
    shapes = (Graph().parse(DCAT_AP / "shapes.ttl").parse(DCAT_AP / "range.ttl")
              .parse(DCAT_AP / "shapes_recommended.ttl"))
    _, results, _ = validate(cat, shacl_graph=shapes, inference="none", allow_warnings=False)
    base = doc_iri.split("/id/doc/")[0] + "/"
    foreign = {d for d in cat.subjects(RDF.type, DCAT.Dataset) if not str(d).startswith(base)}
    foreign |= {dist for d in foreign for dist in cat.objects(d, DCAT.distribution)}
    ours = [(focus, path) for focus, path in results.query(
        "PREFIX sh: <http://www.w3.org/ns/shacl#> SELECT ?f ?p WHERE { ?r a sh:ValidationResult ; "
        "sh:focusNode ?f ; sh:resultPath ?p }") if focus not in foreign]
    assert ours == []
    documents = {d for d in cat.subjects(RDF.type, DCAT.Dataset) if str(d).startswith(base + "id/doc/")}
    assert URIRef(doc_iri + "#dataset") in documents
    assert all((d, DCTERMS.temporal, None) in cat for d in documents)
