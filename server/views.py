"""What a resource page shows: its statements, incoming links, the budget lines of a table, and the charts
of a unit's (or a document's) spending by function class and by economic class."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from budgetkg.ontology.namespaces import CNB, CODE, OBEU_DIM, OBEU_MEASURE, W3ID

from .chart import bar_chart, stacked_columns
from .store import GraphStore
from .vocabulary import Labeller, local_name

AMOUNT = OBEU_MEASURE.amount
ORGANIZATION = OBEU_DIM.organization
INCOMING_LIMIT = 200


def describe(store: GraphStore, iri: str) -> Graph:
    """Outgoing statements of ``iri``, up to 200 incoming ones, and the labels of everything they mention."""
    return store.construct(f"""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX dct: <http://purl.org/dc/terms/>
        CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> . ?n ?l ?label . }} WHERE {{
          {{ <{iri}> ?p ?o }}
          UNION {{ SELECT ?s ?q WHERE {{ ?s ?q <{iri}> }} LIMIT {INCOMING_LIMIT} }}
          UNION {{ {{ <{iri}> ?p ?n }} UNION {{ SELECT ?n WHERE {{ ?n ?q <{iri}> }} LIMIT {INCOMING_LIMIT} }}
                   VALUES ?l {{ skos:prefLabel rdfs:label dct:title }} ?n ?l ?label }}
        }}""")


def describe_out(store: GraphStore, iri: str) -> Graph:
    """Outgoing statements of ``iri`` and the labels of their objects (a page's statements; its incoming links
    are read grouped and paged by :func:`incoming`)."""
    return store.construct(f"""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX dct: <http://purl.org/dc/terms/>
        CONSTRUCT {{ <{iri}> ?p ?o . ?o ?l ?label . }} WHERE {{
          <{iri}> ?p ?o OPTIONAL {{ VALUES ?l {{ skos:prefLabel rdfs:label dct:title }} ?o ?l ?label }} }}""")


def _link(node: Node, base: str) -> str | None:
    """Where a browser should go for a node: a local path for our IRIs, the IRI itself for other http(s) IRIs,
    and no link at all for any other scheme (``javascript:``, ``data:`` … are shown as text)."""
    if not isinstance(node, URIRef):
        return None
    iri = str(node)
    if not iri.lower().startswith(("http://", "https://")):
        return None
    if iri.startswith(base):
        return "/" + iri.removeprefix(base)
    if iri.startswith(CODE):
        return "/code/" + iri.removeprefix(CODE)
    if iri.startswith(W3ID + "ontology"):
        return "/ontology#" + iri.partition("#")[2] if "#" in iri else "/ontology"
    return iri


page_link = _link


def statements(graph: Graph, iri: URIRef, label: Labeller, base: str) -> tuple[list[dict], list[dict]]:
    """Rows (property, values) for the outgoing and the incoming statements."""
    out: dict[Node, list[dict]] = defaultdict(list)
    for p, o in sorted(graph.predicate_objects(iri)):
        out[p].append(_value(o, label, base))
    inc: dict[Node, list[dict]] = defaultdict(list)
    for s, p in sorted(graph.subject_predicates(iri)):
        inc[p].append(_value(s, label, base))
    rows = [{"prop": label(p), "prop_iri": str(p), "prop_href": _link(p, base), "values": v} for p, v in out.items()]
    rows.sort(key=lambda r: (r["prop_iri"] != str(RDF.type), r["prop"]))
    back = [{"prop": label(p), "prop_iri": str(p), "prop_href": _link(p, base), "values": v} for p, v in inc.items()]
    return rows, back


def _value(node: Node, label: Labeller, base: str) -> dict:
    if isinstance(node, Literal):
        lang = f"@{node.language}" if node.language else ""
        return {"text": str(node), "lang": lang, "href": None}
    return {"text": label(node), "iri": str(node), "href": _link(node, base)}


def _dec(node: object | None) -> Decimal | None:
    try:
        return Decimal(str(node)) if node is not None else None
    except InvalidOperation:
        return None


def budget_lines(store: GraphStore, table: str) -> dict | None:
    """The grid of a budget table: its columns and, per row, label, code (as printed), level (1 类, 2 款, 3 项) and
    the published amounts with their cells' IRIs; the table's money unit (万元 / 元 as printed)."""
    rows = store.select(f"""
        PREFIX cnb: <{CNB}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?row ?ri ?rl ?code ?ct ?level ?func ?econ WHERE {{
          <{table}> cnb:hasRow ?row . ?row cnb:rowIndex ?ri .
          OPTIONAL {{ ?row rdfs:label ?rl }} OPTIONAL {{ ?row cnb:code ?code }} OPTIONAL {{ ?row cnb:codeText ?ct }}
          OPTIONAL {{ ?row cnb:level ?level }}
          OPTIONAL {{ ?row cnb:functionalClassification ?func }} OPTIONAL {{ ?row cnb:economicClassification ?econ }}
        }}""")
    if not rows:
        return None
    cells = store.select(f"""
        PREFIX cnb: <{CNB}>
        SELECT ?row ?cell ?ci ?value WHERE {{  # apart from the rows' optional parts: one join, not a product
          <{table}> cnb:hasRow ?row . ?cell cnb:row ?row ; cnb:publishedValue ?value ; cnb:column ?col .
          ?col cnb:columnIndex ?ci }}""")
    cols = store.select(f"""
        PREFIX cnb: <{CNB}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?ci ?cl ?scale WHERE {{ <{table}> cnb:hasColumn ?c . ?c cnb:columnIndex ?ci OPTIONAL {{ ?c rdfs:label ?cl }}
                                      OPTIONAL {{ <{table}> cnb:scaleLabel ?scale }} }}""")
    columns = {int(str(c["ci"])): str(c.get("cl", c["ci"])) for c in cols}
    scale = next((str(c["scale"]) for c in cols if "scale" in c), "")
    grid: dict[int, dict] = {}
    by_iri: dict[str, dict] = {}
    for r in rows:
        code_iri = r.get("func") or r.get("econ")
        entry = grid.setdefault(int(str(r["ri"])), {
            "iri": str(r["row"]), "label": str(r.get("rl", "")), "code": str(r.get("ct", r.get("code", ""))),
            "code_href": "/code/" + str(code_iri).removeprefix(CODE) if str(code_iri or "").startswith(CODE) else None,
            "level": int(str(r["level"])) if str(r.get("level", "")).isdigit() else 0, "values": {}, "cells": {}})
        by_iri[str(r["row"])] = entry
    for c in cells:
        owner = by_iri.get(str(c["row"]))
        if owner is not None:
            i = int(str(c["ci"]))
            owner["values"][i] = _dec(c.get("value"))
            owner["cells"][i] = str(c["cell"])
    places = max((-int(v.as_tuple().exponent) for e in grid.values() for v in e["values"].values()
                  if v is not None and int(v.as_tuple().exponent) < 0), default=0)  # the table prints alike: 2.30
    for e in grid.values():
        e["texts"] = {i: f"{v:,.{min(places, 6)}f}" for i, v in e["values"].items() if v is not None}
    indexes = sorted(set(columns) | {i for e in grid.values() for i in e["values"]})
    return {"columns": [columns.get(i, str(i)) for i in indexes], "indexes": indexes, "scale": scale,
            "rows": [grid[k] for k in sorted(grid)]}


def class_totals(store: GraphStore, *, unit: str | None = None, document: str | None = None) -> list[dict]:
    """Per document graph, kind (function / economic) and class (3-digit code): the class's total.

    The same class amount appears in several tables and columns (合计, 基本支出, 项目支出 …); this takes the
    largest amount reported for each class in a document, which is its total, among the columns of the
    document's own year and phase (``cnb:ownPeriod``: never a prior-year or 增减 column)."""
    where = f"?obs <{ORGANIZATION}> <{unit}> ." if unit else ""
    graph = f"<{document}>" if document else "?g"
    # the unit's observations first, then one classification or the other (a UNION: with a variable property
    # bound by VALUES the store started from every classified observation of every document, 10× slower)
    return store.select(f"""
        PREFIX cnb: <{CNB}>
        SELECT ?g ?kind ?code (MAX(?amount) AS ?total) WHERE {{
          GRAPH {graph} {{
            {where}
            ?obs <{AMOUNT}> ?amount ; cnb:column ?col . ?col cnb:ownPeriod true .
            {{ ?obs cnb:functionalClassification ?code BIND("function" AS ?kind) }}
            UNION {{ ?obs cnb:economicClassification ?code BIND("economic" AS ?kind) }}
            FILTER (REGEX(STR(?code), "/[0-9]{{3}}$"))
            {"BIND(" + graph + " AS ?g)" if document else ""}
          }}
        }} GROUP BY ?g ?kind ?code ORDER BY ?g ?kind""")


