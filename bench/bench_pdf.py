"""Whole PDF ingest vs one bare pdfplumber ``extract_tables()`` pass, measured in the same run.

For each PDF: the peer is ``pdfplumber.open`` + ``page.extract_tables()`` on every page (one layout
pass, the floor any pdfplumber-based reader pays); ours is ``read_pdf`` (and, when the mapping is
available, ``ingest.to_graph`` + Turtle serialisation). Runs alternate and the best of N is kept.
Prints per file and overall: seconds, ratio (target ≤ 1.3× for read_pdf) and pages/s.

Usage: python bench/bench_pdf.py [--quick] [--all] [--repeat N] [PDF ...]
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from budgetkg.ingest.corpus_check import _manifest_identity  # noqa: E402
from budgetkg.ingest.errors import IngestError  # noqa: E402
from budgetkg.ingest.extract.pdf import read_pdf  # noqa: E402
from budgetkg.ingest.identity import Given  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "pdf"
QUICK = "06_jiangsu_shengwei-bangongting_2019_dept-budget-tables.pdf"


def bare_pass(data: bytes) -> int:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.close()
        return len(pdf.pages)


def ingest(data: bytes, path: Path, graph: bool) -> None:
    """read_pdf as `budgetkg ingest` runs it on the file's folder: a tables-only file finds its companion there,
    or takes the unit and year its folder's manifest records (as a user gives --unit/--year)."""
    batch = tuple(str(p) for p in sorted(path.parent.glob("*.pdf")))
    try:
        doc = read_pdf(data, path.name, given=Given(batch=batch), path=str(path))
    except IngestError:
        known = _manifest_identity(path)
        if known is None:
            raise
        doc = read_pdf(data, path.name, given=Given(unit=known[0], year=known[1], batch=batch), path=str(path))
    if graph:
        from budgetkg.ingest import serialize_document

        serialize_document(doc, "ttl")


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--quick", action="store_true", help="one small file, one run (CI smoke)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--all", action="store_true", help="both corpus folders (72 PDFs) instead of the eight")
    args = ap.parse_args(argv)
    paths = args.pdfs or ([CORPUS / QUICK] if args.quick else sorted(CORPUS.glob("*.pdf"))
                          + (sorted((CORPUS / "wide").glob("*.pdf")) if args.all else []))
    repeat = 1 if args.quick else args.repeat
    graph = importlib.util.find_spec("budgetkg.ingest.mapping") is not None
    tot = {"bare": 0.0, "read": 0.0, "full": 0.0, "pages": 0}
    print(f"{'file':58} {'pages':>5} {'bare s':>7} {'read s':>7} {'ratio':>6} {'full s':>7} {'ratio':>6}")
    for path in paths:
        data = path.read_bytes()
        pages = bare_pass(data)  # warm-up (imports, font caches)
        try:
            ingest(data, path, graph)
        except IngestError as exc:
            print(f"{path.name[:58]:58} skipped: {str(exc)[:60]}")
            continue
        t_bare = best(lambda d=data: bare_pass(d), repeat)
        t_read = best(lambda d=data, n=path: ingest(d, n, False), repeat)
        t_full = best(lambda d=data, n=path: ingest(d, n, True), repeat) if graph else float("nan")
        tot["bare"] += t_bare
        tot["read"] += t_read
        tot["full"] += t_full if graph else 0.0
        tot["pages"] += pages
        print(f"{path.name[:58]:58} {pages:5d} {t_bare:7.2f} {t_read:7.2f} {t_read / t_bare:5.2f}x "
              f"{t_full:7.2f} {t_full / t_bare:5.2f}x")
    print(f"{'TOTAL':58} {tot['pages']:5d} {tot['bare']:7.2f} {tot['read']:7.2f} {tot['read'] / tot['bare']:5.2f}x "
          + (f"{tot['full']:7.2f} {tot['full'] / tot['bare']:5.2f}x" if graph else "   (no mapping)"))
    print(f"pages/s: bare extract_tables {tot['pages'] / tot['bare']:.1f}, read_pdf {tot['pages'] / tot['read']:.1f}"
          + (f", read_pdf+to_graph+turtle {tot['pages'] / tot['full']:.1f}" if graph else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
