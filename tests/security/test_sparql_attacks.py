"""Attacks through /sparql: SSRF with SERVICE, freezing the event loop, deep nesting, FROM hidden in a string or a
comment, and responses of unbounded size. Each names the hole it closes (issue 12)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.test_server.conftest import start_server, stop_server

from .conftest import MAX_RESPONSE_BYTES

ASK = {"query": "ASK {}"}


def test_service_without_a_space_does_not_reach_an_internal_host(http, listener):
    """Hole 1: ``SERVICE<http://…>`` passed the regular expression, and the answer came back to the client."""
    listener.clear()
    q = f"SELECT * WHERE {{ SERVICE<{listener.url}/sparql> {{ ?x ?y ?z }} }}"
    r = http.get("/sparql", params={"query": q})
    assert r.status_code == 403 and "SERVICE" in r.json()["error"]["detail"]
    assert "internal secret" not in r.text and listener.requests == []


def test_service_after_an_escaped_iri_with_a_hash_does_not_reach_an_internal_host(http, listener):
    """Hole 1: an IRI with a ``\\u`` escape and a ``#`` made the rest of the line a "comment" for the old lexer."""
    listener.clear()
    q = ("SELECT * WHERE { { <http://example.org/\\u0061#f> ?p ?o } UNION "
         f"{{ SERVICE <{listener.url}/sparql> {{ ?x ?y ?z }} }} }}")
    r = http.get("/sparql", params={"query": q})
    assert r.status_code == 403 and "internal secret" not in r.text and listener.requests == []


def test_from_in_a_comment_or_string_does_not_change_the_default_graph(http):
    """Hole 1 (the store's FROM detection): ``# FROM <…>`` in a comment made the default graph empty."""
    plain = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    counts = [http.get("/sparql", params={"query": q}).json()["results"]["bindings"][0]["n"]["value"]
              for q in (plain, plain + " # FROM <http://example.org/g>",
                        'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(?o != "FROM <http://example.org/g>") }')]
    assert int(counts[0]) > 10_000 and counts[0] == counts[1] and int(counts[2]) >= int(counts[0]) - 5


def _slow_after(moment: datetime) -> str:
    """A query that is cheap until ``moment`` and a three-way cross product of the store after it."""
    t = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    when = f'FILTER(NOW() > "{t}"^^<http://www.w3.org/2001/XMLSchema#dateTime>)'
    return (f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ ?a ?b ?c {when} }} {{ ?d ?e ?f {when} }} "
            f"{{ ?g ?h ?i {when} }} }}")


def test_a_query_cheap_once_cannot_freeze_the_server_later(http, server):
    """Hole 2: a query that ran fast once was later run on the event loop, where no timeout applies; when its cost
    changed (RAND(), NOW()), every other request waited for it."""
    query = _slow_after(datetime.now(UTC) + timedelta(seconds=3))
    first = http.get("/sparql", params={"query": query})
    assert first.status_code == 200  # cheap: nothing passes the filter yet
    time.sleep(4.0)
    outcome: dict[str, int] = {}

    def slow() -> None:
        try:
            outcome["status"] = httpx.get(server.url + "/sparql", params={"query": query}, timeout=60).status_code
        except httpx.HTTPError:
            outcome["status"] = -1

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.5)
    start = time.monotonic()
    try:
        answer = httpx.get(server.url + "/sparql", params=ASK, timeout=10)
        elapsed = time.monotonic() - start
    except httpx.HTTPError:
        elapsed = 99.0
        answer = None
    thread.join(60)
    assert answer is not None and answer.status_code == 200 and elapsed < 1.0, elapsed
    assert outcome.get("status") == 503  # stopped at query_timeout


@pytest.mark.parametrize("workers", ["2", "0"])
def test_deep_nesting_is_refused_and_the_server_survives(tmp_path, workers):
    """Hole 4: 5,000 nested ``{`` killed a query worker, and the whole server (a segfault) without workers."""
    srv = start_server(tmp_path, extra_env={"BUDGETKG_QUERY_WORKERS": workers}, populate=False)
    try:
        with srv.client() as c:
            for deep in ("SELECT * WHERE " + "{" * 5000 + "}" * 5000,
                         "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
                         "SELECT * WHERE { ?s " + "/".join(["<http://x/p>"] * 3000) + " ?o }"):
                try:
                    status = c.post("/sparql", data={"query": deep}).status_code
                except httpx.HTTPError:
                    status = -1
                assert status in (400, 413), status
                assert c.get("/sparql", params=ASK).status_code == 200
        assert srv.process.poll() is None
    finally:
        stop_server(srv)


def test_a_small_query_cannot_build_a_huge_response(http):
    """Hole 7: rows were capped, bytes were not: an 873-byte query could build a 134 MB response."""
    wide = "CONCAT(" + ", ".join(["STR(?s)", "STR(?p)", "STR(?o)"] * 20) + ")"
    q = f"SELECT ?x WHERE {{ ?s ?p ?o BIND({wide} AS ?x) }}"
    assert len(q) < 900
    for fmt in ("json", "xml", "csv", "tsv"):
        r = http.get("/sparql", params={"query": q, "format": fmt})
        assert r.status_code == 200 and len(r.content) <= MAX_RESPONSE_BYTES, (fmt, len(r.content))
        assert r.headers["x-sparql-truncated"].startswith("true") and "max_response_bytes" in r.headers[
            "x-sparql-truncated"]
    g = http.get("/sparql", params={"query": f"CONSTRUCT {{ ?s ?p ?x }} WHERE {{ ?s ?p ?o BIND({wide} AS ?x) }}",
                                    "format": "nt"})
    assert g.status_code == 200 and len(g.content) <= MAX_RESPONSE_BYTES and "x-sparql-truncated" in g.headers


@pytest.mark.parametrize("params", [
    {"query": "ASK {}", "default-graph-uri": "not an iri"},
    {"query": "ASK {}", "named-graph-uri": "http://x/\tb"},
])
def test_an_invalid_dataset_iri_is_a_400(http, params):
    """Hole 7: an invalid ``default-graph-uri`` answered 500."""
    assert http.get("/sparql", params=params).status_code == 400
