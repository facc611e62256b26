"""Speed of the toll tracker: every series of a synthetic store, and the API's answers.

    python bench/tolls.py [--articles 20000] [--db /tmp/veille-tolls-bench.db]

Builds (once; reused while its size matches) a store of synthetic articles, each giving
two or three cumulative figures of several claimants in four theatres over five years,
then times the computation of every series (what `veille tolls` and the export do) and
the filtered answers of a warm API (one computation, then every filter from memory).
The synthetic store is written under /tmp by default and never shipped.
"""
from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from veille.models import Article, ArticleRecord, Casualty
from veille.store import Store
from veille.tolls import SeriesCache, TollQuery, load_theatres, tolls

CLAIMANTS = [("AM.MOD", "AZ"), ("AZ.MOD", "AM"), ("NK.MOD", "NK"), ("UA.MOD", "RU"),
             ("RU.MOD", "UA"), ("UN", "UA"), ("PS.HEALTH", "PS"), ("IL.MOD", "IL"), (None, "SD")]
START = date(2019, 1, 1)
SENTENCE = "Selon le ministère, {n} soldats ont été tués depuis le début des combats. "


def synthetic(n: int, seed: int = 11):
    """Articles and records with cumulative figures, their offsets true to their text."""
    rng = random.Random(seed)
    for i in range(n):
        day = (START + timedelta(days=rng.randrange(1800))).isoformat()
        text, casualties = "", []
        for claimed_by, side in rng.sample(CLAIMANTS, rng.choice([2, 3])):
            value = rng.randrange(10, 30_000)
            sentence = SENTENCE.format(n=value)
            start = len(text) + sentence.index(str(value))
            evidence = f"{value} soldats"
            casualties.append(Casualty(
                evidence=evidence, start=start, end=start + len(evidence), kind="killed",
                low=value, high=value, qualifier="exact", victims="military", side=side,
                scope="cumulative", claimed_by=claimed_by))
            text += sentence
        article = Article(id=f"b{i}", text=text, published=day, source=rng.choice(
            ["AFP", "Reuters", "RFI", "Le Monde"]))
        yield article, ArticleRecord(id=article.id, published=day, source=article.source,
                                     casualties=casualties)


def build(store: Store, n: int) -> None:
    batch = []
    for pair in synthetic(n):
        batch.append(pair)
        if len(batch) == 1000:
            store.write(batch)
            batch.clear()
    if batch:
        store.write(batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/veille-tolls-bench.db"))
    args = parser.parse_args()
    with Store(args.db) as store:
        if store.counts()["article"] != args.articles:
            store.close()
            args.db.unlink()
            for suffix in ("-wal", "-shm"):
                args.db.with_name(args.db.name + suffix).unlink(missing_ok=True)
            store = Store(args.db)
            started = time.perf_counter()
            build(store, args.articles)
            print(f"built {args.articles} articles in {time.perf_counter() - started:.1f} s")
        theatres = load_theatres()
        started = time.perf_counter()
        series = tolls(store, theatres=theatres)
        cold = time.perf_counter() - started
        points = sum(len(s.points) for s in series)
        print(f"every series: {len(series)} series, {points} points in {cold:.2f} s")
        cache = SeriesCache()
        tolls(store, theatres=theatres, cache=cache)
        queries = [TollQuery(claimant="AZ"), TollQuery(theatre="russie-ukraine"),
                   TollQuery(date_from="2021-01", date_to="2021-06"), TollQuery(side="UA")]
        timings = []
        for query in queries * 5:
            started = time.perf_counter()
            tolls(store, query, theatres, cache)
            timings.append((time.perf_counter() - started) * 1000)
        print(f"warm API answers: p50 {statistics.median(timings):.0f} ms, "
              f"max {max(timings):.0f} ms")


if __name__ == "__main__":
    main()
