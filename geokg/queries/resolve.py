"""Actors as users name them -> graph nodes, the same way on every store.

A query parameter that names an actor takes an id ("PRK"), a name ("North Korea") or an alias
in any language the gazetteer knows ("Korut", "Korea Utara", "DPRK", "Pyongyang"). The graph's
nodes are states and organisations: a person folds into the state they act for
(:func:`geokg.graph.base.actor_key`), so "Putin" names the node ``RUS``.

Order of resolution (the first that answers wins, so every store resolves alike):

1. a gazetteer entity id, exactly ("PRK", "vladimir_putin", "UNSC");
2. an actor id in the store, exactly (actors the gazetteer does not know);
3. a gazetteer id in other case ("prk");
4. a gazetteer alias or name in any language (case-sensitive where the gazetteer says so:
   "AS" is the United States in Indonesian, "as" is not); it must name one node;
5. an actor name or alias in the store, ignoring case; it must name one node.

Anything else is a :class:`~geokg.errors.QueryError` that says what to try.

>>> from geokg.queries.demo import demo_store
>>> s = demo_store()
>>> [resolve_actor(s, x) for x in ("PRK", "North Korea", "Korut", "Pyongyang", "Putin", "prk", "AS")]
['PRK', 'PRK', 'PRK', 'PRK', 'RUS', 'PRK', 'USA']
>>> resolve_actor(s, "Atlantis")
Traceback (most recent call last):
...
geokg.errors.QueryError: unknown actor 'Atlantis' (try: geokg query search_actors --text 'Atlantis')
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from geokg.errors import QueryError

__all__ = ["resolve_actor", "fold", "gazetteer_index", "GazetteerName", "actor_info", "actor_names", "actor_sectors",
           "node_of"]


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a name, tokenised as the gazetteer tokenises aliases.

    >>> fold("Türkiye"), fold("  Korea   Utara ")
    ('turkiye', 'korea utara')
    """
    from geokg.extractors.text import tokenize_phrase

    s = " ".join(tokenize_phrase(text.strip()))
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class GazetteerName:
    """One way of naming a gazetteer entity: its folded form, a readable form, where it comes from."""

    entity: str
    folded: str
    text: str          # the name as written where known, else the folded tokens
    lang: str          # "id", "en", ... for aliases; "name" or "code" for the entity's own
    exact: str | None  # the exact-case surface required, or None


@lru_cache(maxsize=1)
def gazetteer_index() -> tuple[dict[str, list[GazetteerName]], dict[str, Any]]:
    """(folded name -> every GazetteerName with that form, entity id -> entity), built once."""
    from geokg.extractors.gazetteer import load_gazetteer

    g = load_gazetteer()
    index: dict[str, list[GazetteerName]] = {}

    def add(n: GazetteerName) -> None:
        lst = index.setdefault(n.folded, [])
        if n not in lst:
            lst.append(n)

    for eid in sorted(g.entities):
        e = g.entities[eid]
        add(GazetteerName(eid, fold(eid), eid, "code", None))
        add(GazetteerName(eid, fold(e.name), e.name, "name", None))
        for al in e.aliases:
            add(GazetteerName(eid, fold(al), al, "name", None))
    for lang in sorted(g.aliases):
        for tokens, entries in g.aliases[lang].items():
            folded = fold(" ".join(tokens))
            for eid, exact in entries:
                if eid in g.entities:  # "-" marks words that look like names but are none
                    add(GazetteerName(eid, folded, exact or " ".join(tokens), lang, exact))
    return index, g.entities


def node_of(kind: str | None, country: str | None, actor_id: str) -> str:
    """The graph node an actor is counted under (same rule as :func:`geokg.graph.base.actor_key`)."""
    return country if kind in ("person", "other") and country else actor_id


def _entity_node(e: Any) -> str:
    a = e.actor(None)  # the last role held: whom the person acts for now
    return node_of(a.kind, a.country, a.id)


