"""Ingest many files: in parallel over cores, with a progress bar; one failure never stops the rest."""

from __future__ import annotations

import os
from collections.abc import Callable, Generator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .errors import IngestError
from .identity import Given
from .runner import Item, run_each


@dataclass
class Outcome:
    """What happened to one input file."""

    path: str
    ok: bool
    detail: str  # output path, or the error message
    triples: int = 0


def ingest_one(path: str, out: str, fmt: str, base: str, given: Given | None = None) -> Outcome:
    """Parse, map and serialise one file; errors become an :class:`Outcome`, not an exception.

    ``given`` completes a unit or year the file does not state (:mod:`ingest.identity`)."""
    from . import parse_document
    from .mapping import document_triples
    from .serialize import serialize_triples

    try:
        triples = document_triples(parse_document(path, given=given), base)
        data = serialize_triples(triples, fmt, base)
    except IngestError as exc:
        return Outcome(path, False, str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop a batch
        return Outcome(path, False, f"{Path(path).name}: unexpected error: {type(exc).__name__}: {exc}")
    tmp = Path(out).with_name(Path(out).name + ".part")
    tmp.write_text(data, encoding="utf-8")
    os.replace(tmp, out)  # atomic: a failed re-ingest leaves the previous output intact
    return Outcome(path, True, out, len(triples))


def crashed(item: Item) -> Outcome:
    """The outcome of a file whose worker process died."""
    return Outcome(item[0], False, f"{Path(item[0]).name}: the worker process died reading it")


def run_batch(
    jobs: list[tuple[str, str]], fmt: str, base: str, *, workers: int | None = None,
    progress: bool | None = None, task: Callable[..., Outcome] = ingest_one, given: Given | None = None,
) -> Generator[Outcome, None, None]:
    """Run ``task(input, output, fmt, base)`` over (input, output) pairs (:func:`ingest.runner.run_each`),
    yielding outcomes as they finish.

    ``given`` (options and the batch's files, for companions) is handed to every task when set."""
    if given is not None:
        task = partial(task, given=given)
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    return run_each(task, ((src, dst, fmt, base) for src, dst in jobs), workers=workers, crashed=crashed,
                    total=len(jobs), desc="ingest", progress=progress)
