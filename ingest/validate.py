"""Validate one document graph against budgetkg's SHACL shapes (``shapes/*.ttl``) with pySHACL.

>>> from budgetkg.ingest import parse_document, to_graph
>>> report = validate_document(to_graph(parse_document("ingest/data/sample.txt")))
>>> report.conforms, sorted({f.rule for f in report.violations})[:2]
(False, ['claim-amount', 'claim-parts'])

Each document is validated on its own in-memory graph, never on a whole store. pySHACL runs the
SHACL-SPARQL constraints natively on an in-memory Oxigraph copy of the document graph (pySHACL ≥ 0.40
supports this): the same constraints on an rdflib Memory graph take over 300× longer (see
shapes/README.md). Narrative claims are linked to their cells first (:func:`ingest.claims.link_claims`).

The order of work, for one document (wide/21, 560 k triples, is the measure):

1. the copy (:mod:`ingest.validation_copy`: what only portals read is left out, and a cell's place and printed text
   set aside for the report) is written as N-Triples and loaded on a thread, while the claims are linked;
2. each shape is a task of its own (:mod:`ingest.shape_runner`) on every core; the shapes that name no term of the
   annotators' notes (:data:`NOTE_TERMS`) start at once, while this thread writes the notes (:func:`annotate_copy`),
   then joins the workers;
3. each task turns its own results into findings, so that the report is ready when the last shape ends.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from pyshacl.graph_abstraction import DataGraph
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from budgetkg.ontology.formats import of_kind
from budgetkg.ontology.namespaces import SHAPES

from . import shape_runner
from .claims import link_claims
from .code_names import annotate as annotate_code_names
from .document_checks import annotate as annotate_document
from .errors import IngestError
from .gc_pause import gc_paused
from .growth_rates import annotate as annotate_growth_rates
from .identity import Given
from .iri import DEFAULT_BASE
from .mapping import document_triples
from .model import Document
from .narrative_tables import annotate as annotate_narrative_tables
from .ntriples import store_of
from .problems import ProblemType, notice
from .report import SEVERITIES, Finding, Outcome, Report, Side
from .sentences import annotate as annotate_sentences
from .sums import annotate as annotate_sums
from .text_quality import annotate as annotate_text_quality
from .tolerance import annotate as annotate_tolerances
from .triple_index import Overlay, TripleIndex
from .validation_copy import Aside, CopyLoader, for_validation
from .vocab import CNB

SHAPES_DIR = Path(__file__).resolve().parent.parent / "shapes"
SCOPES_FILE = SHAPES_DIR / "outcomes" / "scopes.ttl"  # what each check examines (its scope): not a SHACL layer
LAYERS = ("structure", "arithmetic", "crosstable", "narrative", "indicators", "textquality", "sentences", "document")
SHAPES_NS = str(SHAPES)
SUMS_READERS = tuple(SHAPES[name] for name in ("row-sum", "column-sum", "rounding-difference"))  # ingest/sums.py
RDF_SUFFIXES = {ext for f in of_kind("graph", "dataset") for ext in f.extensions}
_LEVEL: dict[Node | None, str] = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_TERMS = {
    "amount": "http://data.openbudgets.eu/ontology/dsd/measure/amount",
    "dataSet": "http://purl.org/linked-data/cube#dataSet",
    "title": "http://purl.org/dc/terms/title",
}


@cache
def _layer_graphs() -> dict[str, Graph]:
    return {layer: Graph().parse(SHAPES_DIR / f"{layer}.ttl", format="turtle") for layer in LAYERS}


@cache
def shapes_graph() -> Graph:
    """All shape layers in one graph, parsed once per process (do not modify it)."""
    g = Graph()
    for layer in _layer_graphs().values():
        for prefix, ns in layer.namespaces():
            g.bind(prefix, ns, override=False)
        g += layer
    # every layer file declares the same prefixes on cnbsh:prefixes (so that each file stands alone);
    # keep one declaration per prefix: pySHACL walks them for every constraint of every run
    seen: set[str] = set()
    for owner, decl in list(g.subject_objects(SH.declare)):
        prefix = str(g.value(decl, SH.prefix))
        if prefix in seen:
            g.remove((owner, SH.declare, decl))
            g.remove((decl, None, None))
        seen.add(prefix)
    return g


@cache
def _named_layers() -> tuple[tuple[str, Graph], ...]:
    layer_of = {shape: name for name, g in _layer_graphs().items() for shape in g.subjects(RDF.type, SH.NodeShape)}
    return tuple(shape_runner.split_named(shapes_graph(), layer_of.get))


def shape_layers() -> tuple[Graph, ...]:
    """The shapes graph split by layer (parsed once per process)."""
    return tuple(graph for _, graph in _named_layers())


# the terms the annotators' notes are written with (annotate_copy's modules; tests/test_validation_copy.py holds
# this list to what they write and name): a shape that names none of them is checked while the notes are written
# (the claim links are loaded with the copy, before any shape)
NOTE_TERMS = frozenset({
    "checkClaim", "checkEvidence", "checkKind", "checkProblem", "checkedText", "codeListName", "comparisonKind",
    "documentIssue", "foundIn", "foundText", "growthProblem", "growthText", "inSection", "issueKind", "issueNote",
    "sentenceCheck", "sentenceCompares", "sentenceProblem", "sentenceText", "statedGrowth", "undeterminedReason"})
_NOTE_TERM = re.compile(r"[:#](" + "|".join(sorted(NOTE_TERMS, key=len, reverse=True)) + r")\b")


def reads_notes(task: Graph) -> bool:
    """Whether a shape (its task graph) names a term of the annotators' notes."""
    return any(_NOTE_TERM.search(str(term)) for triple in task for term in triple
               if isinstance(term, (URIRef, Literal)))


