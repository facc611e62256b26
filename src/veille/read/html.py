"""HTML pages: the article's readable text, title and publication date.

The main text is found by trafilatura, which tells an article from the menus, teasers
and comments around it; a page where it finds none is read whole by a small parser of
our own, which also reads the explicit title and date metadata.
"""
from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

import trafilatura

from veille.models import Article
from veille.read.jsonl import published_from
from veille.read.text import parse_plain

SKIPPED = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside",
           "form", "svg", "button", "figure", "iframe"}
BLOCKS = {"p", "h1", "h2", "h3", "h4", "li", "blockquote", "div", "br", "section",
          "article", "tr", "dd", "dt"}
DATE_META = ("article:published_time", "datepublished", "date", "dc.date", "pubdate",
             "og:published_time", "dc.date.issued")
OUTLET_META = ("og:site_name", "application-name", "dc.publisher")


class PageText(HTMLParser):
    """Collect the visible text as paragraphs, plus title and date metadata."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.skip_depth = 0
        self.in_title = False
        self.title: str | None = None
        self.h1: str | None = None
        self.in_h1 = False
        self.published: str | None = None
        self.outlet: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {k.lower(): (v or "") for k, v in attrs}
        if tag in SKIPPED:
            self.skip_depth += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "meta":
            self.read_meta(attrs)
        elif tag == "time" and self.published is None and attrs.get("datetime"):
            self.published = attrs["datetime"]
        if tag in BLOCKS:
            self.flush()
        if tag == "h1":
            self.in_h1 = True

    def handle_endtag(self, tag):
        if tag in SKIPPED and self.skip_depth:
            self.skip_depth -= 1
        elif tag == "title":
            self.in_title = False
        if tag == "h1":
            self.in_h1 = False
        if tag in BLOCKS:
            self.flush()

    def handle_data(self, data):
        if self.in_title:
            self.title = ((self.title or "") + data).strip() or None
        elif not self.skip_depth:
            self.current.append(data)
            if self.in_h1:
                self.h1 = ((self.h1 or "") + data).strip() or None

    def read_meta(self, attrs):
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key in DATE_META and self.published is None and attrs.get("content"):
            self.published = attrs["content"]
        elif key == "og:title" and attrs.get("content"):
            self.title = attrs["content"].strip()
        elif key in OUTLET_META and self.outlet is None and attrs.get("content", "").strip():
            self.outlet = attrs["content"].strip()

    def flush(self):
        paragraph = " ".join("".join(self.current).split())
        if paragraph:
            self.paragraphs.append(paragraph)
        self.current = []


def parse_page(markup: str) -> PageText:
    page = PageText()
    page.feed(markup)
    page.close()
    page.flush()
    return page


@dataclass
class MainText:
    """What trafilatura reads on a page."""

    text: str | None
    title: str | None
    date: str | None
    author: str | None
    language: str | None


def main_text(markup: str, url: str | None = None) -> MainText:
    try:
        found = trafilatura.bare_extraction(markup, url=url, with_metadata=True,
                                            favor_precision=True, include_comments=False,
                                            include_tables=False)
    except (ValueError, TypeError):  # markup lxml cannot build a tree from
        found = None
    if found is None:
        return MainText(None, None, None, None, None)
    paragraphs = [" ".join(line.split()) for line in (found.text or "").split("\n")]
    return MainText("\n\n".join(p for p in paragraphs if p) or None, found.title,
                    found.date, found.author, found.language)


def page_article(markup: str, article_id: str, origin: str, url: str | None = None,
                 **meta) -> tuple[Article, MainText]:
    """The page's article (``meta`` overrides what the page says) and what trafilatura
    read on it."""
    page = parse_page(markup)
    found = main_text(markup, url)
    warnings: list[str] = list(meta.pop("warnings", []))
    if meta.get("published") is None:
        meta["published"] = published_from(page.published or found.date, warnings)
    meta.setdefault("title", page.h1 or page.title or found.title)
    if meta.get("source") is None:
        meta["source"] = page.outlet
    body = found.text or "\n\n".join(page.paragraphs)
    return parse_plain(body, article_id, origin, url=url, warnings=warnings, **meta), found


def read_html(text: str, origin: str, stem: str) -> Article:
    return page_article(text, stem, origin)[0]


def html_to_text(fragment: str) -> str:
    return "\n\n".join(parse_page(fragment).paragraphs)
