"""Load the ontology and its code lists as one rdflib graph.

>>> from budgetkg.ontology.load import ontology_graph
>>> from budgetkg.ingest.vocab import SCHEME_FUNCTION
>>> (SCHEME_FUNCTION, None, None) in ontology_graph()
True
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from rdflib import Graph

ONTOLOGY_DIR = Path(str(files("budgetkg.ontology")))
ONTOLOGY_FILE = ONTOLOGY_DIR / "budget.ttl"
CODELIST_DIR = ONTOLOGY_DIR / "codelists"
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"
# the reused OpenBudgets.eu components as OBEU declares them, and the Data Cube structure definitions
OBEU_COMPONENTS_FILE = ONTOLOGY_DIR / "obeu-components.ttl"
DATACUBE_FILE = ONTOLOGY_DIR / "datacube.ttl"


def ontology_files() -> list[Path]:
    """``budget.ttl``, ``obeu-components.ttl`` and ``datacube.ttl``, then every ``codelists/*.ttl`` in name order."""
    return [ONTOLOGY_FILE, OBEU_COMPONENTS_FILE, DATACUBE_FILE, *sorted(CODELIST_DIR.glob("*.ttl"))]


class OntologyFileError(ValueError):
    """An ontology or code-list file that does not parse: the file, then rdflib's message (which gives the line)."""


@cache
def ontology_graph() -> Graph:
    """The ontology and all code lists in one graph, parsed once per process.

    The graph is shared: do not modify it; copy it first (``g = Graph(); g += ontology_graph()``).
    A file that does not parse raises :class:`OntologyFileError` naming it.
    """
    graph = Graph()
    for path in ontology_files():
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib's BadSyntax says "at line N of <>", not which file
            raise OntologyFileError(f"{path}: {exc}") from exc
    return graph
