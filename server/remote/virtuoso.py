"""OpenLink Virtuoso 7's quirks, and how the remote store works around them (see ``server/README-stores.md``)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import httpx
import pyoxigraph as ox

from ..store import StoreError

SYSTEM_PREFIXES = ("http://www.openlinksw.com/", "http://www.w3.org/ns/ldp", "http://localuriqaserver/",
                   "urn:activitystreams-owl:map")
STAGING_PREFIX = "urn:budgetkg:staging:"  # where oversized replacements are assembled before a MOVE
CHUNK = 1000  # triples per INSERT DATA block (Virtuoso's parser overflows near 5,000)
MAX_ROWS = 10_000  # ResultSetMaxRows by default: a silent cap on every result
MAX_UPDATE_BYTES = 8_000_000  # Virtuoso refuses request strings over 10 MB
SERVICE_CLASS = "http://www.w3.org/ns/sparql-service-description#Service"


def system_graph_queries() -> list[str]:
    """SELECTs of the graphs of Virtuoso itself (virtrdf#, service descriptions …), one ``?g`` each."""
    prefixed = " || ".join(f'STRSTARTS(STR(?g), "{p}")' for p in SYSTEM_PREFIXES)
    return [f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({prefixed}) }}",
            f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s a <{SERVICE_CLASS}> }} }}"]


def excluding(graphs: list[str]) -> list[str]:
    """Pragmas that hide ``graphs`` from the union default graph (not to be used with ``GRAPH <iri>``: they
    empty those graphs too)."""
    return [f"define input:default-graph-exclude <{g}> define input:named-graph-exclude <{g}>" for g in graphs]


def partial_answer(response: httpx.Response) -> bool:
    """True for Virtuoso's "anytime query" answer: at the timeout it answers 200 with a partial result."""
    return response.headers.get("x-sql-state", "").upper() == "S1TAT"


def too_slow_to_start(message: str) -> bool:
    """True when Virtuoso refused a query up front: its *estimated* time passes MaxQueryCostEstimationTime."""
    return re.search(r"estimated execution time", message, re.IGNORECASE) is not None


def worth_retrying(message: str) -> bool:
    """True for a write that waited too long for readers' locks (SR171) or lost a deadlock (40001): rolled back
    whole, so trying again is safe."""
    return re.search(r"SR171|40001|deadlock", message) is not None


def ntriples(triples: list[ox.Triple]) -> str:
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


def has_bnode(t: ox.Triple) -> bool:
    return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)


def bnode_groups(triples: list[ox.Triple], size: int) -> list[list[ox.Triple]]:
    """Triples with blank nodes in blocks of about ``size``, never splitting a blank-node-connected group."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for t in triples:
        labels = [n.value for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)]
        for other in labels[1:]:
            parent[find(other)] = find(labels[0])
    groups: dict[str, list[ox.Triple]] = {}
    for t in triples:
        label = next(n.value for n in (t.subject, t.object) if isinstance(n, ox.BlankNode))
        groups.setdefault(find(label), []).append(t)
    blocks: list[list[ox.Triple]] = []
    for group in groups.values():
        if blocks and len(blocks[-1]) + len(group) <= size:
            blocks[-1].extend(group)
        else:
            blocks.append(list(group))
    return blocks


def replace_graph(update: Callable[[str], None], iri: str, items: list[ox.Triple], max_update_bytes: int) -> None:
    """Replace graph ``iri`` by ``items`` through ``update`` (which sends one update request).

    Virtuoso refuses blank nodes in INSERT DATA ("not allowed in a constant clause"): triples with blank nodes go
    into INSERT {...} WHERE {} operations, each holding whole blank-node-connected groups (a label names the same
    node only within one operation)."""
    ground = [t for t in items if not has_bnode(t)]
    blocks = [("INSERT DATA", ground[i:i + CHUNK]) for i in range(0, len(ground), CHUNK)]
    blocks += [("INSERT", group) for group in bnode_groups([t for t in items if has_bnode(t)], CHUNK)]

    def op(graph: str, kind: str, block: list[ox.Triple]) -> str:
        where = " WHERE {}" if kind == "INSERT" else ""
        return f"{kind} {{ GRAPH <{graph}> {{\n{ntriples(block)}}} }}{where}"

    # big-data-const 1: pass the data as one constant, else Virtuoso compiles it to SQL text of limited size.
    text = f"define sql:big-data-const 1 DROP SILENT GRAPH <{iri}>" + "".join(
        " ;\n" + op(iri, kind, block) for kind, block in blocks)
    if len(text.encode("utf-8")) <= max_update_bytes:
        update(text)
        return
    # Too big for one request: assemble the graph in a staging graph, then MOVE it over the old one in one
    # request -- still atomic for readers of the graph itself.
    staging = f"{STAGING_PREFIX}{uuid.uuid4().hex}"
    try:
        batch: list[str] = []
        size = 0
        for kind, block in blocks:
            one = op(staging, kind, block)
            if batch and size + len(one.encode("utf-8")) > max_update_bytes:
                update("define sql:big-data-const 1 " + " ;\n".join(batch))
                batch, size = [], 0
            batch.append(one)
            size += len(one.encode("utf-8"))
        if batch:
            update("define sql:big-data-const 1 " + " ;\n".join(batch))
        update(f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{iri}>")
    except BaseException:
        try:
            update(f"DROP SILENT GRAPH <{staging}>")
        except StoreError:  # the first failure is the one to report
            pass
        raise
