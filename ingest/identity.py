"""A document's unit and fiscal year where the file itself does not state them (tables published apart from their text).

Beijing publishes its 部门预算 as a narrative file and a 部门预算报表 file whose tables ("预算01表 收支总表") name
neither the unit nor the year; Jiangsu 2017–2019 splits 部门预算 text and 公开表格. What a file states always wins
(:mod:`ingest.extract.pdf_identity`); what it leaves out is taken, in this order, from

1. the options ``--unit NAME`` / ``--year YYYY`` of ``budgetkg ingest|validate|load`` (they never override what the
   file states: a conflicting option is noted on the document and not used);
2. its **companion** in the same batch (the files of one ``ingest``/``validate``/``load`` run): another file of the
   same folder that states its own unit and year and

   a. has the same file name apart from the words that mark a tables file (报表, 公开表, 表格, 附表, 附件N,
      baobiao, biao, tables) and a leading sequence number — the tables file's remaining name parts are all
      parts of the other's name (``12_beijing_gonganju-baobiao_2026_dept-budget.pdf`` →
      ``11_beijing_gonganju_2026_dept-budget.pdf``), or
   b. states the same unit and year as the tables file's own name ("公安局_附件2：北京市公安局2026年度部门预算报表.pdf"
      → the file whose cover says 北京市公安局 2026);

   when several files qualify and disagree, none is used (the message says so);
3. its file name ("2019年江苏省人大常委会办公厅部门预算公开表.pdf" → 江苏省人大常委会办公厅, 2019).

Otherwise reading fails (exit 2) with a message naming exactly what is missing and how to give it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import IngestError
from .extract.pdf_identity import COVER, ORG, Found, _clean
from .model import Phase, Scope

TABLE_MARKS = re.compile(r"附件\s*\d*|附表\s*\d*|报表|公开表格?|表格|(?<![a-z])(?:baobiao|biao|tables?)(?![a-z])",
                         re.IGNORECASE)
SEPARATORS = re.compile(r"[\s_\-—、：:，,【】\[\]·]+")
NAME_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
DOCUMENT_SUFFIXES = (".pdf", ".txt")


@dataclass(frozen=True)
class Identity:
    """A document's identity once complete (:func:`complete`): all of it known."""

    unit: str
    year: int
    phase: Phase
    scope: Scope


@dataclass(frozen=True)
class Given:
    """Identity given from outside the file: options, and the other files of the same batch."""

    unit: str | None = None
    year: int | None = None
    batch: tuple[str, ...] = ()


def name_identity(name: str) -> tuple[str | None, int | None]:
    """Unit and year a file name states ("2019年江苏省人大常委会办公厅部门预算公开表.pdf"); None where it says nothing."""
    stem = Path(name).stem
    text = re.sub(r"\s+", "", TABLE_MARKS.sub(" ", stem))
    for part in [*SEPARATORS.split(TABLE_MARKS.sub(" ", stem)), text]:
        for rx in COVER:
            if (m := rx.search(part)) and (unit := _clean(m.group("unit").strip("_-：: "))):
                return unit, int(m.group("year")) if m.group("year") else _year(stem)
    bare = [u for part in SEPARATORS.split(TABLE_MARKS.sub(" ", stem))
            if re.fullmatch(rf"(?:20\d{{2}}年度?)?[\u4e00-\u9fa5（）]{{2,30}}?{ORG}", part) and (u := _clean(part))]
    if bare:
        return max(bare, key=len), _year(stem)
    return None, _year(stem)


def _year(stem: str) -> int | None:
    years = set(NAME_YEAR.findall(stem))
    return int(years.pop()) if len(years) == 1 else None


def _parts(stem: str) -> set[str]:
    stem = re.sub(r"^\d+(?=[_\-\s])", "", stem)
    return {p.lower() for p in SEPARATORS.split(TABLE_MARKS.sub(" ", stem)) if p}


def name_matches(tables_file: str, other: str) -> bool:
    """Companion rule (a): the tables file's name without its table words is part of the other's name."""
    mine, theirs = _parts(Path(tables_file).stem), _parts(Path(other).stem)
    return bool(mine) and mine <= theirs and TABLE_MARKS.search(Path(tables_file).stem) is not None


Reader = Callable[[str], Found]
"""Reads what a file states about itself, with no outside help; raises :class:`IngestError` when it cannot."""


@lru_cache(maxsize=64)
def _stated(path: str, mtime: float, read: Reader) -> Found | str:
    """The unit and year a file states about itself, or why it cannot be read."""
    try:
        return read(path)
    except IngestError as exc:
        return exc.reason


