"""Issue 14, family 3: the narrative against the tables, broadly (ingest/narrative_tables.py, shapes/narrative.ttl).

Each check on real sentences of the corpus (document and page named, read with ``pdftotext -layout``): silent on what
the page states, and fires when one number or name of the sentence is changed.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from budgetkg.ingest.api import parse_document, to_graph
from budgetkg.ingest.model import Document
from budgetkg.ingest.narrative_tables import procurement
from budgetkg.ingest.printed import half_digit
from budgetkg.ingest.validate import validate_document
from budgetkg_testing import require_corpus

require_corpus()
PDF = Path(__file__).parent / "fixtures" / "pdf"
WIDE = PDF / "wide"
PUTUO_FINAL = PDF / "05_shanghai-putuo_caizhengju_2024_dept-final.pdf"
SHUJUJU = WIDE / "02_shanghai_shujuju_2026_unit-budget.pdf"
SHENJIJU = WIDE / "01_shanghai_shenjiju_2026_unit-budget.pdf"
XINFANGJU = WIDE / "41_central_guojia-xinfangju_2024_dept-final.pdf"
FAMILY = ("text-procurement", "text-three-public", "text-operating-cost", "text-subject-name",
          "text-item-final-vs-budget")


@cache
def _parsed(path: Path) -> Document:
    return parse_document(path)


def doc(path: Path) -> Document:
    """A fresh copy of the parsed document (tests change it)."""
    return copy.deepcopy(_parsed(path))


def findings(d: Document, rule: str) -> list:
    return [f for f in validate_document(to_graph(d), lang="en").findings if f.rule == rule]


def family(d: Document) -> list:
    return [f for f in validate_document(to_graph(d), lang="en").findings if f.rule in FAMILY]


def replace_in_sections(d: Document, old: str, new: str) -> None:
    hit = False
    for s in d.sections:
        flat = s.text.replace(" ", "").replace("\n", "")
        if old in flat:
            s.text, hit = flat.replace(old, new), True
    assert hit, old


# -- 政府采购 ----------------------------------------------------------------------------------------------------

def test_procurement_sentences_are_read():
    """Sentences of the corpus, as printed: Shanghai 02 p22, Guangzhou 11 p24 (类), Guangzhou 11 p5 (a colon, no 其中,
    and a second total for the 一般公共预算 part)."""
    found = procurement("2026年度本单位政府采购预算8,082.60万元，其中：政府采购货物预算22.21万元、政府采购工程预算0.00万元、"
                        "政府采购服务预算8,060.39万元。")
    assert [(x, parts) for _, x, _, parts in found] == [
        ("8,082.60", [("货物", "22.21"), ("工程", "0.00"), ("服务", "8,060.39")])]
    found = procurement("2026年本部门政府采购安排562.87万元，其中：货物类采购预算15.4万元，工程类采购预算26.6万元，"
                        "服务类采购预算520.87万元。")
    assert [x for _, x, _, _ in found] == ["562.87"]
    found = procurement("所属各预算单位政府采购预算总额712.49万元：政府采购货物预算486.50万元、政府采购工程预算0万元、"
                        "政府采购服务预算225.99万元。其中一般公共预算拨款政府采购504.98万元：政府采购货物预算480.50万元、"
                        "政府采购工程预算0万元、政府采购服务预算24.48万元。")
    assert [x for _, x, _, _ in found] == ["712.49", "504.98"]
    # a share reserved for small firms is no procurement total (05 p24)
    assert not procurement("2024年度本部门面向中小企业预留政府采购项目预算金额246.47万元，面向小微企业预留政府采购项目预算金额0万元。")


def test_half_digit():
    assert half_digit("49") == Decimal("0.5") and half_digit("26.8") == Decimal("0.05")
    assert half_digit("8,060.39") == Decimal("0.005")


def test_procurement_holds_and_fires():
    """02 上海市数据局 p22: "2026年度本单位政府采购预算8,082.60万元，其中：政府采购货物预算22.21万元、政府采购工程预算0.00万元、
    政府采购服务预算8,060.39万元" (22.21 + 0 + 8,060.39 = 8,082.60): silent; 服务 8,060.93 breaks it."""
    d = doc(SHUJUJU)
    assert not findings(d, "text-procurement")
    replace_in_sections(d, "政府采购服务预算8,060.39万元", "政府采购服务预算8,060.93万元")
    bad = findings(d, "text-procurement")
    assert len(bad) == 1 and "8,082.60" in bad[0].message_en and "8083.14" in bad[0].message_en


def test_procurement_rounding_is_not_an_error():
    """05 普陀区财政局 p24: "政府采购金额…为251.25万元，其中：货物采购金额4.79万元、工程采购金额0万元、服务采购金额246.47万元" —
    the parts give 251.26, a gap within the printed precision (0.005 each, 0.5 for the "0"): not a finding."""
    assert not findings(doc(PUTUO_FINAL), "text-procurement")


# -- per-item 决算 vs 预算, 科目 names --------------------------------------------------------------------------------

