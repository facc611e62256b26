"""Query speed of the store: timeline and per-place queries on a synthetic store.

    python bench/store.py [--incidents 1000000] [--db /tmp/veille-bench.db]

Builds (once; reused while its size matches) a store of synthetic incidents spread over
ten years, 2 000 places and 40 actors, then times the queries the timeline, the exports
and the API run, each with random parameters, and prints p50 and p95 in milliseconds.
The synthetic store is written under /tmp by default and never shipped.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from veille.models import Incident
from veille.store import IncidentQuery, Store, actor_keys

TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians",
         "Strategic developments"]
COUNTRIES = ["AM", "AZ", "UA", "RU", "ML", "BF", "NE", "CD", "SD", "PS", "IL", "YE", "SY"]
START = date(2015, 1, 1)
DAYS = 3650


def synthetic(n: int, seed: int = 7):
    """Rows of the incident table and its actor index, in date order like real ingests."""
    rng = random.Random(seed)
    places = [(f"Place{i}", rng.choice(COUNTRIES), rng.uniform(-10, 55), rng.uniform(-15, 50))
              for i in range(2000)]
    actors = [f"{c}.MOD" for c in COUNTRIES] + [f"{c}.GOV" for c in COUNTRIES] + \
        [f"G{i}" for i in range(14)]
    for i in range(1, n + 1):
        day = (START + timedelta(days=rng.randrange(DAYS))).isoformat()
        place, country, lat, lon = rng.choice(places)
        pair = rng.sample(actors, 2)
        incident = Incident(
            id=i, first=day, last=day, date=day, date_precision="day",
            type=rng.choice(TYPES), sub_type="Armed clash", place=place, country=country,
            admin1=None, lat=lat, lon=lon, geo_precision=1, actor1=pair[0], actor2=pair[1],
            actors=pair, fatalities=rng.choice([None, 0, 1, 2, 5, 12, 30]),
            articles=[f"a{i}"], outlets=["AFP"], summary="des combats ont éclaté")
        yield ((i, day, day, day, incident.type, place, country, lat, lon, incident.fatalities, 0,
                incident.model_dump_json()),
               [(actor, i) for actor in actor_keys(pair)])


def build(store: Store, n: int) -> None:
    con = store.con
    con.execute("BEGIN")
    con.execute("DELETE FROM incident_actor")
    con.execute("DELETE FROM incident")
    batch, actors = [], []
    for row, keys in synthetic(n):
        batch.append(row)
        actors += keys
        if len(batch) == 50_000:
            flush(con, batch, actors)
            print(f"  {row[0]:,} incidents", file=sys.stderr)
    flush(con, batch, actors)
    con.execute("COMMIT")
    con.execute("ANALYZE")


def flush(con, batch: list, actors: list) -> None:
    con.executemany("INSERT INTO incident (id, day, first, last, type, place, country, lat, "
                    "lon, fatalities, contradicted, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", batch)
    con.executemany("INSERT INTO incident_actor (actor, incident) VALUES (?, ?)", actors)
    batch.clear()
    actors.clear()


def queries(rng: random.Random):
    """Named query makers: each call gives one query with random parameters."""
    def month() -> tuple[str, str]:
        first = START + timedelta(days=rng.randrange(DAYS - 31))
        return first.isoformat(), (first + timedelta(days=30)).isoformat()

    return {
        "timeline, first page": lambda: IncidentQuery(),
        "timeline, one month": lambda: IncidentQuery(*month()),
        "timeline, one place": lambda: IncidentQuery(place=f"Place{rng.randrange(2000)}"),
        "timeline, place + year": lambda: IncidentQuery(
            date_from=f"{rng.randrange(2015, 2025)}-01-01",
            date_to=f"{rng.randrange(2015, 2025)}-12-31", place=f"Place{rng.randrange(2000)}"),
        "timeline, actor + month": lambda: IncidentQuery(
            *month(), actor=rng.choice(COUNTRIES)),
        "timeline, country + type": lambda: IncidentQuery(
            country=rng.choice(COUNTRIES), type=rng.choice(TYPES)),
        "map, bounding box": lambda: IncidentQuery(bbox=(30, 40, 35, 45)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--db", default="/tmp/veille-bench.db")
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    with Store(Path(args.db)) as store:
        if store.counts()["incident"] != args.incidents:
            started = time.perf_counter()
            print(f"building a store of {args.incidents:,} incidents in {args.db}",
                  file=sys.stderr)
            build(store, args.incidents)
            print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        rng = random.Random(11)
        print(f"{'query':28} {'p50 ms':>8} {'p95 ms':>8} {'rows':>6}")
        for name, make in queries(rng).items():
            times, rows = [], 0
            for _ in range(args.runs):
                query = make()
                started = time.perf_counter()
                rows = len(store.incidents(query))
                times.append((time.perf_counter() - started) * 1000)
            p95 = statistics.quantiles(times, n=20)[-1]
            print(f"{name:28} {statistics.median(times):8.1f} {p95:8.1f} {rows:6}")


if __name__ == "__main__":
    main()
