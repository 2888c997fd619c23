"""One contract for :class:`server.store.GraphStore`, run against every store budgetkg can use:

* ``embedded``: :class:`OxigraphStore` in a temporary folder;
* ``oxigraph-serve``: a real ``oxigraph serve`` (PyPI ``oxigraph``) on a free 127.0.0.1 port, through
  :class:`RemoteSparqlStore`;
* ``generic``: the same server through the plain protocol (flavour ``generic``, ``union=explicit``);
* ``virtuoso``: OpenLink Virtuoso 7 (Debian ``virtuoso-opensource-7-bin``), started by ``.ci/virtuoso.sh`` or
  named by ``BUDGETKG_TEST_VIRTUOSO=http://127.0.0.1:8890/sparql`` (dba password in
  ``BUDGETKG_TEST_VIRTUOSO_PASSWORD``, default ``budgetkg``); skipped, saying why, only when it cannot be installed.

Every test works in its own namespace (``http://test.budgetkg.example/<random>/``) and removes its graphs, so a
shared remote store keeps its other data. Plus one end-to-end test: the budgetkg server over a remote store.
"""

from __future__ import annotations

import gzip
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from decimal import Decimal, localcontext
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef

from budgetkg.server.remote import RemoteSparqlStore
from budgetkg.server.store import GraphStore, OxigraphStore, QuerySyntaxError, StoreError
from budgetkg.server.store_factory import open_store

ROOT = Path(__file__).resolve().parents[1]
TEST_ROOT = "http://test.budgetkg.example/"
VIRTUOSO_PASSWORD = os.environ.get("BUDGETKG_TEST_VIRTUOSO_PASSWORD", "budgetkg")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
BIG = 12_000  # more rows than Virtuoso's default ResultSetMaxRows (10,000)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, seconds: float, what: str, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with status {process.returncode}")
        try:
            if check():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer within {seconds:g} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


# --------------------------------------------------------------------------------------------- the stores