def test_item_final_holds_and_fires():
    """05 普陀区财政局 p22: "1、一般公共服务支出（类）财政事务（款）行政运行（项）。…年初预算为1560.05万元，支出决算为1511.89万元"
    and the function table (p15) prints 2010601 行政运行 1,511.89: silent; 1519.89 fires, naming the table's figure."""
    d = doc(PUTUO_FINAL)
    assert not family(d)
    replace_in_sections(d, "支出决算为1511.89万元", "支出决算为1519.89万元")
    bad = findings(d, "text-item-final-vs-budget")
    assert len(bad) == 1 and "1519.89" in bad[0].message_en and "1511.89" in bad[0].message_en
    assert "2010601" in bad[0].message_en


def test_item_final_other_layout():
    """41 国家信访局 2024 决算 p20: "1.一般公共服务（类）信访事务（款）行政运行（项）。年初预算为5717.32万元，支出决算为5757.63万元"
    against 公开05表 2014001 5,757.63 (the table prints no 年初预算 column: only the 决算 is checked)."""
    d = doc(XINFANGJU)
    assert not findings(d, "text-item-final-vs-budget")
    replace_in_sections(d, "支出决算为5757.63万元", "支出决算为5557.63万元")
    bad = findings(d, "text-item-final-vs-budget")
    assert len(bad) == 1 and "5757.63" in bad[0].message_en


def test_subject_name_under_the_wrong_parent():
    """05 p22 "6、社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）" holds; the same 项 put
    under 住房改革支出（款） contradicts the table (2080505 belongs to 20805 行政事业单位养老支出)."""
    d = doc(PUTUO_FINAL)
    assert not findings(d, "text-subject-name")
    replace_in_sections(d, "社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）",
                        "社会保障和就业支出（类）住房改革支出（款）机关事业单位基本养老保险缴费支出（项）")
    bad = findings(d, "text-subject-name")
    assert len(bad) == 1 and "2080505" in bad[0].message_en and "住房改革支出" in bad[0].message_en


def test_subject_name_misspelt_item():
    """05 p22 "4、一般公共服务支出（类）财政事务（款）财政委托业务支出（项）": a 项 that neither 公开表 20106 nor the code list knows
    and that misses a known one by two characters ("财政委托服务支出" for 2010608 财政委托业务支出) fires; a name the code list
    merely lacks (it is what ~200 disclosures print, not the whole classification) does not ("财政绩效管理")."""
    d = doc(PUTUO_FINAL)
    replace_in_sections(d, "财政事务（款）财政委托业务支出（项）", "财政事务（款）财政委托服务支出（项）")
    bad = findings(d, "text-subject-name")
    assert len(bad) == 1 and "财政委托服务支出" in bad[0].message_en and "2010608" in bad[0].message_en
    d = doc(PUTUO_FINAL)
    replace_in_sections(d, "财政事务（款）财政委托业务支出（项）", "财政事务（款）财政绩效管理（项）")
    assert not findings(d, "text-subject-name")


def test_subject_name_other_spelling_of_the_same_code():
    """41 p21 "7.社会保障和就业（类）行政事业单位离退休（款）归口管理的行政单位离退休（项）": 行政事业单位离退休 is the former name of
    20805 (行政事业单位养老支出 in the table), a spelling the code list knows — not a mislabel."""
    assert not findings(doc(XINFANGJU), "text-subject-name")


SIFAJU = PDF / "02_shanghai-putuo_sifaju_2026_unit-budget.pdf"


def test_subject_name_with_its_code():
    """02 p6 "5、公共安全支出（204类）司法（06款）信息化建设（13项）227.88万元" (Shanghai's 编制说明 print each 科目's code):
    silent as printed; the 项 named 行政运行 (2040601's name) beside 13, or the 类 named 社会保障和就业支出 (208's) beside
    204, fires; a name no list knows (a former or local name) cannot be judged and stays silent."""
    d = doc(SIFAJU)
    assert not findings(d, "text-subject-name")
    replace_in_sections(d, "司法（06款）信息化建设（13项）", "司法（06款）行政运行（13项）")
    [bad] = findings(d, "text-subject-name")
    assert "2040613" in bad.message_en and "信息化建设" in bad.message_en and "2040601" in bad.message_en
    d = doc(SIFAJU)
    replace_in_sections(d, "5、公共安全支出（204类）", "5、社会保障和就业支出（204类）")
    [bad] = findings(d, "text-subject-name")
    assert "'公共安全支出'" in bad.message_en and "is 208" in bad.message_en
    d = doc(SIFAJU)
    replace_in_sections(d, "司法（06款）信息化建设（13项）", "司法（06款）智慧司法平台（13项）")
    assert not findings(d, "text-subject-name")


# -- 机关运行经费, 三公 beside an empty table ------------------------------------------------------------------------

def test_operating_cost_holds_and_fires():
    """01 上海市审计局 p20: "2026年上海市审计局财政拨款的机关运行经费预算为2,180.26万元" against the 三公经费和机关运行经费预算表
    (p19) column 机关运行经费预算数 2,180.26: silent; 2,180.62 fires."""
    d = doc(SHENJIJU)
    assert not family(d)
    for c in d.claims:
        if "机关运行经费" in c.subject and c.value == Decimal("2180.26"):
            c.value, c.text, c.sentence = Decimal("2180.62"), "2,180.62", c.sentence.replace("2,180.26", "2,180.62")
    bad = findings(d, "text-operating-cost")
    assert len(bad) == 1 and "2,180.62" in bad[0].message_en and "2180.26" in bad[0].message_en


