"""The HTTP API (FastAPI TestClient) and the dashboard in real headless Chromium."""
from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ROOT, SAMPLE, SEEDS, TOLL_ARTICLES
from local_site import KARABAKH, MALI, publish
from veille.extract import extract
from veille.read import read_paths
from veille.read.text import parse_plain
from veille.serve import create_app
from veille.store import Store
from veille.watch.alerts import load_rules
from veille.watch.sources import Source

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def db(tmp_path_factory, nlp) -> Path:
    """A store of the bundled sample and, when present, the seed articles."""
    path = tmp_path_factory.mktemp("serve") / "veille.db"
    folders = [SAMPLE] + ([SEEDS] if SEEDS.is_dir() else [])
    articles = [a for a in read_paths(folders) if not isinstance(a, Exception)]
    articles += [parse_plain(text, id_, "test", published=published, source=outlet)
                 for id_, published, outlet, text in TOLL_ARTICLES]
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


def test_incidents_by_claimant(client):
    sources = client.get("/api/stats/deaths").json()["by_source"]
    code = next(s["source"] for s in sources if "." in s["source"])
    camp = code.split(".")[0]
    found = client.get("/api/incidents", params={"claimant": camp}).json()["items"]
    exact = client.get("/api/incidents", params={"claimant": code}).json()["items"]
    assert exact and len(found) >= len(exact)
    for item in found:
        claimants = {v["claimed_by"] for s in client.get(f"/api/incidents/{item['id']}")
                     .json()["sightings"] for v in s["versions"] if v["kind"] == "killed"}
        assert any(c and c.split(".")[0] == camp for c in claimants), claimants
    press = client.get("/api/incidents", params={"claimant": "press"}).json()["items"]
    assert press and client.get("/api/incidents", params={"claimant": "Z_"}).json() == {
        "total": 0, "items": []}


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


@contextmanager
def serving(db: Path):
    """`veille serve` of ``db`` in a thread; its URL."""
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


@pytest.fixture(scope="module")
def server(db):
    with serving(db) as url:
        yield url


# The browser test writes the README's screenshots here (VEILLE_SCREENSHOTS overrides).
SCREENSHOTS = Path(os.environ.get("VEILLE_SCREENSHOTS") or ROOT / "docs" / "screenshots")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--window-size=1300,1000", "--lang=fr-FR",
                 f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    yield driver
    driver.quit()


def visit(browser, url: str) -> None:
    """Open ``url`` (a full URL or a hash of the page already open) and wait until the
    dashboard has drawn it."""
    from selenium.webdriver.support.ui import WebDriverWait

    if browser.current_url.startswith("http"):  # the same page may only change its hash
        browser.execute_script('document.body.dataset.ready = "false"')
    if url.startswith("#"):
        browser.execute_script("location.hash = arguments[0]", url)
    else:
        browser.get(url)
    WebDriverWait(browser, 30).until(
        lambda b: b.execute_script('return document.body.dataset.ready === "true"'))


def texts(browser, selector: str) -> list[str]:
    from selenium.webdriver.common.by import By

    return [e.text for e in browser.find_elements(By.CSS_SELECTOR, selector)]


needs_chromium = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER), reason="Chromium and chromedriver are not installed "
    "(Debian: apt-get install chromium chromium-driver); make test installs them when it can")


