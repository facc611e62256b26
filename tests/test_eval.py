"""veille eval: the project's scorer gives the reference scorer's numbers, and veille's
accuracy on its own gold set (articles of several wars) stays at its targets."""
from __future__ import annotations

import copy
import importlib.util
import json
import random

import pytest
from typer.testing import CliRunner

from conftest import ROOT, SAMPLE, SEED_GOLD, SEEDS, SHARED, needs_shared
from veille import eval as scoring
from veille.cli import app

SAMPLE_GOLD = ROOT / "tests" / "gold" / "sample"
SAMPLE_TARGETS = {"casualties": 0.9, "places": 0.9, "events": 0.75, "claims": 0.8}


@pytest.fixture(scope="module")
def seed_predictions(nlp):
    from veille.extract import extract
    from veille.read import read_paths

    articles = list(read_paths([SEEDS]))
    return ({r.id: r.model_dump(mode="json") for r in extract(articles, nlp)},
            {a.id: a.text for a in articles})


def reference_scorer():
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def perturbed(predictions: dict, seed: int) -> dict:
    """Predictions with items dropped, duplicated and altered: matching and accuracies
    get exercised beyond the easy case."""
    rng = random.Random(seed)
    out = copy.deepcopy(predictions)
    for record in out.values():
        for name in scoring.FIELDS:
            items = record[name]
            rng.shuffle(items)
            del items[:rng.randint(0, 2)]
            if items:
                items.append(copy.deepcopy(items[0]))
            for item in items:
                if name == "casualties" and rng.random() < 0.3:
                    item["side"] = rng.choice([None, "AM", "AZ", "NK"])
                if name == "claims" and rng.random() < 0.3:
                    item["stance"] = "assert"
                    item["start"] = item["end"] = 0
                if name == "events" and rng.random() < 0.3:
                    item["date"] = None
                if name == "places" and rng.random() < 0.2:
                    item["lat"] = item["lat"] + 1 if item["lat"] is not None else None
    return out


@needs_shared
@pytest.mark.parametrize("seed", [None, 1, 2, 3])
def test_same_numbers_as_the_reference_scorer(tmp_path, seed_predictions, seed):
    predictions, _ = seed_predictions
    if seed is not None:
        predictions = perturbed(predictions, seed)
    path = tmp_path / "pred.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in predictions.values()), encoding="utf-8")
    reference = reference_scorer().evaluate(SEED_GOLD, path, SEEDS)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    ours = scoring.evaluate(scoring.load_gold(SEED_GOLD), scoring.load_predictions(path), texts)
    reference.pop("per_article", None)
    assert ours.to_dict() == reference


@needs_shared
def test_cli_prints_the_reference_figures(seed_predictions):
    result = CliRunner().invoke(app, ["eval", str(SEED_GOLD), str(SEEDS), "--json"])
    assert result.exit_code == 0, result.output
    ours = json.loads(result.stdout)
    predictions, _ = seed_predictions
    assert ours["articles"] == 5 and ours["predicted"] == 5
    assert set(ours["fields"]) == set(scoring.FIELDS)


def test_own_gold_set_targets(nlp):
    result = CliRunner().invoke(app, ["eval", str(SAMPLE_GOLD), str(SAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["articles"] == report["predicted"] == 7
    for name, target in SAMPLE_TARGETS.items():
        assert report["fields"][name]["f1"] >= target, (name, report["fields"][name])


def test_errors_list_what_differs(nlp, tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.json").write_text(json.dumps({
        "id": "a", "casualties": [{"kind": "killed", "low": 12, "high": 12, "victims": "civilian",
                                   "side": None, "scope": "event", "qualifier": "exact",
                                   "claimed_by": None, "evidence": "douze civils"}],
        "places": [{"mention": "Tombouctou", "name": "Timbuktu", "country": "ML",
                    "feature": "town", "lat": 16.77, "lon": -3.01}],
        "events": [], "claims": []}), encoding="utf-8")
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("Des combats ont fait douze morts à Gao.", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(gold), str(texts), "--errors"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert any("places" in row and "missed" in row and "Timbuktu" in row for row in lines)
    assert any("places" in row and "spurious" in row and "Gao" in row for row in lines)
    assert any("victims" in row and "'mixed' instead of 'civilian'" in row for row in lines)


def test_bad_gold_is_a_one_line_error(tmp_path):
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(tmp_path), str(tmp_path)])
    assert result.exit_code == 1 and "bad.json" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(app, ["eval", str(empty), str(tmp_path)])
    assert result.exit_code == 1 and "no gold" in result.output
