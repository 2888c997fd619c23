"""``budgetkg load DIR --jobs N``: parallel, resumable batch load of many documents into one store.

Worker processes each take one file at a time: read it, parse and map it (``ingest``; RDF files are parsed
as they are), validate the graph (``ingest.validate.validate_document``) and send
back its N-Triples. The parent process is the only writer (an on-disk Oxigraph store allows one writer
process): it puts each document in its own named graph. At most ``2 × jobs`` documents are in flight, so
memory stays flat whatever the number of files.

Resumable: the SHA-256 of every loaded file is stored in its document graph (``cnb:sha256`` of the
``cnb:SourceFile``, which ``ingest`` writes for PDF and text; for an RDF file the loader adds a
``cnb:SourceFile`` node for the file itself). A file whose checksum is already in the store is skipped
without being read by a worker; a changed file replaces its document's graph.

One bad file never stops the batch (:func:`ingest.runner.run_each`: a worker that dies fails only its own file):
failures and validation findings are collected and summarised.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Generator, Iterable
from contextlib import closing
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from budgetkg.ingest.errors import IngestError
from budgetkg.ingest.identity import Given
from budgetkg.ingest.runner import Item, run_each
from budgetkg.ontology import namespaces

from .documents import RDF_SUFFIXES, DocumentError
from .store import GraphStore, OxigraphStore
from .upload_worker import block_network

CNB = str(namespaces.CNB)
DISCLOSURE_SUFFIXES = {".txt", ".pdf"}
SUFFIXES = DISCLOSURE_SUFFIXES | set(RDF_SUFFIXES)
CHECKSUMS = f"SELECT DISTINCT ?sha WHERE {{ ?file a <{CNB}SourceFile> ; <{CNB}sha256> ?sha }}"
MAX_MESSAGES = 5  # validation messages kept per document

if TYPE_CHECKING:
    from budgetkg.ingest.report import Report


@dataclass
class Result:
    """What a worker sends back for one file."""

    path: str
    sha256: str
    ok: bool = False
    graph: str = ""  # document IRI = named graph
    data: bytes = b""  # N-Triples of the document graph
    triples: int = 0
    error: str = ""
    unusable: bool = False  # the error is the file's: it could not be read (exit 2), not a refused document (1)
    conforms: bool | None = None  # None: not validated
    messages: list[str] = field(default_factory=list)  # the first violations: headlines(report)
    report: dict[str, Any] | None = None  # the validation report (Report.to_dict()), kept for the document page
    seconds: float = 0.0


@dataclass
class Summary:
    """The outcome of one batch load."""

    files: int = 0
    loaded: int = 0
    skipped: int = 0  # unchanged (checksum already stored) or duplicate content
    triples: int = 0
    seconds: float = 0.0
    jobs: int = 1
    compact_seconds: float = 0.0
    validated: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    unusable: list[str] = field(default_factory=list)  # the failed files that could not be read at all
    invalid: list[tuple[str, list[str]]] = field(default_factory=list)
    validation: str = "on"  # on | off
    stopped: str = ""  # why the batch stopped early (the store could not be written: a full disk …)
    crossdoc: dict = field(default_factory=dict)  # the cross-document checks of the documents loaded (issue 17)

    @property
    def rate(self) -> float:
        return self.loaded / self.seconds if self.seconds else 0.0

    @property
    def status(self) -> int:
        """The exit status every command uses: 2 when a file could not be read (unusable input), 1 when a document
        was refused or does not validate, or the store could not be written."""
        if self.unusable:
            return 2
        return 1 if self.failed or self.invalid or self.stopped else 0


class StoreWriteError(Exception):
    """The store could not be written (a full disk, an I/O error): further writes would fail too."""


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """The files to load: files as given, directories searched recursively for supported suffixes."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES))
        else:
            out.append(p)
    return out


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def stored_checksums(store: GraphStore) -> set[str]:
    """SHA-256 digests of the source files whose documents are in the store."""
    result = store.query(CHECKSUMS)
    return {row[0][1] for row in result.rows if row[0] is not None}


