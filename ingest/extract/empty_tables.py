"""Where a document says why a table is empty.

财政部's disclosure rules ask that a table without data be published all the same, with a word on why. The word is
printed under the table (``注：本单位无政府性基金预算，本表无数据``: :attr:`Table.note`), or elsewhere in the
document: in the narrative (``本部门无当年政府性基金预算收支，并已公开空表``) or in a list of the tables with a
column 是否空表 and its 理由 (``表9 | 部门综合预算政府性基金收支表 | 是 | 不涉及``, Xi'an). This module finds the
second kind for each empty table and records it with its page (:attr:`Table.empty_reason`), so that validation
reports an empty table only where the document says nothing about it.

A sentence explains a table when it names the table (its printed number, or the kind of money it shows:
政府性基金, 国有资本经营, 三公, 上年结转 …) and says there is none (无 / 没有 / 未安排 … 预算 | 收支 | 支出,
不涉及, 空表, 无数据). An amount of 0 in the narrative ("国有资本经营预算拨款支出预算为0") states a figure; it does not
explain the empty table, which still wants its note. A list row explains it when it names its number or title and answers 是 / 空表.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import Document, Table
from .pdf_grid import compact
from .pdf_layout import PageData

KINDS = ("政府性基金", "国有资本经营", "三公", "上年结转", "结转结余", "政府采购", "政府购买服务", "项目支出",
         "专项转移支付", "机关运行经费", "对下转移支付", "国有资产")
NONE = re.compile(
    r"空表|无数据|不涉及|无此项|无相关|(?:无|没有|未安排|未使用|未发生|不安排)[^，。；,;]{0,16}(?:预算|收支|支出|收入|经费|资金|拨款)")
SENTENCE = re.compile(r"[^。；;！!\n]+")
CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _number(label: str) -> str | None:
    """The table's printed number as digits (表09 → 9, 公开表十 → 10, 表3-1 → 3-1), or None."""
    m = re.search(r"表\s*([0-9]+(?:\s*-\s*[0-9]+)?)|公开\s*([0-9]+)\s*表|表([一二三四五六七八九十]+)", label)
    if not m:
        return None
    if m.group(3):
        s = m.group(3)
        if len(s) == 1:
            return str(CN_NUM[s])
        tens = CN_NUM.get(s[0], 1) if s[0] != "十" else 1
        return str(tens * 10 + (CN_NUM[s[-1]] if s[-1] != "十" else 0))
    digits = re.sub(r"\s+", "", m.group(1) or m.group(2))
    return "-".join(str(int(p)) for p in digits.split("-"))


def _names_number(text: str, number: str) -> bool:
    """Whether the text names table ``number`` (表9, 表09, 公开表9, 公开09表, 表 9 …)."""
    pattern = number.replace("-", r"\s*-\s*0*")
    return bool(re.search(rf"(?:表\s*0*{pattern}(?![\d-])|公开\s*0*{pattern}\s*表)", text))


def _kind(title: str) -> str | None:
    return next((k for k in KINDS if k in title), None)


def _list_rows(pages: list[PageData]) -> list[tuple[str, int]]:
    """Each grid row of a list of tables that has a 是否空表 column, as text, with its page."""
    out: list[tuple[str, int]] = []
    for page in pages:
        for grid in page.grids:
            texts = [" | ".join(c.flat for c in sorted({id(c): c for c in (grid.at(r, k) for k in range(grid.ncols))
                                                          if c is not None}.values(), key=lambda c: c.c0))
                     for r in range(grid.nrows)]
            if any("空表" in compact(t) for t in texts[:3]):
                out.extend((t, page.number) for t in texts)
    return out


def _sentences(doc: Document | None, pages: list[PageData]) -> list[tuple[str, int]]:
    out = [(s.group(0), sec.source.page or 0) for sec in (doc.sections if doc else []) for s in SENTENCE.finditer(sec.text)]
    for page in pages:  # lines outside tables the sections may not hold (a remark between tables)
        text = "".join(ln.text.strip() for ln in page.lines)  # a sentence runs over the page's lines
        out.extend((s.group(0), page.number) for s in SENTENCE.finditer(text))
    # "政府性基金收入预算0万元。主要原因是本部门无此项收入": 此项 is the sentence before's subject
    return [(f"{out[i - 1][0]}。{text}" if i and re.search(r"此项|该项|此类", text) else text, page)
            for i, (text, page) in enumerate(out)]


def explain_empty_tables(doc: Document, pages: list[PageData],
                         companions: Callable[[], list[tuple[str, list[PageData]]]] | None = None) -> None:
    """Set :attr:`Table.empty_reason` of each empty table the document explains outside the table's note — or,
    for a file of tables published apart from its text, its companion narrative does (read only when needed)."""
    empty = [t for t in doc.tables if t.is_empty and not t.note]
    if not empty:
        return
    rows = _list_rows(pages)
    sentences = _sentences(doc, pages)
    for table in empty:
        table.empty_reason = _reason(table, rows, sentences)
    if companions is None or all(t.empty_reason for t in empty):
        return
    for other, other_pages in companions():
        rows = [(f"{text} [{other}]", page) for text, page in _list_rows(other_pages)]
        sentences = [(f"{text} [{other}]", page) for text, page in _sentences(None, other_pages)]
        for table in (t for t in empty if not t.empty_reason):
            table.empty_reason = _reason(table, rows, sentences)


def _reason(table: Table, rows: list[tuple[str, int]], sentences: list[tuple[str, int]]) -> str | None:
    number = _number(table.label) or _number(table.title)
    title = compact(table.title)
    for text, page in rows:
        flat = compact(text)
        if ((number and _names_number(flat, number)) or (len(title) >= 6 and title in flat)) and re.search(
                r"\|\s*是\s*(?:\||$)|空表|不涉及", text):
            return f"{text.strip()} (p. {page})"
    kind = _kind(table.title)
    for text, page in sentences:
        flat = compact(text)
        named = (number and _names_number(flat, number) and ("此表" in flat or "本表" in flat or "空表" in flat
                                                            or NONE.search(flat)))
        if named or (kind and kind in flat and NONE.search(flat)):
            return f"{text.strip()} (p. {page})"
    return None
