"""What an export reads from a store: selected events, their mentions, articles and actors, as rows.

Exporters never see a store: they read an :class:`ExportSource`, which streams plain tuples (the
column orders below) so that writers stay flat in memory on millions of events.

* :class:`SQLiteSource` reads the embedded store's tables through its ``connection``: every row the
  store holds, in stable order (events by ingest order, mentions and articles by article id).
* :class:`Neo4jSource` reads the Neo4j store's graph in Cypher, as losslessly.
* :class:`StoreSource` uses only the public :class:`~geokg.graph.base.GraphStore` interface (events,
  mentions, actors), so it works on any other store. That interface does not expose a mention's
  own CAMEO code, factuality or named actors, nor an article's language and file: those take the
  event's values (and are left out), so this export is complete for analysis but not a lossless
  copy. It also holds the selection in memory.

Selection (:class:`Selection`): ``since``/``until`` keep events whose date interval (at its
precision) overlaps the bounds, as :class:`~geokg.graph.base.EventFilter` does (undated events never
match a bound); ``actors`` keeps events with any of the actors as source or target, or named in a
mention (so a person's id selects the events it was reported in).
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from geokg.errors import InputError

__all__ = ["Selection", "ExportSource", "SQLiteSource", "Neo4jSource", "StoreSource", "source_for",
           "EVENT_COLUMNS", "MENTION_COLUMNS", "ARTICLE_COLUMNS", "ACTOR_COLUMNS"]

#: Event rows; the first 11 columns are the event's "core" (what any article reporting it says).
EVENT_COLUMNS = ("id", "cameo", "quad_class", "goldstein", "plover", "date", "date_precision", "date_start",
                 "date_end", "source", "target", "factuality", "mention_count", "source_count", "first_seen",
                 "last_seen")
N_CORE = 11
#: Mention rows (``mention_rows(with_event=True)`` appends the event's 11 core columns).
MENTION_COLUMNS = ("id", "event_id", "article_id", "evidence", "start", "end", "confidence", "factuality",
                   "source_actor", "target_actor", "cameo")
ARTICLE_COLUMNS = ("id", "url", "title", "published", "lang", "source")
#: ``aliases`` and ``roles`` are lists; ``provisional`` is a bool; ``sector`` a CAMEO sector code or None.
ACTOR_COLUMNS = ("id", "name", "kind", "country", "wikidata", "aliases", "roles", "provisional", "sector")


@dataclass(frozen=True)
class Selection:
    """Which events to export (None: no bound)."""

    since: date | None = None
    until: date | None = None
    actors: tuple[str, ...] | None = None

    @property
    def everything(self) -> bool:
        return self.since is None and self.until is None and not self.actors

    @classmethod
    def of(cls, since: Any = None, until: Any = None, actors: Any = None) -> "Selection":
        def day(v: Any, name: str) -> date | None:
            if v is None or isinstance(v, date):
                return v
            try:
                return date.fromisoformat(str(v))
            except ValueError:
                raise InputError(f"{name} must be a date like 2023-08-01, got {v!r}") from None
        if isinstance(actors, str):
            actors = [a for a in actors.split(",")]
        acts = tuple(a.strip() for a in actors if a and a.strip()) if actors else None
        return cls(day(since, "since"), day(until, "until"), acts or None)


def day_bounds(d: str | None) -> tuple[str | None, str | None]:
    """First and last ISO day of a date at its precision (``"2024-02"`` -> 2024-02-01..2024-02-29)."""
    if not d:
        return None, None
    if len(d) == 7:
        return f"{d}-01", f"{d}-{calendar.monthrange(int(d[:4]), int(d[5:7]))[1]:02d}"
    if len(d) == 4:
        return f"{d}-01-01", f"{d}-12-31"
    return d, d


class ExportSource:
    """Rows of one selection of a store; see the module doc for what each method yields."""

    selection: Selection
    lossless: bool = True

    def event_rows(self) -> Iterator[tuple]:
        """Selected events (:data:`EVENT_COLUMNS`)."""
        raise NotImplementedError

    def mention_rows(self, with_event: bool = False) -> Iterator[tuple]:
        """Mentions of the selected events, ordered by article id (:data:`MENTION_COLUMNS`)."""
        raise NotImplementedError

    def article_rows(self) -> Iterator[tuple]:
        """Articles, ordered by id: all of them, or those with a selected mention when filtered."""
        raise NotImplementedError

    def actor_rows(self, ids: set[str] | None = None) -> Iterator[tuple]:
        """Actors (:data:`ACTOR_COLUMNS`) by id; all of them when *ids* is None."""
        raise NotImplementedError

    def articles_with_mentions(self) -> Iterator[tuple[tuple, list[tuple]]]:
        """(article row, its mention rows with the event core) in article order."""
        ments = self.mention_rows(with_event=True)
        pending = next(ments, None)
        for art in self.article_rows():
            aid = art[0]
            group = []
            while pending is not None and pending[2] == aid:
                group.append(pending)
                pending = next(ments, None)
            if group or self.selection.everything:
                yield art, group
        # Mentions whose article row is missing (a foreign key says this cannot happen): keep them.
        while pending is not None:
            aid = pending[2]
            group = []
            while pending is not None and pending[2] == aid:
                group.append(pending)
                pending = next(ments, None)
            yield (aid, None, None, None, None, None), group


class SQLiteSource(ExportSource):
    """Streams the embedded store's tables (see :mod:`geokg.graph.sqlite_store` for the schema)."""

    def __init__(self, store: Any, selection: Selection) -> None:
        self.conn = store.connection
        self.selection = selection
        self._where, self._params = self._event_where(selection)

    def _event_where(self, sel: Selection) -> tuple[str, list]:
        where, params = [], []
        if sel.since is not None:
            where.append("e.date_end >= ?")
            params.append(sel.since.isoformat())
        if sel.until is not None:
            where.append("e.date_start <= ?")
            params.append(sel.until.isoformat())
        if sel.actors:
            ids = list(sel.actors)
            known = {r[0] for r in self.conn.execute(
                f"SELECT id FROM actors WHERE id IN ({','.join('?' * len(ids))})", ids)}
            unknown = [a for a in ids if a not in known]
            if unknown:
                raise InputError(f"unknown actor id(s): {', '.join(unknown)} (see `geokg query` or the store's actors)")
            q = ",".join("?" * len(ids))
            where.append(f"(e.source IN ({q}) OR e.target IN ({q}) OR e.id IN (SELECT event_id FROM mentions"
                         f" WHERE source_actor IN ({q}) OR target_actor IN ({q})))")
            params += ids * 4
        return (" WHERE " + " AND ".join(where)) if where else "", params

    def event_rows(self) -> Iterator[tuple]:
        cols = ", ".join(f"e.{c}" for c in EVENT_COLUMNS)
        yield from self.conn.execute(f"SELECT {cols} FROM events e{self._where} ORDER BY e.rowid", self._params)

    def mention_rows(self, with_event: bool = False) -> Iterator[tuple]:
        cols = ", ".join(f'm."{c}"' for c in MENTION_COLUMNS)
        if with_event:
            cols += ", " + ", ".join(f"e.{c}" for c in EVENT_COLUMNS[:N_CORE])
        if with_event or self._where:
            sql = f"SELECT {cols} FROM mentions m JOIN events e ON e.id = m.event_id{self._where}"
        else:
            sql = f"SELECT {cols} FROM mentions m"
        yield from self.conn.execute(sql + " ORDER BY m.article_id, m.id", self._params)

    def article_rows(self) -> Iterator[tuple]:
        cols = ", ".join(ARTICLE_COLUMNS)
        if self.selection.everything:
            yield from self.conn.execute(f"SELECT {cols} FROM articles ORDER BY id")
        else:
            yield from self.conn.execute(
                f"SELECT {cols} FROM articles WHERE id IN (SELECT m.article_id FROM mentions m JOIN events e"
                f" ON e.id = m.event_id{self._where}) ORDER BY id", self._params)

    def actor_rows(self, ids: set[str] | None = None) -> Iterator[tuple]:
        for r in self.conn.execute(f"SELECT {', '.join(ACTOR_COLUMNS)} FROM actors ORDER BY id"):
            if ids is None or r[0] in ids:
                yield (r[0], r[1], r[2], r[3], r[4], json.loads(r[5] or "[]"), json.loads(r[6] or "[]"), bool(r[7]),
                       r[8])


