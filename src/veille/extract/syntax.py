"""Parse-tree and surface helpers shared by the extractors.

The statistical parse is good but not perfect on news French; these helpers combine
it with surface cues (punctuation, quotation marks) so that a misattached phrase does
not lose an item.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from veille.nlp import Tokens, entities, per_doc, sentence_at, text_of, tokens_of

NP_DEPS = {"det", "amod", "nmod", "flat:name", "flat", "appos", "compound", "nummod",
           "case", "fixed", "conj", "cc", "flat:foreign", "dep"}
AUXILIARIES = frozenset({"aux", "aux:tense", "aux:pass", "aux:caus"})
NOMINAL_SUBJECTS = frozenset({"nsubj", "nsubj:pass"})  # the dependencies of a subject
VERB_GROUP_DEPS = AUXILIARIES | {"expl:subj", "expl:pass", "expl:comp", "expl", "advmod",
                                 "nsubj"}
OPENING = {"«": "»", "“": "”", "‘": "’", "„": "“"}
STRAIGHT = '"'
OPENING_MARKS = {*OPENING, STRAIGHT}
CLOSING_MARKS = {*OPENING.values(), STRAIGHT}
QUOTE_MARKS = OPENING_MARKS | CLOSING_MARKS
QUOTE_MARK = re.compile("[" + re.escape("".join(OPENING) + STRAIGHT) + "]")


def noun_phrase(head: Token) -> Span:
    """The noun phrase a head noun stands for, without its relative clauses and
    participial adjuncts ("L'Arménie, soutenue par Moscou," -> "L'Arménie")."""
    known = head.doc.user_data.setdefault("veille.noun_phrases", {})
    if head.i not in known:
        known[head.i] = phrase_of(head)
    return known[head.i]


def phrase_of(head: Token) -> Span:
    doc = head.doc
    table = tokens_of(doc)
    keep = {head.i}
    stack = [head.i]
    while stack:
        for child in table.children[stack.pop()]:
            dep = table.dep[child]
            if dep in NP_DEPS or (dep == "punct" and table.text[child] in QUOTE_MARKS):
                keep.add(child)
                stack.append(child)
    start, end = min(keep), max(keep) + 1
    if table.ent_type[head.i]:  # the whole name: "Médecins sans frontières"
        entity = entity_words(doc).get(head.i)
        if entity is not None:
            start, end = min(start, entity.start), max(end, entity.end)
    punct, pos, texts = table.is_punct, table.pos, table.text
    while end - 1 > start and (punct[end - 1] and texts[end - 1] not in CLOSING_MARKS
                               or pos[end - 1] in ("ADP", "CCONJ", "DET")):
        end -= 1
    while start < end - 1 and (punct[start] and texts[start] not in OPENING_MARKS
                               or pos[start] in ("ADP", "CCONJ")):
        start += 1
    return doc[start:end]


@per_doc
def entity_words(doc: Doc) -> dict[int, Span]:
    """Token index -> the named entity it belongs to."""
    return {i: entity for entity in entities(doc) for i in range(entity.start, entity.end)}


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject of a verb, looking through coordination, participial
    adjuncts and relative clauses ("qui" -> its antecedent)."""
    seen = set()
    table = tokens_of(verb.doc)
    while verb is not None and verb.i not in seen:
        seen.add(verb.i)
        subjects = group_subjects(verb)
        if subjects:
            # of two, the one nearest before the verb ("L'accès étant impossible,
            # Amnesty dit ...": the parser hangs both on 'dit')
            child = max([c for c in subjects if c < verb.i] or subjects[:1])
            if table.lower[child] in ("qui", "lequel", "laquelle", "lesquels", "lesquelles"):
                return relative_antecedent_noun(verb, verb.doc[child])
            return verb.doc[child]
        for child in table.children[verb.i]:
            if table.dep[child] == "expl:subj":
                return verb.doc[child]
        if table.dep[verb.i] in ("conj", "xcomp", "advcl", "acl") and \
                table.head[verb.i] != verb.i:
            verb = verb.doc[table.head[verb.i]]
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


def conjunct_head(table: Tokens, i: int) -> int:
    """The first of the conjuncts word i belongs to: 'la Russie, la France et les
    Etats-Unis' -> 'Russie'; 'tuées et 111 autres blessées' -> 'tuées'."""
    deps, heads = table.dep, table.head
    while deps[i] == "conj" and heads[i] != i:
        i = heads[i]
    return i


def acting(token: Token) -> bool:
    """A place name that acts ('Erevan accuse', 'Kinshasa et Kigali ont signé',
    'soutenues par Erevan') is a government, not where something happened."""
    return acts(tokens_of(token.doc), token.i)


def acts(table: Tokens, i: int) -> bool:
    """acting, of word i."""
    i = conjunct_head(table, i)
    return table.dep[i] in ("nsubj", "nsubj:pass", "obl:agent") or any(
        table.dep[c] == "case" and table.lower[c] == "par" for c in table.children[i])


def any_of(column: list[str], positions, values: set[str] | frozenset[str]) -> bool:
    """Whether the value at one of these positions of a column of the token table
    (lower-case forms, lemmas, dependencies) is one of ``values``."""
    return not values.isdisjoint(map(column.__getitem__, positions))


