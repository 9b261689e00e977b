"""Questions about events themselves: the most reported or most intense ones, and every report of one."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from geokg.errors import QueryError
from geokg.queries import embedded
from geokg.queries.dyads import TimelineRow
from geokg.queries.evidence import codebook_name, evidence_for
from geokg.queries.filters import cypher_codes, cypher_period, sql_codes, sql_period
from geokg.queries.params import ActorRef, CodeList, Params, Period, actor_field, partner_field
from geokg.queries.registry import query, store_kind
from geokg.queries.resolve import actor_names, resolve_actor
from geokg.queries.results import EvidenceRow, Rows

__all__ = ["top_events", "event_evidence", "TopEvent", "TopEvents", "EventEvidence", "ranked_events"]

By = Literal["mentions", "sources", "goldstein", "conflict", "cooperation"]

# (SQL ORDER BY, Cypher ORDER BY, Python sort key over a raw row): the same order on every store.
# Raw rows: id, date, date_precision, source, target, cameo, plover, quad_class, goldstein, factuality,
# mention_count, source_count, date_start, date_end.
_ORDERS = {
    "mentions": ("mention_count DESC, source_count DESC", "e.mention_count DESC, e.source_count DESC",
                 lambda r: (-r[10], -r[11])),
    "sources": ("source_count DESC, mention_count DESC", "e.source_count DESC, e.mention_count DESC",
                lambda r: (-r[11], -r[10])),
    "goldstein": ("abs(goldstein) DESC, mention_count DESC", "abs(e.goldstein) DESC, e.mention_count DESC",
                  lambda r: (-abs(r[8]), -r[10])),
    "conflict": ("goldstein ASC, mention_count DESC", "e.goldstein ASC, e.mention_count DESC",
                 lambda r: (r[8], -r[10])),
    "cooperation": ("goldstein DESC, mention_count DESC", "e.goldstein DESC, e.mention_count DESC",
                    lambda r: (-r[8], -r[10])),
}
_COLS = ("id, date, date_precision, source, target, cameo, plover, quad_class, goldstein, factuality,"
         " mention_count, source_count, date_start, date_end")
_CYPHER_COLS = ", ".join(f"e.{c.strip()} AS {c.strip()}" for c in _COLS.split(",")
                         if c.strip() not in ("date_start", "date_end"))
_CYPHER_COLS += ", toString(e.date_start) AS date_start, toString(e.date_end) AS date_end"


def _sort_key(by: str):
    k = _ORDERS[by][2]
    return lambda r: (*k(r), r[12] is None, r[12] or "", r[13] or "", r[0])


def ranked_events(store: Any, *, by: str = "mentions", limit: int | None = 20, since=None, until=None,
                  actor: str | None = None, partner: str | None = None, codes: list[str] | None = None) -> list[tuple]:
    """Raw event rows (see ``_COLS``) ranked *by*, ties by date (undated last) and id; actors already resolved.

    *actor* alone: events where it is either side; with *partner*: the dyad, both directions.
    """
    if store_kind(store) == "sqlite":
        embedded.ensure(store.connection)   # the q_events_top index
        pw, pp = sql_period(since, until)
        cw, cp = sql_codes(codes)
        order = _ORDERS[by][0] + ", date_start IS NULL, date_start, date_end, id"
        lim = " LIMIT ?" if limit is not None else ""
        largs = [limit] if limit is not None else []
        if actor is None:
            sql = f"SELECT {_COLS} FROM events WHERE 1{pw}{cw} ORDER BY {order}{lim}"
            return store.connection.execute(sql, [*pp, *cp, *largs]).fetchall()
        if partner is None:
            branches = [("source = ?", [actor]), ("target = ? AND (source IS NULL OR source != target)", [actor])]
        else:
            branches = [("source = ? AND target = ?", [actor, partner])]
            if partner != actor:
                branches.append(("source = ? AND target = ?", [partner, actor]))
        sql = " UNION ALL ".join(f"SELECT {_COLS} FROM events WHERE {w}{pw}{cw}" for w, _ in branches)
        args = [x for _, a in branches for x in (*a, *pp, *cp)]
        return store.connection.execute(f"SELECT * FROM ({sql}) ORDER BY {order}{lim}", [*args, *largs]).fetchall()
    pw, params = cypher_period(since, until)
    cw, cparams = cypher_codes(codes)
    params.update(cparams, actor=actor, partner=partner)
    if actor is None:
        branches = [f"MATCH (e:Event) WHERE true{pw}{cw}"]
    elif partner is None:
        branches = [f"MATCH (e:Event) WHERE e.source = $actor{pw}{cw}",
                    f"MATCH (e:Event) WHERE e.target = $actor AND (e.source IS NULL OR e.source <> $actor){pw}{cw}"]
    else:
        branches = [f"MATCH (e:Event) WHERE e.source = $actor AND e.target = $partner{pw}{cw}"]
        if partner != actor:
            branches.append(f"MATCH (e:Event) WHERE e.source = $partner AND e.target = $actor{pw}{cw}")
    lim = " LIMIT $limit" if limit is not None else ""
    params["limit"] = limit
    body = branches[0] if len(branches) == 1 else \
        "CALL { " + " UNION ALL ".join(b + " RETURN e" for b in branches) + " }"
    rows = store.read(f"{body} WITH e ORDER BY {_ORDERS[by][1]}, e.date_start, e.date_end, e.id{lim}"
                      f" RETURN {_CYPHER_COLS}", **params)
    raw = [tuple(r[c.strip()] for c in _COLS.split(",")) for r in rows]
    return sorted(raw, key=_sort_key(by))


def event_rows(store: Any, raw: list[tuple], evidence: int | None) -> list[TimelineRow]:
    """Raw event rows as :class:`TimelineRow` with up to *evidence* mentions each."""
    ev = evidence_for(store, [r[0] for r in raw], evidence)
    return [TimelineRow(id=r[0], date=r[1], date_precision=r[2], source=r[3], target=r[4], cameo=r[5],
                        event=codebook_name(r[5]), plover=r[6], quad_class=r[7], goldstein=r[8], factuality=r[9],
                        mention_count=r[10], source_count=r[11], evidence=ev.get(r[0], [])) for r in raw]


# -- top_events ---------------------------------------------------------------------------------------

class TopEventsParams(Period):
    by: By = Field(default="mentions", description="mentions, sources (articles), goldstein (|score|), "
                                                   "conflict (lowest first) or cooperation (highest first)")
    limit: int = Field(default=20, ge=1, le=10_000)
    actor: ActorRef | None = actor_field(None, "only events of this actor (either side)")
    partner: ActorRef | None = partner_field(None, "with actor: only the dyad actor-partner")
    codes: CodeList = None
    evidence: int = Field(default=1, ge=0, description="mentions shown per event")


class TopEvent(TimelineRow):
    rank: int
    source_name: str | None = None
    target_name: str | None = None


class TopEvents(Rows[TopEvent]):
    """The top events of a period, rank 1 first."""


@query("top_events", TopEventsParams)
def top_events(store: Any, p: TopEventsParams) -> TopEvents:
    """Top events of a period by mentions, reporting articles, or Goldstein intensity, with evidence.

    Ties are broken by the other count, then date (undated last), then event id, on every store.

    Examples
    --------
    >>> from geokg.queries.demo import demo_store
    >>> t = top_events(demo_store(), since="2023-08-01", limit=3)
    >>> [(r.rank, r.source, r.target, r.cameo, r.mention_count) for r in t.rows]
    [(1, 'USA', 'PRK', '112', 2), (2, 'PRK', 'RUS', '072', 2), (3, 'PRK', 'RUS', '036', 2)]
    >>> [(r.source, r.cameo, r.goldstein) for r in top_events(demo_store(), by="conflict", limit=2).rows]
    [('USA', '112', -2.0), ('RUS', '016', -2.0)]
    """
    if p.partner and not p.actor:
        raise QueryError("top_events: partner needs actor")
    actor = resolve_actor(store, p.actor) if p.actor else None
    partner = resolve_actor(store, p.partner) if p.partner else None
    raw = ranked_events(store, by=p.by, limit=p.limit, since=p.since, until=p.until, actor=actor, partner=partner,
                        codes=p.codes)
    names = actor_names(store, {x for r in raw for x in (r[3], r[4]) if x})
    rows = [TopEvent(rank=i + 1, source_name=names.get(e.source) if e.source else None,
                     target_name=names.get(e.target) if e.target else None, **e.model_dump())
            for i, e in enumerate(event_rows(store, raw, p.evidence))]
    return TopEvents(query="top_events", params={**p.model_dump(mode="json"), "actor": actor, "partner": partner},
                     rows=rows)


# -- event_evidence -----------------------------------------------------------------------------------

class EventEvidenceParams(Params):
    event: str = Field(min_length=1, description="event id (hp_...)")


class EventEvidence(Rows[EvidenceRow]):
    """Every report of one event (its mentions), earliest article first; ``event`` describes it."""

    event: TimelineRow | None = None


@query("event_evidence", EventEvidenceParams)
def event_evidence(store: Any, p: EventEvidenceParams) -> EventEvidence:
    """Every article's report of one event: sentence, offsets, factuality, confidence, actors as extracted.

    Examples
    --------
    >>> from geokg.queries.demo import demo_store
    >>> s = demo_store()
    >>> eid = next(r.id for r in s.query("top_events").rows if r.cameo == "072")  # the arms claim
    >>> [(m.article_id, m.factuality) for m in event_evidence(s, event=eid).rows]
    [('idn_kim_putin_letters', 'denied'), ('en_letters_followup', 'alleged')]
    """
    if store_kind(store) == "sqlite":
        raw = store.connection.execute(f"SELECT {_COLS} FROM events WHERE id = ?", (p.event,)).fetchall()
    else:
        rows = store.read(f"MATCH (e:Event {{id: $id}}) RETURN {_CYPHER_COLS}", id=p.event)
        raw = [tuple(r[c.strip()] for c in _COLS.split(",")) for r in rows]
    if not raw:
        raise QueryError(f"event_evidence: no event {p.event!r} in the store")
    ev = event_rows(store, raw, None)[0]
    mentions = ev.evidence
    return EventEvidence(query="event_evidence", params=p.model_dump(mode="json"), rows=mentions,
                         event=ev.model_copy(update={"evidence": []}))
