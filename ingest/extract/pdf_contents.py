"""Table titles a document lists anywhere in its text — its table of contents, a 报表目录, a sentence
naming a table — whether or not a table with that title was read from its pages.

Used to abstain: a required table that the reader did not find but the document names is not reported
missing (the reader may have missed it); only a table the document never names can be said to be absent.
"""

from __future__ import annotations

import re

from .pdf_layout import PageData
from .tables import compact

LEADER = re.compile(r"[.．·…。\-—_\s]{3,}\d*\s*$|\s+\d{1,3}\s*$")
NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]|表\s*\d+|公开表\s*\d+|附表\s*\d*)")
TITLE = re.compile(r"(?:表\s*\d*|公开表\s*\d+|[一二三四五六七八九十]+、)?.{2,60}?表(?:（[^）]*）|\([^)]*\))?")


def listed_titles(pages: list[PageData]) -> list[str]:
    """Every distinct table title named in the loose text of the document, in order."""
    seen: dict[str, None] = {}
    lines = _joined(pages)
    for i, (text, page) in enumerate(lines):
        if len(text) > 80 or not text.endswith(("表", "表）", "表)")) and "表（" not in text:
            continue
        if i + 1 < len(lines) and lines[i + 1][1] == page and _heads(text, lines[i + 1][0]):
            continue
        m = TITLE.search(text)
        if m:
            seen.setdefault(m.group(0), None)
    return list(seen)


def _heads(text: str, following: str) -> bool:
    """Whether a numbered line is the heading over a table whose own title follows it ("七、国有资本经营预算拨款支出预算表"
    over "2026年度国有资本经营预算拨款支出预算表", 46 福州 p13): the title names the table; the heading repeats the
    contents' entry and is not one more entry (a contents line left out would otherwise be found on the table's page)."""
    m = NUMBERED.match(text)
    if not m or NUMBERED.match(following):
        return False
    def key(x: str) -> str:
        return re.sub(r"(?:19|20)\d{2}年度?|[、.．:：\s]", "", x)
    return bool(key(text[m.end():])) and key(text[m.end():]) == key(following)


def _joined(pages: list[PageData]) -> list[tuple[str, int]]:
    """The loose lines (text, page), compacted, leaders and page numbers cut; a numbered entry printed over two lines
    ("九、财政拨款“三公”经费及会议费、培训费支出决" + "算表", 57 西安卫健委 p3), or over a page's foot and the next
    page's head ("十一、一般公共预算“三公”经费、会议费、培训费支" + "出预算表", 69 江苏省人大 p1–p2), is one line."""
    lines = [(ln, i == len(page.lines) - 1, i == 0) for page in pages for i, ln in enumerate(page.lines)]
    texts = [compact(LEADER.sub("", ln.text)) for ln, _, _ in lines]
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(texts):
        text = texts[i]
        m = NUMBERED.match(text)
        if (i + 1 < len(texts) and m and len(text) - m.end() >= 4 and not _ends_title(text) and len(text) <= 60
                and not re.search(r"[。，,；;：:]", text)):
            (cur, last, _), (nxt, _, first), rest = lines[i], lines[i + 1], texts[i + 1]
            height = max(cur.bottom - cur.top, 1.0)
            below = nxt.page == cur.page and 0 <= nxt.top - cur.bottom <= 1.5 * height
            over = nxt.page == cur.page + 1 and last and first
            if (len(rest) <= 8 and _ends_title(rest) and not NUMBERED.match(rest) and not re.search(r"\d", rest)
                    and not rest.startswith("第") and not text.endswith(("）", ")"))
                    and (below or over)):
                out.append((text + rest, cur.page))
                i += 2
                continue
        out.append((text, lines[i][0].page))
        i += 1
    return out


def _ends_title(text: str) -> bool:
    return text.endswith(("表", "表）", "表)"))
