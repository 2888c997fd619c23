"""rdflib triples → an in-memory Oxigraph store, through N-Triples text written directly (no rdflib serializer).

rdflib's N-Triples serializer costs about five times the store's own parsing on a large document; the terms of
a document repeat (predicates, classes, code concepts, small integers), so each is written once.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef


def _literal(term: Literal) -> str:
    text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def _term(term) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return _literal(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"not an RDF term: {term!r}")


def ntriples(triples: Iterable[tuple]) -> bytes:
    """The triples as N-Triples (UTF-8)."""
    written: dict = {}

    def text(term) -> str:
        out = written.get(term)
        if out is None:
            out = written[term] = _term(term)
        return out

    return "".join(f"{text(s)} {text(p)} {text(o)} .\n" for s, p, o in triples).encode("utf-8")


def store_of(triples: Iterable[tuple]) -> ox.Store:
    """An in-memory Oxigraph store holding the triples (in its default graph)."""
    store = ox.Store()
    store.load(ntriples(triples), format=ox.RdfFormat.N_TRIPLES)
    return store
