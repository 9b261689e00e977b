"""The embedded SQLite store: schema, ingest and deduplication, filters, views, errors, crash safety.

Inputs are real: events between real states, organisations and people, in articles written here.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from geokg.errors import StoreError
from geokg.graph import EventFilter, StoredActor, actor_key, happening_id, mention_id, open_store
from geokg.graph.sqlite_store import APPLICATION_ID, SCHEMA_VERSION, SQLiteStore
from geokg.schema import codebook
from geokg.schema.models import Actor, Article, Event, Evidence, stable_id

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from gen import generate_events  # noqa: E402

PRK = Actor(id="PRK", name="North Korea", kind="state", country="PRK", wikidata="Q423")
RUS = Actor(id="RUS", name="Russia", kind="state", country="RUS", wikidata="Q159")
USA = Actor(id="USA", name="United States", kind="state", country="USA", wikidata="Q30")
UNSC = Actor(id="UNSC", name="UN Security Council", kind="organisation", wikidata="Q37470")
KIM = Actor(id="kim_jong_un", name="Kim Jong Un", kind="person", country="PRK", wikidata="Q56226",
            role="head of state")
PUTIN = Actor(id="vladimir_putin", name="Vladimir Putin", kind="person", country="RUS", wikidata="Q7747",
              role="head of state")
PATEL = Actor(id="vedant_patel", name="Vedant Patel", kind="person", country="USA",
              role="State Department spokesperson")

ARTICLES = {
    "idn_letters": Article(id="idn_letters", lang="id", published=date(2023, 8, 16),
                           url="https://www.idntimes.com/news/world/kim-putin-surat",
                           title="Kim Jong Un dan Putin Saling Bertukar Surat",
                           text="Kim Jong Un dan Vladimir Putin bertukar surat pada hari Selasa (15/8/2023)."),
    "en_letters": Article(id="en_letters", lang="en", published=date(2023, 8, 17),
                          url="https://example.org/world/kim-putin-letters",
                          title="Kim and Putin exchange letters",
                          text="North Korea's leader Kim Jong Un exchanged letters with Vladimir Putin on Tuesday."),
    "en_arms": Article(id="en_arms", lang="en", published=date(2023, 9, 14),
                       url="https://example.org/world/us-accuses-pyongyang",
                       title="US accuses Pyongyang of arms deal",
                       text="The United States accused North Korea of supplying arms to Russia last month."),
}


def ev(article: str, src: Actor | None, tgt: Actor | None, cameo: str, when: str | None, start: int,
       fact: str = "asserted", text: str = "x", confidence: float = 0.9) -> Event:
    """An extracted event in one of ARTICLES, coded from the real CAMEO codebook."""
    code = codebook.lookup(cameo)
    prec = None if when is None else {10: "day", 7: "month", 4: "year"}[len(when)]
    a = ARTICLES[article]
    return Event(article_id=article, cameo=cameo, quad_class=code.quad_class, goldstein=code.goldstein,
                 plover=code.plover, date=when, date_precision=prec, source=src, target=tgt, factuality=fact,
                 evidence=Evidence(text=text, start=start, end=start + len(text)), confidence=confidence,
                 published=a.published.isoformat(), url=a.url, title=a.title, lang=a.lang)


def letters(article: str, start: int) -> list[Event]:
    """An exchange of letters between Kim and Putin: both leaders act (CAMEO 040, consult)."""
    s = "Kim Jong Un dan Vladimir Putin bertukar surat."
    return [ev(article, KIM, PUTIN, "040", "2023-08-15", start, text=s),
            ev(article, PUTIN, KIM, "040", "2023-08-15", start, text=s)]


INDEXES = ("events_id", "events_source_target_date", "events_target_source_date", "events_date", "events_root",
           "events_factuality", "mentions_event")


def dump(store: SQLiteStore) -> dict[str, list]:
    c = store.connection
    return {t: c.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
            for t in ("articles", "actors", "events", "mentions", "dyads")}


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "g.sqlite")
    yield s
    s.close()


# -- schema and opening ------------------------------------------------------------------------------

def test_schema_created(tmp_path):
    path = tmp_path / "deep" / "folder" / "g.sqlite"  # parent folders are created
    with open_store(f"sqlite://{path}") as s:
        assert isinstance(s, SQLiteStore)
        c = s.connection
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"articles", "actors", "events", "mentions", "dyads"} <= tables
        indexes = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert set(INDEXES) <= indexes
        assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert c.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert c.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        cols = [r[1] for r in c.execute("PRAGMA table_info(events)")]
        assert cols[:4] == ["id", "cameo", "root", "quad_class"] and "date_start" in cols and "date_end" in cols
        # the mentions key is mention_id within its article; the article is the key's first column
        pk = sorted((r[5], r[1]) for r in c.execute("PRAGMA table_info(mentions)") if r[5])
        assert [name for _, name in pk] == ["article_id", "id"]
        assert s.stats() == {"articles": 0, "events": 0, "mentions": 0, "actors": 0, "dyads": 0}
        assert s.check_integrity() == []
    assert path.exists()


def test_uri_forms_and_reopen(tmp_path):
    path = tmp_path / "g.sqlite"
    with open_store(str(path)) as s:
        s.ingest(letters("idn_letters", 0))
        assert s.uri == f"sqlite://{path}"
    for uri in (path, str(path), f"sqlite://{path}"):
        with open_store(uri) as s:
            assert s.stats()["events"] == 2


@pytest.mark.parametrize("make, message", [
    (lambda p: (p.mkdir(), p)[1], "is a folder"),
    (lambda p: (p.write_text("x"), p / "sub" / "g.sqlite")[1], "cannot create the store's folder"),
    (lambda p: (p.write_bytes(b"this is not a database at all, just some words" * 100), p)[1],
     "not a geokg database or is corrupt"),
    (lambda p: (sqlite3.connect(p).execute("CREATE TABLE t (x)").connection.commit(), p)[1],
     "not a geokg store"),
])
def test_bad_paths_raise_store_error(tmp_path, make, message):
    target = make(tmp_path / "g.sqlite")
    with pytest.raises(StoreError, match=message) as info:
        open_store(target)
    assert "\n" not in str(info.value)


def test_not_writable_and_newer_schema(tmp_path):
    with pytest.raises(StoreError):
        open_store("/proc/geokg-test/g.sqlite")   # /proc refuses new folders, even to root
    path = tmp_path / "g.sqlite"
    open_store(path).close()
    c = sqlite3.connect(path)
    c.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    c.close()
    with pytest.raises(StoreError, match="newer geokg"):
        open_store(path)
    if os.geteuid() != 0:  # root may write anywhere: the permission check is for everyone else
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o555)
        with pytest.raises(StoreError, match="not writable"):
            open_store(ro / "g.sqlite")


def test_truncated_database_is_corrupt(tmp_path):
    path = tmp_path / "g.sqlite"
    with open_store(path) as s:
        s.ingest(letters("idn_letters", 0))
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\xff" * 200 + data[300:])  # header kept, schema page smashed
    with pytest.raises(StoreError, match="corrupt"):
        s = open_store(path)
        s.stats()


# -- ingest and deduplication ------------------------------------------------------------------------

def test_ingest_and_stats(store):
    items = [ARTICLES["idn_letters"], *letters("idn_letters", 0),
             ev("idn_letters", USA, PRK, "112", "2023-08", 120, fact="alleged"),
             ev("idn_letters", PRK, None, "138", None, 300)]
    report = store.ingest(items)
    assert (report.articles, report.events_new, report.mentions_new, report.batches) == (1, 4, 4, 1)
    # actors: the two persons, the states they fold into, USA; PRK appears as a target too
    assert store.stats() == {"articles": 1, "events": 4, "mentions": 4, "actors": 5, "dyads": 3}
    assert store.check_integrity() == []


def test_person_folds_into_state_but_stays_on_the_mention(store):
    store.ingest(letters("idn_letters", 0))
    (e,) = store.events(source="PRK")
    assert (e.source, e.target, e.cameo, e.plover, e.date) == ("PRK", "RUS", "040", "CONSULT", "2023-08-15")
    actors = {a.id: a for a in store.actors()}
    assert set(actors) == {"PRK", "RUS", "kim_jong_un", "vladimir_putin"}
    assert actors["kim_jong_un"].country == "PRK" and actors["kim_jong_un"].kind == "person"
    assert actors["kim_jong_un"].roles == [{"role": "head of state", "country": "PRK"}]
    assert actors["PRK"].name == "North Korea" and actors["PRK"].kind == "state"  # from ISO 3166 until seen
    row = store.connection.execute("SELECT source_actor, target_actor FROM mentions WHERE event_id = ?",
                                   (e.id,)).fetchone()
    assert row == ("kim_jong_un", "vladimir_putin")
    # the state itself, once ingested, replaces the provisional row
    store.ingest([ev("en_arms", RUS, PRK, "040", "2023-08-15", 0)])
    assert store.actors(text="north korea")[0].wikidata == "Q423"


def test_same_happening_from_two_articles_is_one_event(store):
    store.ingest([ARTICLES["idn_letters"], *letters("idn_letters", 10)])
    store.ingest([ARTICLES["en_letters"], *letters("en_letters", 0)])
    assert store.stats()["events"] == 2 and store.stats()["mentions"] == 4
    (e,) = store.events(source="PRK", target="RUS")
    assert (e.mention_count, e.source_count) == (2, 2)
    ms = store.mentions(e.id)
    assert [m.article_id for m in ms] == ["idn_letters", "en_letters"]  # by publication date
    assert ms[0].url == ARTICLES["idn_letters"].url and ms[1].title == ARTICLES["en_letters"].title
    assert ms[1].published == date(2023, 8, 17) and ms[0].evidence.start == 10
    # the happening identity is the shared one from geokg.graph.base
    assert e.id == happening_id(letters("en_letters", 0)[0])
    dy = store.connection.execute("SELECT count FROM dyads WHERE source = 'PRK' AND target = 'RUS'").fetchall()
    assert dy == [(1,)]  # dyads count happenings, not mentions


def test_second_sentence_of_the_same_article_counts_as_mention_not_source(store):
    store.ingest([*letters("idn_letters", 0), *letters("idn_letters", 400)])
    (e,) = store.events(source="PRK")
    assert (e.mention_count, e.source_count) == (2, 1)
    store.ingest(letters("en_letters", 0))
    (e,) = store.events(source="PRK")
    assert (e.mention_count, e.source_count) == (3, 2)
    assert store.check_integrity() == []


def test_reingest_changes_nothing(store):
    items = [*ARTICLES.values(), *letters("idn_letters", 0), *letters("en_letters", 0),
             ev("en_arms", USA, PRK, "112", "2023-08", 0, fact="alleged"),
             ev("en_arms", PRK, USA, "112", "2023-09-14", 90, fact="denied"),
             ev("en_arms", PATEL, KIM, "1041", "2023-09", 200)]
    store.ingest(items)
    before = dump(store)
    for batch_size in (5000, 2):
        report = store.ingest(items, batch_size=batch_size)
        assert (report.articles, report.events_new, report.mentions_new) == (0, 0, 0)
        assert dump(store) == before
    assert store.check_integrity() == []


def test_batch_size_does_not_change_the_result(tmp_path):
    evs = list(generate_events(300, seed=5))
    results = []
    for batch_size in (7, 100, 10_000):
        with open_store(tmp_path / f"b{batch_size}.sqlite") as s:
            report = s.ingest(evs, batch_size=batch_size)
            assert report.batches == -(-len(evs) // batch_size)
            c = s.connection
            results.append((s.stats(),
                            c.execute("SELECT id, cameo, factuality, mention_count, source_count FROM events"
                                      " ORDER BY id").fetchall(),
                            # sums of Goldstein scores may differ in the last bits with the order of addition
                            c.execute("SELECT source, target, root, count, round(goldstein_sum, 6), first_date,"
                                      " last_date FROM dyads ORDER BY 1, 2, 3").fetchall()))
            assert s.check_integrity() == []
    assert results[0] == results[1] == results[2]
    assert results[0][0]["events"] == 300


def test_event_factuality_from_its_mentions(store):
    a = ev("en_arms", USA, PRK, "1121", "2023-08", 0, fact="alleged")
    d = ev("en_letters", USA, PRK, "1121", "2023-08", 0, fact="denied")
    store.ingest([a])
    assert store.events()[0].factuality == "alleged"
    store.ingest([d])  # across batches: one alleged, one denied -> tie, broken by FACTUALITY_ORDER
    (e,) = store.events()
    assert (e.factuality, e.mention_count) == ("denied", 2)
    facts = store.connection.execute("SELECT article_id, factuality FROM mentions ORDER BY 1").fetchall()
    assert facts == [("en_arms", "alleged"), ("en_letters", "denied")]
    store.ingest([ev("idn_letters", USA, PRK, "112", "2023-08", 0)])  # one asserting mention wins
    assert store.events()[0].factuality == "asserted"
    assert store.events(factuality="asserted")[0].mention_count == 3


def test_undated_events_stay_apart(store):
    store.ingest([ev("en_arms", PRK, None, "138", None, 0), ev("en_letters", PRK, None, "138", None, 0)])
    assert store.stats()["events"] == 2 and store.stats()["dyads"] == 0
    assert [e.date for e in store.events()] == [None, None]


def test_dicts_and_gazetteer_actors(store):
    e = ev("en_arms", USA, RUS, "1246", "2023-09-14", 0)
    store.ingest([json.loads(e.model_dump_json()), ARTICLES["en_arms"].model_dump(mode="json"),
                  StoredActor(id="PRK", name="North Korea", kind="state", country="PRK", wikidata="Q423",
                              aliases=["Korea Utara", "Korut", "DPRK"]),
                  StoredActor(id="sergei_shoigu", name="Sergei Shoigu", kind="person", country="RUS",
                              roles=[{"role": "defence minister", "country": "RUS", "until": "2024-05"}])])
    assert store.stats()["events"] == 1 and store.stats()["articles"] == 1
    assert store.events()[0].id == happening_id(e)
    assert [a.id for a in store.actors(text="KORUT")] == ["PRK"]
    assert store.actors(kind="person")[0].roles[0]["until"] == "2024-05"


def test_bad_item_rolls_back_its_batch(store):
    with pytest.raises(StoreError, match="cannot ingest"):
        store.ingest([*letters("idn_letters", 0), "not an event"])
    assert store.stats()["events"] == 0


# -- reading -----------------------------------------------------------------------------------------

@pytest.fixture
def loaded(store):
    store.ingest([
        *ARTICLES.values(),
        *letters("idn_letters", 0), *letters("en_letters", 0),
        ev("en_arms", USA, PRK, "112", "2023-08", 0, fact="alleged"),        # month precision
        ev("en_arms", PRK, USA, "1121", "2023-09-14", 100, fact="denied"),
        ev("en_arms", PATEL, KIM, "1041", "2023-09", 200),                   # persons fold: USA -> PRK
        ev("en_arms", USA, RUS, "163", "2023", 300),                          # year precision
        ev("en_arms", UNSC, PRK, "1122", "2022-11-03", 400),
        ev("en_arms", PRK, None, "138", None, 500),
    ])
    return store


def test_event_filters(loaded):
    s = loaded
    dates = [e.date for e in s.events()]
    assert dates == ["2022-11-03", "2023", "2023-08", "2023-08-15", "2023-08-15", "2023-09", "2023-09-14", None]
    assert {(e.source, e.target) for e in s.events(actor="USA")} == {("USA", "PRK"), ("PRK", "USA"), ("USA", "RUS")}
    assert {e.cameo for e in s.events(cameo="11")} == {"112", "1121", "1122"}
    assert {e.cameo for e in s.events(cameo="112")} == {"112", "1121", "1122"}
    assert [e.cameo for e in s.events(cameo="1121")] == ["1121"]
    assert [e.cameo for e in s.events(cameo="1")] == [e.cameo for e in s.events() if e.cameo.startswith("1")]
    assert {e.cameo for e in s.events(quad_class=4)} == {"163"}
    assert [e.factuality for e in s.events(factuality="denied")] == ["denied"]
    assert len(s.events(article_id="en_letters")) == 2
    # since/until: the date's interval at its precision overlaps the range
    assert [e.date for e in s.events(since=date(2023, 8, 20), until=date(2023, 9, 1))] == ["2023", "2023-08", "2023-09"]
    assert [e.date for e in s.events(since="2023-09-10")] == ["2023", "2023-09", "2023-09-14"]
    assert [e.date for e in s.events(until="2023-01-01")] == ["2022-11-03", "2023"]
    assert [e.date for e in s.events(since="2024-01-01")] == []
    page = s.events(limit=3, offset=2)
    assert [e.id for e in page] == [e.id for e in s.events()][2:5]
    f = EventFilter(source="PRK", cameo="04")
    assert [(e.target, e.mention_count, e.source_count) for e in s.events(f)] == [("RUS", 2, 2)]
    assert s.events(f, target="USA") == []
    with pytest.raises(StoreError):
        s.events(cameo="1%")


def test_actor_search(loaded):
    s = loaded
    s.ingest([StoredActor(id="PRK", name="North Korea", kind="state", country="PRK", wikidata="Q423",
                          aliases=["Korea Utara", "Korut", "DPRK", "Pyongyang"])])
    assert [a.id for a in s.actors(text="korea utara")] == ["PRK"]
    assert [a.id for a in s.actors(text="PYONG")] == ["PRK"]
    assert [a.id for a in s.actors(text="putin")] == ["vladimir_putin"]
    assert {a.id for a in s.actors(kind="state")} == {"PRK", "RUS", "USA"}
    assert {a.id for a in s.actors(country="USA")} == {"USA", "vedant_patel"}
    assert len(s.actors(limit=2)) == 2
    # Another name for a known actor: the longest of its names is its name (whichever came first),
    # the others are aliases: "Amerika Serikat" (15 characters) over "United States" (13).
    s.ingest([ev("en_arms", Actor(id="USA", name="Amerika Serikat", kind="state", country="USA"), PRK, "110",
                 "2023-10-01", 900)])
    (usa,) = s.actors(text="amerika")
    assert usa.name == "Amerika Serikat" and usa.aliases == ["United States"]
    s.ingest([ev("en_arms", Actor(id="USA", name="US", kind="state", country="USA"), PRK, "110", "2023-10-01", 950)])
    assert s.actors(text="amerika")[0].aliases == ["US", "United States"]


def test_to_networkx(loaded):
    g = loaded.to_networkx()
    assert isinstance(g, nx.MultiDiGraph)
    assert set(g.nodes) == {"PRK", "RUS", "USA", "UNSC"}
    assert g.nodes["PRK"] == {"name": "North Korea", "kind": "state", "country": "PRK", "wikidata": "Q423",
                                    "sector": None}
    assert g.nodes["UNSC"]["kind"] == "organisation"
    assert g.number_of_edges() == 7  # every event with both actors
    (key, data), = g["PRK"]["RUS"].items()
    assert key == data["id"] and data["cameo"] == "040" and data["mention_count"] == 2
    assert set(data) == {"id", "cameo", "root", "quad_class", "goldstein", "plover", "date", "factuality",
                         "mention_count"}
    assert g.number_of_edges("USA", "PRK") == 2  # the accusation and Patel's (folded) call
    sept = loaded.to_networkx(since=date(2023, 9, 1), until=date(2023, 9, 30))
    assert sorted(d["date"] for *_, d in sept.edges(data=True)) == ["2023", "2023-09", "2023-09-14"]
    assert {(u, v) for u, v in loaded.to_networkx(min_events=2).edges()} == {("USA", "PRK")}
    assert list(loaded.to_networkx(factuality="denied").edges()) == [("PRK", "USA")]


def test_check_integrity_finds_tampering(loaded):
    c = loaded.connection
    c.execute("UPDATE dyads SET count = count + 1 WHERE source = 'USA' AND target = 'RUS'")
    c.execute("UPDATE events SET mention_count = 5 WHERE source = 'UNSC'")
    problems = loaded.check_integrity()
    assert len(problems) == 2
    assert any("dyad USA->RUS" in p for p in problems) and any("mention_count" in p for p in problems)


# -- generated data ----------------------------------------------------------------------------------

def test_generated_events_at_scale(tmp_path):
    evs = list(generate_events(10_000, seed=3))
    for e in evs[:2000:7]:  # the generator builds events without validation: check that they are valid
        assert Event.model_validate(e.model_dump()) == e
        sk, tk = actor_key(e.source), actor_key(e.target)
        scope = e.date or f"undated:{e.article_id}:{e.evidence.start}:{e.cameo}"
        assert happening_id(e) == stable_id("hp", sk, tk, e.cameo[:2], scope)
        assert mention_id(e) == stable_id("mn", e.article_id, e.evidence.start, e.evidence.end, e.cameo, sk, tk)
    with open_store(tmp_path / "gen.sqlite") as s:
        report = s.ingest(evs, batch_size=2000)
        assert report.events_new == 10_000 and report.mentions_new == len(evs)
        st = s.stats()
        assert st["events"] == 10_000 and st["mentions"] == len(evs) > 18_000
        assert 1000 < st["actors"] <= 5000 and st["dyads"] > 1000  # about 5,000 exist; the busy ones appear
        assert s.check_integrity() == []
        assert s.ingest(evs[3000:9000]).mentions_new == 0
        assert s.stats() == st
        # the busiest dyad's summary equals a recount of its events
        src, tgt, n = s.connection.execute(
            "SELECT source, target, sum(count) FROM dyads GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1").fetchone()
        assert len(s.events(source=src, target=tgt)) == n
        g = s.to_networkx(since=date(2020, 1, 1), until=date(2020, 12, 31))
        assert 0 < g.number_of_edges() < 10_000


# -- bulk load ---------------------------------------------------------------------------------------

def content(store: SQLiteStore) -> dict[str, list]:
    """Every table but the ingest timestamps; events in rowid (first seen) order."""
    c = store.connection
    return {
        "articles": c.execute("SELECT id, url, title, published, lang, source FROM articles ORDER BY id").fetchall(),
        "actors": c.execute("SELECT * FROM actors ORDER BY id").fetchall(),
        "events": c.execute("SELECT rowid, id, cameo, root, quad_class, goldstein, plover, date, date_precision,"
                            " date_start, date_end, factuality, source, target, mention_count, source_count"
                            " FROM events ORDER BY rowid").fetchall(),
        "mentions": c.execute('SELECT id, event_id, article_id, evidence, "start", "end", confidence, factuality,'
                              " source_actor, target_actor, cameo FROM mentions ORDER BY article_id, id").fetchall(),
        # sums of Goldstein scores may differ in the last bits with the order of addition
        "dyads": c.execute("SELECT source, target, root, count, round(goldstein_sum, 6), first_date, last_date"
                           " FROM dyads ORDER BY 1, 2, 3").fetchall(),
    }


def schema_names(store: SQLiteStore) -> set[str]:
    return {r[0] for r in store.connection.execute("SELECT name FROM sqlite_master")}


@pytest.mark.parametrize("batch_size", [700, 60])
def test_bulk_load_gives_the_same_store(tmp_path, batch_size):
    evs = list(generate_events(3000, seed=7))
    with open_store(tmp_path / "normal.sqlite") as ref:
        ref.ingest(evs, batch_size=batch_size, bulk=False)
        want = content(ref)
    # events whose mentions disagree, no mention asserting them: decided by the rule across batches
    mixed = [r for r in want["events"] if r[11] != "asserted" and r[14] > 1]
    assert len(mixed) > 20 and {r[11] for r in mixed} >= {"alleged", "denied"}
    # into an empty store (every index dropped, factualities kept in memory), and into a store that
    # holds part of the stream already (the events indexes dropped, factualities read from mentions)
    for name, first in (("fresh", 0), ("partial", len(evs) // 3 // batch_size * batch_size)):
        with open_store(tmp_path / f"{name}.sqlite") as s:
            c = s.connection
            cache = c.execute("PRAGMA cache_size").fetchone()[0]
            s.ingest(evs[:first], batch_size=batch_size, bulk=False)
            report = s.ingest(evs[first:], batch_size=batch_size, bulk=True)
            assert report.batches == -(-(len(evs) - first) // batch_size)
            assert content(s) == want
            assert set(INDEXES) <= schema_names(s) and "bulk_load" not in schema_names(s)
            assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert c.execute("PRAGMA cache_size").fetchone()[0] == cache
            assert s.check_integrity() == []
            # idempotent in bulk too
            report = s.ingest(evs, batch_size=batch_size, bulk=True)
            assert (report.articles, report.events_new, report.mentions_new) == (0, 0, 0)
            assert content(s) == want


def test_bulk_mode_is_chosen_by_size(tmp_path, monkeypatch):
    import geokg.graph.sqlite_store as mod

    monkeypatch.setattr(mod, "BULK_MIN_ITEMS", 1000)
    evs = list(generate_events(2200, seed=9))   # about 4,400 records

    def indexed(items, store, **kw):
        """Per batch: were the events indexes there while it was written?"""
        seen = []
        store.ingest(items, batch_size=500, on_batch=lambda conn, _: seen.append(conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'events_root'").fetchone()[0] == 1), **kw)
        assert "events_root" in schema_names(store)
        return seen

    with open_store(tmp_path / "a.sqlite") as s:
        # a stream: bulk from the batch that brings the call to BULK_MIN_ITEMS items
        assert indexed((e for e in evs[:3000]), s) == [True, False, False, False, False, False]
        # a list: known from the start; but the store now holds more events than the call brings items
        assert 1000 <= len(evs[3000:4200]) < s.stats()["events"]
        assert all(indexed(evs[3000:4200], s))
        assert all(indexed(evs[:3000], s, bulk=False))
    with open_store(tmp_path / "b.sqlite") as s:
        assert not any(indexed(evs[:2100], s))
        assert s.check_integrity() == []


def test_failed_bulk_load_keeps_its_committed_batches_and_indexes(tmp_path):
    evs = list(generate_events(1000, seed=4))
    with open_store(tmp_path / "g.sqlite") as s:
        with pytest.raises(StoreError, match="cannot ingest"):
            s.ingest([*evs[:1500], "not an event"], batch_size=500, bulk=True)
        assert s.stats()["mentions"] == 1500 - 0  # three batches committed, the fourth rolled back
        assert set(INDEXES) <= schema_names(s) and "bulk_load" not in schema_names(s)
        assert s.connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert s.check_integrity() == []


def test_open_rebuilds_indexes_unless_a_live_process_is_loading(tmp_path):
    path = tmp_path / "g.sqlite"
    with open_store(path) as s:
        s.ingest(list(generate_events(300, seed=2)))
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        raw = sqlite3.connect(path)
        raw.execute("DROP INDEX events_root")
        raw.execute("DROP INDEX mentions_event")
        raw.execute("DROP INDEX events_id")
        raw.execute("CREATE TABLE bulk_load (pid INTEGER NOT NULL, started TEXT NOT NULL)")
        raw.execute("INSERT INTO bulk_load VALUES (?, '2024-01-01')", (sleeper.pid,))
        raw.commit()
        raw.close()
        with open_store(path) as s:   # the loader is alive: it will build them when it is done
            assert "events_root" not in schema_names(s) and "bulk_load" in schema_names(s)
            assert len(s.events(cameo="04")) > 0
            # without the unique index on event ids, only the loader may write
            before = s.stats()
            with pytest.raises(StoreError, match=f"process {sleeper.pid} is bulk loading"):
                s.ingest(list(generate_events(20, seed=5)))
            assert s.stats() == before
    finally:
        sleeper.kill()
        sleeper.wait()
    with open_store(path) as s:       # the loader died: this open builds them
        assert set(INDEXES) <= schema_names(s) and "bulk_load" not in schema_names(s)
        assert s.check_integrity() == []


# -- crash safety ------------------------------------------------------------------------------------

CHILD = textwrap.dedent("""
    import sys, time
    from itertools import islice
    path, bench, n, chunk_size, hold = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    bulk = sys.argv[6] == "bulk"
    sys.path.insert(0, bench)
    from gen import generate_events
    from geokg.graph import open_store

    store = open_store(path)
    store.connection.execute(
        "CREATE TABLE IF NOT EXISTS committed (batch INTEGER PRIMARY KEY, events INTEGER, mentions INTEGER)")
    done = [0]

    def record(conn, _):
        if bulk and done[0]:
            print("committed", done[0], flush=True)  # the batch before this one is committed
        # In the batch's own transaction: this row exists if and only if the batch committed.
        done[0] += 1
        e = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        m = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
        conn.execute("INSERT INTO committed VALUES (?, ?, ?)", (done[0], e, m))
        print("writing", done[0], flush=True)
        if done[0] == hold:
            time.sleep(120)  # every row of the batch is written, none committed: wait for SIGKILL

    stream = generate_events(n, seed=11)
    if bulk:
        # One call for the whole stream, loaded in bulk: indexes dropped in the first batch.
        store.ingest(stream, batch_size=chunk_size, on_batch=record, bulk=True)
    while not bulk:
        chunk = list(islice(stream, chunk_size))
        if not chunk:
            break
        store.ingest(chunk, batch_size=len(chunk), on_batch=record)
        print("committed", done[0], flush=True)  # reported only once the batch is committed
    print("finished", flush=True)
