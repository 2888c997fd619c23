"""Link the numbers stated in the narrative (``cnb:NarrativeClaim``) to the table cells they describe.

:func:`link_claims` reads a document graph (as made by :mod:`ingest.mapping`) and adds, for every
claim it can resolve from its subject text, its section and the table roles:

- ``cnb:refersToRow`` / ``cnb:refersToColumn`` — the cell the amount describes (a blank cell is 0),
  and ``cnb:refersTo`` — the cell's observation when the cell is printed;
- for shares (``%``): ``cnb:shareOf`` (numerator line) and ``cnb:shareBase`` (denominator line);
- ``cnb:partOf`` — a part listed after "其中" belongs to the total stated before it;
- ``cnb:statedRelation`` + ``cnb:comparedWith`` — "A 大于/小于/持平 B" between two stated amounts.

The shapes in ``shapes/narrative.ttl`` compare these links against the table values. Resolution
relies on table roles, row kinds, parent links and labels, never on row numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF
from rdflib.term import Node

from .vocab import CNB, CODE

MONEY_UNITS = {"万元", "元", "亿元", "千元"}
RELATIONS = (
    ("大于", "gt"), ("高于", "gt"), ("多于", "gt"), ("超过", "gt"),
    ("小于", "lt"), ("低于", "lt"), ("少于", "lt"),
    ("持平", "eq"), ("等于", "eq"), ("相等", "eq"),
)
FUND_WORDS = ("一般公共预算拨款", "政府性基金预算拨款", "国有资本经营预算拨款", "事业单位经营收入", "事业收入",
              "上级补助收入", "附属单位上缴收入", "其他收入", "上年结转", "财政拨款收入", "财政专户管理资金")
# a number about a change (比上年增加 …) does not describe a cell
CHANGE = re.compile(r"(增加|减少|增长|下降|上升|节约|超支|增|减)$|^(?:增加|减少|调增|调减|压减)|比|较|同比")


SPECIFIC = r"三公|基本支出|当年拨款|一般公共预算支出|财政拨款|收支|收入|支出|采购|资产|绩效|机关运行"
SUBHEADING = re.compile(r"（[一二三四五六七八九十]{1,3}）(?P<title>(?:(?:19|20)\d{2}\s*年度?)?[^。：:；，,（\d]{2,30})"
                        r"(?:（[^）]{0,12}）)?[。：:]")  # a heading, not a run-in sentence "（五）项目支出1,313.80万元，…："
INCOME_TOTAL = re.compile(r"(?:收、?支|收入)(?:总?预算|决算)?(?:总计|合计|总数|总额|总预算)?各?|总收入")
EXPENDITURE_TOTAL = re.compile(r"支出(?:总?预算|决算)?(?:总计|合计|总数|总额)?|总支出")
_PREFIX = re.compile(r"^(?:[：:，,]|其中|包括|本年度?|当年|全年|本单位|本部门|我单位|我部门|部门|单位|(?:19|20)\d{2}年度?|[（(]\d{1,2}[)）]"
                     r"|[^项目工程经费支出收入预算拨款，、]{2,30}?(?:委员会|办公厅|办公室|管理局|中心|局|厅|委|办|院|部|所|站|馆|处|队"
                     r"|学校|大学|医院|单位|部门|本级|（本级）))")


def bare(subject: str) -> str:
    """A subject without what only locates it: ordinals, 其中, 本年 / 2026年度, the unit's name ("上海市审计局收入预算" →
    "收入预算"; "（4）财政专户管理资金收入" → "财政专户管理资金收入")."""
    s = norm(subject)
    while (m := _PREFIX.match(s)) and m.end() < len(s):
        s = s[m.end():]
    return s


def norm(text: str) -> str:
    """A label without spaces, ordinals (一、 1. （一）) and quotes, for matching."""
    text = re.sub(r"\s+", "", text or "")
    text = re.sub(r"^(?:[一二三四五六七八九十]+、|\d+[.、]|（[一二三四五六七八九十]+）)", "", text)
    return text.replace("“", "").replace("”", "").replace('"', "")


@dataclass
class _Col:
    iri: Node
    label: str
    parent: Node | None
    side: str | None
    nature: str | None
    own: bool = True  # states the document's own year and phase (cnb:ownPeriod)

    @property
    def leaf(self) -> str:
        return self.label.split("/")[-1]


@dataclass
class _Row:
    iri: Node
    label: str
    kind: str
    side: str | None
    parent: Node | None
    level: int | None
    code: str | None


@dataclass
class _Table:
    iri: Node
    role: str
    cols: list[_Col] = field(default_factory=list)
    rows: list[_Row] = field(default_factory=list)

    def total(self, side: str | None = None) -> _Row | None:
        """The table's (or side's) grand total; None when several unrelated totals split it."""
        for kind in ("total", "subtotal"):
            rows = [r for r in self.rows if r.kind == kind and r.parent is None and (side is None or r.side in (side, None))]
            if len(rows) > 1:
                rows = [r for r in rows if "总计" in r.label] or [r for r in rows if norm(r.label) in ("合计", "总计")]
            if len(rows) == 1:
                return rows[0]
            if rows:
                return None
        return None

    def main_col(self, side: str | None = None) -> _Col | None:
        cols = [c for c in self._own_first() if c.parent is None and (side is None or c.side in (side, None))]
        return cols[0] if cols else None

    def _own_first(self) -> list[_Col]:
        """Columns of the document's own year and phase first (2026年预算数 before 2025年预算数)."""
        return sorted(self.cols, key=lambda c: not c.own)

    def col(self, *words: str, exclude: tuple[str, ...] = (), prefer: str = "") -> _Col | None:
        found = [c for c in self._own_first()
                 if all(w in c.label for w in words) and not any(x in c.label for x in exclude)]
        return next((c for c in found if prefer and prefer in c.label), found[0] if found else None)

    def leaf_col(self, word: str, unlike: str, prefer: str = "") -> _Col | None:
        """A column whose own header (leaf) has ``word`` and not ``unlike`` (运行费 beside 购置及运行费)."""
        found = [c for c in self._own_first() if word in c.leaf and unlike not in c.leaf]
        return next((c for c in found if prefer and prefer in c.label), found[0] if found else None)

    def row(self, name: str, *, side: str | None = None, kinds: tuple[str, ...] = (), loose: bool = True) -> _Row | None:
        """The row labelled ``name``; ``loose`` also takes the one label that merely contains it (4 characters or
        more) — none when several do ("财政拨款收入" is in 一般公共预算财政拨款收入 and 政府性基金预算财政拨款收入)."""
        key = norm(name)
        for exact in (True, False) if loose else (True,):
            found = [r for r in self.rows if not (kinds and r.kind not in kinds or side and r.side not in (side, None))
                     and ((norm(r.label) == key) if exact else (key in norm(r.label) and len(key) >= 4))]
            if exact and found:
                return found[0]
            if not exact:
                return found[0] if len({norm(r.label) for r in found}) == 1 else None
        return None


