"""Standard column layouts of the 公开表 tables, by role, and a header check.

A layout is used when the table's header text names its leaf columns in order; otherwise the
reader falls back to the columns it can recognise in the header (flat, under one 合计).
"""

from __future__ import annotations

import re

from ..model import TableRole
from .columns import ColumnSpec, layout
from .tables import compact

INCOME_SOURCES = (
    "上年结转", "一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入", "事业收入",
    "事业单位经营收入", "其他收入", "上级补助收入", "附属单位上缴收入", "财政专户管理资金收入",
)

LAYOUTS: dict[TableRole, list[ColumnSpec]] = {
    TableRole.INCOME: layout((("合计",), None), *[((s,), 0) for s in INCOME_SOURCES]),
    TableRole.EXPENDITURE: layout((("合计",), None), (("基本支出",), 0), (("项目支出",), 0)),
    TableRole.FISCAL_ECONOMIC: layout(
        (("总计",), None),
        (("当年财政拨款安排", "合计"), 0),
        (("当年财政拨款安排", "一般公共预算拨款", "小计"), 1),
        (("当年财政拨款安排", "一般公共预算拨款", "基本支出"), 2),
        (("当年财政拨款安排", "一般公共预算拨款", "项目支出"), 2),
        (("当年财政拨款安排", "政府性基金安排", "小计"), 1),
        (("当年财政拨款安排", "政府性基金安排", "基本支出"), 5),
        (("当年财政拨款安排", "政府性基金安排", "项目支出"), 5),
        (("当年财政拨款安排", "国有资本经营预算安排", "小计"), 1),
        (("当年财政拨款安排", "国有资本经营预算安排", "基本支出"), 8),
        (("当年财政拨款安排", "国有资本经营预算安排", "项目支出"), 8),
        (("上年结转安排", "合计"), 0),
        (("上年结转安排", "一般公共预算拨款", "小计"), 11),
        (("上年结转安排", "一般公共预算拨款", "基本支出"), 12),
        (("上年结转安排", "一般公共预算拨款", "项目支出"), 12),
    ),
    TableRole.GENERAL_FUNCTION: layout((("合计",), None), (("当年财政拨款安排",), 0), (("上年结转安排",), 0)),
    TableRole.GENERAL_BASIC: layout(
        (("基本支出", "合计"), None), (("基本支出", "人员经费"), 0), (("基本支出", "公用经费"), 0)
    ),
    TableRole.GENERAL_PROJECT: layout((("金额",), None)),
    TableRole.PROJECT: layout((("金额",), None)),
    TableRole.THREE_PUBLIC: layout(
        (("合计",), None),
        (("因公出国（境）费用",), 0),
        (("公务用车购置及运行费", "小计"), 0),
        (("公务用车购置及运行费", "公务用车购置费"), 2),
        (("公务用车购置及运行费", "公务用车运行费"), 2),
        (("公务接待费",), 0),
    ),
    TableRole.FUND: layout((("合计",), None), (("基本支出",), 0), (("项目支出",), 0)),
    TableRole.STATE_CAPITAL: layout((("合计",), None), (("基本支出",), 0), (("项目支出",), 0)),
    TableRole.PERFORMANCE: layout((("预算数",), None)),
}
LAYOUTS[TableRole.FUND_THREE_PUBLIC] = LAYOUTS[TableRole.THREE_PUBLIC]

# Labels that head code / name columns, never amounts.
NON_AMOUNT = ("科目编码", "科目名称", "单位代码", "单位编码", "单位名称（科目）", "单位名称", "项目", "类", "款", "项")
# Leaf labels recognised in a header when no layout fits (longest first at each position).
KNOWN_LEAVES = sorted(
    set(INCOME_SOURCES)
    | {"合计", "总计", "小计", "基本支出", "项目支出", "人员经费", "公用经费", "当年财政拨款安排", "上年结转安排",
       "金额", "预算数", "因公出国（境）费用", "公务用车购置费", "公务用车运行费", "公务接待费",
       "上缴上级支出", "事业单位经营支出", "对附属单位补助支出", "一般公共预算", "政府性基金预算", "国有资本经营预算"},
    key=len,
    reverse=True,
)


def _norm(text: str) -> str:
    return re.sub(r"[()（）]", "", compact(text))


def layout_fits(role: TableRole, header: str) -> bool:
    """Whether the header text names the layout's distinctive leaves, in order."""
    specs = LAYOUTS.get(role)
    if not specs:
        return False
    text = _norm(header)
    pos = 0
    for spec in specs:
        leaf = _norm(spec.path[-1])
        if leaf in ("合计", "小计", "总计", "金额", "预算数") and leaf not in text:
            continue  # generic totals are sometimes printed only as a group header
        found = text.find(leaf, pos)
        if found < 0:
            found = text.find(leaf)
            if found < 0:
                return False
        pos = found
    return True


def flat_layout(header: str) -> list[ColumnSpec]:
    """Amount columns recognised in a header, the first (合计/总计) as parent of the others."""
    text = compact(header)
    for label in NON_AMOUNT:
        text = text.replace(label, "|")
    leaves: list[str] = []
    i = 0
    while i < len(text):
        for leaf in KNOWN_LEAVES:
            if text.startswith(leaf, i):
                leaves.append(leaf)
                i += len(leaf)
                break
        else:
            i += 1
    if not leaves:
        return layout((("金额",), None))
    if leaves[0] in ("合计", "总计"):
        return layout(((leaves[0],), None), *[((leaf,), 0) for leaf in leaves[1:]])
    return layout(*[((leaf,), None) for leaf in leaves])
