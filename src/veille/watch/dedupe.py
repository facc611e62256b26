"""Duplicates: the same article under two URLs, and the same story told by several
outlets.

- ``canonical_url``: one spelling per page (host lower-cased, fragment and tracking
  parameters dropped, the other parameters sorted); the watcher sees each canonical URL
  once.
- The same text twice is caught by the store's content hash.
- Near duplicates (a wire story republished with another title or a paragraph more)
  are found by MinHash over word shingles, with locality-sensitive hashing so that a new
  text is compared with the few stored texts that share a band of its signature. As
  dispatches about different incidents can share most of their wording, two texts are
  also to give mostly the same facts (numbers and names) to be one story. Each
  outlet keeps its article; the articles of one story share a story id (the id of its
  first article), so that a story is counted once.
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
from fnmatch import fnmatchcase
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

from veille.watch.settings import WatchSettings

SCHEMA = """
CREATE TABLE IF NOT EXISTS watch_story (
    article TEXT PRIMARY KEY,
    story TEXT NOT NULL,      -- the id of the story's first article
    signature BLOB NOT NULL,  -- MinHash signature (uint64 values)
    facts TEXT NOT NULL       -- its numbers and names, space-separated
);
CREATE INDEX IF NOT EXISTS watch_story_by_story ON watch_story (story);
CREATE TABLE IF NOT EXISTS watch_band (
    key TEXT NOT NULL,        -- band number and the hash of its rows
    article TEXT NOT NULL,
    PRIMARY KEY (key, article)
) WITHOUT ROWID;
"""
WORD = re.compile(r"\w+")
SENTENCE_END = ".!?:»\"\n"
SAME_FACTS = 0.6  # share of the facts of the text with fewer that the other gives too
DEFAULT_PORTS = {"http": 80, "https": 443}
def canonical_url(url: str, tracking: tuple[str, ...]) -> str:
    """One spelling of a page's URL: tracking parameters (names or ``prefix*``) dropped."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not any(fnmatchcase(k.lower(), pattern) for pattern in tracking))
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query), ""))


def ensure_schema(con: sqlite3.Connection) -> None:
    con.executescript(SCHEMA)


class MinHasher:
    """MinHash signatures of texts' word shingles, and their LSH band keys."""

    def __init__(self, settings: WatchSettings):
        if settings.permutations % settings.bands:
            raise ValueError("permutations must be a multiple of bands")
        self.size = settings.shingle
        self.bands = settings.bands
        self.threshold = settings.threshold
        rng = np.random.default_rng(20_240_512)  # fixed: signatures must agree across runs
        self.mult = rng.integers(1, 2**63, settings.permutations, dtype=np.uint64) | 1
        self.add = rng.integers(0, 2**63, settings.permutations, dtype=np.uint64)

    def shingles(self, text: str) -> np.ndarray:
        words = WORD.findall(text.lower())
        grams = {" ".join(words[i:i + self.size])
                 for i in range(max(1, len(words) - self.size + 1))}
        return np.array([int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(),
                                        "little") for g in grams], dtype=np.uint64)

    def signature(self, text: str) -> np.ndarray:
        values = self.shingles(text)
        with np.errstate(over="ignore"):
            hashed = values[:, None] * self.mult[None, :] + self.add[None, :]
        hashed ^= hashed >> np.uint64(29)
        return hashed.min(axis=0)

    def band_keys(self, signature: np.ndarray) -> list[str]:
        rows = len(signature) // self.bands
        return [f"{b}:{digest(signature[b * rows:(b + 1) * rows].tobytes())}"
                for b in range(self.bands)]

    @staticmethod
    def similarity(a: np.ndarray, b: np.ndarray) -> float:
        """The estimated Jaccard similarity of two texts' shingle sets."""
        return float(np.mean(a == b))


def facts(text: str) -> set[str]:
    """The numbers and the capitalised words that do not start a sentence."""
    found = set()
    for match in WORD.finditer(text):
        word = match.group()
        before = text[:match.start()].rstrip(" \t")
        if word.isdigit() or (word[0].isupper() and before and before[-1] not in SENTENCE_END):
            found.add(word)
    return found


def same_facts(a: set[str], b: set[str]) -> bool:
    """Whether two texts give mostly the same numbers, and mostly the same names."""
    return all(mostly_shared({w for w in a if w.isdigit() == digits},
                             {w for w in b if w.isdigit() == digits})
               for digits in (True, False))


def mostly_shared(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return not a and not b
    return len(a & b) / min(len(a), len(b)) >= SAME_FACTS


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def assign_story(con: sqlite3.Connection, hasher: MinHasher, article: str, text: str) -> str:
    """The story of a stored article: that of the most similar earlier article when it
    is similar enough, else a story of its own. Asking again returns the same story."""
    row = con.execute("SELECT story FROM watch_story WHERE article = ?", (article,)).fetchone()
    if row:
        return row[0]
    signature = hasher.signature(text)
    named = facts(text)
    keys = hasher.band_keys(signature)
    best, best_score = article, hasher.threshold
    candidates = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        candidates |= {a for (a,) in con.execute(
            f"SELECT article FROM watch_band WHERE key IN ({','.join('?' * len(chunk))})",
            chunk)}
    for other in sorted(candidates - {article}):
        story, blob, other_facts = con.execute(
            "SELECT story, signature, facts FROM watch_story WHERE article = ?",
            (other,)).fetchone()
        score = hasher.similarity(signature, np.frombuffer(blob, dtype=np.uint64))
        if score >= best_score and same_facts(named, set(other_facts.split())):
            best, best_score = story, score
    con.execute("INSERT INTO watch_story (article, story, signature, facts) VALUES "
                "(?, ?, ?, ?)", (article, best, signature.tobytes(), " ".join(sorted(named))))
    con.executemany("INSERT OR IGNORE INTO watch_band (key, article) VALUES (?, ?)",
                    [(key, article) for key in keys])
    return best
