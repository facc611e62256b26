"""The spaCy French pipeline, loaded once per process, with veille's components on top."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from functools import wraps
from itertools import compress, count
from typing import TypeVar

import numpy
import spacy
from spacy.attrs import (
    DEP,
    ENT_TYPE,
    HEAD,
    IDX,
    IS_ALPHA,
    IS_PUNCT,
    IS_SPACE,
    LEMMA,
    LOWER,
    MORPH,
    ORTH,
    POS,
    SENT_START,
)
from spacy.language import Language
from spacy.morphology import Morphology
from spacy.tokens import Doc, Span, Token

from veille.models import Article

MODEL = "fr_core_news_md"
BATCH_SIZE = 32
BATCH_CHARS = 100_000  # the model's memory grows with the text it reads at once

for _name in ("article", "dates", "places", "unplaced", "claims", "casualties", "events"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


T = TypeVar("T")

SENTENCE_END = {".", "!", "?", "…", ":", ";", "»", '"', "”", ")", "...", "?!", "!?"}
OPENING_DETERMINERS = {"Le", "La", "Les", "L'", "L’", "Un", "Une", "Des", "Ce", "Cette"}
FULL_STOPS = {".", "!", "?", "…"}
CLOSING = {")", "»", "”", "]"}


@Language.component("veille_article", assigns=["doc._.article"])
def ensure_article(doc: Doc) -> Doc:
    """A Doc made from a bare string (nlp("...")) gets an Article of its own text."""
    if doc._.article is None:
        doc._.article = Article(id="", text=doc.text)
    return doc


@Language.component("veille_paragraphs", assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """Sentence boundaries the parser must respect: a line break ends a sentence (titles
    and paragraphs of news carry no final stop), a full stop before a capital starts
    one, and elsewhere a sentence starts only after a final punctuation mark ("Quatre |
    soldats ont été tués" is one sentence), never at a closing mark or a lower-case word
    ("la tuerie (massacre ?) aurait été commise" is one sentence)."""
    if len(doc) < 2:
        return doc
    array = doc.to_array([ORTH, POS, IS_SPACE, IS_ALPHA])
    texts, tags = STRINGS.columns(doc.vocab.strings, array[:, :2])
    space, alpha = array[:, 2:].T.tolist()
    starts = [1] + [
        1 if "\n" in previous or previous_space or
        previous in FULL_STOPS and full_stop_before(text, after) or
        text in OPENING_DETERMINERS and glued_title(previous, previous_alpha, previous_tag)
        else -1 if text in CLOSING or text[:1].islower()
        else 0 if previous in SENTENCE_END or text_space else -1
        for previous, previous_space, previous_alpha, previous_tag, text, text_space, after
        in zip(texts, space, alpha, tags, texts[1:], space[1:], texts[2:] + [""])]
    doc.from_array([SENT_START], numpy.array(starts, dtype="int64").astype("uint64"))
    return doc


def full_stop_before(word: str, after: str) -> bool:
    """'... ce que Kigali a démenti. "Le Rwanda ...': a full stop (a token of its own,
    not the period of 'M.' or 'av. J.-C.') before a capital or an opening quotation."""
    if word in ('"', "«", "“") and after:
        word = after
    return word[:1].isupper()


def glued_title(previous: str, previous_alpha: bool, previous_tag: str) -> bool:
    """'... par des tirs azerbaïdjanais L’Azerbaïdjan a repris ...': a headline run into
    its standfirst. A capitalised article after a lower-case word (not a preposition,
    as in 'à La Haye') starts a sentence."""
    return previous_alpha and previous.islower() and \
        previous_tag not in ("ADP", "DET", "CCONJ", "SCONJ")


def once_per_doc(doc: Doc, key: str, compute: Callable[[], T]) -> T:
    """compute(), worked out once per Doc and kept in its user_data under ``key``:
    several extractors, or every sentence of one, ask the same question of the Doc.
    extract() empties the user_data once the Doc's record is made."""
    try:
        return doc.user_data[key]
    except KeyError:
        found = doc.user_data[key] = compute()
        return found


def per_doc(function: Callable[[Doc], T]) -> Callable[[Doc], T]:
    """Decorator: function(doc), worked out once per Doc (see once_per_doc). It has
    once_per_doc's body rather than calling it: a closure made at every call would
    cost the hottest of these (tokens_of, text_of) more than their answer."""
    key = f"{function.__module__}.{function.__qualname__}"

    @wraps(function)
    def once(doc: Doc) -> T:
        try:  # cheaper than .get() for the calls that find it (all but the first)
            return doc.user_data[key]
        except KeyError:
            found = doc.user_data[key] = function(doc)
            return found

    once.key = key  # where the answer is kept, for one who knows it already
    return once


@per_doc
def article_of(doc: Doc) -> Article:
    """The Doc's Article (doc._.article), kept at hand: each ``doc._`` builds a new
    proxy object, and the extractors ask for the article thousands of times."""
    return doc._.article


def extracted(doc: Doc, aspect: str) -> list | None:
    """doc._.<aspect> ('dates', 'places', ...): the items an extractor has put on the
    Doc, None before it ran. Read where spaCy keeps extension values, without the proxy
    object that every ``doc._`` builds."""
    return doc.user_data.get(extension_key(aspect))


def keep_extracted(doc: Doc, aspect: str, items: list) -> None:
    """doc._.<aspect> = items, without the proxy object."""
    doc.user_data[extension_key(aspect)] = items


def extension_key(aspect: str) -> tuple:
    """Where spaCy keeps the value of doc._.<aspect>."""
    return "._.", aspect, None, None


@per_doc
def text_of(doc: Doc) -> str:
    """The Doc's text, computed once: spaCy joins all its tokens again on every call."""
    return doc.text


class Memo(dict):
    """key -> compute(key), remembered; emptied when full, as a long run keeps meeting
    new words."""

    LIMIT = 500_000

    def __init__(self, compute: Callable):
        super().__init__()
        self.compute = compute

    def __missing__(self, key):
        if len(self) >= self.LIMIT:
            self.clear()
        value = self[key] = self.compute(key)
        return value


class Strings:
    """spaCy's hashes -> their strings, for whole columns of a token array at once (a
    hash names the same string in every store). The hashes met so far are kept sorted
    beside their strings, so that a column is read by a binary search in numpy rather
    than by a dict lookup per cell, which would first make a Python integer of each
    64-bit hash. Emptied when full, as a long run keeps meeting new words."""

    LIMIT = 500_000

    def __init__(self):
        self.hashes = numpy.zeros(0, dtype=numpy.uint64)
        self.strings = numpy.zeros(0, dtype=object)

    def columns(self, store, array: numpy.ndarray) -> list[list[str]]:
        """The strings of each column of ``array`` (one row per token)."""
        if len(self.hashes) >= self.LIMIT:
            self.__init__()
        where = self.hashes.searchsorted(array)
        known = self.hashes[numpy.minimum(where, len(self.hashes) - 1)] == array \
            if len(self.hashes) else numpy.zeros(array.shape, dtype=bool)
        if not known.all():
            self.learn(store, numpy.unique(array[~known]))
            where = self.hashes.searchsorted(array)
        return self.strings[where].T.tolist()

    def learn(self, store, new: numpy.ndarray) -> None:
        """Add these hashes (sorted, none known yet) and their strings to the table."""
        strings = numpy.empty(len(new), dtype=object)
        strings[:] = [store[key] for key in new.tolist()]
        at = self.hashes.searchsorted(new)
        self.hashes = numpy.insert(self.hashes, at, new)
        self.strings = numpy.insert(self.strings, at, strings)


def features(morph: str) -> frozenset[str]:
    """'Mood=Ind|VerbForm=Fin' -> {'Mood=Ind', 'VerbForm=Fin'}."""
    return frozenset(morph.split("|")) if morph and morph != Morphology.EMPTY_MORPH \
        else frozenset()


STRINGS = Strings()
MORPHOLOGIES = Memo(features)  # a language has a few thousand analyses


def has_feature(token: Token, feature: str) -> bool:
    """Whether the token's morphology has exactly this value ('VerbForm=Fin')."""
    return feature in tokens_of(token.doc).morph[token.i]


def span_text(span: Span) -> str:
    """A Span's text, sliced from the Doc's (Span.text rebuilds it token by token)."""
    return text_of(span.doc)[span.start_char:span.end_char]


class Tokens:
    """The attributes of a Doc's tokens as plain lists, read once: spaCy builds a new
    Python object at every token access, which the extractors' scans cannot afford."""

    ATTRS = (ORTH, LOWER, LEMMA, POS, DEP, HEAD, IS_SPACE, IS_PUNCT, ENT_TYPE, IDX, MORPH)

    def __init__(self, doc: Doc):
        array = doc.to_array(list(self.ATTRS))
        self.text, self.lower, self.lemma, self.pos, self.dep, self.ent_type, morph = \
            STRINGS.columns(doc.vocab.strings, array[:, [0, 1, 2, 3, 4, 8, 10]])
        self.idx = array[:, 9].tolist()
        # HEAD holds signed offsets to the head
        self.head = (numpy.arange(len(doc)) + array[:, 5].astype("int64")).tolist()
        self.is_space = array[:, 6].astype(bool).tolist()
        self.is_punct = array[:, 7].astype(bool).tolist()
        self.morph = list(map(MORPHOLOGIES.__getitem__, morph))
        # token index -> indices of its syntactic children, in text order
        self.children = children_of(self.head)
        self.forms = list(zip(self.lower, self.lemma))  # what word lists are matched on

    def end(self, i: int) -> int:
        """The character offset where token i ends."""
        return self.idx[i] + len(self.text[i])

    def space_after(self, i: int) -> bool:
        """Whether token i is followed by white space (before the next token)."""
        return i + 1 < len(self.idx) and self.end(i) < self.idx[i + 1]


def children_of(heads: list[int]) -> list[tuple[int, ...]]:
    """The children of every token of a parse, in text order: one tuple per token (the
    garbage collector soon stops tracking tuples of numbers, not lists)."""
    children: list[list[int]] = [[] for _ in heads]
    for i, head in enumerate(heads):
        if head != i:
            children[head].append(i)
    return list(map(tuple, children))


@per_doc
def tokens_of(doc: Doc) -> Tokens:
    return Tokens(doc)


def positions(doc: Doc, name: str, verdicts: Memo) -> list[int]:
    """The indices of the tokens whose (lower-case form, lemma) pair ``verdicts`` maps to
    True (the words an extractor's rules can start at), found once per Doc under
    ``name``."""
    return once_per_doc(doc, f"veille.positions.{name}", lambda: list(
        compress(count(), map(verdicts.__getitem__, tokens_of(doc).forms))))


def tokens_between(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The tokens [first, last) that the characters [start, end) cover at least in
    part, but for the token on whose trailing space ``start`` falls: the tokens of
    doc.char_span(start, end, alignment_mode="expand"), found without building a Span
    (the tokens tile the text, each with its trailing space)."""
    table, size = tokens_of(doc), len(text_of(doc))
    if not 0 <= start < size or not 0 < end <= size:
        return None
    first = bisect_right(table.idx, start) - 1
    last = bisect_right(table.idx, end - 1) - 1
    if start == table.end(first):
        first += 1
    return first, last + 1


def in_ranges(position: int, ranges) -> bool:
    """Whether the position lies in one of these (start, end) ranges."""
    for start, end in ranges:
        if start <= position < end:
            return True
    return False


def within(found: list[int], start: int, end: int) -> list[int]:
    """The sorted indices ``found`` that lie in [start, end)."""
    return found[bisect_left(found, start):bisect_left(found, end)]


@per_doc
def sentences(doc: Doc) -> list[Span]:
    """The Doc's sentences, segmented once."""
    return list(doc.sents)


@per_doc
def sentence_starts(doc: Doc) -> list[int]:
    return [s.start for s in sentences(doc)]


def sentence_index(doc: Doc, i: int) -> int:
    """The position, in sentences(doc), of the sentence of token i."""
    return bisect_right(sentence_starts(doc), i) - 1


@per_doc
def lead_of(doc: Doc) -> list[Span]:
    """The headline or first sentences of the body (a dateline may stand alone): where a
    news story says what happened, and where."""
    table = tokens_of(doc)
    body = article_of(doc).body_start
    first = next((i for i, (idx, space) in enumerate(zip(table.idx, table.is_space))
                  if idx >= body and not space), 0)
    return sentences(doc)[sentence_index(doc, first):][:3]


def sentence_at(doc: Doc, i: int) -> Span:
    """The sentence of token i (token.sent walks the whole sentence every time)."""
    return sentences(doc)[sentence_index(doc, i)]


@per_doc
def entities(doc: Doc) -> tuple[Span, ...]:
    """The Doc's named entities, built once (spaCy builds the tuple on every call)."""
    return tuple(doc.ents)


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
    """Have the tokenizer keep the lexicons' hyphenated words whole, through its
    ``token_match`` (consulted only for strings it has not met before: it caches what
    it made of every string) rather than special cases: a special case holding a
    hyphen makes the tokenizer run an extra matcher over every text."""
    forms = sorted({form for word in hyphenated_words()
                    for form in (word, word.capitalize(), word.upper())
                    if len(nlp.make_doc(form)) > 1}, key=len, reverse=True)
    if forms:
        whole = re.compile("|".join(map(re.escape, forms))).fullmatch
        model_match = nlp.tokenizer.token_match
        nlp.tokenizer.token_match = lambda text: whole(text) or \
            (model_match(text) if model_match else None)


def drop_tag_copies(nlp: Language) -> None:
    """Remove the attribute ruler's rules that only copy a word's part of speech into its
    fine-grained tag (20 of the French model's 23 rules): veille never reads tags, and
    spaCy's Matcher tries every rule at every token, which made the ruler a twentieth
    of the model's time. The rules that set anything else (the part of speech and
    dependency of whitespace) stay; every other attribute of every token is unchanged."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    kept = [rule for rule in ruler.patterns if set(rule["attrs"]) != {"TAG"}]
    if len(kept) < len(ruler.patterns):
        ruler.clear()
        ruler.add_patterns(kept)


def make_doc(nlp: Language, article: Article) -> Doc:
    """A Doc over the article text, its header and dateline blanked out (same offsets)."""
    text = article.text
    if article.body_start:
        head = "".join(c if c == "\n" else " " for c in text[:article.body_start])
        text = head + text[article.body_start:]
    doc = nlp.make_doc(text)
    doc._.article = article
    doc.user_data[text_of.key] = text
    return doc
