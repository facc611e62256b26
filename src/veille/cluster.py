"""Extraction on Ray (``--engine ray``): one machine's cores or a whole cluster.

Ray Data reads the inputs (each file, JSON Lines shard or Parquet table is one row,
which a task reads with veille's own readers, so that both engines see the same
articles), extracts them with
``map_batches`` over a pool of actors that each load the spaCy pipeline once, and a
datasink writes the records as shards, JSON Lines or Parquet, from the workers. Inputs
that cannot be read travel as error rows and are reported at the end; they never stop
the run. An actor that dies is restarted by Ray and its batch is run again.

The shards go to a staging directory that replaces the output directory only once every
shard is written: a failed run leaves the previous output as it was.
"""
from __future__ import annotations

import logging
import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from veille.models import Article, ArticleRecord
from veille.read import ReadError, read_file, walk

INSTALL_HINT = "the Ray engine needs Ray: pip install 'veille[ray]'"
FORMATS = ("jsonl", "parquet")
BATCH_SIZE = 16
ROW_FIELDS = ("id", "article", "record", "error")  # one row of the dataset, all strings
# Reading and writing claim no CPU of their own, and one CPU of the cluster is left to
# Ray's own steps (cutting blocks): an actor pool holding every CPU would leave them
# waiting forever. Started locally, Ray is told of one CPU more than the machine has.
LIGHT = 0


class EngineError(Exception):
    """A problem of the Ray engine, reported on one line."""


def require_ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise EngineError(INSTALL_HINT) from None
    return ray


def pool_size(workers: int | None, cpus: int) -> int:
    """Extraction actors: as many as asked, else one per CPU; always one CPU short of
    the cluster's, which is left to Ray."""
    return max(1, min(workers or cpus, cpus - 1))


def connect(address: str | None) -> int:
    """Join the cluster at ``address`` ('auto', 'ray://head:10001'), or start Ray on
    this machine's cores; returns the CPUs the cluster offers."""
    ray = require_ray()
    for name in ("ray", "ray.data"):  # veille reports what matters itself
        logging.getLogger(name).setLevel(logging.ERROR)
    if not ray.is_initialized():
        try:
            local = {} if address else {"num_cpus": (os.cpu_count() or 1) + 1}
            ray.init(address=address or None, include_dashboard=False, log_to_driver=False,
                     logging_level="ERROR", configure_logging=True, **local)
        except (ConnectionError, RuntimeError, ValueError) as error:
            raise EngineError(f"cannot start or reach Ray at {address or 'this machine'}: "
                              f"{str(error).splitlines()[0]}") from None
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


# -- rows ------------------------------------------------------------------------------------
def article_row(item: Article | ReadError) -> dict[str, str]:
    if isinstance(item, ReadError):
        return {"id": "", "article": "", "record": "", "error": str(item)}
    return {"id": item.id, "article": item.model_dump_json(), "record": "", "error": ""}


class FileReader:
    """Ray flat_map function: the rows of one article file."""

    def __init__(self, max_chars: int):
        self.max_chars = max_chars

    def __call__(self, row: dict) -> list[dict[str, str]]:
        return [article_row(item) for item in read_file(Path(row["path"]), self.max_chars)]


def input_dataset(paths: Iterable[str], max_chars: int, batch_size: int, errors: list[str]):
    """The dataset of article rows under ``paths``, one file per input row (a Parquet
    table or a JSON Lines shard included); what cannot even be listed (a missing file,
    an unreadable directory) is added to ``errors``."""
    import ray.data

    files = []
    for item in walk(paths):
        if isinstance(item, ReadError):
            errors.append(str(item))
        else:
            files.append({"path": str(item)})
    if not files:
        return None
    # a JSON Lines shard or a Parquet table is one row that yields many articles: they
    # are cut into blocks of one batch each, for every worker to have its share
    return ray.data.from_items(files).flat_map(FileReader(max_chars), num_cpus=LIGHT) \
        .repartition(target_num_rows_per_block=batch_size)


class Extractor:
    """Ray actor: loads the pipeline once, then turns batches of article rows into
    record rows (error rows pass through)."""

    def __init__(self):
        from veille.extract import load_pipeline

        self.nlp = load_pipeline()

    def __call__(self, batch: dict, keep_articles: bool) -> dict[str, list[str]]:
        from veille.extract import extract

        rows = [dict(zip(ROW_FIELDS, values)) for values in
                zip(*(list(batch[name]) for name in ROW_FIELDS))]
        articles = [Article.model_validate_json(r["article"]) for r in rows if r["article"]]
        records = extract(articles, self.nlp, batch_size=max(1, len(articles)))
        out = {name: [] for name in ROW_FIELDS}
        for row in rows:
            if row["article"]:
                record = next(records)
                row = {"id": record.id, "record": record.model_dump_json(exclude_none=False),
                       "article": row["article"] if keep_articles else "", "error": ""}
            for name in ROW_FIELDS:
                out[name].append(row[name])
        return out


