"""The foundation's typed model and graph on the bundled sample (acceptance 2–4)."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from budgetkg.ingest import parse_document, to_graph
from budgetkg.ingest.model import Phase, Scope, TableRole
from budgetkg.ingest.vocab import CNB, OBEU_MEASURE, SPARQL_PREFIXES


def test_identity_comes_from_the_document(sample_doc):
    assert sample_doc.unit_name == "四川省人民政府办公厅信息技术服务中心"
    assert sample_doc.year == 2025
    assert sample_doc.phase is Phase.BUDGET
    assert sample_doc.scope is Scope.UNIT
    assert sample_doc.unit_code == "301603"
    assert sample_doc.region == "51"
    assert {t.scale_label for t in sample_doc.tables} == {"万元"}
    assert all(t.scale == Decimal(10000) for t in sample_doc.tables)


def test_every_table_of_the_sample_is_read(sample_doc):
    labels = [t.label for t in sample_doc.tables]
    assert labels == ["公开表1", "公开表1-1", "公开表1-2", "公开表2", "公开表2-1", "公开表3", "公开表3-1",
                      "公开表3-2", "公开表3-3", "公开表4", "公开表4-1", "公开表5", "公开表6"]
    roles = {t.label: t.role for t in sample_doc.tables}
    assert roles["公开表3-1"] is TableRole.GENERAL_BASIC
    assert roles["公开表6"] is TableRole.PERFORMANCE
    empty = {t.label for t in sample_doc.tables if t.is_empty}
    assert empty == {"公开表4", "公开表4-1", "公开表5"}
    assert all("本表无数据" in (sample_doc.tables[labels.index(e)].note or "") for e in empty)


def test_amounts_are_decimals_in_published_scale(sample_doc):
    for table in sample_doc.tables:
        for row in table.rows:
            for cell in row.cells:
                assert isinstance(cell.value, Decimal)


def test_blank_cells_are_placed_by_arithmetic(sample_doc):
    """1-2 prints "385.31 385.31": the second amount is 基本支出, not 项目支出 (sums decide)."""
    t = next(t for t in sample_doc.tables if t.label == "公开表1-2")
    by_code = {r.code: r for r in t.rows}
    assert by_code["2010350"].value(1) == Decimal("385.31") and by_code["2010350"].value(2) is None
    assert by_code["2010399"].value(2) == Decimal("21212.28") and by_code["2010399"].value(1) is None
    basic = next(t for t in sample_doc.tables if t.label == "公开表3-1")
    by_code = {r.code: r for r in basic.rows}
    assert by_code["302"].value(2) == Decimal("100.26") and by_code["302"].value(1) is None  # 公用经费
    assert by_code["303"].value(1) == Decimal("0.02")  # 人员经费
    three = next(t for t in sample_doc.tables if t.label == "公开表3-3")
    total = three.total_row()
    assert total is not None
    assert three.columns[total.cells[1].column].leaf == "公务接待费"


def test_narrative_numbers_and_glossary(sample_doc):
    kinds = {s.kind for s in sample_doc.sections}
    assert kinds == {"overview", "explanation", "glossary"}
    stated = {(c.subject, c.value, c.unit) for c in sample_doc.claims}
    assert ("基本支出", Decimal("537.88"), "万元") in stated
    assert ("人员经费", Decimal("437.12"), "元") in stated
    assert ("上年结转", Decimal("7.83"), "%") in stated
    assert len(sample_doc.terms) == 22
    assert sample_doc.terms[0].term == "一般公共预算拨款收入"


def test_amounts_are_typed_and_normalised_to_yuan(sample_graph):
    amounts = list(sample_graph.objects(None, OBEU_MEASURE.amount))
    assert len(amounts) >= 290
    assert all(isinstance(a, Literal) and a.datatype == XSD.decimal for a in amounts)
    total = sample_graph.query(SPARQL_PREFIXES + """
        SELECT ?v WHERE { ?l obeu-measure:amount ?v ; cnb:row ?r ; qb:dataSet ?t .
          ?t cnb:tableLabel "公开表1" . ?r cnb:rowLabel "收入总计"@zh }""")
    assert [r.v.toPython() for r in total] == [Decimal("217496600")]


def test_every_amount_links_to_its_provenance(sample_graph):
    q = SPARQL_PREFIXES + """
    SELECT ?line ?text ?table ?row ?col ?src WHERE {
      ?line obeu-measure:amount ?v .
      OPTIONAL { ?line cnb:source ?s . ?s cnb:verbatimText ?text ; cnb:tableLabel ?table ;
                 cnb:rowIndex ?row ; cnb:columnIndex ?col ; cnb:sourceLine ?src ; oa:hasSource ?file . }
    }"""
    rows = list(sample_graph.query(q))
    assert rows and all(r.text is not None and r.src is not None for r in rows), [r.line for r in rows if r.text is None][:5]
    lines = (s := __import__("budgetkg_testing").SAMPLE).read_text(encoding="utf-8").split("\n")
    for r in rows:
        assert str(r.text) in lines[int(r.src) - 1], (r.line, r.text, r.src)
    _ = s


def test_indicators_and_weights_link_to_provenance(sample_graph):
    q = SPARQL_PREFIXES + "SELECT (COUNT(?i) AS ?n) WHERE { ?i a cnb:IndicatorTarget ; cnb:weight ?w ; cnb:source/cnb:sourceLine ?l }"
    assert int(next(iter(sample_graph.query(q))).n) == 80


def test_ingest_is_deterministic(sample_path, sample_graph):
    again = to_graph(parse_document(sample_path))
    assert isomorphic(again, sample_graph)
    assert len(again) == len(sample_graph)
    assert not any(isinstance(t, type(None)) for t in again.subjects())


def test_graph_has_no_blank_nodes(sample_graph):
    from rdflib import BNode

    assert not [t for t in sample_graph if any(isinstance(x, BNode) for x in t)]


def test_projects_sharing_a_name_stay_distinct(sample_graph):
    q = SPARQL_PREFIXES + """SELECT ?p WHERE { ?p a cnb:Project ; cnb:projectName "四川省电子政务外网线路租用及日常运维项目"@zh }"""
    assert len(list(sample_graph.query(q))) == 2
    goals = SPARQL_PREFIXES + "SELECT ?g ?p WHERE { ?g a cnb:PerformanceGoal ; cnb:goalOf ?p }"
    matched = list(sample_graph.query(goals))
    assert len(matched) == 8 and len({r.p for r in matched}) == 8


def test_terms_used_are_in_project_namespace(sample_graph):
    preds = {p for p in sample_graph.predicates() if str(p).startswith(str(CNB))}
    assert CNB.source in preds and CNB.publishedValue in preds
