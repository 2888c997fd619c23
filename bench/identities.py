"""Print, per document, the share of arithmetic identities that hold after extraction, and each failure.

Usage: python bench/identities.py [PDF ...]   (default: the fixture corpus). The identities themselves are
in :mod:`ingest.identities` (also shown by ``budgetkg inspect``).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from budgetkg.ingest.identities import Identity, identities  # noqa: E402,F401  (re-exported for the tests)

CORPUS = ROOT / "tests" / "fixtures" / "pdf"


def main(argv: list[str]) -> int:
    from budgetkg.ingest.extract.pdf import read_pdf

    paths = [Path(a) for a in argv] or sorted(CORPUS.glob("*.pdf"))
    held = total = 0
    for path in paths:
        doc = read_pdf(path.read_bytes(), path.name)
        ids = identities(doc)
        ok = sum(i.holds for i in ids)
        held, total = held + ok, total + len(ids)
        share = 100 * ok / len(ids) if ids else 100.0
        print(f"{path.name}: {ok}/{len(ids)} identities hold ({share:.2f} %)")
        for i in ids:
            if not i.holds:
                print(f"    FAIL {i}")
    print(f"overall: {held}/{total} ({100 * held / total if total else 100:.2f} %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
