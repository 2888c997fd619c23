"""What the validation copy of a document leaves out: the statements written for publication only.

A document graph says each cell three times over — as a table cell (row, column, printed value), as a Data Cube
observation (every dimension of its structure, currency, unit multiplier) and with its provenance (an
``oa:SpecificResource`` derived from the source file). The shapes, the annotators that prepare the copy
(``ingest/*.py``) and the report read the first and the page and printed text of the provenance; the rest is
for portals and Data Cube tools. A cell's Data Cube key repeats what its document, column and row state (year,
phase, budget type, nature, economic code), where the checks read it. Leaving all this out makes the copy of a
large department document (wide/21, 560 k triples) less than half as large, and every check that scans cells
faster, with the same findings.

``tests/test_validation_copy.py`` fails when a shape or an annotator starts reading one of these terms.

:class:`CopyLoader` builds the copy's Oxigraph store: Python writes the triples as N-Triples a chunk at a time while
a thread loads the previous chunk (Oxigraph releases Python's lock while it parses and inserts), so writing, claim
linking and loading overlap instead of following one another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice
from types import TracebackType

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from .ntriples import ntriples
from .vocab import CNB, OA, OBEU_ATTR, OBEU_DIM, PROV, QB, RDF

PUBLICATION_ONLY_PREDICATES: frozenset[URIRef] = frozenset({
    PROV.wasDerivedFrom,  # cell source → the source file (the source's page and box stay)
    OA.hasSource,
    OBEU_ATTR.currency,  # Data Cube dimensions and attributes repeated on every observation
    OBEU_DIM.organization,
    OBEU_DIM.operationCharacter,
    CNB.lineItem,
    CNB.columnItem,
    CNB.fundSource,
    CNB.functionalClassification,
    CNB.bbox,  # the printed box of a cell (pages draw it; no check reads it)
})
# a cell's source repeats the table label, row and column of its cell (for readers of the provenance alone)
SOURCE_REPEATS: frozenset[URIRef] = frozenset({CNB.tableLabel, CNB.rowIndex, CNB.columnIndex})
SOURCE_SUFFIX = "/source"  # how ingest.iri.IRIs.source names a cell's source
# (a cell is known by its table, ``qb:dataSet``: its class, on 17 k cells of wide/21, is for portals and Data Cube tools)
PUBLICATION_ONLY_TYPES: frozenset[URIRef] = frozenset({
    OA.SpecificResource, QB.Observation, CNB.CellSource, CNB.BudgetLine})
# the rest of a cell's Data Cube key: the checks read these on the document, its columns and its rows, never on a cell
CELL_KEY_PREDICATES: frozenset[URIRef] = frozenset({
    OBEU_DIM.fiscalYear, OBEU_DIM.budgetPhase, CNB.budgetType, CNB.expenditureNature, CNB.economicClassification})


# a cell's place and printed text, on its source (…/col/C/source): the findings' sides name them, no shape reads them
CELL_PLACE_PREDICATES: frozenset[URIRef] = frozenset({CNB.page, CNB.sourceLine, CNB.verbatimText})


def for_validation(triples: Iterable[tuple], aside: Callable[[tuple], object] | None = None) -> Iterator[tuple]:
    """The triples the checks read (those written for publication only are skipped).

    With ``aside``, a cell's printed place and text (:data:`CELL_PLACE_PREDICATES` on its source) are handed to it
    instead: no shape reads them, only the report names them, for the cells its findings point at (:class:`Aside`).
    """
    skip_t, suffix = PUBLICATION_ONLY_TYPES, SOURCE_SUFFIX
    cut = len(suffix)
    # what to do with each predicate, decided once per predicate object (a document uses about a hundred): comparing
    # every triple's predicate costs rdflib's Python-level __eq__ each time; ``held`` keeps the objects (and their ids)
    kinds: dict[int, int] = {}
    held: list[object] = []
    # a subject's triples come one after another: whether it is a cell (or a cell's source) is decided once for them
    last: object = None
    cell = source = False
    for triple in triples:
        p = triple[1]
        kind = kinds.get(id(p))
        if kind is None:
            kind = kinds[id(p)] = _kind(p)
            held.append(p)
        if kind == _SKIP:
            continue
        if kind == _KEEP:
            yield triple
            continue
        if kind == _TYPE:
            if triple[2] not in skip_t:
                yield triple
            continue
        s = triple[0]
        if s is not last:
            last = s
            source = s.endswith(suffix)
            cell = is_cell(s[:-cut] if source else s)
        if kind == _REPEAT:
            if not source:
                yield triple
        elif kind == _KEY:
            if not (cell and not source):
                yield triple
        elif aside is not None and source and cell:  # _PLACE on a cell's source
            aside(triple)
        else:
            yield triple


class Aside:
    """What :func:`for_validation` set aside, read back by subject (an index built at the first question)."""

    def __init__(self) -> None:
        self.triples: list[tuple] = []
        self._by_subject: dict[str, dict[str, str]] | None = None

    def values(self, iri: str) -> dict[str, str]:
        """{predicate IRI: value} of one subject (the first value of each predicate)."""
        by_subject = self._by_subject
        if by_subject is None:  # (built whole, then published: the findings of several threads read it)
            by_subject = {}
            for s, p, o in self.triples:
                by_subject.setdefault(str(s), {}).setdefault(str(p), str(o))
            self._by_subject = by_subject
        return by_subject.get(iri, {})


def is_cell(iri: str) -> bool:
    """Whether an IRI is a cell's as ingest/iri.py mints them (``…/table/T/row/R/col/C``)."""
    parts = iri.rsplit("/", 4)
    return len(parts) == 5 and parts[1] == "row" and parts[3] == "col"


