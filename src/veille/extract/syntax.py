"""Parse-tree and surface helpers shared by the extractors.

The statistical parse is good but not perfect on news French; these helpers combine
it with surface cues (punctuation, quotation marks) so that a misattached phrase does
not lose an item.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from veille.nlp import entities, sentence_at, text_of

NP_DEPS = {"det", "amod", "nmod", "flat:name", "flat", "appos", "compound", "nummod",
           "case", "fixed", "conj", "cc", "flat:foreign", "dep"}
VERB_GROUP_DEPS = {"aux", "aux:tense", "aux:pass", "aux:caus", "expl:subj", "expl:pass",
                   "expl:comp", "expl", "advmod", "nsubj"}
SUBJECT_DEPS = ("nsubj", "nsubj:pass", "expl:subj")
OPENING = {"«": "»", "“": "”", "‘": "’", "„": "“"}
STRAIGHT = '"'


def noun_phrase(head: Token) -> Span:
    """The noun phrase a head noun stands for, without its relative clauses and
    participial adjuncts ("L'Arménie, soutenue par Moscou," -> "L'Arménie")."""
    keep = {head.i}
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in NP_DEPS or (child.dep_ == "punct" and is_quote(child)):
                keep.add(child.i)
                stack.append(child)
    start, end = min(keep), max(keep) + 1
    doc = head.doc
    if head.ent_type_:  # the whole name: "Médecins sans frontières"
        entity = next((e for e in entities(doc) if e.start <= head.i < e.end), None)
        if entity is not None:
            start, end = min(start, entity.start), max(end, entity.end)
    while end - 1 > start and (doc[end - 1].is_punct and not is_closing_quote(doc[end - 1])
                               or doc[end - 1].pos_ in ("ADP", "CCONJ", "DET")):
        end -= 1
    while start < end - 1 and (doc[start].is_punct and not is_opening_quote(doc[start])
                               or doc[start].pos_ in ("ADP", "CCONJ")):
        start += 1
    return doc[start:end]


def is_quote(token: Token) -> bool:
    return token.text in OPENING or token.text in OPENING.values() or token.text == STRAIGHT


def is_opening_quote(token: Token) -> bool:
    return token.text in OPENING or token.text == STRAIGHT


def is_closing_quote(token: Token) -> bool:
    return token.text in OPENING.values() or token.text == STRAIGHT


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject of a verb, looking through coordination, participial
    adjuncts and relative clauses ("qui" -> its antecedent)."""
    seen = set()
    while verb is not None and verb.i not in seen:
        seen.add(verb.i)
        for child in with_auxiliaries(verb):
            if child.dep_ in ("nsubj", "nsubj:pass"):
                if child.lower_ in ("qui", "lequel", "laquelle", "lesquels", "lesquelles"):
                    return relative_antecedent_noun(verb, child)
                return child
        for child in verb.children:
            if child.dep_ == "expl:subj":
                return child
        if verb.dep_ in ("conj", "xcomp", "advcl", "acl") and verb.head is not verb:
            verb = verb.head
        else:
            return leading_noun(verb)
    return None


def relative_antecedent_noun(verb: Token, pronoun: Token) -> Token:
    """What 'qui' stands for: the noun the relative clause hangs on, or else the
    nearest noun before the pronoun ('l'état-major ukrainien, qui affirme ...')."""
    if verb.dep_.startswith("acl") and verb.head.i < pronoun.i and \
            verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    for token in reversed(pronoun.doc[sentence_at(pronoun.doc, pronoun.i).start:pronoun.i]):
        if token.pos_ in ("NOUN", "PROPN"):
            return token
    return pronoun


