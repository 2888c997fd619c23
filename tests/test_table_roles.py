"""Tables are recognised by their titles across provinces, never by their numbers."""

from __future__ import annotations

import pytest

from budgetkg.ingest.extract.tables import role_of_title, scale_of_header
from budgetkg.ingest.model import TableRole as R

TITLES = {
    "单位收支总公开表": R.SUMMARY,
    "收入支出决算总表": R.SUMMARY,
    "2026年预算单位财务收支预算总表": R.SUMMARY,
    "2026 年单位收入总体情况表": R.INCOME,
    "收入决算表": R.INCOME,
    "支出决算表": R.EXPENDITURE,
    "2026年预算单位支出预算总表": R.EXPENDITURE,
    "财政拨款收入支出决算总表": R.FISCAL_SUMMARY,
    "2026 年财政拨款收支总体情况表": R.FISCAL_SUMMARY,
    "财政拨款支出预算表（部门经济分类科目）": R.FISCAL_ECONOMIC,
    "一般公共预算支出情况表（按功能分类科目）": R.GENERAL_FUNCTION,
    "一般公共预算财政拨款支出决算表": R.GENERAL_FUNCTION,
    "一般公共预算基本支出预算表（经济科目）": R.GENERAL_BASIC,
    "基本支出预算情况表": R.GENERAL_BASIC,
    "一般公共预算项目支出预算表": R.GENERAL_PROJECT,
    "项目支出总表": R.PROJECT,
    "财政拨款“三公”经费支出决算表": R.THREE_PUBLIC,
    "政府性基金预算“三公”经费支出预算表": R.FUND_THREE_PUBLIC,
    "政府性基金预算财政拨款收入支出决算表": R.FUND,
    "国有资本经营预算支出表": R.STATE_CAPITAL,
    "政策和项目预算绩效目标表": R.PERFORMANCE,
    "2025年度预算项目绩效目标表（向社会公开）": R.PERFORMANCE,
    "一般公共预算机关运行经费支出预算表": R.OTHER,
    "政府采购预算表": R.OTHER,
}


@pytest.mark.parametrize("title,role", TITLES.items())
def test_role_of_title(title, role):
    assert role_of_title(title) is role
    assert role_of_title(" ".join(title)) is role  # letter-spaced titles read the same


@pytest.mark.parametrize("header,scale", [("单位：XX局 金额单位：万元", ("10000", "万元")),
                                          ("单位:元", ("1", "元")), ("金额单位： 千元", ("1000", "千元"))])
def test_scale_is_read_from_the_header(header, scale):
    got = scale_of_header(header)
    assert got is not None and (str(got[0]), got[1]) == scale


def test_no_scale_is_not_assumed():
    assert scale_of_header("单位收支总表") is None
