"""``/id/...``: every data IRI dereferences, with content negotiation (HTML, Turtle, JSON-LD, N-Triples, RDF/XML)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from rdflib import Graph, URIRef

from budgetkg.ontology.namespaces import CNB, PREFIXES

from .. import negotiation as neg
from ..bounded import bounded
from ..deps import SettingsDep, StoreDep, TemplatesDep
from ..errors import ApiError
from ..sparql_protocol import is_iri
from ..views import budget_lines, describe, documents_of, kinds, spending_charts, statements
from ..vocabulary import Labeller
from .catalog import RDFLIB

router = APIRouter(tags=["resources"])


def negotiate_resource(request: Request, fmt: str | None) -> str:
    media = neg.negotiate(request.headers.get("accept"), fmt, neg.RESOURCE, graph=True)
    if media is None:
        raise ApiError(406, "offered formats: " + ", ".join(neg.RESOURCE), headers={"Vary": "Accept"})
    return media


def rdf_body(graph: Graph, media: str) -> Response:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, replace=True)
    return Response(graph.serialize(format=RDFLIB[media], encoding="utf-8"),
                    media_type=f"{media}; charset=utf-8", headers={"Vary": "Accept"})


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
    media = negotiate_resource(request, format)
    graph = await bounded(settings.query_timeout, describe, store, iri)
    if len(graph) == 0:
        raise ApiError(404, f"{iri} names nothing in the store", headers={"Vary": "Accept"})
    if media != neg.HTML:
        return rdf_body(graph, media)
    ctx = await bounded(settings.query_timeout, _page, store, settings, iri, graph)
    return templates.TemplateResponse(request, "resource.html", ctx, headers={"Vary": "Accept"})
