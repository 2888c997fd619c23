"""Who published a disclosure and for which year: from the page, and for tables printed apart from their text,
from ``--unit``/``--year``, a companion file of the same batch or the file name (ingest/identity.py).

Expected values are read on the PDF pages (tests/fixtures/pdf/wide) and in the file names, never taken from the
reader's output.
"""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from budgetkg.ingest.api import parse_document
from budgetkg.ingest.errors import IngestError
from budgetkg.ingest.extract.pdf_identity import read_identity
from budgetkg.ingest.extract.pdf_layout import read_page
from budgetkg.ingest.identity import Given, name_identity, name_matches
from budgetkg.ingest.model import Scope
from budgetkg_testing import run_cli

WIDE = Path(__file__).parent / "fixtures" / "pdf" / "wide"
GONGAN = WIDE / "11_beijing_gonganju_2026_dept-budget.pdf"  # narrative: cover "北京市公安局2026年度部门预算信息公开"
GONGAN_TABLES = WIDE / "12_beijing_gonganju-baobiao_2026_dept-budget.pdf"  # "预算01表 收支总表": no unit, no year
SCAN = WIDE / "16_beijing_zhengwufuwu_2026_dept-budget.pdf"  # 8 page images, no text layer
SCAN_TABLES = WIDE / "17_beijing_zhengwufuwu-baobiao_2026_dept-budget.pdf"


def _front(path: Path, pages: int | None = None):
    with pdfplumber.open(path) as pdf:
        return [read_page(p, i) for i, p in enumerate(pdf.pages[:pages], 1)]


@pytest.mark.parametrize(("file", "pages", "unit", "year", "scope"), [
    # p1 "中共西安市委宣传部 2021 年部门综合预算" (综合 between 部门 and 预算)
    ("54_shaanxi-xian_xuanchuanbu_2021_dept-budget.pdf", 3, "中共西安市委宣传部", 2021, Scope.DEPARTMENT),
    # p1 "2018 年度江苏省高级 / 人民法院预算公开": no 部门/单位 word, the name wraps
    ("79_jiangsu_gaoyuan_2018_dept-budget.pdf", 3, "江苏省高级人民法院", 2018, None),
    # p1 "西安市发展和改革委员会 / 2019 年部门综合预算说明"
    ("51_shaanxi-xian_fagaiwei_2019_dept-budget.pdf", 3, "西安市发展和改革委员会", 2019, Scope.DEPARTMENT),
    # no cover: p1 is the contents ("第一部分 2026 年度部门预算情况说明"); p3 "北京市人民政府办公厅主要职责包括",
    # p7 "2026 年北京市人民政府办公厅政府采购预算总额 …", "北京市人民政府办公厅机关运行经费财政拨款预算 …"
    ("10_beijing_zhengfu-bangongting_2026_dept-budget.pdf", None, "北京市人民政府办公厅", 2026, Scope.DEPARTMENT),
])
def test_identity_as_printed(file, pages, unit, year, scope):
    found = read_identity(_front(WIDE / file, pages), [], [])
    assert (found.unit, found.year) == (unit, year)
    if scope is not None:
        assert found.scope == scope


def test_a_contents_line_is_not_a_unit():
    """10 opens with "第一部分 2026 年度部门预算情况说明": 第一部分 is no unit (it once was read as one)."""
    found = read_identity(_front(WIDE / "10_beijing_zhengfu-bangongting_2026_dept-budget.pdf", 2), [], [])
    assert found.unit is None and found.year == 2026


def test_tables_only_file_states_neither():
    found = read_identity(_front(GONGAN_TABLES, 2), [], ["收支总表", "收入总表"])
    assert found.unit is None and found.year is None


@pytest.mark.parametrize(("name", "unit", "year"), [
    ("公安局_附件2：北京市公安局2026年度部门预算报表.pdf", "北京市公安局", 2026),
    ("2019年江苏省人大常委会办公厅部门预算公开表.pdf", "江苏省人大常委会办公厅", 2019),
    ("江苏省委办公厅2017年预算公开表格.pdf", "江苏省委办公厅", 2017),
    ("信访局_国家信访局2024年度部门决算公开.pdf", "国家信访局", 2024),
    ("12_beijing_gonganju-baobiao_2026_dept-budget.pdf", None, 2026),
    ("附件2.pdf", None, None),
])
def test_file_name_identity(name, unit, year):
    assert name_identity(name) == (unit, year)


