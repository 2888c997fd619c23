"""What a table column states, read from its header: the year, the phase, the measure and additivity.

Both readers (PDF and plain text) type their columns here, so the two agree. A column's header path
(outermost group → leaf) says:

- the **year**: ``2025年预算数`` → 2025; ``上年预算数`` / ``上年执行数`` → the document's year − 1; ``本年`` / ``当年``
  → the document's year. A year followed by 结转/结余 (``2025年结转资金``) names where money comes from, not
  which year's figure the column is, and ``上年结转`` is a fund source of the current year;
- the **phase**: 预算数 / 年初预算 / 调整预算 (调整后预算) / 全年预算 / 执行数 / 预计执行 / 决算数. In a 决算
  document the 年初预算数 and 全年预算数 columns are budget figures of the same year, and 决算数 (or the
  year's 执行数) is the document's own figure;
- the **measure**: an amount, a change amount (增减额), a change in percent (增减%, 增长率), a share in percent
  (占比, 比重, 完成率), a line number (行次, 栏次), a count (人数, 辆, 数量), a score (分值, 得分, 权重) or text
  (指标值);
- **additivity**: a 其中 column is a subset printed beside its column, checked as ≤ it, unless the table's total
  row shows its 其中 list to be a full breakdown (:func:`settle_subsets`).

``year`` and ``phase`` are ``None`` when the column states the document's own year and phase. A row whose label
is itself a period or a comparison (2025年 | 2026年 | 增减变化金额) says what its cells are (:func:`cell_meaning`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..model import Column, Document, Measure, Row, Table
from ..tolerance import sum_tolerance
from .tables import compact

LINE_NUMBER = re.compile(r"^(?:行次|栏次|行号|栏号)$")
PERCENT = re.compile(r"[%％]|百分比|比率|增长率|增减率|变动率|增幅|降幅|幅度|占比|比重|完成率|执行率|[^效]率$")
CHANGE = re.compile(r"增减|增长|增加|减少|变动|变化|(?<!收支)差额|同比|比上年|较上年|与上年相比")
COUNT = re.compile(r"人数|编制数|车辆数|^数量$|[（(](?:人|辆|个|台|套|次|项|家|名)[)）]|^(?:人|辆|台|套)$")
SCORE = re.compile(r"^(?:分值|得分|权重|指标权重|评分)(?:[（(].*[)）])?$")
TEXT = re.compile(r"^(?:指标值|年度指标值|实际完成值|目标值|备注|说明)$|完成情况$|主要内容$")
ABSOLUTE_YEAR = re.compile(r"(20\d{2})\s*年度?(?!结转|结余|末|年初结转|年末结转)")
RELATIVE_YEAR = re.compile(r"(上年|上一年|去年|前一年|本年|当年|今年)(?=度?(?:预算|年初预算|调整|全年|执行|预计|决算|数|同期))")
BARE_RELATIVE_YEAR = re.compile(r"(上年|上一年|去年|前一年|本年|当年|今年)度?")  # a group header: 上年 | 当年 | 增减
PHASES = [  # (pattern, phase), most specific first
    (re.compile(r"年初预算"), "年初预算"),
    (re.compile(r"全年预算"), "全年预算"),
    (re.compile(r"调整后?预算|预算调整"), "调整预算"),
    (re.compile(r"预计执行|预计完成"), "预计执行"),
    (re.compile(r"执行数|执行$|实际执行|完成数"), "执行数"),
    (re.compile(r"决算"), "决算"),
    (re.compile(r"预算数|^(?:20\d{2}年度?|上年|上一年|本年|当年)?预算$"), "预算"),
]
PERCENTS = (Measure.CHANGE_PERCENT, Measure.SHARE_PERCENT)
NET_OF = re.compile(r"^(?:扣除|不含|剔除).{1,16}后")
GROUP_TOTAL = re.compile(r"金额|小计|合计|总计|.{0,8}总数")
NOTE_FULL_YEAR = re.compile(r"预算数为.{0,12}全年预算数")
# phases that are the document's own when the column is of the document's year
OWN_PHASES = {"预算": {"预算", "年初预算"}, "决算": {"决算", "执行数"}}
# column phase → OpenBudgets.eu budget phase (None: no OBEU equivalent, e.g. an estimate)
OBEU_PHASE = {"预算": "approved", "年初预算": "approved", "调整预算": "revised", "全年预算": "revised",
              "执行数": "executed", "决算": "executed", "预计执行": None}


@dataclass(frozen=True, slots=True)
class Meaning:
    """What a column states. ``year``/``phase`` None = the document's own."""

    measure: Measure = Measure.AMOUNT
    year: int | None = None
    phase: str | None = None
    additive: bool = True


