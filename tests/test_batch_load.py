"""``budgetkg load DIR --jobs N``: parallel load with validation, a summary of failures, resumable re-runs."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from bench.generate_corpus import generate, unit_years
from budgetkg.cli import main
from budgetkg.ingest import to_graph
from budgetkg.server.batch_load import Result, _results, process, stored_checksums
from budgetkg.server.store import OxigraphStore
from budgetkg.server.vocabulary_graph import VOCABULARY_GRAPH, document_graphs

SEED = 21


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four clean disclosures, one with an injected arithmetic error, one cut-off file and one RDF file."""
    root = tmp_path_factory.mktemp("docs")
    (root / "sub").mkdir()
    years = unit_years(SEED, 6)
    for k, (unit, year) in enumerate(years[:4]):
        _, doc, text = generate(SEED, unit, year, 0.0)
        (root / ("sub" if k % 2 else ".") / doc.source_name).write_bytes(text)
    unit, year = years[4]
    plan, doc, text = generate(SEED, unit, year, 1.0)
    assert plan.error
    (root / f"bad-{doc.source_name}").write_bytes(text)
    (root / "cut-off.txt").write_bytes(text[: len(text) // 3])
    unit, year = years[5]
    _, doc, _ = generate(SEED, unit, year, 0.0)
    (root / "doc.nt").write_bytes(to_graph(doc).serialize(format="nt", encoding="utf-8"))
    (root / "notes.md").write_text("not a disclosure: ignored (unsupported suffix)\n", encoding="utf-8")
    return root


def load(*args: str) -> int:
    return main(["load", *args])


def test_parallel_load_validates_and_summarises(folder: Path, tmp_path: Path, capsys):
    store, report = tmp_path / "store", tmp_path / "report.json"
    assert load(str(folder), "--store", str(store), "--jobs", "2", "--report", str(report)) == 2  # cut-off.txt unusable
    out, err = capsys.readouterr()
    summary = json.loads(report.read_text(encoding="utf-8"))
    assert summary["files"] == 7 and summary["loaded"] == 6 and summary["skipped"] == 0
    assert [Path(p).name for p, _ in summary["failed"]] == ["cut-off.txt"]
    assert [Path(p).name for p, _ in summary["invalid"]] == [next(folder.glob("bad-*")).name]
    assert summary["validated"] == 6 and summary["status"] == 2 and summary["unusable"] == [str(folder / "cut-off.txt")]
    assert len(out.splitlines()) == 6, "one line per stored graph on stdout"
    assert "loaded 6 of 7 files" in err and "FAILED" in err and "INVALID" in err and "cut-off.txt" in err
    st = OxigraphStore(store, read_only=True)
    assert len(document_graphs(st)) == 6
    assert set(st.list_graphs()) - set(document_graphs(st)) == {VOCABULARY_GRAPH}, "with the code lists' labels"
    # six loaded files, plus the text the RDF file was made from (its cnb:SourceFile is in the RDF)
    assert len(stored_checksums(st)) == 7
    # beside the store: each text read (the pages' evidence) and each document's report (its page's findings)
    kept = {p.name for p in (tmp_path / "store-sources").iterdir()}
    assert kept == {hashlib.sha256(p.read_bytes()).hexdigest() + ".txt" for p in folder.rglob("*.txt")
                    if p.name != "cut-off.txt"}
    index = json.loads((tmp_path / "store-findings" / "index.json").read_text(encoding="utf-8"))
    assert set(index) == set(document_graphs(st))
    assert sum(1 for g in index if index[g][1]) == 1, "only the document with the injected error has violations"


def test_rerun_skips_unchanged_files_and_reloads_a_changed_one(folder: Path, tmp_path: Path, capsys):
    store, report = tmp_path / "store", tmp_path / "report.json"
    load(str(folder), "--store", str(store), "--jobs", "2", "--no-validate")
    capsys.readouterr()
    assert load(str(folder), "--store", str(store), "--jobs", "1", "--report", str(report)) == 2  # cut-off.txt again
    summary = json.loads(report.read_text(encoding="utf-8"))
    assert (summary["loaded"], summary["skipped"], len(summary["failed"])) == (0, 6, 1)
    changed = next((folder / "sub").glob("*.txt"))
    original = changed.read_bytes()
    try:
        changed.write_bytes(original.replace("实有人员".encode(), "现有人员".encode(), 1))
        load(str(folder), "--store", str(store), "--jobs", "1", "--report", str(report))
    finally:
        changed.write_bytes(original)
    summary = json.loads(report.read_text(encoding="utf-8"))
    assert (summary["loaded"], summary["skipped"]) == (1, 5)
    st = OxigraphStore(store, read_only=True)
    assert len(document_graphs(st)) == 6, "the changed file replaced its document's graph"


def test_reject_invalid_keeps_invalid_documents_out(folder: Path, tmp_path: Path, capsys):
    store = tmp_path / "store"
    bad = next(folder.glob("bad-*"))
    assert load(str(bad), "--store", str(store), "--reject-invalid") == 1
    assert "INVALID" in capsys.readouterr().err
    assert document_graphs(OxigraphStore(store, read_only=True)) == []


def crash_on(path: str, base: str, validate: bool) -> Result:
    """A worker task that dies (like a native crash) on files named crash*."""
    if Path(path).name.startswith("crash"):
        os._exit(3)
    return process(path, base, validate)


def test_a_worker_that_dies_fails_only_its_own_file(folder: Path, tmp_path: Path):
    good = sorted(folder.glob("*.txt"))[:3]
    crash = tmp_path / "crash.txt"
    crash.write_bytes(b"whatever")
    results = list(_results([good[0], crash, good[1], good[2]], "http://localhost:8000/", False, 2, task=crash_on))
    assert sorted(Path(r.path).name for r in results if r.ok) == sorted(f.name for f in good)
    failed = [r for r in results if not r.ok]
    assert [Path(r.path).name for r in failed] == ["crash.txt"] and "worker process died" in failed[0].error
