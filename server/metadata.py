"""Descriptions of the service for portals: SPARQL Service Description, VoID and a DCAT-AP 3 catalogue.

All three are small rdflib graphs built from the settings and the store's graph list and counts.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, QB, RDF, RDFS, SKOS, XSD

from budgetkg.ontology.formats import CSV, CSVW_METADATA, DATA_PACKAGE, NQUADS, NTRIPLES, TURTLE
from budgetkg.ontology.formats import FORMATS as ALL_FORMATS
from budgetkg.ontology.namespaces import CNB, DATA_PATH, OBEU, SD, VOID

from . import exports_csvw, exports_fdp
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
DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
STABLE = URIRef("http://publications.europa.eu/resource/authority/planned-availability/STABLE")
CHINA = URIRef("http://publications.europa.eu/resource/authority/country/CHN")
ZH = URIRef("http://publications.europa.eu/resource/authority/language/ZHO")
LICENCE_TYPE = URIRef("http://purl.org/adms/licencetype/Attribution")
PUBLISHER_TYPE = URIRef("http://purl.org/adms/publishertype/NonProfitOrganisation")
# China's extent (WGS 84, lon/lat): 73°29′E–135°05′E, 3°51′N (曾母暗沙)–53°33′N; the centroid is the 中国大地原点
# (108°55′E, 34°32′N). A document's finer place is its unit's dct:spatial in the document graph (GB/T 2260).
CHINA_BBOX = "POLYGON((73.49 3.85, 135.08 3.85, 135.08 53.56, 73.49 53.56, 73.49 3.85))"
CHINA_CENTROID = "POINT(108.92 34.54)"
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
    # void:triples is "the total number of triples contained in the dataset": the dataset is the union of its
    # graphs, so a triple two graphs repeat (a unit's name, a code's label) counts once; each subset (one graph)
    # states its own count, and the subsets' counts may sum to more.
    g.add((ds, VOID.triples, Literal(distinct_triples(store), datatype=XSD.integer)))
    g.add((ds, RDFS.comment, Literal(
        "void:triples counts the distinct triples of the union of the graphs; each void:subset (one named graph, "
        "sd:name) counts its own, so a triple repeated in several graphs is counted in each subset.", lang="en")))
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


DISTINCT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
_distinct_cache: dict[int, tuple[int, int]] = {}  # id(store) → (generation, count)


def distinct_triples(store: GraphStore) -> int:
    """Distinct triples over all named graphs, counted once per change of the store."""
    cached = _distinct_cache.get(id(store))
    if cached is not None and cached[0] == store.generation:
        return cached[1]
    generation = store.generation
    rows = store.select(DISTINCT_TRIPLES)
    count = int(str(rows[0]["n"])) if rows else 0
    _distinct_cache[id(store)] = (generation, count)
    return count


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


def publisher_graph(settings: Settings) -> Graph:
    """The catalogue's publisher (``dct:publisher``): what ``{base}id/publisher`` dereferences to."""
    g = _bind(Graph())
    publisher = URIRef(settings.publisher)
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, RDF.type, FOAF.Organization))
    g.add((publisher, FOAF.name, Literal(settings.publisher_name)))
    g.add((publisher, RDFS.label, Literal(settings.publisher_name)))
    g.add((publisher, FOAF.homepage, URIRef(settings.base_iri)))
    g.add((URIRef(f"{settings.base_iri}catalog"), DCTERMS.publisher, publisher))
    return g


def service_iri(settings: Settings) -> URIRef:
    return URIRef(f"{settings.base_iri}catalog#sparql-service")


@dataclass(frozen=True)
class Export:
    """A portal export offered as a DCAT distribution (``exports_fdp``, ``exports_csvw``)."""

    url: str
    title: str
    media_type: str
    conforms_to: str
    file_type: str | None

    def add_to(self, g: Graph, dataset: URIRef, licence: URIRef) -> None:
        dist = URIRef(self.url)
        g.add((dataset, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(self.title)))
        g.add((dist, DCAT.accessURL, dist))
        g.add((dist, DCAT.downloadURL, dist))
        _media(g, dist, self.media_type, self.file_type)
        g.add((dist, DCTERMS.conformsTo, URIRef(self.conforms_to)))
        g.add((URIRef(self.conforms_to), RDF.type, DCTERMS.Standard))
        g.add((dist, DCTERMS.license, licence))