def _slug(node) -> str | None:
    return str(node).rstrip("/").rsplit("/", 1)[-1] if node is not None else None


def _int(node: Node | None) -> int:
    """An index literal as a number; 0 when absent."""
    return int(str(node) if node else 0)


def _tables(g: Graph, doc: Node) -> dict[str, _Table]:
    out: dict[str, _Table] = {}
    for tb in g.objects(doc, CNB.hasTable):
        role = _slug(g.value(tb, CNB.tableRole)) or "other"
        t = _Table(tb, role)
        cols = sorted(g.objects(tb, CNB.hasColumn), key=lambda c: _int(g.value(c, CNB.columnIndex)))
        for c in cols:
            own, measure = g.value(c, CNB.ownPeriod), _slug(g.value(c, CNB.measureType))
            if measure not in (None, "amount"):
                continue  # a change or percent column never states an amount the narrative gives
            t.cols.append(_Col(c, str(g.value(c, CNB.columnLabel) or ""), g.value(c, CNB.parentColumn),
                               _slug(g.value(c, CNB.side)), _slug(g.value(c, CNB.expenditureNature)),
                               own is None or not isinstance(own, Literal) or bool(own.toPython())))
        rows = sorted(g.objects(tb, CNB.hasRow), key=lambda r: _int(g.value(r, CNB.rowIndex)))
        for r in rows:
            level = g.value(r, CNB.level)
            code = g.value(r, CNB.code)
            t.rows.append(_Row(r, str(g.value(r, CNB.rowLabel) or ""), _slug(g.value(r, CNB.rowKind)) or "item",
                               _slug(g.value(r, CNB.side)), g.value(r, CNB.parentRow),
                               int(str(level)) if level is not None else None, str(code) if code else None))
        out.setdefault(role, t)
    return out


