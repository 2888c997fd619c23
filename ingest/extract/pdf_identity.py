"""Who published a PDF disclosure, for which year, phase and scope — as far as the document itself says.

Read in this order, the first that speaks wins: the tables' own header lines (编制单位：…, 部门：…), the cover and
the first pages ("中共西安市委宣传部 2021 年部门综合预算", "2018 年度江苏省高级人民法院预算公开"), then the narrative
("北京市人民政府办公厅主要职责…", "…政府采购预算总额…" — for 情况说明 printed without a cover). Nothing is guessed:
a field the document does not state stays ``None`` and is completed by :mod:`ingest.identity` from outside the file
(``--unit``/``--year``, a companion file of the same batch, the file name), or reported as missing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import PageLine, Phase, Provenance, Scope
from .pdf_grid import Piece
from .pdf_layout import Line, PageData
from .tables import compact

if TYPE_CHECKING:
    from .pdf_tables import Builder

UNIT_META = re.compile(
    r"(?:编制单位|单位名称|部门名称|部门（单位）|部门\(单位\)|预算单位|预算主管部门|部\s?门)\s*[:：]\s*"
    r"(?P<unit>[^\s:：]+?)(?:\s|单位\s*[:：]|金额单位|$)"
)
# the lines above a table that name its unit: UNIT_META's, "单位：X 单位：万元" (a 单位： line followed by the money unit:
# 34 苏州), "507-湖州市卫生健康委员会 万元" or "… 单位：万元" (the unit's code and name before the money unit: 67 湖州)
HEADER_LINE = re.compile(UNIT_META.pattern + r"|单位\s*[:：]\s*[^\s:：]{3,}\s+(?:金额)?单位\s*[:：]"
                         r"|^\s*\d{3,9}[-－_]\s*[\u4e00-\u9fa5（）()]{3,}\s+(?:(?:金额)?单位\s*[:：]\s*)?(?:万元|元)\s*$")
ORG = (r"(?:委员会|办公厅|办公室|管理局|服务中心|中心|人民法院|人民检察院|法院|检察院|大学|学院|学校|医院|研究院|研究所"
       r"|局|厅|委|办|院|部|所|站|馆|处|队|社|会|园|署|团|公司)(?:（[^）]{1,8}）)?")
COVER = [
    re.compile(r"(?P<year>20\d{2})\s*年度?(?P<unit>[^度\d、，。：:；][^、，。：:；\d]{1,30}?)"
               r"(?P<scope>部门|单位)(?:综合)?(?P<phase>预算|决算)"),
    re.compile(r"(?P<unit>[^、，。：:；\d]{2,30}?)(?:部门)?(?P<year>20\d{2})?\s*年度?\s*"
               r"(?P<scope>部门|单位)(?:综合)?(?P<phase>预算|决算)"),
    # "2018 年度江苏省高级人民法院预算公开": no 部门/单位 word, the name ends like an organisation
    re.compile(rf"(?P<year>20\d{{2}})\s*年度?(?P<unit>[^度\d、，。：:；][^、，。：:；\d]{{1,30}}?{ORG})"
               rf"(?P<scope>)(?P<phase>预算|决算)"),
    re.compile(rf"(?P<unit>[^、，。：:；\d]{{2,30}}?{ORG})(?P<year>20\d{{2}})\s*年度?\s*(?P<scope>)(?P<phase>预算|决算)"),
]
# "X主要职责", "X共有车辆", "X政府采购预算总额" … in a narrative without a cover
NARRATIVE_UNIT = re.compile(
    rf"(?:^|[。；：:，,、\s]|20\d{{2}}\s*年度?)(?P<unit>[\u4e00-\u9fa5（）]{{3,30}}?{ORG})"
    r"(?:（[部单][门位]）)?(?:主要职责|主要职能|的主要职责|职责|共有车辆|政府采购预算总额|机关运行经费|部门预算|单位预算)"
)
YEAR = re.compile(r"(20\d{2})\s*年度?")
GENERIC = re.compile(r"^(?:本|我|该|各|全|年|度|第|市级|区级|县级|省级|中央|本级|所属|下属|二级|上级|部门|单位)"
                     r"|部分|说明|目录|情况|公开|预算|决算|报表|附件")


@dataclass
class Found:
    """What a document states about itself; ``None`` where it says nothing. ``where`` says where each came from."""

    unit: str | None = None
    year: int | None = None
    phase: Phase | None = None
    scope: Scope | None = None
    where: dict[str, str] = field(default_factory=dict)

    def missing(self) -> list[str]:
        return [f for f in ("unit", "year") if getattr(self, f) is None]


def _clean(unit: str) -> str | None:
    unit = re.sub(r"^(?:20\d{2}\s*年度?)", "", compact(unit)).strip()
    if len(unit) < 3 or GENERIC.search(unit) or re.search(r"\d", unit):
        return None
    return unit


def read_identity(pages: list[PageData], meta_lines: list[list[str]], titles: list[str]) -> Found:
    """The identity a PDF states: ``meta_lines`` are each table's header lines, ``titles`` the table titles."""
    found = Found()
    meta_units: Counter[str] = Counter()
    for lines in meta_lines:
        for text in lines:
            if (m := UNIT_META.search(text)) and (u := _clean(m.group("unit"))):
                meta_units[u] += 1
    if meta_units:
        found.unit, found.where["unit"] = meta_units.most_common(1)[0][0], "table headers"
    front = [ln.text for p in pages[:3] for ln in p.lines]
    cover = compact("".join(ln.text for ln in pages[0].lines)) if pages else ""
    head = compact("".join(front))
    for where, text in (("cover", cover), ("first pages", head)):
        for rx in COVER:
            m = rx.search(text)
            if not m:
                continue
            if found.unit is None and (u := _clean(m.group("unit"))):
                found.unit, found.where["unit"] = u, where
            if found.year is None and m.group("year"):
                found.year, found.where["year"] = int(m.group("year")), where
            if found.scope is None and m.group("scope"):
                found.scope = Scope(m.group("scope"))
            if found.phase is None:
                found.phase = Phase(m.group("phase"))
    if found.unit is None:
        named = [u for text in front for m in UNIT_META.finditer(text) if (u := _clean(m.group("unit")))]
        if named:  # a name wrapped on one page ("部门：中国共产党江苏省委员会办" / "公厅") is whole on another
            found.unit = max((u for u in named if u.startswith(named[0])), key=len)
            found.where["unit"] = "first pages"
    if found.unit is None:
        said = Counter(u for p in pages for ln in _paragraphs(p) for m in NARRATIVE_UNIT.finditer(ln)
                       if (u := _clean(m.group("unit"))))
        if said:
            unit, n = said.most_common(1)[0]
            if n >= 2:  # named at least twice: one sentence about another body is not the publisher
                found.unit, found.where["unit"] = unit, "narrative"
    if found.year is None:
        years = [int(y) for y in YEAR.findall(cover + head)] + [int(y) for t in titles for y in YEAR.findall(t)]
        if not years:
            years = [int(y) for y in re.findall(r"(?<!\d)(20\d{2})(?!\d)", cover)]
        if years:
            found.year, found.where["year"] = Counter(years).most_common(1)[0][0], "first pages or table titles"
    words = head + "".join(compact(t) for t in titles)
    if found.phase is None and ("预算" in words or "决算" in words):
        found.phase = Phase("决算" if words.count("决算") > words.count("预算") else "预算")
    if found.scope is None:
        if m := re.search(r"(部门|单位)(?:综合)?(预算|决算)", words):
            found.scope = Scope(m.group(1))
        elif any(t.startswith("部门") for lines in meta_lines for t in lines):
            found.scope = Scope.DEPARTMENT
    return found


