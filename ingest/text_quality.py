"""Malformed units and marks in the narrative (issue 14, family 4), one finding per sentence that has one:

- **money-unit-malformed** — an amount whose unit is cut short: "测绘成果审核57.00万，" (万 without 元), "项目总预算
  2921.00万，其中…", "比上年增加13万，增长125％" — a number, 万 and a mark whose clause names money (预算, 支出, 经费,
  资金, 费, a 科目 …); or, where the clause names no count, printed to the cent of 万元 or in a sentence about money (for
  a change, 增加 13万, the sentence before too). Counts (110万架次, 60万立方米, 77.07万年满70周岁…老年人, 服务人口13万)
  carry their own unit or name what they count, and "单价100万（含）以上" is the template's fixed phrase: they pass.
- **percent-sign** — a rate without its sign where the sentence's words ask for one: "比上年增长12.5，", "减少 9.52，",
  "占本年支出预算 16.69。", "完成年初预算的95.95。", "执行率为98.5；", "综合满意度为98。", "比2025年预算执行数增加28。"
  (个百分点, 倍, a unit or a % after the number pass; 人数增加2 is a count).
- **doubled-punctuation** — marks the reader cannot make ("，；", "。。", "，。"): it joins wrapped lines as printed and
  adds a 。 only after a sub-heading followed by no mark (ingest/extract/narrative.py ``_joined``).

Texts read: the narrative sections (cnb:sectionText), table notes (cnb:note) and, for doubled marks, table titles
and performance goals' texts (cnb:goalText, a grid's cell joined as printed).
Several flaws of one kind in one sentence are one finding (a document that writes 万 for 万元 throughout a list is told
once per sentence). :func:`annotate` adds one ``cnb:documentIssue`` per finding to the validation copy
(``cnb:issueKind`` = the shape's name, ``cnb:foundIn`` = the section or table, ``cnb:foundText`` = the words found,
``cnb:issueNote`` = the words around them); ``shapes/textquality.ttl`` reports them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from ..ontology.namespaces import CNB, DCTERMS

MONEY_UNIT = "money-unit-malformed"
PERCENT = "percent-sign"
DOUBLED = "doubled-punctuation"

_NUMBER = r"(?<![0-9.,])[0-9][0-9,]*(?:\.[0-9]+)?"
_MARK = r"(?=\s*(?:[，。；、：）)（(,;:]|$))"
# a number, 万 and a mark; "万（含）以上" is the template's "单价 N 万元（含）以上" phrase, read as printed
_WAN = re.compile(rf"(?P<n>{_NUMBER})\s*万(?!\s*[（(]\s*含){_MARK}")
_CENT = re.compile(r"\.[0-9]{2}$")  # printed to the cent of 万元
# what makes a sentence one about money
_MONEY_WORD = re.compile(r"万元|[0-9]\s*元|预算|决算|支出|收入|资金|经费|拨款|费用|[^消浪]费|金额|投入|结转|结余|补助|补贴"
                         r"|金(?!属)|购置|采购|购买|资产|投资|成本|单价|总价|造价|合计|小计|总计|共计|执行数|[类款项]\s*[）)]"
                         r"|[（(]\s*[0-9]{3,7}\s*[）)]")  # a 科目 and its code: 行政运行（2130101）
# a change right before the amount: "比上年增加13万，" states a change of the amount the sentence is about
_CHANGED = re.compile(r"(?:增加|减少|增长|下降|压减|节约|节省|增|减)了?\s*$")
# what makes a clause a count: the thing counted named right before the number
_COUNT_WORD = re.compile(r"人口|人数|人次|群众|居民|游客|旅客|学生|儿童|老年人|老人|患者|职工|用户|户数|客流|吞吐量|访问量"
                         r"|浏览量|阅读量|点击量|粉丝|册数|件数|份数|次数|里程|面积|产量|销量|数量|参保")

# a rate's lead words: the number after them is a percentage (or a change of an amount, whose unit is then missing)
_CHANGE = r"(?:增长|下降|增幅|降幅|涨幅|减幅|上升|提高|降低|增加|减少|压减|压缩)(?:[（(][^）)]{1,4}[）)])?(?:了|目标|幅度)?(?:为|约|达)?"
_SHARE = r"占(?![用地有据])[^，。；：、:;0-9%％]{0,20}?的?"
_DONE = r"完成(?:[^，。；：:;0-9%％]{0,16}?的|了)?"  # 完成年初预算的95.95，机电安装完成10。
# a rate named before its figure: 执行率为98.5，满意度为98，离职率低于2，缴存比例均不得低于5，数字化率超80
_RATIO = (r"(?:(?<![汇功])率|比重|比例|占比|满意度|增幅|降幅|增速)(?:[^，。；：:;0-9%％]{0,6}?"
          r"(?:为|是|达到|达|约为|约|大于|小于|高于|低于|不低于|不高于|超过|超|逾|不足|不超过|控制在))?")
_RATE = re.compile(rf"(?:(?P<change>{_CHANGE})|{_SHARE}|{_DONE}|{_RATIO})\s*(?P<n>[0-9]+(?:\.[0-9]+)?)(?![0-9.])"
                   r"(?=\s*(?:[，。；）);]|、(?![0-9])|$))")  # an ASCII comma is a thousands separator (2,734.52)
# a count after a change word: 人数增加2，编制减少1，
_COUNTED = re.compile(r"人数|人员|编制|车辆|台数|个数|户数|床位|数量")

_DOUBLE = re.compile(r"。。|，，|、、|；；|：：|，。|。，|；。|。；|，；|；，|！！|？？|,,|、。|、，|，、|：。|：，|，：|、；|；、")
_ENDS = "。！？!?"
_SENTENCE_END = re.compile(f"[{_ENDS}]")


@dataclass(frozen=True)
class Flaw:
    """One sentence's flaw of one kind: the words found (several, 、-joined) and the words around the first."""

    kind: str
    found: str
    context: str


