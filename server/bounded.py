"""The store queries behind pages (resource pages, catalogue, VoID, graph downloads) under ``query_timeout`` too:
they run in a thread, and the request is answered 503 at the deadline whatever the thread still does."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from .errors import ApiError

T = TypeVar("T")


async def bounded(seconds: float, fn: Callable[..., T], *args: object) -> T:
    """``fn(*args)`` in a thread; 503 when it takes longer than ``seconds``."""
    try:
        return await asyncio.wait_for(asyncio.to_thread(fn, *args), seconds)
    except TimeoutError:
        raise ApiError(503, f"the page's queries exceeded the time limit of {seconds:g} s (setting query_timeout)",
                       headers={"Retry-After": "10"}) from None
