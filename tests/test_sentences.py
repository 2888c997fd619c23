"""Family 1 of issue 14 — a sentence agrees with itself (ingest/sentences.py, shapes/sentences.ttl).

Each check is tried on real sentences of the corpus (document and page named): silent where the page is right,
firing where the page is wrong, and firing on the same sentence with one word or number changed.
"""

from __future__ import annotations

import pytest

from budgetkg.ingest.sentences import issues


def checks(text: str) -> list[str]:
    return [i.check for i in issues(text)]


# 05_shanghai-putuo_caizhengju_2024_dept-final.pdf p21
PUTUO_COMPLETION = ("一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%。"
                    "决算数小于预算数的主要原因：因年度工作计划安排，个别信息化项目和中介机构服务调减。")
PUTUO_SHARES = ("一般公共预算财政拨款支出2940.05万元，主要用于以下方面：一般公共服务支出（类）2106.66万元，占71.73%；"
                "社会保障和就业支出（类）326.72万元，占11.11%；卫生健康支出（类）60.99万元，占2.07%；"
                "住房保障支出（类）445.69万元，占15.16%；（三）一般公共预算财政拨款支出决算具体情况。")
PUTUO_TOTALS = ("三、支出决算情况说明本年支出合计2940.05万元，其中：基本支出2336.91万元，占79.49%；"
                "项目支出603.14万元，占20.51%；")
# 41_central_guojia-xinfangju_2024_dept-final.pdf p21 and p25
XINFANG_COMPLETION = ("年初预算为 5717.32 万元，支出决算为 5757.63 万元，完成年初预算的 100.71%。"
                      "决算数大于预算数的主要原因是2024年度预算执行中追加了预算，相应增加支出。")
XINFANG_THREE_PUBLIC = ("2024年度“三公”经费财政拨款支出决算中，因公出国（境）费支出决算4.69万元，占10.15%；"
                        "公务用车购置及运行费支出决算40.61万元，占87.88%；公务接待费支出决算0.9万元，占1.95%。")
# 57_shaanxi-xian_weijianwei_2022_dept-final.pdf p21, p46, p10
XIAN_THREE_PUBLIC = ("2022年度财政拨款安排“三公”经费支出预算593.46万元，支出决算587.55万元，完成预算的99%，"
                     "决算数较预算数减少5.91万元，主要原因是：厉行节约，压缩三公经费。")
XIAN_PROJECT = ("54.西安市第三医院二期扩建项目绩效自评综述：全年预算数21143.98万元，执行数21143.98万元，完成预算的35%。"
                "项目绩效目标完成情况：2022年完成资金支付。")
XIAN_EXPENDITURE = ("三、支出决算情况说明2022年度本年支出合计2,074,962.01万元，其中：基本支出1,168,039.29万元，占56.29%；"
                    "项目支出906,922.72万元，占43.71%。")
XIAN_ZERO_BUDGET = ("年初预算0万元，支出决算56万元，决算数大于年初预算数的主要原因是：西安急救中心对该功能科目使用错误。")
# 79_jiangsu_gaoyuan_2018_dept-budget.pdf p20; 63_shandong-yantai_caizhengju_2026_dept-budget.pdf p29
GAOYUAN_PENSION = ("行政事业单位离退休（款）机关事业单位基本养老保险缴费支出（项）支出1326.81万元，"
                   "与上年相比增加1326.81万元，增长100%。主要原因是机关事业单位养老保险制度改革。")
YANTAI_THREE_PUBLIC = ("2026年通过一般公共预算财政拨款安排的“三公”经费预算共23.4万元，比上年增加13万元，增长125％。"
                       "主要原因是：新增因公出国（境）费预算13万元。其中：1.因公出国（境）费13万元，比上年增加13万元，增长100％，"
                       "主要原因是2025年因核心工作需要。")
# 78_jiangsu_gaoyuan_2017_dept-budget.pdf p11 (182.92 / 28849.38 = 0.634 %, printed 0.64 % so that the list is 100 %)
GAOYUAN_2017 = ("江苏省高级人民法院2017年支出预算28849.38 万元，其中：基本支出 17123.19 万元，占 59.35%；"
                "项目支出 11543.27 万元，占 40.01%；单位预留机动经费 182.92 万元，占 0.64%。")
# 36_jiangsu-wuxi_xinfangju_2025_dept-budget.pdf p26
WUXI_GROWTH = "无锡市信访局2025年度财政拨款收、支总预算2,723.94万元，与上年相比增加26.21万元，增长0.97%。"


@pytest.mark.parametrize("text", [PUTUO_COMPLETION, PUTUO_TOTALS, XINFANG_COMPLETION, XINFANG_THREE_PUBLIC,
                                  XIAN_THREE_PUBLIC, XIAN_EXPENDITURE, XIAN_ZERO_BUDGET, WUXI_GROWTH])
def test_right_sentences_are_silent(text):
    assert issues(text) == []


