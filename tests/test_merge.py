"""How extracted mentions merge into stored events, the same in both stores and in any order.

* Date windows (issue 14 item 6): an undated event whose article has a publication date may
  have happened in the seven days before it; it joins the dated happening of its dyad and CAMEO
  root inside that window (the closest to publication), else the undated reports whose windows
  overlap it (geokg.graph.base.assign_windows).
* Order (issue 16 item 15): every stored attribute of an event or actor is a function of the set
  of its reports: loading A then B gives what B then A gives, ids and counts included.

Every test runs on the embedded store and on the Neo4j store (the Bolt test server).
"""

from __future__ import annotations

import contextlib
import random
import sys
from datetime import date
from itertools import permutations
from pathlib import Path
from collections.abc import Callable
from typing import Any

import pytest

from geokg.graph import happening_id
from geokg.graph.base import happening_id_of, window_key
from geokg.graph.sqlite_store import SQLiteStore
from geokg.schema import codebook
from geokg.schema.models import Actor, Article, Event, Evidence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

IDN = Actor(id="IDN", name="Indonesia", kind="state", country="IDN", wikidata="Q252")
PRK = Actor(id="PRK", name="North Korea", kind="state", country="PRK", wikidata="Q423")
RETNO = Actor(id="retno_marsudi", name="Retno Marsudi", kind="person", country="IDN", role="foreign minister",
              sector="GOV")


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.bolt)])
def make_store(request, tmp_path) -> Any:
    """A factory of fresh, empty stores of one kind (each call: a new store)."""
    with contextlib.ExitStack() as stack:
        serial = iter(range(1000))

        def make():
            n = next(serial)
            if request.param == "sqlite":
                return stack.enter_context(SQLiteStore(tmp_path / f"s{n}.sqlite"))
            from geokg.graph.neo4j_store import Neo4jStore

            server = request.getfixturevalue("bolt_server")
            db = stack.enter_context(server.fresh_database(server.new_database_name(f"{request.node.name}{n}")))
            return stack.enter_context(Neo4jStore(server.uri, user=server.user, password=server.password,
                                                  database=db))
        yield make


def ev(article: str, published: str | None, cameo: str, day: str | None, *, source: Actor = IDN,
       target: Actor = PRK, start: int = 0, fact: str = "asserted", conf: float = 0.8, text: str | None = None) -> Event:
    """An extracted event coded from the codebook; *published* is its article's publication day."""
    c = codebook.lookup(cameo)
    prec = None if day is None else {10: "day", 7: "month", 4: "year"}[len(day)]
    text = text or f"{source.name} {c.name.lower()} {target.name} ({article})."
    return Event(article_id=article, cameo=cameo, quad_class=c.quad_class, goldstein=c.goldstein, plover=c.plover,
                 date=day, date_precision=prec, source=source, target=target, factuality=fact, confidence=conf,
                 evidence=Evidence(text=text, start=start, end=start + len(text)), published=published)


def snapshot(store: Any) -> dict[str, Any]:
    """Everything a store holds that does not depend on when it was written."""
    events = [e.model_dump(exclude={"first_seen", "last_seen"}) for e in store.events()]
    return {
        "stats": store.stats(),
        "events": events,
        "mentions": {e["id"]: [m.model_dump() for m in store.mentions(e["id"])] for e in events},
        "actors": [a.model_dump() for a in store.actors()],
    }


def load(make: Callable[[], Any], *calls: list) -> dict[str, Any]:
    """A fresh store loaded by one ingest call per list of items (batches of 2), then its snapshot."""
    store = make()
    for items in calls:
        store.ingest(items, batch_size=2)
    assert store.check_integrity() == []
    return snapshot(store)


# -- date windows ---------------------------------------------------------------------------------------

# Indonesia condemns North Korea's missile test (root 11): one dated report and two undated ones
# published within a week of the date; two more undated reports a fortnight later, a dated one
# outside every window, one of month precision and one with no publication date.
DATED = ev("a1", "2023-08-16", "111", "2023-08-14")
LATE_1 = ev("a2", "2023-08-18", "112", None)             # window 08-11..08-18 holds 08-14
LATE_2 = ev("a3", "2023-08-20", "110", None)             # window 08-13..08-20 holds 08-14
LATER_1 = ev("a4", "2023-08-30", "111", None)            # window 08-23..08-30: no dated day
LATER_2 = ev("a5", "2023-08-25", "111", None)            # 08-18..08-25: overlaps a4's window
EARLY = ev("a6", "2023-08-16", "111", "2023-08-05")      # a dated day no window holds
MONTH = ev("a7", "2023-08-20", "111", "2023-08")         # a month is never inside a window
NO_DAY = ev("a8", None, "111", None)                     # no publication date: stays in its article
WINDOW_CASE = [DATED, LATE_1, LATE_2, LATER_1, LATER_2, EARLY, MONTH, NO_DAY]


