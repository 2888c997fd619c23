"""Mutation test: change one printed amount (or one indicator weight) of the sample at a time and check
that validation reports a new Violation — for a weight, on a sheet that states no total of its points, the
Warning that the weights fit neither the 100 nor the 90 + 10 convention (shapes/indicators.ttl); inject
text-level faults and check each is reported.

Seeded and reproducible. Amount mutations edit the in-memory Oxigraph copy of the document graph
(one validation each, no re-ingest); text faults edit the sample text and re-read it. Both run on
two processes.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import time
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg.ingest import to_graph
from budgetkg.ingest.api import parse_bytes
from budgetkg.ingest.claims import link_claims
from budgetkg.ingest.validate import to_store, validate_document, validate_store

SAMPLED = 160  # mutations per run (of about 370: every amount and weight with BUDGETKG_MUTATE_ALL=1)
SAMPLE = Path(__file__).resolve().parent.parent / "ingest" / "data" / "sample.txt"
SEED = 20250101
CNB = "https://w3id.org/cn-budget/ontology#"
AMOUNT = ox.NamedNode("http://data.openbudgets.eu/ontology/dsd/measure/amount")
PUBLISHED = ox.NamedNode(CNB + "publishedValue")
WEIGHT = ox.NamedNode(CNB + "weight")
DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")

# (old text, new text, rule expected to report it)
TEXT_FAULTS = [
    ("2025年度预算项目绩效目标表", "2024年度预算项目绩效目标表", "year-title"),
    ("（一）收入预算情况", "（一）2024年收入预算情况", "year-heading"),
    ("（二）支出预算情况", "（二）2023年度支出预算情况", "year-heading"),
    ("2025年收支预算总数", "2024年收支预算总数", "year-statement"),
    ("2025 年“三公”经费财", "2024 年“三公”经费财", "year-statement"),
    ("截至 2024 年底", "截至 2021 年底", "year-range"),
    ("保障单位正常运转，", "保障单位正常运转，，", "doubled-punctuation"),
    ("均纳入单位预算管理。", "均纳入单位预算管理。。", "doubled-punctuation"),
    ("基本工资、津贴补贴、", "基本工资、、津贴补贴、", "doubled-punctuation"),
    ("隶属于四川省人民政府办公厅的二级预算单", "隶属于XX局的二级预算单", "template-residue"),
    ("本单位无下属预算单位", "本单位无××单位等下属预算单位", "template-residue"),
    ("中心为事业单位，按规定", "中心为某某单位，按规定", "template-residue"),
    ("保障单位正常运转，", "保障单位的的正常运转，", "repeated-word"),
    ("均纳入单位预算管理。", "均纳入单位预算管理，比上年增加（减少）。", "template-leftover"),
    ("公用经费 100.26万元，", "公用经费 100.26万，", "money-unit-malformed"),
    ("目支出 21,212.28万元，占 97.53%。", "目支出 21,212.28万元，占 97.53。", "percent-sign"),
    ("占 7.83%", "占 8.83%", "claim-share"),
    ("占 97.53%", "占 96.53%", "claim-share"),
    ("占 99.24%", "占 98.24%", "claim-share"),
    ("就业支出 70.72万元,占 0.35%", "就业支出 70.72万元,占 0.53%", "claim-share"),
    ("占 100%", "占 120%", "claim-share-range"),
    ("目支出 21,212.28万元，占 97.53%。", "目支出 21,212.28万元，占 97.53%，小于基本支出 537.38万元。", "claim-relation"),
    ("公用经费 100.26万元，", "公用经费 100.26万元，大于人员经费 437.12万元，", "claim-relation"),
    ("公用经费 100.26万元，", "公用经费 100.26，", "claim-unit-missing"),
    ("上年结转 1,702.15万元", "上年结转 1,702.15元", "claim-unit"),
    ("目支出 21,212.28万元", "目支出 21,312.28万元", "claim-amount"),
    ("公用经费 100.26万元", "公用经费 10.26万元", "claim-amount"),
    ("政拨款预算数 1.35 万元", "政拨款预算数 1.53 万元", "claim-amount"),
    ("注：本单位2025年无政府性基金预算，本表无数据。", "注：本单位2025年无国有资本经营预算，本表无数据。", "empty-table-note"),
]

_STORE: ox.Store | None = None
_BASE: set[tuple[str, str]] = set()


def _keys(report) -> set[tuple[str, str]]:
    return {(f.rule, f.message_en) for f in report.findings if f.severity in ("Violation", "Warning")}


def _violations(report) -> set[tuple[str, str]]:
    return {(f.rule, f.message_en) for f in report.findings
            if f.severity == "Violation" or f.rule == "indicator-weights-convention"}


def _init(data: bytes) -> None:
    global _STORE, _BASE
    _STORE = ox.Store()
    _STORE.load(data, format=ox.RdfFormat.N_TRIPLES)
    _BASE = _violations(validate_store(_STORE))


def _lit(value: Decimal) -> ox.Literal:
    return ox.Literal(format(value, "f"), datatype=DECIMAL)


def _mutate(job: tuple[str, str, str]) -> tuple[str, str, bool, str]:
    """Apply one change, validate, undo; (node, change, detected, reason)."""
    node_iri, kind, delta = job
    assert _STORE is not None
    node = ox.NamedNode(node_iri)
    d = Decimal(delta)
    if kind == "weight":
        old = next(_STORE.quads_for_pattern(node, WEIGHT, None))
        changes = [(old, ox.Quad(node, WEIGHT, _lit(Decimal(old.object.value) + d), ox.DefaultGraph()))]
    else:
        amount = next(_STORE.quads_for_pattern(node, AMOUNT, None))
        published = next(_STORE.quads_for_pattern(node, PUBLISHED, None))
        scale = 10 ** int(kind)
        new = Decimal(published.object.value) + d
        changes = [(amount, ox.Quad(node, AMOUNT, _lit(new * scale), ox.DefaultGraph())),
                   (published, ox.Quad(node, PUBLISHED, _lit(new), ox.DefaultGraph()))]
    for old, new in changes:
        _STORE.remove(old)
        _STORE.add(new)
    try:
        new_violations = _violations(validate_store(_STORE)) - _BASE
    finally:
        for old, new in changes:
            _STORE.remove(new)
            _STORE.add(old)
    reason = "; ".join(sorted(r for r, _ in new_violations)) or "no new violation"
    return node_iri, delta, bool(new_violations), reason


def _jobs(store: ox.Store) -> list[tuple[str, str, str]]:
    rng = random.Random(SEED)
    jobs = []
    dataset = ox.NamedNode("http://purl.org/linked-data/cube#dataSet")
    money_scale = ox.NamedNode("https://w3id.org/cn-budget/ontology#moneyScale")
    lines = sorted(q.subject.value for q in store.quads_for_pattern(None, AMOUNT, None))
    for iri in lines:  # the published scale's exponent (amounts are in 元; the table states its scale)
        table = next(store.quads_for_pattern(ox.NamedNode(iri), dataset, None)).object
        scale = next(store.quads_for_pattern(table, money_scale, None)).object.value
        exp = str(len(str(int(Decimal(scale)))) - 1)
        delta = Decimal(rng.randint(100, 50000)) / 100 * rng.choice((-1, 1))  # 1.00 … 500.00 published units
        jobs.append((iri, exp, format(delta, "f")))
    for q in sorted(store.quads_for_pattern(None, WEIGHT, None), key=lambda q: q.subject.value):
        jobs.append((q.subject.value, "weight", str(rng.randint(1, 10) * rng.choice((-1, 1)))))
    if os.environ.get("BUDGETKG_MUTATE_ALL"):
        return jobs
    # a seeded sample keeps the README's test run short; BUDGETKG_MUTATE_ALL=1 changes every amount and weight
    return sorted(rng.sample(jobs, min(len(jobs), SAMPLED)))


_TEXT_BASE: set[tuple[str, str]] | None = None


def _fault(job: tuple[str, str, str]) -> tuple[str, str, bool, str]:
    global _TEXT_BASE
    old, new, rule = job
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text, old
    if _TEXT_BASE is None:
        _TEXT_BASE = _keys(validate_document(to_graph(parse_bytes(text.encode("utf-8"), "sample.txt"))))
    base = _TEXT_BASE
    report = validate_document(to_graph(parse_bytes(text.replace(old, new, 1).encode("utf-8"), "sample.txt")))
    found = {r for r, _ in _keys(report) - base}
    return new, rule, rule in found, ", ".join(sorted(found)) or "nothing new"


@pytest.fixture(scope="module")
def pool():
    graph = to_graph(parse_bytes(SAMPLE.read_bytes(), "sample.txt"))
    link_claims(graph)
    data = graph.serialize(format="nt", encoding="utf-8")
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(2, initializer=_init, initargs=(data,)) as p:
        yield p, to_store(graph)


def test_every_amount_and_weight_change_is_detected(pool):
    p, store = pool
    jobs = _jobs(store)
    assert len(jobs) >= min(SAMPLED, 300)
    start = time.perf_counter()
    results = p.map(_mutate, jobs, chunksize=8)
    elapsed = time.perf_counter() - start
    missed = [r for r in results if not r[2]]
    rate = 1 - len(missed) / len(results)
    print(f"\n{len(results)} mutations ({sum(j[1] == 'weight' for j in jobs)} weights), "
          f"{len(results) - len(missed)} detected ({rate:.1%}) in {elapsed:.0f} s on 2 processes")
    for node, delta, _, reason in missed:
        print(f"  unnoticed: {node} {delta}: {reason}")
    assert rate >= 0.97


def test_every_text_fault_is_detected(pool):
    p, _ = pool
    assert len(TEXT_FAULTS) >= 20
    results = p.map(_fault, TEXT_FAULTS)
    missed = [r for r in results if not r[2]]
    for new, rule, _, found in missed:
        print(f"  unnoticed: {new!r} (expected {rule}; found {found})")
    assert not missed
