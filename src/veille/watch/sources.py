"""The sources: the feeds file (TOML) a user edits, and what the watcher remembers of
each source and item in the store.

A feeds file is a list of ``[[source]]`` tables::

    [[source]]
    url = "https://www.exemple.fr/international/rss.xml"
    name = "Exemple"
    interval = 600      # seconds, optional (default: the settings' interval)
    language = "fr"     # optional: items are checked against it rather than guessed
"""
from __future__ import annotations

import json
import os
import sqlite3
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

from veille.files import atomic_output

SCHEMA = """
CREATE TABLE IF NOT EXISTS watch_source (
    url TEXT PRIMARY KEY,
    name TEXT,
    etag TEXT,
    modified TEXT,          -- the Last-Modified the server sent, as it sent it
    last_poll REAL,         -- Unix time of the last attempt
    last_ok REAL,           -- of the last success (200 or 304)
    status TEXT,            -- 'ok', 'not modified' or the last error, in one line
    failures INTEGER NOT NULL DEFAULT 0,   -- consecutive failed polls
    errors INTEGER NOT NULL DEFAULT 0,     -- failed polls in all
    retry_at REAL,          -- not before this time (back-off, Retry-After)
    items INTEGER NOT NULL DEFAULT 0       -- items seen in all
);
CREATE TABLE IF NOT EXISTS watch_item (
    key TEXT PRIMARY KEY,   -- canonical URL, else the feed's id for the item
    source TEXT NOT NULL,
    article TEXT,           -- the stored article, if any
    status TEXT NOT NULL,   -- stored, duplicate, language, empty, error
    seen REAL NOT NULL      -- Unix time it was seen in its feed
);
CREATE INDEX IF NOT EXISTS watch_item_by_source ON watch_item (source, status);
"""


class FeedsError(Exception):
    """A feeds file that cannot be read or written, or a bad source, in one line."""


@dataclass(frozen=True)
class Source:
    url: str
    name: str
    interval: float | None = None
    language: str | None = None


@dataclass
class SourceState:
    url: str
    etag: str | None = None
    modified: str | None = None
    last_poll: float | None = None
    last_ok: float | None = None
    status: str | None = None
    failures: int = 0
    errors: int = 0
    retry_at: float | None = None
    items: int = 0
    name: str | None = field(default=None, compare=False)


def default_feeds_file() -> Path:
    """$VEILLE_FEEDS, else feeds.toml in the user's config directory."""
    return Path(os.environ.get("VEILLE_FEEDS")
                or Path(platformdirs.user_config_dir("veille")) / "feeds.toml")


def check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FeedsError(f"{url!r} is not an http(s) URL")
    return url


def read_sources(path: Path) -> list[Source]:
    """The sources of a feeds file; a missing file holds none."""
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise FeedsError(f"{path}: cannot read the feeds file: {error}") from None
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise FeedsError(f"{path}: 'source' must be a list of [[source]] tables")
    sources, seen = [], set()
    for number, entry in enumerate(entries, 1):
        source = source_of(entry, f"{path}: source {number}")
        if source.url in seen:
            raise FeedsError(f"{path}: source {number}: {source.url} is listed twice")
        seen.add(source.url)
        sources.append(source)
    return sources


def source_of(entry, where: str) -> Source:
    if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
        raise FeedsError(f"{where}: needs a url")
    unknown = set(entry) - {"url", "name", "interval", "language"}
    if unknown:
        raise FeedsError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    interval = entry.get("interval")
    if interval is not None and (isinstance(interval, bool) or
                                 not isinstance(interval, int | float) or interval <= 0):
        raise FeedsError(f"{where}: interval must be a positive number of seconds")
    try:
        url = check_url(entry["url"])
    except FeedsError as error:
        raise FeedsError(f"{where}: {error}") from None
    return Source(url=url, name=str(entry.get("name") or urlsplit(url).netloc),
                  interval=None if interval is None else float(interval),
                  language=entry.get("language"))


