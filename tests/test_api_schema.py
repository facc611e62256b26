"""Every route of the OpenAPI schema under generated input, well-formed and malformed:
no request may reach a server error (schemathesis; VEILLE_API_EXAMPLES sets the number
of examples per route)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from schemathesis.generation import GenerationMode

from conftest import copy_store
from veille.serve import create_app
from veille.store import Store

EXAMPLES = int(os.environ.get("VEILLE_API_EXAMPLES", "25"))
# The app is made at import, for schemathesis to list its routes; its store is filled
# with real records before the first test runs.
STORE = Path(tempfile.mkdtemp(prefix="veille-api-")) / "veille.db"
APP = create_app(STORE)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                                max_examples=EXAMPLES, database="none")


@pytest.fixture(scope="module", autouse=True)
def filled_store(tolls_db):
    """The toll articles, copied into the app's store."""
    copy_store(tolls_db, STORE)
    with Store(STORE) as store:
        assert store.counts()["incident"]
    yield
    shutil.rmtree(STORE.parent, ignore_errors=True)


@schema.parametrize()
def test_no_input_reaches_a_server_error(case):
    response = case.call()
    assert response.status_code < 500, (case.as_curl_command(), response.text[:300])


@pytest.mark.parametrize("url", ["/api/incidents/99999999999999999999",
                                 "/api/incidents/-99999999999999999999",
                                 "/api/incidents/1e400", "/api/articles/%00"])
def test_huge_or_odd_ids_are_refused_with_a_message(url):
    response = TestClient(APP).get(url)
    assert 400 <= response.status_code < 500 and response.json()["detail"]
