"""Turn input paths into Articles.

Plain text (with or without a ` date YYYY-MM` header), JSON Lines/JSON, HTML pages,
RSS/Atom feeds and Parquet tables, given as files or directories (walked recursively,
in sorted order).
Problems never stop the walk: each is yielded as a ReadError naming the file and line,
and the caller decides whether to go on.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from veille.models import Article
from veille.read.decode import decode
from veille.read.errors import ReadError
from veille.read.feed import read_feed
from veille.read.html import read_html
from veille.read.jsonl import read_json, read_jsonl
from veille.read.parquet import read_parquet
from veille.read.text import parse_plain

__all__ = ["ReadError", "read_paths", "read_file", "checked", "DEFAULT_MAX_CHARS"]

DEFAULT_MAX_CHARS = 2_000_000
Reader = Callable[[str, str, str], Iterable[Article | ReadError] | Article]


def read_text_file(text: str, origin: str, stem: str) -> Article:
    return parse_plain(text, stem, origin)


READERS: dict[str, Reader] = {
    ".txt": read_text_file, ".text": read_text_file,
    ".jsonl": read_jsonl, ".ndjson": read_jsonl, ".json": read_json,
    ".html": read_html, ".htm": read_html,
    ".xml": read_feed, ".rss": read_feed, ".atom": read_feed,
}
SUFFIXES = set(READERS) | {".parquet"}  # the files a directory walk reads
FEED_TAGS = ("<rss", "<feed", "<rdf:rdf")


def sniff_reader(text: str) -> Reader:
    """The reader for a file whose name does not tell its format."""
    head = text.lstrip("\ufeff \t\n")[:512].lower()
    if head.startswith("{"):
        return read_jsonl
    if head.startswith("<"):
        return read_feed if any(tag in head for tag in FEED_TAGS) else read_html
    return read_text_file


def read_paths(paths: Iterable[str | os.PathLike], max_chars: int = DEFAULT_MAX_CHARS
               ) -> Iterator[Article | ReadError]:
    """Every article found under ``paths``, ids made unique across the whole run."""
    ids = UniqueIds()
    for item in walk(paths):
        if isinstance(item, ReadError):
            yield item
            continue
        for found in read_file(item, max_chars):
            if isinstance(found, Article):
                found = ids.assign(found)
            yield found


def read_file(path: Path, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Article | ReadError]:
    found = read_parquet(path) if path.suffix.lower() == ".parquet" else read_text_formats(path)
    for item in found:
        yield checked(item, max_chars) if isinstance(item, Article) else item


def read_text_formats(path: Path) -> Iterator[Article | ReadError]:
    """The articles of a text file (plain, JSON, HTML, feed), decoded whatever its
    encoding; decoding warnings go to each article."""
    origin = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        yield ReadError(origin, f"cannot read ({error.strerror or error})")
        return
    try:
        text, warnings = decode(data, origin)
    except ReadError as error:
        yield error
        return
    reader = READERS.get(path.suffix.lower()) or sniff_reader(text)
    found = reader(text, origin, path.stem)
    for item in [found] if isinstance(found, Article) else found:
        if isinstance(item, Article):
            item.warnings[:0] = warnings
        yield item


def checked(article: Article, max_chars: int) -> Article | ReadError:
    """An article with text, cut to ``max_chars``; one without is an error."""
    if not article.text[article.body_start:].strip():
        return ReadError(article.origin or "", "no article text")
    return truncate(article, max_chars)


def truncate(article: Article, max_chars: int) -> Article:
    """Cut an oversized text at a white space before ``max_chars``, with a warning."""
    if len(article.text) <= max_chars:
        return article
    cut = article.text.rfind(" ", 0, max_chars)
    cut = cut if cut > max_chars // 2 else max_chars
    article.warnings.append(f"text truncated from {len(article.text)} to {cut} characters")
    article.text = article.text[:cut]
    if article.dateline and article.dateline.end > cut:
        article.dateline = None
    article.body_start = min(article.body_start, cut)
    return article


def walk(paths: Iterable[str | os.PathLike]) -> Iterator[Path | ReadError]:
    """Files named, and the article files under directories, sorted, each real file once."""
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from walk_directory(path, seen)
        elif path.is_file():
            yield path
        elif path.exists() or path.is_symlink():
            yield ReadError(str(path), "not a regular file or directory")
        else:
            yield ReadError(str(path), "no such file or directory")


def walk_directory(root: Path, seen: set[str]) -> Iterator[Path | ReadError]:
    errors: list[ReadError] = []
    visited_dirs: set[str] = set()

    def on_error(error: OSError):
        errors.append(ReadError(error.filename or str(root),
                                f"cannot list directory ({error.strerror or error})"))

    for directory, subdirs, files in os.walk(root, onerror=on_error, followlinks=True):
        real = os.path.realpath(directory)
        if real in visited_dirs:  # a symlink loop or a second link to the same folder
            subdirs[:] = []
            continue
        visited_dirs.add(real)
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        yield from errors
        errors.clear()
        for name in sorted(files):
            path = Path(directory, name)
            if name.startswith(".") or path.suffix.lower() not in SUFFIXES:
                continue
            real_file = os.path.realpath(path)
            if real_file not in seen:
                seen.add(real_file)
                yield path
    yield from errors


class UniqueIds:
    """Keeps article ids unique in a run: a repeated id gets a -2, -3 ... suffix."""

    def __init__(self):
        self.used: set[str] = set()

    def assign(self, article: Article) -> Article:
        base = article.id
        candidate, n = base, 1
        while candidate in self.used:
            n += 1
            candidate = f"{base}-{n}"
        self.used.add(candidate)
        if candidate != base:
            article.warnings.append(f"id {base!r} already used in this run; renamed {candidate!r}")
            article.id = candidate
        return article
