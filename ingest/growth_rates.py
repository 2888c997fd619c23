"""Stated growth rates against their own numbers (RULES.md D: 增长 P% agrees with the numbers).

Budget narratives say "收入预算 9,483.72万元，比上年增加 552.08万元，增长 6.2%": the current amount X, the change D and
the rate P in one sentence. The rate must be D / (X − D) for 增加 (D / (X + D) for 减少), to the precision printed;
增加 goes with 增长 and 减少 with 下降; where the sentence also states the previous amount B ("比 2025 年年初预算数
45,557.68万元增加 5,478.54万元"), X − B = ±D. No other table is needed, so every such sentence can be checked. The change
may stand in the next sentence ("…支出3,061.29万元，主要用于…。与上年相比增加740.84万元，增长31.93%"): it is read when the
first sentence states exactly one amount and any subject the second names is the first's; 减少/增加 may stand for the rate.

A change and a rate that go opposite ways ("减少 200 万元，增长 10.35%") are a relation of the sentence: found here,
reported by :mod:`ingest.sentences` (``cnbsh:sentence-relation``, at the sentence's claim).

:func:`annotate` adds one node per other disagreeing sentence to the validation copy (``cnb:inSection``, ``cnb:growthText``,
``cnb:statedGrowth``, ``cnb:growthProblem`` in Chinese and English); the shape ``cnbsh:growth-rate`` (shapes/narrative.ttl) reports them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox

from ..ontology.namespaces import CNB
from .printed import decimal_of

_NUMBER = r"\d[\d,]*(?:\.\d+)?"
# a character of the clause that is not part of another amount: X is the amount right before the change, or before
# the previous amount it is compared with ("收入预算51036.22万元，比2025年年初预算数45557.68万元增加5478.54万元")
_FREE = r"(?:(?!\d[\d,]*(?:\.\d+)?\s*(?:万元|元))[^。；;%])"
_CHANGE_WORD = r"增加|减少|增长|下降|降低"  # "比上年预算数增长32.85万元，增长28.0%"
_UP = ("增加", "增长", "上升")
_RATE = r"(?P<pdir>增长|下降|上升|降低|增加|减少)\s*(?P<p>\d+(?:\.\d+)?)\s*[%％]"
# the parts of X in brackets right after it: "公务用车购置及运行维护费6.7万元（公务用车购置费0万元，比上年增加0万元；
# 公务用车运行维护费6.7万元，比上年减少2.3万元。）比上年减少2.3万元，下降25.6%" — the change after them is X's
_PARTS = r"(?:\s*[（(][^（）()]{0,160}[）)])?"
_SENTENCE = re.compile(
    rf"(?P<x>{_NUMBER})\s*(?P<unit>万元|元){_PARTS}"
    rf"(?P<middle>{_FREE}{{0,100}}?(?:(?:比|较|与){_FREE}{{0,20}}?{_NUMBER}\s*(?:万元|元){_FREE}{{0,6}}?)?)"
    rf"(?P<dir>{_CHANGE_WORD})\s*(?P<d>{_NUMBER})\s*(?P=unit)\s*[，,、]?\s*" + _RATE
)
# the change in the next sentence: "…支出3,061.29万元，主要用于…。与上年相比增加740.84万元，增长31.93%。"
_FOLLOWING = re.compile(
    rf"^(?:(?:与|同)[^。；;%]{{0,20}}?(?:相比|相较|比较)[，,]?(?P<subject>[^。；;%\d]{{0,16}}?)"
    rf"|(?P<named>[^。；;%\d，,]{{0,16}}?)(?:比|较)(?:上年|去年|上一年|\d{{4}}\s*年度?)[^。；;%\d，,]{{0,10}}?)"
    rf"(?P<dir>{_CHANGE_WORD})\s*(?P<d>{_NUMBER})\s*(?P<unit>万元|元)\s*[，,、]?\s*" + _RATE
)
_MONEY = re.compile(rf"(?P<x>{_NUMBER})\s*(?P<unit>万元|元)")
_BASE = re.compile(rf"(?:比|较|与)(?:[^0-9。]|\d{{4}}\s*年){{0,20}}?(?P<b>{_NUMBER})\s*(?:万元|元)")


@dataclass(frozen=True)
class GrowthMismatch:
    """One sentence whose rate, direction or previous amount disagrees with its own numbers."""

    text: str
    stated: Decimal  # the printed rate in percent, negative for 下降
    problem_zh: str
    problem_en: str
    direction: bool = False  # 增加 with 下降 (减少 with 增长): a relation of the sentence, reported by ingest.sentences


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _check(text: str, x: str, direction: str, d: str, rate_word: str, p: str, middle: str = "") -> GrowthMismatch | None:
    xv, dv, pv = decimal_of(x), decimal_of(d), decimal_of(p)
    if xv is None or dv is None or pv is None:
        return None
    up, rises = direction in _UP, rate_word in _UP
    stated = pv if rises else -pv
    base = xv - dv if up else xv + dv
    tolerance = Decimal(5) / Decimal(10) ** (_places(pv) + 1) + Decimal("0.005")  # half a printed digit
    previous = decimal_of(b["b"]) if (b := _BASE.search(middle)) else None
    if up != rises:
        return GrowthMismatch(text, stated, f"“增加/减少”与“增长/下降”方向相反（{direction}…{rate_word}）",
                              f"增加/减少 and 增长/下降 point in opposite directions ({direction} … {rate_word})", True)
    if dv == 0 and pv != 0:
        return GrowthMismatch(text, stated, f"增减额为 0，{rate_word}率应为 0%，而非 {p}%",
                              f"a change of 0 is a rate of 0 %, not {p} %")
    truncated = base > 0 and int(dv / base * 100 * 10 ** _places(pv)) == pv * 10 ** _places(pv)  # 23.998% printed 23.9%
    if base > 0 and abs(dv / base * 100 - pv) > tolerance and not truncated:
        rate = (dv / base * 100).quantize(Decimal(1) / Decimal(10) ** max(2, _places(pv)))
        return GrowthMismatch(text, stated, f"按所列金额计算{rate_word} {rate}%", f"the amounts give {rate} %")
    if previous is not None and abs(abs(xv - previous) - dv) > Decimal("0.015"):
        return GrowthMismatch(text, stated, f"本年数与上年数 {previous} 之差不是所列增减额",
                              f"the current amount minus the previous {previous} is not the stated change")
    return None


def _list_total(text: str, at: int) -> re.Match | None:
    """The total a 、 list ending at ``at`` is the parts of ("当年预算收入344,447.70万元，其中：一般公共预算拨款324,638.50万元、
    上年结转13,102.70万元、…其他收入3,444.00万元，较上年减少…": 344,447.70), when the list follows it in its sentence."""
    start = max(text.rfind("。", 0, at), text.rfind("；", 0, at)) + 1
    total = re.search(rf"(?P<x>{_NUMBER})\s*(?P<unit>万元|元)\s*[，,]\s*其中\s*[：:]", text[start:at])
    if total is None:
        return None
    gaps = re.split(rf"{_NUMBER}\s*(?:万元|元)", text[start + total.end():at])[1:]
    return total if gaps and all("、" in g and not re.search(r"[，,：:。；]", g) for g in gaps) else None


def _list_item(text: str, at: int) -> bool:
    """Whether the amount at ``at`` is an item of a 、 list of amounts (another amount before it, joined by 、 only)."""
    sentence = text[max(text.rfind("。", 0, at), text.rfind("；", 0, at)) + 1:at]
    before = list(_MONEY.finditer(sentence))
    return bool(before) and "、" in sentence[before[-1].end():] and not re.search(r"[，,：:]", sentence[before[-1].end():])


_TOTAL_WORD = re.compile(r"总预算|总计|合计|总额")


def _names(head: str, subject: str) -> bool:
    """Whether a subject named in the second sentence ("财政拨款支出") is what the first states ("财政拨款预算支出"); a
    total is one however it is called ("收、支总预算" / "收、支总计各增加")."""
    rest = iter(_TOTAL_WORD.sub("总", re.sub(r"[\s，,、的]", "", head)))
    return all(ch in rest for ch in _TOTAL_WORD.sub("总", re.sub(r"[\s，,、的]|各$", "", subject)))


def _changed(before: str, unit: str, subject: str) -> list[re.Match]:
    """The amounts of the first sentence whose change the next one may state: its only amount; or — where the next
    sentence names its subject ("支出较去年减少…") — the total its other amounts are parts of ("支出预算 68632.12 万元，
    其中：一般公共服务支出 3.00 万元，公共安全支出 68629.12万元"), else each of up to three amounts the subject names
    ("财政拨款支出年初预算 139,217.01万元，支出决算 296,047.75万元": the rate must fit one of them)."""
    amounts = [a for a in _MONEY.finditer(before) if a["unit"] == unit]
    if len(amounts) == 1:
        return amounts
    if not amounts or not subject:
        return []
    if re.match(r"\s*[，,]?\s*其中", before[amounts[0].end():]):
        return amounts[:1]
    named = [a for a in amounts if _names(before[:a.start()], subject)]
    return named if len(named) <= 3 else []


_NO_PERCENT = re.compile(
    rf"(?P<dir>{_CHANGE_WORD})\s*(?P<d>{_NUMBER})\s*(?P<unit>万元|元)\s*[，,]\s*(?P<pdir>增长|下降|上升|降低|增加|减少)\s*"
    r"(?P<p>\d+\.\d+)(?!\s*[%％\d.])"
)


def _without_percent(text: str) -> list[GrowthMismatch]:
    """"减少 100 万元，减少 9.52，主要原因…": a rate printed without its % (and going the other way than the change)."""
    out = []
    for m in _NO_PERCENT.finditer(text):
        stated = decimal_of(m["p"]) or Decimal(0)
        out.append(GrowthMismatch(m.group(0), stated, f"增减幅度 {m['p']} 缺少“%”", f"the rate {m['p']} is printed without %"))
        if (m["dir"] in _UP) != (m["pdir"] in _UP):
            out.append(GrowthMismatch(m.group(0), stated, f"“增加/减少”与“增长/下降”方向相反（{m['dir']}…{m['pdir']}）",
                                      f"增加/减少 and 增长/下降 point in opposite directions ({m['dir']} … {m['pdir']})", True))
    return out


def mismatches(text: str) -> list[GrowthMismatch]:
    """The growth statements of ``text`` that disagree with their own numbers — in one sentence, or with the amount
    in one sentence and its change in the next ("…3,061.29万元，…。与上年相比增加740.84万元，增长31.93%。"), where that
    sentence states exactly one amount (a short remark with no figure may stand between the two)."""
    text = re.sub(r"\s*\n\s*", "", text)
    out = _without_percent(text)
    for m in _SENTENCE.finditer(text):
        if _list_item(text, m.start()):  # "…3,262.49万元、其他收入3,444.00万元，较上年减少…": the list's total's change
            if (total := _list_total(text, m.start())) is not None and total["unit"] == m["unit"] and (
                    bad := _check(text[total.start():m.end()], total["x"], m["dir"], m["d"], m["pdir"], m["p"])):
                out.append(bad)
            continue
        if bad := _check(m.group(0), m["x"], m["dir"], m["d"], m["pdir"], m["p"], m["middle"]):
            out.append(bad)
    sentences = re.findall(r"[^。]+。?", text)
    for k, sentence in enumerate(sentences[1:], start=1):
        if not (follow := _FOLLOWING.match(sentence.strip())):
            continue
        before = sentences[k - 1]
        if k >= 2 and len(before.strip()) <= 20 and not re.search(r"\d", before):
            # a short remark with no figure between the amount and its change ("收入预算总计13649.07万元。全部由省财政
            # 拨款。与上年相比增加844.15万元，增长6.59%。")
            before = sentences[k - 2] + before
        subject = follow["subject"] or follow["named"] or ""
        changed = [a for a in _changed(before, follow["unit"], subject) if _names(before[:a.start()], subject)]
        if not changed or _SENTENCE.search(before):
            continue  # which amount changed is not certain, or the first sentence states its own change
        text_of = (before.strip() + sentence.strip())
        found = [_check(text_of, a["x"], follow["dir"], follow["d"], follow["pdir"], follow["p"]) for a in changed]
        if all(found) and (bad := found[-1]) is not None:  # no amount the subject names fits the rate
            out.append(bad if len(found) == 1 or bad.direction else GrowthMismatch(
                bad.text, bad.stated, f"{bad.problem_zh}（前句所列 {len(found)} 个金额均不符）",
                f"{bad.problem_en} (none of the {len(found)} amounts of the sentence before fits)"))
    return out


# a rate of an amount against the year before, with or without its change: "公务接待费预算 14.60 万元，比上年预算数下降 19.3%"
_ANY_RATE = re.compile(rf"(?P<x>{_NUMBER})\s*(?P<unit>万元|元){_FREE}{{0,60}}?(?:比|较|同比)[^。；;%％]{{0,24}}?"
                       r"(?P<pdir>增长|下降|上升|降低)\s*(?P<p>\d+(?:\.\d+)?)\s*[%％]")
_STATED_CHANGE = re.compile(rf"(?:增加|减少){_NUMBER}\s*(?:万元|元)|(?:比|较)[^。；;%]{{0,20}}?{_NUMBER}\s*(?:万元|元)")


def rate_statements(text: str) -> tuple[int, int]:
    """(rates :func:`mismatches` recomputes from their own change or year before, rates of an amount stated with
    neither): "…14.60 万元，比上年预算数下降 19.3%" names no figure the rate could be recomputed from — the
    check cannot be determined there (the three outcomes of issue 14), which the report counts."""
    text = re.sub(r"\s*\n\s*", "", text)
    read = {m.start("p") for m in _SENTENCE.finditer(text)}
    at = 0
    for sentence in re.findall(r"[^。]+。?", text):
        stripped = sentence.strip()
        if (follow := _FOLLOWING.match(stripped)) is not None:
            read.add(at + sentence.index(stripped) + follow.start("p"))
        at += len(sentence)
    unread = sum(1 for m in _ANY_RATE.finditer(text)
                 if m.start("p") not in read and not _STATED_CHANGE.search(text, m.end("unit"), m.start("p")))
    return len(read), unread


_SECTIONS = f"SELECT ?s ?text WHERE {{ ?s <{CNB.sectionText}> ?text }}"


def annotate(store: ox.Store) -> int:
    """Add a node for each disagreeing growth statement of each section to this validation copy, and one for each
    rate read (``cnb:comparisonKind`` "growth-rate"; a rate stated with neither its change nor the year before also
    ``cnb:undeterminedReason`` "no-change-stated", counted by shapes/outcomes/scopes.ttl); returns the disagreements."""
    found = 0
    solutions = store.query(_SECTIONS)
    assert isinstance(solutions, ox.QuerySolutions)  # a SELECT
    kind, why = ox.NamedNode(CNB + "comparisonKind"), ox.NamedNode(CNB + "undeterminedReason")
    for solution in list(solutions):
        section = solution["s"]
        if not isinstance(section, ox.NamedNode):
            continue
        read, unread = rate_statements(solution["text"].value)
        for k in range(read + unread):
            item = ox.NamedNode(f"{section.value}/rate/{k}")
            store.add(ox.Quad(item, kind, ox.Literal("growth-rate")))
            if k >= read:
                store.add(ox.Quad(item, why, ox.Literal("no-change-stated")))
        for i, bad in enumerate(b for b in mismatches(solution["text"].value) if not b.direction):
            node = ox.NamedNode(f"{section.value}/growth/{i}")
            decimal = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
            quads: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]] = [
                     (ox.NamedNode(CNB + "inSection"), section),
                     (ox.NamedNode(CNB + "growthText"), ox.Literal(bad.text, language="zh")),
                     (ox.NamedNode(CNB + "statedGrowth"), ox.Literal(str(bad.stated), datatype=decimal)),
                     (ox.NamedNode(CNB + "growthProblem"), ox.Literal(bad.problem_zh, language="zh")),
                     (ox.NamedNode(CNB + "growthProblem"), ox.Literal(bad.problem_en, language="en"))]
            store.extend(ox.Quad(node, p, o) for p, o in quads)
            found += 1
    return found
