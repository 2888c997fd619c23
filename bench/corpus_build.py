"""A :class:`~bench.corpus_plan.Plan` as an :class:`ingest.model.Document`, table by table.

Rows, codes, levels, parents and columns are built the way ``ingest``'s text reader reads the sample's
layout, so that the text :mod:`bench.corpus_text` renders parses back into the same records. Provenance
(source lines) is filled in when the document is rendered. An injected error changes the *printed* amount
only (the plan keeps the true budget).
"""

from __future__ import annotations

from decimal import Decimal

from bench import corpus_codes as cc
from bench.corpus_narrative import narrative
from bench.corpus_plan import Plan
from budgetkg.ingest.extract.columns import to_columns
from budgetkg.ingest.extract.layouts import LAYOUTS
from budgetkg.ingest.extract.narrative import parse_narrative
from budgetkg.ingest.extract.text_tables import FISCAL_EXPENDITURE
from budgetkg.ingest.iri import region_of
from budgetkg.ingest.model import (
    Cell,
    Column,
    Document,
    Indicator,
    PerformanceGoal,
    Phase,
    Provenance,
    Row,
    Scope,
    Table,
    TableRole,
)

SCALE = Decimal(10000)
TITLES = {
    TableRole.SUMMARY: "单位收支总表", TableRole.INCOME: "单位收入总表", TableRole.EXPENDITURE: "单位支出总表",
    TableRole.FISCAL_SUMMARY: "财政拨款收支预算总表", TableRole.FISCAL_ECONOMIC: "财政拨款支出预算表（部门经济分类科目）",
    TableRole.GENERAL_FUNCTION: "一般公共预算支出预算表", TableRole.GENERAL_BASIC: "一般公共预算基本支出预算表",
    TableRole.GENERAL_PROJECT: "一般公共预算项目支出预算表", TableRole.THREE_PUBLIC: "一般公共预算“三公”经费支出预算表",
    TableRole.FUND: "政府性基金支出预算表", TableRole.FUND_THREE_PUBLIC: "政府性基金预算“三公”经费支出预算表",
    TableRole.STATE_CAPITAL: "国有资本经营预算支出预算表",
}
EMPTY_NOTES = {TableRole.FUND: "政府性基金预算", TableRole.FUND_THREE_PUBLIC: "政府性基金预算“三公”经费支出预算",
               TableRole.STATE_CAPITAL: "国有资本经营预算支出预算"}
PERSONNEL_CLASSES = ("301", "303")


def dec(cents: int) -> Decimal:
    """Hundredths as the Decimal the reader makes of the printed text (2 decimals kept: ``1.00``)."""
    return Decimal(cents).scaleb(-2)


class _Table:
    def __init__(self, label: str, role: TableRole, columns: list[Column], title: str | None = None):
        title = title or TITLES[role]
        self.t = Table(label=label, title=title, role=role, scale=SCALE, scale_label="万元", columns=columns,
                       source=Provenance(text=title, table=label))

    def add(self, label: str, cells: dict[int, int] | None = None, **kw: object) -> Row:
        row = Row(index=len(self.t.rows), label=label, **kw)  # type: ignore[arg-type]
        row.source = Provenance(text=label, table=self.t.label, row=row.index)
        for col, value in sorted((cells or {}).items()):
            if value:
                src = Provenance(text=cc.money(value), table=self.t.label, row=row.index, column=col)
                row.cells.append(Cell(col, dec(value), src))
        self.t.rows.append(row)
        return row


def _pair(table: _Table, lines: list[tuple[tuple | None, tuple | None]]) -> dict[str, list[Row]]:
    """Rows of a two-sided table, one printed line at a time: (income, expenditure) specs of (label, kw)."""
    made: dict[str, list[Row]] = {"income": [], "expenditure": []}
    for line in lines:
        for side, spec in zip(("income", "expenditure"), line, strict=True):
            if spec is not None:
                label, kw = spec
                made[side].append(table.add(label, side=side, **kw))
    return made


def _zip_lines(left: list, right: list) -> list[tuple]:
    n = max(len(left), len(right))
    return [(left[k] if k < len(left) else None, right[k] if k < len(right) else None) for k in range(n)]


