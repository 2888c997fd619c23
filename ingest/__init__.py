"""budgetkg ingest: read a budget disclosure (PDF or text) into typed records and RDF.

Public API::

    doc = parse_document("disclosure.pdf")      # -> ingest.model.Document
    graph = to_graph(doc, base="http://localhost:8000/")   # -> rdflib.Graph
"""

from __future__ import annotations

from .api import parse_document, serialize_document, to_graph

__all__ = ["parse_document", "serialize_document", "to_graph"]
__version__ = "0.1.0"
