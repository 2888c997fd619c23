"""Checks that make parsing an uploaded RDF file fetch nothing and expand nothing.

- RDF/XML: a document type declaration with entity declarations is refused (an entity can expand a kilobyte into
  gigabytes, "billion laughs", or name a file or URL to read), as is any reference to an external entity. The
  check is one pass of the C expat parser, before rdflib reads the file.
- JSON-LD: rdflib's parser fetches a ``@context`` given as a URL and follows ``@import``; both are refused, so a
  context must be written inline.

Uploads are also parsed in a worker process without network access (:mod:`server.upload_worker`); these checks
make the refusal a clear message rather than a failed fetch, and protect ``budgetkg load`` too.
"""

from __future__ import annotations

import json
from xml.parsers import expat


class UnsafeRdf(ValueError):
    """The file asks for something the server does not do while parsing (fetch, expand entities)."""


def check_xml(data: bytes) -> None:
    """Raise :class:`UnsafeRdf` when the XML declares entities or refers to external ones."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def entity(name: str, *rest: object) -> None:
        raise UnsafeRdf(f"RDF/XML with entity declarations (<!ENTITY {name} …>) is not accepted")

    def external(*rest: object) -> int:
        raise UnsafeRdf("RDF/XML that refers to an external entity is not accepted")

    parser.EntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    parser.UnparsedEntityDeclHandler = entity
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise UnsafeRdf(f"not well-formed XML: {exc}") from None


def check_json_ld(data: bytes) -> None:
    """Raise :class:`UnsafeRdf` when a JSON-LD document names a remote context or imports one."""
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise UnsafeRdf(f"not valid JSON: {str(exc)[:200]}") from None
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    _check_context(value)
                stack.append(value)


def _check_context(value: object) -> None:
    for context in value if isinstance(value, list) else [value]:
        if isinstance(context, str):
            raise UnsafeRdf(f"JSON-LD with a remote @context ({context[:100]}) is not accepted: write it inline")
        if isinstance(context, dict) and "@import" in context:
            raise UnsafeRdf("JSON-LD with @import in its @context is not accepted: write the context inline")
