"""The nesting of rows that print no code, numbering or indentation, read from their own sums.

A list such as 合计 → 货物 → 中国企业管理无锡培训中心 → 台式计算机 … shows its levels only by the
amounts: each group head is followed by the rows it is the sum of. :func:`nest` finds a nesting in
which every group head equals the sum of its rows in every column (within the rounding tolerance) and
the top-level rows add up to the total. A row that equals the sum of the rows right below it heads them
(the widest such group first): two-decimal amounts rarely add up by chance. When none exists the reading
is left as it is, and the failed sums speak for themselves (the table is then marked unverified) — unless
one misprinted number explains it: when exactly one nesting adds up once a single amount is read with one of
its digits changed (a unit's line printed 2,689,801.00 over 专用项目 2,689,800.00 → …), the rows take that
nesting, and the sums it makes fail trace the misprint (:mod:`ingest.verification`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from functools import cache

from ..model import Row
from ..tolerance import sum_tolerance

Vector = tuple[Decimal, ...]
PLAIN_EXCEPT = re.compile(r"^(其中|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、．.])")
MAX_STATES = 20000  # bound on the search (a table of a few hundred rows needs far fewer)
MAX_MENDED_ROWS = 40  # a group of more rows is not searched for a misprint (each digit of each amount is tried)
MAX_MENDED_TRIALS = 4000  # bound on the nestings tried in that search
MAX_MENDED_STATES = 100000  # bound on the search states of all those trials together


def _close(a: Vector, b: Vector, terms: int) -> bool:
    tol = sum_tolerance(terms)
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def _sub(a: Vector, b: Vector) -> Vector:
    return tuple(x - y for x, y in zip(a, b, strict=True))


def _exceeds(rest: Vector, terms: int) -> bool:
    tol = sum_tolerance(terms)
    return any(x < -tol for x in rest)


def nest(values: Sequence[Vector], total: Vector, budget: list[int] | None = None) -> list[int | None] | None:
    """Parent (an index into ``values``) of each row, None for a top-level row; None if no nesting adds up.

    Amounts must not be negative (a list with negative amounts is not nested this way). ``budget``: a shared
    count of search states left (one list for several searches), else :data:`MAX_STATES` for this one.
    """
    n = len(values)
    if n == 0 or any(x < 0 for v in values for x in v) or any(x < 0 for x in total):
        return None
    zero = tuple(Decimal(0) for _ in total)
    blanks = sum(1 for v in values if not any(v))
    budget = budget if budget is not None else [MAX_STATES]

    Links = tuple[tuple[int, int | None], ...]

    @cache
    def seq(i: int, target: Vector) -> tuple[tuple[int, Links], ...]:
        """Ways rows i… form consecutive items adding up to target: (end, ((row, parent-or-None)…))."""
        out: list[tuple[int, Links]] = []
        stack: list[tuple[int, Vector, int, Links]] = [(i, target, 0, ())]
        seen: set[tuple[int, Vector]] = set()  # a state already explored leads nowhere new
        while stack and len(out) < 5 + blanks:  # each blank row closing a list adds a way to end it
            budget[0] -= 1
            if budget[0] < 0:
                break
            pos, rest, terms, links = stack.pop()
            if (pos, rest) in seen:
                continue
            seen.add((pos, rest))
            nexts = []
            for end, own in item(pos):
                left = _sub(rest, values[pos])
                if _close(left, zero, terms + 1):
                    out.append((end, links + own))
                    if end < n and not any(values[end]):  # blank rows after the last part belong to the list too
                        nexts.append((end, left, terms + 1, links + own))
                elif not _exceeds(left, terms + 1) and end < n:
                    nexts.append((end, left, terms + 1, links + own))
            stack.extend(nexts)  # the widest group first: a row that adds up the rows below it heads them
        return tuple(out)

    @cache
    def item(i: int) -> tuple[tuple[int, Links], ...]:
        """Ways row i stands as one item: a leaf, or a head over the rows that add up to it."""
        ways: list[tuple[int, Links]] = [(i + 1, ((i, None),))]
        if any(values[i]) and i + 1 < n:
            for end, links in seq(i + 1, values[i]):
                ways.append((end, ((i, None),) + tuple((r, i if p is None else p) for r, p in links)))
        return tuple(sorted(ways))

    for i in range(n - 1, -1, -1):  # bottom-up, so that no search recurses deeper than one row
        item(i)
    for end, links in seq(0, total):
        if end == n:
            parents: list[int | None] = [None] * n
            for r, p in links:
                parents[r] = p
            return parents
    return None


def _one_digit_changes(x: Decimal) -> list[Decimal]:
    """Every amount printed like ``x`` with one of its digits changed (no leading zero made, same width)."""
    places = max(-int(x.as_tuple().exponent), 0)
    text = f"{x:.{places}f}"
    out = []
    for pos, ch in enumerate(text):
        if not ch.isdigit():
            continue
        for d in "0123456789":
            if d != ch and not (pos == 0 and d == "0" and text[1:2].isdigit()):
                out.append(Decimal(text[:pos] + d + text[pos + 1:]))
    return out


def nest_mended(values: Sequence[Vector], total: Vector) -> list[int | None] | None:
    """The one nesting that adds up when one amount (a row's or the total's, nonzero) is read with one digit
    changed; None when there is none or more than one, or the group is too large to search."""
    if len(values) > MAX_MENDED_ROWS or any(x < 0 for v in values for x in v) or any(x < 0 for x in total):
        return None
    found: set[tuple[int | None, ...]] = set()
    trials, budget = 0, [MAX_MENDED_STATES]
    for i in range(-1, len(values)):
        vector = total if i < 0 else values[i]
        for k, x in enumerate(vector):
            if not x:
                continue
            largest = max(v[k] for v in values)
            for y in _one_digit_changes(x):
                if (y < largest) if i < 0 else (y > total[k]):
                    continue  # no part is more than its total (the amounts are not negative)
                trials += 1
                if trials > MAX_MENDED_TRIALS or budget[0] < 0:
                    return None  # not searched to the end: no correction is known to be the only one
                mended = (*vector[:k], y, *vector[k + 1:])
                parents = (nest(values, mended, budget) if i < 0
                           else nest([*values[:i], mended, *values[i + 1:]], total, budget))
                if parents is not None:
                    found.add(tuple(parents))
                    if len(found) > 1:
                        return None
    return list(next(iter(found))) if found and budget[0] >= 0 else None


def _vector(row: Row, columns: Sequence[int]) -> Vector:
    return tuple(row.value(c) or Decimal(0) for c in columns)


def _plain(row: Row) -> bool:
    """A row whose place in the hierarchy nothing printed tells: no code, no numbering, no 其中, no unit code."""
    label = re.sub(r"\s+", "", row.label)
    named_unit = row.kind == "section" and not row.unit_code  # a unit known by its name only (…（本级）)
    # a bare 小计 printed on its group's first line (一般公共预算资金 | 小计 / | 公共财政拨款) heads the lines after it
    group_subtotal = row.kind == "subtotal" and re.fullmatch(r"[^合总]{0,12}小计", label) is not None
    return ((row.kind in ("item", "class") or named_unit or group_subtotal) and not row.code
            and not PLAIN_EXCEPT.match(label))


def descends_from(row: Row, heads: set[int], by_index: dict[int, Row]) -> bool:
    """Whether one of the row's ancestors (by ``parent``, at most 50 steps up) is among ``heads``."""
    up, hops = row.parent, 0
    while up is not None and hops < 50:
        if up in heads:
            return True
        up = by_index[up].parent if up in by_index else None
        hops += 1
    return False


