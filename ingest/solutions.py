"""A SELECT's solutions on an Oxigraph store as plain strings, evaluated and written out by Oxigraph in one call.

Iterating ``store.query(...)`` in Python builds a term object per value and takes Python's lock back for every
solution; while the shapes are checked on other threads, each of those hand-backs waits its turn. Asking Oxigraph
for the whole result as SPARQL TSV and splitting the text costs one hand-back and a ``str.split`` per row: on the
largest corpus document, the narrative-table notes read 11 k cells this way about twice as fast.

Values are the terms' lexical forms, as ``term.value`` gives them: an IRI without its brackets, a literal's text
(unescaped, without its language or datatype), a blank node's label; an unbound variable is left out of its row.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_ESCAPED = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    if len(code) > 1:
        return chr(int(code[1:], 16))
    return _ESCAPED.get(code, code)


def value(field: str) -> str:
    """The lexical value of one TSV term (an IRI, a literal, a blank node or a bare number or boolean)."""
    if field.startswith("<"):
        return field[1:-1]
    if field.startswith('"'):
        text = field[1:field.rindex('"')]
        return _ESCAPE.sub(_unescape, text) if "\\" in text else text
    if field.startswith("_:"):
        return field[2:]
    return field


def select(store: ox.Store, query: str) -> list[dict[str, str]]:
    """The solutions of a SELECT, each as {variable: value} without its unbound variables."""
    result = store.query(query)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("not a SELECT query")
    data = result.serialize(format=ox.QueryResultsFormat.TSV)
    assert data is not None  # (None only when written to a file)
    text = data.decode("utf-8")
    lines = text.split("\n")
    names = [name[1:] for name in lines[0].split("\t")]
    out = []
    for line in lines[1:-1]:  # the text ends with a newline; an empty line inside is a solution binding nothing
        out.append({n: value(f) for n, f in zip(names, line.split("\t"), strict=True) if f})
    return out
