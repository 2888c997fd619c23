"""The narrative of a PDF disclosure: the printed lines outside tables, cut into overview, explanation and glossary.

Layouts differ by province — 第一部分 … 第四部分 (Jiangsu, Shenzhen), 一、… 六、名词解释 (Beijing), stand-alone
centred titles such as "名词解释" and "2026年单位预算编制说明" (Shanghai), 情况说明 without a cover — so a part is
opened by its heading, wherever it is, and its kind is read from the heading's words:

- a heading is a 第X部分 line, a short 一、 line without a colon, or a title printed larger than the body text or
  centred on the page (short, without sentence punctuation);
- 名词解释 → glossary, 职能 / 机构设置 / 概况 … → overview, anything else → explanation;
- the table of contents (目录; pages of dotted leaders or of numbered headings only) is not narrative: its entries
  would otherwise open every part at once.
"""

from __future__ import annotations

import re
from statistics import median

from ..model import Provenance
from .pdf_layout import Line, PageData
from .tables import compact

LineRef = tuple[str, Provenance]
Part = tuple[str, str, list[LineRef]]  # (kind, title, lines)

FURNITURE = re.compile(r"^[-—–－\s]*\d{1,3}[-—–－\s]*$|^第\s*\d+\s*页")
PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
L1_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}[、．.]")
ENTRY = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十]{1,3}[）)]"
                   r"|\d{1,2}\s*[、.．]|附件|表\s*\d)")
LEADER = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|-{4,}|—{3,})\s*\d*\s*$")
SENTENCE_END = ("。", "；", ";")
GLOSSARY = re.compile(r"名词解释")
OVERVIEW = re.compile(r"职能|职责|机构设置|机构情况|概况|基本情况|单位构成|预算单位构成|部门构成")


def _is_toc_page(lines: list[Line], previous_toc: bool) -> bool:
    """A contents page: 目录, dotted leaders, or (≥ 5 lines) nothing but numbered headings without a sentence."""
    texts = [compact(ln.text) for ln in lines]
    if any(t in ("目录", "目次") for t in texts):
        return True
    if sum(bool(LEADER.search(ln.text)) for ln in lines) >= 3:
        return True
    if not texts or any(t.endswith(SENTENCE_END) for t in texts):
        return False
    entries = sum(bool(ENTRY.match(t)) for t in texts)
    if previous_toc and entries >= 0.6 * len(texts):
        return True
    ordinals = [m.group(0) for t in texts if (m := L1_HEADING.match(t))]
    return len(texts) >= 5 and entries >= 0.7 * len(texts) and len(ordinals) > len(set(ordinals))


class _Body:
    """The body text of a document: line height and left/right edges of full lines (medians)."""

    def __init__(self, pages: list[PageData]):
        full = [ln for p in pages for ln in p.lines if len(compact(ln.text)) >= 15]
        self.height = median(ln.bottom - ln.top for ln in full) if full else 0.0
        self.left = median(ln.x0 for ln in full) if full else 0.0
        self.right = median(ln.x1 for ln in full) if full else 0.0

    def centred(self, ln: Line) -> bool:
        width = self.right - self.left
        if width <= 0:
            return False
        return (ln.x0 - self.left > 0.1 * width and abs((ln.x0 + ln.x1) / 2 - (self.left + self.right) / 2) < 0.05 * width
                and ln.x1 - ln.x0 < 0.8 * width)


def _heading(ln: Line, body: _Body) -> bool:
    """Whether a printed line opens a part or section."""
    c = compact(ln.text)
    if not c or c.endswith(SENTENCE_END) or len(c) > 40:
        return False
    if PART_HEADING.match(c):
        return True
    if L1_HEADING.match(c):
        return "：" not in c.rstrip("：") and ":" not in c.rstrip(":") and "，" not in c
    if re.search(r"[，。；：:,;、]", c) or re.match(r"^[（(]?\d{1,2}[、.．)）]|^[（(][一二三四五六七八九十]", c) or len(c) > 30:
        return False
    if re.search(r"\d", re.sub(r"(?:19|20)\d{2}\s*年度?", "", c)):
        return False  # a number other than a year: a table row printed as text ("30107 绩效工资 8.18")
    large = body.height > 0 and ln.bottom - ln.top >= 1.25 * body.height
    return large or body.centred(ln)


def _unwrap(lines: list[Line], body: _Body) -> list[Line]:
    """A heading that runs to the right edge of the text and goes on in the next line is one line."""
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if (prev is not None and prev.page == ln.page and 0 < ln.top - prev.bottom < 2 * body.height
                and re.match(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])", compact(prev.text))
                and not compact(prev.text).endswith(SENTENCE_END) and prev.x1 >= body.right - 0.4 * body.height
                and ln.x1 < body.right - body.height and not ENTRY.match(compact(ln.text))):
            out[-1] = Line(prev.text.rstrip() + ln.text.strip(), prev.page, min(prev.x0, ln.x0), prev.top,
                           max(prev.x1, ln.x1), ln.bottom)
            continue
        out.append(ln)
    return out


def _table_row(ln: Line) -> bool:
    """A table row printed as loose text, without sentence punctuation: a code, its name and maybe its amount
    ("30231 公务用车运行维护费 266.80"), or two codes on one line."""
    c = compact(ln.text)
    if re.search(r"[，。；：]", c):
        return False
    return (len(re.findall(r"(?<![\d.])[23]\d{2}(?:\d{2}){1,2}(?![\d.])", c)) >= 2  # codes, not amounts (33422.70)
            or re.fullmatch(r"[23]\d{2}(?:\d{2}){0,2}[\u4e00-\u9fa5（）()、]{2,30}(?:-?[\d,]+\.\d{1,2})?", c) is not None)


def kind_of(title: str) -> str:
    """overview / explanation / glossary from a heading's words."""
    c = compact(title)
    if GLOSSARY.search(c):
        return "glossary"
    if OVERVIEW.search(c) and not re.search(r"收支|收入|支出|预算情况|决算情况|三公|说明$", c.replace("情况说明", "")):
        return "overview"
    return "explanation"


def narrative_parts(pages: list[PageData], used: set[int], table_pages: set[int]) -> list[Part]:
    """The narrative lines of a document as parts (kind, heading, lines), the contents pages left out."""
    body = _Body(pages)
    parts: list[Part] = []
    kind, title = "overview", ""
    current: list[LineRef] = []
    toc = False
    for page in pages:
        lines = [ln for ln in page.lines if id(ln) not in used and not FURNITURE.match(ln.text)
                 and not (page.number in table_pages
                          and any(g.bbox[1] - 2 <= ln.top <= g.bbox[3] for g in page.grids))]
        lines = [ln for ln in _unwrap(lines, body) if not _table_row(ln)]
        toc = _is_toc_page(lines, toc)
        for ln in lines:
            c = compact(ln.text)
            if toc and not c.endswith(SENTENCE_END):
                continue
            if _heading(ln, body) and (PART_HEADING.match(c) or not L1_HEADING.match(c) or kind == "glossary"
                                             or kind_of(c) != kind):
                new_kind = kind_of(c)
                if current:
                    parts.append((kind, title, current))
                kind, title, current = new_kind, c, []
                if L1_HEADING.match(c):  # the narrative parser takes 一、 headings as section titles
                    current.append((ln.text, Provenance(text=ln.text, page=page.number, bbox=ln.bbox)))
                continue
            current.append((ln.text, Provenance(text=ln.text, page=page.number, bbox=ln.bbox)))
    if current:
        parts.append((kind, title, current))
    return parts
