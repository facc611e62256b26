"""Store, cross-article linking, contradictions, timeline and exports, on real text."""
from __future__ import annotations

import csv
import json
import sqlite3

import pytest
from typer.testing import CliRunner

from veille.cli import app
from veille.export import ACLED_COLUMNS, UCDP_COLUMNS
from veille.extract import extract
from veille.read.text import parse_plain
from veille.store import IncidentQuery, Store

CLASH_AZ = (" date 2024-03-12\nDes combats ont opposé mardi soldats arméniens et "
            "azerbaïdjanais près du village de Sotk, dans la province de Gegharkunik. Le "
            "ministère azerbaïdjanais de la Défense a affirmé que quatre soldats arméniens "
            "avaient été tués lors de ces affrontements.\n")
CLASH_AM = (" date 2024-03-12\nErevan a démenti mardi soir les affirmations de Bakou. Selon "
            "le ministère arménien de la Défense, un seul soldat arménien a été tué dans les "
            "combats près de Sotk, dans la région de Gegharkunik.\n")
OTHER_CLASH = (" date 2024-03-12\nDes combats ont éclaté mardi entre forces arméniennes et "
               "azerbaïdjanaises près de Tegh, dans la province de Syunik, a indiqué le "
               "ministère arménien de la Défense. Deux soldats ont été blessés.\n")
LATER_STRIKE = (" date 2024-05-20\nUne frappe de drone a tué trois civils dimanche à Kharkiv, "
                "a annoncé le gouverneur de la région.\n")


@pytest.fixture(scope="module")
def pairs(nlp):
    articles = [parse_plain(text, name, f"{name}.txt") for name, text in
                [("az", CLASH_AZ), ("am", CLASH_AM), ("tegh", OTHER_CLASH),
                 ("kharkiv", LATER_STRIKE)]]
    return list(zip(articles, extract(articles, nlp)))


@pytest.fixture
def store(tmp_path, pairs):
    with Store(tmp_path / "veille.db") as opened:
        opened.write(pairs)
        yield opened


def test_one_clash_seen_by_two_sides_is_one_incident(store):
    incidents = store.incidents(IncidentQuery())
    by_articles = {tuple(i.articles): i for i in incidents}
    assert ("am", "az") in by_articles or ("az", "am") in by_articles
    clash = by_articles.get(("az", "am")) or by_articles[("am", "az")]
    full = store.incident(clash.id)
    figures = {(v.claimed_by, v.low) for s in full.sightings for v in s.versions}
    assert figures == {("AZ.MOD", 4), ("AM.MOD", 1)}
    assert clash.fatalities == 1  # the lowest credible figure
    assert any("AZ.MOD" in c and "AM.MOD" in c for c in clash.contradictions)


def test_separate_clashes_stay_apart(store):
    incidents = store.incidents(IncidentQuery())
    assert len(incidents) == 3
    assert ["tegh"] in [i.articles for i in incidents]
    assert ["kharkiv"] in [i.articles for i in incidents]


def test_reingest_is_idempotent(store, pairs):
    before = store.counts()
    report = store.write(pairs)
    assert (report.added, report.replaced, report.unchanged) == (0, 0, len(pairs))
    assert store.counts() == before


def test_changed_article_replaces_its_record(store, pairs, nlp):
    changed = parse_plain(LATER_STRIKE.replace("trois civils", "cinq civils"), "kharkiv",
                          "kharkiv.txt")
    report = store.write([(changed, next(extract([changed], nlp)))])
    assert report.replaced == 1
    strike = store.incidents(IncidentQuery(place="Kharkiv"))
    assert [i.fatalities for i in strike] == [5]
    assert store.counts()["article"] == len(pairs)


