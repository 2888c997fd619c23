"""A :class:`~server.store.GraphStore` over HTTP: any SPARQL 1.1 store (Oxigraph server, Virtuoso, Fuseki, GraphDB …).

Queries go to the store's SPARQL 1.1 Protocol *query* endpoint (always URL-encoded POST), writes to its *update*
endpoint, and whole-dataset dumps use the Graph Store Protocol where the store offers one. Results come back as the
same types :class:`~server.store.OxigraphStore` returns (plain term tuples, pyoxigraph triples for graph results),
so the endpoint, the pages, the catalogue and the dumps work unchanged.

Semantics kept equal to the embedded store:

* without a protocol dataset the default graph is the union of all named graphs (``union-default-graph`` on an
  Oxigraph server, the native behaviour of Virtuoso minus its system graphs, configurable for other stores);
* ``replace_graph`` is one update request (``DROP SILENT GRAPH`` + ``INSERT DATA``): a reader sees the old or the
  new graph, never a mix;
* a result is complete, or flagged: :attr:`RemoteQueryResult.truncated` (the endpoint then marks its response
  truncated; the internal ``select``/``construct`` raise :class:`StoreError`) — never silently cut.

A *flavour* selects the workarounds a store needs (see ``server/README-stores.md`` for Virtuoso's quirks).
"""

from __future__ import annotations

import io
import json
import re
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from urllib.parse import unquote, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from .results import QueryTimeout
from .sparql_syntax import blank, declares_dataset, query_form, strip_dataset_clauses
from .store import RDF_FORMATS, GraphStore, QueryResult, QuerySyntaxError, StoreError, Term, _to_ox

FLAVOURS = ("oxigraph", "virtuoso", "generic")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
SRX = "{http://www.w3.org/2005/sparql-results#}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RESULTS_ACCEPT = "application/sparql-results+xml, application/sparql-results+json;q=0.8"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
EMPTY_GRAPH = "urn:budgetkg:empty-graph"  # a graph that never exists: an explicitly empty part of a dataset
STAGING_PREFIX = "urn:budgetkg:staging:"  # where oversized Virtuoso replacements are assembled before a MOVE
VIRTUOSO_SYSTEM_PREFIXES = ("http://www.openlinksw.com/", "http://www.w3.org/ns/ldp", "http://localuriqaserver/",
                            "urn:activitystreams-owl:map")
VIRTUOSO_CHUNK = 1000  # triples per INSERT DATA block (Virtuoso's parser overflows near 5,000)
_IRI_OK = re.compile(r'[^<>"{}|^`\\\x00-\x20]*')
_VARNAME = re.compile(r"[A-Za-z0-9_\u00b7\u00c0-\ufffd]+")


@dataclass
class RemoteQueryResult(QueryResult):
    """A :class:`QueryResult` that knows when the remote store cut it and the cut could not be undone."""

    truncated: bool = False
    notes: list[str] = field(default_factory=list)

    def serialize_graph(self, media_type: str, cap: int, byte_cap: int | None = None) -> tuple[bytes, bool]:
        data, cut = super().serialize_graph(media_type, cap, byte_cap)
        return data, cut or self.truncated


@dataclass
class _Request:
    """One query as it will be sent: text after dataset fix-ups, protocol parameters, prepended declarations."""

    text: str
    params: dict[str, list[str]]
    prefix: str
    base_iri: str | None