def spending_charts(store: GraphStore, *, unit: str | None = None, document: str | None = None,
                    rows: list[dict] | None = None) -> list[str]:
    """SVG charts of spending by function class (类, 3-digit) and by economic class (3-digit), per document
    (the totals of :func:`class_totals`, or ``rows`` already read)."""
    rows = class_totals(store, unit=unit, document=document) if rows is None else rows
    label = Labeller(store.construct(_code_labels(rows)) if rows else Graph())
    per: dict[tuple[str, str], list[tuple[str, Decimal]]] = defaultdict(list)
    for r in rows:
        amount = _dec(r.get("total"))
        if amount is not None:
            code = str(r["code"]).rsplit("/", 1)[1]
            zh, _ = label.pair(r["code"])
            per[(str(r["g"]), str(r["kind"]))].append((f"{code} {zh or ''}".strip(), amount))
    titles = {"function": "按支出功能分类（类）· by function class",
              "economic": "按经济分类（类）· by economic class"}
    names = node_info(store, sorted({g for g, _ in per}), "zh") if unit else {}
    charts = []
    for n, ((g, kind), bars) in enumerate(sorted(per.items())):
        title = f"{titles[kind]} — {names[g]['period'] or names[g]['text']}" if g in names else titles[kind]
        charts.append(bar_chart(title, bars, chart_id=f"chart-{kind}-{n}"))
    return [c for c in charts if c]


