"""Extraction on a real Dask cluster into a Parquet event dataset, and loading it into the stores.

A scheduler and two worker processes are started with the ``dask`` command line on free loopback
ports (stopped at the end). The articles are synthetic (``bench/newsgen.py``), 2,000 of them in
the three input kinds a cluster reads: a JSONL file split into byte ranges, a JSONL.gz file and a
Parquet article table. Every run is compared with the in-process run of the same command.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import newsgen  # noqa: E402

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("distributed")

SHARD_MB = "0.1"   # about 160 articles per JSONL shard: 8 byte ranges of a.jsonl
# Workers and the CLI import this checkout's geokg (not an installed copy elsewhere).
ENV = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def geokg(*args: str, timeout: float = 300, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geokg.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env=ENV, cwd=ROOT, **kw)


def geokg_popen(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "geokg.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=ENV, cwd=ROOT)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rows(folder: Path, table: str = "events") -> list[dict]:
    """Every row of a dataset table with its month, in input order."""
    import pyarrow.dataset as ds

    out = ds.dataset(folder / table, format="parquet", partitioning="hive").to_table().to_pylist()
    return sorted(out, key=lambda r: (r["shard"], r["article_seq"], r.get("event_seq", 0)))


def manifest(folder: Path) -> int:
    return len(list((folder / "_manifest").glob("*.json"))) if (folder / "_manifest").is_dir() else 0


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict:
    d = tmp_path_factory.mktemp("articles")
    recs = list(newsgen.articles(2000, seed=3))
    with open(d / "a.jsonl", "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in recs[:1200])
    with gzip.open(d / "b.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in recs[1200:1600])
    pq.write_table(pa.Table.from_pylist(recs[1600:]), d / "c.parquet", row_group_size=100)
    with open(d / "all.jsonl", "w", encoding="utf-8") as fh:   # the same articles, for a local ingest
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
    return {"dir": d, "files": [str(d / "a.jsonl"), str(d / "b.jsonl.gz"), str(d / "c.parquet")],
            "all": str(d / "all.jsonl")}


@pytest.fixture(scope="module")
def reference(inputs, tmp_path_factory) -> Path:
    """The in-process run: the rows every other run must reproduce."""
    out = tmp_path_factory.mktemp("ref") / "ds"
    r = geokg("extract", *inputs["files"], "--format", "parquet", "--out", str(out), "--shard-size", SHARD_MB)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    return out


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A Dask scheduler and two worker processes (no nanny: a killed worker stays dead)."""
    port, dash = free_port(), free_port()
    addr = f"tcp://127.0.0.1:{port}"
    logs = tmp_path_factory.mktemp("dask")
    dask = [sys.executable, "-m", "dask"]
    procs = [subprocess.Popen([*dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--dashboard-address", f"127.0.0.1:{dash}"],
                              stdout=subprocess.DEVNULL, stderr=open(logs / "scheduler.log", "w"), env=ENV)]
    try:
        from distributed import Client

        for i in range(2):
            procs.append(subprocess.Popen([*dask, "worker", addr, "--nthreads", "1", "--no-nanny", "--host",
                                           "127.0.0.1", "--name", f"w{i}", "--no-dashboard"],
                                          stdout=subprocess.DEVNULL, stderr=open(logs / f"w{i}.log", "w"), env=ENV))
        with Client(addr, timeout=60) as c:
            c.wait_for_workers(2, timeout=60)
            # the workers import this checkout's geokg
            where = c.run(lambda: __import__("geokg").__file__)
            assert all(p.startswith(str(ROOT)) for p in where.values()), where
        yield {"address": addr, "workers": procs[1:], "logs": logs}
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


def test_cluster_run_gives_the_in_process_rows(inputs, reference, cluster, tmp_path):
    out = tmp_path / "ds"
    r = geokg("extract", *inputs["files"], "--format", "parquet", "--out", str(out), "--shard-size", SHARD_MB,
              "--scheduler", cluster["address"])
    assert r.returncode == 0, r.stderr
    assert "Dask dashboard at http://127.0.0.1:" in r.stderr
    ref = rows(reference)
    assert len({e["article_id"] for e in ref}) > 1900 and len(ref) > 9000
    assert rows(out) == ref                                   # same event ids, same fields, same order
    assert rows(out, "articles") == rows(reference, "articles")
    assert len(rows(reference, "articles")) == 2000
    shards = manifest(reference)
    assert shards >= 10 and f"shards {shards}/{shards}, 2,000 articles" in r.stderr
    months = {p.name for p in (out / "events").iterdir()}
    assert "month=2023-08" in months and len(months) == 36   # partitioned by publication month


def test_dataset_rows_are_the_extraction_contract(inputs, reference, tmp_path):
    """Every row turns back into the record ``geokg extract --format jsonl`` prints for it."""
    from geokg.dataset.schema import row_event

    part = tmp_path / "part.jsonl"   # 300 of a.jsonl's articles: event ids do not depend on the file
    part.write_text("".join((inputs["dir"] / "a.jsonl").read_text(encoding="utf-8").splitlines(True)[:300]))
    r = geokg("extract", str(part), "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    contract = [json.loads(line) for line in r.stdout.splitlines()]
    by_id = {row["event_id"]: row_event(row).model_dump(mode="json") for row in rows(reference)}
    assert contract and all(by_id[e["event_id"]] == e for e in contract)


def test_finished_run_rerun_does_nothing(inputs, reference):
    before = {p: p.stat().st_mtime_ns for p in reference.rglob("*.parquet")}
    r = geokg("extract", *inputs["files"], "--format", "parquet", "--out", str(reference), "--shard-size", SHARD_MB)
    assert r.returncode == 0, r.stderr
    assert "0 to go" in r.stderr and "(0 run now), 2,000 articles" in r.stderr
    assert {p: p.stat().st_mtime_ns for p in reference.rglob("*.parquet")} == before


def test_other_options_on_a_dataset_are_refused(inputs, reference):
    r = geokg("extract", *inputs["files"], "--format", "parquet", "--out", str(reference), "--shard-size", SHARD_MB,
              "--lang", "en")
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [f"geokg: error: {reference} holds a dataset of other inputs or options; "
                                             "give a new --out, or remove it to start again"]


def of_file(folder: Path, table: str = "events") -> list[dict]:
    """The rows of the reference that came from the shards of another dataset (a.jsonl's: shard
    keys are a hash of file and byte range, so the same in both)."""
    return [r for r in rows(REFERENCE[0], table) if r["shard"] in {p.stem for p in (folder / "_manifest").glob("*.json")}]


REFERENCE: list[Path] = []


def test_killed_client_resumes(inputs, reference, cluster, tmp_path):
    """The client killed once some shards (not all) are done; the same command again finishes the rest.
    Only a.jsonl (1,200 articles, 8 shards) to keep the test short."""
    out = tmp_path / "ds"
    REFERENCE[:] = [reference]
    args = (inputs["files"][0], "--format", "parquet", "--out", str(out), "--shard-size", SHARD_MB,
            "--scheduler", cluster["address"])
    total = 8
    p = geokg_popen("extract", *args)
    deadline = time.monotonic() + 120
    while manifest(out) < 2 and time.monotonic() < deadline and p.poll() is None:
        time.sleep(0.02)
    p.send_signal(signal.SIGKILL)
    p.wait()
    assert 2 <= manifest(out) < total, "the client was not killed mid-run"
    # What is finished loads already, with a warning naming what is not.
    partial = geokg("ingest", str(out), "--store", str(tmp_path / "partial.sqlite"), "--no-prepare-queries")
    assert partial.returncode == 0, partial.stderr
    assert "shards are not finished and were left out" in partial.stderr
    assert 0 < json.loads(partial.stdout)["articles"] < 1200
    time.sleep(1)   # tasks already running when it died may still finish: harmless, they replace their parts
    r = geokg("extract", *args)
    assert r.returncode == 0, r.stderr
    assert "shards finished before" in r.stderr
    assert manifest(out) == total
    assert rows(out) == of_file(out) and len(rows(out, "articles")) == 1200
    assert rows(out, "articles") == of_file(out, "articles")


def test_bad_shards_on_a_cluster_are_skipped_as_locally(inputs, cluster, tmp_path):
    bad = tmp_path / "in"
    bad.mkdir()
    good = list(newsgen.articles(6, seed=9))
    (bad / "good.jsonl").write_text("".join(json.dumps(r) + "\n" for r in good[:3]) + "{oops\n")
    body = gzip.compress("".join(json.dumps(r) + "\n" for r in good[3:]).encode())
    (bad / "broken.jsonl.gz").write_bytes(body[: len(body) // 2])   # cut off mid-stream
    (bad / "table.parquet").write_text("not a parquet file\n")
    runs = {}
    for where in ("local", "cluster"):
        extra = ["--scheduler", cluster["address"]] if where == "cluster" else []
        r = geokg("extract", str(bad), "--format", "parquet", "--out", str(tmp_path / where), *extra)
        runs[where] = r
        assert r.returncode == 2, r.stderr
        lines = [line for line in r.stderr.splitlines() if line.startswith("geokg: skipped")]
        assert len(lines) == 3, r.stderr
        assert any("broken.jsonl.gz: damaged gzip stream" in line for line in lines)
        assert any("good.jsonl:4: malformed JSON" in line for line in lines)
        assert any("table.parquet: not a Parquet file" in line for line in lines)
        assert "Traceback" not in r.stderr
    summary = [[line for line in r.stderr.splitlines() if "read " in line and "skipped 3" in line] for r in runs.values()]
    assert summary[0] == summary[1] and len(summary[0]) == 1
    assert rows(tmp_path / "local") == rows(tmp_path / "cluster")


def test_unreachable_scheduler_is_one_line_exit_2(inputs, tmp_path):
    port = free_port()
    r = geokg("extract", inputs["files"][0], "--format", "parquet", "--out", str(tmp_path / "ds"),
              "--scheduler", f"tcp://127.0.0.1:{port}", "--scheduler-timeout", "2", timeout=60)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"geokg: error: cannot reach the Dask scheduler at "
                                                   f"tcp://127.0.0.1:{port}"), r.stderr


def test_worker_killed_mid_run(inputs, reference, cluster, tmp_path):
    """SIGKILL one of the two workers once some shards (not all) are done: Dask runs its tasks on
    the other one and the dataset has exactly the rows of the clean run. (Last of the cluster
    tests: the cluster has one worker afterwards.)"""
    out = tmp_path / "ds"
    REFERENCE[:] = [reference]
    total = 8   # a.jsonl alone: 1,200 articles
    p = geokg_popen("extract", inputs["files"][0], "--format", "parquet", "--out", str(out), "--shard-size", SHARD_MB,
                    "--scheduler", cluster["address"])
    deadline = time.monotonic() + 120
    while manifest(out) < 2 and time.monotonic() < deadline and p.poll() is None:
        time.sleep(0.02)
    victim = cluster["workers"][0]
    victim.send_signal(signal.SIGKILL)
    done_at_kill = manifest(out)
    victim.wait(timeout=10)
    stdout, stderr = p.communicate(timeout=300)
    assert 2 <= done_at_kill < total, "the worker was not killed mid-run"
    assert victim.returncode == -signal.SIGKILL
    assert p.returncode == 0, stderr
    assert manifest(out) == total
    assert rows(out) == of_file(out) and len(rows(out, "articles")) == 1200
    assert rows(out, "articles") == of_file(out, "articles")


@pytest.fixture(scope="module")
def small(inputs, tmp_path_factory) -> dict:
    """600 of the articles as a plain JSONL file, and its dataset (in-process, 6 shards)."""
    from geokg.distributed.engine import InProcess, extract_dataset

    d = tmp_path_factory.mktemp("small")
    lines = Path(inputs["all"]).read_text(encoding="utf-8").splitlines(keepends=True)[1200:1800]
    (d / "small.jsonl").write_text("".join(lines), encoding="utf-8")
    run = extract_dataset([str(d / "small.jsonl")], str(d / "ds"), InProcess(), shard_bytes=70_000)
    assert run.shards >= 5 and run.articles == 600
    return {"jsonl": str(d / "small.jsonl"), "ds": d / "ds"}


def _store_events(store) -> list[tuple]:
    return sorted((e.id, e.cameo, e.date, e.source, e.target, e.factuality, e.mention_count, e.source_count)
                  for e in store.events())


def test_dataset_ingest_equals_article_by_article(small, tmp_path):
    from geokg.graph import open_store

    one = geokg("ingest", small["jsonl"], "--store", str(tmp_path / "one.sqlite"), "--no-prepare-queries")
    assert one.returncode == 0, one.stderr
    ds = geokg("ingest", str(small["ds"]), "--store", str(tmp_path / "ds.sqlite"))
    assert ds.returncode == 0, ds.stderr
    assert "event rows/s" in ds.stderr
    stats = [json.loads(geokg("stats", "--store", str(tmp_path / n), "--format", "json").stdout)
             for n in ("one.sqlite", "ds.sqlite")]
    assert stats[0] == stats[1] and stats[0]["articles"] == 600 and stats[0]["events"] > 2500
    with open_store(tmp_path / "one.sqlite") as a, open_store(tmp_path / "ds.sqlite") as b:
        assert _store_events(a) == _store_events(b)
        merged = [e for e in a.events() if e.source_count > 1]   # reported by several articles
        assert len(merged) > 50
        for ev in merged:
            assert [m.model_dump() for m in a.mentions(ev.id)] == [m.model_dump() for m in b.mentions(ev.id)]
        assert None not in {m.published for m in b.mentions(merged[0].id)}   # publication dates survive


@pytest.mark.bolt
def test_dataset_into_the_bolt_server_by_parallel_writers(small, bolt_server, tmp_path):
    from geokg.dataset.load import load_dataset
    from geokg.dataset.reader import dataset_items
    from geokg.graph import open_store

    with bolt_server.fresh_database(bolt_server.new_database_name("scale")) as db:
        opts = {"user": bolt_server.user, "password": bolt_server.password, "database": db}
        done = load_dataset(str(small["ds"]), bolt_server.uri, store_options=opts, writers=2)
        assert done.writers == 2 and done.events_per_second > 0
        with open_store(tmp_path / "ref.sqlite") as st:
            st.ingest(dataset_items(str(small["ds"])))
            want, events = st.stats(), _store_events(st)
        assert done.stats == want
        with open_store(bolt_server.uri, **opts) as neo:
            assert _store_events(neo) == events


def test_dataset_reads_in_duckdb_pandas_polars(reference):
    duckdb = pytest.importorskip("duckdb")
    pl = pytest.importorskip("polars")
    import pandas as pd

    n = len(rows(reference))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    query = readme.split("```sql\n", 1)[1].split("```", 1)[0].replace("DIR", str(reference))
    daily = duckdb.sql(query).fetchall()          # the README's daily count per dyad, as it stands
    assert daily and 0 < sum(r[4] for r in daily) < n
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{reference}/events/*/*.parquet')").fetchall() == [(n,)]
    assert len(pd.read_parquet(reference / "events")) == n
    assert pl.scan_parquet(f"{reference}/events/*/*.parquet", hive_partitioning=True).select(pl.len()).collect().item() == n


def test_readme_documents_every_column():
    from geokg.dataset.schema import schema_markdown

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert schema_markdown("events") in readme and schema_markdown("articles") in readme


def test_parquet_options_misused_are_one_line(inputs, reference, tmp_path):
    cases = [(["--format", "parquet"], "--format parquet writes a dataset folder: give --out DIR"),
             (["--out", str(tmp_path / "x")], "add --format parquet"),
             (["--format", "parquet", "--out", str(tmp_path / "x"), "--workers", "2", "--scheduler", "tcp://h:1"],
              "not both"),
             (["--format", "parquet", "--out", str(tmp_path / "x"), "--jobs", "2"], "use --workers N")]
    for extra, says in cases:
        r = geokg("extract", inputs["files"][0], *extra)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and says in r.stderr, (extra, r.stderr)
    r = geokg("ingest", str(reference), "--lang", "en", "--store", str(tmp_path / "s.sqlite"))
    assert r.returncode == 2 and "--lang apply to articles" in r.stderr and not (tmp_path / "s.sqlite").exists()


def test_a_dataset_starts_in_a_new_folder_and_only_if_something_is_read(inputs, tmp_path):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    r = geokg("extract", inputs["files"][0], "--format", "parquet", "--out", str(busy))
    assert r.returncode == 2 and r.stderr.strip() == (f"geokg: error: {busy} exists and is not a geokg event "
                                                      "dataset: give a new or empty folder")
    assert sorted(p.name for p in busy.iterdir()) == ["notes.txt"]
    r = geokg("extract", str(tmp_path / "missing.jsonl"), "--format", "parquet", "--out", str(tmp_path / "ds"))
    assert r.returncode == 2 and r.stderr.strip() == f"geokg: skipped {tmp_path / 'missing.jsonl'}: no such file"
    assert not (tmp_path / "ds").exists()


def test_fsspec_urls_in_and_out(inputs, tmp_path):
    """Inputs and the dataset folder as fsspec URLs (file:// here; s3://, gs:// alike with their packages)."""
    src = f"file://{inputs['dir'] / 'b.jsonl.gz'}"
    out = f"file://{tmp_path / 'ds'}"
    r = geokg("extract", src, "--format", "parquet", "--out", out)
    assert r.returncode == 0, r.stderr
    assert len(rows(tmp_path / "ds", "articles")) == 400
    # (a file:// URL is read as the local path it names)
    assert {a["source"] for a in rows(tmp_path / "ds", "articles")} >= {f"{inputs['dir'] / 'b.jsonl.gz'}:{n}"
                                                                         for n in (1, 400)}
    r = geokg("ingest", out, "--store", str(tmp_path / "s.sqlite"), "--no-prepare-queries")
    assert r.returncode == 0 and json.loads(r.stdout)["articles"] == 400, r.stderr