def test_interrupted_batch_leaves_the_store_as_it_was(tmp_path, pairs, monkeypatch):
    path = tmp_path / "veille.db"
    with Store(path) as store:
        store.write(pairs[:1])
        before = store.counts()
        calls = {"n": 0}
        original = Store.link

        def failing_link(self, sighting):
            calls["n"] += 1
            if calls["n"] > 1:
                raise RuntimeError("killed mid-batch")
            return original(self, sighting)

        monkeypatch.setattr(Store, "link", failing_link)
        with pytest.raises(RuntimeError):
            store.write(pairs[1:])
        assert store.counts() == before
        monkeypatch.undo()
        report = store.write(pairs)  # the next run resumes
        assert report.added == len(pairs) - 1 and report.unchanged == 1
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    orphans = con.execute("SELECT count(*) FROM sighting WHERE incident NOT IN "
                          "(SELECT id FROM incident)").fetchone()[0]
    assert orphans == 0


def test_filters(store):
    assert {i.place for i in store.incidents(IncidentQuery(actor="AZ"))} >= {"Tegh"}
    may = store.incidents(IncidentQuery(date_from="2024-05-01"))
    assert [i.articles for i in may] == [["kharkiv"]]
    assert not store.incidents(IncidentQuery(date_to="2024-03-11"))
    assert store.incidents(IncidentQuery(bbox=(35.0, 49.0, 37.5, 51.0)))[0].place == "Kharkiv"
    assert store.incidents(IncidentQuery(text="drone"))[0].articles == ["kharkiv"]


def test_exports_validate(tmp_path, store):
    runner = CliRunner()
    db = str(store.path)
    outputs = {}
    for fmt in ("acled", "ucdp", "geojson", "jsonl", "parquet"):
        out = tmp_path / f"incidents.{fmt}"
        result = runner.invoke(app, ["export", "--format", fmt, "--out", str(out), "--db", db])
        assert result.exit_code == 0, result.output
        outputs[fmt] = out
    rows = list(csv.DictReader(outputs["acled"].open(encoding="utf-8")))
    assert list(rows[0]) == ACLED_COLUMNS and len(rows) == 3
    clash = next(r for r in rows if r["location"] == "Sotk")
    assert clash["event_type"] == "Battles" and clash["fatalities"] == "1"
    assert clash["event_date"] == "2024-03-12" and clash["time_precision"] == "1"
    assert "Sources disagree" in clash["notes"]
    ucdp = list(csv.DictReader(outputs["ucdp"].open(encoding="utf-8")))
    assert list(ucdp[0]) == UCDP_COLUMNS
    strike = next(r for r in ucdp if r["where_coordinates"] == "Kharkiv")
    assert strike["deaths_civilians"] == "3" and strike["type_of_violence"] == "3"
    geo = json.loads(outputs["geojson"].read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 3
    point = next(f for f in geo["features"] if f["properties"]["place"] == "Kharkiv")
    assert point["geometry"]["type"] == "Point"
    assert point["geometry"]["coordinates"][0] == pytest.approx(36.25, abs=0.2)
    lines = outputs["jsonl"].read_text(encoding="utf-8").splitlines()
    assert all(json.loads(line)["sightings"] for line in lines)
    import pyarrow.parquet as pq

    table = pq.read_table(outputs["parquet"])
    assert table.num_rows == 3 and table.column_names == ACLED_COLUMNS


def test_cli_ingest_timeline_and_bad_input(tmp_path, pairs):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in [("az", CLASH_AZ), ("am", CLASH_AM)]:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert first.exit_code == 1  # the binary file was skipped, and said so
    assert "broken.txt" in first.output and "2 added" in first.output
    again = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert "0 added" in again.output and "2 unchanged" in again.output
    shown = runner.invoke(app, ["timeline", "--db", db, "--from", "2024-03"])
    assert shown.exit_code == 0 and "Sotk" in shown.output
    assert "contradiction" in shown.output
    bad = runner.invoke(app, ["timeline", "--db", db, "--from", "March"])
    assert bad.exit_code == 1 and "not a date" in bad.output
    missing = runner.invoke(app, ["timeline", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "no store yet" in missing.output
    wrong = runner.invoke(app, ["export", "--db", db, "-f", "xls", "-o", str(tmp_path / "x")])
    assert wrong.exit_code == 1 and "unknown format" in wrong.output