@pytest.fixture(scope="session")
def oxigraph_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``oxigraph serve`` over a temporary folder, on a free port; stopped at the end of the session."""
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if binary is None:
        pytest.fail("the `oxigraph` command is missing: pip install oxigraph (it is in the [test] extra)")
    folder = tmp_path_factory.mktemp("oxigraph-serve")
    port = free_port()
    log = open(folder / "serve.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen([binary, "serve", "--location", str(folder / "data"), "--bind", f"127.0.0.1:{port}",
                                "--timeout-s", "15"], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=2).status_code == 200,
                   30, "oxigraph serve", process)
        yield url
    finally:
        stop(process)
        log.close()


@pytest.fixture(scope="session")
def virtuoso_url() -> Iterator[str]:
    """Virtuoso's SPARQL endpoint: from BUDGETKG_TEST_VIRTUOSO, or installed and started by .ci/virtuoso.sh (and then
    stopped when the session ends, unless it was running before)."""
    url = os.environ.get("BUDGETKG_TEST_VIRTUOSO")
    started = False
    if not url:
        try:
            port = os.environ.get("BUDGETKG_VIRTUOSO_HTTP_PORT", "8890")
            httpx.post(f"http://127.0.0.1:{port}/sparql", data={"query": "ASK {}"}, timeout=2).raise_for_status()
        except httpx.HTTPError:
            started = True  # nothing answers on the script's port: the instance below is this session's
        try:
            run = subprocess.run(["bash", str(ROOT / ".ci" / "virtuoso.sh")], capture_output=True, text=True,
                                 timeout=600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            pytest.skip(f"Virtuoso could not be started: {exc}")
        lines = run.stdout.strip().splitlines()
        if not lines or not lines[-1].startswith("http"):
            pytest.skip("Virtuoso could not be installed or started: " + (run.stderr.strip() or "no endpoint"))
        url = lines[-1].strip()
    try:
        httpx.post(url, data={"query": "ASK {}"}, timeout=10).raise_for_status()
    except httpx.HTTPError as exc:
        pytest.skip(f"Virtuoso at {url} does not answer: {exc}")
    yield url.replace("http://", "http://dba@", 1) + "#virtuoso"
    if started:  # leave no server behind
        subprocess.run(["bash", str(ROOT / ".ci" / "virtuoso.sh"), "stop"], capture_output=True, timeout=120)


def _open(kind: str, request: pytest.FixtureRequest, tmp: Path) -> GraphStore:
    if kind == "embedded":
        return OxigraphStore(tmp / "store")
    if kind == "oxigraph-serve":
        return open_store(request.getfixturevalue("oxigraph_url"), query_timeout=60)
    if kind == "generic":  # the plain protocol (explicit union dataset, no flavour knowledge), on `oxigraph serve`
        url = request.getfixturevalue("oxigraph_url")
        return open_store(f"{url}/query#flavour=generic&update={url}/update&union=explicit", query_timeout=60)
    return open_store(request.getfixturevalue("virtuoso_url"), password=VIRTUOSO_PASSWORD, query_timeout=60)


@pytest.fixture(scope="session", params=["embedded", "oxigraph-serve", "generic", "virtuoso"])
def session_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    store = _open(request.param, request, tmp_path_factory.mktemp(request.param))
    yield store
    for g in store.list_graphs():
        if g.startswith(TEST_ROOT):
            store.delete_graph(g)
    store.close()


@pytest.fixture
def store(session_store: GraphStore) -> Iterator[GraphStore]:
    yield session_store
    for g in session_store.list_graphs():
        if g.startswith(TEST_ROOT):
            session_store.delete_graph(g)


@pytest.fixture
def ns() -> Namespace:
    return Namespace(f"{TEST_ROOT}{uuid.uuid4().hex[:12]}/")


def ours(names, ns: Namespace) -> list[str]:
    return sorted(n for n in names if n.startswith(str(ns)))


def rows(store: GraphStore, sparql: str, **kw) -> list[dict]:
    result = store.query(sparql, **kw)
    assert result.kind == "bindings"
    out = [{v: t for v, t in zip(result.variables, row, strict=True) if t is not None} for row in result.rows]
    assert not getattr(result, "truncated", False)
    return out


def graph_of(ns: Namespace, n: int, version: str = "v1") -> Graph:
    g = Graph()
    for i in range(n):
        g.add((ns[f"r{i}"], ns.version, Literal(version)))
    return g


# ---------------------------------------------------------------------------------------------- the contract


def test_replace_list_delete_and_counts(store, ns):
    a, b = str(ns["graph/a"]), str(ns["graph/b"])
    assert store.replace_graph(a, graph_of(ns, 5)) == 5
    assert store.replace_graph(b, graph_of(ns, 3)) == 3
    assert ours(store.list_graphs(), ns) == [a, b]
    counts = store.triple_counts()
    assert (counts[a], counts[b]) == (5, 3)
    assert store.replace_graph(a, graph_of(ns, 2, "v2")) == 2  # replace, not add
    assert store.triple_counts()[a] == 2
    assert rows(store, f"SELECT ?v WHERE {{ GRAPH <{a}> {{ ?s <{ns.version}> ?v }} }}") == [
        {"v": ("literal", "v2", "http://www.w3.org/2001/XMLSchema#string", "")}] * 2
    store.delete_graph(a)
    store.delete_graph(str(ns["graph/never-existed"]))  # no error
    assert ours(store.list_graphs(), ns) == [b]
    assert a not in store.triple_counts()


def test_replace_is_atomic_for_readers(store, ns):
    """A reader polling while the graph is replaced sees the old or the new graph, never a mix or nothing."""
    name = str(ns["graph/atomic"])
    sizes = {"old": 3000, "new": 1000}
    store.replace_graph(name, graph_of(ns, sizes["old"], "old"))
    seen: set[tuple[int, int]] = set()
    errors: list[BaseException] = []
    done = threading.Event()
    text = (f"SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?v) AS ?k) "
            f"WHERE {{ GRAPH <{name}> {{ ?s <{ns.version}> ?v }} }}")

    def reader() -> None:
        try:
            while not done.is_set():
                row = rows(store, text)[0]
                seen.add((int(row["n"][1]), int(row["k"][1])))
                time.sleep(0.02)  # Virtuoso: a reader that never pauses starves the writer (SR171)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for version in ("new", "old", "new", "old"):
            store.replace_graph(name, graph_of(ns, sizes[version], version))
    finally:
        done.set()
        thread.join(60)
    assert not errors, errors
    assert seen <= {(3000, 1), (1000, 1)}, seen


def test_select_ask_construct(store, ns):
    g = Graph()
    for i, label in enumerate(["甲", "乙", "丙"]):
        g.add((ns[f"item{i}"], ns.rank, Literal(i)))
        g.add((ns[f"item{i}"], ns.label, Literal(label, lang="zh")))
    name = str(ns["graph/q"])
    store.replace_graph(name, g)
    got = rows(store, f"SELECT ?s ?r WHERE {{ ?s <{ns.rank}> ?r }} ORDER BY DESC(?r)")
    assert [r["s"] for r in got] == [("uri", str(ns[f"item{i}"])) for i in (2, 1, 0)]
    assert store.query(f"ASK {{ ?s <{ns.rank}> 2 }}").boolean is True
    assert store.query(f"ASK {{ ?s <{ns.rank}> 7 }}").boolean is False
    result = store.query(f"CONSTRUCT {{ ?s <{ns.copy}> ?l }} WHERE {{ ?s <{ns.label}> ?l }}")
    assert result.kind == "graph"
    data, truncated = result.serialize_graph("text/turtle", 100)
    assert not truncated
    built = Graph().parse(data=data, format="turtle")
    assert len(built) == 3 and (ns.item1, ns.copy, Literal("乙", lang="zh")) in built
    assert len(store.construct(f"CONSTRUCT WHERE {{ ?s <{ns.rank}> ?o }}")) == 3
    assert len(store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")) == 6
    labels = store.select(f"SELECT ?l WHERE {{ <{ns.item0}> <{ns.label}> ?l }}")
    assert labels == [{"l": Literal("甲", lang="zh")}]
    # Relative IRIs resolve against the base the server passes (its /sparql URL).
    based = rows(store, "SELECT ?x WHERE { BIND(<thing> AS ?x) }", base_iri="http://localhost:8000/sparql")
    assert based == [{"x": ("uri", "http://localhost:8000/thing")}]


def test_protocol_dataset_semantics(store, ns):
    a, b = str(ns["graph/a"]), str(ns["graph/b"])
    ga, gb = Graph(), Graph()
    ga.add((ns.x, ns.p, Literal(1)))
    gb.add((ns.y, ns.p, Literal(2)))
    store.replace_graph(a, ga)
    store.replace_graph(b, gb)
    subjects = f"SELECT ?s WHERE {{ ?s <{ns.p}> ?o }} ORDER BY ?s"
    named = f"SELECT ?g ?s WHERE {{ GRAPH ?g {{ ?s <{ns.p}> ?o }} }} ORDER BY ?g"
    uri = lambda n: ("uri", str(n))  # noqa: E731
    # No dataset: the default graph is the union of the named graphs, and GRAPH ?g ranges over all of them.
    assert [r["s"] for r in rows(store, subjects)] == [uri(ns.x), uri(ns.y)]
    assert [r["g"] for r in rows(store, named)] == [uri(a), uri(b)]
    assert ours((r["g"][1] for r in rows(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")), ns) == [a, b]
    # default-graph-uri only: that graph is the default graph, and there are no named graphs.
    assert [r["s"] for r in rows(store, subjects, default_graph_uris=[a])] == [uri(ns.x)]
    assert rows(store, named, default_graph_uris=[a]) == []
    # named-graph-uri only: an empty default graph, only those named graphs.
    assert rows(store, subjects, named_graph_uris=[b]) == []
    assert [r["g"] for r in rows(store, named, named_graph_uris=[b])] == [uri(b)]
    # both
    assert [r["s"] for r in rows(store, subjects, default_graph_uris=[b], named_graph_uris=[a])] == [uri(ns.y)]
    assert [r["g"] for r in rows(store, named, default_graph_uris=[b], named_graph_uris=[a])] == [uri(a)]
    # The protocol dataset replaces FROM in the query text.
    from_b = f"SELECT ?s FROM <{b}> WHERE {{ ?s <{ns.p}> ?o }}"
    assert [r["s"] for r in rows(store, from_b, default_graph_uris=[a])] == [uri(ns.x)]
    # Without a protocol dataset, the query's own FROM / FROM NAMED define it.
    assert [r["s"] for r in rows(store, from_b)] == [uri(ns.y)]
    from_named_a = f"SELECT ?g ?s FROM NAMED <{a}> WHERE {{ GRAPH ?g {{ ?s <{ns.p}> ?o }} }}"
    assert [r["g"] for r in rows(store, from_named_a)] == [uri(a)]


AMOUNTS = ["0.01", "-17.5", "100", "1234567890123.45", "98765432109876543210.123456789", "0.000001"]


def test_decimal_literals_round_trip_exactly(store, ns):
    g = Graph()
    for i, amount in enumerate(AMOUNTS):
        g.add((ns[f"line{i}"], ns.amount, Literal(Decimal(amount), datatype=XSD.decimal)))
    g.add((ns.doc, ns.year, Literal("2025", datatype=XSD.gYear)))
    g.add((ns.doc, ns.tally, Literal(42)))
    store.replace_graph(str(ns["graph/money"]), g)
    got = {r["s"][1]: r["a"] for r in rows(store, f"SELECT ?s ?a WHERE {{ ?s <{ns.amount}> ?a }}")}
    for i, amount in enumerate(AMOUNTS):
        term = got[str(ns[f"line{i}"])]
        assert term[2] == str(XSD.decimal) and Decimal(term[1]) == Decimal(amount), (amount, term)
    total = rows(store, f"SELECT (SUM(?a) AS ?t) WHERE {{ ?s <{ns.amount}> ?a }}")[0]["t"]
    with localcontext() as exact:
        exact.prec = 60
        assert Decimal(total[1]) == sum(Decimal(a) for a in AMOUNTS)
    # Matching by value works, as the charts and tables query it.
    assert store.query(f"ASK {{ ?s <{ns.amount}> 1234567890123.45 }}").boolean
    as_rdflib = store.select(f"SELECT ?a WHERE {{ <{ns.line3}> <{ns.amount}> ?a }}")[0]["a"]
    assert as_rdflib.toPython() == Decimal("1234567890123.45")
    year = rows(store, f"SELECT ?y WHERE {{ <{ns.doc}> <{ns.year}> ?y }}")[0]["y"]
    assert year[1:3] == ("2025", str(XSD.gYear))
    assert rows(store, f"SELECT ?c WHERE {{ <{ns.doc}> <{ns.tally}> ?c }}")[0]["c"][1:3] == ("42", str(XSD.integer))


TEXTS = ["一般公共预算财政拨款支出", "四川省人民政府办公厅信息技术服务中心", '引号"与\\反斜杠', "换行\n第二行", "表情😀"]


def test_chinese_literals_with_language_tags(store, ns):
    g = Graph()
    for i, text in enumerate(TEXTS):
        g.add((ns[f"t{i}"], ns.label, Literal(text, lang="zh")))
    g.add((ns.hans, ns.label, Literal("预算", lang="zh-Hans")))
    g.add((ns.plain, ns.label, Literal("预算")))
    store.replace_graph(str(ns["graph/zh"]), g)
    got = {r["s"][1]: r["l"] for r in rows(store, f"SELECT ?s ?l WHERE {{ ?s <{ns.label}> ?l }}")}
    for i, text in enumerate(TEXTS):
        assert got[str(ns[f"t{i}"])][1] == text and got[str(ns[f"t{i}"])][3] == "zh"
    assert got[str(ns.hans)][3].lower() == "zh-hans"  # language tags are case-insensitive; stores lower-case them
    assert got[str(ns.plain)][1:] == ("预算", "http://www.w3.org/2001/XMLSchema#string", "")
    assert store.query(f'ASK {{ ?s <{ns.label}> "一般公共预算财政拨款支出"@zh }}').boolean
    found = rows(store, f'SELECT ?s WHERE {{ ?s <{ns.label}> ?l FILTER(LANG(?l) = "zh" && CONTAINS(?l, "人民政府")) }}')
    assert found == [{"s": ("uri", str(ns.t1))}]
    nt = store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s <{ns.label}> ?o BIND(<{ns.label}> AS ?p) }}")
    assert (ns.t3, ns.label, Literal("换行\n第二行", lang="zh")) in nt


def test_blank_nodes_keep_their_structure(store, ns):
    """Uploaded RDF may use blank nodes (Virtuoso refuses them in INSERT DATA; budgetkg works around it)."""
    g = Graph().parse(data=f"""
        @prefix ex: <{ns}> .
        ex:doc ex:part [ ex:label "第一部分"@zh ; ex:sub [ ex:value 1.50 ] ] ;
               ex:part [ ex:label "第二部分"@zh ] .
    """, format="turtle")
    name = str(ns["graph/bnodes"])
    assert store.replace_graph(name, g) == 6
    assert store.triple_counts()[name] == 6
    got = rows(store, f"SELECT ?l ?v WHERE {{ <{ns.doc}> <{ns.part}> ?x . ?x <{ns.label}> ?l ; <{ns.sub}> ?y . "
                      f"?y <{ns.value}> ?v }}")
    assert len(got) == 1 and got[0]["l"][1] == "第一部分" and Decimal(got[0]["v"][1]) == Decimal("1.5")
    parts = rows(store, f"SELECT ?x WHERE {{ <{ns.doc}> <{ns.part}> ?x }}")
    assert len(parts) == 2 and all(r["x"][0] == "bnode" for r in parts)
    described = store.construct(f"CONSTRUCT {{ ?x ?p ?o }} WHERE {{ <{ns.doc}> <{ns.part}> ?x . ?x ?p ?o }}")
    assert len(described) == 3


@pytest.fixture
def big_graph(store, ns) -> str:
    name = str(ns["graph/big"])
    g = Graph()
    for i in range(BIG):
        g.add((ns[f"r{i:05d}"], ns.value, Literal(i)))
    store.replace_graph(name, g)
    return name


def test_large_results_are_complete_or_flagged(store, ns, big_graph):
    """Past a store's row cap (Virtuoso: 10,000) a result is paged to completion or flagged, never cut quietly."""
    result = store.query(f"SELECT ?s ?v WHERE {{ GRAPH <{big_graph}> {{ ?s <{ns.value}> ?v }} }}")
    got = list(result.rows)
    if getattr(result, "truncated", False):
        assert len(got) < BIG
    else:
        assert len(got) == BIG and len({r[0][1] for r in got}) == BIG
    # The query's own order survives paging.
    ordered = store.query(f"SELECT ?v WHERE {{ ?s <{ns.value}> ?v }} ORDER BY DESC(?v)")
    values = [int(r[0][1]) for r in ordered.rows]
    assert getattr(ordered, "truncated", False) or values == list(range(BIG - 1, -1, -1))
    # CONSTRUCT: complete, or flagged in serialize_graph, and the internal construct() refuses a partial graph.
    graph_query = f"CONSTRUCT {{ ?s <{ns.value}> ?v }} WHERE {{ GRAPH <{big_graph}> {{ ?s <{ns.value}> ?v }} }}"
    data, truncated = store.query(graph_query).serialize_graph("application/n-triples", 10**9)
    triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) == BIG or (truncated and len(triples) < BIG)
    try:
        assert len(store.construct(graph_query)) == BIG
    except StoreError:
        assert truncated
    assert store.triple_counts()[big_graph] == BIG
    if isinstance(store, RemoteSparqlStore) and store.flavour == "virtuoso":
        assert not getattr(result, "truncated", False) and not truncated  # Virtuoso's cap is worked around


