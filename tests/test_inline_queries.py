"""Inline runs (server/executor.py): a query known to be cheap on the current data runs on the event loop when
nothing else runs; first runs, changed data, expensive queries, SERVICE queries and concurrent requests do not."""

from __future__ import annotations

import asyncio

from rdflib import Graph, Literal, Namespace

from server.executor import Executor, QueryJob
from server.query_costs import QueryCosts
from server.store import OxigraphStore

EX = Namespace("http://example.org/")
QUERY = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"
JSON = "application/sparql-results+json"


def make_store(n: int) -> OxigraphStore:
    store = OxigraphStore()
    g = Graph()
    for i in range(n):
        g.add((EX[f"s{i}"], EX.p, Literal(i)))
    store.replace_graph("http://example.org/g", g)
    return store


def places(executor: Executor, jobs: list[QueryJob]) -> list[str]:
    async def go() -> list[str]:
        return [(await executor.run(job)).where for job in jobs]

    return asyncio.run(go())


def test_a_repeated_query_runs_inline_until_the_data_changes():
    store = make_store(3)
    executor = Executor(store, timeout=10, inline_seconds=0.1)
    job = QueryJob(QUERY, accept=JSON)
    first, second = asyncio.run(_two(executor, job))
    assert (first.where, second.where) == ("thread", "inline")
    assert first.body == second.body and second.status == 200 and second.seconds > 0
    assert places(executor, [QueryJob(QUERY, accept="text/csv")]) == ["thread"]  # another format: another job
    store.replace_graph("http://example.org/g2", Graph().add((EX.x, EX.p, EX.y)))  # a write: every cost is stale
    assert places(executor, [job, job]) == ["thread", "inline"]


async def _two(executor: Executor, job: QueryJob):
    return await executor.run(job), await executor.run(job)


def test_slow_or_disabled_queries_never_run_inline():
    store = make_store(3)
    assert places(Executor(store, timeout=10, inline_seconds=1e-9), [QueryJob(QUERY)] * 3) == ["thread"] * 3
    assert places(Executor(store, timeout=10, inline_seconds=0), [QueryJob(QUERY)] * 3) == ["thread"] * 3


def test_concurrent_requests_are_dispatched_not_run_inline():
    executor = Executor(make_store(3), timeout=10, inline_seconds=0.1)
    job = QueryJob(QUERY, accept=JSON)

    async def go() -> list[str]:
        await executor.run(job)  # now known cheap
        outcomes = await asyncio.gather(*(executor.run(job) for _ in range(3)))
        return [o.where for o in outcomes]

    assert asyncio.run(go()) == ["thread"] * 3


def test_service_queries_are_not_remembered():
    costs = QueryCosts(0.1)
    for text in ["SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }", "select * { service ?e { ?s ?p ?o } }"]:
        costs.record(text, text, 0, 0.001)
        assert not costs.is_cheap(text, 0), text
    quoted = 'SELECT * { ?s ?p "SERVICE" } # SERVICE in a comment'
    costs.record(quoted, quoted, 0, 0.001)
    assert costs.is_cheap(quoted, 0) and not costs.is_cheap(quoted, 1)


def test_the_memo_is_bounded():
    costs = QueryCosts(0.1, size=3)
    for i in range(5):
        costs.record(i, "ASK {}", 0, 0.001)
    assert [costs.is_cheap(i, 0) for i in range(5)] == [False, False, True, True, True]
