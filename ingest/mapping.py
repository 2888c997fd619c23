"""Records → RDF: one rdflib graph per document, IRIs from :mod:`ingest.iri`.

Amounts are ``xsd:decimal`` normalised to 元 (``obeu-measure:amount``, ``sdmx-attribute:unitMult``
``sdmx-code:unitMult-0``); the published value is kept (``cnb:publishedValue``, the table's ``cnb:moneyScale``)
and every amount links to its :class:`~rdflib.URIRef` source with table, row, column, page/line and verbatim text.

Each table is a ``qb:DataSet`` with the ``qb:structure`` of its family (:mod:`ingest.datacube`,
``ontology/datacube.ttl``); each of its observations has every dimension of that structure, and no two share them
all: a dimension a cell is not broken down by has its scheme's ``total`` concept, a row without a code is a line
item (``cnb:lineItem``), and columns no other dimension tells apart are column items (``cnb:columnItem``).
The fiscal year is ``http://reference.data.gov.uk/id/year/YYYY`` (an ``interval:Year``, as OBEU's examples).

Only amount columns become observations (``cnb:BudgetLine``), each with the fiscal year and budget phase of
its own column (a 2025年执行数 column of a 2026 budget gives 2025 executed figures; ``cnb:ownPeriod`` on the
column says whether it states the document's own year and phase). Change and percentage columns become
``cnb:TableFigure`` cells (``cnb:changeAmount`` in 元, ``cnb:changePercent``, ``cnb:sharePercent``,
``cnb:countValue``, ``cnb:scoreValue``) with the same provenance, outside the cube; a 行次 is the row's
``cnb:lineNumber``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib import namespace as _rdflib_ns

from ..ontology.namespaces import AGENT, DATA_PATH, DSD, INTERVAL, SDMX_CODE, YEAR
from . import __version__, organisation
from . import vocab as _vocab
from .datacube import CLASSIFICATIONS, FAMILY_OF, TOTAL
from .extract.column_meaning import OBEU_PHASE as COLUMN_PHASES
from .extract.column_meaning import cell_meaning, is_own
from .iri import IRIs, slug
from .model import (
    Cell,
    Claim,
    Column,
    Document,
    Indicator,
    Measure,
    PerformanceGoal,
    Provenance,
    Row,
    Table,
    TableRole,
)
from .vocab import (
    BUDGET_TYPES,
    CODE,
    CODE_SYSTEMS,
    COMPARATORS,
    CURRENCY_CNY,
    FUND_SOURCES,
    INDICATOR_LEVEL1,
    INDICATOR_LEVEL2,
    NATURES,
    OBEU_OP,
    OBEU_PHASE,
    PHASES,
    POLARITIES,
    PREFIXES,
    SCOPES,
    SECTION_KIND_ZH,
    code_concept,
    concept,
    match_keyword,
)


class _Terms:
    """A namespace whose terms are built once: rdflib builds (and checks) a new URIRef on every attribute access,
    which was a third of the mapping's time on a large document."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        return self._namespace[name]


DCTERMS, ORG, PROV, QB, RDF, RDFS, SKOS, XSD = (_Terms(getattr(_rdflib_ns, n)) for n in (
    "DCTERMS", "ORG", "PROV", "QB", "RDF", "RDFS", "SKOS", "XSD"))
CNB, OA, OBEU_ATTR, OBEU_DIM, OBEU_MEASURE, SDMX_ATTR, TIME = (_Terms(getattr(_vocab, n)) for n in (
    "CNB", "OA", "OBEU_ATTR", "OBEU_DIM", "OBEU_MEASURE", "SDMX_ATTR", "TIME"))

INCOME_ROLES = {TableRole.INCOME}
UNIT_MULT_0 = SDMX_CODE["unitMult-0"]
CODE_SCHEMES = {"line-item": CODE["line-item"], "column-item": CODE["column-item"]}  # amounts are in 元: value × 10^0
# classification dimension → the scheme path of its concepts (code:func/…), for its total concept
SCHEME_PATHS = {prop: path for prop, _, path in CODE_SYSTEMS.values()}
# the numbering printed before a row label: 一、 （一） 1. 1、 (1) 其中：
_NUMBERING = re.compile(r"^\s*(?:其中[:：]\s*)?(?:[（(]?[一二三四五六七八九十]+[)）、.．]|[0-9]+[.、．](?![0-9])|[（(][0-9]+[)）])\s*")


