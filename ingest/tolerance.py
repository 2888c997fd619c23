"""The rounding tolerance: how far printed amounts may be from adding up before it is an error.

Amounts are printed to 0.01 of their unit (元 or 万元), so each is off by at most half of that,
:data:`HALF_DIGIT`. An identity among ``n`` printed amounts (a total and its parts, both sides counted)
tolerates ``unit × HALF_DIGIT × max(n, 2)``: two amounts that should be equal may differ by one cent of the
unit, a total of two parts by 0.015, a class of 10 items by 0.055. Across two tables ``unit`` is the coarser.

The Python checks call :func:`sum_tolerance` (amounts in the table's unit, ``unit`` 1); the SHACL shapes get
the same figures in 元 as data: :func:`annotate` puts them on each table of the validation copy of a document
(not on the published graph), and the shapes read them instead of deriving them:

- ``cnb:roundingTolerance``: two printed amounts (``sum_tolerance(2, u)``); a longer sum's tolerance is
  the larger of this and ``n × cnb:roundingPerTerm``;
- ``cnb:roundingPerTerm``: one printed amount's share (``u × HALF_DIGIT``);
- ``cnb:coarseRoundingTolerance``: two amounts where one prints a single decimal (``u × COARSE_HALF_DIGIT``).

Different by design: finding which columns a total column is made of (:func:`parts_tolerance`) counts only
the parts, not the total, so that a wrong grouping is less likely to pass; a number stated in the narrative
is compared at its own printed precision (shapes/narrative.ttl); growth rates at the digits of the rate
(:mod:`ingest.growth_rates`).
"""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

from ..ontology.namespaces import CNB

HALF_DIGIT = Decimal("0.005")  # half of 0.01, the last printed digit of an amount
COARSE_HALF_DIGIT = Decimal("0.05")  # half of 0.1, for an amount printed with one decimal
MIN_TERMS = 2  # an identity compares at least two printed amounts

_TABLES = f"SELECT ?t ?u WHERE {{ ?t <{CNB.moneyScale}> ?u }}"
_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")


def sum_tolerance(terms: int, unit: Decimal = Decimal(1)) -> Decimal:
    """How far ``terms`` printed amounts (total and parts together) may be from adding up, in 元 for ``unit``."""
    return unit * HALF_DIGIT * max(terms, MIN_TERMS)


def parts_tolerance(parts: int) -> Decimal:
    """The tolerance used to recognise a column's parts: half a digit per part, the total not counted."""
    return HALF_DIGIT * max(parts, 1)


def annotate(store: ox.Store) -> int:
    """Put each table's rounding tolerances (in 元) on this validation copy; returns how many tables."""
    solutions = store.query(_TABLES)
    assert isinstance(solutions, ox.QuerySolutions)  # a SELECT
    rows = [(s["t"], Decimal(s["u"].value)) for s in solutions]
    for table, unit in rows:
        assert isinstance(table, ox.NamedNode | ox.BlankNode)
        for prop, value in (("roundingTolerance", sum_tolerance(MIN_TERMS, unit)),
                            ("roundingPerTerm", unit * HALF_DIGIT),
                            ("coarseRoundingTolerance", unit * COARSE_HALF_DIGIT)):
            store.add(ox.Quad(table, ox.NamedNode(CNB + prop), ox.Literal(format(value, "f"), datatype=_DECIMAL)))
    return len(rows)
