"""Attribution: who says what, shared by the extractors that need it.

The claims component finds the statements of a text (a reporting predicate, its speaker
and its content) and leaves them on the Doc; the casualty extractor reads them to know
who claims a figure, the event extractor to tell reported incidents from statements.
This module holds what they share, so that no aspect extractor imports another: the
Statement, where it is kept on the Doc, and the lines that are no part of the story.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span

from veille import lexicon
from veille.actors import Actor
from veille.models import Claim
from veille.nlp import text_of

STATEMENTS = "veille.statements"
SPEAKERS = "veille.speakers"  # every source's words, whether or not its statement is kept


@dataclass
class Statement:
    """A claim with what the other extractors need: where its content lies, who said it,
    and, for "chaque côté a fait état de ...", the camps it is said for one by one."""

    claim: Claim
    actor: Actor
    content: tuple[int, int]
    sentence: tuple[int, int]
    predicate: int  # character offset of the reporting word
    each: tuple[str, ...] = ()
    speaker_noun: str = ""  # lemma of the speaker's head word, for "le ministère"
    aside: bool = False  # "..., une affirmation démentie par X": not part of the content


def statements_of(doc: Doc) -> list[Statement]:
    """The statements the claims component left on the Doc, in text order."""
    return doc.user_data.get(STATEMENTS, [])


def speakers_of(doc: Doc) -> list[tuple]:
    """(start, end) of every source's words, whether or not its statement is kept."""
    return doc.user_data.get(SPEAKERS, [])


@lru_cache(maxsize=None)
def boilerplate_markers() -> tuple[tuple[str, ...], int]:
    """How lines that are no part of the story begin ('À lire aussi', ...), and the
    length of the longest (only a line's first characters are compared)."""
    markers = tuple(p.lower() for p in lexicon.load("claims")["boilerplate"])
    return markers, max(map(len, markers))


@lru_cache(maxsize=None)
def verbs_of(stance: str) -> frozenset[str]:
    """Reporting verbs of one stance: 'call' ('appeler': what is called for did not
    happen), 'deny' ('démentir': what is denied is no admitted act)."""
    return frozenset(verb for verb, said in lexicon.load("claims")["verbs"].items()
                     if said == stance)


def is_boilerplate(sent: Span) -> bool:
    """'►►► À lire aussi : ...' and similar lines are not part of the story. Decided
    once per sentence: three extractors ask."""
    known = sent.doc.user_data.setdefault("veille.boilerplate", {})
    if sent.start not in known:
        markers, longest = boilerplate_markers()
        text = text_of(sent.doc)
        line_start = text.rfind("\n", 0, sent.start_char) + 1
        line = text[line_start:sent.end_char].lstrip()
        known[sent.start] = line[:longest].lower().startswith(markers) or \
            line.lstrip("►»> \t")[:longest].lower().startswith(markers)
    return known[sent.start]
