"""The quad store behind the server: one named graph per document (graph name = document IRI).

:class:`GraphStore` is the interface the rest of the server uses; the embedded :class:`OxigraphStore` here and
the remote SPARQL 1.1 store of ``server/remote/`` (query + update + graph store protocol) implement it. A store
keeps graphs and answers queries; reading documents into graphs is the caller's business (``server/loading.py``).
Terms leave this module either as rdflib terms (internal queries
for pages and metadata) or as plain tuples (``Term``) for the SPARQL endpoint's result serializers; a
result within the row cap leaves it already serialized by pyoxigraph (:meth:`QueryResult.serialize_bindings`).
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, cast
from typing import Literal as Kind

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from budgetkg.ontology import formats
from budgetkg.ontology.formats import of_kind

from .results import QueryTimeout
from .sparql_syntax import declares_dataset

# A result term as a plain tuple: ("uri", iri) / ("bnode", id) / ("literal", lexical, datatype, lang).
Term = tuple[str, ...]
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal  # a term of a pyoxigraph triple

# RDF formats pyoxigraph parses and writes, by media type; SPARQL results formats it writes itself.
RDF_FORMATS: dict[str, ox.RdfFormat] = {f.media_type: f.oxigraph for f in of_kind("graph", "dataset")
                                        if isinstance(f.oxigraph, ox.RdfFormat) and f is not formats.N3}
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {f.media_type: f.oxigraph for f in formats.RESULTS_FORMATS
                                                    if isinstance(f.oxigraph, ox.QueryResultsFormat)}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class StoreError(Exception):
    """A store operation failed (not a query syntax error)."""


class QuerySyntaxError(StoreError):
    """The query text is not SPARQL 1.1; ``message`` contains ``line:column`` where known."""


@dataclass
class QueryResult:
    """The outcome of one query: a boolean, a table of bindings, or triples (already serialized)."""

    kind: Kind["boolean", "bindings", "graph"]
    boolean: bool = False
    variables: list[str] = field(default_factory=list)
    rows: Iterator[list[Term | None]] = field(default_factory=lambda: iter(()))
    graph: Iterator[ox.Triple] = field(default_factory=lambda: iter(()))
    solutions: ox.QuerySolutions | None = field(default=None, repr=False)  # the embedded store's own result
    rerun: Callable[[], ox.QuerySolutions] | None = field(default=None, repr=False)  # evaluates the query again
    bytes_cut: bool = False  # ``rows`` were cut at the byte cap of serialize_bindings

    def serialize_bindings(self, media_type: str, cap: int, deadline: float | None = None,
                           byte_cap: int | None = None) -> bytes | None:
        """The bindings as written by pyoxigraph (much faster than :mod:`server.results`) when there are at most
        ``cap`` rows in at most ``byte_cap`` bytes. None when there are more (``rows`` then yields the first
        ``cap + 1`` rows, or the rows that fit in ``byte_cap`` bytes of TSV, so the Python serializers cut and mark
        the result) or no native result (a remote store's). Raises :class:`QueryTimeout` past ``deadline``.

        pyoxigraph writes the requested format into a sink that counts an upper bound of the rows written (see
        ``_ROW_MARKS``), so evaluation stops just past the cap. If the bound passes the cap, the query is run
        again and written as TSV, whose lines count rows exactly; its first ``cap + 1`` rows are then parsed back."""
        fmt = RESULT_FORMATS.get(media_type)
        if self.solutions is None or fmt is None:
            return None
        solutions, self.solutions = self.solutions, None
        if fmt != ox.QueryResultsFormat.TSV:
            sink = _RowSink(cap, deadline, fmt, byte_cap)
            try:
                solutions.serialize(sink.file(), format=fmt)
                self.rows = iter(())
                return bytes(sink.data)
            except _CapReached:
                if self.rerun is None:
                    raise StoreError("the result has more rows than the cap and cannot be re-read") from None
                solutions = self.rerun()
        sink = _RowSink(cap, deadline, ox.QueryResultsFormat.TSV, byte_cap)
        try:
            solutions.serialize(sink.file(), format=ox.QueryResultsFormat.TSV)
        except _CapReached:
            lines = bytes(sink.data).split(b"\n", cap + 2)[: cap + 2]  # header + cap + 1 rows
            if sink.over_bytes:  # cut by size: the whole rows written so far (never a row cut in the middle)
                lines = bytes(sink.data).split(b"\n")[:-1]
                self.bytes_cut = True
            head = b"\n".join(lines) + b"\n"
            self.rows = _rows(_parse_tsv(head), len(self.variables))
            return None
        self.rows = iter(())
        if fmt == ox.QueryResultsFormat.TSV:
            return bytes(sink.data)
        return _parse_tsv(bytes(sink.data)).serialize(format=fmt) or b""  # at most cap rows after all

    def serialize_graph(self, media_type: str, cap: int, byte_cap: int | None = None) -> tuple[bytes, bool]:
        """Serialize at most ``cap`` triples, in at most ``byte_cap`` bytes, of a CONSTRUCT/DESCRIBE result; True
        when more were cut."""
        triples: list[ox.Triple] = []
        truncated = False
        size = 0
        for triple in self.graph:
            if len(triples) >= cap or (byte_cap is not None and size > byte_cap):
                truncated = True
                break
            triples.append(triple)
            if byte_cap is not None:
                size += len(str(triple)) + 2
        fmt = RDF_FORMATS[media_type]
        body = ox.serialize(triples, format=fmt) or b""
        while byte_cap is not None and len(body) > byte_cap and triples:
            truncated = True
            triples = triples[:min(len(triples) - 1, int(len(triples) * byte_cap / len(body) * 0.9))]
            body = ox.serialize(triples, format=fmt) or b""
        return body, truncated


class GraphStore(ABC):
    """What the server needs from a quad store."""

    generation: int = 0  # bumped on every write, so query workers know to reopen their snapshot

    @abstractmethod
    def query(
        self,
        sparql: str,
        default_graph_uris: list[str] | None = None,
        named_graph_uris: list[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a SPARQL query. Without a protocol dataset, the default graph is the union of all graphs;
        relative IRIs in the query resolve against ``base_iri`` (the endpoint's URL)."""

    @abstractmethod
    def replace_graph(self, name: str, triples: Graph | Iterable[tuple[Node, Node, Node]]) -> int:
        """Atomically replace the named graph ``name``; returns its new triple count."""

    def replace_ntriples(self, name: str, ntriples: bytes) -> int:
        """Atomically replace the named graph ``name`` with the N-Triples ``ntriples``; returns its triple count."""
        return self.replace_graph(name, Graph().parse(data=ntriples, format="nt"))

    @abstractmethod
    def delete_graph(self, name: str) -> None:
        """Remove a named graph (no error if absent)."""

    @abstractmethod
    def list_graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""

    @abstractmethod
    def triple_counts(self) -> dict[str, int]:
        """Triples per named graph."""

    @abstractmethod
    def dump(self, media_type: str) -> bytes:
        """The whole store: N-Quads/TriG keep graph names, Turtle/N-Triples merge all graphs."""

    def select(self, sparql: str) -> list[dict[str, Node]]:
        """Internal SELECT over the union of all graphs, as rows of rdflib terms."""
        result = self.query(sparql)
        return [
            {v: to_rdflib(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]

    def construct(self, sparql: str) -> Graph:
        """Internal CONSTRUCT/DESCRIBE over the union of all graphs, as an rdflib graph."""
        data, _ = self.query(sparql).serialize_graph("application/n-triples", 10**9)
        return Graph().parse(data=data.decode("utf-8"), format="nt")

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources."""


class OxigraphStore(GraphStore):
    """The embedded store: pyoxigraph on disk (``path``) or in memory (``path=None``)."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False):
        self.path = str(path) if path else None
        self.read_only = read_only
        self._lock = threading.Lock()
        if self.path is None:
            self._store = ox.Store()
        elif read_only:
            self._store = ox.Store.read_only(self.path)
        else:
            Path(self.path).mkdir(parents=True, exist_ok=True)
            self._store = ox.Store(self.path)

    def query(self, sparql: str, default_graph_uris: list[str] | None = None,
              named_graph_uris: list[str] | None = None, base_iri: str | None = None) -> QueryResult:
        default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None
        named: list[ox.NamedNode | ox.BlankNode] | None = None
        union = False
        if default_graph_uris or named_graph_uris:
            # Protocol dataset (SPARQL 1.1 Protocol §2.1.4): overrides FROM / FROM NAMED; a missing part is empty.
            default = [ox.NamedNode(u) for u in default_graph_uris or []] or [ox.DefaultGraph()]
            named = [ox.NamedNode(u) for u in named_graph_uris or []]
        else:
            union = not declares_dataset(sparql)  # a query's own FROM / FROM NAMED wins

        def run() -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
            return self._store.query(sparql, base_iri=base_iri, use_default_graph_as_union=union,
                                     default_graph=default, named_graphs=named)

        def rerun() -> ox.QuerySolutions:
            again = run()
            assert isinstance(again, ox.QuerySolutions)  # the same query, so the same form
            return again

        try:
            result = run()
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from None
        except (ValueError, OSError) as exc:
            raise StoreError(str(exc)) from None
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("boolean", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            return QueryResult("bindings", variables=names, rows=_rows(result, len(names)), solutions=result,
                               rerun=rerun)
        return QueryResult("graph", graph=iter(result))

    def replace_graph(self, name: str, triples: Graph | Iterable[tuple[Node, Node, Node]]) -> int:
        items = [triple_of(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples]
        body = (ox.serialize(items, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
        with self._lock:
            # One SPARQL update is one transaction: readers see the old or the new graph, never a mix.
            self._store.update(f"DROP SILENT GRAPH <{name}> ; INSERT DATA {{ GRAPH <{name}> {{ {body} }} }}")
            self._store.flush()
            self.generation += 1
        return len(items)

    def replace_ntriples(self, name: str, ntriples: bytes) -> int:
        """One transaction, as :meth:`replace_graph`; Oxigraph parses the N-Triples itself."""
        body = ntriples.decode("utf-8")
        with self._lock:
            self._store.update(f"DROP SILENT GRAPH <{name}> ; INSERT DATA {{ GRAPH <{name}> {{ {body} }} }}")
            self._store.flush()
            self.generation += 1
        return body.count("\n")

    def delete_graph(self, name: str) -> None:
        with self._lock:
            self._store.update(f"DROP SILENT GRAPH <{name}>")
            self._store.flush()
            self.generation += 1

    def list_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def triple_counts(self) -> dict[str, int]:
        rows = self._store.query("SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        assert isinstance(rows, ox.QuerySolutions)
        return {row["g"].value: int(row["n"].value) for row in rows}

    def dump(self, media_type: str) -> bytes:
        fmt = RDF_FORMATS[media_type]
        if fmt.supports_datasets:
            return self._store.dump(format=fmt) or b""
        triples = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(triples, ox.QueryTriples)
        return ox.serialize(triples, format=fmt) or b""

    def optimize(self) -> None:
        if self.path and not self.read_only:
            self._store.optimize()

    def close(self) -> None:
        if self.path and not self.read_only:
            self._store.flush()
        del self._store


def _term(t: object) -> Term:
    if isinstance(t, ox.NamedNode):
        return ("uri", t.value)
    if isinstance(t, ox.BlankNode):
        return ("bnode", t.value)
    if isinstance(t, ox.Literal):
        return ("literal", t.value, t.datatype.value, t.language or "")
    return ("literal", str(t), _XSD_STRING, "")  # RDF-star quoted triple: shown as text


def _rows(solutions: ox.QuerySolutions, width: int) -> Iterator[list[Term | None]]:
    for solution in solutions:
        yield [None if (t := solution[i]) is None else _term(t) for i in range(width)]


class _CapReached(Exception):
    """The result has more rows than the cap."""


# What the row-counting sink counts in each format, and how many rows that allows at most (count → rows):
# TSV: lines, exact (a line break inside a value is escaped); CSV: lines, at least one per row (a quoted value may
# hold a line break); XML: ``<result>`` elements, exact (``<`` is escaped in values); JSON: ``},{`` between two
# rows (a literal may contain it too, so this too is an upper bound).
_ROW_MARKS: dict[ox.QueryResultsFormat, tuple[bytes, Callable[[int], int]]] = {
    ox.QueryResultsFormat.TSV: (b"\n", lambda lines: lines - 1),
    ox.QueryResultsFormat.CSV: (b"\n", lambda lines: lines - 1),
    ox.QueryResultsFormat.XML: (b"<result>", lambda results: results),
    ox.QueryResultsFormat.JSON: (b"},{", lambda separators: separators + 1),
}


class _RowSink:
    """A binary file for pyoxigraph's results writers that counts (an upper bound of) the rows written and
    stops the query (by raising from ``write``) once that passes ``cap`` or ``deadline`` has passed."""

    def __init__(self, cap: int, deadline: float | None, fmt: ox.QueryResultsFormat, byte_cap: int | None = None):
        self.data = bytearray()
        self.marks = 0
        self.cap = cap
        self.byte_cap = byte_cap
        self.over_bytes = False
        self.mark, self.rows = _ROW_MARKS[fmt]
        self.deadline = deadline

    def write(self, chunk: bytes) -> int:
        start = max(0, len(self.data) - len(self.mark) + 1)  # a mark may straddle two chunks
        self.data += chunk
        self.marks += self.data.count(self.mark, start)
        if self.rows(self.marks) > self.cap:
            raise _CapReached()
        if self.byte_cap is not None and len(self.data) > self.byte_cap:
            self.over_bytes = True
            raise _CapReached()
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise QueryTimeout()
        return len(chunk)

    def flush(self) -> None:
        pass

    def file(self) -> IO[bytes]:
        """This sink as the binary file pyoxigraph writes to (it calls ``write`` and ``flush`` only)."""
        return cast(IO[bytes], self)


def _parse_tsv(data: bytes) -> ox.QuerySolutions:
    try:
        parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.TSV)
    except SyntaxError as exc:  # not expected: pyoxigraph reads back what it wrote
        raise StoreError(f"could not re-read the query results: {exc}") from None
    if not isinstance(parsed, ox.QuerySolutions):
        raise StoreError("could not re-read the query results: not a table of bindings")
    return parsed


def to_rdflib(t: Term) -> Node:
    """A plain result term as an rdflib term."""
    if t[0] == "uri":
        return URIRef(t[1])
    if t[0] == "bnode":
        return BNode(t[1])
    if t[3]:
        return Literal(t[1], lang=t[3])
    return Literal(t[1], datatype=None if t[2] == _XSD_STRING else URIRef(t[2]))


def to_ox(n: Node) -> OxTerm:
    """An rdflib term as a pyoxigraph term (:class:`StoreError` for a variable or other non-RDF term)."""
    if isinstance(n, URIRef):
        return ox.NamedNode(str(n))
    if isinstance(n, BNode):
        return ox.BlankNode(str(n))
    if isinstance(n, Literal):
        if n.language:
            return ox.Literal(str(n), language=n.language)
        if n.datatype and str(n.datatype) != _RDF_LANG:
            return ox.Literal(str(n), datatype=ox.NamedNode(str(n.datatype)))
        return ox.Literal(str(n))
    raise StoreError(f"unsupported RDF term {n!r}")



def triple_of(s: OxTerm, p: OxTerm, o: OxTerm) -> ox.Triple:
    """A pyoxigraph triple; :class:`StoreError` when the subject is a literal or the predicate no IRI."""
    if isinstance(s, ox.Literal) or not isinstance(p, ox.NamedNode):
        raise StoreError(f"not an RDF triple: {s} {p} {o}")
    return ox.Triple(s, p, o)
