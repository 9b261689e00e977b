"""RDF writers: Turtle, N-Triples, N-Quads, TriG and JSON-LD, each with up to three engines.

Every engine serialises the statements of :func:`geokg.export.rdf_mapping.statements`, so they
write the same graph (the tests check it):

``stream``
    Plain Python string building, batch by batch: memory stays flat whatever the size
    (N-Triples, N-Quads, Turtle and TriG with prefixed names every reader accepts (see
    :mod:`geokg.export.turtle`), and JSON-LD compacted with the shipped context).
``oxigraph``
    pyoxigraph's streaming serialisers (Rust): every format, flat memory; its JSON-LD is
    expanded rather than compacted with the shipped context. Its Turtle and TriG use prefixes
    for the vocabularies only and write instance IRIs (events, actors, articles, mentions)
    whole: it would escape awkward ids with backslashes (``art:berita\\.``) that rdflib cannot
    read, and cannot be told otherwise name by name.
``rdflib``
    Builds an rdflib graph (or dataset) in memory, then serialises it: every format, JSON-LD
    compacted with the shipped context. Memory grows with the graph (about 1 KB per triple).

``auto`` picks ``stream`` for every format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from geokg.errors import GeokgError
from geokg.export import ontology as O
from geokg.export.rdf_mapping import Counter, statements
from geokg.export.source import ExportSource

__all__ = ["RDF_FORMATS", "ENGINES", "write_rdf", "auto_engine", "write_nt", "write_nq", "write_ttl",
           "write_trig", "write_jsonld"]

#: name -> (uses named graphs, pyoxigraph RdfFormat attribute, rdflib format name)
RDF_FORMATS: dict[str, tuple[bool, str, str]] = {
    "nt": (False, "N_TRIPLES", "nt"),
    "nq": (True, "N_QUADS", "nquads"),
    "ttl": (False, "TURTLE", "turtle"),
    "trig": (True, "TRIG", "trig"),
    "jsonld": (False, "JSON_LD", "json-ld"),
}
ENGINES = ("auto", "stream", "oxigraph", "rdflib")
_STREAMED = ("nt", "nq", "jsonld", "ttl", "trig")
#: Namespaces whose local names come from data (ids), not from geokg's vocabularies.
INSTANCE_NAMESPACES = frozenset({O.EVENT_NS, O.ACTOR_NS, O.ARTICLE_NS, O.MENTION_NS})


def auto_engine(fmt: str) -> str:
    """The engine ``auto`` means for a format.

    >>> auto_engine("ttl"), auto_engine("nq")
    ('stream', 'stream')
    """
    if fmt in _STREAMED:
        return "stream"
    return "oxigraph"  # pragma: no cover - every format streams


def _open_text(out: Path):
    return open(out, "w", encoding="utf-8", errors="replace", newline="\n", buffering=1 << 20)


def write_rdf(source: ExportSource, out: Path, fmt: str, engine: str = "auto") -> dict[str, Any]:
    """Write the selection as *fmt* with *engine*; returns counts (events, mentions, ..., statements)."""
    if fmt not in RDF_FORMATS:
        raise GeokgError(f"not an RDF format: {fmt!r} (known: {', '.join(RDF_FORMATS)})")
    engine = auto_engine(fmt) if engine in (None, "auto") else engine
    if engine not in ENGINES:
        raise GeokgError(f"unknown RDF engine {engine!r} (known: {', '.join(ENGINES)})")
    graphs, ox_name, rdflib_name = RDF_FORMATS[fmt]
    counter = Counter()
    batches = statements(source, graphs, counter)
    if engine == "stream":
        if fmt == "jsonld":
            from geokg.export.jsonld import write_jsonld as _write

            with _open_text(out) as f:
                _write(batches, f)
        elif fmt in ("nt", "nq"):
            from geokg.export.ntriples import write_statements

            with _open_text(out) as f:
                write_statements(batches, f, with_graph=graphs)
        else:
            from geokg.export.turtle import write_turtle

            with _open_text(out) as f:
                write_turtle(batches, f, graphs=graphs)
    elif engine == "oxigraph":
        _write_oxigraph(batches, out, graphs, ox_name)
    else:
        _write_rdflib(batches, out, graphs, rdflib_name)
    return {**counter.as_dict(), "engine": engine}


# -- pyoxigraph ------------------------------------------------------------------------------------

def _library_terms(batches: Iterable[list[tuple]], iri: Callable[[str], Any], literal: Callable[[str], Any],
                   lang_literal: Callable[[str, str], Any], typed_literal: Callable[[str, Any], Any]) -> Iterator[tuple]:
    """``(s, p, o, graph IRI or None)`` for batches of statements, s, p and o made by an RDF library's
    constructors; predicates, datatypes and repeated objects (classes, CAMEO concepts, actors) are
    made once."""
    preds: dict[str, Any] = {}
    dts: dict[str, Any] = {}
    objs: dict[str, Any] = {}
    last_s = s_node = None
    for batch in batches:
        for s, p, o, g in batch:
            if s != last_s:
                last_s, s_node = s, iri(s)
            pn = preds.get(p)
            if pn is None:
                pn = preds[p] = iri(p)
            if o.__class__ is str:
                on = objs.get(o)
                if on is None:
                    on = iri(o)
                    if len(objs) < 50000:
                        objs[o] = on
            else:
                lex, dt = o
                if dt is None:
                    on = literal(lex)
                elif dt[0] == "@":
                    on = lang_literal(lex, dt[1:])
                else:
                    dn = dts.get(dt)
                    if dn is None:
                        dn = dts[dt] = iri(dt)
                    on = typed_literal(lex, dn)
            yield s_node, pn, on, g


def ox_terms(batches: Iterable[list[tuple]], graphs: bool) -> Iterator[Any]:
    """pyoxigraph Quads (or Triples when not *graphs*) for batches of statements."""
    import pyoxigraph as ox

    Lit = ox.Literal
    terms = _library_terms(batches, ox.NamedNode, Lit, lambda lex, lang: Lit(lex, language=lang),
                           lambda lex, dt: Lit(lex, datatype=dt))
    if not graphs:
        Triple = ox.Triple
        for s, p, o, _ in terms:
            yield Triple(s, p, o)
        return
    Quad, NN, default = ox.Quad, ox.NamedNode, ox.DefaultGraph()
    last_g: Any = ""  # no graph IRI is empty: the first statement always sets g_node
    g_node = default
    for s, p, o, g in terms:
        if g != last_g:
            last_g, g_node = g, (default if g is None else NN(g))
        yield Quad(s, p, o, g_node)


def _write_oxigraph(batches: Iterable[list[tuple]], out: Path, graphs: bool, ox_name: str) -> None:
    import pyoxigraph as ox

    fmt = getattr(ox.RdfFormat, ox_name)
    # Instance IRIs whole: see the module doc (pyoxigraph escapes local names rdflib rejects).
    prefixes = ({p: ns for p, ns in O.PREFIXES.items() if ns not in INSTANCE_NAMESPACES}
                if ox_name in ("TURTLE", "TRIG", "JSON_LD") else None)
    ox.serialize(ox_terms(batches, graphs), str(out), format=fmt, prefixes=prefixes)


# -- rdflib ----------------------------------------------------------------------------------------

def rdflib_terms(batches: Iterable[list[tuple]]) -> Iterator[tuple]:
    """rdflib ``(s, p, o, graph IRI or None)`` terms for batches of statements."""
    from rdflib import Literal, URIRef

    gs: dict[str | None, Any] = {None: None}
    for s, p, o, g in _library_terms(batches, URIRef, Literal, lambda lex, lang: Literal(lex, lang=lang),
                                     lambda lex, dt: Literal(lex, datatype=dt)):
        gn = gs.get(g)
        if gn is None and g is not None:
            gn = gs[g] = URIRef(g)
        yield s, p, o, gn


def rdflib_graph(batches: Iterable[list[tuple]], graphs: bool):
    """An rdflib Graph (or Dataset when *graphs*) holding the statements."""
    from rdflib import Dataset, Graph

    if not graphs:
        g = Graph()
        for prefix, ns in O.PREFIXES.items():
            g.bind(prefix, ns, override=True)
        add = g.add
        for s, p, o, _ in rdflib_terms(batches):
            add((s, p, o))
        return g
    ds = Dataset()
    for prefix, ns in O.PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    contexts: dict[Any, Any] = {None: ds.default_graph}
    quads = []
    for s, p, o, gn in rdflib_terms(batches):
        c = contexts.get(gn)
        if c is None:
            c = contexts[gn] = ds.graph(gn)
        quads.append((s, p, o, c))
        if len(quads) >= 10000:
            ds.addN(quads)
            quads = []
    ds.addN(quads)
    return ds


def _write_rdflib(batches: Iterable[list[tuple]], out: Path, graphs: bool, rdflib_name: str) -> None:
    g = rdflib_graph(batches, graphs)
    if rdflib_name == "json-ld":
        from geokg.export.jsonld import context

        g.serialize(destination=str(out), format="json-ld", context=context()["@context"], encoding="utf-8")
    else:
        g.serialize(destination=str(out), format=rdflib_name, encoding="utf-8")


# -- registry entry points -------------------------------------------------------------------------

def write_nt(source: ExportSource, out: Path, engine: str = "auto") -> dict[str, Any]:
    """N-Triples: one graph, one statement per line."""
    return write_rdf(source, out, "nt", engine)


def write_nq(source: ExportSource, out: Path, engine: str = "auto") -> dict[str, Any]:
    """N-Quads: one named graph per article (see :mod:`geokg.export.rdf_mapping`)."""
    return write_rdf(source, out, "nq", engine)


def write_ttl(source: ExportSource, out: Path, engine: str = "auto") -> dict[str, Any]:
    """Turtle: one graph, with prefixes."""
    return write_rdf(source, out, "ttl", engine)


def write_trig(source: ExportSource, out: Path, engine: str = "auto") -> dict[str, Any]:
    """TriG: one named graph per article, with prefixes."""
    return write_rdf(source, out, "trig", engine)


def write_jsonld(source: ExportSource, out: Path, engine: str = "auto") -> dict[str, Any]:
    """JSON-LD compacted with the shipped context (``geokg/export/data/context.jsonld``)."""
    return write_rdf(source, out, "jsonld", engine)
