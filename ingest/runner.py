"""Run one task per file over worker processes: bounded, with a progress bar, and safe from a crashing worker.

Used by ``budgetkg ingest -o DIR`` (:mod:`ingest.batch`) and ``budgetkg load`` (:mod:`server.batch_load`).

- Workers are spawned (not forked): a worker starts from a clean interpreter, whatever threads the parent runs.
- At most ``2 × workers`` tasks are in flight, so memory stays flat whatever the number of files.
- A worker that dies (a crash in a native library, the kernel's OOM killer) breaks its pool: the tasks it held
  are run again one by one, each in a pool of its own, so that only the file that crashes fails — reported by
  ``crashed(item)`` — and a fresh pool takes the files not yet started.
- With one worker the tasks run in this process, one after the other.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import chain
from typing import Any, TypeVar

from tqdm import tqdm

R = TypeVar("R")
Item = tuple[Any, ...]  # the arguments of one task


def run_each(task: Callable[..., R], items: Iterable[Item], *, workers: int, crashed: Callable[[Item], R],
             total: int | None = None, desc: str = "", progress: bool | None = None,
             initializer: Callable[[], None] | None = None) -> Generator[R, None, None]:
    """``task(*item)`` for every item, yielded as they finish (in any order). ``crashed(item)`` stands for the
    result of an item whose worker died; ``initializer`` runs once in each worker process. The progress bar
    shows when ``progress`` is true, or (None) when stderr is a terminal."""
    bar = tqdm(total=total, unit="doc", desc=desc, disable=None if progress is None else not progress)
    try:
        if workers <= 1:
            for item in items:
                yield task(*item)
                bar.update()
            return
        for result in _pooled(task, iter(items), workers, crashed, initializer):
            bar.update()
            yield result
    finally:
        bar.close()


def _pool(workers: int, initializer: Callable[[], None] | None) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"), initializer=initializer)


def _pooled(task: Callable[..., R], queue: Iterator[Item], workers: int, crashed: Callable[[Item], R],
            initializer: Callable[[], None] | None) -> Generator[R, None, None]:
    while True:
        broken: list[Item] = []  # in flight when a worker died: one of them is the cause
        unstarted: list[Item] = []  # taken from the queue when the pool was already broken: never ran
        with _pool(workers, initializer) as pool:
            pending: dict[Future[R], Item] = {}
            try:
                for item in queue:
                    _submit(pool, task, item, pending, unstarted)
                    if len(pending) + len(unstarted) >= 2 * workers:
                        break
                while pending:
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        item = pending.pop(future)
                        try:
                            result = future.result()
                        except BrokenProcessPool:
                            broken.append(item)
                            continue
                        if not broken and not unstarted and (nxt := next(queue, None)) is not None:
                            _submit(pool, task, nxt, pending, unstarted)
                        yield result
            finally:  # the caller stopped early (an exception, a break): do not start what is still queued
                for future in pending:
                    future.cancel()
        if len(broken) == 1:  # the only task in flight when the worker died: it is the cause
            yield crashed(broken[0])
        elif broken:  # several were in flight: run each again alone, so that only the guilty one fails
            yield from _isolate(task, broken, crashed, initializer)
        if not broken and not unstarted:
            return
        queue = chain(unstarted, queue)  # a fresh pool takes what has not run yet


def _submit(pool: ProcessPoolExecutor, task: Callable[..., R], item: Item, pending: dict[Future[R], Item],
            unstarted: list[Item]) -> None:
    """Start ``item``; a pool a worker has already broken takes nothing (the item waits for the next pool)."""
    try:
        pending[pool.submit(task, *item)] = item
    except BrokenProcessPool:
        unstarted.append(item)


def _isolate(task: Callable[..., R], items: list[Item], crashed: Callable[[Item], R],
             initializer: Callable[[], None] | None) -> Iterator[R]:
    """Run each item in a pool of its own, so that a crash is blamed on the file that caused it."""
    for item in items:
        with _pool(1, initializer) as pool:
            try:
                result = pool.submit(task, *item).result()
            except BrokenProcessPool:
                result = crashed(item)
        yield result
