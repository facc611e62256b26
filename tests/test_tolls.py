"""The toll tracker on dated articles run through the whole pipeline: one claimant's
rising toll, its downward revision, a rival claimant's figure for the same quantity and
an unattributed count."""
from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from conftest import copy_store
from veille.cli import app
from veille.extract import extract
from veille.read.text import parse_plain
from veille.serve import create_app
from veille.store import Store
from veille.tolls import (
    TollQuery,
    TollsError,
    bounds,
    claimant_of,
    first_day,
    load_theatres,
    tolls,
)


@pytest.fixture(scope="module")
def db(tolls_db):
    return tolls_db


@pytest.fixture(scope="module")
def series(db):
    with Store(db) as store:
        return tolls(store, theatres=load_theatres(user_file=None))


def one(series, claimant, **where):
    found = [s for s in series if s.claimant == claimant and
             all(getattr(s, k) == v for k, v in where.items())]
    assert len(found) == 1, [(s.claimant, s.side, s.victims) for s in series]
    return found[0]


def test_rising_toll_and_its_revision_in_date_order(series):
    separatists = one(series, "NK", kind="killed", victims="military")
    assert (separatists.theatre, separatists.campaign) == ("armenie-azerbaidjan", "2020")
    assert separatists.side == "AM"  # NK's dead count among the Armenian camp's
    assert [(p.date, p.low) for p in separatists.points] == [
        ("2020-09-29", 84), ("2020-10-03", 158), ("2020-10-05", 150)]
    assert [p.article for p in separatists.points] == ["k-0929", "k-1003", "k-1006"]
    assert separatists.points[2].evidence == "150 de ses soldats"
    assert [(r.previous.low, r.revised.low, r.date) for r in separatists.revisions] == [
        (158, 150, "2020-10-05")]


def test_rival_claimant_diverges(series):
    separatists = one(series, "NK", kind="killed", victims="military")
    baku = one(series, "AZ", kind="killed", victims="military", side="AM")
    assert [(p.low, p.qualifier) for p in baku.points] == [(1900, "more_than")]
    assert not baku.revisions
    assert [(d.date, d.this.low, d.other.low) for d in separatists.divergences
            if d.other_claimant == "AZ"] == [("2020-10-03", 158, 1900),
                                             ("2020-10-05", 150, 1900)]
    assert [(d.other_claimant, d.this.low, d.other.low) for d in baku.divergences] == [
        ("NK", 1900, 158)]


def test_unattributed_count_is_the_press_series_of_its_outlet(series):
    press = one(series, "press:AFP", victims="civilian")
    assert [(p.date, p.low, p.qualifier) for p in press.points] == [
        ("2020-10-06", 19, "at_least")]
    assert not press.divergences
    assert all(s.claimant != "press:AFP" for s in series if s.victims == "military")


def test_filters_and_period(series):
    query = TollQuery(claimant="NK.MOD", date_from="2020-10-01", date_to="2020-10-04")
    kept = [query.window(s) for s in series if query.keeps(s)]
    assert [(s.claimant, [p.low for p in s.points], len(s.revisions)) for s in kept] == [
        ("NK", [158], 0)]
    assert not [s for s in series if TollQuery(theatre="russie-ukraine").keeps(s)]
    assert all(s.claimant.startswith("press:") for s in series
               if TollQuery(claimant="press").keeps(s))


def test_same_figure_from_two_articles_is_one_point(nlp, tmp_path):
    text = ("Le ministère de la Défense du Haut-Karabakh a annoncé que 84 de ses soldats "
            "avaient été tués depuis le début des combats.")
    articles = [parse_plain(text, f"copy-{outlet}", "test", published="2020-09-29",
                            source=outlet) for outlet in ("AFP", "RFI")]
    with Store(tmp_path / "v.db") as store:
        store.write(list(zip(articles, extract(articles, nlp))))
        found = tolls(store, theatres=load_theatres(user_file=None))
    assert [(p.low, p.articles) for s in found for p in s.points] == [
        (84, ["copy-AFP", "copy-RFI"])]


def test_user_theatres_file(tmp_path, series):
    user = tmp_path / "theatres.toml"
    user.write_text('[theatres.caucase]\nname = "Caucase du Sud"\ncodes = ["AM", "AZ", '
                    '"NK", "GE"]\n[[theatres.caucase.campaigns]]\nkey = "automne-2020"\n'
                    'name = "Automne 2020"\nfrom = "2020-09-01"\nuntil = "2020-12-31"\n',
                    encoding="utf-8")
    theatres = load_theatres(user)
    assert "caucase" in theatres and "armenie-azerbaidjan" in theatres
    assert theatres["caucase"].campaign_at("2020-10-05") == "automne-2020"
    assert theatres["caucase"].campaign_at("2021-02-01") == "2021"
    user.write_text('[theatres.x]\nname = "X"\n', encoding="utf-8")
    with pytest.raises(TollsError, match="codes"):
        load_theatres(user)


def test_ranges_and_claimants():
    from veille.models import TollPoint

    def point(low, high, qualifier):
        return TollPoint(date="2020-10-01", low=low, high=high, qualifier=qualifier,
                         claimed_by=None, side=None, article="a", outlet=None, evidence="x",
                         start=0, end=1)

    assert bounds(point(1900, None, "more_than"))[1] == float("inf")
    assert bounds(point(150, 150, "about")) == pytest.approx((135, 165))
    assert bounds(point(40, None, "up_to")) == (0, 40)
    assert claimant_of("RU.MFA+FR.MFA", "AFP") == "RU+FR"
    assert claimant_of(None, "RFI") == "press:RFI"
    assert first_day("2016-04") == "2016-04-01" and first_day("2016") == "2016-01-01"


