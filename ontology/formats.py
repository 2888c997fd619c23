"""Every RDF, SPARQL-results and page format the project reads or writes, each defined once.

Ingest (``--format``, serialisation, query files), the server (content negotiation, result writers, dumps,
uploads, service description) and the CLI derive their tables from :data:`FORMATS`. It lives beside the
ontology so that both ``budgetkg.ingest`` and ``budgetkg.server`` may import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pyoxigraph as ox

Kind = Literal["graph", "dataset", "results", "page", "export"]


@dataclass(frozen=True)
class Format:
    """One format: its names, media types, file extensions and the names libraries know it by."""

    names: tuple[str, ...]  # values of a ``format`` parameter / ``--format``; the first is its short name
    media_type: str
    extensions: tuple[str, ...]  # the first is the one written; the others are read too
    kind: Kind
    rdflib: str = ""  # rdflib's parser / serializer name ("" when it has none)
    oxigraph: ox.RdfFormat | ox.QueryResultsFormat | None = None
    w3c: str | None = None  # local name in http://www.w3.org/ns/formats/ (service descriptions)
    eu_file_type: str | None = None  # code in the EU file-type authority table (DCAT distributions)
    other_media_types: tuple[str, ...] = ()  # other names clients send for it

    @property
    def name(self) -> str:
        return self.names[0]

    @property
    def extension(self) -> str:
        return self.extensions[0]


TURTLE = Format(("ttl", "turtle"), "text/turtle", (".ttl",), "graph", "turtle", ox.RdfFormat.TURTLE,
                "Turtle", "RDF_TURTLE", ("application/x-turtle",))
NTRIPLES = Format(("nt", "ntriples", "n-triples"), "application/n-triples", (".nt",), "graph", "nt",
                  ox.RdfFormat.N_TRIPLES, "N-Triples", "RDF_N_TRIPLES", ("text/plain", "text/n-triples"))
JSONLD = Format(("jsonld", "json-ld"), "application/ld+json", (".jsonld", ".json"), "graph", "json-ld",
                ox.RdfFormat.JSON_LD, "JSON-LD", other_media_types=("application/json",))
RDFXML = Format(("rdfxml", "rdf"), "application/rdf+xml", (".rdf", ".owl", ".xml"), "graph", "xml",
                ox.RdfFormat.RDF_XML, "RDF_XML", other_media_types=("application/xml", "text/xml"))
N3 = Format(("n3",), "text/n3", (".n3",), "graph", "n3", ox.RdfFormat.N3)
NQUADS = Format(("nq", "nquads"), "application/n-quads", (".nq",), "dataset", "nquads", ox.RdfFormat.N_QUADS,
                "N-Quads", "RDF_N_QUADS")
TRIG = Format(("trig",), "application/trig", (".trig",), "dataset", "trig", ox.RdfFormat.TRIG, "TriG")
JSON_RESULTS = Format(("json",), "application/sparql-results+json", (".srj",), "results", "json",
                      ox.QueryResultsFormat.JSON, "SPARQL_Results_JSON", other_media_types=("application/json",))
XML_RESULTS = Format(("xml",), "application/sparql-results+xml", (".srx",), "results", "xml",
                     ox.QueryResultsFormat.XML, "SPARQL_Results_XML",
                     other_media_types=("application/xml", "text/xml"))
CSV = Format(("csv",), "text/csv", (".csv",), "results", "csv", ox.QueryResultsFormat.CSV, "SPARQL_Results_CSV",
             eu_file_type="CSV")
TSV = Format(("tsv",), "text/tab-separated-values", (".tsv",), "results", "tsv", ox.QueryResultsFormat.TSV,
             "SPARQL_Results_TSV")
HTML = Format(("html",), "text/html", (".html",), "page", other_media_types=("application/xhtml+xml",))

# Portal exports (server/exports_*.py), not RDF: kept out of FORMATS so that content negotiation never offers them
# where it offers JSON results or JSON-LD.
DATA_PACKAGE = Format(("datapackage",), "application/json", ("datapackage.json",), "export", eu_file_type="JSON")
CSVW_METADATA = Format(("csvw",), "application/csvm+json", ("-metadata.json",), "export", eu_file_type="JSON")

FORMATS = (TURTLE, NTRIPLES, JSONLD, RDFXML, N3, NQUADS, TRIG, JSON_RESULTS, XML_RESULTS, CSV, TSV, HTML)

# Formats a document is written in by ingest (``budgetkg ingest --format``).
DOCUMENT_FORMATS = (TURTLE, NTRIPLES, JSONLD)
# Graph formats the server offers, in order of preference (the first answers ``*/*``).
GRAPH_FORMATS = (TURTLE, NTRIPLES, JSONLD, RDFXML)
# Results formats of a SELECT, in order of preference; an ASK answers in the first two.
RESULTS_FORMATS = (JSON_RESULTS, XML_RESULTS, CSV, TSV)
BOOLEAN_FORMATS = (JSON_RESULTS, XML_RESULTS)
# What a data IRI dereferences to: a page for browsers first, then graphs.
RESOURCE_FORMATS = (HTML, TURTLE, JSONLD, NTRIPLES, RDFXML)

BY_MEDIA_TYPE = {f.media_type: f for f in FORMATS}


def of_kind(*kinds: Kind) -> tuple[Format, ...]:
    """The formats of these kinds, in the order of :data:`FORMATS`."""
    return tuple(f for f in FORMATS if f.kind in kinds)
