"""Exports (issue 6): every format parsed back by an independent reader and checked against the store,
SPARQL over the RDF, SHACL on good and broken files, and the N-Quads round trip into a new store."""

from __future__ import annotations

import json
import math
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from pathlib import Path

import networkx as nx
import pandas as pd
import pyoxigraph as ox
import pytest
import rdflib
import typer
from rdflib import Literal, URIRef

from typer.testing import CliRunner

import geokg
from geokg.errors import InputError, OutputError
from geokg.export import export, formats, validate
from geokg.export import ontology as O
from geokg.export.cli import register
from geokg.export.network import read_frames
from geokg.export.rdf import rdflib_graph
from geokg.export.rdf_reader import read_events
from geokg.export.source import Selection, StoreSource
from geokg.graph import EventFilter, open_store
from geokg.schema import codebook
from geokg.schema.models import Actor, Article, Event, Evidence
from tests.helpers import SHARED

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from gen import generate_events  # noqa: E402

# rdflib's Dataset warns about its own internals (ConjunctiveGraph, default_context) on every parse.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

SAMPLE = SHARED / "samples" / "idn_kim_putin_letters.txt"
ARTICLES = sorted((Path(__file__).parent / "data" / "articles").glob("*.txt"))
RDF = ("ttl", "nt", "nq", "trig", "jsonld")
RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}
GK, SEM, PROV = O.GK, O.SEM, O.PROV
EV, ACTOR, ART, MN = O.EVENT_NS, O.ACTOR_NS, O.ARTICLE_NS, O.MENTION_NS


def _items(path: Path) -> list:
    art = next(geokg.read_articles([str(path)], published=date(2023, 8, 16)))
    return [art, *geokg.extract(art)]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The sample (published 2023-08-16) plus the test articles, extracted for real."""
    st = open_store(tmp_path_factory.mktemp("store") / "g.sqlite")
    st.ingest([x for p in [SAMPLE, *ARTICLES] for x in _items(p)])
    yield st
    st.close()


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return tmp_path_factory.mktemp("exports")


@pytest.fixture(scope="module")
def exports(store, out):
    """Every registered format, default engine."""
    return {f.name: export(store, f.name, out / f"g{f.extension}") for f in formats()}


def _triples(path: Path, fmt: str) -> set:
    """The union of a file's graphs, read by rdflib."""
    if fmt in ("nq", "trig"):
        ds = rdflib.Dataset()
        ds.parse(str(path), format=RDFLIB_FORMAT[fmt])
        return {(s, p, o) for s, p, o, _ in ds.quads()}
    return set(rdflib.Graph().parse(str(path), format=RDFLIB_FORMAT[fmt]))


def _subjects_of_type(triples: set, cls: str) -> set:
    return {s for s, p, o in triples if p == URIRef(O.RDF_TYPE) and o == URIRef(cls)}


def _table(st, sql: str) -> list[tuple]:
    return st.connection.execute(sql).fetchall()


# -- registry and shipped data ---------------------------------------------------------------------

def test_registry_lists_every_format_with_its_writer():
    names = [f.name for f in formats()]
    assert names == ["ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf", "cyjs", "csv"]
    assert {f.kind for f in formats() if f.name in RDF} == {"rdf"}


def test_shipped_cameo_scheme_and_ontology_match_their_generators():
    for name, triples in (("cameo.ttl", O.cameo_triples()), ("geokg.ttl", O.ontology_triples())):
        shipped = set(rdflib.Graph().parse(str(O.data_path(name)), format="turtle"))
        assert shipped == set(rdflib_graph([[(s, p, o, None) for s, p, o in triples]], False)), (
            f"{name} is stale: run python -m geokg.export.ontology")
    scheme = rdflib.Graph().parse(str(O.data_path("cameo.ttl")), format="turtle")
    concepts = {str(s) for s in scheme.subjects(URIRef(O.RDF_TYPE), URIRef(O.SKOS_CONCEPT))}
    assert concepts == {O.cameo_iri(c.code) for c in codebook.all_codes()}
    c = URIRef(O.cameo_iri("1123"))
    assert scheme.value(c, URIRef(O.SKOS_BROADER)) == URIRef(O.cameo_iri("112"))
    assert scheme.value(c, URIRef(O.GK_GOLDSTEIN)) == Literal("-2.0", datatype=rdflib.XSD.decimal)
    assert str(scheme.value(c, URIRef(O.GK_PLOVER))) == codebook.lookup("1123").plover


