"""Each printed total against the sum of its parts, added up once per document for the arithmetic shapes.

Three shapes of ``shapes/arithmetic.ttl`` compare the same sums: ``row-sum`` (a parent row against its child rows,
beyond the rounding tolerance), ``column-sum`` (a parent column against its part columns) and
``rounding-difference`` (either, within the tolerance). Each used to add up every cell of the document itself; on
the largest corpus document (wide/21, 17 k cells) that was 0.6 s of the validation. :func:`annotate` adds them up
once, in Oxigraph (one SPARQL update per direction, the aggregation the shapes ran), and keeps on the validation
copy only the comparisons whose two figures differ — the only ones any of the three shapes can report. Each is a
blank node with

- ``cnb:sumDocument`` the document, and either ``cnb:sumParentRow`` + ``cnb:sumColumn`` (a parent row's cell in a
  column) or ``cnb:sumRow`` + ``cnb:sumParentColumn`` (a row's cell in a parent column);
- ``cnb:sumPrinted`` the printed total (0 where it is blank), ``cnb:sumParts`` the sum of the printed parts,
  ``cnb:sumTerms`` the number of printed amounts on both sides, ``cnb:sumPrintedTotal`` 1 when the total is printed,
  ``cnb:sumSides`` the parts' cells (space-separated IRIs, as the ``sides:`` message wants them).

The tolerance stays in the shapes (``ingest/tolerance.py`` gives it per table). Like the tolerances, these notes
are on the validation copy only, never on the published graph; :func:`annotate` replaces earlier notes, so a copy
changed after a validation (tests/test_validate_mutation.py) is added up again.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..ontology.namespaces import CNB

_PREFIXES = (f"PREFIX cnb: <{CNB}>\n"
             "PREFIX obeu-measure: <http://data.openbudgets.eu/ontology/dsd/measure/>\n")

_CLEAR = _PREFIXES + """
DELETE { ?s ?p ?o } WHERE { ?s cnb:sumDocument ?doc ; ?p ?o }"""

# the aggregation row-sum and rounding-difference ran (a parent row's own cell, and every cell of its child rows, in
# each column), grouped by the parent row and the column
_ROWS = _PREFIXES + """
INSERT { _:s cnb:sumDocument ?doc ; cnb:sumParentRow ?prow ; cnb:sumColumn ?col ; cnb:sumPrinted ?p ;
             cnb:sumParts ?sum0 ; cnb:sumTerms ?n ; cnb:sumPrintedTotal ?own ; cnb:sumSides ?sides }
WHERE {
  {
    SELECT ?doc ?prow ?col (SUM(?pa) AS ?p) (SUM(?ca) AS ?sum0) (SUM(?cn) AS ?n) (SUM(?o) AS ?own)
           (GROUP_CONCAT(COALESCE(STR(?cl), ""); separator=" ") AS ?sides) WHERE {
      ?doc cnb:hasTable ?t . ?t cnb:hasRow ?prow .
      { { SELECT DISTINCT ?prow WHERE { ?anyChild cnb:parentRow ?prow } }
        ?pl cnb:row ?prow ; cnb:column ?col ; obeu-measure:amount ?pa . BIND(0 AS ?ca) BIND(1 AS ?cn) BIND(1 AS ?o) }
      UNION
      { ?child cnb:parentRow ?prow . ?cl cnb:row ?child ; cnb:column ?col ; obeu-measure:amount ?ca .
        BIND(0 AS ?pa) BIND(1 AS ?cn) BIND(0 AS ?o) }
    } GROUP BY ?doc ?prow ?col
  }
  FILTER(ABS(?p - ?sum0) > 0)
}"""

# the same for a parent column and its part columns, grouped by the row and the parent column
_COLUMNS = _PREFIXES + """
INSERT { _:s cnb:sumDocument ?doc ; cnb:sumRow ?row ; cnb:sumParentColumn ?pcol ; cnb:sumPrinted ?p ;
             cnb:sumParts ?sum0 ; cnb:sumTerms ?n ; cnb:sumPrintedTotal ?own ; cnb:sumSides ?sides }
WHERE {
  {
    SELECT ?doc ?row ?pcol (SUM(?pa) AS ?p) (SUM(?ca) AS ?sum0) (SUM(?cn) AS ?n) (SUM(?o) AS ?own)
           (GROUP_CONCAT(COALESCE(STR(?cl), ""); separator=" ") AS ?sides) WHERE {
      ?doc cnb:hasTable ?t . ?t cnb:hasColumn ?pcol .
      { { SELECT DISTINCT ?pcol WHERE { ?anyChild cnb:parentColumn ?pcol } }
        ?pl cnb:column ?pcol ; cnb:row ?row ; obeu-measure:amount ?pa . BIND(0 AS ?ca) BIND(1 AS ?cn) BIND(1 AS ?o) }
      UNION
      { ?child cnb:parentColumn ?pcol . ?cl cnb:column ?child ; cnb:row ?row ; obeu-measure:amount ?ca .
        BIND(0 AS ?pa) BIND(1 AS ?cn) BIND(0 AS ?o) }
    } GROUP BY ?doc ?row ?pcol
  }
  FILTER(ABS(?p - ?sum0) > 0)
}"""


def annotate(store: ox.Store) -> None:
    """Note on this validation copy every printed total that differs from the sum of its parts (earlier notes go)."""
    store.update(_CLEAR)
    store.update(_ROWS)
    store.update(_COLUMNS)
