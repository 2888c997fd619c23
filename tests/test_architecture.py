"""The house rules that keep the code readable: layers, no import cycles, types checked (issue 13).

The import graph is read from the source (every ``import``, deferred ones inside functions included, since a cycle
hidden in a function is still a cycle; only ``if TYPE_CHECKING:`` blocks are left out).
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from budgetkg_testing import ROOT

PACKAGES = ("ingest", "server", "ontology")


def module_files() -> dict[str, Path]:
    """``budgetkg.<package>.<module>`` → its file, for the code that is installed."""
    found = {}
    for path in sorted((ROOT / "budgetkg").glob("*.py")):
        found["budgetkg" if path.stem == "__init__" else f"budgetkg.{path.stem}"] = path
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "static" in path.parts:
                continue
            parts = ["budgetkg", *path.relative_to(ROOT).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The in-repo modules ``name`` imports (a package's ``__init__`` counts when a name comes from it)."""
    package = name if path.stem == "__init__" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if _type_checking_only(node):
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                if sub in known:
                    found.add(sub)
                elif source in known:
                    found.add(source)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    files = module_files()
    known = set(files)
    return {name: imports_of(name, path, known) for name, path in files.items()}


def test_the_graph_is_read():
    """The reader of imports sees the edges it must see (so the tests below can fail)."""
    graph = import_graph()
    assert "budgetkg.ingest.model" in graph["budgetkg.ingest.mapping"]
    assert "budgetkg.server.store" in graph["budgetkg.server.store_factory"]
    assert "budgetkg.ingest.validate" in graph["budgetkg.cli_validate"]


def test_ingest_imports_nothing_from_server():
    graph = import_graph()
    wrong = {m: sorted(d for d in deps if d.startswith("budgetkg.server"))
             for m, deps in graph.items() if m.startswith("budgetkg.ingest")}
    assert not {m: d for m, d in wrong.items() if d}


def test_the_store_knows_nothing_of_ingest():
    """A store keeps graphs; reading documents is the caller's business."""
    graph = import_graph()
    stores = [m for m in graph if m.startswith("budgetkg.server.store") or m.startswith("budgetkg.server.remote")]
    assert stores
    wrong = {m: sorted(d for d in graph[m] if d.startswith("budgetkg.ingest")) for m in stores}
    assert not {m: d for m, d in wrong.items() if d}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for v in graph:
        if v not in index:
            strong(v)
    return out


def test_cycles_are_found():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles():
    """A package's ``__init__`` re-exporting its modules is not a cycle; modules importing each other are."""
    graph = import_graph()
    for name, deps in graph.items():  # a module reaching its own package's __init__ goes through the re-export
        package = name.rpartition(".")[0]
        deps.discard(package)
    assert _cycles(graph) == []


def _mypy() -> str:
    found = shutil.which("mypy", path=str(Path(sys.executable).parent)) or shutil.which("mypy")
    if found is None:
        pytest.fail("mypy is not installed: pip install -e .[test]")
    return found


def test_mypy_clean(tmp_path):
    """mypy over the installed layout: budgetkg/ with ingest, server and ontology inside it (links here)."""
    tree = tmp_path / "budgetkg"
    tree.mkdir()
    for path in (ROOT / "budgetkg").glob("*.py"):
        os.symlink(path, tree / path.name)
    for package in PACKAGES:
        os.symlink(ROOT / package, tree / package)
    r = subprocess.run([_mypy(), "--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(tmp_path / "cache"),
                        "-p", "budgetkg"], cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout[-4000:]
