"""Articles from files: plain text, HTML, JSONL of {id, url, title, text, published, lang}; folders and globs.

Every way a file can be unreadable becomes an :class:`InputError` with one line naming the file.
"""

from __future__ import annotations

import codecs
import glob
import io
import json
import os
import re
import stat
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError

from geokg.errors import InputError
from geokg.extractors import published as pubdates
from geokg.extractors.report import BatchReport
from geokg.schema.models import Article

MAX_BYTES = 50 * 1024 * 1024           # one article file; JSONL files are read line by line, of any size
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | {".json"}


def expand_paths(paths: list[str]) -> list[Path]:
    """Files named by paths, folders (their known article files, sorted) and glob patterns.

    >>> expand_paths([]) == []
    True
    """
    out: list[Path] = []
    for p in paths:
        if any(ch in p for ch in "*?["):
            matches = sorted(glob.glob(p, recursive=True))
            if not matches:
                raise InputError(f"{p}: no file matches this pattern", kind="not found")
            out.extend(Path(m) for m in matches if Path(m).is_file())
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in KNOWN_SUFFIXES
                           and not f.name.startswith(".") and f.name.lower() not in ("readme.md",))
            if not files:
                raise InputError(f"{p}: folder holds no article files (.txt, .html, .jsonl)", kind="no article files")
            out.extend(files)
        elif not path.exists():
            raise InputError(f"{p}: no such file", kind="not found")
        else:
            out.append(path)
    return out


