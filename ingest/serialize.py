"""Fast serialisation of a document's triples: N-Triples by hand, Turtle through Oxigraph.

rdflib's Turtle writer costs more than reading the PDF; Oxigraph's (Rust) writer does the same
job in a fraction of the time. Output is deterministic: triples are sorted, subjects grouped.

:func:`to_turtle` is the project's one Turtle writer (ingest, the server's pages, catalogue and downloads; the
dumps and CONSTRUCT results come from Oxigraph too). It keeps every literal's lexical form: an ``xsd:decimal`` is
written in the XSD 1.1 canonical form that ``mapping._dec`` publishes (``3853100``, ``26.8``), as
``"3853100"^^xsd:decimal`` where Turtle's short form would need a decimal point. rdflib's Turtle writer turns
``"3853100"^^xsd:decimal`` into ``3853100.0`` (XSD 1.0's canonical form), another lexical form of the same value.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph

from ..ontology.formats import DOCUMENT_FORMATS, JSONLD, NTRIPLES, TURTLE
from .vocab import PREFIXES

MEDIA = {f.name: f.media_type for f in DOCUMENT_FORMATS}


def to_ntriples(triples: Iterable[tuple]) -> str:
    """Sorted N-Triples lines (one statement each)."""
    lines = sorted({f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples})
    return "\n".join(lines) + "\n" if lines else ""


def to_turtle(triples: Iterable[tuple]) -> str:
    """Turtle with the project's prefixes, every literal in its lexical form as given."""
    nt = to_ntriples(triples).encode("utf-8")
    parsed = ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)
    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    turtle = ox.serialize(parsed, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    assert turtle is not None  # no output file given: the bytes are returned
    return turtle.decode("utf-8")


def serialize_triples(triples: Iterable[tuple], fmt: str, base: str | None = None) -> str:
    """Serialise triples as ``ttl``, ``nt`` or ``jsonld``."""
    triples = list(triples)
    if fmt == NTRIPLES.name:
        return to_ntriples(triples)
    if fmt == TURTLE.name:
        return to_turtle(triples)
    if fmt == JSONLD.name:
        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        g.addN((s, p, o, g) for s, p, o in triples)
        return g.serialize(format=JSONLD.rdflib)
    raise ValueError(f"unknown format {fmt!r} ({', '.join(MEDIA)})")
