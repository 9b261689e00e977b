"""Export benchmark: RDF statements/s and peak memory per format and engine, on generated events.

    .venv/bin/python bench/export.py                                   # 1M events (rdflib on 10k)
    .venv/bin/python bench/export.py --events 100000 --formats nq,ttl --engines stream,oxigraph
    .venv/bin/python bench/export.py --store /tmp/g1m.sqlite            # keep (and reuse) the store

Events come from bench/gen.py (about 2.1 mentions per event), ingested into an embedded store
first (not timed here: see bench/ingest.py). Each export then runs in its own process, so that its
peak resident memory (VmHWM) is its own; the time covers reading the store, mapping to RDF and
writing the file. Wall-clock and CPU seconds are both shown: on a busy machine statements per
CPU-second is the steadier figure. Engines (see geokg/export/rdf.py):

* ``stream``: plain string building (every format; the default), flat memory;
* ``oxigraph``: pyoxigraph's streaming serialisers (Turtle and TriG with instance IRIs written whole);
* ``rdflib``: an in-memory rdflib graph, then its serialiser; it holds about 1 KB per triple, so it
  runs on ``--rdflib-events`` (default 10,000) rather than on the full set.

Peak memory includes the store's SQLite page cache (256 MB by default, filled by a large store;
``--cache-mb`` sets it), besides the export's own memory, which stays flat for stream and oxigraph.
"statements" counts N-Quads lines for nq/trig (an event's core is repeated in each article graph
that reports it) and triples for the others. Output files go to a temporary folder and are deleted
after each run unless ``--keep``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

FORMATS = ("nt", "nq", "ttl", "trig", "jsonld")
ENGINES = ("stream", "oxigraph", "rdflib")
STREAMED = ("nt", "nq", "jsonld", "ttl", "trig")
CACHE_MB: int | None = None   # --cache-mb: the store's SQLite page cache in the export processes


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: on Linux a child started from a
    large parent inherits the parent's ru_maxrss, which would hide the export's own peak."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _child(store: str, fmt: str, engine: str, out: str) -> None:
    from geokg.export import export

    if fmt == "baseline":
        from geokg.graph import open_store

        import geokg.export.rdf  # noqa: F401  (what every export imports)
        with open_store(store) as st:
            st.stats()
        rep = {"statements": 0, "seconds": 0.0, "cpu": 0.0, "bytes": 0}
    else:
        from geokg.graph import open_store

        cache = os.environ.get("GEOKG_BENCH_CACHE_MB")
        c0 = _cpu()
        with open_store(store, **({"cache_mb": int(cache)} if cache else {})) as st:
            r = export(st, fmt, out, engine=engine)
        rep = {"statements": r.statements, "seconds": r.seconds, "cpu": _cpu() - c0, "bytes": r.bytes,
               "events": r.events}
    rep["rss_mb"] = _peak_mb()
    print(json.dumps(rep))


def _build(path: Path, n: int, seed: int) -> float:
    """Generate and ingest *n* events into *path* (in a child process); 0 if it already holds them."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    p = subprocess.run([sys.executable, __file__, "--build", str(path), str(n), str(seed)],
                       capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise SystemExit(f"building the {n:,}-event store failed:\n{p.stderr[-2000:]}")
    return float(p.stdout.strip().splitlines()[-1])


def _build_here(path: Path, n: int, seed: int) -> float:
    from gen import generate_events

    from geokg.graph import open_store

    if path.exists():
        with open_store(path) as st:
            if st.stats()["events"] == n:
                return 0.0
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    t0 = time.perf_counter()
    with open_store(path) as st:
        st.ingest(generate_events(n, seed=seed), batch_size=20_000)
    return time.perf_counter() - t0