def _paragraphs(page: PageData) -> list[str]:
    """The page's lines joined (a name may wrap), as one string."""
    return [compact("".join(ln.text for ln in page.lines))]


# where the cover's title ends: the contents, a part's or a section's heading
_COVER_END = re.compile(r"目录|目錄|^第[一二三四五六七八九十]+部分|^[一二三四五六七八九十]+、|^[（(][一二三四五六七八九十]+[)）]")


def kept(kind: str, ln: Line, text: str | None = None, table: str | None = None) -> PageLine:
    """A line the reading keeps (:class:`PageLine`), with its page and box."""
    return PageLine(kind, Provenance(text=text if text is not None else ln.text.strip(), page=ln.page, table=table,
                                     bbox=ln.bbox))


def _cover_lines(page: PageData, used: set[int]) -> list[Line]:
    """The first page's lines above its contents or its first heading (a cover's), up to one a table took."""
    lines: list[Line] = []
    for ln in page.lines:
        if id(ln) in used or _COVER_END.search(compact(ln.text)):
            break
        lines.append(ln)
    return lines


def cover_line(pages: list[PageData], used: set[int]) -> list[PageLine]:
    """The cover's title ("2026年中共烟台市委宣传部部门" + "预算" on page 1, above the contents) as one line, where the
    first page prints one that names a budget or final account of a unit and a year; the reading keeps it (a cover
    is neither narrative nor a table) so that the document checks read the unit and year it names."""
    if not pages:
        return []
    lines = _cover_lines(pages[0], used)
    text = compact("".join(ln.text for ln in lines))
    if not lines or len(lines) > 6 or len(text) > 100 or not YEAR.search(text) or not any(rx.search(text) for rx in COVER):
        return []
    first = lines[0]
    box = Line(text, first.page, min(ln.x0 for ln in lines), first.top, max(ln.x1 for ln in lines), lines[-1].bottom)
    return [kept("cover", box, text)]


