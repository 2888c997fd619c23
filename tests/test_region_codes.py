"""Issue 15, acceptance 5: for every corpus document, the jurisdiction code (GB/T 2260) of its unit is right.

The unit's name is read as ingest reads it (:func:`ingest.extract.pdf_identity.read_identity` on the first pages,
then every page, completed by :func:`ingest.identity.complete` from a companion file of the same folder or the file
name); the names are cached in pytest's cache (``.pytest_cache``), keyed by file name, size, mtime and the reading
code. Each expected code below was written by hand from the unit's name as the document's cover (or first table
header) prints it, checked with ``pdftotext -layout -f 1 -l 3``, and looked up in the 民政部 list.

Run: ``.venv/bin/pytest -q tests/test_region_codes.py``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from budgetkg.ingest.errors import IngestError
from budgetkg.ingest.extract.pdf_identity import Found, read_identity
from budgetkg.ingest.extract.pdf_layout import read_page
from budgetkg.ingest.identity import Given, complete
from budgetkg.ingest.organisation import jurisdiction
from budgetkg_testing import CORPUS, cached_unit_names, require_corpus

require_corpus()

REFUSED = "refused"  # ingest refuses the file: it names no unit (scanned, or tables with no companion that names one)

# file → (the unit as printed, expected code; None where the name gives no division)
EXPECTED: dict[str, tuple[str, str | None]] = {
    # corpus/ (truth.json)
    "02_shanghai-putuo_sifaju_2026_unit-budget.pdf": ("上海市普陀区司法局", "310107"),
    "05_shanghai-putuo_caizhengju_2024_dept-final.pdf": ("上海市普陀区财政局", "310107"),
    "06_jiangsu_shengwei-bangongting_2019_dept-budget-tables.pdf": ("中共江苏省委办公厅", "320000"),
    "09_beijing_tongjiju_2026_dept-budget-narrative.pdf": ("北京市统计局", "110000"),
    "10_guangdong-shenzhen_tongjiju_2026_dept-budget.pdf": ("深圳市统计局（本级）", "440300"),
    "11_guangdong-guangzhou_tongjiju_2026_dept-budget.pdf": ("广州市统计局", "440100"),
    "13_chongqing_shiwei-xuanchuanbu_2026_dept-budget.pdf": ("中共重庆市委宣传部", "500000"),
    "18_shandong-yantai_tongjiju_2026_dept-budget.pdf": ("烟台市统计局", "370600"),
    # corpus/wide/ (manifest.json)
    "wide/01_shanghai_shenjiju_2026_unit-budget.pdf": ("上海市审计局", "310000"),
    "wide/02_shanghai_shujuju_2026_unit-budget.pdf": ("上海市数据局", "310000"),
    "wide/03_shanghai_wenbao-zhongxin_2026_unit-budget.pdf": ("上海市文物保护研究中心", "310000"),
    "wide/05_shanghai_zuanshi-ban_2026_unit-budget.pdf": ("上海钻石宝玉石交易联合管理办公室", "310000"),  # 上海 short
    "wide/06_beijing_jiaotongwei_2026_dept-budget.pdf": ("北京市交通委员会", "110000"),
    "wide/10_beijing_zhengfu-bangongting_2026_dept-budget.pdf": ("北京市人民政府办公厅", "110000"),  # narrative
    "wide/11_beijing_gonganju_2026_dept-budget.pdf": ("北京市公安局", "110000"),
    "wide/12_beijing_gonganju-baobiao_2026_dept-budget.pdf": ("北京市公安局", "110000"),  # from its companion 11
    "wide/16_beijing_zhengwufuwu_2026_dept-budget.pdf": (REFUSED, None),  # scanned: no text layer
    "wide/17_beijing_zhengwufuwu-baobiao_2026_dept-budget.pdf": (REFUSED, None),  # its companion 16 is scanned
    "wide/18_beijing_shuiwuju-baobiao_2026_dept-budget.pdf": (REFUSED, None),  # tables only, no companion
    "wide/19_guangdong-shenzhen_jiaotongju_2026_dept-budget.pdf": ("深圳市交通运输局（本级）", "440300"),
    "wide/21_guangdong-shenzhen_renshe_2026_dept-budget.pdf": ("深圳市人力资源和社会保障局", "440300"),
    # a branch of the city's bureau in 宝安区: the bureau, so the unit, is the city's
    "wide/23_guangdong-shenzhen_baoan-guanliju_2026_dept-budget.pdf": ("深圳市规划和自然资源局宝安管理局", "440300"),
    "wide/27_chongqing_zhengfu-bangongting_2026_dept-budget.pdf": ("重庆市人民政府办公厅", "500000"),
    "wide/31_jiangsu-suzhou_jiaotongju_2026_dept-budget.pdf": ("苏州市交通运输局", "320500"),
    "wide/34_jiangsu-suzhou_ziran-guihua-benji_2026_unit-budget.pdf": ("苏州市自然资源和规划局", "320500"),
    "wide/35_jiangsu-wuxi_jiaoyuju_2026_dept-budget.pdf": ("无锡市教育局", "320200"),
    "wide/36_jiangsu-wuxi_xinfangju_2025_dept-budget.pdf": ("无锡市信访局", "320200"),
    "wide/37_jiangsu-wuxi_jiaoyuju-benji_2026_unit-budget.pdf": ("无锡市教育局（本级）", "320200"),
    "wide/40_zhejiang-hangzhou_qixiangju_2026_dept-budget.pdf": ("杭州市气象局", "330100"),
    "wide/41_central_guojia-xinfangju_2024_dept-final.pdf": ("国家信访局", None),  # central: the whole country
    "wide/42_hunan-changsha_zhijiao-jidi_2026_dept-budget.pdf": ("长沙职业教育基地综合协调办公室", "430100"),
    "wide/43_hunan-changsha_gonganju_2025_dept-budget.pdf": ("长沙市公安局", "430100"),
    "wide/45_fujian-fuzhou_cangshan-shengtai_2026_unit-budget.pdf": ("福州市仓山生态环境局", "350104"),  # 仓山区
    # 福州经济技术开发区 is no division of the list: the city
    "wide/46_fujian-fuzhou_kaifaqu-shengtai_2026_unit-budget.pdf": ("福州经济技术开发区生态环境局", "350100"),
    "wide/48_fujian-fuzhou_wenzhi-zhongxin_2026_unit-budget.pdf": ("福州市公安局文职人员管理中心", "350100"),
    "wide/49_shaanxi-xian_caizhengju_2026_dept-budget.pdf": ("西安市财政局（汇总）", "610100"),
    "wide/50_shaanxi-xian_gonganju_2026_dept-budget.pdf": ("西安市公安局（汇总）", "610100"),
    "wide/51_shaanxi-xian_fagaiwei_2019_dept-budget.pdf": ("西安市发展和改革委员会", "610100"),
    "wide/52_shaanxi-xian_anjianju_2019_dept-budget.pdf": ("西安市安全生产监督管理局", "610100"),
    "wide/54_shaanxi-xian_xuanchuanbu_2021_dept-budget.pdf": ("中共西安市委宣传部", "610100"),
    "wide/55_shaanxi-xian_minzhengju_2021_dept-budget.pdf": ("西安市民政局", "610100"),
    "wide/56_shaanxi-xian_ziran-guihua_2022_dept-budget.pdf": ("西安市自然资源和规划局", "610100"),
    "wide/57_shaanxi-xian_weijianwei_2022_dept-final.pdf": ("西安市卫生健康委员会（汇总）", "610100"),
    "wide/58_shaanxi-xian_shenpiju_2025_dept-budget.pdf": ("西安市行政审批服务局（汇总）", "610100"),
    "wide/59_fujian-quanzhou_gonganju_2026_dept-budget.pdf": ("泉州市公安局", "350500"),
    "wide/60_fujian-quanzhou_gonganju-benji_2026_unit-budget.pdf": ("泉州市公安局（本级）", "350500"),
    "wide/62_shandong-yantai_jiaotongju_2026_dept-budget.pdf": ("烟台市交通运输局", "370600"),
    "wide/63_shandong-yantai_caizhengju_2026_dept-budget.pdf": ("烟台市财政局", "370600"),
    "wide/64_shandong-yantai_xuanchuanbu_2026_dept-budget.pdf": ("中共烟台市委宣传部", "370600"),
    "wide/65_guangdong-zhuhai_shangwuju_2026_dept-budget.pdf": ("珠海市商务局", "440400"),
    "wide/66_guangdong-zhuhai_gongwu-zhongxin_2026_dept-budget.pdf": ("珠海市政府投资交通市政项目工务中心", "440400"),
    "wide/67_zhejiang-huzhou_weijianwei_2026_dept-budget.pdf": ("湖州市卫生健康委员会", "330500"),
    "wide/68_zhejiang-huzhou_caizhengju_2026_dept-budget.pdf": ("湖州市财政局", "330500"),
    "wide/69_jiangsu_renda-bgt_2017_dept-budget.pdf": ("江苏省人大常委会办公厅", "320000"),
    "wide/71_jiangsu_renda-bgt_2019_dept-budget.pdf": ("江苏省人大常委会办公厅", "320000"),
    "wide/72_jiangsu_renda-biao_2019_dept-budget.pdf": ("江苏省人大常委会办公厅", "320000"),  # companion 71
    "wide/74_jiangsu_shengwei-bgt_2017_dept-budget.pdf": ("江苏省委办公厅", "320000"),
    # p1 header "部门：中国共产党江苏省委员会办公厅", wrapped on p2 ("…办" / "公厅"): the whole name of p3
    "wide/75_jiangsu_shengwei-biao_2017_dept-budget.pdf": ("中国共产党江苏省委员会办公厅", "320000"),
    "wide/76_jiangsu_shengwei-biao_2018_dept-budget.pdf": ("中共江苏省委办公厅", "320000"),  # cover "部 门:…"
    "wide/78_jiangsu_gaoyuan_2017_dept-budget.pdf": ("江苏省高级人民法院", "320000"),
    "wide/79_jiangsu_gaoyuan_2018_dept-budget.pdf": ("江苏省高级人民法院", "320000"),
    # a 街道: GB/T 2260 stops at its county, 普陀区
    "wide/80_shanghai-putuo_wanli-jiedao_2024_dept-budget.pdf": ("上海市普陀区人民政府万里街道办事处", "310107"),
    "wide/81_shanghai-putuo_wanli-jiedao_2023_dept-budget.pdf": ("上海市普陀区人民政府万里街道办事处", "310107"),
    "wide/82_shanghai-putuo_qufu-bangongshi_2025_dept-budget.pdf": ("上海市普陀区人民政府办公室", "310107"),
    "wide/83_shanghai-putuo_qufu-bangongshi_2025_unit-budget.pdf": ("上海市普陀区人民政府办公室", "310107"),
    "wide/84_shanghai-putuo_shangwuwei_2025_dept-budget.pdf": ("上海市普陀区商务委员会", "310107"),
    "wide/85_shanghai-putuo_shangwuwei_2025_unit-budget.pdf": ("上海市普陀区商务委员会", "310107"),
    "wide/86_shanghai-putuo_sifaju_2026_dept-budget.pdf": ("上海市普陀区司法局", "310107"),
    "wide/87_shanghai-putuo_fuliyuan_2024_unit-budget.pdf": ("上海市普陀区社会福利院", "310107"),
    "wide/88_shanghai-putuo_caizhengju_2025_dept-budget.pdf": ("上海市普陀区财政局", "310107"),
    # a university named by a region, not a place: the name gives no division (it is a central one, in 重庆)
    "wide/92_central-chongqing_xinan-daxue_2024_dept-budget.pdf": ("西南大学", None),
    "wide/93_central-chongqing_xinan-daxue_2024_dept-final.pdf": ("西南大学", None),
}


def _pages(path: Path, last: int | None):
    with pdfplumber.open(path) as pdf:
        return [read_page(p, i) for i, p in enumerate(pdf.pages[:last], 1)]


@cache
def _stated(path: str) -> Found:
    """What a file states about itself: its first pages, else all of them (a narrative without a cover)."""
    found = read_identity(_pages(Path(path), 3), [], [])
    if found.unit is None:
        found = read_identity(_pages(Path(path), None), [], [])
    return found


def _unit(path: Path) -> str:
    batch = tuple(str(p) for p in sorted(path.parent.glob("*.pdf")))
    try:
        identity, _ = complete(_stated(str(path)), Given(batch=batch), path.name, str(path), _stated)
    except IngestError:
        return REFUSED
    return identity.unit


@pytest.fixture(scope="module")
def units(request) -> dict[str, str]:
    """The unit name of every corpus document as ingest reads it, from pytest's cache when the file and the code
    that reads it are unchanged (:func:`budgetkg_testing.cached_unit_names`)."""
    return cached_unit_names(request.config.cache, EXPECTED, _unit)


def test_every_corpus_document_is_listed():
    files = {str(p.relative_to(CORPUS)) for p in CORPUS.glob("*.pdf")} | {
        str(p.relative_to(CORPUS)) for p in (CORPUS / "wide").glob("*.pdf")}
    assert files == set(EXPECTED)
    assert set(json.loads((CORPUS / "truth.json").read_text(encoding="utf-8"))) == {
        f for f in EXPECTED if "/" not in f}


@pytest.mark.parametrize("rel", sorted(EXPECTED), ids=lambda r: r.split("_")[0].replace("wide/", "w"))
def test_jurisdiction_code(units, rel):
    name, code = EXPECTED[rel]
    assert units[rel] == name
    if name != REFUSED:
        assert jurisdiction(name).code == code


def test_the_codes_name_the_right_places():
    """Each expected code's division, by name, as a reader would check it against the cover."""
    from budgetkg.ingest.organisation import division, lineage

    places = {code: "/".join(d.name for d in reversed(lineage(division(code))))
              for _, code in EXPECTED.values() if code}
    assert places == {
        "110000": "北京市", "310000": "上海市", "310107": "上海市/普陀区", "320000": "江苏省",
        "320200": "江苏省/无锡市", "320500": "江苏省/苏州市", "330100": "浙江省/杭州市", "330500": "浙江省/湖州市",
        "350100": "福建省/福州市", "350104": "福建省/福州市/仓山区", "350500": "福建省/泉州市", "370600": "山东省/烟台市",
        "430100": "湖南省/长沙市", "440100": "广东省/广州市", "440300": "广东省/深圳市", "440400": "广东省/珠海市",
        "500000": "重庆市", "610100": "陕西省/西安市"}


