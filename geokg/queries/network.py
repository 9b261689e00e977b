"""Network questions: neighbourhoods, centrality, brokers, paths and blocs, computed with networkx.

Every query here runs one algorithm on the weighted actor graph of a period
(:mod:`geokg.queries.network_views`), so that the embedded store and Neo4j give the same answer
by construction. Weights are *intensities* (events between two actors, both directions); where
an algorithm needs *distances* (betweenness, paths) the distance of a tie is ``1 / events``, so
that a busy tie is a short one. Signs come from the mean Goldstein score of the tie.
"""

from __future__ import annotations

from collections import deque
from fractions import Fraction
from typing import Any, Literal

import networkx as nx
from pydantic import BaseModel, Field

from geokg.errors import QueryError
from geokg.queries.dyads import TimelineRow
from geokg.queries.events import event_rows, ranked_events
from geokg.queries.network_views import dyad_graph, signed_graph
from geokg.queries.params import ActorRef, Period, actor_field, partner_field
from geokg.queries.registry import query
from geokg.queries.resolve import resolve_actor
from geokg.queries.results import Rows, tenths_mean

__all__ = ["ego_network", "centrality", "brokers", "shortest_path", "blocs", "pagerank"]

_ROUND = 10  # decimals kept of scores (ranking and output)


# -- ego_network --------------------------------------------------------------------------------------

class EgoParams(Period):
    actor: ActorRef = actor_field()
    depth: int = Field(default=1, ge=1, le=3, description="hops from the actor")
    min_events: int = Field(default=1, ge=1, description="a tie needs this many events (both directions)")


class EgoEdge(BaseModel):
    """A directed tie inside the neighbourhood: what *source* did to *target* in the period."""

    source: str
    target: str
    source_name: str
    target_name: str
    events: int
    goldstein_mean: float | None
    cooperative: int
    conflictual: int
    sign: int            # of the directed tie's Goldstein sum: +1 cooperative, -1 conflictual, 0 neutral


class EgoNode(BaseModel):
    id: str
    name: str
    kind: str
    sector: str | None = None   # CAMEO sector code: COP for a country's police, None for most states
    distance: int               # hops from the actor


class EgoNetwork(Rows[EgoEdge]):
    """The neighbourhood's directed ties (``rows``) and nodes; ``to_networkx()`` for drawing."""

    actor: str = ""
    nodes: list[EgoNode] = Field(default_factory=list)

    def to_networkx(self) -> nx.DiGraph:
        g = nx.DiGraph()
        for n in self.nodes:
            g.add_node(n.id, **n.model_dump(exclude={"id"}))
        for e in self.rows:
            g.add_edge(e.source, e.target, **e.model_dump(exclude={"source", "target"}))
        return g


@query("ego_network", EgoParams)
def ego_network(store: Any, p: EgoParams) -> EgoNetwork:
    """The actor's neighbourhood up to *depth* hops, with weighted, signed, directed ties among its members.

    Examples
    --------
    >>> from geokg.queries.demo import demo_store
    >>> e = ego_network(demo_store(), actor="RUS")
    >>> [(n.id, n.distance) for n in e.nodes]
    [('RUS', 0), ('PRK', 1), ('USA', 1)]
    >>> [(r.source, r.target, r.events, r.sign) for r in e.rows]
    [('PRK', 'RUS', 2, 1), ('PRK', 'USA', 2, -1), ('RUS', 'PRK', 2, 1), ('RUS', 'USA', 1, -1), ('USA', 'PRK', 1, -1)]
    """
    actor = resolve_actor(store, p.actor)
    dg = dyad_graph(store, p.since, p.until)
    ug = signed_graph(dg, p.min_events)
    dist: dict[str, int] = {}
    if actor in ug:
        dist[actor] = 0
        todo = deque([actor])
        while todo:
            u = todo.popleft()
            if dist[u] == p.depth:
                continue
            for v in sorted(ug[u]):
                if v not in dist:
                    dist[v] = dist[u] + 1
                    todo.append(v)
    nodes = [EgoNode(id=n, name=dg.nodes[n]["name"], kind=dg.nodes[n]["kind"], sector=dg.nodes[n]["sector"],
                     distance=d)
             for n, d in sorted(dist.items(), key=lambda kv: (kv[1], kv[0]))]
    rows = []
    for s, t, d in sorted(dg.edges(data=True)):
        if s in dist and t in dist and ug.has_edge(s, t):
            rows.append(EgoEdge(source=s, target=t, source_name=dg.nodes[s]["name"], target_name=dg.nodes[t]["name"],
                                events=d["events"], goldstein_mean=tenths_mean(d["g10"], d["events"]),
                                cooperative=d["coop"], conflictual=d["conf"], sign=(d["g10"] > 0) - (d["g10"] < 0)))
    return EgoNetwork(query="ego_network", params={**p.model_dump(mode="json"), "actor": actor}, rows=rows,
                      actor=actor, nodes=nodes)