def test_unpageable_capped_result_is_flagged(store, ns, big_graph, monkeypatch):
    """When a capped result cannot be completed, the endpoint marks it truncated and select() refuses it."""
    if not (isinstance(store, RemoteSparqlStore) and store.max_rows):
        pytest.skip("this store has no silent row cap")
    import budgetkg.server.remote.store as remote_store
    from budgetkg.server.executor import QueryJob, execute

    monkeypatch.setattr(remote_store, "paged_select", lambda *args, **kw: None)
    text = f"SELECT ?s ?v WHERE {{ GRAPH <{big_graph}> {{ ?s <{ns.value}> ?v }} }}"
    outcome = execute(store, QueryJob(text, accept="application/sparql-results+json", row_cap=50_000))
    assert outcome.status == 200 and outcome.truncated
    with pytest.raises(StoreError, match="cannot be paged"):
        store.select(text)


def test_remote_timeout_stops_the_query(store, ns, big_graph):
    """A remote query past query_timeout raises QueryTimeout (the server answers 503); Virtuoso gets the limit
    itself and its partial "anytime" answer is never passed on."""
    if not isinstance(store, RemoteSparqlStore):
        pytest.skip("the embedded store's timeout is enforced by the executor (tests/test_server)")
    from budgetkg.server.results import QueryTimeout

    slow = RemoteSparqlStore(store.query_url, update_url=store.update_url, flavour=store.flavour, query_timeout=1)
    heavy = (f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{big_graph}> {{ ?a <{ns.value}> ?x }} "
             f"GRAPH <{big_graph}> {{ ?b <{ns.value}> ?y }} FILTER(?x < ?y) }}")
    start = time.monotonic()
    try:
        with pytest.raises(QueryTimeout):
            list(slow.query(heavy).rows)
    finally:
        slow.close()
    assert time.monotonic() - start < 30


