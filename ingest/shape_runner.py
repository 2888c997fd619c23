"""Run the shapes on a validation copy, a shape per task, on as many threads as the machine has cores.

Nearly all of a validation's time is Oxigraph evaluating the SHACL-SPARQL constraints, and Oxigraph releases
Python's lock while it evaluates (``py.detach`` around each solution), so layers checked on two threads use two
cores. Each task is a graph of its own — a node shape and everything it reaches (property shapes, SPARQL
constraints, lists, the shared ``sh:declare`` prefixes) — and pySHACL runs on it as it would on all shapes; the
results are then gathered into one ``sh:ValidationReport`` (one ``sh:conforms``, every ``sh:result``).
Blank nodes are copied as they are, so a result's ``sh:sourceShape`` is a node of the whole shapes graph too.
A task per shape rather than per layer file costs about a millisecond each, and the short tasks share the two
threads evenly at the end, when a single long layer would leave one thread idle.

``BUDGETKG_VALIDATE_THREADS`` sets the number of threads (1: one after the other, as before).

The shapes that read nothing the validation's own Python annotators write can start before them: :func:`run`
gives the calling thread ``meanwhile`` (the annotators) once the tasks are queued, and a task that needs the notes
waits for them in its ``prepare`` (``ingest.validate`` tells them apart by the terms each shape names). Python holds
its lock while it annotates, Oxigraph does not while it evaluates, so the two overlap.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

# the layers, the slowest first (measured on the largest corpus documents), so that a late long task is rare
ORDER = ("arithmetic", "structure", "crosstable", "indicators", "narrative", "textquality", "sentences", "document")


def threads() -> int:
    """Threads for the layers: ``BUDGETKG_VALIDATE_THREADS``, else the cores this process may use (at most 4)."""
    value = os.environ.get("BUDGETKG_VALIDATE_THREADS", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


T = TypeVar("T")


def reach(graph: Graph, roots: Iterable[Node]) -> Graph:
    """The triples of ``roots`` and of every blank node or shape-graph IRI they lead to (not other shapes)."""
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True)
    seen: set[Node] = set()
    todo = list(roots)
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for _, p, o in graph.triples((node, None, None)):
            out.add((node, p, o))
            if isinstance(o, BNode) or (p in (SH.prefixes, SH.declare) and not isinstance(o, Literal)):
                todo.append(o)
    return out


def split(shapes: Graph, layer_of: Callable[[Node], str | None]) -> list[Graph]:
    """One graph per layer, in :data:`ORDER` (layers not named there come last)."""
    return [graph for _, graph in split_named(shapes, layer_of)]


def split_named(shapes: Graph, layer_of: Callable[[Node], str | None]) -> list[tuple[str, Graph]]:
    """(layer name, graph) per layer, in :data:`ORDER` (layers not named there come last)."""
    groups: dict[str, list[Node]] = {}
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)):
        if isinstance(shape, URIRef):
            groups.setdefault(layer_of(shape) or "", []).append(shape)
    names = sorted(groups, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))
    return [(n, reach(shapes, groups[n])) for n in names]


def split_shapes(shapes: Graph, layer_of: Callable[[Node], str | None]) -> list[tuple[str, Node, Graph]]:
    """(layer name, node shape, graph) per node shape: layers in :data:`ORDER`, shapes in IRI order within one."""
    out: list[tuple[str, Node, Graph]] = []
    for name, layer in split_named(shapes, layer_of):
        roots = set(layer.subjects(RDF.type, SH.NodeShape)) | set(layer.subjects(RDF.type, SH.PropertyShape))
        for shape in sorted(s for s in roots if isinstance(s, URIRef)):
            out.append((name, shape, reach(shapes, [shape])))
    return out


def run(make_data: Callable[[], Graph], layers: list[Graph], workers: int | None = None,
        prepare: Callable[[Graph], None] | None = None, meanwhile: Callable[[], None] | None = None,
        each: Callable[[Graph], T] | None = None) -> tuple[bool, Graph, list[T | None]]:
    """pySHACL on each task graph (``make_data()`` gives each task its own view of the copy); one merged report,
    and ``each(results)`` of every task, in task order.

    ``prepare(task)``, when given, runs in the task before its shapes (notes that only that task reads, written
    while the others are checked; or a wait for notes that ``meanwhile`` writes). ``each(results)`` runs in the task
    after them (reading its results while other tasks are checked). ``meanwhile()`` runs in the calling thread once
    the worker threads have started; the calling thread then takes the tasks left, as one more worker.
    """
    def one(layer: Graph) -> tuple[bool, Graph, T | None]:
        if prepare is not None:
            prepare(layer)
        conforms, results, _ = shacl_validate(make_data(), shacl_graph=layer, allow_warnings=True, allow_infos=True)
        return bool(conforms), results, (each(results) if each is not None else None)

    outs: list[tuple[bool, Graph, T | None] | None] = [None] * len(layers)
    order = iter(range(len(layers)))
    taking = threading.Lock()
    failed = threading.Event()  # an error anywhere: no task is taken after it

    def work() -> None:
        while True:
            with taking:
                i = None if failed.is_set() else next(order, None)
            if i is None:
                return
            try:
                outs[i] = one(layers[i])
            except BaseException:
                failed.set()
                raise

    def first() -> None:
        try:
            if meanwhile is not None:
                meanwhile()
        except BaseException:
            failed.set()
            raise

    n = min(workers or threads(), len(layers)) or 1
    if n == 1:
        first()
        work()
    else:
        with ThreadPoolExecutor(max_workers=n, thread_name_prefix="shapes") as pool:
            futures = [pool.submit(work) for _ in range(n)]
            first()
            work()
            for future in futures:
                future.result()
    done = [out for out in outs if out is not None]
    conforms, report = merge([(c, r) for c, r, _ in done])
    return conforms, report, [e for _, _, e in done]


def merge(outs: list[tuple[bool, Graph]]) -> tuple[bool, Graph]:
    """One validation report for the results of several runs."""
    conforms = all(c for c, _ in outs)
    report = Graph()
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    report.add((node, SH.conforms, Literal(conforms)))
    for _, results in outs:
        for prefix, ns in results.namespaces():
            report.bind(prefix, ns, override=False)
        own = set(results.subjects(RDF.type, SH.ValidationReport))
        for s, p, o in results:
            if s in own:
                if p == SH.result:
                    report.add((node, SH.result, o))
                continue
            report.add((s, p, o))
    return conforms, report