def test_relation_against_the_two_amounts():
    assert checks(PUTUO_COMPLETION.replace("决算数小于预算数", "决算数大于预算数")) == ["relation"]
    assert checks(XINFANG_COMPLETION.replace("决算数大于预算数", "决算数小于预算数")) == ["relation"]
    assert checks(XINFANG_COMPLETION.replace("决算数大于预算数", "决算数与预算数持平")) == ["relation"]
    assert checks(XIAN_ZERO_BUDGET.replace("大于", "小于")) == ["relation"]
    assert checks(XIAN_THREE_PUBLIC.replace("决算数较预算数减少", "决算数较预算数增加")) == ["relation"]
    assert checks(XIAN_THREE_PUBLIC.replace("减少5.91万元", "减少9.51万元")) == ["relation"]
    # X万元，比上年 B万元增加 D万元 with X < B (the sentence of growth_rates' docstring, direction swapped)
    assert checks("收入预算45557.68万元，比2025年年初预算数51036.22万元增加5478.54万元。") == ["relation"]
    assert checks("收入预算51036.22万元，比2025年年初预算数45557.68万元增加5478.54万元。") == []


def test_completion_rate_against_its_base():
    assert checks(PUTUO_COMPLETION.replace("98.20%", "98.02%")) == ["completion-rate"]
    assert checks(XIAN_THREE_PUBLIC.replace("完成预算的99%", "完成预算的96%")) == ["completion-rate"]
    # the page's own error: 21143.98 of 21143.98 is 100 %, printed 35 %
    found = issues(XIAN_PROJECT)
    assert [i.check for i in found] == ["completion-rate"] and "100.00" in found[0].problem_en
    # both budgets stated: the rate must be on the one it names
    both = "年初预算为2000.00万元，全年预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%。"
    wrong_base = issues(both)
    assert [i.check for i in wrong_base] == ["completion-rate"] and "全年预算" in wrong_base[0].problem_zh
    assert checks(both.replace("完成年初预算", "完成全年预算")) == []
    assert checks(both.replace("完成年初预算的98.20%", "完成预算的98.20%")) == []  # which budget: not determined


def test_rates_over_a_zero_base_are_undefined():
    assert checks(GAOYUAN_PENSION) == ["zero-base"]
    assert checks(YANTAI_THREE_PUBLIC) == ["zero-base"]  # the 23.4 / 13 → 125 % sentence is right
    assert checks("“三公”经费财政拨款支出年初预算为0.00万元，支出决算为0.00万元，完成预算的0.00%。") == ["zero-base"]
    assert checks(XIAN_ZERO_BUDGET) == []  # 年初预算 0 with no rate stated


def test_share_recomputed_within_its_sentence():
    found = issues(PUTUO_SHARES)  # the page's own error: 2106.66 / 2940.05 = 71.65 %
    assert [i.check for i in found] == ["share"] and "71.65" in found[0].problem_en
    assert checks(PUTUO_TOTALS.replace("占79.49%", "占79.94%")) == ["share"]
    assert checks(XIAN_EXPENDITURE.replace("占56.29%", "占58.29%")) == ["share"]
    # a list without its total: shares that add up to 100 % make the list complete
    assert checks("基本支出1,168,039.29万元，占56.29%；项目支出906,922.72万元，占43.71%。") == []
    assert checks("基本支出1,168,039.29万元，占55.29%；项目支出906,922.72万元，占44.71%。") == ["share", "share"]
    # one unit of the last digit off where the list was balanced to 100 %: Info, not a Violation
    assert checks(GAOYUAN_2017) == ["share-rounding"]


def test_shares_of_one_list_add_up():
    assert checks(XINFANG_THREE_PUBLIC.replace("占87.88%", "占97.88%")) == ["shares-total"]
    # the parts make up the total, each share within its rounding, the list short of 100 %
    short = "本年支出合计100.00万元，其中：基本支出33.33万元，占33.3%；项目支出33.33万元，占33.3%；其他支出33.34万元，占33.3%。"
    assert checks(short) == []  # 99.9 is within 3 × 0.05
    assert checks(short.replace("其他支出33.34万元，占33.3%", "其他支出33.34万元，占33.4%")) == ["share-rounding"]
    assert checks("本年支出合计100.00万元，其中：基本支出60.00万元，占60%；项目支出40.00万元，占40%；"
                  "事业单位经营支出0万元，占5%。") == ["share"]


def test_growth_split_over_two_sentences():
    split = WUXI_GROWTH.replace("，增长0.97%", "。增长0.97%")
    assert checks(split) == []
    assert checks(split.replace("增长0.97%", "增长9.7%")) == ["growth"]
    assert checks(split.replace("增长0.97%", "下降0.97%")) == ["growth"]


