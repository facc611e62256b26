"""Throughput of the Ray engine with 1 and 2 workers on this machine, and what a
million articles would cost on a cluster at the measured per-core rate.

    python bench/scale.py [--articles 1000] [--batch 16] [--core-hour-price 0.05]

The corpus is throughput.py's, written as one JSON Lines file. Each run starts its own
actors, each loading the model; the rate is that of a long run, read off two runs (a
fifth of the corpus, then all of it) as extra articles over extra seconds, so that
start-up cancels out. Scaling efficiency is the 2-worker rate over twice the 1-worker
rate.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import platform
import sys
import tempfile
import time
from pathlib import Path

from throughput import corpus


def timed_run(source: Path, out: Path, workers: int, batch: int) -> float:
    from veille.cluster import extract_to_shards

    start = time.perf_counter()
    summary = extract_to_shards([str(source)], out, workers=workers, batch_size=batch)
    assert not summary.errors, summary.errors
    return time.perf_counter() - start


def write_corpus(articles, path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for article in articles:
            out.write(json.dumps({"id": article.id, "text": article.text,
                                  "published": article.published}, ensure_ascii=False) + "\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=16, help="articles per actor call")
    parser.add_argument("--core-hour-price", type=float, default=0.05,
                        help="price of one CPU core for one hour, for the cost estimate")
    args = parser.parse_args(argv)
    import ray

    ray.init(num_cpus=multiprocessing.cpu_count() + 1, include_dashboard=False,  # as veille
             log_to_driver=False, logging_level="ERROR")
    articles = corpus(args.articles)
    print(f"corpus: {len(articles)} articles; machine: {platform.machine()}, "
          f"{multiprocessing.cpu_count()} cores, Python {platform.python_version()}, "
          f"Ray {ray.__version__}")
    rates = {}
    small = articles[:max(1, len(articles) // 5)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_corpus(articles, folder / "corpus.jsonl")
        write_corpus(small, folder / "small.jsonl")
        print(f"{'workers':>7}{'small run s':>13}{'full run s':>12}{'articles/s':>12}"
              f"{'per worker':>12}")
        for workers in (1, 2):
            short = timed_run(folder / "small.jsonl", folder / "s", workers, args.batch)
            full = timed_run(folder / "corpus.jsonl", folder / "out", workers, args.batch)
            rates[workers] = (len(articles) - len(small)) / (full - short)
            print(f"{workers:>7}{short:>13.1f}{full:>12.1f}{rates[workers]:>12.1f}"
                  f"{rates[workers] / workers:>12.1f}")
    efficiency = rates[2] / (2 * rates[1])
    per_core = rates[1]
    core_hours = 1_000_000 / per_core / 3600
    print(f"scaling efficiency at 2 workers: {efficiency:.2f}")
    print(f"one million articles: {core_hours:.0f} core-hours at {per_core:.1f} articles/s "
          f"per core, about {core_hours * args.core_hour_price:.2f} at "
          f"{args.core_hour_price} per core-hour (start-up and I/O aside)")
    ray.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
