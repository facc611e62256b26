"""Extraction: each aspect is a spaCy pipeline component that adds its items to the Doc.

Order matters and is one-way: dates and places first, then claims (who says what), then
casualty figures (which read the claims for their attribution), then events (built from
all of the above). ``extract`` turns Articles into ArticleRecords with that pipeline.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from veille.extract import casualties, claims, events, places, time  # noqa: F401 (factories)
from veille.models import Article, ArticleRecord
from veille.nlp import BATCH_SIZE, load_pipeline, make_doc

COMPONENTS = ("veille_time", "veille_places", "veille_claims", "veille_casualties",
              "veille_events")


def extract(articles: Iterable[Article], nlp: Language | None = None,
            batch_size: int = BATCH_SIZE) -> Iterator[ArticleRecord]:
    """One ArticleRecord per Article, in order."""
    nlp = nlp or load_pipeline()
    docs = (make_doc(nlp, article) for article in articles)
    for doc in nlp.pipe(docs, batch_size=batch_size):
        yield to_record(doc)


def extract_one(article: Article, nlp: Language | None = None) -> ArticleRecord:
    return next(extract([article], nlp))


def to_record(doc: Doc) -> ArticleRecord:
    article: Article = doc._.article
    return ArticleRecord(
        id=article.id, published=article.published, source=article.source, url=article.url,
        title=article.title, casualties=doc._.casualties or [], places=doc._.places or [],
        events=doc._.events or [], claims=doc._.claims or [], dates=doc._.dates or [],
        warnings=list(article.warnings))