def test_sparql_rewrites_for_paging():
    from budgetkg.server.remote.rewrite import construct_as_select, paged_select
    from budgetkg.server.sparql_syntax import declares_dataset, strip_dataset_clauses

    text = ('PREFIX ex: <http://ex/> # comment with { and FROM <x>\n'
            'SELECT ?s (STR(?from) AS ?l) FROM <http://g> FROM NAMED ex:h WHERE { ?s ex:p "a } FROM {" ; ex:q ?from } '
            'ORDER BY DESC(?l) LIMIT 5 VALUES ?s { ex:a }')
    assert declares_dataset(text)
    stripped = strip_dataset_clauses(text)
    assert "FROM <http://g>" not in stripped and "ex:h" not in stripped.split("WHERE")[0]
    assert '"a } FROM {"' in stripped and "# comment with { and FROM <x>" in stripped
    paged = paged_select(text, ["s", "l"], 20, 10)
    squeezed = " ".join(paged.split())
    assert paged.startswith("PREFIX ex: <http://ex/> # comment")
    assert "SELECT * FROM <http://g> FROM NAMED ex:h WHERE { {" in squeezed
    assert "ORDER BY DESC(?l) ?s ?l LIMIT 5 VALUES ?s { ex:a } } } OFFSET 20 LIMIT 10" in squeezed
    plain = paged_select("SELECT * { ?s ?p ?o }", ["s", "p", "o"], 0, 100)
    assert "ORDER BY ?s ?p ?o" in plain
    assert paged_select("ASK { ?s ?p ?o }", ["s"], 0, 10) is None
    select, template = construct_as_select(
        "PREFIX ex: <http://ex/> CONSTRUCT { ?s ex:copy ?o . _:b ex:of ?s } FROM <http://g> WHERE { ?s ex:p ?o }",
        None)
    assert select.startswith("PREFIX ex: <http://ex/> SELECT ?o ?s FROM <http://g> WHERE { ?s ex:p ?o }")
    assert len(template) == 2
    short, template = construct_as_select("CONSTRUCT WHERE { ?s <http://ex/p> ?o }", None)
    assert " ".join(short.split()).startswith("SELECT ?o ?s WHERE { ?s <http://ex/p> ?o }") and len(template) == 1


