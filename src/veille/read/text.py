"""Plain-text articles: an optional ` date YYYY-MM[-DD]` header, a wire dateline, the body."""
from __future__ import annotations

import re

from veille.models import Article, Dateline, check_partial_date

HEADER = re.compile(r"\A\ufeff?[ \t]*date[ \t]+(?P<date>\S+)[ \t]*\n?")
# "EREVAN, Arménie (AP) –", "KIEV (AFP) -", "Bamako, 12 mai (Reuters) —"
DATELINE = re.compile(
    r"(?P<head>[^\W\d_][^()\n]{1,80}?)[ \t]*"
    r"\((?P<agency>[A-Z][A-Za-z.&/\- ]{0,15})\)[ \t]*[–—-]+[ \t]*"
)
DATE_PIECE = re.compile(
    r"\d|\b(?:janv|févr|fevr|mars|avr|mai|juin|juil|août|aout|sept|oct|nov|déc|dec)", re.I)
TITLE_MAX = 200


def parse_plain(text: str, article_id: str, origin: str, **meta) -> Article:
    """Build an Article from a plain text, reading its header and dateline if present.

    ``meta`` holds what the container already knows (published, source, url, title);
    a header date fills ``published`` only when the container gave none.
    """
    warnings: list[str] = list(meta.pop("warnings", []))
    body_start = 0
    header = HEADER.match(text)
    if header:
        body_start = header.end()
        published = header_date(header.group("date"), warnings)
        if meta.get("published") is None:
            meta["published"] = published
    dateline, body_start = read_dateline(text, body_start)
    if dateline and meta.get("source") is None:
        meta["source"] = dateline.agency
    if meta.get("title") is None:
        meta["title"] = first_line_title(text, body_start)
    return Article(id=article_id, text=text, origin=origin, body_start=body_start,
                   dateline=dateline, warnings=warnings, **meta)


def header_date(value: str, warnings: list[str]) -> str | None:
    try:
        return check_partial_date(value)
    except ValueError:
        warnings.append(f"header date {value!r} is not a valid date; published left empty")
        return None


def read_dateline(text: str, pos: int) -> tuple[Dateline | None, int]:
    """A wire dateline at ``pos`` (after white space) and where the body starts after it."""
    while pos < len(text) and text[pos].isspace():
        pos += 1
    match = DATELINE.match(text, pos)
    if not match or not is_place_head(match.group("head")):
        return None, pos
    start = match.start("head")
    place_end = start
    for piece in re.finditer(r"[^,]+", match.group("head")):
        if DATE_PIECE.search(piece.group()):
            break
        place_end = start + piece.end()
    place = text[start:place_end].strip()
    return Dateline(place=place, start=start, end=start + len(place),
                    agency=match.group("agency").strip()), match.end()


def is_place_head(head: str) -> bool:
    """A dateline head is a few capitalised words, not the start of a sentence."""
    first = head.split(",")[0].strip()
    words = first.split()
    return 0 < len(words) <= 4 and all(w[:1].isupper() for w in words)


def first_line_title(text: str, body_start: int) -> str | None:
    """The first line of the body when it stands alone above a blank line, as titles do."""
    end = text.find("\n\n", body_start)
    if end < 0:
        return None
    line = text[body_start:end].strip()
    if 0 < len(line) <= TITLE_MAX and "\n" not in line and not line.endswith("."):
        return line
    return None