def summary(plan: Plan) -> Table:
    """公开表1 收支总表: income lines against the function classes, then 本年合计, 上年结转, 总计."""
    t = _Table("公开表1", TableRole.SUMMARY, [Column(0, ("收入", "预算数"), side="income"),
                                            Column(1, ("支出", "预算数"), side="expenditure")])
    full = plan.unit.layout == "full"
    amounts = {code: sum(f.total for f in items) for code, items in plan.classes().items()}
    codes = list(cc.CLASS_LINES) if full else [c for c in cc.CLASS_LINES if c in amounts]
    exp = [(cc.numbered(k) + cc.CLASS_LINES[c], {"cells": {1: amounts.get(c, 0)}}) for k, c in enumerate(codes)]
    incomes = cc.INCOME_LINES if full else cc.INCOME_LINES[:1]
    inc = [(cc.numbered(k) + name, {"cells": {0: plan.current if k == 0 else 0}}) for k, name in enumerate(incomes)]
    lines = _zip_lines(inc, exp)
    lines.append((("本年收入合计", {"kind": "subtotal", "cells": {0: plan.current}}),
                  ("本年支出合计", {"kind": "subtotal", "cells": {1: plan.total}})))
    if full or plan.carry:
        lines.append(((cc.numbered(len(incomes)) + "上年结转", {"cells": {0: plan.carry}}), None))
    spent = plan.total + (plan.delta if plan.error == "balance" else 0)
    lines.append((("收入总计", {"kind": "total", "cells": {0: plan.total}}),
                  ("支出总计", {"kind": "total", "cells": {1: spent}})))
    _pair(t, lines)
    return t.t


def fiscal_summary(plan: Plan) -> Table:
    """公开表2 财政拨款收支总表: 本年收入 / 上年结转 with their fund lines against the function classes."""
    columns = [Column(0, ("收入", "预算数"), side="income"), *to_columns(FISCAL_EXPENDITURE, side="expenditure", offset=1)]
    t = _Table("公开表2", TableRole.FISCAL_SUMMARY, columns)
    full = plan.unit.layout == "full"
    funds = cc.INCOME_LINES[:3] if full else cc.INCOME_LINES[:1]
    inc: list = [("一、本年收入", {"kind": "subtotal", "cells": {0: plan.current}})]
    inc += [(name, {"cells": {0: plan.current if k == 0 else 0}}) for k, name in enumerate(funds)]
    if full or plan.carry:
        inc.append(("二、上年结转", {"kind": "subtotal", "cells": {0: plan.carry}}))
        inc += [(name, {"cells": {0: plan.carry if k == 0 else 0}}) for k, name in enumerate(funds)]
    amounts = {code: sum(f.total for f in items) for code, items in plan.classes().items()}
    codes = list(cc.CLASS_LINES) if full else [c for c in cc.CLASS_LINES if c in amounts]
    exp: list = [("一、本年支出", {"kind": "subtotal", "cells": {1: plan.total, 2: plan.total}})]
    exp += [(cc.CLASS_LINES[c], {"cells": {1: amounts.get(c, 0), 2: amounts.get(c, 0)}}) for c in codes]
    _pair(t, _zip_lines(inc, exp))
    parent: dict[str, int | None] = {"income": None, "expenditure": None}
    for row in t.t.rows:
        if row.kind == "subtotal":
            parent[row.side or ""] = row.index
        else:
            row.parent = parent[row.side or ""]
    return t.t


def income(plan: Plan) -> Table:
    t = _Table("公开表1-1", TableRole.INCOME, to_columns(LAYOUTS[TableRole.INCOME]))
    cells = {0: plan.total, 1: plan.carry, 2: plan.current}
    t.add("合计", cells, kind="total")
    t.add(plan.unit.name, cells, unit_code=plan.unit.code, parent=0)
    return t.t


def expenditure(plan: Plan) -> Table:
    t = _Table("公开表1-2", TableRole.EXPENDITURE, to_columns(LAYOUTS[TableRole.EXPENDITURE]))
    t.add("合计", {0: plan.total, 1: plan.basic, 2: plan.project}, kind="total")
    for f in plan.func:
        t.add(cc.name(f.code), {0: f.total, 1: f.basic, 2: f.project}, code=f.code,
              code_text=cc.code_text(f.code, "function"), code_system="function", unit_code=plan.unit.code, level=3,
              parent=0)
    return t.t


def _econ_cells(basic: int, current: int, carry: int) -> dict[int, int]:
    return {0: basic + current + carry, 1: basic + current, 2: basic + current, 3: basic, 4: current,
            11: carry, 12: carry, 14: carry}


