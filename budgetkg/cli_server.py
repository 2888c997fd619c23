"""``budgetkg serve`` and ``budgetkg load``: the commands over the store (registered by :mod:`budgetkg.cli`).

    parser = sub.add_parser("serve"); add_serve_arguments(parser); parser.set_defaults(func=serve)
    parser = sub.add_parser("load");  add_load_arguments(parser);  parser.set_defaults(func=load)

The server is imported when a command runs, not when the parser is built: ``budgetkg ingest`` never loads FastAPI.
Both return the process exit code every command uses (0 ok; 1 data problems: a loaded document does not validate
or was refused; 2 unusable input: a missing, empty or unreadable file, a folder with nothing to load, a store that
cannot be opened — locked by a running server, a file given as the store) and print diagnostics to stderr.

While ``serve`` runs, ``SERVING`` in the store folder names its address, so that a ``load`` refused by the store's
lock can say where to send the documents instead (HTTP PUT).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from budgetkg.server.config import Settings
    from budgetkg.server.store import GraphStore


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", help="store folder or SPARQL store URL (default: $BUDGETKG_STORE_PATH or data/store)")
    parser.add_argument("--base", help="base IRI of the data (default: $BUDGETKG_BASE_IRI, else http://localhost:PORT/)")


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_arguments(parser)
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=port_number, help="port (default 8000; the base IRI follows it unless --base)")
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


SERVING = "budgetkg-serve.json"  # in the store folder while `budgetkg serve` holds it: {"pid", "url"}


def port_number(text: str) -> int:
    """``--port``: an integer from 1 to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"a port is 1–65535, not {port}")
    return port


def _say(command: str, message: str) -> None:
    print(f"budgetkg {command}: {message}", file=sys.stderr)


def store_problem(location: str | None) -> str | None:
    """Why the folder ``location`` cannot be a store (a file, a folder of other files), or None."""
    if not location or location.strip().lower().startswith(("http://", "https://")):
        return None
    p = Path(location)
    if p.is_file():
        return (f"{location}: is a file, not a store folder; to serve a document, load it into a store first: "
                f"budgetkg load {location} --store DIR, then budgetkg serve --store DIR")
    if p.is_dir() and not (p / "CURRENT").exists() and any(f.name != SERVING for f in p.iterdir()):
        return (f"{location}: is a folder of other files, not a store (an Oxigraph store folder holds CURRENT, "
                "LOCK …); give an empty or new folder, or load these files with budgetkg load")
    return None


def _serving(location: str | None) -> dict | None:
    """What ``SERVING`` says of the server holding the store, if that process still runs (a server stopped by a
    signal leaves the file behind)."""
    try:
        found = json.loads((Path(location or "") / SERVING).read_text(encoding="utf-8"))
        os.kill(int(found["pid"]), 0)
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return found if isinstance(found, dict) else None


