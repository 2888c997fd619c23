"""The server's one SPARQL lexer and parser: every decision about a query's text is taken here, on its parse tree.

Queries are parsed by tree-sitter's SPARQL 1.1 grammar (``tree-sitter-sparql``: a generated LR parser in C, about
0.1 ms for an example query, no recursion, so no input can overflow its stack), after the codepoint escapes
``\\uXXXX`` / ``\\UXXXXXXXX`` are applied to the whole text as SPARQL 1.1 §19.2 says ("processed before parsing").
The engine is then given that escape-free text, so it cannot read the escapes differently from this parser (Oxigraph
applies them only inside strings and IRIs). From the tree:

- the query form, or that the text is an update (refused by the read-only endpoint);
- the endpoints of SERVICE clauses, resolved against BASE and the PREFIX declarations;
- whether the query names its own dataset (FROM / FROM NAMED), which decides the default graph;
- its size and nesting (parse-tree depth), bounded before the engine sees it;
- the line and column of a syntax error.

:func:`blank` gives the text with comments, strings and IRIs masked (same length), for the few textual rewrites
the remote-store adapter makes. Analyses are cached (LRU), so a repeated query costs a dictionary look-up.
"""

from __future__ import annotations

import re
import threading
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin

import tree_sitter_sparql
from tree_sitter import Language, Node, Parser

with warnings.catch_warnings():  # tree-sitter-sparql 0.1 hands tree-sitter its grammar as an int (deprecated)
    warnings.simplefilter("ignore", DeprecationWarning)
    _LANGUAGE = Language(tree_sitter_sparql.language())
_LOCAL = threading.local()
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PN_LOCAL_ESCAPE = re.compile(r"\\(.)")
QUERY_FORMS = {"select_query": "SELECT", "construct_query": "CONSTRUCT", "describe_query": "DESCRIBE",
               "ask_query": "ASK"}
UPDATE_OPERATIONS = {"load", "clear", "drop", "create", "add", "move", "copy", "insert_data", "delete_data",
                     "delete_where", "modify", "update"}
_MASKED = {"comment": " ", "string": "_", "iri_reference": "_"}


class QueryRejected(ValueError):
    """The text is not an acceptable query; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str, position: tuple[int, int] | None = None, kind: str = "syntax"):
        super().__init__(message)
        self.status = status
        self.position = position
        self.kind = kind  # syntax, update, service or size


@dataclass(frozen=True)
class Analysis:
    """What the parse tree says about one query text."""

    text: str  # the text with codepoint escapes applied: what the engine runs
    form: str = ""  # SELECT, CONSTRUCT, DESCRIBE, ASK; "" for an update
    is_update: bool = False
    services: tuple[str | None, ...] = ()  # SERVICE endpoints, resolved; None = a variable endpoint
    declares_dataset: bool = False  # FROM / FROM NAMED
    depth: int = 0  # parse-tree depth
    nodes: int = 0  # parse-tree size
    error: str = ""  # a syntax error, with its position
    position: tuple[int, int] | None = field(default=None)  # (line, column), 1-based, of the syntax error


def _parser() -> Parser:
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:  # a tree-sitter parser is not thread-safe: one per thread
        parser = _LOCAL.parser = Parser(_LANGUAGE)
    return parser


def apply_escapes(text: str) -> str:
    """``text`` with ``\\uXXXX`` / ``\\UXXXXXXXX`` replaced by their code points (SPARQL 1.1 §19.2). Raises
    :class:`QueryRejected` for an escape of something that is no code point, or of a backslash (``\\u005Cu0041``
    would spell an escape that another reader applies once more)."""
    if "\\u" not in text and "\\U" not in text:
        return text

    def expand(m: re.Match[str]) -> str:
        point = int(m.group(1) or m.group(2), 16)
        if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:
            raise QueryRejected(400, f"SPARQL syntax error: {m.group(0)} is not a Unicode code point")
        if point == 0x5C:  # a backslash could start another escape, which a second reader would apply again
            raise QueryRejected(400, "SPARQL syntax error: \\u005C (an escaped backslash) is not accepted")
        return chr(point)

    return _ESCAPE.sub(expand, text)


def parse(text: str) -> Node:
    """The root of ``text``'s parse tree (tree-sitter; error nodes where the text is not SPARQL)."""
    return _parser().parse(text.encode("utf-8")).root_node


