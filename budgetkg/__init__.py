"""budgetkg: Chinese public budget disclosures as a knowledge graph.

The installed code lives under this one namespace: ``budgetkg.ingest`` (reading and mapping),
``budgetkg.server`` (the SPARQL endpoint and pages), ``budgetkg.ontology`` and ``budgetkg.shapes`` (data files),
and ``budgetkg.cli`` (the ``budgetkg`` command, a thin layer above ingest and server).

In the wheel those folders sit inside this package. In the repository they are top-level folders beside it,
so a checkout (or an editable install) extends this package's path to the repository root.
"""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

_here = Path(__file__).resolve().parent
if not (_here / "ingest").is_dir() and (_here.parent / "ingest" / "__init__.py").is_file():
    __path__.append(str(_here.parent))  # a checkout: budgetkg.ingest is <repo>/ingest
