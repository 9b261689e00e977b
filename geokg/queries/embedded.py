"""Summary tables (and one index) that the prepared queries add to the embedded store, on first use.

The store's own schema (:mod:`geokg.graph.sqlite_store`) serves ingest and the store interface;
the queries need a few more read paths to answer in milliseconds on millions of events. They
are created here, by the queries, with ``IF NOT EXISTS`` on the first query that needs them, so
that a store that is never queried pays nothing for them, and ingest never maintains them.

Indexes
    ``q_mentions_denied(event_id) WHERE factuality = 'denied'``: the events someone denies
    (a partial index: a few percent of the mentions).
    ``q_events_top(mention_count, source_count)``: the most reported events (``top_events``)
    without sorting every event. The only addition that ingest maintains, once it exists.

Summary tables (``q_*``), derived from ``events`` and kept current lazily
    An event's actors, code, Goldstein score, quad class and date never change once stored (new
    mentions change only its counts and factuality), so the summaries are append-only: each
    records the highest ``events.rowid`` it has counted (``q_meta``), and a query first adds the
    events stored since (one ``max(rowid)`` lookup when nothing is new). ``dir`` is ``out`` (the
    actor is the source), ``in`` (the target) or ``self`` (both); ``q_series`` also has ``all``
    (every event of the actor, whichever side: one row per date for the commonest question).
    Goldstein sums are kept in
    tenths (integers), so that sums do not depend on the order of addition and every store
    gives the same figures.

    ``q_series(actor, dir, date, n, g10, q1..q4)``: per actor, direction and date (at its precision).
    ``q_dyad_series(source, target, date, n, g10, q1..q4)``: per directed dyad and date.
    ``q_roots(actor, dir, bucket, root, quad_class, n, g10)``: per actor, bucket, CAMEO root, quad class.
    ``q_partners(actor, dir, bucket, partner, n, g10, coop, conf)``: per actor, bucket and partner
    (``''`` when the event has no other side); indexed by (dir, bucket) too, so that the
    ``out`` rows of a period are every directed dyad of that period (the network queries' graph).

    A bucket is a period at one of several levels, so that any period is a few range scans
    (:func:`period_parts`): ``y2023`` (every dated event of the year), ``m2023-08`` (day- and
    month-precision events of the month), ``m2023-00`` (year-precision events of 2023),
    ``n2023-08`` (month-precision events of the month), ``d2023-08-15`` (day-precision events of
    the day), ``u`` (undated events), ``t`` (all events: the all-time answer in one bucket).
    Each event is counted at every level it belongs to.

>>> from geokg.queries.demo import demo_store
>>> s = demo_store()
>>> ensure(s.connection, "q_series", "q_roots")
>>> s.connection.execute("SELECT dir, date, n, g10 FROM q_series WHERE actor = 'RUS' ORDER BY dir, date").fetchall()
[('all', '2023-07', 1, 19.0), ('all', '2023-08-15', 4, 143.0), ('in', '2023-08-15', 2, 123.0), ('out', '2023-07', 1, 19.0), ('out', '2023-08-15', 2, 20.0)]
>>> s.connection.execute("SELECT bucket, n FROM q_roots WHERE actor = 'RUS' AND dir = 'out' AND root = '04'").fetchall()
[('m2023-07', 1), ('n2023-07', 1), ('t', 1), ('y2023', 1)]
"""

from __future__ import annotations

import calendar
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

__all__ = ["ensure", "ensure_in_memory", "prepare", "SUMMARY_VERSIONS", "month_split", "period_parts", "PeriodParts"]

#: Bump a table's number when its definition changes: an older table is rebuilt on first use.
SUMMARY_VERSIONS = {"q_series": 2, "q_dyad_series": 1, "q_roots": 3, "q_partners": 3}