@dataclass(eq=False)
class _Claim:
    iri: Node
    index: int
    section: str
    sentence: str
    subject: str
    unit: str | None
    text: str
    value: str
    pos: int = -1  # offset of the number in the sentence
    text_after: str = ""  # the section's text after this claim's sentence
    sub: str = ""  # the last sub-heading (（四）…) before the sentence


def _claims(g: Graph, doc: Node) -> list[_Claim]:
    out = []
    for node in g.objects(doc, CNB.hasClaim):
        sec = g.value(node, CNB.inSection)
        title = str(g.value(sec, DCTERMS.title) or "") if sec is not None else ""
        unit = g.value(node, CNB.statedUnit)
        sentence = str(g.value(node, CNB.claimText) or "")
        text = str(g.value(sec, CNB.sectionText) or "") if sec is not None else ""
        at = text.find(sentence) if sentence else -1
        out.append(_Claim(node, int(_slug(node) or 0), title, sentence,
                          str(g.value(node, CNB.subjectText) or ""), str(unit) if unit else None,
                          str(g.value(node, CNB.statedText) or ""), str(g.value(node, CNB.statedValue) or ""),
                          text_after=text[at + len(sentence):].lstrip() if at >= 0 else "",
                          sub=_last_subheading(text[:at]) if at >= 0 else ""))
    out.sort(key=lambda c: c.index)
    cursor: dict[str, int] = {}
    for c in out:
        c.pos = c.sentence.find(c.text, cursor.get(c.sentence, 0))
        if c.pos >= 0:
            cursor[c.sentence] = c.pos + len(c.text)
    return out


def _last_subheading(text: str) -> str:
    found = list(SUBHEADING.finditer(text))
    return found[-1].group("title") if found else ""


Cell = tuple[_Table, _Row, _Col]


