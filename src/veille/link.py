"""Cross-article linking: which events of different articles are one incident, and where
the sources of an incident disagree.

An event as one article reports it is a *sighting*. Two sightings are the same incident
when their dates are compatible at their precisions, their places lie within a distance
that grows with the coarser precision, their event types belong to one family, and
their actors overlap; the same death toll counts as strong evidence when a place is
missing. The rules' figures live in ``data/rules/link.toml``.
"""
from __future__ import annotations

import calendar
import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from veille import lexicon
from veille.gazetteer import km
from veille.models import ArticleRecord, Incident, Sighting, Statement, Version
from veille.normalize import fold

UNKNOWN_GEO_PRECISION = 3
OPEN_ENDED = {"at_least", "more_than"}


@dataclass(frozen=True)
class Rules:
    families: dict[str, str]
    slack_days: int
    distance_km: dict[int, float]
    admin_words: frozenset[str]

    def family(self, event_type: str) -> str:
        return self.families.get(event_type, event_type)

    def max_distance(self, a: int | None, b: int | None) -> float:
        coarser = max(a or UNKNOWN_GEO_PRECISION, b or UNKNOWN_GEO_PRECISION)
        return self.distance_km[min(coarser, max(self.distance_km))]


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = lexicon.load("link", "rules")
    return Rules(families=data["families"], slack_days=data["date"]["slack_days"],
                 distance_km={int(k): float(v) for k, v in data["distance_km"].items()},
                 admin_words=frozenset(data["admin_words"]))


def date_interval(value: str | None, precision: str | None) -> tuple[str | None, str | None]:
    """The first and last day an event date stands for: '2020-10' -> 1 to 31 October;
    a week-precision day stands for the three days either side of it."""
    if not value:
        return None, None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return f"{parts[0]:04d}-01-01", f"{parts[0]:04d}-12-31"
    if len(parts) == 2:
        year, month = parts
        last = calendar.monthrange(year, month)[1]
        return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
    day = date(*parts)
    if precision == "week":
        return (day - timedelta(days=3)).isoformat(), (day + timedelta(days=3)).isoformat()
    return day.isoformat(), day.isoformat()


def widen(interval: tuple[str, str], days: int) -> tuple[str, str]:
    first, last = (date.fromisoformat(d) for d in interval)
    return (first - timedelta(days=days)).isoformat(), (last + timedelta(days=days)).isoformat()


def family(sighting: Sighting) -> str:
    return rules().family(sighting.event.type)


def coords(sighting: Sighting) -> tuple[float, float] | None:
    if sighting.event.lat is None or sighting.event.lon is None:
        return None
    return sighting.event.lat, sighting.event.lon


def camps(sighting: Sighting) -> set[str]:
    return {camp(actor) for actor in sighting.event.actors}


def tolls(sighting: Sighting) -> set[int]:
    return {v.low for v in sighting.versions if v.kind == "killed"}


def version_label(version: Version) -> str:
    """'AZ.MOD: 12 AZ military killed'."""
    amount = str(version.low) if version.high in (None, version.low) else \
        f"{version.low}-{version.high}"
    whose = f"{version.side} " if version.side else ""
    return f"{version.claimed_by or 'unattributed'}: {amount} {whose}{version.victims} " \
        f"{version.kind}"


def sightings(record: ArticleRecord) -> list[Sighting]:
    """The record's events as sightings, with their figures and claims resolved from
    the indices the event holds; an undated event takes the article's date."""
    found = []
    for index, event in enumerate(record.events):
        first, last = date_interval(event.date, event.date_precision)
        if first is None and record.published:
            first, last = date_interval(record.published, None)
        versions = [version_of(record, v.casualty) for v in event.fatality_versions
                    if v.casualty < len(record.casualties)]
        statements = [statement_of(record, i) for i in event.claims if i < len(record.claims)]
        found.append(Sighting(article=record.id, index=index, event=event, first=first,
                              last=last, versions=versions, statements=statements))
    return found


def version_of(record: ArticleRecord, index: int) -> Version:
    c = record.casualties[index]
    return Version(article=record.id, outlet=record.source, kind=c.kind, low=c.low,
                   high=c.high, qualifier=c.qualifier, victims=c.victims, side=c.side,
                   claimed_by=c.claimed_by, evidence=c.evidence, start=c.start, end=c.end)


def statement_of(record: ArticleRecord, index: int) -> Statement:
    c = record.claims[index]
    return Statement(article=record.id, source=c.source, speaker=c.speaker, stance=c.stance,
                     evidence=c.evidence, start=c.start, end=c.end)


def same_incident(a: Sighting, b: Sighting) -> bool:
    """Whether two sightings from different articles report one incident."""
    if a.article == b.article or family(a) != family(b):
        return False
    if not dates_meet(a, b):
        return False
    if camps(a) and camps(b) and not camps(a) & camps(b):
        return False
    if regions_differ(a, b):
        return False
    distance = km(coords(a), coords(b))
    if distance <= rules().max_distance(a.event.geo_precision, b.event.geo_precision):
        return True
    unplaced = coords(a) is None or coords(b) is None
    return unplaced and bool(tolls(a) & tolls(b))


