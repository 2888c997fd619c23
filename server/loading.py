"""Loading documents into a store: each file read into its own named graph, then the vocabulary graph."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from budgetkg.ingest.report import Report

from .documents import graph_for_file
from .sources import keep_source
from .store import GraphStore, OxigraphStore
from .vocabulary_graph import ensure_vocabulary


def load_documents(store: GraphStore, paths: Iterable[str | Path], base: str,
                   cross_checks: list[Report] | None = None) -> dict[str, int]:
    """Read each file (PDF / text through ingest; ``.ttl``/``.nt``/``.jsonld``/``.rdf`` as RDF) into its own
    named graph, then make sure the vocabulary graph is current; returns graph name → triple count. With
    ``cross_checks`` (a list), the report of the cross-document checks of the loaded documents is appended to it. Raises
    :class:`~server.documents.DocumentError` on a broken file."""
    loaded: dict[str, int] = {}
    for path in paths:
        name, graph = graph_for_file(Path(path), base)
        loaded[name] = store.replace_graph(name, graph)
        keep_source(store, Path(path).read_bytes(), Path(path).suffix.lower())  # the pages' images
    ensure_vocabulary(store, compact=False)  # compacted just below
    if isinstance(store, OxigraphStore):
        store.optimize()
    if cross_checks is not None:  # the documents against the others of the store (issue 17)
        from .crossdoc import check_documents

        cross_checks.append(check_documents(store, loaded))
    return loaded
