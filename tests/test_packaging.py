"""The wheel ships ontology/ and shapes/; the code is ruff-clean (acceptance 5)."""

from __future__ import annotations

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