def export_distributions(settings: Settings, graph_name: str | None, tables: Sequence[str] = ()) -> list[Export]:
    """The Fiscal Data Package of a document (or, with None, of the whole store) and each table's CSV + CSVW."""
    path = graph_name.removeprefix(settings.base_iri + DATA_PATH) if graph_name else None
    package = exports_fdp.package_url(settings.base_iri, path)
    found = [
        Export(package, "Fiscal Data Package (datapackage.json)", DATA_PACKAGE.media_type, exports_fdp.FDP_STANDARD,
               DATA_PACKAGE.eu_file_type),
        Export(package.removesuffix(exports_fdp.PACKAGE_FILE) + exports_fdp.RESOURCE_FILE,
               "Fiscal Data Package data (CSV)", CSV.media_type, exports_fdp.FDP_STANDARD, CSV.eu_file_type),
    ]
    for table in tables:
        found.append(Export(exports_csvw.csv_url(table), f"{table.rsplit('/', 1)[-1]} (CSV)", CSV.media_type,
                            exports_csvw.CSV_STANDARD, CSV.eu_file_type))
        found.append(Export(exports_csvw.metadata_url(table), f"{table.rsplit('/', 1)[-1]} (CSVW metadata)",
                            CSVW_METADATA.media_type, exports_csvw.CSVW_STANDARD, CSVW_METADATA.eu_file_type))
    return found


def document_tables(store: GraphStore, graph_name: str | None = None) -> dict[str, list[str]]:
    """The budget tables of each document graph (of one, when named), sorted."""
    graph = f"<{graph_name}>" if graph_name else "?g"
    rows = store.select(f"SELECT ?g ?t WHERE {{ GRAPH {graph} {{ ?t a <{CNB}BudgetTable> }} "
                        f"{'BIND(' + graph + ' AS ?g)' if graph_name else ''} }}")
    tables: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        tables[str(row["g"])].append(str(row["t"]))
    return {g: sorted(t) for g, t in tables.items()}


def dataset_graph(settings: Settings, graph_name: str, title: str, tables: Sequence[str],
                  facts: dict[str, list[str]] | None = None) -> Graph:
    """The catalogue's description of one document graph: ``{doc}#dataset`` and its distributions (the graph as
    files, ``{doc}#sparql`` through the endpoint, the portal exports of ``exports``) — what dereferencing
    ``{doc}`` adds to the document's own statements, so that the catalogue's hash IRIs are described."""
    g = _bind(Graph())
    publisher, licence, service = URIRef(settings.publisher), URIRef(settings.licence), service_iri(settings)
    ds = URIRef(f"{graph_name}#dataset")
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal(title, lang="zh" if not title.isascii() else None)))
    g.add((ds, DCTERMS.description, Literal(f"预算公开文件的关联数据：{title}", lang="zh")))
    g.add((ds, DCTERMS.publisher, publisher))
    g.add((ds, DCAT.theme, THEME_GOVE))
    g.add((ds, DCAT.landingPage, URIRef(graph_name)))
    g.add((ds, FOAF.page, URIRef(graph_name)))
    g.add((URIRef(graph_name), RDF.type, FOAF.Document))
    for fmt in DISTRIBUTIONS:
        dist = URIRef(graph_download(settings, graph_name).removesuffix(TURTLE.extension) + fmt.extension)
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(f"{title} ({fmt.name})")))
        g.add((dist, DCAT.accessURL, dist))
        g.add((dist, DCAT.downloadURL, dist))
        _media(g, dist, fmt.media_type, str(fmt.eu_file_type))
        g.add((dist, DCTERMS.license, licence))
    sparql_dist = URIRef(f"{graph_name}#sparql")
    g.add((ds, DCAT.distribution, sparql_dist))
    g.add((sparql_dist, RDF.type, DCAT.Distribution))
    g.add((sparql_dist, DCTERMS.title, Literal("SPARQL 1.1 endpoint (GRAPH <" + graph_name + ">)", lang="en")))
    g.add((sparql_dist, DCAT.accessURL, URIRef(settings.sparql_endpoint)))
    g.add((sparql_dist, DCAT.accessService, service))
    g.add((sparql_dist, DCTERMS.conformsTo, SPARQL_PROTOCOL))
    g.add((sparql_dist, DCTERMS.license, licence))
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCAT.endpointURL, URIRef(settings.sparql_endpoint)))
    for export in export_distributions(settings, graph_name, tables):
        export.add_to(g, ds, licence)
    _recommended(g, settings, ds, ["预算公开", "budget", *(facts or {}).get("unit", []),
                                   *(facts or {}).get("place", []), *(facts or {}).get("year", [])],
                 (facts or {}).get("year", []), budget=facts is not None)
    return g


