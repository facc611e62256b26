"""Exports of the store's incidents: ACLED- and UCDP-GED-style CSV, GeoJSON, JSON Lines
and Parquet. One row or feature per incident, with every source named."""
from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from typing import TextIO

import pycountry

from veille.actors import registry
from veille.link import camp
from veille.models import Incident, TollSeries, Version
from veille.tolls import amount, point_key

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp"]
UCDP_COLUMNS = [
    "id", "year", "type_of_violence", "side_a", "side_b", "source_article", "source_office",
    "where_coordinates", "where_prec", "latitude", "longitude", "country", "adm_1",
    "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians",
    "deaths_unknown", "best", "high", "low"]
DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
            "Violence against civilians": "Political violence",
            "Protests": "Demonstrations", "Riots": "Demonstrations",
            "Strategic developments": "Strategic developments"}
ACLED_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
UCDP_DATE_PREC = {"day": 1, "week": 3, "month": 4, "year": 5}
UCDP_WHERE_PREC = {1: 1, 2: 3, 3: 4}
FORMATS = ("acled", "ucdp", "geojson", "jsonl", "parquet", "tolls")


def country_of(code: str | None):
    return pycountry.countries.get(alpha_2=code) if code else None


def country_name(code: str | None) -> str:
    country = country_of(code)
    return getattr(country, "common_name", None) or getattr(country, "name", code or "")


def actor_name(code: str | None) -> str:
    return registry().describe(code) if code else ""


def year_of(incident: Incident) -> int | str:
    return int(incident.first[:4]) if incident.first else ""


def sources_of(incident: Incident) -> str:
    return "; ".join(incident.outlets or incident.articles)


def acled_row(incident: Incident) -> dict:
    country = country_of(incident.country)
    notes = incident.summary
    if incident.contradictions:
        notes += " | Sources disagree: " + " | ".join(incident.contradictions)
    return {
        "event_id_cnty": f"{getattr(country, 'alpha_3', 'XXX')}{incident.id}",
        "event_date": incident.first or "", "year": year_of(incident),
        "time_precision": ACLED_TIME_PRECISION.get(incident.date_precision or "", 3),
        "disorder_type": DISORDER.get(incident.type, ""), "event_type": incident.type,
        "sub_event_type": incident.sub_type, "actor1": actor_name(incident.actor1),
        "assoc_actor_1": "", "inter1": "", "actor2": actor_name(incident.actor2),
        "assoc_actor_2": "", "inter2": "", "interaction": "",
        "civilian_targeting": "Civilian targeting"
        if incident.type == "Violence against civilians" else "",
        "iso": getattr(country, "numeric", ""), "region": "",
        "country": country_name(incident.country), "admin1": incident.admin1 or "",
        "admin2": "", "admin3": "", "location": incident.place or "",
        "latitude": incident.lat if incident.lat is not None else "",
        "longitude": incident.lon if incident.lon is not None else "",
        "geo_precision": incident.geo_precision or "", "source": sources_of(incident),
        "source_scale": "", "notes": notes, "fatalities": incident.fatalities or 0,
        "tags": "contradicting sources" if incident.contradictions else "", "timestamp": ""}


def deaths_by_party(incident: Incident) -> dict[str, int]:
    """UCDP's split of the dead: side A, side B, civilians, unknown, each the lowest
    figure any source gives for that party (the conservative rule)."""
    parties = {"deaths_a": None, "deaths_b": None, "deaths_civilians": None,
               "deaths_unknown": None}
    side_a, side_b = (camp(a) if a else None for a in (incident.actor1, incident.actor2))
    for version in killed_versions(incident):
        party = ("deaths_civilians" if version.victims == "civilian" else
                 "deaths_a" if version.side and version.side == side_a else
                 "deaths_b" if version.side and version.side == side_b else "deaths_unknown")
        current = parties[party]
        parties[party] = version.low if current is None else min(current, version.low)
    return {party: value or 0 for party, value in parties.items()}


def type_of_violence(incident: Incident, deaths: dict[str, int]) -> int:
    """UCDP's categories: 1 state-based, 2 non-state, 3 one-sided (an attack on civilians,
    or a strike whose only dead are civilians and whose target is no armed party)."""
    one_sided = incident.type == "Violence against civilians" or (
        incident.actor2 is None and deaths["deaths_civilians"] and
        not deaths["deaths_a"] and not deaths["deaths_b"] and not deaths["deaths_unknown"])
    if one_sided:
        return 3
    state = any(is_state(code) for code in (incident.actor1, incident.actor2) if code)
    return 1 if state else 2


def is_state(code: str) -> bool:
    """A country's forces or government, not an armed group or an organisation."""
    return camp(code) not in registry().groups and country_of(camp(code)) is not None


def killed_versions(incident: Incident) -> list[Version]:
    return [v for s in incident.sightings for v in s.versions if v.kind == "killed"]


