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
    meta = {"source": source.name, "url": item.link, "title": item.title,
            "published": item.published}
    why = "its page was not fetched" if page is None else page.error
    if page is not None and page.ok:
        try:
            text, _ = decode(page.body, page.url)
            article, _ = page_article(text, article_id(source, item.key), page.url, **meta)
            if len(article.text[article.body_start:].strip()) >= settings.min_chars:
                return article
            why = "its page has too little text"
        except ReadError as error:
            why = error.message
    if item.summary is None:
        return None
    fallback = item.summary.model_copy(update={
        "id": article_id(source, item.key), "source": source.name,
        "warnings": item.summary.warnings + [f"text from the feed's summary: {why}"]})
    return fallback


def language_of(article: Article, source: Source) -> str:
    """The source's declared language, else the one the text is written in."""
    if source.language:
        return source.language.lower()[:2]
    sample = " ".join(p for p in (article.title, article.text[article.body_start:]) if p)
    import py3langid  # its model ships with the package; loaded on first use

    return py3langid.classify(sample[:LANGUAGE_SAMPLE])[0]