_NAMED = re.compile(r"^(?:部门名称|单位名称|编制单位|预算单位|部门（单位）|部门\(单位\))[:：](?P<name>[^:：\d]{2,40})$")


def cover_named(pages: list[PageData], used: set[int]) -> list[PageLine]:
    """The cover's line that names the unit by its key ("部门名称：西安市安全生产监督管理局" under "2019年部门综合预算公开
    报表", 52 p1), where the cover prints no title naming it (:func:`cover_line`): in a file of tables only, the cover is
    the one place besides the tables' unit rows where the department names itself."""
    if not pages or pages[0].grids:
        return []
    named = [(ln, c) for ln in _cover_lines(pages[0], used)
             if _NAMED.match(c := compact(ln.text)) and not re.search(r"万元|元$", c)]
    return [kept("cover", ln, c) for ln, c in named[:1]]


def continued_headers(pieces: list[Piece], pages: list[PageData], label: str) -> list[PageLine]:
    """The header lines that name the unit ("部门（单位）：烟台市交通运输局  单位：万元") printed again above each
    continuation page of the table ``label`` (its ``pieces`` after the first; the first page's are its header)."""
    out: list[PageLine] = []
    first = pieces[0].grid.page if pieces else 0
    for piece in pieces[1:]:
        grid = piece.grid
        page = pages[grid.page - 1] if 0 < grid.page <= len(pages) else None
        if grid.page == first or page is None or not page.grids or page.grids[0] is not grid:
            continue
        above = [ln for ln in page.lines if ln.bottom <= grid.bbox[1] + 2]
        out.extend(kept("table-header", ln, table=label) for ln in above if HEADER_LINE.search(ln.text))
        box = Line("", grid.page, *grid.bbox)
        out.extend(kept("table-header", box, text.strip(), label) for text in piece.meta_text if HEADER_LINE.search(text))
    return out


_CONTENTS = re.compile(r"^(?:目录|目錄)$")
_LEADER = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|-{4,}|—{3,})\d*$|(?<=[表明况])\d{1,3}$")  # dotted leader, page number
_ENTRY = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[、.．])")


def contents_lines(pages: list[PageData], used: set[int]) -> list[PageLine]:
    """The numbered entries of the table of contents (a page of the first five that prints 目录), without their
    dotted leaders and page numbers ("五、2021年部门预算收支说明", "第三部分上海市普陀区财政局2024年度部门决算情况说明"):
    the contents page is neither narrative nor a table, and an entry's unit and year are held against the
    document's and the heading it lists."""
    out: list[PageLine] = []
    for page in pages[:5]:
        start = next((k for k, ln in enumerate(page.lines) if _CONTENTS.match(compact(ln.text))), None)
        if start is None:
            continue
        out.extend(kept("contents", ln, _LEADER.sub("", compact(ln.text))) for ln in page.lines[start + 1:]
                   if id(ln) not in used and _ENTRY.match(compact(ln.text)))
    return out


_PART = re.compile(r"^第[一二三四五六七八九十]+部分")


