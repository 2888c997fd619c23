"""Every command × every kind of input (issue 16, acceptance 2): the exit code means the same everywhere — 0 ok,
1 data problems found, 2 unusable input — and a problem is one line on stderr, never a traceback.

Each cell runs ``budgetkg`` as a real process. The inputs are made once per session (the Turtle is the bundled
sample ingested once); the PDF is the smallest of the corpus (12 pages, read in about a second).
"""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from budgetkg_testing import CORPUS, ROOT, SAMPLE, run_cli

PDF = CORPUS / "06_jiangsu_shengwei-bangongting_2019_dept-budget-tables.pdf"
INPUTS = ("pdf", "text", "turtle", "missing", "directory", "garbage", "empty")
QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?t a cnb:BudgetTable }"


@pytest.fixture(scope="session")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if not PDF.is_file():
        pytest.skip(f"{PDF} is absent")
    root = tmp_path_factory.mktemp("matrix")
    turtle = root / "sample.ttl"
    r = run_cli("ingest", str(SAMPLE), "-o", str(turtle))
    assert r.returncode == 0, r.stderr
    (root / "folder").mkdir()
    (root / "folder" / "notes.md").write_text("not a store, not a disclosure\n", encoding="utf-8")
    garbage = root / "garbage.bin"
    garbage.write_bytes(b"\x89\xfe" + random.Random(16).randbytes(4094))
    empty = root / "empty.txt"
    empty.write_bytes(b"")
    return {"pdf": PDF, "text": SAMPLE, "turtle": turtle, "missing": root / "missing.pdf",
            "directory": root / "folder", "garbage": garbage, "empty": empty}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def argv(command: str, path: Path, tmp: Path) -> list[str]:
    return {
        "ingest": ["ingest", str(path)],
        "validate": ["validate", str(path)],
        "tables": ["tables", str(path)],
        "inspect": ["inspect", str(path)],
        "query": ["query", QUERY, "--data", str(path), "--format", "csv"],
        "load": ["load", "--store", str(tmp / "store"), "--jobs", "1", "--no-progress", str(path)],
        # serve reads no documents: the input is given where serve takes a path, as its store
        "serve": ["serve", "--store", str(path), "--port", str(free_port()), "--no-sample"],
    }[command]


# The expected exit code of every cell. 1 = data problems found: the sample's narrative disagrees with its tables
# (12 Violations), so validate reports them and load stores a document that does not validate.
EXPECTED = {
    #            pdf text turtle missing directory garbage empty
    "ingest":   (0,   0,   0,     2,      2,        2,      2),
    "validate": (0,   1,   1,     2,      2,        2,      2),
    "tables":   (0,   0,   0,     2,      2,        2,      2),
    "inspect":  (0,   0,   0,     2,      2,        2,      2),
    "query":    (0,   0,   0,     2,      2,        2,      2),
    "load":     (0,   1,   1,     2,      2,        2,      2),
    "serve":    (2,   2,   2,     None,   2,        2,      2),  # a missing store folder is created: served below
}
CELLS = [(c, i) for c in EXPECTED for i in INPUTS if EXPECTED[c][INPUTS.index(i)] is not None]


@pytest.mark.parametrize("command,kind", CELLS, ids=[f"{c}-{i}" for c, i in CELLS])
def test_matrix(command: str, kind: str, inputs: dict[str, Path], tmp_path: Path):
    path = inputs[kind]
    r = run_cli(*argv(command, path, tmp_path), timeout=180)
    expected = EXPECTED[command][INPUTS.index(kind)]
    assert "Traceback" not in r.stderr, r.stderr[-3000:]
    assert r.returncode == expected, f"{command} {kind}: exit {r.returncode}\n{r.stderr[-2000:]}"
    if expected == 2:
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1, r.stderr  # one line …
        assert lines[0].startswith(f"budgetkg {command}: ") and path.name in lines[0], lines  # … naming the input
        assert r.stdout == "", r.stdout[:500]
    elif command == "query":
        assert r.stdout.split()[0] == "n" and int(r.stdout.split()[1]) > 0, r.stdout
    elif command in ("tables", "ingest") and expected == 0:
        assert r.stdout.strip(), "data on stdout"


