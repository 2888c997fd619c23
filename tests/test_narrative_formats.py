"""The narrative of the corpus layouts is read: Shanghai's 编制说明, Beijing's 情况说明 without a cover, Zhejiang's
wrapped headings, dotted contents pages; and the narrative checks stay silent on what the pages state rightly.

Expected values are read on the PDF pages (tests/fixtures/pdf/wide), not from the reader's output.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from budgetkg.ingest.api import parse_document, to_graph
from budgetkg.ingest.growth_rates import mismatches
from budgetkg.ingest.model import Document
from budgetkg.ingest.validate import validate_document

WIDE = Path(__file__).parent / "fixtures" / "pdf" / "wide"
SHANGHAI = "01_shanghai_shenjiju_2026_unit-budget.pdf"
BEIJING = "10_beijing_zhengfu-bangongting_2026_dept-budget.pdf"
HUZHOU = "67_zhejiang-huzhou_weijianwei_2026_dept-budget.pdf"
HANGZHOU = "40_zhejiang-hangzhou_qixiangju_2026_dept-budget.pdf"


@cache
def doc(name: str) -> Document:
    return parse_document(WIDE / name)


def _claim(d: Document, page: int, subject: str, value: str):
    return [c for c in d.claims if c.source.page == page and subject in c.subject and c.value == Decimal(value)]


def test_shanghai_budget_explanation_is_read():
    """p6 "2026年单位预算编制说明": "2026年，上海市审计局收入预算19,577万元，其中：财政拨款收入19,577万元，比2025年预算
    减少290万元；事业收入0万元…" — a centred title, not a 一、 heading."""
    d = doc(SHANGHAI)
    section = next(s for s in d.sections if s.title == "2026年单位预算编制说明")
    assert section.kind == "explanation" and section.source.page == 6
    assert _claim(d, 6, "财政拨款收入", "19577") and _claim(d, 6, "事业收入", "0")
    assert all(c.unit == "万元" for c in _claim(d, 6, "收入预算", "19577"))


def test_contents_page_is_not_narrative():
    """p2 is the contents (目录 … 三、名词解释 四、单位预算编制说明 五、单位预算表): none of it opens a part."""
    d = doc(SHANGHAI)
    assert not any("五、单位预算表" in s.text or "单位预算表" in s.title for s in d.sections)
    glossary = [s for s in d.sections if s.kind == "glossary"]
    assert len(glossary) == 1 and glossary[0].source.page == 5


def test_list_ordinals_are_not_stated_numbers():
    """p3 lists the 审计局's duties "1、贯彻执行…" to "19、职能转变": ordinals, not amounts."""
    assert not [c for c in doc(SHANGHAI).claims if c.source.page == 3]


def test_glossary_entries_of_each_style():
    """p5 "（一）财政拨款收入：是…" to "（八）机关运行经费：指…"; Beijing p7 "六、名词解释 基本支出：指…"."""
    terms = [t.term for t in doc(SHANGHAI).terms]
    assert terms[0] == "财政拨款收入" and terms[-1] == "机关运行经费" and len(terms) == 8
    assert [t.term for t in doc(BEIJING).terms][:2] == ["基本支出", "项目支出"]


def test_narrative_without_cover():
    """Beijing 10 starts with its contents; p4 "二、收入预算情况说明 2026 年收入预算 14894.79 万元，比 2025 年年初预算数
    14708.87万元增加185.92万元，增长1.26%"."""
    d = doc(BEIJING)
    assert d.unit_name == "北京市人民政府办公厅"
    section = next(s for s in d.sections if s.title == "二、收入预算情况说明")
    assert section.source.page == 4 and _claim(d, 4, "收入预算", "14894.79")
    assert not any("十三、部门整体支出绩效目标表" in s.text for s in d.sections)  # contents, p1–2


def test_wrapped_heading_is_one_line():
    """Huzhou p7 prints "（二）关于湖州市卫生健康委员会 2026 年收入预算情" / "况说明" on two lines."""
    text = "".join(s.text for s in doc(HUZHOU).sections)
    assert "（二）关于湖州市卫生健康委员会2026年收入预算情况说明" in text.replace(" ", "")
    assert "情。况" not in text
    assert _claim(doc(HUZHOU), 7, "收支总预算", "515313.35")