@cache
def shape_tasks() -> tuple[Graph, ...]:
    """A graph per node shape, for :func:`ingest.shape_runner.run` (parsed once per process): those that read no
    note first, each group in layer order (shape_runner.ORDER)."""
    layer_of = {shape: name for name, g in _layer_graphs().items() for shape in g.subjects(RDF.type, SH.NodeShape)}
    tasks = [graph for _, _, graph in shape_runner.split_shapes(shapes_graph(), layer_of.get)]
    return tuple(sorted(tasks, key=reads_notes))  # a stable sort: the layer order stays within each group


@cache
def _reading_notes() -> frozenset[int]:
    """The tasks (by ``id``) that read the annotators' notes, so wait for them."""
    return frozenset(id(task) for task in shape_tasks() if reads_notes(task))


def to_store(graph: Graph) -> ox.Store:
    """An in-memory Oxigraph copy of one document graph."""
    return store_of(graph)


def _claim_links(graph: Graph) -> list[tuple]:
    """The claim→cell links :func:`link_claims` adds to a graph that has claims and no links yet (the graph
    itself is not changed)."""
    if (None, CNB.hasClaim, None) not in graph or (None, CNB.refersToRow, None) in graph:
        return []
    index = graph.store if isinstance(graph.store, TripleIndex) else Overlay(graph)
    link_claims(Graph(store=index))
    return list(index.added)


@gc_paused
def validate_document(graph: Graph, *, lang: str = "zh", severity: str = "Info", source: str = "") -> Report:
    """Validate one document graph; findings at or above ``severity`` are listed in the report.

    Claims are linked to their cells on the validation copy when the graph carries no links yet.
    """
    aside = Aside()
    with CopyLoader() as loader:
        loader.add(for_validation(graph, aside.triples.append))  # loaded while the claims are linked
        loader.add(for_validation(_claim_links(graph)))
        store = loader.store()
    return _validate_copy(store, lang=lang, severity=severity, source=source, aside=aside)


