"""The graph as a Data Cube consumer sees it, on every corpus document (the eight PDFs of truth.json and the
bundled sample), each merged with the ontology:

- the W3C Data Cube well-formedness constraints IC-1 … IC-21 (https://www.w3.org/TR/vocab-data-cube/#wf-rules),
  as SPARQL ASK queries after the Recommendation's normalisation algorithm (phase 1 and 2 updates), on Oxigraph;
- OpenBudgets.eu's integrity checks (the checks of openbudgets/data-model ``integrity-constraints/*.rq``,
  written here as ASK queries over the same named graphs: the validated data set and OBEU's ontology);
- the DSDs of ``ontology/datacube.ttl`` list exactly the components ``ingest/datacube.py`` names;
- summing a document's own-period observations by function 类 through SPARQL gives the 类 totals its
  一般公共预算支出表 prints: every amount is counted once.

Each document is read and mapped once per session (``corpus_graph``).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from budgetkg.ingest import datacube
from budgetkg.ingest.extract.column_meaning import is_own
from budgetkg.ingest.model import Document, Measure, TableRole
from budgetkg.ingest.vocab import BUDGET_TYPES, FUND_SOURCES, NATURES, match_keyword
from budgetkg.ontology.load import DATACUBE_FILE, OBEU_COMPONENTS_FILE, ontology_files, ontology_graph
from budgetkg_testing import CORPUS, SAMPLE, require_corpus

require_corpus()
from test_pdf_corpus import FILES, parsed  # noqa: E402  (the corpus documents, read once per session)

NAMES = [*FILES, SAMPLE.name]
PREFIXES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX obeu-dimension: <http://data.openbudgets.eu/ontology/dsd/dimension/>
PREFIX obeu-measure: <http://data.openbudgets.eu/ontology/dsd/measure/>
PREFIX obeu-attribute: <http://data.openbudgets.eu/ontology/dsd/attribute/>
PREFIX cnb: <https://w3id.org/cn-budget/ontology#>
PREFIX code: <https://w3id.org/cn-budget/code/>
"""

# -- the Recommendation's normalisation algorithm (section 10.3) --------------------------------------------------

NORMALISE_PHASE_1 = """
INSERT { ?o rdf:type qb:Observation } WHERE { [] qb:observation ?o } ;
INSERT { ?o rdf:type qb:Observation } WHERE { ?o qb:dataSet [] } ;
INSERT { ?s rdf:type qb:Slice } WHERE { [] qb:slice ?s } ;
INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:DimensionProperty } WHERE { ?cs qb:dimension ?p } ;
INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:MeasureProperty } WHERE { ?cs qb:measure ?p } ;
INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:AttributeProperty } WHERE { ?cs qb:attribute ?p }
"""
NORMALISE_PHASE_2 = """
INSERT { ?obs ?comp ?value } WHERE {
  ?spec qb:componentProperty ?comp ; qb:componentAttachment qb:DataSet .
  ?dataset qb:structure [ qb:component ?spec ] ; ?comp ?value .
  ?obs qb:dataSet ?dataset .
} ;
INSERT { ?obs ?comp ?value } WHERE {
  ?spec qb:componentProperty ?comp ; qb:componentAttachment qb:Slice .
  ?dataset qb:structure [ qb:component ?spec ] ; qb:slice ?slice .
  ?slice ?comp ?value ; qb:observation ?obs .
} ;
INSERT { ?obs ?comp ?value } WHERE {
  ?spec qb:componentProperty ?comp .
  ?comp a qb:DimensionProperty .
  ?dataset qb:structure [ qb:component ?spec ] ; qb:slice ?slice .
  ?slice qb:sliceStructure [ qb:componentProperty ?comp ] .
  ?slice ?comp ?value ; qb:observation ?obs .
}
"""

# -- IC-1 … IC-19 (section 11.1): each ASK is true when the constraint is violated --------------------------------

