"""Checks across documents (issue 17, item 2): what one document restates of another, checked over a store.

Three kinds, each a SHACL shape of ``shapes/crossdoc/`` with the three outcomes of the review (holds, fails,
cannot be determined — and why):

- ``crossdoc-final-budget`` — a 决算's 年初预算 column (its cells typed with the budget phase ``approved`` and the
  document's own year, :mod:`ingest.extract.column_meaning`) against the same unit's 预算 document of that year;
- ``crossdoc-prior-year`` — a document's columns of the year before (上年预算数 → that year's 预算, 上年执行数 /
  上年决算数 → that year's 决算) against the same unit's documents of that year;
- ``crossdoc-prior-year-text`` — what the narrative says of the year before's budget ("财政拨款收入15621.11万元，
  比2023年预算减少876.75万元": 2023 stated 16,497.86 万元) against the same words with their amount in the narrative
  of that year's 预算 ("财政拨款收入16497.86万元");
- ``crossdoc-department-sum`` — a 部门 document = the sum of its 单位 documents of the same year and phase: the
  部门's own 本级 (the same unit, scope 单位) and each unit that is ``org:subOrganizationOf`` it (or that it lists,
  ``org:hasSubOrganization``).

Documents are matched by their unit (one IRI per unit across years, phases and 部门/单位 documents:
:mod:`ingest.organisation`), scope, fiscal year and phase. Cells are matched by table role (one table of the role
in each document), row (its 类/款/项 or economic code, the total row, or the printed label of an uncoded row) and
column (side, expenditure nature and the column's heading without its year and phase words); a key printed twice
in a document is not compared. The comparisons are gathered from the store with SPARQL (any SPARQL 1.1 store:
:data:`Select`), written as notes on an in-memory validation copy beside the amounts of the cells concerned (the
union of what the documents concerned state), and judged by the SHACL-SPARQL shapes (:func:`check`).

Tolerance: :func:`ingest.tolerance.sum_tolerance` with the coarser table's unit — two amounts that should be equal
may differ by one cent of the coarser unit; a 部门 total and its n 单位 parts by the n + 1 terms' half digits.

Cannot be determined (``cnbsh:undeterminedReason``, :data:`ingest.report.REASONS`): the document restated is not
loaded (``missing-document``), it has no table of that role (``missing-table``), a table's reading is unverified
(``unverified-reading``), a restated cell has no counterpart there (``no-counterpart``), a 部门's sum differs
while not all its units are loaded (``units-missing``), or a 决算's 预算数 column that does not say 年初 (it may be the
full-year budget) differs from the budget (``budget-phase-unclear``) — a missing document never makes a check fail.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from ..ontology.namespaces import CNB, SHAPES
from .report import Finding, Outcome, Report
from .tolerance import sum_tolerance
from .validate import SHAPES_DIR, _data_graph, _findings, _rule, shapes_graph

CROSSDOC_DIR = SHAPES_DIR / "crossdoc"
CHECKS = ("crossdoc-department-sum", "crossdoc-final-budget", "crossdoc-prior-year", "crossdoc-prior-year-text")

# (query, variable names) → rows of lexical values (IRIs, literals' lexical forms; None when unbound)
Select = Callable[[str, Sequence[str]], Iterable[Sequence[str | None]]]

_NS = """PREFIX cnb: <https://w3id.org/cn-budget/ontology#>
PREFIX dim: <http://data.openbudgets.eu/ontology/dsd/dimension/>
PREFIX obeu-measure: <http://data.openbudgets.eu/ontology/dsd/measure/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dct: <http://purl.org/dc/terms/>
"""
_DOCS = _NS + """SELECT ?d ?unit ?scope ?year ?phase ?title WHERE { GRAPH ?d {
  ?d a cnb:BudgetDocument ; cnb:unit ?unit ; cnb:scope ?scope ; cnb:fiscalYear ?year ; dim:budgetPhase ?phase .
  OPTIONAL { ?d dct:title ?title } } }"""
_ORGS = _NS + """SELECT ?d ?a ?p ?b WHERE { GRAPH ?d {
  { ?a org:subOrganizationOf ?b BIND("sub" AS ?p) } UNION { ?a org:hasSubOrganization ?b BIND("has" AS ?p) } } }"""
_TABLES = _NS + """SELECT ?d ?t ?role ?scale ?why ?label WHERE { GRAPH ?d {
  ?d cnb:hasTable ?t . ?t cnb:tableRole ?role ; cnb:moneyScale ?scale ; cnb:tableLabel ?label .
  OPTIONAL { ?t cnb:unverifiedReason ?why } } }"""
_COLUMNS = _NS + """SELECT ?t ?c ?label ?own ?year ?phase ?side ?nature WHERE { GRAPH ?d {
  ?t cnb:hasColumn ?c . ?c cnb:ownPeriod ?own ; cnb:columnLabel ?label ; dim:fiscalYear ?year .
  OPTIONAL { ?c dim:budgetPhase ?phase } OPTIONAL { ?c cnb:side ?side } OPTIONAL { ?c cnb:expenditureNature ?nature }
} }"""
_ROWS = _NS + """SELECT ?t ?r ?label ?kind ?side ?code ?page ?line WHERE { GRAPH ?d {
  ?t cnb:hasRow ?r . ?r cnb:rowLabel ?label ; cnb:rowKind ?kind .
  OPTIONAL { ?r cnb:side ?side } OPTIONAL { ?r cnb:code ?code } OPTIONAL { ?r cnb:page ?page }
  OPTIONAL { ?r cnb:sourceLine ?line } } }"""
_CELLS = _NS + """SELECT ?c ?r ?col ?amount ?pub WHERE { GRAPH ?d {
  ?c a cnb:BudgetLine ; cnb:row ?r ; cnb:column ?col ; obeu-measure:amount ?amount ; cnb:publishedValue ?pub } }"""
_CLAIMS = _NS + """SELECT ?d ?c ?text ?value WHERE { GRAPH ?d {
  { ?c a cnb:NarrativeClaim ; cnb:claimText ?text ; cnb:statedValue ?value ; cnb:statedUnit "万元"@zh }
  UNION { ?c a cnb:NarrativeSection ; cnb:sectionText ?text FILTER(CONTAINS(?text, "预算")) } } }"""
_SIDES = _NS + """PREFIX qb: <http://purl.org/linked-data/cube#>
SELECT ?s ?p ?o WHERE { GRAPH ?g { VALUES ?x { %s }
  ?x (cnb:source|qb:dataSet|cnb:row|cnb:column)? ?s . ?s ?p ?o } }"""

APPROVED = "http://data.openbudgets.eu/resource/codelist/budget-phase/approved"
EXECUTED = "http://data.openbudgets.eu/resource/codelist/budget-phase/executed"
SCOPE_UNIT = "https://w3id.org/cn-budget/code/scope/unit"
SCOPE_DEPARTMENT = "https://w3id.org/cn-budget/code/scope/department"
TOTAL_KIND = "https://w3id.org/cn-budget/code/row-kind/total"
SH_NS = str(SHAPES)
DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
AMOUNT = ox.NamedNode("http://data.openbudgets.eu/ontology/dsd/measure/amount")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
BUDGET_DOCUMENT = ox.NamedNode(str(CNB.BudgetDocument))

# heading words that say which period or what kind of total a column is: not what it is of
_PERIOD_WORDS = re.compile(r"20\d{2}\s*年度?|上年度?|上一年|本年度?|当年|今年|年初|全年|调整后?|预计|"
                           r"预算数|预算|执行数|执行|决算数|决算|金额|[（(]?万?元[)）]?|数$")
_TOTAL_WORDS = {"", "合计", "小计", "总计", "合计数"}
_NUMBERING = re.compile(r"^(?:其中[:：])?(?:[（(]?[一二三四五六七八九十]+[)）、.．]|[0-9]+[.、．](?![0-9])|[（(][0-9]+[)）])")
_SPACE = re.compile(r"\s+")
# "<subject>15621.11万元，比2023年预算减少876.75万元" (or 比上年预算…, 持平): the year before's budget of the subject
_NUM = r"[0-9][0-9,]*(?:\.[0-9]+)?"
_PRIOR_TEXT = re.compile(rf"(?:^|[，。；：:,;])\s*(?:{_NUMBERING.pattern[1:]})?[、．.]?\s*(?P<subject>[^，。；：:,;0-9]{{2,40}}?)\s*(?:为)?\s*(?P<amount>{_NUM})\s*万元"
                         rf"[，,]?\s*(?:较|比)(?P<year>20[0-9]{{2}}年|上年|上一年)度?(?:[（(][^）)]{{0,12}}[)）])?预算"
                         rf"(?:数)?(?:(?P<dir>增加|减少|增长|下降)\s*(?P<delta>{_NUM})\s*万元|(?P<same>持平))")


def ox_select(store: ox.Store) -> Select:
    """:data:`Select` over an Oxigraph store (its named graphs)."""

    def run(query: str, names: Sequence[str]) -> Iterator[tuple[str | None, ...]]:
        solutions = store.query(query)
        assert isinstance(solutions, ox.QuerySolutions)
        for s in solutions:
            yield tuple(None if (t := s[n]) is None else t.value for n in names)

    return run


def _vars(query: str) -> list[str]:
    head = query.split("WHERE", 1)[0]
    return re.findall(r"\?(\w+)", head.split("SELECT", 1)[1])


def _leaf(label: str) -> str:
    """A column heading without its year, phase and total words: what the column is of (公务接待费, 基本支出)."""
    for segment in reversed([_SPACE.sub("", s) for s in label.split("/")]):
        rest = _PERIOD_WORDS.sub("", segment).replace("“", "").replace("”", "").replace('"', "")
        if rest and rest not in _TOTAL_WORDS:
            return rest.removeprefix("公务用车")
    return "合计"


def _row_key(label: str, kind: str, side: str | None, code: str | None) -> tuple[str, ...]:
    if code:
        return ("code", side or "", code)
    if kind == TOTAL_KIND:
        return ("total", side or "")
    return ("label", side or "", _NUMBERING.sub("", _SPACE.sub("", label)))


@dataclass(frozen=True)
class Doc:
    iri: str
    unit: str
    scope: str
    year: int
    phase: str
    title: str


@dataclass(frozen=True)
class Column:
    iri: str
    table: str
    own: bool
    year: int
    phase: str | None
    key: tuple[str, ...]
    label: str


@dataclass(frozen=True)
class Cell:
    iri: str
    amount: Decimal
    published: str
    table: str
    where_zh: str  # 表「行」行「列」列（第 N 页）
    where_en: str
    heading: str = ""  # the column's printed heading


@dataclass
class Comparison:
    """One comparison: ``cells`` of the document checked against ``others`` (one cell, or the parts of a sum)."""

    kind: str
    document: str
    other: str | None
    cells: list[Cell] = field(default_factory=list)
    others: list[Cell] = field(default_factory=list)
    tolerance: Decimal = Decimal(0)
    reason: str | None = None
    if_different: str | None = None  # when the two sides differ, why that is no failure (units-missing, …)


@dataclass
class Store:
    """What the checks need of a store, read with a few SELECTs."""

    docs: dict[str, Doc]
    tables: dict[str, tuple[str, str, Decimal, bool, str]]  # table → (doc, role, scale, unverified, label)
    by_role: dict[tuple[str, str], list[str]]  # (doc, role) → tables
    cells: dict[tuple[str, str], list[tuple[Column, tuple[str, ...], Cell]]]  # (doc, role) → (column, row key, cell)
    subs: dict[str, set[str]]  # unit → units that are its sub-organisations
    listed: dict[str, set[str]]  # 部门 document → units it lists
    # doc → (claim, its sentence, its number) and then (section, its text, None): the narrative's words
    sentences: dict[str, list[tuple[str, str, Decimal | None]]] = field(default_factory=dict)


def read_store(select: Select) -> Store:
    docs: dict[str, Doc] = {}
    for d, unit, scope, year, phase, title in select(_DOCS, _vars(_DOCS)):
        assert d and unit and scope and year and phase
        docs.setdefault(d, Doc(d, unit, scope, int(year[:4]), phase, title or d))
    subs: dict[str, set[str]] = defaultdict(set)
    listed: dict[str, set[str]] = defaultdict(set)
    for d, a, p, b in select(_ORGS, _vars(_ORGS)):
        assert d and a and b
        if p == "sub":
            subs[b].add(a)
        else:
            subs[a].add(b)
            if d in docs and docs[d].unit == a:
                listed[d].add(b)
    tables: dict[str, tuple[str, str, Decimal, bool, str]] = {}
    by_role: dict[tuple[str, str], list[str]] = defaultdict(list)
    for d, t, role, scale, why, label in select(_TABLES, _vars(_TABLES)):
        assert d and t and role and scale
        if d in docs and t not in tables:
            tables[t] = (d, role, Decimal(scale), why is not None, label or "")
            by_role[d, role].append(t)
    columns: dict[str, Column] = {}
    for t, c, label, own, year, phase, side, nature in select(_COLUMNS, _vars(_COLUMNS)):
        assert t and c and label and own and year
        if t in tables:
            columns[c] = Column(c, t, own == "true", int(year.rsplit("/", 1)[-1]), phase,
                                (side or "", nature or "", _leaf(label)), label)
    rows: dict[str, tuple[tuple[str, ...], str, str | None, str | None]] = {}
    for t, r, label, kind, side, code, page, line in select(_ROWS, _vars(_ROWS)):
        assert t and r and label and kind
        if t in tables:
            rows[r] = (_row_key(label, kind, side, code), label, page, line)
    cells: dict[tuple[str, str], list[tuple[Column, tuple[str, ...], Cell]]] = defaultdict(list)
    for c, r, col, amount, pub in select(_CELLS, _vars(_CELLS)):
        assert c and r and col and amount is not None
        column, row = columns.get(col), rows.get(r)
        if column is None or row is None:
            continue
        owner, trole, tscale, _, tlabel = tables[column.table]
        key, rlabel, page, line = row
        at_zh = f"第 {page} 页" if page else f"第 {line} 行" if line else "位置不明"
        at_en = f"page {page}" if page else f"line {line}" if line else "place unknown"
        scale_label = "万元" if tscale == 10000 else "元" if tscale == 1 else f"×{tscale}元"
        cell = Cell(c, Decimal(amount), f"{pub}{scale_label}", column.table,
                    f"{tlabel}「{rlabel}」行「{column.label}」列 {pub}{scale_label}（{at_zh}）",
                    f"{tlabel}, row '{rlabel}', column '{column.label}': {pub} {scale_label} ({at_en})", column.label)
        cells[owner, trole].append((column, key, cell))
    sentences: dict[str, list[tuple[str, str, Decimal | None]]] = defaultdict(list)
    for d, c, text, value in select(_CLAIMS, _vars(_CLAIMS)):
        assert d and c and text
        if d in docs:
            sentences[d].append((c, _SPACE.sub("", text), None if value is None else Decimal(value)))
    for found in sentences.values():
        found.sort(key=lambda x: (x[2] is None, x[0]))  # claims first: a finding points at the sentence
    return Store(docs, tables, by_role, cells, subs, listed, dict(sentences))


# -- the comparisons -----------------------------------------------------------------------------------------

def _index(entries: list[tuple[Column, tuple[str, ...], Cell]], *, own: bool, year: int | None = None,
           phase: str | None = None) -> dict[tuple, Cell]:
    """(row key, column key) → cell, for the cells of the period asked; keys printed twice are left out."""
    out: dict[tuple, Cell] = {}
    twice: set[tuple] = set()
    for column, row_key, cell in entries:
        if column.own != own or (year is not None and (column.year, column.phase) != (year, phase)):
            continue
        key = (row_key, column.key)
        if key in out:
            twice.add(key)
        out[key] = cell
    for key in twice:
        del out[key]
    return out


def _one_table(s: Store, doc: str, role: str) -> str | None:
    tables = s.by_role.get((doc, role), [])
    return tables[0] if len(tables) == 1 else None


def _unverified(s: Store, *cells: Cell) -> bool:
    return any(s.tables[c.table][3] for c in cells if c.table)


def _scale(s: Store, *cells: Cell) -> Decimal:
    return max(s.tables[c.table][2] for c in cells if c.table)


def comparisons(s: Store) -> list[Comparison]:
    """Every comparison the three checks make on the documents of the store."""
    out: list[Comparison] = []
    by_identity: dict[tuple[str, str, int, str], list[str]] = defaultdict(list)
    for d in sorted(s.docs.values(), key=lambda d: d.iri):
        by_identity[d.unit, d.scope, d.year, d.phase].append(d.iri)
    roles_of: dict[str, set[str]] = defaultdict(set)
    for doc, role in s.cells:
        roles_of[doc].add(role)
    for d in sorted(s.docs.values(), key=lambda d: d.iri):
        out += _restated(s, d, roles_of[d.iri], by_identity)
        out += _prior_text(s, d, by_identity)
        if d.scope == SCOPE_DEPARTMENT:
            out += _department(s, d, roles_of[d.iri], by_identity)
    return out


def _restated(s: Store, d: Doc, roles: set[str], by_identity: dict) -> list[Comparison]:
    out: list[Comparison] = []
    periods: dict[tuple[int, str], set[str]] = defaultdict(set)
    for role in roles:
        for column, _, _ in s.cells[d.iri, role]:
            if not column.own and column.phase in (APPROVED, EXECUTED):
                periods[column.year, column.phase].add(role)
    for (year, phase), period_roles in sorted(periods.items()):
        if phase == APPROVED and d.phase == EXECUTED and year == d.year:
            kind = "crossdoc-final-budget"
        elif year == d.year - 1:
            kind = "crossdoc-prior-year"
        else:
            continue
        others = by_identity.get((d.unit, d.scope, year, phase), [])
        if not others:
            out.append(Comparison(kind, d.iri, None, reason="missing-document"))
            continue
        other = others[0]
        for role in sorted(period_roles):
            table = _one_table(s, d.iri, role)
            there = _one_table(s, other, role)
            if table is None:
                continue
            if there is None:
                out.append(Comparison(kind, d.iri, other, reason="missing-table" if not s.by_role.get((other, role))
                                      else "several-tables"))
                continue
            mine = _index(s.cells[d.iri, role], own=False, year=year, phase=phase)
            theirs = _index(s.cells.get((other, role), []), own=True)
            for key, cell in sorted(mine.items(), key=lambda kv: kv[1].iri):
                counterpart = theirs.get(key)
                if counterpart is None:
                    if cell.amount != 0:
                        out.append(Comparison(kind, d.iri, other, [cell], reason="no-counterpart"))
                    continue
                reason = "unverified-reading" if _unverified(s, cell, counterpart) else None
                # a 决算's 预算数 that does not say 年初 may be the full-year budget (年初 + 追加): a difference is no error
                unclear = "budget-phase-unclear" if kind == "crossdoc-final-budget" and "年初" not in cell.heading \
                    else None
                out.append(Comparison(kind, d.iri, other, [cell], [counterpart],
                                      sum_tolerance(2, _scale(s, cell, counterpart)), reason, unclear))
    return out


def _stated(text: str, subject: str) -> list[Decimal]:
    """The amounts (万元) a sentence states for ``subject`` ("…，财政拨款收入16497.86万元")."""
    pattern = re.compile(rf"(?:^|[，。；：:,;])\s*(?:20[0-9]{{2}}年[，,]?\s*)?{_NUMBERING.pattern[1:]}?[、．.]?"
                         rf"{re.escape(subject)}\s*(?:为)?\s*({_NUM})\s*万元")
    return [Decimal(m.group(1).replace(",", "")) for m in pattern.finditer(text)]


def _prior_text(s: Store, d: Doc, by_identity: dict) -> list[Comparison]:
    """The narrative's changes from the year before's budget against that budget's narrative."""
    kind = "crossdoc-prior-year-text"
    out: list[Comparison] = []
    seen: set[tuple[str, str]] = set()
    for claim, text, value in s.sentences.get(d.iri, []):
        for m in _PRIOR_TEXT.finditer(text):
            year = int(m["year"][:4]) if m["year"][0].isdigit() else d.year - 1
            if year != d.year - 1 or d.phase != APPROVED:
                continue
            delta = Decimal(0) if m["same"] else Decimal(m["delta"].replace(",", ""))
            if m["dir"] in ("减少", "下降"):
                delta = -delta
            subject = _NUMBERING.sub("", _SPACE.sub("", m["subject"]).removeprefix("其中")).lstrip("、．.")
            if len(subject) < 2:
                continue
            amount = Decimal(m["amount"].replace(",", ""))
            if value is not None and m["same"] is None and value != abs(delta):
                continue  # the claim of this sentence that states the change
            if (subject, m["amount"]) in seen:
                continue
            seen.add((subject, m["amount"]))
            here = Cell(claim, (amount - delta) * 10000, f"{m['amount']}万元",
                        "", f"文字说明「{m.group(0).lstrip('，。；：:,;')}」",
                        f"the narrative '{m.group(0).lstrip('，。；：:,;')}'")
            others = by_identity.get((d.unit, d.scope, year, APPROVED), [])
            if not others:
                out.append(Comparison(kind, d.iri, None, [here], reason="missing-document"))
                continue
            found = [(c, v2) for c, t, v in s.sentences.get(others[0], []) for v2 in _stated(t, subject)
                     if v is None or v == v2]
            values = {v for _, v in found}
            if len(values) != 1:
                out.append(Comparison(kind, d.iri, others[0], [here], reason="no-counterpart"))
                continue
            c2, v2 = found[0]
            there = Cell(c2, v2 * 10000, f"{v2}万元", "", f"文字说明「{subject}{v2}万元」", f"the narrative '{subject}{v2}万元'")
            # three printed amounts (this year's, the change, the year before's), in 万元
            out.append(Comparison(kind, d.iri, others[0], [here], [there], sum_tolerance(3, Decimal(10000))))
    return out


