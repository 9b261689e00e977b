"""The articles of one shard (:mod:`geokg.dataset.shards`), read where the shard's task runs.

Records are read as the local batch reads them (:func:`geokg.extractors.ingest.article_from_record`,
dated by :func:`geokg.extractors.ingest.dated`), so a shard gives the articles ``geokg extract``
would give for the same lines. A bad record is skipped into the report naming its file and line;
a shard that breaks off (a damaged gzip stream, a Parquet row group that cannot be decoded) keeps
the articles read before the break and is reported in one line naming it and the reason.

>>> import tempfile, os, json
>>> from geokg.dataset.shards import plan_shards
>>> p = os.path.join(tempfile.mkdtemp(), "a.jsonl")
>>> _ = open(p, "w").write(json.dumps({"id": "x", "text": "Putin met Kim.", "published": "2023-09-13"}) + "\\n{oops\\n")
>>> r = BatchReport(on_skip=lambda s: print(s.message.split(": ", 1)[1]))
>>> [a.id for a in shard_articles(plan_shards([p])[0], ReadOptions(), r)]
malformed JSON: Expecting property name enclosed in double quotes (line 1 column 2)
['x']
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from geokg.dataset.shards import PARQUET_FIELDS, Shard, is_url, open_input, range_lines
from geokg.errors import InputError
from geokg.extractors.ingest import MAX_BYTES, article_from_record, dated, file_articles, parse_json, read_lines
from geokg.extractors.published import PublishedTable
from geokg.extractors.report import BatchReport
from geokg.schema.models import Article

__all__ = ["ReadOptions", "shard_articles"]


@dataclass
class ReadOptions:
    """How articles are read, as ``geokg extract`` takes it: ``--published`` (*published*),
    ``--published-from`` (*table*, read on the client and shipped), ``--encoding``."""

    published: date | None = None
    table: PublishedTable | None = None
    encoding: str | None = None


def shard_articles(shard: Shard, opts: ReadOptions, report: BatchReport) -> Iterator[Article]:
    """The articles of *shard*, dated; bad records and a broken shard are skipped into *report*."""
    tables = [t for t in (opts.table, shard.table) if t is not None]
    if shard.kind == "files":
        for f in shard.files:
            yield from file_articles(Path(f), opts.encoding, report=report, published=opts.published, tables=tables)
        return
    path = Path(shard.url) if not is_url(shard.url) else Path(shard.url.rsplit("/", 1)[-1])
    stem = _stem(shard.url)
    try:
        for where, default_id, record in _records(shard, opts.encoding, stem):
            try:
                art = article_from_record(record() if callable(record) else record, where, default_id)
            except InputError as exc:
                report.skip(exc, file=shard.url)
                continue
            yield dated(art, path, opts.published, tables)
    except InputError as exc:
        report.skip(exc, file=shard.url)


def _stem(url: str) -> str:
    """A file's name without its extensions (``a.jsonl.gz`` -> ``a``): the default article id's prefix."""
    name = url.rstrip("/").rsplit("/", 1)[-1]
    for suffix in (".gz", ".jsonl", ".ndjson", ".parquet"):
        name = name.removesuffix(suffix) if name.lower().endswith(suffix) else name
    return name


def _records(shard: Shard, encoding: str | None, stem: str):
    """(where, default id, record or a function giving it) of each record of a shard; raises
    InputError when the shard itself breaks off."""
    if shard.kind == "parquet":
        yield from _parquet_records(shard, stem)
        return
    if shard.kind == "lines":   # UTF-16/32 JSONL: the local reader, whole file
        for lineno, line in read_lines(shard.url, encoding):
            yield (f"{shard.url}:{lineno}", f"{stem}-{lineno}",
                   lambda line=line, lineno=lineno: parse_json(line, f"{shard.url}:{lineno}", kind="malformed JSONL"))
        return
    lines = _gzip_lines(shard) if shard.kind == "gzip" else range_lines(shard)
    codec = encoding or "utf-8"
    for lineno, raw in lines:
        if raw.strip():   # blank lines are skipped, as the local reader skips them
            where = f"{shard.url}:{lineno}"
            yield where, f"{stem}-{lineno}", _decoder(raw, where, codec, first=lineno == 1)


def _decoder(raw: bytes, where: str, codec: str, first: bool):
    def record() -> object:
        if len(raw) > MAX_BYTES:
            raise InputError(f"{where}: line longer than {MAX_BYTES / 1e6:.0f} MB, the limit for one record")
        try:
            text = raw.decode("utf-8-sig" if first and codec == "utf-8" else codec)
        except (UnicodeError, LookupError) as exc:
            raise InputError(f"{where}: not valid {codec.upper() if codec == 'utf-8' else codec} ({exc}); "
                             "convert it to UTF-8 or pass --encoding", kind="bad encoding") from None
        return parse_json(text, where, kind="malformed JSONL")
    return record


def _gzip_lines(shard: Shard) -> Iterator[tuple[int, bytes]]:
    lineno = 0
    try:
        with open_input(shard.url) as raw, gzip.GzipFile(fileobj=raw) as fh:
            for lineno, line in enumerate(iter(lambda: fh.readline(MAX_BYTES + 1), b""), 1):
                yield lineno, line
    except (OSError, EOFError, zlib.error) as exc:
        after = f" after line {lineno}" if lineno else ""
        raise InputError(f"{shard.url}: damaged gzip stream{after} ({exc or type(exc).__name__})",
                         kind="bad gzip") from None


def _parquet_records(shard: Shard, stem: str):
    import pyarrow.parquet as pq  # noqa: PLC0415

    row = shard.first_line
    try:
        with open_input(shard.url) as fh:
            pf = pq.ParquetFile(fh)
            cols = [c for c in PARQUET_FIELDS if c in pf.schema_arrow.names]
            for g in range(shard.start, shard.end):
                for rec in pf.read_row_group(g, columns=cols).to_pylist():
                    yield f"{shard.url}:{row}", f"{stem}-{row}", rec
                    row += 1
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - pyarrow's decoding errors have many classes
        raise InputError(f"{shard.url}: Parquet row group cannot be read at row {row} "
                         f"({' '.join(str(exc).split())[:200]})", kind="bad parquet") from None
