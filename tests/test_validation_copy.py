"""The validation copy leaves out only what no check reads, and the layers run apart find what one run finds."""

from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from budgetkg.ingest import shape_runner, validate
from budgetkg.ingest.mapping import document_triples
from budgetkg.ingest.ntriples import store_of
from budgetkg.ingest.triple_index import TripleIndex
from budgetkg.ingest.validation_copy import (
    CELL_KEY_PREDICATES,
    CELL_PLACE_PREDICATES,
    PUBLICATION_ONLY_PREDICATES,
    PUBLICATION_ONLY_TYPES,
    Aside,
    for_validation,
    is_cell,
)

ROOT = Path(__file__).resolve().parents[1]
# the modules that write these terms (mapping) or declare them; every other module of ingest/ may read the copy
WRITERS = {"mapping.py", "datacube.py", "vocab.py", "validation_copy.py"}
# the checks across documents read the published graphs of a store (their own copy is built from it), never this copy
PUBLISHED_READERS = {"crossdoc.py"}


def _local(term) -> str:
    return re.split(r"[#/]", str(term))[-1]


def _seen(report) -> list[tuple]:
    return sorted((f.rule, f.severity, f.message_en, f.focus, tuple(sorted(s.node for s in f.sides)))
                  for f in report.findings)


@pytest.mark.parametrize("term", sorted(PUBLICATION_ONLY_PREDICATES | PUBLICATION_ONLY_TYPES, key=str))
def test_no_check_reads_a_term_the_copy_leaves_out(term):
    word = re.compile(rf"[.:#/]{re.escape(_local(term))}\b")
    readers = [*sorted((ROOT / "shapes").rglob("*.ttl")),
               *(p for p in sorted((ROOT / "ingest").glob("*.py")) if p.name not in WRITERS | PUBLISHED_READERS)]
    using = [p.relative_to(ROOT).as_posix() for p in readers if word.search(p.read_text(encoding="utf-8"))]
    assert not using, f"{term} is read by {using}: keep it in the validation copy (ingest/validation_copy.py)"


def test_the_copy_is_smaller_and_finds_the_same(sample_doc):
    every = list(document_triples(sample_doc, validate.DEFAULT_BASE))
    kept = list(for_validation(every))
    assert 0 < len(kept) < len(every)
    assert not any(p in PUBLICATION_ONLY_PREDICATES for _, p, _ in kept)
    assert not any(p == RDF.type and o in PUBLICATION_ONLY_TYPES for _, p, o in kept)
    # a cell's Data Cube key is left out; the document's, the columns' and the rows' own stay
    assert not any(p in CELL_KEY_PREDICATES and is_cell(s) for s, p, _ in kept)
    assert {p for s, p, _ in kept if p in CELL_KEY_PREDICATES and not is_cell(s)} == CELL_KEY_PREDICATES

    def report(triples):
        index = TripleIndex(triples)
        validate._claim_links(Graph(store=index))
        return validate._validate_copy(store_of(index.listed()), lang="zh", severity="Info", source="")

    whole, slim = report(every), report(kept)
    assert whole.findings and _seen(whole) == _seen(slim)


def test_layers_split_the_shapes_graph_without_loss_or_overlap():
    shapes, layers = validate.shapes_graph(), validate.shape_layers()
    assert len(layers) == len(validate.LAYERS)
    union = Graph()
    for layer in layers:
        union += layer
    # pySHACL adds a few RDFS/OWL axioms to a shapes graph it runs on: only the shapes' own triples are compared
    axioms = ("http://www.w3.org/2002/07/owl#", "http://www.w3.org/2000/01/rdf-schema#",
              "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/ns/shacl#")

    def own(g: Graph) -> set:
        return {t for t in g if not str(t[0]).startswith(axioms)}

    assert own(union) == own(shapes) and own(shapes)
    owners: dict = {}
    for i, layer in enumerate(layers):
        for shape in layer.subjects(RDF.type, SH.NodeShape):
            assert owners.setdefault(shape, i) == i, f"{shape} is in two layers"
    assert set(owners) == set(shapes.subjects(RDF.type, SH.NodeShape))


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_threads_find_what_one_run_finds(sample_doc, workers, monkeypatch):
    monkeypatch.setenv("BUDGETKG_VALIDATE_THREADS", "1")
    one = validate.validate_parsed(sample_doc)
    monkeypatch.setenv("BUDGETKG_VALIDATE_THREADS", str(workers))
    many = validate.validate_parsed(sample_doc)
    assert one.findings and _seen(one) == _seen(many) and one.conforms == many.conforms
    reports = list(many.results_graph.subjects(RDF.type, SH.ValidationReport))
    assert len(reports) == 1  # one report, every result on it
    results = set(many.results_graph.subjects(RDF.type, SH.ValidationResult))
    assert set(many.results_graph.objects(reports[0], SH.result)) == results and results