# -- centrality ---------------------------------------------------------------------------------------

class CentralityParams(Period):
    kind: Literal["degree", "betweenness", "eigenvector", "pagerank"] = "degree"
    limit: int | None = Field(default=20, ge=1, description="actors to return (None: all)")
    min_events: int = Field(default=1, ge=1, description="a tie needs this many events (both directions)")
    sample: int | None = Field(default=None, ge=1, description="betweenness: pivots sampled (seed 0); None: exact")


class CentralityRow(BaseModel):
    rank: int
    actor: str
    name: str
    score: float
    partners: int          # actors it has ties with
    events: int            # events on its ties (weighted degree)


class Centrality(Rows[CentralityRow]):
    """Actors ranked by a centrality score (ties by actor id)."""

    kind: str = ""


def pagerank(g: nx.DiGraph, weight: str = "events", alpha: float = 0.85, tol: float = 1e-12,
             max_iter: int = 1000) -> dict[str, float]:
    """PageRank by power iteration in node order (networkx's own needs scipy), dangling mass spread evenly.

    >>> g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")])
    >>> {k: round(v, 4) for k, v in pagerank(g, weight=None).items()}
    {'a': 0.3333, 'b': 0.3333, 'c': 0.3333}
    """
    nodes = list(g)
    n = len(nodes)
    if n == 0:
        return {}
    out_w = {u: sum((d.get(weight, 1) if weight else 1) for _, _, d in g.out_edges(u, data=True)) for u in nodes}
    x = {u: 1.0 / n for u in nodes}
    for _ in range(max_iter):
        dangling = alpha * sum(x[u] for u in nodes if out_w[u] == 0) / n
        nxt = {u: (1.0 - alpha) / n + dangling for u in nodes}
        for u in nodes:
            if out_w[u]:
                share = alpha * x[u] / out_w[u]
                for _, v, d in g.out_edges(u, data=True):
                    nxt[v] += share * (d.get(weight, 1) if weight else 1)
        err = sum(abs(nxt[u] - x[u]) for u in nodes)
        x = nxt
        if err < n * tol:
            return x
    raise QueryError(f"pagerank did not converge in {max_iter} iterations")


