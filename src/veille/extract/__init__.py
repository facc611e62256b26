"""Extraction: each aspect is a spaCy pipeline component that adds its items to the Doc.

Order matters and is one-way: dates and places first, then claims (who says what), then
casualty figures (which read the claims for their attribution), then events (built from
all of the above). ``extract`` turns Articles into ArticleRecords with that pipeline.
"""
from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import chain
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from veille.actors import registry
from veille.extract import casualties, claims, events, parts, places, time  # noqa: F401
from veille.models import Article, ArticleRecord
from veille.nlp import (
    BATCH_CHARS,
    BATCH_SIZE,
    MODEL,
    drop_tag_copies,
    keep_hyphenated_words,
    load_model,
    make_doc,
    text_of,
)
from veille.read import DEFAULT_MAX_CHARS

T = TypeVar("T")
COMPONENTS = ("veille_time", "veille_places", "veille_claims", "veille_casualties",
              "veille_events")


@lru_cache(maxsize=None)
def load_pipeline(model: str = MODEL) -> Language:
    """The spaCy model followed by veille's extractors; cached, so loaded once."""
    nlp = load_model(model)
    # the readers truncate texts to --max-chars (2 MB by default), with a warning
    nlp.max_length = max(nlp.max_length, DEFAULT_MAX_CHARS + 1)
    keep_hyphenated_words(nlp)
    drop_tag_copies(nlp)
    nlp.add_pipe("veille_paragraphs", before="parser")
    nlp.add_pipe("veille_article")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    registry()  # the actor names, loaded now rather than by the first article
    gc.freeze()  # the model and the lexicons live as long as the process: not scanned again
    return nlp


def extract(articles: Iterable[Article], nlp: Language | None = None,
            batch_size: int = BATCH_SIZE, workers: int = 1,
            part_chars: int = parts.PART_CHARS) -> Iterator[ArticleRecord]:
    """One ArticleRecord per Article, in order; with ``workers`` > 1, in that many
    processes, each with its own copy of the model. Texts longer than ``part_chars``
    are read in parts (see veille.extract.parts)."""
    articles = iter(articles)
    first = next(articles, None)
    if first is None:
        return  # nothing to do: no model to load
    articles = chain([first], articles)
    if workers > 1:
        yield from extract_in_processes(articles, workers, batch_size)
        return
    nlp = nlp or load_pipeline()
    sizes: deque[int] = deque()  # parts per article, in order (see veille.extract.parts)

    def docs() -> Iterator[Doc]:
        for article in articles:
            split = parts.split(article, part_chars)
            sizes.append(len(split))
            for offset, part in split:
                doc = make_doc(nlp, part)
                doc.user_data["veille.offset"] = offset
                yield doc

    done: list[tuple[int, ArticleRecord]] = []
    for batch in batches(docs(), batch_size, lambda doc: len(text_of(doc))):
        for doc in nlp.pipe(batch, batch_size=len(batch)):
            done.append((doc.user_data["veille.offset"], to_record(doc)))
            release(doc)
            if len(done) == sizes[0]:
                sizes.popleft()
                yield parts.merge(done)
                done = []


def release(doc: Doc) -> None:
    """Empty what the extractors kept on the Doc once its record is made. Their Spans
    and the article's actor context point back at the Doc: a reference cycle, which
    only the garbage collector's rare full passes would free, each pass slower for the
    Docs piled up before it."""
    doc.user_data.clear()


def batches(items: Iterable[T], size: int, length: Callable[[T], int],
            chars: int = BATCH_CHARS) -> Iterator[list[T]]:
    """Lists of at most ``size`` items and at most ``chars`` characters in all (an item
    longer than that alone): the model's memory grows with the text of a batch."""
    batch: list[T] = []
    total = 0
    for item in items:
        n = length(item)
        if batch and (len(batch) == size or total + n > chars):
            yield batch
            batch, total = [], 0
        batch.append(item)
        total += n
    if batch:
        yield batch


def extract_batch(batch: list[Article]) -> list[ArticleRecord]:
    """Worker side: the model is loaded once per process (load_pipeline is cached)."""
    return list(extract(batch, load_pipeline(), batch_size=len(batch)))


def extract_in_processes(articles: Iterable[Article], workers: int,
                         batch_size: int) -> Iterator[ArticleRecord]:
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        for records in pool.imap(extract_batch, batches(articles, batch_size,
                                                         lambda article: len(article.text))):
            yield from records


def extract_one(article: Article, nlp: Language | None = None) -> ArticleRecord:
    return next(extract([article], nlp))


def to_record(doc: Doc) -> ArticleRecord:
    article: Article = doc._.article
    return ArticleRecord(
        id=article.id, published=article.published, source=article.source, url=article.url,
        title=article.title, casualties=doc._.casualties or [], places=doc._.places or [],
        events=doc._.events or [], claims=doc._.claims or [], dates=doc._.dates or [],
        warnings=list(article.warnings))