def test_threads_setting(monkeypatch):
    monkeypatch.setenv("BUDGETKG_VALIDATE_THREADS", "3")
    assert shape_runner.threads() == 3
    monkeypatch.setenv("BUDGETKG_VALIDATE_THREADS", "no")
    assert 1 <= shape_runner.threads() <= 4


def test_a_cells_source_is_named_as_the_copy_expects(sample_doc):
    from budgetkg.ingest.validation_copy import SOURCE_REPEATS, SOURCE_SUFFIX
    from budgetkg.ingest.vocab import CNB

    every = list(document_triples(sample_doc, validate.DEFAULT_BASE))
    sources = {o for _, p, o in every if p == CNB.source}
    assert sources and all(str(s).endswith(SOURCE_SUFFIX) for s in sources)
    kept = list(for_validation(every))
    assert not any(s in sources and p in SOURCE_REPEATS for s, p, _ in kept)
    assert any(s in sources and p in (CNB.page, CNB.sourceLine) for s, p, _ in kept)  # the place and the text stay
    assert any(s in sources and p == CNB.verbatimText for s, p, _ in kept)


def _quads(store) -> list[str]:
    return sorted(str(q) for q in store)


@pytest.mark.parametrize("chunk", [1, 7, 100_000])
def test_the_loader_holds_what_one_load_holds(sample_doc, chunk):
    from budgetkg.ingest.validation_copy import CopyLoader

    kept = list(for_validation(document_triples(sample_doc, validate.DEFAULT_BASE)))
    with CopyLoader(lenient=True, chunk=chunk) as loader:
        loader.add(kept[: len(kept) // 2])
        loader.add(kept[len(kept) // 2:])
        store = loader.store()
    assert _quads(store) == _quads(store_of(kept)) and len(store) > 1000


def test_the_loader_keeps_blank_nodes_across_chunks():
    from rdflib import BNode, Literal, URIRef

    from budgetkg.ingest.validation_copy import CopyLoader

    node, p = BNode(), URIRef("https://example.org/p")
    triples = [(URIRef("https://example.org/a"), p, node), (URIRef("https://example.org/a"), p, Literal("y")),
               (node, p, Literal("x"))]
    with CopyLoader(chunk=1) as loader:
        loader.add(triples[:2])
        loader.add(triples[2:])
        store = loader.store()
        assert len(store) == 3
        assert store.query('ASK { <https://example.org/a> <https://example.org/p>/<https://example.org/p> "x" }')
        loader.add([(node, p, Literal("z", lang="zh"))])  # after the store was taken: the same blank node
        assert loader.store() is store and len(store) == 4
    assert store.query('ASK { <https://example.org/a> <https://example.org/p>/<https://example.org/p> "z"@zh }')


# what the annotators write on the copy while the shapes that read no note are checked (validate.annotate_copy)
ANNOTATORS = ("code_names", "growth_rates", "narrative_tables", "sentences", "document_checks", "text_quality")
DOCUMENT_WRITERS = ("mapping.py", "claims.py")  # the copy every shape starts on: the mapping's triples, the links


def _cnb_terms(text: str) -> set[str]:
    return (set(re.findall(r'CNB *\+ *"(\w+)"', text)) | set(re.findall(r"CNB\.(\w+)", text))
            | set(re.findall(r'CNB\["(\w+)"\]', text)) | set(re.findall(r"cnb:(\w+)", text)))


def test_note_terms_name_every_note(sample_doc):
    """validate.NOTE_TERMS holds every term an annotator writes on the sample, and every term only they name."""
    index = TripleIndex(for_validation(document_triples(sample_doc, validate.DEFAULT_BASE)))
    validate._claim_links(Graph(store=index))
    store = store_of(index.listed())
    before = set(store)
    validate.annotate_copy(store)
    written = {_local(q.predicate.value) for q in set(store) - before}
    assert written >= {"sentenceCheck", "checkKind"}  # the sample gets notes
    document = set().union(*(_cnb_terms((ROOT / "ingest" / m).read_text(encoding="utf-8")) for m in DOCUMENT_WRITERS))
    named = set().union(*(_cnb_terms((ROOT / "ingest" / f"{m}.py").read_text(encoding="utf-8")) for m in ANNOTATORS))
    missing = sorted((written | (named - document)) - validate.NOTE_TERMS)
    assert not missing, f"add {missing} to validate.NOTE_TERMS: shapes that read them must wait for the notes"


def test_shapes_that_read_notes_wait_for_them():
    """A shape waits for the notes when it names one of their terms, and only then."""
    tasks = {str(next(t.subjects(RDF.type, SH.NodeShape))).rsplit("#", 1)[-1]: t for t in validate.shape_tasks()}
    assert len(tasks) == len(validate.shape_tasks())  # one node shape per task
    waiting = {name for name, task in tasks.items() if validate.reads_notes(task)}
    assert {"text-three-public", "growth-rate", "sentence-relation", "doc-unit-name", "code-name"} <= waiting
    assert not waiting & {"row-sum", "function-lines", "claim-amount", "claim-share", "year-statement"}
    order = [validate.reads_notes(t) for t in validate.shape_tasks()]
    assert order == sorted(order)  # those that need no note are queued first


def test_scopes_read_no_sum(sample_doc):
    """The scope queries run once the notes are written, maybe before the sums (ingest/sums.py): they read none."""
    text = validate.SCOPES_FILE.read_text(encoding="utf-8")
    sums = _cnb_terms((ROOT / "ingest" / "sums.py").read_text(encoding="utf-8"))
    sums -= _cnb_terms((ROOT / "ingest" / "mapping.py").read_text(encoding="utf-8"))
    assert sums and not [t for t in sums if re.search(rf"[:#]{t}\b", text)]


def test_an_annotator_that_fails_stops_the_validation(sample_doc, monkeypatch):
    """The layers waiting for the notes are released and the error is raised (no hang)."""
    def fail(store):
        raise RuntimeError("annotator failed")

    monkeypatch.setattr(validate, "annotate_text_quality", fail)
    with pytest.raises(RuntimeError, match="annotator failed"):
        validate.validate_parsed(sample_doc)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failed_task_stops_the_others(sample_doc, workers):
    """A shape task that fails raises its error, and the tasks not yet taken are not started."""
    store = store_of(document_triples(sample_doc, validate.DEFAULT_BASE))
    tasks = list(validate.shape_tasks())
    started: list[int] = []

    def prepare(task: Graph) -> None:
        started.append(id(task))
        if task is tasks[0]:
            raise RuntimeError("task failed")

    with pytest.raises(RuntimeError, match="task failed"):
        shape_runner.run(lambda: validate._data_graph(store), tasks, workers=workers, prepare=prepare)
    assert len(started) <= workers + 1 < len(tasks)


def test_each_task_gives_its_results_in_order(sample_doc):
    """``each`` reads every task's own results; the outputs come back in task order, whichever thread ran them."""
    index = TripleIndex(for_validation(document_triples(sample_doc, validate.DEFAULT_BASE)))
    validate._claim_links(Graph(store=index))
    store = store_of(index.listed())
    for annotate in (validate.annotate_tolerances, validate.annotate_copy, validate.annotate_sums):
        annotate(store)
    tasks = list(validate.shape_tasks())
    _, report, counts = shape_runner.run(lambda: validate._data_graph(store), tasks, workers=2,
                                         each=lambda g: len(set(g.subjects(RDF.type, SH.ValidationResult))))
    one = [len(set(shape_runner.run(lambda: validate._data_graph(store), [t], workers=1)[1]
                   .subjects(RDF.type, SH.ValidationResult))) for t in tasks]
    assert counts == one and sum(counts) == len(set(report.subjects(RDF.type, SH.ValidationResult)))
    assert any(counts)


def test_the_cells_places_set_aside_still_name_the_findings_sides(sample_doc):
    """A cell's place and printed text stay out of the copy (no shape reads them) and the report names them as if
    they were in it: every side of every finding is the same, page, line and printed text included."""
    every = list(document_triples(sample_doc, validate.DEFAULT_BASE))
    aside = Aside()
    kept = list(for_validation(every, aside.triples.append))
    assert aside.triples and all(p in CELL_PLACE_PREDICATES for _, p, _ in aside.triples)
    assert not any(p in CELL_PLACE_PREDICATES and s.endswith("/source") and is_cell(s[:-7]) for s, p, _ in kept)

    def sides(report) -> list:
        return sorted((f.rule, f.focus, f.message_en, [asdict(s) for s in f.sides]) for f in report.findings)

    index = TripleIndex(every)
    validate._claim_links(Graph(store=index))
    whole = validate._validate_copy(store_of(index.listed()), lang="zh", severity="Info", source="")
    slim = validate.validate_triples(every)
    cells = [s for f in slim.findings for s in f.sides if s.kind == "cell"]
    assert cells and all(s.verbatim is not None and (s.page or s.line) for s in cells)
    assert sides(whole) == sides(slim)