IC = {
    "IC-1 unique data set": """ASK {
  { ?obs a qb:Observation . FILTER NOT EXISTS { ?obs qb:dataSet ?dataset1 . } }
  UNION { ?obs a qb:Observation ; qb:dataSet ?dataset1 , ?dataset2 . FILTER (?dataset1 != ?dataset2) } }""",
    "IC-2 unique DSD": """ASK {
  { ?dataset a qb:DataSet . FILTER NOT EXISTS { ?dataset qb:structure ?dsd . } }
  UNION { ?dataset a qb:DataSet ; qb:structure ?dsd1 , ?dsd2 . FILTER (?dsd1 != ?dsd2) } }""",
    "IC-3 DSD includes measure": """ASK {
  ?dsd a qb:DataStructureDefinition .
  FILTER NOT EXISTS { ?dsd qb:component [ qb:componentProperty [ a qb:MeasureProperty ] ] } }""",
    "IC-4 dimensions have range": """ASK {
  ?dim a qb:DimensionProperty . FILTER NOT EXISTS { ?dim rdfs:range [] } }""",
    "IC-5 concept dimensions have code lists": """ASK {
  ?dim a qb:DimensionProperty ; rdfs:range skos:Concept . FILTER NOT EXISTS { ?dim qb:codeList [] } }""",
    "IC-6 only attributes may be optional": """ASK {
  ?dsd qb:component ?componentSpec .
  ?componentSpec qb:componentRequired "false"^^xsd:boolean ; qb:componentProperty ?component .
  FILTER NOT EXISTS { ?component a qb:AttributeProperty } }""",
    "IC-7 slice keys must be declared": """ASK {
  ?sliceKey a qb:SliceKey . FILTER NOT EXISTS { [ a qb:DataStructureDefinition ] qb:sliceKey ?sliceKey } }""",
    "IC-8 slice keys consistent with DSD": """ASK {
  ?slicekey a qb:SliceKey ; qb:componentProperty ?prop .
  ?dsd qb:sliceKey ?slicekey .
  FILTER NOT EXISTS { ?dsd qb:component [ qb:componentProperty ?prop ] } }""",
    "IC-9 unique slice structure": """ASK {
  { ?slice a qb:Slice . FILTER NOT EXISTS { ?slice qb:sliceStructure ?key } }
  UNION { ?slice a qb:Slice ; qb:sliceStructure ?key1 , ?key2 . FILTER (?key1 != ?key2) } }""",
    "IC-10 slice dimensions complete": """ASK {
  ?slice qb:sliceStructure [ qb:componentProperty ?dim ] . FILTER NOT EXISTS { ?slice ?dim [] } }""",
    "IC-11 all dimensions required": """ASK {
  ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
  ?dim a qb:DimensionProperty .
  FILTER NOT EXISTS { ?obs ?dim [] } }""",
    "IC-12 no duplicate observations": """ASK {
  FILTER (?allEqual)
  { SELECT (MIN(?equal) AS ?allEqual) WHERE {
      ?obs1 qb:dataSet ?dataset .
      ?obs2 qb:dataSet ?dataset .
      FILTER (?obs1 != ?obs2)
      ?dataset qb:structure/qb:component/qb:componentProperty ?dim .
      ?dim a qb:DimensionProperty .
      ?obs1 ?dim ?value1 .
      ?obs2 ?dim ?value2 .
      BIND (?value1 = ?value2 AS ?equal)
    } GROUP BY ?obs1 ?obs2 } }""",
    "IC-13 required attributes": """ASK {
  ?obs qb:dataSet/qb:structure/qb:component ?component .
  ?component qb:componentRequired "true"^^xsd:boolean ; qb:componentProperty ?attr .
  FILTER NOT EXISTS { ?obs ?attr [] } }""",
    "IC-14 all measures present": """ASK {
  ?obs qb:dataSet/qb:structure ?dsd .
  FILTER NOT EXISTS { ?dsd qb:component/qb:componentProperty qb:measureType }
  ?dsd qb:component/qb:componentProperty ?measure .
  ?measure a qb:MeasureProperty .
  FILTER NOT EXISTS { ?obs ?measure [] } }""",
    "IC-15 measure dimension consistent": """ASK {
  ?obs qb:dataSet/qb:structure ?dsd ; qb:measureType ?measure .
  ?dsd qb:component/qb:componentProperty qb:measureType .
  FILTER NOT EXISTS { ?obs ?measure [] } }""",
    "IC-16 single measure on measure dimension observation": """ASK {
  ?obs qb:dataSet/qb:structure ?dsd ; qb:measureType ?measure ; ?omeasure [] .
  ?dsd qb:component/qb:componentProperty qb:measureType ; qb:component/qb:componentProperty ?omeasure .
  ?omeasure a qb:MeasureProperty .
  FILTER (?omeasure != ?measure) }""",
    "IC-17 all measures present in measures dimension cube": """ASK {
  { SELECT ?numMeasures (COUNT(?obs2) AS ?count) WHERE {
      { SELECT ?dsd (COUNT(?m) AS ?numMeasures) WHERE {
          ?dsd qb:component/qb:componentProperty ?m . ?m a qb:MeasureProperty . } GROUP BY ?dsd }
      ?obs1 qb:dataSet/qb:structure ?dsd ; qb:dataSet ?dataset ; qb:measureType ?m1 .
      ?obs2 qb:dataSet ?dataset ; qb:measureType ?m2 .
      FILTER NOT EXISTS {
        ?dsd qb:component/qb:componentProperty ?dim .
        FILTER (?dim != qb:measureType)
        ?dim a qb:DimensionProperty .
        ?obs1 ?dim ?v1 .
        ?obs2 ?dim ?v2 .
        FILTER (?v1 != ?v2) }
    } GROUP BY ?obs1 ?numMeasures HAVING (?count != ?numMeasures) } }""",
    "IC-18 consistent data set links": """ASK {
  ?dataset qb:slice ?slice . ?slice qb:observation ?obs .
  FILTER NOT EXISTS { ?obs qb:dataSet ?dataset . } }""",
    "IC-19 codes from code list (scheme)": """ASK {
  ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
  ?dim a qb:DimensionProperty ; qb:codeList ?list .
  ?list a skos:ConceptScheme .
  ?obs ?dim ?v .
  FILTER NOT EXISTS { ?v a skos:Concept ; skos:inScheme ?list } }""",
    "IC-19 codes from code list (collection)": """ASK {
  ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
  ?dim a qb:DimensionProperty ; qb:codeList ?list .
  ?list a skos:Collection .
  ?obs ?dim ?v .
  FILTER NOT EXISTS { ?v a skos:Concept . ?list skos:member+ ?v } }""",
}

