"""The contract types: what veille reads, extracts and stores.

The record shape follows the extraction contract (docs/record-format.md). Every
extracted item carries ``evidence`` (the exact words it was read from) with ``start``
and ``end`` character offsets into the article text as read, header included, so that
``article.text[item.start:item.end] == item.evidence`` always holds.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Kind = Literal["killed", "wounded", "missing", "captured", "displaced"]
Qualifier = Literal["exact", "at_least", "more_than", "about", "up_to", "range"]
Victims = Literal["military", "civilian", "mixed", "unknown"]
Scope = Literal["event", "cumulative", "historical"]
Feature = Literal["country", "region", "district", "city", "town", "village", "water", "other"]
Precision = Literal["day", "week", "month", "year"]
Stance = Literal["assert", "accuse", "deny", "call"]
EventType = Literal[
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Strategic developments",
    "Protests",
    "Riots",
]

PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_partial_date(value: str | None) -> str | None:
    """Accept ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real calendar date."""
    if value is None:
        return None
    if not PARTIAL_DATE.match(value):
        raise ValueError(f"not a YYYY, YYYY-MM or YYYY-MM-DD date: {value!r}")
    year, month, day = (value.split("-") + ["01", "01"])[:3]
    date(int(year), int(month), int(day))  # raises ValueError on 2023-13 or 2023-02-30
    return value


def date_precision(value: str | None) -> Precision | None:
    """The precision a partial ISO date states by its length."""
    if value is None:
        return None
    return {4: "year", 7: "month"}.get(len(value), "day")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(Model):
    start: int
    end: int


class Evidence(Model):
    """The words an item was read from, with their offsets in the article text."""

    evidence: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Dateline(Model):
    """'EREVAN, Arménie (AP) –': where the story was filed, and by which agency."""

    place: str
    start: int
    end: int
    agency: str | None = None


class Article(Model):
    id: str
    text: str
    published: str | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    origin: str | None = None
    body_start: int = 0
    dateline: Dateline | None = None
    warnings: list[str] = Field(default_factory=list)

    @field_validator("published")
    @classmethod
    def _published_is_a_date(cls, value: str | None) -> str | None:
        return check_partial_date(value)


class TimeMention(Evidence):
    """A temporal expression and the calendar time it resolves to (if any)."""

    value: str | None = None
    precision: Precision | None = None
    until: str | None = None
    relation: Literal["at", "since", "between", "until"] = "at"
    kind: str | None = None


class Place(Evidence):
    mention: str
    name: str
    country: str | None
    feature: Feature
    lat: float | None
    lon: float | None
    admin1: str | None = None
    gazetteer_id: str | None = None
    occurrences: list[Span] = Field(default_factory=list)


class Claim(Evidence):
    source: str | None
    speaker: str
    stance: Stance
    speaker_start: int | None = None
    speaker_end: int | None = None
    verb: str | None = None


class Casualty(Evidence):
    kind: Kind
    low: int = Field(ge=0)
    high: int | None = Field(default=None, ge=0)
    qualifier: Qualifier
    victims: Victims
    side: str | None = None
    scope: Scope
    claimed_by: str | None = None
    claim: int | None = None  # index in the record's claims of the statement carrying it


class FatalityVersion(Model):
    """One source's figure for an event's dead, kept beside the others."""

    value: int
    claimed_by: str | None
    casualty: int


class Event(Evidence):
    type: EventType
    sub_type: str
    date: str | None
    date_precision: Precision | None
    place: str | None
    lat: float | None
    lon: float | None
    actors: list[str] = Field(default_factory=list)
    fatalities: int | None = None
    country: str | None = None
    admin1: str | None = None
    geo_precision: int | None = None
    actor1: str | None = None
    actor2: str | None = None
    fatality_versions: list[FatalityVersion] = Field(default_factory=list)
    claims: list[int] = Field(default_factory=list)


class ArticleRecord(Model):
    id: str
    published: str | None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    casualties: list[Casualty] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    dates: list[TimeMention] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {f: len(getattr(self, f)) for f in ITEM_FIELDS}

    def evidence_items(self):
        """Every item that carries evidence offsets, in field order."""
        for field in ITEM_FIELDS + ("dates",):
            yield from getattr(self, field)


ITEM_FIELDS = ("casualties", "places", "events", "claims")


# -- the store's view: sightings of an event, linked into incidents --------------------

class Version(Model):
    """One source's figure for an incident: who claims how many of whom."""

    article: str
    outlet: str | None
    kind: Kind
    low: int
    high: int | None
    qualifier: Qualifier
    victims: Victims
    side: str | None
    claimed_by: str | None
    evidence: str
    start: int
    end: int


class Statement(Model):
    """A claim of one article that reports an incident, with its stance."""

    article: str
    source: str | None
    speaker: str
    stance: Stance
    evidence: str
    start: int
    end: int


class Sighting(Model):
    """An event as one article reports it: the event, the days its date stands for, and
    the figures and claims its indices point to, resolved."""

    article: str
    index: int
    event: Event
    first: str | None
    last: str | None
    versions: list[Version] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)


class Incident(Model):
    """One incident as every source that reports it tells it."""

    id: int
    first: str | None
    last: str | None
    date: str | None
    date_precision: Precision | None
    type: EventType
    sub_type: str
    place: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    actor1: str | None
    actor2: str | None
    actors: list[str] = Field(default_factory=list)
    fatalities: int | None
    articles: list[str] = Field(default_factory=list)
    outlets: list[str] = Field(default_factory=list)
    contradictions: list[str] = Field(default_factory=list)
    summary: str = ""
    sightings: list[Sighting] = Field(default_factory=list)


# -- the toll tracker: each claimant's running toll over time ------------------------

class TollPoint(Model):
    """One cumulative figure of a series: its value, the day it stands for (the figure's
    own "au 5 octobre" date, else the article's), and where it was read."""

    date: str
    low: int
    high: int | None
    qualifier: Qualifier
    claimed_by: str | None
    side: str | None
    article: str
    outlet: str | None
    evidence: str
    start: int
    end: int
    articles: list[str] = Field(default_factory=list)  # every article giving this figure


class TollRevision(Model):
    """A later figure that lowers an earlier one of the same series."""

    date: str
    previous: TollPoint
    revised: TollPoint


class TollDivergence(Model):
    """Another claimant's figure for the same quantity at about the same date, outside
    this one's range."""

    other_claimant: str
    date: str
    this: TollPoint
    other: TollPoint


class TollSeries(Model):
    """The figures one claimant gives for one quantity in one theatre and campaign, in
    date order. ``claimant`` is the country or group part of the claimant's code
    ('AZ' for 'AZ.MOD'), or 'press:OUTLET' for figures an article states unattributed;
    ``side`` is the victims' camp (NK counts as AM)."""

    theatre: str
    campaign: str
    claimant: str
    kind: Kind
    victims: Victims
    side: str | None
    points: list[TollPoint] = Field(default_factory=list)
    revisions: list[TollRevision] = Field(default_factory=list)
    divergences: list[TollDivergence] = Field(default_factory=list)
