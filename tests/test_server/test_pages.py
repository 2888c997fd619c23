"""The pages of issue 16 over HTTP (a real server on 127.0.0.1): the home page, the catalogue with its facets,
search, sorting and pages, on a store of four documents (the sample and three corpus PDFs: a district unit's
budget, a district department's final accounts and a city department's budget)."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from html import unescape
from pathlib import Path

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
# The corpus documents by their titles (their IRIs come from ingest: looked up, not typed here).
TITLES = {"sample": "四川省人民政府办公厅信息技术服务中心2025年单位预算", "putuo_budget": "上海市普陀区司法局2026年单位预算",
          "putuo_final": "上海市普陀区财政局2024年部门决算", "shenzhen": "深圳市统计局（本级）2026年部门预算"}
SPARQL_JSON = {"accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def corpus_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    missing = [p for p in PDFS if not (CORPUS / p).is_file()]
    if missing:
        pytest.skip(f"corpus PDFs absent: {missing}")
    tmp = tmp_path_factory.mktemp("pages")
    files = [str(ROOT / "ingest" / "data" / "sample.txt"), *(str(CORPUS / p) for p in PDFS)]
    subprocess.run([sys.executable, "-c", LOAD, str(tmp / "store"), BASE, *files], cwd=ROOT, check=True,
                   timeout=300, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    for pdf in PDFS:  # the source files kept beside the store, as server/sources.keep_source keeps them
        data = (CORPUS / pdf).read_bytes()
        (tmp / "store-sources").mkdir(exist_ok=True)
        (tmp / "store-sources" / (hashlib.sha256(data).hexdigest() + ".pdf")).write_bytes(data)
    srv = start_server(tmp, populate=False)
    yield srv
    stop_server(srv)


@pytest.fixture(scope="module")
def web(corpus_server: Server) -> Iterator[httpx.Client]:
    with corpus_server.client(headers=HTML) as client:
        yield client


@pytest.fixture(scope="module")
def docs(web) -> dict[str, str]:
    """Page path of each document (by title), and of each one's unit (``{key}_unit``)."""
    q = ("SELECT ?d ?t ?u WHERE { GRAPH ?d { ?d <http://purl.org/dc/terms/title> ?t ; "
         "<https://w3id.org/cn-budget/ontology#unit> ?u } }")
    rows = web.get("/sparql", params={"query": q}, headers=SPARQL_JSON).json()["results"]["bindings"]
    found = {r["t"]["value"]: (r["d"]["value"], r["u"]["value"]) for r in rows}
    out = {}
    for key, title in TITLES.items():
        doc, unit = found[title]
        out[key], out[key + "_unit"] = "/" + doc.removeprefix(BASE), "/" + unit.removeprefix(BASE)
        out[key + "_unit_iri"] = unit
    return out


def text_of(html: str) -> str:
    """What a reader sees: the page's text without tags and scripts, white space collapsed."""
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def links(html: str) -> list[tuple[str, str]]:
    """(href, text) of every link."""
    return [(unescape(h), text_of(t)) for h, t in re.findall(r'<a\b[^>]*href="([^"]*)"[^>]*>(.*?)</a>', html, re.S)]


def document_rows(html: str, docs: dict[str, str] | None = None) -> list[str]:
    """The documents a catalogue page lists (their keys when ``docs`` is given)."""
    body = html.split('id="documents"', 1)[1].split("</table>", 1)[0]
    paths = re.findall(r'<td><a href="(/id/doc/[^"]+)">', body)
    if docs is None:
        return paths
    keys = {v: k for k, v in docs.items()}
    return [keys.get(p, p) for p in paths]


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


