"""Reader for the plain-text extraction of a disclosure (the format of the bundled sample).

The text keeps the printed order of the PDF: 第一部分 概况, 第二部分 the 公开表 tables, 第三部分 情况说明
and 名词解释. Every record keeps the 1-based line it was read from.
"""

from __future__ import annotations

import hashlib
import re

from ..errors import IngestError
from ..iri import region_of
from ..model import Document, Phase, Provenance, Scope, Table, TableRole
from ..verification import verify
from .column_meaning import type_columns
from .narrative import parse_narrative
from .performance import read_performance
from .tables import compact, role_of_title, scale_of_header
from .text_tables import TableReader, resolve_ambiguous

Line = tuple[int, str]
TABLE_START = re.compile(r"^\s*(公开表|表)\s*(\d+(?:-\d+)?)\s*$")
UNIT_LINE = re.compile(r"单位\s*[:：]\s*(?P<unit>\S.*?)\s+金额单位")
YEAR = re.compile(r"(?P<year>20\d{2})\s*年\s*度?\s*(?P<scope>单位|部门)?\s*(?P<phase>预算|决算)")
PART = re.compile(r"^ *第([一二三四五])部分")
DECLARED = re.compile(r"（公开表(\d+(?:-\d+)?)）")


def read_text(data: bytes, name: str) -> Document:
    """Parse the text extraction of a disclosure into a :class:`Document`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3:  # cut inside the last character: read what is there
            return read_text(data[: exc.start], name)
        raise IngestError(name, f"not UTF-8 text (byte {exc.start}); expected a PDF or its text extraction",
                          code="not-utf8") from exc
    lines = [(i + 1, raw.rstrip("\r")) for i, raw in enumerate(text.split("\n"))]
    return _TextReader(name, data, lines).read()


class _TextReader:
    def __init__(self, name: str, data: bytes, lines: list[Line]):
        self.name = name
        self.data = data
        self.lines = lines
        self.last = max((n for n, t in lines if t.strip()), default=1)
        self.notices: list[str] = []

    def fail(self, reason: str, line: int | None = None, *, code: str) -> IngestError:
        return IngestError(self.name, reason, code=code, line=line if line is not None else self.last)

    def read(self) -> Document:
        unit, year, phase, scope = self._identity()
        starts = [i for i, (_, t) in enumerate(self.lines) if TABLE_START.match(t)]
        parts: dict[str, int] = {}
        for i, (_, t) in enumerate(self.lines):
            if not t.startswith("\t") and (m := PART.match(t)):
                parts.setdefault(m.group(1), i)
        body_lines = [i for i, (_, t) in enumerate(self.lines) if t.strip() and not t.startswith("\t")]
        end_of_body = body_lines[-1] + 1 if body_lines else len(self.lines)
        narrative_start = parts.get("三", end_of_body)
        doc = Document(
            source_name=self.name, sha256=hashlib.sha256(self.data).hexdigest(), media_type="text/plain",
            unit_name=unit, year=year, phase=phase, scope=scope, region=region_of(unit),
            title=f"{unit}{year}年{scope.value}{phase.value}",
        )
        for k, start in enumerate(starts):
            stop = starts[k + 1] if k + 1 < len(starts) else narrative_start
            if stop <= start:
                stop = end_of_body
            self._read_table(doc, start, stop)
        resolve_ambiguous(doc.tables, self.notices)
        _adopt_sub_item_codes(doc.tables)
        type_columns(doc)
        doc.unit_code = next((r.unit_code for t in doc.tables for r in t.rows if r.unit_code), None)
        self._check_complete(doc, starts, parts)
        self._read_narrative(doc, parts, narrative_start, end_of_body)
        if doc.sections:
            self._check_ending(end_of_body)
        if not doc.tables:
            doc.notices.append(f"{self.name}: no budget tables found; the file holds narrative only (tables may be a separate file)")
        doc.notices.extend(self.notices)
        verify(doc)
        return doc

    def _identity(self) -> tuple[str, int, Phase, Scope]:
        unit = year_match = None
        for _, t in self.lines:
            if unit is None and (m := UNIT_LINE.search(t)):
                unit = compact(m.group("unit"))
            if year_match is None and (m := YEAR.search(t)):
                year_match = m
            if unit and year_match:
                break
        if year_match is None:
            raise self.fail("not a budget disclosure: no '<year>年…预算/决算' title found", code="not-a-disclosure")
        if unit is None:
            raise self.fail("not a budget disclosure: no '单位：… 金额单位：…' table header found",
                            code="not-a-disclosure")
        head = compact("".join(t for _, t in self.lines[:200]))
        scope_word = year_match.group("scope") or ("部门" if "部门预算" in head or "部门决算" in head else "单位")
        return unit, int(year_match.group("year")), Phase(year_match.group("phase")), Scope(scope_word)

    def _read_table(self, doc: Document, start: int, stop: int) -> None:
        n0, label_line = self.lines[start]
        m = TABLE_START.match(label_line)
        assert m
        label = f"{m.group(1)}{m.group(2)}"
        block = self.lines[start + 1:stop]
        title_parts: list[str] = []
        scale = None
        body_from = 0
        header: tuple[str, ...] = ()
        for i, (_n, t) in enumerate(block):
            found = scale_of_header(t)
            if found:
                scale = found
                body_from = i + 1
                header = (t.strip(),) if UNIT_LINE.search(t) else ()  # "单位：… 金额单位：万元" names the table's unit
                break
            if t.strip() and not title_parts:
                title_parts.append(t.strip())
        title = compact(title_parts[0]) if title_parts else label
        role = role_of_title(title)
        body = block[body_from:]
        if scale is None:
            raise self.fail(f"{label} ({title}): no money unit (金额单位) stated in its header", n0,
                                code="table-unreadable")
        table = Table(label=label, title=title, role=role, scale=scale[0], scale_label=scale[1],
                      source=Provenance(text=title, line=n0, table=label), header=header)
        if role == TableRole.PERFORMANCE:
            try:
                doc.goals.extend(read_performance(table, body, doc.unit_name, self.notices))
            except ValueError as exc:
                line = int(m2.group(1)) if (m2 := re.search(r"line (\d+)", str(exc))) else None
                raise self.fail(f"{label} ({title}): {exc}", line, code="table-unreadable") from exc
        else:
            TableReader(table, body, self.notices).read()
            if not table.is_empty and table.total_row() is None and role not in (TableRole.SUMMARY, TableRole.FISCAL_SUMMARY):
                last = body[-1][0] if body else n0
                raise self.fail(f"{label} ({title}): no 合计 row — the table looks cut off", last,
                                    code="truncated-text")
            if table.is_empty and table.note is None and not table.rows:
                raise self.fail(f"{label} ({title}): table has no rows — the text looks cut off", n0,
                                    code="truncated-text")
        doc.tables.append(table)

    def _check_complete(self, doc: Document, starts: list[int], parts: dict[str, int]) -> None:
        if not starts:
            return
        toc = compact("".join(t for _, t in self.lines[: starts[0]]))
        declared = {f"公开表{x}" for x in DECLARED.findall(toc)}
        found = {t.label for t in doc.tables}
        missing = sorted(declared - found)
        if missing:
            raise self.fail(f"truncated: {', '.join(missing)} listed in the contents but not found",
                            code="truncated-text")
        summary = doc.table(TableRole.SUMMARY)
        if summary is not None and not any(r.kind == "total" for r in summary.rows):
            raise self.fail(f"{summary.label}: no 总计 row — the text looks cut off", code="truncated-text")
        if "一" in parts and "二" in parts and "三" not in parts:
            raise self.fail("truncated: 第三部分 (情况说明) missing after the tables", code="truncated-text")

    def _check_ending(self, end: int) -> None:
        """A narrative must end on a finished sentence or a page number, not mid-sentence."""
        last = next(((n, t.strip()) for n, t in reversed(self.lines[:end]) if t.strip()), None)
        if last and not re.search(r"([。；！？”）)]|^-\s*\d+\s*-)$", last[1]):
            raise self.fail(f"text ends mid-sentence ('…{last[1][-12:]}') — the file looks truncated", last[0],
                            code="truncated-text")

    def _read_narrative(self, doc: Document, parts: dict[str, int], narrative_start: int, end: int) -> None:
        def refs(a: int, b: int) -> list[tuple[str, Provenance]]:
            return [(t, Provenance(text=t.strip(), line=n)) for n, t in self.lines[a:b] if t.strip()]

        chunks: list[tuple[str, list]] = []
        if "一" in parts:
            stop = parts.get("二", narrative_start)
            chunks.append(("overview", refs(parts["一"] + 1, stop)))
        if narrative_start < end:
            glossary_at = next(
                (i for i in range(narrative_start, end)
                 if re.match(r"^\s*[一二三四五六七八九十]+、[^：]{1,40}：\s*指", self.lines[i][1])),
                end,
            )
            chunks.append(("explanation", refs(narrative_start + 1, glossary_at)))
            if glossary_at < end:
                chunks.append(("glossary", refs(glossary_at, end)))
        doc.sections, doc.claims, doc.terms = parse_narrative(chunks)


def _adopt_sub_item_codes(tables: list[Table]) -> None:
    """Sub-items printed under their parent's code take the 7-digit code another table prints."""
    known: dict[tuple[str, str], str] = {}
    for t in tables:
        for r in t.rows:
            if r.code and len(r.code) == 7 and r.code_system == "economic":
                known[(r.code[:5], r.label)] = r.code
    for t in tables:
        by_index = {r.index: r for r in t.rows}
        for r in t.rows:
            if r.code is None and r.code_system == "economic" and r.parent is not None:
                parent = by_index.get(r.parent)
                if parent and parent.code and (parent.code, r.label) in known:
                    r.code = known[(parent.code, r.label)]