""")
N_CRASH = 12_000


def _run_and_kill(path: Path, hold: int, kill_after: int, mode: str = "calls") -> int:
    """Run the child ingest and SIGKILL it: inside batch *hold*'s transaction, or (hold=0) as soon as
    *kill_after* batches are reported, wherever it then is. Returns the last reported batch."""
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(ROOT / "bench"), str(N_CRASH), "1500",
                              str(hold), mode], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    last = 0
    try:
        for line in child.stdout:
            word, _, n = line.partition(" ")
            assert word != "finished\n", "the child finished before it could be killed"
            if word == "committed":
                last = int(n)
            if (hold and word == "writing" and int(n) == hold) or (not hold and last == kill_after):
                os.kill(child.pid, signal.SIGKILL)
                break
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stderr.read()
    return last


@pytest.mark.parametrize("mode", ["calls", "bulk"])
@pytest.mark.parametrize("hold", [5, 0], ids=["killed-inside-a-transaction", "killed-anywhere"])
def test_crash_mid_ingest_keeps_exactly_the_committed_batches(tmp_path, hold, mode):
    path = tmp_path / "crash.sqlite"
    last_reported = _run_and_kill(path, hold, kill_after=4, mode=mode)
    if mode == "bulk":  # the bulk load had dropped the indexes; the store says who would rebuild them
        raw = sqlite3.connect(path)
        names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
        raw.close()
        assert "events_root" not in names and "bulk_load" in names
    with open_store(path) as s:
        assert s.check_integrity() == []
        c = s.connection
        names = {r[0] for r in c.execute("SELECT name FROM sqlite_master")}
        assert set(INDEXES) <= names and "bulk_load" not in names  # rebuilt on open: the loader is dead
        batches = c.execute("SELECT batch, events, mentions FROM committed ORDER BY batch").fetchall()
        # every committed batch is there, in order, and nothing of an uncommitted one
        assert [b[0] for b in batches] == list(range(1, len(batches) + 1))
        if hold:
            assert last_reported == hold - 1 == len(batches)
        else:  # the child may have committed one more batch after its last report
            assert last_reported <= len(batches) <= last_reported + 1
        stats = s.stats()
        assert (stats["events"], stats["mentions"]) == batches[-1][1:] and stats["events"] > 0
        assert stats["mentions"] == 1500 * len(batches)  # generated events are all distinct mentions
        if hold:
            return
        # a resumed ingest of the whole input completes the store as one clean run would
        evs = list(generate_events(N_CRASH, seed=11))
        s.ingest(evs)
        resumed = s.stats()
        assert s.check_integrity() == []
    with open_store(tmp_path / "clean.sqlite") as clean:
        clean.ingest(evs)
        assert clean.stats() == resumed


def test_schema_1_is_migrated(tmp_path):
    """Schema 1 keyed events by their id; schema 2 by rowid, with a unique index on id."""
    path = tmp_path / "old.sqlite"
    evs = list(generate_events(400, seed=6))
    with open_store(path) as s:
        s.ingest(evs, batch_size=300)
        want = content(s)
    # A schema-1 file knows no sectors: its actors come back with none (the last column).
    want["actors"] = [r[:-1] + (None,) for r in want["actors"]]
    raw = sqlite3.connect(path, isolation_level=None)
    cols = [r[1] for r in raw.execute("PRAGMA table_info(events)")]
    create = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    raw.execute("BEGIN")
    raw.execute(create.replace("CREATE TABLE events (", "CREATE TABLE events_v1 (", 1)
                .replace("id             TEXT NOT NULL", "id             TEXT PRIMARY KEY", 1))
    raw.execute(f"INSERT INTO events_v1 (rowid, {', '.join(cols)}) SELECT rowid, {', '.join(cols)} FROM events")
    raw.execute("DROP TABLE events")
    raw.execute("ALTER TABLE events_v1 RENAME TO events")
    raw.execute("ALTER TABLE actors DROP COLUMN sector")  # schema 3 added it
    raw.execute("DROP TABLE windows")                     # schema 4 added it
    raw.execute("PRAGMA user_version=1")
    raw.execute("COMMIT")
    assert raw.execute("SELECT count(*) FROM pragma_index_list('events') WHERE origin = 'pk'").fetchone()[0] == 1
    raw.close()
    with open_store(path) as s:
        c = s.connection
        assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
        assert "windows" in schema_names(s)
        assert c.execute("SELECT count(*) FROM pragma_index_list('events') WHERE origin = 'pk'").fetchone()[0] == 0
        assert set(INDEXES) <= schema_names(s)
        assert content(s) == want   # same rows, same rowids
        assert s.check_integrity() == []
        report = s.ingest(evs)
        assert (report.events_new, report.mentions_new) == (0, 0)
        with pytest.raises(sqlite3.IntegrityError):
            c.execute("INSERT INTO events SELECT * FROM events LIMIT 1")


def test_ingest_bench_runs_and_reports(tmp_path):
    """bench/ingest.py (the figures of the closing notes) still runs: a small load, checked, and its floor."""
    store = tmp_path / "b.sqlite"
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "ingest.py"), "--events", "3000", "--chunk", "1000",
                        "--store", str(store), "--check", "--engine-floor"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    out = dict(line.split(None, 1) for line in r.stdout.splitlines() if line.strip() and not line.startswith(" "))
    assert out["events/s"].split()[1:] == ["(3,000", "events", "stored)"]
    assert out["integrity"].startswith("ok")
    assert "build indexes" in out["engine"] and "events/s for any SQLite store" in out["ceiling"]
    assert not [p.name for p in tmp_path.iterdir() if ".floor" in p.name]  # the copy is removed
    with open_store(store) as s:
        assert s.stats()["events"] == 3000
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "ingest.py"), "--events", "2000", "--floor"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and "us/record" in r.stdout and "events/s for any store" in r.stdout, r.stderr
