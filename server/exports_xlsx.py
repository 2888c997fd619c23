"""One budget table as an Excel workbook (XLSX, written with openpyxl): the rows as the CSV has them, amounts as
numbers in the table's own unit with thousands separators, the printed headings, the title and unit above."""

from __future__ import annotations

import io
import re
from decimal import Decimal, InvalidOperation

from .exports_csvw import TableGrid

XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_EXTENSION = ".xlsx"


def _number(text: str) -> Decimal | str:
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return text


def table_xlsx(grid: TableGrid) -> bytes:
    """The workbook: line 1 the table's label, title and unit; line 3 the headings; then one line per row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = re.sub(r"[\[\]:*?/\\]", "-", grid.label or "table")[:31] or "table"
    unit = f"金额单位：{grid.scale}" if grid.scale else ""
    sheet.append([" ".join(x for x in (grid.label, grid.title) if x), "", unit])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    indexes = sorted(grid.columns)
    sheet.append(["科目编码 code", "项目 line", *(grid.columns[i] or f"第{i + 1}列" for i in indexes), "IRI"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r in grid.rows:
        sheet.append([r["code"], r["label"], *(_number(r["values"][i]) if i in r["values"] else None for i in indexes),
                      r["row"]])
        for cell in sheet[sheet.max_row][2:2 + len(indexes)]:
            if isinstance(cell.value, Decimal):
                places = max(0, -int(cell.value.as_tuple().exponent))  # as printed: 385.31, 1702.15, 12
                cell.number_format = "#,##0" + ("." + "0" * places if places else "")
    sheet.freeze_panes = "C4"
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 36
    for n in range(len(indexes)):
        sheet.column_dimensions[sheet.cell(row=3, column=3 + n).column_letter].width = 16
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
