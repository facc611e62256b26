"""Parquet files of articles: one row per article, with `id` and `text` columns and
optional `published`, `url`, `source`, `title` (the shape archives export and Ray reads)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from veille.models import Article
from veille.read.errors import ReadError
from veille.read.jsonl import article_from_object

COLUMNS = ("id", "text", "published", "url", "source", "title")


def read_parquet(path: Path) -> Iterator[Article | ReadError]:
    import pyarrow.parquet as pq

    origin = str(path)
    try:
        source = pq.ParquetFile(path)
        names = set(source.schema_arrow.names)
    except Exception as error:  # pyarrow raises several kinds for a damaged file
        yield ReadError(origin, f"not a Parquet file ({first_line(error)})")
        return
    if not {"id", "text"} <= names:
        yield ReadError(origin, "Parquet file without an 'id' and a 'text' column")
        return
    columns = [c for c in COLUMNS if c in names]
    number = 0
    for batch in source.iter_batches(columns=columns):
        for row in batch.to_pylist():
            number += 1
            yield article_from_row(row, origin, number)


def article_from_row(row: dict, origin: str, number: int | None) -> Article | ReadError:
    """A Parquet row as an Article; ``number`` (from 1) names the row in errors."""
    if row.get("id") in (None, ""):
        return ReadError(origin, "no id", line=number)
    return article_from_object(row, origin, str(row["id"]), line=number)


def first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