# -- what the matrix does not show -----------------------------------------------------------------------------

def test_help_documents_the_exit_codes():
    r = run_cli("--help")
    assert r.returncode == 0
    assert "exit codes" in r.stdout and "1  data problems found" in r.stdout and "2  unusable input" in r.stdout


def test_tables_without_such_a_table_is_a_data_problem(inputs: dict[str, Path]):
    r = run_cli("tables", str(inputs["pdf"]), "--table", "不存在")
    assert r.returncode == 1 and r.stdout == ""
    line, = r.stderr.strip().splitlines()
    assert "不存在" in line and "收支预算总表" in line, line  # names the tables there are
    r = run_cli("tables", str(inputs["turtle"]), "--table", "公开表1-2")
    assert r.returncode == 0 and r.stdout.startswith("# 公开表1-2 单位支出总表"), r.stderr


def test_query_data_is_relative_to_the_current_directory(inputs: dict[str, Path]):
    folder = inputs["turtle"].parent
    r = run_cli("query", QUERY, "--data", inputs["turtle"].name, "--format", "csv", cwd=folder)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["n", "13"]
    r = run_cli("query", QUERY, "--data", "missing.ttl", cwd=folder)
    assert r.returncode == 2 and r.stderr.strip() == "budgetkg query: missing.ttl: no such file"


def test_ingest_of_rdf_writes_it_in_another_format(inputs: dict[str, Path], tmp_path: Path):
    out = tmp_path / "sample.nt"
    r = run_cli("ingest", str(inputs["turtle"]), "--format", "nt", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8").count("\n") > 10_000


def test_rdf_that_is_not_a_document(tmp_path: Path):
    other = tmp_path / "other.ttl"
    other.write_text("<http://example.org/a> <http://example.org/b> 1 .\n", encoding="utf-8")
    r = run_cli("tables", str(other))
    assert r.returncode == 2 and "holds no budget document" in r.stderr and len(r.stderr.splitlines()) == 1
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix : <http://example.org/> .\n:a :b .\n", encoding="utf-8")
    r = run_cli("query", "ASK {}", "--data", str(broken))
    assert r.returncode == 2 and "broken.ttl: not valid RDF" in r.stderr and len(r.stderr.splitlines()) == 1


def test_json_has_one_shape_for_one_file_or_many(inputs: dict[str, Path]):
    """validate --format json and inspect --json: {valid, stats, reports}, one report per file, for 1 or 2 files."""
    one = json.loads(run_cli("validate", str(inputs["turtle"]), "--format", "json").stdout)
    two = run_cli("validate", str(inputs["turtle"]), str(inputs["empty"]), "--format", "json")
    assert two.returncode == 2
    two_out = json.loads(two.stdout)
    assert set(one) == set(two_out) == {"valid", "stats", "reports"}
    assert (len(one["reports"]), len(two_out["reports"])) == (1, 2)
    assert two_out["reports"][1]["errors"][0]["code"] == "empty-file"
    one = json.loads(run_cli("inspect", str(inputs["text"]), "--json").stdout)
    two = run_cli("inspect", str(inputs["text"]), str(inputs["missing"]), "--json")
    assert two.returncode == 2
    two_out = json.loads(two.stdout)
    assert set(one) == set(two_out) == {"valid", "stats", "reports"}
    assert (len(one["reports"]), len(two_out["reports"])) == (1, 2)
    assert two_out["reports"][1]["errors"][0]["code"] == "file-unreadable"


def test_a_pdf_shows_its_pages_on_a_terminal_only(inputs: dict[str, Path]):
    """``第 N/M 页`` per page when stderr is a terminal (a pseudo-terminal here); nothing when it is not."""
    import pty

    master, slave = pty.openpty()
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "budgetkg.cli", "inspect", str(inputs["pdf"])], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=120)
    os.close(master)
    text = seen.decode("utf-8", "replace")
    assert proc.returncode == 0, text
    assert all(f"第 {n}/12 页" in text for n in range(1, 13)), text
    r = run_cli("inspect", str(inputs["pdf"]))  # stderr a pipe: silent
    assert r.returncode == 0 and "页" not in r.stderr, r.stderr


