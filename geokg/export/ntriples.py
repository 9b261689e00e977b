"""N-Triples / N-Quads text: term escaping and a streaming writer.

Plain string building, batch by batch, so memory stays flat however large the graph: a few
hundred thousand statements per second per core, several times rdflib.

Statements are ``(subject, predicate, object, graph)`` tuples of the terms of
:mod:`geokg.export.ontology`: IRIs are ``str``, literals ``(lexical, datatype)`` with ``None`` for
``xsd:string`` and ``"@tag"`` for a language tag; ``graph`` is ``None`` for the default graph.
Instance IRIs are percent-encoded when built, so IRIs are written as they are.

>>> literal('He said "no"\\n', None)
'"He said \\\\"no\\\\"\\\\n"'
>>> quad_lines([("https://x/s", "https://x/p", ("3", "http://www.w3.org/2001/XMLSchema#integer"), "https://x/g")])
'<https://x/s> <https://x/p> "3"^^<http://www.w3.org/2001/XMLSchema#integer> <https://x/g> .\\n'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import IO

__all__ = ["escape", "literal", "quad_lines", "triple_lines", "write_statements"]

# ECHAR for the usual controls, UCHAR for the rest of C0 and DEL (canonical N-Triples).
_ESC = {i: f"\\u{i:04X}" for i in range(0x20)}
_ESC.update({0x7F: "\\u007F", 0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r",
             0x22: '\\"', 0x5C: "\\\\"})
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]').search
_SUFFIX: dict[str | None, str] = {None: '"'}
_PREDICATES: dict[str, str] = {}


def escape(s: str) -> str:
    """The body of a quoted N-Triples literal."""
    return s.translate(_ESC) if _NEEDS_ESCAPE(s) else s


def _suffix(dt: str) -> str:
    suf = _SUFFIX[dt] = ('"' + dt) if dt.startswith("@") else f'"^^<{dt}>'
    return suf


def literal(lex: str, dt: str | None) -> str:
    """A literal in N-Triples syntax."""
    return '"' + escape(lex) + (_SUFFIX.get(dt) or _suffix(dt))


def quad_lines(batch: Iterable[tuple], with_graph: bool = True) -> str:
    """N-Quads (or, with ``with_graph=False``, N-Triples) lines for a batch of statements."""
    parts: list[str] = []
    append = parts.append
    suffix = _SUFFIX
    needs = _NEEDS_ESCAPE
    preds = _PREDICATES
    last_s = last_g = None
    s_fmt = ""
    g_end = " .\n"
    for s, p, o, g in batch:
        # Statements come in subject blocks within one graph: format each subject and graph once.
        if s is not last_s:
            last_s, s_fmt = s, "<" + s + "> "
        if g is not last_g:
            last_g = g
            g_end = " .\n" if g is None or not with_graph else " <" + g + "> .\n"
        p_fmt = preds.get(p)
        if p_fmt is None:
            p_fmt = preds[p] = "<" + p + "> "
        if o.__class__ is str:
            append(s_fmt + p_fmt + "<" + o + ">" + g_end)
        else:
            lex, dt = o
            if needs(lex):
                lex = lex.translate(_ESC)
            append(s_fmt + p_fmt + '"' + lex + (suffix.get(dt) or _suffix(dt)) + g_end)
    return "".join(parts)


def triple_lines(batch: Iterable[tuple]) -> str:
    """N-Triples lines for a batch of statements (graphs dropped)."""
    return quad_lines(batch, with_graph=False)


def write_statements(batches: Iterable[list[tuple]], out: IO[str], with_graph: bool) -> int:
    """Write batches of statements to a text stream; returns how many statements were written."""
    n = 0
    write = out.write
    for batch in batches:
        write(quad_lines(batch, with_graph))
        n += len(batch)
    return n
