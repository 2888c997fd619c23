"""A sentence agrees with itself (issue 14, family 1): the numbers one sentence (or two adjacent ones) states, held
against the words that relate them — no table needed, so every such sentence can be checked.

- **relation** — "决算数大于/小于/等于/与…持平 (年初)预算数" against the 预算 and 决算 amounts the sentence (or the one
  before it) states ("年初预算为 5717.32 万元，支出决算为 5757.63 万元。决算数大于预算数"); "决算数较预算数减少 D 万元"
  against their difference; "X万元，比上年 B万元增加 D万元" against the direction of X − B; the same "X万元，比YYYY年预算增加
  D万元" said to go the other way by another sentence of the section; a change and its rate going opposite ways ("减少
  200万元，增长10.35%", read by :mod:`ingest.growth_rates`); "…执行数为 B万元，…预算安排 X万元，比…执行数增加 P%" against
  X − B (the rate too: a **growth** issue); a net change after its reasons ("增减相抵后增加 D万元") against the change.
- **completion-rate** — "完成年初预算的 P%" / "完成全年预算的 P%" / "完成预算的 P%" / "占年初预算的 P%" / "预算执行率 P%"
  against 决算 ÷ the base it names: a 决算 sentence often states both 年初预算 and 全年预算, and the rate must be
  computed on the one named ("完成年初预算的" on 年初预算; "完成预算的" only where one budget amount is stated).
- **zero-base** — a rate over a zero base (增加 X万元 from 0 "增长 100%", 完成 P% of a 0 budget) cannot be computed:
  reported as undefined, never compared as a number.
- **share** — "总额 T万元，其中：A万元，占 P%；B万元，占 Q%" recomputed as A ÷ T from the sentence's own numbers
  (where the list states no total, from Σ parts when the shares add up to 100 %, i.e. the list is complete).
  A base the share names ("占本年支出预算 P%") may be stated in an earlier sentence; a list may run over sentences
  ("基本支出 A万元，占 P%。项目支出 B万元，占 Q%。"); the parts of a base not stated must imply one total.
- **shares-total** — the shares of one such list: more than 100 %, or short of 100 % when its parts add up to the total.
- **growth** — the rate in the sentence after its change ("…比上年增加 D万元。增长 P%"), which
  :mod:`ingest.growth_rates` (one sentence, or the change in the next one) does not read.

A stated percentage may differ from the recomputed one by half a unit of its last printed decimal plus the effect of
the amounts' own printed precision (each amount ± half a unit of its last digit); a figure cut off at its printed
digits (99.98 % printed 99.9 %) is a truncation, not an error. Two amounts compared with 大于 / 等于 allow the sum
of their half-digits.

:func:`annotate` adds one node per finding to the validation copy (``cnb:inSection``, ``cnb:sentenceCheck``,
``cnb:sentenceText``, ``cnb:sentenceProblem`` in Chinese and English); the shapes of ``shapes/sentences.ttl`` report
them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox

from ..ontology.namespaces import CNB
from .growth_rates import mismatches as growth_mismatches
from .printed import decimal_of, half_digit

NUMBER = r"\d[\d,]*(?:\.\d+)?"
_UNIT = r"亿元|万元|元"
_MONEY = re.compile(rf"(?P<n>{NUMBER})\s*(?P<u>{_UNIT})")
# the phase word right before an amount: 年初预算为 / 全年预算数 / 支出决算为 / 执行数为; "一般公共预算"、"政府性基金预算"、
# "国有资本经营预算" name a fund, not a phase
_PHASE = re.compile(r"(?P<w>年初预算|全年预算|调整(?:后的?)?预算|(?<![共金营])预算|决算|执行|实际支出)"
                    r"(?:数|金额|额)?(?:为|是|共计|合计|达到?)?\s*$")
_RATE = re.compile(r"(?:完成|占|达到?)(?:了)?(?P<base>年初预算|全年预算|调整(?:后的?)?预算|(?<![共金营])预算)(?:数|金额)?的?"
                   r"\s*(?P<p>\d+(?:\.\d+)?)\s*[%％]|(?<![共金营])预算(?:完成|执行)率(?:为|是|达到?)?\s*(?P<p2>\d+(?:\.\d+)?)\s*[%％]")
_REL_WORD = re.compile(r"决算数?\s*(?P<w>大于|小于|等于|高于|低于|超过|多于|少于)\s*(?P<base>年初|全年|调整后?的?)?预算数?")
_REL_EQUAL = re.compile(r"决算数?\s*与\s*(?P<base>年初|全年|调整后?的?)?预算数?\s*(?P<w>持平|相等|一致)")
_REL_DIFF = re.compile(rf"决算数?\s*(?:较|比)\s*(?P<base>年初|全年|调整后?的?)?预算数?\s*(?P<dir>增加|减少|多|少)\s*"
                       rf"(?P<d>{NUMBER})\s*(?P<u>{_UNIT})")
# an amount not part of another: X is the amount right before the comparison
_FREE = rf"(?:(?!{NUMBER}\s*(?:{_UNIT}))[^。；;%])"
_PREVIOUS = re.compile(rf"(?P<x>{NUMBER})\s*(?P<u>{_UNIT}){_FREE}{{0,20}}?(?:比|较)(?:上年|去年|上一年|(?:19|20)\d{{2}}\s*年)"
                       rf"{_FREE}{{0,12}}?(?P<b>{NUMBER})\s*(?P=u)\s*(?:相比)?[，,]?\s*(?P<dir>增加|减少)\s*(?:了)?\s*"
                       rf"(?P<d>{NUMBER})\s*(?P=u)(?P<rate>\s*[，,、]?\s*(?:增长|下降|上升|降低))?")
_GROWTH = re.compile(rf"(?P<x>{NUMBER})\s*(?P<u>{_UNIT}){_FREE}{{0,40}}?(?P<dir>增加|减少)\s*(?P<d>{NUMBER})\s*(?P=u)"
                     rf"\s*[，,、]?\s*(?P<pdir>增长|下降|上升|降低|增加|减少)\s*(?P<p>\d+(?:\.\d+)?)\s*[%％]")
_CHANGE_END = re.compile(rf"(?P<x>{NUMBER})\s*(?P<u>{_UNIT}){_FREE}{{0,40}}?(?:比|较|与|同比)[^。；;%]{{0,20}}?"
                         rf"(?P<dir>增加|减少)\s*(?P<d>{NUMBER})\s*(?P=u)\s*$")
_RATE_NEXT = re.compile(r"^\s*(?:同比|比上年|较上年|与上年相比)?[，,]?\s*(?P<pdir>增长|下降|上升|降低)\s*(?P<p>\d+(?:\.\d+)?)\s*[%％]")
_OPENS = re.compile(r"^\s*[，,：:]?\s*(?:其中|主要用于以下方面|主要用于|包括|具体(?:安排)?(?:情况)?如下|分别为)\s*[：:，,]?")
_SHARE = re.compile(r"^\s*[，,（(]?\s*占(?P<of>[^，,；;。%％\d]{0,16}?)(?:的)?(?:比例|比重)?(?:为|是)?\s*"
                    r"(?P<p>\d+(?:\.\d+)?)\s*[%％]")
_HEADING = re.compile(r"(?:^|[；;。])\s*(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）)")
_BASE_KIND = {"年初": "initial", "全年": "full", "调整": "full"}


@dataclass(frozen=True)
class SentenceIssue:
    """One sentence whose words disagree with its own numbers (or state a rate that cannot be computed)."""

    check: str  # relation | completion-rate | zero-base | share | share-rounding | shares-total | growth
    text: str
    problem_zh: str
    problem_en: str
    stated: str = ""  # the printed number the issue is about (a share, a rate, a 决算 amount), to find its claim


def _places(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _rate_off(stated: str, num: Decimal, hnum: Decimal, den: Decimal, hden: Decimal) -> Decimal | None:
    """The rate 100 × num ÷ den where the printed ``stated`` percentage is beyond its tolerance (half its last digit and
    the amounts' printed precision; a truncation is not an error); None when it agrees."""
    p = decimal_of(stated)
    if p is None or den <= 0:
        return None
    rate = 100 * num / den
    tolerance = half_digit(stated) + 100 * (hnum / den + abs(num) * hden / (den * den))
    scale = Decimal(10) ** _places(stated)
    if abs(rate - p) <= tolerance or (rate >= 0 and int(rate * scale) == p * scale):
        return None
    return rate.quantize(Decimal(1) / Decimal(10) ** max(2, _places(stated)))


@dataclass(frozen=True)
class _Amount:
    kind: str | None  # initial | full | budget | actual | None
    text: str
    value: Decimal
    unit: str
    start: int
    end: int


def _amounts(sentence: str) -> list[_Amount]:
    out: list[_Amount] = []
    last = 0
    for m in _MONEY.finditer(sentence):
        value = decimal_of(m["n"])
        if value is None:
            continue
        before = sentence[last:m.start()]
        clause = re.split(r"[，,、：:；;]", before)[-1]
        phase = _PHASE.search(clause)
        kind = None
        if phase:
            w = phase["w"]
            kind = ("initial" if w.startswith("年初") else "full" if w.startswith(("全年", "调整")) else
                    "budget" if w == "预算" else "actual")
        out.append(_Amount(kind, m["n"], value, m["u"], m.start(), m.end()))
        last = m.end()
    return out


def _base_of(amounts: list[_Amount], named: str) -> tuple[_Amount | None, list[_Amount]]:
    """The budget amount a rate or relation names (``named``: initial / full / budget) among ``amounts``, and the
    other budget amounts stated; None where the sentence does not state it or cannot say which."""
    budgets = [a for a in amounts if a.kind in ("initial", "full", "budget")]
    by_kind = {k: [a for a in budgets if a.kind == k] for k in ("initial", "full", "budget")}
    if named == "budget":
        return (budgets[-1] if len({a.kind for a in budgets}) == 1 else None), budgets
    own = by_kind[named] or (by_kind["budget"] if not by_kind["initial" if named == "full" else "full"] else [])
    return (own[-1] if own else None), budgets


def _name(kind: str) -> tuple[str, str]:
    return {"initial": ("年初预算", "the initial budget (年初预算)"), "full": ("全年预算", "the full-year budget (全年预算)"),
            "budget": ("预算", "the budget")}[kind]


def _named(word: str | None) -> str:
    return _BASE_KIND.get((word or "")[:2], "budget")


def _completion(sentence: str) -> list[SentenceIssue]:
    out: list[SentenceIssue] = []
    start = 0
    for m in _RATE.finditer(sentence):
        segment = sentence[start:m.start()]
        start = m.end()
        cut = segment.rfind("其中")
        if cut >= 0:
            segment = segment[cut:]  # "…完成预算的 60.46%，其中：因公出国（境）费支出决算为 4.69 万元，完成预算的 15.63%"
        amounts = _amounts(segment)
        actual = next((a for a in reversed(amounts) if a.kind == "actual"), None)
        named = _named(m["base"]) if m["base"] else "budget"
        base, budgets = _base_of(amounts, named)
        stated = m["p"] or m["p2"]
        text = (segment + m.group(0)).strip("，,；;：: ")
        if actual is None or base is None or actual.unit != base.unit:
            continue
        zh, en = _name(base.kind or "budget")
        if base.value == 0:
            out.append(SentenceIssue("zero-base", text, f"{zh}为 0，完成率无法计算（不应写作 {stated}%）",
                                     f"{en} is 0: the rate cannot be computed (not {stated} %)", stated))
            continue
        rate = _rate_off(stated, actual.value, half_digit(actual.text), base.value, half_digit(base.text))
        if rate is None:
            continue
        others = [b for b in budgets if b is not base and b.value > 0 and b.unit == actual.unit
                  and _rate_off(stated, actual.value, half_digit(actual.text), b.value, half_digit(b.text)) is None]
        if others:
            ozh, oen = _name(others[0].kind or "budget")
            out.append(SentenceIssue(
                "completion-rate", text,
                f"{stated}% 是决算 {actual.text} 对{ozh} {others[0].text} 的完成率，而句中称“完成{zh}”（{base.text}），应为 {rate}%",
                f"{stated} % is the 决算 {actual.text} over {oen} {others[0].text}, but the sentence names {en} "
                f"({base.text}): {rate} %", stated))
        else:
            out.append(SentenceIssue("completion-rate", text,
                                     f"决算（执行）数 {actual.text} ÷ {zh} {base.text} = {rate}%，而非 {stated}%",
                                     f"the actual (决算/执行数) {actual.text} over {en} {base.text} is {rate} %, not {stated} %", stated))
    return out


_WORDS = {"大于": "gt", "高于": "gt", "超过": "gt", "多于": "gt", "小于": "lt", "低于": "lt", "少于": "lt",
          "等于": "eq", "持平": "eq", "相等": "eq", "一致": "eq"}


def _relation_amounts(before: str, previous: str, named: str) -> tuple[_Amount, _Amount] | None:
    """The 决算 and the named budget amount of the words before a relation, or else of the sentence before."""
    for text in (before, previous):
        amounts = _amounts(text)
        actual = next((a for a in reversed(amounts) if a.kind == "actual"), None)
        base, _ = _base_of(amounts, named)
        if actual is not None and base is not None:
            return (actual, base) if actual.unit == base.unit else None
        if amounts:
            return None  # the words before state amounts, but not these two
    return None


def _relations(sentence: str, previous: str) -> list[SentenceIssue]:
    out: list[SentenceIssue] = []
    for m in [*_REL_WORD.finditer(sentence), *_REL_EQUAL.finditer(sentence), *_REL_DIFF.finditer(sentence)]:
        before = sentence[:m.start()]
        pair = _relation_amounts(before, previous if not _amounts(before) else "", _named(m["base"]))
        if pair is None:
            continue
        actual, base = pair
        tol = half_digit(actual.text) + half_digit(base.text)
        diff = actual.value - base.value
        text = (before if _amounts(before) else previous + "。" + before).strip() + m.group(0)
        zh, en = _name(base.kind or "budget")
        if "dir" in m.groupdict() and m["dir"]:
            d = decimal_of(m["d"])
            if d is None or m["u"] != actual.unit:
                continue
            up = m["dir"] in ("增加", "多")
            if (up and diff < -tol) or (not up and diff > tol):
                out.append(SentenceIssue("relation", text, f"决算 {actual.text} 与{zh} {base.text} 相比是"
                                         f"{'减少' if up else '增加'}，而句中称{m['dir']}",
                                         f"the 决算 {actual.text} is {'below' if up else 'above'} {en} {base.text}, "
                                         f"but the sentence says {m['dir']}"))
            elif abs(abs(diff) - d) > tol + half_digit(m["d"]):
                out.append(SentenceIssue("relation", text, f"决算 {actual.text} 与{zh} {base.text} 相差 {abs(diff)}，"
                                         f"而非 {m['d']}", f"the 决算 {actual.text} and {en} {base.text} differ by "
                                         f"{abs(diff)}, not {m['d']}"))
            continue
        relation = _WORDS[m["w"]]
        wrong = ((relation == "gt" and diff <= tol) or (relation == "lt" and diff >= -tol)
                 or (relation == "eq" and abs(diff) > tol))
        if wrong:
            out.append(SentenceIssue("relation", text, f"决算 {actual.text} 与{zh} {base.text} 不符合“{m['w']}”",
                                     f"the 决算 {actual.text} is not '{m['w']}' {en} {base.text}"))
    for m in _PREVIOUS.finditer(sentence) if ("比" in sentence or "较" in sentence) and (
            "增加" in sentence or "减少" in sentence) else ():
        x, b, d = decimal_of(m["x"]), decimal_of(m["b"]), decimal_of(m["d"])
        if x is None or b is None or d is None:
            continue
        tol = half_digit(m["x"]) + half_digit(m["b"])
        up = m["dir"] == "增加"
        if (up and x < b - tol) or (not up and x > b + tol):
            out.append(SentenceIssue("relation", m.group(0).rstrip("，,、增长下降上升 "),
                                     f"本年数 {m['x']} {'小于' if up else '大于'}比较数 {m['b']}，而句中称{m['dir']}",
                                     f"{m['x']} is {'below' if up else 'above'} the amount compared {m['b']}, "
                                     f"but the sentence says {m['dir']}"))
    return out


# "政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元": an increase larger than the amount it ends at
_RISE = re.compile(rf"(?<![\d,.\-－−负])(?P<x>{NUMBER})\s*(?P<u>{_UNIT})\s*[，,]?\s*(?:比|较)\s*(?:上年|去年|上一年|(?:19|20)\d{{2}}"
                   rf"\s*年度?)(?:[（(][^（）()]{{0,12}}[）)])?[^，,。；;%\d（()]{{0,10}}?\s*增加\s*(?P<d>{NUMBER})\s*(?P=u)")


def _below_zero(sentence: str) -> list[SentenceIssue]:
    """"X万元，比上年增加 D万元" with D more than X: the amount compared with would be X − D, below zero, which no
    budget amount is (an item of a 、 list, or a part after its total's 其中, is not read: the change may be the
    total's)."""
    out: list[SentenceIssue] = []
    for m in _RISE.finditer(sentence) if "增加" in sentence else ():
        x, d = decimal_of(m["x"]), decimal_of(m["d"])
        before = sentence[:m.start()]
        if x is None or d is None or re.search(rf"(?:{_UNIT})\s*、[^，,。；;：:\d]{{0,30}}$", before) or re.search(
                rf"(?:{_UNIT})[^。]*其中", before):
            continue  # an item of a list, or a part after its total ("…500万元，其中：财政拨款100万元，比上年增加…")
        if d - x > half_digit(m["x"]) + half_digit(m["d"]):
            out.append(SentenceIssue(
                "relation", m.group(0), f"本年数 {m['x']}{m['u']} 比上年增加 {m['d']}{m['u']}，则上年数为 {x - d}{m['u']}：金额不能为负，"
                "“增加”或金额有误", f"{m['x']} {m['u']} up {m['d']} {m['u']} on the year before puts that year at "
                f"{x - d} {m['u']}, below zero: the word 增加 or an amount is wrong", m["x"]))
    return out


def _zero_growth(sentence: str) -> list[SentenceIssue]:
    out: list[SentenceIssue] = []
    for m in _GROWTH.finditer(sentence) if "增加" in sentence and ("%" in sentence or "％" in sentence) else ():
        x, d = decimal_of(m["x"]), decimal_of(m["d"])
        if x is None or d is None or m["dir"] != "增加" or x != d or d == 0:
            continue
        out.append(SentenceIssue("zero-base", m.group(0), f"上年数为 0（{m['x']} − {m['d']}），增长率无法计算（不应写作"
                                 f" {m['p']}%）", f"the previous amount is 0 ({m['x']} − {m['d']}): the growth rate "
                                 f"cannot be computed (not {m['p']} %)", m["p"]))
    return out


def _growth_split(sentence: str, following: str) -> list[SentenceIssue]:
    """"…X万元，比上年增加 D万元。增长 P%": the rate in the next sentence."""
    rate = _RATE_NEXT.match(following)
    change = _CHANGE_END.search(sentence.rstrip("。 ")) if rate is not None else None
    if change is None or rate is None:
        return []
    x, d = decimal_of(change["x"]), decimal_of(change["d"])
    if x is None or d is None:
        return []
    up, rises = change["dir"] == "增加", rate["pdir"] in ("增长", "上升")
    base = x - d if up else x + d
    text = f"{sentence.strip()}{rate.group(0).strip()}"
    if up != rises:
        return [SentenceIssue("growth", text, f"“{change['dir']}”与下一句的“{rate['pdir']}”方向相反",
                              f"{change['dir']} and the next sentence's {rate['pdir']} point in opposite directions")]
    if base == 0:
        return [SentenceIssue("zero-base", text, f"上年数为 0，增长率无法计算（不应写作 {rate['p']}%）",
                              f"the previous amount is 0: the growth rate cannot be computed (not {rate['p']} %)")]
    off = _rate_off(rate["p"], d, half_digit(change["d"]), base, half_digit(change["x"]) + half_digit(change["d"]))
    if off is None or base < 0:
        return []
    return [SentenceIssue("growth", text, f"按所列金额计算{rate['pdir']} {off}%（{change['d']} ÷ {base}），而非 {rate['p']}%",
                          f"the amounts give {off} % ({change['d']} / {base}), not {rate['p']} %")]


# "2023年当年预算执行数为14.62万元，2024年预算安排13.52万元，比2023年预算执行数减少7.52%": X compared, by a rate, with a
# figure the sentence names and states (the name ends in 执行数 / 决算数 / 预算数)
_VS_NAMED = re.compile(rf"(?P<x>{NUMBER})\s*(?P<u>{_UNIT})\s*[，,]?\s*(?:比|较)\s*(?P<name>(?:上年|去年|上一年|(?:19|20)\d{{2}}"
                       rf"\s*年度?)[^，,。；;%\d]{{0,12}}?(?:执行数|决算数|预算数))\s*(?P<dir>增加|减少|增长|下降|降低|上升)了?\s*"
                       rf"(?P<p>\d+(?:\.\d+)?)\s*[%％]")
_SCOPE = re.compile(r"\s+|^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十\d]{1,3}[、.．])|(?:19|20)\d{2}年度?|"
                    r"本年度?|当年|本部门|本单位|[“”\"]|的$|(?:为|是|共计|合计|达到?)$")
_UP = ("增加", "增长", "上升")


def _norm_name(text: str) -> str:
    """A name as a sentence labels an amount, without scope words: "2023年当年预算执行数为" → "预算执行数"."""
    previous = None
    while previous != text:
        previous, text = text, _SCOPE.sub("", text)
    return text


def _label(text: str, start: int) -> str:
    """The words right before the amount at ``start``: its clause up to the previous punctuation."""
    return re.split(r"[，,、：:；;。]", text[:start])[-1]


def _named_amounts(text: str, name: str, unit: str) -> list[_Amount]:
    """The amounts of ``text`` (in ``unit``) whose label is ``name`` (scope words aside), else — for a long, specific
    name ("授予中小企业合同金额") — ends with it ("政府采购授予中小企业合同金额")."""
    wanted = _norm_name(name)
    labelled = [(a, _norm_name(_label(text, a.start))) for a in _amounts(text) if a.unit == unit] if wanted else []
    return [a for a, label in labelled if label == wanted] or [
        a for a, label in labelled if len(wanted) >= 6 and label.endswith(wanted)]


def _against_named(sentence: str) -> list[SentenceIssue]:
    """"…执行数为 B万元，…预算安排 X万元，比…执行数增加 P%": the direction and the rate against X and the B the sentence
    names and states (one such B, or several that agree); silent where it states none."""
    out: list[SentenceIssue] = []
    for m in _VS_NAMED.finditer(sentence) if "比" in sentence or "较" in sentence else ():
        bases = {b.value: b for b in _named_amounts(sentence[:m.start()], m["name"], m["u"])}
        x = decimal_of(m["x"])
        if len(bases) != 1 or x is None:
            continue
        (b,) = bases.values()
        if b.value < 0:
            continue
        diff, tol = x - b.value, half_digit(m["x"]) + half_digit(b.text)
        up = m["dir"] in _UP
        text = m.group(0)
        if (up and diff < -tol) or (not up and diff > tol):
            out.append(SentenceIssue("relation", text, f"{m['x']}{m['u']} {'少于' if up else '多于'}{m['name']} {b.text}"
                                     f"{m['u']}，而句中称{m['dir']}", f"{m['x']} {m['u']} is {'below' if up else 'above'} "
                                     f"the {m['name']} {b.text} {m['u']}, but the sentence says {m['dir']}", m["p"]))
            continue
        off = _rate_off(m["p"], abs(diff), tol, b.value, half_digit(b.text)) if b.value > 0 else None
        if off is not None:
            out.append(SentenceIssue("growth", text, f"({m['x']} − {b.text}) ÷ {b.text} = {off}%，而非所称{m['dir']} {m['p']}%",
                                     f"({m['x']} − {b.text}) / {b.text} = {off} %, not the stated {m['p']} %", m["p"]))
    return out


# "…比上年预算增加164.48万元，主要原因…，增减相抵后增加164.48万元": the net change restated after its reasons
_NET = re.compile(rf"相抵后[^，,。；;%\d]{{0,12}}?(?P<dir>增加|减少)\s*(?P<d>{NUMBER})\s*(?P<u>{_UNIT})")
_HEAD_CHANGE = re.compile(rf"(?:比|较|相比)[^，,。；;%\d]{{0,16}}?(?P<dir>增加|减少)\s*(?P<d>{NUMBER})\s*(?P<u>{_UNIT})")


def _net_changes(sentence: str, previous: str) -> list[SentenceIssue]:
    """The change "比上年增加 D" and its restatement "增减相抵后增加 D" (same sentence, or the change in the sentence
    before) going opposite ways."""
    out: list[SentenceIssue] = []
    for net in _NET.finditer(sentence) if "相抵后" in sentence else ():
        before = previous + sentence[:net.start()]
        heads = [h for h in _HEAD_CHANGE.finditer(before) if h["d"] == net["d"] and h["u"] == net["u"]]
        if heads and heads[-1]["dir"] != net["dir"]:
            head = heads[-1]
            out.append(SentenceIssue("relation", (before[head.start():] + net.group(0)).strip(),
                                     f"先称{head['dir']}{head['d']}{head['u']}，增减相抵后又称{net['dir']}{net['d']}{net['u']}：方向相反",
                                     f"the change is said to be {head['dir']} {head['d']} {head['u']} and, after its reasons,"
                                     f" {net['dir']} {net['d']} {net['u']}: opposite directions", head["d"]))
    return out


# "…支出37,891.58万元，比2025年增加800.94万元。其中：基本支出12,899.62万元，…比2025年增加726.21万元，…；项目支出
# 24,991.96万元，…比2025年增加74.73万元，…。": a total's change and the changes of the parts it is made of
_BASE_WORD = r"(?:上年|去年|上一年|(?:19|20)\d{2}\s*年度?)"
_TOTAL_CHANGE = re.compile(rf"(?P<x>{NUMBER})\s*(?P<u>{_UNIT})\s*[，,]?\s*(?:比|较)\s*(?P<base>{_BASE_WORD})[^，,。；;%\d]{{0,10}}?"
                           rf"(?P<dir>增加|减少)\s*(?P<d>{NUMBER})\s*(?P=u)(?:\s*[，,][^。；;\d]{{0,40}}?)?\s*[。；;，,]\s*其中"
                           rf"\s*[：:，,]?")
_PART_CHANGE = re.compile(rf"(?:比|较)\s*(?P<base>{_BASE_WORD})[^，,。；;%\d]{{0,10}}?(?P<dir>增加|减少)\s*(?P<d>{NUMBER})\s*"
                          rf"(?P<u>{_UNIT})")


def _signed(direction: str, d: Decimal) -> Decimal:
    return d if direction == "增加" else -d


def _part_changes(text: str) -> list[SentenceIssue]:
    """Where the parts listed after a total's change (one per ；-clause, each with its own change against the same
    year) add up to the total, their changes must add up to the total's change."""
    out: list[SentenceIssue] = []
    for m in _TOTAL_CHANGE.finditer(text) if "其中" in text else ():
        x, d = decimal_of(m["x"]), decimal_of(m["d"])
        end = text.find("。", m.end())
        clauses = re.split(r"[；;]", text[m.end():end if end >= 0 else len(text)])
        parts = [(_MONEY.search(c), _PART_CHANGE.search(c)) for c in clauses]
        if x is None or d is None or len(parts) < 2 or any(
                a is None or c is None or a["u"] != m["u"] or c["u"] != m["u"] or a.start() > c.start()
                or re.sub(r"\s+", "", c["base"]) != re.sub(r"\s+", "", m["base"]) for a, c in parts):
            continue
        amounts = [(a["n"], decimal_of(a["n"])) for a, _ in parts if a is not None]
        changes = [(c["dir"], c["d"], decimal_of(c["d"])) for _, c in parts if c is not None]
        if any(v is None for _, v in amounts) or any(v is None for *_, v in changes):
            continue
        sum_x = sum((v for _, v in amounts if v is not None), Decimal(0))
        if abs(sum_x - x) > half_digit(m["x"]) + sum((half_digit(t) for t, _ in amounts), Decimal(0)):
            continue  # the parts listed are not the whole total
        total = sum((_signed(w, v) for w, _, v in changes if v is not None), Decimal(0))
        tol = half_digit(m["d"]) + sum((half_digit(t) for _, t, _ in changes), Decimal(0))
        said = _signed(m["dir"], d)
        if abs(total - said) <= tol:
            continue
        listed = "、".join(f"{w}{t}" for w, t, _ in changes)
        out.append(SentenceIssue("relation", text[m.start():end if end >= 0 else len(text)],
                                 f"各项（合计 {m['x']}{m['u']}）的增减（{listed}）合计为 {total}，而总额称{m['dir']}{m['d']}{m['u']}",
                                 f"the parts (together {m['x']} {m['u']}) change by {total} in all ({listed}), but the total "
                                 f"is said to change by {said}", m["d"]))
    return out


# "“三公”经费支出预算241.17万元，比上年预算减少33.58万元…具体情况如下：1．因公出国（境）费预算支出0万元，比上年预算
# 减少40万元…。2．公务用车购置及运行维护费…其中：（1）…（2）…。3．公务接待费…": a total's change and its numbered items'
_ANY_CHANGE = re.compile(rf"(?P<x>{NUMBER})\s*(?P<u>{_UNIT})\s*[，,]?\s*(?:比|较)\s*{_BASE_WORD}[^，,。；;%\d]{{0,10}}?"
                         rf"(?P<dir>增加|减少)\s*(?P<d>{NUMBER})\s*(?P=u)")
_ITEM_CHANGE = re.compile(rf"(?:比|较|与)\s*{_BASE_WORD}[^，,。；;%\d]{{0,10}}?(?:(?P<dir>增加|减少)\s*(?P<d>{NUMBER})\s*"
                          rf"(?P<u>{_UNIT})|(?:持平|相同|一致|不变|无变化))")
# "⑥养老服务（2081006）3,000.00万元，增加3,000.00万元，…" — an item's change said right after its amount, without its base
_BARE_CHANGE = re.compile(rf"\s*[，,]\s*(?P<dir>增加|减少)\s*(?P<d>{NUMBER})\s*(?P<u>{_UNIT})")
_MARKS = {"（一）": r"（[一二三四五六七八九十]{1,2}）", "一、": r"(?<![\d.])[一二三四五六七八九十]{1,2}、",
          "1．": r"(?<![\d.（(])\d{1,2}[．.、](?!\d)", "（1）": r"[（(]\d{1,2}[）)]", "①": r"[①-⑳]"}
_FIRST_MARK = re.compile("|".join(f"(?P<m{k}>{v})" for k, v in enumerate(_MARKS.values())))
_CN_DIGITS = {ch: k for k, ch in enumerate("一二三四五六七八九十", start=1)}


def _ordinal(mark: str) -> int:
    """The number a list mark stands for: （三） 3, 12． 12, ④ 4."""
    if m := re.search(r"\d+", mark):
        return int(m.group(0))
    if m := re.search(r"[①-⑳]", mark):
        return ord(m.group(0)) - ord("①") + 1
    cn = [_CN_DIGITS[ch] for ch in mark if ch in _CN_DIGITS]
    if len(cn) == 2:  # 十一 … 十九, 二十
        return 10 + cn[1] if cn[0] == 10 else cn[0] * 10
    return cn[0] if cn else 0


def _items(text: str) -> list[str]:
    """The numbered items a text opens with (（一）…（二）… / 1．…2．… / （1）… / ①…), each up to the next of its style;
    the list ends where the numbering does not go on (a later list of the same style starts again at 1)."""
    first = _FIRST_MARK.search(text)
    if first is None or first.start() > 0 and re.search(r"[。；;]", text[:first.start()]) is None and first.start() > 60:
        return []
    style = re.compile(list(_MARKS.values())[int(next(k for k, v in first.groupdict().items() if v)[1:])])
    marks = list(style.finditer(text, first.start()))
    starts = [marks[0].start()] if marks else []
    for before, mark in zip(marks, marks[1:], strict=False):
        if _ordinal(mark.group(0)) != _ordinal(before.group(0)) + 1:
            break
        starts.append(mark.start())
    ends = [*starts[1:], marks[len(starts)].start() if len(starts) < len(marks) else len(text)]
    return [text[a:b] for a, b in zip(starts, ends, strict=True)]


def _item_change(item: str, unit: str) -> tuple[Decimal, Decimal, Decimal] | None:
    """(amount, signed change, tolerance) of one item: its own first amount and change, else the sum of its sub-items'."""
    head = re.split(r"[。；;]", item, maxsplit=1)[0]
    amount = _MONEY.search(head)
    if amount is None or amount["u"] != unit or (value := decimal_of(amount["n"])) is None:
        return None
    change = _ITEM_CHANGE.search(head, amount.end())
    if change is not None and _MONEY.search(head, amount.end(), change.start()):
        change = None  # the change of another amount of the item ("包括公务用车购置费0万元，与上年持平") is not its own
    if change is None:
        change = _BARE_CHANGE.match(head, amount.end())
    if change is None and not _MONEY.search(head, amount.end()):  # "公务接待费1.35万元。比2023年预算持平"
        change = _ITEM_CHANGE.match(item[len(head):].lstrip("。；; "))
    if change is not None:
        if not change["dir"]:
            return value, Decimal(0), half_digit(amount["n"])
        d = decimal_of(change["d"])
        return None if d is None or change["u"] != unit else (value, _signed(change["dir"], d), half_digit(change["d"]))
    subs = [_item_change(x, unit) for x in _items(item[len(head):].lstrip("。；;：:其中，, "))]
    if len(subs) < 2 or any(x is None for x in subs):
        return None
    parts = [x for x in subs if x is not None]
    if abs(sum((a for a, _, _ in parts), Decimal(0)) - value) > half_digit(amount["n"]) * (len(parts) + 1):
        return None
    return value, sum((c for _, c, _ in parts), Decimal(0)), sum((t for _, _, t in parts), Decimal(0))


def _list_changes(text: str) -> list[SentenceIssue]:
    """A total's change against the changes of the numbered items that follow it and make it up (a sub-list standing
    for an item that states none; 与上年持平 is 0)."""
    out: list[SentenceIssue] = []
    for m in _ANY_CHANGE.finditer(text) if "比" in text or "较" in text else ():
        x, d = decimal_of(m["x"]), decimal_of(m["d"])
        rest = text[m.end():m.end() + 2000]
        opening = re.search(r"具体(?:情况)?如下[：:]|其中[：:，,]", rest[:300])
        items = _items(rest[opening.end():]) if opening else []
        found = [_item_change(item, m["u"]) for item in items]
        if x is None or d is None or len(found) < 2 or any(f is None for f in found):
            continue
        parts = [f for f in found if f is not None]
        if abs(sum((a for a, _, _ in parts), Decimal(0)) - x) > half_digit(m["x"]) * (len(parts) + 1):
            continue  # the items are not the parts of this total
        total = sum((c for _, c, _ in parts), Decimal(0))
        said = _signed(m["dir"], d)
        if abs(total - said) <= half_digit(m["d"]) + sum((t for _, _, t in parts), Decimal(0)):
            continue
        span = text[m.start():m.end() + (opening.end() if opening else 0) + sum(len(i) for i in items)]
        out.append(SentenceIssue("relation", re.split(r"(?<=。)(?=[^。]*$)", span)[0] if span.endswith("。") else span,
                                 f"所列各项（合计 {m['x']}{m['u']}）的增减合计为 {total}，而总额称{m['dir']}{m['d']}{m['u']}",
                                 f"the items listed (together {m['x']} {m['u']}) change by {total} in all, but the total is "
                                 f"said to change by {said}", m["d"]))
    return out


# "…预算 0.00 万元，比上年预算数下降 100%": a decline from an amount is at most 100 %, and exactly 100 % down to 0
_DECLINE = re.compile(rf"(?P<x>{NUMBER})\s*(?P<u>{_UNIT})\s*[，,]?\s*(?:比|较)[^，,。；;%\d]{{0,16}}?(?P<w>下降|减少|降低)了?\s*"
                      rf"(?P<p>\d+(?:\.\d+)?)\s*[%％]")


def _declines(sentence: str) -> list[SentenceIssue]:
    """A decline of more than 100 %, or a decline to 0 stated as other than 100 % (amounts are not negative)."""
    out: list[SentenceIssue] = []
    for m in _DECLINE.finditer(sentence) if "%" in sentence or "％" in sentence else ():
        x, p = decimal_of(m["x"]), decimal_of(m["p"])
        if x is None or p is None:
            continue
        if p > 100:
            out.append(SentenceIssue("growth", m.group(0), f"{m['w']} {m['p']}% 超过 100%：金额不能降为负数",
                                     f"a decline of {m['p']} % is more than 100 %: the amount cannot fall below 0", m["p"]))
        elif x == 0 and p != 100:
            out.append(SentenceIssue("growth", m.group(0), f"降至 0 即下降 100%，而非 {m['p']}%",
                                     f"down to 0 is a decline of 100 %, not {m['p']} %", m["p"]))
    return out


@dataclass(frozen=True)
class _Part:
    amount: _Amount
    share: str
    of: str
    end: int


def _share_lists(sentence: str) -> list[tuple[_Amount | None, list[_Part], str]]:
    """Lists of parts with a share each ("…T万元，其中：A万元，占 P%；B万元，占 Q%"): (the total before the list or
    None, the parts, the list's text). A list ends at a heading (三、 / （三）) or at another opening (a nested 其中)."""
    amounts = _amounts(sentence)
    out: list[tuple[_Amount | None, list[_Part], str]] = []
    current: list[_Part] = []
    total: _Amount | None = None
    begin = 0

    def close(end: int) -> None:
        if current:
            out.append((total, list(current), sentence[begin:min(end, current[-1].end)]))
        current.clear()

    for a in amounts:
        after = sentence[a.end:]
        share = _SHARE.match(after)
        between = sentence[current[-1].end if current else begin:a.start]
        if current and (_HEADING.search(between) or "其中" in between):
            close(a.start)
            total = None
            begin = a.start
        opens = _OPENS.match(after)
        if share:
            if not current and total is None:
                begin = a.start
            current.append(_Part(a, share["p"], share["of"].strip("“”\"的 "), a.end + share.end()))
        elif opens:
            close(a.start)
            total, begin = a, a.start
        elif current:
            close(a.start)
            total = None
            begin = a.end
    close(len(sentence))
    return out


def _odd_share(parts: list[_Part]) -> SentenceIssue | None:
    """In a list that states neither its total nor all its parts, each part A, 占 P% implies a total 100 A ÷ P (within
    the printed precision of both): where all parts but one agree on it and that one cannot, that one is wrong."""
    ranges = []
    for p in parts:
        a, share = p.amount.value, decimal_of(p.share) or Decimal(0)
        if a <= 0 or share <= 0:
            continue
        ha, hp = half_digit(p.amount.text), half_digit(p.share)
        ranges.append((p, 100 * (a - ha) / (share + hp), 100 * (a + ha) / (share - hp) if share > hp else Decimal("Infinity")))
    if len(ranges) < 3 or max(lo for _, lo, _ in ranges) <= min(hi for _, _, hi in ranges):
        return None
    odd = []
    for k, (p, lo, hi) in enumerate(ranges):
        rest = ranges[:k] + ranges[k + 1:]
        low, high = max(r[1] for r in rest), min(r[2] for r in rest)
        if low <= high and (hi < low or lo > high):
            odd.append((p, low, high))
    if len(odd) != 1:
        implied_by = "、".join(f"{p.amount.text} → {((lo + hi) / 2).quantize(Decimal('0.01'))}" for p, lo, hi in ranges
                               if hi.is_finite())
        return SentenceIssue("share", "", f"各项所称比例不能同属一个总额（按各项推得的总额：{implied_by}）",
                             f"the shares stated cannot all be of one total (the totals they imply: {implied_by})")
    p, low, high = odd[0]
    implied = ((low + high) / 2).quantize(Decimal("0.01"))
    rate = (100 * p.amount.value / implied).quantize(Decimal("0.01"))
    return SentenceIssue("share", "", f"其余各项所占比例都指向同一总额约 {implied}，按此 {p.amount.text}{p.amount.unit} 约占 "
                         f"{rate}%，而非所称 {p.share}%", f"the other parts' shares all point to one total of about "
                         f"{implied}, of which {p.amount.text} {p.amount.unit} is about {rate} %, not the stated {p.share} %", p.share)


def _named_total(before: str, part: _Part) -> _Amount | None:
    """The base a share names ("占本年支出预算 83.31%", "占授予中小企业合同金额的 28.93%") where the text before states
    it under that name (scope words aside: "2026 年支出预算 14894.79 万元"): one value, else None."""
    found = {a.value: a for a in _named_amounts(before, part.of, part.amount.unit)}
    return next(iter(found.values())) if len(found) == 1 else None


def _balanced(parts: list[_Part]) -> bool:
    """Whether two or more shares add up to 100 % and each is its part of their sum (within the printed precision)."""
    if len(parts) < 2:
        return False
    shares = sum((decimal_of(p.share) or Decimal(0) for p in parts), Decimal(0))
    total = sum((p.amount.value for p in parts), Decimal(0))
    h = sum((half_digit(p.amount.text) for p in parts), Decimal(0))
    return abs(shares - 100) <= sum((half_digit(p.share) for p in parts), Decimal(0)) and total > 0 and all(
        _rate_off(p.share, p.amount.value, half_digit(p.amount.text), total, h) is None for p in parts)


def _siblings(groups: list[tuple[int, str]]) -> dict[str, list[_Part]]:
    """The parts of a section's lists without a total of their own, by the base they name ("占本年支出预算")."""
    out: dict[str, list[_Part]] = {}
    for _, group in groups:
        for total, parts, _ in _share_lists(group):
            if total is None:
                for p in parts:
                    if p.of:
                        out.setdefault(_norm_name(p.of), []).append(p)
    return out


def _shares(sentence: str, prior: str = "", siblings: dict[str, list[_Part]] | None = None) -> list[SentenceIssue]:
    """The share lists of ``sentence`` against their totals (``prior``: the section's text before it, where a named
    base may be stated; ``siblings``: the section's parts by the base they name)."""
    out: list[SentenceIssue] = []
    siblings = siblings or {}
    for total, parts, text in _share_lists(sentence):
        parts = [p for p in parts if total is None or p.amount.unit == total.unit]
        for p in parts:
            if p.amount.value == 0 and (decimal_of(p.share) or 0) > 0:  # 0 is 0 % of any base
                out.append(SentenceIssue("share", text, f"{p.amount.text}{p.amount.unit} 占比应为 0%，而非 {p.share}%",
                                         f"{p.amount.text} {p.amount.unit} is 0 % of any base, not {p.share} %", p.share))
        parts = [p for p in parts if p.amount.value != 0 or (decimal_of(p.share) or 0) == 0]
        if len({p.of for p in parts}) > 1:
            continue  # shares of different bases
        if parts and parts[0].of and total is None:
            total = _named_total(prior + sentence[:parts[0].amount.start], parts[0])
            if total is not None and _balanced(siblings.get(_norm_name(parts[0].of), [])):
                continue  # the shares of that name add up to 100 % of their own sum: which base is meant is not certain
        units = {p.amount.unit for p in parts}
        if not parts or len(units) > 1:
            continue
        shares = sum((decimal_of(p.share) or Decimal(0) for p in parts), Decimal(0))
        share_tol = sum((half_digit(p.share) for p in parts), Decimal(0))
        amount_sum = sum((p.amount.value for p in parts), Decimal(0))
        amount_tol = sum((half_digit(p.amount.text) for p in parts), Decimal(0))
        complete = total is not None and abs(amount_sum - total.value) <= amount_tol + half_digit(total.text)
        if total is None:
            spread = share_tol + (100 * amount_tol / amount_sum if amount_sum > 0 else Decimal(0))
            if len(parts) < 2 or abs(shares - 100) > spread:
                if len(parts) >= 2 and shares > 100 + share_tol:
                    out.append(SentenceIssue("shares-total", text, f"所列各项占比之和为 {shares}%，超过 100%",
                                             f"the shares listed add up to {shares} %, more than 100 %",
                                             parts[-1].share))
                elif odd := _odd_share(parts):
                    out.append(SentenceIssue(odd.check, text, odd.problem_zh, odd.problem_en, odd.stated))
                continue
            base, hbase, base_text = amount_sum, amount_tol, f"{amount_sum}（各项之和）"
            base_en = f"{amount_sum} (the sum of the parts)"
        else:
            if total.value <= 0:
                continue
            base, hbase, base_text, base_en = total.value, half_digit(total.text), total.text, total.text
        found = False
        for p in parts:
            off = _rate_off(p.share, p.amount.value, half_digit(p.amount.text), base, hbase)
            if off is None:
                continue
            p_value = decimal_of(p.share) or Decimal(0)
            if shares == 100 and abs(100 * p.amount.value / base - p_value) <= 2 * half_digit(p.share) + (
                    100 * (half_digit(p.amount.text) / base + p.amount.value * hbase / (base * base))):
                # one unit of the last digit, where the list was rounded to add up to exactly 100 %: said, not hidden
                out.append(SentenceIssue("share-rounding", text, f"{p.amount.text}{p.amount.unit} ÷ {base_text} = {off}%，"
                                         f"所称 {p.share}% 相差末位一个单位（为使各项合计 100% 而调整的尾差）",
                                         f"{p.amount.text} {p.amount.unit} / {base_en} = {off} %: the stated {p.share} % "
                                         "is one unit of its last digit off (rounded so that the list adds up to 100 %)", p.share))
                continue
            found = True
            out.append(SentenceIssue("share", text, f"{p.amount.text}{p.amount.unit} ÷ {base_text} = {off}%，"
                                     f"而非所称占 {p.share}%", f"{p.amount.text} {p.amount.unit} / {base_en} = "
                                     f"{off} %, not the stated {p.share} %", p.share))
        if found or total is None:
            continue
        if shares > 100 + share_tol or (complete and abs(shares - 100) > share_tol):
            out.append(SentenceIssue("shares-total", text, f"各项合计等于总额 {total.text}，而所列占比之和为 {shares}%"
                                     if complete else f"所列各项占比之和为 {shares}%，超过 100%",
                                     f"the parts make up the total {total.text}, but their shares add up to "
                                     f"{shares} %" if complete else
                                     f"the shares listed add up to {shares} %, more than 100 %", parts[-1].share))
    return out


# "X万元，比上年（预算 / 执行数 / 2025年预算…）增加 D万元": the base as the sentence names it (at most a few words after
# the year: 预算、年初预算数、预算执行数、同期; a bracketed gloss "（上一年度，下同）" is no part of it)
_SAME_CHANGE = re.compile(rf"(?P<x>{NUMBER})\s*(?P<u>{_UNIT})\s*[，,]?\s*(?:比|较)\s*(?P<base>(?:上年|去年|上一年|(?:19|20)\d{{2}}"
                          rf"\s*年度?)(?:[（(][^（）()]{{0,12}}[）)])?[^，,。；;%\d（()]{{0,8}}?)\s*(?P<dir>增加|减少)\s*"
                          rf"(?P<d>{NUMBER})\s*(?P=u)")


def _base_name(base: str) -> str:
    """The base of a change as one name: 去年 / 上一年 are 上年, 年度 is 年, a bracketed gloss and a closing 数 go."""
    base = re.sub(r"\s+|[（(][^（）()]*[）)]", "", base)
    base = re.sub(r"^(?:去年|上一年)", "上年", base).replace("年度", "年")
    return base[:-1] if base.endswith("数") else base


def _changes_said(sentences: list[tuple[int, str]]) -> dict[tuple[str, str, str, str], list[tuple[str, int, str]]]:
    """Each (amount, unit, base, change) stated with a direction, and where: (direction, section, sentence)."""
    said: dict[tuple[str, str, str, str], list[tuple[str, int, str]]] = {}
    for section, sentence in sentences:
        for m in _SAME_CHANGE.finditer(sentence) if "比" in sentence or "较" in sentence else ():
            # an amount of three significant digits or more: two small round amounts (2万元 up 1万元, 2万元 down 1万元)
            # may well be two things
            if decimal_of(m["d"]) and len(re.sub(r"\D", "", m["x"]).lstrip("0")) >= 3:
                said.setdefault((m["x"], m["u"], _base_name(m["base"]), m["d"]), []).append((m["dir"], section, sentence))
    return said


def _opposite_changes(sentences: list[tuple[int, str]], across: bool = False) -> list[tuple[int, SentenceIssue]]:
    """The same amount and the same change against the same base, said to go up in one sentence and down in another
    ("财政拨款收入19,577万元，比2025年预算减少290万元" / "财政拨款支出预算19,577万元，比2025年预算增加290万元";
    "部门收入预算为81206.56万元，比上年增加592.82万元" / "支出预算81206.56万元，比上年减少592.82万元"): the base is
    X − D in one and X + D in the other, which cannot both be. The direction fewer sentences give is reported (both,
    when as many say each). ``across``: only where the sentences are in different sections (and no one section
    says both, which :func:`issues` reports)."""
    out: list[tuple[int, SentenceIssue]] = []
    for (x, u, base, d), found in _changes_said(sentences).items():
        dirs = [w for w, _, _ in found]
        if len(set(dirs)) < 2:
            continue
        if across and (len({s for _, s, _ in found}) < 2 or any(
                len({w for w, s2, _ in found if s2 == s}) > 1 for _, s, _ in found)):
            continue
        up, down = dirs.count("增加"), dirs.count("减少")
        odd = {"增加"} if up < down else {"减少"} if down < up else {"增加", "减少"}
        where = "文中" if across else "同节"
        for w, section, sentence in found:
            if w in odd:
                other = "减少" if w == "增加" else "增加"
                out.append((section, SentenceIssue(
                    "relation", sentence.strip(),
                    f"本句称{x}{u}比{base}{w}{d}{u}，{where}另有{dirs.count(other)}句称同一金额比{base}{other}{d}{u}：方向相反，"
                    "必有一处有误",
                    f"this sentence says {x} {u} is {d} {u} {'more' if w == '增加' else 'less'} than the {base}; "
                    f"{dirs.count(other)} other sentence(s) of the {'document' if across else 'section'} say the same "
                    f"amount is {d} {u} {'less' if w == '增加' else 'more'}: one of them is wrong", x)))
    return out


def issues(text: str) -> list[SentenceIssue]:
    """The sentences of one narrative section that disagree with their own numbers."""
    text = re.sub(r"\s*\n\s*", "", text)
    sentences = re.findall(r"[^。]+。?", text)
    out: list[SentenceIssue] = [i for _, i in _opposite_changes([(0, x) for x in sentences])]
    for k, sentence in enumerate(sentences):
        previous = sentences[k - 1] if k else ""
        following = sentences[k + 1] if k + 1 < len(sentences) else ""
        out += _completion(sentence)
        out += _relations(sentence, previous)
        out += _zero_growth(sentence)
        out += _growth_split(sentence, following)
        out += _against_named(sentence)
        out += _declines(sentence)
        out += _net_changes(sentence, previous)
        out += _below_zero(sentence)
    out += [SentenceIssue("relation", g.text, g.problem_zh, g.problem_en, str(abs(g.stated)))
            for g in growth_mismatches(text) if g.direction]
    out += _part_changes(text)
    out += _list_changes(text)
    groups = _share_groups(sentences)
    siblings = _siblings(groups)
    for k, group in groups:
        out += _shares(group, "".join(sentences[:k]), siblings)
    return out


# "…下降1.9%，主要是政府性基金预算收入较上年执行数下降45.9%，…": a rate clause that names its subject and base but
# states no amount of its own (the clause after the figure it follows)
_RATE_CLAUSE = re.compile(r"^(?P<subj>[^\d%％]{2,30}?)(?:比|较)(?P<base>(?:上年|去年|上一年|(?:19|20)\d{2}年度?)[^\d%％]{0,8}?)"
                          r"(?P<dir>增长|下降|上升|降低|增加|减少)了?(?P<p>\d+(?:\.\d+)?)[%％]$")


def _repeated_rates(sentences: list[tuple[int, str]]) -> list[tuple[int, SentenceIssue]]:
    """One rate statement printed twice (收入 and 支出 sections often repeat their reasons word for word: "…下降1.9%，
    主要是政府性基金预算收入较上年执行数下降45.9%"): where the clause before it (which states an amount or a rate, not
    only a year) and its subject and base are the same, the rate and its direction must be the same. The rate fewer
    places give is reported (every one, when as many give each)."""
    said: dict[tuple[str, str, str], list[tuple[str, str, int, str]]] = {}
    for section, sentence in sentences:
        clauses = re.split(r"[，,；;：:。]", re.sub(r"\s+", "", sentence))
        for before, clause in zip(clauses, clauses[1:], strict=False):
            m = _RATE_CLAUSE.match(clause)
            if m is None or not re.search(r"\d\s*(?:亿元|万元|元|%|％)", before):  # a figure, not a year
                continue
            up = "up" if m["dir"] in _UP else "down"
            said.setdefault((before, m["subj"], _base_name(m["base"])), []).append(
                (up, m["p"], section, f"{before}，{clause}"))
    out: list[tuple[int, SentenceIssue]] = []
    for (_, subject, base), found in said.items():
        values = [(up, decimal_of(p)) for up, p, _, _ in found]
        if len(set(values)) < 2:
            continue
        counts = {v: values.count(v) for v in values}
        fewest = min(counts.values())
        for (up, p, section, text), value in zip(found, values, strict=True):
            if counts[value] != fewest and len(set(counts.values())) > 1:
                continue
            others = [f for f, v in zip(found, values, strict=True) if v != value]
            o_up, o_p = others[0][0], others[0][1]
            word = {"up": "增长", "down": "下降"}
            check = "relation" if o_up != up else "growth"
            out.append((section, SentenceIssue(
                check, text, f"{subject}比{base}{word[up]} {p}%，而文中另有{len(others)}处同一表述称{word[o_up]} {o_p}%：必有一处有误",
                f"{subject} is said to {'rise' if up == 'up' else 'fall'} {p} % against the {base}, but {len(others)} other "
                f"place(s) of the document say the same statement {'rises' if o_up == 'up' else 'falls'} {o_p} %: one of "
                "them is wrong", p)))
    return out


def document_issues(texts: list[str]) -> list[tuple[int, SentenceIssue]]:
    """Sentences of different sections (``texts``, one a section) that disagree with each other: the same change said
    to go opposite ways, the same rate statement printed with two rates. Each issue with the index of its section."""
    sentences = [(k, sentence) for k, text in enumerate(texts)
                 for sentence in re.findall(r"[^。]+。?", re.sub(r"\s*\n\s*", "", text))]
    return _opposite_changes(sentences, across=True) + _repeated_rates(sentences)


# a sentence that is one more item of the list before it: "项目支出 10688.66 万元，占 51.27%。"
_BARE_ITEM = re.compile(rf"^\s*[^。，,；;：:%\d]{{0,30}}?{NUMBER}\s*(?:{_UNIT})\s*[，,]?\s*占[^。，,；;%\d]{{0,16}}?"
                        rf"\d+(?:\.\d+)?\s*[%％]\s*。?\s*$")


def _share_groups(sentences: list[str]) -> list[tuple[int, str]]:
    """The sentences that state shares, each with the bare items that follow it joined on as one list ("其中：基本支出
    9964.07 万元，占 47.79%。项目支出 10688.66 万元，占 51.27%。…"), with the index of its first sentence."""
    out: list[tuple[int, str]] = []
    k = 0
    while k < len(sentences):
        group, start = sentences[k], k
        k += 1
        while "占" in group and k < len(sentences) and _BARE_ITEM.match(sentences[k]):
            group = group.rstrip("。 ") + "；" + sentences[k]
            k += 1
        if "占" in group:
            out.append((start, group))
    return out


_SECTIONS = f"SELECT ?s ?text WHERE {{ ?s <{CNB.sectionText}> ?text }}"
# a 决算 amount linked to its cell (ingest/claims.py), with the columns of its table: "其中：因公出国（境）费支出决算为
# 4.69 万元，完成预算的 15.63%" states no budget, the 三公 table's 预算数 column of the same item does
_LINKED_ACTUALS = f"""
SELECT ?claim ?section ?sentence ?txt ?yuan ?unit ?row ?label ?scale ?aline ?col2 ?label2 WHERE {{
  ?claim <{CNB.claimText}> ?sentence .
  FILTER(CONTAINS(STR(?sentence), "预算的"))
  ?claim <{CNB.refersToColumn}> ?col ; <{CNB.refersToRow}> ?row ; <{CNB.statedText}> ?txt ; <{CNB.valueInYuan}> ?yuan ;
         <{CNB.statedUnit}> ?unit ; <{CNB.inSection}> ?section ; <{CNB.refersTo}> ?aline .
  ?col <{CNB.columnLabel}> ?label . FILTER(CONTAINS(STR(?label), "决算"))
  ?t <{CNB.hasColumn}> ?col ; <{CNB.moneyScale}> ?scale ; <{CNB.hasColumn}> ?col2 . ?col2 <{CNB.columnLabel}> ?label2 .
  FILTER(CONTAINS(STR(?label2), "预算") && !CONTAINS(STR(?label2), "决算"))
}}"""
_AMOUNT = "http://data.openbudgets.eu/ontology/dsd/measure/amount"


def _budget_line(store: ox.Store, row: ox.NamedNode, column: ox.NamedNode) -> tuple[ox.NamedNode, Decimal] | None:
    for q in store.quads_for_pattern(None, ox.NamedNode(CNB + "row"), row):
        line = q.subject
        if isinstance(line, ox.NamedNode) and any(True for _ in store.quads_for_pattern(
                line, ox.NamedNode(CNB + "column"), column)):
            for a in store.quads_for_pattern(line, ox.NamedNode(_AMOUNT), None):
                value = decimal_of(a.object.value) if isinstance(a.object, ox.Literal) else None
                if value is not None:
                    return line, value
    return None


def table_rates(store: ox.Store) -> list[tuple[ox.NamedNode, SentenceIssue, list[ox.NamedNode]]]:
    """Completion rates whose sentence states the 决算 amount but not its budget ("其中：因公出国（境）费支出决算为
    4.69 万元，完成预算的 15.63%"), held against the budget cell of the same item: the column of the amount's table
    labelled like the amount's own with 预算 for 决算 (决算数/因公出国（境）费 → 预算数/因公出国（境）费)."""
    out: list[tuple[ox.NamedNode, SentenceIssue, list[ox.NamedNode]]] = []
    solutions = store.query(_LINKED_ACTUALS)
    assert isinstance(solutions, ox.QuerySolutions)  # a SELECT
    seen: set[tuple[str, str]] = set()
    for sol in list(solutions):
        label, label2 = sol["label"].value, sol["label2"].value
        named = re.sub(r"年初预算|全年预算|调整后?预算", "预算", label2)
        if re.sub(r"(?:本年|当年|\d{4}年度?)", "", named) != re.sub(r"(?:本年|当年|\d{4}年度?)", "",
                                                                    label.replace("决算", "预算")):
            continue
        sentence, txt = sol["sentence"].value, sol["txt"].value
        m = re.search(re.escape(txt) + rf"\s*(?:{_UNIT})(?P<gap>[^。；;%\d]{{0,12}}?)(?:{_RATE.pattern})", sentence)
        if m is None or _amounts(sentence[:m.start()]) and any(a.kind in ("initial", "full", "budget")
                                                               for a in _amounts(sentence[:m.end()])):
            continue  # the sentence states its own budget: read by issues()
        word = m["base"] or ""
        if (word.startswith("年初") and "全年" in label2) or (word.startswith(("全年", "调整")) and "年初" in label2):
            continue  # the rate names another budget than the column's
        key = (sol["claim"].value, m.group(0))
        found = _budget_line(store, sol["row"], sol["col2"])
        if key in seen or found is None or not isinstance(sol["section"], ox.NamedNode):
            continue
        seen.add(key)
        line, budget = found
        printed_budget = (budget / (decimal_of(sol["scale"].value) or Decimal(1))).quantize(Decimal("0.01"))
        scale = decimal_of(sol["scale"].value) or Decimal(1)
        yuan = decimal_of(sol["yuan"].value) or Decimal(0)
        stated = m["p"] or m["p2"]
        printed = decimal_of(txt)
        per = (yuan / printed if printed else scale) or scale
        text = sentence[max(0, sentence.rfind("，", 0, m.start()) + 1):m.end()].strip("，,；;：: ")
        claim = sol["claim"]
        cells = [*([claim] if isinstance(claim, ox.NamedNode) else []), line, ox.NamedNode(sol["aline"].value)]
        if budget == 0:
            out.append((sol["section"], SentenceIssue("zero-base", text, f"表中{label2} 为 0，完成率无法计算（不应写作 "
                        f"{stated}%）", f"the table's {label2} is 0: the rate cannot be computed (not {stated} %)"), cells))
            continue
        rate = _rate_off(stated, yuan, half_digit(txt) * per, budget, Decimal("0.005") * scale)
        if rate is not None:
            out.append((sol["section"], SentenceIssue(
                "completion-rate", text, f"决算 {txt} ÷ 表中{label2} {printed_budget} = {rate}%，而非 {stated}%",
                f"the 决算 {txt} over the table's {label2} {printed_budget} is {rate} %, not {stated} %"), cells))
    return out


def _claims_of(store: ox.Store, section: ox.NamedNode) -> list[tuple[str, str, ox.NamedNode]]:
    """The stated numbers of a section (sentence compacted, number as printed, claim), in reading order: the claim
    whose sentence an issue quotes, and whose number is the issue's, becomes its evidence (page, verbatim text)."""
    out: list[tuple[int, str, str, ox.NamedNode]] = []
    for q in store.quads_for_pattern(None, ox.NamedNode(CNB + "inSection"), section):
        claim = q.subject
        if not isinstance(claim, ox.NamedNode):
            continue
        sentence = _one_literal(store, claim, "claimText")
        if sentence:
            tail = claim.value.rsplit("/", 1)[-1]
            out.append((int(tail) if tail.isdigit() else 0, re.sub(r"\s+", "", sentence),
                        _one_literal(store, claim, "statedText"), claim))
    return [(t, stated, c) for _, t, stated, c in sorted(out, key=lambda x: x[0])]


SHOWN_HEAD, SHOWN_TAIL = 90, 30


def shown(text: str) -> str:
    """A sentence as a report quotes it: a long span (a list of eleven items) keeps its head and its end."""
    if len(text) <= SHOWN_HEAD + SHOWN_TAIL + 10:
        return text
    return f"{text[:SHOWN_HEAD]}……{text[-SHOWN_TAIL:]}"


def _claim_quoted(issue: SentenceIssue, claims: list[tuple[str, str, ox.NamedNode]]) -> ox.NamedNode | None:
    """The claim of the number an issue is about: its number as printed, with the words just before it as the issue
    quotes them; else the first claim whose sentence the issue quotes (or that quotes the issue)."""
    text = re.sub(r"\s+", "", issue.text)
    if issue.stated:
        whole = next((c for t, stated, c in claims if stated == issue.stated and text and text in t), None)
        if whole is not None:  # the sentence that holds all the issue quotes (a copied clause may recur elsewhere)
            return whole
        for m in re.finditer(rf"(?<![\d.,]){re.escape(issue.stated)}(?![\d.,])", text):
            window = text[max(0, m.start() - 10):m.end()]
            hit = next((c for t, stated, c in claims if stated == issue.stated and window in t), None)
            if hit is not None:
                return hit
    return next((c for t, _, c in claims if t and (t in text or text in t)), None)


def _one_literal(store: ox.Store, node: ox.NamedNode, local: str) -> str:
    for q in store.quads_for_pattern(node, ox.NamedNode(CNB + local), None):
        if isinstance(q.object, ox.Literal):
            return q.object.value
    return ""


def annotate(store: ox.Store) -> int:
    """Add a node for each sentence issue of each section to this validation copy; returns how many."""
    solutions = store.query(_SECTIONS)
    assert isinstance(solutions, ox.QuerySolutions)  # a SELECT
    found_in: list[tuple[ox.NamedNode, SentenceIssue, list[ox.NamedNode]]] = []
    sections = [(s, sol["text"].value) for sol in list(solutions) if isinstance(s := sol["s"], ox.NamedNode)]
    across = document_issues([text for _, text in sections])
    for k, (section, text) in enumerate(sections):
        found = issues(text) + [issue for at, issue in across if at == k]
        claims = _claims_of(store, section) if found else []
        for issue in found:
            found_in.append((section, issue, [c] if (c := _claim_quoted(issue, claims)) is not None else []))
    found_in += table_rates(store)
    for i, (section, issue, cells) in enumerate(found_in):
        node = ox.NamedNode(f"{section.value}/sentence/{i}")
        quads: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]] = [
            (ox.NamedNode(CNB + "inSection"), section),
            (ox.NamedNode(CNB + "sentenceCheck"), ox.Literal(issue.check)),
            (ox.NamedNode(CNB + "sentenceText"), ox.Literal(shown(issue.text), language="zh")),
            (ox.NamedNode(CNB + "sentenceProblem"), ox.Literal(issue.problem_zh, language="zh")),
            (ox.NamedNode(CNB + "sentenceProblem"), ox.Literal(issue.problem_en, language="en")),
            *((ox.NamedNode(CNB + "sentenceCompares"), cell) for cell in cells)]
        store.extend(ox.Quad(node, p, o) for p, o in quads)
    return len(found_in)
