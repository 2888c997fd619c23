"""Fuzz the upload parsers through ``POST /validate`` of a real server: mutated PDF, text, Turtle, RDF/XML and
JSON-LD files, plus hostile forms (entity bombs, remote contexts, deep nesting, a decompression bomb).

    python bench/bench_upload_fuzz.py            # 300 uploads
    python bench/bench_upload_fuzz.py --quick    # 40 uploads, under a minute (CI)

Throughout, a second client times ``ASK {}`` every 0.2 s, and the server's processes are sampled. Prints the
answers by status, the slowest query, and the largest upload worker. Exit status 1 when an upload got a 5xx, a
query took 1 s or more, or a worker went past its memory limit (``upload_memory_mb``).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter
from pathlib import Path

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.monitor import ROOT, start_budgetkg, stop, wait_up  # noqa: E402

BASE = "http://localhost:8000/"
TOKEN = "fuzz-token"
MEMORY_MB = 700
PDF = ROOT / "tests" / "fixtures" / "pdf" / "02_shanghai-putuo_sifaju_2026_unit-budget.pdf"
TTL = b"""@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix cnb: <https://w3id.org/cn-budget/ontology#> .
<http://localhost:8000/id/doc/11-000001/2025/budget> a cnb:BudgetDocument ; rdfs:label "fuzz"@zh ;
  cnb:hasTable [ a cnb:BudgetTable ; rdfs:label "t" ; cnb:rowIndex 1 , 2.5 , "x"^^<http://www.w3.org/2001/XMLSchema#int> ] .
"""
XML = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <rdf:Description rdf:about="http://localhost:8000/id/doc/11-000001/2025/budget"><rdfs:label xml:lang="zh">x</rdfs:label>
  </rdf:Description></rdf:RDF>
"""
JSONLD = b"""{"@context": {"rdfs": "http://www.w3.org/2000/01/rdf-schema#"},
 "@id": "http://localhost:8000/id/doc/11-000001/2025/budget", "rdfs:label": {"@value": "x", "@language": "zh"},
 "@graph": [{"@id": "_:b", "rdfs:comment": [1, 2.5, true, null]}]}"""
HOSTILE = [b"<!DOCTYPE r [<!ENTITY a 'aaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;'>]><r>&b;</r>",
           b'{"@context": "http://127.0.0.1:9/c"}', b'{"@context": {"@import": "http://127.0.0.1:9/c"}}',
           b"[" * 50_000, b"(" * 50_000, b'{"a":' * 50_000, b"\x00" * 1000, b"%PDF-1.4\n" + b"0 0 obj << " * 20_000,
           b"@prefix : <http://x/> . " + b":a :b " + b"[ :c " * 20_000, "中文预算".encode() * 20_000]
KINDS = {"pdf": ("x.pdf", "application/pdf"), "txt": ("x.txt", "text/plain"), "ttl": ("x.ttl", "text/turtle"),
         "rdf": ("x.rdf", "application/rdf+xml"), "jsonld": ("x.jsonld", "application/ld+json")}


def text_seed() -> bytes:
    lines = (ROOT / "ingest" / "data" / "sample.txt").read_bytes().splitlines(keepends=True)
    return b"".join(lines[:160])


def pdf_bomb(size: int = 512 << 20) -> bytes:
    packer = zlib.compressobj(9)
    stream = b"".join(packer.compress(b" " * (16 << 20)) for _ in range(size >> 24)) + packer.flush()
    body = (b"%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] "
            b"/Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >> "
            b"endobj\n4 0 obj << /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream))
    return body + stream + b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def mutate(rng: random.Random, data: bytes) -> bytes:
    """One to four random edits: flipped bytes, a cut, a repeated or moved slice, an inserted hostile token."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(5)
        i = rng.randrange(max(1, len(out)))
        if op == 0:
            for _ in range(rng.randint(1, 16)):
                out[rng.randrange(len(out))] = rng.randrange(256)
        elif op == 1:
            out = out[:i]
        elif op == 2:
            j = min(len(out), i + rng.randint(1, 4096))
            out[i:i] = out[i:j] * rng.randint(1, 50)
        elif op == 3:
            out[i:i] = rng.choice([b"<!ENTITY x 'y'>", b"@context", b"\\u0000", b"[[[[[[[[", b'"""', b"\xff\xfe",
                                   b"1e999999", b"9" * 400, b"<javascript:alert(1)>", b"@base <file:///etc/> ."])
        else:
            j = min(len(out), i + rng.randint(1, 2048))
            del out[i:j]
    return bytes(out[: 4_000_000])


