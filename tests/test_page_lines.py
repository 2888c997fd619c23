"""The lines the PDF reader keeps out of the narrative and the tables (running heads, the cover, contents entries,
a table's header printed again on its continuation pages) and the document checks on them (issue 14, family 2).

Every text is taken from a corpus document: 36 无锡市信访局 2025 (a running head on each page), 64 中共烟台市委宣传部
2026 (the cover; "部门（单位）：… 单位：万元" printed again on page 2 of each table), 54 中共西安市委宣传部 2021 (the
contents page).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from budgetkg.ingest.document_checks import contents_entry_year, head_issues, unverified_title_year
from budgetkg.ingest.extract.pdf_furniture import strip_furniture
from budgetkg.ingest.extract.pdf_layout import Line, PageData
from budgetkg.ingest.model import Document, PageLine
from budgetkg.ingest.validate import validate_parsed

ROOT = Path(__file__).resolve().parents[1]
WIDE = ROOT / "tests" / "fixtures" / "pdf" / "wide"
XINFANG = WIDE / "36_jiangsu-wuxi_xinfangju_2025_dept-budget.pdf"
XUANCHUAN = WIDE / "64_shandong-yantai_xuanchuanbu_2026_dept-budget.pdf"

HEAD = "无锡市信访局2025年度部门预算公开"  # 36 p2–p36, 9.9 pt from the top of every page


def _pages(heads: list[str]) -> list[PageData]:
    """Pages as 36 prints them: the running head, a line of the body, the page number at the foot."""
    return [PageData(n, 595.3, 841.9, [Line(head, n, 51.0, 9.9, 300.0, 20.5),
                                       Line("一、主要职能", n, 105.9, 136.3, 180.0, 150.0),
                                       Line(f"- {n} -", n, 286.4, 817.6, 310.0, 828.0)], [], 100, 0)
            for n, head in enumerate(heads, 1)]


def test_running_heads_are_kept_with_their_page() -> None:
    pages = _pages([HEAD] * 6)
    kept = strip_furniture(pages)
    assert [(ln.page, ln.text) for ln in kept] == [(n, HEAD) for n in range(1, 7)]
    assert all([ln.text for ln in p.lines] == ["一、主要职能"] for p in pages)  # heads and page numbers are gone


def test_a_misprinted_running_head_is_furniture_too() -> None:
    pages = _pages([HEAD] * 3 + ["无锡市审计局2025年度部门预算公开"] + [HEAD] * 3)
    kept = strip_furniture(pages)
    assert [ln.text for ln in kept if ln.page == 4] == ["无锡市审计局2025年度部门预算公开"]
    assert all(len(p.lines) == 1 for p in pages)
    # 34 苏州市自然资源和规划局: a short name for a long one changes a third of the head
    head = "苏州市自然资源和规划局2026年度单位预算公开"
    pages = _pages([head] * 3 + ["苏州市审计局2026年度单位预算公开"] + [head] * 3)
    assert len(strip_furniture(pages)) == 7 and all(len(p.lines) == 1 for p in pages)
    # a different line in the band (the first line of a page's table title) is not a misprinted head
    pages = _pages([HEAD] * 6)
    pages[3].lines.insert(1, Line("财政拨款收支总表", 4, 200.0, 40.5, 400.0, 52.0))
    strip_furniture(pages)
    assert [ln.text for ln in pages[3].lines] == ["财政拨款收支总表", "一、主要职能"]


def _heads(texts: list[str]) -> list:
    import pyoxigraph as ox

    return [(ox.NamedNode(f"http://example.org/line/{n}"), t, n) for n, t in enumerate(texts, 2)]


def test_head_issues_find_the_one_page_among_many() -> None:
    assert head_issues(_heads([HEAD] * 35), "无锡市信访局", 2025, frozenset(), "") == []
    [(_, unit)] = head_issues(_heads([HEAD] * 12 + ["无锡市审计局2025年度部门预算公开"] + [HEAD] * 22), "无锡市信访局",
                              2025, frozenset(), "")
    assert unit.kind == "unit-name" and "第14页" in unit.zh and "无锡市审计局" in unit.zh
    [(_, year)] = head_issues(_heads([HEAD] * 12 + ["无锡市信访局2024年度部门预算公开"] + [HEAD] * 22), "无锡市信访局",
                              2025, frozenset(), "")
    assert year.kind == "report-year" and "2024" in year.zh


def test_head_issues_silent_where_every_head_disagrees() -> None:
    # a 部门's head over every page of the document of one of its 单位, or a head of another year on every page:
    # which of the two is right is not certain
    assert head_issues(_heads([HEAD] * 35), "无锡市公安局", 2025, frozenset(), "") == []
    assert head_issues(_heads([HEAD] * 35), "无锡市信访局", 2026, frozenset(), "") == []
    # one head against one other: no majority
    assert head_issues(_heads([HEAD, "无锡市审计局2025年度部门预算公开"]), "无锡市信访局", 2025, frozenset(), "") == []
    # a unit of the department, or one the document names elsewhere
    lines = _heads([HEAD] * 5 + ["无锡市信访接待中心2025年度单位预算公开"])
    assert head_issues(lines, "无锡市信访局", 2025, frozenset({"无锡市信访接待中心"}), "") == []
    assert head_issues(lines, "无锡市信访局", 2025, frozenset(), "…无锡市信访接待中心…") == []


def test_contents_entry_against_its_heading() -> None:
    # 54 p1 contents "五、2021 年部门预算收支说明", the body's heading "五、2021年部门预算收支说明" (p4)
    headings = {"五、2021年部门预算收支说明", "二、2021年度部门工作任务"}
    assert contents_entry_year("五、2021年部门预算收支说明", 2021, headings) == []
    [issue] = contents_entry_year("五、2020年部门预算收支说明", 2021, headings)
    assert issue.kind == "report-year" and "2020" in issue.zh
    # an entry whose heading the body does not print with the report's year says nothing
    assert contents_entry_year("四、2020年部门决算情况", 2021, headings) == []


def test_unverified_table_title_year() -> None:
    # 54 p41 表13, a table whose sums do not all hold: its title is printed text all the same
    title = "2021年部门综合预算一般公共预算拨款“三公”经费及会议费、培训费支出预算表（不含上年结转）"
    assert unverified_title_year(title, 2021) == []
    [issue] = unverified_title_year(title.replace("2021", "2020"), 2021)
    assert "2020" in issue.zh
    assert unverified_title_year("（2020年医疗卫生机构能力提升补助资金）项目绩效自评表", 2021) == []


def _replace(doc: Document, page: int, kind: str, old: str, new: str) -> Document:
    lines = list(doc.page_lines)
    k = next(k for k, pl in enumerate(lines) if pl.kind == kind and pl.source.page == page and old in pl.source.text)
    lines[k] = PageLine(kind, dataclasses.replace(lines[k].source, text=lines[k].source.text.replace(old, new)))
    return dataclasses.replace(doc, page_lines=lines)


def _doc_findings(doc: Document) -> list:
    return [f for f in validate_parsed(doc, source="copy.pdf").findings if f.rule.startswith("doc-")]


@pytest.fixture(scope="module")
def xuanchuan() -> Document:
    if not XUANCHUAN.exists():
        pytest.skip("corpus not present")
    from budgetkg.ingest.api import parse_document

    return parse_document(XUANCHUAN)


def test_the_reader_keeps_the_cover_and_the_continuation_headers(xuanchuan: Document) -> None:
    kinds = {(pl.kind, pl.source.page, pl.source.text) for pl in xuanchuan.page_lines}
    assert ("cover", 1, "2026年中共烟台市委宣传部部门预算") in kinds
    assert ("table-header", 9, "部门（单位）：中共烟台市委宣传部 单位：万元") in kinds
    assert any(pl.source.table == "公开表2" for pl in xuanchuan.page_lines if pl.source.page == 9)
    assert _doc_findings(xuanchuan) == []


def test_a_continuation_header_naming_another_unit(xuanchuan: Document) -> None:
    copy = _replace(xuanchuan, 9, "table-header", "中共烟台市委宣传部", "烟台市审计局")
    [finding] = _doc_findings(copy)
    assert finding.rule == "doc-unit-name" and "烟台市审计局" in finding.message_zh
    assert [s.page for s in finding.sides] == [9]


def test_a_cover_naming_another_unit(xuanchuan: Document) -> None:
    copy = _replace(xuanchuan, 1, "cover", "中共烟台市委宣传部", "烟台市审计局")
    [finding] = _doc_findings(copy)
    assert finding.rule == "doc-unit-name" and [s.page for s in finding.sides] == [1]


@pytest.mark.skipif(not XINFANG.exists(), reason="corpus not present")
def test_the_reader_keeps_the_running_heads() -> None:
    from budgetkg.ingest.api import parse_document

    doc = parse_document(XINFANG)
    heads = [pl for pl in doc.page_lines if pl.kind == "running-head"]
    assert len(heads) == 35 and {pl.source.text for pl in heads} == {HEAD}
    assert _doc_findings(doc) == []
    [finding] = _doc_findings(_replace(doc, 14, "running-head", "2025", "2024"))
    assert finding.rule == "doc-report-year" and [s.page for s in finding.sides] == [14]



def test_a_cover_alone_against_the_units_other_places() -> None:
    # 50 西安市公安局 2026: the cover (p1) is the identity, two places name the unit again (西安市公安局 is also one of
    # the department's own units, listed in its tables' rows)
    import pyoxigraph as ox

    from budgetkg.ingest.document_checks import unit_issues

    doc, cover, s1, s2 = (ox.NamedNode(f"http://example.org/{x}") for x in ("doc", "cover", "s1", "s2"))

    def issues(name: str) -> list:
        texts = [(doc, f"{name}2026年部门预算"), (cover, f"{name}2026年部门预算公开说明"),
                 (s1, "（一）主要职能。西安市公安局是西安市人民政府的工作部门"),
                 (s2, "部门名称：西安市公安局（汇总）保密审查情况：已审查")]
        return unit_issues(doc, texts, [], name, frozenset({"西安市公安局"}), "")

    assert issues("西安市公安局（汇总）") == []
    [(node, issue)] = issues("西安市审计局")
    assert node == cover and "西安市审计局" in issue.zh and "西安市公安局" in issue.zh


FAGAIWEI = WIDE / "51_shaanxi-xian_fagaiwei_2019_dept-budget.pdf"


@pytest.mark.skipif(not FAGAIWEI.exists(), reason="corpus not present")
def test_a_tables_caption_and_the_signature() -> None:
    # 51 西安市发改委 2019: "西安市发展和改革委员会内设机构信息" above the untitled grid of p5, and the signature
    # "西安市发展和改革委员会" / "2019年3月14日" on p28
    from budgetkg.ingest.api import parse_document

    doc = parse_document(FAGAIWEI)
    kinds = {(pl.kind, pl.source.page, pl.source.text) for pl in doc.page_lines}
    assert {("caption", 5, "西安市发展和改革委员会内设机构信息"), ("signature", 28, "西安市发展和改革委员会")} <= kinds
    assert _doc_findings(doc) == []
    for kind, page in (("caption", 5), ("signature", 28)):
        [finding] = _doc_findings(_replace(doc, page, kind, "西安市发展和改革委员会", "西安市审计局"))
        assert finding.rule == "doc-unit-name" and [s.page for s in finding.sides] == [page]


def test_a_signature_is_a_name_then_a_date() -> None:
    from budgetkg.ingest.extract.pdf_identity import signatures

    def page(lines: list[str]) -> list[PageData]:
        return [PageData(28, 595.0, 842.0, [Line(t, 28, 90.0, 100.0 + 30 * k, 400.0, 115.0 + 30 * k)
                                            for k, t in enumerate(lines)], [], 100, 0)]

    [line] = signatures(page(["附件：2019 年部门综合预算公开报表", "西安市发展和改革委员会", "2019年3月14日"]))
    assert line.kind == "signature" and line.source.text == "西安市发展和改革委员会"
    assert signatures(page(["西安市发展和改革委员会", "附件：2019 年部门综合预算公开报表"])) == []
    assert signatures(page(["其他费用。", "2019年3月14日"])) == []


def test_a_text_tables_unit_line_names_the_unit(tmp_path: Path) -> None:
    # sample.txt line 156, the unit line of 公开表1-1: "单位：四川省人民政府办公厅信息技术服务中心 金额单位：万元"
    from budgetkg.ingest.validate import validate_path

    sample = ROOT / "ingest" / "data" / "sample.txt"
    lines = sample.read_text(encoding="utf-8").split("\n")
    assert lines[155].startswith("单位：四川省人民政府办公厅信息技术服务中心")
    lines[155] = lines[155].replace("信息技术服务中心", "政务服务中心")
    path = tmp_path / "sample.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    [finding] = [f for f in validate_path(path).findings if f.rule.startswith("doc-")]
    assert finding.rule == "doc-unit-name" and "四川省人民政府办公厅政务服务中心" in finding.message_zh
    assert [s.table for s in finding.sides] == ["公开表1-1"]


def _page(number: int, lines: list[str], step: float = 21.0) -> PageData:
    return PageData(number, 595.0, 842.0, [Line(t, number, 96.0, 71.7 + step * k, 500.0, 71.7 + step * k + 15.0)
                                           for k, t in enumerate(lines)], [], 100, 0)


def test_a_parts_heading_the_narrative_leaves_out() -> None:
    # 05 上海市普陀区财政局 2024 p21: the part's heading over two lines, the narrative's first section below it
    from budgetkg.ingest.extract.pdf_identity import part_headings

    page = _page(21, ["第三部分上海市普陀区财政局2024年度部门决算情况", "说明", "一、收入支出决算总体情况说明"])
    [heading] = part_headings([page], set(), "一、收入支出决算总体情况说明上海市普陀区财政局2024年度收入支出总计")
    assert heading.kind == "heading" and heading.source.text == "第三部分上海市普陀区财政局2024年度部门决算情况说明"
    assert part_headings([page], set(), "第三部分上海市普陀区财政局2024年度部门决算情况说明") == []  # the narrative's
    [issue] = unverified_title_year(heading.source.text.replace("2024", "2023"), 2024)
    assert "2023" in issue.zh
    assert unverified_title_year(heading.source.text, 2024) == []


def test_contents_entries_without_their_leaders() -> None:
    # 41 国家信访局 2024 p2: "十一、关于2024年度预算绩效情况说明.....................24"
    from budgetkg.ingest.extract.pdf_identity import contents_lines

    page = _page(2, ["目 录", "十、名词解释.....................................22",
                     "十一、关于2024年度预算绩效情况说明.....................24"])
    assert [pl.source.text for pl in contents_lines([page], set())] == ["十、名词解释", "十一、关于2024年度预算绩效情况说明"]
    headings = {"十一、关于2024年度预算绩效情况说明"}
    [issue] = contents_entry_year("十一、关于2023年度预算绩效情况说明", 2024, headings)
    assert "2023" in issue.zh


@pytest.mark.parametrize(("unit", "text"), [
    ("北京市统计局", "附件：北京市统计局部门2026年度部门预算报表"),  # 09 p9
    ("深圳市规划和自然资源局宝安管理局", "深圳市规划和自然资源局宝安管理局实施部门预算绩效管理的单位范围包括："),  # 23 p10
    ("国家信访局", "行政运行（项）：指国家信访局机关为完成日常工作任务所发生的基本支出"),  # 41 p39
    ("江苏省人大常委会办公厅", "江苏省人大常委会办公厅本年支出预算合计 13649.07万元，其中："),  # 69 p24
])
def test_more_places_where_the_unit_names_itself(unit: str, text: str) -> None:
    from budgetkg.ingest.document_checks import name_mismatches

    assert name_mismatches(text, unit) == []
    wrong = "北京市审计局" if unit.startswith("北京") else "国家审计局" if unit.startswith("国家") else unit[:3] + "审计局"
    [m] = name_mismatches(text.replace(unit, wrong, 1), unit)
    assert m.name == wrong


@pytest.mark.parametrize(("unit", "line"), [
    ("苏州市自然资源和规划局", "单位：苏州市自然资源和规划局 单位：万元"),  # 34 p22, above 公开08表
    ("湖州市卫生健康委员会", "507-湖州市卫生健康委员会 万元"),  # 67 p52, above 表11
    ("湖州市卫生健康委员会", "507-湖州市卫生健康委员会 单位：万元"),  # 67 p27, above 表01
    ("中共烟台市委宣传部", "部门（单位）：中共烟台市委宣传部 单位：万元"),  # 64 p8
])
def test_header_lines_of_each_layout(unit: str, line: str) -> None:
    from budgetkg.ingest.document_checks import header_mismatches
    from budgetkg.ingest.extract.pdf_identity import HEADER_LINE

    assert HEADER_LINE.search(line)
    assert header_mismatches([line, line], unit) == []
    wrong = unit[:3] + "审计局" if not unit.startswith("中共") else "烟台市审计局"
    [m] = header_mismatches([line, line.replace(unit, wrong)], unit)
    assert m.name == wrong
    assert not HEADER_LINE.search("单位：万元") and not HEADER_LINE.search("金额单位：万元")


def test_a_cover_inside_the_document() -> None:
    # 68 湖州市财政局 2026 p16: "部门预算" / "湖州市财政局" alone on the page before the tables
    from budgetkg.ingest.extract.pdf_identity import inner_covers

    pages = [_page(1, ["湖州市财政局2026年部门预算"]), _page(16, ["部门预算", "湖州市财政局"], step=108.0)]
    assert [pl.source.text for pl in inner_covers(pages, set(), "一、部门概况湖州市财政局是…")] == ["部门预算", "湖州市财政局"]
    assert inner_covers(pages, set(), "部门预算湖州市财政局") == []  # the narrative's own lines
    body = _page(16, ["二、2026年湖州市财政局部门预算安排情况说明", "2026年湖州市财政局部门预算收入总计54,032.75万元，比上年"])
    assert inner_covers([pages[0], body], set(), "") == []  # a page of the narrative


GONGAN = WIDE / "50_shaanxi-xian_gonganju_2026_dept-budget.pdf"


@pytest.mark.skipif(not GONGAN.exists(), reason="corpus not present")
def test_a_misprinted_cover_that_is_the_identity() -> None:
    # 50 西安市公安局 2026: the cover "西安市公安局（汇总）" / "2026年部门预算公开说明" gives the identity; printed as
    # another unit's, the identity is that unit's, and the cover is the one place that disagrees with the others
    from budgetkg.ingest.api import parse_document

    doc = parse_document(GONGAN)
    assert _doc_findings(doc) == []
    copy = _replace(doc, 1, "cover", "西安市公安局（汇总）", "西安市审计局")
    copy = dataclasses.replace(copy, unit_name="西安市审计局", title="西安市审计局2026年部门预算")
    [finding] = [f for f in _doc_findings(copy) if f.rule == "doc-unit-name"]
    assert [s.page for s in finding.sides] == [1] and "西安市公安局" in finding.message_zh


def test_a_cover_that_names_its_unit_by_key() -> None:
    # 52 西安市安全生产监督管理局 2019 p1 (a file of tables only): no title naming the unit, a 部门名称 line instead
    from budgetkg.ingest.extract.pdf_identity import cover_line, cover_named, kept_lines

    page = _page(1, ["附件2", "2019年部门综合预算公开报表", "部门名称：西安市安全生产监督管理局",
                     "保密审查情况：不设密 黄会强", "部门主要负责人审签情况：黄会强"])
    assert cover_line([page], set()) == []
    [line] = cover_named([page], set())
    assert (line.kind, line.source.text, line.source.page) == ("cover", "部门名称：西安市安全生产监督管理局", 1)
    assert [pl.source.text for pl in kept_lines([], [page], set()) if pl.kind == "cover"] == [line.source.text]
    # a table's header line naming the money unit is not the cover's (and a page of tables has no cover)
    assert cover_named([_page(1, ["编制单位：西安市安全生产监督管理局 单位：万元"])], set()) == []
    titled = _page(1, ["2026年中共烟台市委宣传部部门预算", "部门名称：中共烟台市委宣传部"])
    [cover] = [pl.source.text for pl in kept_lines([], [titled], set()) if pl.kind == "cover"]  # the title's, once
    assert cover.startswith("2026年中共烟台市委宣传部部门预算")