def test_three_public_beside_an_empty_table():
    """01 p20 "2026年“三公”经费预算数为237.92万元" beside its 三公 table (p19, 237.92): silent; with the table's 三公 cells
    removed (an empty table, the 机关运行经费 column kept) the stated 237.92 fires."""
    d = doc(SHENJIJU)
    assert not findings(d, "text-three-public")
    table = next(t for t in d.tables if t.role.value == "three-public")
    keep = {c.index for c in table.columns if "机关运行" in c.label}
    for row in table.rows:
        row.cells = [c for c in row.cells if c.column in keep]
    bad = findings(d, "text-three-public")
    assert len(bad) == 1 and "237.92" in bad[0].message_en


@pytest.mark.parametrize("path", [SHUJUJU, XINFANGJU], ids=["shujuju", "xinfangju"])
def test_silent_on_the_pages_as_printed(path):
    assert not family(doc(path))


# -- 三公 tables of other layouts, through the claim links (ingest/claims.py) -----------------------------------------

GUANGZHOU = PDF / "11_guangdong-guangzhou_tongjiju_2026_dept-budget.pdf"
SUZHOU = WIDE / "31_jiangsu-suzhou_jiaotongju_2026_dept-budget.pdf"


def _change_claim(d: Document, subject: str, old: str, new: str) -> None:
    hit = [c for c in d.claims if subject in c.subject and c.text == old]
    assert hit, (subject, old)
    for c in hit:
        c.value, c.text, c.sentence = Decimal(new.replace(",", "")), new, c.sentence.replace(old, new)


def test_three_public_items_as_rows():
    """11 广州市统计局 p23 "公务接待费8.16万元，比上年减少5.35万元" against 表8 (p17), which lists the 三公 items as rows
    ('（三）公务接待费支出 8.16'): silent as printed; 8.61 is a claim-amount Violation naming that row."""
    d = doc(GUANGZHOU)
    assert not [f for f in validate_document(to_graph(d), lang="en").findings
                if f.rule.startswith("claim") and f.severity == "Violation"]
    _change_claim(d, "公务接待费", "8.16", "8.61")
    bad = findings(d, "claim-amount")
    assert len(bad) == 1 and "（三）公务接待费支出" in bad[0].message_en and "8.16" in bad[0].message_en


SHENZHEN_TJJ = PDF / "10_guangdong-shenzhen_tongjiju_2026_dept-budget.pdf"


def test_three_public_table_of_year_rows():
    """10 深圳市统计局 p9 "2026年财政拨款“三公”经费预算32.56万元，较2025年年初预算减少27.07万元" against 表9 (p32), whose
    rows are years (2025年 | 2026年 | 增减变化金额) and whose columns are the items split by fund (总计/一般公共预算 32.56,
    /政府性基金预算 0.00, …): silent as printed; 33.56 fires, naming the 2026年 row; the change (27.07) is not read."""
    d = doc(SHENZHEN_TJJ)
    assert not findings(d, "text-three-public")
    _change_claim(d, "财政拨款“三公”经费预算", "32.56", "33.56")
    [bad] = findings(d, "text-three-public")
    assert "33.56" in bad.message_en and "'2026年'" in bad.message_en and "32.56" in bad.message_en


RENDA_2019 = WIDE / "71_jiangsu_renda-bgt_2019_dept-budget.pdf"


def test_three_public_item_stated_twice():
    """71 江苏省人大常委会办公厅 2019 (its 三公 table is in the tables file 72): p15 "…“三公”经费预算支出中，因公出国（境）费支出
    199.25万元，占“三公”经费的25.96%" and p16 "1．因公出国（境）费预算支出199.25万元，比上年预算减少23.25万元": silent as
    printed; one of the two changed fires, quoting both amounts."""
    d = doc(RENDA_2019)
    assert not findings(d, "text-three-public")
    _change_claim(d, "1．因公出国（境）费预算支出", "199.25", "198.25")
    [bad] = findings(d, "text-three-public")
    assert "198.25" in bad.message_en and "199.25" in bad.message_en


def test_three_public_share_beside_meeting_and_training():
    """31 苏州市交通运输局 p39 "公务接待费支出46.51万元，占“三公”经费的13.46%" against 公开09表, whose 三公 subtotal
    '“三公”经费合计 345.63' stands beside 会议费 and 培训费 (46.51 / 345.63 = 13.46 %): silent; 14.46 % fires."""
    d = doc(SUZHOU)
    assert not findings(d, "claim-share")
    _change_claim(d, "公务接待费支出", "13.46", "14.46")
    bad = findings(d, "claim-share")
    assert len(bad) == 1 and "13.46" in bad[0].message_en


# -- 基本支出, 人员经费, 公用经费 ---------------------------------------------------------------------------------------

def test_basic_expenditure_by_classes():
    """05 普陀区财政局 p23 "一般公共预算财政拨款基本支出2336.91万元。其中：人员经费2152.26万元，…公用经费184.65万元" against the
    基本支出决算表 (p16–17: 301 2,082.85 + 303 69.41 = 人员经费合计 2,152.26; 302 171.07 + 310 13.58 = 公用经费合计 184.65):
    silent; 公用经费 148.65 fires, naming the table's 184.65."""
    d = doc(PUTUO_FINAL)
    assert not findings(d, "text-basic-expenditure")
    _change_claim(d, "公用经费", "184.65", "148.65")
    bad = findings(d, "text-basic-expenditure")
    assert len(bad) == 1 and "148.65" in bad[0].message_en and "184.65" in bad[0].message_en


