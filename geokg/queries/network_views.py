"""Weighted actor graphs for the network queries, built the same way from every store.

:func:`dyad_graph` aggregates the events of a period per directed dyad in the store (SQL
``GROUP BY`` on the embedded store, Cypher aggregation on Neo4j) and returns a networkx
``DiGraph``; :func:`signed_graph` folds it into an undirected graph with a weight (the number of
events: an *intensity*), a distance (``1 / weight``, for algorithms that need distances) and a
sign (the sign of the mean Goldstein score: cooperative or conflictual). Nodes and edges are
added in sorted order and every attribute is an integer count, so the graph — and whatever
networkx computes from it — is identical whichever store it came from.

Why not ``store.to_networkx()``: that is one edge per event (a MultiDiGraph): at a million
events, 1.8 s for one year (76k edges) and a million edges for all time; the algorithms here
need only the per-dyad totals, which the embedded store keeps in its query summaries (0.1-0.3 s
for any period) and Neo4j adds up in one aggregate query. ``to_networkx`` stays the way to get
the raw event graph for anything not prepared here. Mention counts are left out on purpose:
they change as reports arrive, the summaries keep only what an event never changes.

>>> from geokg.queries.demo import demo_store
>>> g = dyad_graph(demo_store())
>>> sorted(g.edges(data="events"))[:3]
[('CHN', 'USA', 1), ('PRK', 'RUS', 2), ('PRK', 'USA', 2)]
>>> u = signed_graph(g)
>>> u["PRK"]["RUS"]["weight"], u["PRK"]["RUS"]["sign"], u["PRK"]["USA"]["sign"]
(4, 1, -1)
"""

from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx

from geokg.queries import embedded
from geokg.queries.filters import cypher_period
from geokg.queries.registry import store_kind

__all__ = ["dyad_graph", "signed_graph"]


def dyad_graph(store: Any, since: date | None = None, until: date | None = None) -> nx.DiGraph:
    """Actors as nodes, one edge per directed dyad with events in the period (self-loops left out).

    Edge attributes: events, g10 (Goldstein sum in tenths), coop (quad classes 1-2), conf (3-4).
    Node attributes: name, kind, sector. On the embedded store the totals come from the query summaries
    (:mod:`geokg.queries.embedded`: the ``out`` rows of ``q_partners``), not from the events.
    """
    if store_kind(store) == "sqlite":
        conn = store.connection
        embedded.ensure(conn, "q_partners")
        terms = embedded.period_parts(since, until).bucket_terms()
        union = " UNION ALL ".join(f"SELECT actor, partner, n, g10, coop, conf FROM q_partners"
                                   f" WHERE dir = 'out' AND {sql}" for sql, _ in terms)
        rows = conn.execute(f"SELECT actor, partner, sum(n), sum(g10), sum(coop), sum(conf) FROM ({union})"
                            " WHERE partner != '' GROUP BY 1, 2", [a for _, args in terms for a in args]).fetchall()
        names = {r[0]: (r[1], r[2], r[3]) for r in conn.execute("SELECT id, name, kind, sector FROM actors")}
    else:
        pw, params = cypher_period(since, until)
        rows = [(r["s"], r["t"], r["n"], r["g10"], r["coop"], r["conf"]) for r in store.read(
            "MATCH (e:Event) WHERE e.source IS NOT NULL AND e.target IS NOT NULL AND e.source <> e.target"
            f"{pw} RETURN e.source AS s, e.target AS t, count(*) AS n, sum(round(e.goldstein * 10)) AS g10,"
            " sum(CASE WHEN e.quad_class <= 2 THEN 1 ELSE 0 END) AS coop,"
            " sum(CASE WHEN e.quad_class >= 3 THEN 1 ELSE 0 END) AS conf", **params)]
        names = {r["id"]: (r["name"], r["kind"], r["sector"]) for r in store.read(
            "MATCH (a:Actor) RETURN a.id AS id, a.name AS name, a.kind AS kind, a.sector AS sector")}
    rows = sorted((s, t, int(n), int(round(g)), int(c), int(f)) for s, t, n, g, c, f in rows)
    g = nx.DiGraph(since=since.isoformat() if since else None, until=until.isoformat() if until else None)
    for n in sorted({r[0] for r in rows} | {r[1] for r in rows}):
        name, kind, sector = names.get(n, (n, "other", None))
        g.add_node(n, name=name, kind=kind, sector=sector)
    for s, t, n, g10, coop, conf in rows:
        g.add_edge(s, t, events=n, g10=g10, coop=coop, conf=conf)
    return g


def signed_graph(dg: nx.DiGraph, min_events: int = 1) -> nx.Graph:
    """Both directions of each dyad folded into one undirected, weighted, signed edge.

    Edge attributes: weight (events, both ways), distance (1 / weight), sign (+1, -1 or 0 from the
    Goldstein sum), g10, coop, conf. Pairs with fewer than *min_events* events are left out;
    every node of *dg* stays (possibly isolated).
    """
    g = nx.Graph(**dg.graph)
    for n in sorted(dg.nodes):
        g.add_node(n, **dg.nodes[n])
    acc: dict[tuple[str, str], list[int]] = {}
    for s, t, d in dg.edges(data=True):
        key = (s, t) if s < t else (t, s)
        a = acc.setdefault(key, [0, 0, 0, 0])
        a[0] += d["events"]
        a[1] += d["g10"]
        a[2] += d["coop"]
        a[3] += d["conf"]
    for (u, v), (n, g10, coop, conf) in sorted(acc.items()):
        if n >= min_events:
            g.add_edge(u, v, weight=n, distance=1.0 / n, sign=(g10 > 0) - (g10 < 0), g10=g10, coop=coop, conf=conf)
    return g