def test_window_case_merges_as_the_rule_says(make_store):
    store = make_store()
    store.ingest(WINDOW_CASE)
    events = {e.id: e for e in store.events()}
    dated = happening_id_of("IDN", "PRK", "11", "2023-08-14")
    later = happening_id_of("IDN", "PRK", "11", "undated-from:2023-08-25")
    assert set(events) == {dated, later, happening_id(EARLY), happening_id(MONTH), happening_id(NO_DAY)}
    # the dated report and the two undated ones published within a week: one event, three sources
    assert (events[dated].mention_count, events[dated].source_count, events[dated].date) == (3, 3, "2023-08-14")
    assert {m.article_id for m in store.mentions(dated)} == {"a1", "a2", "a3"}
    # its code is the lowest of its mentions' (110 < 111 < 112), and Goldstein etc. follow from it
    assert (events[dated].cameo, events[dated].goldstein) == ("110", codebook.lookup("110").goldstein)
    # the two later undated reports: one undated event (their windows overlap)
    assert (events[later].mention_count, events[later].date) == (2, None)
    assert {m.article_id for m in store.mentions(later)} == {"a4", "a5"}
    # outside every window, of month precision, or with no publication date: alone
    for e in (EARLY, MONTH, NO_DAY):
        assert events[happening_id(e)].mention_count == 1
    assert store.stats()["events"] == 5 and store.check_integrity() == []


def test_dated_day_outside_the_window_does_not_merge(make_store):
    store = make_store()
    # published 08-20: the window is 08-13..08-20; 08-12 is a day too early, 08-21 is after publication
    store.ingest([ev("d1", "2023-08-13", "111", "2023-08-12"), ev("d2", "2023-08-22", "111", "2023-08-21"),
                  ev("u1", "2023-08-20", "112", None)])
    assert sorted(e.mention_count for e in store.events()) == [1, 1, 1]
    undated = [e for e in store.events() if e.date is None]
    assert [e.id for e in undated] == [happening_id_of("IDN", "PRK", "11", "undated-from:2023-08-20")]
    # another root, or another dyad, inside the window: not the same happening either
    store.ingest([ev("d3", "2023-08-20", "040", "2023-08-19"), ev("d4", "2023-08-20", "111", "2023-08-19",
                                                                 source=PRK, target=IDN)])
    assert [e.mention_count for e in store.events() if e.date is None] == [1]


@pytest.mark.parametrize("order", list(permutations(range(4))))
def test_every_order_gives_the_same_store(make_store, order):
    """Four ingest calls in each of their 24 orders: the same events, ids, counts and mentions."""
    calls = [[DATED, EARLY], [LATE_1, LATER_1], [LATE_2, NO_DAY], [LATER_2, MONTH]]
    want = load(make_store, WINDOW_CASE)
    assert load(make_store, *(calls[i] for i in order)) == want


def test_undated_first_then_dated_moves_the_undated_reports(make_store):
    """Undated reports stored first make an undated event; the dated report arriving later takes them
    in (their mentions are re-homed) and the undated event is gone, as if it had come first."""
    store = make_store()
    store.ingest([LATE_1, LATE_2])
    (undated,) = store.events()
    assert (undated.date, undated.mention_count) == (None, 2)
    assert store.stats()["dyads"] == 1
    store.ingest([DATED])
    (dated,) = store.events()
    assert (dated.id, dated.date, dated.mention_count, dated.source_count, dated.cameo) == (
        happening_id(DATED), "2023-08-14", 3, 3, "110")
    assert store.mentions(undated.id) == []
    assert store.check_integrity() == []


def test_the_dated_happening_closest_to_publication_wins(make_store):
    """Two dated happenings inside one window: the undated report joins the later (closer to its
    publication); stored first with the earlier one, it moves when the closer one arrives, and the
    earlier one is left with its own report and code."""
    early, close = ev("d1", "2023-08-15", "111", "2023-08-14"), ev("d2", "2023-08-17", "111", "2023-08-16")
    undated = ev("u1", "2023-08-18", "110", None)
    first = make_store()
    first.ingest([early, undated])
    assert [e.mention_count for e in first.events()] == [2]
    assert first.events()[0].cameo == "110"
    first.ingest([close])
    by_id = {e.id: e for e in first.events()}
    assert (by_id[happening_id(early)].mention_count, by_id[happening_id(early)].cameo) == (1, "111")
    assert (by_id[happening_id(close)].mention_count, by_id[happening_id(close)].cameo) == (2, "110")
    assert first.check_integrity() == []
    assert snapshot(first) == load(make_store, [close, undated, early])


