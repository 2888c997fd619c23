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
from collections import OrderedDict
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
    """Reports per document IRI; ``summary`` is the number of violations (None: not checked yet).

    The catalogue asks every document's summary on each page, so summaries live in memory (and in
    ``index.json`` of the folder); whole reports are read from their files when a page shows them (the last
    :data:`KEPT` in memory)."""

    KEPT = 64

    def __init__(self, store: GraphStore):
        self.store = store
        self.folder: Path | None = None
        if isinstance(store, OxigraphStore) and store.path:
            self.folder = Path(store.path).with_name(Path(store.path).name + "-findings")
        self._summaries: dict[str, tuple[str, int]] = {}  # iri → (source file IRI, violations)
        self._reports: OrderedDict[str, dict[str, Any]] = OrderedDict()
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
        try:
            index = json.loads((self.folder / "index.json").read_text(encoding="utf-8"))
            self._summaries.update({iri: (src, int(n)) for iri, (src, n) in index.items()})
        except (OSError, ValueError, TypeError):
            pass

    def _save_index(self) -> None:
        if self.folder is None:
            return
        with self._lock:
            body = json.dumps({iri: list(v) for iri, v in self._summaries.items()}, ensure_ascii=False)
        tmp = self.folder / f"index.{threading.get_ident()}.tmp"
        tmp.write_text(body, encoding="utf-8")
        tmp.replace(self.folder / "index.json")

    def summary(self, iri: str) -> int | None:
        """Violations of the kept report (None when there is none)."""
        self._load_folder()
        kept = self._summaries.get(iri)
        return kept[1] if kept else None

    def remember(self, iri: str, report: dict[str, Any], source: str | None = None) -> None:
        """Keep ``report`` (``Report.to_dict()``) as the findings of ``iri`` (a report computed elsewhere too:
        ``load``, ``PUT /documents``)."""
        self._load_folder()
        source = source if source is not None else _source_of(self.store, iri)
        violations = int(report.get("counts", {}).get("Violation", 0))
        with self._lock:
            self._summaries[iri] = (source, violations)
            self._keep(iri, report)
        path = self._file(iri)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp")
                tmp.write_text(json.dumps({"iri": iri, "source": source, "report": report}, ensure_ascii=False),
                               encoding="utf-8")
                tmp.replace(path)
                self._save_index()
            except OSError as exc:
                log.warning("could not keep the findings of %s: %s", iri, exc)

    def _keep(self, iri: str, report: dict[str, Any]) -> None:
        self._reports[iri] = report
        self._reports.move_to_end(iri)
        while len(self._reports) > self.KEPT:
            self._reports.popitem(last=False)

    def report(self, iri: str) -> dict[str, Any] | None:
        """The kept report of ``iri`` when it is about the document as the store holds it now."""
        self._load_folder()
        kept = self._summaries.get(iri)
        if kept is None:
            return None
        if kept[0] != _source_of(self.store, iri):  # the document was replaced
            with self._lock:
                self._summaries.pop(iri, None)
                self._reports.pop(iri, None)
            return None
        with self._lock:
            report = self._reports.get(iri)
        if report is None:
            path = self._file(iri)
            try:
                report = json.loads(path.read_text(encoding="utf-8"))["report"] if path else None
            except (OSError, ValueError, KeyError):
                report = None
            if report is None:
                return None
            with self._lock:
                self._keep(iri, report)
        return report

    def check(self, iri: str) -> tuple[Future, bool]:
        """Validate ``iri`` in the background (one at a time): the future whose result is the report, and whether
        this call started it (False: a check of it was already running or queued)."""
        with self._lock:
            running = self._running.get(iri)
            if running is not None:
                return running, False
            future = self._pool.submit(self._run, iri)
            self._running[iri] = future
            return future, True

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


SEVERITY_NAMES = {"Violation": ("错误", "Violation"), "Warning": ("警告", "Warning"), "Info": ("提示", "Info")}
SIDE_KINDS = {"cell": ("单元格", "cell"), "claim": ("文字说明", "statement"), "row": ("表行", "row"),
              "section": ("章节", "section"), "document": ("文件", "document"), "table": ("表", "table"),
              "indicator": ("绩效指标", "indicator"), "goal": ("绩效目标", "performance goal"), "other": ("其他", "other")}


def _where(side: dict[str, Any], lang: str) -> str:
    zh = lang == "zh"
    if side.get("page"):
        return f"第 {side['page']} 页" if zh else f"page {side['page']}"
    if side.get("line"):
        return f"第 {side['line']} 行" if zh else f"line {side['line']}"
    return ""


def _printed(value: str) -> str:
    """A side's value with thousands separators: ``19510.13 万元`` → ``19,510.13 万元``."""
    import re
    from decimal import Decimal, InvalidOperation

    m = re.fullmatch(r"\s*(-?\d[\d,]*(?:\.\d+)?)\s*(.*)", value or "")
    if not m:
        return value
    try:
        return f"{Decimal(m[1].replace(',', '')):,} {m[2]}".strip()
    except InvalidOperation:
        return value


def side_view(side: dict[str, Any], lang: str, link: Any) -> dict[str, Any]:
    """One side of a finding as the page shows it: what and where, linked to its page."""
    kind = side.get("kind", "other")
    if kind == "cell":
        text = " · ".join(x for x in (side.get("table"), side.get("row"), side.get("column")) if x)
    elif kind == "claim":
        text = side.get("verbatim") or side.get("row") or ""
        text = text if len(text) <= 80 else text[:79] + "…"
    else:
        text = " · ".join(x for x in (side.get("table"), side.get("row")) if x)
    pair = SIDE_KINDS.get(kind, (kind, kind))
    return {"kind": kind, "kind_name": pair[0] if lang == "zh" else pair[1], "text": text,
            "value": _printed(side.get("value") or ""), "where": _where(side, lang), "href": link(side.get("node", "")),
            "node": side.get("node", ""), "full": side.get("verbatim") or ""}


def findings_view(report: dict[str, Any], lang: str, link: Any, about: str | None = None) -> dict[str, Any]:
    """The report grouped by severity (错误, 警告, 提示), each finding with its message and its sides; ``about``:
    only the findings one of whose sides is that node (a cell's or a claim's page)."""
    groups: dict[str, list[dict[str, Any]]] = {"Violation": [], "Warning": [], "Info": []}
    for n, f in enumerate(report.get("findings", [])):
        if about is not None and not any(s.get("node") == about for s in f.get("sides", [])):
            continue
        message = (f.get("message_zh") if lang == "zh" else f.get("message_en")) or f.get("message_en") or ""
        groups.setdefault(f.get("severity", "Info"), []).append({
            "id": f"finding-{n}", "document": report.get("document"), "code": f.get("code", ""), "title": f.get("title", ""), "message": message,
            "sides": [side_view(s, lang, link) for s in f.get("sides", [])]})
    counts = report.get("counts", {})
    totals = {"holds": 0, "fails": 0, "undetermined": 0}
    for o in report.get("outcomes", {}).values():
        for k in totals:
            totals[k] += int(o.get(k, 0))
    return {"groups": [{"severity": s, "name": SEVERITY_NAMES.get(s, (s, s))[0 if lang == "zh" else 1],
                        "findings": items} for s, items in groups.items() if items],
            "counts": counts, "valid": report.get("valid"), "checks": totals, "withheld": report.get("withheld", 0)}
