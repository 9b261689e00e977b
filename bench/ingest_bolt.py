"""Ingest benchmark over Bolt: load generated events into the Neo4j store and print events/s and memory.

    .venv/bin/python bench/ingest_bolt.py                    # 100k events; starts the ArcadeDB test server
    .venv/bin/python bench/ingest_bolt.py --events 20000 --batch-size 10000
    .venv/bin/python bench/ingest_bolt.py --uri bolt://127.0.0.1:7687 --user neo4j --password ... --database neo4j

Without ``--uri`` it starts the same Bolt server as the tests (``tests/bolt_server.py``: ArcadeDB
from the ``arcadedb-embedded`` wheel, on free loopback ports, stopped afterwards) in a fresh
database. The load itself is ``bench/ingest.py`` with ``--uri``: generation is not timed, events/s
is events stored per second of ingest, peak memory is the Python process's max RSS; the server's
own peak RSS is printed beside it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent))

import ingest  # noqa: E402  (bench/ingest.py)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=100_000, help="distinct events (happenings) to generate")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch-size", type=int, default=5000, help="extracted records per transaction")
    ap.add_argument("--chunk", type=int, default=50_000, help="records generated ahead of each timed ingest call")
    ap.add_argument("--uri", help="an existing server instead of starting the test server")
    ap.add_argument("--user")
    ap.add_argument("--password")
    ap.add_argument("--database", help="database on --uri (default: GEOKG_NEO4J_DATABASE, else neo4j)")
    ap.add_argument("--heap", default="2g", help="Java heap of the started test server")
    ap.add_argument("--check", action="store_true", help="run the store's integrity check afterwards")
    args = ap.parse_args(argv)

    try:
        import neo4j._rust  # noqa: F401
        codec = "neo4j-rust-ext (Rust packstream)"
    except ImportError:
        codec = "pure Python packstream (pip install neo4j-rust-ext for a faster driver)"
    import neo4j

    server = None
    try:
        if args.uri:
            uri, user, password = args.uri, args.user, args.password
            if args.database:
                os.environ["GEOKG_NEO4J_DATABASE"] = args.database
        else:
            from bolt_server import BoltServer

            server = BoltServer(heap=args.heap)
            server.start()
            db = server.create_database(server.new_database_name("bench"))
            os.environ["GEOKG_NEO4J_DATABASE"] = db
            uri, user, password = server.uri, server.user, server.password
            print(f"server           ArcadeDB Bolt test server pid {server.pid}, {uri}, database {db}, "
                  f"heap {args.heap}, ready in {server.start_seconds:.1f} s")
        print(f"driver           neo4j {neo4j.__version__}, {codec}")
        sys.stdout.flush()
        fwd = ["--events", str(args.events), "--seed", str(args.seed), "--batch-size", str(args.batch_size),
               "--chunk", str(args.chunk), "--uri", uri]
        if user:
            fwd += ["--user", user]
        if password:
            fwd += ["--password", password]
        if args.check:
            fwd.append("--check")
        t0 = time.perf_counter()
        rc = ingest.main(fwd)
        if server is not None:
            print(f"server memory    {server.peak_rss_mb():,.0f} MB peak RSS (Java, heap limit {args.heap}), "
                  f"{server.rss_mb():,.0f} MB now")
        print(f"wall time        {time.perf_counter() - t0:.1f} s (generation, ingest, stats)")
        return rc
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    raise SystemExit(main())
