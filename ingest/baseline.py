"""Known findings: compare a validation report with a ledger of findings read at the page.

A ledger (a *baseline*, as linters call it) lists for one document every Violation and Warning that is a
real error of the published document, each with the page and the evidence a reader sees there. A report
matches its ledger when it makes exactly those findings: none missing, none more. Findings are matched by
:func:`finding_key` — the rule and where it points (table, row, column, or the sentence), never by message
wording or graph IRIs, so a ledger survives changes to messages and row numbering.

A ``table-unverified`` Warning is not an error of the document but a statement that a table could not be
checked: its ledger entry carries ``"kind": "unverified"`` and, as evidence, what on the page defeats the
reading (entries of real errors have ``"kind": "error"``, the default).

Ledger file (JSON)::

    {"document": "31_jiangsu-suzhou_jiaotongju_2026_dept-budget.pdf",
     "findings": [{"key": "row-sum|表3|合计|基本支出", "severity": "Violation", "page": 12,
                   "evidence": "合计 基本支出 1,234.56; its rows add up to 1,224.56"}]}
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .validate import Finding, Report, Side

LISTED = ("Violation", "Warning")  # Info findings are not statements about the document


def _side_key(side: Side) -> str:
    if side.kind == "claim":
        return re.sub(r"\s+", "", side.verbatim or side.row or "")[:40]
    parts = [side.table or "", side.row or "", side.column or ""]
    return "|".join(re.sub(r"\s+", "", p) for p in parts).rstrip("|")


def finding_key(finding: Finding) -> str:
    """``rule|where`` for the first side of a finding (its focus), stable across runs."""
    where = _side_key(finding.sides[0]) if finding.sides else ""
    return f"{finding.rule}|{where}"


@dataclass
class Comparison:
    """What a report says beyond its ledger, and what the ledger expects that the report lacks."""

    unexpected: list[Finding] = field(default_factory=list)
    missing: list[dict] = field(default_factory=list)
    matched: int = 0

    @property
    def exact(self) -> bool:
        return not self.unexpected and not self.missing


def load(path: Path) -> list[dict]:
    """The ledger entries of one document (an absent file is an empty ledger)."""
    if not path.exists():
        return []
    return list(json.loads(path.read_text(encoding="utf-8")).get("findings", []))


def compare(report: Report, entries: list[dict]) -> Comparison:
    """Match the report's Violations and Warnings with ledger entries, as multisets of (key, severity)."""
    expected = Counter((e["key"], e["severity"]) for e in entries)
    out = Comparison()
    for f in report.findings:
        if f.severity not in LISTED:
            continue
        k = (finding_key(f), f.severity)
        if expected[k] > 0:
            expected[k] -= 1
            out.matched += 1
        else:
            out.unexpected.append(f)
    for e in entries:
        k = (e["key"], e["severity"])
        if expected[k] > 0:
            expected[k] -= 1
            out.missing.append(e)
    return out
