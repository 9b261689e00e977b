"""Streaming Turtle and TriG writers whose prefixed names every common reader accepts.

Turtle 1.1 lets a prefixed name's local part hold almost anything through backslash escapes
(``art:berita\\.`` for an article whose id ends in a full stop) and ``%XX`` sequences. Readers
differ on those: pyoxigraph writes and reads them, rdflib 7 rejects a trailing ``\\.`` (BadSyntax),
and older or smaller parsers handle escapes and ``%`` unevenly. Only a conservative local name
is written as a prefixed name here (:func:`safe_local`: ASCII letters, digits and ``_`` with
``-`` and ``.`` inside, never a ``.`` last); any other IRI is written whole, ``<...>``, which every
reader reads the same. geokg's ids are short codes and hashes (``RUS``, ``kim_jong_un``,
``hp_3f9a...``), so nearly every name stays short; an article id such as ``berita 1/2.`` becomes
``<https://geokg.dev/id/article/berita%201%2F2.>``.

Statements are the ``(s, p, o, g)`` tuples of :mod:`geokg.export.rdf_mapping`, in subject blocks;
literals are written as in N-Triples (:func:`geokg.export.ntriples.escape`), which Turtle reads
as it is. TriG puts each graph's statements in a ``name { ... }`` block (``{ ... }`` for the
default graph). Memory stays flat: nothing is kept but a bounded cache of written names.

>>> import io
>>> out = io.StringIO()
>>> n = write_turtle([[("https://geokg.dev/id/article/berita.", "https://geokg.dev/ns#title", ("Judul", None), None),
...                    ("https://geokg.dev/id/article/berita.", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
...                     "https://geokg.dev/ns#Article", None)]], out, graphs=False, prefixes={"gk": "https://geokg.dev/ns#",
...                     "art": "https://geokg.dev/id/article/"})
>>> print(out.getvalue())
@prefix gk: <https://geokg.dev/ns#> .
@prefix art: <https://geokg.dev/id/article/> .
<BLANKLINE>
<https://geokg.dev/id/article/berita.> gk:title "Judul" ;
    a gk:Article .
<BLANKLINE>
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import IO

from geokg.export import ontology as O
from geokg.export.ntriples import escape

__all__ = ["Names", "safe_local", "write_turtle"]

# Turtle 1.1's PN_LOCAL without escapes, '%', ':' or non-ASCII: what every reader agrees on.
_SAFE_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?\Z").match
_CACHE_MAX = 200_000


def safe_local(local: str) -> bool:
    """Whether *local* may be written as a prefixed name's local part for every common reader.

    >>> [safe_local(s) for s in ("kim_jong_un", "hp_3f9a", "040", "a.b-c", "berita.", ".x", "-x", "a%20b", "a~b", "")]
    [True, True, True, True, False, False, False, False, False, False]
    """
    return _SAFE_LOCAL(local) is not None


class Names:
    """IRIs as Turtle terms: ``prefix:local`` where :func:`safe_local` allows, else ``<iri>``.

    >>> n = Names({"actor": "https://geokg.dev/id/actor/"})
    >>> n.term("https://geokg.dev/id/actor/RUS"), n.term("https://geokg.dev/id/actor/x."), n.term("urn:x")
    ('actor:RUS', '<https://geokg.dev/id/actor/x.>', '<urn:x>')
    """

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        # Every geokg namespace ends in '/' or '#': the namespace of an IRI is what precedes its
        # last one, so one dict lookup finds the prefix.
        self._prefix = {ns: p for p, ns in prefixes.items()}
        self._cache: dict[str, str] = {O.RDF_TYPE: "a"}

    def _make(self, iri: str) -> str:
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        p = self._prefix.get(iri[:cut]) if cut else None
        if p is not None and safe_local(iri[cut:]):
            return p + ":" + iri[cut:]
        return "<" + iri + ">"

    def term(self, iri: str) -> str:
        """The term for *iri* (predicates and objects repeat: they are cached, up to a bound)."""
        t = self._cache.get(iri)
        if t is None:
            t = self._make(iri)
            if len(self._cache) < _CACHE_MAX:
                self._cache[iri] = t
        return t

    def subject(self, iri: str) -> str:
        """The term for a subject (each is written once: not cached). ``a`` is only a predicate."""
        return self._make(iri)


def write_turtle(batches: Iterable[list[tuple]], out: IO[str], graphs: bool,
                 prefixes: Mapping[str, str] | None = None) -> int:
    """Write batches of statements as Turtle (or TriG when *graphs*); returns how many were written."""
    prefixes = O.PREFIXES if prefixes is None else prefixes
    names = Names(prefixes)
    term, subject = names.term, names.subject
    suffixes: dict[str | None, str] = {None: '"'}
    write = out.write
    write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items()))
    start = object()                # no statement yet (in this graph)
    last_s: object = start
    last_g: object = start
    lead = "\n"                     # before the first subject: a blank line after the prefixes
    n = 0
    for batch in batches:
        parts: list[str] = []
        append = parts.append
        for s, p, o, g in batch:
            if graphs and g != last_g:
                if last_s is not start:
                    append(" .\n")
                if last_g is not start:
                    append("}\n")
                append("\n{\n" if g is None else "\n" + subject(g) + " {\n")
                last_g, last_s, lead = g, start, ""
            if o.__class__ is str:
                obj = term(o)
            else:
                lex, dt = o
                suf = suffixes.get(dt)
                if suf is None:
                    suf = suffixes[dt] = ('"' + dt) if dt.startswith("@") else '"^^' + term(dt)
                obj = '"' + escape(lex) + suf
            if s != last_s:
                append((lead if last_s is start else " .\n\n") + subject(s) + " " + term(p) + " " + obj)
                last_s = s
            else:
                append(" ;\n    " + term(p) + " " + obj)
        n += len(batch)
        write("".join(parts))
    if last_s is not start:
        write(" .\n")
    if graphs and last_g is not start:
        write("}\n")
    return n
