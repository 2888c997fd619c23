"""Benchmark: validate the sample disclosure against all shape layers (ingest excluded).

    python bench/bench_validate.py            # 5 runs, median
    python bench/bench_validate.py --quick    # 1 warm run
    python bench/bench_validate.py --peer     # also the peer: pySHACL on an rdflib Memory graph

Prints the median wall time of ``validate_document`` (claim linking + Oxigraph copy + pySHACL) and of
``validate_store`` alone. The peer runs the arithmetic layer only (all layers take many minutes on an
rdflib Memory graph) and compares it with the same layer on the Oxigraph copy.
Exit status 1 when the median of ``validate_document`` exceeds ``--budget`` seconds (default 2).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from budgetkg.ingest import parse_document, to_graph  # noqa: E402
from budgetkg.ingest.claims import link_claims  # noqa: E402
from budgetkg.ingest.validate import shapes_graph, to_store, validate_document, validate_store  # noqa: E402


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _shapes(results) -> str:
    """The source shapes of a pySHACL results graph, by local name."""
    from rdflib.namespace import SH

    names = {str(o).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for o in results.objects(None, SH.sourceShape)}
    return " ".join(sorted(names))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="one run")
    ap.add_argument("--peer", action="store_true", help="also time the arithmetic layer on an rdflib Memory graph")
    ap.add_argument("--budget", type=float, default=2.0, help="seconds allowed for validate_document")
    args = ap.parse_args(argv)
    runs = 1 if args.quick else 5

    graph = to_graph(parse_document(ROOT / "ingest" / "data" / "sample.txt"))
    shapes_graph()
    validate_document(graph)  # warm-up: shapes parsed, SPARQL engine loaded
    linked = graph.__class__()
    linked += graph
    link_claims(linked)
    store = to_store(linked)

    full = _median(lambda: validate_document(graph), runs)
    core = _median(lambda: validate_store(store), runs)
    report = validate_document(graph)
    print(f"sample: {len(graph)} triples, {len(report.violations)} violations, {len(report.findings)} findings")
    print(f"validate_document (link claims + Oxigraph copy + pySHACL): {full:.3f} s (median of {runs})")
    print(f"validate_store (pySHACL on the in-memory Oxigraph copy):   {core:.3f} s")
    if args.peer:
        from pyshacl import validate
        from rdflib import Graph

        from budgetkg.ingest.validate import SHAPES_DIR, _data_graph

        layer = Graph().parse(SHAPES_DIR / "arithmetic.ttl")
        memory = Graph()  # the same annotated copy (tolerances, the sums of ingest/sums.py) in an rdflib Memory graph
        for triple in _data_graph(store).triples((None, None, None)):
            memory.add(triple)
        start = time.perf_counter()
        ox_results = validate(_data_graph(store), shacl_graph=layer)[1]
        ox_time = time.perf_counter() - start
        start = time.perf_counter()
        peer_results = validate(memory, shacl_graph=layer)[1]
        peer = time.perf_counter() - start
        # the two SPARQL engines may disagree (rdflib reports cnbsh:personnel-split on the sample, Oxigraph does not
        # and the ledger agrees with Oxigraph): the shapes each reports are printed, the timing is what is compared
        print("arithmetic layer's results: Oxigraph", _shapes(ox_results) or "none", "· peer", _shapes(peer_results) or "none")
        print(f"arithmetic layer on the Oxigraph copy: {ox_time:.3f} s; on an rdflib Memory graph (peer): "
              f"{peer:.3f} s ({peer / ox_time:.0f}x)")
    if full > args.budget:
        print(f"over budget: {full:.3f} s > {args.budget} s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