# -- RDF: every format and engine, read back independently --------------------------------------------

@pytest.mark.parametrize("fmt", RDF)
def test_rdf_export_parses_back_with_the_store_counts(store, exports, out, fmt):
    triples = _triples(out / f"g.{fmt}", fmt)
    assert triples == _triples(out / "g.nt", "nt")
    stats = store.stats()
    assert len(_subjects_of_type(triples, O.SEM_EVENT)) == stats["events"] == exports[fmt].events
    assert len(_subjects_of_type(triples, O.GK_MENTION)) == stats["mentions"] == exports[fmt].mentions
    assert len(_subjects_of_type(triples, O.GK_ARTICLE)) == stats["articles"]
    assert len(_subjects_of_type(triples, O.SEM_ACTOR)) == stats["actors"]
    assert exports[fmt].statements >= len(triples)


@pytest.mark.parametrize("engine,fmt", [(e, f) for e in ("stream", "oxigraph", "rdflib") for f in RDF])
def test_every_engine_writes_the_same_graph(store, exports, out, tmp_path, engine, fmt):
    p = tmp_path / f"e.{fmt}"
    rep = export(store, fmt, p, engine=engine)
    assert rep.engine == engine
    assert _triples(p, fmt) == _triples(out / "g.nt", "nt")
    if fmt in ("nq", "trig"):
        ds = rdflib.Dataset()
        ds.parse(str(p), format=RDFLIB_FORMAT[fmt])
        assert sum(1 for _ in ds.quads()) == exports["nq"].statements


def test_rdf_says_what_the_store_holds(store, out):
    g = rdflib.Graph().parse(str(out / "g.ttl"), format="turtle")
    U = URIRef
    events = store.events()
    precisions = Counter()
    for e in events:
        s = U(EV + e.id)
        assert g.value(s, U(O.SEM_EVENT_TYPE)) == U(O.cameo_iri(e.cameo))
        assert float(g.value(s, U(O.GK_GOLDSTEIN))) == e.goldstein
        assert g.value(s, U(O.GK_QUAD_CLASS)) == Literal(e.quad_class)
        assert str(g.value(s, U(O.GK_PLOVER))) == e.plover
        assert str(g.value(s, U(O.GK_FACTUALITY))) == e.factuality
        assert int(g.value(s, U(O.GK_MENTION_COUNT))) == e.mention_count
        assert g.value(s, U(GK + "source")) == (U(ACTOR + e.source) if e.source else None)
        assert g.value(s, U(GK + "target")) == (U(ACTOR + e.target) if e.target else None)
        assert set(g.objects(s, U(O.SEM_HAS_ACTOR))) == {U(ACTOR + a) for a in (e.source, e.target) if a}
        stamp = g.value(s, U(O.SEM_TIMESTAMP))
        if e.date is None:
            assert stamp is None
        else:
            want = {"day": rdflib.XSD.date, "month": rdflib.XSD.gYearMonth, "year": rdflib.XSD.gYear}[e.date_precision]
            assert (str(stamp), stamp.datatype) == (e.date, want)
            precisions[e.date_precision] += 1
        ments = store.mentions(e.id)
        evidence = set(g.subjects(U(O.GK_MENTION_OF), s))
        assert len(evidence) == len(ments) == e.mention_count
        quoted = {(str(g.value(m, U(O.PROV_DERIVED)))[len(ART):], str(g.value(m, U(O.PROV_VALUE))),
                   int(g.value(m, U(O.GK_START))), int(g.value(m, U(O.GK_END)))) for m in evidence}
        assert quoted == {(m.article_id, m.evidence.text, m.evidence.start, m.evidence.end) for m in ments}
    assert precisions["day"] and precisions["month"], precisions   # the sample has 2023-07 (month)
    prk = U(ACTOR + "PRK")
    assert g.value(prk, U(O.OWL_SAME_AS)) == U("http://www.wikidata.org/entity/Q423")
    assert str(g.value(prk, U(O.RDFS_LABEL))) == "North Korea"
    assert (prk, U(O.RDF_TYPE), U(GK + "State")) in g
    kim = U(ACTOR + "kim_jong_un")
    assert (kim, U(O.RDF_TYPE), U(GK + "Person")) in g and str(g.value(kim, U(O.GK_COUNTRY))) == "PRK"
    # A mention keeps the person as named; the event's role holds the state the person acts for.
    named = {(str(g.value(m, U(O.GK_SOURCE_ACTOR))), str(g.value(g.value(m, U(O.GK_MENTION_OF)), U(GK + "source"))))
             for m in g.subjects(U(O.GK_SOURCE_ACTOR), kim)}
    assert named == {(ACTOR + "kim_jong_un", ACTOR + "PRK")}
    art = U(ART + "idn_kim_putin_letters")
    assert g.value(art, U(O.DCT_ISSUED)) == Literal("2023-08-16", datatype=rdflib.XSD.date)


