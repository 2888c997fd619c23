"""Minting of data IRIs: the only place that builds them (DESIGN §3).

IRIs are deterministic: the same document yields the same IRIs on every run.

A unit is ``{base}id/unit/{region}-{name hash}`` (:func:`unit_iri`): ``region`` is the GB/T 2260 code of its
jurisdiction without trailing zero pairs (51 = 四川省, 4403 = 深圳市, 510107 = 成都市武侯区; ``cn`` when the name gives
none) and the hash is of its normalised name (:mod:`ingest.organisation`), so one unit has one IRI across years,
phases and 部门/单位 documents. A document keeps its earlier path ``{base}id/doc/{province}-{unit code or name
hash}/{year}/{phase}`` (the province prefix, the budget unit code where the text prints one), so published
document IRIs do not change; a 单位 document without a printed unit code adds ``-unit`` to the name hash, so that a
部门's document and its 本级 单位 document of one year (one unit, one name) are two graphs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import lru_cache

from rdflib import URIRef

from ..ontology.namespaces import DOC_PATH, FILE_PATH, UNIT_PATH, YEAR_PATH
from .model import Document, Phase, Scope
from .organisation import document_evidence, jurisdiction, unit_key

DEFAULT_BASE = "http://localhost:8000/"

PHASE_SLUG = {Phase.BUDGET: "budget", Phase.FINAL: "final"}

# GB/T 2260 province-level prefixes by short name, and a few cities by name. Not used to resolve a unit's
# jurisdiction any more (ingest.organisation reads any province, city or county from the 民政部 list); kept for the
# catalogue's facets (server/portal.py).
REGIONS = {
    "北京": "11", "天津": "12", "河北": "13", "山西": "14", "内蒙古": "15", "辽宁": "21", "吉林": "22",
    "黑龙江": "23", "上海": "31", "江苏": "32", "浙江": "33", "安徽": "34", "福建": "35", "江西": "36",
    "山东": "37", "河南": "41", "湖北": "42", "湖南": "43", "广东": "44", "广西": "45", "海南": "46",
    "重庆": "50", "四川": "51", "贵州": "52", "云南": "53", "西藏": "54", "陕西": "61", "甘肃": "62",
    "青海": "63", "宁夏": "64", "新疆": "65",
}
# A few cities whose units are named without their province.
CITY_REGIONS = {"深圳": "44", "广州": "44", "烟台": "37", "青岛": "37", "苏州": "32", "南京": "32",
                "成都": "51", "杭州": "33", "武汉": "42", "西安": "61"}


def region_of(unit_name: str) -> str | None:
    """GB/T 2260 province prefix of the unit's jurisdiction (``"51"`` for 四川省…, ``"44"`` for 深圳市…), or None
    (:func:`ingest.organisation.jurisdiction`; a name that fits divisions of two provinces gives None)."""
    return jurisdiction(unit_name).province


def _name_key(name: str) -> str:
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def unit_iri(base: str, name: str, evidence: Sequence[str] = ()) -> URIRef:
    """The IRI of the unit called ``name`` (``evidence``: the document's words that may decide an ambiguous place)."""
    return URIRef(f"{base}{UNIT_PATH}{unit_key(name, evidence)}")


def slug(text: str) -> str:
    """A lowercase ASCII path segment; non-ASCII text becomes a short stable hash."""
    ascii_part = re.sub(r"[^0-9A-Za-z]+", "-", text).strip("-").lower()
    if ascii_part and ascii_part.isascii() and len(ascii_part) >= len(text) * 0.6:
        return ascii_part
    return ("t" + ascii_part + "-" if ascii_part else "t") + _name_key(text)


class IRIs:
    """IRI factory for one document under a configurable base."""

    def __init__(self, doc: Document, base: str = DEFAULT_BASE):
        self.base = base if base.endswith("/") else base + "/"
        region = doc.region or "cn"
        key = doc.unit_code or _name_key(doc.unit_name)
        if doc.scope is Scope.UNIT and not doc.unit_code:
            # a 部门's own 单位 document (本级) names the 部门's unit: without a printed unit code both documents
            # of a year had one path, and loading the one replaced the other (issue 17)
            key += "-unit"
        self.doc_key = f"{region}-{key}"  # the document's path, as before (stable document IRIs)
        self.unit_key = unit_key(doc.unit_name, document_evidence(doc))
        self.doc_path = f"{DOC_PATH}{self.doc_key}/{doc.year}/{PHASE_SLUG[doc.phase]}"
        self.sha256 = doc.sha256
        self._tables: dict[str, URIRef] = {}  # every cell's IRI starts with its table's

    def _ref(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    @property
    def unit(self) -> URIRef:
        return self._ref(f"{UNIT_PATH}{self.unit_key}")

    def unit_named(self, name: str, evidence: Sequence[str] = ()) -> URIRef:
        """Another unit, by its name (a 部门 the document names, a unit it lists)."""
        return unit_iri(self.base, name, evidence)

    @property
    def document(self) -> URIRef:
        return self._ref(self.doc_path)

    @property
    def file(self) -> URIRef:
        return self._ref(f"{FILE_PATH}{self.sha256}")

    @property
    def extraction(self) -> URIRef:
        return self._ref(f"{self.doc_path}/extraction")

    def year(self, year: int) -> URIRef:
        return self._ref(f"{YEAR_PATH}{year}")

    def table(self, label: str) -> URIRef:
        ref = self._tables.get(label)
        if ref is None:
            ref = self._tables[label] = self._ref(f"{self.doc_path}/table/{table_key(label)}")
        return ref

    def column(self, label: str, index: int) -> URIRef:
        return URIRef(f"{self.table(label)}/col/{index}")

    def row(self, label: str, index: int) -> URIRef:
        return URIRef(f"{self.table(label)}/row/{index}")

    def cell(self, label: str, row: int, column: int) -> URIRef:
        return URIRef(f"{self.table(label)}/row/{row}/col/{column}")

    def source(self, of: URIRef) -> URIRef:
        return URIRef(f"{of}/source")

    def project(self, label: str, row: int) -> URIRef:
        return self._ref(f"{self.doc_path}/project/{table_key(label)}-{row}")

    def goal(self, index: int) -> URIRef:
        return self._ref(f"{self.doc_path}/goal/{index}")

    def indicator(self, goal: int, index: int) -> URIRef:
        return URIRef(f"{self.goal(goal)}/indicator/{index}")

    def section(self, index: int) -> URIRef:
        return self._ref(f"{self.doc_path}/section/{index}")

    def claim(self, index: int) -> URIRef:
        return self._ref(f"{self.doc_path}/claim/{index}")

    def term(self, index: int) -> URIRef:
        return self._ref(f"{self.doc_path}/term/{index}")


@lru_cache(maxsize=4096)
def table_key(label: str) -> str:
    """Path segment for a table label: "公开表1-2" → "1-2", "表一" → "t…", "收支总表" → hash."""
    m = re.search(r"表\s*([0-9]+(?:-[0-9]+)?)", label)
    if m:
        again = re.search(r"（(\d+)）$", label)  # the second sheet printed with the same label: "表14（2）" → "14_2"
        return m.group(1) + (f"_{again.group(1)}" if again else "")
    return slug(label)
