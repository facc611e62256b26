"""The seed articles scored against their gold with the shared scorer: the targets of the
extraction issues (the seeds are the development set; a held-out set judges too)."""
from __future__ import annotations

import pytest

from conftest import SEED_GOLD, SEEDS, needs_shared, score_corpus

TARGETS = {"casualties": 0.95, "places": 0.95, "events": 0.75, "claims": 0.85}
ACCURACY = {("casualties", "side"): 0.9, ("casualties", "scope"): 0.9,
            ("casualties", "victims"): 0.9, ("casualties", "claimed_by"): 0.9,
            ("claims", "stance"): 0.85}


@pytest.fixture(scope="module")
def report(tmp_path_factory, nlp):
    return score_corpus(SEEDS, SEED_GOLD, tmp_path_factory.mktemp("seeds") / "seeds.jsonl", nlp)


@needs_shared
@pytest.mark.parametrize("field", TARGETS)
def test_f1_targets(report, field):
    assert report["fields"][field]["f1"] >= TARGETS[field], report["fields"][field]


@needs_shared
@pytest.mark.parametrize("field, attribute", ACCURACY)
def test_attribute_accuracy_targets(report, field, attribute):
    value = report["fields"][field]["accuracy"][attribute]["accuracy"]
    assert value is not None and value >= ACCURACY[field, attribute]
