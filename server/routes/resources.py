"""``/id/...``: every data IRI dereferences, with content negotiation (HTML, Turtle, JSON-LD, N-Triples, RDF/XML)."""

from __future__ import annotations

import asyncio
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, Response
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from budgetkg.ontology.namespaces import CNB, PREFIXES

from .. import negotiation as neg
from ..bounded import bounded
from ..config import Settings
from ..deps import SettingsDep, StoreDep, TemplatesDep
from ..errors import ApiError
from ..exports_csvw import read_table
from ..exports_xlsx import XLSX_EXTENSION, XLSX_MEDIA, table_xlsx
from ..findings import findings_view
from ..i18n import lang_of, remember
from ..metadata import dataset_graph, document_tables, document_titles, publisher_graph
from ..portal import findings_of
from ..series import unit_series
from ..sources import SUFFIXES, page_png, parse_box, source_path
from ..sparql_protocol import is_iri
from ..store import GraphStore
from ..views import (
    budget_lines,
    cell_summary,
    class_totals,
    describe,
    describe_out,
    documents_of,
    evidence,
    incoming,
    kinds,
    label_in,
    natural_key,
    node_info,
    outgoing,
    page_link,
    spending_charts,
    term_graph,
    type_name,
    unit_history,
)
from ..vocabulary import CODE_NS, Labeller, local_name, ontology_graph
from ..vocabulary_graph import document_graphs
from .catalog import write_graph
from .exports import table_csv_response
from .series import series_response

router = APIRouter(tags=["resources"])
PROV_SOURCE = URIRef("http://www.w3.org/ns/prov#hadPrimarySource")
FINDINGS_WAIT = 20.0  # seconds a document page waits for a first validation before saying it is running


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


def _described_out(store: GraphStore, settings: Settings, iri: str) -> Graph:
    """What a page shows as statements: the outgoing ones with their objects' labels (and the catalogue's);
    an IRI only linked to (nothing said of it) still has a page when anything links to it."""
    graph = describe_out(store, iri)
    if iri == settings.publisher:  # the catalogue's own resource (a document's #dataset is in its RDF, not its page)
        graph += publisher_graph(settings)
    if len(graph) == 0 and store.query(f"ASK {{ ?s ?p <{iri}> }}").boolean:
        graph.add((URIRef(iri), RDF.type, RDFS.Resource))
    return graph


def _page(store: GraphStore, settings: Settings, iri: str, graph: Graph, lang: str, show: str | None,
          page: int) -> dict:
    node = URIRef(iri)
    label = Labeller(graph)
    zh, en = label.pair(node)
    types = kinds(graph, node)
    info = node_info(store, [iri], lang).get(iri, {})
    own = not (zh or en) or types & {"BudgetLine", "BudgetTable", "NarrativeClaim"}
    title = info.get("text") if own and info.get("text") else None
    type_names = list(dict.fromkeys(type_name(label, t, lang) for t in sorted(graph.objects(node, RDF.type), key=str)))
    ctx: dict[str, Any] = {  # the page template's context
        "iri": iri, "zh": zh, "en": en, "title": title or label_in((zh, en), lang, info.get("text") or iri),
        "subtitle": (en if lang == "zh" else zh) if zh and en else None,
        "props": outgoing(graph, store, iri, lang, settings.base_iri, label),
        "incoming": incoming(store, iri, lang, settings.base_iri, label, show, page),
        "types": types, "type_names": type_names, "lines": None, "charts": [], "documents": [],
        "path": "/" + iri.removeprefix(settings.base_iri), "lang": lang, "cell": None}
    if "BudgetTable" in types or (graph.value(node, CNB.hasRow)):
        ctx["lines"] = budget_lines(store, iri)
    if "BudgetLine" in types:
        ctx["cell"] = cell_summary(store, iri, lang)
    if types & {"BudgetLine", "NarrativeClaim", "IndicatorTarget", "PerformanceGoal"}:
        ctx["evidence"] = evidence(store, iri, lang, lambda sha: source_path(store, sha) is not None)
    files = [iri] if "SourceFile" in types else [str(f) for f in graph.objects(node, PROV_SOURCE)]
    kept = [f.rsplit("/", 1)[-1] for f in files if source_path(store, f.rsplit("/", 1)[-1])]
    ctx["download"] = f"/id/file/{kept[0]}/content" if kept else None  # the source file, when kept
    if "BudgetUnit" in types:
        ctx["documents"] = documents_of(store, iri)
        totals = class_totals(store, unit=iri)
        ctx["history"] = unit_history(store, totals, ctx["documents"], lang)
        ctx["series"] = unit_series(store, iri, ctx["documents"], lang)  # economic class, basic/project, 三公 (series.py)
        if ctx["history"]:  # the years side by side above; the latest document's structure below
            latest = ctx["history"]["documents"][-1]["iri"]
            totals = [r for r in totals if str(r["g"]) == latest]
        ctx["charts"] = spending_charts(store, unit=iri, rows=totals)
    elif "BudgetDocument" in types:
        ctx["charts"] = spending_charts(store, document=iri)
    return ctx


