"""The spaCy French pipeline, loaded once per process, with veille's components on top."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.attrs import ORTH
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


@Language.component("veille_article", assigns=["doc._.article"])
def ensure_article(doc: Doc) -> Doc:
    """A Doc made from a bare string (nlp("...")) gets an Article of its own text."""
    if doc._.article is None:
        doc._.article = Article(id="", text=doc.text)
    return doc


@Language.component("veille_paragraphs", assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """Sentence boundaries the parser must respect: a line break ends a sentence (titles
    and paragraphs of news carry no final stop), and a sentence starts only after a
    final punctuation mark ("Quatre | soldats ont été tués" is one sentence)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or previous.is_space or glued_title(previous, token) or \
                full_stop_before(previous, token):
            token.is_sent_start = True
        elif previous.text not in SENTENCE_END and not token.is_space:
            token.is_sent_start = False
    return doc


def full_stop_before(previous, token) -> bool:
    """'... ce que Kigali a démenti. "Le Rwanda ...': a full stop (a token of its own,
    not the period of 'M.' or 'av. J.-C.') before a capital or an opening quotation."""
    if previous.text not in (".", "!", "?", "…"):
        return False
    doc = token.doc
    word = doc[token.i + 1] if token.text in ('"', "«", "“") and token.i + 1 < len(doc) else token
    return word.text[:1].isupper()


def glued_title(previous, token) -> bool:
    """'... par des tirs azerbaïdjanais L’Azerbaïdjan a repris ...': a headline run into
    its standfirst. A capitalised article after a lower-case word (not a preposition,
    as in 'à La Haye') starts a sentence."""
    return token.text in OPENING_DETERMINERS and previous.is_alpha and \
        previous.text.islower() and previous.pos_ not in ("ADP", "DET", "CCONJ", "SCONJ")


def load_model(model: str = MODEL) -> Language:
    """The bare spaCy model (what the benchmark compares veille against)."""
    return spacy.load(model)


def hyphenated_words() -> set[str]:
    """Hyphenated words of veille's lexicons ('état-major', 'garde-frontière') that the
    tokenizer must keep whole for the lexicons to match them."""
    from veille import lexicon

    words: set[str] = set()

    def collect(value):
        if isinstance(value, str):
            words.update(w for w in value.split()
                         if "-" in w and all(part.isalpha() for part in w.split("-")))
        elif isinstance(value, dict):
            for key, item in value.items():
                collect(key)
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for name in ("actors", "casualties", "claims", "events", "places"):
        collect(lexicon.load(name))
    return words


def keep_hyphenated_words(nlp: Language) -> None:
    for word in hyphenated_words():
        for form in {word, word.capitalize(), word.upper()}:
            if len(nlp.make_doc(form)) > 1:
                nlp.tokenizer.add_special_case(form, [{ORTH: form}])


@lru_cache(maxsize=None)
def load_pipeline(model: str = MODEL) -> Language:
    """The spaCy model followed by veille's extractors; cached, so loaded once."""
    from veille.extract import COMPONENTS  # registers the extractor factories

    nlp = load_model(model)
    keep_hyphenated_words(nlp)
    nlp.add_pipe("veille_paragraphs", before="parser")
    nlp.add_pipe("veille_article")
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
