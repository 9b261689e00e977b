"""The actor network the dashboard draws: one edge per dyad, aggregated in the store, capped for the browser.

Events are summed per directed dyad by the store (SQL ``GROUP BY`` on the embedded store, Cypher
aggregation on Neo4j), folded into one undirected edge per pair of actors (event count both ways,
mean Goldstein, cooperation/conflict sign), and only then handed to the browser. Centrality is
computed on the whole filtered network; the browser receives at most ``max_nodes`` actors (the most
active ones) and ``max_edges`` dyads (the ones with most events) so that the page stays responsive
on stores of any size; ``truncated`` says when something was left out.

>>> from geokg.queries.demo import demo_store
>>> net = actor_network(demo_store())
>>> [(e["source"], e["target"], e["events"], e["sign"]) for e in net["edges"]][1:3]
[('PRK', 'RUS', 4, 1), ('PRK', 'USA', 3, -1)]
>>> [(n["id"], n["events"], n["centrality"]) for n in net["nodes"]][:2]
[('PRK', 7, 0.5), ('USA', 6, 1.0)]
"""

from __future__ import annotations

from datetime import date
from typing import Any

from geokg.queries.filters import cypher_codes, cypher_period, sql_codes, sql_period
from geokg.queries.registry import store_kind
from geokg.queries.resolve import actor_info

__all__ = ["actor_network", "date_bounds"]


def _directed_rows(store: Any, since: date | None, until: date | None, codes: list[str] | None,
                   quad_class: int | None, factuality: str | None) -> list[tuple]:
    """(source, target, events, goldstein sum in tenths, cooperative, conflictual, mentions) per directed dyad."""
    if store_kind(store) == "sqlite":
        pw, pp = sql_period(since, until)
        cw, cp = sql_codes(codes)
        extra, ep = "", []
        if quad_class is not None:
            extra += " AND quad_class = ?"
            ep.append(quad_class)
        if factuality is not None:
            extra += " AND factuality = ?"
            ep.append(factuality)
        return store.connection.execute(
            "SELECT source, target, count(*), sum(round(goldstein * 10)), sum(quad_class <= 2), sum(quad_class >= 3),"
            " sum(mention_count) FROM events WHERE source IS NOT NULL AND target IS NOT NULL AND source != target"
            f"{pw}{cw}{extra} GROUP BY source, target", [*pp, *cp, *ep]).fetchall()
    pw, params = cypher_period(since, until)
    cw, cparams = cypher_codes(codes)
    params.update(cparams)
    extra = ""
    if quad_class is not None:
        extra += " AND e.quad_class = $quad_class"
        params["quad_class"] = quad_class
    if factuality is not None:
        extra += " AND e.factuality = $factuality"
        params["factuality"] = factuality
    rows = store.read(
        "MATCH (e:Event) WHERE e.source IS NOT NULL AND e.target IS NOT NULL AND e.source <> e.target"
        f"{pw}{cw}{extra} RETURN e.source AS s, e.target AS t, count(*) AS n, sum(round(e.goldstein * 10)) AS g10,"
        " sum(CASE WHEN e.quad_class <= 2 THEN 1 ELSE 0 END) AS coop,"
        " sum(CASE WHEN e.quad_class >= 3 THEN 1 ELSE 0 END) AS conf, sum(e.mention_count) AS m", **params)
    return [(r["s"], r["t"], r["n"], r["g10"], r["coop"], r["conf"], r["m"]) for r in rows]


