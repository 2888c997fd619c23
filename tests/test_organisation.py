"""Organisations (ingest/organisation.py): jurisdiction codes from names, 统一社会信用代码, 部门/单位, one IRI per unit.

Expected codes are those of the 民政部 list (GB/T 2260), written by hand; the USCC examples are codes that the
companies print on their own sites and licences, their check characters not computed here.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, SKOS

from budgetkg.ingest.api import parse_document, to_graph
from budgetkg.ingest.iri import IRIs, region_of, unit_iri
from budgetkg.ingest.model import Phase, Scope
from budgetkg.ingest.organisation import (
    SCHEME_GBT2260,
    division,
    divisions,
    jurisdiction,
    normal_name,
    printed_uscc,
    short_forms,
    unit_key,
    uscc_check,
    uscc_valid,
)
from budgetkg.server.documents import check_scope
from budgetkg_testing import SAMPLE

BASE = "http://localhost:8000/"


def test_the_vendored_list():
    table = divisions()
    assert len(table) == 3213
    assert sum(d.level == 1 for d in table.values()) == 34  # 31 provinces + 台湾, 香港, 澳门
    assert all(d.parent in table for d in table.values() if d.parent)
    assert (division("510107").name, division("510107").parent) == ("武侯区", "510100")
    assert division("310107").parent == "310000"  # a municipality's districts hang from it (no 市辖区 level)
    assert division("429004").parent == "420000"  # 仙桃市: a county-level city under the province itself
    assert short_forms(division("150000")) == {"内蒙古"} and short_forms(division("513400")) == {"凉山"}


@pytest.mark.parametrize(("name", "code"), [
    ("四川省人民政府办公厅", "510000"),
    ("成都市武侯区教育局", "510107"),
    ("深圳市人力资源和社会保障局", "440300"),
    ("北京市公安局", "110000"),
    ("江苏省人大常委会办公厅", "320000"),
    ("西安市卫生健康委员会", "610100"),
    ("西安市卫生健康委员会（汇总）", "610100"),
    ("中共西安市委宣传部", "610100"),  # the party's 市委: its place after 中共
    ("中国共产党江苏省委员会办公厅", "320000"),
    ("政协成都市委员会办公厅", "510100"),
    ("共青团四川省委员会", "510000"),
    ("四川省成都市武侯区教育局", "510107"),
    ("北京市朝阳区财政局", "110105"),
    ("上海市普陀区人民政府万里街道办事处", "310107"),  # a 街道: its county (GB/T 2260 stops there)
    ("浙江省舟山市普陀区财政局", "330903"),
    ("武侯区教育局", "510107"),  # the only 武侯区 in the list
    ("福州市仓山生态环境局", "350104"),  # 仓山 below 福州市: 仓山区
    ("福州经济技术开发区生态环境局", "350100"),  # a development zone is no division: the city
    ("长沙职业教育基地综合协调办公室", "430100"),  # a city's short name at the start
    ("上海钻石宝玉石交易联合管理办公室", "310000"),
    ("深圳市规划和自然资源局宝安管理局", "440300"),  # 宝安 after the bureau's name: the bureau is the city's
    ("凉山彝族自治州财政局", "513400"),
    ("内蒙古自治区财政厅", "150000"),
    ("上海市浦东新区财政局", "310115"),
    ("浦东新区财政局", "310115"),
])
def test_jurisdiction_from_the_name(name, code):
    assert jurisdiction(name).code == code


@pytest.mark.parametrize(("name", "province"), [
    ("普陀区司法局", None),  # 上海 310107 or 舟山 330903
    ("朝阳区财政局", None),  # 北京 110105 or 长春 220104
    ("鼓楼区教育局", None),  # 南京, 徐州, 福州, 开封
    ("西南大学", None),  # no place word
    ("中山大学", None),  # a place's short name before 大学 is where it is, not whose it is
    ("国家信访局", None),  # central
    ("办公室", None),
])
def test_no_code_where_the_name_does_not_say(name, province):
    j = jurisdiction(name)
    assert j.code is None and j.province == province and j.slug == "cn"
    assert j.note


def test_the_document_decides_an_ambiguous_name():
    assert jurisdiction("普陀区司法局", ["上海市普陀区2026年区级预算"]).code == "310107"
    assert jurisdiction("普陀区司法局", ["舟山市普陀区"]).code == "330903"
    assert jurisdiction("普陀区司法局", ["上海市", "舟山市"]).code is None  # both named: still undecided
    assert "document names" in jurisdiction("普陀区司法局", ["上海市"]).note


def test_central_bodies():
    j = jurisdiction("国家信访局")
    assert j.central and j.code is None and j.slug == "cn"


def test_region_of_is_the_province_prefix():
    assert region_of("深圳市统计局") == "44" and region_of("无锡市教育局") == "32" and region_of("普陀区司法局") is None
    assert region_of("四川省人民政府办公厅信息技术服务中心") == "51"


def test_one_iri_for_one_unit():
    assert normal_name("西安市财政局（汇总）") == normal_name("西安市财政局") == "西安市财政局"
    assert normal_name("深圳市交通运输局(本级)") == normal_name(" 深圳市交通运输局 ") == "深圳市交通运输局"
    assert normal_name("烟台市统计局机关") == "烟台市统计局"
    assert normal_name("深圳市统计局（审计局）") == "深圳市统计局（审计局）"  # another body's name is kept
    # a party committee by its usual short form: 中国共产党…委员会 → 中共…委, a bare 省委/市委 gets its 中共
    assert normal_name("中国共产党烟台市委员会宣传部") == normal_name("烟台市委宣传部") == "中共烟台市委宣传部"
    assert normal_name("中共江苏省委办公厅") == normal_name("江苏省委办公厅") == "中共江苏省委办公厅"
    assert normal_name("政协成都市委员会办公厅") == "政协成都市委员会办公厅"  # not the party's
    assert normal_name("西安市委托服务中心") == "西安市委托服务中心"
    assert unit_key("泉州市公安局（本级）") == unit_key("泉州市公安局")
    assert unit_key("深圳市统计局").startswith("4403-") and unit_key("成都市武侯区教育局").startswith("510107-")
    doc = parse_document(SAMPLE)
    others = [replace(doc, year=2024), replace(doc, phase=Phase.FINAL), replace(doc, scope=Scope.DEPARTMENT),
              replace(doc, unit_code="999999"), replace(doc, unit_name=doc.unit_name + "（本级）")]
    assert {IRIs(d).unit for d in [doc, *others]} == {URIRef(BASE + "id/unit/51-b1ea29b8b9")}
    assert IRIs(doc).document == URIRef(BASE + "id/doc/51-301603/2025/budget")  # document IRIs unchanged


# --- 统一社会信用代码 ---

@pytest.mark.parametrize("code", ["91330100716105852F", "9144030071526726XG", "914403001922038216"])
def test_uscc_check_character(code):
    assert uscc_valid(code) and uscc_check(code[:17]) == code[17]


@pytest.mark.parametrize("code", [
    "91330100716105852G",  # check character off by one
    "91330100716105825F",  # two characters swapped
    "9133010071610585",  # too short
    "91330100716105852I",  # I is not among the 31 characters
    "9A3301007161058520",  # letters where the division code stands
])
def test_uscc_rejected(code):
    assert not uscc_valid(code)


def test_printed_uscc():
    text = "单位名称：某某中心\n统一社会信用代码：9144030071526726XG  联系电话…\n另一单位统一社会信用代码 9144030071526726XA"
    assert printed_uscc([text]) == ["9144030071526726XG"]  # the second's check fails
    assert printed_uscc(["统一社会信用代码为914403001922038216。"]) == ["914403001922038216"]


# --- in the graph ---

def test_sample_graph():
    doc = parse_document(SAMPLE)
    g = to_graph(doc)
    unit = URIRef(BASE + "id/unit/51-b1ea29b8b9")
    region = URIRef("https://w3id.org/cn-budget/code/gbt2260/510000")
    assert (unit, DCTERMS.spatial, region) in g
    assert (region, SKOS.notation, Literal("510000")) in g and (region, SKOS.prefLabel, Literal("四川省", lang="zh")) in g
    assert (region, RDF.type, DCTERMS.Location) in g and (region, SKOS.inScheme, SCHEME_GBT2260) in g
    # line 51: 本单位是隶属于四川省人民政府办公厅的二级预算单位
    assert (unit, ORG.subOrganizationOf, unit_iri(BASE, "四川省人民政府办公厅")) in g
    assert not list(g.objects(unit, ORG.identifier))  # the sample prints no 统一社会信用代码
    # a document graph describes only its own resources: the server loads it (server/documents.check_scope)
    check_scope(g, str(IRIs(doc).document), BASE, "sample.txt")


def test_a_county_and_its_parents():
    doc = replace(parse_document(SAMPLE), unit_name="成都市武侯区教育局")
    g = to_graph(doc)
    wuhou, chengdu = (URIRef(f"https://w3id.org/cn-budget/code/gbt2260/{c}") for c in ("510107", "510100"))
    assert (IRIs(doc).unit, DCTERMS.spatial, wuhou) in g
    assert (wuhou, SKOS.broader, chengdu) in g and (wuhou, DCTERMS.isPartOf, chengdu) in g
    assert str(IRIs(doc).unit).startswith(BASE + "id/unit/510107-")


def test_uscc_and_units_in_the_graph():
    doc = parse_document(SAMPLE)
    doc.sections[0].text += "统一社会信用代码：12510000MB1234567X"  # invalid: not taken
    doc.sections[1].text += "统一社会信用代码：914403001922038216"
    g = to_graph(doc)
    assert list(g.objects(IRIs(doc).unit, ORG.identifier)) == [Literal("914403001922038216")]
    dept = replace(doc, scope=Scope.DEPARTMENT, unit_name="四川省人民政府办公厅")
    dept.sections = [replace(doc.sections[0], text="纳入本部门2025年部门预算编制范围的单位包括：1.四川省人民政府办公厅本级"
                             "2.四川省人民政府办公厅信息技术服务中心3.办公室。")]
    g = to_graph(dept)
    subs = set(g.objects(IRIs(dept).unit, ORG.hasSubOrganization))
    assert subs == {URIRef(BASE + "id/unit/51-b1ea29b8b9")}  # 本级 is the department itself; 办公室 names no one
    check_scope(g, str(IRIs(dept).document), BASE, "dept")


def _with_text(text: str, unit: str, scope: Scope):
    doc = parse_document(SAMPLE)
    return replace(doc, unit_name=unit, scope=scope, sections=[replace(doc.sections[0], text=text)])


@pytest.mark.parametrize(("unit", "text", "parent"), [
    # wide/03 p2, as printed
    ("上海市文物保护研究中心", "上海市文物保护研究中心是2012年6月经市编委批准建立的，2023年10月经市编委批准加挂上海市文物鉴定研究中心"
     "牌子，隶属于上海市文化和旅游局，为全额拨款事业法人单位。", "上海市文化和旅游局"),
    # wide/05 p2: "市商务委" names no place, so no one for sure
    ("上海钻石宝玉石交易联合管理办公室", "上海钻石宝玉石交易联合管理办公室是市商务委所属全额拨款行政单位。", None),
    ("成都市武侯区某某中心", "本中心是成都市武侯区教育局所属公益一类事业单位。", "成都市武侯区教育局"),
    ("成都市武侯区某某中心", "主管部门：成都市武侯区教育局 实施单位：成都市武侯区某某中心", "成都市武侯区教育局"),
])
def test_the_department_a_unit_names(unit, text, parent):
    from budgetkg.ingest.organisation import parent_named

    assert parent_named(_with_text(text, unit, Scope.UNIT)) == parent


@pytest.mark.parametrize(("unit", "text", "units"), [
    # corpus 18 p4 (one line per unit): the 机关 is the department itself
    ("烟台市统计局", "纳入烟台市统计局2026年部门预算编制范围的二级预算单位包括：\n1.烟台市统计局机关\n2.烟台市农村社会经济调查队\n—4—",
     ["烟台市农村社会经济调查队"]),
    # wide/21 p3: numbered paragraphs, each naming a unit and then its offices
    ("深圳市人力资源和社会保障局", "本部门预算为汇总预算，包括：市人力资源和社会保障局本级预算，以及纳入编制范围的下属单位预算，具体如下："
     "1.深圳市人力资源和社会保障局（本级）下设办公室、调研宣传处，共20个部门。2.深圳市劳动人事争议仲裁院下设办公室、综合业务室。",
     ["深圳市劳动人事争议仲裁院"]),
    # corpus 11 p5
    ("广州市统计局", "本部门预算为汇总预算，包括：局本级预算，以及纳入编制范围的下属单位预算。下属单位具体包括：广州市统计普查中心。",
     ["广州市统计普查中心"]),
    # 内设机构 are no units; a 单位 document lists none
    ("上海市审计局", "上海市审计局单位设20个内设机构，包括：秘书处、办公室、人事处。", []),
])
def test_the_units_a_department_lists(unit, text, units):
    from budgetkg.ingest.organisation import units_listed

    assert units_listed(_with_text(text, unit, Scope.DEPARTMENT)) == units
    assert units_listed(_with_text(text, unit, Scope.UNIT)) == []