def parse_json(text: str, where: str, kind: str = "malformed JSON") -> Any:
    """The JSON value of *text*; every way it can fail is an :class:`InputError` starting with *where*.

    Beyond malformed JSON, Python's reader refuses nesting deeper than its recursion limit and
    integers of more than 4,300 digits (a guard against quadratic int parsing): input, not bugs.

    >>> parse_json('{"a": [1]}', "x")
    {'a': [1]}
    >>> parse_json("[" * 100000, "f.jsonl:3")
    Traceback (most recent call last):
    ...
    geokg.errors.InputError: f.jsonl:3: malformed JSON: nested too deeply
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: malformed JSON: {exc.msg} (line {exc.lineno} column {exc.colno})",
                         kind=kind) from None
    except RecursionError:
        raise InputError(f"{where}: malformed JSON: nested too deeply", kind=kind) from None
    except ValueError as exc:  # int('9' * 5000): "Exceeds the limit (4300 digits) for integer string conversion"
        raise InputError(f"{where}: malformed JSON: a number too long to read ({exc})", kind=kind) from None


def _codec(encoding: str | None) -> str:
    """The codec name to decode files with: *encoding* if Python knows it as a text encoding.

    >>> _codec(None), _codec("Latin-1")
    ('utf-8-sig', 'iso8859-1')
    >>> _codec("hex")
    Traceback (most recent call last):
    ...
    geokg.errors.InputError: 'hex' is not a text encoding (it turns bytes into bytes); pass one such as latin-1
    """
    if encoding is None:
        return "utf-8-sig"
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    # base64, hex, zlib, rot13 ... are codecs too, but of bytes to bytes or str to str; bytes.decode
    # refuses them by this same flag.
    if not getattr(info, "_is_text_encoding", True):
        raise InputError(f"{encoding!r} is not a text encoding (it turns bytes into bytes); pass one such as latin-1")
    return info.name


def _open(path: Path) -> BinaryIO:
    """*path* opened for reading bytes, if it is a file that can be read to its end.

    A device has no end (/dev/zero, /dev/urandom report size 0 and never stop), so only regular
    files and pipes are read. A named pipe is opened without waiting for a writer: with none, it
    reads as empty rather than blocking forever; process substitution (``<(zcat a.gz)``) has one.
    """
    try:
        mode = path.stat().st_mode
        if stat.S_ISFIFO(mode):
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            os.set_blocking(fd, True)  # now that it is open, wait for what its writer sends
            return open(fd, "rb")
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(mode):
            kind = "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "socket" if stat.S_ISSOCK(mode) else "special file"
            raise InputError(f"{path}: not a regular file (a {kind}); geokg reads files, folders and pipes")
        return path.open("rb")
    except OSError as exc:
        raise _os_error(path, exc) from None


def _os_error(path: Path, exc: OSError) -> InputError:
    if isinstance(exc, PermissionError):
        return InputError(f"{path}: permission denied")
    if isinstance(exc, IsADirectoryError):
        return InputError(f"{path}: is a folder")
    return InputError(f"{path}: cannot read: {exc.strerror or exc}")


# Byte order marks of the encodings that are told by them alone (UTF-32 first: its LE mark starts
# with UTF-16's). Such files are full of NUL bytes, so they are recognised before the binary test.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _wide_encoding(head: bytes, encoding: str | None = None) -> str | None:
    """The UTF-16 or UTF-32 codec to read a file with, if it is one: the *encoding* given, or the
    one its byte order mark says (Windows "Unicode" text); None for every other file.

    >>> _wide_encoding("a".encode("utf-16")), _wide_encoding(b"a"), _wide_encoding(b"a\\0", "UTF-16LE")
    ('utf-16', None, 'UTF-16LE')
    """
    if encoding:
        try:
            return encoding if codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")) else None
        except LookupError:
            return None  # reported as an unknown encoding where it is used
    return next((enc for bom, enc in _BOMS if head.startswith(bom)), None)


def _check_head(path: Path, head: bytes) -> None:
    """Refuse a binary file from its first 8 KB (text formats never hold NUL bytes)."""
    if b"\x00" in head[:8192]:
        raise InputError(f"{path}: binary file, not text (expected UTF-8 or UTF-16 text, HTML or JSONL)",
                         kind="binary")


def size_pair(size: int, limit: int) -> tuple[str, str]:
    """Two different sizes in MB with just enough decimals to tell them apart (a file a little over
    the limit is not "52 MB; limit 52 MB"); six decimals tell any two byte counts apart.

    >>> size_pair(60 << 20, 50 << 20)
    ('63 MB', '52 MB')
    >>> size_pair((50 << 20) + 40_000, 50 << 20)
    ('52.5 MB', '52.4 MB')
    >>> size_pair((50 << 20) + 1, 50 << 20)
    ('52.428801 MB', '52.428800 MB')
    """
    for digits in range(6):
        a, b = f"{size / 1e6:.{digits}f}", f"{limit / 1e6:.{digits}f}"
        if a != b:
            return f"{a} MB", f"{b} MB"
    return f"{size / 1e6:.6f} MB", f"{limit / 1e6:.6f} MB"


def _read_bytes(path: Path, limit: int, encoding: str | None = None) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            big, most = size_pair(size, limit)
            raise InputError(f"{path}: file too large ({big}; limit {most})", kind="too large")
        with _open(path) as fh:
            data = fh.read(limit + 1)  # a pipe's size is not known beforehand
    except OSError as exc:
        raise _os_error(path, exc) from None
    if len(data) > limit:
        raise InputError(f"{path}: file too large (over {limit / 1e6:.0f} MB, the limit)", kind="too large")
    if not data.strip():
        raise InputError(f"{path}: empty file", kind="empty")
    if _wide_encoding(data, encoding) is None:
        _check_head(path, data)
    return data


def read_lines(path: Path | str, encoding: str | None = None,
               on_bytes: Callable[[int], None] | None = None) -> Iterator[tuple[int, str]]:
    """(line number, line) of a JSONL file, read as it is consumed: memory stays flat whatever its size.

    Lines end at \\n or \\r\\n (not at U+2028 and the like, which JSON strings may hold); blank
    lines are skipped. UTF-8 (with or without BOM), UTF-16 or UTF-32 with a BOM, unless an *encoding*
    is given. Every way the file can be unreadable is an
    :class:`InputError` naming the file, and the line for bytes that do not decode. *on_bytes(n)*, if
    given, hears of every line's bytes as it is read (for progress bars).

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "a.jsonl")
    >>> _ = open(p, "wb").write(b'\\xef\\xbb\\xbf{"a": 1}\\r\\n\\n{"b": "\\xe2\\x80\\xa8"}\\n')
    >>> [(n, len(line)) for n, line in read_lines(p)]
    [(1, 8), (3, 10)]
    """
    path = Path(path)
    decoder = codecs.getincrementaldecoder(_codec(encoding))()  # utf-8-sig strips a BOM, first line only
    blank = True
    try:
        with _open(path) as fh:
            head = fh.peek(8192)
            wide = _wide_encoding(head, encoding)
            if wide:
                lines: Iterable[tuple[int, str]] = _wide_lines(fh, wide, path, on_bytes)
            else:
                _check_head(path, head)
                lines = _narrow_lines(fh, decoder, encoding, path, on_bytes)
            for lineno, line in lines:
                if line.strip():
                    blank = False
                    yield lineno, line.rstrip("\r\n")
    except OSError as exc:
        raise _os_error(path, exc) from None
    if blank:
        raise InputError(f"{path}: empty file", kind="empty")


def _narrow_lines(fh: BinaryIO, decoder: codecs.IncrementalDecoder, encoding: str | None, path: Path,
                  on_bytes: Callable[[int], None] | None) -> Iterator[tuple[int, str]]:
    """Lines of a file in an encoding that keeps ASCII as it is: split as bytes, then decoded."""
    # A line is read up to the article size limit, not to its end: a file with no line break
    # (or a pipe that never sends one) would otherwise fill the memory.
    for lineno, raw in enumerate(iter(lambda: fh.readline(MAX_BYTES + 1), b""), 1):
        if len(raw) > MAX_BYTES:
            raise InputError(f"{path}:{lineno}: line longer than {MAX_BYTES / 1e6:.0f} MB, the limit for one record")
        if on_bytes is not None:
            on_bytes(len(raw))
        try:
            line = decoder.decode(raw)
        except UnicodeError as exc:  # UnicodeDecodeError, or a codec's own UnicodeError (punycode)
            raise InputError(f"{path}:{lineno}: not valid {encoding or 'UTF-8'} ({_reason(exc)}); "
                             "convert it to UTF-8 or pass --encoding, e.g. --encoding latin-1", kind="bad encoding") from None
        yield lineno, line


def _wide_lines(fh: BinaryIO, encoding: str, path: Path,
                on_bytes: Callable[[int], None] | None) -> Iterator[tuple[int, str]]:
    """Lines of a UTF-16 or UTF-32 file (the codec reads its BOM): decoded, then split at \\n only."""
    text = io.TextIOWrapper(fh, encoding=encoding, newline="\n")
    seen = lineno = 0

    def count() -> None:  # the bytes the decoder has taken so far (it reads ahead in blocks)
        nonlocal seen
        now = fh.tell()
        if on_bytes is not None and now > seen:
            on_bytes(now - seen)
        seen = max(seen, now)

    try:
        for lineno, line in enumerate(iter(lambda: text.readline(MAX_BYTES + 1), ""), 1):
            if len(line) > MAX_BYTES:
                raise InputError(f"{path}:{lineno}: line longer than {MAX_BYTES / 1e6:.0f} MB, the limit for one record")
            count()
            yield lineno, line
        count()
    except UnicodeError as exc:  # also the codec's "UTF-16 stream does not start with BOM"
        # The codec decodes blocks ahead of the lines handed out, so the bad line is not known exactly.
        where = f" after line {lineno}" if lineno else ""
        raise InputError(f"{path}: not valid {encoding.upper()}{where} ({_reason(exc)}); convert it to UTF-8", kind="bad encoding") from None
    finally:
        if not fh.closed:  # closed already when this generator is dropped after read_lines closed the file
            text.detach()  # so that the wrapper does not close the caller's file


def _reason(exc: UnicodeError) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"{exc.reason} at byte {exc.start}"
    return str(exc) or type(exc).__name__


def decode(data: bytes, path: Path | str, encoding: str | None = None) -> str:
    """Text of a file: UTF-8 (with or without BOM), UTF-16 or UTF-32 with a BOM, unless an encoding is given.

    >>> decode("Jakarta – Senin".encode("utf-16"), "a.txt"), decode(b"\\xef\\xbb\\xbfok", "b.txt")
    ('Jakarta – Senin', 'ok')
    """
    codec = _codec(encoding) if encoding else _wide_encoding(data) or "utf-8-sig"
    try:
        return data.decode(codec)
    except UnicodeError as exc:  # UnicodeDecodeError, or a codec's own UnicodeError (punycode, idna)
        raise InputError(f"{path}: not valid {encoding or 'UTF-8'} ({_reason(exc)}); "
                         "convert it to UTF-8 or pass --encoding, e.g. --encoding latin-1", kind="bad encoding") from None


def _parse_date(value: object, where: str) -> date | None:
    if value in (None, ""):
        return None
    m = re.match(r"^(\d{4}-\d{2}-\d{2})", str(value))
    if not m:
        raise InputError(f"{where}: published must be a date like 2023-08-16, got {value!r}", kind="bad date")
    try:
        return date.fromisoformat(m.group(1))
    except ValueError:
        raise InputError(f"{where}: invalid date {value!r}", kind="bad date") from None


def _html_article(text: str, path: Path) -> Article:
    import trafilatura  # noqa: PLC0415 - slow import, only for HTML

    body = trafilatura.extract(text, include_comments=False, include_tables=False, favor_precision=True)
    if not body or not body.strip():
        raise InputError(f"{path}: no article text found in this HTML page", kind="no article text")
    meta = trafilatura.extract_metadata(text)
    title = meta.title if meta and meta.title else None
    url = meta.url if meta and meta.url else None
    full = f"{title}\n\n{body}" if title else body
    # What the page states (meta, JSON-LD, <time>), then a byline or dateline in its text, then
    # trafilatura's guess (it also reads URLs and page furniture), which a malformed value never fails.
    found = pubdates.find_in_html(text) or pubdates.find_in_text(full)
    if found is None and meta and meta.date:
        day = pubdates.parse_date_value(meta.date)
        found = (day, "htmldate") if day else None
    day, source = found or (None, None)
    return _article(str(path), id=path.stem, text=full, title=title, url=url, published=day,
                    published_source=source, source=str(path))


def _article(where: str, kind: str = "invalid article", **fields: Any) -> Article:
    """An :class:`Article` of *fields*, or an :class:`InputError` saying which one does not fit."""
    try:
        return Article(**fields)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(x) for x in err.get("loc", ()))
        msg = err["msg"].removeprefix("Value error, ")
        raise InputError(f"{where}: {field + ': ' if field else ''}{msg}", kind=kind) from None


def _jsonl_articles(lines: Iterable[tuple[int, str]], path: Path,
                    report: BatchReport | None = None) -> Iterator[Article]:
    for lineno, line in lines:
        try:
            yield _jsonl_article(line, path, lineno)
        except InputError as exc:
            if report is None:
                raise
            report.skip(exc, file=str(path))


def _jsonl_article(line: str, path: Path, lineno: int) -> Article:
    where = f"{path}:{lineno}"
    return article_from_record(parse_json(line, where, kind="malformed JSONL"), where, f"{path.stem}-{lineno}")


def article_from_record(obj: Any, where: str, default_id: str) -> Article:
    """The article of one record (a JSONL line's object, a Parquet table's row) of the fields
    ``{id, url, title, text, published, lang}``; :class:`InputError` starting with *where* if it is
    none. *default_id* is the id of a record without one.

    >>> article_from_record({"text": "Putin met Kim.", "published": "2023-09-13"}, "a.jsonl:3", "a-3").id
    'a-3'
    >>> article_from_record({"id": 1}, "a.jsonl:4", "a-4")
    Traceback (most recent call last):
    ...
    geokg.errors.InputError: a.jsonl:4: article has no 'text'
    """
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object per line", kind="malformed JSONL")
    if not isinstance(obj.get("text"), str) or not obj["text"].strip():
        raise InputError(f"{where}: article has no 'text'", kind="no article text")
    day = _parse_date(obj.get("published"), where)
    return _article(where, "malformed JSONL", id=str(obj.get("id") or default_id), text=obj["text"],
                    title=obj.get("title"), url=obj.get("url"), published=day,
                    published_source="record" if day else None, lang=obj.get("lang"), source=where)


def _check_encoding(encoding: str | None) -> None:
    """An unknown --encoding is the run's error, not every file's."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}") from None


