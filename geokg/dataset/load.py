"""Loading a Parquet event dataset into a store: ``geokg ingest DIR``.

Rows become the contract's :class:`~geokg.schema.models.Article` and
:class:`~geokg.schema.models.Event` objects again and go through the store's own ``ingest``, so
events are deduplicated exactly as an article-by-article ingest deduplicates them (same happening
ids from :func:`geokg.graph.base.identities`, same counts, same mentions), whatever the store's
merge rules are.

* The embedded store gets the items in input order, one stream (SQLite has one writer).
* Neo4j gets them from several writers at once. Two writers must never update the same event or
  the same dyad summary (``INTERACTS``): a store computes new counts from what it read, so two
  concurrent updates would lose one. So the events are dealt out by dyad (source, target: the
  actor keys of :func:`~geokg.graph.base.actor_key`), which fixes both, since a happening's
  identity contains its dyad. What writers share is written first, in input order, by one writer:
  every article and every actor as first reported (so an actor's name is the one an
  article-by-article ingest gives it). A batch that fails on a transient error (a deadlock, a lock
  timeout, two writers creating the same provisional node) is retried; re-ingest changes nothing,
  so a retried chunk adds nothing twice.

>>> import tempfile, os, json
>>> from geokg.distributed.engine import InProcess, extract_dataset
>>> folder = tempfile.mkdtemp()
>>> p = os.path.join(folder, "a.jsonl")
>>> _ = open(p, "w").write(json.dumps({"id": "x", "published": "2023-08-16",
...     "text": "Jakarta - Korea Utara mengkritik Amerika Serikat pada hari Senin."}) + "\\n")
>>> _ = extract_dataset([p], os.path.join(folder, "ds"), InProcess())
>>> done = load_dataset(os.path.join(folder, "ds"), os.path.join(folder, "g.sqlite"))
>>> done.stats["events"], done.rows
(1, 1)
"""

from __future__ import annotations

import queue
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geokg.dataset.reader import dataset_items, dataset_shards, shard_rows
from geokg.dataset.schema import row_article, row_event
from geokg.errors import StoreError
from geokg.graph import GraphStore, IngestReport, open_store
from geokg.graph.base import actor_key, actor_signature
from geokg.schema.models import Event

__all__ = ["load_dataset", "DatasetLoad", "DEFAULT_WRITERS", "TRANSIENT"]

#: Writers loading a server store at once.
DEFAULT_WRITERS = 2
#: Attempts of one chunk before its error is the load's.
ATTEMPTS = 8
#: Words of a store error that say it may pass when tried again: Neo4j's transient errors
#: (DeadlockDetected, LockClient), a lost race to create the same node, ArcadeDB's concurrent update.
TRANSIENT = ("deadlock", "transient", "lock", "constraint", "already exists", "concurrent", "timeout",
             "retry", "conflict")


@dataclass
class DatasetLoad:
    """What :func:`load_dataset` did: event rows read, the store's counts before and after, seconds,
    writers, finished shards loaded and unfinished ones left out, chunks retried."""

    rows: int = 0
    articles: int = 0
    shards: int = 0
    unfinished: int = 0
    seconds: float = 0.0
    writers: int = 1
    retries: int = 0
    ingest: IngestReport | None = None
    stats: dict[str, int] | None = None
    uri: str | None = None

    @property
    def events_per_second(self) -> float:
        """Event rows loaded per second."""
        return self.rows / self.seconds if self.seconds else 0.0


def _counted(items: Iterator[Any], load: DatasetLoad) -> Iterator[Any]:
    for item in items:
        if item.__class__ is Event:
            load.rows += 1
        else:
            load.articles += 1
        yield item


