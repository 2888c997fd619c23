"""The wheel ships ontology/ and shapes/; the code is ruff-clean (acceptance 5)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from budgetkg_testing import ROOT


def test_wheel_contains_ontology_and_shapes(tmp_path):
    r = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    wheel = next(tmp_path.glob("budgetkg-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "budgetkg/ontology/budget.ttl" in names
    assert any(n.startswith("budgetkg/ontology/codelists/") and n.endswith(".ttl") for n in names)
    assert any(n.startswith("budgetkg/shapes/") and n.endswith(".ttl") for n in names)
    assert "budgetkg/ingest/data/sample.txt" in names
    assert "budgetkg/server/__init__.py" in names


def test_ruff_clean():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed: pip install -e .[test]")
    r = subprocess.run([ruff, "check", str(ROOT)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-3000:]


def _top_level_imports_of_tests() -> set[str]:
    """The repository's top-level folders that some test imports (``bench``, ``budgetkg`` …)."""
    import ast

    folders = {p.name for p in ROOT.iterdir() if p.is_dir() and any(p.glob("*.py"))}
    found: set[str] = set()
    for path in (ROOT / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return found & folders


def test_sdist_installs_and_passes_tests(tmp_path):
    """``pip install .`` from the sdist: it holds every folder the tests read, installs into a fresh venv, and
    tests run from the unpacked sdist pass; the installed ``budgetkg`` command works."""
    import os
    import site
    import sysconfig
    import tarfile

    r = subprocess.run([sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(tmp_path / "dist"),
                        str(ROOT)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    sdist = next((tmp_path / "dist").glob("budgetkg-*.tar.gz"))
    with tarfile.open(sdist) as tar:
        top = tar.getnames()[0].split("/")[0]
        names = {n.removeprefix(top + "/") for n in tar.getnames()}
        tar.extractall(tmp_path, filter="data")
    tree = tmp_path / top
    needed = {"budgetkg", "ingest", "server", "ontology", "shapes", "tests", "tests/fixtures", "tests/fixtures/pdf",
              "tests/fixtures/ledger", *_top_level_imports_of_tests()}
    assert "bench" in needed  # tests/test_pdf_corpus.py imports bench.identities
    missing = sorted(d for d in needed if not any(n.startswith(d + "/") for n in names))
    assert not missing, f"the sdist lacks {missing}"
    assert {"README.md", "pyproject.toml", "ingest/data/sample.txt", "tests/fixtures/pdf/truth.json"} <= names

    # a fresh venv that sees this interpreter's packages (the dependencies, pytest) but not this checkout
    venv = tmp_path / "venv"
    r = subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    bindir = "Scripts" if os.name == "nt" else "bin"
    python = venv / bindir / ("python.exe" if os.name == "nt" else "python")
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    ours = dict.fromkeys([*site.getsitepackages(), sysconfig.get_paths()["purelib"]])  # a venv's own site-packages
    Path(purelib, "parent_site.pth").write_text("".join(f"{p}\n" for p in ours), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}

    r = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index",
                        "--disable-pip-version-check", str(sdist)], capture_output=True, text=True, timeout=300,
                       env=env, cwd=tmp_path)
    assert r.returncode == 0, (r.stdout + r.stderr)[-3000:]
    where = subprocess.run([str(python), "-c", "import budgetkg.ingest as m; print(m.__file__)"], capture_output=True,
                           text=True, env=env, cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout  # the install, not this checkout

    script = venv / bindir / ("budgetkg.exe" if os.name == "nt" else "budgetkg")
    r = subprocess.run([str(script), "inspect", "ingest/data/sample.txt"], capture_output=True, text=True,
                       env=env, cwd=tree, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "四川省人民政府办公厅信息技术服务中心" in r.stdout  # the sample's unit

    r = subprocess.run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_cli_errors.py",
                        "tests/test_validate.py", "-k", "not test_validate.py or sample"],
                       capture_output=True, text=True, env=env, cwd=tree, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:]
    passed = re.search(r"(\d+) passed", r.stdout)
    assert passed and int(passed.group(1)) >= 15 and " failed" not in r.stdout, r.stdout[-2000:]
