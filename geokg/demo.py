"""The main job on the shipped demo articles: extract, load into the embedded store, run the prepared
queries, write the exports, and say where everything is. ``make demo`` runs it."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Callable

from geokg.errors import InputError, OutputError, QueryError
from geokg.extractors.ingest import read_articles
from geokg.extractors.pipeline import extract
from geokg.graph import open_store

# Queries the demo runs, with parameters that fit the demo articles.
DEMO_QUERIES: dict[str, dict] = {
    "top_events": {"by": "mentions"},
    "centrality": {"kind": "pagerank"},
    "actor_profile": {"actor": "PRK"},
    "dyad_timeline": {"actor": "PRK", "partner": "RUS"},
    "disputed_claims": {},
    "blocs": {},
}
EXPORT_FORMATS = ("ttl", "nq", "jsonld", "graphml", "gexf", "cyjs", "csv")


def run_demo(folder: str | Path, out: str | Path, say: Callable[[str], None] = print) -> dict[str, Path]:
    """Run the whole pipeline on a folder of articles; returns the paths written.

    >>> import tempfile, pathlib
    >>> paths = run_demo(pathlib.Path(__file__).parents[1] / "examples", tempfile.mkdtemp(), say=lambda s: None)
    >>> sorted(k for k in paths if k in ("events", "store"))
    ['events', 'store']
    """
    folder, out = Path(folder), Path(out)
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder of demo articles")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"cannot write the results to {out}: {e.strerror or e}") from None
    written: dict[str, Path] = {}
    events_path = out / "events.jsonl"
    items: list = []
    n_events = n_articles = 0
    # Read as `geokg ingest FOLDER` reads it (the folder's published.tsv gives the dates), so that
    # both make the same store.
    with events_path.open("w", encoding="utf-8") as fh:
        for art in read_articles([str(folder)]):
            evs = extract(art)
            n_events += len(evs)
            n_articles += 1
            items.append(art)
            items.extend(evs)
            for e in evs:
                fh.write(e.model_dump_json() + "\n")
    written["events"] = events_path
    say(f"extracted {n_events} events from {n_articles} articles -> {events_path}")
    store_path = out / "geokg.sqlite"
    with open_store(store_path) as store:
        store.ingest(items)
        stats = store.stats()
        written["store"] = store_path
        merged = n_events - stats["events"]
        say(f"embedded store {store_path}: " + ", ".join(f"{k} {v}" for k, v in stats.items())
            + (f" (the {n_events} extracted events merge into {stats['events']}: an event reported again, "
               "in another article or sentence, is one event with several mentions)" if merged > 0 else ""))
        written.update(_queries(store, out, say))
        written.update(_exports(store, out, say))
    if importlib.util.find_spec("geokg.web") is not None:
        say(f"serve the dashboard on this store: .venv/bin/geokg serve --store {store_path} --port 8000")
    return written


def _queries(store, out: Path, say: Callable[[str], None]) -> dict[str, Path]:
    try:
        from geokg.queries import registry  # noqa: PLC0415
    except ImportError:
        return {}
    qdir = out / "queries"
    qdir.mkdir(exist_ok=True)
    done: dict[str, Path] = {}
    for name, params in DEMO_QUERIES.items():
        try:
            result = registry.run(store, name, **params)
        except QueryError as exc:
            say(f"query {name} skipped: {exc}")
            continue
        path = qdir / f"{name}.json"
        data = result.model_dump(mode="json") if hasattr(result, "model_dump") else result
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        done[f"query:{name}"] = path
    if done:
        say(f"ran {len(done)} prepared queries -> {qdir}/")
    return done


def _exports(store, out: Path, say: Callable[[str], None]) -> dict[str, Path]:
    try:
        from geokg.export import export  # noqa: PLC0415
    except ImportError:
        return {}
    edir = out / "export"
    edir.mkdir(exist_ok=True)
    done: dict[str, Path] = {}
    for fmt in EXPORT_FORMATS:
        path = edir / (f"graph.{fmt}" if fmt != "csv" else "csv")
        export(store, fmt, path)
        done[f"export:{fmt}"] = path
    say(f"wrote {len(done)} exports ({', '.join(EXPORT_FORMATS)}) -> {edir}/")
    return done
