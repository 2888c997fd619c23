"""A per-document summary: identity, tables with pages, rows and scale, and notices."""

from __future__ import annotations

from typing import Any

from .extract.tables import ROLE_NAMES_ZH
from .identities import identities
from .model import Document


def summary(doc: Document) -> dict[str, Any]:
    """A JSON-ready summary of a parsed document, with the arithmetic identities that hold and fail."""
    checks = identities(doc)
    failing = [i for i in checks if not i.holds]
    return {
        "file": doc.source_name,
        "sha256": doc.sha256,
        "unit": doc.unit_name,
        "unit_code": doc.unit_code,
        "region": doc.region,
        "year": doc.year,
        "phase": doc.phase.value,
        "scope": doc.scope.value,
        "pages": doc.pages,
        "tables": [
            {
                "label": t.label,
                "title": t.title,
                "role": t.role.value,
                "role_zh": ROLE_NAMES_ZH[t.role],
                "pages": list(t.pages),
                "line": t.source.line if t.source else None,
                "rows": len(t.rows),
                "columns": len(t.columns),
                "cells": sum(len(r.cells) for r in t.rows),
                "scale": t.scale_label,
                "empty": t.is_empty,
                "note": t.note,
            }
            for t in doc.tables
        ],
        "performance_goals": len(doc.goals),
        "indicators": sum(len(g.indicators) for g in doc.goals),
        "narrative_sections": len(doc.sections),
        "claims": len(doc.claims),
        "identities": {
            "checked": len(checks),
            "hold": len(checks) - len(failing),
            "fail": [{"where": i.where, "printed": str(i.expected), "sum": str(i.actual), "terms": i.terms}
                     for i in failing],
        },
        "notices": list(doc.notices),
    }


def summary_text(info: dict[str, Any]) -> str:
    """The summary as a few readable lines."""
    lines = [
        f"{info['file']}: {info['unit']} · {info['year']}年 · {info['scope']}{info['phase']}"
        + (f" · {info['pages']} pages" if info["pages"] else ""),
    ]
    for t in info["tables"]:
        where = f"p.{'-'.join(str(p) for p in (t['pages'][0], t['pages'][-1]))}" if t["pages"] else f"line {t['line']}"
        state = "empty" if t["empty"] else f"{t['rows']} rows, {t['cells']} amounts"
        lines.append(f"  {t['label']:<10} {t['role_zh']:<16} {where:<10} {t['scale']:<3} {state}  {t['title']}")
    lines.append(f"  performance goals: {info['performance_goals']} ({info['indicators']} indicators); "
                 f"narrative: {info['narrative_sections']} sections, {info['claims']} stated numbers")
    ids = info["identities"]
    lines.append(f"  identities: {ids['hold']} of {ids['checked']} hold")
    lines += [f"    FAIL {f['where']}: printed {f['printed']} vs sum {f['sum']} ({f['terms']} terms)" for f in ids["fail"]]
    lines += [f"  notice: {n}" for n in info["notices"]]
    return "\n".join(lines)
