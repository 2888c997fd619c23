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


def _reader_digest() -> str:
    """A digest of the code that reads a PDF's unit name: a change to it makes cached names stale."""
    import hashlib

    h = hashlib.sha1()
    for rel in ("ingest/extract/pdf_identity.py", "ingest/extract/pdf_layout.py", "ingest/identity.py"):
        h.update((ROOT / rel).read_bytes())
    return h.hexdigest()[:12]


def cached_unit_names(cache, rels, read) -> dict[str, str]:
    """The unit name ``read(path)`` gives for each corpus file ``rels`` (relative to :data:`CORPUS`), from pytest's
    cache (``cache``: ``request.config.cache``) when the file and the reading code are unchanged; shared by
    tests/test_region_codes.py and tests/test_unit_identity.py (the same key and stamp)."""
    digest = _reader_digest()
    out = {}
    for rel in rels:
        path = CORPUS / rel
        st = path.stat()
        stamp = [st.st_size, st.st_mtime, digest]
        key = f"budgetkg/unit-names/{rel}"
        hit = cache.get(key, None)
        if hit and hit.get("stamp") == stamp:
            out[rel] = hit["unit"]
            continue
        out[rel] = read(path)
        cache.set(key, {"stamp": stamp, "unit": out[rel]})
    return out
