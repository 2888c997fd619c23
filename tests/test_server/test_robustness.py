"""Bad requests never crash the server or leak a traceback; errors keep one JSON shape."""

from __future__ import annotations

import pytest

BAD = [
    ("GET", "/sparql?query=", {}, None),
    ("GET", "/sparql?query=SELECT", {}, None),
    ("GET", "/sparql?query=%FF%FE", {}, None),
    ("GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", {}, None),
    ("POST", "/sparql", {"content-type": "application/sparql-query"}, b"\xff\xfe\x00garbage"),
    ("POST", "/sparql", {"content-type": "application/x-www-form-urlencoded"}, b"query=%ZZ%"),
    ("POST", "/sparql", {"content-type": "application/x-www-form-urlencoded"}, b"nothing=1"),
    ("POST", "/sparql", {"content-type": "application/sparql-query; charset=latin-1"}, b"ASK {}"),
    ("POST", "/sparql", {"content-type": "application/sparql-query"},
     b"SELECT * { " + b"?s ?p ?o . " * 20000 + b"}"),
    ("GET", "/sparql?query=ASK%7B%7D", {"accept": "image/png"}, None),
    ("GET", "/sparql?query=ASK%7B%7D", {"accept": ";;;,,q=x"}, None),
    ("DELETE", "/sparql", {}, None),
    ("GET", "/id/", {}, None),
    ("GET", "/id/%3Cscript%3E", {"accept": "text/html"}, None),
    ("GET", "/id/unit/51-b1ea29b8b9", {"accept": "application/x-unknown"}, None),
    ("GET", "/id/unit/51-b1ea29b8b9?format=yaml", {}, None),
    ("GET", "/code/%22%3E", {}, None),
    ("GET", "/nowhere", {"accept": "text/html"}, None),
    ("POST", "/validate", {}, b""),
    ("PUT", "/documents/x", {"authorization": "Bearer"}, b""),
]


@pytest.mark.parametrize("method,path,headers,body", BAD, ids=[f"{m} {p[:40]}" for m, p, _, _ in BAD])
def test_bad_request_is_a_clean_4xx(http, method, path, headers, body):
    r = http.request(method, path, headers=headers, content=body)
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    assert "Traceback" not in r.text and 'File "' not in r.text
    if r.headers.get("content-type", "").startswith("application/json"):
        err = r.json()["error"]
        assert err["status"] == r.status_code and err["detail"]


def test_server_still_answers(http):
    assert http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_every_setting_is_documented():
    from budgetkg.server import config

    for name in config.Settings.model_fields:
        assert name in config.__doc__, f"setting {name} missing from the table in server/config.py"
        assert config.Settings.model_fields[name].description
