"""``/id/...``: every data IRI dereferences, with content negotiation (HTML, Turtle, JSON-LD, N-Triples, RDF/XML)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from rdflib import Graph, URIRef

from budgetkg.ontology.namespaces import CNB, PREFIXES

from .. import negotiation as neg
from ..bounded import bounded
from ..config import Settings
from ..deps import SettingsDep, StoreDep, TemplatesDep
from ..errors import ApiError
from ..exports_csvw import read_table
from ..metadata import dataset_graph, document_tables, document_titles, publisher_graph
from ..sparql_protocol import is_iri
from ..store import GraphStore
from ..views import budget_lines, describe, documents_of, kinds, spending_charts, statements
from ..vocabulary import Labeller
from ..vocabulary_graph import document_graphs
from .catalog import write_graph
from .exports import table_csv_response

router = APIRouter(tags=["resources"])


def negotiate_resource(request: Request, fmt: str | None) -> str:
    media = neg.negotiate(request.headers.get("accept"), fmt, neg.RESOURCE, graph=True)
    if media is None:
        raise ApiError(406, "offered formats: " + ", ".join(neg.RESOURCE), headers={"Vary": "Accept"})
    return media


def rdf_body(graph: Graph, media: str) -> Response:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, replace=True)
    return Response(write_graph(graph, media), media_type=f"{media}; charset=utf-8", headers={"Vary": "Accept"})


def catalogue_description(store: GraphStore, settings: Settings, iri: str) -> Graph:
    """What the catalogue says of ``iri`` and the store does not hold: the publisher (``{base}id/publisher``), and
    for a document the ``{doc}#dataset`` and ``{doc}#sparql`` (and export) distributions that name it."""
    if iri == settings.publisher:
        return publisher_graph(settings)
    if iri in document_graphs(store):
        title = document_titles(store).get(iri, iri)
        return dataset_graph(settings, iri, title, document_tables(store, iri).get(iri, []))
    return Graph()


def _described(store: GraphStore, settings: Settings, iri: str) -> Graph:
    graph = describe(store, iri)
    graph += catalogue_description(store, settings, iri)
    return graph


def _page(store, settings, iri: str, graph: Graph) -> dict:
    node = URIRef(iri)
    label = Labeller(graph)
    zh, en = label.pair(node)
    props, incoming = statements(graph, node, label, settings.base_iri)
    types = kinds(graph, node)
    ctx: dict[str, Any] = {  # the page template's context
        "iri": iri, "zh": zh, "en": en, "props": props, "incoming": incoming, "types": sorted(types),
        "lines": None, "charts": [], "documents": [], "path": "/" + iri.removeprefix(settings.base_iri)}
    if "BudgetTable" in types or (graph.value(node, CNB.hasRow)):
        ctx["lines"] = budget_lines(store, iri)
    if "BudgetUnit" in types:
        ctx["documents"] = documents_of(store, iri)
        ctx["charts"] = spending_charts(store, unit=iri)
    elif "BudgetDocument" in types:
        ctx["charts"] = spending_charts(store, document=iri)
    return ctx


@router.get("/id/{path:path}", summary="Dereference a data IRI (HTML for browsers, RDF by Accept or `format`)",
            responses={200: {"content": {m: {} for m in neg.RESOURCE}}, 404: {"description": "Unknown IRI"}})
async def resource(path: str, request: Request, settings: SettingsDep, store: StoreDep, templates: TemplatesDep,
                   format: Annotated[str | None, Query(description="html, turtle, jsonld, nt, rdfxml")] = None) -> Response:
    iri = f"{settings.base_iri}id/{path}"
    if not is_iri(iri):
        raise ApiError(404, f"not a valid IRI: {iri!r}")
    if neg.negotiate(request.headers.get("accept"), format, [*neg.RESOURCE, neg.CSV], graph=True) == neg.CSV:
        grid = await bounded(settings.query_timeout, read_table, store, iri)  # a table as CSV (exports_csvw)
        if grid is None:
            raise ApiError(406, f"{iri} is no budget table: offered formats: " + ", ".join(neg.RESOURCE))
        return table_csv_response(grid)
    media = negotiate_resource(request, format)
    graph = await bounded(settings.query_timeout, _described, store, settings, iri)
    if len(graph) == 0:
        raise ApiError(404, f"{iri} names nothing in the store", headers={"Vary": "Accept"})
    if media != neg.HTML:
        return rdf_body(graph, media)
    ctx = await bounded(settings.query_timeout, _page, store, settings, iri, graph)
    return templates.TemplateResponse(request, "resource.html", ctx, headers={"Vary": "Accept"})
