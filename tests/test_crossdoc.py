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
    assert all(o.holds > 10 and o.fails == 0 for o in outcomes.values())
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


def test_a_final_accounts_budget_column_without_nian_chu():
    """A 决算's column headed 预算数 (not 年初预算数) may be the full-year budget: where it differs from the budget
    document the comparison cannot be determined (budget-phase-unclear); where it agrees, it holds."""
    store = ox.Store()
    store.bulk_extend(cf.quads(3, 1, only=("budget", "final"), final_heading="预算数"))
    s = crossdoc.read_store(crossdoc.ox_select(store))
    items = [c for c in crossdoc.comparisons(s) if c.kind == "crossdoc-final-budget"]
    assert items and all(c.if_different == "budget-phase-unclear" for c in items)
    cell = items[0].cells[0]
    cf._set_amount(store, cell.iri, cell.amount + 10000, s.tables[cell.table][2])
    report = crossdoc.check_store(store)
    assert report.findings == []
    outcome = report.outcomes["crossdoc-final-budget"]
    assert outcome.reasons == {"budget-phase-unclear": 1} and outcome.holds == len(items) - 1


# -- the corpus families -----------------------------------------------------------------------------------------

FAMILIES = {  # file → its family
    "92_central-chongqing_xinan-daxue_2024_dept-budget.pdf": "university", "93_central-chongqing_xinan-daxue_2024_dept-final.pdf": "university",
    "82_shanghai-putuo_qufu-bangongshi_2025_dept-budget.pdf": "district office", "83_shanghai-putuo_qufu-bangongshi_2025_unit-budget.pdf": "district office",
    "84_shanghai-putuo_shangwuwei_2025_dept-budget.pdf": "commission", "85_shanghai-putuo_shangwuwei_2025_unit-budget.pdf": "commission",
    "80_shanghai-putuo_wanli-jiedao_2024_dept-budget.pdf": "street", "81_shanghai-putuo_wanli-jiedao_2023_dept-budget.pdf": "street",
    "69_jiangsu_renda-bgt_2017_dept-budget.pdf": "jiangsu", "71_jiangsu_renda-bgt_2019_dept-budget.pdf": "jiangsu",
    "05_shanghai-putuo_caizhengju_2024_dept-final.pdf": "finance bureau", "88_shanghai-putuo_caizhengju_2025_dept-budget.pdf": "finance bureau",
    "86_shanghai-putuo_sifaju_2026_dept-budget.pdf": "justice bureau", "02_shanghai-putuo_sifaju_2026_unit-budget.pdf": "justice bureau",
}


def _path(name: str) -> Path:
    return (WIDE / name) if (WIDE / name).exists() else CORPUS / name


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory) -> tuple[ox.Store, dict[str, str]]:
    """The corpus families, each PDF ingested once into its named graph (cached as Turtle for the session)."""
    missing = [n for n in FAMILIES if not _path(n).exists()]
    if missing:
        pytest.skip(f"corpus not present: {missing[:2]}")
    out = tmp_path_factory.mktemp("crossdoc-corpus")
    files = [str(_path(n)) for n in FAMILIES]
    cmd = [str(ROOT / ".venv" / "bin" / "budgetkg"), "ingest", *files, "-o", str(out), "--jobs", "1"]
    subprocess.run(cmd, check=True, capture_output=True, env={**os.environ, "BUDGETKG_DEBUG": "1"})
    store = crossdoc.load_graphs(sorted(out.glob("*.ttl")))
    docs = {}
    for ttl in out.glob("*.ttl"):
        one = crossdoc.load_graphs([ttl])
        docs[FAMILIES[ttl.stem + ".pdf"]] = docs.get(FAMILIES[ttl.stem + ".pdf"], "") + " " + next(
            iter(one.named_graphs())).value
    return store, docs


