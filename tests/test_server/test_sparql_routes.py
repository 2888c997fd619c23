"""The ASGI fast path (server/sparql_asgi.py) and the FastAPI routes (server/routes/sparql.py) answer alike.

Two real servers over the same in-memory store, on 127.0.0.1: the application as built, and the same application
without its fast path, so that every query request reaches the FastAPI routes. Each request gets the same status,
media type and body from both."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from rdflib import Graph, Literal, Namespace

from budgetkg.server import Settings, create_app
from budgetkg.server.sparql_asgi import SparqlFastPath
from budgetkg.server.store import OxigraphStore

from .conftest import free_port

EX = Namespace("http://example.org/")
Q = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"
FORM = "application/x-www-form-urlencoded"


def serve(app) -> tuple[uvicorn.Server, threading.Thread, str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "server did not start"
    return server, thread, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def urls() -> Iterator[tuple[str, str]]:
    store = OxigraphStore()
    g = Graph()
    for i in range(5):
        g.add((EX[f"s{i}"], EX.p, Literal(f"值 {i}", lang="zh")))
    store.replace_graph("http://example.org/g", g)
    settings = Settings(store_path="", row_cap=3, query_workers=0)
    fast = create_app(settings, store)
    routes_only = create_app(settings, store)
    routes_only.user_middleware = [m for m in routes_only.user_middleware if m.cls is not SparqlFastPath]
    running = [serve(fast), serve(routes_only)]
    yield running[0][2], running[1][2]
    for server, thread, _ in running:
        server.should_exit = True
        thread.join(timeout=10)


REQUESTS = [
    ("GET", {"params": {"query": Q}}),
    ("GET", {"params": {"query": Q, "format": "csv"}}),
    ("GET", {"params": {"query": Q, "named-graph-uri": "http://example.org/g"}, "headers": {"accept": "text/csv"}}),
    ("GET", {"params": {"query": "ASK {}"}, "headers": {"accept": "application/sparql-results+xml"}}),
    ("GET", {"params": {"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, "headers": {"accept": "text/turtle"}}),
    ("POST", {"data": {"query": Q}, "headers": {"accept": "text/tab-separated-values"}}),
    ("POST", {"content": Q.encode(), "headers": {"content-type": "application/sparql-query"}}),
    ("POST", {"content": Q.encode(), "headers": {"content-type": "application/sparql-query"},
              "params": {"default-graph-uri": "http://example.org/g"}}),
    ("GET", {"params": {"query": ""}}),
    ("GET", {"params": {"query": "SELECT * {"}}),
    ("GET", {"params": {"query": [Q, Q]}}),
    ("GET", {"params": {"update": "CLEAR ALL"}}),
    ("GET", {"params": {"query": "SELECT * { SERVICE <http://x/s> { ?s ?p ?o } }"}}),
    ("GET", {"params": {"query": Q}, "headers": {"accept": "image/png"}}),
    ("GET", {"params": {"query": Q, "format": "pdf"}}),
    ("POST", {"content": b"x", "headers": {"content-type": "text/plain"}}),
    ("POST", {"content": b"CLEAR ALL", "headers": {"content-type": "application/sparql-update"}}),
    ("POST", {"content": b"format=json", "headers": {"content-type": FORM}}),
    ("POST", {"content": b"query=%FF", "headers": {"content-type": FORM}}),
    ("POST", {"content": b"\xff", "headers": {"content-type": "application/sparql-query"}}),
    ("GET", {"params": {"query": "SELECT * {"}, "headers": {"accept": "text/html"}}),  # a browser: the query page
    ("GET", {"params": {"query": "SELECT * {", "format": "json"}, "headers": {"accept": "text/html"}}),
    ("GET", {"params": {"update": "CLEAR ALL"}, "headers": {"accept": "text/html"}}),
]


@pytest.mark.parametrize(("method", "kw"), REQUESTS, ids=[str(i) for i in range(len(REQUESTS))])
def test_fast_path_and_routes_answer_alike(urls, method, kw):
    fast, routes = (httpx.request(method, f"{url}/sparql", timeout=30, **kw) for url in urls)
    assert fast.status_code == routes.status_code
    assert fast.headers["content-type"] == routes.headers["content-type"]
    assert fast.content == routes.content
    assert fast.headers.get("x-sparql-truncated") == routes.headers.get("x-sparql-truncated")
    if fast.status_code == 200 and not fast.headers["content-type"].startswith("text/html"):
        assert "server-timing" in fast.headers and "server-timing" in routes.headers


def test_the_fast_path_is_taken(urls):
    """Without its fast path the application still answers, so check that the fast path does answer: it reads
    the raw query string itself, where FastAPI would reject a query parameter that is not UTF-8."""
    fast, routes = (httpx.get(f"{url}/sparql?query=%FF", timeout=30) for url in urls)
    assert fast.status_code == 400 and "not valid UTF-8" in fast.json()["error"]["detail"]
    assert "not valid UTF-8" not in routes.text
