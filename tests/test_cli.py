"""The command line: extract end to end, its output contract and its failure modes."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import SAMPLE, SEEDS, needs_shared
from veille.cli import app
from veille.models import ArticleRecord

runner = CliRunner()


def run(*args):
    result = runner.invoke(app, list(map(str, args)))
    return result


def records(path):
    return [ArticleRecord.model_validate_json(line) for line in
            path.read_text(encoding="utf-8").splitlines() if line.strip()]


def check_offsets(record: ArticleRecord, text: str) -> None:
    for item in record.evidence_items():
        assert text[item.start:item.end] == item.evidence, (record.id, item)
    for place in record.places:
        for occurrence in place.occurrences:
            assert text[occurrence.start:occurrence.end].lower() == place.mention.lower()
    for claim in record.claims:
        assert text[claim.speaker_start:claim.speaker_end] == claim.speaker


@needs_shared
def test_extract_seeds_gives_five_records_with_exact_offsets(tmp_path, nlp):
    out = tmp_path / "x.jsonl"
    result = run("extract", SEEDS, "--out", out)
    assert result.exit_code == 0, result.output
    found = records(out)
    assert [r.published for r in found] == ["2022-02", None, "2020-10", "2020-11", "2023-06"]
    for record in found:
        check_offsets(record, (SEEDS / f"{record.id}.txt").read_text(encoding="utf-8"))
    assert "5 articles" in result.output


def test_extract_sample_corpus_every_format(tmp_path, nlp):
    from veille.read import read_paths

    out = tmp_path / "sample.jsonl"
    assert run("extract", SAMPLE, "--out", out).exit_code == 0
    found = {r.id: r for r in records(out)}
    texts = {a.id: a.text for a in read_paths([SAMPLE])}
    assert set(found) == set(texts) and len(found) == 7
    for record in found.values():
        check_offsets(record, texts[record.id])
        assert record.places and record.events, record.id


def test_out_dash_writes_json_lines_to_stdout(tmp_path, nlp):
    article = tmp_path / "a.txt"
    article.write_text(" date 2024-05-12\nAu moins sept civils ont été tués à Kharkiv.",
                       encoding="utf-8")
    result = run("extract", article, "--out", "-")
    assert result.exit_code == 0
    line = next(row for row in result.stdout.splitlines() if row.startswith("{"))
    record = json.loads(line)
    assert record["id"] == "a" and record["casualties"][0]["low"] == 7


def test_skipped_inputs_are_named_and_the_rest_is_written(tmp_path, nlp):
    good = tmp_path / "good.txt"
    good.write_text("Des combats ont fait deux morts à Goma.", encoding="utf-8")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    out = tmp_path / "out.jsonl"
    result = run("extract", good, binary, tmp_path / "missing.txt", "--out", out)
    assert result.exit_code == 1
    assert f"{binary}: binary file" in result.output
    assert "missing.txt: no such file or directory" in result.output
    assert "Traceback" not in result.output
    assert [r.id for r in records(out)] == ["good"]


def test_strict_stops_and_leaves_no_output(tmp_path, nlp):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    good = tmp_path / "good.txt"
    good.write_text("Des combats ont éclaté.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run("extract", empty, good, "--out", out, "--strict")
    assert result.exit_code == 1 and "--strict" in result.output
    assert not out.exists() and not list(tmp_path.glob(".out.jsonl.*"))


def test_failure_midway_leaves_previous_output_untouched(tmp_path, nlp, monkeypatch):
    import veille.extract

    out = tmp_path / "out.jsonl"
    out.write_text("previous run\n", encoding="utf-8")
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text("Des combats.", encoding="utf-8")

    def broken(articles, *args, **kwargs):
        for n, _ in enumerate(articles):
            if n == 2:
                raise RuntimeError("disk full")
            yield ArticleRecord(id=str(n), published=None)

    monkeypatch.setattr(veille.extract, "extract", broken)
    result = run("extract", tmp_path, "--out", out)
    assert result.exit_code != 0
    assert out.read_text(encoding="utf-8") == "previous run\n"
    assert not list(tmp_path.glob(".out.jsonl.*"))


def test_help_explains_the_inputs():
    result = run("extract", "--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    for words in (".jsonl", "date YYYY-MM", "RSS/Atom", "--out", "--strict", "PATH..."):
        assert words in text


def test_usage_errors_exit_2():
    assert run("extract").exit_code == 2


@pytest.mark.parametrize("args", [["--version"]])
def test_version(args):
    result = run(*args)
    assert result.exit_code == 0 and "veille" in result.output


def test_ray_engine_without_ray_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "ray", None)  # import ray fails
    result = run("extract", SAMPLE, "--engine", "ray", "--out", tmp_path / "shards")
    assert result.exit_code == 1
    assert "pip install 'veille[ray]'" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "shards").exists()


@pytest.mark.parametrize("args", [["--engine", "spark"], ["--engine", "ray", "--strict"],
                                  ["--engine", "ray", "--out", "-"]])
def test_engine_misuse_is_a_usage_error(tmp_path, args):
    options = args if "--out" in args else args + ["--out", str(tmp_path / "o")]
    assert run("extract", SAMPLE, *options).exit_code == 2