class RemoteSparqlStore(GraphStore):
    """The store interface over the SPARQL 1.1 Protocol (query, update) and the Graph Store Protocol.

    ``flavour`` is ``oxigraph`` (``oxigraph serve``), ``virtuoso`` (OpenLink Virtuoso 7) or ``generic``.
    ``query_timeout`` bounds each query request (and is sent to Virtuoso, which then stops the query itself);
    ``write_timeout`` bounds each update. ``user``/``password`` authenticate updates (HTTP digest for Virtuoso,
    basic otherwise; ``auth`` overrides). ``max_rows`` is the store's silent row cap, if any (Virtuoso's
    ``ResultSetMaxRows``, 10,000 by default): results that reach it are paged or flagged, never cut silently.
    ``union`` says how the union default graph is obtained: ``param`` (Oxigraph's ``union-default-graph``),
    ``server`` (the store already does it) or ``explicit`` (every named graph sent as ``default-graph-uri``).
    """

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        flavour: str = "generic",
        user: str | None = None,
        password: str | None = None,
        auth: str | None = None,
        query_timeout: float = 30.0,
        write_timeout: float = 600.0,
        max_rows: int | None = None,
        union: str | None = None,
        read_only: bool = False,
        exclude_graphs: Iterable[str] = (),
        max_update_bytes: int | None = None,
    ):
        if flavour not in FLAVOURS:
            raise StoreError(f"unknown store flavour {flavour!r}; expected one of {', '.join(FLAVOURS)}")
        self.flavour = flavour
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.graph_store_url = graph_store_url
        self.read_only = read_only
        self.query_timeout = float(query_timeout)
        self.write_timeout = float(write_timeout)
        virtuoso = flavour == "virtuoso"
        self.max_rows = max_rows if max_rows is not None else (10_000 if virtuoso else None)
        self.union = union or {"oxigraph": "param", "virtuoso": "server"}.get(flavour, "server")
        if self.union not in ("param", "server", "explicit"):
            raise StoreError(f"union must be param, server or explicit, not {self.union!r}")
        self.exclude_prefixes = tuple(exclude_graphs) + (VIRTUOSO_SYSTEM_PREFIXES if virtuoso else ()) + (
            STAGING_PREFIX,)
        self.max_update_bytes = max_update_bytes or (8_000_000 if virtuoso else 10**12)
        self._auth: httpx.Auth | None = None
        if user is not None:
            kind = auth or ("digest" if virtuoso else "basic")
            if kind not in ("digest", "basic"):
                raise StoreError(f"auth must be digest or basic, not {kind!r}")
            make = httpx.DigestAuth if kind == "digest" else httpx.BasicAuth
            self._auth = make(user, password or "")
        self._client = httpx.Client(timeout=httpx.Timeout(self.query_timeout + 10, connect=10),
                                    headers={"User-Agent": "budgetkg"})
        self._lock = threading.Lock()
        self._system_graphs: list[str] | None = None

    # ----------------------------------------------------------------------------------------------- set-up

    @classmethod
    def from_url(cls, url: str, *, password: str | None = None, flavour: str | None = None,
                 query_timeout: float = 30.0, read_only: bool = False) -> RemoteSparqlStore:
        """A store from one URL: ``http[s]://[user[:password]@]host:port[/path][#options]``.

        The options in the fragment are ``&``-separated: a bare flavour (``#virtuoso``) or ``key=value`` pairs
        ``flavour``, ``query``, ``update``, ``gsp`` (endpoint URLs), ``union``, ``auth``, ``max_rows``,
        ``exclude`` (comma-separated graph IRI prefixes to hide). Without a flavour the ``Server`` header decides.
        """
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreError(f"not an http(s) store URL: {url!r}")
        opts: dict[str, str] = {}
        for item in filter(None, parts.fragment.split("&")):
            key, sep, value = item.partition("=")
            if sep:
                opts[key.strip().lower()] = unquote(value.strip())
            else:
                opts["flavour"] = key.strip().lower()
        user = unquote(parts.username) if parts.username else None
        if parts.password:
            password = unquote(parts.password)
        netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        if parts.port:
            netloc += f":{parts.port}"
        clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
        flavour = flavour or opts.get("flavour") or detect_flavour(clean)
        if flavour not in FLAVOURS:
            raise StoreError(f"unknown store flavour {flavour!r} in {url!r}; expected one of {', '.join(FLAVOURS)}")
        query, update, gsp = default_endpoints(clean, flavour, authenticated=user is not None)
        return cls(
            opts.get("query", query), update_url=opts.get("update", update), graph_store_url=opts.get("gsp", gsp),
            flavour=flavour, user=user, password=password, auth=opts.get("auth"), query_timeout=query_timeout,
            max_rows=int(opts["max_rows"]) if opts.get("max_rows") else None, union=opts.get("union"),
            read_only=read_only, exclude_graphs=[p for p in opts.get("exclude", "").split(",") if p],
        )

    def __repr__(self) -> str:
        return f"RemoteSparqlStore({self.query_url!r}, flavour={self.flavour!r})"

    @property
    def location(self) -> str:
        return self.query_url

    def close(self) -> None:
        self._client.close()

    # --------------------------------------------------------------------------------------------- queries

    def query(self, sparql, default_graph_uris=None, named_graph_uris=None, base_iri=None) -> QueryResult:
        request = self._request(sparql, default_graph_uris, named_graph_uris, base_iri)
        form = query_form(sparql)
        if form in ("CONSTRUCT", "DESCRIBE"):
            return self._graph_query(request, form)
        return self._results_query(request)

    def select(self, sparql: str, *, union: bool = True):
        from .store import to_rdflib

        result = self._results_query(self._request(sparql, None, None, None, union=union))
        rows = [{v: to_rdflib(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
                for row in result.rows]
        if getattr(result, "truncated", False):
            raise StoreError(f"the store at {self.query_url} cut this result at {self.max_rows} rows and it could "
                             "not be paged: " + "; ".join(getattr(result, "notes", [])))
        return rows

    def construct(self, sparql: str):
        from rdflib import Graph

        result = self.query(sparql)
        data, truncated = result.serialize_graph("application/n-triples", 10**9)
        if truncated:
            raise StoreError(f"the store at {self.query_url} cut this graph at {self.max_rows} triples and it could "
                             "not be completed")
        return Graph().parse(data=data.decode("utf-8"), format="nt")

    def _request(self, sparql: str, default: list[str] | None, named: list[str] | None,
                 base_iri: str | None, *, union: bool = True) -> _Request:
        params: dict[str, list[str]] = {}
        text = sparql
        virtuoso = self.flavour == "virtuoso"
        prefix = []
        if default or named:
            d, n = list(default or []), list(named or [])
            if virtuoso:
                text = strip_dataset_clauses(text)  # Virtuoso merges FROM with the protocol dataset
                n = n or [EMPTY_GRAPH]  # ... and keeps every graph as a named graph without named-graph-uri
            if d:
                params["default-graph-uri"] = d
            if n:
                params["named-graph-uri"] = n
        elif not has_dataset_clause(text):
            if self.union == "param":
                params["union-default-graph"] = ["true"]
            elif self.union == "explicit" and union:
                graphs = self.list_graphs() or [EMPTY_GRAPH]
                params["default-graph-uri"] = graphs
                params["named-graph-uri"] = graphs
            if virtuoso and not _GRAPH_CONSTANT.search(blank(text)):
                # Hide Virtuoso's own graphs from the union (not with GRAPH <iri>: the defines empty those).
                for g in self.system_graphs():
                    prefix.append(f"define input:default-graph-exclude <{g}> define input:named-graph-exclude <{g}>")
        if virtuoso:
            params["timeout"] = [str(int(self.query_timeout * 1000))]  # Virtuoso stops the query itself
        if base_iri and not re.match(r"\s*define\b", text, re.IGNORECASE) and _IRI_OK.fullmatch(base_iri):
            prefix.append(f"BASE <{base_iri}>")
        # Declarations go on the query's first line, so a syntax error's line number stays right.
        return _Request(text, params, " ".join(prefix) + " " if prefix else "", base_iri)

    def _send(self, request: _Request, text: str, accept: str) -> httpx.Response:
        data = {"query": request.prefix + text, **request.params}
        try:
            req = self._client.build_request("POST", self.query_url, data=data, headers={"Accept": accept},
                                             timeout=httpx.Timeout(self.query_timeout + 5, connect=10))
            response = self._client.send(req, stream=True)
        except httpx.TimeoutException:
            raise self._timeout() from None
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL store at {self.query_url}: {exc}") from None
        if response.headers.get("x-sql-state", "").upper() == "S1TAT":
            # Virtuoso's "anytime query": at the timeout it answers 200 with a partial result. Never pass it on.
            response.close()
            raise self._timeout()
        if response.status_code >= 400:
            self._fail(response, "query", request.text)
        return response

    def _timeout(self, detail: str = "") -> QueryTimeout:
        return QueryTimeout(f"query exceeded the time limit of {self.query_timeout:g} s (setting query_timeout)"
                            + (f": {detail}" if detail else ""))

    def _fail(self, response: httpx.Response, what: str, text: str = "") -> None:
        try:
            body = response.read().decode("utf-8", "replace")
        except httpx.HTTPError:
            body = ""
        finally:
            response.close()
        message = short_message(body) or response.reason_phrase
        status = response.status_code
        if what == "query" and status == 400:
            raise QuerySyntaxError(with_position(message, text))
        if status in (401, 403):
            raise StoreError(f"the store refused the {what} (HTTP {status}): {message} — check the user and "
                             "password in the store URL / BUDGETKG_STORE_PASSWORD")
        if what == "query" and re.search(r"estimated execution time", message, re.IGNORECASE):
            # Virtuoso refuses up front a query whose *estimated* time passes MaxQueryCostEstimationTime.
            raise self._timeout(f"the store estimates it would take longer ({message})")
        if what == "query" and re.search(r"time ?out|timed out|cancelled", message, re.IGNORECASE):
            raise self._timeout(message)
        raise StoreError(f"{what} failed at {response.request.url}: HTTP {status}: {message}")

    def _results_query(self, request: _Request) -> QueryResult:
        response = self._send(request, request.text, RESULTS_ACCEPT)
        head = read_results(response)
        if head.kind == "boolean":
            return RemoteQueryResult("boolean", boolean=head.boolean)
        result = RemoteQueryResult("bindings", variables=head.variables)
        cap = response.headers.get("x-sparql-maxrows", "")
        if cap.isdigit():  # Virtuoso says it cut this result at ResultSetMaxRows
            self.max_rows = int(cap)
            result.rows = self._complete_rows(request, head.rows, result, int(cap))
        else:
            result.rows = self._watch_cap(head.rows, result)
        return result

    def _watch_cap(self, rows: Iterator[list[Term | None]], result: RemoteQueryResult):
        """Rows, flagging the result when exactly ``max_rows`` came back (a cap without a header)."""
        n = 0
        for row in rows:
            n += 1
            yield row
        if self.max_rows is not None and n == self.max_rows:
            result.truncated = True
            result.notes.append(f"exactly {n} rows: the store's row cap")

    def _complete_rows(self, request: _Request, rows: Iterator[list[Term | None]], result: RemoteQueryResult,
                       page: int) -> Iterator[list[Term | None]]:
        """The rows of a SELECT the store cut at ``page`` rows, completed lazily: first the rows the store sent
        (enough for a consumer that stops at its own row cap), then -- only if more are wanted -- the whole
        result again page by page in a fixed order (ORDER BY inside a subquery, OFFSET/LIMIT outside: Virtuoso
        refuses to sort past its cap otherwise), skipping the rows already given. When the query cannot be
        paged the result is flagged truncated instead."""
        given: Counter[tuple] = Counter()
        for row in rows:
            given[tuple(row)] += 1
            yield row
        offset = 0
        while True:
            text = paged_select(request.text, result.variables, offset, page)
            if text is None:
                result.truncated = True
                result.notes.append(f"cut at {page} rows by the store; this query cannot be paged")
                return
            try:
                batch = self._fetch_rows(request, text)
            except (StoreError, QuerySyntaxError) as exc:
                result.truncated = True
                result.notes.append(f"cut at {page} rows by the store; paging failed: {exc}")
                return
            for row in batch:
                key = tuple(row)
                if given[key] > 0:
                    given[key] -= 1
                else:
                    yield row
            if len(batch) < page:
                return
            offset += page

    def _fetch_rows(self, request: _Request, text: str) -> list[list[Term | None]]:
        response = self._send(request, text, RESULTS_ACCEPT)
        head = read_results(response)
        if head.kind != "bindings":
            raise StoreError("the store answered a SELECT page with a boolean")
        return list(head.rows)

    def _graph_query(self, request: _Request, form: str) -> QueryResult:
        response = self._send(request, request.text, GRAPH_ACCEPT)
        result = RemoteQueryResult("graph")
        triples = parse_graph(response)
        result.graph = triples if self.max_rows is None else self._complete_graph(request, form, triples, result)
        return result

    def _complete_graph(self, request: _Request, form: str, triples: Iterator[ox.Triple],
                        result: RemoteQueryResult) -> Iterator[ox.Triple]:
        """Triples of a graph query from a store with a silent cap: as sent, and when the cap was reached (Virtuoso
        sends no header for graphs) the rest through the CONSTRUCT evaluated as a paged SELECT; else flagged."""
        given: set[ox.Triple] = set()
        for t in triples:
            if t not in given:
                given.add(t)
                yield t
        if self.max_rows is None or len(given) < self.max_rows:
            return
        rest = self._construct_by_select(request) if form == "CONSTRUCT" else None
        if rest is None:
            result.truncated = True
            result.notes.append(f"{form} reached the store's cap of {self.max_rows} triples")
            return
        for t in rest:
            if t not in given:
                yield t
        if getattr(rest, "truncated", False):
            result.truncated = True

    def _construct_by_select(self, request: _Request) -> Iterator[ox.Triple] | None:
        """A CONSTRUCT evaluated as a (paged) SELECT of its template's variables, the template filled in here."""
        split = construct_as_select(request.text, request.base_iri)
        if split is None:
            return None
        select_text, template = split
        try:
            selected = self._results_query(replace(request, text=select_text))
        except (StoreError, QuerySyntaxError):
            return None
        return _Filled(template, selected)

    # ---------------------------------------------------------------------------------------------- writes

    def replace_graph(self, name: str, triples) -> int:
        self._writable()
        iri = check_iri(name)
        items = [ox.Triple(_to_ox(s), _to_ox(p), _to_ox(o)) for s, p, o in triples]
        with self._lock:
            if self.flavour == "virtuoso":
                self._virtuoso_replace(iri, items)
            else:
                # One update request is one transaction: readers see the old or the new graph, never a mix.
                self._update(f"DROP SILENT GRAPH <{iri}> ;\nINSERT DATA {{ GRAPH <{iri}> {{\n{_ntriples(items)}}} }}")
            self.generation += 1
        return len(items)

    def _virtuoso_replace(self, iri: str, items: list[ox.Triple]) -> None:
        # Virtuoso refuses blank nodes in INSERT DATA ("not allowed in a constant clause"): triples with blank
        # nodes go into INSERT {...} WHERE {} operations, each holding whole blank-node-connected groups (a label
        # names the same node only within one operation).
        ground = [t for t in items if not _has_bnode(t)]
        blocks = [("INSERT DATA", ground[i:i + VIRTUOSO_CHUNK]) for i in range(0, len(ground), VIRTUOSO_CHUNK)]
        blocks += [("INSERT", group) for group in _bnode_groups([t for t in items if _has_bnode(t)], VIRTUOSO_CHUNK)]

        def op(graph: str, kind: str, block: list[ox.Triple]) -> str:
            where = " WHERE {}" if kind == "INSERT" else ""
            return f"{kind} {{ GRAPH <{graph}> {{\n{_ntriples(block)}}} }}{where}"

        # big-data-const 1: pass the data as one constant, else Virtuoso compiles it to SQL text of limited size.
        text = f"define sql:big-data-const 1 DROP SILENT GRAPH <{iri}>" + "".join(
            " ;\n" + op(iri, kind, block) for kind, block in blocks)
        if len(text.encode("utf-8")) <= self.max_update_bytes:
            self._update(text)
            return
        # Too big for one request (Virtuoso refuses request strings over 10 MB): assemble the graph in a staging
        # graph, then MOVE it over the old one in one request -- still atomic for readers of the graph itself.
        staging = f"{STAGING_PREFIX}{uuid.uuid4().hex}"
        try:
            batch: list[str] = []
            size = 0
            for kind, block in blocks:
                one = op(staging, kind, block)
                if batch and size + len(one.encode("utf-8")) > self.max_update_bytes:
                    self._update("define sql:big-data-const 1 " + " ;\n".join(batch))
                    batch, size = [], 0
                batch.append(one)
                size += len(one.encode("utf-8"))
            if batch:
                self._update("define sql:big-data-const 1 " + " ;\n".join(batch))
            self._update(f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{iri}>")
        except BaseException:
            try:
                self._update(f"DROP SILENT GRAPH <{staging}>")
            except StoreError:
                pass
            raise

    def delete_graph(self, name: str) -> None:
        self._writable()
        with self._lock:
            self._update(f"DROP SILENT GRAPH <{check_iri(name)}>")
            self.generation += 1

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.query_url} was opened read-only")

    def _update(self, text: str, retries: int = 2) -> None:
        for attempt in range(retries + 1):
            try:
                response = self._client.post(self.update_url, data={"update": text}, auth=self._auth or httpx.USE_CLIENT_DEFAULT,
                                             timeout=httpx.Timeout(self.write_timeout, connect=10))
            except httpx.TimeoutException:
                raise StoreError(f"update at {self.update_url} took longer than {self.write_timeout:g} s") from None
            except httpx.HTTPError as exc:
                raise StoreError(f"cannot reach the SPARQL store at {self.update_url}: {exc}") from None
            if response.status_code < 400:
                return
            message = short_message(response.text)
            # Virtuoso: a write that waited too long for readers' locks (SR171) or lost a deadlock (40001) is
            # rolled back whole; trying again is safe.
            if attempt < retries and re.search(r"SR171|40001|deadlock", message):
                time.sleep(0.5 * (attempt + 1))
                continue
            if response.status_code in (401, 403):
                raise StoreError(f"the store refused the update (HTTP {response.status_code}): {message} — check "
                                 "the user and password in the store URL / BUDGETKG_STORE_PASSWORD")
            raise StoreError(f"update failed at {self.update_url}: HTTP {response.status_code}: {message}")

    # ------------------------------------------------------------------------------------- graphs and dumps

    def system_graphs(self) -> list[str]:
        """Graphs of the store itself (Virtuoso's virtrdf#, service descriptions …), hidden from budgetkg."""
        if self.flavour != "virtuoso":
            return []
        if self._system_graphs is None:
            found: set[str] = set()
            prefixed = " || ".join(f'STRSTARTS(STR(?g), "{p}")' for p in VIRTUOSO_SYSTEM_PREFIXES)
            for text in (f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({prefixed}) }}",
                         "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a "
                         "<http://www.w3.org/ns/sparql-service-description#Service> } }"):
                request = _Request(text, {"timeout": [str(int(self.query_timeout * 1000))]}, "", None)
                for row in self._fetch_rows(request, text):
                    if row and row[0] and row[0][0] == "uri":
                        found.add(row[0][1])
            self._system_graphs = sorted(found)
        return self._system_graphs

    def _ours(self, graph: str) -> bool:
        return not graph.startswith(self.exclude_prefixes) and graph not in self.system_graphs()

    def list_graphs(self) -> list[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
        return sorted(g for g in (str(r["g"]) for r in rows if "g" in r) if self._ours(g))

    def triple_counts(self) -> dict[str, int]:
        rows = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", union=False)
        return {str(r["g"]): int(r["n"]) for r in rows if "g" in r and self._ours(str(r["g"]))}

    def dump(self, media_type: str) -> bytes:
        fmt = RDF_FORMATS[media_type]
        quads = self._quads()
        if fmt.supports_datasets:
            return ox.serialize(quads, format=fmt) or b""
        seen: set[ox.Triple] = set()
        triples = []
        for q in quads:
            t = q.triple
            if t not in seen:
                seen.add(t)
                triples.append(t)
        return ox.serialize(triples, format=fmt) or b""

    def _quads(self) -> list[ox.Quad]:
        if self.flavour == "oxigraph" and self.graph_store_url:
            # The Graph Store Protocol without ?graph: the whole dataset in one response.
            try:
                response = self._client.get(self.graph_store_url, headers={"Accept": "application/n-quads"},
                                            timeout=httpx.Timeout(self.write_timeout, connect=10))
            except httpx.HTTPError as exc:
                raise StoreError(f"cannot reach the SPARQL store at {self.graph_store_url}: {exc}") from None
            if response.status_code >= 400:
                raise StoreError(f"dump failed at {self.graph_store_url}: HTTP {response.status_code}: "
                                 f"{short_message(response.text)}")
            quads = ox.parse(response.content, format=ox.RdfFormat.N_QUADS)
            return [q for q in quads if not isinstance(q.graph_name, ox.NamedNode) or self._ours(q.graph_name.value)]
        out: list[ox.Quad] = []
        for graph in self.list_graphs():  # one (paged) SELECT per graph: pages sort only that graph
            g = ox.NamedNode(graph)
            result = self.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
            for s, p, o in result.rows:
                out.append(ox.Quad(to_ox_term(s), to_ox_term(p), to_ox_term(o), g))
            if getattr(result, "truncated", False):
                raise StoreError(f"graph {graph} could not be read whole from {self.query_url}")
        return out


# ---------------------------------------------------------------------------------------------- endpoints


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


# ------------------------------------------------------------------------------------------ SPARQL text

_PROLOGUE = re.compile(r"(?:\s*(?:BASE\s*<_*>|PREFIX\s+[^\s:]*:\s*<_*>))*\s*", re.IGNORECASE)
_FORM = re.compile(r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_DATASET = re.compile(r"(?<![\w?$:])FROM\s+(?:NAMED\s+)?(?:<_*>|[A-Za-z_][\w.-]*:[\w.-]*|:[\w.-]*)", re.IGNORECASE)
_MODIFIER = re.compile(r"(?<![\w?$:])(LIMIT|OFFSET|VALUES)\b", re.IGNORECASE)
_GRAPH_CONSTANT = re.compile(r"(?<![\w?$:])GRAPH\s*(?:<|[A-Za-z_][\w.-]*:|:)", re.IGNORECASE)
_ORDER = re.compile(r"(?<![\w?$:])ORDER\s+BY\b", re.IGNORECASE)


def _matching(masked: str, start: int) -> int:
    """Index just after the brace that closes the one at ``start``; -1 when unbalanced."""
    depth = 0
    for i in range(start, len(masked)):
        c = masked[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


def _first_brace(masked: str, start: int) -> int:
    """The first ``{`` at parenthesis depth 0 from ``start`` (skips ``EXISTS {…}`` inside select expressions)."""
    depth = 0
    for i in range(start, len(masked)):
        c = masked[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "{" and depth == 0:
            return i
    return -1


def _where_start(masked: str, start: int) -> int:
    """Index of the ``{`` that opens the WHERE clause (after a CONSTRUCT template); len(masked) when none."""
    form = _FORM.match(masked, start)
    brace = _first_brace(masked, form.end() if form else start)
    if brace < 0:
        return len(masked)
    if form and form.group(1).upper() == "CONSTRUCT" and not re.search(r"WHERE\s*$", masked[form.end():brace],
                                                                        re.IGNORECASE):
        close = _matching(masked, brace)  # that brace opens the template; dataset clauses follow it
        nxt = _first_brace(masked, close) if close > 0 else -1
        return nxt if nxt >= 0 else len(masked)
    return brace


def has_dataset_clause(text: str) -> bool:
    """True when the query names its own dataset (FROM / FROM NAMED)."""
    return declares_dataset(text)


def paged_select(text: str, variables: list[str], offset: int, limit: int) -> str | None:
    """One page of a SELECT in a total order: the query (dataset clauses lifted out) becomes a subquery ordered
    by its own ORDER BY plus every projected variable, and the outer query takes OFFSET/LIMIT. None when the
    query is not a SELECT this can rewrite."""
    if not variables or not all(_VARNAME.fullmatch(v) for v in variables):
        return None
    masked = blank(text)
    start = _PROLOGUE.match(masked).end()
    form = _FORM.match(masked, start)
    if not form or form.group(1).upper() != "SELECT":
        return None
    brace = _first_brace(masked, form.end())
    close = _matching(masked, brace) if brace >= 0 else -1
    if close < 0:
        return None
    datasets = list(_DATASET.finditer(masked, form.end(), brace))
    clause = text[start:brace]
    for m in reversed(datasets):
        clause = clause[:m.start() - start] + clause[m.end() - start:]
    mods, mmods = text[close:], masked[close:]
    ties = " ".join("?" + v for v in variables)
    order = _ORDER.search(mmods)
    if order:
        end = _MODIFIER.search(mmods, order.end())
        at = end.start() if end else len(mods)
        mods = mods[:at] + " " + ties + " " + mods[at:]
    else:
        end = _MODIFIER.search(mmods)
        at = end.start() if end else len(mods)
        mods = mods[:at] + f" ORDER BY {ties} " + mods[at:]
    lifted = " ".join(text[m.start():m.end()] for m in datasets)
    return (f"{text[:start]}SELECT * {lifted} WHERE {{ {{ {clause}{text[brace:close]}{mods}\n}} }} "
            f"OFFSET {offset} LIMIT {limit}")


def construct_as_select(text: str, base_iri: str | None) -> tuple[str, list] | None:
    """(SELECT of the template's variables, template triples as rdflib terms) for a CONSTRUCT query."""
    masked = blank(text)
    start = _PROLOGUE.match(masked).end()
    form = _FORM.match(masked, start)
    if not form or form.group(1).upper() != "CONSTRUCT":
        return None
    brace = _first_brace(masked, form.end())
    if brace < 0:
        return None
    close = _matching(masked, brace)
    if close < 0:
        return None
    between = masked[form.end():brace]
    if re.search(r"WHERE\s*$", between, re.IGNORECASE):  # CONSTRUCT WHERE { pattern }: the pattern is the template
        template = text[brace + 1:close - 1]
        datasets = text[form.end():form.end() + between.upper().rfind("WHERE")]
        where, mods = text[brace:close], text[close:]
    else:
        template = text[brace + 1:close - 1]
        where_brace = _first_brace(masked, close)
        where_close = _matching(masked, where_brace) if where_brace >= 0 else -1
        if where_close < 0:
            return None
        datasets = re.sub(r"WHERE\s*$", "", text[close:where_brace], flags=re.IGNORECASE)
        where, mods = text[where_brace:where_close], text[where_close:]
    try:
        from rdflib.plugins.sparql import prepareQuery
        from rdflib.term import Variable

        parsed = prepareQuery(f"{text[:start]}CONSTRUCT {{ {template} }} WHERE {{}}", base=base_iri)
        triples = list(parsed.algebra.template or [])
    except Exception:  # rdflib cannot parse it (store-specific syntax): the caller flags the result instead
        return None
    names = sorted({str(t) for tr in triples for t in tr if isinstance(t, Variable)})
    if not names:
        return None
    projection = " ".join("?" + n for n in names)
    return f"{text[:start]}SELECT {projection} {datasets.strip()} WHERE {where}{mods}", triples


class _Filled:
    """Template triples from a SELECT result; ``truncated`` mirrors the SELECT's flag once iterated."""

    def __init__(self, template: list, selected: QueryResult):
        self.selected = selected
        self._it = fill_template(template, selected.variables, selected.rows)

    def __iter__(self) -> Iterator[ox.Triple]:
        return self._it

    def __next__(self) -> ox.Triple:
        return next(self._it)

    @property
    def truncated(self) -> bool:
        return bool(getattr(self.selected, "truncated", False))


def fill_template(template: list, variables: list[str], rows: Iterable[list[Term | None]]) -> Iterator[ox.Triple]:
    """Instantiate a CONSTRUCT template per solution (fresh blank nodes per solution), without duplicates."""
    from rdflib import BNode
    from rdflib.term import Variable

    index = {v: i for i, v in enumerate(variables)}
    seen: set[ox.Triple] = set()
    for n, row in enumerate(rows):
        out = []
        for pattern in template:
            terms = []
            for t in pattern:
                if isinstance(t, Variable):
                    i = index.get(str(t))
                    value = row[i] if i is not None else None
                    terms.append(None if value is None else to_ox_term(value))
                elif isinstance(t, BNode):
                    terms.append(ox.BlankNode(f"c{n}x{sanitize_bnode(str(t))}"))
                else:
                    terms.append(_to_ox(t))
            s, p, o = terms
            if s is None or p is None or o is None or isinstance(s, ox.Literal) or not isinstance(p, ox.NamedNode):
                continue
            out.append(ox.Triple(s, p, o))
        for triple in out:
            if triple not in seen:
                seen.add(triple)
                yield triple


# --------------------------------------------------------------------------------------------- results


@dataclass
class _Head:
    kind: str
    boolean: bool = False
    variables: list[str] = field(default_factory=list)
    rows: Iterator[list[Term | None]] = field(default_factory=lambda: iter(()))


def read_results(response: httpx.Response) -> _Head:
    """The head of a SELECT/ASK response; the rows stay lazy (XML is parsed as it streams in)."""
    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if "xml" in ctype:
        return _read_xml(response)
    body = response.read()
    response.close()
    if "json" in ctype:
        return _read_json(body)
    text = body.decode("utf-8", "replace").strip().lower()
    if text in ("true", "false"):  # Virtuoso answers ASK without Accept as text/html "true"
        return _Head("boolean", boolean=text == "true")
    raise StoreError(f"the store answered with {ctype or 'no content type'}, not SPARQL results: {text[:200]}")


def _xml_events(response: httpx.Response) -> Iterator[tuple[str, ET.Element]]:
    parser = ET.XMLPullParser(events=("start", "end"))
    tail = b""
    try:
        for chunk in response.iter_bytes():
            tail = (tail + chunk)[-300:]
            parser.feed(chunk)
            yield from parser.read_events()
        parser.close()
        yield from parser.read_events()
    except ET.ParseError:
        text = tail.decode("utf-8", "replace")
        if re.search(r"cancel|time ?out|timed out", text, re.IGNORECASE):
            raise QueryTimeout(f"query exceeded the time limit (setting query_timeout): {text[-120:].strip()}") from None
        raise StoreError(f"malformed SPARQL results from the store: …{text[-200:]}") from None
    except httpx.TimeoutException:
        raise QueryTimeout("query exceeded the time limit (setting query_timeout)") from None
    except httpx.HTTPError as exc:
        raise StoreError(f"the store's answer broke off: {exc}") from None
    finally:
        response.close()


def _read_xml(response: httpx.Response) -> _Head:
    events = _xml_events(response)
    variables: list[str] = []
    for event, el in events:
        if event == "end" and el.tag == SRX + "variable":
            variables.append(el.get("name", ""))
        elif event == "end" and el.tag == SRX + "boolean":
            events.close()
            return _Head("boolean", boolean=(el.text or "").strip().lower() == "true")
        elif event == "start" and el.tag == SRX + "results":
            return _Head("bindings", variables=variables, rows=_xml_rows(events, el, variables))
    return _Head("bindings", variables=variables)


def _xml_rows(events: Iterator[tuple[str, ET.Element]], parent: ET.Element,
              variables: list[str]) -> Iterator[list[Term | None]]:
    index = {v: i for i, v in enumerate(variables)}
    try:
        for event, el in events:
            if event != "end" or el.tag != SRX + "result":
                continue
            row: list[Term | None] = [None] * len(variables)
            for binding in el:
                i = index.get(binding.get("name", ""))
                if i is not None and len(binding):
                    row[i] = _xml_term(binding[0])
            parent.clear()  # keep memory flat on long results
            yield row
    finally:
        events.close()  # type: ignore[attr-defined]


def _xml_term(el: ET.Element) -> Term:
    tag = el.tag.removeprefix(SRX)
    if tag == "uri":
        return ("uri", el.text or "")
    if tag == "bnode":
        return ("bnode", sanitize_bnode(el.text or "b"))
    if tag == "literal":
        lang = el.get(XML_LANG)
        if lang:
            return ("literal", el.text or "", RDF_LANGSTRING, lang)
        return ("literal", el.text or "", el.get("datatype") or XSD_STRING, "")
    if tag == "triple":  # RDF-star: shown as text, like the embedded store does
        parts = {c.tag.removeprefix(SRX): _xml_term(c[0]) for c in el if len(c)}
        return ("literal", " ".join(_nt(parts.get(k)) for k in ("subject", "predicate", "object")), XSD_STRING, "")
    return ("literal", el.text or "", XSD_STRING, "")


def _nt(t: Term | None) -> str:
    if t is None:
        return "?"
    if t[0] == "uri":
        return f"<{t[1]}>"
    if t[0] == "bnode":
        return f"_:{t[1]}"
    return json.dumps(t[1], ensure_ascii=False) + (f"@{t[3]}" if t[3] else f"^^<{t[2]}>")


def _read_json(body: bytes) -> _Head:
    try:
        doc = json.loads(body)
    except ValueError:
        raise StoreError(f"malformed SPARQL JSON results from the store: {body[:200]!r}") from None
    if "boolean" in doc:
        return _Head("boolean", boolean=bool(doc["boolean"]))
    variables = list(doc.get("head", {}).get("vars", []))
    rows = []
    for b in doc.get("results", {}).get("bindings", []):
        rows.append([_json_term(b[v]) if v in b else None for v in variables])
    return _Head("bindings", variables=variables, rows=iter(rows))


def _json_term(t: dict) -> Term:
    kind, value = t.get("type"), t.get("value", "")
    if kind == "uri":
        return ("uri", value)
    if kind == "bnode":
        return ("bnode", sanitize_bnode(value))
    if t.get("xml:lang"):
        return ("literal", value, RDF_LANGSTRING, t["xml:lang"])
    return ("literal", value, t.get("datatype") or XSD_STRING, "")  # also Virtuoso's "typed-literal"


def sanitize_bnode(label: str) -> str:
    """A blank node label valid in N-Triples (Virtuoso's are ``nodeID://b10006``)."""
    label = label.removeprefix("nodeID://").removeprefix("_:")
    return re.sub(r"[^A-Za-z0-9_]", "_", label) or "b"


def to_ox_term(t: Term):
    if t[0] == "uri":
        return ox.NamedNode(t[1])
    if t[0] == "bnode":
        return ox.BlankNode(t[1])
    if t[3]:
        return ox.Literal(t[1], language=t[3])
    return ox.Literal(t[1], datatype=ox.NamedNode(t[2]))


class _ByteStream(io.RawIOBase):
    """A readable file over an iterator of byte chunks (so pyoxigraph parses a response as it arrives)."""

    def __init__(self, chunks: Iterator[bytes]):
        self._chunks = chunks
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while not self._buffer:
            try:
                self._buffer = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(b), len(self._buffer))
        b[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


def parse_graph(response: httpx.Response) -> Iterator[ox.Triple]:
    """The triples of a CONSTRUCT/DESCRIBE response, parsed while it streams in."""
    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    fmt = RDF_FORMATS.get(ctype)
    if fmt is None or fmt.supports_datasets:
        body = response.read()
        response.close()
        raise StoreError(f"the store answered a graph query with {ctype or 'no content type'}: {body[:200]!r}")

    def triples() -> Iterator[ox.Triple]:
        try:
            stream = io.BufferedReader(_ByteStream(response.iter_bytes()))
            for t in ox.parse(stream, format=fmt):
                yield t if isinstance(t, ox.Triple) else t.triple
        except SyntaxError as exc:
            if re.search(r"cancel|time ?out", str(exc), re.IGNORECASE):
                raise QueryTimeout(f"query exceeded the time limit (setting query_timeout): {exc}") from None
            raise StoreError(f"malformed {ctype} from the store: {exc}") from None
        except httpx.TimeoutException:
            raise QueryTimeout("query exceeded the time limit (setting query_timeout)") from None
        except httpx.HTTPError as exc:
            raise StoreError(f"the store's answer broke off: {exc}") from None
        finally:
            response.close()

    return triples()


def short_message(body: str) -> str:
    """A store's error text without its echo of the query (Virtuoso) or HTML markup, at most 500 characters."""
    text = re.sub(r"<[^>]+>", " ", body)
    text = re.split(r"\n\s*SPARQL query:", text)[0]
    text = re.sub(r"\s+", " ", text).strip()
    return text[:500] + (" …" if len(text) > 500 else "")


def with_position(message: str, text: str) -> str:
    """A syntax error message with ``at line:column``: Virtuoso names a line (sometimes 0) and the offending token
    only, so the token is looked up on that line, else on the first line that has it."""
    if re.search(r"\d+:\d+", message):
        return message
    m = re.search(r"line (\d+): .*? at '(.*?)'", message)
    if not m or not text:
        return message
    line, token = int(m.group(1)), m.group(2)
    lines = text.splitlines() or [""]
    candidates = ([line] if 0 < line <= len(lines) else []) + list(range(1, len(lines) + 1))
    for n in candidates:
        if token and token in lines[n - 1]:
            return f"{message} (at {n}:{lines[n - 1].find(token) + 1})"
    return f"{message} (at {max(1, min(line, len(lines)))}:1)"


def _ntriples(triples: list[ox.Triple]) -> str:
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


def _has_bnode(t: ox.Triple) -> bool:
    return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)


def _bnode_groups(triples: list[ox.Triple], size: int) -> list[list[ox.Triple]]:
    """Triples with blank nodes in blocks of about ``size``, never splitting a blank-node-connected group."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for t in triples:
        labels = [n.value for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)]
        for other in labels[1:]:
            parent[find(other)] = find(labels[0])
    groups: dict[str, list[ox.Triple]] = {}
    for t in triples:
        label = next(n.value for n in (t.subject, t.object) if isinstance(n, ox.BlankNode))
        groups.setdefault(find(label), []).append(t)
    blocks: list[list[ox.Triple]] = []
    for group in groups.values():
        if blocks and len(blocks[-1]) + len(group) <= size:
            blocks[-1].extend(group)
        else:
            blocks.append(list(group))
    return blocks


def check_iri(iri: str) -> str:
    if not iri or not _IRI_OK.fullmatch(iri):
        raise StoreError(f"not a usable graph IRI: {iri!r}")
    return iri

