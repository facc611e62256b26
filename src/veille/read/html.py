"""HTML pages: the article's readable text, title and publication date."""
from __future__ import annotations

from html.parser import HTMLParser

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


def read_html(text: str, origin: str, stem: str) -> Article:
    page = parse_page(text)
    warnings: list[str] = []
    published = published_from(page.published, warnings)
    body = "\n\n".join(page.paragraphs)
    return parse_plain(body, stem, origin, title=page.h1 or page.title, published=published,
                       source=page.outlet, warnings=warnings)


def html_to_text(fragment: str) -> str:
    return "\n\n".join(parse_page(fragment).paragraphs)
