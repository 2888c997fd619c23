"""/validate and the authenticated PUT /documents/{id}: auth statuses, 422 on a broken upload (graph unchanged)."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetkg.ingest import parse_document, serialize_document
from budgetkg.ingest.report import envelope
from budgetkg.ingest.validate import validate_path

from .conftest import BASE, TOKEN

SAMPLE = Path(__file__).resolve().parents[2] / "ingest" / "data" / "sample.txt"
DOC_ID = "51-301603/2025/budget"


@pytest.fixture(scope="module")
def sample_turtle() -> bytes:
    """The bundled sample as today's reader writes it (an upload of Turtle, not a saved snapshot)."""
    return serialize_document(parse_document(SAMPLE), "ttl", BASE).encode()


def count(http, doc_iri) -> int:
    q = f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{doc_iri}> {{ ?s ?p ?o }} }}"
    r = http.get("/sparql", params={"query": q})
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("headers,status", [({}, 401), ({"authorization": "Bearer wrong"}, 403),
                                            ({"authorization": "Basic abc"}, 401)])
def test_put_needs_the_token(http, headers, status):
    r = http.put(f"/documents/{DOC_ID}", content=b"x", headers={**headers, "content-type": "text/plain"})
    assert r.status_code == status and "Traceback" not in r.text


def test_broken_upload_is_422_and_graph_unchanged(http, doc_iri):
    before = count(http, doc_iri)
    auth = {"authorization": f"Bearer {TOKEN}"}
    for body, ctype in [(b"not a budget at all", "text/plain"), (b"@prefix broken", "text/turtle"),
                        (b"%PDF-1.4 garbage", "application/pdf")]:
        r = http.put(f"/documents/{DOC_ID}", content=body, headers={**auth, "content-type": ctype})
        assert r.status_code == 422, r.text
        assert r.json()["error"]["detail"]
    assert count(http, doc_iri) == before


def test_put_replaces_the_graph_atomically(http, doc_iri, sample_turtle):
    auth = {"authorization": f"Bearer {TOKEN}", "content-type": "text/turtle"}
    data = sample_turtle
    r = http.put(f"/documents/{DOC_ID}", content=data, headers=auth)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["replaced"] is True and body["triples"] == count(http, doc_iri)
    assert body["compaction"] == "scheduled"  # the embedded store is compacted in the background
    assert count(http, doc_iri) == body["triples"], "queries go on during the compaction"
    other = http.put("/documents/99-1/2025/budget", content=data, headers=auth)
    assert other.status_code == 422 and "not" in other.json()["error"]["detail"]


def test_validate(http, tmp_path, sample_turtle):
    """/validate answers the report of ``budgetkg validate --format json`` (one envelope) for the same file."""
    data = sample_turtle
    r = http.post("/validate", files={"file": ("doc.ttl", data, "text/turtle")})
    assert r.status_code == 200, r.text
    (tmp_path / "doc.ttl").write_bytes(data)
    assert r.json() == envelope([validate_path(tmp_path / "doc.ttl")])
    report = r.json()["reports"][0]
    assert report["source"] == "doc.ttl" and report["document"].endswith(DOC_ID)
    assert report["findings"] and all(f["code"] and f["shape"].endswith(f["code"]) for f in report["findings"])
    ttl = http.post("/validate?format=turtle", files={"file": ("doc.ttl", data, "text/turtle")})
    assert ttl.status_code == 200 and ttl.headers["content-type"].startswith("text/turtle")
    bad = http.post("/validate", files={"file": ("doc.ttl", b"@prefix nope", "text/turtle")})
    assert bad.status_code == 422


def test_put_keeps_the_file_and_its_findings_beside_the_store(http, server, doc_iri):
    """A PUT keeps the uploaded file (the pages' images of the printed page) and its report (the document page's
    findings, without validating again) beside the embedded store."""
    import hashlib
    import json

    data = (Path(__file__).parents[2] / "ingest" / "data" / "sample.txt").read_bytes()
    r = http.put(f"/documents/{DOC_ID}", content=data,
                 headers={"authorization": f"Bearer {TOKEN}", "content-type": "text/plain"})
    assert r.status_code == 200, r.text
    kept = server.store_path.with_name(server.store_path.name + "-sources") / (hashlib.sha256(data).hexdigest() + ".txt")
    assert kept.read_bytes() == data
    index = server.store_path.with_name(server.store_path.name + "-findings") / "index.json"
    violations = r.json()["validation"]["stats"]["Violation"]
    assert json.loads(index.read_text(encoding="utf-8"))[doc_iri][1] == violations
