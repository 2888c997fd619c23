"""Families of generated documents for the cross-document checks (issue 17): one unit's budget and final account of
a year, its next year's budget, a subordinate unit and their department — and planted inconsistencies.

From one generated 单位预算 (:mod:`bench.generate_corpus`, amounts v) of unit U and year Y:

- ``budget``: U's 预算 of Y (v);
- ``final``: U's 决算 of Y — own columns 0.95 v, plus a 年初预算数 column beside each amount column (v);
- ``next``: U's 预算 of Y + 1 — own columns 1.05 v, plus 上年预算数 (v) and 上年执行数 (0.95 v) columns;
- ``sub``: a 单位预算 of a unit under U's department (v), ``org:subOrganizationOf`` it;
- ``dept``: the 部门预算 of U's department (U's 本级 + the sub-unit: 2 v), listing the sub-unit
  (``org:hasSubOrganization``).

Each such family holds (every comparison of :mod:`ingest.crossdoc`); :func:`plant` changes cells of the store so
that chosen comparisons fail, and says which cells it changed.
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterator
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus_build import build_document  # noqa: E402
from bench.corpus_plan import make_plan, make_units  # noqa: E402
from budgetkg.ingest import to_graph  # noqa: E402
from budgetkg.ingest.crossdoc import Comparison, Store  # noqa: E402
from budgetkg.ingest.iri import DEFAULT_BASE, IRIs  # noqa: E402
from budgetkg.ingest.model import (  # noqa: E402
    Claim,
    Column,
    Document,
    Measure,
    Phase,
    Provenance,
    Row,
    Scope,
    Table,
    TableRole,
)

CENT = Decimal("0.01")
_NON_SUBJECT = re.compile(r"[0-9，。；：:,;\s]")
ORG = "http://www.w3.org/ns/org#"
AMOUNT = ox.NamedNode("http://data.openbudgets.eu/ontology/dsd/measure/amount")
PUBLISHED = ox.NamedNode("https://w3id.org/cn-budget/ontology#publishedValue")
DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")


def _scaled(value: Decimal, factor: str) -> Decimal:
    return (value * Decimal(factor)).quantize(CENT, rounding=ROUND_HALF_UP)


def _restating(table: Table, extra: list[tuple[str, int | None, str, str]]) -> Table:
    """``table`` with, for each (heading, year, phase, factor) of ``extra``, a copy of each own amount column headed
    ``heading/<its heading>`` holding factor × its cells; own cells scaled by the first factor given as 'own'."""
    own = [c for c in table.columns if c.measure is Measure.AMOUNT and c.year is None and c.phase is None]
    columns = list(table.columns)
    added: list[tuple[Column, Column, str]] = []
    for heading, year, phase, factor in extra:
        offset = len(columns)
        index_of = {c.index: offset + i for i, c in enumerate(own)}
        for i, c in enumerate(own):
            new = replace(c, index=offset + i, path=(heading, *c.path), year=year, phase=phase,
                          parent=index_of.get(c.parent) if c.parent is not None else None)
            columns.append(new)
            added.append((c, new, factor))
    rows = []
    for r in table.rows:
        cells = list(r.cells)
        by_col = {c.column: c for c in r.cells}
        for old, new, factor in added:
            if old.index in by_col:
                cell = by_col[old.index]
                cells.append(replace(cell, column=new.index, value=_scaled(cell.value, factor)))
        rows.append(replace(r, cells=cells))
    return replace(table, columns=columns, rows=rows)


def _own_scaled(table: Table, factor: str) -> Table:
    own = {c.index for c in table.columns if c.measure is Measure.AMOUNT and c.year is None and c.phase is None}
    rows: list[Row] = [replace(r, cells=[replace(c, value=_scaled(c.value, factor)) if c.column in own else c
                                         for c in r.cells]) for r in table.rows]
    return replace(table, rows=rows)


def _variant(doc: Document, tag: str, **kw) -> Document:
    return replace(doc, source_name=f"{tag}-{doc.source_name or doc.unit_code}.txt", sha256=f"{tag}{doc.unit_code}"
                   .ljust(64, "0")[:64], claims=[], sections=[], terms=[], goals=[], **kw)


def _amount_tables(doc: Document) -> list[Table]:
    return [t for t in doc.tables if t.role is not TableRole.PERFORMANCE and t.rows]


@lru_cache(maxsize=8)
def _units(seed: int, count: int) -> list:
    return make_units(seed, count)


def family(seed: int, index: int, year: int = 2024, units: int | None = None, final_heading: str = "年初预算数",
           ) -> list[tuple[str, Document, list[tuple[str, str, str]]]]:
    """(kind, document, extra triples) of one family; the extra triples are the 部门/单位 links. ``final_heading``: the
    heading of the final account's budget columns (年初预算数; 预算数 leaves open whether it is the full-year budget)."""
    unit = _units(seed, max(units or 0, index + 1))[index]
    base = build_document(make_plan(seed, unit, year, 0.0))
    base = _variant(base, "b", tables=_amount_tables(base))
    tables = base.tables
    final = _variant(base, "f", phase=Phase.FINAL, title=f"{base.unit_name}{year}年单位决算",
                     tables=[_with_columns(_own_scaled(t, "0.95"), t, [(final_heading, year, "年初预算", "1")])
                             for t in tables])
    nxt = _variant(base, "n", year=year + 1, title=f"{base.unit_name}{year + 1}年单位预算",
                   tables=[_with_columns(_own_scaled(t, "1.05"), t, [("上年预算数", year, "预算", "1"),
                                                                       ("上年执行数", year, "执行数", "0.95")])
                           for t in tables])
    _prior_claims(base, nxt, year)
    sub_name = f"{base.unit_name}所属服务中心"
    sub = _variant(base, "s", unit_name=sub_name, unit_code=f"{unit.code}9", title=f"{sub_name}{year}年单位预算")
    dept = _variant(base, "d", scope=Scope.DEPARTMENT, unit_code=None, title=f"{base.unit_name}{year}年部门预算",
                    tables=[_own_scaled(t, "2") for t in tables])
    dept_unit, sub_unit = str(IRIs(dept).unit), str(IRIs(sub).unit)
    return [("budget", base, []), ("final", final, []), ("next", nxt, []),
            ("sub", sub, [(sub_unit, ORG + "subOrganizationOf", dept_unit)]),
            ("dept", dept, [(dept_unit, ORG + "hasSubOrganization", sub_unit)])]


