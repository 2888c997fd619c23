"""Read-mostly rdflib stores, so that claims can be linked without building or copying a whole document graph.

:class:`TripleIndex` answers rdflib's triple patterns over a plain list of triples (as
:func:`ingest.mapping.document_triples` returns them), indexing a predicate the first time a pattern asks for
it, and in the order rdflib's ``Memory`` store would give (insertion order). :class:`Overlay` reads an existing
graph and keeps what is added apart. Both record the triples added through them in ``added``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import Graph
from rdflib.store import Store

Triple = tuple  # (subject, predicate, object) of rdflib terms


def _one(triple: Triple) -> tuple[Triple, Iterator]:
    return triple, iter(())


class TripleIndex(Store):
    """Triple patterns over a list of triples; indexes are built per predicate on first use."""

    def __init__(self, triples: Iterable[Triple]):
        super().__init__()
        self._triples = list(triples)
        self._by_p: dict = {}  # predicate → [(subject, object)], grouped on first use
        self._grouped = False
        self._sp: dict = {}  # predicate → {subject: {object: None}}
        self._po: dict = {}  # predicate → {object: {subject: None}}
        self._spo: dict | None = None  # subject → {predicate: {object: None}}, only for patterns without a predicate
        self.added: list[Triple] = []

    def _pairs(self, p) -> list:
        if not self._grouped:
            self._grouped = True
            # a document's triples share about a hundred predicate objects: look each object up once by its id
            # (rdflib compares equal terms in Python); the triples list keeps the objects, so ids are not reused
            lists: dict[int, list] = {}
            for s, q, o in self._triples:
                pairs = lists.get(id(q))
                if pairs is None:
                    pairs = lists[id(q)] = self._by_p.setdefault(q, [])
                pairs.append((s, o))
        return self._by_p.get(p, [])

    def _subjects(self, p) -> dict:
        if p not in self._sp:
            index: dict = {}
            for s, o in self._pairs(p):
                index.setdefault(s, {})[o] = None
            self._sp[p] = index
        return self._sp[p]

    def _objects(self, p) -> dict:
        if p not in self._po:
            index: dict = {}
            for s, o in self._pairs(p):
                index.setdefault(o, {})[s] = None
            self._po[p] = index
        return self._po[p]

    def _all(self) -> dict:
        if self._spo is None:
            self._spo = {}
            for s, p, o in self._triples:
                self._spo.setdefault(s, {}).setdefault(p, {})[o] = None
        return self._spo

    def listed(self) -> list[Triple]:
        """Every triple, in insertion order (those added last)."""
        return self._triples

    def add(self, triple: Triple, context=None, quoted: bool = False) -> None:
        s, p, o = triple
        objects = self._subjects(p)  # builds the predicate index before the pair is added
        if o in objects.get(s, ()):
            return
        self._triples.append(triple)
        self._by_p.setdefault(p, []).append((s, o))
        objects.setdefault(s, {})[o] = None
        if p in self._po:
            self._po[p].setdefault(o, {})[s] = None
        if self._spo is not None:
            self._spo.setdefault(s, {}).setdefault(p, {})[o] = None
        self.added.append(triple)

    def triples(self, triple_pattern, context=None) -> Iterator[tuple[Triple, Iterator]]:
        s, p, o = triple_pattern
        if p is not None:
            if s is not None:
                objects = self._subjects(p).get(s, {})
                if o is not None:
                    if o in objects:
                        yield _one((s, p, o))
                    return
                for obj in list(objects):
                    yield _one((s, p, obj))
            elif o is not None:
                for subj in list(self._objects(p).get(o, {})):
                    yield _one((subj, p, o))
            else:
                for obj, subjects in list(self._objects(p).items()):
                    for subj in list(subjects):
                        yield _one((subj, p, obj))
            return
        if s is not None:
            for pred, objects in list(self._all().get(s, {}).items()):
                for obj in list(objects):
                    if o is None or obj == o:
                        yield _one((s, pred, obj))
            return
        for triple in list(self._triples):
            if o is None or triple[2] == o:
                yield _one(triple)

    def __len__(self, context=None) -> int:
        return len(self._triples)


class Overlay(Store):
    """An existing graph, read as it is, with the triples added through this store kept apart."""

    def __init__(self, base: Graph):
        super().__init__()
        self._base = base
        self._extra = TripleIndex(())
        self.added = self._extra.added

    def add(self, triple: Triple, context=None, quoted: bool = False) -> None:
        if triple not in self._base:
            self._extra.add(triple)

    def triples(self, triple_pattern, context=None) -> Iterator[tuple[Triple, Iterator]]:
        for triple in self._base.triples(triple_pattern):
            yield _one(triple)
        yield from self._extra.triples(triple_pattern)

    def __len__(self, context=None) -> int:
        return len(self._base) + len(self.added)

