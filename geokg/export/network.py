"""Network files: GraphML, GEXF 1.3, Cytoscape.js JSON and CSV node/edge lists.

The network is the one :meth:`~geokg.graph.base.GraphStore.to_networkx` describes: actors (graph
nodes: a person folds into the state it acts for) as nodes, one directed edge per selected event
that has both a source and a target, keyed by the event id. Every format carries the same flat
attributes, written as the files stream out (nodes are gathered in a first pass over the events):

nodes
    ``id``, ``label`` (name), ``kind``, ``country``, ``sector`` (CAMEO sector code: ``COP`` for
    ``GEO.COP``, Georgia's police), ``wikidata``, ``events_out``, ``events_in``,
    ``first_date``/``last_date`` (first and last day of its dated edges)
edges
    ``id`` (event id), ``source``, ``target``, ``cameo``, ``cameo_name``, ``root`` (CAMEO root),
    ``root_name``, ``quad_class``, ``goldstein``, ``plover``, ``factuality``, ``date``,
    ``date_precision``, ``start``/``end`` (the first and last day the date can mean),
    ``mention_count``, ``source_count``

Missing values are left out (GraphML, GEXF, Cytoscape) or empty (CSV).

Control characters: XML 1.0 cannot carry U+0000-U+001F other than tab, newline and carriage
return (not even as ``&#1;``), nor U+FFFE/U+FFFF. GraphML and GEXF write each such character as
its Unicode control picture (U+0001 as U+2401 "␁", U+001F as U+241F), and the non-characters as
U+FFFD, so that the file stays valid and the reader sees that something was there, and which
(:func:`visible_controls`); one :class:`~geokg.errors.GeokgWarning` per file counts the values
changed (``geokg export`` prints it as one ``geokg: warning:`` line). Tabs, newlines and carriage
returns are kept (as character references where XML would normalise them away). Cytoscape JSON
and CSV keep every character as it is.

GEXF is written by hand in 1.3 (networkx writes 1.2draft, and a wrong XSI namespace for 1.3):
``mode="dynamic" timeformat="date" timerepresentation="interval"``, each edge with ``start``/``end``
so that Gephi's timeline plays the network, each node alive from its first to its last dated
event, the CAMEO root name as the edge ``kind`` (Gephi keeps parallel edges of distinct kinds and
merges the others, summing their ``weight`` of 1 per event). Undated events carry no interval.

CSV: ``PATH_nodes.csv`` and ``PATH_edges.csv`` for ``--out PATH.csv`` (or ``nodes.csv`` and
``edges.csv`` in a folder); the edge list uses GDELT-like columns. CAMEO codes have leading zeros
(``"040"``): read them as text, ``pandas.read_csv(p, dtype=CODE_COLUMNS)`` (or :func:`read_frames`,
which does that for both files); every other column reads into the obvious type without help.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as _xml_escape
from xml.sax.saxutils import quoteattr as _xml_quoteattr

from geokg.export.source import ExportSource, iter_chunks

__all__ = ["write_graphml", "write_gexf", "write_cyjs", "write_csv", "NODE_ATTRS", "EDGE_ATTRS", "csv_paths",
           "read_frames", "CODE_COLUMNS", "visible_controls"]

#: (name, type) of node and edge attributes; types: string, int, double.
NODE_ATTRS: tuple[tuple[str, str], ...] = (
    ("label", "string"), ("kind", "string"), ("country", "string"), ("sector", "string"), ("wikidata", "string"),
    ("events_out", "int"), ("events_in", "int"), ("first_date", "string"), ("last_date", "string"))
EDGE_ATTRS: tuple[tuple[str, str], ...] = (
    ("cameo", "string"), ("cameo_name", "string"), ("root", "string"), ("root_name", "string"),
    ("quad_class", "int"), ("goldstein", "double"), ("plover", "string"), ("factuality", "string"),
    ("date", "string"), ("date_precision", "string"), ("start", "string"), ("end", "string"),
    ("mention_count", "int"), ("source_count", "int"))

_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PICTURES = {i: 0x2400 + i for i in range(0x20) if chr(i) not in "\t\n\r"}
_PICTURES.update({0xFFFE: 0xFFFD, 0xFFFF: 0xFFFD})
_TEXT_ENTITIES = {"\r": "&#13;"}   # a parser turns a raw CR in text into LF


def visible_controls(s: str) -> tuple[str, bool]:
    """*s* with the characters XML 1.0 cannot carry made visible, and whether there were any.

    >>> visible_controls("Kim\\x01Jong\\x1fUn\\n")
    ('Kim␁Jong␟Un\\n', True)
    """
    if _BAD_XML.search(s) is None:
        return s, False
    return s.translate(_PICTURES), True


class _XmlValues:
    """Escapes values for XML text and attributes, remembering those whose control characters it
    made visible (for the warning)."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.changed: set[str] = set()

    def _clean(self, v: Any) -> str:
        s = str(v)
        if _BAD_XML.search(s) is not None:
            self.changed.add(s)
            s = s.translate(_PICTURES)
        return s

    def text(self, v: Any) -> str:
        return _xml_escape(self._clean(v), _TEXT_ENTITIES)

    def attr(self, v: Any) -> str:
        return _xml_quoteattr(self._clean(v))   # quotes tab, newline and CR as character references

    def warn(self) -> None:
        n = len(self.changed)
        if n:
            import warnings

            from geokg.errors import GeokgWarning

            warnings.warn(GeokgWarning(
                f"{self.fmt}: {n} value{'s' if n != 1 else ''} held control characters that XML 1.0 cannot carry;"
                " they are written as the Unicode control pictures U+2400-U+241F (U+0001 as \u2401), and"
                " U+FFFE/U+FFFF as U+FFFD"), stacklevel=4)