@query("centrality", CentralityParams)
def centrality(store: Any, p: CentralityParams) -> Centrality:
    """Actors ranked by degree, betweenness, eigenvector or PageRank centrality in a period.

    degree: events on the actor's ties (weighted degree); betweenness: on the undirected graph
    with distance ``1 / events`` (normalised; ``sample`` pivots for an estimate on big graphs);
    eigenvector: undirected, weighted by events; pagerank: directed (who is acted upon by those
    acted upon), weighted by events.

    Examples
    --------
    >>> from geokg.queries.demo import demo_store
    >>> c = centrality(demo_store(), kind="degree", limit=3)
    >>> [(r.rank, r.actor, r.score, r.partners) for r in c.rows]
    [(1, 'PRK', 7.0, 2), (2, 'USA', 6.0, 4), (3, 'RUS', 5.0, 2)]
    >>> [(r.actor, r.score) for r in centrality(demo_store(), kind="betweenness", limit=2).rows]
    [('USA', 0.8333333333), ('PRK', 0.5)]
    """
    dg = dyad_graph(store, p.since, p.until)
    ug = signed_graph(dg, p.min_events)
    if p.kind == "degree":
        scores = {n: float(ug.degree(n, weight="weight")) for n in ug}
    elif p.kind == "betweenness":
        k = min(p.sample, len(ug)) if p.sample else None
        scores = nx.betweenness_centrality(ug, k=k, seed=0 if k else None, weight="distance", normalized=True)
    elif p.kind == "eigenvector":
        try:
            scores = nx.eigenvector_centrality(ug, weight="weight", max_iter=1000, tol=1e-10) if len(ug) else {}
        except nx.PowerIterationFailedConvergence:
            raise QueryError("eigenvector centrality did not converge on this graph; try pagerank") from None
    else:
        kept = nx.DiGraph()
        kept.add_nodes_from(dg.nodes)
        kept.add_edges_from((s, t, d) for s, t, d in dg.edges(data=True) if ug.has_edge(s, t))
        scores = pagerank(kept)
    ranked = sorted(((round(v, _ROUND), n) for n, v in scores.items()), key=lambda x: (-x[0], x[1]))
    if p.limit is not None:
        ranked = ranked[:p.limit]
    rows = [CentralityRow(rank=i + 1, actor=n, name=dg.nodes[n]["name"], score=s, partners=ug.degree(n),
                          events=int(ug.degree(n, weight="weight"))) for i, (s, n) in enumerate(ranked)]
    return Centrality(query="centrality", params=p.model_dump(mode="json"), rows=rows, kind=p.kind)


# -- communities (brokers, blocs) ---------------------------------------------------------------------

def _numbered(parts: list[set[str]]) -> dict[str, int]:
    """node -> community number: 1 for the largest, ties by smallest member."""
    order = sorted(parts, key=lambda c: (-len(c), min(c)))
    return {n: i + 1 for i, c in enumerate(order) for n in c}


#: Louvain runs (seeds 0..n-1) on graphs too big to solve exactly; the best wins.
LOUVAIN_SEEDS = 5
#: Up to this many connected actors, every partition is tried (Bell(8) = 4,140): the true optimum.
EXACT_UP_TO = 8


def _communities(g: nx.Graph, weight: str = "weight", resolution: float = 1.0) -> list[set[str]]:
    """Communities of highest modularity: exact on small graphs, else the best of several heuristics.

    Louvain can stop in a poor local optimum, on small hub-and-spoke graphs especially (so can
    the greedy CNM method, which is also 15 times slower here), so a graph of at most
    :data:`EXACT_UP_TO` connected actors is solved by enumeration; larger ones keep the best of
    Louvain runs with seeds 0..4 (the first on equal modularity). Actors without ties are
    communities of their own. Deterministic.
    """
    isolated = [{n} for n in g if g.degree(n) == 0]
    core = g.subgraph([n for n in g if g.degree(n) > 0])
    if core.number_of_edges() == 0:
        return isolated
    if len(core) <= EXACT_UP_TO:
        return _exact(core, weight, resolution) + isolated
    cands = [nx.community.louvain_communities(core, weight=weight, resolution=resolution, seed=s)
             for s in range(LOUVAIN_SEEDS)]
    best, best_q = None, None
    for c in cands:
        q = round(nx.community.modularity(core, c, weight=weight, resolution=resolution), 12)
        if best_q is None or q > best_q:
            best, best_q = c, q
    return best + isolated