# IC-20 and IC-21 are templates over each parent-child property of a hierarchical code list
IC_20 = """ASK {
  ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
  ?dim a qb:DimensionProperty ; qb:codeList ?list .
  ?list a qb:HierarchicalCodeList .
  ?obs ?dim ?v .
  FILTER NOT EXISTS { ?list qb:hierarchyRoot/<$p>* ?v } }"""
IC_21 = """ASK {
  ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
  ?dim a qb:DimensionProperty ; qb:codeList ?list .
  ?list a qb:HierarchicalCodeList .
  ?obs ?dim ?v .
  FILTER NOT EXISTS { ?list qb:hierarchyRoot/(^<$p>)* ?v } }"""
PARENT_CHILD = """SELECT DISTINCT ?p WHERE {
  ?hierarchy a qb:HierarchicalCodeList ; qb:parentChildProperty ?p . FILTER (isIRI(?p)) }"""
PARENT_CHILD_INVERSE = """SELECT DISTINCT ?p WHERE {
  ?hierarchy a qb:HierarchicalCodeList ; qb:parentChildProperty [ owl:inverseOf ?p ] . FILTER (isIRI(?p)) }"""


# -- the corpus, read once --------------------------------------------------------------------------------------


@cache
def corpus_document(name: str) -> Document:
    if name == SAMPLE.name:
        from budgetkg.ingest import parse_document

        return parse_document(SAMPLE)
    return parsed(name)


