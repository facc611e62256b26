"""Extraction time of one long text against its length: it should grow linearly.

    python bench/long_text.py [--sizes 50000,200000,1000000,2000000]

Each text is made of the benchmark corpus's articles run together (see throughput.py)
and cut to the size; it is extracted as one article, which veille reads in parts of
veille.extract.parts.PART_CHARS characters. Prints seconds, characters/s and the
process's peak RSS after each size.
"""
from __future__ import annotations

import argparse
import sys
import time

from throughput import corpus, peak_rss_mb


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="50000,200000,1000000,2000000",
                        help="text lengths in characters, comma-separated")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    from veille.extract import extract_one, load_pipeline
    from veille.models import Article

    nlp = load_pipeline()
    stories = "\n\n".join(a.text for a in corpus(240))
    text = stories * (max(sizes) // len(stories) + 1)
    print(f"{'characters':>12}{'parts':>7}{'seconds':>9}{'chars/s':>10}{'items':>8}"
          f"{'peak RSS MB':>13}")
    for size in sizes:
        start = time.perf_counter()
        record = extract_one(Article(id=f"long-{size}", text=text[:size]), nlp)
        seconds = time.perf_counter() - start
        parts = next((w.split(" parts")[0].split()[-1] for w in record.warnings
                      if " parts of " in w), "1")
        print(f"{size:>12,}{parts:>7}{seconds:>9.1f}{size / seconds:>10.0f}"
              f"{sum(record.counts().values()):>8}{peak_rss_mb():>13.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
