"""Generate a province-size corpus of synthetic budget disclosures from the real model.

    python bench/generate_corpus.py --count 1000 --seed 1 --out /tmp/corpus [--jobs 2]

Each unit-year is planned (:mod:`bench.corpus_plan`: codes from ``ontology/reference/observed-codes.csv``,
regions, departments, staff, projects, performance indicators, narrative), built as an
:class:`ingest.model.Document` (:mod:`bench.corpus_build`), rendered in the sample's text layout
(:mod:`bench.corpus_text`, which ``ingest.parse_document`` reads back into the same records) and mapped to
RDF with ``ingest.to_graph``. Totals equal the sum of their parts, basic + project = total, and the tables
agree with each other and with the narrative, except in the seeded few per cent of documents with an
injected error (``--error-rate``; kinds in :data:`bench.corpus_plan.ERROR_KINDS`).

Output in ``--out``: ``text/<region>-<unit>-<year>.txt``, ``rdf/<same>.nt`` (N-Triples of the document
graph), ``manifest.jsonl`` (one record per document: IRIs, unit, totals in 元, classes, projects,
indicators, injected error) and ``corpus.json`` (the command, counts and triples). The same ``--seed`` and
``--count`` give byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus_build import build_document  # noqa: E402
from bench.corpus_plan import Plan, Unit, make_plan, make_units  # noqa: E402
from bench.corpus_text import render_text  # noqa: E402
from budgetkg.ingest import to_graph  # noqa: E402
from budgetkg.ingest.iri import DEFAULT_BASE, IRIs  # noqa: E402
from budgetkg.ingest.model import Document  # noqa: E402

YEARS = (2021, 2022, 2023, 2024, 2025)


def unit_years(seed: int, count: int) -> list[tuple[Unit, int]]:
    """The first ``count`` unit-years: each unit over consecutive years, units in corpus order."""
    units = make_units(seed, -(-count // len(YEARS)))
    return [(u, y) for u in units for y in YEARS][:count]


def generate(seed: int, unit: Unit, year: int, error_rate: float) -> tuple[Plan, Document, bytes]:
    """Plan, Document (with provenance) and text of one unit-year."""
    plan = make_plan(seed, unit, year, error_rate)
    doc = build_document(plan)
    text = render_text(doc, f"{unit.region}-{unit.code}-{year}.txt")
    return plan, doc, text


def record(plan: Plan, doc: Document, base: str, triples: int) -> dict:
    """What the generator knows about one document, amounts in 元 (for tests and benches)."""
    iri = IRIs(doc, base)
    yuan = 100  # hundredths of 万元 → 元
    u = plan.unit
    return {
        "file": doc.source_name, "document": str(iri.document), "unit": str(iri.unit), "unitName": u.name,
        "unitCode": u.code, "region": u.region, "province": u.province, "department": u.dept.name, "kind": u.kind,
        "year": plan.year, "total": plan.total * yuan, "basic": plan.basic * yuan, "project": plan.project * yuan,
        "carryOver": plan.carry * yuan, "classes": {c: sum(f.total for f in items) * yuan for c, items in plan.classes().items()},
        "projects": [{"name": p.name, "function": p.func, "amount": p.amount * yuan, "goal": bool(p.indicators)}
                     for f in plan.func for p in plan.projects if p.func == f.code],
        "indicators": dict(Counter(f"{i.level1}/{i.level2}" for p in plan.projects for i in p.indicators)),
        "error": plan.error, "errorDelta": plan.delta * yuan, "triples": triples, "tables": len(doc.tables),
    }


def _one(args: tuple[int, Unit, int, float, str, str]) -> dict:
    seed, unit, year, error_rate, base, out = args
    plan, doc, text = generate(seed, unit, year, error_rate)
    stem = Path(doc.source_name).stem
    (Path(out) / "text" / f"{stem}.txt").write_bytes(text)
    graph = to_graph(doc, base)
    lines = sorted(graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True))
    (Path(out) / "rdf" / f"{stem}.nt").write_bytes(b"".join(line for line in lines if line.strip()))
    return record(plan, doc, base, len(graph))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="unit-year disclosures (default 1000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, help="output folder (text/, rdf/, manifest.jsonl, corpus.json)")
    parser.add_argument("--error-rate", type=float, default=0.03, help="share of documents with an injected error")
    parser.add_argument("--base", default=DEFAULT_BASE, help=f"base of minted IRIs (default {DEFAULT_BASE})")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    args = parser.parse_args(argv)
    out = Path(args.out)
    for sub in ("text", "rdf"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    work = [(args.seed, u, y, args.error_rate, args.base, str(out)) for u, y in unit_years(args.seed, args.count)]
    if args.jobs > 1 and len(work) > 1:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            records = list(pool.map(_one, work, chunksize=8))
    else:
        records = [_one(w) for w in work]
    with (out / "manifest.jsonl").open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
    summary = {
        "command": "python bench/generate_corpus.py " + " ".join(f"--{k.replace('_', '-')} {v}" for k, v in (
            ("count", args.count), ("seed", args.seed), ("error_rate", args.error_rate), ("out", args.out))),
        "documents": len(records), "units": len({r["unit"] for r in records}),
        "regions": dict(Counter(r["region"] for r in records)), "triples": sum(r["triples"] for r in records),
        "errors": dict(Counter(r["error"] for r in records if r["error"])),
    }
    (out / "corpus.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{len(records)} documents, {summary['units']} units, {summary['triples']:,} triples, "
          f"{sum(summary['errors'].values())} with injected errors, in {time.monotonic() - start:.1f} s → {out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
