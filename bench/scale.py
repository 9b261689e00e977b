"""Scale-out benchmark: extraction in-process against a local Dask cluster, and loading a dataset.

    .venv/bin/python bench/scale.py --articles 100000             # extraction: in-process vs --workers 2
    .venv/bin/python bench/scale.py --articles 0 --load-events 1000000   # loading a 1M-event dataset
    .venv/bin/python bench/scale.py --articles 0 --bolt-events 20000     # into the Bolt test server, 1/2/4 writers

Extraction: ``--articles`` synthetic articles (``bench/newsgen.py``, half English, half
Indonesian) in one JSONL file, extracted by ``geokg extract --format parquet`` once in-process and
once with ``--workers N`` (a local cluster, started and stopped by the command, whose start is
timed too), and, as a control, the input cut in N parts extracted by N plain in-process runs at
once (no Dask: what the machine gives N processes at that moment). Printed: wall time, articles/s,
speed-up and efficiency (speed-up / workers), the
peak RSS of each process (sampled every 0.2 s), the CPU cost per article (the in-process run's
CPU seconds / articles), whether both datasets hold the same rows, and a sizing table that
projects articles per hour for 8, 64 and 512 workers from that cost and the measured efficiency
(a projection, not a measurement: it assumes the input store and the output store keep up, and
Dask's scheduler, which handles thousands of tasks/s, sees a few tasks/s per 100 workers here).

Loading: ``--load-events`` happenings from ``bench/gen.py`` (about 2.1 mentions each), written as a
dataset (articles in order, 5,000 per shard), then loaded with ``geokg ingest DIR`` into a fresh
embedded store, against the same items given to the store directly (the article-by-article ingest
minus extraction); both stores' ``stats`` must agree.

The machine's cores may be shared with other work: the load average at the start and end of each
run is printed, since it distorts every figure here.

Figures (2 vCPUs shared with other sessions' test suites, load average 1.5-4.5; see the README's
"Figures" for the whole story)::

    --articles 100000   in-process 179.4 s (557 articles/s, 162.9 CPU s, 619 MB)
                        --workers 2 146.3 s (683 articles/s, 187.0 CPU s, workers 457/462 MB): 1.23x
                        control, 2 plain processes: 95.4 s (1.88x); cost 1.63 CPU ms per article
    --load-events 1000000   2,107,994 rows: dataset -> embedded 152.5 s (13,800 rows/s, 1.8 GB),
                        the same items directly 83.0 s (1.6 GB); same stats
    --bolt-events 20000     42,127 rows into the Bolt test server: 1 writer 2,611 rows/s,
                        2 writers 2,502, 4 writers 1,769; same counts
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
ENV = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _sample(proc: subprocess.Popen, peaks: dict[int, tuple[str, float]], stop: threading.Event) -> None:
    """Peak RSS (MB) of a process and its descendants, by pid."""
    import psutil

    try:
        root = psutil.Process(proc.pid)
    except psutil.NoSuchProcess:
        return
    while not stop.is_set():
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for p in procs:
            try:
                rss = p.memory_info().rss / 2**20
                cmd = " ".join(p.cmdline())
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            if "resource_tracker" in cmd:   # multiprocessing's helper, not a worker
                continue
            name = "client" if p.pid == proc.pid else "worker"
            if rss > peaks.get(p.pid, ("", 0.0))[1]:
                peaks[p.pid] = (name, rss)
        stop.wait(0.2)


def timed(cmd: list[str]) -> dict:
    """Run a command: wall and CPU seconds (its own and its descendants'), peak RSS by process."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV, cwd=ROOT)
    peaks: dict[int, tuple[str, float]] = {}
    stop = threading.Event()
    sampler = threading.Thread(target=_sample, args=(proc, peaks, stop), daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0,):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-2000:]}")
    return {"wall": wall, "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "peaks": sorted(peaks.values(), key=lambda x: x[0]), "stderr": err, "stdout": out}


def _rows(folder: Path) -> list[tuple]:
    import pyarrow.dataset as ds

    t = ds.dataset(folder / "events", format="parquet", partitioning="hive").to_table()
    return sorted(zip(*(t.column(c).to_pylist() for c in ("shard", "article_seq", "event_seq", "event_id"))))


def control(src: Path, n: int, workers: int, work: Path) -> dict:
    """The machine's own ceiling: the input cut in *workers* parts, each extracted by a plain
    in-process ``geokg extract`` at the same time (no Dask): wall and CPU seconds."""
    import resource

    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    parts = []
    for i in range(workers):
        part = work / f"part{i}-{n}.jsonl"
        part.write_text("".join(lines[i::workers]), encoding="utf-8")
        parts.append(part)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    procs = []
    for i, part in enumerate(parts):
        out = work / f"ds-part{i}-{n}"
        subprocess.run(["rm", "-rf", str(out)], check=True)
        procs.append(subprocess.Popen([sys.executable, "-m", "geokg.cli", "extract", str(part), "--format", "parquet",
                                       "--out", str(out)], env=ENV, cwd=ROOT, stderr=subprocess.DEVNULL))
    if any(p.wait() != 0 for p in procs):
        raise SystemExit("a control run failed")
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"wall": wall, "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)}


def extraction(n: int, workers: int, work: Path) -> None:
    import newsgen

    src = work / f"articles-{n}.jsonl"
    if not src.exists():
        newsgen.write_jsonl(src, n, seed=11)
    size = src.stat().st_size
    print(f"# extraction: {n:,} articles ({size / 2**20:.0f} MB JSONL), cpu count {os.cpu_count()}, "
          f"load average {os.getloadavg()[0]:.2f}")
    base = [sys.executable, "-m", "geokg.cli", "extract", str(src), "--format", "parquet"]
    runs = {}
    for label, extra in (("in-process", []), (f"--workers {workers}", ["--workers", str(workers)])):
        out = work / f"ds-{label.strip('-').replace(' ', '')}-{n}"
        subprocess.run(["rm", "-rf", str(out)], check=True)
        r = timed([*base, "--out", str(out), *extra])
        r["out"] = out
        runs[label] = r
        workers_rss = [rss for name, rss in r["peaks"] if name == "worker"]
        client_rss = max((rss for name, rss in r["peaks"] if name == "client"), default=0)
        print(f"{label:<14} wall {r['wall']:8.1f} s  {n / r['wall']:7.1f} articles/s  CPU {r['cpu']:8.1f} s  "
              f"peak RSS client {client_rss:,.0f} MB"
              + (f", per worker {', '.join(f'{x:,.0f}' for x in workers_rss)} MB" if workers_rss else "")
              + f"  (load average now {os.getloadavg()[0]:.2f})")
    one, many = runs["in-process"], runs[f"--workers {workers}"]
    speedup = one["wall"] / many["wall"]
    cost = one["cpu"] / n
    same = _rows(one["out"]) == _rows(many["out"])
    print(f"speed-up {speedup:.2f}x with {workers} workers, efficiency {speedup / workers:.0%}; "
          f"same rows in both datasets: {same}")
    print(f"cost per article: {cost * 1000:.2f} CPU ms in-process ({1 / cost:,.0f} articles per core-second)")
    # Contention-proof: CPU seconds do not grow when other work shares the cores, wall time does.
    cpu_eff = one["cpu"] / many["cpu"]
    print(f"CPU of the cluster run (client, scheduler, workers) against in-process: {many['cpu'] / one['cpu']:.2f}x; "
          f"on {workers} free cores that gives a speed-up of at most {workers * cpu_eff:.2f}x")
    ctl = control(work / f"articles-{n}.jsonl", n, workers, work)
    print(f"control, {workers} plain in-process runs at once on 1/{workers} each (no Dask): wall {ctl['wall']:.1f} s, "
          f"CPU {ctl['cpu']:.1f} s: speed-up {one['wall'] / ctl['wall']:.2f}x, the most this machine gave "
          f"{workers} processes just now; Dask reached {speedup / (one['wall'] / ctl['wall']):.0%} of it "
          f"(load average now {os.getloadavg()[0]:.2f})")
    eff = min(speedup / workers, 1.0)
    if os.getloadavg()[1] > os.cpu_count():   # the cores were shared: wall-clock efficiency says little
        eff = min(cpu_eff, 1.0)
        print(f"(load average over {os.cpu_count()} cores: the sizing uses the CPU efficiency {eff:.0%})")
    print("\nsizing (a projection from the measured cost and efficiency, not a measurement):")
    print("| workers | articles/hour | 1M articles in |")
    print("| ---: | ---: | ---: |")
    for w in (8, 64, 512):
        per_hour = w * eff * 3600 / cost
        print(f"| {w} | {per_hour:,.0f} | {1e6 / per_hour * 60:,.1f} min |")


def _write_dataset(events: int, out: Path) -> int:
    """The dataset of ``bench/gen.py``'s records (articles in order, 5,000 per shard); returns rows."""
    from gen import generate_events

    from geokg.dataset.schema import article_row, event_row
    from geokg.dataset.writer import write_entry, write_meta
    from geokg.dataset.writer import write_parts
    from geokg.schema.models import Article, stable_id

    shards, rows = [], 0
    art_rows: list[dict] = []
    ev_rows: list[dict] = []
    current, seq, ev_seq = None, -1, 0

    def flush() -> None:
        key = stable_id("sh", "gen", events, len(shards))
        for r in art_rows:
            r["shard"] = key
        for r in ev_rows:
            r["shard"] = key
        files = write_parts(str(out), key, art_rows, ev_rows)
        write_entry(str(out), {"key": key, "name": key, "articles": len(art_rows), "events": len(ev_rows),
                               "undated": 0, "skipped": [], "warnings": [], "files": files, "seconds": 0, "bytes": 0})
        shards.append(key)
        art_rows.clear()
        ev_rows.clear()

    for e in generate_events(events, seed=5):
        if e.article_id != current:
            if len(art_rows) >= 5000:
                flush()
                seq = -1
            current, seq, ev_seq = e.article_id, seq + 1, 0
            art_rows.append(article_row(Article(id=e.article_id, text="", url=e.url, title=e.title,
                                                published=e.published, lang=e.lang),
                                        events=0, shard="", article_seq=seq))
        art_rows[-1]["events"] += 1
        ev_rows.append(event_row(e, shard="", article_seq=seq, event_seq=ev_seq))
        ev_seq += 1
        rows += 1
    if art_rows:
        flush()
    write_meta(str(out), {"format": "geokg-events", "geokg": "bench", "options": {}, "shards": shards})
    return rows


def _direct(events: int, store: str) -> None:
    """The same items straight into a store, article by article (run in a subprocess: its own RSS)."""
    from gen import generate_events

    from geokg.graph import open_store
    from geokg.schema.models import Article

    def items():
        current = None
        for e in generate_events(events, seed=5):
            if e.article_id != current:
                current = e.article_id
                yield Article(id=e.article_id, text="", url=e.url, title=e.title, published=e.published, lang=e.lang)
            yield e

    t0 = time.perf_counter()
    with open_store(store) as st:
        st.ingest(items())
        print(json.dumps({"stats": st.stats(), "seconds": time.perf_counter() - t0}))


def loading(events: int, work: Path) -> None:
    out = work / f"gen-{events}"
    if not (out / "_dataset.json").exists():
        t0 = time.perf_counter()
        rows = _write_dataset(events, out)
        print(f"# loading: wrote a dataset of {rows:,} event rows ({events:,} happenings) in "
              f"{time.perf_counter() - t0:.0f} s")
    for p in work.glob("load-*.sqlite*"):
        p.unlink()
    print(f"# load average {os.getloadavg()[0]:.2f}")
    ds = timed([sys.executable, "-m", "geokg.cli", "ingest", str(out), "--store", str(work / "load-ds.sqlite"),
                "--no-prepare-queries"])
    line = [x for x in ds["stderr"].splitlines() if "rows/s" in x]
    print(f"dataset -> embedded: wall {ds['wall']:.1f} s, peak RSS {max(r for _, r in ds['peaks']):,.0f} MB: "
          f"{line[-1] if line else ds['stderr'][-300:]}")
    direct = timed([sys.executable, str(Path(__file__)), "--direct", str(events), str(work / "load-direct.sqlite")])
    d = json.loads(direct["stdout"])
    print(f"items -> embedded (no dataset): {d['seconds']:.1f} s of ingest, peak RSS "
          f"{max(r for _, r in direct['peaks']):,.0f} MB (generation included in the RSS)")
    got = json.loads(ds["stdout"].strip().splitlines()[-1])
    print(f"stats from the dataset: {got}\nstats from the items:   {d['stats']}\nsame: {got == d['stats']}")


def bolt_loading(events: int, work: Path, writers: list[int]) -> None:
    """The dataset of *events* happenings into the Bolt test server (tests/bolt_server.py, ArcadeDB)
    by 1 and more writers: events/s, retries, and the same counts every time."""
    import logging

    sys.path.insert(0, str(ROOT / "tests"))
    from bolt_server import BoltServer

    from geokg.dataset.load import load_dataset

    logging.getLogger("neo4j").addHandler(logging.NullHandler())   # the driver's retry notices
    logging.getLogger("neo4j").propagate = False
    out = work / f"gen-{events}"
    if not (out / "_dataset.json").exists():
        _write_dataset(events, out)
    with BoltServer(root=tempfile.mkdtemp(prefix="geokg-bolt-"), heap="1g") as srv:
        for w in writers:
            with srv.fresh_database(f"w{w}") as db:
                load = os.getloadavg()[0]
                d = load_dataset(str(out), srv.uri, writers=w,
                                 store_options={"user": srv.user, "password": srv.password, "database": db})
                print(f"Bolt test server, {w} writer{'s' if w > 1 else ' '}: {d.rows:,} event rows in {d.seconds:.1f} s, "
                      f"{d.events_per_second:,.0f} events/s, {d.retries} chunks retried, load average {load:.2f}: "
                      f"{d.stats}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--load-events", type=int, default=0, help="happenings of the loading benchmark (0: none)")
    ap.add_argument("--bolt-events", type=int, default=0, help="happenings loaded into the Bolt test server (0: none)")
    ap.add_argument("--work", type=Path, default=None, help="folder for inputs and outputs (default: a temporary one)")
    ap.add_argument("--direct", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.direct:
        _direct(int(args.direct[0]), args.direct[1])
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="geokg-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"# bench/scale.py {' '.join(sys.argv[1:])}  (work folder {work})")
    if args.articles:
        extraction(args.articles, args.workers, work)
    if args.load_events:
        loading(args.load_events, work)
    if args.bolt_events:
        bolt_loading(args.bolt_events, work, [1, 2, 4])


if __name__ == "__main__":
    main()