def _names() -> dict[str, str]:
    from geokg.schema.codebook import all_codes

    return {c.code: c.name for c in all_codes()}


class _Network:
    """Nodes (with their stats) after a first pass; edges streamed in a second."""

    def __init__(self, source: ExportSource) -> None:
        self.source = source
        stats: dict[str, list] = {}   # id -> [out, in, first, last]
        n = 0
        for r in self._edge_rows():
            n += 1
            for node, i in ((r[9], 0), (r[10], 1)):
                st = stats.get(node)
                if st is None:
                    st = stats[node] = [0, 0, None, None]
                st[i] += 1
                if r[7] is not None:
                    if st[2] is None or r[7] < st[2]:
                        st[2] = r[7]
                    if st[3] is None or r[8] > st[3]:
                        st[3] = r[8]
        self.n_edges = n
        actors = {r[0]: r for r in source.actor_rows(set(stats))}
        self.nodes: list[dict[str, Any]] = []
        for node in sorted(stats):
            a = actors.get(node)
            st = stats[node]
            self.nodes.append({"id": node, "label": a[1] if a else node, "kind": a[2] if a else "other",
                               "country": a[3] if a else None, "sector": a[8] if a else None,
                               "wikidata": a[4] if a else None,
                               "events_out": st[0], "events_in": st[1], "first_date": st[2], "last_date": st[3]})
        self.names = _names()

    def _edge_rows(self) -> Iterator[tuple]:
        for r in self.source.event_rows():
            if r[9] is not None and r[10] is not None:
                yield r

    def edges(self) -> Iterator[dict[str, Any]]:
        names = self.names
        for r in self._edge_rows():
            cameo = r[1]
            yield {"id": r[0], "source": r[9], "target": r[10], "cameo": cameo, "cameo_name": names.get(cameo),
                   "root": cameo[:2], "root_name": names.get(cameo[:2]), "quad_class": r[2], "goldstein": r[3],
                   "plover": r[4], "factuality": r[11], "date": r[5], "date_precision": r[6], "start": r[7],
                   "end": r[8], "mention_count": r[12], "source_count": r[13]}

    def report(self, paths: list[Path]) -> dict[str, Any]:
        return {"nodes": len(self.nodes), "edges": self.n_edges, "events": self.n_edges,
                "paths": [str(p) for p in paths]}


def _open(out: Path):
    return open(out, "w", encoding="utf-8", newline="\n", buffering=1 << 20)


# -- GraphML ---------------------------------------------------------------------------------------

_GRAPHML_TYPES = {"string": "string", "int": "int", "double": "double"}


