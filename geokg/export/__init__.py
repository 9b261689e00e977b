"""Exports: the graph as RDF (with provenance, validated by SHACL) and as network files.

>>> import tempfile, os
>>> from geokg.graph import open_store
>>> folder = tempfile.mkdtemp()
>>> with open_store(os.path.join(folder, "g.sqlite")) as store:
...     export(store, "nq", os.path.join(folder, "g.nq")).format
'nq'

Formats come from a registry (:mod:`geokg.export.registry`): ``ttl``, ``nt``, ``nq``, ``trig``,
``jsonld`` (RDF, see :mod:`geokg.export.ontology` for the model) and ``graphml``, ``gexf``,
``cyjs``, ``csv`` (networks, see :mod:`geokg.export.network`). :func:`validate` checks an RDF
file against the shipped SHACL shapes; :func:`geokg.export.rdf_reader.read_events` reads an RDF
export back into items a store ingests.
"""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from geokg.errors import OutputError
from geokg.export.registry import ExportFormat, formats, get_format, load_writer, register_format

__all__ = ["export", "ExportReport", "validate", "Violation", "formats", "register_format", "get_format",
           "ExportFormat"]


class ExportReport(BaseModel):
    """What one export wrote."""

    format: str
    engine: str | None = None
    paths: list[str] = Field(default_factory=list)
    events: int = 0
    mentions: int = 0
    articles: int = 0
    actors: int = 0
    statements: int = 0      # RDF triples or quads written
    nodes: int = 0
    edges: int = 0
    bytes: int = 0
    seconds: float = 0.0
    lossless: bool = True    # False when the store's public interface could not give every field


def export(store: Any, fmt: str, out_path: str | os.PathLike[str], since: date | str | None = None,
           until: date | str | None = None, actors: list[str] | str | None = None, *,
           engine: str = "auto") -> ExportReport:
    """Write a store's graph (or a selection of it) to *out_path* in format *fmt*.

    Parameters
    ----------
    store:
        An open :class:`~geokg.graph.base.GraphStore`, or a store URI/path (opened and closed here).
    fmt:
        A registered format name: ttl, nt, nq, trig, jsonld, graphml, gexf, cyjs, csv.
    since, until:
        Keep events whose date (at its precision) overlaps the bounds; undated events are left out
        when a bound is given.
    actors:
        Actor ids (a list, or comma-separated): keep events with any of them as source or target, or
        named in a mention.
    engine:
        RDF only: ``auto``, ``stream``, ``oxigraph`` or ``rdflib`` (see :mod:`geokg.export.rdf`).

    Returns
    -------
    ExportReport
        Counts, the files written, their size and the time taken.
    """
    from geokg.export.source import Selection, source_for

    spec = get_format(fmt)
    selection = Selection.of(since, until, actors)
    out = Path(out_path)
    writer = load_writer(fmt)
    t0 = time.perf_counter()
    try:
        if spec.kind == "rdf" or out.suffix:
            out.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(store, (str, os.PathLike)):
            from geokg.graph import open_store

            with open_store(store, read_only=None) as st:   # read-only when this user may not write it
                src = source_for(st, selection)
                counts = writer(src, out, engine)
        else:
            src = source_for(store, selection)
            counts = writer(src, out, engine)
    except OSError as e:
        # The Rust serialisers' errors name no file: name it here.
        raise OutputError(f"cannot write {out}: {e.strerror or e}") from None
    seconds = time.perf_counter() - t0
    paths = counts.pop("paths", None) or [str(out)]
    return ExportReport(format=fmt, paths=paths, seconds=round(seconds, 3), lossless=src.lossless,
                        bytes=sum(os.path.getsize(p) for p in paths), **counts)


def validate(path: str | os.PathLike[str], fmt: str | None = None, **kw: Any) -> list["Violation"]:
    """SHACL violations of an RDF file against the shipped shapes (see :mod:`geokg.export.shacl`).

    The format comes from the extension unless *fmt* (ttl, nt, nq, trig, jsonld, rdfxml) says;
    an unreadable or malformed file raises :class:`~geokg.errors.InputError`.
    """
    from geokg.export.shacl import validate as _validate

    return _validate(path, fmt, **kw)


def __getattr__(name: str) -> Any:
    if name == "Violation":
        from geokg.export.shacl import Violation

        return Violation
    raise AttributeError(name)
