"""Attacks over HTTP against a real server on 127.0.0.1 (tests/test_server/conftest.py starts it), with a local
listener standing in for an internal host: every request that reaches it is recorded, so a test can assert that
the server made none."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.test_server.conftest import ROOT, TOKEN, Server, start_server, stop_server

__all__ = ["ROOT", "TOKEN", "Listener", "Server"]
MAX_RESPONSE_BYTES = 1_000_000
SETTINGS = {"BUDGETKG_MAX_RESPONSE_BYTES": str(MAX_RESPONSE_BYTES), "BUDGETKG_VALIDATE_PER_MINUTE": "20",
            "BUDGETKG_MAX_UPLOAD_BYTES": "5000000", "BUDGETKG_UPLOAD_MEMORY_MB": "700",
            "BUDGETKG_UPLOAD_TIMEOUT": "20"}
LEAK = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "internal secret"}}]}}


@dataclass
class Listener:
    """An HTTP server on 127.0.0.1 that records every request and answers like a SPARQL endpoint (or with a
    JSON-LD context / a DTD for GETs)."""

    url: str
    requests: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.requests.clear()


def _handler(record: list[str]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            record.append(f"{self.command} {self.path}")
            length = int(self.headers.get("content-length") or 0)
            if length:
                self.rfile.read(min(length, 1 << 20))
            body = json.dumps({"@context": {"x": "http://example.org/x"}} if "context" in self.path else LEAK)
            self.send_response(200)
            self.send_header("content-type", "application/ld+json" if "context" in self.path
                             else "application/sparql-results+json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body.encode())

        do_GET = do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture(scope="session")
def listener() -> Iterator[Listener]:
    record: list[str] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(record))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Listener(f"http://127.0.0.1:{server.server_address[1]}", record)
    server.shutdown()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = start_server(tmp_path_factory.mktemp("security"), extra_env=SETTINGS)
    yield srv
    stop_server(srv)


@pytest.fixture
def http(server: Server):
    with server.client() as client:
        yield client


def server_log(server: Server) -> str:
    return (Path(server.store_path).parent / "server.log").read_text(errors="replace")


@pytest.fixture(scope="session")
def doc_iri(server: Server) -> str:
    return f"{server.base}id/doc/51-301603/2025/budget"