def test_dotted_contents_are_not_read():
    """Hangzhou p2: "（一）主要职能 ......2" — contents with dotted leaders."""
    assert not any("......" in s.text or "……" in s.text for s in doc(HANGZHOU).sections)
    assert doc(HANGZHOU).claims


# Suzhou 31, p32: the amount in one sentence, its change in the next.
SUZHOU = ("（1）社会保障和就业支出（类）支出 3,061.29 万元，主要用于养老保险、职业年金等支出。与上年相比增加 740.84 万元，增"
          "长 31.93%。")
SUZHOU_FISCAL = ("苏州市交通运输局 2026 年财政拨款预算支出 242,360.1 万元，占本年支出合计的96.95%。与上年相比，财政拨款支出减少"
                 "1,429.62万元，减少0.59%。")


@pytest.mark.parametrize("right", [SUZHOU, SUZHOU_FISCAL])
def test_growth_over_two_sentences_right(right):
    assert mismatches(right) == []


@pytest.mark.parametrize(("wrong", "expected"), [
    (SUZHOU.replace("31.93", "13.93"), "31.93"),
    (SUZHOU.replace("增长 31.93", "下降 31.93"), "opposite"),
    (SUZHOU_FISCAL.replace("0.59%", "1.59%"), "0.59"),
])
def test_growth_over_two_sentences_wrong(wrong, expected):
    found = mismatches(wrong)
    assert len(found) == 1 and expected in found[0].problem_en


def test_growth_abstains_when_the_subject_differs():
    """The second sentence speaks of 基本支出; the first states 支出 as a whole: which amount changed is not certain."""
    text = "2026年支出预算3,061.29万元，主要用于养老保险。与上年相比，基本支出增加740.84万元，增长13.93%。"
    assert mismatches(text) == []


@cache
def _report(name: str):
    return validate_document(to_graph(doc(name)), source=name)


def test_shanghai_claims_are_linked_and_hold():
    """01 p6 states 收入预算 / 支出预算 19,577万元 (the 元 tables: 195,774,300, i.e. 19,577.43万元) and p20 the 三公 figures
    237.92 / 201.80 / 28.00 / 8.12 万元 that the 三公 table prints: no claim finding. The 收入总计 cell of the 收支总表 is
    blank on p7 — a table error, not the narrative's — so the narrative is not held against it."""
    rules = {f.rule for f in _report(SHANGHAI).findings if f.severity in ("Violation", "Warning")}
    assert not {r for r in rules if r.startswith("claim") or r == "growth-rate"}
    graph = to_graph(doc(SHANGHAI))
    from budgetkg.ingest.claims import link_claims

    assert link_claims(graph) >= 8


def test_shanghai_wrong_claim_fires():
    """The same page with 因公出国（境）费 201.80 turned into 210.80: a claim-amount Violation naming the 三公 table."""
    d = parse_document(WIDE / SHANGHAI)
    for c in d.claims:
        if c.value == Decimal("201.80"):
            c.value, c.text, c.sentence = Decimal("210.80"), "210.80", c.sentence.replace("201.80", "210.80")
    bad = [f for f in validate_document(to_graph(d)).violations if f.rule == "claim-amount"]
    assert len(bad) == 1 and "210.80" in bad[0].message_en and "201.8" in bad[0].message_en


def test_truncated_amount_is_not_an_error():
    """03 p6 "财政拨款收入1,237万元" while the 元 table prints 12,376,671 (1,237.67万元): cut off at the printed digits, not
    wrong; 1,236 would be."""
    name = "03_shanghai_wenbao-zhongxin_2026_unit-budget.pdf"
    assert not [f for f in _report(name).violations if f.rule == "claim-amount"]
    d = parse_document(WIDE / name)
    for c in d.claims:
        if c.value == Decimal("1237") and c.subject == "财政拨款收入":
            c.value, c.text = Decimal("1236"), "1,236"
    bad = [f for f in validate_document(to_graph(d)).violations if f.rule == "claim-amount"]
    assert len(bad) == 1 and "1236" in bad[0].message_en


