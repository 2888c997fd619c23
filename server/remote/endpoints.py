"""Where a remote store listens: its URL and options, its flavour, and its query / update / graph-store endpoints."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit, urlunsplit

import httpx

from ..store import StoreError

FLAVOURS = ("oxigraph", "virtuoso", "generic")


@dataclass
class StoreUrl:
    """A store URL ``http[s]://[user[:password]@]host:port[/path][#options]`` taken apart."""

    url: str  # without user, password and fragment
    user: str | None = None
    password: str | None = None
    options: dict[str, str] = field(default_factory=dict)  # from the fragment: ``#virtuoso&max_rows=5000``


def parse_store_url(url: str) -> StoreUrl:
    """The parts of a store URL. The fragment's ``&``-separated options are a bare flavour (``#virtuoso``) or
    ``key=value`` pairs (keys lower-cased, values URL-decoded)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"not an http(s) store URL: {url!r}")
    options: dict[str, str] = {}
    for item in filter(None, parts.fragment.split("&")):
        key, sep, value = item.partition("=")
        if sep:
            options[key.strip().lower()] = unquote(value.strip())
        else:
            options["flavour"] = key.strip().lower()
    netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if parts.port:
        netloc += f":{parts.port}"
    clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    return StoreUrl(clean, unquote(parts.username) if parts.username else None,
                    unquote(parts.password) if parts.password else None, options)


def detect_flavour(url: str, timeout: float = 10.0) -> str:
    """``oxigraph`` / ``virtuoso`` / ``generic`` from the ``Server`` header of the store at ``url``."""
    try:
        response = httpx.get(url, timeout=timeout, headers={"Accept": "text/html"})
    except httpx.HTTPError as exc:
        raise StoreError(f"cannot reach the SPARQL store at {url}: {exc}") from None
    server = response.headers.get("server", "").lower()
    if "oxigraph" in server:
        return "oxigraph"
    if "virtuoso" in server:
        return "virtuoso"
    return "generic"


def default_endpoints(url: str, flavour: str, *, authenticated: bool = False) -> tuple[str, str, str | None]:
    """(query, update, graph store) endpoint URLs for a store URL of the given flavour."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")

    def at(p: str) -> str:
        return urlunsplit((parts.scheme, parts.netloc, p, "", ""))

    if flavour == "oxigraph":
        base = path.rsplit("/", 1)[0] if path.endswith(("/query", "/update", "/store")) else path
        return at(base + "/query"), at(base + "/update"), at(base + "/store")
    if flavour == "virtuoso":
        base = path.rsplit("/", 1)[0] if re.search(r"/sparql(-auth)?$", path) else path
        if authenticated:
            return at(base + "/sparql"), at(base + "/sparql-auth"), at(base + "/sparql-graph-crud-auth")
        return at(base + "/sparql"), at(base + "/sparql"), at(base + "/sparql-graph-crud")
    return url, url, None