def headlines(report: Report) -> list[str]:
    """The first violations of a report that does not conform, as ``code: message`` (in English)."""
    return [f"{f.rule}: {f.message('en')}" for f in report.violations[:MAX_MESSAGES]]


def _graph_of(path: Path, data: bytes, sha: str, base: str, given: Given | None = None) -> tuple[str, Graph]:
    """(document IRI, rdflib graph) of one file; ``given`` completes a unit or year it does not state."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS, PROV, RDF

    from .documents import check_scope, document_iri, parse_rdf, rdf_format

    fmt = rdf_format(path.name, None)
    if fmt is None:
        from budgetkg.ingest import to_graph
        from budgetkg.ingest.api import parse_bytes
        from budgetkg.ingest.iri import IRIs

        doc = parse_bytes(data, path.name, given=given, path=str(path))
        name, graph = str(IRIs(doc, base).document), to_graph(doc, base)
        check_scope(graph, name, base, str(path))
        return name, graph
    try:
        graph = parse_rdf(data, fmt, path.name)
    except DocumentError as exc:  # the file is not the RDF its name says: unusable, in one line
        unreadable = DocumentError(next((ln for ln in str(exc).splitlines() if ln.strip()), str(exc)))
        unreadable.unreadable = True  # type: ignore[attr-defined]
        raise unreadable from None
    found = document_iri(graph, base)
    if found is None:
        raise DocumentError(f"{path}: no document IRI of the form {base}id/doc/<unit>/<year>/<phase> in it")
    name = found
    check_scope(graph, name, base, str(path))
    source = URIRef(f"{base}id/file/{sha}")
    graph.add((source, RDF.type, URIRef(CNB + "SourceFile")))
    graph.add((source, URIRef(CNB + "sha256"), Literal(sha)))
    graph.add((source, DCTERMS.title, Literal(path.name)))
    graph.add((URIRef(name), PROV.wasDerivedFrom, source))
    return name, graph


def process(path: str, base: str, validate: bool, given: Given | None = None) -> Result:
    """Read, parse, map, validate and serialise one file (runs in a worker; never raises). ``given``: the
    ``--unit``/``--year`` options and the batch's files, for a file that does not state its unit or year."""
    start = time.monotonic()
    p = Path(path)
    result = Result(path=path, sha256="")
    try:
        data = p.read_bytes()
        result.sha256 = hashlib.sha256(data).hexdigest()
        result.graph, graph = _graph_of(p, data, result.sha256, base, given)
        if validate:
            from budgetkg.ingest.validate import validate_document  # the parent process need not load SHACL

            report = validate_document(graph, source=p.name)
            result.conforms, result.messages = report.conforms, headlines(report)
            result.report = report.to_dict()
        result.data = graph.serialize(format="nt", encoding="utf-8")
        result.triples = len(graph)
        result.ok = True
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop a batch
        known = (IngestError, DocumentError, OSError)
        result.error = str(exc) if isinstance(exc, known) else f"{p.name}: {type(exc).__name__}: {exc}"
        result.unusable = isinstance(exc, IngestError | OSError) or getattr(exc, "unreadable", False)
    result.seconds = time.monotonic() - start
    return result


class Writer:
    """The single writer: replaces one named graph per document.

    On the embedded store, Oxigraph parses the N-Triples itself, and the store is flushed after every
    ``FLUSH_BYTES`` written: otherwise RocksDB keeps the writes in memory tables that grow by about 4 MB per
    document (2 GiB after 500 documents) instead of staying near 300 MB.
    """

    FLUSH_BYTES = 32 << 20

    def __init__(self, store: GraphStore):
        self.store = store
        self.native = getattr(store, "_store", None) if isinstance(store, OxigraphStore) else None
        self.unflushed = 0

    def write(self, name: str, ntriples: bytes) -> None:
        """Replace the named graph ``name`` with the N-Triples ``ntriples``, in one transaction: a crash leaves the
        old graph or the new one, never an empty or half-written one. Raises :class:`StoreWriteError` when the
        store cannot be written at all (OSError: a full disk, an I/O error)."""
        try:
            if self.native is None:
                self.store.replace_ntriples(name, ntriples)
                return
            body = ntriples.decode("utf-8")
            self.native.update(f"DROP SILENT GRAPH <{name}> ; INSERT DATA {{ GRAPH <{name}> {{ {body} }} }}")
        except OSError as exc:
            raise StoreWriteError(str(exc)) from None
        self.store.generation += 1
        self.unflushed += len(ntriples)
        if self.unflushed >= self.FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        if self.native is not None and self.unflushed:
            try:
                self.native.flush()
            except OSError as exc:
                raise StoreWriteError(str(exc)) from None
            self.unflushed = 0


