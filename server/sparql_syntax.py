"""The server's one SPARQL lexer and parser: every decision about a query's text is taken here, on its parse tree.

Queries are parsed by tree-sitter's SPARQL 1.1 grammar (``tree-sitter-sparql``: a generated LR parser in C, about
0.1 ms for an example query, no recursion, so no input can overflow its stack), after the codepoint escapes
``\\uXXXX`` / ``\\UXXXXXXXX`` are applied to the whole text as SPARQL 1.1 §19.2 says ("processed before parsing").
The engine is then given that escape-free text, so it cannot read the escapes differently from this parser (Oxigraph
applies them only inside strings and IRIs). From the tree:

- the query form, or that the text is an update (refused by the read-only endpoint);
- the endpoints of SERVICE clauses, resolved against BASE and the PREFIX declarations;
- whether the query names its own dataset (FROM / FROM NAMED), which decides the default graph, and whether it
  names a graph in a ``GRAPH <iri>`` pattern;
- its size and nesting (parse-tree depth), bounded before the engine sees it;
- the line and column of a syntax error;
- where the parts of a SELECT or CONSTRUCT are (:func:`select_shape`, :func:`construct_shape`), for the remote
  store's rewrites (``server/remote/rewrite.py``), and a CONSTRUCT template's triples (:func:`template_triples`).

Analyses are cached (LRU), so a repeated query costs a dictionary look-up.
"""

from __future__ import annotations

import re
import threading
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
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
_PRAGMA = re.compile(r"\s*define\b", re.IGNORECASE)  # Virtuoso's ``define …`` before a query
_VARNAME = re.compile(r"[A-Za-z0-9_\u00b7\u00c0-\ufffd]+")
_IRI_TEXT = re.compile(r'[^<>"{}|^`\\\x00-\x20]*')  # what may stand between ``<`` and ``>`` (IRIREF)
_NAMED_GRAPH = {"iri_reference", "prefixed_name"}


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
    names_graph: bool = False  # a GRAPH pattern with an IRI (not a variable)
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
    dataset = graph_iri = False
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
        elif kind == "graph_graph_pattern":
            graph_iri = graph_iri or any(c.type in _NAMED_GRAPH for c in node.named_children[:1])
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
        return Analysis(text, form, update, tuple(services), dataset, graph_iri, depth, nodes, message, position)
    if not form and not update:
        return Analysis(text, depth=depth, nodes=nodes, error="SPARQL syntax error: no query in the text",
                        position=(1, 1))
    return Analysis(text, form, update and not form, tuple(services), dataset, graph_iri, depth, nodes)


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
    if "FROM" not in text.upper() and "\\" not in text:  # no FROM, not even escaped: no need to parse
        return False
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


def names_graph(text: str) -> bool:
    """True when a GRAPH pattern of the query names its graph by IRI (``GRAPH <g>``, ``GRAPH ex:g``)."""
    try:
        return analyse(text).names_graph
    except QueryRejected:
        return False


def starts_with_pragma(text: str) -> bool:
    """True when the text opens with a Virtuoso ``define`` pragma (no SPARQL: nothing may be put before it)."""
    return _PRAGMA.match(text) is not None


def is_variable_name(name: str) -> bool:
    """True when ``name`` can follow ``?`` as a variable name."""
    return _VARNAME.fullmatch(name) is not None


def is_iri_text(iri: str) -> bool:
    """True when ``iri`` can stand between ``<`` and ``>`` as it is (no character that would end or break it)."""
    return _IRI_TEXT.fullmatch(iri) is not None


Span = tuple[int, int]  # (start, end) character offsets into a query text


@dataclass(frozen=True)
class SelectShape:
    """Where the parts of a SELECT query are in its text (character offsets)."""

    form: int  # the SELECT keyword: the prologue (BASE, PREFIX, comments) ends here
    datasets: tuple[Span, ...]  # FROM / FROM NAMED clauses
    pattern: Span  # the WHERE clause's ``{ … }``
    order_end: int | None  # just after ORDER BY …, when there is one
    before_limits: int  # where an ORDER BY goes: before LIMIT / OFFSET, after GROUP BY / HAVING


