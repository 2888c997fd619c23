"""Python's cyclic garbage collector paused while a document is mapped or validated.

A document graph is hundreds of thousands of small objects (terms, tuples) that live until the work ends; the
collector, triggered every 700 allocations, walks them again and again: on the largest corpus document
(wide/21, 560 k triples) grouping its triples by predicate takes 0.49 s with the collector and 0.09 s
without, and mapping it 2.9 s against 1.4 s. The work makes few reference cycles, so nothing is lost: they are
collected by the next collection after the pause.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")
_lock = threading.Lock()
_depth = 0  # nested or concurrent pauses: the collector comes back when the last one ends
_was_enabled = True


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block (nested and concurrent blocks restore it once, at the end of the last)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


def gc_paused(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorator: ``fn`` runs with the collector paused."""
    @wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused():
            return fn(*args, **kwargs)
    return run
