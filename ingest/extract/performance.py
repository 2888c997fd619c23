"""The 项目支出绩效目标表 of the plain-text extraction: projects, goals and indicator rows.

Cells of this table wrap into many short lines, so it is read as a stream: an indicator record
runs from its 一级指标 keyword to its 指标方向 keyword; what lies between two records is the next
project's 序号, unit, name, amount and goal text.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..model import Cell, Column, Indicator, PerformanceGoal, Provenance, Row, Table
from ..vocab import INDICATOR_LEVEL2
from .lines import PAGE_MARK
from .tables import compact, parse_amount

Line = tuple[int, str]
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
LEVEL2 = sorted(INDICATOR_LEVEL2, key=len, reverse=True)
DIRECTION = re.compile(r"(正向指标|反向指标|正向|反向)\s*$")
_RECORD = re.compile(
    r"^(?P<l1>产出指标|效益指标|满意度指标|成本指标)\s*(?P<rest>.*?)\s*"
    r"(?:(?P<cmp>[≥≤＝=＜＞<>]|>=|<=)\s*(?P<val>[-\d.,]+)\s*(?P<unit>\S*?)|定性\s*(?P<grade>\S+))\s+"
    r"(?P<weight>\d+(?:\.\d+)?)\s*(?P<dir>正向指标|反向指标|正向|反向)$"
)


def _join(parts: list[str]) -> str:
    """Join wrapped cell lines: no space between CJK fragments, one space elsewhere."""
    out = ""
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if out and re.match(r"[A-Za-z0-9]", out[-1]) and re.match(r"[A-Za-z0-9]", p[0]):
            out += " "
        out += p
    return out


def _split_level2(rest: str) -> tuple[str, str]:
    c = rest.lstrip()
    for key in LEVEL2:
        if c.startswith(key):
            return key, c[len(key):].strip()
    m = re.match(r"^(\S+?指标)\s*(.*)$", c)
    if m:
        return m.group(1), m.group(2)
    return "", c


def read_performance(table: Table, body: list[Line], unit_name: str, notices: list[str]) -> list[PerformanceGoal]:
    """Parse the goals of a performance table and fill ``table`` with one 预算数 row per project."""
    lines = [(n, t) for n, t in body if t.strip() and not PAGE_MARK.match(t)]
    start = next((i for i, (_, t) in enumerate(lines) if "指标方向" in compact(t) or "权重" in t), -1)
    lines = lines[start + 1:]
    goals: list[PerformanceGoal] = []
    prefix: list[Line] = []
    record: list[Line] = []
    table.columns = [Column(0, ("预算数",))]
    unit_key = compact(unit_name)

    def flush_record() -> None:
        goal = goals[-1] if goals else None
        if goal is None:
            raise ValueError("indicator before any project")
        text = _join([t for _, t in record])
        m = _RECORD.match(text)
        first = record[0][0]
        src = Provenance(text=text, line=first, table=table.label, row=len(goal.indicators))
        if not m:
            notices.append(f"{table.label} line {first}: indicator row not understood: {text[:40]}")
            return
        level2, name = _split_level2(m.group("rest"))
        cmp_ = m.group("cmp")
        if cmp_:
            val = m.group("val").replace(",", "")
            target = Decimal(val) if parse_amount(val) is not None else None
            target_text = f"{cmp_}{m.group('val')}{m.group('unit') or ''}"
        else:
            target = None
            target_text = f"定性 {m.group('grade')}"
        goal.indicators.append(Indicator(
            index=len(goal.indicators), level1=m.group("l1"), level2=level2, name=compact(name),
            comparator=cmp_ or "定性", target_text=target_text, target=target,
            unit=m.group("unit") or None, grade=m.group("grade"), weight=Decimal(m.group("weight")),
            direction=m.group("dir"), source=src,
        ))

    def start_goal() -> None:
        texts = [(n, t.strip()) for n, t in prefix]
        amount_at = next((i for i, (_, t) in enumerate(texts) if parse_amount(t) is not None and "." in t), None)
        if amount_at is None:
            raise ValueError(f"project without 预算数 near line {texts[0][0] if texts else '?'}")
        head = texts[:amount_at]
        seq = None
        if head and re.fullmatch(r"\d{1,3}", head[0][1]):
            seq = head[0][1]
            head = head[1:]
        joined = compact("".join(t for _, t in head))
        unit_part, name = _split_unit(joined, unit_key)
        n_amount, amount_text = texts[amount_at]
        goal_text = _join([t for _, t in texts[amount_at + 1:]])
        idx = len(goals)
        row = Row(index=idx, label=name, kind="item", source=Provenance(text=name, line=texts[0][0],
                                                                          table=table.label, row=idx))
        cell = Cell(0, parse_amount(amount_text), Provenance(text=amount_text, line=n_amount,  # type: ignore[arg-type]
                                                            table=table.label, row=idx, column=0))
        row.cells.append(cell)
        row.unit_code = unit_part.split("-")[0] if unit_part else None
        table.rows.append(row)
        goals.append(PerformanceGoal(index=idx, sequence=seq, unit_name=unit_part or None, project_name=name,
                                     amount=cell, goal_text=goal_text, source=row.source))
        prefix.clear()

    for n, text in lines:
        c = text.strip()
        if record:
            record.append((n, c))
            if DIRECTION.search(c):
                flush_record()
                record = []
            continue
        if c.startswith(LEVEL1) and (prefix or goals):
            if prefix:
                start_goal()
            record = [(n, c)]
            if DIRECTION.search(c):
                flush_record()
                record = []
            continue
        prefix.append((n, text))
    if record:
        raise ValueError(f"indicator row starting at line {record[0][0]} is cut off")
    if prefix and any(t.strip() for _, t in prefix):
        raise ValueError(f"project block starting at line {prefix[0][0]} has no indicators")
    return goals


def _split_unit(joined: str, unit_key: str) -> tuple[str, str]:
    """Split "301603-四川省…中心四川省…项目" into the unit part and the project name."""
    m = re.match(r"^(\d{3,}-?)", joined)
    code = m.group(1) if m else ""
    rest = joined[len(code):]
    if unit_key and rest.startswith(unit_key):
        return code + unit_key, rest[len(unit_key):]
    return code.rstrip("-"), rest
