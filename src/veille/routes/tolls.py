"""/api/tolls: the toll series of `veille tolls`, and the theatres they are placed in."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request

from veille.models import Kind, TollSeries, Victims
from veille.routes.params import DateParam, Short
from veille.tolls import Theatre, TollQuery, TollsError, load_theatres, tolls

router = APIRouter(tags=["tolls"])


def theatres() -> dict[str, Theatre]:
    try:
        return load_theatres()
    except TollsError as error:
        raise HTTPException(503, str(error)) from None


@router.get("/api/tolls")
def toll_series(request: Request, theatre: Short = None, campaign: Short = None,
                claimant: Short = None, side: Short = None, kind: Kind | None = None,
                victims: Victims | None = None,
                date_from: Annotated[DateParam, Query(alias="from")] = None,
                date_to: Annotated[DateParam, Query(alias="to")] = None) -> list[TollSeries]:
    """Each claimant's running toll per quantity, theatre and campaign, points in date
    order, with revisions and divergences (as `veille tolls --json`)."""
    query = TollQuery(theatre=theatre, campaign=campaign, claimant=claimant, side=side,
                      kind=kind, victims=victims, date_from=date_from, date_to=date_to)
    state = request.app.state
    return tolls(state.store, query, theatres(), state.toll_cache)


@router.get("/api/tolls/theatres")
def theatre_list() -> list[dict]:
    """The theatres and their campaigns (the shipped file and the user's)."""
    return [{"key": t.key, "name": t.name, "codes": sorted(t.codes),
             "campaigns": [{"key": c.key, "name": c.name, "from": c.start, "until": c.until}
                           for c in t.campaigns]} for t in theatres().values()]
