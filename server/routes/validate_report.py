"""The SHACL report of an upload as JSON (``normalise_report``, ``report_json``); used in the upload workers."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH


def _validator():
    try:
        from budgetkg.ingest.validate import validate_document
    except ImportError:
        return None
    return validate_document


def validation_report(graph: Graph | None) -> tuple[bool, Graph] | None:
    """(conforms, report graph) of ``graph``; None when validation is unavailable. ``None`` as the graph only
    loads the validator and the shapes (a worker does so before its memory limit)."""
    validate = _validator()
    if validate is None:
        return None
    if graph is None:
        from budgetkg.ingest.validate import shapes_graph

        shapes_graph()
        return None
    conforms, report, _ = normalise_report(validate(graph))
    return conforms, report


def normalise_report(report: Any) -> tuple[bool, Graph, str]:
    """(conforms, report graph, text) from what ``validate_document`` returns: pySHACL's triple, an object
    with ``conforms`` / ``graph`` / ``text``, or a report graph."""
    if isinstance(report, tuple) and len(report) >= 2:
        conforms, graph = bool(report[0]), report[1]
        text = str(report[2]) if len(report) > 2 else ""
    elif isinstance(report, Graph):
        graph, text = report, ""
        conforms = all(bool(o) for o in graph.objects(None, SH.conforms))
    else:
        conforms = bool(getattr(report, "conforms", False))
        graph = (getattr(report, "results_graph", None) or getattr(report, "graph", None)
                 or getattr(report, "report_graph", None) or Graph())
        text = str(getattr(report, "text", ""))
    if not isinstance(graph, Graph):
        graph = Graph()
    return conforms, graph, text


def report_json(conforms: bool, graph: Graph) -> dict[str, Any]:
    results = []
    for r in graph.subjects(RDF.type, SH.ValidationResult):
        messages = {(m.language or "und"): str(m) for m in graph.objects(r, SH.resultMessage) if isinstance(m, Literal)}
        item = {"severity": str(graph.value(r, SH.resultSeverity) or "").rsplit("#", 1)[-1],
                "focusNode": str(graph.value(r, SH.focusNode) or ""), "path": str(graph.value(r, SH.resultPath) or ""),
                "value": str(graph.value(r, SH.value) or ""), "sourceShape": str(graph.value(r, SH.sourceShape) or ""),
                "messages": messages}
        results.append(item)
    results.sort(key=lambda x: (x["severity"], x["sourceShape"], x["focusNode"]))
    return {"conforms": conforms, "results": results}
