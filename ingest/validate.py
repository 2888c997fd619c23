"""Validate one document graph against budgetkg's SHACL shapes (``shapes/*.ttl``) with pySHACL.

>>> from ingest import parse_document, to_graph
>>> report = validate_document(to_graph(parse_document("ingest/data/sample.txt")))
>>> report.conforms, sorted({f.rule for f in report.violations})[:2]
(False, ['claim-amount', 'claim-parts'])

Each document is validated on its own in-memory graph, never on a whole store. pySHACL runs the
SHACL-SPARQL constraints natively on an in-memory Oxigraph copy of the document graph (pySHACL ≥ 0.40
supports this): the same constraints on an rdflib Memory graph take over 300× longer (see
shapes/README.md). Narrative claims are linked to their cells first (:func:`ingest.claims.link_claims`).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from functools import cache
from itertools import chain
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from pyshacl.graph_abstraction import DataGraph
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from .claims import link_claims
from .code_names import annotate as annotate_code_names
from .errors import IngestError
from .growth_rates import annotate as annotate_growth_rates
from .identity import Given
from .iri import DEFAULT_BASE
from .mapping import document_triples
from .model import Document
from .ntriples import store_of
from .triple_index import Overlay, TripleIndex
from .vocab import CNB

SHAPES_DIR = Path(__file__).resolve().parent.parent / "shapes"
LAYERS = ("structure", "arithmetic", "crosstable", "narrative", "indicators", "textquality")
SHAPES_NS = "https://w3id.org/cn-budget/shapes#"
SEVERITIES = {"violation": 3, "warning": 2, "info": 1}
_LEVEL = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_TERMS = {
    "amount": "http://data.openbudgets.eu/ontology/dsd/measure/amount",
    "dataSet": "http://purl.org/linked-data/cube#dataSet",
    "title": "http://purl.org/dc/terms/title",
}


@cache
def shapes_graph() -> Graph:
    """All shape layers in one graph, parsed once per process (do not modify it)."""
    g = Graph()
    for layer in LAYERS:
        g.parse(SHAPES_DIR / f"{layer}.ttl", format="turtle")
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


@dataclass(frozen=True)
class Side:
    """One side of a comparison: the cell, stated number or record the rule looked at."""

    node: str
    kind: str  # cell | claim | row | indicator | goal | table | section | document | other
    value: str | None = None  # as printed, with its unit
    table: str | None = None
    row: str | None = None
    column: str | None = None
    page: int | None = None
    line: int | None = None
    verbatim: str | None = None  # the printed text (cell text or sentence)


@dataclass
class Finding:
    """One SHACL validation result in terms a budget reviewer reads."""

    rule: str
    severity: str  # Violation | Warning | Info
    message_zh: str
    message_en: str
    focus: str
    sides: list[Side] = field(default_factory=list)

    def message(self, lang: str = "zh") -> str:
        return (self.message_zh if lang == "zh" else self.message_en) or self.message_en or self.message_zh


@dataclass
class Report:
    """The outcome of validating one document."""

    conforms: bool
    findings: list[Finding]
    results_graph: Graph
    source: str = ""
    lang: str = "zh"
    withheld: int = 0  # findings on tables whose reading is unverified, not reported

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    def counts(self) -> dict[str, int]:
        out = {"Violation": 0, "Warning": 0, "Info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def text(self, lang: str | None = None) -> str:
        """A plain-text report grouped by rule, for a person who knows budgets (not RDF)."""
        lang = lang or self.lang
        zh = lang == "zh"
        c = self.counts()
        head = (f"{self.source}：{'通过' if self.conforms else '未通过'} — 错误 {c['Violation']}，警告 {c['Warning']}，"
                f"提示 {c['Info']}" if zh else
                f"{self.source}: {'conforms' if self.conforms else 'does not conform'} — {c['Violation']} violation(s), "
                f"{c['Warning']} warning(s), {c['Info']} info")
        lines = [head]
        by_rule: dict[str, list[Finding]] = {}
        for f in sorted(self.findings, key=lambda f: (-SEVERITIES[f.severity.lower()], f.rule)):
            by_rule.setdefault(f.rule, []).append(f)
        names = {"Violation": "错误", "Warning": "警告", "Info": "提示"}
        for rule, items in by_rule.items():
            sev = items[0].severity
            lines.append("")
            lines.append(f"[{names[sev] if zh else sev}] {rule} ({len(items)})")
            for f in items:
                lines.append(f"  - {f.message(lang)}")
                for s in f.sides:
                    where = _where(s, zh)
                    if where:
                        lines.append(f"      {where}")
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict:
        return {"source": self.source, "conforms": self.conforms, "counts": self.counts(),
                "findings": [asdict(f) for f in self.findings]}

    def json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def turtle(self) -> str:
        """The SHACL validation report graph (sh:ValidationReport) in Turtle."""
        return self.results_graph.serialize(format="turtle")


def _where(s: Side, zh: bool) -> str:
    parts = []
    if s.table:
        parts.append(s.table)
    if s.row:
        if s.kind == "claim":
            parts.append(f"文字说明「{s.row}」" if zh else f"narrative '{s.row}'")
        elif s.kind == "indicator":
            parts.append(f"指标「{s.row}」" if zh else f"indicator '{s.row}'")
        else:
            parts.append(f"「{s.row}」行" if zh else f"row '{s.row}'")
    if s.column:
        parts.append(f"「{s.column}」列" if zh else f"column '{s.column}'")
    if s.value is not None:
        parts.append(("值 " if zh else "value ") + s.value)
    if s.page is not None:
        parts.append(f"第 {s.page} 页" if zh else f"page {s.page}")
    if s.line is not None:
        parts.append(f"第 {s.line} 行" if zh else f"line {s.line}")
    if s.kind == "claim" and s.verbatim:
        parts.append(f"“{s.verbatim[:80]}”")
    return " · ".join(parts)


def to_store(graph: Graph) -> ox.Store:
    """An in-memory Oxigraph copy of one document graph."""
    return store_of(graph)


def _claim_links(graph: Graph) -> list[tuple]:
    """The claim→cell links :func:`link_claims` adds to a graph that has claims and no links yet (the graph
    itself is not changed)."""
    if (None, CNB.hasClaim, None) not in graph or (None, CNB.refersToRow, None) in graph:
        return []
    linked = Graph(store=graph.store) if isinstance(graph.store, TripleIndex) else Graph(store=Overlay(graph))
    link_claims(linked)
    return list(linked.store.added)


def validate_document(graph: Graph, *, lang: str = "zh", severity: str = "Info", source: str = "") -> Report:
    """Validate one document graph; findings at or above ``severity`` are listed in the report.

    Claims are linked to their cells on the validation copy when the graph carries no links yet.
    """
    store = store_of(chain(graph, _claim_links(graph)))
    return _validate_copy(store, lang=lang, severity=severity, source=source)


def validate_parsed(doc: Document, *, lang: str = "zh", severity: str = "Info", source: str = "",
                    base: str = DEFAULT_BASE) -> Report:
    """Validate a parsed document: its triples go straight to the validation copy (no rdflib graph is built),
    with the same findings as ``validate_document(to_graph(doc))``."""
    index = TripleIndex(document_triples(doc, base))
    _claim_links(Graph(store=index))  # the links are added to the index
    return _validate_copy(store_of(index.listed()), lang=lang, severity=severity, source=source)


def _validate_copy(store: ox.Store, *, lang: str, severity: str, source: str) -> Report:
    annotate_code_names(store)  # on the copy: the validation's own notes, not published data
    annotate_growth_rates(store)
    return validate_store(store, lang=lang, severity=severity, source=source)


def validate_store(store: ox.Store, *, lang: str = "zh", severity: str = "Info", source: str = "") -> Report:
    """Validate a document already held in an in-memory Oxigraph store (claims linked)."""
    minimum = SEVERITIES[severity.lower()]
    shapes = shapes_graph()
    conforms, results, _ = shacl_validate(
        _data_graph(store), shacl_graph=shapes, allow_warnings=True, allow_infos=True,
    )
    findings = _findings(results, shapes, store)
    findings, withheld = _withhold_unverified(findings, results, store)
    if withheld:
        conforms = not any(f.severity == "Violation" for f in findings)
    findings = [f for f in findings if SEVERITIES[f.severity.lower()] >= minimum]
    report = Report(bool(conforms), findings, results, source, lang)
    report.withheld = withheld
    return report


def _unverified_tables(store: ox.Store) -> list[str]:
    reason = ox.NamedNode(str(CNB.unverifiedReason))
    return [q.subject.value for q in store.quads_for_pattern(None, reason, None)]


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
    if suffix in {".ttl", ".nt", ".jsonld", ".json", ".rdf", ".xml", ".n3", ".trig", ".nq"}:
        graph = Graph()
        try:
            graph.parse(path)
        except Exception as exc:  # rdflib raises many types for bad input
            raise IngestError(path.name, f"cannot read RDF: {exc}") from exc
    else:
        from .api import parse_document

        return validate_parsed(parse_document(path, given=given), lang=lang, severity=severity, source=path.name)
    return validate_document(graph, lang=lang, severity=severity, source=path.name)


# -- results graph → findings -----------------------------------------------------------------

def _rule(shape, shapes: Graph) -> str:
    node = shape
    if not isinstance(node, URIRef):
        parent = next(shapes.subjects(SH.property, shape), None)
        node = parent if parent is not None else shape
    text = str(node)
    return text[len(SHAPES_NS):] if text.startswith(SHAPES_NS) else text


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


def _templates(res, results: Graph, shapes: Graph) -> list[Literal]:
    """The sh:message literals of the shape and constraint a result comes from."""
    out: list[Literal] = []
    for prop in (SH.sourceShape, SH.sourceConstraint):
        node = results.value(res, prop)
        if node is not None:
            out += [m for m in shapes.objects(node, SH.message) if isinstance(m, Literal)]
    return out


def _findings(results: Graph, shapes: Graph, store: ox.Store) -> list[Finding]:
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
            is_zh = _language(text, msg.language, templates)
            results.add((res, SH.resultMessage, Literal(text, lang="zh" if is_zh else "en")))
            if is_zh:
                zh = zh or text
            else:
                en = en or text
        unique = list(dict.fromkeys(nodes))
        for n in unique:
            results.add((res, CNB.evidence, URIRef(n)))
        shape = results.value(res, SH.sourceShape)
        out.append(Finding(
            rule=_rule(shape, shapes), severity=_LEVEL.get(results.value(res, SH.resultSeverity), "Violation"),
            message_zh=zh, message_en=en, focus=str(results.value(res, SH.focusNode)),
            sides=[_side(store, n) for n in unique],
        ))
    out.sort(key=lambda f: (-SEVERITIES[f.severity.lower()], f.rule, f.message_en))
    return out


def _one(store: ox.Store, s: ox.NamedNode, p: str) -> str | None:
    for q in store.quads_for_pattern(s, ox.NamedNode(p), None):
        return q.object.value
    return None


def _cnb(store: ox.Store, s: ox.NamedNode, local: str) -> str | None:
    return _one(store, s, str(CNB[local]))


def _int(text: str | None) -> int | None:
    return int(text) if text is not None else None


def _side(store: ox.Store, iri: str) -> Side:
    node = ox.NamedNode(iri)
    types = {q.object.value for q in store.quads_for_pattern(node, ox.NamedNode(str(RDF.type)), None)}
    src = _cnb(store, node, "source")
    src_node = ox.NamedNode(src) if src else node
    page, line = _int(_cnb(store, src_node, "page")), _int(_cnb(store, src_node, "sourceLine"))
    if str(CNB.BudgetLine) in types:
        table = _one(store, node, _TERMS["dataSet"])
        row, col = _cnb(store, node, "row"), _cnb(store, node, "column")
        scale = _cnb(store, ox.NamedNode(table), "scaleLabel") if table else None
        value = _cnb(store, node, "publishedValue")
        return Side(iri, "cell", f"{value} {scale or ''}".strip(),
                    _cnb(store, ox.NamedNode(table), "tableLabel") if table else None,
                    _cnb(store, ox.NamedNode(row), "rowLabel") if row else None,
                    _cnb(store, ox.NamedNode(col), "columnLabel") if col else None,
                    page, line, _cnb(store, src_node, "verbatimText"))
    if str(CNB.NarrativeClaim) in types:
        unit = _cnb(store, node, "statedUnit") or ""
        return Side(iri, "claim", f"{_cnb(store, node, 'statedText')}{unit}", row=_cnb(store, node, "subjectText"),
                    page=page, line=line, verbatim=_cnb(store, node, "claimText"))
    if str(CNB.TableRow) in types:
        table = next((q.subject for q in store.quads_for_pattern(None, ox.NamedNode(str(CNB.hasRow)), node)), None)
        return Side(iri, "row", table=_cnb(store, table, "tableLabel") if table else None,
                    row=_cnb(store, node, "rowLabel"), page=_int(_cnb(store, node, "page")),
                    line=_int(_cnb(store, node, "sourceLine")))
    if str(CNB.IndicatorTarget) in types:
        return Side(iri, "indicator", _cnb(store, node, "targetText"), row=_cnb(store, node, "indicatorName"),
                    column=_cnb(store, node, "weight"), page=page, line=line,
                    verbatim=_cnb(store, src_node, "verbatimText"))
    kinds = {str(CNB.PerformanceGoal): "goal", str(CNB.BudgetTable): "table", str(CNB.NarrativeSection): "section",
             str(CNB.BudgetDocument): "document"}
    kind = next((k for t, k in kinds.items() if t in types), "other")
    label = _cnb(store, node, "tableLabel") or _cnb(store, node, "projectName") or _one(store, node, _TERMS["title"])
    return Side(iri, kind, table=label, page=_int(_cnb(store, node, "page")), line=_int(_cnb(store, node, "sourceLine")))
