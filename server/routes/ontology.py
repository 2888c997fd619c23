"""The ontology and code lists dereference too: ``/ontology`` (pyLODE HTML or RDF) and ``/code/...``."""

from __future__ import annotations

import asyncio
import logging
import re
from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from rdflib import Graph, URIRef

from .. import negotiation as neg
from ..bounded import bounded
from ..deps import SettingsDep, StoreDep, TemplatesDep
from ..errors import ApiError
from ..sparql_protocol import is_iri
from ..views import describe, statements, term_graph
from ..vocabulary import CODE_NS, ONTOLOGY_IRI, ONTOLOGY_NS, Labeller, ontology_folder, ontology_graph
from .resources import negotiate_resource, rdf_body

router = APIRouter(tags=["ontology"])
log = logging.getLogger("budgetkg.server")
PYLODE_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
              "img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'")
FormatParam = Annotated[str | None, Query(description="html, turtle, jsonld, nt, rdfxml")]


@lru_cache(maxsize=1)
def ontology_html() -> str | None:
    """pyLODE documentation of ``ontology/budget.ttl`` (built once; None if pyLODE cannot document it)."""
    try:
        _patch_pylode_version()
        from pylode import OntPub

        return _anchor_every_term(OntPub(ontology=str(ontology_folder() / "budget.ttl")).make_html())
    except Exception as exc:  # pyLODE is strict about ontology metadata: fall back to the generic page
        log.warning("pyLODE could not document the ontology: %s", exc)
        return None


_EMPTY_ANCHOR = re.compile(r'(<div class="[^"]*entity[^"]*" id=")(">(?:(?!</div>).)*?<code>[^<#]*#([^<]+)</code>)', re.S)


def _anchor_every_term(html: str) -> str:
    """pyLODE leaves some terms' ``id`` empty (cnb:TableColumn): give each the fragment of the IRI it shows, so that
    ``{ontology}#Term`` lands on it."""
    return _EMPTY_ANCHOR.sub(lambda m: m.group(1) + m.group(3) + m.group(2), html)


def _patch_pylode_version() -> None:
    """pyLODE 3.4.1 reads its version from a pyproject.toml that its wheel does not ship; supply it."""
    import sys
    import types
    from importlib.metadata import version

    if "pylode.version" not in sys.modules:
        stub = types.ModuleType("pylode.version")
        stub.__version__ = version("pylode")  # type: ignore[attr-defined]
        sys.modules["pylode.version"] = stub


def _render(request: Request, templates, settings, iri: str, graph: Graph, path: str) -> Response:
    label = Labeller(graph)
    zh, en = label.pair(URIRef(iri))
    props, incoming = statements(graph, URIRef(iri), label, settings.base_iri)
    ctx = {"iri": iri, "zh": zh, "en": en, "props": props, "incoming": incoming, "types": [], "lines": None,
           "charts": [], "documents": [], "path": path}
    return templates.TemplateResponse(request, "resource.html", ctx, headers={"Vary": "Accept"})


@router.get("/ontology", summary="The ontology: pyLODE documentation for browsers, RDF by Accept or `format`")
async def get_ontology(request: Request, settings: SettingsDep, templates: TemplatesDep,
                       format: FormatParam = None) -> Response:
    media = negotiate_resource(request, format)
    if media != neg.HTML:
        return rdf_body(await asyncio.to_thread(ontology_graph), media)
    html = await asyncio.to_thread(ontology_html)
    if html:  # pyLODE's page has inline scripts and styles of its own, and no user data
        return HTMLResponse(html, headers={"Vary": "Accept", "Content-Security-Policy": PYLODE_CSP})
    graph = await asyncio.to_thread(term_graph, ONTOLOGY_IRI)
    return _render(request, templates, settings, ONTOLOGY_IRI, graph, "/ontology")


@router.get("/ontology/term/{name}", summary="One ontology term (cnb:name), HTML or RDF")
async def get_term(name: str, request: Request, settings: SettingsDep, templates: TemplatesDep,
                   format: FormatParam = None) -> Response:
    iri = ONTOLOGY_NS + name
    graph = await asyncio.to_thread(term_graph, iri)
    if len(graph) == 0:
        raise ApiError(404, f"{iri} is not a term of the ontology")
    media = negotiate_resource(request, format)
    if media != neg.HTML:
        return rdf_body(graph, media)
    return _render(request, templates, settings, iri, graph, f"/ontology/term/{name}")


@router.get("/code/{path:path}", summary="A code list or code (SKOS), from the code lists and the documents")
async def get_code(path: str, request: Request, settings: SettingsDep, store: StoreDep, templates: TemplatesDep,
                   format: FormatParam = None) -> Response:
    iri = CODE_NS + path
    if not is_iri(iri):
        raise ApiError(404, f"not a valid IRI: {iri!r}")
    media = negotiate_resource(request, format)
    graph = await asyncio.to_thread(term_graph, iri)
    graph += await bounded(settings.query_timeout, describe, store, iri)
    if len(graph) == 0:
        raise ApiError(404, f"{iri} is in no code list and no document")
    if media != neg.HTML:
        return rdf_body(graph, media)
    return _render(request, templates, settings, iri, graph, f"/code/{path}")