# The unit IRI keys of truth.json's eight documents. Before issue 15 the region part was the province prefix for all
# of them; it is kept where that was the unit's own jurisdiction (06, 09, 13) and made precise elsewhere (the city
# or district code); the hash is of the normalised name (10: 深圳市统计局（本级） → 深圳市统计局).
UNIT_KEYS = {
    "02_shanghai-putuo_sifaju_2026_unit-budget.pdf": "310107-50648f4887",  # was 31-50648f4887
    "05_shanghai-putuo_caizhengju_2024_dept-final.pdf": "310107-dae7287c88",  # was 31-dae7287c88
    "06_jiangsu_shengwei-bangongting_2019_dept-budget-tables.pdf": "32-fb2cbca18b",  # unchanged
    "09_beijing_tongjiju_2026_dept-budget-narrative.pdf": "11-dbe806d091",  # unchanged
    "10_guangdong-shenzhen_tongjiju_2026_dept-budget.pdf": "4403-b3f960aa97",  # was 44-189e8a5760
    "11_guangdong-guangzhou_tongjiju_2026_dept-budget.pdf": "4401-bff456dc3d",  # was 44-bff456dc3d
    "13_chongqing_shiwei-xuanchuanbu_2026_dept-budget.pdf": "50-0c2d4e2dae",  # unchanged
    "18_shandong-yantai_tongjiju_2026_dept-budget.pdf": "3706-db15fe8ac8",  # was 37-db15fe8ac8
}


