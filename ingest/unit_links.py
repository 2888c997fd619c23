"""Which documents are of one unit, and which units may be one: a list for a person to confirm (issue 17, item 1).

A unit's IRI is ``{region}-{hash of its normalised name}`` (:func:`ingest.organisation.unit_key`): documents of one
unit share it across years, phases and scopes when their names normalise alike (spaces, an own qualifier such as
（本级）/（汇总）/机关, 中国共产党X委员会 / X委 → 中共X委, 人民代表大会常务委员会 → 人大常委会). This module lists

- **the links made**: the groups of documents that share a unit IRI, with the names they print, and the 部门 ↔ 单位
  links of the graph (``org:subOrganizationOf`` / ``org:hasSubOrganization``) where the documents were read whole;
- **the near-misses not made**: pairs of units of the same region (the same division, or one above the other) whose
  names, without their place words, are close — equal, one the start of the other (a cut-off name, or a unit under
  the other), one inside the other, a short form (the other's characters in order), one or two characters apart —
  or that print the same 统一社会信用代码, each with why they were not linked.

**部门 and 单位.** A 部门 document and its 本级 单位 document are of one unit (the same body: "无锡市教育局" and
"无锡市教育局（本级）", a 部门预算 and a 单位预算 of 上海市普陀区商务委员会): they share the IRI and differ by their scope
(``cnb:scope``), which is what ``crossdoc-department-sum`` relies on. Units a 部门 lists, or that name it as theirs,
are other units, linked with ``org:subOrganizationOf``.

Input: document files (a PDF's unit is read from its front pages as ingest reads it, completed from a companion of
the same folder or the file name — names only, fast; a text file is parsed; an RDF file is read), or a store
(``--store DIR|URL``: the units as loaded). Run ``budgetkg units FILE|DIR… [--json]`` or ``budgetkg units --store
DIR|URL``; the same from ``python -m budgetkg.ingest.unit_links``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from .organisation import _LEAD, jurisdiction, lineage, normal_name, short_forms, unit_key

# (query, variable names) → rows of lexical values, as :data:`ingest.crossdoc.Select`
Select = Callable[[str, Sequence[str]], Iterable[Sequence[str | None]]]

_NS = """PREFIX cnb: <https://w3id.org/cn-budget/ontology#>
PREFIX dim: <http://data.openbudgets.eu/ontology/dsd/dimension/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
"""
_DOCS = _NS + """SELECT ?d ?unit ?name ?scope ?year ?phase ?file ?uscc WHERE { GRAPH ?d {
  ?d a cnb:BudgetDocument ; cnb:unit ?unit ; cnb:scope ?scope ; cnb:fiscalYear ?year ; dim:budgetPhase ?phase .
  OPTIONAL { ?unit skos:prefLabel ?name } OPTIONAL { ?d cnb:sourceFile/dct:title ?file }
  OPTIONAL { ?unit org:identifier ?uscc } } }"""
_ORGS = _NS + """SELECT ?a ?b WHERE { GRAPH ?d {
  { ?a org:subOrganizationOf ?b } UNION { ?b org:hasSubOrganization ?a } } }"""


@dataclass(frozen=True)
class UnitDoc:
    """One document and the unit it is of."""

    source: str  # the file's name (or path), or the document's IRI
    name: str  # the unit's name as the document prints it
    unit: str  # the unit's IRI key ({region}-{hash}) or IRI
    scope: str = ""  # 部门 / 单位
    year: int | None = None
    phase: str = ""  # 预算 / 决算
    uscc: str = ""  # the 统一社会信用代码 it prints

    @property
    def region(self) -> str:
        """The region part of the unit's IRI (``310107``, ``32``, ``cn``)."""
        return self.unit.rsplit("/", 1)[-1].split("-", 1)[0]


@dataclass
class Group:
    """The documents that share one unit IRI."""

    unit: str
    names: list[str]  # the names printed, each once
    documents: list[str]


@dataclass
class NearMiss:
    """Two units whose names are close, not linked: for a person to confirm or refute."""

    a: str
    b: str
    name_a: str
    name_b: str
    reason: str  # what is close
    why_not: str  # why they were not linked
    documents_a: list[str] = field(default_factory=list)
    documents_b: list[str] = field(default_factory=list)


# -- reading the units -------------------------------------------------------------------------------------------

@cache
def _stated_pdf(path: str):  # -> Found
    """What a PDF states about itself: its first pages, else all of them (a narrative without a cover)."""
    import pdfplumber

    from .extract.pdf_identity import read_identity
    from .extract.pdf_layout import read_page

    def pages(last: int | None):
        with pdfplumber.open(path) as pdf:
            return [read_page(p, i) for i, p in enumerate(pdf.pages[:last], 1)]

    found = read_identity(pages(3), [], [])
    if found.unit is None:
        found = read_identity(pages(None), [], [])
    return found


