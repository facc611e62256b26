"""A local news site made of the bundled sample articles, for `make run`: one RSS feed
and one page per article, served until stopped.

    python -m veille.watch.demo --port 8799 --feeds out/feeds.toml

writes a feeds file naming the feed, then serves it on 127.0.0.1.
"""
from __future__ import annotations

import argparse
from datetime import date, datetime, timezone
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from veille.lexicon import data_path
from veille.models import Article
from veille.read import read_paths
from veille.watch.sources import Source, write_sources


def page_of(article: Article) -> bytes:
    """The article as a news page; its date in the page's metadata."""
    body = article.text[article.body_start:]
    title = article.title or body.split("\n", 1)[0][:80]
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n") if p.strip()
                         and p.strip() != title)
    published = (f'<meta property="article:published_time" content="{article.published}">'
                 if article.published else "")
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>'
            f"{escape(title)}</title>{published}</head><body><nav><a href='/'>Accueil</a>"
            f"</nav><article><h1>{escape(title)}</h1>{paragraphs}</article><footer>Exemple"
            f"</footer></body></html>").encode()


def feed_of(articles: list[Article], root: str) -> bytes:
    """An RSS 2.0 feed of the articles; a day-precise date goes in pubDate, a vaguer one
    is left to the page."""
    items = []
    for article in articles:
        stamp = ""
        if article.published and len(article.published) == 10:
            day = datetime.combine(date.fromisoformat(article.published), datetime.min.time(),
                                   timezone.utc)
            stamp = f"<pubDate>{format_datetime(day, usegmt=True)}</pubDate>"
        title = escape(article.title or article.id)
        items.append(f"<item><title>{title}</title><link>{root}/articles/{article.id}</link>"
                     f"<guid>{root}/articles/{article.id}</guid>{stamp}<description>{title}"
                     f"</description></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>'
            f"Exemple</title><link>{root}/</link><description>Les articles d'exemple de "
            f"veille</description>{''.join(items)}</channel></rss>").encode()


def reply(handler: BaseHTTPRequestHandler, status: int, body: bytes,
          headers: dict[str, str]) -> None:
    """Answer a request of an http.server handler; a client that went away is let go."""
    try:
        handler.send_response(status)
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    except (BrokenPipeError, ConnectionResetError):
        pass


def serve(port: int, feeds: Path) -> None:
    articles = [a for a in read_paths([data_path("sample")]) if isinstance(a, Article)]
    root = f"http://127.0.0.1:{port}"
    routes = {"/feed.xml": (feed_of(articles, root), "application/rss+xml; charset=utf-8")}
    routes |= {f"/articles/{a.id}": (page_of(a), "text/html; charset=utf-8")
               for a in articles}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body, kind = routes.get(self.path, (b"not found", "text/plain"))
            reply(self, 200 if self.path in routes else 404, body, {"Content-Type": kind})

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    write_sources(feeds, [Source(f"{root}/feed.xml", "Exemple", language="fr")])
    print(f"sample feed on {root}/feed.xml ({len(articles)} articles) -> {feeds}", flush=True)
    server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the sample articles as a news site.")
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--feeds", type=Path, required=True, help="feeds file to write")
    args = parser.parse_args()
    try:
        serve(args.port, args.feeds)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
