"""How fast could a columnar engine load what the embedded store holds? DuckDB's own time, measured.

    .venv/bin/python bench/ingest.py --events 1000000 --store /tmp/1m.sqlite   # the rows to copy
    .venv/bin/python bench/duckdb_floor.py /tmp/1m.sqlite --jsonl /tmp/ev1m.jsonl --write-jsonl 1000000

Needs ``pip install duckdb pyarrow`` (not dependencies of geokg: this script exists to back the
decision not to move the embedded store to DuckDB). Two measurements, each DuckDB's work alone:

* **store floor**: the rows of a geokg SQLite store (articles, actors, events, mentions, dyads),
  turned into Arrow tables beforehand (not timed), written into a fresh DuckDB file in one
  transaction, then unique indexes on the event and mention ids and a checkpoint: the least a
  DuckDB store must do to hold them.
* **JSONL floor** (``--jsonl``): DuckDB's JSON reader parsing a JSONL of extracted events (what
  ``geokg ingest`` takes), then grouping the records into happenings by an md5 of actors, CAMEO
  root and date: a lower bound of a load that never makes Python objects (the real deduplication,
  dates within their precision and actors' states, does more).

Figures (2-core VM, DuckDB 2.0.1, 1M events = 2,107,167 records, 1.32 GB of JSONL): store floor
6.3 s wall, 11.0 s CPU (4.0 s writing the tables, 2.3 s indexes and checkpoint; 308 MB); JSON
reader 4.3 s wall, 8.0 s CPU; grouping 2.3 s. Together more than the 10 s that 100k events/s
allows for 1M events, before any of geokg's own work; from Python objects, add at least the
8.6 CPU s that ``bench/ingest.py --floor`` measures on one core.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

_TABLES = ("articles", "actors", "events", "mentions", "dyads")
_EVENT_COLUMNS = """{event_id: 'VARCHAR', article_id: 'VARCHAR', date: 'VARCHAR', date_precision: 'VARCHAR',
  cameo: 'VARCHAR', quad_class: 'INTEGER', goldstein: 'DOUBLE', plover: 'VARCHAR',
  source: 'STRUCT(id VARCHAR, name VARCHAR, kind VARCHAR, country VARCHAR, wikidata VARCHAR, role VARCHAR)',
  target: 'STRUCT(id VARCHAR, name VARCHAR, kind VARCHAR, country VARCHAR, wikidata VARCHAR, role VARCHAR)',
  factuality: 'VARCHAR', evidence: 'STRUCT(text VARCHAR, start INTEGER, "end" INTEGER)', confidence: 'DOUBLE',
  lang: 'VARCHAR', published: 'VARCHAR', url: 'VARCHAR', title: 'VARCHAR'}"""


def _cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def store_floor(store: Path, out: Path) -> dict[str, float]:
    """Wall and CPU seconds for DuckDB to write a geokg SQLite store's rows (Arrow, built untimed) into *out*."""
    import duckdb
    import pyarrow as pa

    src = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    tables = {}
    for name in _TABLES:
        cur = src.execute(f"SELECT * FROM {name}" + (" ORDER BY rowid" if name == "events" else ""))
        cols = [d[0] for d in cur.description]
        rows = cur.fetchall()
        tables[name] = pa.table({c: [r[i] for r in rows] for i, c in enumerate(cols)})
    src.close()
    con = duckdb.connect(str(out))
    took: dict[str, float] = {}
    c0, t0 = _cpu(), time.perf_counter()
    con.execute("BEGIN")
    for name, table in tables.items():
        con.register("src", table)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM src")
        con.unregister("src")
    con.execute("COMMIT")
    took["tables"] = time.perf_counter() - t0
    t = time.perf_counter()
    con.execute("CREATE UNIQUE INDEX events_id ON events(id)")
    con.execute("CREATE UNIQUE INDEX mentions_id ON mentions(id)")
    con.execute("CHECKPOINT")
    took["indexes"] = time.perf_counter() - t
    took["wall"], took["cpu"] = time.perf_counter() - t0, _cpu() - c0
    con.close()
    took["mb"] = out.stat().st_size / 1e6
    return took


def jsonl_floor(jsonl: Path) -> dict[str, float]:
    """Wall and CPU seconds for DuckDB to parse an event JSONL, and to group its records into happenings."""
    import duckdb

    con = duckdb.connect()
    c0, t0 = _cpu(), time.perf_counter()
    con.execute(f"CREATE TABLE rec AS SELECT * FROM read_json(?, format='newline_delimited', columns={_EVENT_COLUMNS})",
                [str(jsonl)])
    took = {"read": time.perf_counter() - t0, "read_cpu": _cpu() - c0}
    t = time.perf_counter()
    con.execute("CREATE TABLE ev AS SELECT md5(coalesce(source.id, '') || '|' || coalesce(target.id, '') || '|' ||"
                " substr(cameo, 1, 2) || '|' || coalesce(date, '')) AS hid, count(*) AS n,"
                " count(DISTINCT article_id) AS sources FROM rec GROUP BY 1")
    took["group"] = time.perf_counter() - t
    took["records"] = con.execute("SELECT count(*) FROM rec").fetchone()[0]
    return took


def write_jsonl(path: Path, events: int) -> None:
    """The generated records of *events* happenings (bench/gen.py) as an event JSONL."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from gen import generate_events

    with path.open("w", encoding="utf-8") as fh:
        for e in generate_events(events, 0):
            fh.write(e.model_dump_json(exclude_none=True) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("store", type=Path, help="a geokg embedded store (e.g. made by bench/ingest.py --store)")
    ap.add_argument("--jsonl", type=Path, help="also time DuckDB reading this event JSONL")
    ap.add_argument("--write-jsonl", type=int, metavar="EVENTS", help="first write --jsonl from bench/gen.py")
    args = ap.parse_args(argv)
    try:
        import duckdb  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        print("bench/duckdb_floor.py needs: pip install duckdb pyarrow", file=sys.stderr)
        return 2
    if args.write_jsonl and args.jsonl:
        write_jsonl(args.jsonl, args.write_jsonl)
    with tempfile.TemporaryDirectory(prefix="geokg-duck-") as tmp:
        f = store_floor(args.store, Path(tmp) / "floor.duckdb")
    print(f"store floor      {f['wall']:.1f} s wall, {f['cpu']:.1f} s CPU (tables {f['tables']:.1f} s, unique"
          f" indexes and checkpoint {f['indexes']:.1f} s; {f['mb']:,.0f} MB)")
    if args.jsonl:
        j = jsonl_floor(args.jsonl)
        print(f"jsonl floor      read {j['records']:,} records in {j['read']:.1f} s wall, {j['read_cpu']:.1f} s CPU;"
              f" grouped into happenings in {j['group']:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