def fiscal_economic(plan: Plan) -> Table:
    """公开表2-1 财政拨款支出表（部门经济分类）: basic and project money by economic class and item."""
    t = _Table("公开表2-1", TableRole.FISCAL_ECONOMIC, to_columns(LAYOUTS[TableRole.FISCAL_ECONOMIC]))
    t.add("合计", _econ_cells(plan.basic, plan.project - plan.carry, plan.carry), kind="total")
    unit = plan.unit.code
    for cls, items in _by_class(plan).items():
        sums = [sum(getattr(e, a) for e in items) for a in ("basic", "current", "carry")]
        c = t.add(cc.name(cls), _econ_cells(*sums), code=cls, code_text=cls, code_system="economic", level=1,
                  kind="class", parent=0)
        for e in items:
            r = t.add(cc.name(e.code), _econ_cells(e.basic, e.current, e.carry), code=e.code,
                      code_text=cc.code_text(e.code, "economic"), code_system="economic", unit_code=unit, level=2,
                      parent=c.index)
            for code, amount in e.subs:
                t.add(cc.name(code), _econ_cells(amount, 0, 0), code=code, code_text=cc.code_text(e.code, "economic"),
                      code_system="economic", unit_code=unit, level=3, parent=r.index)
    return t.t


def _by_class(plan: Plan, basic_only: bool = False) -> dict[str, list]:
    out: dict[str, list] = {}
    for e in plan.econ:
        if e.total and (e.basic or not basic_only):
            out.setdefault(e.code[:3], []).append(e)
    return out


def general_function(plan: Plan) -> Table:
    t = _Table("公开表3", TableRole.GENERAL_FUNCTION, to_columns(LAYOUTS[TableRole.GENERAL_FUNCTION]))
    t.add("合计", {0: plan.total, 1: plan.current, 2: plan.carry}, kind="total")
    for cls, items in plan.classes().items():
        c = t.add(cc.class_name(cls), _fn_cells(items), code=cls, code_system="function", level=1, kind="class",
                  parent=0)
        kuans: dict[str, list] = {}
        for f in items:
            kuans.setdefault(f.code[:5], []).append(f)
        for kuan, group in kuans.items():
            k = t.add(cc.name(kuan), _fn_cells(group), code=kuan, code_system="function", level=2, parent=c.index)
            for f in group:
                t.add(cc.name(f.code), _fn_cells([f]), code=f.code, code_text=cc.code_text(f.code, "function"),
                      code_system="function", level=3, parent=k.index)
    return t.t


def _fn_cells(items: list) -> dict[int, int]:
    total = sum(f.total for f in items)
    carry = sum(f.carry for f in items)
    return {0: total, 1: total - carry, 2: carry}


def general_basic(plan: Plan) -> Table:
    t = _Table("公开表3-1", TableRole.GENERAL_BASIC, to_columns(LAYOUTS[TableRole.GENERAL_BASIC]))
    wrong = _cross_table_item(plan)
    delta = plan.delta if wrong else 0

    def cells(amount: int, cls: str, off: int = 0) -> dict[int, int]:
        return {0: amount + off, 1 if cls in PERSONNEL_CLASSES else 2: amount + off}

    personnel = sum(e.basic for e in plan.econ if e.code[:3] in PERSONNEL_CLASSES)
    total_off = {0: plan.basic + delta, 1: personnel + delta, 2: plan.basic - personnel}
    t.add("合计", total_off, kind="total")
    for cls, items in _by_class(plan, basic_only=True).items():
        off = delta if wrong and wrong[:3] == cls else 0
        c = t.add(cc.name(cls), cells(sum(e.basic for e in items), cls, off), code=cls, code_text=cls,
                  code_system="economic", level=1, kind="class", parent=0)
        for e in items:
            r = t.add(cc.name(e.code), cells(e.basic, cls, delta if e.code == wrong else 0), code=e.code,
                      code_text=f"{cc.code_text(e.code, 'economic')} {e.code}", code_system="economic", level=2,
                      parent=c.index)
            for code, amount in e.subs:
                t.add(cc.name(code), cells(amount, cls), code=code, code_text=f"{cc.code_text(e.code, 'economic')} {code}",
                      code_system="economic", level=3, parent=r.index)
    return t.t


def _cross_table_item(plan: Plan) -> str | None:
    """The economic item printed wrong in 公开表3-1 for a cross-table error (one without sub-items)."""
    if plan.error != "cross-table":
        return None
    return next((e.code for e in plan.econ if e.code in ("30107", "30101") and not e.subs and e.basic), None)


def general_project(plan: Plan) -> Table:
    t = _Table("公开表3-2", TableRole.GENERAL_PROJECT, to_columns(LAYOUTS[TableRole.GENERAL_PROJECT]))
    t.add("合计", {0: plan.project}, kind="total")
    wrong = plan.projects[-1] if plan.error == "project-sum" else None
    for f in plan.func:
        if not f.project:
            continue
        section = t.add(cc.name(f.code), {0: f.project}, kind="section", parent=0)
        for p in plan.projects:
            if p.func == f.code:
                t.add(p.name, {0: p.amount + (plan.delta if p is wrong else 0)}, code=f.code,
                      code_text=cc.code_text(f.code, "function"), code_system="function", unit_code=plan.unit.code,
                      level=3, parent=section.index)
    return t.t