def test_chains_of_windows_join_and_split_as_reports_arrive(make_store):
    """Undated windows chain (08-30 and 08-25 overlap): the event is named by the chain's earliest
    publication, so a report that extends it earlier renames it; a dated day inside both windows
    then takes both reports."""
    store = make_store()
    store.ingest([LATER_1])
    assert [e.id for e in store.events()] == [happening_id_of("IDN", "PRK", "11", "undated-from:2023-08-30")]
    store.ingest([LATER_2])
    assert [(e.id, e.mention_count) for e in store.events()] == [
        (happening_id_of("IDN", "PRK", "11", "undated-from:2023-08-25"), 2)]
    bridge = ev("b1", "2023-08-24", "111", "2023-08-24")   # inside 08-18..08-25 and 08-23..08-30
    store.ingest([bridge])
    assert [(e.id, e.mention_count) for e in store.events()] == [(happening_id(bridge), 3)]
    assert store.stats()["dyads"] == 1 and store.check_integrity() == []
    assert snapshot(store) == load(make_store, [bridge, LATER_2, LATER_1])


def test_window_key_matches_the_dated_identity():
    """The window rule names dated happenings with the very id a dated report gets on its own."""
    assert happening_id_of("IDN", "PRK", "11", "2023-08-14") == happening_id(DATED)
    assert happening_id_of("IDN", "PRK", "11", "2023-08-14") != happening_id_of("PRK", "IDN", "11", "2023-08-14")
    assert window_key("IDN", None, "11") == "IDN\x1f\x1f11"


# -- order: events, mentions, actors ----------------------------------------------------------------------

def test_two_readings_of_one_mention_keep_the_better_in_any_order(make_store):
    """The extractor may read one sentence twice (same span, code and dyad), e.g. once as asserted
    and once as planned: the store keeps the reading of highest confidence, whichever came first."""
    a = ev("r1", "2023-08-16", "020", "2023-08-15", fact="asserted", conf=0.85, text="Retno urged Pyongyang.")
    b = a.model_copy(update={"factuality": "planned", "confidence": 0.75})
    one, two = make_store(), make_store()
    one.ingest([a, b])
    two.ingest([b])
    two.ingest([a])
    for s in (one, two):
        (e,) = s.events()
        assert (e.factuality, e.mention_count) == ("asserted", 1)
        assert [m.confidence for m in s.mentions(e.id)] == [0.85]
    assert snapshot(one) == snapshot(two)


def test_two_readings_that_differ_only_in_date_give_one_answer(make_store):
    """Two equally good readings of one sentence with different dates (two happenings) in one batch:
    both stores keep the same one (the lower happening id), in either order. (Across ingest calls
    the stored reading keeps its happening: a known limit, see the README.)"""
    a = ev("r2", "2023-08-16", "111", "2023-08-15", text="Jakarta criticised Pyongyang.")
    b = a.model_copy(update={"date": "2023-08-14"})
    one, two = make_store(), make_store()
    one.ingest([a, b])
    two.ingest([b, a])
    assert snapshot(one) == snapshot(two)
    assert [e.id for e in one.events()] == [min(happening_id(a), happening_id(b))]


def test_actor_attributes_do_not_depend_on_the_order_of_reports(make_store):
    """Names, aliases, roles, kind, country and sector: the same row whichever report came first."""
    reports = [
        ev("p1", "2023-08-16", "040", "2023-08-15", source=RETNO),
        ev("p2", "2023-08-16", "040", "2023-08-15", start=50, source=Actor(
            id="retno_marsudi", name="Retno", kind="person", country="IDN", role="minister")),
        ev("p3", "2023-08-17", "040", "2023-08-15", source=Actor(
            id="retno_marsudi", name="Retno L. P. Marsudi", kind="other", country="IDN", sector="GOV")),
        ev("p4", "2023-08-17", "111", "2023-08-16", target=Actor(id="PRK", name="Korea Utara", kind="state",
                                                                   country="PRK")),
    ]
    want = load(make_store, reports)
    retno = next(a for a in want["actors"] if a["id"] == "retno_marsudi")
    assert (retno["name"], retno["aliases"], retno["kind"], retno["sector"]) == (
        "Retno L. P. Marsudi", ["Retno", "Retno Marsudi"], "person", "GOV")
    assert retno["roles"] == [{"role": "foreign minister", "country": "IDN"}, {"role": "minister", "country": "IDN"}]
    prk = next(a for a in want["actors"] if a["id"] == "PRK")
    # two names of 11 characters: the first in code-point order ("K" < "N") is the name
    assert (prk["name"], prk["aliases"]) == ("Korea Utara", ["North Korea"])
    for order in ([3, 2, 1, 0], [1, 3, 0, 2]):
        assert load(make_store, [reports[i] for i in order]) == want
        assert load(make_store, *([reports[i]] for i in order)) == want


