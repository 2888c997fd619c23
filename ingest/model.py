"""Typed records of one budget disclosure, independent of PDF, text or RDF.

Every amount is a :class:`decimal.Decimal` in the *published* scale (元 or 万元, see
:attr:`Table.scale`), and every amount carries a :class:`Provenance` that points back to the
cell it was read from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Phase(StrEnum):
    """Budget phase of a disclosure."""

    BUDGET = "预算"
    FINAL = "决算"


class Scope(StrEnum):
    """Whether the disclosure covers one unit (单位) or a department with its units (部门)."""

    UNIT = "单位"
    DEPARTMENT = "部门"


class TableRole(StrEnum):
    """What a disclosed table is, recognised from its title (numbers differ by province)."""

    SUMMARY = "income-expenditure-summary"  # 收支总表
    INCOME = "income"  # 收入总表
    EXPENDITURE = "expenditure"  # 支出总表
    FISCAL_SUMMARY = "fiscal-summary"  # 财政拨款收支总表
    FISCAL_ECONOMIC = "fiscal-economic"  # 财政拨款支出表（部门经济分类）
    GENERAL_FUNCTION = "general-function"  # 一般公共预算支出表（功能分类）
    GENERAL_BASIC = "general-basic"  # 一般公共预算基本支出表（经济分类）
    GENERAL_PROJECT = "general-project"  # 一般公共预算项目支出表
    THREE_PUBLIC = "three-public"  # 一般公共预算“三公”经费
    FUND = "government-fund"  # 政府性基金
    FUND_THREE_PUBLIC = "government-fund-three-public"  # 政府性基金“三公”
    STATE_CAPITAL = "state-capital"  # 国有资本经营
    PROJECT = "project"  # 项目支出表 (all funds)
    PERFORMANCE = "performance"  # 项目支出绩效目标表
    OTHER = "other"  # recognised as a table, role unknown


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a value was read: file, page, source line, table, row, column, box and verbatim text."""

    text: str
    line: int | None = None  # 1-based line in a text source
    page: int | None = None  # 1-based PDF page
    table: str | None = None  # table label, e.g. "公开表1-2"
    row: int | None = None  # 0-based data-row index within the table
    column: int | None = None  # 0-based amount-column index within the table
    bbox: tuple[float, float, float, float] | None = None  # PDF points (x0, top, x1, bottom)


class Measure(StrEnum):
    """What the numbers of a column are. Only ``AMOUNT`` columns become observations."""

    AMOUNT = "amount"  # money, in the table's scale
    CHANGE = "change"  # 增减额: a difference between two amounts (may be negative)
    CHANGE_PERCENT = "change-percent"  # 增减(%) / 增长率
    SHARE_PERCENT = "share-percent"  # 占比 / 比重 / 完成率 (%)
    LINE_NUMBER = "line-number"  # 行次 / 栏次: kept as provenance, never data
    COUNT = "count"  # 人数, 车辆数, 数量 …
    SCORE = "score"  # 分值 / 得分 / 权重 of a performance evaluation: points, not money
    TEXT = "text"


@dataclass(slots=True)
class Column:
    """One numeric column. ``path`` is the header from the outermost group to the leaf.

    ``year`` and ``phase`` say which figure the column states: ``None`` means the document's own year and
    phase; a prior-year column (2025年执行数) carries 2025 and ``"执行数"``. ``additive`` is False for a
    其中 column (a subset printed beside its parts, not one of them).
    """

    index: int
    path: tuple[str, ...]
    side: str | None = None  # "income" / "expenditure" in two-sided summary tables
    parent: int | None = None  # index of the column this one is a part of (合计 ⊇ 基本 + 项目)
    year: int | None = None
    phase: str | None = None  # 预算 / 年初预算 / 调整预算 / 执行数 / 决算数 …, None = the document's own
    measure: Measure = Measure.AMOUNT
    additive: bool = True

    @property
    def label(self) -> str:
        return "/".join(self.path)

    @property
    def leaf(self) -> str:
        return self.path[-1]


@dataclass(slots=True)
class Cell:
    """An amount in a table: value in the published scale plus where it came from."""

    column: int
    value: Decimal
    source: Provenance


@dataclass(slots=True)
class Row:
    """A data row: its label, codes as printed, kind and amounts by column index."""

    index: int
    label: str
    kind: str = "item"  # total | class | section | item
    side: str | None = None
    code: str | None = None  # normalised code without spaces, e.g. "2010350" or "30102"
    code_text: str | None = None  # codes exactly as printed, e.g. "201 03 50"
    code_system: str | None = None  # "function" | "economic"
    unit_code: str | None = None
    level: int | None = None  # 1 类, 2 款, 3 项 (economic: 1 类, 2 款, 3 local sub-item)
    parent: int | None = None  # index of the row this one rolls up into
    subset_of: int | None = None  # a 其中 row: part of this row's amount, not one of its parts
    organisation: str | None = None  # the 单位 a row belongs to in a department's table of several units
    line_number: str | None = None  # 行次 as printed: provenance of the row, never data
    cells: list[Cell] = field(default_factory=list)
    source: Provenance | None = None

    def value(self, column: int) -> Decimal | None:
        for cell in self.cells:
            if cell.column == column:
                return cell.value
        return None


