"""Run a SPARQL query against graph files and format the answer (table, CSV, JSON)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import cast

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.query import Result, ResultRow

from ..ontology.formats import JSONLD, TURTLE, of_kind
from .vocab import CNB, PREFIXES

QUAD_SUFFIXES = {f.extension: f.rdflib for f in of_kind("dataset")}


def load_graph(paths: list[str | Path]) -> Graph:
    """Parse RDF files (format from the file suffix) into one graph."""
    g = Graph()
    for p in paths:
        g.parse(str(p))
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def add_graph(ds: Dataset, name: str, graph: Graph) -> None:
    """Add ``graph``'s triples to the named graph ``name`` of ``ds``."""
    target = ds.graph(URIRef(name))
    for triple in graph:
        target.add(triple)


def load_dataset(paths: list[str | Path], extra: list[tuple[str, Graph]] | None = None) -> Dataset:
    """Files as a dataset laid out like the server's store: one named graph per document (named by the document
    IRI), the default graph the union of all. N-Quads / TriG keep their own graphs; a file of triples that holds no
    document (or several) becomes one graph named by the file. ``extra``: further (name, graph) pairs, e.g. the
    ontology."""
    ds = Dataset(default_union=True)
    for p in map(Path, paths):
        fmt = QUAD_SUFFIXES.get(p.suffix.lower())
        if fmt:
            ds.parse(str(p), format=fmt)
            continue
        g = Graph().parse(str(p))
        docs = set(g.subjects(RDF.type, CNB.BudgetDocument))
        add_graph(ds, str(next(iter(docs))) if len(docs) == 1 else p.resolve().as_uri(), g)
    for name, g in extra or []:
        add_graph(ds, name, g)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    return ds


def read_query(text_or_path: str) -> str:
    """The query text: the argument itself, or the contents of a ``.rq`` file it names."""
    p = Path(text_or_path)
    if text_or_path.endswith((".rq", ".sparql")) or (len(text_or_path) < 4096 and p.is_file()):
        return p.read_text(encoding="utf-8")
    return text_or_path


def run_query(graph: Graph, query: str) -> Result:
    """Run a query with the project prefixes pre-declared (a query may declare its own)."""
    return graph.query(query, initNs=dict(PREFIXES))


def _cell(value) -> str:
    return "" if value is None else str(value)


def format_result(result: Result, fmt: str = "table") -> str:
    """Render SELECT/ASK results as an aligned table, CSV or SPARQL JSON; graphs as Turtle."""
    if result.type == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}) if fmt == "json" else str(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return result.graph.serialize(format=JSONLD.rdflib if fmt == "json" else TURTLE.rdflib)
    variables = result.vars or []
    names = [str(v) for v in variables]
    rows = [[_cell(cast(ResultRow, r)[v]) for v in variables] for r in result]
    if fmt == "json":
        return cast(bytes, result.serialize(format="json")).decode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(names)
        w.writerows(rows)
        return buf.getvalue()
    widths = [max([_width(n)] + [_width(r[i]) for r in rows]) for i, n in enumerate(names)]
    lines = [" | ".join(_pad(n, w) for n, w in zip(names, widths, strict=True))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