@pytest.mark.parametrize("rel", sorted(UNIT_KEYS), ids=lambda r: r[:2])
def test_unit_iri_keys_of_the_eight(units, rel):
    from budgetkg.ingest.organisation import unit_key

    assert unit_key(units[rel]) == UNIT_KEYS[rel]


def test_documents_of_one_unit_share_its_iri(units):
    """部门 and 单位 budgets, budgets of two years, the 本级 and the department: one unit, one key."""
    from budgetkg.ingest.organisation import unit_key

    families = [("wide/82_", "wide/83_"), ("wide/84_", "wide/85_"), ("02_", "wide/86_"), ("05_", "wide/88_"),
                ("wide/80_", "wide/81_"), ("wide/59_", "wide/60_"), ("wide/35_", "wide/37_"),
                ("wide/69_", "wide/71_", "wide/72_"), ("wide/78_", "wide/79_"), ("wide/92_", "wide/93_"),
                ("06_", "wide/74_", "wide/75_", "wide/76_")]  # 中共江苏省委办公厅, 江苏省委办公厅, 中国共产党江苏省委员会办公厅
    for family in families:
        keys = {unit_key(units[rel]) for rel in units if rel.startswith(family)}
        assert len(keys) == 1, (family, keys)
    assert unit_key(units["wide/63_shandong-yantai_caizhengju_2026_dept-budget.pdf"]) != unit_key(
        units["18_shandong-yantai_tongjiju_2026_dept-budget.pdf"])
