"""Ontology terms, code-list IRIs and keyword tables used by the mapping (namespaces: :mod:`ontology.namespaces`)."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DCAT, DCTERMS, ORG, PROV, QB, RDF, RDFS, SKOS, XSD  # noqa: F401  (re-exported)

from ..ontology.namespaces import (  # noqa: F401  (re-exported: the vocabulary's namespaces live there)
    CNB,
    CODE,
    CURRENCY,
    FOAF,
    OA,
    OBEU,
    OBEU_ATTR,
    OBEU_DIM,
    OBEU_MEASURE,
    OBEU_OP,
    OBEU_PHASE,
    PREFIXES,
    SD,
    SDMX_ATTR,
    SDMX_DIM,
    SDMX_MEASURE,
    SPARQL_PREFIXES,
    TIME,
    VOID,
    XKOS,
)

CURRENCY_CNY = CURRENCY["CNY"]

# Code-list schemes (SKOS), one IRI each.
SCHEME_FUNCTION = CODE["func"]
SCHEME_ECONOMIC = CODE["econ"]
SCHEME_FUND_SOURCE = CODE["fund-source"]
SCHEME_BUDGET_TYPE = CODE["budget-type"]
SCHEME_NATURE = CODE["exp-nature"]
SCHEME_TABLE_ROLE = CODE["table-role"]
SCHEME_ROW_KIND = CODE["row-kind"]
SCHEME_INDICATOR = CODE["indicator-category"]
SCHEME_COMPARATOR = CODE["comparator"]
SCHEME_POLARITY = CODE["polarity"]
SCHEME_SCOPE = CODE["scope"]
SCHEME_SECTION = CODE["section-kind"]


def function_code(code: str) -> URIRef:
    """IRI of a 支出功能分类 subject, e.g. ``function_code("2010350")``."""
    return CODE[f"func/{code}"]


def economic_code(code: str) -> URIRef:
    """IRI of a 部门预算支出经济分类 item, e.g. ``economic_code("30101")``."""
    return CODE[f"econ/{code}"]


SCHEME_GOV_ECONOMIC = CODE["gov-econ"]
SCHEME_REVENUE = CODE["revenue"]

# code system (as the readers set Row.code_system) → (dimension property, scheme IRI, concept path)
CODE_SYSTEMS = {
    "function": (CNB.functionalClassification, SCHEME_FUNCTION, "func"),
    "economic": (CNB.economicClassification, SCHEME_ECONOMIC, "econ"),
    "gov-economic": (CNB.govEconomicClassification, SCHEME_GOV_ECONOMIC, "gov-econ"),
    "income": (CNB.revenueClassification, SCHEME_REVENUE, "revenue"),
}


def code_concept(system: str, code: str) -> URIRef:
    """IRI of a code in one of the classifications of :data:`CODE_SYSTEMS`."""
    return CODE[f"{CODE_SYSTEMS[system][2]}/{code}"]


def concept(scheme: str, slug: str) -> URIRef:
    """IRI of a concept in one of the small project schemes (fund-source, exp-nature …)."""
    return CODE[f"{scheme}/{slug}"]


# Column header keyword → (dimension, slug). Longest keys are matched first; the mapping uses
# these to type each amount column, independent of how the table was read.
FUND_SOURCES: dict[str, str] = {
    "一般公共预算拨款": "general-appropriation",
    "一般公共预算": "general-appropriation",
    "政府性基金预算拨款": "fund-appropriation",
    "政府性基金": "fund-appropriation",
    "国有资本经营预算拨款": "state-capital-appropriation",
    "国有资本经营": "state-capital-appropriation",
    "财政专户管理资金": "special-account",
    "事业单位经营收入": "operating-income",
    "事业收入": "institution-income",
    "上级补助收入": "higher-level-subsidy",
    "附属单位上缴收入": "subsidiary-remittance",
    "其他收入": "other-income",
    "上年结转": "carry-over",
    "当年财政拨款": "current-appropriation",
    "财政拨款": "fiscal-appropriation",
}
NATURES: dict[str, str] = {
    "基本支出": "basic",
    "人员经费": "personnel",
    "人员支出": "personnel",
    "人员类": "personnel",  # Hunan: 总计 | 人员类 | 公用经费
    "公用经费": "public-use",
    "公用支出": "public-use",
    "项目支出": "project",
    "专项业务经费": "project",  # Shaanxi's name for project spending
    "事业单位经营支出": "operating",  # the other columns of a 支出总表
    "对附属单位补助支出": "subsidiary-grant",
    "上缴上级支出": "remittance",
}
BUDGET_TYPES: dict[str, str] = {
    "一般公共预算": "general-public",
    "政府性基金": "government-fund",
    "国有资本经营": "state-capital",
}
COMPARATORS: dict[str, str] = {
    "≥": "ge",
    ">=": "ge",
    "≤": "le",
    "<=": "le",
    "＝": "eq",
    "=": "eq",
    ">": "gt",
    "＞": "gt",
    "<": "lt",
    "＜": "lt",
    "定性": "qualitative",
}
POLARITIES: dict[str, str] = {"正向指标": "positive", "反向指标": "negative", "正向": "positive", "反向": "negative"}


def match_keyword(text: str, table: dict[str, str]) -> str | None:
    """The slug of the longest keyword of ``table`` found in ``text``."""
    for key in sorted(table, key=len, reverse=True):
        if key in text:
            return table[key]
    return None

INDICATOR_LEVEL1: dict[str, str] = {
    "产出指标": "output",
    "效益指标": "effect",
    "满意度指标": "satisfaction",
    "成本指标": "cost",
}
INDICATOR_LEVEL2: dict[str, str] = {
    "数量指标": "quantity",
    "质量指标": "quality",
    "时效指标": "timeliness",
    "经济成本指标": "economic-cost",
    "社会成本指标": "social-cost",
    "生态环境成本指标": "environmental-cost",
    "成本指标": "cost-general",
    "经济效益指标": "economic-benefit",
    "社会效益指标": "social-benefit",
    "生态效益指标": "ecological-benefit",
    "可持续影响指标": "sustainability",
    "服务对象满意度指标": "beneficiary-satisfaction",
    "满意度指标": "satisfaction-general",
}
# level-2 slug → level-1 slug (skos:broader in the indicator-category scheme)
INDICATOR_PARENT: dict[str, str] = {
    "quantity": "output", "quality": "output", "timeliness": "output",
    "economic-cost": "cost", "social-cost": "cost", "environmental-cost": "cost", "cost-general": "cost",
    "economic-benefit": "effect", "social-benefit": "effect", "ecological-benefit": "effect",
    "sustainability": "effect",
    "beneficiary-satisfaction": "satisfaction", "satisfaction-general": "satisfaction",
}
ROW_KINDS = ("total", "subtotal", "class", "section", "item")
SIDES = ("income", "expenditure")
SECTION_KINDS = ("overview", "explanation", "glossary", "other")
# their Chinese labels (ontology/codelists/schemes.ttl, section-kind): the title of a section printed without one
SECTION_KIND_ZH = {"overview": "概况", "explanation": "情况说明", "glossary": "名词解释", "other": "其他"}
SCOPES = {"单位": "unit", "部门": "department"}
PHASES = {"预算": OBEU_PHASE["approved"], "决算": OBEU_PHASE["executed"]}
