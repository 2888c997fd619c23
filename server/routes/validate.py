"""``POST /validate`` (SHACL report for an uploaded disclosure or RDF file) and the authenticated
``PUT /documents/{id}`` that ingests, validates and atomically replaces one document graph.

Both check the upload's size before reading it (:mod:`server.upload_limits`) and read it in a worker process
with memory, time and page limits and no network (:mod:`server.upload_worker`). ``/validate`` is open to anyone,
at most ``validate_per_minute`` times a minute per client address (the upload token lifts that limit; 0 = the
token is required)."""

from __future__ import annotations

import asyncio
import hmac
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import UploadFile

from budgetkg.ontology import formats

from .. import negotiation as neg
from ..config import Settings
from ..crossdoc import check_documents
from ..deps import SettingsDep, StoreDep
from ..errors import ApiError
from ..portal import findings_of
from ..sources import keep_source
from ..store import GraphStore
from ..upload_limits import capped, read_body
from ..upload_worker import UploadJob, UploadResult

router = APIRouter(tags=["validation"])
SUFFIX_BY_MEDIA = {"application/pdf": ".pdf", "text/plain": ".txt",
                   **{f.media_type: f.extension for f in formats.GRAPH_FORMATS}}
UPLOAD_FORM = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "properties": {"file": {"type": "string", "format": "binary",
                                              "description": "PDF, text or RDF"}}, "required": ["file"]}}}}}


def _has_token(settings: Settings, authorization: str | None) -> bool:
    scheme, _, token = (authorization or "").partition(" ")
    return bool(settings.upload_token) and scheme.lower() == "bearer" and hmac.compare_digest(
        token.strip().encode(), settings.upload_token.encode())


async def _read(request: Request, job: UploadJob) -> UploadResult:
    result = await request.app.state.uploads.run(job)
    if result.status >= 400:
        headers = {"Retry-After": "30"} if result.status == 503 else None
        raise ApiError(result.status, result.error, headers=headers)
    return result


@router.post("/validate", summary="Validate an uploaded disclosure (PDF, text) or RDF file against the SHACL shapes; "
                                  "JSON: the report of budgetkg validate --format json",
             openapi_extra=UPLOAD_FORM,
             responses={200: {"content": {"application/json": {}, "text/turtle": {}}}, 413: {}, 422: {}, 429: {}})
async def validate(request: Request, settings: SettingsDep,
                   format: Annotated[str | None, Query(description="json or turtle")] = None,
                   authorization: Annotated[str | None, Header(include_in_schema=False)] = None) -> Response:
    if not _has_token(settings, authorization):
        if settings.validate_per_minute <= 0:
            raise ApiError(401, "POST /validate needs 'Authorization: Bearer <token>' on this server",
                           headers={"WWW-Authenticate": 'Bearer realm="budgetkg"'})
        request.app.state.validate_limit.check(request.client.host if request.client else "unknown")
    media = neg.negotiate(request.headers.get("accept"), format, ["application/json", neg.TURTLE], graph=False)
    if media is None:
        raise ApiError(406, "the report is offered as application/json or text/turtle")
    form = await capped(request, settings.max_upload_bytes).form(max_files=1, max_fields=10)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise ApiError(400, "send the file as the multipart/form-data field 'file'")
    data = await upload.read()
    result = await _read(request, UploadJob(data, upload.filename or "upload", upload.content_type,
                                            settings.base_iri))
    if media == neg.TURTLE:
        return Response(result.report_turtle, media_type="text/turtle; charset=utf-8")
    return JSONResponse(result.report)


def _authorise(settings: Settings, authorization: str | None) -> None:
    if not settings.upload_token:
        raise ApiError(403, "uploads are disabled: set BUDGETKG_UPLOAD_TOKEN to enable PUT /documents/{id}")
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise ApiError(401, "send 'Authorization: Bearer <token>'", headers={"WWW-Authenticate": 'Bearer realm="budgetkg"'})
    if not _has_token(settings, authorization):
        raise ApiError(403, "wrong token")


def _keep_evidence(request: Request, store: GraphStore, name: str, data: bytes, label: str,
                   report: dict[str, Any] | None) -> None:
    """The uploaded file beside the store (its pages as images) and its report (the document page's findings)."""
    keep_source(store, data, Path(label).suffix.lower())
    if report is not None and report.get("reports"):
        findings_of(request.app, store).remember(name, report["reports"][0])


@router.put("/documents/{doc_id:path}", summary="Ingest, validate and atomically replace one document graph",
            openapi_extra={"requestBody": {"required": True, "content": {m: {"schema": {"type": "string", "format": "binary"}}
                                                                     for m in SUFFIX_BY_MEDIA}}},
            responses={200: {"description": "replaced"}, 201: {"description": "created"}, 401: {}, 403: {}, 413: {},
                       422: {}})
async def put_document(doc_id: str, request: Request, settings: SettingsDep, store: StoreDep,
                       authorization: Annotated[str | None, Header()] = None,
                       filename: Annotated[str | None, Query(description="original file name (sets the format)")] = None,
                       ) -> Response:
    _authorise(settings, authorization)
    name = f"{settings.base_iri}id/doc/{doc_id.strip('/')}"
    data = await read_body(request, settings.max_upload_bytes)
    media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    label = filename or f"{doc_id.replace('/', '_')}{SUFFIX_BY_MEDIA.get(media, '.txt')}"
    result = await _read(request, UploadJob(data, label, media, settings.base_iri, document=name))
    existed = name in store.list_graphs()
    await asyncio.to_thread(store.replace_ntriples, name, result.ntriples)
    await asyncio.to_thread(_keep_evidence, request, store, name, data, label, result.report)
    cross = await asyncio.to_thread(check_documents, store, [name])  # against the store's other documents (issue 17)
    body: dict[str, Any] = {"graph": name, "triples": result.triples, "replaced": existed,
                            "compaction": "scheduled" if request.app.state.compactor.request() else "not needed",
                            "validation": result.report, "crossdoc": cross.to_dict()}
    return JSONResponse(body, status_code=200 if existed else 201, headers={"Location": "/" + name.removeprefix(settings.base_iri)})
