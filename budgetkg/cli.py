"""The ``budgetkg`` command line: ingest, query, tables, inspect, validate, load, serve.

A thin layer above :mod:`budgetkg.ingest` and :mod:`budgetkg.server`; each command imports what it needs when it runs.

Exit codes: 0 ok · 1 data problems · 2 usage or unreadable input. Data goes to stdout,
diagnostics to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from budgetkg.ingest.batch import run_batch
from budgetkg.ingest.errors import IngestError
from budgetkg.ingest.iri import DEFAULT_BASE
from budgetkg.ontology.formats import DOCUMENT_FORMATS
from budgetkg.ontology.namespaces import ONTOLOGY

from .cli_options import add_identity_arguments, given_of

FORMATS = {f.name: (f.name, f.extension) for f in DOCUMENT_FORMATS}  # --format → (ingest format, file extension)


def _err(msg: str) -> None:
    print(f"budgetkg: {msg}", file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    fmt, ext = FORMATS[args.format]
    files = [str(f) for f in args.files]
    given = given_of(args, files)
    if args.output is None:
        if len(files) != 1:
            _err("several inputs need -o DIR")
            return 2
        from budgetkg.ingest import parse_document, serialize_document

        try:
            sys.stdout.write(serialize_document(parse_document(files[0], given=given), fmt, args.base))
        except IngestError as exc:
            _err(str(exc))
            return 2
        return 0
    out = Path(args.output)
    if len(files) > 1 or out.is_dir() or args.output.endswith("/"):
        out.mkdir(parents=True, exist_ok=True)
        jobs = [(f, str(out / (Path(f).stem + ext))) for f in files]
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        jobs = [(files[0], str(out))]
    failed = 0
    for outcome in run_batch(jobs, fmt, args.base, workers=args.jobs, given=given):
        if outcome.ok:
            print(f"{outcome.path} → {outcome.detail} ({outcome.triples} triples)", file=sys.stderr)
        else:
            failed += 1
            _err(outcome.detail)
    if len(jobs) > 1:
        print(f"ingested {len(jobs) - failed} of {len(jobs)} files, {failed} failed", file=sys.stderr)
    return 2 if failed else 0


def cmd_query(args: argparse.Namespace) -> int:
    from budgetkg.ingest.query import format_result, load_dataset, read_query, run_query

    try:
        extra = []
        if args.ontology:
            from budgetkg.ontology.load import ontology_graph

            extra.append((str(ONTOLOGY), ontology_graph()))
        graph = load_dataset(args.data, extra)
        text = read_query(args.query)
    except (OSError, SyntaxError, ValueError) as exc:
        _err(f"cannot read input: {exc}")
        return 2
    try:
        result = run_query(graph, text)
        sys.stdout.write(format_result(result, args.format))
    except Exception as exc:  # noqa: BLE001 - rdflib raises ParseException and friends
        _err(f"query failed: {exc}")
        return 2
    return 0


def cmd_tables(args: argparse.Namespace) -> int:
    from budgetkg.ingest.query import load_graph
    from budgetkg.ingest.render import render_tables

    try:
        graph = load_graph([args.graph])
    except (OSError, SyntaxError, ValueError) as exc:
        _err(f"cannot read {args.graph}: {exc}")
        return 2
    tables = render_tables(graph)
    if not tables:
        _err("no tables in the graph")
        return 1
    for t in tables:
        if args.table and args.table not in (t.label, t.title):
            continue
        print(f"# {t.label} {t.title} (金额单位：{t.scale})")
        sys.stdout.write(t.to_csv())
        print()
    return 0


def cmd_inspect(args: argparse.Namespace) -> int:
    from budgetkg.ingest import parse_document
    from budgetkg.ingest.inspect import summary, summary_text

    status = 0
    for f in args.files:
        try:
            doc = parse_document(f)
        except IngestError as exc:
            _err(str(exc))
            status = 2
            continue
        info = summary(doc)
        print(json.dumps(info, ensure_ascii=False, indent=2) if args.json else summary_text(info))
    return status


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="budgetkg", description="Chinese budget disclosures as a knowledge graph.")
    sub = p.add_subparsers(dest="command", required=True)

    ing = sub.add_parser("ingest", help="read disclosures (PDF or text) and write RDF")
    ing.add_argument("files", nargs="+", help="disclosure files (.pdf or .txt)")
    ing.add_argument("-o", "--output", help="output file (one input) or directory (several)")
    ing.add_argument("--format", choices=sorted(FORMATS), default="ttl")
    ing.add_argument("--base", default=DEFAULT_BASE, help=f"base of minted IRIs (default {DEFAULT_BASE})")
    ing.add_argument("--jobs", type=int, default=None, help="parallel workers (default: all cores)")
    add_identity_arguments(ing)
    ing.set_defaults(func=cmd_ingest)

    q = sub.add_parser("query", help="run SPARQL (text or .rq file) against graph files")
    q.add_argument("query", help="SPARQL text or path to a .rq file")
    q.add_argument("--data", nargs="+", required=True, help="RDF files to query")
    q.add_argument("--format", choices=["table", "csv", "json"], default="table")
    q.add_argument("--ontology", action="store_true", help="also load the ontology and code lists")
    q.set_defaults(func=cmd_query)

    t = sub.add_parser("tables", help="re-render each disclosed table from a graph as CSV")
    t.add_argument("graph", help="RDF file of one document")
    t.add_argument("--table", help="only this table (label such as 公开表3 or its title)")
    t.set_defaults(func=cmd_tables)

    ins = sub.add_parser("inspect", help="summarise a disclosure: tables, pages, scale, unit, year")
    ins.add_argument("files", nargs="+")
    ins.add_argument("--json", action="store_true", help="machine-readable output")
    ins.set_defaults(func=cmd_inspect)

    from . import cli_server, cli_validate

    srv = sub.add_parser("serve", help="serve the store over HTTP (loads the bundled sample when empty)")
    cli_server.add_serve_arguments(srv)
    srv.set_defaults(func=cli_server.serve)
    ld = sub.add_parser("load", help="ingest files into the store, one named graph per document")
    cli_server.add_load_arguments(ld)
    ld.set_defaults(func=cli_server.load)
    cli_validate.add_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