def document_facts(store: GraphStore) -> dict[str, dict[str, list[str]]]:
    """Per document graph: its fiscal year(s), its unit's name and its place's name (DCAT keywords, temporal)."""
    rows = store.select(
        "PREFIX dct: <http://purl.org/dc/terms/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        f"PREFIX cnb: <{CNB}> "
        "SELECT ?g ?year ?unit ?place WHERE { GRAPH ?g { ?g cnb:fiscalYear ?year . "
        "OPTIONAL { ?g cnb:unit ?u . ?u skos:prefLabel ?unit . "
        "OPTIONAL { ?u dct:spatial ?p . ?p skos:prefLabel ?place } } } }"
    )
    facts: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"year": [], "unit": [], "place": []})
    for row in rows:
        for key in ("year", "unit", "place"):
            value = row.get(key)
            if value is not None and str(value) not in facts[str(row["g"])][key]:
                facts[str(row["g"])][key].append(str(value))
    return dict(facts)


def _year_period(g: Graph, years: Sequence[str]) -> URIRef | BNode | None:
    """The fiscal year(s) as a dct:PeriodOfTime (a Chinese fiscal year is the calendar year)."""
    known = sorted(int(y) for y in years if y.isdigit())
    if not known:
        return None
    period: URIRef | BNode = (URIRef(f"http://reference.data.gov.uk/id/year/{known[0]}") if len(known) == 1
                              else BNode(f"years{known[0]}-{known[-1]}"))
    g.add((period, RDF.type, DCTERMS.PeriodOfTime))
    g.add((period, DCAT.startDate, Literal(f"{known[0]}-01-01", datatype=XSD.date)))
    g.add((period, DCAT.endDate, Literal(f"{known[-1]}-12-31", datatype=XSD.date)))
    return period


def _china(g: Graph) -> URIRef:
    g.add((CHINA, RDF.type, DCTERMS.Location))
    g.add((CHINA, SKOS.prefLabel, Literal("中国", lang="zh")))
    g.add((CHINA, DCAT.bbox, Literal(CHINA_BBOX, datatype=GSP.wktLiteral)))
    g.add((CHINA, DCAT.centroid, Literal(CHINA_CENTROID, datatype=GSP.wktLiteral)))
    return CHINA


def _contact(g: Graph, settings: Settings) -> URIRef:
    contact = URIRef(f"{settings.base_iri}id/publisher#contact")
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal(settings.publisher_name)))
    g.add((contact, VCARD.hasURL, URIRef(settings.base_iri)))
    return contact


def _recommended(g: Graph, settings: Settings, dataset: URIRef, keywords: Sequence[str],
                 years: Sequence[str], budget: bool = True) -> None:
    """DCAT-AP 3's recommended properties of a dataset and of each of its distributions (place and period only
    for budget documents: a graph someone uploaded that is not one gets neither)."""
    g.add((dataset, DCAT.contactPoint, _contact(g, settings)))
    for word in dict.fromkeys(k for k in keywords if k):
        g.add((dataset, DCAT.keyword, Literal(word, lang=None if word.isascii() else "zh")))
    if budget:
        g.add((dataset, DCTERMS.spatial, _china(g)))
    period = _year_period(g, years)
    if period is not None:
        g.add((dataset, DCTERMS.temporal, period))
    for dist in list(g.objects(dataset, DCAT.distribution)):
        assert isinstance(dist, URIRef)
        g.add((dist, DCATAP.availability, STABLE))
        g.add((STABLE, RDF.type, SKOS.Concept))
        g.add((STABLE, SKOS.prefLabel, Literal("Stable", lang="en")))
        if (dist, DCTERMS.description, None) not in g:
            title = g.value(dist, DCTERMS.title)
            g.add((dist, DCTERMS.description, Literal(str(title or dist))))
        if (dist, DCTERMS.format, None) not in g and (dist, DCAT.accessService, None) in g:
            g.add((dist, DCTERMS.format, FILE_TYPE.SPARQLQ))
            g.add((FILE_TYPE.SPARQLQ, RDF.type, DCTERMS.MediaTypeOrExtent))


