"""Very long texts are read in parts.

A news article is a few thousand characters; a crawler also brings back book-length
pages (live blogs, archives, concatenated dumps). The extractors relate every figure to
the statements, places and dates around it, which costs more than linear time over a
whole text; and an incident is told within a few paragraphs. So a text longer than
``PART_CHARS`` is cut at paragraph (else line, else sentence, else word) boundaries into
parts that are extracted as articles of their own, and their records are merged back
into one, offsets and cross-references restored. Nothing is linked across parts.
"""
from __future__ import annotations

from veille.extract.places import surface_key
from veille.models import Article, ArticleRecord, Casualty, Claim, Event, Place, Span

PART_CHARS = 50_000
BREAKS = ("\n\n", "\n", ". ", " ")


def part_bounds(text: str, size: int = PART_CHARS) -> list[tuple[int, int]]:
    """(start, end) of consecutive parts covering the text, each at most ``size``
    characters, cut after the last paragraph break (or line, sentence, word) that fits."""
    bounds, start = [], 0
    while len(text) - start > size:
        end = cut_point(text, start, start + size)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def cut_point(text: str, start: int, limit: int) -> int:
    """Where to end a part beginning at ``start``: just after the last break before
    ``limit`` that leaves the part at least half full, or at ``limit`` itself."""
    for mark in BREAKS:
        found = text.rfind(mark, start, limit)
        if found - start > (limit - start) // 2:
            return found + len(mark)
    return limit


def split(article: Article, size: int = PART_CHARS) -> list[tuple[int, Article]]:
    """The article as (offset, part) pairs; a short article is its own single part.
    Only the first part keeps the header and dateline, which lie at its start."""
    bounds = part_bounds(article.text, size)
    if len(bounds) == 1:
        return [(0, article)]
    warning = (f"text of {len(article.text):,} characters read in {len(bounds)} parts of "
               f"at most {size:,}: items are not related across parts")
    parts = []
    for n, (start, end) in enumerate(bounds):
        update = {"text": article.text[start:end]}
        if n == 0:
            update["warnings"] = article.warnings + [warning]
        else:
            update.update(body_start=0, dateline=None, warnings=[])
        parts.append((start, article.model_copy(update=update)))
    return parts


def merge(records: list[tuple[int, ArticleRecord]]) -> ArticleRecord:
    """One record from the records of an article's parts (offset, record), in order."""
    if len(records) == 1:
        return records[0][1]
    merged = records[0][1].model_copy(update=dict(
        casualties=[], places=[], events=[], claims=[], dates=[], warnings=[]))
    places: dict[str, Place] = {}
    for offset, record in records:
        claims, casualties = len(merged.claims), len(merged.casualties)
        merged.claims += [shift_claim(c, offset) for c in record.claims]
        merged.casualties += [shift_casualty(c, offset, claims) for c in record.casualties]
        merged.events += [shift_event(e, offset, claims, casualties) for e in record.events]
        merged.dates += [shift(d, offset) for d in record.dates]
        merged.warnings += [w for w in record.warnings if w not in merged.warnings]
        for place in record.places:
            add_place(places, shift_place(place, offset))
    merged.places = list(places.values())
    return merged


def shift(item, offset: int):
    """An evidence-bearing item with its offsets moved by ``offset``."""
    return item.model_copy(update={"start": item.start + offset, "end": item.end + offset})


def shift_claim(claim: Claim, offset: int) -> Claim:
    moved = shift(claim, offset)
    if claim.speaker_start is not None:
        moved.speaker_start = claim.speaker_start + offset
        moved.speaker_end = claim.speaker_end + offset
    return moved


def shift_casualty(casualty: Casualty, offset: int, claims: int) -> Casualty:
    moved = shift(casualty, offset)
    if casualty.claim is not None:
        moved.claim = casualty.claim + claims
    return moved


def shift_event(event: Event, offset: int, claims: int, casualties: int) -> Event:
    moved = shift(event, offset)
    moved.claims = [i + claims for i in event.claims]
    moved.fatality_versions = [v.model_copy(update={"casualty": v.casualty + casualties})
                               for v in event.fatality_versions]
    return moved


def shift_place(place: Place, offset: int) -> Place:
    moved = shift(place, offset)
    moved.occurrences = [Span(start=s.start + offset, end=s.end + offset)
                         for s in place.occurrences]
    return moved


def add_place(places: dict[str, Place], place: Place) -> None:
    """Places are listed once per surface form (as within a part), with every
    occurrence: a later part's mention of a known surface adds its occurrences."""
    key = surface_key(place.mention)
    if key in places:
        places[key].occurrences += place.occurrences
    else:
        places[key] = place
