"""The cross-document checks (:mod:`ingest.crossdoc`, issue 17) on a server store: after ``budgetkg load``, after
``PUT /documents/{id}``, and for ``budgetkg validate --store``. Any :class:`~server.store.GraphStore`: the embedded
Oxigraph store is read directly, a remote one through its SPARQL SELECTs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from budgetkg.ingest.crossdoc import Select, check, ox_select
from budgetkg.ingest.report import Report

from .store import GraphStore, OxigraphStore


def select_of(store: GraphStore) -> Select:
    """A :data:`ingest.crossdoc.Select` over the store's named graphs."""
    inner = getattr(store, "_store", None) if isinstance(store, OxigraphStore) else None
    if inner is not None:
        return ox_select(inner)

    def run(query: str, names: Sequence[str]) -> Iterator[tuple[str | None, ...]]:
        for row in store.select(query):
            yield tuple(str(row[n]) if n in row else None for n in names)

    return run


def check_documents(store: GraphStore, documents: Iterable[str] | None = None, *, lang: str = "zh",
                    source: str = "store") -> Report:
    """The comparisons that involve ``documents`` (all when None), as one report."""
    return check(select_of(store), documents=None if documents is None else list(documents), lang=lang,
                 source=source)


def summary_line(report: Report) -> str:
    """One line: the outcomes of the cross-document checks."""
    t = report.outcome_totals()
    return (f"cross-document checks: {t['holds']} hold, {t['fails']} fail, {t['undetermined']} cannot be determined"
            + "".join(f"\n  {f.severity.upper()} {f.message('en')}" for f in report.findings[:20]))
