"""Reading a dataset back as the items a store ingests: each article, then its events, in input order.

The order is the one an article-by-article ingest gives (shards in plan order, articles in shard
order, events in article order), so that a store loaded from the dataset is built from the same
items in the same order, and deduplicates them exactly as it would have. One shard's rows are in
memory at a time (a few thousand articles): memory stays flat whatever the dataset's size.

>>> import tempfile, os, json
>>> from geokg.distributed.engine import InProcess, extract_dataset
>>> folder = tempfile.mkdtemp()
>>> p = os.path.join(folder, "a.jsonl")
>>> _ = open(p, "w").write(json.dumps({"id": "x", "published": "2023-08-16",
...     "text": "Jakarta - Korea Utara mengkritik Amerika Serikat pada hari Senin."}) + "\\n")
>>> _ = extract_dataset([p], os.path.join(folder, "ds"), InProcess())
>>> [type(i).__name__ for i in dataset_items(os.path.join(folder, "ds"))]
['Article', 'Event']
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from geokg.dataset.schema import row_article, row_event
from geokg.dataset.shards import is_url
from geokg.dataset.writer import META, finished, output_fs, read_meta
from geokg.errors import InputError
from geokg.schema.models import Article, Event

__all__ = ["is_dataset", "dataset_shards", "shard_rows", "dataset_items"]


def is_dataset(path: str) -> bool:
    """Whether *path* (a folder or URL) holds a geokg event dataset (its ``_dataset.json``).

    >>> is_dataset("/nonexistent")
    False
    """
    if not is_url(path):   # (no fsspec needed to tell)
        return (Path(path) / META).is_file()
    try:
        fs, root = output_fs(path)
        return fs.isfile(f"{root}/{META}")
    except Exception:  # noqa: BLE001 - not a dataset, whatever the reason; reading it will say
        return False


def dataset_shards(out: str) -> tuple[list[dict[str, Any]], int]:
    """(manifest entries of the finished shards in plan order, number of unfinished shards).

    >>> import tempfile
    >>> dataset_shards(tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    geokg.errors.InputError: /tmp/...: not a geokg event dataset (no _dataset.json)
    """
    meta = read_meta(out)
    if meta is None or meta.get("format") != "geokg-events":
        raise InputError(f"{out}: not a geokg event dataset (no _dataset.json)")
    done = finished(out)
    entries = [done[k] for k in meta["shards"] if k in done]
    return entries, len(meta["shards"]) - len(entries)


def _read(fs: Any, path: str) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq  # noqa: PLC0415

    try:
        with fs.open(path, "rb") as fh:
            return pq.read_table(fh).to_pylist()
    except FileNotFoundError:
        raise InputError(f"{path}: a part the manifest lists is missing (the dataset was changed "
                         "after it was written)") from None
    except Exception as exc:  # noqa: BLE001 - pyarrow's decoding errors have many classes
        raise InputError(f"{path}: cannot read this part: {' '.join(str(exc).split())[:200]}") from None


def shard_rows(out: str, entry: dict[str, Any]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """A finished shard's (article row, its event rows) pairs, in input order."""
    fs, root = output_fs(out)
    articles: list[dict] = []
    events: dict[int, list[dict]] = {}
    for rel in entry["files"]:
        rows = _read(fs, f"{root}/{rel}")
        if rel.startswith("articles/"):
            articles.extend(rows)
        else:
            for r in rows:
                events.setdefault(r["article_seq"], []).append(r)
    articles.sort(key=lambda r: r["article_seq"])
    return [(a, sorted(events.get(a["article_seq"], ()), key=lambda r: r["event_seq"])) for a in articles]


def dataset_items(out: str) -> Iterator[Article | Event]:
    """Every finished shard's articles, each followed by its events (see the module doc)."""
    entries, _ = dataset_shards(out)
    for entry in entries:
        for art, events in shard_rows(out, entry):
            yield row_article(art)
            for r in events:
                yield row_event(r)
