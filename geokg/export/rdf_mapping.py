"""Store rows -> RDF statements, following :mod:`geokg.export.ontology`. The one place the mapping lives.

:func:`statements` yields batches of ``(s, p, o, g)`` tuples; every RDF writer (the streaming
N-Triples/N-Quads/JSON-LD writers, rdflib, pyoxigraph) consumes the same batches, so every format
serialises the same graph.

Two layouts:

* ``graphs=True`` (N-Quads, TriG): one named graph per article, named by the article's IRI, holding
  the article, its mentions and the core of every event it reports (type, CAMEO concept, date,
  roles, Goldstein, QuadClass, PLOVER). Dropping an article's graph drops its evidence and any event
  that only it reported. The default graph holds what belongs to no one article: each event's
  factuality and counts (decided from all its mentions, so they describe the full set of sources
  and are left untyped and stale for an event whose every source was dropped), the actors, and the
  CAMEO scheme. Query the union of the graphs (SPARQL engines' "default graph as union" option).
* ``graphs=False`` (N-Triples, Turtle, JSON-LD): the same statements in one graph, each once.

Subjects come in contiguous blocks (one record at a time), which the Turtle and JSON-LD writers use.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from geokg.export import ontology as O
from geokg.export.source import ExportSource, N_CORE, iter_chunks

__all__ = ["statements", "event_core", "event_summary", "mention", "article", "actor", "concepts", "Counter"]

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")

RDF_TYPE = O.RDF_TYPE
_INT = O.XSD_INTEGER
_PREC = O.PRECISION_DATATYPE
_cameo_iri = O.cameo_iri
_event_iri = O.event_iri
_actor_iri = O.actor_iri
_DECIMALS: dict[float, tuple[str, str]] = {}


def _decimal(x: float) -> tuple[str, str]:
    # Goldstein scores and confidences take few distinct values: format each once.
    lit = _DECIMALS.get(x)
    if lit is None:
        lit = O.decimal_literal(x)
        if len(_DECIMALS) < 100_000:
            _DECIMALS[x] = lit
    return lit


class Counter:
    """What a run of :func:`statements` wrote, and which actors it referred to."""

    def __init__(self) -> None:
        self.events = self.mentions = self.articles = self.actors = self.statements = 0
        self.actor_ids: set[str] = set()

    def as_dict(self) -> dict[str, int]:
        return {"events": self.events, "mentions": self.mentions, "articles": self.articles, "actors": self.actors,
                "statements": self.statements}


def event_core(out: list, r: tuple, g: str | None, actor_ids: set) -> None:
    """What any article reporting the event says (event core columns of :mod:`geokg.export.source`)."""
    eid, cameo, quad, gold, plover, d, prec, dstart, dend, src, tgt = r[:N_CORE]
    s = _event_iri(eid)
    out += [(s, RDF_TYPE, O.SEM_EVENT, g), (s, O.SEM_EVENT_TYPE, _cameo_iri(cameo), g),
            (s, O.GK_GOLDSTEIN, _decimal(gold), g), (s, O.GK_QUAD_CLASS, (str(quad), _INT), g),
            (s, O.GK_PLOVER, (plover, None), g)]
    if d:
        out += [(s, O.SEM_TIMESTAMP, (d, _PREC[prec]), g), (s, O.SEM_EARLIEST_BEGIN, (dstart, O.XSD_DATE), g),
                (s, O.SEM_LATEST_END, (dend, O.XSD_DATE), g)]
    if src is not None:
        a = _actor_iri(src)
        out += [(s, O.GK_SOURCE, a, g), (s, O.SEM_HAS_ACTOR, a, g)]
        actor_ids.add(src)
    if tgt is not None:
        a = _actor_iri(tgt)
        out += [(s, O.GK_TARGET, a, g), (s, O.SEM_HAS_ACTOR, a, g)]
        actor_ids.add(tgt)


def event_summary(out: list, r: tuple, g: str | None) -> None:
    """What is decided from all of an event's mentions (event rows)."""
    s = _event_iri(r[0])
    out += [(s, O.GK_FACTUALITY, (r[11], None), g), (s, O.GK_MENTION_COUNT, (str(r[12]), _INT), g),
            (s, O.GK_SOURCE_COUNT, (str(r[13]), _INT), g)]
    if r[14]:
        out.append((s, O.GK_FIRST_SEEN, (r[14], O.XSD_DATETIME), g))
    if r[15]:
        out.append((s, O.GK_LAST_SEEN, (r[15], O.XSD_DATETIME), g))


