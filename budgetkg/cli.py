"""The ``budgetkg`` command line: ingest, query, tables, inspect, validate, load, serve, units.

A thin layer above :mod:`budgetkg.ingest` and :mod:`budgetkg.server`; each command imports what it needs when it runs.

Exit codes, the same in every command (:data:`EPILOG`): 0 ok · 1 data problems found · 2 unusable input.
Data goes to stdout, diagnostics to stderr, one line each.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from budgetkg.ingest.batch import run_batch
from budgetkg.ingest.errors import IngestError
from budgetkg.ingest.iri import DEFAULT_BASE
from budgetkg.ontology.formats import DOCUMENT_FORMATS
from budgetkg.ontology.namespaces import ONTOLOGY

from .cli_options import add_identity_arguments, given_of

FORMATS = {f.name: (f.name, f.extension) for f in DOCUMENT_FORMATS}  # --format → (ingest format, file extension)


_running: list[str] = []  # the command main() runs: every message starts "budgetkg <command>: "


def _err(msg: str) -> None:
    print(f"budgetkg {_running[-1]}: {msg}" if _running else f"budgetkg: {msg}", file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    from .cli_inputs import InputError, classify, pages_shown, read_graph, require_document

    fmt, ext = FORMATS[args.format]
    files = [str(f) for f in args.files]
    given = given_of(args, files)
    if args.output is None:
        if len(files) != 1:
            _err("several inputs need -o DIR")
            return 2
        from budgetkg.ingest.serialize import serialize_triples

        item = classify(files[0])
        if item.kind == "rdf":  # RDF in, RDF out: a document graph in another format
            graph = read_graph(item)
            require_document(graph, item)
            sys.stdout.write(serialize_triples(graph, fmt, args.base))
            return 0
        from budgetkg.ingest import parse_document, serialize_document

        try:
            with pages_shown(item.name, item.kind):
                doc = parse_document(item.path, name=item.path.name, given=given)
        except IngestError as exc:
            raise InputError.of(exc) from None
        sys.stdout.write(serialize_document(doc, fmt, args.base))
        return 0
    from .cli_inputs import ingest_any

    out = Path(args.output)
    if len(files) > 1 or out.is_dir() or args.output.endswith("/"):
        out.mkdir(parents=True, exist_ok=True)
        jobs = [(f, str(out / (Path(f).stem + ext))) for f in files]
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        jobs = [(files[0], str(out))]
    failed = 0
    single = len(jobs) == 1
    try:
        kind = classify(files[0]).kind
    except InputError:
        kind = "text"  # the batch reports it
    with pages_shown(files[0], kind, show=single):  # one PDF: its pages; a batch: the files (the bar)
        for outcome in run_batch(jobs, fmt, args.base, workers=args.jobs, given=given, task=ingest_any,
                                 progress=False if single else None):
            if outcome.ok:
                print(f"{outcome.path} → {outcome.detail} ({outcome.triples} triples)", file=sys.stderr)
            else:
                failed += 1
                _err(outcome.detail)
    if len(jobs) > 1:
        print(f"ingested {len(jobs) - failed} of {len(jobs)} files, {failed} failed", file=sys.stderr)
    return 2 if failed else 0


def cmd_query(args: argparse.Namespace) -> int:
    from budgetkg.ingest.query import format_result, read_query, run_query

    from .cli_inputs import read_dataset

    try:
        text = read_query(args.query)
    except (OSError, UnicodeDecodeError) as exc:
        _err(f"cannot read the query {args.query}: {getattr(exc, 'strerror', None) or exc}")
        return 2
    extra = []
    if args.ontology:
        from budgetkg.ontology.load import ontology_graph

        extra.append((str(ONTOLOGY), ontology_graph()))
    graph = read_dataset(args.data, given_of(args, args.data), extra=extra)
    try:
        result = run_query(graph, text)
        sys.stdout.write(format_result(result, args.format))
    except Exception as exc:  # noqa: BLE001 - rdflib raises ParseException and friends
        from .cli_inputs import one_line

        _err(f"query failed: {one_line(str(exc)) or type(exc).__name__}")
        return 2
    return 0


def cmd_tables(args: argparse.Namespace) -> int:
    from budgetkg.ingest.render import render_tables

    from .cli_inputs import classify, read_graph, require_document

    item = classify(args.graph)
    graph = read_graph(item, given_of(args, [args.graph]))
    require_document(graph, item)
    tables = render_tables(graph)
    if not tables:
        _err(f"{args.graph}: no tables in this document (narrative only? its tables may be a separate file)")
        return 1
    chosen = [t for t in tables if not args.table or args.table in (t.label, t.title)]
    if not chosen:
        names = ", ".join(dict.fromkeys(t.label for t in tables))
        _err(f"{args.graph}: no table {args.table!r}; its tables: {names}")
        return 1
    for t in chosen:
        print(f"# {t.label} {t.title} (金额单位：{t.scale})")
        sys.stdout.write(t.to_csv())
        print()
    return 0


def cmd_inspect(args: argparse.Namespace) -> int:
    """Exit 0: every file read, every identity holds; 1: an identity fails (the FAIL lines); 2: a file unusable."""
    from budgetkg.ingest.inspect import summary, summary_text

    from .cli_inputs import InputError, classify, graph_summary, graph_summary_text, read_document, read_graph

    status = 0
    reports: list[dict] = []
    for f in args.files:
        try:
            item = classify(f)
            if item.kind == "rdf":
                info = graph_summary(read_graph(item), item)
                text = graph_summary_text(info)
            else:
                info = summary(read_document(item, given_of(args, args.files), progress=len(args.files) == 1))
                text = summary_text(info)
        except InputError as exc:
            _err(str(exc))
            status = 2
            reports.append({"source": f, "errors": [exc.ingest_error().problem().to_dict()]})
            continue
        failing = len((info.get("identities") or {}).get("fail", []))
        if failing and status == 0:
            status = 1
        reports.append({"source": info["file"], "errors": [], **info})
        if not args.json:
            print(text)
    if args.json:
        stats = {"files": len(reports), "unreadable": sum(bool(r["errors"]) for r in reports),
                 "identities_checked": sum((r.get("identities") or {}).get("checked", 0) for r in reports),
                 "identities_failing": sum(len((r.get("identities") or {}).get("fail", [])) for r in reports)}
        print(json.dumps({"valid": status == 0, "stats": stats, "reports": reports}, ensure_ascii=False, indent=2))
    return status


EPILOG = """\
Every command reads what ingest reads: a disclosure PDF, its text extraction (.txt) or RDF (Turtle, N-Triples,
JSON-LD, RDF/XML; N-Quads and TriG for query and load).

