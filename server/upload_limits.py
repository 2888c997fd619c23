"""Limits on upload requests, checked before an upload is read: its declared and actual size (read in a stream
and cut at ``max_upload_bytes``, so nothing larger is held or written anywhere), and how often one client address
may ask ``POST /validate`` without the upload token."""

from __future__ import annotations

import time
from collections import deque

from starlette.requests import Request
from starlette.types import Message

from .errors import ApiError


def check_declared_size(request: Request, limit: int) -> None:
    """413 at once when ``Content-Length`` announces more than ``limit`` bytes (nothing is read)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise ApiError(400, "Content-Length is not a number") from None
        if size > limit:
            raise ApiError(413, f"upload of {size} bytes exceeds max_upload_bytes={limit}")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, read as a stream and refused (413) as soon as it passes ``limit`` bytes."""
    check_declared_size(request, limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"upload exceeds max_upload_bytes={limit}")
        chunks.append(chunk)
    return b"".join(chunks)


def capped(request: Request, limit: int) -> Request:
    """A copy of ``request`` whose body stops with 413 once it passes ``limit`` bytes (for the form parser)."""
    check_declared_size(request, limit)
    size = 0
    receive = request.receive

    async def counted() -> Message:
        nonlocal size
        message = await receive()
        size += len(message.get("body", b""))
        if size > limit:
            raise ApiError(413, f"upload exceeds max_upload_bytes={limit}")
        return message

    return Request(request.scope, counted)


class RateLimit:
    """At most ``per_minute`` requests per client address in any 60 s (a sliding window)."""

    def __init__(self, per_minute: int, clients: int = 10_000):
        self.per_minute = per_minute
        self.clients = clients
        self._seen: dict[str, deque[float]] = {}

    def check(self, client: str) -> None:
        """Raise 429 (with Retry-After) when ``client`` has used its requests of the last minute."""
        now = time.monotonic()
        times = self._seen.setdefault(client, deque())
        while times and now - times[0] > 60:
            times.popleft()
        if len(times) >= self.per_minute:
            retry = int(60 - (now - times[0])) + 1
            raise ApiError(429, f"at most {self.per_minute} validations per minute per client "
                                "(setting validate_per_minute; the upload token lifts the limit)",
                           headers={"Retry-After": str(retry)})
        times.append(now)
        if len(self._seen) > self.clients:  # forget the quietest clients
            for key in [k for k, v in self._seen.items() if not v or now - v[-1] > 60]:
                del self._seen[key]
