"""Shared fixtures: the spaCy pipeline is loaded once for the whole session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SEED_GOLD = SHARED / "eval" / "gold" / "seeds"
DEV = SHARED / "corpus" / "dev"
DEV_GOLD = SHARED / "eval" / "gold" / "dev"
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


# Dated articles of a war's running tolls: one claimant's rising toll, its downward
# revision, a rival claimant's figure for the same dead, and an unattributed count.
TOLL_ARTICLES = [
    ("k-0929", "2020-09-29", "AFP",
     "Le ministère de la Défense du Haut-Karabakh a annoncé mardi que 84 de ses soldats "
     "avaient été tués depuis le début des combats dimanche."),
    ("k-1003", "2020-10-03", "Le Monde",
     "Les autorités séparatistes du Haut-Karabakh ont annoncé samedi que 158 de leurs "
     "soldats avaient été tués depuis le 27 septembre. Le ministère azerbaïdjanais de la "
     "Défense a affirmé que plus de 1 900 soldats arméniens avaient été tués depuis le "
     "début de l'offensive."),
    ("k-1006", "2020-10-06", "AFP",
     "Le ministère de la Défense du Haut-Karabakh a revu son bilan à la baisse : au 5 "
     "octobre, 150 de ses soldats ont été tués depuis le début des combats, a-t-il "
     "indiqué. Au total, au moins 19 civils ont été tués depuis le début du conflit, "
     "selon un décompte de l'AFP."),
]


@pytest.fixture(scope="session")
def tolls_db(tmp_path_factory, nlp) -> Path:
    """A store of TOLL_ARTICLES, extracted by the real pipeline."""
    from veille.extract import extract
    from veille.read.text import parse_plain
    from veille.store import Store

    path = tmp_path_factory.mktemp("tolls") / "veille.db"
    articles = [parse_plain(text, id_, "test", published=published, source=outlet)
                for id_, published, outlet, text in TOLL_ARTICLES]
    with Store(path) as store:
        store.write(list(zip(articles, extract(articles, nlp))))
    return path


def copy_store(source: Path, target: Path) -> None:
    """Write the articles of one store, with their records, into another."""
    from veille.read.text import parse_plain
    from veille.store import Store

    with Store(source) as old, Store(target) as new:
        new.write([(parse_plain(meta["text"], meta["id"], "test", published=meta["published"],
                                source=meta["source"]), record)
                   for meta, record in old.records_containing("")])


def score_corpus(corpus: Path, gold: Path, out: Path, nlp) -> dict:
    """Extract a corpus and score it against its gold with the shared scorer."""
    import importlib.util

    from veille.extract import extract
    from veille.read import read_paths

    with out.open("w", encoding="utf-8") as handle:
        for record in extract(read_paths([corpus]), nlp):
            handle.write(record.model_dump_json() + "\n")
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "eval" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    return score.evaluate(gold, out, corpus)