def _department(s: Store, d: Doc, roles: set[str], by_identity: dict) -> list[Comparison]:
    kind = "crossdoc-department-sum"
    units = {d.unit} | s.subs.get(d.unit, set())
    parts = [p for u in sorted(units) for p in by_identity.get((u, SCOPE_UNIT, d.year, d.phase), [])[:1]]
    if not parts:
        return [Comparison(kind, d.iri, None, reason="missing-document")]
    loaded = {s.docs[p].unit for p in parts}
    listed = s.listed.get(d.iri, set()) - {d.unit}
    complete = bool(listed) and listed <= loaded and d.unit in loaded
    if_different = None if complete else "units-missing"
    out: list[Comparison] = []
    for role in sorted(roles):
        if _one_table(s, d.iri, role) is None:
            continue
        whole = _index(s.cells[d.iri, role], own=True)
        if not whole:
            continue
        indexes = []
        for p in parts:
            if _one_table(s, p, role) is None:
                break
            indexes.append(_index(s.cells.get((p, role), []), own=True))
        else:
            for key, cell in sorted(whole.items(), key=lambda kv: kv[1].iri):
                found = [ix[key] for ix in indexes if key in ix]
                if not found and cell.amount == 0:
                    continue
                if not found:
                    out.append(Comparison(kind, d.iri, parts[0], [cell], reason="no-counterpart"))
                    continue
                reason = "unverified-reading" if _unverified(s, cell, *found) else None
                out.append(Comparison(kind, d.iri, parts[0], [cell], found,
                                      sum_tolerance(len(parts) + 1, _scale(s, cell, *found)), reason, if_different))
            continue
        out.append(Comparison(kind, d.iri, parts[0], reason="missing-table"))
    return out


