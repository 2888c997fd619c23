"""Table recognition shared by the text and PDF readers: role by title keywords, scale by header."""

from __future__ import annotations

import re
from decimal import Decimal

from ..model import TableRole

# Ordered: the first rule whose keywords all occur in the (whitespace-free) title wins.
_ROLE_RULES: list[tuple[tuple[str, ...], tuple[str, ...], TableRole]] = [
    # (all of, none of, role)
    (("绩效",), (), TableRole.PERFORMANCE),
    (("机关运行经费",), ("三公",), TableRole.OTHER),
    (("政府采购",), (), TableRole.OTHER),  # 政府采购支出表: purchases, not the expenditure summary
    (("结转", "支出表"), ("收", "含"), TableRole.OTHER),  # 财政拨款(上年)结转资金支出表: carry-over, not the year's budget
    (("政府性基金", "三公"), (), TableRole.FUND_THREE_PUBLIC),
    (("三公",), (), TableRole.THREE_PUBLIC),
    (("国有资本经营",), (), TableRole.STATE_CAPITAL),
    (("政府性基金",), (), TableRole.FUND),
    (("财政拨款", "收", "支", "总"), (), TableRole.FISCAL_SUMMARY),
    (("财政拨款", "经济分类"), (), TableRole.FISCAL_ECONOMIC),
    (("经济分类", "支出"), ("基本", "项目"), TableRole.FISCAL_ECONOMIC),
    (("经济科目", "支出"), ("基本", "项目"), TableRole.FISCAL_ECONOMIC),
    (("一般公共预算", "基本支出"), (), TableRole.GENERAL_BASIC),
    (("一般公共预算", "项目支出"), (), TableRole.GENERAL_PROJECT),
    (("一般公共预算", "支出"), (), TableRole.GENERAL_FUNCTION),
    (("财政拨款", "基本支出"), (), TableRole.GENERAL_BASIC),
    (("基本支出",), (), TableRole.GENERAL_BASIC),
    (("财政拨款", "支出"), ("收入",), TableRole.GENERAL_FUNCTION),
    (("项目支出",), (), TableRole.PROJECT),
    (("专项业务经费", "支出"), ("绩效",), TableRole.PROJECT),  # Shaanxi's name for project spending
    (("收", "支", "总"), (), TableRole.SUMMARY),
    (("收入",), ("支出",), TableRole.INCOME),
    (("支出",), ("收入",), TableRole.EXPENDITURE),
]

ROLE_NAMES_ZH: dict[TableRole, str] = {
    TableRole.SUMMARY: "收支总表",
    TableRole.INCOME: "收入总表",
    TableRole.EXPENDITURE: "支出总表",
    TableRole.FISCAL_SUMMARY: "财政拨款收支总表",
    TableRole.FISCAL_ECONOMIC: "财政拨款支出表（部门经济分类）",
    TableRole.GENERAL_FUNCTION: "一般公共预算支出表",
    TableRole.GENERAL_BASIC: "一般公共预算基本支出表",
    TableRole.GENERAL_PROJECT: "一般公共预算项目支出表",
    TableRole.THREE_PUBLIC: "一般公共预算“三公”经费支出表",
    TableRole.FUND: "政府性基金支出表",
    TableRole.FUND_THREE_PUBLIC: "政府性基金“三公”经费支出表",
    TableRole.STATE_CAPITAL: "国有资本经营预算支出表",
    TableRole.PROJECT: "项目支出表",
    TableRole.PERFORMANCE: "项目支出绩效目标表",
    TableRole.OTHER: "其他表",
}


def compact(text: str) -> str:
    """Text without any whitespace (titles and headers are often letter-spaced)."""
    return re.sub(r"\s+", "", text)


def role_of_title(title: str) -> TableRole:
    """The role of a table from its printed title, e.g. "单位支出总表" → EXPENDITURE."""
    t = compact(title)
    for all_of, none_of, role in _ROLE_RULES:
        if all(k in t for k in all_of) and not any(k in t for k in none_of):
            return role
    return TableRole.OTHER


_SCALE = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|千元|元)")


def scale_of_header(text: str) -> tuple[Decimal, str] | None:
    """The money scale stated in a table header ("金额单位：万元" → (10000, "万元")), or None."""
    m = _SCALE.search(text)
    if not m:
        return None
    label = m.group(1)
    return {"万元": Decimal(10000), "千元": Decimal(1000), "元": Decimal(1)}[label], label


_AMOUNT = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def parse_amount(text: str) -> Decimal | None:
    """A printed amount as Decimal ("20,047.51" → Decimal("20047.51")); None if not an amount."""
    t = text.strip().replace("−", "-")
    if not _AMOUNT.match(t):
        return None
    return Decimal(t.replace(",", ""))
