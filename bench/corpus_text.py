"""Render an :class:`ingest.model.Document` in the plain-text layout of ``ingest/data/sample.txt``.

:func:`render_text` writes the cover, 第一部分 概况, 第二部分 (contents and every 公开表 with the sample's
header lines), 第三部分 情况说明 and 名词解释, and sets the provenance of every record (source line, printed
text) and the document's checksum to what ``ingest.parse_document`` reads back from that text.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal

from bench.corpus_codes import numbered
from budgetkg.ingest.extract.narrative import parse_narrative
from budgetkg.ingest.model import Document, PerformanceGoal, Provenance, Row, Table, TableRole

WIDTH = 26
# Header lines between the 金额单位 line and the data, as printed in the sample (they name the columns).
HEADERS: dict[TableRole, tuple[str, ...]] = {
    TableRole.SUMMARY: ("收    入 支    出", "项    目 预算数 项    目 预算数"),
    TableRole.INCOME: ("项    目", "合计 上年结转 一般公共预算拨款", "收入", "政府性基金预算", "拨款收入", "国有资本经营",
                       "预算拨款收入 事业收入 事业单位", "经营收入 其他收入 上级补助", "收入", "附属单位上", "缴收入",
                       "财政专户管理", "资金收入单位代码 单位名称（科目）"),
    TableRole.EXPENDITURE: ("项    目", "合计 基本支出 项目支出科目编码", "单位代码 单位名称（科目）", "类 款 项"),
    TableRole.FISCAL_SUMMARY: ("收    入 支    出",
                               "项    目 预算数 项    目 合计 一般公共预算 政府性基金预算 国有资本经营预算"),
    TableRole.FISCAL_ECONOMIC: ("项    目", "总计", "省级当年财政拨款安排 上年结转安排", "科目编码", "单位代码 单位名称（科目） 合计",
                                "一般公共预算拨款 政府性基金安排 国有资本经营预算安排", "合计", "一般公共预算拨款",
                                "类 款 小计 基本支出 项目支出 小计 基本支出 项目支出 小计 基本支出 项目支出 小计 基本支出 项目支出"),
    TableRole.GENERAL_FUNCTION: ("项    目", "合计 当年财政拨", "款安排 上年结转安排科目编码", "科目名称", "类 款 项"),
    TableRole.GENERAL_BASIC: ("项    目 基本支出", "科目编码", "单位代码 单位名称（科目） 合计 人员经费 公用经费", "类 款"),
    TableRole.GENERAL_PROJECT: ("科目编码", "单位代码 单位名称（科目） 金额", "类 款 项"),
    TableRole.THREE_PUBLIC: ("单位编码 单位名称（科目）", "当年财政拨款预算安排", "合计 因公出国", "（境）费用",
                             "公务用车购置及运行费", "公务接待费", "小计 公务用车购置费 公务用车运行费"),
    TableRole.FUND: ("项    目 本年政府性基金预算支出", "科目编码", "单位代码 单位名称（科目） 合计 基本支出 项目支出", "类 款 项"),
    TableRole.FUND_THREE_PUBLIC: ("单位编码 单位名称（科目）", "当年财政拨款预算安排", "合计 因公出国（境）费", "用",
                                  "公务用车购置及运行费", "公务接待费", "小计 公务用车购置费 公务用车运行费"),
    TableRole.STATE_CAPITAL: ("项    目 本年国有资本经营预算支出", "科目编码", "单位代码 单位名称（科目） 合计 基本支出 项目支出",
                              "类 款 项"),
    TableRole.PERFORMANCE: ("序号 单位名称 项目名称 预算数 年度目标 一级指标 二级指标 三级指标 指标性质 指标值 度量单位 权重 指标方向性",),
}
TWO_SIDED = (TableRole.SUMMARY, TableRole.FISCAL_SUMMARY)


def _printed(value: Decimal) -> str:
    return f"{value:,.2f}"


def _alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def wrap(text: str, width: int = WIDTH) -> list[str]:
    """Break a sentence into printed lines the way a PDF extraction does, never inside a number or word
    (the reader joins lines without a space, except between two letters or digits)."""
    if len(text) <= width + 14:
        return [text]
    lines, cur = [], ""
    for i, ch in enumerate(text):
        cur += ch
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if len(cur) >= width and nxt and not (_alnum(ch) and _alnum(nxt)) and nxt not in "，。；：、）”%.," \
                and not (ch.isdigit() or nxt.isdigit()):
            lines.append(cur)
            cur = ""
    if cur:
        lines.append(cur)
    return lines


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, text: str) -> int:
        """Append a line; returns its 1-based number."""
        self.lines.append(text)
        return len(self.lines)


def _cells(row: Row, table: Table, n: int) -> str:
    parts = []
    for cell in row.cells:
        text = _printed(cell.value)
        cell.source = Provenance(text=text, line=n, table=table.label, row=row.index, column=cell.column)
        parts.append(text)
    return " ".join(parts)


def _row_text(table: Table, row: Row, unit: str | None) -> str:
    role, level = table.role, row.level
    if row.kind == "total" and role not in TWO_SIDED:
        return "合    计"
    if role in (TableRole.INCOME, TableRole.THREE_PUBLIC, TableRole.FUND_THREE_PUBLIC) or not row.code_text:
        if role == TableRole.GENERAL_FUNCTION and level == 2:
            return f" {row.label}"
        return f"{row.unit_code} {row.label}" if row.unit_code else row.label
    if role == TableRole.EXPENDITURE:
        return f"{row.code_text} {row.unit_code} {row.label}"
    if role == TableRole.FISCAL_ECONOMIC:
        gap = {1: " ", 2: "  ", 3: "   "}[level or 1]
        return f"{row.code_text}{' ' + row.unit_code if row.unit_code else ''}{gap}{row.label}"
    if role == TableRole.GENERAL_FUNCTION:
        return f"{row.code_text}   {row.label}"
    if role == TableRole.GENERAL_BASIC:
        return f"{row.code_text}{'  ' if level == 3 else ' '}{row.label}"
    return f"{row.code_text} {row.unit_code}  {row.label}"  # project tables


def _one_sided(w: _Writer, table: Table) -> None:
    for row in table.rows:
        text = _row_text(table, row, None)
        n = len(w.lines) + 1
        row.source = Provenance(text=row.label, line=n, table=table.label, row=row.index)
        amounts = _cells(row, table, n)
        w.add(f"{text} {amounts}" if amounts else text)


def _two_sided(w: _Writer, table: Table) -> None:
    rows = table.rows
    k = 0
    while k < len(rows):
        line = [rows[k]]
        if rows[k].side == "income" and k + 1 < len(rows) and rows[k + 1].side == "expenditure":
            line.append(rows[k + 1])
        n = len(w.lines) + 1
        segments = []
        for row in line:
            row.source = Provenance(text=row.label, line=n, table=table.label, row=row.index)
            amounts = _cells(row, table, n)
            segments.append(f"{row.label} {amounts}" if amounts else row.label)
        w.add("  ".join(segments))
        k += len(line)


def _goal(w: _Writer, table: Table, goal: PerformanceGoal, row: Row) -> None:
    first = w.add(goal.sequence or "")
    w.add(goal.unit_name or "")
    w.add(goal.project_name)
    row.source = Provenance(text=goal.project_name, line=first, table=table.label, row=row.index)
    goal.source = row.source
    n = len(w.lines) + 1
    w.add(_cells(row, table, n))
    for part in wrap(goal.goal_text, 12):
        w.add(part)
    for ind in goal.indicators:
        n = w.add(ind.source.text)
        ind.source = Provenance(text=ind.source.text, line=n, table=table.label, row=ind.index)


def _table(w: _Writer, doc: Document, table: Table) -> None:
    n = w.add(table.label)
    table.source = Provenance(text=table.title, line=n, table=table.label)
    w.add(table.title)
    if table.role == TableRole.PERFORMANCE:
        w.add("金额单位：万元")
    else:  # a header line that names the unit: the reading keeps it as the table's header (Table.header)
        table.header = (w_line := f"单位：{doc.unit_name} 金额单位：万元",)
        w.add(w_line)
    for line in HEADERS[table.role]:
        w.add(line)
    if table.role == TableRole.PERFORMANCE:
        for goal, row in zip(doc.goals, table.rows, strict=True):
            _goal(w, table, goal, row)
    elif table.role in TWO_SIDED:
        _two_sided(w, table)
    else:
        _one_sided(w, table)
    if table.note:
        w.add(table.note)


def _sections(w: _Writer, doc: Document, kind: str) -> list[tuple[str, Provenance]]:
    refs = []
    for sec in doc.sections:
        if sec.kind != kind:
            continue
        lines = [sec.title] if sec.title else []
        for sentence in re.findall(r"[^。]+。?", sec.text):
            lines += wrap(sentence)
        for text in lines:
            refs.append((text, Provenance(text=text.strip(), line=w.add(text))))
    return refs


def render_text(doc: Document, name: str) -> bytes:
    """The text of ``doc`` (UTF-8); updates ``doc``'s provenance, ``source_name`` and ``sha256`` to match it."""
    w = _Writer()
    scope = f"{doc.year}年{doc.scope.value}{doc.phase.value}"
    w.add(doc.unit_name)
    w.add(scope)
    w.add(f"第一部分 {doc.unit_name}概况")
    overview = _sections(w, doc, "overview")
    w.add(f"第二部分 {doc.unit_name}{scope}表")
    for k, table in enumerate(doc.tables):
        w.add(f"{numbered(k)}{table.title}（{table.label}）")
    for table in doc.tables:
        _table(w, doc, table)
    w.add(f"第三部分 {doc.unit_name}{scope}情况说明")
    explanation = _sections(w, doc, "explanation")
    glossary = []
    for k, term in enumerate(doc.terms):
        for text in wrap(f"{numbered(k)}{term.term}：{term.definition}"):
            glossary.append((text, Provenance(text=text.strip(), line=w.add(text))))
    doc.sections, doc.claims, doc.terms = parse_narrative(
        [("overview", overview), ("explanation", explanation), ("glossary", glossary)])
    data = ("\n".join(w.lines) + "\n").encode("utf-8")
    doc.source_name = name
    doc.sha256 = hashlib.sha256(data).hexdigest()
    return data
