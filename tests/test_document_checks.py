"""The document agrees with itself (issue 14, family 2; ingest/document_checks.py, shapes/document.ttl).

Each check is tried on headings and sentences taken from the corpus (document and page named), as printed, where it
must stay silent, and on the same words with one error planted, where it must fire.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from budgetkg.ingest.document_checks import (
    contents_gaps,
    contents_issues,
    contents_year,
    header_mismatches,
    name_mismatches,
    own_unit,
    own_year,
    placeholders,
    said_names,
    same_unit,
    stated_years,
    unit_names,
    unit_row_issues,
    unit_year_issues,
    year_issues,
)
from budgetkg.ingest.extract.pdf_contents import listed_titles
from budgetkg.ingest.extract.pdf_layout import Line, PageData
from budgetkg.ingest.validate import validate_path

SAMPLE = Path(__file__).resolve().parent.parent / "ingest" / "data" / "sample.txt"


# -- the unit's name --------------------------------------------------------------------------------------------

SIFAJU = "上海市普陀区司法局"  # 02_shanghai-putuo_sifaju_2026_unit-budget.pdf
SIFAJU_TEXTS = [
    "上海市普陀区司法局主要职能",  # p3, heading
    "预算单位：上海市普陀区司法局",  # p1, cover
    "截至2025年8月31日，上海市普陀区司法局共有车辆3辆，其中：部级领导干部用车0辆",  # p21
    "2026年，上海市普陀区司法局收入预算8695.94万元，其中：财政拨款收入8695.94万元",  # p6
]


@pytest.mark.parametrize("text", SIFAJU_TEXTS)
def test_unit_name_silent_on_the_page(text: str) -> None:
    assert name_mismatches(text, SIFAJU) == []


@pytest.mark.parametrize("text", SIFAJU_TEXTS)
def test_unit_name_fires_on_another_units_name(text: str) -> None:
    planted = text.replace("上海市普陀区司法局", "上海市普陀区财政局")
    assert [m.name for m in name_mismatches(planted, SIFAJU)] == ["上海市普陀区财政局"]


@pytest.mark.parametrize(("unit", "text"), [
    # 19_guangdong-shenzhen_jiaotongju_2026_dept-budget.pdf p9
    ("深圳市交通运输局（本级）", "总体情况。2026年深圳市交通运输局（本级）部门预算收入388,763.56万元，较2025年年初预算"),
    # 80_shanghai-putuo_wanli-jiedao_2024_dept-budget.pdf p3
    ("上海市普陀区人民政府万里街道办事处", "一、主要职能。上海市普陀区人民政府万里街道办事处是普陀区政府的派出机关，依据法律法规"),
])
def test_unit_name_in_sentences_about_the_unit(unit: str, text: str) -> None:
    assert name_mismatches(text, unit) == []
    planted = text.replace(unit, "西安市行政审批服务局")
    assert [m.name for m in name_mismatches(planted, unit)] == ["西安市行政审批服务局"]


def test_unit_name_in_table_headers() -> None:
    # 02_shanghai-putuo_sifaju_2026_unit-budget.pdf p8–p20: every table's header line
    lines = ["编制单位：上海市普陀区司法局                                    单位：元"] * 9
    assert header_mismatches(lines, SIFAJU) == []
    planted = ["编制单位：上海市普陀区审计局                                    单位：元", *lines[1:]]
    assert [m.name for m in header_mismatches(planted, SIFAJU)] == ["上海市普陀区审计局"]
    # a name printed over several tables, or named elsewhere in the document, is one of its own units
    assert header_mismatches(["预算主管部门：上海市普陀区司法局", "预算主管部门：上海市普陀区司法局"], "上海市普陀区公证处") == []
    assert header_mismatches(["部门（单位）名称：上海市普陀区公证处"], SIFAJU,
                             elsewhere="所属单位包括：上海市普陀区公证处") == []


def test_unit_name_heading_and_qualifier() -> None:
    # 69_jiangsu_renda-bgt_2017_dept-budget.pdf p2: a part's heading that is the name alone
    unit = "江苏省人大常委会办公厅"
    assert name_mismatches("第二部分江苏省人大常委会办公厅", unit) == []
    assert [m.name for m in name_mismatches("第二部分江苏省人大常委会审计局", unit)] == ["江苏省人大常委会审计局"]
    # 10_guangdong-shenzhen_tongjiju_2026_dept-budget.pdf: the unit is '深圳市统计局（本级）'
    assert same_unit("深圳市统计局", "深圳市统计局（本级）")
    assert not same_unit("深圳市统计局（审计局）", "深圳市统计局（本级）")
    # 57_shaanxi-xian_weijianwei_2022_dept-final.pdf p91: '编制部门：西安市卫生健康委员会（汇总） 金额单位：万元'
    line = "编制部门：西安市卫生健康委员会（汇总） 金额单位：万元"
    unit = "西安市卫生健康委员会（汇总）"
    assert header_mismatches([line] * 3, unit) == []
    assert header_mismatches([line.replace("（汇总）", "（审计局）"), line, line], unit) != []


def test_unit_name_short_forms() -> None:
    assert same_unit("省政府办公厅", "四川省人民政府办公厅")
    assert same_unit("区司法局", "上海市普陀区司法局")
    assert same_unit("上海市普陀区司法局", "区司法局")  # the identity read the short form
    # the sample's heading "省政府办公厅信息技术服务中心 2025 年支出预算" (sample.txt line 1127)
    assert name_mismatches("省政府办公厅信息技术服务中心 2025 年支出预算", "四川省人民政府办公厅信息技术服务中心") == []
    assert not same_unit("区财政局", "上海市普陀区司法局")
    assert not same_unit("深圳市统计局", "北京市统计局")  # the same office of another city
    assert same_unit("中共西安市委宣传部", "西安市委宣传部")
    assert not same_unit("省政府办公厅政务服务中心", "四川省人民政府办公厅信息技术服务中心")


def test_other_bodies_and_a_departments_units_are_not_its_name() -> None:
    # 05_shanghai-putuo_caizhengju_2024_dept-final.pdf p4: the department names its units
    text = ("从预算单位构成看，上海市普陀区财政局部门决算包括：上海市普陀区财政局本级决算、下属行政事业单位决算。"
            "纳入上海市普陀区财政局2024年度部门决算编制范围的单位包括：上海市普陀区财政局、上海市普陀区国库收付中心")
    units = unit_names([text])
    assert "上海市普陀区国库收付中心" in units
    assert name_mismatches(text, "上海市普陀区财政局", units) == []
    assert name_mismatches("上海市普陀区国库收付中心主要职能", "上海市普陀区财政局", units) == []
    assert name_mismatches("上海市普陀区国库收付中心主要职能", "上海市普陀区财政局") != []
    # another body named in passing is not where the unit names itself
    assert name_mismatches("根据区财政局要求，本单位编制2026年预算", SIFAJU) == []
    # 93_central-chongqing_xinan-daxue_2024_dept-final.pdf: a table of the kind of unit, not a unit
    assert name_mismatches("高等学校收入决算表", "西南大学") == []


# -- years and as-of dates --------------------------------------------------------------------------------------

def test_as_of_date_of_a_final_account() -> None:
    # 05_shanghai-putuo_caizhengju_2024_dept-final.pdf p24
    text = "截至2024年12月31日，上海市普陀区财政局共有车辆0辆"
    assert year_issues(text, 2024, final=True) == []
    [issue] = year_issues(text.replace("2024年", "2023年"), 2024, final=True)
    assert issue.kind == "as-of-date" and "2023" in issue.text


def test_as_of_date_of_a_budget() -> None:
    # 18_shandong-yantai_tongjiju_2026_dept-budget.pdf p28; 02_shanghai-putuo_sifaju p21; guangzhou's 2026年1月31日
    for text in ("截至2025年12月31日，本部门共有车辆1辆", "截至2025年8月31日，上海市普陀区司法局共有车辆3辆",
                 "截至2026年1月31日，本部门固定资产金额", "截至2025年底，北京市人民政府办公厅共有车辆"):
        assert year_issues(text, 2026, final=False) == []
    assert [i.kind for i in year_issues("截至2026年12月31日，本部门共有车辆1辆", 2026, final=False)] == ["as-of-date"]
    assert [i.kind for i in year_issues("截至2027年8月31日，上海市普陀区司法局共有车辆3辆", 2026, final=False)] == [
        "as-of-date"]


def test_compared_year_names_the_year_before() -> None:
    # 10_beijing_zhengfu-bangongting_2026_dept-budget.pdf p4
    text = "2026 年收入预算 14894.79 万元，比 2025 年年初预算数14708.87万元增加185.92万元，增长1.26%。"
    assert year_issues(text, 2026, final=False) == []
    assert [i.kind for i in year_issues(text.replace("2025 年", "2024 年"), 2026, final=False)] == ["report-year"]
    # 05_shanghai-putuo_caizhengju_2024_dept-final.pdf p21
    final = "上海市普陀区财政局2024年度收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元，下降1.87%。"
    assert year_issues(final, 2024, final=True) == []
    assert [i.kind for i in year_issues(final.replace("2023年度", "2022年度"), 2024, final=True)] == ["report-year"]
    # a 决算 compares with its own year's budget
    assert year_issues("支出决算为0.00万元，与2024年年初预算相比减少0.95万元", 2024, final=True) == []
    assert [i.kind for i in year_issues("比上年（2024年）增加5万元", 2026, final=False)] == ["report-year"]
    assert year_issues("比上年（2025年）增加5万元", 2026, final=False) == []


def test_compared_year_found_in_the_corpus() -> None:
    # 86_shanghai-putuo_sifaju_2026_dept-budget.pdf p8 prints the budget year itself as the year compared with
    text = "2026年，上海市普陀区司法局收入预算9628.22万元，其中：财政拨款收入9628.22万元，比2026年预算增加793.14万元；"
    [issue] = year_issues(text, 2026, final=False)
    assert issue.kind == "report-year" and "比2026年预算" in issue.text


def test_year_of_a_contents_entry() -> None:
    # 02_shanghai-putuo_sifaju_2026_unit-budget.pdf p2, the contents
    entry = "4．2026年预算单位财政拨款收支预算总表"
    assert contents_year(entry, 2026) == []
    assert [i.kind for i in contents_year(entry.replace("2026", "2025"), 2026)] == ["report-year"]
    assert contents_year("（2024年度）项目绩效目标表", 2026) == []


# -- placeholders -----------------------------------------------------------------------------------------------

def test_placeholders() -> None:
    # 02_shanghai-putuo_sifaju p18 row label; a project of 18_shandong-yantai's 绩效目标表
    for label in ("行政运行", "统计信息化建设项目", "2026年部门预算"):
        assert placeholders(label, everywhere=True) == []
    assert placeholders("XX专项业务经费", everywhere=True) == ["XX"]
    assert placeholders("某某项目", everywhere=True) == ["某某"]
    assert placeholders("202X年单位预算编制说明", everywhere=False) == ["202X年"]
    # XX in the narrative is cnbsh:template-residue's, not read twice
    assert placeholders("XX局主要职能", everywhere=False) == []
    assert placeholders("X射线检测设备", everywhere=True) == []


# -- the table of contents ---------------------------------------------------------------------------------------

# 18_shandong-yantai_tongjiju_2026_dept-budget.pdf: the contents (p2) and the tables read (p7–p33)
YANTAI_LISTED = ["第二部分2026年部门预算表", "一、收支总体情况表", "二、收入总体情况表", "三、支出总体情况表",
                 "四、财政拨款收支总体情况表", "五、一般公共预算支出情况表", "六、一般公共预算基本支出情况表",
                 "七、一般公共预算“三公”经费支出情况表", "八、政府性基金预算支出情况表", "九、国有资本经营预算支出情况表",
                 "十、基本支出预算情况表", "十一、项目支出预算情况表", "十二、政府采购预算情况表", "2026年部门预算表",
                 "收支总体情况表", "收入总体情况表", "支出总体情况表", "财政拨款收支总体情况表", "一般公共预算支出情况表",
                 "一般公共预算基本支出情况表", "一般公共预算“三公”经费支出情况表", "政府性基金预算支出情况表",
                 "国有资本经营预算支出情况表", "基本支出预算情况表", "项目支出预算情况表", "政府采购预算表",
                 "政策和项目预算绩效目标表"]
YANTAI_TABLES = [("收支总体情况表", "income-expenditure-summary", False), ("收入总体情况表", "income", False),
                 ("支出总体情况表", "expenditure", False), ("财政拨款收支总体情况表", "fiscal-summary", False),
                 ("一般公共预算支出情况表", "general-function", False),
                 ("一般公共预算基本支出情况表", "general-basic", False),
                 ("一般公共预算“三公”经费支出情况表", "three-public", False),
                 ("政府性基金预算支出情况表", "government-fund", False),
                 ("国有资本经营预算支出情况表", "state-capital", False), ("基本支出预算情况表", "other", False),
                 ("项目支出预算情况表", "project", False), ("政府采购预算表", "other", False),
                 ("政策和项目预算绩效目标表", "performance", False)]


def test_contents_agree_with_the_tables() -> None:
    assert contents_issues(YANTAI_LISTED, YANTAI_TABLES, "烟台市统计局", []) == []


def test_contents_entry_missing() -> None:
    # the 政府性基金 table removed from the body (its title no longer printed on any page)
    listed = [x for x in YANTAI_LISTED if x != "政府性基金预算支出情况表"]
    tables = [t for t in YANTAI_TABLES if t[1] != "government-fund"]
    [issue] = contents_issues(listed, tables, "烟台市统计局", [])
    assert issue.kind == "contents-missing" and issue.text == "八、政府性基金预算支出情况表"
    # … unless the document says the table is empty
    said = ["本部门2026年无政府性基金预算支出，政府性基金预算支出情况表为空表。"]
    assert contents_issues(listed, tables, "烟台市统计局", said) == []
    # a tables-only companion holds the tables: nothing read, nothing said
    assert contents_issues(listed, [], "烟台市统计局", []) == []


def test_table_not_in_the_contents() -> None:
    listed = [x for x in YANTAI_LISTED if x != "七、一般公共预算“三公”经费支出情况表"]
    [issue] = contents_issues(listed, YANTAI_TABLES, "烟台市统计局", [])
    assert issue.kind == "contents-unlisted" and issue.text == "一般公共预算“三公”经费支出情况表"


def test_contents_read_in_any_order() -> None:
    # cnb:listsTable is a set of literals: the validation copy gives the titles in no particular order, and the
    # contents are read from their numbers (the bench's plant: one contents line removed, 0 % found before)
    for seed in range(5):
        listed = list(YANTAI_LISTED)
        random.Random(seed).shuffle(listed)
        assert contents_issues(listed, YANTAI_TABLES, "烟台市统计局", []) == []
        [issue] = contents_issues([x for x in listed if x != "四、财政拨款收支总体情况表"], YANTAI_TABLES, "烟台市统计局", [])
        assert issue.kind == "contents-unlisted" and issue.text == "财政拨款收支总体情况表"


# 40_zhejiang-hangzhou_qixiangju_2026_dept-budget.pdf: the contents (p2, "表1.…") and the tables' own titles ("表1：…")
# number the same tables in one style
HANGZHOU = ["收支预算总表", "收入预算总表", "支出预算总表", "财政拨款收支预算总表", "一般公共预算支出预算表",
            "一般公共预算基本支出预算表", "一般公共预算“三公”经费预算表", "政府性基金预算支出预算表",
            "国有资本经营预算支出预算表", "项目支出预算表", "项目支出绩效表"]
HANGZHOU_LISTED = ["四、2026年杭州市气象局预算公开表", "四、2026年预算公开表",
                   *(f"表{n}.2026年市级部门{t}" for n, t in enumerate(HANGZHOU, 1)),
                   *(f"表{n}：2026年市级部门{t}" for n, t in enumerate(HANGZHOU, 1))]
HANGZHOU_TABLES = [(f"2026年市级部门{t}", "performance" if "绩效" in t else "other", False) for t in HANGZHOU]


def test_contents_and_the_tables_own_numbered_titles() -> None:
    listed = list(HANGZHOU_LISTED)
    random.Random(1).shuffle(listed)
    assert contents_issues(listed, HANGZHOU_TABLES, "杭州市气象局", []) == []
    # one "表3" left: the contents or the title above the table left it out — which, the titles cannot tell
    assert contents_issues([x for x in listed if x != "表3.2026年市级部门支出预算总表"], HANGZHOU_TABLES,
                           "杭州市气象局", []) == []


def test_an_appendix_numbers_its_own_tables() -> None:
    # 41_central_guojia-xinfangju_2024_dept-final.pdf: contents 一、… 九、 (p2); the performance appendix prints
    # "表1：项目年度绩效指标表", "表2：综合评价得分情况表" (p40–41): numbered in a list of their own, not left out
    listed = ["第二部分国家信访局2024年度部门决算表", "一、收入支出决算总表", "二、收入决算表", "三、支出决算表",
              "四、财政拨款收入支出决算总表", "五、一般公共预算财政拨款支出决算表", "六、一般公共预算财政拨款基本支出决算表",
              "七、一般公共预算财政拨款“三公”经费支出决算表", "八、政府性基金预算财政拨款收入支出决算表",
              "九、国有资本经营预算财政拨款支出决算表", "收入支出决算总表", "公开01表", "表1：项目年度绩效指标表",
              "表2：综合评价得分情况表"]
    tables = [(x[2:], "other", False) for x in listed[1:10]] + [("项目年度绩效指标表", "performance", False),
                                                                ("综合评价得分情况表", "other", False)]
    assert contents_issues(listed, tables, "国家信访局", []) == []
    assert [i.text for i in contents_issues([x for x in listed if not x.startswith("三、")], tables, "国家信访局",
                                            [])] == ["支出决算表"]


# 42_hunan-changsha_zhijiao-jidi_2026_dept-budget.pdf: the contents (p2) list two performance sheets, printed twice each
CHANGSHA_LISTED = ["第二部分2026年部门预算表", "1、部门收支总表", "2、部门收入总表", "3、部门支出总表", "4、财政拨款收支总表",
                   "5、一般公共预算支出表", "6、一般公共预算基本支出表", "7、一般公共预算“三公”经费支出表",
                   "8、政府性基金预算支出表", "9、项目支出绩效目标表", "10、部门整体支出绩效目标表",
                   "2026年部门收支总体情况表", "2026年部门收入总体情况表", "2026年部门支出总体情况表",
                   "2026年财政拨款收支总体情况表", "2026年一般公共预算支出情况表", "2026年一般公共预算基本支出情况表",
                   "2026年一般公共预算“三公”经费支出情况表", "2026年政府性基金预算支出情况表", "2026年项目支出绩效目标表",
                   "2026年部门整体支出绩效目标表"]
CHANGSHA_TABLES = [(x, "performance" if "绩效" in x else "other", False) for x in CHANGSHA_LISTED[11:]] + [
    ("2026年项目支出绩效目标表", "performance", False), ("2026年部门整体支出绩效目标表", "performance", False)]


def test_performance_sheets_the_contents_list() -> None:
    assert contents_issues(CHANGSHA_LISTED, CHANGSHA_TABLES, "长沙职业教育基地综合协调办公室", []) == []
    found = contents_issues([x for x in CHANGSHA_LISTED if not x.startswith("9、")], CHANGSHA_TABLES,
                            "长沙职业教育基地综合协调办公室", [])  # (one finding: the report keeps one per place and words)
    assert {(i.kind, i.text) for i in found} == {("contents-unlisted", "2026年项目支出绩效目标表")}
    # contents that list no performance sheet say nothing of those in an appendix
    listed = [x for x in CHANGSHA_LISTED if not x.startswith(("9、", "10、"))]
    assert contents_issues(listed, CHANGSHA_TABLES, "长沙职业教育基地综合协调办公室", []) == []


def test_a_table_page_heading_repeating_its_contents_entry() -> None:
    # 46_fujian-fuzhou_kaifaqu-shengtai_2026_unit-budget.pdf p13: "七、国有资本经营预算拨款支出预算表" over the table's
    # own title "2026年度国有资本经营预算拨款支出预算表" — the title names the table, the heading is no contents entry
    # (a contents line left out would otherwise still be found, word for word, on the table's page)
    rows = [("七、国有资本经营预算拨款支出预算表", 200.0, 60.0, 420.0, 76.0),
            ("2026年度国有资本经营预算拨款支出预算表", 180.0, 90.0, 440.0, 106.0), ("单位：万元", 480.0, 110.0, 530.0, 122.0)]
    page = PageData(13, 595.0, 842.0, [Line(t, 13, *box) for t, *box in rows], [], 100, 0)
    assert listed_titles([page]) == ["2026年度国有资本经营预算拨款支出预算表"]
    # the contents page (p2) keeps its entries
    rows = [("六、政府性基金预算拨款支出预算表", 90.0, 300.0, 330.0, 316.0),
            ("七、国有资本经营预算拨款支出预算表", 90.0, 330.0, 345.0, 346.0)]
    page = PageData(2, 595.0, 842.0, [Line(t, 2, *box) for t, *box in rows], [], 100, 0)
    assert listed_titles([page]) == ["六、政府性基金预算拨款支出预算表", "七、国有资本经营预算拨款支出预算表"]


def test_pieces_of_performance_sheet_titles_leave_the_contents_known() -> None:
    # 59_fujian-quanzhou_gonganju_2026_dept-budget.pdf: contents 一、… 十、 (p2); the project sheets' titles printed
    # over two lines leave pieces ("目标表", "目绩效目标表") that are no contents entry
    main = ["收支预算总表", "收入预算总表", "支出预算总表", "财政拨款收支预算总表", "一般公共预算拨款支出预算表",
            "政府性基金预算拨款支出预算表", "国有资本经营预算拨款支出预算表", "一般公共预算支出经济分类情况表",
            "一般公共预算基本支出经济分类情况表", "一般公共预算“三公”经费支出预算表"]
    numbers = "一二三四五六七八九十"
    listed = ["第二部分2026年度部门预算表", *(f"{numbers[n]}、{t}" for n, t in enumerate(main)), "2026年度部门预算表",
              *(f"2026年度{t}" for t in main), "1.项目支出绩效目标表", "电诈中心建设项目绩效目标表", "目标表",
              "目绩效目标表", "部门整体支出绩效目标表"]
    tables = [(f"2026年度{t}", "other", False) for t in main]
    unit = "泉州市公安局"
    assert contents_issues(listed, tables, unit, []) == []
    [issue] = contents_issues([x for x in listed if x != "四、财政拨款收支预算总表"], tables, unit, [])
    assert issue.kind == "contents-unlisted" and issue.text == "2026年度财政拨款收支预算总表"


def test_a_contents_entry_over_two_lines_is_one_title() -> None:
    # 57_shaanxi-xian_weijianwei_2022_dept-final.pdf p3: "九、财政拨款“三公”经费及会议费、培训费支出决" / "算表"
    rows = [("八、国有资本经营预算财政拨款支出决算表", 104.0, 370.0, 408.2, 386.0),
            ("九、财政拨款“三公”经费及会议费、培训费支出决", 104.0, 407.1, 472.3, 423.2),
            ("算表", 136.0, 426.3, 168.0, 442.4), ("第四部分 专业名词解释", 200.7, 462.7, 368.8, 478.7)]
    page = PageData(3, 595.0, 842.0, [Line(t, 3, *box) for t, *box in rows], [], 100, 0)
    assert listed_titles([page]) == ["八、国有资本经营预算财政拨款支出决算表", "九、财政拨款“三公”经费及会议费、培训费支出决算表"]
    # a heading and the sentence under it are not one title (82_shanghai-putuo_qufu-bangongshi_2025_dept-budget.pdf
    # p22: "七、绩效目标" / "详见单位的项目绩效目标表")
    rows = [("七、绩效目标", 62.0, 312.8, 134.0, 324.8), ("详见单位的项目绩效目标表", 62.0, 329.8, 206.0, 341.8)]
    page = PageData(22, 595.0, 842.0, [Line(t, 22, *box) for t, *box in rows], [], 100, 0)
    assert listed_titles([page]) == ["详见单位的项目绩效目标表"]


# -- through validation: the sample with one error planted --------------------------------------------------------

def _planted(tmp_path: Path, old: str, new: str) -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "sample.txt"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _rules(path: Path) -> list[str]:
    return sorted(f.rule for f in validate_path(path).findings if f.rule.startswith("doc-"))


def test_sample_is_silent() -> None:
    assert _rules(SAMPLE) == []


def test_sample_planted_as_of_date(tmp_path: Path) -> None:
    # sample.txt line 1262 "截至 2024 年底，省政府办公厅信息技术服务中心所属…" in a 2025 budget
    assert _rules(_planted(tmp_path, "截至 2024 年底", "截至 2025 年底")) == ["doc-as-of-date"]


def test_sample_planted_unit_name(tmp_path: Path) -> None:
    path = _planted(tmp_path, "省政府办公厅信息技术服务中心 2025 年支出预算", "省政府办公厅政务服务中心 2025 年支出预算")
    report = validate_path(path, lang="en")
    [finding] = [f for f in report.findings if f.rule == "doc-unit-name"]
    assert finding.severity == "Violation" and "省政府办公厅政务服务中心" in finding.message("en")
    assert finding.sides and finding.sides[0].kind == "section"


def test_contents_entry_printed_over_two_lines() -> None:
    # 69_jiangsu_renda-bgt_2017_dept-budget.pdf p2: "十一、一般公共预算“三公”经费、会议费、培训费支" / "出预算表" is not read
    # as a title, so the contents are not known in full and the 三公 table (p20) is not said to be unlisted
    listed = ["第二部分省人大办公厅2017年度部门预算表", "一、收支预算总表", "二、收入预算总表", "三、支出预算总表",
              "四、财政拨款收支预算总表", "五、财政拨款支出预算表", "六、财政拨款基本支出预算表", "七、政府性基金支出预算表",
              "八、一般公共预算支出预算表", "九、一般公共预算基本支出预算表", "十、一般公共预算机关运行经费支出预算表",
              "出预算表", "十二、政府采购支出预算表", "2017年度部门预算表", "财政拨款基本支出预算表",
              "一般公共预算机关运行经费支出预算表"]
    tables = [("收支预算总表", "income-expenditure-summary", False), ("收入预算总表", "income", False),
              ("支出预算总表", "expenditure", False), ("财政拨款支出预算表", "fiscal-economic", False),
              ("财政拨款收支预算总表", "fiscal-summary", False), ("财政拨款基本支出预算表", "general-basic", False),
              ("财政拨款政府性基金支出预算表", "government-fund", False),
              ("一般公共预算支出预算表", "general-function", False), ("一般公共预算基本支出预算表", "general-basic", False),
              ("一般公共预算机关运行经费支出预算表", "other", False),
              ("“三公”经费、会议费、培训费支出预算表", "three-public", False), ("2017年政府采购预算表", "other", False)]
    assert contents_issues(listed, tables, "江苏省人大常委会办公厅", []) == []
    # printed on one line, the entry is read, and a table the contents leave out is seen
    whole = [x if x != "出预算表" else "十一、一般公共预算“三公”经费、会议费、培训费支出预算表" for x in listed]
    assert contents_issues(whole, tables, "江苏省人大常委会办公厅", []) == []
    assert [i.kind for i in contents_issues([x for x in whole if not x.startswith("五、")], tables,
                                            "江苏省人大常委会办公厅", [])] == ["contents-unlisted"]


# -- the unit's own places: glossary, organisation, performance management ---------------------------------------

@pytest.mark.parametrize(("unit", "text"), [
    # 41_central_guojia-xinfangju_2024_dept-final.pdf p39 (名词解释)
    ("国家信访局", "五、一般公共服务（类）信访事务（款）：指国家信访局用于保障机构正常运行、开展信访业务活动所发生的基本支出和项目支出。"),
    ("国家信访局", "行政运行（项）：指国家信访局机关（不含离退休干部办公室）用于保障机构正常运转的基本支出。"),
    # 43_hunan-changsha_gonganju_2025_dept-budget.pdf p6
    ("长沙市公安局", "长沙市公安局本级内设机构包括警令部、政治部、警保部、人境支队、内保支队、督察支队、法制支队"),
    # 11_beijing_gonganju_2026_dept-budget.pdf p4
    ("北京市公安局", "（二）机构设置情况北京市公安局内设机构及编制根据《中共北京市委办公厅、北京市人民政府办公厅关于印发<北京市"
                   "公安局职能配置、内设机构和人员编制规定>的通知》（京办字〔2025〕2号）设立"),
    # 05_shanghai-putuo_caizhengju_2024_dept-final.pdf p23
    ("上海市普陀区财政局", "上海市普陀区财政局2024年度预算绩效管理工作开展情况如下：本部门制定了普陀区财政局预算绩效管理实施办法"),
    # 76_jiangsu_shengwei-biao_2018_dept-budget.pdf p1: a table's header line read as its note
    ("中共江苏省委办公厅", "部 门:中共江苏省委办公厅"),
    # 10_guangdong-shenzhen_tongjiju_2026_dept-budget.pdf p5: the unit's work for the year
    ("深圳市统计局（本级）", "深圳市统计局（本级）2026年主要工作目标包括：1.坚持以党的政治建设为统领；2.牢牢把握高质量发展首要任务"),
    # 23_guangdong-shenzhen_baoan-guanliju_2026_dept-budget.pdf p6: a numbered heading that is the name alone
    ("深圳市规划和自然资源局宝安管理局", "一、深圳市规划和自然资源局宝安管理局"),
])
def test_unit_name_in_its_glossary_and_organisation(unit: str, text: str) -> None:
    assert name_mismatches(text, unit) == []
    other = unit[:unit.index("市") + 1] + "审计局" if "市" in unit else "国家审计局"
    planted = text.replace(unit, other, 1)
    assert [m.name for m in name_mismatches(planted, unit)] == [other]


def test_glossary_naming_the_body_that_pays_is_not_read() -> None:
    # 41 p39: the money's source, not the unit
    assert name_mismatches("一、财政拨款收入：指中央财政当年拨付的资金。", "国家信访局") == []
    assert name_mismatches("财政拨款收入：指区财政局当年拨付的资金。", "上海市普陀区司法局") == []


# 55_shaanxi-xian_minzhengju_2021_dept-budget.pdf: the unit's name in its text (p2, p37) and its tables' headers
MINZHENG_TEXTS = ["西安市民政局内设11个处室，分别为：办公室、组织人事处、规划财务处、社会组织管理局",
                  "部门名称：西安市民政局保密审查情况：已审查"]
MINZHENG_HEADERS = ["预算单位：西安市民政局 单位：元"] * 3


def test_own_unit_is_the_identity_when_the_document_agrees() -> None:
    said = said_names(MINZHENG_TEXTS, MINZHENG_HEADERS)
    assert len(said) == 5 and own_unit("西安市民政局", said) == "西安市民政局"
    # a 预算主管部门 header names the unit's parent: not where the unit names itself
    assert said_names([], ["预算主管部门：上海市普陀区司法局"] * 3) == []


def test_own_unit_when_the_identity_was_read_from_the_one_wrong_place() -> None:
    # the cover (or the one header the identity was read from) planted with another unit's name
    said = said_names(MINZHENG_TEXTS, MINZHENG_HEADERS + ["预算单位：西安市审计局 单位：元"])
    assert own_unit("西安市审计局", said) == "西安市民政局"
    # the identity's name printed twice: the document is of two minds, the identity stays
    said = said_names(MINZHENG_TEXTS, MINZHENG_HEADERS + ["预算单位：西安市审计局 单位：元"] * 2)
    assert own_unit("西安市审计局", said) == "西安市审计局"
    # two other units named: no one of them is the document's
    said = said_names(MINZHENG_TEXTS, ["预算单位：西安市财政局 单位：元"] * 3)
    assert own_unit("西安市审计局", said) == "西安市审计局"


# 92_central-chongqing_xinan-daxue_2024_dept-budget.pdf: the cover's heading (p1) and the narrative (p12)
XINAN = [("2024年度部门预算", True),
         ("纳入2024年度部门预算的单位包括西南大学本级、西南大学附属中学", False),
         ("（一）收支预算情况说明。我校2024年收支总预算582,276.35万元，其中本年收入预算445,059.97万元", False),
         ("2024年本年收入预算445,059.97万元，其中：财政拨款收入", False),
         ("2024年本年支出预算486,554.95万元，比2023年增加", False)]


def test_own_year_against_the_identity() -> None:
    stated = [y for y, _ in stated_years(XINAN)]
    assert stated == [2024] * 5
    assert own_year(2024, stated) == 2024
    # the cover planted 2023 (the identity's year read from it): the rest of the document says 2024
    planted = stated_years([("2023年度部门预算", True), *XINAN[1:]])
    assert own_year(2023, [y for y, _ in planted]) == 2024
    # comparisons are not the document's own year
    assert stated_years([("本年支出预算比2023年收支预算增加", False)]) == []


# 78_jiangsu_gaoyuan_2017_dept-budget.pdf: the contents (p1, "一、收支预算总表") and the titles above the tables
# ("一、2017年度江苏省高级人民法院部门收支预算总表") numbered alike
GAOYUAN = ["收支预算总表", "收入预算总表", "支出预算总表", "财政拨款收支预算总表", "财政拨款支出预算表", "财政拨款基本支出预算表",
           "政府性基金支出预算表", "一般公共预算支出预算表"]
GAOYUAN_NUMBERS = "一二三四五六七八"
GAOYUAN_TABLES = [(f"2017年度江苏省高级人民法院部门{t}", "other", False) for t in GAOYUAN]
GAOYUAN_LISTED = [*(f"{n}、{t}" for n, t in zip(GAOYUAN_NUMBERS, GAOYUAN, strict=True)),
                  *(f"{n}、{t}" for n, (t, _, _) in zip(GAOYUAN_NUMBERS, GAOYUAN_TABLES, strict=True))]


def test_contents_leave_out_a_table_whose_own_title_is_numbered() -> None:
    unit = "江苏省高级人民法院"
    assert contents_issues(GAOYUAN_LISTED, GAOYUAN_TABLES, unit, []) == []
    [issue] = contents_issues([x for x in GAOYUAN_LISTED if x != "二、收入预算总表"], GAOYUAN_TABLES, unit, [])
    assert issue.kind == "contents-unlisted" and issue.text == "二、2017年度江苏省高级人民法院部门收入预算总表"
    # the title above the table not read (the reader's miss, not the contents'): nothing said
    assert contents_issues([x for x in GAOYUAN_LISTED if x != "二、2017年度江苏省高级人民法院部门收入预算总表"],
                           GAOYUAN_TABLES, unit, []) == []


def test_the_scope_names_the_report_year() -> None:
    # 92_central-chongqing_xinan-daxue_2024_dept-budget.pdf p7; 05_shanghai-putuo_caizhengju_2024_dept-final.pdf p4
    text = "（二）预算单位构成我校纳入2024年度部门预算编制范围的单位包括西南大学本级、西南大学附属中学"
    assert year_issues(text, 2024, final=False) == []
    assert year_issues("纳入上海市普陀区财政局2024年度部门决算编制范围的单位包括：上海市普陀区财政局", 2024, final=True) == []
    [issue] = year_issues(text.replace("2024", "2023"), 2024, final=False)
    assert issue.kind == "report-year" and "2023" in issue.text


def test_the_unit_states_its_amounts_under_the_report_year() -> None:
    # 36_jiangsu-wuxi_xinfangju_2025_dept-budget.pdf p33; 05_shanghai-putuo_caizhengju_2024_dept-final.pdf p21
    text = "无锡市信访局2025年度一般公共预算拨款安排的会议费预算支出0.44万元，比上年预算减少0.05万元"
    assert unit_year_issues(text, "无锡市信访局", 2025) == []
    assert unit_year_issues("上海市普陀区财政局2024年度收入支出总计2995.39万元。与2023年度相比", "上海市普陀区财政局", 2024) == []
    [issue] = unit_year_issues(text.replace("2025", "2024"), "无锡市信访局", 2025)
    assert issue.kind == "report-year" and "无锡市信访局2024年度" in issue.text
    # another unit's year is not the document's
    assert unit_year_issues(text.replace("2025", "2024").replace("信访局", "财政局"), "无锡市信访局", 2025) == []


# wide/79_jiangsu_gaoyuan_2018_dept-budget.pdf, page 2: the contents page's numbered lines in print order (a two-line
# entry keeps its first line); each table's own title above it is the same string as its entry
GAOYUAN_CONTENTS = [
    "第一部分部门概况", "一、主要职能。", "二、2018年度部门主要工作任务及目标。", "三、部门机构设置和所属单位情况。",
    "四、部门收支预算编制的相关依据及测算分析情况。", "第二部分江苏省高级人民法院2018年度预算表",
    *[f"{n}、2018年度江苏省高级人民法院{t}" for n, t in (
        ("一", "收支预算总表"), ("二", "收入预算总表"), ("三", "支出预算总表"), ("四", "财政拨款收支预算总表"),
        ("五", "财政拨款支出预算表"), ("六", "财政拨款基本支出预算表"), ("七", "一般公共预算支出预算表"),
        ("八", "一般公共预算基本支出预算表"), ("九", "“三公”经费、会议费、培训费支"), ("十", "政府性基金预算财政拨款支出预"),
        ("十一", "一般公共预算机关运行经费支"), ("十二", "政府采购支出预算表"))],
    "第三部分江苏省高级人民法院2018年度预算安排情况说明", "第四部分名词解释"]
GAOYUAN_UNIT = "江苏省高级人民法院"


def _gaoyuan_tables() -> list[tuple[str, str, bool]]:
    titles = [x.split("、", 1)[1] for x in GAOYUAN_CONTENTS[6:-2]]
    return [(t if t.endswith("表") else t + "出预算表", "", False) for t in titles]


def test_a_contents_line_left_out_between_two_is_an_unlisted_table():
    listed = [x for x in GAOYUAN_CONTENTS if x.endswith("表")]
    contents = [x for x in GAOYUAN_CONTENTS if not x.startswith("五、2018")]
    found = contents_gaps(contents, listed, _gaoyuan_tables(), GAOYUAN_UNIT)
    assert [(i.kind, i.text) for i in found] == [("contents-unlisted", "五、2018年度江苏省高级人民法院财政拨款支出预算表")]
    assert "第4项和第6项" in found[0].zh and "entries 4 and 6" in found[0].en


def test_contents_listing_every_table_have_no_gap():
    listed = [x for x in GAOYUAN_CONTENTS if x.endswith("表")]
    assert not contents_gaps(GAOYUAN_CONTENTS, listed, _gaoyuan_tables(), GAOYUAN_UNIT)
    # the narrative's list (一 … 四) is another list; a contents page cut short after 四 leaves no gap inside
    assert not contents_gaps(GAOYUAN_CONTENTS[:10], listed, _gaoyuan_tables(), GAOYUAN_UNIT)
    # a table numbered 五 above it that the contents list as 六 (misnumbered) is listed
    renumbered = [x.replace("六、2018年度江苏省高级人民法院财政拨款基本", "六、2018年度江苏省高级人民法院财政拨款")
                  for x in GAOYUAN_CONTENTS if not x.startswith("五、2018")]
    assert not contents_gaps(renumbered, listed, _gaoyuan_tables(), GAOYUAN_UNIT)


# wide/52_shaanxi-xian_anjianju_2019_dept-budget.pdf, 表2 收入总表: the rows list the department's units
ANJIANJU_ROWS = ["合计", "西安市安全生产监督管理局", "西安市安全生产宣传教育中心", "西安市安全生产执法监察支队",
                 "西安市安全生产应急救援中心"]
# wide/51_shaanxi-xian_fagaiwei_2019_dept-budget.pdf: project rows by the 处 (internal divisions) that run them
FAGAIWEI_ROWS = ["合计", "产业协调处农村经济处", "基础产业处资源节约和环境保护处", "市创改办综合处市创改办军民融合工作处",
                 # and its subordinate units, named otherwise than the 委员会
                 "西安市公共资源交易中心（全额）", "西安市电力执法监察队（参公）", "西安市经济研究所（全额）"]


def test_a_cover_naming_a_unit_the_tables_do_not_list_is_reported():
    found = unit_row_issues("西安市审计局", ANJIANJU_ROWS)
    assert [i.kind for i in found] == ["unit-name"]
    assert "西安市审计局" in found[0].zh and "4 个单位" in found[0].zh and "none of the 4 units" in found[0].en


def test_the_units_listed_include_the_documents_own():
    assert not unit_row_issues("西安市安全生产监督管理局", ANJIANJU_ROWS)
    assert not unit_row_issues("西安市安全生产监督管理局（汇总）", ANJIANJU_ROWS)
    assert not unit_row_issues("西安市发展和改革委员会", FAGAIWEI_ROWS)  # divisions, and units of another kind
    assert unit_row_issues("西安市发展和改革委员会", [*FAGAIWEI_ROWS, "西安市民族宗教事务委员会"])  # another 委员会 listed
    assert not unit_row_issues("西安市审计局", ANJIANJU_ROWS[:2])  # one unit listed: too little to tell


# wide/59_fujian-quanzhou_gonganju_2026_dept-budget.pdf, p27: a performance sheet titled by the code and name of the
# unit (one of the department's) that runs the project
QUANZHOU_SHEET = "301007_泉州市公安局晋江国际机场分局_全国民航反电诈中心建设项目绩效目标表"


def test_a_performance_sheet_titled_by_another_departments_unit():
    assert name_mismatches(QUANZHOU_SHEET, "泉州市公安局") == []
    planted = QUANZHOU_SHEET.replace("泉州市公安局", "泉州市审计局")
    assert [m.name for m in name_mismatches(planted, "泉州市公安局")] == ["泉州市审计局晋江国际机场分局"]
    assert name_mismatches(planted.replace("泉州市审计局", "审计局"), "泉州市公安局") == []  # no place: not read