class _Resolver:
    """Subject text + section → the table cell it describes."""

    def __init__(self, tables: dict[str, _Table]):
        self.t = tables

    def _cell(self, role: str, row: _Row | None, col: _Col | None) -> Cell | None:
        if row is None or col is None:
            return None
        return self.t[role], row, col

    def _total(self, role: str, side: str | None = None, col: _Col | None = None) -> Cell | None:
        t = self.t.get(role)
        if t is None:
            return None
        return self._cell(role, t.total(side), col or t.main_col(side))

    def _class_row(self, role: str, subject: str, col: _Col | None = None, side: str | None = None):
        t = self.t.get(role)
        if t is None:
            return None
        # exact label only: "专项业务经费" of one unit is not the row "2、专项业务经费支出"
        row = t.row(re.sub(r"[（(]类[)）]", "", subject), side=side, loose=False)
        return self._cell(role, row, col or t.main_col(side)) if row else None

    def resolve(self, section: str, subject: str, sub: str = "") -> Cell | None:
        """The cell of ``subject``, read in its sub-heading ``sub`` (（四）财政拨款收支预算…) when that names what the
        paragraph is about, else in its section's title."""
        s = norm(subject)
        if CHANGE.search(s):
            return None
        if sub and re.search(SPECIFIC, sub):
            section = sub
        if "三公" in section:
            return self._three_public(s)
        if "基本支出" in section and "一般公共预算" in section:
            t = self.t.get("general-basic")
            if t is None:
                return None
            for word in ("人员经费", "公用经费"):
                if word in s:
                    return self._cell("general-basic", t.total(), t.col(word))
            if "基本支出" in s:
                return self._total("general-basic")
            return None
        if "当年拨款" in section or "一般公共预算支出" in section:
            return self._general(s)
        if "财政拨款" in section:
            return self._fiscal(s)
        if "收支" in section or "收入" in section or "支出" in section:
            return self._summary(s)
        if not re.search(r"采购|资产|绩效|机关运行|职能|职责|机构|概况|名词", section):
            return self._generic(s)
        return None

    def _generic(self, s: str) -> Cell | None:
        """A section whose title says nothing of its subject (Shanghai's 单位预算编制说明): the subject alone decides,
        and only the summary's lines and the 三公 figures are taken; fund-specific amounts are left unresolved."""
        if "三公" in s:
            return self._three_public(s)
        if any(w in s for w in FUND_WORDS):
            return self._summary(s, class_rows=False)
        if re.search(r"财政拨款|一般公共预算|政府性基金|国有资本|经费|采购|资产|绩效|项目|科目|（[类款项]）", s):
            return None
        return self._summary(s, class_rows=False)  # a 类 named in such a section may be of any fund

    def _summary(self, s: str, class_rows: bool = True) -> Cell | None:
        """Totals and income sources of the summary (收支总表), named as the subject's head: "上海市审计局收入预算",
        "本年收入", "事业收入"; never a phrase where they only qualify ("一般公共预算拨款安排的机关运行经费支出",
        "本年一般公共预算收入", "…评审项目支出")."""
        t1 = self.t.get("income-expenditure-summary")
        head = bare(s)
        for word in ("基本支出", "项目支出"):
            if re.fullmatch(rf"{word}(?:预算|合计|总额|数)?", head) and "expenditure" in self.t:
                t = self.t["expenditure"]
                return self._cell("expenditure", t.total(), t.col(word))
        for word in FUND_WORDS:
            if word in head:
                if not re.fullmatch(rf"{word}(?:收入|预算|收入预算|资金|合计|数)?", head):
                    return None  # the source qualifies something else
                if t1 is not None and (row := t1.row(word, side="income")):
                    return self._cell("income-expenditure-summary", row, t1.main_col("income"))
                if (income := self.t.get("income")) is not None and income.col(word):
                    return self._cell("income", income.total(), income.col(word))
                return None
        if ("本年" in s or "当年" in s) and (INCOME_TOTAL.fullmatch(head) or EXPENDITURE_TOTAL.fullmatch(head)):
            # "本年收入预算" is the 本年收入 line, without carry-over; no such line, no link
            side, word = ("income", "本年收入") if INCOME_TOTAL.fullmatch(head) else ("expenditure", "本年支出")
            if t1 is None:
                return None
            row = t1.row(word, side=side)
            return self._cell("income-expenditure-summary", row, t1.main_col(side)) if row else None
        if INCOME_TOTAL.fullmatch(head):
            return self._total("income-expenditure-summary", "income") or self._total("income")
        if EXPENDITURE_TOTAL.fullmatch(head):
            return self._total("income-expenditure-summary", "expenditure") or self._total("expenditure")
        if t1 is not None and class_rows and re.search(r"支出(?:（类）)?$", head):  # a 类 (…支出), not a project
            return self._class_row("income-expenditure-summary", s, side="expenditure")
        return None

    def _fiscal(self, s: str) -> Cell | None:
        t = self.t.get("fiscal-summary")
        if t is None:
            return None
        if "总数" in s or "总计" in s:
            total = t.total("income") if any(r.kind == "total" for r in t.rows) else None
            subs = [r for r in t.rows if r.kind == "subtotal" and r.parent is None and r.side == "expenditure"]
            row = total or (subs[0] if len(subs) == 1 else None)
            return self._cell("fiscal-summary", row, t.main_col(row.side if row else None)) if row else None
        for word in ("一般公共预算", "政府性基金", "国有资本经营"):
            if word in s and "收入" in s:
                carry = "结转" in s
                if not carry and "本年" not in s and "当年" not in s:
                    return None  # "一般公共预算财政拨款收入" may or may not include the carry-over
                for r in t.rows:
                    parent = next((p for p in t.rows if p.iri == r.parent), None)
                    in_carry = parent is not None and "结转" in parent.label
                    if r.side == "income" and word in r.label and parent is not None and in_carry == carry:
                        return self._cell("fiscal-summary", r, t.main_col("income"))
                return None
        return self._class_row("fiscal-summary", s, side="expenditure")

    def _general(self, s: str) -> Cell | None:
        t = self.t.get("general-function")
        if t is None:
            return None
        col = t.col("当年") or t.main_col()
        if "（项）" in s or "（款）" in s:
            return self._named_item(t, s, col)
        if "当年拨款" in s or "一般公共预算支出" in s:
            return self._cell("general-function", t.total(), col)
        row = t.row(s, kinds=("class",))
        return self._cell("general-function", row, col) if row else None

    def _named_item(self, t: _Table, s: str, col: _Col | None) -> Cell | None:
        parts = re.split(r"（(类|款|项)）", s)
        by_level = {parts[k + 1]: norm(parts[k]) for k in range(0, len(parts) - 1, 2)}
        for lvl, level in (("项", 3), ("款", 2)):
            name = by_level.get(lvl)
            if not name:
                continue
            for cand in (name, name + "支出", name.removesuffix("支出")):
                rows = [r for r in t.rows if norm(r.label) == cand]
                exact = [r for r in rows if r.level == level]
                if exact or rows:
                    return self._cell("general-function", (exact or rows)[0], col)
        return None

    def _three_public(self, s: str) -> Cell | None:
        t = self.t.get("three-public")
        if t is None:
            return None
        total = t.total()
        phase = "决算" if "决算" in s else ("预算" if re.search(r"预算|年初", s) else "")
        if not any(re.search(r"出国|公务接待|公务用车", c.label) for c in t.cols):
            return self._three_public_row(t, s)
        if "公务接待" in s:
            return self._cell("three-public", total, t.col("公务接待", prefer=phase))
        if "出国" in s:
            return self._cell("three-public", total, t.col("出国", prefer=phase))
        if "公务用车" in s:
            if "购置" in s and "运行" not in s:
                return self._cell("three-public", total, t.leaf_col("购置", "运行", prefer=phase)
                                  or t.col("购置费", prefer=phase) or t.col("购置", exclude=("运行",), prefer=phase))
            if "运行" in s and "购置" not in s:
                return self._cell("three-public", total, t.leaf_col("运行", "购置", prefer=phase)
                                  or t.col("运行费", exclude=("购置及",), prefer=phase))
            return self._cell("three-public", total, t.col("公务用车", "小计", prefer=phase) or t.col("公务用车", prefer=phase))
        if "三公" in s:
            if any("会议费" in c.label or "培训费" in c.label for c in t.cols):
                # the 三公 subtotal beside 会议费 / 培训费 (Xi'an 表13), not the table's 合计
                return self._cell("three-public", total, _three_public_total(t, phase))
            return self._cell("three-public", total, t.col("合计", prefer=phase) if phase else t.main_col())
        return None


    def _three_public_row(self, t: _Table, s: str) -> Cell | None:
        """A 三公 table that lists the items as rows ("“三公”经费 / 其中：（一）因公出国（境）支出 / …1.公务用车购置费", Guangzhou
        表8): the one row the subject names, in the table's first column of its own year."""
        if "公务接待" in s:
            words: tuple[str, ...] = ("公务接待",)
        elif "出国" in s:
            words = ("出国",)
        elif "公务用车" in s and "购置" in s and "运行" not in s:
            words = ("购置费",)
        elif "公务用车" in s and "运行" in s and "购置" not in s:
            words = ("运行",)
        elif "公务用车" in s:
            words = ("购置及运行",)
        elif "三公" in s:
            words = ("三公",)
        else:
            return None
        rows = [r for r in t.rows if all(w in r.label for w in words)
                and not (words == ("运行",) and "购置" in r.label)]
        return self._cell("three-public", rows[0], t.main_col()) if len(rows) == 1 else None