@gc_paused
def validate_parsed(doc: Document, *, lang: str = "zh", severity: str = "Info", source: str = "",
                    base: str = DEFAULT_BASE) -> Report:
    """Validate a parsed document: its triples go straight to the validation copy (no rdflib graph is built),
    with the same findings as ``validate_document(to_graph(doc))``."""
    return validate_triples(document_triples(doc, base), lang=lang, severity=severity, source=source)


@gc_paused
def validate_triples(triples: Iterable[tuple], *, lang: str = "zh", severity: str = "Info",
                     source: str = "") -> Report:
    """Validate one document given as its triples (what :func:`ingest.mapping.document_triples` gives)."""
    aside = Aside()  # the cells' places and printed texts: for the findings' sides, not for the shapes
    index = TripleIndex(for_validation(triples, aside.triples.append))
    with CopyLoader(lenient=True) as loader:  # the mapping's IRIs are minted valid (ingest/iri.py)
        loader.add(index.listed())  # loaded on a thread while Python writes the next chunk
        loader.add(_claim_links(Graph(store=index)))  # the claims linked (Python) while the copy loads (Oxigraph)
        store = loader.store()
    return _validate_copy(store, lang=lang, severity=severity, source=source, aside=aside)


def annotate_copy(store: ox.Store) -> None:
    """The validation's own notes on the copy (not published data), which the shapes read."""
    annotate_code_names(store)
    annotate_growth_rates(store)
    annotate_narrative_tables(store)
    annotate_sentences(store)  # a sentence against its own numbers: relations, rates, shares (ingest/sentences.py)
    annotate_document(store)  # the document against itself: unit name, years, placeholders, contents
    annotate_text_quality(store)  # malformed units, bare rates, doubled marks (ingest/text_quality.py)


def _validate_copy(store: ox.Store, *, lang: str, severity: str, source: str, aside: Aside | None = None) -> Report:
    return _validate(store, annotate=lambda: annotate_copy(store), lang=lang, severity=severity, source=source,
                     aside=aside)


@gc_paused
def validate_store(store: ox.Store, *, lang: str = "zh", severity: str = "Info", source: str = "") -> Report:
    """Validate a document already held in an in-memory Oxigraph store (claims linked)."""
    return _validate(store, annotate=None, lang=lang, severity=severity, source=source)


def _validate(store: ox.Store, *, annotate: Callable[[], None] | None, lang: str, severity: str,
              source: str, aside: Aside | None = None) -> Report:
    """The shapes on the copy; ``annotate()`` (the annotators' notes) runs while the shapes that read none of them
    (:func:`reads_notes`) are checked, and the others wait for it."""
    annotate_tolerances(store)  # the rounding tolerance each table's shapes read (ingest/tolerance.py)
    minimum = SEVERITIES[severity.lower()]
    shapes = shapes_graph()
    summed = threading.Lock()
    done: list[bool] = []
    noted = threading.Event()
    if annotate is None:
        noted.set()

    def prepare(layer: Graph) -> None:
        if id(layer) in _reading_notes():
            noted.wait()
        if any((shape, RDF.type, SH.NodeShape) in layer for shape in SUMS_READERS):
            with summed:  # each total against the sum of its parts (ingest/sums.py), added up once, by the first
                if not done:  # task that reads them: the other layers are checked meanwhile
                    annotate_sums(store)
                    done.append(True)

    def meanwhile() -> None:
        try:
            if annotate is not None:
                annotate()
        finally:
            noted.set()  # (also when an annotator fails: the waiting layers end, the error is raised)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="scopes") as pool:
        # the scope queries (Oxigraph, which releases Python's lock) once the notes are written, while the last
        # shapes are checked; each task's results become findings in the task
        counts: list[Future] = []
        known = _Nodes(store, aside)

        def annotate_then_count() -> None:
            meanwhile()
            counts.append(pool.submit(lambda: {rule: _scope_counts(store, q) for rule, q in _scopes().items()}))

        conforms, results, found = shape_runner.run(
            lambda: _data_graph(store), list(shape_tasks()), prepare=prepare, meanwhile=annotate_then_count,
            each=lambda graph: _findings(graph, shapes, store, known))
        every = sorted((f for part in found for f in part or ()), key=_finding_order)
        findings, withheld = _withhold_unverified(every, results, store)
        if withheld:
            conforms = not any(f.severity == "Violation" for f in findings)
        outcomes = _outcomes(store, findings, every, counts[0].result())
    findings = [f for f in findings if SEVERITIES[f.severity.lower()] >= minimum]
    document = next(_subjects(store, RDF.type, CNB.BudgetDocument), None)
    notices = [notice(n) for n in _objects(store, document, RDFS.comment)] if document else []
    return Report(bool(conforms), findings, results, source, lang, withheld, document, notices, outcomes=outcomes)


