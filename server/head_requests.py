"""``HEAD`` for every ``GET`` route: link checkers, harvesters and ``curl -I`` ask for headers only.

FastAPI routes declared with ``@router.get`` answer ``HEAD`` with 405. This ASGI middleware runs a ``HEAD`` request
as ``GET`` and sends the response's status and headers (``Content-Type``, ``Content-Length``, ``Vary`` …) without
its body (RFC 9110 §9.3.2).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    """ASGI middleware: ``HEAD`` answered as ``GET``, body dropped."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return await self.app(scope, receive, send)

        async def headers_only(message: Message) -> None:
            if message["type"] != "http.response.body":
                await send(message)
            elif not message.get("more_body", False):
                await send({"type": "http.response.body", "body": b""})

        await self.app({**scope, "method": "GET"}, receive, headers_only)
