"""Reading a remote store's answers: SPARQL results (XML streamed, JSON), graphs (parsed as they stream in), terms
as the embedded store gives them, and error messages."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import httpx
import pyoxigraph as ox

from ..results import QueryTimeout
from ..store import RDF_FORMATS, StoreError, Term

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
SRX = "{http://www.w3.org/2005/sparql-results#}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RESULTS_ACCEPT = "application/sparql-results+xml, application/sparql-results+json;q=0.8"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"

Row = list[Term | None]
_Events = Generator[tuple[str, ET.Element], None, None]


@dataclass
class Head:
    """The start of a SELECT/ASK answer: its kind, boolean or variables, and the rows still to be read."""

    kind: str
    boolean: bool = False
    variables: list[str] = field(default_factory=list)
    rows: Iterator[Row] = field(default_factory=lambda: iter(()))


def _malformed(detail: str, message: str) -> Exception:
    """A response that stops parsing: the store's own timeout message (Virtuoso cuts the body and says so), or junk."""
    if re.search(r"cancel|time ?out|timed out", detail, re.IGNORECASE):
        return QueryTimeout(f"query exceeded the time limit (setting query_timeout): {detail}")
    return StoreError(message)


def _broken_off(exc: httpx.HTTPError) -> Exception:
    """A response that stops arriving: the client's timeout, or a broken connection."""
    if isinstance(exc, httpx.TimeoutException):
        return QueryTimeout("query exceeded the time limit (setting query_timeout)")
    return StoreError(f"the store's answer broke off: {exc}")


def read_results(response: httpx.Response) -> Head:
    """The head of a SELECT/ASK response; the rows stay lazy (XML is parsed as it streams in)."""
    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if "xml" in ctype:
        return _read_xml(response)
    body = response.read()
    response.close()
    if "json" in ctype:
        return _read_json(body)
    text = body.decode("utf-8", "replace").strip().lower()
    if text in ("true", "false"):  # Virtuoso answers ASK without Accept as text/html "true"
        return Head("boolean", boolean=text == "true")
    raise StoreError(f"the store answered with {ctype or 'no content type'}, not SPARQL results: {text[:200]}")


def _xml_events(response: httpx.Response) -> _Events:
    parser: ET.XMLPullParser = ET.XMLPullParser(events=("start", "end"))
    tail = b""
    try:
        for chunk in response.iter_bytes():
            tail = (tail + chunk)[-300:]
            parser.feed(chunk)
            yield from _elements(parser)
        parser.close()
        yield from _elements(parser)
    except ET.ParseError:
        text = tail.decode("utf-8", "replace")
        raise _malformed(text[-120:].strip(), f"malformed SPARQL results from the store: …{text[-200:]}") from None
    except httpx.HTTPError as exc:
        raise _broken_off(exc) from None
    finally:
        response.close()


def _elements(parser: ET.XMLPullParser) -> Iterator[tuple[str, ET.Element]]:
    """The parser's pending events: (start or end, element), the only kinds it was asked for."""
    return cast(Iterator[tuple[str, ET.Element]], parser.read_events())


def _read_xml(response: httpx.Response) -> Head:
    events = _xml_events(response)
    variables: list[str] = []
    for event, el in events:
        if event == "end" and el.tag == SRX + "variable":
            variables.append(el.get("name", ""))
        elif event == "end" and el.tag == SRX + "boolean":
            events.close()
            return Head("boolean", boolean=(el.text or "").strip().lower() == "true")
        elif event == "start" and el.tag == SRX + "results":
            return Head("bindings", variables=variables, rows=_xml_rows(events, el, variables))
    return Head("bindings", variables=variables)


def _xml_rows(events: _Events, parent: ET.Element, variables: list[str]) -> Iterator[Row]:
    index = {v: i for i, v in enumerate(variables)}
    try:
        for event, el in events:
            if event != "end" or el.tag != SRX + "result":
                continue
            row: Row = [None] * len(variables)
            for binding in el:
                i = index.get(binding.get("name", ""))
                if i is not None and len(binding):
                    row[i] = _xml_term(binding[0])
            parent.clear()  # keep memory flat on long results
            yield row
    finally:
        events.close()  # closes the response


def _xml_term(el: ET.Element) -> Term:
    tag = el.tag.removeprefix(SRX)
    if tag == "uri":
        return ("uri", el.text or "")
    if tag == "bnode":
        return ("bnode", sanitize_bnode(el.text or "b"))
    if tag == "literal":
        lang = el.get(XML_LANG)
        if lang:
            return ("literal", el.text or "", RDF_LANGSTRING, lang)
        return ("literal", el.text or "", el.get("datatype") or XSD_STRING, "")
    if tag == "triple":  # RDF-star: shown as text, like the embedded store does
        parts = {c.tag.removeprefix(SRX): _xml_term(c[0]) for c in el if len(c)}
        return ("literal", " ".join(_nt(parts.get(k)) for k in ("subject", "predicate", "object")), XSD_STRING, "")
    return ("literal", el.text or "", XSD_STRING, "")


