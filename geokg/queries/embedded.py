"""Indexes and summary tables that the prepared queries add to the embedded store, on first use.

The store's own schema (:mod:`geokg.graph.sqlite_store`) serves ingest and the store interface;
the queries need a few more read paths to answer in milliseconds on millions of events. They
are created here, by the queries, with ``IF NOT EXISTS`` on the first query that needs them, so
that a store that is never queried pays nothing for them.

Indexes
    ``q_events_source_date(source, date_start)`` and ``q_events_target_date(target, date_start)``:
    one actor's events in a date range (the partial months at the edges of a profile's period).

Summary tables (``q_*``), derived from ``events`` and kept current lazily
    An event's actors, code, Goldstein score, quad class and date never change once stored (new
    mentions change only its counts and factuality), so the summaries are append-only: each
    records the highest ``events.rowid`` it has counted (``q_meta``), and a query first adds the
    events stored since (one ``max(rowid)`` lookup when nothing is new). ``dir`` is ``out`` (the
    actor is the source), ``in`` (the target) or ``self`` (both); a ``bucket`` is the month
    (``YYYY-MM``) of a day- or month-precision date, the year (``YYYY``) of a year-precision
    date, or ``''`` for undated events. Goldstein sums are kept in tenths (integers), so that
    sums do not depend on the order of addition and every store gives the same figures.

    ``q_series(actor, dir, date, n, g10, q1..q4)``: per actor, direction and date (at its precision).
    ``q_dyad_series(source, target, date, n, g10, q1..q4)``: per directed dyad and date.
    ``q_roots(actor, dir, bucket, root, quad_class, n, g10)``: per actor, month, CAMEO root and quad class.
    ``q_partners(actor, dir, bucket, partner, n, g10, coop, conf)``: per actor, month and partner
    (``''`` when the event has no other side).

>>> from geokg.queries.demo import demo_store
>>> s = demo_store()
>>> ensure(s.connection)
>>> s.connection.execute("SELECT actor, dir, date, n, g10 FROM q_series WHERE actor = 'RUS' ORDER BY dir, date").fetchall()
[('RUS', 'in', '2023-08-15', 2, 123.0), ('RUS', 'out', '2023-07', 1, 19.0), ('RUS', 'out', '2023-08-15', 2, 20.0)]
"""

from __future__ import annotations

import calendar
import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta

__all__ = ["ensure", "SUMMARY_VERSION", "month_split", "period_parts", "PeriodParts"]

#: Bump when a summary's definition changes: older summaries are rebuilt.
SUMMARY_VERSION = 1

_DDL = """
CREATE INDEX IF NOT EXISTS q_events_source_date ON events(source, date_start);
CREATE INDEX IF NOT EXISTS q_events_target_date ON events(target, date_start);
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
    PRIMARY KEY (actor, dir, bucket, partner)) WITHOUT ROWID
"""

# Each event once per actor it involves: (actor, dir, partner, the event's columns).
_SIDES = """
SELECT source AS actor, CASE WHEN target = source THEN 'self' ELSE 'out' END AS dir, coalesce(target, '') AS partner,
       date, date_precision, root, quad_class, goldstein FROM events WHERE source IS NOT NULL AND rowid > :w
UNION ALL
SELECT target, 'in', coalesce(source, ''), date, date_precision, root, quad_class, goldstein FROM events
 WHERE target IS NOT NULL AND (source IS NULL OR source != target) AND rowid > :w
"""
# Month level: "m2023-08" (day and month precision), "m2023-00" (year precision), "u" (undated);
# year level: "y2023" (every dated event of the year). Distinct prefixes keep each level one range.
_BUCKET_MONTH = ("CASE WHEN date IS NULL THEN 'u' WHEN date_precision = 'year' THEN 'm' || date || '-00'"
                 " ELSE 'm' || substr(date, 1, 7) END")
_BUCKET_YEAR = "'y' || substr(date, 1, 4)"
_QUADS = ("sum(quad_class = 1), sum(quad_class = 2), sum(quad_class = 3), sum(quad_class = 4)")
_ADD_QUADS = ("q1 = q1 + excluded.q1, q2 = q2 + excluded.q2, q3 = q3 + excluded.q3, q4 = q4 + excluded.q4")

