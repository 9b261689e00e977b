"""The embedded default store: one SQLite file, no server, crash-safe, fast enough for millions of events.

Layout (``PRAGMA user_version`` = :data:`SCHEMA_VERSION`, ``PRAGMA application_id`` = :data:`APPLICATION_ID`)::

    articles(id, url, title, published, lang, source, ingested_at)
    actors(id, name, kind, country, wikidata, aliases JSON, roles JSON, provisional, sector)
    events(id = happening_id, cameo, root, quad_class, goldstein, plover, date, date_precision,
           date_start, date_end, factuality, source, target, mention_count, source_count,
           first_seen, last_seen)
    mentions(id = mention_id, event_id, article_id, evidence, "start", "end", confidence,
             factuality, source_actor, target_actor, cameo, ingested_at)
    dyads(source, target, root, count, goldstein_sum, first_date, last_date)
    windows(id = mention_id, article_id, key, published, event_id)

``events.source``/``target`` are graph nodes (:func:`~geokg.graph.base.actor_key`: a person folds
into the state it acts for); ``mentions.source_actor``/``target_actor`` keep the actor as extracted
(the person). ``date_start``/``date_end`` are the ISO day bounds of ``date`` at its precision.
``windows`` lists the undated mentions whose article has a publication date, with the
happening their date window placed them in (see :func:`~geokg.graph.base.assign_windows`).
``dyads`` is a derived summary per (source, target, CAMEO root) of *events* (happenings, not
mentions), kept current on ingest; ``first_date``/``last_date`` are the least and greatest
``date_start`` of its dated events. ``actors.provisional`` marks a state row made up from a
person's country (named from ISO 3166) until the state itself is ingested; ``actors.sector`` is
the actor's CAMEO sector code (:mod:`geokg.schema.sectors`) or NULL. ``events.rowid``
numbers events in the order they were first seen (the queries layer and exports rely on it).

Only while a bulk load runs (see :meth:`SQLiteStore.ingest`) some indexes are missing and a
``bulk_load(pid, started)`` table names the loading process; the load, or else the next open
once that process is gone, builds them again and drops the table.

The queries layer reads the tables through :attr:`SQLiteStore.connection`.

>>> import tempfile, os
>>> from geokg.schema.models import Actor, Event, Evidence
>>> store = SQLiteStore(os.path.join(tempfile.mkdtemp(), "g.sqlite"))
>>> ev = Event(article_id="a1", cameo="040", quad_class=1, goldstein=1.0, plover="CONSULT",
...            date="2023-09", date_precision="month", confidence=0.9,
...            evidence=Evidence(text="Kim met Putin.", start=0, end=14),
...            source=Actor(id="kim_jong_un", name="Kim Jong Un", kind="person", country="PRK"),
...            target=Actor(id="RUS", name="Russia", kind="state", country="RUS"))
>>> store.ingest([ev]).events_new
1
>>> store.stats()
{'articles': 1, 'events': 1, 'mentions': 1, 'actors': 3, 'dyads': 1}
>>> [(e.source, e.target, e.date) for e in store.events(since="2023-09-30")]
[('PRK', 'RUS', '2023-09')]
>>> store.close()
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta, timezone
from itertools import chain, islice
from pathlib import Path
from typing import Any

import networkx as nx

from geokg.errors import GeokgWarning, StoreError
from geokg.graph.sqlite_readonly import Snapshot, connect_read_only, is_writable, read_only_way
from geokg.graph.base import (FACTUALITY_ORDER, ActorFilter, EventFilter, GraphStore, IngestReport,
                              StoredActor, StoredEvent, actor_signature, coded, day_bounds, event_factuality,
                              event_network, gc_paused, identities, merge_actor, mention_rank, place_windowed,
                              window_candidates, note_article, sort_item, state_name, window_key)
from geokg.schema.models import Actor, Event, Evidence, Mention

__all__ = ["SQLiteStore", "SCHEMA_VERSION", "APPLICATION_ID"]

#: Bumped by every schema change; :data:`_MIGRATIONS` upgrades older files step by step.
SCHEMA_VERSION = 4
#: Marks a SQLite file as a geokg store (ASCII "gkg1"), so that a foreign database is refused.
APPLICATION_ID = 0x676B6731

_SCHEMA = """
CREATE TABLE articles (
    id          TEXT PRIMARY KEY,
    url         TEXT,
    title       TEXT,
    published   TEXT,
    lang        TEXT,
    source      TEXT,
    ingested_at TEXT NOT NULL
);
-- sector is last, where ALTER TABLE ADD COLUMN puts it in a file migrated from schema 2: both
-- layouts then have the same columns in the same order.
CREATE TABLE actors (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    country     TEXT,
    wikidata    TEXT,
    aliases     TEXT NOT NULL DEFAULT '[]',
    roles       TEXT NOT NULL DEFAULT '[]',
    provisional INTEGER NOT NULL DEFAULT 0,
    sector      TEXT
);
-- Keyed by its rowid (first seen first): ``id`` is unique through events_id, an index that a bulk
-- load can drop and build again by sorting (inserting a million random hash keys into a live
-- index costs four times more than building it).
CREATE TABLE events (
    id             TEXT NOT NULL,
    cameo          TEXT NOT NULL,
    root           TEXT NOT NULL,
    quad_class     INTEGER NOT NULL,
    goldstein      REAL NOT NULL,
    plover         TEXT NOT NULL,
    date           TEXT,
    date_precision TEXT,
    date_start     TEXT,
    date_end       TEXT,
    factuality     TEXT NOT NULL,
    source         TEXT REFERENCES actors(id),
    target         TEXT REFERENCES actors(id),
    mention_count  INTEGER NOT NULL,
    source_count   INTEGER NOT NULL,
    first_seen     TEXT NOT NULL,
    last_seen      TEXT NOT NULL
);
-- Keyed by mention_id. The key is (article_id, id): a mention id is a hash over its article id
-- among others, so this is exactly as unique as id alone, but it stores an article's mentions
-- together, so a batch of articles writes a few pages per article instead of one random page
-- per mention (3x faster ingest), and it is the mentions-by-article index as well.
CREATE TABLE mentions (
    id           TEXT NOT NULL,
    event_id     TEXT NOT NULL REFERENCES events(id),
    article_id   TEXT NOT NULL REFERENCES articles(id),
    evidence     TEXT NOT NULL,
    "start"      INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    confidence   REAL NOT NULL,
    factuality   TEXT NOT NULL,
    source_actor TEXT REFERENCES actors(id),
    target_actor TEXT REFERENCES actors(id),
    cameo        TEXT NOT NULL,
    ingested_at  TEXT NOT NULL,
    PRIMARY KEY (article_id, id)
) WITHOUT ROWID;
CREATE TABLE dyads (
    source        TEXT NOT NULL,
    target        TEXT NOT NULL,
    root          TEXT NOT NULL,
    count         INTEGER NOT NULL,
    goldstein_sum REAL NOT NULL,
    first_date    TEXT,
    last_date     TEXT,
    PRIMARY KEY (source, target, root)
) WITHOUT ROWID;
-- Undated mentions whose article has a publication date: the happening their date window placed
-- them in (geokg.graph.base.assign_windows), found by their key (base.window_key: source key,
-- target key and CAMEO root) when a later report may move them.
CREATE TABLE windows (
    id         TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    key        TEXT NOT NULL,
    published  TEXT NOT NULL,
    event_id   TEXT NOT NULL
);
CREATE UNIQUE INDEX events_id ON events(id);
-- Dyad time line and actor profile (either side), time series, code and factuality filters.
CREATE INDEX events_source_target_date ON events(source, target, date_start);
CREATE INDEX events_target_source_date ON events(target, source, date_start);
CREATE INDEX events_date ON events(date_start);
CREATE INDEX events_root ON events(root);
CREATE INDEX events_factuality ON events(factuality);
-- Holds (event_id, article_id, id): also answers "which articles reported this event".
CREATE INDEX mentions_event ON mentions(event_id);
CREATE INDEX windows_key ON windows(key, published);
"""


def _events_by_rowid(conn: sqlite3.Connection) -> None:
    """Schema 1 -> 2: ``events.id`` becomes a unique index instead of the primary key; rowids are kept."""
    create = _SCHEMA[_SCHEMA.index("CREATE TABLE events ("):]
    create = create[:create.index(";")]
    conn.execute(create.replace("CREATE TABLE events (", "CREATE TABLE events_v2 (", 1))
    conn.execute(f"INSERT INTO events_v2 (rowid, {_EVENT_COLS}) SELECT rowid, {_EVENT_COLS} FROM events")
    conn.execute("DROP TABLE events")  # its indexes go with it; the open that migrates builds them again
    conn.execute("ALTER TABLE events_v2 RENAME TO events")


def _actor_sector(conn: sqlite3.Connection) -> None:
    """Schema 2 -> 3: ``actors.sector`` (NULL for every actor stored before sectors existed)."""
    cols = {r[1] for r in conn.execute("PRAGMA table_info(actors)")}
    if "sector" not in cols:  # a file that got the column some other way needs nothing
        conn.execute("ALTER TABLE actors ADD COLUMN sector TEXT")


def _windows(conn: sqlite3.Connection) -> None:
    """Schema 3 -> 4: table ``windows`` (date windows of undated mentions). The undated events stored
    before it keep their article-local identity; what is ingested from now on is placed by window."""
    create = _SCHEMA[_SCHEMA.index("CREATE TABLE windows ("):]
    conn.execute(create[:create.index(";")].replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1))
    conn.execute(_INDEX_SQL["windows_key"].replace(" INDEX ", " INDEX IF NOT EXISTS ", 1))


#: version -> function upgrading a file from version-1 to version (run inside one transaction).
_MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {2: _events_by_rowid, 3: _actor_sector,
                                                                 4: _windows}

_FOLDED_KINDS = ("person", "other")  # must match geokg.graph.base.actor_key
_CODE_CACHE: dict[str, tuple[int, float, str]] = {}  # cameo -> (quad_class, goldstein, plover): base.coded
_ROWS_PER_STATEMENT = 400            # rows per multi-row INSERT (17 columns: 6,800 parameters)
_N_EV_ATTRS = 11                     # per event: cameo, root, quad_class, goldstein, plover, date, precision,
                                     # first and last day, source and target keys (see _prepare)
_FACT_RANK_SQL = "instr('," + ",".join(FACTUALITY_ORDER) + ",', ',' || factuality || ',')"

_EVENT_COLS = ("id, cameo, root, quad_class, goldstein, plover, date, date_precision, date_start, date_end, "
               "factuality, source, target, mention_count, source_count, first_seen, last_seen")

#: Items per batch (one transaction each) when the caller does not say. Larger batches write each
#: index page touched by many rows once per batch rather than once per few rows.
DEFAULT_BATCH_SIZE = 20_000
#: An ingest call bringing at least this many items (and at least as many as the store has events)
#: is loaded in bulk: see :meth:`SQLiteStore.ingest`.
BULK_MIN_ITEMS = 50_000
#: Indexes that ingest itself never reads: a bulk load drops them and builds them once at its end.
BULK_DROPPED_INDEXES = ("events_id", "events_source_target_date", "events_target_source_date", "events_date",
                        "events_root", "events_factuality")
#: Page cache of a bulk load (MB) when the store's own is smaller: the event id and mention
#: indexes take random writes and should stay in memory (about 140 MB per million events).
BULK_CACHE_MB = 1024


def _index_statements() -> dict[str, str]:
    """name -> CREATE INDEX statement, for every index of :data:`_SCHEMA`."""
    out = {}
    for stmt in _SCHEMA.split(";"):
        lines = [line.strip() for line in stmt.splitlines()]
        sql = " ".join(line for line in lines if line and not line.startswith("--"))
        if sql.startswith(("CREATE INDEX ", "CREATE UNIQUE INDEX ")):
            words = sql.split()
            out[words[words.index("INDEX") + 1]] = sql
    return out


_INDEX_SQL = _index_statements()


_INDEX_NAMES = tuple(_INDEX_SQL)
# A bulk load into an empty store drops every index but the windows' own (each batch reads it).
_FRESH_DROPPED_INDEXES = tuple(n for n in _INDEX_NAMES if n != "windows_key")


class _BulkLoad:
    """State of a bulk load in progress (see :meth:`SQLiteStore.ingest`)."""

    __slots__ = ("cache_size", "foreign_keys", "indexes", "dropped", "rowids", "next_rowid", "pending")

    def __init__(self, cache_size: int, foreign_keys: int, indexes: tuple[str, ...]) -> None:
        self.cache_size = cache_size       # the connection's settings, restored at the end
        self.foreign_keys = foreign_keys
        self.indexes = indexes             # to drop in the first batch
        self.dropped = False               # True once a committed batch has dropped them
        # The identity map that stands in for the dropped events_id index: happening id -> rowid of
        # every stored event (read in the first batch's transaction), and the rows the open batch adds.
        self.rowids: dict[str, int] = {}
        self.next_rowid = 1
        self.pending: dict[str, int] = {}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. EPERM: it exists but belongs to someone else
        return True
    return True


# -- small helpers -----------------------------------------------------------------------------------

def _warn(message: str) -> None:
    """Tell the caller something it should know but that does not stop the work (the CLI prints
    one ``geokg: warning:`` line)."""
    import warnings

    warnings.warn(GeokgWarning(message), stacklevel=3)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _path_from_uri(uri: str | os.PathLike[str]) -> str:
    s = os.fspath(uri)
    if s.lower().startswith("sqlite://"):
        s = s[len("sqlite://"):]          # sqlite:///abs/path -> /abs/path
        if s.startswith("/:memory:"):
            s = s[1:]
    if s in (":memory:", ""):
        return ":memory:"
    return str(Path(s).expanduser())


class SQLiteStore(GraphStore):
    """The embedded store: a SQLite database in one file (plus its ``-wal``/``-shm`` while open).

    Parameters
    ----------
    uri:
        A path, ``sqlite:///abs/path``, or ``:memory:`` (tests). Missing folders are created.
    cache_mb:
        SQLite page cache size; ingest of millions of events keeps its indexes in it.
    check_same_thread:
        Passed to :func:`sqlite3.connect`; one store object must not be used by two threads at once.
    create:
        False to refuse a path where no store exists yet (what commands that only read want),
        instead of creating an empty store there.
    read_only:
        True: read without ever changing the file or its folder (no ``-wal``/``-shm`` left behind,
        no schema upgrade, no statistics on close; see :mod:`geokg.graph.sqlite_readonly`); the
        store must exist and ingest is refused. None: read-only exactly when this process may not
        write the file or its folder (``geokg stats``, ``query``, ``export``), else as False.
        :attr:`read_only` tells which it became.
    **options:
        Options meant for other stores (``user``, ``password``, ``database``) are ignored, so that
        callers can pass the same options whatever the URI.

    Raises
    ------
    StoreError
        The path is a folder or not writable, the file is not a geokg database (or is corrupt), or
        it does not exist and ``create`` is False (or ``read_only`` is True); read-only, the file
        uses an older schema that only a writable open upgrades.
    """

    def __init__(self, uri: str | os.PathLike[str], *, cache_mb: int = 256, check_same_thread: bool = True,
                 create: bool = True, read_only: bool | None = False, **options: Any) -> None:
        self.path = _path_from_uri(uri)
        self.uri = "sqlite://" + self.path if self.path.startswith("/") else f"sqlite:///{self.path}"
        self._conn: sqlite3.Connection | None = None
        # What this object created (the file, and folders for it): discard_if_unused removes them.
        self._created: list[Path] = []
        self._snapshot: Snapshot | None = None   # the file as opened immutable (see snapshot_changed)
        if self.path == ":memory:":
            read_only = False   # nothing on disk to protect
        elif read_only is None:
            read_only = Path(self.path).is_file() and not is_writable(self.path)
        #: True when opened for reading only: nothing this object does changes the store on disk.
        self.read_only: bool = bool(read_only)
        if (not create or self.read_only) and self.path != ":memory:" and not Path(self.path).is_file():
            # Commands that only read (stats, query, export) must not leave an empty store at a mistyped path.
            raise StoreError(f"no store at {self.path} (nothing was loaded there; load articles with geokg ingest)")
        self._open(cache_mb, check_same_thread)
        # Actor rows already written with this signature (base.actor_signature): skipped in the hot loop.
        self._actor_sig: dict[str, tuple] = {}
        self._actor_known: dict[str, tuple] = {}  # id -> (Actor object, node key) matching its row
        self._bounds: dict[str, tuple[str, str]] = {}

    # -- opening ------------------------------------------------------------------------------------

    def _open(self, cache_mb: int, check_same_thread: bool) -> None:
        if self.read_only:
            self._open_read_only(cache_mb, check_same_thread)
            return
        path = self.path
        if path != ":memory:":
            p = Path(path)
            if p.is_dir():
                raise StoreError(f"store path {p} is a folder; give a file path such as {p / 'geokg.sqlite'}")
            missing = [d for d in (p.parent, *p.parent.parents) if not d.exists()]
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
                self._created = [] if p.exists() else [p, *missing]
            except OSError as e:
                raise StoreError(f"cannot create the store's folder {p.parent}: {e.strerror or e}") from None
            # WAL needs to create <file>-wal and -shm beside the file.
            if not is_writable(p):
                raise StoreError(f"store {p} is not writable (the file and its folder must be; geokg stats, "
                                 f"query, export and serve can still read it)")
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=check_same_thread,
                                   timeout=30.0, cached_statements=256)
        except sqlite3.Error as e:
            raise StoreError(f"cannot open store {path}: {e}") from None
        try:
            self._configure(conn, cache_mb)
            self._ensure_schema(conn)
            self._repair_indexes(conn)
        except sqlite3.DatabaseError as e:
            conn.close()
            msg = str(e)
            if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
                raise StoreError(f"{path} is not a geokg database or is corrupt ({msg})") from None
            if "readonly" in msg or "unable to open" in msg:
                raise StoreError(f"store {path} is not writable ({msg})") from None
            raise StoreError(f"cannot open store {path}: {msg}") from None
        except StoreError:
            conn.close()
            raise
        self._conn = conn

    def _open_read_only(self, cache_mb: int, check_same_thread: bool) -> None:
        """Open for reading only (see :mod:`geokg.graph.sqlite_readonly` for the three ways)."""
        p = Path(self.path)
        if p.is_dir():
            raise StoreError(f"store path {p} is a folder; give a file path such as {p / 'geokg.sqlite'}")
        if not os.access(p, os.R_OK):
            raise StoreError(f"store {p} is not readable by this user")
        way = read_only_way(p)
        conn = None
        try:
            try:
                conn = connect_read_only(p, way, check_same_thread=check_same_thread)
                conn.execute("PRAGMA schema_version").fetchone()
            except sqlite3.OperationalError:
                if way != "ro":
                    raise
                if conn is not None:
                    conn.close()
                # A -wal without a readable -shm (a writer that crashed, in a folder we may not
                # write): the file alone is the last checkpoint; transactions only in the log are missed.
                way = "immutable"
                conn = connect_read_only(p, way, check_same_thread=check_same_thread)
                _warn(f"store {p} has a write-ahead log this user cannot read (its writer is gone or it is "
                      f"another user's); reading the file without it, so the latest loads may be missing")
        except sqlite3.Error as e:
            if conn is not None:
                conn.close()
            msg = str(e)
            if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
                raise StoreError(f"{p} is not a geokg database or is corrupt ({msg})") from None
            raise StoreError(f"cannot open store {p} for reading: {msg}") from None
        try:
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute(f"PRAGMA cache_size=-{int(cache_mb) * 1024}")
            conn.execute("PRAGMA temp_store=MEMORY")   # the summaries a query derives live only in memory
            conn.execute("PRAGMA busy_timeout=30000")
            conn.create_function("geokg_fold", 1, lambda s: s.casefold() if isinstance(s, str) else s,
                                 deterministic=True)
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as e:
            conn.close()
            msg = str(e)
            if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
                raise StoreError(f"{p} is not a geokg database or is corrupt ({msg})") from None
            raise StoreError(f"cannot open store {p} for reading: {msg}") from None
        problem = None
        if app_id != APPLICATION_ID:
            problem = f"{p} is a SQLite database but not a geokg store"
        elif version > SCHEMA_VERSION:
            problem = (f"{p} was written by a newer geokg (schema {version}, this one reads up to "
                       f"{SCHEMA_VERSION}); upgrade geokg")
        elif version < SCHEMA_VERSION:
            problem = (f"store {p} has the layout of an older geokg (schema {version}) and is opened read-only, "
                       f"so it cannot be upgraded to schema {SCHEMA_VERSION}; open it once with write access "
                       f"(e.g. geokg stats by its owner)")
        if problem:
            conn.close()
            raise StoreError(problem)
        if way == "immutable":
            self._snapshot = Snapshot.of(p)
        self._conn = conn

    def snapshot_changed(self) -> bool:
        """True if this store was opened ``immutable`` (read-only, no write-ahead log) and its
        file has changed since: its pages may then no longer fit together, and a long-lived
        reader should close and open it again. Always False otherwise (SQLite then sees changes).

        >>> import tempfile, os
        >>> SQLiteStore(os.path.join(tempfile.mkdtemp(), "g.sqlite")).snapshot_changed()
        False
        """
        return self._snapshot is not None and self._snapshot.changed(self.path)

    @staticmethod
    def _configure(conn: sqlite3.Connection, cache_mb: int) -> None:
        # Reading the header first makes a non-SQLite file fail here, before anything is written.
        conn.execute("PRAGMA schema_version").fetchone()
        # WAL: readers never block the writer and a crash never leaves a half-written transaction.
        # synchronous=NORMAL in WAL mode syncs the log only at checkpoints, not at every COMMIT:
        # after a crash or power loss the file is still atomic and consistent (each batch is there
        # whole or not at all), but the last few committed batches may be lost on power loss (an
        # application crash or SIGKILL loses nothing that was committed). Re-ingest is idempotent,
        # so re-running the last input restores them; FULL would cost one fsync per batch.
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if mode.lower() not in ("wal", "memory"):
            raise sqlite3.OperationalError(f"cannot switch to WAL journal (got {mode})")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA cache_size=-{int(cache_mb) * 1024}")
        conn.execute("PRAGMA temp_store=MEMORY")
        conn.execute("PRAGMA busy_timeout=30000")
        # Checkpoint (copy the log into the file, with an fsync) every 256 MB of log rather than
        # the default 4 MB: a batch of 5,000 events rewrites about 25 MB of index pages, and pages
        # rewritten by several batches are then copied once (measured: 15-20% faster ingest). The
        # log file is kept at that size for reuse and removed when the store is closed.
        conn.execute("PRAGMA wal_autocheckpoint=65536")
        conn.execute("PRAGMA journal_size_limit=268435456")
        conn.create_function("geokg_fold", 1, lambda s: s.casefold() if isinstance(s, str) else s,
                             deterministic=True)

    def _ensure_schema(self, conn: sqlite3.Connection) -> None:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id == APPLICATION_ID and version == SCHEMA_VERSION:
            return
        # Migrations rebuild tables that others refer to: foreign keys must be off (outside the transaction).
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("BEGIN IMMEDIATE")  # two processes opening a new file: one creates, the other sees it
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if app_id == 0 and version == 0:
                if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise StoreError(f"{self.path} is a SQLite database but not a geokg store")
                for stmt in _SCHEMA.split(";"):
                    if stmt.strip():
                        conn.execute(stmt)
                conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
                version = SCHEMA_VERSION
            elif app_id != APPLICATION_ID:
                raise StoreError(f"{self.path} is a SQLite database but not a geokg store")
            elif version > SCHEMA_VERSION:
                raise StoreError(f"{self.path} was written by a newer geokg (schema {version}, "
                                 f"this one reads up to {SCHEMA_VERSION}); upgrade geokg")
            while version < SCHEMA_VERSION:
                version += 1
                _MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        finally:
            conn.execute("PRAGMA foreign_keys=ON")

    @property
    def connection(self) -> sqlite3.Connection:
        """The open :class:`sqlite3.Connection` (autocommit mode; the queries layer reads through it)."""
        if self._conn is None:
            raise StoreError(f"store {self.path} is closed")
        return self._conn

    def close(self) -> None:
        if self._conn is not None and self.read_only:
            self._conn.close()   # no PRAGMA optimize: it writes the planner's statistics into the file
            self._conn = None
        if self._conn is not None:
            try:
                # Keeps the planner's statistics useful; the limit keeps it to milliseconds.
                self._conn.execute("PRAGMA analysis_limit=400")
                self._conn.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass
            self._conn.close()
            self._conn = None

    def discard_if_unused(self) -> bool:
        """Close the store; remove it again if this object created its file and nothing was ever
        committed to it (by this or any other process): a failed ``geokg ingest`` leaves no empty
        store behind for ``geokg stats`` to report zeros from. True if it was removed.

        Another process that has the new store open (a second ingest into it) keeps it: the
        removal needs the store empty under the write lock, and the closing connection to be the
        last one (SQLite then deletes the ``-wal`` file).

        >>> import tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "new", "s.sqlite")
        >>> SQLiteStore(path).discard_if_unused(), os.path.exists(os.path.dirname(path))
        (True, False)
        """
        conn, self._conn = self._conn, None
        if conn is None:
            return False
        if not self._created:
            self._conn = conn
            self.close()
            return False
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                used = conn.execute("SELECT EXISTS (SELECT 1 FROM articles) OR EXISTS (SELECT 1 FROM events) "
                                    "OR EXISTS (SELECT 1 FROM actors)").fetchone()[0]
            finally:
                conn.execute("ROLLBACK")
        except sqlite3.Error:
            used = True
        conn.close()   # without PRAGMA optimize: nothing to keep statistics for
        path = Path(self.path)
        if used or Path(f"{path}-wal").exists():
            return False
        for p in (Path(f"{path}-shm"), Path(f"{path}-journal")):
            p.unlink(missing_ok=True)
        try:
            path.unlink()
            for folder in self._created[1:]:   # the folders made for it, innermost first, if still empty
                folder.rmdir()
        except OSError:
            pass
        return True

    # -- ingest -------------------------------------------------------------------------------------

    def ingest(self, items: Iterable[Any], *, batch_size: int = DEFAULT_BATCH_SIZE,
               on_batch: Callable[[sqlite3.Connection, int], None] | None = None,
               bulk: bool | None = None) -> IngestReport:
        """Load articles and extracted events; each batch of *batch_size* items is one transaction.

        Items are :class:`Event` and :class:`Article` objects (or their dicts, validated), and also
        :class:`StoredActor` (gazetteer entries with aliases and dated roles) or :class:`Actor`.
        Re-ingesting the same items changes nothing. *on_batch(connection, batch_number)*, if given,
        runs inside each batch's transaction just before COMMIT (e.g. to record a checkpoint that
        commits or vanishes with the batch).

        Durability: a batch is committed whole or not at all, whatever happens (see
        :meth:`_configure`: an application crash loses no committed batch, a power loss may lose
        the last few). The batch size is the caller's transaction unit in both modes below.

        Bulk mode (*bulk* None: automatic; True: always; False: never). A call that brings at
        least :data:`BULK_MIN_ITEMS` items (counted as they come, or ``len(items)``) and at least
        as many items as the store holds events switches, from the batch where that becomes
        known, to a bulk load that gives the same rows (same rowids), two to three times faster:

        * the indexes on ``events`` (:data:`BULK_DROPPED_INDEXES`; into an empty store every
          index) are dropped inside that batch's transaction and built again, by sorting, in one
          transaction after the last batch; a crash in between leaves a consistent store without
          them, which the next open rebuilds (a ``bulk_load`` table names the loading process
          meanwhile, so that other processes opening the store leave them to it). Meanwhile
          other connections read the same answers, more slowly, and other writers are refused
          (without the unique index on event ids they could not deduplicate).
        * events are deduplicated through an identity map (happening id -> rowid, read in that
          batch's transaction) instead of the unique index; events of earlier batches are
          updated by rowid.
        * foreign key enforcement is off (ingest writes the rows that mentions and events refer
          to first, in the same transaction; :meth:`check_integrity` checks them), and the page
          cache is at least :data:`BULK_CACHE_MB`; both are restored when the call returns.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if self.read_only:
            raise StoreError(f"store {self.path} is opened read-only; nothing can be loaded into it")
        conn = self.connection
        report = IngestReport()
        total = len(items) if bulk is None and hasattr(items, "__len__") else 0
        it = iter(items)
        state: _BulkLoad | None = None
        # Events in the store when the call began. Into an empty store, the factuality counts of the
        # events this call creates are kept in memory (only for those no mention asserts), so that
        # re-deciding an event's factuality never reads its mentions back.
        stored = conn.execute("SELECT max(rowid) FROM events").fetchone()[0] or 0
        facts: dict[str, dict[str, int]] | None = {} if stored == 0 else None
        seen = 0
        try:
            # Paused for the whole call: re-enabled between batches, the collector walked every
            # object the caller made for the next batch (4 s of a 1M-event load). Ingest itself
            # makes no reference cycles; a caller's cycles are collected when the call returns.
            with gc_paused():
                while batch := list(islice(it, batch_size)):
                    seen += len(batch)
                    if state is None and bulk is not False:
                        n = max(seen, total)
                        if bulk or (n >= BULK_MIN_ITEMS and n >= stored):
                            state = self._begin_bulk(conn, facts is not None)
                    self._commit(conn, self._prepare(batch), report, on_batch, state, facts)
        except BaseException:
            if state is not None:
                try:
                    self._end_bulk(conn, state)
                except Exception:  # noqa: BLE001 - the first error matters; the next open rebuilds
                    pass
            raise
        if state is not None:
            self._end_bulk(conn, state)
        return report

    def _begin_bulk(self, conn: sqlite3.Connection, fresh: bool) -> _BulkLoad:
        """Settings for a bulk load; its first batch drops the indexes (all of them if *fresh*)."""
        state = _BulkLoad(conn.execute("PRAGMA cache_size").fetchone()[0],
                          conn.execute("PRAGMA foreign_keys").fetchone()[0],
                          _FRESH_DROPPED_INDEXES if fresh else BULK_DROPPED_INDEXES)
        conn.execute("PRAGMA foreign_keys=OFF")  # outside a transaction: inside one it is a no-op
        cs = state.cache_size  # negative: KiB; positive: pages
        kib = -cs if cs < 0 else cs * conn.execute("PRAGMA page_size").fetchone()[0] // 1024
        if kib < BULK_CACHE_MB * 1024:
            conn.execute(f"PRAGMA cache_size=-{BULK_CACHE_MB * 1024}")
        return state

    def _end_bulk(self, conn: sqlite3.Connection, state: _BulkLoad) -> None:
        """Build the dropped indexes again (one transaction) and restore the connection's settings."""
        try:
            if state.dropped:
                self._build_indexes(conn)
                state.dropped = False
        finally:
            if not conn.in_transaction:
                conn.execute(f"PRAGMA foreign_keys={'ON' if state.foreign_keys else 'OFF'}")
                conn.execute(f"PRAGMA cache_size={state.cache_size}")

    @staticmethod
    def _drop_indexes(conn: sqlite3.Connection, names: tuple[str, ...]) -> None:
        """Inside a batch's transaction: drop indexes for a bulk load, and say who will rebuild them."""
        conn.execute("CREATE TABLE IF NOT EXISTS bulk_load (pid INTEGER NOT NULL, started TEXT NOT NULL)")
        conn.execute("DELETE FROM bulk_load")
        conn.execute("INSERT INTO bulk_load VALUES (?, ?)", (os.getpid(), _now()))
        for name in names:
            conn.execute(f"DROP INDEX IF EXISTS {name}")

    def _build_indexes(self, conn: sqlite3.Connection) -> None:
        """Create any missing schema index, in one transaction (seconds per million events)."""
        conn.execute("BEGIN IMMEDIATE")
        try:
            for sql in _INDEX_SQL.values():
                conn.execute(sql.replace(" INDEX ", " INDEX IF NOT EXISTS ", 1))
            conn.execute("DROP TABLE IF EXISTS bulk_load")
            conn.execute("COMMIT")
        except BaseException as e:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(e, sqlite3.Error):
                raise StoreError(f"building the indexes of {self.path} failed: {e}") from e
            raise

    def _repair_indexes(self, conn: sqlite3.Connection) -> None:
        """On open: rebuild the indexes an interrupted bulk load left out, unless a live process is loading."""
        have = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('index', 'table')")}
        if all(name in have for name in _INDEX_SQL):
            return
        if "bulk_load" in have:
            row = conn.execute("SELECT pid FROM bulk_load").fetchone()
            if row is not None and row[0] != os.getpid() and _alive(row[0]):
                return  # that process rebuilds them when its load ends (or the next open does)
        self._build_indexes(conn)

    def _commit(self, conn: sqlite3.Connection, prepared: tuple, report: IngestReport,
                on_batch: Callable[[sqlite3.Connection, int], None] | None, bulk: _BulkLoad | None = None,
                facts: dict[str, dict[str, int]] | None = None) -> None:
        """Write one prepared batch in one transaction."""
        report.batches += 1
        conn.execute("BEGIN IMMEDIATE")
        try:
            if bulk is None:
                self._check_unique_index(conn)
            elif not bulk.dropped:
                self._drop_indexes(conn, bulk.indexes)
                bulk.rowids = {hid: rid for hid, rid in conn.execute("SELECT id, rowid FROM events")}
                bulk.next_rowid = max(bulk.rowids.values(), default=0) + 1
            arts, evs, ments, actor_sigs = self._apply(conn, prepared, facts, bulk)
            if on_batch is not None:
                on_batch(conn, report.batches)
            conn.execute("COMMIT")
        except BaseException as e:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(e, sqlite3.Error):
                raise StoreError(f"ingest into {self.path} failed, batch {report.batches} "
                                 f"rolled back: {e}") from e
            if bulk is not None:
                bulk.pending.clear()
            raise
        if bulk is not None:
            bulk.dropped = True
            bulk.next_rowid += len(bulk.pending)
            bulk.rowids.update(bulk.pending)
            bulk.pending.clear()
        # Only what is committed may be trusted by the next batches.
        self._actor_sig.update(actor_sigs)
        self._actor_known.update(prepared[-1])
        report.articles += arts
        report.events_new += evs
        report.mentions_new += ments

    def _prepare(self, batch: list[Any]) -> tuple:
        """Turn a batch of items into plain rows and identities (pure Python, no database access).

        An undated event with a publication date is left without a happening (its mention row has
        None there, and it is listed in *windowed*): :meth:`_place_windowed` decides it from what
        the store holds (:func:`~geokg.graph.base.assign_windows`).
        """
        now = _now()
        sig_cache = self._actor_sig
        bounds = self._bounds
        pend_actors: dict[str, list] = {}       # id -> every differing Actor / StoredActor report to merge
        pend_sigs: set[tuple] = set()           # (id, signature) of the extracted reports in pend_actors
        pend_states: set[str] = set()           # ISO3 codes that persons fold into
        articles: dict[str, list] = {}          # id -> [url, title, published, lang, source]
        mentions: dict[str, tuple] = {}         # mention_id -> row (the best reading: base.mention_rank)
        windowed: dict[str, tuple] = {}         # mention_id -> (window key, published, source key, target key)
        items: dict[str, tuple] = {}            # mention_id -> (item, source key, target key) of its row
        rebuild = False
        # happening_id -> [attributes (_EV_ATTRS; the code is the lowest of its mentions'), then its
        # mentions in the batch: count, article id (or set of them), {factuality: count}]
        evs: dict[str, list] = {}
        known = self._actor_known
        seen: dict[str, tuple] = {}             # id -> (Actor object, node key), trusted once committed
        codes = _CODE_CACHE

        def see_actor(a: Actor) -> tuple[str, str]:
            aid = a.id
            key = a.country if a.kind in _FOLDED_KINDS and a.country else aid
            sig = actor_signature(a)
            if sig_cache.get(aid) != sig and (aid, sig) not in pend_sigs:
                # every differing report is merged (base.merge_actor), so their order does not matter
                pend_sigs.add((aid, sig))
                pend_actors.setdefault(aid, []).append(a)
            seen[aid] = (a, key)
            if key != aid and key not in sig_cache:
                pend_states.add(key)
            return aid, key

        def add(row: tuple, item: Event, sk: str | None, tk: str | None) -> None:
            """Count a mention kept into its event (or list it for its date window)."""
            hid, aid, fact, cameo = row[1], row[2], row[7], row[10]
            if hid is None:
                windowed[row[0]] = (window_key(sk, tk, cameo[:2]), item.published, sk, tk)
                return
            agg = evs.get(hid)
            if agg is None:
                d = item.date
                if d:
                    b = bounds.get(d)
                    if b is None:
                        b = bounds[d] = day_bounds(d, item.date_precision)
                else:
                    b = (None, None)
                c = codes.get(cameo)
                if c is None:
                    c = codes[cameo] = coded(cameo, (item.quad_class, item.goldstein, item.plover))
                evs[hid] = [cameo, cameo[:2], c[0], c[1], c[2], d, item.date_precision, b[0], b[1], sk, tk, 1, aid,
                            {fact: 1}]
                return
            if cameo < agg[0]:  # the event's code is the lowest of its mentions' (base.event_code)
                c = codes.get(cameo)
                if c is None:
                    c = codes[cameo] = coded(cameo, (item.quad_class, item.goldstein, item.plover))
                agg[0], agg[2], agg[3], agg[4] = cameo, c[0], c[1], c[2]
            agg[11] += 1
            arts = agg[12]
            if arts.__class__ is str:
                if arts != aid:
                    agg[12] = {arts, aid}
            else:
                arts.add(aid)
            facts = agg[13]
            facts[fact] = facts.get(fact, 0) + 1

        for item in batch:
            if item.__class__ is not Event:
                item = sort_item(item, articles, pend_actors)
                if item is None:
                    continue
            # Actors: an object already checked against its committed row costs one dict lookup.
            s = item.source
            if s is None:
                sid = sk = None
            else:
                k = known.get(s.id)
                if k is not None and k[0] is s:
                    sid, sk = s.id, k[1]
                else:
                    sid, sk = see_actor(s)
            t = item.target
            if t is None:
                tid = tk = None
            else:
                k = known.get(t.id)
                if k is not None and k[0] is t:
                    tid, tk = t.id, k[1]
                else:
                    tid, tk = see_actor(t)
            hid, mid = identities(sk, tk, item)
            aid = item.article_id
            row = articles.get(aid)
            if row is None:
                articles[aid] = [item.url, item.title, item.published, item.lang, None]
            elif row[0] != item.url or row[1] != item.title or row[2] != item.published or row[3] != item.lang:
                note_article(articles, aid, [item.url, item.title, item.published, item.lang, None])
            ev = item.evidence
            if item.date is None and item.published is not None:
                hid = None  # placed by its date window, once the batch is in the transaction
            row = (mid, hid, aid, ev.text, ev.start, ev.end, item.confidence, item.factuality, sid, tid, item.cameo,
                   now)
            old = mentions.get(mid)
            if old is not None:
                # Two readings of one mention (same span, code and dyad): keep the better one
                # (base.mention_rank, then the happening), whichever came first.
                if (mention_rank(row[6], row[7], sid, tid, row[3]), hid or "") >= (
                        mention_rank(old[6], old[7], old[8], old[9], old[3]), old[1] or ""):
                    continue
                mentions[mid] = row
                items[mid] = (item, sk, tk)
                if hid is not None and hid == old[1]:
                    facts = evs[hid][13]   # same event: only the factuality counted changes
                    facts[old[7]] -= 1
                    if not facts[old[7]]:
                        del facts[old[7]]
                    facts[row[7]] = facts.get(row[7], 0) + 1
                elif hid is not None or old[1] is not None:
                    rebuild = True         # another date: count the events again below (rare)
                continue
            mentions[mid] = row
            items[mid] = (item, sk, tk)
            add(row, item, sk, tk)

        if rebuild:
            evs.clear()
            windowed.clear()
            for mid, row in mentions.items():
                add(row, *items[mid])
        return now, pend_actors, pend_states, articles, mentions, evs, windowed, seen

    def _apply(self, conn: sqlite3.Connection, prepared: tuple, facts: dict[str, dict[str, int]] | None = None,
               bulk: _BulkLoad | None = None) -> tuple[int, int, int, dict]:
        """Write a prepared batch inside the open transaction: (new articles, events, mentions, actor signatures).

        *facts*, if given, holds the factuality counts of every event stored that no mention
        asserts (the caller saw them all created); it is kept current here.
        """
        now, pend_actors, pend_states, articles, mentions, evs, windowed, _ = prepared
        new_sigs = self._write_actors(conn, pend_actors, pend_states)
        new_articles = self._write_articles(conn, articles, now)

        # Which mentions are really new, and which (article, event) pairs are already stored: one
        # range scan of the mentions key per article of the batch that was already stored (an
        # article first stored just now has no mentions yet).
        known: dict[str, tuple] = {}            # mention id -> (event, confidence, factuality, actors, text)
        known_pairs: set[tuple[str, str]] = set()
        aids = [aid for aid in articles if aid not in new_articles] if len(new_articles) < len(articles) else []
        for i in range(0, len(aids), 500):
            part = aids[i:i + 500]
            for aid, mid, eid, conf, fact, sa, ta, text in conn.execute(
                    "SELECT article_id, id, event_id, confidence, factuality, source_actor, target_actor, evidence"
                    f" FROM mentions WHERE article_id IN ({','.join('?' * len(part))})", part):
                known[mid] = (eid, conf, fact, sa, ta, text)
                known_pairs.add((aid, eid))
        dyads: dict[tuple, list] = {}           # (source, target, root) -> [count, goldstein sum, first, last] to add
        refresh: set[str] = set()               # stored events whose factuality must be decided again
        if known:
            self._better_readings(conn, mentions, known, refresh)
        moved = 0   # stored mentions that move to another happening: written again, not new
        if windowed or (evs and conn.execute("SELECT EXISTS (SELECT 1 FROM windows)").fetchone()[0]):
            moved = self._place_windowed(conn, mentions, evs, windowed, known, known_pairs, bulk, facts, dyads)
        if known or moved:
            # Count again, from the mentions that are new: [attributes..., count, {articles not yet
            # reporting the event}, {factuality: count}], as _prepare counts.
            new_rows = [r for r in mentions.values() if r[0] not in known]
            if not new_rows:
                self._settle(conn, refresh, dyads, facts, bulk)
                return len(new_articles), 0, 0, new_sigs
            per_event: dict[str, list] = {}
            for row in new_rows:
                hid, aid, fact = row[1], row[2], row[7]
                agg = per_event.get(hid)
                if agg is None:
                    agg = per_event[hid] = [*evs[hid][:_N_EV_ATTRS], 0, set(), {}]
                agg[11] += 1
                if (aid, hid) not in known_pairs:
                    agg[12].add(aid)
                agg[13][fact] = agg[13].get(fact, 0) + 1
        else:
            new_rows = list(mentions.values())
            if not new_rows:
                return len(new_articles), 0, 0, new_sigs
            per_event = evs
        ev_rows = []
        for hid, a in per_event.items():
            arts, fs = a[12], a[13]
            ev_rows.append((hid, *a[:9], "asserted" if "asserted" in fs else event_factuality(fs), a[9], a[10],
                            a[11], 1 if arts.__class__ is str else len(arts), now, now))
        # Events before their mentions, so that every foreign key is checked as rows go in. An
        # event from an earlier batch gains the new mentions and sources; its code becomes the
        # lowest of its mentions' (checked below from the code it returns), its date stays.
        returned = self._upsert_events(conn, ev_rows, bulk) if bulk is not None else self._insert_rows(
            conn, f"INSERT INTO events ({_EVENT_COLS}) VALUES ",
            17, ev_rows,
            " ON CONFLICT(id) DO UPDATE SET"
            " mention_count = events.mention_count + excluded.mention_count,"
            " source_count = events.source_count + excluded.source_count,"
            " last_seen = excluded.last_seen,"
            " factuality = CASE WHEN excluded.factuality = 'asserted' THEN 'asserted' ELSE events.factuality END"
            " RETURNING id, mention_count, factuality, cameo", returning=4)
        self._insert_rows(
            conn, 'INSERT INTO mentions (id, event_id, article_id, evidence, "start", "end", confidence, factuality,'
                  " source_actor, target_actor, cameo, ingested_at) VALUES ", 12, new_rows, "")
        # A row is new iff its mention count is just this batch's: an older row already had >= 1.
        # An older event that no mention asserts: re-decide from all its mentions (rare).
        redo, decided, recode = [], [], []
        n_new_events = 0
        for hid, mc, fact, cameo in returned:
            a = per_event[hid]
            if mc != a[11]:
                if a[0] < cameo:
                    recode.append((a[0], a[2], a[3], a[4], hid))
                    if a[9] is not None and a[10] is not None:
                        dy = dyads.setdefault((a[9], a[10], a[1]), [0, 0.0, None, None])
                        dy[1] += a[3] - coded(cameo)[1]
                if fact == "asserted":
                    if facts is not None:
                        facts.pop(hid, None)
                    refresh.discard(hid)
                    continue
                if hid in refresh:
                    continue      # decided from the table below
                counts = facts.get(hid) if facts is not None else None
                if counts is not None:
                    for f, k in a[13].items():
                        counts[f] = counts.get(f, 0) + k
                    if sum(counts.values()) == mc:
                        decided.append((event_factuality(counts), hid))
                        continue
                    del facts[hid]
                # Not counted here (or another writer added mentions meanwhile): ask the table.
                redo.append((hid,))
                continue
            n_new_events += 1
            if facts is not None and fact != "asserted":
                facts[hid] = a[13]
            if a[9] is None or a[10] is None:
                continue
            key = (a[9], a[10], a[1])
            ds = a[7]
            dy = dyads.get(key)
            if dy is None:
                dyads[key] = [1, a[3], ds, ds]
            else:
                dy[0] += 1
                dy[1] += a[3]
                if ds is not None:
                    if dy[2] is None or ds < dy[2]:
                        dy[2] = ds
                    if dy[3] is None or ds > dy[3]:
                        dy[3] = ds
        # A bulk load has no index on events.id: it finds rows by rowid through its identity map.
        by = "id"
        if bulk is not None and (decided or redo or recode):
            by, rowid = "rowid", (lambda h: bulk.rowids.get(h) or bulk.pending[h])  # noqa: E731
            decided = [(f, rowid(h)) for f, h in decided]
            redo = [(rowid(h),) for h, in redo]
            recode = [(*r[:4], rowid(r[4])) for r in recode]
        if decided:
            conn.executemany(f"UPDATE events SET factuality = ? WHERE {by} = ?", decided)
        if redo:
            conn.executemany(
                "UPDATE events SET factuality = (SELECT factuality FROM mentions WHERE event_id = events.id"
                f" GROUP BY factuality ORDER BY count(*) DESC, {_FACT_RANK_SQL} LIMIT 1) WHERE {by} = ?", redo)
        if recode:
            conn.executemany(f"UPDATE events SET cameo = ?, quad_class = ?, goldstein = ?, plover = ? WHERE {by} = ?",
                             recode)
        self._settle(conn, refresh, dyads, facts, bulk)
        return len(new_articles), n_new_events, len(new_rows) - moved, new_sigs

    @staticmethod
    def _better_readings(conn: sqlite3.Connection, mentions: dict[str, tuple], known: dict[str, tuple],
                         refresh: set[str]) -> None:
        """Stored mentions that the batch reads better (base.mention_rank) take the batch's reading, so
        that which of two readings a store keeps does not depend on which came first."""
        rows = []
        for mid, row in mentions.items():
            k = known.get(mid)
            if k is None:
                continue
            eid, conf, fact, sa, ta, text = k
            if mention_rank(row[6], row[7], row[8], row[9], row[3]) < mention_rank(conf, fact, sa, ta, text):
                rows.append((row[3], row[6], row[7], row[8], row[9], row[2], mid))
                known[mid] = (eid, row[6], row[7], row[8], row[9], row[3])
                if fact != row[7]:
                    refresh.add(eid)
        if rows:
            conn.executemany("UPDATE mentions SET evidence = ?, confidence = ?, factuality = ?, source_actor = ?,"
                             " target_actor = ? WHERE article_id = ? AND id = ?", rows)

    def _place_windowed(self, conn: sqlite3.Connection, mentions: dict[str, tuple], evs: dict[str, list],
                        windowed: dict[str, tuple], known: dict[str, tuple], known_pairs: set[tuple[str, str]],
                        bulk: _BulkLoad | None, facts: dict[str, dict[str, int]] | None,
                        dyads: dict[tuple, list]) -> int:
        """Give the batch's undated mentions with a publication date their happening, and re-home stored
        ones whose happening the batch changes (:func:`~geokg.graph.base.assign_windows`).

        Works on every such mention of each (source key, target key, root) the batch brings one of,
        or a dated day of: the batch's new ones and the stored ones (table ``windows``). New ones get
        their happening in *mentions* and *evs*; a stored one that must move is taken out of its
        event (which is decided again from the mentions it keeps, or deleted when it keeps none) and
        comes back as a new mention of its new happening. Returns the number of stored mentions moved.
        """
        new_w = {mid: w for mid, w in windowed.items() if mid not in known}  # known ones stay where they are
        info: dict[str, tuple] = {w[0]: (w[2], w[3]) for w in new_w.values()}   # key -> (source, target)
        day_keys: dict[str, tuple] = {}
        for a in evs.values():
            if a[6] == "day":
                day_keys.setdefault(window_key(a[9], a[10], a[1]), (a[9], a[10]))
        ask = [k for k in day_keys if k not in info]
        if ask and conn.execute("SELECT EXISTS (SELECT 1 FROM windows)").fetchone()[0]:
            for (k,) in conn.execute("SELECT DISTINCT w.key FROM json_each(?) j JOIN windows w ON w.key = j.value",
                                     (json.dumps(ask),)):
                info[k] = day_keys[k]
        if not info:
            return 0
        stored: dict[str, tuple] = {}   # mention id -> (article, key, published, event)
        keys = list(info)
        for i in range(0, len(keys), 500):
            part = keys[i:i + 500]
            for mid, aid, k, pub, eid in conn.execute(
                    f"SELECT id, article_id, key, published, event_id FROM windows WHERE key IN"
                    f" ({','.join('?' * len(part))})", part):
                stored[mid] = (aid, k, pub, eid)
        # the dated day-precision happenings inside any window: in the batch, or stored
        by_key, cand = window_candidates(stored, new_w)
        exists = {h for h in cand if h in evs}
        rest = [h for h in cand if h not in exists]
        if bulk is not None:
            exists.update(h for h in rest if h in bulk.rowids)
        else:
            for i in range(0, len(rest), 500):
                part = rest[i:i + 500]
                exists.update(r[0] for r in conn.execute(
                    f"SELECT id FROM events WHERE id IN ({','.join('?' * len(part))})", part))
        placed, moves = place_windowed(by_key, cand, exists, new_w, stored)
        for mid, hid in placed.items():
            mentions[mid] = (mid, hid, *mentions[mid][2:])
        if moves:
            self._move_out(conn, moves, stored, mentions, known, known_pairs, bulk, facts, dyads)
        # The events of the placed and moved mentions, counted as _prepare counts.
        codes = _CODE_CACHE
        for mid in (*placed, *moves):
            row = mentions[mid]
            hid, aid, fact, cameo = row[1], row[2], row[7], row[10]
            agg = evs.get(hid)
            c = codes.get(cameo) or codes.setdefault(cameo, coded(cameo))
            if agg is None:
                k = windowed[mid][0] if mid in windowed else stored[mid][1]
                sk, tk = info[k]
                d = cand[hid][1] if hid in cand else None
                evs[hid] = [cameo, cameo[:2], c[0], c[1], c[2], d, "day" if d else None, d, d, sk, tk, 1, aid,
                            {fact: 1}]
                continue
            if cameo < agg[0]:
                agg[0], agg[2], agg[3], agg[4] = cameo, c[0], c[1], c[2]
            agg[11] += 1
            arts = agg[12]
            if arts.__class__ is str:
                if arts != aid:
                    agg[12] = {arts, aid}
            else:
                arts.add(aid)
            agg[13][fact] = agg[13].get(fact, 0) + 1
        rows = [(mid, windowed[mid][0], windowed[mid][1], mentions[mid][2], hid) for mid, hid in placed.items()]
        rows += [(mid, stored[mid][1], stored[mid][2], stored[mid][0], hid) for mid, hid in moves.items()]
        if rows:
            conn.executemany("INSERT INTO windows (id, key, published, article_id, event_id) VALUES (?, ?, ?, ?, ?)"
                             " ON CONFLICT(id) DO UPDATE SET event_id = excluded.event_id", rows)
        return len(moves)

    def _move_out(self, conn: sqlite3.Connection, moves: dict[str, str], stored: dict[str, tuple],
                  mentions: dict[str, tuple], known: dict[str, tuple], known_pairs: set[tuple[str, str]],
                  bulk: _BulkLoad | None, facts: dict[str, dict[str, int]] | None, dyads: dict[tuple, list]) -> None:
        """Take stored mentions out of their events for :meth:`_place_windowed`; they come back in
        *mentions* as new rows of their new happening (the batch's reading if it has a better one)."""
        rows = {}
        for mid in moves:
            r = conn.execute('SELECT id, event_id, article_id, evidence, "start", "end", confidence, factuality,'
                             " source_actor, target_actor, cameo, ingested_at FROM mentions WHERE article_id = ?"
                             " AND id = ?", (stored[mid][0], mid)).fetchone()
            if r is not None:
                rows[mid] = r
        conn.executemany("DELETE FROM mentions WHERE article_id = ? AND id = ?", [(r[2], m) for m, r in rows.items()])
        losing = {r[1] for r in rows.values()}
        for eid in sorted(losing):
            rowid = (bulk.rowids.get(eid) or bulk.pending.get(eid)) if bulk is not None else None
            old = conn.execute(f"SELECT rowid, cameo, goldstein, source, target, root FROM events WHERE"
                               f" {'rowid' if bulk is not None else 'id'} = ?",
                               (rowid if bulk is not None else eid,)).fetchone()
            if old is None:
                continue
            rid, _, o_gold, src, tgt, root = old
            # What the event keeps (rare: a scan of its mentions; the index on them may be dropped in bulk).
            n, k, cameo = conn.execute("SELECT count(*), count(DISTINCT article_id), min(cameo) FROM mentions"
                                       " WHERE event_id = ?", (eid,)).fetchone()
            dy = dyads.setdefault((src, tgt, root), [0, 0.0, None, None]) if src is not None and tgt is not None \
                else [0, 0.0, None, None]
            if n == 0:
                conn.execute("DELETE FROM events WHERE rowid = ?", (rid,))
                dy[0] -= 1
                dy[1] -= o_gold
                if facts is not None:
                    facts.pop(eid, None)
                if bulk is not None:
                    bulk.rowids.pop(eid, None)
                    bulk.pending.pop(eid, None)
                continue
            counts = dict(conn.execute("SELECT factuality, count(*) FROM mentions WHERE event_id = ?"
                                       " GROUP BY factuality", (eid,)).fetchall())
            fact = event_factuality(counts)
            if facts is not None:
                if fact == "asserted":
                    facts.pop(eid, None)
                else:
                    facts[eid] = counts
            q, g, p = coded(cameo)
            dy[1] += g - o_gold
            conn.execute("UPDATE events SET mention_count = ?, source_count = ?, factuality = ?, cameo = ?,"
                         " quad_class = ?, goldstein = ?, plover = ? WHERE rowid = ?",
                         (n, k, fact, cameo, q, g, p, rid))
        for mid, r in rows.items():
            hid = moves[mid]
            mine = mentions.get(mid)
            if mine is not None and mention_rank(mine[6], mine[7], mine[8], mine[9], mine[3]) < mention_rank(
                    r[6], r[7], r[8], r[9], r[3]):
                mentions[mid] = (mid, hid, *mine[2:])
            else:
                mentions[mid] = (mid, hid, *r[2:])
            known.pop(mid, None)
            if conn.execute("SELECT 1 FROM mentions WHERE article_id = ? AND event_id = ? LIMIT 1",
                            (r[2], hid)).fetchone():
                known_pairs.add((r[2], hid))

    def _settle(self, conn: sqlite3.Connection, refresh: set[str], dyads: dict[tuple, list],
                facts: dict[str, dict[str, int]] | None, bulk: _BulkLoad | None) -> None:
        """The end of a batch: decide again the factuality of *refresh* (stored events whose mentions
        changed other than by new mentions) from their mentions, and add the dyad increments."""
        for hid in refresh:
            rowid = None if bulk is None else (bulk.rowids.get(hid) or bulk.pending.get(hid))
            if bulk is not None and rowid is None:
                continue  # deleted in this batch
            counts = dict(conn.execute("SELECT factuality, count(*) FROM mentions WHERE event_id = ? GROUP BY"
                                       " factuality", (hid,)).fetchall())
            if not counts:
                continue
            fact = event_factuality(counts)
            if facts is not None:
                if fact == "asserted":
                    facts.pop(hid, None)
                else:
                    facts[hid] = counts
            conn.execute(f"UPDATE events SET factuality = ? WHERE {'id' if bulk is None else 'rowid'} = ?",
                         (fact, hid if bulk is None else rowid))
        if dyads:
            self._insert_rows(
                conn, "INSERT INTO dyads (source, target, root, count, goldstein_sum, first_date, last_date)"
                " VALUES ", 7, [(k[0], k[1], k[2], v[0], v[1], v[2], v[3]) for k, v in dyads.items()],
                " ON CONFLICT(source, target, root) DO UPDATE SET"
                " count = dyads.count + excluded.count,"
                " goldstein_sum = dyads.goldstein_sum + excluded.goldstein_sum,"
                " first_date = CASE WHEN excluded.first_date IS NOT NULL AND (dyads.first_date IS NULL"
                " OR excluded.first_date < dyads.first_date) THEN excluded.first_date ELSE dyads.first_date END,"
                " last_date = CASE WHEN excluded.last_date IS NOT NULL AND (dyads.last_date IS NULL"
                " OR excluded.last_date > dyads.last_date) THEN excluded.last_date ELSE dyads.last_date END")
            if any(v[0] < 0 for v in dyads.values()):
                conn.execute("DELETE FROM dyads WHERE count <= 0")  # the dyad's last undated event moved away

    def _upsert_events(self, conn: sqlite3.Connection, rows: list[tuple], bulk: _BulkLoad) -> list[tuple]:
        """The events upsert of a bulk load, by the identity map instead of the dropped unique index.

        Returns (id, mention_count, factuality, cameo) of every row written, as the upsert's RETURNING does.
        """
        known, pending = bulk.rowids, bulk.pending
        rowid = bulk.next_rowid
        new, out = [], []
        update = ("UPDATE events SET mention_count = mention_count + ?, source_count = source_count + ?,"
                  " last_seen = ?, factuality = CASE WHEN ? = 'asserted' THEN 'asserted' ELSE factuality END"
                  " WHERE rowid = ? RETURNING id, mention_count, factuality, cameo")
        for r in rows:
            rid = known.get(r[0])
            if rid is None:
                pending[r[0]] = rowid
                new.append((rowid, *r))
                out.append((r[0], r[13], r[10], r[1]))
                rowid += 1
            else:
                out.append(conn.execute(update, (r[13], r[14], r[16], r[10], rid)).fetchone())
        self._insert_rows(conn, f"INSERT INTO events (rowid, {_EVENT_COLS}) VALUES ", 18, new, "")
        return out

    @staticmethod
    def _check_unique_index(conn: sqlite3.Connection) -> None:
        """Inside a batch's transaction: refuse to write while another process bulk loads (see ingest)."""
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'events_id'").fetchone():
            return
        row = conn.execute("SELECT pid FROM bulk_load").fetchone() if conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'bulk_load'").fetchone() else None
        if row is not None and _alive(row[0]):
            raise StoreError(f"process {row[0]} is bulk loading into this store; ingest again when it has finished")
        for sql in _INDEX_SQL.values():  # an interrupted bulk load that nobody repaired yet
            conn.execute(sql.replace(" INDEX ", " INDEX IF NOT EXISTS ", 1))
        conn.execute("DROP TABLE IF EXISTS bulk_load")

    @staticmethod
    def _insert_rows(conn: sqlite3.Connection, head: str, ncols: int, rows: list[tuple], tail: str,
                     returning: int = 0) -> list:
        """Multi-row ``INSERT ... VALUES (...), (...)`` in chunks of a few hundred rows.

        One statement step per chunk instead of one per row (executemany): less interpreter work. With
        ``returning`` = number of RETURNING columns, returns the rows SQLite really inserted or
        updated (1 column: the values themselves).
        """
        out: list = []
        one = "(" + ",".join("?" * ncols) + ")"
        full_sql = None
        for i in range(0, len(rows), _ROWS_PER_STATEMENT):
            chunk = rows[i:i + _ROWS_PER_STATEMENT]
            if len(chunk) == _ROWS_PER_STATEMENT:
                if full_sql is None:
                    full_sql = head + ",".join([one] * len(chunk)) + tail
                sql = full_sql
            else:
                sql = head + ",".join([one] * len(chunk)) + tail
            cur = conn.execute(sql, list(chain.from_iterable(chunk)))
            if returning == 1:
                out.extend(r[0] for r in cur.fetchall())
            elif returning:
                out.extend(cur.fetchall())
        return out

    def _write_articles(self, conn: sqlite3.Connection, articles: dict[str, list], now: str) -> set[str]:
        """Insert new articles, complete known ones; returns the ids of the articles that are new."""
        if not articles:
            return set()
        rows = [(aid, *v, now) for aid, v in articles.items()]
        new = set(self._insert_rows(
            conn, "INSERT INTO articles (id, url, title, published, lang, source, ingested_at) VALUES ",
            7, rows, " ON CONFLICT(id) DO NOTHING RETURNING id", returning=1))
        if len(new) < len(rows):
            # Known articles: fill in what is now known, never blank out what was, and keep the least
            # of two known values (base.merge_field; SQLite's min() of a NULL is NULL).
            conn.executemany(
                "UPDATE articles SET url = coalesce(min(?1, url), ?1, url), title = coalesce(min(?2, title), ?2, title),"
                " published = coalesce(min(?3, published), ?3, published), lang = coalesce(min(?4, lang), ?4, lang),"
                " source = coalesce(min(?5, source), ?5, source) WHERE id = ?6",
                [(*r[1:6], r[0]) for r in rows if r[0] not in new and any(r[1:6])])
        return new

    def _write_actors(self, conn: sqlite3.Connection, pend: dict[str, Any], states: set[str]) -> dict:
        """Upsert actors seen in this batch; returns the signatures to cache once the batch commits.

        Every report of an actor (*pend*: id -> reports) is merged into its row by
        :func:`~geokg.graph.base.merge_actor`, in any order with the same result; a provisional
        state row (made from a person's country) gives way to the state's own report.
        """
        sigs: dict[str, tuple] = {}
        if pend:
            ids = list(pend)
            old = {}
            for i in range(0, len(ids), 500):
                part = ids[i:i + 500]
                q = ",".join("?" * len(part))
                for r in conn.execute(f"SELECT id, name, kind, country, wikidata, aliases, roles, provisional,"
                                      f" sector FROM actors WHERE id IN ({q})", part):
                    old[r[0]] = r
            rows = []
            for aid, reports in pend.items():
                o = old.get(aid)
                prev = None if o is None else (o[1], o[2], o[3], o[4], json.loads(o[5]), json.loads(o[6]), o[7],
                                               o[8])
                for a in reports:  # merge_actor is a join: any order gives the same row
                    name, kind, country, wikidata, aliases, roles, sector = merge_actor(a, prev)
                    prev = (name, kind, country, wikidata, aliases, roles, False, sector)
                    if not isinstance(a, StoredActor):
                        sigs[aid] = actor_signature(a)
                rows.append((aid, name, kind, country, wikidata, json.dumps(aliases, ensure_ascii=False),
                             json.dumps(roles, ensure_ascii=False), sector))
            conn.executemany(
                "INSERT INTO actors (id, name, kind, country, wikidata, aliases, roles, provisional, sector)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
                " kind = excluded.kind, country = excluded.country, wikidata = excluded.wikidata,"
                " aliases = excluded.aliases, roles = excluded.roles, provisional = 0, sector = excluded.sector", rows)
        states = {c for c in states if c not in pend}
        if states:
            conn.executemany(
                "INSERT OR IGNORE INTO actors (id, name, kind, country, provisional) VALUES (?, ?, 'state', ?, 1)",
                [(c, state_name(c), c) for c in sorted(states)])
            for c in states:
                # Any non-None signature: the row exists, so the hot loop stops proposing it.
                sigs.setdefault(c, ())
        return sigs

    # -- reading ------------------------------------------------------------------------------------

    @staticmethod
    def _event_where(f: EventFilter) -> tuple[str, list]:
        where: list[str] = []
        params: list[Any] = []
        if f.actor is not None:
            where.append("(source = ? OR target = ?)")
            params += [f.actor, f.actor]
        if f.source is not None:
            where.append("source = ?")
            params.append(f.source)
        if f.target is not None:
            where.append("target = ?")
            params.append(f.target)
        if f.cameo:
            if not f.cameo.isdigit():
                raise StoreError(f"cameo filter must be digits (a code prefix), got {f.cameo!r}")
            if len(f.cameo) >= 2:
                where.append("root = ?")
                params.append(f.cameo[:2])
            if len(f.cameo) != 2:
                where.append("cameo LIKE ?")
                params.append(f.cameo + "%")
        if f.quad_class is not None:
            where.append("quad_class = ?")
            params.append(f.quad_class)
        if f.factuality is not None:
            where.append("factuality = ?")
            params.append(f.factuality)
        if f.since is not None:
            # Overlap: date_end >= since. The redundant bound on date_start (a date spans at most a
            # year) lets the date_start indexes narrow the scan.
            where.append("date_end >= ? AND date_start >= ?")
            params += [f.since.isoformat(), (f.since - timedelta(days=366)).isoformat()]
        if f.until is not None:
            where.append("date_start <= ?")
            params.append(f.until.isoformat())
        if f.article_id is not None:
            where.append("id IN (SELECT event_id FROM mentions WHERE article_id = ?)")
            params.append(f.article_id)
        return (" WHERE " + " AND ".join(where)) if where else "", params

    @staticmethod
    def _filter(filter: EventFilter | None, kw: dict[str, Any]) -> EventFilter:
        if filter is None:
            return EventFilter(**kw)
        return EventFilter.model_validate({**filter.model_dump(), **kw}) if kw else filter

    def events(self, filter: EventFilter | None = None, **kw: Any) -> list[StoredEvent]:
        f = self._filter(filter, kw)
        where, params = self._event_where(f)
        sql = (f"SELECT id, cameo, quad_class, goldstein, plover, date, date_precision, factuality, source, target,"
               f" mention_count, source_count, first_seen, last_seen FROM events{where}"
               f" ORDER BY date_start IS NULL, date_start, date_end, id LIMIT ? OFFSET ?")
        params += [f.limit if f.limit is not None else -1, f.offset]
        keys = ("id", "cameo", "quad_class", "goldstein", "plover", "date", "date_precision", "factuality",
                "source", "target", "mention_count", "source_count", "first_seen", "last_seen")
        return [StoredEvent.model_validate(dict(zip(keys, r))) for r in self.connection.execute(sql, params)]

    def actors(self, filter: ActorFilter | None = None, **kw: Any) -> list[StoredActor]:
        if filter is None:
            f = ActorFilter(**kw)
        else:
            f = ActorFilter.model_validate({**filter.model_dump(), **kw}) if kw else filter
        where: list[str] = []
        params: list[Any] = []
        if f.text:
            t = f.text.casefold()
            where.append("(instr(geokg_fold(id), ?) OR instr(geokg_fold(name), ?) OR EXISTS"
                         " (SELECT 1 FROM json_each(actors.aliases) j WHERE instr(geokg_fold(j.value), ?)))")
            params += [t, t, t]
        if f.kind is not None:
            where.append("kind = ?")
            params.append(f.kind)
        if f.country is not None:
            where.append("country = ?")
            params.append(f.country)
        if f.sector is not None:
            where.append("sector = ?")
            params.append(f.sector)
        sql = ("SELECT id, name, kind, country, wikidata, aliases, roles, sector FROM actors"
               + ((" WHERE " + " AND ".join(where)) if where else "") + " ORDER BY id LIMIT ?")
        params.append(f.limit if f.limit is not None else -1)
        return [StoredActor(id=r[0], name=r[1], kind=r[2], country=r[3], wikidata=r[4],
                            aliases=json.loads(r[5]), roles=json.loads(r[6]), sector=r[7])
                for r in self.connection.execute(sql, params)]

    def mentions(self, event_id: str | StoredEvent) -> list[Mention]:
        eid = event_id.id if isinstance(event_id, StoredEvent) else event_id
        rows = self.connection.execute(
            'SELECT m.article_id, m.evidence, m."start", m."end", m.confidence, a.url, a.title, a.published'
            " FROM mentions m LEFT JOIN articles a ON a.id = m.article_id WHERE m.event_id = ?"
            ' ORDER BY a.published IS NULL, a.published, m.article_id, m."start", m.id', (eid,))
        return [Mention(article_id=r[0], evidence=Evidence(text=r[1], start=r[2], end=r[3]), confidence=r[4],
                        url=r[5], title=r[6], published=r[7][:10] if r[7] else None) for r in rows]

    def stats(self) -> dict[str, int]:
        c = self.connection
        one = lambda sql: c.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "events": one("SELECT count(*) FROM events"),
            "mentions": one("SELECT count(*) FROM mentions"),
            "actors": one("SELECT count(*) FROM actors"),
            "dyads": one("SELECT count(*) FROM (SELECT DISTINCT source, target FROM dyads)"),
        }

    def to_networkx(self, since: date | str | None = None, until: date | str | None = None, *,
                    min_events: int = 1, factuality: str | None = None, **kw: Any) -> nx.MultiDiGraph:
        """See :meth:`GraphStore.to_networkx`."""
        f = EventFilter(since=since, until=until, factuality=factuality, **kw)
        where, params = self._event_where(f)
        where = (where + " AND" if where else " WHERE") + " source IS NOT NULL AND target IS NOT NULL"
        sql = (f"SELECT source, target, id, cameo, root, quad_class, goldstein, plover, date, factuality,"
               f" mention_count FROM events{where} ORDER BY date_start IS NULL, date_start, id")
        if f.limit is not None or f.offset:
            sql += " LIMIT ? OFFSET ?"
            params += [f.limit if f.limit is not None else -1, f.offset]
        rows = self.connection.execute(sql, params).fetchall()

        def attrs(nodes: list[str]) -> dict[str, dict[str, Any]]:
            out = {}
            for i in range(0, len(nodes), 500):
                part = nodes[i:i + 500]
                for r in self.connection.execute("SELECT id, name, kind, country, wikidata, sector FROM actors"
                                                 f" WHERE id IN ({','.join('?' * len(part))})", part):
                    out[r[0]] = {"name": r[1], "kind": r[2], "country": r[3], "wikidata": r[4], "sector": r[5]}
            return out

        return event_network(rows, attrs, since=f.since, until=f.until, min_events=min_events)

    # -- checks -------------------------------------------------------------------------------------

    def check_integrity(self, max_problems: int = 20) -> list[str]:
        """Problems found (empty means sound): SQLite's page checks, foreign keys, derived counts.

        Checks ``PRAGMA integrity_check`` and ``foreign_key_check``, every event's mention and
        source counts against its mentions, and the dyad summary against a recount of the events.
        Reads every table: seconds for millions of events.
        """
        c = self.connection
        problems: list[str] = []
        for (msg,) in c.execute(f"PRAGMA integrity_check({max_problems})"):
            if msg != "ok":
                problems.append(f"integrity: {msg}")
        for table, rowid, parent, fkid in islice(c.execute("PRAGMA foreign_key_check"), max_problems):
            problems.append(f"foreign key: {table} row {rowid} refers to a missing {parent} row")
        for eid, mc, sc, n, k in c.execute(
                "SELECT e.id, e.mention_count, e.source_count, coalesce(m.n, 0), coalesce(m.k, 0) FROM events e"
                " LEFT JOIN (SELECT event_id, count(*) AS n, count(DISTINCT article_id) AS k FROM mentions"
                " GROUP BY event_id) m ON m.event_id = e.id"
                " WHERE e.mention_count != coalesce(m.n, 0) OR e.source_count != coalesce(m.k, 0)"
                " LIMIT ?", (max_problems,)):
            problems.append(f"event {eid}: mention_count/source_count {mc}/{sc}, mentions say {n}/{k}")
        recount = {(s, t, r): (n, g, f, l) for s, t, r, n, g, f, l in c.execute(
            "SELECT source, target, root, count(*), sum(goldstein), min(date_start), max(date_start) FROM events"
            " WHERE source IS NOT NULL AND target IS NOT NULL GROUP BY source, target, root")}
        for s, t, r, n, g, f, l in c.execute(
                "SELECT source, target, root, count, goldstein_sum, first_date, last_date FROM dyads"):
            want = recount.pop((s, t, r), None)
            if want is None or want[0] != n or abs(want[1] - g) > 1e-6 * (1 + abs(want[1])) or want[2:] != (f, l):
                problems.append(f"dyad {s}->{t} root {r}: summary says {n} events (goldstein sum {g}, dates"
                                f" {f}..{l}), the events say {want}")
        for (s, t, r), want in islice(recount.items(), max_problems):
            problems.append(f"dyad {s}->{t} root {r}: missing from the summary, the events say {want}")
        return problems[:max_problems]

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r})"
