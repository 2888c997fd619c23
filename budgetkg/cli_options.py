"""Options shared by several commands."""

from __future__ import annotations

import argparse

from budgetkg.ingest.identity import Given


def given_of(args: argparse.Namespace, files: list[str]) -> Given:
    """--unit / --year and the files of this run (a tables-only file finds its companion among them)."""
    return Given(unit=args.unit, year=args.year, batch=tuple(files))


def add_identity_arguments(parser: argparse.ArgumentParser) -> None:
    """``--unit`` / ``--year``: for files that do not state them (tables published apart from their text)."""
    parser.add_argument("--unit", help="unit (单位/部门) of files that do not name it, e.g. a tables-only 报表 file; "
                                       "never overrides a unit the file states")
    parser.add_argument("--year", type=int, help="fiscal year of files that do not state it")
