"""Load benchmark: many concurrent clients sending the example queries to ``budgetkg serve``.

    python bench/bench_load.py                  # 32 clients for 60 s
    python bench/bench_load.py --quick          # 8 clients for 10 s (CI)
    python bench/bench_load.py --store DIR      # an existing store instead (e.g. bench_scale.py --work W → W/store)

By default the store holds the bundled sample and ``--count`` (20) generated unit-years (≈ 140 k triples) loaded
with ``budgetkg load``. Every client loops over ontology/queries/*.rq (each starting at a different query) with a
fresh request as soon as the previous one is answered. The server runs with its default settings (2 query
worker processes, ``query_timeout`` 10 s — time waiting for a free worker counts) unless ``--timeout`` is given.

Prints requests, errors, throughput, p50 / p99 latency overall and per query, and the resident memory of the
server's process tree (server + query workers) sampled every 0.5 s: the mean over the first and the last
10 seconds (a third of the run when it is shorter) and the peak. Exit status 1 on any error or when memory grew
by more than 10 % between the two windows.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.monitor import ACCEPT, ROOT, TreeSampler, pct, start_budgetkg, stop, wait_up  # noqa: E402

BASE = "http://localhost:8000/"


def build_store(work: Path, count: int, seed: int) -> Path:
    from bench.generate_corpus import main as generate_corpus
    from budgetkg.server.batch_load import batch_load
    from budgetkg.server.store import OxigraphStore

    corpus = work / "corpus"
    generate_corpus(["--count", str(count), "--seed", str(seed), "--out", str(corpus), "--jobs", "2"])
    store = OxigraphStore(work / "store")
    try:
        summary = batch_load(store, [corpus / "text", ROOT / "ingest" / "data" / "sample.txt"], BASE, jobs=2,
                             validate=False, progress=False)
    finally:
        store.close()
    print(f"store: {summary.loaded} documents, {summary.triples:,} triples", file=sys.stderr)
    return work / "store"


def client(url: str, queries: list[tuple[str, str]], start: int, deadline: float, out: list, lock: threading.Lock,
           timeout: float) -> None:
    mine = []
    k = start
    with httpx.Client(timeout=timeout) as http:
        while time.monotonic() < deadline:
            name, text = queries[k % len(queries)]
            k += 1
            t = time.perf_counter()
            try:
                status = http.post(url, data={"query": text}, headers=ACCEPT).status_code
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            mine.append((name, (time.perf_counter() - t) * 1000, status))
    with lock:
        out.extend(mine)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="8 clients for 10 s")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--store", help="an existing store folder (default: sample + generated documents)")
    parser.add_argument("--count", type=int, default=20, help="generated unit-years in the default store")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", default="*.rq", help="which ontology/queries files (glob, default all)")
    parser.add_argument("--timeout", help="server query_timeout in seconds (default: the server's default)")
    args = parser.parse_args(argv)
    if args.quick:
        args.clients, args.seconds = min(args.clients, 8), min(args.seconds, 10)
    command = "python bench/bench_load.py " + shlex.join(argv if argv is not None else sys.argv[1:])
    queries = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "ontology" / "queries").glob(args.queries))]
    work = Path(tempfile.mkdtemp(prefix="budgetkg-load-"))
    procs = []
    try:
        store = Path(args.store) if args.store else build_store(work, args.count, args.seed)
        env = {"query_timeout": args.timeout} if args.timeout else {}
        proc, url = start_budgetkg(store, BASE, work / "server.log", **env)
        procs.append(proc)
        wait_up(url, proc)
        with httpx.Client(timeout=120) as http:  # warm-up: every query once
            for _, text in queries:
                http.post(url, data={"query": text}, headers=ACCEPT)
        results: list = []
        lock = threading.Lock()
        with TreeSampler(proc.pid, interval=0.5) as mem:
            deadline = time.monotonic() + args.seconds
            threads = [threading.Thread(target=client, args=(url, queries, k * len(queries) // args.clients, deadline,
                                                              results, lock, 120)) for k in range(args.clients)]
            start = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.monotonic() - start
    finally:
        stop(procs)
        shutil.rmtree(work, ignore_errors=True)
    return report(results, mem, elapsed, args, command, len(queries))


def report(results: list, mem: TreeSampler, elapsed: float, args: argparse.Namespace, command: str, n: int) -> int:
    errors = [r for r in results if r[2] != 200]
    times = [r[1] for r in results]
    win = min(10.0, args.seconds / 3)
    first, last = mem.window(0, win), mem.window(elapsed - win, elapsed + 1)
    print(f"== budgetkg load benchmark — reproduce with: {command}")
    print(f"{args.clients} clients × {elapsed:.1f} s, {n} example queries: {len(results)} requests "
          f"({len(results) / elapsed:.1f}/s), {len(errors)} errors")
    print(f"latency: p50 {pct(times, 50):.1f} ms, p99 {pct(times, 99):.1f} ms, max {max(times):.1f} ms")
    by_query: dict[str, list[float]] = defaultdict(list)
    for name, ms, _ in results:
        by_query[name].append(ms)
    for name in sorted(by_query):
        v = by_query[name]
        bad = sum(1 for r in results if r[0] == name and r[2] != 200)
        print(f"  {name:34} n={len(v):5}  p50 {pct(v, 50):9.1f} ms  p99 {pct(v, 99):9.1f} ms  errors {bad}")
    if errors:
        kinds: dict = defaultdict(int)
        for name, _, status in errors:
            kinds[(name, status)] += 1
        print("errors: " + ", ".join(f"{name} → {status} ×{k}" for (name, status), k in sorted(kinds.items())))
    growth = (last - first) / first if first else 0.0
    print(f"server process tree RSS: first {win:.0f} s {first / 2**20:.0f} MiB, last {win:.0f} s {last / 2**20:.0f} MiB "
          f"({growth:+.1%}), peak {mem.peak_tree / 2**20:.0f} MiB ({len(mem.samples)} samples)")
    ok = not errors and growth <= 0.10
    print("all targets met" if ok else "MISSED: " + "; ".join(
        ([f"{len(errors)} errors"] if errors else []) + ([f"memory grew {growth:+.1%}"] if growth > 0.10 else [])))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
