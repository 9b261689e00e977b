"""Actor sectors (issue 14, item 5): the CAMEO sector code an actor carries (``GEO.COP``: Georgia's
police) survives both stores, the queries, every export format, the web API and the dashboard data.

The graph, written for these tests: one article on a night of protests in a Georgian city::

    E1  GEO.COP -> GEO.OPP   173 arrest         2024-05-11   police detain opposition activists
    E2  GEO.OPP -> GEO.COP   141 demonstrate    2024-05-11   the opposition rallies against the police
    E3  tamar_kvaratskhelia (person, GOV) -> GEO.OPP  111    2024-05-12   the minister (folds into GEO)
    E4  USA -> GEO           112 accuse         2024-05-12   a state with no sector

Nodes: GEO.COP (COP), GEO.OPP (OPP), GEO (none: a state made from the minister's country), USA (none).
"""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from geokg.graph import StoredActor, open_store
from geokg.graph.sqlite_store import SCHEMA_VERSION, SQLiteStore
from geokg.schema import codebook
from geokg.schema.models import Actor, Article, Event, Evidence
from geokg.schema.sectors import SECTORS

GEOKG = Path(sys.executable).parent / "geokg"

POLICE = Actor(id="GEO.COP", name="Georgia police", kind="group", country="GEO", role="police", sector="COP")
OPPOSITION = Actor(id="GEO.OPP", name="Georgia opposition", kind="group", country="GEO", role="opposition",
                   sector="OPP")
MINISTER = Actor(id="tamar_kvaratskhelia", name="Tamar Kvaratskhelia", kind="person", country="GEO",
                 role="interior minister", sector="GOV")
USA = Actor(id="USA", name="United States", kind="state", country="USA", wikidata="Q30")

TEXT = ("Riot police detained dozens of opposition activists in Kutaisi on Saturday night. "
        "The opposition rallied outside the police headquarters the same night. "
        "On Sunday the interior minister Tamar Kvaratskhelia denounced the opposition leaders. "
        "Washington accused Georgia of curbing protest.")
ARTICLE = Article(id="kutaisi_night", text=TEXT, title="A night of arrests in Kutaisi", lang="en",
                  url="https://news.example.org/kutaisi-night", published=date(2024, 5, 13))


def _sentence(i: int) -> tuple[str, int]:
    parts = TEXT.split(". ")
    start = sum(len(p) + 2 for p in parts[:i])
    s = parts[i] if parts[i].endswith(".") else parts[i] + "."
    return s, start


def ev(i: int, cameo: str, src: Actor | None, tgt: Actor | None, day: str) -> Event:
    code = codebook.lookup(cameo)
    text, start = _sentence(i)
    return Event(article_id=ARTICLE.id, cameo=cameo, quad_class=code.quad_class, goldstein=code.goldstein,
                 plover=code.plover, date=day, date_precision="day", source=src, target=tgt, confidence=0.8,
                 evidence=Evidence(text=text, start=start, end=start + len(text)), published="2024-05-13",
                 url=ARTICLE.url, title=ARTICLE.title, lang="en")


def items() -> list:
    return [ARTICLE,
            ev(0, "173", POLICE, OPPOSITION, "2024-05-11"),
            ev(1, "141", OPPOSITION, POLICE, "2024-05-11"),
            ev(2, "111", MINISTER, OPPOSITION, "2024-05-12"),
            ev(3, "112", USA, Actor(id="GEO", name="Georgia", kind="state", country="GEO"), "2024-05-12")]


WANT_SECTORS = {"GEO": None, "GEO.COP": "COP", "GEO.OPP": "OPP", "USA": None, "tamar_kvaratskhelia": "GOV"}


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.bolt)])
def any_store(request, tmp_path):
    """An empty store of each kind (the Neo4j one on a fresh database of the Bolt test server)."""
    if request.param == "sqlite":
        s = open_store(tmp_path / "g.sqlite")
        yield s
        s.close()
    else:
        yield request.getfixturevalue("neo4j_store")


