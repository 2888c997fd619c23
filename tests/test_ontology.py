"""The ontology (ontology/budget.ttl), its code lists (ontology/codelists/*.ttl) and the JSON-LD context."""

from __future__ import annotations

import json
import re
import sys
from importlib.resources import files
from pathlib import Path

import owlrl
import pytest
from owlrl.Namespaces import ERRNS as ERR  # where owlrl reports inconsistencies
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the repository root, when the project is not installed
    sys.path.insert(0, str(ROOT))

from budgetkg.ingest import parse_document, to_graph, vocab  # noqa: E402
from budgetkg.ingest.datacube import TOTAL  # noqa: E402
from budgetkg.ingest.model import Measure, TableRole  # noqa: E402
from budgetkg.ontology import build_codelists  # noqa: E402
from budgetkg.ontology.load import (  # noqa: E402
    CODELIST_DIR,
    CONTEXT_FILE,
    ONTOLOGY_DIR,
    ONTOLOGY_FILE,
    ontology_files,
    ontology_graph,
)

CNB = vocab.CNB
CODE = vocab.CODE
QB = vocab.QB
XKOS = vocab.XKOS
ONTOLOGY = URIRef("https://w3id.org/cn-budget/ontology")
OBEU_DIM = vocab.OBEU_DIM
PROV = vocab.PROV
XSD = Namespace(str(vocab.XSD))  # a plain namespace: pytest probing rdflib's XSD object warns

CLASSES = """BudgetDocument SourceFile BudgetUnit BudgetTable TableColumn TableRow BudgetLine TableFigure CellSource
    Extraction Project PerformanceGoal IndicatorTarget NarrativeSection NarrativeClaim TermDefinition""".split()
OBJECT_PROPERTIES = """unit hasTable hasProject document tableRole hasColumn hasRow row column parentColumn parentRow side rowKind
    functionalClassification economicClassification fundSource expenditureNature budgetType project scope hasGoal
    goalOf hasIndicator indicatorLevel1 indicatorLevel2 comparator polarity measureKind hasSection sectionKind
    inSection hasClaim hasTerm sourceFile amountLine source subsetOfColumn measureType""".split()
DATATYPE_PROPERTIES = {
    "fiscalYear": XSD.gYear, "unitCode": XSD.string, "regionCode": XSD.string, "sha256": XSD.string,
    "tableLabel": None, "tableIndex": XSD.integer, "moneyScale": XSD.decimal, "scaleLabel": None, "note": None,
    "columnIndex": XSD.integer, "columnLabel": None, "rowIndex": XSD.integer, "rowLabel": None, "code": XSD.string,
    "codeText": XSD.string, "level": XSD.integer, "publishedValue": XSD.decimal, "verbatimText": XSD.string,
    "page": XSD.integer, "sourceLine": XSD.integer, "bbox": XSD.string, "goalText": None, "sequence": None,
    "projectName": None, "indicatorIndex": XSD.integer, "indicatorName": None, "targetValue": XSD.decimal,
    "targetText": None, "unitLabel": None, "grade": None, "weight": XSD.decimal, "sectionText": None,
    "claimText": None, "subjectText": None, "statedValue": XSD.decimal, "statedUnit": None,
    "statedText": XSD.string, "valueInYuan": XSD.decimal, "ownPeriod": XSD.boolean, "changeAmount": XSD.decimal,
    "changePercent": XSD.decimal, "sharePercent": XSD.decimal, "countValue": XSD.decimal, "scoreValue": XSD.decimal, "lineNumber": XSD.string,
}
# dimension property → (super-property, code list)
DIMENSIONS = {
    "functionalClassification": (OBEU_DIM.functionalClassification, vocab.SCHEME_FUNCTION),
    "economicClassification": (OBEU_DIM.economicClassification, vocab.SCHEME_ECONOMIC),
    "fundSource": (OBEU_DIM.classification, vocab.SCHEME_FUND_SOURCE),
    "expenditureNature": (OBEU_DIM.classification, vocab.SCHEME_NATURE),
    "budgetType": (OBEU_DIM.classification, vocab.SCHEME_BUDGET_TYPE),
}
SUBCLASSES = {
    "BudgetTable": [QB.DataSet],
    "BudgetLine": [QB.Observation],
    "BudgetUnit": [vocab.ORG.Organization],
    "Project": [vocab.FOAF.Project, PROV.Entity],
    "CellSource": [vocab.OA.SpecificResource],
    "Extraction": [PROV.Activity],
    "BudgetDocument": [vocab.FOAF.Document, PROV.Entity],
    "SourceFile": [vocab.FOAF.Document],
}
# Slugs each hand-written scheme must hold: exactly those the ingest code uses.
SCHEME_SLUGS: dict[str, set[str]] = {
    # "total": the value of a dimension a cell is not broken down by (ontology/datacube.ttl)
    "fund-source": set(vocab.FUND_SOURCES.values()) | {TOTAL},
    "exp-nature": set(vocab.NATURES.values()) | {TOTAL},
    "budget-type": set(vocab.BUDGET_TYPES.values()) | {TOTAL},
    "comparator": set(vocab.COMPARATORS.values()),
    "polarity": set(vocab.POLARITIES.values()),
    "indicator-category": set(vocab.INDICATOR_LEVEL1.values()) | set(vocab.INDICATOR_LEVEL2.values()),
    "table-role": {role.value for role in TableRole},
    "row-kind": set(vocab.ROW_KINDS),
    "side": set(vocab.SIDES),
    "scope": set(vocab.SCOPES.values()),
    "section-kind": set(vocab.SECTION_KINDS),
    "measure-kind": {"quantitative", "qualitative"},
    "measure-type": {m.value for m in Measure},
}
SAMPLE_CODES = {
    "func": ["2010350", "2010399", "2080505", "2080506", "2089999", "2101102", "2210201", "2210203"],
    "econ": ["3010201", "3010203", "3011201", "3011202", "3029909", "3030901"],
}


