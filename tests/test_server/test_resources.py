"""Dereferencing /id/... (and /ontology, /code) with content negotiation."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

FORMATS = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
           "application/rdf+xml": "xml"}


@pytest.mark.parametrize("media", FORMATS)
def test_rdf_by_accept(http, unit_iri, media):
    r = http.get("/id/unit/51-b1ea29b8b9", headers={"accept": media})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert "Accept" in r.headers["vary"]
    g = Graph().parse(data=r.content, format=FORMATS[media])
    assert (URIRef(unit_iri), None, None) in g


def test_unit_page_has_labels_documents_and_charts(http):
    r = http.get("/id/unit/51-b1ea29b8b9", headers={"accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "四川省人民政府办公厅信息技术服务中心" in r.text
    assert r.text.count("<svg") == 2 and "by function class" in r.text and "by economic class" in r.text
    assert "/id/doc/51-301603/2025/budget" in r.text


def test_table_page_has_budget_lines(http):
    r = http.get("/id/doc/51-301603/2025/budget/table/1-2", headers={"accept": "text/html"})
    assert r.status_code == 200 and 'id="budget-lines"' in r.text
    assert r.text.count("<tr>") > 5


def test_unknown_iri_is_helpful_404(http):
    r = http.get("/id/unit/does-not-exist", headers={"accept": "text/html"})
    assert r.status_code == 404 and "/catalog" in r.text and "Traceback" not in r.text
    assert http.get("/id/unit/does-not-exist", headers={"accept": "text/turtle"}).status_code == 404


def test_ontology_pages(http):
    html = http.get("/ontology", headers={"accept": "text/html"})
    assert html.status_code == 200 and "<html" in html.text.lower()
    ttl = http.get("/ontology", headers={"accept": "text/turtle"})
    assert len(Graph().parse(data=ttl.text, format="turtle")) > 50


def test_code_dereferences(http):
    r = http.get("/code/func/201", headers={"accept": "text/turtle"})
    assert r.status_code == 200
    assert (URIRef("https://w3id.org/cn-budget/code/func/201"), None, None) in Graph().parse(data=r.text, format="turtle")
    assert http.get("/code/func/201", headers={"accept": "text/html"}).status_code == 200
