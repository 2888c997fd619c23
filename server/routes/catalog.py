"""Portal metadata and bulk data: ``/catalog`` (DCAT-AP 3), ``/.well-known/void``, ``/dumps/``, ``/graphs/``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from rdflib import Graph

from budgetkg.ingest.serialize import to_turtle
from budgetkg.ontology.formats import GRAPH_FORMATS, TURTLE

from .. import negotiation as neg
from ..bounded import bounded
from ..deps import SettingsDep, StoreDep, TemplatesDep
from ..errors import ApiError, wants_html
from ..i18n import lang_of, remember, url_with
from ..metadata import DUMPS, catalog, graph_download, void
from ..portal import FACETS, PAGE_SIZES, SORTS, browse, facet_label, portal_of

router = APIRouter(tags=["catalogue"])
RDFLIB = {f.media_type: str(f.rdflib) for f in GRAPH_FORMATS}  # media type → rdflib serializer
FormatParam = Annotated[str | None, Query(description="turtle, nt, jsonld, rdfxml (overrides Accept)")]


def write_graph(graph: Graph, media: str) -> bytes:
    """A graph in ``media``; Turtle through the one Turtle writer (``ingest.serialize.to_turtle``), which keeps
    ``"3853100"^^xsd:decimal`` as published where rdflib's writer would print ``3853100.0``."""
    if media == TURTLE.media_type:
        return to_turtle(graph).encode("utf-8")
    return graph.serialize(format=RDFLIB[media], encoding="utf-8")


def rdf_response(graph: Graph, request: Request, fmt: str | None, media: str | None = None) -> Response:
    media = media or neg.negotiate(request.headers.get("accept"), fmt, neg.GRAPH, graph=True)
    if media is None:
        raise ApiError(406, "offered formats: " + ", ".join(neg.GRAPH))
    return Response(write_graph(graph, media), media_type=f"{media}; charset=utf-8", headers={"Vary": "Accept"})


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


@router.get("/", response_class=HTMLResponse, summary="Home page: what this is, the documents by year, region, "
                                                      "level and phase, a search by unit name")
async def home(request: Request, settings: SettingsDep, store: StoreDep, templates: TemplatesDep) -> Response:
    lang = lang_of(request)
    docs = await bounded(settings.query_timeout, portal_of(request.app, store, settings).documents)
    view = browse(docs, {}, "", "-year", 1, 10, lang)
    ctx = {"lang": lang, "settings": settings, "view": view, "documents": len(docs),
           "units": len({d.unit for d in docs if d.unit}), "facets": FACETS}
    return remember(request, templates.TemplateResponse(request, "home.html", ctx, headers={"Vary": "Accept"}))


@router.get("/catalog", summary="DCAT-AP 3 catalogue (RDF); for browsers the documents with facets (year, region, "
                                "level, phase, scope, unit, validation status), a search by unit name, sorting and pages")
async def get_catalog(request: Request, settings: SettingsDep, store: StoreDep, templates: TemplatesDep,
                      format: FormatParam = None) -> Response:
    if wants_html(request) and not format:
        lang = lang_of(request)
        params = request.query_params
        chosen = {f: params[f] for f in FACETS if params.get(f)}
        q = params.get("q", "").strip()
        sort = params.get("sort", "-year")
        docs = await bounded(settings.query_timeout, portal_of(request.app, store, settings).documents)
        view = browse(docs, chosen, q, sort, _int(params.get("page"), 1), _int(params.get("per"), 25), lang)
        downloads = {d.iri: graph_download(settings, d.iri) for d in view.rows}
        chosen_labels = [{"facet": f, "label": facet_label(f, v, lang, docs),
                          "remove": url_with(request, **{f: None, "page": None})} for f, v in chosen.items()]
        ctx = {"lang": lang, "settings": settings, "view": view, "q": q, "sort": sort, "sorts": SORTS,
               "facets": FACETS, "chosen": chosen_labels, "page_sizes": PAGE_SIZES,
               "url": lambda **kw: url_with(request, **kw), "total_documents": len(docs), "downloads": downloads,
               "facet_label": lambda f, v: facet_label(f, v, lang, docs)}
        return remember(request, templates.TemplateResponse(request, "catalog.html", ctx, headers={"Vary": "Accept"}))
    return rdf_response(await bounded(settings.query_timeout, catalog, settings, store), request, format)


@router.get("/.well-known/void", summary="VoID description with triple counts per document graph")
async def get_void(request: Request, settings: SettingsDep, store: StoreDep, format: FormatParam = None) -> Response:
    return rdf_response(await bounded(settings.query_timeout, void, settings, store), request, format)


@router.get("/dumps/", response_class=HTMLResponse, summary="List of whole-store dumps")
async def list_dumps(settings: SettingsDep) -> HTMLResponse:
    items = "".join(f'<li><a href="/dumps/{n}">{n}</a> ({m})</li>' for n, (m, _) in DUMPS.items())
    return HTMLResponse(f"<!doctype html><meta charset=utf-8><title>dumps</title><h1>Dumps</h1><ul>{items}</ul>")


@router.get("/dumps/{name}", summary="Whole store, gzip: budgetkg.nq.gz (N-Quads, graphs kept) or "
                                     "budgetkg.ttl.gz (Turtle, graphs merged); built once per change of the store")
async def get_dump(name: str, request: Request) -> Response:
    if name not in DUMPS:
        raise ApiError(404, f"no dump named {name}; available: {', '.join(DUMPS)}")
    dump = await request.app.state.dumps.get(name, DUMPS[name][0])
    if request.headers.get("if-none-match") == dump.etag:
        return Response(status_code=304, headers={"ETag": dump.etag})
    return FileResponse(dump.path, media_type="application/gzip", filename=name,
                        headers={"ETag": dump.etag, "Cache-Control": "no-cache"})


@router.get("/graphs/{path:path}", summary="One document graph (Turtle, N-Triples, JSON-LD, RDF/XML) by suffix or Accept")
async def get_graph(path: str, request: Request, settings: SettingsDep, store: StoreDep,
                    format: FormatParam = None) -> Response:
    media = None
    for suffix, m in neg.SUFFIXES.items():
        if path.endswith(suffix) and m != neg.HTML:
            path, media = path.removesuffix(suffix), m
    name = f"{settings.base_iri}id/{path}"
    if name not in store.list_graphs():
        raise ApiError(404, f"no document graph named {name}")
    graph = await bounded(settings.query_timeout, store.construct, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
    return rdf_response(graph, request, format, media)
