"""Uploads (``POST /validate``, ``PUT /documents/{id}``) are read in killable worker processes with limits.

An upload is untrusted input to large parsers (pdfplumber/pdfminer, rdflib's Turtle, RDF/XML and JSON-LD readers,
SHACL validation). Each is read in a spawned worker process that

- has an address-space limit (``upload_memory_mb``, ``RLIMIT_AS``): a PDF whose streams decompress to gigabytes
  ends in a MemoryError in the worker, not in the server;
- has a wall-clock limit (``upload_timeout``): past it the worker is killed and replaced;
- reads at most ``max_pdf_pages`` pages of a PDF;
- has no network: sockets cannot connect and names do not resolve, so no parser can fetch anything;
- runs at a lower CPU priority (``nice`` 10), so queries stay fast while it works;
- is replaced after a failure, and after any job that left it larger than half its memory limit (memory a
  parser allocated is not given back to the system).

At most ``upload_workers`` uploads are read at once; a few more wait, and beyond that the server answers 503.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import resource
import socket
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from .executor import wait_readable

WAITING_PER_WORKER = 2


@dataclass
class UploadJob:
    data: bytes
    filename: str
    content_type: str | None
    base: str
    validate: bool = True
    document: str | None = None  # PUT: the document IRI the upload must describe (and stay within)


@dataclass
class UploadResult:
    status: int = 200  # 200, or the HTTP status of the failure (413, 422, 503)
    error: str = ""
    document: str | None = None
    triples: int = 0
    ntriples: bytes = b""  # PUT: the document graph
    report: dict[str, Any] | None = None  # the validation envelope (ingest.report.envelope); None: not validated
    report_turtle: bytes = b""  # the SHACL validation report graph
    seconds: float = 0.0
    peak_mb: float = 0.0


@dataclass
class Limits:
    memory_mb: int = 1024
    timeout: float = 60.0
    max_pdf_pages: int = 500
    workers: int = 1


def block_network() -> None:
    """Make this process unable to open network connections or resolve names (for parsers of untrusted files)."""

    def refuse(*args: object, **kwargs: object) -> Any:
        raise OSError("network access is disabled while reading uploads")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse
    socket.getaddrinfo = refuse


def pdf_pages(data: bytes) -> int | None:
    """The page count of a PDF (None when it cannot be told cheaply)."""
    try:
        import pypdfium2

        document = pypdfium2.PdfDocument(data)
        try:
            return len(document)
        finally:
            document.close()
    except Exception:  # noqa: BLE001 - not readable here: ingest reports it
        return None


def read_upload(job: UploadJob, limits: Limits) -> UploadResult:
    """Parse (and validate) one upload; runs in the worker. Never raises for bad input."""
    from budgetkg.ingest.report import envelope
    from budgetkg.ingest.validate import validate_document

    from .documents import DocumentError, check_scope, document_iri, graph_from_bytes, rdf_format

    start = time.monotonic()
    result = UploadResult()
    try:
        if rdf_format(job.filename, job.content_type) is None and job.data[:5] == b"%PDF-":
            pages = pdf_pages(job.data)
            if pages is not None and pages > limits.max_pdf_pages:
                return UploadResult(413, f"{job.filename}: {pages} pages, more than max_pdf_pages="
                                         f"{limits.max_pdf_pages}")
        graph = graph_from_bytes(job.data, job.filename, job.content_type, job.base)
        result.document = document_iri(graph, job.base)
        result.triples = len(graph)
        if job.document is not None:
            if result.document != job.document:
                return UploadResult(422, f"the upload describes {result.document or 'no document'}, not "
                                         f"{job.document}; PUT it to its own IRI", result.document)
            check_scope(graph, job.document, job.base, job.filename)
            result.ntriples = graph.serialize(format="nt", encoding="utf-8")
        if job.validate:
            report = validate_document(graph, source=job.filename)
            result.report = envelope([report])
            result.report_turtle = report.results_graph.serialize(format="turtle", encoding="utf-8")
    except DocumentError as exc:
        result = UploadResult(422, str(exc)[:2000], result.document)
    except MemoryError:
        result = UploadResult(413, f"{job.filename}: reading it needed more than upload_memory_mb="
                                   f"{limits.memory_mb} MB")
    except RecursionError:
        result = UploadResult(422, f"{job.filename}: nested too deeply to be read")
    result.seconds = time.monotonic() - start
    result.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _worker_main(conn: Connection, limits: Limits) -> None:  # runs in a spawned process
    os.nice(10)  # untrusted parsing yields the CPU to queries
    block_network()
    # Import the parsers before the limit: their code is shared, not the upload's to pay for.
    import pdfplumber  # noqa: F401

    from budgetkg.ingest.validate import shapes_graph

    shapes_graph()
    limit = limits.memory_mb << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        conn.send(read_upload(job, limits))


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1 << 20)
    except (OSError, ValueError, IndexError):
        return 0.0


@dataclass
class _Worker:
    process: Any
    conn: Connection
    ready: bool = False
    jobs: int = 0
    started: float = field(default_factory=time.monotonic)

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class UploadPool:
    """Worker processes for uploads, started on first use (see the module docstring)."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self._ctx = mp.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: list[_Worker] = []
        self.waiting = 0
        self.replaced = 0

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=_worker_main, args=(child, self.limits), daemon=True,
                                    name="budgetkg-upload")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._all.append(worker)
        return worker

    def _queue(self) -> asyncio.Queue[_Worker]:
        if self._idle is None:
            self._idle = asyncio.Queue()
            for _ in range(self.limits.workers):
                self._idle.put_nowait(self._start())
        return self._idle

    async def run(self, job: UploadJob) -> UploadResult:
        """The result of reading ``job`` in a worker: 503 when too many uploads wait, 413 / 422 when the worker
        failed on it (memory, time, a crash)."""
        queue = self._queue()
        if queue.empty() and self.waiting >= WAITING_PER_WORKER * self.limits.workers:
            return UploadResult(503, "too many uploads are being read; retry in a minute")
        self.waiting += 1
        try:
            worker = await queue.get()
        finally:
            self.waiting -= 1
        result: UploadResult | None = None
        try:
            if not worker.ready:  # the first job waits for the imports, which are not the upload's time
                if not await wait_readable(worker.conn, 120) or worker.conn.recv() != "ready":
                    raise EOFError
                worker.ready = True
            worker.conn.send(job)
            if await wait_readable(worker.conn, self.limits.timeout):
                result = worker.conn.recv()
            else:
                result = UploadResult(422, f"{job.filename}: reading it took longer than upload_timeout="
                                           f"{self.limits.timeout:g} s")
                raise TimeoutError
        except (EOFError, OSError, TimeoutError):
            if result is None:
                result = UploadResult(422, f"{job.filename}: the worker reading it stopped (it needed more than "
                                           f"upload_memory_mb={self.limits.memory_mb} MB, or crashed a parser)")
            self._replace(worker)
            return result
        except BaseException:  # the request was cancelled: the worker may still be busy with it
            self._replace(worker)
            raise
        worker.jobs += 1
        if result.status >= 500 or result.status == 413 or _rss_mb(worker.process.pid) > self.limits.memory_mb / 2:
            self._replace(worker)
        else:
            queue.put_nowait(worker)
        return result

    def _replace(self, worker: _Worker) -> None:
        threading.Thread(target=worker.kill, daemon=True).start()  # reaping it must not block the event loop
        self._all = [w for w in self._all if w is not worker]
        self.replaced += 1
        self._queue().put_nowait(self._start())

    def pids(self) -> list[int]:
        return [w.process.pid for w in self._all if w.process.pid]

    def close(self) -> None:
        for w in self._all:
            w.kill()
        self._all = []