def mention(out: list, r: tuple, g: str | None, actor_ids: set) -> None:
    """One article's report of an event: the evidence (mention rows)."""
    mid, eid, aid, text, start, end, conf, fact, sa, ta, cameo = r[:11]
    m = O.mention_iri(mid)
    out += [(m, RDF_TYPE, O.GK_MENTION, g), (m, O.GK_MENTION_OF, _event_iri(eid), g),
            (m, O.PROV_DERIVED, O.article_iri(aid), g), (m, O.PROV_VALUE, (text, None), g),
            (m, O.GK_START, (str(start), _INT), g), (m, O.GK_END, (str(end), _INT), g),
            (m, O.GK_CONFIDENCE, _decimal(conf), g), (m, O.GK_FACTUALITY, (fact, None), g),
            (m, O.GK_CAMEO, _cameo_iri(cameo), g)]
    if sa is not None:
        out.append((m, O.GK_SOURCE_ACTOR, _actor_iri(sa), g))
        actor_ids.add(sa)
    if ta is not None:
        out.append((m, O.GK_TARGET_ACTOR, _actor_iri(ta), g))
        actor_ids.add(ta)


def published_literal(v: str) -> tuple[str, str | None]:
    """An article's publication date: ``xsd:date``, ``xsd:dateTime``, or the text as stored."""
    if _DATE_RE.match(v):
        return v, O.XSD_DATE
    if _DATETIME_RE.match(v):
        return v, O.XSD_DATETIME
    return v, None


def article(out: list, r: tuple, g: str | None) -> None:
    aid, url, title, published, lang, source = r
    a = O.article_iri(aid)
    out.append((a, RDF_TYPE, O.GK_ARTICLE, g))
    if title:
        out.append((a, O.DCT_TITLE, (title, None), g))
    if published:
        out.append((a, O.DCT_ISSUED, published_literal(published), g))
    if lang:
        out.append((a, O.DCT_LANGUAGE, (lang, None), g))
    if url:
        out.append((a, O.SCHEMA_URL, (url, O.XSD_ANYURI), g))
    if source:
        out.append((a, O.GK_INGESTED_FROM, (source, None), g))


def actor(out: list, r: tuple, g: str | None = None) -> None:
    aid, name, kind, country, wikidata, aliases, roles, provisional, sector = r
    a = _actor_iri(aid)
    out += [(a, RDF_TYPE, O.SEM_ACTOR, g), (a, RDF_TYPE, O.KIND_CLASS.get(kind, O.KIND_CLASS["other"]), g),
            (a, O.RDFS_LABEL, (name, None), g)]
    for al in aliases:
        out.append((a, O.SKOS_ALT_LABEL, (al, None), g))
    if country:
        out.append((a, O.GK_COUNTRY, (country, None), g))
    if sector:
        out.append((a, O.GK_SECTOR, (sector, None), g))
    if wikidata:
        out.append((a, O.OWL_SAME_AS, O.wikidata_iri(wikidata), g))
    if roles:
        out.append((a, O.GK_ROLES, (json.dumps(roles, ensure_ascii=False, separators=(",", ":")), O.RDF_JSON), g))
    if provisional:
        out.append((a, O.GK_PROVISIONAL, ("true", O.XSD_BOOLEAN), g))


def concepts() -> list[tuple]:
    """The CAMEO concept scheme, in the default graph."""
    return [(s, p, o, None) for s, p, o in O.cameo_triples()]


def statements(source: ExportSource, graphs: bool, counter: Counter | None = None,
               chunk: int = 1000) -> Iterator[list[tuple]]:
    """Batches of ``(s, p, o, g)`` statements for a selection (see the module doc for the layouts)."""
    c = counter if counter is not None else Counter()
    ids = c.actor_ids
    if graphs:
        for art, ments in source.articles_with_mentions():
            g = O.article_iri(art[0])
            out: list = []
            article(out, art, g)
            seen: set[str] = set()
            for m in ments:
                if m[1] not in seen:
                    seen.add(m[1])
                    event_core(out, m[11:], g, ids)
                mention(out, m, g, ids)
            c.articles += 1
            c.mentions += len(ments)
            c.statements += len(out)
            yield out
        for rows in iter_chunks(source.event_rows(), chunk):
            out = []
            for r in rows:
                event_summary(out, r, None)
                if r[9] is not None:
                    ids.add(r[9])
                if r[10] is not None:
                    ids.add(r[10])
            c.events += len(rows)
            c.statements += len(out)
            yield out
    else:
        for rows in iter_chunks(source.event_rows(), chunk):
            out = []
            for r in rows:
                event_core(out, r, None, ids)
                event_summary(out, r, None)
            c.events += len(rows)
            c.statements += len(out)
            yield out
        for rows in iter_chunks(source.mention_rows(), chunk):
            out = []
            for r in rows:
                mention(out, r, None, ids)
            c.mentions += len(rows)
            c.statements += len(out)
            yield out
        for rows in iter_chunks(source.article_rows(), chunk):
            out = []
            for r in rows:
                article(out, r, None)
            c.articles += len(rows)
            c.statements += len(out)
            yield out
    out = []
    for r in source.actor_rows(None if source.selection.everything else ids):
        actor(out, r)
        c.actors += 1
    out += concepts()
    c.statements += len(out)
    yield out