@pytest.mark.parametrize(("tables", "other", "expected"), [
    ("12_beijing_gonganju-baobiao_2026_dept-budget.pdf", "11_beijing_gonganju_2026_dept-budget.pdf", True),
    ("72_jiangsu_renda-biao_2019_dept-budget.pdf", "71_jiangsu_renda-bgt_2019_dept-budget.pdf", True),
    ("72_jiangsu_renda-biao_2019_dept-budget.pdf", "69_jiangsu_renda-bgt_2017_dept-budget.pdf", False),  # 2017
    ("12_beijing_gonganju-baobiao_2026_dept-budget.pdf", "18_beijing_shuiwuju-baobiao_2026_dept-budget.pdf", False),
    ("11_beijing_gonganju_2026_dept-budget.pdf", "12_beijing_gonganju-baobiao_2026_dept-budget.pdf", False),
    ("2019年江苏省人大常委会办公厅部门预算公开表.pdf", "2019年江苏省人大常委会办公厅部门预算.pdf", True),
])
def test_companion_by_name(tables, other, expected):
    assert name_matches(tables, other) is expected


@cache
def _tables_with_companion():
    return parse_document(GONGAN_TABLES, given=Given(batch=(str(GONGAN), str(GONGAN_TABLES))))


def test_tables_take_unit_and_year_from_their_companion():
    doc = _tables_with_companion()
    assert (doc.unit_name, doc.year, doc.scope) == ("北京市公安局", 2026, Scope.DEPARTMENT)
    assert any("companion 11_beijing_gonganju_2026_dept-budget.pdf" in n for n in doc.notices)


def test_tables_alone_say_what_is_missing():
    with pytest.raises(IngestError) as err:
        parse_document(GONGAN_TABLES, given=Given(batch=(str(GONGAN_TABLES),)))
    reason = err.value.reason
    assert "does not name its unit" in reason and "--unit NAME" in reason
    assert "--year" not in reason and "year 2026 is from its file name" in reason


def test_options_fill_what_the_file_leaves_out_and_never_override(tmp_path):
    doc = parse_document(GONGAN_TABLES, given=Given(unit="北京市公安局"))
    assert (doc.unit_name, doc.year) == ("北京市公安局", 2026)
    doc = parse_document(GONGAN, given=Given(unit="北京市水务局", year=2025))
    assert (doc.unit_name, doc.year) == ("北京市公安局", 2026)
    assert any("--year 2025 not used" in n for n in doc.notices)


def test_chinese_file_name_names_the_unit(tmp_path):
    named = tmp_path / "北京市公安局2026年度部门预算报表.pdf"
    shutil.copy(GONGAN_TABLES, named)
    doc = parse_document(named)
    assert (doc.unit_name, doc.year) == ("北京市公安局", 2026)
    assert any("read from the file name" in n for n in doc.notices)


def test_companion_that_is_a_scan_is_named_in_the_message():
    with pytest.raises(IngestError) as err:
        parse_document(SCAN_TABLES, given=Given(batch=(str(SCAN), str(SCAN_TABLES))))
    assert "16_beijing_zhengwufuwu_2026_dept-budget.pdf cannot be read (no text layer" in err.value.reason


@pytest.mark.parametrize("command", ["validate", "ingest"])
def test_scan_exits_2_with_a_clear_message(command):
    res = run_cli(command, str(SCAN))
    assert res.returncode == 2
    assert "no text layer" in res.stderr and "OCR" in res.stderr and res.stdout == ""


def test_load_reports_the_scan(tmp_path):
    res = run_cli("load", "--store", str(tmp_path / "store"), "--jobs", "1", "--no-progress", str(SCAN))
    assert res.returncode == 2  # load: 2 when a file could not be read, as in every command (Summary.status)
    assert "FAILED" in res.stderr and "no text layer" in res.stderr


def test_cli_tables_file_alone_exits_2_naming_the_option(tmp_path):
    res = run_cli("ingest", str(GONGAN_TABLES), "-o", str(tmp_path / "out.ttl"))
    assert res.returncode == 2 and "--unit NAME" in res.stderr and not (tmp_path / "out.ttl").exists()


def test_cli_unit_option_and_companion(tmp_path):
    res = run_cli("ingest", str(GONGAN_TABLES), "--unit", "北京市公安局", "-o", str(tmp_path / "out.ttl"))
    assert res.returncode == 0, res.stderr
    assert "北京市公安局" in (tmp_path / "out.ttl").read_text(encoding="utf-8")