def _subjects(store: ox.Store, p: URIRef, o: URIRef | None = None) -> Iterator[str]:
    """The IRIs of the subjects of ``p`` (with object ``o``)."""
    obj = ox.NamedNode(str(o)) if o is not None else None
    for q in store.quads_for_pattern(None, ox.NamedNode(str(p)), obj):
        if isinstance(q.subject, ox.NamedNode):
            yield q.subject.value


def _objects(store: ox.Store, s: str, p: URIRef) -> list[str]:
    """The values of ``p`` on the subject ``s`` (IRIs and literals)."""
    return [q.object.value for q in store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(str(p)), None)
            if isinstance(q.object, (ox.NamedNode, ox.Literal))]


def _unverified_tables(store: ox.Store) -> list[str]:
    return list(_subjects(store, CNB.unverifiedReason))


def _withhold_unverified(findings: list[Finding], results: Graph, store: ox.Store) -> tuple[list[Finding], int]:
    """Findings that rest on a table whose reading is unverified are not statements about the document:
    they are withheld (and removed from the results graph); the table-unverified Warning says why, once."""
    tables = _unverified_tables(store)
    if not tables:
        return findings, 0

    def rests_on_unverified(f: Finding) -> bool:
        nodes = [f.focus, *(s.node for s in f.sides)]
        return any(n == t or n.startswith(t + "/") for n in nodes for t in tables)

    kept = [f for f in findings if f.rule == "table-unverified" or not rests_on_unverified(f)]
    dropped = {id(f) for f in findings} - {id(f) for f in kept}
    if dropped:
        for res in list(results.subjects(RDF.type, SH.ValidationResult)):
            focus = str(results.value(res, SH.focusNode))
            nodes = [focus, *(str(o) for o in results.objects(res, CNB.evidence))]
            shape = str(results.value(res, SH.sourceShape))
            if not shape.endswith("table-unverified") and any(
                    n == t or n.startswith(t + "/") for n in nodes for t in tables):
                for triple in list(results.triples((res, None, None))):
                    results.remove(triple)
                for triple in list(results.triples((None, SH.result, res))):
                    results.remove(triple)
    return kept, len(findings) - len(kept)


@cache
def _truthy(cls: type) -> type:
    # pySHACL tests ``datagraph or shapes_graph`` for every result; on Oxigraph that truth test
    # counts the whole store (about 12 ms each time). A document graph is never empty here.
    return type(f"Truthy{cls.__name__}", (cls,), {"__bool__": lambda self: True})


def _data_graph(store: ox.Store) -> DataGraph:
    graph = DataGraph.from_oxigraph_store(store)
    graph.__class__ = _truthy(type(graph))
    return graph