def crashed(item: Item) -> Result:
    """The result of a file whose worker process died."""
    return Result(path=item[0], sha256="", error=f"{item[0]}: the worker process died reading it", unusable=True)


def _results(files: list[Path], base: str, validate: bool, jobs: int, task: Callable[..., Result] = process,
             progress: bool | None = False) -> Generator[Result, None, None]:
    """Results as workers finish them (:func:`ingest.runner.run_each`, network blocked in the workers)."""
    return run_each(task, ((str(f), base, validate) for f in files), workers=jobs, crashed=crashed,
                    total=len(files), desc="load", progress=progress, initializer=block_network)


def batch_load(
    store: GraphStore, paths: Iterable[str | Path], base: str, *, jobs: int | None = None, validate: bool = True,
    reject_invalid: bool = False, progress: bool | None = None, echo: Callable[[str], None] | None = None,
    unit: str | None = None, year: int | None = None,
) -> Summary:
    """Load every file under ``paths`` into ``store``; see the module docstring. ``unit``/``year`` complete files
    that do not state them; a tables-only file finds its companion among all files found (ingest.identity)."""
    start = time.monotonic()
    jobs = max(1, jobs or os.cpu_count() or 1)
    files = discover(paths)
    summary = Summary(files=len(files), jobs=jobs)
    if not validate:
        summary.validation = "off"
    known = stored_checksums(store)
    todo: list[Path] = []
    for f in files:
        try:
            sha = file_sha256(f)
        except OSError as exc:
            summary.failed.append((str(f), f"{f}: cannot read file: {exc.strerror or exc}"))
            summary.unusable.append(str(f))
            continue
        if sha in known:
            summary.skipped += 1
        else:
            known.add(sha)  # a second file with the same bytes is skipped too
            todo.append(f)
    written: dict[str, str] = {}
    writer = Writer(store)
    evidence = Evidence(store)
    task = partial(process, given=Given(unit, year, tuple(str(f) for f in files)))
    try:
        with closing(_results(todo, base, validate, min(jobs, max(1, len(todo))), task, progress)) as results:
            for result in results:
                if _take(writer, result, summary, written, reject_invalid, echo):
                    evidence.keep(result)
        writer.flush()
        _finish(store, summary)
        if validate and written:
            from .crossdoc import check_documents

            summary.crossdoc = check_documents(store, written).to_dict()
    except StoreWriteError as exc:
        summary.stopped = (f"the store could not be written ({exc}); stopped after {summary.loaded} of "
                           f"{len(todo)} documents. Free disk space and run the same command again: the documents "
                           "already loaded are skipped")
    finally:
        evidence.close()
    summary.seconds = time.monotonic() - start
    return summary


class Evidence:
    """What the pages show beside a loaded document: its source file (the page images) and its validation report
    (the findings), kept beside an on-disk store (:mod:`server.sources`, :mod:`server.findings`)."""

    def __init__(self, store: GraphStore):
        from .findings import FindingsCache

        self.store = store
        self.findings = FindingsCache(store) if isinstance(store, OxigraphStore) and store.path else None

    def keep(self, result: Result) -> None:
        from .sources import keep_source

        if self.findings is None:
            return
        try:
            keep_source(self.store, Path(result.path).read_bytes(), Path(result.path).suffix.lower())
        except OSError:  # the file went away after it was read: its pages show no image
            pass
        if result.report is not None:
            self.findings.remember(result.graph, result.report)

    def close(self) -> None:
        if self.findings is not None:
            self.findings.close()