def test_basic_expenditure_two_columns():
    """41 国家信访局 p23–24 "国家信访局2024年度财政拨款基本支出10234.37万元，其中：人员经费7967.72万元" against 公开06表, which prints
    人员经费 and 公用经费 in two columns (人员经费合计 7,967.72; all classes 10,234.37): silent; 7976.72 fires."""
    d = doc(XINFANGJU)
    assert not findings(d, "text-basic-expenditure")
    _change_claim(d, "人员经费", "7967.72", "7976.72")
    bad = findings(d, "text-basic-expenditure")
    assert len(bad) == 1 and "7967.72" in bad[0].message_en


# -- totals against their listed parts, from the text alone -----------------------------------------------------------

def _sums(check, text: str, year: int, **kw) -> list:
    from collections import Counter

    return check("s", text, year, "预算", Counter(), **kw)


BEIJING_THREE = ("2026年财政拨款“三公”经费预算1328.22万元，比2025年财政拨款“三公”经费年初预算增加419.84万元，增长46.22%，主要原因："
                 "按照公务用车报废更新计划购置车辆。其中：（一）因公出国（境）费用。2026年预算数166.98万元，主要用于参加国际交通会议、"
                 "交通需求管理、公共交通服务、交通基础设施管理等国际交流。（二）公务接待费。2026年预算数3.55万元，主要用于接待外省市交通部门"
                 "来京交流等。（三）公务用车购置和运行维护费。2026年预算数1157.69万元，包括公务用车购置费预算666.41万元、公务用车运行维护费"
                 "预算491.28万元。")
XIAN_THREE = ("2021年本部门当年一般公共预算“三公”经费预算支出31.08万元，较上年减少33.76万元,降幅52.06%，减少的主要原因是由于财政云"
              "系统原因，部分单位公务用车运行维护费未纳入部门预算。其中：因公出国（境）经费0.00万元，较上年无变化；公务接待费费12.78万元，"
              "较上年减少2.06万元，降幅13.88%，减少的主要原因是预计2021年公务接待任务减少；公务用车运行维护费18.30万元，较上年减少31.70"
              "万元，降幅63.40%，减少的主要原因是由于财政云系统原因，部分单位公务用车运行维护费未纳入部门预算；公务用车购置费0.00万元，"
              "较上年无变化。")


def test_three_public_total_and_items():
    """06 北京市交通委 p8 (items under their headings: "（一）因公出国（境）费用。2026年预算数166.98万元") and 55 西安市民政局
    p33 (items in one sentence, changes beside them): 166.98 + 3.55 + 1157.69 = 1328.22 and 666.41 + 491.28 = 1157.69;
    0.00 + 12.78 + 18.30 + 0.00 = 31.08 — silent as printed; one amount changed fires, naming the total and the sum."""
    from budgetkg.ingest.narrative_tables import _three_public_sums

    assert not _sums(_three_public_sums, BEIJING_THREE, 2026)
    assert not _sums(_three_public_sums, XIAN_THREE, 2021)
    [bad] = _sums(_three_public_sums, BEIJING_THREE.replace("666.41", "667.41"), 2026)
    assert "1157.69" in bad.problem_zh and "1158.69" in bad.problem_zh
    [bad] = _sums(_three_public_sums, BEIJING_THREE.replace("3.55万元", "4.55万元"), 2026)
    assert "1328.22" in bad.problem_zh and "1329.22" in bad.problem_zh
    [bad] = _sums(_three_public_sums, XIAN_THREE.replace("31.08", "32.08"), 2021)
    assert "32.08" in bad.problem_zh and "31.08" in bad.problem_zh
    # a change or another year's figure is no item: "较上年减少2.06万元" made 12.06 changes nothing
    assert not _sums(_three_public_sums, XIAN_THREE.replace("减少2.06万元", "减少12.06万元"), 2021)


def test_three_public_items_that_do_not_make_one_reading():
    """43 长沙市公安局 p9 prints "“三公”经费预算数为458.50万元，其中，公务接待费28.50万元，公务用车购置及运行费150.00万元，
    公务用车运行费250.00万元），因公出国（境）费30.00万元" — a 购置及运行 item and a 运行 part that is larger: which amount is
    the item is not certain, so nothing is said."""
    from budgetkg.ingest.narrative_tables import _three_public_sums

    text = ("（二）“三公”经费预算：2025年长沙市公安局“三公”经费预算数为458.50万元，其中，公务接待费28.50万元，公务用车购置及"
            "运行费150.00万元，公务用车运行费250.00万元），因公出国（境）费30.00万元。")
    assert not _sums(_three_public_sums, text, 2025)