# -- the validation copy and the shapes ------------------------------------------------------------------------

@cache
def crossdoc_shapes() -> Graph:
    """The cross-document shapes (shapes/crossdoc/*.ttl) with the layers' prefix declarations."""
    g = Graph()
    for path in sorted(CROSSDOC_DIR.glob("*.ttl")):
        g.parse(path, format="turtle")
    base = shapes_graph()
    for triple in base.triples((None, SH.declare, None)):
        g.add(triple)
        g += base.triples((triple[2], None, None))
    return g


def _lit(value: str | Decimal, datatype: ox.NamedNode | None = None) -> ox.Literal:
    return ox.Literal(format(value, "f") if isinstance(value, Decimal) else value, datatype=datatype)


def copy_of(s: Store, items: list[Comparison]) -> ox.Store:
    """The validation copy: each comparison as a ``cnbsh:Comparison`` of its document, with the cells concerned and
    their amounts (元)."""
    store = ox.Store()
    quads: list[ox.Quad] = []
    p = {n: ox.NamedNode(SH_NS + n) for n in (
        "Comparison", "comparisonOf", "checkKind", "cell", "otherCell", "tolerance", "undeterminedReason", "ifDifferent",
        "otherDocument", "at", "otherAt", "documentTitle", "parts", "amount", "otherAmount")}
    seen: set[str] = set()
    for i, c in enumerate(items):
        node = ox.NamedNode(f"urn:budgetkg:crossdoc:{i}")
        doc = ox.NamedNode(c.document)
        if c.document not in seen:
            seen.add(c.document)
            quads += [ox.Quad(doc, RDF_TYPE, BUDGET_DOCUMENT), ox.Quad(doc, p["documentTitle"],
                                                                       _lit(s.docs[c.document].title))]
        quads += [ox.Quad(node, RDF_TYPE, p["Comparison"]), ox.Quad(node, p["comparisonOf"], doc),
                  ox.Quad(node, p["checkKind"], _lit(c.kind))]
        if c.other:
            quads += [ox.Quad(node, p["otherDocument"], ox.NamedNode(c.other))]
            if c.other not in seen:
                seen.add(c.other)
                quads.append(ox.Quad(ox.NamedNode(c.other), p["documentTitle"], _lit(s.docs[c.other].title)))
        if c.reason:
            quads.append(ox.Quad(node, p["undeterminedReason"], _lit(c.reason)))
        if c.if_different:
            quads.append(ox.Quad(node, p["ifDifferent"], _lit(c.if_different)))
        if not c.cells:
            continue
        quads += [ox.Quad(node, p["tolerance"], _lit(c.tolerance, DECIMAL)),
                  ox.Quad(node, p["at"], _lit(c.cells[0].where_zh, None)),
                  ox.Quad(node, p["at"], ox.Literal(c.cells[0].where_en, language="en")),
                  ox.Quad(node, p["parts"], _lit(str(len(c.others)), None))]
        if len(c.others) == 1:
            quads += [ox.Quad(node, p["otherAt"], _lit(c.others[0].where_zh)),
                      ox.Quad(node, p["otherAt"], ox.Literal(c.others[0].where_en, language="en"))]
        else:
            quads += [ox.Quad(node, p["otherAt"], _lit("；".join(o.where_zh for o in c.others))),
                      ox.Quad(node, p["otherAt"], ox.Literal("; ".join(o.where_en for o in c.others), language="en"))]
        for cell, prop in [(x, p["cell"]) for x in c.cells] + [(x, p["otherCell"]) for x in c.others]:
            quads.append(ox.Quad(node, prop, ox.NamedNode(cell.iri)))
        if c.kind == "crossdoc-department-sum":  # a sum over cells: each cell with its amount
            quads += [ox.Quad(ox.NamedNode(x.iri), AMOUNT, _lit(x.amount, DECIMAL)) for x in c.cells + c.others]
        else:  # one amount each side (a narrative's side is the amount it implies, not its claim's number)
            quads.append(ox.Quad(node, p["amount"], _lit(c.cells[0].amount, DECIMAL)))
            quads += [ox.Quad(node, p["otherAmount"], _lit(x.amount, DECIMAL)) for x in c.others]
    store.bulk_extend(quads)
    return store