class StoreSource(ExportSource):
    """Any :class:`~geokg.graph.base.GraphStore`, through its public methods only (see the module doc)."""

    lossless = False

    def __init__(self, store: Any, selection: Selection) -> None:
        from geokg.graph.base import EventFilter

        self.store = store
        self.selection = selection
        base = {"since": selection.since, "until": selection.until}
        if selection.actors:
            known = {a.id for a in store.actors()}
            unknown = [a for a in selection.actors if a not in known]
            if unknown:
                raise InputError(f"unknown actor id(s): {', '.join(unknown)}")
            found: dict[str, Any] = {}
            for a in selection.actors:
                for e in store.events(EventFilter(actor=a, **base)):
                    found[e.id] = e
            events = list(found.values())
        else:
            events = store.events(EventFilter(**base))
        self._events = events
        self._mentions: dict[str, list] | None = None

    def event_rows(self) -> Iterator[tuple]:
        for e in self._events:
            ds, de = day_bounds(e.date)
            yield (e.id, e.cameo, e.quad_class, e.goldstein, e.plover, e.date, e.date_precision, ds, de, e.source,
                   e.target, e.factuality, e.mention_count, e.source_count, e.first_seen.isoformat(),
                   e.last_seen.isoformat())

    def _by_article(self) -> dict[str, list]:
        from geokg.schema.models import stable_id

        if self._mentions is None:
            by_art: dict[str, list] = {}
            self._articles: dict[str, tuple] = {}
            for row in self.event_rows():
                core = row[:N_CORE]
                eid, cameo, src, tgt = row[0], row[1], row[9], row[10]
                for m in self.store.mentions(eid):
                    ev = m.evidence
                    mid = stable_id("mn", m.article_id, ev.start, ev.end, cameo, src, tgt)
                    by_art.setdefault(m.article_id, []).append(
                        (mid, eid, m.article_id, ev.text, ev.start, ev.end, m.confidence, row[11], src, tgt, cameo)
                        + core)
                    self._articles.setdefault(m.article_id, (
                        m.article_id, m.url, m.title, m.published.isoformat() if m.published else None, None, None))
            self._mentions = {k: sorted(v, key=lambda r: (r[4], r[0])) for k, v in sorted(by_art.items())}
        return self._mentions

    def mention_rows(self, with_event: bool = False) -> Iterator[tuple]:
        for rows in self._by_article().values():
            for r in rows:
                yield r if with_event else r[:len(MENTION_COLUMNS)]

    def article_rows(self) -> Iterator[tuple]:
        self._by_article()
        for aid in sorted(self._articles):
            yield self._articles[aid]

    def actor_rows(self, ids: set[str] | None = None) -> Iterator[tuple]:
        for a in self.store.actors():
            if ids is None or a.id in ids:
                yield (a.id, a.name, a.kind, a.country, a.wikidata, list(a.aliases), list(a.roles), False, a.sector)