def test_catalogue_lists_every_document_with_its_facet_values(web, docs):
    r = web.get("/catalog")
    assert r.status_code == 200
    assert sorted(document_rows(r.text, docs)) == sorted(TITLES)
    row = re.search(r"<tr>\s*<td><a href=\"" + re.escape(docs["putuo_final"]) + r"\">.*?</tr>", r.text, re.S)
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
    ("phase=executed", ["putuo_final"]),
    ("level=county", ["putuo_budget", "putuo_final"]),
    ("level=city", ["shenzhen"]),
    ("region=51", ["sample"]),
    ("scope=unit&year=2026", ["putuo_budget"]),
    ("unit={shenzhen_unit_iri}", ["shenzhen"]),
    ("status=unchecked&phase=approved&region=44", ["shenzhen"]),
    ("year=2026&phase=executed", []),
])
def test_facets_filter(web, docs, query, expected):
    r = web.get("/catalog?" + query.format(**docs))
    assert r.status_code == 200
    assert sorted(document_rows(r.text, docs)) == sorted(expected)
    if not expected:
        assert "没有符合条件的文件" in text_of(r.text)
    else:
        assert "✕" in text_of(r.text)  # the chosen value, with the link that removes it


@pytest.mark.parametrize(("q", "expected"), [
    ("统计", ["shenzhen"]), ("普陀区", ["putuo_budget", "putuo_final"]), ("司法", ["putuo_budget"]),
    ("信息技术服务", ["sample"]), ("  财政局 ", ["putuo_final"]), ("不存在的单位", []),
])
def test_search_by_any_part_of_the_unit_name(web, docs, q, expected):
    r = web.get("/catalog", params={"q": q})
    assert sorted(document_rows(r.text, docs)) == sorted(expected)
    assert f'value="{q.strip()}"' in r.text  # the search stays in its box


def test_search_and_facets_together_count_what_is_left(web):
    r = web.get("/catalog", params={"q": "普陀"})
    facets = {f: text_of(m) for f, m in re.findall(r'<section class="facet" id="facet-(\w+)">(.*?)</section>', r.text, re.S)}
    assert "区县级 2" in facets["level"] and "省级" not in facets["level"]
    assert "预算 1" in facets["phase"] and "决算 1" in facets["phase"]


def test_catalogue_sorts_and_pages(web, docs):
    by_year = document_rows(web.get("/catalog?sort=year").text, docs)
    assert by_year[:2] == ["putuo_final", "sample"]  # 2024, 2025, then the two of 2026
    newest = document_rows(web.get("/catalog?sort=-year").text, docs)
    assert newest[-1] == "putuo_final"
    by_unit = document_rows(web.get("/catalog?sort=unit").text, docs)
    assert by_unit == sorted(by_unit, key=lambda k: TITLES[k])
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


# --- step 2: document, table, unit, cell and code pages -----------------------------------------------------

TABLE = SAMPLE_DOC + "/table/1-2"
CELL = TABLE + "/row/1/col/0"  # 事业运行 · 合计 = 385.31 万元


def statement(html: str, name: str) -> str:
    """The text of the statements row whose property is ``name``."""
    for th, td in re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>', html, re.S):
        if text_of(th).split(" ")[0] == name:
            return text_of(td)
    raise AssertionError(f"no statement {name!r} on the page")


def test_document_page_speaks_chinese_and_keeps_the_printed_order(web):
    r = web.get(SAMPLE_DOC)
    assert r.status_code == 200
    page = text_of(r.text)
    assert "四川省人民政府办公厅信息技术服务中心2025年单位预算" in page
    for name in ("预算年度", "原始文件", "所属单位", "包含章节", "包含表", "数值陈述"):
        statement(r.text, name)  # property names in Chinese
    assert "fiscalYear" not in page and "hadPrimarySource" not in page and "hasClaim" not in page
    sections = statement(r.text, "包含章节")
    assert sections.index("一、收支预算情况说明") < sections.index("三、一般公共预算当年拨款情况说明") \
        < sections.index("六、政府性基金预算支出情况说明") < sections.index("八、其他重要事项的情况说明")
    tables = statement(r.text, "包含表")
    assert tables.index("公开表1 ") < tables.index("公开表1-1") < tables.index("公开表1-2") < tables.index("公开表2 ")
    claims = [t for h, t in links(r.text.split("数值陈述", 1)[1].split("</tr>", 1)[0]) if "/claim/" in h]
    assert len(claims) == 54 and not any(c.isdigit() for c in claims)  # named by what they state, not 0, 1, 10 …
    assert "上年结转：1,702.15万元" in claims


