"""Throughput of veille against the bare spaCy model it is built on.

    python bench/throughput.py [--articles 240] [--batch-size 32] [--rounds 5] [--workers 2]

Builds a corpus of at least 200 articles by varying the seed and sample articles
(paragraph order, figures, place names) and times three ways of reading it:
  raw       spacy.load(model).pipe(texts, batch_size)       the stock model
  extract   veille's full extraction of the same articles: the model as veille runs
            it (hyphenated lexicon words kept whole, paragraph breaks as sentence
            bounds, the attribute ruler without its rules that only set tags, which
            veille never reads) followed by veille's components
  model     the same without veille's components: what they cost is extract - model
The ratio extract/raw is measured in one process that holds both models and times the
three batch by batch, in alternating order, over --rounds rounds (a fresh variant of the
corpus each round, so that no round reads a text met before); the median of the rounds'
ratios counts. On a shared machine whose speed moves by a fifth within seconds, two runs
made minutes or even seconds apart in separate processes disagree by more than the
margin being measured; slices of a second, taken in turn, see the same machine.
Each of raw and extract also runs once in a process of its own, for its peak RSS and its
speed alone (printed with the ratio of those two runs), and --workers N processes run
the extraction (less their start-up: loading a model in each worker, measured on a run
of one article per worker).
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


def corpus(size: int, seed: int = 20240512):
    rng = random.Random(seed)
    bases = base_articles()
    return [variant(bases[n % len(bases)], n, rng) for n in range(size)]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_raw(texts, batch_size, queue):
    from veille.nlp import load_model

    nlp = load_model()
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    queue.put((time.perf_counter() - start, tokens, peak_rss_mb()))


def run_extract(articles, batch_size, workers, queue):
    from veille.extract import extract, load_pipeline

    if workers == 1:
        load_pipeline()
    start = time.perf_counter()
    records = list(extract(articles, batch_size=batch_size, workers=workers))
    seconds = time.perf_counter() - start
    items = sum(sum(r.counts().values()) for r in records)
    queue.put((seconds, items, peak_rss_mb()))


def run_interleaved(corpora, batch_size, queue):
    """Per corpus (one per round): seconds and processor seconds of raw, extract and
    model, each timed batch by batch in turn, the order reversed every other batch; with
    what each side returned (tokens read by the stock model, items extracted)."""
    import gc

    from veille.extract import COMPONENTS, extract, load_pipeline
    from veille.nlp import load_model

    stock, veille = load_model(), load_pipeline()
    gc.freeze()  # both models are as long-lived as the process (load_pipeline's reason)

    def raw(batch):
        return sum(len(doc) for doc in stock.pipe([a.text for a in batch],
                                                  batch_size=batch_size))

    def full(batch):
        return sum(sum(r.counts().values()) for r in extract(batch, veille,
                                                                batch_size=batch_size))

    def model(batch):
        with veille.select_pipes(disable=list(COMPONENTS)):
            return full(batch)

    sides = (raw, full, model)
    rounds = []
    for articles in corpora:
        seconds, cpu, counts = [0.0] * 3, [0.0] * 3, [0] * 3
        for n, start in enumerate(range(0, len(articles), batch_size)):
            batch = articles[start:start + batch_size]
            for side in (range(3) if n % 2 == 0 else reversed(range(3))):
                began, began_cpu = time.perf_counter(), time.process_time()
                counts[side] += sides[side](batch)
                seconds[side] += time.perf_counter() - began
                cpu[side] += time.process_time() - began_cpu
        rounds.append((seconds, cpu, counts))
    queue.put(rounds)


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
    parser.add_argument("--rounds", type=int, default=5,
                        help="rounds of raw, extract and model timed in turn; the median "
                             "of the rounds' ratios counts")
    args = parser.parse_args(argv)
    size = max(args.articles, 200)
    articles = corpus(size)
    texts = [a.text for a in articles]
    print(f"corpus: {len(articles)} articles, {sum(map(len, texts)):,} characters; "
          f"machine: {platform.machine()}, {multiprocessing.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    rounds = measure(run_interleaved, [corpus(size, seed) for seed in range(args.rounds)],
                     args.batch_size)
    ratios = [seconds[0] / seconds[1] for seconds, _, _ in rounds]
    print("in turn, by round (s): " + " | ".join(
        "raw {:.1f} extract {:.1f} model {:.1f}".format(*seconds) for seconds, _, _ in rounds))
    print("ratio extract/raw by round: " + " ".join(f"{x:.2f}" for x in ratios))
    model_s = statistics.median(seconds[2] for seconds, _, _ in rounds)
    components = statistics.median(seconds[1] - seconds[2] for seconds, _, _ in rounds)
    print(f"veille's components: {components:.1f} s, {components / model_s:.0%} of the "
          f"{model_s:.1f} s of the model as veille runs it (medians)")
    raw_s, tokens, raw_rss = measure(run_raw, texts, args.batch_size)
    ext_s, items, ext_rss = measure(run_extract, articles, args.batch_size, 1)
    rows = [("raw spaCy", raw_s, raw_rss), ("veille extract", ext_s, ext_rss)]
    if args.workers > 1:
        # the workers load their model inside the timed call: a run on one article per
        # worker measures that start-up, which the corpus run is corrected by
        start_s, *_ = measure(run_extract, articles[:args.workers], args.batch_size,
                              args.workers)
        par_s, _, par_rss = measure(run_extract, articles, args.batch_size, args.workers)
        print(f"--workers {args.workers}: {par_s:.1f} s, of which start-up {start_s:.1f} s")
        rows.append((f"extract --workers {args.workers}", par_s - start_s, par_rss))
    print("each alone in a process of its own:")
    print(f"{'run':<24}{'seconds':>9}{'articles/s':>12}{'tokens/s':>11}"
          f"{'peak RSS MB':>13}")
    for name, seconds, rss in rows:
        print(f"{name:<24}{seconds:>9.1f}{len(articles) / seconds:>12.1f}"
              f"{tokens / seconds:>11.0f}{rss:>13.0f}")
    ratio = statistics.median(ratios)
    print(f"ratio extract/raw (throughput), median of the rounds: {ratio:.2f}  (goal >= 0.85); "
          f"of the two runs alone: {raw_s / ext_s:.2f}")
    cpu = statistics.median(cpu[0] / cpu[1] for _, cpu, _ in rounds)
    print(f"the same of processor time, median of the rounds: {cpu:.2f}")
    if args.workers > 1:
        print(f"speed-up with {args.workers} workers: {ext_s / rows[-1][1]:.2f}x "
              "(the parent holds no model; RSS is the parent's)")
    print(f"items extracted: {items}")
    return 0 if ratio >= 0.85 and max(r[2] for r in rows) <= 1024 else 1


if __name__ == "__main__":
    sys.exit(main())