def part_headings(pages: list[PageData], used: set[int], narrative: str) -> list[PageLine]:
    """The headings of the parts ("第三部分上海市普陀区财政局2024年度部门决算情况" + "说明", 05 p21) the narrative does
    not keep (``narrative``: its sections' titles and text): the part's title names the unit and the year like any
    title. A heading wrapped over two lines is joined; the contents page's entries are not headings."""
    out: list[PageLine] = []
    flat = compact(narrative)
    for page in pages:
        if any(_CONTENTS.match(compact(ln.text)) for ln in page.lines):
            continue
        for k, ln in enumerate(page.lines):
            c = _LEADER.sub("", compact(ln.text))
            if id(ln) in used or not _PART.match(c) or len(c) > 40:
                continue
            nxt = page.lines[k + 1] if k + 1 < len(page.lines) else None
            if nxt is not None and len(compact(nxt.text)) <= 6 and not _ENTRY.match(compact(nxt.text)) and \
                    nxt.top - ln.bottom < ln.bottom - ln.top and id(nxt) not in used:
                c += compact(nxt.text)
            if c not in flat and c[:12] not in flat:
                out.append(kept("heading", ln, c))
    return out


def inner_covers(pages: list[PageData], used: set[int], narrative: str) -> list[PageLine]:
    """The lines of a cover inside the document (68 湖州市财政局 p16: "部门预算" / "湖州市财政局" alone on a page before
    the tables): a page after the first without a table, of four short lines at most, one naming a budget or final
    account, none of them narrative. Each line is kept (the unit's name stands alone on its line)."""
    out: list[PageLine] = []
    flat = compact(narrative)
    for page in pages[1:]:
        texts = [compact(ln.text) for ln in page.lines]
        if page.grids or not 0 < len(texts) <= 4 or any(len(t) > 30 for t in texts) or \
                not any(re.search(r"预算|决算", t) for t in texts) or any(id(ln) in used for ln in page.lines):
            continue
        if "".join(texts) not in flat:  # the page's lines are not the narrative's
            out.extend(kept("cover", ln, t) for ln, t in zip(page.lines, texts, strict=True))
    return out


def dropped_titles(builders: list[Builder], pages: list[PageData], used: set[int], narrative: str) -> list[PageLine]:
    """The titles the reading reads neither as a table's nor as a section's: a caption above an untitled table
    (:func:`table_captions`), a part's heading (:func:`part_headings`), a cover inside the document
    (:func:`inner_covers`)."""
    return (table_captions(builders, pages, narrative) + part_headings(pages, used, narrative)
            + inner_covers(pages, used, narrative))


def table_captions(builders: list[Builder], pages: list[PageData], narrative: str) -> list[PageLine]:
    """The line printed right above a table the reader found no title for ("西安市发展和改革委员会内设机构信息" above
    the grid of 51 西安市发改委 p5), where it is neither narrative (``narrative``: the sections' text) nor the
    contents: the table's caption, kept as a title of the document."""
    out: list[PageLine] = []
    flat = compact(narrative)
    for b in builders:
        grid = b.first.grid
        if b.title is not None or b.label is not None or not 0 < grid.page <= len(pages):
            continue
        above = [ln for ln in pages[grid.page - 1].lines if grid.bbox[1] - 45 <= ln.bottom <= grid.bbox[1] + 2]
        c = compact(above[-1].text) if above else ""
        if 4 <= len(c) <= 40 and c not in flat and not re.search(r"目录|目錄|[，。；;,]", c):
            out.append(kept("caption", above[-1], c))
    return out


_SIGNER = re.compile(rf"^[\u4e00-\u9fa5（）]{{3,30}}{ORG}$")
_DATE = re.compile(r"^(?:19|20)\d{2}年\d{1,2}月\d{1,2}日$")


def signatures(pages: list[PageData]) -> list[PageLine]:
    """The signature at the end of the narrative: a line that is a unit's name alone, the next a date alone
    ("西安市发展和改革委员会" / "2019年3月14日", 51 p28). The narrative runs it into its last sentence; kept as a line
    of its own, it is a place where the unit names itself."""
    out: list[PageLine] = []
    for page in pages:
        for ln, nxt in zip(page.lines, page.lines[1:], strict=False):
            if _SIGNER.match(compact(ln.text)) and _DATE.match(compact(nxt.text)):
                out.append(kept("signature", ln, compact(ln.text)))
    return out


def kept_lines(heads: list[Line], pages: list[PageData], used: set[int]) -> list[PageLine]:
    """The lines of the document (not of one table) the reading keeps: the running ``heads`` taken off the pages
    (:func:`ingest.extract.pdf_furniture.strip_furniture`), the cover's title (else its 部门名称 line), the contents
    entries (``used``: the ids of the lines the tables took) and the signature."""
    return ([kept("running-head", ln) for ln in heads] + (cover_line(pages, used) or cover_named(pages, used))
            + contents_lines(pages, used) + signatures(pages))
