"""Background compaction of the embedded store after a write through the API.

One small write beside a compacted Oxigraph (RocksDB) store made every cross-document query about 30 % slower
until the next compaction (`bench/bench_scale.py`, 1,000 documents). Compacting a large store takes seconds
(11 s at 6.7 M triples), too long for a request, so ``PUT /documents/{id}`` asks for it here: one compaction at
a time in a background thread, and requests made while one runs are folded into one more run.
"""

from __future__ import annotations

import logging
import threading

from .store import GraphStore

log = logging.getLogger("budgetkg.compaction")


class Compactor:
    """Runs ``store.optimize()`` in the background when asked (a no-op for stores without it)."""

    def __init__(self, store: GraphStore):
        self.store = store
        self.runs = 0
        self._lock = threading.Lock()
        self._pending = False
        self._thread: threading.Thread | None = None

    @property
    def supported(self) -> bool:
        return callable(getattr(self.store, "optimize", None))

    def request(self) -> bool:
        """Ask for a compaction; True when one is scheduled (or folded into the one that runs)."""
        if not self.supported:
            return False
        with self._lock:
            self._pending = True
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="budgetkg-compact", daemon=True)
                self._thread.start()
        return True

    def wait(self, timeout: float | None = None) -> None:
        """Block until no compaction is running or pending (for shutdown and tests)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._pending:
                    self._thread = None
                    return
                self._pending = False
            try:
                self.store.optimize()  # type: ignore[attr-defined]
                self.runs += 1
            except Exception:  # noqa: BLE001 - a failed compaction must not take the server down
                log.exception("compaction failed")
