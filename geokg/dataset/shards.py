"""Inputs split into shards: the units of work a cluster runs, and of resuming a run.

* a JSONL file (local or any fsspec URL) becomes byte ranges of about *shard_bytes*: a line
  belongs to the range its first byte lies in, so that one huge file spreads over a cluster;
* a JSONL.gz file cannot be read from the middle: one shard each (such feeds come in many files);
* a Parquet article table (columns ``id, url, title, text, published, lang``; ``text`` needed)
  becomes runs of row groups of about *shard_bytes*;
* plain text and HTML files (local) are grouped, in order, into shards of about *shard_bytes*.

A shard's key is a hash of what it reads (file, range), so a repeated plan gives the same keys.
What can be found wrong with a file without reading it through (missing, empty, binary, not gzip,
not Parquet, no ``text`` column) is reported while planning, one line naming the file, as the
local batch does; what is wrong with one record is reported by the task that reads it.

>>> import tempfile, os, json
>>> p = os.path.join(tempfile.mkdtemp(), "a.jsonl")
>>> _ = open(p, "w").write("".join(json.dumps({"id": i, "text": "x" * 50}) + "\\n" for i in range(10)))
>>> shards = plan_shards([p], shard_bytes=200)
>>> [(s.kind, s.start, s.end) for s in shards][:2], len(shards)
([('jsonl', 0, 200), ('jsonl', 200, 400)], 4)
>>> sum(len(list(range_lines(s))) for s in shards)
10
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from geokg.errors import InputError
from geokg.extractors.ingest import HTML_SUFFIXES, MAX_BYTES, TEXT_SUFFIXES, expand_paths, folder_table
from geokg.extractors.published import PublishedTable
from geokg.extractors.report import BatchReport
from geokg.schema.models import stable_id

__all__ = ["Shard", "plan_shards", "auto_shard_bytes", "range_lines", "count_newlines", "number_lines", "open_input",
           "is_url", "DEFAULT_SHARD_BYTES", "PARQUET_FIELDS"]

#: Bytes of input per shard at most (unless asked): about 13,000 short articles, 20 s of one core.
DEFAULT_SHARD_BYTES = 8 << 20
#: ... and at least, unless the input is smaller: below that, a task's fixed costs show.
MIN_SHARD_BYTES = 1 << 20
#: Shards an input is cut into when that keeps them within those bounds: enough for the last
#: shards not to leave most workers of a cluster idle while one finishes.
TARGET_SHARDS = 64


def auto_shard_bytes(total: int) -> int:
    """Bytes per shard for *total* bytes of input: about :data:`TARGET_SHARDS` shards, within
    :data:`MIN_SHARD_BYTES`..:data:`DEFAULT_SHARD_BYTES`. It depends on the input alone, not on the
    cluster, so that a run resumed on a cluster of another size has the same shards.

    >>> auto_shard_bytes(12 << 20) == MIN_SHARD_BYTES, auto_shard_bytes(4 << 30) == DEFAULT_SHARD_BYTES
    (True, True)
    """
    return max(MIN_SHARD_BYTES, min(DEFAULT_SHARD_BYTES, total // TARGET_SHARDS))
#: At most this many small files per shard (one file's article is a task's smallest work).
MAX_FILES_PER_SHARD = 2000
#: Columns a Parquet article table may have (``text`` must be there).
PARQUET_FIELDS = ("id", "url", "title", "text", "published", "lang")
_JSONL = (".jsonl", ".ndjson")
_GZ = tuple(s + ".gz" for s in _JSONL)
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


@dataclass
class Shard:
    """One unit of work. *kind*: ``jsonl`` (bytes *start*..*end* of *url*, first line numbered
    *first_line*), ``lines`` (a whole local JSONL file in UTF-16/32), ``gzip`` (a whole JSONL.gz),
    ``parquet`` (row groups *start*..*end*, first row numbered *first_line*), ``files`` (local
    article files). *table*: the ``published.tsv`` of the folder argument the file came from."""

    key: str
    kind: str
    url: str
    start: int = 0
    end: int = 0
    first_line: int = 1
    files: tuple[str, ...] = ()
    table: PublishedTable | None = None   # the published.tsv of the folder argument the files came from
    size: int = 0                          # bytes of input, for progress

    @property
    def name(self) -> str:
        """How messages name the shard: the file, with its byte or row range when it has one."""
        if self.kind == "jsonl":
            return f"{self.url} (bytes {self.start:,}-{self.end:,})"
        if self.kind == "parquet":
            return f"{self.url} (row groups {self.start}-{self.end - 1})"
        if self.kind == "files":
            return self.files[0] if len(self.files) == 1 else f"{self.files[0]} and {len(self.files) - 1} more files"
        return self.url


def is_url(path: str) -> bool:
    """Whether *path* is an fsspec URL (``s3://``, ``gs://``, ``file://``...) rather than a local path.

    >>> is_url("s3://bucket/a.jsonl"), is_url("data/a.jsonl")
    (True, False)
    """
    return bool(_URL.match(path))


def _fs(url: str) -> tuple[Any, str]:
    """(fsspec file system, path in it) of a URL."""
    try:
        from fsspec.core import url_to_fs  # noqa: PLC0415 - the scale extra
    except ImportError:
        raise InputError(f"{url}: reading URLs needs fsspec (pip install 'geokg[scale]')") from None
    try:
        return url_to_fs(url)
    except (ImportError, ValueError) as exc:   # e.g. s3:// without s3fs installed
        raise InputError(f"{url}: cannot open this kind of URL: {exc}") from None


def open_input(url: str) -> BinaryIO:
    """*url* (a local path or an fsspec URL) opened for reading bytes; InputError naming it if it cannot be.

    >>> open_input("/nonexistent/a.jsonl")
    Traceback (most recent call last):
    ...
    geokg.errors.InputError: /nonexistent/a.jsonl: cannot read: No such file or directory
    """
    try:
        if is_url(url):
            fs, path = _fs(url)
            return fs.open(path, "rb")
        return open(url, "rb")
    except InputError:
        raise
    except (OSError, ValueError) as exc:
        raise InputError(f"{url}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None


def _kind(name: str) -> str:
    low = name.lower()
    if low.endswith(_GZ):
        return "gzip"
    if low.endswith(_JSONL):
        return "jsonl"
    if low.endswith(".parquet"):
        return "parquet"
    return "files"


def _expand(arg: str) -> list[tuple[str, int]]:
    """(file, size) of every input file an argument names: a file, a folder (its article files,
    also .jsonl.gz and .parquet) or a glob; local or an fsspec URL."""
    if is_url(arg):
        fs, path = _fs(arg)
        proto = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
        try:
            if any(ch in path for ch in "*?["):
                found = sorted(fs.glob(path))
            elif fs.isdir(path):
                found = sorted(p for p in fs.find(path) if _wanted(p))
            elif fs.exists(path):
                found = [path]
            else:
                raise InputError(f"{arg}: no such file", kind="not found")
        except InputError:
            raise
        except OSError as exc:
            raise InputError(f"{arg}: cannot list: {exc}", kind="not found") from None
        if not found:
            raise InputError(f"{arg}: no input file found", kind="not found")
        infos = [(p, fs.info(p)) for p in found]
        return [(f"{proto}://{p}" if proto not in ("file", "local") else p, int(i.get("size") or 0))
                for p, i in infos if i.get("type") != "directory"]
    path = Path(arg)
    if path.is_dir():
        files = sorted(f for f in path.rglob("*") if f.is_file() and _wanted(f.name) and not f.name.startswith(".")
                       and f.name.lower() != "readme.md")
        if not files:
            raise InputError(f"{arg}: folder holds no article files (.txt, .html, .jsonl, .jsonl.gz, .parquet)",
                             kind="no article files")
    else:
        files = expand_paths([arg])
    return [(str(f), f.stat().st_size) for f in files]


def _wanted(name: str) -> bool:
    low = name.lower()
    if low.endswith(_GZ) or low.endswith(".parquet"):
        return True
    suffix = os.path.splitext(low)[1]
    return suffix in TEXT_SUFFIXES | HTML_SUFFIXES | set(_JSONL) | {".json"} and not low.endswith("published.tsv")


def _check_head(url: str, kind: str, size: int) -> None:
    """What can be told from a file's first bytes: empty, binary, not gzip, not Parquet."""
    if size == 0:
        raise InputError(f"{url}: empty file", kind="empty")
    with open_input(url) as fh:
        head = fh.read(8192)
    if kind == "gzip":
        if head[:2] != b"\x1f\x8b":
            raise InputError(f"{url}: not a gzip file (it does not start as one)", kind="bad gzip")
    elif kind == "parquet":
        if head[:4] != b"PAR1":
            raise InputError(f"{url}: not a Parquet file (it does not start with PAR1)", kind="bad parquet")
    elif kind == "jsonl" and b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(f"{url}: binary file, not text (expected UTF-8 JSONL)", kind="binary")


def plan_shards(inputs: list[str], shard_bytes: int | None = None,
                report: BatchReport | None = None) -> list[Shard]:
    """The shards of *inputs* (files, folders, globs; local or URLs), in input order, of about
    *shard_bytes* each (default: :func:`auto_shard_bytes` of the input's size).

    An input that cannot be used is skipped into *report* (one line naming it and why), or raised
    without one. Byte-range shards of JSONL files still need their first line numbers
    (:func:`number_lines`) before they are read.

    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> for name in ("a.txt", "b.txt"):
    ...     _ = open(os.path.join(folder, name), "w").write("Putin met Kim.")
    >>> _ = open(os.path.join(folder, "c.jsonl.gz"), "w").write("not gzip")
    >>> r = BatchReport(on_skip=lambda s: print(os.path.basename(s.message)))
    >>> [(s.kind, len(s.files)) for s in plan_shards([folder], report=r)]
    c.jsonl.gz: not a gzip file (it does not start as one)
    [('files', 2)]
    """
    shards: list[Shard] = []
    expanded: list[tuple[str, list[tuple[str, int]]]] = []
    for arg in inputs:
        try:
            expanded.append((arg, _expand(arg)))
        except InputError as exc:
            if report is None:
                raise
            report.skip(exc, file=arg)
    if shard_bytes is None:
        shard_bytes = auto_shard_bytes(sum(size for _, files in expanded for _, size in files))
    for arg, files in expanded:
        # A folder's own table of publication dates applies to every file under it (read_articles' rule).
        table = folder_table(Path(arg), report) if not is_url(arg) and Path(arg).is_dir() else None
        group: list[str] = []
        group_size = 0

        def flush() -> None:
            nonlocal group, group_size
            if group:
                shards.append(Shard(stable_id("sh", "files", *group), "files", group[0], files=tuple(group),
                                    table=table, size=group_size))
            group, group_size = [], 0

        for url, size in files:
            kind = _kind(url)
            if kind == "files":
                if group and (group_size + size > shard_bytes or len(group) >= MAX_FILES_PER_SHARD):
                    flush()
                group.append(url)
                group_size += size
                continue
            flush()
            try:
                _check_head(url, kind, size)
                for s in _file_shards(url, kind, size, shard_bytes):
                    s.table = table
                    shards.append(s)
            except InputError as exc:
                if report is None:
                    raise
                report.skip(exc, file=url)
        flush()
    return shards


def _file_shards(url: str, kind: str, size: int, shard_bytes: int) -> list[Shard]:
    if kind == "gzip":
        return [Shard(stable_id("sh", url, "gzip"), "gzip", url, size=size)]
    if kind == "parquet":
        return _parquet_shards(url, shard_bytes)
    with open_input(url) as fh:
        head = fh.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not is_url(url):
        # UTF-16/32 has no byte-aligned line ends to split at: read whole, as the local batch does
        return [Shard(stable_id("sh", url, "lines"), "lines", url, size=size)]
    bounds = list(range(0, size, shard_bytes)) + [size]
    return [Shard(stable_id("sh", url, a, b), "jsonl", url, start=a, end=b, size=b - a)
            for a, b in zip(bounds, bounds[1:])]


def _parquet_shards(url: str, shard_bytes: int) -> list[Shard]:
    import pyarrow.parquet as pq  # noqa: PLC0415

    try:
        with open_input(url) as fh:
            meta = pq.ParquetFile(fh).metadata
            names = set(pq.ParquetFile(fh).schema_arrow.names)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - pyarrow's errors for a damaged footer vary
        raise InputError(f"{url}: not a readable Parquet file ({' '.join(str(exc).split())[:200]})",
                         kind="bad parquet") from None
    if "text" not in names:
        raise InputError(f"{url}: Parquet table has no 'text' column (columns: {', '.join(sorted(names))})",
                         kind="bad parquet")
    shards, first, row, start, acc = [], 1, 1, 0, 0
    n = meta.num_row_groups
    for g in range(n):
        acc += meta.row_group(g).total_byte_size
        row += meta.row_group(g).num_rows
        if acc >= shard_bytes or g == n - 1:
            shards.append(Shard(stable_id("sh", url, "rg", start, g + 1), "parquet", url, start=start, end=g + 1,
                                first_line=first, size=acc))
            start, acc, first = g + 1, 0, row
    return shards


def count_newlines(shard: Shard) -> int:
    """Newlines of a ``jsonl`` shard's file in bytes ``start - 1 .. end - 1`` (``0 .. end - 1`` for
    the first range): summed over the earlier ranges of a file, the number of its first line
    (:func:`number_lines`). Reads the range once, in blocks."""
    a = max(shard.start - 1, 0)
    left = shard.end - 1 - a
    n = 0
    with open_input(shard.url) as fh:
        fh.seek(a)
        while left > 0:
            block = fh.read(min(left, 1 << 22))
            if not block:
                break
            n += block.count(b"\n")
            left -= len(block)
    return n


def number_lines(shards: list[Shard], counts: dict[str, int]) -> None:
    """Set the first line number of each ``jsonl`` shard from the newline counts of the shards of the
    same file before it (*counts*: shard key -> :func:`count_newlines`; a file's last shard needs none).

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "a.jsonl")
    >>> _ = open(p, "w").write("".join(f'{{"text": "{i}"}}\\n' for i in range(100)))
    >>> shards = plan_shards([p], shard_bytes=300)
    >>> number_lines(shards, {s.key: count_newlines(s) for s in shards[:-1]})
    >>> [s.first_line for s in shards][:3], [n for s in shards for n, _ in range_lines(s)] == list(range(1, 101))
    ([1, 22, 42], True)
    """
    seen: dict[str, int] = {}
    for s in shards:
        if s.kind != "jsonl":
            continue
        before = seen.get(s.url)
        s.first_line = 1 if s.start == 0 or before is None else 2 + before
        if s.key in counts:
            seen[s.url] = (before or 0) + counts[s.key]


def range_lines(shard: Shard) -> Iterator[tuple[int, bytes]]:
    """(line number, raw line) of the lines a ``jsonl`` shard owns: those whose first byte lies in
    its range (the line that began in the range before is that range's, read to its end there)."""
    with open_input(shard.url) as fh:
        if shard.start > 0:
            fh.seek(shard.start - 1)
            fh.readline()   # the end of the line that began before the range (or its newline)
        pos, lineno = fh.tell(), shard.first_line
        while pos < shard.end:
            raw = fh.readline(MAX_BYTES + 1)
            if not raw:
                break
            pos += len(raw)
            yield lineno, raw
            lineno += 1