def unit_history(store: GraphStore, rows: list[dict], documents: list[dict], lang: str) -> dict | None:
    """A unit's documents side by side (years and phases as printed): the total of each function class (类) per
    document, as a table and as stacked columns; None for fewer than two documents with class totals."""
    docs = [d for d in documents if any(str(r["g"]) == d["iri"] and str(r["kind"]) == "function" for r in rows)]
    if len(docs) < 2:
        return None
    index = {d["iri"]: i for i, d in enumerate(docs)}
    classes: dict[str, list[Decimal | None]] = {}
    for r in rows:
        if str(r["kind"]) != "function" or str(r["g"]) not in index:
            continue
        values = classes.setdefault(str(r["code"]), [None] * len(docs))
        values[index[str(r["g"])]] = _dec(r.get("total"))
    label = Labeller(store.construct(_code_labels([{"code": URIRef(c)} for c in classes])))
    phase = {"approved": ("预算", "budget"), "executed": ("决算", "final")}
    columns = [f"{d['year']}{'年' if lang == 'zh' else ' '}{label_in(phase.get(d['phase'], (d['phase'], d['phase'])), lang, '')}"
               for d in docs]
    table = []
    for code in sorted(classes):
        name = label_in(label.pair(URIRef(code)), lang, local_name(code))
        table.append({"code": code.rsplit("/", 1)[-1], "href": "/code/" + code.removeprefix(CODE) if code.startswith(CODE) else code,
                      "name": name, "values": [money_yuan(v) for v in classes[code]]})
    totals = [sum((v[i] or Decimal(0) for v in classes.values()), Decimal(0)) for i in range(len(docs))]
    chart = stacked_columns(("按支出功能分类（类）的历年支出" if lang == "zh" else "Spending by function class over the years"),
                            columns, [(f"{r['code']} {r['name']}", [v or Decimal(0) for v in classes[c]])
                                      for r, c in zip(table, sorted(classes), strict=True)], chart_id="history-chart")
    return {"columns": columns, "documents": docs, "rows": table, "totals": [money_yuan(t) for t in totals],
            "chart": chart}


def money_yuan(value: Decimal | None) -> str:
    """An amount in 元 shown in 万元 with two decimals and separators (the unit is in the table's heading)."""
    return "" if value is None else f"{value / Decimal(10000):,.2f}"


def _code_labels(rows: list[dict]) -> str:
    codes = " ".join(f"<{r['code']}>" for r in rows)
    return ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> CONSTRUCT { ?c skos:prefLabel ?l } "
            f"WHERE {{ VALUES ?c {{ {codes} }} ?c skos:prefLabel ?l }}")


def documents_of(store: GraphStore, unit: str) -> list[dict]:
    """The unit's documents, by year then phase (预算 before 决算)."""
    rows = store.select(f"""PREFIX cnb: <{CNB}> PREFIX dct: <http://purl.org/dc/terms/>
        SELECT DISTINCT ?doc ?title ?year ?phase WHERE {{ ?doc cnb:unit <{unit}> OPTIONAL {{ ?doc dct:title ?title }}
          OPTIONAL {{ ?doc cnb:fiscalYear ?year }} OPTIONAL {{ ?doc <{OBEU_DIM.budgetPhase}> ?phase }} }}""")
    docs = {str(r["doc"]): {"iri": str(r["doc"]), "title": str(r.get("title", r["doc"])), "year": str(r.get("year", "")),
                            "phase": str(r.get("phase", "")).rsplit("/", 1)[-1]} for r in rows}
    return sorted(docs.values(), key=lambda d: (d["year"], d["phase"] != "approved", d["title"]))


def kinds(graph: Graph, iri: URIRef) -> set[str]:
    return {str(t).removeprefix(CNB) for t in graph.objects(iri, RDF.type)}


# --- the pages of issue 16: labels in the reader's language, amounts with their unit, printed order ----------