def _iso(v: Any) -> Any:
    """A value read from Neo4j as the embedded store keeps it: dates as ISO text, times in milliseconds."""
    if v is None:
        return None
    if hasattr(v, "to_native"):
        v = v.to_native()
    if hasattr(v, "hour"):
        return v.isoformat(timespec="milliseconds")
    return v.isoformat() if hasattr(v, "isoformat") else v


class Neo4jSource(ExportSource):
    """Reads the Neo4j store's graph (see :mod:`geokg.graph.neo4j_store` for the model) in Cypher.

    Lossless like :class:`SQLiteSource`: a mention keeps its own CAMEO code, factuality and actors
    as extracted (``gk:sourceActor`` is the person, not the state it folds into), articles their
    language and file, actors their provisional mark, so that both stores export the same graph.
    Events come by id (the graph keeps no order of first sight); mentions and articles by article id.
    """

    _EVENT = ("e.id, e.cameo, e.quad_class, e.goldstein, e.plover, e.date, e.date_precision, e.date_start,"
              " e.date_end, e.source, e.target")
    _SUMMARY = ", e.factuality, e.mention_count, e.source_count, e.first_seen, e.last_seen"
    _MENTION = ("m.id, e.id, a.id, m.text, m.start, m.end, m.confidence, m.factuality, m.source_actor,"
                " m.target_actor, m.cameo")

    def __init__(self, store: Any, selection: Selection) -> None:
        self.store = store
        self.selection = selection
        where, params = [], {}
        if selection.since is not None:
            where.append("e.date_end >= $since")
            params["since"] = selection.since
        if selection.until is not None:
            where.append("e.date_start <= $until")
            params["until"] = selection.until
        if selection.actors:
            ids = list(selection.actors)
            known = {r["id"] for r in store.read("MATCH (a:Actor) WHERE a.id IN $ids RETURN a.id AS id", ids=ids)}
            unknown = [a for a in ids if a not in known]
            if unknown:
                raise InputError(f"unknown actor id(s): {', '.join(unknown)} (see `geokg query` or the store's actors)")
            where.append("(e.source IN $actors OR e.target IN $actors OR EXISTS { MATCH (:Article)-[n:MENTIONS]->(e)"
                         " WHERE n.source_actor IN $actors OR n.target_actor IN $actors })")
            params["actors"] = ids
        self._where = (" WHERE " + " AND ".join(where)) if where else ""
        self._params = params

    def _rows(self, match: str, cols: str, order: str) -> Iterator[tuple]:
        # Columns by position (c0, c1, ...): the same expression may be asked twice (e.id).
        ret = ", ".join(f"{c.strip()} AS c{i}" for i, c in enumerate(cols.split(",")))
        for r in self.store.read(f"{match} RETURN {ret} ORDER BY {order}", **self._params):
            yield tuple(_iso(v) for v in r.values())

    def event_rows(self) -> Iterator[tuple]:
        yield from self._rows(f"MATCH (e:Event){self._where}", self._EVENT + self._SUMMARY, "c0")

    def mention_rows(self, with_event: bool = False) -> Iterator[tuple]:
        cols = self._MENTION + (", " + self._EVENT if with_event else "")
        yield from self._rows(f"MATCH (a:Article)-[m:MENTIONS]->(e:Event){self._where}", cols, "c2, c0")

    def article_rows(self) -> Iterator[tuple]:
        cols = "a.id, a.url, a.title, a.published, a.lang, a.source"
        if self.selection.everything:
            yield from self._rows("MATCH (a:Article)", cols, "c0")
        else:
            yield from self._rows(f"MATCH (a:Article)-[:MENTIONS]->(e:Event){self._where} WITH DISTINCT a", cols, "c0")

    def actor_rows(self, ids: set[str] | None = None) -> Iterator[tuple]:
        for r in self.store.read("MATCH (a:Actor) RETURN a.id AS id, a.name AS name, a.kind AS kind,"
                                 " a.country AS country, a.wikidata AS wikidata, a.aliases AS aliases,"
                                 " a.roles AS roles, a.provisional AS provisional, a.sector AS sector ORDER BY a.id"):
            if ids is None or r["id"] in ids:
                yield (r["id"], r["name"], r["kind"], r["country"], r["wikidata"], list(r["aliases"] or []),
                       json.loads(r["roles"] or "[]"), bool(r["provisional"]), r["sector"])


def source_for(store: Any, selection: Selection | None = None) -> ExportSource:
    """The best source for a store: direct SQL for the embedded store, Cypher for Neo4j, else the
    public interface."""
    selection = selection or Selection()
    from geokg.graph.sqlite_store import SQLiteStore

    if isinstance(store, SQLiteStore):
        return SQLiteSource(store, selection)
    if type(store).__name__ == "Neo4jStore" and hasattr(store, "read"):
        # By name: importing geokg.graph.neo4j_store would import the neo4j driver for every export.
        return Neo4jSource(store, selection)
    return StoreSource(store, selection)


def iter_chunks(it: Iterable[Any], n: int) -> Iterator[list]:
    """Lists of up to *n* items."""
    chunk: list = []
    for x in it:
        chunk.append(x)
        if len(chunk) >= n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