def renest(rows: Sequence[Row], columns: Sequence[int]) -> None:
    """Give plain rows that do not add up to their parent the nesting their sums show (in place)."""
    if not columns:
        return
    by_index = {r.index: r for r in rows}
    kids: dict[int, list[Row]] = {}
    for r in rows:
        if r.parent is not None:
            kids.setdefault(r.parent, []).append(r)
    for parent_index, children in kids.items():
        parent = by_index.get(parent_index)
        # rows whose place is printed (本年收入合计 beside 年初结转和结余 under 总计) stay; the plain ones are nested
        fixed = [c for c in children if not _plain(c)]
        children = [c for c in children if _plain(c)]
        if parent is None or len(children) < 2:
            continue
        positions = [rows.index(c) for c in children]
        members = {c.index for c in children}
        between = rows[positions[0]:positions[-1] + 1]
        if any(r.index not in members and not descends_from(r, members, by_index) for r in between):
            continue  # not one run (only the children's own rows may stand between them)
        total = _vector(parent, columns)
        for c in fixed:
            total = _sub(total, _vector(c, columns))
        values = [_vector(c, columns) for c in children]
        flat = tuple(sum(col, Decimal(0)) for col in zip(*values, strict=True))
        if _close(flat, total, len(children)):
            continue
        found = nest(values, total) or nest_mended(values, total)
        if found is None:
            continue
        for child, up in zip(children, found, strict=True):
            if up is not None:
                child.parent = children[up].index
                children[up].kind = "class" if children[up].kind == "item" else children[up].kind


