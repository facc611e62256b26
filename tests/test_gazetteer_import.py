"""`veille gazetteer import`: GeoNames dumps (plain or zipped) and alternate names."""
from __future__ import annotations

import sqlite3
import zipfile

from typer.testing import CliRunner

from veille.cli import app
from veille.gazetteer import Gazetteer
from veille.gazetteer.geonames import import_dump

PLACES = (
    "174875\tSotk\tSotk\tSot'k,Zod\t40.20326\t45.99684\tP\tPPL\tAM\t\t04\t\t\t\t2556\t\t2000"
    "\tAsia/Yerevan\t2020-01-01\n"
    "585514\tLake Sarysu\tLake Sarysu\t\t40.0\t47.5\tH\tLK\tAZ\t\t\t\t\t\t0\t\t\t\t2020-01-01\n"
    "999\tHotel Ani\tHotel Ani\t\t40.1\t44.5\tS\tHTL\tAM\t\t11\t\t\t\t0\t\t\t\t2020-01-01\n")
ALTERNATES = "1\t174875\tfr\tSotq\t\t\t\t\t\t\n2\t174875\tzz\tIgnored\t\t\t\t\t\t\n"


def test_places_from_a_zipped_dump_and_alternate_names(tmp_path):
    dump, archive = tmp_path / "AM.txt", tmp_path / "AM.zip"
    dump.write_text(PLACES, encoding="utf-8")
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(dump, "AM.txt")
    alternates = tmp_path / "alternateNamesV2.txt"
    alternates.write_text(ALTERNATES, encoding="utf-8")
    target = tmp_path / "imports.sqlite"
    assert import_dump(archive, target) == {"places": 2}  # the hotel is not a place
    assert import_dump(alternates, target) == {"names": 1}
    assert import_dump(dump, target) == {"places": 0}  # again: nothing new
    gazetteer = Gazetteer(imports=target)
    for name in ("Sotk", "Zod", "Sotq"):
        found = [c for c in gazetteer.lookup(name) if c.source == "GeoNames 174875"]
        assert found and found[0].country == "AM" and found[0].feature == "town"
        assert found[0].admin1 == "Geghark'unik'i Marz"  # its region by name, not code 04
    assert not [c for c in gazetteer.lookup("Ignored") if c.source.startswith("GeoNames")]
    lake = gazetteer.lookup("Lake Sarysu")
    assert lake and lake[0].feature == "water"
    assert "sotk" in gazetteer.country_names("AM")  # folded names


def test_an_older_import_gets_the_indexes_added_since(tmp_path):
    """The names of one country are read through indexes; an imports database made
    before they existed gets them at its next import."""
    dump, target = tmp_path / "AM.txt", tmp_path / "imports.sqlite"
    dump.write_text(PLACES, encoding="utf-8")
    import_dump(dump, target)
    with sqlite3.connect(target) as con:
        con.execute("DROP INDEX place_country")
    import_dump(dump, target)
    with sqlite3.connect(target) as con:
        indexes = {row[1] for row in con.execute("PRAGMA index_list(place)")}
    assert "place_country" in indexes


def test_cli_import_info_and_bad_file(tmp_path, monkeypatch):
    monkeypatch.setenv("VEILLE_DATA_DIR", str(tmp_path / "data"))
    dump = tmp_path / "AM.txt"
    dump.write_text(PLACES, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["gazetteer", "import", str(dump)])
    assert result.exit_code == 0 and "2 places added" in result.output
    bad = tmp_path / "notes.txt"
    bad.write_text("hello\n", encoding="utf-8")
    result = runner.invoke(app, ["gazetteer", "import", str(bad)])
    assert result.exit_code == 1 and "notes.txt:1: not a GeoNames place line" in result.output
    assert (tmp_path / "data" / "gazetteer-imports.sqlite").exists()