def three_public(plan: Plan) -> Table:
    t = _Table("公开表3-3", TableRole.THREE_PUBLIC, to_columns(LAYOUTS[TableRole.THREE_PUBLIC]))
    abroad, car, hosting = (plan.econ_amount(c) for c in ("30212", "30231", "30217"))
    cells = {0: abroad + car + hosting, 1: abroad, 2: car, 4: car, 5: hosting}
    t.add("合计", cells, kind="total")
    t.add(plan.unit.name, cells, unit_code=plan.unit.code, parent=0)
    return t.t


def empty(plan: Plan, label: str, role: TableRole) -> Table:
    t = _Table(label, role, to_columns(LAYOUTS[role]))
    t.t.note = f"注：本单位{plan.year}年无{EMPTY_NOTES[role]}，本表无数据。"
    t.add("合计", kind="total")
    return t.t


def performance(plan: Plan, doc: Document) -> Table | None:
    """公开表6 绩效目标表: one 预算数 row and one goal (with its indicators) per project that has a goal."""
    goals = [p for f in plan.func for p in plan.projects if p.func == f.code and p.indicators]
    if not goals:
        return None
    t = _Table("公开表6", TableRole.PERFORMANCE, [Column(0, ("预算数",))], title=f"{plan.year}年度预算项目绩效目标表（向社会公开）")
    for k, p in enumerate(goals):
        row = t.add(p.name, {0: p.amount}, unit_code=plan.unit.code)
        goal = PerformanceGoal(index=k, sequence=str(k + 1), unit_name=f"{plan.unit.code}-{plan.unit.name}",
                               project_name=p.name, amount=row.cells[0], goal_text=p.goal_text, source=row.source)
        for i, ind in enumerate(p.indicators):
            if ind.comparator == "定性":
                text, target_text, target, grade = f"{ind.name} 定性 高", "定性 高", None, "高"
            else:
                text = f"{ind.name} {ind.comparator} {ind.value}" + (f" {ind.unit}" if ind.unit else "")
                target_text, target, grade = f"{ind.comparator}{ind.value}{ind.unit}", Decimal(ind.value), None
            line = f"{ind.level1} {ind.level2} {text} {ind.weight} {ind.direction}"
            goal.indicators.append(Indicator(
                index=i, level1=ind.level1, level2=ind.level2, name=ind.name, comparator=ind.comparator,
                target_text=target_text, target=target, unit=ind.unit or None, grade=grade,
                weight=Decimal(ind.weight), direction=ind.direction,
                source=Provenance(text=line, table=t.t.label, row=i)))
        doc.goals.append(goal)
    return t.t


def build_document(plan: Plan) -> Document:
    """The disclosure of ``plan`` as a Document (provenance lines and checksum are set by rendering)."""
    unit = plan.unit
    doc = Document(source_name="", sha256="", media_type="text/plain", unit_name=unit.name, year=plan.year,
                   phase=Phase.BUDGET, scope=Scope.UNIT, unit_code=unit.code, region=region_of(unit.name),
                   title=f"{unit.name}{plan.year}年{Scope.UNIT.value}{Phase.BUDGET.value}")
    tables = [summary(plan), income(plan), expenditure(plan), fiscal_summary(plan)]
    if unit.fiscal_economic:
        tables.append(fiscal_economic(plan))
    tables += [general_function(plan), general_basic(plan), general_project(plan), three_public(plan),
               empty(plan, "公开表4", TableRole.FUND), empty(plan, "公开表4-1", TableRole.FUND_THREE_PUBLIC),
               empty(plan, "公开表5", TableRole.STATE_CAPITAL)]
    perf = performance(plan, doc)
    if perf is not None:
        tables.append(perf)
    doc.tables = tables
    if plan.error == "project-sum":
        doc.notices.append("公开表3-2: amounts could not be placed consistently; left-aligned placement used")
    if not plan.carry:  # 当年 or 上年结转 fit 公开表3 equally well when nothing is carried over
        doc.notices.append("公开表3: 2 placements fit the arithmetic equally; the leftmost was kept")
    parts = narrative(plan)
    chunks = [(kind, [(line, Provenance(text=line)) for line in lines]) for kind, lines in parts]
    doc.sections, doc.claims, doc.terms = parse_narrative(chunks)
    return doc