# -- shards ------------------------------------------------------------------------------------
def shard_sink(directory: Path, fmt: str):
    """A Ray datasink writing record rows as shards into ``directory`` (see module doc)."""
    from ray.data.datasource import Datasink

    class ShardSink(Datasink):
        def __init__(self):
            self.staging = staging_for(directory)
            self.summary = RunSummary()

        def on_write_start(self, schema=None) -> None:
            fresh_staging(directory)

        def write(self, blocks, ctx) -> dict:
            import pyarrow as pa
            import pyarrow.parquet as pq
            from ray.data.block import BlockAccessor

            rows = [row for block in blocks
                    for row in BlockAccessor.for_block(block).to_arrow().to_pylist()]
            errors = [row["error"] for row in rows if row["error"]]
            done = [row for row in rows if not row["error"]]
            if done:
                path = self.staging / f"part-{ctx.task_idx:05d}.{fmt}"
                if fmt == "jsonl":
                    path.write_text("".join(row["record"] + "\n" for row in done),
                                    encoding="utf-8")
                else:
                    pq.write_table(pa.table({name: [row[name] for row in done]
                                             for name in ("id", "article", "record")}), path)
            return {"records": len(done), "errors": errors}

        def on_write_complete(self, write_result) -> None:
            for result in write_result.write_returns:
                self.summary.records += result["records"]
                self.summary.errors += result["errors"]
            replace_directory(self.staging, directory)

        def on_write_failed(self, error: Exception) -> None:
            shutil.rmtree(self.staging, ignore_errors=True)

    return ShardSink()


def replace_directory(new: Path, old: Path) -> None:
    """Put ``new`` where ``old`` is, the old one removed only once the new is in place."""
    retired = old.with_name(old.name + ".old")
    shutil.rmtree(retired, ignore_errors=True)
    if old.exists():
        os.replace(old, retired)
    os.replace(new, old)
    shutil.rmtree(retired, ignore_errors=True)


@dataclass
class RunSummary:
    records: int = 0
    errors: list[str] = field(default_factory=list)


def extract_to_shards(paths: Iterable[str], out: Path, fmt: str = "jsonl",
                      max_chars: int = 2_000_000, workers: int | None = None,
                      batch_size: int = BATCH_SIZE, address: str | None = None,
                      keep_articles: bool = False) -> RunSummary:
    """Extract every article under ``paths`` on Ray into shards in ``out``. ``workers``
    actors (default: one per CPU of the cluster but one), ``batch_size`` articles per
    call."""
    if fmt not in FORMATS:
        raise EngineError(f"unknown shard format {fmt!r} (one of {', '.join(FORMATS)})")
    if out.exists() and not out.is_dir():
        raise EngineError(f"{out}: exists and is not a directory")
    cpus = connect(address)
    from ray.data import ActorPoolStrategy, DataContext

    context = DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = sys.stderr.isatty()
    errors: list[str] = []
    dataset = input_dataset(paths, max_chars, batch_size, errors)
    if dataset is None:
        replace_directory(fresh_staging(out), out)
        return RunSummary(errors=errors)
    records = dataset.map_batches(
        Extractor, fn_kwargs={"keep_articles": keep_articles},
        batch_size=batch_size, batch_format="numpy", num_cpus=1,
        compute=ActorPoolStrategy(size=pool_size(workers, cpus)))
    sink = shard_sink(out, fmt)
    try:
        records.write_datasink(sink, ray_remote_args={"num_cpus": LIGHT})
    except Exception as error:  # Ray wraps a task's failure in several exception types
        raise EngineError(f"the Ray run failed, {out} left as it was: "
                          f"{first_line(error)}") from None
    sink.summary.errors[:0] = errors
    return sink.summary


def first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def staging_for(out: Path) -> Path:
    return out.with_name(out.name + ".partial")


def fresh_staging(out: Path) -> Path:
    """An empty staging directory for ``out``, whatever a failed run left there."""
    staging = staging_for(out)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def shard_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.name.startswith("part-"))


def read_shards(directory: Path) -> Iterator[tuple[Article | None, ArticleRecord]]:
    """The (article, record) pairs of a shard directory, in shard order; JSON Lines
    shards hold records only."""
    import pyarrow.parquet as pq

    for path in shard_files(directory):
        if path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                yield None, ArticleRecord.model_validate_json(line)
            continue
        for batch in pq.ParquetFile(path).iter_batches():
            for row in batch.to_pylist():
                article = Article.model_validate_json(row["article"]) if row["article"] else None
                yield article, ArticleRecord.model_validate_json(row["record"])


# -- a standing pool, for the watcher ---------------------------------------------------------
class ArticleExtractor:
    """Ray actor: the pipeline, loaded once, extracting lists of articles (as JSON)."""

    def __init__(self):
        from veille.extract import load_pipeline

        self.nlp = load_pipeline()

    def extract(self, rows: list[str]) -> list[str]:
        from veille.extract import extract

        articles = [Article.model_validate_json(row) for row in rows]
        return [r.model_dump_json(exclude_none=False)
                for r in extract(articles, self.nlp, batch_size=max(1, len(articles)))]


class ExtractorPool:
    """Actors that stay up between calls (``veille watch --engine ray``): each call
    shares its articles among them and returns the records in the articles' order.
    An actor that dies is restarted by Ray and its share run again."""

    def __init__(self, workers: int | None = None, address: str | None = None):
        ray = require_ray()
        cpus = connect(address)
        remote = ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=-1)(ArticleExtractor)
        self.actors = [remote.remote() for _ in range(pool_size(workers, cpus))]

    def __call__(self, articles: list[Article]) -> list[ArticleRecord]:
        import ray

        shares = [articles[n::len(self.actors)] for n in range(len(self.actors))]
        try:
            done = ray.get([actor.extract.remote([a.model_dump_json() for a in share])
                            for actor, share in zip(self.actors, shares) if share])
        except Exception as error:  # Ray wraps a task's failure in several exception types
            raise EngineError(f"the Ray extraction failed: {first_line(error)}") from None
        records = {}
        for rows in done:
            for row in rows:
                record = ArticleRecord.model_validate_json(row)
                records[record.id] = record
        return [records[a.id] for a in articles]
