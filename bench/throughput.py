"""Throughput of veille against the bare spaCy model it is built on.

    python bench/throughput.py [--articles 240] [--batch-size 32] [--workers 2]

Builds a corpus of at least 200 articles by varying the seed and sample articles
(paragraph order, figures, place names), then measures in separate processes, each
after loading its model:
  raw       spacy.load(model).pipe(texts, batch_size)       the stock model
  extract   veille's full extraction of the same articles: the model as veille runs
            it (hyphenated lexicon words kept whole, paragraph breaks as sentence
            bounds, the attribute ruler without its rules that only set tags, which
            veille never reads) followed by veille's components
  model     the same without veille's components: what they cost is extract - model
  workers   the same with --workers N processes (less their start-up: loading a
            model in each worker, measured on a run of one article per worker)
and prints articles/s, tokens/s, the ratio extract/raw and each process's peak RSS, and
the same ratio of the processor time the two processes used.
raw, extract and model run in --repeat rounds, one after the other in each round; the
ratio is taken round by round and the median of those ratios counts: on a shared
machine whose speed drifts, a pair of runs made together is compared, and one lucky or
slow run does not decide the figure (the ratio of the best time of each is printed too).
Goal: median ratio >= 0.85, peak RSS <= 1 GB.
"""
from __future__ import annotations

import argparse
import multiprocessing
import platform
import random
import re
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "src" / "veille" / "data" / "sample", ROOT.parent / "shared" / "corpus" / "seeds"]
PLACES = ["Kharkiv", "Goma", "Gao", "Stepanakert", "Khan Younès", "El-Facher", "Marioupol",
          "Tombouctou", "Bunia", "Jermuk", "Rafah", "Kidal"]


def base_articles():
    from veille.read import read_paths

    return [a for a in read_paths([p for p in SOURCES if p.exists()]) if hasattr(a, "text")]


def variant(article, n: int, rng: random.Random):
    """The same kind of story, not the same text: paragraphs shuffled, figures changed,
    some places swapped."""
    body = article.text[article.body_start:]
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    if len(paragraphs) > 2:
        head, rest = paragraphs[0], paragraphs[1:]
        rng.shuffle(rest)
        paragraphs = [head] + rest
    text = "\n\n".join(paragraphs)
    text = re.sub(r"\b\d{1,3}\b", lambda m: str(max(1, int(m.group()) + rng.randint(-3, 9))), text)
    for _ in range(2):
        old, new = rng.sample(PLACES, 2)
        text = text.replace(old, new)
    return article.model_copy(update={"id": f"{article.id}-v{n}", "text": text, "body_start": 0,
                                      "dateline": None})


def corpus(size: int):
    rng = random.Random(20240512)
    bases = base_articles()
    return [variant(bases[n % len(bases)], n, rng) for n in range(size)]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_raw(texts, batch_size, queue):
    from veille.nlp import load_model

    nlp = load_model()
    start, cpu = time.perf_counter(), time.process_time()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    queue.put((time.perf_counter() - start, tokens, peak_rss_mb(), time.process_time() - cpu))


def run_extract(articles, batch_size, workers, queue):
    from veille.extract import extract, load_pipeline

    if workers == 1:
        load_pipeline()
    start, cpu = time.perf_counter(), time.process_time()
    records = list(extract(articles, batch_size=batch_size, workers=workers))
    seconds = time.perf_counter() - start
    items = sum(sum(r.counts().values()) for r in records)
    queue.put((seconds, items, peak_rss_mb(), time.process_time() - cpu))


def run_model(articles, batch_size, queue):
    """The extraction without veille's components: the model as veille runs it."""
    from veille.extract import COMPONENTS, load_pipeline

    load_pipeline().select_pipes(disable=list(COMPONENTS))
    run_extract(articles, batch_size, 1, queue)


def measure(target, *args):
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=240)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5,
                        help="rounds of raw, extract and model runs; the median of the "
                             "rounds' ratios counts")
    args = parser.parse_args(argv)
    articles = corpus(max(args.articles, 200))
    texts = [a.text for a in articles]
    print(f"corpus: {len(articles)} articles, {sum(map(len, texts)):,} characters; "
          f"machine: {platform.machine()}, {multiprocessing.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    raw_runs, extract_runs, model_runs = [], [], []
    for _ in range(args.repeat):  # interleaved, so that a slow spell hits all alike
        raw_runs.append(measure(run_raw, texts, args.batch_size))
        extract_runs.append(measure(run_extract, articles, args.batch_size, 1))
        model_runs.append(measure(run_model, articles, args.batch_size))
    print("runs (s): raw " + " ".join(f"{r[0]:.1f}" for r in raw_runs) +
          " | extract " + " ".join(f"{r[0]:.1f}" for r in extract_runs) +
          " | model " + " ".join(f"{r[0]:.1f}" for r in model_runs))
    ratios = [r[0] / e[0] for r, e in zip(raw_runs, extract_runs)]
    print("ratio extract/raw by round: " + " ".join(f"{x:.2f}" for x in ratios))
    raw_s, ext_s, model_s = (statistics.median(r[0] for r in runs)
                             for runs in (raw_runs, extract_runs, model_runs))
    tokens, raw_rss = raw_runs[0][1], max(r[2] for r in raw_runs)
    items, ext_rss = extract_runs[0][1], max(r[2] for r in extract_runs)
    components = statistics.median(e[0] - m[0] for e, m in zip(extract_runs, model_runs))
    print(f"veille's components: {components:.1f} s, {components / model_s:.0%} of the "
          f"{model_s:.1f} s of the model as veille runs it (medians)")
    rows = [("raw spaCy, median", raw_s, raw_rss), ("veille extract, median", ext_s, ext_rss)]
    if args.workers > 1:
        # the workers load their model inside the timed call: a run on one article per
        # worker measures that start-up, which the corpus run is corrected by
        start_s, *_ = measure(run_extract, articles[:args.workers], args.batch_size,
                                args.workers)
        par_s, _, par_rss, _ = measure(run_extract, articles, args.batch_size, args.workers)
        print(f"--workers {args.workers}: {par_s:.1f} s, of which start-up {start_s:.1f} s")
        rows.append((f"extract --workers {args.workers}", par_s - start_s, par_rss))
    print(f"{'run':<24}{'seconds':>9}{'articles/s':>12}{'tokens/s':>11}"
          f"{'peak RSS MB':>13}")
    for name, seconds, rss in rows:
        print(f"{name:<24}{seconds:>9.1f}{len(articles) / seconds:>12.1f}"
              f"{tokens / seconds:>11.0f}{rss:>13.0f}")
    ratio = statistics.median(ratios)
    print(f"ratio extract/raw (throughput), median of the rounds: {ratio:.2f}  (goal >= 0.85); "
          f"of the best runs: {min(r[0] for r in raw_runs) / min(e[0] for e in extract_runs):.2f}")
    cpu = statistics.median(r[3] / e[3] for r, e in zip(raw_runs, extract_runs))
    print(f"the same of processor time, median of the rounds: {cpu:.2f} (what each process "
          "itself used)")
    if args.workers > 1:
        print(f"speed-up with {args.workers} workers: {ext_s / rows[-1][1]:.2f}x "
              "(the parent holds no model; RSS is the parent's)")
    print(f"items extracted: {items}")
    return 0 if ratio >= 0.85 and max(r[2] for r in rows) <= 1024 else 1


if __name__ == "__main__":
    sys.exit(main())
