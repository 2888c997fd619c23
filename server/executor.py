"""Where SPARQL queries run, and how their time is limited.

pyoxigraph cannot cancel a running query. So by default (``query_workers > 0`` and an on-disk store) each
query runs in one of a few worker *processes*, each holding a read-only snapshot of the store that it
reopens after every write. When a query passes ``query_timeout`` the server answers 503 at once and
kills that worker (a fresh one is started), so a runaway query costs no CPU afterwards.

With an in-memory store, a remote SPARQL store (the remote server enforces its own timeout) or
``query_workers = 0``, queries run in threads of the server process: the
timeout is then enforced on the response (503 at the deadline) and, cooperatively, while result rows
are produced; a query blocked inside one long aggregation keeps its thread until it finishes.

Every evaluation runs in a worker process or a worker thread, under the timeout: never on the server's event loop,
where no timeout could stop it (the cost of a query is not known before it runs: the same text can take 1 ms or
minutes, with ``RAND()`` or ``NOW()`` in it, or after a write). Evaluation threads have a 1 GiB stack (address
space, not memory), so that no query the size and depth bounds let through (:mod:`server.sparql_syntax`) can
overflow the engine's recursive evaluator; with the usual 8 MiB, a chain of 550 OPTIONALs did.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from . import negotiation as neg
from .results import BINDING_WRITERS, QueryTimeout, boolean, fit_bytes, take
from .store import GraphStore, OxigraphStore, QuerySyntaxError, StoreError


@dataclass
class QueryJob:
    sparql: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    accept: str | None = None
    fmt: str | None = None
    row_cap: int = 10_000
    base_iri: str | None = None
    byte_cap: int = 50_000_000


@dataclass
class Outcome:
    status: int
    media_type: str = "application/json"
    body: bytes = b""
    truncated: bool = False
    cut_by: str = ""  # "row_cap" or "max_response_bytes" when truncated
    error: str = ""  # for status >= 400: the message for the client
    kind: str = ""
    seconds: float = 0.0  # evaluation and serialization
    where: str = ""  # thread or process


def execute(store: GraphStore, job: QueryJob, deadline: float | None = None) -> Outcome:
    """Run one query and serialize its result in the negotiated format (never raises for bad input)."""
    start = time.perf_counter()
    outcome = _evaluate(store, job, deadline)
    outcome.seconds = time.perf_counter() - start
    return outcome


def _evaluate(store: GraphStore, job: QueryJob, deadline: float | None) -> Outcome:
    try:
        result = store.query(job.sparql, job.default_graphs or None, job.named_graphs or None, job.base_iri)
        if result.kind == "boolean":
            media = neg.negotiate(job.accept, job.fmt, neg.BOOLEAN)
            if media is None:
                return _not_acceptable(neg.BOOLEAN, "boolean")
            return Outcome(200, media, boolean(result.boolean, media), kind="boolean")
        if result.kind == "bindings":
            media = neg.negotiate(job.accept, job.fmt, neg.BINDINGS)
            if media is None:
                return _not_acceptable(neg.BINDINGS, "bindings")
            body = result.serialize_bindings(media, job.row_cap, deadline, job.byte_cap)
            if body is not None:  # at most row_cap rows in byte_cap bytes, written by the store itself
                return Outcome(200, media, body, kind="bindings")
            rows, truncated = take(result.rows, job.row_cap, deadline)
            cut_by = "row_cap" if truncated or getattr(result, "truncated", False) else ""  # or a remote store's cap
            write = BINDING_WRITERS[media]
            body, cut = fit_bytes(lambda part, more: write(result.variables, part, more), rows, job.byte_cap,
                                  bool(cut_by) or result.bytes_cut)
            cut_by = "max_response_bytes" if cut or result.bytes_cut else cut_by
            return Outcome(200, media, body, bool(cut_by), cut_by, kind="bindings")
        media = neg.negotiate(job.accept, job.fmt, neg.GRAPH, graph=True)
        if media is None:
            return _not_acceptable(neg.GRAPH, "graph")
        body, truncated = result.serialize_graph(media, job.row_cap, job.byte_cap)
        return Outcome(200, media, body, truncated, "row_cap" if truncated else "", kind="graph")
    except QuerySyntaxError as exc:
        message = str(exc)
        return Outcome(400, error=f"SPARQL syntax error: {message[:300]}{' …' if len(message) > 300 else ''}",
                       kind="syntax")
    except QueryTimeout as exc:  # a remote store says why (its message names the limit)
        return Outcome(503, error=str(exc) or "query timeout", kind="timeout")
    except (StoreError, OSError, ValueError, RuntimeError) as exc:
        return Outcome(500, error=f"query evaluation failed: {exc}", kind="evaluation")


def _not_acceptable(offered: list[str], kind: str) -> Outcome:
    return Outcome(406, error=f"no acceptable format for a {kind} result; offered: {', '.join(offered)}", kind="406")


STACK_BYTES = 1 << 30  # evaluation threads' stack: reserved address space, used only as deep as a query goes
_STACK_LOCK = threading.Lock()


class DeepStackThreads(ThreadPoolExecutor):
    """A thread pool whose threads have a :data:`STACK_BYTES` stack (other threads keep the default)."""

    def _adjust_thread_count(self) -> None:
        with _STACK_LOCK:
            previous = threading.stack_size(STACK_BYTES)
            try:
                super()._adjust_thread_count()
            finally:
                threading.stack_size(previous)


class Executor:
    """Runs jobs in threads with a timeout (see the module docstring)."""

    mode = "thread"

    def __init__(self, store: GraphStore, timeout: float, threads: int = 8):
        self.store = store
        self.timeout = timeout
        self._threads = DeepStackThreads(max_workers=threads, thread_name_prefix="budgetkg-query")

    async def run(self, job: QueryJob) -> Outcome:
        """The job's outcome, from a worker thread or process, within the timeout."""
        return await self._dispatch(job)

    async def _dispatch(self, job: QueryJob) -> Outcome:
        deadline = time.monotonic() + self.timeout
        running = asyncio.get_running_loop().run_in_executor(self._threads, execute, self.store, job, deadline)
        try:  # a future, not a coroutine: wait_for needs no task of its own
            outcome = await asyncio.wait_for(running, self.timeout)
        except TimeoutError:
            return _timeout(self.timeout)
        outcome.where = "thread"
        return outcome

    def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)


