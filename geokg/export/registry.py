"""Export formats by name -> writer, imported only when asked (rdflib's plugin habit).

A writer is ``writer(source, out_path, engine) -> dict`` of counts; adding a format is one
:func:`register_format` call and one module, and the CLI lists whatever is registered.

>>> [f.name for f in formats()][:5]
['ttl', 'nt', 'nq', 'trig', 'jsonld']
>>> get_format("gexf").extension
'.gexf'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from geokg.errors import InputError

__all__ = ["ExportFormat", "register_format", "formats", "get_format", "load_writer"]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    target: str            # "package.module:function"
    kind: str              # "rdf" or "network"
    extension: str         # for the default file name
    description: str
    engines: tuple[str, ...] = ("auto",)


_FORMATS: dict[str, ExportFormat] = {}


def register_format(name: str, target: str, *, kind: str, extension: str, description: str,
                    engines: tuple[str, ...] = ("auto",)) -> None:
    """Register (or replace) an export format; *target* is imported on first use."""
    _FORMATS[name] = ExportFormat(name, target, kind, extension, description, engines)


def formats() -> list[ExportFormat]:
    """Registered formats, in registration order."""
    return list(_FORMATS.values())


def get_format(name: str) -> ExportFormat:
    f = _FORMATS.get(name)
    if f is None:
        raise InputError(f"unknown export format {name!r} (known: {', '.join(_FORMATS)})")
    return f


def load_writer(name: str) -> Callable[..., dict[str, Any]]:
    module, _, func = get_format(name).target.partition(":")
    return getattr(importlib.import_module(module), func)


_RDF_ENGINES = ("auto", "stream", "oxigraph", "rdflib")
register_format("ttl", "geokg.export.rdf:write_ttl", kind="rdf", extension=".ttl",
                description="Turtle", engines=("auto", "oxigraph", "rdflib"))
register_format("nt", "geokg.export.rdf:write_nt", kind="rdf", extension=".nt",
                description="N-Triples (streamed)", engines=_RDF_ENGINES)
register_format("nq", "geokg.export.rdf:write_nq", kind="rdf", extension=".nq",
                description="N-Quads, one named graph per article (streamed)", engines=_RDF_ENGINES)
register_format("trig", "geokg.export.rdf:write_trig", kind="rdf", extension=".trig",
                description="TriG, one named graph per article", engines=("auto", "oxigraph", "rdflib"))
register_format("jsonld", "geokg.export.rdf:write_jsonld", kind="rdf", extension=".jsonld",
                description="JSON-LD with the shipped @context (streamed)", engines=_RDF_ENGINES)
register_format("graphml", "geokg.export.network:write_graphml", kind="network", extension=".graphml",
                description="GraphML with flat attributes (yEd, Gephi)")
register_format("gexf", "geokg.export.network:write_gexf", kind="network", extension=".gexf",
                description="GEXF 1.3, edges with start/end for Gephi's timeline")
register_format("cyjs", "geokg.export.network:write_cyjs", kind="network", extension=".cyjs",
                description="Cytoscape.js JSON (elements: nodes, edges)")
register_format("csv", "geokg.export.network:write_csv", kind="network", extension=".csv",
                description="CSV node and edge lists (GDELT-like columns): PATH_nodes.csv, PATH_edges.csv")
