"""Robustness: extraction never fails on any text, and the store survives faults.

The property tests run VEILLE_FUZZ_EXAMPLES examples each (2 000 by default; `make fuzz`
runs 10 000)."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLE
from veille import lexicon
from veille.models import Article, ArticleRecord
from veille.read.text import parse_plain

EXAMPLES = int(os.environ.get("VEILLE_FUZZ_EXAMPLES", "2000"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))
VEILLE = [sys.executable, "-m", "veille.cli"]


def words_of_lexicons() -> list[str]:
    """Words a French-like sentence can be made of: the lexicons' own vocabulary."""
    casualties, events, actors = (lexicon.load(n) for n in ("casualties", "events", "actors"))
    words = [w for kind in casualties["kinds"].values() for group in kind.values()
             if isinstance(group, list) for w in group if isinstance(w, str)]
    words += [w for trigger in events["triggers"] for w in trigger["words"]]
    words += [n for country in actors["countries"].values() for n in country["names"]]
    words += [d for country in actors["countries"].values() for d in country.get("demonym", [])]
    words += list(casualties["qualifiers"]) + list(lexicon.load("numbers")["approximate"])
    return sorted(set(words)) + ["le", "la", "les", "de", "à", "a", "ont", "été", "dans",
                                 "selon", "samedi", "hier", "soir", ",", ".", "«", "»", "\n"]


NUMBERS = st.one_of(st.integers(-10**12, 10**12).map(str),
                    st.sampled_from(["999 999 999 999", "-5", "0", "1,5", "6’500", "30.000",
                                     "une centaine", "des dizaines", "vingt-deux", "un seul"]))
SENTENCES = st.lists(st.one_of(st.sampled_from(words_of_lexicons()), NUMBERS),
                     min_size=1, max_size=40).map(" ".join)
HEADERS = st.sampled_from(["", " date 2023-06\n", " date 2020-10-27\n", " date 2023-13\n",
                           "EREVAN, Arménie (AP) – "])


def check(record: ArticleRecord, text: str) -> None:
    ArticleRecord.model_validate(record.model_dump())
    for item in record.evidence_items():
        assert text[item.start:item.end] == item.evidence, item


@pytest.fixture(scope="module")
def run(nlp):
    from veille.extract import extract_one

    def extract(text: str) -> None:
        article = parse_plain(text, "fuzz", "fuzz.txt")
        check(extract_one(article, nlp), article.text)

    return extract


@PROPERTY
@given(text=st.text(max_size=400))
def test_any_unicode_text(run, text):
    run(text)


@PROPERTY
@given(header=HEADERS, body=SENTENCES)
def test_french_like_sentences_from_the_lexicons(run, header, body):
    run(header + body)


# -- store faults ----------------------------------------------------------------------
def corpus(folder: Path, n: int) -> Path:
    path = folder / "articles.jsonl"
    lines = [json.dumps({"id": f"a{i}", "published": "2024-03-12",
                         "text": f"Des combats ont fait {i + 2} morts mardi près de Tegh, selon "
                                 f"le ministère arménien de la Défense. Article {i}."},
                        ensure_ascii=False) for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=30) as con:
            return con.execute("SELECT count(*) FROM article").fetchone()[0]
    except sqlite3.Error:
        return 0


def consistent(db: Path) -> None:
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("SELECT count(*) FROM sighting WHERE incident NOT IN "
                       "(SELECT id FROM incident)").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM sighting WHERE article NOT IN "
                       "(SELECT id FROM article)").fetchone()[0] == 0
    con.close()