def write_graphml(source: ExportSource, out: Path, engine: str = "auto") -> dict[str, Any]:
    """GraphML: ``<key>`` declarations, then nodes, then edges (id = event id), flat ``<data>``."""
    net = _Network(source)
    xml = _XmlValues("graphml")
    _x, _xa = xml.text, xml.attr
    with _open(out) as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
                ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
                ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
                ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
        for name, t in NODE_ATTRS:
            f.write(f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{_GRAPHML_TYPES[t]}"/>\n')
        for name, t in EDGE_ATTRS:
            f.write(f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{_GRAPHML_TYPES[t]}"/>\n')
        f.write('  <graph id="geokg" edgedefault="directed">\n')
        for n in net.nodes:
            data = "".join(f'<data key="n_{k}">{_x(n[k])}</data>' for k, _ in NODE_ATTRS if n[k] is not None)
            f.write(f"    <node id={_xa(n['id'])}>{data}</node>\n")
        for chunk in iter_chunks(net.edges(), 2000):
            parts = []
            for e in chunk:
                data = "".join(f'<data key="e_{k}">{_x(e[k])}</data>' for k, _ in EDGE_ATTRS if e[k] is not None)
                parts.append(f"    <edge id={_xa(e['id'])} source={_xa(e['source'])} target={_xa(e['target'])}>"
                             f"{data}</edge>\n")
            f.write("".join(parts))
        f.write("  </graph>\n</graphml>\n")
    xml.warn()
    return net.report([out])


# -- GEXF 1.3 --------------------------------------------------------------------------------------

_GEXF_TYPES = {"string": "string", "int": "integer", "double": "double"}
_GEXF_NODE_ATTRS = tuple((k, t) for k, t in NODE_ATTRS if k not in ("label",))
_GEXF_EDGE_ATTRS = tuple((k, t) for k, t in EDGE_ATTRS if k not in ("start", "end"))


def write_gexf(source: ExportSource, out: Path, engine: str = "auto") -> dict[str, Any]:
    """GEXF 1.3 with each edge's start/end (see the module doc)."""
    from datetime import date

    from geokg import __version__

    net = _Network(source)
    xml = _XmlValues("gexf")
    _xa = xml.attr
    with _open(out) as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
                ' xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n'
                f'  <meta lastmodifieddate="{date.today().isoformat()}">\n'
                f"    <creator>geokg {__version__}</creator>\n"
                "    <description>Actors and their events (one edge per event)</description>\n"
                "  </meta>\n"
                '  <graph defaultedgetype="directed" mode="dynamic" timeformat="date"'
                ' timerepresentation="interval">\n')
        f.write('    <attributes class="node" mode="static">\n')
        for i, (name, t) in enumerate(_GEXF_NODE_ATTRS):
            f.write(f'      <attribute id="{name}" title="{name}" type="{_GEXF_TYPES[t]}"/>\n')
        f.write('    </attributes>\n    <attributes class="edge" mode="static">\n')
        for name, t in _GEXF_EDGE_ATTRS:
            f.write(f'      <attribute id="{name}" title="{name}" type="{_GEXF_TYPES[t]}"/>\n')
        f.write("    </attributes>\n    <nodes>\n")
        for n in net.nodes:
            span = f' start="{n["first_date"]}" end="{n["last_date"]}"' if n["first_date"] else ""
            vals = "".join(f'<attvalue for="{k}" value={_xa(n[k])}/>' for k, _ in _GEXF_NODE_ATTRS
                           if n[k] is not None)
            f.write(f"      <node id={_xa(n['id'])} label={_xa(n['label'])}{span}><attvalues>{vals}</attvalues>"
                    f"</node>\n")
        f.write("    </nodes>\n    <edges>\n")
        for chunk in iter_chunks(net.edges(), 2000):
            parts = []
            for e in chunk:
                span = f' start="{e["start"]}" end="{e["end"]}"' if e["start"] else ""
                vals = "".join(f'<attvalue for="{k}" value={_xa(e[k])}/>' for k, _ in _GEXF_EDGE_ATTRS
                               if e[k] is not None)
                parts.append(f"      <edge id={_xa(e['id'])} source={_xa(e['source'])} target={_xa(e['target'])}"
                             f" kind={_xa(e['root_name'] or e['root'])} label={_xa(e['cameo_name'] or e['cameo'])}"
                             f' weight="1.0"{span}><attvalues>{vals}</attvalues></edge>\n')
            f.write("".join(parts))
        f.write("    </edges>\n  </graph>\n</gexf>\n")
    xml.warn()
    return net.report([out])


# -- Cytoscape.js ----------------------------------------------------------------------------------

def write_cyjs(source: ExportSource, out: Path, engine: str = "auto") -> dict[str, Any]:
    """Cytoscape.js JSON: ``{"elements": {"nodes": [{"data": ...}], "edges": [{"data": ...}]}}``.

    Cytoscape desktop imports the same file (File > Import > Network from File, ``.cyjs``).
    """
    from geokg import __version__

    net = _Network(source)
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    with _open(out) as f:
        f.write('{"format_version":"1.0","generated_by":' + dumps(f"geokg-{__version__}")
                + ',"target_cytoscapejs_version":"~3","data":{"name":"geokg","directed":true,"multigraph":true},\n'
                '"elements":{"nodes":[\n')
        f.write(",\n".join(dumps({"data": {k: v for k, v in n.items() if v is not None}}) for n in net.nodes))
        f.write('\n],\n"edges":[\n')
        first = True
        for chunk in iter_chunks(net.edges(), 2000):
            text = ",\n".join(dumps({"data": {k: v for k, v in e.items() if v is not None}}) for e in chunk)
            f.write(text if first else ",\n" + text)
            first = False
        f.write("\n]}}\n")
    return net.report([out])


# -- CSV -------------------------------------------------------------------------------------------

NODE_COLUMNS = ("id", "label", "kind", "country", "sector", "wikidata", "events_out", "events_in", "first_date",
                "last_date")
#: GDELT-like edge list columns, each with the edge attribute it comes from.
EDGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "id"), ("date", "date"), ("date_precision", "date_precision"), ("date_start", "start"),
    ("date_end", "end"), ("source", "source"), ("source_name", "_sname"), ("source_country", "_scountry"),
    ("source_sector", "_ssector"), ("target", "target"), ("target_name", "_tname"), ("target_country", "_tcountry"),
    ("target_sector", "_tsector"),
    ("event_code", "cameo"), ("event_base_code", "_base"), ("event_root_code", "root"), ("event_name", "cameo_name"),
    ("quad_class", "quad_class"), ("goldstein_scale", "goldstein"), ("plover", "plover"),
    ("factuality", "factuality"), ("num_mentions", "mention_count"), ("num_sources", "source_count"))


