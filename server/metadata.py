"""Descriptions of the service for portals: SPARQL Service Description, VoID and a DCAT-AP 3 catalogue.

All three are small rdflib graphs built from the settings and the store's graph list and counts.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, QB, RDF, RDFS, SKOS, XSD

from budgetkg.ontology.formats import FORMATS as ALL_FORMATS
from budgetkg.ontology.formats import NQUADS, NTRIPLES, TURTLE
from budgetkg.ontology.namespaces import CNB, DATA_PATH, OBEU, SD, VOID

from .config import Settings
from .negotiation import BINDINGS, GRAPH
from .store import GraphStore
from .vocabulary_graph import VOCABULARY_GRAPH, document_graphs, is_document_graph

FORMATS = Namespace("http://www.w3.org/ns/formats/")
IANA = "http://www.iana.org/assignments/media-types/"
FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
THEME_GOVE = URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE")
THEMES = URIRef("http://publications.europa.eu/resource/authority/data-theme")
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
RESULT_FORMATS = {f.media_type: FORMATS[f.w3c] for f in ALL_FORMATS if f.w3c}  # media type → W3C format IRI
DUMPS = {  # file name → (media type, EU file type)
    f"budgetkg{f.extension}.gz": (f.media_type, f.eu_file_type) for f in (NQUADS, TURTLE) if f.eu_file_type
}
DISTRIBUTIONS = (TURTLE, NTRIPLES)  # the formats each document graph is offered in as a file


def _bind(g: Graph) -> Graph:
    for prefix, ns in {"sd": SD, "void": VOID, "dcat": DCAT, "dct": DCTERMS, "foaf": FOAF, "skos": SKOS}.items():
        g.bind(prefix, ns)
    return g


def service_description(settings: Settings) -> Graph:
    g = _bind(Graph())
    svc = URIRef(settings.sparql_endpoint)
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, svc))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    for media in [*BINDINGS, *GRAPH]:
        g.add((svc, SD.resultFormat, RESULT_FORMATS[media]))
    g.add((svc, SD.feature, SD.UnionDefaultGraph))
    g.add((svc, SD.feature, SD.BasicFederatedQuery if settings.service_allow_list else SD.DereferencesURIs))
    dataset = BNode("dataset")
    g.add((svc, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    default = BNode("default")
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((svc, RDFS.comment, Literal(
        f"Read-only. Default graph = union of the document graphs and the vocabulary graph <{VOCABULARY_GRAPH}> (ontology and code lists). Timeout {settings.query_timeout:g} s, "
        f"at most {settings.row_cap} rows; SERVICE "
        + ("allowed for: " + ", ".join(settings.service_allow_list) if settings.service_allow_list else "disabled")
        + ".", lang="en")))
    return g


def void(settings: Settings, store: GraphStore) -> Graph:
    g = _bind(Graph())
    base = settings.base_iri
    ds = URIRef(f"{base}.well-known/void#dataset")
    counts = store.triple_counts()
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.title, Literal(settings.catalog_title)))
    g.add((ds, VOID.sparqlEndpoint, URIRef(settings.sparql_endpoint)))
    g.add((ds, VOID.uriSpace, Literal(base + DATA_PATH)))
    g.add((ds, VOID.triples, Literal(sum(counts.values()), datatype=XSD.integer)))
    g.add((ds, DCTERMS.license, URIRef(settings.licence)))
    for name in DUMPS:
        g.add((ds, VOID.dataDump, URIRef(f"{base}dumps/{name}")))
    for vocab in [CNB, QB, SKOS, OBEU, PROV]:
        g.add((ds, VOID.vocabulary, URIRef(str(vocab))))
    for graph_name, n in sorted(counts.items()):
        sub = URIRef(f"{base}.well-known/void#graph-{hashlib.sha1(graph_name.encode()).hexdigest()[:12]}")
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, SD.name, URIRef(graph_name)))
        g.add((sub, VOID.triples, Literal(n, datatype=XSD.integer)))
        g.add((sub, VOID.dataDump, URIRef(graph_download(settings, graph_name))))
        if graph_name.startswith(base + DATA_PATH):
            g.add((ds, VOID.exampleResource, URIRef(graph_name)))
    return g


def graph_download(settings: Settings, graph_name: str) -> str:
    """URL of one document graph as Turtle (``/graphs/{path}.ttl``); the vocabulary graph is ``/ontology``."""
    if not is_document_graph(graph_name):
        return f"{settings.base_iri}ontology?format=ttl"
    path = graph_name.removeprefix(settings.base_iri + DATA_PATH)
    return f"{settings.base_iri}graphs/{path}{TURTLE.extension}"


def document_titles(store: GraphStore) -> dict[str, str]:
    rows = store.select(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX dct: <http://purl.org/dc/terms/> "
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?g ?t WHERE { GRAPH ?g { ?g rdfs:label|dct:title|skos:prefLabel ?t } }"
    )
    titles: dict[str, str] = {}
    for row in sorted(rows, key=lambda r: (str(r["g"]), getattr(r["t"], "language", None) != "zh")):
        titles.setdefault(str(row["g"]), str(row["t"]))
    return titles


def catalog(settings: Settings, store: GraphStore) -> Graph:
    """A DCAT-AP 3 catalogue: one dcat:Dataset per document graph, its distributions, the SPARQL service."""
    g = _bind(Graph())
    base = settings.base_iri
    cat = URIRef(f"{base}catalog")
    publisher = URIRef(settings.publisher)
    licence = URIRef(settings.licence)
    service = URIRef(f"{base}catalog#sparql-service")
    now = Literal(datetime.now(UTC).replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCTERMS.title, Literal(settings.catalog_title)))
    g.add((cat, DCTERMS.description, Literal(
        "各单位预算公开文件的关联数据（每个文件一个命名图）。Linked data from Chinese public budget disclosures, "
        "one named graph per disclosure.")))
    g.add((cat, DCTERMS.publisher, publisher))
    g.add((cat, DCTERMS.license, licence))
    g.add((cat, DCTERMS.modified, now))
    g.add((cat, FOAF.homepage, URIRef(base)))
    g.add((URIRef(base), RDF.type, FOAF.Document))
    g.add((cat, DCAT.themeTaxonomy, THEMES))
    g.add((cat, DCAT.service, service))
    g.add((THEMES, RDF.type, SKOS.ConceptScheme))
    g.add((THEMES, DCTERMS.title, Literal("Data theme", lang="en")))
    g.add((THEME_GOVE, RDF.type, SKOS.Concept))
    g.add((THEME_GOVE, SKOS.prefLabel, Literal("Government and public sector", lang="en")))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(settings.publisher_name)))
    g.add((licence, RDF.type, DCTERMS.LicenseDocument))
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCTERMS.title, Literal("SPARQL 1.1 endpoint", lang="en")))
    g.add((service, DCAT.endpointURL, URIRef(settings.sparql_endpoint)))
    g.add((service, DCAT.endpointDescription, URIRef(settings.sparql_endpoint)))
    g.add((service, DCTERMS.conformsTo, SPARQL_PROTOCOL))
    g.add((SPARQL_PROTOCOL, RDF.type, DCTERMS.Standard))
    g.add((service, DCTERMS.license, licence))
    g.add((service, DCTERMS.publisher, publisher))
    titles = document_titles(store)
    for graph_name in document_graphs(store):
        ds = URIRef(f"{graph_name}#dataset")
        g.add((cat, DCAT.dataset, ds))
        g.add((service, DCAT.servesDataset, ds))
        g.add((ds, RDF.type, DCAT.Dataset))
        title = titles.get(graph_name, graph_name.removeprefix(base))
        g.add((ds, DCTERMS.title, Literal(title, lang="zh" if not title.isascii() else None)))
        g.add((ds, DCTERMS.description, Literal(f"预算公开文件的关联数据：{title}", lang="zh")))
        g.add((ds, DCTERMS.publisher, publisher))
        g.add((ds, DCAT.theme, THEME_GOVE))
        g.add((ds, DCAT.landingPage, URIRef(graph_name)))
        g.add((URIRef(graph_name), RDF.type, FOAF.Document))
        for fmt in DISTRIBUTIONS:
            media, ftype = fmt.media_type, str(fmt.eu_file_type)
            dist = URIRef(graph_download(settings, graph_name).removesuffix(TURTLE.extension) + fmt.extension)
            g.add((ds, DCAT.distribution, dist))
            g.add((dist, RDF.type, DCAT.Distribution))
            g.add((dist, DCAT.accessURL, dist))
            g.add((dist, DCAT.downloadURL, dist))
            g.add((dist, DCAT.mediaType, URIRef(IANA + media)))
            g.add((URIRef(IANA + media), RDF.type, DCTERMS.MediaType))
            g.add((dist, DCTERMS.format, FILE_TYPE[ftype]))
            g.add((FILE_TYPE[ftype], RDF.type, DCTERMS.MediaTypeOrExtent))
            g.add((dist, DCTERMS.license, licence))
        sparql_dist = URIRef(f"{graph_name}#sparql")
        g.add((ds, DCAT.distribution, sparql_dist))
        g.add((sparql_dist, RDF.type, DCAT.Distribution))
        g.add((sparql_dist, DCAT.accessURL, URIRef(settings.sparql_endpoint)))
        g.add((sparql_dist, DCAT.accessService, service))
        g.add((sparql_dist, DCTERMS.license, licence))
    return g
