"""``/sparql``: the SPARQL 1.1 Protocol (query operation only; the endpoint is read-only) and the query page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from .. import negotiation as neg
from ..deps import ExecutorDep, SettingsDep, TemplatesDep
from ..errors import ApiError, wants_html
from ..metadata import service_description
from ..sparql_protocol import DIRECT, FORM, QueryRequest, Reply, answer, from_post
from .catalog import RDFLIB

router = APIRouter(tags=["sparql"])
POST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            FORM: {"schema": {"type": "object", "properties": {
                "query": {"type": "string"},
                "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                "named-graph-uri": {"type": "array", "items": {"type": "string"}},
            }, "required": ["query"]}},
            DIRECT: {"schema": {"type": "string"}, "example": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"},
        },
    },
    "responses": {"200": {"description": "Results (JSON, XML, CSV, TSV) or a graph (Turtle, N-Triples, JSON-LD, "
                                        "RDF/XML) by Accept or `format`"}},
}


def example_queries() -> list[dict[str, str]]:
    """The documented example queries in ``ontology/queries/*.rq``, read at each call (files may change)."""
    try:
        from importlib.resources import files

        folder = Path(str(files("budgetkg.ontology"))) / "queries"
    except (ModuleNotFoundError, TypeError):
        folder = Path(__file__).resolve().parents[2] / "ontology" / "queries"
    examples = []
    for path in sorted(folder.glob("*.rq")) if folder.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        meta: dict[str, str] = {}
        for line in text.splitlines():
            key, sep, value = line.lstrip("# ").partition(":")
            if line.startswith("#") and sep and key.strip() in ("title", "title-zh") and key.strip() not in meta:
                meta[key.strip()] = value.strip()
        title = " · ".join(t for t in (meta.get("title-zh"), meta.get("title")) if t) or path.stem
        examples.append({"name": path.stem, "title": title, "query": text})
    return examples


def _page(request: Request, templates, settings, preset: str | None = None) -> Response:
    """The query page; ``preset``: a query to load and run (a shared link ``/sparql?query=…`` opened in a browser)."""
    return templates.TemplateResponse(
        request, "query.html",
        {"examples": example_queries(), "settings": settings, "endpoint": "/sparql", "preset": preset},
        headers={"Vary": "Accept"},
    )


@router.get("/query", response_class=HTMLResponse, summary="Query page (Yasgui) with the example queries "
                                                          "(also /sparql in a browser; the home page is /)")
async def query_page(request: Request, templates: TemplatesDep, settings: SettingsDep) -> Response:
    return _page(request, templates, settings)


@router.get("/sparql", summary="SPARQL query via GET; without a query: service description or the query page")
@router.get("/sparql/", include_in_schema=False)
async def sparql_get(
    request: Request,
    executor: ExecutorDep,
    settings: SettingsDep,
    templates: TemplatesDep,
    query: Annotated[list[str] | None, Query(description="SPARQL 1.1 query text")] = None,
    default_graph_uri: Annotated[list[str] | None, Query(alias="default-graph-uri")] = None,
    named_graph_uri: Annotated[list[str] | None, Query(alias="named-graph-uri")] = None,
    format: Annotated[str | None, Query(description="json, xml, csv, tsv, turtle, nt, jsonld, rdfxml")] = None,
    update: Annotated[list[str] | None, Query(include_in_schema=False)] = None,
) -> Response:
    if wants_html(request) and not format and not update and len(query or []) <= 1:
        return _page(request, templates, settings, query[0] if query else None)  # a browser: the page runs the query
    if query is None and not update:
        media = neg.negotiate(request.headers.get("accept"), format, neg.GRAPH, graph=True)
        if media is None:
            raise ApiError(406, "the service description is offered as " + ", ".join(neg.GRAPH))
        body = service_description(settings).serialize(format=_rdflib_name(media))
        return Response(body, media_type=media, headers={"Vary": "Accept"})
    params = QueryRequest(query or [], update or [], default_graph_uri or [], named_graph_uri or [], format)
    return _response(await answer(params, request.headers.get("accept"), executor, settings))


@router.post("/sparql", summary="SPARQL query via URL-encoded or direct POST", openapi_extra=POST_BODY)
@router.post("/sparql/", include_in_schema=False)
async def sparql_post(request: Request, executor: ExecutorDep, settings: SettingsDep) -> Response:
    url = {key: request.query_params.getlist(key) for key in request.query_params}
    params = from_post(request.headers.get("content-type", ""), await request.body(), url, settings)
    return _response(await answer(params, request.headers.get("accept"), executor, settings))


def _response(reply: Reply) -> Response:
    return Response(reply.body, headers=reply.headers, media_type=reply.media_type)


def _rdflib_name(media: str) -> str:
    return RDFLIB.get(media, RDFLIB[neg.TURTLE])
