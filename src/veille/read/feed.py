"""RSS 0.9x/1.0/2.0 and Atom feeds, read with feedparser: one article per item, its
text from the item's content (or summary)."""
from __future__ import annotations

import io
import time
from collections.abc import Iterator

import feedparser

from veille.models import Article
from veille.read.errors import ReadError
from veille.read.html import html_to_text
from veille.read.text import parse_plain

# text handed over already decoded: feedparser must not trust the XML declaration
UTF8_HEADERS = {"content-type": "application/xml; charset=utf-8"}


def parse_feed(data: bytes, headers: dict[str, str] | None = None,
               origin: str = "feed") -> feedparser.FeedParserDict:
    """The feed in ``data`` (bytes, decoded by feedparser with the HTTP ``headers``);
    a ReadError when it holds no items. A wrapped byte stream, never a string, so that
    feedparser never takes the input for a URL to fetch."""
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers or {})
    if not parsed.entries:
        if parsed.bozo:
            raise ReadError(origin, f"not a readable feed ({parsed.bozo_exception})")
        raise ReadError(origin, "feed holds no items")
    return parsed


def read_feed(text: str, origin: str, stem: str) -> Iterator[Article | ReadError]:
    try:
        parsed = parse_feed(text.lstrip("\ufeff").encode("utf-8"), UTF8_HEADERS, origin)
    except ReadError as error:
        yield error
        return
    outlet = feed_title(parsed)
    for number, entry in enumerate(parsed.entries, 1):
        article = entry_article(entry, origin, f"{stem}-{number}", number, outlet)
        if isinstance(article, Article) and parsed.bozo:
            article.warnings.append(f"feed is not well-formed ({parsed.bozo_exception}); "
                                    "items read as far as possible")
        yield article


def feed_title(parsed: feedparser.FeedParserDict) -> str | None:
    """The feed's own name (RSS channel or Atom feed title): its items' outlet."""
    return " ".join((parsed.feed.get("title") or "").split()) or None


def entry_text(entry) -> str | None:
    """An item's body as plain text: its full content, else its summary."""
    for content in entry.get("content") or []:
        if (content.get("value") or "").strip():
            return html_to_text(content["value"])
    summary = entry.get("summary") or ""
    return html_to_text(summary) if summary.strip() else None


def entry_date(entry) -> str | None:
    """The item's publication (else update) day, ISO."""
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", stamp) if stamp else None


def entry_article(entry, origin: str, default_id: str, number: int,
                  outlet: str | None = None) -> Article | ReadError:
    """One item as an Article; its outlet is the item's <source>, else the feed's."""
    title = (entry.get("title") or "").strip() or None
    body = entry_text(entry)
    text = "\n\n".join(p for p in (title, body) if p)
    if not text.strip():
        return ReadError(origin, f"item {number} has no text")
    source = ((entry.get("source") or {}).get("title") or "").strip() or outlet
    return parse_plain(text, entry.get("id") or default_id, f"{origin} item {number}",
                       url=entry.get("link"), title=title, published=entry_date(entry),
                       source=source)
