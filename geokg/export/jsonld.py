"""A streaming JSON-LD writer that compacts with the shipped context (``data/context.jsonld``).

Statements arrive in subject blocks (:mod:`geokg.export.rdf_mapping`); each block becomes one node
object in ``@graph``, written as soon as the block ends, so memory stays flat. The context is
written inline, so a consumer needs no network. A value is written in the short form only where
the context's term definition makes it mean exactly that value (``"@type": "@id"``, a datatype or
a language); anything else is written as an explicit value object, so the output always expands
to the same graph the other writers write.

>>> import io
>>> out = io.StringIO()
>>> n = write_jsonld([[("https://geokg.dev/id/event/hp_1", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
...                    "http://semanticweb.cs.vu.nl/2009/11/sem/Event", None),
...                   ("https://geokg.dev/id/event/hp_1", "https://geokg.dev/ns#source",
...                    "https://geokg.dev/id/actor/PRK", None)]], out)
>>> out.getvalue().splitlines()[-2]
'{"@id":"ev:hp_1","@type":"Event","source":"actor:PRK"}'
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from typing import IO, Any

from geokg.export import ontology as O

__all__ = ["context", "write_jsonld"]


@functools.lru_cache(maxsize=1)
def context() -> dict[str, Any]:
    """The shipped context document (``{"@context": {...}}``)."""
    with open(O.data_path("context.jsonld"), encoding="utf-8") as f:
        return json.load(f)


class _Compactor:
    def __init__(self, ctx: dict[str, Any]) -> None:
        defs = ctx["@context"]
        prefixes = {k: v for k, v in defs.items() if isinstance(v, str) and v.endswith(("/", "#"))}
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

        def expand(v: str) -> str:
            head, sep, rest = v.partition(":")
            return prefixes[head] + rest if sep and head in prefixes else v

        self.props: dict[str, tuple[str, str | None]] = {}   # predicate IRI -> (key, coercion)
        self.types: dict[str, str] = {}                      # class IRI -> term
        for term, d in defs.items():
            if term in prefixes:
                continue
            if isinstance(d, str):
                iri, coerce = expand(d), None
            else:
                iri = expand(d["@id"])
                coerce = d.get("@type")
                if coerce is not None and coerce != "@id":
                    coerce = expand(coerce)
                if "@language" in d:
                    coerce = "@" + d["@language"]
            if isinstance(d, str) and term[:1].isupper():
                self.types[iri] = term
            else:
                self.props[iri] = (term, coerce)
        self._cache: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        c = self._cache.get(iri)
        if c is None:
            c = iri
            for p, ns in self.prefixes:
                if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
                    c = f"{p}:{iri[len(ns):]}"
                    break
            if len(self._cache) < 10000:
                self._cache[iri] = c
        return c

    def key(self, pred: str) -> tuple[str, str | None]:
        k = self.props.get(pred)
        if k is None:
            k = self.props[pred] = (self.iri(pred), None)
        return k

    def value(self, o: Any, coerce: str | None) -> Any:
        if o.__class__ is str:
            return self.iri(o) if coerce == "@id" else {"@id": self.iri(o)}
        lex, dt = o
        if dt == coerce:
            return lex
        if dt is None:
            return {"@value": lex}
        if dt.startswith("@"):
            return {"@value": lex, "@language": dt[1:]}
        return {"@value": lex, "@type": self.iri(dt)}


def _node(comp: _Compactor, s: str, props: list[tuple[str, Any]]) -> dict[str, Any]:
    node: dict[str, Any] = {"@id": comp.iri(s)}
    types: list[str] = []
    for p, o in props:
        if p == O.RDF_TYPE and o.__class__ is str:
            types.append(comp.types.get(o) or comp.iri(o))
            continue
        key, coerce = comp.key(p)
        v = comp.value(o, coerce)
        old = node.get(key)
        if old is None:
            node[key] = v
        elif isinstance(old, list):
            old.append(v)
        else:
            node[key] = [old, v]
    if types:
        node["@type"] = types[0] if len(types) == 1 else types
        node = {"@id": node.pop("@id"), "@type": node.pop("@type"), **node}
    return node


def write_jsonld(batches: Iterable[list[tuple]], out: IO[str], ctx: dict[str, Any] | None = None) -> int:
    """Write statements (graphs ignored) as one compacted JSON-LD document; returns the statement count."""
    ctx = ctx or context()
    comp = _Compactor(ctx)
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    out.write('{"@context":' + json.dumps(ctx["@context"], ensure_ascii=False, indent=1) + ',\n"@graph":[\n')
    n = 0
    first = True
    cur: str | None = None
    props: list[tuple[str, Any]] = []
    for batch in batches:
        n += len(batch)
        parts = []
        for s, p, o, _g in batch:
            if s != cur:
                if cur is not None:
                    parts.append(("" if first else ",\n") + dumps(_node(comp, cur, props)))
                    first = False
                cur, props = s, []
            props.append((p, o))
        if parts:
            out.write("".join(parts))
    if cur is not None:
        out.write(("" if first else ",\n") + dumps(_node(comp, cur, props)))
    out.write("\n]}\n")
    return n
