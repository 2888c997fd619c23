"""The evidence beside the number: a document's source file (the PDF or text it was read from) and the page a cell
or claim was printed on, as an image with its box drawn.

The store names a source file by its SHA-256 (``{base}id/file/{sha256}``, content-addressed) and keeps no bytes;
the files are kept beside an on-disk store, in ``{store}-sources/{sha256}.pdf`` (or ``.txt``): :func:`keep_source`
puts one there (what ``load`` and ``PUT /documents`` can call with the bytes they read). A document whose file is
not there has its pages without the image, as before."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from .store import GraphStore, OxigraphStore

SHA256 = re.compile(r"[0-9a-f]{64}")
SUFFIXES = {".pdf": "application/pdf", ".txt": "text/plain; charset=utf-8"}
RESOLUTION = 110  # dots per inch of a page image (a 1077 pt wide landscape page: about 1650 px)


def sources_folder(store: GraphStore) -> Path | None:
    if isinstance(store, OxigraphStore) and store.path:
        return Path(store.path).with_name(Path(store.path).name + "-sources")
    return None


def keep_source(store: GraphStore, data: bytes, suffix: str) -> Path | None:
    """Keep a source file's bytes beside the store under their SHA-256 (nothing for a remote or in-memory store)."""
    folder = sources_folder(store)
    if folder is None or suffix not in SUFFIXES:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (hashlib.sha256(data).hexdigest() + suffix)
    if not path.exists():
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(path)
    return path


def source_path(store: GraphStore, sha: str) -> Path | None:
    """The kept file of ``sha`` (None when it is not kept or ``sha`` is no SHA-256)."""
    folder = sources_folder(store)
    if folder is None or not SHA256.fullmatch(sha):
        return None
    for suffix in SUFFIXES:
        path = folder / (sha + suffix)
        if path.is_file():
            return path
    return None


def parse_box(text: str | None) -> tuple[float, float, float, float] | None:
    """``x0,top,x1,bottom`` in PDF points (pdfplumber's coordinates, as ``cnb:bbox`` holds them)."""
    if not text:
        return None
    try:
        parts = [float(p) for p in re.split(r"[ ,]+", text.strip())]
    except ValueError:
        return None
    if len(parts) != 4 or parts[0] > parts[2] or parts[1] > parts[3] or min(parts) < 0 or max(parts) > 20000:
        return None
    return parts[0], parts[1], parts[2], parts[3]


@lru_cache(maxsize=64)
def page_png(path: str, page: int, box: tuple[float, float, float, float] | None) -> bytes | None:
    """Page ``page`` (1-based) of the PDF at ``path`` as a PNG, with ``box`` drawn; None past the last page."""
    import io

    import pdfplumber

    with pdfplumber.open(path) as pdf:
        if not 1 <= page <= len(pdf.pages):
            return None
        image = pdf.pages[page - 1].to_image(resolution=RESOLUTION)
        if box is not None:
            x0, top, x1, bottom = box
            image.draw_rect((x0 - 2, top - 2, x1 + 2, bottom + 2), stroke=(200, 0, 0), fill=(255, 0, 0, 40),
                            stroke_width=3)
        out = io.BytesIO()
        image.save(out, format="PNG")
        return out.getvalue()