def test_a_list_after_another_sentence_is_not_a_breakdown():
    """05 p19: "本单位编报绩效目标的项目共1个，涉及项目预算资金27.00万元。按照本市绩效工作总体要求，本单位实现了绩效目标
    的全覆盖。其中：编报单位整体绩效目标1个，项目绩效目标1个" — 其中 lists the 绩效目标, not the 1 project."""
    name = "05_shanghai_zuanshi-ban_2026_unit-budget.pdf"
    assert not [f for f in _report(name).violations if f.rule == "claim-parts"]


def test_words_boxed_one_by_one_are_text():
    """Changsha 42 draws a box around words of its sentences; p5 reads "2026 年本单位收入预算 656.73 万元，其中，一般公共
    预算拨款 656.73 万元，财政专户管理事业收入 0.00 万元…" and p9 "（四）政府采购情况：2026 年本单位政府采购预算总额 7 /
    万元" (cut by the page, no full stop)."""
    d = doc("42_hunan-changsha_zhijiao-jidi_2026_dept-budget.pdf")
    assert _claim(d, 5, "收入预算", "656.73") and _claim(d, 5, "一般公共预算拨款", "656.73")
    assert not [t for t in d.tables if 5 in t.pages]
    assert [c.unit for c in d.claims if "政府采购预算总额" in c.subject] == ["万元"]
    assert any("“三公”经费" in s.text for s in d.sections)


# Xi'an 49 p10 and 50 p9: the change belongs to the amount right before it, or to the list's total.
XIAN_ITEM = ("本部门当年一般公共预算支出30,331.26万元，其中：1.行政运行（2010601）4,702.02万元，较上年增加121.66万元，增长2.66%，"
             "增长的主要原因是：工资福利支出较上年增加；")
XIAN_LIST = ("本部门当年预算收入344,447.70万元，其中：一般公共预算拨款324,638.50万元、上年结转13,102.70万元、上年实户资金余额"
             "3,262.49万元、其他收入3,444.00万元，较上年减少129,422.00万元，下降27.31%，")


def test_growth_of_an_item_after_its_total():
    assert mismatches(XIAN_ITEM) == []
    assert "2.66" in mismatches(XIAN_ITEM.replace("增长2.66%", "增长3.66%"))[0].problem_en


def test_growth_after_a_list_is_not_the_last_item_s():
    """"…其他收入3,444.00万元，较上年减少129,422.00万元" — the decrease is the total's, not 其他收入's: not checked."""
    assert mismatches(XIAN_LIST) == []


@pytest.mark.parametrize("name", [
    "31_jiangsu-suzhou_jiaotongju_2026_dept-budget.pdf",  # p32 "本年一般公共预算收入 242,360.1 万元" ≠ 收入总计
    "45_fujian-fuzhou_cangshan-shengtai_2026_unit-budget.pdf",  # p27 "…一般公共预算拨款安排的机关运行经费支出 12.08 万元"
    "54_shaanxi-xian_xuanchuanbu_2021_dept-budget.pdf",  # p11 三公 6.51 万元 = 表13 三公 小计 65,100 元, not 合计
])
def test_subjects_that_only_mention_a_total_are_not_held_against_it(name):
    claims = [f for f in _report(name).findings if f.rule.startswith("claim") and f.severity == "Violation"]
    assert not claims, [f.message_en for f in claims]


def test_three_public_subtotal_beside_meeting_costs():
    """54 p11 "2021 年本部门当年一般公共预算“三公”经费预算支出 6.51 万元": 表13 prints the 三公 小计 65,100.00 元 beside 会议费
    320,000 and 培训费, whose 2021年 合计 is 1,171,100 — the claim is held against the 小计 of 2021, not the 合计 nor 2020."""
    from budgetkg.ingest.claims import link_claims
    from budgetkg.ingest.vocab import CNB

    graph = to_graph(doc("54_shaanxi-xian_xuanchuanbu_2021_dept-budget.pdf"))
    link_claims(graph)
    claim = next(c for c in graph.subjects(CNB.statedText, None)
                 if str(graph.value(c, CNB.statedText)) == "6.51" and "三公" in str(graph.value(c, CNB.subjectText)))
    column = str(graph.value(graph.value(claim, CNB.refersToColumn), CNB.columnLabel))
    assert column.startswith("2021年") and column.endswith("“三公”经费预算/小计")
    assert str(graph.value(graph.value(claim, CNB.refersTo), CNB.publishedValue)) in ("65100", "65100.00")