def test_the_shapes_report_the_sentences():
    """The validation copy carries the notes and each shape of shapes/sentences.ttl reports its own, naming the
    sentence and its section (05_shanghai-putuo p21's share, 57_shaanxi-xian p46's rate, 79_jiangsu_gaoyuan p20)."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import DCTERMS, RDF

    from budgetkg.ingest.validate import validate_document
    from budgetkg.ingest.vocab import CNB

    g = Graph()
    doc = URIRef("http://example.org/doc")
    g.add((doc, RDF.type, CNB.BudgetDocument))
    for k, text in enumerate([PUTUO_SHARES, XIAN_PROJECT, GAOYUAN_PENSION, PUTUO_COMPLETION, GAOYUAN_2017]):
        section = URIRef(f"http://example.org/doc/section/{k}")
        g.add((doc, CNB.hasSection, section))
        g.add((section, RDF.type, CNB.NarrativeSection))
        g.add((section, DCTERMS.title, Literal(f"说明{k}", lang="zh")))
        g.add((section, CNB.sectionText, Literal(text, lang="zh")))
    report = validate_document(g, lang="en")
    found = {(f.rule, f.severity): f for f in report.findings if f.rule.startswith("sentence-")}
    assert set(found) == {("sentence-share", "Violation"), ("sentence-completion-rate", "Violation"),
                          ("sentence-zero-base", "Warning"), ("sentence-share-rounding", "Info")}
    share = found["sentence-share", "Violation"]
    assert "71.73" in share.message_en and "71.65" in share.message_en and "71.65" in share.message_zh
    assert share.sides[0].kind == "section" and share.sides[0].table == "说明0"


def test_a_rate_without_its_base_is_held_against_the_table():
    """41_central_guojia-xinfangju_2024_dept-final.pdf p24: "其中：因公出国（境）费支出决算为 4.69 万元，完成预算的 15.63%"
    states no budget; the 三公 table's 预算数/因公出国（境）费 (30.00) does: 4.69 / 30.00 = 15.63 % (silent as printed),
    and 25.63 % is reported with both cells."""
    from budgetkg.ingest.api import parse_document
    from budgetkg.ingest.validate import validate_parsed
    from budgetkg_testing import CORPUS

    path = next((CORPUS / "wide").glob("41_central_guojia-xinfangju_2024_dept-final.pdf"), None)
    if path is None:
        pytest.skip("the wide corpus is absent")
    doc = parse_document(path)
    assert not [f for f in validate_parsed(doc).findings if f.rule.startswith("sentence-")]
    for claim in doc.claims:
        claim.sentence = claim.sentence.replace("15.63%", "25.63%")
    for section in doc.sections:
        section.text = section.text.replace("15.63%", "25.63%")
    found = [f for f in validate_parsed(doc, lang="en").findings if f.rule.startswith("sentence-")]
    assert [f.rule for f in found] == ["sentence-completion-rate"]
    assert "30.00 is 15.63 %, not 25.63 %" in found[0].message_en
    assert [s.kind for s in found[0].sides] == ["claim", "section", "cell", "cell"]
    assert found[0].sides[0].value == "4.69万元" and found[0].sides[0].page == 24
    assert {s.column for s in found[0].sides[2:]} == {"预算数/因公出国（境）费", "决算数/因公出国（境）费"}


def test_a_list_without_its_total():
    """41 国家信访局 p25: the 三公 list states no total (46.21, in the sentence before) and its shares add up to
    99.98 % — within the precision of 0.9万元; each part is held against Σ parts, and where one share is changed so that
    the list no longer adds up, the part whose implied total disagrees with the others' is the one reported."""
    assert checks(XINFANG_THREE_PUBLIC.replace("占10.15%", "占9.15%")) == ["share"]
    assert checks(XINFANG_THREE_PUBLIC.replace("占1.95%", "占2.95%")) == ["shares-total"]  # 100.98 %
    assert checks(XINFANG_THREE_PUBLIC.replace("占87.88%", "占86.88%")) == ["share"]


# 01_shanghai_shenjiju_2026_unit-budget.pdf p6: one change said three times
SHENJIJU_CHANGES = ("2026年，上海市审计局收入预算19,577万元，其中：财政拨款收入19,577万元，比2025年预算减少290万元；事业收入0万元；"
                    "事业单位经营收入0万元；其他收入0万元。支出预算19,577万元，其中：财政拨款支出预算19,577万元，比2025年预算减少"
                    "290万元。财政拨款支出预算中，一般公共预算拨款支出预算19,577万元，比2025年预算减少290万元；政府性基金拨款支出"
                    "预算为0；国有资本经营预算拨款支出预算为0。")


def test_the_same_change_said_in_opposite_directions():
    # no base is stated (比2025年预算减少290万元): the sentences are held against each other
    assert checks(SHENJIJU_CHANGES) == []
    flipped = SHENJIJU_CHANGES.replace("支出预算19,577万元，比2025年预算减少", "支出预算19,577万元，比2025年预算增加", 1)
    [issue] = issues(flipped)
    assert issue.check == "relation" and "增加290万元" in issue.text and "2句" in issue.problem_zh
    # two sentences, one each way: both are named (which one is wrong cannot be told)
    two = "财政拨款收入19,577万元，比2025年预算减少290万元。财政拨款支出预算19,577万元，比2025年预算增加290万元。"
    assert checks(two) == ["relation", "relation"]
    # another amount, or a change against another year, is no contradiction
    assert checks("财政拨款收入19,577万元，比2025年预算减少290万元。项目支出9,577万元，比2025年预算增加290万元。") == []


# 80_shanghai-putuo_wanli-jiedao_2024_dept-budget.pdf p6 and 87_shanghai-putuo_fuliyuan_2024_unit-budget.pdf p6: a rate
# against a figure the sentence names and states (2023年当年预算执行数)
WANLI_VS_EXECUTED = ("“一般公共服务支出（类）市场监督管理事务（款）一般行政管理事务（项）”13.52万元，主要用于市场监督管理事务一般行政"
                     "管理事务。2023年当年预算执行数为14.62万元，2024年预算安排13.52万元，比2023年预算执行数减少7.52%。主要原因是："
                     "市场监督管理事务一般行政管理事务经费减少。")
FULIYUAN_VS_EXECUTED = ("2023年当年预算执行数为35.35万元，2024年预算安排38.38万元，比2023年预算执行数增加8.57%。"
                        "主要原因是：根据实际支出。")
