"""What a resource page shows: its statements, incoming links, the budget lines of a table, and the charts
of a unit's (or a document's) spending by function class and by economic class."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from budgetkg.ontology.namespaces import CNB, CODE, OBEU_DIM, OBEU_MEASURE, W3ID

from .chart import bar_chart
from .store import GraphStore
from .vocabulary import Labeller

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


def _dec(node: Node | None) -> Decimal | None:
    try:
        return Decimal(str(node)) if node is not None else None
    except InvalidOperation:
        return None


def budget_lines(store: GraphStore, table: str) -> dict | None:
    """The grid of a budget table: its columns and, per row, label, code and published amounts."""
    rows = store.select(f"""
        PREFIX cnb: <{CNB}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?row ?ri ?rl ?code ?ci ?value WHERE {{
          <{table}> cnb:hasRow ?row . ?row cnb:rowIndex ?ri .
          OPTIONAL {{ ?row rdfs:label ?rl }} OPTIONAL {{ ?row cnb:code ?code }}
          OPTIONAL {{ ?cell cnb:row ?row ; cnb:column ?col ; cnb:publishedValue ?value . ?col cnb:columnIndex ?ci }}
        }}""")
    if not rows:
        return None
    cols = store.select(f"""
        PREFIX cnb: <{CNB}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?ci ?cl WHERE {{ <{table}> cnb:hasColumn ?c . ?c cnb:columnIndex ?ci OPTIONAL {{ ?c rdfs:label ?cl }} }}""")
    columns = {int(str(c["ci"])): str(c.get("cl", c["ci"])) for c in cols}
    grid: dict[int, dict] = {}
    for r in rows:
        entry = grid.setdefault(int(str(r["ri"])), {"iri": str(r["row"]), "label": str(r.get("rl", "")),
                                                "code": str(r.get("code", "")), "values": {}})
        if "ci" in r:
            entry["values"][int(str(r["ci"]))] = _dec(r.get("value"))
    indexes = sorted(set(columns) | {i for e in grid.values() for i in e["values"]})
    return {"columns": [columns.get(i, str(i)) for i in indexes], "indexes": indexes,
            "rows": [grid[k] for k in sorted(grid)]}


def spending_charts(store: GraphStore, *, unit: str | None = None, document: str | None = None) -> list[str]:
    """SVG charts of spending by function class (类, 3-digit) and by economic class (3-digit), per document.

    The same class amount appears in several tables and columns (合计, 基本支出, 项目支出 …); the chart takes
    the largest amount reported for each class in a document, which is its total, among the columns of the
    document's own year and phase (``cnb:ownPeriod``: never a prior-year or 增减 column)."""
    where = f"?obs <{ORGANIZATION}> <{unit}> ." if unit else ""
    graph = f"<{document}>" if document else "?g"
    rows = store.select(f"""
        PREFIX cnb: <{CNB}>
        SELECT ?g ?kind ?code (MAX(?amount) AS ?total) WHERE {{
          GRAPH {graph} {{
            {where}
            ?obs <{AMOUNT}> ?amount ; ?dim ?code ; cnb:column/cnb:ownPeriod true .
            VALUES (?dim ?kind) {{ (cnb:functionalClassification "function") (cnb:economicClassification "economic") }}
            FILTER (REGEX(STR(?code), "/[0-9]{{3}}$"))
            {"BIND(" + graph + " AS ?g)" if document else ""}
          }}
        }} GROUP BY ?g ?kind ?code ORDER BY ?g ?kind""")
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
    charts = []
    for n, ((g, kind), bars) in enumerate(sorted(per.items())):
        doc = g.rsplit("/id/doc/", 1)[-1]
        charts.append(bar_chart(f"{titles[kind]} — {doc}", bars, chart_id=f"chart-{kind}-{n}"))
    return [c for c in charts if c]


def _code_labels(rows: list[dict]) -> str:
    codes = " ".join(f"<{r['code']}>" for r in rows)
    return ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> CONSTRUCT { ?c skos:prefLabel ?l } "
            f"WHERE {{ VALUES ?c {{ {codes} }} ?c skos:prefLabel ?l }}")


def documents_of(store: GraphStore, unit: str) -> list[dict]:
    rows = store.select(f"""PREFIX cnb: <{CNB}> PREFIX dct: <http://purl.org/dc/terms/>
        SELECT DISTINCT ?doc ?title WHERE {{ ?doc cnb:unit <{unit}> OPTIONAL {{ ?doc dct:title ?title }} }}""")
    return [{"iri": str(r["doc"]), "title": str(r.get("title", r["doc"]))} for r in rows]


def kinds(graph: Graph, iri: URIRef) -> set[str]:
    return {str(t).removeprefix(CNB) for t in graph.objects(iri, RDF.type)}