@cache
def _scopes() -> dict[str, str]:
    shapes = crossdoc_shapes()
    prefixes = "".join(f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
                       for d in set(shapes.objects(None, SH.declare)))
    return {_rule(shape): f"{prefixes}SELECT ?reason (COUNT(DISTINCT ?item) AS ?n) WHERE {{ {{ {query} }} }} "
                          "GROUP BY ?reason"
            for shape, query in shapes.subject_objects(SHAPES.scope)}


def _outcomes(copy: ox.Store, findings: list[Finding]) -> dict[str, Outcome]:
    fails: dict[str, int] = defaultdict(int)
    for f in findings:
        fails[f.rule] += 1
    out: dict[str, Outcome] = {}
    for rule, query in sorted(_scopes().items()):
        determined, reasons = 0, {}
        solutions = copy.query(query)
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            reason, n = row["reason"], row["n"]
            count = int(n.value) if n is not None else 0
            if reason is None:
                determined += count
            elif count:
                reasons[reason.value] = count
        out[rule] = Outcome(max(determined - fails[rule], 0), fails[rule], reasons)
    return out


def _sides_store(select: Select, results: Graph) -> ox.Store:
    """The cells a finding names, with their table, row, column and source: for the finding's sides."""
    nodes = {t for msg in results.objects(None, SH.resultMessage) if str(msg).startswith("sides:")
             for t in str(msg)[6:].split() if t.startswith(("http://", "https://"))}
    nodes |= {str(v) for v in results.objects(None, SH.value)}  # the documents checked
    store = ox.Store()
    ordered = sorted(nodes)
    for i in range(0, len(ordered), 200):
        values = " ".join(f"<{n}>" for n in ordered[i:i + 200])
        store.bulk_extend(ox.Quad(ox.NamedNode(sub), ox.NamedNode(pred), ox.Literal(obj or ""))
                          for sub, pred, obj in select(_SIDES % values, ("s", "p", "o")) if sub and pred)
    return store


