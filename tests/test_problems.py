"""The problem catalogue (ingest/problems.py): stable codes for reading errors and notices, and the shapes' findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetkg.ingest import parse_document
from budgetkg.ingest.errors import IngestError
from budgetkg.ingest.problems import CATALOGUE, ERRORS, NOTICES, notice_type
from budgetkg.ingest.validate import finding_types, validate_path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "ingest" / "data" / "sample.txt"
PDF = ROOT / "tests" / "fixtures" / "pdf"


def test_every_type_has_a_unique_code_a_title_and_a_description():
    types = [*ERRORS, *NOTICES, *finding_types()]
    assert len({t.code for t in types}) == len(types)
    assert all(t.code and t.title and t.description for t in types)
    assert {t.kind for t in ERRORS} == {"error"} and {t.kind for t in NOTICES} == {"notice"}


def _error(tmp_path: Path, name: str, data: bytes) -> IngestError:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError) as caught:
        parse_document(path)
    return caught.value


def test_reading_errors_have_their_type(tmp_path: Path):
    text = SAMPLE.read_text(encoding="utf-8")
    cases = {
        "empty-file": ("empty.txt", b""),
        "not-pdf": ("x.pdf", b"hello"),
        "truncated-pdf": ("cut.pdf", b"%PDF-1.4\n1 0 obj"),
        "not-utf8": ("latin.txt", "预算".encode("gb18030") * 10),
        "not-a-disclosure": ("note.txt", b"just a note\n"),
        "truncated-text": ("cut.txt", "\n".join(text.split("\n")[:200]).encode()),  # tables listed, not found
        "table-unreadable": ("cut-in-a-sheet.txt", "\n".join(text.split("\n")[:900]).encode()),  # a project cut off
    }
    got = {code: _error(tmp_path, name, data) for code, (name, data) in cases.items()}
    assert {code: e.code for code, e in got.items()} == {code: code for code in cases}
    problem = got["empty-file"].problem().to_dict()
    assert problem["code"] == "empty-file" and "empty.txt" in problem["message"]
    assert problem["title"] == CATALOGUE["empty-file"].title


def test_one_condition_one_notice_type():
    """The PDF and the text reader say "no tables" in the same words, and the type is the same."""
    pdf = validate_path(next(PDF.glob("09_*.pdf")))
    assert [n.code for n in pdf.notices if "tables" in n.message] == ["no-tables"]
    assert notice_type("x.txt: no budget tables found; narrative only").code == "no-tables"
    message = pdf.notices[0].message.split(": ", 1)[1]
    assert all(n.message.endswith(message) for n in pdf.notices if n.code == "no-tables")


def test_every_reading_error_names_its_type_where_it_is_raised():
    """``IngestError(..., code=...)`` at every raise site: the type is never guessed from the wording."""
    import ast

    root = Path(__file__).resolve().parents[1] / "ingest"
    untyped = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "IngestError"
                    and not any(k.arg == "code" for k in node.keywords)):
                untyped.append(f"{path.relative_to(root)}:{node.lineno}")
    assert untyped == []
    with pytest.raises(ValueError, match="unknown problem code"):
        IngestError("x.pdf", "something", code="no-such-code")


def test_findings_carry_the_shape_and_its_catalogue_entry():
    report = validate_path(SAMPLE)
    catalogue = {t.code: t for t in finding_types()}
    assert report.findings
    for f in report.findings:
        assert f.shape == f"https://w3id.org/cn-budget/shapes#{f.rule}" and f.title == catalogue[f.rule].title