def read_pdf_unit(path: Path) -> tuple[str | None, object]:
    """The unit name of a PDF as ingest names it (front pages, then companion or file name), and its identity;
    ``(None, reason)`` when ingest would refuse the file."""
    from .errors import IngestError
    from .identity import Given, complete

    batch = tuple(str(p) for p in sorted(path.parent.glob("*.pdf")))
    try:
        identity, _ = complete(_stated_pdf(str(path)), Given(batch=batch), path.name, str(path), _stated_pdf)
    except IngestError as exc:
        return None, str(exc)
    return identity.unit, identity


def docs_from_files(paths: Iterable[Path], refused: list[tuple[str, str]] | None = None) -> list[UnitDoc]:
    """The documents of these files (a folder: its PDFs, text and RDF files); files ingest refuses go to
    ``refused`` (name, why)."""
    out: list[UnitDoc] = []
    files: list[Path] = []
    for p in paths:
        files += sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(".")) if p.is_dir() else [p]
    for f in files:
        suffix = f.suffix.lower()
        if suffix == ".pdf":
            name, identity = read_pdf_unit(f)
            if name is None:
                if refused is not None:
                    refused.append((f.name, str(identity).splitlines()[0].removeprefix(f"{f.name}: ")[:200]))
                continue
            out.append(UnitDoc(f.name, name, unit_key(name), _value(getattr(identity, "scope", None)),
                               getattr(identity, "year", None), _value(getattr(identity, "phase", None))))
        elif suffix in (".txt", ".text"):
            from . import parse_document
            from .errors import IngestError
            from .organisation import document_evidence, printed_uscc

            try:
                doc = parse_document(f, name=f.name)
            except IngestError as exc:
                if refused is not None:
                    refused.append((f.name, str(exc).splitlines()[0].removeprefix(f"{f.name}: ")[:200]))
                continue
            codes = printed_uscc([s.text for s in doc.sections])
            out.append(UnitDoc(f.name, doc.unit_name, unit_key(doc.unit_name, document_evidence(doc)),
                               doc.scope.value, doc.year, doc.phase.value, codes[0] if codes else ""))
        elif suffix in (".ttl", ".nt", ".jsonld", ".rdf", ".nq", ".trig"):
            # the unit by its key ({region}-{hash}), as for a PDF or text file: the base of its IRI aside
            out += [UnitDoc(d.source, d.name, d.unit.rsplit("/", 1)[-1], d.scope, d.year, d.phase, d.uscc)
                    for d in docs_from_select(_graph_select(f))]
    return out


def _value(x: object) -> str:
    return str(getattr(x, "value", x or ""))


def _graph_select(path: Path) -> Select:
    """:data:`Select` over an RDF file, read into an in-memory Oxigraph store as one named graph per document."""
    import pyoxigraph as ox

    store = ox.Store()
    fmt = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD,
           ".rdf": ox.RdfFormat.RDF_XML, ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG}[path.suffix.lower()]
    if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        store.load(path=str(path), format=fmt)
    else:  # one document graph: named after its document, as in a store
        store.load(path=str(path), format=fmt, to_graph=ox.DefaultGraph())
        found = store.query("SELECT ?d WHERE { ?d a <https://w3id.org/cn-budget/ontology#BudgetDocument> }")
        assert isinstance(found, ox.QuerySolutions)
        docs = [s["d"] for s in found]
        if len(docs) == 1 and isinstance(docs[0], ox.NamedNode):
            store = ox.Store()
            store.load(path=str(path), format=fmt, to_graph=docs[0])

    def run(query: str, names: Sequence[str]) -> Iterator[tuple[str | None, ...]]:
        solutions = store.query(query)
        assert isinstance(solutions, ox.QuerySolutions)
        for s in solutions:
            yield tuple(None if (t := s[n]) is None else t.value for n in names)

    return run


_SCOPES = {"department": "部门", "unit": "单位"}
_PHASES = {"approved": "预算", "executed": "决算"}


def docs_from_select(select: Select) -> list[UnitDoc]:
    """The documents of a store (any SPARQL store with one named graph per document), with their units' IRIs."""
    out = {}
    for d, unit, name, scope, year, phase, file, uscc in select(_DOCS, ("d", "unit", "name", "scope", "year",
                                                                        "phase", "file", "uscc")):
        if d is None or unit is None or d in out:
            continue
        out[d] = UnitDoc(file or d, name or "", unit, _SCOPES.get((scope or "").rsplit("/", 1)[-1], scope or ""),
                         int(year[:4]) if year else None, _PHASES.get((phase or "").rsplit("/", 1)[-1], phase or ""),
                         uscc or "")
    return list(out.values())