def _media(g: Graph, dist: URIRef, media: str, file_type: str | None) -> None:
    g.add((dist, DCAT.mediaType, URIRef(IANA + media)))
    g.add((URIRef(IANA + media), RDF.type, DCTERMS.MediaType))
    if file_type:
        g.add((dist, DCTERMS.format, FILE_TYPE[file_type]))
        g.add((FILE_TYPE[file_type], RDF.type, DCTERMS.MediaTypeOrExtent))


def catalog(settings: Settings, store: GraphStore) -> Graph:
    """A DCAT-AP 3 catalogue: one dcat:Dataset per document graph, its distributions, the SPARQL service."""
    g = _bind(Graph())
    base = settings.base_iri
    cat = URIRef(f"{base}catalog")
    publisher = URIRef(settings.publisher)
    licence = URIRef(settings.licence)
    service = service_iri(settings)
    now = Literal(datetime.now(UTC).replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCTERMS.title, Literal(settings.catalog_title)))
    g.add((cat, DCTERMS.description, Literal(
        "各单位预算公开文件的关联数据（每个文件一个命名图）。Linked data from Chinese public budget disclosures, "
        "one named graph per disclosure.")))
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
    g += publisher_graph(settings)
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
    tables = document_tables(store)
    facts = document_facts(store)
    for graph_name in document_graphs(store):
        ds = URIRef(f"{graph_name}#dataset")
        g.add((cat, DCAT.dataset, ds))
        g.add((service, DCAT.servesDataset, ds))
        g += dataset_graph(settings, graph_name, titles.get(graph_name, graph_name.removeprefix(base)),
                           tables.get(graph_name, []), facts.get(graph_name))
    store_ds = URIRef(f"{base}catalog#all")
    g.add((cat, DCAT.dataset, store_ds))
    g.add((store_ds, RDF.type, DCAT.Dataset))
    g.add((store_ds, DCTERMS.title, Literal("全部预算公开文件 / All budget disclosures", lang="zh")))
    g.add((store_ds, DCTERMS.description, Literal(
        "All document graphs of the store together: the whole-store dumps and the Fiscal Data Package.", lang="en")))
    g.add((store_ds, DCTERMS.publisher, publisher))
    g.add((store_ds, DCAT.theme, THEME_GOVE))
    for name, (media, ftype) in DUMPS.items():
        dump = URIRef(f"{base}dumps/{name}")
        g.add((store_ds, DCAT.distribution, dump))
        g.add((dump, RDF.type, DCAT.Distribution))
        g.add((dump, DCAT.accessURL, dump))
        g.add((dump, DCAT.downloadURL, dump))
        g.add((dump, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
        g.add((URIRef(IANA + "application/gzip"), RDF.type, DCTERMS.MediaType))
        _media(g, dump, media, ftype)
        g.add((dump, DCTERMS.license, licence))
    for export in export_distributions(settings, None):
        export.add_to(g, store_ds, licence)
    _recommended(g, settings, store_ds, ["预算公开", "budget", "dump"],
                 [y for f in facts.values() for y in f["year"]])
    g.add((cat, DCTERMS.language, ZH))
    g.add((ZH, RDF.type, DCTERMS.LinguisticSystem))
    g.add((cat, DCTERMS.spatial, _china(g)))
    if settings.catalog_issued:
        g.add((cat, DCTERMS.issued, Literal(settings.catalog_issued, datatype=XSD.date)))
    g.add((cat, FOAF.homepage, URIRef(base)))
    g.add((licence, DCTERMS.type, LICENCE_TYPE))
    g.add((publisher, DCTERMS.type, PUBLISHER_TYPE))
    for concept, label in ((LICENCE_TYPE, "Attribution"), (PUBLISHER_TYPE, "Non-Profit Organisation")):
        g.add((concept, RDF.type, SKOS.Concept))
        g.add((concept, SKOS.prefLabel, Literal(label, lang="en")))
    g.add((service, DCAT.keyword, Literal("SPARQL", lang=None)))
    g.add((service, DCAT.contactPoint, _contact(g, settings)))
    g.add((service, DCAT.theme, THEME_GOVE))
    return g
