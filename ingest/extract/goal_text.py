"""Words of performance-target sheets: header roles, fact keys, and the parsing of one indicator row.

Used by :mod:`ingest.extract.pdf_goals`. The words are those printed across the family of 绩效目标表 /
绩效自评表 templates (national 财预〔2020〕10号 self-evaluation sheet, provincial 申报 sheets, Beijing's
绩效指标性质 columns, Hunan's 指标值类型, Chongqing's 指标名称/指标权重(%), Xi'an's 指标内容/分值权重（90分）).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..model import Indicator, Provenance
from ..vocab import INDICATOR_LEVEL1, INDICATOR_LEVEL2
from .tables import compact

# header cell → role of an indicator column (first match wins; tested on the whitespace-free text)
INDICATOR_HEADS: list[tuple[str, re.Pattern[str]]] = [
    ("level1", re.compile(r"^一级指标")),
    ("level2", re.compile(r"^二级指标")),
    ("name", re.compile(r"^(?:三级指标|指标名称|指标内容|绩效指标名称)")),
    ("kind", re.compile(r"^(?:绩效)?指标(?:性质|方向|值类型|类型)$|^(?:计算)?符号$")),
    ("target", re.compile(r"^(?:年度|本年|全年)?(?:[（(][^）)]*[)）])?(?:绩效)?(?:指标值|目标值)(?:[（(].*[)）])?$|^预期目标值?$")),
    ("unit", re.compile(r"^(?:绩效)?(?:度量|计量)单位$|^单位$")),
    ("weight", re.compile(r"^(?:分值权重|指标权重|权重|分值)(?:[（(].*[)）])?$")),
    ("score", re.compile(r"^得分")),
    ("actual", re.compile(r"^(?:全年)?实际(?:完成)?值|^完成值")),
]
COMBINED_NAME = re.compile(r"^绩效指标$")  # Beijing: one column "产出指标数量指标培训工作完成率"
# columns of a list layout (one project per row span) and money columns
PROJECT_HEAD = re.compile(r"^(?:单位[（(]项目[)）]|专项[（(]项目[)）]|项目|政策[（(]?项目[)）]?)名称$|^项目$")
UNIT_HEAD = re.compile(r"^(?:单位|部门|预算单位)名称$|^实施单位$")
UNITCODE_HEAD = re.compile(r"^(?:单位|部门)编码$")
GOAL_HEAD = re.compile(r"^(?:当年|年度|整体|项目)?(?:总体)?绩效目标$|^(?:当年)?整体绩效目标$|^项目总体绩效目标$")
MONEY_HEAD = re.compile(
    r"资金总额|项目总额|预算金额|财政拨款|财政资金|其他资金|一般公共预算|政府性基金|财政专户|基本支出|项目支出|"
    r"^金额$|^合计$|^总额$|预算支出总额|预算数|执行数|上年结转|单位资金"
)
SCORE_HEAD = re.compile(r"^(?:分值|得分|执行率|权重)")

# keys of the key-value (two-column) layout
PROJECT_KEY = re.compile(r"^(?:项目名称|专项[（(]项目[)）]名称|专项名称|政策名称|项目名)$")
DEPT_KEY = re.compile(r"^(?:部门[（(]单位[)）]名称|部门名称|单位名称|预算部门|主管部门名称)$")
UNIT_KEY = re.compile(r"^(?:实施单位|项目实施单位)$")
OWNER_KEY = re.compile(r"^(?:主管部门(?:及代码)?|预算部门)$")
GOAL_KEY = re.compile(
    r"^(?:年度|总体|年度总体|项目实施期|实施期|当年|当年整体|整体|部门整体|项目)?(?:绩效)?目标(?:完成情况)?$|^年度总体目标完成情况$"
)
GOAL_SUBHEAD = re.compile(r"^(?:预期目标|实际完成情况|实施期总?目标|年度总?(?:体)?目标|项目总目标)")
MONEY_KEY = re.compile(
    r"^(?:其中[:：])?(?:(?:年度|实施期|项目)?(?:预算)?资金(?:申请)?总额|(?:当年)?财政拨款|财政资金|上年结转(?:资金)?|其他资金|"
    r"金额合计|合计|总计|本级财力|上级补助|年度资金)[:：]?$"
)
TOTAL_KEY = re.compile(r"资金(?:申请)?总额|^金额合计|^合计|^总计|^年度资金[:：]?$")
POINTS_ROW = re.compile(r"^(?:总分|合计|总计|分值合计|权重合计)$")
NOTE_KEY = re.compile(r"^(?:备注|其他说明|说明)")
STATED_POINTS = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]")
EXEC_POINTS = re.compile(r"执行率(?:分值|权重)?[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]")

COMPARATOR_WORDS = {"≥": "≥", ">=": "≥", "大于等于": "≥", "不低于": "≥", "≤": "≤", "<=": "≤", "小于等于": "≤",
                    "不高于": "≤", "不超过": "≤", "＝": "＝", "=": "＝", "等于": "＝", ">": ">", "＞": ">", "大于": ">",
                    "<": "<", "＜": "<", "小于": "<", "定性": "定性"}
TARGET = re.compile(r"^(≥|≤|＝|=|>=|<=|>|<|＞|＜|大于等于|小于等于|等于|不低于|不高于|不超过|大于|小于)?"
                    r"(-?\d+(?:,\d{3})*(?:\.\d+)?)(.*)$")
UNIT_TEXT = re.compile(r"^(?:[%％‰]|[^\d\s,，。；;、:：()（）]{1,6})$")
TIME_WORDS = re.compile(r"[前后内底止起]$|^[月日号年]")
LEVEL1 = sorted(INDICATOR_LEVEL1, key=len, reverse=True)
LEVEL2 = sorted(INDICATOR_LEVEL2, key=len, reverse=True)
NUMBERING = re.compile(r"^(?:指标\s*\d+\s*[:：]|\d{1,2}\s*[、.．]\s*(?=\D))")


def points(text: str) -> Decimal | None:
    """The points a header states for its column: "分值权重（90分）" → 90 (a "(%)" says the unit, not a total)."""
    m = STATED_POINTS.search(compact(text))
    return Decimal(m.group(1)) if m else None


def level_name(text: str) -> str:
    """一级/二级指标 as a category name: "产出指标（50分）" → "产出指标"."""
    return re.sub(r"[（(][^）)]*[)）]$", "", compact(text))


def split_combined(text: str) -> tuple[str, str, str]:
    """"产出指标数量指标培训工作完成率" → (产出指标, 数量指标, 培训工作完成率)."""
    t = compact(text)
    l1 = next((k for k in LEVEL1 if t.startswith(k)), "")
    t = t[len(l1):]
    l2 = next((k for k in LEVEL2 if t.startswith(k)), "")
    return l1, l2, t[len(l2):]


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def indicator(index: int, values: dict[str, str], prov: Provenance) -> Indicator:
    """One indicator from the texts of its row by column role.

    The comparator is the one printed in a 指标性质/指标值类型 column (Beijing, Hunan) or before the target
    value; a target that is not one number with a short unit ("≥25次；100余场", "5月31日前", "较上年提升") is
    read as 定性 with the text as its grade — no number is made up. A bare number is "＝" (the target itself).
    """
    name = NUMBERING.sub("", compact(values.get("name", "")))
    kind = compact(values.get("kind", ""))
    text = compact(values.get("target", ""))
    unit = compact(values.get("unit", "")) or None
    direction = None
    comparator = COMPARATOR_WORDS.get(kind)
    if kind in ("正向", "反向", "正向指标", "反向指标"):
        direction = kind if kind.endswith("指标") else kind + "指标"
    target: Decimal | None = None
    grade: str | None = None
    m = TARGET.match(text)
    rest = m.group(3) if m else ""
    inner = re.fullmatch(r"[（(]([^（()）]+)[)）]", rest)
    rest = inner.group(1) if inner else rest  # "≥13459.00(平方米)"
    single = m is not None and (not rest or (UNIT_TEXT.match(rest) is not None and not TIME_WORDS.search(rest)))
    if comparator == "定性" or m is None or not single:
        comparator, grade = "定性", text or None
    else:
        comparator = comparator or COMPARATOR_WORDS.get(m.group(1) or "＝", "＝")
        target = _number(m.group(2))
        unit = unit or (rest or None)
    weight = _number(compact(values.get("weight", ""))) if values.get("weight") else None
    printed = values.get("target", "").strip()
    if kind in COMPARATOR_WORDS and kind != "定性":
        printed = kind + printed
    return Indicator(index, level_name(values.get("level1", "")), level_name(values.get("level2", "")), name,
                     comparator, printed, target, unit, grade, weight, direction, prov)