def test_procurement_other_layouts():
    """41 国家信访局 p26 (a remark before the list, '货物支出'; 171.7 and 3 printed without their zeros), 93 西南大学 p19,
    36 无锡市信访局 p33 ('拟采购…支出') and 54 西安市委宣传部 p12 (a list printed at 0.01 with whole numbers in it: 119, 0):
    silent as printed; one part or the total changed by 1 fires."""
    from budgetkg.ingest.narrative_tables import _procurement_findings

    sentences = [
        "2024年度国家信访局政府采购支出总额1967.42万元，全部为财政资金，其中：政府采购货物支出171.7万元、政府采购工程支出3万元、"
        "政府采购服务支出1792.72万元。",
        "学校2024年度政府采购支出总额15,346.40万元，其中：政府采购货物支出5,510.39万元，政府采购工程支出9,069.87万元，"
        "政府采购服务支出766.15万元。",
        "2025年度政府采购支出预算总额225.52万元，其中：拟采购货物支出0万元、拟采购工程支出0万元、拟采购服务支出225.52万元。",
        "2021年当年本部门政府采购预算共2366.16万元，其中政府采购货物类预算119万元、政府采购服务类预算2247.16万元、"
        "政府采购工程类预算0万元（详见公开报表中的政府采购表）。",
    ]
    changed = [("1792.72", "1793.72"), ("9,069.87", "9,068.87"), ("总额225.52", "总额226.52"), ("2366.16", "2367.16")]
    for text, (old, new) in zip(sentences, changed, strict=True):
        assert not _sums(lambda s, t, y, p, c: _procurement_findings(s, t, c), text, 0), text
        assert len(_sums(lambda s, t, y, p, c: _procurement_findings(s, t, c), text.replace(old, new), 0)) == 1, new


def test_basic_and_project_within_the_total():
    """10 北京市人民政府办公厅 p5 (no table in the file): "2026年支出预算14894.79万元…（一）基本支出。基本支出预算12408.16万元…
    （二）项目支出。项目支出预算2486.63万元": silent; 基本支出 12409.16 makes the two more than the total and fires; a smaller
    one does not (the total may have other parts)."""
    from budgetkg.ingest.narrative_tables import _basic_sums

    text = ("2026年支出预算14894.79万元，比2025年年初预算数14708.87万元增加185.92万元，增长1.26%。主要原因是增加人员导致预算支出"
            "增长。（一）基本支出。基本支出预算12408.16万元，占本年支出预算83.31%。（二）项目支出。项目支出预算2486.63万元，占本年"
            "支出预算16.69%。")
    assert not _sums(_basic_sums, text, 2026)
    [bad] = _sums(_basic_sums, text.replace("12408.16", "12409.16"), 2026)
    assert "14894.79" in bad.problem_zh and "14895.79" in bad.problem_zh
    assert not _sums(_basic_sums, text.replace("12408.16", "12308.16"), 2026)


def test_listed_item_restated_under_its_heading():
    """10 深圳市统计局 p6: "预算5,417.80万元，包括在职人员经费2,830.73万元、公用经费502.22万元、…。（一）在职人员经费2,830.73万元，
    主要是…": silent; either amount changed fires, quoting both."""
    from budgetkg.ingest.narrative_tables import _basic_sums

    text = ("深圳市统计局（本级）预算5,417.80万元，包括在职人员经费2,830.73万元、公用经费502.22万元、对个人和家庭的补助支出571.04"
            "万元、增人增资200.00万元、项目支出1,313.80万元。（一）在职人员经费2,830.73万元，主要是在职人员工资福利和社保缴费等相关"
            "支出。（二）公用经费502.22万元，主要包括公用综合定额经费、水电费、物业管理费、工会经费和职工福利费等公用经费。（三）对个人"
            "和家庭补助支出571.04万元，主要是离退休人员经费。")
    assert not _sums(_basic_sums, text, 2026)
    [bad] = _sums(_basic_sums, text.replace("（一）在职人员经费2,830.73", "（一）在职人员经费2,831.73"), 2026)
    assert "2,830.73" in bad.problem_zh and "2,831.73" in bad.problem_zh
    [bad] = _sums(_basic_sums, text.replace("、公用经费502.22", "、公用经费503.22"), 2026)
    assert "503.22" in bad.problem_zh and "502.22" in bad.problem_zh
    # another unit's block (二、…) is not a restatement
    other = text.replace("（一）在职人员经费2,830.73", "二、深圳市统计局数据中心（一）在职人员经费1,830.73")
    assert not _sums(_basic_sums, other, 2026)


def test_operating_cost_within_public_funds():
    """05 普陀区财政局 p24 "机关运行经费支出184.65万元" — its glossary defines the 机关运行经费 as part of the basic expenditure's
    日常公用经费, and the 基本支出决算表 prints 公用经费合计 184.65: silent; 185.65 fires. 10 深圳市统计局 (行政经费, which also
    pays for projects: 742.77 beside a 公用经费 of 502.22) is not held to it."""
    d = doc(PUTUO_FINAL)
    assert not findings(d, "text-operating-cost")
    _change_claim(d, "机关运行经费支出", "184.65", "185.65")
    [bad] = findings(d, "text-operating-cost")
    assert "185.65" in bad.message_en and "184.65" in bad.message_en
    d = doc(SHENZHEN_TJJ)
    _change_claim(d, "机关运行经费", "742.77", "1742.77")
    assert not findings(d, "text-operating-cost")


def test_basic_expenditure_in_the_general_budget_section():
    """43 长沙市公安局 p8, section "四、一般公共预算拨款支出": "（一）基本支出：2025年本单位基本支出预算数28398.17万元" against
    the 一般公共预算基本支出情况表 (合计 28,398.17): silent; 28399.17 fires."""
    d = doc(WIDE / "43_hunan-changsha_gonganju_2025_dept-budget.pdf")
    assert not findings(d, "text-basic-expenditure")
    _change_claim(d, "本单位基本支出预算数", "28398.17", "28399.17")
    [bad] = findings(d, "text-basic-expenditure")
    assert "28399.17" in bad.message_en and "28398.17" in bad.message_en


