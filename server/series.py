"""A unit's series over its documents (issue 17, item 3): by function class (类), economic class (类), 合计 / 基本支出 /
项目支出 and the “三公” total, with the year-over-year change computed from the documents and checked against the
changes they print.

The figures are those of the example queries ``ontology/queries/24-unit-class-series.rq`` and
``25-unit-nature-three-public-series.rq`` (read from the files, the unit put in their VALUES line): only each
document's own year and phase (``cnb:ownPeriod true``), never a 上年 or 增减 column.

The change of a document is its figure minus that of the same unit's document of the year before in the same phase
and scope (预算 against 预算, 决算 against 决算, a 部门 document against the 部门 document), as :mod:`ingest.crossdoc`
matches documents. A printed change is either a table's 增减 cell (``cnb:changeAmount``, in 元)
on a row of the series (a class's row, the 支出总表's or the “三公” table's 合计 row), or a narrative sentence on the
year before's budget ("支出预算2942.72万元，比上年预算增加2521.08万元") whose amount is one of the document's series
figures — the sentences that :mod:`ingest.crossdoc` (``crossdoc-prior-year-text``) reads, with its pattern and the
same tolerance (:func:`ingest.tolerance.sum_tolerance`: three printed amounts, half a digit of the coarser unit each).
That check compares the year before's figure a document restates with the earlier document; this one compares the
change, so a restated figure that holds there gives a printed change that agrees here.

Classification revisions (issue 17, item 4): a class a document prints under a code that a later edition of
《政府收支分类科目》 renamed, moved, merged or split (``ontology/codelists/source/revisions.csv``, published as the
correspondences of ``ontology/codelists/revisions.ttl``) is put on the series of its new code when the document's
fiscal year is before that edition: renamed — the same code, nothing to do; moved — the old code's figure continues
the new code's series; merged — the old codes' figures are added up under the new code; split — the figure stays on
the old code's series and neither it nor the new codes' points of that document are compared with other years
("not comparable": no change is computed from or to them) rather than guessing the shares. Documents whose codes no
revision concerns give exactly the figures of query 24.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import URIRef

from budgetkg.ingest.crossdoc import _PRIOR_TEXT
from budgetkg.ingest.tolerance import sum_tolerance
from budgetkg.ontology.build_codelists import Revision
from budgetkg.ontology.build_codelists import revisions as published_revisions
from budgetkg.ontology.namespaces import CNB, CODE

from .chart import stacked_columns
from .store import GraphStore
from .vocabulary import Labeller

QUERIES = Path(__file__).resolve().parents[1] / "ontology" / "queries"
CLASS_QUERY = QUERIES / "24-unit-class-series.rq"
NATURE_QUERY = QUERIES / "25-unit-nature-three-public-series.rq"
_UNIT_VALUES = re.compile(r"VALUES \(\?regionCode \?unitCode\) \{[^}]*\}\s*\?unit cnb:unitCode \?unitCode ; "
                          r"cnb:regionCode \?regionCode \.")
GROUPS = ("function", "economic", "nature", "three-public")
GROUP_TITLES = {"function": ("按支出功能分类（类）", "by function class (类)"),
                "economic": ("按支出经济分类（类）", "by economic class (类)"),
                "nature": ("基本支出与项目支出", "basic and project spending"),
                "three-public": ("“三公”经费", "“three public” spending (三公)")}
NATURE_LABELS = {"total": ("支出合计", "total"), "basic": ("基本支出", "basic"), "project": ("项目支出", "project"),
                 "three-public": ("“三公”经费合计", "三公 total")}
NARRATIVE_SCALE = Decimal(10000)  # the sentences state 万元
TABLE_ROLE = "https://w3id.org/cn-budget/code/table-role/"
TOTAL_KIND = "https://w3id.org/cn-budget/code/row-kind/total"
NATURE = "https://w3id.org/cn-budget/code/exp-nature/"
APPROVED = "approved"
KIND_SCHEME = {"function": "func", "economic": "econ"}  # query 24's ?kind → the code list of its classes


def unit_query(path: Path, unit: str) -> str:
    """An example query with its VALUES line set to one unit IRI."""
    text = path.read_text(encoding="utf-8")
    out, n = _UNIT_VALUES.subn(f"VALUES ?unit {{ <{unit}> }}", text)
    if n != 1:
        raise ValueError(f"{path.name}: no unit VALUES line to set")
    return out


@dataclass
class Printed:
    """A change a document prints: in 元, where (a table's 增减 cell or a sentence), and its tolerance."""
    amount: Decimal
    source: str  # "table" or "narrative"
    tolerance: Decimal
    text: str = ""

    @property
    def amount_text(self) -> str:
        return money_change(self.amount)


@dataclass
class Point:
    value: Decimal | None = None
    change: Decimal | None = None  # computed: this document's figure minus the year before's (same phase)
    printed: list[Printed] = field(default_factory=list)
    comparable: bool = True  # False: a split code (revisions) — no change from or to this point
    revision: str = ""  # the revision that put (or kept) the figure here, e.g. "22004 → 22405 (2019, moved)"

    @property
    def value_text(self) -> str:
        return "" if self.value is None else f"{self.value / Decimal(10000):,.2f}"

    @property
    def change_text(self) -> str:
        return money_change(self.change)

    @property
    def check(self) -> str | None:
        """agrees / differs / undetermined (no earlier document loaded) / None (nothing printed)."""
        if not self.printed:
            return None
        if self.change is None:
            return "undetermined"
        ok = all(abs(p.amount - self.change) <= p.tolerance for p in self.printed)
        return "agrees" if ok else "differs"


@dataclass
class Series:
    group: str
    key: str  # a class code, or total / basic / project / three-public
    label: str
    href: str | None
    points: list[Point]


def _dec(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _year(doc: dict) -> int | None:
    text = str(doc.get("year", ""))[:4]
    return int(text) if text.isdigit() else None


def revised_class(kind: str, code: str, year: int | None, revisions: Sequence[Revision]) -> tuple[str, list[Revision]]:
    """The code whose series a class figure of a document of fiscal ``year`` continues, and the revisions followed.

    ``kind`` is query 24's ``function`` or ``economic``. A move or merge made by an edition after ``year`` leads to
    the new code (and on through later editions); a split stops there: the code is returned unchanged with the split's
    revisions (the figure is not comparable); a rename changes nothing."""
    scheme = KIND_SCHEME.get(kind)
    followed: list[Revision] = []
    if scheme is None or year is None:
        return code, followed
    edition = 0
    while True:
        found = sorted((r for r in revisions if r.scheme == scheme and r.old_code == code and r.kind != "renamed"
                        and r.applies_to(year) and r.edition > edition), key=lambda r: r.edition)
        if not found:
            return code, followed
        first = [r for r in found if r.edition == found[0].edition]
        if any(r.kind == "split" for r in first):
            return code, followed + first
        followed.append(first[0])
        code, edition = first[0].new_code, first[0].edition


def _revision_text(r: Revision) -> str:
    return f"{r.old_code} → {r.new_code} ({r.edition}, {r.kind})"


def unit_series(store: GraphStore, unit: str, documents: list[dict], lang: str = "zh",
                revisions: Sequence[Revision] | None = None) -> dict | None:
    """The unit's series over ``documents`` (:func:`views.documents_of`, year then phase); None for fewer than two
    documents with figures. ``{"documents", "columns", "groups": [{"group", "title", "series": [Series], "chart"}]}``.
    ``revisions``: the classification revisions to follow (default: the published ones, ``revisions.csv``)."""
    revs = published_revisions() if revisions is None else revisions
    class_rows = store.select(unit_query(CLASS_QUERY, unit))
    nature_rows = store.select(unit_query(NATURE_QUERY, unit))
    have = {str(r["document"]) for r in class_rows} | {str(r["document"]) for r in nature_rows}
    scopes = {str(r["d"]): str(r["scope"]).rsplit("/", 1)[-1] for r in store.select(
        f"PREFIX cnb: <{CNB}> SELECT ?d ?scope WHERE {{ ?d cnb:unit <{unit}> ; cnb:scope ?scope }}")}
    # a 部门 document of the unit (its 本级 and its units) is a series of its own: compared with the 部门 documents
    docs = [{**d, "scope": scopes.get(d["iri"], "unit")} for d in documents if d["iri"] in have]
    if len(docs) < 2:
        return None
    index = {d["iri"]: i for i, d in enumerate(docs)}
    found: dict[tuple[str, str], Series] = {}

    def point(group: str, key: str, label: str, href: str | None, doc: str) -> Point:
        s = found.get((group, key))
        if s is None:
            s = found[group, key] = Series(group, key, label, href, [Point() for _ in docs])
        return s.points[index[doc]]

    placed: list[tuple[dict, str, str, list[Revision]]] = []  # (row, kind, code, revisions followed)
    for r in class_rows:
        if str(r["document"]) not in index or "class" not in r:
            continue
        kind, notation = str(r["kind"]), str(r["class"]).rsplit("/", 1)[-1]
        code, followed = revised_class(kind, notation, _year(docs[index[str(r["document"])]]), revs)
        placed.append((r, kind, code, followed))
    codes = {str(r["class"]) for r in class_rows if "class" in r}
    codes |= {str(CODE[f"{KIND_SCHEME[kind]}/{x.new_code}"]) for _, kind, _, followed in placed for x in followed}
    label = Labeller(store.construct(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> CONSTRUCT { ?c skos:prefLabel ?l } WHERE { VALUES ?c { "
        + " ".join(f"<{c}>" for c in sorted(codes)) + " } ?c skos:prefLabel ?l }")) if codes else None

    def class_point(kind: str, notation: str, doc: str, iri: str | None = None) -> Point:
        code = iri or str(CODE[f"{KIND_SCHEME.get(kind, kind)}/{notation}"])
        zh, en = label.pair(URIRef(code)) if label else (None, None)
        name = (en or zh) if lang == "en" else (zh or en)
        href = "/code/" + code.removeprefix(str(CODE)) if code.startswith(str(CODE)) else None
        return point(kind, notation, f"{notation} {name or ''}".strip(), href, doc)

    not_comparable: list[tuple[str, str, str]] = []
    for r, kind, code, followed in placed:
        doc = str(r["document"])
        split = [x for x in followed if x.kind == "split"]
        p = class_point(kind, code, doc, None if followed else str(r["class"]))
        amount = _dec(r.get("amount"))
        p.value = amount if p.value is None or amount is None else p.value + amount  # merged codes add up
        if followed:
            p.revision = "; ".join(filter(None, [p.revision, *(_revision_text(x) for x in followed)]))
        if split:  # the old figure stays where it is; no point of this document is compared for these codes
            p.comparable = False
            not_comparable += [(kind, x.new_code, doc) for x in split]
    for kind, code, doc in not_comparable:  # the new codes' series, where the unit has them
        if (kind, code) in found:
            found[kind, code].points[index[doc]].comparable = False
    for r in nature_rows:
        doc = str(r["document"])
        if doc not in index:
            continue
        for key, var, group in (("total", "total", "nature"), ("basic", "basic", "nature"),
                                ("project", "project", "nature"), ("three-public", "threePublic", "three-public")):
            if var in r:
                zh, en = NATURE_LABELS[key]
                point(group, key, en if lang == "en" else zh, None, doc).value = _dec(r[var])
    _changes(found, docs)
    _printed_in_tables(store, unit, found, index)
    _printed_in_narrative(store, unit, found, docs, index)
    for s in found.values():
        for p in s.points:
            p.printed.sort(key=lambda x: (x.source, x.amount, x.text))
    columns = [_column(d, lang) for d in docs]
    groups = []
    for group in GROUPS:
        series = sorted((s for s in found.values() if s.group == group), key=lambda s: _order(s.key))
        if not series:
            continue
        title = GROUP_TITLES[group][1 if lang == "en" else 0]
        stacked = [s for s in series if s.key not in ("total",)] if group == "nature" else series
        chart = stacked_columns(title + ("的历年支出" if lang == "zh" else " over the years"), columns,
                                [(s.label, [p.value or Decimal(0) for p in s.points]) for s in stacked],
                                chart_id=f"series-chart-{group}")
        groups.append({"group": group, "title": title, "series": series, "chart": chart})
    return {"documents": docs, "columns": columns, "groups": groups}


def _order(key: str) -> tuple[int, str]:
    fixed = ("total", "basic", "project", "three-public")
    return (fixed.index(key), "") if key in fixed else (len(fixed), key)


def _column(doc: dict, lang: str) -> str:
    phase = {"approved": ("预算", "budget"), "executed": ("决算", "final")}.get(doc["phase"], (doc["phase"], doc["phase"]))
    scope = {"department": ("部门", "department "), "unit": ("", "")}.get(doc.get("scope", "unit"), ("", ""))
    return (f"{_year(doc) or doc['year']}{'年' if lang == 'zh' else ' '}{scope[1] if lang == 'en' else scope[0]}"
            f"{phase[1] if lang == 'en' else phase[0]}")


def _previous(docs: list[dict]) -> dict[int, int]:
    """For each document's position, the position of the same phase's document of the year before."""
    at: dict[tuple[int | None, str, str], list[int]] = {}
    for i, d in enumerate(docs):
        at.setdefault((_year(d), d["phase"], d.get("scope", "unit")), []).append(i)
    out = {}
    for i, d in enumerate(docs):
        y = _year(d)
        earlier = at.get((y - 1, d["phase"], d.get("scope", "unit")), []) if y is not None else []
        if len(earlier) == 1:  # two documents of that year, phase and scope: which one the change is from is unclear
            out[i] = earlier[0]
    return out


def _changes(found: dict[tuple[str, str], Series], docs: list[dict]) -> None:
    prev = _previous(docs)
    for s in found.values():
        for i, p in enumerate(s.points):
            j = prev.get(i)
            if j is not None and p.value is not None and s.points[j].value is not None and p.comparable \
                    and s.points[j].comparable:
                p.change = p.value - (s.points[j].value or Decimal(0))


def _printed_in_tables(store: GraphStore, unit: str, found: dict, index: dict[str, int]) -> None:
    """The 增减 cells (cnb:changeAmount) on the rows of the series that are changes from the year before: the column
    says so (上年, 上一年 or the year before's number in its heading), or its table prints a column of the year before
    and the heading names no other period (a 决算's 决算数比预算数增减 is no change from the year before)."""
    rows = store.select(f"""PREFIX cnb: <{CNB}> PREFIX dim: <http://data.openbudgets.eu/ontology/dsd/dimension/>
        SELECT ?g ?fig ?change ?pub ?scale ?role ?kind ?func ?econ ?nature ?label ?docYear
               (GROUP_CONCAT(DISTINCT STR(?otherYear)) AS ?otherYears) WHERE {{
          ?g cnb:unit <{unit}> .
          GRAPH ?g {{
            ?g cnb:fiscalYear ?docYear .
            ?fig cnb:changeAmount ?change ; cnb:row ?row ; cnb:column ?col .
            ?table cnb:hasRow ?row ; cnb:tableRole ?role .
            OPTIONAL {{ ?fig cnb:publishedValue ?pub }} OPTIONAL {{ ?table cnb:moneyScale ?scale }}
            OPTIONAL {{ ?col cnb:columnLabel ?label }}
            OPTIONAL {{ ?row cnb:rowKind ?kind }} OPTIONAL {{ ?row cnb:functionalClassification ?func }}
            OPTIONAL {{ ?row cnb:economicClassification ?econ }} OPTIONAL {{ ?col cnb:expenditureNature ?nature }}
            OPTIONAL {{ ?table cnb:hasColumn ?other . ?other cnb:ownPeriod false ; dim:fiscalYear ?otherYear }}
          }} }} GROUP BY ?g ?fig ?change ?pub ?scale ?role ?kind ?func ?econ ?nature ?label ?docYear""")
    for r in rows:
        doc = str(r["g"])
        if doc not in index or not _from_year_before(r):
            continue
        role = str(r.get("role", "")).removeprefix(TABLE_ROLE)
        total = str(r.get("kind", "")) == TOTAL_KIND
        nature = str(r.get("nature", "")).removeprefix(NATURE) if "nature" in r else None
        if role == "three-public" and total:
            key: tuple[str, str] | None = ("three-public", "three-public")
        elif role == "expenditure" and total:
            key = ("nature", nature if nature in ("basic", "project") else "total")
        elif nature is None and str(r.get("func", "")).rsplit("/", 1)[-1].isdigit() and \
                len(str(r.get("func")).rsplit("/", 1)[-1]) == 3:
            key = ("function", str(r["func"]).rsplit("/", 1)[-1])
        elif nature is None and "econ" in r and len(str(r["econ"]).rsplit("/", 1)[-1]) == 3:
            key = ("economic", str(r["econ"]).rsplit("/", 1)[-1])
        else:
            key = None
        s = found.get(key) if key else None
        if s is None:
            continue
        scale = _dec(r.get("scale")) or NARRATIVE_SCALE
        s.points[index[doc]].printed.append(Printed(Decimal(str(r["change"])), "table", sum_tolerance(3, scale),
                                                    str(r.get("pub", ""))))


def _from_year_before(r: dict) -> bool:
    year = str(r.get("docYear", ""))[:4]
    before = str(int(year) - 1) if year.isdigit() else "?"
    label = re.sub(r"\s+", "", str(r.get("label", "")))
    if re.search(rf"上年|上一年|{before}", label):
        return True
    other = {y.rstrip("/").rsplit("/", 1)[-1][:4] for y in str(r.get("otherYears", "")).split()}
    return before in other and not re.search(r"预算数|决算数|年初|调整|执行", label)


def _printed_in_narrative(store: GraphStore, unit: str, found: dict, docs: list[dict], index: dict[str, int]) -> None:
    """Sentences on the year before's budget (crossdoc's pattern) whose amount is one of the document's figures."""
    rows = store.select(f"""PREFIX cnb: <{CNB}>
        SELECT ?g ?text WHERE {{ ?g cnb:unit <{unit}> . GRAPH ?g {{
          {{ ?s a cnb:NarrativeSection ; cnb:sectionText ?text }} UNION {{ ?s a cnb:NarrativeClaim ; cnb:claimText ?text }}
        }} }}""")
    tolerance = sum_tolerance(3, NARRATIVE_SCALE)
    seen: set[tuple[str, str, str, Decimal]] = set()  # a sentence is in its section and in its claims
    for r in rows:
        doc = str(r["g"])
        i = index.get(doc)
        if i is None or docs[i]["phase"] != APPROVED:
            continue
        year = _year(docs[i])
        text = re.sub(r"\s+", "", str(r["text"]))
        for m in _PRIOR_TEXT.finditer(text):
            said = int(m["year"][:4]) if m["year"][0].isdigit() else (year or 0) - 1
            if year is None or said != year - 1:
                continue
            delta = Decimal(0) if m["same"] else Decimal(m["delta"].replace(",", ""))
            if m["dir"] in ("减少", "下降"):
                delta = -delta
            amount = Decimal(m["amount"].replace(",", "")) * NARRATIVE_SCALE
            # the series whose figure in this document is the sentence's amount (the totals first)
            matches = [s for s in sorted(found.values(), key=lambda s: (GROUPS.index(s.group) < 2, _order(s.key)))
                       if s.points[i].value is not None and abs((s.points[i].value or 0) - amount) <= tolerance]
            if matches and (doc, matches[0].group, matches[0].key, delta) not in seen:
                seen.add((doc, matches[0].group, matches[0].key, delta))
                matches[0].points[i].printed.append(Printed(delta * NARRATIVE_SCALE, "narrative", tolerance,
                                                            m.group(0).lstrip("，。；：:,;")))


def series_csv(series: dict | None, group: str | None = None) -> str:
    """The series in long form, one row per (series, document): amounts and changes in 元."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["group", "key", "label", "year", "phase", "document", "amount", "change", "printed_change",
                "printed_in", "check", "revision"])
    for g in (series or {}).get("groups", []):
        if group and group != "all" and g["group"] != group:
            continue
        for s in g["series"]:
            for d, p in zip(series["documents"], s.points, strict=True) if series else ():
                w.writerow([s.group, s.key, s.label, _year(d) or d["year"], d["phase"], d["iri"], _text(p.value),
                            _text(p.change), ";".join(_text(x.amount) for x in p.printed),
                            ";".join(sorted({x.source for x in p.printed})), p.check or "",
                            p.revision or ("" if p.comparable else "not comparable")])
    return out.getvalue()


def _text(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f") if value == value.to_integral() else str(value)


def money_change(value: Decimal | None) -> str:
    """A change in 元 shown in 万元 with its sign."""
    return "" if value is None else f"{value / Decimal(10000):+,.2f}"
