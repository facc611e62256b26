"""Alerts: rules that say what matters, the alerts they raise (each once), and their
delivery.

A rules file (TOML)::

    [deliver]
    webhook = "https://hooks.exemple.org/veille"     # JSON POST of each alert
    [deliver.smtp]                                   # one e-mail per alert
    host = "localhost"
    port = 25
    sender = "veille@exemple.org"
    to = ["veille@exemple.org"]

    [[rule]]
    name = "Lourd bilan en Arménie ou en Azerbaïdjan"
    killed_min = 5
    countries = ["AM", "AZ"]

Conditions of a rule, all optional, all to be met: ``killed_min`` (the incident's dead,
as any source gives them), ``countries``, ``types`` (ACLED event types), ``actors``
(codes or camps), ``near`` = {place or lat/lon, km}, ``claimant`` and ``stance`` (a
claim by that source, e.g. AZ.MOD accusing), ``revised_up`` (a claimant gives a higher
death toll in a later article than in an earlier one). ``deliver`` lists the channels
of a rule (default: every channel configured).

Every alert is kept in the store and listed by the dashboard; each delivery is a row
that stays pending, retried with a growing delay, until it succeeds.
"""
from __future__ import annotations

import asyncio
import json
import os
import smtplib
import sqlite3
import time
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.message import EmailMessage
from pathlib import Path

import httpx

from veille.link import camp, version_label
from veille.models import Incident
from veille.watch.settings import WatchSettings

SCHEMA = """
CREATE TABLE IF NOT EXISTS alert (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,   -- the rule and what it matched: an alert is raised once
    rule TEXT NOT NULL,
    incident INTEGER,
    raised REAL NOT NULL,
    payload TEXT NOT NULL       -- the alert as delivered (JSON)
);
CREATE TABLE IF NOT EXISTS alert_delivery (
    alert INTEGER NOT NULL REFERENCES alert(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,      -- webhook, smtp
    status TEXT NOT NULL,       -- pending, sent
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try REAL NOT NULL,
    last_error TEXT,
    sent REAL,
    PRIMARY KEY (alert, channel)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS alert_delivery_due ON alert_delivery (status, next_try);
"""
RULE_KEYS = {"name", "killed_min", "countries", "types", "actors", "near", "claimant",
             "stance", "revised_up", "deliver"}
CHANNELS = ("webhook", "smtp")


class RulesError(Exception):
    """A rules file that cannot be read, or a bad rule, in one line."""


@dataclass(frozen=True)
class Near:
    lat: float
    lon: float
    km: float


@dataclass(frozen=True)
class Rule:
    name: str
    killed_min: int | None = None
    countries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    near: Near | None = None
    claimant: str | None = None
    stance: str | None = None
    revised_up: bool = False
    deliver: tuple[str, ...] = CHANNELS


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    sender: str
    to: tuple[str, ...]
    starttls: bool = False
    username: str | None = None
    password_env: str | None = None  # the variable holding the password


@dataclass(frozen=True)
class Rules:
    rules: tuple[Rule, ...] = ()
    webhook: str | None = None
    smtp: Smtp | None = None

    def channels(self, rule: Rule) -> list[str]:
        configured = {"webhook": self.webhook is not None, "smtp": self.smtp is not None}
        return [c for c in rule.deliver if configured.get(c)]


# -- the rules file --------------------------------------------------------------------
def load_rules(path: Path) -> Rules:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise RulesError(f"{path}: cannot read the rules file: {error}") from None
    try:
        return rules_of(data)
    except (KeyError, TypeError, ValueError) as error:
        raise RulesError(f"{path}: {error}") from None


def rules_of(data: dict) -> Rules:
    deliver = data.get("deliver", {})
    smtp = deliver.get("smtp")
    return Rules(rules=tuple(rule_of(entry, n) for n, entry in
                             enumerate(data.get("rule", []), 1)),
                 webhook=deliver.get("webhook"),
                 smtp=None if smtp is None else Smtp(
                     host=smtp["host"], port=int(smtp.get("port", 25)),
                     sender=smtp["sender"], to=tuple(smtp["to"]),
                     starttls=bool(smtp.get("starttls", False)),
                     username=smtp.get("username"), password_env=smtp.get("password_env")))


