"""One batch runner (ingest/runner.py) for ``ingest -o DIR`` and ``load``: bounded, and a crashed worker fails only
the file it was reading."""

from __future__ import annotations

import os
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from budgetkg.ingest.batch import Outcome, run_batch
from budgetkg.ingest.runner import _pool, _submit, run_each


def echo_or_crash(name: str) -> str:
    """A task that dies (like a native crash) on names starting with ``crash``."""
    if name.startswith("crash"):
        os._exit(3)
    return name


def ingest_or_crash(src: str, dst: str, fmt: str, base: str) -> Outcome:
    if Path(src).name.startswith("crash"):
        os._exit(3)
    return Outcome(src, True, dst)


def test_a_crash_fails_only_its_own_item():
    items = [("a",), ("crash-1",), ("b",), ("c",), ("d",), ("crash-2",), ("e",)]
    got = list(run_each(echo_or_crash, items, workers=2, crashed=lambda item: f"died: {item[0]}", progress=False))
    assert sorted(got) == ["a", "b", "c", "d", "died: crash-1", "died: crash-2", "e"]


def test_a_file_taken_after_the_pool_broke_waits_for_the_next_pool():
    """A task that finishes while another worker dies takes the next file: the broken pool refuses it, and the file
    must neither be lost nor blamed (it had not started)."""
    pending: dict = {}
    unstarted: list = []
    with _pool(1, None) as pool:
        crash = pool.submit(echo_or_crash, "crash")
        try:
            crash.result(timeout=60)
        except BrokenProcessPool:
            pass
        _submit(pool, echo_or_crash, ("next",), pending, unstarted)
    assert pending == {} and unstarted == [("next",)]


def test_submission_is_bounded():
    pulled: list[int] = []

    def items():
        for i in range(12):
            pulled.append(i)
            yield (str(i),)

    results = run_each(echo_or_crash, items(), workers=2, crashed=lambda item: "died", progress=False)
    first = next(results)
    assert len(pulled) <= 2 * 2 + 1, "at most 2 × workers in flight, one more taken when one finishes"
    assert sorted([first, *results], key=int) == [str(i) for i in range(12)]


def test_ingest_batch_goes_on_after_a_worker_dies(tmp_path: Path):
    jobs = [(str(tmp_path / name), str(tmp_path / f"{name}.ttl")) for name in ("a.txt", "crash.txt", "b.txt")]
    outcomes = {Path(o.path).name: o for o in run_batch(jobs, "ttl", "http://x/", workers=2, task=ingest_or_crash,
                                                        progress=False)}
    assert outcomes["a.txt"].ok and outcomes["b.txt"].ok
    assert not outcomes["crash.txt"].ok and outcomes["crash.txt"].detail.startswith("crash.txt: the worker process died")
