"""The planting machinery of the review benchmark (bench/bench_review.py): an error planted through the text
layer of a real PDF reaches the reader (the copy reads differently), and validation finds it for classes whose
shapes exist — an arithmetic part changed (表 2026年预算单位财务收支预算总表 of 02_shanghai-putuo_sifaju,
a column sum), a narrative amount linked to a cell changed (page 6: "2026年，上海市普陀区司法局收入预算
8695.94万元"), a doubled comma, the 截至 date's year. The unchanged original is not "detected"."""

from __future__ import annotations

import pickle
from collections import Counter
from pathlib import Path

import pytest

from bench import bench_review as br

DOC = Path(__file__).resolve().parent / "fixtures" / "pdf" / "02_shanghai-putuo_sifaju_2026_unit-budget.pdf"
CLASSES = ("arith-cell", "narrative-amount", "doubled-punct", "as-of-date")

pytestmark = pytest.mark.skipif(not DOC.exists(), reason="corpus PDF not present")


@pytest.fixture(scope="module")
def surveyed(tmp_path_factory):
    cache = tmp_path_factory.mktemp("pages")
    try:
        yield cache, br.survey(str(DOC), str(cache), CLASSES)
    finally:
        if br._READER is not None:  # the reader's page function goes back to the product's own
            br._READER.close()
            br._READER = None


def test_edit_changes_the_page_text(surveyed):
    cache, found = surveyed
    plant = br._plant(found["plants"]["narrative-amount"][0])
    pages = pickle.loads(next(cache.glob("*.pkl")).read_bytes())
    line = pages[plant.edit.page - 1].lines[plant.edit.index[0]]
    before = line.text
    br.apply_edit(pages, plant.edit)
    assert line.text != before and plant.edit.new in line.text and "8695.94" in before


@pytest.mark.parametrize("cls", CLASSES)
def test_planted_error_is_detected(surveyed, cls):
    cache, found = surveyed
    plants = found["plants"][cls]
    assert plants, f"no target for {cls} in {DOC.name}"
    [record] = br.run_copies(str(DOC), str(cache), plants[:1], found["original"])
    assert record["detected"], record


def test_unchanged_copy_is_not_detected(surveyed):
    """The judge is not vacuous: the original's own findings, read again, detect nothing."""
    from budgetkg.ingest.validate import validate_parsed

    cache, found = surveyed
    br._reader(cache).plant = None
    findings = validate_parsed(br.parse(DOC), source=DOC.name).findings
    base = Counter(tuple(k) for k in found["original"])
    for cls in CLASSES:
        assert not br.judge(br._plant(found["plants"][cls][0]), findings, base)[0]
