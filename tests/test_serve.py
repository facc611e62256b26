"""The HTTP API (FastAPI TestClient) and the dashboard in real headless Chromium."""
from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import SAMPLE, SEEDS
from veille.extract import extract
from veille.read import read_paths
from veille.serve import create_app
from veille.store import Store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def db(tmp_path_factory, nlp) -> Path:
    """A store of the bundled sample and, when present, the seed articles."""
    path = tmp_path_factory.mktemp("serve") / "veille.db"
    folders = [SAMPLE] + ([SEEDS] if SEEDS.is_dir() else [])
    articles = [a for a in read_paths(folders) if not isinstance(a, Exception)]
    with Store(path) as store:
        store.write(list(zip(articles, extract(articles, nlp))))
    return path


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db))


def test_incidents_filters_and_paging(client):
    everything = client.get("/api/incidents").json()
    assert everything["total"] >= 10 and len(everything["items"]) == everything["total"]
    dates = [i["first"] for i in everything["items"] if i["first"]]
    assert dates == sorted(dates)
    page = client.get("/api/incidents", params={"limit": 2, "offset": 1}).json()
    assert [i["id"] for i in page["items"]] == [i["id"] for i in everything["items"][1:3]]
    kharkiv = client.get("/api/incidents", params={"place": "Kharkiv"}).json()["items"]
    assert kharkiv and all(i["place"] == "Kharkiv" for i in kharkiv)
    africa = client.get("/api/incidents", params={"bbox": "-20,-15,40,25"}).json()["items"]
    assert africa and all(-15 <= i["lat"] <= 25 and -20 <= i["lon"] <= 40 for i in africa)
    battles = client.get("/api/incidents", params={"type": "Battles"}).json()["items"]
    assert battles and {i["type"] for i in battles} == {"Battles"}
    recent = client.get("/api/incidents", params={"from": "2024-05"}).json()["items"]
    assert recent and all(i["last"] >= "2024-05-01" for i in recent)


def test_incident_article_and_stats(client):
    first = client.get("/api/incidents", params={"place": "Kharkiv"}).json()["items"][0]
    incident = client.get(f"/api/incidents/{first['id']}").json()
    assert incident["sightings"] and incident["sightings"][0]["event"]["place"] == "Kharkiv"
    article_id = incident["sightings"][0]["article"]
    article = client.get(f"/api/articles/{article_id}").json()
    text = article["article"]["text"]
    for casualty in article["record"]["casualties"]:
        assert text[casualty["start"]:casualty["end"]] == casualty["evidence"]
    stats = client.get("/api/stats/deaths").json()
    assert stats["by_period"] and stats["by_source"]
    assert client.get("/api/articles").json()
    assert client.get("/openapi.json").json()["paths"]["/api/incidents"]


@pytest.mark.parametrize("url, status", [
    ("/api/incidents?limit=100000", 422), ("/api/incidents?from=yesterday", 422),
    ("/api/incidents?type=Picnic", 422), ("/api/incidents?bbox=1,2,3", 422),
    ("/api/incidents?q=" + "x" * 500, 422), ("/api/incidents?q=" + "x" * 3000, 413),
    ("/api/incidents/999999", 404), ("/api/articles/nope", 404),
    ("/static/../../store.py", 404), ("/static/%2e%2e/%2e%2e/store.py", 404),
])
def test_bad_requests_are_refused(client, url, status):
    assert client.get(url).status_code == status


def test_read_only(client):
    assert client.post("/api/incidents", json={}).status_code == 405
    assert client.delete("/api/incidents/1").status_code == 405


def test_text_is_never_markup(client):
    script = client.get("/static/app.js").text
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(db):
    import uvicorn

    port = free_port()
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="error")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    while not running.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="Chromium and chromedriver are "
                    "not installed (Debian: apt-get install chromium chromium-driver); "
                    "make test installs them when it can")
def test_dashboard_in_headless_chromium(server, tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--window-size=1300,1000",
                 f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    browser = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    ready = 'return document.body.dataset.ready === "true"'
    try:
        browser.get(server + "/")
        WebDriverWait(browser, 30).until(lambda b: b.execute_script(ready))
        assert browser.find_elements(By.CSS_SELECTOR, "#map circle.marker")
        assert browser.find_elements(By.CSS_SELECTOR, "#timeline rect.bar")
        rows = browser.find_elements(By.CSS_SELECTOR, "#incidents tbody tr")
        assert len(rows) >= 10
        browser.save_screenshot(str(tmp_path / "dashboard.png"))
        browser.execute_script('document.body.dataset.ready = "false"; '
                               'location.hash = "#/article/ukraine-kharkiv"')
        WebDriverWait(browser, 30).until(lambda b: b.execute_script(ready))
        figures = browser.find_elements(By.CSS_SELECTOR, "#article-text mark.casualty")
        assert figures and any(f.text.strip() for f in figures)
        assert browser.find_elements(By.CSS_SELECTOR, "#article-text mark.place")
        browser.save_screenshot(str(tmp_path / "article.png"))
        assert (tmp_path / "article.png").stat().st_size > 10_000
    finally:
        browser.quit()