def ucdp_row(incident: Incident) -> dict:
    versions = killed_versions(incident)
    deaths = deaths_by_party(incident)
    return {
        "id": incident.id, "year": year_of(incident),
        "type_of_violence": type_of_violence(incident, deaths),
        "side_a": actor_name(incident.actor1), "side_b": actor_name(incident.actor2),
        "source_article": "; ".join(incident.articles), "source_office": sources_of(incident),
        "where_coordinates": incident.place or "",
        "where_prec": UCDP_WHERE_PREC.get(incident.geo_precision or 0, 7),
        "latitude": incident.lat if incident.lat is not None else "",
        "longitude": incident.lon if incident.lon is not None else "",
        "country": country_name(incident.country), "adm_1": incident.admin1 or "",
        "date_prec": UCDP_DATE_PREC.get(incident.date_precision or "", 5),
        "date_start": incident.first or "", "date_end": incident.last or "",
        **deaths, "best": incident.fatalities or 0,
        "high": max((v.high or v.low for v in versions), default=incident.fatalities or 0),
        "low": min((v.low for v in versions), default=incident.fatalities or 0)}


def write_csv(incidents: Iterable[Incident], handle: TextIO, columns: list[str],
              row: Callable[[Incident], dict]) -> int:
    writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    count = 0
    for incident in incidents:
        writer.writerow(row(incident))
        count += 1
    return count


def write_acled(incidents: Iterable[Incident], handle: TextIO) -> int:
    return write_csv(incidents, handle, ACLED_COLUMNS, acled_row)


def write_ucdp(incidents: Iterable[Incident], handle: TextIO) -> int:
    return write_csv(incidents, handle, UCDP_COLUMNS, ucdp_row)


def feature(incident: Incident) -> dict:
    geometry = None if incident.lat is None or incident.lon is None else \
        {"type": "Point", "coordinates": [incident.lon, incident.lat]}
    properties = incident.model_dump(mode="json", exclude={"sightings", "lat", "lon"})
    return {"type": "Feature", "id": incident.id, "geometry": geometry,
            "properties": properties}


def write_geojson(incidents: Iterable[Incident], handle: TextIO) -> int:
    """A FeatureCollection written feature by feature, so a large export is streamed."""
    handle.write('{"type": "FeatureCollection", "features": [\n')
    count = 0
    for incident in incidents:
        handle.write((",\n" if count else "") + json.dumps(feature(incident),
                                                           ensure_ascii=False))
        count += 1
    handle.write("\n]}\n")
    return count


def write_jsonl(incidents: Iterable[Incident], handle: TextIO) -> int:
    count = 0
    for incident in incidents:
        handle.write(incident.model_dump_json() + "\n")
        count += 1
    return count


def write_parquet(incidents: Iterable[Incident], handle) -> int:
    """The ACLED columns as a Parquet table (pyarrow)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    numeric = {"year": pa.int32(), "time_precision": pa.int8(), "latitude": pa.float64(),
                     "longitude": pa.float64(), "geo_precision": pa.int8(),
                     "fatalities": pa.int64()}

    rows = [{k: (None if v == "" else v) for k, v in acled_row(i).items()} for i in incidents]
    table = pa.Table.from_pylist(rows, schema=pa.schema(
        [(c, numeric.get(c, pa.string())) for c in ACLED_COLUMNS]))
    pq.write_table(table, handle)
    return len(rows)


WRITERS = {"acled": write_acled, "ucdp": write_ucdp, "geojson": write_geojson,
           "jsonl": write_jsonl, "parquet": write_parquet}


# -- toll series (veille tolls) ----------------------------------------------------------
TOLL_COLUMNS = ["theatre", "campaign", "claimant", "kind", "victims", "side", "date", "low",
                "high", "qualifier", "claimed_by", "article", "outlet", "evidence", "revision",
                "divergences"]


def write_tolls_json(series: list[TollSeries], handle: TextIO) -> int:
    """The series as one JSON list, points in date order."""
    json.dump([s.model_dump(mode="json") for s in series], handle, ensure_ascii=False,
              indent=1)
    handle.write("\n")
    return len(series)


def toll_rows(series: TollSeries) -> Iterable[dict]:
    """One row per point: its series, whether it lowers an earlier figure, and the rival
    figures it diverges from ('AZ: 1900+')."""
    revised = {point_key(r.revised) for r in series.revisions}
    for point in series.points:
        rivals = [f"{d.other_claimant}: {amount(d.other)}" for d in series.divergences
                  if point_key(d.this) == point_key(point)]
        yield {"theatre": series.theatre, "campaign": series.campaign,
               "claimant": series.claimant, "kind": series.kind, "victims": series.victims,
               "side": series.side or "", "date": point.date, "low": point.low,
               "high": "" if point.high is None else point.high,
               "qualifier": point.qualifier, "claimed_by": point.claimed_by or "",
               "article": point.article, "outlet": point.outlet or "",
               "evidence": point.evidence, "revision": int(point_key(point) in revised),
               "divergences": "; ".join(rivals)}


def write_tolls_csv(series: list[TollSeries], handle: TextIO) -> int:
    """The series' points as CSV rows, series after series."""
    writer = csv.DictWriter(handle, fieldnames=TOLL_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for one in series:
        writer.writerows(toll_rows(one))
    return len(series)
