"""The toll tracker: each claimant's running toll over time, its revisions, and where
claimants disagree.

A toll series is the sequence of cumulative figures (scope ``cumulative``) one claimant
gives for one quantity (kind, victims, side) in one theatre and campaign, ordered by the
day each figure stands for: a date the figure's sentence gives ("au 5 octobre",
"mardi"), else the article's. The claimant is the country or group part of the figure's
``claimed_by`` ('AZ' for 'AZ.MOD'); a figure an article states without attribution goes
to the "press" series of its outlet ('press:AFP') and never into a claimant's. The side
is the victims' camp, so that the separatists' count of their dead (NK) and Baku's count
of the Armenian dead (AM) measure the same quantity.

Theatres and campaigns come from ``data/theatres.toml``, with a user file laid over it.
The series are computed here once; the CLI, the API and the export only show them.
"""
from __future__ import annotations

import math
import os
import re
import tomllib
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from pathlib import Path

from veille import lexicon
from veille.files import data_dir
from veille.models import (
    ArticleRecord,
    Casualty,
    TimeMention,
    TollDivergence,
    TollPoint,
    TollRevision,
    TollSeries,
    check_partial_date,
)

PRESS = "press:"
DIVERGENCE_DAYS = 2       # "about the same date": figures at most this many days apart
ABOUT_MARGIN = 0.1        # "environ 150" stands for 135-165
OPEN_ENDED = ("at_least", "more_than")
SENTENCE_BREAK = re.compile(r"[.!?…](?=\s)|\n")
AS_OF_REACH = 30          # characters before a date searched for an as-of phrase


class TollsError(ValueError):
    """A theatres file that cannot be read, in one line."""


# -- theatres and campaigns ------------------------------------------------------------

@dataclass(frozen=True)
class Campaign:
    key: str
    name: str
    start: str
    until: str | None

    def holds(self, day: str) -> bool:
        first = first_day(day)
        return self.start <= first and (self.until is None or first <= self.until)


@dataclass(frozen=True)
class Theatre:
    key: str
    name: str
    codes: frozenset[str]
    campaigns: tuple[Campaign, ...] = ()

    def campaign_at(self, day: str) -> str:
        """The campaign whose period holds ``day``, else the day's year."""
        return next((c.key for c in self.campaigns if c.holds(day)), day[:4])


def first_day(day: str) -> str:
    """'2020-10' as the first day it can stand for: '2020-10-01'."""
    return day + "-01-01"[len(day) - 4:] if len(day) < 10 else day


def last_day(day: str) -> str:
    """'2020-10' as the last day it can stand for, as a bound: '2020-10-99'."""
    return day + "-99-99"[len(day) - 4:] if len(day) < 10 else day


def user_theatres_path() -> Path | None:
    """The user's theatres file: $VEILLE_THEATRES, else theatres.toml in the data
    directory when it exists."""
    if os.environ.get("VEILLE_THEATRES"):
        return Path(os.environ["VEILLE_THEATRES"])
    candidate = data_dir() / "theatres.toml"
    return candidate if candidate.is_file() else None


def load_theatres(user_file: Path | None = None) -> dict[str, Theatre]:
    """The shipped theatres, with those of ``user_file`` (default: the user's file)
    added or replacing the shipped ones of the same key."""
    theatres = parse_theatres(lexicon.load("theatres", folder="."), "theatres.toml")
    path = user_file or user_theatres_path()
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise TollsError(f"{path}: cannot read the theatres file: {error}") from None
        theatres.update(parse_theatres(data, str(path)))
    return theatres


def parse_theatres(data: dict, origin: str) -> dict[str, Theatre]:
    try:
        return {key: Theatre(key=key, name=entry["name"],
                             codes=frozenset(entry["codes"]),
                             campaigns=tuple(parse_campaign(c)
                                             for c in entry.get("campaigns", [])))
                for key, entry in data.get("theatres", {}).items()}
    except (KeyError, TypeError, ValueError) as error:
        raise TollsError(f"{origin}: bad theatre entry ({type(error).__name__}: {error}); "
                         "each needs name, codes and campaigns with key, name, from") from None


def parse_campaign(entry: dict) -> Campaign:
    start, until = (str(entry[k]) if entry.get(k) else None for k in ("from", "until"))
    for value in (start, until):
        if value is not None and len(value) != 10:
            raise ValueError(f"not a YYYY-MM-DD date: {value!r}")
        check_partial_date(value)
    if start is None:
        raise KeyError("from")
    return Campaign(key=str(entry["key"]), name=entry["name"], start=start, until=until)


