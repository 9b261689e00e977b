"""The Neo4j store against a real Bolt server (ArcadeDB, started by the ``bolt_server`` fixture).

Every test here talks to the server through the official ``neo4j`` driver, as users do with
Neo4j. A server that cannot start fails these tests; they are never skipped.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import neo4j
import pytest

from geokg.errors import StoreError
from geokg.graph import EventFilter, StoredActor, happening_id, open_store
from geokg.graph.neo4j_store import Neo4jStore
from geokg.graph.sqlite_store import SQLiteStore
from geokg.schema.models import Actor, Article, Event, Evidence

from bolt_server import free_port
from export_compare import assert_same_exports

pytestmark = pytest.mark.bolt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

# -- hand-built events ---------------------------------------------------------------------------------

PRK = Actor(id="PRK", name="North Korea", kind="state", country="PRK", wikidata="Q423")
RUS = Actor(id="RUS", name="Russia", kind="state", country="RUS", wikidata="Q159")
USA = Actor(id="USA", name="United States", kind="state", country="USA", wikidata="Q30")
CHN = Actor(id="CHN", name="China", kind="state", country="CHN", wikidata="Q148")
KIM = Actor(id="kim_jong_un", name="Kim Jong Un", kind="person", country="PRK", role="head of state")
PUTIN = Actor(id="vladimir_putin", name="Vladimir Putin", kind="person", country="RUS", role="head of state")
WIDODO = Actor(id="joko_widodo", name="Joko Widodo", kind="person", country="IDN", role="head of state")
UNSC = Actor(id="UNSC", name="UN Security Council", kind="organisation", wikidata="Q37470")

_CODES = {"010": (0.0, 1, "DROPPED"), "040": (1.0, 1, "CONSULT"), "0311": (5.2, 1, "COOPERATE"),
          "072": (7.4, 2, "AID"), "111": (-2.0, 3, "ACCUSE"), "112": (-2.0, 3, "ACCUSE"),
          "020": (3.0, 1, "REQUEST"), "172": (-5.0, 4, "SANCTION")}


def ev(article: str, start: int, cameo: str, source: Actor | None, target: Actor | None,
       day: str | None = None, fact: str = "asserted", conf: float = 0.8, published: str = "2023-08-16",
       text: str | None = None) -> Event:
    g, q, p = _CODES[cameo]
    prec = None if day is None else {10: "day", 7: "month", 4: "year"}[len(day)]
    text = text or f"{source.name if source else 'Someone'} {cameo} {target.name if target else 'something'}."
    return Event(article_id=article, cameo=cameo, quad_class=q, goldstein=g, plover=p, date=day,
                 date_precision=prec, source=source, target=target, factuality=fact, confidence=conf,
                 evidence=Evidence(text=text, start=start, end=start + len(text)), published=published,
                 url=f"https://news.example.org/{article}", title=f"Title of {article}", lang="en")


def scenario() -> list:
    """Three articles; the Kim-Putin letters are reported three times by two articles."""
    return [
        Article(id="a1", text="...", title="Kim and Putin trade letters", url="https://news.example.org/a1",
                published=date(2023, 8, 16), lang="en"),
        ev("a1", 0, "040", KIM, PUTIN, "2023-08-15"),
        ev("a1", 120, "040", PUTIN, KIM, "2023-08-15"),
        ev("a1", 240, "040", PRK, RUS, "2023-08-15", fact="planned"),   # same happening as the first
        # undated, no publication date: stays in its article (date windows: tests/test_merge.py)
        ev("a1", 360, "112", USA, PRK, None, published=None),
        ev("a1", 480, "072", PRK, RUS, "2023-08", fact="denied"),
        ev("a2", 0, "040", PRK, RUS, "2023-08-15", fact="alleged", published="2023-08-17"),
        ev("a2", 90, "0311", RUS, PRK, "2023-08-15", published="2023-08-17"),
        ev("a2", 180, "111", CHN, USA, "2023", published="2023-08-17"),
        ev("a2", 270, "010", PUTIN, None, "2023-08-15", published="2023-08-17"),
        ev("a2", 360, "020", None, UNSC, "2023-08-14", published="2023-08-17"),
        ev("a3", 0, "112", USA, PRK, "2023-08-14", fact="alleged", published="2023-08-15"),
        ev("a3", 100, "111", USA, PRK, "2023-08-14", fact="denied", published="2023-08-15"),  # same root, day
        ev("a3", 200, "172", USA, RUS, "2023-09-01", published="2023-08-15"),
        ev("a3", 300, "040", WIDODO, KIM, "2023-08-10", published="2023-08-15"),
    ]


def sqlite_store() -> SQLiteStore:
    return SQLiteStore(os.path.join(tempfile.mkdtemp(prefix="geokg-test-"), "g.sqlite"))


def comparable(events) -> list[dict]:
    """Stored events without the ingest times (which differ between two stores by construction)."""
    return [e.model_dump(exclude={"first_seen", "last_seen"}) for e in events]


def sqlite_dyads(store: SQLiteStore) -> list[tuple]:
    return [tuple(r) for r in store.connection.execute(
        "SELECT source, target, root, count, goldstein_sum, first_date, last_date FROM dyads"
        " ORDER BY source, target, root")]


def neo4j_dyads(store: Neo4jStore) -> list[tuple]:
    return [(d["source"], d["target"], d["root"], d["count"], d["goldstein_sum"], d["first_date"], d["last_date"])
            for d in store.dyads()]


def edges(g) -> list[tuple]:
    return sorted((u, v, k, tuple(sorted(d.items()))) for u, v, k, d in g.edges(keys=True, data=True))


def nodes(g) -> list[tuple]:
    """Nodes with their attributes (name, kind, country, wikidata, sector), sorted."""
    return sorted((n, tuple(sorted(d.items()))) for n, d in g.nodes(data=True))


# -- the test server ----------------------------------------------------------------------------------

def _outward_ip() -> str | None:
    """This machine's address on its default route (no packet is sent), if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            ip = s.getsockname()[0]
        except OSError:
            return None
    return None if ip.startswith("127.") else ip


