"""Tokenising one printed line of a table: codes, label, amounts and indentation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .tables import parse_amount

_CJK = re.compile(r"^[\u4e00-\u9fff]$")
_CODE = re.compile(r"^\d{2,7}$")
PAGE_MARK = re.compile(r"^\s*-\s*\d+\s*-\s*$")


@dataclass(slots=True)
class Segment:
    """A label with the amounts printed after it, and its indentation."""

    label: str
    indent: int
    amounts: list[tuple[Decimal, str]] = field(default_factory=list)


@dataclass(slots=True)
class LineTokens:
    """A table line split into leading codes and label/amount segments."""

    codes: list[str]
    segments: list[Segment]
    leading: int  # spaces before the first token

    @property
    def amounts_only(self) -> bool:
        return not self.codes and len(self.segments) == 1 and not self.segments[0].label

    @property
    def text_only(self) -> bool:
        return not self.codes and all(not s.amounts for s in self.segments)


def _spans(line: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in re.finditer(r"\S+", line)]


def _merge_spaced(spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Join letter-spaced single CJK characters ("合    计" → "合计")."""
    out: list[tuple[str, int, int]] = []
    run: list[tuple[str, int, int]] = []

    def flush() -> None:
        if len(run) >= 2:
            out.append(("".join(t for t, _, _ in run), run[0][1], run[-1][2]))
        else:
            out.extend(run)
        run.clear()

    for sp in spans:
        if _CJK.match(sp[0]):
            run.append(sp)
        else:
            flush()
            out.append(sp)
    flush()
    return out


def tokenize(line: str, *, split_sides: bool = False) -> LineTokens:
    """Split a table line. With ``split_sides``, a label after amounts starts a new segment,
    and so does a label right after another one (two-sided summary tables)."""
    spans = _merge_spaced(_spans(line))
    leading = len(line) - len(line.lstrip(" "))
    codes: list[str] = []
    i = 0
    while i < len(spans) and _CODE.match(spans[i][0]) and not split_sides:
        codes.append(spans[i][0])
        i += 1
    segments: list[Segment] = []
    prev_end = spans[i - 1][2] if i else 0
    current: Segment | None = None
    for text, start, end in spans[i:]:
        amount = parse_amount(text)
        gap = start - prev_end
        if amount is not None and (current is not None or not segments):
            if current is None:
                current = Segment("", 0)
                segments.append(current)
            current.amounts.append((amount, text))
        else:
            new_segment = current is None or bool(current.amounts) or (split_sides and gap >= 2 and current.label)
            if split_sides and current is not None and not current.amounts and _starts_numbered(text):
                new_segment = True
            if new_segment:
                indent = max(gap - 1, 0) if (segments or codes) else leading
                current = Segment(text, indent)
                segments.append(current)
            else:
                assert current is not None
                current.label += text
        prev_end = end
    return LineTokens(codes, segments, leading)


def _starts_numbered(text: str) -> bool:
    return bool(re.match(r"^[一二三四五六七八九十]+、", text))
