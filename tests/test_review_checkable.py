"""The review benchmark's oracle of what print can contradict (bench/review_checkable.py), on corpus sentences: a
flipped 减少 or a changed rate whose year before the document prints nowhere is left out of the recall; printed
anywhere — a table cell in 万元 or in 元, the change itself, a list whose changes add up — it is planted."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from bench import bench_review as br
from bench import review_checkable as rc

# wide/34_jiangsu-suzhou_ziran-guihua-benji_2026_unit-budget.pdf, page 37
MEETING = "苏州市自然资源和规划局 2026 年度一般公共预算拨款安排的会议费预算支出 20.6 万元，比上年预算减少 1 万元，主要原因是厉行节约，压缩会议费支出。"
THREE_PUBLIC = ("“三公”经费支出预算 32 万元，比上年预算减少 2 万元。其中：1．因公出国（境）费预算支出 0 万元。"
                "3．公务接待费预算支出 32 万元，比上年预算减少 2 万元，主要原因是厉行节约，压缩公务接待费支出。")
# wide/69_jiangsu_renda-bgt_2017_dept-budget.pdf, page 29: an amount new this year (X = D), its reason naming D again
NEW_THIS_YEAR = ("培训费预算支出403.75万元，比上年预算增加403.75万元，原因是从会议费预算中调减403.75万元用于培训费开支。"
                 "十二、2017年部门政府采购预算情况说明")
# wide/49_shaanxi-xian_caizhengju_2026_dept-budget.pdf, page 11
WITH_RATE = "公务接待费 2.60万元，比上年减少3.40万元，下降56.67%，下降的主要原因是厉行节约。"
# wide/67_zhejiang-huzhou_weijianwei_2026_dept-budget.pdf, page 15
RATE_ONLY = "2026 年安排公务接待费预算 14.60 万元，比上年预算数下降 19.3%。主要用于接待上级部门及兄弟地市来人等支出。"
# wide/40_zhejiang-hangzhou_qixiangju_2026_dept-budget.pdf, page 6
RATE_WITH_CHANGE = "基本养老保险缴费支出（项）135.62万元。比上年执行数增加3.06万元，增长2.3%，主要原因是养老保险缴费基数调整。"


def _ctx(text: str, cells: tuple[str, ...] = ()) -> SimpleNamespace:
    """A one-page document printing ``text`` as one line, and a table of ``cells``."""
    page = SimpleNamespace(number=1, lines=[SimpleNamespace(text=text)])
    row = SimpleNamespace(cells=[SimpleNamespace(value=Decimal(c)) for c in cells])
    doc = SimpleNamespace(tables=[SimpleNamespace(rows=[row])])
    return SimpleNamespace(pages=[page], doc=doc, narrative=rc.compact(text))


def _edit(text: str, old: str, new: str, nth: int = 0) -> br.Edit:
    at = -1
    for _ in range(nth + 1):
        at = text.index(old, at + 1)
    return br.Edit(1, "line", (0,), old, new, at)


def _relation(text: str, cells: tuple[str, ...] = (), nth: int = 0) -> bool:
    ctx = _ctx(text, cells)
    return rc.relation_checkable(ctx, _edit(text, "减少", "增加", nth), rc.Printed(ctx))


def _rate(text: str, old: str, new: str, cells: tuple[str, ...] = ()) -> bool:
    ctx = _ctx(text, cells)
    return rc.rate_checkable(ctx, _edit(text, old, new), rc.Printed(ctx))


def test_a_flip_nothing_printed_contradicts_is_left_out():
    assert not _relation(MEETING)
    assert not _relation(MEETING, cells=("19.6",))  # the flipped year before is no contradiction


def test_the_change_of_an_amount_new_this_year_is_not_said_twice():
    assert not _relation(NEW_THIS_YEAR.replace("增加", "减少", 1))  # the 减少 to flip is the first
    assert _relation(NEW_THIS_YEAR.replace("增加", "减少", 1) + "培训费预算支出403.75万元，比上年预算减少403.75万元。")


def test_a_flip_is_checkable_where_the_year_before_is_printed():
    assert _relation(MEETING, cells=("21.6",))
    assert _relation(MEETING, cells=("216000.00",))  # a table in 元


def test_a_flip_is_checkable_in_a_list_whose_changes_add_up():
    assert _relation(THREE_PUBLIC, nth=0) and _relation(THREE_PUBLIC, nth=1)


def test_a_flip_is_checkable_beside_its_rate():
    assert _relation(WITH_RATE)


def test_a_rate_nothing_printed_recomputes_is_left_out():
    assert not _rate(RATE_ONLY, "19.3", "20.3")
    assert _rate(RATE_ONLY, "19.3", "20.3", cells=("18.09",))  # 14.60 ÷ (1 − 19.3 %)
    assert _rate(RATE_WITH_CHANGE, "2.3", "3.3")
