"""``POST /validate`` (SHACL report for an uploaded disclosure or RDF file) and the authenticated
``PUT /documents/{id}`` that ingests, validates and atomically replaces one document graph."""

from __future__ import annotations

import asyncio
import hmac
from typing import Annotated, Any

from fastapi import APIRouter, File, Header, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH

from .. import negotiation as neg
from ..deps import SettingsDep, StoreDep
from ..documents import DocumentError, document_iri, graph_from_bytes
from ..errors import ApiError

router = APIRouter(tags=["validation"])
SUFFIX_BY_MEDIA = {"application/pdf": ".pdf", "text/plain": ".txt", "text/turtle": ".ttl",
                   "application/n-triples": ".nt", "application/ld+json": ".jsonld", "application/rdf+xml": ".rdf"}


def _validator():
    try:
        from ingest.validate import validate_document
    except ImportError:
        return None
    return validate_document


def normalise_report(report: Any) -> tuple[bool, Graph, str]:
    """(conforms, report graph, text) from what ``validate_document`` returns: pySHACL's triple, an object
    with ``conforms`` / ``graph`` / ``text``, or a report graph."""
    if isinstance(report, tuple) and len(report) >= 2:
        conforms, graph = bool(report[0]), report[1]
        text = str(report[2]) if len(report) > 2 else ""
    elif isinstance(report, Graph):
        graph, text = report, ""
        conforms = all(bool(o) for o in graph.objects(None, SH.conforms))
    else:
        conforms = bool(getattr(report, "conforms", False))
        graph = (getattr(report, "results_graph", None) or getattr(report, "graph", None)
                 or getattr(report, "report_graph", None) or Graph())
        text = str(getattr(report, "text", ""))
    if not isinstance(graph, Graph):
        graph = Graph()
    return conforms, graph, text


def report_json(conforms: bool, graph: Graph) -> dict[str, Any]:
    results = []
    for r in graph.subjects(RDF.type, SH.ValidationResult):
        messages = {(m.language or "und"): str(m) for m in graph.objects(r, SH.resultMessage) if isinstance(m, Literal)}
        item = {"severity": str(graph.value(r, SH.resultSeverity) or "").rsplit("#", 1)[-1],
                "focusNode": str(graph.value(r, SH.focusNode) or ""), "path": str(graph.value(r, SH.resultPath) or ""),
                "value": str(graph.value(r, SH.value) or ""), "sourceShape": str(graph.value(r, SH.sourceShape) or ""),
                "messages": messages}
        results.append(item)
    results.sort(key=lambda x: (x["severity"], x["sourceShape"], x["focusNode"]))
    return {"conforms": conforms, "results": results}


async def _validate(graph: Graph) -> tuple[bool, Graph, str] | None:
    validate = _validator()
    if validate is None:
        return None
    return normalise_report(await asyncio.to_thread(validate, graph))


async def _parse(data: bytes, filename: str, content_type: str | None, base: str) -> Graph:
    try:
        return await asyncio.to_thread(graph_from_bytes, data, filename, content_type, base)
    except DocumentError as exc:
        raise ApiError(422, str(exc)) from None


@router.post("/validate", summary="Validate an uploaded disclosure (PDF, text) or RDF file against the SHACL shapes",
             responses={200: {"content": {"application/json": {}, "text/turtle": {}}}, 422: {}, 501: {}})
async def validate(request: Request, settings: SettingsDep, file: Annotated[UploadFile, File(description="PDF, text or RDF")],
                   format: Annotated[str | None, Query(description="json or turtle")] = None) -> Response:
    if _validator() is None:
        raise ApiError(501, "validation is not available yet (ingest.validate.validate_document is missing)")
    data = await file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise ApiError(413, f"upload exceeds max_upload_bytes={settings.max_upload_bytes}")
    graph = await _parse(data, file.filename or "upload", file.content_type, settings.base_iri)
    conforms, report, _ = await _validate(graph) or (True, Graph(), "")
    media = neg.negotiate(request.headers.get("accept"), format, ["application/json", neg.TURTLE], graph=False)
    if media == neg.TURTLE:
        return Response(report.serialize(format="turtle", encoding="utf-8"), media_type="text/turtle; charset=utf-8")
    if media is None:
        raise ApiError(406, "the report is offered as application/json or text/turtle")
    return JSONResponse({"document": document_iri(graph, settings.base_iri), "triples": len(graph),
                         **report_json(conforms, report)})


def _authorise(settings, authorization: str | None) -> None:
    if not settings.upload_token:
        raise ApiError(403, "uploads are disabled: set BUDGETKG_UPLOAD_TOKEN to enable PUT /documents/{id}")
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise ApiError(401, "send 'Authorization: Bearer <token>'", headers={"WWW-Authenticate": 'Bearer realm="budgetkg"'})
    if not hmac.compare_digest(token.strip().encode(), settings.upload_token.encode()):
        raise ApiError(403, "wrong token")


@router.put("/documents/{doc_id:path}", summary="Ingest, validate and atomically replace one document graph",
            openapi_extra={"requestBody": {"required": True, "content": {m: {"schema": {"type": "string", "format": "binary"}}
                                                                     for m in SUFFIX_BY_MEDIA}}},
            responses={200: {"description": "replaced"}, 201: {"description": "created"}, 401: {}, 403: {}, 422: {}})
async def put_document(doc_id: str, request: Request, settings: SettingsDep, store: StoreDep,
                       authorization: Annotated[str | None, Header()] = None,
                       filename: Annotated[str | None, Query(description="original file name (sets the format)")] = None,
                       ) -> Response:
    _authorise(settings, authorization)
    name = f"{settings.base_iri}id/doc/{doc_id.strip('/')}"
    data = await request.body()
    if len(data) > settings.max_upload_bytes:
        raise ApiError(413, f"upload exceeds max_upload_bytes={settings.max_upload_bytes}")
    media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    label = filename or f"{doc_id.replace('/', '_')}{SUFFIX_BY_MEDIA.get(media, '.txt')}"
    graph = await _parse(data, label, media, settings.base_iri)
    found = document_iri(graph, settings.base_iri)
    if found != name:
        raise ApiError(422, f"the upload describes {found or 'no document'}, not {name}; PUT it to its own IRI")
    checked = await _validate(graph)
    existed = name in store.list_graphs()
    triples = await asyncio.to_thread(store.replace_graph, name, graph)
    body: dict[str, Any] = {"graph": name, "triples": triples, "replaced": existed,
                            "compaction": "scheduled" if request.app.state.compactor.request() else "not needed"}
    if checked is None:
        body["validation"] = "unavailable"
    else:
        body["validation"] = report_json(checked[0], checked[1])
    return JSONResponse(body, status_code=200 if existed else 201, headers={"Location": "/" + name.removeprefix(settings.base_iri)})



