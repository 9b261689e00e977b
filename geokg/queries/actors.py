"""Questions about one actor: who acts on it and how, and what it does to others."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from geokg.queries import embedded
from geokg.queries.filters import cypher_period
from geokg.queries.params import ActorRef, Period, actor_field
from geokg.queries.registry import query
from geokg.queries.resolve import actor_names, actor_sectors, resolve_actor
from geokg.queries.results import Rows, tenths_mean

__all__ = ["actor_profile", "ProfileRow", "ActorProfile", "QUAD_NAMES"]

#: GDELT's names of the four quad classes.
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


class ProfileParams(Period):
    actor: ActorRef = actor_field()
    top: int = Field(default=10, ge=1, description="partners listed per direction")


class ProfileRow(BaseModel):
    """One figure of the profile: a direction, a breakdown (section) and one value of it (key).

    direction: ``out`` (the actor acts), ``in`` (others act on it), ``both`` (totals only).
    section: ``total``; ``quad_class`` (key 1-4); ``root`` (CAMEO root, key "01".."20");
    ``partner`` (the other actor, key its id; the top ones by number of events).
    """

    direction: str
    section: str
    key: str
    label: str
    events: int
    share: float               # of the direction's events
    goldstein_mean: float | None
    cooperative: int           # quad classes 1-2
    conflictual: int           # quad classes 3-4


class ActorProfile(Rows[ProfileRow]):
    """An actor's profile; ``rows`` in a fixed order: totals, quad classes, roots, partners."""

    actor: str = ""
    name: str = ""
    sector: str | None = None  # the actor's CAMEO sector code (COP for a country's police), if it has one

    def section(self, section: str, direction: str | None = None):
        """The rows of one section (and direction) as a DataFrame."""
        df = self.to_frame()
        df = df[df["section"] == section]
        return df[df["direction"] == direction] if direction else df


def _build(store: Any, p: ProfileParams, actor: str, root_cells: list[tuple], partner_cells: list[tuple]) -> ActorProfile:
    """root_cells: (dir, root, quad, n, g10); partner_cells: (dir, partner, n, g10, coop, conf); dir out/in/self."""
    from geokg.schema import codebook

    dirs = {"out": ("out", "self"), "in": ("in", "self"), "both": ("out", "in", "self")}
    rows: list[ProfileRow] = []
    partners_seen: set[str] = set()
    per_dir: dict[str, dict] = {}
    for d, parts in dirs.items():
        tot = [0, 0, 0, 0]                         # n, g10, coop, conf
        quads: dict[int, list[int]] = {}
        roots: dict[str, list[int]] = {}
        for cd, root, quad, n, g10 in root_cells:
            if cd not in parts:
                continue
            n, g10 = int(n), int(round(g10))
            coop, conf = (n, 0) if quad <= 2 else (0, n)
            for acc in (tot, quads.setdefault(int(quad), [0, 0, 0, 0]), roots.setdefault(root, [0, 0, 0, 0])):
                acc[0] += n
                acc[1] += g10
                acc[2] += coop
                acc[3] += conf
        partners: dict[str, list[int]] = {}
        if d != "both":
            for cd, partner, n, g10, coop, conf in partner_cells:
                if cd in parts and partner:
                    acc = partners.setdefault(partner, [0, 0, 0, 0])
                    acc[0] += int(n)
                    acc[1] += int(round(g10))
                    acc[2] += int(coop)
                    acc[3] += int(conf)
        per_dir[d] = {"total": tot, "quads": quads, "roots": roots, "partners": partners}
        top = sorted(partners.items(), key=lambda kv: (-kv[1][0], kv[0]))[:p.top]
        per_dir[d]["top"] = top
        partners_seen |= {k for k, _ in top}
    names = actor_names(store, partners_seen | {actor})

    def row(d: str, section: str, key: str, label: str, acc: list[int], total: int) -> ProfileRow:
        return ProfileRow(direction=d, section=section, key=key, label=label, events=acc[0],
                          share=round(acc[0] / total, 4) if total else 0.0, goldstein_mean=tenths_mean(acc[1], acc[0]),
                          cooperative=acc[2], conflictual=acc[3])

    for d in ("both", "out", "in"):
        rows.append(row(d, "total", "", "all events", per_dir[d]["total"], per_dir[d]["total"][0]))
    for d in ("out", "in"):
        total = per_dir[d]["total"][0]
        for q in sorted(per_dir[d]["quads"]):
            rows.append(row(d, "quad_class", str(q), QUAD_NAMES.get(q, str(q)), per_dir[d]["quads"][q], total))
    for d in ("out", "in"):
        total = per_dir[d]["total"][0]
        for r in sorted(per_dir[d]["roots"]):
            try:
                label = codebook.lookup(r).name
            except Exception:
                label = r
            rows.append(row(d, "root", r, label, per_dir[d]["roots"][r], total))
    for d in ("out", "in"):
        total = per_dir[d]["total"][0]
        for k, acc in per_dir[d]["top"]:
            rows.append(row(d, "partner", k, names.get(k, k), acc, total))
    return ActorProfile(query="actor_profile", params={**p.model_dump(mode="json"), "actor": actor}, rows=rows,
                        actor=actor, name=names.get(actor, actor), sector=actor_sectors(store, [actor])[actor])


