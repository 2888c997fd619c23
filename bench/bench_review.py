"""The review benchmark (issue 14): errors of many classes planted into the real documents, one per copy, and
the share of them validation finds — per class — with the findings on the unchanged originals.

Planting goes through the text layer: the PDF reader turns each pdfplumber page into page data (lines of
text outside tables and the cells of ruled grids, :func:`ingest.extract.pdf._pages`); a copy is read with that
one function wrapped, in the worker process, so that one line or one cell of one page reads differently (a
digit of an amount, a relation word, a year in a heading, a contents line removed …). Everything after it —
tables, narrative, claims, validation — runs as for the published file. The pages of each document are read
once and kept (pickled) in a cache folder, so a copy costs one re-assembly and one validation.

Each class looks for its own target in the document (a cell that takes part in a sum that holds, a narrative
amount linked to a cell, a share, a year in a table's title …), knows how to change it, and which shape codes
count as finding it. A copy counts as detected when validation reports a finding of an accepted code (a
Violation or Warning; Info for the rounding class, which must make no new Violation there) that the original
does not have and that points at the planted place: its table, its page, or the changed sentence. An amount
planted in a narrative sentence also counts as found when the sentence's own share, rate or relation breaks
(``SENTENCE``): the finding names the planted figure as inconsistent with its own sentence.

Usage::

    python bench/bench_review.py --quick              # CI smoke: two documents, one copy per class
    python bench/bench_review.py --jobs 2             # the full run (about 20 copies per class)
    python bench/bench_review.py --per-class 40 -k 31_ --details   # more copies, some documents, misses listed
    python bench/bench_review.py --json out.json      # every copy's record

Exit status 1 (outside --quick) when a class is found in fewer than 95 % of its copies or an original makes
a Violation or Warning outside its ledger (tests/fixtures/ledger).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import pickle
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import review_checkable as rc  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
LEDGER = FIXTURES / "ledger"
CACHE = Path(tempfile.gettempdir()) / "budgetkg-bench-review"
QUICK = ["02_shanghai-putuo_sifaju_2026_unit-budget.pdf", "05_shanghai-putuo_caizhengju_2024_dept-final.pdf"]
REQUIRED = 95.0  # % recall every class must reach

# shape codes (the shape's local name) that count as finding each family of planted error
ARITH = ("row-sum", "column-sum", "subset-column", "subset-row", "implicit-sum", "sides-balance", "personnel-split")
CROSS = ("summary-totals", "summary-income-lines", "function-lines", "general-within-all", "fiscal-income-lines",
         "nature-totals", "economic-lines", "three-public-economic", "fund-tables")
TEXT_VS_TABLE = ("claim-amount", "claim-parts", "text-three-public", "text-basic-expenditure", "text-operating-cost",
                 "text-procurement", "text-subject-name", "text-item-final-vs-budget")
# a planted amount of a narrative sentence is also found when it breaks the sentence's own share, rate or relation
SENTENCE = ("sentence-share", "claim-share", "sentence-growth", "growth-rate", "sentence-relation")


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------------------------------------- planting


@dataclass(frozen=True)
class Edit:
    """One change of the extracted text of one page: in line ``index`` (outside tables) or in cell ``index`` =
    (grid, cell) of a ruled grid, the first ``old`` after ``start`` characters becomes ``new`` (``None``: the
    line is removed)."""

    page: int
    target: str  # "line" | "cell"
    index: tuple[int, ...]
    old: str
    new: str | None
    start: int = 0


@dataclass(frozen=True)
class Plant:
    """One planted error: its class, the edit, and the place a finding must point at."""

    cls: str
    doc: str
    edit: Edit
    what: str  # "表3 合计/基本支出 1,234.56 → 1,235.56", for the report
    page: int | None = None
    tables: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()  # text a finding's message or side may quote (the changed words, a title)


def apply_edit(pages: list, edit: Edit) -> None:
    """Change the page data in place (the pages of one copy)."""
    page = pages[edit.page - 1]
    if edit.target == "cell":
        gi, ci = edit.index
        cell = page.grids[gi].cells[ci]
        k = cell.text.index(edit.old, edit.start)
        cell.text = cell.text[:k] + (edit.new or "") + cell.text[k + len(edit.old):]
        return
    (li,) = edit.index
    line = page.lines[li]
    if edit.new is None:
        del page.lines[li]
        return
    k = line.text.index(edit.old, edit.start)
    line.text = line.text[:k] + edit.new + line.text[k + len(edit.old):]
    for wi, (word, x0, x1) in enumerate(line.words):  # the printed run that holds the words changes with them
        if edit.old in word:
            line.words = (*line.words[:wi], (word.replace(edit.old, edit.new, 1), x0, x1), *line.words[wi + 1:])
            break


class Reader:
    """The PDF reader's page function, wrapped: pages come from the cache, and the target file's copy is edited."""

    def __init__(self, cache: Path = CACHE) -> None:
        from budgetkg.ingest.extract import pdf

        self.module = pdf
        self.original: Callable = getattr(pdf, "_pages_unwrapped", pdf._pages)
        self.cache = cache
        self.blobs: dict[str, bytes] = {}
        self.plant: tuple[str, Edit] | None = None
        global _READER_VERSION
        _READER_VERSION = _READER_VERSION or _reader_version()
        setattr(pdf, "_pages_unwrapped", self.original)  # noqa: B010 (a module attribute the reader does not declare)
        pdf._pages = self.pages

    def blob(self, data: bytes, name: str) -> bytes:
        key = hashlib.sha256(data + _READER_VERSION).hexdigest()[:24]
        if key not in self.blobs:
            path = self.cache / f"{key}.pkl"
            try:
                self.blobs[key] = path.read_bytes()
            except OSError:
                self.blobs[key] = pickle.dumps(self.original(data, name), protocol=pickle.HIGHEST_PROTOCOL)
                self.cache.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".{os.getpid()}.tmp")
                tmp.write_bytes(self.blobs[key])
                tmp.replace(path)
        return self.blobs[key]

    def pages(self, data: bytes, name: str, on_page: Callable | None = None) -> list:
        """The page data of one file (``on_page``, the reader's progress hook, is not called: no page is read)."""
        pages = pickle.loads(self.blob(data, name))  # a fresh copy: the reader changes its pages
        if self.plant is not None and self.plant[0] == name:
            apply_edit(pages, self.plant[1])
        return pages

    def close(self) -> None:
        self.module._pages = self.original


def _reader_version() -> bytes:
    """The source of the page reader: cached pages of an older reader are not reused."""
    import pdfplumber

    from budgetkg.ingest.extract import pdf_layout, pdf_stacked

    return b"".join(Path(m.__file__).read_bytes() for m in (pdf_layout, pdf_stacked) if m.__file__) + \
        pdfplumber.__version__.encode()


_READER_VERSION = b""


def parse(path: Path):
    """Read a document as the corpus report does (a tables-only file gets the unit and year of its manifest)."""
    from budgetkg.ingest.api import parse_document
    from budgetkg.ingest.corpus_check import _manifest_identity
    from budgetkg.ingest.errors import IngestError
    from budgetkg.ingest.identity import Given

    batch = tuple(str(p) for p in sorted(path.parent.glob("*.pdf")))
    try:
        return parse_document(path, given=Given(batch=batch))
    except IngestError as exc:
        known = _manifest_identity(path)
        if known is None or "Give it with --unit" not in str(exc) and "Give them with" not in str(exc):
            raise
        return parse_document(path, given=Given(unit=known[0], year=known[1], batch=batch))


# ---------------------------------------------------------------------------------------------- targets


def _bump(number: str, place: str = "ones") -> str | None:
    """A printed number with one digit changed: the ones digit of the integer part (``ones``) or the last
    printed digit (``last``); 9 goes down, every other digit up."""
    digits = [i for i, ch in enumerate(number) if ch.isdigit()]
    if not digits:
        return None
    if place == "last":
        i = digits[-1]
    else:
        point = number.find(".")
        before = [i for i in digits if point < 0 or i < point]
        if not before:
            return None
        i = before[-1]
    d = int(number[i])
    return number[:i] + str(d - 1 if d == 9 else d + 1) + number[i + 1:]


@dataclass
class Context:
    """What the target finders read: the original document, its page data and its claims' links."""

    name: str
    doc: Any
    pages: list
    linked: set[int] = field(default_factory=set)  # indexes of claims linked to a cell
    narrative: str = ""  # the narrative's text, compacted

    def lines(self) -> Iterator[tuple[int, int, Any]]:
        for page in self.pages:
            for li, line in enumerate(page.lines):
                yield page.number, li, line

    def prose(self) -> Iterator[tuple[int, int, Any]]:
        """Lines of the narrative: text the narrative's sections hold, long enough to be a sentence's part."""
        for pn, li, line in self.lines():
            c = compact(line.text)
            if len(c) >= 12 and c in self.narrative and re.search(r"[，。；：、]", c):
                yield pn, li, line

    def cell_at(self, source) -> tuple[int, int] | None:
        """(grid, cell) of the page data that printed a table cell (its box and text)."""
        if source is None or source.page is None or source.bbox is None:
            return None
        page = self.pages[source.page - 1]
        x0, top, x1, bottom = source.bbox
        cx, cy = (x0 + x1) / 2, (top + bottom) / 2
        want = compact(source.text)
        for gi, grid in enumerate(page.grids):
            for ci, cell in enumerate(grid.cells):
                b = cell.bbox
                if b[0] - 1 <= cx <= b[2] + 1 and b[1] - 1 <= cy <= b[3] + 1 and want and want in compact(cell.text):
                    return gi, ci
        return None


def context(name: str, doc, pages: list) -> Context:
    from rdflib import Graph

    from budgetkg.ingest.iri import DEFAULT_BASE
    from budgetkg.ingest.mapping import document_triples
    from budgetkg.ingest.triple_index import TripleIndex
    from budgetkg.ingest.validate import _claim_links
    from budgetkg.ingest.vocab import CNB

    index = TripleIndex(document_triples(doc, DEFAULT_BASE))
    _claim_links(Graph(store=index))
    linked = set()
    for s, _, _ in Graph(store=index).triples((None, CNB.refersToRow, None)):
        m = re.search(r"/claim/(\d+)$", str(s))
        if m:
            linked.add(int(m.group(1)))
    text = compact("".join(s.text for s in doc.sections))
    return Context(name, doc, pages, linked, text)


def _cell_plant(ctx: Context, cls: str, table, row, col: int, place: str, what: str) -> Plant | None:
    cell = next((c for c in row.cells if c.column == col), None)
    if cell is None or cell.value == 0:
        return None
    at = ctx.cell_at(cell.source)
    if at is None:
        return None
    gi, ci = at
    text = ctx.pages[cell.source.page - 1].grids[gi].cells[ci].text
    printed = cell.source.text.strip()
    if printed not in text or not re.search(r"\d", printed):
        return None
    new = _bump(printed, place)
    if new is None:
        return None
    return Plant(cls, ctx.name, Edit(cell.source.page, "cell", at, printed, new, text.index(printed)),
                 f"{table.label} {row.label}/{table.columns[col].label if col < len(table.columns) else col} "
                 f"{printed} → {new} ({what})", cell.source.page, (table.label,), (new,))


def _exact_identities(ctx: Context) -> list:
    from budgetkg.ingest.identities import identities

    return [i for i in identities(ctx.doc) if i.table and not i.at_most and i.expected == i.actual and i.expected]


def _verified(ctx: Context) -> dict[str, Any]:
    return {t.label: t for t in ctx.doc.tables if not t.unverified and not t.is_empty}


def _row(table, index: int):
    return next((r for r in table.rows if r.index == index), None)


def t_arith_cell(ctx: Context) -> list[Plant]:
    """A part of a sum that holds: one digit of it changed (the sum breaks)."""
    tables, out = _verified(ctx), []
    for ident in _exact_identities(ctx):
        t = tables.get(ident.table)
        if t is None:
            continue
        for r, c in ident.cells[1:]:
            row = _row(t, r)
            if row is not None and (p := _cell_plant(ctx, "arith-cell", t, row, c, "ones", "a part")):
                out.append(p)
    return out


def t_arith_total(ctx: Context) -> list[Plant]:
    """A printed total of a sum that holds: one digit changed."""
    tables, out = _verified(ctx), []
    for ident in _exact_identities(ctx):
        t = tables.get(ident.table)
        row = _row(t, ident.cells[0][0]) if t else None
        if row is not None and (p := _cell_plant(ctx, "arith-total", t, row, ident.cells[0][1], "ones", "a total")):
            out.append(p)
    return out


def t_rounding(ctx: Context) -> list[Plant]:
    """A printed total of a sum that holds exactly, off by one in its last printed digit (0.01): Info only."""
    tables, out = _verified(ctx), []
    gaps: set[tuple[str, tuple[int, int]]] = set()
    from budgetkg.ingest.identities import identities

    for ident in identities(ctx.doc):  # a cell that takes part in a sum that does not hold exactly is no target
        if ident.expected != ident.actual:
            gaps.update((ident.table, rc) for rc in ident.cells)
    for ident in _exact_identities(ctx):
        t = tables.get(ident.table)
        row = _row(t, ident.cells[0][0]) if t else None
        if row is None or (ident.table, ident.cells[0]) in gaps or len(ident.cells) < 3:
            continue
        cell = next((c for c in row.cells if c.column == ident.cells[0][1]), None)
        if cell is None or not re.search(r"\.\d\d$", cell.source.text.strip()):
            continue
        if (p := _cell_plant(ctx, "rounding", t, row, ident.cells[0][1], "last", "0.01 off")):
            out.append(p)
    return out


def t_crosstable(ctx: Context) -> list[Plant]:
    """An amount printed in two verified tables, changed in one of them (money columns only: a score or a count
    that happens to equal a figure of another table is no figure of that table)."""
    from budgetkg.ingest.model import Measure

    tables = _verified(ctx)
    where: dict[Decimal, list] = defaultdict(list)
    for t in tables.values():
        money = {c.index for c in t.columns if c.measure == Measure.AMOUNT}
        for row in t.rows:
            for cell in row.cells:
                if cell.value and abs(cell.value) >= 10 and cell.column in money:
                    where[cell.value * t.scale].append((t, row, cell))
    out = []
    for found in where.values():
        if len({t.label for t, _, _ in found}) < 2:
            continue
        t, row, cell = found[0]
        others = tuple(sorted({o.label for o, _, _ in found} - {t.label}))
        if (p := _cell_plant(ctx, "crosstable", t, row, cell.column, "ones", "also in " + "、".join(others))):
            out.append(Plant(p.cls, p.doc, p.edit, p.what, p.page, (t.label, *others), p.texts))
    return out


def _claim_line(ctx: Context, claim) -> tuple[int, int, int] | None:
    """(page, line, offset) of a claim's number printed in the page data (on its page or the next)."""
    if claim.source.page is None:
        return None
    sentence = compact(claim.sentence)
    subject = compact(claim.subject)[-4:]
    for pn in (claim.source.page, claim.source.page + 1):
        if pn > len(ctx.pages):
            break
        for li, line in enumerate(ctx.pages[pn - 1].lines):
            c = compact(line.text)
            if claim.text not in line.text or c not in sentence and sentence not in c:
                continue
            for m in re.finditer(re.escape(claim.text), line.text):
                before = compact(line.text[:m.start()])
                if (m.start() == 0 or not line.text[m.start() - 1].isdigit()) and (
                        not subject or before.endswith(subject) or subject in before[-12:]):
                    return pn, li, m.start()
    return None


def _claim_plants(ctx: Context, cls: str, keep: Callable[[Any], bool]) -> list[Plant]:
    out = []
    for claim in ctx.doc.claims:
        if claim.index not in ctx.linked or claim.unit not in ("万元", "元", "亿元") or not claim.value or not keep(claim):
            continue
        at = _claim_line(ctx, claim)
        new = _bump(claim.text)
        if at is None or new is None:
            continue
        pn, li, k = at
        out.append(Plant(cls, ctx.name, Edit(pn, "line", (li,), claim.text, new, k),
                         f"p{pn} {claim.subject} {claim.text} → {new}", pn, (), (new, compact(claim.sentence)[:20])))
    return out


THREE_PUBLIC = re.compile(r"三公|公务接待|公务用车|因公出国")
BASIC = re.compile(r"基本支出|人员经费|公用经费|机关运行经费")


def t_narrative_amount(ctx: Context) -> list[Plant]:
    return _claim_plants(ctx, "narrative-amount", lambda c: not THREE_PUBLIC.search(c.sentence)
                         and not BASIC.search(c.subject) and "采购" not in c.sentence)


def _stated(c) -> bool:
    """A claim that states an amount (not a change: 比上年增加 …)."""
    from budgetkg.ingest.claims import CHANGE

    return not CHANGE.search(compact(c.subject))


def t_three_public(ctx: Context) -> list[Plant]:
    return _all_claims(ctx, "three-public-text", lambda c: _stated(c) and bool(
        THREE_PUBLIC.search(c.subject + c.sentence[:30])))


# the tables that print basic spending or its parts (收支总表, 支出总表, 财政拨款 tables, 一般公共预算 function and basic)
SPENDING_TABLES = {"income-expenditure-summary", "expenditure", "fiscal-summary", "fiscal-economic", "general-function",
                   "general-basic"}


def t_basic(ctx: Context) -> list[Plant]:
    """An amount whose subject ends in a basic-expenditure item (not a caption naming one before another item).

    The class is the narrative against the basic-expenditure tables (issue 14, family 3): a file with no table read
    (a narrative published without its tables, or beside an organisation chart only) has no target — there a figure stated once is held against nothing.
    """
    if not any(t.rows and t.role.value in SPENDING_TABLES for t in ctx.doc.tables):
        return []
    return _all_claims(ctx, "basic-expenditure-text", lambda c: _stated(c) and bool(BASIC.search(compact(c.subject)[-12:])))


def _all_claims(ctx: Context, cls: str, keep: Callable[[Any], bool]) -> list[Plant]:
    """Like :func:`_claim_plants` for claims whose cell the linking may not know (procurement, 决算 vs 预算)."""
    saved = ctx.linked
    ctx.linked = {c.index for c in ctx.doc.claims}
    try:
        return _claim_plants(ctx, cls, keep)
    finally:
        ctx.linked = saved


PROJECT_NAME_BRACKET = re.compile(r"[（(][^（）()]*[）)]")


def t_procurement(ctx: Context) -> list[Plant]:
    """An amount of a 政府采购 statement (a project line named …采购 is not one, nor a project named
    “…（政府采购部分）” in a 绩效自评 line: its amounts are the project's)."""
    def keep(c: Any) -> bool:
        said = PROJECT_NAME_BRACKET.sub("", c.subject + c.sentence)
        return _stated(c) and "采购" in PROJECT_NAME_BRACKET.sub("", c.subject + c.sentence[:40]) and "政府采购" in said
    return _all_claims(ctx, "procurement-text", keep)


def t_item_final(ctx: Context) -> list[Plant]:
    """A per-item 决算 figure in a sentence that also states the item's 预算 (决算 documents)."""
    if ctx.doc.phase.value != "决算":
        return []
    # an item is a 科目 of the function table: 机关运行经费 and the 三公 items are the subjects of their own classes
    return _all_claims(ctx, "item-final-vs-budget", lambda c: _stated(c) and "决算" in c.subject and "预算" in c.sentence
                       and not re.search(r"收入|支出决算总|总计|合计|机关运行经费|三公|公务", c.subject))


def _regex_plants(ctx: Context, cls: str, pattern: str, change: Callable[[re.Match], str | None],
                  lines: Iterator[tuple[int, int, Any]] | None = None, group: int = 0) -> list[Plant]:
    """A change of the text a pattern finds in a narrative line: ``change`` gives the new text of ``group``."""
    out = []
    for pn, li, line in lines if lines is not None else ctx.prose():
        for m in re.finditer(pattern, line.text):
            new = change(m)
            if new is None:
                continue
            old = m.group(group)
            out.append(Plant(cls, ctx.name, Edit(pn, "line", (li,), old, new, m.start(group)),
                             f"p{pn} «{line.text[max(0, m.start() - 8):m.end() + 4]}» {old} → {new}", pn, (),
                             (_lead(line.text[max(0, m.start(group) - 6):m.start(group)]) + compact(new),)))
    return out


def _lead(before: str) -> str:
    """The words a finding quotes before a changed text: up to six characters, from the last sentence mark on (a
    message's excerpt starts at a clause: "…年初预算XX万元", not "（项）。年初预算XX万元")."""
    c = compact(before)
    cut = re.split(r"[。；，：！？]", c)[-1]
    return cut if len(cut) >= 2 else c


FLIP = {"大于": "小于", "小于": "大于", "高于": "低于", "低于": "高于", "增加": "减少", "减少": "增加", "多于": "少于",
        "少于": "多于", "增长": "下降", "下降": "增长"}


def t_relation(ctx: Context) -> list[Plant]:
    """A relation word between two stated amounts flipped (not before a change of 0, which has no direction)."""
    return _regex_plants(ctx, "relation-flip", r"(?<=[万元\d])\s*[，,]?\s*(?:比[^，。；]{0,14}?)?(大于|小于|高于|低于|增加|减少)"
                         r"(?=\s*([\d][\d,]*\.?\d*))",
                         lambda m: FLIP[m.group(1)] if Decimal(m.group(2).replace(",", "").rstrip(".") or "0") else None,
                         group=1)


def _pct(m: re.Match, group: int) -> str | None:
    return _bump(m.group(group), "ones")


def t_completion(ctx: Context) -> list[Plant]:
    return _regex_plants(ctx, "completion-rate", r"完成(?:年初|全年|调整)?预算(?:数)?的\s*(\d+(?:\.\d+)?)\s*%",
                         lambda m: _pct(m, 1) if Decimal(m.group(1)) else None, group=1)


def t_share(ctx: Context) -> list[Plant]:
    return _regex_plants(ctx, "share", r"万元\s*[，,]?\s*占[^，。；%\d]{0,16}?(\d+(?:\.\d+)?)\s*%", lambda m: _pct(m, 1), group=1)


def t_growth(ctx: Context) -> list[Plant]:
    return _regex_plants(ctx, "growth-pct", r"(?:增长|下降)\s*(\d+(?:\.\d+)?)\s*%", lambda m: _pct(m, 1), group=1)


def t_zero_base(ctx: Context) -> list[Plant]:
    """A completion rate over a stated budget made zero: the 年初预算 amount of the sentence printed as 0.00."""
    after = {}
    for page in ctx.pages:  # the text that follows each line on its page (a sentence runs on)
        for li, ln in enumerate(page.lines):
            after[(page.number, li)] = compact(ln.text + "".join(x.text for x in page.lines[li + 1:li + 3]))

    def change(pn: int, li: int, m: re.Match) -> str | None:
        rest = after[(pn, li)]
        k = rest.find(compact(m.group(0)))
        return "0.00" if Decimal(m.group(1).replace(",", "")) and re.search(
            r"^[^。]{0,80}?完成(?:年初|全年|调整)?预算(?:数)?的\s*[\d.]+\s*%", rest[k:]) else None
    out = []
    for pn, li, line in ctx.prose():
        def at(m: re.Match, pn: int = pn, li: int = li) -> str | None:
            return change(pn, li, m)
        out += _regex_plants(ctx, "zero-base", r"(?:年初预算|全年预算|调整预算)(?:数)?为?\s*(\d[\d,]*\.?\d*)\s*(?=万元)",
                             at, lines=iter([(pn, li, line)]), group=1)
    return out


def t_unit_name(ctx: Context) -> list[Plant]:
    """The unit's name in a heading (a table's title line, the cover) changed to another unit's (not in a list of
    units, 、-separated: a 部门's list of its units may name units called after other bodies)."""
    unit = ctx.doc.unit_name
    if len(unit) < 4:
        return []
    other = "审计局" if "审计" not in unit else "统计局"
    region = re.match(r"^.{0,10}?(?:自治区|省|市|区|县)(?!委|政府|人民)", re.sub(r"[（(][^）)]*[）)]$", "", unit))
    swap = (region.group(0) if region else unit[:2]) + other  # another unit of the same region
    heads = [(pn, li, ln) for pn, li, ln in ctx.lines() if unit in ln.text and len(compact(ln.text)) <= 60
             and not re.search(r"[，。；、]", ln.text)]
    return _regex_plants(ctx, "unit-name", re.escape(unit), lambda m: swap, lines=iter(heads))


def t_placeholder(ctx: Context) -> list[Plant]:
    """A placeholder left in a sentence: an amount printed as XX."""
    return _regex_plants(ctx, "placeholder", r"(?<![\d.,])(\d[\d,]*\.\d+)\s*(?=万元)", lambda m: "XX", group=1)


def _headings(ctx: Context) -> Iterator[tuple[int, int, Any]]:
    titles = {compact(t.title) for t in ctx.doc.tables if t.title} | {compact(s.title) for s in ctx.doc.sections}
    for pn, li, ln in ctx.lines():
        c = compact(ln.text)
        if 6 <= len(c) <= 60 and not re.search(r"[，。；]", c) and any(c in t or t in c for t in titles if t):
            yield pn, li, ln


def t_year_heading(ctx: Context) -> list[Plant]:
    year = str(ctx.doc.year)
    return _regex_plants(ctx, "report-year", rf"(?<!\d){year}(?=\s*年)", lambda m: str(int(year) - 1),
                         lines=_headings(ctx))


def t_as_of(ctx: Context) -> list[Plant]:
    return _regex_plants(ctx, "as-of-date", r"截[至止]\s*(20\d\d)\s*年", lambda m: str(int(m.group(1)) - 2), group=1,
                         lines=ctx.lines())


def t_contents(ctx: Context) -> list[Plant]:
    """A line of the table of contents (a page that says 目录) that lists a table printed in the body, removed."""
    from budgetkg.ingest.extract.pdf_contents import LEADER, TITLE

    titles = {compact(t.title): t.label for t in ctx.doc.tables if t.title}
    contents = {p.number for p in ctx.pages if any(compact(ln.text).startswith(("目录", "目錄")) for ln in p.lines)}
    out = []
    for pn, li, ln in ctx.lines():
        if pn not in contents:
            continue
        text = compact(LEADER.sub("", ln.text))
        m = TITLE.search(text) if len(text) <= 80 else None
        if not m or not re.match(r"(?:表|公开表|附表)?[\d一二三四五六七八九十]", text):
            continue  # the second line of a two-line entry: removing it leaves the entry listed
        name = re.sub(r"^(?:表\d+(?:-\d+)?|公开表\d+(?:-\d+)?|[一二三四五六七八九十]+、|\d+[.、．])", "", m.group(0))
        label = next((lab for x, lab in titles.items() if len(name) >= 4 and (name in x or x.endswith(name))), None)
        if label:
            out.append(Plant("contents-removed", ctx.name, Edit(pn, "line", (li,), ln.text, None),
                             f"p{pn} contents line «{ln.text[:40]}» removed", None, (label,), (name,)))
    return out


def t_template(ctx: Context) -> list[Plant]:
    return _regex_plants(ctx, "template-leftover", r"(增长|增加)(?=\s*[\d])",
                         lambda m: m.group(1) + ("（下降）" if m.group(1) == "增长" else "（减少）"), group=1)


def t_unit_malformed(ctx: Context) -> list[Plant]:
    return _regex_plants(ctx, "unit-malformed", r"(?<=\d)\s*(万元)(?=[，。；、])", lambda m: "万", group=1)


def t_percent_sign(ctx: Context) -> list[Plant]:
    return _regex_plants(ctx, "percent-sign", r"(?<=\d)\s*(%)(?=[，。；、])", lambda m: "", group=1)


def t_doubled(ctx: Context) -> list[Plant]:
    return _regex_plants(ctx, "doubled-punct", r"(?<=[\u4e00-\u9fff])(，)(?=[\u4e00-\u9fff])", lambda m: "，，", group=1)


def t_subject_name(ctx: Context) -> list[Plant]:
    """A 科目 name in the text (printed with its 类/款/项 code) changed to the name of another 科目 of the same level
    that the tables print (a sibling's name beside this code)."""
    names: dict[int, list[str]] = defaultdict(list)
    for t in ctx.doc.tables:
        for row in t.rows:
            label = re.sub(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]?)", "", compact(row.label))  # not 一般… → 般…
            if row.code_system == "function" and row.level and 3 <= len(label) <= 14 and label not in names[row.level]:
                names[row.level].append(label)
    level = {"类": 1, "款": 2, "项": 3}

    def change(m: re.Match) -> str | None:
        old = m.group(1)
        return next((n for n in names[level[m.group(2)]] if n != old and old not in n and n not in old), None)
    return _regex_plants(ctx, "subject-name", r"([\u4e00-\u9fff]{3,14}?)(?=\s*[（(]\s*\d{2,3}\s*([类款项])\s*[）)])", change,
                         group=1)


