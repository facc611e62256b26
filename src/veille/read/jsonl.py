"""JSON Lines (and JSON) articles: one object per line with `id`, `text`, optional
`published`, `url`, `source`, `title`."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator

from veille.models import Article, check_partial_date
from veille.read.errors import ReadError
from veille.read.text import parse_plain

ISO_PREFIX = re.compile(r"^\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)")
META_FIELDS = ("url", "source", "title")


def read_jsonl(text: str, origin: str, stem: str) -> Iterator[Article | ReadError]:
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as error:
            yield ReadError(origin, f"not JSON ({error.msg})", line=number)
            continue
        yield article_from_object(obj, origin, f"{stem}-{number}", line=number)


def read_json(text: str, origin: str, stem: str) -> Iterator[Article | ReadError]:
    """A JSON file holding one article object or a list of them."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        yield ReadError(origin, f"not JSON ({error.msg})", line=error.lineno)
        return
    objects = data if isinstance(data, list) else [data]
    for number, obj in enumerate(objects, 1):
        yield article_from_object(obj, origin, stem if len(objects) == 1 else f"{stem}-{number}")


def article_from_object(obj, origin: str, default_id: str,
                        line: int | None = None) -> Article | ReadError:
    if not isinstance(obj, dict):
        return ReadError(origin, "not a JSON object", line=line)
    text = obj.get("text")
    if text is None:
        return ReadError(origin, 'no "text" field', line=line)
    if not isinstance(text, str):
        return ReadError(origin, f'"text" is a {type(text).__name__}, not a string', line=line)
    if not text.strip():
        return ReadError(origin, '"text" is empty', line=line)
    warnings: list[str] = []
    raw_id = obj.get("id")
    meta = {f: str(obj[f]) for f in META_FIELDS if obj.get(f) is not None}
    meta["published"] = published_from(obj.get("published"), warnings)
    where = origin if line is None else f"{origin}:{line}"
    return parse_plain(text.replace("\r\n", "\n").replace("\r", "\n"),
                       default_id if raw_id in (None, "") else str(raw_id), where,
                       warnings=warnings, **meta)


def published_from(value, warnings: list[str]) -> str | None:
    """'2023-06-14T08:00:00Z' -> '2023-06-14'; an unusable value becomes a warning."""
    if value in (None, ""):
        return None
    match = ISO_PREFIX.match(str(value))
    try:
        return check_partial_date(match.group(1) if match else str(value))
    except ValueError:
        warnings.append(f"published {value!r} is not a date; left empty")
        return None
