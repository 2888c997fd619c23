"""What every command reads, read one way: a disclosure (PDF or its text extraction) or RDF (Turtle, N-Triples,
JSON-LD, RDF/XML, N-Quads, TriG).

    doc = read_document("x.pdf")          # PDF / text → Document        (inspect; ingest, validate go through it)
    graph = read_graph("x.ttl")           # RDF as is; PDF / text parsed and mapped (tables, inspect of RDF)
    ds = read_dataset(["a.pdf", "b.ttl"]) # one named graph per document (query)

Unusable input — a missing file, a directory where a file is needed, an empty file, bytes that are neither PDF nor
UTF-8 text nor the RDF their name says, an unreadable PDF — raises :class:`InputError` with one line that names the
file; the commands print it and exit 2. Paths are resolved against the current directory before anything else
(rdflib resolves a relative name against the parent of the current directory).

A single PDF on a terminal reports its pages as it reads them (:func:`page_reporter`, the hook of
:func:`budgetkg.ingest.extract.pdf.page_progress`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TextIO

from budgetkg.ingest.errors import IngestError
from budgetkg.ingest.iri import DEFAULT_BASE
from budgetkg.ontology.formats import FORMATS

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

    from budgetkg.ingest.identity import Given
    from budgetkg.ingest.model import Document

Kind = Literal["pdf", "text", "rdf"]
RDF_FORMATS = {ext: f.rdflib for f in FORMATS if f.kind in ("graph", "dataset") and f.rdflib for ext in f.extensions}
DATASET_FORMATS = {ext: f.rdflib for f in FORMATS if f.kind == "dataset" and f.rdflib for ext in f.extensions}
TURTLE_STARTS = ("@prefix", "@base", "prefix ", "base ")
ONE_LINE = 300  # longest message kept from a library's error


class InputError(Exception):
    """Input a command cannot use (exit 2). ``str()`` is one line, ``{source}: {reason}``; ``code`` is its problem
    code (:mod:`budgetkg.ingest.problems`)."""

    def __init__(self, source: str, reason: str, code: str = "file-unreadable", error: IngestError | None = None):
        super().__init__(one_line(str(error) if error is not None else f"{source}: {reason}"))
        self.source = source
        self.reason = one_line(reason)
        self.code = code
        self.error = error

    @classmethod
    def of(cls, exc: IngestError) -> InputError:
        return cls(exc.source, exc.reason, exc.code, exc)

    def ingest_error(self) -> IngestError:
        """The same condition as an :class:`IngestError` (for the report of an unreadable file)."""
        return self.error or IngestError(Path(self.source).name, self.reason, code=self.code)


def one_line(text: str) -> str:
    """A (library's) message on one line, cut to a readable length."""
    joined = " ".join(ln.strip() for ln in str(text).splitlines() if ln.strip())
    return joined if len(joined) <= ONE_LINE else joined[: ONE_LINE - 1] + "…"


@dataclass(frozen=True)
class Input:
    """A file a command may read: its absolute path, the name it is reported by, and what it holds."""

    path: Path
    name: str
    kind: Kind
    rdf_format: str | None = None  # rdflib's parser name, for RDF

    def read_bytes(self) -> bytes:
        try:
            return self.path.read_bytes()
        except OSError as exc:
            raise InputError(self.name, f"cannot read file: {exc.strerror or exc}") from None


def classify(name: str | os.PathLike[str]) -> Input:
    """What the file ``name`` holds, from its name and first bytes; :class:`InputError` when it cannot be used."""
    shown = str(name)
    path = Path(name).expanduser()
    path = path if path.is_absolute() else Path.cwd() / path
    if not path.exists():
        raise InputError(shown, "no such file", "file-unreadable")
    if path.is_dir():
        raise InputError(shown, "is a directory; give a file (PDF, text extraction or RDF)", "file-unreadable")
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise InputError(shown, f"cannot read file: {exc.strerror or exc}", "file-unreadable") from None
    if not head:
        raise InputError(shown, "empty file (0 bytes)", "empty-file")
    suffix = path.suffix.lower()
    if suffix == ".pdf" or head.lstrip()[:5] == b"%PDF-":
        return Input(path, shown, "pdf")
    if suffix in RDF_FORMATS:
        return Input(path, shown, "rdf", RDF_FORMATS[suffix])
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(tuple(s.encode() for s in TURTLE_STARTS)):
        return Input(path, shown, "rdf", "turtle")  # Turtle under another name (a .txt, no suffix)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not a character cut by the end of the 1024 bytes read
            raise InputError(shown, f"not UTF-8 text (byte {exc.start}); expected a PDF, its text extraction or RDF",
                             "not-utf8") from None
    return Input(path, shown, "text")


# -- progress of a single long PDF ----------------------------------------------------------------------------

def page_reporter(name: str, stream: TextIO | None = None) -> Callable[[int, int], None] | None:
    """A ``\\r第 N/M 页`` line on ``stream`` (stderr) while a PDF is read, or None when it is not a terminal."""
    out = stream or sys.stderr
    if not (hasattr(out, "isatty") and out.isatty()):
        return None

    def report(page: int, pages: int) -> None:
        end = "\r\033[K" if page >= pages else ""  # the line is erased once the last page is read
        out.write(f"\r{name}: 第 {page}/{pages} 页 · page {page} of {pages}{end}")
        out.flush()

    return report


@contextmanager
def pages_shown(name: str, kind: Kind, show: bool = True) -> Iterator[None]:
    """Report the pages of the PDF ``name`` on a terminal while the block reads it."""
    report = page_reporter(name) if show and kind == "pdf" else None
    if report is None:
        yield
        return
    from budgetkg.ingest.extract.pdf import page_progress

    try:
        with page_progress(report):
            yield
    finally:
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()


# -- reading -----------------------------------------------------------------------------------------------------

def read_document(name: str | Input, given: Given | None = None, *, progress: bool = True) -> Document:
    """A disclosure (PDF or text) as a :class:`Document`; RDF is refused (it is a graph: :func:`read_graph`)."""
    from budgetkg.ingest import parse_document

    item = name if isinstance(name, Input) else classify(name)
    if item.kind == "rdf":
        raise InputError(item.name, "is RDF, not a disclosure (PDF or text)", "not-a-disclosure")
    try:
        with pages_shown(item.name, item.kind, progress):
            return parse_document(item.path, name=Path(item.name).name, given=given)
    except IngestError as exc:
        raise InputError.of(exc) from None


def parse_rdf(item: Input, into: Graph | None = None) -> Graph:
    """The RDF file ``item`` as a graph, or added to ``into`` (a :class:`Dataset` keeps N-Quads' graphs)."""
    from rdflib import Dataset, Graph

    data = item.read_bytes()
    if into is None:
        into = Dataset(default_union=True) if item.rdf_format in DATASET_FORMATS.values() else Graph()
    graph = into
    before = len(graph)
    try:
        graph.parse(data=data, format=item.rdf_format, publicID=item.path.as_uri())
    except Exception as exc:  # noqa: BLE001 - rdflib raises many types for bad syntax
        reason = one_line(str(exc).replace("<>", "").replace(" of :", ":")) or type(exc).__name__
        raise InputError(item.name, f"not valid RDF ({item.rdf_format}): {reason}", "rdf-unreadable") from None
    if len(graph) == before:
        raise InputError(item.name, "holds no RDF triples", "rdf-unreadable")
    return graph


def read_graph(name: str | Input, given: Given | None = None, base: str = DEFAULT_BASE, *,
               progress: bool = True) -> Graph:
    """A document's graph: an RDF file as it is, a disclosure parsed and mapped under ``base``."""
    from rdflib import Dataset, Graph

    item = name if isinstance(name, Input) else classify(name)
    if item.kind == "rdf":
        graph = parse_rdf(item)
        if isinstance(graph, Dataset):  # N-Quads / TriG: the union of its graphs
            merged = Graph()
            for triple in graph.triples((None, None, None)):
                merged.add(triple)
            return merged
        return graph
    from budgetkg.ingest import to_graph

    return to_graph(read_document(item, given, progress=progress), base)


def document_iris(graph: Graph) -> list[str]:
    """The budget documents a graph describes."""
    from rdflib.namespace import RDF

    from budgetkg.ingest.vocab import CNB

    return sorted(str(d) for d in graph.subjects(RDF.type, CNB.BudgetDocument))


def require_document(graph: Graph, item: Input) -> None:
    """:class:`InputError` unless ``graph`` describes a budget document (RDF that is no document's graph)."""
    if not document_iris(graph):
        raise InputError(item.name, "holds no budget document (no cnb:BudgetDocument); give a disclosure (PDF or "
                                    "text) or the RDF budgetkg ingest wrote", "not-a-disclosure")


def read_dataset(names: list[str], given: Given | None = None, base: str = DEFAULT_BASE,
                 extra: list[tuple[str, Graph]] | None = None) -> Dataset:
    """Files as the server's store lays them out: one named graph per document (named by the document IRI), the
    default graph their union. Disclosures are parsed and mapped; N-Quads / TriG keep their own graphs."""
    from rdflib import Dataset

    from budgetkg.ingest.query import add_graph
    from budgetkg.ingest.vocab import PREFIXES

    ds = Dataset(default_union=True)
    items = [classify(n) for n in names]  # every name checked before the first (slow) PDF is read
    for item in items:
        if item.kind == "rdf" and item.rdf_format in DATASET_FORMATS.values():
            parse_rdf(item, into=ds)  # N-Quads / TriG keep their own graphs
            continue
        g = read_graph(item, given, base, progress=len(items) == 1)
        docs = document_iris(g)
        add_graph(ds, docs[0] if len(docs) == 1 else item.path.as_uri(), g)
    for name, g in extra or []:
        add_graph(ds, name, g)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    return ds


# -- ingest of any input, in a batch worker -----------------------------------------------------------------------

def ingest_any(path: str, out: str, fmt: str, base: str, given: Given | None = None):
    """:func:`budgetkg.ingest.batch.ingest_one` for what every command reads: a disclosure is parsed and mapped,
    RDF (a document graph) is written in ``fmt``; unusable input is an outcome, never an exception."""
    from budgetkg.ingest.batch import Outcome, ingest_one
    from budgetkg.ingest.serialize import serialize_triples

    try:
        item = classify(path)
        if item.kind != "rdf":
            return ingest_one(str(item.path), out, fmt, base, given=given)
        graph = read_graph(item)
        require_document(graph, item)
        data = serialize_triples(graph, fmt, base)
    except InputError as exc:
        return Outcome(path, False, str(exc))
    tmp = Path(out).with_name(Path(out).name + ".part")
    tmp.write_text(data, encoding="utf-8")
    os.replace(tmp, out)
    return Outcome(path, True, out, len(graph))


# -- inspect of a graph --------------------------------------------------------------------------------------------

_DOCUMENT = """SELECT ?doc ?unit ?year ?scope ?phase WHERE {
  ?doc a cnb:BudgetDocument .
  OPTIONAL { ?doc cnb:unit/skos:prefLabel ?unit }
  OPTIONAL { ?doc cnb:fiscalYear ?year }
  OPTIONAL { ?doc cnb:scope ?scope }
  OPTIONAL { ?doc cnb:phase ?phase }
} ORDER BY ?doc LIMIT 1"""


def graph_summary(graph: Graph, item: Input) -> dict[str, Any]:
    """What ``inspect`` says of a document graph (RDF input): identity and tables as the graph states them. The
    identities (sums) are checked on a disclosure, not on RDF: ``budgetkg validate`` checks a graph."""
    from budgetkg.ingest.render import render_tables
    from budgetkg.ingest.vocab import PREFIXES

    require_document(graph, item)
    row = next(iter(graph.query(_DOCUMENT, initNs=dict(PREFIXES))), None)
    values = [None if v is None else str(v) for v in row] if row is not None else [None] * 5  # type: ignore[union-attr]
    doc, unit, year, scope, phase = values
    tables = render_tables(graph)
    return {
        "file": item.path.name, "document": doc, "unit": unit, "year": int(year) if year and year.isdigit() else year,
        "scope": scope.rsplit("/", 1)[-1] if scope else None, "phase": phase.rsplit("/", 1)[-1] if phase else None,
        "triples": len(graph),
        "tables": [{"label": t.label, "title": t.title, "scale": t.scale, "rows": len(t.rows),
                    "columns": len(t.header)} for t in tables],
        "identities": None,
        "notices": ["RDF input: the sums are checked when a disclosure is read; `budgetkg validate` checks this graph"],
    }


def graph_summary_text(info: dict[str, Any]) -> str:
    lines = [f"{info['file']}: {info['unit'] or '?'} · {info['year'] or '?'}年 · {info['document']} · "
             f"{info['triples']} triples"]
    lines += [f"  {t['label']:<10} {t['scale']:<3} {t['rows']} rows  {t['title']}" for t in info["tables"]]
    if not info["tables"]:
        lines.append("  no tables")
    lines += [f"  notice: {n}" for n in info["notices"]]
    return "\n".join(lines)