def regions_differ(a: Sighting, b: Sighting) -> bool:
    """Both places lie in a known first-level region, and not the same one ("Syunik'i
    Marz" and "Syunik" are the same)."""
    first, second = (admin1_key(s) for s in (a, b))
    if not first or not second or first.isdigit() != second.isdigit():
        return False
    return not (first.startswith(second) or second.startswith(first))


def admin1_key(sighting: Sighting) -> str:
    words = fold(sighting.event.admin1 or "").replace("'", " ").split()
    return "".join(w for w in words if w not in rules().admin_words)


def dates_meet(a: Sighting, b: Sighting) -> bool:
    if a.first is None or b.first is None:
        return False
    first, last = widen((a.first, a.last), rules().slack_days)
    return first <= b.last and b.first <= last


def contradictions(versions: list[Version], statements: list[Statement]) -> list[str]:
    """Where the sources of one incident disagree: different figures for the same side,
    victims and kind from different claimants, or a denial against an assertion."""
    found = []
    by_subject: dict[tuple, list[Version]] = {}
    for version in versions:
        by_subject.setdefault((version.kind, version.side, version.victims), []).append(version)
    for (kind, side, victims), group in by_subject.items():
        claims = {}
        for version in group:
            claims.setdefault(version.claimed_by, version)
        if len(claims) > 1 and len({(v.low, v.high) for v in claims.values()}) > 1 and \
                not ranges_overlap(list(claims.values())):
            figures = "; ".join(version_label(v) for v in claims.values())
            found.append(f"{kind} ({side or 'unknown side'}, {victims}): {figures}")
    denials = {s.source for s in statements if s.stance == "deny" and s.source}
    assertions = {s.source for s in statements if s.stance in ("assert", "accuse") and s.source}
    for denier in sorted(denials):
        others = sorted(a for a in assertions if camp(a) != camp(denier))
        if others:
            found.append(f"{denier} denies what {', '.join(others)} assert(s)")
    return found


def ranges_overlap(versions: list[Version]) -> bool:
    """True when every claimant's figure range shares a value with every other's ("au
    moins 12" is compatible with 15)."""
    low = max(v.low for v in versions)
    high = min(upper_bound(v) for v in versions)
    return low <= high


def upper_bound(version: Version) -> float:
    if version.high is not None:
        return version.high
    return math.inf if version.qualifier in OPEN_ENDED else version.low


def camp(code: str) -> str:
    return code.split(".")[0]


def summarise(incident_id: int, found: list[Sighting], outlets: dict[str, str | None]
              ) -> Incident:
    """An incident from its sightings: the most precise date and place any source gives,
    the commonest type, every actor, the lowest credible death toll (ACLED's conservative
    rule) and where the sources disagree."""
    dated = [s for s in found if s.first]
    when = min(dated, key=lambda s: (date_span(s), s.first)) if dated else found[0]
    placed = [s for s in found if s.event.lat is not None]
    where = min(placed, key=lambda s: s.event.geo_precision or UNKNOWN_GEO_PRECISION) \
        if placed else when
    kind = Counter((s.event.type, s.event.sub_type) for s in found).most_common(1)[0][0]
    actors = list(dict.fromkeys(a for s in found for a in s.event.actors))
    pairs = Counter((s.event.actor1, s.event.actor2) for s in found if s.event.actor1)
    actor1, actor2 = pairs.most_common(1)[0][0] if pairs else (None, None)
    tolls = [s.event.fatalities for s in found if s.event.fatalities is not None]
    articles = list(dict.fromkeys(s.article for s in found))
    return Incident(
        id=incident_id, first=when.first, last=when.last, date=when.event.date,
        date_precision=when.event.date_precision, type=kind[0], sub_type=kind[1],
        place=where.event.place, country=where.event.country, admin1=where.event.admin1,
        lat=where.event.lat, lon=where.event.lon, geo_precision=where.event.geo_precision,
        actor1=actor1, actor2=actor2, actors=actors, fatalities=min(tolls) if tolls else None,
        articles=articles, outlets=sorted({o for a in articles if (o := outlets.get(a))}),
        contradictions=contradictions([v for s in found for v in s.versions],
                                      [c for s in found for c in s.statements]),
        summary=when.event.evidence)


def death_figures(found: list[Sighting]) -> dict[tuple[str, str], int]:
    """(claimant, party) -> the claimant's lowest figure of that party's dead, where the
    party is a side's code, 'civilians' or 'unknown'."""
    figures: dict[tuple[str, str], int] = {}
    for version in (v for s in found for v in s.versions if v.kind == "killed"):
        party = "civilians" if version.victims == "civilian" else version.side or "unknown"
        key = (version.claimed_by or "unattributed", party)
        figures[key] = min(figures.get(key, version.low), version.low)
    return figures


def date_span(sighting: Sighting) -> int:
    first, last = date.fromisoformat(sighting.first), date.fromisoformat(sighting.last)
    return (last - first).days