def _by_document(store: ox.Store) -> dict[tuple[str, str, str | None], int]:
    """(document, check, outcome or reason) → comparisons, as the checks count them."""
    s = crossdoc.read_store(crossdoc.ox_select(store))
    out: Counter = Counter()
    for c in crossdoc.comparisons(s):
        if c.reason:
            out[c.document, c.kind, c.reason] += 1
            continue
        total = sum(o.amount for o in c.others)
        ok = abs(c.cells[0].amount - total) <= c.tolerance
        out[c.document, c.kind, "holds" if ok else c.if_different or "fails"] += 1
    return dict(out)


def test_corpus_families(corpus_store):
    store, _ = corpus_store
    report = crossdoc.check_store(store)
    # no check fails on the corpus: every difference found is explained by a unit that is not loaded
    assert report.findings == [], report.text("en")
    counts = _by_document(store)
    base = "http://localhost:8000/id/doc/"
    # district office and commission: the 部门 is its 本部 (the other unit 不单列预算, 并入本部), every cell holds
    assert counts[base + "31-0a962895e9/2025/budget", "crossdoc-department-sum", "holds"] >= 200
    assert counts[base + "31-71c5eee6e0/2025/budget", "crossdoc-department-sum", "holds"] >= 250
    assert not any(k[0] in (base + "31-0a962895e9/2025/budget", base + "31-71c5eee6e0/2025/budget")
                   and k[1] == "crossdoc-department-sum" and k[2] != "holds" for k in counts)
    # justice bureau: 本部 + 普陀区法律援助中心, whose 单位预算 is not in the corpus: the cells that differ (公共安全支出
    # 87,267,272.44 元 in the 部门 vs 79,189,400.34 in the 本部, p. 12 / p. 11) cannot be determined, the others hold
    assert counts[base + "31-50648f4887/2026/budget", "crossdoc-department-sum", "holds"] > 100
    assert counts[base + "31-50648f4887/2026/budget", "crossdoc-department-sum", "units-missing"] > 100
    # 05 (2024 决算): its 三公 预算数 restates the 2024 budget, which is not in the corpus (88 is 2025's)
    assert counts[base + "31-dae7287c88/2024/final", "crossdoc-final-budget", "missing-document"] == 1
    # the other 部门 documents have no 单位 document loaded
    for doc in ("31-9f4673e6bd/2023/budget", "31-9f4673e6bd/2024/budget", "32-c7812c6afd/2017/budget",
                "32-c7812c6afd/2019/budget", "cn-13d12b0c95/2024/budget", "cn-13d12b0c95/2024/final",
                "31-dae7287c88/2025/budget"):
        assert counts[base + doc, "crossdoc-department-sum", "missing-document"] == 1
    # the street office's 2024 narrative against its 2023 budget's: 财政拨款收入15621.11万元，比2023年预算减少876.75万元
    # (p. 6 of 80; 2023: 16497.86, p. 6 of 81), … — all hold; 公务用车运行费 and 公务用车购置及运行费 (p. 32 of 80) are
    # worded 公务车用车运行费 and
    # 公务车购置及运行费 in 2023 (p. 29 of 81): no counterpart. The other years before are not in the corpus.
    street = base + "31-9f4673e6bd/2024/budget"
    assert counts[street, "crossdoc-prior-year-text", "holds"] == 7
    assert counts[street, "crossdoc-prior-year-text", "no-counterpart"] == 2
    assert counts[base + "31-9f4673e6bd/2023/budget", "crossdoc-prior-year-text", "missing-document"] == 8
    assert not any(k[1] == "crossdoc-prior-year-text" and k[2] not in ("missing-document", "no-counterpart")
                   for k in counts if k[0] != street)
    # no restated column to compare: 93 (西南大学 2024 决算) prints no 年初预算 column, and the budgets of the street
    # office (2024), the Jiangsu body (2019) and the finance bureau (2025) print no 上年 column
    assert not any(k[1] == "crossdoc-prior-year" for k in counts)
    assert not any(k[0] == base + "cn-13d12b0c95/2024/final" and k[1] == "crossdoc-final-budget" for k in counts)
    # the outcomes of the report say the same
    o = report.outcomes
    assert o["crossdoc-department-sum"].fails == 0 and o["crossdoc-department-sum"].reasons["units-missing"] > 100