@cache
def corpus_graph(name: str) -> Graph:
    from budgetkg.ingest import to_graph

    return to_graph(corpus_document(name))


@cache
def _ontology_nt() -> bytes:
    return ontology_graph().serialize(format="nt", encoding="utf-8")


def _nt(graph: Graph) -> bytes:
    return graph.serialize(format="nt", encoding="utf-8")


@cache
def normalised_store(name: str) -> ox.Store:
    """The document graph merged with the ontology in the default graph, normalised (phases 1 and 2)."""
    store = ox.Store()
    store.load(_ontology_nt(), format=ox.RdfFormat.N_TRIPLES)
    store.load(_nt(corpus_graph(name)), format=ox.RdfFormat.N_TRIPLES)
    store.update(PREFIXES + NORMALISE_PHASE_1)
    store.update(PREFIXES + NORMALISE_PHASE_2)
    return store


def _ask(store: ox.Store, query: str, **options) -> bool:
    result = store.query(PREFIXES + query, **options)
    assert isinstance(result, ox.QueryBoolean)
    return bool(result)


ids = [n[:2] if n != SAMPLE.name else "sample" for n in NAMES]


@pytest.mark.parametrize("name", NAMES, ids=ids)
def test_data_cube_integrity_constraints(name: str) -> None:
    """IC-1 … IC-21 of the W3C Recommendation hold on the document graph with the ontology."""
    store = normalised_store(name)
    violated = [ic for ic, query in IC.items() if _ask(store, query)]
    for template, lookup in (("IC-20", PARENT_CHILD), ("IC-21", PARENT_CHILD_INVERSE)):
        query = IC_20 if template == "IC-20" else IC_21
        for solution in store.query(PREFIXES + lookup):
            if _ask(store, query.replace("$p", solution["p"].value)):
                violated.append(f"{template} <{solution['p'].value}>")
    assert not violated


def test_the_document_graphs_are_cubes() -> None:
    """The constraints are not passed vacuously: every table with amounts is a data set with a DSD, and the
    observations carry their DSD's dimensions."""
    observations = 0
    for name in NAMES:
        store = normalised_store(name)
        observations += int(next(iter(store.query(PREFIXES + """
            SELECT (COUNT(?o) AS ?n) WHERE { ?o a qb:Observation ; qb:dataSet/qb:structure ?dsd .
            ?dsd a qb:DataStructureDefinition . }""")))["n"].value)
    assert observations > 3000


AMOUNTS_IN_YUAN = """ASK {
  ?obs a qb:Observation ; qb:dataSet ?table .
  { ?obs obeu-measure:amount ?amount ; cnb:publishedValue ?published . ?table cnb:moneyScale ?scale .
    FILTER (?amount != ?published * ?scale) }
  UNION { FILTER NOT EXISTS { ?obs <http://purl.org/linked-data/sdmx/2009/attribute#unitMult>
                                   <http://purl.org/linked-data/sdmx/2009/code#unitMult-0> } }
  UNION { ?obs <http://purl.org/linked-data/sdmx/2009/attribute#unitMult> ?mult .
          FILTER (?mult != <http://purl.org/linked-data/sdmx/2009/code#unitMult-0>) } }"""
YEARS = """ASK {
  ?obs a qb:Observation ; obeu-dimension:fiscalYear ?year .
  FILTER (!STRSTARTS(STR(?year), "http://reference.data.gov.uk/id/year/")
          || NOT EXISTS { ?year a <http://reference.data.gov.uk/def/intervals/Year> }) }"""


