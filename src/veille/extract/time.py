"""Dates: temporal expressions resolved against the article's own date.

News dates events relative to the day it was written ("mercredi matin", "hier", "dans la
nuit de vendredi à samedi"). Each expression found by the patterns of
``data/lexicons/time.toml`` is resolved against the reference date (the header or
metadata date) with an honest precision: a weekday in a story known only to the month
says only the month; without any reference, relative expressions resolve to nothing.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import compress, count, groupby, repeat
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from veille import lexicon
from veille.models import Precision, TimeMention
from veille.nlp import article_of, sentence_index, text_of, tokens_of

YEAR_REGEX = r"1[89]\d\d|20\d\d"
DAYNUM_REGEX = r"1er|[1-9]|[12]\d|3[01]"
YEARS = frozenset(map(str, range(1800, 2100)))  # the words YEAR_REGEX matches
DAYNUMS = frozenset(["1er", *map(str, range(1, 32))])  # the words DAYNUM_REGEX matches
SEPARATOR = "\x00"
SINCE = {"depuis", "dès"}
UNTIL = {"jusqu'", "jusqu'à", "jusqu’"}
HISTORY_GAP_DAYS = 366
RECENT_KINDS = {"weekday", "night", "relative_day", "relative_period"}  # "mardi", "hier"
LAST = frozenset({"dernier", "dernière"})


@dataclass(frozen=True)
class Reference:
    """The date an article speaks from, at the precision it is known."""

    day: date
    precision: Precision

    @classmethod
    def parse(cls, published: str | None) -> Reference | None:
        if not published:
            return None
        parts = [int(p) for p in published.split("-")]
        precision = {1: "year", 2: "month", 3: "day"}[len(parts)]
        parts += [1] * (3 - len(parts))
        return cls(date(*parts), precision)


def iso(day: date, precision: str) -> str:
    """The day as an ISO date at this precision ('day', 'week', 'month', 'year')."""
    if precision == "year":
        return str(day.year)
    return day.isoformat()[:7] if precision == "month" else day.isoformat()


def shift_month(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class TimeLexicon:
    def __init__(self, data: dict):
        self.weekdays = {w: i for i, w in enumerate(data["weekdays"])}
        self.months = dict(data["months"])
        self.parts = set(data["parts"])
        self.relative_days = with_typographic_apostrophes(data["relative_days"])
        self.anaphoric_days = with_typographic_apostrophes(data["anaphoric_days"])
        self.relative_periods = data["relative_periods"]
        self.seasons = data["seasons"]
        self.mi_months = {f"mi-{m}": n for m, n in data["months"].items() if "." not in m}
        self.classes = {
            "WEEKDAY": words_regex(self.weekdays),
            "MONTH": words_regex(self.months),
            "MIMONTH": words_regex(self.mi_months),
            "PART": words_regex(self.parts),
            "SEASON": words_regex(self.seasons),
            "DAYNUM": DAYNUM_REGEX,
            "YEAR": YEAR_REGEX,
        }
        self.class_words = {"WEEKDAY": set(self.weekdays), "MONTH": set(self.months),
                            "MIMONTH": set(self.mi_months), "PART": self.parts,
                            "SEASON": set(self.seasons), "DAYNUM": DAYNUMS, "YEAR": YEARS}
        self.word_classes: dict[str, tuple[str, ...]] = {}  # word -> the classes it is in
        for name, members in self.class_words.items():
            for word in members:
                self.word_classes[word] = self.word_classes.get(word, ()) + (name,)

    def token_regex(self, item: str) -> str:
        """'WEEKDAY' -> a weekday token; 'à|au' -> one of these words; 'X?' -> optional.
        A token is its lower-case form followed by the separator."""
        optional = item.endswith("?") and len(item) > 1
        word = item[:-1] if optional else item
        alternatives = self.classes.get(word) or words_regex(word.split("|"))
        token = f"(?:{alternatives}){SEPARATOR}"
        return f"(?:{token})?" if optional else token

    def pattern(self, tokens: list[str]) -> re.Pattern:
        """The regex of a token sequence; it starts with the separator that precedes its
        first token."""
        return re.compile(SEPARATOR + "".join(self.token_regex(t) for t in tokens))

    def openers(self, tokens: list[str]) -> tuple[frozenset[str], frozenset[str]] | None:
        """The words, and the word classes, a match of the pattern can begin with (its
        optional tokens and the first required one); None when every token is optional."""
        words: set[str] = set()
        names = set()
        for item in tokens:
            optional = item.endswith("?") and len(item) > 1
            word = item[:-1] if optional else item
            if word in self.classes:
                names.add(word)
            else:
                words.update(word.split("|"))
            if not optional:
                return frozenset(words), frozenset(names)
        return None

    def anchor(self, tokens: list[str]) -> tuple[str, int, int] | None:
        """The token a match is looked for from, with the fewest and the most tokens a match
        has before it: the first word class the pattern requires ('MONTH', 'YEAR'...), else
        its last required word ('veille' in 'la veille': rarer than the article a phrase
        begins with); None when it requires neither."""
        words = []
        fewest = 0
        for most, item in enumerate(tokens):
            if item.endswith("?") and len(item) > 1:
                continue
            if item in self.classes:
                return item, fewest, most
            if "|" not in item:
                words.append((item, fewest, most))
            fewest += 1
        return words[-1] if words else None


def words_regex(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class TokenPatterns:
    """Sequences of token specs matched as regular expressions over the Doc's lower-case
    words joined by a separator: all patterns are fixed sequences with optional tokens,
    which a regex engine runs far faster than a token-by-token matcher. A pattern is
    tried only near a word of its anchor (the first word class it requires: a month, a
    year...; else its last word), at the few positions a match can start from that word,
    and only where the word is one the pattern can begin with: all its matches,
    overlapping ones too, as a token matcher finds them. Most texts have a handful of such
    words, found in one pass over the Doc; a pattern without an anchor is tried at every
    word. Patterns that follow each other with the same anchor and first words ('dans la
    nuit de mardi...') share the positions they are tried at."""

    def __init__(self, lex: TimeLexicon, patterns: list[tuple[str, list[str]]]):
        self.lex = lex
        compiled = [(lex.anchor(tokens), lex.openers(tokens), (label, lex.pattern(tokens),
                                                                len(tokens)))
                    for label, tokens in patterns]
        self.groups = [(anchor, openers, [pattern for *_, pattern in group])
                       for (anchor, openers), group in groupby(compiled, key=lambda c: c[:2])]
        words = {anchor[0] for anchor, *_ in self.groups
                 if anchor is not None and anchor[0] not in lex.classes}
        self.keys_of = dict(lex.word_classes)  # word -> its classes, and itself if an anchor
        for word in words:
            self.keys_of[word] = self.keys_of.get(word, ()) + (word,)

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        lowers = tokens_of(doc).lower
        # each word's classes, and the word itself if it anchors a pattern
        keys = list(map(self.keys_of.get, lowers, repeat(())))
        at: dict[str, list[int]] = {}  # word class or anchor word -> its positions
        for i in compress(count(), keys):
            for key in keys[i]:
                at.setdefault(key, []).append(i)
        found = []
        for anchor, openers, patterns in self.groups:
            if anchor is not None and anchor[0] not in at:
                continue
            starts = self.starts(anchor, openers, at, lowers, keys)
            for label, pattern, size in patterns:
                for start in starts:
                    match = pattern.match(window(lowers, start, size))
                    if match:
                        found.append((label, start, start + match.group().count(SEPARATOR) - 1))
        return found

    @staticmethod
    def starts(anchor: tuple[str, int, int] | None,
               openers: tuple[frozenset[str], frozenset[str]] | None, at: dict[str, list[int]],
               lowers: list[str], keys: list[tuple[str, ...]]) -> list[int]:
        """The token positions, in order, where a match of patterns with this anchor (word
        class or word, fewest and most tokens before it) and these openers (the words and
        classes they begin with; None: any) may start, given where the anchors are (``at``)
        and the classes of every word (in ``keys``); every position when there is no
        anchor."""
        if anchor is None:
            near = range(len(lowers))
        else:
            name, fewest, most = anchor
            near = [i - fewest for i in at[name] if i >= fewest] if fewest == most else \
                sorted({i - before for i in at[name] for before in range(fewest, most + 1)
                        if i >= before})
        if openers is None:
            return list(near)
        words, names = openers
        return [i for i in near if lowers[i] in words or not names.isdisjoint(keys[i])]


def window(lowers: list[str], start: int, size: int) -> str:
    """The ``size`` words from ``start`` on as the patterns read them: each followed by the
    separator, the first one preceded by it."""
    return SEPARATOR + SEPARATOR.join(lowers[start:start + size]) + SEPARATOR


class Words(NamedTuple):
    """The words of a matched expression, read once from the Doc's token table: the
    resolvers read them several times (a spaCy Span would build Token objects)."""

    doc: Doc
    start: int
    end: int
    texts: list[str]  # as written
    lowers: list[str]
    start_char: int
    end_char: int
    text: str

    @classmethod
    def read(cls, doc: Doc, table, text: str, start: int, end: int) -> Words:
        """Tokens [start, end) of the Doc (``table``: its tokens_of; ``text``: its text)."""
        start_char, end_char = table.idx[start], table.end(end - 1)
        return cls(doc, start, end, table.text[start:end], table.lower[start:end], start_char,
                   end_char, text[start_char:end_char])


@Language.factory("veille_time", assigns=["doc._.dates"])
def make_time_extractor(nlp: Language, name: str):
    return TimeExtractor(nlp)


class TimeExtractor:
    def __init__(self, nlp: Language):
        data = lexicon.load("time")
        self.lex = TimeLexicon(data)
        patterns = [(p["label"], p["tokens"]) for p in data["patterns"]] + [
            (label, [token.lower_ for token in nlp.make_doc(phrase)])
            for label, phrases in (("relative_day", self.lex.relative_days),
                                   ("relative_period", self.lex.relative_periods),
                                   ("anaphoric_day", self.lex.anaphoric_days))
            for phrase in phrases]
        self.matcher = TokenPatterns(self.lex, patterns)
        labels = {label for label, _ in patterns}
        self.resolvers = {label: getattr(self, f"resolve_{label}") for label in labels}

    def __call__(self, doc: Doc) -> Doc:
        article = article_of(doc)
        ref = Reference.parse(article.published if article else None)
        # in the lexicon's order, which longest_matches keeps among equal spans: the first
        # pattern that reads some words ('début février': month_part, not month) wins
        found = dict.fromkeys(self.matcher(doc))
        table, text = tokens_of(doc), text_of(doc)
        kept = [(label, s, e) for label, s, e in found
                if not quantity_not_year(table, s, e) and not self.part_of_a_name(table, s, e)
                and not (label == "anaphoric_day" and before_a_complement(table, e))]
        mentions, starts = [], []
        named_day = None  # the last full date told: "la veille" is the day before it
        for label, start, end in longest_matches(kept):
            words = Words.read(doc, table, text, start, end)
            mention = self.resolve(words, label, named_day if label == "anaphoric_day" else ref)
            if mention:
                mentions.append(mention)
                starts.append(start)
                if mention.precision == "day" and mention.relation == "at" and \
                        not dates_a_noun(words):
                    named_day = Reference(date.fromisoformat(mention.value), "day")
        doc._.dates = mentions
        if article and ref:
            warning = header_disagreement(mentions, starts, doc, ref)
            if warning and warning not in article.warnings:
                article.warnings.append(warning)
        return doc

    def resolve(self, words: Words, label: str, ref: Reference | None) -> TimeMention | None:
        result = self.resolvers[label](words, ref)
        if result is None and ref is not None:
            return None  # not a calendar date ("le 31 février")
        value, precision, until = result or (None, None, None)
        relation = "between" if label == "year_range" else relation_of(words)
        return TimeMention(evidence=words.text, start=words.start_char, end=words.end_char,
                           value=value, precision=precision if value else None,
                           until=until, relation=relation, kind=label)

    # -- one resolver per pattern label: (value, precision, until) or None -----------
    def weekday_of(self, words: Words) -> list[int]:
        return [self.lex.weekdays[w] for w in words.lowers if w in self.lex.weekdays]

    def resolve_weekday(self, words, ref):
        last = not LAST.isdisjoint(words.lowers)
        return self.weekday_value(self.weekday_of(words)[0], ref, last) + (None,)

    def resolve_night(self, words, ref):
        days = self.weekday_of(words)
        value, precision = self.weekday_value(days[0], ref, False)
        until = None
        if len(days) > 1 and precision == "day":
            until = (date.fromisoformat(value) + timedelta(days=1)).isoformat()
        return value, precision, until

    def weekday_value(self, weekday: int, ref: Reference | None, last: bool):
        """News convention: the most recent such day not after the reference."""
        if ref is None or ref.precision == "year":
            return None, None
        if ref.precision == "month":
            return iso(ref.day, "month"), "month"
        delta = (ref.day.weekday() - weekday) % 7 or (7 if last else 0)
        return (ref.day - timedelta(days=delta)).isoformat(), "day"

    def resolve_relative_day(self, words, ref):
        offset = self.lex.relative_days[words.text.lower()]
        if ref is None or ref.precision == "year":
            return None
        if ref.precision == "month":
            return iso(ref.day, "month"), "month", None
        return (ref.day + timedelta(days=offset)).isoformat(), "day", None

    def resolve_anaphoric_day(self, words, named_day):
        if named_day is None:
            return None
        offset = self.lex.anaphoric_days[words.text.lower()]
        return (named_day.day + timedelta(days=offset)).isoformat(), "day", None

    def resolve_relative_period(self, words, ref):
        unit, offset = self.lex.relative_periods[words.text.lower()]
        if ref is None:
            return None
        if unit == "year":
            return str(ref.day.year + offset), "year", None
        if unit == "month" and ref.precision != "year":
            return iso(shift_month(ref.day, offset), "month"), "month", None
        if unit == "week" and ref.precision == "day":
            return (ref.day + timedelta(days=7 * offset)).isoformat(), "week", None
        if ref.precision == "month":
            return iso(ref.day, "month"), "month", None
        return None

    def resolve_date(self, words, ref):
        day = next(int(w.replace("er", "")) for w in words.texts if w[0].isdigit()
                   and not _is_year(w))
        month = self.month_of(words)
        year = self.year_of(words)
        if year is None:
            year = self.year_before(month, ref, day)
        if year is None or day > calendar.monthrange(year, month)[1]:
            return None
        return date(year, month, day).isoformat(), "day", None

    def resolve_night_date(self, words, ref):
        numbers = [int(w.replace("er", "")) for w in words.texts
                   if w[0].isdigit() and not _is_year(w)]
        month = self.month_of(words)
        year = self.year_of(words) or self.year_before(month, ref, numbers[0])
        try:
            start, end = date(year, month, numbers[0]), date(year, month, numbers[-1])
        except (TypeError, ValueError):
            return None
        return start.isoformat(), "day", end.isoformat()

    def resolve_period(self, words, ref):
        """'du 27 septembre au 10 octobre': the month of its last day (checked a date)."""
        months = [self.lex.months[w] for w in words.lowers if w in self.lex.months]
        numbers = [int(w.replace("er", "")) for w in words.texts
                   if w[0].isdigit() and not _is_year(w)]
        year = self.year_of(words) or self.year_before(months[-1], ref, numbers[-1])
        if year is None:
            return None
        first_year = year - 1 if months[0] > months[-1] else year
        try:
            date(first_year, months[0], numbers[0])
            end = date(year, months[-1], numbers[-1])
        except ValueError:
            return None
        return iso(end, "month"), "month", None

    def resolve_month_part(self, words, ref):
        return self.resolve_month(words, ref)

    def resolve_month(self, words, ref):
        month = self.month_of(words)
        year = self.year_of(words) or self.year_before(month, ref)
        if year is None:
            return None
        return f"{year:04d}-{month:02d}", "month", None

    def resolve_season(self, words, ref):
        year = self.year_of(words) or (ref.day.year if ref else None)
        return (str(year), "year", None) if year else None

    def resolve_decade(self, words, ref):
        year = self.year_of(words)
        return str(year), "year", str(year + 9)

    def resolve_year_range(self, words, ref):
        years = [int(w) for w in words.texts if _is_year(w)]
        return str(years[0]), "year", str(years[-1])

    def resolve_year(self, words, ref):
        return str(self.year_of(words)), "year", None

    # -- helpers ------------------------------------------------------------------------
    def part_of_a_name(self, table, start: int, end: int) -> bool:
        """'la ville de Mai-Kadra': a capitalised month joined by a hyphen to another
        word is part of a place name, not a date (``table``: the Doc's tokens_of)."""
        texts, lowers = table.text, table.lower
        for i in range(start, end):
            if lowers[i] in self.lex.months and texts[i][0].isupper() and \
                    i + 1 < len(texts) and not table.space_after(i) and \
                    texts[i + 1].startswith("-"):
                return True
        return False


    def month_of(self, words: Words) -> int:
        for lower in words.lowers:
            if lower in self.lex.months:
                return self.lex.months[lower]
            if lower in self.lex.mi_months:
                return self.lex.mi_months[lower]
        raise ValueError(f"no month in {words.text!r}")

    def year_of(self, words: Words) -> int | None:
        return next((int(w) for w in words.texts if _is_year(w)), None)

    def year_before(self, month: int, ref: Reference | None, day: int = 1) -> int | None:
        """The year that puts (month, day) closest before the reference date."""
        if ref is None or ref.precision == "year":
            return None
        year = ref.day.year
        limit = (ref.day.month, 31) if ref.precision == "month" else (ref.day.month, ref.day.day)
        return year if (month, day) <= limit else year - 1


def _is_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and 1800 <= int(text) <= 2099


def longest_matches(matches: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """spaCy's filter_spans over (label, start, end) matches, with no Span made for
    those it drops: of overlapping matches, the (first) longest is kept; in text order."""
    kept, seen = [], set()
    for label, start, end in sorted(matches, key=lambda m: (m[2] - m[1], -m[1]),
                                    reverse=True):
        if start not in seen and end - 1 not in seen:
            kept.append((label, start, end))
            seen.update(range(start, end))
    return sorted(kept, key=lambda m: m[1])


def quantity_not_year(table, start: int, end: int) -> bool:
    """'de 2000 à 3000 soldats': a number that counts something is not a year
    (``table``: the Doc's tokens_of)."""
    last = end - 1
    if not _is_year(table.text[last]):
        return False
    counts_next = table.dep[last] == "nummod" and table.head[last] > last
    return counts_next or end < len(table.text) and table.pos[end] == "NOUN"


def with_typographic_apostrophes(phrases: dict) -> dict:
    """The phrases as written in the lexicon and with ’ for ' ("aujourd’hui")."""
    return {**phrases, **{p.replace("'", "’"): v for p, v in phrases.items()}}


def dates_a_noun(words: Words) -> bool:
    """'un rapport du 20 février': a date that says which document or event is meant,
    not a day the story is told on."""
    root = Span(words.doc, words.start, words.end).root
    return root.dep_ == "nmod" and root.head.pos_ == "NOUN"


def before_a_complement(table, end: int) -> bool:
    """'la veille du scrutin': the day is told from what the complement names."""
    return end < len(table.lower) and table.lower[end] in ("de", "du", "des", "d'", "d’")


def relation_of(words: Words) -> str:
    """'depuis le 27 septembre' -> since; "jusqu'en 2020" -> until."""
    lowers = tokens_of(words.doc).lower
    before = lowers[max(0, words.start - 2):words.start + 1]
    if not SINCE.isdisjoint(before):
        return "since"
    if not UNTIL.isdisjoint(before):
        return "until"
    return "at"


def header_disagreement(mentions: list[TimeMention], starts: list[int], doc: Doc,
                        ref: Reference) -> str | None:
    """A warning when the text's own dates contradict its header: a full date after the
    header, or a full date given as current (with a weekday, or beside "hier" or a
    weekday in its sentence) more than a year away from it (``starts``: the index of
    each mention's first token)."""
    current_sents = {sentence_index(doc, start) for m, start in zip(mentions, starts)
                     if m.kind in ("weekday", "night", "relative_day")}
    for mention, start in zip(mentions, starts):
        if mention.kind != "date" or mention.relation != "at" or not mention.value or \
                not any(_is_year(word) for word in mention.evidence.split()):
            continue
        when = date.fromisoformat(mention.value)
        current = sentence_index(doc, start) in current_sents or \
            any(w.lower() in ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
                              "dimanche") for w in mention.evidence.split())
        if (when - ref.day).days > 31 or \
                (current and abs((ref.day - when).days) > HISTORY_GAP_DAYS):
            return (f"header date {iso(ref.day, ref.precision)} disagrees with the date "
                    f"the text gives ({mention.evidence!r} = {mention.value})")
    return None


PAST_DAYS = 365


def is_past(mention: TimeMention, published: str | None) -> bool:
    """Over by more than a year when the story was written ('en 2020' in 2023, 'les
    années 1990'); any explicit year counts as past when the story is undated. The
    start of the current war ('le 7 octobre', three months earlier) is not past."""
    if not mention.value or mention.kind not in ("year", "decade", "year_range", "date",
                                                  "month", "season", "month_part"):
        return False
    if published is None:
        return True
    return (period_start(published) - period_end(mention.until or mention.value)).days \
        > PAST_DAYS


def period_start(value: str) -> date:
    return date.fromisoformat((value + "-01-01")[:10])


def period_end(value: str) -> date:
    if len(value) == 4:
        return date(int(value), 12, 31)
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:7])
        return date(year, month, calendar.monthrange(year, month)[1])
    return date.fromisoformat(value)
