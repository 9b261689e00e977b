"""Exports that every common reader reads (issue 16, item 17).

RDF: ids that make awkward IRI local names (a trailing '.', a leading '-' or '.', '\\', '%', '~',
'#', spaces, non-ASCII) are exported in every RDF format by every engine, and each file is read
back by BOTH rdflib and pyoxigraph and compared with the N-Triples/N-Quads export as read by the
same library (rdflib: graph isomorphism; pyoxigraph: the sets of triples or quads).

GraphML and GEXF: control characters that XML 1.0 cannot carry are written as visible control
pictures, the file parses as XML and with networkx, and one warning counts the values changed.
"""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from geokg.errors import GeokgWarning
from geokg.export import export
from geokg.export import ontology as O
from geokg.export.network import visible_controls
from geokg.graph import open_store
from geokg.schema.models import Actor, Article, Event, Evidence

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

ROOT = Path(__file__).resolve().parents[1]
# Ids a file name, a JSONL record or a gazetteer may give; each breaks some writer or reader.
AWKWARD_IDS = ["berita.", ".berita", "-berita", "back\\slash", "50%", "100%25", "x~y", "tag#1", "with space",
               "Jum'at é 🇰🇵", "a..b.", "colon:x", "plain_id"]
ENGINES = {"ttl": ("stream", "oxigraph", "rdflib"), "trig": ("stream", "oxigraph", "rdflib"),
           "nt": ("stream", "oxigraph", "rdflib"), "nq": ("stream", "oxigraph", "rdflib"),
           "jsonld": ("stream", "oxigraph", "rdflib")}
RDFLIB = {"ttl": "turtle", "trig": "trig", "nt": "nt", "nq": "nquads", "jsonld": "json-ld"}
OX = {"ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nt": ox.RdfFormat.N_TRIPLES,
      "nq": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}
QUADS = ("trig", "nq")


def _events() -> list:
    items: list = []
    for i, aid in enumerate(AWKWARD_IDS):
        items.append(Article(id=aid, text="x", title=f"Judul {aid}", published=date(2023, 8, 16), lang="id"))
        src = Actor(id=f"grp{aid}", name=f"Group {aid}", kind="group", country="IDN")
        tgt = Actor(id="USA", name="United States", kind="state", country="USA", wikidata="Q30")
        text = f"Group {aid} criticised the US."
        items.append(Event(article_id=aid, cameo="111", quad_class=3, goldstein=-2.0, plover="ACCUSE",
                           date=f"2023-08-{i + 1:02d}", date_precision="day", confidence=0.8,
                           evidence=Evidence(text=text, start=0, end=len(text)), source=src, target=tgt))
    return items


@pytest.fixture(scope="module")
def awkward(tmp_path_factory):
    """A store of events whose article and actor ids are awkward, and its exports by every engine."""
    folder = tmp_path_factory.mktemp("names")
    files: dict[tuple[str, str], Path] = {}
    with open_store(folder / "g.sqlite") as st:
        st.ingest(_events())
        for fmt, engines in ENGINES.items():
            for engine in engines:
                p = folder / f"{engine}.{fmt}"
                rep = export(st, fmt, p, engine=engine)
                assert rep.engine == engine
                files[fmt, engine] = p
    return files


def _rdflib(path: Path, fmt: str):
    """A file read by rdflib: a Graph, or for quad formats the set of (s, p, o, graph name)."""
    if fmt in QUADS:
        ds = rdflib.Dataset()
        ds.parse(str(path), format=RDFLIB[fmt])
        return {(s, p, o, g) for s, p, o, g in ds.quads()}
    return rdflib.Graph().parse(str(path), format=RDFLIB[fmt])


def _ox(path: Path, fmt: str) -> set:
    """A file read by pyoxigraph: the set of its quads (triples in the default graph)."""
    return set(ox.parse(path=str(path), format=OX[fmt]))


