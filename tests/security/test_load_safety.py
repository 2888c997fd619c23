"""``budgetkg load`` under failure: a crash in the middle of replacing a document graph leaves the old graph or
the new one, never an empty one; a disk that fills up ends with a clear message and the batch summary."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from budgetkg.server.store import OxigraphStore

from .conftest import ROOT

BASE = "http://localhost:8000/"
DOC = f"{BASE}id/doc/88-000001/2025/budget"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/cn-budget/ontology#BudgetDocument>"

# Runs `budgetkg load`, killing the process (SIGKILL) right after its first write to the store.
KILL_AFTER_FIRST_WRITE = """
import os, signal, sys
import budgetkg.server.batch_load as bl

class KillAfterWrite:
    def __init__(self, native):
        self._native = native
    def __getattr__(self, name):
        attr = getattr(self._native, name)
        if name not in ("update", "load", "bulk_load", "extend"):
            return attr
        def call(*args, **kwargs):
            result = attr(*args, **kwargs)
            os.kill(os.getpid(), signal.SIGKILL)
            return result
        return call

original = bl.Writer.__init__
def init(self, store):
    original(self, store)
    if self.native is not None:
        self.native = KillAfterWrite(self.native)
bl.Writer.__init__ = init
from budgetkg.cli import main
sys.exit(main(["load", *sys.argv[1:]]))
"""

# Runs `budgetkg load` with files limited to a few megabytes: RocksDB's writes fail as on a full disk.
SMALL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from budgetkg.cli import main
sys.exit(main(["load", *sys.argv[2:]]))
"""


def document(path: Path, doc: str, version: str, n: int) -> Path:
    lines = [f"<{doc}> {TYPE} ."]
    lines += [f'<{doc}/item/{i}> <http://www.w3.org/2000/01/rdf-schema#label> "{version} item {i}, some padding" .'
              for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def load(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def count(store_path: Path, graph: str) -> int:
    store = OxigraphStore(store_path)
    try:
        return store.triple_counts().get(graph, 0)
    finally:
        store.close()


def test_a_crash_during_a_replace_leaves_the_old_or_the_new_graph(tmp_path):
    """Hole 5: ``load`` replaced a graph in two writes (DROP, then load); a crash between them left 0 triples."""
    store = tmp_path / "store"
    (tmp_path / "old").mkdir()
    old = document(tmp_path / "old" / "doc.nt", DOC, "old", 300)
    first = load("import sys; from budgetkg.cli import main; sys.exit(main(['load', *sys.argv[1:]]))",
                 str(old), "--store", str(store), "--base", BASE, "--no-validate", "--jobs", "1", "--no-progress")
    assert first.returncode == 0, first.stderr[-2000:]
    assert count(store, DOC) == 301 + 4  # with the cnb:SourceFile statements
    (tmp_path / "new").mkdir()
    new = document(tmp_path / "new" / "doc.nt", DOC, "new", 500)
    killed = load(KILL_AFTER_FIRST_WRITE, str(new), "--store", str(store), "--base", BASE, "--no-validate",
                  "--jobs", "1", "--no-progress")
    assert killed.returncode == -9, killed.stderr[-2000:]
    assert count(store, DOC) in (301 + 4, 501 + 4)  # the old graph or the new one


def test_a_full_disk_ends_with_a_clear_error_and_the_summary(tmp_path):
    """Hole 7: a disk that filled during ``load`` ended in a raw traceback without the summary."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(4):
        document(docs / f"d{i}.nt", f"{BASE}id/doc/88-00000{i}/2025/budget", "v1", 20_000)
    run = load(SMALL_DISK, str(4_000_000), str(docs), "--store", str(tmp_path / "store"), "--base", BASE,
               "--no-validate", "--jobs", "1", "--no-progress")
    assert run.returncode == 1
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert "could not be written" in run.stderr and "STOPPED" in run.stderr
    assert "loaded " in run.stderr and " of 4 files" in run.stderr
