"""Writing a shard's rows into the dataset: idempotent per shard, and a manifest of finished shards.

Layout of a dataset folder (local, or any fsspec URL every worker can write to)::

    _dataset.json                       what was asked: inputs' shard keys, options, schema version
    _manifest/<shard>.json              one per finished shard: counts, files written, skipped inputs
    events/month=2023-08/part-<shard>.parquet
    articles/month=2023-08/part-<shard>.parquet

A shard's task first removes every part of its own (a retried or repeated task replaces its own
part, never adds rows beside it), writes each part under a hidden temporary name (readers pass over
names starting with ``.``) and renames it into place, and writes its manifest entry last: a shard
is finished exactly when its entry exists, so a run that was interrupted resumes with the shards
that have none, and a finished run has nothing left to do.

>>> import tempfile, os
>>> from geokg.schema.models import Article
>>> from geokg.dataset.schema import article_row
>>> out = tempfile.mkdtemp()
>>> rows = [article_row(Article(id="a", text="x", published="2023-08-16"), events=0, shard="sh_1", article_seq=0)]
>>> write_parts(out, "sh_1", rows, [])
['articles/month=2023-08/part-sh_1.parquet']
>>> write_parts(out, "sh_1", rows, [])   # again: the same part, replaced
['articles/month=2023-08/part-sh_1.parquet']
>>> write_entry(out, {"key": "sh_1", "articles": 1}); finished(out)
{'sh_1': {'articles': 1, 'key': 'sh_1'}}
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from geokg.dataset.schema import arrow_schema, month_of
from geokg.errors import OutputError

__all__ = ["write_parts", "write_entry", "finished", "read_meta", "write_meta", "output_fs", "TABLES"]

#: The dataset's two tables, each a folder of monthly partitions.
TABLES = ("events", "articles")
META = "_dataset.json"
MANIFEST = "_manifest"


def output_fs(out: str) -> tuple[Any, str]:
    """(fsspec file system, root path) of a dataset folder given as a local path or a URL.

    >>> fs, root = output_fs("file:///tmp/ds/")
    >>> root, "file" in fs.protocol
    ('/tmp/ds', True)
    """
    from fsspec.core import url_to_fs  # noqa: PLC0415 - the scale extra

    try:
        fs, root = url_to_fs(out)
    except (ImportError, ValueError) as exc:
        raise OutputError(f"{out}: cannot write a dataset there: {exc}") from None
    return fs, root.rstrip("/")


def _put(fs: Any, path: str, write) -> None:
    """Write a file under a hidden temporary name, then rename it into place (never half a file)."""
    folder, name = path.rsplit("/", 1)
    tmp = f"{folder}/.{name}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        fs.makedirs(folder, exist_ok=True)
        with fs.open(tmp, "wb") as fh:
            write(fh)
        fs.mv(tmp, path)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None


def write_parts(out: str, shard: str, article_rows: list[dict], event_rows: list[dict]) -> list[str]:
    """Write a shard's rows as monthly parts (replacing any earlier parts of the same shard);
    returns the parts' paths relative to *out*, articles first."""
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    fs, root = output_fs(out)
    for table in TABLES:   # what an earlier attempt of this shard left
        for old in fs.glob(f"{root}/{table}/month=*/part-{shard}.parquet"):
            fs.rm(old)
    written: list[str] = []
    for table, rows in (("articles", article_rows), ("events", event_rows)):
        by_month: dict[str, list[dict]] = {}
        for r in rows:
            by_month.setdefault(month_of(r["published"]), []).append(r)
        schema = arrow_schema(table)
        for month in sorted(by_month):
            rel = f"{table}/month={month}/part-{shard}.parquet"
            data = pa.Table.from_pylist(by_month[month], schema=schema)
            _put(fs, f"{root}/{rel}", lambda fh, data=data: pq.write_table(data, fh, compression="zstd"))
            written.append(rel)
    return written


def write_entry(out: str, entry: dict[str, Any]) -> None:
    """Record a shard as finished (its manifest entry, written last)."""
    fs, root = output_fs(out)
    body = json.dumps(entry, ensure_ascii=False, sort_keys=True).encode()
    _put(fs, f"{root}/{MANIFEST}/{entry['key']}.json", lambda fh: fh.write(body))


def finished(out: str) -> dict[str, dict[str, Any]]:
    """The manifest: shard key -> entry of every finished shard."""
    fs, root = output_fs(out)
    entries = {}
    for p in fs.glob(f"{root}/{MANIFEST}/*.json"):
        with fs.open(p, "rb") as fh:
            e = json.loads(fh.read())
        entries[e["key"]] = e
    return entries


def read_meta(out: str) -> dict[str, Any] | None:
    """The dataset's ``_dataset.json``, or None where there is none.

    >>> import tempfile
    >>> out = tempfile.mkdtemp()
    >>> read_meta(out) is None
    True
    >>> write_meta(out, {"format": "geokg-events", "shards": []}); read_meta(out)["format"]
    'geokg-events'
    """
    fs, root = output_fs(out)
    try:
        with fs.open(f"{root}/{META}", "rb") as fh:
            return json.loads(fh.read())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise OutputError(f"{out}/{META}: cannot read: {exc}") from None


def write_meta(out: str, meta: dict[str, Any]) -> None:
    """Write the dataset's ``_dataset.json``."""
    fs, root = output_fs(out)
    body = json.dumps(meta, ensure_ascii=False, indent=1).encode()
    _put(fs, f"{root}/{META}", lambda fh: fh.write(body))