def _timeout(seconds: float) -> Outcome:
    return Outcome(503, error=f"query exceeded the time limit of {seconds:g} s (setting query_timeout)", kind="timeout")


def _worker_main(conn: Connection, path: str) -> None:  # runs in a spawned process
    """The worker's loop, in a thread with a deep stack (the process's main thread has the default 8 MiB)."""
    threading.stack_size(STACK_BYTES)
    loop = threading.Thread(target=_worker_loop, args=(conn, path), name="budgetkg-sparql")
    loop.start()
    loop.join()


def _worker_loop(conn: Connection, path: str) -> None:
    store: OxigraphStore | None = None
    generation = -1
    while True:
        try:
            gen, job = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        try:
            if gen != generation or store is None:
                store = None
                store = _open_snapshot(path)
                generation = gen
            outcome = execute(store, job)
            if outcome.kind == "evaluation":  # a snapshot opened mid-write can fail: reopen once and retry
                store = _open_snapshot(path)
                outcome = execute(store, job)
        except StoreBusy as exc:
            outcome = Outcome(503, error=f"the store is being written; retry shortly ({exc})", kind="busy")
        conn.send(outcome)


class StoreBusy(Exception):
    """A read-only snapshot could not be opened while a writer was compacting the store."""


def _open_snapshot(path: str, attempts: int = 20) -> OxigraphStore:
    """A read-only snapshot. RocksDB may report files that a concurrent compaction just removed
    ("Corruption: … No such file"), as OSError or RuntimeError: such an open is retried."""
    for attempt in range(attempts):
        try:
            return OxigraphStore(path, read_only=True)
        except (OSError, RuntimeError) as exc:
            if attempt == attempts - 1:
                raise StoreBusy(str(exc)[:200]) from None
            time.sleep(0.02 * (attempt + 1))
    raise AssertionError("unreachable")


class _Worker:
    def __init__(self, ctx: mp.context.SpawnContext, path: str):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, path), daemon=True, name="budgetkg-sparql")
        self.process.start()
        child.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


async def wait_readable(conn: Connection, timeout: float) -> bool:
    """Wait on the event loop (no thread) until ``conn`` has data or is closed; False after ``timeout`` seconds.
    The socket is left blocking, as ``Connection.recv`` needs (uvloop's ``add_reader`` makes it non-blocking)."""
    loop = asyncio.get_running_loop()
    ready = loop.create_future()
    fd = conn.fileno()

    def mark_ready() -> None:
        if not ready.done():
            ready.set_result(True)

    loop.add_reader(fd, mark_ready)
    try:
        return await asyncio.wait_for(ready, timeout)
    except TimeoutError:
        return False
    finally:
        loop.remove_reader(fd)
        os.set_blocking(fd, True)


class ProcessExecutor(Executor):
    """A pool of killable worker processes over read-only snapshots of an on-disk store."""

    mode = "process"

    def __init__(self, store: OxigraphStore, timeout: float, workers: int):
        super().__init__(store, timeout, threads=1)
        assert store.path is not None
        self.path = store.path
        self._ctx = mp.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: list[_Worker] = [_Worker(self._ctx, self.path) for _ in range(workers)]

    def _queue(self) -> asyncio.Queue[_Worker]:
        if self._idle is None:  # created lazily inside the server's event loop
            self._idle = asyncio.Queue()
            for w in self._all:
                self._idle.put_nowait(w)
        return self._idle

    async def _dispatch(self, job: QueryJob) -> Outcome:
        queue = self._queue()
        start = time.monotonic()
        try:
            worker = await asyncio.wait_for(queue.get(), self.timeout)
        except TimeoutError:
            return _timeout(self.timeout)
        remaining = max(0.01, self.timeout - (time.monotonic() - start))
        outcome: Outcome | None = None
        ready = False
        try:
            worker.conn.send((self.store.generation, job))
            ready = await wait_readable(worker.conn, remaining)
            if ready:
                outcome = worker.conn.recv()
        except (EOFError, OSError):
            ready = True  # the worker died
        finally:
            if outcome is not None:
                queue.put_nowait(worker)
            else:  # timed out, died, or the request was cancelled: kill it so the query stops using CPU
                self._replace(worker)
        if outcome is not None:
            outcome.where = "process"
            return outcome
        if ready:
            return Outcome(503, error="the query worker stopped unexpectedly; please retry", kind="worker")
        return _timeout(self.timeout)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        fresh = _Worker(self._ctx, self.path)
        self._all = [w for w in self._all if w is not worker] + [fresh]
        self._queue().put_nowait(fresh)

    def close(self) -> None:
        for w in self._all:
            w.kill()
        self._all = []
        super().close()


def make_executor(store: GraphStore, timeout: float, workers: int) -> Executor:
    """Worker processes for an on-disk embedded store (``workers > 0``), else threads."""
    if workers > 0 and isinstance(store, OxigraphStore) and store.path:
        return ProcessExecutor(store, timeout, workers)
    return Executor(store, timeout)
