"""Whether a table's reading is corroborated by its own arithmetic — the condition for accusing it.

A printed error is one wrong number: it breaks the sums it takes part in (its row's columns, its column's
rows) by the same amount, and nothing else. A misreading — a row missed at a page break, a column read
into its neighbour, a level of the hierarchy guessed wrong — moves many numbers or a whole row. So a
table is **verified** when every failed identity of it (:mod:`ingest.identities`) is explained by a few
printed cells, each of which

- takes part in no identity that holds (changing it would break that one), and
- would repair every failed identity it takes part in by one and the same correction,

and the row or the column of each such cell is corroborated by an identity that holds; a gap of less than
one published unit beside a number printed without its decimals is the print's precision, not a misreading.
Otherwise the
table is **unverified**: :attr:`Table.unverified` says why, its cells raise no Violation, and the report
says once, as a Warning, that the table could not be checked (see :mod:`ingest.validate`).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from .identities import Identity, table_identities
from .model import Document, Table
from .tolerance import sum_tolerance

MAX_ERRORS = 3  # printed errors a verified table may explain (more, and the reading is in doubt)

Cell = tuple[int, int]


def _correction(identity: Identity, cell: Cell) -> Decimal:
    """How much ``cell`` must change for ``identity`` to hold (its total is the identity's first cell)."""
    gap = identity.expected - identity.actual
    return -gap if cell == identity.cells[0] else gap


def _precision_gap(identity: Identity, printed: dict[Cell, str]) -> bool:
    """A gap under one published unit beside a number printed without its decimals (22,118,861 where its rows
    add up to 22,118,861.34): the print dropped the fraction; no misreading moves a number by a fraction."""
    gap = abs(identity.expected - identity.actual)
    texts = [printed.get(c, "") for c in identity.cells]
    return gap < 1 and any(t and "." not in t for t in texts) and any("." in t for t in texts)


def _structural(identity: Identity, values: dict[Cell, Decimal]) -> bool:
    """The gap is exactly one of the terms, a run of adjacent terms or the total: the signature of a term
    that is not a part (会议费 beside the 三公 items) or a row counted twice — of a reading, not a misprint."""
    gap = abs(identity.expected - identity.actual)
    tol = sum_tolerance(identity.terms)
    if gap <= tol:
        return False
    terms = [values.get(c, Decimal(0)) for c in identity.cells[1:]]
    if abs(gap - abs(identity.expected)) <= tol:
        return True
    for start in range(len(terms)):
        run = Decimal(0)
        for term in terms[start:]:
            run += term
            if run and abs(run - gap) <= tol:
                return True
    return False


def explain(identities: list[Identity], printed: dict[Cell, str] | None = None,
            values: dict[Cell, Decimal] | None = None) -> tuple[list[Cell], list[Identity]]:
    """The printed cells that explain the failed identities, and the failures left unexplained.

    A cell that explains a single failure is accepted only when that failure does not carry the signature
    of a misreading (:func:`_structural`); one that explains two or more failures by one correction is a
    misprint wherever it stands.
    """
    printed = printed or {}
    values = values or {}
    failed = [i for i in identities if not i.holds and i.cells and not i.at_most and not _precision_gap(i, printed)]
    if not failed:
        return [], [i for i in identities if not i.holds and i.at_most]
    held_cells = {c for i in identities if i.holds for c in i.cells}
    held_rows = {c[0] for c in held_cells}
    held_cols = {c[1] for c in held_cells}
    proposals: dict[Cell, list[tuple[Identity, Decimal]]] = defaultdict(list)
    for i in failed:
        for c in i.cells:
            if c not in held_cells:
                proposals[c].append((i, _correction(i, c)))
    candidates: dict[Cell, set[int]] = {}
    for cell, props in proposals.items():
        first = props[0][1]
        tol = sum_tolerance(max(i.terms for i, _ in props))
        if not all(abs(delta - first) <= tol for _, delta in props):
            continue
        if not (cell[0] in held_rows or cell[1] in held_cols):
            continue
        if len(props) == 1 and _structural(props[0][0], values):
            continue
        candidates[cell] = {id(i) for i, _ in props}
    chosen: list[Cell] = []
    left = {id(i): i for i in failed}
    while left and candidates:
        cell = max(candidates, key=lambda c: (len(candidates[c] & left.keys()), -c[0], -c[1]))
        covered = candidates.pop(cell) & left.keys()
        if not covered:
            break
        chosen.append(cell)
        for k in covered:
            del left[k]
    other = [i for i in identities if not i.holds and i.at_most]
    return chosen, list(left.values()) + other


def verify_table(doc_name: str, table: Table) -> str | None:
    """None when the table's reading is corroborated, else the reason (English, for the report)."""
    ids = table_identities(doc_name, table)
    if not ids:
        return None
    printed = {(r.index, c.column): c.source.text for r in table.rows for c in r.cells}
    values = {(r.index, c.column): c.value for r in table.rows for c in r.cells}
    cells, unexplained = explain(ids, printed, values)
    failed = sum(1 for i in ids if not i.holds)
    if unexplained:
        return (f"{failed} of {len(ids)} sums do not hold and {len(unexplained)} of them cannot be traced to a "
                f"single printed number (first: {unexplained[0]})")
    if len(cells) > MAX_ERRORS:
        return f"{failed} of {len(ids)} sums do not hold, which would take {len(cells)} wrong printed numbers"
    return None


def verify(doc: Document) -> None:
    """Mark every table whose reading its own arithmetic does not corroborate (in place)."""
    for table in doc.tables:
        table.unverified = verify_table(doc.source_name, table)
