"""The narrative against the tables, broadly (issue 14, family 3): what the claim links of :mod:`ingest.claims` do not
cover because the sentence is not one amount about one cell.

- **政府采购** (``text-procurement``): "政府采购预算总额 X 万元，其中：政府采购货物预算 Y 万元、…工程… Z 万元、…服务… W 万元"
  — the total must be the three parts, to the precision printed (half a unit of each number's last digit). No table
  is needed, so every such sentence is checked. A sentence that names two categories and the third nowhere after it
  lists all there are; a part printed 0 has nothing in it, and a total of one non-zero part is that part. In a 决算,
  the contracts won by small and medium firms (in the projects reserved for them, and in the others) fit in the total.
- **Per-item 决算 vs 预算** (``text-item-final-vs-budget``): in a 决算, "…（类）…（款）行政运行（项）。主要用于：…。年初预算为
  X 万元，支出决算为 Y 万元" — Y against the item's own-period (决算) amount in the function table and X against its
  年初预算 column where the table prints one. An item the table does not list, or a table that prints no 年初预算,
  is not checked ("cannot be determined"). A 决算's 政府性基金预算财政拨款 statement (年初结转和结余, 收入决算, 支出决算,
  年末结转和结余) and its items ("…（项）。本年支出决算X万元") against the 政府性基金预算财政拨款收入支出决算表.
- **科目 names** (``text-subject-name``): "一般公共服务支出（类）财政事务（款）行政运行（项）" — the 项 named must be a child of
  the 款 named, and the 款 of the 类, in the function table. Only a name the table holds under *another* parent is
  reported (a certain mislabel); a name the table does not hold at all is left unchecked (the text may describe a
  line of another fund).
  A name printed with its code ("公共安全支出（204类）司法（06款）信息化建设（13项）") is held against that code's name
  in the function table and the code list, and reported only when it is another code's name of the same level.
- **三公 beside an empty table** (``text-three-public``): a non-zero 三公 figure stated for the document's own year
  beside a 三公 table that prints no non-zero amount at all. (Amounts of a printed 三公 table are held against
  their cells by ``claim-amount``.)
  A 三公 table of year rows (深圳) is read at the document's year row; one 三公 item of a budget stated twice with two
  amounts is reported whatever the tables say.
- **机关运行经费** (``text-operating-cost``): the stated amount against the table column or total that states it (the
  Shanghai "三公经费和机关运行经费预算表", a "机关运行经费支出预算表"). Many documents state it only in text: then nothing
  is checked — the outcome is "cannot be determined", not a finding.

- **Totals against their listed parts, from the text alone** (no table needs to print them): a 三公 total against its
  three items and the 公务用车 item against its 购置 and 运行 parts (``text-three-public``; an item "无…支出" is 0); a
  基本支出 against its 人员经费 and 公用经费, 基本支出 + 项目支出 within the spending total, a listed item restated under
  its own heading, a class against 西安's 人员经费 / 公用经费 / 专项业务经费 (``text-basic-expenditure``).
- **机关运行经费 within the 公用经费** (``text-operating-cost``): where the glossary defines it as part of the basic
  expenditure's 公用经费, it may not exceed the 公用经费 the basic-expenditure table prints.
- **A 决算's 三公 table of phase rows** (预算数 | 决算数) and **the 一般公共预算's 年初预算 / 支出决算** against the function
  table's total (``text-item-final-vs-budget``, ``text-three-public``).

:func:`annotate` adds one node per disagreement to the validation copy only: ``cnb:inSection``, ``cnb:checkKind``
(the shape's local name), ``cnb:checkedText``, ``cnb:checkProblem`` (zh and en) and ``cnb:checkEvidence`` (the table
lines or rows compared, so that a finding resting on an unverified table is withheld like any other).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache

import pyoxigraph as ox

from ..ontology.namespaces import CNB, CODE, prefix
from .claims import bare
from .code_names import normalize, reference_path
from .printed import decimal_of, half_digit
from .solutions import select

_NUMBER = r"\d[\d,]*(?:\.\d+)?"
Tally = Counter[tuple[str, str]]  # (check, reason it cannot be determined or "") → comparisons
_UNITS = {"万元": Decimal(10000), "元": Decimal(1), "亿元": Decimal(100000000)}


@dataclass(frozen=True)
class Finding:
    """One disagreement between a sentence and the tables (or between a sentence's own total and its parts)."""

    kind: str  # the shape's local name: text-procurement, text-item-final-vs-budget, …
    section: str  # the section IRI
    text: str
    problem_zh: str
    problem_en: str
    evidence: tuple[str, ...] = ()
    claim: str = ""  # the stated number the sentence is read from (cnb:NarrativeClaim), when there is one
    figure: str = ""  # the number as printed that the finding is about, to choose that claim


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


# -- 政府采购: total = 货物 + 工程 + 服务 ---------------------------------------------------------------------------

_PROC_TOTAL = re.compile(
    rf"(?P<head>[^。；;：:，,]{{0,40}}?政府采购[^。；;：:，,\d]{{0,16}}?)(?:为|共有|共计|共|合计)?(?P<x>{_NUMBER})(?P<unit>万元|元|亿元)"
    # a remark without numbers before the list: "政府采购支出总额 1967.42 万元，全部为财政资金，其中：…" (41 国家信访局 p26)
    r"(?:[，,][^，,。；;：:\d]{1,12}(?=[，,：:]?其中))?(?:[，,：:]|。(?=其中))?(?:其中[：:，,]?)?")
_PROC_PART = re.compile(
    rf"[、，,；;]?(?:其中[：:，,]?)?(?:拟(?:购买|采购)|政府采购)?(?P<kind>货物|工程|服务)类?(?:采购)?(?:项目)?(?:支出|预算)?(?:金额)?(?:为)?"
    rf"(?P<v>{_NUMBER})(?P<unit>万元|元|亿元)")


_KINDS = ("货物", "工程", "服务")


def procurement(text: str) -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    """(sentence, total, unit, [(kind, amount)]) for each 政府采购 total followed at once by its 货物, 工程 and 服务 parts —
    or by two of them, where the sentence ends there and names the third nowhere after ("政府采购支出预算总额2416.43万元，
    其中：拟采购货物支出233.1万元、拟购买服务支出2183.33万元。", 71 江苏省人大 p17: a category without procurement left out)."""
    text = _flat(text)
    out = []
    for m in _PROC_TOTAL.finditer(text):
        if re.search(r"中小|小微|预留|授予|比|较|增|减", m["head"]):
            continue  # a share reserved for small firms, or a change: not the procurement total
        if re.search(r"货物|工程|服务", m["head"].rsplit("政府采购", 1)[-1]):
            continue  # a part ("政府采购货物预算50.55万元"), not a total
        at, parts = m.end(), list[tuple[str, str]]()
        while len(parts) < 3 and (p := _PROC_PART.match(text, at)):
            if p["unit"] != m["unit"]:
                break
            parts.append((p["kind"], p["v"]))
            at = p.end()
        kinds = {k for k, _ in parts}
        if len(parts) == 3 and len(kinds) == 3:
            out.append((text[m.start():at], m["x"], m["unit"], parts))
        elif len(parts) == 2 and len(kinds) == 2:
            missing = next(k for k in _KINDS if k not in kinds)
            end = re.search(r"[。；;]|$", text[at:])
            rest = text[at:at + (end.start() if end else 0) + 1]
            after = text[at:at + 120]
            if rest[:1] in ("。", "；", ";", "") and missing not in after and not _PROC_PART.match(text, at + 1):
                out.append((text[m.start():at], m["x"], m["unit"], parts))
    return out


def _list_tolerance(printed: list[str]) -> Decimal:
    """The rounding a total and its listed parts may carry: half a unit of the finest digit the list prints, for each
    number. An amount printed with fewer decimals than the others has dropped its zeros (the General format of the
    sheet it is copied from: "171.7 万元、3 万元、1792.72 万元" add up to 1967.42, 41 国家信访局 p26); a list of whole
    numbers only is read at half a unit each."""
    finest = max((len(t.split(".", 1)[1]) if "." in t else 0) for t in printed)
    return len(printed) * Decimal(5) / Decimal(10) ** (finest + 1)


def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def _procurement_findings(section: str, text: str, checked: Tally) -> list[Finding]:
    """Each 政府采购 total against its 货物, 工程 and 服务 parts (two of them where the sentence names only two: the third
    has nothing). A part printed as zero has nothing in it and carries no rounding; a total with one non-zero part is
    that part, so printed at the same precision both read the same ("预算总额7万元，其中，货物类采购预算0万元；工程类采购
    预算0万元；服务类采购预算7万元", 42 长沙职教基地 p8)."""
    out = []
    for sentence, total, unit, parts in procurement(text):
        x = decimal_of(total)
        values = [decimal_of(v) for _, v in parts]
        if x is None or any(v is None for v in values):
            continue
        s = sum((v for v in values if v is not None), Decimal(0))
        nonzero = [v for (_, v), d in zip(parts, values, strict=True) if d]
        if len(nonzero) == 1 and _decimals(nonzero[0]) == _decimals(total):
            tol = Decimal(0)  # the total is its one part: one number, printed twice at one precision
        else:
            tol = _list_tolerance([total, *nonzero]) if nonzero else half_digit(total)
        checked[("text-procurement", "")] += 1
        if abs(x - s) > tol:
            listed = "、".join(f"{k}{v}" for k, v in parts)
            names = "、".join(k for k, _ in parts)
            unlisted = next((k for k in _KINDS if k not in {k for k, _ in parts}), "")
            note_zh = f"（文字未列{unlisted}类，各类之和应为总额）" if unlisted else ""
            note_en = f" ({unlisted} is not listed; the categories make the total)" if unlisted else ""
            out.append(Finding("text-procurement", section, sentence,
                               f"{names}之和（{listed}）为 {s}{unit}，不等于所述政府采购总额 {total}{unit}{note_zh}",
                               f"{names} ({listed}) add up to {s} {unit}, not the stated "
                               f"procurement total {total} {unit}{note_en}", figure=total))
    return out


_SME_WON = re.compile(
    rf"在(?P<where>面向中小企业预留的?|其他)政府采购项目中[，,]?由中小企业供应商中标或成交的[，,]?(?:采购|合同)金额(?:为)?"
    rf"(?P<v>{_NUMBER})(?P<u>万元|元|亿元)")


def _procurement_sme(section: str, text: str, checked: Tally) -> list[Finding]:
    """A 决算's contracts won by small and medium firms, "在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，
    采购金额a万元；…在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额b万元" (05 普陀区财政局 p24): the two sets of
    projects do not overlap, so a + b may not exceed the year's 政府采购 total of contracts ("政府采购金额（以合同签订为准）")
    stated with its parts in the section."""
    flat = _flat(text)
    totals = procurement(flat)
    won = {m["where"][:2]: m for m in _SME_WON.finditer(flat)}
    if len(totals) != 1 or set(won) != {"面向", "其他"}:
        return []
    sentence, total, unit, _ = totals[0]
    if not re.search(r"合同|采购金额", sentence.split("其中")[0]):
        return []  # a total of payments (支出) may be less than the contracts signed: no bound
    parts = [won["面向"], won["其他"]]
    x = decimal_of(total)
    values = [decimal_of(m["v"]) for m in parts]
    if x is None or None in values or any(m["u"] != unit for m in parts):
        return []
    s = sum((v or Decimal(0) for v in values), Decimal(0))
    checked[("text-procurement", "")] += 1
    if s - x <= _list_tolerance([total, *(m["v"] for m in parts if decimal_of(m["v"]))]):
        return []
    last = parts[1] if parts[1].start() > parts[0].start() else parts[0]
    return [Finding(
        "text-procurement", section, last.group(0),
        f"由中小企业供应商中标或成交的采购金额（预留项目 {parts[0]['v']}{unit}、其他项目 {parts[1]['v']}{unit}）合计 {s}{unit}，"
        f"超过所述政府采购总额 {total}{unit}",
        f"contracts won by small and medium firms (reserved projects {parts[0]['v']} {unit}, other projects "
        f"{parts[1]['v']} {unit}) add up to {s} {unit}, more than the stated procurement total {total} {unit}",
        figure=last["v"])]


# -- the document's tables, read once from the validation copy -------------------------------------------------------

@dataclass
class _Row:
    iri: str
    label: str
    code: str | None
    level: int | None
    parent: str | None
    kind: str


@dataclass
class _Col:
    iri: str
    label: str
    own: bool
    top: bool


@dataclass
class _Table:
    iri: str
    role: str
    label: str
    scale: Decimal
    unit: str
    rows: list[_Row] = field(default_factory=list)
    cols: list[_Col] = field(default_factory=list)
    lines: dict[tuple[str, str], tuple[str, Decimal]] = field(default_factory=dict)  # (row, col) → (line, 元)
    reason: str = ""  # why a comparison with this table cannot be determined: "unverified-reading", or none

    def amount(self, row: str, col: str) -> tuple[str | None, Decimal]:
        """The line and its amount in 元 (a blank cell is 0, without a line)."""
        line = self.lines.get((row, col))
        return (line[0], line[1]) if line else (None, Decimal(0))


_TABLES = prefix("cnb") + """
SELECT ?t ?role ?label ?scale ?unit WHERE {
  ?doc cnb:hasTable ?t . ?t cnb:tableRole ?role ; cnb:tableLabel ?label ; cnb:moneyScale ?scale .
  OPTIONAL { ?t cnb:scaleLabel ?unit } OPTIONAL { ?t cnb:unverifiedReason ?why }
}"""
_ROWS = prefix("cnb") + """
SELECT ?t ?r ?label ?code ?level ?parent ?kind WHERE {
  VALUES ?t { %s }
  ?t cnb:hasRow ?r . ?r cnb:rowLabel ?label .
  OPTIONAL { ?r cnb:code ?code } OPTIONAL { ?r cnb:level ?level } OPTIONAL { ?r cnb:parentRow ?parent }
  OPTIONAL { ?r cnb:rowKind ?kind }
}"""
_COLS = prefix("cnb") + """
SELECT ?t ?c ?label ?own ?parent ?measure WHERE {
  ?t cnb:hasColumn ?c . ?c cnb:columnLabel ?label .
  OPTIONAL { ?c cnb:ownPeriod ?own } OPTIONAL { ?c cnb:parentColumn ?parent } OPTIONAL { ?c cnb:measureType ?measure }
}"""
_LINES = prefix("cnb") + prefix("obeu-measure") + """
SELECT ?l ?r ?c ?a WHERE { VALUES ?t { %s } ?t cnb:hasRow ?r . ?l cnb:row ?r ; cnb:column ?c ; obeu-measure:amount ?a }"""
_SECTIONS = prefix("cnb") + prefix("dct") + """
SELECT ?s ?title ?text WHERE { ?doc cnb:hasSection ?s . ?s cnb:sectionText ?text . OPTIONAL { ?s dct:title ?title } }"""
_CLAIMS = prefix("cnb") + prefix("dct") + """
SELECT ?claim ?section ?title ?subject ?sentence ?stated ?txt ?unit ?linked WHERE {
  ?doc cnb:hasClaim ?claim . ?claim cnb:subjectText ?subject ; cnb:claimText ?sentence ; cnb:statedValue ?stated ;
         cnb:statedText ?txt ; cnb:statedUnit ?unit .
  OPTIONAL { ?claim cnb:inSection ?section . OPTIONAL { ?section dct:title ?title } }
  OPTIONAL { ?claim cnb:refersToRow ?linked }
}"""


def _slug(iri: str | None) -> str:
    return (iri or "").rstrip("/").rsplit("/", 1)[-1]


def tables(store: ox.Store) -> dict[str, _Table]:
    """The tables these checks read: the function, basic-expenditure and 三公 tables, and any with a 机关运行经费 column."""
    out: dict[str, _Table] = {}
    for t in select(store, _TABLES):
        out[t["t"]] = _Table(t["t"], _slug(t["role"]), t["label"], Decimal(t["scale"]), t.get("unit", ""),
                             reason="unverified-reading" if "why" in t else "")
    for c in select(store, _COLS):
        if (tb := out.get(c["t"])) is not None and _slug(c.get("measure")) in ("", "amount"):
            tb.cols.append(_Col(c["c"], c["label"], c.get("own", "true") == "true", "parent" not in c))
    out = {k: t for k, t in out.items()
           if t.role in ("general-function", "general-basic", "three-public", "government-fund")
           or any("机关运行经费" in c.label for c in t.cols)}
    if not out:
        return out
    wanted = " ".join(f"<{k}>" for k in out)
    for r in select(store, _ROWS % wanted):
        if (tb := out.get(r["t"])) is not None:
            tb.rows.append(_Row(r["r"], r["label"], r.get("code"), int(r["level"]) if "level" in r else None,
                                r.get("parent"), _slug(r.get("kind")) or "item"))
    by_row = {r.iri: tb for tb in out.values() for r in tb.rows}
    for line in select(store, _LINES % wanted):
        if (tb := by_row.get(line["r"])) is not None:
            tb.lines[(line["r"], line["c"])] = (line["l"], Decimal(line["a"]))
    return out


# -- 科目 names and per-item 决算 vs 预算 ----------------------------------------------------------------------------

_LEVELS = {"类": 1, "款": 2, "项": 3}
_NAME = r"(?:[^（）()。；;，,：:、\d]|（[^类款项（）]{1,4}）){2,30}"  # a 科目 name may hold "（室）": 政府办公厅（室）及相关机构事务
_NAMED = re.compile(rf"(?P<chain>(?:{_NAME}（[类款项]）){{2,3}})")
_FINAL_VS_BUDGET = re.compile(
    rf"年初预算(?:数)?(?:为|是)?(?P<b>{_NUMBER})(?P<bu>万元|元)[，,]?(?:支出)?决算(?:数)?(?:为|是)?(?P<f>{_NUMBER})(?P<fu>万元|元)")


def _chain(text: str) -> dict[int, str]:
    parts = re.findall(rf"({_NAME}?)（([类款项])）", text)
    return {_LEVELS[lvl]: re.sub(r"^(?:其中[：:]?|\d*[、.．]|[（(]\d+[)）])", "", name) for name, lvl in parts}


@cache
def _key(name: str) -> str:
    """A 科目 name for matching: normalised, without a trailing 支出 and a leading 其中."""
    s = normalize(name).replace("其它", "其他")  # a variant of one character, not another name
    s = re.sub(r"^其中:?", "", s)
    return s.removesuffix("支出") or s


def _same(a: str, b: str) -> bool:
    return _key(a) == _key(b)


@cache
def _code_list() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Every function code of the reference list (ontology/reference/observed-codes.csv), however rarely seen:
    code → its spellings (matching keys), and parent code → its child codes."""
    names: dict[str, tuple[str, ...]] = {}
    children: dict[str, tuple[str, ...]] = {}
    with reference_path().open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["system"] != "function":
                continue
            code = row["code"]
            spellings = [row["name"], *(s for s in row["other_spellings"].split("|") if s)]
            names[code] = names.get(code, ()) + tuple(_key(s) for s in spellings)
            if row["parent_code"]:
                children[row["parent_code"]] = children.get(row["parent_code"], ()) + (code,)
    return names, children


def _names_code(stated: str, code: str, label: str) -> bool:
    """Whether ``stated`` names the row ``code`` / ``label``: its label or a spelling of its code in the code list;
    a stated name may carry words before it ("由于公共安全（类）") or be cut (4 characters or more)."""
    key = _key(stated)
    known = (_key(label), *_code_list()[0].get(code, ()))
    return any(k and (key == k or key.endswith(k) or (len(key) >= 4 and k.startswith(key))) for k in known)


def _near(stated: str, known: str) -> bool:
    """A misspelling of ``known``: one character changed, added or dropped (two in a name of six or more)."""
    a, b = _key(stated), _key(known)
    if a == b or not a or not b or abs(len(a) - len(b)) > 1:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1] <= (2 if min(len(a), len(b)) >= 6 else 1)


def _function_rows(t: _Table, level: int, name: str) -> list[_Row]:
    return [r for r in t.rows if r.code and len(r.code) == _WIDTH[level] and _same(r.label, name)]


def _parent(t: _Table, row: _Row, level: int) -> _Row | None:
    want = (row.code or "")[: _WIDTH[level]]
    return next((r for r in t.rows if r.code == want), None)


_WIDTH = {1: 3, 2: 5, 3: 7}
_LV = {1: "类", 2: "款", 3: "项"}


def _subject_findings(section: str, text: str, t: _Table | None, checked: Tally) -> list[Finding]:
    """A 项 (or 款) named under a 款 (or 类) the function table puts it under another of; or a name that neither the
    table nor the code list knows under the 款 (类) named, where that 款 (类) is certain."""
    if t is None:
        checked[("text-subject-name", "missing-table")] += len(_NAMED.findall(_flat(text)))
        return []
    out, seen = [], set()
    for m in _NAMED.finditer(_flat(text)):
        chain = _chain(m["chain"])
        if m["chain"] in seen:
            continue
        seen.add(m["chain"])
        level = max(chain)
        if level == 1:
            continue
        name = chain[level]
        rows = _function_rows(t, level, name)
        if len(rows) > 1:
            continue  # the same name at two places: nothing certain to say
        if rows:
            row = rows[0]
            checked[("text-subject-name", t.reason)] += 1
            for up in range(level - 1, 0, -1):
                stated, parent = chain.get(up), _parent(t, row, up)
                if not stated or parent is None or _names_code(stated, parent.code or "", parent.label):
                    continue
                out.append(Finding(
                    "text-subject-name", section, m["chain"].lstrip(".．、"),
                    f"文字说明将「{name}」（{_LV[level]}）列于「{stated}」（{_LV[up]}）之下，而{t.label}中该{_LV[level]}"
                    f"（{row.code}）属于「{parent.label}」（{parent.code}）",
                    f"the narrative puts '{name}' ({_LV[level]}) under '{stated}' ({_LV[up]}), but in table {t.label} "
                    f"this {_LV[level]} ({row.code}) belongs to '{parent.label}' ({parent.code})",
                    (row.iri, parent.iri)))
                break
            continue
        # not in the table: the parent named must be one row, and neither it nor the code list may know the name
        stated_parent = chain.get(level - 1)
        if not stated_parent:
            continue
        parents = [r for r in t.rows if r.code and len(r.code) == _WIDTH[level - 1]
                   and _names_code(stated_parent, r.code, r.label)]
        if len(parents) != 1 or _key(name) == "":
            continue
        parent = parents[0]
        kids = [r for r in t.rows if r.code and len(r.code) == _WIDTH[level] and r.code.startswith(parent.code or "")]
        listed = _code_list()[1].get(parent.code or "", ())
        if not listed:
            continue  # the code list does not know this 款's items: cannot be determined
        if any(_names_code(name, r.code or "", r.label) for r in kids) or any(_names_code(name, c, "") for c in listed):
            checked[("text-subject-name", t.reason)] += 1
            continue
        # the code list is what ~200 disclosures print, not the whole classification: a name it lacks may be a real
        # 项 (参事事务). Only a near miss of a known sibling is certain — a misspelt name (转换 for 转化).
        near = [(r.code or "", r.label) for r in kids if _near(name, r.label)]
        near += [(c, k) for c in listed for k in _code_list()[0].get(c, ())[:1] if _near(name, k)]
        if len({c for c, _ in near}) != 1:
            continue
        checked[("text-subject-name", t.reason)] += 1
        code, known = near[0]
        out.append(Finding(
            "text-subject-name", section, m["chain"].lstrip(".．、"),
            f"文字说明所称「{name}」（{_LV[level]}）不是{t.label}「{parent.label}」（{parent.code}）之下或政府收支分类科目中"
            f"该{_LV[level - 1]}的{_LV[level]}；最接近的是 {code}「{known}」",
            f"the narrative names '{name}' ({_LV[level]}), which is no {_LV[level]} of '{parent.label}' ({parent.code}) "
            f"in table {t.label} nor in the code list; the nearest is {code} '{known}'",
            (parent.iri,)))
    return out


_CODED = re.compile(rf"(?P<name>{_NAME}?)（(?P<code>\d{{2,7}})(?P<lvl>[类款项])）")


@cache
def _primary_names() -> tuple[dict[int, dict[str, tuple[str, ...]]], dict[str, str]]:
    """level → (a code list name's matching key → the codes of that level the list names so), and code → name: only
    each code's own name, not the other spellings the list has gathered (a name of another code must be certain)."""
    out: dict[int, dict[str, tuple[str, ...]]] = {1: {}, 2: {}, 3: {}}
    names: dict[str, str] = {}
    with reference_path().open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            level = {3: 1, 5: 2, 7: 3}.get(len(row["code"]))
            if row["system"] == "function" and level and (k := _key(row["name"])):
                out[level][k] = out[level].get(k, ()) + (row["code"],)
                names[row["code"]] = row["name"]
    return out, names


def _coded_findings(section: str, text: str, tabs: list[_Table], checked: Tally) -> list[Finding]:
    """A 科目 named with its code ("公共安全支出（204类）司法（06款）行政运行（01项）", Shanghai's 单位预算编制说明): the name
    against the code's name in the tables and the code list. Only a name that is another code's of the same level
    (社会保障和就业支出 for 204) is reported — a name neither list knows may be a former or a local one: undetermined."""
    rows = [(t, r) for t in tabs if t.role == "general-function" for r in t.rows if r.code and len(r.code) in (3, 5, 7)]
    flat = _flat(text)
    out: list[Finding] = []
    chain: dict[int, str] = {}
    last = start = -1
    for m in _CODED.finditer(flat):
        if m.start() != last:
            chain, start = {}, m.start()  # a new chain: 类 first
        last = m.end()
        level, digits = _LEVELS[m["lvl"]], m["code"]
        if len(digits) == _WIDTH[level]:
            code = digits
        elif len(digits) == 2 and level > 1 and chain.get(level - 1):
            code = chain[level - 1] + digits
        else:
            continue
        chain = {k: v for k, v in chain.items() if k < level} | {level: code}
        if level > 1 and not code.startswith(chain.get(level - 1, code[: _WIDTH[level - 1]])):
            continue
        name = re.sub(r"^(?:其中[：:]?|\d*[、.．]|[（(]\d+[)）])", "", m["name"])
        own = [(t, r) for t, r in rows if r.code == code]
        known = (*(r.label for _, r in own), *_code_list()[0].get(code, ()))
        if not name or not known:
            continue  # a code neither the tables nor the code list know: cannot be determined
        reason = next((t.reason for t, _ in own if t.reason), "")
        if any(_names_code(name, code, r.label) for _, r in own) or _names_code(name, code, ""):
            checked[("text-subject-name", reason)] += 1
            continue
        key = _key(name)
        others = [(r.code or "", r.label) for _, r in rows if r.code != code and len(r.code or "") == len(code)
                  and _key(r.label) and key.endswith(_key(r.label))]
        others += [(c, k) for k, codes in _primary_names()[0][level].items() if key.endswith(k)
                   for c in codes if c != code]
        if not others:
            continue  # a name no list gives this code nor another one: a former or local name, undetermined
        checked[("text-subject-name", reason)] += 1
        # the other code named: a sibling under the same parent first, then the longest name
        other = max(others, key=lambda x: (x[0][: len(code) - 2] == code[: len(code) - 2], len(x[1])))[0]
        label = own[0][1].label if own else _primary_names()[1].get(code, known[0])
        where = f"{own[0][0].label}及科目表" if own else "科目表"
        out.append(Finding(
            "text-subject-name", section, flat[start:m.end()].lstrip(".．、"),
            f"文字说明称{_LV[level]}级科目 {code} 为「{name}」，而{where}中 {code} 为「{label}」；「{name}」是科目 {other}",
            f"the narrative names {_LV[level]} {code} '{name}', but {code} is '{label}' "
            f"({'table ' + own[0][0].label + ' and ' if own else ''}the code list); '{name}' is {other}",
            tuple(r.iri for _, r in own[:1])))
    return out


def _item_findings(section: str, text: str, t: _Table | None, checked: Tally) -> list[Finding]:
    """'…（项）。主要用于：…。年初预算为X万元，支出决算为Y万元' against the item's two figures in the function table."""
    if t is None:
        checked[("text-item-final-vs-budget", "missing-table")] += 2 * len(_FINAL_VS_BUDGET.findall(_flat(text)))
        return []
    flat = _flat(text)
    own = [c for c in t.cols if c.own and c.top]
    budget = [c for c in t.cols if not c.own and c.top and re.search(r"年初|预算", c.label)]
    out = []
    heads = list(re.finditer(rf"(?:{_NAME}（[类款]）){{1,2}}{_NAME}（项）", flat))
    for k, h in enumerate(heads):
        end = heads[k + 1].start() if k + 1 < len(heads) else len(flat)
        m = _FINAL_VS_BUDGET.search(flat, h.end(), end)
        if m is None:
            continue
        chain = _chain(h.group(0))
        rows = _function_rows(t, 3, chain.get(3, ""))
        if chain.get(2):
            rows = [r for r in rows if (p := _parent(t, r, 2)) is None or _names_code(chain[2], p.code or "", p.label)]
        if len(rows) != 1 or not own:
            continue  # an item the table does not list (or lists twice): cannot be determined
        row = rows[0]
        checks = [("决算", "final", m["f"], m["fu"], own[0])]
        if len(budget) == 1:
            checks.append(("年初预算", "initial budget", m["b"], m["bu"], budget[0]))
        else:
            checked[("text-item-final-vs-budget", "missing-table")] += 1  # the table prints no 年初预算 column
        sentence = flat[h.start():m.end()] if m.end() - h.start() <= 200 else h.group(0) + "…" + m.group(0)
        for zh, en, stated, unit, col in checks:
            value = decimal_of(stated)
            if value is None:
                continue
            line, amount = t.amount(row.iri, col.iri)
            checked[("text-item-final-vs-budget", t.reason)] += 1
            tol = max(half_digit(stated) * _UNITS[unit], t.scale / 100)
            if abs(value * _UNITS[unit] - amount) > tol:
                cell = (amount / t.scale).normalize()
                out.append(Finding(
                    "text-item-final-vs-budget", section, sentence,
                    f"文字说明称「{row.label}」（{row.code}）{zh}为 {stated}{unit}，而{t.label}「{col.label}」列为 {cell:f}{t.unit}",
                    f"the narrative gives the {en} of '{row.label}' ({row.code}) as {stated} {unit}, but table "
                    f"{t.label}, column '{col.label}' has {cell:f} {t.unit}",
                    (line or row.iri,), figure=stated))
    return out


_GENERAL_FINAL = re.compile(
    rf"一般公共预算财政拨款(?:支出)?(?:决算)?[^，。；;\d]{{0,6}}?年初预算(?:数)?(?:为|是)?(?P<b>{_NUMBER})(?P<bu>万元|元)[，,]?"
    rf"(?:支出)?决算(?:数)?(?:为|是)?(?P<f>{_NUMBER})(?P<fu>万元|元)")


def _general_final_findings(section: str, text: str, t: _Table | None, checked: Tally) -> list[Finding]:
    """"一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元" (05 普陀区财政局 p19, 57 西安市卫健委 p11): the
    决算 against the function table's total, the 年初预算 against its 年初预算 column where it prints one."""
    flat = _flat(text)
    found = list(_GENERAL_FINAL.finditer(flat))
    if t is None or not found:
        return []
    totals = [r for r in t.rows if r.kind == "total" and r.parent is None]
    own = _sum_cols(t)
    budget = [c for c in t.cols if not c.own and c.top and re.search(r"年初|预算", c.label)]
    if len(totals) != 1 or len(own) != 1:
        return []
    out = []
    for m in found:
        checks = [("决算", "final", m["f"], m["fu"], own[0])] + (
            [("年初预算", "initial budget", m["b"], m["bu"], budget[0])] if len(budget) == 1 else [])
        for zh, en, stated, unit, col in checks:
            value = decimal_of(stated)
            if value is None:
                continue
            line, amount = t.amount(totals[0].iri, col.iri)
            checked[("text-item-final-vs-budget", t.reason)] += 1
            if abs(value * _UNITS[unit] - amount) <= max(half_digit(stated) * _UNITS[unit], t.scale / 100):
                continue
            cell = (amount / t.scale).normalize()
            out.append(Finding(
                "text-item-final-vs-budget", section, m.group(0),
                f"文字说明称一般公共预算财政拨款支出{zh}为 {stated}{unit}，而{t.label}「{totals[0].label}」行「{col.label}」列为 "
                f"{cell:f}{t.unit}",
                f"the narrative gives the {en} of the 一般公共预算 spending as {stated} {unit}, but table {t.label}, row "
                f"'{totals[0].label}', column '{col.label}' has {cell:f} {t.unit}",
                (line or totals[0].iri,), figure=stated))
    return out


_FUND_STATEMENT = re.compile(
    rf"政府性基金预算财政拨款(?:收支)?(?P<body>(?:(?:年初结转和结余|(?:本年)?收入(?:决算)?|(?:本年)?支出(?:决算)?|年末结转和结余)"
    rf"(?:数)?(?:为|是)?{_NUMBER}(?:万元|元)[，,、]?){{2,4}})")
_FUND_PART = re.compile(rf"(?P<what>年初结转和结余|(?:本年)?收入(?:决算)?|(?:本年)?支出(?:决算)?|年末结转和结余)(?:数)?(?:为|是)?"
                        rf"(?P<v>{_NUMBER})(?P<u>万元|元)")
_FUND_COLUMNS = {"年初": r"^年初结转和结余$", "收入": r"^本年收入$", "支出": r"^本年支出(?:/(?:小计|合计))?$",
                 "年末": r"^年末结转和结余$"}
_FUND_NAMES = {"年初": "年初结转和结余", "收入": "本年收入", "支出": "本年支出", "年末": "年末结转和结余"}
_FUND_ITEM = re.compile(rf"(?:本年|全年)?(?:支出)?决算(?:数)?(?:为|是)?(?P<f>{_NUMBER})(?P<fu>万元|元)")


def _fund_table(tabs: dict[str, _Table]) -> tuple[_Table, _Row, dict[str, _Col]] | None:
    """The 政府性基金预算财政拨款收入支出决算表 of a 决算: its one total row and the columns of its 年初结转和结余, 本年收入,
    本年支出 (小计) and 年末结转和结余 — where exactly one table of that role prints them (not its 三公 table)."""
    found = []
    for t in tabs.values():
        if t.role != "government-fund":
            continue
        cols: dict[str, _Col] = {}
        for key, pattern in _FUND_COLUMNS.items():
            match = [c for c in t.cols if c.own and re.search(pattern, _flat(c.label))]
            if len(match) == 1:
                cols[key] = match[0]
        totals = [r for r in t.rows if r.kind == "total" and r.parent is None]
        if "支出" in cols and len(totals) == 1:
            found.append((t, totals[0], cols))
    return found[0] if len(found) == 1 else None


def _fund_findings(section: str, title: str, text: str, tabs: dict[str, _Table], checked: Tally) -> list[Finding]:
    """A 决算's statement of its 政府性基金预算财政拨款 ("政府性基金预算财政拨款年初结转和结余58,830.98万元，收入决算
    509,220.66万元，支出决算568,051.63万元，年末结转和结余0万元", 57 西安市卫健委 p20) against the total row of the
    政府性基金预算财政拨款收入支出决算表, and each item of the section ("…（项）。本年支出决算568,051.63万元") against the
    item's row of that table. No such table read, or an item it does not list (or lists twice): undetermined."""
    flat = _flat(text)
    statements = list(_FUND_STATEMENT.finditer(flat))
    in_fund = "政府性基金" in _flat(title) or bool(statements)
    if not in_fund:
        return []
    found = _fund_table(tabs)
    heads = list(re.finditer(rf"(?:{_NAME}（[类款]）){{1,2}}{_NAME}（项）", flat))
    if found is None:
        if statements or heads:
            checked[("text-item-final-vs-budget", "missing-table")] += len(statements) + len(heads)
        return []
    t, total, cols = found
    out = []

    def compare(stated: str, unit: str, row: _Row, key: str, what_zh: str, what_en: str, sentence: str) -> None:
        value = decimal_of(stated)
        if value is None or unit not in _UNITS:
            return
        col = cols[key]
        line, amount = t.amount(row.iri, col.iri)
        checked[("text-item-final-vs-budget", t.reason)] += 1
        if abs(value * _UNITS[unit] - amount) <= max(half_digit(stated) * _UNITS[unit], t.scale / 100):
            return
        cell = (amount / t.scale).normalize()
        out.append(Finding(
            "text-item-final-vs-budget", section, sentence,
            f"文字说明称{what_zh}为 {stated}{unit}，而{t.label}「{row.label}」行「{col.label}」列为 {cell:f}{t.unit}",
            f"the narrative gives {what_en} as {stated} {unit}, but table {t.label}, row '{row.label}', column "
            f"'{col.label}' has {cell:f} {t.unit}", (line or row.iri,), figure=stated))

    for m in statements:
        for part in _FUND_PART.finditer(m["body"]):
            what = part["what"]
            key = "年初" if what.startswith("年初") else "年末" if what.startswith("年末") else (
                "收入" if "收入" in what else "支出")
            if key in cols:
                compare(part["v"], part["u"], total, key, f"政府性基金预算财政拨款{_FUND_NAMES[key]}",
                        f"the 政府性基金 appropriation's {_FUND_NAMES[key]}", m.group(0))
    for k, h in enumerate(heads):
        end = heads[k + 1].start() if k + 1 < len(heads) else len(flat)
        m2 = _FUND_ITEM.match(flat, h.end() + (1 if flat[h.end():h.end() + 1] in "。：:，," else 0))
        if m2 is None or m2.end() > end:
            continue
        chain = _chain(h.group(0))
        rows = _function_rows(t, 3, chain.get(3, ""))
        if chain.get(2):
            rows = [r for r in rows if (p := _parent(t, r, 2)) is None or _names_code(chain[2], p.code or "", p.label)]
        if len(rows) != 1:
            checked[("text-item-final-vs-budget", "missing-table")] += 1  # not listed, or listed twice
            continue
        compare(m2["f"], m2["fu"], rows[0], "支出", f"「{rows[0].label}」（{rows[0].code}）决算",
                f"the 决算 of '{rows[0].label}' ({rows[0].code})", flat[h.start():m2.end()])
    return out


# -- 三公 beside an empty table; 机关运行经费 against the table that states it -------------------------------------

_PRIOR = re.compile(r"上年|去年|上一年|比|较|增|减|同比|下降|持平")
_THREE = re.compile(r"三公|因公出国|公务接待|公务用车")


def _own_year_claim(subject: str, sentence: str, txt: str) -> bool:
    """An amount about the document's own year: not a change, not a prior year's figure."""
    at = sentence.find(txt)
    before = sentence[:at] if at >= 0 else sentence
    clause = re.split(r"[，,；;]", before)[-1]
    return not _PRIOR.search(subject) and not _PRIOR.search(clause) and not re.search(r"(?:19|20)\d{2}年(?:度)?(?:决算|执行)", clause)


def _three_public_findings(claims: list[dict[str, str]], tabs: dict[str, _Table], checked: Tally,
                           year: int = 0) -> list[Finding]:
    three = [t for t in tabs.values() if t.role == "three-public"]
    stated = [c for c in claims if c["unit"] in _UNITS and _THREE.search(c["subject"])
              and _own_year_claim(c["subject"], c["sentence"], c["txt"])]
    if len(three) != 1:
        if stated and not three:
            checked[("text-three-public", "missing-table")] += 1  # no 三公 table: cannot be determined
        return []  # or several tables: which one the text means is not certain
    t = three[0]
    three_cols = {c.iri for c in t.cols if "机关运行" not in c.label}  # Shanghai prints 机关运行经费 beside the 三公
    if any(a != 0 for (_, col), (_, a) in t.lines.items() if col in three_cols):
        # a printed table: its cells are held against the text by claim-amount, a table of year rows here
        return _three_public_year_rows(claims, t, year, checked) if year else []
    if stated:
        checked[("text-three-public", t.reason)] += 1  # one comparison: the empty table against the text
    out = []
    for c in claims:
        value = decimal_of(c["stated"])
        if (value is None or value <= 0 or c["unit"] not in _UNITS or not _THREE.search(c["subject"])
                or not _own_year_claim(c["subject"], c["sentence"], c["txt"])):
            continue
        out.append(Finding(
            "text-three-public", c.get("section", ""), c["sentence"],
            f"文字说明称「{c['subject']}」为 {c['txt']}{c['unit']}，而{t.label}无任何非零金额（空表）",
            f"the narrative states '{c['subject']}' = {c['txt']} {c['unit']}, but table {t.label} prints no non-zero "
            f"amount (an empty table)",
            (t.iri,), claim=c["claim"]))
        break  # one finding for the empty table
    return out


_YEAR_ROW = re.compile(r"^((?:19|20)\d{2})年度?(?:预算|预算数|决算|决算数)?$")


def _three_public_group(subject: str) -> tuple[str, ...] | None:
    """The words of the 三公 table's column group a subject names (Shenzhen's 总计 | 因公出国(境)费 | 公务接待费 |
    公务用车购置及运行维护费/小计 | …/公务用车购置费 | …/公务用车运行维护费, each split by fund)."""
    s = _flat(subject)
    if "公务接待" in s:
        return ("公务接待",)
    if "出国" in s:
        return ("出国",)
    if "公务用车" in s:
        if "购置" in s and "运行" not in s:
            return ("公务用车购置费",)
        if "运行" in s and "购置" not in s:
            return ("公务用车运行",)
        return ("公务用车", "小计")
    return ("总计",) if "三公" in s else None


def _three_public_year_rows(claims: list[dict[str, str]], t: _Table, year: int, checked: Tally) -> list[Finding]:
    """A 三公 table whose rows are years (深圳: 2025年 | 2026年 | 增减变化金额) and whose columns are the items split by
    fund: a 三公 amount the claim links leave unlinked, stated for the document's year, against the sum of its
    group's fund columns in that year's row. No row of the year, or no group the subject names: undetermined."""
    rows = [r for r in t.rows if (m := _YEAR_ROW.match(_flat(r.label))) and int(m.group(1)) == year]
    if len(rows) > 1:
        # a department's table, one block of year rows per unit (深圳人社 表9): the department's row is the one whose
        # every column is the sum of the others' (else which row the text means is not certain)
        def whole(row: _Row) -> bool:
            return all(abs(t.amount(row.iri, col.iri)[1] - sum((t.amount(r.iri, col.iri)[1] for r in rows if r is not row),
                                                              Decimal(0))) <= t.scale / 100 * len(rows) for col in t.cols)
        rows = [r for r in rows if whole(r)] if t.cols else []
    if len(rows) != 1:
        return []
    row, out = rows[0], []
    for c in claims:
        value = decimal_of(c["stated"])
        if (c.get("linked") or value is None or c["unit"] not in _UNITS or not _THREE.search(c["subject"])
                or not _own_year_claim(c["subject"], c["sentence"], c["txt"])):
            continue
        at = c["sentence"].find(c["txt"])
        named = re.findall(r"((?:19|20)\d{2})年", c["sentence"][: at if at >= 0 else None])
        if named and int(named[-1]) != year:
            continue  # a figure of another year
        words = _three_public_group(c["subject"])
        if words is None:
            continue
        cols = [col for col in t.cols if all(w in col.label for w in words) and "/" in col.label
                and not (words == ("公务用车购置费",) and "运行" in col.label)]
        if words == ("总计",):
            cols = [col for col in t.cols if col.label.startswith("总计/")]
        if not cols:
            checked[("text-three-public", "missing-table")] += 1
            continue
        amounts = [t.amount(row.iri, col.iri) for col in cols]
        total = sum((a for _, a in amounts), Decimal(0))
        checked[("text-three-public", t.reason)] += 1
        tol = max(half_digit(c["txt"]) * _UNITS[c["unit"]], t.scale / 100)
        if abs(value * _UNITS[c["unit"]] - total) <= tol:
            continue
        cell = (total / t.scale).normalize()
        group = cols[0].label.rsplit("/", 1)[0]
        out.append(Finding(
            "text-three-public", c.get("section", ""), c["sentence"],
            f"文字说明称「{c['subject']}」为 {c['txt']}{c['unit']}，而{t.label}「{row.label}」行「{group}」各列合计为 "
            f"{cell:f}{t.unit}",
            f"the narrative states '{c['subject']}' = {c['txt']} {c['unit']}, but table {t.label}, row '{row.label}', "
            f"columns '{group}' add up to {cell:f} {t.unit}",
            tuple(line for line, _ in amounts if line) or (row.iri,), claim=c["claim"], figure=c["txt"]))
    return out


_AMOUNT = re.compile(rf"(?P<n>{_NUMBER})(?P<u>万元|元|亿元)")
_HEADING = re.compile(r"(?:（[一二三四五六七八九十]{1,2}）|(?<![\d.])\d{1,2}[.．、])(?P<name>[^。；;，,：:\d]{2,24})")
_CHANGE_WORDS = re.compile(r"比|较|增|减|上年|去年|上一年|同比|下降|持平|节约|压减|超支|平均|每[辆人次]|占")
# a clause that names no item: the amount is of the sentence's earlier item or of the heading above it
_GENERIC = re.compile(r"(?:其中[：:]?)?(?:(?:19|20)\d{2}年度?)?(?:本年度?|当年|全年)?(?:财政拨款)?(?:支出)?(?:年初)?(?:预算|决算|执行)?"
                      r"(?:安排)?(?:支出)?(?:决算|预算)?(?:数|金额)?(?:为|是|共计|合计|共)?")
_PAREN_OPEN = re.compile(r"[（(]")


@dataclass(frozen=True)
class _Stated:
    """An amount of a section's text, with what it is of (``group``), its phase and where it is."""

    group: str
    phase: str
    text: str
    unit: str
    start: int
    sentence: tuple[int, int]


def _clause(label: str) -> str:
    return re.split(r"[，,：:；;]", label)[-1]


def _walk(flat: str, year: int, phase: str, group_of) -> list[_Stated]:
    """The amounts of a section's text (flattened) that state a figure of the document's own year, each with the group
    ``group_of`` reads from the words just before it — or, where those name nothing ("2026年预算数", "支出决算"), the group
    of the sentence's previous amount, else of the heading above it ("（一）因公出国（境）费用。2026年预算数166.98万元"). A
    change, a share, an average, an amount in brackets or of another year is left out."""
    out: list[_Stated] = []
    last_end = 0
    for m in _AMOUNT.finditer(flat):
        begin = max(flat.rfind(ch, 0, m.start()) for ch in "。；;") + 1
        label = flat[max(begin, last_end):m.start()]
        last_end = m.end()
        clause = _clause(label)
        head = flat[begin:m.start()]
        if (_CHANGE_WORDS.search(clause) or len(_PAREN_OPEN.findall(head)) > len(re.findall(r"[）)]", head))
                or flat[m.end():m.end() + 1] in ("/", "每")):
            continue
        years = [int(y) for y in re.findall(r"((?:19|20)\d{2})年", clause)]
        if years and year and years[-1] != year:
            continue
        said = "决算" if re.search(r"决算|执行|实际", clause) else "预算" if re.search(r"预算|年初|安排", clause) else ""
        group = group_of(clause)
        if group is None and _GENERIC.fullmatch(clause):
            before = [x for x in out if x.sentence[0] == begin]
            if before:
                group, said = before[-1].group, said or before[-1].phase
            else:
                h = [x for x in _HEADING.finditer(flat, max(0, begin - 40), m.start())
                     if not _AMOUNT.search(flat, x.end(), m.start())]
                group = group_of(h[-1]["name"]) if h else None
        if group is None:
            continue
        out.append(_Stated(group, said or phase, m["n"], m["u"], m.start(), (begin, m.end())))
    return out


_NONE_SPENT = re.compile(r"(?:没有|无)(?:发生)?(?:财政拨款)?(?:安排)?(?P<what>因公出国[（(]境[)）]|公务接待|公务用车购置及运行维?护?|"
                         r"公务用车购置|公务用车运行维?护?)(?:费用?|经费)?(?:支出|预算)?[。；;，,]")


def _none_spent(flat: str, phase: str, stated: list[_Stated]) -> list[_Stated]:
    """``stated`` with the items the text says nothing was spent on ("本年度无财政拨款因公出国（境）费支出。", 57 西安市卫健委
    p21) as amounts of 0 of the document's own phase, in their place."""
    zeros = []
    for m in _NONE_SPENT.finditer(flat):
        group = _three_item(m["what"])
        begin = max(flat.rfind(ch, 0, m.start()) for ch in "。；;") + 1
        if group and not _CHANGE_WORDS.search(flat[begin:m.start()]) and not re.search(r"(?:19|20)\d{2}", flat[begin:m.start()]):
            zeros.append(_Stated(group, phase, "0", "", m.start(), (begin, m.end())))
    return sorted(stated + zeros, key=lambda x: x.start)


def _three_item(clause: str) -> str | None:
    """The 三公 item a clause names: 出国, 接待, 用车 (购置及运行), 购置, 运行, or the 三公 total."""
    if "出国" in clause:
        return "出国"
    if "接待" in clause:
        return "接待"
    if re.search(r"公务用?车|车辆", clause):
        buy, run = "购置" in clause, bool(re.search(r"运行|维护", clause))
        return "购置" if buy and not run else "运行" if run and not buy else "用车"
    return "三公" if "三公" in clause else None


_THREE_NAMES = {"出国": "因公出国（境）费", "接待": "公务接待费", "用车": "公务用车购置及运行费", "购置": "公务用车购置费",
                "运行": "公务用车运行维护费"}


def _sum_finding(kind: str, section: str, flat: str, total: _Stated, parts: list[_Stated], names: dict[str, str],
                 whole: str, checked: Tally) -> Finding | None:
    """A total stated with its parts (all of them: a closed list) against their sum."""
    values = [decimal_of(x.text) for x in (total, *parts)]
    if any(v is None for v in values) or len({x.unit for x in (total, *parts)} - {""}) != 1 or not total.unit:
        return None  # an item nothing was spent on ("无…支出") has no unit
    x, *rest = (v or Decimal(0) for v in values)
    s = sum(rest, Decimal(0))
    checked[(kind, "")] += 1
    if abs(x - s) <= _list_tolerance([y.text for y in (total, *parts)]):
        return None
    unit = total.unit
    listed = "、".join(f"{names[p.group]} {p.text}" for p in parts)
    text = flat[total.sentence[0]:max(p.sentence[1] for p in parts)]
    return Finding(kind, section, text if len(text) <= 240 else text[:240] + "…",
                   f"所述{whole} {total.text}{unit}，而其各项（{listed}）之和为 {s}{unit}",
                   f"the stated {whole} is {total.text} {unit}, but its items ({listed}) add up to {s} {unit}",
                   figure=total.text)


def _three_public_sums(section: str, text: str, year: int, phase: str, checked: Tally, title: str = "") -> list[Finding]:
    """A 三公 total stated with its three items (因公出国（境）费, 公务接待费, 公务用车购置及运行费 — the whole of it, by
    definition), and the 公务用车 item with its 购置 and 运行维护 parts: each total against its parts' sum, per phase
    (a 决算 states both the 预算 and the 决算 of an item). Only the first amount of each item after a total is read."""
    flat = _flat(text)
    if "三公" not in flat + title:
        return []
    stated = _none_spent(flat, phase, _walk(flat, year, phase, _three_item))
    out = []
    for k, x in enumerate(stated):
        if x.group not in ("三公", "用车"):
            continue
        first: dict[str, _Stated] = {}
        for y in stated[k + 1:]:
            if y.group == "三公" or (x.group == "用车" and y.group not in ("购置", "运行")):
                break
            if y.phase == x.phase:
                first.setdefault(y.group, y)
        if x.group == "用车":
            parts = [first[g] for g in ("购置", "运行") if g in first]
            whole = "公务用车购置及运行费"
        else:
            split = [first[g] for g in ("购置", "运行") if g in first]
            if "用车" in first and split and (len(split) < 2 or abs(
                    (decimal_of(first["用车"].text) or Decimal(0))
                    - sum((decimal_of(y.text) or Decimal(0) for y in split), Decimal(0)))
                    > _list_tolerance([first["用车"].text, *(y.text for y in split)])):
                continue  # 用车 and parts of it that do not make it: which amount is the item is not certain
            car = [first["用车"]] if "用车" in first else split
            parts = [first[g] for g in ("出国", "接待") if g in first] + car
            whole = "“三公”经费"
        if len(parts) == (2 if x.group == "用车" else (3 if "用车" in first else 4)):
            if (f := _sum_finding("text-three-public", section, flat, x, parts, _THREE_NAMES, whole, checked)):
                out.append(f)
    return out


_PHASE_ROW = re.compile(r"(?:(?:19|20)\d{2}年度?)?(?P<phase>预算|决算)数?")


def _three_public_column(t: _Table, group: str) -> _Col | None:
    """The column of a 三公 table that states one item (or the 三公 subtotal), where exactly one does."""
    def leaf(c: _Col) -> str:
        return c.label.rsplit("/", 1)[-1]

    tests = {
        "三公": lambda c: "三公" in c.label and re.fullmatch(r"小计|合计", leaf(c)) is not None and "/" in c.label
        and c.label.count("/") == 1,
        "出国": lambda c: "出国" in c.label,
        "接待": lambda c: "接待" in c.label,
        "用车": lambda c: "公务用车" in c.label and (leaf(c) in ("小计", "合计") or "购置及运行" in leaf(c)),
        "购置": lambda c: "购置" in leaf(c) and "运行" not in leaf(c),
        "运行": lambda c: "运行" in leaf(c) and "购置" not in leaf(c),
    }
    found = [c for c in t.cols if tests[group](c)]
    return found[0] if len(found) == 1 else None


def _three_public_phase_rows(section: str, text: str, year: int, tabs: dict[str, _Table],
                             checked: Tally) -> list[Finding]:
    """A 决算's 三公 table whose rows are the phases (预算数 | 决算数, 西安 公开09表) and whose columns are the items: each
    三公 amount of the text, of either phase, against its item's cell in that phase's row. An amount of a sentence that
    states both phases of its item ("预算136.48万元，支出决算136.48万元") is a per-item 决算 vs 预算 statement
    (``text-item-final-vs-budget``); any other, a 三公 figure (``text-three-public``)."""
    three = [t for t in tabs.values() if t.role == "three-public"]
    flat = _flat(text)
    if len(three) != 1 or "三公" not in flat:
        return []
    t = three[0]
    rows = {m["phase"]: r for r in t.rows if (m := _PHASE_ROW.fullmatch(_flat(r.label)))}
    if set(rows) != {"预算", "决算"} or len(t.rows) != 2:
        return []
    stated = _walk(flat, year, "决算", _three_item)
    out = []
    for x in stated:
        col = _three_public_column(t, x.group)
        value = decimal_of(x.text)
        if col is None or value is None or x.unit not in _UNITS:
            continue
        line, amount = t.amount(rows[x.phase].iri, col.iri)
        both = {y.phase for y in stated if y.sentence[0] == x.sentence[0] and y.group == x.group} == {"预算", "决算"}
        kind = "text-item-final-vs-budget" if both else "text-three-public"
        checked[(kind, t.reason)] += 1
        if abs(value * _UNITS[x.unit] - amount) <= max(half_digit(x.text) * _UNITS[x.unit], t.scale / 100):
            continue
        cell = (amount / t.scale).normalize()
        sentence = flat[x.sentence[0]:x.sentence[1]]
        out.append(Finding(
            kind, section, sentence,
            f"文字说明称{_THREE_NAMES.get(x.group, '“三公”经费')}{x.phase}为 {x.text}{x.unit}，而{t.label}「{rows[x.phase].label}」行"
            f"「{col.label}」列为 {cell:f}{t.unit}",
            f"the narrative gives the {x.phase} of {_THREE_NAMES.get(x.group, '“三公”经费')} as {x.text} {x.unit}, but table "
            f"{t.label}, row '{rows[x.phase].label}', column '{col.label}' has {cell:f} {t.unit}",
            (line or rows[x.phase].iri,), figure=x.text))
    return out


def _three_public_twice(claims: list[dict[str, str]], year: int, checked: Tally) -> list[Finding]:
    """A budget's narrative that states one 三公 item (or the 三公 total) of its own year twice, with two amounts
    ("“三公”经费预算支出中，因公出国（境）费支出199.25万元" and "1．因公出国（境）费预算支出199.25万元", 71 江苏省人大 p16):
    whatever the tables say, one of the two is wrong. A 决算 is left out (its 年初预算 and 决算 amounts of one item
    differ), and so are amounts of a part of the department (本级, 所属 …) or of another year."""
    said: dict[tuple[str, ...], list[dict[str, str]]] = {}
    for c in claims:
        value = decimal_of(c["stated"])
        if (value is None or c["unit"] not in _UNITS or not _THREE.search(c["subject"])
                or not _own_year_claim(c["subject"], c["sentence"], c["txt"])
                or re.search(r"本级|所属|下属|决算|执行|上年|年初|\d",  # a name, not words with amounts
                             re.sub(r"^(?:其中[：:，,]?)?(?:\d+[.．、]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)])", "",
                                    _flat(c["subject"])))):
            continue
        at = c["sentence"].find(c["txt"])
        named = re.findall(r"((?:19|20)\d{2})年", c["sentence"][: at if at >= 0 else None])
        if named and int(named[-1]) != year:
            continue
        words = _three_public_group(c["subject"])
        if words is not None:
            said.setdefault(words, []).append(c)
    out = []
    for found in said.values():
        yuan = [(decimal_of(c["stated"]) or Decimal(0)) * _UNITS[c["unit"]] for c in found]
        if len(found) < 2:
            continue
        checked[("text-three-public", "")] += 1
        if len(set(yuan)) < 2:
            continue
        common = max(yuan, key=yuan.count)  # the amount most sentences give is the reference (the first of a tie)
        first = found[yuan.index(common)]
        for c, v in zip(found, yuan, strict=True):
            if v == common:
                continue
            out.append(Finding(
                "text-three-public", c.get("section", ""), c["sentence"],
                f"文字说明称「{c['subject']}」为 {c['txt']}{c['unit']}，另一处称「{first['subject']}」为 "
                f"{first['txt']}{first['unit']}（{_flat(first['sentence'])[:40]}…）：同一项目两个金额，必有一处有误",
                f"the narrative states '{c['subject']}' = {c['txt']} {c['unit']}, and elsewhere '{first['subject']}' = "
                f"{first['txt']} {first['unit']}: one item, two amounts — one of them is wrong",
                (first["claim"],), claim=c["claim"], figure=c["txt"]))
    return out


def _operating_cost_cell(tabs: dict[str, _Table]) -> tuple[_Table, _Row, _Col] | None:
    """The one cell that states the 机关运行经费: a column of that name on the table's total (or only) row."""
    found = []
    for t in tabs.values():
        cols = [c for c in t.cols if "机关运行经费" in c.label and c.own]
        if len(cols) != 1:
            continue
        totals = [r for r in t.rows if r.kind == "total" and r.parent is None]
        rows = totals if len(totals) == 1 else (t.rows if len(t.rows) == 1 else [])
        if len(rows) == 1:
            found.append((t, rows[0], cols[0]))
    return found[0] if len(found) == 1 else None


_PART_OF_PUBLIC = re.compile(r"基本支出中的(?:日常)?公用经费|指?各部门的公用经费")
_TERMS = prefix("cnb", "skos") + """
SELECT ?d WHERE { ?doc cnb:hasTerm ?t . ?t skos:prefLabel ?l ; skos:definition ?d . FILTER(CONTAINS(STR(?l), "机关运行经费")) }"""


def _sum_cols(t: _Table) -> list[_Col]:
    """The columns whose sum is a row's amount: the own period's 合计 (总计, 小计) column, else every top column."""
    tops = [c for c in t.cols if c.own and c.top]
    return [c for c in tops if re.fullmatch(r"合计|总计|小计|决算数|预算数", _flat(c.label))][:1] or tops


def _public_bound(t: _Table) -> tuple[Decimal, list[str]] | None:
    """The 公用经费 of a basic-expenditure table (in 元) and its lines: the row (公用经费合计) or the column (公用经费支出,
    日常公用支出) that prints it, else the most it can be — the table's total less 工资福利支出 (301, all 人员经费)."""
    totals = [r for r in t.rows if r.kind == "total" and r.parent is None]
    cols = _sum_cols(t)
    rows = [r for r in totals if re.fullmatch(r"(?:日常)?公用经费(?:合计|小计)?", _flat(r.label))]
    if len(rows) == 1:
        found = [t.amount(rows[0].iri, c.iri) for c in cols]
        return sum((a for _, a in found), Decimal(0)), [line for line, _ in found if line]
    whole = [r for r in totals if re.fullmatch(r"合计|总计|基本支出(?:合计)?", _flat(r.label))]
    public = [c for c in t.cols if c.own and "公用" in c.label and "人员" not in c.label]
    if len(whole) == 1 and len(public) == 1:
        line, amount = t.amount(whole[0].iri, public[0].iri)
        return amount, [line] if line else []
    wages = [r for r in t.rows if r.code == "301" and r.parent is None]
    if len(whole) == 1 and len(wages) == 1:
        total = [t.amount(whole[0].iri, c.iri) for c in cols]
        less = [t.amount(wages[0].iri, c.iri) for c in cols]
        return (sum((a for _, a in total), Decimal(0)) - sum((a for _, a in less), Decimal(0)),
                [line for line, _ in total + less if line])
    return None


def _operating_cost_bound(claims: list[dict[str, str]], tabs: dict[str, _Table], final: bool,
                          checked: Tally) -> list[Finding]:
    """A document whose glossary defines the 机关运行经费 as part of the 公用经费 of its basic expenditure ("使用一般公共预算
    财政拨款安排的基本支出中的日常公用经费支出", "指各部门的公用经费"): a stated 机关运行经费 of its own year and phase may
    not exceed the 公用经费 its basic-expenditure tables print (the largest, where several do). Elsewhere (深圳's 行政经费
    also pays for projects) nothing is checked."""
    bounds = [(t, b) for t in tabs.values() if t.role == "general-basic" and (b := _public_bound(t)) is not None]
    if not bounds:
        return []
    t, (bound, lines) = max(bounds, key=lambda x: x[1][0])
    out = []
    for c in claims:
        value = decimal_of(c["stated"])
        at = c["sentence"].find(c["txt"])
        clause = _clause(c["sentence"][: at if at >= 0 else None])
        if (value is None or c["unit"] not in _UNITS or "机关运行经费" not in c["subject"]
                or not _own_year_claim(c["subject"], c["sentence"], c["txt"])
                or re.search(r"三公|其中|包括", c["subject"]) or (final and re.search(r"预算|年初", clause))):
            continue
        checked[("text-operating-cost", "missing-table")] += 1  # a bound, not the figure: still undetermined
        # one unit of the last printed digit: the units' figures may be rounded before they are added up (56 西安市
        # 自然资源和规划局 states 1360.42 万元 beside a 公用经费 of 13,604,142.01 元)
        tol = 2 * half_digit(c["txt"]) * _UNITS[c["unit"]] + t.scale / 100
        if value * _UNITS[c["unit"]] - bound > tol:
            cell = (bound / t.scale).normalize()
            out.append(Finding(
                "text-operating-cost", c.get("section", ""), c["sentence"],
                f"文字说明称机关运行经费为 {c['txt']}{c['unit']}，超过{t.label}的公用经费 {cell:f}{t.unit}（按本文件名词解释，"
                f"机关运行经费是基本支出中公用经费的一部分）",
                f"the narrative states the 机关运行经费 as {c['txt']} {c['unit']}, more than the 公用经费 of table "
                f"{t.label}, {cell:f} {t.unit} (the document's glossary defines it as part of the basic expenditure's "
                f"公用经费)", tuple(lines) or (t.iri,), claim=c["claim"]))
    return out


def _operating_cost_findings(claims: list[dict[str, str]], tabs: dict[str, _Table], checked: Tally,
                             definitions: tuple[str, ...] = (), final: bool = False) -> list[Finding]:
    cell = _operating_cost_cell(tabs)
    stated = [c for c in claims if c["unit"] in _UNITS and "机关运行经费" in c["subject"]
              and _own_year_claim(c["subject"], c["sentence"], c["txt"]) and not re.search(r"三公|其中|包括", c["subject"])]
    if cell is None:
        if any(_PART_OF_PUBLIC.search(_flat(d)) for d in definitions):
            return _operating_cost_bound(claims, tabs, final, checked)
        checked[("text-operating-cost", "missing-table")] += len(stated)  # stated only in the text
        return []
    t, row, col = cell
    line, amount = t.amount(row.iri, col.iri)
    out = []
    for c in claims:
        value = decimal_of(c["stated"])
        if (value is None or c["unit"] not in _UNITS or "机关运行经费" not in c["subject"]
                or not _own_year_claim(c["subject"], c["sentence"], c["txt"])
                or re.search(r"三公|其中|包括", c["subject"])):
            continue
        tol = max(half_digit(c["txt"]) * _UNITS[c["unit"]], t.scale / 100)
        checked[("text-operating-cost", t.reason)] += 1
        if abs(value * _UNITS[c["unit"]] - amount) > tol:
            cell_text = (amount / t.scale).normalize()
            out.append(Finding(
                "text-operating-cost", c.get("section", ""), c["sentence"],
                f"文字说明称机关运行经费为 {c['txt']}{c['unit']}，而{t.label}「{col.label}」为 {cell_text:f}{t.unit}",
                f"the narrative states the 机关运行经费 as {c['txt']} {c['unit']}, but table {t.label}, column "
                f"'{col.label}' has {cell_text:f} {t.unit}",
                (line or row.iri,), claim=c["claim"]))
    return out


# -- 基本支出, 人员经费, 公用经费 against the basic-expenditure table ----------------------------------------------

def _basic_figures(t: _Table) -> dict[str, tuple[list[Decimal], list[str], int]]:
    """What the basic-expenditure table says of each word: the amounts (in 元) it may mean, the lines, and how many
    printed terms each sum has. A printed row 人员经费合计 / 公用经费合计 (or 合计) says it outright; else the classes:
    人员经费 = 301 + 303, 公用经费 = 302 with or without 310 and 399 (provinces differ), 基本支出 = all classes."""
    cols = [c for c in t.cols if c.own and c.top]  # one 决算数 column, or 人员经费 | 公用经费 side by side (国家信访局)
    if not cols:
        return {}
    classes = {r.code: r for r in t.rows if r.code and len(r.code) == 3 and r.code.startswith("3")}

    def row_amount(row: _Row) -> Decimal:
        return sum((t.amount(row.iri, c.iri)[1] for c in cols), Decimal(0))

    def row_lines(row: _Row) -> list[str]:
        return [line for c in cols if (line := t.amount(row.iri, c.iri)[0])]

    def amount(code: str) -> Decimal:
        return row_amount(classes[code]) if code in classes else Decimal(0)

    def lines(*codes: str) -> list[str]:
        return [line for c in codes if c in classes for line in row_lines(classes[c])]

    out: dict[str, tuple[list[Decimal], list[str], int]] = {}
    for word, row_words in (("人员经费", ("人员经费",)), ("公用经费", ("公用经费",)), ("基本支出", ("合计", "基本支出"))):
        printed = [r for r in t.rows if r.kind == "total" and r.parent is None
                   and any(re.fullmatch(rf"{w}(?:合计)?", _flat(r.label)) for w in row_words)]
        if len(printed) == 1 and (found := row_lines(printed[0])):
            out[word] = ([row_amount(printed[0])], found, 1)
    if "人员经费" not in out and "301" in classes:
        out["人员经费"] = ([amount("301") + amount("303")], lines("301", "303"), 2)
    if "公用经费" not in out and "302" in classes:
        extra = [c for c in ("310", "399") if c in classes]
        options = [amount("302")] + [amount("302") + sum((amount(c) for c in extra[:k]), Decimal(0))
                                     for k in range(1, len(extra) + 1)]
        if "399" in extra and "310" in extra:
            options.append(amount("302") + amount("399"))
        out["公用经费"] = (options, lines("302", *extra), 1 + len(extra))
    if "基本支出" not in out and classes:
        out["基本支出"] = ([sum((amount(c) for c in classes), Decimal(0))], lines(*classes), len(classes))
    return out


def _basic_findings(claims: list[dict[str, str]], tabs: dict[str, _Table], checked: Tally) -> list[Finding]:
    """An amount of 基本支出, 人员经费 or 公用经费 stated in the section on the 一般公共预算 basic expenditure and not
    linked to a cell by the claim links, against what the basic-expenditure table states or adds up to."""
    basic = [t for t in tabs.values() if t.role == "general-basic"]
    # in the section on the basic expenditure or on the 一般公共预算's spending ("四、一般公共预算拨款支出 …（一）基本支出：
    # 2025年本单位基本支出预算数28398.17万元", 43 长沙市公安局 p8), or named as the 一般公共预算's ("湖州市财政局2026年
    # 一般公共预算基本支出5571.66万元" in the section on the whole budget)
    wanted = [c for c in claims if "linked" not in c and c["unit"] in _UNITS
              and (re.search(r"基本支出|一般公共预算(?:财政)?(?:拨款)?支出", c.get("title", ""))
                   and "项目" not in c.get("title", "")
                   or re.search(r"一般公共预算(?:财政拨款)?基本支出", _flat(c["subject"])))
              and _own_year_claim(c["subject"], c["sentence"], c["txt"]) and _basic_word(c["subject"])]
    if not basic:
        if wanted:
            checked[("text-basic-expenditure", "missing-table")] += len(wanted)
        return []
    # several basic-expenditure tables (财政拨款基本支出表 and 一般公共预算基本支出表, 苏州 公开06 / 公开08): read where
    # they state the same figure (else which one the text means is not certain)
    t = basic[0]
    every = [_basic_figures(b) for b in basic]
    out = []
    for c in wanted:
        word = _basic_word(c["subject"])
        value = decimal_of(c["stated"])
        if value is None or any(word not in f or f[word][0] != every[0][word][0] for f in every):
            continue
        options, lines, terms = every[0][word]
        checked[("text-basic-expenditure", t.reason)] += 1
        stated = value * _UNITS[c["unit"]]
        tol = max(half_digit(c["txt"]) * _UNITS[c["unit"]], t.scale * Decimal("0.005") * (terms + 1))
        if all(abs(stated - o) > tol for o in options):
            table = " / ".join(f"{(o / t.scale).normalize():f}" for o in options)
            out.append(Finding(
                "text-basic-expenditure", c.get("section", ""), c["sentence"],
                f"文字说明称{word}为 {c['txt']}{c['unit']}，而{t.label}为 {table}{t.unit}",
                f"the narrative states {word} as {c['txt']} {c['unit']}, but table {t.label} gives {table} {t.unit}",
                tuple(lines) or (t.iri,), claim=c["claim"]))
    return out


_BASIC_ITEM = re.compile(r"在职人员经费|离退休人员经费|人员经费|日常公用经费|公用经费|对个人和家庭的?补助|增人增资|基本支出|项目支出")
_SPENDING = re.compile(r"(?:一般公共预算(?:财政)?拨款|财政拨款)?支出(?:总?预算|决算)?(?:总额|合计|总计|数)?|支出总预算")


def _basic_item(clause: str) -> str | None:
    """The basic-expenditure item a clause names (对个人和家庭的补助 spelt one way), or 支出 for the spending total
    ("2026年支出预算", "本单位一般公共预算拨款支出"), none for anything else (a 类, a project)."""
    if re.search(r"比|较|中的|用于|包括.*包括", clause):
        return None
    found = _BASIC_ITEM.findall(clause)
    if found:
        return found[-1].replace("的补助", "补助")
    return "支出" if _SPENDING.fullmatch(bare(clause)) else None  # without the unit's name, 本年, 2026年 …


def _basic_sums(section: str, text: str, year: int, phase: str, checked: Tally, text_only: bool = True) -> list[Finding]:
    """Two readings of the text alone (no table needs to print the figures):

    - a spending total followed by its 基本支出 and 项目支出 ("2026年支出预算14894.79万元…（一）基本支出…基本支出预算
      12408.16万元…（二）项目支出…2486.63万元", 北京): the two may not add up to more than the total (it may have other
      parts: 上缴上级支出, 事业单位经营支出);
    - an item listed with its amount ("预算5,417.80万元，包括在职人员经费2,830.73万元、公用经费502.22万元、…") and restated
      at once under its own heading ("（一）在职人员经费2,830.73万元，主要是…", 深圳): both amounts must be one.
    """
    flat = _flat(text)
    stated = _walk(flat, year, phase, _basic_item)
    out: list[Finding] = []
    for k, x in enumerate(stated):
        if x.group != "支出" or not text_only:
            continue  # where tables print the figures, the claim links hold each against its cell
        parts: dict[str, _Stated] = {}
        for y in stated[k + 1:]:
            if y.group == "支出" or y.phase != x.phase or y.group in parts:
                break
            parts[y.group] = y
        if set(parts) >= {"基本支出", "项目支出"} and list(parts)[:2] == ["基本支出", "项目支出"]:
            two = [parts["基本支出"], parts["项目支出"]]
            values = [decimal_of(y.text) for y in (x, *two)]
            if None in values or len({y.unit for y in (x, *two)}) != 1:
                continue
            checked[("text-basic-expenditure", "")] += 1
            total, basic, project = (v or Decimal(0) for v in values)
            if basic + project - total > _list_tolerance([y.text for y in (x, *two)]):
                unit = x.unit
                span = flat[x.sentence[0]:two[1].sentence[1]]
                out.append(Finding(
                    "text-basic-expenditure", section, span if len(span) <= 240 else span[:240] + "…",
                    f"所述基本支出 {two[0].text}{unit} 与项目支出 {two[1].text}{unit} 之和为 {basic + project}{unit}，"
                    f"超过所述支出总额 {x.text}{unit}",
                    f"the stated 基本支出 {two[0].text} {unit} and 项目支出 {two[1].text} {unit} add up to "
                    f"{basic + project} {unit}, more than the stated total {x.text} {unit}", figure=x.text))
    out += _basic_parts(section, flat, stated, checked)
    out += _split_sums(section, flat, year, phase, checked)
    out += _restated(section, flat, stated, checked)
    if text_only:
        out += _shared_out(section, flat, checked)
    return out


def _parts_of_one_total(sections: list[dict[str, str]], year: int, phase: str, checked: Tally) -> list[Finding]:
    """The 基本支出 and 项目支出 stated under one spending total in two places ("（二）支出预算总计20849.45万元。…此外，基本支出
    预算数为9964.07万元" and "本年支出预算合计20849.45万元，其中：基本支出9964.07万元，占47.79%", 74 江苏省委办公厅 p6 / p7): two
    totals of one amount and phase are one budget, so its 基本支出 (项目支出) is one amount. Read from the text alone, where no
    table prints the figures."""
    seen: dict[tuple[str, str, str, str], list[tuple[str, str, _Stated]]] = {}
    for s in sections:
        flat = _flat(s["text"])
        stated = _walk(flat, year, phase, _basic_item)
        for k, x in enumerate(stated):
            if x.group != "支出" or decimal_of(x.text) is None:
                continue
            parts: dict[str, _Stated] = {}
            for y in stated[k + 1:]:
                if y.group == "支出" or y.phase != x.phase:
                    break
                if y.group in ("基本支出", "项目支出"):
                    parts.setdefault(y.group, y)
            for group, y in parts.items():
                key = (str(decimal_of(x.text)), x.unit, x.phase, group)
                seen.setdefault(key, []).append((s["s"], flat, y))
    out = []
    for (total, unit, _, group), found in seen.items():
        if len(found) < 2:
            continue
        checked[("text-basic-expenditure", "")] += len(found) - 1
        amounts = [decimal_of(y.text) for _, _, y in found]
        if len({a for a in amounts if a is not None}) < 2 or len({y.unit for _, _, y in found}) != 1:
            continue
        common = max(amounts, key=amounts.count)  # the amount most places give (the first of a tie)
        first = found[amounts.index(common)]
        for (section, flat, y), a in zip(found, amounts, strict=True):
            if a == common:
                continue
            other = first[1][first[2].sentence[0]:first[2].sentence[1]]
            out.append(Finding(
                "text-basic-expenditure", section, flat[y.sentence[0]:y.sentence[1]],
                f"文字说明称支出总额 {total}{unit} 中{group}为 {y.text}{y.unit}，另一处称同一总额中{group}为 {first[2].text}"
                f"{first[2].unit}（{other[:40]}…）：同一项目两个金额，必有一处有误",
                f"the narrative gives the {group} of the spending total {total} {unit} as {y.text} {y.unit}, and elsewhere "
                f"as {first[2].text} {first[2].unit}: one item, two amounts — one of them is wrong", figure=y.text))
    return out


_SHARED_TOTAL = re.compile(rf"(?P<head>[^。；;，,：:]{{0,40}}?支出(?:预算|决算)?(?:合计|总计|总额)(?:为)?)(?P<x>{_NUMBER})(?P<u>万元|元|亿元)"
                           r"[，,]?其中[：:，,]?")
_SHARED_PART = re.compile(rf"(?P<name>[^，,；;。：:\d%]{{2,16}}?)(?:为)?(?P<v>{_NUMBER})(?P<u>万元|元|亿元)[，,]?"
                          r"占[^，,；;。\d%]{0,10}?(?P<p>\d+(?:\.\d+)?)%[；;。，,]?")


def _shared_out(section: str, flat: str, checked: Tally) -> list[Finding]:
    """A spending total whose 其中 list gives every part its share ("本年支出预算合计20849.45万元，其中：基本支出9964.07万元，
    占47.79%。项目支出10688.66万元，占51.27%。单位预留机动经费196.72万元，占0.94%。", 74 江苏省委办公厅 p7): where the
    shares add up to 100 % (within their printed rounding) the list is the whole, so its parts make the total. Read from
    the text alone, where no table prints the figures (the claim links hold them there)."""
    out = []
    for m in _SHARED_TOTAL.finditer(flat):
        if re.search(r"比|较|增|减", m["head"]):
            continue
        at, parts = m.end(), list[re.Match[str]]()
        while (p := _SHARED_PART.match(flat, at)) is not None and p["u"] == m["u"]:
            parts.append(p)
            at = p.end()
        if len(parts) < 2 or not any("基本支出" in p["name"] for p in parts):
            continue
        shares = [Decimal(p["p"]) for p in parts]
        if abs(sum(shares, Decimal(0)) - 100) > sum((half_digit(p["p"]) for p in parts), Decimal(0)):
            continue  # the shares leave something out: the list may not be the whole
        values = [decimal_of(p["v"]) for p in parts]
        x = decimal_of(m["x"])
        if x is None or None in values:
            continue
        total = sum((v or Decimal(0) for v in values), Decimal(0))
        checked[("text-basic-expenditure", "")] += 1
        if abs(total - x) <= _list_tolerance([m["x"], *(p["v"] for p in parts if decimal_of(p["v"]))]):
            continue
        listed = "、".join(f"{_flat(p['name']).lstrip('其中：:')} {p['v']}" for p in parts)
        unit = m["u"]
        out.append(Finding(
            "text-basic-expenditure", section, flat[m.start():at],
            f"所述支出合计 {m['x']}{unit}，而其各项（{listed}，占比合计 {sum(shares, Decimal(0))}%）之和为 {total}{unit}",
            f"the stated spending total is {m['x']} {unit}, but its parts ({listed}, shares adding up to "
            f"{sum(shares, Decimal(0))} %) add up to {total} {unit}", figure=m["x"]))
    return out


def _split_item(clause: str) -> str | None:
    """A class printed with its code ("5.对事业单位经常性补助（505）"), or one of 西安's three kinds of funds."""
    if re.search(r"[（(]\d{3,7}[)）]$", clause):
        return "类"
    found = re.findall(r"人员经费|公用经费|专项业务经费", clause)
    return found[-1] if found else None


def _split_sums(section: str, flat: str, year: int, phase: str, checked: Tally) -> list[Finding]:
    """A class's amount followed by "具体为：人员经费a…；公用经费b…；专项业务经费c…" (西安: every class split into the three
    kinds of funds its tables print side by side, 55 西安市民政局 p31): the three make the class."""
    if "专项业务经费" not in flat:
        return []
    stated = _walk(flat, year, phase, _split_item)
    out = []
    for k, x in enumerate(stated):
        kinds = stated[k + 1:k + 4]
        if (x.group != "类" or [y.group for y in kinds] != ["人员经费", "公用经费", "专项业务经费"]
                or "具体为" not in flat[x.start:kinds[0].start]):
            continue
        names = {g: g for g in ("人员经费", "公用经费", "专项业务经费")}
        label = _clause(flat[x.sentence[0]:x.start])
        if (f := _sum_finding("text-basic-expenditure", section, flat, x, kinds, names, label, checked)):
            out.append(f)
    return out


_BASIC_PARTS = ("人员经费", "在职人员经费", "离退休人员经费", "对个人和家庭补助", "公用经费", "日常公用经费")


def _basic_parts(section: str, flat: str, stated: list[_Stated], checked: Tally) -> list[Finding]:
    """A 基本支出 followed by its 人员经费 and 公用经费 and nothing else ("财政拨款基本支出预算9964.07万元，其中：（一）人员经费
    7819.47万元…（二）公用经费2144.60万元", 74 江苏省委办公厅 p9): the two make it (基本支出 is 人员经费 and 公用经费)."""
    out = []
    for k, x in enumerate(stated):
        if x.group != "基本支出":
            continue
        parts: dict[str, _Stated] = {}
        for y in stated[k + 1:]:
            if y.group not in _BASIC_PARTS or y.group in parts or y.phase != x.phase:
                break
            parts[y.group] = y
        if set(parts) in ({"人员经费", "公用经费"}, {"人员经费", "日常公用经费"}):
            names = {g: g for g in parts}
            if (f := _sum_finding("text-basic-expenditure", section, flat, x, list(parts.values()), names, "基本支出",
                                  checked)):
                out.append(f)
    return out


def _restated(section: str, flat: str, stated: list[_Stated], checked: Tally) -> list[Finding]:
    """An item of a listing sentence (three items or more) against the first amount of the same item after it, where
    that opens a sentence under its own heading ("（一）在职人员经费…") before any other listing or part heading (一、)."""
    out = []
    sentences: dict[tuple[int, int], list[_Stated]] = {}
    for x in stated:
        sentences.setdefault((x.sentence[0], flat.find("。", x.start) if "。" in flat[x.start:] else len(flat)),
                             []).append(x)
    lists = [items for items in sentences.values() if len({x.group for x in items}) >= 3]
    for items in lists:
        end = max(x.sentence[1] for x in items)
        later = [y for y in stated if y.start > end]
        for x in items:
            again = next((y for y in later if y.group == x.group), None)
            if again is None or any(y.start < again.start and len({z.group for z in sentences.get(
                    (y.sentence[0], flat.find("。", y.start) if "。" in flat[y.start:] else len(flat)), [])}) >= 3
                    for y in later):
                continue
            between = flat[end:again.start]
            if re.search(r"[一二三四五六七八九十]+、", between) or not re.match(
                    r"(?:（[一二三四五六七八九十]{1,2}）|\d{1,2}[.．、])", flat[again.sentence[0]:]):
                continue
            checked[("text-basic-expenditure", "")] += 1
            if decimal_of(x.text) == decimal_of(again.text) or x.unit != again.unit:
                continue
            out.append(Finding(
                "text-basic-expenditure", section, flat[again.sentence[0]:again.sentence[1]],
                f"文字说明先称{x.group} {x.text}{x.unit}（{flat[x.sentence[0]:x.sentence[1]][:40]}…），"
                f"其后分项说明称 {again.text}{again.unit}：同一项目两个金额，必有一处有误",
                f"the narrative first states {x.group} as {x.text} {x.unit}, then {again.text} {again.unit} under its "
                f"own heading: one item, two amounts — one of them is wrong", figure=again.text))
    return out


def _basic_word(subject: str) -> str:
    """基本支出, 人员经费 or 公用经费 when the subject is that amount itself ("一般公共预算财政拨款基本支出", "其中：人员经费"),
    not a part of it ("人员经费中的社会保障缴费") or a change."""
    s = re.sub(r"^(?:其中|包括)[：:，,]?", "", _flat(subject))
    for word in ("人员经费", "公用经费", "基本支出"):
        if re.fullmatch(rf"(?:[^，,；;：:]{{0,24}}?)?{word}(?:预算|决算|支出)?(?:数|合计)?", s) and not re.search(r"比|较|增|减", s):
            return word
    return ""


# -- all together ------------------------------------------------------------------------------------------------

def findings(store: ox.Store, checked: Tally | None = None) -> list[Finding]:
    """The disagreements of this document; ``checked`` counts the comparisons made, by kind and by the reason one
    cannot be determined ("" where it can)."""
    checked = Counter() if checked is None else checked
    every = tables(store)
    tabs = {k: t for k, t in every.items() if t.role != "government-fund"}  # the 政府性基金 tables: _fund_findings
    function = [t for t in tabs.values() if t.role == "general-function"]
    ft = function[0] if len(function) == 1 else None
    out: list[Finding] = []
    years = select(store, prefix("cnb") + "SELECT ?y ?ph WHERE { ?d cnb:hasSection ?s ; cnb:fiscalYear ?y . "
                    "OPTIONAL { ?d <http://data.openbudgets.eu/ontology/dsd/dimension/budgetPhase> ?ph } } LIMIT 1")
    final = bool(years) and years[0].get("ph", "").endswith("executed")
    for s in select(store, _SECTIONS):
        text = s["text"]
        out += _procurement_findings(s["s"], text, checked)
        if final:
            out += _procurement_sme(s["s"], text, checked)
        out += _subject_findings(s["s"], text, ft, checked)
        out += _coded_findings(s["s"], text, list(tabs.values()), checked)
        out += _item_findings(s["s"], text, ft, checked)
        out += _general_final_findings(s["s"], text, ft, checked)
        if final:
            out += _fund_findings(s["s"], s.get("title", ""), text, every, checked)
    claims = sorted(select(store, _CLAIMS), key=lambda c: int(_slug(c["claim"]) or 0) if _slug(c["claim"]).isdigit() else 0)
    year = int(years[0]["y"][:4]) if years else 0
    out += _three_public_findings(claims, tabs, checked, year)
    sections = select(store, _SECTIONS)
    for s in sections:
        out += _three_public_sums(s["s"], s["text"], year, "决算" if final else "预算", checked, s.get("title", ""))
        out += _basic_sums(s["s"], s["text"], year, "决算" if final else "预算", checked, not tabs)
        if final:
            out += _three_public_phase_rows(s["s"], s["text"], year, tabs, checked)
    if not tabs:
        out += _parts_of_one_total(sections, year, "决算" if final else "预算", checked)
    if years and not years[0].get("ph", "").endswith("executed"):
        out += _three_public_twice(claims, year, checked)
    definitions = tuple(d["d"] for d in select(store, _TERMS))
    out += _operating_cost_findings(claims, tabs, checked, definitions, final)
    out += _basic_findings(claims, tabs, checked)
    return [f if f.claim else replace(f, claim=_claim_of(f, claims)) for f in out]


def _claim_of(f: Finding, claims: list[dict[str, str]]) -> str:
    """The claim of the finding's section whose sentence holds the words checked (or is held by them), the one that
    states the finding's figure first: where the report points the reader."""
    found = [c for c in claims if c.get("section") == f.section
             and ((sentence := _flat(c["sentence"]).rstrip("。；;")) and (sentence in f.text or f.text in sentence))]
    best = [c for c in found if f.figure and c["txt"] == f.figure] or found
    return best[0]["claim"] if best else ""


def annotate(store: ox.Store) -> int:
    """Add a node for each disagreement to this validation copy, and one for each comparison made (its check and,
    where it cannot be determined, why: ``cnb:comparisonKind``, ``cnb:undeterminedReason``; the scopes of
    shapes/outcomes/scopes.ttl count them); returns the number of disagreements."""
    checked: Tally = Counter()
    found = findings(store, checked)
    doc = next((q.subject for q in store.quads_for_pattern(None, ox.NamedNode(CNB + "hasSection"), None)), None)
    if isinstance(doc, ox.NamedNode):
        kind, why = ox.NamedNode(CNB + "comparisonKind"), ox.NamedNode(CNB + "undeterminedReason")
        for (check, reason), n in checked.items():
            for k in range(n):
                item = ox.NamedNode(f"{doc.value}/comparison/{check}/{reason or 'determined'}/{k}")
                store.add(ox.Quad(item, kind, ox.Literal(check)))
                if reason:
                    store.add(ox.Quad(item, why, ox.Literal(reason)))
    p = {name: ox.NamedNode(CNB + name) for name in
         ("inSection", "checkKind", "checkedText", "checkProblem", "checkEvidence", "checkClaim")}
    for i, f in enumerate(found):
        node = ox.NamedNode(f"{f.section or CODE}/text-check/{i}")
        quads: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]] = [
                 (p["checkKind"], ox.Literal(f.kind)),
                 (p["checkedText"], ox.Literal(f.text, language="zh")),
                 (p["checkProblem"], ox.Literal(f.problem_zh, language="zh")),
                 (p["checkProblem"], ox.Literal(f.problem_en, language="en"))]
        if f.section:
            quads.append((p["inSection"], ox.NamedNode(f.section)))
        quads += [(p["checkEvidence"], ox.NamedNode(e)) for e in f.evidence]
        if f.claim:
            quads.append((p["checkClaim"], ox.NamedNode(f.claim)))
        store.extend(ox.Quad(node, q, o) for q, o in quads)
    return len(found)
