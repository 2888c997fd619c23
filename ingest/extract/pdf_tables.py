"""Assembling PDF table pieces into model tables: titles, labels, scale, continuation, columns, rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Cell, Column, Measure, Provenance, Row, Table, TableRole
from . import column_meaning
from .column_meaning import parse_value
from .pdf_grid import LABEL, Piece, column_parents, compact, header_tree
from .pdf_layout import Line
from .pdf_rows import Entry, confirm_sections, mark_subsets, type_rows
from .row_nesting import adopt_orphans, adopt_section_rows, flatten_unit_lists, renest
from .tables import role_of_title, scale_of_header

OUTLINE = re.compile(r"^[一二三四五六七八九十]+[、.．]\s*")
TITLE = re.compile(r"^(?!注|附件|单位|编制).{2,60}?表(?:（[^）]*）|\([^)]*\))?$")
SCALE_IN_HEADER = re.compile(r"[（(]\s*(?:单位[:：]\s*)?(万元|元)\s*[)）]")
TWO_SIDED = {TableRole.SUMMARY, TableRole.FISCAL_SUMMARY}
TOTAL_LEAF = re.compile(r"合计|总计|小计")
NOTE_ROW = re.compile(r"^[（(]?(?:备注|注)[:：]")


def role_of(title: str) -> TableRole:
    """Role from the title (the shared keyword rules of :mod:`ingest.extract.tables`)."""
    return role_of_title(compact(title))


def title_of(lines: list[Line]) -> tuple[str | None, str | None, Line | None]:
    """(label, title, title line) among the lines printed above a table."""
    label = title = None
    where = None
    lines = _join_wrapped_titles(lines)
    for ln in lines:
        t = ln.text.strip()
        c = compact(t)
        m = LABEL.match(c)
        if m:
            rest = c[m.end():].lstrip("：:、.．")
            label = re.sub(r"\s+", "", t[: len(t)])[: m.end()] if not rest else c[: m.end()]
            if rest and TITLE.match(rest):
                title, where = rest, ln
            continue
        bare = OUTLINE.sub("", c)  # "一、2018年度…收支预算总表": numbered like a heading, printed as a title
        if TITLE.match(bare) and not re.search(r"[。；，]", bare) and not bare.startswith(("第", "附件")):
            title, where = (t.strip() if bare == c else bare), ln
    if label is not None:
        label = re.sub(r"\s+", "", label)
    return label, title, where


def _join_wrapped_titles(lines: list[Line]) -> list[Line]:
    """A long title wrapped over two lines ("…支出明细表（按支出功能分类科" / "目-不含上年结转）", or "…绩" /
    "效目标表") is one line: joined where neither part is a title but the two together are."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if i + 1 < len(lines):
            nxt = lines[i + 1]
            a, b = OUTLINE.sub("", compact(ln.text)), compact(nxt.text)
            a = LABEL.sub("", a).lstrip("：:、.．")
            joined = a + b
            close = 0 <= nxt.top - ln.bottom < 2 * (ln.bottom - ln.top) + 2
            broken = (a and not TITLE.match(a) and (not TITLE.match(b) or len(a) >= 8) and TITLE.match(joined)
                      and a[-1:] not in ("表", "：", ":") and not re.match(r"^(第.{1,3}部分|目录|单位|编制单位)", a)
                      and len(a) >= 4)
            # "…支出明细表" / "（按支出功能分类科目－不含上年结转）": the title's parenthesis on its own line
            tail = (TITLE.match(a) and a.endswith("表") and re.fullmatch(r"[（(][^（）()]{2,40}[)）]", b)
                    and not re.fullmatch(r"[（(]\d{4}年度?[)）]", b))  # "(2026年度)" is an edition, not the title
            if close and (broken or tail) and not re.search(r"[。；，]", joined):
                out.append(Line(ln.text.rstrip() + nxt.text.strip(), ln.page, min(ln.x0, nxt.x0), ln.top,
                                max(ln.x1, nxt.x1), nxt.bottom))
                i += 2
                continue
        out.append(ln)
        i += 1
    return out