def test_bolt_server_is_loopback_only_and_databases_come_and_go(bolt_server):
    assert bolt_server.uri == f"bolt://127.0.0.1:{bolt_server.bolt_port}"
    assert bolt_server.http_port != bolt_server.bolt_port and bolt_server.pid
    agent = neo4j.GraphDatabase.driver(bolt_server.uri, auth=bolt_server.auth)
    try:
        agent.verify_connectivity()
        assert "Neo4j/5" in agent.get_server_info().agent
    finally:
        agent.close()
    ip = _outward_ip()
    if ip is not None:                      # the ports must not answer on another interface
        for port in (bolt_server.bolt_port, bolt_server.http_port):
            with pytest.raises(OSError):
                socket.create_connection((ip, port), timeout=2).close()
    with bolt_server.fresh_database("fixture_check") as db:
        assert db in bolt_server.databases()
    assert "fixture_check" not in bolt_server.databases()


# -- opening ------------------------------------------------------------------------------------------

def test_constraints_and_indexes_exist_after_open(neo4j_store):
    cons = {r["name"]: r for r in neo4j_store.read(
        "SHOW CONSTRAINTS YIELD name, type, entityType, labelsOrTypes, properties "
        "RETURN name, type, entityType, labelsOrTypes, properties")}
    for name, label in (("actor_id", "Actor"), ("event_id", "Event"), ("article_id", "Article"),
                        ("mention_id", "MENTIONS")):
        assert name in cons, cons
        assert cons[name]["labelsOrTypes"] == [label] and cons[name]["properties"] == ["id"]
        assert "UNIQUENESS" in cons[name]["type"]
    indexes = {r["name"] for r in neo4j_store.read("SHOW INDEXES YIELD name RETURN name")}
    assert {"event_date_start", "event_source", "event_target"} <= indexes


def test_reopen_is_harmless(bolt_server):
    with bolt_server.fresh_database() as db:
        opts = dict(user=bolt_server.user, password=bolt_server.password, database=db)
        with open_store(bolt_server.uri, **opts) as s:
            s.ingest(scenario())
            before = s.stats()
        with open_store(bolt_server.uri, **opts) as s:
            assert s.stats() == before
            assert len(s.read("SHOW CONSTRAINTS YIELD name RETURN name")) == 5   # actor, event, article, mention, window


def test_settings_from_environment_and_uri(bolt_server, monkeypatch):
    with bolt_server.fresh_database() as db:
        monkeypatch.setenv("GEOKG_NEO4J_URI", bolt_server.uri)
        monkeypatch.setenv("GEOKG_NEO4J_USER", bolt_server.user)
        monkeypatch.setenv("GEOKG_NEO4J_PASSWORD", bolt_server.password)
        monkeypatch.setenv("GEOKG_NEO4J_DATABASE", db)
        with open_store("neo4j://") as s:                       # no host: everything from the environment
            assert s.database == db and s.uri == bolt_server.uri
            assert s.stats()["events"] == 0
        with pytest.raises(StoreError, match="credentials"):    # options win over the environment
            open_store("bolt://", password="not-the-password")
        monkeypatch.setenv("GEOKG_NEO4J_DATABASE", "no_such_db")
        with open_store(bolt_server.uri, database=db, cache_mb=64) as s:   # the embedded store's option: ignored
            assert s.database == db
        monkeypatch.delenv("GEOKG_NEO4J_PASSWORD")
        host = bolt_server.uri.split("://", 1)[1]
        with open_store(f"bolt://{bolt_server.user}:{bolt_server.password}@{host}/{db}") as s:
            assert (s.database, s.uri, s.user) == (db, bolt_server.uri, bolt_server.user)
            assert bolt_server.password not in repr(s)
        with open_store(bolt_server.uri.replace("bolt://", "neo4j://"), password=bolt_server.password,
                        database=db) as s:                     # the routing scheme works too
            assert s.stats()["events"] == 0


def test_server_down_is_a_one_line_store_error():
    uri = f"bolt://127.0.0.1:{free_port()}"                      # nothing listens there
    t0 = time.monotonic()
    with pytest.raises(StoreError) as ei:
        open_store(uri, user="neo4j", password="secret")
    msg = str(ei.value)
    assert uri in msg and "\n" not in msg and "cannot reach" in msg
    assert "secret" not in msg
    assert time.monotonic() - t0 < 15
    assert ei.value.__cause__ is None and ei.value.__suppress_context__