def _exact(g: nx.Graph, weight: str, resolution: float) -> list[set[str]]:
    """The modularity-maximising partition by enumeration (restricted growth strings, sorted nodes)."""
    nodes = sorted(g)
    n = len(nodes)
    idx = {u: i for i, u in enumerate(nodes)}
    w = [[0.0] * n for _ in range(n)]
    for u, v, d in g.edges(data=True):
        x = float(d.get(weight, 1))
        w[idx[u]][idx[v]] += x
        if u != v:
            w[idx[v]][idx[u]] += x
    deg = [sum(row) for row in w]
    two_m = sum(deg)
    best_q, best = None, None
    labels = [0] * n

    def score() -> float:
        k = max(labels) + 1
        inside = [0.0] * k
        tot = [0.0] * k
        for i in range(n):
            tot[labels[i]] += deg[i]
            for j in range(n):
                if labels[i] == labels[j]:
                    inside[labels[i]] += w[i][j]
        return sum(inside[c] / two_m - resolution * (tot[c] / two_m) ** 2 for c in range(k))

    def walk(i: int, top: int) -> None:
        nonlocal best_q, best
        if i == n:
            q = round(score(), 12)
            if best_q is None or q > best_q:
                best_q, best = q, list(labels)
            return
        for c in range(top + 2):
            labels[i] = c
            walk(i + 1, max(top, c))

    labels[0] = 0
    walk(1, 0)
    groups: dict[int, set[str]] = {}
    for i, c in enumerate(best):
        groups.setdefault(c, set()).add(nodes[i])
    return list(groups.values())


class BrokersParams(Period):
    limit: int | None = Field(default=20, ge=1)
    min_events: int = Field(default=1, ge=1, description="a tie needs this many events (both directions)")
    resolution: float = Field(default=1.0, gt=0, description="modularity resolution (higher: smaller communities)")


class BrokerRow(BaseModel):
    rank: int
    actor: str
    name: str
    community: int
    participation: float     # 1 - sum over communities of (share of its events in that community)^2
    communities: int         # communities its ties reach
    events: int
    external_share: float    # share of its events with other communities


class Brokers(Rows[BrokerRow]):
    """Actors whose ties spread over several communities, most spread first."""

    modularity: float = 0.0
    n_communities: int = 0


@query("brokers", BrokersParams)
def brokers(store: Any, p: BrokersParams) -> Brokers:
    """Actors bridging communities: participation coefficient over modularity communities of the period's ties.

    Communities: the modularity split of the undirected graph weighted by events (exact up to
    8 actors, else the best of five Louvain runs; deterministic). An actor's
    participation is ``1 - sum_c (k_c / k)^2`` where ``k_c`` is its events with community ``c``:
    0 when all its ties stay in one community, near 1 when they spread over many. Ranked by
    participation, then events, then id; actors with participation 0 are left out.

    Examples
    --------
    >>> from geokg.queries.demo import demo_store
    >>> b = brokers(demo_store())
    >>> [(r.actor, r.community, r.participation, r.communities) for r in b.rows]
    [('PRK', 2, 0.4897959184, 2), ('USA', 1, 0.4444444444, 2), ('RUS', 2, 0.32, 2)]
    """
    dg = dyad_graph(store, p.since, p.until)
    ug = signed_graph(dg, p.min_events)
    parts = _communities(ug, resolution=p.resolution)
    comm = _numbered(parts)
    modularity = nx.community.modularity(ug, parts, weight="weight") if ug.number_of_edges() else 0.0
    found = []
    for n in ug:
        k = ug.degree(n, weight="weight")
        if not k:
            continue
        per: dict[int, int] = {}
        for v, d in ug[n].items():
            per[comm[v]] = per.get(comm[v], 0) + d["weight"]
        part = round(1.0 - sum((x / k) ** 2 for x in per.values()), _ROUND)
        if part <= 0:
            continue
        ext = round(sum(x for c, x in per.items() if c != comm[n]) / k, _ROUND)
        found.append((part, int(k), n, comm[n], len(per), ext))
    found.sort(key=lambda f: (-f[0], -f[1], f[2]))
    if p.limit is not None:
        found = found[:p.limit]
    rows = [BrokerRow(rank=i + 1, actor=n, name=dg.nodes[n]["name"], community=c, participation=pc, communities=nc,
                      events=k, external_share=ext) for i, (pc, k, n, c, nc, ext) in enumerate(found)]
    return Brokers(query="brokers", params=p.model_dump(mode="json"), rows=rows,
                   modularity=round(modularity, _ROUND), n_communities=len(parts))