def _three_public_total(t: _Table, phase: str = "") -> _Col | None:
    """The 三公 subtotal of a table that also prints 会议费 / 培训费; of the latest year printed (2020年 | 2021年),
    never the 上年 or 增减 columns."""
    own = [c for c in t.cols if "三公" in c.label and re.search(r"(?:小计|合计)$", c.leaf) and "公务用车" not in c.label
           and not re.search(r"增减|变化|上年|去年|上一年", c.label)]
    own.sort(key=lambda c: -max((int(y) for y in re.findall(r"(20\d{2})年", c.label)), default=0))
    return next((c for c in own if phase and phase in c.label), own[0] if own else None)


def _share_base(t: _Table, row: _Row, col: _Col) -> tuple[_Row, _Col] | None:
    """The denominator of a share: the table's total of the same side and column (or the row's top column); in a
    三公 table that also prints 会议费 / 培训费, the 三公 subtotal ("占“三公”经费的26.86%"). None where the text
    cannot say which total it means ("占总支出的3.36%" beside both 本年支出合计 and 支出总计)."""
    total = t.total(row.side)
    if total is None:
        return None
    if t.role == "three-public" and any("会议费" in c.label or "培训费" in c.label for c in t.cols):
        own = _three_public_total(t)
        return (total, own) if own is not None and own.iri != col.iri else None
    if total.iri != row.iri:
        if any(r.kind in ("total", "subtotal") and r.iri != total.iri and r.side in (row.side, None)
               and re.match(r"本年|当年", norm(r.label)) for r in t.rows):
            return None
        return total, col
    top = t.main_col(col.side)
    return (total, top) if top is not None and top.iri != col.iri else None