def load_dataset(out: str, store: str | Path | None = None, *, store_options: dict[str, Any] | None = None,
                 batch_size: int | None = None, writers: int | None = None,
                 on_loaded: Callable[[GraphStore, IngestReport], None] | None = None) -> DatasetLoad:
    """Load the finished shards of the dataset at *out* into *store* (see the module doc).

    *writers*: for a server store, how many load at once (default :data:`DEFAULT_WRITERS`);
    the embedded store always has one. *on_loaded(store, report)* runs with the store open after
    the load (``geokg ingest`` prepares the query summaries there).
    """
    entries, unfinished = dataset_shards(out)
    load = DatasetLoad(shards=len(entries), unfinished=unfinished)
    opts = store_options or {}
    kw = {} if batch_size is None else {"batch_size": batch_size}
    t0 = time.perf_counter()
    st = open_store(store, **opts)
    try:
        serial = type(st).__name__ == "SQLiteStore" or (writers or DEFAULT_WRITERS) <= 1
        if serial:
            load.ingest = st.ingest(_counted(dataset_items(out), load), **kw)
        else:
            load.writers = writers or DEFAULT_WRITERS
            before = st.stats()
            # The driver's own retries of transient errors start at 1 s: right for one writer
            # meeting another client now and then, too slow for writers that meet each other often.
            quick = {"initial_retry_delay": 0.05, "retry_delay_multiplier": 1.5, **opts}
            _load_parallel(out, entries, st, lambda: open_store(store, **quick), kw, load)
            after = st.stats()
            load.ingest = IngestReport(articles=after["articles"] - before["articles"],
                                       events_new=after["events"] - before["events"],
                                       mentions_new=after["mentions"] - before["mentions"])
        load.seconds = time.perf_counter() - t0
        if on_loaded is not None:
            on_loaded(st, load.ingest)
        load.stats = st.stats()
    except BaseException:
        st.discard_if_unused()
        raise
    removed = st.discard_if_unused()
    load.uri = None if removed else st.uri
    return load


def _shared_items(out: str, entries: list[dict]) -> Iterator[Any]:
    """What every writer shares, in input order: each article, and each actor report the first
    time its signature appears (the first one sets the actor's name, as in an article-by-article
    ingest; later names become aliases)."""
    seen: set[tuple] = set()
    for entry in entries:
        for art, events in shard_rows(out, entry):
            yield row_article(art)
            for r in events:
                e = row_event(r)
                for a in (e.source, e.target):
                    if a is not None and (a.id, actor_signature(a)) not in seen:
                        seen.add((a.id, actor_signature(a)))
                        yield a


def _dealt(out: str, entries: list[dict], n: int, load: DatasetLoad) -> Iterator[list[list[Any]]]:
    """Per shard, *n* chunks of items: each article followed by those of its events whose dyad
    falls to that writer (an article only where it has some)."""
    for entry in entries:
        chunks: list[list[Any]] = [[] for _ in range(n)]
        for art, events in shard_rows(out, entry):
            article = None
            mine: dict[int, list[Event]] = {}
            for r in events:
                e = row_event(r)
                dyad = f"{actor_key(e.source)}\x1f{actor_key(e.target)}".encode()
                mine.setdefault(zlib.crc32(dyad) % n, []).append(e)
                load.rows += 1
            for w, evs in mine.items():
                article = article or row_article(art)
                chunks[w].append(article)
                chunks[w].extend(evs)
        yield chunks


def _transient(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, StoreError) and any(w in text for w in TRANSIENT)


def _load_parallel(out: str, entries: list[dict], first: GraphStore, opener: Callable[[], GraphStore],
                   kw: dict[str, Any], load: DatasetLoad) -> None:
    first.ingest(_shared_items(out, entries), **kw)
    n = load.writers
    queues: list[queue.Queue] = [queue.Queue(maxsize=2) for _ in range(n)]
    failure: list[BaseException] = []
    lock = threading.Lock()

    def writer(q: queue.Queue) -> None:
        store = None
        try:
            store = opener()
            for chunk in iter(q.get, None):
                if failure:
                    continue   # drain: the producer must not block on a full queue
                for attempt in range(ATTEMPTS):
                    try:
                        store.ingest(chunk, **kw)
                        break
                    except StoreError as exc:
                        if not _transient(exc) or attempt == ATTEMPTS - 1:
                            raise
                        with lock:
                            load.retries += 1
                        time.sleep(min(0.05 * 2 ** attempt, 2.0))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            failure.append(exc)
            for _ in iter(q.get, None):   # drain until the producer's end mark
                pass
        finally:
            if store is not None:
                store.close()

    threads = [threading.Thread(target=writer, args=(q,), name=f"geokg-writer-{i}", daemon=True)
               for i, q in enumerate(queues)]
    for t in threads:
        t.start()
    try:
        for chunks in _dealt(out, entries, n, load):
            if failure:
                break
            for q, chunk in zip(queues, chunks):
                if chunk:
                    q.put(chunk)
    finally:
        for q in queues:
            q.put(None)
        for t in threads:
            t.join()
    if failure:
        raise failure[0]
