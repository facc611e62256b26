"""The Ray engine, in local mode: the same records as the local engine, bad rows
reported, a killed worker's batch run again."""
from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SAMPLE, SEEDS
from veille.cli import app
from veille.extract import extract
from veille.read import read_paths
from veille.store import Store

ray = pytest.importorskip("ray")
cluster = pytest.importorskip("veille.cluster")
runner = CliRunner()
WORKER = "MapWorker(MapBatches(Extractor))"


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    ray.init(num_cpus=3,  # as veille starts it on 2 cores: one CPU more, for Ray
             include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield
    ray.shutdown()


def local_records(paths, nlp) -> dict[str, str]:
    articles = [a for a in read_paths(paths) if hasattr(a, "text")]
    return {r.id: r.model_dump_json() for r in extract(articles, nlp)}


def ray_records(directory: Path) -> dict[str, str]:
    records = [r for _, r in cluster.read_shards(directory)]
    found = {r.id: r.model_dump_json() for r in records}
    assert len(found) == len(records), "an article was written twice"
    return found


def test_ray_gives_the_records_of_the_local_engine(tmp_path, nlp):
    paths = [str(SAMPLE)] + ([str(SEEDS)] if SEEDS.is_dir() else [])
    summary = cluster.extract_to_shards(paths, tmp_path / "out", workers=2, batch_size=3)
    expected = local_records(paths, nlp)
    assert summary.errors == [] and summary.records == len(expected)
    assert ray_records(tmp_path / "out") == expected


def test_bad_rows_are_reported_and_the_rest_is_ingested(tmp_path, nlp):
    import pyarrow as pa
    import pyarrow.parquet as pq

    feed = tmp_path / "in"
    feed.mkdir()
    (feed / "wire.jsonl").write_text(
        json.dumps({"id": "ok-1", "text": "Deux civils ont été tués à Goma samedi.",
                    "published": "2024-02-10"}) + "\n{broken\n" +
        json.dumps({"id": "no-text"}) + "\n", encoding="utf-8")
    pq.write_table(pa.table({"id": ["ok-2", "empty"], "published": ["2024-03-01", None],
                             "text": ["Au moins sept soldats ont été tués à Kharkiv.", " "]}),
                   feed / "archive.parquet")
    db = tmp_path / "veille.db"
    result = runner.invoke(app, ["ingest", str(feed), str(tmp_path / "missing.txt"),
                                 "--engine", "ray", "--db", str(db), "-w", "2"])
    assert result.exit_code == 1, result.output
    for message in ("wire.jsonl:2: not JSON", "wire.jsonl:3: no \"text\" field",
                    "archive.parquet:2: \"text\" is empty", "missing.txt: no such file"):
        assert message in result.output
    assert "Traceback" not in result.output
    with Store(db) as store:
        assert store.counts()["article"] == 2
    assert not (tmp_path / ".veille.db.shards").exists()
    again = runner.invoke(app, ["ingest", str(feed), "--engine", "ray", "--db", str(db)])
    assert "0 added" in again.output and "2 unchanged" in again.output


def worker_pids() -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                command = Path(f"/proc/{entry}/cmdline").read_bytes().decode(errors="ignore")
            except OSError:
                continue
            if WORKER in command:
                found.append(int(entry))
    return found


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def kill_a_worker_at_work(killed: list[int], stop: threading.Event) -> None:
    """Kill -9 the first extraction worker seen with its model loaded, once."""
    while not stop.is_set() and not killed:
        for pid in worker_pids():
            try:
                if resident_mb(pid) > 400:  # the model is in: it is extracting
                    time.sleep(0.5)
                    os.kill(pid, 9)
                    killed.append(pid)
                    break
            except OSError:
                continue
        time.sleep(0.05)


def test_a_killed_worker_is_replaced_and_no_article_is_lost(tmp_path, nlp):
    articles = [a for a in read_paths([str(SAMPLE)]) if hasattr(a, "text")]
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for n in range(25):
            for article in articles:
                out.write(json.dumps({"id": f"{article.id}-{n}", "text": article.text,
                                      "published": article.published}) + "\n")
    killed: list[int] = []
    stop = threading.Event()
    killer = threading.Thread(target=kill_a_worker_at_work, args=(killed, stop))
    killer.start()
    try:
        summary = cluster.extract_to_shards([str(corpus)], tmp_path / "out", workers=2,
                                            batch_size=4)
    finally:
        stop.set()
        killer.join()
    assert killed, "no worker was killed: the test did not test anything"
    assert summary.records == 25 * len(articles) and summary.errors == []
    assert ray_records(tmp_path / "out") == local_records([str(corpus)], nlp)


def test_the_watcher_extracts_on_a_standing_ray_pool(tmp_path, nlp, site):
    from local_site import MALI, page
    from veille.watch import Watcher
    from veille.watch.settings import load_settings
    from veille.watch.sources import Source

    pool = cluster.ExtractorPool(workers=1)
    articles = [a for a in read_paths([SAMPLE]) if hasattr(a, "text")][:3]
    assert [r.model_dump_json() for r in pool(articles)] == \
        [r.model_dump_json() for r in extract(articles, nlp)]

    url = site.put("/mali", page(*MALI), content_type="text/html")
    feeds = [Source(site.feed("/fil.xml", [{"title": MALI[0], "link": url}]), "Exemple")]
    with Store(tmp_path / "v.db") as store:
        watcher = Watcher(store, load_settings(overrides={"timeout": 2.0}), extractor=pool)
        report = asyncio.run(watcher.poll_pass(feeds, every=True))
        assert report.stored == 1 and store.counts()["incident"] >= 1
