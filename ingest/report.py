"""The validation report: typed findings, notices and errors of one file, and one JSON shape for one file or many.

``envelope(reports)`` is the JSON of every validation, from the CLI (``budgetkg validate --format json``), the
library and ``POST /validate``::

    {"valid": false,
     "stats": {"files": 1, "valid": 0, "unreadable": 0, "Violation": 10, "Warning": 0, "Info": 3, "withheld": 0,
               "holds": 300, "fails": 10, "undetermined": 0},
     "reports": [{"source": "sample.txt", "document": "http://…/id/doc/…", "valid": false,
                  "counts": {"Violation": 10, "Warning": 0, "Info": 3}, "withheld": 0,
                  "outcomes": {"row-sum": {"holds": 41, "fails": 0, "undetermined": 0, "reasons": {}}, …},
                  "errors": [], "notices": [{"code": "…", "title": "…", "message": "…"}],
                  "findings": [{"code": "claim-amount", "title": "…", "shape": "https://w3id.org/cn-budget/shapes#…",
                                "severity": "Violation", "message_zh": "…", "message_en": "…", "focus": "…",
                                "sides": [{"node": "…", "kind": "cell", "table": "…", "row": "…", "page": 3, …}]}]}]}

Every check that runs ends in one of three outcomes (issue 14): it holds, it fails, or it cannot be determined — the
table it needs is missing, its reading is unverified, a share's base is zero. ``outcomes`` counts them per check
(the shape's code; :class:`Outcome`), ``stats`` over all checks and files; what a check examines is its scope
(shapes/outcomes/scopes.ttl, counted in :mod:`ingest.validate`).

Problem codes and titles: :mod:`ingest.problems` (errors, notices) and the shapes (findings).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from rdflib import Graph

from .errors import IngestError
from .problems import Problem

SEVERITIES = {"violation": 3, "warning": 2, "info": 1}
# why a comparison cannot be determined (shapes/outcomes/scopes.ttl): code → (Chinese, English)
REASONS = {
    "unverified-reading": ("表格读取未核实", "table reading unverified"),
    "missing-table": ("缺少所需的表", "a table it needs is missing"),
    "zero-base": ("基数为零", "zero base"),
    "blank-cell": ("所需单元格未印数", "the cell it needs is blank"),
    "no-change-stated": ("未列增减额或上年数，增幅无从核算", "neither the change nor the year before is stated"),
    # across documents (ingest/crossdoc.py, shapes/crossdoc/)
    "missing-document": ("所需的另一文件未载入", "the other document it needs is not loaded"),
    "several-tables": ("另一文件有多张同类表", "the other document has several tables of that kind"),
    "no-counterpart": ("另一文件无对应单元格", "the other document has no matching cell"),
    "units-missing": ("部门所属单位未全部载入", "not all the department's units are loaded"),
    "budget-phase-unclear": ("决算的预算数未注明是年初还是全年预算", "the final account's 预算数 may be the full-year budget"),
}
OUTCOMES = ("holds", "fails", "undetermined")


@dataclass(frozen=True)
class Outcome:
    """How one check ended on one document: comparisons that hold, that fail, and that cannot be determined
    (``reasons``: reason code → how many)."""

    holds: int = 0
    fails: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def undetermined(self) -> int:
        return sum(self.reasons.values())

    def to_dict(self) -> dict[str, Any]:
        return {"holds": self.holds, "fails": self.fails, "undetermined": self.undetermined,
                "reasons": dict(sorted(self.reasons.items()))}


@dataclass(frozen=True)
class Side:
    """One side of a comparison: the cell, stated number or record the rule looked at."""

    node: str
    kind: str  # cell | claim | row | indicator | goal | table | section | document | other
    value: str | None = None  # as printed, with its unit
    table: str | None = None
    row: str | None = None
    column: str | None = None
    page: int | None = None
    line: int | None = None
    verbatim: str | None = None  # the printed text (cell text or sentence)


@dataclass
class Finding:
    """One SHACL validation result in terms a budget reviewer reads; ``rule`` is its problem code (the shape's
    local name), ``title`` the shape's English label."""

    rule: str
    severity: str  # Violation | Warning | Info
    message_zh: str
    message_en: str
    focus: str
    sides: list[Side] = field(default_factory=list)
    shape: str = ""  # the shape's IRI
    title: str = ""

    def message(self, lang: str = "zh") -> str:
        return (self.message_zh if lang == "zh" else self.message_en) or self.message_en or self.message_zh

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.rule, "title": self.title, "shape": self.shape, "severity": self.severity,
                "message_zh": self.message_zh, "message_en": self.message_en, "focus": self.focus,
                "sides": [asdict(s) for s in self.sides]}


