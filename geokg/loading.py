"""From files to a store: read articles (or already extracted events) and extract them.

What ``geokg ingest`` loads: ``store.ingest(items_from_paths(paths))`` does the same from Python
(articles and their events, in order; each store batches them into transactions).

An event JSONL is checked as strictly as extraction output is made (:class:`geokg.schema.models.Event`:
real dates, codes of the codebook, offsets a store can hold), and its quad class, Goldstein score
and PLOVER category are taken from the codebook, not from the file: a record edited by hand, or
written with an older codebook, cannot put an event in the wrong class.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path

from pydantic import ValidationError

from geokg.errors import InputError
from geokg.extractors.ingest import JSONL_SUFFIXES, expand_paths, parse_json, read_articles, read_lines
from geokg.extractors.batch import extract_many
from geokg.schema.models import Article, Event


def _is_event_jsonl(path: Path, encoding: str | None) -> bool:
    """A JSONL file of extracted events (``geokg extract --format jsonl`` output) rather than articles.

    Its first record is read as the file will be (:func:`read_lines`: any encoding it accepts);
    a file that cannot be read counts as articles, whose reading then says what is wrong. Lines
    that are not JSON are passed over (up to :data:`SNIFF_LINES`), so that a damaged first record
    does not turn a file of events into a file of articles.
    """
    if path.suffix.lower() not in JSONL_SUFFIXES:
        return False
    lines = read_lines(path, encoding)
    try:
        for lineno, line in islice(lines, SNIFF_LINES):
            try:
                obj = parse_json(line, f"{path}:{lineno}")
            except InputError:
                continue
            return isinstance(obj, dict) and "cameo" in obj and "text" not in obj
    except InputError:
        return False
    finally:
        lines.close()
    return False


#: Lines read at most to tell an event JSONL from an article JSONL.
SNIFF_LINES = 20


def _events_from_jsonl(path: Path, encoding: str | None, on_bytes: Callable[[int], None] | None,
                       on_refused: Callable[[InputError], None] | None) -> Iterator[Event]:
    for lineno, line in read_lines(path, encoding, on_bytes):
        try:
            # pydantic's own JSON reader: nesting and long numbers are validation errors, not crashes
            event = Event.model_validate_json(line)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(x) for x in err.get("loc", ()))
            msg = err["msg"].removeprefix("Value error, ")
            refused = InputError(f"{path}:{lineno}: not an event record: {field + ': ' if field else ''}{msg}")
            if on_refused is None:
                raise refused from None
            on_refused(refused)
            continue
        yield event.coded()


def items_from_paths(paths: list[str], *, published: date | None = None, lang: str | None = None,
                     encoding: str | None = None,
                     on_bytes: Callable[[int], None] | None = None, jobs: int = 1,
                     on_refused: Callable[[InputError], None] | None = None) -> Iterator[Article | Event]:
    """Articles and their events from files; JSONL files of extracted events pass through as events.

    A record of an event JSONL that is not a valid event raises :class:`InputError` naming its
    line; with *on_refused*, it is handed to that instead and the rest of the file is read.

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
        yield from _events_from_jsonl(p, encoding, on_bytes, on_refused)
    if not article_files:
        return
    arts = read_articles(article_files, encoding, on_bytes)
    if published is not None:
        arts = (a.model_copy(update={"published": published}) for a in arts)
    for art, events in extract_many(arts, lang, jobs):
        yield art
        yield from events
