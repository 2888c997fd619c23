"""Validation of the eight real disclosures (tests/fixtures/pdf): every Violation is a real error of
the document, and rounding differences within the tolerance are never Violations.

Each expected Violation is listed with the reason it is a real error (checked against the PDF and
tests/fixtures/pdf/truth.json). The test skips when the PDF reader (ingest.extract.pdf) is missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetkg.ingest import parse_document, to_graph
from budgetkg.ingest.validate import validate_document

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"


# file prefix → {(rule, words every message of that finding contains): reason it is a real error}
REAL_ERRORS: dict[str, dict[tuple[str, str], str]] = {
    "02": {
        ("column-sum", "行政运行"): "204 06 01 行政运行: 合计 14,348,853.34 but 基本 14,348,853.34 + 项目 64,840,547.00 "
                                   "(the 项目 cell repeats the 款 total); truth.json oddities",
        ("row-sum", "司法"): "the same repeated 64,840,547.00 makes 项目 of 行政运行 exceed its 款 司法",
        ("column-sum", "合计"): "合计 row prints 基本支出 '22,118,861' without its .34 (truth.json expenditure_table.note), "
                               "so 基本 + 项目 ≠ 合计 86,959,408.34",
        ("row-sum", "合计"): "基本支出 合计 printed 22,118,861 while its rows add up to 22,118,861.34",
        ("column-sum", "公共安全支出"): "收支总表 prints 人员经费 / 公用经费 as integers (20,374,181 / 1,744,680) that "
                                       "miss the .34 of 合计 79,189,400.34",
        ("column-sum", "支出总计"): "same integers in the 支出总计 row",
        ("nature-totals", "22118861"): "基本支出表 合计 22,118,861.34 vs 22,118,861 printed in the function and "
                                      "expenditure tables",
    },
    "05": {
        ("claim-amount", "0.3"): "p21 '财政拨款收入支出总计0.3万元' — the table says 2,961.68 (truth.json oddities)",
    },
}
# documents whose narrative error must be found
MUST_FIND = {"05": ("claim-amount", "财政拨款收入支出总计")}

FILES = sorted(FIXTURES.glob("*.pdf"))


@pytest.fixture(scope="module", params=FILES, ids=[f.name[:2] for f in FILES])
def report(request):
    return request.param.name[:2], validate_document(to_graph(parse_document(request.param)), source=request.param.name)


def _explained(finding, expected: dict[tuple[str, str], str]) -> bool:
    return any(finding.rule == rule and words in finding.message_zh + finding.message_en for rule, words in expected)


def test_every_violation_is_a_real_error(report):
    key, rep = report
    expected = REAL_ERRORS.get(key, {})
    unexplained = [f"{f.rule}: {f.message_en}" for f in rep.violations if not _explained(f, expected)]
    assert not unexplained, "\n".join(unexplained)


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
