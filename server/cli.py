"""CLI glue for ``budgetkg serve`` and ``budgetkg load`` (registered by ``ingest.cli`` with argparse).

    parser = sub.add_parser("serve"); add_serve_arguments(parser); parser.set_defaults(func=serve)
    parser = sub.add_parser("load");  add_load_arguments(parser);  parser.set_defaults(func=load)

Both return a process exit code (0 ok, 1 a file could not be loaded, 2 usage) and print diagnostics to stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import Settings
from .store import StoreError


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", help="store folder or SPARQL store URL (default: $BUDGETKG_STORE_PATH or data/store)")
    parser.add_argument("--base", help="base IRI of the data (default: $BUDGETKG_BASE_IRI or http://localhost:8000/)")


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_arguments(parser)
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default 8000)")
    parser.add_argument("--no-sample", action="store_true", help="do not load the bundled sample into an empty store")


def add_load_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_arguments(parser)
    parser.add_argument("paths", nargs="+",
                        help="disclosures (PDF, text) or RDF files, or folders of them; one named graph each")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--no-validate", action="store_true", help="skip the SHACL validation of each document")
    parser.add_argument("--reject-invalid", action="store_true",
                        help="do not store documents that fail validation (they are retried on the next run)")
    parser.add_argument("--report", help="write the summary (failures, invalid documents, timing) as JSON here")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="progress bar (default: when stderr is a terminal)")
    from ingest.cli import add_identity_arguments

    add_identity_arguments(parser)


def settings_from(args: argparse.Namespace) -> Settings:
    overrides = {k: v for k, v in {"store_path": getattr(args, "store", None), "base_iri": getattr(args, "base", None),
                                   "host": getattr(args, "host", None), "port": getattr(args, "port", None)}.items()
                 if v is not None}
    return Settings(**overrides)


def sample_path() -> Path:
    try:
        from importlib.resources import files

        return Path(str(files("ingest"))) / "data" / "sample.txt"
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[1] / "ingest" / "data" / "sample.txt"


def open_store(settings: Settings):
    """The store of ``settings``: a folder → embedded Oxigraph, an http(s) URL → a remote SPARQL 1.1 store."""
    from .store_factory import open_store_for

    return open_store_for(settings)


def load(args: argparse.Namespace) -> int:
    """``budgetkg load PATH... [--jobs N]``: load files (or folders of files) into the store, one named graph per
    document, in parallel; unchanged files (same SHA-256 already stored) are skipped. Exit status 1 when a file
    could not be loaded or a document does not validate."""
    from .batch_load import batch_load, print_summary, write_report

    settings = settings_from(args)
    missing = [p for p in args.paths if not Path(p).exists()]
    for p in missing:
        print(f"budgetkg load: {p}: no such file or directory", file=sys.stderr)
    if args.jobs is not None and args.jobs < 1:
        print("budgetkg load: --jobs must be at least 1", file=sys.stderr)
        return 2
    try:
        store = open_store(settings)
    except (StoreError, OSError) as exc:
        print(f"budgetkg load: cannot open the store {settings.store_path!r}: {exc}", file=sys.stderr)
        return 2
    try:
        summary = batch_load(store, [p for p in args.paths if p not in missing], settings.base_iri, jobs=args.jobs,
                             validate=not args.no_validate, reject_invalid=args.reject_invalid,
                             progress=args.progress, echo=print, unit=getattr(args, "unit", None),
                             year=getattr(args, "year", None))
    finally:
        try:
            store.close()
        except OSError as exc:  # a full disk: the summary below says what was loaded
            print(f"budgetkg load: the store could not be closed cleanly: {exc}", file=sys.stderr)
    print_summary(summary)
    if args.report:
        write_report(summary, args.report)
    return 1 if missing else summary.status


def serve(args: argparse.Namespace) -> int:
    """``budgetkg serve``: open (and on first run fill with the bundled sample) the store, then serve HTTP."""
    import uvicorn

    from . import create_app
    from .documents import DocumentError
    from .store import load_documents
    from .vocabulary_graph import VOCABULARY_GRAPH, document_graphs, ensure_vocabulary

    settings = settings_from(args)
    try:
        store = open_store(settings)
    except (StoreError, OSError) as exc:
        print(f"budgetkg serve: cannot open the store {settings.store_path!r}: {exc}", file=sys.stderr)
        return 2
    if not document_graphs(store) and not getattr(args, "no_sample", False):
        try:
            loaded = load_documents(store, [sample_path()], settings.base_iri)
            print(f"loaded the bundled sample: {', '.join(loaded)}", file=sys.stderr)
        except (DocumentError, OSError) as exc:
            print(f"budgetkg serve: could not load the bundled sample: {exc}", file=sys.stderr)
    try:
        if ensure_vocabulary(store):
            print(f"stored the ontology and code lists in the graph <{VOCABULARY_GRAPH}>", file=sys.stderr)
    except (StoreError, OSError) as exc:  # a read-only remote store: serve without the labels
        print(f"budgetkg serve: could not store the vocabulary graph: {exc}", file=sys.stderr)
    app = create_app(settings, store)
    print(f"serving {settings.base_iri} on http://{settings.host}:{settings.port}/ (SPARQL at /sparql)", file=sys.stderr)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
    store.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry (``python -m server.cli serve``); ``budgetkg serve`` and ``budgetkg load`` run the same."""
    parser = argparse.ArgumentParser(prog="budgetkg-server")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("serve", help="serve the store over HTTP")
    add_serve_arguments(p)
    p.set_defaults(func=serve)
    p = sub.add_parser("load", help="load documents into the store")
    add_load_arguments(p)
    p.set_defaults(func=load)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