def validate_path(path: str | Path, *, lang: str = "zh", severity: str = "Info", given: Given | None = None) -> Report:
    """Validate a PDF, a text extraction or an RDF file (Turtle, N-Triples, JSON-LD, RDF/XML).

    ``given`` completes a unit or year a disclosure does not state (:mod:`ingest.identity`)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in RDF_SUFFIXES:
        graph = Graph()
        try:
            graph.parse(path)
        except Exception as exc:  # rdflib raises many types for bad input
            raise IngestError(path.name, f"cannot read RDF: {exc}", code="rdf-unreadable") from exc
    else:
        from .api import parse_document

        return validate_parsed(parse_document(path, given=given), lang=lang, severity=severity, source=path.name)
    return validate_document(graph, lang=lang, severity=severity, source=path.name)


# -- three outcomes: holds, fails, cannot be determined (issue 14) ---------------------------------------------

@cache
def _scopes() -> dict[str, str]:
    """Each check's scope query (shapes/outcomes/scopes.ttl), counting its comparisons by the reason they cannot be
    determined (none: they can), with the shape layers' prefixes."""
    shapes = shapes_graph()
    prefixes = "".join(f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
                       for d in shapes.objects(None, SH.declare))
    scopes = Graph().parse(SCOPES_FILE, format="turtle")
    return {_rule(shape): f"{prefixes}SELECT ?reason (COUNT(DISTINCT ?item) AS ?n) WHERE {{ {{ {query} }} }} "
                          "GROUP BY ?reason"
            for shape, query in scopes.subject_objects(SHAPES.scope)}


def _scope_counts(store: ox.Store, query: str) -> tuple[int, dict[str, int]]:
    """(comparisons that can be determined, {reason: comparisons that cannot})."""
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)  # a SELECT
    determined, reasons = 0, {}
    for s in solutions:
        reason, n = s["reason"], s["n"]
        count = int(n.value) if n is not None else 0
        if reason is None:
            determined += count
        elif count:
            reasons[reason.value] = count
    return determined, reasons


def _outcomes(store: ox.Store, kept: list[Finding], every: list[Finding],
              counts: dict[str, tuple[int, dict[str, int]]] | None = None) -> dict[str, Outcome]:
    """Every check (named shape) ends as holds, fails or cannot be determined: fails are its findings; a check with
    a scope (shapes/outcomes/scopes.ttl) holds for its other determinable comparisons and cannot determine the rest, each
    with its reason; a check without one is one check on the document, which holds unless it reported something.
    Findings withheld on unverified tables are undetermined ("unverified-reading") in any case."""
    fails: dict[str, int] = {}
    for f in kept:
        fails[f.rule] = fails.get(f.rule, 0) + 1
    held_back: dict[str, int] = {}
    for f in every:
        held_back[f.rule] = held_back.get(f.rule, 0) + 1
    for rule, n in fails.items():
        held_back[rule] -= n
    scopes = _scopes()
    out: dict[str, Outcome] = {}
    for rule in _check_codes():
        failed, withheld = fails.get(rule, 0), held_back.get(rule, 0)
        if rule in scopes:
            determined, reasons = counts[rule] if counts is not None else _scope_counts(store, scopes[rule])
            reasons = dict(reasons)
            holds = max(determined - failed, 0)
        else:
            reasons, holds = {}, int(not failed and not withheld)
        if withheld:
            reasons["unverified-reading"] = max(reasons.get("unverified-reading", 0), withheld)
        out[rule] = Outcome(holds, failed, reasons)
    return out


@cache
def _check_codes() -> tuple[str, ...]:
    shapes = shapes_graph()
    return tuple(sorted({_rule(s) for s in shapes.subjects(SH.severity, None) if isinstance(s, URIRef)}))


# -- results graph → findings -----------------------------------------------------------------

def _named_shape(shape: Node | None, shapes: Graph) -> Node | None:
    """The named shape a result comes from (a property shape's parent node shape)."""
    if isinstance(shape, URIRef) or shape is None:
        return shape
    return next(shapes.subjects(SH.property, shape), shape)


def _rule(shape: Node | None) -> str:
    text = str(shape)
    return text[len(SHAPES_NS):] if text.startswith(SHAPES_NS) else text


def _title(shape: Node | None, shapes: Graph) -> str:
    """The shape's English ``rdfs:label`` (or its only label)."""
    labels = [o for o in shapes.objects(shape, RDFS.label) if isinstance(o, Literal)]
    return str(next((x for x in labels if x.language == "en"), labels[0] if labels else ""))