def companions(path: str, batch: tuple[str, ...], read: Reader) -> list[tuple[str, Found | str]]:
    """The companions of ``path`` in ``batch`` (see the module docstring) with what each states about itself
    (``read`` is the reader's own entry, handed in: this module is below it)."""
    me = Path(path).resolve()
    unit, year = name_identity(me.name)
    out = []
    for other in batch:
        o = Path(other).resolve()
        if o == me or o.parent != me.parent or o.suffix.lower() not in DOCUMENT_SUFFIXES or not o.exists():
            continue
        by_name = name_matches(me.name, o.name)
        if not by_name and unit is None:
            continue
        stated = _stated(str(o), o.stat().st_mtime, read)
        if by_name or (isinstance(stated, Found) and stated.unit == unit and (year is None or stated.year == year)):
            out.append((str(o), stated))
    return out


def complete(found: Found, given: Given | None, name: str, path: str | None,
             read: Reader | None) -> tuple[Identity, list[str]]:
    """Fill the unit and year the file does not state; notes say where each came from. Raises :class:`IngestError`."""
    notes: list[str] = []
    given = given or Given()
    for f, value in (("unit", given.unit), ("year", given.year)):
        if value is None:
            continue
        if getattr(found, f) is None:
            setattr(found, f, value)
            found.where[f] = f"--{f}"
            notes.append(f"{name}: {f} {value} given with --{f} (the file does not state it)")
        elif getattr(found, f) != value:
            notes.append(f"{name}: --{f} {value} not used: the file states {getattr(found, f)} ({found.where.get(f, 'text')})")
    why_not = ""
    if found.missing() and path is not None and given.batch and read is not None:
        found_companions = companions(path, given.batch, read)
        readable = [(p, s) for p, s in found_companions if isinstance(s, Found)]
        agreeing = {(s.unit, s.year) for _, s in readable}
        if len(agreeing) == 1:
            source, stated = readable[0]
            for f in found.missing():
                setattr(found, f, getattr(stated, f))
                found.where[f] = f"companion {Path(source).name}"
            found.phase = found.phase or stated.phase
            found.scope = found.scope or stated.scope
            notes.append(f"{name}: unit and year taken from its companion {Path(source).name} "
                         f"({stated.unit}, {stated.year}); the file itself states only its tables")
        elif len(agreeing) > 1:
            why_not = "Its companions in this batch disagree (" + ", ".join(
                f"{Path(p).name}: {s.unit} {s.year}" for p, s in readable) + "), so none is used."
        elif found_companions:
            why_not = " ".join(f"Its companion {Path(p).name} cannot be read ({s})." for p, s in found_companions)
        elif len(given.batch) > 1:
            why_not = "No other file of this batch is its companion."
    if found.missing():
        unit, year = name_identity(name)
        for f, value in (("unit", unit), ("year", year)):
            if getattr(found, f) is None and value is not None:
                setattr(found, f, value)
                found.where[f] = "file name"
                notes.append(f"{name}: {f} {value} read from the file name (the file does not state it)")
    if found.unit is None or found.year is None:  # found.missing()
        known = [f"its {f} {getattr(found, f)} is from its {found.where[f]}" for f in ("unit", "year")
                 if getattr(found, f) is not None and found.where.get(f) in ("file name", f"--{f}")]
        raise IngestError(name, _missing_message(found.missing(), known, why_not), code="identity-missing")
    found.phase = found.phase or Phase.BUDGET
    found.scope = found.scope or Scope.UNIT
    return Identity(found.unit, found.year, found.phase, found.scope), notes


def _missing_message(missing: list[str], known: list[str], why_not: str) -> str:
    what = {"unit": "its unit (no cover, no 编制单位/部门： line, no unit named in the text)",
            "year": "its fiscal year (no 20xx年 in a title or on the first pages)"}
    head = (f"the file names neither {' nor '.join(what[f] for f in missing)}, and neither does its file name"
            if len(missing) > 1 else f"the file does not name {what[missing[0]]}, and neither does its file name")
    options = " ".join({"unit": "--unit NAME", "year": "--year YYYY"}[f] for f in missing)
    return " ".join([head + ("; " + "; ".join(known) if known else "") + ".", why_not,
                     f"Give {'them' if len(missing) > 1 else 'it'} with {options}, or read the file together with its "
                     "narrative file (its companion: same folder, same name apart from 报表/公开表/附件N …)."]).replace("  ", " ")