def test_document_page_in_english(web):
    page = text_of(web.get(SAMPLE_DOC + "?lang=en").text)
    assert "fiscal year" in page and "has claim" in page and "primary source" in page
    web.get("/?lang=zh")  # back to Chinese for the other tests (the cookie)


def test_chart_titles_name_the_year_and_phase_not_an_iri(web, docs):
    r = web.get(docs["sample_unit"])
    titles = re.findall(r"<title>(.*?)</title>", r.text.split("</head>", 1)[1])
    charts = [t for t in titles if "class" in t]
    assert charts and all("2025年预算" in t for t in charts), charts
    assert not any("/" in t.split("—")[-1] for t in charts)
    doc = web.get(SAMPLE_DOC).text
    assert "— 51-301603" not in doc and "budget/" not in "".join(re.findall(r"<title>(.*?)</title>", doc))


def test_table_page_indents_classes_and_formats_amounts(web):
    r = web.get(TABLE)
    assert r.status_code == 200 and "金额单位：万元" in text_of(r.text)
    body = r.text.split('id="budget-lines"', 1)[1].split("</table>", 1)[0]
    assert '<td class="line lvl-3"><a href="/id/doc/51-301603/2025/budget/table/1-2/row/1">事业运行</a></td>' in body
    assert '<a href="/code/func/2010350">201 03 50</a>' in body  # the code as printed, linked to the code list
    assert ">21,749.66</a>" in body and ">21,212.28</a>" in body  # thousands separators
    assert f'href="{CELL}"' in body  # each amount opens its cell
    three = web.get(SAMPLE_DOC + "/table/3").text.split('id="budget-lines"', 1)[1]
    assert "lvl-1" in three and "lvl-2" in three and "lvl-3" in three  # 类 款 项 indented


def test_cell_page_says_where_and_how_much(web):
    r = web.get(CELL)
    page = text_of(r.text)
    title = re.search(r"<h1>(.*?)</h1>", r.text, re.S)
    assert title is not None and text_of(title.group(1)) == "公开表1-2 · 事业运行 · 合计：385.31 万元"
    assert "http" not in re.search(r"<title>(.*?)</title>", r.text).group(1)  # the title is no IRI
    assert "385.31 万元 = 3,853,100 元" in page and "印于 第 193 行" in page
    assert statement(r.text, "金额（元）") == "3,853,100 元" and statement(r.text, "公开数") == "385.31 万元"
    assert "58262100" not in page and "3853100" not in page


def test_unit_page_groups_and_pages_its_incoming_links(web, docs):
    r = web.get(docs["sample_unit"])
    page = text_of(r.text)
    assert "本单位的文件 1" in page and "本单位的金额 294" in page
    amounts = r.text.split("本单位的金额", 1)[1].split("</ul>", 1)[0]
    names = [t for _, t in links(amounts)]
    assert len(names) == 20 and all("·" in n and "万元" in n for n in names)  # labelled, not numbered
    assert "第 1 / 15 页" in page
    last = web.get(docs["sample_unit"], params={"in": "http://data.openbudgets.eu/ontology/dsd/dimension/organization",
                                                  "page": "15"})
    assert "第 15 / 15 页" in text_of(last.text)
    rest = [t for _, t in links(last.text.split("本单位的金额", 1)[1].split("</ul>", 1)[0])]
    assert len(rest) == 294 - 14 * 20
    assert r.text.count("<a ") < 150  # not ~200 numbered links
    listed = r.text.split('id="documents"', 1)[1].split("</table>", 1)[0]
    assert "2025" in text_of(listed) and "预算" in text_of(listed) and SAMPLE_DOC in listed


