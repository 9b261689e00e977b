"""Validate RDF files against the SHACL shapes shipped in ``geokg/export/data/shapes.ttl`` (pySHACL).

A file with named graphs (N-Quads, TriG, JSON-LD with graphs) is checked as the union of its
graphs: an event's roles live in each article's graph, its counts in the default graph.

Parsing uses pyoxigraph (fast, any RDF format); pySHACL then runs in memory, so this suits files
of up to a few hundred thousand triples (the shapes are the same whatever the size: validate a
``--since/--until`` slice of a large store).
"""

from __future__ import annotations

import functools
import os
from typing import Any

from pydantic import BaseModel

from geokg.errors import InputError
from geokg.export import ontology as O
from geokg.export.rdf_reader import FORMAT_BY_EXTENSION, iter_quads

__all__ = ["Violation", "validate", "load_graph", "shapes_graph", "FORMAT_BY_EXTENSION"]



class Violation(BaseModel):
    """One SHACL result, with IRIs shortened by the export's prefixes."""

    focus_node: str
    path: str | None = None
    message: str
    severity: str = "Violation"
    value: str | None = None
    shape: str | None = None
    constraint: str | None = None

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value {self.value})" if self.value is not None and self.value != self.focus_node else ""
        return f"{self.severity}: {self.focus_node}{where}: {self.message}{value}"


def _short(term: Any) -> str:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        s = str(term)
        for p, ns in sorted(O.PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if s.startswith(ns) and len(s) > len(ns):
                return f"{p}:{s[len(ns):]}"
        return f"<{s}>"
    if isinstance(term, Literal):
        return term.n3()
    if isinstance(term, BNode):
        return "_:" + str(term)
    return str(term)


def _path(results: Any, node: Any) -> str | None:
    """A SHACL result path as text: ``gk:source``, ``^gk:mentionOf``, ``a/b``."""
    from rdflib import BNode, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import SH

    if node is None:
        return None
    if isinstance(node, URIRef):
        return _short(node)
    if isinstance(node, BNode):
        inv = results.value(node, SH.inversePath)
        if inv is not None:
            return "^" + (_path(results, inv) or "?")
        if results.value(node, URIRef(O.RDF + "first")) is not None:
            return "/".join(_path(results, n) or "?" for n in Collection(results, node))
        for kind, sym in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
            inner = results.value(node, kind)
            if inner is not None:
                return f"({_path(results, inner)}){sym}"
        alt = results.value(node, SH.alternativePath)
        if alt is not None:
            return "|".join(_path(results, n) or "?" for n in Collection(results, alt))
    return _short(node)


def load_graph(path: str | os.PathLike[str], fmt: str | None = None):
    """The union of an RDF file's graphs as an rdflib Graph."""
    import pyoxigraph as ox
    from rdflib import BNode, Graph, Literal, URIRef

    xsd_string = O.XSD + "string"
    g = Graph()
    for prefix, ns in O.PREFIXES.items():
        g.bind(prefix, ns, override=True)

    def conv(t: Any) -> Any:
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        if isinstance(t, ox.Literal):
            if t.language:
                return Literal(t.value, lang=t.language)
            dt = t.datatype.value
            return Literal(t.value) if dt == xsd_string else Literal(t.value, datatype=URIRef(dt))
        raise InputError(f"{path}: RDF-star triple terms are not supported")

    add = g.add
    for q in iter_quads(path, fmt):
        add((conv(q.subject), conv(q.predicate), conv(q.object)))
    return g


@functools.lru_cache(maxsize=1)
def shapes_graph():
    """The shipped shapes as an rdflib Graph."""
    from rdflib import Graph

    return Graph().parse(str(O.data_path("shapes.ttl")), format="turtle")


def validate(path: str | os.PathLike[str], fmt: str | None = None, *, graph: Any = None) -> list[Violation]:
    """SHACL violations of an RDF file (empty: the file conforms).

    Parameters
    ----------
    path:
        The file; its format comes from the extension (``.ttl``, ``.nt``, ``.nq``, ``.trig``,
        ``.jsonld``, ``.rdf``) unless *fmt* names it.
    graph:
        An rdflib Graph to check instead of reading *path* (tests).

    Raises
    ------
    InputError
        The file is missing, unreadable or not valid RDF in its format.
    """
    import pyshacl
    from rdflib import URIRef
    from rdflib.namespace import RDF, SH

    data = graph if graph is not None else load_graph(path, fmt)
    _conforms, results, _text = pyshacl.validate(data, shacl_graph=shapes_graph(), inference="none",
                                                 advanced=True, allow_warnings=False)

    def opt(r: Any, pred: Any) -> str | None:
        v = results.value(r, pred)
        return None if v is None else _short(v)

    out: list[Violation] = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        sev = results.value(r, SH.resultSeverity)
        msg = results.value(r, SH.resultMessage)
        shape = results.value(r, SH.sourceShape)
        comp = results.value(r, SH.sourceConstraintComponent)
        out.append(Violation(
            focus_node=opt(r, SH.focusNode) or "?",
            path=_path(results, results.value(r, SH.resultPath)),
            message=str(msg) if msg is not None else "constraint not met",
            severity=str(sev).rsplit("#", 1)[-1] if sev is not None else "Violation",
            value=opt(r, SH.value),
            shape=_short(shape) if isinstance(shape, URIRef) else None,
            constraint=str(comp).replace(str(SH), "sh:") if comp is not None else None,
        ))
    out.sort(key=lambda v: (v.focus_node, v.path or "", v.message))
    return out