def csv_paths(out: Path) -> tuple[Path, Path]:
    """(nodes, edges) file paths for ``--out``: ``X_nodes.csv``/``X_edges.csv`` or a folder's."""
    out = Path(out)
    if out.suffix.lower() == ".csv":
        return out.with_name(out.stem + "_nodes.csv"), out.with_name(out.stem + "_edges.csv")
    out.mkdir(parents=True, exist_ok=True)
    return out / "nodes.csv", out / "edges.csv"


def write_csv(source: ExportSource, out: Path, engine: str = "auto") -> dict[str, Any]:
    """CSV node list and edge list (see the module doc for the file names and columns)."""
    net = _Network(source)
    nodes_path, edges_path = csv_paths(out)
    by_id = {n["id"]: n for n in net.nodes}
    with open(nodes_path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(NODE_COLUMNS)
        for n in net.nodes:
            w.writerow(["" if n[c] is None else n[c] for c in NODE_COLUMNS])
    with open(edges_path, "w", encoding="utf-8", newline="", buffering=1 << 20) as f:
        w = csv.writer(f)
        w.writerow([c for c, _ in EDGE_COLUMNS])
        for e in net.edges():
            s, t = by_id[e["source"]], by_id[e["target"]]
            e["_sname"], e["_scountry"], e["_ssector"] = s["label"], s["country"], s["sector"]
            e["_tname"], e["_tcountry"], e["_tsector"] = t["label"], t["country"], t["sector"]
            e["_base"] = e["cameo"][:3]
            w.writerow(["" if e[k] is None else e[k] for _, k in EDGE_COLUMNS])
    return net.report([nodes_path, edges_path])


#: Columns that hold CAMEO codes (text with leading zeros), for ``pandas.read_csv(dtype=...)``.
CODE_COLUMNS = {"event_code": str, "event_base_code": str, "event_root_code": str}


def read_frames(out: str | Path):
    """(nodes, edges) pandas frames of a CSV export (``--out`` as given to the export).

    Plain ``pandas.read_csv`` works too; this only keeps CAMEO codes as text (``"040"``).
    """
    import pandas as pd

    nodes_path, edges_path = csv_paths(Path(out)) if Path(out).suffix.lower() == ".csv" else (
        Path(out) / "nodes.csv", Path(out) / "edges.csv")
    return pd.read_csv(nodes_path), pd.read_csv(edges_path, dtype=CODE_COLUMNS)
