"""The IRIs of budgetkg's vocabulary, of its data and of the vocabularies it reuses, each written once.

Both ``budgetkg.ingest`` (which writes them) and ``budgetkg.server`` (which reads them) import this module;
``ingest.vocab`` re-exports it. SPARQL text builds its ``PREFIX`` lines from :data:`PREFIXES` (:func:`prefix`).
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, ORG, PROV, QB, RDF, RDFS, SKOS, XSD, DefinedNamespace

W3ID = "https://w3id.org/cn-budget/"
ONTOLOGY = URIRef(W3ID + "ontology")  # the ontology (budget.ttl) itself
CNB = Namespace(W3ID + "ontology#")  # its classes and properties
CODE = Namespace(W3ID + "code/")  # the code lists (SKOS schemes and concepts)
SHAPES = Namespace(W3ID + "shapes#")  # the SHACL shapes (shapes/*.ttl)
AGENT = Namespace(W3ID + "agent/")  # the software that wrote a graph (prov:wasAssociatedWith)
DSD = Namespace(W3ID + "dsd/")  # the Data Cube structure definitions, one per table family (ontology/datacube.ttl)

# Data IRIs live under a deployment's base IRI (``--base``, ``BUDGETKG_BASE_IRI``): ``{base}id/…``.
DATA_PATH = "id/"
DOC_PATH = DATA_PATH + "doc/"  # {base}id/doc/{unit}/{year}/{phase}: one document (and its named graph)
UNIT_PATH = DATA_PATH + "unit/"
YEAR_PATH = DATA_PATH + "year/"
FILE_PATH = DATA_PATH + "file/"  # {base}id/file/{sha256}: a source file

OBEU = Namespace("http://data.openbudgets.eu/ontology/")
OBEU_DIM = Namespace("http://data.openbudgets.eu/ontology/dsd/dimension/")
OBEU_ATTR = Namespace("http://data.openbudgets.eu/ontology/dsd/attribute/")
OBEU_MEASURE = Namespace("http://data.openbudgets.eu/ontology/dsd/measure/")
OBEU_PHASE = Namespace("http://data.openbudgets.eu/resource/codelist/budget-phase/")
OBEU_OP = Namespace("http://data.openbudgets.eu/resource/codelist/operation-character/")
SDMX_ATTR = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
XKOS = Namespace("http://rdf-vocabulary.ddialliance.org/xkos#")
OA = Namespace("http://www.w3.org/ns/oa#")
TIME = Namespace("http://www.w3.org/2006/time#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
CURRENCY = Namespace("http://publications.europa.eu/resource/authority/currency/")
SDMX_CODE = Namespace("http://purl.org/linked-data/sdmx/2009/code#")
# the fiscal year of an observation (obeu-dimension:fiscalYear, range interval:Year) is the UK reference year IRI
# other fiscal data (OBEU's examples) uses: http://reference.data.gov.uk/id/year/2025
YEAR = Namespace("http://reference.data.gov.uk/id/year/")
INTERVAL = Namespace("http://reference.data.gov.uk/def/intervals/")

PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "cnb": CNB,
    "code": CODE,
    "qb": QB,
    "obeu": OBEU,
    "obeu-dimension": OBEU_DIM,
    "obeu-attribute": OBEU_ATTR,
    "obeu-measure": OBEU_MEASURE,
    "obeu-budgetphase": OBEU_PHASE,
    "obeu-operation": OBEU_OP,
    "sdmx-attribute": SDMX_ATTR,
    "sdmx-measure": SDMX_MEASURE,
    "sdmx-dimension": SDMX_DIM,
    "skos": SKOS,
    "xkos": XKOS,
    "org": ORG,
    "prov": PROV,
    "oa": OA,
    "dcat": DCAT,
    "dct": DCTERMS,
    "time": TIME,
    "foaf": FOAF,
    "void": VOID,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}


def prefix(*names: str) -> str:
    """SPARQL ``PREFIX`` lines for these prefixes of :data:`PREFIXES` (all of them when none is named)."""
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in (names or PREFIXES))


SPARQL_PREFIXES = prefix()