QB_DATASET = URIRef("http://purl.org/linked-data/cube#dataSet")
PROV = "http://www.w3.org/ns/prov#"
# Names of the properties that come from other vocabularies (the ontology graph labels its own).
EXTERNAL_LABELS: dict[str, tuple[str, str]] = {
    str(RDF.type): ("类型", "type"),
    "http://purl.org/dc/terms/title": ("标题", "title"),
    "http://purl.org/dc/terms/format": ("格式", "format"),
    "http://www.w3.org/2000/01/rdf-schema#label": ("名称", "label"),
    "http://www.w3.org/2000/01/rdf-schema#comment": ("说明", "comment"),
    "http://www.w3.org/2004/02/skos/core#prefLabel": ("名称", "name"),
    "http://www.w3.org/2004/02/skos/core#definition": ("定义", "definition"),
    "http://www.w3.org/2004/02/skos/core#notation": ("代码", "code"),
    "http://www.w3.org/2004/02/skos/core#broader": ("上级", "broader"),
    "http://www.w3.org/2004/02/skos/core#narrower": ("下级", "narrower"),
    "http://www.w3.org/2004/02/skos/core#inScheme": ("所属代码表", "in scheme"),
    "http://www.w3.org/2004/02/skos/core#topConceptOf": ("顶层代码，属于", "top concept of"),
    "http://www.w3.org/2004/02/skos/core#hasTopConcept": ("顶层代码", "top concepts"),
    PROV + "hadPrimarySource": ("原始文件", "primary source"),
    PROV + "wasGeneratedBy": ("生成过程", "generated by"),
    PROV + "wasDerivedFrom": ("出处", "derived from"),
    PROV + "used": ("使用", "used"),
    PROV + "wasAssociatedWith": ("执行软件", "associated with"),
    str(QB_DATASET): ("所属表", "table (data set)"),
    str(OBEU_DIM.budgetPhase): ("预算阶段", "budget phase"),
    str(OBEU_DIM.fiscalYear): ("年度（期间）", "fiscal year (period)"),
    str(OBEU_DIM.organization): ("预算单位", "organisation"),
    str(OBEU_DIM.operationCharacter): ("收支性质", "revenue or expenditure"),
    str(OBEU_MEASURE.amount): ("金额（元）", "amount (yuan)"),
    "http://data.openbudgets.eu/ontology/dsd/attribute/currency": ("币种", "currency"),
    "http://purl.org/linked-data/sdmx/2009/attribute#unitMult": ("单位倍数（10 的幂）", "unit multiplier (power of 10)"),
    "http://www.w3.org/ns/oa#hasSource": ("原始文件", "source file"),
    "http://purl.org/linked-data/cube#structure": ("数据结构", "structure"),
    "http://purl.org/dc/terms/spatial": ("所在行政区", "region"),
    "http://purl.org/dc/terms/isPartOf": ("属于", "part of"),
    "http://www.w3.org/ns/org#subOrganizationOf": ("上级单位", "part of organisation"),
    "http://www.w3.org/2004/02/skos/core#closeMatch": ("近似对应", "close match"),
    "http://www.w3.org/2004/02/skos/core#exactMatch": ("对应", "exact match"),
    "http://www.w3.org/2004/02/skos/core#editorialNote": ("编辑说明", "editorial note"),
    "http://www.w3.org/2004/02/skos/core#member": ("成员", "member"),
}
TYPE_LABELS: dict[str, tuple[str, str]] = {
    "http://purl.org/linked-data/cube#DataSet": ("数据集", "data set"),
    "http://purl.org/linked-data/cube#Observation": ("观测值", "observation"),
    "http://www.w3.org/ns/org#Organization": ("组织机构", "organisation"),
    "http://www.w3.org/2004/02/skos/core#Concept": ("代码", "concept"),
    "http://www.w3.org/2004/02/skos/core#ConceptScheme": ("代码表", "code list"),
    "http://purl.org/dc/terms/Location": ("地点", "location"),
    "http://www.w3.org/ns/oa#SpecificResource": ("原文位置", "place in the source"),
    "http://www.w3.org/ns/prov#Activity": ("活动", "activity"),
}
VALUE_LABELS: dict[str, tuple[str, str]] = {
    "http://data.openbudgets.eu/resource/codelist/budget-phase/approved": ("预算", "budget (approved)"),
    "http://data.openbudgets.eu/resource/codelist/budget-phase/executed": ("决算", "final accounts (executed)"),
    "http://data.openbudgets.eu/resource/codelist/operation-character/expenditure": ("支出", "expenditure"),
    "http://data.openbudgets.eu/resource/codelist/operation-character/revenue": ("收入", "revenue"),
    "http://publications.europa.eu/resource/authority/currency/CNY": ("人民币", "Chinese yuan (CNY)"),
}
YUAN_PROPS = {str(OBEU_MEASURE.amount), str(CNB.valueInYuan)}
INCOMING_PAGE = 20  # incoming links shown per kind and page
SORTED_UP_TO = 500  # a group of incoming links this large or smaller is paged in IRI order
LIST_OPEN = 12  # values of one property shown before "more"