@router.get("/id/file/{sha}/content", summary="A document's source file (PDF or text), when kept beside the store",
            responses={200: {"content": {"application/pdf": {}, "text/plain": {}}}, 404: {}})
async def get_source(sha: str, store: StoreDep) -> Response:
    path = source_path(store, sha)
    if path is None:
        raise ApiError(404, f"the source file {sha} is not kept on this server")
    return FileResponse(path, media_type=SUFFIXES[path.suffix], filename=path.name,
                        content_disposition_type="inline", headers={"Cache-Control": "public, max-age=86400"})


@router.get("/id/file/{sha}/page/{page}.png", summary="One page of a source PDF as an image; `box` = x0,top,x1,bottom "
                                                        "(PDF points, as cnb:bbox) is drawn on it",
            responses={200: {"content": {"image/png": {}}}, 404: {}})
async def get_source_page(sha: str, page: int, store: StoreDep, settings: SettingsDep,
                          box: Annotated[str | None, Query(description="x0,top,x1,bottom in PDF points")] = None
                          ) -> Response:
    path = source_path(store, sha)
    if path is None or path.suffix != ".pdf":
        raise ApiError(404, f"no source PDF {sha} is kept on this server")
    png = await bounded(max(settings.query_timeout, 10.0), page_png, str(path), page, parse_box(box))
    if png is None:
        raise ApiError(404, f"the source file has no page {page}")
    return Response(png, media_type="image/png", headers={"Cache-Control": "public, max-age=86400"})


@router.get("/id/{path:path}" + XLSX_EXTENSION, summary="One budget table as an Excel workbook (XLSX)",
            responses={200: {"content": {XLSX_MEDIA: {}}}, 404: {"description": "No budget table"}})
async def get_table_xlsx(path: str, settings: SettingsDep, store: StoreDep) -> Response:
    return await xlsx_response(settings, store, f"{settings.base_iri}id/{path}")


async def xlsx_response(settings: Settings, store: GraphStore, table: str) -> Response:
    grid = await bounded(settings.query_timeout, read_table, store, table)
    if grid is None:
        raise ApiError(404, f"{table} is no budget table")
    body = await asyncio.to_thread(table_xlsx, grid)
    name = "-".join(table.removeprefix(settings.base_iri + "id/doc/").split("/")) + XLSX_EXTENSION
    return Response(body, media_type=XLSX_MEDIA, headers={"Content-Disposition": f'attachment; filename="{name}"',
                                                          "Vary": "Accept"})


@router.get("/id/{path:path}", summary="Dereference a data IRI (HTML for browsers, RDF by Accept or `format`)",
            responses={200: {"content": {m: {} for m in neg.RESOURCE}}, 404: {"description": "Unknown IRI"}})
