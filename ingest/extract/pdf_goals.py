"""Performance targets (绩效目标) from PDF tables: key-value project sheets with indicator rows,
and tables that print a prose 绩效目标 column next to each project."""

from __future__ import annotations

import re
from decimal import Decimal

from ..model import Cell, Column, Indicator, PerformanceGoal, Provenance, Row, Table
from .pdf_grid import Piece, _row_cells
from .tables import compact, parse_amount

KEYS = {
    "项目名称": "project", "实施单位": "unit", "年度预算资金总额": "amount", "预算资金总额": "amount",
    "资金总额": "amount", "其中：财政拨款": "fiscal", "财政拨款": "fiscal", "其他资金": "other",
    "总体目标": "goal", "年度目标": "goal", "年度绩效目标": "goal", "绩效目标": "goal",
}
IND_COLS = [
    ("level1", re.compile(r"一级指标")), ("level2", re.compile(r"二级指标")), ("name", re.compile(r"三级指标")),
    ("target", re.compile(r"指标值|目标值")), ("weight", re.compile(r"权重|分值")),
    ("unit", re.compile(r"度量单位|计量单位")), ("direction", re.compile(r"方向|指标性质")),
]
TARGET = re.compile(r"^(≥|≤|＝|=|>|<|＞|＜|大于等于|小于等于|等于)?\s*(-?\d+(?:\.\d+)?)\s*(.*)$")
COMPARATORS = {"大于等于": "≥", "小于等于": "≤", "等于": "＝", "=": "＝", "＞": ">", "＜": "<"}


def is_sheet(piece: Piece) -> bool:
    return any(compact(c.flat) == "三级指标" for c in piece.grid.cells)


def _indicator(index: int, values: dict[str, str], prov: Provenance) -> Indicator:
    text = values.get("target", "")
    m = TARGET.match(compact(text))
    comparator, target, unit, grade = "定性", None, values.get("unit") or None, None
    if m:
        comparator = COMPARATORS.get(m.group(1) or "＝", m.group(1) or "＝")
        target = Decimal(m.group(2))
        unit = unit or (m.group(3) or None)
    else:
        grade = text or None
    weight = parse_amount(compact(values.get("weight", ""))) if values.get("weight") else None
    return Indicator(index, values.get("level1", ""), values.get("level2", ""), values.get("name", ""),
                     comparator, text, target, unit, grade, weight, values.get("direction") or None, prov)


def read_sheet(piece_list: list[Piece], label: str, title: str, goal_index: int,
               unit_name: str) -> tuple[Table, PerformanceGoal]:
    """A 项目绩效目标表 sheet: project facts as key-value cells, then one row per indicator."""
    table = Table(label=label, title=title, role=None, scale=Decimal(10000), scale_label="万元",  # type: ignore[arg-type]
                  columns=[Column(0, ("金额",))])
    facts: dict[str, str] = {}
    amount: Cell | None = None
    indicators: list[Indicator] = []
    for piece in piece_list:
        g = piece.grid
        header: dict[str, int] | None = None
        carry: dict[str, str] = {}
        for r in range(g.nrows):
            cells = _row_cells(g, r)
            texts = [compact(c.flat) for c in cells]
            if header is None and "三级指标" in texts:
                header = {}
                for cell in cells:
                    for key, rx in IND_COLS:
                        if rx.search(compact(cell.flat)) and key not in header:
                            header[key] = cell.c0
                continue
            if header is None:
                for i, cell in enumerate(cells):
                    key = KEYS.get(texts[i].rstrip("：:"))
                    if key is None or i + 1 >= len(cells):
                        continue
                    value = cells[i + 1].flat
                    facts.setdefault(key, value)
                    num = parse_amount(compact(value))
                    if key in ("amount", "fiscal", "other") and num is not None:
                        row = Row(len(table.rows), texts[i].rstrip("：:"), kind="total" if key == "amount" else "item")
                        prov = Provenance(text=value, page=g.page, table=label, row=row.index, column=0,
                                          bbox=cells[i + 1].bbox)
                        row.cells.append(Cell(0, num, prov))
                        row.source = Provenance(text=cell.flat, page=g.page, table=label, row=row.index,
                                                bbox=cell.bbox)
                        if key != "amount" and table.rows and table.rows[0].kind == "total":
                            row.parent = 0
                        table.rows.append(row)
                        if key == "amount":
                            amount = row.cells[0]
                continue
            values: dict[str, str] = {}
            prov_cell = None
            for key, col in header.items():
                cell = g.at(r, col)
                if cell is None:
                    continue
                if cell.r0 != r:
                    values[key] = carry.get(key, "")
                else:
                    values[key] = cell.flat.strip()
                    if key == "name":
                        prov_cell = cell
            for key in ("level1", "level2"):
                if not values.get(key):
                    values[key] = carry.get(key, "")
            carry.update({k: v for k, v in values.items() if v})
            if values.get("name") and prov_cell is not None:
                prov = Provenance(text=prov_cell.flat, page=g.page, table=label, bbox=prov_cell.bbox)
                indicators.append(_indicator(len(indicators), values, prov))
    goal = PerformanceGoal(
        index=goal_index, sequence=None, unit_name=facts.get("unit") or unit_name,
        project_name=facts.get("project", "").strip(), amount=amount, goal_text=facts.get("goal", "").strip(),
        indicators=indicators,
        source=Provenance(text=facts.get("project", title), page=piece_list[0].grid.page, table=label,
                          bbox=piece_list[0].grid.bbox),
    )
    return table, goal


def prose_goal(index: int, row: Row, text: str, unit: str | None) -> PerformanceGoal:
    """A goal printed as prose next to a project row (no indicator rows)."""
    amount = row.cells[0] if row.cells else None
    return PerformanceGoal(index=index, sequence=None, unit_name=unit, project_name=row.label,
                           amount=amount, goal_text=text.replace("\n", ""), indicators=[], source=row.source)
