"""The ontology and code lists as one named graph of the store, so that SPARQL can use their labels.

The document graphs hold the codes (``cnb:functionalClassification <…/code/func/2010350>``) but not the
names the code lists give them; analysts want ``skos:prefLabel`` of an indicator category or a function
class in the same query (example queries 05 and 11). The vocabulary graph is named by the ontology IRI,
carries the SHA-256 of the ontology files it was made from, and is replaced only when they change.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import PROV

from .store import GraphStore
from .vocabulary import ONTOLOGY_IRI, ontology_folder, ontology_graph

VOCABULARY_GRAPH = ONTOLOGY_IRI


@lru_cache(maxsize=1)
def vocabulary_digest() -> str:
    """SHA-256 over the ontology's Turtle files (names and contents, in name order)."""
    digest = hashlib.sha256()
    folder = ontology_folder()
    for path in sorted(folder.rglob("*.ttl")):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def digest_iri() -> URIRef:
    """The ontology files' digest as a named-information IRI (RFC 6920: ``ni:///sha-256;`` + base64url)."""
    raw = bytes.fromhex(vocabulary_digest())
    return URIRef("ni:///sha-256;" + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("="))


def vocabulary_current(store: GraphStore) -> bool:
    """Whether the store already holds the vocabulary graph of these ontology files."""
    ask = f"ASK {{ GRAPH <{VOCABULARY_GRAPH}> {{ <{VOCABULARY_GRAPH}> <{PROV.wasDerivedFrom}> <{digest_iri()}> }} }}"
    return bool(store.query(ask).boolean)


def ensure_vocabulary(store: GraphStore, *, compact: bool = True) -> bool:
    """Put the ontology and code lists in their named graph unless already current; True when written.

    With ``compact``, an embedded store is compacted after the write: one small write left beside a compacted
    store made every cross-document query about 30 % slower (`bench/bench_scale.py` at 1,000 documents) until
    the next compaction. Callers that compact anyway afterwards pass ``compact=False``."""
    if vocabulary_current(store):
        return False
    graph = Graph()
    for triple in ontology_graph():
        graph.add(triple)
    graph.add((URIRef(VOCABULARY_GRAPH), PROV.wasDerivedFrom, digest_iri()))
    store.replace_graph(VOCABULARY_GRAPH, graph)
    optimize = getattr(store, "optimize", None)
    if compact and callable(optimize):
        optimize()
    return True


def is_document_graph(name: str) -> bool:
    """Every named graph but the vocabulary's holds one document."""
    return name != VOCABULARY_GRAPH


def document_graphs(store: GraphStore) -> list[str]:
    """The names of the document graphs (the vocabulary graph left out), sorted."""
    return [g for g in store.list_graphs() if is_document_graph(g)]