def test_cli_table_json_csv_and_export(db, tmp_path):
    runner = CliRunner()
    table = runner.invoke(app, ["tolls", "--db", str(db), "--claimant", "NK"])
    assert table.exit_code == 0, table.output
    assert "2020-10-05: 158 -> 150" in table.output and "vs AZ 1900+" in table.output
    as_json = runner.invoke(app, ["tolls", "--db", str(db), "--json", "--side", "AM",
                                  "--victims", "military"])
    listed = json.loads(as_json.output)
    assert {s["claimant"] for s in listed} == {"NK", "AZ"}
    assert set(listed[0]) >= {"theatre", "campaign", "claimant", "kind", "victims", "side",
                              "points", "revisions", "divergences"}
    assert set(listed[0]["points"][0]) >= {"date", "low", "high", "article", "evidence"}
    assert set(listed[0]["divergences"][0]) >= {"other_claimant", "date", "this", "other"}
    rows = list(csv.DictReader(io.StringIO(runner.invoke(
        app, ["tolls", "--db", str(db), "--csv", "--claimant", "NK"]).output)))
    assert [(r["date"], r["low"], r["revision"]) for r in rows] == [
        ("2020-09-29", "84", "0"), ("2020-10-03", "158", "0"), ("2020-10-05", "150", "1")]
    out = tmp_path / "tolls.json"
    exported = runner.invoke(app, ["export", "--db", str(db), "--format", "tolls",
                                   "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(
        runner.invoke(app, ["tolls", "--db", str(db), "--json"]).output)


@pytest.mark.parametrize("args, message", [
    (["--from", "last week"], "not a date"), (["--kind", "eaten"], "unknown kind"),
    (["--victims", "cats"], "unknown victims"),
    (["--json", "--csv"], "exclusive"), (["--theatres", "/nonexistent.toml"], "theatres"),
    (["--theatre", "karabagh"], "armenie-azerbaidjan"),
])
def test_cli_bad_input_is_one_line(db, args, message):
    result = CliRunner().invoke(app, ["tolls", "--db", str(db), *args])
    assert result.exit_code == 1 and message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_api_serves_the_same_series(db):
    client = TestClient(create_app(db))
    cli = json.loads(CliRunner().invoke(app, ["tolls", "--db", str(db), "--json"]).output)
    assert client.get("/api/tolls").json() == cli
    nk = client.get("/api/tolls", params={"claimant": "NK", "from": "2020-10-04"}).json()
    assert [[p["low"] for p in s["points"]] for s in nk] == [[150]]
    theatres = client.get("/api/tolls/theatres").json()
    karabakh = next(t for t in theatres if t["key"] == "armenie-azerbaidjan")
    assert "2020" in [c["key"] for c in karabakh["campaigns"]]
    assert client.get("/api/tolls", params={"kind": "eaten"}).status_code == 422
    assert client.get("/api/tolls", params={"from": "octobre"}).status_code == 422


def test_a_month_dated_figure_revises_nothing_within_its_month():
    from veille.models import TollPoint
    from veille.tolls import revisions

    points = [TollPoint(date=day, low=low, high=low, qualifier="exact", claimed_by="NK.MOD",
                        side="NK", article=day, outlet=None, evidence=str(low), start=0, end=1)
              for day, low in [("2020-09-29", 84), ("2020-10", 219), ("2020-10-03", 158),
                               ("2020-10-05", 150), ("2020-11-02", 200)]]
    assert [(r.previous.low, r.revised.low) for r in revisions(points)] == [(158, 150)]


def test_the_day_a_war_began_is_not_the_tolls_day(nlp, tmp_path):
    text = ("La guerre, déclenchée le 24 février par l'invasion russe, a fait plus de 8 000 "
            "morts parmi les civils ukrainiens, selon le Haut-Commissariat de l'ONU aux droits "
            "de l'homme. Au 21 mai, l'ONU recensait au moins 8 800 civils tués depuis le "
            "début de la guerre.")
    article = parse_plain(text, "onu-0523", "test", published="2023-05-23", source="RFI")
    with Store(tmp_path / "v.db") as store:
        store.write(list(zip([article], extract([article], nlp))))
        found = tolls(store, theatres=load_theatres(user_file=None))
    points = [(s.theatre, s.campaign, p.date, p.low) for s in found for p in s.points]
    assert ("russie-ukraine", "invasion", "2023-05-23", 8000) in points
    assert ("russie-ukraine", "invasion", "2023-05-21", 8800) in points


def test_api_sees_new_articles(tolls_db, nlp, tmp_path):
    path = tmp_path / "copy.db"
    copy_store(tolls_db, path)
    client = TestClient(create_app(path))
    before = client.get("/api/tolls", params={"claimant": "NK"}).json()
    assert [p["low"] for p in before[0]["points"]] == [84, 158, 150]
    later = parse_plain("Le ministère de la Défense du Haut-Karabakh a annoncé jeudi que 220 "
                        "de ses soldats avaient été tués depuis le début des combats.",
                        "k-1008", "test", published="2020-10-08", source="AFP")
    with Store(path) as store:
        store.write(list(zip([later], extract([later], nlp))))
    after = client.get("/api/tolls", params={"claimant": "NK"}).json()
    assert [(p["date"], p["low"]) for p in after[0]["points"]][-1] == ("2020-10-08", 220)