@dataclass
class Report:
    """The outcome of validating one file: SHACL findings, reading notices, or the error that stopped reading."""

    conforms: bool
    findings: list[Finding]
    results_graph: Graph
    source: str = ""
    lang: str = "zh"
    withheld: int = 0  # findings on tables whose reading is unverified, not reported
    document: str | None = None  # the document IRI
    notices: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)  # reading stopped: no findings
    outcomes: dict[str, Outcome] = field(default_factory=dict)  # check code → holds / fails / undetermined

    @classmethod
    def unreadable(cls, error: IngestError, lang: str = "zh") -> Report:
        """The report of a file that could not be read."""
        return cls(False, [], Graph(), error.source, lang, errors=[error.problem()])

    @property
    def valid(self) -> bool:
        return self.conforms and not self.errors

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    def counts(self) -> dict[str, int]:
        out = {"Violation": 0, "Warning": 0, "Info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def outcome_totals(self) -> dict[str, int]:
        """Holds, fails and undetermined over all checks."""
        return {"holds": sum(o.holds for o in self.outcomes.values()),
                "fails": sum(o.fails for o in self.outcomes.values()),
                "undetermined": sum(o.undetermined for o in self.outcomes.values())}

    def _outcome_lines(self, zh: bool) -> list[str]:
        if not self.outcomes:
            return []
        t = self.outcome_totals()
        lines = [f"检查：成立 {t['holds']}，不成立 {t['fails']}，无法判定 {t['undetermined']}" if zh else
                 f"Checks: {t['holds']} hold, {t['fails']} fail, {t['undetermined']} cannot be determined"]
        for code, o in sorted(self.outcomes.items()):
            if o.undetermined:
                why = ("，" if zh else ", ").join(
                    f"{REASONS.get(r, (r, r))[0 if zh else 1]} {n}" for r, n in sorted(o.reasons.items()))
                lines.append(f"  {code}：无法判定 {o.undetermined}（{why}）" if zh else
                             f"  {code}: {o.undetermined} cannot be determined ({why})")
        return lines

    def text(self, lang: str | None = None) -> str:
        """A plain-text report grouped by rule, for a person who knows budgets (not RDF)."""
        lang = lang or self.lang
        zh = lang == "zh"
        c = self.counts()
        head = (f"{self.source}：{'通过' if self.conforms else '未通过'} — 错误 {c['Violation']}，警告 {c['Warning']}，"
                f"提示 {c['Info']}" if zh else
                f"{self.source}: {'conforms' if self.conforms else 'does not conform'} — {c['Violation']} violation(s), "
                f"{c['Warning']} warning(s), {c['Info']} info")
        lines = [head, *self._outcome_lines(zh)]
        by_rule: dict[str, list[Finding]] = {}
        for f in sorted(self.findings, key=lambda f: (-SEVERITIES[f.severity.lower()], f.rule)):
            by_rule.setdefault(f.rule, []).append(f)
        names = {"Violation": "错误", "Warning": "警告", "Info": "提示"}
        for rule, items in by_rule.items():
            sev = items[0].severity
            lines.append("")
            lines.append(f"[{names[sev] if zh else sev}] {rule} ({len(items)})")
            for f in items:
                lines.append(f"  - {f.message(lang)}")
                for s in f.sides:
                    where = _where(s, zh)
                    if where:
                        lines.append(f"      {where}")
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "document": self.document, "valid": self.valid, "counts": self.counts(),
                "withheld": self.withheld, "outcomes": {k: o.to_dict() for k, o in sorted(self.outcomes.items())},
                "errors": [p.to_dict() for p in self.errors],
                "notices": [p.to_dict() for p in self.notices], "findings": [f.to_dict() for f in self.findings]}

    def json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def turtle(self) -> str:
        """The SHACL validation report graph (sh:ValidationReport) in Turtle."""
        return self.results_graph.serialize(format="turtle")


def envelope(reports: Iterable[Report]) -> dict[str, Any]:
    """The JSON of one validation run, one file or many: ``valid``, ``stats`` and one ``Report.to_dict()`` each."""
    items = list(reports)
    stats = {"files": len(items), "valid": sum(r.valid for r in items),
             "unreadable": sum(bool(r.errors) for r in items), "Violation": 0, "Warning": 0, "Info": 0,
             "withheld": sum(r.withheld for r in items), **dict.fromkeys(OUTCOMES, 0)}
    for r in items:
        for severity, n in r.counts().items():
            stats[severity] += n
        for outcome, n in r.outcome_totals().items():
            stats[outcome] += n
    return {"valid": all(r.valid for r in items), "stats": stats, "reports": [r.to_dict() for r in items]}


def envelope_json(reports: Iterable[Report]) -> str:
    return json.dumps(envelope(reports), ensure_ascii=False, indent=2)


def _where(s: Side, zh: bool) -> str:
    parts = []
    if s.table:
        parts.append(s.table)
    if s.row:
        if s.kind == "claim":
            parts.append(f"文字说明「{s.row}」" if zh else f"narrative '{s.row}'")
        elif s.kind == "indicator":
            parts.append(f"指标「{s.row}」" if zh else f"indicator '{s.row}'")
        else:
            parts.append(f"「{s.row}」行" if zh else f"row '{s.row}'")
    if s.column:
        parts.append(f"「{s.column}」列" if zh else f"column '{s.column}'")
    if s.value is not None:
        parts.append(("值 " if zh else "value ") + s.value)
    if s.page is not None:
        parts.append(f"第 {s.page} 页" if zh else f"page {s.page}")
    if s.line is not None:
        parts.append(f"第 {s.line} 行" if zh else f"line {s.line}")
    if s.kind == "claim" and s.verbatim:
        parts.append(f"“{s.verbatim[:80]}”")
    return " · ".join(parts)