@lru_cache(maxsize=1)
def _function_classes() -> dict[str, str]:
    """The name of each 支出功能分类 类 → its code, from the 2025 list (ontology/codelists/source/func-2025.csv)."""
    from ..ontology.build_codelists import read_source

    return {name: code for code, (name, _) in read_source("func").items() if len(code) == 3}


def _item_label(label: str) -> str:
    """A row or column label as a line item names it: no printed numbering, no spaces."""
    return re.sub(r"\s+", "", _NUMBERING.sub("", label)) or re.sub(r"\s+", "", label)
# the property that carries a non-amount cell's value (an amount is obeu-measure:amount of a cnb:BudgetLine)
FIGURES = {Measure.CHANGE: CNB.changeAmount, Measure.CHANGE_PERCENT: CNB.changePercent,
           Measure.SHARE_PERCENT: CNB.sharePercent, Measure.COUNT: CNB.countValue,
           Measure.SCORE: CNB.scoreValue}


@lru_cache(maxsize=1 << 16)
def _dec(value: Decimal) -> Literal:
    """xsd:decimal in one canonical lexical form (26.80 and 26.8 are the same term), so that
    stores can join amounts by value."""
    text = format(value.normalize(), "f") if value else "0"
    return Literal(text, datatype=XSD.decimal)


@lru_cache(maxsize=1 << 12)
def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