def _nt(t: Term | None) -> str:
    if t is None:
        return "?"
    if t[0] == "uri":
        return f"<{t[1]}>"
    if t[0] == "bnode":
        return f"_:{t[1]}"
    return json.dumps(t[1], ensure_ascii=False) + (f"@{t[3]}" if t[3] else f"^^<{t[2]}>")


def _read_json(body: bytes) -> Head:
    try:
        doc = json.loads(body)
    except ValueError:
        raise StoreError(f"malformed SPARQL JSON results from the store: {body[:200]!r}") from None
    if "boolean" in doc:
        return Head("boolean", boolean=bool(doc["boolean"]))
    variables = list(doc.get("head", {}).get("vars", []))
    rows = []
    for b in doc.get("results", {}).get("bindings", []):
        rows.append([_json_term(b[v]) if v in b else None for v in variables])
    return Head("bindings", variables=variables, rows=iter(rows))


def _json_term(t: dict[str, Any]) -> Term:
    kind, value = t.get("type"), t.get("value", "")
    if kind == "uri":
        return ("uri", value)
    if kind == "bnode":
        return ("bnode", sanitize_bnode(value))
    if t.get("xml:lang"):
        return ("literal", value, RDF_LANGSTRING, t["xml:lang"])
    return ("literal", value, t.get("datatype") or XSD_STRING, "")  # also Virtuoso's "typed-literal"


def sanitize_bnode(label: str) -> str:
    """A blank node label valid in N-Triples (Virtuoso's are ``nodeID://b10006``)."""
    label = label.removeprefix("nodeID://").removeprefix("_:")
    return re.sub(r"[^A-Za-z0-9_]", "_", label) or "b"


def to_ox_term(t: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A plain result term as a pyoxigraph term."""
    if t[0] == "uri":
        return ox.NamedNode(t[1])
    if t[0] == "bnode":
        return ox.BlankNode(t[1])
    if t[3]:
        return ox.Literal(t[1], language=t[3])
    return ox.Literal(t[1], datatype=ox.NamedNode(t[2]))


class _ByteStream(io.RawIOBase):
    """A readable file over an iterator of byte chunks (so pyoxigraph parses a response as it arrives)."""

    def __init__(self, chunks: Iterator[bytes]):
        self._chunks = chunks
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._buffer:
            try:
                self._buffer = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(b), len(self._buffer))
        b[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


def parse_graph(response: httpx.Response) -> Iterator[ox.Triple]:
    """The triples of a CONSTRUCT/DESCRIBE response, parsed while it streams in."""
    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    fmt = RDF_FORMATS.get(ctype)
    if fmt is None or fmt.supports_datasets:
        body = response.read()
        response.close()
        raise StoreError(f"the store answered a graph query with {ctype or 'no content type'}: {body[:200]!r}")

    def triples() -> Iterator[ox.Triple]:
        try:
            stream = io.BufferedReader(_ByteStream(response.iter_bytes()))
            for t in ox.parse(stream, format=fmt):
                yield t if isinstance(t, ox.Triple) else t.triple
        except SyntaxError as exc:
            raise _malformed(str(exc), f"malformed {ctype} from the store: {exc}") from None
        except httpx.HTTPError as exc:
            raise _broken_off(exc) from None
        finally:
            response.close()

    return triples()


def short_message(body: str) -> str:
    """A store's error text without its echo of the query (Virtuoso) or HTML markup, at most 500 characters."""
    text = re.sub(r"<[^>]+>", " ", body)
    text = re.split(r"\n\s*SPARQL query:", text)[0]
    text = re.sub(r"\s+", " ", text).strip()
    return text[:500] + (" …" if len(text) > 500 else "")


def with_position(message: str, text: str) -> str:
    """A syntax error message with ``at line:column``: Virtuoso names a line (sometimes 0) and the offending token
    only, so the token is looked up on that line, else on the first line that has it."""
    if re.search(r"\d+:\d+", message):
        return message
    m = re.search(r"line (\d+): .*? at '(.*?)'", message)
    if not m or not text:
        return message
    line, token = int(m.group(1)), m.group(2)
    lines = text.splitlines() or [""]
    candidates = ([line] if 0 < line <= len(lines) else []) + list(range(1, len(lines) + 1))
    for n in candidates:
        if token and token in lines[n - 1]:
            return f"{message} (at {n}:{lines[n - 1].find(token) + 1})"
    return f"{message} (at {max(1, min(line, len(lines)))}:1)"