_DDL = """
CREATE INDEX IF NOT EXISTS q_mentions_denied ON mentions(event_id) WHERE factuality = 'denied';
CREATE INDEX IF NOT EXISTS q_events_top ON events(mention_count, source_count);
CREATE TABLE IF NOT EXISTS q_meta (name TEXT PRIMARY KEY, watermark INTEGER NOT NULL, version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS q_series (
    actor TEXT NOT NULL, dir TEXT NOT NULL, date TEXT NOT NULL,
    n INTEGER NOT NULL, g10 REAL NOT NULL, q1 INTEGER NOT NULL, q2 INTEGER NOT NULL, q3 INTEGER NOT NULL,
    q4 INTEGER NOT NULL, PRIMARY KEY (actor, dir, date)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS q_dyad_series (
    source TEXT NOT NULL, target TEXT NOT NULL, date TEXT NOT NULL,
    n INTEGER NOT NULL, g10 REAL NOT NULL, q1 INTEGER NOT NULL, q2 INTEGER NOT NULL, q3 INTEGER NOT NULL,
    q4 INTEGER NOT NULL, PRIMARY KEY (source, target, date)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS q_roots (
    actor TEXT NOT NULL, dir TEXT NOT NULL, bucket TEXT NOT NULL, root TEXT NOT NULL, quad_class INTEGER NOT NULL,
    n INTEGER NOT NULL, g10 REAL NOT NULL, PRIMARY KEY (actor, dir, bucket, root, quad_class)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS q_partners (
    actor TEXT NOT NULL, dir TEXT NOT NULL, bucket TEXT NOT NULL, partner TEXT NOT NULL,
    n INTEGER NOT NULL, g10 REAL NOT NULL, coop INTEGER NOT NULL, conf INTEGER NOT NULL,
    PRIMARY KEY (actor, dir, bucket, partner)) WITHOUT ROWID;
"""
# Secondary indexes of the summary tables: dropped while a table is built from scratch and built
# again afterwards by one sort (3.16M rows of q_partners at 1M events: 6 s less than keeping the
# index up to date row by row).
_SUMMARY_INDEXES = {"q_partners": ("q_partners_bucket", "CREATE INDEX IF NOT EXISTS q_partners_bucket"
                                   " ON q_partners(dir, bucket)")}
_DDL += ";\n".join(sql for _, sql in _SUMMARY_INDEXES.values())

_OBJECTS = ("q_mentions_denied", "q_events_top", "q_meta", "q_series",
            "q_dyad_series", "q_roots", "q_partners", "q_partners_bucket")

# Each event once per actor it involves: (actor, dir, partner, the event's columns).
_SIDES = """
SELECT source AS actor, CASE WHEN target = source THEN 'self' ELSE 'out' END AS dir, coalesce(target, '') AS partner,
       date, date_precision, root, quad_class, goldstein FROM events WHERE source IS NOT NULL AND rowid > :w
UNION ALL
SELECT target, 'in', coalesce(source, ''), date, date_precision, root, quad_class, goldstein FROM events
 WHERE target IS NOT NULL AND (source IS NULL OR source != target) AND rowid > :w
"""
# Levels of a bucket (see the module docstring): (expression, which rows) over ``key``, an event's date
# as stored ('' when undated; its length is its precision); each is one INSERT of the summaries by bucket.
_LEVELS = (
    ("CASE WHEN key = '' THEN 'u' WHEN length(key) = 4 THEN 'm' || key || '-00' ELSE 'm' || substr(key, 1, 7) END",
     "true"),
    ("'y' || substr(key, 1, 4)", "key != ''"),
    ("'n' || key", "length(key) = 7"),
    ("'d' || key", "length(key) = 10"),
    ("'t'", "true"),
)
_QUADS = ("sum(quad_class = 1), sum(quad_class = 2), sum(quad_class = 3), sum(quad_class = 4)")
_ADD_QUADS = ("q1 = q1 + excluded.q1, q2 = q2 + excluded.q2, q3 = q3 + excluded.q3, q4 = q4 + excluded.q4")

