"""Queries rewritten for a store that cuts results at a row cap: a SELECT read page by page in a fixed order, a
CONSTRUCT evaluated as a SELECT of its template's variables and the template filled in here. The parts of a query
are found by the one SPARQL parser (:mod:`server.sparql_syntax`); this module only puts them together again."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import BNode
from rdflib.term import Variable

from ..sparql_syntax import Span, construct_shape, is_variable_name, select_shape, template_triples
from ..store import QueryResult, Term, to_ox
from .responses import sanitize_bnode, to_ox_term

Template = list[tuple[Any, ...]]  # CONSTRUCT template triples of rdflib terms (Variable, BNode, IRIs, literals)


def _without(text: str, start: int, end: int, spans: Iterable[Span]) -> str:
    """``text[start:end]`` with the ``spans`` inside it cut out."""
    kept, at = [], start
    for s, e in sorted(spans):
        kept.append(text[at:s])
        at = e
    return "".join(kept) + text[at:end]


def paged_select(text: str, variables: list[str], offset: int, limit: int) -> str | None:
    """One page of a SELECT in a total order: the query (dataset clauses lifted out) becomes a subquery ordered
    by its own ORDER BY plus every projected variable, and the outer query takes OFFSET/LIMIT. None when the
    query is not a SELECT this can rewrite."""
    if not variables or not all(is_variable_name(v) for v in variables):
        return None
    shape = select_shape(text)
    if shape is None:
        return None
    brace, close = shape.pattern
    clause = _without(text, shape.form, brace, shape.datasets)
    ties = " ".join("?" + v for v in variables)
    if shape.order_end is not None:
        at, order = shape.order_end, f" {ties} "
    else:
        at, order = shape.before_limits, f" ORDER BY {ties} "
    mods = text[close:at] + order + text[at:]
    lifted = " ".join(text[s:e] for s, e in shape.datasets)
    return (f"{text[:shape.form]}SELECT * {lifted} WHERE {{ {{ {clause}{text[brace:close]}{mods}\n}} }} "
            f"OFFSET {offset} LIMIT {limit}")


def construct_as_select(text: str, base_iri: str | None) -> tuple[str, Template] | None:
    """(SELECT of the template's variables, template triples as rdflib terms) for a CONSTRUCT query; None when it
    is no CONSTRUCT, rdflib cannot read its template, or the template has no variable."""
    shape = construct_shape(text)
    triples = template_triples(text, base_iri) if shape is not None else None
    if shape is None or triples is None:
        return None
    names = sorted({str(t) for triple in triples for t in triple if isinstance(t, Variable)})
    if not names:
        return None
    projection = " ".join("?" + n for n in names)
    datasets = " ".join(text[s:e] for s, e in shape.datasets)
    where, close = shape.pattern
    return f"{text[:shape.form]}SELECT {projection} {datasets} WHERE {text[where:close]}{text[close:]}", triples


class FilledTemplate:
    """Template triples from a SELECT result; ``truncated`` mirrors the SELECT's flag once iterated."""

    def __init__(self, template: Template, selected: QueryResult):
        self.selected = selected
        self._it = fill_template(template, selected.variables, selected.rows)

    def __iter__(self) -> Iterator[ox.Triple]:
        return self._it

    def __next__(self) -> ox.Triple:
        return next(self._it)

    @property
    def truncated(self) -> bool:
        return bool(getattr(self.selected, "truncated", False))


def fill_template(template: Template, variables: list[str],
                  rows: Iterable[list[Term | None]]) -> Iterator[ox.Triple]:
    """Instantiate a CONSTRUCT template per solution (fresh blank nodes per solution), without duplicates."""
    index = {v: i for i, v in enumerate(variables)}
    seen: set[ox.Triple] = set()
    for n, row in enumerate(rows):
        out = []
        for pattern in template:
            terms: list[ox.NamedNode | ox.BlankNode | ox.Literal | None] = []
            for t in pattern:
                if isinstance(t, Variable):
                    i = index.get(str(t))
                    value = row[i] if i is not None else None
                    terms.append(None if value is None else to_ox_term(value))
                elif isinstance(t, BNode):
                    terms.append(ox.BlankNode(f"c{n}x{sanitize_bnode(str(t))}"))
                else:
                    terms.append(to_ox(t))
            s, p, o = terms
            if s is None or p is None or o is None or isinstance(s, ox.Literal) or not isinstance(p, ox.NamedNode):
                continue
            out.append(ox.Triple(s, p, o))
        for triple in out:
            if triple not in seen:
                seen.add(triple)
                yield triple
