"""What the validation copy of a document leaves out: the statements written for publication only.

A document graph says each cell three times over — as a table cell (row, column, printed value), as a Data Cube
observation (every dimension of its structure, currency, unit multiplier) and with its provenance (an
``oa:SpecificResource`` derived from the source file). The shapes, the annotators that prepare the copy
(``ingest/*.py``) and the report read the first and the page, box and printed text of the provenance; the rest is
for portals and Data Cube tools. Leaving it out makes the copy of a large department document (wide/21, 560 k
triples) about a third smaller, and every check that scans cells faster, with the same findings.

``tests/test_validation_copy.py`` fails when a shape or an annotator starts reading one of these terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import URIRef

from .vocab import CNB, OA, OBEU_ATTR, OBEU_DIM, PROV, QB, RDF

PUBLICATION_ONLY_PREDICATES: frozenset[URIRef] = frozenset({
    PROV.wasDerivedFrom,  # cell source → the source file (the source's page and box stay)
    OA.hasSource,
    OBEU_ATTR.currency,  # Data Cube dimensions and attributes repeated on every observation
    OBEU_DIM.organization,
    OBEU_DIM.operationCharacter,
    CNB.lineItem,
    CNB.columnItem,
    CNB.fundSource,
    CNB.functionalClassification,
    CNB.bbox,  # the printed box of a cell (pages draw it; no check reads it)
})
# a cell's source repeats the table label, row and column of its cell (for readers of the provenance alone)
SOURCE_REPEATS: frozenset[URIRef] = frozenset({CNB.tableLabel, CNB.rowIndex, CNB.columnIndex})
SOURCE_SUFFIX = "/source"  # how ingest.iri.IRIs.source names a cell's source
PUBLICATION_ONLY_TYPES: frozenset[URIRef] = frozenset({OA.SpecificResource, QB.Observation, CNB.CellSource})


def for_validation(triples: Iterable[tuple]) -> Iterator[tuple]:
    """The triples the checks read (those written for publication only are skipped)."""
    skip_p, skip_t, rdf_type = PUBLICATION_ONLY_PREDICATES, PUBLICATION_ONLY_TYPES, RDF.type
    repeats, suffix = SOURCE_REPEATS, SOURCE_SUFFIX
    for triple in triples:
        p = triple[1]
        if p in skip_p or (p == rdf_type and triple[2] in skip_t) or (p in repeats and triple[0].endswith(suffix)):
            continue
        yield triple
