"""The `veille` command line."""
from __future__ import annotations

import functools
import json
import os
import re
import shutil
import sys
import time
import zipfile
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from veille import __version__
from veille.files import atomic_output, data_dir
from veille.models import ITEM_FIELDS, Article, ArticleRecord, Incident
from veille.read import DEFAULT_MAX_CHARS, ReadError, read_paths, walk
from veille.store import IncidentQuery, Store, StoreError, WriteReport, end_of_period

app = typer.Typer(
    help="veille: French conflict news to a source-attributed, geocoded event database.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    rich_markup_mode=None)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)


class Abort(Exception):
    """A problem that ends the command with a one-line message and a non-zero status."""


def say(message: str) -> None:
    stderr.print(f"veille: {message}", markup=False)


def one_line_errors(command):
    """Commands report an Abort as one line and exit with status 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (Abort, StoreError) as error:
            say(str(error))
            raise typer.Exit(1) from None

    return wrapper


class RunReport:
    """What a run read, skipped and produced, for the closing summary line."""

    def __init__(self, strict: bool = False):
        self.strict = strict
        self.skipped = 0
        self.articles = 0
        self.items: Counter[str] = Counter()
        self.started = time.perf_counter()

    def articles_from(self, paths: Iterable[str], max_chars: int) -> Iterator[Article]:
        """The readable articles under ``paths``; each unreadable input is reported on
        one line (``--strict``: the first one aborts the run)."""
        for item in read_paths(paths, max_chars=max_chars):
            if isinstance(item, ReadError):
                self.skipped += 1
                if self.strict:
                    raise Abort(f"{item} (--strict: stopping)")
                say(str(item))
                continue
            yield item

    def add(self, record: ArticleRecord) -> None:
        self.articles += 1
        self.items.update(record.counts())

    def summary(self) -> str:
        items = ", ".join(f"{self.items[f]} {f}" for f in ITEM_FIELDS)
        skipped = f" ({self.skipped} input(s) skipped)" if self.skipped else ""
        return (f"{self.articles} articles{skipped}, {items} "
                f"in {time.perf_counter() - self.started:.1f} s")


DATE_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
PATHS_HELP = ("Files or directories of articles: .txt (first line ' date YYYY-MM' or "
              "' date YYYY-MM-DD' optional), .jsonl/.json (id, text, published, url, source), "
              ".html pages, RSS/Atom .xml feeds, .parquet tables (id, text, published columns). "
              "Directories are read recursively.")


STRICT_OPTION = typer.Option(False, "--strict", help="Stop at the first unreadable input "
                             "instead of skipping it.")
MAX_CHARS_OPTION = typer.Option(DEFAULT_MAX_CHARS, "--max-chars", min=1000, metavar="N",
                                help="Longer texts are truncated, with a warning.")
WORKERS_OPTION = typer.Option(None, "--workers", "-w", min=1, max=4096, metavar="N",
                              help="Processes to extract with, each loading the model "
                              "(local engine: default 1; ray: default one per CPU of the "
                              "cluster, less one).")
ENGINE_OPTION = typer.Option("local", "--engine", metavar="local|ray", help="'ray' runs "
                             "the extraction on Ray, on this machine's cores or on the "
                             "cluster of --address (needs pip install 'veille[ray]').")
ADDRESS_OPTION = typer.Option(None, "--address", metavar="ADDR", help="With --engine ray: "
                              "the cluster to join ('auto', 'ray://head:10001'); default: "
                              "start Ray on this machine.")
RAY_BATCH_OPTION = typer.Option(16, "--ray-batch", min=1, max=10_000, metavar="N",
                                help="With --engine ray: articles per extraction call.")
ENGINES = ("local", "ray")


def check_engine(engine: str, strict: bool, workers: int | None) -> int | None:
    """The worker count for the local engine (1 by default); None for Ray (its own)."""
    if engine not in ENGINES:
        raise typer.BadParameter(f"{engine!r} is not one of {', '.join(ENGINES)}",
                                 param_hint="--engine")
    if engine == "ray" and strict:
        raise typer.BadParameter("--strict works with the local engine only",
                                 param_hint="--strict")
    return (workers or 1) if engine == "local" else workers


def run_on_ray(paths: list[str], out: Path, fmt: str, max_chars: int, workers: int | None,
               batch_size: int, address: str | None, keep_articles: bool = False):
    """Extract on Ray into shards; every skipped input is named on one line."""
    from veille import cluster

    try:
        summary = cluster.extract_to_shards(
            paths, out, fmt=fmt, max_chars=max_chars, workers=workers,
            batch_size=batch_size, address=address, keep_articles=keep_articles)
    except cluster.EngineError as error:
        raise Abort(str(error)) from None
    for error in summary.errors:
        say(error)
    return summary


def show_version(value: bool) -> None:
    if value:
        print(f"veille {__version__}")
        raise typer.Exit()


@app.callback()
def cli(version: bool = typer.Option(False, "--version", callback=show_version,
                                     is_eager=True, help="Print the version and exit.")
        ) -> None:
    """veille: French conflict news to a source-attributed, geocoded event database."""


def progress_bar(total: int | None) -> Progress:
    return Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TimeElapsedColumn(), console=stderr,
                    disable=not stderr.is_terminal, transient=True)


def count_hint(paths: Iterable[str]) -> int:
    """A cheap estimate of the number of articles (JSON Lines: one per line)."""
    total = 0
    for path in walk(paths):
        if isinstance(path, Path) and path.suffix.lower() in (".jsonl", ".ndjson"):
            try:
                with path.open("rb") as lines:
                    total += sum(1 for line in lines if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total


@app.command()
@one_line_errors
def extract(
    paths: list[str] = typer.Argument(..., metavar="PATH...", help=PATHS_HELP),
    out: str = typer.Option(..., "--out", "-o", metavar="FILE", help="JSON Lines file to "
                            "write ('-' for standard output). Written whole or not at all. "
                            "With --engine ray: a directory of shards (part-*.jsonl or "
                            "part-*.parquet), replaced whole or not at all."),
    strict: bool = STRICT_OPTION,
    max_chars: int = MAX_CHARS_OPTION,
    workers: int | None = WORKERS_OPTION,
    engine: str = ENGINE_OPTION,
    address: str | None = ADDRESS_OPTION,
    shard_format: str = typer.Option("jsonl", "--shard-format", metavar="jsonl|parquet",
                                     help="With --engine ray: JSON Lines shards of records, "
                                     "or Parquet shards with id, article and record (JSON) "
                                     "columns."),
    ray_batch: int = RAY_BATCH_OPTION,
) -> None:
    """Extract casualties, places, events and claims: one JSON record per article.

    Exit status: 0 when every input was read, 1 when some were skipped (each named on
    one line of standard error), 2 on bad usage."""
    from veille.extract import extract as run_pipeline

    workers = check_engine(engine, strict, workers)
    if engine == "ray":
        if out == "-":
            raise typer.BadParameter("--engine ray writes a directory of shards",
                                     param_hint="--out")
        summary = run_on_ray(paths, Path(out), shard_format, max_chars, workers, ray_batch,
                             address, keep_articles=shard_format == "parquet")
        say(f"{summary.records} articles"
            f"{f' ({len(summary.errors)} input(s) skipped)' if summary.errors else ''}"
            f" -> {out}")
        if summary.errors:
            raise typer.Exit(1)
        return
    report = RunReport(strict)
    total = count_hint(paths)
    with atomic_output(out) as sink, progress_bar(total) as progress:
        task = progress.add_task("extracting", total=total)
        for record in run_pipeline(report.articles_from(paths, max_chars), workers=workers):
            sink.write(record.model_dump_json(exclude_none=False) + "\n")
            report.add(record)
            progress.update(task, advance=1, total=max(total, report.articles))
    destination = "standard output" if out == "-" else out
    say(f"{report.summary()} -> {destination}")
    if report.skipped:
        raise typer.Exit(1)


@app.command("eval")
@one_line_errors
def evaluate(
    gold_dir: Path = typer.Argument(..., metavar="GOLD_DIR", help="Gold records, one "
                                    "<id>.json per article, in the record format."),
    texts_dir: Path = typer.Argument(..., metavar="TEXTS_DIR", help="The articles the gold "
                                     "describes (<id>.txt or any format veille reads)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    errors: bool = typer.Option(False, "--errors", help="List every missed and spurious "
                                "item with its evidence."),
    pred: Path | None = typer.Option(None, "--pred", metavar="FILE", help="Score these "
                                     "records (JSON Lines) instead of extracting the texts."),
) -> None:
    """Score veille on annotated articles: TP, FP, FN, precision, recall and F1 per aspect,
    and the accuracy of each attribute over matched items."""
    from veille import eval as scoring
    from veille.extract import extract as run_pipeline

    try:
        gold = scoring.load_gold(gold_dir)
        report = RunReport()
        articles = list(report.articles_from([str(texts_dir)], DEFAULT_MAX_CHARS))
        texts = {a.id: a.text for a in articles}
        if pred is not None:
            predictions = scoring.load_predictions(pred)
        else:
            with progress_bar(len(articles)) as progress:
                task = progress.add_task("extracting", total=len(articles))
                predictions = {}
                for record in run_pipeline(articles):
                    predictions[record.id] = record.model_dump(mode="json")
                    progress.advance(task)
        result = scoring.evaluate(gold, predictions, texts)
    except scoring.EvalError as error:
        raise Abort(str(error)) from None
    if as_json:
        print(json.dumps(result.to_dict(), indent=2))
    else:
        print(scoring.render(result, errors))


TABLE_WIDTH = 160  # when printing to a file or a pipe


def print_table(table) -> None:
    """A rich table on standard output, TABLE_WIDTH wide when that is not a terminal."""
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = TABLE_WIDTH
    console.print(table)
DB_OPTION = typer.Option(None, "--db", metavar="FILE", help="The store (SQLite). Default: "
                         "$VEILLE_DB, else veille.db in the user's data directory.")


def store_path(db: Path | None) -> Path:
    return db or Path(os.environ.get("VEILLE_DB") or data_dir() / "veille.db")


@app.command()
@one_line_errors
def ingest(
    paths: list[str] = typer.Argument(..., metavar="PATH...", help=PATHS_HELP),
    db: Path | None = DB_OPTION,
    strict: bool = STRICT_OPTION,
    max_chars: int = MAX_CHARS_OPTION,
    workers: int | None = WORKERS_OPTION,
    batch: int = typer.Option(32, "--batch", min=1, max=10_000, metavar="N",
                              help="Articles written per transaction."),
    engine: str = ENGINE_OPTION,
    address: str | None = ADDRESS_OPTION,
    shards: Path | None = typer.Option(None, "--shards", metavar="DIR", help="With "
                                       "--engine ray: where the workers write the "
                                       "records before they are loaded (kept); default: "
                                       "a temporary directory beside the store, removed "
                                       "after."),
    ray_batch: int = RAY_BATCH_OPTION,
) -> None:
    """Extract articles and store them with their records, linking the events of
    different articles that report the same incident.

    Re-running is safe: an article already stored with the same content is skipped, a
    changed one replaces its record. Each batch is written in one transaction, so an
    interrupted run loses at most the batch in progress and the next run resumes."""
    from veille.extract import extract as run_pipeline

    workers = check_engine(engine, strict, workers)
    if engine == "ray":
        ingest_on_ray(paths, store_path(db), shards, max_chars, workers, ray_batch, address,
                      batch)
        return
    report = RunReport(strict)
    written = WriteReport()
    total = count_hint(paths)
    with Store(store_path(db)) as store, progress_bar(total) as progress:
        task = progress.add_task("ingesting", total=total)
        pending: deque[Article] = deque()

        def new_articles() -> Iterator[Article]:
            for article in report.articles_from(paths, max_chars):
                if store.is_stored(article):
                    written.unchanged += 1
                    progress.advance(task)
                    continue
                pending.append(article)
                yield article

        buffer: list[tuple[Article, ArticleRecord]] = []
        for record in run_pipeline(new_articles(), workers=workers):
            buffer.append((pending.popleft(), record))
            report.add(record)
            progress.advance(task)
            if len(buffer) >= batch:
                written.merge(store.write(buffer))
                buffer.clear()
        if buffer:
            written.merge(store.write(buffer))
        counts = store.counts()
    say(f"{report.summary()}; {written.added} added, {written.replaced} replaced, "
        f"{written.unchanged} unchanged -> {store_path(db)} ({counts['article']} articles, "
        f"{counts['incident']} incidents)")
    if report.skipped:
        raise typer.Exit(1)


def ingest_on_ray(paths: list[str], db: Path, shards: Path | None, max_chars: int,
                  workers: int | None, ray_batch: int, address: str | None,
                  batch: int) -> None:
    """Extract on Ray into Parquet shards (article and record), then load them into the
    store from this machine, the store's only writer."""
    from veille.cluster import read_shards

    directory = shards or db.with_name(f".{db.name}.shards")
    summary = run_on_ray(paths, directory, "parquet", max_chars, workers, ray_batch, address,
                         keep_articles=True)
    written = WriteReport()
    with Store(db) as store, progress_bar(summary.records) as progress:
        task = progress.add_task("storing", total=summary.records)
        buffer: list[tuple[Article, ArticleRecord]] = []
        for article, record in read_shards(directory):
            buffer.append((article, record))
            if len(buffer) >= batch:
                written.merge(store.write(buffer))
                progress.advance(task, len(buffer))
                buffer.clear()
        if buffer:
            written.merge(store.write(buffer))
        counts = store.counts()
    if shards is None:
        shutil.rmtree(directory, ignore_errors=True)
    skipped = f" ({len(summary.errors)} input(s) skipped)" if summary.errors else ""
    say(f"{summary.records} articles{skipped} on Ray; {written.added} added, "
        f"{written.replaced} replaced, {written.unchanged} unchanged -> {db} "
        f"({counts['article']} articles, {counts['incident']} incidents)")
    if summary.errors:
        raise typer.Exit(1)


def query_of(date_from: str | None, date_to: str | None, place: str | None,
             country: str | None, actor: str | None, event_type: str | None,
             limit: int | None) -> IncidentQuery:
    for value in (date_from, date_to):
        if value and not DATE_PREFIX.match(value):
            raise Abort(f"not a date: {value!r} (YYYY, YYYY-MM or YYYY-MM-DD)")
    return IncidentQuery(date_from=date_from, date_to=date_to and end_of_period(date_to),
                         place=place, country=country, actor=actor, type=event_type,
                         limit=limit)


FROM_OPTION = typer.Option(None, "--from", metavar="DATE", help="Incidents on or after "
                           "this date (YYYY, YYYY-MM or YYYY-MM-DD).")
TO_OPTION = typer.Option(None, "--to", metavar="DATE", help="Incidents on or before this date.")
PLACE_OPTION = typer.Option(None, "--place", metavar="NAME", help="Incidents at this place "
                            "(its gazetteer name, e.g. Stepanakert).")
COUNTRY_OPTION = typer.Option(None, "--country", metavar="CC", help="ISO country code.")
ACTOR_OPTION = typer.Option(None, "--actor", metavar="CODE", help="An actor code (AZ, "
                            "AM.MOD, M23...).")
TYPE_OPTION = typer.Option(None, "--type", metavar="TYPE", help="An ACLED event type "
                           "(Battles, 'Explosions/Remote violence'...).")


@app.command()
@one_line_errors
def timeline(
    db: Path | None = DB_OPTION,
    date_from: str | None = FROM_OPTION, date_to: str | None = TO_OPTION,
    place: str | None = PLACE_OPTION, country: str | None = COUNTRY_OPTION,
    actor: str | None = ACTOR_OPTION, event_type: str | None = TYPE_OPTION,
    limit: int = typer.Option(200, "--limit", min=1, max=1000, help="Incidents shown."),
) -> None:
    """Incidents in date order, with each source's figures and the contradictions."""
    from rich.table import Table

    query = query_of(date_from, date_to, place, country, actor, event_type, limit)
    with Store(existing_store(db)) as store:
        incidents = [store.incident(i.id) for i in store.incidents(query)]
        total = store.count_incidents(query)
    table = Table(title=f"{len(incidents)} of {total} incidents", show_lines=True)
    for column in ("date", "event", "place", "deaths", "sources", "figures"):
        table.add_column(column, overflow="fold")
    for incident in incidents:
        table.add_row(*timeline_row(incident))
    print_table(table)


def timeline_row(incident: Incident) -> list[str]:
    from veille.link import version_label

    figures = [escape(label) for label in dict.fromkeys(
        version_label(v) for s in incident.sightings for v in s.versions)]
    figures += [f"[bold red]contradiction:[/] {escape(c)}" for c in incident.contradictions]
    return [f"{incident.date or '?'} ({incident.date_precision or '-'})",
            f"{incident.type}\n{incident.sub_type}", incident.place or "",
            "" if incident.fatalities is None else str(incident.fatalities),
            "\n".join(incident.outlets or incident.articles),
            "\n".join(figures)]


def existing_store(db: Path | None) -> Path:
    path = store_path(db)
    if not path.exists():
        raise Abort(f"{path}: no store yet (run 'veille ingest PATH...' first)")
    return path


@app.command("export")
@one_line_errors
def export_incidents(
    export_format: str = typer.Option(..., "--format", "-f", metavar="FORMAT",
                                      help="acled, ucdp (CSV), geojson, jsonl or parquet; "
                                      "tolls: the toll series as JSON (see 'veille "
                                      "tolls'; only --from and --to apply)."),
    out: str = typer.Option(..., "--out", "-o", metavar="FILE", help="File to write ('-' for "
                            "standard output). Written whole or not at all."),
    db: Path | None = DB_OPTION,
    date_from: str | None = FROM_OPTION, date_to: str | None = TO_OPTION,
    place: str | None = PLACE_OPTION, country: str | None = COUNTRY_OPTION,
    actor: str | None = ACTOR_OPTION, event_type: str | None = TYPE_OPTION,
) -> None:
    """Export the store's incidents: one row (or feature) per incident, every source
    named, contradictions noted."""
    from veille.export import FORMATS, WRITERS

    if export_format not in FORMATS:
        raise Abort(f"unknown format {export_format!r} (one of: {', '.join(FORMATS)})")
    if export_format == "parquet" and out == "-":
        raise Abort("parquet cannot be written to standard output; give --out FILE")
    query = query_of(date_from, date_to, place, country, actor, event_type, None)
    if export_format == "tolls":
        export_tolls(out, db, date_from, date_to)
        return
    with Store(existing_store(db)) as store:
        incidents = store.all_incidents(query, with_sightings=export_format in ("ucdp", "jsonl"))
        with atomic_output(out, "wb" if export_format == "parquet" else "w") as sink:
            count = WRITERS[export_format](incidents, sink)
    say(f"{count} incidents -> {'standard output' if out == '-' else out}")


@app.command()
@one_line_errors
def serve(
    db: Path | None = DB_OPTION,
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (the "
                             "default serves this machine only)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
) -> None:
    """Serve the dashboard and the read-only JSON API (OpenAPI schema at /docs)."""
    import uvicorn

    from veille.serve import create_app

    application = create_app(existing_store(db))
    say(f"dashboard on http://{host}:{port}/ (API docs: /docs); Ctrl-C to stop")
    uvicorn.run(application, host=host, port=port, log_level="warning")


gazetteer_app = typer.Typer(help="The offline gazetteer: what is loaded, and GeoNames "
                            "imports.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("info")
@one_line_errors
def gazetteer_info() -> None:
    """Print what the gazetteer holds: its files, sources and counts."""
    from veille.gazetteer import default_gazetteer

    for key, value in default_gazetteer().info().items():
        print(f"{key:24} {value}")


@gazetteer_app.command("import")
@one_line_errors
def gazetteer_import(
    files: list[Path] = typer.Argument(..., metavar="FILE...", help="GeoNames dumps: "
                                       "allCountries.txt, XX.txt, their .zip, or "
                                       "alternateNamesV2.txt/.zip (after the places)."),
) -> None:
    """Load GeoNames dumps (https://download.geonames.org/export/dump/) into the
    gazetteer, beside the embedded data. Importing a file again adds nothing."""
    from veille.gazetteer import imports_path
    from veille.gazetteer.geonames import GeonamesError, import_dump

    for path in files:
        started = time.perf_counter()
        try:
            counts = import_dump(path, imports_path())
        except (GeonamesError, UnicodeDecodeError, OSError, zipfile.BadZipFile) as error:
            raise Abort(f"{path}: {error}" if not str(error).startswith(str(path))
                        else str(error)) from None
        added = ", ".join(f"{n} {what}" for what, n in counts.items())
        say(f"{path}: {added} added in {time.perf_counter() - started:.1f} s -> "
            f"{imports_path()}")


# -- monitoring: the sources followed, and the watcher ---------------------------------
FEEDS_OPTION = typer.Option(None, "--feeds", metavar="FILE", help="The feeds file (TOML, "
                            "one [[source]] table per feed). Default: $VEILLE_FEEDS, else "
                            "feeds.toml in the user's config directory.")
feeds_app = typer.Typer(help="The news feeds `veille watch` follows: add, list, remove.",
                        no_args_is_help=True)
app.add_typer(feeds_app, name="feeds")


def feeds_path(feeds: Path | None) -> Path:
    from veille.watch.sources import default_feeds_file

    return feeds or default_feeds_file()


def watch_errors(command):
    """The watcher's one-line errors (bad feeds, rules or settings file) as Aborts."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from veille.watch.alerts import RulesError
        from veille.watch.settings import SettingsError
        from veille.watch.sources import FeedsError

        try:
            return command(*args, **kwargs)
        except (FeedsError, RulesError, SettingsError) as error:
            raise Abort(str(error)) from None

    return one_line_errors(wrapper)


@feeds_app.command("add")
@watch_errors
def feeds_add(
    url: str = typer.Argument(..., metavar="URL", help="The feed's URL (RSS or Atom)."),
    name: str = typer.Option(..., "--name", "-n", help="The outlet's name, as articles "
                             "will cite it (e.g. \"Le Monde\")."),
    interval: float | None = typer.Option(None, "--interval", min=10, metavar="SECONDS",
                                          help="Poll this feed every so many seconds "
                                          "(default: the watcher's interval, 300)."),
    language: str | None = typer.Option(None, "--language", metavar="CODE", help="The "
                                        "feed's language (ISO 639-1); default: guessed "
                                        "per article."),
    feeds: Path | None = FEEDS_OPTION,
) -> None:
    """Add a feed to the feeds file."""
    from veille.watch.sources import Source, add_source, check_url

    path = feeds_path(feeds)
    add_source(path, Source(check_url(url), name, interval, language))
    say(f"{name} ({url}) added to {path}")


@feeds_app.command("remove")
@watch_errors
def feeds_remove(
    key: str = typer.Argument(..., metavar="URL|NAME", help="The feed's URL or name."),
    feeds: Path | None = FEEDS_OPTION,
) -> None:
    """Remove a feed from the feeds file (what the store holds from it stays)."""
    from veille.watch.sources import remove_source

    path = feeds_path(feeds)
    source = remove_source(path, key)
    say(f"{source.name} ({source.url}) removed from {path}")


@feeds_app.command("list")
@watch_errors
def feeds_list(
    feeds: Path | None = FEEDS_OPTION,
    db: Path | None = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per line."),
) -> None:
    """The feeds, each with its last poll, status, items seen and errors (from the
    store)."""
    from veille.watch import source_health

    rows = source_health(feeds_path(feeds), store_path(db))
    if as_json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return
    from rich.table import Table

    table = Table(title=f"{len(rows)} feeds in {feeds_path(feeds)}")
    for column in ("name", "url", "last poll", "status", "items", "stored", "errors"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(row["name"], row["url"], when(row["last_poll"]), row["status"],
                      str(row["items"]), str(row["stored"]), str(row["errors"]))
    print_table(table)


def when(stamp: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(stamp)) if stamp else "never"


@app.command()
@watch_errors
def watch(
    db: Path | None = DB_OPTION,
    feeds: Path | None = FEEDS_OPTION,
    once: bool = typer.Option(False, "--once", help="Poll every source once (except those "
                              "backing off), ingest, alert, and exit: for cron and tests."),
    rules: Path | None = typer.Option(None, "--rules", metavar="FILE", help="Alert rules "
                                      "(TOML): what raises an alert, where it is sent."),
    settings_file: Path | None = typer.Option(None, "--settings", metavar="FILE",
                                              help="Watcher settings laid over the "
                                              "defaults (timeouts, connections, back-off); "
                                              "default: watch.toml in the user's config "
                                              "directory, if any."),
    engine: str = ENGINE_OPTION,
    workers: int | None = WORKERS_OPTION,
    address: str | None = ADDRESS_OPTION,
) -> None:
    """Follow the feeds: poll each on its interval (conditional GET, robots.txt, back-off),
    extract and store every new French article, link it, and raise the alerts of the
    rules. A restart resumes where the last run stopped.

    Exit status (--once): 0 when the pass ran, failed sources listed one per line; 1
    when nothing could run (unreadable feeds file, store not writable)."""
    from veille import watch as watcher
    from veille.cluster import EngineError
    from veille.watch.alerts import Rules, load_rules
    from veille.watch.settings import load_settings

    def report(done) -> None:
        for source, error in done.failed:
            say(f"{source.name} ({source.url}): {error}")
        for failure in done.deliveries.failed:
            say(f"delivery of {failure}")
        say(done.summary())

    settings = load_settings(settings_file)
    check_engine(engine, False, workers)
    if engine == "ray" and workers:
        settings = settings.replace(batch=max(settings.batch, 8 * workers))
    try:
        watcher.run(store_path(db), feeds_path(feeds), settings,
                    load_rules(rules) if rules else Rules(), once, report, say,
                    ray_pool(workers, address) if engine == "ray" else None)
    except EngineError as error:
        raise Abort(str(error)) from None


def ray_pool(workers: int | None, address: str | None):
    """What makes the watcher's Ray extractor: actors that stay up between passes."""

    def start():
        from veille.cluster import ExtractorPool

        return ExtractorPool(workers, address)

    return start


# -- the toll tracker --------------------------------------------------------------------
THEATRES_OPTION = typer.Option(None, "--theatres", metavar="FILE", help="A theatres file "
                               "laid over the shipped one (default: $VEILLE_THEATRES, else "
                               "theatres.toml in veille's data directory, if present).")


def toll_series(db: Path | None, query, theatres_file: Path | None):
    """The store's toll series that pass ``query`` (tolls.tolls), errors as one line."""
    from veille.tolls import TollsError, load_theatres, tolls

    for value in (query.date_from, query.date_to):
        if value and not DATE_PREFIX.match(value):
            raise Abort(f"not a date: {value!r} (YYYY, YYYY-MM or YYYY-MM-DD)")
    try:
        theatres = load_theatres(theatres_file)
    except TollsError as error:
        raise Abort(str(error)) from None
    with Store(existing_store(db)) as store:
        series = tolls(store, query, theatres)
    if not series and query.theatre and query.theatre not in theatres:
        raise Abort(f"no series in theatre {query.theatre!r}; the theatres file has: "
                    f"{', '.join(theatres)}")
    return series


def export_tolls(out: str, db: Path | None, date_from: str | None,
                 date_to: str | None) -> None:
    from veille.export import write_tolls_json
    from veille.tolls import TollQuery

    series = toll_series(db, TollQuery(date_from=date_from, date_to=date_to), None)
    with atomic_output(out) as sink:
        count = write_tolls_json(series, sink)
    say(f"{count} toll series -> {'standard output' if out == '-' else out}")


@app.command("tolls")
@one_line_errors
def show_tolls(
    db: Path | None = DB_OPTION,
    theatre: str | None = typer.Option(None, "--theatre", metavar="KEY", help="A theatre "
                                       "of theatres.toml (armenie-azerbaidjan, "
                                       "russie-ukraine...)."),
    campaign: str | None = typer.Option(None, "--campaign", metavar="KEY", help="A "
                                        "campaign of the theatre (2020, 2023-09...)."),
    claimant: str | None = typer.Option(None, "--claimant", metavar="CODE", help="Who "
                                        "gives the figures: AZ (AZ.MOD counts as AZ), NK, "
                                        "press:AFP, or 'press' for every outlet."),
    side: str | None = typer.Option(None, "--side", metavar="CODE", help="Whose dead: "
                                    "the victims' camp (AM, AZ...)."),
    kind: str | None = typer.Option(None, "--kind", metavar="KIND", help="killed, "
                                    "wounded, missing, captured or displaced."),
    victims: str | None = typer.Option(None, "--victims", metavar="WHO", help="military, "
                                       "civilian, mixed or unknown."),
    date_from: str | None = typer.Option(None, "--from", metavar="DATE", help="Figures "
                                         "stated on or after this date."),
    date_to: str | None = typer.Option(None, "--to", metavar="DATE", help="Figures "
                                       "stated on or before this date."),
    as_json: bool = typer.Option(False, "--json", help="Print the series as JSON."),
    as_csv: bool = typer.Option(False, "--csv", help="Print one CSV row per figure."),
    theatres_file: Path | None = THEATRES_OPTION,
) -> None:
    """Each claimant's running toll over time: the cumulative figures one claimant gives
    for one quantity (kind, victims, side) in one theatre and campaign, in date order,
    with the revisions (a later figure lower than an earlier one) and the divergences
    (another claimant's figure, at most two days apart, outside this one's range).
    Figures stated without attribution form the series 'press:OUTLET'."""
    from veille.export import write_tolls_csv, write_tolls_json
    from veille.models import Kind, Victims
    from veille.tolls import TollQuery

    if as_json and as_csv:
        raise Abort("--json and --csv are exclusive")
    for option, value, allowed in (("kind", kind, Kind), ("victims", victims, Victims)):
        if value and value not in allowed.__args__:
            raise Abort(f"unknown {option} {value!r} (one of: {', '.join(allowed.__args__)})")
    query = TollQuery(theatre=theatre, campaign=campaign, claimant=claimant, side=side,
                      kind=kind, victims=victims, date_from=date_from, date_to=date_to)
    series = toll_series(db, query, theatres_file)
    if as_json or as_csv:
        (write_tolls_json if as_json else write_tolls_csv)(series, sys.stdout)
        return
    print_toll_table(series)


def print_toll_table(series) -> None:
    from rich.table import Table

    from veille.tolls import amount

    table = Table(title=f"{len(series)} toll series", show_lines=True)
    for column in ("theatre / campaign", "claimant", "quantity", "figures (date: value)",
                   "revisions", "divergences"):
        table.add_column(column, overflow="fold")
    for one in series:
        table.add_row(
            f"{one.theatre}\n{one.campaign}", one.claimant,
            f"{one.kind} {one.victims} {one.side or '?'}",
            "\n".join(f"{p.date}: {amount(p)}" for p in one.points),
            "\n".join(f"{r.date}: {amount(r.previous)} -> {amount(r.revised)}"
                      for r in one.revisions),
            "\n".join(f"{d.date}: {amount(d.this)} vs {d.other_claimant} {amount(d.other)}"
                      for d in one.divergences))
    print_table(table)


def main() -> None:
    """Entry point: one-line errors, never a traceback (VEILLE_DEBUG=1 shows it)."""
    try:
        app()
    except KeyboardInterrupt:
        say("interrupted")
        sys.exit(130)
    except Exception as error:  # the last line of defence: report, do not dump a trace
        if os.environ.get("VEILLE_DEBUG"):
            raise
        say(f"internal error: {type(error).__name__}: {error} (VEILLE_DEBUG=1 for details)")
        sys.exit(3)


if __name__ == "__main__":
    main()
