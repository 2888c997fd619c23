"""A runaway query is stopped at the configured timeout, its worker process is killed (no CPU spent on it
afterwards), the client gets a clear error, and other queries are answered meanwhile.

The real server (uvicorn, on-disk store with the sample, two query worker processes) runs with
``BUDGETKG_QUERY_TIMEOUT=1``; the runaway query is a three-way cross join of the store's triples (about 10¹²
solutions to count, hours of work).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import psutil
import pytest
from test_server.conftest import Server, start_server, stop_server

TIMEOUT = 1.0
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CHEAP = "SELECT ?s WHERE { ?s a <https://w3id.org/cn-budget/ontology#BudgetDocument> } LIMIT 1"
JSON = {"accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = start_server(tmp_path_factory.mktemp("timeout"),
                       extra_env={"BUDGETKG_QUERY_TIMEOUT": str(TIMEOUT), "BUDGETKG_QUERY_WORKERS": "2"})
    yield srv
    stop_server(srv)


def workers(server: Server) -> dict[int, psutil.Process]:
    """The query worker processes (multiprocessing spawn children) of the server."""
    out = {}
    for p in psutil.Process(server.process.pid).children(recursive=True):
        try:
            if "spawn_main" in " ".join(p.cmdline()):
                out[p.pid] = p
        except psutil.NoSuchProcess:
            continue
    return out


def tree_cpu(server: Server, seconds: float = 1.0) -> float:
    """CPU used by the server and all its children over ``seconds``, in percent of one core."""
    procs = [psutil.Process(server.process.pid), *psutil.Process(server.process.pid).children(recursive=True)]
    for p in procs:
        p.cpu_percent(None)
    time.sleep(seconds)
    total = 0.0
    for p in procs:
        try:
            total += p.cpu_percent(None)
        except psutil.NoSuchProcess:
            continue
    return total


def test_runaway_query_is_stopped_and_the_server_keeps_answering(server: Server):
    with server.client() as http:
        assert http.get("/sparql", params={"query": CHEAP}, headers=JSON).status_code == 200
    before = workers(server)
    assert len(before) == 2
    outcome: dict = {}

    def runaway() -> None:
        with server.client() as http:
            start = time.monotonic()
            r = http.post("/sparql", data={"query": CROSS_JOIN}, headers=JSON)
            outcome.update(status=r.status_code, body=r.json(), seconds=time.monotonic() - start)

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)  # the cross join is now running in one worker
    for p in before.values():
        p.cpu_percent(None)
    time.sleep(0.3)
    usage = {pid: p.cpu_percent(None) for pid, p in before.items()}
    busy = [before[pid] for pid, cpu in usage.items() if cpu > 25]
    assert len(busy) == 1, f"one worker is busy with the cross join: {usage}"
    with server.client() as http:  # meanwhile the other worker answers at once
        for _ in range(3):
            start = time.monotonic()
            r = http.get("/sparql", params={"query": CHEAP}, headers=JSON)
            assert r.status_code == 200 and r.json()["results"]["bindings"]
            assert time.monotonic() - start < 0.5
    thread.join(timeout=TIMEOUT + 10)
    assert outcome["status"] == 503
    assert outcome["seconds"] <= TIMEOUT + 1.0, f"stopped after {outcome['seconds']:.2f} s"
    detail = outcome["body"]["error"]["detail"]
    assert "time limit" in detail and "1 s" in detail and "query_timeout" in detail
    # the worker that ran it is gone (killed, not left computing), and a fresh one replaced it
    after = workers(server)
    killed = set(before) - set(after)
    assert killed == {busy[0].pid} and not psutil.pid_exists(busy[0].pid)
    assert len(after) == 2
    time.sleep(1.5)  # the replacement worker finishes starting up
    assert tree_cpu(server) < 30, "no CPU is spent on the stopped query"
    with server.client() as http:
        assert http.get("/sparql", params={"query": CHEAP}, headers=JSON).status_code == 200


def test_queries_within_the_limit_are_unaffected(server: Server):
    with server.client() as http:
        r = http.post("/sparql", data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}, headers=JSON)
        assert r.status_code == 200 and int(r.json()["results"]["bindings"][0]["n"]["value"]) > 10_000
