"""Prepared queries (geokg.queries): answers worked out by hand on a small graph, on both stores;
a differential test on the same graph plus 10k generated events; the sample article; the CLI.

The hand-built graph (16 events among USA, PRK, RUS, CHN, JPN; Goldstein scores and quad classes
as in the CAMEO codebook)::

    H1  PRK->RUS 036 +4.0 q1 2023-08-15  a1 (Kim -> Putin) + a2: 2 mentions, 2 articles
    H2  RUS->PRK 036 +4.0 q1 2023-08-15  a1 (Putin -> Kim)
    H3  RUS->PRK 042 +1.9 q1 2023-07     a1 (month precision: the visit "last month")
    H4  USA->PRK 112 -2.0 q3 2023-08-15  a1, in the denial sentence S (the accusation)
    H5  PRK->RUS 072 +8.3 q2 2023-08-15  a1 denied (in S) + a2 alleged: 2 mentions
    H6  PRK->USA 016 -2.0 q1 2023-08-15  a1, in S (the denial)
    H7  USA->RUS 163 -8.0 q4 2023-08-18  a2
    H8  JPN->PRK 111 -2.0 q3 2023-08-19  a2
    H9  CHN->RUS 057 +8.0 q1 2023-09-12  a3
    H10 RUS->CHN 057 +8.0 q1 2023-09-12  a3
    H11 USA->JPN 043 +2.8 q1 2023-09-13  a3
    H12 PRK->JPN 138 -7.0 q3 2023-09     a3 alleged (month precision), never denied
    H13 USA->CHN 111 -2.0 q3 2024-01-08  a4
    H14 CHN->USA 111 -2.0 q3 2024-01-09  a4
    H15 JPN->USA 040 +1.0 q1 2023        a4 (year precision)
    H16 USA->PRK 112 -2.0 q3 undated     a4

Undirected ties (events both ways, sign of the Goldstein sum): PRK-RUS 4 (+18.2), PRK-USA 3
(-6.0), JPN-PRK 2 (-9.0), RUS-USA 1 (-8.0), CHN-RUS 2 (+16.0), JPN-USA 2 (+3.8), CHN-USA 2 (-4.0).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

from geokg.errors import QueryError
from geokg.graph.sqlite_store import SQLiteStore
from geokg.queries import get, list_queries, run
from geokg.schema.models import Actor, Article, Event, Evidence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
SAMPLE = ROOT.parent / "shared" / "samples" / "idn_kim_putin_letters.txt"

USA = Actor(id="USA", name="United States", kind="state", country="USA", wikidata="Q30")
PRK = Actor(id="PRK", name="North Korea", kind="state", country="PRK", wikidata="Q423")
RUS = Actor(id="RUS", name="Russia", kind="state", country="RUS", wikidata="Q159")
CHN = Actor(id="CHN", name="China", kind="state", country="CHN", wikidata="Q148")
JPN = Actor(id="JPN", name="Japan", kind="state", country="JPN", wikidata="Q17")
KIM = Actor(id="kim_jong_un", name="Kim Jong Un", kind="person", country="PRK", role="head of state")
PUTIN = Actor(id="vladimir_putin", name="Vladimir Putin", kind="person", country="RUS", role="head of state")

CODES = {"036": (4.0, 1, "CONSULT"), "042": (1.9, 1, "CONSULT"), "043": (2.8, 1, "CONSULT"),
         "040": (1.0, 1, "CONSULT"), "057": (8.0, 1, "AGREE"), "072": (8.3, 2, "AID"),
         "016": (-2.0, 1, "DROPPED"), "111": (-2.0, 3, "ACCUSE"), "112": (-2.0, 3, "ACCUSE"),
         "138": (-7.0, 3, "THREATEN"), "163": (-8.0, 4, "SANCTION")}
ARTICLES = {"a1": "2023-08-16", "a2": "2023-08-20", "a3": "2023-09-14", "a4": "2024-01-10"}
S_DENY = "Pyongyang and Moscow denied the US accusation that North Korea supplied weapons to Russia."


def ev(art, start, cameo, src, tgt, day, fact="asserted", text=None):
    g, q, p = CODES[cameo]
    text = text or f"{src.name} {cameo} {tgt.name}."
    prec = None if day is None else {10: "day", 7: "month", 4: "year"}[len(day)]
    return Event(article_id=art, cameo=cameo, quad_class=q, goldstein=g, plover=p, date=day, date_precision=prec,
                 source=src, target=tgt, factuality=fact, confidence=0.8, published=ARTICLES[art],
                 evidence=Evidence(text=text, start=start, end=start + len(text)))


def fixture_items():
    d = "2023-08-15"
    arts = [Article(id=a, text="(text)", published=p, title=f"Title {a}", url=f"https://news.example.org/{a}")
            for a, p in ARTICLES.items()]
    return arts + [
        ev("a1", 100, "036", KIM, PUTIN, d, text="Kim Jong Un and Vladimir Putin exchanged letters."),    # H1
        ev("a1", 100, "036", PUTIN, KIM, d, text="Kim Jong Un and Vladimir Putin exchanged letters."),    # H2
        ev("a1", 400, "042", RUS, PRK, "2023-07", text="Last month Russia's defence minister visited Pyongyang."),  # H3
        ev("a1", 700, "112", USA, PRK, d, text=S_DENY),                  # H4
        ev("a1", 700, "072", PRK, RUS, d, "denied", text=S_DENY),        # H5
        ev("a1", 700, "016", PRK, USA, d, text=S_DENY),                  # H6
        ev("a2", 0, "036", KIM, PUTIN, d, text="Kim and Putin traded letters on Aug. 15."),              # H1 again
        ev("a2", 80, "072", PRK, RUS, d, "alleged", text="Washington says Pyongyang sent arms to Moscow."),  # H5
        ev("a2", 200, "163", USA, RUS, "2023-08-18"),                    # H7
        ev("a2", 300, "111", JPN, PRK, "2023-08-19"),                    # H8
        ev("a3", 0, "057", CHN, RUS, "2023-09-12"),                      # H9
        ev("a3", 150, "057", RUS, CHN, "2023-09-12"),                    # H10
        ev("a3", 300, "043", USA, JPN, "2023-09-13"),                    # H11
        ev("a3", 450, "138", PRK, JPN, "2023-09", "alleged"),            # H12
        ev("a4", 0, "111", USA, CHN, "2024-01-08"),                      # H13
        ev("a4", 100, "111", CHN, USA, "2024-01-09"),                    # H14
        ev("a4", 200, "040", JPN, USA, "2023"),                          # H15
        ev("a4", 400, "112", USA, PRK, None),                            # H16
    ]


# -- stores: every hand-computed answer is checked on both ----------------------------------------------

@pytest.fixture(scope="module")
def fixture_db(bolt_server):
    with bolt_server.fresh_database(bolt_server.new_database_name("queries_hand")) as db:
        yield db


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.bolt)])
def store(request):
    if request.param == "sqlite":
        s = SQLiteStore(":memory:")
        s.ingest(fixture_items())
        yield s
        s.close()
        return
    from geokg.graph.neo4j_store import Neo4jStore

    server = request.getfixturevalue("bolt_server")
    db = request.getfixturevalue("fixture_db")
    s = Neo4jStore(server.uri, user=server.user, password=server.password, database=db)
    if s.stats()["events"] == 0:
        s.ingest(fixture_items())
    yield s
    s.close()


def test_fixture_shape(store):
    assert store.stats() == {"articles": 4, "events": 16, "mentions": 18, "actors": 7, "dyads": 13}


# -- dyads --------------------------------------------------------------------------------------------

def test_dyad_timeline_both_directions_in_date_order(store):
    t = store.query("dyad_timeline", a="PRK", b="RUS")
    # H3 (2023-07, starts 07-01) first; then H1, H2, H5 on 2023-08-15 (ties broken by id).
    assert t.total == 4 and len(t.rows) == 4
    assert (t.rows[0].date, t.rows[0].source, t.rows[0].target, t.rows[0].cameo) == ("2023-07", "RUS", "PRK", "042")
    assert {(r.source, r.target, r.cameo, r.mention_count) for r in t.rows[1:]} == {
        ("PRK", "RUS", "036", 2), ("RUS", "PRK", "036", 1), ("PRK", "RUS", "072", 2)}
    assert all(r.date == "2023-08-15" for r in t.rows[1:])
    assert t.rows[0].evidence[0].text == "Last month Russia's defence minister visited Pyongyang."


def test_dyad_timeline_names_aliases_periods_codes_paging(store):
    by_alias = store.query("dyad_timeline", a="Korut", b="Moskow")
    assert by_alias.params["actor"] == "PRK" and by_alias.params["partner"] == "RUS"
    assert [r.id for r in by_alias.rows] == [r.id for r in store.query("dyad_timeline", a="PRK", b="RUS").rows]
    # A period overlapping July keeps the month-precision visit; one starting in August does not.
    assert store.query("dyad_timeline", a="PRK", b="RUS", since="2023-07-20").total == 4
    assert store.query("dyad_timeline", a="PRK", b="RUS", since="2023-08-01").total == 3
    aid = store.query("dyad_timeline", a="RUS", b="PRK", codes="07", evidence=5)
    assert [(r.cameo, r.factuality) for r in aid.rows] == [("072", "denied")]
    # Its reports: a1 (published 08-16, denied) before a2 (08-20, alleged).
    assert [(m.article_id, m.factuality) for m in aid.rows[0].evidence] == [("a1", "denied"), ("a2", "alleged")]
    full = [r.id for r in store.query("dyad_timeline", a="PRK", b="RUS").rows]
    page = store.query("dyad_timeline", a="PRK", b="RUS", limit=2, offset=1)
    assert page.total == 4 and [r.id for r in page.rows] == full[1:3]
    # USA-PRK: H4, H6 dated, H16 undated comes last.
    usa = store.query("dyad_timeline", a="USA", b="PRK")
    assert [r.date for r in usa.rows][-1] is None and usa.total == 3


def test_new_relations(store):
    # First dated day per pair: JPN-USA 2023-01-01 (H15, year precision), PRK-RUS 07-01 (H3),
    # PRK-USA 08-15, RUS-USA 08-18, JPN-PRK 08-19, CHN-RUS 09-12, CHN-USA 2024-01-08.
    allr = store.query("new_relations")
    assert [(r.a, r.b, r.first_date.isoformat()) for r in allr.rows] == [
        ("JPN", "USA", "2023-01-01"), ("PRK", "RUS", "2023-07-01"), ("PRK", "USA", "2023-08-15"),
        ("RUS", "USA", "2023-08-18"), ("JPN", "PRK", "2023-08-19"), ("CHN", "RUS", "2023-09-12"),
        ("CHN", "USA", "2024-01-08")]
    assert {r.a + r.b: r.events for r in allr.rows}["PRKUSA"] == 3       # H4, H6 and the undated H16
    autumn = store.query("new_relations", since="2023-09-01", until="2023-12-31")
    assert [(r.a, r.b, r.events, r.goldstein_mean, r.first_events) for r in autumn.rows] == [
        ("CHN", "RUS", 2, 8.0, ["CHN->RUS 057", "RUS->CHN 057"])]
    r2024 = store.query("new_relations", since="2024-01-01")
    assert [(r.a, r.b, r.goldstein_mean, r.first_events) for r in r2024.rows] == [("CHN", "USA", -2.0, ["USA->CHN 111"])]


# -- actors -------------------------------------------------------------------------------------------

def _profile(p, section, direction):
    return [(r.key, r.events, r.goldstein_mean, r.cooperative, r.conflictual) for r in p.rows
            if r.section == section and r.direction == direction]


def test_actor_profile_all_time(store):
    p = store.query("actor_profile", actor="North Korea")
    # out: H1 +4.0, H5 +8.3, H6 -2.0, H12 -7.0 -> 4 events, sum 3.3, mean 0.825, coop 3, conflict 1
    # in:  H2 +4.0, H3 +1.9, H4 -2.0, H8 -2.0, H16 -2.0 -> 5 events, sum -0.1, mean -0.02, coop 2, conflict 3
    # both: 9 events, sum 3.2, mean 0.3556
    assert [(r.direction, r.events, r.goldstein_mean, r.cooperative, r.conflictual)
            for r in p.rows if r.section == "total"] == [
        ("both", 9, 0.3556, 5, 4), ("out", 4, 0.825, 3, 1), ("in", 5, -0.02, 2, 3)]
    assert _profile(p, "quad_class", "out") == [("1", 2, 1.0, 2, 0), ("2", 1, 8.3, 1, 0), ("3", 1, -7.0, 0, 1)]
    assert _profile(p, "quad_class", "in") == [("1", 2, 2.95, 2, 0), ("3", 3, -2.0, 0, 3)]
    assert [k for k, *_ in _profile(p, "root", "out")] == ["01", "03", "07", "13"]
    assert _profile(p, "root", "in") == [("03", 1, 4.0, 1, 0), ("04", 1, 1.9, 1, 0), ("11", 3, -2.0, 0, 3)]
    # partners: by events, then id
    assert _profile(p, "partner", "out") == [("RUS", 2, 6.15, 2, 0), ("JPN", 1, -7.0, 0, 1), ("USA", 1, -2.0, 1, 0)]
    assert _profile(p, "partner", "in") == [("RUS", 2, 2.95, 2, 0), ("USA", 2, -2.0, 0, 2), ("JPN", 1, -2.0, 0, 1)]
    assert [r.share for r in p.rows if r.section == "quad_class" and r.direction == "in"] == [0.4, 0.6]


def test_actor_profile_periods_cut_months_and_years(store):
    # 2023-08-16..2023-09-30: PRK out H12 (2023-09), in H8 (08-19); the 08-15 events and H16 are out.
    p = store.query("actor_profile", actor="PRK", since="2023-08-16", until="2023-09-30")
    assert [(r.direction, r.events) for r in p.rows if r.section == "total"] == [("both", 2), ("out", 1), ("in", 1)]
    # USA in that period: out H7 -8.0 (q4), H11 +2.8 -> mean -2.6; in: H15 (the year 2023 overlaps it).
    u = store.query("actor_profile", actor="USA", since="2023-08-16", until="2023-09-30")
    assert [(r.direction, r.events, r.goldstein_mean, r.cooperative, r.conflictual)
            for r in u.rows if r.section == "total"] == [("both", 3, -1.4, 2, 1), ("out", 2, -2.6, 1, 1),
                                                         ("in", 1, 1.0, 1, 0)]
    # RUS 2023-07-10..2023-08-16: out H2 (+4.0) and the July visit H3 (+1.9); in H1 (+4.0), H5 (+8.3).
    r = store.query("actor_profile", actor="Rusia", since="2023-07-10", until="2023-08-16")
    assert [(x.direction, x.events, x.goldstein_mean) for x in r.rows if x.section == "total"] == [
        ("both", 4, 4.55), ("out", 2, 2.95), ("in", 2, 6.15)]


# -- series -------------------------------------------------------------------------------------------

def test_goldstein_series(store):
    s = store.query("goldstein_series", a="PRK", b="RUS", freq="month")
    # July: H3 +1.9; August: H1 +4.0, H2 +4.0, H5 +8.3 = 16.3 over 3
    assert [(r.period, r.events, r.goldstein_sum, r.goldstein_mean) for r in s.rows] == [
        ("2023-07", 1, 1.9, 1.9), ("2023-08", 3, 16.3, 5.4333)]
    m = store.query("goldstein_series", a="USA", freq="month")
    # 2023-08: H4, H6, H7 = -12.0; 2023-09: H11 +2.8; Oct-Dec empty; 2024-01: H13, H14 = -4.0.
    # H15 (year precision) and H16 (undated) are on no month.
    assert [(r.period, r.events, r.goldstein_sum) for r in m.rows] == [
        ("2023-08", 3, -12.0), ("2023-09", 1, 2.8), ("2023-10", 0, 0.0), ("2023-11", 0, 0.0),
        ("2023-12", 0, 0.0), ("2024-01", 2, -4.0)]
    assert m.rows[2].goldstein_mean is None
    y = store.query("goldstein_series", a="USA", freq="year")
    # 2023 also holds H15: -2 -2 -8 +2.8 +1 = -8.2 over 5
    assert [(r.period, r.events, r.goldstein_sum, r.goldstein_mean) for r in y.rows] == [
        ("2023", 5, -8.2, -1.64), ("2024", 2, -4.0, -2.0)]
    w = store.query("goldstein_series", a="USA", freq="week", since="2023-08-14", until="2023-08-27")
    # weeks start on Monday 2023-08-14 (the 15th was a Tuesday)
    assert [(r.period, r.events, r.goldstein_sum) for r in w.rows] == [("2023-08-14", 3, -12.0), ("2023-08-21", 0, 0.0)]
    out = store.query("goldstein_series", a="USA", freq="week", since="2023-08-14", until="2023-08-20",
                      direction="out")
    assert [(r.events, r.goldstein_sum) for r in out.rows] == [(2, -10.0)]      # H4, H7
    df = m.to_frame()
    assert list(df.columns) == ["period", "start", "events", "goldstein_sum", "goldstein_mean"]
    assert str(df["start"].dtype).startswith("datetime64")


def test_quadclass_series(store):
    q = store.query("quadclass_series", a="USA", freq="year")
    # 2023: q1 H6, H11, H15; q3 H4; q4 H7. 2024: q3 H13, H14.
    assert [(r.period, r.events, r.verbal_cooperation, r.material_cooperation, r.verbal_conflict, r.material_conflict)
            for r in q.rows] == [("2023", 5, 3, 0, 1, 1), ("2024", 2, 0, 0, 2, 0)]
    d = store.query("quadclass_series", a="PRK", b="RUS", freq="day", fill=False)
    assert [(r.period, r.events, r.verbal_cooperation, r.material_cooperation) for r in d.rows] == [
        ("2023-08-15", 3, 2, 1)]


# -- network ------------------------------------------------------------------------------------------

def test_ego_network(store):
    e = store.query("ego_network", actor="Jepang")
    assert [(n.id, n.distance) for n in e.nodes] == [("JPN", 0), ("PRK", 1), ("USA", 1)]
    assert [(r.source, r.target, r.events, r.sign) for r in e.rows] == [
        ("JPN", "PRK", 1, -1), ("JPN", "USA", 1, 1), ("PRK", "JPN", 1, -1), ("PRK", "USA", 1, -1),
        ("USA", "JPN", 1, 1), ("USA", "PRK", 2, -1)]
    assert e.rows[-1].goldstein_mean == -2.0
    assert [n.id for n in store.query("ego_network", actor="JPN", depth=2).nodes] == ["JPN", "PRK", "USA", "CHN", "RUS"]
    # min_events 3: only PRK-RUS (4) and PRK-USA (3) remain; JPN has no tie left
    alone = store.query("ego_network", actor="JPN", min_events=3)
    assert [n.id for n in alone.nodes] == ["JPN"] and alone.rows == []
    assert e.to_networkx().number_of_edges() == 6


def test_centrality(store):
    deg = store.query("centrality", kind="degree")
    # strengths: PRK 4+3+2, USA 3+1+2+2, RUS 4+1+2, CHN 2+2, JPN 2+2 (tie: by id)
    assert [(r.actor, r.score, r.partners) for r in deg.rows] == [
        ("PRK", 9.0, 3), ("USA", 8.0, 4), ("RUS", 7.0, 3), ("CHN", 4.0, 2), ("JPN", 4.0, 2)]
    btw = store.query("centrality", kind="betweenness")
    # distances 1/events; shortest paths through an actor: PRK on JPN-RUS and RUS-USA (2 of 6
    # pairs), RUS on CHN-PRK, USA on CHN-JPN: normalised by (n-1)(n-2)/2 = 6
    assert [(r.actor, r.score) for r in btw.rows] == [
        ("PRK", pytest.approx(2 / 6, abs=1e-9)), ("RUS", pytest.approx(1 / 6, abs=1e-9)),
        ("USA", pytest.approx(1 / 6, abs=1e-9)), ("CHN", 0.0), ("JPN", 0.0)]
    # 2024: USA->CHN and CHN->USA only: a 2-cycle, PageRank 1/2 each, eigenvector 1/sqrt(2) each
    pr = store.query("centrality", kind="pagerank", since="2024-01-01")
    assert [(r.actor, r.score) for r in pr.rows] == [("CHN", pytest.approx(0.5)), ("USA", pytest.approx(0.5))]
    eig = store.query("centrality", kind="eigenvector", since="2024-01-01")
    assert [r.score for r in eig.rows] == [pytest.approx(2 ** -0.5, abs=1e-6)] * 2
    # September 2023: CHN<->RUS, USA->JPN, PRK->JPN, and JPN->USA (H15: the year 2023 overlaps
    # September). Teleport 0.15/5 = 0.03: PRK = 0.03 (no in-ties); CHN = RUS = 0.03 + 0.85 CHN = 0.2;
    # JPN = 0.03 + 0.85 (USA + PRK), USA = 0.03 + 0.85 JPN -> JPN = 0.081 / 0.2775
    sep = store.query("centrality", kind="pagerank", since="2023-09-01", until="2023-09-30")
    jpn = 0.081 / 0.2775
    assert [(r.actor, r.score) for r in sep.rows] == [
        ("JPN", pytest.approx(jpn, abs=1e-8)), ("USA", pytest.approx(0.03 + 0.85 * jpn, abs=1e-8)),
        ("CHN", pytest.approx(0.2, abs=1e-8)), ("RUS", pytest.approx(0.2, abs=1e-8)), ("PRK", pytest.approx(0.03, abs=1e-8))]


def test_pagerank_spreads_dangling_mass():
    import networkx as nx

    from geokg.queries.network import pagerank

    # a -> b, b dangling: a = 0.075 + 0.425 b, b = 0.075 + 0.425 b + 0.85 a, a + b = 1 -> b = 0.925 / 1.425
    pr = pagerank(nx.DiGraph([("a", "b")]), weight=None)
    assert pr["b"] == pytest.approx(0.925 / 1.425) and pr["a"] == pytest.approx(1 - 0.925 / 1.425)


def test_brokers(store):
    b = store.query("brokers")
    # Best split (modularity 0.013671875, checked over all 52 partitions): {JPN, PRK, USA} {CHN, RUS}.
    # participation: CHN 1-(1/4+1/4); PRK 1-((5/9)^2+(4/9)^2) = 40/81; USA 1-((5/8)^2+(3/8)^2) = 30/64;
    # RUS 1-((5/7)^2+(2/7)^2) = 20/49; JPN 0 (all ties inside its community)
    assert b.modularity == pytest.approx(0.013671875) and b.n_communities == 2
    assert [(r.actor, r.community, r.participation, r.communities) for r in b.rows] == [
        ("CHN", 2, 0.5, 2), ("PRK", 1, pytest.approx(40 / 81), 2), ("USA", 1, pytest.approx(30 / 64), 2),
        ("RUS", 2, pytest.approx(20 / 49), 2)]
    assert b.rows[1].external_share == pytest.approx(4 / 9)


def test_blocs_signed(store):
    b = store.query("blocs")
    # Cooperative ties PRK-RUS, CHN-RUS, JPN-USA; every conflictual tie runs between {CHN, PRK, RUS}
    # and {JPN, USA}: balance 1. Signed modularity (8*0.375 - 8*(-0.5)) / 16 = 0.4375.
    assert [(r.bloc, r.actor) for r in b.rows] == [(1, "CHN"), (1, "PRK"), (1, "RUS"), (2, "JPN"), (2, "USA")]
    assert b.balance == 1.0 and b.n_blocs == 2
    assert b.modularity == pytest.approx(0.4375)
    assert [(r.cooperative_within, r.conflictual_across) for r in b.rows] == [(2, 2), (4, 5), (6, 1), (2, 2), (2, 6)]


def test_shortest_path_with_evidence(store):
    p = store.query("shortest_path", a="JPN", b="RUS", evidence=1)
    # two hops either way: JPN-PRK-RUS (1/2 + 1/4) beats JPN-USA-RUS (1/2 + 1/1)
    assert p.found and [(h.source, h.target, h.events) for h in p.rows] == [("JPN", "PRK", 2), ("PRK", "RUS", 4)]
    assert p.rows[1].goldstein_mean == pytest.approx(18.2 / 4, abs=1e-4)
    top = p.rows[1].top_events[0]
    assert top.cameo in ("036", "072") and top.mention_count == 2 and top.evidence
    c = store.query("shortest_path", a="JPN", b="CHN")
    assert [(h.source, h.target, h.goldstein_mean) for h in c.rows] == [("JPN", "USA", 1.9), ("USA", "CHN", -2.0)]
    assert not store.query("shortest_path", a="JPN", b="RUS", since="2024-01-01").found


# -- claims, events, search -----------------------------------------------------------------------------

def test_disputed_claims(store):
    c = store.query("disputed_claims")
    # Only H5: denied in a1 (sentence S, with the US accusation H4 and the denial H6), alleged in a2.
    # H12 is alleged but nobody denies it.
    assert c.total == 1
    r = c.rows[0]
    assert (r.source, r.target, r.cameo, r.claimants, r.deniers, r.claim_mentions, r.denial_mentions) == (
        "PRK", "RUS", "072", ["USA"], ["PRK"], 2, 1)
    assert [(m.article_id, m.text) for m in r.claims] == [
        ("a1", S_DENY), ("a2", "Washington says Pyongyang sent arms to Moscow.")]
    assert [(m.article_id, m.factuality) for m in r.denials] == [("a1", "denied")]
    assert store.query("disputed_claims", since="2023-09-01").total == 0


def test_top_events_and_evidence(store):
    top2 = store.query("top_events", by="mentions", limit=2)
    assert {r.cameo for r in top2.rows} == {"036", "072"} and [r.rank for r in top2.rows] == [1, 2]
    assert [r.cameo for r in store.query("top_events", by="conflict", limit=1).rows] == ["163"]     # H7 -8.0
    assert [r.cameo for r in store.query("top_events", by="cooperation", limit=1).rows] == ["072"]  # H5 +8.3
    # |goldstein|: H5 8.3, then 8.0 for H7, H9, H10: earliest first (H7, 08-18)
    assert [r.cameo for r in store.query("top_events", by="goldstein", limit=2).rows] == ["072", "163"]
    jpn = store.query("top_events", actor="JPN", by="conflict")
    assert [(r.source, r.target, r.cameo) for r in jpn.rows] == [
        ("PRK", "JPN", "138"), ("JPN", "PRK", "111"), ("JPN", "USA", "040"), ("USA", "JPN", "043")]
    ev_id = store.query("dyad_timeline", a="PRK", b="RUS", codes="07").rows[0].id
    assert [(m.article_id, m.factuality) for m in store.query("event_evidence", event=ev_id).rows] == [
        ("a1", "denied"), ("a2", "alleged")]


def test_search_actors_any_language(store):
    assert [(h.id, h.match) for h in store.query("search_actors", text="Korut").rows] == [("PRK", "exact")]
    hits = store.query("search_actors", text="korea utara").rows
    assert hits[0].id == "PRK" and hits[0].lang == "id" and hits[0].in_store
    assert ("USA", "exact") in [(h.id, h.match) for h in store.query("search_actors", text="AS").rows]
    assert "USA" not in [h.id for h in store.query("search_actors", text="as").rows if h.match == "exact"]
    putin = store.query("search_actors", text="putin", kind="person").rows
    assert [(h.id, h.node, h.in_store) for h in putin] == [("vladimir_putin", "RUS", True)]


def test_bad_parameters_are_query_errors(store):
    with pytest.raises(QueryError, match="unknown query"):
        store.query("no_such_query")
    with pytest.raises(QueryError, match="unknown parameter"):
        store.query("dyad_timeline", a="PRK", b="RUS", colour="red")
    with pytest.raises(QueryError, match="unknown actor"):
        store.query("dyad_timeline", a="PRK", b="Atlantis")
    with pytest.raises(QueryError, match="since"):
        store.query("actor_profile", actor="PRK", since="2024-01-01", until="2023-01-01")
    with pytest.raises(QueryError):
        store.query("centrality", kind="closeness")


def test_registry_lists_every_query_with_description_and_example():
    names = [q.name for q in list_queries()]
    for required in ("dyad_timeline", "actor_profile", "goldstein_series", "quadclass_series", "ego_network",
                     "centrality", "brokers", "shortest_path", "blocs", "disputed_claims", "new_relations",
                     "top_events", "search_actors"):
        assert required in names
    for q in list_queries():
        assert q.description and ">>> " in q.doc, q.name
        assert set(q.implementations) == {"sqlite", "neo4j"}, q.name


# -- differential: the fixture plus 10k generated events, on both stores ---------------------------------

DIFF_CASES = [
    ("dyad_timeline", {"a": "USA", "b": "RUS"}),
    ("dyad_timeline", {"a": "USA", "b": "CHN", "since": "2018-01-01", "until": "2019-06-30", "limit": 30, "offset": 5}),
    ("dyad_timeline", {"a": "RUS", "b": "UKR", "codes": "04,112", "limit": None}),
    ("dyad_timeline", {"a": "PRK", "b": "RUS"}),
    ("actor_profile", {"actor": "USA"}),
    ("actor_profile", {"actor": "RUS", "since": "2016-03-15", "until": "2019-07-20"}),
    ("actor_profile", {"actor": "PRK", "until": "2023-08-16"}),
    ("goldstein_series", {"a": "USA", "freq": "month"}),
    ("goldstein_series", {"a": "USA", "b": "RUS", "freq": "week", "since": "2017-01-01", "until": "2017-12-31"}),
    ("quadclass_series", {"a": "CHN", "freq": "year", "direction": "in"}),
    ("quadclass_series", {"a": "RUS", "b": "UKR", "freq": "day", "direction": "out", "fill": False}),
    ("ego_network", {"actor": "PRK", "min_events": 2}),
    ("centrality", {"kind": "degree"}),
    ("centrality", {"kind": "betweenness", "since": "2020-01-01", "until": "2021-12-31"}),
    ("centrality", {"kind": "eigenvector", "since": "2023-01-01"}),
    ("centrality", {"kind": "pagerank", "limit": None}),
    ("brokers", {"since": "2019-01-01", "until": "2020-12-31"}),
    ("shortest_path", {"a": "PRK", "b": "BRA"}),
    ("blocs", {"since": "2022-01-01", "until": "2022-12-31"}),
    ("disputed_claims", {"since": "2020-01-01"}),
    ("disputed_claims", {"since": "2023-08-01", "until": "2023-08-31"}),
    ("new_relations", {"since": "2024-01-01", "until": "2024-12-31"}),
    ("top_events", {"by": "mentions"}),
    ("top_events", {"by": "goldstein", "actor": "USA", "since": "2019-01-01"}),
    ("top_events", {"by": "conflict", "actor": "USA", "partner": "RUS"}),
    ("search_actors", {"text": "kor"}),
    ("search_actors", {"text": "armed forces"}),        # the generator's agencies: their sectors are compared too
    ("ego_network", {"actor": "RUSMIL", "min_events": 1}),
    ("event_evidence", None),
]


@pytest.fixture(scope="module")
def both_big(bolt_server, tmp_path_factory):
    from gen import generate_events

    from geokg.graph.neo4j_store import Neo4jStore

    items = fixture_items() + list(generate_events(10_000, seed=0))
    emb = SQLiteStore(tmp_path_factory.mktemp("diff") / "g.sqlite")
    emb.ingest(items)
    with bolt_server.fresh_database(bolt_server.new_database_name("queries_diff")) as db:
        neo = Neo4jStore(bolt_server.uri, user=bolt_server.user, password=bolt_server.password, database=db)
        neo.ingest(items)
        yield emb, neo
        neo.close()
    emb.close()


@pytest.mark.bolt
def test_differential_every_query_same_on_both_stores(both_big):
    emb, neo = both_big
    assert emb.stats() == neo.stats()
    assert emb.stats()["events"] == 10_016
    event_id = emb.query("top_events", limit=1).rows[0].id
    done = set()
    for name, params in DIFF_CASES:
        params = {"event": event_id} if params is None else params
        a, b = emb.query(name, **params), neo.query(name, **params)
        assert a.model_dump() == b.model_dump(), (name, params)
        assert len(a.rows) > 0, (name, params)
        done.add(name)
    # Sectors are in the answers, not only equal because both are empty.
    hits = emb.query("search_actors", text="armed forces").rows
    assert hits and all(h.sector == "MIL" for h in hits if h.in_store and h.id.endswith("MIL"))
    ego = emb.query("ego_network", actor="RUSMIL")
    assert ego.nodes[0].sector == "MIL" and {n.sector for n in ego.nodes} > {"MIL"}
    assert done == {q.name for q in list_queries()}


# -- the sample article ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    import geokg

    path = tmp_path_factory.mktemp("sample") / "sample.sqlite"
    s = geokg.open_store(str(path))
    for art in geokg.read_articles([str(SAMPLE)]):
        art = art.model_copy(update={"published": date(2023, 8, 16)})
        s.ingest([art, *geokg.extract(art)])
    yield s, path
    s.close()


def test_sample_article_dyad_timeline_letters_and_july_visit(sample_store):
    s, _ = sample_store
    t = s.query("dyad_timeline", a="PRK", b="RUS")
    letters = [r for r in t.rows if r.date == "2023-08-15" and r.cameo.startswith("04")]
    assert {(r.source, r.target) for r in letters} == {("PRK", "RUS"), ("RUS", "PRK")}
    assert all("bertukar surat" in r.evidence[0].text for r in letters)
    visit = [r for r in t.rows if r.date == "2023-07"]
    assert visit and visit[0].date_precision == "month" and (visit[0].source, visit[0].target) == ("RUS", "PRK")
    assert "mengunjungi" in visit[0].evidence[0].text
    assert visit[0].evidence[0].source_actor == "sergei_shoigu"
    assert t.rows[0].date == "2023-07"                       # date order: July first
    assert all(m.published == "2023-08-16" and m.article_id == "idn_kim_putin_letters"
               for r in t.rows for m in r.evidence)


def _cli():
    import typer

    from geokg.queries.cli import register

    app = typer.Typer()
    register(app)

    @app.command()
    def version() -> None:  # a second command, so that "query" stays a subcommand
        pass
    return app


def test_cli_query_on_the_sample(sample_store):
    from typer.testing import CliRunner

    _, path = sample_store
    r = CliRunner().invoke(_cli(), ["query", "dyad_timeline", "--a", "PRK", "--b", "RUS", "--store", str(path)])
    assert r.exit_code == 0, r.output
    assert "2023-07" in r.output and "2023-08-15" in r.output and "bertukar surat" in r.output
    j = CliRunner().invoke(_cli(), ["query", "dyad_timeline", "--a", "Korut", "--b", "Rusia", "--store", str(path),
                                    "--format", "json"])
    data = json.loads(j.stdout)
    assert data["params"]["actor"] == "PRK" and {r["date"] for r in data["rows"]} >= {"2023-07", "2023-08-15"}
    named = CliRunner().invoke(_cli(), ["query", "dyad_timeline", "--actor", "Korut", "--partner", "Rusia",
                                        "--store", str(path), "--format", "json"])
    assert json.loads(named.stdout) == data   # --a/--b are the old names of --actor/--partner
    c = CliRunner().invoke(_cli(), ["query", "actor_profile", "--actor", "PRK", "--store", str(path), "--format", "csv"])
    assert c.exit_code == 0 and c.stdout.splitlines()[0].startswith("direction,section,key,label,events")


def test_cli_list_help_and_errors(tmp_path):
    from typer.testing import CliRunner

    app = _cli()
    listed = CliRunner().invoke(app, ["query", "--list"])
    assert listed.exit_code == 0
    for q in list_queries():
        assert f"{q.name}" in listed.stdout and q.description[:40] in listed.stdout
    assert "--since" in CliRunner().invoke(app, ["query", "goldstein_series", "--help"]).stdout
    store = str(tmp_path / "empty.sqlite")
    for args, msg in ((["query", "nope"], "unknown query"),
                      (["query", "top_event"], "unknown query 'top_event'; did you mean top_events?"),
                      (["query", "dyad_timeline", "--a", "PRK"], "partner: required"),
                      (["query", "dyad_timeline", "--a", "PRK", "--b", "RUS", "--zzz", "1"], "unknown parameter --zzz"),
                      (["query", "dyad_timeline", "--actr", "PRK"], "unknown parameter --actr; did you mean --actor?"),
                      (["query", "dyad_timeline", "--a", "--b", "RUS"], "--a needs a value (got the option --b next)"),
                      (["query", "actor_profile", "--actor", "--since=2023-01-01"], "--actor needs a value"),
                      (["query", "centrality", "--kind", "closeness"], "kind"),
                      (["query", "top_events", "--limit", "many"], "limit"),
                      (["query", "top_events", "--format", "xml"], "--format")):
        r = CliRunner().invoke(app, [*args, "--store", store])
        assert r.exit_code == 2, (args, r.output)
        err = r.stderr if hasattr(r, "stderr") else r.output
        assert err.startswith("geokg: error:") and msg in err and len(err.strip().splitlines()) == 1, err


def test_python_api_to_frame_and_run():
    s = SQLiteStore(":memory:")
    s.ingest(fixture_items())
    df = run(s, "actor_profile", actor="PRK").to_frame()
    assert list(df.columns) == ["direction", "section", "key", "label", "events", "share", "goldstein_mean",
                                "cooperative", "conflictual"]
    assert get("dyad_timeline")(s, a="PRK", b="RUS").total == 4
    s.close()


def test_embedded_summaries_follow_ingest():
    """The summaries are built on first use and brought up to date after each ingest (append-only)."""
    from gen import generate_events

    from geokg.queries import embedded

    s = SQLiteStore(":memory:")
    s.ingest(fixture_items())
    assert s.query("actor_profile", actor="PRK").rows[0].events == 9         # builds what it needs
    embedded.prepare(s)                                                        # ... and the rest
    more = list(generate_events(300, seed=3))
    s.ingest(more)
    s.ingest(fixture_items())                                                  # re-ingest changes nothing
    profile = s.query("actor_profile", actor="USA", since="2016-02-10", until="2019-11-20")
    series = s.query("goldstein_series", a="USA", freq="week")
    embedded.prepare(s)
    c = s.connection
    tables = ("q_series", "q_dyad_series", "q_roots", "q_partners")
    incremental = {t: sorted(c.execute(f"SELECT * FROM {t}").fetchall()) for t in tables}
    c.execute("DELETE FROM q_meta")                                            # forces a rebuild
    embedded.prepare(s)
    assert {t: sorted(c.execute(f"SELECT * FROM {t}").fetchall()) for t in tables} == incremental
    # A rebuild drops q_partners' secondary index and builds it again: it is there, and used.
    plan = c.execute("EXPLAIN QUERY PLAN SELECT * FROM q_partners WHERE dir = 'out' AND bucket = 't'").fetchall()
    assert any("q_partners_bucket" in row[-1] for row in plan), plan
    fresh = SQLiteStore(":memory:")
    fresh.ingest(fixture_items() + more)
    assert fresh.query("actor_profile", actor="USA", since="2016-02-10", until="2019-11-20") == profile
    assert fresh.query("goldstein_series", a="USA", freq="week") == series


def test_actor_parameters_are_one_family():
    """Every query names its actors actor and partner; a and b (the dyad queries' first names) still read."""
    with_actors = 0
    for q in list_queries():
        fields, names = set(q.params.model_fields), q.parameter_names()
        assert not fields & {"a", "b", "source", "target", "actor_a", "actor_b"}, (q.name, fields)
        if "actor" in fields:
            with_actors += 1
            assert names["a"] == "actor", q.name
        if "partner" in fields:
            assert "actor" in fields and names["b"] == "partner", q.name
    assert with_actors >= 7