class BlocsParams(Period):
    min_events: int = Field(default=1, ge=1, description="a tie needs this many events (both directions)")
    resolution: float = Field(default=1.0, gt=0, description="modularity resolution for the first cut")


class BlocRow(BaseModel):
    bloc: int                  # 1 = the largest
    actor: str
    name: str
    bloc_size: int
    cooperative_within: int    # events on its cooperative ties inside its bloc
    conflictual_within: int    # ... conflictual ties inside (frustration)
    cooperative_across: int    # ... cooperative ties to other blocs (frustration)
    conflictual_across: int    # ... conflictual ties to other blocs


class Blocs(Rows[BlocRow]):
    """Actors by bloc; ``modularity`` (signed) and ``balance`` say how clean the split is."""

    modularity: float = 0.0
    balance: float = 1.0
    n_blocs: int = 0


def _signed_modularity(pos: nx.Graph, neg: nx.Graph, comm: dict[str, int]) -> float:
    """Gómez, Jensen & Arenas (2009): (w+ Q+ - w- Q-) / (w+ + w-), each Q the usual modularity."""
    def part(g: nx.Graph) -> tuple[float, float]:
        w = g.size(weight="weight")
        if not w:
            return 0.0, 0.0
        groups: dict[int, set[str]] = {}
        for n in g:
            groups.setdefault(comm[n], set()).add(n)
        return w, nx.community.modularity(g, list(groups.values()), weight="weight")
    wp, qp = part(pos)
    wn, qn = part(neg)
    return (wp * qp - wn * qn) / (wp + wn) if wp + wn else 0.0


def _signed_local_moves(pos: nx.Graph, neg: nx.Graph, comm: dict[str, int], passes: int = 20) -> dict[str, int]:
    """Move single actors between blocs while the signed modularity grows (nodes in sorted order)."""
    two_wp = 2.0 * pos.size(weight="weight")
    two_wn = 2.0 * neg.size(weight="weight")
    kp = {n: pos.degree(n, weight="weight") for n in pos}
    kn = {n: neg.degree(n, weight="weight") for n in neg}
    tot_p: dict[int, float] = {}
    tot_n: dict[int, float] = {}
    for n, c in comm.items():
        tot_p[c] = tot_p.get(c, 0.0) + kp.get(n, 0.0)
        tot_n[c] = tot_n.get(c, 0.0) + kn.get(n, 0.0)
    nodes = sorted(comm)
    fresh = max(comm.values(), default=0) + 1
    for _ in range(passes):
        moved = False
        for n in nodes:
            c0 = comm[n]
            tot_p[c0] -= kp.get(n, 0.0)
            tot_n[c0] -= kn.get(n, 0.0)
            links_p: dict[int, float] = {}
            links_n: dict[int, float] = {}
            for v, d in (pos[n].items() if n in pos else ()):
                if v != n:
                    links_p[comm[v]] = links_p.get(comm[v], 0.0) + d["weight"]
            for v, d in (neg[n].items() if n in neg else ()):
                if v != n:
                    links_n[comm[v]] = links_n.get(comm[v], 0.0) + d["weight"]

            def gain(c: int) -> float:
                g = 0.0
                if two_wp:
                    g += (links_p.get(c, 0.0) - kp.get(n, 0.0) * tot_p.get(c, 0.0) / two_wp) / two_wp
                if two_wn:
                    g -= (links_n.get(c, 0.0) - kn.get(n, 0.0) * tot_n.get(c, 0.0) / two_wn) / two_wn
                return g
            best_c, best_g = c0, gain(c0)
            alone = 0.0  # a bloc of its own: no links, no totals
            if alone > best_g + 1e-12:
                best_c, best_g = fresh, alone
            for c in sorted(links_p):
                g = gain(c)
                if g > best_g + 1e-12:
                    best_c, best_g = c, g
            if best_c != c0:
                moved = True
                if best_c == fresh:
                    fresh += 1
                comm[n] = best_c
            tot_p[comm[n]] = tot_p.get(comm[n], 0.0) + kp.get(n, 0.0)
            tot_n[comm[n]] = tot_n.get(comm[n], 0.0) + kn.get(n, 0.0)
        if not moved:
            break
    return comm


