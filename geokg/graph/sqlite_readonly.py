"""Opening an embedded store for reading only, so that nothing on disk changes.

Readers of a shared store (``geokg stats``, ``query``, ``export`` on a file they may not write;
``geokg serve`` always) must leave the store file and its folder exactly as they found them.
SQLite's plain ``mode=ro`` is not enough for a store in WAL mode (every geokg store): in a folder
it may write, a read-only connection creates ``<file>-wal`` and ``<file>-shm`` and, being unable to
checkpoint, cannot remove them when it closes. So the way in depends on what the reader may write
(:func:`read_only_way`):

``guarded``
    File and folder writable (the owner serving their own store): an ordinary connection, so that
    SQLite removes the ``-wal``/``-shm`` it made when the last connection closes, with an
    authorizer (:func:`deny_writes`) that refuses every statement writing to the store itself;
    temporary tables (``temp`` schema, in memory) stay allowed.
``ro``
    The file or folder is not writable and a ``-wal`` file exists (a writer has the store open,
    or crashed): ``mode=ro`` reads the committed transactions in the log through the existing
    ``-shm``.
``immutable``
    The file or folder is not writable and there is no ``-wal``: ``mode=ro&immutable=1`` reads
    the file alone and creates nothing (a read-only folder refuses the ``-shm`` that ``mode=ro``
    needs). SQLite then assumes that nobody changes the file: a long-lived reader (``geokg
    serve``) reopens it when the file's size or time changes (:meth:`Snapshot.changed`).

>>> import os, sqlite3, tempfile
>>> folder = tempfile.mkdtemp()
>>> path = os.path.join(folder, "g.sqlite")
>>> c = sqlite3.connect(path); _ = c.execute("CREATE TABLE t (x)"); c.commit(); c.close()
>>> read_only_way(path, writable=True, wal=False)
'guarded'
>>> conn = connect_read_only(path, "guarded")
>>> conn.read_only, conn.execute("SELECT count(*) FROM t").fetchone()[0]
(True, 0)
>>> conn.execute("INSERT INTO t VALUES (1)")
Traceback (most recent call last):
...
sqlite3.DatabaseError: not authorized
>>> _ = conn.execute("CREATE TEMP TABLE scratch (x)")   # session-only tables are allowed
>>> conn.close(); sorted(os.listdir(folder))
['g.sqlite']
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import quote

__all__ = ["ReadOnlyConnection", "Snapshot", "connect_read_only", "deny_writes", "is_writable", "read_only_way"]

Way = Literal["guarded", "ro", "immutable"]


class ReadOnlyConnection(sqlite3.Connection):
    """A connection that never writes to its store; ``read_only`` tells code that would
    (:func:`geokg.queries.embedded.ensure`) to keep what it derives in ``temp`` tables instead."""

    read_only = True


# Statements that change the schema or rows of a database (the authorizer names the database).
_WRITES = frozenset(getattr(sqlite3, name) for name in (
    "SQLITE_INSERT", "SQLITE_UPDATE", "SQLITE_DELETE", "SQLITE_CREATE_INDEX", "SQLITE_CREATE_TABLE",
    "SQLITE_CREATE_TRIGGER", "SQLITE_CREATE_VIEW", "SQLITE_DROP_INDEX", "SQLITE_DROP_TABLE",
    "SQLITE_DROP_TRIGGER", "SQLITE_DROP_VIEW", "SQLITE_ALTER_TABLE", "SQLITE_REINDEX", "SQLITE_ANALYZE",
    "SQLITE_CREATE_VTABLE", "SQLITE_DROP_VTABLE") if hasattr(sqlite3, name))
# Pragmas that write to the file even without a value (optimize runs ANALYZE; a checkpoint copies
# the log into the file), and those that write when given one.
_WRITING_PRAGMAS = frozenset({"optimize", "wal_checkpoint", "incremental_vacuum"})
_SETTING_PRAGMAS = frozenset({"user_version", "application_id", "schema_version", "journal_mode", "auto_vacuum",
                              "page_size", "legacy_file_format", "writable_schema"})


def deny_writes(action: int, arg1: str | None, arg2: str | None, db: str | None, trigger: str | None) -> int:
    """SQLite authorizer: refuse whatever would write to a database other than ``temp``.

    >>> deny_writes(sqlite3.SQLITE_INSERT, "events", None, "main", None) == sqlite3.SQLITE_DENY
    True
    >>> deny_writes(sqlite3.SQLITE_INSERT, "q_series", None, "temp", None) == sqlite3.SQLITE_OK
    True
    >>> deny_writes(sqlite3.SQLITE_DROP_TABLE, "events", None, "main", None) == sqlite3.SQLITE_DENY
    True
    >>> deny_writes(sqlite3.SQLITE_PRAGMA, "optimize", None, None, None) == sqlite3.SQLITE_DENY
    True
    >>> deny_writes(sqlite3.SQLITE_PRAGMA, "cache_size", "-1000", None, None) == sqlite3.SQLITE_OK
    True
    """
    if action in _WRITES:
        # Using an eponymous virtual table (json_each) asks for an UPDATE of sqlite_master while
        # it declares the table; SQLite itself refuses a real one unless writable_schema is set,
        # which is refused below.
        if action == sqlite3.SQLITE_UPDATE and arg1 in ("sqlite_master", "sqlite_schema"):
            return sqlite3.SQLITE_OK
        return sqlite3.SQLITE_OK if db == "temp" else sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_PRAGMA and arg1 is not None:
        name = arg1.lower()
        if name in _WRITING_PRAGMAS or (arg2 is not None and name in _SETTING_PRAGMAS):
            return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def is_writable(path: str | os.PathLike[str]) -> bool:
    """Whether this process may write the store file and create files beside it (WAL needs both).

    ``os.access`` asks the kernel, so it also says no for root on an immutable file (``chattr +i``)
    or a read-only mount, where permission bits alone would say yes.

    >>> import tempfile, os
    >>> is_writable(os.path.join(tempfile.mkdtemp(), "none-yet.sqlite"))
    True
    """
    p = Path(path)
    folder_ok = os.access(p.parent, os.W_OK | os.X_OK)
    return folder_ok and (not p.exists() or os.access(p, os.R_OK | os.W_OK))


def read_only_way(path: str | os.PathLike[str], *, writable: bool | None = None, wal: bool | None = None) -> Way:
    """How to open *path* for reading only (see the module's notes); *writable* and *wal* default
    to what the file system says now.

    >>> read_only_way("/x/g.sqlite", writable=False, wal=True), read_only_way("/x/g.sqlite", writable=False, wal=False)
    ('ro', 'immutable')
    """
    if writable is None:
        writable = is_writable(path)
    if writable:
        return "guarded"
    if wal is None:
        wal = Path(f"{os.fspath(path)}-wal").exists()
    return "ro" if wal else "immutable"


def connect_read_only(path: str | os.PathLike[str], way: Way, *, check_same_thread: bool = True,
                      timeout: float = 30.0) -> ReadOnlyConnection:
    """A :class:`ReadOnlyConnection` to *path* opened the given *way* (autocommit mode).

    >>> import os, sqlite3, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "odd #name?.sqlite")   # URI characters are quoted
    >>> sqlite3.connect(path).close()
    >>> connect_read_only(path, "immutable").execute("PRAGMA query_only").fetchone()
    (0,)
    """
    p = os.path.abspath(os.fspath(path))
    if way == "guarded":
        conn = sqlite3.connect(p, isolation_level=None, check_same_thread=check_same_thread, timeout=timeout,
                               cached_statements=256, factory=ReadOnlyConnection)
        conn.set_authorizer(deny_writes)
        return conn
    query = "mode=ro&immutable=1" if way == "immutable" else "mode=ro"
    return sqlite3.connect(f"file:{quote(p)}?{query}", uri=True, isolation_level=None,
                           check_same_thread=check_same_thread, timeout=timeout, cached_statements=256,
                           factory=ReadOnlyConnection)


@dataclass(frozen=True)
class Snapshot:
    """The store file's identity when it was opened ``immutable``: a writer that changes it later
    changes its size, modification time or inode (a copy moved into place).

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "f")
    >>> _ = open(path, "w").write("a")
    >>> s = Snapshot.of(path)
    >>> s.changed(path)
    False
    >>> _ = open(path, "a").write("b")
    >>> s.changed(path)
    True
    """

    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, path: str | os.PathLike[str]) -> Snapshot:
        st = os.stat(path)
        return cls(st.st_size, st.st_mtime_ns, st.st_ino)

    def changed(self, path: str | os.PathLike[str]) -> bool:
        try:
            return Snapshot.of(path) != self
        except OSError:
            return True
