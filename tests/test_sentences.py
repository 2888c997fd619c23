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
