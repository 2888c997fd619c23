"""The sums the arithmetic shapes read (ingest/sums.py): every differing total is noted, and notes follow the copy."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import Graph

from budgetkg.ingest import validate
from budgetkg.ingest.mapping import document_triples
from budgetkg.ingest.sums import annotate
from budgetkg.ingest.triple_index import TripleIndex
from budgetkg.ingest.validation_copy import CopyLoader, for_validation

CNB = "https://w3id.org/cn-budget/ontology#"
AMOUNT = ox.NamedNode("http://data.openbudgets.eu/ontology/dsd/measure/amount")


def _p(local: str) -> ox.NamedNode:
    return ox.NamedNode(CNB + local)


@pytest.fixture()
def copy(sample_doc) -> ox.Store:
    index = TripleIndex(for_validation(document_triples(sample_doc, validate.DEFAULT_BASE)))
    with CopyLoader(lenient=True) as loader:
        loader.add(index.listed())
        loader.add(validate._claim_links(Graph(store=index)))
        store = loader.store()
    validate.annotate_copy(store)
    validate.annotate_tolerances(store)
    return store


def _objects(store: ox.Store, p: ox.NamedNode) -> dict:
    return {q.subject: q.object for q in store.quads_for_pattern(None, p, None)}


def _row_sums_in_python(store: ox.Store) -> dict[tuple[str, str], tuple[Decimal, Decimal, int]]:
    """(parent row, column) → (printed, Σ child rows, terms) for every parent row, straight from the cells."""
    row, column, amount = _objects(store, _p("row")), _objects(store, _p("column")), _objects(store, AMOUNT)
    parent = _objects(store, _p("parentRow"))
    out: dict[tuple[str, str], list] = {}
    for cell, value in amount.items():
        r, c = row.get(cell), column.get(cell)
        if r is None or c is None:
            continue
        if r in set(parent.values()):  # a parent row's own cell
            entry = out.setdefault((r.value, c.value), [Decimal(0), Decimal(0), 0])
            entry[0] += Decimal(value.value)
            entry[2] += 1
        if r in parent:  # a child row's cell
            entry = out.setdefault((parent[r].value, c.value), [Decimal(0), Decimal(0), 0])
            entry[1] += Decimal(value.value)
            entry[2] += 1
    return {k: (p, s, n) for k, (p, s, n) in out.items()}


def _row_notes(store: ox.Store) -> dict[tuple[str, str], tuple[Decimal, Decimal, int]]:
    out = {}
    for q in store.quads_for_pattern(None, _p("sumParentRow"), None):
        note = q.subject

        def one(local: str, note: object = note) -> str:
            value = next(store.quads_for_pattern(note, _p(local), None)).object  # type: ignore[arg-type]
            assert isinstance(value, ox.NamedNode | ox.Literal)
            return value.value

        assert isinstance(q.object, ox.NamedNode)
        out[(q.object.value, one("sumColumn"))] = (Decimal(one("sumPrinted")), Decimal(one("sumParts")),
                                                   int(one("sumTerms")))
    return out


def _child_cells(store: ox.Store) -> list:
    """A cell with an amount of each child row (in the order of the rows)."""
    out = []
    for q in store.quads_for_pattern(None, _p("parentRow"), None):
        for c in store.quads_for_pattern(None, _p("row"), q.subject):
            if next(store.quads_for_pattern(c.subject, AMOUNT, None), None) is not None:
                out.append(c.subject)
                break
    return out


def _shift(store: ox.Store, cell: ox.NamedNode, delta: Decimal) -> tuple[ox.Quad, ox.Quad]:
    old = next(store.quads_for_pattern(cell, AMOUNT, None))
    assert isinstance(old.object, ox.Literal)
    new = ox.Quad(cell, AMOUNT, ox.Literal(str(Decimal(old.object.value) + delta), datatype=old.object.datatype))
    store.remove(old)
    store.add(new)
    return old, new


def test_every_differing_row_total_is_noted_with_its_figures(copy):
    annotate(copy)
    sums = _row_sums_in_python(copy)
    assert sums and _row_notes(copy) == {k: v for k, v in sums.items() if v[0] != v[1]}
    cells = _child_cells(copy)
    for cell, delta in zip(cells[::7][:3], (Decimal("0.01"), Decimal(5), Decimal(10_000)), strict=True):  # rounding … large
        _shift(copy, cell, delta)
    annotate(copy)
    expected = {k: v for k, v in _row_sums_in_python(copy).items() if v[0] != v[1]}
    assert len(expected) >= 3 and _row_notes(copy) == expected


def test_notes_follow_a_changed_copy(copy):
    """A child row's cell made wrong by 10 000 元 is noted and reported as row-sum; put back, the note goes."""
    cell = _child_cells(copy)[0]
    before = validate.validate_store(copy)
    old, new = _shift(copy, cell, Decimal(10_000))
    try:
        wrong = validate.validate_store(copy)
        assert any(f.rule == "row-sum" for f in wrong.findings)
        assert len([f for f in wrong.findings if f.rule == "row-sum"]) > len(
            [f for f in before.findings if f.rule == "row-sum"])
    finally:
        copy.remove(new)
        copy.add(old)
    again = validate.validate_store(copy)
    assert sorted((f.rule, f.focus) for f in again.findings) == sorted((f.rule, f.focus) for f in before.findings)
