"""Start the real server (uvicorn in a subprocess on a free 127.0.0.1 port) over a fresh on-disk store that
holds the bundled sample disclosure and the W3C protocol test graphs; tests talk HTTP to it with httpx."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
W3C = HERE / "w3c"
W3C_GRAPHS = {f"http://kasei.us/2009/09/sparql/data/data{n}.rdf": W3C / f"data{n}.nt" for n in (1, 2, 3)}
TOKEN = "test-token-3f9a"
ROW_CAP = 1000
TIMEOUT = 3.0

BASE = "http://localhost:8000/"  # data IRIs; the server maps /id/{path} to BASE + "id/" + path on any port
# The bundled sample through ingest, as `budgetkg serve` loads it: if ingest cannot read it, the server tests fail
# with it (no snapshot stands in for today's output).
POPULATE = """
import sys
from rdflib import Graph
from budgetkg.server.loading import load_documents
from budgetkg.server.store import OxigraphStore
store = OxigraphStore(sys.argv[1])
load_documents(store, [sys.argv[3]], sys.argv[2])
for pair in sys.argv[4:]:
    name, path = pair.split("=", 1)
    store.replace_graph(name, Graph().parse(path, format="nt"))
store.close()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    base: str
    store_path: Path
    process: subprocess.Popen

    def client(self, **kw) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, **kw)


def start_server(tmp: Path, *, extra_env: dict[str, str] | None = None, populate: bool = True) -> Server:
    port = free_port()
    base = BASE
    store = tmp / "store"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BUDGETKG_STORE_PATH": str(store), "BUDGETKG_BASE_IRI": base,
           "BUDGETKG_HOST": "127.0.0.1", "BUDGETKG_PORT": str(port), "BUDGETKG_UPLOAD_TOKEN": TOKEN,
           "BUDGETKG_ROW_CAP": str(ROW_CAP), "BUDGETKG_QUERY_TIMEOUT": str(TIMEOUT),
           "BUDGETKG_CATALOG_ISSUED": "2026-01-15", **(extra_env or {})}
    if populate:
        sample = ROOT / "ingest" / "data" / "sample.txt"
        pairs = [f"{name}={path}" for name, path in W3C_GRAPHS.items()]
        subprocess.run([sys.executable, "-c", POPULATE, str(store), base, str(sample), *pairs],
                       env=env, cwd=ROOT, check=True, timeout=120)
    log = open(tmp / "server.log", "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen([sys.executable, "-m", "budgetkg.cli", "serve", "--no-sample"], env=env, cwd=ROOT,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {(tmp / 'server.log').read_text()[-2000:]}")
        try:
            if httpx.get(url + "/sparql?query=ASK%7B%7D", timeout=2).status_code == 200:
                return Server(url, base, store, proc)
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start in 60 s")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = start_server(tmp_path_factory.mktemp("server"))
    yield srv
    stop_server(srv)


@pytest.fixture(scope="session")
def http(server: Server) -> Iterator[httpx.Client]:
    with server.client() as client:
        yield client


@pytest.fixture(scope="session")
def doc_iri(server: Server) -> str:
    return f"{server.base}id/doc/51-301603/2025/budget"


@pytest.fixture(scope="session")
def unit_iri(server: Server) -> str:
    return f"{server.base}id/unit/51-b1ea29b8b9"