def test_oversized_replace_is_staged_then_moved(store, ns):
    """Virtuoso: a graph too big for one update request is assembled in a staging graph and MOVEd in one request."""
    if not (isinstance(store, RemoteSparqlStore) and store.flavour == "virtuoso"):
        pytest.skip("only Virtuoso limits the size of one update request")
    name = str(ns["graph/staged"])
    small = RemoteSparqlStore(store.query_url, update_url=store.update_url, flavour="virtuoso",
                              user="dba", password=VIRTUOSO_PASSWORD, max_update_bytes=150_000)
    try:
        store.replace_graph(name, graph_of(ns, 100, "old"))
        assert small.replace_graph(name, graph_of(ns, 5000, "new")) == 5000
        assert store.triple_counts()[name] == 5000
        assert rows(store, f"SELECT DISTINCT ?v WHERE {{ GRAPH <{name}> {{ ?s <{ns.version}> ?v }} }}") == [
            {"v": ("literal", "new", "http://www.w3.org/2001/XMLSchema#string", "")}]
        assert not [g for g in small.list_graphs() if "staging" in g]
        staged = rows(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                             'FILTER(STRSTARTS(STR(?g), "urn:budgetkg:staging:")) }')
        assert staged == []
    finally:
        small.close()


def test_dump_keeps_graphs(store, ns):
    a, b = str(ns["graph/a"]), str(ns["graph/b"])
    ga, gb = Graph(), Graph()
    ga.add((ns.x, ns.p, Literal("甲", lang="zh")))
    ga.add((ns.x, ns.amount, Literal(Decimal("12.50"), datatype=XSD.decimal)))
    gb.add((ns.x, ns.p, Literal("甲", lang="zh")))  # the same triple in two graphs
    store.replace_graph(a, ga)
    store.replace_graph(b, gb)
    quads = {q for q in ox.parse(store.dump("application/n-quads"), format=ox.RdfFormat.N_QUADS)
             if str(q.graph_name.value).startswith(str(ns))}
    assert {(q.subject.value, q.predicate.value, q.object.value, q.graph_name.value) for q in quads} == {
        (str(ns.x), str(ns.p), "甲", a), (str(ns.x), str(ns.amount), "12.5", a), (str(ns.x), str(ns.p), "甲", b)}
    trig = Graph().parse(data=store.dump("text/turtle"), format="turtle")
    mine = [t for t in trig if str(t[0]).startswith(str(ns))]
    assert len(mine) == 2  # merged: the shared triple once
    assert Decimal(str(trig.value(ns.x, ns.amount))) == Decimal("12.5")


