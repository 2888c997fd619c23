"""Stated growth rates against their own numbers (RULES.md D: 增长 P% agrees with the numbers).

Budget narratives say "收入预算 9,483.72万元，比上年增加 552.08万元，增长 6.2%": the current amount X, the change D and
the rate P in one sentence. The rate must be D / (X − D) for 增加 (D / (X + D) for 减少), to the precision printed;
增加 goes with 增长 and 减少 with 下降; where the sentence also states the previous amount B ("比 2025 年年初预算数
45,557.68万元增加 5,478.54万元"), X − B = ±D. No other table is needed, so every such sentence can be checked.

:func:`annotate` adds one node per disagreeing sentence to the validation copy (``cnb:inSection``, ``cnb:growthText``,
``cnb:statedGrowth``, ``cnb:growthProblem`` in Chinese and English); the shape ``cnbsh:growth-rate`` (shapes/narrative.ttl) reports them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

CNB = "https://w3id.org/cn-budget/ontology#"
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_SENTENCE = re.compile(
    rf"(?P<x>{_NUMBER})\s*(?P<unit>万元|元)"
    rf"(?P<middle>[^。；;%]{{0,40}}?)"
    rf"(?P<dir>增加|减少)\s*(?P<d>{_NUMBER})\s*(?P=unit)\s*[，,、]?\s*"
    rf"(?P<pdir>增长|下降)\s*(?P<p>\d+(?:\.\d+)?)\s*[%％]"
)
_BASE = re.compile(rf"(?:比|较|与)(?:[^0-9。]|\d{{4}}\s*年){{0,20}}?(?P<b>{_NUMBER})\s*(?:万元|元)")


@dataclass(frozen=True)
class GrowthMismatch:
    """One sentence whose rate, direction or previous amount disagrees with its own numbers."""

    text: str
    stated: Decimal  # the printed rate in percent, negative for 下降
    problem_zh: str
    problem_en: str


def _dec(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def mismatches(text: str) -> list[GrowthMismatch]:
    """The growth statements of ``text`` that disagree with their own numbers."""
    out = []
    for m in _SENTENCE.finditer(re.sub(r"\s*\n\s*", "", text)):
        x, d, p = _dec(m["x"]), _dec(m["d"]), _dec(m["p"])
        if x is None or d is None or p is None:
            continue
        up, rises = m["dir"] == "增加", m["pdir"] == "增长"
        stated = p if rises else -p
        base = x - d if up else x + d
        tolerance = Decimal(5) / Decimal(10) ** (_places(p) + 1) + Decimal("0.005")  # half a printed digit
        previous = _dec(b["b"]) if (b := _BASE.search(m["middle"])) else None
        if up != rises:
            out.append(GrowthMismatch(m.group(0), stated, "“增加/减少”与“增长/下降”方向相反",
                                      "增加/减少 and 增长/下降 point in opposite directions"))
        elif base > 0 and abs(d / base * 100 - p) > tolerance:
            rate = (d / base * 100).quantize(Decimal(1) / Decimal(10) ** max(2, _places(p)))
            out.append(GrowthMismatch(m.group(0), stated, f"按所列金额计算{m['pdir']} {rate}%",
                                      f"the amounts give {rate} %"))
        elif previous is not None and abs(abs(x - previous) - d) > Decimal("0.015"):
            out.append(GrowthMismatch(m.group(0), stated, f"本年数与上年数 {previous} 之差不是所列增减额",
                                      f"the current amount minus the previous {previous} is not the stated change"))
    return out


_SECTIONS = "SELECT ?s ?text WHERE { ?s <https://w3id.org/cn-budget/ontology#sectionText> ?text }"


def annotate(store: ox.Store) -> int:
    """Add a node for each disagreeing growth statement of each section to this validation copy; returns how many."""
    found = 0
    for solution in list(store.query(_SECTIONS)):
        section = solution["s"]
        if not isinstance(section, ox.NamedNode):
            continue
        for i, bad in enumerate(mismatches(solution["text"].value)):
            node = ox.NamedNode(f"{section.value}/growth/{i}")
            decimal = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
            quads = [(ox.NamedNode(CNB + "inSection"), section),
                     (ox.NamedNode(CNB + "growthText"), ox.Literal(bad.text, language="zh")),
                     (ox.NamedNode(CNB + "statedGrowth"), ox.Literal(str(bad.stated), datatype=decimal)),
                     (ox.NamedNode(CNB + "growthProblem"), ox.Literal(bad.problem_zh, language="zh")),
                     (ox.NamedNode(CNB + "growthProblem"), ox.Literal(bad.problem_en, language="en"))]
            store.extend(ox.Quad(node, p, o) for p, o in quads)
            found += 1
    return found