def write_sources(path: Path, sources: list[Source]) -> None:
    """Write the feeds file whole (or not at all)."""
    lines = ["# Sources followed by `veille watch` (see `veille feeds --help`).", ""]
    for source in sources:
        lines.append("[[source]]")
        lines.append(f"url = {toml_string(source.url)}")
        lines.append(f"name = {toml_string(source.name)}")
        if source.interval is not None:
            lines.append(f"interval = {source.interval:g}")
        if source.language:
            lines.append(f"language = {toml_string(source.language)}")
        lines.append("")
    try:
        with atomic_output(path) as sink:
            sink.write("\n".join(lines))
    except OSError as error:
        raise FeedsError(f"{path}: cannot write the feeds file: {error}") from None


def toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def add_source(path: Path, source: Source) -> None:
    sources = read_sources(path)
    if any(s.url == source.url for s in sources):
        raise FeedsError(f"{source.url} is already in {path}")
    write_sources(path, sources + [source])


def remove_source(path: Path, key: str) -> Source:
    """Remove the source with this URL (or this name, when only one has it)."""
    sources = read_sources(path)
    matches = [s for s in sources if s.url == key] or [s for s in sources if s.name == key]
    if not matches:
        raise FeedsError(f"no source {key!r} in {path}")
    if len(matches) > 1:
        raise FeedsError(f"{len(matches)} sources are named {key!r}; give the URL")
    write_sources(path, [s for s in sources if s is not matches[0]])
    return matches[0]


# -- state in the store ---------------------------------------------------------------
STATE_COLUMNS = ("url", "etag", "modified", "last_poll", "last_ok", "status", "failures",
                 "errors", "retry_at", "items", "name")


def ensure_schema(con: sqlite3.Connection) -> None:
    con.executescript(SCHEMA)


def source_states(con: sqlite3.Connection) -> dict[str, SourceState]:
    rows = con.execute(f"SELECT {', '.join(STATE_COLUMNS)} FROM watch_source")
    return {row[0]: SourceState(*row) for row in rows}


def save_state(con: sqlite3.Connection, state: SourceState) -> None:
    values = [getattr(state, c) for c in STATE_COLUMNS]
    con.execute(f"INSERT OR REPLACE INTO watch_source ({', '.join(STATE_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(STATE_COLUMNS))})", values)


def seen_keys(con: sqlite3.Connection, keys: list[str]) -> set[str]:
    """Those of ``keys`` already seen (in any source)."""
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        found |= {k for (k,) in con.execute(
            f"SELECT key FROM watch_item WHERE key IN ({','.join('?' * len(chunk))})", chunk)}
    return found


def mark_seen(con: sqlite3.Connection, rows: list[tuple[str, str, str | None, str, float]]
              ) -> None:
    """(key, source, article, status, seen) rows; an item seen before keeps its row."""
    con.executemany("INSERT OR IGNORE INTO watch_item (key, source, article, status, seen) "
                    "VALUES (?, ?, ?, ?, ?)", rows)


def health(con: sqlite3.Connection, sources: list[Source]) -> list[dict]:
    """Each source of the feeds file with its last poll, status, items and errors (the
    sources the store knows but the file no longer lists are left out)."""
    states = source_states(con)
    stored = dict(con.execute("SELECT source, count(*) FROM watch_item WHERE status = "
                              "'stored' GROUP BY source").fetchall())
    report = []
    for source in sources:
        state = states.get(source.url) or SourceState(source.url)
        report.append({"url": source.url, "name": source.name,
                       "interval": source.interval, "last_poll": state.last_poll,
                       "last_ok": state.last_ok, "status": state.status or "never polled",
                       "items": state.items, "stored": stored.get(source.url, 0),
                       "failures": state.failures, "errors": state.errors,
                       "retry_at": state.retry_at})
    return report


def polled_sources(con: sqlite3.Connection) -> list[Source]:
    """The sources the store has a state for, by name."""
    return [Source(url, name or urlsplit(url).netloc) for url, name in
            con.execute("SELECT url, name FROM watch_source ORDER BY name, url")]