def serve(store: Path, port: int, log: Path) -> subprocess.Popen:
    """``budgetkg serve --store STORE --port PORT`` with no BUDGETKG_* setting, answering ``ASK {}`` (90 s at most)."""
    import httpx

    env = {k: v for k, v in os.environ.items() if not k.startswith("BUDGETKG_")}
    env.update(PYTHONIOENCODING="utf-8", PYTHONPATH=str(ROOT))
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "budgetkg.cli", "serve", "--store", str(store), "--port",
                                 str(port)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while True:
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(proc)
            pytest.fail(f"the server did not answer in 90 s: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.3)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_serve_links_follow_the_port_and_a_locked_store_says_how_to_load(tmp_path: Path):
    import httpx

    port = free_port()
    store = tmp_path / "store"  # new: the bundled sample is loaded under the base the address gives
    proc = serve(store, port, tmp_path / "serve.log")
    try:
        url = f"http://127.0.0.1:{port}"
        base = f"http://localhost:{port}/"
        catalog = httpx.get(f"{url}/catalog", headers={"Accept": "text/turtle"}, timeout=30).text
        assert f"{base}dumps/" in catalog, catalog[:2000]
        assert "localhost:8000" not in catalog
        page = httpx.get(f"{url}/catalog", headers={"Accept": "text/html"}, timeout=30).text
        assert "localhost:8000" not in page
        graphs = httpx.get(f"{url}/sparql", params={"query": "SELECT ?g WHERE { GRAPH ?g {} }"},
                           headers={"Accept": "text/csv"}, timeout=30).text
        assert f"{base}id/doc/" in graphs, graphs  # the bundled sample, minted under the served address

        r = run_cli("load", "--store", str(store), str(SAMPLE))
        assert r.returncode == 2, r.stderr
        line, = r.stderr.strip().splitlines()
        assert "locked by a running budgetkg serve" in line and f"{url}/documents/" in line and "PUT" in line
        assert "stop the server" in line and "Traceback" not in r.stderr

        r = run_cli("serve", "--store", str(tmp_path / "other"), "--port", str(port))
        assert r.returncode == 2 and "(another server on that port?)" in r.stderr, r.stderr
    finally:
        stop(proc)


def test_serve_keeps_the_base_a_store_was_loaded_under(inputs: dict[str, Path], tmp_path: Path):
    """Documents loaded under http://localhost:8000/ keep their IRIs: served on another port, their pages still
    resolve, and serve says why the links name port 8000 and how to change it."""
    import httpx

    store = tmp_path / "store"
    r = run_cli("load", "--store", str(store), "--no-validate", "--no-progress", str(inputs["turtle"]))
    assert r.returncode == 0, r.stderr
    port = free_port()
    proc = serve(store, port, tmp_path / "serve.log")
    try:
        note = (tmp_path / "serve.log").read_text()
        assert "loaded under the base http://localhost:8000/" in note and f"--base http://localhost:{port}/" in note
        page = httpx.get(f"http://127.0.0.1:{port}/id/doc/51-301603/2025/budget", timeout=30)
        assert page.status_code == 200
    finally:
        stop(proc)


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_serve_refuses_a_port_that_is_none(port: str):
    r = run_cli("serve", "--port", port)
    assert r.returncode == 2 and "--port" in r.stderr and "Traceback" not in r.stderr
