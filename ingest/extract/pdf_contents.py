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
TITLE = re.compile(r"(?:表\s*\d*|公开表\s*\d+|[一二三四五六七八九十]+、)?.{2,60}?表(?:（[^）]*）|\([^)]*\))?")


def listed_titles(pages: list[PageData]) -> list[str]:
    """Every distinct table title named in the loose text of the document, in order."""
    seen: dict[str, None] = {}
    for page in pages:
        for ln in page.lines:
            text = compact(LEADER.sub("", ln.text))
            if len(text) > 80 or not text.endswith(("表", "表）", "表)")) and "表（" not in text:
                continue
            m = TITLE.search(text)
            if m:
                seen.setdefault(m.group(0), None)
    return list(seen)
