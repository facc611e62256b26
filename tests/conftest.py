"""Shared fixtures: the spaCy pipeline is loaded once for the whole session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SEED_GOLD = SHARED / "eval" / "gold" / "seeds"
SAMPLE = ROOT / "src" / "veille" / "data" / "sample"

needs_shared = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared is not present")


@pytest.fixture(scope="session")
def nlp():
    from veille.extract import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def extract_text(nlp):
    """Extract one text (with an optional publication date) into an ArticleRecord."""
    from veille.extract import extract_one
    from veille.read.text import parse_plain

    def run(text: str, published: str | None = None):
        return extract_one(parse_plain(text, "t", "test", published=published), nlp)

    return run


def items(record, field, **where):
    """The items of a record field whose attributes equal ``where``."""
    return [i for i in getattr(record, field)
            if all(getattr(i, k) == v for k, v in where.items())]


# -- the watcher: a local web site, and watchers over a fresh store -------------------
@pytest.fixture
def site():
    from local_site import Site

    with Site() as served:
        yield served


@pytest.fixture
def watch_settings(tmp_path, monkeypatch):
    """Settings sized for tests (short timeouts and back-offs); the user's own settings
    and feeds files play no part."""
    from veille.watch.settings import load_settings

    monkeypatch.setenv("VEILLE_WATCH_SETTINGS", str(tmp_path / "none.toml"))
    monkeypatch.setenv("VEILLE_FEEDS", str(tmp_path / "feeds.toml"))
    return load_settings(overrides={"timeout": 1.0, "backoff_base": 0.01,
                                    "max_bytes": 300_000, "retry_base": 0.0})


@pytest.fixture
def make_watcher(tmp_path, nlp, watch_settings):
    """Watchers over tmp_path/veille.db extracting with the session's pipeline."""
    from veille.extract import extract
    from veille.store import Store
    from veille.watch import Watcher

    stores = []

    def make(rules=None, settings=watch_settings):
        store = Store(tmp_path / "veille.db")
        stores.append(store)
        return Watcher(store, settings, rules, extractor=lambda a: list(extract(a, nlp)))

    yield make
    for store in stores:
        store.close()