def _by_value(quads: set) -> set:
    """pyoxigraph quads with their literals as rdflib values (canonical lexical forms)."""
    def term(t):
        if isinstance(t, ox.Literal):
            return rdflib.Literal(t.value, lang=t.language) if t.language else rdflib.Literal(
                t.value, datatype=rdflib.URIRef(t.datatype.value))
        return None if isinstance(t, ox.DefaultGraph) else rdflib.URIRef(t.value)
    return {(term(q.subject), term(q.predicate), term(q.object), term(q.graph_name)) for q in quads}


@pytest.mark.parametrize("fmt,engine", [(f, e) for f, es in ENGINES.items() for e in es])
def test_awkward_ids_read_back_the_same_with_rdflib_and_pyoxigraph(awkward, fmt, engine):
    path = awkward[fmt, engine]
    reference = awkward["nq" if fmt in QUADS else "nt", "stream"]
    ref_fmt = "nq" if fmt in QUADS else "nt"
    # rdflib: the file is readable (no BadSyntax) and holds the reference graph
    got, want = _rdflib(path, fmt), _rdflib(reference, ref_fmt)
    if fmt in QUADS:
        assert got == want
    else:
        assert isomorphic(got, want)
    # pyoxigraph: the same. rdflib's writer puts some typed literals in canonical form
    # ("...40.704+00:00" as "...40.704000+00:00": the same value), so its files are compared by value.
    if engine == "rdflib":
        assert _by_value(_ox(path, fmt)) == _by_value(_ox(reference, ref_fmt))
    else:
        assert _ox(path, fmt) == _ox(reference, ref_fmt)
    # and the awkward ids are there, as the IRIs the ontology makes of them
    subjects = {str(t[0]) for t in (got if fmt in QUADS else got.triples((None, None, None)))}
    for aid in AWKWARD_IDS:
        assert O.article_iri(aid) in subjects and O.actor_iri(f"grp{aid}") in subjects, aid


@pytest.mark.parametrize("fmt", ["ttl", "trig"])
def test_turtle_uses_prefixed_names_only_where_every_reader_agrees(awkward, fmt):
    text = awkward[fmt, "stream"].read_text(encoding="utf-8")
    assert "art:plain_id" in text and "actor:USA" in text and " a gk:Article" in text
    assert f"<{O.article_iri('berita.')}>" in text          # a trailing '.': written whole
    assert f"<{O.article_iri('50%')}>" in text              # '%25' in the local name: whole
    assert "\\." not in text and "\\~" not in text and "\\%" not in text   # no escaped local names
    # pyoxigraph's own Turtle escapes the trailing '.', which rdflib rejects: the reason for all this
    escaped = ox.serialize([ox.Triple(ox.NamedNode(O.article_iri("berita.")), ox.NamedNode(O.DCT_TITLE),
                                      ox.Literal("x"))], format=ox.RdfFormat.TURTLE,
                           prefixes={"art": O.ARTICLE_NS}).decode()
    assert "art:berita\\." in escaped
    with pytest.raises(Exception, match="(?i)syntax"):
        rdflib.Graph().parse(data=escaped, format="turtle")


def test_turtle_writer_keeps_literals_and_graphs_apart():
    """Quotes, backslashes, newlines and controls in literals; a default graph block in TriG."""
    from geokg.export.turtle import write_turtle

    s, p = O.article_iri("x."), O.DCT_TITLE
    lex = 'say "no"\\ \n\t\x01 é'
    batches = [[(s, p, (lex, None), O.article_iri("g.")), (s, O.GK_START, ("3", O.XSD_INTEGER), O.article_iri("g."))],
               [(s, O.RDFS_LABEL, ("nama", "@id"), None)]]
    out = io.StringIO()
    assert write_turtle(batches, out, graphs=True) == 3
    quads = set(ox.parse(out.getvalue().encode(), format=ox.RdfFormat.TRIG))
    assert ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.Literal(lex), ox.NamedNode(O.article_iri("g."))) in quads
    assert ox.Quad(ox.NamedNode(s), ox.NamedNode(O.RDFS_LABEL), ox.Literal("nama", language="id"),
                   ox.DefaultGraph()) in quads
    ds = rdflib.Dataset()
    ds.parse(data=out.getvalue(), format="trig")
    assert (rdflib.URIRef(s), rdflib.URIRef(p), rdflib.Literal(lex), rdflib.URIRef(O.article_iri("g."))) in set(
        ds.quads())


