"""The same event filters as SQL (embedded store) and Cypher (Neo4j): period and CAMEO codes.

Both follow :class:`geokg.graph.base.EventFilter`: an event is in a period when its date, as the
day interval its precision allows, overlaps the period; undated events never match a bound.
The extra bound on ``date_start`` (a date spans at most a year) lets a date index narrow the scan.

>>> from datetime import date
>>> sql_period(date(2023, 8, 1), None)
(' AND date_end >= ? AND date_start >= ?', ['2023-08-01', '2022-07-31'])
>>> cypher_period(date(2023, 8, 1), date(2023, 8, 31))[0]
' AND e.date_end >= $since AND e.date_start >= $since_floor AND e.date_start <= $until'
>>> sql_codes(["04", "112"])
(' AND (root = ? OR cameo LIKE ?)', ['04', '112%'])
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

__all__ = ["sql_period", "cypher_period", "sql_codes", "cypher_codes"]


def sql_period(since: date | None, until: date | None, alias: str = "") -> tuple[str, list[Any]]:
    """``(" AND ...", params)`` for an events table (columns date_start, date_end as ISO text)."""
    p = f"{alias}." if alias else ""
    sql, params = "", []
    if since is not None:
        sql += f" AND {p}date_end >= ? AND {p}date_start >= ?"
        params += [since.isoformat(), (since - timedelta(days=366)).isoformat()]
    if until is not None:
        sql += f" AND {p}date_start <= ?"
        params.append(until.isoformat())
    return sql, params


def cypher_period(since: date | None, until: date | None, var: str = "e") -> tuple[str, dict[str, Any]]:
    """``(" AND ...", params)`` for an ``(:Event)`` bound to *var* (date_start/date_end as dates)."""
    sql, params = "", {}
    if since is not None:
        sql += f" AND {var}.date_end >= $since AND {var}.date_start >= $since_floor"
        params.update(since=since, since_floor=since - timedelta(days=366))
    if until is not None:
        sql += f" AND {var}.date_start <= $until"
        params["until"] = until
    return sql, params


def sql_codes(codes: list[str] | None, alias: str = "") -> tuple[str, list[Any]]:
    """``(" AND (...)", params)``: the event's code starts with one of *codes* (2-4 digit prefixes)."""
    if not codes:
        return "", []
    p = f"{alias}." if alias else ""
    ors, params = [], []
    for c in codes:
        if len(c) == 2:
            ors.append(f"{p}root = ?")
            params.append(c)
        else:
            ors.append(f"{p}cameo LIKE ?")
            params.append(c + "%")
    return " AND (" + " OR ".join(ors) + ")", params


def cypher_codes(codes: list[str] | None, var: str = "e") -> tuple[str, dict[str, Any]]:
    """The same as :func:`sql_codes` for an ``(:Event)`` bound to *var*."""
    if not codes:
        return "", {}
    ors, params = [], {}
    for i, c in enumerate(codes):
        if len(c) == 2:
            ors.append(f"{var}.root = $code{i}")
        else:
            ors.append(f"{var}.cameo STARTS WITH $code{i}")
        params[f"code{i}"] = c
    return " AND (" + " OR ".join(ors) + ")", params