async def resource(path: str, request: Request, settings: SettingsDep, store: StoreDep, templates: TemplatesDep,
                   format: Annotated[str | None, Query(description="html, turtle, jsonld, nt, rdfxml")] = None) -> Response:
    iri = f"{settings.base_iri}id/{path}"
    if not is_iri(iri):
        raise ApiError(404, f"not a valid IRI: {iri!r}")
    if format == "xlsx" or (not format and XLSX_MEDIA in (request.headers.get("accept") or "")):
        return await xlsx_response(settings, store, iri)  # a table as a workbook (exports_xlsx)
    if neg.negotiate(request.headers.get("accept"), format, [*neg.RESOURCE, neg.CSV], graph=True) == neg.CSV:
        if path.startswith("unit/") and "/" not in path.removeprefix("unit/"):  # a unit's series (series.py)
            return await series_response(settings, store, iri, request.query_params.get("series"))
        grid = await bounded(settings.query_timeout, read_table, store, iri)  # a table as CSV (exports_csvw)
        if grid is None:
            raise ApiError(406, f"{iri} is no budget table: offered formats: " + ", ".join(neg.RESOURCE))
        return table_csv_response(grid)
    media = negotiate_resource(request, format)
    if media != neg.HTML:
        graph = await bounded(settings.query_timeout, _described, store, settings, iri)
        if len(graph) == 0:
            raise ApiError(404, f"{iri} names nothing in the store", headers={"Vary": "Accept"})
        return rdf_body(graph, media)
    # a page: the outgoing statements here, the incoming ones grouped and paged by views.incoming
    graph = await bounded(settings.query_timeout, _described_out, store, settings, iri)
    if len(graph) == 0:
        raise ApiError(404, f"{iri} names nothing in the store", headers={"Vary": "Accept"})
    show = request.query_params.get("in")
    try:
        page = int(request.query_params.get("page", "1"))
    except ValueError:
        page = 1
    lang = lang_of(request)
    ctx = await bounded(settings.query_timeout, _page, store, settings, iri, graph, lang, show, page)
    if "BudgetDocument" in ctx["types"] and iri in document_graphs(store):
        ctx["findings"] = await document_findings(request, store, settings, iri, lang)
    elif ctx["types"] & {"BudgetLine", "NarrativeClaim", "TableRow"}:
        ctx["about"] = await asyncio.to_thread(findings_about, request, store, settings, iri, lang)
    return remember(request, templates.TemplateResponse(request, "resource.html", ctx, headers={"Vary": "Accept"}))


def findings_about(request: Request, store: GraphStore, settings: Settings, iri: str, lang: str) -> dict | None:
    """The findings of its document's kept report that are about this cell, claim or row (no new check)."""
    doc = next((g for g in document_graphs(store) if iri.startswith(g + "/")), None)
    report = findings_of(request.app, store).report(doc) if doc else None
    if report is None or doc is None:
        return None
    view = findings_view(report, lang, lambda node: page_link(URIRef(node), settings.base_iri) if node else None, iri)
    view["document_path"] = page_link(URIRef(doc), settings.base_iri)
    return view if view["groups"] else None


async def document_findings(request: Request, store: GraphStore, settings: Settings, iri: str, lang: str) -> dict:
    """The document's validation findings (kept, or checked now in the background: the page waits a few seconds,
    then says the check is running and reloads)."""
    cache = findings_of(request.app, store)
    report = await asyncio.to_thread(cache.report, iri)
    if report is None:
        future, started = cache.check(iri)
        wait = min(settings.query_timeout, FINDINGS_WAIT) if started else 0.2  # a check already running: no wait
        try:
            report = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), wait)
        except TimeoutError:
            return {"pending": True}
        except Exception as exc:  # a validation bug is shown on the page, not a 500
            return {"error": f"{type(exc).__name__}: {exc}"}
    if report is None:
        return {"pending": True}
    return findings_view(report, lang, lambda node: page_link(URIRef(node), settings.base_iri) if node else None)


def code_lists(lang: str) -> list[dict]:
    """Every SKOS concept scheme of the ontology's code lists, with its concepts' count."""
    graph = ontology_graph()
    label = Labeller()
    out = []
    for scheme in set(graph.subjects(RDF.type, SKOS.ConceptScheme)):
        iri = str(scheme)
        out.append({"iri": iri, "href": "/code/" + iri.removeprefix(CODE_NS) if iri.startswith(CODE_NS) else iri,
                    "name": label_in(label.pair(scheme), lang, local_name(iri)),
                    "other": label_in(label.pair(scheme), "en" if lang == "zh" else "zh", ""),
                    "count": len(set(graph.subjects(SKOS.inScheme, scheme))),
                    "definition": label_in(_definition(graph, scheme), lang, ""),
                    "ours": iri.startswith(CODE_NS)})
    return sorted(out, key=lambda c: (not c["ours"], -c["count"] if c["count"] > 50 else 0, c["iri"]))


