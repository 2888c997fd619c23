"""Loading documents into a store: each file read into its own named graph, then the vocabulary graph."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .documents import graph_for_file
from .store import GraphStore, OxigraphStore
from .vocabulary_graph import ensure_vocabulary


def load_documents(store: GraphStore, paths: Iterable[str | Path], base: str) -> dict[str, int]:
    """Read each file (PDF / text through ingest; ``.ttl``/``.nt``/``.jsonld``/``.rdf`` as RDF) into its own
    named graph, then make sure the vocabulary graph is current; returns graph name → triple count. Raises
    :class:`~server.documents.DocumentError` on a broken file."""
    loaded: dict[str, int] = {}
    for path in paths:
        name, graph = graph_for_file(Path(path), base)
        loaded[name] = store.replace_graph(name, graph)
    ensure_vocabulary(store, compact=False)  # compacted just below
    if isinstance(store, OxigraphStore):
        store.optimize()
    return loaded