def group_entry(code: str) -> dict:
    return lexicon.load("actors").get("groups", {}).get(code, {})


def camp_of(code: str | None) -> str | None:
    """The camp a side fights with: a group's camp ('NK' -> 'AM'), else the code."""
    if not code:
        return None
    return group_entry(code).get("camp", code)


def claimant_of(claimed_by: str | None, outlet: str | None) -> str:
    """'AZ.MOD' -> 'AZ'; a joint 'RU.MFA+FR.MFA' -> 'RU+FR'; no one -> 'press:OUTLET'."""
    if not claimed_by:
        return PRESS + (outlet or "?")
    return "+".join(dict.fromkeys(part.split(".")[0] for part in claimed_by.split("+")))


def theatre_of(codes: set[str], context: set[str],
               theatres: dict[str, Theatre]) -> tuple[str, Theatre | None]:
    """The theatre whose codes best match a figure's parties (claimant, side: two points
    each) and its article's context (places' countries, other figures' parties, event
    actors: one point each); when none does, a name made of the parties' countries."""
    def score(theatre: Theatre) -> int:
        return 2 * len(codes & theatre.codes) + len(context & theatre.codes)

    best = max(theatres.values(), key=score, default=None)
    if best is not None and score(best) > 0:
        return best.key, best
    fallback = sorted(codes) or sorted(context)
    return "+".join(fallback) or "?", None


def party_codes(claimant: str, side: str | None) -> set[str]:
    """The codes that place a figure: its claimant's and side's, their camps and the
    countries of the groups among them."""
    codes = set() if claimant.startswith(PRESS) else set(claimant.split("+"))
    codes |= {side} if side else set()
    codes |= {camp_of(c) for c in codes} | {group_entry(c).get("country") for c in codes}
    return {c for c in codes if c}


# -- figures ---------------------------------------------------------------------------

@dataclass(frozen=True)
class SeriesKey:
    theatre: str
    campaign: str
    claimant: str
    kind: str
    victims: str
    side: str | None

    def quantity(self) -> tuple:
        """Series with the same quantity differ only by their claimant."""
        return self.theatre, self.campaign, self.kind, self.victims, self.side or ""


@dataclass
class ArticleView:
    """What the tracker needs of a stored article."""

    id: str
    published: str | None
    outlet: str | None
    text: str
    record: ArticleRecord
    context: set[str] = field(default_factory=set)  # codes of its places and parties


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    before = [m.end() for m in SENTENCE_BREAK.finditer(text, 0, start)]
    after = SENTENCE_BREAK.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))


def states_the_day(mention: TimeMention, text: str) -> bool:
    """Whether a date of a figure's sentence is the day the toll counts up to: one
    introduced by an as-of phrase ("au 5 octobre", "jusqu'au"), or the weekday it was
    announced ("a annoncé mardi"); not "déclenchée le 7 octobre" (data/lexicons/tolls)."""
    words = lexicon.load("tolls")
    if mention.kind == "weekday":
        return bool(words["weekday"]) and mention.relation == "at"
    before = " ".join(text[max(0, mention.start - AS_OF_REACH):mention.start].lower().split())
    return mention.relation == "until" or any(
        re.search(rf"(^|\W){re.escape(cue)}$", before) for cue in words["as_of"])


def stated_date(casualty: Casualty, article: ArticleView) -> str | None:
    """The day a figure stands for: the latest full date its sentence states as the
    toll's day and that is not after the article, else the article's date."""
    first, last = sentence_bounds(article.text, casualty.start, casualty.end)
    published = article.published and last_day(article.published)
    days = [d.value for d in article.record.dates
            if d.value and d.precision == "day" and first <= d.start < last and
            (not published or d.value <= published) and states_the_day(d, article.text)]
    return max(days, default=article.published)