def _line(g: Graph, row: Node, col: Node) -> Node | None:
    for line in g.subjects(CNB.row, row):
        if g.value(line, CNB.column) == col:
            return line
    return None


def _nonzero(value: str) -> bool:
    try:
        return Decimal(value) != 0
    except InvalidOperation:
        return False


def _in_parens(c: _Claim) -> bool:
    head = c.sentence[: max(c.pos, 0)]
    return head.count("（") > head.count("）") or head.count("(") > head.count(")")


def link_claims(graph: Graph, doc_iri: URIRef | None = None) -> int:
    """Add claim→cell links to ``graph`` (in place); return the number of claims resolved."""
    docs: list[Node] = [doc_iri] if doc_iri is not None else list(graph.subjects(RDF.type, CNB.BudgetDocument))
    linked = 0
    for doc in docs:
        resolver = _Resolver(_tables(graph, doc))
        claims = _claims(graph, doc)
        part_of = _parts(claims)
        for part, total in part_of.items():
            graph.add((part.iri, CNB.partOf, total.iri))
        cells: dict[Node, Cell] = {}
        last_amount: dict[str, _Claim] = {}
        for c in claims:
            if c.unit == "%":
                linked += _link_share(graph, c, last_amount.get(c.subject), cells, part_of, resolver)
                continue
            if (c.unit is not None and c.unit not in MONEY_UNITS) or _in_parens(c):
                continue
            if _continues_topic(c, claims):
                continue
            cell = resolver.resolve(c.section, _with_phase(c), c.sub)
            if cell is None:
                continue
            cells[c.iri] = cell
            last_amount[c.subject] = c
            _, row, col = cell
            line = _line(graph, row.iri, col.iri)
            if line is None and row.kind in ("total", "subtotal") and _nonzero(c.value):
                continue  # a blank total (the table's own error, reported by its arithmetic) is not the narrative's 0
            graph.add((c.iri, CNB.refersToRow, row.iri))
            graph.add((c.iri, CNB.refersToColumn, col.iri))
            if line is not None:
                graph.add((c.iri, CNB.refersTo, line))
            linked += 1
        _relations(graph, claims)
    return linked