def ingest(args: list[str], **kwargs) -> subprocess.Popen:
    return subprocess.Popen(VEILLE + ["ingest", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def test_kill_9_during_ingest_then_resume(tmp_path):
    source, db = corpus(tmp_path, 300), tmp_path / "veille.db"
    process = ingest([str(source), "--db", str(db), "--batch", "5"])
    deadline = time.time() + 120
    while stored(db) < 20 and time.time() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "ingest ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    interrupted = stored(db)
    assert 0 < interrupted < 300
    consistent(db)
    resumed = ingest([str(source), "--db", str(db)])
    out, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err
    assert f"{interrupted} unchanged" in err
    assert stored(db) == 300
    consistent(db)


def test_two_ingests_at_once(tmp_path):
    db = tmp_path / "veille.db"
    first, second = (tmp_path / "one", tmp_path / "two")
    for folder in (first, second):
        folder.mkdir()
    a, b = corpus(first, 40), corpus(second, 40)
    b.write_text(b.read_text(encoding="utf-8").replace('"a', '"b').replace("Article", "Dépêche"),
                 encoding="utf-8")  # other articles: other ids and other texts
    processes = [ingest([str(path), "--db", str(db), "--batch", "3"]) for path in (a, b)]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    assert stored(db) == 80
    consistent(db)


def test_api_answers_while_an_ingest_writes(tmp_path, nlp):
    from fastapi.testclient import TestClient

    from veille.serve import create_app

    source, db = corpus(tmp_path, 200), tmp_path / "veille.db"
    process = ingest([str(source), "--db", str(db), "--batch", "2"])
    while stored(db) == 0 and process.poll() is None:
        time.sleep(0.05)
    client = TestClient(create_app(db))
    answers = []
    while process.poll() is None:
        response = client.get("/api/incidents", params={"limit": 5})
        answers.append(response.status_code)
        time.sleep(0.02)
    assert process.returncode == 0
    assert len(answers) > 5 and set(answers) == {200}


# -- long texts --------------------------------------------------------------------------
def cross_references(record: ArticleRecord, offset: int = 0) -> dict[str, list]:
    """A record's items as comparable tuples, with the items they point to (by index)
    replaced by their evidence, and offsets moved by ``offset``."""
    claims = [c.evidence for c in record.claims]
    return {
        "casualties": [(c.evidence, c.start + offset, c.low, c.kind,
                        claims[c.claim] if c.claim is not None else None)
                       for c in record.casualties],
        "claims": [(c.evidence, c.start + offset, c.source, c.stance) for c in record.claims],
        "events": [(e.evidence, e.start + offset, e.type, [claims[i] for i in e.claims],
                    [(v.value, record.casualties[v.casualty].evidence)
                     for v in e.fatality_versions]) for e in record.events],
    }


def test_a_long_text_is_read_in_parts_with_every_offset_and_index_restored(nlp):
    """Two stories run together and cut between them give the items each gives alone."""
    from veille.extract import extract, parts

    first, second = (parse_plain((SAMPLE / name).read_text(encoding="utf-8"), name, name)
                     for name in ("ukraine-kharkiv.txt", "mali-bankass.txt"))
    second = Article(id="b", text=second.text[second.body_start:],  # header, dateline off
                     published=first.published)
    joint = first.text.rstrip() + "\n\n"
    together = first.model_copy(update={"text": joint + second.text})
    alone_first, alone_second = extract([first, second], nlp)
    [record] = extract([together], nlp, part_chars=len(joint))
    assert parts.part_bounds(together.text, len(joint))[0] == (0, len(joint))
    assert any("read in 2 parts" in w for w in record.warnings)
    check(record, together.text)
    merged = cross_references(record)
    one, two = cross_references(alone_first), cross_references(alone_second, len(joint))
    assert record.casualties and record.claims and record.events
    for field in ("casualties", "claims", "events"):
        assert merged[field] == one[field] + two[field], field
    for place in record.places:
        for occurrence in place.occurrences:
            assert together.text[occurrence.start:occurrence.end].lower() == \
                place.mention.lower()


def test_parts_end_at_paragraph_breaks_and_cover_the_text():
    from veille.extract.parts import part_bounds

    text = ("Un paragraphe de quelques mots. " * 20 + "\n\n") * 50
    bounds = part_bounds(text, 2_000)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    assert all(end - start <= 2_000 for start, end in bounds)
    assert all(text[:end].endswith("\n\n") for _, end in bounds[:-1])
    unbroken = "x" * 5_000
    assert part_bounds(unbroken, 2_000) == [(0, 2_000), (2_000, 4_000), (4_000, 5_000)]


def test_a_20_mb_text_is_truncated_and_extracted(tmp_path):
    """A crawler's 20 MB page: cut to --max-chars with a warning, read in parts, written."""
    story = (SAMPLE / "ukraine-kharkiv.txt").read_text(encoding="utf-8").split("\n", 1)[1]
    big = tmp_path / "big.txt"
    with big.open("w", encoding="utf-8") as out:
        while out.tell() < 20_000_000:
            out.write(story + "\n\n")
    out = tmp_path / "out.jsonl"
    result = subprocess.run(VEILLE + ["extract", str(big), "--max-chars", "120000",
                                      "--out", str(out)], capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    [line] = out.read_text(encoding="utf-8").splitlines()
    record = ArticleRecord.model_validate_json(line)
    assert any("truncated" in w for w in record.warnings)
    assert any("parts" in w for w in record.warnings)
    text = big.read_text(encoding="utf-8")
    check(record, text)
    assert max(c.start for c in record.casualties) > 100_000  # the last part was read