def finding_types() -> list[ProblemType]:
    """The catalogue of SHACL findings: one problem type per named shape (code = its local name, title = its
    English label, description = its Chinese label and severity)."""
    shapes = shapes_graph()
    out = []
    for shape in sorted({s for s in shapes.subjects(SH.severity, None) if isinstance(s, URIRef)}):
        zh = next((str(o) for o in shapes.objects(shape, RDFS.label) if isinstance(o, Literal) and o.language == "zh"),
                  "")
        severity = _LEVEL.get(shapes.value(shape, SH.severity), "Violation")
        out.append(ProblemType(_rule(shape), _title(shape, shapes), f"{severity}: {zh}", "finding"))
    return out


def _is_zh(text: str) -> bool:
    return bool(text) and ord(text[0]) >= 0x2E80


_VARIABLE = re.compile(r"\{[?$]\w+\}")


@cache
def _template(text: str) -> re.Pattern[str]:
    """A message template (``… {?a} …``) as a pattern that matches the messages made from it."""
    return re.compile(".*?".join(re.escape(part) for part in _VARIABLE.split(text)), re.DOTALL)


def _language(text: str, tagged: str | None, templates: list[Literal]) -> bool:
    """Whether a result message is the Chinese one. pySHACL drops the language tag when it fills in a
    template, and a message that starts with a Chinese table name may well be the English one: the shape's
    own tagged templates tell (the first character decides only when no template matches)."""
    if tagged:
        return tagged == "zh"
    matches = {t.language for t in templates if t.language and _template(str(t)).fullmatch(text)}
    if len(matches) == 1:
        return matches == {"zh"}
    return _is_zh(text)


def _templates(res: Node, results: Graph, shapes: Graph) -> list[Literal]:
    """The sh:message literals of the shape and constraint a result comes from."""
    out: list[Literal] = []
    for prop in (SH.sourceShape, SH.sourceConstraint):
        node = results.value(res, prop)
        if node is not None:
            out += [m for m in shapes.objects(node, SH.message) if isinstance(m, Literal)]
    return out


def _findings(results: Graph, shapes: Graph, store: ox.Store, known: _Nodes | None = None) -> list[Finding]:
    """The results as findings, each with its sides (``known``: what earlier findings read of the copy)."""
    known = known if known is not None else _Nodes(store)
    out: list[Finding] = []
    for res in list(results.subjects(RDF.type, SH.ValidationResult)):
        zh = en = ""
        nodes: list[str] = []
        value = results.value(res, SH.value)
        if isinstance(value, URIRef):
            nodes.append(str(value))
        templates = _templates(res, results, shapes)
        for msg in list(results.objects(res, SH.resultMessage)):
            text = str(msg)
            results.remove((res, SH.resultMessage, msg))
            if text.startswith("sides:"):
                nodes += [t for t in text[6:].split() if t.startswith(("http://", "https://"))]
                continue
            is_zh = _language(text, msg.language if isinstance(msg, Literal) else None, templates)
            results.add((res, SH.resultMessage, Literal(text, lang="zh" if is_zh else "en")))
            if is_zh:
                zh = zh or text
            else:
                en = en or text
        unique = list(dict.fromkeys(nodes))
        for n in unique:
            results.add((res, CNB.evidence, URIRef(n)))
        shape = _named_shape(results.value(res, SH.sourceShape), shapes)
        out.append(Finding(
            rule=_rule(shape), severity=_LEVEL.get(results.value(res, SH.resultSeverity), "Violation"),
            message_zh=zh, message_en=en, focus=str(results.value(res, SH.focusNode)),
            sides=[_side(store, n, known) for n in unique], shape=str(shape), title=_title(shape, shapes),
        ))
    out.sort(key=_finding_order)
    return out


def _finding_order(f: Finding) -> tuple:
    """Violations first, then by rule, message and place."""
    return -SEVERITIES[f.severity.lower()], f.rule, f.message_en, f.focus, tuple(s.node for s in f.sides)


