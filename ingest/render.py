"""Re-render the disclosed tables from a document graph (the inverse of the mapping), as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph
from rdflib.query import ResultRow
from rdflib.term import Identifier

from .vocab import SPARQL_PREFIXES

_TABLES = SPARQL_PREFIXES + """
SELECT ?table ?label ?title ?scale ?role ?idx WHERE {
  ?table a cnb:BudgetTable ; cnb:tableLabel ?label ; dct:title ?title ; cnb:scaleLabel ?scale ;
         cnb:tableRole ?role ; cnb:tableIndex ?idx .
} ORDER BY ?idx
"""
_COLUMNS = SPARQL_PREFIXES + """
SELECT ?col ?i ?label ?side WHERE {
  ?table cnb:hasColumn ?col . ?col cnb:columnIndex ?i ; cnb:columnLabel ?label .
  OPTIONAL { ?col cnb:side ?side }
} ORDER BY ?i
"""
_ROWS = SPARQL_PREFIXES + """
SELECT ?row ?i ?label ?kind ?side ?codeText ?code ?unitCode WHERE {
  ?table cnb:hasRow ?row . ?row cnb:rowIndex ?i ; cnb:rowLabel ?label ; cnb:rowKind ?kind .
  OPTIONAL { ?row cnb:side ?side } OPTIONAL { ?row cnb:codeText ?codeText }
  OPTIONAL { ?row cnb:code ?code } OPTIONAL { ?row cnb:unitCode ?unitCode }
} ORDER BY ?i
"""
_CELLS = SPARQL_PREFIXES + """
SELECT ?row ?col ?value WHERE {
  ?table cnb:hasRow ?row . ?line cnb:row ?row ; cnb:column ?col ; cnb:publishedValue ?value .
}
"""
_INDICATORS = SPARQL_PREFIXES + """
SELECT ?gi ?project ?amount ?ii ?l1 ?l2 ?name ?cmp ?target ?text ?unit ?grade ?weight ?pol WHERE {
  ?doc cnb:hasGoal ?goal . ?goal cnb:projectName ?project ; cnb:hasIndicator ?ind .
  ?goal cnb:amountLine/cnb:row/cnb:rowIndex ?gi .
  OPTIONAL { ?goal cnb:amountLine/cnb:publishedValue ?amount }
  ?ind cnb:indicatorIndex ?ii ; cnb:indicatorName ?name ; cnb:targetText ?text .
  OPTIONAL { ?ind cnb:indicatorLevel1/skos:notation ?l1n } OPTIONAL { ?ind cnb:indicatorLevel1 ?l1 }
  OPTIONAL { ?ind cnb:indicatorLevel2 ?l2 } OPTIONAL { ?ind cnb:comparator ?cmp }
  OPTIONAL { ?ind cnb:targetValue ?target } OPTIONAL { ?ind cnb:unitLabel ?unit }
  OPTIONAL { ?ind cnb:grade ?grade } OPTIONAL { ?ind cnb:weight ?weight } OPTIONAL { ?ind cnb:polarity ?pol }
} ORDER BY ?gi ?ii
"""


@dataclass
class RenderedTable:
    """A table as rows of strings, ready for CSV."""

    label: str
    title: str
    scale: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)

    def to_csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(self.header)
        w.writerows(self.rows)
        return buf.getvalue()


def _s(v) -> str:
    return "" if v is None else str(v)


def _tail(iri) -> str:
    return "" if iri is None else str(iri).rsplit("/", 1)[-1]


def _published(value) -> str:
    return format(Decimal(str(value)), "f")


def _select(graph: Graph, query: str, **bindings: Identifier) -> Iterator[ResultRow]:
    """The solutions of a SELECT query (the only kind of result a SELECT yields)."""
    for solution in graph.query(query, initBindings=bindings):
        assert isinstance(solution, ResultRow)
        yield solution


def render_tables(graph: Graph) -> list[RenderedTable]:
    """Every table of the graph, in document order, with published values."""
    out: list[RenderedTable] = []
    for t in _select(graph, _TABLES):
        table = t.table
        if _tail(t.role) == "performance":
            out.append(_render_performance(graph, t))
            continue
        cols = list(_select(graph, _COLUMNS, table=table))
        rows = list(_select(graph, _ROWS, table=table))
        cells: dict[tuple[Identifier, Identifier], str] = {
            (c.row, c.col): _published(c.value) for c in _select(graph, _CELLS, table=table)
        }
        header = ["row", "kind", "side", "code", "unit_code", "label"] + [str(c.label) for c in cols]
        rt = RenderedTable(str(t.label), str(t.title), str(t.scale), header)
        for r in rows:
            values = [cells.get((r.row, c.col), "") for c in cols]
            rt.rows.append([_s(r.i), _tail(r.kind), _tail(r.side), _s(r.codeText or r.code), _s(r.unitCode),
                            str(r.label), *values])
        out.append(rt)
    return out


def _render_performance(graph: Graph, t: ResultRow) -> RenderedTable:
    header = ["project_row", "project", "amount", "indicator", "level1", "level2", "name", "comparator",
              "target", "target_text", "unit", "grade", "weight", "polarity"]
    rt = RenderedTable(str(t.label), str(t.title), str(t.scale), header)
    for r in _select(graph, _INDICATORS):
        rt.rows.append([
            _s(r.gi), str(r.project), _published(r.amount) if r.amount is not None else "", _s(r.ii),
            _tail(r.l1), _tail(r.l2), str(r.name), _tail(r.cmp),
            _published(r.target) if r.target is not None else "", str(r.text), _s(r.unit), _s(r.grade),
            _published(r.weight) if r.weight is not None else "", _tail(r.pol),
        ])
    return rt
