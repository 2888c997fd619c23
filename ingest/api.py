"""Public entry points of ingest: read any supported file, map it to RDF."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .errors import IngestError
from .gc_pause import gc_paused
from .identity import Found, Given
from .iri import DEFAULT_BASE
from .model import Document


def parse_document(path: str | Path, *, name: str | None = None, given: Given | None = None) -> Document:
    """Read a disclosure (``.pdf`` or the plain-text extraction) into a :class:`Document`.

    ``given`` completes a unit or year the file does not state (options, companion file, file name; see
    :mod:`ingest.identity`). Raises :class:`IngestError` naming the file (and page or line) when it cannot be read.
    """
    path = Path(path)
    label = name or path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(label, f"cannot read file: {exc.strerror or exc}", code="file-unreadable") from exc
    return parse_bytes(data, label, given=given, path=str(path))


def parse_bytes(data: bytes, name: str, *, given: Given | None = None, path: str | None = None) -> Document:
    """Read a disclosure from bytes; the format is sniffed from the content."""
    if not data:
        raise IngestError(name, "empty file (0 bytes)", code="empty-file")
    if data.lstrip()[:5] == b"%PDF-" or name.lower().endswith(".pdf"):
        from .extract.pdf import read_pdf

        return read_pdf(data, name, given=given, path=path, stated=stated_identity)
    from .extract.text import read_text

    return read_text(data, name)


def stated_identity(path: str) -> Found:
    """What a file states about itself (unit, year, phase, scope), read with no outside help: a companion's identity."""
    doc = parse_document(path, given=None)
    return Found(doc.unit_name, doc.year, doc.phase, doc.scope)


@gc_paused
def to_graph(doc: Document, base: str = DEFAULT_BASE) -> Graph:
    """Map a document to an rdflib graph (one graph per document, deterministic IRIs)."""
    from .mapping import document_graph

    return document_graph(doc, base)


@gc_paused
def serialize_document(doc: Document, fmt: str = "ttl", base: str = DEFAULT_BASE) -> str:
    """The document as RDF text (``ttl``, ``nt`` or ``jsonld``) without building an rdflib graph."""
    from .mapping import document_triples
    from .serialize import serialize_triples

    return serialize_triples(document_triples(doc, base), fmt, base)
