"""The store: articles, their records and the incidents linked across them, in SQLite.

One file in WAL mode, so readers (the API, the timeline) keep answering while an ingest
writes. Every batch of articles is written in one transaction: an interrupted ingest
leaves the articles of the finished batches and nothing of the unfinished one, and the
next run, which skips articles whose content hash is already stored, resumes there.
"""
from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from veille import link
from veille.models import Article, ArticleRecord, Incident, Sighting

BUSY_TIMEOUT_S = 60.0
UNDATED = "~"
# SQL for the period an incident's first day falls in: the Monday of its week, its month
PERIODS = {"week": "date(i.first, '-' || ((strftime('%w', i.first) + 6) % 7) || ' days')",
           "month": "substr(i.first, 1, 7)"}
MAX_PAGE = 1000

SCHEMA = """
CREATE TABLE IF NOT EXISTS article (
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    published TEXT,
    source TEXT,
    url TEXT,
    title TEXT,
    origin TEXT,
    text TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS incident (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL DEFAULT '~',  -- first day, '~' when undated: sorts after every date
    first TEXT,
    last TEXT,
    type TEXT NOT NULL,
    place TEXT COLLATE NOCASE,
    country TEXT,
    lat REAL,
    lon REAL,
    fatalities INTEGER,
    contradicted INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sighting (
    id INTEGER PRIMARY KEY,
    article TEXT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    incident INTEGER REFERENCES incident(id),
    family TEXT NOT NULL,
    first TEXT,
    last TEXT,
    data TEXT NOT NULL,
    UNIQUE (article, idx)
);
CREATE TABLE IF NOT EXISTS incident_actor (
    actor TEXT NOT NULL,
    incident INTEGER NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    PRIMARY KEY (actor, incident)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS figure (
    incident INTEGER NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    claimant TEXT NOT NULL,  -- who gives the figure ('unattributed' when no one)
    party TEXT NOT NULL,     -- the side's code, 'civilians' or 'unknown'
    deaths INTEGER NOT NULL, -- the claimant's lowest figure of that party's dead
    PRIMARY KEY (incident, claimant, party)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value
);
CREATE INDEX IF NOT EXISTS incident_by_date ON incident (day, id);
CREATE INDEX IF NOT EXISTS incident_by_place ON incident (place, day, id);
CREATE INDEX IF NOT EXISTS incident_by_country ON incident (country, day, id);
CREATE INDEX IF NOT EXISTS incident_by_type ON incident (type, day, id);
CREATE INDEX IF NOT EXISTS incident_by_lat ON incident (lat, lon);
CREATE INDEX IF NOT EXISTS sighting_by_date ON sighting (family, first);
CREATE INDEX IF NOT EXISTS sighting_by_incident ON sighting (incident);
CREATE INDEX IF NOT EXISTS incident_actor_by_incident ON incident_actor (incident);
"""


class StoreError(Exception):
    """A store that cannot be opened or written, in one line."""


def content_hash(article: Article) -> str:
    """What makes two inputs the same article: their text and publication metadata."""
    key = "\x1f".join([article.text, article.published or "", article.source or ""])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass
class IncidentQuery:
    """Filters of the timeline, the exports and the API (all optional)."""

    date_from: str | None = None
    date_to: str | None = None
    place: str | None = None
    country: str | None = None
    actor: str | None = None
    type: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    text: str | None = None
    limit: int | None = 100
    offset: int = 0
    claimant: str | None = None  # 'AZ' (any AZ.* code), 'AZ.MOD', or 'press' (unattributed)


@dataclass
class WriteReport:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0

    def merge(self, other: WriteReport) -> None:
        self.added += other.added
        self.replaced += other.replaced
        self.unchanged += other.unchanged


