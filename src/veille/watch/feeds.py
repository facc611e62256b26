"""A fetched feed's items (feedparser), each keyed by its canonical URL."""
from __future__ import annotations

from dataclasses import dataclass

from veille.models import Article
from veille.read.errors import ReadError
from veille.read.feed import entry_article, entry_date, parse_feed
from veille.watch.dedupe import canonical_url
from veille.watch.fetch import Fetched
from veille.watch.settings import WatchSettings


@dataclass
class FeedItem:
    key: str                     # canonical URL, else the feed's id for the item
    link: str | None
    title: str | None
    published: str | None
    summary: Article | None      # the item as the feed tells it (the page's fallback)
    number: int


def feed_items(fetched: Fetched, settings: WatchSettings) -> tuple[list[FeedItem], str | None]:
    """The items of a fetched feed, in feed order, each once, and what is wrong with a
    feed read only in part; a ReadError when the feed cannot be read or holds no items."""
    parsed = parse_feed(fetched.body, fetched.headers, fetched.url)
    problem = f"feed not well-formed ({parsed.bozo_exception})" if parsed.bozo else None
    items, keys = [], set()
    for number, entry in enumerate(parsed.entries, 1):
        link = entry.get("link")
        key = canonical_url(link, settings.tracking) if link else entry.get("id")
        if not key or key in keys:
            continue
        keys.add(key)
        summary = entry_article(entry, fetched.url, key, number)
        items.append(FeedItem(key=key, link=link, title=(entry.get("title") or None),
                              published=entry_date(entry), number=number,
                              summary=summary if isinstance(summary, Article) else None))
    return items, problem


__all__ = ["FeedItem", "ReadError", "feed_items"]