def _continues_topic(c: _Claim, claims: list[_Claim]) -> bool:
    """An amount whose subject is only a phase word or a bare line ("培训费预算 2,795.78 万元，支出决算 2,795.78 万元",
    "政府性基金预算财政拨款年初结转和结余 58,830.98 万元，…年末结转和结余 0 万元") says more of the sentence's earlier
    subject, not of the document's totals."""
    bare = re.fullmatch(r"(?:支出|收入)?(?:决算|预算|执行)数?|(?:支出|收入)(?:决算|预算)数?|年[初末]结转和?结余",
                        norm(c.subject))
    return bool(bare) and any(o.sentence == c.sentence and 0 <= o.pos < c.pos and norm(o.subject) != norm(c.subject)
                              and not re.fullmatch(r"(?:本年)?(?:收入|支出)(?:合计|总计)?|收支总计", norm(o.subject))
                              for o in claims)


def _with_phase(c: _Claim) -> str:
    """The subject of a 三公 amount with the phase its verb states: "“三公”经费财政拨款支出预算为 76.43 万元" in a
    决算 is the 预算数 column, "支出决算为 46.21 万元" the 决算数 column."""
    if not re.search(r"三公|公务接待|出国|公务用车", c.subject) or c.pos < 0 or re.search(r"预算|决算", c.subject):
        return c.subject
    verb = re.search(r"(预算|决算)(?:数|金额)?(?:为|是|共计|合计)?\s*$", c.sentence[:c.pos])
    return c.subject + verb.group(1) if verb else c.subject


def _link_share(graph: Graph, c: _Claim, amount: _Claim | None, cells: dict[Node, Cell],
                part_of: dict[_Claim, _Claim], resolver: _Resolver) -> int:
    """A share's numerator is the amount stated just before it; its base the total of the 其中 list
    it belongs to (when that total is a cell), else the table's total of the same side and column."""
    cell = cells.get(amount.iri) if amount is not None else resolver.resolve(c.section, c.subject, c.sub)
    if cell is None:
        return 0
    total = part_of.get(amount) if amount is not None else None
    base_cell = cells.get(total.iri) if total is not None else None
    if total is not None and base_cell is None:
        return 0  # a share of a stated total no table cell holds ("支出2940.05万元，主要用于以下方面：…占71.73%")
    base = (base_cell[1], base_cell[2]) if base_cell is not None else _share_base(*cell)
    if base is None:
        return 0
    num = _line(graph, cell[1].iri, cell[2].iri)
    den = _line(graph, base[0].iri, base[1].iri)
    if num is None or den is None or num == den:
        return 0
    graph.add((c.iri, CNB.shareOf, num))
    graph.add((c.iri, CNB.shareBase, den))
    return 1


def _kind(c: _Claim) -> str | None:
    return "money" if c.unit in MONEY_UNITS else c.unit


