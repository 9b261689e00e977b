"""Articles from files: plain text, HTML, JSONL of {id, url, title, text, published, lang}; folders and globs.

Every way a file can be unreadable becomes an :class:`InputError` with one line naming the file.
"""

from __future__ import annotations

import glob
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from geokg.errors import InputError
from geokg.schema.models import Article

MAX_BYTES = 50 * 1024 * 1024           # one article file; JSONL files may be larger
MAX_JSONL_BYTES = 2 * 1024 * 1024 * 1024
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
                raise InputError(f"{p}: no file matches this pattern")
            out.extend(Path(m) for m in matches if Path(m).is_file())
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in KNOWN_SUFFIXES
                           and not f.name.startswith(".") and f.name.lower() not in ("readme.md",))
            if not files:
                raise InputError(f"{p}: folder holds no article files (.txt, .html, .jsonl)")
            out.extend(files)
        elif not path.exists():
            raise InputError(f"{p}: no such file")
        else:
            out.append(path)
    return out


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(f"{path}: file too large ({size / 1e6:.0f} MB; limit {limit / 1e6:.0f} MB)")
        data = path.read_bytes()
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise InputError(f"{path}: empty file")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary file, not text (expected UTF-8 text, HTML or JSONL)")
    return data


def decode(data: bytes, path: Path | str, encoding: str | None = None) -> str:
    """Text of a file: UTF-8 (with or without BOM) unless an encoding is given."""
    try:
        return data.decode(encoding or "utf-8-sig")
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid {encoding or 'UTF-8'} (byte {exc.start}); "
                         "convert it to UTF-8 or pass --encoding, e.g. --encoding latin-1") from None


def _parse_date(value: object, where: str) -> date | None:
    if value in (None, ""):
        return None
    m = re.match(r"^(\d{4}-\d{2}-\d{2})", str(value))
    if not m:
        raise InputError(f"{where}: published must be a date like 2023-08-16, got {value!r}")
    try:
        return date.fromisoformat(m.group(1))
    except ValueError:
        raise InputError(f"{where}: invalid date {value!r}") from None


def _html_article(text: str, path: Path) -> Article:
    import trafilatura  # noqa: PLC0415 - slow import, only for HTML

    body = trafilatura.extract(text, include_comments=False, include_tables=False, favor_precision=True)
    if not body or not body.strip():
        raise InputError(f"{path}: no article text found in this HTML page")
    meta = trafilatura.extract_metadata(text)
    title = meta.title if meta and meta.title else None
    published = _parse_date(meta.date, str(path)) if meta and meta.date else None
    url = meta.url if meta and meta.url else None
    full = f"{title}\n\n{body}" if title else body
    return Article(id=path.stem, text=full, title=title, url=url, published=published, source=str(path))


def _jsonl_articles(text: str, path: Path) -> Iterator[Article]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{lineno}: malformed JSON: {exc.msg} (column {exc.colno})") from None
        if not isinstance(obj, dict):
            raise InputError(f"{path}:{lineno}: expected a JSON object per line")
        if not isinstance(obj.get("text"), str) or not obj["text"].strip():
            raise InputError(f"{path}:{lineno}: article has no 'text'")
        where = f"{path}:{lineno}"
        try:
            yield Article(id=str(obj.get("id") or f"{path.stem}-{lineno}"), text=obj["text"],
                          title=obj.get("title"), url=obj.get("url"),
                          published=_parse_date(obj.get("published"), where),
                          lang=obj.get("lang"), source=where)
        except ValidationError as exc:
            raise InputError(f"{where}: {exc.errors()[0]['msg']}") from None


def read_articles(paths: list[str], encoding: str | None = None) -> Iterator[Article]:
    """Articles from files, folders and globs (see the module doc)."""
    for path in expand_paths(paths):
        suffix = path.suffix.lower()
        is_jsonl = suffix in JSONL_SUFFIXES
        text = decode(_read_bytes(path, MAX_JSONL_BYTES if is_jsonl else MAX_BYTES), path, encoding)
        if is_jsonl:
            yield from _jsonl_articles(text, path)
        elif suffix == ".json":
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}: malformed JSON: {exc.msg} (line {exc.lineno})") from None
            items = obj if isinstance(obj, list) else [obj]
            yield from _jsonl_articles("\n".join(json.dumps(o) for o in items), path)
        elif suffix in HTML_SUFFIXES or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
            yield _html_article(text, path)
        else:
            yield Article(id=path.stem, text=text, source=str(path))


def articles_count_hint(paths: list[str]) -> int:
    """How many files a path list names (for progress bars)."""
    try:
        return len(expand_paths(paths))
    except InputError:
        return 0


__all__ = ["read_articles", "expand_paths", "decode", "articles_count_hint"]
