"""The corpus report: every real disclosure read, checked and validated, one line each, totals at the end.

Per document: tables by role, arithmetic identities held / failed, tables whose reading could not be
verified, Violations and Warnings (and how they compare with the document's ledger of real errors in
``tests/fixtures/ledger/``), ingest and validation time. A document that cannot be read is shown with its
message (a scan: exit code 2 in ``budgetkg validate``).

Usage::

    python bench/bench_corpus.py                 # both corpus folders and the sample, all cores
    python bench/bench_corpus.py --quick         # four small documents (CI smoke)
    python bench/bench_corpus.py -k 31_ -k 41_   # documents whose name contains a pattern
    python bench/bench_corpus.py --json out.json --details   # the full record; failures listed
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIXTURES = ROOT / "tests" / "fixtures"
LEDGER = FIXTURES / "ledger"
QUICK = ["sample.txt", "02_shanghai-putuo_sifaju_2026_unit-budget.pdf", "72_jiangsu_renda-biao_2019_dept-budget.pdf",
         "16_beijing_zhengwufuwu_2026_dept-budget.pdf"]


def corpus() -> list[Path]:
    """The sample, the eight hand-checked PDFs and the wide corpus, in that order."""
    pdf = FIXTURES / "pdf"
    return [ROOT / "ingest" / "data" / "sample.txt", *sorted(pdf.glob("*.pdf")), *sorted((pdf / "wide").glob("*.pdf"))]


def ledger_path(path: Path) -> Path:
    return LEDGER / f"{path.stem}.json"


def check(path: Path) -> dict:
    """Read, check and validate one document (:func:`ingest.corpus_check.check_document`)."""
    from budgetkg.ingest.corpus_check import check_document

    return check_document(path, LEDGER)


def _roles(rec: dict) -> str:
    counts = Counter(t["role"] for t in rec.get("tables", []))
    return " ".join(f"{r.split('-')[0][:6]}:{n}" for r, n in sorted(counts.items()))


def _line(rec: dict) -> str:
    name = rec["file"][:44]
    if "error" in rec:
        return f"{name:44}  unreadable: {rec['error'].split(': ', 1)[-1][:90]}"
    ids = rec["identities"]
    unver = sum(1 for t in rec["tables"] if t["unverified"])
    c = rec["counts"]
    led = rec["ledger"]
    return (f"{name:44} {len(rec['tables']):3} tables {unver:2} unverified  ids {ids['held']:5}/{ids['total']:<5} "
            f"V {c['Violation']:3} W {c['Warning']:3}  ledger +{led['unexpected']} -{led['missing']}  "
            f"{rec['ingest_s']:6.1f}s {rec['validate_s']:5.1f}s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path, help="documents (default: the whole corpus)")
    ap.add_argument("-k", action="append", default=[], help="only documents whose file name contains this")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--quick", action="store_true", help="four small documents (CI smoke)")
    ap.add_argument("--json", type=Path, help="write every record here")
    ap.add_argument("--details", action="store_true", help="list failed identities and findings")
    args = ap.parse_args(argv)
    paths = args.paths or corpus()
    if args.quick:
        paths = [p for p in paths if p.name in QUICK]
    if args.k:
        paths = [p for p in paths if any(k in p.name for k in args.k)]
    started = time.perf_counter()
    records: dict[str, dict] = {}
    with ProcessPoolExecutor(max_workers=max(1, args.jobs), max_tasks_per_child=1) as pool:
        futures = {pool.submit(check, p): p for p in sorted(paths, key=lambda p: -p.stat().st_size)}
        for fut in as_completed(futures):
            try:
                rec = fut.result()
            except Exception as exc:  # a crash of the reader is a finding of this report, not its end
                rec = {"file": futures[fut].name, "error": f"crash: {type(exc).__name__}: {exc}"}
            records[rec["file"]] = rec
    ordered = [records[p.name] for p in paths]
    for rec in ordered:
        print(_line(rec))
        if args.details and "error" not in rec:
            for f in rec["identities"]["failed"]:
                print(f"      FAIL {f}")
            for f in rec["findings"]:
                print(f"      {f['severity'][0]} {f['key']}  p{f['page']}  {f['message'][:150]}")
            for key in rec["ledger"]["missing_keys"]:
                print(f"      MISSING (in the ledger, not reported) {key}")
    read = [r for r in ordered if "error" not in r]
    held = sum(r["identities"]["held"] for r in read)
    total = sum(r["identities"]["total"] for r in read)
    traced = sum(r["identities"].get("failed_in_verified", 0) for r in read)
    tables = sum(len(r["tables"]) for r in read)
    unver = sum(1 for r in read for t in r["tables"] if t["unverified"])
    sev = Counter()
    for r in read:
        sev.update(r["counts"])
    unexpected = sum(r["ledger"]["unexpected"] for r in read)
    missing = sum(r["ledger"]["missing"] for r in read)
    roles = Counter(t["role"] for r in read for t in r["tables"])
    print(f"\n{len(ordered)} documents ({len(ordered) - len(read)} unreadable), {tables} tables "
          f"({unver} unverified, {100 * unver / max(tables, 1):.1f} %)")
    print("tables by role: " + ", ".join(f"{k} {v}" for k, v in roles.most_common()))
    print(f"identities: {held}/{total} hold ({100 * held / max(total, 1):.2f} %); with the {traced} failures of "
          f"verified tables (traced to misprinted numbers, reported): {100 * (held + traced) / max(total, 1):.2f} %")
    print(f"findings: {sev['Violation']} Violations, {sev['Warning']} Warnings, {sev['Info']} Info; "
          f"outside the ledger {unexpected}, ledger entries not found {missing}")
    print(f"time: ingest {sum(r.get('ingest_s', 0) for r in ordered):.1f} s, "
          f"validate {sum(r.get('validate_s', 0) for r in read):.1f} s (summed); wall {time.perf_counter() - started:.1f} s")
    if args.json:
        args.json.write_text(json.dumps(ordered, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