def test_claim_page_names_its_sentence(web):
    r = web.get(SAMPLE_DOC + "/claim/27")
    assert statement(r.text, "陈述数值") == "21,597.59 万元"
    assert "三、一般公共预算当年拨款情况说明" in statement(r.text, "所在章节")


def test_code_lists_are_listed(web):
    r = web.get("/code/")
    assert r.status_code == 200
    names = dict((t, h) for h, t in links(r.text.split('id="code-lists"', 1)[1]))
    assert names["支出功能分类科目"] == "/code/func" and "Expenditure functional classification" in text_of(r.text)
    assert "/code/econ" in names.values() and "/code/scope" in names.values()
    from rdflib import URIRef
    from rdflib.namespace import SKOS

    from budgetkg.server.vocabulary import ontology_graph

    func = len(set(ontology_graph().subjects(SKOS.inScheme, URIRef("https://w3id.org/cn-budget/code/func"))))
    assert func > 800 and f">{func}<" in r.text, "each list with the number of its codes"
    ttl = web.get("/code/", headers={"accept": "text/turtle"})
    assert ttl.status_code == 200 and "ConceptScheme" in ttl.text


def test_code_list_page_lists_its_codes_by_level(web):
    r = web.get("/code/func")
    body = r.text.split('class="budget-lines concepts"', 1)[1]
    assert '<a href="/code/func/201">201</a>' in body and '<a href="/code/func/2010350">2010350</a>' in body
    assert "lvl-1" in body and "lvl-2" in body and "lvl-3" in body
    concept = web.get("/code/func/201")
    assert "下级" in text_of(concept.text) and "人大事务" in text_of(concept.text)
    assert web.get("/code/func/201", headers={"accept": "text/turtle"}).status_code == 200
    assert web.get("/code/no/such/code").status_code == 404


def test_resource_pages_are_fast(web, docs):
    """Once a document's check has run (its first visit starts it), its pages answer in well under a second."""
    for path in (SAMPLE_DOC, TABLE, CELL, docs["sample_unit"], "/code/func/201", docs["shenzhen"]):
        if path in (SAMPLE_DOC, docs["shenzhen"]):
            checked_page(web, path)
        web.get(path)
        start = time.perf_counter()
        assert web.get(path).status_code == 200
        assert time.perf_counter() - start < 1.0, path


# --- step 3: the validation findings on the document page ----------------------------------------------------


def checked_page(web: httpx.Client, path: str, params: dict | None = None) -> str:
    """The document page once its check has run (the first visit starts it and may say it is running)."""
    deadline = time.monotonic() + 120
    while True:
        html = web.get(path, params=params).text
        if 'id="findings"' in html and 'class="pending"' not in html:
            return html
        assert 'http-equiv="refresh"' in html and "正在检查本文件" in text_of(html) or "being checked" in text_of(html)
        assert time.monotonic() < deadline, "the document's check did not finish in 120 s"
        time.sleep(1)


def test_document_page_shows_its_findings_each_linking_to_its_cell(web, corpus_server):
    html = checked_page(web, SAMPLE_DOC)
    section = html.split('id="findings"', 1)[1].split("</section>", 1)[0]
    page = text_of(section)
    sample = ROOT / "ingest" / "data" / "sample.txt"
    with sample.open("rb") as f:  # the same document through POST /validate: the same counts
        report = httpx.post(corpus_server.url + "/validate", files={"file": ("sample.txt", f, "text/plain")},
                            timeout=120).json()["reports"][0]
    counts = report["counts"]
    assert counts["Violation"] > 0
    assert f"未通过检查 — 错误 {counts['Violation']} · 警告 {counts['Warning']} · 提示 {counts['Info']}" in page
    findings = re.findall(r'<li class="finding" id="(finding-\d+)">(.*?)</li>\s*</ul>', section, re.S)
    assert len(findings) == sum(counts.values())
    amount = [f for f in report["findings"] if f["code"] == "claim-amount"][0]
    assert amount["message_zh"] in page
    cells = [h for _, body in findings for h, _ in links(body) if "/col/" in h]
    assert cells, "no finding links to a cell"
    for side in amount["sides"]:  # each side of a finding links to its page
        assert f'href="/{side["node"].removeprefix(BASE)}"' in section
    cell = web.get(cells[0]).text  # the cell's page names the finding and links back to it
    about = cell.split('id="about-findings"', 1)[1].split("</section>", 1)[0]
    assert re.search(r"href=\"" + re.escape(SAMPLE_DOC) + r"#finding-\d+\"", about)
    assert "19,510.13 万元" in page  # a side's amount with separators


