"""Query and path parameters the routes share, bounded so that malformed input is
refused with a 422 and never reaches the store."""
from __future__ import annotations

from typing import Annotated

from fastapi import Query
from pydantic import AfterValidator

from veille.models import check_partial_date

MAX_TEXT = 200
MAX_ID = 2**63 - 1  # SQLite's largest integer

# a real calendar date: '2020', '2020-10' or '2020-10-05' (not '0000' nor '2020-13')
DateParam = Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
                      AfterValidator(check_partial_date)]
Short = Annotated[str | None, Query(max_length=MAX_TEXT)]