class _Nodes:
    """What the findings name of each node of the copy: a node's values, read in one pass over its statements
    (the first value of each property), kept for the other findings of the validation (tables, rows and columns
    are named by many)."""

    def __init__(self, store: ox.Store, aside: Aside | None = None) -> None:
        self.store = store
        self._aside = aside  # what the copy left out that findings name (validation_copy.for_validation)
        self._seen: dict[str, tuple[dict[str, str], frozenset[str]]] = {}

    def read(self, iri: str) -> tuple[dict[str, str], frozenset[str]]:
        """(the first value of each property, the types) of a node."""
        out = self._seen.get(iri)
        if out is None:
            values: dict[str, str] = dict(self._aside.values(iri)) if self._aside is not None else {}
            types: set[str] = set()
            for q in self.store.quads_for_pattern(ox.NamedNode(iri), None, None):
                obj = q.object
                if isinstance(obj, (ox.NamedNode, ox.Literal, ox.BlankNode)):
                    values.setdefault(q.predicate.value, obj.value)
                    if q.predicate.value == _RDF_TYPE and not isinstance(obj, ox.BlankNode):
                        types.add(obj.value)  # (an IRI; a literal in the sides store of ingest/crossdoc.py)
            out = self._seen[iri] = (values, frozenset(types))
        return out

    def value(self, iri: str | None, local: str) -> str | None:
        """The first value of ``cnb:local`` on a node (None for no node)."""
        return self.read(iri)[0].get(_CNB_NS + local) if iri else None


_RDF_TYPE, _CNB_NS = str(RDF.type), str(CNB)


def _int(text: str | None) -> int | None:
    return int(text) if text is not None else None


def _side(store: ox.Store, iri: str, nodes: _Nodes | None = None) -> Side:
    nodes = nodes if nodes is not None and nodes.store is store else _Nodes(store)
    own, types = nodes.read(iri)

    def cnb(local: str) -> str | None:
        return own.get(_CNB_NS + local)

    src = cnb("source")
    src_iri = src if src else iri
    page, line = _int(nodes.value(src_iri, "page")), _int(nodes.value(src_iri, "sourceLine"))
    table = own.get(_TERMS["dataSet"])
    if table and cnb("row"):  # a cell: an observation of its table
        row, col = cnb("row"), cnb("column")
        scale = nodes.value(table, "scaleLabel")
        return Side(iri, "cell", f"{cnb('publishedValue')} {scale or ''}".strip(), nodes.value(table, "tableLabel"),
                    nodes.value(row, "rowLabel"), nodes.value(col, "columnLabel"), page, line,
                    nodes.value(src_iri, "verbatimText"))
    if str(CNB.NarrativeClaim) in types:
        unit = cnb("statedUnit") or ""
        return Side(iri, "claim", f"{cnb('statedText')}{unit}", row=cnb("subjectText"), page=page, line=line,
                    verbatim=cnb("claimText"))
    if str(CNB.TableRow) in types:
        owner = next(_subjects(store, CNB.hasRow, URIRef(iri)), None)
        return Side(iri, "row", table=nodes.value(owner, "tableLabel"), row=cnb("rowLabel"),
                    page=_int(cnb("page")), line=_int(cnb("sourceLine")))
    if str(CNB.IndicatorTarget) in types:
        return Side(iri, "indicator", cnb("targetText"), row=cnb("indicatorName"), column=cnb("weight"), page=page,
                    line=line, verbatim=nodes.value(src_iri, "verbatimText"))
    kinds = {str(CNB.PerformanceGoal): "goal", str(CNB.BudgetTable): "table", str(CNB.NarrativeSection): "section",
             str(CNB.BudgetDocument): "document"}
    kind = next((k for t, k in kinds.items() if t in types), "other")
    label = cnb("tableLabel") or cnb("projectName") or own.get(_TERMS["title"])
    return Side(iri, kind, table=label, page=_int(cnb("page")), line=_int(cnb("sourceLine")))