# Jiangsu and Zhejiang growth statements, as printed
HUZHOU_TRUNCATED = "湖州市卫生健康委员会 2026 年一般公共预算当年拨款37018.75 万元，比上年执行数减少 11688.70 万元，下降23.9%，主要是："
JIANGSU_74 = "（项）支出 6106.99 万元，与上年相比增加 101.48 万元，增长 1.66%。主要原因是政策性调资。"  # 74 p8
JIANGSU_79 = "5．法院（款）案件执行（项）支出 950 万元，与上年相比减少100 万元，减少 9.52，主要原因是压减了案件执行经费的支出预算安排。"


def test_growth_rate_cut_off_at_its_digits_is_not_an_error():
    """11688.70 / 48707.45 = 23.998 %, printed 23.9 (cut off, not rounded): not reported; 23.8 would be."""
    assert mismatches(HUZHOU_TRUNCATED) == []
    assert mismatches(HUZHOU_TRUNCATED.replace("23.9%", "23.8%"))


def test_real_growth_errors_of_the_corpus():
    assert "1.69" in mismatches(JIANGSU_74)[0].problem_en  # 101.48 / 6005.51
    assert mismatches(JIANGSU_79.replace("9.52，", "9.52%，")) == []
    assert "without %" in mismatches(JIANGSU_79)[0].problem_en


@cache
def _linked(name: str):
    from budgetkg.ingest.claims import link_claims

    graph = to_graph(doc(name))
    link_claims(graph)
    return graph


def _claim_nodes(graph, text: str):
    from budgetkg.ingest.vocab import CNB

    return [c for c in graph.subjects(CNB.statedText, None) if str(graph.value(c, CNB.statedText)) == text]


def test_an_amount_after_smaller_than_last_year_is_the_difference():
    """69 p29 "会议费预算支出 1305.25 万元，本年数小于上年预算数 403.75 万元": not "1305.25 < 403.75"."""
    from budgetkg.ingest.vocab import CNB

    graph = _linked("69_jiangsu_renda-bgt_2017_dept-budget.pdf")
    assert all(graph.value(c, CNB.statedRelation) is None for c in _claim_nodes(graph, "1305.25"))


def test_income_list_ends_where_expenditure_begins():
    """92 p12 "收支总预算 582,276.35 万元，其中本年收入预算 445,059.97 万元，使用非财政拨款结余 30,367.97 万元，上年结转
    106,848.41 万元；本年支出预算 486,554.95 万元…": the 支出 figures are no parts of the 收入 list."""
    from budgetkg.ingest.vocab import CNB

    graph = _linked("92_central-chongqing_xinan-daxue_2024_dept-budget.pdf")
    total = _claim_nodes(graph, "582,276.35")[0]
    parts = {str(graph.value(p, CNB.statedText)) for p in graph.subjects(CNB.partOf, total)}
    assert "445,059.97" in parts and "486,554.95" not in parts


def test_share_of_which_total_is_not_certain():
    """93 p17 "教育支出448,061.80万元，占总支出的93.06%" — 448,061.80 / 481,483.46 (本年支出合计), not / 609,139.01 (合计): the
    table prints both, the text says 总支出, so the share is not checked; 78 p25 "占“三公”经费的26.86%" is, against 670.12."""
    from budgetkg.ingest.vocab import CNB

    graph = _linked("93_central-chongqing_xinan-daxue_2024_dept-final.pdf")
    assert all(graph.value(c, CNB.shareBase) is None for c in _claim_nodes(graph, "93.06"))
    graph = _linked("78_jiangsu_gaoyuan_2017_dept-budget.pdf")
    base = graph.value(_claim_nodes(graph, "26.86")[0], CNB.shareBase)
    assert str(graph.value(base, CNB.publishedValue)) in ("670.12", "670.120")