def as_printed(value: Decimal | None, printed: str | None, unit: str = "", places: int | None = None) -> str:
    """An amount with the decimals it was printed with (the graph keeps ``5417.8`` for a printed ``5,417.80``):
    those of ``printed`` when it is the same number, else ``places``, else as the graph has it."""
    if value is None:
        return ""
    text = (printed or "").replace(",", "").replace("，", "").strip()
    try:
        if text and Decimal(text) == value:
            places = len(text.partition(".")[2])
    except InvalidOperation:
        pass
    if places is None:
        return amount(value, unit)
    return f"{value:,.{places}f} {unit}".strip()


def natural_key(text: str) -> tuple:
    """'section/10' after 'section/2'; table '1-2' after '1-1' and before '2'."""
    import re

    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text) if p)


def amount(value: Decimal | None, unit: str = "") -> str:
    """An amount with thousands separators and as many decimals as printed, and its unit: ``21,749.66 万元``."""
    if value is None:
        return ""
    text = f"{value:,}" if value == value.to_integral_value() or value.as_tuple().exponent < 0 else f"{value:,f}"  # type: ignore[operator]
    return f"{text} {unit}".strip()


def type_name(label: Labeller, node: Node, lang: str) -> str:
    """A class's name in the reader's language (its label, else the names of :data:`TYPE_LABELS`)."""
    zh, en = label.pair(node)
    known = TYPE_LABELS.get(str(node), (None, None))
    return label_in((zh or known[0], en or known[1]), lang, local_name(str(node)))


def label_in(pair: tuple[str | None, str | None], lang: str, fallback: str) -> str:
    zh, en = pair
    return (en or zh or fallback) if lang == "en" else (zh or en or fallback)


def prop_name(label: Labeller, prop: Node, lang: str) -> tuple[str, str]:
    """(name in the reader's language, the other language's name) of a property."""
    zh, en = label.pair(prop)
    known = EXTERNAL_LABELS.get(str(prop), (None, None))
    pair = (zh or known[0], en or known[1])
    name = label_in(pair, lang, local_name(str(prop)))
    other = label_in(pair, "zh" if lang == "en" else "en", "")
    return name, other if other != name else ""