def has_dependent(table: Tokens, i: int, deps: set[str] | frozenset[str]) -> bool:
    """Whether word i has a dependent of one of these kinds."""
    return any_of(table.dep, table.children[i], deps)


def has_child_word(table: Tokens, i: int, dep: str, words) -> bool:
    """Whether word i has a child of this dependency ('case', 'mark') that is one of
    these words ('contre', 'pour')."""
    deps, lowers = table.dep, table.lower
    for child in table.children[i]:
        if deps[child] == dep and lowers[child] in words:
            return True
    return False


def subtree(table: Tokens, i: int) -> list[int]:
    """Word i and every word below it in the parse (in no particular order)."""
    found, stack = [], [i]
    while stack:
        k = stack.pop()
        found.append(k)
        stack += table.children[k]
    return found


def group_subjects(verb: Token) -> tuple[int, ...]:
    """The subjects of the verb group, as token indices: the parser sometimes hangs the
    subject on the auxiliary ("Le ministère a quant à lui indiqué ..."). Remembered per
    Doc: each extractor asks of the same verbs."""
    known = verb.doc.user_data.setdefault("veille.group_subjects", {})
    if verb.i not in known:
        table = tokens_of(verb.doc)
        known[verb.i] = tuple(c for c in auxiliaries_and_dependents(table, verb.i)
                              if table.dep[c] in NOMINAL_SUBJECTS)
    return known[verb.i]


def auxiliaries_and_dependents(table: Tokens, verb: int) -> list[int]:
    """The dependents of the verb (word ``verb``) and of its auxiliaries."""
    children = list(table.children[verb])
    for aux in [c for c in children if table.dep[c] in AUXILIARIES]:
        children.extend(table.children[aux])
    return children


def leading_noun(verb: Token) -> Token | None:
    """A noun before the verb that the parser attached loosely ('dep'), taken as subject
    when the clause has no other: "Le porte-parole du Kremlin, Dmitri Peskov, s'est ..."."""
    table = tokens_of(verb.doc)
    for child in table.children[verb.i]:
        if child < verb.i and table.dep[child] in ("dep", "appos") and \
                table.pos[child] in ("NOUN", "PROPN"):
            return verb.doc[child]
    return None


def verb_group_start(verb: Token) -> int:
    """Index of the first word of the verb group ('ont' in 'ont été tués')."""
    table = tokens_of(verb.doc)
    start = verb.i
    for child in table.children[verb.i]:
        dep = table.dep[child]
        if dep in VERB_GROUP_DEPS and child < verb.i and \
                (dep != "nsubj" and dep != "advmod" or table.lower[child] in ("ne", "n'")):
            start = min(start, child)
    return start


@dataclass(frozen=True)
class Quote:
    """A quotation: offsets of its words, without the marks."""

    start: int
    end: int


@per_doc
def find_quotes(doc: Doc) -> list[Quote]:
    """Quotations of the text, paired within a paragraph: « », “ ”, and straight
    double quotes taken in turns. Found once per Doc: two extractors ask."""
    return quotations(text_of(doc))


def quotations(text: str) -> list[Quote]:
    quotes: list[Quote] = []
    for paragraph_start, paragraph in paragraphs(text):
        position, open_straight = 0, None
        while (mark := QUOTE_MARK.search(paragraph, position)) is not None:
            i, c = mark.start(), mark.group()
            position = i + 1
            if c != STRAIGHT:
                close = paragraph.find(OPENING[c], i + 1)
                if close > i:
                    quotes.append(Quote(paragraph_start + i + 1, paragraph_start + close))
                    position = close + 1
            elif open_straight is None:
                open_straight = i
            else:
                quotes.append(Quote(paragraph_start + open_straight + 1, paragraph_start + i))
                open_straight = None
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
    table = tokens_of(doc)
    space, punct, texts, idx = table.is_space, table.is_punct, table.text, table.idx
    while start < end and (space[start] or punct[start] and
                           texts[start] not in ("«", "“", '"')):
        start += 1
    while end > start and (space[end - 1] or punct[end - 1] and
                           texts[end - 1] not in ("»", "”", '"')):
        end -= 1
    if start >= end:
        position = idx[start] if start < len(texts) else len(text_of(doc))
        return position, position
    return idx[start], table.end(end - 1)


def root_at(doc: Doc, start: int, end: int) -> Token | None:
    """The root of the words at character offsets start..end (whole tokens), None
    outside the text; remembered per Doc, as every clause asks about the same dates."""
    roots = doc.user_data.setdefault("veille.roots", {})
    if (start, end) not in roots:
        span = doc.char_span(start, end, alignment_mode="expand")
        roots[start, end] = None if span is None else span.root
    return roots[start, end]


FIRST_GROUP_ENDINGS = ("aient", "ait", "ant", "ent", "ées", "és", "ée", "é", "es", "e")
SECOND_GROUP_ENDINGS = ("issant", "ies", "is", "ie", "i")


def looks_verbal_at(table: Tokens, i: int) -> bool:
    """Whether word i is a verb, or a verb form the tagger took for something else: a
    participle with its auxiliary ('ont massacré'), a present participle ('…, blessant
    douze personnes')."""
    return table.pos[i] in ("VERB", "AUX") or \
        any(table.dep[c] in AUXILIARIES for c in table.children[i]) or \
        (table.lower[i].endswith("ant") and table.pos[i] in ("NOUN", "ADJ", "PROPN"))


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