# 86_shanghai-putuo_sifaju_2026_dept-budget.pdf p9: the page's own error (its unit's budget, 02 p6, prints 3269.3)
SIFAJU_VS_EXECUTED = ("2025年当年预算执行数为43269.3万元，2026年预算安排3845.49万元，比2025年预算执行数增加17.62%。"
                      "主要原因是：业务量增加。")
# 93_central-chongqing_xinan-daxue_2024_dept-final.pdf p17: the 2023 决算数 is printed nowhere in the document
XINAN_VS_FINAL = "2.高中教育（2050204），2024 年度决算数为 17,702.80万元，比 2023 年度决算数增长 5.56%。"


def test_a_rate_against_the_figure_the_sentence_names():
    assert issues(WANLI_VS_EXECUTED) == [] and issues(FULIYUAN_VS_EXECUTED) == []
    assert checks(WANLI_VS_EXECUTED.replace("执行数减少", "执行数增加")) == ["relation"]
    assert checks(FULIYUAN_VS_EXECUTED.replace("执行数增加", "执行数减少")) == ["relation"]
    assert checks(FULIYUAN_VS_EXECUTED.replace("8.57%", "9.57%")) == ["growth"]
    assert checks(WANLI_VS_EXECUTED.replace("7.52%", "8.52%")) == ["growth"]
    found = issues(SIFAJU_VS_EXECUTED)
    assert [i.check for i in found] == ["relation"] and "43269.3" in found[0].problem_zh
    # a figure the sentence does not state, or states under another name: not checked
    assert checks(XINAN_VS_FINAL) == [] and checks(XINAN_VS_FINAL.replace("5.56", "6.56")) == []
    assert checks(WANLI_VS_EXECUTED.replace("比2023年预算执行数减少7.52%", "比2023年决算数增加7.52%")) == []


# 68_zhejiang-huzhou_caizhengju_2026_dept-budget.pdf p11
HUZHOU_DECLINE = ("1.因公出国（境）费用：根据因公出国计划和实际工作需要，2026年安排因公出国（境）费用预算0.00万元，比上年预算数下降"
                  "100%。减少的主要原因是按照厉行节约有关要求，因公出国（境）经费按“一类事”统筹管理。")


def test_a_decline_is_at_most_100_percent():
    assert issues(HUZHOU_DECLINE) == []
    assert checks(HUZHOU_DECLINE.replace("下降100%", "下降101%")) == ["growth"]
    assert checks(HUZHOU_DECLINE.replace("下降100%", "下降10%")) == ["growth"]  # down to 0 is 100 %
    assert checks(HUZHOU_DECLINE.replace("预算0.00万元", "预算5.80万元").replace("下降100%", "下降10%")) == []


# 71_jiangsu_renda-bgt_2019_dept-budget.pdf p16 and p12: the net change restated after its reasons
RENDA_NET = ("江苏省人大常委会办公厅2019年度一般公共预算拨款安排的会议费预算支出1469.73万元，比上年预算增加164.48万元，主要原因"
             "按规定运转类专项经费统一压减10%，根据实际开支人代会专项经费增加200万元，增减相抵后增加164.48万元。")
RENDA_NET_NEXT = ("项目支出预算数为6459.58万元。与上年相比增加125.62万元，增长1.98%。主要原因是运转类项目经费统一压减10%，综合管理费"
                  "专项增加209万用于办公用房租赁，江苏省第十三届人代会二次会议经费专项增加200万元，外事经费专项增加200万元，信息化建设"
                  "经费专项增加55万元，增减相抵后项目支出预算数增加125.62万元。")


def test_the_net_change_goes_the_way_of_the_change():
    assert issues(RENDA_NET) == [] and issues(RENDA_NET_NEXT) == []
    assert checks(RENDA_NET.replace("比上年预算增加", "比上年预算减少")) == ["relation"]
    assert "relation" in checks(RENDA_NET_NEXT.replace("与上年相比增加", "与上年相比减少"))


# 43_hunan-changsha_gonganju_2025_dept-budget.pdf p6-p7: the change of the total in the next sentence, its subject named
CHANGSHA_SPLIT = ("（二）支出预算：2025 年本单位支出预算 68632.12 万元，其中：一般公共服务支出 3.00 万元，公共安全支出 68629.12"
                  "万元。支出较去年减少 1316.82 万元，下降 1.88%。主要是依政策压减项目经费等原因。")


def test_a_change_in_the_next_sentence_of_a_total_and_its_parts():
    from budgetkg.ingest.growth_rates import mismatches

    assert mismatches(CHANGSHA_SPLIT) == []
    [bad] = mismatches(CHANGSHA_SPLIT.replace("1.88%", "2.88%"))
    assert "1.88" in bad.problem_zh
    # the subject is one of the parts, not the total: which amount changed is not certain
    assert mismatches(CHANGSHA_SPLIT.replace("支出较去年", "公共安全支出较去年").replace("1.88%", "2.88%")) == []


# 10_beijing_zhengfu-bangongting_2026_dept-budget.pdf p5 and 09_beijing_tongjiju_2026_dept-budget-narrative.pdf p5:
# shares of a base named (占本年支出预算) and stated in an earlier sentence
ZHENGFU_NAMED = ("2026年支出预算14894.79万元，比2025年年初预算数14708.87万元增加185.92万元，增长1.26%。主要原因是增加人员导致预算"
                 "支出增长。（一）基本支出。基本支出预算12408.16万元，占本年支出预算83.31%。（二）项目支出。项目支出预算2486.63万元，"
                 "占本年支出预算16.69%。其中：1.事业单位经营支出0万元。")