def node_info(store: GraphStore, nodes: list[str], lang: str) -> dict[str, dict]:
    """Display label, full text and printed-order key of each node, by what it is: a cell by its table, row and
    column and value with the table's unit; a claim by its sentence; a table by its printed label and title; a
    section by its heading; anything else by its label in the reader's language. One query for all."""
    nodes = [n for n in dict.fromkeys(nodes) if n.startswith(("http://", "https://"))]
    if not nodes:
        return {}
    values = " ".join(f"<{n}>" for n in nodes)
    rows = store.select(f"""
        PREFIX cnb: <{CNB}> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?n ?l ?claim ?subj ?st ?su ?tl ?rl ?cl ?v ?vt ?scale ?line ?page ?idx ?year ?phase WHERE {{
          VALUES ?n {{ {values} }}
          {{ ?n skos:prefLabel|rdfs:label|dct:title ?l }}
          UNION {{ ?n cnb:claimText ?claim }} UNION {{ ?n cnb:subjectText ?subj }}
          UNION {{ ?n cnb:statedText ?st }} UNION {{ ?n cnb:statedUnit ?su }}
          UNION {{ ?n cnb:tableLabel ?tl FILTER NOT EXISTS {{ ?n a cnb:CellSource }} }}
          UNION {{ ?n cnb:row/rdfs:label ?rl }} UNION {{ ?n cnb:column/rdfs:label ?cl }}
          UNION {{ ?n <{QB_DATASET}> ?t . ?t cnb:tableLabel ?tl OPTIONAL {{ ?t cnb:scaleLabel ?scale }} }}
          UNION {{ ?n cnb:publishedValue ?v }} UNION {{ ?n cnb:source/cnb:verbatimText ?vt }}
          UNION {{ ?n cnb:sourceLine ?line }} UNION {{ ?n cnb:page ?page }}
          UNION {{ ?n cnb:sequence|cnb:tableIndex|cnb:rowIndex ?idx }}
          UNION {{ ?n cnb:fiscalYear ?year }} UNION {{ ?n <{OBEU_DIM.budgetPhase}> ?phase }}
        }}""")
    got: dict[str, dict[str, Any]] = {n: {"labels": {}} for n in nodes}
    for r in rows:
        entry = got[str(r["n"])]
        if "l" in r:
            lit = r["l"]
            key = (getattr(lit, "language", None) or "").split("-")[0] or ("" if not str(lit).isascii() else "en")
            entry["labels"].setdefault(key, str(lit))
        for var in ("claim", "subj", "st", "su", "tl", "rl", "cl", "v", "vt", "scale", "line", "page", "idx", "year",
                    "phase"):
            if var in r:
                entry.setdefault(var, str(r[var]))
    out: dict[str, dict] = {}
    for n, e in got.items():
        labels = e["labels"]
        zh = labels.get("zh") or labels.get("")
        en = labels.get("en")
        text = (en or zh) if lang == "en" else (zh or en)
        full = None
        if "rl" in e or "cl" in e:  # a cell
            where = " · ".join(x for x in (e.get("tl"), e.get("rl"), e.get("cl")) if x)
            value = as_printed(_dec(e.get("v")), e.get("vt"), e.get("scale", ""))
            text = f"{where}{'：' if lang == 'zh' else ': '}{value}" if value else where
        elif "claim" in e:
            full = e["claim"]
            subject = e.get("subj", "")
            if subject and "st" in e:
                subject = subject if len(subject) <= 40 else "…" + subject[-39:]
                text = f"{subject}{'：' if lang == 'zh' else ': '}{e['st']}{e.get('su', '')}"
            else:
                text = full if len(full) <= 60 else full[:59] + "…"
        elif "tl" in e:
            text = f"{e['tl']} {text or ''}".strip()
        elif "year" in e and "phase" in e and not text:
            text = f"{e['year']}{'年' if lang == 'zh' else ' '}{label_in(VALUE_LABELS.get(e['phase'], (None, None)), lang, '')}"
        if lang == "en" and text and text.endswith("年") and text[:-1].isdigit():
            text = text[:-1]  # a year labelled in Chinese only ("2025年")
        if not text and n in VALUE_LABELS:
            text = label_in(VALUE_LABELS[n], lang, "")
        if not text and ("page" in e or "line" in e):  # where something was printed (a cell's or claim's source)
            text = (f"第 {e['page']} 页" if lang == "zh" else f"page {e['page']}") if "page" in e else (
                f"第 {e['line']} 行" if lang == "zh" else f"line {e['line']}")
        line = e.get("line") or e.get("page")
        order = (0, int(line), natural_key(n)) if line and line.isdigit() else (1, 0, natural_key(n))
        if "idx" in e and e["idx"].lstrip("-").isdigit():
            order = (0, int(e["idx"]), natural_key(n))
        period = ""
        if "year" in e:
            phase = label_in(VALUE_LABELS.get(e.get("phase", ""), (None, None)), lang, "")
            period = f"{e['year']}年{phase}" if lang == "zh" else f"{e['year']} {phase}".strip()
        out[n] = {"text": text or _fallback(n), "full": full, "order": order, "period": period}
    return out


def _fallback(iri: str) -> str:
    """A readable name from the IRI when the store has no label: its last two segments."""
    parts = iri.rstrip("/").split("/")
    return " ".join(parts[-2:]) if len(parts) > 1 and parts[-1].isdigit() else local_name(iri)


def _path_link(iri: str, base: str) -> str | None:
    return _link(URIRef(iri), base)


def outgoing(graph: Graph, store: GraphStore, iri: str, lang: str, base: str,
             label: Labeller) -> list[dict]:
    """The page's statements: property names in the reader's language, values by their labels (cells, claims,
    sections …), in printed order, amounts with separators and unit."""
    node = URIRef(iri)
    by_prop: dict[Node, list[Node]] = defaultdict(list)
    for p, o in graph.predicate_objects(node):
        by_prop[p].append(o)
    linked = [str(o) for vals in by_prop.values() for o in vals if isinstance(o, URIRef)]
    info = node_info(store, linked, lang)
    scale = next((str(o) for o in graph.objects(node, CNB.scaleLabel)), "")
    for t in [] if scale else graph.objects(node, QB_DATASET):
        found = store.select(f"SELECT ?s WHERE {{ <{t}> <{CNB.scaleLabel}> ?s }}")
        scale = str(found[0]["s"]) if found else scale
    unit = next((str(o) for o in graph.objects(node, CNB.statedUnit)), "")
    rows: list[dict[str, Any]] = []
    for p, vals in by_prop.items():
        name, other = prop_name(label, p, lang)
        items: list[dict[str, Any]] = []
        for o in vals:
            if isinstance(o, Literal):
                text = str(o)
                if str(p) in YUAN_PROPS:
                    text = amount(_dec(o), "元")
                elif p == CNB.publishedValue:
                    found = store.select(f"SELECT ?t WHERE {{ <{iri}> <{CNB.source}>/<{CNB.verbatimText}> ?t }} LIMIT 1")
                    text = as_printed(_dec(o), str(found[0]["t"]) if found else None, scale)
                elif p == CNB.statedValue:
                    stated = next((str(x) for x in graph.objects(node, CNB.statedText)), None)
                    text = as_printed(_dec(o), stated, unit)
                items.append({"text": text, "lang": o.language or "", "href": None, "order": (0, 0, ())})
            else:
                i = info.get(str(o))
                if p == RDF.type:
                    items.append({"text": type_name(label, o, lang), "iri": str(o), "href": _link(o, base),
                                  "order": (1, 0, natural_key(str(o)))})
                    continue
                if i is None or i["text"] == _fallback(str(o)):
                    pair = label.pair(o)
                    if not (pair[0] or pair[1]):
                        pair = VALUE_LABELS.get(str(o), TYPE_LABELS.get(str(o), (None, None)))
                    text = label_in(pair, lang, i["text"] if i else local_name(str(o)))
                else:
                    text = i["text"]
                items.append({"text": text, "iri": str(o), "href": _link(o, base), "title": (i or {}).get("full"),
                              "order": (i or {}).get("order", (1, 0, natural_key(str(o))))})
        items.sort(key=lambda x: x["order"])
        rows.append({"prop": name, "other": other, "prop_iri": str(p), "prop_href": _link(p, base),
                     "values": items, "many": len(items) > LIST_OPEN})
    rows.sort(key=lambda r: (r["prop_iri"] != str(RDF.type), len(r["values"]) > 1, r["prop"]))
    return rows