def org_links(select: Select) -> list[tuple[str, str]]:
    """(unit, its 部门) of the graph: ``org:subOrganizationOf`` or the inverse ``org:hasSubOrganization``."""
    return sorted({(a, b) for a, b in select(_ORGS, ("a", "b")) if a and b and a != b})


# -- groups and near-misses --------------------------------------------------------------------------------------

def groups(docs: Sequence[UnitDoc]) -> list[Group]:
    """The documents by unit IRI, the units with most documents first."""
    by: dict[str, list[UnitDoc]] = defaultdict(list)
    for d in docs:
        by[d.unit].append(d)
    out = [Group(u, list(dict.fromkeys(d.name for d in ds)), [d.source for d in ds]) for u, ds in by.items()]
    return sorted(out, key=lambda g: (-len(g.documents), g.unit))


def core_name(name: str) -> str:
    """A normalised name without its party word and its place words (its division and those above, by full or
    short name): "中共江苏省委办公厅" → "委办公厅", "上海市普陀区财政局" → "财政局"."""
    text = _LEAD.sub("", normal_name(name))
    j = jurisdiction(name)
    forms = sorted({f for d in (lineage(j.division) if j.division else []) for f in (d.name, *short_forms(d))},
                   key=len, reverse=True)
    stripped = True
    while stripped:
        stripped = False
        for f in forms:
            if text.startswith(f) and len(text) > len(f):
                text, stripped = text[len(f):], True
                break
    return text