def test_table_rows_printed_as_text_are_not_narrative():
    """79 pp14–15 print "30231 公务用车运行维护费 266.80" above their tables: no stated number."""
    assert not [c for c in doc("79_jiangsu_gaoyuan_2018_dept-budget.pdf").claims if c.text in ("266.80", "30231")]


def test_amount_boxed_between_boxed_words():
    """43 p10 "人，；培训费预算 163.46 万元，拟开展…": every piece of the line is boxed, the amount too."""
    d = doc("43_hunan-changsha_gonganju_2025_dept-budget.pdf")
    assert _claim(d, 10, "培训费预算", "163.46")


def test_three_public_of_this_year_not_last():
    """49 p18 "本部门当年一般公共预算“三公”经费预算支出21.90万元": 表13's 当年 三公 小计 (219,000 元), not its 上年 one."""
    from budgetkg.ingest.vocab import CNB

    graph = _linked("49_shaanxi-xian_caizhengju_2026_dept-budget.pdf")
    claim = _claim_nodes(graph, "21.90")[0]
    assert str(graph.value(graph.value(claim, CNB.refersToColumn), CNB.columnLabel)).startswith("当年")


# -- malformed units, bare rates, doubled marks (ingest/text_quality.py, shapes/textquality.ttl) -----------------
# Sentences as the pages print them; the wrong variant is the same sentence with 元 or % dropped.

from budgetkg.ingest.text_quality import DOUBLED, MONEY_UNIT, PERCENT, flaws  # noqa: E402

MONEY_SENTENCES = [
    # 63_shandong-yantai_caizhengju p29: a change of an amount, the 万元 two clauses before
    "2026年通过一般公共预算财政拨款安排的“三公”经费预算共23.4万元，比上年增加13万元，增长125％。",
    # 65_guangdong-zhuhai_shangwuju p30: the sentence after a parenthesis that closes with 。
    "公务用车购置及运行维护费0万元（公务用车购置费0万元，比上年增加0万元；公务用车运行维护费0万元，比上年增加0万元。）"
    "比上年增加0万元，增长0%，主要原因是与上年持平，无增减变化；公务接待费6.64万元。",
    # 06_beijing_jiaotongwei p10: 收入预计：
    "说明：单项工程小于 15 平方米的按 15 平方米收费。收入预计：15000 万元。",
    # 86_shanghai-putuo_sifaju p8: a 科目 (类/款/项) and its amount
    "4、公共安全支出（204类）司法（06款）公共法律服务（07项）686万元。主要用于：公共法律服务业务支出。",
    # 66_guangdong-zhuhai_gongwu-zhongxin p21
    "单价在100万元以上的设备0台等。本年度拟购置固定资产1万元，主要是按需采购办公家具等。",
    # 37_jiangsu-wuxi_jiaoyuju-benji p32: the amount's subject in the sentence before
    "（1）教育支出（类）支出 86,499.23 万元，主要用于教育活动支出。与上年相比增加 43,755.7 万元，增长 102.37%。",
    # 56_shaanxi-xian_ziran-guihua p26: a 科目 by its code
    "(7)行政单位医疗(2101101）324万元，较上年增加164.38万元，原因是新增军转干部及招考录用人员，人员经费相应增加；",
    # 57_shaanxi-xian_weijianwei p32
    "2022年事业单位离休人员和保健对象医疗费项目绩效自评综述：全年预算数4043万元，执行数4043万元，完成预算的100%。",
    # 21_guangdong-shenzhen_renshe p28: 学生 names who receive the money, not a count
    "国家助学金353.00万元，用于发放技师学院学生国家助学金；学生奖助学金（高职）127.79万元，用于发放高职学生国家助学金；",
]
MONEY_WRONG = ["增加13万，", "）比上年增加0万，", "15000 万。", "（07项）686万。", "固定资产1万，", "增加 43,755.7 万，",
               "）324万，", "执行数4043万，", "（高职）127.79万，"]


@pytest.mark.parametrize(("right", "wrong"), list(zip(MONEY_SENTENCES, MONEY_WRONG, strict=True)))
def test_money_unit_cut_short_fires(right, wrong):
    assert not flaws(right, (MONEY_UNIT,))
    text = right.replace(wrong.replace("万", "万元", 1), wrong, 1)
    assert text != right
    found = flaws(text, (MONEY_UNIT,))
    assert len(found) == 1 and found[0].found in wrong and found[0].found in found[0].context


