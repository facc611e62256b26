"""Scoring of extractions against gold records, by the rules of the record contract
(docs/record-format.md, "Scoring"): the same numbers the reference scorer gives, plus
the items each side has alone, which is what an engineer needs to improve a rule.

- casualties: same kind and low, high equal or open on one side; predictions identical
  in (kind, low, high, victims, side, scope) count once; overlapping evidence is
  preferred. Accuracy of victims, side (NK counts as AM), scope, qualifier and the
  country part of claimed_by.
- places: distinct mentions (case, accents, apostrophes, a leading article ignored);
  coordinates within a tolerance set by the gold feature.
- events: same type, date agreeing at the gold precision, place within 50 km.
- claims: a common country in the sources, evidence overlapping by half the shorter.
"""
from __future__ import annotations

import json
import re
import string
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path

from veille.gazetteer import km

FIELDS = ("casualties", "places", "events", "claims")
DEDUP = ("kind", "low", "high", "victims", "side", "scope")
TOLERANCE_KM = {"region": 150, "water": 100, "district": 50}
DEFAULT_KM = 25
COUNTRY_KM = 500
EVENT_KM = 50
APOSTROPHES = str.maketrans({c: "'" for c in "\u2019\u2018\u02bc\u00b4`"})
EDGES = string.punctuation + string.whitespace + "\u00ab\u00bb\u201c\u201d\u201e\u2026\u2013\u2014"
LEADING_ARTICLE = re.compile(r"^(?:l'|les |le |la )")


class EvalError(Exception):
    """Gold or predictions that cannot be read."""


# -- normalisation -----------------------------------------------------------------------
def plain(value) -> str:
    """Lower case, no accents, straight apostrophes, single spaces."""
    text = unicodedata.normalize("NFKD", str(value or "").translate(APOSTROPHES))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(text.split())


def mention_key(value) -> str:
    text = plain(value).strip(EDGES)
    return LEADING_ARTICLE.sub("", text).strip(EDGES)


def source_countries(source) -> set[str]:
    """'AM.MOD+AZ' -> {'AM', 'AZ'}."""
    return {part.split(".")[0].strip().upper() for part in str(source or "").split("+")
            if part.strip()}


def camp(side) -> str | None:
    code = None if side is None else str(side).strip().upper()
    return "AM" if code == "NK" else code


def position(item: dict) -> tuple[float, float] | None:
    try:
        return float(item["lat"]), float(item["lon"])
    except (KeyError, TypeError, ValueError):
        return None


def evidence_overlap(pred: dict, gold: dict, text: str | None) -> float:
    """Overlap of the two evidences as a share of the shorter: by offsets when the gold
    evidence is found in the text, else by the longest common substring."""
    wanted, start, end = gold.get("evidence") or "", pred.get("start"), pred.get("end")
    if text and wanted and isinstance(start, int) and isinstance(end, int) and wanted in text:
        best, at = 0.0, text.find(wanted)
        while at >= 0:
            shared = min(end, at + len(wanted)) - max(start, at)
            best = max(best, shared / max(1, min(end - start, len(wanted))))
            at = text.find(wanted, at + 1)
        return best
    a, b = plain(pred.get("evidence")), plain(wanted)
    if not a or not b:
        return 0.0
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size / min(len(a), len(b))


# -- matching --------------------------------------------------------------------------------
def match(n_pred: int, n_gold: int, allowed, preference=lambda i, j: 0.0) -> list[tuple[int, int]]:
    """A one-to-one matching of maximum size: the preferred pairs first, then augmenting
    paths for what is left."""
    candidates = sorted(((preference(i, j), i, j) for i in range(n_pred) for j in range(n_gold)
                         if allowed(i, j)), key=lambda c: -c[0])
    options: list[list[int]] = [[] for _ in range(n_pred)]
    pred_to_gold: dict[int, int] = {}
    gold_to_pred: dict[int, int] = {}
    for _, i, j in candidates:
        options[i].append(j)
        if i not in pred_to_gold and j not in gold_to_pred:
            pred_to_gold[i], gold_to_pred[j] = j, i

    def augment(i: int, visited: set[int]) -> bool:
        for j in options[i]:
            if j in visited:
                continue
            visited.add(j)
            if j not in gold_to_pred or augment(gold_to_pred[j], visited):
                pred_to_gold[i], gold_to_pred[j] = j, i
                return True
        return False

    for i in range(n_pred):
        if i not in pred_to_gold:
            augment(i, set())
    return sorted(pred_to_gold.items())


@dataclass
class FieldScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    accuracy: dict[str, list[int]] = field(default_factory=dict)
    missed: list[dict] = field(default_factory=list)
    spurious: list[dict] = field(default_factory=list)
    mismatches: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: FieldScore) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        for name, (correct, total) in other.accuracy.items():
            mine = self.accuracy.setdefault(name, [0, 0])
            mine[0] += correct
            mine[1] += total
        self.missed += other.missed
        self.spurious += other.spurious
        self.mismatches += other.mismatches