def _split_columns(piece: Piece, cols: list) -> dict[int, int]:
    """Grid columns that are one printed column split by uneven rulings: a headless amount column beside a
    headed one, never both filled in one row (the class rows' amounts in one, the items' in the other)."""
    alias: dict[int, int] = {}
    g = piece.grid

    def filled(r: int, c: int) -> bool:
        cell = g.at(r, c)
        return cell is not None and cell.r0 == r and cell.c0 == c and bool(cell.text.strip())

    for i, c in enumerate(cols):
        if c.path:
            continue
        for j in (i + 1, i - 1):
            if not 0 <= j < len(cols) or not cols[j].path or abs(cols[j].grid_col - c.grid_col) != 1:
                continue
            n = cols[j]
            rows = list(piece.data_rows())
            if any(filled(r, c.grid_col) for r in rows) and not any(
                    filled(r, c.grid_col) and filled(r, n.grid_col) for r in rows):
                alias[c.grid_col] = n.grid_col
                break
    return alias


def _filled(piece: Piece, col: int) -> bool:
    """Whether any data row of the piece prints something in the grid column."""
    g = piece.grid
    return any((cell := g.at(r, col)) is not None and cell.c0 == col and cell.text.strip() for r in piece.data_rows())


@dataclass
class Builder:
    """Collects the pieces of one table across pages."""

    label: str | None
    title: str | None
    pages: list[int]
    first: Piece
    meta_lines: list[str]
    unit_name: str = ""
    pieces: list[Piece] = field(default_factory=list)
    note: str | None = None
    columns: list[Column] = field(default_factory=list)
    # per first-piece grid column: (table column index | None)
    colmap: dict[int, int] = field(default_factory=dict)
    block_sides: dict[int, str | None] = field(default_factory=dict)
    panel_of: dict[int, int] = field(default_factory=dict)  # block → first block of the list it continues
    title_line: Line | None = None

    @property
    def role(self) -> TableRole:
        return role_of(self.title) if self.title else TableRole.OTHER

    def setup_columns(self) -> None:
        p = self.first
        blocks = sorted({c.block for c in p.cols})
        amount_by_block = {b: [c for c in p.cols if c.block == b and c.kind == "amount"] for b in blocks}
        blocks = [b for b in blocks if amount_by_block[b]] or blocks[:1]
        sides: dict[int, str | None] = {b: None for b in blocks}
        if len(blocks) >= 2:
            for b in blocks:
                heads = "".join(c.path[0] for c in p.cols if c.block == b and c.path)
                sides[b] = "income" if "收入" in heads and "支出" not in heads else (
                    "expenditure" if "支出" in heads else None)
            if self.role in TWO_SIDED and not all(sides.values()):
                sides = {b: ("income" if i == 0 else "expenditure") for i, b in enumerate(blocks)}
        # a block whose amount columns print the same headers as an earlier one continues it (a long list printed
        # in two halves); blocks under different headers (人员经费 | 公用经费, 收入 | 支出) are separate columns
        first_of: dict[tuple, int] = {}
        for b in blocks:
            first_of.setdefault(tuple(c.path for c in amount_by_block[b]), b)
        same = {b: first_of[tuple(c.path for c in amount_by_block[b])] for b in blocks}
        merged = len(blocks) >= 2 and any(same[b] != b for b in blocks) and not any(sides.values())
        self.block_sides = {b: (None if merged else sides.get(b)) for b in sorted({c.block for c in p.cols})}
        self.panel_of = {b: same[b] for b in blocks} if merged else {}
        for b in blocks:
            cols = amount_by_block[b]
            if merged and same[b] != b:
                for c, base in zip(cols, amount_by_block[same[b]], strict=True):
                    self.colmap[c.grid_col] = self.colmap[base.grid_col]
                continue
            alias = _split_columns(p, cols)
            prev = None
            for c in cols:
                if c.grid_col in alias:
                    continue
                if prev is not None and c.head is not None and c.head == prev.head and c.grid_col == prev.grid_col + 1:
                    self.colmap[c.grid_col] = self.colmap[prev.grid_col]  # one header cell over several columns
                    prev = c
                    continue
                self.colmap[c.grid_col] = len(self.columns)
                column = Column(len(self.columns), c.path or (f"列{len(self.columns) + 1}",),
                                side=self.block_sides.get(b),
                                measure=Measure.SHARE_PERCENT if c.percent else Measure.AMOUNT)
                column_meaning.apply(column, None, None)
                self.columns.append(column)
                prev = c
            for grid_col, target in alias.items():
                self.colmap[grid_col] = self.colmap[target]
            parents = column_parents(header_tree(p, [c.grid_col for c in cols]))
            for child, parent in parents.items():
                if child in self.colmap and parent in self.colmap and self.colmap[child] != self.colmap[parent]:
                    self.columns[self.colmap[child]].parent = self.colmap[parent]

    def continues_beside(self, piece: Piece) -> bool:
        """Whether a continuation page prints the table's further columns for the same rows (a wide table cut at
        the page's right edge: the title again, then only amount columns under headers the first page does not
        print) rather than its further rows."""
        def keyed(p: Piece) -> bool:
            return any(c.kind in ("label", "code", "unit", "unitcode") for c in p.cols)

        amounts = [c for c in piece.cols if c.kind == "amount" and c.path and _filled(piece, c.grid_col)]
        seen = {c.path for c in self.first.cols if c.kind == "amount" and _filled(self.first, c.grid_col)}
        return (piece.has_header and bool(amounts) and not keyed(piece) and not keyed(self.first)
                and not any(c.path in seen for c in amounts))

    def add_beside(self, piece: Piece) -> None:
        """Take a page of further columns (:meth:`continues_beside`): new columns, linked to their header's total
        or, where their group began on the page before (本年收入 … | 其他收入), to that group's 小计."""
        piece.beside = True
        piece.colmap = {}
        cols = [c for c in piece.cols if c.kind == "amount" and c.path and (_filled(piece, c.grid_col) or not any(
            o.path[:len(c.path)] == c.path and len(o.path) > len(c.path) for o in piece.cols))]  # not a group's sliver
        start = len(self.columns)
        for c in cols:
            column = Column(len(self.columns), c.path, measure=Measure.SHARE_PERCENT if c.percent else Measure.AMOUNT)
            column_meaning.apply(column, None, None)
            piece.colmap[c.grid_col] = column.index
            self.columns.append(column)
        for child, parent in column_parents(header_tree(piece, [c.grid_col for c in cols])).items():
            if piece.colmap[child] != piece.colmap[parent]:
                self.columns[piece.colmap[child]].parent = piece.colmap[parent]
        top = next((c for c in self.columns[:start] if len(c.path) == 1 and c.parent is None
                    and TOTAL_LEAF.fullmatch(c.path[0])), None)
        for column in self.columns[start:]:
            if column.parent is not None:
                continue
            group = next((c for c in self.columns[:start] if len(c.path) == 2 and c.path[0] == column.path[0]
                          and TOTAL_LEAF.fullmatch(c.path[1])), None)
            if group is not None and len(column.path) == 2:
                column.parent = group.index
            elif top is not None and TOTAL_LEAF.fullmatch(column.path[-1]):
                column.parent = top.index

    def align(self, piece: Piece) -> None:
        """Give a continuation piece the first piece's column kinds, blocks and paths."""
        if piece is self.first or piece.beside:
            return
        base = self.first.cols
        same_header = piece.has_header and [c.path for c in piece.cols] == [c.path for c in base]
        for col in piece.cols:
            if same_header:
                ref = base[col.grid_col]
            else:
                ref = max(base, key=lambda b: min(b.x1, col.x1) - max(b.x0, col.x0))
                if min(ref.x1, col.x1) - max(ref.x0, col.x0) <= 0:
                    col.kind = "none"
                    continue
            col.kind, col.block, col.path, col.ref = ref.kind, ref.block, ref.path, ref.grid_col

    def entries(self, piece: Piece) -> list[Entry]:
        out: list[Entry] = []
        by_block: dict[int, list] = {}
        for col in piece.cols:
            by_block.setdefault(col.block, []).append(col)
        for r in piece.data_rows():
            row_entries: list[Entry] = []
            for b, cols in sorted(by_block.items()):
                e = self._entry(piece, r, b, cols)
                if e is not None:
                    row_entries.append(e)
            for i in range(1, len(row_entries)):  # a label cell spanning into the next block
                a, e = row_entries[i - 1], row_entries[i]
                if a.label and not a.amounts and not e.label and not any(e.codes) and e.amounts:
                    e.label, e.label_bbox, a.label = a.label, a.label_bbox, ""
            for e in row_entries:
                if not (e.label or e.codes and any(e.codes) or e.amounts or e.unit):
                    if e.texts and out:
                        for k, v in e.texts.items():
                            out[-1].texts[k] = out[-1].texts.get(k, "") + v
                    continue
                out.append(e)
        return out

    def _entry(self, piece: Piece, r: int, block: int, cols: list) -> Entry | None:
        g = piece.grid
        codes: list[str] = []
        label_parts: list[str] = []
        label_bbox = None
        indent = None
        unit = unit_code = None
        group = None
        group_starts = False
        texts: dict[str, str] = {}
        amounts = []
        label_run_done = False
        code_run_done = False
        label_cols = 0
        has_unit_header = False
        line = None
        for col in cols:
            cell = g.at(r, col.grid_col)
            # the cell that starts here: only its text is read (``own`` is set whenever ``text`` is)
            own = cell if cell is not None and cell.r0 == r and cell.c0 == col.grid_col else None
            text = own.flat if own is not None else ""
            if col.kind == "code" and own is not None and text and not re.fullmatch(r"[\d\s\[\]【】]+", text):
                if not label_parts:  # a 合计 cell spanning the code columns
                    label_parts.append(text)
                    label_bbox = own.bbox
                continue
            if col.kind == "code":
                if not code_run_done:
                    codes.append(text)
                if label_parts:
                    code_run_done = True
            elif col.kind == "label":
                if label_run_done:
                    if text:
                        texts[col.path[-1] if col.path else "text"] = text
                    continue
                label_cols += 1
                if any("单位" in p for p in col.path):
                    has_unit_header = True
                if label_cols == 1 and cell is not None and (cell.r1 - cell.r0 > 1 or cell.r0 != r):
                    group = cell.flat
                    group_starts = cell.r0 == r
                if own is not None and text:
                    if not label_parts:
                        indent = own.indent
                    label_parts.append(text)
                    label_bbox = label_bbox or own.bbox
                if codes and any(codes):
                    code_run_done = True
            elif col.kind == "unit":
                if own is not None and text:
                    unit = text
                    if not label_parts and indent is None:
                        indent = own.indent
            elif col.kind == "unitcode":
                if own is not None and text and not re.fullmatch(r"[\d\s]+", text) and not label_parts:
                    label_parts.append(text)  # a 合计 cell spanning the unit-code column
                    label_bbox = own.bbox
                else:
                    unit_code = compact(text) or None
            elif col.kind == "line":
                line = line or compact(text) or None
            elif col.kind == "text":
                if text:
                    texts[col.path[-1]] = text
            elif col.kind == "amount":
                if label_parts or codes:
                    label_run_done = True
                if own is not None and text and col.grid_col in self._map_for(piece):
                    amounts.append((self._map_for(piece)[col.grid_col], text, own.bbox))
            if col.kind != "label" and label_parts:
                label_run_done = True
        if label_cols != 2:
            group = None
        label = "".join(label_parts) if len(label_parts) <= 2 else label_parts[0]
        return Entry(block, g.page, label, label_bbox, codes, unit, unit_code, group, group_starts, texts,
                     amounts, has_unit_header, line, indent)

    def _map_for(self, piece: Piece) -> dict[int, int]:
        if piece is self.first:
            return self.colmap
        if piece.colmap is None:
            piece.colmap = {col.grid_col: self.colmap[col.ref] for col in piece.cols
                            if col.kind == "amount" and col.ref is not None and col.ref in self.colmap}
        return piece.colmap

    def build(self, label: str, scale: tuple[Decimal, str]) -> Table:
        table = Table(label=label, title=self.title or label, role=self.role, scale=scale[0],
                      scale_label=scale[1], columns=self.columns, note=self.note,
                      pages=tuple(dict.fromkeys(self.pages)))
        src = self.title_line
        table.source = Provenance(text=self.title or label, page=self.pages[0], table=label,
                                  bbox=src.bbox if src else self.first.grid.bbox)
        entries: list[Entry] = []
        for piece in self.pieces:
            if piece.beside:  # further columns of the rows read so far, row by row
                rows = [e for e in entries if e.amounts]
                for e, more in zip(rows[-len(rows):], self.entries(piece), strict=False):
                    e.amounts.extend(more.amounts)
                continue
            entries.extend(self.entries(piece))
        for e in [e for e in entries if NOTE_ROW.match(compact(e.label or "")) and not e.amounts]:
            entries.remove(e)  # a note printed in the grid's last row (注：项目类别指 …) is the table's note
            table.note = f"{table.note}{e.label}" if table.note else e.label
        # panels that print one list in parts (人员经费 | 公用经费 | 公用经费 continued) are read panel by panel, each
        # panel down all its pages: a total at a panel's foot closes the rows since the last total
        blocks = sorted({self.panel_of.get(e.block, e.block) for e in entries})
        for b in blocks:
            block_entries = sorted((e for e in entries if self.panel_of.get(e.block, e.block) == b), key=lambda e: e.block)
            typed = type_rows(block_entries, len(table.rows), self.block_sides.get(b), self.unit_name)
            for row, e in typed:
                row.source = Provenance(text=e.label or row.label, page=e.page, table=label, row=row.index,
                                        bbox=e.label_bbox)
                row.line_number = e.line
                for col, text, bbox in e.amounts:
                    value = parse_value(text, table.columns[col].measure)
                    if value is None:
                        continue
                    row.cells.append(Cell(col, value, Provenance(text=text, page=e.page, table=label,
                                                                 row=row.index, column=col, bbox=bbox)))
                row.cells.sort(key=lambda c: c.column)
                if not row.label:
                    row.label = _fallback_label(table, row)
                    if len(block_entries) == 1:
                        row.kind = "total"  # the only row of a horizontal table holds its totals
                table.rows.append(row)
            amounts = [c.index for c in table.columns if c.measure is Measure.AMOUNT]
            mark_subsets([r for r, _ in typed], amounts)
            confirm_sections(typed, amounts, self.unit_name)
            flatten_unit_lists([r for r, _ in typed])
            renest([r for r, _ in typed], amounts)
            adopt_orphans([r for r, _ in typed], amounts)
            adopt_section_rows([r for r, _ in typed], amounts)
        return table


