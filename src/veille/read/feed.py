"""RSS 2.0 and Atom feeds: one article per item, its text from the item's content."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from email.utils import parsedate_to_datetime

from veille.models import Article
from veille.read.errors import ReadError
from veille.read.html import html_to_text
from veille.read.jsonl import published_from
from veille.read.text import parse_plain

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def read_feed(text: str, origin: str, stem: str) -> Iterator[Article | ReadError]:
    try:
        root = ET.fromstring(text.lstrip("\ufeff"))
    except ET.ParseError as error:
        yield ReadError(origin, f"not well-formed XML ({error})", line=error.position[0])
        return
    entries = root.findall("./channel/item") + root.findall(f"./{ATOM}entry")
    if not entries:
        yield ReadError(origin, "feed holds no items")
        return
    outlet = feed_title(root)
    for number, entry in enumerate(entries, 1):
        yield item_article(entry, origin, f"{stem}-{number}", number, outlet)


def feed_title(root: ET.Element) -> str | None:
    """The feed's own name (RSS channel or Atom feed title): the items' outlet."""
    for path in ("./channel/title", f"./{ATOM}title"):
        node = root.find(path)
        if node is not None and (node.text or "").strip():
            return " ".join(node.text.split())
    return None


def item_article(entry: ET.Element, origin: str, default_id: str, number: int,
                 outlet: str | None = None) -> Article | ReadError:
    """One item as an Article; its outlet is the item's <source>, else the feed's."""
    def first(*paths: str) -> str | None:
        for path in paths:
            node = entry.find(path)
            if node is not None and (node.text or "").strip():
                return node.text.strip()
        return None

    title = first("title", f"{ATOM}title")
    body = first(CONTENT, f"{ATOM}content", "description", f"{ATOM}summary")
    text = "\n\n".join(p for p in (title, html_to_text(body) if body else None) if p)
    where = f"{origin} item {number}"
    if not text.strip():
        return ReadError(origin, f"item {number} has no text")
    link = first("link") or next((n.get("href") for n in entry.findall(f"{ATOM}link")
                                  if n.get("href")), None)
    warnings: list[str] = []
    published = published_from(feed_date(first("pubDate", f"{ATOM}published",
                                                f"{ATOM}updated")), warnings)
    return parse_plain(text, first("guid", f"{ATOM}id") or default_id, where, url=link,
                       title=title, published=published, source=first("source") or outlet,
                       warnings=warnings)


def feed_date(value: str | None) -> str | None:
    """RFC 822 (RSS) or ISO 8601 (Atom) to ISO; unparseable values pass through."""
    if value is None or value[:4].isdigit():
        return value
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError):
        return value