ATTRIBUTES = {
    "casualties": {"victims": lambda v: v, "side": camp, "scope": lambda v: v,
                   "qualifier": lambda v: v, "claimed_by": source_countries},
    "claims": {"stance": lambda v: v},
}


def paired(field_name: str, pairs, pred: list[dict], gold: list[dict]) -> FieldScore:
    score = FieldScore(tp=len(pairs), fp=len(pred) - len(pairs), fn=len(gold) - len(pairs))
    for name, norm in ATTRIBUTES.get(field_name, {}).items():
        correct = sum(norm(pred[i].get(name)) == norm(gold[j].get(name)) for i, j in pairs)
        score.accuracy[name] = [correct, len(pairs)]
        score.mismatches += [{"attribute": name, "predicted": pred[i].get(name),
                              "gold": gold[j].get(name), "evidence": gold[j].get("evidence")}
                             for i, j in pairs
                             if norm(pred[i].get(name)) != norm(gold[j].get(name))]
    matched_pred, matched_gold = {i for i, _ in pairs}, {j for _, j in pairs}
    score.missed = [g for j, g in enumerate(gold) if j not in matched_gold]
    score.spurious = [p for i, p in enumerate(pred) if i not in matched_pred]
    return score


# -- per field ---------------------------------------------------------------------------------
def same_figure(p: dict, g: dict) -> bool:
    if (p.get("kind"), p.get("low")) != (g.get("kind"), g.get("low")):
        return False
    return p.get("high") == g.get("high") or p.get("high") is None or g.get("high") is None


def score_casualties(gold: list[dict], pred: list[dict], text: str | None) -> FieldScore:
    distinct: dict[str, dict] = {}
    for p in pred:
        distinct.setdefault(json.dumps([p.get(k) for k in DEDUP], sort_keys=True), p)
    pred = list(distinct.values())
    pairs = match(len(pred), len(gold), lambda i, j: same_figure(pred[i], gold[j]),
                  lambda i, j: evidence_overlap(pred[i], gold[j], text))
    return paired("casualties", pairs, pred, gold)


def place_within_tolerance(p: dict, g: dict) -> bool:
    if g.get("feature") == "country":
        if p.get("country"):
            return str(p["country"]).strip().upper() == str(g.get("country") or "").upper()
        return km(position(p), position(g)) <= COUNTRY_KM
    if position(g) is None:
        return True
    return km(position(p), position(g)) <= TOLERANCE_KM.get(g.get("feature"),
                                                                      DEFAULT_KM)


def score_places(gold: list[dict], pred: list[dict], text: str | None) -> FieldScore:
    by_gold, by_pred = distinct_mentions(gold), distinct_mentions(pred)
    good = {key for key, g in by_gold.items()
            if key in by_pred and place_within_tolerance(by_pred[key], g)}
    return FieldScore(tp=len(good), fp=len(by_pred) - len(good), fn=len(by_gold) - len(good),
                      missed=[g for k, g in by_gold.items() if k not in good],
                      spurious=[p for k, p in by_pred.items() if k not in good])