# 51036.22 includes 年终结转结余资金 108.27: the two shares are of 基本 + 项目 (50927.95), which base is meant is not certain
TONGJIJU_NAMED = ("2026年支出预算51036.22万元，比2025年年初预算数45557.68万元增加5478.54万元，增长12.03%。主要原因是增加北京市第四次"
                  "全国农业普查项目经费。（一）基本支出。基本支出预算32780.46万元，占本年支出预算64.37%。（二）项目支出。项目支出预算"
                  "18147.49万元，占本年支出预算35.63%。其中：1.事业单位经营支出0万元。（三）年终结转结余资金108.27万元。")
# 57_shaanxi-xian_weijianwei_2022_dept-final.pdf p22; 93_central-chongqing_xinan-daxue_2024_dept-final.pdf p19 (its own
# error: 7,295.12 ÷ 12,127.08 = 60.16 %)
XIAN_SMALL = ("（二）政府采购授予中小企业合同金额24,498.01万元，占政府采购支出合同总额的9%，其中：授予小微企业合同金额7,086.06万元，"
              "占授予中小企业合同金额的28.93%；货物采购授予中小企业合同金额占政府采购货物支出合同的4.07%。")
XINAN_SMALL = ("授予中小企业合同金额12,127.08万元，占政府采购支出总额的79.02%，其中：授予小微企业合同金额7,295.12万元，占授予中小"
               "企业合同金额的60.02%；货物采购授予中小企业合同金额占货物支出金额的55.48%。")


def test_a_share_of_a_named_base_stated_before():
    assert issues(ZHENGFU_NAMED) == [] and issues(TONGJIJU_NAMED) == [] and issues(XIAN_SMALL) == []
    assert checks(ZHENGFU_NAMED.replace("16.69%", "17.69%")) == ["share"]
    assert checks(ZHENGFU_NAMED.replace("83.31%", "84.31%")) == ["share"]
    assert "share" in checks(TONGJIJU_NAMED.replace("64.37%", "65.37%"))
    assert checks(XIAN_SMALL.replace("28.93%", "29.93%")) == ["share"]
    found = issues(XINAN_SMALL)
    assert [i.check for i in found] == ["share"] and "60.16" in found[0].problem_zh
    # a base stated twice with two values: not certain which
    assert checks("支出预算100.00万元。支出预算200.00万元。基本支出预算50.00万元，占支出预算40%。") == []


# 69_jiangsu_renda-bgt_2017_dept-budget.pdf p28: "占“三公”经费的" with no 三公 total stated — the three shares all imply
# one base (≈ 2542.6, 三公 with 会议费 and 培训费)
RENDA_THREE_PUBLIC = ("江苏省人大常委会办公厅2017年度一般公共预算拨款安排的“三公”经费预算支出中，因公出国（境）费支出222.5万元，"
                      "占“三公”经费的8.75%；公务用车购置及运行费支出183.6万元，占“三公”经费的7.22%；公务接待费支出427.5万元，"
                      "占“三公”经费的16.81%。具体情况如下：")
# 74_jiangsu_shengwei-bgt_2017_dept-budget.pdf p7: one list over three sentences
SHENGWEI_ITEMS = ("省委办公厅本年支出预算合计20849.45万元，其中：基本支出9964.07万元，占47.79%。项目支出10688.66万元，占51.27%。"
                  "单位预留机动经费196.72万元，占0.94%。")
# 93_central-chongqing_xinan-daxue_2024_dept-final.pdf p17: 16,151.67 is 3.35 % of the sum, printed 3.36 so that the
# list adds up to 100 %
XINAN_FUNCTIONS = ("按照支出功能科目划分，教育支出 448,061.80 万元，占总支出的 93.06%；科学技术支出 1,989.00 万元，占总支出的0.41%；"
                   "社会保障和就业支出 15,171.49 万元，占总支出的3.15%；住房保障支出 16,151.67 万元，占总支出的 3.36%；其他支出 109.50 "
                   "万元，占总支出的 0.02%。")


def test_shares_of_a_base_not_stated_and_lists_over_sentences():
    assert issues(RENDA_THREE_PUBLIC) == [] and issues(SHENGWEI_ITEMS) == []
    assert checks(RENDA_THREE_PUBLIC.replace("8.75%", "9.75%")) == ["share"]
    assert checks(RENDA_THREE_PUBLIC.replace("16.81%", "17.81%")) == ["share"]
    assert checks(SHENGWEI_ITEMS.replace("0.94%", "1.94%")) == ["share"]
    assert checks(SHENGWEI_ITEMS.replace("51.27%", "52.27%")) == ["share"]
    assert checks(XINAN_FUNCTIONS) == ["share-rounding"]
    assert checks(XINAN_FUNCTIONS.replace("0.41%", "1.41%")) == ["shares-total"]  # 101 %