def _prior_claims(base: Document, nxt: Document, year: int, count: int = 6) -> None:
    """Sentences of the budget's narrative ("一般公共服务支出120.50万元。") and of the next budget's ("一般公共服务支出
    126.53万元，比2024年预算增加6.03万元。"), for the class rows of the function table printed in 万元."""
    table = next((t for t in base.tables if t.role is TableRole.GENERAL_FUNCTION and t.scale == 10000), None)
    if table is None:
        return
    own = {c.index for c in table.columns if c.measure is Measure.AMOUNT and c.year is None and c.phase is None}
    rows = [r for r in table.rows if r.code and len(r.code) == 3 and r.cells][:count]
    for i, r in enumerate(rows):
        first = next((c for c in r.cells if c.column in own), None)
        if first is None:
            continue
        v, w = first.value, _scaled(first.value, "1.05")
        label = _NON_SUBJECT.sub("", r.label)
        said = f"{label}{v}万元。"
        base.claims.append(Claim(100 + i, "", said, label, v, "万元", str(v), Provenance(text=said)))
        change = w - v
        said = f"{label}{w}万元，比{year}年预算{'增加' if change >= 0 else '减少'}{abs(change)}万元。"
        nxt.claims.append(Claim(100 + i, "", said, "比预算增加", abs(change), "万元", str(abs(change)),
                                Provenance(text=said)))


def _with_columns(table: Table, source: Table, extra: list[tuple[str, int | None, str, str]]) -> Table:
    """``table`` with restating columns whose cells are factor × the own cells of ``source`` (the same layout)."""
    restated = _restating(source, extra)
    n = len(table.columns)
    columns = table.columns + restated.columns[len(source.columns):]
    assert len(source.columns) == n
    rows = [replace(r, cells=r.cells + [c for c in s.cells if c.column >= n])
            for r, s in zip(table.rows, restated.rows, strict=True)]
    return replace(table, columns=columns, rows=rows)