def _edits(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` when it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def _in_order(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


def _related(ra: str, rb: str) -> bool:
    """The same region, or one above the other (a city and its district); ``cn`` (no place read) only with itself."""
    if "cn" in (ra, rb):
        return ra == rb
    return ra.startswith(rb) or rb.startswith(ra)


def closeness(a: str, b: str) -> str | None:
    """What makes two core names close, or None."""
    if a == b:
        return "the same name without the place words"
    short, long = sorted((a, b), key=len)
    if len(short) < 2:
        return None
    if long.startswith(short):
        return f"'{short}' is the start of '{long}'"
    if short in long:
        return f"'{short}' is inside '{long}'"
    limit = 0 if len(short) < 4 else 1 if len(short) < 8 else 2  # 财政局 / 民政局 are not close
    if limit and (n := _edits(a, b, limit)) <= limit:
        return f"the names differ by {n} character{'s' if n > 1 else ''}"
    if len(short) >= 3 and short[0] == long[0] and _in_order(short, long):
        return f"'{short}' may be a short form of '{long}' (its characters in order)"
    return None


def near_misses(docs: Sequence[UnitDoc], subs: Iterable[tuple[str, str]] = ()) -> list[NearMiss]:
    """Pairs of units (distinct IRIs) of related regions with close names or the same 统一社会信用代码."""
    by: dict[str, list[UnitDoc]] = defaultdict(list)
    for d in docs:
        by[d.unit].append(d)
    sub_of = set(subs)
    units = sorted(by)
    info = {u: (by[u][0].name, core_name(by[u][0].name) if by[u][0].name else "", by[u][0].region,
                {d.uscc for d in by[u] if d.uscc}) for u in units}
    buckets: dict[str, list[str]] = defaultdict(list)  # by province: regions related only within one
    for u in units:
        buckets[info[u][2][:2]].append(u)
    out = []
    for members in buckets.values():
        for i, ua in enumerate(members):
            for ub in members[i + 1:]:
                (na, ca, ra, sa), (nb, cb, rb, sb) = info[ua], info[ub]
                same = sa & sb
                if same:
                    reason = f"the same 统一社会信用代码 {min(same)}"
                else:
                    close = closeness(ca, cb) if ca and cb and _related(ra, rb) else None
                    if close is None:
                        continue
                    reason = close
                if (ua, ub) in sub_of or (ub, ua) in sub_of:
                    why = "linked as 部门 and 单位 (org:subOrganizationOf), not as one unit"
                elif normal_name(na) == normal_name(nb):
                    why = "the same normalised name under two IRIs (another base, or a place decided by other words)"
                elif ra != rb:
                    why = f"their names give different places ({ra}, {rb})"
                else:
                    why = f"their names normalise differently ('{normal_name(na)}', '{normal_name(nb)}')"
                out.append(NearMiss(ua, ub, na, nb, reason, why, [d.source for d in by[ua]],
                                    [d.source for d in by[ub]]))
    return out


def report(docs: Sequence[UnitDoc], subs: Iterable[tuple[str, str]] = (),
           refused: Sequence[tuple[str, str]] = ()) -> dict:
    """Everything, as JSON-ready data: groups (all units), 部门 ↔ 单位 links, near-misses, refused files."""
    subs = list(subs)
    names = {d.unit: d.name for d in docs}  # a unit only listed or named by another document has no name here
    return {
        "documents": len(docs),
        "units": len({d.unit for d in docs}),
        "groups": [asdict(g) for g in groups(docs)],
        "sub_organisations": [{"unit": a, "of": b, "unit_name": names.get(a, ""), "of_name": names.get(b, "")}
                              for a, b in subs],
        "near_misses": [asdict(m) for m in near_misses(docs, subs)],
        "refused": [{"file": f, "why": w} for f, w in refused],
    }


def render(data: dict) -> str:
    """The report as text: shared IRIs, 部门 ↔ 单位 links, near-misses to confirm."""
    lines = [f"{data['documents']} documents, {data['units']} units"]
    shared = [g for g in data["groups"] if len(g["documents"]) > 1]
    lines.append(f"\nLinked — documents that share a unit IRI ({len(shared)} units):")
    for g in shared:
        lines.append(f"  {g['unit']}  {' = '.join(g['names'])}")
        lines += [f"    {d}" for d in g["documents"]]
    if data["sub_organisations"]:
        lines.append(f"\n部门 ↔ 单位 links ({len(data['sub_organisations'])}):")
        for s in data["sub_organisations"]:
            a, b = (" ".join(filter(None, (s[k], s[k + "_name"]))) for k in ("unit", "of"))
            lines.append(f"  {a}  org:subOrganizationOf  {b}")
    lines.append(f"\nNear-misses — close names not linked, to confirm ({len(data['near_misses'])}):")
    for m in data["near_misses"]:
        lines.append(f"  {m['name_a']} ({m['a']})  ~  {m['name_b']} ({m['b']})")
        lines.append(f"    close: {m['reason']}; not linked: {m['why_not']}")
    if data["refused"]:
        lines.append(f"\nNot read — no unit ({len(data['refused'])}):")
        lines += [f"  {r['file']}: {r['why']}" for r in data["refused"]]
    return "\n".join(lines) + "\n"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="*", type=Path, metavar="FILE|DIR", help="documents (PDF, text, RDF) or folders")
    p.add_argument("--store", metavar="DIR|URL", help="the units of the documents loaded in this store")
    p.add_argument("--json", action="store_true", help="print JSON")


def _open_embedded(location: str) -> tuple[Select, Callable[[], None]]:
    """:data:`Select` over an embedded Oxigraph store's folder, read-only, and how to close it."""
    import pyoxigraph as ox

    if not Path(location).is_dir():
        raise ValueError("not a store folder")
    store = ox.Store.read_only(location)

    def run(query: str, names: Sequence[str]) -> Iterator[tuple[str | None, ...]]:
        solutions = store.query(query)
        assert isinstance(solutions, ox.QuerySolutions)
        for s in solutions:
            yield tuple(None if (t := s[n]) is None else t.value for n in names)

    return run, lambda: None


def run(args: argparse.Namespace, prog: str = "budgetkg units",
        open_store: Callable[[str], tuple[Select, Callable[[], None]]] = _open_embedded) -> int:
    """Print the links and near-misses; 0 ok, 2 nothing to read or a store that cannot be opened. ``open_store``:
    a store's :data:`Select` and its closing (the CLI passes one that also opens a SPARQL store's URL)."""
    refused: list[tuple[str, str]] = []
    subs: list[tuple[str, str]] = []
    if args.store:
        try:
            select, close = open_store(args.store)
        except Exception as exc:  # noqa: BLE001 - a locked, missing or unreachable store is one line, exit 2
            print(f"{prog}: cannot open the store {args.store}: {exc}", file=sys.stderr)
            return 2
        try:
            docs, subs = docs_from_select(select), org_links(select)
        finally:
            close()
    elif args.files:
        missing = [str(f) for f in args.files if not f.exists()]
        if missing:
            print(f"{prog}: no such file: {missing[0]}", file=sys.stderr)
            return 2
        docs = docs_from_files(args.files, refused)
    else:
        print(f"{prog}: give FILEs or folders, or --store DIR|URL", file=sys.stderr)
        return 2
    data = report(docs, subs, refused)
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n" if args.json else render(data))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m budgetkg.ingest.unit_links", description=__doc__.split("\n")[0])
    add_arguments(p)
    return run(p.parse_args(argv), p.prog)


if __name__ == "__main__":
    sys.exit(main())
