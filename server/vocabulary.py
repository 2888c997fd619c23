"""The ontology and code lists as one cached rdflib graph, and bilingual labels (Chinese first)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS
from rdflib.term import Node

from budgetkg.ontology.load import ontology_graph as load_ontology
from budgetkg.ontology.namespaces import CNB, CODE, ONTOLOGY

ONTOLOGY_NS, ONTOLOGY_IRI, CODE_NS = str(CNB), str(ONTOLOGY), str(CODE)
LABEL_PROPS = (SKOS.prefLabel, RDFS.label, DCTERMS.title)


def ontology_folder() -> Path:
    try:
        from importlib.resources import files

        return Path(str(files("budgetkg.ontology")))
    except (ModuleNotFoundError, TypeError):
        return Path(__file__).resolve().parents[1] / "ontology"


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The ontology and its code lists (``budgetkg.ontology.load``); a file that does not parse is an
    ``OntologyFileError`` naming the file and the line, never skipped."""
    return load_ontology()


def labels_of(graph: Graph, node: Node) -> tuple[str | None, str | None]:
    """(Chinese label, English label) of a node in ``graph``."""
    zh = en = other = None
    for prop in LABEL_PROPS:
        for value in graph.objects(node, prop):
            if not isinstance(value, Literal):
                continue
            lang = (value.language or "").lower()
            if lang.startswith("zh") and zh is None:
                zh = str(value)
            elif lang.startswith("en") and en is None:
                en = str(value)
            elif not lang and other is None:
                other = str(value)
    return zh or (other if other and not other.isascii() else None), en or (other if other and other.isascii() else None)


def local_name(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri.rstrip(sep):
            return iri.rstrip(sep).rsplit(sep, 1)[1]
    return iri


class Labeller:
    """Labels for IRIs from the page's own graph, then the ontology; a local name when there is none."""

    def __init__(self, *graphs: Graph):
        self.graphs = [*graphs, ontology_graph()]

    def pair(self, node: Node) -> tuple[str | None, str | None]:
        zh = en = None
        for g in self.graphs:
            z, e = labels_of(g, node)
            zh, en = zh or z, en or e
            if zh and en:
                break
        return zh, en

    def __call__(self, node: Node) -> str:
        zh, en = self.pair(node)
        if zh and en:
            return f"{zh} ({en})"
        return zh or en or (local_name(str(node)) if isinstance(node, URIRef) else str(node))