# -- GraphML and GEXF: control characters ---------------------------------------------------------------

def test_visible_controls_maps_each_control_to_its_picture():
    assert visible_controls("a\x00b\x1fc\td\ne") == ("a\u2400b\u241fc\td\ne", True)
    assert visible_controls("plain") == ("plain", False)
    assert visible_controls("x\ufffe") == ("x\ufffd", True)


@pytest.fixture(scope="module")
def controls(tmp_path_factory):
    """A store whose actor names and ids hold every C0 control (evidence too, for the RDF)."""
    folder = tmp_path_factory.mktemp("controls")
    ctl = "".join(chr(i) for i in range(0x20))
    items = [Article(id="ctl", text="x", published=date(2023, 8, 16))]
    for i in range(3):
        src = Actor(id=f"grp\x01{i}", name=f"Group{ctl}{i}", kind="group", country="IDN")
        tgt = Actor(id="USA", name="United States\x07", kind="state", country="USA")
        text = f"Evidence {i} {ctl} end."
        items.append(Event(article_id="ctl", cameo="111", quad_class=3, goldstein=-2.0, plover="ACCUSE",
                           date=f"2023-08-0{i + 1}", date_precision="day", confidence=0.8,
                           evidence=Evidence(text=text, start=0, end=len(text)), source=src, target=tgt))
    path = folder / "g.sqlite"
    with open_store(path) as st:
        st.ingest(items)
    return path


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_show_control_characters_and_say_so(controls, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        export(controls, fmt, out)
    notes = [str(w.message) for w in caught if issubclass(w.category, GeokgWarning)]
    # 3 group ids, 3 group names, the USA's name (GEXF also repeats the names as labels: same values)
    assert len(notes) == 1 and notes[0].startswith(f"{fmt}: 7 values held control characters"), notes
    ET.parse(out)                                       # well-formed XML 1.0
    g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    names = {d.get("label") for _, d in g.nodes(data=True)}
    pictures = "".join(chr(0x2400 + i) for i in range(0x20) if chr(i) not in "\t\n\r")
    assert any(n and pictures in n.replace("\t", "").replace("\n", "").replace("\r", "") for n in names), names
    assert "United States\u2407" in names
    assert "grp\u24010" in set(g.nodes)


def test_cli_export_prints_one_warning_line(controls, tmp_path):
    out = tmp_path / "g.graphml"
    r = subprocess.run([sys.executable, "-c", "from geokg.cli import main; main()", "export", "-f", "graphml", "-o",
                        str(out), "--store", str(controls)], cwd=ROOT, capture_output=True, text=True, timeout=300,
                       check=False)
    assert r.returncode == 0, r.stderr
    lines = [line for line in r.stderr.splitlines() if line.startswith("geokg: warning:")]
    assert lines == [("geokg: warning: graphml: 7 values held control characters that XML 1.0 cannot carry; they "
                      "are written as the Unicode control pictures U+2400-U+241F (U+0001 as \u2401), and "
                      "U+FFFE/U+FFFF as U+FFFD")], r.stderr
    ET.parse(out)


def test_rdf_keeps_control_characters_exactly(controls, tmp_path):
    """RDF literals escape controls (\\u0001): the evidence reads back unchanged, by both readers."""
    ctl = "".join(chr(i) for i in range(0x20))
    for fmt in ("ttl", "nt", "jsonld"):
        out = tmp_path / f"g.{fmt}"
        export(controls, fmt, out)
        values = {str(o) for o in rdflib.Graph().parse(str(out), format=RDFLIB[fmt]).objects(
            None, rdflib.URIRef(O.PROV_VALUE))}
        assert f"Evidence 0 {ctl} end." in values, fmt
        ox_values = {q.object.value for q in ox.parse(path=str(out), format=OX[fmt])
                     if q.predicate == ox.NamedNode(O.PROV_VALUE)}
        assert f"Evidence 0 {ctl} end." in ox_values, fmt