def _sentence_of(text: str, at: int) -> tuple[int, int]:
    """The start and end of the sentence around position ``at`` (a doubled 。。 ends the sentence it closes)."""
    start = max(text.rfind(mark, 0, at) for mark in _ENDS) + 1
    end = _SENTENCE_END.search(text, at + 1)
    return start, end.end() if end else len(text)


def _clause_before(text: str, at: int) -> str:
    """The words of the clause before position ``at`` (back to the last ， 。 ；)."""
    return text[max(text.rfind(mark, 0, at) for mark in "，。；,;") + 1:at]


def money_units(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the amounts printed with 万 and no 元 in a money sentence (not counts)."""
    for m in _WAN.finditer(text):
        clause = _clause_before(text, m.start())
        if _MONEY_WORD.search(clause) or not _COUNT_WORD.search(clause) and (
                _CENT.search(m.group("n")) or _money_around(text, m.start(), m.end(), bool(_CHANGED.search(clause)))):
            yield m.start(), m.end()


def _money_around(text: str, start: int, end: int, before: bool) -> bool:
    """Whether the sentence of ``text[start:end]`` speaks of money — or, for a change (``before``), the one before,
    which names the amount's subject: "（1）教育支出（类）支出 86,499.23 万元，…。与上年相比增加 43,755.7 万，"."""
    first, last = _sentence_of(text, start)
    if before and first:
        first = _sentence_of(text, first - 1)[0]
    return bool(_MONEY_WORD.search(text[first:start] + text[end:last]))


def bare_rates(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the numbers that the words before them make a rate, printed without %."""
    for m in _RATE.finditer(text):
        if m.group("change") and "." not in m.group("n") and _COUNTED.search(_clause_before(text, m.start())):
            continue  # 人数增加2，: a count without its unit, not a rate
        yield m.start("n"), m.end("n")


def doubled_marks(text: str) -> Iterator[tuple[int, int]]:
    """Spans of two marks in a row that no reading makes."""
    for m in _DOUBLE.finditer(text):
        yield m.start(), m.end()


def flaws(text: str, kinds: tuple[str, ...] = (MONEY_UNIT, PERCENT, DOUBLED)) -> list[Flaw]:
    """The flaws of ``text``, one per kind and sentence."""
    finders = {MONEY_UNIT: money_units, PERCENT: bare_rates, DOUBLED: doubled_marks}
    out: list[Flaw] = []
    for kind in kinds:
        by_sentence: dict[int, list[tuple[int, int]]] = {}
        for a, b in finders[kind](text):
            by_sentence.setdefault(_sentence_of(text, a)[0], []).append((a, b))
        for spans in by_sentence.values():
            a, b = spans[0]
            found = "、".join(dict.fromkeys(text[x:y].strip() for x, y in spans))
            out.append(Flaw(kind, found, text[max(0, a - 16):b + 12]))
    return out


_TEXTS = f"""
SELECT ?doc ?node ?text ?kind WHERE {{
  ?doc a <{CNB.BudgetDocument}> .
  {{ ?doc <{CNB.hasSection}> ?node . ?node <{CNB.sectionText}> ?text . BIND("section" AS ?kind) }}
  UNION {{ ?doc <{CNB.hasTable}> ?node . ?node <{CNB.note}> ?text . BIND("note" AS ?kind) }}
  UNION {{ ?doc <{CNB.hasTable}> ?node . ?node <{DCTERMS.title}> ?text . BIND("title" AS ?kind) }}
  UNION {{ ?doc <{CNB.hasGoal}> ?node . ?node <{CNB.goalText}> ?text . BIND("goal" AS ?kind) }}
}}"""
_KINDS = {"section": (MONEY_UNIT, PERCENT, DOUBLED), "note": (MONEY_UNIT, PERCENT, DOUBLED), "title": (DOUBLED,),
          "goal": (DOUBLED,)}


def annotate(store: ox.Store) -> int:
    """Add one ``cnb:documentIssue`` per flaw to this validation copy; returns how many."""
    solutions = store.query(_TEXTS)
    assert isinstance(solutions, ox.QuerySolutions)  # a SELECT
    quads: list[ox.Quad] = []
    n = 0
    for row in list(solutions):
        doc, node = row["doc"], row["node"]
        if not isinstance(doc, ox.NamedNode) or not isinstance(node, ox.NamedNode):
            continue
        for flaw in flaws(row["text"].value, _KINDS[row["kind"].value]):
            issue = ox.NamedNode(f"{doc.value}/text-check/{n}")
            n += 1
            quads += [
                ox.Quad(doc, ox.NamedNode(CNB.documentIssue), issue),
                ox.Quad(issue, ox.NamedNode(CNB.issueKind), ox.Literal(flaw.kind)),
                ox.Quad(issue, ox.NamedNode(CNB.foundIn), node),
                ox.Quad(issue, ox.NamedNode(CNB.foundText), ox.Literal(flaw.found, language="zh")),
                ox.Quad(issue, ox.NamedNode(CNB.issueNote), ox.Literal(flaw.context, language="zh")),
            ]
    store.extend(quads)
    return n