class _Mapper:
    def __init__(self, doc: Document, base: str):
        self.doc = doc
        self.iri = IRIs(doc, base)
        self.triples: dict[tuple, None] = {}  # insertion-ordered set: deterministic and duplicate-free
        self._memo: dict[tuple, object] = {}  # per-table and per-row results the cells of a table share

    def add(self, s, p, o) -> None:
        self.triples[(s, p, o)] = None

    # -- document and unit ------------------------------------------------------------
    def document(self) -> None:
        d, i = self.doc, self.iri
        doc, unit, file = i.document, i.unit, i.file
        self.add(doc, RDF.type, CNB.BudgetDocument)
        self.add(doc, DCTERMS.title, Literal(d.title or f"{d.unit_name}{d.year}年{d.phase.value}", lang="zh"))
        self.add(doc, CNB.unit, unit)
        self.add(doc, CNB.fiscalYear, Literal(str(d.year), datatype=XSD.gYear))
        self.add(doc, OBEU_DIM.fiscalYear, self._year(d.year))
        self.add(doc, OBEU_DIM.budgetPhase, PHASES[d.phase.value])
        self.add(doc, CNB.scope, concept("scope", SCOPES[d.scope.value]))
        self.add(doc, CNB.sourceFile, file)
        self.add(doc, PROV.wasGeneratedBy, i.extraction)
        self.add(doc, PROV.hadPrimarySource, file)
        self.add(file, RDF.type, CNB.SourceFile)
        self.add(file, CNB.sha256, Literal(d.sha256))
        self.add(file, DCTERMS.title, Literal(d.source_name))
        self.add(file, DCTERMS["format"], Literal(d.media_type))
        run = i.extraction
        self.add(run, RDF.type, CNB.Extraction)
        self.add(run, PROV.used, file)
        self.add(run, PROV.wasAssociatedWith, AGENT[f"budgetkg/{__version__}"])
        self._year(d.year)
        self.add(unit, RDF.type, CNB.BudgetUnit)
        self.add(unit, RDF.type, ORG.Organization)
        self.add(unit, SKOS.prefLabel, Literal(d.unit_name, lang="zh"))
        if d.unit_code:
            self.add(unit, CNB.unitCode, Literal(d.unit_code))
        if d.region:
            self.add(unit, CNB.regionCode, Literal(d.region))
        self.triples.update(dict.fromkeys(organisation.triples(d, i)))  # jurisdiction, 统一社会信用代码, 部门/单位
        for title in d.listed_tables:
            self.add(doc, CNB.listsTable, Literal(title, lang="zh"))
        for n, line in enumerate(d.page_lines):  # a running head, the cover, a contents entry, a repeated header
            kept, src = URIRef(f"{doc}/page-line/{n}"), line.source
            self.add(i.table(src.table) if src.table else doc, DCTERMS.hasPart, kept)
            self.add(kept, RDF.type, CNB.CellSource)
            self.add(kept, DCTERMS.type, Literal(line.kind))
            self.add(kept, CNB.verbatimText, Literal(src.text))
            if src.bbox is not None:
                self.add(kept, CNB.bbox, Literal(" ".join(f"{v:.1f}" for v in src.bbox)))
            self._where(kept, src)
        for note in d.notices:
            self.add(doc, RDFS.comment, Literal(note))

    # -- tables -----------------------------------------------------------------------
    def table(self, t: Table, position: int) -> None:
        i = self.iri
        tb = i.table(t.label)
        self.add(i.document, CNB.hasTable, tb)
        self.add(tb, RDF.type, CNB.BudgetTable)
        self.add(tb, RDF.type, QB.DataSet)
        self.add(tb, QB.structure, DSD[FAMILY_OF[t.role]])
        self.add(tb, CNB.document, i.document)
        self.add(tb, CNB.tableLabel, Literal(t.label))
        self.add(tb, CNB.tableIndex, _int(position))
        self.add(tb, DCTERMS.title, Literal(t.title, lang="zh"))
        self.add(tb, CNB.tableRole, concept("table-role", t.role.value))
        self.add(tb, CNB.moneyScale, _dec(t.scale))
        self.add(tb, CNB.scaleLabel, Literal(t.scale_label, lang="zh"))
        if t.note:
            self.add(tb, CNB.note, Literal(t.note, lang="zh"))
        if t.unverified:
            self.add(tb, CNB.unverifiedReason, Literal(t.unverified, lang="en"))
        if t.empty_reason:
            self.add(tb, CNB.emptyReason, Literal(t.empty_reason, lang="zh"))
        for line in t.header:
            self.add(tb, CNB.headerLine, Literal(line, lang="zh"))
        self._where(tb, t.source)
        for page in t.pages:
            self.add(tb, CNB.page, _int(page))
        for col in t.columns:
            self.column(t, col)
        self._keys = self._cube_keys(t)
        for row in t.rows:
            self.row(t, row)

    def column(self, t: Table, col: Column) -> None:
        c = self.iri.column(t.label, col.index)
        self.add(self.iri.table(t.label), CNB.hasColumn, c)
        self.add(c, RDF.type, CNB.TableColumn)
        self.add(c, CNB.columnIndex, _int(col.index))
        self.add(c, CNB.columnLabel, Literal(col.label, lang="zh"))
        self.add(c, RDFS.label, Literal(col.label, lang="zh"))
        if col.side:
            self.add(c, CNB.side, concept("side", col.side))
        if col.parent is not None:
            link = CNB.parentColumn if col.additive else CNB.subsetOfColumn
            self.add(c, link, self.iri.column(t.label, col.parent))
        self.add(c, CNB.measureType, concept("measure-type", col.measure.value))
        if col.measure is Measure.AMOUNT:
            year, phase = self._period(col.year, col.phase)
            self.add(c, OBEU_DIM.fiscalYear, year)
            if phase is not None:
                self.add(c, OBEU_DIM.budgetPhase, phase)
            self.add(c, CNB.ownPeriod, Literal(is_own(col)))
        for dim, value in self._column_dimensions(t, col):
            self.add(c, dim, value)

    def _year(self, year: int) -> URIRef:
        """The fiscal year's IRI (``http://reference.data.gov.uk/id/year/2025``, an ``interval:Year``)."""
        iri = YEAR[str(year)]
        if (iri, RDF.type, INTERVAL.Year) not in self.triples:
            self.add(iri, RDF.type, INTERVAL.Year)
            self.add(iri, RDF.type, TIME.Interval)
            self.add(iri, RDFS.label, Literal(f"{year}年", lang="zh"))
        return iri

    def _period(self, col_year: int | None, col_phase: str | None) -> tuple[URIRef, URIRef | None]:
        """(fiscal-year IRI, OBEU budget phase or None) of figures of a column's year and phase (None = own)."""
        iri = self._year(col_year or self.doc.year)
        if col_phase is None:
            return iri, PHASES[self.doc.phase.value]
        slug = COLUMN_PHASES.get(col_phase)
        return iri, OBEU_PHASE[slug] if slug else None

    def _column_dimensions(self, t: Table, col: Column) -> list[tuple[URIRef, URIRef]]:
        text = col.label
        out: list[tuple[URIRef, URIRef]] = []
        nature = match_keyword(col.leaf, NATURES) or match_keyword(text, NATURES)
        if nature:
            out.append((CNB.expenditureNature, concept("exp-nature", nature)))
        if t.role in INCOME_ROLES or col.side == "income":
            source = match_keyword(col.leaf, FUND_SOURCES)
            if source:
                out.append((CNB.fundSource, concept("fund-source", source)))
        elif "上年结转" in text:
            out.append((CNB.fundSource, concept("fund-source", "carry-over")))
        elif "当年财政拨款" in text:
            out.append((CNB.fundSource, concept("fund-source", "current-appropriation")))
        btype = match_keyword(text, BUDGET_TYPES) or {
            TableRole.GENERAL_FUNCTION: "general-public", TableRole.GENERAL_BASIC: "general-public",
            TableRole.GENERAL_PROJECT: "general-public", TableRole.THREE_PUBLIC: "general-public",
            TableRole.FUND: "government-fund", TableRole.FUND_THREE_PUBLIC: "government-fund",
            TableRole.STATE_CAPITAL: "state-capital",
        }.get(t.role)
        if btype:
            out.append((CNB.budgetType, concept("budget-type", btype)))
        return out

    def _cube_keys(self, t: Table) -> dict[tuple[int, int], list[tuple[URIRef, URIRef]]]:
        """The dimension values of every amount cell of a table, (row index, column index) → [(dimension, value)]:
        every dimension of the table's DSD, told apart within the table (Data Cube IC-11 and IC-12).

        Row and column give the classification codes, fund source, budget type and nature they state; what a
        cell is not broken down by is its scheme's ``total``. Rows left alike are told apart by their line item
        (the labels of the row and of the uncoded rows above it), columns by their column item (the label)."""
        cells: list[tuple[Row, Column, tuple]] = []
        for row in t.rows:
            for cell in row.cells:
                col = t.columns[cell.column]
                meaning = self._once(("meaning", id(col), row.label),
                                     lambda col=col, row=row: cell_meaning(col, row.label, self.doc.year,
                                                                           self.doc.phase.value))
                if meaning.measure is Measure.AMOUNT:
                    cells.append((row, col, self._period(meaning.year, meaning.phase)))
        family = FAMILY_OF[t.role]
        classifications = CLASSIFICATIONS[family]
        by_index = {r.index: r for r in t.rows}

        # an uncoded expenditure row named exactly as a function 类 (一般公共服务支出 in a 收支总表) is that 类
        named: dict[int, URIRef] = {}
        if CNB.functionalClassification in classifications and t.role not in INCOME_ROLES:
            for r in t.rows:
                code = None if r.code or r.kind == "total" or r.side == "income" else \
                    _function_classes().get(_item_label(r.label))
                if code:
                    named[r.index] = self._function_class(code)

        def uncoded(r: Row) -> bool:
            return not r.code and r.kind != "total" and r.index not in named

        def label_path(r: Row) -> str:
            parts, seen, up = [_item_label(r.label)], {r.index}, r.parent
            while up is not None and up in by_index and up not in seen:
                seen.add(up)
                above = by_index[up]
                if uncoded(above):
                    parts.append(_item_label(above.label))
                up = above.parent
            return "/".join(reversed(parts))

        row_items: dict[int, URIRef] = {}
        col_items: dict[int, URIRef] = {}
        total_line, total_col = concept("line-item", TOTAL), concept("column-item", TOTAL)

        def item(kind: str, text: str) -> URIRef:
            node = concept(kind, slug(text))
            if (node, SKOS.inScheme, CODE_SCHEMES[kind]) not in self.triples:
                self.add(node, RDF.type, SKOS.Concept)
                self.add(node, SKOS.inScheme, CODE_SCHEMES[kind])
                self.add(node, SKOS.prefLabel, Literal(text, lang="zh"))
            return node

        def set_items(rows: set[int], cols: set[int], ordinal: bool) -> None:
            for kind, members, names, out in (
                    ("line-item", rows, {r.index: label_path(r) for r in t.rows}, row_items),
                    ("column-item", cols, {c.index: _item_label(c.label) for c in t.columns}, col_items)):
                counts: dict[str, int] = {}
                for index in sorted(names):
                    name = names[index]
                    counts[name] = counts.get(name, 0) + 1
                    if index in members:
                        out[index] = item(kind, f"{name}（{counts[name]}）" if ordinal and counts[name] > 1 else name)

        set_items({r.index for r in t.rows if uncoded(r)}, set(), ordinal=False)
        keys: dict[tuple[int, int], list[tuple[URIRef, URIRef]]] = {}
        for attempt in range(3):
            keys = {}
            for row, col, (year, phase) in cells:
                keys[row.index, col.index] = self._cell_key(t, row, col, year, phase, classifications,
                                                            named.get(row.index),
                                                            row_items.get(row.index, total_line),
                                                            col_items.get(col.index, total_col))
            groups: dict[frozenset, list[tuple[int, int]]] = {}
            for at, key in keys.items():
                groups.setdefault(frozenset(key), []).append(at)
            alike = [g for g in groups.values() if len(g) > 1]
            if not alike:
                break
            rows = {r for g in alike for r, _ in g if len({x for x, _ in g}) > 1}
            cols = {c for g in alike for _, c in g if len({y for _, y in g}) > 1}
            set_items(rows, cols, ordinal=attempt > 0)
        return keys

    def _function_class(self, code: str) -> URIRef:
        node = code_concept("function", code)
        self.add(node, RDF.type, SKOS.Concept)
        self.add(node, SKOS.notation, Literal(code))
        self.add(node, SKOS.inScheme, CODE_SYSTEMS["function"][1])
        return node

    def _cell_key(self, t: Table, row: Row, col: Column, year: URIRef, phase: URIRef | None,
                  classifications: tuple, named: URIRef | None, line_item: URIRef,
                  column_item: URIRef) -> list[tuple[URIRef, URIRef]]:
        side = col.side or row.side
        op = "revenue" if (t.role in INCOME_ROLES or side == "income") else "expenditure"
        key: list[tuple[URIRef, URIRef]] = [
            (OBEU_DIM.organization, self.iri.unit), (OBEU_DIM.fiscalYear, year),
            (OBEU_DIM.operationCharacter, OBEU_OP[op])]
        if phase is not None:  # a 预计执行 column has no OBEU phase: the observation then fails IC-11, visibly
            key.append((OBEU_DIM.budgetPhase, phase))
        stated = dict(self._once(("dimensions", id(col)), lambda: self._column_dimensions(t, col)))
        if not row.code and row.kind != "total" and named is None:  # an uncoded row may name its fund source or nature
            text = _item_label(row.label)
            if CNB.fundSource not in stated and op == "revenue":
                source = match_keyword(text, FUND_SOURCES)
                if source:
                    stated[CNB.fundSource] = concept("fund-source", source)
            if CNB.expenditureNature not in stated and op == "expenditure":
                nature = match_keyword(text, NATURES)
                if nature:
                    stated[CNB.expenditureNature] = concept("exp-nature", nature)
        if CNB.fundSource not in stated:  # a table titled 一般公共预算… or 财政拨款… states its fund source
            source = self._once(("title-source", t.label), lambda: match_keyword(t.title, FUND_SOURCES))
            if source:
                stated[CNB.fundSource] = concept("fund-source", source)
        for dim, scheme in ((CNB.budgetType, "budget-type"), (CNB.fundSource, "fund-source"),
                            (CNB.expenditureNature, "exp-nature")):
            key.append((dim, stated.get(dim) or concept(scheme, TOTAL)))
        coded = (CNB.functionalClassification, named) if named is not None else \
            self._once(("code", id(row)), lambda: self._code_concept(row))
        for prop in classifications:
            value = coded[1] if coded is not None and coded[0] == prop else CODE[f"{SCHEME_PATHS[prop]}/{TOTAL}"]
            key.append((prop, value))
        key.append((CNB.lineItem, line_item))
        key.append((CNB.columnItem, column_item))
        return key

    def row(self, t: Table, row: Row) -> None:
        i = self.iri
        r = i.row(t.label, row.index)
        self.add(i.table(t.label), CNB.hasRow, r)
        self.add(r, RDF.type, CNB.TableRow)
        self.add(r, CNB.rowIndex, _int(row.index))
        self.add(r, CNB.rowLabel, Literal(row.label, lang="zh"))
        self.add(r, RDFS.label, Literal(row.label, lang="zh"))
        self.add(r, CNB.rowKind, concept("row-kind", row.kind))
        if row.side:
            self.add(r, CNB.side, concept("side", row.side))
        if row.level is not None:
            self.add(r, CNB.level, _int(row.level))
        if row.parent is not None:
            self.add(r, CNB.parentRow, i.row(t.label, row.parent))
        if row.subset_of is not None:
            self.add(r, CNB.subsetOfRow, i.row(t.label, row.subset_of))
        if row.code_text:
            self.add(r, CNB.codeText, Literal(row.code_text))
        if row.line_number:
            self.add(r, CNB.lineNumber, Literal(row.line_number))
        if row.unit_code:
            self.add(r, CNB.unitCode, Literal(row.unit_code))
        coded = self._code_concept(row)
        if coded is not None:
            self.add(r, CNB.code, Literal(row.code))
            self.add(r, *coded)
        self._where(r, row.source)
        if t.role in (TableRole.GENERAL_PROJECT, TableRole.PROJECT) and row.kind == "item":
            project = i.project(t.label, row.index)
            self.add(r, CNB.project, project)
            self.add(project, RDF.type, CNB.Project)
            self.add(project, CNB.projectName, Literal(row.label, lang="zh"))
            self.add(project, RDFS.label, Literal(row.label, lang="zh"))
            self.add(i.document, CNB.hasProject, project)
        for cell in row.cells:
            self.cell(t, row, cell)

    def _once(self, key: tuple, make):
        """``make()``, computed once per key for this document."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def _code_concept(self, row: Row) -> tuple[URIRef, URIRef] | None:
        """(dimension property, concept) of a row's code, with the concept's chain up to its 类."""
        if not row.code:
            return None
        system = row.code_system if row.code_system in CODE_SYSTEMS else (
            "function" if row.code.startswith("2") else "economic")
        prop, scheme, _ = CODE_SYSTEMS[system]
        code = row.code
        node = code_concept(system, code)
        while True:
            here = code_concept(system, code)
            self.add(here, RDF.type, SKOS.Concept)
            self.add(here, SKOS.notation, Literal(code))
            self.add(here, SKOS.inScheme, scheme)
            parent_len = {5: 3, 7: 5}.get(len(code))
            if not parent_len:
                break
            self.add(here, SKOS.broader, code_concept(system, code[:parent_len]))
            code = code[:parent_len]
        return prop, node

    def cell(self, t: Table, row: Row, cell: Cell) -> None:
        i = self.iri
        obs = i.cell(t.label, row.index, cell.column)
        tb = self._once(("table", t.label), lambda: i.table(t.label))
        col = t.columns[cell.column]
        meaning = self._once(("meaning", id(col), row.label),
                             lambda: cell_meaning(col, row.label, self.doc.year, self.doc.phase.value))
        if meaning.measure is not Measure.AMOUNT:
            self.figure(t, row, cell, meaning.measure)
            return
        self.add(obs, RDF.type, CNB.BudgetLine)
        self.add(obs, RDF.type, QB.Observation)
        self.add(obs, QB.dataSet, tb)
        self.add(obs, CNB.row, self._once(("row", id(row)), lambda: i.row(t.label, row.index)))
        self.add(obs, CNB.column, self._once(("column", id(col)), lambda: i.column(t.label, cell.column)))
        self.add(obs, OBEU_MEASURE.amount, _dec(cell.value * t.scale))
        self.add(obs, CNB.publishedValue, _dec(cell.value))
        self.add(obs, SDMX_ATTR.unitMult, UNIT_MULT_0)
        self.add(obs, OBEU_ATTR.currency, CURRENCY_CNY)
        for dim, value in self._keys[row.index, cell.column]:
            self.add(obs, dim, value)
        coded = self._once(("code", id(row)), lambda: self._code_concept(row))
        if coded is not None:  # a code of another classification than the DSD's: kept beside the key
            self.add(obs, *coded)
        if t.role in (TableRole.GENERAL_PROJECT, TableRole.PROJECT) and row.kind == "item":
            self.add(obs, CNB.project, i.project(t.label, row.index))
        self.source(obs, cell.source)

    def figure(self, t: Table, row: Row, cell: Cell, measure: Measure) -> None:
        """A change, percentage or count printed in a cell: a typed value with its provenance, not an observation."""
        prop = FIGURES.get(measure)
        if prop is None:  # a line number or text is never data
            return
        i = self.iri
        node = i.cell(t.label, row.index, cell.column)
        self.add(node, RDF.type, CNB.TableFigure)
        self.add(node, CNB.row, i.row(t.label, row.index))
        self.add(node, CNB.column, i.column(t.label, cell.column))
        self.add(node, CNB.publishedValue, _dec(cell.value))
        if measure is Measure.CHANGE:
            self.add(node, prop, _dec(cell.value * t.scale))
        else:
            self.add(node, prop, _dec(cell.value))
        self.source(node, cell.source)

    # -- provenance ---------------------------------------------------------------------
    def _where(self, node: URIRef, prov: Provenance | None) -> None:
        if prov is None:
            return
        if prov.line is not None:
            self.add(node, CNB.sourceLine, _int(prov.line))
        if prov.page is not None:
            self.add(node, CNB.page, _int(prov.page))

    def source(self, of: URIRef, prov: Provenance) -> URIRef:
        src = self.iri.source(of)
        self.add(of, CNB.source, src)
        self.add(of, PROV.wasDerivedFrom, src)
        self.add(src, RDF.type, CNB.CellSource)
        self.add(src, RDF.type, OA.SpecificResource)
        self.add(src, OA.hasSource, self.iri.file)
        self.add(src, CNB.verbatimText, Literal(prov.text))
        if prov.table:
            self.add(src, CNB.tableLabel, Literal(prov.table))
        if prov.row is not None:
            self.add(src, CNB.rowIndex, _int(prov.row))
        if prov.column is not None:
            self.add(src, CNB.columnIndex, _int(prov.column))
        if prov.bbox is not None:
            self.add(src, CNB.bbox, Literal(" ".join(f"{v:.1f}" for v in prov.bbox)))
        self._where(src, prov)
        return src

    # -- performance goals --------------------------------------------------------------
    def goal(self, goal: PerformanceGoal, perf: Table | None) -> None:
        i = self.iri
        g = i.goal(goal.index)
        self.add(i.document, CNB.hasGoal, g)
        self.add(g, RDF.type, CNB.PerformanceGoal)
        self.add(g, CNB.projectName, Literal(goal.project_name, lang="zh"))
        self.add(g, RDFS.label, Literal(goal.project_name, lang="zh"))
        self.add(g, CNB.goalText, Literal(goal.goal_text, lang="zh"))
        if goal.sequence:
            self.add(g, CNB.sequence, Literal(goal.sequence))
        target = i.unit if goal.kind == "department" else self._matching_project(goal)
        if target is not None:
            self.add(g, CNB.goalOf, target)
        if goal.amount is not None:
            where = goal.amount.source
            table = where.table if where.table and perf is not None else (perf.label if perf else None)
            if table is not None:
                self.add(g, CNB.amountLine, i.cell(table, where.row if where.row is not None else goal.index,
                                                   goal.amount.column))
        for prop, value in ((CNB.indicatorPoints, goal.indicator_points), (CNB.totalPoints, goal.total_points),
                            (CNB.executionPoints, goal.execution_points)):
            if value is not None:
                self.add(g, prop, _dec(value))
        if goal.evaluation:
            self.add(g, CNB.selfEvaluation, Literal(True))
        self._where(g, goal.source)
        if goal.source is not None and goal.source.table:
            self.source(g, goal.source)
        for ind in goal.indicators:
            self.indicator(goal, ind)

    def _matching_project(self, goal: PerformanceGoal) -> URIRef | None:
        """The project line of the same name (``project_key``); among several, the one of the goal's amount."""
        key = project_key(goal.project_name)
        if not key:
            return None
        found: list[tuple[Table, Row]] = [
            (t, row) for t in self.doc.tables if t.role in (TableRole.GENERAL_PROJECT, TableRole.PROJECT)
            for row in t.rows if row.kind == "item" and project_key(row.label) == key]
        if len(found) > 1 and goal.amount is not None:
            scale = self._goal_scale(goal)
            found = [(t, r) for t, r in found if any(c.value * t.scale == goal.amount.value * scale for c in r.cells)]
        if len(found) != 1:
            return None
        t, row = found[0]
        return self.iri.project(t.label, row.index)

    def _goal_scale(self, goal: PerformanceGoal) -> Decimal:
        label = goal.amount.source.table if goal.amount else None
        table = next((t for t in self.doc.tables if t.label == label), None) or self.doc.table(TableRole.PERFORMANCE)
        return table.scale if table else Decimal(1)

    def indicator(self, goal: PerformanceGoal, ind: Indicator) -> None:
        i = self.iri
        n = i.indicator(goal.index, ind.index)
        self.add(i.goal(goal.index), CNB.hasIndicator, n)
        self.add(n, RDF.type, CNB.IndicatorTarget)
        self.add(n, CNB.indicatorIndex, _int(ind.index))
        self.add(n, CNB.indicatorName, Literal(ind.name, lang="zh"))
        self.add(n, RDFS.label, Literal(ind.name, lang="zh"))
        l1 = INDICATOR_LEVEL1.get(ind.level1)
        l2 = INDICATOR_LEVEL2.get(ind.level2)
        if l1:
            self.add(n, CNB.indicatorLevel1, concept("indicator-category", l1))
        if l2:
            self.add(n, CNB.indicatorLevel2, concept("indicator-category", l2))
        cmp_slug = COMPARATORS.get(ind.comparator)
        if cmp_slug:
            self.add(n, CNB.comparator, concept("comparator", cmp_slug))
        kind = "qualitative" if ind.comparator == "定性" else "quantitative"
        self.add(n, CNB.measureKind, concept("measure-kind", kind))
        self.add(n, CNB.targetText, Literal(ind.target_text, lang="zh"))
        if ind.target is not None:
            self.add(n, CNB.targetValue, _dec(ind.target))
        if ind.unit:
            self.add(n, CNB.unitLabel, Literal(ind.unit, lang="zh"))
        if ind.grade:
            self.add(n, CNB.grade, Literal(ind.grade, lang="zh"))
        if ind.weight is not None:
            self.add(n, CNB.weight, _dec(ind.weight))
        pol = POLARITIES.get(ind.direction or "")
        if pol:
            self.add(n, CNB.polarity, concept("polarity", pol))
        src = self.source(n, replace(ind.source, row=goal.index))
        self.add(src, CNB.indicatorIndex, _int(ind.index))

    # -- narrative ----------------------------------------------------------------------
    def narrative(self) -> None:
        i = self.iri
        for sec in self.doc.sections:
            s = i.section(sec.index)
            self.add(i.document, CNB.hasSection, s)
            self.add(s, RDF.type, CNB.NarrativeSection)
            self.add(s, CNB.sectionKind, concept("section-kind", sec.kind))
            # an untitled section is called by its kind's label (section-kind code list): "概况", not "overview"
            self.add(s, DCTERMS.title, Literal(sec.title or SECTION_KIND_ZH.get(sec.kind, sec.kind), lang="zh"))
            self.add(s, CNB.sectionText, Literal(sec.text, lang="zh"))
            self._where(s, sec.source)
        sections = {sec.title: i.section(sec.index) for sec in self.doc.sections}
        for claim in self.doc.claims:
            self.claim(claim, sections.get(claim.section))
        for k, term in enumerate(self.doc.terms):
            t = i.term(k)
            self.add(i.document, CNB.hasTerm, t)
            self.add(t, RDF.type, CNB.TermDefinition)
            self.add(t, SKOS.prefLabel, Literal(term.term, lang="zh"))
            self.add(t, SKOS.definition, Literal(term.definition, lang="zh"))
            self._where(t, term.source)

    def claim(self, claim: Claim, section: URIRef | None) -> None:
        i = self.iri
        c = i.claim(claim.index)
        self.add(i.document, CNB.hasClaim, c)
        self.add(c, RDF.type, CNB.NarrativeClaim)
        if section is not None:
            self.add(c, CNB.inSection, section)
        self.add(c, CNB.claimText, Literal(claim.sentence, lang="zh"))
        self.add(c, CNB.subjectText, Literal(claim.subject, lang="zh"))
        self.add(c, CNB.statedValue, _dec(claim.value))
        self.add(c, CNB.statedText, Literal(claim.text))
        if claim.unit:
            self.add(c, CNB.statedUnit, Literal(claim.unit, lang="zh"))
            scale = {"万元": Decimal(10000), "亿元": Decimal(100000000), "千元": Decimal(1000), "元": Decimal(1)}
            if claim.unit in scale:
                self.add(c, CNB.valueInYuan, _dec(claim.value * scale[claim.unit]))
        self.source(c, claim.source)


