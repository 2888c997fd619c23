"""Page furniture: running heads and feet that a document prints on many pages (its name, its year, a
page number), which are neither narrative nor part of the table below them.

A line is furniture when the same text stands in the top or bottom band of at least three pages and of a
fifth of the pages of the document (a table's title or unit line is never furniture, even where a long
table repeats it on each page); page numbers ("- 13 -", "第 3 页", "3/40") are furniture wherever
they stand in those bands. A running head misprinted on one page ("无锡市审计局2025年度部门预算公开" among forty
"无锡市信访局2025年度部门预算公开") is furniture too: it stands where the head stands on the other pages (the same
distance from the page's edge) and differs from it in a few characters only.

The running heads and feet are taken off the pages but not thrown away: :func:`strip_furniture` returns them, and
the reader keeps them in the document (``Document.page_lines``), where the document checks read the unit and the
year each page's head names.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher

from .pdf_layout import Line, PageData

BAND = 0.12  # top and bottom share of the page height where running heads and feet stand
PAGE_NUMBER = re.compile(r"^[-—–－\s]*\d{1,3}[-—–－\s]*$|^第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$")
NEAR = 3.0  # points: a misprinted head stands this close to where the head stands on the other pages
ALIKE = 0.6  # how alike (difflib ratio of the texts, digits folded) a misprinted head and the running head are


TABLE_WORDS = re.compile(r"表$|表[（(].*[)）]$|单位\s*[:：]|^(?:部门|单位)?公开表|^附?表\s*\d")


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _in_band(ln: Line, page: PageData) -> bool:
    return ln.bottom <= page.height * BAND or ln.top >= page.height * (1 - BAND)


def _edge(ln: Line, page: PageData) -> float:
    """How far the line stands from the page's nearer edge (its top for a head, its bottom for a foot), signed by
    the edge (a head and a foot are never alike)."""
    return ln.top if ln.bottom <= page.height * BAND else -(page.height - ln.bottom)


def running_keys(pages: list[PageData]) -> set[str]:
    """Texts (digits folded) that repeat in the top or bottom band of enough pages to be running heads."""
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_key(ln.text) for ln in page.lines
                     if _in_band(ln, page) and not TABLE_WORDS.search(re.sub(r"\s+", "", ln.text))})
    need = max(3, len(pages) // 5)
    return {k for k, n in seen.items() if n >= need and len(k) >= 2}


def _misprints(pages: list[PageData], keys: set[str]) -> set[int]:
    """The ids of the band lines that are a running head misprinted: where a worded head (not a page number) of
    ``keys`` stands on the other pages, a text that differs from it in a few characters."""
    where: dict[str, Counter[int]] = {}
    for page in pages:
        for ln in page.lines:
            if _in_band(ln, page) and (k := _key(ln.text)) in keys and re.search(r"[\u4e00-\u9fff]{4}", k):
                where.setdefault(k, Counter())[round(_edge(ln, page))] += 1
    if not where:
        return set()
    out: set[int] = set()
    for page in pages:
        for ln in page.lines:
            k = _key(ln.text)
            if not _in_band(ln, page) or k in keys or TABLE_WORDS.search(k) or len(k) < 6:
                continue
            edge = _edge(ln, page)
            for head, edges in where.items():
                at = edges.most_common(1)[0][0]
                if abs(edge - at) <= NEAR and SequenceMatcher(None, k, head).ratio() >= ALIKE:
                    out.add(id(ln))
                    break
    return out


def strip_furniture(pages: list[PageData]) -> list[Line]:
    """Remove running heads, feet and page numbers from every page's loose lines (in place); returns the running
    heads and feet removed (page numbers left out), in page order."""
    keys = running_keys(pages)
    misprinted = _misprints(pages, keys)
    kept: list[Line] = []
    for page in pages:
        lines = []
        for ln in page.lines:
            if not _in_band(ln, page):
                lines.append(ln)
            elif PAGE_NUMBER.match(ln.text.strip()):
                continue
            elif _key(ln.text) in keys or id(ln) in misprinted:
                kept.append(ln)
            else:
                lines.append(ln)
        page.lines = lines
    return kept
