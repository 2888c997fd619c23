"""Headless Chromium: a person's path through the pages (home → facet → document → table → cell; a finding to its
cell; a unit's page; the API docs), the query page with formatted results and its CSV / JSON downloads. Each step
asserts what is on the screen.

Screenshots go to tests/artifacts/ (gitignored). Skipped, with the reason, when chromium or selenium is absent.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).parents[1] / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # pragma: no cover
    webdriver = None

pytestmark = pytest.mark.skipif(
    webdriver is None or not CHROMIUM or not DRIVER,
    reason="needs Debian chromium + chromium-driver (apt-get install -y chromium chromium-driver) and selenium",
)


DOWNLOADS = Path(tempfile.mkdtemp(prefix="budgetkg-downloads-"))
DOC = "/id/doc/51-301603/2025/budget"


@pytest.fixture(scope="module")
def browser():
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="budgetkg-chromium-")
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                 "--window-size=1280,1000", "--disable-dev-shm-usage", "--lang=zh-CN"]:
        opts.add_argument(flag)
    opts.add_experimental_option("prefs", {"download.default_directory": str(DOWNLOADS),
                                           "download.prompt_for_download": False,
                                           "intl.accept_languages": "zh-CN,zh"})  # a Chinese reader
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    driver.set_page_load_timeout(30)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(DOWNLOADS)})
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def test_query_page_runs_a_query(browser, server):
    ARTIFACTS.mkdir(exist_ok=True)
    browser.get(server.url + "/query")
    wait = WebDriverWait(browser, 20)
    wait.until(lambda d: d.execute_script("return !!window.budgetkgYasgui"))
    query = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 7"
    buttons = browser.find_elements(By.CSS_SELECTOR, "button.example")
    if buttons:  # an example query from ontology/queries, behind its summary
        assert not buttons[0].is_displayed()  # no wall of buttons above the editor
        browser.find_element(By.CSS_SELECTOR, "#examples summary").click()
        buttons[0].click()
    else:
        browser.execute_script("var t = window.budgetkgYasgui.getTab(); t.setQuery(arguments[0]); t.getYasqe().query();",
                               query)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".yasr table tbody tr")))
    rows = browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")
    browser.save_screenshot(str(ARTIFACTS / "query-page.png"))
    assert len(rows) >= 1


def test_a_shared_query_link_shows_its_results(browser, server):
    """Opening /sparql?query=… in the browser loads that query into the editor and shows its rows."""
    from urllib.parse import quote

    ARTIFACTS.mkdir(exist_ok=True)
    query = "SELECT ?doc ?title WHERE { ?doc <http://purl.org/dc/terms/title> ?title } LIMIT 3"
    browser.get(f"{server.url}/sparql?query={quote(query)}")
    wait = WebDriverWait(browser, 20)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".yasr table tbody tr")))
    assert browser.execute_script("return window.budgetkgYasgui.getTab().getQuery()") == query
    assert len(browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")) >= 1
    browser.save_screenshot(str(ARTIFACTS / "shared-query-link.png"))


def shot(browser, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def visible(browser, css: str) -> str:
    return browser.find_element(By.CSS_SELECTOR, css).text


def wait_for_findings(browser, timeout: float = 90) -> None:
    """The document page once its check has run (its first visit starts it; the page reloads itself)."""
    WebDriverWait(browser, timeout).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#findings p.summary"))


def test_walk_home_facet_document_table_cell(browser, server):
    browser.get(server.url + "/")
    assert "政府预算、决算公开文件" in visible(browser, "main h1")
    shot(browser, "walk-1-home")
    browser.find_element(By.LINK_TEXT, "2025年").click()  # a facet value on the home page
    WebDriverWait(browser, 10).until(ec.url_contains("/catalog?year=2025"))
    assert "年度: 2025年" in visible(browser, ".chosen")
    rows = browser.find_elements(By.CSS_SELECTOR, "#documents tbody tr")
    assert len(rows) == 1 and "四川省人民政府办公厅信息技术服务中心" in rows[0].text and "省级" in rows[0].text
    shot(browser, "walk-2-catalogue-facet")
    rows[0].find_element(By.PARTIAL_LINK_TEXT, "2025年单位预算").click()
    WebDriverWait(browser, 10).until(ec.url_contains(DOC))
    assert visible(browser, "main h1").startswith("四川省人民政府办公厅信息技术服务中心2025年单位预算")
    statements = visible(browser, "table.statements")
    assert "预算年度" in statements and "包含表" in statements and "fiscalYear" not in statements
    wait_for_findings(browser)
    assert "未通过检查" in visible(browser, "#findings p.summary")
    assert "= 21,597.59 万元" in visible(browser, "#findings")  # a stated amount with its separators
    shot(browser, "walk-3-document")
    browser.find_element(By.LINK_TEXT, "公开表1-2 单位支出总表").click()
    WebDriverWait(browser, 10).until(ec.url_contains("/table/1-2"))
    assert "金额单位：万元" in visible(browser, "#lines h2")
    lines = browser.find_elements(By.CSS_SELECTOR, "#budget-lines tr")
    assert len(lines) == 10 and "21,749.66" in lines[1].text
    indented = browser.find_element(By.LINK_TEXT, "事业运行").find_element(By.XPATH, "..")
    assert float(indented.value_of_css_property("padding-left").removesuffix("px")) > 20  # 项 indented
    shot(browser, "walk-4-table")
    browser.find_element(By.CSS_SELECTOR, '#budget-lines a.cell[href$="/table/1-2/row/1/col/0"]').click()
    WebDriverWait(browser, 10).until(ec.url_contains("/row/1/col/0"))
    assert visible(browser, "main h1") == "公开表1-2 · 事业运行 · 合计：385.31 万元"
    assert visible(browser, "#cell-value") == "385.31 万元 = 3,853,100 元"
    assert "第 193 行" in visible(browser, "#cell .printed")
    shot(browser, "walk-5-cell")
    browser.find_element(By.LINK_TEXT, "English").click()  # the language switch keeps the page
    WebDriverWait(browser, 10).until(ec.url_contains("lang=en"))
    assert "Printed on line 193" in visible(browser, "#cell .printed")
    assert "published value\n385.31 万元" in visible(browser, "table.statements")
    shot(browser, "walk-6-cell-english")
    browser.find_element(By.LINK_TEXT, "中文").click()
    WebDriverWait(browser, 10).until(ec.url_contains("lang=zh"))


def test_a_finding_leads_to_its_cell(browser, server):
    browser.get(server.url + DOC)
    wait_for_findings(browser)
    finding = browser.find_element(By.CSS_SELECTOR, "#findings li.finding")
    assert "claim-amount" in finding.text
    cell = finding.find_element(By.CSS_SELECTOR, 'ul.sides a[href*="/col/"]')
    target = cell.get_attribute("href")
    cell.click()
    WebDriverWait(browser, 10).until(ec.url_to_be(target))
    about = visible(browser, "#about-findings")
    assert "claim-amount" in about and "文字说明" in about
    shot(browser, "finding-to-cell")
    browser.find_element(By.CSS_SELECTOR, "#about-findings a").click()  # and back to the finding
    WebDriverWait(browser, 10).until(ec.url_contains("#finding-"))


def test_unit_page_shows_documents_and_charts(browser, server):
    browser.get(server.url + DOC)
    browser.find_element(By.LINK_TEXT, "四川省人民政府办公厅信息技术服务中心").click()
    WebDriverWait(browser, 10).until(ec.url_contains("/id/unit/"))
    charts = browser.find_elements(By.CSS_SELECTOR, "svg.chart")
    assert len(charts) >= 1 and charts[0].size["height"] > 50
    assert "2025年预算" in charts[0].find_element(By.TAG_NAME, "text").text
    assert "本单位的金额" in visible(browser, "#incoming")
    links = browser.find_elements(By.CSS_SELECTOR, "#incoming a")
    assert 20 <= len(links) < 60 and not any(a.text.isdigit() for a in links)
    shot(browser, "unit-page")


def test_query_results_are_formatted_whole_and_fit(browser, server):
    browser.get(server.url + "/query")
    wait = WebDriverWait(browser, 20)
    wait.until(lambda d: d.execute_script("return !!window.budgetkgYasgui"))
    query = ("SELECT ?amount ?sentence WHERE { ?c <http://data.openbudgets.eu/ontology/dsd/measure/amount> ?amount . "
             "OPTIONAL { ?x <https://w3id.org/cn-budget/ontology#claimText> ?sentence "
             "FILTER (STRLEN(?sentence) > 120) } } ORDER BY DESC(?amount) LIMIT 3")
    browser.execute_script("var t = window.budgetkgYasgui.getTab(); t.setQuery(arguments[0]); t.getYasqe().query();",
                           query)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".yasr table tbody tr")))
    first = browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")[0].text
    assert re.search(r"\d{1,3}(,\d{3})+", first), first  # 217,496,600, not "217496600"^^<…#decimal>
    assert "^^" not in first and "XMLSchema" not in first and "…" not in first
    sentence = browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr td:last-child div")[0]
    assert sentence.size["height"] > 30  # a long sentence wraps, whole
    width = browser.execute_script("return window.innerWidth")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width  # no page-wide scroll
    assert browser.find_element(By.CSS_SELECTOR, ".yasr").rect["x"] + browser.find_element(
        By.CSS_SELECTOR, ".yasr").rect["width"] <= width
    browser.execute_script("document.querySelector('.yasr').scrollIntoView()")
    shot(browser, "query-results")
    for ext in ("csv", "json"):
        browser.execute_script("window.budgetkgLastDownload = null")
        browser.find_element(By.ID, f"download-{ext}").click()
        got = WebDriverWait(browser, 20).until(lambda d: d.execute_script("return window.budgetkgLastDownload"))
        assert got["name"] == f"budgetkg-results.{ext}" and got["size"] > 20
        path = DOWNLOADS / got["name"]
        WebDriverWait(browser, 20).until(lambda d, p=path, n=got["size"]: p.is_file() and p.stat().st_size == n)
        text = path.read_text(encoding="utf-8")
        if ext == "csv":
            assert text.splitlines()[0] == "amount,sentence" and len(text.splitlines()) == 4
        else:
            assert len(json.loads(text)["results"]["bindings"]) == 3
        assert "已下载" in visible(browser, "#download-status")


def test_api_docs_render_offline(browser, server):
    browser.get(server.url + "/docs")
    WebDriverWait(browser, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".opblock")) > 5)
    assert "budgetkg" in visible(browser, ".info")
    shot(browser, "api-docs")


@pytest.fixture(scope="module")
def history_server(tmp_path_factory):
    from .conftest import stop_server
    from .test_pages import start_generated_server

    srv, manifest = start_generated_server(tmp_path_factory.mktemp("history-browser"))
    yield srv, manifest
    stop_server(srv)


def test_unit_history_chart(browser, history_server):
    srv, manifest = history_server
    browser.get(srv.url + "/" + manifest[0]["unit"].split("/", 3)[3])
    chart = browser.find_element(By.CSS_SELECTOR, "#history svg.history")
    assert chart.size["height"] > 200 and chart.size["width"] > 400
    labels = [t.text for t in chart.find_elements(By.TAG_NAME, "text")]
    assert [f"{m['year']}年预算" for m in manifest] == [x for x in labels if x.endswith("年预算")]
    heads = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#history-table thead th")][1:]
    assert heads == [f"{m['year']}年预算" for m in manifest]
    browser.execute_script("document.getElementById('history').scrollIntoView()")
    shot(browser, "unit-history")


from .test_pages import corpus_server  # noqa: E402,F401 - the store of corpus PDFs (source files kept)


def test_walk_to_the_printed_page_with_the_box(browser, corpus_server):  # noqa: F811
    browser.get(corpus_server.url + "/")
    browser.find_element(By.LINK_TEXT, "市级").click()  # level facet on the home page
    WebDriverWait(browser, 10).until(ec.url_contains("/catalog?level=city"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#documents tbody tr")
    assert len(rows) == 1 and "深圳市统计局" in rows[0].text and "广东省" in rows[0].text
    rows[0].find_element(By.PARTIAL_LINK_TEXT, "2026年部门预算").click()
    WebDriverWait(browser, 10).until(ec.url_contains("/id/doc/"))
    assert "下载原文件" in visible(browser, "p.source-download")
    browser.find_element(By.PARTIAL_LINK_TEXT, "表1 收支总表").click()
    WebDriverWait(browser, 10).until(ec.url_contains("/table/1"))
    browser.find_element(By.CSS_SELECTOR, '#budget-lines a.cell[href$="/table/1/row/1/col/0"]').click()
    WebDriverWait(browser, 10).until(ec.url_contains("/row/1/col/0"))
    assert visible(browser, "#cell-value").startswith("5,417.80 万元")
    image = browser.find_element(By.CSS_SELECTOR, "#evidence img")
    WebDriverWait(browser, 20).until(lambda d: d.execute_script(
        "return arguments[0].complete && arguments[0].naturalWidth > 0", image))
    assert image.size["width"] > 600 and "第 16 页" in visible(browser, "#evidence figcaption")
    browser.execute_script("document.getElementById('evidence').scrollIntoView()")
    shot(browser, "walk-6-printed-page")