@dataclass(slots=True)
class Table:
    """A disclosed table with typed rows and columns."""

    label: str  # printed number such as "公开表1-2", "表3", or the title when unnumbered
    title: str
    role: TableRole
    scale: Decimal  # 1 for 元, 10000 for 万元 — read from the table header
    scale_label: str  # "元" / "万元" as printed
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    note: str | None = None  # e.g. "注：本单位2025年无政府性基金预算，本表无数据。"
    source: Provenance | None = None
    pages: tuple[int, ...] = ()
    unverified: str | None = None  # why the reading is not corroborated by the table's own arithmetic
    empty_reason: str | None = None  # where the document (not the table's note) says why the table is empty
    header: tuple[str, ...] = ()  # the lines above the table that name its unit ("编制单位：上海市普陀区司法局")

    @property
    def is_empty(self) -> bool:
        return not any(r.cells for r in self.rows)

    def total_row(self, side: str | None = None) -> Row | None:
        for row in self.rows:
            if row.kind == "total" and (side is None or row.side == side):
                return row
        return None


@dataclass(slots=True)
class Indicator:
    """One 三级 performance indicator row of a project's 绩效目标."""

    index: int
    level1: str  # 一级指标, e.g. 产出指标
    level2: str  # 二级指标, e.g. 数量指标
    name: str  # 三级指标
    comparator: str  # ≥ ≤ ＝ > < or 定性
    target_text: str  # verbatim 指标值
    target: Decimal | None  # numeric target (None for 定性)
    unit: str | None  # 度量单位 as printed
    grade: str | None  # 定性 grade (高/中/低 …)
    weight: Decimal | None
    direction: str | None  # 正向指标 / 反向指标
    source: Provenance


@dataclass(slots=True)
class PerformanceGoal:
    """A project's performance goal (one block of the 绩效目标表)."""

    index: int
    sequence: str | None  # 序号 as printed (may be missing)
    unit_name: str | None
    project_name: str
    amount: Cell | None
    goal_text: str
    indicators: list[Indicator] = field(default_factory=list)
    source: Provenance | None = None
    kind: str = "project"  # project | department (部门整体支出绩效目标)
    evaluation: bool = False  # a self-evaluation (绩效自评表): weights are the 分值 of a 100-point evaluation
    indicator_points: Decimal | None = None  # points the sheet states for its indicators (分值权重（90分）)
    execution_points: Decimal | None = None  # points printed for 预算执行率 outside the indicator rows
    total_points: Decimal | None = None  # a printed 总分 of the weight column


@dataclass(slots=True)
class Claim:
    """A number stated in the narrative, with the words before it that say what it is."""

    index: int
    section: str
    sentence: str
    subject: str  # the phrase the number is about, e.g. "基本支出"
    value: Decimal
    unit: str | None  # 万元 / 元 / % / 个 … ; None when the text gives no unit
    text: str  # the number exactly as printed, e.g. "21,749.66"
    source: Provenance


@dataclass(slots=True)
class Section:
    """A narrative section (概况, 情况说明, 名词解释 …) as continuous text."""

    index: int
    kind: str  # overview | explanation | glossary | other
    title: str
    text: str
    source: Provenance


@dataclass(slots=True)
class Term:
    """A 名词解释 entry."""

    term: str
    definition: str
    source: Provenance


@dataclass(frozen=True, slots=True)
class PageLine:
    """A printed line the reading keeps out of the narrative and the tables, where the document names its unit or
    year again: a running head or foot, the cover's title, a contents entry that states a year, a table's header
    line printed again on a continuation page (``source.table`` names the table), the caption of an untitled table,
    the signature (落款), a part's heading the narrative does not keep."""

    # running-head | cover | contents | table-header | caption (of a table without a title) | signature | heading (of a part)
    kind: str
    source: Provenance


@dataclass(slots=True)
class Document:
    """One disclosure: identity, tables, performance goals and narrative."""

    source_name: str  # file name as given
    sha256: str
    media_type: str  # text/plain, application/pdf
    unit_name: str
    year: int
    phase: Phase
    scope: Scope
    unit_code: str | None = None
    region: str | None = None  # GB/T 2260 code prefix when known (e.g. "51" for 四川)
    title: str | None = None
    tables: list[Table] = field(default_factory=list)
    goals: list[PerformanceGoal] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    listed_tables: list[str] = field(default_factory=list)  # table titles the document names (contents, text)
    notices: list[str] = field(default_factory=list)  # non-fatal remarks (e.g. "no tables found")
    pages: int | None = None
    page_lines: list[PageLine] = field(default_factory=list)  # lines kept out of the narrative and the tables

    def table(self, role: TableRole) -> Table | None:
        for table in self.tables:
            if table.role == role:
                return table
        return None
