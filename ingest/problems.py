"""The catalogue of problems a validation report names, each with a stable code, a title and a description.

Three kinds, as in a frictionless report:

- ``error``: the file could not be read (an :class:`~ingest.errors.IngestError` reason, a crashed worker); the
  report of that file has no findings;
- ``notice``: the file was read, with a remark on how (free-text ``Document.notices``, typed here);
- ``finding``: a SHACL validation result; its type is the shape (code = the shape's local name, title = its
  ``rdfs:label``), listed by :func:`ingest.validate.finding_types`.

A reading error names its type where it is raised (``IngestError(..., code="not-pdf")``; an unknown code is a
ValueError). Reading notices are stored as text in the document graph (``rdfs:comment``, so an RDF upload carries
them too); :func:`notice_type` gives their type, so that one condition has one code whatever its wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["error", "notice", "finding"]


@dataclass(frozen=True)
class ProblemType:
    """One type of problem: a stable ``code``, a ``title`` and a ``description`` of what it means."""

    code: str
    title: str
    description: str
    kind: Kind
    pattern: str = ""  # how the free text of a reading error or notice of this type starts or reads (regex)

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "kind": self.kind, "title": self.title, "description": self.description}


@dataclass(frozen=True)
class Problem:
    """A reading error or notice of one file: its type's code and the text that names the file and the place."""

    code: str
    message: str
    page: int | None = None
    line: int | None = None

    @property
    def type(self) -> ProblemType:
        return CATALOGUE[self.code]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "title": self.type.title, "message": self.message}
        if self.page is not None:
            out["page"] = self.page
        if self.line is not None:
            out["line"] = self.line
        return out


def _error(code: str, title: str, description: str) -> ProblemType:
    return ProblemType(code, title, description, "error")


def _notice(code: str, title: str, description: str, pattern: str) -> ProblemType:
    return ProblemType(code, title, description, "notice", pattern)


ERRORS = (
    _error("file-unreadable", "File cannot be read", "The file could not be opened (missing, no permission, an I/O "
           "error)."),
    _error("empty-file", "Empty file", "The file has 0 bytes."),
    _error("not-utf8", "Text is not UTF-8", "A text extraction must be UTF-8; this one is not (or is not text)."),
    _error("not-pdf", "Not a PDF", "The file has no '%PDF-' header."),
    _error("truncated-pdf", "Truncated PDF", "The PDF has no %%EOF end marker: the download looks incomplete."),
    _error("encrypted-pdf", "Encrypted PDF", "The PDF needs a password to open."),
    _error("unreadable-pdf", "Unreadable PDF", "The PDF library could not read the file or one of its pages."),
    _error("no-text-layer", "No text layer", "The PDF holds page images and no text (a scan): OCR it first."),
    _error("not-a-disclosure", "Not a budget disclosure", "Neither a 预算/决算 title nor budget tables were found."),
    _error("identity-missing", "Unit or year unknown", "The file does not state its unit or fiscal year, and neither "
           "do its file name, its companion or --unit / --year."),
    _error("truncated-text", "Text cut off", "The text ends before the document does (a table without its total, "
           "a missing part, a sentence cut in the middle)."),
    _error("rdf-unreadable", "RDF cannot be read", "The RDF file does not parse."),
    _error("worker-crashed", "Reading crashed", "The worker process reading the file died (a crash in a native "
           "library, out of memory); the other files were read."),
    _error("unexpected-error", "Unexpected error", "Reading raised an error budgetkg does not expect: a bug; "
           "please report it with the file."),
    _error("table-unreadable", "Table cannot be read", "A table's header, money unit or rows could not be read."),
    _error("unreadable", "File cannot be read as a disclosure", "Another reason why reading stopped."),
)

NOTICES = (
    _notice("no-tables", "No budget tables", "The file holds narrative only (its tables may be a separate file).",
            r"no (?:budget )?tables found"),
    _notice("page-without-text", "Page without text", "A page holds no text layer (an image only); it was skipped.",
            r"has no text layer"),
    _notice("money-unit-assumed", "Money unit assumed", "A table states no money unit; the unit of the other "
            "tables was assumed.", r"states no money unit"),
    _notice("identity-given", "Unit or year given", "The unit or year comes from --unit / --year, the file name or "
            "the companion file, since the file does not state it.",
            r"given with --|read from the file name|taken from its companion"),
    _notice("identity-option-unused", "Option not used", "--unit or --year was not used: the file states its own.",
            r"not used: the file states"),
    _notice("placement-ambiguous", "Amounts placed by a tie-break", "Several placements of a table's amounts in its "
            "columns fit the arithmetic; one was chosen.", r"placements fit the arithmetic equally|could not be "
            r"placed consistently"),
    _notice("indicator-row-skipped", "Indicator row not understood", "A row of a performance sheet was not read.",
            r"indicator row not understood"),
    _notice("reading-notice", "Reading notice", "Another remark of the reader on how the file was read.", r""),
)

CATALOGUE: dict[str, ProblemType] = {t.code: t for t in (*ERRORS, *NOTICES)}


def _classify(text: str, types: tuple[ProblemType, ...]) -> ProblemType:
    return next(t for t in types if not t.pattern or re.search(t.pattern, text))


def notice_type(text: str) -> ProblemType:
    """The type of a reading notice (the last type, ``reading-notice``, when none fits)."""
    return _classify(text, NOTICES)


def notice(text: str) -> Problem:
    return Problem(notice_type(text).code, text)
