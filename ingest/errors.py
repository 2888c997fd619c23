"""Errors raised by ingest. Only usage and unreadable input raise; data problems are reported."""

from __future__ import annotations

from .problems import Problem, error_type


class BudgetKGError(Exception):
    """Base class of budgetkg's errors."""


class IngestError(BudgetKGError):
    """A document could not be read as a budget disclosure.

    The message names the file and, where known, the page and line where reading gave up.
    """

    def __init__(self, source: str, reason: str, *, line: int | None = None, page: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        self.page = page
        where = "".join(
            [f", page {page}" if page is not None else "", f", line {line}" if line is not None else ""]
        )
        super().__init__(f"{source}{where}: {reason}")

    @property
    def code(self) -> str:
        """The problem type of the reason (:mod:`ingest.problems`)."""
        return error_type(self.reason).code

    def problem(self) -> Problem:
        return Problem(self.code, str(self), page=self.page, line=self.line)