@pytest.mark.parametrize("name", NAMES, ids=ids)
def test_amounts_are_in_yuan_and_years_are_year_intervals(name: str) -> None:
    """unitMult is the coded 0 on every amount (amount = published value × the table's scale), and the fiscal year
    is the reference.data.gov.uk year, an interval:Year (OBEU's range for obeu-dimension:fiscalYear)."""
    store = normalised_store(name)
    assert not _ask(store, AMOUNTS_IN_YUAN)
    assert not _ask(store, YEARS)


# -- OpenBudgets.eu's integrity checks --------------------------------------------------------------------------

DATASET_GRAPH = "http://data.openbudgets.eu/resource/dataset/validated-dataset"
OBEU_GRAPH = "http://data.openbudgets.eu/ontology"
QB_GRAPH = "http://purl.org/linked-data/cube"
# the terms of the Data Cube vocabulary (https://www.w3.org/TR/vocab-data-cube/, section 12)
QB_TERMS = """Attachable AttributeProperty CodedProperty ComponentProperty ComponentSet ComponentSpecification
    DataSet DataStructureDefinition DimensionProperty HierarchicalCodeList MeasureProperty Observation
    ObservationGroup Slice SliceKey attribute codeList component componentAttachment componentProperty
    componentRequired concept dataSet dimension hierarchyRoot measure measureDimension measureType observation
    observationGroup order parentChildProperty slice sliceKey sliceStructure structure""".split()

