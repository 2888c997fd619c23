"""Read a budget disclosure PDF (pdfplumber) into :mod:`ingest.model` records.

One layout pass per page (:func:`ingest.extract.pdf_layout.read_page`); tables are recognised by
their titles and header semantics (:mod:`pdf_grid`, :mod:`pdf_tables`, :mod:`pdf_rows`), pieces
that continue across pages are joined, and the remaining lines become the narrative.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from pathlib import Path

import pdfplumber

from ..errors import IngestError
from ..identity import Given, Reader, companions, complete
from ..iri import region_of
from ..model import Document, Provenance, TableRole
from ..verification import verify
from .column_meaning import type_columns
from .empty_tables import explain_empty_tables
from .narrative import parse_narrative
from .pdf_contents import listed_titles
from .pdf_furniture import strip_furniture
from .pdf_goals import is_key_value, is_sheet, join_continued, prose_goal, read_goal_table, starts_goal
from .pdf_grid import LABEL, analyse, split_at_titles
from .pdf_identity import HEADER_LINE, continued_headers, dropped_titles, kept_lines, read_identity
from .pdf_layout import Line, PageData, read_page
from .pdf_narrative import narrative_parts
from .pdf_tables import Builder, goal_rows, header_scale, title_of
from .tables import compact

FURNITURE = re.compile(r"^[-—–－\s]*\d{1,3}[-—–－\s]*$|^第\s*\d+\s*页")
TITLEISH = re.compile(r"表(?:（[^）]*）|\([^)]*\))?$|单位[:：]|^(?:编制单位|部门|单位名称)[:：]")
NOTE = re.compile(r"^[（(]?(?:备注|注)[:：]")


PageCallback = Callable[[int, int], None]  # (page read, pages in the file)
_on_page: ContextVar[PageCallback | None] = ContextVar("on_page", default=None)


@contextmanager
def page_progress(callback: PageCallback) -> Iterator[None]:
    """Call ``callback(page, pages)`` after each page of a PDF read inside the block (in this thread): the hook of
    a progress line (``budgetkg`` shows one on a terminal); the library itself prints nothing."""
    token = _on_page.set(callback)
    try:
        yield
    finally:
        _on_page.reset(token)


def _unreadable(name: str, exc: BaseException, page: int | None = None) -> IngestError:
    """The error for a PDF the library cannot open or read: encrypted, or broken (naming the library's error)."""
    chain = [exc]
    while (nxt := chain[-1].__cause__ or chain[-1].__context__) is not None:
        if nxt in chain:
            break
        chain.append(nxt)
    names = " ".join(type(e).__name__ + " " + str(e) for e in chain)
    if "Password" in names or "Encrypt" in names or "encrypt" in names:
        return IngestError(name, "encrypted PDF: it needs a password to open; publish or upload an unencrypted copy",
                           code="encrypted-pdf", page=page)
    first = str(chain[-1]).splitlines()[0] if str(chain[-1]) else type(chain[-1]).__name__
    reason = f"not a readable PDF ({type(chain[-1]).__name__}: {first[:120]})"
    if page is not None:
        reason = f"unreadable page content ({reason})"
    return IngestError(name, reason, code="unreadable-pdf", page=page)


def _pages(data: bytes, name: str, on_page: PageCallback | None = None) -> list[PageData]:
    if not data:
        raise IngestError(name, "empty file (0 bytes)", code="empty-file")
    if b"%PDF-" not in data[:1024]:
        raise IngestError(name, "not a PDF: no '%PDF-' header", code="not-pdf")
    if b"%%EOF" not in data[-4096:]:
        raise IngestError(name, f"truncated PDF: no %%EOF end marker ({len(data)} bytes); the download looks incomplete",
                          code="truncated-pdf")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        raise _unreadable(name, exc) from exc
    pages: list[PageData] = []
    with pdf:
        try:
            plumber_pages = pdf.pages
        except Exception as exc:
            raise _unreadable(name, exc) from exc
        if not plumber_pages:
            raise IngestError(name, "the PDF has no pages", code="unreadable-pdf")
        for number, page in enumerate(plumber_pages, 1):
            try:
                pages.append(read_page(page, number))
            except Exception as exc:
                raise _unreadable(name, exc, page=number) from exc
            finally:
                page.close()
            if on_page is not None:
                on_page(number, len(plumber_pages))
    return pages


def _narrative_line(ln: Line) -> bool:
    """A line of prose: long, worded (not a row of codes and amounts), not a unit line, and printed as one run
    (the cells of a table row cut by the page's top edge print several short runs side by side)."""
    c = compact(ln.text)
    height = ln.bottom - ln.top or 10
    apart = any(b[1] - a[2] > 3 * height for a, b in zip(ln.words, ln.words[1:], strict=False))  # cells apart
    return (len(c) >= 15 and len(re.findall(r"[\u4e00-\u9fff]", c)) >= 8 and not apart
            and not ln.text.startswith(("单位", "编制单位")))


def _tables(pages: list[PageData], unit_hint: str) -> tuple[list[Builder], set[int]]:
    """Builders for every table, and the ids of the lines they consumed (titles, units, notes)."""
    builders: list[Builder] = []
    used: set[int] = set()
    current: Builder | None = None
    carried: list[Line] = []
    for page in pages:
        cursor = -1.0
        page.grids = [part for grid in page.grids for part in split_at_titles(grid)]
        for gi, grid in enumerate(page.grids):
            piece = analyse(grid)
            preamble = [ln for ln in page.lines if cursor <= ln.top and ln.bottom <= grid.bbox[1] + 2]
            if gi == 0 and carried and carried[0].page == page.number - 1 and not _narrative_body(preamble):
                preamble = carried + preamble  # the title printed at the foot of the page before
            meta = [Line(t, page.number, *grid.bbox) for t in piece.meta_text]
            label, title, tline = title_of(preamble + meta)
            body = [ln for ln in preamble if not FURNITURE.match(ln.text) and ln is not tline
                    and ln.top >= 0]  # a row cut by the page's top edge (drawn on both pages) is not text of this page
            sheet = is_sheet(piece)
            cont = False
            goal_cont = (sheet and current is not None and title is None and label in (None, current.label) and gi == 0
                         and current.pages[-1] == page.number - 1 and not starts_goal(piece)
                         and (is_sheet(current.first) or current.role is TableRole.PERFORMANCE
                              and is_key_value(current.first)))  # the rest of a goal sheet, its header repeated
            if goal_cont:
                cont = True
            elif current is not None and current.pages[-1] == page.number - 1 and gi == 0 and not sheet:
                if title is None and label is None:
                    cont = not any(_narrative_line(ln) for ln in body) and _compatible(current, piece)
                elif (title and current.title and compact(title) == compact(current.title)
                      and (label is None or label == current.label)):
                    cont = True  # the title printed again on the next page, with or without its label
                elif label and label == current.label and title is None and not _narrative_body(body):
                    cont = True  # "表5" printed again on the next page above the rest of the table
            if cont:
                assert current is not None  # only a table under way continues
                if not any(c.kind == "amount" for c in current.first.cols) and any(
                        c.kind == "amount" for c in piece.cols) and current.role is not TableRole.PERFORMANCE:
                    # the title and unit lines were ruled apart at the foot of the page before: the table starts here
                    current.first, current.pieces = piece, []
                    current.setup_columns()
                    current.pieces.append(piece)
                    current.pages.append(page.number)
                else:
                    if not goal_cont and current.continues_beside(piece):
                        current.add_beside(piece)
                    current.align(piece)
                    current.pieces.append(piece)
                    current.pages.append(page.number)
            else:
                if title is None and label is None and piece.grid.nrows < 2 and not piece.has_header:
                    cursor = grid.bbox[3]
                    continue
                current = Builder(label, title, [page.number], piece,
                                  [ln.text for ln in preamble] + piece.meta_text, unit_hint, [piece])
                current.title_line = tline
                current.setup_columns()
                builders.append(current)
            if title or label or cont:
                used.update(id(ln) for ln in preamble)
            cursor = grid.bbox[3]
            nxt = page.grids[gi + 1].bbox[1] if gi + 1 < len(page.grids) else page.height + 1
            for ln in page.lines:
                if cursor - 2 <= ln.top and ln.bottom <= nxt and NOTE.match(ln.text.strip()):
                    current.note = (current.note + ln.text.strip()) if current.note else ln.text.strip()
                    used.add(id(ln))
        carried = _orphan_heading([ln for ln in page.lines if ln.top >= cursor])
    return builders, used


def _companion_pages(path: str | None, given: Given | None,
                     stated: Reader | None) -> list[tuple[str, list[PageData]]]:
    """The pages of this file's companions in the batch (its narrative published apart from its tables)."""
    if path is None or given is None or not given.batch or stated is None:
        return []
    out = []
    for other, says in companions(path, given.batch, stated):
        if isinstance(says, str):
            continue
        try:
            other_pages = _pages(Path(other).read_bytes(), Path(other).name)
            strip_furniture(other_pages)  # page numbers and running heads are not sentences
            out.append((Path(other).name, other_pages))
        except (OSError, IngestError):
            continue  # an unreadable companion explains nothing; the empty table is then reported
    return out


def _sheet_scale(b: Builder) -> tuple[Decimal, str] | None:
    """The money unit a goal sheet prints in one of its cells (资金金额（万元）, 年度资金总额（元）), if one only."""
    found = {m.group(1) for piece in b.pieces for cell in piece.grid.cells
             for m in re.finditer(r"[（(]\s*(万元|元)\s*[)）]", compact(cell.text))}
    if len(found) != 1:
        return None
    unit = found.pop()
    return (Decimal(10000), "万元") if unit == "万元" else (Decimal(1), "元")


def _orphan_heading(lines: list[Line]) -> list[Line]:
    """The lines that end a page under its last table and print the next table's title (with its label or unit
    line): that table's grid starts on the next page."""
    _, title, tline = title_of(lines)
    if tline is None:
        return []
    k = next((i for i, ln in enumerate(lines) if ln.top >= tline.top - 1), len(lines))
    if k > 0 and LABEL.match(compact(lines[k - 1].text)):
        k -= 1
    tail = [ln for ln in lines[k:] if not FURNITURE.match(ln.text)]
    return tail if tail and not _narrative_body(tail) else []


def _narrative_body(body: list[Line]) -> bool:
    return any(_narrative_line(ln) for ln in body if not TITLEISH.search(compact(ln.text)))


def _compatible(current: Builder, piece) -> bool:
    base = current.first.cols
    hits = 0
    for col in piece.cols:
        if any(min(b.x1, col.x1) - max(b.x0, col.x0) > 0.6 * (col.x1 - col.x0) for b in base):
            hits += 1
    return hits >= 0.7 * len(piece.cols)


def _narrative(pages: list[PageData], used: set[int], table_pages: set[int]):
    return parse_narrative(narrative_parts(pages, used, table_pages))


def read_pdf(data: bytes, name: str, *, given: Given | None = None, path: str | None = None,
             stated: Reader | None = None) -> Document:
    """Parse a disclosure PDF into a :class:`Document`; raises :class:`IngestError` on bad input.

    ``given`` completes the unit and year a file does not state (``--unit``/``--year``, its companion among
    ``given.batch``, its file name: :mod:`ingest.identity`); ``path`` locates the file among the batch, and
    ``stated`` reads what a companion states about itself (:func:`ingest.api.stated_identity`).
    """
    pages = _pages(data, name, _on_page.get())
    if not any(p.n_chars for p in pages):
        images = sum(p.n_images for p in pages)
        what = f"its {len(pages)} page(s) hold {images} image(s) and no text (a scan)" if images else "it holds no text"
        raise IngestError(name, f"no text layer: {what}; budgetkg reads a PDF's text, not its images — OCR it first "
                                "(e.g. with ocrmypdf) and read the OCR'd copy", page=1, code="no-text-layer")
    heads = strip_furniture(pages)
    builders, used = _tables(pages, "")
    text_all = compact("".join(ln.text for p in pages for ln in p.lines[:40]))
    if not builders and not re.search(r"预算|决算", text_all):
        raise IngestError(name, "not a budget disclosure: no 预算/决算 text and no budget tables", page=1,
                          code="not-a-disclosure")
    found = read_identity(pages, [b.meta_lines for b in builders], [b.title for b in builders if b.title])
    identity, identity_notes = complete(found, given, name, path, stated)
    unit, year, phase, scope = identity.unit, identity.year, identity.phase, identity.scope
    doc = Document(source_name=name, sha256=hashlib.sha256(data).hexdigest(), media_type="application/pdf",
                   unit_name=unit, year=year, phase=phase, scope=scope, region=region_of(unit),
                   title=f"{unit}{year}年{scope.value}{phase.value}", pages=len(pages))
    doc.notices.extend(identity_notes)
    doc.page_lines = kept_lines(heads, pages, used)
    for p in pages:
        if not p.n_chars:
            doc.notices.append(f"{name}: page {p.number} has no text layer (image only?); skipped")
    scales: Counter[tuple[Decimal, str]] = Counter()
    found_scales: list[tuple[Decimal, str] | None] = []
    for b in builders:
        b.unit_name = unit
        s = header_scale(b.first, b.meta_lines)
        found_scales.append(s)
        if s:
            scales[s] += 1
    default = scales.most_common(1)[0][0] if scales else (Decimal(10000), "万元")
    labels: Counter[str] = Counter()
    prose: list = []
    sheet_pages: tuple[int, ...] = ()
    for b, s in zip(builders, found_scales, strict=True):
        base = b.label or (compact(b.title) if b.title else f"无标题表（第{b.pages[0]}页）")
        labels[base] += 1
        label = base if labels[base] == 1 else f"{base}（{labels[base]}）"
        doc.page_lines += continued_headers(b.pieces, pages, label)
        goal_sheet = is_sheet(b.first) or (b.role is TableRole.PERFORMANCE and is_key_value(b.first))
        if s is None and not goal_sheet and any(c.kind == "amount" for c in b.first.cols):
            doc.notices.append(f"{name}: {label} states no money unit; assumed {default[1]} like the other tables")
        if goal_sheet:
            table, goals = read_goal_table(b.pieces, label, b.title or label, len(doc.goals), unit,
                                           {p.number: p.lines for p in pages if p.number in b.pages})
            table.scale, table.scale_label = s or _sheet_scale(b) or default
            table.note = b.note
            table.header = tuple(t.strip() for t in b.meta_lines if HEADER_LINE.search(t))
            table.pages = tuple(dict.fromkeys(b.pages))
            table.source = Provenance(text=table.title, page=b.pages[0], table=label, bbox=b.first.grid.bbox)
            join_continued(doc.goals, sheet_pages, goals)
            sheet_pages = table.pages
            doc.tables.append(table)
            doc.goals.extend(goals)
            continue
        table = b.build(label, s or default)
        table.header = tuple(t.strip() for t in b.meta_lines if HEADER_LINE.search(t))
        doc.tables.append(table)
        for row, text, unit_of_row in goal_rows(table, b):
            prose.append((b.title is not None, row, text, unit_of_row or unit))
    if not doc.goals and prose:
        titled = [p for p in prose if p[0]] or prose
        for _, row, text, unit_of_row in titled:
            doc.goals.append(prose_goal(len(doc.goals), row, text, unit_of_row))
    if not doc.tables:
        doc.notices.append(f"{name}: no budget tables found; the file holds narrative only (tables may be a separate file)")
    type_columns(doc)
    doc.sections, doc.claims, doc.terms = _narrative(pages, used, {p for b in builders for p in b.pages})
    doc.page_lines += dropped_titles(builders, pages, used, "".join(s.title + s.text for s in doc.sections))
    doc.listed_tables = listed_titles(pages)
    explain_empty_tables(doc, pages, lambda: _companion_pages(path, given, stated))
    verify(doc)
    return doc