class Store:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S,
                                       isolation_level=None, check_same_thread=False)
            self.con.execute("PRAGMA journal_mode=WAL")
            self.con.execute("PRAGMA synchronous=NORMAL")
            self.con.execute("PRAGMA foreign_keys=ON")
            self.con.executescript(SCHEMA)
        except (sqlite3.Error, OSError) as error:
            raise StoreError(f"{self.path}: cannot open the store: {error}") from None

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE) so that a second
        writer waits for the first instead of failing half-way."""
        try:
            self.con.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise StoreError(f"{self.path}: the store is busy ({error}); another ingest "
                             "may be running") from None
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # -- writing -------------------------------------------------------------------
    def is_stored(self, article: Article) -> bool:
        """Whether this very article (same content) is already in the store."""
        return self.has_hash(content_hash(article))

    def has_hash(self, digest: str) -> bool:
        return self.con.execute("SELECT 1 FROM article WHERE hash = ?",
                                (digest,)).fetchone() is not None

    def write(self, pairs: list[tuple[Article, ArticleRecord]]) -> WriteReport:
        """Store a batch of articles with their records, all or nothing, and link their
        events to the incidents of the store."""
        report = WriteReport()
        with self.transaction():
            touched: set[int] = set()
            for article, record in pairs:
                digest = content_hash(article)
                if self.has_hash(digest):
                    report.unchanged += 1
                    continue
                if self.con.execute("SELECT 1 FROM article WHERE id = ?",
                                    (article.id,)).fetchone():
                    touched |= self.remove_article(article.id)
                    report.replaced += 1
                else:
                    report.added += 1
                self.insert_article(article, record, digest)
                touched |= {self.link(s) for s in link.sightings(record)}
            for incident in sorted(touched):
                self.refresh_incident(incident)
        return report

    def insert_article(self, article: Article, record: ArticleRecord, digest: str) -> None:
        self.con.execute(
            "INSERT INTO article (id, hash, published, source, url, title, origin, text, "
            "record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, digest, article.published, article.source, article.url,
             article.title, article.origin, article.text, record.model_dump_json()))

    def remove_article(self, article_id: str) -> set[int]:
        """Delete an article and its sightings; the incidents they belonged to."""
        incidents = {i for (i,) in self.con.execute(
            "SELECT incident FROM sighting WHERE article = ?", (article_id,))}
        self.con.execute("DELETE FROM sighting WHERE article = ?", (article_id,))
        self.con.execute("DELETE FROM article WHERE id = ?", (article_id,))
        return incidents

    def link(self, sighting: Sighting) -> int:
        """Insert a sighting into the incident it reports, a new one if none matches."""
        incident = self.matching_incident(sighting)
        if incident is None:
            incident = self.con.execute(
                "INSERT INTO incident (type, data) VALUES (?, '{}')",
                (sighting.event.type,)).lastrowid
        self.con.execute(
            "INSERT INTO sighting (article, idx, incident, family, first, last, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (sighting.article, sighting.index, incident, link.family(sighting),
             sighting.first, sighting.last, sighting.model_dump_json()))
        return incident

    def matching_incident(self, sighting: Sighting) -> int | None:
        """The incident most of whose sightings report the same thing as this one; an
        incident takes one sighting per article."""
        if sighting.first is None:
            return None
        first, last = link.widen((sighting.first, sighting.last), link.rules().slack_days)
        rows = self.con.execute(
            "SELECT incident, data FROM sighting WHERE family = ? AND first <= ? AND "
            "last >= ? AND incident NOT IN (SELECT incident FROM sighting WHERE article = ?)",
            (link.family(sighting), last, first, sighting.article)).fetchall()
        votes: Counter[int] = Counter()
        for incident, data in rows:
            if link.same_incident(sighting, Sighting.model_validate_json(data)):
                votes[incident] += 1
        return votes.most_common(1)[0][0] if votes else None

    def sightings_of(self, incident: int) -> list[Sighting]:
        return [Sighting.model_validate_json(data) for (data,) in self.con.execute(
            "SELECT data FROM sighting WHERE incident = ? ORDER BY article, idx",
            (incident,))]

    def refresh_incident(self, incident: int) -> None:
        """Recompute an incident from its sightings, or delete it when it has none."""
        found = self.sightings_of(incident)
        if not found:
            self.con.execute("DELETE FROM incident WHERE id = ?", (incident,))
            return
        outlets = dict(self.con.execute(
            f"SELECT id, source FROM article WHERE id IN ({','.join('?' * len(found))})",
            [s.article for s in found]).fetchall())
        summary = link.summarise(incident, found, outlets)
        self.con.execute(
            "UPDATE incident SET day = ?, first = ?, last = ?, type = ?, place = ?, "
            "country = ?, lat = ?, lon = ?, fatalities = ?, contradicted = ?, data = ? "
            "WHERE id = ?",
            (summary.first or UNDATED, summary.first, summary.last, summary.type,
             summary.place, summary.country, summary.lat, summary.lon, summary.fatalities,
             int(bool(summary.contradictions)),
             summary.model_dump_json(exclude={"sightings"}), incident))
        self.note_span(summary.first, summary.last)
        self.con.execute("DELETE FROM figure WHERE incident = ?", (incident,))
        self.con.executemany(
            "INSERT INTO figure (incident, claimant, party, deaths) VALUES (?, ?, ?, ?)",
            [(incident, *key, deaths) for key, deaths in link.death_figures(found).items()])
        self.con.execute("DELETE FROM incident_actor WHERE incident = ?", (incident,))
        self.con.executemany("INSERT INTO incident_actor (actor, incident) VALUES (?, ?)",
                             [(actor, incident) for actor in actor_keys(summary.actors)])

    def note_span(self, first: str | None, last: str | None) -> None:
        """Keep the longest date span of any incident, which date filters rely on."""
        if first and last:
            days = (date.fromisoformat(last) - date.fromisoformat(first)).days
            self.con.execute(
                "INSERT INTO meta (key, value) VALUES ('longest_span', ?) ON CONFLICT(key) "
                "DO UPDATE SET value = max(value, excluded.value)", (days,))

    def longest_span(self) -> int:
        row = self.con.execute("SELECT value FROM meta WHERE key = 'longest_span'").fetchone()
        return int(row[0]) if row else 0

    # -- reading -------------------------------------------------------------------
    def incidents(self, query: IncidentQuery) -> list[Incident]:
        """Incidents in date order (undated ones last) that pass every filter."""
        where, params = incident_filters(query, self.longest_span())
        sql = f"SELECT data FROM incident i {where} ORDER BY i.day, i.id"
        if query.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [min(query.limit, MAX_PAGE), query.offset]
        return [Incident.model_validate_json(d) for (d,) in self.con.execute(sql, params)]

    def all_incidents(self, query: IncidentQuery, with_sightings: bool = False,
                      page: int = MAX_PAGE) -> Iterator[Incident]:
        """Every incident that passes the filters, read page by page (for exports)."""
        offset = 0
        while True:
            batch = self.incidents(replace(query, limit=page, offset=offset))
            for incident in batch:
                yield self.incident(incident.id) if with_sightings else incident
            if len(batch) < page:
                return
            offset += page

    def count_incidents(self, query: IncidentQuery) -> int:
        where, params = incident_filters(query, self.longest_span())
        return self.con.execute(f"SELECT count(*) FROM incident i {where}", params).fetchone()[0]

    def incident(self, incident_id: int) -> Incident | None:
        row = self.con.execute("SELECT data FROM incident WHERE id = ?",
                               (incident_id,)).fetchone()
        if row is None:
            return None
        return Incident.model_validate_json(row[0]).model_copy(
            update={"sightings": self.sightings_of(incident_id)})

    def articles(self, limit: int = 100, offset: int = 0) -> list[dict]:
        rows = self.con.execute(
            "SELECT id, published, source, url, title, origin, length(text) FROM article "
            "ORDER BY published IS NULL, published, id LIMIT ? OFFSET ?",
            (min(limit, MAX_PAGE), offset))
        keys = ("id", "published", "source", "url", "title", "origin", "chars")
        return [dict(zip(keys, row)) for row in rows]

    def article(self, article_id: str) -> tuple[dict, ArticleRecord] | None:
        """An article's metadata and text, with its record."""
        row = self.con.execute(
            "SELECT id, published, source, url, title, origin, text, record FROM article "
            "WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        keys = ("id", "published", "source", "url", "title", "origin", "text")
        return dict(zip(keys, row)), ArticleRecord.model_validate_json(row[-1])

    def counts(self) -> dict[str, int]:
        tables = ("article", "sighting", "incident")
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    def deaths_by_period(self, query: IncidentQuery, period: str = "week") -> list[dict]:
        """The dead of the matching incidents per week (or month) and party: for each
        incident and party, the lowest figure any source gives."""
        where, params = incident_filters(query, self.longest_span())
        bucket = PERIODS[period]
        rows = self.con.execute(
            f"SELECT {bucket}, f.party, sum(f.deaths) FROM incident i JOIN "
            f"(SELECT incident, party, min(deaths) AS deaths FROM figure "
            f"GROUP BY incident, party) f ON f.incident = i.id {where} "
            f"GROUP BY 1, 2 ORDER BY 1, 2", params)
        return [{"period": p, "party": party, "deaths": d} for p, party, d in rows if p]

    def deaths_by_source(self, query: IncidentQuery) -> list[dict]:
        """Per claimant: how many incidents it gives figures for, and their dead."""
        where, params = incident_filters(query, self.longest_span())
        rows = self.con.execute(
            f"SELECT f.claimant, count(DISTINCT f.incident), sum(f.deaths) FROM incident i "
            f"JOIN figure f ON f.incident = i.id {where} GROUP BY 1 ORDER BY 3 DESC", params)
        return [{"source": s, "incidents": n, "deaths": d} for s, n, d in rows]

    def articles_version(self) -> tuple[int, int]:
        """Changes whenever an article is added or replaced (its count, its last rowid)."""
        count, last = self.con.execute("SELECT count(*), max(rowid) FROM article").fetchone()
        return count, last or 0

    def records_containing(self, fragment: str) -> Iterator[tuple[dict, ArticleRecord]]:
        """Every article (metadata and text) whose record's JSON holds ``fragment``, with
        its record, in id order (the toll tracker reads those with cumulative figures)."""
        keys = ("id", "published", "source", "url", "title", "origin", "text")
        rows = self.con.execute(
            "SELECT id, published, source, url, title, origin, text, record FROM article "
            "WHERE instr(record, ?) > 0 ORDER BY id", (fragment,))
        for row in rows:
            yield dict(zip(keys, row)), ArticleRecord.model_validate_json(row[-1])


def end_of_period(value: str) -> str:
    """A date as an upper bound: '2020-10' means up to the end of October."""
    return value if len(value) == 10 else value + "-99"


def earliest_start(date_from: str, span: int) -> str:
    """The earliest first day of an incident that can still run into ``date_from``."""
    start = date.fromisoformat((date_from + "-01-01")[:10])
    try:
        return (start - timedelta(days=span)).isoformat()
    except OverflowError:  # a span reaching before year 1
        return date.min.isoformat()


def actor_keys(actors: list[str]) -> set[str]:
    """An incident is found by its actors' codes and by their camps ('AZ' for 'AZ.MOD')."""
    return set(actors) | {link.camp(a) for a in actors}


def like_escaped(value: str) -> str:
    """``value`` matched literally by LIKE ... ESCAPE '\\'."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def incident_filters(query: IncidentQuery, span: int) -> tuple[str, list]:
    """SQL conditions for the query; ``span`` is the most days any stored incident's
    date covers."""
    clauses, params = [], []
    if query.date_from:
        # the bound on the first day lets the date index do the work; the bound on the
        # last day is the exact condition
        clauses.append("i.day >= ? AND i.last >= ?")
        params += [earliest_start(query.date_from, span), query.date_from]
    if query.date_to:
        clauses.append("i.day <= ?")
        params.append(query.date_to)
    if query.place:
        clauses.append("i.place = ?")
        params.append(query.place)
    if query.country:
        clauses.append("i.country = ?")
        params.append(query.country.upper())
    if query.type:
        clauses.append("i.type = ?")
        params.append(query.type)
    if query.actor:
        clauses.append("EXISTS (SELECT 1 FROM incident_actor a WHERE a.actor = ? AND "
                       "a.incident = i.id)")
        params.append(query.actor)
    if query.bbox:
        west, south, east, north = query.bbox
        clauses.append("i.lat BETWEEN ? AND ? AND i.lon BETWEEN ? AND ?")
        params += [south, north, west, east]
    if query.claimant:
        clauses.append("EXISTS (SELECT 1 FROM figure f WHERE f.incident = i.id AND "
                       "(f.claimant = ? OR f.claimant LIKE ? ESCAPE '\\'))")
        code = "unattributed" if query.claimant.startswith("press") else query.claimant
        params += [code, like_escaped(code) + ".%"]
    if query.text:
        clauses.append("i.data LIKE ? ESCAPE '\\'")
        params.append(f"%{like_escaped(query.text)}%")
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

