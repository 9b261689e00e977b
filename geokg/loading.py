"""From files to a store: read articles (or already extracted events) and extract them.

What ``geokg ingest`` loads: ``store.ingest(items_from_paths(paths))`` does the same from Python
(articles and their events, in order; each store batches them into transactions), and
:func:`load_paths` does all of ``geokg ingest``: it opens the store only once there is something
to load, and removes a store it created if nothing was committed to it.

An event JSONL is checked as strictly as extraction output is made (:class:`geokg.schema.models.Event`:
real dates, codes of the codebook, offsets a store can hold), and its quad class, Goldstein score
and PLOVER category are taken from the codebook, not from the file: a record edited by hand, or
written with an older codebook, cannot put an event in the wrong class.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import chain, islice
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from geokg.errors import InputError
from geokg.extractors.ingest import JSONL_SUFFIXES, expand_paths, parse_json, read_articles, read_lines
from geokg.extractors.batch import extract_many
from geokg.extractors.report import BatchReport
from geokg.graph import GraphStore, IngestReport, open_store
from geokg.schema.models import Article, Event


#: Lines read at most to tell an event JSONL from an article JSONL.
SNIFF_LINES = 20


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


def _events_from_jsonl(path: Path, encoding: str | None, on_bytes: Callable[[int], None] | None,
                       report: BatchReport | None = None,
                       on_refused: Callable[[InputError], None] | None = None) -> Iterator[Event]:
    """The valid events of an event JSONL, coded again from the codebook; a refused record goes to
    *on_refused*, else is skipped into *report*, else raised."""
    try:
        for lineno, line in read_lines(path, encoding, on_bytes):
            try:
                # pydantic's own JSON reader: nesting and long numbers are validation errors, not crashes
                event = Event.model_validate_json(line)
            except ValidationError as exc:
                err = exc.errors()[0]
                field = ".".join(str(x) for x in err.get("loc", ()))
                msg = err["msg"].removeprefix("Value error, ")
                refused = InputError(f"{path}:{lineno}: not an event record: {field + ': ' if field else ''}{msg}",
                                     kind="bad event record")
                if on_refused is not None:
                    on_refused(refused)
                elif report is not None:
                    report.skip(refused, file=str(path))
                else:
                    raise refused from None
                continue
            if report is not None:
                report.events += 1
            yield event.coded()
    except InputError as exc:   # the file itself: unreadable, or not decodable from some line on
        if report is None:
            raise
        report.skip(exc, file=str(path))


def items_from_paths(paths: list[str], *, published: date | None = None, lang: str | None = None,
                     encoding: str | None = None,
                     on_bytes: Callable[[int], None] | None = None, jobs: int = 1,
                     report: BatchReport | None = None,
                     published_from: str | Path | None = None,
                     on_refused: Callable[[InputError], None] | None = None) -> Iterator[Article | Event]:
    """Articles and their events from files; JSONL files of extracted events pass through as events.

    A record of an event JSONL that is not a valid event raises :class:`InputError` naming its
    line; with *on_refused*, it is handed to that instead and the rest of the file is read.

    *on_bytes(n)*, if given, hears of the bytes of input done as reading goes on (their sum is
    :func:`geokg.extractors.ingest.input_size`), for progress bars. *jobs* > 1 extracts in that
    many worker processes (:func:`geokg.extractors.batch.extract_many`); the items are the same.
    *report*: inputs that cannot be read or extracted are skipped and reported to it, and the rest
    loaded (:class:`~geokg.extractors.report.BatchReport`); without one, the first raises.
    *published*, *published_from*: publication dates, as :func:`~geokg.extractors.ingest.read_articles`
    takes them.

    >>> list(items_from_paths([]))
    []
    """
    if report is None or report.strict:
        files = expand_paths(paths) if paths else []
    else:   # a path that names nothing is skipped here, and again (reported) by read_articles
        files = [f for p in paths for f in _expanded_or_none(p)]
    event_files = [p for p in files if _is_event_jsonl(p, encoding)]
    for p in event_files:
        yield from _events_from_jsonl(p, encoding, on_bytes, report, on_refused)
    # (the paths again, not the files: a folder's published.tsv applies to its files, and a path
    # that names nothing is reported there)
    arts = read_articles(paths, encoding, on_bytes, report=report, published=published,
                         published_from=published_from, exclude=set(event_files))
    for art, events in extract_many(arts, lang, jobs, report):
        yield art
        yield from events


def _expanded_or_none(path: str) -> list[Path]:
    try:
        return expand_paths([path])
    except InputError:
        return []


@dataclass
class Loaded:
    """What :func:`load_paths` did: the store's ingest report, its counts afterwards and its URI;
    all None when nothing could be read, so that no store was opened (or one made was removed)."""

    ingest: IngestReport | None = None
    stats: dict[str, int] | None = None
    uri: str | None = None


def load_paths(paths: list[str], store: str | Path | None = None, *, store_options: dict[str, Any] | None = None,
               batch_size: int | None = None, on_loaded: Callable[[GraphStore, IngestReport], None] | None = None,
               **reading: Any) -> Loaded:
    """Read, extract and load files into a store: ``geokg ingest``.

    *reading* are :func:`items_from_paths`' keywords (``report``, ``published``, ``lang``...).
    The store (:func:`geokg.graph.open_store` of *store*, with *store_options*) is opened only when
    the first item is ready, so a run that can read nothing creates none; and a store this call
    created is removed again if nothing was committed to it (a failure in the first batch). A
    store that already existed is never removed. *on_loaded(store, report)* runs after the ingest
    with the store open (``geokg ingest`` prepares the query summaries there).

    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> _ = open(os.path.join(folder, "empty.txt"), "w")
    >>> from geokg.extractors.report import BatchReport
    >>> load_paths([folder], os.path.join(folder, "s.sqlite"), report=BatchReport()).uri, os.listdir(folder)
    (None, ['empty.txt'])
    """
    items = items_from_paths(paths, **reading)
    first = next(items, None)
    if first is None:
        return Loaded()
    st = open_store(store, **(store_options or {}))
    try:
        report = st.ingest(chain([first], items), **({} if batch_size is None else {"batch_size": batch_size}))
        if on_loaded is not None:
            on_loaded(st, report)
        stats = st.stats()
    except BaseException:
        st.discard_if_unused()
        raise
    removed = st.discard_if_unused()
    return Loaded(report, stats, None if removed else st.uri)