def _walk(root: Node):
    """Every node with its depth, iteratively (parse trees of long queries are deep)."""
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        yield node, depth
        stack.extend((child, depth + 1) for child in reversed(node.children))


def _text(node: Node, data: bytes) -> str:
    return data[node.start_byte:node.end_byte].decode("utf-8")


def _position(node: Node, data: bytes) -> tuple[int, int]:
    row, col = node.start_point
    line_start = data.rfind(b"\n", 0, node.start_byte) + 1
    return row + 1, len(data[line_start:line_start + col].decode("utf-8", "replace")) + 1


def _error(root: Node, data: bytes) -> tuple[str, tuple[int, int]]:
    for node, _ in _walk(root):
        if node.is_missing:
            line, col = _position(node, data)
            return f"SPARQL syntax error at {line}:{col}: expected {node.type!r}", (line, col)
        if node.type == "ERROR":
            line, col = _position(node, data)
            near = _text(node, data)[:40]
            return f"SPARQL syntax error at {line}:{col}: unexpected {near!r}", (line, col)
    return "SPARQL syntax error", (1, 1)


@lru_cache(maxsize=2048)
def analyse(text: str) -> Analysis:
    """The :class:`Analysis` of a query text (cached). Raises :class:`QueryRejected` for bad escapes."""
    text = apply_escapes(text)
    data = text.encode("utf-8")
    root = parse(text)
    form = ""
    update = False
    dataset = False
    services: list[str | None] = []
    prefixes: dict[str, str] = {}
    base = ""
    depth = nodes = 0
    for node, level in _walk(root):
        nodes += 1
        depth = max(depth, level)
        kind = node.type
        if kind in QUERY_FORMS and not form:
            form = QUERY_FORMS[kind]
        elif kind in UPDATE_OPERATIONS:
            update = True
        elif kind == "dataset_clause":
            dataset = True
        elif kind == "base_declaration":
            iri = node.named_children[-1] if node.named_children else None
            if iri is not None and iri.type == "iri_reference":
                base = urljoin(base, _text(iri, data)[1:-1])
        elif kind == "prefix_declaration":
            named = node.named_children
            if len(named) == 2 and named[1].type == "iri_reference":
                prefixes[_text(named[0], data).rstrip(":")] = urljoin(base, _text(named[1], data)[1:-1])
        elif kind == "service_graph_pattern":
            services.append(_endpoint(node, data, base, prefixes))
    if root.has_error:
        message, position = _error(root, data)
        return Analysis(text, form, update, tuple(services), dataset, depth, nodes, message, position)
    if not form and not update:
        return Analysis(text, depth=depth, nodes=nodes, error="SPARQL syntax error: no query in the text",
                        position=(1, 1))
    return Analysis(text, form, update and not form, tuple(services), dataset, depth, nodes)


def _endpoint(node: Node, data: bytes, base: str, prefixes: dict[str, str]) -> str | None:
    """The endpoint IRI of a SERVICE clause; None for a variable (or a name this cannot resolve)."""
    target = next((c for c in node.named_children if c.type != "group_graph_pattern"), None)
    if target is None or target.type == "var":
        return None
    if target.type == "iri_reference":
        return urljoin(base, _text(target, data)[1:-1])
    if target.type == "prefixed_name":
        name = _text(target, data)
        prefix, _, local = name.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + _PN_LOCAL_ESCAPE.sub(r"\1", local)
    return None


