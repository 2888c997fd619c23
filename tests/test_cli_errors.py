"""Bad input: exit 2 with a message naming the file and the line; batches go on (acceptance 4)."""

from __future__ import annotations

import re

import pytest

from budgetkg_testing import SAMPLE, run_cli


def test_ingest_writes_turtle_and_exit_0(tmp_path):
    out = tmp_path / "s.ttl"
    r = run_cli("ingest", str(SAMPLE), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8").startswith("@prefix")


@pytest.mark.parametrize("fmt,needle", [("nt", "<http"), ("jsonld", '"@id"')])
def test_ingest_formats(tmp_path, fmt, needle):
    out = tmp_path / f"s.{fmt}"
    r = run_cli("ingest", str(SAMPLE), "-o", str(out), "--format", fmt)
    assert r.returncode == 0, r.stderr
    assert needle in out.read_text(encoding="utf-8")


def test_empty_file(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    r = run_cli("ingest", str(f), "-o", str(tmp_path / "o.ttl"))
    assert r.returncode == 2
    assert "empty.txt" in r.stderr and "empty" in r.stderr


def test_not_a_budget(tmp_path):
    f = tmp_path / "poem.txt"
    f.write_text("床前明月光\n疑是地上霜\n", encoding="utf-8")
    r = run_cli("ingest", str(f), "-o", str(tmp_path / "o.ttl"))
    assert r.returncode == 2
    assert "poem.txt" in r.stderr and "not a budget disclosure" in r.stderr
    assert re.search(r"line \d+", r.stderr)


def test_binary_garbage(tmp_path):
    f = tmp_path / "blob.bin"
    f.write_bytes(bytes(range(256)) * 4)
    r = run_cli("ingest", str(f), "-o", str(tmp_path / "o.ttl"))
    assert r.returncode == 2 and "blob.bin" in r.stderr


@pytest.mark.parametrize("lines", [100, 300, 500, 700, 900, 1050, 1150, 1299])
def test_truncated_sample_names_the_line(tmp_path, lines):
    text = SAMPLE.read_text(encoding="utf-8").split("\n")[:lines]
    f = tmp_path / "cut.txt"
    f.write_text("\n".join(text), encoding="utf-8")
    r = run_cli("ingest", str(f), "-o", str(tmp_path / "o.ttl"))
    assert r.returncode == 2, r.stderr
    m = re.search(r"cut\.txt, line (\d+): ", r.stderr)
    assert m, r.stderr
    assert int(m.group(1)) <= lines
    assert not (tmp_path / "o.ttl").exists()


def test_truncated_inside_a_character(tmp_path):
    data = SAMPLE.read_bytes()[:30000]
    f = tmp_path / "bytes.txt"
    f.write_bytes(data)
    r = run_cli("ingest", str(f), "-o", str(tmp_path / "o.ttl"))
    assert r.returncode == 2 and "bytes.txt, line" in r.stderr


def test_batch_goes_on_after_a_bad_file(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("not a budget", encoding="utf-8")
    out = tmp_path / "out"
    r = run_cli("ingest", str(bad), str(SAMPLE), "-o", str(out), "--jobs", "2")
    assert r.returncode == 2
    assert (out / "sample.ttl").stat().st_size > 100_000
    assert "ingested 1 of 2 files, 1 failed" in r.stderr
    assert "bad.txt" in r.stderr


def test_failed_reingest_keeps_previous_output(tmp_path):
    out = tmp_path / "doc.ttl"
    assert run_cli("ingest", str(SAMPLE), "-o", str(out)).returncode == 0
    before = out.read_bytes()
    cut = tmp_path / "sample.txt"
    cut.write_text("\n".join(SAMPLE.read_text(encoding="utf-8").split("\n")[:700]), encoding="utf-8")
    assert run_cli("ingest", str(cut), "-o", str(out)).returncode == 2
    assert out.read_bytes() == before


def test_query_and_tables_usage_errors(tmp_path):
    r = run_cli("tables", str(tmp_path / "missing.ttl"))
    assert r.returncode == 2 and "missing.ttl" in r.stderr
    g = tmp_path / "s.ttl"
    run_cli("ingest", str(SAMPLE), "-o", str(g))
    r = run_cli("query", "SELECT WHERE {", "--data", str(g))
    assert r.returncode == 2 and "query failed" in r.stderr
    r = run_cli("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s a cnb:IndicatorTarget }", "--data", str(g),
                "--format", "csv")
    assert r.returncode == 0 and r.stdout.split() == ["n", "80"]


def test_inspect_json(tmp_path):
    import json

    r = run_cli("inspect", str(SAMPLE), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)  # one envelope, for one file or many (like validate --format json)
    assert out["valid"] and out["stats"]["files"] == 1 and out["stats"]["unreadable"] == 0
    info = out["reports"][0]
    assert info["unit"] == "四川省人民政府办公厅信息技术服务中心" and len(info["tables"]) == 13
