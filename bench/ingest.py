"""Ingest benchmark: load generated events into a store and print events/s, memory and size on disk.

    .venv/bin/python bench/ingest.py                       # 1M events into a temporary embedded store
    .venv/bin/python bench/ingest.py --events 200000 --store /tmp/g.sqlite
    .venv/bin/python bench/ingest.py --events 100000 --uri bolt://127.0.0.1:7687 --user root --password ...

``--events`` counts happenings (events once deduplicated); each is reported by about 2.1 articles,
so the store receives about 2.1 extracted records per event (see bench/gen.py). Generation runs
outside the timed part: records are generated in chunks, then each chunk is ingested and timed.
Events/s is events stored per second of ingest; mentions/s is extracted records per second.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gen import generate_events  # noqa: E402

from geokg.graph import open_store  # noqa: E402


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file()) / 1e6


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000, help="distinct events (happenings) to generate")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--store", help="embedded store file (default: a temporary file, removed afterwards)")
    ap.add_argument("--uri", help="any store URI instead, e.g. bolt://127.0.0.1:7687 (the Neo4j store)")
    ap.add_argument("--user", help="user for --uri stores that need one")
    ap.add_argument("--password", help="password for --uri stores that need one")
    ap.add_argument("--batch-size", type=int, default=5000, help="items per transaction")
    ap.add_argument("--cache-mb", type=int, help="SQLite page cache of the embedded store (its default: 256)")
    ap.add_argument("--chunk", type=int, default=50_000, help="records generated ahead of each timed ingest call")
    ap.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slows ingest)")
    ap.add_argument("--check", action="store_true", help="run the store's integrity check afterwards (embedded)")
    args = ap.parse_args(argv)

    tmp = None
    if args.uri:
        uri, path = args.uri, None
        options = {k: v for k, v in (("user", args.user), ("password", args.password)) if v}
    else:
        if args.store:
            path = Path(args.store).resolve()
        else:
            tmp = tempfile.mkdtemp(prefix="geokg-bench-")
            path = Path(tmp) / "bench.sqlite"
        uri, options = str(path), ({"cache_mb": args.cache_mb} if args.cache_mb else {})

    if args.tracemalloc:
        tracemalloc.start()
    rss_before = _rss_mb()
    store = open_store(uri, **options)
    gen_s = ingest_s = cpu_s = 0.0
    records = 0
    new_events = new_mentions = 0
    stream = generate_events(args.events, args.seed)
    try:
        while True:
            t0 = time.perf_counter()
            chunk = list(islice(stream, args.chunk))
            t1 = time.perf_counter()
            gen_s += t1 - t0
            if not chunk:
                break
            c1 = time.process_time()
            report = store.ingest(chunk, batch_size=args.batch_size)
            ingest_s += time.perf_counter() - t1
            cpu_s += time.process_time() - c1
            records += len(chunk)
            new_events += report.events_new
            new_mentions += report.mentions_new
            print(f"\r{records:>10,} records  {new_events:>10,} events  {new_events / ingest_s:>9,.0f} events/s",
                  end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        t0 = time.perf_counter()
        stats = store.stats()
        stats_s = time.perf_counter() - t0
        problems = None
        if args.check and hasattr(store, "check_integrity"):
            t0 = time.perf_counter()
            problems = store.check_integrity()
            check_s = time.perf_counter() - t0
    finally:
        store.close()
    traced_peak = tracemalloc.get_traced_memory()[1] / 1e6 if args.tracemalloc else None

    print(f"store            {uri}")
    print(f"generated        {records:,} extracted records for {args.events:,} events in {gen_s:.1f} s (not timed)")
    print(f"ingest time      {ingest_s:.2f} s wall, {cpu_s:.2f} s CPU (batches of {args.batch_size:,},"
          f" one transaction each; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})")
    print(f"events/s         {new_events / ingest_s:,.0f}   ({new_events:,} events stored)")
    print(f"mentions/s       {new_mentions / ingest_s:,.0f}   ({new_mentions:,} mentions stored)")
    print(f"stats            {stats}  ({stats_s * 1000:.0f} ms)")
    print(f"peak memory      {_rss_mb():,.0f} MB max RSS (process, {rss_before:,.0f} MB before opening the store)")
    if traced_peak is not None:
        print(f"python heap peak {traced_peak:,.0f} MB (tracemalloc)")
    if path is not None:
        print(f"size on disk     {_size_mb(path):,.0f} MB ({_size_mb(path) * 1e6 / max(new_events, 1):,.0f} bytes/event)")
    if problems is not None:
        print(f"integrity        {'ok' if not problems else problems} ({check_s:.1f} s)")
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
