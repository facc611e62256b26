"""The offline gazetteer: toponyms to places with coordinates, feature and country.

The base file is built on first use from packaged data (``gazetteer.build``) into the
user's data directory; ``veille gazetteer import`` adds GeoNames dumps to a second file
that lookups consult too. Lookups go by folded name, then by a phonetic key that makes
French and English transliterations meet, then (on request) by edit distance.
"""
from __future__ import annotations

import contextlib
import fcntl
import math
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

from rapidfuzz import fuzz, process

from veille.files import data_dir
from veille.gazetteer.build import BUILD_VERSION, build, source_fingerprint
from veille.normalize import fold, phonetic

FUZZY_CUTOFF = 86
FUZZY_MIN_LENGTH = 7
PHONETIC_MIN_LENGTH = 5


@dataclass(frozen=True)
class Candidate:
    """One place a name may designate, and how the name matched it."""

    id: int
    name: str
    country: str | None
    feature: str
    lat: float | None
    lon: float | None
    admin1: str | None
    population: int | None
    tier: int
    source: str
    alt: bool = False
    match: str = "name"  # name | phonetic | fuzzy

    @property
    def coords(self) -> tuple[float, float] | None:
        return None if self.lat is None else (self.lat, self.lon)


def km(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float:
    """Great-circle distance in km; infinite when either point is unknown."""
    if a is None or b is None:
        return math.inf
    la1, lo1, la2, lo2 = math.radians(a[0]), math.radians(a[1]), math.radians(b[0]), \
        math.radians(b[1])
    h = math.sin((la2 - la1) / 2) ** 2 + \
        math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


class NamePool:
    """Names a misspelt one is compared with, grouped by length: two names whose lengths
    differ too much cannot reach the cutoff ratio, so only a few groups are read. The
    best name is the one a comparison with every name, in the pool's order, finds."""

    def __init__(self, names: list[str]):
        self.names = names
        # length -> (the names of that length, their positions in the pool), in order
        self.by_length: dict[int, tuple[list[str], list[int]]] = {}
        for position, name in enumerate(names):
            group = self.by_length.setdefault(len(name), ([], []))
            group[0].append(name)
            group[1].append(position)

    def closest(self, folded: str) -> str | None:
        """The name of the best ratio to ``folded`` (at least FUZZY_CUTOFF), the first
        in the pool of those that tie."""
        best: tuple[float, int] | None = None
        found = None
        for length, (names, positions) in self.by_length.items():
            if not may_reach_cutoff(len(folded), length):
                continue
            match = process.extractOne(folded, names, scorer=fuzz.ratio,
                                       score_cutoff=FUZZY_CUTOFF)
            if match and (best is None or (match[1], -positions[match[2]]) > best):
                best, found = (match[1], -positions[match[2]]), match[0]
        return found


def may_reach_cutoff(length: int, other: int) -> bool:
    """Whether names of these lengths may have a ratio of FUZZY_CUTOFF: the ratio is at
    most 200 * shorter / (sum of lengths), when the shorter is all in the longer (a
    point of margin for rounding)."""
    return 200 * min(length, other) / (length + other) >= FUZZY_CUTOFF - 1


def default_path() -> Path:
    return data_dir() / f"gazetteer-v{BUILD_VERSION}-{source_fingerprint()}.sqlite"


def imports_path() -> Path:
    return data_dir() / "gazetteer-imports.sqlite"


def ensure_built(path: Path) -> Path:
    """Build the gazetteer if it is not there yet; one process builds, others wait."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            build(path)
    return path


COLUMNS = "p.id, p.name, p.country, p.feature, p.lat, p.lon, p.admin1, p.population, " \
          "p.tier, p.source, MIN(n.alt)"


class Gazetteer:
    def __init__(self, path: Path | None = None, imports: Path | None = None):
        self.path = ensure_built(path or default_path())
        self.con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                   check_same_thread=False)
        self.sources = ["main"]
        imports = imports if imports is not None else imports_path()
        if imports.exists():
            self.con.execute("ATTACH DATABASE ? AS imported", (f"file:{imports}?mode=ro",))
            self.sources.append("imported")
        self.fuzzy_pool: NamePool | None = None

    @lru_cache(maxsize=200_000)
    def lookup(self, text: str) -> tuple[Candidate, ...]:
        """Places named ``text``: exact (folded) matches, then those whose name sounds
        the same in another transliteration (names of five letters or more)."""
        folded = fold(text)
        if not folded:
            return ()
        exact = self.by_key("name", folded)
        if len(folded) < PHONETIC_MIN_LENGTH or text.isupper():
            return exact
        seen = {c.id for c in exact}
        return exact + tuple(c for c in self.by_key("phon", phonetic(folded))
                             if c.id not in seen)

    @lru_cache(maxsize=100_000)
    def by_key(self, column: str, key: str) -> tuple[Candidate, ...]:
        match = "name" if column == "name" else "phonetic"
        found = []
        for schema in self.sources:
            rows = self.con.execute(
                f"SELECT {COLUMNS} FROM {schema}.name n JOIN {schema}.place p ON p.id = n.place"
                f" WHERE n.{column} = ? GROUP BY p.id", (key,)).fetchall()
            found += [Candidate(*row[:10], alt=bool(row[10]), match=match) for row in rows]
        return tuple(found)

    @lru_cache(maxsize=200_000)
    def could_start(self, word: str) -> bool:
        """Whether some name begins with this (folded) word, as spelt or as it sounds."""
        if not word:
            return False
        for schema in self.sources:
            for column, key in (("name", word), ("phon", phonetic(word))):
                if self.con.execute(f"SELECT 1 FROM {schema}.name WHERE {column} >= ? AND "
                                    f"{column} < ? LIMIT 1", (key, key + "\uffff")).fetchone():
                    return True
        return False

    @lru_cache(maxsize=20_000)
    def fuzzy(self, text: str) -> tuple[Candidate, ...]:
        """Places whose name is within a small edit distance ("Narogno-Karabakh"), among
        the curated places, countries and large cities only."""
        return self.closest(text, self.load_fuzzy_pool())

    @lru_cache(maxsize=20_000)
    def fuzzy_in(self, text: str, country: str) -> tuple[Candidate, ...]:
        """Places of one country whose name is within a small edit distance: a name that
        the gazetteer knows in another spelling ('Koulikouro'), in the country a story is
        about. A name too short to be told from its neighbours is not compared: the
        country's names are then not even read."""
        if len(fold(text)) < FUZZY_MIN_LENGTH:
            return ()
        return tuple(c for c in self.closest(text, self.country_pool(country))
                     if c.country == country)

    def closest(self, text: str, pool: NamePool) -> tuple[Candidate, ...]:
        folded = fold(text)
        if len(folded) < FUZZY_MIN_LENGTH:
            return ()
        best = pool.closest(folded)
        if best is None:
            return ()
        return tuple(Candidate(**{**c.__dict__, "match": "fuzzy"})
                     for c in self.by_key("name", best))

    @lru_cache(maxsize=64)
    def country_pool(self, country: str) -> NamePool:
        return NamePool(self.country_names(country))

    @lru_cache(maxsize=64)
    def country_names(self, country: str) -> list[str]:
        names: dict[str, None] = {}
        for schema in self.sources:
            rows = self.con.execute(f"SELECT n.name FROM {schema}.name n JOIN {schema}.place p"
                                    f" ON p.id = n.place WHERE p.country = ?", (country,))
            names.update(dict.fromkeys(map(itemgetter(0), rows)))
        return list(names)

    def load_fuzzy_pool(self) -> NamePool:
        if self.fuzzy_pool is None:
            rows = self.con.execute(
                "SELECT n.name FROM name n JOIN place p ON p.id = n.place "
                "WHERE n.alt = 0 AND (p.tier <= 1 OR p.population >= 100000)").fetchall()
            self.fuzzy_pool = NamePool(list(dict.fromkeys(name for (name,) in rows)))
        return self.fuzzy_pool

    def get(self, place_id: int) -> Candidate | None:
        row = self.con.execute(f"SELECT {COLUMNS} FROM place p JOIN name n ON n.place = p.id"
                               f" WHERE p.id = ? GROUP BY p.id", (place_id,)).fetchone()
        return Candidate(*row[:10], alt=bool(row[10])) if row else None

    def info(self) -> dict:
        info = {"path": str(self.path)}
        info.update(dict(self.con.execute("SELECT key, value FROM meta")))
        info["places"] = self.con.execute("SELECT COUNT(*) FROM place").fetchone()[0]
        info["names"] = self.con.execute("SELECT COUNT(*) FROM name").fetchone()[0]
        if "imported" in self.sources:
            info["imported places"] = self.con.execute(
                "SELECT COUNT(*) FROM imported.place").fetchone()[0]
        return info

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.con.close()


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer()
