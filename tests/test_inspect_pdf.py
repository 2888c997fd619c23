"""`budgetkg inspect` on PDFs (tables, pages, scale, identities) and a PDF batch with a failure."""

from __future__ import annotations

import json
from pathlib import Path

from budgetkg_testing import ROOT, run_cli

PDF = ROOT / "tests" / "fixtures" / "pdf"


def test_inspect_json_lists_tables_pages_scale_and_identities():
    r = run_cli("inspect", str(next(PDF.glob("02_*.pdf"))), "--json")
    assert r.returncode == 1, r.stderr  # 1: a sum that does not hold (the FAIL lines of the text output)
    out = json.loads(r.stdout)
    assert not out["valid"] and out["stats"]["identities_failing"] == len(out["reports"][0]["identities"]["fail"])
    info = out["reports"][0]
    assert (info["unit"], info["year"], info["phase"], info["scope"]) == ("上海市普陀区司法局", 2026, "预算", "单位")
    assert info["pages"] == 21 and len(info["tables"]) >= 9
    assert all(t["pages"] for t in info["tables"])
    assert {t["scale"] for t in info["tables"]} == {"元", "万元"}
    ids = info["identities"]
    assert ids["checked"] > 200 and ids["hold"] == ids["checked"] - len(ids["fail"])
    assert any("行政运行" in f["where"] for f in ids["fail"])  # the document's own repeated 64,840,547


def test_inspect_text_of_a_narrative_only_pdf():
    r = run_cli("inspect", str(next(PDF.glob("09_*.pdf"))))
    assert r.returncode == 0, r.stderr
    assert "no budget tables found" in r.stdout and "identities: 0 of 0 hold" in r.stdout


def test_pdf_batch_runs_on_and_counts_failures(tmp_path: Path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n%%EOF truncated")
    good = [next(PDF.glob("06_*.pdf")), next(PDF.glob("09_*.pdf"))]
    out = tmp_path / "out"
    r = run_cli("ingest", *map(str, good), str(bad), "-o", str(out), "--jobs", "2")
    assert r.returncode == 2
    assert "ingested 2 of 3 files, 1 failed" in r.stderr and "broken.pdf" in r.stderr
    assert sorted(p.name for p in out.glob("*.ttl")) == sorted(p.stem + ".ttl" for p in good)