def _fallback_label(table: Table, row: Row) -> str:
    """A single unlabelled data row (e.g. a horizontal 三公 table) is the table's own figures."""
    return re.sub(r"^\d{4}\s*年", "", compact(table.title)) or table.label


def header_scale(piece: Piece, meta: list[str]) -> tuple[Decimal, str] | None:
    for text in meta:
        found = scale_of_header(text)
        if found:
            return found
    for cell in piece.header:
        m = SCALE_IN_HEADER.search(cell.flat)
        if m:
            return {"万元": (Decimal(10000), "万元"), "元": (Decimal(1), "元")}[m.group(1)]
    return None


def goal_rows(table: Table, builder: Builder) -> list[tuple[Row, str, str | None]]:
    """(row, goal text, unit) for rows carrying a 绩效目标 text column."""
    out: list[tuple[Row, str, str | None]] = []
    entries = [e for p in builder.pieces for e in builder.entries(p)]
    if not any(any("绩效目标" in k for k in e.texts) for e in entries):
        return out
    by_index = {r.index: r for r in table.rows}
    for row, e in zip(table.rows, entries, strict=False):
        text = next((v for k, v in e.texts.items() if "绩效目标" in k), "")
        if text and row.kind not in ("total", "section"):
            up = by_index.get(row.parent) if row.parent is not None else None
            unit = e.unit or (up.label if up is not None and up.kind == "section" else None)
            out.append((row, text, unit))
    return out