def test_counts_and_the_fixed_phrase_are_not_money():
    """19 p6 counts in 万 carry their unit; 88 p22 "单价100万（含）以上设备" is the template's phrase, as printed."""
    assert not flaws("无人机物流运输飞行规模突破110万架次。力争港口集装箱吞吐量达3500万标箱以上。", (MONEY_UNIT,))
    assert not flaws("截至2024年8月31日，财政局共有车辆0辆，其中：其他用车0辆；单价100万（含）以上设备（不含车辆）0台（套）。",
                     (MONEY_UNIT,))


def test_one_finding_per_sentence():
    """84 p24 writes 万 for 万元 through a whole list: one finding for the sentence, naming every amount."""
    text = ("2025年度项目总预算1170.00万，其中支持企业规模化发展870.00万，支持企业创新化发展70.00万，"
            "支持企业协同化发展180.00万，支持企业国际化发展50.00万，合计1170.00万。")
    found = flaws(text, (MONEY_UNIT,))
    assert len(found) == 1 and found[0].found.startswith("1170.00万、870.00万、70.00万")
    assert len(flaws(text + text, (MONEY_UNIT,))) == 2


RATE_SENTENCES = [
    # 10_beijing_zhengfu-bangongting p5: 占 + what it is a share of
    "项目支出预算 2486.63 万元，占本年支出预算 16.69%。",
    # 41_central_guojia-xinfangju p23: 完成…的
    "年初预算为 66.2 万元，支出决算为 63.52 万元，完成年初预算的95.95%。决算数小于预算数的主要原因是提租补贴发放减少。",
    # 86_shanghai-putuo_sifaju p9: 增加 + an integer
    "2025年当年预算执行数为0.50万元，2026年预算安排0.64万元，比2025年预算执行数增加28%。主要原因是：支出增加。",
    # 57_shaanxi-xian_weijianwei p33: a rate named before its figure
    "发放满意度调查表，综合满意度为98%。下一步改进措施：进一步完善制度。",
    # 41_central_guojia-xinfangju p41
    "单位和职工住房公积金缴存比例均不得低于5%，不得高于12%。",
    # 71_jiangsu_renda-bgt_2019 p13
    "与上年相比减少81万元，减少10%。主要原因是按照规定运转类专项经费压减10%。",
    # 31_jiangsu-suzhou_jiaotongju p40: 人员类 names a kind of project, not a count
    "涉及财政性资金合计212,753.77万元，占财政性资金(人员类和运转类中的公用经费项目支出除外)总额的比例为100%。",
    # 57_shaanxi-xian_weijianwei p49
    "项目绩效目标完成情况：地上结构完成100%,二次结构完成30%,机电安装完成10%。发现的问题及原因：无，下一步改进措施：无。",
    # 51_shaanxi-xian_fagaiwei_2019 p6
    "城镇常住居民人均可支配收入增长 7%以上；单位GDP 能耗下降目标 2.9%，能源消费总量控制目标 2942 万吨标准煤以内；",
    # 31_jiangsu-suzhou_jiaotongju p5
    "争取到 2030 年，苏州交通全面建成国际性铁路枢纽和国家集装箱干线港；基础设施数字化率超80%，绿色出行比例稳定在 70%以上，",
]
RATE_WRONG = ["16.69", "95.95", "增加28", "98", "低于5", "压减10", "比例为100", "完成10", "目标 2.9", "超80"]


@pytest.mark.parametrize(("right", "wrong"), list(zip(RATE_SENTENCES, RATE_WRONG, strict=True)))
def test_rate_without_its_sign_fires(right, wrong):
    assert not flaws(right, (PERCENT,))
    text = right.replace(wrong + "%", wrong, 1)
    assert text != right
    found = flaws(text, (PERCENT,))
    assert len(found) == 1 and found[0].found in wrong