@pytest.fixture(scope="module")
def lite(tmp_path_factory) -> SQLiteStore:
    s = open_store(tmp_path_factory.mktemp("sectors") / "g.sqlite")
    s.ingest(items())
    yield s
    s.close()


# -- both stores ---------------------------------------------------------------------------------------

def test_store_round_trip_keeps_every_actors_sector(any_store):
    any_store.ingest(items())
    assert {a.id: a.sector for a in any_store.actors()} == WANT_SECTORS
    assert [a.id for a in any_store.actors(sector="COP")] == ["GEO.COP"]
    assert [a.id for a in any_store.actors(country="GEO", kind="group", sector="OPP")] == ["GEO.OPP"]
    # the person keeps the sector of its role; the node it folds into (the state) has none
    g = any_store.to_networkx()
    assert g.nodes["GEO.COP"]["sector"] == "COP" and g.nodes["GEO.OPP"]["sector"] == "OPP"
    assert g.nodes["GEO"]["sector"] is None and g.has_edge("GEO", "GEO.OPP")
    # police -> opposition is not the state acting on itself
    assert {(e.source, e.target, e.cameo) for e in any_store.events()} >= {("GEO.COP", "GEO.OPP", "173"),
                                                                           ("GEO.OPP", "GEO.COP", "141")}
    before = [a.model_dump() for a in any_store.actors()]
    report = any_store.ingest(items())
    assert (report.events_new, report.mentions_new) == (0, 0)
    assert [a.model_dump() for a in any_store.actors()] == before


def test_a_changed_sector_is_written_like_a_changed_name(any_store):
    """The actor cache must not skip an actor whose only change is its sector."""
    unsorted = OPPOSITION.model_copy(update={"sector": None})    # e.g. a JSONL from before sectors
    any_store.ingest([ev(0, "173", POLICE, unsorted, "2024-05-11")])
    assert {a.id: a.sector for a in any_store.actors()}["GEO.OPP"] is None
    # the same store object, a later batch: the sector is news and fills the gap
    any_store.ingest([ev(1, "141", OPPOSITION, POLICE, "2024-05-11")])
    assert {a.id: a.sector for a in any_store.actors()}["GEO.OPP"] == "OPP"
    # Reports that disagree: the least sector reported is kept, whatever their order (base.merge_actor),
    # here CVL of OPP and CVL; a gazetteer entry (StoredActor) is one more report: REB does not win,
    # its name does, being the longest ("Georgian opposition" over "Georgia opposition").
    any_store.ingest([ev(1, "141", OPPOSITION.model_copy(update={"sector": "CVL"}), POLICE, "2024-05-11")])
    assert {a.id: a.sector for a in any_store.actors()}["GEO.OPP"] == "CVL"
    any_store.ingest([StoredActor(id="GEO.OPP", name="Georgian opposition", kind="group", country="GEO",
                                  sector="REB")])
    (opp,) = any_store.actors(text="opposition", kind="group")
    assert (opp.name, opp.sector, opp.aliases) == ("Georgian opposition", "CVL", ["Georgia opposition"])


def test_stored_actor_refuses_an_unknown_sector():
    with pytest.raises(ValueError, match="CAMEO sector code"):
        StoredActor(id="GEO.XYZ", name="?", kind="group", sector="XYZ")


# -- the embedded store's migration -------------------------------------------------------------------

V2_ACTOR_COLUMNS = ["id", "name", "kind", "country", "wikidata", "aliases", "roles", "provisional"]


def _make_v2_store(path: Path) -> None:
    """A store file as geokg wrote it before sectors (schema 2: no actors.sector), with data in it."""
    with open_store(path) as s:
        s.ingest([ARTICLE, ev(3, "112", USA, Actor(id="GEO", name="Georgia", kind="state", country="GEO"),
                              "2024-05-12")])
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("ALTER TABLE actors DROP COLUMN sector")
    raw.execute("PRAGMA user_version=2")
    assert [r[1] for r in raw.execute("PRAGMA table_info(actors)")] == V2_ACTOR_COLUMNS
    raw.close()


