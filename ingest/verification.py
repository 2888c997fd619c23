"""Whether a table's reading is corroborated by its own arithmetic — the condition for accusing it.

A printed error is one wrong number: it breaks the sums it takes part in (its row's columns, its column's
rows) by the same amount, and nothing else. A misreading — a row missed at a page break, a column read
into its neighbour, a level of the hierarchy guessed wrong — moves many numbers or a whole row. So a
table is **verified** when every failed identity of it (:mod:`ingest.identities`) is explained by a few
printed cells, each of which

- takes part in no sum that holds (changing it would break that one) and breaks no 其中 ≤ whole that holds
  once corrected, and
- would repair every failed identity it takes part in by one and the same correction (a failed 其中 ≤ whole
  included: the corrections must mend it) — unless its one failure carries the signature of a misreading
  (the gap is a term that may be no part: a part whose code is printed under its total's is certain),

and the row or the column of each such cell is corroborated by an identity that holds — or by the table's
收入总计 = 支出总计 (:func:`ingest.identities.balance_identities`), which vouches for the columns of the two
totals but not for the totals themselves; a gap of less than one published unit beside a number printed
without its decimals is the print's precision, not a misreading. Otherwise the
table is **unverified**: :attr:`Table.unverified` says why, its cells raise no Violation, and the report
says once, as a Warning, that the table could not be checked (see :mod:`ingest.validate`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation

from .identities import Identity, balance_identities, table_identities
from .model import Document, Table
from .tolerance import sum_tolerance

MAX_ERRORS = 3  # printed errors a verified table may explain (more, and the reading is in doubt)
MIN_FIGURES = 4  # significant digits a figure needs for its print in another table to vouch for its reading
MIN_ECHOES = 2  # distinct such figures a column needs for another table to vouch for it
LONG_FIGURES = 6  # … or one figure of this many significant digits (13,649.07: no chance agreement)

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


def _structural(identity: Identity, values: dict[Cell, Decimal], codes: dict[int, str] | None = None) -> bool:
    """The gap is exactly one of the terms, a run of adjacent terms or the total: the signature of a term
    that is not a part (会议费 beside the 三公 items) or a row counted twice — of a reading, not a misprint.
    A term whose row prints a code of its own under the total's (30399 under 303, once in the table) is a part
    and no row counted twice: a gap equal to it (奖励金 0.18 printed 1.18 beside 其他 1.00) is no signature."""
    gap = abs(identity.expected - identity.actual)
    tol = sum_tolerance(identity.terms)
    if gap <= tol:
        return False
    if abs(gap - abs(identity.expected)) <= tol:
        return True
    terms = [(values.get(c, Decimal(0)), _coded_part(identity, c, codes or {})) for c in identity.cells[1:]]
    for start in range(len(terms)):
        run, certain = Decimal(0), True
        for term, coded in terms[start:]:
            run += term
            certain = certain and coded
            if run and abs(run - gap) <= tol and not certain:
                return True
    return False


def _coded_part(identity: Identity, cell: Cell, codes: dict[int, str]) -> bool:
    """Whether the cell's row prints a code under the code of the identity's total row (both printed once)."""
    whole, part = codes.get(identity.cells[0][0]), codes.get(cell[0])
    return bool(whole and part and len(part) > len(whole) and part.startswith(whole))


def explain(identities: list[Identity], printed: dict[Cell, str] | None = None,
            values: dict[Cell, Decimal] | None = None,
            agreements: list[Identity] | None = None,
            codes: dict[int, str] | None = None,
            elsewhere: set[int] | None = None) -> tuple[list[Cell], list[Identity]]:
    """The printed cells that explain the failed identities, and the failures left unexplained.

    A cell that explains a single failure is accepted only when that failure does not carry the signature
    of a misreading (:func:`_structural`); one that explains two or more failures by one correction is a
    misprint wherever it stands. A 其中 ≤ whole that holds bars a cell only where the cell's correction would
    break it (6817 ⊇ 6816 still holds at 6816), and one that fails is explained when the corrections repair it.
    ``agreements`` (收入总计 = 支出总计) that hold corroborate the rows and columns of their cells, not the
    cells: a document may copy one side's total from the other, so two totals that agree can be wrong together.
    ``elsewhere``: the columns the document's other tables vouch for (:func:`echoed_columns`); a cell there
    whose row and column nothing else corroborates is accepted only when its correction changes one digit.
    """
    printed = printed or {}
    values = values or {}
    failed = [i for i in identities if not i.holds and i.cells and not i.at_most and not _precision_gap(i, printed)]
    if not failed:
        return [], [i for i in identities if not i.holds and i.at_most]
    held = [i for i in identities if i.holds]
    corroborated = {c for i in [*held, *(a for a in agreements or () if a.holds)] for c in i.cells}
    fixes = _candidates(failed, held, values, ({c[0] for c in corroborated}, {c[1] for c in corroborated}), codes or {},
                        (elsewhere or set(), printed))
    corrections: dict[Cell, Decimal] = {}  # the chosen cells, in the order chosen
    left = {id(i): i for i in failed}
    while left and fixes:
        cell = max(fixes, key=lambda c: (len(fixes[c][1] & left.keys()), -c[0], -c[1]))
        delta, repaired = fixes.pop(cell)
        if not repaired & left.keys():
            break
        corrections[cell] = delta
        for k in repaired & left.keys():
            del left[k]
    other = [i for i in identities if not i.holds and i.at_most and not _fixed(i, corrections).holds]
    return list(corrections), list(left.values()) + other


def _candidates(failed: list[Identity], held: list[Identity], values: dict[Cell, Decimal],
                corroborated: tuple[set[int], set[int]], codes: dict[int, str],
                echoed: tuple[set[int], dict[Cell, str]] = (set(), {})) -> dict[Cell, tuple[Decimal, set[int]]]:
    """Each printed cell one correction of which would repair every failure it takes part in, with that
    correction and the failures (by id) it repairs (``corroborated``: the rows and the columns an identity
    that holds vouches for; ``codes``: the codes printed once in the table, by row; ``echoed``: the columns
    other tables vouch for, and the printed text of each cell)."""
    held_rows, held_cols = corroborated
    echoed_cols, printed = echoed
    held_cells = {c for i in held if not i.at_most for c in i.cells}
    bounds: dict[Cell, list[Identity]] = defaultdict(list)  # the 其中 ≤ whole that hold, by cell
    for i in held:
        if i.at_most:
            for c in i.cells:
                bounds[c].append(i)
    proposals: dict[Cell, list[tuple[Identity, Decimal]]] = defaultdict(list)
    for i in failed:
        for c in i.cells:
            if c not in held_cells:
                proposals[c].append((i, _correction(i, c)))
    out: dict[Cell, tuple[Decimal, set[int]]] = {}
    for cell, props in proposals.items():
        first = props[0][1]
        tol = sum_tolerance(max(i.terms for i, _ in props))
        if not all(abs(delta - first) <= tol for _, delta in props):
            continue
        if not (cell[0] in held_rows or cell[1] in held_cols) and not (
                cell[1] in echoed_cols and _one_digit(printed.get(cell, ""), first)):
            continue
        if len(props) == 1 and _structural(props[0][0], values, codes):
            continue
        if not all(_fixed(i, {cell: first}).holds for i in bounds[cell]):
            continue
        out[cell] = (first, {id(i) for i, _ in props})
    return out


def _fixed(identity: Identity, corrections: dict[Cell, Decimal]) -> Identity:
    """The identity with the printed cells changed by their corrections (its total is its first cell)."""
    if not any(c in corrections for c in identity.cells):
        return identity
    zero = Decimal(0)
    return Identity(identity.doc, identity.where, identity.expected + corrections.get(identity.cells[0], zero),
                    identity.actual + sum((corrections.get(c, zero) for c in identity.cells[1:]), zero),
                    identity.terms, identity.at_most, identity.cells, identity.table)


def _one_digit(text: str, delta: Decimal) -> bool:
    """Whether correcting the printed number by ``delta`` changes exactly one of its printed digits."""
    plain = text.strip().replace(",", "")
    if not delta or not re.fullmatch(r"\d+(?:\.\d+)?", plain):
        return False
    places = len(plain.partition(".")[2])
    new = Decimal(plain) + delta
    try:
        if new < 0 or new != new.quantize(Decimal(1).scaleb(-places)):
            return False
    except InvalidOperation:
        return False
    again = f"{new:.{places}f}"
    return len(again) == len(plain) and sum(a != b for a, b in zip(again, plain, strict=True)) == 1


def _figures(text: str) -> int:
    """Significant digits of a printed number (250.800000 has four, 100,000.00 one)."""
    return len(re.sub(r"\D", "", text).lstrip("0").rstrip("0"))


def echoed_columns(doc: Document) -> dict[int, set[int]]:
    """By table (its ``id``): the columns of which at least :data:`MIN_ECHOES` distinct figures of
    :data:`MIN_FIGURES` significant digits or more, or one of :data:`LONG_FIGURES`, are printed in another table
    of the document as well."""
    printed_in: dict[Decimal, set[int]] = defaultdict(set)
    for t in doc.tables:
        for r in t.rows:
            for c in r.cells:
                if c.value:
                    printed_in[c.value * t.scale].add(id(t))
    out: dict[int, set[int]] = {}
    for t in doc.tables:
        echoes: dict[int, set[Decimal]] = defaultdict(set)
        long: set[int] = set()
        for r in t.rows:
            for c in r.cells:
                figures = _figures(c.source.text)
                if c.value and figures >= MIN_FIGURES and printed_in[c.value * t.scale] - {id(t)}:
                    echoes[c.column].add(c.value)
                    if figures >= LONG_FIGURES:
                        long.add(c.column)
        out[id(t)] = {col for col, values in echoes.items() if len(values) >= MIN_ECHOES or col in long}
    return out


def verify_table(doc_name: str, table: Table, elsewhere: set[int] | None = None) -> str | None:
    """None when the table's reading is corroborated, else the reason (English, for the report); ``elsewhere``:
    the columns other tables of the document vouch for (:func:`echoed_columns`)."""
    ids = table_identities(doc_name, table)
    if not ids:
        return None
    printed = {(r.index, c.column): c.source.text for r in table.rows for c in r.cells}
    values = {(r.index, c.column): c.value for r in table.rows for c in r.cells}
    cells, unexplained = explain(ids, printed, values, balance_identities(doc_name, table), _unique_codes(table),
                                 elsewhere)
    failed = sum(1 for i in ids if not i.holds)
    if unexplained:
        return (f"{failed} of {len(ids)} sums do not hold and {len(unexplained)} of them cannot be traced to a "
                f"single printed number (first: {unexplained[0]})")
    if len(cells) > MAX_ERRORS:
        return f"{failed} of {len(ids)} sums do not hold, which would take {len(cells)} wrong printed numbers"
    return None


def _unique_codes(table: Table) -> dict[int, str]:
    """The classification code of each row that prints one no other row of the table prints."""
    seen = Counter(r.code for r in table.rows if r.code)
    return {r.index: r.code for r in table.rows if r.code and seen[r.code] == 1}


def verify(doc: Document) -> None:
    """Mark every table whose reading its own arithmetic does not corroborate (in place)."""
    echoed = echoed_columns(doc)
    for table in doc.tables:
        table.unverified = verify_table(doc.source_name, table, echoed.get(id(table)))