_KEEP, _SKIP, _TYPE, _REPEAT, _KEY, _PLACE = range(6)


def _kind(p: object) -> int:
    if p in PUBLICATION_ONLY_PREDICATES:
        return _SKIP
    if p == RDF.type:
        return _TYPE
    if p in CELL_KEY_PREDICATES:
        return _KEY
    if p in CELL_PLACE_PREDICATES:
        return _PLACE
    return _REPEAT if p in SOURCE_REPEATS else _KEEP


CHUNK = 40_000  # triples per N-Triples chunk: small enough that the last load is short, large enough to be cheap


class CopyLoader:
    """An in-memory Oxigraph store filled on a loader thread while the caller writes the next triples.

    ``lenient`` skips Oxigraph's IRI checks (about a third of the load): for budgetkg's own mapping only, whose IRIs
    are minted valid (ingest/iri.py), never for a graph read from a file.
    ``with CopyLoader() as loader: loader.add(triples); …; store = loader.store()`` — :meth:`store` waits for every
    load; more triples may be added after it (then call it again). The content equals ``ntriples.store_of`` of all
    triples added: a triple with a blank node goes in as an Oxigraph quad, whose blank node keeps its label (a loaded
    N-Triples text would get fresh blank nodes, different in each chunk).
    """

    def __init__(self, *, lenient: bool = False, chunk: int = CHUNK) -> None:
        self._store = ox.Store()
        self._lenient = lenient
        self._chunk = chunk
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="copy-load")
        self._pending: list[Future[None]] = []

    def add(self, triples: Iterable[tuple]) -> None:
        """Write the triples (a chunk at a time) and queue each chunk for loading."""
        it = iter(triples)
        plain = {URIRef, Literal}  # a type test first: isinstance on rdflib terms goes through abc's checks
        while batch := list(islice(it, self._chunk)):
            odd = [t for t in batch if type(t[0]) is not URIRef or type(t[2]) not in plain]
            blank = [t for t in odd if isinstance(t[0], BNode) or isinstance(t[2], BNode)]
            if blank:
                self._store.extend([ox.Quad(_node(s), ox.NamedNode(str(p)), _ox(o)) for s, p, o in blank])
                batch = [t for t in batch if not (isinstance(t[0], BNode) or isinstance(t[2], BNode))]
            self._pending.append(self._pool.submit(self._load, ntriples(batch)))

    def _load(self, data: bytes) -> None:
        self._store.load(data, format=ox.RdfFormat.N_TRIPLES, lenient=self._lenient)

    def store(self) -> ox.Store:
        """The store, once every queued chunk is loaded (a load error is raised here)."""
        for future in self._pending:
            future.result()
        self._pending.clear()
        return self._store

    def __enter__(self) -> CopyLoader:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _node(term: object) -> ox.NamedNode | ox.BlankNode:
    """An rdflib IRI or blank node as an Oxigraph one (a blank node keeps its label)."""
    return ox.BlankNode(str(term)) if isinstance(term, BNode) else ox.NamedNode(str(term))


def _ox(term: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as an Oxigraph term (a blank node keeps its label)."""
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")
