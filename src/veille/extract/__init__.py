"""Extraction: each aspect is a spaCy pipeline component that adds its items to the Doc.

Order matters and is one-way: dates and places first, then claims (who says what), then
casualty figures (which read the claims for their attribution), then events (built from
all of the above). ``extract`` turns Articles into ArticleRecords with that pipeline.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from itertools import chain, islice

from spacy.language import Language
from spacy.tokens import Doc

from veille.extract import casualties, claims, events, places, time  # noqa: F401 (factories)
from veille.models import Article, ArticleRecord
from veille.nlp import BATCH_SIZE, load_pipeline, make_doc

COMPONENTS = ("veille_time", "veille_places", "veille_claims", "veille_casualties",
              "veille_events")


def extract(articles: Iterable[Article], nlp: Language | None = None,
            batch_size: int = BATCH_SIZE, workers: int = 1) -> Iterator[ArticleRecord]:
    """One ArticleRecord per Article, in order; with ``workers`` > 1, in that many
    processes, each with its own copy of the model."""
    articles = iter(articles)
    first = next(articles, None)
    if first is None:
        return  # nothing to do: no model to load
    articles = chain([first], articles)
    if workers > 1:
        yield from extract_in_processes(articles, workers, batch_size)
        return
    nlp = nlp or load_pipeline()
    docs = (make_doc(nlp, article) for article in articles)
    for doc in nlp.pipe(docs, batch_size=batch_size):
        yield to_record(doc)


def batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while batch := list(islice(iterator, size)):
        yield batch


def extract_batch(batch: list[Article]) -> list[ArticleRecord]:
    """Worker side: the model is loaded once per process (load_pipeline is cached)."""
    return list(extract(batch, load_pipeline(), batch_size=len(batch)))


def extract_in_processes(articles: Iterable[Article], workers: int,
                         batch_size: int) -> Iterator[ArticleRecord]:
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        for records in pool.imap(extract_batch, batches(articles, batch_size)):
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
