"""Ingest benchmark over Bolt: load generated events into the Neo4j store and print events/s and memory.

    .venv/bin/python bench/ingest_bolt.py                    # 100k events; starts the ArcadeDB test server
    .venv/bin/python bench/ingest_bolt.py --events 20000 --batch-size 10000
    .venv/bin/python bench/ingest_bolt.py --uri bolt://127.0.0.1:7687 --user neo4j --password ... --database neo4j

Without ``--uri`` it starts the same Bolt server as the tests (``tests/bolt_server.py``: ArcadeDB
from the ``arcadedb-embedded`` wheel, on free loopback ports, stopped afterwards) in a fresh
database. The load itself is ``bench/ingest.py`` with ``--uri``: generation is not timed, events/s
is events stored per second of ingest, peak memory is the Python process's max RSS; the server's
own peak RSS is printed beside it, and its CPU time over the run (generation, ingest, stats) from
/proc: JIT compiler threads, GC threads and the rest (query execution on the Bolt threads). On 2
cores the JIT compiler of a fresh server takes a large share of the CPU in a 100k run;
``--warm N`` first ingests N other events into another database (untimed) to show the steady state.

``--server-floor`` then times the server storing a graph of the same shape with nothing else to do:
as many Actor, Article and Event nodes, SOURCE, TARGET, MENTIONS and INTERACTS relationships as the
load stored, each with its id alone, written with the cheapest statements (``UNWIND ... CREATE``,
endpoints matched by their unique ids, the store's constraints and indexes), in transactions of
the same size. No store can write this graph through this server faster, so events / that time
bounds the events/s of any Bolt store on it.

Figures (2-core VM, fresh server, pure-Python driver, ``--events 100000 --server-floor``): 2,102
events/s (47.6 s; client CPU 6.8 s; server CPU 74.8 s, of which JIT compiler 31.5 s and GC 4.1 s;
server peak 983 MB). Server floor for the same graph (100k events, 58,963 articles, 210,734
mentions, 3,257 actors, 21,073 dyads), ids only, on the then warm server: 17.1 s (events with their
SOURCE and TARGET 6.1 s, MENTIONS 9.6 s), a ceiling of 5,845 events/s, so the goal of 20k events/s
cannot be met on this server by any client code. (The floor gives every event both roles, where the
generated events leave some without a target: a few percent more relationships than the load.)
Less JIT work does not help: ``--java-option=-XX:TieredStopAtLevel=1`` (C1 only) gave 1,255 events/s.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from itertools import islice
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent))

import ingest  # noqa: E402  (bench/ingest.py)


def _server_cpu(pid: int | None) -> Counter:
    """CPU seconds of a process: "total" and, of its live threads, "JIT compiler" and "GC" (Linux /proc)."""
    out: Counter = Counter()
    if pid is None:
        return out
    tick = os.sysconf("SC_CLK_TCK")

    def cpu(stat: Path) -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    try:
        out["total"] = cpu(Path(f"/proc/{pid}/stat"))  # includes threads that have exited
    except OSError:
        return out
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            name = (task / "comm").read_text().strip()
            t = cpu(task / "stat")
        except OSError:
            continue
        if "Compiler" in name:
            out["JIT compiler"] += t
        elif re.match(r"(GC|G1) ", name):
            out["GC"] += t
    return out


_FLOOR_STATEMENTS = {
    "actors": "UNWIND split($ids, '|') AS id CREATE (:Actor {id: id})",
    "articles": "UNWIND split($ids, '|') AS id CREATE (:Article {id: id})",
    "events": ("UNWIND split($ids, '|') AS row WITH split(row, ',') AS r "
               "MATCH (s:Actor {id: r[1]}) MATCH (t:Actor {id: r[2]}) "
               "CREATE (s)<-[:SOURCE]-(:Event {id: r[0]})-[:TARGET]->(t)"),
    "mentions": ("UNWIND split($ids, '|') AS row WITH split(row, ',') AS r "
                 "MATCH (a:Article {id: r[1]}) MATCH (e:Event {id: r[2]}) CREATE (a)-[:MENTIONS {id: r[0]}]->(e)"),
    "dyads": ("UNWIND split($ids, '|') AS row WITH split(row, ',') AS r "
              "MATCH (s:Actor {id: r[1]}) MATCH (t:Actor {id: r[2]}) CREATE (s)-[:INTERACTS {root: r[0]}]->(t)"),
}


def server_floor(server, counts: dict[str, int], batch: int) -> dict[str, float]:
    """Seconds the server takes to store a graph of ``counts``' shape with ids alone (see the module doc).

    ``counts`` has the keys of ``stats()``: articles, events, mentions, actors, dyads. Writes into a
    fresh database with the Neo4j store's constraints and indexes; returns seconds per kind and "total".
    """
    import neo4j

    from geokg.graph.neo4j_store import Neo4jStore

    db = server.create_database(server.new_database_name("floor"))
    Neo4jStore(server.uri, user=server.user, password=server.password, database=db).close()  # schema
    n_act, n_art, n_ev = counts["actors"], counts["articles"], counts["events"]
    rows = {
        "actors": (f"A{i}" for i in range(n_act)),
        "articles": (f"R{i}" for i in range(n_art)),
        "events": (f"E{i},A{i % n_act},A{(i * 7 + 1) % n_act}" for i in range(n_ev)),
        "mentions": (f"M{i},R{i % n_art},E{i % n_ev}" for i in range(counts["mentions"])),
        "dyads": (f"{i % 20:02d},A{i % n_act},A{(i // n_act + i + 1) % n_act}" for i in range(counts["dyads"])),
    }
    took: dict[str, float] = {}
    driver = neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password))
    try:
        with driver.session(database=db) as session:
            for kind, stmt in _FLOOR_STATEMENTS.items():
                t0 = time.perf_counter()
                it = iter(rows[kind])
                while ids := "|".join(islice(it, batch)):
                    session.execute_write(lambda tx, ids=ids, stmt=stmt: tx.run(stmt, ids=ids).consume())
                took[kind] = time.perf_counter() - t0
            # Read back, so that a statement that matched nothing cannot pass for a fast one.
            stored = {"actors": "MATCH (n:Actor) RETURN count(n)", "articles": "MATCH (n:Article) RETURN count(n)",
                      "events": "MATCH (:Actor)<-[:SOURCE]-(n:Event)-[:TARGET]->(:Actor) RETURN count(n)",
                      "mentions": "MATCH (:Article)-[r:MENTIONS]->(:Event) RETURN count(r)",
                      "dyads": "MATCH (:Actor)-[r:INTERACTS]->(:Actor) RETURN count(r)"}
            for kind, query in stored.items():
                got = session.run(query).single()[0]
                if got != counts[kind]:
                    raise RuntimeError(f"server floor stored {got} {kind}, not {counts[kind]}")
    finally:
        driver.close()
        server.drop_database(db)
    took["total"] = sum(took.values())
    return took


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
    ap.add_argument("--java-option", action="append", default=[], metavar="OPT",
                    help="extra JVM option for the started test server (repeatable), e.g. -XX:TieredStopAtLevel=1")
    ap.add_argument("--check", action="store_true", help="run the store's integrity check afterwards")
    ap.add_argument("--warm", type=int, default=0, metavar="N",
                    help="first ingest N other events (seed + 1) into another database, untimed (warms the JIT)")
    ap.add_argument("--server-floor", action="store_true",
                    help="afterwards, time the test server storing a graph of the same shape, ids only (server_floor)")
    args = ap.parse_args(argv)
    if args.server_floor and args.uri:
        ap.error("--server-floor times the test server that this bench starts; leave out --uri")

    try:
        import neo4j._rust  # noqa: F401
        codec = "neo4j-rust-ext (Rust packstream)"
    except ImportError:
        codec = "pure Python packstream (pip install neo4j-rust-ext for a faster driver)"
    import neo4j

    server = None
    stats_file = Path(tempfile.mkdtemp(prefix="geokg-bolt-")) / "stats.json"
    try:
        if args.uri:
            uri, user, password = args.uri, args.user, args.password
            if args.database:
                os.environ["GEOKG_NEO4J_DATABASE"] = args.database
        else:
            from bolt_server import BoltServer

            server = BoltServer(heap=args.heap, java_options=tuple(args.java_option))
            server.start()
            db = server.create_database(server.new_database_name("bench"))
            os.environ["GEOKG_NEO4J_DATABASE"] = db
            uri, user, password = server.uri, server.user, server.password
            print(f"server           ArcadeDB Bolt test server pid {server.pid}, {uri}, database {db}, "
                  f"heap {args.heap}, ready in {server.start_seconds:.1f} s")
            if args.warm:
                from gen import generate_events

                from geokg.graph.neo4j_store import Neo4jStore

                t0 = time.perf_counter()
                warm = Neo4jStore(uri, user=user, password=password,
                                  database=server.create_database(server.new_database_name("warm")))
                try:
                    warm.ingest(generate_events(args.warm, args.seed + 1), batch_size=args.batch_size)
                finally:
                    warm.close()
                print(f"warm-up          {args.warm:,} other events into another database in "
                      f"{time.perf_counter() - t0:.1f} s (not timed)")
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
        cpu0 = _server_cpu(server.pid if server is not None else None)
        rc = ingest.main(fwd + (["--stats-json", str(stats_file)] if args.server_floor else []))
        if server is not None:
            cpu = _server_cpu(server.pid)
            cpu.subtract(cpu0)
            jit, gc = cpu["JIT compiler"], cpu["GC"]
            print(f"server CPU       {cpu['total']:.1f} s: JIT compiler {jit:.1f} s, GC {gc:.1f} s, queries and other "
                  f"{cpu['total'] - jit - gc:.1f} s (over generation, ingest and stats)")
            print(f"server memory    {server.peak_rss_mb():,.0f} MB peak RSS (Java, heap limit {args.heap}), "
                  f"{server.rss_mb():,.0f} MB now")
        print(f"wall time        {time.perf_counter() - t0:.1f} s (generation, ingest, stats)")
        if rc == 0 and args.server_floor:
            counts = json.loads(stats_file.read_text())
            sys.stdout.flush()
            floor = server_floor(server, counts, args.batch_size)
            steps = ", ".join(f"{k} {v:.1f} s" for k, v in floor.items() if k != "total")
            print(f"server floor     {floor['total']:.1f} s to store the same graph, ids only ({steps})")
            print(f"ceiling          {counts['events'] / floor['total']:,.0f} events/s for any Bolt store on this server")
        return rc
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(stats_file.parent, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