def test_a_store_made_before_sectors_opens_and_takes_new_events(tmp_path):
    path = tmp_path / "old.sqlite"
    _make_v2_store(path)
    with open_store(path) as s:
        c = s.connection
        assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4   # through 3 and 4
        assert [r[1] for r in c.execute("PRAGMA table_info(actors)")] == V2_ACTOR_COLUMNS + ["sector"]
        assert {a.id: a.sector for a in s.actors()} == {"GEO": None, "USA": None}   # old rows: no sector
        report = s.ingest(items())
        assert (report.events_new, report.mentions_new) == (3, 3)   # E4 was there already
        assert {a.id: a.sector for a in s.actors()} == WANT_SECTORS
        assert s.check_integrity() == []
    with open_store(path) as s:   # opening again migrates nothing more
        assert {a.id: a.sector for a in s.actors()} == WANT_SECTORS


def test_migration_runs_once_even_if_the_column_is_there(tmp_path):
    """A schema-2 file that already has the column (added by hand) is upgraded without an error."""
    path = tmp_path / "half.sqlite"
    with open_store(path) as s:
        s.ingest(items())
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA user_version=2")
    raw.close()
    with open_store(path) as s:
        assert s.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert {a.id: a.sector for a in s.actors()} == WANT_SECTORS


# -- loading the extraction contract's JSONL ----------------------------------------------------------

def test_geokg_ingest_of_an_event_jsonl_keeps_sectors(tmp_path):
    events = tmp_path / "events.jsonl"
    events.write_text("".join(e.model_dump_json() + "\n" for e in items()[1:]), encoding="utf-8")
    store = tmp_path / "s.sqlite"
    r = subprocess.run([str(GEOKG), "ingest", str(events), "--store", str(store)], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    with open_store(store) as s:
        assert {a.id: a.sector for a in s.actors()} == WANT_SECTORS


# -- queries: the same answers on both stores -----------------------------------------------------------

@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.bolt)])
def filled(request, tmp_path):
    if request.param == "sqlite":
        s = open_store(tmp_path / "q.sqlite")
        s.ingest(items())
        yield s
        s.close()
    else:
        s = request.getfixturevalue("neo4j_store")
        s.ingest(items())
        yield s


def test_queries_carry_the_sector(filled):
    hits = {h.id: h for h in filled.query("search_actors", text="Georgia").rows}
    assert (hits["GEO.COP"].sector, hits["GEO.OPP"].sector, hits["GEO"].sector) == ("COP", "OPP", None)
    ego = filled.query("ego_network", actor="GEO.COP")
    assert [(n.id, n.sector, n.distance) for n in ego.nodes] == [("GEO.COP", "COP", 0), ("GEO.OPP", "OPP", 1)]
    assert ego.to_networkx().nodes["GEO.OPP"]["sector"] == "OPP"
    p = filled.query("actor_profile", actor="GEO.OPP")
    assert (p.actor, p.name, p.sector) == ("GEO.OPP", "Georgia opposition", "OPP")
    assert filled.query("actor_profile", actor="USA").sector is None
    t = filled.query("dyad_timeline", a="GEO.COP", b="GEO.OPP")
    assert t.sectors == {"GEO.COP": "COP", "GEO.OPP": "OPP"} and len(t.rows) == 2
    from geokg.queries.network_views import dyad_graph

    assert dict(dyad_graph(filled).nodes(data="sector")) == {"GEO": None, "GEO.COP": "COP", "GEO.OPP": "OPP",
                                                             "USA": None}


