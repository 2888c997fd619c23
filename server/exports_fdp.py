"""Fiscal Data Packages (Frictionless Data): one per document graph and one for the whole store.

A package is a ``datapackage.json`` (profile ``tabular-data-package``, as the Fiscal Data Package schema requires)
with one CSV resource, ``fiscal.csv``: one line per observation that has an amount (``obeu-measure:amount``, in
元). Its fields carry the FDP 1.0 ``columnType``s and its ``model`` (FDP 0.3 measures and dimensions) maps them to
the fiscal concepts: administrative classification (the unit), functional classification (类/款/项: the first
3, 5 and 7 digits of the 支出功能分类 code, with the code lists' names), economic classification, phase, fiscal
year, direction and the amount in CNY. The observation IRI is the primary key, so every line leads back to the
graph (and through it to the page and cell of the PDF).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

from budgetkg.ontology.formats import CSV, DATA_PACKAGE
from budgetkg.ontology.namespaces import CNB, CODE, OBEU_DIM, OBEU_MEASURE, OBEU_PHASE, QB, SKOS

from .store import GraphStore

FDP_STANDARD = "https://specs.frictionlessdata.io/fiscal-data-package/"  # dct:conformsTo of the package
EXPORTS_PATH = "exports/"  # {base}exports/[{document path}/]datapackage.json and fiscal.csv
RESOURCE_FILE = "fiscal" + CSV.extension
PACKAGE_FILE = DATA_PACKAGE.extension
FUNCTION_LEVELS = (("lei", 3, "类"), ("kuan", 5, "款"), ("xiang", 7, "项"))
# OBEU budget phases → the FDP phase keywords (proposed, approved, adjusted, executed)
PHASES = {"draft": "proposed", "approved": "approved", "revised": "adjusted", "executed": "executed"}
PHASE_LABELS = {"proposed": "预算草案", "approved": "预算", "adjusted": "调整预算", "executed": "决算"}

# name, Table Schema type, FDP columnType (None: not a fiscal concept), zh title
FIELDS: tuple[tuple[str, str, str | None, str], ...] = (
    ("observation", "string", None, "观测（关联数据 IRI）"),
    ("document", "string", None, "公开文件"),
    ("table", "string", None, "表"),
    ("row_label", "string", None, "行"),
    ("column_label", "string", None, "列"),
    ("admin_code", "string", "administrative-classification:generic:level1:code", "单位编码"),
    ("admin_label", "string", "administrative-classification:generic:level1:label", "单位名称"),
    *((f"func_{key}_code", "string", f"functional-classification:generic:level{n + 1}:code", f"功能分类{zh}编码")
      for n, (key, _, zh) in enumerate(FUNCTION_LEVELS)),
    *((f"func_{key}_label", "string", f"functional-classification:generic:level{n + 1}:label", f"功能分类{zh}名称")
      for n, (key, _, zh) in enumerate(FUNCTION_LEVELS)),
    ("econ_code", "string", "economic-classification:generic:level1:code", "经济分类编码"),
    ("econ_label", "string", "economic-classification:generic:level1:label", "经济分类名称"),
    ("phase", "string", None, "阶段"),
    ("phase_label", "string", None, "阶段名称"),
    ("direction", "string", None, "收支"),
    ("fiscal_year", "year", "date:fiscal-year", "财政年度"),
    ("amount", "number", "value", "金额（元）"),
)
NAMES = [f[0] for f in FIELDS]


def package_url(base: str, document_path: str | None) -> str:
    """``{base}exports/datapackage.json`` (whole store) or ``{base}exports/{doc/…}/datapackage.json``."""
    return f"{base}{EXPORTS_PATH}{document_path + '/' if document_path else ''}{PACKAGE_FILE}"


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _year(iri: str) -> str:
    years = re.findall(r"(?<!\d)(\d{4})(?!\d)", iri)
    return years[-1] if years else ""


def observations(store: GraphStore, graph: str) -> list[dict[str, str]]:
    """The CSV lines of one document graph, in observation order."""
    rows = store.select(f"""PREFIX cnb: <{CNB}> PREFIX qb: <{QB}> PREFIX skos: <{SKOS}>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?obs ?amount ?table (SAMPLE(?tl) AS ?tlabel) (SAMPLE(?rl) AS ?rlabel) (SAMPLE(?cl) AS ?clabel)
               (SAMPLE(?u) AS ?unit) (SAMPLE(?un) AS ?uname) (SAMPLE(?f) AS ?func) (SAMPLE(?e) AS ?econ)
               (SAMPLE(?p) AS ?phase) (SAMPLE(?o) AS ?op) (SAMPLE(?y) AS ?year)
        WHERE {{ GRAPH <{graph}> {{
          ?obs a qb:Observation ; <{OBEU_MEASURE.amount}> ?amount ; qb:dataSet ?table .
          OPTIONAL {{ ?table cnb:tableLabel|dct:title ?tl }}
          OPTIONAL {{ ?obs cnb:row/rdfs:label ?rl }} OPTIONAL {{ ?obs cnb:column/rdfs:label ?cl }}
          OPTIONAL {{ ?obs <{OBEU_DIM.organization}> ?u OPTIONAL {{ ?u skos:prefLabel ?un }} }}
          OPTIONAL {{ ?obs cnb:functionalClassification ?f }} OPTIONAL {{ ?obs cnb:economicClassification ?e }}
          OPTIONAL {{ ?obs <{OBEU_DIM.budgetPhase}> ?p }} OPTIONAL {{ ?obs <{OBEU_DIM.operationCharacter}> ?o }}
          OPTIONAL {{ ?obs <{OBEU_DIM.fiscalYear}> ?y }}
        }} }} GROUP BY ?obs ?amount ?table ORDER BY ?table ?obs""")
    codes = {str(r[k]) for r in rows for k in ("func", "econ") if k in r}
    func_prefixes = {str(CODE) + "func/" + _local(c)[:n] for c in codes if c.startswith(str(CODE) + "func/")
                     for _, n, _ in FUNCTION_LEVELS}
    names = code_names(store, codes | func_prefixes)
    out = []
    for r in rows:
        func = _local(str(r["func"])) if "func" in r else ""
        econ = str(r["econ"]) if "econ" in r else ""
        phase = PHASES.get(str(r.get("phase", "")).removeprefix(str(OBEU_PHASE)), "")
        line = {
            "observation": str(r["obs"]), "document": graph, "table": str(r.get("tlabel", r["table"])),
            "row_label": str(r.get("rlabel", "")), "column_label": str(r.get("clabel", "")),
            "admin_code": _local(str(r["unit"])) if "unit" in r else "", "admin_label": str(r.get("uname", "")),
            "econ_code": _local(econ) if econ else "", "econ_label": names.get(econ, ""),
            "phase": phase, "phase_label": PHASE_LABELS.get(phase, ""),
            "direction": _local(str(r["op"])) if "op" in r else "",
            "fiscal_year": _year(str(r.get("year", ""))), "amount": str(r["amount"]),
        }
        for key, n, _ in FUNCTION_LEVELS:
            code = func[:n] if len(func) >= n else ""
            line[f"func_{key}_code"] = code
            line[f"func_{key}_label"] = names.get(f"{CODE}func/{code}", "") if code else ""
        out.append(line)
    return out


def code_names(store: GraphStore, codes: Iterable[str]) -> dict[str, str]:
    """Chinese ``skos:prefLabel`` of each code (from the vocabulary graph or the documents)."""
    values = " ".join(f"<{c}>" for c in sorted(codes))
    if not values:
        return {}
    rows = store.select(f"""PREFIX skos: <{SKOS}> SELECT ?c ?l WHERE {{ VALUES ?c {{ {values} }} ?c skos:prefLabel ?l }}""")
    names: dict[str, str] = {}
    for r in sorted(rows, key=lambda r: getattr(r["l"], "language", None) not in ("zh", "zh-hans")):
        names.setdefault(str(r["c"]), str(r["l"]))
    return names


def csv_header() -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(NAMES)
    return out.getvalue()


def csv_lines(lines: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=NAMES, lineterminator="\r\n")
    writer.writerows(lines)
    return out.getvalue()


def descriptor(*, name: str, title: str, homepage: str, licence: str, years: list[str]) -> dict[str, Any]:
    """The ``datapackage.json`` of a package whose CSV (``fiscal.csv``, beside it) covers ``years``."""
    fields: list[dict[str, Any]] = []
    for fname, ftype, column_type, zh in FIELDS:
        entry: dict[str, Any] = {"name": fname, "type": ftype, "title": zh}
        if column_type:
            entry["columnType"] = column_type
        if fname == "amount":
            entry.update(decimalChar=".", bareNumber=True, constraints={"required": True})
        if fname == "observation":
            entry.update(format="uri", constraints={"required": True, "unique": True})
        fields.append(entry)
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": re.sub(r"[^-a-z0-9._]+", "-", name.lower()).strip("-") or "budgetkg",
        "id": homepage,
        "title": title,
        "homepage": homepage,
        "licenses": [{"path": licence, "title": licence}],
        "countryCode": "CN",
        "granularity": "aggregated",
        "resources": [{
            "name": "fiscal",
            "path": RESOURCE_FILE,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": CSV.media_type,
            "encoding": "utf-8",
            "schema": {"fields": fields, "primaryKey": ["observation"], "missingValues": [""]},
        }],
        "model": model(),
    }
    if years:
        package["fiscalPeriod"] = {"start": f"{min(years)}-01-01", "end": f"{max(years)}-12-31"}
    return package


def model() -> dict[str, Any]:
    """The FDP model: the amount (CNY, in 元) and the dimensions over the CSV's columns."""
    functional: dict[str, Any] = {}
    parent = None
    for key, _, _ in FUNCTION_LEVELS:
        functional[f"func_{key}_code"] = {"source": f"func_{key}_code", **({"parent": parent} if parent else {})}
        functional[f"func_{key}_label"] = {"source": f"func_{key}_label", "labelfor": f"func_{key}_code"}
        parent = f"func_{key}_code"
    return {
        "measures": {"amount": {"source": "amount", "currency": "CNY", "factor": 1}},
        "dimensions": {
            "administrative-classification": {
                "dimensionType": "classification", "classificationType": "administrative",
                "primaryKey": ["admin_code"],
                "attributes": {"admin_code": {"source": "admin_code"},
                               "admin_label": {"source": "admin_label", "labelfor": "admin_code"}}},
            "functional-classification": {
                "dimensionType": "classification", "classificationType": "functional",
                "primaryKey": [f"func_{key}_code" for key, _, _ in FUNCTION_LEVELS], "attributes": functional},
            "economic-classification": {
                "dimensionType": "classification", "classificationType": "economic",
                "primaryKey": ["econ_code"],
                "attributes": {"econ_code": {"source": "econ_code"},
                               "econ_label": {"source": "econ_label", "labelfor": "econ_code"}}},
            "phase": {"dimensionType": "other", "primaryKey": ["phase"],
                      "attributes": {"phase": {"source": "phase"},
                                     "phase_label": {"source": "phase_label", "labelfor": "phase"}}},
            "direction": {"dimensionType": "other", "primaryKey": ["direction"],
                          "attributes": {"direction": {"source": "direction"}}},
            "date": {"dimensionType": "datetime", "primaryKey": ["fiscal_year"],
                     "attributes": {"fiscal_year": {"source": "fiscal_year"}}},
            "source": {"dimensionType": "fact", "primaryKey": ["observation"],
                       "attributes": {name: {"source": name} for name in
                                      ("observation", "document", "table", "row_label", "column_label")}},
        },
    }


def document_years(store: GraphStore, graph: str | None) -> list[str]:
    """The fiscal years the observations of one graph (or of all) are of."""
    where = f"GRAPH <{graph}> {{ ?obs <{OBEU_DIM.fiscalYear}> ?y }}" if graph else \
        f"GRAPH ?g {{ ?obs <{OBEU_DIM.fiscalYear}> ?y }}"
    years = {_year(str(r["y"])) for r in store.select(f"SELECT DISTINCT ?y WHERE {{ {where} }}")}
    return sorted(y for y in years if y)
