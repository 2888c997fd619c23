"""SPARQL 1.1 query-results serializers (JSON, XML, CSV, TSV) with a row cap and a deadline.

Rows are lists of plain terms from :mod:`server.store` (``("uri", iri)``, ``("bnode", id)``,
``("literal", lexical, datatype, lang)``). The embedded store writes results of at most ``row_cap`` rows
itself (faster); these writers serve a remote store's results and results cut at ``row_cap`` (marked as
such), and stop a lazily evaluated query once its time is up. Their output matches pyoxigraph's (JSON, CSV
and TSV byte for byte; XML up to whitespace).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable
from xml.sax.saxutils import escape, quoteattr

from .negotiation import CSV, JSON_RESULTS, TSV, XML_RESULTS

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
XSD_DOUBLE = "http://www.w3.org/2001/XMLSchema#double"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
Term = tuple[str, ...]
# Lexical forms TSV may write bare (the Turtle grammar reads them back with the same datatype).
BARE_TSV = {
    XSD_INTEGER: re.compile(r"[+-]?[0-9]+"),
    XSD_DECIMAL: re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD_DOUBLE: re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
    XSD_BOOLEAN: re.compile(r"true|false"),
}


class QueryTimeout(Exception):
    """The query ran past its deadline while its results were being produced."""


def take(rows: Iterable[list[Term | None]], cap: int, deadline: float | None) -> tuple[list, bool]:
    """At most ``cap`` rows; True when there were more. Raises :class:`QueryTimeout` past the deadline."""
    out: list[list[Term | None]] = []
    for row in rows:
        if len(out) >= cap:
            return out, True
        out.append(row)
        if deadline is not None and len(out) % 256 == 0 and time.monotonic() > deadline:
            raise QueryTimeout()
    return out, False


def fit_bytes(write: Callable[[list, bool], bytes], rows: list, cap: int, truncated: bool) -> tuple[bytes, bool]:
    """``write(rows, truncated)`` cut to the first rows whose serialization fits in ``cap`` bytes; True when rows
    had to be left out for that."""
    body = write(rows, truncated)
    n = len(rows)
    while len(body) > cap and n > 0:
        n = min(n - 1, int(n * cap / len(body) * 0.9))
        body = write(rows[:n], True)
    return body, n < len(rows)


def _json_term(t: Term) -> dict[str, str]:
    if t[0] == "uri":
        return {"type": "uri", "value": t[1]}
    if t[0] == "bnode":
        return {"type": "bnode", "value": t[1]}
    if t[3]:
        return {"type": "literal", "value": t[1], "xml:lang": t[3]}
    if t[2] == XSD_STRING:
        return {"type": "literal", "value": t[1]}
    return {"type": "literal", "value": t[1], "datatype": t[2]}


def to_json(variables: list[str], rows: list, truncated: bool) -> bytes:
    bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
    doc: dict[str, object] = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    if truncated:
        doc["truncated"] = True  # extra member: the row cap was reached (also in the X-SPARQL-Truncated header)
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _xml_term(t: Term) -> str:
    if t[0] == "uri":
        return f"<uri>{escape(t[1])}</uri>"
    if t[0] == "bnode":
        return f"<bnode>{escape(t[1])}</bnode>"
    if t[3]:
        return f"<literal xml:lang={quoteattr(t[3])}>{escape(t[1])}</literal>"
    if t[2] == XSD_STRING:
        return f"<literal>{escape(t[1])}</literal>"
    return f"<literal datatype={quoteattr(t[2])}>{escape(t[1])}</literal>"


def to_xml(variables: list[str], rows: list, truncated: bool) -> bytes:
    parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    parts += [f"<variable name={quoteattr(v)}/>" for v in variables]
    if truncated:
        parts.append('<link href="#truncated"/>')
    parts.append("</head>\n<results>\n")
    for row in rows:
        parts.append("<result>")
        for v, t in zip(variables, row, strict=True):
            if t is not None:
                parts.append(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>")
        parts.append("</result>\n")
    parts.append("</results>\n</sparql>\n")
    return "".join(parts).encode("utf-8")


def _csv_field(t: Term | None) -> str:
    if t is None:
        return ""
    value = t[1] if t[0] != "bnode" else "_:" + t[1]
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def to_csv(variables: list[str], rows: list, truncated: bool) -> bytes:
    lines = [",".join(variables)]
    lines += [",".join(_csv_field(t) for t in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _tsv_string(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def _tsv_field(t: Term | None) -> str:
    if t is None:
        return ""
    if t[0] == "uri":
        return f"<{t[1]}>"
    if t[0] == "bnode":
        return f"_:{t[1]}"
    if t[3]:
        return f'"{_tsv_string(t[1])}"@{t[3]}'
    if (bare := BARE_TSV.get(t[2])) and bare.fullmatch(t[1]):
        return t[1]
    if t[2] == XSD_STRING:
        return f'"{_tsv_string(t[1])}"'
    return f'"{_tsv_string(t[1])}"^^<{t[2]}>'


def to_tsv(variables: list[str], rows: list, truncated: bool) -> bytes:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join(_tsv_field(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


BINDING_WRITERS = {JSON_RESULTS: to_json, XML_RESULTS: to_xml, CSV: to_csv, TSV: to_tsv}


def boolean(value: bool, media_type: str) -> bytes:
    if media_type == XML_RESULTS:
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    return json.dumps({"head": {}, "boolean": value}).encode()
