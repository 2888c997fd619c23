"""Helpers shared by the top-level tests: paths and running the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "ingest" / "data" / "sample.txt"
CORPUS = ROOT / "tests" / "fixtures" / "pdf"  # the real disclosures: truth.json's eight and wide/manifest.json's


def require_corpus() -> None:
    """Skip the calling test module when the corpus folder itself is absent; a missing file in it fails."""
    import pytest

    if not (CORPUS / "truth.json").is_file():
        pytest.skip(f"the corpus folder {CORPUS} is absent", allow_module_level=True)


def run_cli(*args: str, cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run ``budgetkg`` as a user would (a real subprocess)."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "budgetkg.cli", *args], capture_output=True, text=True, cwd=cwd or ROOT,
        env=env, timeout=timeout,
    )