def test_findings_in_english(web):
    html = checked_page(web, SAMPLE_DOC, {"lang": "en"})
    page = text_of(html.split('id="findings"', 1)[1].split("</section>", 1)[0])
    assert "Does not pass the checks" in page and "The narrative states" in page
    web.get("/?lang=zh")


def test_catalogue_status_facet_follows_the_checks(web, docs):
    checked_page(web, SAMPLE_DOC)
    r = web.get("/catalog?status=violations")
    assert document_rows(r.text, docs) == ["sample"]
    assert "sample" not in document_rows(web.get("/catalog?status=unchecked").text, docs)
    row = re.search(r"<tr>\s*<td><a href=\"" + re.escape(SAMPLE_DOC) + r"\">.*?</tr>", r.text, re.S)
    assert row is not None and "有错误" in text_of(row.group(0))


def test_findings_are_kept_beside_the_store(corpus_server, web):
    checked_page(web, SAMPLE_DOC)
    kept = list((corpus_server.store_path.parent / "store-findings").glob("*.json"))
    assert kept and any(SAMPLE_DOC in p.read_text(encoding="utf-8") for p in kept)


# --- step 4: API docs offline, a table as CSV and XLSX ---------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_api_docs_work_offline(web):
    r = web.get("/docs")
    assert r.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in assets and "/static/vendor/swagger-ui/swagger-ui.css" in assets
    assert not [a for a in assets if a.startswith(("http:", "https:", "//"))]  # nothing from a CDN
    for asset in assets:
        assert web.get(asset).status_code == 200, asset
    assert "<script>" not in r.text  # no inline script (Content-Security-Policy script-src 'self')
    spec = web.get("/openapi.json", headers={"accept": "application/json"}).json()
    assert {"/", "/catalog", "/code/", "/id/{path}.xlsx", "/sparql"} <= set(spec["paths"])


