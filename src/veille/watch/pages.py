"""An item's Article: its page's main text (trafilatura), else the feed's own text,
and whether it is in a language we read."""
from __future__ import annotations

import hashlib
import re

from veille.models import Article
from veille.read.decode import decode
from veille.read.errors import ReadError
from veille.read.html import page_article
from veille.watch.feeds import FeedItem
from veille.watch.fetch import Fetched
from veille.watch.settings import WatchSettings
from veille.watch.sources import Source

LANGUAGE_SAMPLE = 2000


def article_id(source: Source, key: str) -> str:
    """A stable id: the outlet's name as a slug and a hash of the item's key."""
    slug = re.sub(r"[^a-z0-9]+", "-", source.name.lower()).strip("-")[:30] or "source"
    return f"{slug}-{hashlib.sha1(key.encode()).hexdigest()[:12]}"


def item_article(item: FeedItem, source: Source, page: Fetched | None,
                 settings: WatchSettings) -> Article | None:
    """The article of a feed item, from its page when it could be fetched and read,
    else from the feed's text with a warning saying so; None when neither has text."""
    article, why = page_of_item(item, source, page, settings)
    if article is not None:
        return article
    if item.summary is None:
        return None
    return item.summary.model_copy(update={
        "id": article_id(source, item.key), "source": source.name,
        "warnings": item.summary.warnings + [f"text from the feed's summary: {why}"]})


def page_of_item(item: FeedItem, source: Source, page: Fetched | None,
                 settings: WatchSettings) -> tuple[Article | None, str]:
    """The item's article as its page tells it, or why there is none."""
    if page is None:
        return None, "its page was not fetched"
    if not page.ok:
        return None, page.error or f"HTTP {page.status}"
    kind = page.headers.get("content-type", "text/html")
    if "html" not in kind:
        return None, f"its page is not HTML ({kind.split(';')[0]})"
    try:
        text, _ = decode(page.body, page.url)
    except ReadError as error:
        return None, error.message
    article, _ = page_article(text, article_id(source, item.key), page.url, source=source.name,
                              url=item.link, title=item.title, published=item.published)
    if len(article.text[article.body_start:].strip()) < settings.min_chars:
        return None, "its page has too little text"
    return article, ""


def language_of(article: Article, source: Source) -> str:
    """The source's declared language, else the one the text is written in."""
    if source.language:
        return source.language.lower()[:2]
    sample = " ".join(p for p in (article.title, article.text[article.body_start:]) if p)
    import py3langid  # its model ships with the package; loaded on first use

    return py3langid.classify(sample[:LANGUAGE_SAMPLE])[0]