_REFRESH = {
    "q_series": f"""
INSERT INTO q_series (actor, dir, date, n, g10, q1, q2, q3, q4)
SELECT * FROM (SELECT actor, dir, coalesce(date, ''), count(*), sum(round(goldstein * 10)), {_QUADS}
               FROM ({_SIDES}) GROUP BY 1, 2, 3) WHERE true
ON CONFLICT (actor, dir, date) DO UPDATE SET n = n + excluded.n, g10 = g10 + excluded.g10, {_ADD_QUADS}
""",
    "q_dyad_series": f"""
INSERT INTO q_dyad_series (source, target, date, n, g10, q1, q2, q3, q4)
SELECT * FROM (SELECT source, target, coalesce(date, ''), count(*), sum(round(goldstein * 10)), {_QUADS}
               FROM events WHERE source IS NOT NULL AND target IS NOT NULL AND rowid > :w GROUP BY 1, 2, 3) WHERE true
ON CONFLICT (source, target, date) DO UPDATE SET n = n + excluded.n, g10 = g10 + excluded.g10, {_ADD_QUADS}
""",
    "q_roots": "".join(f"""
INSERT INTO q_roots (actor, dir, bucket, root, quad_class, n, g10)
SELECT * FROM (SELECT actor, dir, {b}, root, quad_class, count(*), sum(round(goldstein * 10))
               FROM ({_SIDES}) WHERE {w} GROUP BY 1, 2, 3, 4, 5) WHERE true
ON CONFLICT (actor, dir, bucket, root, quad_class) DO UPDATE SET n = n + excluded.n, g10 = g10 + excluded.g10;
""" for b, w in ((_BUCKET_MONTH, "true"), (_BUCKET_YEAR, "date IS NOT NULL"))),
    "q_partners": "".join(f"""
INSERT INTO q_partners (actor, dir, bucket, partner, n, g10, coop, conf)
SELECT * FROM (SELECT actor, dir, {b}, partner, count(*), sum(round(goldstein * 10)),
                      sum(quad_class <= 2), sum(quad_class >= 3)
               FROM ({_SIDES}) WHERE {w} GROUP BY 1, 2, 3, 4) WHERE true
ON CONFLICT (actor, dir, bucket, partner) DO UPDATE SET n = n + excluded.n, g10 = g10 + excluded.g10,
    coop = coop + excluded.coop, conf = conf + excluded.conf;
""" for b, w in ((_BUCKET_MONTH, "true"), (_BUCKET_YEAR, "date IS NOT NULL"))),
}


def ensure(conn: sqlite3.Connection, *tables: str) -> None:
    """Create the indexes and summaries if missing, and bring *tables* (default: all) up to date."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'q_partners'").fetchone() is None:
        own = not conn.in_transaction
        if own:
            conn.execute("BEGIN IMMEDIATE")
        for stmt in _DDL.split(";"):
            if stmt.strip():
                conn.execute(stmt)
        if own:
            conn.execute("COMMIT")
    names = tables or tuple(_REFRESH)
    top = conn.execute("SELECT max(rowid) FROM events").fetchone()[0] or 0
    marks = dict((r[0], (r[1], r[2])) for r in conn.execute("SELECT name, watermark, version FROM q_meta"))
    stale = [t for t in names if marks.get(t, (-1, 0))[1] != SUMMARY_VERSION or marks[t][0] != top]
    if not stale:
        return
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    try:
        marks = dict((r[0], (r[1], r[2])) for r in conn.execute("SELECT name, watermark, version FROM q_meta"))
        top = conn.execute("SELECT max(rowid) FROM events").fetchone()[0] or 0
        for t in stale:
            w, v = marks.get(t, (0, SUMMARY_VERSION))
            if v != SUMMARY_VERSION or w > top:   # a new definition, or events went away: start again
                conn.execute(f"DELETE FROM {t}")
                w = 0
            if w < top:
                for stmt in _REFRESH[t].split(";"):
                    if stmt.strip():
                        conn.execute(stmt, {"w": w})
            conn.execute("INSERT INTO q_meta (name, watermark, version) VALUES (?, ?, ?) ON CONFLICT(name)"
                         " DO UPDATE SET watermark = excluded.watermark, version = excluded.version",
                         (t, top, SUMMARY_VERSION))
        if own:
            conn.execute("COMMIT")
    except BaseException:
        if own and conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def month_split(since: date | None, until: date | None) -> tuple[tuple[str | None, str | None] | None,
                                                                list[tuple[date, date]]]:
    """A period as (whole months from the summaries, partial months to read from the events).

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
    edges: list[tuple[date, date]] = field(default_factory=list)  # partial months, read from the events
    undated: bool = False

    def bucket_where(self) -> tuple[str, list[str]]:
        """``(sql, params)`` selecting the summary buckets of the period (OR of tight ranges)."""
        ors: list[str] = []
        params: list[str] = []
        if self.years is not None:
            ors.append("bucket BETWEEN ? AND ?")
            params += ["y" + (self.years[0] or ""), "y" + (self.years[1] or "9999")]
        for m1, m2 in self.months:
            ors.append("bucket BETWEEN ? AND ?")
            params += ["m" + m1, "m" + m2]
        for y in self.year_precision:
            ors.append("bucket = ?")
            params.append(f"m{y}-00")
        if self.undated:
            ors.append("bucket = 'u'")
        return ("(" + " OR ".join(ors) + ")") if ors else "0", params


def period_parts(since: date | None, until: date | None) -> PeriodParts:
    """Cut a period into whole years, whole months and partial months (overlap semantics).

    >>> p = period_parts(date(2022, 7, 20), date(2024, 2, 29))
    >>> p.years, p.months, p.year_precision, p.edges
    (('2023', '2023'), [('2022-08', '2022-12'), ('2024-01', '2024-02')], ['2022', '2024'], [(datetime.date(2022, 7, 1), datetime.date(2022, 7, 31))])
    >>> period_parts(None, None).undated, period_parts(None, date(2020, 12, 31)).years
    (True, (None, '2020'))
    """
    if since is None and until is None:
        return PeriodParts(years=(None, None), undated=True)
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
    return parts
