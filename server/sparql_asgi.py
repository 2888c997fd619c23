"""A plain ASGI fast path for SPARQL query requests.

Query requests (``GET /sparql?query=…`` and every ``POST /sparql``) are the endpoint's hot path: they are answered
here, inside the CORS middleware but before FastAPI's router, request validation and dependency solving, which
cost about a millisecond per request on a busy 2-core machine, as much as a small query itself. Everything else
(``GET /sparql`` without a query: the query page or the service description; OPTIONS; the OpenAPI description of
``/sparql``) goes on to the FastAPI routes in :mod:`server.routes.sparql`, which share :mod:`server.sparql_protocol`
with this module, so both give the same answers and the same errors.
"""

from __future__ import annotations

import logging
import uuid

from fastapi import FastAPI
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import ApiError, error_response, prefers_html
from .sparql_protocol import answer, body_limit, from_post, from_url, parse_params

PATHS = ("/sparql", "/sparql/")
log = logging.getLogger("budgetkg.server")


class SparqlFastPath:
    """ASGI middleware answering SPARQL query requests itself (see the module docstring)."""

    def __init__(self, app: ASGIApp, fastapi_app: FastAPI):
        self.app = app
        self.state = fastapi_app.state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in PATHS or scope["method"] not in ("GET", "POST"):
            return await self.app(scope, receive, send)
        query_string: bytes = scope["query_string"]
        if scope["method"] == "GET" and b"query=" not in query_string and b"update=" not in query_string:
            return await self.app(scope, receive, send)  # the query page or the service description
        headers = _headers(scope)
        try:
            try:
                url = parse_params(query_string)
            except UnicodeDecodeError:
                raise ApiError(400, "the query string is not valid UTF-8") from None
            if scope["method"] == "GET":
                no_query = "query" not in url and "update" not in url  # e.g. "?xquery="
                if no_query or (prefers_html(headers.get("accept")) and "format" not in url):
                    return await self.app(scope, receive, send)  # a browser gets the query page running the query
                request = from_url(url)
            else:
                body = await _body(receive, body_limit(self.state.settings))
                request = from_post(headers.get("content-type", ""), body, url, self.state.settings)
            reply = await answer(request, headers.get("accept"), self.state.executor, self.state.settings)
        except ApiError as exc:
            response = error_response(Request(scope), exc.status, exc.detail, exc.headers, **exc.extra)
            return await response(scope, receive, send)
        except Exception:  # never a traceback to the client
            ref = uuid.uuid4().hex[:12]
            log.exception("unhandled error %s on %s %s", ref, scope["method"], scope["path"])
            detail = f"internal error (reference {ref}); the details are in the server log"
            return await error_response(Request(scope), 500, detail)(scope, receive, send)
        raw = [(b"content-type", reply.media_type.encode("latin-1")),
               (b"content-length", str(len(reply.body)).encode("latin-1"))]
        raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in reply.headers.items()]
        await send({"type": "http.response.start", "status": 200, "headers": raw})
        await send({"type": "http.response.body", "body": reply.body})


def _headers(scope: Scope) -> dict[str, str]:
    """The request headers that matter here, lower-cased names; a repeated header's values joined by commas."""
    out: dict[str, str] = {}
    for key, value in scope["headers"]:
        if key in (b"accept", b"content-type"):
            name = key.decode("latin-1")
            text = value.decode("latin-1")
            out[name] = f"{out[name]}, {text}" if name in out else text
    return out


async def _body(receive: Receive, limit: int) -> bytes:
    """The request body; reading stops once it is longer than ``limit`` (the caller answers 413)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if size > limit or not message.get("more_body", False):
            break
    return b"".join(chunks)