@needs_chromium
def test_overview_in_french_in_date_order(server, browser, client):
    visit(browser, server + "/")
    assert browser.find_elements(By.CSS_SELECTOR, "#map circle.marker")
    assert browser.find_elements(By.CSS_SELECTOR, "#timeline rect.bar")
    assert browser.find_elements(By.CSS_SELECTOR, "#timeline rect.span")
    # French by default, ACLED types translated
    assert texts(browser, "#nav-tolls") == ["Bilans"]
    assert "Combats" in texts(browser, "#filters [name=type] option")
    types = [row.split(" · ")[0] for row in texts(browser, "#incidents tbody td:nth-child(2)")]
    assert "Combats" in types and not {"Battles", "Explosions/Remote violence"} & set(types)
    # a true date order, dates at their precision
    firsts = browser.execute_script(
        "return [...document.querySelectorAll('#incidents tbody tr')].map(r => r.dataset.first)")
    assert len(firsts) >= 10 and [f for f in firsts if f] == sorted(f for f in firsts if f)
    labels = texts(browser, "#incidents tbody td.date")
    precisions = [i["date_precision"] for i in sorted(
        client.get("/api/incidents", params={"limit": 1000}).json()["items"],
        key=lambda i: (i["first"] or "~", i["last"] or "~", i["id"]))]
    for label, precision in zip(labels, precisions):
        if precision == "week":
            assert label.startswith("semaine du ")
        elif precision == "day":
            assert re.fullmatch(r"\d{1,2} \w+\.? \d{4}", label), label
    # outlets and dates, not file names, linking to the article
    sources = browser.find_elements(By.CSS_SELECTOR, "#incidents a.source")
    assert any(a.text.startswith("AFP, ") for a in sources)
    assert all("#/article/" in a.get_attribute("href") for a in sources)
    # the map opens on the incidents' extent: every marker inside it
    for circle in browser.find_elements(By.CSS_SELECTOR, "#map circle.marker"):
        cx, cy = (float(circle.get_attribute(a)) for a in ("cx", "cy"))
        assert 0 <= cx <= 600 and 0 <= cy <= 360
    # overlapping markers merge into clusters; a marker's size grows with its dead
    singles = sorted((float(c.get_attribute("data-deaths")), float(c.get_attribute("r")))
                     for c in browser.find_elements(By.CSS_SELECTOR,
                                                    "#map circle.marker:not(.cluster)"))
    assert [r for _, r in singles] == sorted(r for _, r in singles) and singles[0] < singles[-1]
    clusters = browser.find_elements(By.CSS_SELECTOR, "#map circle.marker.cluster")
    assert clusters
    before = len(browser.find_elements(By.CSS_SELECTOR, "#map circle.marker"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "overview.png"))
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click'))", clusters[0])
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "map-reset").is_displayed())
    assert browser.find_elements(By.CSS_SELECTOR, "#map circle.marker")
    browser.find_element(By.ID, "map-reset").click()
    WebDriverWait(browser, 10).until(lambda b: len(b.find_elements(
        By.CSS_SELECTOR, "#map circle.marker")) == before)
    visit(browser, "#/article/ukraine-kharkiv")
    figures = browser.find_elements(By.CSS_SELECTOR, "#article-text mark.casualty")
    assert figures and any(f.text.strip() for f in figures)
    assert browser.find_elements(By.CSS_SELECTOR, "#article-text mark.place")


@needs_chromium
def test_tolls_page_and_shared_link(server, browser):
    visit(browser, server + "/#/bilans?theatre=armenie-azerbaidjan&campaign=2020")
    # the shared link restored its filters
    assert browser.execute_script(
        "const f = document.getElementById('filters').elements;"
        "return [f.theatre.value, f.campaign.value]") == ["armenie-azerbaidjan", "2020"]
    titles = texts(browser, "#toll-charts h3")
    assert any("Guerre de 2020" in t and "militaires tués" in t for t in titles), titles
    chart = next(panel for panel in browser.find_elements(By.CSS_SELECTOR, ".toll")
                 if panel.find_element(By.TAG_NAME, "h3").text.endswith(
                     "militaires tués · camp AM"))
    claimants = {p.get_attribute("data-claimant")
                 for p in chart.find_elements(By.CSS_SELECTOR, "path.step")}
    assert {"NK", "AZ"} <= claimants
    nk = [p.get_attribute("data-date") for p in chart.find_elements(
        By.CSS_SELECTOR, "circle.toll-point[data-claimant=NK]")]
    assert nk == sorted(nk) and {"2020-09-29", "2020-10-03", "2020-10-05"} <= set(nk)
    assert chart.find_elements(By.CSS_SELECTOR, "circle.toll-point.revision")
    assert chart.find_elements(By.CSS_SELECTOR, "line.divergence")
    assert any("158 à 150" in note for note in texts(browser, ".notes li.revision"))
    browser.save_screenshot(str(SCREENSHOTS / "tolls.png"))
    # a point opens its sentence
    browser.execute_script('document.body.dataset.ready = "false"; '
                           "arguments[0].dispatchEvent(new MouseEvent('click'))",
                           chart.find_element(By.CSS_SELECTOR, "circle.toll-point.revision"))
    WebDriverWait(browser, 30).until(lambda b: b.execute_script(
        'return document.body.dataset.ready === "true"'))
    assert browser.execute_script("return location.hash").startswith("#/article/k-1006?")
    assert texts(browser, "#article-text mark.focus") == ["150 de ses soldats"]
    # a shared overview link, in English, keeps its type filter
    visit(browser, server + "/#/?type=Battles&from=2020&lang=en")
    assert texts(browser, "#nav-tolls") == ["Tolls"]
    assert browser.execute_script(
        "const f = document.getElementById('filters').elements;"
        "return [f.type.value, f.from.value, f.lang.value]") == ["Battles", "2020", "en"]
    types = {row.split(" · ")[0] for row in texts(browser, "#incidents tbody td:nth-child(2)")}
    assert types == {"Battles"}


