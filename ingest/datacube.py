"""The Data Cube structure of the graph: one ``qb:DataStructureDefinition`` per table family.

Every ``cnb:BudgetTable`` is a ``qb:DataSet`` whose ``qb:structure`` is the DSD of its family
(:data:`FAMILY_OF`, from the table's :class:`~ingest.model.TableRole`). The DSDs themselves are in
``ontology/datacube.ttl``; ``tests/test_datacube.py`` checks that they list exactly the components named here.

Every observation carries every dimension of its DSD (Data Cube IC-11), and no two observations of a table share
all of them (IC-12). A dimension a cell does not break down by has its scheme's ``total`` concept (SDMX's
"_T"): the 合计 row of a function table is ``code:func/total``, a 合计 column ``code:exp-nature/total``. A row
without a classification code is a line item (``cnb:lineItem``: a concept of its label, 一般公共预算拨款收入), and
where two columns of a table are otherwise alike the column says which it is (``cnb:columnItem``).
"""

from __future__ import annotations

from ..ontology.namespaces import CNB, DSD, OBEU_DIM
from .model import TableRole

R = TableRole

# table family → the roles it holds
FAMILIES: dict[str, tuple[TableRole, ...]] = {
    "summary": (R.SUMMARY, R.FISCAL_SUMMARY),
    "income": (R.INCOME,),
    "expenditure-by-function": (R.EXPENDITURE, R.GENERAL_FUNCTION, R.FUND, R.STATE_CAPITAL),
    "expenditure-by-economic": (R.FISCAL_ECONOMIC, R.GENERAL_BASIC),
    "three-public": (R.THREE_PUBLIC, R.FUND_THREE_PUBLIC),
    "project": (R.GENERAL_PROJECT, R.PROJECT),
    "performance": (R.PERFORMANCE,),
    "other": (R.OTHER,),
}
FAMILY_OF: dict[TableRole, str] = {role: family for family, roles in FAMILIES.items() for role in roles}

# dimensions of every DSD, in their qb:order
COMMON_DIMENSIONS = (
    OBEU_DIM.organization, OBEU_DIM.fiscalYear, OBEU_DIM.budgetPhase, OBEU_DIM.operationCharacter,
    CNB.budgetType, CNB.fundSource, CNB.expenditureNature,
)
# the classification dimensions of a family's rows (after the common ones), then the two item dimensions
CLASSIFICATIONS: dict[str, tuple] = {
    "summary": (CNB.functionalClassification,),
    "income": (CNB.functionalClassification,),
    "expenditure-by-function": (CNB.functionalClassification,),
    "expenditure-by-economic": (CNB.economicClassification,),
    "three-public": (),
    "project": (CNB.functionalClassification, CNB.economicClassification),
    "performance": (),
    "other": (CNB.functionalClassification, CNB.economicClassification),
}
ITEM_DIMENSIONS = (CNB.lineItem, CNB.columnItem)
TOTAL = "total"  # the slug of the "all values" concept of every scheme a dimension defaults to


def dsd(family: str):
    """The IRI of a family's data structure definition."""
    return DSD[family]


def dimensions(family: str) -> tuple:
    """Every dimension of a family's DSD, in order."""
    return COMMON_DIMENSIONS + CLASSIFICATIONS[family] + ITEM_DIMENSIONS