def read_articles(paths: list[str], encoding: str | None = None,
                  on_bytes: Callable[[int], None] | None = None, *, report: BatchReport | None = None,
                  published: date | None = None, published_from: str | Path | None = None,
                  exclude: Collection[Path] = ()) -> Iterator[Article]:
    """Articles from files, folders and globs (see the module doc), with their publication dates.

    *on_bytes(n)*, if given, hears of the bytes of input done: a JSONL file's lines as they are
    read, any other file once the consumer has taken its article (for progress bars; the sum is
    :func:`input_size`).

    *report*: a :class:`~geokg.extractors.report.BatchReport` that hears of every input that cannot
    be read (a file, or one record of a JSONL file), which is then left out and the rest read;
    without one (or when it is strict), the first such input raises :class:`InputError`.

    Publication dates (``published_source`` says which): *published* for every article; else the
    table *published_from* (:func:`~geokg.extractors.published.read_published_table`); else, for a
    file in a folder named in *paths*, that folder's own ``published.tsv`` if it has one; else what
    the article says (a JSONL record's field, an HTML page's metadata, a byline or dateline).
    *exclude*: files the paths name that are not articles (JSONL files of extracted events).

    >>> from pathlib import Path
    >>> examples = Path(__file__).parents[2] / "examples"
    >>> [(a.id[:5], a.published.isoformat(), a.published_source) for a in read_articles([str(examples)])][:2]
    [('en_01', '2023-09-17', 'mapping'), ('en_02', '2023-03-14', 'mapping')]
    """
    _check_encoding(encoding)
    explicit = pubdates.read_published_table(published_from) if published_from is not None else None
    for arg in paths:
        try:
            files = expand_paths([arg])
        except InputError as exc:
            if report is None:
                raise
            report.skip(exc, file=arg)
            continue
        tables = [t for t in (explicit, _folder_table(Path(arg), report)) if t is not None]
        for path in files:
            if path in exclude:
                continue
            for art in _articles_of(path, encoding, on_bytes, report):
                yield dated(art, path, published, tables)
            if on_bytes is not None and path.suffix.lower() not in JSONL_SUFFIXES:
                on_bytes(_size(path))