def acting(token: Token) -> bool:
    """A place name that acts ('Erevan accuse', 'Kinshasa et Kigali ont signé',
    'soutenues par Erevan') is a government, not where something happened."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token.dep_ in ("nsubj", "nsubj:pass", "obl:agent") or any(
        c.dep_ == "case" and c.lower_ == "par" for c in token.children)


def with_auxiliaries(verb: Token) -> list[Token]:
    """The verb's dependents and its auxiliaries' (the parser sometimes hangs the subject
    on the auxiliary: "Le ministère a quant à lui indiqué ...")."""
    children = list(verb.children)
    for aux in [c for c in children if c.dep_.startswith("aux")]:
        children.extend(aux.children)
    return children


def leading_noun(verb: Token) -> Token | None:
    """A noun before the verb that the parser attached loosely ('dep'), taken as subject
    when the clause has no other: "Le porte-parole du Kremlin, Dmitri Peskov, s'est ..."."""
    for child in verb.children:
        if child.i < verb.i and child.dep_ in ("dep", "appos") and \
                child.pos_ in ("NOUN", "PROPN"):
            return child
    return None


def verb_group_start(verb: Token) -> int:
    """Index of the first word of the verb group ('ont' in 'ont été tués')."""
    start = verb.i
    for child in verb.children:
        if child.dep_ in VERB_GROUP_DEPS and child.i < verb.i and \
                (child.dep_ != "nsubj" and child.dep_ != "advmod" or child.lower_ in ("ne", "n'")):
            start = min(start, child.i)
    return start


@dataclass(frozen=True)
class Quote:
    """A quotation: offsets of its words, without the marks."""

    start: int
    end: int


def find_quotes(doc: Doc) -> list[Quote]:
    """Quotations of the text, paired within a paragraph: « », “ ”, and straight
    double quotes taken in turns."""
    text = text_of(doc)
    quotes: list[Quote] = []
    for paragraph_start, paragraph in paragraphs(text):
        i, open_straight = 0, None
        while i < len(paragraph):
            c = paragraph[i]
            if c in OPENING:
                close = paragraph.find(OPENING[c], i + 1)
                if close > i:
                    quotes.append(Quote(paragraph_start + i + 1, paragraph_start + close))
                    i = close
            elif c == STRAIGHT:
                if open_straight is None:
                    open_straight = i
                else:
                    quotes.append(Quote(paragraph_start + open_straight + 1, paragraph_start + i))
                    open_straight = None
            i += 1
    return [trim_quote(q, text) for q in quotes if q.end > q.start]


def trim_quote(quote: Quote, text: str) -> Quote:
    start, end = quote.start, quote.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Quote(start, end)


def paragraphs(text: str):
    start = 0
    for block in text.split("\n"):
        yield start, block
        start += len(block) + 1


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character offsets of doc[start:end] without surrounding spaces and punctuation
    (quotation marks excepted when they enclose the whole)."""
    while start < end and (doc[start].is_space or doc[start].is_punct and
                           doc[start].text not in ("«", "“", '"')):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct and
                           doc[end - 1].text not in ("»", "”", '"')):
        end -= 1
    if start >= end:
        position = doc[start].idx if start < len(doc) else len(text_of(doc))
        return position, position
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def chars_to_tokens(doc: Doc, start: int, end: int) -> Span:
    return doc.char_span(start, end, alignment_mode="expand")


FIRST_GROUP_ENDINGS = ("aient", "ait", "ant", "ent", "ées", "és", "ée", "é", "es", "e")
SECOND_GROUP_ENDINGS = ("issant", "ies", "is", "ie", "i")


def looks_verbal(token: Token) -> bool:
    """A verb, or a verb form the tagger took for something else: a participle with its
    auxiliary ('ont massacré'), a present participle ('…, blessant douze personnes')."""
    return token.pos_ in ("VERB", "AUX") or \
        any(c.dep_.startswith("aux") for c in token.children) or \
        (token.lower_.endswith("ant") and token.pos_ in ("NOUN", "ADJ", "PROPN"))


def lemma_candidates(token: Token) -> list[str]:
    """The lemma, and the first-group infinitives a form may belong to when the
    lemmatiser left it as it is ('bombardant' -> 'bombarder', 'estime' -> 'estimer',
    'rejettent' -> 'rejeter', 'appelle' -> 'appeler')."""
    return infinitives(token.lower_, token.lemma_)


@lru_cache(maxsize=65536)
def infinitives(form: str, lemma: str) -> list[str]:
    candidates = [lemma]
    for ending in FIRST_GROUP_ENDINGS:
        if form.endswith(ending) and len(form) > len(ending) + 2:
            stem = form[: -len(ending)]
            candidates.append(stem + "er")
            if stem[-1] == stem[-2]:
                candidates.append(stem[:-1] + "er")
            break
    for ending in SECOND_GROUP_ENDINGS:  # 'péri' -> 'périr', 'ont fui' -> 'fuir'
        if form.endswith(ending) and len(form) > len(ending) + 1:
            candidates.append(form[: -len(ending)] + "ir")
            break
    return candidates
