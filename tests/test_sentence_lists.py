"""A total's change against the changes of the numbered items that make it up (ingest/sentences.py, _list_changes):
items marked ①②…, a list that ends where its numbering starts again, an item whose change follows its amount without
naming the base. Real sentences of the corpus (document and page named)."""

from __future__ import annotations

from budgetkg.ingest.sentences import _items, issues

# 55_shaanxi-xian_minzhengju_2021_dept-budget.pdf p24–p25 (社会福利, its 项 ①–⑥)
XIAN_WELFARE = ("（5）社会福利（20810）18,571.74万元，较上年减少250.84万元，主要原因是：原市殡葬管理处改革为市民政综合执法支队。"
                "其中：①殡葬（2081004）4,495.36万元，较上年增加143.39万元，主要原因是原市殡葬管理处改革为市民政综合执法支队。"
                "②社会福利事业单位（2081005）7,580.39万元，较上年增加545.87万元，主要原因是列支社会福利科目核算的人员经费增加。"
                "③其他社会福利支出（2081099）2,315.00万元，较上年减少794.60万元，主要原因是专项业务经费减少。④儿童福利（2081001）"
                "911.00万元，较上年增加52.60万元，主要原因是集中供养儿童生活费提标。⑤老年福利（2081002）269.99万元，较上年减少"
                "3,198.10万元，主要原因是将养老机构运营奖励经费调整至养老服务科目核算。⑥养老服务（2081006）3,000.00万元，增加"
                "3,000.00万元，主要原因是将养老机构运营奖励经费从老年福利调整至养老服务核算。（6）残疾人事业（20811）2,860.00万元，"
                "较上年增加260.00万元，主要原因是预计2021年享受补贴人数增加。其中：①残疾人生活和护理补贴（2081107）2,860.00万元，"
                "较上年增加260.00万元。")
# 54_shaanxi-xian_xuanchuanbu_2021_dept-budget.pdf p5–p6: the 项 (1)–(11) of the 一般公共预算 total, then the same
# spending again by 人员经费 / 公用经费 (a second list starting at (1))
XIAN_PROPAGANDA = ("2021年本部门当年一般公共预算拨款支出25859.6万元，较上年增加19359.12万元，主要原因是2021年专项资金列入部门预算"
                   "的项目金额比2020年增加。2、支出按功能科目分类的明细情况。2021年本部门当年一般公共预算支出25859.6万元，其中："
                   "（1）行政运行（2013301）1765.18万元，较上年增加254.45万元，原因是2021年公用经费标准调整；（2）一般行政管理事务"
                   "（2013302）3096.4万元，较上年减少28.98万元，原因是压缩经费；（3）培训支出（2050803）109.6万元，较上年增加109.6"
                   "万元，原因是2020年预算培训费计入一般行政管理事务；（4）电影（2070607）338.16万元，较上年减少22.2万元，原因是2021年"
                   "电影放映场次预期较2020年减少；（5）文化产业发展专项支出（2079903）20000万元，较上年增加20000万元，原因是2020年"
                   "预算无内容；（6）机关事业单位基本养老保险缴费支出（2080505）145.00万元，较上年增加7.73万元，原因是2021年人员工资"
                   "增加；（7）机关事业单位职业年金缴费支出（2080506）72.5万元，较上年增加3.87万元，原因是2021年人员工资增加；（8）其他"
                   "社会保障和就业支出（2089999）1.58万元，较上年减少2.31万元，原因是金额减少；（9）行政事业单位医疗（2101101）38.74"
                   "万元，较上年增加4.39万元，原因是2021年人员工资增加；（10）住房公积金（2210201）192.99万元，较上年增加15.96万元，"
                   "原因是2021年人员工资增加；（11）购房补贴（2210203）99.45万元，较上年增加16.627万元，原因是2021年我单位申报的购房"
                   "补贴比2020年多。从人员经费、公用经费、专项业务经费来看，其中：（1）人员经费：①行政运行（2013201）1641.18万元，"
                   "较上年增加309.87万元，原因是2021年人员工资增加；（2）公用经费：①行政运行（2013201）124.00万元，较上年减少55.42"
                   "万元，原因是2020年其他交通费列入公用经费。")


def test_circled_items_and_a_change_without_its_base():
    assert [i for i in issues(XIAN_WELFARE) if i.check == "relation"] == []
    flipped = XIAN_WELFARE.replace("3,000.00万元，增加3,000.00万元", "3,000.00万元，减少3,000.00万元")
    [found] = [i for i in issues(flipped) if i.check == "relation"]
    assert found.stated == "250.84" and "-6250.84" in found.problem_zh
    turned = XIAN_WELFARE.replace("较上年增加52.60万元", "较上年减少52.60万元")
    assert [i.stated for i in issues(turned) if i.check == "relation"] == ["250.84"]


def test_a_list_ends_where_its_numbering_starts_again():
    items = _items(XIAN_PROPAGANDA[XIAN_PROPAGANDA.index("（1）行政运行"):])
    assert len(items) == 11 and items[-1].startswith("（11）购房补贴")
    # the page as printed: the 11 项 add up to the total 25859.6, but their changes to +20359.137, not +19359.12
    [found] = [i for i in issues(XIAN_PROPAGANDA) if i.check == "relation"]
    assert found.stated == "19359.12" and "20359.137" in found.problem_zh
    mended = XIAN_PROPAGANDA.replace("较上年增加20000万元", "较上年增加19000万元")
    assert [i for i in issues(mended) if i.check == "relation"] == []