def test_event_code_is_the_lowest_of_its_mentions_in_any_order(make_store):
    """Three reports of one happening with sibling codes: the event takes the lowest code (and its
    Goldstein score, which the dyad summary sums), loaded in any order."""
    reports = [ev(f"c{i}", "2023-08-16", code, "2023-08-15") for i, code in enumerate(("112", "1121", "111"))]
    want = load(make_store, reports)
    (e,) = want["events"]
    assert (e["cameo"], e["goldstein"], e["plover"]) == ("111", -2.0, "ACCUSE")
    for order in permutations(range(3)):
        assert load(make_store, *([reports[i]] for i in order)) == want


# -- the demo articles, shuffled ---------------------------------------------------------------------------

def _demo_items() -> list:
    from geokg.loading import items_from_paths

    return list(items_from_paths([str(ROOT / "examples")]))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_demo_articles_in_shuffled_orders_give_the_same_store_and_exports(make_store, seed, tmp_path):
    """The demo articles' extracted events (and their articles) in a shuffled order, in batches of
    random sizes: the same stats, events, mentions, actors and exports as in file order."""
    from export_compare import export_contents

    items = _demo_items()
    base = make_store()
    base.ingest(items)
    want = snapshot(base)
    rnd = random.Random(seed)
    shuffled = items[:]
    rnd.shuffle(shuffled)
    store = make_store()
    i = 0
    while i < len(shuffled):   # several ingest calls and batch sizes
        n = rnd.randint(1, 12)
        store.ingest(shuffled[i:i + n], batch_size=rnd.randint(1, 5))
        i += n
    assert snapshot(store) == want
    assert store.check_integrity() == []
    assert export_contents(store, tmp_path / "shuffled") == export_contents(base, tmp_path / "base")


# -- end to end: three reports of one condemnation, one undated ----------------------------------------------

ARTICLES = {
    # published 2023-11-21 (a Tuesday): "on Monday" is 2023-11-20
    "kemlu_mon": ("2023-11-21", ("Jakarta condemns Pyongyang's missile launch\n\n"
                  "JAKARTA - Indonesia condemned North Korea on Monday over its latest ballistic missile launch, "
                  "calling it a threat to regional peace.\n\nIndonesia's foreign ministry urged all parties to exercise "
                  "restraint and return to dialogue.")),
    # published 2023-11-22: "Monday" is again 2023-11-20
    "kemlu_recap": ("2023-11-22", ("Indonesia voices concern over missile test\n\n"
                    "JAKARTA - Indonesia condemned North Korea on Monday after the missile test, officials said "
                    "on Wednesday.\n\nDiplomats in Jakarta described the launch as a serious setback.")),
    # published 2023-11-24: the text gives no day
    "kemlu_undated": ("2023-11-24", ("Regional reactions to the launch\n\n"
                      "JAKARTA - Indonesia condemned North Korea over the launch, the foreign ministry said in a "
                      "statement.\n\nThe statement asked Pyongyang to respect Security Council resolutions.")),
}


def _three_reports() -> list:
    from geokg.extractors.pipeline import extract

    items = []
    for aid, (pub, text) in ARTICLES.items():
        art = Article(id=aid, text=text, published=date.fromisoformat(pub), lang="en")
        items += [art, *extract(art, "en")]
    return items


def test_the_extractor_reads_one_dyad_and_root_from_the_three_reports():
    """The premise of the end-to-end test: each article yields IDN -> PRK, root 11 (disapprove),
    dated 2023-11-20 in the two that name the day and undated in the third."""
    items = _three_reports()
    condemn = [e for e in items if isinstance(e, Event) and e.root == "11"]
    got = sorted((e.article_id, e.source.country, e.target.country, e.date) for e in condemn)
    assert got == [("kemlu_mon", "IDN", "PRK", "2023-11-20"), ("kemlu_recap", "IDN", "PRK", "2023-11-20"),
                   ("kemlu_undated", "IDN", "PRK", None)]