@pytest.mark.bolt
def test_queries_with_sectors_agree_on_both_stores(neo4j_store, lite):
    neo4j_store.ingest(items())
    cases = [("search_actors", {"text": "geo"}), ("ego_network", {"actor": "GEO", "depth": 2}),
             ("actor_profile", {"actor": "GEO.COP"}), ("dyad_timeline", {"a": "GEO.OPP", "b": "GEO.COP"}),
             ("centrality", {"kind": "degree"}), ("top_events", {"actor": "GEO.OPP"})]
    for name, params in cases:
        assert neo4j_store.query(name, **params).model_dump() == lite.query(name, **params).model_dump(), name
    assert [a.model_dump() for a in neo4j_store.actors()] == [a.model_dump() for a in lite.actors()]


# -- exports ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def out(tmp_path_factory, lite):
    from geokg.export import export, formats

    d = tmp_path_factory.mktemp("sector_exports")
    for f in formats():
        export(lite, f.name, d / f"g{f.extension}")
    return d


@pytest.mark.parametrize("name", ["g.ttl", "g.nq", "g.jsonld"])
def test_rdf_says_the_sector_and_conforms_to_the_shapes(out, name):
    import pyoxigraph as ox

    from geokg.export import ontology as O
    from geokg.export import validate

    fmt = {"g.ttl": ox.RdfFormat.TURTLE, "g.nq": ox.RdfFormat.N_QUADS, "g.jsonld": ox.RdfFormat.JSON_LD}[name]
    with open(out / name, "rb") as f:
        quads = list(ox.parse(f, format=fmt))
    sectors = {q.subject.value: q.object.value for q in quads if q.predicate.value == O.GK_SECTOR}
    assert sectors == {O.actor_iri("GEO.COP"): "COP", O.actor_iri("GEO.OPP"): "OPP",
                       O.actor_iri("tamar_kvaratskhelia"): "GOV"}
    assert validate(out / name) == []


def test_jsonld_uses_the_context_term(out):
    doc = json.loads((out / "g.jsonld").read_text(encoding="utf-8"))
    police = next(n for n in doc["@graph"] if n.get("@id") in ("actor:GEO.COP", "https://geokg.dev/id/actor/GEO.COP"))
    assert police["sector"] == "COP"


def test_shacl_refuses_a_sector_outside_the_code_list(out, tmp_path):
    from geokg.export import validate

    bad = tmp_path / "bad.ttl"
    bad.write_text((out / "g.ttl").read_text(encoding="utf-8").replace('"COP"', '"POLICE"'), encoding="utf-8")
    problems = validate(bad)
    assert problems and all("gk:sector" in str(p) for p in problems), problems


def test_ontology_and_shapes_know_every_sector_code():
    import rdflib
    from rdflib.collection import Collection

    from geokg.export import ontology as O

    onto = rdflib.Graph().parse(O.data_path("geokg.ttl"))
    sector = rdflib.URIRef(O.GK_SECTOR)
    assert str(onto.value(sector, rdflib.RDFS.label)) == "sector"
    comment = str(onto.value(sector, rdflib.RDFS.comment))
    assert all(f"{code} {meaning}" in comment for code, meaning in SECTORS.items())
    shapes = rdflib.Graph().parse(O.data_path("shapes.ttl"))
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    (prop,) = shapes.subjects(sh.path, sector)
    codes = list(Collection(shapes, shapes.value(prop, sh["in"])))
    assert [str(c) for c in codes] == list(SECTORS)


def test_rdf_round_trip_gives_the_sectors_back(out, tmp_path):
    from geokg.export.rdf_reader import read_events

    with open_store(tmp_path / "back.sqlite") as s:
        s.ingest(read_events(out / "g.nq"))
        assert {a.id: a.sector for a in s.actors()} == WANT_SECTORS


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_node_attribute(out, fmt):
    g = nx.read_graphml(out / "g.graphml") if fmt == "graphml" else nx.read_gexf(out / "g.gexf")
    assert g.nodes["GEO.COP"]["sector"] == "COP" and g.nodes["GEO.OPP"]["sector"] == "OPP"
    assert "sector" not in g.nodes["USA"]   # missing values are left out
    if fmt == "gexf":   # declared once as a node attribute
        root = ET.parse(out / "g.gexf").getroot()
        titles = [a.get("title") for a in root.iter("{http://gexf.net/1.3}attribute")]
        assert titles.count("sector") == 1


