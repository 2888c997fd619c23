"""The validation findings of the documents in the store, for the document page and the catalogue's status facet.

The store keeps no validation results (``load`` prints them; ``PUT /documents`` answers them), so a document is
validated here the first time its page is opened (``ingest.validate.validate_document`` on its graph, the same
report as ``budgetkg validate`` and ``POST /validate``) in a background thread, one document at a time, and the
report is kept: in memory, and for an on-disk store as JSON files in ``{store}-findings/`` so that a restart does
not check everything again. A report is reused while the document's source file (``prov:hadPrimarySource``,
content-addressed) is the same; :meth:`FindingsCache.remember` takes a report that was computed elsewhere."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from .store import GraphStore, OxigraphStore

log = logging.getLogger("budgetkg.server")


def _source_of(store: GraphStore, iri: str) -> str:
    rows = store.select(f"SELECT ?f WHERE {{ GRAPH <{iri}> {{ <{iri}> <http://www.w3.org/ns/prov#hadPrimarySource> ?f }} }}")
    return min((str(r["f"]) for r in rows if "f" in r), default="")


def validate_graph_of(store: GraphStore, iri: str) -> dict[str, Any]:
    """The report (``Report.to_dict()``) of one document graph of the store."""
    from budgetkg.ingest.validate import validate_document

    graph = store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    report = validate_document(graph, source=iri.rsplit("/id/", 1)[-1])
    out = report.to_dict()
    out["document"] = out.get("document") or iri
    return out


class FindingsCache:
    """Reports per document IRI; ``summary`` is the number of violations (None: not checked yet)."""

    def __init__(self, store: GraphStore):
        self.store = store
        self.folder: Path | None = None
        if isinstance(store, OxigraphStore) and store.path:
            self.folder = Path(store.path).with_name(Path(store.path).name + "-findings")
        self._reports: dict[str, dict[str, Any]] = {}
        self._running: dict[str, Future] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="budgetkg-findings")
        self._loaded = False

    def _file(self, iri: str) -> Path | None:
        return self.folder / (hashlib.sha1(iri.encode()).hexdigest() + ".json") if self.folder else None

    def _load_folder(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.glob("*.json"):
            try:
                entry = json.loads(path.read_text(encoding="utf-8"))
                self._reports.setdefault(entry["iri"], entry)
            except (OSError, ValueError, KeyError):
                continue

    def summary(self, iri: str) -> int | None:
        """Violations of the kept report (None when there is none)."""
        self._load_folder()
        entry = self._reports.get(iri)
        if entry is None:
            return None
        return int(entry["report"].get("counts", {}).get("Violation", 0))

    def remember(self, iri: str, report: dict[str, Any], source: str | None = None) -> None:
        entry = {"iri": iri, "source": source if source is not None else _source_of(self.store, iri),
                 "report": report}
        with self._lock:
            self._reports[iri] = entry
        path = self._file(iri)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp")
                tmp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
                tmp.replace(path)
            except OSError as exc:
                log.warning("could not keep the findings of %s: %s", iri, exc)

    def report(self, iri: str) -> dict[str, Any] | None:
        """The kept report of ``iri`` when it is about the document as the store holds it now."""
        self._load_folder()
        entry = self._reports.get(iri)
        if entry is None:
            return None
        if entry.get("source") != _source_of(self.store, iri):  # the document was replaced
            with self._lock:
                self._reports.pop(iri, None)
            return None
        return entry["report"]

    def check(self, iri: str) -> Future:
        """Validate ``iri`` in the background (one at a time); the future's result is the report."""
        with self._lock:
            running = self._running.get(iri)
            if running is not None:
                return running
            future = self._pool.submit(self._run, iri)
            self._running[iri] = future
            return future

    def _run(self, iri: str) -> dict[str, Any]:
        try:
            source = _source_of(self.store, iri)
            report = validate_graph_of(self.store, iri)
            self.remember(iri, report, source)
            return report
        finally:
            with self._lock:
                self._running.pop(iri, None)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
