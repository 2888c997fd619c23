"""Background compaction after API writes (server/compaction.py): runs in a thread, folds requests made while it
runs into one more run, leaves the store's data as it was, and does nothing for a store that cannot compact."""

from __future__ import annotations

import threading
import time

from rdflib import Graph, Literal, URIRef

from budgetkg.server.compaction import Compactor
from budgetkg.server.store import OxigraphStore


class CountingStore(OxigraphStore):
    """A real on-disk store that counts its compactions and can hold the first one."""

    def __init__(self, path):
        super().__init__(path)
        self.calls = 0
        self.hold = threading.Event()

    def optimize(self) -> None:
        self.calls += 1
        self.hold.wait(10)
        super().optimize()


def _graph(n: int) -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"http://example.org/s{i}"), URIRef("http://example.org/p"), Literal(i)))
    return g


def test_requests_during_a_run_fold_into_one_more(tmp_path):
    store = CountingStore(tmp_path / "store")
    store.replace_graph("http://example.org/g", _graph(50))
    compactor = Compactor(store)
    assert compactor.request()
    for _ in range(500):  # bounded: until the first run has started (and is held)
        if store.calls:
            break
        time.sleep(0.01)
    assert store.calls == 1
    for _ in range(5):  # while the first run is held: one more run, not five
        assert compactor.request()
    store.hold.set()
    compactor.wait(30)
    assert store.calls == 2 and compactor.runs == 2
    assert store.triple_counts() == {"http://example.org/g": 50}
    assert compactor.request()
    compactor.wait(30)
    assert store.calls == 3
    store.close()


def test_a_store_without_compaction():
    class Remote:
        pass

    assert not Compactor(Remote()).request()  # type: ignore[arg-type]
