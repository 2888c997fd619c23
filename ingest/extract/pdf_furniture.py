"""Page furniture: running heads and feet that a document prints on many pages (its name, its year, a
page number), which are neither narrative nor part of the table below them.

A line is furniture when the same text stands in the top or bottom band of at least three pages and of a
fifth of the pages of the document (a table's title or unit line is never furniture, even where a long
table repeats it on each page); page numbers ("- 13 -", "第 3 页", "3/40") are furniture wherever
they stand in those bands.
"""

from __future__ import annotations

import re
from collections import Counter

from .pdf_layout import Line, PageData

BAND = 0.12  # top and bottom share of the page height where running heads and feet stand
PAGE_NUMBER = re.compile(r"^[-—–－\s]*\d{1,3}[-—–－\s]*$|^第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$")


TABLE_WORDS = re.compile(r"表$|表[（(].*[)）]$|单位\s*[:：]|^(?:部门|单位)?公开表|^附?表\s*\d")


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _in_band(ln: Line, page: PageData) -> bool:
    return ln.bottom <= page.height * BAND or ln.top >= page.height * (1 - BAND)


def running_keys(pages: list[PageData]) -> set[str]:
    """Texts (digits folded) that repeat in the top or bottom band of enough pages to be running heads."""
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_key(ln.text) for ln in page.lines
                     if _in_band(ln, page) and not TABLE_WORDS.search(re.sub(r"\s+", "", ln.text))})
    need = max(3, len(pages) // 5)
    return {k for k, n in seen.items() if n >= need and len(k) >= 2}


def strip_furniture(pages: list[PageData]) -> None:
    """Remove running heads, feet and page numbers from every page's loose lines (in place)."""
    keys = running_keys(pages)
    for page in pages:
        page.lines = [ln for ln in page.lines
                      if not (_in_band(ln, page) and (_key(ln.text) in keys or PAGE_NUMBER.match(ln.text.strip())))]
