"""The watcher at scale, against a local server: 1 000 feeds on 1 000 host names.

    python bench/watch.py [--feeds 1000] [--new 60] [--db /tmp/veille-watch-bench.db]

A server process answers for every address 127.0.x.y (each feed on a host of its own,
so that the per-host limit works as on the web), with ETag and Last-Modified and a
404 robots.txt. Three passes are timed:

1. first pass: every feed fetched and parsed (its one item is the same page in all
   feeds, so one article is stored);
2. steady state: every feed answers 304 to the conditional request;
3. news: ``--new`` feeds each publish a new French article (pages fetched, language
   checked, extracted, stored, linked, grouped) with a rule that alerts on every
   incident.

Prints feeds polled per second (passes 1 and 2), new articles per minute end to end
(pass 3), the seen-to-alert latency of pass 3 (from the moment an item's feed was read
to the moment its alert was raised; median and p95) and the process's peak RSS.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import resource
import socket
import statistics
import sys
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from veille.store import Store
from veille.watch import Watcher
from veille.watch.alerts import rules_of
from veille.watch.demo import reply
from veille.watch.settings import load_settings
from veille.watch.sources import Source

PLACES = ["Kharkiv", "Kherson", "Zaporijjia", "Donetsk", "Goma", "Bunia", "Mopti", "Gao",
          "Tombouctou", "El-Facher", "Khartoum", "Rafah", "Khan Younès", "Stepanakert",
          "Bakhmout", "Soumy", "Beni", "Kidal", "Ménaka", "Nyala"]
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MODIFIED = formatdate(time.time(), usegmt=True)


def article_text(n: int) -> tuple[str, str]:
    """A short French dispatch, different for each n (invented incidents)."""
    place, day, dead = PLACES[n % len(PLACES)], DAYS[n % 7], 3 + n % 17
    title = f"{dead} morts dans des bombardements à {place}"
    body = (f"Au moins {dead} civils ont été tués {day} dans des bombardements sur {place}, "
            f"a annoncé le gouverneur de la région, qui fait état de {2 * dead} blessés. "
            f"Des immeubles d'habitation et un marché ont été touchés, selon les secours "
            f"(dépêche {n}).\n\nLes autorités ont accusé l'armée adverse d'avoir visé "
            f"délibérément des quartiers résidentiels, ce que celle-ci a démenti. Les "
            f"recherches se poursuivaient dans la soirée dans les décombres.")
    return title, body


def feed_xml(items: list[tuple[str, str]]) -> bytes:
    entries = "".join(f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
                      f"<pubDate>Tue, 24 Nov 2026 09:00:00 GMT</pubDate><description>"
                      f"Dépêche.</description></item>" for t, link in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Fil'
            f"</title>{entries}</channel></rss>").encode()


def page_html(title: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f'<html lang="fr"><head><title>{title}</title></head><body><nav>Accueil</nav>'
            f"<article><h1>{title}</h1>{paragraphs}</article><footer>Pied</footer>"
            f"</body></html>").encode()


def serve(port: int, news, ready) -> None:
    """The server process: feed i holds the shared item, and item i once ``news`` is
    set and i < news.value."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            path = self.path
            if path.startswith("/feed/"):
                i = int(path.split("/")[2].split(".")[0])
                items = [("Le même article partout", f"http://127.0.0.1:{port}/page/shared")]
                if i < news.value:
                    items.insert(0, (article_text(i)[0], f"{self.host()}/page/{i}"))
                body = feed_xml(items)
                etag = f'"{i}-{len(items)}"'
                if self.headers.get("If-None-Match") == etag:
                    return self.reply(304, b"", {})
                return self.reply(200, body, {"ETag": etag, "Last-Modified": MODIFIED,
                                              "Content-Type": "application/rss+xml"})
            if path.startswith("/page/"):
                key = path.split("/")[2]
                n = -1 if key == "shared" else int(key)
                title, text = article_text(n) if n >= 0 else ("Le même article partout",
                                                              article_text(99_999)[1])
                return self.reply(200, page_html(title, text), {"Content-Type": "text/html"})
            self.reply(404, b"", {})

        def host(self) -> str:
            return f"http://{self.headers['Host']}"

        def reply(self, status: int, body: bytes, headers: dict) -> None:
            reply(self, status, body, headers)

        def log_message(self, *args):
            pass

    ThreadingHTTPServer.request_queue_size = 1024
    server = ThreadingHTTPServer(("", port), Handler)
    server.daemon_threads = True
    ready.set()
    server.serve_forever()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("", 0))
        return probe.getsockname()[1]


def host(i: int) -> str:
    """A loopback address of its own for feed i (127.0.x.y)."""
    return f"127.0.{1 + i // 250}.{1 + i % 250}"


def latencies(store: Store, since: float) -> list[float]:
    """For each article stored after ``since``: its alert's time less its item's."""
    return [raised - seen for seen, raised in store.con.execute(
        "SELECT w.seen, min(a.raised) FROM watch_item w JOIN sighting s ON s.article = "
        "w.article JOIN alert a ON a.incident = s.incident WHERE w.status = 'stored' AND "
        "w.seen >= ? AND a.raised >= w.seen GROUP BY w.key", (since,))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--new", type=int, default=60)
    parser.add_argument("--db", type=Path, default=Path("/tmp/veille-watch-bench.db"))
    args = parser.parse_args()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)

    port = free_port()
    news = multiprocessing.Value("i", 0)
    ready = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(port, news, ready), daemon=True)
    server.start()
    ready.wait(10)
    feeds = [Source(f"http://{host(i)}:{port}/feed/{i}.xml", f"Journal {i}")
             for i in range(args.feeds)]
    settings = load_settings(overrides={"timeout": 30.0})
    rules = rules_of({"rule": [{"name": "Tout incident"}]})

    from veille.extract import extract, load_pipeline

    nlp = load_pipeline()
    with Store(args.db) as store:
        watcher = Watcher(store, settings, rules, extractor=lambda a: list(extract(a, nlp)))
        results = {"feeds": args.feeds}
        for name in ("first_pass", "not_modified_pass"):
            report = asyncio.run(watcher.poll_pass(feeds, every=True))
            results[f"{name}_feeds_per_s"] = round(report.polled / report.seconds, 1)
            results[f"{name}_failed"] = len(report.failed)
            print(f"{name}: {report.summary()}", file=sys.stderr)
            for source, error in report.failed[:3]:
                print(f"  {source.url}: {error}", file=sys.stderr)
        news.value = args.new
        since = time.time()
        report = asyncio.run(watcher.poll_pass(feeds, every=True))
        print(f"news_pass: {report.summary()}", file=sys.stderr)
        delays = sorted(latencies(store, since - 1))
        results.update({
            "news_pass_seconds": round(report.seconds, 1),
            "new_articles": report.stored,
            "grouped_with_an_earlier_story": report.grouped,
            "new_articles_per_min": round(60 * report.stored / report.seconds, 1),
            "alerts": report.raised,
            "seen_to_alert_median_s": round(statistics.median(delays), 2) if delays else None,
            "seen_to_alert_p95_s": (round(delays[int(0.95 * (len(delays) - 1))], 2)
                                    if delays else None),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        })
    server.terminate()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