def quads(seed: int, families: int, *, base: str = DEFAULT_BASE, start: int = 0,
          only: tuple[str, ...] | None = None, final_heading: str = "年初预算数") -> Iterator[ox.Quad]:
    """The quads of ``families`` families (each document its own named graph)."""
    for i in range(start, start + families):
        for kind, doc, extra in family(seed, i, units=start + families, final_heading=final_heading):
            if only is not None and kind not in only:
                continue
            iri = IRIs(doc, base)
            g = ox.NamedNode(str(iri.document))
            for s, p, o in to_graph(doc, base):
                yield ox.Quad(_ox(s), _ox(p), _ox(o), g)
            for s2, p2, o2 in extra:
                yield ox.Quad(ox.NamedNode(s2), ox.NamedNode(p2), ox.NamedNode(o2), g)


def _ox(term) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    from rdflib import BNode, Literal

    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    return ox.NamedNode(str(term))


def plant(store: ox.Store, s: Store, items: list[Comparison], count: int, seed: int = 7) -> dict[str, str]:
    """Change one cell of each of ``count`` comparisons (spread over the kinds, no two sharing a cell) by a few cents
    to a few hundred of its table's unit; returns cell IRI → the kind of the comparison planted."""
    rng = random.Random(seed)
    by_kind: dict[str, list[Comparison]] = {}
    for c in items:
        if c.reason is None and c.others:
            by_kind.setdefault(c.kind, []).append(c)
    touched: set[str] = set()  # cells of comparisons already planted
    planted: dict[str, str] = {}
    kinds = sorted(by_kind)
    for kind in kinds:
        rng.shuffle(by_kind[kind])
    i = 0
    while len(planted) < count and any(by_kind.values()):
        kind = kinds[i % len(kinds)]
        i += 1
        if not by_kind[kind]:
            continue
        c = by_kind[kind].pop()
        cells = c.cells + c.others
        if any(x.iri in touched for x in cells):
            continue
        if kind == "crossdoc-prior-year-text":  # the year before's sentence states another amount
            target = c.others[0]
            delta = Decimal(rng.choice(["0.02", "0.1", "1", "12.5", "300"])) * rng.choice([1, -1])
            if target.amount / 10000 + delta < 0:  # a printed amount is not negative
                delta = -delta
            touched.update(x.iri for x in cells)
            _set_sentence(store, target.iri, target.amount / 10000, delta)
            planted[target.iri] = kind
            continue
        target = rng.choice(cells)
        # a planted cell must not be a side of another planted comparison either: mark every comparison's cells
        touched.update(x.iri for x in cells)
        scale = s.tables[target.table][2]
        delta = scale * Decimal(rng.choice(["0.02", "0.1", "1", "12.5", "300"])) * rng.choice([1, -1])
        _set_amount(store, target.iri, target.amount + delta, scale)
        planted[target.iri] = kind
    return planted


CLAIM_TEXT = ox.NamedNode("https://w3id.org/cn-budget/ontology#claimText")
STATED = ox.NamedNode("https://w3id.org/cn-budget/ontology#statedValue")


def _set_sentence(store: ox.Store, claim: str, value: Decimal, delta: Decimal) -> None:
    node = ox.NamedNode(claim)
    new = value + delta
    for q in list(store.quads_for_pattern(node, CLAIM_TEXT, None)):
        store.remove(q)
        text = re.sub(r"[0-9][0-9,]*(?:\.[0-9]+)?(?=万元)",
                      lambda m: format(new.quantize(CENT), "f") if Decimal(m[0].replace(",", "")) == value else m[0],
                      q.object.value)
        assert text != q.object.value, (claim, value)
        store.add(ox.Quad(node, CLAIM_TEXT, ox.Literal(text, language="zh"), q.graph_name))
    for q in list(store.quads_for_pattern(node, STATED, None)):
        store.remove(q)
        store.add(ox.Quad(node, STATED, ox.Literal(format(new.quantize(CENT), "f"), datatype=DECIMAL), q.graph_name))


def _set_amount(store: ox.Store, cell: str, amount: Decimal, scale: Decimal) -> None:
    node = ox.NamedNode(cell)
    for q in list(store.quads_for_pattern(node, AMOUNT, None)) + list(store.quads_for_pattern(node, PUBLISHED, None)):
        store.remove(q)
        value = amount if q.predicate == AMOUNT else amount / scale
        store.add(ox.Quad(node, q.predicate, ox.Literal(format(value.normalize(), "f"), datatype=DECIMAL), q.graph_name))
