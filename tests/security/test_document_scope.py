"""A document graph describes only its own resources: uploads (PUT) and ``budgetkg load`` alike; what it links to
is rendered as a link only for http(s); malformed IRIs are a 4xx, never a 500."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT, TOKEN

AUTH = {"authorization": f"Bearer {TOKEN}", "content-type": "text/turtle"}
OTHER = "99-000001/2025/budget"


def _doc(base: str, extra: str) -> bytes:
    doc = f"{base}id/doc/{OTHER}"
    return (f"@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            f"<{doc}> a <https://w3id.org/cn-budget/ontology#BudgetDocument> ; rdfs:label \"另一个文件\" .\n"
            + extra).encode()


def test_an_upload_cannot_relabel_another_documents_table(http, server, doc_iri):
    """Hole 6: a Turtle upload that labelled another document's table changed that page's title."""
    table = f"{doc_iri}/table/1-2"
    path = "/" + table.removeprefix(server.base)
    before = http.get(path, headers={"accept": "text/html"}).text
    body = _doc(server.base, f'<{table}> rdfs:label "HACKED" .\n')
    r = http.put(f"/documents/{OTHER}", content=body, headers=AUTH)
    assert r.status_code == 422 and "not under its document IRI" in r.json()["error"]["detail"]
    after = http.get(path, headers={"accept": "text/html"}).text
    assert "HACKED" not in after and after.count("<h1>") == before.count("<h1>")


def test_a_javascript_iri_is_not_rendered_as_a_link(http, server):
    """Hole 6: ``rdfs:seeAlso <javascript:…>`` was rendered as a live link."""
    doc = f"{server.base}id/doc/{OTHER}"
    body = _doc(server.base, f"<{doc}> rdfs:seeAlso <javascript:alert(document.cookie)> ; "
                             "rdfs:comment <data:text/html,x> .\n")
    r = http.put(f"/documents/{OTHER}", content=body, headers=AUTH)
    assert r.status_code in (200, 201), r.text
    page = http.get(f"/id/doc/{OTHER}", headers={"accept": "text/html"})
    assert page.status_code == 200 and "javascript:alert" in page.text  # shown as text …
    assert 'href="javascript:' not in page.text and 'href="data:' not in page.text  # … never as a link


def test_an_escaped_angle_bracket_in_an_upload_is_a_422(http, server):
    """Hole 7: an IRI with ``\\u003E`` in an upload answered 500."""
    doc = f"{server.base}id/doc/{OTHER}"
    body = _doc(server.base, f"<{doc}> <http://example.org/p> <http://example.org/a\\u003Eb> .\n")
    r = http.put(f"/documents/{OTHER}", content=body, headers=AUTH)
    assert r.status_code == 422


def test_a_control_character_in_a_path_is_a_404(http):
    """Hole 7: ``/id/a%09b`` answered 500."""
    for path in ("/id/a%09b", "/id/a%0Ab", "/code/a%09b", "/id/a%00b"):
        r = http.get(path)
        assert r.status_code == 404, (path, r.status_code)


def test_load_refuses_a_file_that_describes_another_document(tmp_path, server):
    """Hole 6, ``load`` too: a file may not describe resources under another document's IRI."""
    base = server.base
    victim = f"{base}id/doc/51-301603/2025/budget/table/1-2"
    rogue = tmp_path / "rogue.ttl"
    rogue.write_bytes(_doc(base, f'<{victim}> <http://www.w3.org/2000/01/rdf-schema#label> "HACKED" .\n'))
    store = tmp_path / "store"
    run = subprocess.run([sys.executable, "-m", "budgetkg.cli", "load", str(rogue), "--store", str(store), "--base", base,
                          "--no-validate", "--jobs", "1"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1 and "not under its document IRI" in run.stderr, run.stderr[-2000:]
