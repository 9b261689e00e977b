"""Ingest benchmark: load generated events into a store and print events/s, memory and size on disk.

    .venv/bin/python bench/ingest.py                       # 1M events into a temporary embedded store
    .venv/bin/python bench/ingest.py --events 200000 --store /tmp/g.sqlite
    .venv/bin/python bench/ingest.py --events 100000 --uri bolt://127.0.0.1:7687 --user root --password ...

``--events`` counts happenings (events once deduplicated); each is reported by about 2.1 articles,
so the store receives about 2.1 extracted records per event (see bench/gen.py). Generation runs
outside the timed part: records are generated in chunks, then each chunk is ingested and timed.
Events/s is events stored per second of ingest; mentions/s is extracted records per second.

Figures (embedded store; 2-core VM, Python 3.11, SQLite 3.40, nothing else running, load average
about 1.0 from the bench itself; the VM's speed drifts: the same code measured 17.7k to 20.2k events/s
at 1M on one evening):

======================================  ==============  =========  ======  ======  ========  ========
run                                     events/s        records/s    wall     CPU  max RSS   on disk
======================================  ==============  =========  ======  ======  ========  ========
200k                                            23,660     50,163   8.5 s   8.5 s    500 MB    206 MB
1M (best of 3; others 18,779, 17,704)          20,156     42,472  49.6 s  48.3 s  1,656 MB  1,018 MB
1M (a later session; another run: 16,091)      18,565     39,121  53.9 s  52.3 s  1,656 MB  1,018 MB
1M, ``--batch-size 50000``                      19,615     41,332  51.0 s  49.8 s  1,628 MB  1,018 MB
1M, schema 1 (commit 39bfbfa)                   14,917     31,432  67.0 s  64.0 s  1,550 MB  1,022 MB
======================================  ==============  =========  ======  ======  ========  ========

Where the CPU time of the 1M load goes (per-statement timing): Python turning records into rows
about 14 s (of which the two blake2b identities per record 4 s) and deciding counts, factualities
and dyads about 9 s; building the seven indexes after the load 10 s; inserting mentions 4.8 s,
events 2.6 s, dyads 2.3 s, articles 1.4 s; COMMITs 3 s. CPython's cycle collector used to run
thousands of times per load over the batch's live objects (7.7 s of collector time in a 200k run,
measured with ``gc.callbacks``); ingest now pauses it (``geokg.graph.base.gc_paused``): 0.03 s at 1M.

The goal of 100k events/s (10 s for 1M events and 2.1M mentions) is out of reach for SQLite on this
machine: ``--engine-floor`` times SQLite alone writing the rows of a 1M store into a fresh file
(``INSERT ... SELECT``, one transaction, no Python, no deduplication) and building its indexes:
16.4 s (events 0.9 s, mentions 1.6 s, articles 0.3 s, the seven indexes 11.0 s, commit 2.6 s), a
ceiling of 61k events/s for any SQLite store whatever its ingest code. It is out of reach too for
any store fed these Python objects in one process: ``--floor`` measures the least work a store must do with each
record, reading its fields and computing its two identities while storing nothing, at 8.6 CPU s for
the 2.1M records of 1M events (4.1 us a record; ceiling 116k events/s), which leaves 1.4 s for
writing 3.7M rows and their indexes, where SQLite's statements take about 24 s. A columnar engine
does not change that much: a prototype loading the same records into DuckDB 2.0 from Arrow columns
(outside the project) reached 28,707 events/s at 1M (Python loop and columns 18.9 s, DuckDB 15.7 s;
151 MB on disk), 30k at 200k. Tried and not kept: a thread preparing the next batch while SQLite
writes (the GIL: no faster), larger batches (above), a larger page cache, ``PRAGMA threads`` for
the index builds (no faster).
"""

from __future__ import annotations

import argparse
import gc
import json
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
from geokg.graph.base import actor_key, identities  # noqa: E402


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file()) / 1e6


