"""Open the store a setting names: a folder (or nothing) is the embedded Oxigraph store, an http(s) URL is a
remote SPARQL 1.1 store (see ``server/README-stores.md``).

    open_store("data/store")                                  # embedded, on disk
    open_store(None)                                          # embedded, in memory
    open_store("http://127.0.0.1:7878")                       # `oxigraph serve` (flavour from its Server header)
    open_store("http://dba@127.0.0.1:8890/sparql#virtuoso", password="…")
    open_store_for(settings)                                  # settings.store_path, timeout and password
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .store import GraphStore, OxigraphStore

if TYPE_CHECKING:
    from .config import Settings


def is_remote(location: str | None) -> bool:
    """True when ``location`` is the URL of a SPARQL store rather than a folder."""
    return location is not None and location.strip().lower().startswith(("http://", "https://"))


def open_store(location: str | None, *, read_only: bool = False, query_timeout: float = 30.0,
               password: str | None = None, flavour: str | None = None) -> GraphStore:
    """The store at ``location``: None or "" = embedded in memory, a path = embedded on disk, an http(s) URL =
    :class:`~server.remote.RemoteSparqlStore` (``flavour`` overrides the URL's ``#flavour`` and detection;
    ``password`` is used when the URL names a user without one). Raises ``StoreError`` if a URL cannot be reached."""
    if is_remote(location):
        from .remote import RemoteSparqlStore

        assert location is not None
        return RemoteSparqlStore.from_url(location.strip(), password=password, flavour=flavour,
                                          query_timeout=query_timeout, read_only=read_only)
    return OxigraphStore(location or None, read_only=read_only)


def open_store_for(settings: Settings, *, read_only: bool = False) -> GraphStore:
    """The store of ``settings`` (``store_path``, with ``query_timeout`` and ``store_password`` for a URL)."""
    return open_store(settings.store_path or None, read_only=read_only, query_timeout=settings.query_timeout,
                      password=settings.store_password or None)
