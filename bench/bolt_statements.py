"""Where the Neo4j store's ingest spends its time: seconds per Cypher statement, on a warm test server.

    .venv/bin/python bench/bolt_statements.py --events 50000

Starts the ArcadeDB test server (tests/bolt_server.py), loads ``--events`` other events first so
that its JIT compiler has done its work, then times each statement of the Neo4j store's batches
(from sending it to its last record) while loading ``--events`` generated events into a fresh
database. Statements are found by wrapping the store's two statement runners and its dyad step.

Figures (2-core VM, ``--events 50000``): 13.5 s, 3,696 events/s. MENTIONS 3.65 s, events with
their roles 3.15 s, the dyad summary 2.30 s (of which creating new INTERACTS 0.77 s), articles
0.45 s, the reads of what exists 0.67 s. With ids alone, ``bench/ingest_bolt.py --server-floor``
took 9.6 s for the MENTIONS and 6.1 s for the events of 100k events (4.8 s and 3.05 s per 50k), so
the store already writes them at about the server's own speed.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent))

from gen import generate_events  # noqa: E402

import geokg.graph.neo4j_store as store_module  # noqa: E402


class _Consumed:
    """A result already consumed: what the store's callers do with one (``.consume()``)."""

    def __init__(self, summary) -> None:
        self.summary = summary

    def consume(self):
        return self.summary


def timed_statements(seconds: dict[str, float]) -> None:
    """Make the store's statement runners add each statement's seconds to *seconds* (by its name)."""
    m = store_module
    names = {id(v): k for k, v in vars(m).items()
             if isinstance(v, tuple) and len(v) == 2 and all(isinstance(x, str) for x in v)}
    names.update({id(v): f"_CREATE_EVENTS (source {k[0]}, target {k[1]})" for k, v in m._CREATE_EVENTS.items()})
    run_rows, run_ids, dyads = m._run_rows, m._run_ids, m.Neo4jStore._write_dyads

    def rows(tx, stmts, rows, **kw):
        t = time.perf_counter()
        summary = run_rows(tx, stmts, rows, **kw).consume()
        seconds[names.get(id(stmts), "other rows")] += time.perf_counter() - t
        return _Consumed(summary)

    def ids(tx, stmts, ids):
        t = time.perf_counter()
        records = list(run_ids(tx, stmts, ids))
        seconds[names.get(id(stmts), "other reads")] += time.perf_counter() - t
        return records

    def write_dyads(tx, d):
        t = time.perf_counter()
        dyads(tx, d)
        seconds["dyad summary (all of it)"] += time.perf_counter() - t

    m._run_rows, m._run_ids, m.Neo4jStore._write_dyads = rows, ids, staticmethod(write_dyads)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=50_000)
    ap.add_argument("--heap", default="2g")
    args = ap.parse_args(argv)
    from bolt_server import BoltServer

    seconds: dict[str, float] = defaultdict(float)
    timed_statements(seconds)
    server = BoltServer(heap=args.heap)
    server.start()
    try:
        def open_db(hint: str):
            db = server.create_database(server.new_database_name(hint))
            return store_module.Neo4jStore(server.uri, user=server.user, password=server.password, database=db)

        with open_db("warm") as warm:
            warm.ingest(generate_events(args.events, 1))
        seconds.clear()
        records = list(generate_events(args.events, 0))
        with open_db("timed") as s:
            t0 = time.perf_counter()
            report = s.ingest(records)
            wall = time.perf_counter() - t0
    finally:
        server.stop()
    print(f"ingest           {wall:.1f} s, {report.events_new / wall:,.0f} events/s ({report.events_new:,} events,"
          f" {report.mentions_new:,} mentions, warm server)")
    for name, s in sorted(seconds.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<44} {s:6.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
