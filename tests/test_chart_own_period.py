"""A document's spending chart shows the document's own year and phase, never a prior-year or change column.

The table is built in the model as Chongqing's 表五 prints it (功能分类科目 | 2025年预算数 | 2026年预算数 总计 |
增减额), with a class whose 2025 budget is larger than its 2026 budget and a change column beside it.
"""

from __future__ import annotations

from decimal import Decimal

from budgetkg.ingest.api import to_graph
from budgetkg.ingest.extract.column_meaning import type_columns
from budgetkg.ingest.iri import IRIs
from budgetkg.ingest.model import Cell, Column, Document, Phase, Provenance, Row, Scope, Table, TableRole
from budgetkg.server.store import OxigraphStore
from budgetkg.server.views import spending_charts

BASE = "http://localhost:8000/"


def _document() -> Document:
    doc = Document(source_name="t.pdf", sha256="0" * 64, media_type="application/pdf", unit_name="测试单位",
                   year=2026, phase=Phase.BUDGET, scope=Scope.UNIT)
    table = Table("表五", "2026年一般公共预算支出情况表", TableRole.GENERAL_FUNCTION, Decimal(10000), "万元",
                  columns=[Column(0, ("2025年预算数",)), Column(1, ("2026年预算数", "总计")),
                           Column(2, ("比上年增减",))])
    for i, (code, label, values) in enumerate([("201", "一般公共服务支出", ("900.00", "500.00", "-400.00")),
                                               ("208", "社会保障和就业支出", ("100.00", "300.00", "200.00"))]):
        row = Row(i, label, kind="class", code=code, code_system="function", level=1)
        row.cells = [Cell(k, Decimal(v), Provenance(text=v, page=1, table="表五", row=i, column=k))
                     for k, v in enumerate(values)]
        table.rows.append(row)
    doc.tables.append(table)
    type_columns(doc)
    return doc


def test_chart_takes_the_documents_own_columns() -> None:
    doc = _document()
    assert [(c.year, c.measure.value) for c in doc.tables[0].columns] == [(2025, "amount"), (None, "amount"),
                                                                          (None, "change")]
    store = OxigraphStore()
    name = str(IRIs(doc, BASE).document)
    store.replace_graph(name, to_graph(doc, base=BASE))
    charts = spending_charts(store, document=name)
    assert len(charts) == 1
    # 201: 500.00 万元 in 2026 (the 2025 budget of 900.00 万元 is not this document's figure), 208: 300.00 万元
    assert "500.00 万元" in charts[0] and "300.00 万元" in charts[0]
    assert "900.00 万元" not in charts[0] and "200.00 万元" not in charts[0]