def test_three_public_final_with_an_item_not_spent():
    """57 西安市卫健委 2022 决算 p21: the 三公 and each item stated with its 预算 and its 决算, and "本年度无财政拨款因公出国（境）费
    支出" (0): the 决算s 0 + 0.11 + 136.48 + 450.96 = 587.55 — silent; the total's 决算 588.55 fires; the 预算s (no 出国 预算
    stated) are not added up."""
    from budgetkg.ingest.narrative_tables import _three_public_sums

    text = ("（一）“三公”经费支出决算情况说明。2022年度财政拨款安排“三公”经费支出预算593.46万元，支出决算587.55万元，完成预算的99%，"
            "决算数较预算数减少5.91万元，主要原因是：厉行节约，压缩三公经费。1．因公出国（境）费支出情况说明。本年度无财政拨款因公出国"
            "（境）费支出。2．公务用车购置费支出情况说明。2022年度财政拨款安排为西安急救中心等单位购置公务用车5辆，预算136.48万元，"
            "支出决算136.48万元，完成预算的100%。3．公务用车运行维护费支出情况说明。2022年度财政拨款安排公务用车运行维护费预算455.12"
            "万元，支出决算450.96万元，完成预算的99.09%，决算数较预算数减少4.16万元，主要原因是：压缩成本，厉行节约。4．公务接待费支出"
            "情况说明。2022年度财政拨款安排公务接待费预算1.86万元，支出决算0.11万元，完成预算的5.91%。")
    from collections import Counter

    assert not _three_public_sums("s", text, 2022, "决算", Counter())
    [bad] = _three_public_sums("s", text.replace("支出决算587.55", "支出决算588.55"), 2022, "决算", Counter())
    assert "588.55" in bad.problem_zh and "587.55" in bad.problem_zh
    assert not _three_public_sums("s", text.replace("预算593.46", "预算594.46"), 2022, "决算", Counter())


def test_three_public_table_of_phase_rows():
    """57 西安市卫健委 2022 决算: 公开09表 prints the phases as rows (预算数 593.46 … | 决算数 587.55 …) and the items as columns.
    p21 "…购置公务用车5辆，预算136.48万元，支出决算136.48万元" is a per-item 决算 vs 预算 sentence: silent as printed; its 决算
    137.48 fires text-item-final-vs-budget, naming the 决算数 row and the 公务用车购置费 column."""
    d = doc(WIDE / "57_shaanxi-xian_weijianwei_2022_dept-final.pdf")
    assert not findings(d, "text-item-final-vs-budget")
    replace_in_sections(d, "预算136.48万元，支出决算136.48万元", "预算136.48万元，支出决算137.48万元")
    [bad] = findings(d, "text-item-final-vs-budget")
    assert "137.48" in bad.message_en and "决算数" in bad.message_en and "公务用车购置费" in bad.message_en


def test_basic_expenditure_of_personnel_and_public_funds():
    """74 江苏省委办公厅 2017 p9 (its tables are another file): "财政拨款基本支出预算9964.07万元，其中：（一）人员经费7819.47万元。
    主要包括：…（二）公用经费2144.60万元。…" — 基本支出 is 人员经费 and 公用经费: silent; either part or the total changed fires.
    A list with more parts (深圳's 对个人和家庭的补助) is not held to it."""
    from budgetkg.ingest.narrative_tables import _basic_sums

    text = ("省委办公厅2017年度财政拨款基本支出预算9964.07万元，其中：（一）人员经费7819.47万元。主要包括：基本工资、津贴补贴、奖金。"
            "（二）公用经费2144.60万元。主要包括：办公费、印刷费、水电费。")
    assert not _sums(_basic_sums, text, 2017)
    [bad] = _sums(_basic_sums, text.replace("9964.07", "9965.07"), 2017)
    assert "9965.07" in bad.problem_zh and "9964.07" in bad.problem_zh
    assert len(_sums(_basic_sums, text.replace("2144.60", "2145.60"), 2017)) == 1
    more = text.replace("（二）公用经费", "（二）对个人和家庭的补助100.00万元。（三）公用经费")
    assert not _sums(_basic_sums, more, 2017)


def test_procurement_list_in_the_next_sentence():
    """69 江苏省人大常委会办公厅 2017 p29: "政府采购预算总金额为2247.85万元。其中拟购买货物59万元，拟购买工程0万元，拟购买服务
    2188.85万元。": silent; the total 2248.85 fires."""
    from collections import Counter

    from budgetkg.ingest.narrative_tables import _procurement_findings

    text = "2017年度我部门政府采购预算总金额为2247.85万元。其中拟购买货物59万元，拟购买工程0万元，拟购买服务2188.85万元。"
    assert not _procurement_findings("s", text, Counter())
    assert len(_procurement_findings("s", text.replace("2247.85", "2248.85"), Counter())) == 1


