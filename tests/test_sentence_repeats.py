"""Statements the narrative makes twice must agree (ingest/sentences.py: the same change said to go opposite ways,
the same rate clause printed with two rates), and a growth rate after an amount's bracketed parts
(ingest/growth_rates.py). Real sentences of the corpus (document and page named): silent as printed, firing with one
word or number changed."""

from __future__ import annotations

from budgetkg.ingest.growth_rates import mismatches
from budgetkg.ingest.sentences import document_issues, issues

# 59_fujian-quanzhou_gonganju_2026_dept-budget.pdf p21: the income and the spending total, each "比上年增加 592.82万元"
QUANZHOU_TOTALS = ("2026年,泉州市公安局部门收入预算为81206.56万元，比上年增加592.82万元，主要原因是增加办案业务经费。其中：一般公共"
                   "预算拨款收入69059.36万元、政府性基金预算财政拨款收入0.00万元、其他收入4547.20万元、上年结转结余7600.00万元。"
                   "相应安排支出预算81206.56万元，比上年增加592.82万元，主要原因是增加办案业务支出。其中：基本支出51691.74万元、"
                   "项目支出29514.82万元。")
# 67_zhejiang-huzhou_weijianwei_2026_dept-budget.pdf p7: the income and the spending sections repeat their reasons
HUZHOU_INCOME = ("湖州市卫生健康委员会2026年收入预算515313.35万元，比上年执行数减少10087.38万元，下降1.9%，主要是政府性基金预算"
                 "收入较上年执行数下降45.9%，一般公共预算收入较上年执行数下降23.9%，事业收入较上年执行数增长7.6%。")
HUZHOU_SPENDING = HUZHOU_INCOME.replace("收入预算515313.35", "支出预算515313.35")
# 11_guangdong-guangzhou_tongjiju_2026_dept-budget.pdf p23: the parts of an amount in brackets before its change
GUANGZHOU_CARS = ("公务用车购置及运行维护费6.7万元（公务用车购置费0万元，比上年增加0万元；公务用车运行维护费6.7万元，比上年减少2.3"
                  "万元。）比上年减少2.3万元，下降25.6%，主要原因是厉行节约，利用社会化车辆保障公务用车，压减公务用车运行维护费预算；")
# 65_guangdong-zhuhai_shangwuju_2026_dept-budget.pdf p30
ZHUHAI_CARS = ("公务用车购置及运行维护费0万元（公务用车购置费0万元，比上年增加0万元；公务用车运行维护费0万元，比上年增加0万元。）"
               "比上年增加0万元，增长0%，主要原因是与上年持平，无增减变化；")


def test_the_same_change_said_to_go_both_ways_against_last_year():
    assert issues(QUANZHOU_TOTALS) == []
    flipped = QUANZHOU_TOTALS.replace("相应安排支出预算81206.56万元，比上年增加", "相应安排支出预算81206.56万元，比上年减少")
    found = [i for i in issues(flipped) if i.check == "relation"]
    assert len(found) == 2 and all("方向相反" in i.problem_zh and i.stated == "81206.56" for i in found)
    # another base (上年 vs 上年预算) is another comparison: nothing to hold
    other = flipped.replace("相应安排支出预算81206.56万元，比上年减少", "相应安排支出预算81206.56万元，比上年预算减少")
    assert [i for i in issues(other) if "方向相反" in i.problem_zh] == []
    # two small round amounts may be two things: not compared
    assert issues("公务接待费2万元，比上年增加1万元。因公出国（境）费2万元，比上年减少1万元。") == []


def test_the_same_change_in_two_sections():
    income, spending = QUANZHOU_TOTALS.split("相应安排")
    assert document_issues([income, spending]) == []
    found = document_issues([income, spending.replace("比上年增加", "比上年减少")])
    assert {k for k, _ in found} == {0, 1} and all(i.check == "relation" for _, i in found)
    assert document_issues([QUANZHOU_TOTALS, ""]) == []  # one section saying both is issues()'s


def test_a_rate_clause_repeated_with_another_rate():
    assert document_issues([HUZHOU_INCOME, HUZHOU_SPENDING]) == []
    [(k, issue)] = document_issues([HUZHOU_INCOME, HUZHOU_SPENDING.replace("下降23.9%", "下降24.9%")]
                                   + [HUZHOU_INCOME])  # three places, one odd: the odd one
    assert k == 1 and issue.check == "growth" and issue.stated == "24.9" and "23.9" in issue.problem_zh
    both = document_issues([HUZHOU_INCOME.replace("下降45.9%", "下降46.9%"), HUZHOU_SPENDING])
    assert sorted(k for k, _ in both) == [0, 1]
    [(_, turned), _] = document_issues([HUZHOU_INCOME.replace("增长7.6%", "下降7.6%"), HUZHOU_SPENDING])
    assert turned.check == "relation"
    # a clause before that states only a year is no statement of its own: two funds' 基本支出 may differ
    assert document_issues(["2026年，基本支出比上年增长5%。", "2026年，基本支出比上年增长7%。"]) == []
    # the clause before must be the same statement: other reasons, other subjects, are not compared
    assert document_issues([HUZHOU_INCOME, HUZHOU_SPENDING.replace("下降1.9%", "下降2.0%").replace(
        "下降45.9%", "下降46.9%")]) == []


def test_growth_after_the_bracketed_parts_of_an_amount():
    assert mismatches(GUANGZHOU_CARS) == [] and mismatches(ZHUHAI_CARS) == []
    [bad] = mismatches(GUANGZHOU_CARS.replace("下降25.6%", "下降26.6%"))
    assert "25.56" in bad.problem_zh and bad.text.startswith("6.7万元")
    [zero] = mismatches(ZHUHAI_CARS.replace("增长0%", "增长1%"))
    assert "为 0" in zero.problem_zh


# 69_jiangsu_renda-bgt_2017_dept-budget.pdf p23: a short remark between the amount and its change
RENDA_INCOME = ("其中：（一）收入预算总计13649.07万元。全部由省财政拨款。与上年相比增加844.15万元，增长6.59%。（二）支出预算总计"
                "13649.07万元。")


def test_growth_with_a_short_remark_before_the_change():
    assert mismatches(RENDA_INCOME) == []
    [bad] = mismatches(RENDA_INCOME.replace("增长6.59%", "增长7.59%"))
    assert "6.59" in bad.problem_zh and bad.text.startswith("其中：（一）收入预算总计13649.07万元")
    # a remark that states a figure of its own: which amount changed is not certain
    assert mismatches(RENDA_INCOME.replace("全部由省财政拨款", "全部由2个来源拨款").replace("增长6.59%", "增长7.59%")) == []
