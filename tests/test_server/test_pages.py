"""The pages of issue 16 over HTTP (a real server on 127.0.0.1): the home page, the catalogue with its facets,
search, sorting and pages, on a store of four documents (the sample and three corpus PDFs: a district unit's
budget, a district department's final accounts and a city department's budget)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from html import unescape

import httpx
import pytest

from .conftest import BASE, ROOT, Server, start_server, stop_server

CORPUS = ROOT / "tests" / "fixtures" / "pdf"
PDFS = ["02_shanghai-putuo_sifaju_2026_unit-budget.pdf", "05_shanghai-putuo_caizhengju_2024_dept-final.pdf",
        "10_guangdong-shenzhen_tongjiju_2026_dept-budget.pdf"]
HTML = {"accept": "text/html"}
LOAD = """
import sys
from budgetkg.server.loading import load_documents
from budgetkg.server.store import OxigraphStore
store = OxigraphStore(sys.argv[1])
load_documents(store, sys.argv[3:], sys.argv[2])
store.close()
"""
SAMPLE_DOC = "/id/doc/51-301603/2025/budget"
PUTUO_UNIT_BUDGET = "/id/doc/31-50648f4887/2026/budget"
PUTUO_FINAL = "/id/doc/31-dae7287c88/2024/final"
SHENZHEN = "/id/doc/44-189e8a5760/2026/budget"


@pytest.fixture(scope="module")
def corpus_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    missing = [p for p in PDFS if not (CORPUS / p).is_file()]
    if missing:
        pytest.skip(f"corpus PDFs absent: {missing}")
    tmp = tmp_path_factory.mktemp("pages")
    files = [str(ROOT / "ingest" / "data" / "sample.txt"), *(str(CORPUS / p) for p in PDFS)]
    subprocess.run([sys.executable, "-c", LOAD, str(tmp / "store"), BASE, *files], cwd=ROOT, check=True,
                   timeout=300, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    srv = start_server(tmp, populate=False)
    yield srv
    stop_server(srv)


@pytest.fixture(scope="module")
def web(corpus_server: Server) -> Iterator[httpx.Client]:
    with corpus_server.client(headers=HTML) as client:
        yield client


def text_of(html: str) -> str:
    """What a reader sees: the page's text without tags and scripts, white space collapsed."""
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def links(html: str) -> list[tuple[str, str]]:
    """(href, text) of every link."""
    return [(unescape(h), text_of(t)) for h, t in re.findall(r'<a\b[^>]*href="([^"]*)"[^>]*>(.*?)</a>', html, re.S)]


def document_rows(html: str) -> list[str]:
    body = html.split('id="documents"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<td><a href="(/id/doc/[^"]+)">', body)


# --- step 1: the home page and the catalogue -------------------------------------------------------------


def test_home_page_says_what_this_is_and_leads_to_the_documents(web):
    r = web.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = text_of(r.text)
    assert "政府预算、决算公开文件" in page and "已收录 4 份文件" in page
    hrefs = dict(links(r.text))
    assert "/catalog" in hrefs and "/query" in hrefs  # the documents first, the query editor on its own page
    assert {"/catalog?year=2026", "/catalog?phase=executed", "/catalog?level=county", "/catalog?region=44"} <= set(hrefs)
    assert hrefs["/catalog?year=2026"] == "2026年"
    assert 'action="/catalog"' in r.text and 'name="q"' in r.text  # the search by unit name
    assert "SELECT" not in page and "yasgui" not in r.text.lower()  # no query editor on the home page