INVERSE_LABELS: dict[str, tuple[str, str]] = {
    "http://www.w3.org/2004/02/skos/core#broader": ("下级", "narrower"),
    "http://www.w3.org/2004/02/skos/core#inScheme": ("代码", "codes"),
    "http://www.w3.org/2004/02/skos/core#topConceptOf": ("顶层代码", "top concepts"),
    str(CNB.unit): ("本单位的文件", "documents of this unit"),
    str(OBEU_DIM.organization): ("本单位的金额", "amounts of this unit"),
    str(QB_DATASET): ("表中单元格", "cells of this table"),
    str(CNB.document): ("文件的组成部分", "parts of this document"),
    str(CNB.functionalClassification): ("按此科目的行和金额", "rows and amounts of this code"),
    str(CNB.economicClassification): ("按此科目的行和金额", "rows and amounts of this code"),
    str(CNB.row): ("本行的单元格", "cells of this row"),
    str(CNB.column): ("本列的单元格", "cells of this column"),
    str(CNB.parentRow): ("下级行", "child rows"),
}


def inverse_name(label: Labeller, prop: str, lang: str) -> tuple[str, str]:
    """The name of a link seen from its target: 下级 for skos:broader, else "以本页为“X”" (X's name)."""
    if prop in INVERSE_LABELS:
        zh, en = INVERSE_LABELS[prop]
        return (en, zh) if lang == "en" else (zh, en)
    name, other = prop_name(label, URIRef(prop), lang)
    return (f"as {name} of", other) if lang == "en" else (f"以本页为“{name}”", other)


