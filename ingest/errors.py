"""Errors raised by ingest. Only usage and unreadable input raise; data problems are reported."""

from __future__ import annotations

from .problems import CATALOGUE, Problem


class BudgetKGError(Exception):
    """Base class of budgetkg's errors."""


class IngestError(BudgetKGError):
    """A document could not be read as a budget disclosure.

    The message names the file and, where known, the page and line where reading gave up; ``code`` is its type in
    the catalogue of :mod:`ingest.problems` (one condition, one code, whatever the wording).
    """

    def __init__(self, source: str, reason: str, *, code: str, line: int | None = None,
                 page: int | None = None) -> None:
        if code not in CATALOGUE:
            raise ValueError(f"unknown problem code {code!r} (see ingest/problems.py)")
        self.source = source
        self.reason = reason
        self.code = code
        self.line = line
        self.page = page
        where = "".join(
            [f", page {page}" if page is not None else "", f", line {line}" if line is not None else ""]
        )
        super().__init__(f"{source}{where}: {reason}")

    def problem(self) -> Problem:
        return Problem(self.code, str(self), page=self.page, line=self.line)
