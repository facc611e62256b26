"""The watcher against a local web site: polling, conditional GET, failures, back-off,
languages, duplicates and near-duplicates, restart after kill -9."""
from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from local_site import ENGLISH, GOMA, KARABAKH, KHERSON, MALI, Site, page
from veille.cli import app
from veille.watch import Watcher
from veille.watch.dedupe import MinHasher, assign_story, canonical_url, ensure_schema
from veille.watch.fetch import backoff, retry_after
from veille.watch.settings import SettingsError, load_settings
from veille.watch.sources import Source, health, read_sources, write_sources

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def settings(watch_settings):
    """Every test here runs with the test settings and without the user's files."""
    return watch_settings


def one_pass(watcher: Watcher, feeds: list[Source]):
    return asyncio.run(watcher.poll_pass(feeds, every=True))


def publish(site: Site, slug: str, article: tuple[str, str], outlet: str = "Exemple",
            tracking: str = "?utm_source=rss&utm_medium=fil") -> dict:
    """Serve an article's page; its feed item (link with tracking parameters)."""
    url = site.put(f"/{slug}", page(*article, outlet), content_type="text/html; charset=utf-8")
    return {"title": article[0], "link": url + tracking, "summary": article[1][:150]}


def statuses(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as con:
        return dict(con.execute("SELECT status, count(*) FROM watch_item GROUP BY status"))


# -- polling --------------------------------------------------------------------------------
def test_first_poll_ingests_all_second_is_conditional_and_ingests_nothing(
        site, make_watcher, tmp_path):
    items = [publish(site, "karabakh", KARABAKH), publish(site, "mali", MALI)]
    items.append({"title": ENGLISH[0], "link": site.url + "/english", "summary": ENGLISH[1]})
    site.put("/english", page(*ENGLISH), content_type="text/html")
    gone = {"title": GOMA[0], "link": site.url + "/goma-supprime", "summary": GOMA[1]}
    feeds = [Source(site.feed("/fil.xml", items + [gone]), "Exemple")]
    watcher = make_watcher()

    first = one_pass(watcher, feeds)
    assert (first.polled, first.new_items, first.stored) == (1, 4, 3)
    assert first.skipped == {"language en": 1} and not first.failed
    stored = {a["title"]: a for a in watcher.store.articles()}
    assert set(stored) == {KARABAKH[0], MALI[0], GOMA[0]}
    karabakh, record = watcher.store.article(stored[KARABAKH[0]]["id"])
    assert karabakh["source"] == "Exemple" and karabakh["published"] == "2026-11-24"
    assert "Accueil" not in karabakh["text"] and "météo" not in karabakh["text"]
    assert "Erevan accuse" in karabakh["text"] and record.events
    _, goma = watcher.store.article(stored[GOMA[0]]["id"])
    assert any("feed's summary" in w and "404" in w for w in goma.warnings)

    pages = len(site.requests)
    second = one_pass(watcher, feeds)
    assert (second.new_items, second.stored, second.not_modified) == (0, 0, 1)
    conditional = site.hits("/fil.xml")[-1]
    assert conditional.get("If-None-Match") and conditional.get("If-Modified-Since")
    assert len(site.requests) == pages + 1  # the feed only: no page fetched again
    assert watcher.store.counts()["article"] == 3


def test_new_item_is_ingested_exactly_once(site, make_watcher):
    items = [publish(site, "mali", MALI)]
    feeds = [Source(site.feed("/fil.xml", items), "Exemple")]
    watcher = make_watcher()
    assert one_pass(watcher, feeds).stored == 1
    site.feed("/fil.xml", [publish(site, "kherson", KHERSON)] + items)
    third = one_pass(watcher, feeds)
    assert (third.new_items, third.stored) == (1, 1)
    assert len(site.hits("/kherson")) == 1 and len(site.hits("/mali")) == 1
    site.feed("/fil.xml", [publish(site, "kherson", KHERSON)] + items, etag='"autre"')
    again = one_pass(watcher, feeds)  # the feed changed, its items did not
    assert (again.new_items, again.stored) == (0, 0)
    assert watcher.store.counts()["article"] == 2


def test_a_failing_source_does_not_stop_the_others(site, make_watcher, settings):
    good = Source(site.feed("/bon.xml", [publish(site, "mali", MALI)]), "Bon")
    site.put("/lent.xml", "<rss/>", delay=3)
    site.put("/quota.xml", "trop", status=429, headers={"Retry-After": "120"})
    site.put("/panne.xml", "erreur", status=500)
    site.put("/casse.xml", b"\x00\x01 pas du XML <<<")
    cut = site.feed("/tronque.xml", [publish(site, "goma", GOMA)])
    site.routes["/tronque.xml"].body = site.routes["/tronque.xml"].body[:-30]
    site.put("/enorme.xml", b"<rss>" + b" " * 400_000 + b"</rss>")
    site.put("/page.xml", "<html><body><p>Pas un fil.</p></body></html>",
             content_type="text/html")
    bad = {path: Source(site.url + path, path) for path in (
        "/absent.xml", "/lent.xml", "/quota.xml", "/panne.xml", "/casse.xml", "/enorme.xml",
        "/page.xml")}
    watcher = make_watcher()
    started = time.monotonic()
    report = one_pass(watcher, [*bad.values(), good, Source(cut, "Tronqué")])
    assert time.monotonic() - started < 10
    assert report.stored == 2 and report.polled == 9
    errors = {source.name: error for source, error in report.failed}
    assert errors.keys() == bad.keys()
    assert "404" in errors["/absent.xml"] and "timed out" in errors["/lent.xml"]
    assert "429" in errors["/quota.xml"] and "500" in errors["/panne.xml"]
    assert "larger than" in errors["/enorme.xml"]
    assert "feed" in errors["/casse.xml"] and "feed" in errors["/page.xml"]
    rows = {row["name"]: row for row in health(watcher.con, [*bad.values(), good,
                                                             Source(cut, "Tronqué")])}
    assert rows["Tronqué"]["status"].startswith("ok; feed not well-formed")
    assert rows["Bon"]["status"] == "ok" and rows["/panne.xml"]["errors"] == 1
    assert rows["/quota.xml"]["retry_at"] >= time.time() + 100  # Retry-After honoured

    time.sleep(0.05)  # past the (test-sized) back-off of the others
    report = one_pass(watcher, [*bad.values(), good])
    assert report.deferred == 1 and report.polled == 7  # the 429 source waits
    assert report.stored == 0
    assert len(site.hits("/quota.xml")) == 1


def test_back_off_doubles_up_to_its_ceiling_and_retry_after_reads_both_forms(settings):
    waits = [backoff(n, settings.replace(backoff_base=60, backoff_max=300)) for n in (1, 2, 3,
                                                                                        4)]
    assert waits == [60, 120, 240, 300]
    assert retry_after("120") == 120
    assert 3500 < retry_after(time.strftime("%a, %d %b %Y %H:%M:%S GMT",
                                            time.gmtime(time.time() + 3600))) <= 3600
    assert retry_after("bientôt") is None


def test_robots_txt_is_honoured(site, make_watcher):
    site.put("/robots.txt", "User-agent: *\nDisallow: /prive/\n", content_type="text/plain")
    item = publish(site, "prive/goma", GOMA)
    feeds = [Source(site.feed("/fil.xml", [item]), "Exemple")]
    watcher = make_watcher()
    assert one_pass(watcher, feeds).stored == 1
    assert site.hits("/prive/goma") == []  # not fetched: the feed's text was used
    _, record = watcher.store.article(watcher.store.articles()[0]["id"])
    assert any("robots.txt" in w for w in record.warnings)
    assert all("veille" in h["User-Agent"] for _, h in site.requests)


def test_a_page_that_is_not_html_leaves_the_feed_text(site, make_watcher):
    site.put("/bilan.pdf", b"%PDF-1.4 binaire", content_type="application/pdf")
    item = {"title": MALI[0], "link": site.url + "/bilan.pdf", "summary": MALI[1]}
    watcher = make_watcher()
    assert one_pass(watcher, [Source(site.feed("/fil.xml", [item]), "Exemple")]).stored == 1
    meta, record = watcher.store.article(watcher.store.articles()[0]["id"])
    assert "Douze soldats maliens" in meta["text"]
    assert any("not HTML (application/pdf)" in w for w in record.warnings)


# -- duplicates -----------------------------------------------------------------------------
def test_same_url_in_two_feeds_is_stored_once_and_same_story_of_two_outlets_is_grouped(
        site, make_watcher):
    mali = publish(site, "mali", MALI)
    tracked_again = dict(mali, link=mali["link"].split("?")[0] + "?xtor=RSS-3#haut")
    title, body = KHERSON
    wire_a = publish(site, "a/kherson", KHERSON, outlet="Journal A")
    wire_b = publish(site, "b/frappes-kherson", ("Kherson : neuf civils tués par des drones",
                     body + "\n\nCette dépêche a été mise à jour en fin de journée."),
                     outlet="Journal B")
    feeds = [Source(site.feed("/a.xml", [mali, wire_a]), "Journal A"),
             Source(site.feed("/b.xml", [tracked_again, wire_b]), "Journal B"),
             Source(site.feed("/c.xml", [publish(site, "goma", GOMA)]), "Journal C")]
    watcher = make_watcher()
    report = one_pass(watcher, feeds)
    assert report.stored == 4 and report.grouped == 1
    assert len(site.hits("/mali")) == 1
    stories = dict(watcher.con.execute(
        "SELECT a.url, s.story FROM watch_story s JOIN article a ON a.id = s.article"))
    kherson = {story for url, story in stories.items() if "kherson" in url}
    assert len(kherson) == 1 and len(set(stories.values())) == 3
    outlets = {row["source"] for row in watcher.store.articles() if "kherson" in row["url"]}
    assert outlets == {"Journal A", "Journal B"}  # kept per outlet


def test_same_text_under_two_urls_of_one_outlet_is_a_duplicate(site, make_watcher):
    first = publish(site, "mali", MALI)
    second = publish(site, "mali-bis", MALI)
    feeds = [Source(site.feed("/fil.xml", [first, second]), "Exemple")]
    watcher = make_watcher()
    report = one_pass(watcher, feeds)
    assert (report.stored, report.duplicates) == (1, 1)


def test_canonical_url_and_minhash(settings):
    tracking = settings.tracking
    assert canonical_url("HTTPS://Www.Ex.fr:443/a?utm_source=x&b=2&a=1&xtor=RSS#top",
                         tracking) == "https://www.ex.fr/a?a=1&b=2"
    assert canonical_url("http://ex.fr:8080", tracking) == "http://ex.fr:8080/"
    hasher = MinHasher(settings)
    body = KHERSON[1]
    same = hasher.similarity(hasher.signature(body),
                             hasher.signature("Titre.\n\n" + body + " Mise à jour."))
    other = hasher.similarity(hasher.signature(body), hasher.signature(MALI[1]))
    assert same > settings.threshold > other


# -- restart --------------------------------------------------------------------------------
def veille_in_child(*args: str) -> multiprocessing.Process:
    """`veille ARGS...` in a forked process, which inherits the session's pipeline."""

    def main():
        from veille.cli import app

        try:
            app(list(args), prog_name="veille")
        except SystemExit as end:
            os._exit(end.code or 0)
        os._exit(0)

    process = multiprocessing.get_context("fork").Process(target=main, daemon=True)
    process.start()
    return process


def test_kill_9_during_a_poll_then_restart_loses_and_duplicates_nothing(site, tmp_path, nlp):
    """`watch --once` killed in the middle of its pass; `watch` started again resumes,
    then goes on polling on the source's interval until SIGTERM."""
    stories = [KARABAKH, MALI, KHERSON, GOMA]
    items = [publish(site, f"a{n}-{k}", (f"{title} ({n})", f"{body}\n\nÉdition {n}."))
             for n in range(3) for k, (title, body) in enumerate(stories)]
    feeds = tmp_path / "feeds.toml"
    write_sources(feeds, [Source(site.feed("/fil.xml", items), "Exemple", interval=0.5)])
    (tmp_path / "watch.toml").write_text("[articles]\nbatch = 1\n[poll]\ntick = 0.2\n")
    db = tmp_path / "veille.db"
    command = ["watch", "--db", str(db), "--feeds", str(feeds), "--settings",
               str(tmp_path / "watch.toml")]
    process = veille_in_child(*command, "--once")
    wait_for(lambda: stored_count(db) >= 2, process)
    os.kill(process.pid, signal.SIGKILL)
    process.join()
    assert 2 <= stored_count(db) < len(items)

    process = veille_in_child(*command)
    try:
        wait_for(lambda: stored_count(db) == len(items), process)
        polls = len(site.hits("/fil.xml"))
        wait_for(lambda: len(site.hits("/fil.xml")) > polls + 1, process)
    finally:
        process.terminate()  # SIGTERM
        process.join(60)
    assert process.exitcode == 0
    assert site.hits("/fil.xml")[-1].get("If-None-Match")  # the later polls: conditional
    with sqlite3.connect(db) as con:
        urls = [u for (u,) in con.execute("SELECT url FROM article")]
        seen = dict(con.execute("SELECT status, count(*) FROM watch_item GROUP BY status"))
        etag = con.execute("SELECT etag FROM watch_source").fetchone()[0]
    assert sorted(urls) == sorted(i["link"] for i in items)  # each once, none lost
    assert seen == {"stored": len(items)} and etag


def wait_for(condition, process, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.is_alive(), "the watcher stopped"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def stored_count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as con:
            return con.execute("SELECT count(*) FROM article").fetchone()[0]
    except sqlite3.Error:
        return 0


# -- files and command line -----------------------------------------------------------------
def test_feeds_commands_edit_the_file_and_list_health(tmp_path):
    runner = CliRunner()
    feeds = tmp_path / "mes-fils.toml"
    add = ["feeds", "add", "https://www.exemple.fr/rss.xml", "--name", "Le « Monde »",
           "--interval", "600", "--feeds", str(feeds)]
    assert runner.invoke(app, add).exit_code == 0
    assert runner.invoke(app, add).exit_code == 1  # already there
    assert runner.invoke(app, ["feeds", "add", "exemple.fr", "--name", "x", "--feeds",
                               str(feeds)]).exit_code == 1
    assert read_sources(feeds) == [Source("https://www.exemple.fr/rss.xml", "Le « Monde »",
                                          600.0)]
    listed = runner.invoke(app, ["feeds", "list", "--json", "--feeds", str(feeds), "--db",
                                 str(tmp_path / "none.db")])
    assert '"status": "never polled"' in listed.output
    assert runner.invoke(app, ["feeds", "remove", "Le « Monde »", "--feeds",
                               str(feeds)]).exit_code == 0
    assert read_sources(feeds) == []


def test_watch_once_exit_status(site, tmp_path):
    runner = CliRunner()
    feeds = tmp_path / "feeds.toml"
    feeds.write_text("[[source]]\nname = 'sans url'\n")
    result = runner.invoke(app, ["watch", "--once", "--feeds", str(feeds), "--db",
                                 str(tmp_path / "v.db")])
    assert result.exit_code == 1 and "needs a url" in result.output
    write_sources(feeds, [Source(site.url + "/absent.xml", "Absent")])
    result = runner.invoke(app, ["watch", "--once", "--feeds", str(feeds), "--db",
                                 str(tmp_path / "v.db")])
    assert result.exit_code == 0  # the pass ran; the failed source is listed
    assert "Absent (" in result.output and "404" in result.output


def test_settings_file_is_laid_over_the_defaults(tmp_path):
    user = tmp_path / "watch.toml"
    user.write_text("[http]\ntimeout = 3\n[poll]\ninterval = 60\n")
    settings = load_settings(user)
    assert settings.timeout == 3.0 and settings.interval == 60.0
    assert settings.per_host == load_settings().per_host
    user.write_text("[http]\ntimout = 3\n")
    with pytest.raises(SettingsError, match="unknown setting 'timout'"):
        load_settings(user)


def test_same_wording_about_another_incident_is_another_story(settings):
    con = sqlite3.connect(":memory:")
    ensure_schema(con)
    hasher = MinHasher(settings)
    template = ("Au moins {n} civils ont été tués mardi dans des bombardements sur {place}, a "
                "annoncé le gouverneur de la région, qui fait état de nombreux blessés. Des "
                "immeubles d'habitation et un marché ont été touchés, selon les secours.")
    first = template.format(n=7, place="Kharkiv")
    assert assign_story(con, hasher, "a", first) == "a"
    assert assign_story(con, hasher, "b", "Kharkiv sous les bombes. " + first) == "a"
    assert assign_story(con, hasher, "c", template.format(n=12, place="Soumy")) == "c"
    assert assign_story(con, hasher, "b", first) == "a"  # asking again: the same story