# classes whose change may leave a document that nothing printed contradicts: such targets are counted apart
CHECKABLE: dict[str, Callable[[Context, Edit, Any], bool]] = {
    "relation-flip": rc.relation_checkable,
    "growth-pct": rc.rate_checkable,
}

CLASSES: dict[str, tuple[Callable[[Context], list[Plant]], tuple[str, ...]]] = {
    "arith-cell": (t_arith_cell, ARITH + CROSS),
    "arith-total": (t_arith_total, ARITH + CROSS),
    "crosstable": (t_crosstable, CROSS + ARITH),
    "rounding": (t_rounding, ("rounding-difference",)),
    "narrative-amount": (t_narrative_amount, TEXT_VS_TABLE),
    "three-public-text": (t_three_public, ("text-three-public", "claim-amount", "claim-parts", *SENTENCE)),
    "basic-expenditure-text": (t_basic, ("text-basic-expenditure", "text-operating-cost", "claim-amount", *SENTENCE,
                                         "claim-parts")),
    "procurement-text": (t_procurement, ("text-procurement", "claim-amount", "claim-parts", *SENTENCE)),
    "item-final-vs-budget": (t_item_final, ("text-item-final-vs-budget", "sentence-completion-rate", "claim-amount",
                                            *SENTENCE)),
    "relation-flip": (t_relation, ("sentence-relation", "claim-relation", "growth-rate", "sentence-growth")),
    "completion-rate": (t_completion, ("sentence-completion-rate",)),
    "share": (t_share, ("claim-share", "claim-share-range", "sentence-share", "sentence-shares-total")),
    # a rate changed over a zero base (增加530.72万元，增长100% → 101%) is reported as the undefined rate it is
    "growth-pct": (t_growth, ("growth-rate", "sentence-growth", "sentence-zero-base")),
    "zero-base": (t_zero_base, ("sentence-zero-base",)),
    "unit-name": (t_unit_name, ("doc-unit-name",)),
    "placeholder": (t_placeholder, ("doc-placeholder", "template-residue")),
    "report-year": (t_year_heading, ("doc-report-year", "year-title", "year-heading", "year-statement")),
    "as-of-date": (t_as_of, ("doc-as-of-date", "year-range")),
    "contents-removed": (t_contents, ("doc-contents",)),
    "template-leftover": (t_template, ("template-leftover", "template-residue")),
    "unit-malformed": (t_unit_malformed, ("money-unit-malformed", "claim-unit-missing", "claim-unit")),
    "percent-sign": (t_percent_sign, ("percent-sign",)),
    "doubled-punct": (t_doubled, ("doubled-punctuation",)),
    "subject-name": (t_subject_name, ("text-subject-name", "code-name")),
}