def floor_seconds(records: list) -> float:
    """CPU seconds to do what any store must do with each record, storing nothing.

    Read every field a store keeps (article, actors and their graph keys, code, scores, date,
    factuality, evidence) and compute the record's two identities (happening and mention). This is
    the least work a store fed these Python objects can do, so 1/this bounds its events/s.
    """
    gc.disable()  # as the stores run their batches (geokg.graph.base.gc_paused)
    c0 = time.process_time()
    sink = None
    for e in records:
        sk, tk = actor_key(e.source), actor_key(e.target)
        ev = e.evidence
        sink = (identities(sk, tk, e), e.article_id, e.url, e.title, e.published, e.lang, ev.text, ev.start,
                ev.end, e.cameo, e.quad_class, e.goldstein, e.plover, e.date, e.date_precision, e.factuality,
                e.confidence, e.source and e.source.id, e.target and e.target.id)
    took = time.process_time() - c0
    gc.enable()
    del sink
    return took


_CORE_TABLES = ("articles", "actors", "events", "mentions", "dyads")


def engine_floor(stored: Path) -> dict[str, float]:
    """Seconds SQLite itself takes to write an embedded store's rows and indexes, with no Python.

    Copies every core table of ``stored`` into a fresh file with ``INSERT ... SELECT`` (events in
    rowid order, as a load inserts them; mentions in key order, which is cheaper than any load's
    order), in one transaction, with the store's pragmas, then builds the same indexes. Nothing is
    bound from Python and nothing is deduplicated, so no SQLite store can load these rows faster;
    events / the total bounds its events/s on this machine.
    """
    import sqlite3

    out = stored.with_name(stored.name + ".floor")
    for p in out.parent.glob(out.name + "*"):
        p.unlink()
    conn = sqlite3.connect(out, isolation_level=None)
    try:
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "cache_size=-262144", "temp_store=MEMORY"):
            conn.execute(f"PRAGMA {pragma}")
        conn.execute("ATTACH DATABASE ? AS src", (f"file:{stored}?mode=ro",))
        schema = conn.execute("SELECT type, name, tbl_name, sql FROM src.sqlite_master WHERE sql IS NOT NULL").fetchall()
        tables = {name: sql for kind, name, _, sql in schema if kind == "table" and name in _CORE_TABLES}
        indexes = {name: sql for kind, name, tbl, sql in schema if kind == "index" and tbl in _CORE_TABLES}
        took: dict[str, float] = {}
        t0 = time.perf_counter()
        conn.execute("BEGIN")
        for sql in tables.values():
            conn.execute(sql)
        for name in _CORE_TABLES:
            t = time.perf_counter()
            order = " ORDER BY rowid" if name == "events" else ""
            conn.execute(f"INSERT INTO main.{name} SELECT * FROM src.{name}{order}")
            took[f"insert {name}"] = time.perf_counter() - t
        t = time.perf_counter()
        for sql in indexes.values():
            conn.execute(sql)
        took["build indexes"] = time.perf_counter() - t
        t = time.perf_counter()
        conn.execute("COMMIT")
        took["commit"] = time.perf_counter() - t
        took["total"] = time.perf_counter() - t0
        took["events"] = conn.execute("SELECT count(*) FROM main.events").fetchone()[0]
        return took
    finally:
        conn.close()
        for p in out.parent.glob(out.name + "*"):
            p.unlink()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000, help="distinct events (happenings) to generate")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--store", help="embedded store file (default: a temporary file, removed afterwards)")
    ap.add_argument("--uri", help="any store URI instead, e.g. bolt://127.0.0.1:7687 (the Neo4j store)")
    ap.add_argument("--user", help="user for --uri stores that need one")
    ap.add_argument("--password", help="password for --uri stores that need one")
    ap.add_argument("--batch-size", type=int, help="items per transaction (default: the store's)")
    ap.add_argument("--cache-mb", type=int, help="SQLite page cache of the embedded store (its default: 256)")
    ap.add_argument("--chunk", type=int, default=50_000, help="records generated at a time (generation is not timed)")
    ap.add_argument("--per-chunk", action="store_true",
                    help="one ingest call per chunk instead of one call for the whole stream")
    ap.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slows ingest)")
    ap.add_argument("--check", action="store_true", help="run the store's integrity check afterwards (embedded)")
    ap.add_argument("--floor", action="store_true",
                    help="instead of ingesting, time the least work any store must do per record (floor_seconds)")
    ap.add_argument("--stats-json", type=Path, help="also write the store's stats() to this JSON file")
    ap.add_argument("--engine-floor", action="store_true",
                    help="afterwards, time SQLite copying the stored rows and building the indexes (engine_floor)")
    args = ap.parse_args(argv)

    if args.floor:
        took = records = 0
        stream = generate_events(args.events, args.seed)
        while chunk := list(islice(stream, args.chunk)):
            took += floor_seconds(chunk)
            records += len(chunk)
        print(f"floor            {took:.2f} CPU s for {records:,} records ({took / records * 1e6:.2f} us/record):"
              f" reading their fields and computing their identities, storing nothing")
        print(f"ceiling          {args.events / took:,.0f} events/s for any store fed these objects in one process")
        return 0

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
    kw = {"batch_size": args.batch_size} if args.batch_size else {}
    gen_s = gen_cpu = ingest_s = cpu_s = 0.0
    records = 0
    new_events = new_mentions = batches = 0
    stream = generate_events(args.events, args.seed)
    t_start = time.perf_counter()

    def progress() -> None:
        took = time.perf_counter() - t_start - gen_s
        print(f"\r{records:>10,} records  {records / max(took, 1e-9):>9,.0f} records/s", end="", file=sys.stderr,
              flush=True)

    def chunks():
        """The generated records, chunk by chunk; the time spent generating them is kept apart."""
        nonlocal gen_s, gen_cpu, records
        while True:
            t0, c0 = time.perf_counter(), time.process_time()
            chunk = list(islice(stream, args.chunk))
            gen_s += time.perf_counter() - t0
            gen_cpu += time.process_time() - c0
            if not chunk:
                return
            yield chunk
            records += len(chunk)
            progress()

    try:
        t0, c0 = time.perf_counter(), time.process_time()
        if args.per_chunk:
            # One ingest call per chunk (each a few batches): what a caller feeding small lists gets.
            reports = [store.ingest(chunk, **kw) for chunk in chunks()]
        else:
            # One ingest call for the whole stream, as `geokg ingest` makes: a bulk load.
            reports = [store.ingest((r for chunk in chunks() for r in chunk), **kw)]
        ingest_s = time.perf_counter() - t0 - gen_s
        cpu_s = time.process_time() - c0 - gen_cpu
        print(file=sys.stderr)
        new_events = sum(r.events_new for r in reports)
        new_mentions = sum(r.mentions_new for r in reports)
        batches = sum(r.batches for r in reports)
        t0 = time.perf_counter()
        stats = store.stats()
        stats_s = time.perf_counter() - t0
        if args.stats_json:
            args.stats_json.write_text(json.dumps(stats))
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
    calls = f"{len(reports)} ingest calls" if len(reports) > 1 else "one ingest call"
    print(f"ingest time      {ingest_s:.2f} s wall, {cpu_s:.2f} s CPU ({calls}, {batches} batches of"
          f" {args.batch_size or 'default size'}, one transaction each; {os.cpu_count()} cores,"
          f" load average {os.getloadavg()[0]:.1f})")
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
    if args.engine_floor and path is not None:
        floor = engine_floor(path)
        steps = ", ".join(f"{k} {v:.1f} s" for k, v in floor.items() if k not in ("total", "events"))
        print(f"engine floor     {floor['total']:.1f} s for SQLite alone to write these rows and indexes ({steps})")
        print(f"ceiling          {floor['events'] / floor['total']:,.0f} events/s for any SQLite store on this machine")
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
