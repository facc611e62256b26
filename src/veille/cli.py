"""The `veille` command line."""
from __future__ import annotations

import functools
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from veille import __version__
from veille.files import atomic_output
from veille.models import ITEM_FIELDS, Article, ArticleRecord
from veille.read import DEFAULT_MAX_CHARS, ReadError, read_paths, walk

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
        except Abort as error:
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


PATHS_HELP = ("Files or directories of articles: .txt (first line ' date YYYY-MM' or "
              "' date YYYY-MM-DD' optional), .jsonl/.json (id, text, published, url, source), "
              ".html pages, RSS/Atom .xml feeds. Directories are read recursively.")


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
                total += sum(1 for line in path.open("rb") if line.strip())
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
                            "write ('-' for standard output). Written whole or not at all."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first unreadable input "
                                "instead of skipping it."),
    max_chars: int = typer.Option(DEFAULT_MAX_CHARS, "--max-chars", min=1000, metavar="N",
                                  help="Longer texts are truncated, with a warning."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, max=64, metavar="N",
                                help="Processes to extract with (each loads the model)."),
) -> None:
    """Extract casualties, places, events and claims: one JSON record per article.

    Exit status: 0 when every input was read, 1 when some were skipped (each named on
    one line of standard error), 2 on bad usage."""
    from veille.extract import extract as run_pipeline

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
