"""Cheap lexical checks on SPARQL text before it reaches the store: update detection, SERVICE targets,
and the line / column of a syntax error. Comments, strings and IRIs are masked first, so a keyword inside
a literal (``"SERVICE"``) or an IRI never counts.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TOKENS = re.compile(
    r"""(?P<comment>\#[^\n]*)
      |(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
      |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)""",
    re.VERBOSE | re.DOTALL,
)
UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_PREFIX = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*(<\d+>)", re.IGNORECASE)
_SERVICE = re.compile(r"\bSERVICE\s+(?:SILENT\s+)?(<\d+>|\?\w+|\$\w+|[A-Za-z][\w.-]*)?:?([\w.-]*)", re.IGNORECASE)
_POSITION = re.compile(r"(?:at|line)\s+(\d+):(\d+)")


@lru_cache(maxsize=8)  # each request checks its text twice (update? SERVICE?)
def mask(text: str) -> tuple[str, tuple[str, ...]]:
    """Text with comments removed, strings as ``""`` and IRIs as ``<n>`` (n indexes the returned IRIs)."""
    iris: list[str] = []

    def repl(m: re.Match[str]) -> str:
        if m.group("comment") is not None:
            return " "
        if m.group("string") is not None:
            return '""'
        iris.append(m.group("iri")[1:-1])
        return f"<{len(iris) - 1}>"

    return _TOKENS.sub(repl, text), tuple(iris)


def _body(masked: str) -> str:
    """The masked text after its prologue (BASE / PREFIX declarations)."""
    return re.sub(r"^\s*(?:(?:BASE\s*<\d+>|PREFIX\s+[\w.-]*:\s*<\d+>)\s*)*", "", masked, flags=re.IGNORECASE)


def is_update(text: str) -> bool:
    """True when the text is a SPARQL Update request (INSERT, DELETE, LOAD, CLEAR, DROP …)."""
    masked, _ = mask(text)
    first = re.match(r"\s*([A-Za-z]+)", _body(masked))
    return bool(first and first.group(1).upper() in UPDATE_KEYWORDS)


def service_targets(text: str) -> list[str | None]:
    """Endpoints named by SERVICE clauses; None for a variable endpoint (``SERVICE ?s``)."""
    masked, iris = mask(text)
    services = list(_SERVICE.finditer(masked))
    if not services:
        return []
    prefixes = {m.group(1) or "": iris[int(m.group(2)[1:-1])] for m in _PREFIX.finditer(masked)}
    targets: list[str | None] = []
    for m in services:
        head, local = m.group(1) or "", m.group(2) or ""
        if head.startswith("<"):
            targets.append(iris[int(head[1:-1])])
        elif head.startswith(("?", "$")):
            targets.append(None)
        elif head.upper() != "SILENT":
            targets.append(prefixes.get(head, head + ":") + local if head in prefixes else None)
        else:
            targets.append(None)
    return targets


def refused_services(text: str, allow: list[str]) -> list[str]:
    """SERVICE endpoints that the allow-list does not open ('*' opens all); '?var' for variables."""
    if "*" in allow:
        return []
    return [t or "?variable" for t in service_targets(text) if t is None or t not in allow]


def error_position(message: str) -> tuple[int, int] | None:
    """(line, column), 1-based, from a parser message such as ``error at 2:12: expected …``."""
    m = _POSITION.search(message)
    return (int(m.group(1)), int(m.group(2))) if m else None