def sample_memory(server: psutil.Process, peaks: dict[str, float], stop_at: threading.Event) -> None:
    while not stop_at.is_set():
        try:
            for p in server.children(recursive=True):
                name = " ".join(p.cmdline()[-2:]) if p.is_running() else ""
                rss = p.memory_info().rss / 2**20
                key = "upload worker" if "upload" in p.name() or "spawn_main" in name else "other child"
                peaks[key] = max(peaks.get(key, 0.0), rss)
            peaks["server"] = max(peaks.get("server", 0.0), server.memory_info().rss / 2**20)
        except psutil.Error:
            pass
        stop_at.wait(0.1)


def watch_queries(url: str, latencies: list[float], stop_at: threading.Event) -> None:
    while not stop_at.is_set():
        start = time.monotonic()
        try:
            ok = httpx.get(url, params={"query": "ASK {}"}, timeout=10).status_code == 200
        except httpx.HTTPError:
            ok = False
        if not ok and stop_at.is_set():  # in flight while the run ended and the server was stopped: not an answer
            break
        latencies.append(time.monotonic() - start if ok else 99.0)
        stop_at.wait(0.2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="40 uploads (CI)")
    parser.add_argument("--uploads", type=int, default=300)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    count = 40 if args.quick else args.uploads
    rng = random.Random(args.seed)
    seeds = {"pdf": PDF.read_bytes(), "txt": text_seed(), "ttl": TTL, "rdf": XML, "jsonld": JSONLD}
    work = Path(tempfile.mkdtemp(prefix="budgetkg-fuzz-"))
    proc, url = start_budgetkg(work / "store", BASE, work / "server.log", upload_token=TOKEN,
                               upload_memory_mb=str(MEMORY_MB), upload_timeout="15", max_upload_bytes="5000000")
    statuses: Counter[int] = Counter()
    fivexx: list[str] = []
    latencies: list[float] = []
    peaks: dict[str, float] = {}
    stop_at = threading.Event()
    try:
        wait_up(url, proc)
        server = psutil.Process(proc.pid)
        threads = [threading.Thread(target=watch_queries, args=(url, latencies, stop_at), daemon=True),
                   threading.Thread(target=sample_memory, args=(server, peaks, stop_at), daemon=True)]
        for t in threads:
            t.start()
        validate = url.removesuffix("sparql") + "validate"
        uploads = [("pdf", pdf_bomb())] + [(rng.choice(list(KINDS)), h) for h in HOSTILE]
        uploads += [(kind, mutate(rng, seeds[kind])) for kind in (rng.choice(list(KINDS)) for _ in range(count))]
        start = time.monotonic()
        for i, (kind, data) in enumerate(uploads[:count] if args.quick else uploads):
            name, media = KINDS[kind]
            try:
                r = httpx.post(validate, files={"file": (name, data, media)}, timeout=60,
                               headers={"authorization": f"Bearer {TOKEN}"})
                status = r.status_code
            except httpx.HTTPError as exc:
                status, r = 599, None
                print(f"upload {i} ({kind}): {exc!r}", file=sys.stderr)
            statuses[status] += 1
            if status >= 500:
                fivexx.append(f"{i} {kind} {len(data)} B: {status} {r.text[:200] if r is not None else ''}")
        seconds = time.monotonic() - start
    finally:
        stop_at.set()
        stop([proc])
    slowest = max(latencies, default=0.0)
    worker = peaks.get("upload worker", 0.0)
    print(f"{sum(statuses.values())} uploads in {seconds:.1f} s: " + ", ".join(f"{s}×{n}" for s, n in sorted(statuses.items())))
    print(f"queries during the run: {len(latencies)}, slowest {slowest * 1000:.0f} ms; largest upload worker "
          f"{worker:.0f} MiB (limit {MEMORY_MB}); server {peaks.get('server', 0.0):.0f} MiB")
    for line in fivexx[:10]:
        print("  5xx:", line)
    shutil.rmtree(work, ignore_errors=True)
    return 1 if fivexx or slowest >= 1.0 or worker > MEMORY_MB else 0


if __name__ == "__main__":
    raise SystemExit(main())