@dataclass(frozen=True)
class ConstructShape:
    """Where the parts of a CONSTRUCT query are in its text (character offsets)."""

    form: int  # the CONSTRUCT keyword: the prologue ends here
    template: Span  # inside the template's braces (for CONSTRUCT WHERE, inside the pattern's)
    datasets: tuple[Span, ...]  # FROM / FROM NAMED clauses
    pattern: Span  # the WHERE clause's ``{ … }``


def _query_node(text: str, kind: str) -> tuple[Node, list[int]] | None:
    """The top-level query node of type ``kind`` with the character offset of every byte; None for another form
    or a text that does not parse."""
    data = text.encode("utf-8")
    root = parse(text)
    if root.has_error:
        return None
    node = next((c for c in root.named_children if c.type == kind), None)
    return None if node is None else (node, _char_offsets(text, data))


def _child(node: Node, kind: str) -> Node | None:
    return next((c for c in node.children if c.type == kind), None)


def select_shape(text: str) -> SelectShape | None:
    """The :class:`SelectShape` of a SELECT query; None for another form or a text that does not parse."""
    found = _query_node(text, "select_query")
    if found is None:
        return None
    node, at = found
    where = _child(node, "where_clause")
    pattern = _child(where, "group_graph_pattern") if where is not None else None
    if pattern is None:
        return None
    datasets = tuple((at[c.start_byte], at[c.end_byte]) for c in node.children if c.type == "dataset_clause")
    modifiers = _child(node, "solution_modifier")
    order = _child(modifiers, "order_clause") if modifiers is not None else None
    limits = _child(modifiers, "limit_offset_clauses") if modifiers is not None else None
    if limits is not None:
        before_limits = at[limits.start_byte]
    else:
        before_limits = at[(modifiers or pattern).end_byte]
    return SelectShape(at[node.start_byte], datasets, (at[pattern.start_byte], at[pattern.end_byte]),
                       None if order is None else at[order.end_byte], before_limits)


def construct_shape(text: str) -> ConstructShape | None:
    """The :class:`ConstructShape` of a CONSTRUCT query; None for another form or a text that does not parse."""
    found = _query_node(text, "construct_query")
    if found is None:
        return None
    node, at = found
    datasets = tuple((at[c.start_byte], at[c.end_byte]) for c in node.children if c.type == "dataset_clause")
    template = _child(node, "construct_template")
    if template is None:  # CONSTRUCT WHERE { pattern }: the pattern is the template
        opening, closing = _child(node, "{"), _child(node, "}")
        if opening is None or closing is None:
            return None
        pattern = (at[opening.start_byte], at[closing.end_byte])
        inside = (at[opening.end_byte], at[closing.start_byte])
    else:
        where = _child(node, "where_clause")
        group = _child(where, "group_graph_pattern") if where is not None else None
        if group is None:
            return None
        pattern = (at[group.start_byte], at[group.end_byte])
        inside = (at[template.start_byte] + 1, at[template.end_byte] - 1)
    return ConstructShape(at[node.start_byte], inside, datasets, pattern)


def template_triples(text: str, base_iri: str | None) -> list[tuple[Any, ...]] | None:
    """The template of a CONSTRUCT query as triples of rdflib terms (variables as ``rdflib.term.Variable``, blank
    nodes as ``BNode``), its prefixes and base resolved; None when it is no CONSTRUCT or rdflib cannot read the
    template (store-specific syntax)."""
    shape = construct_shape(text)
    if shape is None:
        return None
    from rdflib.plugins.sparql import prepareQuery

    start, end = shape.template
    try:
        parsed = prepareQuery(f"{text[:shape.form]}CONSTRUCT {{ {text[start:end]} }} WHERE {{}}", base=base_iri)
    except Exception:  # rdflib raises pyparsing's and its own errors alike
        return None
    return list(parsed.algebra.template or [])


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