def figures(article: ArticleView, theatres: dict[str, Theatre]
            ) -> Iterator[tuple[SeriesKey, TollPoint]]:
    """The article's cumulative figures, each with the series it belongs to."""
    for casualty in article.record.casualties:
        if casualty.scope != "cumulative":
            continue
        day = stated_date(casualty, article)
        if day is None:
            continue
        claimant = claimant_of(casualty.claimed_by, article.outlet)
        side = camp_of(casualty.side)
        theatre_key, theatre = theatre_of(party_codes(claimant, casualty.side),
                                          article.context, theatres)
        campaign = theatre.campaign_at(day) if theatre else day[:4]
        key = SeriesKey(theatre_key, campaign, claimant, casualty.kind, casualty.victims, side)
        yield key, TollPoint(
            date=day, low=casualty.low, high=casualty.high, qualifier=casualty.qualifier,
            claimed_by=casualty.claimed_by, side=casualty.side, article=article.id,
            outlet=article.outlet, evidence=casualty.evidence, start=casualty.start,
            end=casualty.end, articles=[article.id])


# -- series ----------------------------------------------------------------------------

def bounds(point: TollPoint) -> tuple[float, float]:
    """The values a figure allows: 'plus de 1 900' is 1900 and up, 'environ 150'
    135-165, 'jusqu'à 40' 0-40."""
    high = point.high if point.high is not None else point.low
    if point.qualifier in OPEN_ENDED:
        return point.low, math.inf
    if point.qualifier == "up_to":
        return 0, high
    if point.qualifier == "about":
        return point.low * (1 - ABOUT_MARGIN), high * (1 + ABOUT_MARGIN)
    return point.low, high


def point_key(point: TollPoint) -> tuple:
    """What makes two figures of a series the same: their date and values."""
    return point.date, point.low, point.high


def amount(point: TollPoint) -> str:
    """A figure in short: '84', '1900+', '~150', '<=40', '20-25'."""
    if point.qualifier in OPEN_ENDED:
        return f"{point.low}+"
    if point.high not in (None, point.low):
        return f"{point.low}-{point.high}"
    return {"about": "~", "up_to": "<="}.get(point.qualifier, "") + str(point.low)


def merged_points(points: Iterable[TollPoint]) -> list[TollPoint]:
    """One point per date and value, naming every article that gives it; date order."""
    merged: dict[tuple, TollPoint] = {}
    for point in sorted(points, key=lambda p: (p.date, p.article, p.start)):
        key = point_key(point)
        if key not in merged:
            merged[key] = point  # made by figures() for this series alone
        elif point.article not in merged[key].articles:
            merged[key].articles.append(point.article)
    return sorted(merged.values(), key=lambda p: (p.date, p.low, p.high or p.low))


def revisions(points: list[TollPoint]) -> list[TollRevision]:
    """Figures lower than the last figure given before them (the highest, when several
    share that date). A figure dated by its month only ('2020-10') is before another
    only once that month is over."""
    by_end = sorted(points, key=lambda p: last_day(p.date))
    found, previous, taken = [], None, 0
    for point in sorted(points, key=lambda p: (first_day(p.date), p.date, p.low)):
        start = first_day(point.date)
        while taken < len(by_end) and last_day(by_end[taken].date) < start:
            candidate = by_end[taken]
            if previous is None or (candidate.date, candidate.low) > (previous.date,
                                                                     previous.low):
                previous = candidate
            taken += 1
        if previous is not None and bounds(point)[1] < previous.low:
            found.append(TollRevision(date=point.date, previous=previous, revised=point))
    return found


def day_number(day: str) -> int:
    return date.fromisoformat(day).toordinal()


def divergences(series: TollSeries, other: TollSeries) -> list[TollDivergence]:
    """Each figure of ``series`` whose nearest figure of ``other``, at most
    DIVERGENCE_DAYS away, lies outside its range. Only figures dated to the day are
    compared: a month is not "about the same date"."""
    rivals = sorted((day_number(p.date), p.date, p.low, n) for n, p in enumerate(other.points)
                    if len(p.date) == 10)
    days = [r[0] for r in rivals]
    found = []
    for point in (p for p in series.points if len(p.date) == 10):
        day = day_number(point.date)
        near = rivals[bisect_left(days, day - DIVERGENCE_DAYS):
                      bisect_right(days, day + DIVERGENCE_DAYS)]
        if not near:
            continue
        closest = other.points[min(near, key=lambda r: (abs(r[0] - day), r[1]))[3]]
        (low, high), (other_low, other_high) = bounds(point), bounds(closest)
        if high < other_low or other_high < low:
            found.append(TollDivergence(other_claimant=other.claimant, date=point.date,
                                        this=point, other=closest))
    return found