# ---------------------------------------------------------------------------------------------- detection


def _key(f) -> tuple[str, str, str]:
    """A finding as the original is compared with a copy: its ledger key, severity and message (two findings of
    one key — a section's sentences, one table's cells — are told apart by what they say)."""
    from budgetkg.ingest.baseline import finding_key

    return finding_key(f), f.severity, f.message_en


def points_at(finding, plant: Plant) -> bool:
    """Whether a finding points at the planted place: its table, its page, or the changed words."""
    said = compact(finding.message_zh + finding.message_en)
    for side in finding.sides:
        if side.table and side.table in plant.tables:
            return True
        if plant.page is not None and side.page == plant.page:
            return True
        said += compact(" ".join(x for x in (side.verbatim, side.row, side.value, side.table) if x))
    return any(t and t in said for t in plant.texts)


def judge(plant: Plant, findings: list, original: Counter) -> tuple[bool, list[str]]:
    """(detected, the new findings at the place) for one planted copy."""
    accepted = CLASSES[plant.cls][1]
    seen: Counter = Counter()
    new = []
    for f in findings:
        k = _key(f)
        seen[k] += 1
        if seen[k] > original[k] and points_at(f, plant):
            new.append(f)
    listed = ("Violation", "Warning")
    if plant.cls == "rounding":
        # a Violation the original already has (its key and severity) whose message now quotes the cent-changed
        # figure is not a new one (69: the ledger's 三公 share recomputed from 183.61 instead of 183.6)
        before = {(k[0], k[1]) for k in original}
        ok = any(f.rule in accepted and f.severity == "Info" for f in new) and not any(
            f.severity == "Violation" and _key(f)[:2] not in before for f in new)
    else:
        ok = any(f.rule in accepted and f.severity in listed for f in new)
    return ok, [f"{f.severity[0]} {f.rule}" for f in new if f.severity in listed or f.rule in accepted]


