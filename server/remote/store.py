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

A *flavour* selects the workarounds a store needs (:mod:`.virtuoso`). Beside this module: :mod:`.endpoints` (URL,
flavour, endpoint URLs), :mod:`.responses` (reading answers), :mod:`.rewrite` (paging and CONSTRUCT as SELECT).
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

import httpx
import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from ..results import QueryTimeout
from ..sparql_syntax import (
    declares_dataset,
    is_iri_text,
    names_graph,
    query_form,
    starts_with_pragma,
    strip_dataset_clauses,
)
from ..store import (
    RDF_FORMATS,
    GraphStore,
    QueryResult,
    QuerySyntaxError,
    StoreError,
    Term,
    to_ox,
    to_rdflib,
    triple_of,
)
from . import virtuoso
from .endpoints import FLAVOURS, default_endpoints, detect_flavour, parse_store_url
from .responses import (
    GRAPH_ACCEPT,
    RESULTS_ACCEPT,
    parse_graph,
    read_results,
    short_message,
    to_ox_term,
    with_position,
)
from .rewrite import FilledTemplate, construct_as_select, paged_select

EMPTY_GRAPH = "urn:budgetkg:empty-graph"  # a graph that never exists: an explicitly empty part of a dataset

Row = list[Term | None]


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


def check_iri(iri: str) -> str:
    """``iri`` when it can be written as ``<iri>`` in an update; else :class:`StoreError`."""
    if not iri or not is_iri_text(iri):
        raise StoreError(f"not a usable graph IRI: {iri!r}")
    return iri


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
        is_virtuoso = flavour == "virtuoso"
        self.max_rows = max_rows if max_rows is not None else (virtuoso.MAX_ROWS if is_virtuoso else None)
        self.union = union or {"oxigraph": "param", "virtuoso": "server"}.get(flavour, "server")
        if self.union not in ("param", "server", "explicit"):
            raise StoreError(f"union must be param, server or explicit, not {self.union!r}")
        self.exclude_prefixes = tuple(exclude_graphs) + (virtuoso.SYSTEM_PREFIXES if is_virtuoso else ()) + (
            virtuoso.STAGING_PREFIX,)
        self.max_update_bytes = max_update_bytes or (virtuoso.MAX_UPDATE_BYTES if is_virtuoso else 10**12)
        self._auth: httpx.Auth | None = None
        if user is not None:
            kind = auth or ("digest" if is_virtuoso else "basic")
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
        parts = parse_store_url(url)
        opts = parts.options
        flavour = flavour or opts.get("flavour") or detect_flavour(parts.url)
        if flavour not in FLAVOURS:
            raise StoreError(f"unknown store flavour {flavour!r} in {url!r}; expected one of {', '.join(FLAVOURS)}")
        query, update, gsp = default_endpoints(parts.url, flavour, authenticated=parts.user is not None)
        return cls(
            opts.get("query", query), update_url=opts.get("update", update), graph_store_url=opts.get("gsp", gsp),
            flavour=flavour, user=parts.user, password=parts.password or password, auth=opts.get("auth"),
            query_timeout=query_timeout, max_rows=int(opts["max_rows"]) if opts.get("max_rows") else None,
            union=opts.get("union"), read_only=read_only,
            exclude_graphs=[p for p in opts.get("exclude", "").split(",") if p],
        )

    def __repr__(self) -> str:
        return f"RemoteSparqlStore({self.query_url!r}, flavour={self.flavour!r})"

    @property
    def location(self) -> str:
        return self.query_url

    def close(self) -> None:
        self._client.close()

    # --------------------------------------------------------------------------------------------- queries

    def query(self, sparql: str, default_graph_uris: list[str] | None = None,
              named_graph_uris: list[str] | None = None, base_iri: str | None = None) -> QueryResult:
        request = self._request(sparql, default_graph_uris, named_graph_uris, base_iri)
        form = query_form(sparql)
        if form in ("CONSTRUCT", "DESCRIBE"):
            return self._graph_query(request, form)
        return self._results_query(request)

    def select(self, sparql: str, *, union: bool = True) -> list[dict[str, Node]]:
        result = self._results_query(self._request(sparql, None, None, None, union=union))
        rows = [{v: to_rdflib(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
                for row in result.rows]
        if result.truncated:
            raise StoreError(f"the store at {self.query_url} cut this result at {self.max_rows} rows and it could "
                             "not be paged: " + "; ".join(result.notes))
        return rows

    def construct(self, sparql: str) -> Graph:
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
        is_virtuoso = self.flavour == "virtuoso"
        prefix = []
        if default or named:
            d, n = list(default or []), list(named or [])
            if is_virtuoso:
                text = strip_dataset_clauses(text)  # Virtuoso merges FROM with the protocol dataset
                n = n or [EMPTY_GRAPH]  # ... and keeps every graph as a named graph without named-graph-uri
            if d:
                params["default-graph-uri"] = d
            if n:
                params["named-graph-uri"] = n
        elif not declares_dataset(text):
            if self.union == "param":
                params["union-default-graph"] = ["true"]
            elif self.union == "explicit" and union:
                graphs = self.list_graphs() or [EMPTY_GRAPH]
                params["default-graph-uri"] = graphs
                params["named-graph-uri"] = graphs
            if is_virtuoso and not names_graph(text):
                prefix += virtuoso.excluding(self.system_graphs())  # hide Virtuoso's own graphs from the union
        if is_virtuoso:
            params["timeout"] = [str(int(self.query_timeout * 1000))]  # Virtuoso stops the query itself
        if base_iri and not starts_with_pragma(text) and is_iri_text(base_iri):
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
        if virtuoso.partial_answer(response):  # never pass a partial answer on
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
        if what == "query" and virtuoso.too_slow_to_start(message):
            raise self._timeout(f"the store estimates it would take longer ({message})")
        if what == "query" and re.search(r"time ?out|timed out|cancelled", message, re.IGNORECASE):
            raise self._timeout(message)
        raise StoreError(f"{what} failed at {response.request.url}: HTTP {status}: {message}")

    def _results_query(self, request: _Request) -> RemoteQueryResult:
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

    def _watch_cap(self, rows: Iterator[Row], result: RemoteQueryResult) -> Iterator[Row]:
        """Rows, flagging the result when exactly ``max_rows`` came back (a cap without a header)."""
        n = 0
        for row in rows:
            n += 1
            yield row
        if self.max_rows is not None and n == self.max_rows:
            result.truncated = True
            result.notes.append(f"exactly {n} rows: the store's row cap")

    def _complete_rows(self, request: _Request, rows: Iterator[Row], result: RemoteQueryResult,
                       page: int) -> Iterator[Row]:
        """The rows of a SELECT the store cut at ``page`` rows, completed lazily: first the rows the store sent
        (enough for a consumer that stops at its own row cap), then -- only if more are wanted -- the whole
        result again page by page in a fixed order (ORDER BY inside a subquery, OFFSET/LIMIT outside: Virtuoso
        refuses to sort past its cap otherwise), skipping the rows already given. When the query cannot be
        paged the result is flagged truncated instead."""
        given: Counter[tuple[Term | None, ...]] = Counter()
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

    def _fetch_rows(self, request: _Request, text: str) -> list[Row]:
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
        if rest.truncated:
            result.truncated = True

    def _construct_by_select(self, request: _Request) -> FilledTemplate | None:
        """A CONSTRUCT evaluated as a (paged) SELECT of its template's variables, the template filled in here."""
        split = construct_as_select(request.text, request.base_iri)
        if split is None:
            return None
        select_text, template = split
        try:
            selected = self._results_query(replace(request, text=select_text))
        except (StoreError, QuerySyntaxError):
            return None
        return FilledTemplate(template, selected)

    # ---------------------------------------------------------------------------------------------- writes

    def replace_graph(self, name: str, triples: Graph | Iterable[tuple[Node, Node, Node]]) -> int:
        self._writable()
        iri = check_iri(name)
        items = [triple_of(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples]
        with self._lock:
            if self.flavour == "virtuoso":
                virtuoso.replace_graph(self._update, iri, items, self.max_update_bytes)
            else:
                # One update request is one transaction: readers see the old or the new graph, never a mix.
                body = virtuoso.ntriples(items)
                self._update(f"DROP SILENT GRAPH <{iri}> ;\nINSERT DATA {{ GRAPH <{iri}> {{\n{body}}} }}")
            self.generation += 1
        return len(items)

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
                response = self._client.post(self.update_url, data={"update": text},
                                             auth=self._auth or httpx.USE_CLIENT_DEFAULT,
                                             timeout=httpx.Timeout(self.write_timeout, connect=10))
            except httpx.TimeoutException:
                raise StoreError(f"update at {self.update_url} took longer than {self.write_timeout:g} s") from None
            except httpx.HTTPError as exc:
                raise StoreError(f"cannot reach the SPARQL store at {self.update_url}: {exc}") from None
            if response.status_code < 400:
                return
            message = short_message(response.text)
            if attempt < retries and virtuoso.worth_retrying(message):
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
            for text in virtuoso.system_graph_queries():
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
        return {str(r["g"]): int(str(r["n"])) for r in rows if "g" in r and self._ours(str(r["g"]))}

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
                if s is not None and p is not None and o is not None:  # always bound: a triple pattern
                    t = triple_of(to_ox_term(s), to_ox_term(p), to_ox_term(o))
                    out.append(ox.Quad(t.subject, t.predicate, t.object, g))
            if getattr(result, "truncated", False):
                raise StoreError(f"graph {graph} could not be read whole from {self.query_url}")
        return out