def project_key(name: str) -> str:
    """A project name as compared across tables: no spaces, no leading code ("236-", "[105]",
    "11000022T00000043 1783-"), no 项目 suffix, no project category printed beside it (其他运转类, 特定目标类)."""
    key = re.sub(r"\s+", "", name)
    key = re.sub(r"^[0-9A-Z]{10,}", "", key)
    key = re.sub(r"^(?:[\[【(（]?\d{2,}[\]】)）]?[-—－_、.．]?)", "", key).lstrip("-—－_、.．")
    key = re.sub(r"(?:人员类|(?:其他|公用经费)?运转类|特定目标类)(?:项目)?$", "", key)
    return key.removesuffix("项目")


def document_graph(doc: Document, base: str) -> Graph:
    """The RDF graph of one document."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("data", IRIs(doc, base).base + DATA_PATH)
    g.addN((s, p, o, g) for s, p, o in document_triples(doc, base))
    return g


def document_triples(doc: Document, base: str) -> list[tuple]:
    """The triples of one document, in a deterministic order (no rdflib graph is built)."""
    m = _Mapper(doc, base)
    m.document()
    for k, table in enumerate(doc.tables):
        m.table(table, k)
    perf = doc.table(TableRole.PERFORMANCE)
    for goal in doc.goals:
        m.goal(goal, perf)
    m.narrative()
    return list(m.triples)
