"""Validation of the eight real disclosures (tests/fixtures/pdf): every Violation is a real error of
the document, and rounding differences within the tolerance are never Violations.

The real errors are those of the ledger (tests/fixtures/ledger/<document>.json, read by
:mod:`budgetkg.ingest.baseline`): each entry names the finding exactly (rule, table, row, column or the stated
sentence) with the page and the evidence a reader checks there (see also tests/fixtures/pdf/truth.json's oddities).
A document without a ledger file has no real error. There is no other excuse list.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from budgetkg.ingest import baseline, parse_document, to_graph
from budgetkg.ingest.validate import validate_document
from budgetkg_testing import require_corpus

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"
require_corpus()
LEDGER = Path(__file__).parent / "fixtures" / "ledger"

# documents whose narrative error must be found
MUST_FIND = {"05": ("claim-amount", "财政拨款收入支出总计")}

# the eight documents truth.json describes: a missing one is a failure, not a smaller corpus
FILES = [FIXTURES / name for name in sorted(json.loads((FIXTURES / "truth.json").read_text(encoding="utf-8")))]


@pytest.fixture(scope="module", params=FILES, ids=[f.name[:2] for f in FILES])
def report(request):
    return request.param.name[:2], validate_document(to_graph(parse_document(request.param)), source=request.param.name)


def test_every_violation_is_a_real_error(report):
    """The Violations are exactly the ledger's: none outside it, none of it missing."""
    key, rep = report
    name = next(f for f in FILES if f.name.startswith(key))
    entries = [e for e in baseline.load(LEDGER / f"{name.stem}.json") if e["severity"] == "Violation"]
    got = sorted(baseline.finding_key(f) for f in rep.violations)
    assert got == sorted(e["key"] for e in entries)


def test_known_narrative_error_is_found(report):
    key, rep = report
    if key not in MUST_FIND:
        pytest.skip("no narrative error to find in this document")
    rule, words = MUST_FIND[key]
    assert any(f.rule == rule and words in f.message_zh for f in rep.violations)


def test_rounding_within_tolerance_is_not_a_violation(report):
    """Differences of 0.01 of the published unit (13: 12,899.62 vs 12,899.61; 11: 556.47 vs 556.46;
    05: 326.71 vs 326.72; 18: 1,704.12 vs 1,704.11) never come out as Violations."""
    _, rep = report
    for f in rep.violations:
        assert "(difference 0.01," not in f.message_en and "（差 0.01，" not in f.message_zh, f.message_en


def _templates(rule: str, lang: str) -> list[str]:
    from rdflib import URIRef
    from rdflib.namespace import SH

    from budgetkg.ingest.validate import SHAPES_NS, _template, shapes_graph

    shapes = shapes_graph()
    shape = URIRef(SHAPES_NS + rule)
    nodes = [shape, *shapes.objects(shape, SH.sparql), *shapes.objects(shape, SH.property)]
    return [_template(str(m)) for n in nodes for m in shapes.objects(n, SH.message) if m.language == lang]


def test_each_message_is_in_its_language(report):
    """A message that starts with a Chinese table name is still the English one when English is asked for."""
    _, rep = report
    checked = 0
    for f in rep.findings:
        for lang, text in (("zh", f.message_zh), ("en", f.message_en)):
            templates = _templates(f.rule, lang)
            assert not templates or any(t.fullmatch(text) for t in templates), (f.rule, lang, text)
            checked += bool(templates)
    assert checked or not rep.findings


def test_final_accounts_give_no_false_warnings():
    """05 (部门决算): its 三公 table prints 预算数 beside 决算数 (only 决算数 is compared with the economic lines), and
    its list of member units (部门决算单位构成, page 5) is a grid but no budget table."""
    path = next(f for f in FILES if f.name.startswith("05"))
    rep = validate_document(to_graph(parse_document(path)), source=path.name)
    assert [f.rule for f in rep.findings if f.severity == "Warning"] == []


def test_code_names_agree_with_the_code_list(report):
    """The eight real documents name every checked 类/款/项 and economic code as the reference code list does (or
    as one of its other spellings): the code-name rule raises nothing on them."""
    _, rep = report
    assert not [f.message_en for f in rep.findings if f.rule == "code-name"]


def test_no_item_is_reported_uncovered_without_a_list_of_uses(report):
    """None of the eight real documents has a 具体使用情况 list that the claim linker ties to 款/项 rows of the
    一般公共预算支出表, so the coverage rule (tests/test_validate.py) must stay silent on all of them."""
    _, rep = report
    assert not [f.message_en for f in rep.findings if f.rule == "function-item-covered"]


def test_stated_growth_rates_agree(report):
    """Five of the eight documents state changes as "X万元，比上年增加D万元，增长P%" (16 statements); all agree with
    their numbers, so the growth-rate rule raises nothing."""
    _, rep = report
    assert not [f.message_en for f in rep.findings if f.rule == "growth-rate"]
