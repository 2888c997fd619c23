"""How long each recent query took on the store as it is now: the executor's evidence that a query is cheap.

The same query text (with the same dataset, format and row cap) over the same data does the same work, so its last
evaluation time predicts the next one. Any write to the store (a new ``generation``) makes every entry stale.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable

from .sparql_text import mask


class QueryCosts:
    """An LRU memo of evaluation seconds per query job, valid for one store generation."""

    def __init__(self, limit_seconds: float, size: int = 512, longest_text: int = 20_000):
        self.limit = limit_seconds
        self.size = size
        self.longest_text = longest_text
        self._seconds: OrderedDict[Hashable, tuple[int, float]] = OrderedDict()

    def record(self, key: Hashable, text: str, generation: int, seconds: float) -> None:
        """Note that the query ``key`` (whose text is ``text``) took ``seconds`` on store ``generation``."""
        if self.limit <= 0 or len(text) > self.longest_text or _calls_out(text):
            return
        self._seconds[key] = (generation, seconds)
        self._seconds.move_to_end(key)
        while len(self._seconds) > self.size:
            self._seconds.popitem(last=False)

    def is_cheap(self, key: Hashable, generation: int) -> bool:
        """True when ``key`` last ran on this very generation of the store within the limit."""
        known = self._seconds.get(key)
        return known is not None and known[0] == generation and known[1] <= self.limit


def _calls_out(text: str) -> bool:
    """A query with SERVICE waits on another endpoint, whose speed no past run predicts."""
    return "SERVICE" in text.upper() and "SERVICE" in mask(text)[0].upper()