def file_articles(path: Path, encoding: str | None = None, *, report: BatchReport | None = None,
                  published: date | None = None,
                  tables: Iterable[pubdates.PublishedTable] = ()) -> Iterator[Article]:
    """The dated articles of one file, as :func:`read_articles` gives them for it (*tables*: the
    tables of publication dates that apply to it, first first; see :func:`folder_table`).

    >>> from pathlib import Path
    >>> ex = Path(__file__).parents[2] / "examples"
    >>> [a.published_source for a in file_articles(ex / "id_01_retno_wang_yi_jakarta.txt", tables=[folder_table(ex)])]
    ['mapping']
    """
    tables = list(tables)
    for art in _articles_of(path, encoding, None, report):
        yield dated(art, path, published, tables)


def folder_table(folder: Path, report: BatchReport | None = None) -> pubdates.PublishedTable | None:
    """A folder's own ``published.tsv``, if it has one (a bad one is skipped into *report*, or raised)."""
    return _folder_table(folder, report)


def _folder_table(folder: Path, report: BatchReport | None) -> pubdates.PublishedTable | None:
    """A folder's own table of publication dates, if it has one (a bad one is skipped like a bad file)."""
    own = folder / pubdates.FOLDER_TABLE
    if not own.is_file():
        return None
    try:
        return pubdates.read_published_table(own)
    except InputError as exc:
        if report is None:
            raise
        report.skip(exc, file=str(own))
        return None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _articles_of(path: Path, encoding: str | None, on_bytes: Callable[[int], None] | None,
                 report: BatchReport | None) -> Iterator[Article]:
    """The articles of one file; a file that cannot be read is skipped when there is a *report*."""
    try:
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from _jsonl_articles(read_lines(path, encoding, on_bytes), path, report)
        else:
            yield from _file_articles(path, encoding, report)
    except InputError as exc:
        if report is None:
            raise
        report.skip(exc, file=str(path))