def check(select: Select, *, documents: Iterable[str] | None = None, lang: str = "zh", source: str = "store",
          severity: str = "Info") -> Report:
    """Run the cross-document checks on a store; ``documents``: only the comparisons that involve these (the ones
    just loaded), otherwise all. One report: findings on each document checked, outcomes over all comparisons."""
    from .report import SEVERITIES

    s = read_store(select)
    items = comparisons(s)
    if documents is not None:
        wanted = set(documents)
        items = [c for c in items if c.document in wanted or c.other in wanted
                 or any(x.table and s.tables[x.table][0] in wanted for x in c.others)]
    copy = copy_of(s, items)
    shapes = crossdoc_shapes()
    conforms, results, _ = shacl_validate(_data_graph(copy), shacl_graph=shapes, allow_warnings=True,
                                          allow_infos=True)
    findings = _findings(results, shapes, _sides_store(select, results))
    for f in findings:  # the shapes' one focus node stands for the copy: a finding is on the document it names
        f.focus = next((x.node for x in f.sides if x.kind == "document"), f.focus)
        f.sides = [x for x in f.sides if x.kind != "document"]
    outcomes = _outcomes(copy, findings)
    minimum = SEVERITIES[severity.lower()]
    shown = [f for f in findings if SEVERITIES[f.severity.lower()] >= minimum]
    return Report(bool(conforms), shown, results, source, lang, outcomes=outcomes)


def check_store(store: ox.Store, **kw) -> Report:
    """:func:`check` on an Oxigraph store."""
    return check(ox_select(store), **kw)


def load_graphs(paths: Iterable[str | Path], store: ox.Store | None = None) -> ox.Store:
    """An in-memory store with each RDF file as the named graph of its document (tests and benches)."""
    store = store or ox.Store()
    for path in paths:
        path = Path(path)
        fmt = ox.RdfFormat.N_TRIPLES if path.suffix == ".nt" else ox.RdfFormat.TURTLE
        tmp = ox.Store()
        tmp.bulk_load(path.read_bytes(), fmt)
        doc = next(iter(tmp.quads_for_pattern(None, RDF_TYPE, BUDGET_DOCUMENT))).subject
        assert isinstance(doc, ox.NamedNode)
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, doc) for q in tmp)
    return store


def finding_documents(report: Report) -> dict[str, list[Finding]]:
    """Findings by the document they are on."""
    out: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        out[f.focus].append(f)
    return dict(out)


__all__ = ["CHECKS", "Select", "check", "check_store", "comparisons", "load_graphs", "ox_select", "read_store",
           "URIRef"]
