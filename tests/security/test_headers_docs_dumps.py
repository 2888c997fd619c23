"""Security headers on every response, API docs served offline, dumps built once per change of the store."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from .conftest import TOKEN

PAGES = [("/", "text/html"), ("/sparql?query=ASK%7B%7D", "application/json"), ("/id/unit/51-b1ea29b8b9", "text/html"),
         ("/docs", "text/html"), ("/nowhere", "text/html"), ("/catalog", "text/turtle")]


@pytest.mark.parametrize("path,accept", PAGES)
def test_every_response_has_the_security_headers(http, path, accept):
    """Hole 7: no security headers."""
    r = http.get(path, headers={"accept": accept})
    csp = r.headers.get("content-security-policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"]


@pytest.mark.parametrize("path", ["/", "/docs"])
def test_pages_load_nothing_from_elsewhere_and_run_no_inline_script(http, path):
    """Hole 7: the API docs page loaded its scripts from a CDN (blank offline); inline scripts would need
    'unsafe-inline' under the CSP."""
    page = http.get(path, headers={"accept": "text/html"}).text
    for tag in re.findall(r"<(?:script|link)\b[^>]*>", page):
        assert "http://" not in tag and "https://" not in tag and "//" not in tag.replace("://", ""), tag
    for attrs, _body in re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.S):
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
        if "src=" in attrs:
            src = re.search(r'src="([^"]+)"', attrs).group(1)
            assert http.get(src).status_code == 200, src


def test_a_dump_is_built_once_per_change_of_the_store(http, server):
    """Hole 7: every request to a dump rebuilt it (10 parallel HEADs: 20–41 s, +480 MiB)."""
    first = http.get("/dumps/budgetkg.nq.gz")
    assert first.status_code == 200 and first.headers["etag"]
    start = time.monotonic()
    with ThreadPoolExecutor(10) as pool:
        heads = list(pool.map(lambda _: httpx.head(server.url + "/dumps/budgetkg.nq.gz", timeout=60), range(10)))
    assert time.monotonic() - start < 5
    assert {h.headers["etag"] for h in heads} == {first.headers["etag"]}
    assert {h.headers["content-length"] for h in heads} == {str(len(first.content))}
    assert http.get("/dumps/budgetkg.nq.gz", headers={"if-none-match": first.headers["etag"]}).status_code == 304
    doc = f"{server.base}id/doc/77-000001/2025/budget"
    body = f"<{doc}> a <https://w3id.org/cn-budget/ontology#BudgetDocument> .\n".encode()
    put = http.put("/documents/77-000001/2025/budget", content=body,
                   headers={"authorization": f"Bearer {TOKEN}", "content-type": "text/turtle"})
    assert put.status_code in (200, 201), put.text
    after = http.get("/dumps/budgetkg.nq.gz")
    assert after.headers["etag"] != first.headers["etag"] and len(after.content) != len(first.content)
