"""Performance-target and self-evaluation sheets of real disclosures (issue 11), read at the page level.

Every expected value is read off the page (``pdftotext -layout -f N -l N`` and the page image): the sheet's
projects, money lines, indicators (一级/二级/三级指标, comparator, target, unit, weight) and the points the sheet
states. The weight rule is checked on a sheet whose points really do not add up, on a planted change, and stays
silent on sheets that are right or print no weights.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from budgetkg.ingest.extract.column_meaning import type_columns
from budgetkg.ingest.extract.pdf_goals import read_goal_table, starts_goal
from budgetkg.ingest.extract.pdf_grid import Piece, analyse
from budgetkg.ingest.extract.pdf_layout import PageData, read_page
from budgetkg.ingest.model import Document, Indicator, PerformanceGoal, Phase, Scope, Table
from budgetkg.ingest.validate import Report, validate_parsed

WIDE = Path(__file__).parent / "fixtures" / "pdf" / "wide"
D = Decimal


def _pages(name: str, numbers: tuple[int, ...]) -> tuple[PageData, ...]:
    with pdfplumber.open(WIDE / name) as pdf:
        return tuple(read_page(pdf.pages[n - 1], n) for n in numbers)


def pieces(name: str, *numbers: int) -> list[Piece]:
    return [analyse(g) for p in _pages(name, numbers) for g in p.grids]


def sheet(name: str, title: str, *numbers: int) -> tuple[Table, list[PerformanceGoal]]:
    """The goal table printed on these pages (each holding that sheet only)."""
    pages = _pages(name, numbers)
    return read_goal_table(pieces(name, *numbers), "T", title, 0, "本单位", {p.number: p.lines for p in pages})


def row(ind: Indicator) -> tuple:
    return ind.level1, ind.level2, ind.name, ind.comparator, ind.target, ind.unit, ind.weight


def validated(table: Table, goals: list[PerformanceGoal], phase: Phase) -> Report:
    doc = Document(source_name="sheet.pdf", sha256=hashlib.sha256(table.title.encode()).hexdigest(),
                   media_type="application/pdf", unit_name="本单位", year=2024, phase=phase, scope=Scope.DEPARTMENT,
                   tables=[table], goals=goals)
    type_columns(doc)
    return validate_parsed(doc)


def rules(report: Report, rule: str) -> list[str]:
    return [f.severity for f in report.findings if f.rule == rule]


# -- Fujian (福州市仓山生态环境局 2026 单位预算, pp25–26): key-value sheet over two pages, no weights ------------

def test_fujian_key_value_sheet_over_two_pages() -> None:
    table, goals = sheet("45_fujian-fuzhou_cangshan-shengtai_2026_unit-budget.pdf", "环境管理监察监测经费项目绩效目标表",
                         25, 26)
    (goal,) = goals
    assert goal.project_name == "环境管理监察监测经费" and goal.kind == "project"
    assert goal.goal_text.startswith("通过开展污染防治攻坚战及生态环境保护综合治理工作")
    # 专项资金情况（万元）: 资金总额 348.00 / 财政拨款 348.00 / 其他资金 0.00 — the parts are subsets, not summands
    assert [(r.label, r.kind, r.cells[0].value, r.subset_of, r.parent) for r in table.rows] == [
        ("资金总额", "total", D("348.00"), None, None), ("财政拨款", "item", D("348.00"), 0, None),
        ("其他资金", "item", D("0.00"), 0, None)]
    assert goal.amount is not None and goal.amount.value == D("348.00") and goal.amount.source.page == 25
    assert [row(i) for i in goal.indicators] == [
        ("成本指标", "经济成本指标", "财政投入成本控制率", "≤", D(100), "%", None),
        ("成本指标", "经济成本指标", "物业成本控制率", "≤", D(100), "%", None),  # p26: category carried over the break
        ("产出指标", "数量指标", "空气监测站正常运转数量", "＝", D(5), "座", None),
        ("产出指标", "质量指标", "设备验收合格率", "≥", D(100), "%", None),
        ("产出指标", "时效指标", "噪声监测任务及时完成率", "≥", D(100), "%", None),
        ("效益指标", "社会效益指标", "重特大环境事件发生次数", "≤", D(0), "次", None),
        ("效益指标", "生态效益指标", "水质优良比例", "≥", D(100), "%", None),
        ("效益指标", "生态效益指标", "集中式饮用水水源地水质达标率", "≥", D(100), "%", None),
        ("效益指标", "生态效益指标", "空气质量优良天数比例", "≥", D(95), "%", None),
        ("满意度指标", "服务对象满意度指标", "群众对生态环境满意度", "≥", D(80), "%", None)]
    assert goal.indicators[1].source.page == 26
    report = validated(table, goals, Phase.BUDGET)
    assert not rules(report, "indicator-weights") and not rules(report, "indicator-weights-convention")


# -- central (国家信访局 2024 决算, pp30–31): the 财预〔2020〕10号 self-evaluation sheet ---------------------------

CENTRAL = "41_central_guojia-xinfangju_2024_dept-final.pdf"


def test_central_self_evaluation() -> None:
    table, goals = sheet(CENTRAL, "信访干部培训专项项目绩效自评表", 30, 31)
    (goal,) = goals
    assert goal.project_name == "信访干部培训专项" and goal.evaluation
    # 年度资金总额： 180.61 | 180.03 | 180.03 | 分值 10.0 | 100.00% | 10, then 其中：财政拨款 / 上年结转 / 其他资金
    assert [c.label for c in table.columns] == ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert [(r.label, r.subset_of) for r in table.rows] == [
        ("年度资金总额", None), ("其中：财政拨款", 0), ("上年结转", 0), ("其他资金", 0)]
    assert [c.value for c in table.rows[0].cells[:3]] == [D("180.61"), D("180.03"), D("180.03")]
    assert table.rows[2].value(1) == D("39.42")
    assert (goal.execution_points, goal.total_points) == (D("10.0"), D(100))  # 总分 100 (p31)
    assert [i.weight for i in goal.indicators] == [D(w) for w in (20, 6, 6, 6, 8, 6, 8, 10, 10, 10)]
    first, quality = goal.indicators[0], goal.indicators[7]
    assert row(first) == ("成本指标", "经济成本指标", "参加培训学员人均培训费", "定性", None, None, D(20))
    assert first.grade == "不超标准"
    assert row(goal.indicators[1]) == ("产出指标", "数量指标", "培养实践锻炼、跟班学习干部人数", "≥", D(110), "人", D(6))
    # 效益指标 / 社会效益指标: merged cells printed outside the ruled grid, read from the page's loose text
    assert row(quality) == ("效益指标", "社会效益指标", "信访工作质量", "定性", None, None, D(10))
    assert row(goal.indicators[-1]) == ("满意度指标", "服务对象满意度指标", "受训学员满意率", "≥", D(95), "%", D(10))
    assert not rules(validated(table, goals, Phase.FINAL), "indicator-weights")


def test_weight_rule_fires_on_a_planted_change() -> None:
    table, goals = sheet(CENTRAL, "信访干部培训专项项目绩效自评表", 30, 31)
    goals[0].indicators[0].weight = D(25)  # 20 → 25: the indicators now hold 95 points beside 预算执行率's 10 of 100
    assert rules(validated(table, goals, Phase.FINAL), "indicator-weights") == ["Violation"]


# -- Xi'an (西安市卫生健康委员会 2022 决算): a sheet whose points do not add up, and one that does -------------------

XIAN_FINAL = "57_shaanxi-xian_weijianwei_2022_dept-final.pdf"


def test_xian_self_evaluation_points_that_do_not_add_up() -> None:
    """p74 安保服务项目: 分值 10 + 20 + 10 + 10 + 13 + 13 + 10 = 86 beside 预算执行率 10, but 总分 100 (效益指标（30分）
    holds 13 + 13)."""
    table, goals = sheet(XIAN_FINAL, "西安市级2022年安保服务项目绩效自评表", 74)
    (goal,) = goals
    assert goal.project_name == "安保服务项目"
    assert (goal.execution_points, goal.total_points) == (D(10), D(100))
    assert [i.weight for i in goal.indicators] == [D(w) for w in (10, 20, 10, 10, 13, 13, 10)]
    assert goal.indicators[4].level1 == "效益指标"  # printed "效益指标（30分）"
    assert rules(validated(table, goals, Phase.FINAL), "indicator-weights") == ["Violation"]


def test_xian_self_evaluation_that_adds_up() -> None:
    """p55 病媒生物防制: 12.5 × 4 + 15 × 2 + 10 = 90 beside 预算执行率 10, 总分 100."""
    table, goals = sheet(XIAN_FINAL, "西安市级2022年病媒生物防制项目绩效自评表", 55)
    (goal,) = goals
    assert goal.project_name == "2022年病媒生物防制"
    assert goal.indicators[0].name == "消杀覆盖区县（开发区）数量"  # numbering "指标1：" is not part of the name
    assert sum(i.weight for i in goal.indicators) == D(90)
    assert not rules(validated(table, goals, Phase.FINAL), "indicator-weights")


def test_xian_sheet_continues_under_its_repeated_header() -> None:
    """西安市公安局 2026 表14-1 (pp51–52): the indicator header is printed again on p52 without a title or a project;
    分值权重（90分） and 执行率分值（10分） state the points."""
    name = "50_shaanxi-xian_gonganju_2026_dept-budget.pdf"
    first, rest = pieces(name, 51), pieces(name, 52)
    assert starts_goal(first[0]) and not starts_goal(rest[0])
    table, goals = sheet(name, "部门专项业务经费绩效目标表", 51, 52)
    (goal,) = goals
    assert goal.project_name == "办公场所租赁" and len(goal.indicators) == 22
    assert (goal.indicator_points, goal.execution_points) == (D(90), D(10))
    assert sum(i.weight for i in goal.indicators) == D(90)
    assert row(goal.indicators[0]) == ("成本指标", "经济成本", "涉案危废品仓储租赁费用标准(元/平方米/月)", "≤", D(75),
                                       None, D(2))
    assert row(goal.indicators[14]) == ("产出指标", "时效指标", "仓储服务监控时长(小时/天)", "＝", D(24), None, D(4))
    assert [(r.label, r.cells[0].value, r.subset_of) for r in table.rows] == [
        ("实施期资金总额", D("3361.96"), None), ("其中：财政拨款", D("3361.96"), 0)]


# -- Beijing (北京市公安局 2026 部门预算报表): a list of projects, and the department's sheet ----------------------

BEIJING = "12_beijing_gonganju-baobiao_2026_dept-budget.pdf"


def test_beijing_list_sheet() -> None:
    table, goals = sheet(BEIJING, "项目支出绩效目标表", 17, 18, 19)
    assert [(g.project_name, g.amount.value if g.amount else None) for g in goals] == [
        ("公安行政管理", D("161796.229761")), ("公安信息网络购建", D("15273.836207")),
        ("信息化运行维护", D("12577.526935")), ("11000022T000000431783-教师业务培训费", D(50)),
        ("11000022T000000431932-燃气系统日常运行维护", D("138.37")),
        ("11000022T000000431937-昌平校区培训区域物业管理服务", D("481.434267")),
        ("11000022T000000432024-警犬实训课程装备用具购置", D("197.039"))]
    # 项目总额 | 其中：财政资金 | 其他资金: the 其中 columns are subsets of the total
    assert [c.label for c in table.columns] == ["项目总额", "其中：/财政资金", "其中：/其他资金"]
    assert [(c.parent, c.additive) for c in table.columns[1:]] == [(0, False), (0, False)]
    assert [c.value for c in table.rows[0].cells] == [D("161796.229761"), D("157457.387602"), D("4338.842159")]
    first = goals[0]
    assert len(first.indicators) == 28  # 25 on p17, 3 on p18 under the same project cell
    assert first.goal_text.startswith("1.根据公安业务需要，开展警用装备列装")
    assert (first.indicators[0].name, first.indicators[0].comparator, first.indicators[0].grade[:12]) == (
        "会议费标准", "定性", "按照北京市财政局关于印发")
    # 绩效指标性质 holds the comparator, 本年绩效指标值 the number, 绩效度量单位 the unit
    assert row(first.indicators[4]) == ("产出指标", "数量指标", "专用业务设备（用品）购置数", "≥", D(37), "项", None)
    assert row(first.indicators[5]) == ("产出指标", "数量指标", "维修改造、修缮、新建工程数量", "≥", D(11), "项", None)
    assert first.indicators[4].target_text == "≥37"
    # p18's last three rows belong to the project whose cell (and name) opens p19
    teachers = goals[3]
    assert [i.name for i in teachers.indicators[:3]] == ["培训人员合格率", "培训计划按期完成率", "培训人数"]
    assert teachers.indicators[3].source.page == 19


def test_beijing_department_sheet() -> None:
    table, goals = sheet(BEIJING, "部门整体支出绩效目标表", 32)
    (goal,) = goals
    assert goal.kind == "department" and goal.amount is not None and goal.amount.value == D("866561.920395")
    assert goal.goal_text.startswith("2026年，北京公安机关将坚定不移以习近平新时代中国特色社会主义思想为指导")
    assert [c.label for c in table.columns] == ["预算支出总额", "财政拨款/合计", "财政拨款/基本支出", "财政拨款/项目支出",
                                                "其他资金/合计", "其他资金/项目支出"]
    assert [c.source.text for c in table.rows[0].cells] == [
        "866,561.920395", "857,935.778736", "644,876.932942", "213,058.845794", "8,626.141659", "8,626.141659"]
    # 活动 | 绩效指标 (一级, 二级 and 三级 in one cell) | 指标性质 | 指标值 | 度量单位
    assert row(goal.indicators[0]) == ("产出指标", "数量指标", "培训工作完成率", "≥", D(95), "%", None)
    assert row(goal.indicators[9]) == ("产出指标", "时效指标", "项目完成时间", "≤", D(12), "月", None)
    assert (goal.indicators[10].comparator, goal.indicators[10].grade) == ("定性", "优")


# -- Chongqing (重庆市人民政府办公厅 2026) 表十二: a list sheet whose weights include 年度预算执行率 -------------------

def test_chongqing_weights_with_budget_execution() -> None:
    table, goals = sheet("27_chongqing_zhengfu-bangongting_2026_dept-budget.pdf",
                         "2026年市级一般性项目绩效目标表（一级项目）", 24)
    (goal,) = goals
    assert goal.project_name == "市政府办公厅业务及日常运行项目" and goal.amount.value == D("8534.17")
    assert [i.weight for i in goal.indicators] == [D(w) for w in (15, 15, 15, 15, 5, 5, 5, 5, 5, 5, 10)]
    assert row(goal.indicators[-1]) == ("", "", "年度预算执行率", "＝", D(100), "%", D(10))
    assert row(goal.indicators[1]) == ("", "", "“一件事一次办”网站访问可达率", "≥", D(90), "%", D(15))
    report = validated(table, goals, Phase.BUDGET)
    assert not rules(report, "indicator-weights") and not rules(report, "indicator-weights-convention")


# -- Hunan (长沙职业教育基地综合协调办公室 2026): the same project printed again on the next page ----------------------

def test_hunan_project_continued_on_the_next_page() -> None:
    from budgetkg.ingest.api import parse_document

    doc = parse_document(WIDE / "42_hunan-changsha_zhijiao-jidi_2026_dept-budget.pdf")
    project, dept = doc.goals
    assert (project.project_name, project.amount.value, len(project.indicators)) == (
        "经常性运转经费（水电气）", D("270.00"), 12)
    # 指标值类型 holds the comparator: 水费 | 120 | 万元 | ＝
    assert row(project.indicators[0]) == ("成本指标", "经济成本指标", "水费", "＝", D(120), "万元", None)
    assert project.indicators[6].source.page == 23
    assert dept.kind == "department" and dept.project_name == "长沙职业教育基地综合协调办公室"
    assert dept.amount.value == D("656.73") and len(dept.indicators) == 12


# -- Quanzhou (泉州市公安局 2026, p40): a percentage target no rate can reach -----------------------------------

def test_percentage_of_a_bounded_rate() -> None:
    table, goals = sheet("59_fujian-quanzhou_gonganju_2026_dept-budget.pdf",
                         "办公设备购置及公安服务器升级改造项目绩效目标表", 40)
    (goal,) = goals
    assert goal.project_name == "办公设备购置及公安服务器升级改造"  # no 项目名称 row: the title names it
    by_name = {i.name: i for i in goal.indicators}
    assert (by_name["群众满意度"].comparator, by_name["群众满意度"].target) == ("≥", D(1100))
    report = validated(table, goals, Phase.BUDGET)
    flagged = sorted(f.sides[0].row for f in report.findings if f.rule == "indicator-percent")
    # 满意度, 验收合格率 and 及时性 cannot pass 100 %; a 完成率 or a 采购价 ≤1100% is not judged
    assert flagged == ["办公设备和服务器验收合格率", "群众满意度", "资金拨付及时性"]


@pytest.mark.parametrize("title", ["2025年项目支出绩效目标表", "项目年度绩效指标表"])
def test_unnamed_sheet_is_not_named_after_a_generic_title(title: str) -> None:
    from budgetkg.ingest.extract.pdf_goals import _title_project

    assert _title_project(title) == ""


def test_indicator_scored_without_a_target() -> None:
    """57 p70 中职免学费补助（市级资金）: '生态效益指标 | 生态效益 | (empty) | (empty) | 8 | 8'."""
    table, goals = sheet(XIAN_FINAL, "西安市级2022年中职免学费补助项目绩效自评表", 70)
    (goal,) = goals
    blank = next(i for i in goal.indicators if i.name == "生态效益")
    assert (blank.level2, blank.target_text, blank.weight) == ("生态效益指标", "", D(8))
    report = validated(table, goals, Phase.FINAL)
    assert [f.sides[0].row for f in report.findings if f.rule == "indicator-qualitative"] == ["生态效益"]
    # 总分 90 here totals the indicator rows alone (预算执行率's 10 printed on the funds line): not a weight error
    assert (goal.total_points, goal.execution_points) == (D(90), D(10))
    assert not rules(report, "indicator-weights")


LEDGER = Path(__file__).parent / "fixtures" / "ledger"


@pytest.mark.parametrize(("name", "title", "page", "phase"), [
    (XIAN_FINAL, "西安市级2022年安保服务项目绩效自评表", 74, Phase.FINAL),
    (XIAN_FINAL, "西安市级人民医院区中建设医疗设备购置项目绩效自评表", 114, Phase.FINAL),
    ("58_shaanxi-xian_shenpiju_2025_dept-budget.pdf", "部门整体支出绩效目标表", 45, Phase.BUDGET),
    ("59_fujian-quanzhou_gonganju_2026_dept-budget.pdf", "执勤车辆购置项目绩效目标表", 44, Phase.BUDGET),
])
def test_ledger_entries_are_found_on_their_sheet(name: str, title: str, page: int, phase: Phase) -> None:
    """The ledger's performance findings of a page are exactly what validating that sheet reports (as the
    ledger may hold a finding twice under two wordings, entries count once per key and page)."""
    from collections import Counter

    from budgetkg.ingest.baseline import LISTED, finding_key, load

    listed = {(e["key"], e["page"]): e for e in load(LEDGER / (Path(name).stem + ".json"))
              if e["page"] == page and e["key"].startswith(("indicator", "performance"))}
    want = Counter(key for key, _ in listed)  # one finding per key and page
    assert want, "the ledger lists this page"
    table, goals = sheet(name, title, page)
    got = Counter(finding_key(f) for f in validated(table, goals, phase).findings
                  if f.severity in LISTED and f.rule.startswith(("indicator", "performance")))
    assert got == want


def test_goals_link_to_their_project_lines() -> None:
    """烟台市财政局 2026: each of the 12 sheets (pp32–46) names a project of 公开表11 (p26), whose rows print the
    project's category beside its name ("公车统管费用 | 其他运转类"); names that repeat are told apart by amount."""
    from budgetkg.ingest.api import parse_document
    from budgetkg.ingest.iri import IRIs
    from budgetkg.ingest.mapping import document_graph
    from budgetkg.ingest.vocab import CNB

    base = "http://localhost:8000/"
    doc = parse_document(WIDE / "63_shandong-yantai_caizhengju_2026_dept-budget.pdf")
    g, iri = document_graph(doc, base), IRIs(doc, base)
    table = next(t for t in doc.tables if t.label == "公开表11")
    linked = []
    for goal in doc.goals:
        project = g.value(iri.goal(goal.index), CNB.goalOf)
        row = next(r for r in table.rows if project == iri.project(table.label, r.index))
        linked.append((goal.project_name, goal.amount.value, row.index, row.label, row.cells[0].value))
    assert linked[0] == ("公车统管费用", D("30.00"), 1, "公车统管费用其他运转类", D("30.00"))
    assert linked[5] == ("公车统管费用", D("0.50"), 6, "公车统管费用其他运转类", D("0.50"))
    assert len(linked) == 12 and all(a == b for _, a, _, _, b in linked)
    assert sorted(r for _, _, r, _, _ in linked) == list(range(1, 13))  # each project line once