def test_a_copied_clause_is_reported_at_its_own_sentence():
    """86_shanghai-putuo_sifaju_2026_dept-budget.pdf p9 prints '比2025年预算执行数增加17.66%' twice: right for 183.95 over
    156.34, copied for 91.97 over 77.99 (17.93 %). The finding is the second sentence's, with its own words and page."""
    from budgetkg.ingest.api import parse_document
    from budgetkg.ingest.validate import validate_parsed
    from budgetkg_testing import CORPUS

    path = next((CORPUS / "wide").glob("86_shanghai-putuo_sifaju_2026_dept-budget.pdf"), None)
    if path is None:
        pytest.skip("the wide corpus is absent")
    found = [f for f in validate_parsed(parse_document(path), lang="en").findings if f.rule == "sentence-growth"]
    [copied] = [f for f in found if "91.97" in f.message_en]
    assert "17.93 %" in copied.message_en and copied.sides[0].kind == "claim" and copied.sides[0].page == 9
    assert "77.99" in (copied.sides[0].verbatim or "") and "156.34" not in (copied.sides[0].verbatim or "")
    assert not [f for f in found if "183.95" in f.message_en]


# 78_jiangsu_gaoyuan_2017_dept-budget.pdf p22
GAOYUAN_CASES = ("4． 法院（款）案件审判（项）支出1733.3万元，与上年相比减少200万元，减少10.35%。主要原因是案件审判经费2017年度预算"
                 "安排较上年压减200万元。")


def test_a_change_and_its_rate_going_opposite_ways():
    """Found by ingest.growth_rates, reported as the sentence's relation (at its claim), not as a growth rate."""
    from budgetkg.ingest.growth_rates import mismatches

    assert issues(GAOYUAN_CASES) == [] and mismatches(GAOYUAN_CASES) == []
    flipped = GAOYUAN_CASES.replace("减少10.35%", "增加10.35%")
    [issue] = issues(flipped)
    assert issue.check == "relation" and issue.stated == "10.35" and "方向相反" in issue.problem_zh
    assert [m.direction for m in mismatches(flipped)] == [True]  # not a node of cnbsh:growth-rate


# 13_chongqing_shiwei-xuanchuanbu_2026_dept-budget.pdf p4: a total's change and its parts' changes
XUANCHUAN_PARTS = ("2026年一般公共预算财政拨款收入37,891.58万元，一般公共预算财政拨款支出37,891.58万元，比2025年增加800.94万元。"
                   "其中：基本支出12,899.62万元，主要用于保障在职人员工资福利及社会保险缴费、离休人员离休费、退休人员补助等，保障部门"
                   "正常运转的各项商品服务支出，比2025年增加726.21万元，主要原因是新招录进入一批职工，导致人员经费增加；项目支出"
                   "24,991.96万元，主要用于理论舆论、内宣外宣、文化文明、人才建设、全媒体建设、文化产业项目扶持和开展文物保护和博物馆"
                   "运维等重点工作，比2025年增加74.73万元，主要原因是新增了科技影视产业奖补资金1000万元、压减重报广电全媒体体系建设"
                   "专项资金190万元，以及重庆歌乐山烈士陵园烈士纪念设施提质改造工程完工结项资金减少700万元等。")


def test_the_changes_of_the_parts_add_up_to_the_total_change():
    assert issues(XUANCHUAN_PARTS) == []
    assert checks(XUANCHUAN_PARTS.replace("比2025年增加800.94", "比2025年减少800.94")) == ["relation"]
    assert checks(XUANCHUAN_PARTS.replace("比2025年增加726.21", "比2025年减少726.21")) == ["relation"]
    # parts that do not make up the total (24,991.96 → 20,991.96): their changes need not add up
    assert checks(XUANCHUAN_PARTS.replace("比2025年增加800.94", "比2025年减少800.94").replace("24,991.96", "20,991.96")) == []


# 66_guangdong-zhuhai_gongwu-zhongxin_2026_dept-budget.pdf p20; 71_jiangsu_renda-bgt_2019_dept-budget.pdf p12
ZHUHAI_NO_CHANGE = "2026年本部门财政拨款安排“三公”经费0万元，比上年增加0万元，增长0%，主要原因是与上年持平，无增减变化。"
RENDA_TOTALS = ("江苏省人大常委会办公厅2019年度财政拨款收、支总预算18330.37万元。与上年相比，财政拨款收、支总计各增加2432.93万元，"
                "增长15.3%。主要原因是增人增资、政策性增资、住房公积金和提租补贴调整。")


def test_growth_rates_of_no_change_and_of_a_total_named_otherwise():
    from budgetkg.ingest.growth_rates import mismatches

    assert mismatches(ZHUHAI_NO_CHANGE) == [] and mismatches(RENDA_TOTALS) == []
    [none] = mismatches(ZHUHAI_NO_CHANGE.replace("增长0%", "增长1%"))
    assert "0%" in none.problem_zh and not none.direction
    [total] = mismatches(RENDA_TOTALS.replace("15.3%", "16.3%"))
    assert "15.30" in total.problem_zh
    # another subject than the first sentence's total: not read
    assert mismatches(RENDA_TOTALS.replace("财政拨款收、支总计各增加", "项目支出增加").replace("15.3%", "16.3%")) == []


