"""Column layouts and the placement of a row's printed amounts into columns.

Plain-text extractions drop blank cells, so a row "385.31 385.31" under 合计 | 基本支出 | 项目支出
does not say which column its second amount belongs to. The placement is recovered from the
arithmetic every budget table obeys: a parent column equals the sum of its children in every row,
and a parent row equals the sum of its child rows in every column. :func:`solve_table` searches
the placements that satisfy both, with a bounded search and a deterministic preference.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..model import Column
from ..tolerance import parts_tolerance


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """A column of a layout: header path and the index of its parent column (or None)."""

    path: tuple[str, ...]
    parent: int | None = None


def layout(*specs: tuple[tuple[str, ...], int | None]) -> list[ColumnSpec]:
    return [ColumnSpec(path, parent) for path, parent in specs]


def to_columns(specs: Sequence[ColumnSpec], side: str | None = None, offset: int = 0) -> list[Column]:
    return [
        Column(
            index=offset + i,
            path=s.path,
            side=side,
            parent=None if s.parent is None else offset + s.parent,
        )
        for i, s in enumerate(specs)
    ]


def _children(specs: Sequence[ColumnSpec]) -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for i, s in enumerate(specs):
        if s.parent is not None:
            kids.setdefault(s.parent, []).append(i)
    return kids


def _tolerance(n_terms: int) -> Decimal:
    return parts_tolerance(n_terms)


def row_placements(values: Sequence[Decimal], specs: Sequence[ColumnSpec], limit: int = 64) -> list[tuple[int, ...]]:
    """Order-preserving assignments of ``values`` to columns that satisfy the column tree.

    Earlier (leftmost) placements come first. Missing cells count as zero.
    """
    n, k = len(specs), len(values)
    if k == 0:
        return [()]
    if k > n:
        return []
    kids = _children(specs)
    found: list[tuple[int, ...]] = []
    for combo in itertools.combinations(range(n), k):
        vec = dict(zip(combo, values, strict=True))
        ok = True
        for parent, children in kids.items():
            total = sum((vec.get(c, Decimal(0)) for c in children), Decimal(0))
            have = vec.get(parent)
            if have is None:
                # a group without a printed total: its parts must be absent too, unless the
                # parent is a pure header (never printed) — we treat it as "must be zero"
                if any(c in vec for c in children) and total != 0:
                    ok = False
                    break
                continue
            if abs(have - total) > _tolerance(len(children)):
                ok = False
                break
        if ok:
            found.append(combo)
            if len(found) >= limit:
                break
    return found


@dataclass
class Node:
    """A row in the row tree: its candidate placements and its child rows."""

    row: int
    values: list[Decimal]
    candidates: list[tuple[int, ...]]
    children: list[Node]


def _vector(values: Sequence[Decimal], placement: tuple[int, ...], n: int) -> list[Decimal]:
    vec = [Decimal(0)] * n
    for v, c in zip(values, placement, strict=True):
        vec[c] = v
    return vec


class _Budget:
    def __init__(self, steps: int):
        self.left = steps

    def spend(self) -> bool:
        self.left -= 1
        return self.left >= 0


def _solve_children(
    children: list[Node], target: list[Decimal], n: int, budget: _Budget
) -> Iterator[dict[int, tuple[int, ...]]]:
    """Yield placements of ``children`` (and their subtrees) whose column sums equal ``target``."""
    nonneg = all(v >= 0 for ch in children for v in ch.values)
    tol = _tolerance(len(children))
    # candidates that put an amount where the parent has none can never fit (amounts ≥ 0)
    options = [
        [c for c in ch.candidates if not nonneg or all(target[col] != 0 or v == 0 for v, col in zip(ch.values, c, strict=True))]
        for ch in children
    ]
    # reach[i][col]: the most that children i… can still add to a column
    reach = [[Decimal(0)] * n for _ in range(len(children) + 1)]
    for i in range(len(children) - 1, -1, -1):
        best = [Decimal(0)] * n
        for cand in options[i]:
            for v, col in zip(children[i].values, cand, strict=True):
                best[col] = max(best[col], v)
        reach[i] = [a + b for a, b in zip(reach[i + 1], best, strict=True)]

    def rec(i: int, acc: list[Decimal], chosen: dict[int, tuple[int, ...]]) -> Iterator[dict]:
        if not budget.spend():
            return
        if i == len(children):
            if all(abs(a - t) <= tol for a, t in zip(acc, target, strict=True)):
                yield dict(chosen)
            return
        if nonneg and any(t - a > r + tol for a, t, r in zip(acc, target, reach[i], strict=True)):
            return
        child = children[i]
        for cand in options[i]:
            vec = _vector(child.values, cand, n)
            nxt = [a + v for a, v in zip(acc, vec, strict=True)]
            if nonneg and any(x > t + tol for x, t in zip(nxt, target, strict=True)):
                continue
            for sub in _solve_subtree(child, cand, n, budget):
                chosen[child.row] = cand
                merged = dict(chosen)
                merged.update(sub)
                yield from rec(i + 1, nxt, merged)
                chosen.pop(child.row, None)

    yield from rec(0, [Decimal(0)] * n, {})


def _solve_subtree(node: Node, placement: tuple[int, ...], n: int, budget: _Budget) -> Iterator[dict]:
    if not node.children:
        yield {}
        return
    target = _vector(node.values, placement, n)
    yield from _solve_children(node.children, target, n, budget)


def placement_error(root: Node, solution: dict[int, tuple[int, ...]], n: int) -> Decimal:
    """Σ over the parent rows of a tree of |parent − Σ children| in every column: 0 for a placement that adds
    up exactly; rounding makes a few hundredths, a wrong placement usually more."""
    error = Decimal(0)
    stack = [root]
    while stack:
        node = stack.pop()
        if not node.children or node.row not in solution:
            continue
        acc = [Decimal(0)] * n
        for child in node.children:
            if child.row in solution:
                acc = [a + v for a, v in zip(acc, _vector(child.values, solution[child.row], n), strict=True)]
        target = _vector(node.values, solution[node.row], n)
        error += sum((abs(a - t) for a, t in zip(acc, target, strict=True)), Decimal(0))
        stack.extend(node.children)
    return error


def solve_table(
    roots: list[Node], n: int, *, max_solutions: int = 8, steps: int = 200_000
) -> list[dict[int, tuple[int, ...]]]:
    """All (up to ``max_solutions``) consistent placements for a forest of row trees.

    Each root is solved on its own (a root is typically the 合计 row with its children); its placements
    are ranked by :func:`placement_error`, the exact ones first. Returns an empty list when no consistent placement exists within the step budget.
    """
    per_root: list[list[dict]] = []
    gather = max_solutions * 8  # more than kept: the exact placement may come late in search order
    for root in roots:
        budget = _Budget(steps)
        sols: list[dict] = []
        for cand in root.candidates:
            for sub in _solve_subtree(root, cand, n, budget):
                sol = {root.row: cand}
                sol.update(sub)
                sols.append(sol)
                if len(sols) >= gather:
                    break
            if len(sols) >= gather or budget.left < 0:
                break
        if not sols:
            return []
        sols.sort(key=lambda sol: placement_error(root, sol, n))  # stable: search order settles ties
        per_root.append(sols[:max_solutions])
    out: list[dict] = []
    for combo in itertools.product(*per_root):
        merged: dict = {}
        for part in combo:
            merged.update(part)
        out.append(merged)
        if len(out) >= max_solutions:
            break
    return out
