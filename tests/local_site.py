"""A local web site for the watcher's tests: feeds and pages served from memory by a
threaded HTTP server, with conditional GET, chosen statuses, delays and headers; every
request is recorded. And French articles written for these tests."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

from veille.watch.demo import reply


@dataclass
class Route:
    body: bytes
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: str | None = None
    modified: str | None = None


class Site:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.posts: list[tuple[str, bytes]] = []        # (path, body) of each POST
        self.post_statuses: dict[str, list[int]] = {}   # path -> statuses to answer, in turn
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def put(self, path: str, body: bytes | str, **route) -> str:
        """Serve ``body`` at ``path``; its URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(data, **route)
        return self.url + path

    def feed(self, path: str, items: list[dict], **route) -> str:
        """An RSS 2.0 feed of ``items``, with an ETag and a Last-Modified of its content."""
        body = rss(items)
        route.setdefault("etag", f'"{hash(body) & 0xFFFFFFFF:x}"')
        route.setdefault("modified", formatdate(time.time(), usegmt=True))
        return self.put(path, body, **route)

    def hits(self, path: str) -> list[dict[str, str]]:
        """The headers of each request for ``path`` (query string ignored)."""
        with self.lock:
            return [h for p, h in self.requests if p.split("?")[0] == path]

    def handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                with site.lock:
                    site.requests.append((self.path, dict(self.headers)))
                route = site.routes.get(self.path.split("?")[0])
                if route is None:
                    return self.answer(404, b"not found", {"Content-Type": "text/plain"})
                time.sleep(route.delay)
                if self.unchanged(route):
                    return self.answer(304, b"", {})
                headers = {"Content-Type": route.content_type, **route.headers}
                if route.etag:
                    headers["ETag"] = route.etag
                if route.modified:
                    headers["Last-Modified"] = route.modified
                self.answer(route.status, route.body, headers)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with site.lock:
                    site.posts.append((self.path, body))
                    statuses = site.post_statuses.get(self.path) or [200]
                    status = statuses.pop(0) if len(statuses) > 1 else statuses[0]
                self.answer(status, b"{}", {"Content-Type": "application/json"})

            def unchanged(self, route: Route) -> bool:
                """RFC 9110: If-None-Match, when sent, decides alone."""
                if "If-None-Match" in self.headers:
                    return self.headers["If-None-Match"] == route.etag
                since = self.headers.get("If-Modified-Since")
                return since is not None and since == route.modified

            def answer(self, status: int, body: bytes, headers: dict[str, str]):
                reply(self, status, body, headers)

            def log_message(self, *args):
                pass

        return Handler


def rss(items: list[dict]) -> str:
    entries = "".join(
        f"<item><title>{escape(i['title'])}</title><link>{escape(i['link'])}</link>"
        f"<guid>{escape(i.get('guid', i['link']))}</guid><pubDate>{i.get('date', DATE)}"
        f"</pubDate><description>{escape(i.get('summary', ''))}</description></item>"
        for i in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Fil</title><link>https://exemple.invalid/</link><description>Dépêches"
            f"</description>{entries}</channel></rss>")


def publish(site: Site, slug: str, article: tuple[str, str], date: str | None = None) -> dict:
    """``article`` served as a page of ``site`` at /slug; its feed item."""
    url = site.put(f"/{slug}", page(*article), content_type="text/html; charset=utf-8")
    return {"title": article[0], "link": url, "summary": article[1][:120], "date": date or DATE}


def page(title: str, body: str, outlet: str = "Exemple") -> str:
    """An article page with the menus, teasers and footer of a news site around it."""
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n"))
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{escape(title)}'
            f" - {outlet}</title></head><body><nav><a href='/'>Accueil</a> <a href='/monde'>"
            f"Monde</a> <a href='/sport'>Sport</a></nav><main><article><h1>{escape(title)}"
            f"</h1>{paragraphs}</article></main><aside><h2>À lire aussi</h2><ul><li>"
            f"<a href='/x'>La météo du week-end</a></li></ul></aside><footer>© {outlet} - "
            f"Mentions légales</footer></body></html>")


DATE = "Tue, 24 Nov 2026 09:00:00 GMT"

# Articles written for these tests: the incidents are invented.
KARABAKH = ("Sept soldats arméniens tués près de Stepanakert",
            "Au moins sept soldats arméniens ont été tués mardi par des tirs d'artillerie "
            "près de Stepanakert, a annoncé le ministère arménien de la Défense.\n\n"
            "Erevan accuse l'armée azerbaïdjanaise d'avoir ouvert le feu la première sur "
            "ses positions. Le ministère azerbaïdjanais de la Défense a démenti toute "
            "attaque et accusé les forces arméniennes de provocation.")
KARABAKH_LATER = ("Le bilan s'alourdit près de Stepanakert",
                  "Neuf soldats arméniens ont été tués mardi par des tirs d'artillerie près "
                  "de Stepanakert, a annoncé mercredi le ministère arménien de la Défense, "
                  "qui faisait état la veille de sept morts.\n\nLes secours ont retrouvé "
                  "deux corps supplémentaires dans les décombres d'un poste avancé, selon "
                  "la même source.")
MALI = ("Une embuscade fait douze morts près de Mopti",
        "Douze soldats maliens ont été tués lundi dans une embuscade tendue par des hommes "
        "armés près de Mopti, dans le centre du Mali, a indiqué l'armée malienne dans un "
        "communiqué.\n\nPlusieurs véhicules ont été incendiés et les assaillants ont pris "
        "la fuite vers la frontière, selon la même source.")
KHERSON = ("Des frappes de drones font neuf morts à Kherson",
           "Neuf civils ont été tués et quinze autres blessés dimanche par des frappes de "
           "drones russes sur Kherson, dans le sud de l'Ukraine, a annoncé le gouverneur "
           "régional Oleksandr Prokoudine.\n\nUn immeuble d'habitation et une école ont été "
           "touchés, selon les secours, qui poursuivaient les recherches dans les décombres "
           "en fin de journée. Les autorités ont ouvert des centres d'accueil pour les "
           "habitants privés de logement.")
GOMA = ("Des obus tombent sur un camp de déplacés près de Goma",
        "Cinq déplacés ont été tués jeudi par des obus tombés sur le camp de Bulengo, près "
        "de Goma, dans l'est de la République démocratique du Congo, a indiqué une "
        "organisation humanitaire.\n\nL'armée congolaise et les rebelles du M23 se sont "
        "mutuellement accusés des tirs. Des milliers de familles ont fui vers le centre de "
        "la ville dans la soirée.")
ENGLISH = ("Heavy shelling reported near the front line",
           "Heavy shelling was reported overnight near the front line, local officials said "
           "on Tuesday, with several houses damaged and power lines cut in the district.\n\n"
           "Residents were urged to stay in shelters until the morning while repair crews "
           "waited for the firing to stop.")
