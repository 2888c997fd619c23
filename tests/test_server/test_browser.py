"""Headless Chromium: the query page runs an example query and shows rows; a unit page shows its table and chart.

Screenshots go to tests/artifacts/ (gitignored). Skipped, with the reason, when chromium or selenium is absent.
"""

from __future__ import annotations

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


@pytest.fixture(scope="module")
def browser():
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="budgetkg-chromium-")
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                 "--window-size=1280,1000", "--disable-dev-shm-usage"]:
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    driver.set_page_load_timeout(30)
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
    if buttons:  # an example query from ontology/queries
        buttons[0].click()
    else:
        browser.execute_script("var t = window.budgetkgYasgui.getTab(); t.setQuery(arguments[0]); t.getYasqe().query();",
                               query)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".yasr table tbody tr")))
    rows = browser.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")
    browser.save_screenshot(str(ARTIFACTS / "query-page.png"))
    assert len(rows) >= 1


def test_unit_page_shows_table_and_chart(browser, server):
    ARTIFACTS.mkdir(exist_ok=True)
    browser.get(server.url + "/id/unit/51-b1ea29b8b9")
    charts = browser.find_elements(By.CSS_SELECTOR, "svg.chart")
    assert len(charts) >= 1 and charts[0].size["height"] > 50
    assert browser.find_elements(By.CSS_SELECTOR, "table.statements tr")
    browser.save_screenshot(str(ARTIFACTS / "unit-page.png"))
    browser.get(server.url + "/id/doc/51-301603/2025/budget/table/1-2")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#budget-lines tr")) > 3
    browser.save_screenshot(str(ARTIFACTS / "table-page.png"))


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