def rule_of(entry: dict, number: int) -> Rule:
    unknown = set(entry) - RULE_KEYS
    if unknown or "name" not in entry:
        raise ValueError(f"rule {number}: needs a name; unknown key(s): "
                         f"{', '.join(sorted(unknown)) or 'none'}")
    bad = set(entry.get("deliver", ())) - set(CHANNELS)
    if bad:
        raise ValueError(f"rule {number}: unknown channel(s) {', '.join(sorted(bad))}")
    return Rule(name=entry["name"], killed_min=entry.get("killed_min"),
                countries=tuple(c.upper() for c in entry.get("countries", ())),
                types=tuple(entry.get("types", ())), actors=tuple(entry.get("actors", ())),
                near=near_of(entry["near"], number) if "near" in entry else None,
                claimant=entry.get("claimant"), stance=entry.get("stance"),
                revised_up=bool(entry.get("revised_up", False)),
                deliver=tuple(entry.get("deliver", CHANNELS)))


def near_of(value: dict, number: int) -> Near:
    """{place = "Stepanakert", km = 50} (the gazetteer's first match) or {lat, lon, km}."""
    if "place" in value:
        from veille.gazetteer import default_gazetteer

        found = [c for c in default_gazetteer().lookup(value["place"]) if c.coords]
        if not found:
            raise ValueError(f"rule {number}: no place {value['place']!r} in the gazetteer")
        lat, lon = found[0].coords
    else:
        lat, lon = float(value["lat"]), float(value["lon"])
    return Near(lat, lon, float(value["km"]))


# -- matching --------------------------------------------------------------------------
def ensure_schema(con: sqlite3.Connection) -> None:
    con.executescript(SCHEMA)


def matches(rule: Rule, incident: Incident, order: dict[str, int]) -> list[tuple[str, str]]:
    """What the rule matches in the incident, as (key, reason) pairs; none: no match.
    The key makes the alert unique: the incident, or the claim, or the revised figure."""
    from veille.gazetteer import km

    if rule.killed_min is not None and (killed(incident) or 0) < rule.killed_min:
        return []
    if rule.countries and incident.country not in rule.countries:
        return []
    if rule.types and incident.type not in rule.types:
        return []
    codes = set(incident.actors) | {camp(a) for a in incident.actors}
    if rule.actors and not codes & set(rule.actors):
        return []
    where = None if incident.lat is None else (incident.lat, incident.lon)
    if rule.near and km((rule.near.lat, rule.near.lon), where) > rule.near.km:
        return []
    found = [(f"{incident.id}", "incident")]
    if rule.claimant or rule.stance:
        found = [(f"claim:{s.article}:{s.start}", f"{s.source or s.speaker}: {s.stance}")
                 for sighting in incident.sightings for s in sighting.statements
                 if claimed_by(s.source, rule.claimant)
                 and (not rule.stance or s.stance == rule.stance)]
    if rule.revised_up:
        found = [(f"revision:{incident.id}:{who}:{value}", f"{who}: {before} -> {value}")
                 for who, before, value in revisions(incident, order)]
    return found


def claimed_by(source: str | None, claimant: str | None) -> bool:
    """Whether a claim's source is the rule's claimant (a camp code takes its members)."""
    return claimant is None or source == claimant or camp(source or "") == claimant


def killed(incident: Incident) -> int | None:
    """The incident's dead: its conservative toll, else the highest any source gives."""
    tolls = [v.low for s in incident.sightings for v in s.versions if v.kind == "killed"]
    return incident.fatalities if incident.fatalities is not None else max(tolls, default=None)


def revisions(incident: Incident, order: dict[str, int]) -> list[tuple[str, int, int]]:
    """(claimant, earlier figure, later higher figure): a claimant's death toll raised
    from its first article to a later one (``order``: the articles' rank in time)."""
    by_claimant: dict[str, list[tuple[int, int]]] = {}
    for sighting in incident.sightings:
        for v in sighting.versions:
            if v.kind == "killed" and v.claimed_by:
                by_claimant.setdefault(v.claimed_by, []).append((order.get(v.article, 0),
                                                                 v.low))
    found = []
    for who, figures in sorted(by_claimant.items()):
        figures.sort()
        first_rank, first_value = figures[0]
        later = [value for rank, value in figures if rank > first_rank and value > first_value]
        if later:
            found.append((who, first_value, max(later)))
    return found


