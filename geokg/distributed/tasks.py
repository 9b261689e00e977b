"""The work of one shard, wherever it runs (this process, or a Dask worker): read its articles,
extract them, write its parts of the dataset and its manifest entry, and say what it did.

It is a plain function of picklable arguments so that any executor can run it, and it is
idempotent (:mod:`geokg.dataset.writer`): a worker killed half-way, a task retried, or a run
repeated leaves the same rows.

>>> import tempfile, os, json
>>> from geokg.dataset.shards import plan_shards
>>> folder = tempfile.mkdtemp()
>>> p = os.path.join(folder, "a.jsonl")
>>> _ = open(p, "w").write(json.dumps({"id": "x", "published": "2023-08-16",
...     "text": "Jakarta - Korea Utara mengkritik Amerika Serikat pada hari Senin."}) + "\\n")
>>> res = run_shard(plan_shards([p])[0], os.path.join(folder, "out"), TaskOptions())
>>> res["articles"], res["events"], res["files"]
(1, 1, ['articles/month=2023-08/part-sh_....parquet', 'events/month=2023-08/part-sh_....parquet'])
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from geokg.dataset.inputs import ReadOptions, shard_articles
from geokg.dataset.schema import article_row, event_row
from geokg.dataset.shards import Shard
from geokg.dataset.writer import write_entry, write_parts
from geokg.extractors.batch import extract_many
from geokg.extractors.report import BatchReport

__all__ = ["TaskOptions", "run_shard"]


@dataclass
class TaskOptions:
    """What every shard's task is given besides its shard: how to read, the forced language, and
    whether the first bad input stops the run (``--strict``)."""

    read: ReadOptions = field(default_factory=ReadOptions)
    lang: str | None = None
    strict: bool = False


def run_shard(shard: Shard, out: str, opts: TaskOptions) -> dict[str, Any]:
    """Extract one shard into the dataset at *out*; returns its manifest entry: ``key``, ``name``,
    ``articles``, ``events``, ``undated``, ``skipped`` (``[message, kind]`` pairs), ``warnings``,
    ``files``, ``seconds``, ``bytes``.

    With ``opts.strict``, the first bad input raises its :class:`~geokg.errors.GeokgError` and the
    shard stays unfinished.
    """
    t0 = time.perf_counter()
    skipped: list[list[str]] = []
    warnings: list[str] = []
    report = BatchReport(strict=opts.strict, on_skip=lambda s: skipped.append([s.message, s.kind]),
                         on_warning=warnings.append)
    article_rows: list[dict] = []
    event_rows: list[dict] = []
    arts = shard_articles(shard, opts.read, report)
    for seq, (art, events) in enumerate(extract_many(arts, opts.lang, 1, report)):
        article_rows.append(article_row(art, events=len(events), shard=shard.key, article_seq=seq))
        event_rows.extend(event_row(e, shard=shard.key, article_seq=seq, event_seq=j) for j, e in enumerate(events))
    files = write_parts(out, shard.key, article_rows, event_rows)
    # The skips beyond those listed (a file's 21st bad record on) are counted by kind only.
    listed = {k: sum(1 for _, kk in skipped if kk == k) for k in report.kinds}
    for kind, n in report.kinds.items():
        skipped.extend([[None, kind]] * (n - listed.get(kind, 0)))  # type: ignore[list-item]
    entry = {"key": shard.key, "name": shard.name, "articles": report.articles, "events": len(event_rows),
             "undated": report.undated, "skipped": skipped, "warnings": warnings, "files": files,
             "seconds": round(time.perf_counter() - t0, 3), "bytes": shard.size}
    write_entry(out, entry)
    return entry
