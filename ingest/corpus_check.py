"""One document read, checked and validated against its ledger — the record behind the corpus report
(``bench/bench_corpus.py``) and the ledger test (``tests/test_corpus_ledger.py``).

The record is a plain dict (it crosses process boundaries): identities held and failed, held or failed in a
table whose reading is verified, tables with their roles and unverified reasons, findings with their ledger
keys, and how the report compares with the document's ledger (``<ledger dir>/<file stem>.json``).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from . import baseline
from .api import parse_document
from .errors import IngestError
from .identities import identities
from .identity import Given
from .validate import validate_parsed


def check_document(path: Path, ledger_dir: Path) -> dict:
    """Read, check and validate one document (a tables-only file finds its companion in its folder)."""
    out: dict = {"file": path.name}
    t0 = time.perf_counter()
    batch = tuple(str(p) for p in sorted(path.parent.glob("*.pdf")))
    try:
        try:
            doc = parse_document(path, given=Given(batch=batch))
        except IngestError as exc:
            known = _manifest_identity(path)
            if known is None or "Give it with --unit" not in str(exc) and "Give them with" not in str(exc):
                raise
            # a tables-only file without companion: the unit and year its source names, as a user gives them
            out["given"] = {"unit": known[0], "year": known[1]}
            doc = parse_document(path, given=Given(unit=known[0], year=known[1], batch=batch))
    except IngestError as exc:
        out.update(error=str(exc), ingest_s=round(time.perf_counter() - t0, 2))
        return out
    out["ingest_s"] = round(time.perf_counter() - t0, 2)
    out.update(unit=doc.unit_name, year=doc.year, phase=doc.phase.value, scope=doc.scope.value,
               pages=doc.pages, claims=len(doc.claims), notices=list(doc.notices))
    unverified = {t.label for t in doc.tables if t.unverified}
    ids = identities(doc)
    failed = [i for i in ids if not i.holds]
    out["identities"] = {
        "held": len(ids) - len(failed), "total": len(ids), "failed": [str(i) for i in failed],
        # a failed sum of a verified table is traced to a misprinted number, which validation reports
        "failed_in_verified": sum(1 for i in failed if i.table and i.table not in unverified),
    }
    out["tables"] = [{"label": t.label, "role": t.role.value, "pages": list(t.pages), "rows": len(t.rows),
                      "unverified": t.unverified} for t in doc.tables]
    t1 = time.perf_counter()
    report = validate_parsed(doc, source=path.name)  # mapping + validation, as `budgetkg validate` does
    out["validate_s"] = round(time.perf_counter() - t1, 2)
    out["counts"] = report.counts()
    out["findings"] = [{"severity": f.severity, "key": baseline.finding_key(f), "message": f.message("en"),
                        "page": next((s.page for s in f.sides if s.page), None)}
                       for f in report.findings if f.severity in baseline.LISTED]
    cmp = baseline.compare(report, baseline.load(ledger_dir / f"{path.stem}.json"))
    out["ledger"] = {"matched": cmp.matched, "unexpected": len(cmp.unexpected), "missing": len(cmp.missing),
                     "unexpected_keys": [f"{f.severity} {baseline.finding_key(f)}" for f in cmp.unexpected],
                     "missing_keys": [e["key"] for e in cmp.missing]}
    return out


def _manifest_identity(path: Path) -> tuple[str, int] | None:
    """(unit, year) the folder's manifest.json records for the file (where it was published), if any."""
    manifest = path.parent / "manifest.json"
    if not manifest.exists():
        return None
    for entry in json.loads(manifest.read_text(encoding="utf-8")):
        if entry.get("file") == path.name and entry.get("unit") and entry.get("year"):
            return entry["unit"], int(entry["year"])
    return None