# ---------------------------------------------------------------------------------------------- workers

_READER: Reader | None = None


def _reader(cache: Path) -> Reader:
    global _READER
    if _READER is None:
        _READER = Reader(cache)
    return _READER


def survey(path: str, cache: str, classes: tuple[str, ...]) -> dict:
    """Read one original: its findings (against the ledger) and every target each class finds in it."""
    from budgetkg.ingest import baseline
    from budgetkg.ingest.errors import IngestError
    from budgetkg.ingest.validate import validate_parsed

    p = Path(path)
    reader = _reader(Path(cache))
    reader.plant = None
    try:
        doc = parse(p)
    except IngestError as exc:
        return {"file": p.name, "error": str(exc)}
    report = validate_parsed(doc, source=p.name)
    cmp = baseline.compare(report, baseline.load(LEDGER / f"{p.stem}.json"))
    pages = pickle.loads(reader.blob(p.read_bytes(), p.name))
    ctx = context(p.name, doc, pages)
    plants: dict[str, list[dict]] = {}
    unprovable: dict[str, list[str]] = {}
    printed = None
    for cls in classes:
        try:
            found = CLASSES[cls][0](ctx)
        except Exception as exc:  # a finder that breaks on one layout is reported, not fatal
            found = []
            print(f"  {p.name}: finder {cls} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        if cls in CHECKABLE:  # a change nothing printed can contradict is counted apart (bench/review_checkable.py)
            printed = printed or rc.Printed(ctx)
            ok = [CHECKABLE[cls](ctx, x.edit, printed) for x in found]
            unprovable[cls] = [x.what for x, y in zip(found, ok, strict=True) if not y]
            found = [x for x, y in zip(found, ok, strict=True) if y]
        plants[cls] = [asdict(x) for x in found]
    return {"file": p.name, "original": [list(_key(f)) for f in report.findings],
            "outside": [f"{f.severity} {baseline.finding_key(f)}" for f in cmp.unexpected],
            "missing": [f"{e['severity']} {e['key']}" for e in cmp.missing], "plants": plants,
            "unprovable": unprovable}


def _plant(d: dict) -> Plant:
    e = d["edit"]
    return Plant(d["cls"], d["doc"], Edit(e["page"], e["target"], tuple(e["index"]), e["old"], e["new"], e["start"]),
                 d["what"], d["page"], tuple(d["tables"]), tuple(d["texts"]))


def run_copies(path: str, cache: str, plants: list[dict], original: list[list[str]]) -> list[dict]:
    """Read and validate one planted copy per plant of one document."""
    from budgetkg.ingest.errors import IngestError
    from budgetkg.ingest.validate import validate_parsed

    p = Path(path)
    reader = _reader(Path(cache))
    base = Counter(tuple(k) for k in original)
    out = []
    for d in plants:
        plant = _plant(d)
        reader.plant = (p.name, plant.edit)
        t0 = time.perf_counter()
        try:
            doc = parse(p)
            findings = validate_parsed(doc, source=p.name).findings
            ok, new = judge(plant, findings, base)
        except (IngestError, ValueError) as exc:
            ok, new = False, [f"unreadable copy: {exc}"]
        finally:
            reader.plant = None
        out.append({"cls": plant.cls, "doc": p.name, "what": plant.what, "detected": ok, "new": new,
                    "seconds": round(time.perf_counter() - t0, 2)})
    return out


# ---------------------------------------------------------------------------------------------- main


def corpus() -> list[Path]:
    pdf = FIXTURES / "pdf"
    return [*sorted(pdf.glob("*.pdf")), *sorted((pdf / "wide").glob("*.pdf"))]


def choose(surveys: list[dict], per_class: int, seed: int) -> dict[str, list[dict]]:
    """Up to ``per_class`` plants of each class, spread over the documents (one each before a second one).

    Each class draws from its own generator (seeded by the seed and the class), so ``-c CLASS`` picks the same
    copies of that class as the full run."""
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for cls in CLASSES:
        rng = random.Random(f"{seed}/{cls}")
        pools = [(s["file"], list(s["plants"].get(cls, []))) for s in surveys if s.get("plants", {}).get(cls)]
        for _, pool in pools:
            rng.shuffle(pool)
        rng.shuffle(pools)
        taken = 0
        while taken < per_class and any(pool for _, pool in pools):
            for file, pool in pools:
                if pool and taken < per_class:
                    by_doc[file].append(pool.pop())
                    taken += 1
    return by_doc


def _pool(jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=multiprocessing.get_context("spawn"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path, help="documents (default: both corpus folders)")
    ap.add_argument("-k", action="append", default=[], help="only documents whose file name contains this")
    ap.add_argument("-c", "--cls", action="append", default=[], help="only these classes")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--quick", action="store_true", help="two documents, one copy per class (CI smoke)")
    ap.add_argument("--per-class", type=int, default=20, help="copies per class (default 20)")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--cache", type=Path, default=CACHE, help="folder for the pages read once per document")
    ap.add_argument("--json", type=Path, help="write every copy's record here")
    ap.add_argument("--details", action="store_true", help="list the copies not detected")
    ap.add_argument("--survey", action="store_true", help="only list the targets each class finds (no copies)")
    args = ap.parse_args(argv)
    paths = args.paths or corpus()
    if args.quick:
        paths = [p for p in paths if p.name in QUICK]
        args.per_class = min(args.per_class, 1)
    if args.k:
        paths = [p for p in paths if any(k in p.name for k in args.k)]
    classes = tuple(c for c in CLASSES if not args.cls or c in args.cls)
    started = time.perf_counter()
    surveys: list[dict] = []
    with _pool(args.jobs) as pool:
        futs = {pool.submit(survey, str(p), str(args.cache), classes): p for p in
                sorted(paths, key=lambda p: -p.stat().st_size)}
        for fut in as_completed(futs):
            try:
                surveys.append(fut.result())
            except Exception as exc:
                surveys.append({"file": futs[fut].name, "error": f"crash: {type(exc).__name__}: {exc}"})
    surveys.sort(key=lambda s: s["file"])
    read = [s for s in surveys if "error" not in s]
    chosen = choose(read, args.per_class, args.seed)
    if args.survey:
        for c in classes:
            docs = [s for s in read if s["plants"].get(c)]
            apart = sum(len(s.get("unprovable", {}).get(c, [])) for s in read)
            print(f"{c:24} {len(docs):3} documents, {sum(len(s['plants'][c]) for s in docs):5} targets"
                  + (f" ({apart} not checkable from the print, left out)" if apart else ""))
            for s in docs[:3]:
                for x in s["plants"][c][:2]:
                    print(f"      {s['file'][:30]:30} {x['what'][:110]}")
        return 0
    by_name = {p.name: p for p in paths}
    originals = {s["file"]: s["original"] for s in read}
    records: list[dict] = []
    with _pool(args.jobs) as pool:
        futs2: list = [pool.submit(run_copies, str(by_name[f]), str(args.cache), plants, originals[f])
                 for f, plants in sorted(chosen.items(), key=lambda kv: -len(kv[1]))]
        for fut in as_completed(futs2):
            records.extend(fut.result())
    stats: dict[str, Counter] = {c: Counter() for c in classes}
    targets = {c: sum(1 for s in read if s["plants"].get(c)) for c in classes}
    unprovable = {c: [(s["file"], w) for s in read for w in s.get("unprovable", {}).get(c, [])] for c in classes}
    for r in records:
        stats[r["cls"]]["copies"] += 1
        stats[r["cls"]]["detected"] += r["detected"]
    failing = []
    print(f"{'class':24} {'docs':>5} {'copies':>6} {'detected':>8} {'recall':>7}")
    for c in classes:
        n, d = stats[c]["copies"], stats[c]["detected"]
        recall = 100 * d / n if n else 0.0
        if recall < REQUIRED:
            failing.append(c)
        apart = f"  ({len(unprovable[c])} targets not checkable from the print, left out)" if unprovable[c] else ""
        print(f"{c:24} {targets[c]:5} {n:6} {d:8} {recall:6.1f}%" + ("" if n else "  (no target found)") + apart)
    n_all = sum(s["copies"] for s in stats.values())
    d_all = sum(s["detected"] for s in stats.values())
    print(f"{'all':24} {len(read):5} {n_all:6} {d_all:8} {100 * d_all / max(n_all, 1):6.1f}%")
    outside = [(s["file"], k) for s in read for k in s["outside"]]
    unreadable = [s for s in surveys if "error" in s]
    print(f"\noriginals: {len(read)} read ({len(unreadable)} unreadable), Violations/Warnings outside the ledger: "
          f"{len(outside)}")
    for file, k in outside:
        print(f"  {file[:48]}  {k}")
    missing = [(s["file"], k) for s in read for k in s.get("missing", [])]
    print(f"ledger findings no longer reported: {len(missing)}")
    for file, k in missing:
        print(f"  {file[:48]}  {k}")
    if args.details:
        print("\nnot checkable from the print (nothing printed contradicts the change; not planted):")
        for c in classes:
            for file, what in unprovable[c][:60]:
                print(f"  {c:22} {file[:40]:40} {what[:90]}")
        print("\nnot detected:")
        for r in sorted(records, key=lambda r: (r["cls"], r["doc"])):
            if not r["detected"]:
                print(f"  {r['cls']:22} {r['doc'][:40]:40} {r['what'][:90]}  new: {', '.join(r['new'][:4]) or '-'}")
    print(f"\n{n_all} copies of {len(read)} documents in {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps({"copies": records, "outside": outside}, ensure_ascii=False, indent=1),
                             encoding="utf-8")
    if args.quick:
        return 0
    return 1 if failing or outside or missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
