"""The document catalogue behind the home page and ``/catalog``: one SPARQL query lists every document with what
the facets need (year, region, level, phase, scope, unit), cached until the store changes; facets, search by unit
name, sorting and pages are worked out on those rows (a store holds about a thousand documents, not millions).

Region is the province of the unit's division (``dct:spatial`` ``…/id/region/440300``, else ``cnb:regionCode``);
the level (省 / 市 / 区县) is read from the six-digit GB/T 2260 code when there is one, else from the unit's name (上海市普陀区司法局 is
a district's, 深圳市统计局 a city's, 北京市公安局 a province-level municipality's)."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from math import ceil
from typing import Any

from budgetkg.ingest.iri import CITY_REGIONS, REGIONS
from budgetkg.ontology.namespaces import CNB, OBEU_DIM

from .findings import FindingsCache
from .store import GraphStore, OxigraphStore

REMOTE_TTL = 60.0  # seconds a remote store's catalogue is reused (its writes are not seen here)
PROVINCES = {code: name for name, code in REGIONS.items()}
PROVINCE_SUFFIX = {"11": "市", "12": "市", "31": "市", "50": "市", "15": "自治区", "45": "壮族自治区",
                   "54": "自治区", "64": "回族自治区", "65": "维吾尔自治区"}
MUNICIPALITIES = ("北京", "天津", "上海", "重庆")
PROVINCES_EN = {"11": "Beijing", "12": "Tianjin", "13": "Hebei", "14": "Shanxi", "15": "Inner Mongolia", "21": "Liaoning",
                "22": "Jilin", "23": "Heilongjiang", "31": "Shanghai", "32": "Jiangsu", "33": "Zhejiang", "34": "Anhui",
                "35": "Fujian", "36": "Jiangxi", "37": "Shandong", "41": "Henan", "42": "Hubei", "43": "Hunan",
                "44": "Guangdong", "45": "Guangxi", "46": "Hainan", "50": "Chongqing", "51": "Sichuan", "52": "Guizhou",
                "53": "Yunnan", "54": "Tibet", "61": "Shaanxi", "62": "Gansu", "63": "Qinghai", "64": "Ningxia",
                "65": "Xinjiang"}
LEVELS = {"province": ("省级", "Province"), "city": ("市级", "City"), "county": ("区县级", "County / district")}
PHASES = {"approved": ("预算", "Budget"), "executed": ("决算", "Final accounts")}
SCOPES = {"department": ("部门", "Department"), "unit": ("单位", "Unit")}
STATUSES = {"conforms": ("通过检查", "Passes the checks"), "violations": ("有错误", "Has violations"),
            "unchecked": ("尚未检查", "Not checked yet")}
FACETS = ("year", "region", "level", "phase", "scope", "unit", "status")
SORTS = {"year": "年度 Year", "title": "标题 Title", "unit": "单位 Unit", "region": "地区 Region",
         "status": "检查 Status"}
PAGE_SIZES = (10, 25, 50, 100)
_NAME = re.compile(r"^(?:中共)?(?P<prov>.{2,7}?(?:省|自治区))?(?P<city>.{2,5}?市)?(?P<county>.{1,6}?(?:区|县|旗))?")


def region_name(code: str, lang: str = "zh") -> str:
    """四川省 for ``51`` (the code itself when unknown); 6-digit codes name their province."""
    name = PROVINCES.get(code[:2])
    if name and lang == "en":
        return PROVINCES_EN.get(code[:2], name)
    if not name:
        return code or ("未知" if lang == "zh" else "unknown")
    return name + PROVINCE_SUFFIX.get(code[:2], "省")


def level_of(unit_name: str, region_code: str = "") -> str:
    """province / city / county: from a six-digit GB/T 2260 code, else from the unit's name."""
    if len(region_code) == 6 and region_code.isdigit():
        if region_code.endswith("0000") or region_code[:2] in ("11", "12", "31", "50") and region_code[2:4] == "00":
            return "province"
        return "city" if region_code.endswith("00") else "county"
    m = _NAME.match(unit_name.strip())
    if m is None:
        return "province"
    if m["county"] and (m["city"] or m["prov"] or any(unit_name.startswith(p) for p in MUNICIPALITIES)):
        return "county"
    city = (m["city"] or "").removeprefix("中共").removesuffix("市")
    if m["city"] and not any(city.startswith(p) for p in MUNICIPALITIES):
        return "city"
    if not m["prov"] and not m["city"] and any(unit_name.lstrip("中共").startswith(c) for c in CITY_REGIONS):
        return "city"
    return "province"