_REFRESH = {
    "q_series": f"""
CREATE TEMP TABLE IF NOT EXISTS q_delta_series (actor TEXT, dir TEXT, date TEXT, n INTEGER, g10 REAL, q1 INTEGER,
    q2 INTEGER, q3 INTEGER, q4 INTEGER);
DELETE FROM temp.q_delta_series;
INSERT INTO temp.q_delta_series SELECT actor, dir, coalesce(date, ''), count(*), sum(round(goldstein * 10)), {_QUADS}
    FROM ({_SIDES}) GROUP BY 1, 2, 3;
""" + "".join(f"""
INSERT INTO q_series (actor, dir, date, n, g10, q1, q2, q3, q4)
SELECT * FROM (SELECT actor, {d}, date, sum(n), sum(g10), sum(q1), sum(q2), sum(q3), sum(q4)
               FROM temp.q_delta_series GROUP BY 1, 2, 3) WHERE true
ON CONFLICT (actor, dir, date) DO UPDATE SET n = n + excluded.n, g10 = g10 + excluded.g10, {_ADD_QUADS};
""" for d in ("dir", "'all'")) + "DELETE FROM temp.q_delta_series;",  # freed: a connection may live long (geokg serve)
    "q_dyad_series": f"""
INSERT INTO q_dyad_series (source, target, date, n, g10, q1, q2, q3, q4)
SELECT * FROM (SELECT source, target, coalesce(date, ''), count(*), sum(round(goldstein * 10)), {_QUADS}
               FROM events WHERE source IS NOT NULL AND target IS NOT NULL AND rowid > :w GROUP BY 1, 2, 3) WHERE true
ON CONFLICT (source, target, date) DO UPDATE SET n = n + excluded.n, g10 = g10 + excluded.g10, {_ADD_QUADS}
""",
    # q_roots and q_partners: the new events are grouped once by their date (at its precision) into a
    # temporary table, and every bucket level is a sum over it (instead of grouping the events again
    # per level: about a third of the time).
    "q_roots": f"""
CREATE TEMP TABLE IF NOT EXISTS q_delta_roots (actor TEXT, dir TEXT, key TEXT, root TEXT, quad_class INTEGER,
    n INTEGER, g10 REAL);
DELETE FROM temp.q_delta_roots;
INSERT INTO temp.q_delta_roots SELECT actor, dir, coalesce(date, ''), root, quad_class, count(*),
    sum(round(goldstein * 10)) FROM ({_SIDES}) GROUP BY 1, 2, 3, 4, 5;
""" + "".join(f"""
INSERT INTO q_roots (actor, dir, bucket, root, quad_class, n, g10)
SELECT * FROM (SELECT actor, dir, {b}, root, quad_class, sum(n), sum(g10) FROM temp.q_delta_roots
               WHERE {w} GROUP BY 1, 2, 3, 4, 5) WHERE true
ON CONFLICT (actor, dir, bucket, root, quad_class) DO UPDATE SET n = n + excluded.n, g10 = g10 + excluded.g10;
""" for b, w in _LEVELS) + "DELETE FROM temp.q_delta_roots;",  # freed: a connection may live long (geokg serve)
    "q_partners": f"""
CREATE TEMP TABLE IF NOT EXISTS q_delta_partners (actor TEXT, dir TEXT, key TEXT, partner TEXT, n INTEGER,
    g10 REAL, coop INTEGER, conf INTEGER);
DELETE FROM temp.q_delta_partners;
INSERT INTO temp.q_delta_partners SELECT actor, dir, coalesce(date, ''), partner, count(*), sum(round(goldstein * 10)),
    sum(quad_class <= 2), sum(quad_class >= 3) FROM ({_SIDES}) GROUP BY 1, 2, 3, 4;
""" + "".join(f"""
INSERT INTO q_partners (actor, dir, bucket, partner, n, g10, coop, conf)
SELECT * FROM (SELECT actor, dir, {b}, partner, sum(n), sum(g10), sum(coop), sum(conf) FROM temp.q_delta_partners
               WHERE {w} GROUP BY 1, 2, 3, 4) WHERE true
ON CONFLICT (actor, dir, bucket, partner) DO UPDATE SET n = n + excluded.n, g10 = g10 + excluded.g10,
    coop = coop + excluded.coop, conf = conf + excluded.conf;
""" for b, w in _LEVELS) + "DELETE FROM temp.q_delta_partners;",  # freed: a connection may live long (geokg serve)
}


