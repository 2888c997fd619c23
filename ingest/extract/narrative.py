"""Narrative parts: sections, the numbers they state (claims) and the 名词解释 glossary.

Input is a list of printed lines with their provenance; wrapped lines are joined back into
paragraph text, and every stated number keeps the line it was printed on.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..model import Claim, Provenance, Section, Term

HEADING = re.compile(r"^[一二三四五六七八九十]+、\s*\S.{0,38}$")
TERM = re.compile(r"^\s*[一二三四五六七八九十]+、\s*(?P<term>[^：:。]{1,60})[：:]\s*(?P<def>指.*)$")
NUMBER = re.compile(
    r"(?<![\d.A-Za-z])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![A-Za-z])\s*"
    r"(?P<unit>亿元|万元|千元|元|%|％|个|辆|台|人|项|家|条|次|套)?"
)
SENTENCE_END = "。；;"
# not "（四）…：…总额 7" cut by a page, nor the first line of a list "（一）负责交通运输（道路、枢纽、…、航道、"
SUBHEADING = re.compile(r"^（[一二三四五六七八九十]+）[^。，：:；;]{0,30}(?<![\d.、（(])$")
MARKS = "，,。；;：:、）)！!？?"  # a line that starts with one of these continues the sentence before
DELIMS = "，,：:；;。、"
FILLERS = ("其中", "预算数为", "预算为", "为", "共计", "共", "合计", "是", "安排")

LineRef = tuple[str, Provenance]


def _joined(lines: list[LineRef]) -> tuple[str, list[tuple[int, Provenance]]]:
    """Paragraph text and a map from text offsets to the provenance of the printed line."""
    text = ""
    offsets: list[tuple[int, Provenance]] = []
    heading = False  # the line before is a sub-heading: end it with 。 unless the next line starts with a mark
    for raw, prov in lines:
        t = raw.strip()
        if not t:
            continue
        if heading and t[0] not in MARKS:
            text += "。"
        if text and re.match(r"[A-Za-z0-9]", text[-1]) and re.match(r"[A-Za-z0-9]", t[0]):
            text += " "
        offsets.append((len(text), prov))
        text += t
        heading = bool(SUBHEADING.match(t)) and not t.endswith(tuple(SENTENCE_END))
    if heading:
        text += "。"
    return text, offsets


def _prov_at(offsets: list[tuple[int, Provenance]], pos: int) -> Provenance:
    chosen = offsets[0][1]
    for start, prov in offsets:
        if start > pos:
            break
        chosen = prov
    return chosen


def _subject(sentence: str, end: int) -> str:
    start = max(sentence.rfind(d, 0, end) for d in DELIMS) + 1
    subject = sentence[start:end].strip()
    for filler in FILLERS:
        if subject.endswith(filler) and len(subject) > len(filler):
            subject = subject[: -len(filler)].strip()
    subject = re.sub(r"^\d+\.", "", subject)
    subject = re.sub(r"\s*20\d{2}\s*年(度)?\s*", "", subject).strip()
    for filler in ("其中",):
        if subject.startswith(filler):
            subject = subject[len(filler):].strip()
    return subject


def claims_of(section: Section, text: str, offsets: list[tuple[int, Provenance]], first_index: int) -> list[Claim]:
    """Every number stated in a section (years, list ordinals and codes excluded)."""
    claims: list[Claim] = []
    for m in re.finditer(rf"[^{SENTENCE_END}]+[{SENTENCE_END}]?", text):
        sentence = m.group(0)
        previous_subject = ""
        for num in NUMBER.finditer(sentence):
            after = sentence[num.end("num"):num.end("num") + 2].strip()
            if after.startswith(("年", "月", "日")) or sentence[num.end():num.end() + 1] == "年":
                continue
            before = sentence[max(num.start() - 1, 0):num.start()]
            if re.match(r"^\d+\.$", sentence[num.start():num.end("num") + 1]) and (
                num.start() == 0 or before in "。；：\n"
            ):
                continue  # list ordinal "1."
            if sentence[num.end("num"):num.end("num") + 1] == "." and not num.group("unit"):
                continue
            nxt = sentence[num.end("num"):num.end("num") + 1]
            if not num.group("unit") and (
                (nxt in ("、", "．") and (num.start() == 0 or before in "。；;：:，,）) \n"))
                or (before in "（(" and nxt in "）)")
            ):
                continue  # list ordinal "1、", "(1)"
            unit = num.group("unit")
            if unit == "％":
                unit = "%"
            subject = _subject(sentence, num.start())
            if unit == "%" and (not subject or subject.startswith("占")) and previous_subject:
                subject = previous_subject
            elif unit != "%":
                previous_subject = subject
            pos = m.start() + num.start()
            raw = num.group("num")
            claims.append(Claim(
                index=first_index + len(claims), section=section.title, sentence=sentence.strip(),
                subject=subject, value=Decimal(raw.replace(",", "")), unit=unit, text=raw,
                source=_prov_at(offsets, pos),
            ))
        m.end()
    return claims


def parse_narrative(
    parts: list[tuple[str, list[LineRef]]] | list[tuple[str, str, list[LineRef]]], *, first_section: int = 0
) -> tuple[list[Section], list[Claim], list[Term]]:
    """Sections (split at 一、二、… headings), claims and glossary terms of narrative parts.

    ``parts`` is a list of (kind, lines) or (kind, heading, lines) with kind overview / explanation / glossary; a
    part's heading titles its text before the first 一、 heading.
    """
    sections: list[Section] = []
    claims: list[Claim] = []
    terms: list[Term] = []
    for part in parts:
        kind, heading, lines = part if len(part) == 3 else (part[0], "", part[1])
        if kind == "glossary":
            terms.extend(_terms(lines))
            text, offsets = _joined(lines)
            if offsets:
                sections.append(Section(first_section + len(sections), kind, "名词解释", text, offsets[0][1]))
            continue
        for title, block in _split_headings(lines, heading):
            text, offsets = _joined(block)
            if not offsets:
                continue
            sec = Section(first_section + len(sections), kind, title, text, offsets[0][1])
            sections.append(sec)
            claims.extend(claims_of(sec, text, offsets, len(claims)))
    return sections, claims, terms


def _split_headings(lines: list[LineRef], heading: str = "") -> list[tuple[str, list[LineRef]]]:
    blocks: list[tuple[str, list[LineRef]]] = []
    title = heading
    block: list[LineRef] = []
    for raw, prov in lines:
        t = raw.strip()
        if HEADING.match(t) and "：" not in t and not t.endswith("。"):
            if block:
                blocks.append((title, block))
            title, block = re.sub(r"\s+", "", t), []
            continue
        block.append((raw, prov))
    if block:
        blocks.append((title, block))
    return blocks


GLOSSARY_HEADING = re.compile(r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)?\s*(?:专业性?)?名词解释\s*[：:]?")
ENTRY = re.compile(r"(?:^|(?<=[。；;]))\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}\s*[.、．])?"
                   r"\s*(?!其中|包括|主要|注|附件|如下|例如)(?P<term>[^：:。；;，,、\d（(][^：:。；;，,]{0,59})\s*(?:是指|指)?[：:]")


def _terms(lines: list[LineRef]) -> list[Term]:
    """名词解释 entries — "一、term：指…", "（一）term：是…", "1.term：…", "term：指…"; an entry may wrap over lines."""
    text, offsets = _joined(lines)
    head = GLOSSARY_HEADING.match(text)
    start = head.end() if head else 0
    starts = list(ENTRY.finditer(text[start:]))
    terms: list[Term] = []
    body = text[start:]
    for k, m in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(body)
        definition = body[m.end():end].strip()
        if definition:
            terms.append(Term(re.sub(r"\s+", "", m.group("term")), definition,
                              _prov_at(offsets, start + m.start("term"))))
    return terms