@dataclass
class Doc:
    """One row of the catalogue."""

    iri: str
    path: str
    title: str = ""
    year: str = ""
    phase: str = ""  # approved | executed
    scope: str = ""  # department | unit
    unit: str = ""
    unit_path: str = ""
    unit_name: str = ""
    region: str = ""  # the province: the first two digits of the GB/T 2260 code
    place: str = ""  # the six-digit GB/T 2260 code of the unit's division (dct:spatial), when the store has it
    level: str = ""
    status: str = "unchecked"  # conforms | violations | unchecked
    violations: int = 0

    def value(self, facet: str) -> str:
        return str(getattr(self, facet))


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def read_documents(store: GraphStore, base: str) -> list[Doc]:
    """Every document graph's document with its facet values: one query."""
    rows = store.select(f"""
        PREFIX cnb: <{CNB}> PREFIX dct: <http://purl.org/dc/terms/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?doc ?title ?year ?phase ?scope ?unit ?name ?region ?place WHERE {{
          GRAPH ?doc {{ ?doc a cnb:BudgetDocument .
            OPTIONAL {{ ?doc dct:title ?title }} OPTIONAL {{ ?doc cnb:fiscalYear ?year }}
            OPTIONAL {{ ?doc <{OBEU_DIM.budgetPhase}> ?phase }} OPTIONAL {{ ?doc cnb:scope ?scope }}
            OPTIONAL {{ ?doc cnb:unit ?unit OPTIONAL {{ ?unit skos:prefLabel ?name }}
                       OPTIONAL {{ ?unit cnb:regionCode ?region }} OPTIONAL {{ ?unit dct:spatial ?place }} }} }} }}""")
    docs: dict[str, Doc] = {}
    for r in rows:
        iri = str(r["doc"])
        d = docs.get(iri)
        if d is None:
            d = docs[iri] = Doc(iri, "/" + iri.removeprefix(base) if iri.startswith(base) else iri)
        d.title = d.title or str(r.get("title", ""))
        d.year = d.year or str(r.get("year", ""))
        d.phase = d.phase or _local(str(r.get("phase", "")))
        d.scope = d.scope or _local(str(r.get("scope", "")))
        if "unit" in r and not d.unit:
            d.unit = str(r["unit"])
            d.unit_path = "/" + d.unit.removeprefix(base) if d.unit.startswith(base) else d.unit
        d.unit_name = d.unit_name or str(r.get("name", ""))
        d.region = d.region or str(r.get("region", ""))
        place = _local(str(r.get("place", "")))
        if place.isdigit() and len(place) == 6 and (not d.place or len(place.rstrip("0")) > len(d.place.rstrip("0"))):
            d.place = place  # the most precise division the unit is placed in (dct:spatial, GB/T 2260)
    for d in docs.values():
        d.title = d.title or d.unit_name or d.iri
        d.level = level_of(d.unit_name or d.title, d.place or d.region)
        if not d.region:
            d.region = (d.place or _local(d.unit).split("-", 1)[0] if d.unit else "")[:2]
        d.region = d.region[:2] if d.region[:2].isdigit() else d.region
    return list(docs.values())


@dataclass
class Catalogue:
    """The cached rows and when they were read."""

    docs: list[Doc]
    generation: int
    read_at: float = field(default_factory=time.monotonic)


class Portal:
    """The catalogue of one store, read again when the store has changed (or, for a remote store, after a minute)."""

    def __init__(self, store: GraphStore, base: str, findings: FindingsCache):
        self.store, self.base, self.findings = store, base, findings
        self._cached: Catalogue | None = None
        self._lock = threading.Lock()

    def documents(self) -> list[Doc]:
        c = self._cached
        fresh = c is not None and c.generation == self.store.generation and (
            isinstance(self.store, OxigraphStore) or time.monotonic() - c.read_at < REMOTE_TTL)
        if not fresh:
            with self._lock:
                c = self._cached
                if c is None or c.generation != self.store.generation or not isinstance(self.store, OxigraphStore):
                    c = self._cached = Catalogue(read_documents(self.store, self.base), self.store.generation)
        assert c is not None
        for d in c.docs:  # validation results arrive as documents are checked
            known = self.findings.summary(d.iri)
            if known is not None:
                d.status = "conforms" if known == 0 else "violations"
                d.violations = known
        return c.docs