def ensure(conn: sqlite3.Connection, *tables: str) -> None:
    """Create the indexes and summaries if missing, and bring the summary *tables* up to date.

    On a connection that must not write (:class:`geokg.graph.sqlite_readonly.ReadOnlyConnection`,
    a store opened read-only) see :func:`ensure_in_memory`.
    """
    if getattr(conn, "read_only", False):
        ensure_in_memory(conn, *tables)
        return
    have = conn.execute(f"SELECT count(*) FROM sqlite_master WHERE name IN ({','.join('?' * len(_OBJECTS))})",
                        _OBJECTS).fetchone()[0]
    if have != len(_OBJECTS):
        own = not conn.in_transaction
        if own:
            conn.execute("BEGIN IMMEDIATE")
        for stmt in _DDL.split(";"):
            if stmt.strip():
                conn.execute(stmt)
        if own:
            conn.execute("COMMIT")
    names = tables
    if not names:
        return
    top = conn.execute("SELECT max(rowid) FROM events").fetchone()[0] or 0
    marks = dict((r[0], (r[1], r[2])) for r in conn.execute("SELECT name, watermark, version FROM q_meta"))
    stale = [t for t in names if marks.get(t, (-1, 0))[1] != SUMMARY_VERSIONS[t] or marks[t][0] != top]
    if not stale:
        return
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    try:
        marks = dict((r[0], (r[1], r[2])) for r in conn.execute("SELECT name, watermark, version FROM q_meta"))
        top = conn.execute("SELECT max(rowid) FROM events").fetchone()[0] or 0
        for t in stale:
            w, v = marks.get(t, (-1, -1))
            if v != SUMMARY_VERSIONS[t] or w > top or w < 0:   # new, redefined, or events went away: start again
                conn.execute(f"DELETE FROM {t}")
                w = 0
            if w < top:
                index = _SUMMARY_INDEXES.get(t) if w == 0 else None
                if index:
                    conn.execute(f"DROP INDEX IF EXISTS {index[0]}")
                for stmt in _REFRESH[t].split(";"):
                    if stmt.strip():
                        conn.execute(stmt, {"w": w})
                if index:
                    conn.execute(index[1])
            conn.execute("INSERT INTO q_meta (name, watermark, version) VALUES (?, ?, ?) ON CONFLICT(name)"
                         " DO UPDATE SET watermark = excluded.watermark, version = excluded.version",
                         (t, top, SUMMARY_VERSIONS[t]))
        if own:
            conn.execute("COMMIT")
    except BaseException:
        if own and conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _temp_ddl(table: str) -> str:
    """The CREATE statement of a summary *table*, as a temporary table of the same name."""
    for stmt in _DDL.split(";"):
        if f"CREATE TABLE IF NOT EXISTS {table} (" in stmt:
            return stmt.replace("CREATE TABLE IF NOT EXISTS", "CREATE TEMP TABLE IF NOT EXISTS", 1)
    raise KeyError(table)