def test_general_budget_final_against_the_function_table():
    """57 西安市卫健委 2022 决算 p11 "一般公共预算财政拨款支出年初预算139,217.01万元，支出决算296,047.75万元" against 公开05表
    (合计 / 本年支出/小计 296,047.75): silent as printed; 296,048.75 fires, naming the table's total."""
    d = doc(WIDE / "57_shaanxi-xian_weijianwei_2022_dept-final.pdf")
    replace_in_sections(d, "支出决算296,047.75万元", "支出决算296,048.75万元")
    [bad] = [f for f in findings(d, "text-item-final-vs-budget") if "296,048.75" in f.message_en]
    assert "296047.75" in bad.message_en and "合计" in bad.message_en


def test_class_split_into_three_kinds_of_funds():
    """55 西安市民政局 2021 p31: "5.对事业单位经常性补助（505）9,879.87万元，较上年减少2,894.07万元，…。具体为：人员经费9,106.26万元，
    较上年减少2,757.03万元…；公用经费499.61万元，较上年减少16.23万元…；专项业务经费274.00万元…" (西安 splits every class into
    the three kinds its tables print): silent; 公用经费 498.61 fires."""
    from budgetkg.ingest.narrative_tables import _basic_sums

    text = ("5.对事业单位经常性补助（505）9,879.87万元，较上年减少2,894.07万元，主要原因是市儿童福利院和按摩医院等单位原列支在对事业"
            "单位经常性补助科目的经费调整至机关工资福利支出科目核算。具体为：人员经费9,106.26万元，较上年减少2,757.03万元，主要原因是"
            "人员调整；公用经费499.61万元，较上年减少16.23万元，主要原因是人员数量变化；专项业务经费274.00万元，较上年减少120.81万元，"
            "主要原因是科目调整。")
    assert not _sums(_basic_sums, text, 2021)
    [bad] = _sums(_basic_sums, text.replace("公用经费499.61", "公用经费498.61"), 2021)
    assert "9,879.87" in bad.problem_zh and "498.61" in bad.problem_zh


def test_government_fund_final_against_its_table():
    """57 西安市卫健委 2022 决算 p20 "政府性基金预算财政拨款年初结转和结余58,830.98万元，收入决算509,220.66万元，支出决算568,051.63
    万元，年末结转和结余0万元" and "…其他地方自行试点项目收益专项债券收入安排的支出（项）。本年支出决算568,051.63万元" against
    公开07表 (p159: 合计 and 2290402, 本年支出/小计 568,051.63): silent as printed; either 决算 568,052.63 fires, naming the row."""
    d = doc(WIDE / "57_shaanxi-xian_weijianwei_2022_dept-final.pdf")
    replace_in_sections(d, "支出决算568,051.63万元，年末", "支出决算568,052.63万元，年末")
    [bad] = [f for f in findings(d, "text-item-final-vs-budget") if "568,052.63" in f.message_en]
    assert "568051.63" in bad.message_en and "公开07表" in bad.message_en and "合计" in bad.message_en
    d = doc(WIDE / "57_shaanxi-xian_weijianwei_2022_dept-final.pdf")
    replace_in_sections(d, "本年支出决算568,051.63", "本年支出决算568,052.63")
    [bad] = [f for f in findings(d, "text-item-final-vs-budget") if "568,052.63" in f.message_en]
    assert "2290402" in bad.message_en and "568051.63" in bad.message_en
    d = doc(WIDE / "57_shaanxi-xian_weijianwei_2022_dept-final.pdf")
    replace_in_sections(d, "收入决算509,220.66", "收入决算509,221.66")
    [bad] = [f for f in findings(d, "text-item-final-vs-budget") if "509,221.66" in f.message_en]
    assert "本年收入" in bad.message_en


def _procurement(text: str) -> list:
    from collections import Counter

    from budgetkg.ingest.narrative_tables import _procurement_findings

    return _procurement_findings("s", text, Counter())


def test_procurement_of_two_categories():
    """71 江苏省人大常委会办公厅 2019 p17 "政府采购支出预算总额2416.43万元，其中：拟采购货物支出233.1万元、拟购买服务支出2183.33
    万元。" and 74 江苏省委办公厅 2017 p12 "政府采购预算总额为1774.70万元。其中拟购买货物496.20万元；拟购买服务1278.50万元。" —
    no 工程 named (none bought): the two make the total. Silent as printed; the total or a part changed fires. A sentence that
    names the third category after the two is not read as a list of two."""
    jiangsu = ["2019年度本部门政府采购支出预算总额2416.43万元，其中：拟采购货物支出233.1万元、拟购买服务支出2183.33万元。"
               "十三、国有资产占用情况本部门共有车辆54辆",
               "2017年我部门政府采购预算总额为1774.70万元。其中拟购买货物496.20万元；拟购买服务1278.50万元。"]
    for text, total in zip(jiangsu, ("2416.43", "1774.70"), strict=True):
        assert not _procurement(text)
        bumped = total.replace(total[total.index(".") - 1], str(int(total[total.index(".") - 1]) + 1), 1)
        [bad] = _procurement(text.replace(total, bumped))
        assert bumped in bad.problem_zh and "工程" in bad.problem_zh
    assert len(_procurement(jiangsu[0].replace("233.1", "232.1"))) == 1
    assert not _procurement(jiangsu[0].replace("2416.43", "2417.43").replace("十三、", "拟采购工程支出1万元。十三、"))