@query("blocs", BlocsParams)
def blocs(store: Any, p: BlocsParams) -> Blocs:
    """Blocs of actors from cooperative vs conflictual ties (signed communities), with signed modularity and balance.

    A tie is cooperative when the Goldstein scores of its events add up above zero, conflictual
    below. Blocs start from the modularity communities of the cooperative ties and are then
    refined by moving single actors while the signed modularity of Gómez, Jensen & Arenas (2009)
    grows. ``balance`` is the share of signed tie weight that agrees with the split (cooperative
    inside blocs, conflictual across): 1.0 is a perfectly balanced (two-camp) structure.

    Examples
    --------
    >>> from geokg.queries.demo import demo_store
    >>> b = blocs(demo_store())
    >>> [(r.bloc, r.actor) for r in b.rows]
    [(1, 'PRK'), (1, 'RUS'), (2, 'UNSC'), (2, 'USA'), (3, 'CHN')]
    >>> b.balance, b.n_blocs, b.modularity
    (1.0, 3, 0.37)
    """
    dg = dyad_graph(store, p.since, p.until)
    ug = signed_graph(dg, p.min_events)
    pos, neg = nx.Graph(), nx.Graph()
    pos.add_nodes_from(ug)
    neg.add_nodes_from(ug)
    for u, v, d in ug.edges(data=True):
        if d["sign"] > 0:
            pos.add_edge(u, v, weight=d["weight"])
        elif d["sign"] < 0:
            neg.add_edge(u, v, weight=d["weight"])
    first = _numbered(_communities(pos, resolution=p.resolution)) if len(pos) else {}
    comm = _numbered(_group(_signed_local_moves(pos, neg, dict(first))))
    groups = _group(comm)
    size = {n: len(g) for g in groups for n in g}
    rows = []
    agree = total = 0
    for n in sorted(ug, key=lambda n: (comm[n], n)):
        cw = fw = ca = fa = 0
        for v, d in ug[n].items():
            same = comm[v] == comm[n]
            if d["sign"] > 0:
                cw, ca = (cw + d["weight"], ca) if same else (cw, ca + d["weight"])
            elif d["sign"] < 0:
                fw, fa = (fw + d["weight"], fa) if same else (fw, fa + d["weight"])
        agree += cw + fa
        total += cw + fa + fw + ca
        rows.append(BlocRow(bloc=comm[n], actor=n, name=dg.nodes[n]["name"], bloc_size=size[n], cooperative_within=cw,
                            conflictual_within=fw, cooperative_across=ca, conflictual_across=fa))
    return Blocs(query="blocs", params=p.model_dump(mode="json"), rows=rows,
                 modularity=round(_signed_modularity(pos, neg, comm), _ROUND) if len(ug) else 0.0,
                 balance=round(agree / total, _ROUND) if total else 1.0, n_blocs=len(groups))


def _group(comm: dict[str, int]) -> list[set[str]]:
    out: dict[int, set[str]] = {}
    for n, c in comm.items():
        out.setdefault(c, set()).add(n)
    return list(out.values())


