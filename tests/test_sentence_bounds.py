"""An increase larger than the amount it ends at (ingest/sentences.py, _below_zero): the year before would be below
zero. Real sentences of the corpus (document and page named), two of them wrong as printed."""

from __future__ import annotations

from budgetkg.ingest.sentences import issues

# 81_shanghai-putuo_wanli-jiedao_2023_dept-budget.pdf p6: the 基金 line copies the change of the line before it
WANLI_FUNDS = ("财政拨款支出预算中，一般公共预算拨款支出预算16497.86万元，比2022年预算增加1421.25万元；政府性基金拨款支出预算0万元，"
               "比2022年预算增加1421.25万元；国有资本经营预算拨款支出预算0万元，比2022年预算持平。")
# 36_jiangsu-wuxi_xinfangju_2025_dept-budget.pdf p33
XINFANG_TRAINING = "无锡市信访局2025年度一般公共预算拨款安排的培训费预算支出16.2万元，比上年预算减少20.19万元，主要原因是厉行节约。"
# 54_shaanxi-xian_xuanchuanbu_2021_dept-budget.pdf p11: 增加 9.49 where its one item fell by 1.49 ("减少的主要原因")
XIAN_THREE_PUBLIC = ("2021年本部门当年一般公共预算“三公”经费预算支出6.51万元，较上年增加9.49万元，减少的主要原因是2021年预算贯彻财政"
                     "“过紧日子”要求压缩经费。")


def below_zero(text: str) -> list[str]:
    return [i.stated for i in issues(text) if i.check == "relation" and "不能为负" in i.problem_zh]


def test_an_increase_larger_than_the_amount():
    assert below_zero(WANLI_FUNDS) == ["0"]  # wrong as printed
    assert below_zero(WANLI_FUNDS.replace("预算0万元，比2022年预算增加1421.25", "预算0万元，比2022年预算减少1421.25")) == []
    assert below_zero(XINFANG_TRAINING) == []
    assert below_zero(XINFANG_TRAINING.replace("减少20.19", "增加20.19")) == ["16.2"]
    assert below_zero(XIAN_THREE_PUBLIC) == ["6.51"]
    # an item of a 、 list: the change may be the list's total's
    assert below_zero("其中：基本支出30万元、项目支出5万元，比上年增加20万元。") == []
    assert below_zero("项目支出5万元，比上年增加5万元。") == []  # from 0: not below it
    # a part after its total's 其中: the change may be the total's
    assert below_zero("收入预算500.00万元，其中：财政拨款100.00万元，比上年增加200.00万元。") == []
    assert below_zero("财政拨款100.00万元，比上年增加200.00万元。") == ["100.00"]