def dated(art: Article, path: Path, day: date | None, tables: list[pubdates.PublishedTable]) -> Article:
    """The article of file *path* with its publication date from the first source that has one
    (see :func:`read_articles`): *day*, then *tables*, then the article's own date, then its text.

    >>> a = dated(Article(id="x", text="Jakarta, 15 Agustus 2023 - Korea Utara mengecam AS."), Path("x.txt"), None, [])
    >>> a.published.isoformat(), a.published_source
    ('2023-08-15', 'dateline')
    """
    if day is not None:
        return art.model_copy(update={"published": day, "published_source": "option"})
    is_record = art.source != str(path)   # a JSONL record: looked up by its id first
    for table in tables:
        found = table.lookup(path, art.id if is_record else None)
        if found is not None:
            return art.model_copy(update={"published": found, "published_source": "mapping"})
    if art.published is None:   # (an HTML page has been looked at whole already; its text again is cheap)
        hit = pubdates.find_in_text(art.text)
        if hit is not None:
            return art.model_copy(update={"published": hit[0], "published_source": hit[1]})
    return art


def _file_articles(path: Path, encoding: str | None, report: BatchReport | None = None) -> Iterator[Article]:
    """The article(s) of a file read whole: text, HTML, or a JSON object or array of them."""
    suffix = path.suffix.lower()
    text = decode(_read_bytes(path, MAX_BYTES, encoding), path, encoding)
    if suffix == ".json":
        obj = parse_json(text, str(path))
        items = obj if isinstance(obj, list) else [obj]
        yield from _jsonl_articles(((i, json.dumps(o)) for i, o in enumerate(items, 1)), path, report)
    elif suffix in HTML_SUFFIXES or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        yield _html_article(text, path)
    else:
        yield _article(str(path), id=path.stem, text=text, source=str(path))


def input_size(paths: list[str]) -> int:
    """Bytes in the files a path list names (0 if one is missing: reading it will say so), for progress bars.

    >>> input_size([])
    0
    """
    try:
        return sum(p.stat().st_size for p in expand_paths(paths))
    except (InputError, OSError):
        return 0


__all__ = ["read_articles", "read_lines", "expand_paths", "decode", "input_size", "parse_json", "article_from_record",
           "file_articles", "folder_table", "dated"]