# one ASK per check of openbudgets/data-model integrity-constraints/ (true = violated)
OBEU_CHECKS = {
    "missing_mandatory_component_properties": f"""ASK {{ GRAPH <{DATASET_GRAPH}> {{
  ?dsd a qb:DataStructureDefinition .
  VALUES ?required {{ obeu-attribute:currency obeu-dimension:fiscalPeriod obeu-dimension:operationCharacter
                      obeu-dimension:organization obeu-measure:amount }}
  FILTER NOT EXISTS {{ ?dsd qb:component/qb:componentProperty ?p .
                       GRAPH ?g {{ ?p rdfs:subPropertyOf* ?required }} }} }} }}""",
    "missing_currency": f"""ASK {{ GRAPH <{DATASET_GRAPH}> {{
  ?dsd a qb:DataStructureDefinition .
  FILTER NOT EXISTS {{ ?dsd qb:component ?c . {{ ?c qb:attribute obeu-attribute:currency }}
                       UNION {{ ?c qb:componentProperty obeu-attribute:currency }} }} }} }}""",
    "use_of_abstract_property": f"""ASK {{ GRAPH <{DATASET_GRAPH}> {{
  VALUES ?abstract {{ obeu-dimension:administrativeClassification obeu-dimension:classification
                      obeu-dimension:economicClassification obeu-dimension:functionalClassification
                      obeu-dimension:programmeClassification }}
  ?dsd a qb:DataStructureDefinition ; qb:component ?c .
  {{ ?c qb:dimension ?abstract }} UNION {{ ?c qb:componentProperty ?abstract }} }} }}""",
    "code_list_redefinition": f"""ASK {{
  GRAPH <{DATASET_GRAPH}> {{ VALUES ?class {{ qb:CodedProperty qb:DimensionProperty }}
                              ?property a ?class ; qb:codeList ?list . }}
  GRAPH <{OBEU_GRAPH}> {{ ?property qb:codeList ?original . }}
  FILTER (!sameTerm(?list, ?original)) }}""",
    "hijacked_core_namespace": f"""ASK {{
  {{ SELECT DISTINCT ?term WHERE {{ GRAPH <{DATASET_GRAPH}> {{ {{ [] a ?term }} UNION {{ [] ?term [] }} }} }} }}
  FILTER STRSTARTS(STR(?term), "http://data.openbudgets.eu/ontology/")
  FILTER NOT EXISTS {{ GRAPH <{OBEU_GRAPH}> {{ ?term rdfs:isDefinedBy <http://data.openbudgets.eu/ontology> }} }} }}""",
    "property_instantiation": f"""ASK {{
  GRAPH <{OBEU_GRAPH}> {{ ?property a rdf:Property }}
  GRAPH <{DATASET_GRAPH}> {{ ?instance a ?property }} }}""",
    "use_of_deprecated_term": f"""ASK {{
  GRAPH <{OBEU_GRAPH}> {{ ?term owl:deprecated true }}
  GRAPH <{DATASET_GRAPH}> {{ {{ [] a ?term }} UNION {{ [] ?term [] }} }} }}""",
    "wrong_qb_character_case": f"""ASK {{
  {{ SELECT DISTINCT ?used WHERE {{ GRAPH <{DATASET_GRAPH}> {{ {{ [] a ?used }} UNION {{ [] ?used [] }} }}
      FILTER STRSTARTS(STR(?used), "http://purl.org/linked-data/cube#")
      FILTER NOT EXISTS {{ GRAPH <{QB_GRAPH}> {{ ?used ?p [] }} }} }} }}
  {{ SELECT DISTINCT ?term WHERE {{ GRAPH <{QB_GRAPH}> {{ ?term ?p [] }} }} }}
  FILTER (LCASE(STR(?used)) = LCASE(STR(?term))) }}""",
    # what OBEU's documentation asks besides: every data set has a DSD, every observation its amount,
    # a currency and a fiscal period, and a concrete classification sub-property with a code list
    "dataset_without_dsd": f"""ASK {{ GRAPH <{DATASET_GRAPH}> {{
  ?dataset a qb:DataSet . FILTER NOT EXISTS {{ ?dataset qb:structure [ a qb:DataStructureDefinition ] }} }} }}""",
    "observation_without_amount_currency_or_period": f"""ASK {{ GRAPH <{DATASET_GRAPH}> {{
  ?obs a qb:Observation .
  FILTER (NOT EXISTS {{ ?obs obeu-measure:amount ?amount . FILTER (datatype(?amount) = xsd:decimal) }}
          || NOT EXISTS {{ ?obs obeu-attribute:currency [] }}
          || NOT EXISTS {{ ?obs ?period [] . GRAPH ?g {{ ?period rdfs:subPropertyOf* obeu-dimension:fiscalPeriod }} }}) }} }}""",
    "classification_without_code_list": f"""ASK {{
  GRAPH <{DATASET_GRAPH}> {{ ?dsd a qb:DataStructureDefinition ; qb:component/qb:dimension ?dim . }}
  GRAPH ?g {{ ?dim rdfs:subPropertyOf+ obeu-dimension:classification . }}
  FILTER NOT EXISTS {{ GRAPH ?h {{ ?dim qb:codeList [] }} }} }}""",
}


@cache
def obeu_store(name: str) -> ox.Store:
    """The named graphs OBEU's checks read: the validated data set (the document, the ontology and its DSDs and
    code lists), OBEU's ontology (ontology/obeu-components.ttl) and the Data Cube vocabulary's terms."""
    store = ox.Store()
    dataset = Graph()
    for path in ontology_files():
        if path != OBEU_COMPONENTS_FILE:
            dataset.parse(path, format="turtle")
    dataset += corpus_graph(name)
    store.load(_nt(dataset), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(DATASET_GRAPH))
    obeu = Graph().parse(OBEU_COMPONENTS_FILE, format="turtle")
    store.load(_nt(obeu), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(OBEU_GRAPH))
    qb = "".join(f"<{QB_GRAPH}#{t}> <http://www.w3.org/2000/01/rdf-schema#isDefinedBy> <{QB_GRAPH}> .\n"
                 for t in QB_TERMS)
    store.load(qb.encode(), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(QB_GRAPH))
    return store