def raise_alerts(store, rules: Rules, article_ids: list[str]) -> int:
    """Check every rule against the incidents the new articles report; each new match
    becomes an alert with its pending deliveries. Returns the alerts raised."""
    if not rules.rules or not article_ids:
        return 0
    con = store.con
    incidents = sorted({i for start in range(0, len(article_ids), 500) for (i,) in con.execute(
        "SELECT DISTINCT incident FROM sighting WHERE incident IS NOT NULL AND article IN "
        f"({','.join('?' * len(article_ids[start:start + 500]))})",
        article_ids[start:start + 500])})
    raised = 0
    for number in incidents:
        incident = store.incident(number)
        if incident is None:
            continue
        articles = article_rows(con, incident.articles)
        order = {a["id"]: n for n, a in enumerate(articles)}
        with store.transaction():
            for rule in rules.rules:
                for key, reason in matches(rule, incident, order):
                    raised += add_alert(con, rules, rule, f"{rule.name}|{key}", incident,
                                        articles, reason)
    return raised


def article_rows(con: sqlite3.Connection, ids: list[str]) -> list[dict]:
    """The articles' metadata, in publication order, then in the order they were stored."""
    rows = con.execute(f"SELECT id, published, source, url, title FROM article WHERE id IN "
                       f"({','.join('?' * len(ids))}) ORDER BY published IS NULL, published, "
                       f"rowid", ids)
    return [dict(zip(("id", "published", "outlet", "url", "title"), r)) for r in rows]


def add_alert(con: sqlite3.Connection, rules: Rules, rule: Rule, key: str,
              incident: Incident, articles: list[dict], reason: str) -> int:
    now = time.time()
    payload = alert_payload(rule, incident, articles, reason, now)
    cursor = con.execute("INSERT OR IGNORE INTO alert (key, rule, incident, raised, payload) "
                         "VALUES (?, ?, ?, ?, ?)",
                         (key, rule.name, incident.id, now, json.dumps(payload)))
    if not cursor.rowcount:
        return 0
    con.executemany("INSERT INTO alert_delivery (alert, channel, status, next_try) "
                    "VALUES (?, ?, 'pending', ?)",
                    [(cursor.lastrowid, channel, now) for channel in rules.channels(rule)])
    return 1


def alert_payload(rule: Rule, incident: Incident, articles: list[dict], reason: str,
                  raised: float) -> dict:
    """What an alert carries: the incident, its figures, the claimants, the articles and
    the evidence."""
    versions = [v for s in incident.sightings for v in s.versions]
    statements = [c for s in incident.sightings for c in s.statements]
    return {
        "rule": rule.name, "matched": reason,
        "raised": datetime.fromtimestamp(raised, timezone.utc).isoformat(timespec="seconds"),
        "incident": incident.model_dump(mode="json", exclude={"sightings"}),
        "figures": list(dict.fromkeys(version_label(v) for v in versions)),
        "claimants": sorted({c.source or c.speaker for c in statements} |
                            {v.claimed_by for v in versions if v.claimed_by}),
        "articles": articles,
        "evidence": [{"article": s.article, "text": s.event.evidence, "start": s.event.start,
                      "end": s.event.end} for s in incident.sightings],
    }


def list_alerts(con: sqlite3.Connection, limit: int = 100, since: int = 0) -> list[dict]:
    """The alerts after id ``since``, newest first, with their deliveries."""
    rows = con.execute("SELECT id, payload FROM alert WHERE id > ? ORDER BY id DESC LIMIT ?",
                       (since, limit)).fetchall()
    deliveries: dict[int, list[dict]] = {alert_id: [] for alert_id, _ in rows}
    if rows:  # one query for the deliveries of the whole page
        for alert_id, *delivery in con.execute(
                "SELECT alert, channel, status, attempts, last_error FROM alert_delivery "
                "WHERE alert BETWEEN ? AND ? ORDER BY alert, channel",
                (rows[-1][0], rows[0][0])):
            if alert_id in deliveries:
                deliveries[alert_id].append(
                    dict(zip(("channel", "status", "attempts", "last_error"), delivery)))
    return [{"id": alert_id, **json.loads(payload), "deliveries": deliveries[alert_id]}
            for alert_id, payload in rows]


# -- delivery --------------------------------------------------------------------------
@dataclass
class DeliveryReport:
    attempted: int = 0
    sent: int = 0
    failed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        failed = f", {len(self.failed)} to retry" if self.failed else ""
        return f"{self.sent} of {self.attempted} deliveries sent{failed}"


