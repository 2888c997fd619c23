"""Code lists and templates for the synthetic corpus (:mod:`bench.generate_corpus`).

Function (支出功能分类) and economic (部门预算支出经济分类) codes and names come from
``ontology/reference/observed-codes.csv`` (harvested from real disclosures); departments, unit suffixes,
regions and project / indicator wording are small hand-written templates.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OBSERVED = ROOT / "ontology" / "reference" / "observed-codes.csv"

# 收支总表 expenditure lines (the 28 function classes as printed in the sample), by class code.
CLASS_LINES: dict[str, str] = {
    "201": "一般公共服务支出", "202": "外交支出", "203": "国防支出", "204": "公共安全支出", "205": "教育支出",
    "206": "科学技术支出", "207": "文化旅游体育与传媒支出", "208": "社会保障和就业支出", "209": "社会保险基金支出",
    "210": "卫生健康支出", "211": "节能环保支出", "212": "城乡社区支出", "213": "农林水支出", "214": "交通运输支出",
    "215": "资源勘探工业信息等支出", "216": "商业服务业等支出", "217": "金融支出", "219": "援助其他地区支出",
    "220": "自然资源海洋气象等支出", "221": "住房保障支出", "222": "粮油物资储备支出", "223": "国有资本经营预算支出",
    "224": "灾害防治及应急管理支出", "229": "其他支出", "231": "债务还本支出", "232": "债务付息支出",
    "233": "债务发行费用支出", "234": "抗疫特别国债安排的支出",
}
INCOME_LINES = ("一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入", "事业收入",
                "事业单位经营收入", "其他收入")
NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六",
            "十七", "十八", "十九", "二十", "二十一", "二十二", "二十三", "二十四", "二十五", "二十六", "二十七", "二十八",
            "二十九", "三十")

# (province as printed, GB/T 2260 prefix, layout): "full" prints all 28 class lines in the two summary tables
# (as the sample does), "compact" only the lines with amounts. Units cycle through this list: Sichuan 40 %.
_SC, _CQ, _GZ = ("四川省", "51", "full"), ("重庆市", "50", "compact"), ("贵州省", "52", "compact")
REGION_CYCLE: tuple[tuple[str, str, str], ...] = (
    _SC, _CQ, _SC, _GZ, _SC, ("云南省", "53", "compact"), _SC, ("陕西省", "61", "compact"), _CQ, _GZ,
)


@dataclass(frozen=True)
class Department:
    name: str  # e.g. 教育厅
    short: str  # e.g. 教育 (for project names)
    kuan: str  # main function 款 (5 digits)
    topics: tuple[str, ...]  # project topics


DEPARTMENTS: tuple[Department, ...] = (
    Department("人民政府办公厅", "政务", "20103", ("政务服务平台运行维护", "政务信息公开", "电子政务外网运维", "政务云服务",
                                            "应急值守保障", "政务新媒体运营")),
    Department("发展和改革委员会", "发展改革", "20104", ("重大项目前期工作", "价格监测", "规划编制", "经济运行监测",
                                                "社会信用体系建设")),
    Department("统计局", "统计", "20105", ("统计调查", "经济普查", "统计数据采集", "抽样调查", "统计信息化建设")),
    Department("财政厅", "财政", "20106", ("预算管理一体化系统运维", "财政监督检查", "国库集中支付", "政府采购管理",
                                      "财政信息化建设")),
    Department("审计厅", "审计", "20108", ("审计业务", "审计信息化建设", "经济责任审计", "专项审计调查")),
    Department("市场监督管理局", "市场监管", "20138", ("食品安全抽检", "质量安全监管", "特种设备检验", "市场秩序执法",
                                                 "计量标准建设")),
    Department("人力资源和社会保障厅", "人社", "20801", ("就业服务", "职业技能鉴定", "劳动保障监察", "社会保险经办",
                                                  "人才引进")),
    Department("民政厅", "民政", "20802", ("社会组织管理", "养老服务体系建设", "地名管理", "社会救助信息化")),
    Department("教育厅", "教育", "20501", ("教育信息化建设", "教师培训", "学生资助管理", "教育质量监测", "考试组织")),
    Department("科学技术厅", "科技", "20601", ("科技成果转化", "科技创新平台建设", "科技项目评审", "科普活动")),
    Department("文化和旅游厅", "文旅", "20701", ("文化旅游宣传推广", "群众文化活动", "文物保护", "文化市场管理")),
    Department("卫生健康委员会", "卫生健康", "21001", ("公共卫生服务", "医疗质量控制", "卫生监督执法", "健康教育宣传")),
    Department("生态环境厅", "生态环境", "21101", ("环境监测", "污染防治攻坚", "生态环境执法", "环境信息化建设")),
    Department("住房和城乡建设厅", "住建", "21201", ("工程建设标准编制", "城市建设管理", "建筑市场监管", "房地产市场监测")),
    Department("交通运输厅", "交通", "21401", ("公路养护", "运输安全管理", "交通信息化建设", "航道维护")),
    Department("经济和信息化厅", "经信", "21505", ("产业发展", "无线电监管", "中小企业服务", "工业信息化建设")),
    Department("自然资源厅", "自然资源", "22001", ("自然资源调查", "国土空间规划", "不动产登记", "基础测绘")),
    Department("应急管理厅", "应急", "22401", ("应急救援", "安全生产监管", "灾害风险防治", "应急物资储备")),
    Department("司法厅", "司法", "20406", ("普法宣传", "公共法律服务", "法治建设", "社区矫正")),
)
INSTITUTE_SUFFIXES = ("信息中心", "服务中心", "监测中心", "研究院", "培训中心", "宣传中心", "档案馆", "评审中心",
                      "事务中心", "保障中心")
PROJECT_SUFFIXES = ("项目", "专项", "工作经费", "运行维护", "建设项目", "服务项目")

# Function items that carry personnel costs in every unit: code → economic item whose amount they equal.
PERSONNEL_FUNCTIONS = {"2080505": "30108", "2080506": "30109", "2210201": "30113"}
MEDICAL = {"行政": "2101101", "事业": "2101102"}  # = 30110

# Basic expenditure, economic items: (code, share of the salary base or None for a small amount).
PERSONNEL_ITEMS = ("30101", "30102", "30103", "30107", "30108", "30109", "30110", "30112", "30113", "30199")
PUBLIC_USE_ITEMS = ("30201", "30202", "30205", "30206", "30207", "30209", "30211", "30213", "30215", "30216",
                    "30217", "30226", "30228", "30229", "30231", "30239", "30299")
SUB_ITEMS = {"30102": ("3010201", "3010202", "3010203"), "30112": ("3011201", "3011202")}
PROJECT_ECON = ("30227", "30226", "30213", "30216", "30211", "30299", "31002", "31007")

# Performance indicators: level1 → level2 → templates (name, comparator, unit, low, high, direction).
Indicator = tuple[str, str, str, float, float, str]
INDICATORS: dict[str, dict[str, tuple[Indicator, ...]]] = {
    "产出指标": {
        "数量指标": (("{t}服务次数", "≥", "次", 2, 60, "正向指标"), ("{t}覆盖单位数", "≥", "家", 5, 300, "正向指标"),
                    ("完成{t}任务数", "＝", "项", 1, 12, "正向指标"), ("{t}设备数量", "≥", "台", 2, 80, "正向指标"),
                    ("{t}培训人次", "≥", "人次", 50, 3000, "正向指标")),
        "质量指标": (("{t}验收合格率", "≥", "%", 95, 100, "正向指标"), ("{t}系统可用率", "≥", "%", 99, 99.9, "正向指标"),
                    ("{t}问题整改率", "＝", "%", 100, 100, "正向指标")),
        "时效指标": (("{t}完成时限", "≤", "天", 5, 365, "反向指标"), ("故障响应时间", "≤", "小时", 1, 24, "反向指标"),
                    ("{t}资金支付及时率", "≥", "%", 90, 100, "正向指标")),
    },
    "效益指标": {
        "社会效益指标": (("{t}服务对象覆盖率", "≥", "%", 80, 100, "正向指标"),
                        ("{t}社会影响（高：明显提升；中：有所提升；低：未提升）", "定性", "", 0, 0, "正向指标")),
        "经济效益指标": (("{t}资金使用效率（高：有效提升；中：未提升；低：明显降低）", "定性", "", 0, 0, "正向指标"),),
        "可持续影响指标": (("{t}长效机制建立情况（高：已建立；中：部分建立；低：未建立）", "定性", "", 0, 0, "正向指标"),),
    },
    "满意度指标": {
        "服务对象满意度指标": (("{t}服务对象满意度", "≥", "%", 85, 95, "正向指标"),),
    },
    "成本指标": {
        "经济成本指标": (("{t}成本控制数", "≤", "万元", 0, 0, "反向指标"),),
    },
}


@dataclass(frozen=True)
class Code:
    code: str
    level: str  # 类 / 款 / 项
    parent: str
    name: str


@cache
def codes() -> dict[str, Code]:
    """Function and economic codes of the observed list, by code (clean names only)."""
    out: dict[str, Code] = {}
    with OBSERVED.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["system"] not in ("function", "dept_economic"):
                continue
            name = row["name"].strip()
            if not name or len(name) > 24 or any(ch.isdigit() for ch in name):
                continue
            out[row["code"]] = Code(row["code"], row["level"], row["parent_code"], name)
    return out


def name(code: str) -> str:
    return codes()[code].name


def children(code: str) -> list[str]:
    """Codes whose parent is ``code``, sorted."""
    return sorted(c.code for c in codes().values() if c.parent == code)


def class_name(code3: str) -> str:
    return codes()[code3].name if code3 in codes() else CLASS_LINES[code3]


def code_text(code: str, system: str) -> str:
    """A code as printed in the tables: ``2010350`` → ``201 03 50`` (function), ``30101`` → ``301 01``."""
    parts = [code[:3]]
    if len(code) >= 5:
        parts.append(code[3:5])
    if len(code) == 7 and system == "function":
        parts.append(code[5:7])
    return " ".join(parts)


def money(cents: int) -> str:
    """An amount in hundredths of the published unit, as printed: 2174966 → ``21,749.66``."""
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    return f"{sign}{whole:,}.{frac:02d}"


def numbered(k: int) -> str:
    """Chinese ordinal prefix: 0 → ``一、``."""
    return f"{NUMERALS[k]}、"
