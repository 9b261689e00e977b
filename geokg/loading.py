"""From files to a store: read articles (or already extracted events) and extract them.

What ``geokg ingest`` loads: ``store.ingest(items_from_paths(paths))`` does the same from Python
(articles and their events, in order; each store batches them into transactions).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from geokg.errors import InputError
from geokg.extractors.ingest import JSONL_SUFFIXES, expand_paths, read_articles, read_lines
from geokg.extractors.batch import extract_many
from geokg.schema.models import Article, Event


def _is_event_jsonl(path: Path, encoding: str | None) -> bool:
    """A JSONL file of extracted events (``geokg extract --format jsonl`` output) rather than articles.

    Its first record is read as the file will be (:func:`read_lines`: any encoding it accepts);
    a file that cannot be read counts as articles, whose reading then says what is wrong.
    """
    if path.suffix.lower() not in JSONL_SUFFIXES:
        return False
    lines = read_lines(path, encoding)
    try:
        first = next(lines, None)
    except InputError:
        return False
    finally:
        lines.close()
    if first is None:
        return False
    try:
        obj = json.loads(first[1])
    except json.JSONDecodeError:
        return False
    return isinstance(obj, dict) and "cameo" in obj and "text" not in obj


def _events_from_jsonl(path: Path, encoding: str | None, on_bytes: Callable[[int], None] | None) -> Iterator[Event]:
    for lineno, line in read_lines(path, encoding, on_bytes):
        try:
            yield Event.model_validate_json(line)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(x) for x in err.get("loc", ()))
            raise InputError(f"{path}:{lineno}: not an event record: {where} {err['msg']}") from None


def items_from_paths(paths: list[str], *, published: date | None = None, lang: str | None = None,
                     encoding: str | None = None,
                     on_bytes: Callable[[int], None] | None = None, jobs: int = 1) -> Iterator[Article | Event]:
    """Articles and their events from files; JSONL files of extracted events pass through as events.

    *on_bytes(n)*, if given, hears of the bytes of input done as reading goes on (their sum is
    :func:`geokg.extractors.ingest.input_size`), for progress bars. *jobs* > 1 extracts in that
    many worker processes (:func:`geokg.extractors.batch.extract_many`); the items are the same.

    >>> list(items_from_paths([]))
    []
    """
    files = expand_paths(paths) if paths else []
    event_files = [p for p in files if _is_event_jsonl(p, encoding)]
    article_files = [str(p) for p in files if p not in event_files]  # a folder may hold both kinds
    for p in event_files:
        yield from _events_from_jsonl(p, encoding, on_bytes)
    if not article_files:
        return
    arts = read_articles(article_files, encoding, on_bytes)
    if published is not None:
        arts = (a.model_copy(update={"published": published}) for a in arts)
    for art, events in extract_many(arts, lang, jobs):
        yield art
        yield from events
