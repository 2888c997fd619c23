"""Numbers as a sentence prints them: their value, and the precision the printing implies.

Shared by the readers of the narrative (:mod:`ingest.sentences`, :mod:`ingest.narrative_tables`,
:mod:`ingest.growth_rates`); a stated number is compared at its own printed precision, not at the tables' cent
(:mod:`ingest.tolerance` says why).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def decimal_of(text: str) -> Decimal | None:
    """The value of a printed number ("21,749.66" → 21749.66); None when the text is not one."""
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def half_digit(text: str) -> Decimal:
    """Half a unit of the last printed digit: "26.8" → 0.05, "676" → 0.5."""
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return Decimal(5) / Decimal(10) ** (decimals + 1)
