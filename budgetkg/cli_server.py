"""``budgetkg serve`` and ``budgetkg load``: the commands over the store (registered by :mod:`budgetkg.cli`).

    parser = sub.add_parser("serve"); add_serve_arguments(parser); parser.set_defaults(func=serve)
    parser = sub.add_parser("load");  add_load_arguments(parser);  parser.set_defaults(func=load)

The server is imported when a command runs, not when the parser is built: ``budgetkg ingest`` never loads FastAPI.
Both return a process exit code (0 ok, 1 a file could not be loaded, 2 usage) and print diagnostics to stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from budgetkg.server.config import Settings
    from budgetkg.server.store import GraphStore


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
    from .cli_options import add_identity_arguments

    add_identity_arguments(parser)


def settings_from(args: argparse.Namespace) -> Settings:
    from budgetkg.server.config import Settings

    overrides = {k: v for k, v in {"store_path": getattr(args, "store", None), "base_iri": getattr(args, "base", None),
                                   "host": getattr(args, "host", None), "port": getattr(args, "port", None)}.items()
                 if v is not None}
    return Settings(**overrides)


def sample_path() -> Path:
    from importlib.resources import files

    return Path(str(files("budgetkg.ingest"))) / "data" / "sample.txt"


def open_store(settings: Settings) -> GraphStore:
    """The store of ``settings``: a folder → embedded Oxigraph, an http(s) URL → a remote SPARQL 1.1 store."""
    from budgetkg.server.store_factory import open_store_for

    return open_store_for(settings)


def load(args: argparse.Namespace) -> int:
    """``budgetkg load PATH... [--jobs N]``: load files (or folders of files) into the store, one named graph per
    document, in parallel; unchanged files (same SHA-256 already stored) are skipped. Exit status 1 when a file
    could not be loaded or a document does not validate."""
    from budgetkg.server.batch_load import batch_load, print_summary, write_report
    from budgetkg.server.store import StoreError

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

    from budgetkg.server import create_app
    from budgetkg.server.documents import DocumentError
    from budgetkg.server.loading import load_documents
    from budgetkg.server.store import StoreError
    from budgetkg.server.vocabulary_graph import VOCABULARY_GRAPH, document_graphs, ensure_vocabulary

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