@needs_chromium
def test_alerts_sources_and_new_incidents_without_reload(site, make_watcher, watch_settings,
                                                         tmp_path, browser):
    """A store the real watcher filled from the local site: the Alertes page lists its
    alert, the Sources page each feed's health, and an article the watcher stores while
    the overview is open shows up on it without a reload."""
    rules = tmp_path / "alertes.toml"
    rules.write_text('[[rule]]\nname = "Lourd bilan"\nkilled_min = 5\n', encoding="utf-8")
    watcher = make_watcher(load_rules(rules), watch_settings.replace(timeout=2.0))
    items = [publish(site, "karabakh", KARABAKH)]
    feeds = [Source(site.feed("/fil.xml", items), "Exemple"),
             Source(site.url + "/absent.xml", "Absent")]
    asyncio.run(watcher.poll_pass(feeds, every=True))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with serving(tmp_path / "veille.db") as url:
        visit(browser, url + "/#/alertes")
        [card] = browser.find_elements(By.CSS_SELECTOR, "#alert-list .alert")
        assert card.find_element(By.TAG_NAME, "h3").text.startswith("Lourd bilan")
        link = card.find_element(By.CSS_SELECTOR, "a.incident")
        assert "Stepanakert" in link.text and "#/incident/" in link.get_attribute("href")
        assert "AM.MOD" in card.text and KARABAKH[0] in card.text
        assert card.find_element(By.CSS_SELECTOR, "a.evidence").text.strip("« »") in KARABAKH[1]
        browser.save_screenshot(str(SCREENSHOTS / "alerts.png"))

        visit(browser, "#/sources")
        rows = {r.find_element(By.TAG_NAME, "td").text: r
                for r in browser.find_elements(By.CSS_SELECTOR, "#feed-health tr.feed")}
        assert set(rows) == {"Exemple", "Absent"}
        assert "feed ok" in rows["Exemple"].get_attribute("class")
        assert rows["Exemple"].find_element(By.CSS_SELECTOR, ".status").text == "en bonne santé"
        assert rows["Exemple"].find_element(By.CSS_SELECTOR, ".stored").text == "1"
        assert "failing" in rows["Absent"].get_attribute("class")
        assert "404" in rows["Absent"].find_element(By.CSS_SELECTOR, ".status").text
        assert rows["Absent"].find_element(By.CSS_SELECTOR, ".failures").text == "1"
        browser.save_screenshot(str(SCREENSHOTS / "sources.png"))

        visit(browser, "#/")
        assert not browser.find_element(By.ID, "live-notice").is_displayed()
        assert not any("Mopti" in row for row in texts(browser, "#incidents tbody tr"))
        site.feed("/fil.xml", [publish(site, "mali", MALI)] + items)
        assert asyncio.run(watcher.poll_pass(feeds, every=True)).stored == 1
        WebDriverWait(browser, 20).until(
            lambda b: b.find_element(By.ID, "live-notice").is_displayed())
        assert browser.find_element(By.ID, "live-notice").text.startswith("1 nouvel incident")
        assert any("Mopti" in row for row in texts(browser, "#incidents tbody tr.new"))
        WebDriverWait(browser, 10).until(  # the new alert, not yet seen, on the tab
            lambda b: b.find_element(By.ID, "alerts-badge").text == "1")
        browser.save_screenshot(str(SCREENSHOTS / "live.png"))
        visit(browser, "#/alertes")  # the new alert first, marked; the tab's count read
        cards = browser.find_elements(By.CSS_SELECTOR, "#alert-list .alert")
        assert [c.get_attribute("class").endswith("unseen") for c in cards] == [True, False]
        assert "Mopti" in cards[0].find_element(By.CSS_SELECTOR, "a.incident").text
        assert not browser.find_element(By.ID, "alerts-badge").is_displayed()



@needs_chromium
def test_monitoring_pages_of_a_store_never_watched(server, browser):
    visit(browser, server + "/#/sources")
    assert browser.find_element(By.ID, "feeds-empty").text.startswith("Ce magasin n'a jamais")
    assert not browser.find_element(By.ID, "feed-health").is_displayed()
    visit(browser, "#/alertes")
    assert texts(browser, "#alert-list .empty") and not texts(browser, "#alert-list .alert")
    assert not browser.find_element(By.ID, "alerts-badge").is_displayed()
