"""SPARQL 1.1 Protocol behaviour of /sparql against the running server: every request form, every format
(parsed back with rdflib), the service description, and every error status."""

from __future__ import annotations

import io
import json
import time

import pytest
from rdflib import Graph, Namespace
from rdflib.query import Result

from .conftest import ROW_CAP, TIMEOUT

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SELECT = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s LIMIT 5"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/cn-budget/ontology#BudgetTable> ; ?p ?o } LIMIT 20"
RESULT_FORMATS = {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml",
                  "text/csv": "csv", "text/tab-separated-values": "tsv"}
GRAPH_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
                 "application/rdf+xml": "xml"}


def test_get_post_form_and_direct_agree(http):
    a = http.get("/sparql", params={"query": SELECT}).json()
    b = http.post("/sparql", data={"query": SELECT}).json()
    c = http.post("/sparql", content=SELECT, headers={"content-type": "application/sparql-query"}).json()
    assert a == b == c
    assert len(a["results"]["bindings"]) == 5


@pytest.mark.parametrize("media", RESULT_FORMATS)
def test_select_formats_by_accept_parse_back(http, media):
    r = http.get("/sparql", params={"query": SELECT}, headers={"accept": media})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert "Accept" in r.headers["vary"]
    result = Result.parse(io.BytesIO(r.content), format=RESULT_FORMATS[media])
    assert len(list(result)) == 5


@pytest.mark.parametrize("name,media", [("json", "application/sparql-results+json"), ("csv", "text/csv"),
                                        ("tsv", "text/tab-separated-values"), ("xml", "application/sparql-results+xml")])
def test_select_format_parameter(http, name, media):
    r = http.get("/sparql", params={"query": SELECT, "format": name}, headers={"accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)


@pytest.mark.parametrize("media", GRAPH_FORMATS)
def test_construct_formats_parse_back(http, media):
    r = http.post("/sparql", data={"query": CONSTRUCT}, headers={"accept": media})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert len(Graph().parse(data=r.content, format=GRAPH_FORMATS[media])) == 20


@pytest.mark.parametrize("name,fmt", [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("rdfxml", "xml")])
def test_construct_format_parameter_and_describe(http, doc_iri, name, fmt):
    r = http.get("/sparql", params={"query": f"DESCRIBE <{doc_iri}>", "format": name})
    assert r.status_code == 200
    assert len(Graph().parse(data=r.content, format=fmt)) > 3


def test_ask_json_and_xml(http):
    assert http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True
    r = http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"accept": "application/sparql-results+xml"})
    assert Result.parse(io.BytesIO(r.content), format="xml").askAnswer is True


def test_union_default_graph_and_protocol_dataset(http, doc_iri):
    q = f"ASK {{ <{doc_iri}> ?p ?o }}"
    assert http.get("/sparql", params={"query": q}).json()["boolean"] is True
    other = "http://kasei.us/2009/09/sparql/data/data1.rdf"
    assert http.get("/sparql", params={"query": q, "default-graph-uri": other}).json()["boolean"] is False
    assert http.get("/sparql", params={"query": q, "default-graph-uri": doc_iri}).json()["boolean"] is True
    named = http.get("/sparql", params={"query": "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": other})
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == [other]


def test_service_description(http, server):
    r = http.get("/sparql", headers={"accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    endpoints = set(g.objects(None, SD.endpoint))
    assert {str(e) for e in endpoints} == {server.base + "sparql"}
    assert (None, SD.supportedLanguage, SD.SPARQL11Query) in g


def test_query_page_for_browsers(http):
    r = http.get("/sparql", headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and "yasgui.min.js" in r.text
    assert http.get("/static/vendor/yasgui/yasgui.min.js").status_code == 200


def test_a_shared_query_link_opens_the_query_page(http):
    """A browser following /sparql?query=… gets the query page with that query loaded (and run); a program, or a
    browser asking for a format, gets the results."""
    browser = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    query = 'SELECT ?s WHERE { ?s ?p "</script>" } LIMIT 1'
    page = http.get("/sparql", params={"query": query}, headers=browser)
    assert page.status_code == 200 and "yasgui.min.js" in page.text
    preset = page.text.split('<script id="preset-query" type="application/json">')[1].split("</script>")[0]
    assert json.loads(preset) == query  # JSON in the page, "</script>" escaped
    assert http.get("/sparql", params={"query": query, "format": "json"}, headers=browser).json()["head"]
    assert http.get("/sparql", params={"query": query}).json()["head"]


def test_syntax_error_has_line_and_column(http):
    r = http.get("/sparql", params={"query": "SELECT * WHERE {\n ?s ?p ?o .\n FILTER( }"})
    assert r.status_code == 400
    err = r.json()["error"]
    assert err["line"] == 3 and err["column"] >= 1 and "syntax" in err["detail"]


@pytest.mark.parametrize("kind,accept", [("select", "text/turtle"), ("construct", "text/csv"), ("ask", "text/csv")])
def test_not_acceptable(http, kind, accept):
    q = {"select": SELECT, "construct": CONSTRUCT, "ask": "ASK {}"}[kind]
    r = http.get("/sparql", params={"query": q}, headers={"accept": accept})
    assert r.status_code == 406 and "offered" in r.json()["error"]["detail"]


def test_unknown_format_parameter_is_406(http):
    assert http.get("/sparql", params={"query": SELECT, "format": "yaml"}).status_code == 406


@pytest.mark.parametrize("ctype", ["text/plain", "application/json", ""])
def test_unsupported_post_media_type_is_415(http, ctype):
    headers = {"content-type": ctype} if ctype else {}
    r = http.post("/sparql", content=b"ASK {}", headers=headers)
    assert r.status_code == 415


@pytest.mark.parametrize("request_kw", [
    {"method": "GET", "params": {"update": "CLEAR ALL"}},
    {"method": "POST", "data": {"update": "INSERT DATA { <a:a> <a:b> <a:c> }"}},
    {"method": "POST", "content": "DROP ALL", "headers": {"content-type": "application/sparql-update"}},
    {"method": "POST", "content": "PREFIX x: <a:> INSERT DATA { x:a x:b x:c }",
     "headers": {"content-type": "application/sparql-query"}},
])
def test_updates_refused(http, request_kw):
    kw = dict(request_kw)
    r = http.request(kw.pop("method"), "/sparql", **kw)
    assert r.status_code == 403 and "read-only" in r.json()["error"]["detail"]
    assert http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_service_refused_by_default(http):
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    r = http.get("/sparql", params={"query": q})
    assert r.status_code == 403 and "SERVICE" in r.json()["error"]["detail"]
    ok = 'SELECT * WHERE { ?s ?p "SERVICE <http://x/>" } LIMIT 1'  # the keyword inside a literal is no SERVICE
    assert http.get("/sparql", params={"query": ok}).status_code == 200


def test_row_cap_truncates_and_marks(http):
    r = http.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }"})
    assert r.status_code == 200 and r.headers["x-sparql-truncated"].startswith("true")
    body = r.json()
    assert len(body["results"]["bindings"]) == ROW_CAP and body["truncated"] is True
    g = http.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "nt"})
    assert len(Graph().parse(data=g.text, format="nt")) == ROW_CAP and "x-sparql-truncated" in g.headers


