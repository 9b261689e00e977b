"""Finding actors by any name: ids, names and aliases in every language of the gazetteer, and the store's."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from geokg.queries.params import Params
from geokg.queries.registry import query, store_kind
from geokg.queries.resolve import actor_info, fold, gazetteer_index, node_of
from geokg.queries.results import Rows

__all__ = ["search_actors", "ActorHit", "ActorHits"]


class SearchParams(Params):
    text: str = Field(min_length=1, description="part of an id, name or alias, any language")
    kind: str | None = Field(default=None, description="state, person, organisation, group, media, other")
    limit: int = Field(default=20, ge=1, le=1000)


class ActorHit(BaseModel):
    id: str
    name: str
    kind: str
    country: str | None
    wikidata: str | None
    sector: str | None     # CAMEO sector code (geokg.schema.sectors): COP for a country's police
    node: str              # the graph node its events are counted under (a person: their state)
    matched: str           # the name or alias that matched
    lang: str              # "id", "en", ... for an alias; "code"/"name" for the actor's own; "store"
    match: str             # exact, prefix or contains
    in_store: bool


class ActorHits(Rows[ActorHit]):
    """Best matches first: exact, then prefix, then contains; then by id."""


_RANK = {"exact": 0, "prefix": 1, "contains": 2}


def _how(needle: str, hay: str) -> str | None:
    if hay == needle:
        return "exact"
    if hay.startswith(needle):
        return "prefix"
    if needle in hay:
        return "contains"
    return None


@query("search_actors", SearchParams)
def search_actors(store: Any, p: SearchParams) -> ActorHits:
    """Actors whose id, name or an alias (any language) contains the text, ignoring case and accents.

    Short case-sensitive aliases ("AS" for the United States in Indonesian) match only exactly.

    Examples
    --------
    >>> from geokg.queries.demo import demo_store
    >>> [(h.id, h.matched, h.lang, h.match) for h in search_actors(demo_store(), text="Korut").rows]
    [('PRK', 'korut', 'id', 'exact')]
    >>> [(h.id, h.node, h.in_store) for h in search_actors(demo_store(), text="putin", kind="person").rows]
    [('vladimir_putin', 'RUS', True)]
    """
    needle = fold(p.text)
    raw = p.text.strip()
    index, entities = gazetteer_index()
    best: dict[str, tuple] = {}   # id -> (rank, lang order, matched, lang, how)

    def offer(aid: str, matched: str, lang: str, how: str) -> None:
        cand = (_RANK[how], lang, matched)
        if aid not in best or cand < best[aid][:3]:
            best[aid] = (*cand, how)

    for folded, names in index.items():
        how = _how(needle, folded)
        if how is None:
            continue
        for n in names:
            if n.exact is not None and n.exact != raw:
                continue
            offer(n.entity, n.text, n.lang, how)
    info: dict[str, tuple] = {}
    for a in _store_candidates(store, p.text):
        aid, name, kind, country, wikidata, aliases, sector = a
        info[aid] = (name, kind, country, wikidata, sector)
        for nm, lang in ((aid, "code"), (name, "name"), *((al, "store") for al in aliases)):
            how = _how(needle, fold(nm)) if nm else None
            if how is not None:
                offer(aid, nm, lang, how)
    present = actor_info(store, [a for a in best if a not in info])
    hits = []
    for aid, (_, lang, matched, how) in best.items():
        if aid in info:
            name, kind, country, wikidata, sector = info[aid]
        elif aid in entities:
            e = entities[aid]
            act = e.actor(None)
            name, kind, country, wikidata, sector = e.name, e.kind, act.country, e.wikidata, act.sector
        else:
            continue
        if p.kind and kind != p.kind:
            continue
        hits.append(ActorHit(id=aid, name=name, kind=kind, country=country, wikidata=wikidata, sector=sector,
                             node=node_of(kind, country, aid), matched=matched, lang=lang, match=how,
                             in_store=aid in info or aid in present))
    hits.sort(key=lambda h: (_RANK[h.match], h.id))
    return ActorHits(query="search_actors", params=p.model_dump(mode="json"), rows=hits[:p.limit])


def _store_candidates(store: Any, text: str) -> list[tuple]:
    """Store actors whose id, name or an alias contains *text* ignoring case.

    Rows: (id, name, kind, country, wikidata, aliases, sector).
    """
    if store_kind(store) == "sqlite":
        import json

        t = text.strip().casefold()
        rows = store.connection.execute(
            "SELECT id, name, kind, country, wikidata, aliases, sector FROM actors WHERE instr(geokg_fold(id), ?)"
            " OR instr(geokg_fold(name), ?) OR instr(geokg_fold(aliases), ?) ORDER BY id",
            (t, t, json.dumps(t, ensure_ascii=False)[1:-1])).fetchall()
        out = [(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6]) for r in rows]
        # The JSON text search may find a substring across two aliases: keep real matches only.
        return [a for a in out if t in a[0].casefold() or t in a[1].casefold() or any(t in x.casefold() for x in a[5])]
    return [(a.id, a.name, a.kind, a.country, a.wikidata, list(a.aliases), a.sector)
            for a in store.actors(text=text.strip())]