def test_syntax_errors_are_reported(store):
    with pytest.raises(QuerySyntaxError):
        store.query("SELEC ?x WHERE { ?x ?y ?z }")


# ------------------------------------------------------------------------------------------ end to end

SAMPLE_DOC = "http://localhost:8000/id/doc/51-301603/2025/budget"


@pytest.mark.parametrize("kind", ["oxigraph-serve", "virtuoso"])
def test_budgetkg_server_over_a_remote_store(kind, request, tmp_path):
    """Load the sample through the remote store, run the budgetkg server on it, query and dereference."""
    from budgetkg.ingest import parse_document, to_graph

    url = request.getfixturevalue("oxigraph_url" if kind == "oxigraph-serve" else "virtuoso_url")
    store = open_store(url, password=VIRTUOSO_PASSWORD, query_timeout=60)
    sample = to_graph(parse_document(ROOT / "ingest" / "data" / "sample.txt"))
    try:
        assert store.replace_graph(SAMPLE_DOC, sample) == len(sample)
    finally:
        store.close()
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BUDGETKG_STORE_PATH": url,
           "BUDGETKG_STORE_PASSWORD": VIRTUOSO_PASSWORD, "BUDGETKG_BASE_IRI": "http://localhost:8000/",
           "BUDGETKG_ROW_CAP": "1000", "BUDGETKG_QUERY_TIMEOUT": "30"}
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "budgetkg.server.app:create_app", "--host",
                               "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until(lambda: httpx.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=5).status_code == 200,
                       60, "the budgetkg server", server)
        except RuntimeError:
            log.flush()
            raise RuntimeError((tmp_path / "server.log").read_text()[-3000:]) from None
        with httpx.Client(base_url=base, timeout=60) as http:
            count = http.get("/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{SAMPLE_DOC}> "
                                                         "{ ?s ?p ?o } }"},
                             headers={"accept": "application/sparql-results+json"})
            assert count.status_code == 200
            assert int(count.json()["results"]["bindings"][0]["n"]["value"]) == len(sample)
            capped = http.post("/sparql", data={"query": "SELECT * WHERE { ?s ?p ?o }"},
                               headers={"accept": "application/sparql-results+json"})
            assert capped.status_code == 200 and capped.headers["x-sparql-truncated"].startswith("true")
            assert len(capped.json()["results"]["bindings"]) == 1000
            turtle = http.get("/id/unit/51-b1ea29b8b9", headers={"accept": "text/turtle"})
            assert turtle.status_code == 200
            assert (URIRef("http://localhost:8000/id/unit/51-b1ea29b8b9"), None, None) in Graph().parse(
                data=turtle.text, format="turtle")
            page = http.get("/id/unit/51-b1ea29b8b9", headers={"accept": "text/html"})
            assert page.status_code == 200 and "四川省人民政府办公厅信息技术服务中心" in page.text
            table = http.get("/id/doc/51-301603/2025/budget/table/1-2", headers={"accept": "text/html"})
            assert table.status_code == 200 and 'id="budget-lines"' in table.text
            whole = http.get("/graphs/doc/51-301603/2025/budget", headers={"accept": "application/n-triples"})
            assert whole.status_code == 200
            assert len(Graph().parse(data=whole.text, format="nt")) == len(sample)  # > 10,000: complete
            catalog = http.get("/catalog", headers={"accept": "text/turtle"})
            assert catalog.status_code == 200 and SAMPLE_DOC in catalog.text
            dump = http.get("/dumps/budgetkg.nq.gz")
            assert dump.status_code == 200
            quads = [q for q in ox.parse(gzip.decompress(dump.content), format=ox.RdfFormat.N_QUADS)
                     if q.graph_name.value == SAMPLE_DOC]
            assert len(quads) == len(sample)
            assert http.get("/id/unit/does-not-exist", headers={"accept": "text/turtle"}).status_code == 404
    finally:
        stop(server)
        log.close()
        cleanup = open_store(url, password=VIRTUOSO_PASSWORD)
        cleanup.delete_graph(SAMPLE_DOC)
        cleanup.close()