@pytest.mark.parametrize("undated_first", [False, True])
def test_three_reports_published_on_three_days_are_one_event_with_three_mentions(make_store, undated_first):
    items = _three_reports()
    if undated_first:
        undated = [i for i in items if (i.id if isinstance(i, Article) else i.article_id) == "kemlu_undated"]
        items = undated + [i for i in items if i not in undated]
    store = make_store()
    for i in range(0, len(items), 3):   # several calls: the undated report may be stored alone first
        store.ingest(items[i:i + 3])
    condemn = [e for e in store.events() if e.source == "IDN" and e.target == "PRK" and e.cameo.startswith("11")]
    assert len(condemn) == 1, condemn
    (e,) = condemn
    assert (e.date, e.mention_count, e.source_count) == ("2023-11-20", 3, 3)
    assert {m.article_id for m in store.mentions(e.id)} == set(ARTICLES)
    assert store.check_integrity() == []


@pytest.mark.parametrize("batch_size", [1, 2])
def test_bulk_load_places_and_moves_like_batches(tmp_path, batch_size):
    """The embedded store's bulk mode (no event indexes, an identity map) places and re-homes undated
    reports as its ordinary batches do: the window case reversed (the undated reports are stored
    before the dated one, which takes them in), generated events around it."""
    sys.path.insert(0, str(ROOT / "bench"))
    from gen import generate_events

    items = list(generate_events(300, seed=12))
    items[100:100] = list(reversed(WINDOW_CASE))
    got = []
    for bulk in (False, True):
        with SQLiteStore(tmp_path / f"b{bulk}{batch_size}.sqlite") as s:
            report = s.ingest(items, batch_size=batch_size, bulk=bulk)
            assert report.mentions_new == len(items)   # moved mentions are not counted again
            assert s.check_integrity() == []
            got.append(snapshot(s))
    assert got[0] == got[1]
    dated = next(e for e in got[0]["events"] if e["id"] == happening_id(DATED))
    assert (dated["mention_count"], dated["cameo"]) == (3, "110")


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("neo4j", marks=pytest.mark.bolt)])
def test_three_reports_through_the_command_line(request, tmp_path, kind):
    """The same three articles as files, their publication dates in the folder's published.tsv, loaded
    with ``geokg ingest`` one file at a time (the undated report first) into either store."""
    import os
    import subprocess

    folder = tmp_path / "news"
    folder.mkdir()
    table = ["file\tpublished"]
    for aid, (pub, text) in ARTICLES.items():
        (folder / f"{aid}.txt").write_text(text + "\n", encoding="utf-8")
        table.append(f"{aid}.txt\t{pub}")
    (folder / "published.tsv").write_text("\n".join(table) + "\n", encoding="utf-8")
    env = dict(os.environ)
    if kind == "sqlite":
        store_uri = str(tmp_path / "g.sqlite")
        stack = contextlib.nullcontext()
    else:
        server = request.getfixturevalue("bolt_server")
        stack = server.fresh_database(server.new_database_name("three_reports_cli"))
    with stack as db:
        if kind == "neo4j":
            store_uri = server.uri
            env.update(GEOKG_NEO4J_USER=server.user, GEOKG_NEO4J_PASSWORD=server.password, GEOKG_NEO4J_DATABASE=db)
        for aid in ("kemlu_undated", "kemlu_recap", "kemlu_mon"):
            r = subprocess.run([sys.executable, "-c", "from geokg.cli import main; main()", "ingest",
                                str(folder / f"{aid}.txt"), "--published-from", str(folder / "published.tsv"),
                                "--store", store_uri], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
            assert r.returncode == 0, r.stderr
        from geokg.graph import open_store

        with open_store(store_uri, user=env.get("GEOKG_NEO4J_USER"), password=env.get("GEOKG_NEO4J_PASSWORD"),
                        database=env.get("GEOKG_NEO4J_DATABASE")) as store:
            condemn = [e for e in store.events(source="IDN", target="PRK") if e.cameo.startswith("11")]
            assert [(e.date, e.mention_count, e.source_count) for e in condemn] == [("2023-11-20", 3, 3)]
            assert {m.article_id for m in store.mentions(condemn[0].id)} == set(ARTICLES)
            assert {m.published for m in store.mentions(condemn[0].id)} == {
                date(2023, 11, 21), date(2023, 11, 22), date(2023, 11, 24)}
