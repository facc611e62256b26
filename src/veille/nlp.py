"""The spaCy French pipeline, loaded once per process, with veille's components on top."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from veille.models import Article

MODEL = "fr_core_news_md"
BATCH_SIZE = 32

for _name in ("article", "dates", "places", "claims", "casualties", "events"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


SENTENCE_END = {".", "!", "?", "…", ":", ";", "»", '"', "”", ")", "...", "?!", "!?"}
OPENING_DETERMINERS = {"Le", "La", "Les", "L'", "L’", "Un", "Une", "Des", "Ce", "Cette"}


@Language.component("veille_paragraphs", assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """Sentence boundaries the parser must respect: a line break ends a sentence (titles
    and paragraphs of news carry no final stop), and a sentence starts only after a
    final punctuation mark ("Quatre | soldats ont été tués" is one sentence)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or previous.is_space or glued_title(previous, token):
            token.is_sent_start = True
        elif previous.text not in SENTENCE_END and not token.is_space:
            token.is_sent_start = False
    return doc


def glued_title(previous, token) -> bool:
    """'... par des tirs azerbaïdjanais L’Azerbaïdjan a repris ...': a headline run into
    its standfirst. A capitalised article after a lower-case word (not a preposition,
    as in 'à La Haye') starts a sentence."""
    return token.text in OPENING_DETERMINERS and previous.is_alpha and \
        previous.text.islower() and previous.pos_ not in ("ADP", "DET", "CCONJ", "SCONJ")


def load_model(model: str = MODEL) -> Language:
    """The bare spaCy model (what the benchmark compares veille against)."""
    return spacy.load(model)


@lru_cache(maxsize=None)
def load_pipeline(model: str = MODEL) -> Language:
    """The spaCy model followed by veille's extractors; cached, so loaded once."""
    from veille.extract import COMPONENTS  # registers the extractor factories

    nlp = load_model(model)
    nlp.add_pipe("veille_paragraphs", before="parser")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def make_doc(nlp: Language, article: Article) -> Doc:
    """A Doc over the article text, its header and dateline blanked out (same offsets)."""
    text = article.text
    if article.body_start:
        head = "".join(c if c == "\n" else " " for c in text[:article.body_start])
        text = head + text[article.body_start:]
    doc = nlp.make_doc(text)
    doc._.article = article
    return doc