def open_or_explain(settings: Settings, command: str) -> GraphStore | None:
    """The store, or None after a one-line message: not a store, locked by a running server, cannot be opened."""
    from budgetkg.server.store import StoreError

    from .cli_inputs import one_line

    location = settings.store_path
    problem = store_problem(location)
    if problem:
        _say(command, problem)
        return None
    try:
        return open_store(settings)
    except (StoreError, OSError) as exc:
        if "lock" not in str(exc).lower():
            _say(command, f"cannot open the store {location!r}: {one_line(str(exc))}")
            return None
    server = _serving(location)
    who = (f"a running budgetkg serve (pid {server.get('pid')}, {server.get('url')})" if server
           else "another process (a running budgetkg serve?)")
    url = (server or {}).get("url") or "http://HOST:PORT/"
    if command == "load":
        _say(command, f"the store {location} is locked by {who}; load into the running server with HTTP PUT, one "
                      f"document each: curl -X PUT -H 'Authorization: Bearer $BUDGETKG_UPLOAD_TOKEN' --data-binary "
                      f"@FILE '{url}documents/UNIT/YEAR/PHASE?filename=FILE' (the server needs BUDGETKG_UPLOAD_TOKEN), "
                      "or stop the server and run budgetkg load again")
    else:
        _say(command, f"the store {location} is locked by {who}; stop it, or serve another --store")
    return None


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
    could not be loaded (2: unusable input, also when a path is missing or a folder holds nothing to load) or a
    document does not validate or is refused (1)."""
    from budgetkg.server.batch_load import batch_load, discover, print_summary, write_report

    from .cli_inputs import InputError, classify

    settings = settings_from(args)
    if args.jobs is not None and args.jobs < 1:
        _say("load", "--jobs must be at least 1")
        return 2
    usable: list[str] = []
    unusable = 0
    for p in args.paths:  # what cannot be loaded at all is said before the store is opened
        try:
            if Path(p).is_dir():
                if not discover([p]):
                    raise InputError(p, "no PDF, text or RDF files in this folder")
            else:
                classify(p)
            usable.append(p)
        except InputError as exc:
            _say("load", str(exc))
            unusable += 1
    if not usable:
        return 2
    store = open_or_explain(settings, "load")
    if store is None:
        return 2
    try:
        summary = batch_load(store, usable, settings.base_iri, jobs=args.jobs,
                             validate=not args.no_validate, reject_invalid=args.reject_invalid,
                             progress=args.progress, echo=print, unit=getattr(args, "unit", None),
                             year=getattr(args, "year", None))
    finally:
        try:
            store.close()
        except OSError as exc:  # a full disk: the summary below says what was loaded
            _say("load", f"the store could not be closed cleanly: {exc}")
    print_summary(summary)
    if args.report:
        write_report(summary, args.report)
    return 2 if unusable else summary.status


def serve(args: argparse.Namespace) -> int:
    """``budgetkg serve``: open (and on first run fill with the bundled sample) the store, then serve HTTP."""
    import uvicorn

    from budgetkg.server import create_app
    from budgetkg.server.documents import DocumentError
    from budgetkg.server.loading import load_documents
    from budgetkg.server.store import StoreError
    from budgetkg.server.vocabulary_graph import VOCABULARY_GRAPH, document_graphs, ensure_vocabulary

    settings = settings_from(args)
    problem = address_problem(settings.host, settings.port)
    if problem:
        _say("serve", problem)
        return 2
    store = open_or_explain(settings, "serve")
    if store is None:
        return 2
    documents = document_graphs(store)
    if documents and not settings.base_is_set:
        stored = {d.split("id/doc/")[0] for d in documents if "id/doc/" in d}
        if len(stored) == 1 and settings.base_iri not in stored:  # their IRIs, and so their pages, are under it
            base = stored.pop()
            _say("serve", f"the store's documents were loaded under the base {base}, so their links name it rather "
                          f"than {settings.base_iri}; to serve them under this address, load them again with "
                          f"--base {settings.base_iri} (or give --base to choose)")
            settings = settings.model_copy(update={"base_iri": base})
    if not documents and not getattr(args, "no_sample", False):
        try:
            loaded = load_documents(store, [sample_path()], settings.base_iri)
            print(f"loaded the bundled sample: {', '.join(loaded)}", file=sys.stderr)
        except (DocumentError, OSError) as exc:
            _say("serve", f"could not load the bundled sample: {exc}")
    try:
        if ensure_vocabulary(store):
            print(f"stored the ontology and code lists in the graph <{VOCABULARY_GRAPH}>", file=sys.stderr)
    except (StoreError, OSError) as exc:  # a read-only remote store: serve without the labels
        _say("serve", f"could not store the vocabulary graph: {exc}")
    app = create_app(settings, store)
    url = f"http://{settings.host}:{settings.port}/"
    print(f"serving {settings.base_iri} on {url} (SPARQL at /sparql)", file=sys.stderr)
    marker = _mark_serving(settings.store_path, url)
    try:
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
    finally:
        if marker is not None:
            marker.unlink(missing_ok=True)
        store.close()
    return 0


def address_problem(host: str, port: int) -> str | None:
    """Why ``budgetkg serve`` cannot listen on ``host:port`` (in use, no such address), or None."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except OSError as exc:
        return f"cannot listen on {host!r}: {exc.strerror or exc}; give an address of this machine with --host"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as exc:
            return (f"cannot listen on {host}:{port}: {exc.strerror or exc} (another server on that port?); "
                    "choose another with --port")
    return None


def _mark_serving(location: str | None, url: str) -> Path | None:
    """Write ``SERVING`` into an on-disk store folder (what a refused ``load`` reports)."""
    if not location or location.strip().lower().startswith(("http://", "https://")):
        return None
    marker = Path(location) / SERVING
    try:
        marker.write_text(json.dumps({"pid": os.getpid(), "url": url}), encoding="utf-8")
    except OSError:
        return None
    return marker