# 02_shanghai_shujuju_2026_unit-budget.pdf p22 and 80_shanghai-putuo_wanli-jiedao_2024_dept-budget.pdf p32: a total's change
# and its numbered items' (a sub-list of its own under （二）, 持平 for 0, the change of （三） in the next sentence)
SHUJUJU_THREE_PUBLIC = ("2026年“三公”经费预算数为143.14万元，比2025年预算减少20.36万元。其中：（一）因公出国（境）费109.14万元，比2025年"
                        "预算增加4.14万元，主要原因是所属单位数转中心的预算合并至本级。（二）公务用车购置及运行费14.00万元，比2025年预算"
                        "减少24.50万元，主要原因是无公务用车购置。其中：公务用车购置费0.00万元，比2025年预算减少28.00万元，主要原因是未"
                        "安排公务用车购置；公务用车运行费14.00万元，比2025年预算增加3.50万元，主要原因是增加一部公务用车。（三）公务接待费"
                        "20.00万元，与2025年预算持平。")
WANLI_THREE_PUBLIC = ("2024年“三公”经费预算数为47.91万元，比2023年预算增加25万元。其中：（一）因公出国（境）费0万元，比2023年预算持平。"
                      "主要原因是因公出国（境）费保持不变。（二）公务用车购置及运行费46.56万元，比2023年预算增加25万元，主要原因是购置公务"
                      "用车。其中：公务用车购置费25万元，比2023年预算增加25万元，主要原因是购置公务用车；公务用车运行费21.56万元，比2023年"
                      "预算持平，主要原因是公务车用车运行费保持不变。（三）公务接待费1.35万元。比2023年预算持平，主要原因是公务接待费保持"
                      "不变。")
# 62_shandong-yantai_jiaotongju_2026_dept-budget.pdf p23: item 2 states no change of its own (与上年基本持平 is its 购置费's)
YANTAI_JIAOTONG = ("2026年通过一般公共预算财政拨款安排的“三公”经费预算共211.18万元，比上年减少56.91万元，下降21.23％。主要原因是一是"
                       "根据全市公车统管要求，上交部分公车进行统一管理。其中：1.因公出国（境）费0万元，与上年基本持平。2.公务用车购置及运行"
                       "费206.42万元，包括公务用车购置费0万元，与上年基本持平；公务用车运行维护费206.42万元，比上年减少52.91万元，下降"
                       "20.4％，主要原因是根据全市公车统管要求。3.公务接待费4.76万元，比上年减少4万元，下降45.66％，主要原因是进一步落实"
                       "政府过“紧日子”要求，压减公务接待费。")


def test_a_total_change_against_its_numbered_items():
    assert issues(SHUJUJU_THREE_PUBLIC) == [] and issues(WANLI_THREE_PUBLIC) == []
    assert checks(SHUJUJU_THREE_PUBLIC.replace("比2025年预算减少20.36", "比2025年预算增加20.36")) == ["relation"]
    assert checks(SHUJUJU_THREE_PUBLIC.replace("比2025年预算增加4.14", "比2025年预算减少4.14")) == ["relation"]
    # the sub-list of （二）: its parts' changes against its own
    # (and 0.00 up 28.00 puts the year before below zero: a second reason, said as such)
    assert checks(SHUJUJU_THREE_PUBLIC.replace("比2025年预算减少28.00", "比2025年预算增加28.00")) == ["relation", "relation"]
    assert checks(WANLI_THREE_PUBLIC.replace("比2023年预算增加25万元。其中", "比2023年预算减少25万元。其中")) == ["relation"]
    # items that state no change of their own, or do not make up the total: not checked
    assert issues(YANTAI_JIAOTONG) == []
    flipped = issues(YANTAI_JIAOTONG.replace("比上年减少4万元，下降45.66％", "比上年增加4万元，增长45.66％"))
    assert not [i for i in flipped if "所列各项" in i.problem_zh]
    assert checks(SHUJUJU_THREE_PUBLIC.replace("（三）公务接待费20.00万元", "（三）公务接待费25.00万元")
                  .replace("比2025年预算增加4.14", "比2025年预算减少4.14")) == []


# 60_fujian-quanzhou_gonganju-benji_2026_unit-budget.pdf p30; 80_shanghai-putuo_wanli-jiedao_2024_dept-budget.pdf p7
QUANZHOU_RUNNING = ("（一）机关运行经费。2026年泉州市公安局（本级）一般公共预算拨款安排的机关运行经费支出3587.96万元，比上年减少30.43万元，"
                    "降低0.84%。主要原因是：厉行节俭节约，压缩办公费、公务用车运行费等。")
WANLI_FROM_ZERO = ("2023年当年预算执行数为0.00万元，2024年预算安排25.00万元，比2023年预算执行数增加100.00%。主要原因是：其他教育支出"
                   "经费增加。")


def test_a_decrease_called_lowering_and_a_rise_from_zero():
    from budgetkg.ingest.growth_rates import mismatches

    assert issues(QUANZHOU_RUNNING) == [] and mismatches(QUANZHOU_RUNNING) == []
    assert checks(QUANZHOU_RUNNING.replace("比上年减少30.43", "比上年增加30.43")) == ["relation"]
    assert [m.problem_zh for m in mismatches(QUANZHOU_RUNNING.replace("降低0.84%", "降低1.84%"))] == ["按所列金额计算降低 0.84%"]
    assert issues(WANLI_FROM_ZERO) == []  # the rate over 0 is not computed
    assert checks(WANLI_FROM_ZERO.replace("执行数增加100.00%", "执行数减少100.00%")) == ["relation"]


