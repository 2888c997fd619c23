"""The cross-document checks where documents arrive (issue 17): ``load_documents``, ``budgetkg load`` (batch_load),
``budgetkg validate --store`` and ``PUT /documents/{id}``, on a generated unit's budget and final account whose
年初预算 column misstates one cell of the budget."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from test_server.conftest import TOKEN, start_server, stop_server

from bench import crossdoc_family as cf
from budgetkg.ingest import to_graph
from budgetkg.ingest.iri import DEFAULT_BASE, IRIs
from budgetkg.server.batch_load import batch_load
from budgetkg.server.loading import load_documents
from budgetkg.server.store import OxigraphStore
from budgetkg_testing import ROOT


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> tuple[Path, Path, str]:
    """A budget and its final account (N-Triples) and the final's cell of 年初预算 that differs from the budget."""
    out = tmp_path_factory.mktemp("crossdoc-hooks")
    docs = {kind: doc for kind, doc, _ in cf.family(3, 0)}
    final = docs["final"]
    table = next(t for t in final.tables if t.role.value == "general-function")
    restated = next(c.index for c in table.columns if c.phase == "年初预算")
    row = next(r for r in table.rows if any(c.column == restated and c.value for c in r.cells))
    cell = next(c for c in row.cells if c.column == restated)
    row.cells[row.cells.index(cell)] = type(cell)(cell.column, cell.value + Decimal("1.00"), cell.source)
    planted = str(IRIs(final, DEFAULT_BASE).cell(table.label, row.index, restated))
    paths = []
    for kind in ("budget", "final"):
        path = out / f"{kind}.nt"
        path.write_bytes(to_graph(docs[kind], DEFAULT_BASE).serialize(format="nt", encoding="utf-8"))
        paths.append(path)
    return paths[0], paths[1], planted


def test_load_documents(files):
    budget, final, planted = files
    store = OxigraphStore()
    reports: list = []
    load_documents(store, [budget, final], DEFAULT_BASE, cross_checks=reports)
    (report,) = reports
    assert [f.rule for f in report.findings] == ["crossdoc-final-budget"]
    assert planted in {s.node for s in report.findings[0].sides}
    assert report.outcomes["crossdoc-final-budget"].holds > 50


def test_batch_load_then_validate_store(files, tmp_path):
    budget, final, planted = files
    store = OxigraphStore(tmp_path / "store")
    summary = batch_load(store, [budget, final], DEFAULT_BASE, jobs=1, progress=False)
    store.close()
    assert summary.loaded == 2, summary.failed
    findings = summary.crossdoc["findings"]
    assert [f["code"] for f in findings] == ["crossdoc-final-budget"]
    assert planted in {s["node"] for s in findings[0]["sides"]}
    r = subprocess.run([sys.executable, "-m", "budgetkg.cli", "validate", "--store", str(tmp_path / "store"),
                        "--format", "json"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 1, r.stderr
    envelope = json.loads(r.stdout)
    (report,) = envelope["reports"]
    assert [f["code"] for f in report["findings"]] == ["crossdoc-final-budget"]
    assert envelope["stats"]["fails"] == 1 and envelope["stats"]["holds"] > 50
    missing = subprocess.run([sys.executable, "-m", "budgetkg.cli", "validate", "--store", str(tmp_path / "nope")],
                             cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1


def test_put_answers_the_cross_document_checks(files, tmp_path):
    budget, final, planted = files
    server = start_server(tmp_path, populate=False)
    try:
        with server.client() as http:
            auth = {"authorization": f"Bearer {TOKEN}", "content-type": "application/n-triples"}
            bodies = []
            for path in (budget, final):
                doc = next(line.split()[0].strip("<>") for line in path.read_text().splitlines()
                           if "#BudgetDocument>" in line)
                r = http.put(f"/documents/{doc.removeprefix(DEFAULT_BASE + 'id/doc/')}?filename={path.name}",
                             content=path.read_bytes(), headers=auth)
                assert r.status_code == 201, r.text
                bodies.append(r.json()["crossdoc"])
    finally:
        stop_server(server)
    first, second = bodies
    # the budget alone: nothing restates it yet; with the final account, its 年初预算 cell is found
    assert first["findings"] == []
    assert [f["code"] for f in second["findings"]] == ["crossdoc-final-budget"]
    assert planted in {s["node"] for s in second["findings"][0]["sides"]}