@pytest.mark.parametrize("name", NAMES, ids=ids)
def test_openbudgets_integrity_checks(name: str) -> None:
    store = obeu_store(name)
    assert [check for check, query in OBEU_CHECKS.items() if _ask(store, query)] == []


def test_the_openbudgets_checks_catch_what_they_check() -> None:
    """Each check fires on a graph made to break it (so a passing check is not a query that matches nothing)."""
    store = obeu_store(SAMPLE.name)
    g = f"<{DATASET_GRAPH}>"
    breakages = {
        "missing_mandatory_component_properties": f"INSERT DATA {{ GRAPH {g} {{ <urn:x:dsd> a qb:DataStructureDefinition }} }}",
        "use_of_abstract_property": f"INSERT DATA {{ GRAPH {g} {{ <urn:x:dsd> a qb:DataStructureDefinition ; qb:component [ qb:dimension obeu-dimension:classification ] }} }}",
        "hijacked_core_namespace": f"INSERT DATA {{ GRAPH {g} {{ <urn:x:o> <http://data.openbudgets.eu/ontology/dsd/dimension/madeUp> 1 }} }}",
        "wrong_qb_character_case": f"INSERT DATA {{ GRAPH {g} {{ <urn:x:o> qb:dataset <urn:x:ds> }} }}",
        "dataset_without_dsd": f"INSERT DATA {{ GRAPH {g} {{ <urn:x:ds> a qb:DataSet }} }}",
        "observation_without_amount_currency_or_period": f"INSERT DATA {{ GRAPH {g} {{ <urn:x:obs> a qb:Observation }} }}",
    }
    for check, update in breakages.items():
        copy = ox.Store()
        copy.extend(store)
        copy.update(PREFIXES + update)
        assert _ask(copy, OBEU_CHECKS[check]), check


# -- the DSDs of datacube.ttl are those ingest/datacube.py names ---------------------------------------------------


def test_dsds_list_the_components_of_ingest_datacube() -> None:
    from rdflib.namespace import QB, RDF

    graph = Graph().parse(DATACUBE_FILE, format="turtle")
    families = set(datacube.FAMILIES)
    assert {str(s) for s in graph.subjects(RDF.type, QB.DataStructureDefinition)} == {
        str(datacube.dsd(f)) for f in families}
    for family in families:
        dsd = datacube.dsd(family)
        components = list(graph.objects(dsd, QB.component))
        dims = sorted((int(graph.value(c, QB.order)), graph.value(c, QB.dimension)) for c in components
                      if graph.value(c, QB.dimension) is not None)
        assert [d for _, d in dims] == list(datacube.dimensions(family))
        assert {graph.value(c, QB.measure) for c in components} - {None} == {
            URIRef("http://data.openbudgets.eu/ontology/dsd/measure/amount")}
    assert set(datacube.FAMILY_OF) == set(TableRole)


# -- summing by function 类 counts every amount once --------------------------------------------------------------

CLASS_SUMS = """
SELECT ?class (SUM(?amount) AS ?total) (COUNT(?obs) AS ?n) WHERE {
  ?doc a cnb:BudgetDocument ; obeu-dimension:fiscalYear ?year ; obeu-dimension:budgetPhase ?phase .
  ?obs a qb:Observation ; obeu-measure:amount ?amount ;
       obeu-dimension:fiscalYear ?year ; obeu-dimension:budgetPhase ?phase ;
       obeu-dimension:operationCharacter <http://data.openbudgets.eu/resource/codelist/operation-character/expenditure> ;
       cnb:budgetType <https://w3id.org/cn-budget/code/budget-type/general-public> ;
       cnb:fundSource <https://w3id.org/cn-budget/code/fund-source/general-appropriation> ;
       cnb:expenditureNature <https://w3id.org/cn-budget/code/exp-nature/total> ;
       cnb:lineItem <https://w3id.org/cn-budget/code/line-item/total> ; cnb:columnItem <https://w3id.org/cn-budget/code/column-item/total> ;
       cnb:functionalClassification ?code .
  ?code skos:notation ?notation .
  # the tables of expenditure by function (a 收支总表 names the same 类 amounts again, in a cube of its own)
  ?obs qb:dataSet ?dataset . ?dataset qb:structure <https://w3id.org/cn-budget/dsd/expenditure-by-function> .
  # a code is summed where the table goes no deeper: no observation of the same data set has a narrower one
  FILTER NOT EXISTS {
    ?finer qb:dataSet ?dataset ; cnb:functionalClassification ?narrower .
    ?narrower skos:broader ?code . }
  BIND (SUBSTR(STR(?notation), 1, 3) AS ?class)
} GROUP BY ?class ORDER BY ?class"""


