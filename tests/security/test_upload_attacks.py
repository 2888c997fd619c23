"""Attacks through uploads (``POST /validate``, ``PUT /documents/{id}``): decompression and entity bombs, remote
JSON-LD contexts, oversized bodies, open access, and a document graph that writes into other documents."""

from __future__ import annotations

import socket
import threading
import time
import zlib

import httpx
import psutil
import pytest

from .conftest import SETTINGS, TOKEN

AUTH = {"authorization": f"Bearer {TOKEN}"}
MEMORY_MB = int(SETTINGS["BUDGETKG_UPLOAD_MEMORY_MB"])
CNB = "https://w3id.org/cn-budget/ontology#"


def pdf_bomb(decompressed: int = 1 << 30) -> bytes:
    """A one-page PDF whose content stream is ``decompressed`` bytes of spaces, Flate-compressed (about 1 MB)."""
    packer = zlib.compressobj(9)
    chunk = b" " * (16 << 20)
    stream = b"".join(packer.compress(chunk) for _ in range(decompressed // len(chunk))) + packer.flush()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY a "' + b"ha" * 50 + b'">\n'
          + b"".join(b'<!ENTITY %c "%s">\n' % (ord("b") + i, (b"&%c;" % (ord("a") + i)) * 10) for i in range(9))
          + b']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">'
          b'<rdf:Description rdf:about="http://e/x"><e:p>&j;</e:p></rdf:Description></rdf:RDF>\n')


def responsive_while(server, work) -> tuple[object, float]:
    """Run ``work()`` in a thread; meanwhile time ASK queries. Returns (work's result, slowest ASK in s)."""
    box: dict[str, object] = {}
    thread = threading.Thread(target=lambda: box.setdefault("r", work()))
    thread.start()
    slowest = 0.0
    time.sleep(0.5)
    while thread.is_alive() and slowest < 5:
        start = time.monotonic()
        try:
            ok = httpx.get(server.url + "/sparql", params={"query": "ASK {}"}, timeout=5).status_code == 200
        except httpx.HTTPError:
            ok = False
        slowest = max(slowest, time.monotonic() - start if ok else 99.0)
        time.sleep(0.3)
    thread.join(120)
    return box.get("r"), slowest


def family_rss_mb(pid: int) -> dict[int, float]:
    proc = psutil.Process(pid)
    return {p.pid: p.memory_info().rss / 2**20 for p in [proc, *proc.children(recursive=True)] if p.is_running()}


def test_a_pdf_decompression_bomb_is_stopped_by_the_worker_limits(server):
    """Hole 3: a 1 MB PDF that decompresses to 1 GB took 113 s and 3.3 GiB, 2.3 GiB of them never released."""
    bomb = pdf_bomb()
    assert len(bomb) < 2_000_000
    before = family_rss_mb(server.process.pid)[server.process.pid]

    def send():
        try:
            return httpx.post(server.url + "/validate", files={"file": ("bomb.pdf", bomb, "application/pdf")},
                              headers=AUTH, timeout=60).status_code
        except httpx.HTTPError as exc:
            return repr(exc)

    start = time.monotonic()
    status, slowest = responsive_while(server, send)
    assert status in (413, 422), status
    assert time.monotonic() - start < 45 and slowest < 1.0, slowest
    rss = family_rss_mb(server.process.pid)
    assert rss[server.process.pid] < before + 200, (before, rss)
    assert all(mb < MEMORY_MB for mb in rss.values()), rss


def test_an_rdf_xml_entity_bomb_is_refused_at_once(server):
    """Hole 3: a 1 KB RDF/XML entity expansion held the interpreter lock for minutes."""
    assert len(LAUGHS) < 1500

    def send():
        try:
            return httpx.post(server.url + "/validate", files={"file": ("laughs.rdf", LAUGHS, "application/rdf+xml")},
                              headers=AUTH, timeout=60)
        except httpx.HTTPError as exc:
            return exc

    r, slowest = responsive_while(server, send)
    assert isinstance(r, httpx.Response) and r.status_code == 422 and "ENTITY" in r.json()["error"]["detail"]
    assert slowest < 1.0


@pytest.mark.parametrize("context", ["{url}/context.jsonld", [{"@import": "{url}/context.jsonld"}],
                                     ["{url}/context.jsonld", {"x": "http://example.org/x"}]])
def test_json_ld_cannot_make_the_server_fetch_a_url(http, listener, context):
    """Hole 3: a JSON-LD ``@context`` / ``@import`` made the server fetch URLs of the uploader's choosing."""
    listener.clear()
    import json

    ctx = json.loads(json.dumps(context).replace("{url}", listener.url))
    doc = json.dumps({"@context": ctx, "@id": "http://example.org/a", "http://example.org/p": "1"}).encode()
    r = http.post("/validate", files={"file": ("doc.jsonld", doc, "application/ld+json")}, headers=AUTH)
    assert r.status_code == 422 and "@context" in r.json()["error"]["detail"]
    assert listener.requests == []


def _raw(server, head: bytes, body: bytes, wait: float = 10.0) -> bytes:
    """Send ``head`` and the start of a body on a raw socket; what the server answers within ``wait`` seconds."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as sock:
        sock.sendall(head + body)
        data = b""
        deadline = time.monotonic() + wait
        try:
            while b"\r\n\r\n" not in data and time.monotonic() < deadline:
                piece = sock.recv(65536)
                if not piece:
                    break
                data += piece
        except TimeoutError:
            pass
    return data


PART = (b'--x\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n%PDF-1.4\n")


@pytest.mark.parametrize("method,path,ctype", [
    ("POST", "/validate", "multipart/form-data; boundary=x"),
    ("PUT", "/documents/51-301603/2025/budget", "text/turtle"),
])
def test_an_oversized_upload_is_refused_before_it_is_read(server, method, path, ctype):
    """Hole 3 and 7: a 200 MB upload was written to disk before it was refused; PUT read the whole body first."""
    head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {ctype}\r\n"
            f"Authorization: Bearer {TOKEN}\r\nContent-Length: 200000000\r\n\r\n").encode()
    answer = _raw(server, head, PART + b"a" * 65536)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


@pytest.mark.parametrize("method,path,ctype", [
    ("POST", "/validate", "multipart/form-data; boundary=x"),
    ("PUT", "/documents/51-301603/2025/budget", "text/turtle"),
])
def test_a_streamed_upload_is_cut_at_the_limit(server, method, path, ctype):
    """Without Content-Length (chunked), reading stops as soon as the body passes max_upload_bytes: the server
    answers 413 while the client is still sending."""
    limit = int(SETTINGS["BUDGETKG_MAX_UPLOAD_BYTES"])
    head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {ctype}\r\n"
            f"Authorization: Bearer {TOKEN}\r\nTransfer-Encoding: chunked\r\n\r\n").encode()
    chunk = b"a" * 65536
    body = b"%x\r\n%s\r\n" % (len(PART), PART) + b"%x\r\n%s\r\n" % (len(chunk), chunk) * (limit // len(chunk) + 2)
    answer = _raw(server, head, body)  # more than the limit, and never the final chunk
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_validate_is_rate_limited_per_client_without_the_token(server):
    """Hole 3: /validate was open to anyone without limit. Decision (README, Security): open, at most
    validate_per_minute calls a minute per client address; the upload token lifts the limit."""
    statuses = [httpx.post(server.url + "/validate", files={"file": ("x.ttl", b"<a:b> <a:c> <a:d> .", "text/turtle")},
                           timeout=60).status_code for _ in range(int(SETTINGS["BUDGETKG_VALIDATE_PER_MINUTE"]) + 3)]
    assert 429 in statuses and statuses[0] != 429
    limited = httpx.post(server.url + "/validate", files={"file": ("x.ttl", b"", "text/turtle")}, timeout=60)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    with_token = httpx.post(server.url + "/validate", headers=AUTH, timeout=60,
                            files={"file": ("x.ttl", b"<a:b> <a:c> <a:d> .", "text/turtle")})
    assert with_token.status_code != 429
