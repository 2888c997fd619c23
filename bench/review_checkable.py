"""Which planted changes of a relation word or a growth rate the printed document can contradict at all.

A relation word or a rate relates the amount a sentence states to one the sentence may not state: "会议费预算支出
20.6万元，比上年预算减少1万元" (34_…ziran-guihua p37) puts the year before at 21.6; turned into 增加, it puts it at
19.6. If the document prints neither 21.6 nor anything else the change must agree with, the changed copy says
nothing false that a reader holding the pages could point at — no check may call it an error (a Violation is a
statement about the document), so the review benchmark does not count it as a miss either. It counts it apart, as
*not checkable from the print*, and lists it with ``--details``.

This oracle is independent of the validator (it reads the original's printed numbers and text, never a finding)
and generous: a change counts as checkable as soon as the print holds anything that could contradict it —

relation (增加/减少, 大于/小于 …):
- the sentence states both amounts it relates (大于/小于 between two amounts; "比上年 B万元增加 D万元");
- a rate follows the change ("减少 200万元，下降 9.5%": the direction of the two);
- the year before (X ∓ D) is printed anywhere — a money amount of the narrative or a table cell, in 元 or 万元;
- the same amount and change are stated again elsewhere;
- the change is one of a list whose changes add up to its total's change, or is that total;
- a decrease larger than the amount (the flipped increase would put the year before below zero);

growth rate (增长/下降 P%):
- the change or the year before is stated with it ("增加 D万元，增长 P%"; "比上年 B万元增长 P%"; the change at the
  end of the sentence before);
- a printed amount Y (narrative or table, 元 or 万元) gives the rate from the sentence's amount X: (X − Y) / Y;
- the rate clause is printed again elsewhere;
- a decline of the planted size is impossible (over 100 %, or to 0 at other than 100 %).
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal, InvalidOperation
from typing import Any

NUMBER = r"\d[\d,]*(?:\.\d+)?"
MONEY = re.compile(rf"({NUMBER})\s*(亿元|万元|元)")
CHANGE = re.compile(rf"(增加|减少)了?\s*({NUMBER})\s*(亿元|万元|元)")
UP = ("增加", "增长", "上升", "大于", "高于", "多于")


def _dec(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "").rstrip("."))
    except InvalidOperation:
        return None


def _places(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


class Printed:
    """Every amount the document prints: money amounts of its text and the values of its table cells, each also
    at the other scale (a text in 万元 beside a table in 元)."""

    def __init__(self, ctx: Any) -> None:
        values: set[Decimal] = set()
        text = "".join(compact(ln.text) for page in ctx.pages for ln in page.lines)
        for m in MONEY.finditer(text):
            v = _dec(m.group(1))
            if v is not None:
                values.add(v)
        for table in ctx.doc.tables:
            for row in table.rows:
                for cell in row.cells:
                    if isinstance(cell.value, Decimal):
                        values.add(cell.value)
        scaled = {v / 10000 for v in values} | {v * 10000 for v in values}
        self.sorted = sorted(values | scaled)

    def near(self, target: Decimal, tol: Decimal) -> bool:
        i = bisect.bisect_left(self.sorted, target - tol)
        return i < len(self.sorted) and self.sorted[i] <= target + tol

    def any(self, test: Any, lo: Decimal, hi: Decimal) -> bool:
        i = bisect.bisect_left(self.sorted, lo)
        while i < len(self.sorted) and self.sorted[i] <= hi:
            if test(self.sorted[i]):
                return True
            i += 1
        return False


def locate(ctx: Any, edit: Any) -> tuple[str, int] | None:
    """The compact narrative and the position of the planted text in it."""
    line = ctx.pages[edit.page - 1].lines[edit.index[0]]
    c = compact(line.text)
    at = ctx.narrative.find(c)
    if at < 0:
        return None
    return ctx.narrative, at + len(compact(line.text[:edit.start]))


def _sentence(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind("。", 0, pos), text.rfind("；", 0, pos)) + 1
    end = min((k for k in (text.find("。", pos), text.find("；", pos)) if k >= 0), default=len(text))
    return start, end


def _last_money(text: str) -> re.Match | None:
    found = list(MONEY.finditer(text))
    return found[-1] if found else None


def relation_checkable(ctx: Any, edit: Any, printed: Printed) -> bool:
    where = locate(ctx, edit)
    if where is None:
        return True  # not found in the narrative: counted, to be safe
    text, pos = where
    s0, s1 = _sentence(text, pos)
    word = edit.old
    before, after = text[s0:pos], text[pos + len(word):s1]
    if word not in ("增加", "减少"):
        return len(MONEY.findall(text[s0:s1])) >= 2
    d_m = re.match(rf"\s*了?\s*({NUMBER})\s*(亿元|万元|元)?", after)
    if d_m is None:
        return True
    rest = after[d_m.end():]
    if re.match(rf"^[，,、]?\s*(?:同比)?(?:增长|下降|上升|降低|增加|减少)\s*{NUMBER}\s*[%％]", rest):
        return True
    if re.search(rf"(?:比|较)[^。；，,]{{0,20}}?{NUMBER}\s*(?:亿元|万元|元)\s*(?:相比)?[，,]?\s*$", before):
        return True  # the year before is stated: "比2020年的7.80万元增加22.1万元"
    x_m = _last_money(before)
    if x_m is None:
        return True
    if re.search(rf"(?:比|较)[^。；]{{0,20}}?{NUMBER}\s*(?:亿元|万元|元)", before[x_m.end():]):
        return True  # the base is stated
    x, d = _dec(x_m.group(1)), _dec(d_m.group(1))
    if x is None or d is None:
        return True
    if word == "减少" and d > x:
        return True
    prior = x + d if word == "减少" else x - d
    tol = Decimal(1).scaleb(-max(_places(x_m.group(1)), _places(d_m.group(1))))
    if prior > 0 and printed.near(prior, tol):
        return True
    said = (rf"(?<![\d.,]){re.escape(x_m.group(1))}\s*(?:亿元|万元|元)[^。]{{0,40}}?(?:增加|减少)了?\s*"
            rf"{re.escape(d_m.group(1))}(?![\d.])")
    if len(re.findall(said, text)) > 1:  # the same amount and change, stated again
        return True
    return _in_change_list(text, pos, word)


def _in_change_list(text: str, pos: int, word: str) -> bool:
    """Whether the change at ``pos`` is a total's change with its parts' changes after it, or one of those parts."""
    lo, hi = max(0, pos - 800), min(len(text), pos + 800)
    changes = []
    for m in CHANGE.finditer(text, lo, hi):
        v = _dec(m.group(2))
        if v is not None:
            changes.append((m.start(), v if m.group(1) == "增加" else -v))
    mine = next((k for k, (at, _) in enumerate(changes) if at == pos), None)
    if mine is None:
        return True
    for t, (_, total) in enumerate(changes):
        run = Decimal(0)
        for k in range(t + 1, len(changes)):
            run += changes[k][1]
            if t <= mine <= k and run == total:
                return True
    return False


_RATE = re.compile(r"(增长|下降|上升|降低|增加|减少)了?\s*$")


def rate_checkable(ctx: Any, edit: Any, printed: Printed) -> bool:
    where = locate(ctx, edit)
    if where is None:
        return True
    text, pos = where
    s0, s1 = _sentence(text, pos)
    before = text[s0:pos]
    w = _RATE.search(before)
    if w is None:
        return True
    p_old, p_new = _dec(edit.old), _dec(edit.new or "")
    if p_old is None or p_new is None:
        return True
    down = w.group(1) in ("下降", "降低", "减少")
    x_m = _last_money(before)
    if down and (p_new > 100 or (x_m is not None and _dec(x_m.group(1)) == 0)):
        return True
    if CHANGE.search(before) or re.search(rf"(?:比|较)[^。；]{{0,20}}?{NUMBER}\s*(?:亿元|万元|元)", before):
        return True  # the change or the year before is stated in the sentence
    if x_m is None and re.search(rf"(?:增加|减少)了?\s*{NUMBER}\s*(?:亿元|万元|元)[。；]?$", text[max(0, s0 - 30):s0]):
        return True  # the change closes the sentence before ("…增加 D万元。增长 P%")
    clause = re.split(r"[，,：:]", before)[-1] + edit.old
    if len(clause) >= 6 and text.count(clause) > 1:
        return True
    if x_m is None:
        return False
    x = _dec(x_m.group(1))
    if x is None:
        return True
    sign = Decimal(-1) if down else Decimal(1)
    half = Decimal(5).scaleb(-_places(edit.old) - 1) + Decimal("0.05")

    def gives(y: Decimal) -> bool:
        return y > 0 and abs((x - y) / y * 100 - sign * p_old) <= half
    # Y = X / (1 ± P): search the printed amounts near it
    guess = x / (1 + sign * p_old / 100) if sign * p_old > -100 else None
    if guess is None:
        return True
    span = guess * Decimal("0.02") + Decimal("0.01")
    return printed.any(gives, guess - span, guess + span)