def facet_label(facet: str, value: str, lang: str, docs: list[Doc] | None = None) -> str:
    zh = lang == "zh"
    if facet == "year":
        return f"{value}年" if zh else value
    if facet == "region":
        return region_name(value, lang)
    table = {"level": LEVELS, "phase": PHASES, "scope": SCOPES, "status": STATUSES}.get(facet)
    if table is not None:
        pair = table.get(value)
        return (pair[0] if zh else pair[1]) if pair else value or ("未知" if zh else "unknown")
    if facet == "unit":
        for d in docs or ():
            if d.unit == value:
                return d.unit_name or _local(value)
    return value


def search(docs: list[Doc], q: str) -> list[Doc]:
    """Documents whose unit name or title holds ``q`` (any part of the name; case and width folded)."""
    needle = _fold(q)
    if not needle:
        return docs
    return [d for d in docs if needle in _fold(d.unit_name) or needle in _fold(d.title)]


def _fold(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", text).casefold().replace(" ", "")


def _facet_order(facet: str, value: str, label: str, count: int) -> tuple[Any, ...]:
    """Years newest first, the fixed lists in their order, the rest by count then label."""
    if facet == "year":
        return (-int(value) if value.isdigit() else 0, value)
    fixed = {"level": LEVELS, "phase": PHASES, "scope": SCOPES, "status": STATUSES}.get(facet)
    if fixed is not None:
        order = list(fixed)
        return (order.index(value) if value in order else 99, value)
    return (-count, label)


@dataclass
class Browse:
    """What the catalogue page shows."""

    rows: list[Doc]
    total: int
    page: int
    pages: int
    per: int
    facets: dict[str, list[dict[str, Any]]]
    chosen: dict[str, str]


def browse(docs: list[Doc], chosen: dict[str, str], q: str, sort: str, page: int, per: int, lang: str) -> Browse:
    """Filter by the chosen facet values and the search, count every facet's values among the documents the
    other choices leave (so a count is what its link gives), sort and cut one page."""
    found = search(docs, q)
    facets: dict[str, list[dict[str, Any]]] = {}
    for facet in FACETS:
        others = [d for d in found if all(d.value(f) == v for f, v in chosen.items() if f != facet)]
        counts: dict[str, int] = {}
        for d in others:
            counts[d.value(facet)] = counts.get(d.value(facet), 0) + 1
        items = sorted(((v, facet_label(facet, v, lang, others), n) for v, n in counts.items() if v),
                       key=lambda x: _facet_order(facet, x[0], x[1], x[2]))
        facets[facet] = [{"value": v, "label": label, "count": n, "active": chosen.get(facet) == v}
                         for v, label, n in items]
    rows = [d for d in found if all(d.value(f) == v for f, v in chosen.items())]
    key, _, _ = sort.lstrip("-").partition(":")
    descending = sort.startswith("-")
    sorters = {"year": lambda d: (d.year, d.unit_name, d.phase), "title": lambda d: d.title,
               "unit": lambda d: (d.unit_name, d.year), "region": lambda d: (d.region, d.unit_name, d.year),
               "status": lambda d: (d.status, -d.violations, d.unit_name)}
    rows.sort(key=sorters.get(key, sorters["year"]), reverse=descending)
    per = per if 1 <= per <= 100 else 25
    pages = max(1, ceil(len(rows) / per))
    page = min(max(1, page), pages)
    return Browse(rows[(page - 1) * per: page * per], len(rows), page, pages, per, facets, chosen)


def portal_of(app: Any, store: GraphStore, settings: Any) -> Portal:
    """The app's portal (made on first use: one per application and store)."""
    portal = getattr(app.state, "portal", None)
    if portal is None or portal.store is not store:
        portal = app.state.portal = Portal(store, settings.base_iri, findings_of(app, store))
    return portal


def findings_of(app: Any, store: GraphStore) -> FindingsCache:
    cache = getattr(app.state, "findings", None)
    if cache is None or cache.store is not store:
        cache = app.state.findings = FindingsCache(store)
    return cache