@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_server_down_is_one_line_on_stderr_from_the_cli(scheme):
    uri = f"{scheme}://127.0.0.1:{free_port()}"
    r = subprocess.run([str(Path(sys.executable).parent / "geokg"), "stats", "--store", uri],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stderr.startswith(f"geokg: error: cannot reach the Neo4j server at {uri}")
    assert r.stderr.count("\n") == 1, r.stderr   # the driver's own log line is not printed above it


def test_wrong_password_is_a_store_error(bolt_server):
    with pytest.raises(StoreError) as ei:
        open_store(bolt_server.uri, user=bolt_server.user, password="wrong-" + bolt_server.password)
    msg = str(ei.value)
    assert bolt_server.uri in msg and "credentials" in msg and "\n" not in msg
    assert bolt_server.password not in msg


def test_unknown_database_is_a_store_error(bolt_server):
    with pytest.raises(StoreError, match="database 'no_such_database' does not exist") as ei:
        open_store(bolt_server.uri, user=bolt_server.user, password=bolt_server.password,
                   database="no_such_database")
    assert bolt_server.uri in str(ei.value)
    # The server and the driver still work for a database that exists (ArcadeDB quirk 5).
    with bolt_server.fresh_database() as db:
        with open_store(bolt_server.uri, user=bolt_server.user, password=bolt_server.password, database=db) as s:
            assert s.stats()["articles"] == 0


def test_closed_store_raises_store_error(neo4j_store):
    neo4j_store.close()
    neo4j_store.close()                                          # idempotent
    with pytest.raises(StoreError, match="closed"):
        neo4j_store.stats()


# -- ingest -------------------------------------------------------------------------------------------

def test_ingest_and_stats(neo4j_store):
    report = neo4j_store.ingest(scenario(), batch_size=4)
    assert report.batches == 4
    assert report.articles == 3
    assert report.mentions_new == 14
    # 14 mentions: the letters (a1 x3, a2 x1) are one happening, USA->PRK 112/111 on 08-14 one more.
    assert report.events_new == 11
    stats = neo4j_store.stats()
    # Actors: 4 states + UNSC + 3 persons + IDN (a provisional state for Widodo).
    assert stats == {"articles": 3, "events": 11, "mentions": 14, "actors": 9,
                     "dyads": len({(e.source, e.target) for e in neo4j_store.events() if e.source and e.target})}
    assert stats["dyads"] == 6  # PRK-RUS, RUS-PRK, CHN-USA, USA-PRK, USA-RUS, IDN-PRK
    assert neo4j_store.check_integrity() == []


def test_graph_shape_follows_the_documented_model(neo4j_store):
    neo4j_store.ingest(scenario())
    rows = neo4j_store.read(
        "MATCH (s:Actor)<-[:SOURCE]-(e:Event)-[:TARGET]->(t:Actor) WHERE e.id = $id "
        "RETURN s.id AS s, t.id AS t, e.date_start AS ds, e.date_end AS de, e.first_seen AS fs",
        id=happening_id(scenario()[1]))
    assert len(rows) == 1 and (rows[0]["s"], rows[0]["t"]) == ("PRK", "RUS")
    assert isinstance(rows[0]["ds"], neo4j.time.Date) and rows[0]["ds"] == neo4j.time.Date(2023, 8, 15)
    assert isinstance(rows[0]["fs"], neo4j.time.DateTime)
    month = neo4j_store.read("MATCH (e:Event {date: '2023-08'}) RETURN e.date_start AS ds, e.date_end AS de")
    assert [(r["ds"].to_native(), r["de"].to_native()) for r in month] == [(date(2023, 8, 1), date(2023, 8, 31))]
    m = neo4j_store.read("MATCH (a:Article {id: 'a3'})-[m:MENTIONS]->(e:Event) RETURN properties(m) AS m"
                         " ORDER BY m.start")
    assert [r["m"]["source_actor"] for r in m] == ["USA", "USA", "USA", "joko_widodo"]
    assert {"id", "text", "start", "end", "confidence", "factuality", "cameo", "ingested_at"} <= set(m[0]["m"].keys())
    i = neo4j_store.read("MATCH (:Actor {id: 'USA'})-[i:INTERACTS]->(:Actor {id: 'PRK'}) RETURN properties(i) AS i")
    assert [(r["i"]["root"], r["i"]["count"]) for r in i] == [("11", 2)]  # undated 112 + the 08-14 happening
    # No node was ever made from a null key (ArcadeDB's MERGE would make one).
    assert neo4j_store.read("MATCH (n) WHERE n.id IS NULL RETURN count(n) AS n")[0]["n"] == 0
    no_target = "MATCH (e:Event) WHERE e.target IS NULL RETURN sum(count { (e)-[:TARGET]->() }) AS n"
    assert neo4j_store.read(no_target)[0]["n"] == 0


def test_cross_article_dedup_counts_mentions_and_sources(neo4j_store):
    neo4j_store.ingest(scenario())
    letters = [e for e in neo4j_store.events(cameo="04") if (e.source, e.target) == ("PRK", "RUS")]
    assert len(letters) == 1
    e = letters[0]
    assert (e.mention_count, e.source_count) == (3, 2)     # a1 twice (Kim->Putin, PRK->RUS), a2 once
    assert e.factuality == "asserted"                       # asserted by one mention, planned/alleged by others
    assert e.cameo == "040" and e.date == "2023-08-15"
    usa_prk = neo4j_store.events(source="USA", target="PRK", since=date(2023, 8, 14), until=date(2023, 8, 14))
    assert [(x.cameo, x.mention_count, x.source_count, x.factuality) for x in usa_prk] == [("111", 2, 1, "denied")]
    # alleged 1, denied 1: the tie goes to FACTUALITY_ORDER (denied before alleged); the code is the
    # lowest of the two reports' (111 of 112 and 111)
    reverse = [x for x in neo4j_store.events(cameo="04") if (x.source, x.target) == ("RUS", "PRK")]
    assert [(x.mention_count, x.source_count) for x in reverse] == [(1, 1)]


def test_reingest_changes_nothing(neo4j_store):
    items = scenario()
    first = neo4j_store.ingest(items, batch_size=5)
    before = (neo4j_store.stats(), neo4j_store.events(), neo4j_store.actors(), neo4j_dyads(neo4j_store))
    again = neo4j_store.ingest(items, batch_size=3)
    assert (again.articles, again.events_new, again.mentions_new) == (0, 0, 0)
    assert first.events_new == 11
    after = (neo4j_store.stats(), neo4j_store.events(), neo4j_store.actors(), neo4j_dyads(neo4j_store))
    assert after == before                                   # including first_seen/last_seen
    # One more article reporting a known happening: counts grow, dyads (happenings) do not.
    neo4j_store.ingest([ev("a4", 10, "040", PRK, RUS, "2023-08-15", published="2023-08-18")])
    assert neo4j_dyads(neo4j_store) == before[3]
    e = [x for x in neo4j_store.events(article_id="a4")]
    assert [(x.mention_count, x.source_count) for x in e] == [(4, 3)]
    assert e[0].last_seen > e[0].first_seen
    assert neo4j_store.check_integrity() == []


def test_retried_transaction_is_idempotent(neo4j_store):
    """A transient failure after a batch's writes: the driver rolls back and retries; nothing doubles."""
    calls = []

    def flaky(tx, batch):
        calls.append(batch)
        if calls.count(batch) == 1:
            raise neo4j.exceptions.SessionExpired("simulated connection loss before commit")

    report = neo4j_store.ingest(scenario(), batch_size=8, on_batch=flaky)
    assert calls == [1, 1, 2, 2]
    assert (report.articles, report.events_new, report.mentions_new) == (3, 11, 14)
    reference = sqlite_store()
    reference.ingest(scenario(), batch_size=8)
    assert neo4j_store.stats() == reference.stats()
    assert comparable(neo4j_store.events()) == comparable(reference.events())
    assert neo4j_store.check_integrity() == []


def test_failed_batch_is_rolled_back_whole(neo4j_store):
    def fail_second(tx, batch):
        if batch == 2:
            raise RuntimeError("crash in batch 2")

    items = scenario()
    with pytest.raises(RuntimeError, match="crash in batch 2"):
        neo4j_store.ingest(items, batch_size=8, on_batch=fail_second)
    reference = sqlite_store()
    reference.ingest(items[:8])
    assert neo4j_store.stats() == reference.stats()       # exactly the first batch
    assert neo4j_store.check_integrity() == []
    neo4j_store.ingest(items, batch_size=8)                # and the rest can be loaded afterwards
    reference.ingest(items, batch_size=8)
    assert neo4j_store.stats() == reference.stats()


def test_ingest_rejects_unknown_items(neo4j_store):
    with pytest.raises(StoreError, match="cannot ingest a int"):
        neo4j_store.ingest([1])


# -- reading ------------------------------------------------------------------------------------------

def test_event_filters(neo4j_store):
    neo4j_store.ingest(scenario())
    ids = lambda **kw: [(e.source, e.cameo, e.target, e.date) for e in neo4j_store.events(**kw)]  # noqa: E731
    everything = ids()
    assert len(everything) == 11
    assert everything[-1] == ("USA", "112", "PRK", None)                  # undated last
    dates = [e.date for e in neo4j_store.events() if e.date]
    assert dates[0] == "2023"                                             # starts 2023-01-01
    assert ids(cameo="11") == [("CHN", "111", "USA", "2023"), ("USA", "111", "PRK", "2023-08-14"),
                               ("USA", "112", "PRK", None)]
    assert ids(cameo="112") == [("USA", "112", "PRK", None)]   # the 08-14 happening is 111 (its lowest code)
    assert ids(cameo="0311") == [("RUS", "0311", "PRK", "2023-08-15")]
    with pytest.raises(StoreError):
        neo4j_store.events(cameo="1x")
    assert ids(quad_class=4) == [("USA", "172", "RUS", "2023-09-01")]
    assert ids(factuality="denied") == [("PRK", "072", "RUS", "2023-08"), ("USA", "111", "PRK", "2023-08-14")]
    assert {x[1] for x in ids(actor="RUS")} == {"040", "072", "0311", "010", "172"}
    assert ids(source="CHN") == [("CHN", "111", "USA", "2023")]
    assert ids(target="UNSC") == [(None, "020", "UNSC", "2023-08-14")]
    # A date interval overlaps [since, until]; undated events never match a date bound.
    assert ids(since=date(2023, 8, 20)) == [("CHN", "111", "USA", "2023"), ("PRK", "072", "RUS", "2023-08"),
                                            ("USA", "172", "RUS", "2023-09-01")]
    assert ids(until=date(2023, 8, 1)) == [("CHN", "111", "USA", "2023"), ("PRK", "072", "RUS", "2023-08")]
    day = ids(since=date(2023, 8, 14), until=date(2023, 8, 14))
    assert day[:2] == [("CHN", "111", "USA", "2023"), ("PRK", "072", "RUS", "2023-08")]
    assert set(day[2:]) == {(None, "020", "UNSC", "2023-08-14"), ("USA", "111", "PRK", "2023-08-14")}
    assert ids(since=date(2024, 1, 1)) == []
    assert {x[1] for x in ids(article_id="a2")} == {"040", "0311", "111", "010", "020"}
    assert ids(article_id="a2", cameo="04") == [("PRK", "040", "RUS", "2023-08-15")]
    assert ids(article_id="nope") == []
    assert ids(limit=3) == everything[:3]
    assert ids(limit=3, offset=9) == everything[9:]
    assert ids(offset=10) == everything[10:]
    f = EventFilter(actor="PRK", until=date(2023, 8, 31))
    assert neo4j_store.events(f, factuality="asserted") == [e for e in neo4j_store.events(f) if
                                                            e.factuality == "asserted"]


def test_actors_search(neo4j_store):
    neo4j_store.ingest(scenario())
    assert [a.id for a in neo4j_store.actors()] == sorted(
        ["PRK", "RUS", "USA", "CHN", "UNSC", "IDN", "kim_jong_un", "vladimir_putin", "joko_widodo"])
    idn = neo4j_store.actors(text="indonesia")
    assert [(a.id, a.kind, a.country) for a in idn] == [("IDN", "state", "IDN")]   # provisional, named by ISO
    kim = neo4j_store.actors(text="KIM JONG")[0]
    assert (kim.id, kim.kind, kim.country, kim.roles) == (
        "kim_jong_un", "person", "PRK", [{"role": "head of state", "country": "PRK"}])
    assert [a.id for a in neo4j_store.actors(kind="person")] == ["joko_widodo", "kim_jong_un", "vladimir_putin"]
    assert [a.id for a in neo4j_store.actors(country="PRK")] == ["PRK", "kim_jong_un"]
    assert [a.id for a in neo4j_store.actors(limit=2)] == ["CHN", "IDN"]
    # Gazetteer entries bring aliases; a provisional state's made-up name gives way whole (no alias).
    neo4j_store.ingest([StoredActor(id="PRK", name="North Korea", kind="state", country="PRK", wikidata="Q423",
                                    aliases=["Korea Utara", "DPRK", "Korut"]),
                        Actor(id="IDN", name="Republic of Indonesia", kind="state", country="IDN")])
    assert [a.id for a in neo4j_store.actors(text="utara")] == ["PRK"]
    assert [a.id for a in neo4j_store.actors(text="korut", kind="state")] == ["PRK"]
    idn = neo4j_store.actors(text="republic of")[0]
    assert (idn.name, idn.aliases) == ("Republic of Indonesia", [])
    # A second name for a known actor: the longest of the two is the name, the other an alias.
    neo4j_store.ingest([ev("a5", 0, "111", Actor(id="USA", name="Amerika Serikat", kind="state", country="USA"),
                           PRK, "2023-08-20")])
    usa = neo4j_store.actors(text="amerika")[0]
    assert (usa.id, usa.name, usa.aliases, usa.wikidata) == ("USA", "Amerika Serikat", ["United States"], "Q30")
    assert neo4j_store.actors(text="zzz") == []


def test_mentions(neo4j_store):
    neo4j_store.ingest(scenario())
    letters = next(e for e in neo4j_store.events(cameo="04") if (e.source, e.target) == ("PRK", "RUS"))
    ms = neo4j_store.mentions(letters.id)
    assert [(m.article_id, m.evidence.start) for m in ms] == [("a1", 0), ("a1", 240), ("a2", 0)]
    m = ms[0]
    assert (m.url, m.title, m.published) == ("https://news.example.org/a1", "Kim and Putin trade letters",
                                             date(2023, 8, 16))
    assert m.evidence.text == "Kim Jong Un 040 Vladimir Putin." and m.confidence == 0.8
    assert m.evidence.end == len(m.evidence.text)
    assert neo4j_store.mentions(letters) == ms
    assert neo4j_store.mentions("hp_unknown") == []


def test_to_networkx(neo4j_store):
    neo4j_store.ingest(scenario())
    g = neo4j_store.to_networkx()
    assert g.number_of_edges() == 9                                     # events with both sides
    assert set(g.nodes) == {"PRK", "RUS", "USA", "CHN", "IDN"}
    assert g.nodes["PRK"] == {"name": "North Korea", "kind": "state", "country": "PRK", "wikidata": "Q423",
                                    "sector": None}
    letters = next(e for e in neo4j_store.events(cameo="04") if (e.source, e.target) == ("PRK", "RUS"))
    d = g.edges["PRK", "RUS", letters.id]
    assert (d["cameo"], d["root"], d["mention_count"], d["factuality"], d["date"]) == (
        "040", "04", 3, "asserted", "2023-08-15")
    recent = neo4j_store.to_networkx(since=date(2023, 8, 15))
    assert {(u, v) for u, v in recent.edges()} == {("PRK", "RUS"), ("RUS", "PRK"), ("CHN", "USA"), ("USA", "RUS")}
    assert recent.graph["since"] == "2023-08-15"
    busy = neo4j_store.to_networkx(min_events=2)
    assert sorted((u, v) for u, v in busy.edges()) == [("PRK", "RUS"), ("PRK", "RUS"), ("RUS", "PRK"), ("RUS", "PRK"),
                                                       ("USA", "PRK"), ("USA", "PRK")]
    assert set(neo4j_store.to_networkx(article_id="a3").edges()) == {("USA", "PRK"), ("USA", "RUS"), ("IDN", "PRK")}
    reference = sqlite_store()
    reference.ingest(scenario())
    for kw in ({}, {"since": date(2023, 8, 15)}, {"min_events": 2}, {"article_id": "a3"}, {"cameo": "04"}):
        assert edges(neo4j_store.to_networkx(**kw)) == edges(reference.to_networkx(**kw)), kw


# -- differential: the same input gives the same store in both ----------------------------------------

FILTERS = [
    {}, {"actor": "USA"}, {"source": "RUS"}, {"target": "CHN"}, {"cameo": "04"}, {"cameo": "112"}, {"cameo": "0"},
    {"quad_class": 4}, {"factuality": "alleged"}, {"since": date(2020, 3, 1)}, {"until": date(2016, 6, 30)},
    {"since": date(2019, 1, 1), "until": date(2019, 1, 31)}, {"actor": "USA", "since": date(2024, 1, 1)},
    {"limit": 50, "offset": 100}, {"article_id": "gen7_00000042"}, {"source": "USA", "target": "RUS"},
]


def test_differential_against_the_embedded_store(neo4j_store, tmp_path):
    from gen import generate_events

    records = list(generate_events(3000, seed=7))
    lite = sqlite_store()
    r_neo = neo4j_store.ingest(records, batch_size=1000)
    r_lite = lite.ingest(records, batch_size=1000)
    assert (r_neo.articles, r_neo.events_new, r_neo.mentions_new) == (r_lite.articles, r_lite.events_new,
                                                                      r_lite.mentions_new)
    stats = lite.stats()
    assert stats["events"] == 3000
    assert neo4j_store.stats() == stats
    neo_events = neo4j_store.events()
    assert comparable(neo_events) == comparable(lite.events())
    # every actor field, the sector included (the generator's agencies, bodies and persons carry one)
    neo_actors = [a.model_dump() for a in neo4j_store.actors()]
    assert neo_actors == [a.model_dump() for a in lite.actors()]
    assert {a["sector"] for a in neo_actors} >= {None, "GOV", "MIL", "OPP", "IGO"}
    for sector in ("GOV", "OPP", "MED"):
        assert [a.id for a in neo4j_store.actors(sector=sector)] == [a.id for a in lite.actors(sector=sector)]
    ld, nd = sqlite_dyads(lite), neo4j_dyads(neo4j_store)
    assert [x[:4] + x[5:] for x in nd] == [x[:4] + x[5:] for x in ld]
    assert all(abs(a[4] - b[4]) < 1e-9 for a, b in zip(nd, ld))
    for e in neo_events[::15]:
        assert neo4j_store.mentions(e.id) == lite.mentions(e.id), e.id
    for f in FILTERS:
        assert comparable(neo4j_store.events(**f)) == comparable(lite.events(**f)), f
    for kw in ({}, {"since": date(2022, 1, 1), "min_events": 2}, {"factuality": "denied"}):
        ng, lg = neo4j_store.to_networkx(**kw), lite.to_networkx(**kw)
        assert edges(ng) == edges(lg), kw
        assert nodes(ng) == nodes(lg), kw
    for text in ("united", "ka", "MFA", "Ri"):
        assert [a.id for a in neo4j_store.actors(text=text)] == [a.id for a in lite.actors(text=text)], text
    assert neo4j_store.check_integrity() == [] and lite.check_integrity() == []
    # The exports too: RDF statements (mentions with their own actors and codes) and every network.
    assert_same_exports(neo4j_store, lite, tmp_path)
    assert_same_exports(neo4j_store, lite, tmp_path / "sel", since="2020-01-01", actors="USA,RUS")

    # Re-ingest (in other batches) changes nothing in either store.
    assert neo4j_store.ingest(records, batch_size=2500).model_dump(exclude={"batches"}) == {
        "articles": 0, "events_new": 0, "mentions_new": 0}
    assert lite.ingest(records, batch_size=2500).model_dump(exclude={"batches"}) == {
        "articles": 0, "events_new": 0, "mentions_new": 0}
    assert neo4j_store.stats() == lite.stats() == stats
    assert neo4j_store.events() == neo_events
    assert neo4j_dyads(neo4j_store) == nd and sqlite_dyads(lite) == ld
    lite.close()


def test_sample_article_twice_and_a_second_report(neo4j_store, tmp_path):
    """The sample article ingested twice plus a wire story about the same letters (both stores agree)."""
    from geokg.extractors.pipeline import extract

    sample = ROOT.parent / "shared" / "samples" / "idn_kim_putin_letters.txt"
    if not sample.exists():
        sample = ROOT / "tests" / "data" / "articles" / "id_kim_putin_letters_antara.txt"
    wire = ROOT / "tests" / "data" / "articles" / "en_kim_putin_letters_wire.txt"
    published = date(2023, 8, 16)
    items = []
    for path, aid in ((sample, "idn_kim_putin_letters"), (sample, "idn_kim_putin_letters"),
                      (wire, "en_kim_putin_letters_wire")):
        art = Article(id=aid, text=path.read_text(encoding="utf-8"), published=published)
        items += [art, *extract(art, None)]
    lite = sqlite_store()
    neo4j_store.ingest(items)
    lite.ingest(items)
    assert neo4j_store.stats() == lite.stats()
    assert neo4j_store.stats()["articles"] == 2
    assert comparable(neo4j_store.events()) == comparable(lite.events())
    letters = [e for e in neo4j_store.events(cameo="04", since=date(2023, 8, 15), until=date(2023, 8, 15))
               if {e.source, e.target} == {"PRK", "RUS"}]
    assert letters and max(e.source_count for e in letters) == 2
    assert_same_exports(neo4j_store, lite, tmp_path)


def test_separator_characters_in_values_take_the_list_path(neo4j_store, tmp_path):
    """Rows and ids are sent to the server as delimited strings unless a value holds a separator or
    the null mark; such batches go as lists, with the same result as the embedded store."""
    odd = [ev("x1", 0, "040", KIM, PUTIN, "2023-08", text="Kim \x1f wrote \x1e to Putin."),
           ev("x1", 40, "111", USA, None, "2023", text="Washington accused nobody."),
           ev("x\x1f2", 0, "072", CHN, PRK, text="China sent aid \x1e\x1f."),
           ev("x3", 0, "020", UNSC, RUS, "2023-08-20"),
           ev("x\x1d4", 0, "112", RUS, USA, "2023-08-22", text="Moscow \x1d accused Washington.")]
    plain = [ev("y1", 0, "172", USA, RUS, "2023-08-21"), ev("y1", 50, "040", WIDODO, None)]
    lite = sqlite_store()
    for batch_size in (1, 2, 10):
        r_neo = neo4j_store.ingest(plain + odd, batch_size=batch_size)
        r_lite = lite.ingest(plain + odd, batch_size=batch_size)
        assert r_neo.model_dump(exclude={"batches"}) == r_lite.model_dump(exclude={"batches"})
    assert neo4j_store.stats() == lite.stats()
    assert comparable(neo4j_store.events()) == comparable(lite.events())
    for e in neo4j_store.events():
        assert neo4j_store.mentions(e.id) == lite.mentions(e.id), e.id
    texts = {m.evidence.text for e in neo4j_store.events() for m in neo4j_store.mentions(e.id)}
    assert {"Kim \x1f wrote \x1e to Putin.", "China sent aid \x1e\x1f.", "Moscow \x1d accused Washington."} <= texts
    assert {m.article_id for e in neo4j_store.events() for m in neo4j_store.mentions(e.id)} == {
        "x1", "x\x1f2", "x3", "x\x1d4", "y1"}
    assert [x[:4] + x[5:] for x in neo4j_dyads(neo4j_store)] == [x[:4] + x[5:] for x in sqlite_dyads(lite)]
    assert neo4j_store.check_integrity() == [] and lite.check_integrity() == []
    assert_same_exports(neo4j_store, lite, tmp_path)
    lite.close()


def test_ids_and_values_that_look_like_cypher_are_plain_data(neo4j_store, tmp_path):
    """Ids and values go to the server as parameters, never into Cypher text: ids that look like
    parameters (``$rows`` is the name of the statements' own row parameter), quotes, backslashes,
    backticks and braces are stored as given, and a field that is exactly the null mark of the
    string-coded rows (``\\x1e``) is text, not null. Both stores agree on all of it."""
    odd_ids = ["$rows", "$ids", "$row", "$sep", "$nul", "$now", "$groups", "'", "\\", "`", "}", "{id: 'x'})"]
    actors = [Actor(id=i, name=f"Actor {i}", kind="organisation", role="\x1e" if n % 2 else None)
              for n, i in enumerate(odd_ids)]
    items: list = [Article(id="$rows", text="...", title="\x1e", url="\x1e", published=date(2023, 8, 16), lang="en")]
    for n, a in enumerate(actors):
        b = actors[(n + 1) % len(actors)]
        # (the events carry their article's title and url, as extracted events do)
        items.append(ev("$rows", 100 * n, "040", a, b, "2023-08-15", text=f"{a.id} met {b.id}.").model_copy(
            update={"title": "\x1e", "url": "\x1e"}))
        items.append(ev("`a`", 100 * n, "111", b, a, None, text="\x1e"))
    items.append(ev("'", 0, "172", USA, actors[0], "2023-08-20"))
    lite = sqlite_store()
    for batch_size in (1, 7, 1000):
        r_neo, r_lite = neo4j_store.ingest(items, batch_size=batch_size), lite.ingest(items, batch_size=batch_size)
        assert r_neo.model_dump(exclude={"batches"}) == r_lite.model_dump(exclude={"batches"})
    stats = lite.stats()
    assert stats == {"articles": 3, "events": 2 * len(odd_ids) + 1, "mentions": 2 * len(odd_ids) + 1,
                     "actors": len(odd_ids) + 1, "dyads": 2 * len(odd_ids) + 1}
    assert neo4j_store.stats() == stats
    assert comparable(neo4j_store.events()) == comparable(lite.events())
    assert [a.model_dump() for a in neo4j_store.actors()] == [a.model_dump() for a in lite.actors()]
    assert {a.id for a in neo4j_store.actors()} == {*odd_ids, "USA"}
    assert neo4j_store.actors(text="$rows")[0].roles == []     # "$rows" is actor 0: no role
    assert neo4j_store.actors(text="$ids")[0].roles == [{"role": "\x1e", "country": None}]
    for e in neo4j_store.events():
        assert neo4j_store.mentions(e.id) == lite.mentions(e.id), e.id
    ments = neo4j_store.mentions(neo4j_store.events(source="$rows", target="$ids")[0].id)
    assert [(m.article_id, m.title, m.url, m.evidence.text) for m in ments] == [("$rows", "\x1e", "\x1e", "$rows met $ids.")]
    for actor in ("$rows", "'", "}"):
        for name in ("actor_profile", "ego_network"):
            assert neo4j_store.query(name, actor=actor) == lite.query(name, actor=actor), (name, actor)
    assert neo4j_store.check_integrity() == [] and lite.check_integrity() == []
    assert_same_exports(neo4j_store, lite, tmp_path)
    lite.close()


def test_demo_articles_export_the_same_graph_from_both_stores(neo4j_store, tmp_path):
    """The demo articles through the real extractor into both stores: the same RDF and networks, and a
    mention names the actor as extracted (``gk:sourceActor`` Wang Yi, not China, which the event's
    ``gk:source`` names), as geokg.export.ontology defines it."""
    import pyoxigraph as ox

    from geokg.export import ontology as O
    from geokg.loading import items_from_paths

    items = list(items_from_paths([str(ROOT / "examples")]))
    lite = sqlite_store()
    lite.ingest(items)
    neo4j_store.ingest(items)
    rdf = assert_same_exports(neo4j_store, lite, tmp_path)["nt"]
    wang = ox.NamedNode(O.actor_iri("wang_yi"))
    said_by_wang = {s for s, p, o in rdf if p == ox.NamedNode(O.GK_SOURCE_ACTOR) and o == wang}
    assert said_by_wang, "no mention names Wang Yi as its source actor"
    events = {o for s, p, o in rdf if s in said_by_wang and p == ox.NamedNode(O.GK_MENTION_OF)}
    assert {o for s, p, o in rdf if s in events and p == ox.NamedNode(O.GK_SOURCE)} == {
        ox.NamedNode(O.actor_iri("CHN"))}
    lite.close()


def test_bench_server_floor_stores_the_graph_it_times(bolt_server):
    """bench/ingest_bolt.py's server floor writes (and reads back) a graph of the asked shape."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from ingest_bolt import server_floor
    finally:
        sys.path.remove(str(ROOT / "bench"))
    counts = {"actors": 30, "articles": 40, "events": 120, "mentions": 250, "dyads": 25}
    took = server_floor(bolt_server, counts, batch=50)
    assert set(took) == {*counts, "total"} and took["total"] == pytest.approx(sum(took[k] for k in counts))


def test_bench_statement_timing_names_the_store_statements():
    """bench/bolt_statements.py still finds the store's statements by name (it wraps private runners)."""
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "bolt_statements.py"), "--events", "300",
                        "--heap", "512m"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("ingest ") and "(300 events," in lines[0], r.stdout
    timed = {line.split()[0] for line in lines[1:]}
    assert {"_CREATE_MENTIONS", "_CREATE_ARTICLES", "_READ_ARTICLES", "_READ_EVENTS"} <= timed, r.stdout
    assert not timed & {"other", "?"}, r.stdout