def test_a_table_answers_csv_by_content_negotiation(web):
    r = web.get(TABLE, headers={"accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    lines = r.text.splitlines()
    assert lines[0].startswith("row,row_index,code,label") and len(lines) == 10
    assert "事业运行,385.31" in r.text
    assert web.get(TABLE, params={"format": "csv"}).text == r.text == web.get(TABLE + ".csv").text
    assert web.get(SAMPLE_DOC, headers={"accept": "text/csv"}).status_code == 406  # a document is no table


def test_a_table_downloads_as_xlsx(web):
    from io import BytesIO

    from openpyxl import load_workbook

    r = web.get(TABLE + ".xlsx")
    assert r.status_code == 200 and r.headers["content-type"] == XLSX
    assert r.headers["content-disposition"].endswith('.xlsx"')
    sheet = load_workbook(BytesIO(r.content)).active
    assert sheet["A1"].value == "公开表1-2 单位支出总表" and sheet["C1"].value == "金额单位：万元"
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 9
    line = [row for row in rows if row[1] == "事业运行"][0]
    assert str(line[2]) == "385.31" and line[-1].endswith("/table/1-2/row/1")  # a number, not text
    csv = web.get(TABLE + ".csv").text.splitlines()[1:]
    assert [str(row[2]) if row[2] is not None else "" for row in rows] == [c.split(",")[4] for c in csv]
    assert web.get(TABLE, params={"format": "xlsx"}).content[:2] == b"PK"
    assert web.get(TABLE, headers={"accept": XLSX}).headers["content-type"] == XLSX
    assert web.get(SAMPLE_DOC + ".xlsx").status_code == 404
    page = web.get(TABLE).text
    assert f'href="{TABLE}.xlsx"' in page and f'href="{TABLE}.csv"' in page  # the downloads on the table's page


# --- step 5: the query page (results formatted and downloadable; the browser test runs it) ---------------------


def test_query_page_offers_downloads_and_keeps_examples_folded(web):
    r = web.get("/query")
    assert 'id="download-csv"' in r.text and 'id="download-json"' in r.text
    assert '<details class="examples" id="examples">' in r.text  # no wall of buttons above the editor
    script = web.get("/static/query.js").text
    assert "formatLiteral" in script and "isEllipsed: false" in script
    query = "SELECT ?amount WHERE { ?c <http://data.openbudgets.eu/ontology/dsd/measure/amount> ?amount } LIMIT 2"
    for accept, check in (("text/csv", lambda t: t.splitlines()[0] == "amount"),
                          ("application/sparql-results+json", lambda t: '"bindings"' in t)):
        got = web.post("/sparql", data={"query": query}, headers={"accept": accept})  # what the buttons send
        assert got.status_code == 200 and got.headers["content-type"].startswith(accept) and check(got.text)


# --- a unit's history: its documents across the years side by side -------------------------------------------


def start_generated_server(tmp: Path, count: int = 3) -> tuple[Server, list[dict]]:
    """A server over ``count`` generated documents of one unit over consecutive years (bench/generate_corpus.py)
    and the generator's manifest (the totals by function class, in 元)."""
    out = tmp / "corpus"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate_corpus.py"), "--count", str(count), "--seed", "1",
                    "--out", str(out)], cwd=ROOT, check=True, timeout=300, capture_output=True)
    files = sorted(str(p) for p in (out / "rdf").glob("*.nt"))
    subprocess.run([sys.executable, "-c", LOAD, str(tmp / "store"), BASE, *files], cwd=ROOT, check=True,
                   timeout=300, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    manifest = [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    return start_server(tmp, populate=False), manifest


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, list[dict]]]:
    srv, manifest = start_generated_server(tmp_path_factory.mktemp("history"))
    yield srv, manifest
    stop_server(srv)


def test_unit_page_shows_its_history_by_function_class(history):
    srv, manifest = history
    unit = "/" + manifest[0]["unit"].removeprefix(BASE)
    with srv.client(headers=HTML) as client:
        r = client.get(unit)
    assert r.status_code == 200
    section = r.text.split('id="history"', 1)[1].split("</section>", 1)[0]
    table = section.split('id="history-table"', 1)[1]
    heads = [text_of(h) for h in re.findall(r'<th scope="col">(.*?)</th>', table, re.S)][1:]
    assert heads == [f"{m['year']}年预算" for m in manifest]  # the documents side by side, by year
    for code in manifest[0]["classes"]:
        row = re.search(f'<tr><th scope="row"><a href="/code/func/{code}">{code}</a>(.*?)</tr>', table, re.S)
        assert row is not None, code
        cells = [text_of(c) for c in re.findall(r'<td class="num">(.*?)</td>', row.group(1))]
        assert cells == [f"{Decimal(m['classes'].get(code, 0)) / 10000:,.2f}" for m in manifest], code
    assert section.count("<rect") >= len(manifest)  # the stacked columns
    assert "2021年预算" in section.split("</svg>", 1)[0]
    # the per-document charts show the latest document only, under the history
    assert r.text.count('class="chart"') == 2 and "2023年预算" in r.text.split('id="charts"', 1)[1]


def test_unit_history_needs_two_documents(web, docs):
    assert 'id="history"' not in web.get(docs["sample_unit"]).text  # one document: nothing to compare



# --- the evidence beside the number: the printed page with the cell's box ------------------------------------