def resolve_actor(store: Any, text: str) -> str:
    """The graph node (actor id) that *text* names; see the module docstring for the rules."""
    raw = (text or "").strip()
    if not raw:
        raise QueryError("an actor parameter is empty")
    index, entities = gazetteer_index()
    if raw in entities:
        return _entity_node(entities[raw])
    info = actor_info(store, [raw])
    if raw in info:
        kind, country = info[raw][:2]
        return node_of(kind, country, raw)
    f = fold(raw)
    nodes = sorted({_entity_node(entities[n.entity]) for n in index.get(f, ())
                    if n.lang == "code" or n.exact is None or n.exact == raw})
    if len(nodes) == 1:
        return nodes[0]
    if len(nodes) > 1:
        raise QueryError(f"actor {raw!r} is ambiguous: it may be {', '.join(nodes)}; give an id")
    nodes = sorted({node_of(k, c, i) for i, k, c in _store_named(store, raw)})
    if len(nodes) == 1:
        return nodes[0]
    if len(nodes) > 1:
        raise QueryError(f"actor {raw!r} is ambiguous: it may be {', '.join(nodes)}; give an id")
    raise QueryError(f"unknown actor {raw!r} (try: geokg query search_actors --text {raw!r})")


# -- what the queries read about actors from each store ------------------------------------------------

def actor_info(store: Any, ids: Iterable[str]) -> dict[str, tuple[str, str | None, str, str | None]]:
    """id -> (kind, country, name, sector) for the ids that are actors in the store."""
    from geokg.queries.registry import store_kind

    ids = sorted(set(ids))
    if not ids:
        return {}
    out: dict[str, tuple[str, str | None, str, str | None]] = {}
    if store_kind(store) == "sqlite":
        c = store.connection
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            for r in c.execute("SELECT id, kind, country, name, sector FROM actors"
                               f" WHERE id IN ({','.join('?' * len(part))})", part):
                out[r[0]] = (r[1], r[2], r[3], r[4])
    else:
        for r in store.read("UNWIND $ids AS id MATCH (a:Actor) WHERE a.id = id RETURN a.id AS id, a.kind AS kind,"
                            " a.country AS country, a.name AS name, a.sector AS sector", ids=ids):
            out[r["id"]] = (r["kind"], r["country"], r["name"], r["sector"])
    return out


def actor_names(store: Any, ids: Iterable[str]) -> dict[str, str]:
    """id -> display name (the id itself when the store does not know the actor)."""
    ids = list(ids)
    info = actor_info(store, ids)
    return {i: (info[i][2] if i in info and info[i][2] else i) for i in ids}


def actor_sectors(store: Any, ids: Iterable[str]) -> dict[str, str | None]:
    """id -> CAMEO sector code (None when the actor has none or the store does not know it).

    >>> from geokg.queries.demo import demo_store
    >>> actor_sectors(demo_store(), ["PRK", "Atlantis"])
    {'PRK': None, 'Atlantis': None}
    """
    ids = list(ids)
    info = actor_info(store, ids)
    return {i: (info[i][3] if i in info else None) for i in ids}


def _store_named(store: Any, text: str) -> list[tuple[str, str, str | None]]:
    """Store actors whose name or an alias equals *text* ignoring case and accents: (id, kind, country)."""
    from geokg.queries.registry import store_kind

    f = fold(text)
    t = text.casefold()
    out = []
    if store_kind(store) == "sqlite":
        rows = store.connection.execute(
            "SELECT id, name, kind, country, aliases FROM actors WHERE geokg_fold(name) = ? OR EXISTS"
            " (SELECT 1 FROM json_each(actors.aliases) j WHERE geokg_fold(j.value) = ?)"
            " OR instr(geokg_fold(name), ?) OR instr(geokg_fold(aliases), ?) ORDER BY id",
            (t, t, t, json.dumps(t, ensure_ascii=False)[1:-1])).fetchall()
        cands = [(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]
    else:
        cands = [(a.id, a.name, a.kind, a.country, a.aliases) for a in store.actors(text=text)]
    for aid, name, kind, country, aliases in cands:
        if any(fold(n) == f for n in (name, *aliases) if n):
            out.append((aid, kind, country))
    return out
