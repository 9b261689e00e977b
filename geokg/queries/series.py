"""Time series for an actor or a dyad, by day, week, month or year, ready for plotting.

A date counts in a period only if its precision places it there: day-precision events make
the daily and weekly series, day- and month-precision events the monthly one, and every dated
event the yearly one ("2023-07" is in July 2023 but on no particular day or week). Weeks are ISO
weeks, labelled by their Monday. With ``fill`` (the default) every period between the first and
the last (or ``since`` and ``until``) is present, empty ones with zero events.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field

from geokg.errors import QueryError
from geokg.queries import embedded
from geokg.queries.filters import cypher_period
from geokg.queries.params import ActorRef, Period, actor_field, partner_field
from geokg.queries.registry import query
from geokg.queries.resolve import resolve_actor
from geokg.queries.results import Rows, row_maker, tenths_mean, tenths_sum

__all__ = ["goldstein_series", "quadclass_series", "GoldsteinSeries", "QuadClassSeries"]

Freq = Literal["day", "week", "month", "year"]
#: The most periods ``fill`` lists: a few centuries of days, any span of months and years in practice.
MAX_FILLED = 100_000
_PRECISIONS = {"day": ("day",), "week": ("day",), "month": ("day", "month"), "year": ("day", "month", "year")}


class SeriesParams(Period):
    actor: ActorRef = actor_field()
    partner: ActorRef | None = partner_field(None, "second actor: the dyad actor-partner (else actor with anyone)")
    freq: Freq = Field(default="month", description="day, week, month or year")
    direction: Literal["both", "out", "in"] = Field(
        default="both", description="out: what actor does (to partner); in: what is done to actor (by partner); both")
    fill: bool = Field(default=True, description="include empty periods between the first and the last")


class GoldsteinPoint(BaseModel):
    period: str          # "2023-08-15", "2023-08-14" (a week's Monday), "2023-08", "2023"
    start: date
    events: int
    goldstein_sum: float
    goldstein_mean: float | None


class QuadClassPoint(BaseModel):
    period: str
    start: date
    events: int
    verbal_cooperation: int     # quad class 1
    material_cooperation: int   # 2
    verbal_conflict: int        # 3
    material_conflict: int      # 4


_MAKE_G = _MAKE_Q = None


def _makers():
    global _MAKE_G, _MAKE_Q
    _MAKE_G, _MAKE_Q = row_maker(GoldsteinPoint), row_maker(QuadClassPoint)
    return _MAKE_G, _MAKE_Q


class GoldsteinSeries(Rows[GoldsteinPoint]):
    """Goldstein sum and mean per period (``to_frame()`` has ``start`` as datetimes for plotting)."""


class QuadClassSeries(Rows[QuadClassPoint]):
    """Events per quad class per period."""


def _bounds(d: str) -> tuple[date, date]:
    if len(d) == 10:
        x = date.fromisoformat(d)
        return x, x
    if len(d) == 7:
        y, m = int(d[:4]), int(d[5:7])
        return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
    return date(int(d), 1, 1), date(int(d), 12, 31)


def _bucket(start: date, freq: str) -> tuple[str, date]:
    if freq == "day":
        return start.isoformat(), start
    if freq == "week":
        mon = start - timedelta(days=start.weekday())
        return mon.isoformat(), mon
    if freq == "month":
        m = start.replace(day=1)
        return m.isoformat()[:7], m
    y = date(start.year, 1, 1)
    return f"{start.year:04d}", y  # as dates write years: "0005", not "5" (a second row for the same year)


def _next(start: date, freq: str) -> date | None:
    """The start of the period after *start*'s; None at the end of the calendar (an event may be
    dated in 9999, whose last week, month or year has no successor).

    >>> _next(date(2023, 12, 31), "day"), _next(date(9999, 12, 27), "week"), _next(date(9999, 1, 1), "year")
    (datetime.date(2024, 1, 1), None, None)
    """
    try:
        if freq == "day":
            return start + timedelta(days=1)
        if freq == "week":
            return start + timedelta(days=7)
        if freq == "month":
            return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        return date(start.year + 1, 1, 1)
    except (OverflowError, ValueError):
        return None


def _points(p: SeriesParams, cells: list[tuple], periods: bool = False) -> list[tuple]:
    """cells: (date string at its precision, n, g10, q1, q2, q3, q4) -> sorted (label, start, n, g10, q1..q4).

    Dates are compared as text (ISO dates sort as text; a month or a year is compared on its own
    length), so that thousands of cells cost a few milliseconds. With *periods*, the cells are
    already one per period of ``p.freq`` (labelled by the period, filtered by the database).
    """
    keep = {10: "day", 7: "month", 4: "year"}
    allowed = {n for n, prec in keep.items() if prec in _PRECISIONS[p.freq]}
    lo = p.since.isoformat() if p.since else None
    hi = p.until.isoformat() if p.until else None
    freq = p.freq
    acc: dict[str, list] = {}
    weeks: dict[str, str] = {}
    for d, n, g10, q1, q2, q3, q4 in cells:
        k = len(d)
        if periods:
            label = d
        elif k not in allowed or (lo is not None and d < lo[:k]) or (hi is not None and d > hi[:k]):
            continue
        elif freq == "day":
            label = d
        elif freq == "month":
            label = d[:7]
        elif freq == "year":
            label = d[:4]
        else:
            label = weeks.get(d)
            if label is None:
                x = date.fromisoformat(d)
                label = weeks[d] = (x - timedelta(days=x.weekday())).isoformat()
        a = acc.get(label)
        if a is None:
            a = acc[label] = [label, None, 0, 0.0, 0, 0, 0, 0]
        a[2] += n
        a[3] += g10
        a[4] += q1
        a[5] += q2
        a[6] += q3
        a[7] += q4
    for a in acc.values():
        a[1] = _bounds(a[0])[0]
        a[3] = int(round(a[3]))
    if p.fill and (acc or (p.since and p.until)):
        first = _bucket(p.since, freq)[1] if p.since else min(v[1] for v in acc.values())
        last = _bucket(p.until, freq)[1] if p.until else max(v[1] for v in acc.values())
        days = (last - first).days
        periods = {"day": days + 1, "week": days // 7 + 1, "month": days // 28 + 1, "year": days // 365 + 1}[freq]
        if periods > MAX_FILLED:
            # one event in year 1 and one in 9999 would make 3.65 million empty days
            raise QueryError(f"fill would list {periods:,} {freq}s from {first} to {last} (at most {MAX_FILLED:,}); "
                             "give since and until, a coarser freq, or fill=false")
        cur: date | None = first
        while cur is not None and cur <= last:
            label = cur.isoformat() if freq in ("day", "week") else _bucket(cur, freq)[0]
            if label not in acc:
                acc[label] = [label, cur, 0, 0, 0, 0, 0, 0]
            cur = _next(cur, freq)
    return sorted(acc.values(), key=lambda v: v[1])


def _series(store: Any, p: SeriesParams) -> tuple[str, str | None, list[tuple]]:
    """(a, b, sorted points) for either store."""
    from geokg.queries.registry import store_kind

    a = resolve_actor(store, p.actor)
    b = resolve_actor(store, p.partner) if p.partner else None
    if store_kind(store) == "sqlite":
        return a, b, _points(p, _cells_sql(store, p, a, b), periods=True)
    return a, b, _points(p, _cells_cypher(store, p, a, b))


# The period of a date (day, month or year string) for each frequency, in SQLite; a week is
# labelled by its Monday.
_LABEL_SQL = {"day": "date", "month": "substr(date, 1, 7)", "year": "substr(date, 1, 4)",
              "week": "date(date, '-' || ((CAST(strftime('%w', date) AS INTEGER) + 6) % 7) || ' days')"}
_LENGTHS = {"day": "(10)", "week": "(10)", "month": "(10, 7)", "year": "(10, 7, 4)"}


def _date_filter(p: SeriesParams) -> tuple[str, list[str]]:
    """The precision and period rule of the module docstring, on a ``date`` column of strings."""
    # Coarser dates sort first as text ("2023" < "2023-07" < "2023-07-15"), so the range is one
    # index scan; a date is then compared with the bounds cut to its own length (overlap).
    sql, args = f" AND length(date) IN {_LENGTHS[p.freq]}", []
    if p.since is not None:
        s = p.since.isoformat()
        sql += " AND date >= ? AND date >= substr(?, 1, length(date))"
        args += [s[:4], s]
    if p.until is not None:
        u = p.until.isoformat()
        sql += " AND date <= ? AND date <= substr(?, 1, length(date))"
        args += [u, u]
    return sql, args


def _cells_sql(store: Any, p: SeriesParams, a: str, b: str | None) -> list[tuple]:
    """One row per period, added up by SQLite from the summaries (thousands of dates, in C)."""
    conn = store.connection
    flt, fargs = _date_filter(p)
    label = _LABEL_SQL[p.freq]
    agg = f"SELECT {label} AS d, sum(n), sum(g10), sum(q1), sum(q2), sum(q3), sum(q4) FROM "
    if b is None:
        embedded.ensure(conn, "q_series")
        dirs = {"out": ("out", "self"), "in": ("in", "self"), "both": ("all",)}[p.direction]
        return conn.execute(f"{agg} q_series WHERE actor = ? AND dir IN ({','.join('?' * len(dirs))}){flt}"
                            " GROUP BY d", [a, *dirs, *fargs]).fetchall()
    embedded.ensure(conn, "q_dyad_series")
    pairs = {"out": [(a, b)], "in": [(b, a)], "both": [(a, b)] if a == b else [(a, b), (b, a)]}[p.direction]
    union = " UNION ALL ".join(f"SELECT date, n, g10, q1, q2, q3, q4 FROM q_dyad_series"
                               f" WHERE source = ? AND target = ?{flt}" for _ in pairs)
    args = [x for s, t in pairs for x in (s, t, *fargs)]
    return conn.execute(f"{agg} ({union}) GROUP BY d", args).fetchall()


_AGG = ("e.date AS date, count(*) AS n, sum(round(e.goldstein * 10)) AS g10,"
        " sum(CASE WHEN e.quad_class = 1 THEN 1 ELSE 0 END) AS q1, sum(CASE WHEN e.quad_class = 2 THEN 1 ELSE 0 END) AS q2,"
        " sum(CASE WHEN e.quad_class = 3 THEN 1 ELSE 0 END) AS q3, sum(CASE WHEN e.quad_class = 4 THEN 1 ELSE 0 END) AS q4")


def _cells_cypher(store: Any, p: SeriesParams, a: str, b: str | None) -> list[tuple]:
    pw, params = cypher_period(p.since, p.until)
    pw += " AND e.date IS NOT NULL"
    if b is None:
        branches = {
            "out": [f"MATCH (e:Event) WHERE e.source = $a{pw} RETURN {_AGG}"],
            "in": [f"MATCH (e:Event) WHERE e.target = $a{pw} RETURN {_AGG}"],
            "both": [f"MATCH (e:Event) WHERE e.source = $a{pw} RETURN {_AGG}",
                     f"MATCH (e:Event) WHERE e.target = $a AND (e.source IS NULL OR e.source <> $a){pw} RETURN {_AGG}"],
        }[p.direction]
    else:
        one = "MATCH (e:Event) WHERE e.source = ${} AND e.target = ${}" + pw + " RETURN " + _AGG
        branches = {"out": [one.format("a", "b")], "in": [one.format("b", "a")],
                    "both": [one.format("a", "b")] if a == b else [one.format("a", "b"), one.format("b", "a")]}[p.direction]
    rows = store.read(" UNION ALL ".join(branches), a=a, b=b, **params)
    return [(r["date"], r["n"], r["g10"], r["q1"], r["q2"], r["q3"], r["q4"]) for r in rows]


def _params(p: SeriesParams, a: str, b: str | None) -> dict:
    return {**p.model_dump(mode="json"), "actor": a, "partner": b}


@query("goldstein_series", SeriesParams)
def goldstein_series(store: Any, p: SeriesParams) -> GoldsteinSeries:
    """Goldstein sum and mean per day, week, month or year, for an actor or a dyad.

    Parameters
    ----------
    actor : an actor (id, name or alias); partner : a second actor, for the dyad (both directions
    unless ``direction`` says otherwise); freq : day, week, month (default) or year; since, until;
    fill : include empty periods (events 0, mean None)

    Examples
    --------
    >>> from geokg.queries.demo import demo_store
    >>> s = goldstein_series(demo_store(), actor="PRK", partner="RUS", freq="month")
    >>> [(r.period, r.events, r.goldstein_sum, r.goldstein_mean) for r in s.rows]
    [('2023-07', 1, 1.9, 1.9), ('2023-08', 3, 16.3, 5.4333)]
    >>> s.to_frame()["start"].dt.month.tolist()
    [7, 8]
    """
    a, b, points = _series(store, p)
    make = _MAKE_G or _makers()[0]   # trusted values built here: no per-row validation (thousands of rows)
    rows = [make(v[0], v[1], v[2], tenths_sum(v[3]), tenths_mean(v[3], v[2])) for v in points]
    return GoldsteinSeries(query="goldstein_series", params=_params(p, a, b), rows=rows)


@query("quadclass_series", SeriesParams)
def quadclass_series(store: Any, p: SeriesParams) -> QuadClassSeries:
    """Events per quad class (verbal/material cooperation/conflict) per period, for an actor or a dyad.

    Same parameters and period rules as ``goldstein_series``.

    Examples
    --------
    >>> from geokg.queries.demo import demo_store
    >>> s = quadclass_series(demo_store(), actor="USA", freq="year", direction="out")
    >>> [(r.period, r.events, r.verbal_cooperation, r.verbal_conflict) for r in s.rows]
    [('2023', 2, 1, 1)]
    """
    a, b, points = _series(store, p)
    make = _MAKE_Q or _makers()[1]
    rows = [make(v[0], v[1], v[2], v[4], v[5], v[6], v[7]) for v in points]
    return QuadClassSeries(query="quadclass_series", params=_params(p, a, b), rows=rows)