def test_timeout_returns_503_and_server_recovers(http):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    start = time.monotonic()
    r = http.get("/sparql", params={"query": slow})
    elapsed = time.monotonic() - start
    assert r.status_code == 503 and "time limit" in r.json()["error"]["detail"]
    assert elapsed < TIMEOUT + 2
    for _ in range(3):  # the killed worker is replaced; later queries still work
        assert http.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_cors(http):
    r = http.get("/sparql", params={"query": "ASK {}"}, headers={"origin": "http://example.org"})
    assert r.headers["access-control-allow-origin"] in ("*", "http://example.org")
    pre = http.options("/sparql", headers={"origin": "http://example.org", "access-control-request-method": "POST"})
    assert pre.status_code == 200


def test_openapi_documents_every_route(http):
    spec = http.get("/openapi.json").json()
    for path in ["/sparql", "/id/{path}", "/catalog", "/.well-known/void", "/dumps/{name}", "/validate",
                 "/documents/{doc_id}", "/ontology", "/code/{path}", "/graphs/{path}"]:
        assert path in spec["paths"], path
    assert json.dumps(spec)  # serialisable


def test_code_list_labels_in_the_store(http):
    """`budgetkg serve` keeps the ontology and code lists in their own graph: example 05 gets its indicator categories'
    Chinese names, example 11 the function classes' names; the DCAT catalogue still lists documents only."""
    from .conftest import ROOT

    text = (ROOT / "ontology" / "queries" / "05-project-indicators.rq").read_text(encoding="utf-8")
    r = http.post("/sparql", data={"query": text}, headers={"Accept": "application/sparql-results+json"})
    rows = r.json()["results"]["bindings"]
    assert len(rows) == 80
    assert rows[0]["level1Label"]["value"] == "产出指标" and rows[0]["level2Label"]["value"] == "数量指标"
    assert all("level1Label" in row and "level2Label" in row for row in rows)
    text = (ROOT / "ontology" / "queries" / "11-function-rollup.rq").read_text(encoding="utf-8")
    r = http.post("/sparql", data={"query": text}, headers={"Accept": "application/sparql-results+json"})
    names = {row["class"]["value"].rsplit("/", 1)[-1]: row["className"]["value"] for row in r.json()["results"]["bindings"]}
    assert names["201"] == "一般公共服务支出" and set(names) == {"201", "208", "210", "221"}
    catalog = Graph().parse(data=http.get("/catalog", headers={"Accept": "text/turtle"}).text, format="turtle")
    dcat = Namespace("http://www.w3.org/ns/dcat#")
    datasets = {str(d) for d in catalog.objects(None, dcat.dataset)}
    assert any("/id/doc/" in d for d in datasets) and not any("cn-budget/ontology" in d for d in datasets)


def test_server_timing_says_where_the_query_ran(http):
    """Every run of a query goes to a worker process, the first and the repeated one alike (server/executor.py).
    Server-Timing tells where, and how long the query took."""
    query = "SELECT ?d WHERE { ?d a ?type } LIMIT 3  # test_server_timing_says_where_the_query_ran"
    first, second = (http.get("/sparql", params={"query": query}) for _ in range(2))
    assert first.status_code == second.status_code == 200 and first.content == second.content
    assert 'desc="process"' in first.headers["server-timing"] and "query;dur=" in first.headers["server-timing"]
    assert 'desc="process"' in second.headers["server-timing"]