def _printed_classes(doc: Document) -> dict[str, tuple[Decimal, Decimal]] | None:
    """类 code → (printed total in 元, tolerance) of the document's 一般公共预算支出表 (功能分类), own-period 合计
    column; None when the document prints no such table."""
    tables = [t for t in doc.tables if t.role is TableRole.GENERAL_FUNCTION
              and match_keyword(t.title, FUND_SOURCES) == "general-appropriation"]
    if not tables:
        return None
    table = tables[0]
    totals = [c for c in table.columns if c.measure is Measure.AMOUNT and is_own(c) and not c.side
              and not match_keyword(c.leaf, NATURES) and not match_keyword(c.leaf, FUND_SOURCES)
              and not match_keyword(c.leaf, BUDGET_TYPES)]
    assert totals, f"{table.label}: no 合计 column of the document's own year and phase"
    column = totals[0].index
    out = {}
    for row in table.rows:
        if row.code and len(row.code) == 3 and row.code_system == "function":
            value = row.value(column)
            if value is not None:
                children = sum(1 for r in table.rows if r.code and r.code.startswith(row.code) and r.code != row.code)
                tolerance = table.scale * max(Decimal("0.01"), Decimal("0.005") * max(children, 1))
                out[row.code] = (value * table.scale, tolerance)
    return out


@pytest.mark.parametrize("name", NAMES, ids=ids)
def test_function_class_sums_are_the_printed_class_totals(name: str) -> None:
    doc = corpus_document(name)
    printed = _printed_classes(doc)
    if printed is None:
        pytest.skip("no 一般公共预算支出表 (功能分类) in this document")
    store = ox.Store()
    store.load(_ontology_nt(), format=ox.RdfFormat.N_TRIPLES)
    store.load(_nt(corpus_graph(name)), format=ox.RdfFormat.N_TRIPLES)
    summed = {s["class"].value: Decimal(s["total"].value) for s in store.query(PREFIXES + CLASS_SUMS)}
    assert set(summed) == set(printed)
    for code, (total, tolerance) in printed.items():
        assert abs(summed[code] - total) <= tolerance, (code, summed[code], total)


def test_the_sample_class_sums_exactly() -> None:
    """The sample's 公开表3 prints 201 = 21,597.59, 208 = 70.72, 210 = 26.80, 221 = 54.55 万元."""
    store = ox.Store()
    store.load(_ontology_nt(), format=ox.RdfFormat.N_TRIPLES)
    store.load(_nt(corpus_graph(SAMPLE.name)), format=ox.RdfFormat.N_TRIPLES)
    summed = {s["class"].value: Decimal(s["total"].value) for s in store.query(PREFIXES + CLASS_SUMS)}
    assert summed == {"201": Decimal("215975900"), "208": Decimal("707200"), "210": Decimal("268000"),
                      "221": Decimal("545500")}


def test_corpus_folder_is_the_shared_one() -> None:
    assert (CORPUS / "truth.json").is_file() and Path(SAMPLE).is_file()