async def send_webhook(rules: Rules, payload: dict, settings: WatchSettings) -> None:
    async with httpx.AsyncClient(timeout=settings.timeout,
                                 headers={"User-Agent": settings.user_agent}) as client:
        response = await client.post(rules.webhook, json=payload)
    if not 200 <= response.status_code < 300:
        raise OSError(f"webhook answered HTTP {response.status_code}")


async def send_mail(rules: Rules, payload: dict, settings: WatchSettings) -> None:
    await asyncio.to_thread(send_mail_now, rules.smtp, mail_of(rules.smtp, payload),
                            settings.timeout)


def send_mail_now(smtp: Smtp, message: EmailMessage, timeout: float) -> None:
    with smtplib.SMTP(smtp.host, smtp.port, timeout=timeout) as client:
        if smtp.starttls:
            client.starttls()
        if smtp.username:
            client.login(smtp.username, os.environ.get(smtp.password_env or "", ""))
        client.send_message(message)


def mail_of(smtp: Smtp, payload: dict) -> EmailMessage:
    incident = payload["incident"]
    message = EmailMessage()
    where = incident.get("place") or incident.get("country") or "lieu inconnu"
    message["Subject"] = (f"[veille] {payload['rule']} : {incident['type']}, {where}, "
                          f"{incident.get('date') or 'date inconnue'}")
    message["From"] = smtp.sender
    message["To"] = ", ".join(smtp.to)
    lines = [f"Règle : {payload['rule']} ({payload['matched']})",
             f"Incident {incident['id']} : {incident['type']} / {incident['sub_type']}",
             f"Lieu : {where}", f"Date : {incident.get('date') or '?'}",
             f"Morts (bilan prudent) : {incident.get('fatalities')}",
             "Chiffres : " + "; ".join(payload["figures"]),
             "Sources : " + ", ".join(payload["claimants"]), "", "Articles :"]
    lines += [f"- {a.get('outlet') or ''} {a.get('title') or a['id']} {a.get('url') or ''}"
              for a in payload["articles"]]
    lines += ["", "Extraits :"] + [f"« {e['text']} »" for e in payload["evidence"]]
    message.set_content("\n".join(lines))
    message.add_attachment(json.dumps(payload, ensure_ascii=False, indent=2).encode(),
                           maintype="application", subtype="json", filename="alerte.json")
    return message


DELIVERIES = {"webhook": send_webhook, "smtp": send_mail}


async def deliver_pending(con: sqlite3.Connection, rules: Rules,
                          settings: WatchSettings) -> DeliveryReport:
    """Try every delivery that is due; a failure is kept and retried later (doubling
    delay), never dropped."""
    now = time.time()
    due = con.execute("SELECT d.alert, d.channel, d.attempts, a.payload FROM alert_delivery d "
                      "JOIN alert a ON a.id = d.alert WHERE d.status = 'pending' AND "
                      "d.next_try <= ? ORDER BY d.alert", (now,)).fetchall()
    report = DeliveryReport()
    for alert_id, channel, attempts, payload in due:
        report.attempted += 1
        error = await attempt(channel, rules, json.loads(payload), settings)
        if error is None:
            report.sent += 1
            con.execute("UPDATE alert_delivery SET status = 'sent', attempts = ?, sent = ?, "
                        "last_error = NULL WHERE alert = ? AND channel = ?",
                        (attempts + 1, time.time(), alert_id, channel))
            continue
        report.failed.append(f"alert {alert_id} by {channel}: {error}")
        wait = min(settings.retry_base * 2 ** attempts, settings.retry_max)
        con.execute("UPDATE alert_delivery SET attempts = ?, next_try = ?, last_error = ? "
                    "WHERE alert = ? AND channel = ?",
                    (attempts + 1, time.time() + wait, error, alert_id, channel))
    return report


async def attempt(channel: str, rules: Rules, payload: dict,
                  settings: WatchSettings) -> str | None:
    """Deliver once; the error in one line, or None when delivered."""
    configured = rules.webhook if channel == "webhook" else rules.smtp
    if configured is None:
        return f"{channel} is not configured in the rules file"
    try:
        await DELIVERIES[channel](rules, payload, settings)
    except (OSError, httpx.HTTPError, smtplib.SMTPException) as error:
        return f"{type(error).__name__}: {error}"
    return None