exit codes (every command):
  0  ok
  1  data problems found: validate reports Violations, inspect prints FAIL lines (a sum that does not hold),
     tables finds no such table (or none at all), load stores a document that does not validate
  2  unusable input: a missing file, a directory where a file is needed, an empty file, bytes that are neither
     PDF, text nor RDF, an unreadable or scanned PDF, a bad query or option, a store that cannot be opened
  130 interrupted (Ctrl-C)
Data goes to stdout, messages to stderr (one line per problem, never a traceback; BUDGETKG_DEBUG=1 shows one).
"""


def cmd_units(args: argparse.Namespace) -> int:
    """Issue 17 item 1: the links made (documents sharing a unit IRI) and the near-misses, of files or a store."""
    from budgetkg.ingest import unit_links

    def open_any(location: str):
        from budgetkg.server.crossdoc import select_of
        from budgetkg.server.store_factory import open_store

        store = open_store(location, read_only=True)
        return select_of(store), store.close

    return unit_links.run(args, "budgetkg units", open_any)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="budgetkg", description="Chinese budget disclosures as a knowledge graph.",
                                epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)

    ing = sub.add_parser("ingest", help="read disclosures (PDF, text or RDF) and write RDF")
    ing.add_argument("files", nargs="+", help="disclosure files (.pdf or .txt), or RDF to write in another --format")
    ing.add_argument("-o", "--output", help="output file (one input) or directory (several)")
    ing.add_argument("--format", choices=sorted(FORMATS), default="ttl")
    ing.add_argument("--base", default=DEFAULT_BASE, help=f"base of minted IRIs (default {DEFAULT_BASE})")
    ing.add_argument("--jobs", type=int, default=None, help="parallel workers (default: all cores)")
    add_identity_arguments(ing)
    ing.set_defaults(func=cmd_ingest)

    q = sub.add_parser("query", help="run SPARQL (text or .rq file) against documents (PDF, text or RDF)")
    q.add_argument("query", help="SPARQL text or path to a .rq file")
    q.add_argument("--data", nargs="+", required=True, help="files to query: PDF, text or RDF (paths relative to "
                                                              "the current directory)")
    q.add_argument("--format", choices=["table", "csv", "json"], default="table")
    q.add_argument("--ontology", action="store_true", help="also load the ontology and code lists")
    add_identity_arguments(q)
    q.set_defaults(func=cmd_query)

    t = sub.add_parser("tables", help="re-render each disclosed table as CSV (from a PDF, text or RDF)")
    t.add_argument("graph", metavar="FILE", help="one document: PDF, text extraction or RDF")
    t.add_argument("--table", help="only this table (label such as 公开表3 or its title); exit 1 if there is none")
    add_identity_arguments(t)
    t.set_defaults(func=cmd_tables)

    ins = sub.add_parser("inspect", help="summarise a disclosure: tables, pages, scale, unit, year, sums")
    ins.add_argument("files", nargs="+", metavar="FILE", help="PDF, text extraction or RDF")
    ins.add_argument("--json", action="store_true", help="machine-readable output: {valid, stats, reports}")
    add_identity_arguments(ins)
    ins.set_defaults(func=cmd_inspect)

    from . import cli_server, cli_validate

    srv = sub.add_parser("serve", help="serve the store over HTTP (loads the bundled sample when empty)")
    cli_server.add_serve_arguments(srv)
    srv.set_defaults(func=cli_server.serve)
    ld = sub.add_parser("load", help="ingest files into the store, one named graph per document")
    cli_server.add_load_arguments(ld)
    ld.set_defaults(func=cli_server.load)
    cli_validate.add_parser(sub)
    un = sub.add_parser("units", help="documents that share a unit IRI, and close unit names not linked (to confirm)")
    un.add_argument("files", nargs="*", type=Path, metavar="FILE|DIR", help="documents (PDF, text, RDF) or folders")
    un.add_argument("--store", metavar="DIR|URL", help="the units of the documents loaded in this store")
    un.add_argument("--json", action="store_true", help="print JSON")
    un.set_defaults(func=cmd_units)
    for command in sub.choices.values():
        command.epilog = "exit codes: 0 ok · 1 data problems found · 2 unusable input (budgetkg --help says more)"
    return p


def main(argv: list[str] | None = None) -> int:
    from .cli_inputs import InputError, one_line

    parser = build_parser()
    args = parser.parse_args(argv)
    _running.append(args.command)
    try:
        return int(args.func(args) or 0)
    except InputError as exc:
        _err(str(exc))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # an output that cannot be written, a folder that cannot be made
        where = f"{exc.filename}: " if exc.filename else ""
        _err(f"{where}{exc.strerror or one_line(str(exc))}")
        return 2
    except Exception as exc:  # noqa: BLE001 - a message, not a traceback (BUDGETKG_DEBUG=1 for one)
        if os.environ.get("BUDGETKG_DEBUG"):
            raise
        _err(f"unexpected error: {type(exc).__name__}: {one_line(str(exc))} "
             "(a bug: please report it; BUDGETKG_DEBUG=1 shows the traceback)")
        return 2
    finally:
        _running.pop()


if __name__ == "__main__":
    sys.exit(main())
