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


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", help="store folder (default: $BUDGETKG_STORE_PATH or data/store)")
    parser.add_argument("--base", help="base IRI of the data (default: $BUDGETKG_BASE_IRI or http://localhost:8000/)")


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_arguments(parser)
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default 8000)")
    parser.add_argument("--no-sample", action="store_true", help="do not load the bundled sample into an empty store")


def add_load_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_arguments(parser)
    parser.add_argument("paths", nargs="+", help="disclosures (PDF, text) or RDF files; one named graph each")


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


def load(args: argparse.Namespace) -> int:
    """``budgetkg load FILE...``: ingest each file into its own named graph of the store."""
    from .documents import DocumentError
    from .store import OxigraphStore, load_documents

    settings = settings_from(args)
    store = OxigraphStore(settings.store_path or None)
    status = 0
    try:
        for path in args.paths:
            try:
                for name, n in load_documents(store, [path], settings.base_iri).items():
                    print(f"{name}\t{n}")
            except (DocumentError, OSError) as exc:
                print(f"budgetkg load: {exc}", file=sys.stderr)
                status = 1
    finally:
        store.close()
    return status


def serve(args: argparse.Namespace) -> int:
    """``budgetkg serve``: open (and on first run fill with the bundled sample) the store, then serve HTTP."""
    import uvicorn

    from . import create_app
    from .documents import DocumentError
    from .store import OxigraphStore, load_documents

    settings = settings_from(args)
    store = OxigraphStore(settings.store_path or None)
    if not store.list_graphs() and not getattr(args, "no_sample", False):
        try:
            loaded = load_documents(store, [sample_path()], settings.base_iri)
            print(f"loaded the bundled sample: {', '.join(loaded)}", file=sys.stderr)
        except (DocumentError, OSError) as exc:
            print(f"budgetkg serve: could not load the bundled sample: {exc}", file=sys.stderr)
    app = create_app(settings, store)
    print(f"serving {settings.base_iri} on http://{settings.host}:{settings.port}/ (SPARQL at /sparql)", file=sys.stderr)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
    store.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry (``python -m server.cli serve``) until the lead wires these into ``budgetkg``."""
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