def build_series(articles: Iterable[ArticleView], theatres: dict[str, Theatre]
                 ) -> list[TollSeries]:
    """Every toll series of the articles, with revisions and divergences."""
    points: dict[SeriesKey, list[TollPoint]] = defaultdict(list)
    for article in articles:
        for key, point in figures(article, theatres):
            points[key].append(point)
    keys = sorted(points, key=lambda k: (k.quantity(), k.claimant))
    series = {}
    for key in keys:
        merged = merged_points(points[key])
        series[key] = TollSeries(theatre=key.theatre, campaign=key.campaign,
                                 claimant=key.claimant, kind=key.kind, victims=key.victims,
                                 side=key.side, points=merged, revisions=revisions(merged))
    for _, same in groupby(keys, key=SeriesKey.quantity):
        rivals = [k for k in same if not k.claimant.startswith(PRESS)]
        for key in rivals:
            for other in rivals:
                if other.claimant != key.claimant:
                    series[key].divergences += divergences(series[key], series[other])
            series[key].divergences.sort(key=lambda d: (d.date, d.other_claimant))
    return [series[k] for k in keys]


# -- queries ---------------------------------------------------------------------------

@dataclass
class TollQuery:
    """Filters of `veille tolls`, /api/tolls and the tolls export (all optional)."""

    theatre: str | None = None
    campaign: str | None = None
    claimant: str | None = None
    side: str | None = None
    kind: str | None = None
    victims: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    def keeps(self, series: TollSeries) -> bool:
        claimant = self.claimant and (self.claimant if self.claimant.startswith(PRESS)
                                      else claimant_of(self.claimant, None))
        return all((
            not self.theatre or series.theatre == self.theatre,
            not self.campaign or series.campaign == self.campaign,
            not claimant or series.claimant == claimant or
            (claimant == "press" and series.claimant.startswith(PRESS)),
            not self.side or series.side == camp_of(self.side.upper()),
            not self.kind or series.kind == self.kind,
            not self.victims or series.victims == self.victims))

    def in_period(self, day: str) -> bool:
        return (not self.date_from or first_day(day) >= first_day(self.date_from)) and \
            (not self.date_to or day[:len(self.date_to)] <= self.date_to)

    def window(self, series: TollSeries) -> TollSeries:
        """The series with only the points, revisions and divergences of the period."""
        return series.model_copy(update={
            "points": [p for p in series.points if self.in_period(p.date)],
            "revisions": [r for r in series.revisions if self.in_period(r.date)],
            "divergences": [d for d in series.divergences if self.in_period(d.date)]})


def select(series: Iterable[TollSeries], query: TollQuery) -> list[TollSeries]:
    """The series that pass the query's filters, cut to its period; empty ones left out."""
    kept = (query.window(s) for s in series if query.keeps(s))
    return [s for s in kept if s.points]


def article_context(record: ArticleRecord) -> set[str]:
    """The codes an article is about: its places' countries, the parties of its figures
    and the camps of its events' actors."""
    codes = {p.country for p in record.places if p.country}
    for casualty in record.casualties:
        codes |= party_codes(claimant_of(casualty.claimed_by, None), casualty.side)
    codes |= {party for e in record.events for a in e.actors
              for party in party_codes(claimant_of(a, None), None)}
    return codes


def article_views(rows: Iterable[tuple[dict, ArticleRecord]]) -> Iterator[ArticleView]:
    for meta, record in rows:
        yield ArticleView(id=meta["id"], published=meta["published"], outlet=meta["source"],
                          text=meta["text"], record=record, context=article_context(record))


def store_series(store, theatres: dict[str, Theatre]) -> list[TollSeries]:
    rows = store.records_containing('"cumulative"')
    return build_series(article_views(rows), theatres)


class SeriesCache:
    """A store's series, computed again only when its articles or the theatres change
    (the API answers every filter from one computation)."""

    def __init__(self):
        self.key: tuple | None = None
        self.series: list[TollSeries] = []

    def series_of(self, store, theatres: dict[str, Theatre]) -> list[TollSeries]:
        key = (store.articles_version(), tuple(theatres.items()))
        if key != self.key:
            self.series, self.key = store_series(store, theatres), key
        return self.series


def tolls(store, query: TollQuery | None = None, theatres: dict[str, Theatre] | None = None,
          cache: SeriesCache | None = None) -> list[TollSeries]:
    """The toll series of the store's articles that pass ``query``."""
    theatres = load_theatres() if theatres is None else theatres
    series = cache.series_of(store, theatres) if cache else store_series(store, theatres)
    return select(series, query or TollQuery())