def measure_of(path: tuple[str, ...]) -> Measure:
    """The measure a header path names (the leaf decides between a group's 金额 and % columns)."""
    segs = [compact(p) for p in path if compact(p)]
    if not segs:
        return Measure.AMOUNT
    if any(LINE_NUMBER.match(s) for s in segs):
        return Measure.LINE_NUMBER
    leaf, text = segs[-1], "".join(segs)
    money_leaf = bool(re.search(r"金额|数额|万元|^元$|[（(]元[)）]", leaf))
    if PERCENT.search(leaf) or (PERCENT.search(text) and not money_leaf):
        return Measure.CHANGE_PERCENT if CHANGE.search(text) else Measure.SHARE_PERCENT
    if CHANGE.search(text):
        return Measure.CHANGE
    if COUNT.search(leaf):
        return Measure.COUNT
    if SCORE.match(leaf):
        return Measure.SCORE
    if TEXT.search(leaf):
        return Measure.TEXT
    return Measure.AMOUNT


def is_subset(path: tuple[str, ...]) -> bool:
    """Whether the column is a 其中 column (a subset of its parent, not one of its parts), or a total with
    something taken out (项目支出总数 | 扣除基建项目后预算数)."""
    return any(compact(p).startswith("其中") or NET_OF.match(compact(p)) for p in path)


def _year(segs: list[str], doc_year: int | None) -> int | None:
    for seg in reversed(segs):  # the innermost statement wins
        m = ABSOLUTE_YEAR.search(seg)
        if m:
            return int(m.group(1))
        m = RELATIVE_YEAR.search(seg) or BARE_RELATIVE_YEAR.fullmatch(seg)
        if m and doc_year is not None:
            return doc_year - 1 if m.group(1) in ("上年", "上一年", "去年", "前一年") else doc_year
    return None


def _phase(segs: list[str]) -> str | None:
    for seg in reversed(segs):
        for rx, phase in PHASES:
            if rx.search(seg):
                return phase
    return None


def meaning(path: tuple[str, ...], doc_year: int | None = None, doc_phase: str | None = None) -> Meaning:
    """The meaning of a column from its header path and the document's year and phase (预算 / 决算)."""
    segs = [compact(p) for p in path if compact(p)]
    measure = measure_of(path)
    additive = not is_subset(path)
    if measure in (Measure.LINE_NUMBER, Measure.COUNT, Measure.SCORE, Measure.TEXT):
        return Meaning(measure, None, None, additive)
    year = _year(segs, doc_year)
    phase = _phase(segs)
    if year is not None and year == doc_year:
        year = None
    if measure in (Measure.CHANGE, Measure.CHANGE_PERCENT):
        return Meaning(measure, None, None, additive)  # a comparison states no single year's figure
    if year is None and phase is not None and doc_phase is not None and phase in OWN_PHASES.get(doc_phase, ()):
        phase = None
    if year is not None and phase is None and doc_phase is not None:
        phase = doc_phase  # a bare year heading: the same kind of figure as the document's, of that year
    return Meaning(measure, year, phase, additive)


def apply(column: Column, doc_year: int | None, doc_phase: str | None) -> None:
    """Set a column's year, phase, measure and additivity from its header path.

    A column whose values are printed as percentages (the reader set a percent measure) stays a percent
    column even when its header does not say so.
    """
    m = meaning(column.path, doc_year, doc_phase)
    measure = m.measure
    if column.measure in PERCENTS and measure in (Measure.AMOUNT, Measure.CHANGE):
        measure = Measure.CHANGE_PERCENT if measure is Measure.CHANGE else column.measure
    column.measure, column.additive = measure, m.additive
    column.year, column.phase = (m.year, m.phase) if measure is Measure.AMOUNT else (None, None)


def link(columns: list[Column]) -> None:
    """Keep a column's parent only between amounts of the same year and phase (and side)."""
    by_index = {c.index: c for c in columns}
    for c in columns:
        up = by_index.get(c.parent) if c.parent is not None else None
        if up is None:
            continue
        if (c.measure is not Measure.AMOUNT or up.measure is not Measure.AMOUNT
                or (c.year, c.phase) != (up.year, up.phase) or c.side != up.side):
            c.parent = None


def type_columns(doc: Document) -> None:
    """Type every column of every table of a document (once its year and phase are known).

    A table's note may say what its 预算数 is: the central 决算 template notes "预算数为…全年预算数" (the budget
    as adjusted during the year), so those columns state the 全年预算.
    """
    for table in doc.tables:
        full_year = bool(table.note and NOTE_FULL_YEAR.search(compact(table.note)))
        for column in table.columns:
            apply(column, doc.year, doc.phase.value)
            if full_year and column.phase == "预算":
                column.phase = "全年预算"
        regroup_subsets(table.columns)
        link(table.columns)
        settle_subsets(table)


def regroup_subsets(columns: list[Column]) -> None:
    """A 其中 column printed under the same group header as that group's own total (事业收入: 金额 | 其中：教育收费)
    is a subset of that total, not of the table's."""
    for c in columns:
        if c.additive or len(c.path) < 2:
            continue
        own = next((o for o in columns if o.index < c.index and o.path[:-1] == c.path[:-1] and o.additive
                    and GROUP_TOTAL.fullmatch(compact(o.path[-1])) and o.side == c.side
                    and o.measure is Measure.AMOUNT), None)
        if own is not None:
            c.parent = own.index


