"""The corpus acceptance (issue 11): on every real disclosure of both corpus folders and the sample, validation
reports exactly the ledger of real errors read at the page (tests/fixtures/ledger/) — nothing more, nothing
missing; the arithmetic identities hold or are traced to misprinted numbers; few tables stay unverified.

All documents are read once, in parallel worker processes, by :func:`budgetkg.ingest.corpus_check.check_document` (the
same record as ``bench/bench_corpus.py``).
"""

from __future__ import annotations

import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import pytest

from budgetkg.ingest.corpus_check import check_document
from budgetkg_testing import require_corpus

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
LEDGER = FIXTURES / "ledger"
SCANNED = "16_beijing_zhengwufuwu_2026_dept-budget.pdf"  # refused with exit code 2: tests/test_cli_errors.py
PDF = FIXTURES / "pdf"
require_corpus()
# the documents the corpus lists (truth.json, wide/manifest.json), not whatever a glob finds: a missing file fails
DOCUMENTS = [ROOT / "ingest" / "data" / "sample.txt",
             *(PDF / name for name in sorted(json.loads((PDF / "truth.json").read_text(encoding="utf-8")))),
             *(PDF / "wide" / e["file"] for e in sorted(json.loads((PDF / "wide" / "manifest.json")
                                                                   .read_text(encoding="utf-8")),
                                                        key=lambda e: e["file"]))]
READABLE = [p for p in DOCUMENTS if p.name != SCANNED]


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    jobs = max(1, min(4, os.cpu_count() or 1))
    # spawned, not forked: earlier tests leave server threads running in this process, and a fork copies their
    # locks; no max_tasks_per_child (on Python 3.11 a pool that retires its workers can wait forever, gh-115634)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        by_size = sorted(DOCUMENTS, key=lambda p: -p.stat().st_size)
        return {rec["file"]: rec for rec in pool.map(partial(check_document, ledger_dir=LEDGER), by_size)}


def test_every_ledger_belongs_to_a_document_read():
    """A ledger whose document is not read would excuse nothing and check nothing."""
    read = {p.name for p in DOCUMENTS}
    for ledger in sorted(LEDGER.glob("*.json")):
        document = json.loads(ledger.read_text(encoding="utf-8"))["document"]
        assert document in read and Path(document).stem == ledger.stem, ledger.name


@pytest.mark.parametrize("path", READABLE, ids=[p.name[:24] for p in READABLE])
def test_validation_reports_exactly_the_ledger(records, path):
    rec = records[path.name]
    assert "error" not in rec, rec.get("error")
    led = rec["ledger"]
    assert not led["unexpected_keys"] and not led["missing_keys"], (
        f"outside the ledger: {led['unexpected_keys']}; in the ledger but not reported: {led['missing_keys']}")


def test_the_scanned_document_is_refused(records):
    assert "no text layer" in records[SCANNED]["error"]


def test_identities_hold_or_are_traced_to_misprints(records):
    """At least 99.5 % of all arithmetic identities hold, or fail in a verified table — where each failure is
    traced to a misprinted number that validation reports and the ledger lists."""
    read = [r for r in records.values() if "error" not in r]
    total = sum(r["identities"]["total"] for r in read)
    good = sum(r["identities"]["held"] + r["identities"]["failed_in_verified"] for r in read)
    assert total > 15000
    assert good / total >= 0.995, f"{good}/{total}"


def test_few_tables_are_unverified(records):
    """At most 2 % of all tables could not be verified by their own sums (each is listed in the report)."""
    tables = [t for r in records.values() for t in r.get("tables", [])]
    unverified = [t["label"] for t in tables if t["unverified"]]
    assert len(tables) > 900
    assert len(unverified) <= 0.02 * len(tables), unverified
