"""Turn a file (disclosure PDF / text, or RDF) into one document graph, through ingest's public API only."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from budgetkg.ontology.formats import GRAPH_FORMATS, JSONLD, N3, RDFXML
from budgetkg.ontology.namespaces import CNB, CODE, FILE_PATH, UNIT_PATH, YEAR

# An upload is RDF when its media type or its file name says so (rdflib parser names).
RDF_SUFFIXES = {ext: str(f.rdflib) for f in (*GRAPH_FORMATS, N3) for ext in f.extensions}
RDF_MEDIA = {f.media_type: str(f.rdflib) for f in GRAPH_FORMATS}


class DocumentError(Exception):
    """The file could not be turned into a document graph; the message says why (file, line, page)."""


def rdf_format(filename: str, content_type: str | None) -> str | None:
    """The rdflib parser name for an RDF upload, or None when the file is a disclosure (PDF / text)."""
    media = (content_type or "").split(";")[0].strip().lower()
    return RDF_MEDIA.get(media) or RDF_SUFFIXES.get(Path(filename).suffix.lower())


def document_iri(graph: Graph, base: str) -> str | None:
    """The document IRI in a document graph: the subject shaped ``{base}id/doc/{unit}/{year}/{phase}``."""
    pattern = re.compile(re.escape(base) + r"id/doc/[^/#]+/[^/#]+/[^/#]+$")
    names = sorted({str(s) for s in graph.subjects() if isinstance(s, URIRef) and pattern.match(str(s))})
    return names[0] if names else None


def parse_rdf(data: bytes, fmt: str, label: str) -> Graph:
    """The RDF file as a graph. Nothing is fetched while parsing: RDF/XML with entity declarations and JSON-LD
    with a remote ``@context`` or an ``@import`` are refused (:mod:`server.safe_rdf`)."""
    from .safe_rdf import UnsafeRdf, check_json_ld, check_xml

    try:
        if fmt == RDFXML.rdflib:
            check_xml(data)
        elif fmt == JSONLD.rdflib:
            check_json_ld(data)
    except UnsafeRdf as exc:
        raise DocumentError(f"{label}: {exc}") from None
    try:
        return Graph().parse(data=data, format=fmt)
    except Exception as exc:  # rdflib raises many types for bad syntax
        raise DocumentError(f"{label}: not valid RDF ({fmt}): {str(exc)[:500]}") from None


def parse_disclosure(data: bytes, label: str, base: str) -> Graph:
    """Run ingest (``parse_bytes`` + ``to_graph``) over the bytes of a PDF or text disclosure."""
    from budgetkg.ingest import to_graph
    from budgetkg.ingest.api import parse_bytes
    from budgetkg.ingest.errors import IngestError

    try:
        return to_graph(parse_bytes(data, label), base=base)
    except IngestError as exc:
        raise DocumentError(str(exc)) from None
    except Exception as exc:  # an ingest bug must not become a 500 with a traceback
        raise DocumentError(
            f"{label}: could not be read as a budget disclosure ({type(exc).__name__}: {exc})"
        ) from None


def graph_from_bytes(data: bytes, filename: str, content_type: str | None, base: str) -> Graph:
    fmt = rdf_format(filename, content_type)
    if fmt:
        return parse_rdf(data, fmt, filename)
    return parse_disclosure(data, filename, base)


def graph_for_file(path: Path, base: str) -> tuple[str, Graph]:
    """(document IRI, graph) for a file on disk, used by ``budgetkg load``."""
    graph = graph_from_bytes(path.read_bytes(), path.name, None, base)
    name = document_iri(graph, base)
    if name is None:
        raise DocumentError(f"{path}: no document IRI of the form {base}id/doc/<unit>/<year>/<phase> in it")
    return name, graph


_IRI_CHARS = re.compile(r'[A-Za-z][A-Za-z0-9+.-]*:[^<>"{}|^`\\\x00-\x20]*')
_DOC_PATH = re.compile(r"id/doc/(?P<unit>[^/#]+)/(?P<year>[^/#]+)/[^/#]+")


def shared_subjects(name: str, base: str) -> tuple[str, ...]:
    """IRIs outside ``name`` that its graph may describe too, as ingest writes them: the unit and the year its IRI
    names, source files (content-addressed) and code-list concepts."""
    m = _DOC_PATH.fullmatch(name.removeprefix(base))
    own = (f"{base}id/unit/{m['unit']}", f"{base}id/year/{m['year']}") if m else ()
    return own


def check_scope(graph: Graph, name: str, base: str, label: str) -> None:
    """Raise :class:`DocumentError` unless every IRI in ``graph`` is well-formed and every subject lies under the
    document IRI ``name`` (``name``, ``name/…``, ``name#…``) or is one of :func:`shared_subjects`, the unit the
    document names as its ``cnb:unit`` (``{base}id/unit/…``), a source file
    (``{base}id/file/…``), a code-list concept or a fiscal year (``http://reference.data.gov.uk/id/year/…``): one
    document's graph cannot describe another's resources."""
    shared = set(shared_subjects(name, base))
    unit = graph.value(URIRef(name), CNB.unit)  # its unit (one IRI for all the unit's documents: ingest.iri.unit_iri)
    if isinstance(unit, URIRef) and str(unit).startswith(base + UNIT_PATH):
        shared.add(str(unit))
    files = base + FILE_PATH
    for triple in graph:
        for term in triple:
            value = term.datatype if isinstance(term, Literal) else term
            if isinstance(value, URIRef) and not _IRI_CHARS.fullmatch(str(value)):
                raise DocumentError(f"{label}: {str(value)[:200]!r} is not a valid IRI")
        subject = triple[0]
        if not isinstance(subject, URIRef):
            continue
        iri = str(subject)
        if iri == name or iri.startswith((name + "/", name + "#", files, str(CODE), str(YEAR))) or iri in shared:
            continue
        raise DocumentError(f"{label}: describes {iri[:200]}, which is not under its document IRI {name} "
                            "(a document graph may only describe its own resources)")
