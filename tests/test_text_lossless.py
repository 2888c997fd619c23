"""Acceptance 1 of the foundation: `budgetkg tables` reproduces every numeric cell of the source.

The expected values are read from the sample text by this test's own small scanner, not by the
ingester, so a parser bug cannot hide behind its own output.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from decimal import Decimal

import pytest

from budgetkg_testing import SAMPLE, run_cli

DECIMAL = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})*\.\d{2}(?![\d])")
TABLE = re.compile(r"^\s*公开表\s*(\d+(?:-\d+)?)\s*$")


def source_blocks() -> dict[str, list[str]]:
    """Lines of each 公开表 block in the source, up to the next table or 第三部分."""
    blocks: dict[str, list[str]] = {}
    current = None
    for line in SAMPLE.read_text(encoding="utf-8").split("\n"):
        m = TABLE.match(line)
        if m:
            current = f"公开表{m.group(1)}"
            blocks[current] = []
            continue
        if line.startswith("第三部分"):
            current = None
        if current:
            blocks[current].append(line)
    return blocks


def rendered(tmp_path_factory) -> dict[str, tuple[list[str], list[list[str]]]]:
    out = tmp_path_factory.mktemp("lossless") / "sample.ttl"
    r = run_cli("ingest", str(SAMPLE), "-o", str(out))
    assert r.returncode == 0, r.stderr
    r = run_cli("tables", str(out))
    assert r.returncode == 0, r.stderr
    tables: dict[str, tuple[list[str], list[list[str]]]] = {}
    for chunk in r.stdout.split("\n# ")[0:]:
        chunk = chunk.lstrip("# ")
        head, _, body = chunk.partition("\n")
        rows = list(csv.reader(io.StringIO(body)))
        rows = [row for row in rows if row]
        tables[head.split()[0]] = (rows[0], rows[1:])
    return tables


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    return rendered(tmp_path_factory)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_table_is_rendered(tables):
    assert set(tables) == set(source_blocks())


@pytest.mark.parametrize("label", [k for k in source_blocks() if k != "公开表6"])
def test_amounts_match_source_value_for_value(tables, label):
    header, rows = tables[label]
    first_amount = header.index("label") + 1
    got = Counter(Decimal(v) for row in rows for v in row[first_amount:] if v)
    block = source_blocks()[label]
    want = Counter(Decimal(m.group(0).replace(",", "")) for line in block for m in DECIMAL.finditer(line))
    assert got == want, f"{label}: missing {want - got}, extra {got - want}"


@pytest.mark.parametrize("label", [k for k in source_blocks() if k not in ("公开表6", "公开表1", "公开表2")])
def test_rows_keep_labels_codes_and_order_of_amounts(tables, label):
    header, rows = tables[label]
    first_amount = header.index("label") + 1
    rendered_rows = [
        ((_compact(r[3]), r[4], _compact(r[5])), [Decimal(v) for v in r[first_amount:] if v]) for r in rows
    ]
    checked = 0
    for line in source_blocks()[label]:
        amounts = [Decimal(m.group(0).replace(",", "")) for m in DECIMAL.finditer(line)]
        if not amounts:
            continue
        head = DECIMAL.split(line)[0]
        tokens = head.split()
        codes = [t for t in tokens if t.isdigit()]
        unit = next((c for c in codes if len(c) == 6), "")
        code_text = "".join(c for c in codes if c != unit)
        label_text = _compact("".join(t for t in tokens if not t.isdigit()))
        if not label_text:
            continue  # an amount wrapped onto its own line: covered by the value-for-value test
        matches = [v for (code, u, lab), v in rendered_rows
                   if lab == label_text and u == unit and (code == code_text or not code_text)]
        assert amounts in matches, f"{label}: row {line.strip()!r} not reproduced"
        checked += 1
    assert checked >= 1 or not any(DECIMAL.search(line) for line in source_blocks()[label])


@pytest.mark.parametrize("label", ["公开表1", "公开表2"])
def test_two_sided_tables_keep_each_side(tables, label):
    header, rows = tables[label]
    pairs = Counter((_compact(r[5]), Decimal(v)) for r in rows for v in r[6:] if v)
    text = "\n".join(source_blocks()[label])
    for label_text, _value in pairs:
        assert label_text in _compact(text)
    want = Counter(Decimal(m.group(0).replace(",", "")) for m in DECIMAL.finditer(text))
    assert Counter(v for _, v in pairs.elements()) == want


def test_performance_table_numbers(tables):
    header, rows = tables["公开表6"]
    text = " ".join(line.strip() for line in source_blocks()["公开表6"] if line.strip())
    records = re.findall(
        r"(?:([≥≤＝])\s*([\d.]+)\s*\S+|定性\s*(\S+))\s+(\d+)\s*(正向指标|反向指标)", text
    )
    assert len(records) == 80 == len(rows)
    def num(x):
        return Decimal(x) if x else None

    got = [(num(r[header.index("target")]), num(r[header.index("weight")])) for r in rows]
    want = [(num(target), num(weight)) for _, target, _, weight, _ in records]
    assert [w for _, w in got] == [w for _, w in want]
    assert [t for t, _ in got] == [t for t, _ in want]
    amounts = {Decimal(r[header.index("amount")]) for r in rows}
    lines = [line.strip() for line in source_blocks()["公开表6"]]
    assert amounts == {Decimal(a.replace(",", "")) for a in lines if re.fullmatch(r"\d{1,3}(?:,\d{3})*\.\d{2}", a)}