def _run(store: Path, fmt: str, engine: str, out: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
               PYTHONWARNINGS="ignore")
    if CACHE_MB is not None:
        env["GEOKG_BENCH_CACHE_MB"] = str(CACHE_MB)
    p = subprocess.run([sys.executable, __file__, "--child", str(store), fmt, engine, str(out)],
                       capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise SystemExit(f"export {fmt}/{engine} failed:\n{p.stderr[-2000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000, help="distinct events for stream and oxigraph")
    ap.add_argument("--rdflib-events", type=int, default=10_000, help="events for the rdflib engine (in memory)")
    ap.add_argument("--oxigraph-events", type=int, help="events for the oxigraph engine (default: --events)")
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--store", help="store file for --events (kept, and reused when it holds that many events)")
    ap.add_argument("--out-dir", help="folder for the exported files (default: a temporary folder)")
    ap.add_argument("--keep", action="store_true", help="keep the exported files")
    ap.add_argument("--cache-mb", type=int, help="SQLite page cache of the store while exporting (the store's "
                    "default is 256 MB, which a large store fills: part of the peak memory shown)")
    ap.add_argument("--child", nargs=4, metavar=("STORE", "FORMAT", "ENGINE", "OUT"), help=argparse.SUPPRESS)
    ap.add_argument("--build", nargs=3, metavar=("STORE", "EVENTS", "SEED"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0
    if args.build:
        print(_build_here(Path(args.build[0]), int(args.build[1]), int(args.build[2])))
        return 0

    global CACHE_MB
    CACHE_MB = args.cache_mb
    formats = [f for f in args.formats.split(",") if f]
    engines = [e for e in args.engines.split(",") if e]
    tmp = Path(tempfile.mkdtemp(prefix="geokg-bench-export-"))
    out_dir = Path(args.out_dir) if args.out_dir else tmp
    out_dir.mkdir(parents=True, exist_ok=True)
    sizes = {"stream": args.events, "oxigraph": args.oxigraph_events or args.events,
             "rdflib": min(args.rdflib_events, args.events)}
    stores: dict[int, Path] = {}
    try:
        for n in sorted({sizes[e] for e in engines}):
            path = Path(args.store) if args.store and n == args.events else tmp / f"g{n}.sqlite"
            secs = _build(path, n, args.seed)
            stores[n] = path
            size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6
            print(f"store: {n:,} events in {path} ({size:,.0f} MB)"
                  + (f", built in {secs:.0f} s" if secs else ", reused"), flush=True)
        base = _run(stores[min(stores)], "baseline", "-", out_dir / "none")
        print(f"baseline process (imports, store open): {base['rss_mb']:.0f} MB peak RSS\n", flush=True)
        print(f"{'engine':<9} {'format':<7} {'events':>10} {'statements':>12} {'seconds':>8} {'stmts/s':>10} "
              f"{'cpu s':>7} {'stmts/cpu-s':>11} {'peak MB':>8} {'file MB':>8}", flush=True)
        results = []
        for engine in engines:
            for fmt in formats:
                if engine == "stream" and fmt not in STREAMED:
                    continue
                n = sizes[engine]
                out = out_dir / f"g{n}.{engine}.{fmt}"
                r = _run(stores[n], fmt, engine, out)
                rate = r["statements"] / r["seconds"] if r["seconds"] else 0.0
                cpu_rate = r["statements"] / r["cpu"] if r["cpu"] else 0.0
                results.append({"engine": engine, "format": fmt, **r, "per_second": rate})
                print(f"{engine:<9} {fmt:<7} {n:>10,} {r['statements']:>12,} {r['seconds']:>8.1f} {rate:>10,.0f} "
                      f"{r['cpu']:>7.1f} {cpu_rate:>11,.0f} {r['rss_mb']:>8.0f} {r['bytes'] / 1e6:>8,.0f}", flush=True)
                if not args.keep:
                    out.unlink(missing_ok=True)
        nq = [r for r in results if r["engine"] == "stream" and r["format"] == "nq"]
        if nq:
            verdict = "meets" if nq[0]["per_second"] >= 200_000 else "MISSES"
            print(f"\nstreamed N-Quads: {nq[0]['per_second']:,.0f} quads/s ({verdict} the 200,000/s goal)")
    finally:
        if not args.keep:
            for p in tmp.glob("*"):
                if args.store and p == Path(args.store):
                    continue
                p.unlink(missing_ok=True)
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
