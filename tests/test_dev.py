"""The 50 real articles of the development set scored against their gold: floors a little
under what the extraction reaches, so that a change which loses accuracy fails."""
from __future__ import annotations

import pytest

from conftest import DEV, DEV_GOLD, needs_shared, score_corpus

FLOORS = {"casualties": 0.93, "places": 0.90, "events": 0.67, "claims": 0.84}
ACCURACY_FLOORS = {("casualties", "victims"): 0.85, ("casualties", "side"): 0.81,
                   ("casualties", "scope"): 0.87, ("casualties", "claimed_by"): 0.80,
                   ("claims", "stance"): 0.85}


@pytest.fixture(scope="module")
def report(tmp_path_factory, nlp):
    return score_corpus(DEV, DEV_GOLD, tmp_path_factory.mktemp("dev") / "dev.jsonl", nlp)


@needs_shared
@pytest.mark.parametrize("field", FLOORS)
def test_f1_floors(report, field):
    assert report["fields"][field]["f1"] >= FLOORS[field], report["fields"][field]


@needs_shared
@pytest.mark.parametrize("field, attribute", ACCURACY_FLOORS)
def test_attribute_accuracy_floors(report, field, attribute):
    value = report["fields"][field]["accuracy"][attribute]["accuracy"]
    assert value is not None and value >= ACCURACY_FLOORS[field, attribute]
