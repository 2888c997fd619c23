"""Property: SERVICE, FROM and update forms in any spelling — keyword case, codepoint escapes, comments,
whitespace (or none), prefixed names, variables — never make the server call the listener and never get a 5xx."""

from __future__ import annotations

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

KEYWORD_CASES = st.sampled_from(["lower", "upper", "title", "mixed"])
GAPS = st.sampled_from(["", " ", "\t", "\n", " # a comment\n", "\n#FROM <x>\n", "  \r\n "])


def spell(word: str, case: str, escape: int) -> str:
    """``word`` in a case, with its ``escape``-th letter (if any) written as a codepoint escape."""
    shaped = {"lower": word.lower(), "upper": word.upper(), "title": word.title(),
              "mixed": "".join(c.upper() if i % 2 else c.lower() for i, c in enumerate(word))}[case]
    if 0 < escape <= len(shaped):
        i = escape - 1
        shaped = shaped[:i] + f"\\u{ord(shaped[i]):04X}" + shaped[i + 1:]
    return shaped


@st.composite
def service_queries(draw, url: str) -> str:
    case, esc = draw(KEYWORD_CASES), draw(st.integers(0, 8))
    gap1, gap2, gap3 = draw(GAPS), draw(GAPS), draw(GAPS)
    silent = draw(st.sampled_from(["", "SILENT ", "silent\t"]))
    target = draw(st.sampled_from(["iri", "escaped-iri", "prefixed", "variable", "base-relative"]))
    prologue = f"PREFIX in: <{url}/> BASE <{url}/>\n"
    endpoint = {"iri": f"<{url}/sparql>", "escaped-iri": "<" + url.replace(":", "\\u003A", 1) + "/sparql>",
                "prefixed": "in:sparql", "variable": "?endpoint", "base-relative": "<sparql>"}[target]
    bind = f'BIND(<{url}/sparql> AS ?endpoint)' if target == "variable" else ""
    before = draw(st.sampled_from(["", '?s ?p "SERVICE <x>" .', "<http://example.org/\\u0061#f> ?p ?o ."]))
    return (f"{prologue}SELECT * WHERE {{ {bind} {{ {before} }} UNION {{{gap1}{spell('service', case, esc)}{gap2}"
            f"{silent}{endpoint}{gap3}{{ ?x ?y ?z }} }} }}")


@st.composite
def from_queries(draw, url: str) -> str:
    case, esc = draw(KEYWORD_CASES), draw(st.integers(0, 4))
    gap = draw(GAPS)
    named = draw(st.sampled_from(["", "NAMED ", "named\n"]))
    graph = draw(st.sampled_from([f"<{url}/g>", "in:g"]))
    return f"PREFIX in: <{url}/>\nSELECT * {spell('from', case, esc)}{gap}{named}{graph} WHERE {{ ?s ?p ?o }} LIMIT 1"


@st.composite
def updates(draw, url: str) -> str:
    case, esc = draw(KEYWORD_CASES), draw(st.integers(0, 4))
    gap = draw(GAPS)
    form = draw(st.sampled_from([
        f"LOAD{{gap}}<{url}/data.ttl>", f"LOAD SILENT <{url}/data.ttl> INTO GRAPH <urn:g>", "CLEAR{gap}ALL",
        "DROP{gap}ALL", "INSERT DATA {{ <urn:a> <urn:b> <urn:c> }}",
        f"INSERT {{{{ ?s ?p ?o }}}} WHERE {{{{ SERVICE <{url}/sparql> {{{{ ?s ?p ?o }}}} }}}}",
        "DELETE WHERE {{ ?s ?p ?o }}", "CREATE GRAPH <urn:g>", "COPY DEFAULT TO <urn:g>",
    ]))
    text = form.format(gap=gap)
    head, _, rest = text.partition(" ")
    return f"PREFIX in: <{url}/>{draw(GAPS)}{spell(head, case, esc)} {rest}"


def _check(server, listener, text: str, method: str) -> None:
    if method == "get":
        r = httpx.get(server.url + "/sparql", params={"query": text}, timeout=30)
    elif method == "form":
        r = httpx.post(server.url + "/sparql", data={"query": text}, timeout=30)
    else:
        r = httpx.post(server.url + "/sparql", content=text.encode(), timeout=30,
                       headers={"content-type": "application/sparql-query"})
    assert r.status_code < 500, (r.status_code, text, r.text[:300])
    assert "internal secret" not in r.text
    assert listener.requests == [], (text, listener.requests)


FEW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
               database=None)


@FEW
@given(data=st.data(), method=st.sampled_from(["get", "form", "direct"]))
def test_service_in_any_spelling_never_reaches_the_listener(server, listener, data, method):
    listener.clear()
    text = data.draw(service_queries(listener.url))
    _check(server, listener, text, method)


@FEW
@given(data=st.data(), method=st.sampled_from(["get", "form", "direct"]))
def test_from_in_any_spelling_never_reaches_the_listener(server, listener, data, method):
    """… and is honoured: FROM an empty graph gives no rows (a missed FROM would query the union of all graphs)."""
    listener.clear()
    text = data.draw(from_queries(listener.url))
    _check(server, listener, text, method)
    r = httpx.get(server.url + "/sparql", params={"query": text}, timeout=30)
    assert r.status_code in (200, 400), (text, r.text[:300])  # 400: "fromin:g" (no gap) is one name, no FROM
    assert r.status_code == 400 or r.json()["results"]["bindings"] == [], (text, r.text[:300])


@FEW
@given(data=st.data(), method=st.sampled_from(["get", "form", "direct"]))
def test_updates_in_any_spelling_are_refused(server, listener, data, method):
    listener.clear()
    text = data.draw(updates(listener.url))
    _check(server, listener, text, method)
    r = httpx.get(server.url + "/sparql", params={"query": text}, timeout=30)
    assert r.status_code in (400, 403), (r.status_code, text)
