"""One budget table as CSV, with its CSVW metadata beside it (W3C Metadata Vocabulary for Tabular Data).

``{table IRI}.csv`` holds one line per table row: the row's IRI, index, code and label, then one column per table
column with the amounts as printed (``xsd:decimal`` in its canonical form, the table's own scale). The metadata,
``{table IRI}.csv-metadata.json`` (the name CSVW processors look for beside a CSV), types each column, titles it
in Chinese (the printed heading) and English, and maps each cell to the triple the graph holds:
``<row> cnb:rowIndex / cnb:code / rdfs:label``, and ``<cell> cnb:publishedValue amount`` for the cell IRI
``{row}/col/{column index}`` (``ingest/iri.py``, ``Iris.cell``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from rdflib.namespace import RDFS

from budgetkg.ontology.formats import CSV, CSVW_METADATA
from budgetkg.ontology.namespaces import CNB

from .store import GraphStore

CSVW_CONTEXT = "http://www.w3.org/ns/csvw"
CSVW_STANDARD = "http://www.w3.org/TR/tabular-metadata/"  # dct:conformsTo of the metadata distribution
CSV_STANDARD = "http://www.w3.org/TR/tabular-data-model/"  # dct:conformsTo of the CSV distribution


def csv_url(table: str) -> str:
    return table + CSV.extension


def metadata_url(table: str) -> str:
    return csv_url(table) + CSVW_METADATA.extension


@dataclass
class TableGrid:
    """A budget table as the CSV shows it: its columns (index → heading) and rows."""

    iri: str
    title: str = ""
    label: str = ""
    scale: str = ""
    columns: dict[int, str] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)  # row, row_index, code, label, values {index: text}


def read_table(store: GraphStore, table: str) -> TableGrid | None:
    """The table's grid from the store, or None when ``table`` is no budget table."""
    head = store.select(f"""PREFIX cnb: <{CNB}> PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?title ?label ?scale WHERE {{ <{table}> a cnb:BudgetTable .
          OPTIONAL {{ <{table}> dct:title ?title }} OPTIONAL {{ <{table}> cnb:tableLabel ?label }}
          OPTIONAL {{ <{table}> cnb:scaleLabel ?scale }} }} LIMIT 1""")
    if not head:
        return None
    found = head[0]
    grid = TableGrid(table, str(found.get("title", "")), str(found.get("label", "")), str(found.get("scale", "")))
    for c in store.select(f"""PREFIX cnb: <{CNB}> PREFIX rdfs: <{RDFS}>
            SELECT ?ci (SAMPLE(?cl) AS ?label) WHERE {{ <{table}> cnb:hasColumn ?c . ?c cnb:columnIndex ?ci
            OPTIONAL {{ ?c rdfs:label ?cl }} }} GROUP BY ?ci"""):
        grid.columns[int(str(c["ci"]))] = str(c.get("label", ""))
    by_row: dict[str, dict[str, Any]] = {}
    for r in store.select(f"""PREFIX cnb: <{CNB}> PREFIX rdfs: <{RDFS}>
            SELECT ?row ?ri ?code ?label ?ci ?value WHERE {{
              <{table}> cnb:hasRow ?row . ?row cnb:rowIndex ?ri .
              OPTIONAL {{ ?row rdfs:label ?label }} OPTIONAL {{ ?row cnb:code ?code }}
              OPTIONAL {{ ?cell cnb:row ?row ; cnb:column ?col ; cnb:publishedValue ?value . ?col cnb:columnIndex ?ci }}
            }}"""):
        entry = by_row.setdefault(str(r["row"]), {"row": str(r["row"]), "row_index": int(str(r["ri"])),
                                                   "code": str(r.get("code", "")), "label": str(r.get("label", "")),
                                                   "values": {}})
        if "ci" in r:
            index = int(str(r["ci"]))
            entry["values"][index] = str(r["value"])  # the literal's canonical lexical form, as the graph has it
            grid.columns.setdefault(index, "")
    grid.rows = sorted(by_row.values(), key=lambda e: e["row_index"])
    return grid


def _amount_column(index: int) -> str:
    return f"c{index}"


def table_csv(grid: TableGrid) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["row", "row_index", "code", "label", *(_amount_column(i) for i in sorted(grid.columns))])
    for r in grid.rows:
        writer.writerow([r["row"], r["row_index"], r["code"], r["label"],
                         *(r["values"].get(i, "") for i in sorted(grid.columns))])
    return out.getvalue()


def table_metadata(grid: TableGrid) -> dict[str, Any]:
    """The CSVW metadata of :func:`table_csv`'s file (its ``url`` relative to the metadata's own URL)."""
    name = grid.iri.rsplit("/", 1)[-1]
    scale = f" ({grid.scale})" if grid.scale else ""
    row_about = "{+row}"
    columns: list[dict[str, Any]] = [
        {"name": "row", "titles": {"zh": "行", "en": "row"}, "datatype": "anyURI", "required": True,
         "suppressOutput": True},
        {"name": "row_index", "titles": {"zh": "行号", "en": "row index"}, "datatype": "integer",
         "aboutUrl": row_about, "propertyUrl": str(CNB.rowIndex)},
        {"name": "code", "titles": {"zh": "科目编码", "en": "classification code"}, "datatype": "string",
         "aboutUrl": row_about, "propertyUrl": str(CNB.code)},
        {"name": "label", "titles": {"zh": "项目", "en": "line"}, "datatype": "string", "lang": "zh",
         "aboutUrl": row_about, "propertyUrl": str(RDFS.label)},
    ]
    for index in sorted(grid.columns):
        heading = grid.columns[index] or f"第{index + 1}列"
        columns.append({
            "name": _amount_column(index),
            "titles": {"zh": heading, "en": f"column {index}: amount as printed{scale}"},
            "datatype": "decimal",
            "aboutUrl": row_about + f"/col/{index}",
            "propertyUrl": str(CNB.publishedValue),
        })
    return {
        "@context": [CSVW_CONTEXT, {"@language": "zh"}],
        "@id": metadata_url(grid.iri),
        "url": name + CSV.extension,
        "dc:title": grid.title or grid.label,
        "dc:source": grid.iri,
        "dialect": {"header": True, "encoding": "utf-8", "lineTerminators": ["\r\n", "\n"]},
        "tableSchema": {"columns": columns, "primaryKey": "row", "aboutUrl": row_about},
    }