def _definition(graph: Graph, node: Node) -> tuple[str | None, str | None]:
    zh = en = None
    for d in graph.objects(node, SKOS.definition):
        lang = getattr(d, "language", None) or ""
        if lang.startswith("zh"):
            zh = zh or str(d)
        elif lang.startswith("en"):
            en = en or str(d)
    return zh, en


@lru_cache(maxsize=64)
def scheme_concepts(scheme: str, lang: str) -> list[dict]:
    """The concepts of one scheme by notation (类, 款, 项 indented by the notation's length)."""
    graph = ontology_graph()
    label = Labeller()
    rows = []
    for c in set(graph.subjects(SKOS.inScheme, URIRef(scheme))):
        notation = str(graph.value(c, SKOS.notation) or "")
        zh, en = label.pair(c)
        depth = {5: 2, 7: 3}.get(len(notation), 1) if notation.isdigit() else 1
        rows.append({"iri": str(c), "href": "/code/" + str(c).removeprefix(CODE_NS) if str(c).startswith(CODE_NS) else str(c),
                     "notation": notation, "zh": zh or "", "en": en or "", "level": depth})
    return sorted(rows, key=lambda r: (r["notation"] == "", natural_key(r["notation"] or r["iri"])))


@router.get("/code/", summary="The code lists (SKOS concept schemes): function and economic classifications and the "
                              "small lists of budgetkg")
async def list_code_lists(request: Request, settings: SettingsDep, templates: TemplatesDep,
                          format: Annotated[str | None, Query(description="html, turtle, jsonld, nt, rdfxml")] = None
                          ) -> Response:
    media = negotiate_resource(request, format)
    lang = lang_of(request)
    if media != neg.HTML:
        graph = Graph()
        source = ontology_graph()
        for scheme in source.subjects(RDF.type, SKOS.ConceptScheme):
            for t in source.triples((scheme, None, None)):
                if t[1] != SKOS.hasTopConcept:
                    graph.add(t)
        return rdf_body(graph, media)
    ctx = {"lang": lang, "lists": code_lists(lang)}
    return remember(request, templates.TemplateResponse(request, "code_lists.html", ctx, headers={"Vary": "Accept"}))


@router.get("/code/{path:path}", include_in_schema=False)
async def code_page(path: str, request: Request, settings: SettingsDep, store: StoreDep, templates: TemplatesDep,
                    format: Annotated[str | None, Query()] = None) -> Response:
    """A code list or code: the page of ``/id/`` pages (labels, printed order, incoming links by kind and page);
    a scheme lists its codes. Other formats: ``routes/ontology.get_code``."""
    media = negotiate_resource(request, format)
    iri = CODE_NS + path
    if not is_iri(iri):
        raise ApiError(404, f"not a valid IRI: {iri!r}")
    graph = await asyncio.to_thread(term_graph, iri)
    if media != neg.HTML:  # as routes/ontology.get_code answers it
        graph += await bounded(settings.query_timeout, describe, store, iri)
        if len(graph) == 0:
            raise ApiError(404, f"{iri} is in no code list and no document")
        return rdf_body(graph, media)
    graph += await bounded(settings.query_timeout, _described_out, store, settings, iri)
    if len(graph) == 0:
        raise ApiError(404, f"{iri} is in no code list and no document")
    lang = lang_of(request)
    show = request.query_params.get("in")
    try:
        page = int(request.query_params.get("page", "1"))
    except ValueError:
        page = 1
    ctx = await bounded(settings.query_timeout, _page, store, settings, iri, graph, lang, show, page)
    ctx["path"] = "/code/" + path
    if (URIRef(iri), RDF.type, SKOS.ConceptScheme) in graph:
        ctx["concepts"] = scheme_concepts(iri, lang)
        ctx["incoming"] = [g for g in ctx["incoming"] if g["prop_iri"] not in (str(SKOS.inScheme), str(SKOS.topConceptOf))]
    return remember(request, templates.TemplateResponse(request, "resource.html", ctx, headers={"Vary": "Accept"}))