def test_home_page_in_english_by_accept_language_or_switch(corpus_server):
    with corpus_server.client() as client:
        en = client.get("/", headers={"accept": "text/html", "accept-language": "en-GB,en;q=0.9,zh;q=0.5"})
        assert "Chinese public budget disclosures" in text_of(en.text) and '<html lang="en">' in en.text
        assert "Accept-Language" in en.headers["vary"]
        zh = client.get("/", headers={"accept": "text/html", "accept-language": "zh-CN,zh;q=0.9,en;q=0.8"})
        assert "政府预算、决算公开文件" in text_of(zh.text)
        switched = client.get("/catalog?lang=en", headers=HTML)
        assert "Documents" in text_of(switched.text) and switched.cookies.get("lang") == "en"
        kept = client.get("/", headers=HTML)  # the switch is remembered (cookie)
        assert "Holding 4 documents" in text_of(kept.text)
        back = client.get("/?lang=zh", headers=HTML)
        assert "已收录" in text_of(back.text)
    # every page links to the other language, keeping its query
    page = httpx.get(corpus_server.url + "/catalog?phase=approved", headers=HTML).text
    assert "/catalog?phase=approved&amp;lang=en" in page


def test_query_editor_on_its_own_page_and_the_old_urls_work(web):
    for path in ("/query", "/sparql"):
        r = web.get(path)
        assert r.status_code == 200 and "yasgui" in r.text.lower(), path
    assert web.get("/sparql", params={"query": "ASK {}"}, headers={"accept": "application/sparql-results+json"}
                   ).json()["boolean"] is True


def test_catalogue_lists_every_document_with_its_facet_values(web):
    r = web.get("/catalog")
    assert r.status_code == 200
    assert sorted(document_rows(r.text)) == sorted([SAMPLE_DOC, PUTUO_UNIT_BUDGET, PUTUO_FINAL, SHENZHEN])
    row = re.search(r"<tr>\s*<td><a href=\"" + re.escape(PUTUO_FINAL) + r"\">.*?</tr>", r.text, re.S)
    assert row is not None
    cells = text_of(row.group(0))
    assert "上海市普陀区财政局2024年部门决算" in cells and "2024" in cells and "上海市" in cells
    assert "区县级" in cells and "决算" in cells and "部门" in cells
    facets = {f: text_of(m) for f, m in re.findall(r'<section class="facet" id="facet-(\w+)">(.*?)</section>', r.text, re.S)}
    assert set(facets) == {"year", "region", "level", "phase", "scope", "unit", "status"}
    assert "2026年 2" in facets["year"] and "2025年 1" in facets["year"] and "2024年 1" in facets["year"]
    assert "上海市 2" in facets["region"] and "四川省 1" in facets["region"] and "广东省 1" in facets["region"]
    assert "省级 1" in facets["level"] and "市级 1" in facets["level"] and "区县级 2" in facets["level"]
    assert "预算 3" in facets["phase"] and "决算 1" in facets["phase"]
    assert "部门 2" in facets["scope"] and "单位 2" in facets["scope"]
    assert "深圳市统计局（本级） 1" in facets["unit"]


def test_facet_counts_are_the_stores(web):
    """A facet's count is what its link gives, and agrees with a SPARQL count over the store."""
    q = ("SELECT ?y (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?d { ?d a <https://w3id.org/cn-budget/ontology#BudgetDocument> ;"
         " <https://w3id.org/cn-budget/ontology#fiscalYear> ?y } } GROUP BY ?y")
    counts = {b["y"]["value"]: int(b["n"]["value"]) for b in web.get(
        "/sparql", params={"query": q}, headers={"accept": "application/sparql-results+json"}).json()["results"]["bindings"]}
    page = web.get("/catalog").text
    for year, n in counts.items():
        assert f'href="/catalog?year={year}">{year}年</a> <span class="count">{n}</span>' in page
        assert len(document_rows(web.get(f"/catalog?year={year}").text)) == n