def settle_subsets(table: Table) -> None:
    """Decide whether a 其中 list is a breakdown of its column or only subsets of it.

    "小计 | 其中：基本支出 | 项目支出" lists the parts (基本 + 项目 = 小计), "小计 | 其中：中小企业 | 其中：小微企业"
    nested subsets, "事业收入 | 其中：教育收费" one subset, "公务用车购置及运行费 | 其中：购置 | 其中：运行" the parts of
    the column printed just before the list. The list starts at the first 其中 column under a parent and takes the
    columns after it that are 其中 too or printed under the same group header. It is a breakdown when the table's
    total row prints every column of it, none zero, adding up (with the parts printed before it) to the parent —
    or, without them, to the column just before the list — within the rounding tolerance; then every row is checked
    as a sum. Otherwise its columns are subsets, each checked as ≤ the parent.
    """
    total = next((r for r in table.rows if r.kind == "total"), None)
    kids: dict[int, list[Column]] = {}
    for c in table.columns:
        if c.parent is not None:
            kids.setdefault(c.parent, []).append(c)
    for parent, children in kids.items():
        first = next((k for k, c in enumerate(children) if not c.additive), None)
        if first is None:
            continue
        head = children[first]
        listed = [head]
        for c in children[first + 1:]:
            if c.additive and (len(head.path) < 2 or c.path[:-1] != head.path[:-1]):
                break
            listed.append(c)
        if first > 0 and total is not None and _adds_up(total, listed, children[first - 1].index):
            for c in listed:  # "公务用车购置及运行费 | 其中：购置 | 其中：运行": the breakdown of the column before it
                c.parent, c.additive = children[first - 1].index, True
            continue
        members = children[:first] + listed
        breakdown = total is not None and _adds_up(total, members, parent, nonzero=members[first:])
        for c in listed:
            c.additive = breakdown


def _adds_up(total: Row, parts: list[Column], whole: int, nonzero: list[Column] | None = None) -> bool:
    """Whether the total row prints every part (non-zero) and they add up to the whole (within rounding)."""
    values = [total.value(c.index) for c in parts]
    printed = total.value(whole)
    if len(parts) < 2 or printed is None or not all(total.value(c.index) for c in (nonzero or parts)):
        return False
    return abs(sum((v or Decimal(0) for v in values), Decimal(0)) - printed) <= sum_tolerance(len(parts) + 1)


ROW_PERIOD = re.compile(r"(?:20\d{2}\s*年度?|上年|上一年|本年|当年)(?:预算数?|年初预算数?|调整预算数?|全年预算数?|执行数|决算数?)?")
ROW_MEASURE = re.compile(r"(?:比上年)?(?:增减|增减变化|增减变动|增减额|增减变化金额|增减金额|差额)|"
                         r"(?:增长率|增减率|增减幅度|增幅)(?:[（(]?[%％][）)]?)?")


def row_meaning(label: str, doc_year: int | None, doc_phase: str | None) -> Meaning | None:
    """What the numbers of a row state when its label is a period or a comparison, not a subject.

    Some tables print the years as rows ("2025年" | "2026年" | "增减变化金额" under each unit, Shenzhen's 三公 table):
    the row then says what its cells are, like a column header. Other rows (subjects, units, 合计) return None.
    """
    text = compact(label)
    if not (ROW_PERIOD.fullmatch(text) or ROW_MEASURE.fullmatch(text)):
        return None
    return meaning((text,), doc_year, doc_phase)


def cell_meaning(column: Column, row_label: str, doc_year: int | None, doc_phase: str | None) -> Meaning:
    """The meaning of one cell: its row's when the row is a period or comparison, else its column's."""
    own = Meaning(column.measure, column.year, column.phase, column.additive)
    by_row = row_meaning(row_label, doc_year, doc_phase)
    if by_row is None or column.measure is not Measure.AMOUNT:
        return own
    if by_row.measure is not Measure.AMOUNT:
        return Meaning(by_row.measure, None, None, column.additive)
    return Meaning(Measure.AMOUNT, by_row.year if by_row.year is not None else column.year,
                   by_row.phase if by_row.phase is not None else column.phase, column.additive)


def is_own(column: Column) -> bool:
    """Whether a column states the document's own year and phase as an amount."""
    return column.measure is Measure.AMOUNT and column.year is None and column.phase is None


_NUMBER = re.compile(r"^[-−+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def parse_value(text: str, measure: Measure) -> Decimal | None:
    """A printed number of a column of the given measure: ``12.5%`` → 12.5 in a percent column."""
    t = compact(text).replace("−", "-").replace("％", "%")
    if measure in (Measure.CHANGE_PERCENT, Measure.SHARE_PERCENT):
        t = t.removesuffix("%")
    t = t.removeprefix("+")
    if not _NUMBER.match(t):
        return None
    return Decimal(t.replace(",", ""))
