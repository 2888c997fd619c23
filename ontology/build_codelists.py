"""Generate the SKOS/XKOS code lists ``codelists/func.ttl`` and ``codelists/econ.ttl``.

Source: ``reference/observed-codes.csv`` (a copy of the harvested, *noisy* list of 政府收支分类科目 codes seen in
about 200 real disclosures; it is not the official 财政部 list). The generator

- keeps the 支出功能分类 (``function``) rows for ``func`` and the 部门预算支出经济分类 (``dept_economic``) rows
  for ``econ``; the few 政府预算支出经济分类 rows (501 …) are left out;
- drops rows whose code does not have 3, 5 or 7 digits, and takes each parent from the code prefix (the csv's
  ``parent_code`` is ignored where it disagrees);
- adds the hand-checked codes of :data:`SUPPLEMENT` when the csv lacks them (the sample's codes and missing
  parents), and fails when a parent is still missing;
- keeps truncated or wrapped spellings of a name as ``skos:hiddenLabel`` (they help match table cells) and drops
  the other ``other_spellings`` (mostly project names and row-shift mistakes);
- records how often and when each code was seen as a ``skos:editorialNote``.

Output is deterministic Turtle; the committed files must equal it (``tests/test_ontology.py`` checks).

Usage: ``python ontology/build_codelists.py [--csv PATH] [--out DIR] [--check]``
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from budgetkg.ontology.namespaces import CODE

HERE = Path(__file__).resolve().parent
CSV_PATH = HERE / "reference" / "observed-codes.csv"
OUT_DIR = HERE / "codelists"
CODE_BASE = str(CODE)

# scheme slug → csv ``system`` value
SYSTEMS = {"func": "function", "econ": "dept_economic"}
DEPTH = {3: 1, 5: 2, 7: 3}
PATTERNS = {1: "[0-9]{3}", 2: "[0-9]{5}", 3: "[0-9]{7}"}


class SchemeMeta(TypedDict):
    zh: str
    en: str
    def_zh: str
    def_en: str
    levels: tuple[tuple[str, str], ...]  # (zh, en) name of each level, top first


SCHEME_META: dict[str, SchemeMeta] = {
    "func": {
        "zh": "支出功能分类科目",
        "en": "Expenditure functional classification",
        "def_zh": "政府收支分类科目中的支出功能分类，分类、款、项三级（3、5、7 位编码），如 2010350 事业运行。",
        "def_en": "The expenditure functional classification of the Chinese government revenue and expenditure "
        "classification, in three levels 类/款/项 (3, 5 and 7-digit codes), e.g. 2010350 operation of public "
        "institutions.",
        "levels": (("类", "Class"), ("款", "Section"), ("项", "Item")),
    },
    "econ": {
        "zh": "部门预算支出经济分类科目",
        "en": "Departmental budget expenditure economic classification",
        "def_zh": "部门预算支出经济分类，分类（301 等）和款（30101 等）两级，以及各地细化的七位科目（如 3010201）。",
        "def_en": "The departmental budget expenditure economic classification: classes (301 …) and sections "
        "(30101 …), plus the 7-digit sub-items some jurisdictions add locally (e.g. 3010201).",
        "levels": (("类", "Class"), ("款", "Section"), ("地方细化科目", "Local sub-item")),
    },
}

SOURCE_NOTE = (
    "Harvested from about 200 published budget disclosures (2017-2026), names by majority vote; not the "
    "official list of the Ministry of Finance. A document's own code names win over these labels, and a code "
    "missing here is not an error by itself."
)

# Codes added when the csv lacks them: the codes of ingest/data/sample.txt and parents the csv misses.
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
}

# Other names in use: earlier editions' names and the sample's local names.
ALT_LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "func": {
        "207": ("文化体育与传媒支出",),  # before 2019
        "210": ("医疗卫生与计划生育支出",),  # before 2019
        "220": ("国土海洋气象等支出",),  # before 2019
    },
    "econ": {
        "3010201": ("国家出台津贴补贴", "规范性津补贴"),
    },
}

EN_LABELS: dict[str, dict[str, str]] = {
    "func": {
        "201": "General public services",
        "203": "National defence",
        "204": "Public security",
        "205": "Education",
        "206": "Science and technology",
        "207": "Culture, tourism, sports and media",
        "208": "Social security and employment",
        "210": "Health",
        "211": "Energy conservation and environmental protection",
        "212": "Urban and rural community affairs",
        "213": "Agriculture, forestry and water affairs",
        "214": "Transportation",
        "215": "Resource exploration, industry and information",
        "216": "Commerce and service industries",
        "217": "Financial affairs",
        "219": "Assistance to other regions",
        "220": "Natural resources, marine and meteorology",
        "221": "Housing security",
        "222": "Grain and oil reserves",
        "223": "State capital operation budget expenditure",
        "224": "Disaster prevention and emergency management",
        "229": "Other expenditure",
        "230": "Transfer expenditure",
        "231": "Debt principal repayment",
        "232": "Debt interest payment",
        "233": "Debt issuance costs",
    },
    "econ": {
        "301": "Wages and benefits",
        "302": "Goods and services",
        "303": "Subsidies to individuals and households",
        "307": "Debt interest and expenses",
        "309": "Capital expenditure (capital construction)",
        "310": "Capital expenditure",
        "311": "Subsidies to enterprises (capital construction)",
        "312": "Subsidies to enterprises",
        "313": "Subsidies to social security funds",
        "399": "Other expenditure",
    },
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
    hidden: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def depth(self) -> int:
        return DEPTH[len(self.code)]

    @property
    def parent(self) -> str | None:
        return {1: None, 2: self.code[:3], 3: self.code[:5]}[self.depth]


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


def read_concepts(scheme: str, csv_path: Path = CSV_PATH) -> dict[str, Concept]:
    """The concepts of ``scheme`` (``func`` or ``econ``), keyed by code."""
    system = SYSTEMS[scheme]
    concepts: dict[str, Concept] = {}
    with csv_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code = row["code"].strip()
            if row["system"] != system or not re.fullmatch(r"\d{3}|\d{5}|\d{7}", code):
                continue
            name = row["name"].strip()
            if not name:
                continue
            years = ", ".join(row["years_seen"].split()) or "year unknown"
            note = (
                f"Observed in {row['n_docs']} disclosure(s) of {years}; confidence "
                f"{CONFIDENCE.get(row['confidence'], row['confidence'])}."
            )
            concepts[code] = Concept(code, name, _hidden_labels(name, row["other_spellings"]), note)
    for code, name in SUPPLEMENT[scheme].items():
        if code not in concepts:
            concepts[code] = Concept(code, name, note="Not in the harvested list; added by hand.")
    missing = sorted({c.parent for c in concepts.values() if c.parent and c.parent not in concepts})
    if missing:
        raise ValueError(f"{scheme}: parent codes missing from the csv and SUPPLEMENT: {', '.join(missing)}")
    return dict(sorted(concepts.items()))


def _lit(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


def _objects(terms: list[str], indent: str = "        ", per_line: int = 8) -> str:
    lines = [" , ".join(terms[i : i + per_line]) for i in range(0, len(terms), per_line)]
    return (" ,\n" + indent).join(lines)


def render(scheme: str, csv_path: Path = CSV_PATH) -> str:
    """Turtle text of one generated scheme."""
    meta = SCHEME_META[scheme]
    concepts = read_concepts(scheme, csv_path)
    en = EN_LABELS[scheme]
    alts = ALT_LABELS[scheme]
    p = scheme  # prefix of the concepts, e.g. func:2010350
    out = [
        "# GENERATED by ontology/build_codelists.py from ontology/reference/observed-codes.csv; do not edit.",
        f"# {meta['zh']} ({meta['en']}): {len(concepts)} concepts.",
        "",
        "@prefix dct:   <http://purl.org/dc/terms/> .",
        "@prefix skos:  <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix xkos:  <http://rdf-vocabulary.ddialliance.org/xkos#> .",
        f"@prefix code:  <{CODE_BASE}> .",
        f"@prefix {p}:  <{CODE_BASE}{scheme}/> .",
        f"@prefix {p}-level: <{CODE_BASE}{scheme}/level/> .",
        "",
    ]
    tops = [f"{p}:{c.code}" for c in concepts.values() if c.depth == 1]
    out += [
        f"code:{scheme} a skos:ConceptScheme ;",
        f"    skos:prefLabel {_lit(meta['zh'], 'zh')} , {_lit(meta['en'], 'en')} ;",
        f"    skos:definition {_lit(meta['def_zh'], 'zh')} ,",
        f"        {_lit(meta['def_en'], 'en')} ;",
        f"    skos:editorialNote {_lit(SOURCE_NOTE, 'en')} ;",
        "    dct:license <https://creativecommons.org/licenses/by/4.0/> ;",
        "    xkos:numberOfLevels 3 ;",
        f"    xkos:levels ( {p}-level:1 {p}-level:2 {p}-level:3 ) ;",
        f"    skos:hasTopConcept {_objects(tops)} .",
        "",
    ]
    for depth, (zh, en_level) in enumerate(meta["levels"], start=1):
        members = [f"{p}:{c.code}" for c in concepts.values() if c.depth == depth]
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
        en_label = en.get(c.code) or EN_BY_NAME.get(c.name)
        if en_label:
            labels.append(_lit(en_label, "en"))
        lines = [
            f"{p}:{c.code} a skos:Concept ;",
            f"    skos:notation {_lit(c.code)} ;",
            f"    skos:prefLabel {' , '.join(labels)} ;",
        ]
        extra = [a for a in alts.get(c.code, ()) if a != c.name]
        if extra:
            lines.append(f"    skos:altLabel {' , '.join(_lit(a, 'zh') for a in extra)} ;")
        if c.hidden:
            lines.append(f"    skos:hiddenLabel {' , '.join(_lit(h, 'zh') for h in c.hidden)} ;")
        if c.parent:
            lines.append(f"    skos:broader {p}:{c.parent} ;")
        else:
            lines.append(f"    skos:topConceptOf code:{scheme} ;")
        lines += [
            f"    skos:editorialNote {_lit(c.note, 'en')} ;",
            f"    skos:inScheme code:{scheme} .",
            "",
        ]
        out += lines
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=CSV_PATH, help="observed-codes.csv to read")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="directory to write func.ttl and econ.ttl to")
    parser.add_argument("--check", action="store_true", help="only report whether the files are up to date")
    args = parser.parse_args(argv)
    stale = []
    for scheme in SYSTEMS:
        text = render(scheme, args.csv)
        target = args.out / f"{scheme}.ttl"
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
