"""`veille gazetteer import`: load a GeoNames dump into the imports database.

Reads ``allCountries.txt``, a country's ``XX.txt`` (or their ``.zip``) and
``alternateNamesV2.txt`` (or its ``.zip``), streaming, so the whole world fits. Places
are written to a database beside the embedded gazetteer, which every lookup also
searches; importing the same file again changes nothing. The database is rebuilt aside
and renamed into place, so a failed import leaves the previous one intact.
"""
from __future__ import annotations

import io
import os
import shutil
import sqlite3
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from veille.gazetteer.build import INDEXES, SCHEMA, PlaceRow, insert, region_names_of_codes
from veille.normalize import fold, phonetic

BATCH = 20_000
IMPORT_TIER = 4
KEPT_CLASSES = {"P", "A", "H"}
NAME_LANGUAGES = {"fr", "en", "", "hy", "az", "ru", "uk", "ar", "de", "es"}
WATER_CODES = {"LK", "LKS", "RSV", "LKN"}


class GeonamesError(Exception):
    """A file that is not a GeoNames dump, in one line."""


def feature_of(feature_class: str, code: str, population: int) -> str | None:
    if feature_class == "A":
        return {"PCLI": "country", "ADM1": "region", "ADM2": "district"}.get(code)
    if feature_class == "H":
        return "water" if code in WATER_CODES else None
    if population >= 100_000:
        return "city"
    return "town" if population >= 2_000 else "village"


@contextmanager
def open_dump(path: Path) -> Iterator[TextIO]:
    """The text of a dump, or of the one .txt inside its .zip."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            members = [n for n in archive.namelist() if n.endswith(".txt") and
                       not n.lower().startswith(("readme", "iso-languagecodes"))]
            if not members:
                raise GeonamesError(f"{path}: no GeoNames .txt inside the archive")
            with archive.open(members[0]) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as handle:
            yield handle


def place_rows(handle: TextIO, origin: str,
               regions: dict[tuple[str, str], str]) -> Iterator[PlaceRow]:
    """The dump's places, each with the name of its region (see region_names)."""
    for number, line in enumerate(handle, 1):
        fields = line.rstrip("\n").split("\t")
        if len(fields) < 15:
            raise GeonamesError(f"{origin}:{number}: not a GeoNames place line "
                               f"({len(fields)} columns, 19 expected)")
        try:
            population = int(fields[14] or 0)
            lat, lon = float(fields[4]), float(fields[5])
        except ValueError:
            raise GeonamesError(f"{origin}:{number}: bad coordinates or population") from None
        if fields[6] not in KEPT_CLASSES:
            continue
        feature = feature_of(fields[6], fields[7], population)
        if feature is None:
            continue
        yield PlaceRow(key=f"geonames:{fields[0]}", name=fields[1], country=fields[8] or None,
                       feature=feature, lat=lat, lon=lon, tier=IMPORT_TIER,
                       source=f"GeoNames {fields[0]}",
                       admin1=regions.get((fields[8], fields[10])),
                       population=population or None, names={fields[1], fields[2]},
                       alternates=set(fields[3].split(",")) if fields[3] else set())


def import_places(con: sqlite3.Connection, handle: TextIO, origin: str) -> int:
    added, batch = 0, []
    for row in place_rows(handle, origin, region_names_of_codes()):
        batch.append(row)
        if len(batch) >= BATCH:
            added += insert_new(con, batch)
            batch = []
    return added + insert_new(con, batch)


def insert_new(con: sqlite3.Connection, rows: list[PlaceRow]) -> int:
    """Insert the rows whose key is not stored yet (re-imports add nothing)."""
    keys = [r.key for r in rows]
    known = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        known |= {k for (k,) in con.execute(
            f"SELECT key FROM place WHERE key IN ({','.join('?' * len(chunk))})", chunk)}
    fresh = [r for r in rows if r.key not in known]
    insert(con, fresh)
    return len(fresh)


def import_alternate_names(con: sqlite3.Connection, handle: TextIO, origin: str) -> int:
    """alternateNamesV2: names in the languages our sources write, for imported places."""
    added = 0
    for number, line in enumerate(handle, 1):
        fields = line.rstrip("\n").split("\t")
        if len(fields) < 4:
            raise GeonamesError(f"{origin}:{number}: not an alternateNames line")
        if fields[2] not in NAME_LANGUAGES:
            continue
        row = con.execute("SELECT id FROM place WHERE key = ?",
                          (f"geonames:{fields[1]}",)).fetchone()
        key = fold(fields[3])
        if row is None or not key or con.execute(
                "SELECT 1 FROM name WHERE place = ? AND name = ?", (row[0], key)).fetchone():
            continue
        con.execute("INSERT INTO name VALUES (?, ?, ?, 1)", (key, phonetic(key), row[0]))
        added += 1
    return added


def is_alternate_names(path: Path) -> bool:
    return path.name.lower().startswith("alternatenames")


def import_dump(path: Path, target: Path) -> dict[str, int]:
    """Add a dump's places (or alternate names) to the imports database at ``target``."""
    if not path.is_file():
        raise GeonamesError(f"{path}: no such file")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    if target.exists():
        shutil.copyfile(target, tmp)
    con = sqlite3.connect(tmp)
    try:
        if not target.exists():
            con.executescript(SCHEMA)
        con.executescript(INDEXES)  # also those added since an older import was made
        with open_dump(path) as handle:
            if is_alternate_names(path):
                counts = {"names": import_alternate_names(con, handle, str(path))}
            else:
                counts = {"places": import_places(con, handle, str(path))}
        con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                    (f"imported:{path.name}", str(sum(counts.values()))))
        con.commit()
        con.close()
        os.replace(tmp, target)
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    return counts
