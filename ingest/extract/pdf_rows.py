"""Row typing of PDF tables: codes (split, single, partial, in the name cell), kinds, levels, parents.

Parents are set only where the printed structure says so: code prefixes (2010501 → 20105 → 201),
outline numbering (一、 → （一） → 1.), "其中：" lines, unit sections and their economic classes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Row
from ..tolerance import sum_tolerance
from .row_nesting import descends_from
from .tables import compact

EMBEDDED_CODE = re.compile(r"^\s*[\[【]\s*(\d{3}|\d{5}|\d{7})\s*[\]】]\s*(.+)$")
UNIT_CODE = re.compile(r"\d{6}|\d{9}")  # a unit's code (125001) where a 科目 code would stand
LEADING_CODE = re.compile(r"^\s*(\d{3}|\d{5}|\d{7})\s+(\D.*)$")
TOTAL = re.compile(r"^(合计|总计|[^其]{0,14}(合计|总计))$")
MARKERS = [
    ("cn", re.compile(r"^[一二三四五六七八九十]+[、.．]")),
    ("cn-paren", re.compile(r"^[（(][一二三四五六七八九十]+[)）]")),
    ("num", re.compile(r"^\d{1,2}(?:[、．]|\.(?!\d))")),
    ("num-paren", re.compile(r"^[（(]\d{1,2}[)）]")),
]
UNIT_NAME = re.compile(r"(局|中心|办公厅|办公室|委员会|委|部|院|所|站|队|馆|社|处|厅|署|办)$")
ECONOMIC_CLASSES = {
    "工资福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出", "对企业补助", "债务利息及费用支出",
    "资本性支出（基本建设）", "对企业补助（基本建设）", "对社会保障基金补助", "其他支出",
}


@dataclass(slots=True)
class Entry:
    """One printed row of one block, before typing."""

    block: int
    page: int
    label: str
    label_bbox: tuple[float, float, float, float] | None
    codes: list[str]
    unit: str | None = None
    unit_code: str | None = None
    group: str | None = None  # first of two label columns, when it is a merged group cell
    group_starts: bool = False
    texts: dict[str, str] = field(default_factory=dict)
    amounts: list[tuple[int, str, tuple[float, float, float, float]]] = field(default_factory=list)
    label_header_has_unit: bool = False
    line: str | None = None  # the row's 行次 (line number) as printed
    indent: float | None = None  # x where the label's text starts on the page (None if centred): its level


def clean_label(text: str) -> str:
    """Printed label with letter-spacing and wraps removed ("合 计" → "合计")."""
    t = re.sub(r"\s+", " ", text.replace("\n", "")).strip()
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", t)


def _marker(label: str) -> str | None:
    t = re.sub(r"^其中[:：]", "", compact(label))
    for name, rx in MARKERS:
        if rx.match(t):
            return name
    return None


def code_of(entry: Entry, context: dict[int, str]) -> tuple[str | None, str | None, str]:
    """(normalised code, code as printed, label without an embedded code)."""
    label = entry.label
    parts = [compact(c) for c in entry.codes]
    if any(parts):
        if len(parts) == 1:
            code = parts[0]
            printed = entry.codes[0].strip()
            if len(code) == 2 and context.get(1):  # "05" printed under its 类 "208" in one code column: 20805
                code = context[1] + code
        else:
            first = next(i for i, p in enumerate(parts) if p)
            # a 款 or 项 printed without its leading zero ("301 | 2" is 30102, Putuo 2024)
            tail = [("0" + p if i > 0 and re.fullmatch(r"\d", p) else p)
                    for i, p in enumerate(parts) if i >= first and p]
            prefix = context.get(first, "") if first else ""
            code = prefix + "".join(tail)
            printed = " ".join(tail)
        if re.fullmatch(r"\d{3}|\d{5}|\d{7}", code):
            return code, printed, label
        return None, printed, label
    m = EMBEDDED_CODE.match(label) or LEADING_CODE.match(label)
    if m:
        return m.group(1), label[: m.start(2)].strip(), m.group(2).strip()
    return None, None, label


def _system(code: str) -> str | None:
    return {"2": "function", "3": "economic", "5": "gov-economic", "1": "income"}.get(code[0])


def type_rows(entries: list[Entry], first_index: int, side: str | None, unit_name: str) -> list[tuple[Row, Entry]]:
    """Rows of one block with code, kind, level and parent; indexes start at first_index."""
    rows: list[tuple[Row, Entry]] = []
    context: dict[int, str] = {}
    for k, e in enumerate(entries):
        code, printed, label = code_of(e, context)
        if code is None and printed and UNIT_CODE.fullmatch(compact(printed)) and len(e.codes) == 1:
            e.unit_code = e.unit_code or compact(printed)  # 125001 in the code column: a unit, not a 科目
            context.clear()
        if code:
            n_parts = {3: 1, 5: 2, 7: 3}[len(code)]
            context[n_parts] = code
            for deeper in range(n_parts + 1, 4):
                context.pop(deeper, None)
        row = Row(first_index + k, clean_label(label) or clean_label(e.unit or ""), side=side)
        row.code, row.code_text, row.unit_code = code, printed, e.unit_code
        if row.unit_code and not code and compact(printed or "") == row.unit_code:
            row.code_text = None
        if code:
            row.code_system = _system(code)
            row.level = {3: 1, 5: 2, 7: 3}[len(code)]
            row.kind = "class" if row.level == 1 else "item"
        elif TOTAL.match(compact(row.label)) and not compact(row.label).startswith("其中"):
            row.kind = "total"
        rows.append((row, e))
    _parents([r for r, _ in rows], entries, unit_name)
    return rows


def _is_unit(row: Row, e: Entry, unit_name: str) -> bool:
    c = compact(row.label)
    if not c or row.code:
        return False
    if row.unit_code:
        return True
    bare = re.sub(r"[（(][^）)]*[）)]$", "", c)
    if re.search(r"本级(?:[（(][^）)]*[）)])?$", c) or (unit_name and bare == re.sub(r"[（(][^）)]*[）)]$", "", compact(unit_name))):
        return True
    if e.unit and not compact(e.label):
        return True
    return e.label_header_has_unit and bool(UNIT_NAME.search(bare)) and c not in ECONOMIC_CLASSES


def indent_levels(rows: list[Row], entries: list[Entry]) -> dict[int, int]:
    """Row index → depth by the indentation of its label, when the labels show two to four clear levels
    (at most one level held by a single row); {} when they do not (centred or ragged labels)."""
    indents = {r.index: e.indent for r, e in zip(rows, entries, strict=True)
               if r.kind != "total" and e.indent is not None and compact(r.label)}
    if len(indents) < 3:
        return {}
    stops: list[list[float]] = []
    for x in sorted(indents.values()):
        if stops and x - stops[-1][-1] <= 2.5:
            stops[-1].append(x)
        else:
            stops.append([x])
    if not 2 <= len(stops) <= 4 or sum(len(s) < 2 for s in stops) > 1:
        return {}
    return {i: next(k for k, s in enumerate(stops) if s[0] <= x <= s[-1]) for i, x in indents.items()}


def _named_like_unit(row: Row, e: Entry, unit_name: str) -> bool:
    """A unit section recognised by the shape of its name alone (…局, …中心, …站), the weakest evidence."""
    if row.kind != "section" or row.unit_code or e.unit:
        return False
    c = compact(row.label)
    bare = re.sub(r"[（(][^）)]*[）)]$", "", c)
    return not ("本级" in c or (unit_name and bare == re.sub(r"[（(][^）)]*[）)]$", "", compact(unit_name))))


def confirm_sections(typed: list[tuple[Row, Entry]], columns: list[int], unit_name: str) -> None:
    """Demote a section named like a unit whose amounts are not the sum of its rows (a project named
    "辅助人员补助经费-珠海边检总站" ends like a unit's name, but heads nothing), and end a surely named unit's
    section where its rows add up to it: in place."""
    rows = [r for r, _ in typed]
    for row, e in typed:
        if row.kind != "section" or row.unit_code or not row.cells:
            continue
        kids = [r for r in rows if r.parent == row.index]
        if kids and _adds_up(row, kids, columns):
            continue
        if not _named_like_unit(row, e, unit_name):
            # a unit the document names for sure (its own name, …本级) heads the rows that add up to it and no
            # more: the rows after them belong to what comes before (货物 → 苏州市交通运输局 11.40 → 4 items)
            for k in range(1, len(kids)):
                if _adds_up(row, kids[:k], columns):
                    for rest in kids[k:]:
                        rest.parent = row.parent
                    break
            continue
        row.kind = "item"
        before = [r for r in rows[: rows.index(row)] if r.kind == "section"]
        home = before[-1].index if before and before[-1].parent == row.parent else row.parent
        row.parent = home
        for kid in kids:
            kid.parent = home


def _unit_parent(row: Row, units: dict[str, Row]) -> Row | None:
    """The unit whose code is the longest proper prefix of this unit's code (部门 305 ⊃ 单位 305001)."""
    code = compact(row.unit_code or "")
    best = None
    for other, up in units.items():
        if len(other) < len(code) and code.startswith(other) and (best is None or len(other) > len(best[0])):
            best = (other, up)
    return best[1] if best else None


def _parents(rows: list[Row], entries: list[Entry], unit_name: str) -> None:
    if not rows:
        return
    coded = any(r.code for r in rows)
    marked = any(_marker(r.label) for r in rows if r.kind != "total")
    levels = {} if coded or marked else indent_levels(rows, entries)
    seen_rows: list[Row] = []
    open_total: Row | None = None  # a numbered total (一、本年支出合计) whose parts follow it
    for r, e in zip(rows, entries, strict=True):
        if r.kind != "total" and _is_unit(r, e, unit_name):
            r.kind = "section"
    totals = [r for r in rows if r.kind == "total"]
    sections = [r for r in rows if r.kind == "section"]
    if not totals and sections and sections[0] is rows[0] and len(sections) == 1:
        rows[0].kind = "total"  # a single unit's own row heads the table: it is the table total
        totals, sections = [rows[0]], []
    main_total = totals[0] if totals else None
    if len(totals) >= 2 and not coded:
        # 本年收入合计 … 上年结转 … 收入总计: the first total rolls up into the last
        totals[0].parent = totals[-1].index
    by_code: dict[str, Row] = {}
    units: dict[str, Row] = {}  # unit code → its section row (305 → 305001 …: a department and its units)
    section: Row | None = None
    klass: Row | None = None
    stack: list[str] = []
    anchor: dict[str, int | None] = {}
    last_of: dict[str, Row] = {}
    seen_total = False
    prev: Row | None = None
    after: Row | None = None
    for r, e in zip(rows, entries, strict=True):
        if r.kind == "total":
            open_total = r if _marker(r.label) else None
            if open_total is not None:
                stack.clear()
            seen_total = True
            prev = r
            continue
        if r.kind == "section":
            section, klass = r, None
            up = _unit_parent(r, units)
            if up is None and levels:  # 杭州市气象局 → (indented) 杭州市气象局本级, …服务中心
                depth = levels.get(r.index, 0)
                up = next((o for o in reversed(seen_rows) if levels.get(o.index, 0) < depth), None)
                seen_rows.append(r)
            r.parent = up.index if up else (main_total.index if main_total else None)
            if r.unit_code:
                units[r.unit_code] = r
            prev = r
            continue
        if r.code:
            up = (by_code.get(r.code[:-2]) or by_code.get(r.code[:3])) if len(r.code) > 3 else None
            if up is not None:
                r.parent = up.index
            elif r.level == 1:
                up = section or _closing_total(rows, totals, r) or main_total
                r.parent = up.index if up else None
            by_code[r.code] = r
            prev = r
            continue
        if coded:
            prev = r
            continue
        label = compact(r.label)
        if e.group is not None:  # two label columns: group cell | 小计 / item
            if e.group_starts or label.endswith("小计"):
                r.kind = "class"
                klass = r
                r.parent = main_total.index if main_total else None
            elif klass is not None:
                r.parent = klass.index
            prev = r
            continue
        m = _marker(r.label)
        if marked:
            if m is None:
                if label.startswith("其中") and prev is not None:
                    r.parent = prev.index
                elif open_total is not None and not stack:
                    # the plain rows under a numbered total (一、本年支出合计 → 科学技术支出 …) are its parts;
                    # their own levels come from indentation or their sums (row_nesting)
                    r.parent = open_total.index
                elif seen_total and len(totals) >= 2 and r.index < totals[-1].index:
                    # 上年结转 / 年初结转和结余 between 本年收入合计 and 收入总计
                    r.parent = totals[-1].index
                    after = r
                    stack.clear()
                prev = r
                continue
            if m in stack:
                while stack[-1] != m:
                    stack.pop()
                r.parent = anchor[m]
            else:
                if stack:
                    r.parent = last_of[stack[-1]].index
                elif after is not None:
                    r.parent = after.index
                elif label.startswith("其中") and prev is not None:
                    r.parent = prev.index
                else:
                    r.parent = None
                stack.append(m)
                anchor[m] = r.parent
            if len(stack) == 1 and r.parent is None and totals and after is None:
                target = totals[0] if (len(totals) == 1 or not seen_total) else totals[-1]
                r.parent = target.index
                anchor[m] = None
            r.kind = "class" if len(stack) == 1 else "item"
            last_of[m] = r
            prev = r
            continue
        if levels:
            depth = levels.get(r.index, 0)
            up = next((o for o in reversed(seen_rows) if levels.get(o.index, 0) < depth), None)
            if up is not None:
                r.parent = up.index
                if up.kind == "item":
                    up.kind = "class"
            else:
                top = section if section is not None and section is not r else main_total
                r.parent = top.index if top else None
            seen_rows.append(r)
            prev = r
            continue
        if label in ECONOMIC_CLASSES:
            r.kind, r.level = "class", 1
            klass = r
            up = section or main_total
            r.parent = up.index if up else None
        else:
            up = klass or section or main_total
            r.parent = up.index if up else None
            if klass is not None:
                r.level = 2
        prev = r
    for r in rows:  # a total printed first still rolls up nothing into itself
        if r.parent == r.index:
            r.parent = None


def _closing_total(rows: list[Row], totals: list[Row], row: Row) -> Row | None:
    """Where totals are printed at the foot of their lists (人员经费合计 under 301…303, 公用经费合计 under 302…399),
    the first one below a class is the one it adds up to; None where a total heads the table."""
    if not totals or totals[0] is rows[0]:
        return None
    return next((t for t in totals if t.index > row.index), None)


def mark_subsets(rows: list[Row], columns: list[int]) -> None:
    """A 其中 row (and the rows that continue its list) is part of the row above, not one of the parts that
    add up to it: it becomes ``subset_of`` that row instead of its child (in place). Where the list adds up
    to the row ("其中：（一）… （二）… （三）…", a full breakdown) its rows stay the row's parts."""
    by_index = {r.index: r for r in rows}
    lists: list[tuple[Row, list[Row]]] = []
    current: tuple[Row, list[Row]] | None = None
    marker: str | None = None
    for r in rows:
        label = compact(r.label)
        if label.startswith("其中") and r.parent is not None and r.kind != "total" and r.parent in by_index:
            current = (by_index[r.parent], [r])
            lists.append(current)
            marker = _marker(label)
            continue
        if current is not None and descends_from(r, {m.index for m in current[1]}, by_index):
            continue  # a member's own items (（二）公务用车 → 1.购置费, 2.运行维护费) do not close the list
        if current is None or r.parent != current[0].index or r.code or r.kind in ("total", "section"):
            current = None
            continue
        m = _marker(label)
        if m is not None and m != marker:
            current = None
            continue
        current[1].append(r)
    for whole, members in lists:
        if len(members) >= 2 and _adds_up(whole, members, columns):
            continue
        for r in members:
            r.subset_of, r.parent = whole.index, None


def _adds_up(whole: Row, parts: list[Row], columns: list[int]) -> bool:
    """Whether ``parts`` add up to ``whole`` in every printed column (the parts counted as the terms)."""
    step = sum_tolerance(len(parts))
    printed = [c for c in columns if whole.value(c) is not None]
    return bool(printed) and all(
        abs((whole.value(c) or Decimal(0)) - sum((p.value(c) or Decimal(0) for p in parts), Decimal(0))) <= step
        for c in printed)
