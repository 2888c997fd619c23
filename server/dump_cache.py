"""Whole-store dumps (``/dumps/…``), built once per change of the store and kept as gzip files.

A dump of the whole store takes seconds and hundreds of MB to build; built per request, ten parallel HEADs took
20–41 s and +480 MiB. Here each dump is built once per store ``generation`` (bumped by every write through the
server) into a temporary folder and served from there; requests that arrive while it is being built wait for
that one build. A remote store may be written by others, so its dumps also expire after ``REMOTE_TTL`` seconds.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .store import GraphStore, OxigraphStore

REMOTE_TTL = 600.0


@dataclass
class Dump:
    path: Path
    generation: int
    built: float  # time.time() of the build
    etag: str


class DumpCache:
    """Gzip dumps of ``store`` by file name, rebuilt when the store has changed."""

    def __init__(self, store: GraphStore):
        self.store = store
        self.folder = Path(tempfile.mkdtemp(prefix="budgetkg-dumps-"))
        self.builds = 0
        self._dumps: dict[str, Dump] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def _current(self, name: str) -> Dump | None:
        dump = self._dumps.get(name)
        if dump is None or dump.generation != self.store.generation or not dump.path.exists():
            return None
        if not isinstance(self.store, OxigraphStore) and time.time() - dump.built > REMOTE_TTL:
            return None
        return dump

    async def get(self, name: str, media_type: str) -> Dump:
        """The dump ``name`` (``media_type``) of the store as it is now."""
        if (dump := self._current(name)) is not None:
            return dump
        lock = self._locks.setdefault(name, asyncio.Lock())
        async with lock:
            if (dump := self._current(name)) is not None:
                return dump
            dump = await asyncio.to_thread(self._build, name, media_type)
            old = self._dumps.get(name)
            self._dumps[name] = dump
            if old is not None and old.path != dump.path:
                old.path.unlink(missing_ok=True)
            return dump

    def _build(self, name: str, media_type: str) -> Dump:
        generation = self.store.generation
        self.builds += 1
        path = self.folder / f"{self.builds}-{name}"
        partial = path.with_suffix(".part")
        with gzip.GzipFile(partial, "wb", mtime=0) as out:
            out.write(self.store.dump(media_type))
        os.replace(partial, path)
        return Dump(path, generation, time.time(), f'"{generation}-{self.builds}"')

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