# 57_shaanxi-xian_weijianwei_2022_dept-final.pdf p11: the change in the next sentence, two amounts its subject names (the
# rate is the 决算's); 67_zhejiang-huzhou_weijianwei_2026_dept-budget.pdf p17: '增长 D万元' for the change;
# 79_jiangsu_gaoyuan_2018_dept-budget.pdf p20: a rate without its % (the page's own error)
XIAN_FINAL_SPLIT = ("2022年度一般公共预算财政拨款支出年初预算139,217.01万元，支出决算296,047.75万元，完成年初预算的212.65%，占本年支出"
                    "合计的14.27%。与上年相比，财政拨款支出减少17,151.62万元，下降5.48%，下降的主要原因是：西安市红会医院北院区建设"
                    "财政拨款减少。")
HUZHOU_TRAVEL = ("2026年湖州市卫生健康委员会各单位差旅费预算150.30万元，比上年预算数增长32.85万元，增长28.0%，主要是公务出行根据业务"
                 "需求增长。")
GAOYUAN_NO_PERCENT = "5．法院（款）案件执行（项）支出950万元，与上年相比减少100 万元，减少 9.52，主要原因是压减了案件执行经费的支出预算安排。"


def test_growth_with_candidate_amounts_other_change_words_and_no_percent():
    from budgetkg.ingest.growth_rates import mismatches

    assert mismatches(XIAN_FINAL_SPLIT) == [] and mismatches(HUZHOU_TRAVEL) == []
    [split] = mismatches(XIAN_FINAL_SPLIT.replace("下降5.48%", "下降6.48%"))
    assert "2 个金额均不符" in split.problem_zh
    [travel] = mismatches(HUZHOU_TRAVEL.replace("增长28.0%", "增长29.0%"))
    assert "27.97" in travel.problem_zh
    assert checks(HUZHOU_TRAVEL.replace("增长32.85万元", "下降32.85万元")) == ["relation"]
    assert [m.direction for m in mismatches(GAOYUAN_NO_PERCENT)] == [False]  # the missing % only
    assert checks(GAOYUAN_NO_PERCENT) == []
    assert checks(GAOYUAN_NO_PERCENT.replace("减少 9.52", "增加 9.52")) == ["relation"]


# 31_jiangsu-suzhou_jiaotongju_2026_dept-budget.pdf p39
SUZHOU_THREE_PUBLIC = ("其中，因公出国（境）费支出0万元，占“三公”经费的0%；公务用车购置及运行维护费支出299.12万元，占“三公”经费的86.54%；"
                       "公务接待费支出46.51万元，占“三公”经费的13.46%。")


def test_nothing_is_no_share():
    assert issues(SUZHOU_THREE_PUBLIC) == []
    [zero] = issues(SUZHOU_THREE_PUBLIC.replace("经费的0%", "经费的1%"))
    assert zero.check == "share" and zero.stated == "1"


# 41_central_guojia-xinfangju_2024_dept-final.pdf p17: a long clause between the amount and its change;
# 50_shaanxi-xian_gonganju_2026_dept-budget.pdf p9: the change of the total a 、 list of its parts follows
XINFANG_OTHER_INCOME = ("2.其他收入878.44万元，为国家信访局及所属单位在财政拨款收入、事业收入、经营收入、附属单位上缴收入之外取得的收入，"
                        "例如：存款利息收入、房产出租收入、非同级财政拨款收入等，比2023年度决算数增加326.11万元，增长59.04%，主要原因是"
                        "非同级财政拨款收入增加。")
XIAN_POLICE_INCOME = ("本部门当年预算收入344,447.70万元，其中：一般公共预算拨款324,638.50万元、上年结转13,102.70万元、上年实户资金余额"
                      "3,262.49万元、其他收入3,444.00万元，较上年减少129,422.00万元，下降27.31%，下降的主要原因是：一是项目减少。")


def test_growth_after_a_long_clause_and_of_a_listed_total():
    from budgetkg.ingest.growth_rates import mismatches

    assert mismatches(XINFANG_OTHER_INCOME) == [] and mismatches(XIAN_POLICE_INCOME) == []
    [other] = mismatches(XINFANG_OTHER_INCOME.replace("增长59.04%", "增长58.04%"))
    assert "59.04" in other.problem_zh
    [listed] = mismatches(XIAN_POLICE_INCOME.replace("下降27.31%", "下降28.31%"))
    assert "27.31" in listed.problem_zh and listed.text.startswith("344,447.70")
    # a list that follows no total of its own (其中): whose change it is, is not read
    assert mismatches(XIAN_POLICE_INCOME.replace("344,447.70万元，其中：", "为").replace("下降27.31%", "下降28.31%")) == []


def test_a_long_span_is_quoted_by_its_head_and_end():
    """54 p5: a total and its eleven items are one span of 1,400 characters; the report quotes its head and end."""
    from budgetkg.ingest.sentences import shown

    head = "2021年本部门当年一般公共预算拨款支出25859.6万元，较上年增加19359.12万元，"
    items = "（1）行政运行（2013301）1765.18万元，较上年增加254.45万元，原因是2021年公用经费标准调整；" * 11
    quoted = shown(head + items + "从人员经费、公用经费、专项业务经费来看，其中：")
    assert quoted.startswith(head) and quoted.endswith("专项业务经费来看，其中：") and len(quoted) < 140
    assert shown(head) == head