# -- shortest_path ------------------------------------------------------------------------------------

class PathParams(Period):
    actor: ActorRef = actor_field(description="where the path starts: id, name or alias (any language)")
    partner: ActorRef = partner_field(description="where the path ends: id, name or alias")
    min_events: int = Field(default=1, ge=1, description="a tie needs this many events (both directions)")
    evidence: int = Field(default=3, ge=0, description="top events shown per hop (by mentions)")


class Hop(BaseModel):
    hop: int
    source: str              # in path order: from a towards b
    target: str
    source_name: str
    target_name: str
    events: int              # both directions, in the period
    goldstein_mean: float | None
    cooperative: int
    conflictual: int
    top_events: list[TimelineRow] = Field(default_factory=list)


class Path(Rows[Hop]):
    """The chain of interactions from a to b (``found`` False and no rows when none)."""

    found: bool = False


def _best_path(g: nx.Graph, a: str, b: str) -> list[str] | None:
    """Fewest hops; among those the smallest sum of 1/events (busiest ties); then the smallest node sequence."""
    if a not in g or b not in g:
        return None
    if a == b:
        return [a]
    level = {a: 0}
    order = [a]
    todo = deque([a])
    while todo:
        u = todo.popleft()
        for v in g[u]:
            if v not in level:
                level[v] = level[u] + 1
                order.append(v)
                todo.append(v)
    if b not in level:
        return None
    best: dict[str, tuple[Fraction, tuple[str, ...]]] = {a: (Fraction(0), (a,))}
    for u in sorted(order, key=lambda n: (level[n], n)):
        if u not in best or level[u] >= level[b]:
            continue
        cu, pu = best[u]
        for v in g[u]:
            if level.get(v) == level[u] + 1:
                cand = (cu + Fraction(1, g[u][v]["weight"]), pu + (v,))
                if v not in best or cand < best[v]:
                    best[v] = cand
    return list(best[b][1])


@query("shortest_path", PathParams)
def shortest_path(store: Any, p: PathParams) -> Path:
    """The chain of interactions linking two actors, each hop with its top events and their evidence.

    Fewest hops over ties with at least ``min_events`` events in the period; among chains of
    equal length the one over the busiest ties (smallest sum of ``1 / events``).

    Examples
    --------
    >>> from geokg.queries.demo import demo_store
    >>> path = shortest_path(demo_store(), actor="CHN", partner="Russia", evidence=1)
    >>> [(h.source, h.target, h.events) for h in path.rows]
    [('CHN', 'USA', 1), ('USA', 'RUS', 1)]
    >>> path.rows[0].top_events[0].evidence[0].text
    'Beijing condemned the meeting called by the United States.'
    """
    a, b = resolve_actor(store, p.actor), resolve_actor(store, p.partner)
    dg = dyad_graph(store, p.since, p.until)
    ug = signed_graph(dg, p.min_events)
    nodes = _best_path(ug, a, b)
    params = {**p.model_dump(mode="json"), "actor": a, "partner": b}
    if nodes is None:
        return Path(query="shortest_path", params=params, rows=[], found=False)
    rows = []
    for i, (u, v) in enumerate(zip(nodes, nodes[1:])):
        d = ug[u][v]
        raw = ranked_events(store, by="mentions", limit=p.evidence, since=p.since, until=p.until, actor=u, partner=v) \
            if p.evidence else []
        rows.append(Hop(hop=i + 1, source=u, target=v, source_name=dg.nodes[u]["name"], target_name=dg.nodes[v]["name"],
                        events=d["weight"], goldstein_mean=tenths_mean(d["g10"], d["weight"]), cooperative=d["coop"],
                        conflictual=d["conf"], top_events=event_rows(store, raw, 1)))
    return Path(query="shortest_path", params=params, rows=rows, found=True)
