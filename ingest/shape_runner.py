"""Run the shape layers on a validation copy, a layer per task, on as many threads as the machine has cores.

Nearly all of a validation's time is Oxigraph evaluating the SHACL-SPARQL constraints, and Oxigraph releases
Python's lock while it evaluates (``py.detach`` around each solution), so layers checked on two threads use two
cores. Each layer is a graph of its own — its shapes and everything they reach (property shapes, SPARQL
constraints, lists, the shared ``sh:declare`` prefixes) — and pySHACL runs on it as it would on all layers; the
results are then gathered into one ``sh:ValidationReport`` (one ``sh:conforms``, every ``sh:result``).
Blank nodes are copied as they are, so a result's ``sh:sourceShape`` is a node of the whole shapes graph too.

``BUDGETKG_VALIDATE_THREADS`` sets the number of threads (1: one after the other, as before).

The layers that read nothing the validation's own Python annotators write (:data:`BEFORE_NOTES`) can start before
them: :func:`run` gives the calling thread ``meanwhile`` (the annotators) once the tasks are queued, and a layer
that needs the notes waits for them in its ``prepare``. Python holds its lock while it annotates, Oxigraph does not
while it evaluates, so the two overlap.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

# the layers, the slowest first (measured on the largest corpus documents), so that a late long task is rare; those
# that can run before the annotators come first, so that no thread waits for the notes while one of them is queued
ORDER = ("arithmetic", "structure", "crosstable", "indicators", "narrative", "textquality", "sentences", "document")
# the layers whose shapes read no note of the annotators (ingest.validate.annotate_copy; tests/test_validation_copy.py)
BEFORE_NOTES = frozenset({"arithmetic", "structure", "crosstable", "indicators"})


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


def run(make_data: Callable[[], Graph], layers: list[Graph], workers: int | None = None,
        prepare: Callable[[Graph], None] | None = None,
        meanwhile: Callable[[], None] | None = None) -> tuple[bool, Graph]:
    """pySHACL on each layer (``make_data()`` gives each task its own view of the copy); one merged report.

    ``prepare(layer)``, when given, runs in the layer's own task before its shapes (notes that only that layer reads,
    written while the other layers are checked; or a wait for notes that ``meanwhile`` writes). ``meanwhile()`` runs
    in the calling thread once the tasks are queued (first, on one thread).
    """
    def one(layer: Graph) -> tuple[bool, Graph]:
        if prepare is not None:
            prepare(layer)
        conforms, results, _ = shacl_validate(make_data(), shacl_graph=layer, allow_warnings=True, allow_infos=True)
        return bool(conforms), results

    n = min(workers or threads(), len(layers)) or 1
    if n == 1:
        if meanwhile is not None:
            meanwhile()
        outs = [one(layer) for layer in layers]
    else:
        with ThreadPoolExecutor(max_workers=n, thread_name_prefix="shapes") as pool:
            futures = [pool.submit(one, layer) for layer in layers]
            if meanwhile is not None:
                meanwhile()
            outs = [f.result() for f in futures]
    return merge(outs)


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