def test_event_record_with_a_word_for_published_is_refused_alike_by_both_stores(neo4j_store, bolt_server, tmp_path):
    """An event JSONL record whose ``published`` is not a day ("yesterday") is refused when the file
    is loaded, whichever the store: one line naming the file, line and field; the record is skipped
    and counted, the others loaded (exit status 2, as for any skipped input); the export then works."""
    good = ev("j1", 0, "112", USA, PRK, "2023-08-14")
    bad = ev("j1", 50, "040", KIM, PUTIN, "2023-08-15").model_dump(mode="json") | {"published": "yesterday"}
    path = tmp_path / "events.jsonl"
    path.write_text(good.model_dump_json() + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    env = {**os.environ, "GEOKG_NEO4J_USER": bolt_server.user, "GEOKG_NEO4J_PASSWORD": bolt_server.password,
           "GEOKG_NEO4J_DATABASE": neo4j_store.database}

    def geokg(*args: str) -> subprocess.CompletedProcess:
        # -c from the repository: this checkout's geokg, not an installed one
        return subprocess.run([sys.executable, "-c", "from geokg.cli import main; main()", *args], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=300)

    lite_path = tmp_path / "g.sqlite"
    outs = {}
    for store in (str(lite_path), neo4j_store.uri):
        r = geokg("ingest", str(path), "--store", store)
        assert r.returncode == 2, r.stderr
        refused = [line for line in r.stderr.splitlines() if "yesterday" in line]
        assert refused == [(f"geokg: skipped {path}:2: not an event record: published: published must be a date"
                            f" YYYY-MM-DD, got 'yesterday'")], r.stderr
        assert "Traceback" not in r.stderr
        assert json.loads(r.stdout)["events"] == 1
        x = geokg("export", "--store", store, "--format", "nt", "--out", str(tmp_path / "x.nt"))
        assert x.returncode == 0, x.stderr
        outs[store] = json.loads(x.stdout)
    assert {k: v for k, v in outs[str(lite_path)].items() if k in ("events", "mentions", "statements")} == {
        k: v for k, v in outs[neo4j_store.uri].items() if k in ("events", "mentions", "statements")}
    with SQLiteStore(lite_path) as lite:
        assert neo4j_store.stats() == lite.stats()
        assert_same_exports(neo4j_store, lite, tmp_path)