def adopt_orphans(rows: Sequence[Row], columns: Sequence[int]) -> None:
    """Plain rows left without a parent right after a row they add up to (一、财政拨款 38,191.21 then
    一般公共预算 25,591.21 | 政府性基金预算 12,600.00 | 国有资本经营预算 —) are that row's parts; where no run of
    them adds up flat, all of them nested by their sums (:func:`nest`) are (in place)."""
    if not columns:
        return
    i = 1
    while i < len(rows):
        head = rows[i - 1]
        run = []
        j = i
        while j < len(rows) and rows[j].parent is None and _plain(rows[j]) and rows[j].side == head.side:
            run.append(rows[j])
            j += 1
        total = _vector(head, columns)
        if len(run) >= 2 and any(total) and head.kind != "total":
            values = [_vector(r, columns) for r in run]
            for k in range(len(run), 1, -1):  # the longest run of rows that adds up to the head
                if _close(tuple(sum(col, Decimal(0)) for col in zip(*values[:k], strict=True)), total, k):
                    for r in run[:k]:
                        r.parent = head.index
                    head.kind = "class" if head.kind == "item" else head.kind
                    break
            else:  # the whole run, nested by its own sums (一、货物A 496.20 → 办公设备购置 60.00 → 台式计算机 12.00 …),
                # where a misprint in it could still be traced (a run too long to search stays as it is)
                found = (nest(values, total) or nest_mended(values, total)) if len(run) <= MAX_MENDED_ROWS else None
                if found is not None and any(up is not None for up in found):
                    for r, up in zip(run, found, strict=True):
                        r.parent = head.index if up is None else run[up].index
                        if up is not None:
                            run[up].kind = "class" if run[up].kind == "item" else run[up].kind
                    head.kind = "class" if head.kind == "item" else head.kind
        i = max(j, i + 1)


def flatten_unit_lists(rows: Sequence[Row]) -> None:
    """A list of projects that prints its unit's code on every line (153001 | 西安市公安局 | 警航基地建设项目 | …,
    153001 | … | 长安区监管场所建设项目) lists lines, not units: a unit code printed on several rows, in a table whose
    codes are leaves only (no 类 or 款 row above them), makes those rows items of the group row before them
    (合计 → 全额 → the projects), in place."""
    counts: dict[str, int] = {}
    for r in rows:
        if r.unit_code:
            counts[r.unit_code] = counts.get(r.unit_code, 0) + 1
    repeated = {u for u, n in counts.items() if n >= 2}
    listed = sum(counts[u] for u in repeated)
    if (not repeated or max(counts.values()) < 3 or listed < 0.6 * sum(counts.values())
            or any(r.code and len(r.code) in (3, 5) for r in rows)):
        return  # units each on a line of their own (a department's 153 | 153001 | 153002 …) stay units
    widths = {len(u) for u in repeated}
    head: Row | None = None
    for r in rows:
        if r.unit_code and len(r.unit_code) in widths:  # a unit with one project is listed the same way
            r.kind = "item"
            r.parent = head.index if head is not None else None
        elif r.kind in ("total", "subtotal", "section", "class"):
            head = r


def adopt_section_rows(rows: Sequence[Row], columns: Sequence[int]) -> None:
    """A unit's rows printed after its own line (部门 125 → 单位 125001 → its projects, then 125002 → …) but hung
    under the department beside it become the unit's, when they add up to its line (in place)."""
    if not columns:
        return
    for k, head in enumerate(rows):
        if head.kind != "section" or not any(_vector(head, columns)):
            continue
        run = []
        for r in rows[k + 1:]:
            if r.kind in ("section", "total", "subtotal") or r.parent != head.parent or not _plain(r):
                break
            run.append(r)
        if not run:
            continue
        total = tuple(sum(col, Decimal(0)) for col in zip(*(_vector(r, columns) for r in run), strict=True))
        if _close(total, _vector(head, columns), len(run)):
            for r in run:
                r.parent = head.index