def distinct_mentions(items: list[dict]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for item in items:
        found.setdefault(mention_key(item.get("mention")), item)
    found.pop("", None)
    return found


def dates_agree(p: dict, g: dict) -> bool:
    gold_date, pred_date = g.get("date"), p.get("date")
    if not gold_date:
        return not pred_date
    if not pred_date:
        return False
    gold_date, pred_date = str(gold_date), str(pred_date)
    precision = g.get("date_precision") or {7: "month", 4: "year"}.get(len(gold_date), "day")
    if precision == "week":
        try:
            return abs((date.fromisoformat(pred_date[:10]) -
                        date.fromisoformat(gold_date[:10])).days) <= 3
        except ValueError:
            return False
    n = {"month": 7, "year": 4}.get(precision, 10)
    return pred_date[:n] == gold_date[:n]


def event_places_agree(p: dict, g: dict) -> bool:
    gold_at, pred_at = position(g), position(p)
    if g.get("place") is None and gold_at is None:
        return p.get("place") is None and pred_at is None
    if gold_at is not None and pred_at is not None:
        return km(pred_at, gold_at) <= EVENT_KM
    return bool(p.get("place")) and plain(p["place"]) == plain(g.get("place"))


def score_events(gold: list[dict], pred: list[dict], text: str | None) -> FieldScore:
    pairs = match(len(pred), len(gold), lambda i, j: pred[i].get("type") == gold[j].get("type")
                  and dates_agree(pred[i], gold[j]) and event_places_agree(pred[i], gold[j]))
    return paired("events", pairs, pred, gold)


def score_claims(gold: list[dict], pred: list[dict], text: str | None) -> FieldScore:
    overlaps = {(i, j): evidence_overlap(p, g, text) for i, p in enumerate(pred)
                for j, g in enumerate(gold)
                if source_countries(p.get("source")) & source_countries(g.get("source"))}
    pairs = match(len(pred), len(gold), lambda i, j: overlaps.get((i, j), 0.0) >= 0.5,
                  lambda i, j: overlaps[i, j])
    return paired("claims", pairs, pred, gold)


SCORERS = {"casualties": score_casualties, "places": score_places, "events": score_events,
           "claims": score_claims}


# -- whole sets -----------------------------------------------------------------------------
@dataclass
class Report:
    articles: int
    predicted: int
    fields: dict[str, FieldScore]
    per_article: dict[str, dict[str, FieldScore]]

    def to_dict(self) -> dict:
        return {
            "articles": self.articles, "predicted": self.predicted,
            "fields": {f: {"tp": s.tp, "fp": s.fp, "fn": s.fn, "precision": s.precision,
                           "recall": s.recall, "f1": s.f1,
                           "accuracy": {a: {"correct": c, "total": n,
                                            "accuracy": c / n if n else None}
                                        for a, (c, n) in s.accuracy.items()}}
                       for f, s in self.fields.items()}}


def items(record: dict, name: str, article: str) -> list[dict]:
    found = record.get(name) or []
    if not isinstance(found, list) or not all(isinstance(x, dict) for x in found):
        raise EvalError(f"article {article}: {name} must be a list of objects")
    return found


def evaluate(gold: dict[str, dict], predictions: dict[str, dict],
             texts: dict[str, str] | None = None) -> Report:
    """Score predictions (records by id) against gold records (by id). Gold articles
    without a prediction count as empty; predictions without gold are ignored."""
    if not gold:
        raise EvalError("no gold records")
    texts = texts or {}
    totals = {f: FieldScore(accuracy={a: [0, 0] for a in ATTRIBUTES.get(f, {})})
              for f in FIELDS}
    per_article = {}
    for article, g in gold.items():
        p = predictions.get(article, {})
        scores = {}
        for name in FIELDS:
            score = SCORERS[name](items(g, name, article), items(p, name, article),
                                  texts.get(article))
            for item in score.missed + score.spurious + score.mismatches:
                item.setdefault("article", article)
            scores[name] = score
            totals[name].add(score)
        per_article[article] = scores
    return Report(len(gold), len(set(gold) & set(predictions)), totals, per_article)


def load_gold(folder: str | Path) -> dict[str, dict]:
    """Gold records: one <id>.json per article."""
    records = {}
    for path in sorted(Path(folder).glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise EvalError(f"{path}: {error}") from error
        if not isinstance(record, dict):
            raise EvalError(f"{path}: not a JSON object")
        records[path.stem] = record
    if not records:
        raise EvalError(f"no gold <id>.json files in {folder}")
    return records


def load_predictions(path: str | Path) -> dict[str, dict]:
    """Predictions: a JSON Lines file of records, or a folder of <id>.json."""
    path = Path(path)
    if path.is_dir():
        return load_gold(path)
    records = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise EvalError(f"{path}: {error}") from error
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise EvalError(f"{path}:{number}: not JSON ({error.msg})") from error
        if not isinstance(record, dict) or record.get("id") is None:
            raise EvalError(f'{path}:{number}: not a record with an "id"')
        records[str(record["id"])] = record
    return records


def render(report: Report, errors: bool = False) -> str:
    lines = [f"{report.articles} gold articles, {report.predicted} predicted",
             f"{'field':<12}{'TP':>6}{'FP':>6}{'FN':>6}{'prec':>8}{'recall':>8}{'F1':>8}"]
    for name, s in report.fields.items():
        lines.append(f"{name:<12}{s.tp:>6}{s.fp:>6}{s.fn:>6}"
                     f"{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}")
    lines += ["", "accuracy over matched pairs"]
    for name, s in report.fields.items():
        for attribute, (correct, total) in s.accuracy.items():
            value = f"{correct / total:.3f}" if total else "-"
            lines.append(f"{name + '.' + attribute:<24}{value:>6}  ({correct}/{total})")
    if errors:
        lines += ["", "errors (missed: in gold only; spurious: predicted only; "
                      "attribute: matched with a different value)"]
        for name, s in report.fields.items():
            for kind, found in (("missed", s.missed), ("spurious", s.spurious)):
                for item in found:
                    lines.append(f"{item['article']}  {name:<10} {kind:<8} {describe(name, item)}")
            for item in s.mismatches:
                lines.append(f"{item['article']}  {name:<10} {item['attribute']:<8} "
                             f"{item['predicted']!r} instead of {item['gold']!r}  "
                             f"«{(item['evidence'] or '')[:70]}»")
    return "\n".join(lines)


def describe(name: str, item: dict) -> str:
    evidence = (item.get("evidence") or item.get("mention") or "").replace("\n", " ")[:90]
    if name == "casualties":
        head = f"{item.get('kind')} {item.get('low')}-{item.get('high')}"
    elif name == "places":
        head = f"{item.get('name')} ({item.get('country')}, {item.get('feature')})"
    elif name == "events":
        head = f"{item.get('type')} {item.get('date')} {item.get('place')}"
    else:
        head = f"{item.get('source')} {item.get('stance')}"
    return f"{head}  «{evidence}»"
