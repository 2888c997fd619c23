"""Generate the SKOS/XKOS code lists of the 政府收支分类科目 in ``codelists/``.

Four classifications and one correspondence:

=================  ====================================  ==========================================
file               classification                        levels (code digits)
=================  ====================================  ==========================================
``func.ttl``       支出功能分类科目                       类 / 款 / 项 (3 / 5 / 7)
``econ.ttl``       部门预算支出经济分类科目                类 / 款 (3 / 5) + local sub-items (7)
``gov-econ.ttl``   政府预算支出经济分类科目                类 / 款 (3 / 5)
``revenue.ttl``    政府收入分类科目                       类 / 款 / 项 / 目 (3 / 5 / 7 / 9)
``econ-gov-econ``  部门 款 → 政府 款 (``xkos:Correspondence``, in ``econ-gov-econ.ttl``)
=================  ====================================  ==========================================

Inputs:

- ``codelists/source/{func,econ,gov-econ,revenue}-2025.csv`` (``code,name,name_en``): the lists of
  财政部《2025年政府收支分类科目》, written by hand from the published document (no machine-readable copy of it
  could be obtained; see ``ontology/README.md``). They hold every 类 and 款 of the function and both economic
  classifications, and the 类 / 款 and the main 项 / 目 of the revenue classification — not the function 项 level;
- ``codelists/source/econ-gov-econ-2025.csv`` (``econ,gov_econ,units,relation,note``): the correspondence of
  《支出经济分类科目改革试行方案》(财预〔2017〕98号) — each 部门 款 to its 政府 款, for 机关 (government agencies),
  事业单位 (public institutions) or 全部 (both);
- ``codelists/source/cofog.csv`` (``func,cofog,note``): the COFOG 1999 division of each function 类;
- ``codelists/source/revisions.csv`` (``edition,scheme,kind,old_code,old_name,new_code,new_name,note``): the 科目
  that an edition's 新旧科目对照表 renamed, moved, merged or split, written to ``revisions.ttl`` (one
  ``xkos:Correspondence`` per scheme and edition); former codes become deprecated concepts of their scheme;
- ``reference/observed-codes.csv``: the codes printed in ~200 real disclosures (names by majority vote). Every
  observed code is kept: where its name differs from the 2025 name it becomes a ``skos:altLabel`` (a truncated or
  wrapped spelling a ``skos:hiddenLabel``); a code missing from the 2025 list (an earlier edition's, or a local
  7-digit sub-item) keeps its observed name and a note saying so.

The generator fails on a code whose parent is missing, a function 类 without a COFOG division, a 部门 款 without
a 政府 款, or a correspondence to a code that is not in the lists.

Output is deterministic Turtle; the committed files must equal it (``tests/test_ontology.py`` and
``tests/test_codelists_national.py`` check).

Usage: ``python ontology/build_codelists.py [--csv PATH] [--out DIR] [--check]``
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TypedDict

from rdflib import URIRef

from budgetkg.ontology.namespaces import CODE

HERE = Path(__file__).resolve().parent
CSV_PATH = HERE / "reference" / "observed-codes.csv"
OUT_DIR = HERE / "codelists"
SOURCE_DIR = OUT_DIR / "source"
CODE_BASE = str(CODE)

# scheme slug → csv ``system`` value (None: the harvested list has no codes of it)
SYSTEMS: dict[str, str | None] = {"func": "function", "econ": "dept_economic", "gov-econ": "gov_economic",
                                  "revenue": None}
# scheme slug → code length → depth
DEPTHS: dict[str, dict[int, int]] = {
    "func": {3: 1, 5: 2, 7: 3},
    "econ": {3: 1, 5: 2, 7: 3},
    "gov-econ": {3: 1, 5: 2},
    "revenue": {3: 1, 5: 2, 7: 3, 9: 4},
}
PATTERNS = {1: "[0-9]{3}", 2: "[0-9]{5}", 3: "[0-9]{7}", 4: "[0-9]{9}"}
# the deepest level the 2025 source lists in full (deeper codes of the csv are not checked against it)
SOURCE_DEPTH = {"func": 2, "econ": 2, "gov-econ": 2, "revenue": 2}

# COFOG 1999 (United Nations Statistics Division) divisions, as published in SKOS by the Australian Government
# Linked Data Working Group (scheme <http://linked.data.gov.au/def/cofog>, concepts …/cofog/01 … /10). English
# labels as in the UN list (checked against the PyPI package ``cofog`` 2.0.0, which ships the UN data).
COFOG_SCHEME = "http://linked.data.gov.au/def/cofog"
COFOG_BASE = COFOG_SCHEME + "/"
COFOG_DIVISIONS = {
    "01": "General public services",
    "02": "Defence",
    "03": "Public order and safety",
    "04": "Economic affairs",
    "05": "Environmental protection",
    "06": "Housing and community amenities",
    "07": "Health",
    "08": "Recreation, culture and religion",
    "09": "Education",
    "10": "Social protection",
}

RELATIONS = {"exact": "skos:exactMatch", "close": "skos:closeMatch", "broad": "skos:broadMatch",
             "narrow": "skos:narrowMatch"}
UNITS = {"机关": ("行政单位（机关）", "government agencies"), "事业单位": ("事业单位", "public institutions"),
         "全部": ("行政单位和事业单位", "government agencies and public institutions")}

GSFL_2025_ZH = "中华人民共和国财政部《2025年政府收支分类科目》（2024年印发）"
GSFL_2025_EN = "Ministry of Finance of the People's Republic of China, 2025 Government Revenue and Expenditure " \
    "Classification (2025年政府收支分类科目, issued 2024)"
REFORM_2017_ZH = "财政部《支出经济分类科目改革试行方案》（财预〔2017〕98号）"
REFORM_2017_EN = "Ministry of Finance, Pilot Scheme for the Reform of the Expenditure Economic Classification " \
    "(Caiyu [2017] No. 98)"


class SchemeMeta(TypedDict):
    zh: str
    en: str
    def_zh: str
    def_en: str
    levels: tuple[tuple[str, str], ...]  # (zh, en) name of each level, top first
    sources: tuple[tuple[str, str], ...]  # (zh, en) dct:source


SCHEME_META: dict[str, SchemeMeta] = {
    "func": {
        "zh": "支出功能分类科目",
        "en": "Expenditure functional classification",
        "def_zh": "政府收支分类科目中的支出功能分类，分类、款、项三级（3、5、7 位编码），如 2010350 事业运行。",
        "def_en": "The expenditure functional classification of the Chinese government revenue and expenditure "
        "classification, in three levels 类/款/项 (3, 5 and 7-digit codes), e.g. 2010350 operation of public "
        "institutions.",
        "levels": (("类", "Class"), ("款", "Section"), ("项", "Item")),
        "sources": ((GSFL_2025_ZH, GSFL_2025_EN),),
    },
    "econ": {
        "zh": "部门预算支出经济分类科目",
        "en": "Departmental budget expenditure economic classification",
        "def_zh": "部门预算支出经济分类，分类（301 等）和款（30101 等）两级，以及各地细化的七位科目（如 3010201）。",
        "def_en": "The departmental budget expenditure economic classification: classes (301 …) and sections "
        "(30101 …), plus the 7-digit sub-items some jurisdictions add locally (e.g. 3010201).",
        "levels": (("类", "Class"), ("款", "Section"), ("地方细化科目", "Local sub-item")),
        "sources": ((GSFL_2025_ZH, GSFL_2025_EN), (REFORM_2017_ZH, REFORM_2017_EN)),
    },
    "gov-econ": {
        "zh": "政府预算支出经济分类科目",
        "en": "Government budget expenditure economic classification",
        "def_zh": "政府预算支出经济分类（501、50101 等），与部门预算支出经济分类并行的第二套经济分类，分类、款两级。",
        "def_en": "The government budget expenditure economic classification (501, 50101 …), the second economic "
        "classification beside the departmental one, in two levels 类/款.",
        "levels": (("类", "Class"), ("款", "Section")),
        "sources": ((GSFL_2025_ZH, GSFL_2025_EN), (REFORM_2017_ZH, REFORM_2017_EN)),
    },
    "revenue": {
        "zh": "政府收入分类科目",
        "en": "Government revenue classification",
        "def_zh": "政府收支分类科目中的收入分类，分类、款、项、目四级（3、5、7、9 位编码），如 101 税收收入、10101 增值税。",
        "def_en": "The revenue classification of the Chinese government revenue and expenditure classification, in "
        "four levels 类/款/项/目 (3, 5, 7 and 9-digit codes), e.g. 101 tax revenue, 10101 value-added tax.",
        "levels": (("类", "Class"), ("款", "Section"), ("项", "Item"), ("目", "Sub-item")),
        "sources": ((GSFL_2025_ZH, GSFL_2025_EN),),
    },
}

VERSION_NOTE = {
    "func": "The 2025 edition: every 类 and 款 of 《2025年政府收支分类科目》 (written by hand from the published "
    "document, which could not be read by machine here). The 项 level is not taken from it: it holds the 项 seen in "
    "about 200 disclosures (2017-2026) and the bundled sample. Codes of other editions seen in disclosures are kept, "
    "with a note; names of other editions are skos:altLabel.",
    "econ": "The 2025 edition (unchanged in structure since the 2018 reform of 财预〔2017〕98号): every 类 and 款, "
    "written by hand from the published document. Level 3 holds the local 7-digit sub-items seen in disclosures "
    "(not national codes). Codes of earlier editions seen in disclosures are kept, with a note. Each 款 is mapped "
    "to the 政府预算支出经济分类 (see code:econ-gov-econ).",
    "gov-econ": "The 2025 edition (unchanged in structure since the 2018 reform of 财预〔2017〕98号): every 类 and "
    "款, written by hand from the published document.",
    "revenue": "The 2025 edition: every 类 and 款 of the revenue classification of 《2025年政府收支分类科目》 and "
    "some of its 项 and 目 (value-added and consumption tax, land transfer revenue, fines, debt revenue), written "
    "by hand from the published document; the other 项 and 目 are not (yet) in this list.",
}

OBSERVED_NOTE = (
    "Codes seen in about 200 published budget disclosures (2017-2026) are all in this list; names differing from "
    "the 2025 names are recorded as skos:altLabel. A document's own code names win over these labels."
)

# Codes added when neither list has them: the codes of ingest/data/sample.txt and parents the csv misses.
SUPPLEMENT: dict[str, dict[str, str]] = {
    "func": {
        "201": "一般公共服务支出",
        "20103": "政府办公厅（室）及相关机构事务",
        "2010350": "事业运行",
        "2010399": "其他政府办公厅（室）及相关机构事务支出",
        "20110": "人力资源事务",
        "204": "公共安全支出",
        "20401": "武装警察部队",
        "208": "社会保障和就业支出",
        "20805": "行政事业单位养老支出",
        "2080505": "机关事业单位基本养老保险缴费支出",
        "2080506": "机关事业单位职业年金缴费支出",
        "20899": "其他社会保障和就业支出",
        "2089999": "其他社会保障和就业支出",
        "210": "卫生健康支出",
        "21011": "行政事业单位医疗",
        "2101102": "事业单位医疗",
        "221": "住房保障支出",
        "22102": "住房改革支出",
        "2210201": "住房公积金",
        "2210203": "购房补贴",
    },
    "econ": {
        "301": "工资福利支出",
        "30102": "津贴补贴",
        "3010201": "国家出台津贴补贴",
        "3010203": "其他津贴补贴",
        "30112": "其他社会保障缴费",
        "3011201": "失业保险",
        "3011202": "工伤保险",
        "302": "商品和服务支出",
        "30299": "其他商品和服务支出",
        "3029909": "其他商品和服务支出",
        "303": "对个人和家庭的补助",
        "30309": "奖励金",
        "3030901": "独生子女父母奖励",
    },
    "gov-econ": {},
    "revenue": {},
}

# Other names in use: earlier editions' names and the sample's local names.
ALT_LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "func": {
        "207": ("文化体育与传媒支出",),  # before 2019
        "210": ("医疗卫生与计划生育支出",),  # before 2019
        "220": ("国土海洋气象等支出",),  # before 2019
        "20125": ("港澳台侨事务",),  # before 2019
        "21305": ("扶贫",),  # before 2021
        "22402": ("消防事务",),  # 2019-2020
    },
    "econ": {
        "3010201": ("国家出台津贴补贴", "规范性津补贴"),
    },
    "gov-econ": {},
    "revenue": {},
}

# English for a few 项 names that recur under many 款 (matched on the whole Chinese name).
EN_BY_NAME = {
    "行政运行": "Administrative operation",
    "一般行政管理事务": "General administrative affairs",
    "机关服务": "Agency services",
    "事业运行": "Operation of public institutions",
}

CONFIDENCE = {"high": "high (5 or more documents)", "medium": "medium (2-4 documents)", "low": "low (1 document)"}


@dataclass
class Concept:
    code: str
    name: str
    en: str = ""
    hidden: list[str] = field(default_factory=list)
    alts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    official: bool = False
    deprecated: bool = False


def _depth(scheme: str, code: str) -> int:
    return DEPTHS[scheme][len(code)]


def _parent(scheme: str, code: str) -> str | None:
    lengths = sorted(DEPTHS[scheme])
    i = lengths.index(len(code))
    return code[: lengths[i - 1]] if i else None


def _norm(text: str) -> str:
    return text.replace("(", "（").replace(")", "）").strip()


def _hidden_labels(name: str, spellings: str) -> list[str]:
    """Other spellings that are truncations, wraps or bracket variants of ``name``."""
    out: list[str] = []
    for raw in spellings.split("|"):
        alt = raw.strip()
        if not alt or alt == name or alt in out:
            continue
        if alt in name or _norm(alt) == _norm(name):
            out.append(alt)
    return out


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def read_source(scheme: str, source_dir: Path = SOURCE_DIR) -> dict[str, tuple[str, str]]:
    """code → (name, English name) of the 2025 list of ``scheme``."""
    return {r["code"]: (r["name"], r["name_en"]) for r in _read_csv(source_dir / f"{scheme}-2025.csv")}


def read_concepts(scheme: str, csv_path: Path = CSV_PATH, source_dir: Path = SOURCE_DIR) -> dict[str, Concept]:
    """The concepts of ``scheme`` (``func``, ``econ``, ``gov-econ``, ``revenue``), keyed by code."""
    depths = DEPTHS[scheme]
    concepts: dict[str, Concept] = {}
    for code, (name, en) in read_source(scheme, source_dir).items():
        if len(code) not in depths or not code.isdigit():
            raise ValueError(f"{scheme}: bad code {code!r} in the 2025 list")
        concepts[code] = Concept(code, name, en, official=True, notes=["In 《2025年政府收支分类科目》."])
    system = SYSTEMS[scheme]
    for row in _read_csv(csv_path) if system else []:
        code = row["code"]
        if row["system"] != system or not code.isdigit() or len(code) not in depths or not row["name"]:
            continue
        name = row["name"]
        years = ", ".join(row["years_seen"].split()) or "year unknown"
        seen = (f"Observed in {row['n_docs']} disclosure(s) of {years}; confidence "
                f"{CONFIDENCE.get(row['confidence'], row['confidence'])}.")
        c = concepts.get(code)
        if c is None:
            c = concepts[code] = Concept(code, name)
            if _depth(scheme, code) <= SOURCE_DEPTH[scheme]:
                c.notes.append("Not in 《2025年政府收支分类科目》: a code of another edition (or a local code) seen in "
                               "disclosures, under the name they print.")
        elif _norm(name) != _norm(c.name):
            c.alts.append(name)  # another edition's (or a local) name of the code
        elif name != c.name:
            c.hidden.append(name)
        c.hidden += [h for h in _hidden_labels(c.name, row["other_spellings"]) if h not in c.hidden]
        if name != c.name:
            c.hidden += [h for h in _hidden_labels(name, row["other_spellings"]) if h not in c.hidden + c.alts]
        c.notes.append(seen)
    for code, name in SUPPLEMENT[scheme].items():
        if code not in concepts:
            concepts[code] = Concept(code, name, notes=["Not in the harvested list; added by hand."])
    for code, names in ALT_LABELS[scheme].items():
        c = concepts[code]
        c.alts += [a for a in names if a != c.name and a not in c.alts]
    _revised_concepts(scheme, concepts, source_dir)
    missing = sorted({p for c in concepts.values() if (p := _parent(scheme, c.code)) and p not in concepts})
    if missing:
        raise ValueError(f"{scheme}: parent codes missing from the csv and SUPPLEMENT: {', '.join(missing)}")
    return dict(sorted(concepts.items()))


def read_cofog(source_dir: Path = SOURCE_DIR) -> dict[str, str]:
    """function 类 → COFOG division (``"07"``)."""
    out = {r["func"]: r["cofog"] for r in _read_csv(source_dir / "cofog.csv")}
    bad = {k: v for k, v in out.items() if v not in COFOG_DIVISIONS}
    if bad:
        raise ValueError(f"not COFOG divisions: {bad}")
    return out


@dataclass(frozen=True)
class Association:
    econ: str
    gov: str
    units: str
    relation: str
    note: str


def read_correspondence(source_dir: Path = SOURCE_DIR) -> list[Association]:
    """The 部门 款 → 政府 款 rows of 财预〔2017〕98号, in file order."""
    rows = [Association(r["econ"], r["gov_econ"], r["units"], r["relation"], r["note"])
            for r in _read_csv(source_dir / "econ-gov-econ-2025.csv")]
    bad = [r for r in rows if r.units not in UNITS or r.relation not in RELATIONS]
    if bad:
        raise ValueError(f"econ-gov-econ: bad units or relation in {bad[:3]}")
    pairs = [(r.econ, r.gov) for r in rows]
    if len(set(pairs)) != len(pairs):  # one relation per pair (SKOS: exactMatch is disjoint from broadMatch)
        raise ValueError(f"econ-gov-econ: a pair listed twice: {sorted(p for p in pairs if pairs.count(p) > 1)[:3]}")
    return rows


# --- look-ups for the mapping (the IRIs the generated lists use) ------------------------------------------------


def concept_iri(scheme: str, code: str) -> URIRef:
    """IRI of ``code`` in one of the generated schemes (``func``, ``econ``, ``gov-econ``, ``revenue``).

    The same IRI as ``ingest.vocab.code_concept`` mints (system ``function``, ``economic``, ``gov-economic``,
    ``income``); ``concept_iri("revenue", "10101")`` is ``…/code/revenue/10101`` (增值税).
    """
    if not code.isdigit() or len(code) not in DEPTHS[scheme]:
        raise ValueError(f"{scheme}: {code!r} is not a code of this classification")
    return CODE[f"{scheme}/{code}"]


def revenue_concept(code: str) -> URIRef:
    """IRI of a 政府收入分类科目 code (类 3, 款 5, 项 7 or 目 9 digits), e.g. ``revenue_concept("1030148")``."""
    return concept_iri("revenue", code)


def broader_codes(scheme: str, code: str) -> list[str]:
    """The codes above ``code``, nearest first: ``broader_codes("revenue", "103014801")`` is
    ``["1030148", "10301", "103"]``."""
    concept_iri(scheme, code)
    out: list[str] = []
    while (parent := _parent(scheme, code)) is not None:
        out.append(parent)
        code = parent
    return out


def gov_econ_sections(econ_code: str, units: str) -> list[str]:
    """The 政府预算支出经济分类 款 a 部门预算 款 is reported under, for ``units`` 机关 or 事业单位
    (财预〔2017〕98号): ``gov_econ_sections("30101", "事业单位")`` is ``["50501"]``."""
    if units not in ("机关", "事业单位"):
        raise ValueError("units is 机关 or 事业单位")
    return [a.gov for a in _correspondence() if a.econ == econ_code and a.units in (units, "全部")]


@cache
def _correspondence() -> tuple[Association, ...]:
    return tuple(read_correspondence())


def _lit(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


def _objects(terms: list[str], indent: str = "        ", per_line: int = 8) -> str:
    lines = [" , ".join(terms[i : i + per_line]) for i in range(0, len(terms), per_line)]
    return (" ,\n" + indent).join(lines)


def _prefix(scheme: str) -> str:
    return scheme  # "gov-econ" is a valid Turtle prefix


def _header(scheme: str, title: str, extra_prefixes: tuple[str, ...] = ()) -> list[str]:
    p = _prefix(scheme)
    return [
        "# GENERATED by ontology/build_codelists.py from ontology/codelists/source/*.csv and",
        "# ontology/reference/observed-codes.csv; do not edit.",
        f"# {title}",
        "",
        "@prefix dct:   <http://purl.org/dc/terms/> .",
        "@prefix owl:   <http://www.w3.org/2002/07/owl#> .",
        "@prefix skos:  <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix xkos:  <http://rdf-vocabulary.ddialliance.org/xkos#> .",
        "@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .",
        f"@prefix code:  <{CODE_BASE}> .",
        f"@prefix {p}:  <{CODE_BASE}{scheme}/> .",
        f"@prefix {p}-level: <{CODE_BASE}{scheme}/level/> .",
        *extra_prefixes,
        "",
    ]


def check_cofog(concepts: dict[str, Concept], source_dir: Path = SOURCE_DIR) -> dict[str, str]:
    """The COFOG division of every function 类 of ``concepts``; fails when one has none."""
    cofog = read_cofog(source_dir)
    missing = [code for code in concepts if len(code) == 3 and code not in cofog]
    if missing:
        raise ValueError(f"func: 类 without a COFOG division in cofog.csv: {', '.join(missing)}")
    return cofog


def _mappings(scheme: str, source_dir: Path, concepts: dict[str, Concept]) -> dict[str, list[str]]:
    """code → extra predicate-object lines of its concept (COFOG for func, the 政府 款 for econ)."""
    out: dict[str, list[str]] = {}
    if scheme == "func":
        for code, division in check_cofog(concepts, source_dir).items():
            out.setdefault(code, []).append(f"skos:closeMatch cofog:{division}")
    elif scheme == "econ":
        for a in read_correspondence(source_dir):
            line = f"{RELATIONS[a.relation]} gov-econ:{a.gov}"
            if line not in out.setdefault(a.econ, []):
                out[a.econ].append(line)
    return out


def render(scheme: str, csv_path: Path = CSV_PATH, source_dir: Path = SOURCE_DIR) -> str:
    """Turtle text of one generated scheme."""
    meta = SCHEME_META[scheme]
    concepts = read_concepts(scheme, csv_path, source_dir)
    mappings = _mappings(scheme, source_dir, concepts)
    p = _prefix(scheme)
    levels = sorted(set(DEPTHS[scheme].values()))
    extra = {
        "func": (f"@prefix cofog: <{COFOG_BASE}> .",),
        "econ": (f"@prefix gov-econ: <{CODE_BASE}gov-econ/> .",),
    }.get(scheme, ())
    n_official = sum(c.official for c in concepts.values())
    out = _header(scheme, f"{meta['zh']} ({meta['en']}): {len(concepts)} concepts, {n_official} of them in the "
                  "2025 list.", extra)
    tops = [f"{p}:{c.code}" for c in concepts.values() if _depth(scheme, c.code) == 1]
    sources = " ,\n        ".join(f"{_lit(zh, 'zh')} , {_lit(en, 'en')}" for zh, en in meta["sources"])
    out += [
        f"code:{scheme} a skos:ConceptScheme ;",
        f"    skos:prefLabel {_lit(meta['zh'], 'zh')} , {_lit(meta['en'], 'en')} ;",
        f"    skos:definition {_lit(meta['def_zh'], 'zh')} ,",
        f"        {_lit(meta['def_en'], 'en')} ;",
        f"    dct:source {sources} ;",
        '    dct:issued "2024"^^xsd:gYear ;',
        '    owl:versionInfo "2025" ;',
        f"    skos:editorialNote {_lit(VERSION_NOTE[scheme], 'en')} ,",
        f"        {_lit(OBSERVED_NOTE, 'en')} ;",
        "    dct:license <https://creativecommons.org/licenses/by/4.0/> ;",
        f"    xkos:numberOfLevels {len(levels)} ;",
        f"    xkos:levels ( {' '.join(f'{p}-level:{d}' for d in levels)} ) ;",
        f"    skos:hasTopConcept {_objects(tops)} .",
        "",
    ]
    for depth, (zh, en_level) in zip(levels, meta["levels"], strict=True):
        members = [f"{p}:{c.code}" for c in concepts.values() if _depth(scheme, c.code) == depth]
        out += [
            f"{p}-level:{depth} a xkos:ClassificationLevel ;",
            f"    skos:prefLabel {_lit(zh, 'zh')} , {_lit(en_level, 'en')} ;",
            f"    xkos:depth {depth} ;",
            f"    xkos:notationPattern {_lit(PATTERNS[depth])} ;",
            f"    skos:member {_objects(members)} .",
            "",
        ]
    for c in concepts.values():
        labels = [_lit(c.name, "zh")]
        en_label = c.en or EN_BY_NAME.get(c.name)
        if en_label:
            labels.append(_lit(en_label, "en"))
        lines = [
            f"{p}:{c.code} a skos:Concept ;",
            f"    skos:notation {_lit(c.code)} ;",
            f"    skos:prefLabel {' , '.join(labels)} ;",
        ]
        if c.deprecated:
            lines.append("    owl:deprecated true ;")
        if c.alts:
            lines.append(f"    skos:altLabel {' , '.join(_lit(a, 'zh') for a in c.alts)} ;")
        if c.hidden:
            lines.append(f"    skos:hiddenLabel {' , '.join(_lit(h, 'zh') for h in c.hidden)} ;")
        parent = _parent(scheme, c.code)
        if parent:
            lines.append(f"    skos:broader {p}:{parent} ;")
        else:
            lines.append(f"    skos:topConceptOf code:{scheme} ;")
        lines += [f"    {m} ;" for m in mappings.get(c.code, [])]
        lines += [
            f"    skos:editorialNote {_lit(' '.join(c.notes), 'en')} ;",
            f"    skos:inScheme code:{scheme} .",
            "",
        ]
        out += lines
    if scheme == "func":
        out.append("# The COFOG 1999 divisions the 类 are close to (labels of the United Nations list).")
        used = sorted(set(read_cofog(source_dir).values()))
        for division in used:
            out += [f"cofog:{division} skos:notation {_lit(division)} ;",
                    f"    skos:prefLabel {_lit(COFOG_DIVISIONS[division], 'en')} .", ""]
    return "\n".join(out)


def render_correspondence(source_dir: Path = SOURCE_DIR) -> str:
    """Turtle of ``code:econ-gov-econ``: the 部门 款 → 政府 款 table of 财预〔2017〕98号 as an xkos:Correspondence."""
    rows = read_correspondence(source_dir)
    econ = read_concepts("econ", CSV_PATH, source_dir)
    gov = read_concepts("gov-econ", CSV_PATH, source_dir)
    bad = [a for a in rows if a.econ not in econ or a.gov not in gov]
    if bad:
        raise ValueError(f"econ-gov-econ: codes not in the lists: {[(a.econ, a.gov) for a in bad[:5]]}")
    unmapped = [c for c in econ.values() if _depth("econ", c.code) == 2 and c.code not in {a.econ for a in rows}]
    if unmapped:
        raise ValueError(f"econ-gov-econ: 部门 款 without a 政府 款: {', '.join(c.code for c in unmapped)}")
    out = _header("econ-gov-econ", f"部门预算支出经济分类 → 政府预算支出经济分类: {len(rows)} associations.",
                  ("@prefix econ: <" + CODE_BASE + "econ/> .", "@prefix gov-econ: <" + CODE_BASE + "gov-econ/> ."))
    out = [line for line in out if "econ-gov-econ-level" not in line]
    names = [f"econ-gov-econ:{a.econ}-{a.gov}" for a in rows]
    out += [
        "code:econ-gov-econ a xkos:Correspondence ;",
        f"    skos:prefLabel {_lit('部门预算支出经济分类与政府预算支出经济分类对应关系', 'zh')} ,",
        f"        {_lit('Correspondence of the departmental and the government budget economic classifications', 'en')} ;",
        f"    skos:definition {_lit('部门预算支出经济分类的每一款在政府预算支出经济分类中对应的款；机关与事业单位的同一款可对应不同的政府款（如 30101 基本工资：机关 50101，事业单位 50501）。', 'zh')} ,",
        f"        {_lit('The 政府预算 section each 部门预算 section is reported under; a section of a government agency and of a public institution can go to different sections (30101 basic wages: 50101 for agencies, 50501 for public institutions). The same relation is stated on each 部门 section with skos:exactMatch, closeMatch (same content, the 政府 section limited to one kind of unit) or broadMatch (the 政府 section is wider).', 'en')} ;",
        f"    dct:source {_lit(REFORM_2017_ZH, 'zh')} , {_lit(REFORM_2017_EN, 'en')} ,",
        f"        {_lit(GSFL_2025_ZH, 'zh')} , {_lit(GSFL_2025_EN, 'en')} ;",
        "    dct:license <https://creativecommons.org/licenses/by/4.0/> ;",
        "    xkos:compares code:econ , code:gov-econ ;",
        f"    xkos:madeOf {_objects(names, per_line=6)} .",
        "",
    ]
    for a, name in zip(rows, names, strict=True):
        zh, en = UNITS[a.units]
        lines = [
            f"{name} a xkos:ConceptAssociation ;",
            f"    xkos:sourceConcept econ:{a.econ} ;",
            f"    xkos:targetConcept gov-econ:{a.gov} ;",
            f"    skos:scopeNote {_lit(zh, 'zh')} , {_lit(en, 'en')} ;",
        ]
        if a.note:
            lines.append(f"    skos:editorialNote {_lit(a.note, 'en')} ;")
        lines[-1] = lines[-1][:-2] + " ."
        out += [*lines, ""]
    return "\n".join(out)


# --- classification revisions between editions (issue 17, item 4) --------------------------------------------

REVISIONS_FILE = "revisions.csv"
# kind → the SKOS mapping property from the old code to the new one (each association states it, reified)
REVISION_KINDS = {
    "renamed": "skos:exactMatch",  # same code, same content, another name
    "moved": "skos:closeMatch",  # same content under another code
    "merged": "skos:broadMatch",  # the old code is part of the new, wider one
    "split": "skos:narrowMatch",  # the old code is shared among narrower new ones
}
KIND_LABELS = {"renamed": ("更名", "renamed"), "moved": ("编码调整", "moved to another code"),
               "merged": ("合并", "merged into a wider code"), "split": ("拆分", "split into narrower codes")}
REVISION_SCHEMES = ("func", "econ")


def edition_source(edition: int) -> tuple[str, str]:
    """(zh, en) of the edition of 《政府收支分类科目》 that made a revision."""
    return (f"中华人民共和国财政部《{edition}年政府收支分类科目》（{edition - 1}年印发）科目变化情况对照表（新旧科目对照表）",
            f"Ministry of Finance of the People's Republic of China, {edition} Government Revenue and Expenditure "
            f"Classification ({edition}年政府收支分类科目, issued {edition - 1}): table of the changed 科目 "
            "(新旧科目对照表)")


@dataclass(frozen=True)
class Revision:
    """One row of ``source/revisions.csv``: the ``edition`` (year) of 《政府收支分类科目》 whose 新旧科目对照表 made it;
    a document of an earlier fiscal year prints ``old_code`` (``old_name``) for what that edition calls ``new_code``."""
    edition: int
    scheme: str  # func or econ
    kind: str  # renamed / moved / merged / split
    old_code: str
    old_name: str
    new_code: str
    new_name: str
    note: str

    def applies_to(self, year: int) -> bool:
        """True when a document of fiscal ``year`` uses the old code (it follows an earlier edition)."""
        return year < self.edition

    @property
    def relation(self) -> str:
        return REVISION_KINDS[self.kind]


def read_revisions(source_dir: Path = SOURCE_DIR) -> list[Revision]:
    """The rows of ``source/revisions.csv`` in file order (none when the file is absent); fails on a bad row."""
    path = source_dir / REVISIONS_FILE
    if not path.exists():
        return []
    rows = [Revision(int(r["edition"]), r["scheme"], r["kind"], r["old_code"], r["old_name"], r["new_code"],
                     r["new_name"], r["note"]) for r in _read_csv(path)]
    problems = []
    for r in rows:
        if r.scheme not in REVISION_SCHEMES or r.kind not in REVISION_KINDS:
            problems.append(f"{r}: scheme or kind")
        elif not (r.old_code.isdigit() and r.new_code.isdigit() and len(r.old_code) == len(r.new_code)
                  and len(r.old_code) in DEPTHS[r.scheme]):
            problems.append(f"{r}: codes of one level of {r.scheme}")
        elif (r.kind == "renamed") != (r.old_code == r.new_code) and r.kind != "split":
            problems.append(f"{r}: a rename keeps the code, a move or merge changes it")
        elif r.kind == "renamed" and r.old_name == r.new_name:
            problems.append(f"{r}: a rename changes the name")
    keys = [(r.edition, r.scheme, r.old_code, r.new_code) for r in rows]
    if len(set(keys)) != len(keys):
        problems.append("a revision listed twice")
    for r in rows:
        if r.kind == "split" and sum(k[:3] == (r.edition, r.scheme, r.old_code) for k in keys) < 2:
            problems.append(f"{r}: a split has two or more new codes")
    if problems:
        raise ValueError("revisions.csv: " + "; ".join(problems[:5]))
    return rows


@cache
def revisions() -> tuple[Revision, ...]:
    """The published revisions (``source/revisions.csv``), read once."""
    return tuple(read_revisions())


def _revision_iri(r: Revision) -> tuple[str, str]:
    """(correspondence, association) prefixed names of a revision."""
    corr = f"revisions:{r.scheme}-{r.edition}"
    return corr, f"{corr}-{r.old_code}-{r.new_code}"


def _revised_concepts(scheme: str, concepts: dict[str, Concept], source_dir: Path) -> None:
    """Record the revisions of ``scheme`` on its concepts: a former name as skos:altLabel with the years, a code no
    longer in the 2025 list as a deprecated concept (added under its old name when no disclosure printed it)."""
    for r in read_revisions(source_dir):
        if r.scheme != scheme:
            continue
        _, assoc = _revision_iri(r)
        if r.kind == "renamed":
            c = concepts[r.new_code]
            if r.old_name != c.name and r.old_name not in c.alts:
                c.alts.append(r.old_name)
            c.notes.append(f"Named {r.old_name} until the {r.edition - 1} edition; renamed {r.new_name} by "
                           f"《{r.edition}年政府收支分类科目》 ({assoc}).")
            continue
        old = concepts.get(r.old_code)
        what = f"{KIND_LABELS[r.kind][1]} {r.new_code} {r.new_name} by 《{r.edition}年政府收支分类科目》 ({assoc})"
        if old is None:
            concepts[r.old_code] = Concept(r.old_code, r.old_name, deprecated=True, notes=[
                f"A code of the editions before {r.edition} (not in 《2025年政府收支分类科目》, not seen in the "
                f"harvested disclosures), under its former name: {what}."])
        elif not old.official:
            old.deprecated = True
            if not any(assoc in n for n in old.notes):
                old.notes.append(f"Not used from the {r.edition} edition: {what}.")
        else:  # the code is still in use, with other content: no label, only a note (one per edition)
            head = f"Until the {r.edition - 1} edition this code was {r.old_name}, "
            at = next((i for i, n in enumerate(old.notes) if n.startswith(head)), None)
            if at is None:
                old.notes.append(f"{head}{what}.")
            else:
                old.notes[at] = old.notes[at][:-1] + f"; {what}."


def render_revisions(csv_path: Path = CSV_PATH, source_dir: Path = SOURCE_DIR) -> str:
    """Turtle of the revisions: one ``xkos:Correspondence`` per scheme and edition, made of one
    ``xkos:ConceptAssociation`` per row, each also an ``rdf:Statement`` of its SKOS mapping (old → new)."""
    rows = read_revisions(source_dir)
    concepts = {s: read_concepts(s, csv_path, source_dir) for s in REVISION_SCHEMES}
    bad = [r for r in rows if r.old_code not in concepts[r.scheme] or r.new_code not in concepts[r.scheme]
           or not concepts[r.scheme][r.new_code].official]
    if bad:
        raise ValueError(f"revisions: codes not in the lists (the new code must be in the 2025 list): {bad[:3]}")
    out = [
        "# GENERATED by ontology/build_codelists.py from ontology/codelists/source/revisions.csv; do not edit.",
        f"# Revisions of the 政府收支分类科目 between editions: {len(rows)} associations.",
        "",
        "@prefix dct:   <http://purl.org/dc/terms/> .",
        "@prefix owl:   <http://www.w3.org/2002/07/owl#> .",
        "@prefix rdf:   <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .",
        "@prefix skos:  <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix xkos:  <http://rdf-vocabulary.ddialliance.org/xkos#> .",
        "@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .",
        f"@prefix code:  <{CODE_BASE}> .",
        f"@prefix func:  <{CODE_BASE}func/> .",
        f"@prefix econ:  <{CODE_BASE}econ/> .",
        f"@prefix revisions: <{CODE_BASE}revisions/> .",
        "",
    ]
    groups: dict[tuple[str, int], list[Revision]] = {}
    for r in rows:
        groups.setdefault((r.scheme, r.edition), []).append(r)
    for (scheme, edition), members in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        zh, en = edition_source(edition)
        meta = SCHEME_META[scheme]
        name_zh, name_en = meta["zh"], meta["en"]
        sources = [f"{_lit(zh, 'zh')} , {_lit(en, 'en')}"]
        if scheme == "econ" and edition == 2018:
            sources.append(f"{_lit(REFORM_2017_ZH, 'zh')} , {_lit(REFORM_2017_EN, 'en')}")
        corr = _revision_iri(members[0])[0]
        out += [
            f"{corr} a xkos:Correspondence ;",
            f"    skos:prefLabel {_lit(f'{edition}年{name_zh}新旧科目对照', 'zh')} ,",
            f"        {_lit(f'{name_en}: changes made by the {edition} edition', 'en')} ;",
            f"    skos:definition {_lit(f'{edition}年版相对于{edition - 1}年版的{name_zh}变化：更名、编码调整、合并、拆分。{edition - 1}年及以前年度的文件使用旧科目。', 'zh')} ,",
            f"        {_lit(f'What the {edition} edition changed in the {name_en.lower()} against the {edition - 1} edition: renamed, moved, merged and split 科目. Documents of fiscal year {edition - 1} and before print the old codes (xkos:sourceConcept); each association is an rdf:Statement of its SKOS mapping from the old code to the new one.', 'en')} ;",
            "    dct:source " + " ,\n        ".join(sources) + " ;",
            f'    dct:issued "{edition - 1}"^^xsd:gYear ;',
            f'    owl:versionInfo "{edition}" ;',
            "    dct:license <https://creativecommons.org/licenses/by/4.0/> ;",
            f"    xkos:compares code:{scheme} ;",
            f"    xkos:madeOf {_objects([_revision_iri(r)[1] for r in members], per_line=4)} .",
            "",
        ]
        for r in members:
            kind_zh, kind_en = KIND_LABELS[r.kind]
            prefix = scheme
            lines = [
                f"{_revision_iri(r)[1]} a xkos:ConceptAssociation , rdf:Statement ;",
                f"    xkos:sourceConcept {prefix}:{r.old_code} ;",
                f"    xkos:targetConcept {prefix}:{r.new_code} ;",
                f"    rdf:subject {prefix}:{r.old_code} ;",
                f"    rdf:predicate {r.relation} ;",
                f"    rdf:object {prefix}:{r.new_code} ;",
                f"    skos:scopeNote {_lit(f'{kind_zh}：{r.old_code} {r.old_name} → {r.new_code} {r.new_name}（{edition}年起）', 'zh')} ,",
                f"        {_lit(f'{kind_en}: {r.old_code} {r.old_name} until {edition - 1}, {r.new_code} {r.new_name} from {edition}', 'en')} ;",
                f'    owl:versionInfo "{edition}" ;',
            ]
            if r.note:
                lines.append(f"    skos:editorialNote {_lit(r.note, 'en')} ;")
            lines[-1] = lines[-1][:-2] + " ."
            out += [*lines, ""]
    # the mapping itself, on the old concept, where the old code is no longer in use (a code reused for other content,
    # 30311 or 30307, keeps only the reified statement); the 款 of econ map only to the 政府 款 (econ-gov-econ)
    asserted = [r for r in rows if r.kind != "renamed" and not concepts[r.scheme][r.old_code].official
                and not (r.scheme == "econ" and len(r.old_code) == 5)]
    if asserted:
        out.append("# The mappings of the codes no longer in use.")
        out += [f"{r.scheme}:{r.old_code} {r.relation} {r.scheme}:{r.new_code} ." for r in asserted]
        out.append("")
    return "\n".join(out)


def outputs(csv_path: Path = CSV_PATH) -> dict[str, str]:
    """file name → Turtle text of every generated file."""
    files = {f"{scheme}.ttl": render(scheme, csv_path) for scheme in SYSTEMS}
    files["econ-gov-econ.ttl"] = render_correspondence()
    files["revisions.ttl"] = render_revisions(csv_path)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=CSV_PATH, help="observed-codes.csv to read")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="directory to write the .ttl files to")
    parser.add_argument("--check", action="store_true", help="only report whether the files are up to date")
    args = parser.parse_args(argv)
    stale = []
    for name, text in outputs(args.csv).items():
        target = args.out / name
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(str(target))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}", file=sys.stderr)
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