def check(text: str, *, allow_services: list[str], max_depth: int, max_nodes: int) -> Analysis:
    """The analysis of a query the endpoint will run; raises :class:`QueryRejected` (400 syntax, 403 update or
    SERVICE, 413 too large or too deeply nested) for anything it must not run."""
    result = analyse(text)
    if result.is_update:
        raise QueryRejected(403, "SPARQL Update is not accepted", kind="update")
    if result.nodes > max_nodes:
        raise QueryRejected(413, f"the query has {result.nodes} parse-tree nodes, more than max_query_nodes="
                                 f"{max_nodes}", kind="size")
    if result.depth > max_depth:
        raise QueryRejected(413, f"the query is nested {result.depth} levels deep (parse tree), more than "
                                 f"max_query_depth={max_depth}", kind="size")
    if result.error:
        raise QueryRejected(400, result.error, result.position)
    if "*" not in allow_services:
        refused = [s or "?variable" for s in result.services if s is None or s not in allow_services]
        if refused:
            raise QueryRejected(403, "SERVICE (federated query) is disabled for: " + ", ".join(refused)
                                     + " (setting service_allow opens chosen endpoints)", kind="service")
    return result


def declares_dataset(text: str) -> bool:
    """True when the query names its own dataset (FROM / FROM NAMED): a FROM in a string or comment does not."""
    try:
        return analyse(text).declares_dataset
    except QueryRejected:
        return False


def query_form(text: str) -> str:
    """SELECT / ASK / CONSTRUCT / DESCRIBE, or "" when the text is not a query."""
    try:
        return analyse(text).form
    except QueryRejected:
        return ""


def dataset_clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of the FROM / FROM NAMED clauses of the (escape-free) ``text``."""
    data = text.encode("utf-8")
    offsets = _char_offsets(text, data)
    return [(offsets[n.start_byte], offsets[n.end_byte]) for n, _ in _walk(parse(text)) if n.type == "dataset_clause"]


def strip_dataset_clauses(text: str) -> str:
    """The query without its FROM / FROM NAMED clauses (a protocol dataset replaces them)."""
    for start, end in reversed(dataset_clauses(text)):
        text = text[:start] + text[end:]
    return text


def blank(text: str) -> str:
    """``text`` of the same length with comments as spaces and the insides of strings and IRIs as ``_``, so that
    keywords and braces can be found by position without being fooled by literals."""
    data = text.encode("utf-8")
    offsets = _char_offsets(text, data)
    chars = list(text)
    for node, _ in _walk(parse(text)):
        fill = _MASKED.get(node.type)
        if fill is None:
            continue
        start, end = offsets[node.start_byte], offsets[node.end_byte]
        if fill == " ":
            chars[start:end] = " " * (end - start)
        elif node.type == "string":  # keep the quotes, mask the inside (the quote is 1 or 3 characters)
            quote = 3 if text.startswith(('"""', "'''"), start) and end - start >= 6 else 1
            chars[start + quote:end - quote] = "_" * max(0, end - start - 2 * quote)
        else:
            chars[start + 1:end - 1] = "_" * max(0, end - start - 2)
    return "".join(chars)


def _char_offsets(text: str, data: bytes) -> list[int]:
    """Character offset of every byte offset (0..len(data)) of ``text`` encoded as UTF-8."""
    if len(data) == len(text):
        return list(range(len(data) + 1))
    offsets = [0] * (len(data) + 1)
    position = 0
    for index, char in enumerate(text):
        for _ in range(len(char.encode("utf-8"))):
            offsets[position] = index
            position += 1
    offsets[len(data)] = len(text)
    return offsets


def error_position(message: str) -> tuple[int, int] | None:
    """(line, column), 1-based, from a parser message such as ``error at 2:12: expected …``."""
    m = re.search(r"(?:at|line)\s+(\d+):(\d+)", message)
    return (int(m.group(1)), int(m.group(2))) if m else None