def _parse(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return _parse(ONTOLOGY_FILE)


@pytest.fixture(scope="module")
def everything() -> Graph:
    return ontology_graph()


def _lang_values(graph: Graph, subject, predicate, lang: str) -> list[str]:
    return [str(o) for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language == lang]


def _concepts(graph: Graph, scheme: URIRef) -> list[URIRef]:
    return sorted(graph.subjects(SKOS.inScheme, scheme))


def _closure_problems(graph: Graph) -> list[str]:
    copy = Graph()
    copy += graph
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(copy)
    problems = [str(m) for e in copy.subjects(RDF.type, ERR.ErrorMessage) for m in copy.objects(e, ERR.error)]
    problems += [f"{s} is an owl:Nothing" for s in copy.subjects(RDF.type, OWL.Nothing)]
    return problems


# --- files ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ontology_files(), ids=lambda p: p.name)
def test_every_turtle_file_parses(path: Path) -> None:
    assert len(_parse(path)) > 20


def test_all_codelist_files_are_loaded() -> None:
    names = {p.name for p in ontology_files()}
    assert {"budget.ttl", "func.ttl", "econ.ttl", "schemes.ttl"} <= names
    assert set(CODELIST_DIR.glob("*.ttl")) <= set(ontology_files())


def test_loader_is_cached_and_complete(everything: Graph) -> None:
    assert ontology_graph() is everything
    assert ONTOLOGY_DIR == Path(str(files("budgetkg.ontology")))
    assert (CNB.BudgetLine, RDF.type, OWL.Class) in everything
    assert (vocab.SCHEME_FUNCTION, RDF.type, SKOS.ConceptScheme) in everything
    assert (vocab.concept("comparator", "ge"), SKOS.inScheme, vocab.SCHEME_COMPARATOR) in everything


# --- the OWL ontology ---------------------------------------------------------------------------------------


def test_ontology_header(onto: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in onto
    assert _lang_values(onto, ONTOLOGY, vocab.DCTERMS.title, "zh")
    assert _lang_values(onto, ONTOLOGY, vocab.DCTERMS.title, "en")
    assert onto.value(ONTOLOGY, OWL.versionInfo) == Literal("0.1.0")
    assert onto.value(ONTOLOGY, vocab.DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert onto.value(ONTOLOGY, URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix")) == Literal("cnb")


@pytest.mark.parametrize(
    ("names", "kind"),
    [(CLASSES, OWL.Class), (OBJECT_PROPERTIES, OWL.ObjectProperty), (list(DATATYPE_PROPERTIES), OWL.DatatypeProperty)],
    ids=["classes", "object-properties", "datatype-properties"],
)
def test_required_terms_are_declared(onto: Graph, names: list[str], kind: URIRef) -> None:
    missing = [n for n in names if (CNB[n], RDF.type, kind) not in onto]
    assert not missing, f"not declared as {kind}: {missing}"


def test_every_cnb_term_in_any_file_is_declared_and_labelled() -> None:
    used: set[URIRef] = set()
    for path in ontology_files():
        for triple in _parse(path):
            used |= {t for t in triple if isinstance(t, URIRef) and str(t).startswith(str(CNB))}
    assert len(used) >= len(CLASSES) + len(OBJECT_PROPERTIES) + len(DATATYPE_PROPERTIES)
    onto = _parse(ONTOLOGY_FILE)
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
    problems = []
    for term in sorted(used):
        if not kinds & set(onto.objects(term, RDF.type)):
            problems.append(f"{term}: not declared")
        for lang in ("zh", "en"):
            if not _lang_values(onto, term, RDFS.label, lang):
                problems.append(f"{term}: no rdfs:label @{lang}")
            if not (_lang_values(onto, term, RDFS.comment, lang) or _lang_values(onto, term, SKOS.definition, lang)):
                problems.append(f"{term}: no rdfs:comment or skos:definition @{lang}")
            if len(_lang_values(onto, term, RDFS.label, lang)) > 1:
                problems.append(f"{term}: several rdfs:label @{lang}")
        if (term, RDFS.isDefinedBy, ONTOLOGY) not in onto:
            problems.append(f"{term}: no rdfs:isDefinedBy")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", sorted(SUBCLASSES))
def test_classes_specialise_reused_vocabularies(onto: Graph, name: str) -> None:
    for parent in SUBCLASSES[name]:
        assert (CNB[name], RDFS.subClassOf, parent) in onto


def test_indicator_target_aligns_with_kpi_vocabularies(onto: Graph) -> None:
    matches = set(onto.objects(CNB.IndicatorTarget, SKOS.closeMatch))
    assert {
        URIRef("http://w3id.org/kpionto/Indicator"),
        URIRef("https://w3id.org/italia/onto/Indicator/Indicator"),
        URIRef("http://www.w3.org/ns/dqv#Metric"),
    } <= matches


@pytest.mark.parametrize("name", sorted(DIMENSIONS))
def test_coded_dimensions(onto: Graph, everything: Graph, name: str) -> None:
    prop = CNB[name]
    parent, scheme = DIMENSIONS[name]
    assert (prop, RDFS.subPropertyOf, parent) in onto
    assert {QB.DimensionProperty, QB.CodedProperty} <= set(onto.objects(prop, RDF.type))
    assert onto.value(prop, QB.codeList) == scheme
    assert (scheme, RDF.type, SKOS.ConceptScheme) in everything
    assert onto.value(prop, RDFS.range) == SKOS.Concept


def test_project_dimension_and_source(onto: Graph) -> None:
    assert (CNB.project, RDFS.subPropertyOf, OBEU_DIM.project) in onto
    assert (CNB.project, RDF.type, QB.DimensionProperty) in onto
    assert onto.value(CNB.project, RDFS.range) == CNB.Project
    assert (CNB.source, RDFS.subPropertyOf, PROV.wasDerivedFrom) in onto
    assert onto.value(CNB.source, RDFS.range) == CNB.CellSource


def test_every_code_list_pointer_resolves(onto: Graph, everything: Graph) -> None:
    pointers = list(onto.subject_objects(QB.codeList))
    assert len(pointers) >= 14
    missing = [(p, s) for p, s in pointers if (s, RDF.type, SKOS.ConceptScheme) not in everything]
    assert not missing


@pytest.mark.parametrize("name", sorted(DATATYPE_PROPERTIES))
def test_datatype_ranges(onto: Graph, name: str) -> None:
    assert onto.value(CNB[name], RDFS.range) == DATATYPE_PROPERTIES[name]


def test_reused_measure_and_attributes_are_declared(onto: Graph, everything: Graph) -> None:
    """The OBEU components are declared as OBEU declares them (obeu-components.ttl), ranges included; budget.ttl
    does not redeclare them."""
    for term in (vocab.OBEU_MEASURE.amount, vocab.SDMX_ATTR.unitMult, vocab.OBEU_ATTR.currency,
                 OBEU_DIM.fiscalYear, OBEU_DIM.fiscalPeriod, OBEU_DIM.budgetPhase, OBEU_DIM.organization,
                 OBEU_DIM.operationCharacter, OBEU_DIM.functionalClassification):
        assert (term, RDF.type, None) in everything
        assert _lang_values(everything, term, RDFS.label, "en")
        assert everything.value(term, RDFS.range) is not None, term
        assert not set(onto.predicates(term, None)), term
    assert everything.value(vocab.OBEU_MEASURE.amount, RDFS.range) == XSD.decimal
    assert (OBEU_DIM.fiscalYear, RDFS.subPropertyOf, OBEU_DIM.fiscalPeriod) in everything


# --- OWL-RL closure -----------------------------------------------------------------------------------------


def test_owl_rl_closure_is_consistent(everything: Graph) -> None:
    problems = _closure_problems(everything)
    assert not problems, "\n".join(problems)


def test_owl_rl_closure_detects_a_contradiction(onto: Graph) -> None:
    # The check above must be able to fail: a line that is also a row violates the disjointness axiom.
    graph = Graph()
    graph += onto
    line = URIRef("http://localhost:8000/id/line/x")
    graph.add((line, RDF.type, CNB.BudgetLine))
    graph.add((line, CNB.parentRow, URIRef("http://localhost:8000/id/row/y")))  # domain: TableRow
    assert _closure_problems(graph)


def test_sample_document_graph_agrees_with_the_ontology(onto: Graph, everything: Graph) -> None:
    """The mapping's output for ingest/data/sample.txt uses only declared terms and existing codes, consistently."""
    data = to_graph(parse_document(ROOT / "ingest" / "data" / "sample.txt"))
    used = {t for triple in data for t in triple if isinstance(t, URIRef) and str(t).startswith(str(CNB))}
    assert len(used) > 40
    assert not [t for t in used if (t, RDF.type, None) not in onto], "undeclared terms in the mapping's output"
    coded = [p for p, _ in onto.subject_objects(QB.codeList)]
    values = {(p, o) for p in coded for o in data.objects(None, p)}
    assert len(values) > 20
    # line and column items are minted in the document graph, each with its label, in their scheme
    minted = {(p, o) for p, o in values if p in (CNB.lineItem, CNB.columnItem)
              and (o, SKOS.prefLabel, None) in data and (o, SKOS.inScheme, onto.value(p, QB.codeList)) in data}
    unknown = [(p, o) for p, o in values - minted if (o, SKOS.prefLabel, None) not in everything]
    assert not unknown, f"values missing from the code lists: {sorted(unknown)[:10]}"
    graph = Graph()
    graph += onto
    graph.parse(CODELIST_DIR / "schemes.ttl", format="turtle")
    graph += data
    problems = _closure_problems(graph)
    assert not problems, "\n".join(problems[:20])


# --- code lists ---------------------------------------------------------------------------------------------


def test_every_concept_has_a_scheme_and_one_zh_label(everything: Graph) -> None:
    concepts = set(everything.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 800
    schemes = set(everything.subjects(RDF.type, SKOS.ConceptScheme))
    problems = []
    for c in sorted(concepts):
        in_schemes = set(everything.objects(c, SKOS.inScheme))
        if not in_schemes or not in_schemes <= schemes:
            problems.append(f"{c}: skos:inScheme {in_schemes or 'missing'}")
        if len(_lang_values(everything, c, SKOS.prefLabel, "zh")) != 1:
            problems.append(f"{c}: needs exactly one prefLabel @zh")
        if len(_lang_values(everything, c, SKOS.prefLabel, "en")) > 1:
            problems.append(f"{c}: several prefLabel @en")
        broader = list(everything.objects(c, SKOS.broader))
        top = list(everything.objects(c, SKOS.topConceptOf))
        if bool(broader) == bool(top):
            problems.append(f"{c}: needs either skos:broader or skos:topConceptOf")
        for b in broader:
            if not set(everything.objects(b, SKOS.inScheme)) & in_schemes:
                problems.append(f"{c}: broader {b} is in another scheme")
        for s in top:
            if (s, SKOS.hasTopConcept, c) not in everything:
                problems.append(f"{c}: {s} does not list it as skos:hasTopConcept")
    assert not problems, "\n".join(problems[:50])


def test_every_concept_iri_follows_the_pattern(everything: Graph) -> None:
    for scheme in everything.subjects(RDF.type, SKOS.ConceptScheme):
        if not str(scheme).startswith(str(CODE)):  # the OBEU, EU currency and SDMX lists of obeu-components.ttl
            assert ONTOLOGY_DIR.joinpath("obeu-components.ttl").read_text(encoding="utf-8").count(str(scheme)) or \
                str(scheme).startswith(("http://data.openbudgets.eu/", "http://purl.org/linked-data/sdmx/")), scheme
            continue
        for c in _concepts(everything, scheme):
            assert str(c).startswith(f"{scheme}/"), c
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", str(c)[len(str(scheme)) + 1 :]), c


@pytest.mark.parametrize("scheme", ["func", "econ"])
def test_classification_codes_and_levels(everything: Graph, scheme: str) -> None:
    scheme_iri = CODE[scheme]
    concepts = _concepts(everything, scheme_iri)
    assert len(concepts) > (700 if scheme == "func" else 120)
    levels = list(everything.items(everything.value(scheme_iri, XKOS.levels)))
    assert everything.value(scheme_iri, XKOS.numberOfLevels).toPython() == 3
    assert [everything.value(level, XKOS.depth).toPython() for level in levels] == [1, 2, 3]
    patterns = [str(everything.value(level, XKOS.notationPattern)) for level in levels]
    assert patterns == ["[0-9]{3}", "[0-9]{5}", "[0-9]{7}"]
    problems = []
    for c in concepts:
        if c == vocab.CODE[f"{scheme}/{TOTAL}"]:  # the Data Cube's total concept (ontology/datacube.ttl)
            continue
        code = str(everything.value(c, SKOS.notation))
        if c != vocab.CODE[f"{scheme}/{code}"]:
            problems.append(f"{c}: notation {code}")
        depth = {3: 1, 5: 2, 7: 3}.get(len(code))
        if depth is None or not re.fullmatch(patterns[depth - 1], code):
            problems.append(f"{c}: bad code {code}")
            continue
        if (levels[depth - 1], SKOS.member, c) not in everything:
            problems.append(f"{c}: not a member of level {depth}")
        broader = list(everything.objects(c, SKOS.broader))
        if depth == 1:
            if broader or (c, SKOS.topConceptOf, scheme_iri) not in everything:
                problems.append(f"{c}: a 类 must be a top concept")
        else:
            expected = CODE[f"{scheme}/{code[: 3 if depth == 2 else 5]}"]
            if broader != [expected]:
                problems.append(f"{c}: broader {broader}, expected {expected}")
    assert not problems, "\n".join(problems[:50])


def test_function_and_economic_helpers_point_into_the_lists(everything: Graph) -> None:
    for code in SAMPLE_CODES["func"]:
        assert (vocab.function_code(code), SKOS.inScheme, vocab.SCHEME_FUNCTION) in everything, code
    for code in SAMPLE_CODES["econ"]:
        assert (vocab.economic_code(code), SKOS.inScheme, vocab.SCHEME_ECONOMIC) in everything, code
    assert _lang_values(everything, vocab.function_code("2010350"), SKOS.prefLabel, "zh") == ["事业运行"]
    assert "国家出台津贴补贴" in {
        str(label)
        for p in (SKOS.prefLabel, SKOS.altLabel)
        for label in everything.objects(vocab.economic_code("3010201"), p)
    }


def test_top_classes_have_english_labels(everything: Graph) -> None:
    func_tops = list(everything.objects(vocab.SCHEME_FUNCTION, SKOS.hasTopConcept))
    assert len(func_tops) >= 20
    missing = [c for c in func_tops if not _lang_values(everything, c, SKOS.prefLabel, "en")]
    for code in ("301", "302", "303", "310", "399"):
        if not _lang_values(everything, vocab.economic_code(code), SKOS.prefLabel, "en"):
            missing.append(vocab.economic_code(code))
    assert not missing
    assert _lang_values(everything, vocab.function_code("208"), SKOS.prefLabel, "en") == [
        "Social security and employment"
    ]


@pytest.mark.parametrize("scheme", sorted(SCHEME_SLUGS))
def test_scheme_slugs_are_exactly_those_of_ingest(everything: Graph, scheme: str) -> None:
    iri = CODE[scheme]
    assert (iri, RDF.type, SKOS.ConceptScheme) in everything
    slugs = {str(c)[len(str(iri)) + 1 :] for c in _concepts(everything, iri)}
    assert slugs == SCHEME_SLUGS[scheme]
    for c in _concepts(everything, iri):
        assert _lang_values(everything, c, SKOS.prefLabel, "en"), c


def test_hierarchies_of_the_small_schemes(everything: Graph) -> None:
    def broader(scheme: str, slug: str) -> URIRef | None:
        return everything.value(vocab.concept(scheme, slug), SKOS.broader)

    for child, parent in vocab.INDICATOR_PARENT.items():
        assert broader("indicator-category", child) == vocab.concept("indicator-category", parent), child
    for slug in vocab.INDICATOR_LEVEL1.values():
        assert (vocab.concept("indicator-category", slug), SKOS.topConceptOf, vocab.SCHEME_INDICATOR) in everything
    assert broader("exp-nature", "personnel") == vocab.concept("exp-nature", "basic")
    assert broader("exp-nature", "public-use") == vocab.concept("exp-nature", "basic")
    assert broader("exp-nature", "project") is None


def test_comparator_notations(everything: Graph) -> None:
    notations = {
        str(everything.value(vocab.concept("comparator", slug), SKOS.notation))
        for slug in ("ge", "le", "eq", "gt", "lt", "qualitative")
    }
    assert notations == {"≥", "≤", "=", ">", "<", "定性"}
    # every spelling the ingest code accepts is the notation or a hidden label of its concept
    for text, slug in vocab.COMPARATORS.items():
        c = vocab.concept("comparator", slug)
        spellings = {str(o) for p in (SKOS.notation, SKOS.hiddenLabel, SKOS.prefLabel) for o in everything.objects(c, p)}
        assert text in spellings, text


def test_generated_code_lists_are_up_to_date() -> None:
    for scheme in ("func", "econ"):
        committed = (CODELIST_DIR / f"{scheme}.ttl").read_text(encoding="utf-8")
        assert committed == build_codelists.render(scheme), f"run python ontology/build_codelists.py ({scheme})"
    assert build_codelists.main(["--check"]) == 0


def test_generator_rejects_orphan_codes(tmp_path: Path) -> None:
    csv_path = tmp_path / "codes.csv"
    header = "code,level,system,parent_code,name,other_spellings,n_docs,years_seen,confidence\n"
    csv_path.write_text(header + "9990101,项,function,99901,孤儿科目,,1,2026,low\n", encoding="utf-8")
    with pytest.raises(ValueError, match="99901"):
        build_codelists.render("func", csv_path)


def test_generator_keeps_only_truncated_spellings(tmp_path: Path) -> None:
    csv_path = tmp_path / "codes.csv"
    rows = [
        "code,level,system,parent_code,name,other_spellings,n_docs,years_seen,confidence",
        "302,类,dept_economic,,商品和服务支出,,9,2025 2026,high",
        "30202,款,dept_economic,302,印刷费,咨询费|印刷,9,2025 2026,high",
        "bad,款,dept_economic,302,坏行,,1,2026,low",
    ]
    csv_path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    graph = Graph().parse(data=build_codelists.render("econ", csv_path), format="turtle")
    printing = vocab.economic_code("30202")
    assert {str(o) for o in graph.objects(printing, SKOS.hiddenLabel)} == {"印刷"}
    assert (printing, SKOS.broader, vocab.economic_code("302")) in graph
    assert not list(graph.subjects(SKOS.prefLabel, Literal("坏行", lang="zh")))
    # the hand-checked sample codes are added although this csv lacks them
    assert (vocab.economic_code("3030901"), SKOS.broader, vocab.economic_code("30309")) in graph


# --- JSON-LD context ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def context() -> dict:
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def test_context_prefixes(context: dict) -> None:
    assert context["@version"] == 1.1
    for prefix, namespace in vocab.PREFIXES.items():
        assert context[prefix] == str(namespace), prefix


def test_context_terms_match_the_ontology(context: dict, onto: Graph) -> None:
    declared = {s for s in onto.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(CNB))}
    covered = set()
    for name, definition in context.items():
        iri = definition["@id"] if isinstance(definition, dict) else definition
        if not isinstance(iri, str) or not iri.startswith("cnb:"):
            continue
        term = CNB[iri[4:]]
        covered.add(term)
        assert term in declared, name
        if (term, RDF.type, OWL.ObjectProperty) in onto:
            assert definition["@type"] == "@id", name
        rng = onto.value(term, RDFS.range)
        if (term, RDF.type, OWL.DatatypeProperty) in onto and rng not in (None, XSD.string):
            assert definition["@type"] == "xsd:" + str(rng)[len(str(XSD)) :], name
    # every term has a short name, except cnb:code whose name is taken by the code-list prefix
    assert declared - covered == {CNB.code}
    assert context["amount"] == {"@id": "obeu-measure:amount", "@type": "xsd:decimal"}


def test_context_round_trip(context: dict) -> None:
    doc = {
        "@context": context,
        "@id": "http://localhost:8000/id/line/1",
        "type": "BudgetLine",
        "amount": "3853100",
        "unitMult": "http://purl.org/linked-data/sdmx/2009/code#unitMult-0",
        "currency": str(vocab.CURRENCY_CNY),
        "functionalClassification": "code:func/2010350",
        "fundSource": "code:fund-source/general-appropriation",
        "source": "http://localhost:8000/id/cell/1",
    }
    graph = Graph().parse(data=json.dumps(doc), format="json-ld")
    line = URIRef(doc["@id"])
    assert (line, RDF.type, CNB.BudgetLine) in graph
    assert graph.value(line, vocab.OBEU_MEASURE.amount) == Literal("3853100", datatype=XSD.decimal)
    assert graph.value(line, CNB.functionalClassification) == vocab.function_code("2010350")
    assert graph.value(line, CNB.fundSource) == vocab.concept("fund-source", "general-appropriation")
    assert graph.value(line, vocab.OBEU_ATTR.currency) == vocab.CURRENCY_CNY
    assert graph.value(line, vocab.SDMX_ATTR.unitMult) == URIRef("http://purl.org/linked-data/sdmx/2009/code#unitMult-0")
    assert not any(isinstance(o, BNode) for o in graph.objects())


def test_an_untitled_section_is_titled_by_its_kinds_chinese_label(everything: Graph) -> None:
    """A section printed without a heading is called 概况 / 情况说明 …, the section-kind concept's label, in the graph
    and so in every finding that names it (not the code "overview" tagged as Chinese)."""
    from dataclasses import replace

    from budgetkg_testing import SAMPLE

    scheme = "https://w3id.org/cn-budget/code/section-kind/"
    for kind, label in vocab.SECTION_KIND_ZH.items():
        assert Literal(label, lang="zh") in set(everything.objects(URIRef(scheme + kind), SKOS.prefLabel))
    doc = parse_document(SAMPLE)
    first = doc.sections[0]
    doc.sections[0] = replace(first, title="")
    g = to_graph(doc)
    section = next(g.subjects(URIRef("https://w3id.org/cn-budget/ontology#sectionText"), Literal(first.text, lang="zh")))
    titles = {str(t) for t in g.objects(section, URIRef("http://purl.org/dc/terms/title"))}
    assert titles == {vocab.SECTION_KIND_ZH[first.kind]}
