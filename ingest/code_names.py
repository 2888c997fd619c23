"""Row names against the reference code list (RULES.md E: "a code's name agrees with the code list").

The reference is ``ontology/reference/observed-codes.csv``: names of 政府收支分类科目 codes taken by majority vote from
about 200 real disclosures, with the other spellings seen. It is noisy, so the check is lenient and a warning:
a row passes when its name, with spaces, brackets and numbering normalised, equals any spelling of its code or one
is a prefix of the other (cell text wrapped or cut); codes seen in fewer than two disclosures and local 7-digit
economic sub-items are not checked; only tables whose row names are code names (not project lists) are read.

:func:`annotate` adds ``row cnb:codeListName "name"@zh`` for each row that fails, on the validation copy of a
document only; the shape ``cnbsh:code-name`` (shapes/textquality.ttl) reports those rows with table, row and page.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from ..ontology.namespaces import CNB, CODE, prefix
from .model import TableRole

ROLES = (TableRole.SUMMARY, TableRole.INCOME, TableRole.EXPENDITURE, TableRole.FISCAL_SUMMARY,
         TableRole.FISCAL_ECONOMIC, TableRole.GENERAL_FUNCTION, TableRole.GENERAL_BASIC, TableRole.FUND,
         TableRole.STATE_CAPITAL)
_ROLE_IRIS = " ".join(f"<{CODE}table-role/{r.value}>" for r in ROLES)
_ROWS = (
    prefix("cnb")
    + "SELECT ?row ?code ?label WHERE {\n"
    "  ?table cnb:tableRole ?role ; cnb:hasRow ?row . ?row cnb:code ?code ; cnb:rowLabel ?label .\n"
    f"  VALUES ?role {{ {_ROLE_IRIS} }}\n}}"
)


def reference_path() -> Path:
    return Path(__file__).resolve().parents[1] / "ontology" / "reference" / "observed-codes.csv"


@cache
def reference() -> dict[str, tuple[str, tuple[str, ...]]]:
    """code → (its name, every spelling normalised), for the codes worth checking."""
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    with reference_path().open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["code"]
            if int(row["n_docs"] or 0) < 2 or (row["system"] != "function" and len(code) > 5):
                continue
            spellings = [row["name"], *(s for s in row["other_spellings"].split("|") if s)]
            name, known = out.get(code, (row["name"], ()))
            out[code] = (name, known + tuple(normalize(s) for s in spellings))
    return out


def normalize(name: str) -> str:
    """Spaces, full-width brackets and colons, leading numbering and a trailing colon made uniform."""
    text = re.sub(r"[\s\u3000]", "", name).replace("（", "(").replace("）", ")").replace("：", ":")
    return re.sub(r"^[\d.·、\-—]+", "", text).rstrip(":")


def agrees(label: str, spellings: tuple[str, ...]) -> bool:
    """True when ``label`` is one of the spellings, or (four characters or more) a prefix of one or the reverse."""
    own = normalize(label)
    return any(own == s or (len(own) >= 4 and len(s) >= 4 and (s.startswith(own) or own.startswith(s)))
               for s in spellings)


def mismatches(store: ox.Store) -> list[tuple[ox.NamedNode, str, str]]:
    """(row, code, the code list's name) for each checked row whose name disagrees with the code list."""
    known = reference()
    out = []
    solutions = store.query(_ROWS)
    assert isinstance(solutions, ox.QuerySolutions)  # a SELECT
    for solution in solutions:
        row, code, label = solution["row"], solution["code"].value, solution["label"].value
        if code in known and not agrees(label, known[code][1]):
            out.append((row, code, known[code][0]))
    return out


def annotate(store: ox.Store) -> int:
    """Add ``cnb:codeListName`` to each disagreeing row of this validation copy; returns how many."""
    found = mismatches(store)
    for row, _, name in found:
        store.add(ox.Quad(row, ox.NamedNode(CNB + "codeListName"), ox.Literal(name, language="zh")))
    return len(found)
