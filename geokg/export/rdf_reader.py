"""Read a geokg RDF export back into the items a store ingests (``geokg ingest --format nq``).

:func:`read_events` yields :class:`~geokg.schema.models.Article` records (metadata only: the store
keeps no article text), :class:`~geokg.graph.base.StoredActor` records (names, aliases, dated
roles, sectors, Wikidata QIDs: the store takes them as authoritative), then one
:class:`~geokg.schema.models.Event` per mention. Ingesting them into an empty store gives back the
same articles, actors, events (same happening ids), mentions (same mention ids) and dyads; only the
ingest timestamps (``first_seen``/``last_seen``) are new.

Why the ids survive: the store derives a happening id from the event's source and target graph
nodes, CAMEO root and date, and a mention id from its article, offsets, CAMEO code and graph nodes
(:func:`~geokg.graph.base.happening_id`, :func:`~geokg.graph.base.mention_id`). Each mention is
rebuilt with its own article, offsets, code and named actors, and each named actor's ``country``
is set so that it folds into the event's node exactly as it did. The store takes an event's code,
Goldstein score, QuadClass and PLOVER category from its first mention, so each event's mentions come
with one of the event's own code first, carrying the event's values; an event's factuality and
counts are recomputed from its mentions, as on the first ingest.

Any RDF format pyoxigraph reads works (N-Quads, N-Triples, Turtle, TriG, JSON-LD, RDF/XML): the
reader keys on subjects and predicates, not on graphs.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from geokg.errors import InputError
from geokg.export import ontology as O

__all__ = ["read_events", "iter_quads", "FORMAT_BY_EXTENSION"]

#: file extension -> pyoxigraph RdfFormat attribute
FORMAT_BY_EXTENSION: dict[str, str] = {
    ".ttl": "TURTLE", ".turtle": "TURTLE", ".nt": "N_TRIPLES", ".ntriples": "N_TRIPLES", ".nq": "N_QUADS",
    ".nquads": "N_QUADS", ".trig": "TRIG", ".jsonld": "JSON_LD", ".json": "JSON_LD", ".rdf": "RDF_XML",
    ".owl": "RDF_XML", ".xml": "RDF_XML", ".n3": "N3",
}
_FORMAT_NAMES = {"ttl": "TURTLE", "turtle": "TURTLE", "nt": "N_TRIPLES", "ntriples": "N_TRIPLES",
                 "nq": "N_QUADS", "nquads": "N_QUADS", "trig": "TRIG", "jsonld": "JSON_LD", "rdfxml": "RDF_XML",
                 "xml": "RDF_XML", "n3": "N3"}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _ox_format(path: Path, fmt: str | None) -> Any:
    import pyoxigraph as ox

    if fmt:
        name = _FORMAT_NAMES.get(fmt.lower().replace("-", "").replace("_", ""))
        if name is None:
            raise InputError(f"unknown RDF format {fmt!r} (known: {', '.join(sorted(_FORMAT_NAMES))})")
    else:
        name = FORMAT_BY_EXTENSION.get(path.suffix.lower())
        if name is None:
            raise InputError(f"{path}: cannot tell the RDF format from the extension {path.suffix!r} "
                             f"(known: {', '.join(sorted(FORMAT_BY_EXTENSION))}); give the format")
    return getattr(ox.RdfFormat, name)


def iter_quads(path: str | os.PathLike[str], fmt: str | None = None) -> Iterator[Any]:
    """pyoxigraph quads of an RDF file; a missing, unreadable or malformed file raises :class:`InputError`."""
    import pyoxigraph as ox

    p = Path(path)
    rdf_format = _ox_format(p, fmt)
    if not p.is_file():
        raise InputError(f"{p}: no such file" if not p.exists() else f"{p}: not a file")
    try:
        f = open(p, "rb")
    except OSError as e:
        raise InputError(f"{p}: cannot read: {e.strerror or e}") from None
    with f:
        try:
            yield from ox.parse(f, format=rdf_format)
        except SyntaxError as e:
            raise InputError(f"{p}: not valid {rdf_format.name}: {' '.join(str(e).split())}") from None
        except (OSError, ValueError) as e:
            raise InputError(f"{p}: cannot read as {rdf_format.name}: {' '.join(str(e).split())}") from None


# predicate -> field name, per kind of subject; a value's converter is chosen by the field.
_EVENT = {O.SEM_EVENT_TYPE: "cameo", O.GK_GOLDSTEIN: "goldstein", O.GK_QUAD_CLASS: "quad_class",
          O.GK_PLOVER: "plover", O.SEM_TIMESTAMP: "date", O.GK_SOURCE: "source", O.GK_TARGET: "target"}
_MENTION = {O.GK_MENTION_OF: "event", O.PROV_DERIVED: "article", O.PROV_VALUE: "text", O.GK_START: "start",
            O.GK_END: "end", O.GK_CONFIDENCE: "confidence", O.GK_FACTUALITY: "factuality", O.GK_CAMEO: "cameo",
            O.GK_SOURCE_ACTOR: "source", O.GK_TARGET_ACTOR: "target"}
_ARTICLE = {O.DCT_TITLE: "title", O.DCT_ISSUED: "published", O.DCT_LANGUAGE: "lang", O.SCHEMA_URL: "url",
            O.GK_INGESTED_FROM: "ingested_from"}
_ACTOR = {O.RDF_TYPE: "kind", O.RDFS_LABEL: "name", O.SKOS_ALT_LABEL: "aliases", O.GK_COUNTRY: "country",
          O.OWL_SAME_AS: "wikidata", O.GK_ROLES: "roles", O.GK_PROVISIONAL: "provisional", O.GK_SECTOR: "sector"}
_IRI_FIELDS = {"cameo", "source", "target", "event", "article"}   # values are instance IRIs -> ids


def _collect(path: str | os.PathLike[str], fmt: str | None) -> tuple[dict, dict, dict, dict]:
    events: dict[str, dict] = {}
    mentions: dict[str, dict] = {}
    articles: dict[str, dict] = {}
    actors: dict[str, dict] = {}
    kinds = ((O.EVENT_NS, events, _EVENT), (O.MENTION_NS, mentions, _MENTION),
             (O.ARTICLE_NS, articles, _ARTICLE), (O.ACTOR_NS, actors, _ACTOR))
    local = O.local_id
    for q in iter_quads(path, fmt):
        s = q.subject.value
        for ns, table, fields in kinds:
            if s.startswith(ns):
                break
        else:
            continue
        sid = local(s)
        rec = table.get(sid)
        if rec is None:
            rec = table[sid] = {}
        p = q.predicate.value
        if p == O.RDF_TYPE and table is not actors:
            continue
        name = fields.get(p)
        if name is None:
            continue
        o = q.object
        v = o.value
        if name in _IRI_FIELDS:
            v = local(v)
        elif table is actors:
            if name == "kind":
                kind = O.CLASS_KIND.get(v)
                if kind is None:
                    continue      # sem:Actor itself
                v = kind
            elif name == "wikidata":
                if not v.startswith(O.WD):
                    continue
                v = v[len(O.WD):]
            elif name == "aliases":
                rec.setdefault("aliases", []).append(v)
                continue
            elif name == "roles":
                v = json.loads(v)
            elif name == "provisional":
                v = v in ("true", "1")
        elif name == "date":
            v = (v, O.DATATYPE_PRECISION.get(o.datatype.value))
        elif name in ("start", "end", "quad_class"):
            v = int(v)
        elif name in ("confidence", "goldstein"):
            v = float(v)
        rec[name] = v
    return events, mentions, articles, actors


def read_events(path: str | os.PathLike[str], fmt: str | None = None) -> Iterator[Any]:
    """Articles, actors and events (one per mention) of a geokg RDF export, ready for ``store.ingest``.

    Parameters
    ----------
    path:
        An RDF file written by ``geokg export`` (any RDF format; by extension unless *fmt* says).

    Raises
    ------
    InputError
        The file cannot be read or parsed, or a mention lacks its event, article, text or offsets.

    Examples
    --------
    >>> import os, tempfile
    >>> from geokg.graph import open_store
    >>> from geokg.export import export
    >>> d = tempfile.mkdtemp()
    >>> with open_store(os.path.join(d, "a.sqlite")) as a:
    ...     _ = export(a, "nq", os.path.join(d, "a.nq"))
    >>> list(read_events(os.path.join(d, "a.nq")))[-1:]  # only the CAMEO scheme: nothing to ingest
    []
    """
    from geokg.graph.base import StoredActor
    from geokg.schema import codebook
    from geokg.schema.models import Actor, Article, Event, Evidence

    events, mentions, articles, actors = _collect(path, fmt)

    for aid, a in articles.items():
        pub = a.get("published")
        yield Article(id=aid, text="", title=a.get("title"), url=a.get("url"),
                      published=date.fromisoformat(pub) if pub and _DATE_RE.match(pub) else None,
                      lang=a.get("lang"), source=a.get("ingested_from"))
    for aid, a in actors.items():
        if a.get("provisional"):
            continue      # the store makes it again from the persons acting for it
        yield StoredActor(id=aid, name=a.get("name") or aid, kind=a.get("kind") or "other", country=a.get("country"),
                          wikidata=a.get("wikidata"), aliases=a.get("aliases", []), roles=a.get("roles", []),
                          sector=a.get("sector"))

    by_event: dict[str, list[tuple[str, dict]]] = {}
    for mid, m in mentions.items():
        for need in ("event", "article", "text", "start", "end"):
            if need not in m:
                raise InputError(f"{path}: mention {mid} has no {need}")
        by_event.setdefault(m["event"], []).append((mid, m))

    cache: dict[tuple[str, str | None], Actor] = {}

    def actor(aid: str | None, node: str | None) -> Actor | None:
        if aid is None:
            return None
        a = cache.get((aid, node))
        if a is None:
            row = actors.get(aid, {})
            kind = row.get("kind") or ("state" if node == aid else "person")
            country = row.get("country")
            if kind in ("person", "other"):
                # Fold into the event's node exactly as on the first ingest.
                country = None if node == aid or node is None else node
            a = cache[(aid, node)] = Actor(id=aid, name=row.get("name") or aid, kind=kind, country=country,
                                           wikidata=row.get("wikidata"), sector=row.get("sector"))
        return a

    for eid, ments in by_event.items():
        ev = events.get(eid)
        if ev is None or "cameo" not in ev:
            raise InputError(f"{path}: event {eid} (reported by mention {ments[0][0]}) is not described")
        cameo = ev["cameo"]
        d, prec = ev.get("date", (None, None))
        ments.sort(key=lambda im: (im[1].get("cameo", cameo) != cameo, im[1]["article"], im[1]["start"], im[0]))
        for mid, m in ments:
            mcameo = m.get("cameo", cameo)
            if mcameo == cameo:
                quad, gold, plover = ev.get("quad_class"), ev.get("goldstein"), ev.get("plover")
            else:
                entry = codebook.get(mcameo)
                quad, gold, plover = ((entry.quad_class, entry.goldstein, entry.plover) if entry else
                                      (ev.get("quad_class"), ev.get("goldstein"), ev.get("plover")))
            art = articles.get(m["article"], {})
            yield Event(
                article_id=m["article"], date=d, date_precision=prec, cameo=mcameo, quad_class=quad,
                goldstein=gold, plover=plover, source=actor(m.get("source"), ev.get("source")),
                target=actor(m.get("target"), ev.get("target")), factuality=m.get("factuality", "asserted"),
                evidence=Evidence(text=m["text"], start=m["start"], end=m["end"]),
                confidence=m.get("confidence", 1.0), lang=art.get("lang"), published=art.get("published"),
                url=art.get("url"), title=art.get("title"))
