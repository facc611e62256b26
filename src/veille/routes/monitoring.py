"""The monitoring routes of `veille serve`: alerts, the sources' health and the articles
the watcher stored lately. Read-only, like the rest of the API: a store the watcher
never wrote to answers with empty lists."""
from __future__ import annotations

import sqlite3
from typing import Annotated

from fastapi import APIRouter, Query, Request

from veille.routes.params import MAX_ID
from veille.watch import alerts, sources

router = APIRouter(tags=["monitoring"])
MAX_ALERTS = 1000


def connection(request: Request) -> sqlite3.Connection:
    return request.app.state.store.con


def has_tables(con: sqlite3.Connection, *names: str) -> bool:
    found = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return set(names) <= found


@router.get("/api/alerts")
def list_alerts(request: Request, since: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
                limit: Annotated[int, Query(ge=1, le=MAX_ALERTS)] = 100) -> dict:
    """Alerts newest first, each with its rule, incident, figures, claimants, articles,
    evidence and deliveries; ``since``: only those after that alert id (for polling)."""
    con = connection(request)
    if not has_tables(con, "alert", "alert_delivery"):
        return {"items": []}
    return {"items": alerts.list_alerts(con, limit, since)}


@router.get("/api/sources")
def list_sources(request: Request) -> dict:
    """Each source the watcher polled: last poll, last success, status, items seen,
    articles stored, consecutive failures, errors, next try when backing off."""
    con = connection(request)
    if not has_tables(con, "watch_source", "watch_item"):
        return {"items": []}
    return {"items": sources.health(con, sources.polled_sources(con))}


@router.get("/api/watch/recent")
def recent_articles(request: Request, since: Annotated[float, Query(ge=0)] = 0,
                    limit: Annotated[int, Query(ge=1, le=MAX_ALERTS)] = 100) -> dict:
    """Articles the watcher stored after ``since`` (Unix time), newest first, with their
    story and incidents: what a dashboard polls to show new incidents as they arrive."""
    con = connection(request)
    if not has_tables(con, "watch_item", "watch_story"):
        return {"items": []}
    rows = con.execute(
        "SELECT w.seen, a.id, a.title, a.source, a.url, a.published, s.story, "
        "(SELECT group_concat(DISTINCT incident) FROM sighting WHERE article = a.id) "
        "FROM watch_item w JOIN article a ON a.id = w.article LEFT JOIN watch_story s ON "
        "s.article = a.id WHERE w.status = 'stored' AND w.seen > ? ORDER BY w.seen DESC "
        "LIMIT ?", (since, limit))
    keys = ("seen", "id", "title", "outlet", "url", "published", "story")
    return {"items": [{**dict(zip(keys, row)),
                       "incidents": [int(i) for i in (row[-1] or "").split(",") if i]}
                      for row in rows]}