def actor_network(store: Any, *, since: date | None = None, until: date | None = None,
                  codes: list[str] | None = None, quad_class: int | None = None, factuality: str | None = None,
                  min_events: int = 1, max_nodes: int | None = 300, max_edges: int | None = 1500) -> dict[str, Any]:
    """The filtered actor network as JSON-ready dicts: ``nodes``, ``edges``, totals and whether it was capped.

    Nodes: id, name, kind, country, sector (CAMEO sector code or None), degree (partners), events
    (both directions), centrality (degree centrality of the whole filtered network, 0..1). Edges
    (``source < target``): id ``"A|B"``, events, events_ab / events_ba (per direction),
    goldstein_mean, sign (+1 cooperation, -1 conflict, 0 neutral: the sign of the Goldstein sum),
    cooperative, conflictual (quad classes 1-2 and 3-4), mentions.
    """
    acc: dict[tuple[str, str], list[int]] = {}
    for s, t, n, g10, coop, conf, m in _directed_rows(store, since, until, codes, quad_class, factuality):
        a, b = (s, t) if s < t else (t, s)
        x = acc.setdefault((a, b), [0, 0, 0, 0, 0, 0, 0])   # n, g10, coop, conf, mentions, a->b, b->a
        n = int(n)
        x[0] += n
        x[1] += int(round(g10 or 0))
        x[2] += int(coop or 0)
        x[3] += int(conf or 0)
        x[4] += int(m or 0)
        x[5 if s == a else 6] += n
    pairs = {k: v for k, v in acc.items() if v[0] >= min_events}
    degree: dict[str, int] = {}
    strength: dict[str, int] = {}
    for (a, b), v in pairs.items():
        for x in (a, b):
            degree[x] = degree.get(x, 0) + 1
            strength[x] = strength.get(x, 0) + v[0]
    total_nodes, total_edges = len(degree), len(pairs)
    # Degree centrality (networkx's definition: partners / (nodes - 1)) of the whole filtered network.
    scale = 1.0 / (total_nodes - 1) if total_nodes > 1 else 0.0
    centrality = {x: d * scale for x, d in degree.items()}
    keep = sorted(degree, key=lambda x: (-strength[x], -degree[x], x))
    if max_nodes is not None:
        keep = keep[:max_nodes]
    kept = set(keep)
    edges = sorted(((a, b) for a, b in pairs if a in kept and b in kept), key=lambda k: (-pairs[k][0], k))
    if max_edges is not None:
        edges = edges[:max_edges]
    used = {x for e in edges for x in e}
    info = actor_info(store, used)
    nodes = []
    for n in keep:
        if n not in used:
            continue
        kind, country, name, sector = info.get(n, ("other", None, n, None))
        nodes.append({"id": n, "name": name or n, "kind": kind, "country": country, "sector": sector,
                      "degree": degree[n], "events": strength[n], "centrality": round(centrality[n], 6)})
    out_edges = []
    for a, b in sorted(edges):
        n, g10, coop, conf, m, ab, ba = pairs[(a, b)]
        out_edges.append({"id": f"{a}|{b}", "source": a, "target": b, "events": n, "events_ab": ab, "events_ba": ba,
                          "goldstein_mean": round(g10 / (10.0 * n), 4) if n else None,
                          "sign": (g10 > 0) - (g10 < 0), "cooperative": coop, "conflictual": conf, "mentions": m})
    return {"nodes": nodes, "edges": out_edges, "total_nodes": total_nodes, "total_edges": total_edges,
            "truncated": len(nodes) < total_nodes or len(out_edges) < total_edges,
            "max_weight": max((e["events"] for e in out_edges), default=0),
            "max_centrality": max((x["centrality"] for x in nodes), default=0.0)}


def date_bounds(store: Any) -> tuple[str | None, str | None]:
    """The first and last day any dated event of the store covers (ISO), or (None, None) when none is dated."""
    if store_kind(store) == "sqlite":
        # Both read the date index: a date spans at most a year, so the latest end is among the events
        # that start in the last 366 days of the store.
        c = store.connection
        lo = c.execute("SELECT min(date_start) FROM events").fetchone()[0]
        hi = c.execute("SELECT max(date_end) FROM events WHERE date_start >= date((SELECT max(date_start)"
                       " FROM events), '-366 days')").fetchone()[0]
        return lo, hi
    rows = store.read("MATCH (e:Event) WHERE e.date_start IS NOT NULL"
                      " RETURN toString(min(e.date_start)) AS lo, toString(max(e.date_end)) AS hi")
    if not rows:
        return None, None
    return rows[0]["lo"], rows[0]["hi"]