def test_procurement_total_of_one_category():
    """42 长沙职教基地 2026 p8 "政府采购预算总额7万元，其中，货物类采购预算0万元；工程类采购预算0万元；服务类采购预算7万元" — the
    total is its one non-zero part (the zeros have nothing in them), so both printed whole read the same: silent; 8 fires (a
    whole-number list read at half a unit each would let it pass)."""
    text = "（四）政府采购情况：2026年本单位政府采购预算总额7万元，其中，货物类采购预算0万元；工程类采购预算0万元；服务类采购预算7万元。"
    assert not _procurement(text)
    [bad] = _procurement(text.replace("总额7万元", "总额8万元"))
    assert "8万元" in bad.problem_zh
    # two non-zero whole parts still carry their rounding (made-up figures: 15.4 + 27.4 = 42.8 prints 15 + 27 = 43)
    assert not _procurement("政府采购安排43万元，其中：货物类采购预算15万元，工程类采购预算27万元，服务类采购预算0万元。")


def test_procurement_won_by_small_firms_within_the_total():
    """05 普陀区财政局 2024 决算 p24: the 政府采购 total 251.25 (合同) and, in projects reserved for small and medium firms and in
    the others, the contracts they won: 246.47 + 4.79 = 251.26, within the rounding of 251.25 — silent; 5.79 (or 247.47) is more
    than the total and fires. The reserved projects' 预算金额 is a budget, not a contract: not added."""
    from collections import Counter

    from budgetkg.ingest.narrative_tables import _procurement_sme

    text = ("上海市普陀区财政局2024年度政府采购金额（以合同签订为准）为251.25万元，其中：货物采购金额4.79万元、工程采购金额0万元、"
            "服务采购金额246.47万元。2024年度本部门面向中小企业预留政府采购项目预算金额246.47万元，面向小微企业预留政府采购项目预算"
            "金额0万元。在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额246.47万元；在面向小微企业预留政府"
            "采购项目中，由小微企业供应商中标或成交的，采购金额0万元；在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额4.79"
            "万元。")
    assert not _procurement_sme("s", text, Counter())
    [bad] = _procurement_sme("s", text.replace("采购金额4.79万元。", "采购金额5.79万元。"), Counter())
    assert "5.79" in bad.problem_zh and "251.25" in bad.problem_zh
    assert len(_procurement_sme("s", text.replace("成交的，采购金额246.47", "成交的，采购金额247.47"), Counter())) == 1
    assert not _procurement_sme("s", text.replace("预算金额246.47", "预算金额247.47"), Counter())


def test_spending_total_of_parts_with_shares():
    """74 江苏省委办公厅 2017 p7 (its tables are another file): "本年支出预算合计20849.45万元，其中：基本支出9964.07万元，占47.79%。
    项目支出10688.66万元，占51.27%。单位预留机动经费196.72万元，占0.94%。" — the shares add up to 100 %, so the list is the
    whole: silent as printed; 基本支出 9965.07 (a share that still rounds the same at most places) fires. Without the third
    part the shares leave 0.94 % out: nothing is said."""
    from budgetkg.ingest.narrative_tables import _basic_sums

    text = ("三、支出预算情况说明本表反映部门年度总体支出预算情况。省委办公厅本年支出预算合计20849.45万元，其中：基本支出9964.07万元，"
            "占47.79%。项目支出10688.66万元，占51.27%。单位预留机动经费196.72万元，占0.94%。四、财政拨款收支预算总表情况说明")
    assert not _sums(_basic_sums, text, 2017)
    [bad] = _sums(_basic_sums, text.replace("9964.07", "9965.07"), 2017)
    assert "20849.45" in bad.problem_zh and "20850.45" in bad.problem_zh
    assert not _sums(_basic_sums, text.replace("9964.07", "9965.07").replace("单位预留机动经费196.72万元，占0.94%。", ""), 2017)


def test_basic_expenditure_of_one_total_stated_twice():
    """74 江苏省委办公厅 2017 (no table in the file): p6 "（二）支出预算总计20849.45万元。…此外，基本支出预算数为9964.07万元。" and
    p7 "本年支出预算合计20849.45万元，其中：基本支出9964.07万元，占47.79%。" — one total, so one 基本支出: silent as printed;
    p6's 9965.07 fires, quoting both amounts. A different total (another fund's) is not compared."""
    from collections import Counter

    from budgetkg.ingest.narrative_tables import _parts_of_one_total

    p6 = ("（二）支出预算总计20849.45万元。包括：1．一般公共服务（类）支出16992.37万元，主要用于保障机构正常运转。此外，基本支出预算数为"
          "9964.07万元。与上年相比增加941.62万元，增长10.44%。项目支出预算数为10688.66万元。与上年相比增加1101.96万元，增长11.49%。")
    p7 = ("省委办公厅本年支出预算合计20849.45万元，其中：基本支出9964.07万元，占47.79%。项目支出10688.66万元，占51.27%。单位预留机动"
          "经费196.72万元，占0.94%。")

    def run(a: str, b: str) -> list:
        return _parts_of_one_total([{"s": "p6", "text": a}, {"s": "p7", "text": b}], 2017, "预算", Counter())

    assert not run(p6, p7)
    [bad] = run(p6.replace("9964.07", "9965.07"), p7)
    assert "9965.07" in bad.problem_zh and "9964.07" in bad.problem_zh
    assert not run(p6.replace("9964.07", "9965.07"), p7.replace("20849.45", "20702.25"))