@pytest.mark.parametrize(("query", "expected"), [
    ("phase=executed", [PUTUO_FINAL]),
    ("level=county", [PUTUO_UNIT_BUDGET, PUTUO_FINAL]),
    ("level=city", [SHENZHEN]),
    ("region=51", [SAMPLE_DOC]),
    ("scope=unit&year=2026", [PUTUO_UNIT_BUDGET]),
    ("unit=" + BASE + "id/unit/44-189e8a5760", [SHENZHEN]),
    ("status=unchecked&phase=approved&region=44", [SHENZHEN]),
    ("year=2026&phase=executed", []),
])
def test_facets_filter(web, query, expected):
    r = web.get("/catalog?" + query)
    assert r.status_code == 200
    assert sorted(document_rows(r.text)) == sorted(expected)
    if not expected:
        assert "没有符合条件的文件" in text_of(r.text)
    else:
        assert "✕" in text_of(r.text)  # the chosen value, with the link that removes it


@pytest.mark.parametrize(("q", "expected"), [
    ("统计", [SHENZHEN]), ("普陀区", [PUTUO_UNIT_BUDGET, PUTUO_FINAL]), ("司法", [PUTUO_UNIT_BUDGET]),
    ("信息技术服务", [SAMPLE_DOC]), ("  财政局 ", [PUTUO_FINAL]), ("不存在的单位", []),
])
def test_search_by_any_part_of_the_unit_name(web, q, expected):
    r = web.get("/catalog", params={"q": q})
    assert sorted(document_rows(r.text)) == sorted(expected)
    assert f'value="{q.strip()}"' in r.text  # the search stays in its box


def test_search_and_facets_together_count_what_is_left(web):
    r = web.get("/catalog", params={"q": "普陀"})
    facets = {f: text_of(m) for f, m in re.findall(r'<section class="facet" id="facet-(\w+)">(.*?)</section>', r.text, re.S)}
    assert "区县级 2" in facets["level"] and "省级" not in facets["level"]
    assert "预算 1" in facets["phase"] and "决算 1" in facets["phase"]


def test_catalogue_sorts_and_pages(web):
    by_year = document_rows(web.get("/catalog?sort=year").text)
    assert by_year[0] == PUTUO_FINAL and by_year[1] == SAMPLE_DOC  # 2024, 2025, then the two of 2026
    newest = document_rows(web.get("/catalog?sort=-year").text)
    assert newest[-1] == PUTUO_FINAL
    by_unit = document_rows(web.get("/catalog?sort=unit").text)
    assert by_unit == sorted(by_unit, key=lambda p: {SAMPLE_DOC: "四川", PUTUO_UNIT_BUDGET: "上海市普陀区司",
                                                     PUTUO_FINAL: "上海市普陀区财", SHENZHEN: "深圳"}[p])
    pages = [document_rows(web.get(f"/catalog?sort=year&per=3&page={n}").text) for n in (1, 2)]
    assert len(pages[0]) == 3 and len(pages[1]) == 1 and not set(pages[0]) & set(pages[1])
    first = web.get("/catalog?sort=year&per=3").text
    assert 'rel="next" href="/catalog?sort=year&amp;per=3&amp;page=2"' in first and "第 1 / 2 页" in text_of(first)
    assert document_rows(web.get("/catalog?sort=year&per=3&page=99").text) == pages[1]  # past the end: the last page


def test_catalogue_rdf_is_unchanged(web):
    r = web.get("/catalog", headers={"accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle") and "dcat:Dataset" in r.text


def test_catalogue_pages_are_fast(web):
    web.get("/catalog")  # the first read of the catalogue
    took = []
    for query in ("", "?year=2026", "?q=统计", "?level=county&sort=unit", "?page=1&per=10"):
        start = time.perf_counter()
        assert web.get("/catalog" + query).status_code == 200
        took.append(time.perf_counter() - start)
    start = time.perf_counter()
    web.get("/")
    took.append(time.perf_counter() - start)
    assert max(took) < 0.5, took


def test_catalogue_handles_odd_parameters(web):
    for query in ("?page=abc", "?per=-5", "?sort=nonsense", "?year=<script>", "?q=%00", "?unit=javascript:alert(1)"):
        r = web.get("/catalog" + query)
        assert r.status_code == 200 and "<script>" not in r.text.split("</header>", 1)[1], query
