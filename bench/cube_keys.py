"""Observation keys per document: how many observations share their full key with another one of their data set.

A key is the values of every dimension of the data set's structure (qb:structure → qb:component →
qb:dimension; before the structures existed, every qb:DimensionProperty the observation has). Data Cube IC-12
wants no two observations of a data set with the same key; a portal that sums by dimension double-counts those
that share one.

    python bench/cube_keys.py                      # the eight corpus PDFs of truth.json and the bundled sample
    python bench/cube_keys.py some.pdf other.txt   # other files
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from rdflib import RDF, Graph

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "pdf"


def default_files() -> list[Path]:
    names = sorted(json.loads((CORPUS / "truth.json").read_text(encoding="utf-8")))
    return [CORPUS / n for n in names] + [ROOT / "ingest" / "data" / "sample.txt"]


def shared_keys(graph: Graph, ontology: Graph) -> tuple[int, int, int]:
    """(observations, observations sharing their key with another of their data set, of which with another amount)."""
    from budgetkg.ingest.vocab import OBEU_MEASURE, QB

    dimensions = set(ontology.subjects(RDF.type, QB.DimensionProperty))
    structures = {}
    for dataset, dsd in graph.subject_objects(QB.structure):
        structures[dataset] = {d for c in ontology.objects(dsd, QB.component) for d in ontology.objects(c, QB.dimension)}
    keys: dict[tuple, list] = defaultdict(list)
    n = 0
    for obs in graph.subjects(RDF.type, QB.Observation):
        n += 1
        dataset = graph.value(obs, QB.dataSet)
        dims = structures.get(dataset) or dimensions
        key = tuple(sorted((p, o) for p, o in graph.predicate_objects(obs) if p in dims))
        keys[dataset, key].append(obs)
    shared = [v for v in keys.values() if len(v) > 1]
    differing = [v for v in shared if len({graph.value(o, OBEU_MEASURE.amount) for o in v}) > 1]
    return n, sum(map(len, shared)), sum(map(len, differing))


def main(argv: list[str]) -> int:
    from budgetkg.ingest import parse_document, to_graph
    from budgetkg.ingest.errors import IngestError
    from budgetkg.ontology.load import ontology_graph

    ontology = ontology_graph()
    files = [Path(a) for a in argv] or default_files()
    total = 0
    for path in files:
        start = time.perf_counter()
        try:
            doc = parse_document(path)
        except IngestError as exc:  # a scan, or a tables-only file that names no unit: not a graph to count
            print(f"{path.name[:58]:58s} not read: {str(exc)[:80]}")
            continue
        n, shared, differing = shared_keys(to_graph(doc), ontology)
        total += shared
        print(f"{path.name[:58]:58s} observations {n:5d}  sharing a key {shared:5d}  (with another amount {differing:4d})"
              f"  {time.perf_counter() - start:.1f} s")
    print(f"sharing a key in all: {total}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