def incoming(store: GraphStore, iri: str, lang: str, base: str, label: Labeller, show: str | None = None,
             page: int = 1) -> list[dict]:
    """Links to ``iri`` grouped by kind (property): each group's count and one page of its links, by label.
    ``show`` (a property IRI) is the group paged to ``page``; the others show their first page."""
    counts = store.select(f"SELECT ?q (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?q <{iri}> }} GROUP BY ?q ORDER BY ?q")
    groups: list[dict[str, Any]] = []
    for c in counts:
        prop, n = str(c["q"]), int(str(c["n"]))
        pages = max(1, -(-n // INCOMING_PAGE))
        at = min(max(1, page), pages) if show == prop else 1
        start = (at - 1) * INCOMING_PAGE
        if n <= SORTED_UP_TO:  # a small group all read and put in natural order here (codes: 20101 before 20199)
            every = sorted((str(r["s"]) for r in store.select(f"SELECT DISTINCT ?s WHERE {{ ?s <{prop}> <{iri}> }}")),
                           key=natural_key)
            subjects = every[start:start + INCOMING_PAGE]
        else:  # a large one in the store's own order, stable while the store does not change (an ORDER BY sorts
            # all of them first: 50–90 ms for the 1,000–5,000 rows of a common code in 300 documents)
            subjects = [str(r["s"]) for r in store.select(
                f"SELECT DISTINCT ?s WHERE {{ ?s <{prop}> <{iri}> }} LIMIT {INCOMING_PAGE} OFFSET {start}")]
        name, other = inverse_name(label, prop, lang)
        groups.append({"prop": name, "other": other, "prop_iri": prop, "prop_href": _link(URIRef(prop), base),
                       "count": n, "page": at, "pages": pages, "subjects": subjects})
    info = node_info(store, [s for g in groups for s in g["subjects"]], lang)
    for g in groups:
        g["values"] = sorted(({"text": info.get(s, {}).get("text", _fallback(s)), "iri": s,
                               "href": _path_link(s, base), "order": info.get(s, {}).get("order", (1, 0, ()))}
                              for s in g.pop("subjects")), key=lambda v: v["order"])
    return groups


def cell_summary(store: GraphStore, iri: str, lang: str) -> dict | None:
    """What a cell page leads with: where it is (table, row, column), its amount as printed with the table's unit
    and in 元, and where it was printed (page, line, the verbatim text)."""
    rows = store.select(f"""
        PREFIX cnb: <{CNB}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?table ?tl ?tt ?scale ?row ?rl ?col ?cl ?v ?yuan ?page ?line ?text WHERE {{
          <{iri}> cnb:row ?row ; cnb:column ?col .
          OPTIONAL {{ <{iri}> <{QB_DATASET}> ?table OPTIONAL {{ ?table cnb:tableLabel ?tl }}
                     OPTIONAL {{ ?table dct:title ?tt }} OPTIONAL {{ ?table cnb:scaleLabel ?scale }} }}
          OPTIONAL {{ ?row rdfs:label ?rl }} OPTIONAL {{ ?col rdfs:label ?cl }}
          OPTIONAL {{ <{iri}> cnb:publishedValue ?v }} OPTIONAL {{ <{iri}> <{OBEU_MEASURE.amount}> ?yuan }}
          OPTIONAL {{ <{iri}> cnb:source ?src OPTIONAL {{ ?src cnb:page ?page }} OPTIONAL {{ ?src cnb:sourceLine ?line }}
                     OPTIONAL {{ ?src cnb:verbatimText ?text }} }}
        }} LIMIT 1""")
    if not rows:
        return None
    r = {k: str(v) for k, v in rows[0].items()}
    return {"table": r.get("table"), "table_label": f"{r.get('tl', '')} {r.get('tt', '')}".strip(),
            "row": r.get("row"), "row_label": r.get("rl", ""), "column": r.get("col"), "column_label": r.get("cl", ""),
            "value": as_printed(_dec(r.get("v")), r.get("text"), r.get("scale", "")),
            "yuan": amount(_dec(r.get("yuan")), "元"),
            "page": r.get("page"), "line": r.get("line"), "verbatim": r.get("text")}


def evidence(store: GraphStore, iri: str, lang: str, have_file: Any) -> dict | None:
    """Where ``iri`` (a cell, a claim …) was printed, from its ``cnb:source``: the page and box of the source file
    when the file is kept (``have_file(sha) -> bool``), so that the page shows the printed page with the box."""
    rows = store.select(f"""
        PREFIX cnb: <{CNB}>
        SELECT ?file ?page ?bbox ?text WHERE {{ <{iri}> cnb:source ?src .
          OPTIONAL {{ ?src <http://www.w3.org/ns/oa#hasSource> ?file }} OPTIONAL {{ ?src cnb:page ?page }}
          OPTIONAL {{ ?src cnb:bbox ?bbox }} OPTIONAL {{ ?src cnb:verbatimText ?text }} }} LIMIT 1""")
    if not rows or "page" not in rows[0]:
        return None
    r = {k: str(v) for k, v in rows[0].items()}
    sha = r.get("file", "").rsplit("/", 1)[-1]
    if not sha or not have_file(sha):
        return None
    page = r["page"]
    box = ",".join(r.get("bbox", "").split())
    verbatim = r.get("text", "")
    return {"sha": sha, "page": page, "box": box, "verbatim": verbatim,
            "image": f"/id/file/{sha}/page/{page}.png" + (f"?box={box}" if box else ""),
            "pdf": f"/id/file/{sha}/content#page={page}",
            "alt": (f"原文第 {page} 页，红框为“{verbatim}”所在位置" if lang == "zh" else
                    f"Page {page} of the source file, the box around “{verbatim}”")}


def term_graph(iri: str) -> Graph:
    """What the ontology and code lists say of ``iri`` (both ways) and the labels of what they name (the ontology's
    term pages and the code pages)."""
    from .vocabulary import ontology_graph

    source = ontology_graph()
    node = URIRef(iri)
    out = Graph()
    for t in source.triples((node, None, None)):
        out.add(t)
    for t in source.triples((None, None, node)):
        out.add(t)
    for s in {o for _, _, o in out} | {s for s, _, _ in out}:
        for p in (URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
                  URIRef("http://www.w3.org/2000/01/rdf-schema#label")):
            for o in source.objects(s, p):
                out.add((s, p, o))
    return out
