"""`veille serve`: a read-only JSON API over the store, and the dashboard that uses it.

Every route reads; nothing writes. Page sizes and query strings are bounded (422 for an
out-of-range parameter, 413 for an oversized query string). The dashboard is static
files of the package plus the country borders of npm's ``world-atlas``, which
``make run`` installs; without them the map shows the incidents on a plain grid.
"""
from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from veille import __version__
from veille.lexicon import data_path
from veille.models import EventType, Incident
from veille.routes import monitoring as monitoring_routes
from veille.routes import tolls as toll_routes
from veille.routes import ui as ui_routes
from veille.routes.params import MAX_ID, MAX_TEXT, DateParam, Short
from veille.store import MAX_PAGE, IncidentQuery, Store, end_of_period
from veille.tolls import SeriesCache

MAX_QUERY_STRING = 2048
ATLAS = "web/node_modules/world-atlas/countries-110m.json"

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


def atlas_path() -> Path | None:
    """Country borders (TopoJSON): $VEILLE_ATLAS, else those `make run` put in the venv."""
    for candidate in (os.environ.get("VEILLE_ATLAS"), Path(sys.prefix) / ATLAS):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def parse_bbox(bbox: str | None) -> tuple[float, float, float, float] | None:
    if not bbox:
        return None
    try:
        west, south, east, north = (float(v) for v in bbox.split(","))
    except ValueError:
        raise HTTPException(422, "bbox must be west,south,east,north in degrees") from None
    return west, south, east, north


def incident_filters(date_from: Annotated[DateParam, Query(alias="from")] = None,
                     date_to: Annotated[DateParam, Query(alias="to")] = None,
                     place: Short = None, country: Short = None, actor: Short = None,
                     type: EventType | None = None, bbox: Short = None,
                     q: Short = None, claimant: Short = None) -> IncidentQuery:
    """The filters the incident routes share, as query parameters; ``claimant`` keeps
    the incidents someone gives figures for ('AZ', 'AZ.MOD', 'press': unattributed)."""
    return IncidentQuery(date_from=date_from, date_to=date_to and end_of_period(date_to),
                         place=place, country=country, actor=actor, type=type,
                         bbox=parse_bbox(bbox), text=q, limit=None, claimant=claimant)


Filters = Annotated[IncidentQuery, Depends(incident_filters)]


def create_app(db: Path) -> FastAPI:
    app = FastAPI(title="veille", version=__version__, description="Incidents, their sources "
                  "and their contradictions, read from French-language conflict news.")
    store = Store(db)

    @app.middleware("http")
    async def bounded_query(request: Request, call_next):
        if len(request.url.query) > MAX_QUERY_STRING:
            return JSONResponse({"detail": "query string too long"}, status_code=413)
        return await call_next(request)

    @app.get("/api/incidents")
    def incidents(query: Filters, limit: Limit = 100, offset: Offset = 0) -> dict:
        """Incidents in date order; `bbox` is west,south,east,north."""
        query = replace(query, limit=limit, offset=offset)
        return {"total": store.count_incidents(query),
                "items": [i.model_dump(mode="json", exclude={"sightings"})
                          for i in store.incidents(query)]}

    @app.get("/api/incidents/{incident_id}")
    def incident(incident_id: Annotated[int, PathParam(ge=0, le=MAX_ID)]) -> Incident:
        """One incident with every source's sighting: figures, claims, evidence."""
        found = store.incident(incident_id)
        if found is None:
            raise HTTPException(404, "no such incident")
        return found

    @app.get("/api/articles")
    def articles(limit: Limit = 100, offset: Offset = 0) -> list[dict]:
        return store.articles(limit, offset)

    @app.get("/api/articles/{article_id}")
    def article(article_id: Annotated[str, PathParam(max_length=MAX_TEXT)]) -> dict:
        """An article's text and metadata with its extracted record."""
        found = store.article(article_id)
        if found is None:
            raise HTTPException(404, "no such article")
        meta, record = found
        return {"article": meta, "record": record.model_dump(mode="json")}

    @app.get("/api/stats/deaths")
    def deaths(query: Filters,
               period: Annotated[str, Query(pattern="^(week|month)$")] = "week") -> dict:
        """The dead per period and party (each incident's lowest figure per party), and
        per source."""
        return {"by_period": store.deaths_by_period(query, period),
                "by_source": store.deaths_by_source(query), "totals": store.counts()}

    @app.get("/api/atlas", include_in_schema=False)
    def atlas() -> Response:
        path = atlas_path()
        if path is None:
            return JSONResponse({"detail": "no country borders installed"}, status_code=404)
        return FileResponse(path, media_type="application/json")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(data_path("web", "index.html"), media_type="text/html")

    app.include_router(toll_routes.router)
    app.include_router(ui_routes.router)
    app.include_router(monitoring_routes.router)  # alerts, sources, recent articles
    app.mount("/static", StaticFiles(directory=data_path("web")), name="static")
    app.state.store = store
    app.state.toll_cache = SeriesCache()
    return app