def test_nquads_keep_one_named_graph_per_article_so_a_source_can_be_dropped(store, out):
    ds = rdflib.Dataset()
    ds.parse(str(out / "g.nq"), format="nquads")
    names = {str(g.identifier) for g in ds.graphs() if len(g)} - {str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID)}
    articles = [r[0] for r in _table(store, "SELECT id FROM articles")]
    assert names == {ART + a for a in articles}
    # Drop the sample's graph: its mentions go, and so do the events no other article reported.
    drop = URIRef(ART + "idn_kim_putin_letters")
    kept = {(s, p, o) for s, p, o, g in ds.quads() if g != drop}
    left = {str(s)[len(EV):] for s, p, o in kept if p == URIRef(O.RDF_TYPE) and o == URIRef(O.SEM_EVENT)}
    others = {r[0] for r in _table(store, "SELECT DISTINCT event_id FROM mentions WHERE article_id != "
                                          "'idn_kim_putin_letters'")}
    assert left == others and 0 < len(others) < store.stats()["events"]
    assert not any(o == drop for s, p, o in kept)


def test_jsonld_is_compacted_with_the_shipped_context(out):
    doc = json.loads((out / "g.jsonld").read_text(encoding="utf-8"))
    shipped = json.loads(O.data_path("context.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == shipped["@context"]
    events = [n for n in doc["@graph"] if n.get("@type") == "Event"]
    assert events and all(n["source"].startswith("actor:") and n["eventType"].startswith("cameo:") for n in events)
    mention = next(n for n in doc["@graph"] if n.get("@type") == "Mention")
    assert mention["derivedFrom"].startswith("art:") and isinstance(mention["startOffset"], str)


# -- SPARQL ----------------------------------------------------------------------------------------

CRITICISED = """
PREFIX gk: <https://geokg.dev/ns#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX cameo: <https://geokg.dev/id/cameo/>
# Which actors did North Korea criticise in August 2023? CAMEO 11 (disapprove) and its sub-codes,
# asserted (not alleged, denied or planned), dated within August.
SELECT DISTINCT ?target ?name WHERE {
  ?nk owl:sameAs wd:Q423 .
  ?ev a sem:Event ; gk:source ?nk ; gk:target ?target ; sem:eventType ?code ; gk:factuality "asserted" ;
      sem:hasEarliestBeginTimeStamp ?begin ; sem:hasLatestEndTimeStamp ?end .
  ?code skos:broader* cameo:11 .
  FILTER (?begin >= "2023-08-01"^^xsd:date && ?end <= "2023-08-31"^^xsd:date)
  ?target rdfs:label ?name .
}"""


def test_sparql_which_actors_north_korea_criticised_in_august_2023(tmp_path):
    with open_store(tmp_path / "sample.sqlite") as st:
        st.ingest(_items(SAMPLE))
        # What the store says: the sample's "Korea Utara melalui wakil menteri luar negerinya ...
        # mengecam" is PRK (through its vice foreign minister) criticising the United States.
        want = {e.target for e in st.events(EventFilter(source="PRK", cameo="11", factuality="asserted",
                                                        since=date(2023, 8, 1), until=date(2023, 8, 31)))
                if e.date and e.date.startswith("2023-08")}
        assert want == {"USA"}
        export(st, "ttl", tmp_path / "s.ttl")
        export(st, "nq", tmp_path / "s.nq")
    g = rdflib.Graph().parse(str(tmp_path / "s.ttl"), format="turtle")
    assert {(str(r.target)[len(ACTOR):], str(r.name)) for r in g.query(CRITICISED)} == {("USA", "United States")}
    quads = ox.Store()
    quads.bulk_load(path=str(tmp_path / "s.nq"), format=ox.RdfFormat.N_QUADS)
    got = {r["target"].value[len(ACTOR):] for r in quads.query(CRITICISED, use_default_graph_as_union=True)}
    assert got == want


# -- SHACL -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", RDF)
def test_every_rdf_export_conforms_to_the_shapes(exports, out, fmt):
    assert validate(out / f"g.{fmt}") == []


def test_shacl_catches_a_broken_export(store, out, tmp_path):
    lines = (out / "g.nt").read_text(encoding="utf-8").splitlines(keepends=True)
    ids = [e.id for e in store.events() if e.date and e.target]
    undated_stamp, no_source, no_evidence = (f"<{EV}{i}>" for i in ids[:3])
    broken = []
    for ln in lines:
        if ln.startswith(undated_stamp) and O.SEM_TIMESTAMP in ln:
            ln = re.sub(r'"\^\^<[^>]+>', '"', ln)           # the date loses its datatype
        if ln.startswith(no_source) and (f"<{GK}source>" in ln or f"<{O.SEM_HAS_ACTOR}>" in ln):
            continue                                        # the event loses its source actor
        if f"<{O.GK_MENTION_OF}> {no_evidence}" in ln:
            continue                                        # ... and this one its evidence (source article)
        broken.append(ln)
    bad = tmp_path / "broken.nt"
    bad.write_text("".join(broken), encoding="utf-8")
    found = {(v.focus_node, v.path) for v in validate(bad)}
    short = lambda s: "ev:" + s[len(EV) + 1:-1]  # noqa: E731
    assert (short(undated_stamp), "sem:hasTimeStamp") in found
    assert (short(no_source), "gk:source") in found
    assert (short(no_evidence), "^gk:mentionOf") in found
    text = [str(v) for v in validate(bad)]
    assert any("typed xsd:date" in t and short(undated_stamp) in t for t in text), text


def test_cli_validate_and_export(store, out, tmp_path):
    app = typer.Typer()
    register(app)
    run = CliRunner().invoke
    ok = run(app, ["validate", str(out / "g.ttl")])
    assert ok.exit_code == 0 and "conforms" in ok.output
    bad = tmp_path / "bad.nt"
    text = (out / "g.nt").read_text(encoding="utf-8")
    bad.write_text(re.sub(r'("\d{4}-\d{2}-\d{2}")\^\^<http://www.w3.org/2001/XMLSchema#date>', r"\1", text, count=1),
                   encoding="utf-8")
    res = run(app, ["validate", str(bad)])
    assert res.exit_code == 1 and "Violation: ev:" in res.output
    for unreadable in (tmp_path / "missing.nt", tmp_path / "garbage.ttl"):
        if unreadable.suffix == ".ttl":
            unreadable.write_text("this is not turtle", encoding="utf-8")
        res = run(app, ["validate", str(unreadable)])
        assert res.exit_code == 2 and res.output.startswith("geokg: error: ") and res.output.count("\n") == 1
    with pytest.raises(InputError):
        validate(tmp_path / "missing.nt")
    res = run(app, ["export", "--format", "gexf", "--out", str(tmp_path / "c.gexf"), "--store",
                    str(Path(store.path)), "--actors", "PRK,USA", "--since", "2023-08-01"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output.strip().splitlines()[-1])["edges"] > 0
    res = run(app, ["export", "--format", "nq", "--out", str(tmp_path / "c.nq"), "--store", str(Path(store.path)),
                    "--validate"])
    assert res.exit_code == 0 and "conforms" in res.output
    res = run(app, ["export", "--format", "pdf", "--out", str(tmp_path / "c.pdf"), "--store", str(Path(store.path))])
    assert res.exit_code == 2 and "unknown export format" in res.output



@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "graphml", "csv"])
@pytest.mark.parametrize("engine", ["auto", "rdflib"])
def test_an_unwritable_output_is_one_line_naming_it(store, tmp_path, fmt, engine):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    out = blocker / f"g.{fmt}"   # its folder is a file: neither mkdir nor open can succeed
    with pytest.raises(OutputError, match=f"^cannot write {re.escape(str(out))}: "):
        export(store, fmt, out, engine=engine)
    app = typer.Typer()
    register(app)
    res = CliRunner().invoke(app, ["export", "--format", fmt, "--out", str(out), "--store", str(Path(store.path)),
                                   "--engine", engine])
    assert res.exit_code == 2 and res.output.startswith(f"geokg: error: cannot write {out}: ") \
        and res.output.count("\n") == 1, res.output

# -- network files ---------------------------------------------------------------------------------

def _expected_network(store) -> nx.MultiDiGraph:
    return store.to_networkx()


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_read_back_with_networkx(store, exports, out, fmt):
    want = _expected_network(store)
    got = nx.read_graphml(out / "g.graphml") if fmt == "graphml" else nx.read_gexf(out / "g.gexf")
    assert isinstance(got, nx.MultiDiGraph)
    assert set(got.nodes) == set(want.nodes)
    assert sorted(k for _, _, k in got.edges(keys=True)) == sorted(k for _, _, k in want.edges(keys=True))
    assert exports[fmt].edges == want.number_of_edges()
    for u, v, k, d in want.edges(keys=True, data=True):
        e = got.edges[u, v, k]
        assert (e["cameo"], e["quad_class"], e["plover"], e["factuality"], e["mention_count"]) == (
            d["cameo"], d["quad_class"], d["plover"], d["factuality"], d["mention_count"])
        assert math.isclose(e["goldstein"], d["goldstein"])
        assert e.get("date") == d["date"]
    for n, d in want.nodes(data=True):
        label = got.nodes[n]["label"]
        assert label == d["name"] and got.nodes[n].get("wikidata") == d["wikidata"]


def test_gexf_is_version_1_3_with_edge_intervals_for_the_timeline(store, out):
    root = ET.parse(out / "g.gexf").getroot()
    ns = {"g": "http://gexf.net/1.3"}
    assert root.tag == "{http://gexf.net/1.3}gexf" and root.get("version") == "1.3"
    graph = root.find("g:graph", ns)
    assert (graph.get("mode"), graph.get("timeformat"), graph.get("timerepresentation")) == (
        "dynamic", "date", "interval")
    spans = {e.get("id"): (e.get("start"), e.get("end")) for e in graph.iter("{http://gexf.net/1.3}edge")}
    for e in store.events():
        if e.source and e.target:
            if e.date is None:
                assert spans[e.id] == (None, None)
            elif e.date_precision == "month":
                assert spans[e.id] == (e.date + "-01", e.date + "-31")   # the sample's July 2023
            else:
                assert spans[e.id][0] <= spans[e.id][1] and spans[e.id][0].startswith(e.date)


def test_cytoscape_json(store, out):
    doc = json.loads((out / "g.cyjs").read_text(encoding="utf-8"))
    want = _expected_network(store)
    nodes = {n["data"]["id"]: n["data"] for n in doc["elements"]["nodes"]}
    edges = {e["data"]["id"]: e["data"] for e in doc["elements"]["edges"]}
    assert set(nodes) == set(want.nodes) and len(edges) == want.number_of_edges()
    for u, v, k, d in want.edges(keys=True, data=True):
        assert (edges[k]["source"], edges[k]["target"], edges[k]["cameo"]) == (u, v, d["cameo"])
    assert nodes["PRK"]["label"] == "North Korea" and nodes["PRK"]["wikidata"] == "Q423"


def test_csv_node_and_edge_lists_read_into_obvious_frames(store, exports, out):
    nodes_path, edges_path = (Path(p) for p in exports["csv"].paths)
    nodes, edges = pd.read_csv(nodes_path), pd.read_csv(edges_path)
    want = _expected_network(store)
    assert list(nodes["id"]) == sorted(want.nodes)
    assert len(edges) == want.number_of_edges() and edges["event_id"].is_unique
    for col, kind in (("quad_class", "i"), ("num_mentions", "i"), ("num_sources", "i"), ("goldstein_scale", "f")):
        assert edges[col].dtype.kind == kind, (col, edges[col].dtype)
    assert nodes["events_out"].dtype.kind == "i"
    assert int(nodes.set_index("id").loc["PRK", "events_out"]) == want.out_degree("PRK")
    nodes2, coded = read_frames(out / "g.csv")
    assert nodes2.equals(nodes)
    by_id = coded.set_index("event_id")
    for u, v, k, d in want.edges(keys=True, data=True):
        row = by_id.loc[k]
        assert (row["source"], row["target"], row["event_code"], row["event_root_code"]) == (u, v, d["cameo"], d["root"])
        assert row["source_name"] == want.nodes[u]["name"]


# -- selections, other stores, awkward text ----------------------------------------------------------

def test_since_until_and_actors_select_events(store, tmp_path):
    rep = export(store, "nt", tmp_path / "aug.nt", since="2023-08-01", until="2023-08-31", actors=["USA"])
    want = {e.id for e in store.events(EventFilter(since=date(2023, 8, 1), until=date(2023, 8, 31)))
            if "USA" in (e.source, e.target)}
    got = {str(s)[len(EV):] for s in _subjects_of_type(_triples(tmp_path / "aug.nt", "nt"), O.SEM_EVENT)}
    assert got == want and rep.events == len(want) > 0
    assert validate(tmp_path / "aug.nt") == []     # actors referenced by the slice come with it
    with pytest.raises(InputError):
        export(store, "nt", tmp_path / "x.nt", actors=["ATLANTIS"])


def test_public_interface_source_exports_a_valid_graph(store, tmp_path):
    from geokg.export.rdf import write_rdf

    src = StoreSource(store, Selection())
    counts = write_rdf(src, tmp_path / "api.nt", "nt", "stream")
    assert counts["events"] == store.stats()["events"] and not src.lossless
    assert validate(tmp_path / "api.nt") == []


def test_awkward_ids_and_text_survive_every_writer_and_the_round_trip(tmp_path):
    text = 'Kata "dia": \\ baris\nbaru\ttab \x01 kontrol, émoji 🇰🇵, ‘kutip’'
    aid = "berita 1/2: Jum'at?#x"
    ev = Event(article_id=aid, cameo="111", quad_class=3, goldstein=-2.0, plover="ACCUSE", date="2023",
               date_precision="year", confidence=0.33, evidence=Evidence(text=text, start=3, end=3 + len(text)),
               source=Actor(id="kim_son_gyong", name="Kim Son Gyong", kind="person", country="PRK", role="vice FM"),
               target=Actor(id="USA", name="Amerika Serikat", kind="state", country="USA", wikidata="Q30"))
    with open_store(tmp_path / "a.sqlite") as a:
        a.ingest([Article(id=aid, text="x", title='Judul "aneh"', published=date(2023, 8, 16), lang="id"), ev])
        for fmt in RDF:
            export(a, fmt, tmp_path / f"w.{fmt}")
            g = _triples(tmp_path / f"w.{fmt}", fmt)
            assert (URIRef(MN + a.connection.execute("SELECT id FROM mentions").fetchone()[0]),
                    URIRef(O.PROV_VALUE), Literal(text)) in g, fmt
            assert validate(tmp_path / f"w.{fmt}") == [], fmt
        with open_store(tmp_path / "b.sqlite") as b:
            b.ingest(read_events(tmp_path / "w.nq"))
            for table in ("articles", "actors", "mentions", "dyads"):
                cols = "*" if table != "articles" else "id, url, title, published, lang, source"
                cols = cols if table != "mentions" else 'id, event_id, article_id, evidence, "start", "end", confidence'
                assert _table(a, f"SELECT {cols} FROM {table} ORDER BY 1") == _table(
                    b, f"SELECT {cols} FROM {table} ORDER BY 1"), table


# -- round trip ------------------------------------------------------------------------------------

_EVENT_COLS = ("id, cameo, root, quad_class, goldstein, plover, date, date_precision, date_start, date_end, "
               "factuality, source, target, mention_count, source_count")
_MENTION_COLS = 'id, event_id, article_id, evidence, "start", "end", confidence, factuality, source_actor, target_actor, cameo'


def _snapshot(st) -> dict:
    actors = {r[0]: (r[1], r[2], r[3], r[4], sorted(json.loads(r[5])), json.loads(r[6]), r[7]) for r in _table(
        st, "SELECT id, name, kind, country, wikidata, aliases, roles, provisional FROM actors")}
    return {
        "events": {r[0]: r for r in _table(st, f"SELECT {_EVENT_COLS} FROM events")},
        "mentions": {r[0]: r for r in _table(st, f"SELECT {_MENTION_COLS} FROM mentions")},
        "articles": {r[0]: r for r in _table(st, "SELECT id, url, title, published, lang, source FROM articles")},
        "actors": actors,
        "dyads": {r[:3]: r[3:] for r in _table(st, "SELECT * FROM dyads")},
    }


def _assert_same(a: dict, b: dict) -> None:
    for table in ("events", "mentions", "articles", "actors"):
        assert a[table].keys() == b[table].keys(), table
        diff = [k for k in a[table] if a[table][k] != b[table][k]]
        assert not diff, (table, diff[:3], [(a[table][k], b[table][k]) for k in diff[:2]])
    assert a["dyads"].keys() == b["dyads"].keys()
    for k, (n, gsum, first, last) in a["dyads"].items():
        m, hsum, f2, l2 = b["dyads"][k]
        assert (n, first, last) == (m, f2, l2) and math.isclose(gsum, hsum, abs_tol=1e-9), k   # sum order


def test_round_trip_of_10k_generated_events_loses_nothing(tmp_path):
    with open_store(tmp_path / "a.sqlite") as a:
        a.ingest(generate_events(10_000, seed=3), batch_size=20_000)
        rep = export(a, "nq", tmp_path / "g.nq")
        assert rep.events == 10_000 == a.stats()["events"]
        with open_store(tmp_path / "b.sqlite") as b:
            b.ingest(read_events(tmp_path / "g.nq"), batch_size=20_000)
            assert b.stats() == a.stats()
            _assert_same(_snapshot(a), _snapshot(b))
            assert b.check_integrity() == []


@pytest.mark.parametrize("fmt", ["nq", "ttl", "jsonld"])
def test_round_trip_of_the_extracted_articles(store, exports, out, tmp_path, fmt):
    with open_store(tmp_path / "b.sqlite") as b:
        b.ingest(read_events(out / f"g.{fmt}"))
        _assert_same(_snapshot(store), _snapshot(b))


def test_reader_reports_a_mention_without_its_event(out, tmp_path):
    lines = (out / "g.nt").read_text(encoding="utf-8").splitlines(keepends=True)
    cut = tmp_path / "cut.nt"
    cut.write_text("".join(ln for ln in lines if f"<{O.GK_MENTION_OF}>" not in ln), encoding="utf-8")
    with pytest.raises(InputError, match="has no event"):
        list(read_events(cut))