def _finish(store: GraphStore, summary: Summary) -> None:
    """The vocabulary graph, then compaction (raises :class:`StoreWriteError` when the store cannot be written)."""
    from .vocabulary_graph import ensure_vocabulary

    try:
        ensure_vocabulary(store, compact=not summary.loaded)  # code lists' labels beside the documents
        if summary.loaded and isinstance(store, OxigraphStore) and store.path:
            compacting = time.monotonic()
            store.optimize()  # compact the many small writes, as a bulk load would leave the store
            summary.compact_seconds = time.monotonic() - compacting
    except OSError as exc:
        raise StoreWriteError(str(exc)) from None


def _take(writer: Writer, result: Result, summary: Summary, written: dict[str, str], reject_invalid: bool,
          echo: Callable[[str], None] | None) -> bool:
    """Write one result's graph into the store; True when it was written."""
    if not result.ok:
        summary.failed.append((result.path, result.error))
        if result.unusable:
            summary.unusable.append(result.path)
        return False
    if result.conforms is not None:
        summary.validated += 1
        if not result.conforms:
            summary.invalid.append((result.path, result.messages))
            if reject_invalid:
                return False
    if result.graph in written:
        summary.failed.append((result.path, f"{result.path}: same document {result.graph} as {written[result.graph]}; "
                                            "it replaced that one"))
    try:
        writer.write(result.graph, result.data)
    except StoreWriteError as exc:
        summary.failed.append((result.path, f"{result.path}: could not be stored: {exc}"))
        raise
    except Exception as exc:  # noqa: BLE001 - a store error on one graph must not stop the batch
        summary.failed.append((result.path, f"{result.path}: could not be stored: {exc}"))
        return False
    written[result.graph] = result.path
    summary.loaded += 1
    summary.triples += result.triples
    if echo:
        echo(f"{result.graph}\t{result.triples}")
    return True


def print_summary(summary: Summary, out=None, limit: int = 20) -> None:
    """The human summary: counts, throughput, then the first ``limit`` failures and invalid documents."""
    out = out or sys.stderr
    print(f"loaded {summary.loaded} of {summary.files} files ({summary.skipped} unchanged, skipped; "
          f"{len(summary.failed)} failed) · {summary.triples:,} triples · {summary.seconds:.1f} s · "
          f"{summary.rate:.2f} documents/s · {summary.jobs} worker(s)"
          + (f" · store compacted in {summary.compact_seconds:.1f} s" if summary.compact_seconds else ""), file=out)
    if summary.stopped:
        print(f"STOPPED: {summary.stopped}", file=out)
    if summary.validation == "on":
        print(f"validation: {summary.validated - len(summary.invalid)} conform, {len(summary.invalid)} do not",
              file=out)
    else:
        print(f"validation: {summary.validation}", file=out)
    if summary.crossdoc:
        totals = {k: sum(o[k] for o in summary.crossdoc["outcomes"].values()) for k in ("holds", "fails", "undetermined")}
        print(f"cross-document checks: {totals['holds']} hold, {totals['fails']} fail, {totals['undetermined']} cannot "
              "be determined", file=out)
        for f in summary.crossdoc["findings"][:limit]:
            print(f"  {f['severity'].upper()} {f['message_en']}", file=out)
    for path, error in summary.failed[:limit]:
        print(f"  FAILED  {error or path}", file=out)
    for path, messages in summary.invalid[:limit]:
        print(f"  INVALID {path}: {messages[0] if messages else 'does not conform'}", file=out)
    hidden = max(0, len(summary.failed) - limit) + max(0, len(summary.invalid) - limit)
    if hidden:
        print(f"  … and {hidden} more (see --report)", file=out)


def write_report(summary: Summary, path: str | Path) -> None:
    data = asdict(summary) | {"rate": summary.rate, "status": summary.status}
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
