"""One error shape for every route: JSON ``{"error": {...}}`` for programs, an HTML page for browsers.

No handler ever returns a traceback: unexpected exceptions become a 500 with a reference string, and the
traceback goes to the server log only.
"""

from __future__ import annotations

import logging
import uuid

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from .negotiation import HTML, choose

log = logging.getLogger("budgetkg.server")
TITLES = {
    400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
    406: "Not Acceptable", 413: "Payload Too Large", 415: "Unsupported Media Type", 422: "Unprocessable Content",
    500: "Internal Server Error", 501: "Not Implemented", 503: "Service Unavailable",
}


class ApiError(Exception):
    """Raised by routes for a client-visible error."""

    def __init__(self, status: int, detail: str, *, headers: dict[str, str] | None = None, **extra: object):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra


def wants_html(request: Request) -> bool:
    """True when the client names text/html explicitly and prefers it (browsers); ``*/*`` alone means a program."""
    return prefers_html(request.headers.get("accept"))


def prefers_html(accept: str | None) -> bool:
    """:func:`wants_html` for an ``Accept`` header value."""
    accept = (accept or "").lower()
    return ("text/html" in accept or "xhtml" in accept) and choose(accept, [HTML, "application/json"]) == HTML


def error_response(request: Request, status: int, detail: str, headers: dict[str, str] | None = None,
                   **extra: object) -> Response:
    title = TITLES.get(status, "Error")
    if wants_html(request):
        templates = getattr(request.app.state, "templates", None)
        if templates is not None:
            return templates.TemplateResponse(
                request, "error.html", {"status": status, "title": title, "detail": detail, "extra": extra},
                status_code=status, headers=headers,
            )
        return HTMLResponse(f"<h1>{status} {title}</h1><p>{detail}</p>", status_code=status, headers=headers)
    body = {"error": {"status": status, "title": title, "detail": detail, **extra}}
    return JSONResponse(body, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> Response:
        return error_response(request, exc.status, exc.detail, exc.headers, **exc.extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "Error")
        if exc.status_code == 404:
            detail = f"No resource at {request.url.path}. Try the home page at /, the query page at /query or the catalogue at /catalog."
        return error_response(request, exc.status_code, detail, dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors())
        return error_response(request, 400, f"invalid request: {problems}")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        ref = uuid.uuid4().hex[:12]
        log.exception("unhandled error %s on %s %s", ref, request.method, request.url.path)
        return error_response(request, 500, f"internal error (reference {ref}); the details are in the server log")
