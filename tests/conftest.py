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
    from veille.nlp import load_pipeline

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