def ensure_in_memory(conn: sqlite3.Connection, *tables: str) -> None:
    """:func:`ensure` for a store that must not change: summaries it lacks, or holds out of date,
    are built as ``temp`` tables of the same names, in memory and for this connection only.

    SQLite looks a name up in ``temp`` before ``main``, so the queries read the temporary copy
    without knowing. A stored summary that is current is used as it is; one that is behind is
    copied and brought up to date. The indexes :func:`ensure` would add are not built (the queries
    then scan: same answers, slower). The first time a summary is computed this way a
    :class:`geokg.errors.GeokgWarning` says so (the CLI prints it as one line).

    >>> import os, tempfile, warnings
    >>> from geokg.graph import open_store
    >>> from geokg.queries.demo import demo_events
    >>> path = os.path.join(tempfile.mkdtemp(), "g.sqlite")
    >>> with open_store(path) as s:       # loaded without its summaries
    ...     _ = s.ingest(demo_events())
    >>> ro = open_store(path, read_only=True)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     ensure(ro.connection, "q_series")
    >>> print(str(caught[0].message).split(": ")[0])
    store is read-only and lacks the query summary q_series (missing or out of date)
    >>> ro.connection.execute("SELECT sum(n) FROM q_series WHERE dir = 'all'").fetchone()[0] > 0
    True
    >>> ro.connection.execute("SELECT count(*) FROM main.sqlite_master WHERE name = 'q_series'").fetchone()[0]
    0
    >>> ro.close()
    """
    if not tables:
        return
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS q_meta_session (name TEXT PRIMARY KEY, watermark INTEGER NOT NULL)")
    built: list[str] = []
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")   # one snapshot of the store: the top rowid and the events counted agree
    try:
        top = conn.execute("SELECT max(rowid) FROM main.events").fetchone()[0] or 0
        session = dict(conn.execute("SELECT name, watermark FROM temp.q_meta_session").fetchall())
        in_main = {r[0] for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")}
        stored = (dict((r[0], (r[1], r[2])) for r in conn.execute("SELECT name, watermark, version FROM main.q_meta"))
                  if "q_meta" in in_main else {})
        for t in tables:
            if t in session:
                w = session[t]
                if w > top:   # the store was rewritten under us: count again
                    conn.execute(f"DELETE FROM temp.{t}")
                    w = 0
            else:
                w_main, v_main = stored.get(t, (-1, -1))
                usable = t in in_main and v_main == SUMMARY_VERSIONS[t] and 0 <= w_main <= top
                if usable and w_main == top:
                    continue   # the stored summary is current: the queries read it
                conn.execute(_temp_ddl(t))
                if usable:
                    conn.execute(f"INSERT INTO temp.{t} SELECT * FROM main.{t}")
                w = w_main if usable else 0
                built.append(t)
            if w < top:
                for stmt in _REFRESH[t].split(";"):
                    if stmt.strip():
                        conn.execute(stmt, {"w": w})   # unqualified names: the temp table comes first
            if t in _SUMMARY_INDEXES and t in built:
                conn.execute(_SUMMARY_INDEXES[t][1])   # on the temp table: SQLite puts it beside it
            conn.execute("INSERT OR REPLACE INTO temp.q_meta_session (name, watermark) VALUES (?, ?)", (t, top))
        if own:
            conn.execute("COMMIT")
    except BaseException:
        if own and conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    if built:
        import warnings

        from geokg.errors import GeokgWarning

        path = next((r[2] for r in conn.execute("PRAGMA database_list") if r[1] == "main"), "")
        which = ", ".join(built)
        warnings.warn(GeokgWarning(
            f"store is read-only and lacks the query summar{'ies' if len(built) > 1 else 'y'} {which}"
            f" (missing or out of date): computing {'them' if len(built) > 1 else 'it'} in memory for this"
            f" session only (a geokg query or ingest with write access to {path} stores"
            f" {'them' if len(built) > 1 else 'it'})"), stacklevel=3)


def _month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def month_split(since: date | None, until: date | None) -> tuple[tuple[str | None, str | None] | None,
                                                                list[tuple[date, date]]]:
    """A period as (whole months, partial months).

    Returns ``((first_month, last_month) or None when no whole month, [(day_from, day_to), ...])``;
    an open bound is ``None`` (whole months without limit on that side).

    >>> month_split(date(2023, 7, 20), date(2023, 10, 31))
    (('2023-08', '2023-10'), [(datetime.date(2023, 7, 1), datetime.date(2023, 7, 31))])
    >>> month_split(date(2023, 7, 5), date(2023, 7, 9))
    (None, [(datetime.date(2023, 7, 1), datetime.date(2023, 7, 31))])
    >>> month_split(None, None)
    ((None, None), [])
    """
    edges: list[tuple[date, date]] = []
    first = last = None
    if since is not None:
        first_m = since.replace(day=1)
        if since.day != 1:
            edges.append((first_m, _month_end(first_m)))
            first_m = _month_end(first_m) + timedelta(days=1)
        first = first_m
    if until is not None:
        last_m = until.replace(day=1)
        if until != _month_end(until):
            if not edges or edges[0][0] != last_m:
                edges.append((last_m, _month_end(last_m)))
            last_m = last_m - timedelta(days=1)
            last_m = last_m.replace(day=1)
        last = last_m
    if first is not None and last is not None and first > last:
        return None, edges
    return ((first.isoformat()[:7] if first else None), (last.isoformat()[:7] if last else None)), edges


@dataclass
class PeriodParts:
    """A period cut along the summaries' buckets (see :func:`period_parts`)."""

    years: tuple[str | None, str | None] | None = None   # whole years, an open end as None
    months: list[tuple[str, str]] = field(default_factory=list)  # whole months 'YYYY-MM'..'YYYY-MM'
    year_precision: list[str] = field(default_factory=list)       # partly covered years: their year-precision events
    edges: list[tuple[date, date]] = field(default_factory=list)  # partial months
    days: list[tuple[str, str]] = field(default_factory=list)     # days of the period in partial months
    undated: bool = False
    all_time: bool = False

    def bucket_terms(self) -> list[tuple[str, list[str]]]:
        """``(sql, params)`` per bucket range of the period: each one index range scan."""
        if self.all_time:
            return [("bucket = 't'", [])]
        terms: list[tuple[str, list[str]]] = []
        if self.years is not None:
            terms.append(("bucket BETWEEN ? AND ?", ["y" + (self.years[0] or ""), "y" + (self.years[1] or "9999")]))
        for m1, m2 in self.months:
            terms.append(("bucket BETWEEN ? AND ?", ["m" + m1, "m" + m2]))
        for y in self.year_precision:
            terms.append(("bucket = ?", [f"m{y}-00"]))
        for lo, _ in self.edges:          # month-precision events of a partial month overlap the period
            terms.append(("bucket = ?", [f"n{lo.isoformat()[:7]}"]))
        for d1, d2 in self.days:
            terms.append(("bucket BETWEEN ? AND ?", ["d" + d1, "d" + d2]))
        if self.undated:
            terms.append(("bucket = 'u'", []))
        return terms

    def select(self, table: str, cols: str, actor: str) -> tuple[str, list[str]]:
        """``SELECT dir, <cols> FROM table`` over the period's buckets of one actor (all directions)."""
        parts, params = [], []
        for d in ("out", "in", "self"):
            for sql, args in self.bucket_terms():
                parts.append(f"SELECT dir, {cols} FROM {table} WHERE actor = ? AND dir = ? AND {sql}")
                params += [actor, d, *args]
        return (" UNION ALL ".join(parts) if parts else f"SELECT dir, {cols} FROM {table} WHERE 0"), params


def period_parts(since: date | None, until: date | None) -> PeriodParts:
    """Cut a period into whole years, whole months and the days of partial months (overlap semantics).

    >>> p = period_parts(date(2022, 7, 20), date(2024, 2, 29))
    >>> p.years, p.months, p.year_precision, p.edges
    (('2023', '2023'), [('2022-08', '2022-12'), ('2024-01', '2024-02')], ['2022', '2024'], [(datetime.date(2022, 7, 1), datetime.date(2022, 7, 31))])
    >>> period_parts(None, None).undated, period_parts(None, date(2020, 12, 31)).years
    (True, (None, '2020'))
    """
    if since is None and until is None:
        return PeriodParts(years=(None, None), undated=True, all_time=True)
    parts = PeriodParts()
    fy = None if since is None else (since.year if (since.month, since.day) == (1, 1) else since.year + 1)
    ly = None if until is None else (until.year if (until.month, until.day) == (12, 31) else until.year - 1)
    if fy is None or ly is None or fy <= ly:
        parts.years = (None if fy is None else f"{fy:04d}", None if ly is None else f"{ly:04d}")
    partial: list[tuple[date, date]] = []
    if since is not None and (since.month, since.day) != (1, 1):
        end = date(since.year, 12, 31)
        partial.append((since, until if until is not None and until < end else end))
    if until is not None and (until.month, until.day) != (12, 31):
        start = date(until.year, 1, 1)
        a = since if since is not None and since > start else start
        if not partial or partial[0][0].year != until.year:
            partial.append((a, until))
    for a, b in partial:
        parts.year_precision.append(f"{a.year:04d}")
        whole, edges = month_split(a, b)
        if whole is not None:
            parts.months.append((whole[0], whole[1]))
        parts.edges += edges
        for lo, hi in edges:
            parts.days.append((max(lo, a).isoformat(), min(hi, b).isoformat()))
    return parts


def prepare(store, on_step: Callable[[str, int, int], None] | None = None) -> None:
    """Build (or bring up to date) every summary of an embedded store now, e.g. right after a
    large ingest, so that the first query does not pay for it (70 to 85 s per million events on 2 cores
    when built from scratch; proportional to the new events afterwards).

    *on_step(table, i, n)* hears of each summary table before it is brought up to date (for progress).

    >>> from geokg.queries.demo import demo_store
    >>> prepare(demo_store(), on_step=lambda t, i, n: print(i, n, t))
    1 4 q_series
    2 4 q_dyad_series
    3 4 q_roots
    4 4 q_partners
    """
    ensure(store.connection)
    for i, table in enumerate(_REFRESH, 1):
        if on_step is not None:
            on_step(table, i, len(_REFRESH))
        ensure(store.connection, table)