def test_amounts_after_change_words_are_not_rates():
    """13_chongqing p3 "收入比2025年增加2,734.52万元" (a thousands comma), 43 p10 "人数 800 人，", 18 ... a count with its unit."""
    assert not flaws("2026年收入预算5,962.86万元，收入比2025年增加2,734.52万元，主要是新增项目。", (PERCENT,))
    assert not flaws("拟召开年度公安工作及业务线工作部署和总结会议，人数 800 人，培训费预算 163.46 万元", (PERCENT,))
    assert not flaws("与上年相比增加3个百分点，增长1.5倍。", (PERCENT,))


def test_doubled_marks_per_sentence():
    """46 p4 "取得积极成效。。围绕上述任务" and the same section's other sentences."""
    text = "持续推进生态文明建设和环境保护工作，取得积极成效。。围绕上述任务，重点抓好以下工作。"
    assert [f.found for f in flaws(text, (DOUBLED,))] == ["。。"]
    assert len(flaws(text.replace("围绕上述任务，", "围绕上述任务，，"), (DOUBLED,))) == 2
    assert not flaws(text.replace("。。", "。"), (DOUBLED,))


def _section_findings(text: str) -> list:
    """Findings of a document whose one section is ``text`` (validated as the corpus is)."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import DCTERMS, RDF, XSD

    from budgetkg.ingest.vocab import CNB

    doc, section = URIRef("https://example.org/id/doc/t/2026/budget"), URIRef("https://example.org/id/doc/t/2026/s/1")
    g = Graph()
    g.add((doc, RDF.type, CNB.BudgetDocument))
    g.add((doc, CNB.hasSection, section))
    g.add((section, RDF.type, CNB.NarrativeSection))
    g.add((section, CNB.sectionText, Literal(text, lang="zh")))
    g.add((section, DCTERMS.title, Literal("五、“三公”经费预算情况说明")))
    g.add((section, CNB.page, Literal(29, datatype=XSD.integer)))
    return [f for f in validate_document(g).findings if f.rule in (MONEY_UNIT, PERCENT, DOUBLED)]


def test_each_sentence_s_flaw_is_a_finding_of_the_section():
    """Two sentences of one section with a unit cut short: two Warnings naming the section, page and words."""
    right = MONEY_SENTENCES[0] + RATE_SENTENCES[0]
    assert not _section_findings(right)
    wrong = right.replace("增加13万元", "增加13万").replace("16.69%", "16.69").replace("23.4万元", "23.4万")
    found = _section_findings(wrong)
    assert sorted(f.rule for f in found) == [MONEY_UNIT, PERCENT]
    money = next(f for f in found if f.rule == MONEY_UNIT)
    assert money.severity == "Warning" and "23.4万、13万" in money.message_zh and "page 29" in money.message_en
    assert money.sides[0].kind == "section" and money.sides[0].table == "五、“三公”经费预算情况说明"
    found = _section_findings(wrong + MONEY_SENTENCES[3].replace("686万元", "686万"))
    assert len([f for f in found if f.rule == MONEY_UNIT]) == 2


def _goal_findings(goal_text: str) -> list:
    """Findings of a document whose one performance goal states ``goal_text``."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF

    from budgetkg.ingest.vocab import CNB

    doc, goal = URIRef("https://example.org/id/doc/t/2026/budget"), URIRef("https://example.org/id/doc/t/2026/goal/1")
    g = Graph()
    g.add((doc, RDF.type, CNB.BudgetDocument))
    g.add((doc, CNB.hasGoal, goal))
    g.add((goal, RDF.type, CNB.PerformanceGoal))
    g.add((goal, CNB.projectName, Literal("造价工程师继续教育", lang="zh")))
    g.add((goal, CNB.goalText, Literal(goal_text, lang="zh")))
    return [f for f in validate_document(g).findings if f.rule == DOUBLED]


def test_doubled_marks_in_a_goal_s_text():
    """18 北京市水务局 p74, a 绩效目标 cell: "…管理人员，并持续提升…" — a doubled ，， there is the document's, named by
    its project; the cell's own wrapped lines are joined without marks."""
    right = "从而节约档案（水利）管理人员，并持续提升二级造价工程师的专业能力。"
    assert not _goal_findings(right)
    [found] = _goal_findings(right.replace("人员，", "人员，，"))
    assert found.severity == "Warning" and "造价工程师继续教育" in found.message_zh and "，，" in found.message_en
