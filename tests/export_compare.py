"""Exports of two stores compared as what they mean, not as bytes.

Two stores holding the same events must export the same RDF graph and the same networks. Files
differ in order (the embedded store streams events in the order it first saw them, Neo4j by id) and
in the ingest times (``gk:firstSeen``/``gk:lastSeen``, the time each store wrote an event), so
RDF is compared as a set of statements without those two, and networks as sorted rows.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import rdflib

from geokg.export import export
from geokg.export import ontology as O

#: Statements that say when a store wrote an event, not what the event is.
INGEST_TIMES = {rdflib.URIRef(O.GK_FIRST_SEEN), rdflib.URIRef(O.GK_LAST_SEEN)}


def rdf_statements(path: Path, fmt: str) -> set[tuple]:
    """Statements of an RDF export (quads for N-Quads, with the graph name), ingest times left out."""
    # pyoxigraph: the statements as terms (rdflib's N-Quads reader warns once per statement)
    skip = {ox.NamedNode(str(p)) for p in INGEST_TIMES}
    with open(path, "rb") as f:
        quads = ox.parse(f, format=ox.RdfFormat.N_QUADS if fmt == "nq" else ox.RdfFormat.N_TRIPLES)
        if fmt == "nq":
            return {(q.subject, q.predicate, q.object, q.graph_name) for q in quads if q.predicate not in skip}
        return {(q.subject, q.predicate, q.object) for q in quads if q.predicate not in skip}


def network_content(path: Path, fmt: str) -> Any:
    """An order-free summary of a network export: sorted nodes and edges with all their attributes."""
    if fmt == "graphml":
        g = nx.read_graphml(path, force_multigraph=True)
        return (sorted((n, sorted(d.items())) for n, d in g.nodes(data=True)),
                sorted((u, v, k, sorted(d.items())) for u, v, k, d in g.edges(keys=True, data=True)))
    if fmt == "cyjs":
        doc = json.loads(path.read_text(encoding="utf-8"))
        els = doc["elements"]
        return {k: sorted(json.dumps(e, sort_keys=True) for e in els[k]) for k in ("nodes", "edges")}
    if fmt == "gexf":
        # one node or edge element per line (geokg.export.network writes GEXF by hand)
        lines = path.read_text(encoding="utf-8").splitlines()
        return Counter(re.sub(r"\s+", " ", line.strip()) for line in lines)
    if fmt == "csv":
        out = {}
        for part in ("nodes", "edges"):
            with open(path / f"{part}.csv", encoding="utf-8", newline="") as f:
                rows = list(csv.reader(f))
            out[part] = (rows[0], sorted(rows[1:]))
        return out
    raise ValueError(fmt)


RDF_FORMATS = ("nt", "nq")
NETWORK_FORMATS = ("graphml", "gexf", "cyjs", "csv")


def export_contents(store: Any, folder: Path, **selection: Any) -> dict[str, Any]:
    """Every compared export of *store* (RDF and network formats), written under *folder*."""
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {}
    for fmt in RDF_FORMATS:
        path = folder / f"g.{fmt}"
        report = export(store, fmt, path, **selection)
        assert report.lossless, fmt
        out[fmt] = rdf_statements(path, fmt)
    for fmt in NETWORK_FORMATS:
        path = folder / ("csv" if fmt == "csv" else f"g.{fmt}")
        export(store, fmt, path, **selection)
        out[fmt] = network_content(path, fmt)
    return out


def assert_same_exports(a: Any, b: Any, folder: Path, **selection: Any) -> dict[str, Any]:
    """Both stores export the same RDF statements and networks (see the module doc); returns a's."""
    ea = export_contents(a, folder / "a", **selection)
    eb = export_contents(b, folder / "b", **selection)
    for fmt in ea:
        if ea[fmt] != eb[fmt]:
            if fmt in RDF_FORMATS:
                only_a, only_b = sorted(ea[fmt] - eb[fmt])[:5], sorted(eb[fmt] - ea[fmt])[:5]
                raise AssertionError(f"{fmt}: {len(ea[fmt] - eb[fmt])} statements only in {a!r}, e.g. {only_a}; "
                                     f"{len(eb[fmt] - ea[fmt])} only in {b!r}, e.g. {only_b}")
            raise AssertionError(f"{fmt}: the network exports of {a!r} and {b!r} differ")
    return ea
