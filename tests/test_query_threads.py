"""Query evaluation never runs on the event loop (server/executor.py): a repeated, cheap query still goes to a
worker thread, under the timeout; and evaluation threads have a deep stack, so long chains do not crash."""

from __future__ import annotations

import asyncio

from rdflib import Graph, Literal, Namespace

from budgetkg.server.executor import Executor, QueryJob
from budgetkg.server.store import OxigraphStore

EX = Namespace("http://example.org/")
QUERY = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"


def make_store(n: int) -> OxigraphStore:
    store = OxigraphStore()
    g = Graph()
    for i in range(n):
        g.add((EX[f"s{i}"], EX.p, Literal(i)))
    store.replace_graph("http://example.org/g", g)
    return store


def run(executor: Executor, jobs: list[QueryJob]):
    async def go():
        return [await executor.run(job) for job in jobs]

    return asyncio.run(go())


def test_a_repeated_query_never_runs_inline():
    executor = Executor(make_store(3), timeout=10)
    outcomes = run(executor, [QueryJob(QUERY)] * 5)
    assert [o.where for o in outcomes] == ["thread"] * 5 and len({o.body for o in outcomes}) == 1


def test_deep_nesting_is_evaluated_without_a_stack_overflow():
    """2,200 nested groups crashed the process in a thread with the default 8 MiB stack (a segfault, not an error).
    The endpoint refuses such queries before this (max_query_depth); the deep stack is the second line."""
    deep = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000
    outcome = run(Executor(make_store(1), timeout=30), [QueryJob(deep)])[0]
    assert outcome.status == 200
