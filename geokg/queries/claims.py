"""Claims and denials: events that one side alleges and another denies, with both sides' evidence.

The stores keep each report's factuality. An event is *disputed* when at least one report
denies it and at least one supports it: a report that alleges or asserts it, or an accusation
(CAMEO root 11: disapprove, accuse) reported in the very sentence of the denial and aimed at
one of the event's actors ("Pyongyang and Moscow denied the US accusation that North Korea
supplied weapons to Russia"). Claimants are the authors of such accusations; deniers the
authors of denials (CAMEO 016, deny responsibility) in that sentence by one of the event's actors.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from geokg.queries import embedded
from geokg.queries.evidence import codebook_name, evidence_for
from geokg.queries.filters import cypher_period, sql_period
from geokg.queries.params import Period
from geokg.queries.registry import query
from geokg.queries.results import EvidenceRow, Rows

__all__ = ["disputed_claims", "DisputedClaim", "DisputedClaims"]

_COLS = "id, date, date_precision, source, target, cameo, factuality, date_start"


class ClaimsParams(Period):
    limit: int | None = Field(default=100, ge=1, description="claims to return (None: all)")
    evidence: int = Field(default=3, ge=0, description="reports shown per side")


class DisputedClaim(BaseModel):
    id: str
    date: str | None
    date_precision: str | None
    source: str | None
    target: str | None
    cameo: str
    event: str
    factuality: str              # the event's, from all its reports
    claimants: list[str] = Field(default_factory=list)
    deniers: list[str] = Field(default_factory=list)
    claim_mentions: int
    denial_mentions: int
    claims: list[EvidenceRow] = Field(default_factory=list)
    denials: list[EvidenceRow] = Field(default_factory=list)


class DisputedClaims(Rows[DisputedClaim]):
    """Disputed events in date order (undated last); ``total`` counts them all."""

    total: int = 0


def _ev_key(m: EvidenceRow) -> tuple:
    return (m.published is None, m.published or "", m.article_id, m.start, m.end, m.text)


def _build(store: Any, p: ClaimsParams, events: list[tuple], counts: dict[str, dict[str, int]],
           links: list[tuple]) -> DisputedClaims:
    """events: (id, date, precision, source, target, cameo, factuality, date_start) with a denied report;
    counts: event id -> {factuality: reports}; links: (event id, other event id, other source,
    other target, other cameo, article id, start) for events reported in the sentence of a denial."""
    by_event: dict[str, list[tuple]] = {}
    for lk in links:
        by_event.setdefault(lk[0], []).append(lk)
    disputed = []
    for e in sorted(events, key=lambda e: (e[7] is None, e[7] or "", e[0])):
        eid, src, tgt = e[0], e[3], e[4]
        sides = {src, tgt} - {None}
        accusations = [lk for lk in by_event.get(eid, ()) if lk[4].startswith("11") and lk[3] in sides
                       and lk[2] not in sides]
        c = counts.get(eid, {})
        if c.get("denied", 0) and (c.get("alleged", 0) + c.get("asserted", 0) or accusations):
            disputed.append((e, accusations))
    total = len(disputed)
    if p.limit is not None:
        disputed = disputed[:p.limit]
    # Evidence only for the claims returned.
    own = evidence_for(store, [e[0] for e, _ in disputed], None)
    others = evidence_for(store, {lk[1] for _, acc in disputed for lk in acc}, None)
    rows = []
    for (eid, d, prec, src, tgt, cameo, fact, _ds), accusations in disputed:
        sides = {src, tgt} - {None}
        claims = [m for m in own[eid] if m.factuality in ("alleged", "asserted")]
        denials = [m for m in own[eid] if m.factuality == "denied"]
        seen = {(m.article_id, m.start, m.end, m.text) for m in claims}
        for _, oid, _osrc, _otgt, _ocameo, art, start in accusations:
            for m in others.get(oid, ()):
                k = (m.article_id, m.start, m.end, m.text)
                if m.article_id == art and m.start == start and k not in seen:
                    seen.add(k)
                    claims.append(m)
        claims.sort(key=_ev_key)
        deniers = sorted({lk[2] for lk in by_event.get(eid, ()) if lk[4].startswith("016") and lk[2] in sides})
        rows.append(DisputedClaim(id=eid, date=d, date_precision=prec, source=src, target=tgt, cameo=cameo,
                                  event=codebook_name(cameo), factuality=fact,
                                  claimants=sorted({lk[2] for lk in accusations if lk[2]}), deniers=deniers,
                                  claim_mentions=len(claims), denial_mentions=len(denials),
                                  claims=claims[:p.evidence], denials=denials[:p.evidence]))
    return DisputedClaims(query="disputed_claims", params=p.model_dump(mode="json"), rows=rows, total=total)


@query("disputed_claims", ClaimsParams, kinds=("sqlite",))
def disputed_claims(store: Any, p: ClaimsParams) -> DisputedClaims:
    """Events alleged by one side and denied by another, with both sides' evidence.

    Examples
    --------
    >>> from geokg.queries.demo import demo_store
    >>> c = demo_store().query("disputed_claims").rows[0]
    >>> c.source, c.target, c.cameo, c.claimants, c.deniers, c.claim_mentions, c.denial_mentions
    ('PRK', 'RUS', '072', ['USA'], ['PRK', 'RUS'], 2, 1)
    >>> [(m.article_id, m.factuality) for m in c.claims]
    [('idn_kim_putin_letters', 'asserted'), ('en_letters_followup', 'alleged')]
    """
    conn = store.connection
    embedded.ensure(conn)
    pw, pp = sql_period(p.since, p.until)
    events = conn.execute(f"SELECT {_COLS} FROM events WHERE id IN (SELECT event_id FROM mentions"
                          f" WHERE factuality = 'denied'){pw}", pp).fetchall()
    links: list[tuple] = []
    ids = [e[0] for e in events]
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        links += conn.execute(
            'SELECT d.event_id, m2.event_id, e2.source, e2.target, e2.cameo, m2.article_id, m2."start"'
            ' FROM mentions d JOIN mentions m2 ON m2.article_id = d.article_id AND m2."start" = d."start"'
            " AND m2.event_id != d.event_id JOIN events e2 ON e2.id = m2.event_id"
            f" WHERE d.factuality = 'denied' AND d.event_id IN ({','.join('?' * len(part))})"
            " AND (e2.root = '11' OR e2.cameo LIKE '016%')", part).fetchall()
    counts: dict[str, dict[str, int]] = {}
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        for eid, fact, n in conn.execute(f"SELECT event_id, factuality, count(*) FROM mentions WHERE event_id IN"
                                         f" ({','.join('?' * len(part))}) GROUP BY 1, 2", part):
            counts.setdefault(eid, {})[fact] = n
    return _build(store, p, events, counts, links)


@disputed_claims.implementation("neo4j")
def _disputed_claims_cypher(store: Any, p: ClaimsParams) -> DisputedClaims:
    pw, params = cypher_period(p.since, p.until)
    rows = store.read(
        f"MATCH (:Article)-[d:MENTIONS]->(e:Event) WHERE d.factuality = 'denied'{pw} WITH DISTINCT e"
        " RETURN e.id AS id, e.date AS date, e.date_precision AS date_precision, e.source AS source,"
        " e.target AS target, e.cameo AS cameo, e.factuality AS factuality, toString(e.date_start) AS date_start",
        **params)
    events = [tuple(r[c.strip()] for c in _COLS.split(",")) for r in rows]
    links: list[tuple] = []
    ids = [e[0] for e in events]
    for i in range(0, len(ids), 2000):
        for r in store.read(
                "UNWIND $ids AS id MATCH (e:Event) WHERE e.id = id MATCH (a:Article)-[d:MENTIONS]->(e)"
                " WHERE d.factuality = 'denied'"
                " MATCH (a)-[m2:MENTIONS]->(e2:Event) WHERE m2.start = d.start AND e2.id <> id"
                " AND (e2.root = '11' OR e2.cameo STARTS WITH '016')"
                " RETURN id, e2.id AS other, e2.source AS source, e2.target AS target, e2.cameo AS cameo,"
                " a.id AS article_id, m2.start AS start", ids=ids[i:i + 2000]):
            links.append((r["id"], r["other"], r["source"], r["target"], r["cameo"], r["article_id"], r["start"]))
    counts: dict[str, dict[str, int]] = {}
    for i in range(0, len(ids), 2000):
        for r in store.read("UNWIND $ids AS id MATCH (e:Event) WHERE e.id = id MATCH (:Article)-[m:MENTIONS]->(e)"
                            " RETURN id, m.factuality AS f, count(*) AS n", ids=ids[i:i + 2000]):
            counts.setdefault(r["id"], {})[r["f"]] = r["n"]
    return _build(store, p, events, counts, links)
