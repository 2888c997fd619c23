"""The collector pause: off inside, restored after — also when blocks nest, overlap on threads or raise."""

from __future__ import annotations

import gc
import threading

import pytest

from budgetkg.ingest.gc_pause import gc_paused, paused


def test_paused_restores_the_collector():
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still runs
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled():
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_error_restores_the_collector():
    @gc_paused
    def fails() -> None:
        raise ValueError("boom")

    with pytest.raises(ValueError):
        fails()
    assert gc.isenabled()


def test_overlapping_threads_restore_it_once_at_the_end():
    inside, leave = threading.Event(), threading.Event()

    def hold() -> None:
        with paused():
            inside.set()
            assert leave.wait(10)

    worker = threading.Thread(target=hold)
    worker.start()
    assert inside.wait(10)
    with paused():
        pass
    assert not gc.isenabled()  # the other thread's block has not ended
    leave.set()
    worker.join(10)
    assert gc.isenabled()
