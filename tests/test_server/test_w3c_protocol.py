"""Replays the W3C SPARQL 1.1 Protocol test manifest (query part) against the running server.

The manifest (tests/test_server/w3c/manifest.ttl, unchanged from w3c/rdf-tests) describes HTTP requests and the
expected status, result format and boolean. Its data graphs (data1-3.nt) are loaded by conftest under their
labels. The endpoint is read-only, so the update tests are replayed with the expectation that the *update*
request is refused with 403 (and the bad_update_* tests still need a 4xx).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.query import Result

MANIFEST = Path(__file__).parent / "w3c" / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
TABULAR = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"}
BOOLEAN = {"application/sparql-results+json", "application/sparql-results+xml"}
RDF_MEDIA = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
             "application/ld+json": "json-ld"}


def load_cases() -> list[tuple[str, list[dict]]]:
    g = Graph().parse(MANIFEST, format="turtle")
    manifest = next(g.subjects(MF.entries, None))
    cases = []
    for test in Collection(g, g.value(manifest, MF.entries)):
        name = str(test).rsplit("#", 1)[1]
        action = g.value(test, MF.action)
        requests = []
        for req in Collection(g, g.value(action, HT.requests)):
            body = g.value(req, HT.body)
            resp = g.value(req, HT.resp)
            headers = {}
            header_list = g.value(req, HT.headers)
            if header_list is not None:
                for h in Collection(g, header_list):
                    headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
            requests.append({
                "method": str(g.value(req, HT.methodName)),
                "path": str(g.value(req, HT.absolutePath)),
                "body": None if body is None else str(g.value(body, CNT.chars)),
                "encoding": "UTF-8" if body is None else str(g.value(body, CNT.characterEncoding) or "UTF-8"),
                "headers": headers,
                "status": {str(s).rsplit("#", 1)[1][10] for s in g.objects(resp, MF.expectedStatus)},
                "format": str(g.value(resp, MF.expectedFormat) or ""),
                "boolean": g.value(resp, MF.expectedBoolean),
            })
        cases.append((name, requests))
    return cases


CASES = load_cases()


def test_manifest_is_complete():
    assert len(CASES) == 34
    assert sum(1 for name, _ in CASES if not name.startswith(("update", "bad_update"))) == 21


def _is_update(req: dict) -> bool:
    ctype = req["headers"].get("content-type", "")
    return ctype.startswith("application/sparql-update") or "update=" in req["path"] or (
        req["body"] or "").startswith("update=")


@pytest.mark.parametrize("name,requests", CASES, ids=[c[0] for c in CASES])
def test_w3c_protocol(http, name, requests):
    for req in requests:
        content = None if req["body"] is None else req["body"].encode(req["encoding"].lower().replace("utf-16", "utf-16-le"))
        r = http.request(req["method"], req["path"], content=content, headers=req["headers"])
        assert "Traceback" not in r.text
        if name.startswith("update_") and _is_update(req):
            # Read-only endpoint: the update is refused with a clear message; the follow-up ASK is not replayed.
            assert r.status_code == 403 and "read-only" in r.json()["error"]["detail"]
            return
        assert str(r.status_code)[0] in req["status"], (name, r.status_code, r.text[:300])
        media = r.headers.get("content-type", "").split(";")[0]
        if req["format"] == "boolean":
            assert media in BOOLEAN
            value = json.loads(r.text)["boolean"] if "json" in media else Result.parse(io.BytesIO(r.content), format="xml").askAnswer
            if req["boolean"] is not None:
                assert value is req["boolean"].toPython()
        elif req["format"] == "tabular":
            assert media in TABULAR
        elif req["format"] == "RDF":
            assert media in RDF_MEDIA
            Graph().parse(data=r.content, format=RDF_MEDIA[media])