def test_cytoscape_node_data(out):
    doc = json.loads((out / "g.cyjs").read_text(encoding="utf-8"))
    nodes = {n["data"]["id"]: n["data"] for n in doc["elements"]["nodes"]}
    assert nodes["GEO.COP"]["sector"] == "COP" and "sector" not in nodes["USA"]


def test_csv_node_column_and_edge_sides(out):
    from geokg.export.network import read_frames

    nodes, edges = read_frames(out / "g.csv")
    by_id = nodes.set_index("id")
    assert by_id.loc["GEO.COP", "sector"] == "COP" and by_id.loc["GEO.OPP", "sector"] == "OPP"
    arrest = edges[edges["event_code"] == "173"].iloc[0]
    assert (arrest["source"], arrest["source_sector"], arrest["target_sector"]) == ("GEO.COP", "COP", "OPP")


# -- the web API and the dashboard's data ------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(lite):
    from fastapi.testclient import TestClient

    from geokg.web import create_app

    with TestClient(create_app(lite.path)) as c:
        yield c


def test_api_actors_carry_and_filter_by_sector(client):
    rows = client.get("/api/actors").json()["rows"]
    assert {a["id"]: a["sector"] for a in rows} == WANT_SECTORS
    cops = client.get("/api/actors", params={"sector": "COP"}).json()["rows"]
    assert [a["id"] for a in cops] == ["GEO.COP"]
    hits = client.get("/api/actors", params={"q": "police"}).json()["rows"]
    assert [(a["id"], a["sector"]) for a in hits] == [("GEO.COP", "COP")]
    searched = client.get("/api/actors", params={"q": "Georgia", "sector": "OPP"}).json()["rows"]
    assert [a["id"] for a in searched] == ["GEO.OPP"]
    r = client.get("/api/actors", params={"sector": "POLICE"})
    assert r.status_code == 422 and "sector" in r.json()["error"]


def test_api_network_meta_and_queries_carry_the_sector(client):
    net = client.get("/api/network").json()
    assert {n["id"]: n["sector"] for n in net["nodes"]} == {"GEO": None, "GEO.COP": "COP", "GEO.OPP": "OPP",
                                                            "USA": None}
    meta = client.get("/api/meta").json()
    assert {"code": "COP", "name": "police"} in meta["sectors"] and len(meta["sectors"]) == len(SECTORS)
    prof = client.get("/api/queries/actor_profile", params={"actor": "GEO.COP"}).json()
    assert (prof["name"], prof["sector"]) == ("Georgia police", "COP")
    t = client.get("/api/queries/dyad_timeline", params={"a": "GEO.COP", "b": "GEO.OPP"}).json()
    assert t["sectors"] == {"GEO.COP": "COP", "GEO.OPP": "OPP"}


# -- the extraction contract's other formats ----------------------------------------------------------

def test_extract_csv_and_table_show_the_sector(tmp_path):
    import io

    from geokg.cli import Format, write_events

    rows = [json.loads(e.model_dump_json()) for e in items()[1:]]
    out = io.StringIO()
    write_events(rows, Format.csv, out)
    got = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert (got[0]["source_id"], got[0]["source_sector"], got[0]["target_sector"]) == ("GEO.COP", "COP", "OPP")
    assert got[3]["source_sector"] == ""      # the United States: a state, no sector
    table = io.StringIO()
    write_events(rows, Format.table, table)
    assert "Georgia police (GEO, COP)" in table.getvalue() and "United States (USA)" in table.getvalue()
