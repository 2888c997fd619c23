"""``budgetkg validate FILE... [--format text|json|ttl] [--lang zh|en] [--severity info|warning|violation]``.

Exit status: 0 every file conforms, 1 a file has violations, 2 a file cannot be read (message on stderr).
Registered by :mod:`budgetkg.cli`; :func:`main` runs it on its own.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``validate`` sub-command on an ``argparse`` sub-parsers object."""
    p = subparsers.add_parser(
        "validate", help="check disclosures against the SHACL shapes",
        description="Validate budget disclosures (PDF, text or RDF) against budgetkg's SHACL shapes.",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="PDF, text extraction or RDF file")
    p.add_argument("--store", metavar="DIR|URL", help="also run the cross-document checks over the documents of this "
                   "store (the embedded store's folder, or a SPARQL store's URL): issue 17")
    p.add_argument("--format", choices=("text", "json", "ttl"), default="text", help="report format (default text)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="message language (default zh)")
    p.add_argument("--severity", type=str.lower, choices=("info", "warning", "violation"), default="info",
                   help="lowest severity listed (default info)")
    from .cli_options import add_identity_arguments

    add_identity_arguments(p)
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Validate every file; print the reports to stdout; return the exit status.

    ``--format json`` prints one envelope for all files (:func:`budgetkg.ingest.report.envelope`), with a report
    naming the error of each file that could not be read."""

    from budgetkg.ingest.identity import Given
    from budgetkg.ingest.report import Report, envelope_json
    from budgetkg.ingest.validate import validate_document, validate_parsed

    from .cli_inputs import InputError, classify, read_document, read_graph

    status = 0
    reports: list[Report] = []
    given = Given(getattr(args, "unit", None), getattr(args, "year", None), tuple(args.files))
    for name in args.files:
        try:
            item = classify(name)
            if item.kind == "rdf":
                report = validate_document(read_graph(item), lang=args.lang, severity=args.severity,
                                           source=item.path.name)
            else:
                doc = read_document(item, given, progress=len(args.files) == 1)
                report = validate_parsed(doc, lang=args.lang, severity=args.severity, source=item.path.name)
        except InputError as exc:
            print(f"budgetkg validate: {exc}", file=sys.stderr)
            status = 2
            reports.append(Report.unreadable(exc.ingest_error(), args.lang))
            continue
        if not report.conforms and status == 0:
            status = 1
        reports.append(report)
    if getattr(args, "store", None):
        crossdoc = _crossdoc(args)
        if crossdoc is None:
            return 2
        if not crossdoc.conforms and status == 0:
            status = 1
        reports.append(crossdoc)
    elif not args.files:
        print("budgetkg validate: give FILEs, or --store DIR for the cross-document checks", file=sys.stderr)
        return 2
    if args.format == "json":
        print(envelope_json(reports))
    else:
        for r in reports:
            if not r.errors:
                sys.stdout.write(r.turtle() if args.format == "ttl" else r.text(args.lang))
    return status


def _crossdoc(args: argparse.Namespace):
    """The cross-document checks over the store (None when it cannot be opened: the message is printed)."""
    from budgetkg.ingest.report import Report
    from budgetkg.server.crossdoc import check_documents
    from budgetkg.server.store_factory import open_store

    try:
        store = open_store(args.store, read_only=True)
    except Exception as exc:  # noqa: BLE001 - a locked, missing or unreachable store is one line, exit 2
        print(f"budgetkg validate: cannot open the store {args.store}: {exc}", file=sys.stderr)
        return None
    try:
        report: Report = check_documents(store, lang=args.lang, source=f"{args.store} (cross-document checks)")
    finally:
        store.close()
    if args.severity != "info":
        from budgetkg.ingest.report import SEVERITIES

        report.findings = [f for f in report.findings if SEVERITIES[f.severity.lower()] >= SEVERITIES[args.severity]]
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="budgetkg")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