def test_cell_page_shows_the_printed_page_with_its_box(web, docs):
    from io import BytesIO

    from PIL import Image

    cell = docs["shenzhen"] + "/table/1/row/1/col/0"  # 表1 收支总表 · 1.一般公共预算拨款 = 5,417.80 万元
    r = web.get(cell)
    assert r.status_code == 200
    figure = r.text.split('id="evidence"', 1)[1].split("</figure>", 1)[0]
    assert "第 16 页" in text_of(figure) and "5,417.80" in text_of(figure)
    src = unescape(re.search(r'<img src="([^"]+)"', figure).group(1))
    assert re.fullmatch(r"/id/file/[0-9a-f]{64}/page/16\.png\?box=280\.7,269\.4,537\.3,291\.4", src), src
    assert 'alt="原文第 16 页' in figure
    png = web.get(src)
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    image = Image.open(BytesIO(png.content)).convert("RGB")
    scale = image.width / 1077.15  # the page is 1077.15 pt wide
    x, y = int(280.7 * scale) - 1, int((269.4 + 291.4) / 2 * scale)  # the box's left edge, half way down
    red, green, blue = image.getpixel((x, y))
    assert red > 150 and green < 80 and blue < 80, (red, green, blue)  # the box is drawn there
    plain = Image.open(BytesIO(web.get(src.split("?")[0]).content)).convert("RGB")
    assert plain.getpixel((x, y))[1] > 150  # and not without ?box
    pdf = web.get(figure.split('href="', 1)[1].split('"', 1)[0].split("#")[0])
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"


def test_claim_page_shows_its_sentence_on_the_page(web, docs):
    page = web.get(docs["shenzhen"] + "/claim/1").text
    assert 'id="evidence"' in page and "/page/5.png?box=" in page


def test_source_files_are_served_only_when_kept(web, docs):
    assert web.get("/id/file/" + "0" * 64 + "/content").status_code == 404
    assert web.get("/id/file/not-a-hash/content").status_code == 404
    doc = web.get(docs["shenzhen"]).text
    download = re.search(r'<a class="button" href="(/id/file/[0-9a-f]{64}/content)">下载原文件</a>', doc)
    assert download is not None and web.get(download.group(1)).content[:5] == b"%PDF-"
    assert 'id="evidence"' not in web.get(CELL).text  # the sample is text: no page to show
    sha = download.group(1).split("/")[3]
    assert web.get(f"/id/file/{sha}/page/999.png").status_code == 404
    assert web.get(f"/id/file/{sha}/page/1.png", params={"box": "x"}).status_code == 200  # a bad box is ignored


def test_findings_cache_survives_a_restart(tmp_path):
    """A report kept beside an on-disk store is found again by a new cache (a restarted server) without a new
    check, and forgotten when the document's source file changes."""
    from budgetkg.server.findings import FindingsCache
    from budgetkg.server.loading import load_documents
    from budgetkg.server.store import OxigraphStore

    store = OxigraphStore(tmp_path / "store")
    load_documents(store, [ROOT / "ingest" / "data" / "sample.txt"], BASE)
    doc = BASE + SAMPLE_DOC.lstrip("/")
    first = FindingsCache(store)
    report = first.check(doc)[0].result(timeout=120)
    assert first.summary(doc) == report["counts"]["Violation"] > 0
    again = FindingsCache(store)
    assert again.summary(doc) == report["counts"]["Violation"]  # from index.json
    assert again.report(doc)["counts"] == report["counts"]  # from the document's file
    again.remember(doc, {"counts": {"Violation": 0}}, source="http://example.org/another-file")
    assert FindingsCache(store).report(doc) is None  # kept for another source file: not this document's
    first.close()
    again.close()
    store.close()


def test_not_found_page_leads_home(web):
    r = web.get("/id/unit/no-such-unit")
    assert r.status_code == 404
    hrefs = {h for h, _ in links(r.text.split("</header>", 1)[1])}
    assert {"/", "/catalog", "/query"} <= hrefs
    assert "未找到该资源" in text_of(r.text)
    assert "This IRI names nothing" in text_of(web.get("/id/unit/no-such-unit?lang=en").text)
    web.get("/?lang=zh")
