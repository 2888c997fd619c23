"""``/sparql``: the SPARQL 1.1 Protocol (query operation only; the endpoint is read-only) and the query page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from .. import negotiation as neg
from ..deps import ExecutorDep, SettingsDep, TemplatesDep
from ..errors import ApiError, wants_html
from ..executor import QueryJob
from ..metadata import service_description
from ..sparql_text import error_position, is_update, refused_services
from ..store import RDF_FORMATS

router = APIRouter(tags=["sparql"])
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted (documents change through PUT /documents/{id})"
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

        folder = Path(str(files("ontology"))) / "queries"
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


async def _answer(request: Request, executor, settings, query: list[str], update: list[str],
                  default_graphs: list[str], named_graphs: list[str], fmt: str | None) -> Response:
    if update:
        raise ApiError(403, READ_ONLY)
    if len(query) > 1:
        raise ApiError(400, "more than one 'query' parameter: send exactly one query")
    text = query[0]
    if not text.strip():
        raise ApiError(400, "the 'query' parameter is empty")
    if len(text) > settings.max_query_length:
        raise ApiError(413, f"query of {len(text)} characters exceeds max_query_length={settings.max_query_length}")
    if is_update(text):
        raise ApiError(403, READ_ONLY)
    refused = refused_services(text, settings.service_allow_list)
    if refused:
        raise ApiError(403, "SERVICE (federated query) is disabled for: " + ", ".join(refused)
                       + " (setting service_allow opens chosen endpoints)")
    job = QueryJob(text, default_graphs, named_graphs, request.headers.get("accept"), fmt, settings.row_cap,
                   settings.sparql_endpoint)
    outcome = await executor.run(job)
    if outcome.status >= 400:
        extra: dict[str, object] = {}
        if outcome.kind == "syntax" and (pos := error_position(outcome.error)):
            extra = {"line": pos[0], "column": pos[1]}
        raise ApiError(outcome.status, outcome.error, headers={"Vary": "Accept"}, **extra)
    headers = {"Vary": "Accept"}
    if outcome.truncated:
        headers["X-SPARQL-Truncated"] = f"true; row_cap={settings.row_cap}"
    media = outcome.media_type
    if media.startswith("text/") or media.endswith(("+json", "+xml", "/n-triples", "/ld+json")):
        media += "; charset=utf-8"
    return Response(outcome.body, media_type=media, headers=headers)


def _page(request: Request, templates, settings) -> Response:
    return templates.TemplateResponse(
        request, "query.html", {"examples": example_queries(), "settings": settings, "endpoint": "/sparql"},
        headers={"Vary": "Accept"},
    )


@router.get("/", response_class=HTMLResponse, summary="Query page (Yasgui) with the example queries")
async def home(request: Request, templates: TemplatesDep, settings: SettingsDep) -> Response:
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
    if query is None and not update:
        if wants_html(request) and not format:
            return _page(request, templates, settings)
        media = neg.negotiate(request.headers.get("accept"), format, neg.GRAPH, graph=True)
        if media is None:
            raise ApiError(406, "the service description is offered as " + ", ".join(neg.GRAPH))
        body = service_description(settings).serialize(format=_rdflib_name(media))
        return Response(body, media_type=media, headers={"Vary": "Accept"})
    return await _answer(request, executor, settings, query or [], update or [],
                         default_graph_uri or [], named_graph_uri or [], format)


@router.post("/sparql", summary="SPARQL query via URL-encoded or direct POST", openapi_extra=POST_BODY)
@router.post("/sparql/", include_in_schema=False)
async def sparql_post(request: Request, executor: ExecutorDep, settings: SettingsDep) -> Response:
    ctype = request.headers.get("content-type", "")
    media, _, params = ctype.partition(";")
    media = media.strip().lower()
    charset = next((p.split("=", 1)[1].strip().strip('"').lower() for p in params.split(";")
                    if p.strip().lower().startswith("charset=")), "utf-8")
    url = request.query_params
    body = await request.body()
    if len(body) > settings.max_query_length * 4:
        raise ApiError(413, f"request body exceeds {settings.max_query_length * 4} bytes")
    if media == UPDATE:
        raise ApiError(403, READ_ONLY)
    if media not in (FORM, DIRECT):
        raise ApiError(415, f"POST needs Content-Type {FORM} or {DIRECT}" + (f", not {media}" if media else ""))
    if charset not in ("utf-8", "utf8"):
        raise ApiError(415, f"the request must be encoded as UTF-8, not {charset}")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"the request body is not valid UTF-8 (byte {exc.start})") from None
    if media == FORM:
        try:
            form = parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict")
        except UnicodeDecodeError:
            raise ApiError(400, "the form data is not valid UTF-8") from None
        query, update = form.get("query", []), form.get("update", [])
        defaults = url.getlist("default-graph-uri") + form.get("default-graph-uri", [])
        named = url.getlist("named-graph-uri") + form.get("named-graph-uri", [])
        fmt = form.get("format", [None])[0] or url.get("format")
        if not query and not update:
            raise ApiError(400, "the form has no 'query' field")
    else:
        query, update = [text], []
        defaults, named, fmt = url.getlist("default-graph-uri"), url.getlist("named-graph-uri"), url.get("format")
    return await _answer(request, executor, settings, query, update, defaults, named, fmt)


def _rdflib_name(media: str) -> str:
    return {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
            "application/rdf+xml": "xml"}[media] if media in RDF_FORMATS else "turtle"