@query("actor_profile", ProfileParams, kinds=("sqlite",))
def actor_profile(store: Any, p: ProfileParams) -> ActorProfile:
    """Who acts on an actor and how, and what it does: counts by CAMEO root and quad class, cooperation vs conflict, mean Goldstein, top partners.

    Parameters
    ----------
    actor : an id, name or alias
    since, until : the period (overlap of the event's date at its precision)
    top : how many partners to list per direction

    Returns
    -------
    ActorProfile
        Long-format rows (direction, section, key): ``.section("root", "in")`` picks one table.

    Examples
    --------
    >>> from geokg.queries.demo import demo_store
    >>> p = demo_store().query("actor_profile", actor="Korea Utara")
    >>> [(r.direction, r.events, r.goldstein_mean, r.cooperative, r.conflictual) for r in p.rows if r.section == "total"]
    [('both', 7, 1.7429, 5, 2), ('out', 4, 2.075, 3, 1), ('in', 3, 1.3, 2, 1)]
    >>> [(r.key, r.events) for r in p.rows if r.section == "partner" and r.direction == "in"]
    [('RUS', 2), ('USA', 1)]
    """
    actor = resolve_actor(store, p.actor)
    conn = store.connection
    embedded.ensure(conn, "q_roots", "q_partners")
    parts = embedded.period_parts(p.since, p.until)
    sql, args = parts.select("q_roots", "root, quad_class, n, g10", actor)
    root_cells = conn.execute(f"SELECT dir, root, quad_class, sum(n), sum(g10) FROM ({sql}) GROUP BY 1, 2, 3",
                              args).fetchall()
    sql, args = parts.select("q_partners", "partner, n, g10, coop, conf", actor)
    partner_cells = conn.execute(f"SELECT dir, partner, sum(n), sum(g10), sum(coop), sum(conf) FROM ({sql})"
                                 " GROUP BY 1, 2", args).fetchall()
    return _build(store, p, actor, root_cells, partner_cells)


@actor_profile.implementation("neo4j")
def _actor_profile_cypher(store: Any, p: ProfileParams) -> ActorProfile:
    actor = resolve_actor(store, p.actor)
    pw, params = cypher_period(p.since, p.until)
    rows = store.read(
        f"MATCH (e:Event) WHERE e.source = $a{pw}"
        " RETURN CASE WHEN e.target = $a THEN 'self' ELSE 'out' END AS dir, e.root AS root, e.quad_class AS quad,"
        " coalesce(e.target, '') AS partner, count(*) AS n, sum(round(e.goldstein * 10)) AS g10"
        f" UNION ALL MATCH (e:Event) WHERE e.target = $a AND (e.source IS NULL OR e.source <> $a){pw}"
        " RETURN 'in' AS dir, e.root AS root, e.quad_class AS quad, coalesce(e.source, '') AS partner,"
        " count(*) AS n, sum(round(e.goldstein * 10)) AS g10", a=actor, **params)
    root_cells = [(r["dir"], r["root"], r["quad"], r["n"], r["g10"]) for r in rows]
    partner_cells = [(r["dir"], r["partner"], r["n"], r["g10"], r["n"] if r["quad"] <= 2 else 0,
                      r["n"] if r["quad"] >= 3 else 0) for r in rows]
    return _build(store, p, actor, root_cells, partner_cells)