def _parts(claims: list[_Claim]) -> dict[_Claim, _Claim]:
    """Parts listed after "其中" (same unit kind, outside parentheses) → the total stated before them.

    A list ends with the sentence that closes with "。" (or with the section).
    """
    out: dict[_Claim, _Claim] = {}
    totals: dict[str, _Claim] = {}
    sides: dict[Node, str] = {}  # the side (收入 / 支出) of the parts listed so far under a total
    for k, c in enumerate(claims):
        nxt = claims[k + 1] if k + 1 < len(claims) else None
        kind = _kind(c)
        total = totals.get(kind) if kind else None
        after = c.sentence[c.pos + len(c.text):] if c.pos >= 0 else ""
        same = [d for d in claims if d.sentence == c.sentence and _kind(d) == kind]
        inline = re.match(r"^\s*(?:万元|元|亿元|个|项)?\s*[，,：:、]?\s*(?:其中|(?:主要用于以下方面|主要用于|具体(?:安排)?"
                          r"(?:情况)?如下|具体为|包括|分别为)[：:])", after)
        below = (  # "X万元。其中：…" — the list in the very next sentence
            nxt is not None and nxt.sentence != c.sentence and re.match(r"^\s*其中", nxt.sentence)
            and re.fullmatch(r"\s*(?:万元|元|亿元|个|项)?\s*[。；;：:，,]?\s*", after) and len(same) <= 2
            and (not c.text_after or c.text_after.startswith(nxt.sentence))
        )
        opens = inline or below
        change = bool(CHANGE.search(norm(c.subject)))
        side = _side_of(c.subject)
        if total is not None and side and sides.get(total.iri, side) != side:
            totals, total = {}, None  # the list of 收入 lines ended where the 支出 ones begin
        if (total is not None and total.section == c.section and c.unit != "%" and not _in_parens(c)
                and not opens and not change):
            out[c] = total
            if side:
                sides.setdefault(total.iri, side)
        if opens and not _in_parens(c) and not change:
            totals = {}
            for d in claims[: k + 1]:
                if (d.sentence == c.sentence and d.unit != "%" and (d_kind := _kind(d)) and not _in_parens(d)
                        and not CHANGE.search(norm(d.subject))):
                    totals[d_kind] = d
        if not below and (nxt is None or nxt.section != c.section or (nxt.sentence != c.sentence and (
                c.sentence.endswith("。") or not c.text_after.startswith(nxt.sentence)
                or re.match(r"^(?:(?:19|20)\d{2}\s*年|[（(]?[一二三四五六七八九十\d]{1,2}[）)、.．])", nxt.sentence)))):
            totals = {}  # a list goes on only into the very next sentence, unless that opens a statement of its own
    return out


def _side_of(subject: str) -> str | None:
    s = bare(subject)
    income, expenditure = "收入" in s or "结转" in s and "下年" not in s, "支出" in s or "下年" in s
    return "income" if income and not expenditure else "expenditure" if expenditure and not income else None


def _relations(graph: Graph, claims: list[_Claim]) -> None:
    """"A … 大于 … B": a stated relation between two amounts of one sentence."""
    by_sentence: dict[tuple[str, str], list[_Claim]] = {}
    for c in claims:
        if c.unit in MONEY_UNITS or c.unit == "%":
            by_sentence.setdefault((c.section, c.sentence), []).append(c)
    for (_, sentence), items in by_sentence.items():
        for word, slug in RELATIONS:
            pos = sentence.find(word)
            if pos < 0:
                continue
            before = [c for c in items if 0 <= c.pos < pos]
            after = [c for c in items if c.pos > pos]
            same = [c for c in before if after and c.unit == after[0].unit]
            if same and re.search(r"上年|去年|上一年|年初|预算数|决算数|同期|\d{4}\s*年", sentence[pos:after[0].pos]):
                break  # "本年数小于上年预算数 403.75 万元": the amount after 小于 is the difference, not the other side
            if same:
                graph.add((same[-1].iri, CNB.statedRelation, CODE[f"relation/{slug}"]))
                graph.add((same[-1].iri, CNB.comparedWith, after[0].iri))
            break
