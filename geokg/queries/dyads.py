"""Questions about pairs of actors: what they did to each other, and which pairs are new."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from geokg.queries.evidence import codebook_name, evidence_for
from geokg.queries.filters import cypher_codes, cypher_period, sql_codes, sql_period
from geokg.queries.params import ActorRef, CodeList, Period, actor_field, partner_field
from geokg.queries.registry import query
from geokg.queries.resolve import actor_names, actor_sectors, resolve_actor
from geokg.queries.results import EvidenceRow, Rows, tenths_mean
from geokg.schema.models import MAX_INT

__all__ = ["dyad_timeline", "new_relations", "TimelineRow", "Timeline", "NewRelation", "NewRelations"]


# -- dyad_timeline ------------------------------------------------------------------------------------

class TimelineParams(Period):
    actor: ActorRef = actor_field(description="one actor of the dyad: id, name or alias (any language)")
    partner: ActorRef = partner_field()
    codes: CodeList = None
    limit: int | None = Field(default=200, ge=1, description="events to return (None: all)")
    offset: int = Field(default=0, ge=0, description="events to skip (paging)")
    evidence: int = Field(default=3, ge=0, description="mentions shown per event")


class TimelineRow(BaseModel):
    """One event of the dyad, with how many reports it has and the first few of them."""

    id: str
    date: str | None
    date_precision: str | None
    source: str | None
    target: str | None
    cameo: str
    event: str            # the CAMEO code's name
    plover: str
    quad_class: int
    goldstein: float
    factuality: str
    mention_count: int
    source_count: int
    evidence: list[EvidenceRow] = Field(default_factory=list)


class Timeline(Rows[TimelineRow]):
    """Events between two actors, in date order (undated last); ``total`` counts them all."""

    total: int = 0
    names: dict[str, str] = Field(default_factory=dict)
    sectors: dict[str, str | None] = Field(default_factory=dict)   # the two actors' CAMEO sector codes


_T_COLS = ("id, date, date_precision, source, target, cameo, plover, quad_class, goldstein, factuality,"
           " mention_count, source_count, date_start, date_end")


def _timeline_rows(store: Any, p: TimelineParams, raw: list[tuple]) -> list[TimelineRow]:
    ev = evidence_for(store, [r[0] for r in raw], p.evidence)
    rows = [TimelineRow(id=r[0], date=r[1], date_precision=r[2], source=r[3], target=r[4], cameo=r[5],
                        event=codebook_name(r[5]), plover=r[6], quad_class=r[7], goldstein=r[8], factuality=r[9],
                        mention_count=r[10], source_count=r[11], evidence=ev.get(r[0], [])) for r in raw]
    return rows


def _order(r: tuple) -> tuple:
    return (r[12] is None, r[12] or "", r[13] or "", r[0])


@query("dyad_timeline", TimelineParams, kinds=("sqlite",))
def dyad_timeline(store: Any, p: TimelineParams) -> Timeline:
    """Events between two actors, both directions, in date order, with mention counts and evidence.

    Parameters
    ----------
    actor, partner : actor ids, names or aliases (``"PRK"``, ``"Russia"``, ``"Korut"``); ``a`` and ``b`` still work
    since, until : the period (an event is in it if its date, at its precision, overlaps it)
    codes : CAMEO code prefixes to keep (``["04", "112"]``; the CLI takes ``--codes 04,112``)
    limit, offset : a page of the time line (``total`` counts every matching event)
    evidence : how many reports (mentions) to show per event, earliest article first

    Returns
    -------
    Timeline
        Rows of :class:`TimelineRow`; undated events come last.

    Examples
    --------
    >>> from geokg.queries.demo import demo_store
    >>> t = demo_store().query("dyad_timeline", actor="North Korea", partner="Moskow")
    >>> [(r.date, r.source, r.target, r.cameo, r.mention_count) for r in t.rows]
    [('2023-07', 'RUS', 'PRK', '042', 1), ('2023-08-15', 'PRK', 'RUS', '072', 2), ('2023-08-15', 'RUS', 'PRK', '036', 1), ('2023-08-15', 'PRK', 'RUS', '036', 2)]
    >>> t.rows[0].evidence[0].text
    "Last month Russia's defence minister and Kim Jong Un visited a military parade in Pyongyang."
    """
    a, b = resolve_actor(store, p.actor), resolve_actor(store, p.partner)
    conn = store.connection
    pw, pp = sql_period(p.since, p.until)
    cw, cp = sql_codes(p.codes)
    dirs = [(a, b)] if a == b else [(a, b), (b, a)]
    total = 0
    for s, t in dirs:
        total += conn.execute(f"SELECT count(*) FROM events WHERE source = ? AND target = ?{pw}{cw}",
                              [s, t, *pp, *cp]).fetchone()[0]
    # a page past every event: offset + limit may pass the 64-bit integers SQLite takes
    need = None if p.limit is None else min(p.offset + p.limit, MAX_INT)
    raw: list[tuple] = []
    for s, t in dirs:
        # Dated events in the order of the (source, target, date_start) index: the first `need`
        # rows, plus the rest of the last day so that ties are broken the same way as without paging.
        base = f"SELECT {_T_COLS} FROM events WHERE source = ? AND target = ? AND date_start IS NOT NULL{pw}{cw}"
        args = [s, t, *pp, *cp]
        if need is None:
            raw += conn.execute(base, args).fetchall()
            continue
        got = conn.execute(base + " ORDER BY date_start LIMIT ?", [*args, need]).fetchall()
        if len(got) == need:
            seen = {r[0] for r in got}
            got += [r for r in conn.execute(base + " AND date_start = ?", [*args, got[-1][12]]) if r[0] not in seen]
        raw += got
    raw.sort(key=_order)
    if (need is None or len(raw) < need) and p.since is None and p.until is None:
        undated = []
        for s, t in dirs:
            undated += conn.execute(f"SELECT {_T_COLS} FROM events WHERE source = ? AND target = ?"
                                    f" AND date_start IS NULL{cw}", [s, t, *cp]).fetchall()
        raw += sorted(undated, key=_order)
    raw = raw[p.offset:] if need is None else raw[p.offset:need]
    return Timeline(query="dyad_timeline", params={**p.model_dump(mode="json"), "actor": a, "partner": b},
                    rows=_timeline_rows(store, p, raw), total=total, names=actor_names(store, [a, b]),
                    sectors=actor_sectors(store, [a, b]))


@dyad_timeline.implementation("neo4j")
def _dyad_timeline_cypher(store: Any, p: TimelineParams) -> Timeline:
    a, b = resolve_actor(store, p.actor), resolve_actor(store, p.partner)
    pw, params = cypher_period(p.since, p.until)
    cw, cparams = cypher_codes(p.codes)
    params.update(cparams, a=a, b=b)
    branch = "MATCH (e:Event) WHERE e.source = ${} AND e.target = ${}" + pw + cw + " RETURN e"
    union = branch.format("a", "b") if a == b else \
        branch.format("a", "b") + " UNION ALL " + branch.format("b", "a")
    total = store.read(f"CALL {{ {union} }} RETURN count(e) AS n", **params)[0]["n"]
    page = " SKIP $offset" + (" LIMIT $limit" if p.limit is not None else "")
    params.update(offset=p.offset, limit=p.limit)
    rows = store.read(
        f"CALL {{ {union} }} WITH e ORDER BY e.date_start, e.date_end, e.id{page}"
        " RETURN e.id AS id, e.date AS date, e.date_precision AS date_precision, e.source AS source,"
        " e.target AS target, e.cameo AS cameo, e.plover AS plover, e.quad_class AS quad_class,"
        " e.goldstein AS goldstein, e.factuality AS factuality, e.mention_count AS mention_count,"
        " e.source_count AS source_count, toString(e.date_start) AS ds, toString(e.date_end) AS de", **params)
    raw = [(r["id"], r["date"], r["date_precision"], r["source"], r["target"], r["cameo"], r["plover"],
            r["quad_class"], r["goldstein"], r["factuality"], r["mention_count"], r["source_count"], r["ds"], r["de"])
           for r in rows]
    raw.sort(key=_order)   # the server's order, restated so that both stores break ties alike
    return Timeline(query="dyad_timeline", params={**p.model_dump(mode="json"), "actor": a, "partner": b},
                    rows=_timeline_rows(store, p, raw), total=total, names=actor_names(store, [a, b]),
                    sectors=actor_sectors(store, [a, b]))


# -- new_relations ------------------------------------------------------------------------------------

class NewRelationsParams(Period):
    actor: ActorRef | None = actor_field(None, "only relations of this actor")
    limit: int | None = Field(default=100, ge=1, description="relations to return (None: all)")


class NewRelation(BaseModel):
    """A pair of actors whose first dated interaction (either direction) falls in the period."""

    a: str
    b: str
    a_name: str
    b_name: str
    first_date: date
    events: int              # all their events, both directions, at any date
    goldstein_mean: float | None
    first_events: list[str] = Field(default_factory=list)   # "SRC->TGT CAMEO" on the first day


class NewRelations(Rows[NewRelation]):
    """New relations in first-date order; ``total`` counts them all."""

    total: int = 0


@query("new_relations", NewRelationsParams, kinds=("sqlite",))
def new_relations(store: Any, p: NewRelationsParams) -> NewRelations:
    """Pairs of actors that first interact in the period (their earliest dated event, either way).

    Uses the dyad summary (``dyads`` table, ``INTERACTS`` relationships): the first day of a pair
    is the least ``date_start`` of its dated events, so ``"2023-07"`` counts from 2023-07-01.
    Rows are ordered by first date, then by the pair's ids; a pair is written ``a < b``.

    Examples
    --------
    >>> from geokg.queries.demo import demo_store
    >>> r = demo_store().query("new_relations", since="2023-08-01", until="2023-08-31")
    >>> [(x.a, x.b, x.first_date.isoformat(), x.events) for x in r.rows]
    [('CHN', 'USA', '2023-08-15', 1), ('PRK', 'USA', '2023-08-15', 3), ('RUS', 'USA', '2023-08-15', 1), ('UNSC', 'USA', '2023-08-15', 1)]
    """
    actor = resolve_actor(store, p.actor) if p.actor else None
    where, args = "", []
    if actor is not None:
        where = " AND (source = ? OR target = ?)"
        args = [actor, actor]
    having, hargs = [], []
    if p.since is not None:
        having.append("fd >= ?")
        hargs.append(p.since.isoformat())
    if p.until is not None:
        having.append("fd <= ?")
        hargs.append(p.until.isoformat())
    rows = store.connection.execute(
        "SELECT min(source, target) AS a, max(source, target) AS b, min(first_date) AS fd, sum(count),"
        f" sum(round(goldstein_sum * 10)) FROM dyads WHERE source != target{where} GROUP BY 1, 2"
        + (" HAVING fd IS NOT NULL" + "".join(" AND " + h for h in having)) + " ORDER BY fd, a, b",
        [*args, *hargs]).fetchall()
    found = [(r[0], r[1], r[2], r[3], r[4]) for r in rows]
    total = len(found)
    if p.limit is not None:
        found = found[:p.limit]
    firsts: dict[tuple[str, str], list[str]] = {}
    for a, b, fd, _, _ in found:
        firsts[(a, b)] = sorted(
            f"{r[0]}->{r[1]} {r[2]}" for r in store.connection.execute(
                "SELECT source, target, cameo FROM events WHERE ((source = ? AND target = ?) OR (source = ? AND target = ?))"
                " AND date_start = ?", (a, b, b, a, fd)))
    return _new_relations(store, p, actor, found, firsts, total)


def _new_relations(store: Any, p: NewRelationsParams, actor: str | None, found: list[tuple],
                   firsts: dict[tuple[str, str], list[str]], total: int) -> NewRelations:
    names = actor_names(store, {x for r in found for x in r[:2]})
    rows = [NewRelation(a=a, b=b, a_name=names[a], b_name=names[b], first_date=date.fromisoformat(str(fd)[:10]),
                        events=int(n), goldstein_mean=tenths_mean(g10, int(n)), first_events=firsts.get((a, b), []))
            for a, b, fd, n, g10 in found]
    return NewRelations(query="new_relations", params={**p.model_dump(mode="json"), "actor": actor}, rows=rows,
                        total=total)


@new_relations.implementation("neo4j")
def _new_relations_cypher(store: Any, p: NewRelationsParams) -> NewRelations:
    actor = resolve_actor(store, p.actor) if p.actor else None
    params: dict[str, Any] = {}
    where = "s.id <> t.id"
    if actor is not None:
        where += " AND (s.id = $actor OR t.id = $actor)"
        params["actor"] = actor
    cond = ["fd IS NOT NULL"]
    if p.since is not None:
        cond.append("fd >= $since")
        params["since"] = p.since
    if p.until is not None:
        cond.append("fd <= $until")
        params["until"] = p.until
    rows = store.read(
        f"MATCH (s:Actor)-[i:INTERACTS]->(t:Actor) WHERE {where}"
        " WITH CASE WHEN s.id < t.id THEN s.id ELSE t.id END AS a, CASE WHEN s.id < t.id THEN t.id ELSE s.id END AS b, i"
        " WITH a, b, min(i.first_date) AS fd, sum(i.count) AS n, sum(round(i.goldstein_sum * 10)) AS g10"
        f" WHERE {' AND '.join(cond)} RETURN a, b, toString(fd) AS fd, n, g10", **params)
    found = sorted(((r["a"], r["b"], r["fd"], r["n"], r["g10"]) for r in rows), key=lambda r: (r[2], r[0], r[1]))
    total = len(found)
    if p.limit is not None:
        found = found[:p.limit]
    firsts: dict[tuple[str, str], list[str]] = {(a, b): [] for a, b, *_ in found}
    if found:
        for r in store.read(
                "UNWIND $pairs AS p MATCH (e:Event) WHERE e.source = p[0] AND e.target = p[1]"
                " AND e.date_start = date(p[2]) RETURN e.source AS s, e.target AS t, e.cameo AS cameo",
                pairs=[x for a, b, fd, *_ in found for x in ([a, b, fd], [b, a, fd])]):
            r["a"], r["b"] = min(r["s"], r["t"]), max(r["s"], r["t"])
            firsts[(r["a"], r["b"])].append(f"{r['s']}->{r['t']} {r['cameo']}")
        firsts = {k: sorted(v) for k, v in firsts.items()}
    return _new_relations(store, p, actor, found, firsts, total)
